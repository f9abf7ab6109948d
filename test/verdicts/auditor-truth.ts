// The hand-derived truth of an auditor world's cells (test/verdicts/auditor*.test.ts): what AWS
// does for each call a scenario makes, and how a report's cells are found to compare with it.

/** A decision: allowed, denied by a layer, or denied (by no policy, or by a layer not told). */
export type D = 'allow' | 'deny' | 'deny:endpoint' | 'deny:resource' | 'deny:identity' | 'unknown';
export const A: D = 'allow';
export const E: D = 'deny:endpoint';
export const R: D = 'deny:resource';
export const U: D = 'unknown';

/** One call of one scenario, and what AWS (the world) does with it. */
export interface TruthCell {
  scenario: string;
  role: string;
  api: string;
  method: string;
  path: string;
  endpoint: string;
  d: D;
}

/** A step's call by `role`, as the truth's cell (but its decision), named as its scenario is. */
export const callCell = (
  key: string,
  role: string,
  method: string,
  path: string,
  api: string,
  endpoint: string,
): Omit<TruthCell, 'd'> => ({
  scenario: `${key} ${role} ${method} ${path} on ${api} through ${endpoint}`,
  role,
  api,
  method,
  path,
  endpoint,
});

/** An unsigned GET of `path` on `api` through `endpoint`, as its scenario is named. */
export const anonymousCell = (path: string, api: string, endpoint: string, d: D): TruthCell => ({
  scenario: `anonymous GET ${path} on ${api} through ${endpoint}`,
  role: 'anonymous',
  api,
  method: 'GET',
  path,
  endpoint,
  d,
});

/** The report's cells of the scenarios' steps (not the proofs' witnesses). */
export const stepCells = (doc: any): any[] =>
  doc.cells.filter((c: any) => !/counterexample witness/.test(c.note ?? ''));

/** Those of `cells` that are the truth's cell `t` (one, when the report is right). */
export const cellsOf = (cells: any[], t: Omit<TruthCell, 'd'>): any[] =>
  cells.filter(
    (c: any) =>
      c.scenario === t.scenario &&
      c.role === t.role &&
      c.api === t.api &&
      c.method === t.method &&
      c.path === t.path &&
      c.endpoint === t.endpoint,
  );

/** The truth's cell in words, for a difference. */
export const placeOf = (t: Omit<TruthCell, 'd'>): string =>
  `${t.scenario}: ${t.role} ${t.method} ${t.path} on ${t.api} through ${t.endpoint}`;
