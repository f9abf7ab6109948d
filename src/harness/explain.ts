// Cells and outcomes in words, for failure messages and the console summary.
import { statementRefs } from '../policy/index.js';
import { oneLine } from '../escape/index.js';
import { predictionReasons, type Cell, type Observation, type Prediction } from '../matrix/index.js';

export function describeCell(c: Cell): string {
  const who = c.role === 'anonymous' ? 'an anonymous caller' : `"${c.role}"`;
  return `${who} ${c.method} ${c.path} on "${c.api}" through "${c.endpoint}"`;
}

export function describeObserved(o: Observation | null): string {
  if (!o) return 'not observed (offline)';
  const status = o.status === null ? 'no response' : `HTTP ${o.status}`;
  const msg = o.message ? `: ${o.message}` : '';
  return `${o.outcome} (${o.reason}, ${status}, ${o.attempts} attempt${o.attempts === 1 ? '' : 's'}${
    o.requestId ? `, request ${o.requestId}` : ''
  })${msg}`;
}

/** Why a cell was not observed: its note's reason (a proof's witness), else an offline run. */
function notObserved(c: Cell): string {
  const why = /not observable: ([^;]*)/.exec(c.note ?? '')?.[1];
  return why ? `not observed: ${why}` : describeObserved(null);
}

export function describePredicted(p: Prediction | null): string {
  if (!p) return 'not predicted';
  const by = p.layer ? ` by the ${p.layer} policy` : '';
  const st = p.statements.length ? `; statements ${statementRefs(p.statements)}` : '';
  return `${p.decision}${by} (${p.detail}${st})`;
}

/** The prediction's reasons as the reports give them, one output line each (a Sid may hold a line feed). */
const reasons = (p: Prediction | null): string[] =>
  p ? predictionReasons(p).map((l) => `    ${oneLine(l)}`) : [];

export function describeFailure(c: Cell): string {
  const lines = [
    `Scenario "${c.scenario}"${c.scenarioLocation ? ` (${c.scenarioLocation})` : ''}: ${describeCell(c)}`,
    `  expected:  ${c.expected ?? 'nothing'}`,
    `  observed:  ${c.observed ? describeObserved(c.observed) : notObserved(c)}`,
    `  predicted: ${describePredicted(c.predicted)}`,
    // "unknown (Unknown)" alone does not say what is missing: the reasons name it and the setting to add.
    ...(c.predicted?.decision === 'unknown' ? reasons(c.predicted) : []),
  ];
  if (c.verdict === 'error')
    lines.push('  verdict:   error (fails closed: an error never counts as allowed or denied)');
  if (c.disagreement) {
    lines.push('  the policies predict a different outcome than was observed:');
    lines.push(...reasons(c.predicted));
  }
  return lines.join('\n');
}
