// What Then-steps check, as library functions the step definitions call.
import pLimit from 'p-limit';
import type { Layer } from '../policy/index.js';
import { denialKindMismatch, judgeCell, type Cell, type Expectation } from '../matrix/index.js';
import type { CallSpec, CellDraft, RunContext } from './context.js';
import type { AssertionResult } from './assertions.js';
import { describeFailure } from './explain.js';
import { stepWordsOf } from './vocabulary.js';
import type { ScenarioRef } from './scenario-ref.js';

const REASON_OF_LAYER: Record<Layer, string> = {
  endpoint: 'endpoint-policy',
  resource: 'resource-policy',
  identity: 'identity-policy',
  session: 'session-policy',
  boundary: 'permissions-boundary',
  scp: 'service-control-policy',
};

/** Set the cell's expectation and judge it; for "denied by the X policy" the layer must match too. */
export function expectOutcome(
  draft: CellDraft,
  expected: Exclude<Expectation, null>,
  layer?: Layer,
): AssertionResult {
  const c = draft.cell;
  c.expected = expected;
  Object.assign(c, judgeCell(expected, c.predicted, c.observed, draft.matrix.options));
  if (c.verdict === 'pass' && layer) {
    // Only a policy decision names a layer: the one the answer names, or, when it names none, the
    // prediction's (visibly).
    const o = c.observed;
    const got = o
      ? o.layer
        ? REASON_OF_LAYER[o.layer]
        : o.reason
      : c.predicted?.layer
        ? REASON_OF_LAYER[c.predicted.layer]
        : c.predicted?.reason;
    const from =
      o?.layerSource === 'prediction' ? ' (the answer named no layer: taken from the prediction)' : '';
    // Nothing names the layer: not the answer (an older wording), not the prediction (which layer
    // denies depends on a fact the config lacks). Not established: an error, never a pass or a fail.
    if (o ? !o.layer && o.reason === 'access-denied' : !c.predicted?.layer && !c.predicted?.reason) {
      c.verdict = 'error';
      const why = c.predicted?.explanation.at(-1);
      const kinds = o ? denialKindMismatch(o, c.predicted) : undefined;
      const copies = draft.unconfirmed?.length ? draft.unconfirmed : undefined;
      const none = kinds
        ? ` (the answer names none, and the prediction's ${c.predicted!.layer} layer is not the answer's: the answer is ${kinds.answer}, the prediction ${kinds.prediction}; is the config's copy of a policy older than AWS's?)`
        : copies
          ? ` (the answer names none, as API Gateway's older wording never does, and the prediction's ${c.predicted!.layer} layer was decided over copies the call did not go through: ${copies.join('; ')}. Update the copy, or leave the setting out so the policy is read from AWS)`
          : o
            ? ' (the answer names none, nor does the prediction)'
            : '';
      return {
        ok: false,
        error: true,
        message: `${describeFailure(c)}
  expected the ${stepWordsOf(layer)} policy to deny, but which layer denied is not known${none}${why && !kinds && !copies ? `: ${why}` : ''}`,
      };
    }
    if (got !== REASON_OF_LAYER[layer]) {
      c.verdict = 'fail';
      return {
        ok: false,
        message: `${describeFailure(c)}\n  expected the ${stepWordsOf(layer)} policy to deny, but the denial came from: ${got ?? 'unknown'}${from}`,
      };
    }
  }
  return c.verdict === 'pass'
    ? { ok: true, message: '' }
    : { ok: false, message: describeFailure(c), error: c.verdict === 'error' };
}

export function expectStatus(draft: CellDraft, status: number): AssertionResult {
  const c = draft.cell;
  if (c.observed?.outcome === 'error') {
    c.verdict = 'error';
    return { ok: false, message: describeFailure(c), error: true };
  }
  if (c.observed) {
    return c.observed.status === status
      ? { ok: true, message: '' }
      : {
          ok: false,
          message: `${describeFailure(c)}\n  expected HTTP ${status}, got ${c.observed.status ?? 'no response'}`,
        };
  }
  // Offline only a refusal's status follows from a prediction (every refusal is 403). An allowed
  // call's status is its integration's answer (200, 201, a backend's 502): not established.
  if (status === 403) return expectOutcome(draft, 'deny');
  c.verdict = 'error';
  return {
    ok: false,
    error: true,
    message:
      `HTTP ${status} cannot be established offline (no request is sent): only a refusal's 403 ` +
      `follows from the policies; an allowed call's status is its integration's answer`,
  };
}

export interface MatrixTable {
  apis: string[];
  rows: { role: string | null; expected: Exclude<Expectation, null>[] }[];
}

/** Parse `| role | orders | payments |` rows of allow/deny. */
export function parseMatrixTable(raw: string[][]): MatrixTable {
  const [head, ...body] = raw;
  const apis = (head ?? []).slice(1).map((s) => s.trim());
  return {
    apis,
    rows: body.map((r) => ({
      role: r[0]!.trim() === 'anonymous' ? null : r[0]!.trim(),
      expected: r.slice(1).map((v) => (v.trim().toLowerCase() === 'allow' ? 'allow' : 'deny')),
    })),
  };
}

/**
 * Failing cells a matrix step's message describes: Cucumber holds the message in several of its
 * messages and parses it as a stack (a regular expression superlinear in each line), so 2,000
 * failing cells cost 15 s there; the reports list every cell.
 */
const MAX_LISTED = 20;

/** Every cell of the table, sent concurrently (bounded by the run's concurrency). */
export async function runMatrix(
  ctx: RunContext,
  at: { method: string; path: string; endpoint?: string } & ScenarioRef,
  table: MatrixTable,
): Promise<{ cells: Cell[]; result: AssertionResult }> {
  const limit = pLimit(ctx.concurrency);
  // Every cell is in the matrix before the first request: none goes missing if the step runs out of time.
  const planned = table.rows.flatMap((row) =>
    table.apis.map((api, i) => {
      const spec: CallSpec = {
        role: row.role,
        api,
        method: at.method,
        path: at.path,
        endpoint: at.endpoint,
        scenario: at.scenario,
        ...(at.scenarioLocation !== undefined ? { scenarioLocation: at.scenarioLocation } : {}),
      };
      return { planned: ctx.plan(spec, row.expected[i]), expected: row.expected[i]! };
    }),
  );
  const jobs = planned.map((p) =>
    limit(async () => {
      const draft = await ctx.make(p.planned);
      expectOutcome(draft, p.expected);
      return draft.cell;
    }),
  );
  const cells = await Promise.all(jobs);
  const bad = cells.filter((c) => c.verdict !== 'pass');
  if (bad.length === 0) return { cells, result: { ok: true, message: '' } };
  const errors = bad.filter((c) => c.verdict === 'error').length;
  return {
    cells,
    result: {
      ok: false,
      error: errors > 0,
      message: [
        `${bad.length} of ${cells.length} cells did not match (${errors} error):`,
        ...bad.slice(0, MAX_LISTED).map(describeFailure),
        ...(bad.length > MAX_LISTED
          ? [`… and ${bad.length - MAX_LISTED} more: every cell is in the access matrix reports`]
          : []),
      ].join('\n'),
    },
  };
}
