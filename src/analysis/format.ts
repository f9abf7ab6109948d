// who-can output: text for a terminal, Markdown for a pull-request comment, JSON as data.
import * as esc from '../escape/index.js';
import { statementRef } from '../policy/index.js';
import { answerJson, type UnknownLayer } from './analyze.js';
import { stageWords, type ApiStages, type WhoCanAnswer } from './stages.js';
import type { AnalysisRequest } from './world.js';

import type { WhoCanFormat } from './formats.js';

/** A witness in one line: who, with which keys, calling what. */
export function witnessText(w: AnalysisRequest): string {
  const p = w.principal;
  const parts: string[] = [];
  if (p.kind === 'anonymous') parts.push('anonymous');
  else {
    if (p.kind === 'role') parts.push(`${p.arn} session ${p.sessionName}`);
    else parts.push(p.arn);
    if (p.kind === 'role' && p.roleId) parts.push(`aws:userid=${p.roleId}:${p.sessionName}`);
    if (p.kind === 'user' && p.userId) parts.push(`aws:userid=${p.userId}`);
    // A user or root with either signs with GetSessionToken's credentials (long-term keys otherwise).
    if ((p.kind === 'user' || p.kind === 'root') && (p.issuedAt !== undefined || p.mfa !== undefined))
      parts.push('GetSessionToken credentials');
    if (p.issuedAt) parts.push(`aws:TokenIssueTime=${p.issuedAt}`);
    if (p.kind !== 'federated-user' && p.mfa !== undefined) parts.push(`aws:MultiFactorAuthPresent=${p.mfa}`);
    if (p.orgId) parts.push(`aws:PrincipalOrgID=${p.orgId}`);
    if (p.orgPaths) parts.push(`aws:PrincipalOrgPaths=${p.orgPaths.join(',')}`);
    if (p.kind !== 'root')
      for (const [k, v] of Object.entries(p.tags ?? {})) parts.push(`aws:PrincipalTag/${k}=${v}`);
  }
  for (const [k, v] of Object.entries(w.context ?? {})) parts.push(`${k}=${v}`);
  const via = w.viaAlias ? ` (addressed by the alias name ${w.api}-{vpce})` : '';
  const stage = w.stage ? ` stage ${w.stage}` : '';
  // Its kind exists only if the resource ARN holds the path decoded (docs/aws-behaviour.md §50).
  const decoded =
    w.arnReading === 'decoded' ? ' (decided with the resource ARN holding the path decoded)' : '';
  return `${parts.join(', ')}: ${w.method} ${w.path} on ${w.api}${stage}${via}${decoded}`;
}

/** One unknown layer, in words: which layer of what, and why. */
export function unknownText(u: UnknownLayer): string {
  const of =
    u.layer === 'resource'
      ? `the resource layer of API ${u.api}`
      : u.layer === 'search'
        ? `the search of API ${u.api}`
        : `the identity layer of role ${u.role}`;
  return `${of}: ${u.why}`;
}

/** The stages an API was analysed over, in words: "stages prod, beta", and whether more may exist. */
function stagesText(s: ApiStages | undefined): string {
  if (!s) return '';
  const list = `${s.stages.length === 1 ? 'stage' : 'stages'} ${s.stages.join(', ')}`;
  return ` (${list}${s.known ? '' : '; its other stages, if any, not known'})`;
}

/** A value as class descriptions and reasons quote it (JSON.stringify's text). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** A quoted value longer than this that the answer quotes twice or more is shown once, in a legend. */
const LONG_VALUE = 64;

/**
 * The legend of a who-can answer: each long value (a condition's, a Resource's) that its class
 * descriptions and unknown reasons quote more than once, with its reference (`[v1]`). One long value
 * a pull request chose was printed in every class naming it (86 times in one probe); --json keeps
 * every value in full.
 */
function legendOf(r: WhoCanAnswer): Legend {
  const counts = new Map<string, number>();
  for (const text of [...r.classes.map((c) => c.description), ...r.unknown.map(unknownText)])
    for (const [q] of text.matchAll(QUOTED))
      if (q.length > LONG_VALUE) counts.set(q, (counts.get(q) ?? 0) + 1);
  const refs = new Map<string, string>();
  for (const [q, n] of counts) if (n > 1) refs.set(q, `[v${refs.size + 1}]`);
  return {
    refs,
    short: (text) => (refs.size === 0 ? text : text.replace(QUOTED, (q) => refs.get(q) ?? q)),
    lines: [...refs].map(([q, ref]) => `${ref} = ${q}`),
  };
}

interface Legend {
  refs: ReadonlyMap<string, string>;
  /** The text with each long value of the legend as its reference. */
  short: (text: string) => string;
  /** `[v1] = "…"`, one per value. */
  lines: string[];
}

export function whoCanText(r: WhoCanAnswer): string {
  const out: string[] = [];
  const apis = [...new Set(r.classes.map((c) => c.api))];
  const legend = legendOf(r);
  out.push(
    `who can get through${r.endpoint ? ` endpoint ${r.endpoint}` : ''}: ${r.classes.length} allowed class(es) over ${r.points} kinds of request`,
  );
  if (legend.lines.length)
    out.push(
      '',
      'long values, each shown once here and as its reference below:',
      ...legend.lines.map((l) => `  ${l}`),
    );
  for (const api of apis) {
    out.push('', `${api}${stagesText(r.stages.find((s) => s.api === api))}:`);
    for (const c of r.classes.filter((x) => x.api === api)) {
      out.push(`  - ${legend.short(c.description)}`);
      out.push(`      allowed by ${c.statements.map(statementRef).join(', ') || 'no layer that denies'}`);
      if (c.byStage.length > 1)
        for (const g of c.byStage)
          out.push(`      witness (${stageWords({ stages: g.stages })}): ${witnessText(g.witness)}`);
      else out.push(`      witness: ${witnessText(c.witness)}`);
    }
  }
  if (apis.length === 0 && r.unknown.length === 0) out.push('', 'nobody: no request gets through');
  if (r.unknown.length) out.push('', ...r.unknown.map((u) => `unknown: ${legend.short(unknownText(u))}`));
  for (const u of r.unknowable) out.push('', `note: ${u.key} cannot be known offline (${u.why})`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return `${out.map(esc.oneLine).join('\n')}\n`;
}

const md = esc.escapeMarkdown;
const code = esc.markdownCode;

/** The pull-request comment, cut to `budget` characters (the classes in order, notes last). */
export function whoCanMarkdown(r: WhoCanAnswer, budget: number = esc.COMMENT_BUDGET): string {
  const out: string[] = [];
  out.push(`### spokegate: who can get through${r.endpoint ? ` ${code(r.endpoint)}` : ''}`, '');
  out.push(`${r.classes.length} allowed class(es) over ${r.points} kinds of request.`, '');
  const legend = legendOf(r);
  if (legend.lines.length)
    out.push(
      'Long values, each shown once here and as its reference below:',
      '',
      ...legend.lines.map((l) => `- ${md(l)}`),
      '',
    );
  if (r.classes.length) {
    out.push('| API | Who and what | Allowed by | Witness |', '| --- | --- | --- | --- |');
    for (const c of r.classes)
      out.push(
        `| ${md(c.api)} | ${md(legend.short(c.description))} | ${c.statements.map((s) => md(statementRef(s))).join(', ')} | ${md(witnessText(c.witness))} |`,
      );
  } else if (r.unknown.length === 0) out.push('Nobody: no request gets through.');
  if (r.unknown.length)
    out.push(
      '',
      '**The answer is unknown**:',
      '',
      ...r.unknown.map((u) => `- ${md(legend.short(unknownText(u)))}`),
    );
  const notes = [...r.unknowable.map((u) => `${u.key} cannot be known offline (${u.why})`), ...r.notes];
  if (notes.length) out.push('', ...notes.map((n) => `- ${md(n)}`));
  return esc.fitComment(`${out.map(esc.oneLine).join('\n')}\n`, budget);
}

/** who-can's answer as data (--json). */
export function whoCanJson(r: WhoCanAnswer): object {
  return answerJson(r);
}

export function formatWhoCan(r: WhoCanAnswer, format: WhoCanFormat): string {
  if (format === 'json') return `${esc.jsonText(whoCanJson(r))}\n`;
  return format === 'md' ? whoCanMarkdown(r) : esc.neutralise(whoCanText(r));
}
