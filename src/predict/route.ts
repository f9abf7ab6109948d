// A call's decision as API Gateway takes it past the policies: the two readings of its path in the
// resource ARN (when they differ) must agree, and on a route whose authorizer decides, what the
// policies let through is the authorizer's to answer. One rule for the predictions (run, check) and
// diff, which each spelled it.
import { authorizationText, authorizerMayOverride, type RouteAuthorization } from '../routes/index.js';
import type { ChainDecision, CompiledPolicy } from '../policy/index.js';
import { agreeing } from './agreement.js';
import type { UnknownDecision } from './index.js';

const READINGS_HINT =
  'AWS does not document how a trailing slash, an empty segment or a percent-encoded character appears in the execute-api resource ARN, and the policies decide the two readings differently; call the path in its plain form (docs/aws-behaviour.md §5c)';

/**
 * `decide` for each reading of a call's path (resourcePathReadings: as written and normalised, or
 * the one when they are the same): the answer when they agree, else `unknown`.
 */
export function decideOverPathReadings<R extends { label?: string; path: string }>(
  call: { method: string; path: string },
  readings: readonly R[],
  decide: (reading: R) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (readings.length === 1) return decide(readings[0]!);
  return agreeing(
    readings.map((r) => ({ label: r.label ?? `with path ${r.path}`, d: decide(r) })),
    `the resource ARN of ${call.method} ${call.path}`,
    READINGS_HINT,
  );
}

/**
 * A call on a route whose authorizer decides (CUSTOM, COGNITO_USER_POOLS) or whose type is unknown:
 * the policies' refusal stands (they are evaluated before the authorizer: API Gateway developer
 * guide, apigateway-authorization-flow); otherwise the answer is the authorizer's, which spokegate
 * cannot ask: `unknown`, naming the route and its authorizer (a refusal the authorizer may override
 * is no refusal: authorizerMayOverride).
 */
export function throughAuthorizer(
  a: RouteAuthorization,
  d: ChainDecision | UnknownDecision,
  resourcePolicy: CompiledPolicy | null | undefined,
): ChainDecision | UnknownDecision {
  if (a.type === 'NONE' || a.type === 'AWS_IAM' || d.decision === 'unknown') return d;
  if (d.decision === 'deny' && !authorizerMayOverride(a.type, d, !!resourcePolicy)) return d;
  const route = authorizationText(a);
  const unknown =
    a.type === 'unknown'
      ? `the authorization of route ${route} is not known, so neither is the answer`
      : `route ${route} is decided by its authorizer, which spokegate cannot ask: the policies ${d.decision === 'allow' ? 'let the call reach it' : 'do not refuse the call before it'}`;
  return { decision: 'unknown', unknown, explanation: [...d.explanation, unknown] };
}
