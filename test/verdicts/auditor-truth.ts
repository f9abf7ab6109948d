// The hand-derived truth of an auditor world's cells (test/verdicts/auditor*.test.ts): what AWS
// does for each call a scenario makes, and how a report's cells are found to compare with it.

/** A decision: allowed, denied by a layer, or denied (by no policy, or by a layer not told). */
export type D =
  | 'allow'
  | 'deny'
  | 'deny:endpoint'
  | 'deny:resource'
  | 'deny:identity'
  | 'deny:boundary'
  | 'deny:scp'
  | 'unknown';
export const A: D = 'allow';
export const E: D = 'deny:endpoint';
export const R: D = 'deny:resource';
/** Denied by the caller's permissions boundary (IAM names it: "because no permissions boundary allows …"). */
export const B: D = 'deny:boundary';
export const U: D = 'unknown';

/** A scenario's status in a report. */
export type Status = 'passed' | 'failed' | 'error';

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

/**
 * The truth's cells of an access-matrix scenario, the call `method path` through `endpoint`: `rows`
 * gives each role's decisions, one for each API of `apis`, in order.
 */
export const matrixCells = (
  scenario: string,
  { method, path, endpoint }: { method: string; path: string; endpoint: string },
  apis: readonly string[],
  rows: Record<string, readonly D[]>,
): TruthCell[] =>
  Object.entries(rows).flatMap(([role, ds]) =>
    ds.map((d, i) => ({ scenario, role, api: apis[i]!, method, path, endpoint, d })),
  );

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

/** A truth cell with spokegate's prediction where the policies cannot settle what AWS does (`d`). */
export interface PredictedCell extends TruthCell {
  predicted?: D;
}

/**
 * The cells of an auditor world's calls.feature, in its order: the Outline "KEY ROLE METHOD PATH on
 * API through ENDPOINT" (a row's eighth field is the prediction where it is not the truth), the
 * unsigned "anonymous GET PATH on API through ENDPOINT" calls, the calls that name no endpoint (one
 * scenario, "the default endpoint is NAME") and the unsigned GETs by a role, "KEY unsigned ROLE GET
 * PATH on API through ENDPOINT".
 */
export function callsFeatureCells(t: {
  calls: readonly (readonly [string, string, string, string, string, string, D, D?])[];
  anonymous: readonly (readonly [path: string, api: string, endpoint: string, d: D])[];
  defaultEndpoint: string;
  byDefault: readonly (readonly [role: string, path: string, api: string, d: D])[];
  unsigned: readonly (readonly [
    key: string,
    role: string,
    path: string,
    api: string,
    endpoint: string,
    d: D,
  ])[];
}): PredictedCell[] {
  return [
    ...t.calls.map(([key, role, method, path, api, endpoint, d, predicted]) => ({
      ...callCell(key, role, method, path, api, endpoint),
      d,
      ...(predicted ? { predicted } : {}),
    })),
    ...t.anonymous.map(([path, api, endpoint, d]) => anonymousCell(path, api, endpoint, d)),
    ...t.byDefault.map(([role, path, api, d]) => ({
      scenario: `the default endpoint is ${t.defaultEndpoint}`,
      role,
      api,
      method: 'GET',
      path,
      endpoint: t.defaultEndpoint,
      d,
    })),
    ...t.unsigned.map(([key, role, path, api, endpoint, d]) => ({
      ...callCell(key, `unsigned ${role}`, 'GET', path, api, endpoint),
      role,
      d,
    })),
  ];
}

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

/** A report cell's decision as the wire saw it or as spokegate predicted it, in the truth's words. */
export function decisionOf(c: any, mode: 'wire' | 'prediction'): string {
  if (mode === 'wire') {
    const o = c.observed;
    if (o?.outcome === 'allowed') return 'allow';
    if (o?.outcome === 'denied') return o.layerSource === 'wire' ? `deny:${o.layer}` : `deny(${o.reason})`;
    return o ? `${o.outcome}:${o.reason}` : 'not observed';
  }
  const p = c.predicted;
  if (!p) return 'not predicted';
  return p.decision === 'deny' ? (p.layer ? `deny:${p.layer}` : 'deny') : p.decision;
}

/** Whether `got` is the truth's decision (a bare 'deny' is a denial by no layer told). */
const same = (truth: D, got: string) =>
  truth === 'deny' ? /^deny/.test(got) && !/:/.test(got) : got === truth;

/**
 * The step cells `ours` of a report that differ from the truth's `cells`, and those the truth lacks.
 * `predictedOf(t)` is what spokegate should predict for `t` in `mode`; in sandbox mode the wire must
 * be `t.d`, and a decided prediction that differs from it is a disagreement (and only that).
 */
export function compareTruth<T extends TruthCell>(
  ours: any[],
  cells: readonly T[],
  mode: 'sandbox' | 'offline',
  predictedOf: (t: T) => D,
): string[] {
  const wrong: string[] = [];
  for (const t of cells) {
    const found = cellsOf(ours, t);
    const where = placeOf(t);
    if (found.length !== 1) {
      wrong.push(`${where}: ${found.length} cells`);
      continue;
    }
    const c = found[0];
    const predicted = predictedOf(t);
    const got = decisionOf(c, 'prediction');
    if (!same(predicted, got)) wrong.push(`${where}: predicted ${got}, truth ${predicted}`);
    if (mode === 'sandbox') {
      const seen = decisionOf(c, 'wire');
      if (!same(t.d, seen)) wrong.push(`${where}: observed ${seen}, truth ${t.d}`);
      // A prediction that is decided and differs from the wire is a disagreement, and only that.
      const disagree = predicted !== 'unknown' && predicted.split(':')[0] !== t.d.split(':')[0];
      if (c.disagreement !== disagree) wrong.push(`${where}: disagreement ${c.disagreement}`);
    } else if (c.observed !== null) wrong.push(`${where}: observed offline`);
  }
  if (ours.length !== cells.length) wrong.push(`${ours.length} cells, the truth has ${cells.length}`);
  return wrong;
}

/**
 * Each scenario's statuses as the truth says, in `mode` (0 sandbox, 1 offline): those `names` not in
 * `notPassed` ([sandbox, offline]) pass, but those in `offlineErrors` are errors offline; the
 * default-endpoint scenario (hub) is an Outline of three rows; each proof has its one status.
 */
export function expectedStatuses(
  names: Iterable<string>,
  notPassed: Record<string, [Status, Status]>,
  proofs: Record<string, Status>,
  mode: 0 | 1,
  offlineErrors: readonly string[] = [],
): Record<string, Status[]> {
  const want: Record<string, Status[]> = {};
  for (const n of new Set(names)) {
    const count = n === 'the default endpoint is hub' ? 3 : 1;
    const offlineError = mode === 1 && offlineErrors.includes(n);
    want[n] = Array.from({ length: count }, () =>
      offlineError ? 'error' : (notPassed[n]?.[mode] ?? 'passed'),
    );
  }
  for (const [k, s] of Object.entries(proofs)) want[k] = [s];
  return want;
}
