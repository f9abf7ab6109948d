// How a statement is named in every text spokegate writes (explanations, refusals, lint, reports,
// diffs): `POLICY[INDEX] (Sid "SID")`, or `Statement[INDEX] (Sid "SID")` in a policy's own messages.
// The HTML report's script (matrix/reporters/html-assets.ts) writes the same shape in the browser.
// A Sid is shown on one line (a line feed in it as `\n`): messages that hold a statement's name
// span several lines of their own (a failing step's expected/observed/predicted), so one in a Sid
// would forge a line.
// A Sid is shown cut to 128 characters (an ellipsis at the cut): a resource policy may hold a
// Sid of 100,000 characters, which every finding and explanation naming it printed whole.
import { capText, oneLine } from '../escape/index.js';

const SID_SHOWN = 128;

/** A Sid as text shows it: one line, at most 128 characters. */
export function sidShown(sid: string): string {
  return capText(oneLine(sid), SID_SHOWN);
}

export function statementRef(s: { policy?: string; index: number; sid?: string }): string {
  return `${s.policy ?? 'Statement'}[${s.index}]${s.sid ? ` (Sid "${sidShown(s.sid)}")` : ''}`;
}

/** Several statements, comma separated. */
export function statementRefs(rs: readonly { policy?: string; index: number; sid?: string }[]): string {
  return rs.map(statementRef).join(', ');
}
