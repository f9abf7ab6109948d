// Control-plane authorization: may this caller call this action on this resource? Only the caller's
// identity policies, its session policies and its role's permissions boundary decide (these
// control-plane reads have no resource policies), with the engine.
import { authorizeCall, principalKeys } from '../policy/index.js';
import type { ChainDecision, ChainInput, Layer, RequestContext } from '../policy/types.js';
import { credentialsOf, type Caller, type SandboxState } from './state.js';

/** The layer that refused a call; `boundary`: the caller's role's permissions boundary. */
export type DeniedLayer = Layer | 'boundary';

/**
 * The engine's decision of `chain` for `caller`, limited by its role's permissions boundary. A
 * boundary limits exactly where a session policy does (IAM User Guide, reference_policies_evaluation-logic:
 * identity-policy grants and resource-policy grants to the role ARN "are limited by an implicit deny in
 * a permissions boundary or session policy"; a same-account grant naming the role session is not; an
 * explicit deny in either wins), so the chain is decided once with the session's own policies and once
 * with the boundary in their place, and both must allow (docs/aws-behaviour.md §14).
 */
export function authorizeAs(
  caller: Caller | undefined,
  chain: ChainInput,
  ctx: RequestContext,
): { decision: ChainDecision; layer: DeniedLayer | null } {
  const d = authorizeCall(chain, ctx);
  const boundary = caller?.role?.boundary;
  if (!boundary || d.detail === 'ExplicitDeny') return { decision: d, layer: d.layer };
  const b = authorizeCall({ ...chain, sessionPolicies: [boundary.policy] }, ctx);
  const byBoundary = { decision: b, layer: b.layer === 'session' ? 'boundary' : b.layer } as const;
  if (b.decision === 'allow') return { decision: d, layer: d.layer };
  // Both refuse: an explicit deny in the boundary is what IAM names; else the chain's own refusal.
  if (d.decision === 'deny')
    return b.detail === 'ExplicitDeny' ? byBoundary : { decision: d, layer: d.layer };
  return byBoundary;
}

export interface ControlPlaneDecision {
  allowed: boolean;
  /** An explicit deny decided (else nothing allowed). */
  explicit: boolean;
  /** The layer that refused: the identity policies, the caller's session policies or its boundary. */
  layer: 'identity' | 'session' | 'boundary';
}

export function authorizeControlPlane(
  state: SandboxState,
  caller: Caller,
  action: string,
  resource: string,
  region: string,
): ControlPlaneDecision {
  const orgId = state.orgIdOf(caller.account);
  const ctx: RequestContext = {
    principal: caller.principal,
    action,
    resource,
    context: {
      ...principalKeys(caller.principal, {
        ...(orgId ? { orgId } : {}),
        ...state.orgPathsOf(caller.account),
        tags: caller.tags,
        userId: caller.userId,
        credentials: credentialsOf(caller),
      }),
      'aws:RequestedRegion': region,
      'aws:CurrentTime': state.now().toISOString(),
    },
  };
  const { decision: d, layer } = authorizeAs(
    caller,
    {
      authorizationType: 'AWS_IAM',
      identityPolicies: caller.identity,
      ...(caller.sessionPolicies ? { sessionPolicies: caller.sessionPolicies } : {}),
    },
    ctx,
  );
  return {
    allowed: d.decision === 'allow',
    explicit: d.detail === 'ExplicitDeny',
    layer: layer === 'session' || layer === 'boundary' ? layer : 'identity',
  };
}
