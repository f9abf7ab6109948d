// The hand-derived truth of an auditor world's cells (test/verdicts/auditor*.test.ts): what AWS
// does for each call a scenario makes, and how a report's cells are found to compare with it. A
// world's truth tables are data, test/fixtures/WORLD/truth.yaml, read by auditorTruth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROOT } from '../harness/helpers.js';

/** A decision: allowed, denied by a layer, or denied (by no policy, or by a layer not told). */
const DECISIONS = [
  'allow',
  'deny',
  'deny:endpoint',
  'deny:resource',
  'deny:identity',
  'deny:boundary',
  'deny:scp',
  'unknown',
] as const;
export type D = (typeof DECISIONS)[number];
export const A: D = 'allow';
export const E: D = 'deny:endpoint';
export const R: D = 'deny:resource';
/** Denied by the caller's permissions boundary (IAM names it: "because no permissions boundary allows …"). */
export const B: D = 'deny:boundary';
export const U: D = 'unknown';
/** The one-letter names a truth file may use for a decision. */
const LETTERS: Record<string, D> = { A, E, R, B, U, I: 'deny:identity' };

/** A scenario's status in a report. */
const STATUSES = ['passed', 'failed', 'error'] as const;
export type Status = (typeof STATUSES)[number];

/** One call of one scenario, and what AWS (the world) does with it. */
export interface TruthCell {
  scenario: string;
  role: string;
  api: string;
  method: string;
  path: string;
  endpoint: string;
  d: D;
  /** spokegate's prediction in sandbox mode, where the policies it reads cannot settle `d`. */
  sandbox?: D;
  /** spokegate's prediction offline, where it is not the sandbox's. */
  offline?: D;
}

/** What spokegate should predict for `t` in `mode`: `d`, unless the truth says otherwise. */
export const predictionOf = (t: TruthCell, mode: 'sandbox' | 'offline'): D =>
  mode === 'offline' ? (t.offline ?? t.sandbox ?? t.d) : (t.sandbox ?? t.d);

/** A step's call by `role`, as the truth's cell (but its decision), named as its scenario is. */
const callCell = (
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
const anonymousCell = (path: string, api: string, endpoint: string, d: D): TruthCell => ({
  scenario: `anonymous GET ${path} on ${api} through ${endpoint}`,
  role: 'anonymous',
  api,
  method: 'GET',
  path,
  endpoint,
  d,
});

const decision = z.preprocess((v) => (typeof v === 'string' ? (LETTERS[v] ?? v) : v), z.enum(DECISIONS));
/** A decision, or [decision, prediction in sandbox mode, prediction offline] (see TruthCell). */
const row = z.union([decision, z.tuple([decision, decision.optional(), decision.optional()])]);
const str = z.string();
const status = z.enum(STATUSES);

/**
 * An auditor world's truth file: the access-matrix scenarios (`method path` through `endpoint`, each
 * role's decisions for `apis` in order), then calls.feature's cells in its order: the Outline "KEY
 * ROLE METHOD PATH on API through ENDPOINT", the unsigned "anonymous GET PATH on API through
 * ENDPOINT" calls, the calls that name no endpoint (one scenario, "the default endpoint is NAME") and
 * the unsigned GETs by a role, "KEY unsigned ROLE GET PATH on API through ENDPOINT"; each proof's
 * status (or [sandbox, offline]) and the scenarios (not proofs) that do not pass, [sandbox, offline].
 */
const TruthFile = z
  .object({
    matrices: z.array(
      z
        .object({
          scenario: str,
          method: str,
          path: str,
          endpoint: str,
          apis: z.array(str),
          rows: z.record(str, z.array(row)),
        })
        .strict(),
    ),
    calls: z.array(z.tuple([str, str, str, str, str, str, row])),
    anonymous: z.array(z.tuple([str, str, str, decision])).default([]),
    defaultEndpoint: str.optional(),
    byDefault: z.array(z.tuple([str, str, str, decision])).default([]),
    unsigned: z.array(z.tuple([str, str, str, str, str, decision])).default([]),
    proofs: z.record(str, z.union([status, z.tuple([status, status])])),
    notPassed: z.record(str, z.tuple([status, status])).default({}),
  })
  .strict();

/** The truth cell of a role's decision (or [decision, predictions]) for a call. */
const cellOf = (where: Omit<TruthCell, 'd'>, x: z.infer<typeof row>): TruthCell => {
  const [d, sandbox, offline] = Array.isArray(x) ? x : [x];
  return { ...where, d, ...(sandbox ? { sandbox } : {}), ...(offline ? { offline } : {}) };
};

/** The hand-derived truth of test/fixtures/WORLD (its truth.yaml): cells, proofs, scenarios not passing. */
type Truth = z.infer<typeof TruthFile>;

/** The cells of an access-matrix scenario: each role's decisions for `apis`, in order. */
const matrixOf = ({ scenario, method, path, endpoint, apis, rows }: Truth['matrices'][number]): TruthCell[] =>
  Object.entries(rows).flatMap(([role, xs]) =>
    xs.map((x, i) => cellOf({ scenario, role, api: apis[i]!, method, path, endpoint }, x)),
  );

/** calls.feature's cells, in its order (see TruthFile). */
const featureCells = (
  t: Pick<Truth, 'calls' | 'anonymous' | 'defaultEndpoint' | 'byDefault' | 'unsigned'>,
) => {
  const byDefault = t.defaultEndpoint ?? 'hub';
  return [
    ...t.calls.map(([key, role, method, path, api, endpoint, x]) =>
      cellOf(callCell(key, role, method, path, api, endpoint), x),
    ),
    ...t.anonymous.map(([path, api, endpoint, d]) => anonymousCell(path, api, endpoint, d)),
    ...t.byDefault.map(([role, path, api, d]) => ({
      scenario: `the default endpoint is ${byDefault}`,
      role,
      api,
      method: 'GET',
      path,
      endpoint: byDefault,
      d,
    })),
    ...t.unsigned.map(([key, role, path, api, endpoint, d]) => ({
      ...callCell(key, `unsigned ${role}`, 'GET', path, api, endpoint),
      role,
      d,
    })),
  ];
};

/** The hand-derived truth of test/fixtures/WORLD (its truth.yaml): cells, proofs, scenarios not passing. */
export function auditorTruth(world: string): {
  cells: TruthCell[];
  proofs: Record<string, Status | [Status, Status]>;
  notPassed: Record<string, [Status, Status]>;
} {
  const t = TruthFile.parse(
    parseYaml(readFileSync(join(ROOT, 'test', 'fixtures', world, 'truth.yaml'), 'utf8')),
  );
  return {
    cells: [...t.matrices.flatMap(matrixOf), ...featureCells(t)],
    proofs: t.proofs,
    notPassed: t.notPassed,
  };
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
function expectedStatuses(
  names: Iterable<string>,
  notPassed: Record<string, [Status, Status]>,
  proofs: Record<string, Status | [Status, Status]>,
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
  for (const [k, s] of Object.entries(proofs)) want[k] = [typeof s === 'string' ? s : s[mode]];
  return want;
}

/**
 * A world's `compare` and `expected` (describeAuditorModes) from its truth: every step cell but the
 * tampered call's (its scenario `tampered`, a status of its own) against the truth's cells and their
 * predictions; `offlineErrors` names the scenarios that are errors offline, by scenario or key (C05).
 */
export function truthChecks(
  truth: ReturnType<typeof auditorTruth>,
  { tampered, offlineErrors = [] }: { tampered?: string; offlineErrors?: readonly string[] } = {},
): {
  compare: (doc: any, mode: 'sandbox' | 'offline') => string[];
  expected: (mode: 0 | 1) => Record<string, Status[]>;
} {
  const { cells, proofs, notPassed } = truth;
  const errors = offlineErrors.map(
    (k) => cells.find((c) => c.scenario === k || c.scenario.startsWith(`${k} `))!.scenario,
  );
  const names = [...cells.map((t) => t.scenario), ...(tampered ? [tampered] : [])];
  return {
    compare: (doc, mode) =>
      compareTruth(
        stepCells(doc).filter((c: any) => c.scenario !== tampered),
        cells,
        mode,
        (t) => predictionOf(t, mode),
      ),
    expected: (mode) => expectedStatuses(names, notPassed, proofs, mode, errors),
  };
}

/** calls.feature's tampered call: AWS refuses the signature (403 InvalidSignatureException) before any policy. */
export const TAMPERED = 'S1 a tampered signature is refused, never a policy decision';
