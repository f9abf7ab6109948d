// Control-plane authorization: may this caller call this action on this resource? Only the caller's
// identity policies, its session policies, its (role's or user's) permissions boundary and its
// account's SCPs decide (these control-plane reads have no resource policies), with the engine.
import { authorizeCall, principalKeys } from '../policy/index.js';
import type { ChainDecision, ChainInput, ContextValue, Layer, RequestContext } from '../policy/types.js';
import { credentialsOf, sessionKeysOf, type Caller, type SandboxState } from './state.js';

/**
 * The engine's decision of `chain` for `caller`, with its role's or user's permissions boundary as the
 * engine's `boundary` layer and its account's SCPs as the `scp` layer (the same rules the harness
 * predicts with; docs/aws-behaviour.md §14, §22).
 */
export function authorizeAs(
  caller: Caller | undefined,
  chain: ChainInput,
  ctx: RequestContext,
): { decision: ChainDecision; layer: Layer | null } {
  const boundary = caller?.boundary ?? caller?.role?.boundary;
  const d = authorizeCall(
    boundary || caller?.scps
      ? {
          ...chain,
          ...(boundary ? { permissionsBoundary: boundary.policy } : {}),
          ...(caller?.scps ? { serviceControlPolicies: caller.scps } : {}),
        }
      : chain,
    ctx,
  );
  return { decision: d, layer: d.layer };
}

export interface ControlPlaneDecision {
  allowed: boolean;
  /** An explicit deny decided (else nothing allowed). */
  explicit: boolean;
  /** The layer that refused: the identity policies, the caller's session policies, its boundary or SCPs. */
  layer: 'identity' | 'session' | 'boundary' | 'scp';
}

export function authorizeControlPlane(
  state: SandboxState,
  caller: Caller,
  action: string,
  resource: string,
  region: string,
  /** More request keys (a GetFederationToken's aws:RequestTag/KEY, aws:TagKeys). */
  extra: Record<string, ContextValue> = {},
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
      ...sessionKeysOf(caller, state.now()),
      ...extra,
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
    layer: layer === 'session' || layer === 'boundary' || layer === 'scp' ? layer : 'identity',
  };
}
