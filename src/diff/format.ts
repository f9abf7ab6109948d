// Diff output: JSON (the contract in docs/design.md), plain text for a terminal, Markdown for a
// pull-request comment. Human formats list grants first: new access is what a reviewer must see.
import { sidShown, statementRef } from '../policy/index.js';
import * as esc from '../escape/index.js';
import type { StatementRef } from '../policy/index.js';
import { witnessText } from '../analysis/index.js';
import {
  isGrant,
  isUnsure,
  type CellChange,
  type ClassChange,
  type DiffResult,
  type FindingChange,
} from './model.js';

const classGrants = (r: DiffResult): ClassChange[] =>
  r.classes.filter((c) => c.change === 'grant' && c.after !== 'unknown');
/** Classes whose access may be new: unknown now (an authorizer decides, an unstated fact). */
const classUnsure = (r: DiffResult): ClassChange[] =>
  r.classes.filter((c) => c.change === 'grant' && c.after === 'unknown');
const classRevocations = (r: DiffResult): ClassChange[] =>
  r.classes.filter((c) => c.change === 'revocation' && c.before !== 'unknown');
/** Classes whose access may be lost: unknown before, denied or unknown (some reading loses) now. */
const classMayBeLost = (r: DiffResult): ClassChange[] =>
  r.classes.filter((c) => c.change === 'revocation' && c.before === 'unknown');

export type DiffFormat = 'text' | 'md' | 'json';

/** ` through ENDPOINT` after an API when more than one endpoint was compared, else nothing. */
const throughWords =
  (result: DiffResult) =>
  (c: { endpoint: string }): string =>
    result.endpoints.length > 1 ? ` through ${c.endpoint}` : '';

/** `{"changes":[...],"classes":[...],"findings":{"added":[...],"removed":[...]}}`, exactly. */
export function diffJson(result: DiffResult): object {
  return {
    changes: result.changes.map((c) => ({
      endpoint: c.endpoint,
      role: c.role,
      principal: c.principal,
      api: c.api,
      method: c.method,
      path: c.path,
      before: c.before,
      after: c.after,
      statements: c.statements.map(statementJson),
      // Why a side is unknown: what spokegate could not establish, and the setting to add.
      ...(isUnsure(c) ? { unknown: unknownReasons(c) } : {}),
      ...(c.unknownChange ? { unknownChange: c.unknownChange } : {}),
    })),
    classes: result.classes.map((c) => ({
      change: c.change,
      endpoint: c.endpoint,
      before: c.before,
      after: c.after,
      api: c.api,
      description: c.description,
      constraints: c.constraints,
      statements: c.statements.map(statementJson),
      witness: c.witness,
      stages: c.stages,
      ...(c.anyStage ? { anyStage: true } : {}),
    })),
    findings: {
      added: result.findings.added.map(findingJson),
      removed: result.findings.removed.map(findingJson),
    },
  };
}

/** Why each unknown side of a change is unknown. */
function unknownReasons(c: CellChange): { before?: string; after?: string } {
  const fallback = 'the decision could not be established';
  return {
    ...(c.before === 'unknown' ? { before: c.beforeReason ?? fallback } : {}),
    ...(c.after === 'unknown' ? { after: c.afterReason ?? fallback } : {}),
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
  if (format === 'json') return esc.jsonText(diffJson(result));
  // Text goes to a terminal: names and Sids from the input cannot restyle it or reorder it.
  return format === 'md' ? diffMarkdown(result) : esc.neutralise(diffText(result));
}

// The Sid cut as every statement name is (statement-ref.ts: a Sid of 19,000 characters was printed
// whole on each class's "allowed by" line, attack run 18).
function ref(s: StatementRef): string {
  return `${s.policy}[${s.index}]${s.sid ? ` ${sidShown(s.sid)}` : ''}`;
}

const LAYER_WORD = {
  endpoint: 'endpoint policy',
  resource: 'resource policy',
  identity: 'identity policies',
  session: 'session policies',
  boundary: 'permissions boundary',
  scp: 'service control policies',
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

/**
 * The cell changes by kind: definite grants (deny -> allow) and revocations (allow -> deny), and
 * the ones with `unknown` on a side, which are neither (`maybeNew`: those `--fail-on grant` still
 * fails on, as access that may be new).
 */
function summary(result: DiffResult): {
  grants: CellChange[];
  revocations: CellChange[];
  unsure: CellChange[];
  maybeNew: number;
} {
  const unsure = result.changes.filter(isUnsure);
  return {
    grants: result.changes.filter((c) => c.before === 'deny' && c.after === 'allow'),
    revocations: result.changes.filter((c) => c.before === 'allow' && c.after === 'deny'),
    unsure,
    maybeNew: unsure.filter(isGrant).length,
  };
}

/** `, 2 unknown (1 may be new access)`, or nothing. */
function unsureCount(unsure: CellChange[], maybeNew: number): string {
  return unsure.length ? `, ${unsure.length} unknown (${maybeNew} may be new access)` : '';
}

/** What the readings of a cell unknown on both sides say, as the classes word it. */
const UNKNOWN_CHANGE_WORDS = {
  'may-be-new': 'some reading allows it now where it did not before',
  'may-be-lost': 'some reading loses access, none gains',
} as const;

/** Why a side of an unsure change is what it is, in one phrase. */
function unsureWhy(c: CellChange, refs: (s: StatementRef[]) => string, prose: (s: string) => string): string {
  const parts = [`${c.before} -> ${c.after}`];
  if (c.before === 'unknown')
    parts.push(`before unknown: ${prose(c.beforeReason ?? 'the decision could not be established')}`);
  parts.push(c.after === 'unknown' ? why(c, refs, prose) : `now ${why(c, refs, prose)}`);
  if (c.unknownChange) parts.push(UNKNOWN_CHANGE_WORDS[c.unknownChange]);
  return parts.join('; ');
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
  const via = throughWords(result);
  const { grants, revocations, unsure, maybeNew } = summary(result);
  const { added, removed } = result.findings;
  const lines: string[] = [];
  lines.push(`spokegate diff: ${result.label}`);
  lines.push(
    `${scope(result)} compared: ${plural(grants.length, 'grant')}, ${plural(revocations.length, 'revocation')}${unsureCount(unsure, maybeNew)}; ` +
      `lint: ${added.length} added, ${removed.length} removed`,
  );
  const row = (sign: string, c: CellChange): string =>
    `  ${sign} ${c.role} -> ${c.api}${via(c)} ${c.method} ${c.path}: ${why(c)}`;
  const classRow = (sign: string, c: ClassChange): string[] => [
    `  ${sign} ${c.api}${via(c)}: ${c.description}`,
    c.after === 'unknown'
      ? `      now unknown (before: ${c.before}): spokegate cannot tell`
      : `      ${c.change === 'grant' ? 'allowed by' : 'now decided by'} ${c.statements.map(ref).join(', ') || 'no statement (implicit deny)'}`,
    `      witness: ${witnessText(c.witness)}`,
  ];
  const classRows = (sign: string) => (c: ClassChange) => classRow(sign, c);
  /** A titled block of lines, one or more an item; nothing when there are no items. */
  const section = <T>(title: string, items: readonly T[], render: (c: T) => string[]): void => {
    if (!items.length) return;
    lines.push('', title);
    for (const c of items) lines.push(...render(c));
  };
  const findingLine = (f: FindingChange): string[] => [
    `  ${f.severity.padEnd(7)} ${f.rule} ${f.statement ? ref(f.statement) : f.policy}: ${f.message}`,
  ];
  section('New access by class, every principal (deny -> allow):', classGrants(result), classRows('+'));
  section(
    'Access that may be new by class, every principal (now unknown):',
    classUnsure(result),
    classRows('?'),
  );
  section(
    'Access removed by class, every principal (allow -> deny):',
    classRevocations(result),
    classRows('-'),
  );
  section(
    'Access that may be lost by class, every principal (before unknown):',
    classMayBeLost(result),
    classRows('~'),
  );
  section('New access (deny -> allow):', grants, (c) => [row('+', c)]);
  section('Access removed (allow -> deny):', revocations, (c) => [row('-', c)]);
  section('Unknown on a side (spokegate cannot tell; deny -> unknown may be new access):', unsure, (c) => [
    `  ? ${c.role} -> ${c.api}${via(c)} ${c.method} ${c.path}: ${unsureWhy(
      c,
      (s) => s.map(ref).join(', '),
      (t) => t,
    )}`,
  ]);
  section('Lint findings added:', added, findingLine);
  section('Lint findings removed:', removed, findingLine);
  if (!result.changes.length) lines.push('', 'No cell changes its decision.');
  section('Notes:', result.notes, (n) => [`  ${n}`]);
  return lines.map(esc.oneLine).join('\n');
}

// The one Markdown escaper (src/escape): a cell, a code span.
const md = esc.escapeMarkdown;
const code = esc.markdownCode;

/** `endpoint:hub[2] (Sid "X")` as a code span: nothing in it pings, links or breaks the table. */
function mdRef(s: StatementRef): string {
  return code(statementRef(s));
}

/** The pull-request comment, cut to `budget` characters (most important rows first). */
export function diffMarkdown(result: DiffResult, budget: number = esc.COMMENT_BUDGET): string {
  const via = throughWords(result);
  const { grants, revocations, unsure, maybeNew } = summary(result);
  const { added, removed } = result.findings;
  const out: string[] = [];
  out.push('### spokegate: access changes', '');
  out.push(`Compared ${scope(result)} for ${code(result.label)}.`, '');
  out.push(
    `**${plural(grants.length, 'grant')}** (deny → allow) · **${plural(revocations.length, 'revocation')}** (allow → deny) · ` +
      (unsure.length ? `**${unsure.length} unknown** (${maybeNew} may be new access) · ` : '') +
      `lint: ${added.length} new, ${removed.length} resolved`,
  );
  if (result.classes.length)
    out.push(
      '',
      `Over every principal: **${plural(classGrants(result).length, 'class', 'classes')} of requests gain access**, ${plural(classRevocations(result).length, 'class', 'classes')} lose it` +
        (classUnsure(result).length
          ? `, **${plural(classUnsure(result).length, 'class', 'classes')} may gain it** (now unknown)`
          : '') +
        (classMayBeLost(result).length
          ? `, ${plural(classMayBeLost(result).length, 'class', 'classes')} may lose it (before unknown).`
          : '.'),
    );
  const table = (rows: CellChange[], title: string, col: string): void => {
    out.push('', `#### ${title}`, '', `| Role | API | Request | ${col} |`, '|---|---|---|---|');
    for (const c of rows) {
      out.push(
        `| ${md(c.role)} | ${md(c.api)}${md(via(c))} | ${code(`${c.method} ${c.path}`)} | ${why(c, (s) => s.map(mdRef).join(', '), md)} |`,
      );
    }
  };
  const classTable = (rows: ClassChange[], title: string, col: string): void => {
    out.push('', `#### ${title}`, '', `| API | Who and what | ${col} | Witness |`, '|---|---|---|---|');
    for (const c of rows)
      out.push(
        `| ${md(c.api)}${md(via(c))} | ${md(c.description)} | ${c.after === 'unknown' ? `unknown (before: ${c.before})` : c.statements.map(mdRef).join(', ') || 'implicit deny'} | ${md(witnessText(c.witness))} |`,
      );
  };
  const cg = classGrants(result);
  const cr = classRevocations(result);
  const cu = classUnsure(result);
  if (cg.length)
    classTable(cg, '⚠️ New access by class (every principal, not only the configured roles)', 'Allowed by');
  if (cu.length)
    classTable(cu, '⚠️ Access that may be new by class (now unknown: spokegate cannot tell)', 'Now');
  if (grants.length) table(grants, '⚠️ New access', 'Allowed by');
  if (revocations.length) table(revocations, 'Access removed', 'Denied by');
  if (unsure.length) {
    out.push(
      '',
      '#### ⚠️ Unknown on a side (spokegate cannot tell; deny → unknown may be new access)',
      '',
      '| Role | API | Request | Before → after, and why |',
      '|---|---|---|---|',
    );
    for (const c of unsure)
      out.push(
        `| ${md(c.role)} | ${md(c.api)}${md(via(c))} | ${code(`${c.method} ${c.path}`)} | ${unsureWhy(c, (s) => s.map(mdRef).join(', '), md)} |`,
      );
  }
  if (cr.length) classTable(cr, 'Access removed by class', 'Decided by');
  const cl = classMayBeLost(result);
  if (cl.length)
    classTable(
      cl,
      'Access that may be lost by class (before unknown: spokegate cannot tell)',
      'Now decided by',
    );
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
  return esc.fitComment(
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n',
    budget,
  );
}

/** A deciding statement as the JSON names it: its policy, position and Sid when it has one. */
function statementJson(s: StatementRef) {
  return { policy: s.policy, index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}) };
}
