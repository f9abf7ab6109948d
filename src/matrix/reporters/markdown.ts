// access-matrix.md: short enough for a pull-request comment (GitHub caps comments at 65,536 chars).
import { attentionCells, buildGrids, posKey, type Grid, type GridOrder } from '../grid.js';
import { predictionReasons, shownDecision } from '../judge.js';
import type { AccessMatrixDocument, CellJson, Verdict } from '../types.js';
import { duration, escapeMarkdown as md, formatSummaryLine } from './text.js';

export interface MarkdownOptions {
  order?: GridOrder;
  /** Upper bound in UTF-8 bytes; the report truncates with a note to stay under it. */
  maxBytes?: number;
}

export const DEFAULT_MARKDOWN_MAX_BYTES = 60_000;

const ICON: Record<Verdict, string> = { pass: '✅', fail: '❌', error: '⚠️' };
const DISAGREE = '🔀';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function positionText(cells: CellJson[]): string {
  const verdict = cells.some((c) => c.verdict === 'error')
    ? 'error'
    : cells.some((c) => c.verdict === 'fail')
      ? 'fail'
      : 'pass';
  const decisions = [...new Set(cells.map((c) => shownDecision(c) ?? '—'))];
  let text = `${ICON[verdict]} ${decisions.length === 1 ? decisions[0] : 'mixed'}`;
  const failed = cells.find((c) => c.verdict === 'fail');
  if (failed?.expected && shownDecision(failed) !== failed.expected) text += ` (expected ${failed.expected})`;
  if (cells.length > 1) text += ` ×${cells.length}`;
  if (cells.some((c) => c.disagreement)) text += ` ${DISAGREE}`;
  return text;
}

function gridBlock(g: Grid<CellJson>): string {
  const lines = [
    `### ${md(g.method)} ${md(g.path)} through ${md(g.endpoint)}`,
    '',
    `| role \\\\ API | ${g.apis.map(md).join(' | ')} |`,
    `|---|${g.apis.map(() => ':-:').join('|')}|`,
  ];
  for (const role of g.roles) {
    const row = g.apis.map((api) => {
      const p = g.positions.get(posKey(role, api));
      return p ? positionText(p.cells) : '·';
    });
    lines.push(`| **${md(role)}** | ${row.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

function observedText(c: CellJson): string {
  const o = c.observed;
  if (!o) return 'not observed';
  const bits: string[] = [o.reason];
  if (o.status !== null) bits.push(`HTTP ${o.status}`);
  if (o.requestId) bits.push(`request ${o.requestId}`);
  bits.push(`${o.attempts} attempt${o.attempts === 1 ? '' : 's'}`);
  return `observed **${md(o.outcome)}** (${md(bits.join(', '))})`;
}

function attentionBlock(c: CellJson): string {
  const icon = c.verdict === 'pass' ? DISAGREE : ICON[c.verdict];
  const lines = [
    `- ${icon} **${c.verdict.toUpperCase()}** ${md(c.role)} → ${md(c.api)} ${md(c.method)} ${md(c.path)} ` +
      `through ${md(c.endpoint)}, scenario “${md(c.scenario)}”` +
      (c.scenarioLocation ? ` (${md(c.scenarioLocation)})` : ''),
  ];
  const p = c.predicted;
  lines.push(
    `  - expected **${c.expected ?? 'nothing'}**, ` +
      (p
        ? `predicted **${p.decision}** (${p.detail ?? ''}${p.layer ? `, ${p.layer} layer` : ''}), `
        : 'no prediction, ') +
      observedText(c),
  );
  if (c.disagreement) lines.push(`  - ${DISAGREE} the prediction disagrees with what the wire showed`);
  if (p) {
    const stmts = p.statements.map((s) => `${s.policy}[${s.index}]${s.sid ? ` (${s.sid})` : ''}`);
    if (stmts.length) lines.push(`  - deciding statements: ${md(stmts.join(', '))}`);
    for (const e of predictionReasons(p)) lines.push(`  - predicted: ${md(e)}`);
  }
  if (c.observed?.message) lines.push(`  - observed: ${md(c.observed.message)}`);
  if (c.note) lines.push(`  - note: ${md(c.note)}`);
  return lines.join('\n') + '\n';
}

/** Take blocks in order while they fit; returns what fits and how many were left out. */
function fit(blocks: string[], budget: number): { text: string; omitted: number; used: number } {
  let used = 0;
  const kept: string[] = [];
  for (const b of blocks) {
    const n = bytes(b) + 1;
    if (used + n > budget) break;
    kept.push(b);
    used += n;
  }
  return { text: kept.join('\n'), omitted: blocks.length - kept.length, used };
}

export function formatMarkdown(doc: AccessMatrixDocument, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MARKDOWN_MAX_BYTES;
  const { run, summary } = doc;
  const badScenarios = (doc.scenarios ?? []).filter((r) => r.status !== 'passed');
  const scenarioNote = badScenarios.length
    ? `, ${badScenarios.length} scenario${badScenarios.length === 1 ? '' : 's'} not passed`
    : '';
  const headline =
    summary.error > 0
      ? `${ICON.error} ${summary.error} error${summary.error === 1 ? '' : 's'}` +
        (summary.fail ? `, ${ICON.fail} ${summary.fail} failing` : '') +
        scenarioNote
      : summary.fail > 0
        ? `${ICON.fail} ${summary.fail} failing${scenarioNote}`
        : summary.verdict !== 'pass'
          ? `${ICON[summary.verdict]} ${summary.verdict.toUpperCase()}${scenarioNote}`
          : summary.cells === 0
            ? 'no cells recorded'
            : `${ICON.pass} all ${summary.cells} cells as expected`;
  const took = duration(run.startedAt, run.finishedAt);
  const head = [
    `## spokegate access matrix: ${run.incomplete ? '⚠️ INCOMPLETE (the run was interrupted) · ' : ''}${headline}`,
    '',
    `**${md(formatSummaryLine(summary))}**`,
    '',
    `Mode ${md(run.mode)}${run.mode === 'offline' ? ' (predicted decisions only, nothing was sent)' : ''} · ` +
      `region ${md(run.region)} · ${md(run.startedAt)}${took ? ` (${took})` : ''} · ${md(run.tool)}`,
    '',
    ...(run.allowDisagreement
      ? [
          '> **--allow-disagreement:** predictions that contradict the wire do not fail this run ' +
            '(the model is known to be incomplete).',
          '',
        ]
      : []),
    ...badScenarios.map(
      (r) =>
        `- ${ICON[r.status === 'error' ? 'error' : 'fail']} scenario **${md(r.name)}** ${md(r.status)}` +
        (r.location ? ` (${md(r.location)})` : '') +
        r.steps
          .map(
            (st) =>
              `: ${md(st.status)} step "${md(st.text)}"${st.message ? ` — ${md(st.message.split('\n')[0]!)}` : ''}`,
          )
          .join(''),
    ),
    ...(badScenarios.length ? [''] : []),
    ...run.endpoints.map(
      (e) =>
        `- endpoint **${md(e.alias)}** ${md(e.id)}: ` +
        (e.policySha256 === null
          ? '**policy not read**'
          : `policy from ${md(e.policySource ?? 'unknown source')}, SHA-256 ` +
            (/^[0-9a-f]+$/.test(e.policySha256) ? `\`${e.policySha256}\`` : md(e.policySha256))),
    ),
    '',
    `Legend: ${ICON.pass} pass · ${ICON.fail} fail · ${ICON.error} error · ${DISAGREE} prediction disagrees with ` +
      `the wire · · not tested. A cell shows the ${run.mode === 'offline' ? 'predicted' : 'observed'} decision; ` +
      '×N when several scenarios test it.',
    '',
  ].join('\n');

  const grids = buildGrids(doc.cells, options.order).map(gridBlock);
  const attention = attentionCells(doc.cells).map(attentionBlock);
  const note = (what: string, n: number) =>
    `\n> **Truncated:** ${n} more ${what} not shown here to fit a pull-request comment; ` +
    'see access-matrix.html or access-matrix.json.\n';
  const noteRoom = 400;

  let budget = maxBytes - bytes(head) - 2 * noteRoom - 200;
  // Failures matter most in a review: they get up to 60% of the room, the grids get the rest.
  const att = fit(attention, Math.max(0, Math.floor(budget * 0.6)));
  budget -= att.used;
  const grd = fit(grids, Math.max(0, budget));
  const attAll =
    att.omitted > 0 && grd.omitted === 0 ? fit(attention, Math.max(0, budget - grd.used + att.used)) : att;

  const out = [head];
  if (grids.length) out.push(grd.text);
  if (grd.omitted) out.push(note(grd.omitted === 1 ? 'table' : 'tables', grd.omitted));
  if (attention.length) {
    const failing = doc.cells.filter((c) => c.verdict !== 'pass').length;
    const passingDisagreements = attention.length - failing;
    out.push(
      `\n### Needs attention: ${failing} failing or error cell${failing === 1 ? '' : 's'}` +
        (passingDisagreements ? `, ${passingDisagreements} passing with a disagreement` : '') +
        '\n',
    );
    out.push(attAll.text);
    if (attAll.omitted) out.push(note(attAll.omitted === 1 ? 'cell' : 'cells', attAll.omitted));
  }
  if (!doc.cells.length) out.push('_No cells were recorded._\n');
  return out.join('\n');
}
