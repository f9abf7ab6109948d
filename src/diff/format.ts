// Diff output: JSON (the contract in docs/design.md), plain text for a terminal, Markdown for a
// pull-request comment. Human formats list grants first: new access is what a reviewer must see.
import { statementRef } from '../policy/index.js';
import { escapeMarkdown, markdownCode, neutralise } from '../escape/index.js';
import type { StatementRef } from '../policy/index.js';
import { witnessText } from '../analysis/index.js';
import {
  isGrant,
  isRevocation,
  type CellChange,
  type ClassChange,
  type DiffResult,
  type FindingChange,
} from './model.js';

const classGrants = (r: DiffResult): ClassChange[] => r.classes.filter((c) => c.change === 'grant');
const classRevocations = (r: DiffResult): ClassChange[] => r.classes.filter((c) => c.change === 'revocation');

export type DiffFormat = 'text' | 'md' | 'json';

/** `{"changes":[...],"classes":[...],"findings":{"added":[...],"removed":[...]}}`, exactly. */
export function diffJson(result: DiffResult): object {
  return {
    changes: result.changes.map((c) => ({
      role: c.role,
      principal: c.principal,
      api: c.api,
      method: c.method,
      path: c.path,
      before: c.before,
      after: c.after,
      statements: c.statements.map((s) => ({
        policy: s.policy,
        index: s.index,
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
      })),
    })),
    classes: result.classes.map((c) => ({
      change: c.change,
      before: c.before,
      after: c.after,
      api: c.api,
      description: c.description,
      constraints: c.constraints,
      statements: c.statements.map((s) => ({
        policy: s.policy,
        index: s.index,
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
      })),
      witness: c.witness,
    })),
    findings: {
      added: result.findings.added.map(findingJson),
      removed: result.findings.removed.map(findingJson),
    },
  };
}

function findingJson(f: FindingChange): object {
  return {
    policy: f.policy,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.statement ? { statement: f.statement } : {}),
  };
}

export function formatDiff(result: DiffResult, format: DiffFormat): string {
  if (format === 'json') return JSON.stringify(diffJson(result), null, 2);
  // Text goes to a terminal: names and Sids from the input cannot restyle it or reorder it.
  return format === 'md' ? diffMarkdown(result) : neutralise(diffText(result));
}

function ref(s: StatementRef): string {
  return `${s.policy}[${s.index}]${s.sid ? ` ${s.sid}` : ''}`;
}

const LAYER_WORD = {
  endpoint: 'endpoint policy',
  resource: 'resource policy',
  identity: 'identity policies',
  session: 'session policies',
} as const;

/**
 * Why the cell now has its outcome, in one phrase. `refs` formats statement references and
 * `prose` the reasons carried from the input (they quote role names and file names, so Markdown
 * must escape them).
 */
export function why(
  c: CellChange,
  refs: (s: StatementRef[]) => string = (s) => s.map(ref).join(', '),
  prose: (s: string) => string = (s) => s,
): string {
  if (c.after === 'unknown')
    return `unknown: ${prose(c.afterReason ?? 'the decision could not be established')}`;
  if (c.after === 'allow')
    return c.statements.length ? `allowed by ${refs(c.statements)}` : 'allowed (no layer restricts it)';
  if (c.afterReason) return prose(c.afterReason);
  const layer = c.afterLayer ? LAYER_WORD[c.afterLayer] : 'policies';
  if (c.afterDetail === 'ExplicitDeny') return `explicit deny in the ${layer}: ${refs(c.statements)}`;
  return c.afterLayer === 'identity'
    ? 'no identity policy allows it'
    : `no statement in the ${layer} allows it`;
}

function summary(result: DiffResult): { grants: CellChange[]; revocations: CellChange[] } {
  return { grants: result.changes.filter(isGrant), revocations: result.changes.filter(isRevocation) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function scope(result: DiffResult): string {
  const { roles, apis, probes } = result.counts;
  const product = roles * apis * probes === result.cells;
  const parts = [plural(roles, 'role'), plural(apis, 'API'), plural(probes, product ? 'probe' : 'request')];
  return `${plural(result.cells, 'cell')} (${parts.join(product ? ' × ' : ', ')})`;
}

export function diffText(result: DiffResult): string {
  const { grants, revocations } = summary(result);
  const { added, removed } = result.findings;
  const lines: string[] = [];
  lines.push(`spokegate diff: ${result.label}`);
  lines.push(
    `${scope(result)} compared: ${plural(grants.length, 'grant')}, ${plural(revocations.length, 'revocation')}; ` +
      `lint: ${added.length} added, ${removed.length} removed`,
  );
  const row = (sign: string, c: CellChange): string =>
    `  ${sign} ${c.role} -> ${c.api} ${c.method} ${c.path}: ${why(c)}`;
  const classRow = (sign: string, c: ClassChange): string[] => [
    `  ${sign} ${c.api}: ${c.description}`,
    `      ${c.change === 'grant' ? 'allowed by' : 'now decided by'} ${c.statements.map(ref).join(', ') || 'no statement (implicit deny)'}`,
    `      witness: ${witnessText(c.witness)}`,
  ];
  const cg = classGrants(result);
  const cr = classRevocations(result);
  if (cg.length) {
    lines.push('', 'New access by class, every principal (deny -> allow):');
    for (const c of cg) lines.push(...classRow('+', c));
  }
  if (cr.length) {
    lines.push('', 'Access removed by class, every principal (allow -> deny):');
    for (const c of cr) lines.push(...classRow('-', c));
  }
  if (grants.length) {
    lines.push('', 'New access (deny -> allow):');
    for (const c of grants) lines.push(row('+', c));
  }
  if (revocations.length) {
    lines.push('', 'Access removed (allow -> deny):');
    for (const c of revocations) lines.push(row('-', c));
  }
  const findingLine = (f: FindingChange): string =>
    `  ${f.severity.padEnd(7)} ${f.rule} ${f.statement ? ref(f.statement) : f.policy}: ${f.message}`;
  if (added.length) {
    lines.push('', 'Lint findings added:');
    for (const f of added) lines.push(findingLine(f));
  }
  if (removed.length) {
    lines.push('', 'Lint findings removed:');
    for (const f of removed) lines.push(findingLine(f));
  }
  if (!result.changes.length) lines.push('', 'No cell changes its decision.');
  if (result.notes.length) {
    lines.push('', 'Notes:');
    for (const n of result.notes) lines.push(`  ${n}`);
  }
  return lines.join('\n');
}

// The one Markdown escaper (src/escape): a cell, a code span.
const md = escapeMarkdown;
const code = markdownCode;

/** `endpoint:hub[2] (Sid "X")` as a code span: nothing in it pings, links or breaks the table. */
function mdRef(s: StatementRef): string {
  return code(statementRef(s));
}

export function diffMarkdown(result: DiffResult): string {
  const { grants, revocations } = summary(result);
  const { added, removed } = result.findings;
  const out: string[] = [];
  out.push('### spokegate: access changes', '');
  out.push(`Compared ${scope(result)} for ${code(result.label)}.`, '');
  out.push(
    `**${plural(grants.length, 'grant')}** (deny → allow) · **${plural(revocations.length, 'revocation')}** (allow → deny) · ` +
      `lint: ${added.length} new, ${removed.length} resolved`,
  );
  if (result.classes.length)
    out.push(
      '',
      `Over every principal: **${plural(classGrants(result).length, 'class', 'classes')} of requests gain access**, ${plural(classRevocations(result).length, 'class', 'classes')} lose it.`,
    );
  const table = (rows: CellChange[], title: string, col: string): void => {
    out.push('', `#### ${title}`, '', `| Role | API | Request | ${col} |`, '|---|---|---|---|');
    for (const c of rows) {
      out.push(
        `| ${md(c.role)} | ${md(c.api)} | ${code(`${c.method} ${c.path}`)} | ${why(c, (s) => s.map(mdRef).join(', '), md)} |`,
      );
    }
  };
  const classTable = (rows: ClassChange[], title: string, col: string): void => {
    out.push('', `#### ${title}`, '', `| API | Who and what | ${col} | Witness |`, '|---|---|---|---|');
    for (const c of rows)
      out.push(
        `| ${md(c.api)} | ${md(c.description)} | ${c.statements.map(mdRef).join(', ') || 'implicit deny'} | ${md(witnessText(c.witness))} |`,
      );
  };
  const cg = classGrants(result);
  const cr = classRevocations(result);
  if (cg.length)
    classTable(cg, '⚠️ New access by class (every principal, not only the configured roles)', 'Allowed by');
  if (grants.length) table(grants, '⚠️ New access', 'Allowed by');
  if (revocations.length) table(revocations, 'Access removed', 'Denied by');
  if (cr.length) classTable(cr, 'Access removed by class', 'Decided by');
  if (!result.changes.length) out.push('', 'No cell changes its decision.');
  if (added.length || removed.length) {
    out.push('', '#### Lint findings', '');
    const item = (f: FindingChange): string =>
      `- **${f.severity}** ${code(f.rule)} ${f.statement ? mdRef(f.statement) : code(f.policy)}: ${md(f.message)}`;
    if (added.length) out.push('New:', '', ...added.map(item), '');
    if (removed.length) out.push('Resolved:', '', ...removed.map(item), '');
  }
  if (result.notes.length) {
    out.push(
      '',
      '<details><summary>Notes</summary>',
      '',
      ...result.notes.map((n) => `- ${md(n)}`),
      '',
      '</details>',
    );
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
