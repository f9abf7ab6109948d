// A call's decision as API Gateway takes it past the policies: the two readings of its path in the
// resource ARN (when they differ) must agree, and on a route whose authorizer decides, what the
// policies let through is the authorizer's to answer. One rule for the predictions (run, check) and
// diff, which each spelled it.
import { authorizationText, authorizerMayOverride, type RouteAuthorization } from '../routes/index.js';
import type { ChainDecision, CompiledPolicy, Principal } from '../policy/index.js';
import { agreeing, readingsOf, unknown } from './agreement.js';
import type { ReadingDecision, UnknownDecision } from './index.js';

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
  // Each answer it may have (an authorizer allowing or refusing; a route of unknown type may also be
  // NONE, where the policies' answer `d` stands), for diff to compare reading by reading. `d` is the
  // NONE answer: diff reads such a route as AWS_IAM apart (its Reading.iam).
  const readings: ReadingDecision[] = [
    ...(a.type === 'unknown' ? [{ label: 'if the route is NONE', decision: d.decision }] : []),
    { label: 'if an authorizer allows it', decision: 'allow' },
    { label: 'if an authorizer refuses it', decision: 'deny' },
  ];
  return { decision: 'unknown', unknown, explanation: [...d.explanation, unknown], readings };
}

const CALLER_HINT =
  'AWS does not establish whether the resource policy sees a signed caller as itself or as anonymous on a route whose authorizer decides (its guide says a resource policy naming AWS principals fails on every route not AWS_IAM); state the policy with Principal "*" and conditions that do not depend on the caller for such routes (docs/aws-behaviour.md §5d)';
const NONE_CALLER_HINT =
  'AWS does not establish whether the resource policy sees a signed caller as itself or as anonymous on a NONE route (its API Gateway guide says a resource policy naming AWS principals fails for all resources not secured with AWS_IAM; its VPC endpoint page names AWS_IAM or NONE); state the policy with Principal "*" and conditions that do not depend on the caller for NONE routes, or make the route AWS_IAM (docs/aws-behaviour.md §5d)';

/**
 * A signed call on a route not AWS_IAM (NONE, an authorizer's, or of unknown type): decided as the
 * resource policy seeing the signer and as it seeing an anonymous caller
 * (`decide(anonymousToResource)`, each through throughAuthorizer); the answer when both agree, else
 * `unknown`. The endpoint policy sees the signer either way; the identity policies are evaluated on
 * none of these routes. One rule for the predictions (run, check) and diff.
 */
export function overAuthorizerCallers(
  a: RouteAuthorization,
  principal: Principal,
  decide: (anonymousToResource: boolean) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  const signer = decide(false);
  if (a.type === 'AWS_IAM' || principal.kind === 'anonymous') return signer;
  const anonymous = decide(true);
  const none = a.type === 'NONE';
  const what = `the call on route ${authorizationText(a)}`;
  const hint = none ? NONE_CALLER_HINT : CALLER_HINT;
  const readings = [
    { label: 'if the resource policy sees the signer', d: signer },
    { label: 'if it sees an anonymous caller', d: anonymous },
  ];
  // One unknown, the other decided: both said (agreeing names both when both are unknown).
  if ((signer.decision === 'unknown') !== (anonymous.decision === 'unknown')) {
    const say = (d: ChainDecision | UnknownDecision) =>
      d.decision === 'unknown'
        ? none
          ? `unknown (${d.unknown})`
          : 'left to its authorizer'
        : `${d.decision} by the ${d.layer ?? 'unknown'} layer`;
    return {
      ...unknown(
        `${what} is ${say(signer)} if the resource policy sees the signer, ${say(anonymous)} if it sees an anonymous caller: ${hint}`,
      ),
      readings: readingsOf(readings),
    };
  }
  return agreeing(readings, what, hint);
}
