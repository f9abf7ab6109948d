// A configured call as the policies see it: the principal of a role alias, its organization, the
// request context and the chain's inputs for an API route. The harness (predictions) and the diff
// (before/after decisions) build their requests here, so both ask the engine the same question.
import type { Config, RoleConfig } from '../config/index.js';
import {
  authorizeCall,
  principalFromArn,
  requestContext,
  type AuthorizationType,
  type ChainDecision,
  type CompiledPolicy,
  type Principal,
  type RequestContext,
} from '../policy/index.js';

/** The session name spokegate assumes a role with (and so the session the policies see). */
export function sessionName(role: RoleConfig): string {
  return role.sessionName ?? 'spokegate';
}

/** The principal of a role alias (a session of that role), or anonymous for null. */
export function rolePrincipal(config: Config, roleAlias: string | null): Principal {
  const role = roleAlias === null ? undefined : config.roles[roleAlias];
  return role
    ? principalFromArn(role.arn, {
        sessionName: sessionName(role),
        ...(role.roleId ? { roleId: role.roleId } : {}),
      })
    : principalFromArn('anonymous');
}

/** The configured role a principal is a session of (its tags live there). */
function configuredRole(config: Config, principal: Principal): RoleConfig | undefined {
  if (principal.kind !== 'role-session') return undefined;
  return Object.values(config.roles).find((r) => r.arn === principal.roleArn);
}

/** The accounts of the organization: those listed, and every endpoint's and API's account. */
export function organizationAccounts(config: Config): Set<string> {
  const members = new Set<string>(config.organization?.accounts ?? []);
  for (const e of Object.values(config.endpoints)) if (e.account) members.add(e.account);
  for (const a of Object.values(config.apis)) members.add(a.account);
  return members;
}

/** aws:PrincipalOrgID of a principal, when the config's organization holds its account. */
export function organizationOf(config: Config, principal: Principal): string | undefined {
  if (!config.organization || principal.kind === 'anonymous' || principal.kind === 'service')
    return undefined;
  return organizationAccounts(config).has(principal.account) ? config.organization.id : undefined;
}

export interface ConfiguredCall {
  api: string;
  method: string;
  path: string;
  /** Endpoint alias; the config's default when omitted. */
  endpoint?: string;
}

/**
 * The request context of a call through a configured endpoint to a configured API. `orgId`
 * overrides the organization the config implies (a principal of another organization, say).
 */
export function configuredRequest(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  orgId: string | undefined = organizationOf(config, principal),
): RequestContext {
  const api = config.apis[call.api]!;
  const ep = config.endpoints[call.endpoint ?? config.defaults.endpoint!]!;
  const tags = configuredRole(config, principal)?.tags;
  return requestContext(
    principal,
    {
      region: api.region ?? config.region,
      account: api.account,
      apiId: api.id,
      stage: api.stage,
      method: call.method,
      path: call.path,
      sourceVpce: ep.id,
      ...(ep.vpc ? { sourceVpc: ep.vpc } : {}),
    },
    { orgId, ...(tags ? { tags } : {}) },
  );
}

/** The route's authorization type as the config states it (`noneRoutes`; AWS_IAM otherwise). */
export function authorizationTypeOf(config: Config, call: ConfiguredCall): AuthorizationType {
  return config.apis[call.api]!.noneRoutes?.includes(`${call.method} ${call.path}`) ? 'NONE' : 'AWS_IAM';
}

/**
 * Whether the call addresses the API by its alias name `{api}-{vpce}`: only that name needs the
 * endpoint to be associated with the API (ChainInput.viaAlias).
 */
export function viaAliasOf(config: Config, call: ConfiguredCall): boolean {
  return config.endpoints[call.endpoint ?? config.defaults.endpoint!]?.addressing === 'alias';
}

/** The policies known for one call (what the harness, check and diff have read). */
export interface CallLayers {
  endpointPolicy: CompiledPolicy;
  resourcePolicy?: CompiledPolicy | null;
  /** Undefined: not known (left out of the prediction). */
  identityPolicies?: CompiledPolicy[];
  /** The endpoints the private API accepts, when known. */
  acceptedEndpoints?: string[];
}

/** What the policies decide for one configured call by `principal` (anonymous for unsigned calls). */
export function predictCall(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  layers: CallLayers,
): ChainDecision {
  const api = config.apis[call.api]!;
  return authorizeCall(
    {
      endpointPolicy: layers.endpointPolicy,
      authorizationType: authorizationTypeOf(config, call),
      resourcePolicy: layers.resourcePolicy ?? undefined,
      identityPolicies: layers.identityPolicies,
      resourceAccount: api.account,
      acceptedEndpoints: layers.acceptedEndpoints,
      viaAlias: viaAliasOf(config, call),
    },
    configuredRequest(config, principal, call),
  );
}
