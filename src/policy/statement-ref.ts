// How a statement is named in every text spokegate writes (explanations, refusals, lint, reports,
// diffs): `POLICY[INDEX] (Sid "SID")`, or `Statement[INDEX] (Sid "SID")` in a policy's own messages.
// The HTML report's script (matrix/reporters/html-assets.ts) writes the same shape in the browser.

export function statementRef(s: { policy?: string; index: number; sid?: string }): string {
  return `${s.policy ?? 'Statement'}[${s.index}]${s.sid ? ` (Sid "${s.sid}")` : ''}`;
}

/** Several statements, comma separated. */
export function statementRefs(rs: readonly { policy?: string; index: number; sid?: string }[]): string {
  return rs.map(statementRef).join(', ');
}
