// How a statement is named in every text spokegate writes (explanations, refusals, lint, reports,
// diffs): `POLICY[INDEX] (Sid "SID")`, or `Statement[INDEX] (Sid "SID")` in a policy's own messages.
// The HTML report's script (matrix/reporters/html-assets.ts) writes the same shape in the browser.
// A Sid is shown on one line (a line feed in it as `\n`): messages that hold a statement's name
// span several lines of their own (a failing step's expected/observed/predicted), so one in a Sid
// would forge a line.
import { oneLine } from '../escape/index.js';

export function statementRef(s: { policy?: string; index: number; sid?: string }): string {
  return `${s.policy ?? 'Statement'}[${s.index}]${s.sid ? ` (Sid "${oneLine(s.sid)}")` : ''}`;
}

/** Several statements, comma separated. */
export function statementRefs(rs: readonly { policy?: string; index: number; sid?: string }[]): string {
  return rs.map(statementRef).join(', ');
}
