import { DENIAL_REASONS } from './schema.js';
import type { Cell, CellJson, Expectation, Observation, Prediction, Verdict } from './types.js';
import type { Layer } from '../policy/types.js';

const RANK: Record<Verdict, number> = { pass: 0, fail: 1, error: 2 };

/**
 * Why a prediction is what it is, one entry per line, as every report and the console show it: the
 * engine's explanation, which for an unknown names what is missing and the setting to add. When the
 * explanation lacks that (the schema lets a document leave `explanation` out; no prediction of
 * spokegate's does today), it is added, so no output says "unknown" without why.
 */
export function predictionReasons(p: Pick<Prediction, 'unknown'> & { explanation?: string[] }): string[] {
  const lines = p.explanation ?? [];
  const missing = p.unknown;
  return missing !== undefined && !lines.some((l) => l.includes(missing))
    ? [...lines, `unknown: ${missing}`]
    : lines;
}

/** The worse of two verdicts (error > fail > pass). */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

function observedDecision(o: Pick<Observation, 'outcome' | 'reason'>): 'allow' | 'deny' | null {
  if (o.outcome === 'allowed') return 'allow';
  // Fail closed: a refusal no policy made (Forbidden, a missing route, WAF, an API key) is no denial.
  if (o.outcome === 'denied') return DENIAL_REASONS.has(o.reason) ? 'deny' : null;
  return null;
}

/**
 * Judge one cell, failing closed:
 * - an observed outcome 'error' is verdict 'error' whatever was expected;
 * - with an observation, pass iff it matches the expectation (allowed<->allow, denied<->deny);
 * - without one (offline), the prediction is compared with the expectation; with neither there is
 *   nothing to judge, so an expectation yields 'error' (never a silent pass);
 * - an `unknown` prediction (a fact spokegate lacks) judges nothing: offline with an expectation
 *   it is 'error', like no prediction at all;
 * - expected null passes unless something above says error.
 * A disagreement is a prediction and an observed decision (allowed/denied) that differ; an 'error'
 * observation has no decision to disagree with (its verdict already says error), nor has an
 * `unknown` prediction. A disagreement is a finding: it fails the cell unless `allowDisagreement`.
 */
export function judgeCell(
  expected: Expectation,
  predicted: Prediction | null,
  observed: Observation | null,
  opts: JudgeOptions = {},
): { verdict: Verdict; disagreement: boolean } {
  const seen = observed ? observedDecision(observed) : null;
  const guess = predicted && predicted.decision !== 'unknown' ? predicted.decision : null;
  const disagreement = guess !== null && seen !== null && guess !== seen;
  const finding = (v: Verdict): Verdict =>
    v === 'pass' && disagreement && !opts.allowDisagreement ? 'fail' : v;

  if (observed) {
    if (seen === null) return { verdict: 'error', disagreement };
    if (expected === null) return { verdict: finding('pass'), disagreement };
    return { verdict: finding(seen === expected ? 'pass' : 'fail'), disagreement };
  }
  if (expected === null) return { verdict: 'pass', disagreement };
  if (!guess) return { verdict: 'error', disagreement };
  return { verdict: guess === expected ? 'pass' : 'fail', disagreement };
}

export interface JudgeOptions {
  /** A prediction that contradicts the wire does not fail the cell (`--allow-disagreement`). */
  allowDisagreement?: boolean;
}

const LAYER_OF_REASON: Record<string, Layer> = {
  'endpoint-policy': 'endpoint',
  'resource-policy': 'resource',
  'identity-policy': 'identity',
  'permissions-boundary': 'boundary',
  'session-policy': 'session',
  'service-control-policy': 'scp',
};

/**
 * Which policy layer a denial is attributed to, visibly: the one the answer names (`wire`), or, for
 * an answer that names none (`access-denied`, the older wordings), the predicted deny's layer
 * (`prediction`), but only when the answer is the same kind of deny as the prediction: the older
 * wordings still say "… with an explicit deny" for an explicit one and nothing after the resource for
 * an implicit one (docs/aws-behaviour.md §4), and a prediction of the other kind did not decide as AWS
 * did (a stale copy of a policy), so its layer is not the answer's (denialKindMismatch says so).
 * Other observations are returned unchanged.
 */
export function attributeLayer(
  observed: Observation,
  predicted: Prediction | null,
  /** Copies of the policies the prediction was decided over that the call's source does not confirm. */
  unconfirmed: readonly string[] = [],
): Observation {
  if (observed.outcome !== 'denied') return observed;
  const named = LAYER_OF_REASON[observed.reason];
  if (named) return { ...observed, layer: named, layerSource: 'wire' };
  if (borrowsLayer(observed, predicted) && unconfirmed.length === 0)
    return { ...observed, layer: predicted!.layer!, layerSource: 'prediction' };
  return observed;
}

/**
 * Whether an answer that names no layer would take the prediction's: a denial (`access-denied`)
 * predicted as a deny by a layer, of the same kind (explicit or implicit). The copies it was decided
 * over must still be confirmed (attributeLayer's `unconfirmed`).
 */
export function borrowsLayer(observed: Observation, predicted: Prediction | null): boolean {
  return (
    observed.outcome === 'denied' &&
    observed.reason === 'access-denied' &&
    predicted?.decision === 'deny' &&
    !!predicted.layer &&
    !denialKindMismatch(observed, predicted)
  );
}

/** An older wording's explicit deny: "… on resource: ARN with an explicit deny" and nothing more. */
const OLDER_EXPLICIT = / with an explicit deny\.?$/i;

/**
 * For an answer that names no layer: the kinds of deny when the answer's (explicit or implicit)
 * contradicts the prediction's, in words; undefined when they agree or either is not said.
 */
export function denialKindMismatch(
  observed: Pick<Observation, 'reason' | 'message'>,
  predicted: Pick<Prediction, 'detail'> | null | undefined,
): { answer: string; prediction: string } | undefined {
  if (observed.reason !== 'access-denied' || observed.message === undefined) return undefined;
  const detail = predicted?.detail;
  if (detail !== 'ExplicitDeny' && detail !== 'ImplicitDeny') return undefined;
  const explicit = OLDER_EXPLICIT.test(observed.message.trim());
  if (explicit === (detail === 'ExplicitDeny')) return undefined;
  const kind = (e: boolean) => (e ? 'an explicit deny' : 'an implicit deny');
  return { answer: kind(explicit), prediction: kind(!explicit) };
}

/** A cell's judged fields from its inputs (the harness builds cells with this). */
export function makeCell(
  input: Omit<Cell, 'verdict' | 'disagreement'> & { verdict?: Verdict },
  opts: JudgeOptions = {},
): Cell {
  const judged = judgeCell(input.expected, input.predicted, input.observed, opts);
  return {
    ...input,
    verdict: input.verdict ? worstVerdict(input.verdict, judged.verdict) : judged.verdict,
    disagreement: judged.disagreement,
  };
}

/** What the cell's decision was, for display: observed when there is an observation, else predicted. */
export function shownDecision(cell: Cell | CellJson): 'allow' | 'deny' | 'unknown' | 'error' | null {
  if (cell.observed) return observedDecision(cell.observed) ?? 'error';
  return cell.predicted ? cell.predicted.decision : null;
}

/** "scenario: Checkout reaches orders; cell: CheckoutRole -> orders GET /orders through hub" */
export function cellLabel(cell: Pick<Cell, 'role' | 'api' | 'method' | 'path' | 'endpoint'>): string {
  return `${cell.role} -> ${cell.api} ${cell.method} ${cell.path} through ${cell.endpoint}`;
}

type Coordinates = Pick<
  Cell,
  'role' | 'principal' | 'api' | 'method' | 'path' | 'endpoint' | 'scenario' | 'scenarioLocation' | 'expected'
>;

/** Which call a cell is and what its scenario expects, in the order every report writes them. */
export function cellCoordinates(c: Coordinates): Coordinates {
  return {
    role: c.role,
    principal: c.principal,
    api: c.api,
    method: c.method,
    path: c.path,
    endpoint: c.endpoint,
    scenario: c.scenario,
    ...(c.scenarioLocation !== undefined ? { scenarioLocation: c.scenarioLocation } : {}),
    expected: c.expected,
  };
}

/** The scenario a cell came from, for people: `name (features/x.feature:42)`, or the name alone. */
export function scenarioLabel(c: Pick<Cell, 'scenario' | 'scenarioLocation'>): string {
  return c.scenarioLocation ? `${c.scenario} (${c.scenarioLocation})` : c.scenario;
}

/**
 * Which scenario (row) a cell came from, as a key: the location tells apart the rows of an Outline
 * and scenarios that share a name; the name, cells that carry no location (older documents).
 */
export function scenarioKey(c: Pick<Cell, 'scenario' | 'scenarioLocation'>): string {
  return `${c.scenarioLocation ?? ''}\u0000${c.scenario}`;
}

/** One line naming the scenario, the cell and both outcomes; for failure messages on the console. */
export function describeCellOutcome(cell: Cell | CellJson): string {
  const exp = cell.expected ?? 'no expectation';
  const parts = [`expected ${exp}`];
  if (cell.predicted) {
    parts.push(
      `predicted ${cell.predicted.decision}` + (cell.predicted.layer ? ` (${cell.predicted.layer})` : ''),
    );
  }
  if (cell.observed) {
    const o = cell.observed;
    parts.push(`observed ${o.outcome} (${o.reason}${o.status !== null ? `, HTTP ${o.status}` : ''})`);
  } else {
    parts.push('not observed');
  }
  const at = cell.scenarioLocation ? ` (${cell.scenarioLocation})` : '';
  return `${cell.verdict.toUpperCase()} scenario "${cell.scenario}"${at}, cell ${cellLabel(cell)}: ${parts.join(', ')}`;
}
