// A configured call as the policies see it: the principal of a role alias, its organization, the
// request context and the chain's inputs for an API route. The harness (predictions) and the diff
// (before/after decisions) build their requests here, so both ask the engine the same question.
import { configPath } from '../config/index.js';
import type { ApiConfig, Config, EndpointConfig, RoleConfig, UserCredentials } from '../config/index.js';
// The User-Agent alone: the gateway client (with its signing libraries) is not loaded offline.
import { USER_AGENT } from '../gateway/user-agent.js';
import {
  routeAuthorization,
  statedRouteTypes,
  type RouteAuthorization,
  type RouteRef,
} from '../routes/index.js';
import type { PolicySelect } from '../policy/sources/index.js';
import { decideOverOrgPaths, looksAtOrgPaths, orgPathSamples } from './org-paths.js';
import {
  decideOverResourceOrg,
  looksAtResourceOrg,
  statedResourceOrg,
  type ResourceOrg,
} from './resource-org.js';
import {
  addressSamples,
  decideOverAddresses,
  decideOverSourceIp,
  looksAtAddresses,
  sourceIpSamples,
} from './source-address.js';
import { decideWithGaps, type UnreadLayers } from './unknown.js';
import { denyWithoutLayer, readingsOf } from './agreement.js';
import { decideOverPathReadings, overAuthorizerCallers, throughAuthorizer } from './route.js';
import { overPackedSpace, sessionPoliciesProblem } from './packed-tags.js';
import { InputError } from '../errors.js';
import { perPolicy } from './per-policy.js';
import { scpsOf, statedScps } from './scps.js';
import { decideOverRoleIds, looksAtRoleIds } from './role-ids.js';
import { decideOverSourceVpc, looksAtSourceVpc } from './source-vpc.js';
import { decideOverTags, looksAtTags } from './principal-tags.js';
import { BOUND_WORDS, settleByBounds, type VariableBound } from './variable-bounds.js';
import { decideOverSessionMfa, looksAtSessionMfa, type SessionMfa } from './session-mfa.js';
import { decideOverVpceKeys, looksAtVpceKeys, type VpceKeys } from './vpce-keys.js';
import {
  ALLOWS_NOTHING,
  authorizeCall,
  boundLayers,
  principalAccount,
  principalFromArn,
  requestAt,
  requestContext,
  resourcePathReadings,
  type AuthorizationType,
  type ChainDecision,
  type ContextExtra,
  type CompiledPolicy,
  type Principal,
  type RequestContext,
} from '../policy/index.js';

/**
 * What a policy source (a Terraform plan, a CloudFormation template) cannot say by itself, from the
 * config: the region, the endpoint's account, and which ids its endpoint and API references stand for.
 */
export function policyBindings(config: Config, ep: EndpointConfig): PolicySelect {
  const alias = Object.keys(config.endpoints).find((a) => config.endpoints[a] === ep);
  return {
    region: ep.region ?? config.region,
    ...(ep.account
      ? { accountId: ep.account }
      : { accountUnknown: alias ? `endpoints.${alias}.account` : "the endpoint's account" }),
    bindEndpoint: ep.id,
    // A template's endpoint is the configured one in its VPC (never the default by default).
    endpoints: Object.values(config.endpoints).map((e) => ({ id: e.id, ...(e.vpc ? { vpc: e.vpc } : {}) })),
    bindApis: Object.fromEntries(Object.keys(config.apis).map((alias) => [alias, apiBinding(config, alias)])),
    // The config's only API: a template's only RestApi is it, whatever it is named (as diff matches).
    ...(Object.keys(config.apis).length === 1
      ? { bindOnlyApi: apiBinding(config, Object.keys(config.apis)[0]!) }
      : {}),
  };
}

const apiBinding = (config: Config, alias: string) => {
  const a = config.apis[alias]!;
  return { id: a.id, account: a.account, region: a.region ?? config.region };
};

/** The session name spokegate assumes a role with (and so the session the policies see). */
export function sessionName(role: RoleConfig): string {
  return role.sessionName ?? 'spokegate';
}

/**
 * How spokegate assumes a configured role: its session name, external id and duration, and, for a
 * role with `via`, the session of the role that assumes it (role chaining, down to the base identity).
 */
interface RoleSessionOptions {
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
  via?: { roleArn: string } & RoleSessionOptions;
}
export function roleSessionOptions(config: Config, role: RoleConfig): RoleSessionOptions {
  const via = role.via === undefined ? undefined : config.roles[role.via];
  return {
    sessionName: sessionName(role),
    ...(role.externalId ? { externalId: role.externalId } : {}),
    ...(role.durationSeconds ? { durationSeconds: role.durationSeconds } : {}),
    ...(via ? { via: { roleArn: via.arn, ...roleSessionOptions(config, via) } } : {}),
  };
}

/** The principal of a role alias (a session of that role), or anonymous for null. */
export function rolePrincipal(config: Config, roleAlias: string | null): Principal {
  const role = roleAlias === null ? undefined : config.roles[roleAlias];
  if (!role) return principalFromArn('anonymous');
  const p = principalFromArn(role.arn, {
    sessionName: sessionName(role),
    ...(role.roleId ? { roleId: role.roleId } : {}),
  });
  // A federated user: the user who federated is a fact of the config (a grant to it reaches the session).
  const f = role.federated;
  return f && p.kind === 'federated-user' ? { ...p, user: { arn: f.userArn, userId: f.userId } } : p;
}

/**
 * A federated user's session policies (federated.X.sessionPolicies), each compiled by `compile`
 * (the file's path, the field naming it); none given is a policy that allows nothing, as
 * GetFederationToken issues such a session. Undefined for any other caller.
 */
export function federatedSessionPolicies(
  config: Config,
  alias: string,
  compile: (path: string, field: string) => CompiledPolicy,
): CompiledPolicy[] | undefined {
  const f = config.roles[alias]?.federated;
  if (!f) return undefined;
  if (f.sessionPolicies.length === 0) return [ALLOWS_NOTHING];
  const policies = f.sessionPolicies.map((file, i) =>
    compile(configPath(config, file), `federated.${alias}.sessionPolicies.${i}`),
  );
  const problem = sessionPoliciesProblem(policies);
  if (problem)
    throw new InputError(problem, { file: config.file, field: `federated.${alias}.sessionPolicies` });
  return policies;
}

/** The configured role a principal is a session of, or the configured user it is (its tags live there). */
function configuredRole(config: Config, principal: Principal): RoleConfig | undefined {
  if (principal.kind === 'user' || principal.kind === 'federated-user')
    return Object.values(config.roles).find((r) => r.user && r.arn === principal.arn);
  if (principal.kind !== 'role-session') return undefined;
  // Asked once per call (10,000 cells of a diff): the roles by ARN, indexed once per config.
  let byArn = ROLES_BY_ARN.get(config);
  if (!byArn) {
    byArn = new Map();
    for (const r of Object.values(config.roles)) if (!byArn.has(r.arn)) byArn.set(r.arn, r);
    ROLES_BY_ARN.set(config, byArn);
  }
  return byArn.get(principal.roleArn);
}
const ROLES_BY_ARN = new WeakMap<Config, Map<string, RoleConfig>>();

/** The accounts the config states as members of its organization (never implied). */
export function organizationAccounts(config: Config): Set<string> {
  const id = config.organization?.id;
  if (!id) return new Set();
  return new Set(
    Object.entries(memberships(config))
      .filter(([, o]) => o === id)
      .map(([a]) => a),
  );
}

/** Account -> organization id or 'none', as the config states it (organization and organizations). */
function memberships(config: Config): Record<string, string> {
  if (config.memberOf) return config.memberOf;
  const known = MEMBERSHIPS.get(config);
  if (known) return known;
  const out: Record<string, string> = {};
  MEMBERSHIPS.set(config, out);
  for (const a of config.organization?.accounts ?? []) out[a] = config.organization!.id;
  for (const o of config.organizations ?? []) for (const a of o.accounts) out[a] = o.id;
  return out;
}

const MEMBERSHIPS = new WeakMap<Config, Record<string, string>>();

/**
 * The organizations whose member lists the config states complete (`complete: true`): an account
 * stated nowhere is in none of them (it may still be in another organization, or in none).
 */
export function completeOrganizations(config: Config): ReadonlySet<string> {
  let known = COMPLETE.get(config);
  if (!known) {
    known = new Set([
      ...(config.organization?.complete ? [config.organization.id] : []),
      ...(config.organizations ?? []).flatMap((o) => (o.complete && o.id !== 'none' ? [o.id] : [])),
    ]);
    COMPLETE.set(config, known);
  }
  return known;
}
const COMPLETE = new WeakMap<Config, ReadonlySet<string>>();

/** What an analysis world (who-can, diff, the proofs) knows of organizations: the config's statements. */
export function organizationFacts(config: Config): {
  organization?: { id: string; members: string[] };
  memberships: Readonly<Record<string, string>>;
  completeOrganizations?: string[];
  orgPaths?: Readonly<Record<string, string>>;
  serviceControlPolicies?: Readonly<Record<string, CompiledPolicy[][]>>;
} {
  const complete = completeOrganizations(config);
  return {
    // Members as the config states them: no account is ever added to the organization implicitly.
    ...(config.organization
      ? { organization: { id: config.organization.id, members: [...organizationAccounts(config)] } }
      : {}),
    memberships: memberships(config),
    ...(complete.size ? { completeOrganizations: [...complete] } : {}),
    ...(config.orgPaths ? { orgPaths: config.orgPaths } : {}),
    // The SCPs stated for an account limit its principals (src/predict/scps.ts).
    ...(config.scpFiles ? { serviceControlPolicies: Object.fromEntries(statedScps(config)) } : {}),
  };
}

/** What the config says of a principal's organization: a member of one, of none, or not known. */
export type Membership =
  { kind: 'member'; id: string } | { kind: 'none' } | { kind: 'unknown'; account: string };

export function membershipOf(config: Config, principal: Principal): Membership {
  if (principal.kind === 'anonymous' || principal.kind === 'service') return { kind: 'none' };
  const id = memberships(config)[principal.account];
  if (id === undefined) return { kind: 'unknown', account: principal.account };
  return id === 'none' ? { kind: 'none' } : { kind: 'member', id };
}

/** aws:PrincipalOrgID of a principal, when the config states its organization. */
export function organizationOf(config: Config, principal: Principal): string | undefined {
  const m = membershipOf(config, principal);
  return m.kind === 'member' ? m.id : undefined;
}

/** The setting that states an account's organization, for messages. */
export function organizationHint(account: string): string {
  return `state its organization in the config: organizations: [{ id: o-…, accounts: ['${account}'] }] (id: none for an account in no organization), or complete: true on an organization whose listed accounts are all its members`;
}

/** The setting that gives a role's identity policies, for messages. */
export function identityPoliciesHint(roleAlias: string): string {
  return `set roles.${roleAlias}.identityPolicies (JSON policy files; [] for a role with none)`;
}

export interface ConfiguredCall {
  api: string;
  method: string;
  path: string;
  /** Endpoint alias; the config's default when omitted. */
  endpoint?: string;
  /** The route's authorization as read from the API (its deployment); else the config's. */
  authorization?: RouteAuthorization;
}

/** Request facts the config states, or decideOverUnstated samples where it does not. */
export interface RequestFacts {
  /** aws:PrincipalOrgID. */
  orgId?: string | undefined;
  /** aws:VpcSourceIp: the runner's address. */
  vpcSourceIp?: string | undefined;
  /** aws:PrincipalOrgPaths: the caller's account's organization path. */
  orgPath?: string | undefined;
  /** aws:ResourceOrgID/aws:ResourceOrgPaths of the API's account; undefined: as the config states. */
  resourceOrg?: ResourceOrg | undefined;
  /** aws:SourceIp: never stated (absent or rewritten through the endpoint); only a sample. */
  sourceIp?: string | undefined;
  /** The role's unique id when the config does not state it: a sample (role-ids.ts). */
  roleId?: string | undefined;
  /** aws:SourceVpc when the config does not state the endpoint's VPC: a sample (source-vpc.ts). */
  sourceVpc?: string | undefined;
  /** The role's tags when the config does not state them: a sample (principal-tags.ts). */
  tags?: Record<string, string> | undefined;
  /** aws:VpceAccount/aws:VpceOrgID/aws:VpceOrgPaths in one reading (vpce-keys.ts); undefined: absent. */
  vpceKeys?: VpceKeys | undefined;
  /** A role session's MFA in one reading (session-mfa.ts); undefined: none, as assumed from access keys. */
  sessionMfa?: SessionMfa | undefined;
}

/** What the config states of a call's facts (nothing is implied). Shared: do not change it. */
export function statedFacts(config: Config, principal: Principal): Readonly<RequestFacts> {
  // Asked for every cell and every decision of a diff: once per principal object.
  let known = STATED.get(config);
  if (!known) STATED.set(config, (known = new WeakMap()));
  let facts = known.get(principal);
  if (!facts) {
    const account =
      principal.kind === 'anonymous' || principal.kind === 'service' ? undefined : principal.account;
    facts = Object.freeze({
      orgId: organizationOf(config, principal),
      vpcSourceIp: config.runner?.address,
      orgPath: account === undefined ? undefined : config.orgPaths?.[account],
    });
    known.set(principal, facts);
  }
  return facts;
}
const STATED = new WeakMap<Config, WeakMap<Principal, Readonly<RequestFacts>>>();

/**
 * The request context of a call through a configured endpoint to a configured API. `facts`
 * override what the config states (a principal of another organization, say).
 */
export function configuredRequest(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  facts: RequestFacts = statedFacts(config, principal),
): RequestContext {
  const { orgId, vpcSourceIp, orgPath, sourceIp, roleId } = facts;
  if (roleId !== undefined && principal.kind === 'role-session') principal = { ...principal, roleId };
  const api = config.apis[call.api]!;
  const ep = config.endpoints[call.endpoint ?? config.defaults.endpoint!]!;
  const sourceVpc = ep.vpc ?? facts.sourceVpc;
  const role = configuredRole(config, principal);
  const tags = facts.tags ?? role?.tags;
  const mfa = principal.kind === 'role-session' ? facts.sessionMfa : undefined;
  const credentials = role?.user
    ? userCredentials(role.user.credentials)
    : mfa
      ? ({ temporary: true, mfa: mfa.present } as const)
      : undefined;
  // A user's MFA session is issued at the call (users.X.credentials): AWS counts its age from then.
  const mfaAge = role?.user
    ? role.user.credentials === 'mfa-session'
      ? 0
      : undefined
    : mfa?.present
      ? mfa.age
      : undefined;
  const context = {
    ...facts.vpceKeys,
    ...(mfaAge !== undefined ? { 'aws:MultiFactorAuthAge': mfaAge } : {}),
  };
  const org = facts.resourceOrg ?? statedResourceOrg(memberships(config), config, api.account) ?? {};
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
      ...(sourceVpc ? { sourceVpc } : {}),
      ...(vpcSourceIp ? { vpcSourceIp } : {}),
      ...(sourceIp ? { sourceIp } : {}),
      // spokegate's client sends its User-Agent on every call; AWS reads it as aws:UserAgent.
      userAgent: USER_AGENT,
      ...(org.id ? { resourceOrgId: org.id } : {}),
      ...(org.id && org.path ? { resourceOrgPaths: [org.path] } : {}),
    },
    {
      orgId,
      ...(tags ? { tags } : {}),
      ...(orgPath ? { orgPaths: [orgPath] } : {}),
      ...(credentials ? { credentials } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
    },
  );
}

/** A configured user's credentials as the request carries them (GetSessionToken: issued now). */
function userCredentials(c: UserCredentials): ContextExtra['credentials'] {
  return c === 'long-term' ? { temporary: false } : { temporary: true, mfa: c === 'mfa-session' };
}

/**
 * configuredRequest for many calls with the config's stated facts (a diff's cells: every role at
 * every API): the context depends only on the caller, the endpoint, the API's region and the API's
 * account (aws:ResourceAccount and its organization's keys; the API's id, stage, method and path go
 * into the resource ARN alone), so calls that share those share one context object (requestAt)
 * instead of building one each.
 */
export function configuredRequests(
  config: Config,
): (principal: Principal, call: ConfiguredCall) => RequestContext {
  const built = new Map<Principal, Map<string, RequestContext>>();
  return (principal, call) => {
    const api = config.apis[call.api]!;
    const region = api.region ?? config.region;
    const key = `${call.endpoint ?? config.defaults.endpoint}\0${region}\0${api.account}`;
    let byCall = built.get(principal);
    if (!byCall) built.set(principal, (byCall = new Map<string, RequestContext>()));
    const base = byCall.get(key);
    if (!base) {
      const r = configuredRequest(config, principal, call);
      byCall.set(key, r);
      return r;
    }
    return requestAt(base, {
      region,
      account: api.account,
      apiId: api.id,
      stage: api.stage,
      method: call.method,
      path: call.path,
    });
  };
}

/**
 * The route a call reaches and its authorization: as read from the API when the caller knows it
 * (sandbox/live: the stage's deployment), else as the config states it (`routes` typed by
 * `noneRoutes` and `authorizers`; AWS_IAM otherwise).
 */
export function routeAuthorizationOf(config: Config, call: ConfiguredCall): RouteAuthorization {
  if (call.authorization) return call.authorization;
  const api = config.apis[call.api]!;
  // Asked once per cell (a diff: every role at the same few routes): once per method and path.
  let stated = STATED_ROUTES.get(api);
  if (!stated)
    STATED_ROUTES.set(
      api,
      (stated = { routes: statedRouteTypes(api.routes, api.noneRoutes, api.authorizers), at: new Map() }),
    );
  const key = `${call.method}\0${call.path}`;
  let found = stated.at.get(key);
  if (!found) {
    found = routeAuthorization(stated.routes, call.method, call.path);
    if (stated.at.size >= 10_000) stated.at.clear();
    stated.at.set(key, found);
  }
  return found;
}
const STATED_ROUTES = new WeakMap<ApiConfig, { routes: RouteRef[]; at: Map<string, RouteAuthorization> }>();

/**
 * The chain's authorization type for a call: AWS_IAM, else NONE (a NONE route, and a route whose
 * authorizer decides or whose type is unknown: the identity policies are not evaluated, an unsigned
 * caller is not refused, the resource policy still applies; see throughAuthorizer).
 */
export function authorizationTypeOf(config: Config, call: ConfiguredCall): AuthorizationType {
  return routeAuthorizationOf(config, call).type === 'AWS_IAM' ? 'AWS_IAM' : 'NONE';
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
  /** null: the API has none (a private API refuses every call); undefined: not given. */
  resourcePolicy?: CompiledPolicy | null;
  /** Undefined: not known (left out of the prediction). */
  identityPolicies?: CompiledPolicy[];
  /** The caller's role's permissions boundary (read from IAM); undefined: none or not read. */
  permissionsBoundary?: CompiledPolicy;
  /** A federated user's session policies (federated.X.sessionPolicies); undefined: none. */
  sessionPolicies?: CompiledPolicy[];
  /** The endpoints the private API accepts, when known. */
  acceptedEndpoints?: string[];
}

/** A decision that depends on a fact the config does not state. */
export interface UnknownDecision {
  decision: 'unknown';
  /** What is missing and the setting to add. */
  unknown: string;
  explanation: string[];
  /**
   * Every reading it was decided over (each value of a fact the config does not state, each reading
   * of a path or caller, in order), with its decision there, where they are known. The reason text
   * names only the readings that disagree first, so two different policies can give the same text:
   * diff compares these reading by reading (src/diff readingsMove). Absent: how the decision splits
   * is not known (compared as anything).
   */
  readings?: readonly ReadingDecision[];
}

/** One reading of an unknown decision and its decision there (a nested unknown's reason, when it is one). */
export interface ReadingDecision {
  label: string;
  decision: 'allow' | 'deny' | 'unknown';
  reason?: string;
}

const ORG_KEYS = /aws:PrincipalOrg(?:ID|Paths)/i;
const ORG_IDS = /o-[a-z0-9]{10,32}/g;
/** An organization none of the policies names: "another organization". */
const ANOTHER_ORG = 'o-spokegateanother0';

/**
 * What the policies decide for one configured call by `principal` (anonymous for unsigned calls).
 * When the principal's organization is not stated and a policy in the chain looks at it, the call
 * is decided once per organization the policies name, another one, and none: if those answers
 * differ, the decision is `unknown` (never a guess), naming the account and the setting to add.
 */
export function predictCall(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  layers: CallLayers,
): ChainDecision | UnknownDecision {
  const scps = scpsOf(config, principal);
  const policies = [
    layers.endpointPolicy,
    layers.resourcePolicy,
    ...(layers.identityPolicies ?? []),
    layers.permissionsBoundary,
    ...(layers.sessionPolicies ?? []),
    ...(scps ?? []).flat(),
  ];
  const authorization = routeAuthorizationOf(config, call);
  const decideReading = (anonymousToResource: boolean) => {
    const decidePath = (path: string) =>
      decideOverUnstated(
        config,
        principal,
        policies,
        (facts) => decideCall(config, principal, { ...call, path }, layers, facts, anonymousToResource),
        call.endpoint,
        config.apis[call.api]?.account,
      );
    // A trailing slash, `//` or a percent-encoded character: which form the resource ARN holds is
    // not documented, so both readings are decided and must agree (resourcePathReadings).
    const d = decideOverPathReadings(call, resourcePathReadings(call.path), (r) => decidePath(r.path));
    return throughAuthorizer(authorization, d, layers.resourcePolicy);
  };
  // On an authorizer's route, whom the resource policy sees is not established: both readings.
  const d = overAuthorizerCallers(authorization, principal, decideReading);
  // Unknown (a variable reading an unstated tag): settled where the variables' bounds agree.
  // The layers' own policies only: the SCPs are read as they are (boundedCall leaves them).
  const own = policies.slice(0, policies.length - (scps ?? []).flat().length);
  const settled = settleByBounds(d, own, (bound) => boundedCall(config, principal, call, layers, bound));
  // A federated session whose tags may not fit STS's packed space may not exist (packed-tags.ts).
  return overPackedSpace(config, principal, settled);
}

/** predictCall with every layer's variables read as `bound` reads them (settleByBounds), its reason said. */
function boundedCall(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  layers: CallLayers,
  bound: VariableBound,
): ChainDecision | UnknownDecision {
  const d = predictCall(config, principal, call, boundLayers(layers, bound));
  return d.decision === 'unknown' ? d : { ...d, explanation: [...d.explanation, BOUND_WORDS[d.decision]] };
}

/**
 * `decide` over the request facts the config may leave unstated: the principal's organization
 * (decideOverOrganizations), its account's organization path (org-paths.ts), the runner's
 * address, aws:VpcSourceIp, and aws:SourceIp, which no one can state (source-address.ts). The answer when every value the policies can tell
 * apart gives it, else `unknown` naming the setting. Shared by the predictions (run, check) and diff.
 */
export function decideOverUnstated(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (facts: RequestFacts) => ChainDecision,
  /** The endpoint alias the call goes through (the default when omitted). */
  endpoint?: string,
  /** The API's account (its organization is aws:ResourceOrgID's), when the call names an API. */
  apiAccount?: string,
): ChainDecision | UnknownDecision {
  const stated = statedFacts(config, principal);
  // No policy looks at any fact the config may leave unstated (most chains): every wrapper below
  // would decide once with the stated facts, so decide that way without building them.
  if (!unstatedMatters(policies))
    return decide({
      orgId: stated.orgId,
      vpcSourceIp: stated.vpcSourceIp,
      orgPath: stated.orgPath,
      sourceIp: undefined,
    });
  const account = principalAccount(principal);
  // A path is there only for a member; one stated, or an account in no organization, is known.
  const membership = membershipOf(config, principal);
  const pathKnown = stated.orgPath !== undefined || account === undefined || membership.kind === 'none';
  // Stated nowhere: no path under an organization whose member list is complete.
  const notIn = membership.kind === 'unknown' ? [...completeOrganizations(config)] : [];
  return decideOverVpceKeys(config, endpoint, policies, memberships(config), (vpceKeys) =>
    decideOverResourceOrg(memberships(config), config, apiAccount, policies, (resourceOrg) =>
      decideOverSourceVpc(config, endpoint, policies, (sourceVpc) =>
        decideOverRoleIds(config, principal, policies, (roleId) =>
          decideOverSessionMfa(config, principal, policies, (sessionMfa) =>
            decideOverTags(config, principal, policies, (tags) =>
              decideOverSourceIp(sourceIpSamples(policies), (sourceIp) =>
                decideOverAddresses(
                  stated.vpcSourceIp ? { addresses: [] } : addressSamples(policies),
                  (address) =>
                    decideOverOrgPaths(
                      pathKnown ? [] : orgPathSamples(policies, notIn),
                      account ?? '',
                      (path) =>
                        decideOverOrganizations(config, principal, policies, (orgId) =>
                          decide({
                            orgId,
                            vpcSourceIp: address ?? stated.vpcSourceIp,
                            orgPath: pathKnown ? stated.orgPath : path,
                            sourceIp,
                            ...(roleId !== undefined ? { roleId } : {}),
                            ...(sourceVpc !== undefined ? { sourceVpc } : {}),
                            ...(tags !== undefined ? { tags } : {}),
                            ...(resourceOrg !== undefined ? { resourceOrg } : {}),
                            ...(vpceKeys !== undefined ? { vpceKeys } : {}),
                            ...(sessionMfa !== undefined ? { sessionMfa } : {}),
                          }),
                        ),
                    ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Whether decideOverUnstated would decide more than once: some policy looks at a fact the config
 * may leave unstated. When none does, its answer is `decide` with the stated facts alone (the diff
 * then asks the engine directly, with the request built from them).
 */
export function unstatedMatters(policies: readonly (CompiledPolicy | null | undefined)[]): boolean {
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    if (p && looksAtUnstated(p)) return true;
  }
  return false;
}

/**
 * Whether `test` holds for a principal whatever the facts the config leaves unstated (its
 * organization, organization path, unique id and tags, as decideOverUnstated samples them): for a
 * proof's witness, a configured role stands for its class only when it surely is in it. An account
 * whose organization is not stated may be in ours even when no policy looks at the key (the proofs
 * about outsiders do): it is tried as a member of it and of none too.
 */
export function holdsOverUnstated(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  test: (facts: RequestFacts) => boolean,
): boolean {
  // An account stated nowhere is no member of ours when its member list is complete.
  const ours =
    config.organization && !completeOrganizations(config).has(config.organization.id)
      ? config.organization.id
      : undefined;
  const open = membershipOf(config, principal).kind === 'unknown';
  const holds = (facts: RequestFacts) =>
    test(facts) &&
    (!open ||
      ((ours === undefined || test({ ...facts, orgId: ours })) &&
        test({ ...facts, orgId: undefined, orgPath: undefined })));
  const answer = (yes: boolean): ChainDecision => ({
    decision: yes ? 'allow' : 'deny',
    detail: yes ? 'Allowed' : 'ImplicitDeny',
    layer: null,
    statements: [],
    layers: [],
    explanation: [],
  });
  return decideOverUnstated(config, principal, policies, (f) => answer(holds(f))).decision === 'allow';
}

/** Whether one policy looks at a fact the config may leave unstated (unstatedMatters, for one). */
export const looksAtUnstated = perPolicy(
  (p: CompiledPolicy): boolean =>
    orgFactsOf(p).looks ||
    looksAtRoleIds(p) ||
    looksAtSourceVpc(p) ||
    looksAtAddresses(p) ||
    looksAtOrgPaths(p) ||
    looksAtTags(p) ||
    looksAtSessionMfa(p) ||
    looksAtResourceOrg(p) ||
    looksAtVpceKeys(p),
);

/**
 * `decide` with the principal's stated organization; when it is not stated and the policies (their
 * `texts`) look at the organization, once per organization they name, another and none: the
 * answer when all agree, else `unknown` naming the account and the setting to add. Shared by the
 * predictions (run, check) and diff.
 */
function decideOverOrganizations(
  config: Config,
  principal: Principal,
  texts: string | readonly (CompiledPolicy | null | undefined)[],
  decide: (orgId: string | undefined) => ChainDecision,
): ChainDecision | UnknownDecision {
  const m = membershipOf(config, principal);
  if (m.kind !== 'unknown') return decide(organizationOf(config, principal));
  const facts = typeof texts === 'string' ? orgFacts(texts) : policiesOrgFacts(texts);
  if (!facts.looks) return decide(undefined);
  // The account is stated nowhere, so it is in no organization whose member list is complete.
  const complete = completeOrganizations(config);
  const candidates = [
    ...new Set(
      [...facts.ids, ...(config.organization ? [config.organization.id] : [])].filter(
        (id) => !complete.has(id),
      ),
    ),
    ANOTHER_ORG,
  ];
  const none = decide(undefined);
  const outcomes = candidates.map((id) => ({ id, d: decide(id) }));
  const differ = outcomes.filter((o) => o.d.decision !== none.decision);
  if (differ.length === 0) {
    if (outcomes.every((o) => o.d.layer === none.layer)) return none;
    // Denied whatever the organization, but which layer denies depends on it: no layer is claimed.
    const layers = [
      ...outcomes.map(
        (o) =>
          `by the ${o.d.layer ?? 'unknown'} layer as a member of ${o.id === ANOTHER_ORG ? 'another organization' : o.id}`,
      ),
      `by the ${none.layer ?? 'unknown'} layer in no organization`,
    ].join(', ');
    return denyWithoutLayer(
      none,
      `denied whatever the organization of account ${m.account}, but which layer denies depends on it (${layers}): ${organizationHint(m.account)}`,
    );
  }
  const said = [
    ...outcomes.map(
      (o) => `${o.d.decision} as a member of ${o.id === ANOTHER_ORG ? 'another organization' : o.id}`,
    ),
    `${none.decision} in no organization`,
  ].join(', ');
  return {
    decision: 'unknown',
    unknown: `the decision depends on the organization of account ${m.account}, which the config does not state (${said}): ${organizationHint(m.account)}`,
    explanation: [`aws:PrincipalOrgID of account ${m.account} is not known: ${said}`],
    readings: readingsOf([
      ...outcomes.map((o) => ({ label: `as a member of ${o.id}`, d: o.d })),
      { label: 'in no organization', d: none },
    ]),
  };
}

/** Whether a text looks at the organization, and the organization ids it names. */
function orgFacts(text: string): { looks: boolean; ids: string[] } {
  return { looks: ORG_KEYS.test(text), ids: text.match(ORG_IDS) ?? [] };
}

/** orgFacts of several policies, each read once (a diff asks for the same policies per cell). */
function policiesOrgFacts(policies: readonly (CompiledPolicy | null | undefined)[]): {
  looks: boolean;
  ids: string[];
} {
  let looks = false;
  const ids: string[] = [];
  for (const p of policies) {
    if (!p) continue;
    const f = orgFactsOf(p);
    looks ||= f.looks;
    ids.push(...f.ids);
  }
  return { looks, ids };
}
const orgFactsOf = perPolicy((p) => orgFacts(p.text));

function decideCall(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  layers: CallLayers,
  facts: RequestFacts,
  anonymousToResource = false,
): ChainDecision {
  const api = config.apis[call.api]!;
  const scps = scpsOf(config, principal);
  return authorizeCall(
    {
      ...(scps ? { serviceControlPolicies: scps } : {}),
      ...(anonymousToResource ? { anonymousToResource } : {}),
      endpointPolicy: layers.endpointPolicy,
      authorizationType: authorizationTypeOf(config, call),
      resourcePolicy: layers.resourcePolicy,
      identityPolicies: layers.identityPolicies,
      ...(layers.permissionsBoundary ? { permissionsBoundary: layers.permissionsBoundary } : {}),
      ...(layers.sessionPolicies ? { sessionPolicies: layers.sessionPolicies } : {}),
      resourceAccount: api.account,
      acceptedEndpoints: layers.acceptedEndpoints,
      viaAlias: viaAliasOf(config, call),
    },
    configuredRequest(config, principal, call, facts),
  );
}

/**
 * predictCall over layers some of which could not be read: the decision when every value of the
 * unread layers gives it, else `unknown` naming what is missing (see unknown.ts).
 */
export function predictCallWithGaps(
  config: Config,
  principal: Principal,
  call: ConfiguredCall,
  layers: CallLayers,
  unread: UnreadLayers,
): ChainDecision | UnknownDecision {
  return decideWithGaps(layers, unread, (l) => predictCall(config, principal, call, l));
}

export {
  decideWithGaps,
  standIn,
  STANCES,
  type GapLayers,
  type Stance,
  type UnreadLayers,
} from './unknown.js';
export { roleIdSamples } from './role-ids.js';
export { looksAtResourceOrg, resourceOrgLabel, resourceOrgSamples } from './resource-org.js';
export { scpsOf, statedScps } from './scps.js';
export { tagSamples } from './principal-tags.js';
export { settleByBounds, type VariableBound } from './variable-bounds.js';
export { sourceVpcMatters } from './source-vpc.js';
export { decideOverPathReadings, overAuthorizerCallers, throughAuthorizer } from './route.js';
export { readingsOf } from './agreement.js';
export { statedCredentialsProblem } from './session-mfa.js';

/**
 * The bindings for a file given as one API's resource policy: the template is deployed with that
 * API, so `AWS::AccountId` and `AWS::Region` are the API's own, whatever its RestApi is named.
 */
export function apiPolicyBindings(config: Config, alias: string): PolicySelect {
  const api = config.apis[alias]!;
  const ep = config.endpoints[config.defaults.endpoint!]!;
  // Not the default endpoint's policy file: an endpoint the template defines is bound by its VPC only.
  const { bindEndpoint: _notThisFile, ...bindings } = policyBindings(config, ep);
  return {
    ...bindings,
    accountId: api.account,
    region: api.region ?? config.region,
    bindOnlyApi: apiBinding(config, alias),
  };
}
