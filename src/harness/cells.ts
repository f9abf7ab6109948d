// A call's cell: registered in the matrix before anything is sent (so a call that never finishes is
// still an error cell in every report), then completed with what was predicted and observed.
import { decisionFields, type ChainDecision } from '../policy/index.js';
import type { UnknownDecision } from '../predict/index.js';
import type { CallResult } from '../gateway/index.js';
import { SANDBOX_ENDPOINT_HEADER } from '../sandbox/diagnostics.js';
import { attributeLayer, judgeCell, type JudgeOptions } from '../matrix/judge.js';
import type { Cell, Expectation, Observation, Prediction } from '../matrix/types.js';

/** A request whose signature does not verify is refused before any policy is read. */
export const TAMPERED: Prediction = {
  decision: 'deny',
  detail: 'ImplicitDeny',
  layer: null,
  statements: [],
  explanation: [
    'the signature does not match the request: API Gateway refuses it (InvalidSignatureException) before any policy',
  ],
};

export const UNFINISHED = 'the call did not finish (no answer within the step’s time budget)';
export const INTERRUPTED =
  'the run was interrupted (SIGINT, SIGTERM, SIGHUP or SIGQUIT) before this call finished';

/** Registered, never completed: neither predicted nor observed nor failed. */
export function isPending(c: Cell): boolean {
  return c.predicted === null && c.observed === null && c.note === UNFINISHED;
}

export function pendingCell(
  c: Omit<Cell, 'expected' | 'predicted' | 'observed' | 'verdict' | 'disagreement'>,
  expected: Expectation,
): Cell {
  return {
    ...c,
    expected,
    predicted: null,
    observed: null,
    verdict: 'error',
    disagreement: false,
    note: UNFINISHED,
  };
}

/** Fill a pending cell in place and judge it afresh. */
export function completeCell(
  cell: Cell,
  predicted: Prediction,
  observed: Observation | null,
  note: string | undefined,
  opts: JudgeOptions,
  /** Copies of policies the prediction was decided over that the call's source does not confirm. */
  unconfirmed: readonly string[] = [],
): void {
  cell.predicted = predicted;
  // The denial's layer: from the answer when it names one, else (visibly) from the prediction.
  cell.observed = observed ? attributeLayer(observed, predicted, unconfirmed) : null;
  if (note === undefined) delete cell.note;
  else cell.note = note;
  Object.assign(cell, judgeCell(cell.expected, cell.predicted, cell.observed, opts));
}

/** A cell whose call failed before an answer (AssumeRole refused, AWS unreachable): an error. */
export function failCell(cell: Cell, why: string): void {
  cell.note = why;
  cell.verdict = 'error';
}

export function toPrediction(d: ChainDecision | UnknownDecision): Prediction {
  if (d.decision === 'unknown')
    return {
      decision: 'unknown',
      detail: 'Unknown',
      unknown: d.unknown,
      layer: null,
      statements: [],
      explanation: d.explanation,
    };
  return { ...decisionFields(d), explanation: d.explanation };
}

export function toObservation(r: CallResult): Observation {
  return {
    status: r.status,
    outcome: r.outcome,
    reason: r.reason,
    requestId: r.requestId,
    latencyMs: Math.round(r.latencyMs),
    attempts: r.attempts,
    message: r.message,
    at: new Date().toISOString(),
  };
}

/**
 * Sandbox mode: the answer must have come through the endpoint the step names (the sandbox says
 * which in a sandbox-only header). Otherwise the observation is an error: it is about another
 * endpoint's policy, whatever it says.
 */
export function checkThrough(
  observed: Observation,
  result: CallResult,
  endpoint: { alias: string; id: string },
  aliasOf: (vpceId: string) => string | undefined,
): Observation {
  if (result.status === null) return observed;
  const came = Object.entries(result.headers).find(([k]) => k.toLowerCase() === SANDBOX_ENDPOINT_HEADER)?.[1];
  if (came === endpoint.id) return observed;
  // An answer the sandbox could not place (no API, no endpoint) is already an error: keep its reason.
  if (came === undefined && observed.outcome === 'error') return observed;
  const where =
    came === undefined
      ? 'the sandbox did not say which endpoint the request came through'
      : `the request came through ${came}${aliasOf(came) ? ` ("${aliasOf(came)}")` : ' (an endpoint the config does not name)'}`;
  return {
    ...observed,
    outcome: 'error',
    reason: 'wrong-endpoint',
    message: `${where}, not through "${endpoint.alias}" (${endpoint.id}) as the step says: its answer is about another endpoint's policy. Check endpoints.${endpoint.alias}.dnsName and addressing, and runner.vpc (sandbox-only check)`,
  };
}
