// Control-plane authorization: may this caller call this action on this resource? Only the caller's
// identity policies and its session policies decide (these control-plane reads have no resource
// policies), with the engine.
import { authorizeCall, principalKeys } from '../policy/index.js';
import type { RequestContext } from '../policy/types.js';
import { credentialsOf, type Caller, type SandboxState } from './state.js';

export interface ControlPlaneDecision {
  allowed: boolean;
  /** An explicit deny decided (else nothing allowed). */
  explicit: boolean;
  /** The layer that refused: the identity policies, or the caller's session policies. */
  layer: 'identity' | 'session';
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
  const d = authorizeCall(
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
    layer: d.layer === 'session' ? 'session' : 'identity',
  };
}
