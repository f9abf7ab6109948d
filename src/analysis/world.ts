// What the analysis reasons about: one endpoint, the APIs behind it, the roles whose identity
// policies are known, and the organization; and one concrete request in it. `decide` asks the
// ordinary engine (authorizeCall) — every witness and every property-test request goes through it.
import { parseRoleArn } from '../identifiers/index.js';
import {
  authorizationText,
  authorizerMayOverride,
  parseRouteSpec,
  routeAuthorization,
  routeKey,
  specKey,
  type RouteAuthorization,
  type RouteRef,
} from '../routes/index.js';
import {
  authorizeCall,
  executeApiArn,
  boundLayers,
  leastPermissive,
  mostPermissive,
  INVOKE_ACTION,
  parsePolicy,
  principalAccount,
  principalFromArn,
  requestContext,
  resourcePathReadings,
  type ChainDecision,
  type ApiCall,
  type ChainInput,
  type CompiledPolicy,
  type ContextValue,
  type Principal,
  type RequestContext,
  toInstant,
} from '../policy/index.js';
import { InputError } from '../errors.js';
import { memoised } from './memo.js';
import { excerpt } from '../escape/index.js';

export interface AnalysisApi {
  alias: string;
  region: string;
  account: string;
  id: string;
  stage: string;
  /**
   * Undefined: not known, so not evaluated (as in the chain's contract); null: known to have none (a
   * private API then refuses every call). who-can never analyses an API with `unknownResource`.
   */
  resourcePolicy?: CompiledPolicy | null;
  /** The resource policy was not given (offline) or could not be read: why, and what to add. */
  unknownResource?: string;
  acceptedEndpoints?: readonly string[];
  /**
   * Every known route of the API with its authorization type (GetDeployment, or the config's routes
   * typed by noneRoutes): a request takes the type of the route API Gateway routes it to, so a
   * literal AWS_IAM route beside a NONE template is AWS_IAM. A route without a known type is unknown.
   */
  routes?: readonly RouteRef[];
  /** Routes whose authorization type is NONE, as "METHOD /path", besides `routes` (templates). */
  noneRoutes: readonly string[];
}

/** An API's routes with their types: `routes`, and each of `noneRoutes` not among them as NONE. */
export function typedRoutes(api: AnalysisApi): readonly RouteRef[] {
  let hit = TYPED.get(api);
  if (!hit) {
    // Told apart as API Gateway does (routeKey): `{orderId}` is the listed `{id}`.
    const listed = new Set((api.routes ?? []).map(routeKey));
    hit = [
      ...(api.routes ?? []),
      ...api.noneRoutes
        .filter((r) => !listed.has(specKey(r)))
        .map((r) => ({ ...parseRouteSpec(r), authorizationType: 'NONE' })),
    ];
    TYPED.set(api, hit);
  }
  return hit;
}
const TYPED = new WeakMap<AnalysisApi, readonly RouteRef[]>();

export interface AnalysisRole {
  alias: string;
  arn: string;
  sessionName: string;
  /** Known identity policies; undefined when not known (the identity layer is then not evaluated). */
  identityPolicies?: CompiledPolicy[];
  /** The identity policies were not given (offline) or could not be read: why, and what to add. */
  unknownIdentity?: string;
  /** Its permissions boundary, when it has one (known with its identity policies). */
  permissionsBoundary?: CompiledPolicy;
  /** Its unique id (AROA…), when known: aws:userid is ROLEID:session. */
  roleId?: string;
  /** Its tags, when known (a proof's witness fits it only with them). */
  tags?: Record<string, string>;
}

export interface AnalysisWorld {
  /** The endpoint the requests come through; its id and VPC are then known request keys. */
  endpoint?: { alias: string; id: string; vpc?: string; policy?: CompiledPolicy };
  apis: AnalysisApi[];
  roles: AnalysisRole[];
  /** The organization and its member accounts, when stated. */
  organization?: { id: string; members: readonly string[] };
  /** Every stated membership: account -> organization id, or 'none'. Other accounts' are unknown. */
  memberships?: Readonly<Record<string, string>>;
  /** Stated organization paths: account -> its aws:PrincipalOrgPaths (config `orgPaths`). */
  orgPaths?: Readonly<Record<string, string>>;
  /**
   * Stated service control policies: account -> the SCPs that limit its principals, one list per
   * level of its path (config `serviceControlPolicies`); other accounts' are not evaluated.
   */
  serviceControlPolicies?: Readonly<Record<string, readonly (readonly CompiledPolicy[])[]>>;
  /** Organizations whose stated members are all their members (config `complete: true`). */
  completeOrganizations?: readonly string[];
  /**
   * The analysis's one clock, an ISO 8601 instant (analysisNow): "now" for the issue-time and clock
   * regions, their witnesses, "later than now", and a request that does not say its time or its
   * credentials' issue time. When omitted, the first time the world is asked (clockOf).
   */
  now?: string;
}

/**
 * The instant the analysis reads as now (who-can and diff `--now`): the one given, else the start
 * of `started`'s UTC day, so two runs on one day print the same bytes (a witness carries now).
 * Exit 2 for what the engine does not read as an instant (its Date condition reader, toInstant).
 */
export function analysisNow(given: string | undefined, started: Date = new Date()): string {
  if (given === undefined) {
    const day = new Date(started);
    day.setUTCHours(0, 0, 0, 0);
    return day.toISOString();
  }
  const ms = toInstant(given);
  if (ms === undefined || Math.abs(ms) > 8.64e15)
    throw new InputError(
      `${JSON.stringify(excerpt(given, 80))} is not an instant; give one as 2026-12-02T00:00:00Z`,
      { field: '--now' },
    );
  return new Date(ms).toISOString();
}

/** The world's clock in ms since the epoch: its `now`, else the first time asked, kept for it. */
export function clockOf(world: AnalysisWorld): number {
  let ms = CLOCKS.get(world);
  if (ms === undefined) {
    ms = world.now !== undefined ? (toInstant(world.now) ?? Date.now()) : Date.now();
    CLOCKS.set(world, ms);
  }
  return ms;
}
const CLOCKS = new WeakMap<AnalysisWorld, number>();

/**
 * Whether an account may be a member of `org`: it is stated in it, or stated nowhere and `org`'s
 * member list is not stated complete.
 */
export function mayBeMember(world: AnalysisWorld, account: string, org: string): boolean {
  const stated = statedOrganization(world, account);
  return stated !== undefined ? stated === org : !world.completeOrganizations?.includes(org);
}

/** The stated organization of an account ('none' for none); undefined when not stated. */
export function statedOrganization(world: AnalysisWorld, account: string): string | undefined {
  const m = world.memberships?.[account];
  if (m !== undefined) return m;
  if (!world.organization) return undefined;
  let members = MEMBERS.get(world);
  if (!members) MEMBERS.set(world, (members = new Set(world.organization.members)));
  return members.has(account) ? world.organization.id : undefined;
}

/** Per world: its organization's members as a set (asked for every principal point). */
const MEMBERS = new WeakMap<AnalysisWorld, Set<string>>();

/**
 * aws:ResourceOrgID and aws:ResourceOrgPaths of a call to the API: its account's stated organization
 * and path (docs/aws-behaviour.md §8, resource keys). Not stated: left out here, and who-can splits
 * the key as one not known offline (space.ts).
 */
function resourceOrgOf(
  world: AnalysisWorld,
  api: AnalysisApi,
): { resourceOrgId?: string; resourceOrgPaths?: string[] } {
  const org = statedOrganization(world, api.account);
  if (org === undefined || org === 'none') return {};
  const path = world.orgPaths?.[api.account];
  return { resourceOrgId: org, ...(path ? { resourceOrgPaths: [path] } : {}) };
}

/** What a signed principal carries besides its ARN: organization and tags. */
interface PrincipalFacts {
  orgId?: string;
  orgPaths?: string[];
  tags?: Record<string, string>;
}

/**
 * Who calls: anonymous (unsigned), a role session, an IAM user, a federated user or the account root. Users and root
 * sign too, and a Principal naming an account (`"AWS": "ACCOUNT"`, `:root`) lets them in.
 */
export type RequestPrincipal =
  | { kind: 'anonymous' }
  | (PrincipalFacts & {
      kind: 'role';
      /** arn:aws:iam::ACCOUNT:role/PATH/NAME */
      arn: string;
      sessionName: string;
      /** Its unique id (AROA…); a known role's own when omitted, else a stand-in. */
      roleId?: string;
      /** When its credentials were issued (aws:TokenIssueTime); now when omitted. */
      issuedAt?: string;
      /** Assumed with MFA (aws:MultiFactorAuthPresent); false when omitted. */
      mfa?: boolean;
    })
  | (PrincipalFacts &
      LongTermOrSession & {
        kind: 'user';
        /** arn:aws:iam::ACCOUNT:user/PATH/NAME */
        arn: string;
        /** Its unique id (AIDA…); a stand-in when omitted. */
        userId?: string;
      })
  | (PrincipalFacts & {
      /** A GetFederationToken session: its permissions are its federating user's, not known. */
      kind: 'federated-user';
      /** arn:aws:sts::ACCOUNT:federated-user/NAME */
      arn: string;
      /**
       * When its credentials were issued (aws:TokenIssueTime); now when omitted. Never with MFA:
       * GetFederationToken takes no MFA parameters (aws:MultiFactorAuthPresent false, no
       * aws:MultiFactorAuthAge; docs/aws-behaviour.md §13).
       */
      issuedAt?: string;
    })
  | (PrincipalFacts &
      LongTermOrSession & {
        kind: 'root';
        /** arn:aws:iam::ACCOUNT:root */
        arn: string;
      });

/**
 * How an IAM user or the account root signs: with its long-term keys (neither field: no
 * aws:TokenIssueTime, no aws:MultiFactorAuthPresent), or with the temporary credentials
 * GetSessionToken returns (either field: both keys, as a session carries them; IAM User Guide,
 * id_credentials_temp_control-access_getsessiontoken; docs/aws-behaviour.md §13).
 */
interface LongTermOrSession {
  /** GetSessionToken credentials issued then (aws:TokenIssueTime); now when only `mfa` is given. */
  issuedAt?: string;
  /** GetSessionToken credentials issued with MFA or not (aws:MultiFactorAuthPresent; false when omitted). */
  mfa?: boolean;
}

/** The temporary credentials a principal signs with (principalKeys' `credentials`), if any. */
export function credentialsOf(
  p: RequestPrincipal,
): { temporary: true; issuedAt?: string; mfa?: boolean } | undefined {
  if (p.kind === 'anonymous') return undefined;
  const session = p.kind === 'role' || p.kind === 'federated-user';
  const mfa = p.kind === 'federated-user' ? undefined : p.mfa;
  if (!session && p.issuedAt === undefined && mfa === undefined) return undefined;
  return {
    temporary: true,
    ...(p.issuedAt !== undefined ? { issuedAt: p.issuedAt } : {}),
    ...(mfa !== undefined ? { mfa } : {}),
  };
}

/** One concrete request: a witness, or a request drawn by the property test. */
export interface AnalysisRequest {
  api: string;
  principal: RequestPrincipal;
  method: string;
  /** With its leading slash. */
  path: string;
  /** Keys of the request context the policies cannot know beforehand (aws:SourceIp, …). */
  context?: Record<string, string>;
  /** Addressed by the API's alias name `{api}-{vpce}` (see ChainInput.viaAlias), not private DNS. */
  viaAlias?: boolean;
  /** The stage it calls; the API's (`AnalysisApi.stage`) when omitted. */
  stage?: string;
  /**
   * `decoded`: the resource ARN holds the path decoded (`%2F` read as `/`), the one reading of the
   * two AWS leaves open (docs/aws-behaviour.md §5c) under which this request is in its kind: a
   * witness whose path parameter holds an encoded `/` (who-can's search, §50). Otherwise as written.
   */
  arnReading?: 'decoded';
}

/** The request with its resource ARN holding the path as written (no arnReading). */
export function withoutReading(req: AnalysisRequest): AnalysisRequest {
  if (req.arnReading === undefined) return req;
  const { arnReading: _decoded, ...rest } = req;
  return rest;
}

/** The path the request's resource ARN holds (AnalysisRequest.arnReading); routing reads `path` as sent. */
export function resourcePathOf(req: AnalysisRequest): string {
  if (req.arnReading !== 'decoded') return req.path;
  return resourcePathReadings(req.path).at(-1)!.path;
}

/**
 * The permissions of a caller whose identity policies spokegate does not know, at most: one that
 * allows every call. In the API's own account an identity policy allowing suffices even when the
 * resource policy is silent (IAM User Guide, reference_policies_evaluation-logic: "the union of the
 * permissions of the two types"); across accounts both must allow (aws-behaviour.md, outcome rules).
 */
const ASSUMED_ALLOW = parsePolicy(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  { name: 'its own identity policies (not known to spokegate, assumed to allow)' },
);

/**
 * The account root's permissions: every action on every resource of its account, with no identity
 * policy to attach or to know (IAM User Guide, id_root-user: "complete access to all AWS services
 * and resources in the account"). Service control policies, which spokegate does not read, aside.
 */
const ROOT_PERMISSIONS = parsePolicy(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  { name: 'the account root (every permission of its account)' },
);

/** The stand-in policies above decide, but are no statement of any policy to report. */
const STAND_INS = new Set([ASSUMED_ALLOW.source.name, ROOT_PERMISSIONS.source.name]);

/**
 * The identity layers that bound a caller whose identity policies are not known (decide's): one
 * that allows every call, and none. Another chain (the diff's sides) decides with both, as decide does.
 */
export const UNKNOWN_IDENTITY = { allows: [ASSUMED_ALLOW], silent: [] as CompiledPolicy[] } as const;

/** Whether a statement is one of the stand-ins (never reported as a deciding statement). */
export const isStandIn = (ref: { policy?: string }): boolean => STAND_INS.has(ref.policy ?? '');

/** Per world: principals and known identity policies by role ARN and session, built once. */
const CACHE = new WeakMap<AnalysisWorld, Map<string, Caller>>();

/** A caller as the engine sees it: the principal, and its identity policies and boundary when known. */
interface Caller {
  principal: Principal;
  identity?: CompiledPolicy[];
  boundary?: CompiledPolicy;
}

/**
 * Per world: the known roles by account, path and name. A role at another path is another
 * principal (IAM names a role by its whole ARN): it does not borrow the configured role's identity
 * policies, id or tags, and is decided as any unconfigured principal.
 */
const KNOWN = new WeakMap<AnalysisWorld, Map<string, AnalysisRole>>();

function knownRole(world: AnalysisWorld, account: string, pathAndName: string): AnalysisRole | undefined {
  let m = KNOWN.get(world);
  if (!m) {
    m = new Map();
    for (const r of world.roles) {
      const k = parseRoleArn(r.arn);
      if (k && !m.has(`${k.account}/${k.path}${k.name}`)) m.set(`${k.account}/${k.path}${k.name}`, r);
    }
    KNOWN.set(world, m);
  }
  return m.get(`${account}/${pathAndName}`);
}

/** Who calls, as text: the principal the engine builds depends on this alone. */
function callerKey(p: RequestPrincipal): string {
  return p.kind === 'anonymous'
    ? ''
    : p.kind === 'role'
      ? `${p.arn}\0${p.sessionName}\0${p.roleId ?? ''}`
      : p.kind === 'user'
        ? `${p.arn}\0${p.userId ?? ''}`
        : p.arn;
}

function caller(world: AnalysisWorld, p: RequestPrincipal): Caller {
  let cache = CACHE.get(world);
  if (!cache) CACHE.set(world, (cache = new Map<string, Caller>()));
  const key = callerKey(p);
  let hit = cache.get(key);
  if (!hit) {
    if (p.kind === 'anonymous') hit = { principal: principalFromArn('anonymous') };
    // Users have no identity policies the world knows (decide stands in for them); the account
    // root has its account's every permission.
    else if (p.kind === 'user')
      hit = { principal: principalFromArn(p.arn, p.userId ? { roleId: p.userId } : {}) };
    // A federated user's permissions are its federating user's and its session policy's: not known.
    else if (p.kind === 'federated-user') hit = { principal: principalFromArn(p.arn) };
    else if (p.kind === 'root') hit = { principal: principalFromArn(p.arn), identity: [ROOT_PERMISSIONS] };
    else {
      const m = parseRoleArn(p.arn);
      const known = m ? knownRole(world, m.account, `${m.path}${m.name}`) : undefined;
      hit = {
        principal: principalFromArn(p.arn, {
          sessionName: p.sessionName,
          ...(p.roleId ? { roleId: p.roleId } : known?.roleId ? { roleId: known.roleId } : {}),
        }),
        ...(known?.identityPolicies ? { identity: known.identityPolicies } : {}),
        ...(known?.permissionsBoundary ? { boundary: known.permissionsBoundary } : {}),
      };
    }
    if (cache.size > 20_000) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

/** The unique id the engine gives a principal (its own, a known role's, or a stand-in). */
export function uniqueIdOf(world: AnalysisWorld, p: RequestPrincipal): string | undefined {
  const principal = caller(world, p).principal;
  return principal.kind === 'role-session'
    ? principal.roleId
    : principal.kind === 'user'
      ? principal.userId
      : undefined;
}

/** The configured role at ACCOUNT with PATH/NAME (`a/b/Name`, or `Name` at /), when the world knows it. */
export function knownRoleAt(
  world: AnalysisWorld,
  account: string,
  pathAndName: string,
): AnalysisRole | undefined {
  return knownRole(world, account, pathAndName);
}

/** The chain input and request context the engine sees for a request. */
export function engineQuestion(
  world: AnalysisWorld,
  req: AnalysisRequest,
): { chain: ChainInput; request: RequestContext } {
  // A request is asked about again right after (its decision, the identity check, the decision
  // without identity policies): the last few questions are kept. Not a WeakMap keyed by request:
  // a who-can makes a request per point (210,000 for `*?` x 16 over aws:userid), and that many
  // weak entries kept the garbage collector busy for a third of the run.
  for (let i = 0; i < RECENT.length; i++) {
    const hit = RECENT[i]!;
    if (hit.req === req && hit.world === world) return hit.q;
  }
  const q = buildQuestion(world, req);
  RECENT[next] = { req, world, q };
  next = (next + 1) % RECENT_SIZE;
  return q;
}

/** Requests are never changed once made (changes are copies), so their questions keep. */
const RECENT_SIZE = 4;
const RECENT: {
  req: AnalysisRequest;
  world: AnalysisWorld;
  q: { chain: ChainInput; request: RequestContext };
}[] = [];
let next = 0;

/** An API of a world: the authorization of each route asked about, and its call's fixed fields. */
interface WorldApi {
  api: AnalysisApi;
  authorizations: Map<string, RouteAuthorization>;
  /** What every call to it carries whatever the route (buildQuestion's ApiCall), made on first use. */
  base?: {
    sourceVpce?: string;
    sourceVpc?: string;
    resourceOrgId?: string;
    resourceOrgPaths?: string[];
    /** Its region and account, the key of the request contexts its calls share (CONTEXTS). */
    where: string;
  };
}

/** Per world: each API by alias. */
const APIS = new WeakMap<AnalysisWorld, Map<string, WorldApi>>();

function apiOf(world: AnalysisWorld, alias: string): WorldApi {
  let m = APIS.get(world);
  if (!m) {
    m = new Map();
    for (const a of world.apis) if (!m.has(a.alias)) m.set(a.alias, { api: a, authorizations: new Map() });
    APIS.set(world, m);
  }
  const hit = m.get(alias);
  if (!hit) throw new Error(`unknown API ${alias}`);
  return hit;
}

/** The authorization of the route METHOD PATH reaches, as API Gateway routes it (asked once per route). */
function authorizationOf(
  api: AnalysisApi,
  seen: Map<string, RouteAuthorization>,
  method: string,
  path: string,
): RouteAuthorization {
  const key = `${method} ${path}`;
  let hit = seen.get(key);
  if (hit === undefined) {
    if (seen.size > 10_000) seen.clear();
    seen.set(key, (hit = routeAuthorization(typedRoutes(api), method, path)));
  }
  return hit;
}

/**
 * Why a signed request's answer on a NONE route is not one fact: the resource policy lets it through
 * if it sees the signer and not if it sees an anonymous caller, or the reverse (not established:
 * docs/aws-behaviour.md §5d). Undefined when both readings agree, the request is unsigned, or the
 * route is not NONE (an authorizer's route: authorizerOf).
 */
export function callerReadingOf(world: AnalysisWorld, req: AnalysisRequest): string | undefined {
  const reading = allowingReadingOf(world, req);
  if (!reading) return undefined;
  const { api, authorizations } = apiOf(world, req.api);
  const a = authorizationOf(api, authorizations, req.method, req.path);
  return `route ${authorizationText(a)} lets it through only if its resource policy sees ${READING_WORDS[reading]}, which AWS does not establish (docs/aws-behaviour.md §5d)`;
}

/** Whom a resource policy may see behind a signed call on a NONE route (docs/aws-behaviour.md §5d). */
export type CallerReading = 'signer' | 'anonymous';
export const READING_WORDS: Record<CallerReading, string> = {
  signer: 'the signer',
  anonymous: 'an anonymous caller',
};

/**
 * The one reading of whom the resource policy sees under which a signed call on a NONE route gets
 * through, when the two readings disagree (callerReadingOf's words); undefined when they agree, the
 * call is unsigned, or the route is not NONE.
 */
export function allowingReadingOf(world: AnalysisWorld, req: AnalysisRequest): CallerReading | undefined {
  const both = readingDecisions(world, req);
  if (!both || both.signer === both.anonymous) return undefined;
  return both.signer === 'allow' ? 'signer' : 'anonymous';
}

/** A signed call on a NONE route decided under each reading of whom its resource policy sees; else undefined. */
function readingDecisions(
  world: AnalysisWorld,
  req: AnalysisRequest,
): Record<CallerReading, ChainDecision['decision']> | undefined {
  if (req.principal.kind === 'anonymous') return undefined;
  const { api, authorizations } = apiOf(world, req.api);
  const a = authorizationOf(api, authorizations, req.method, req.path);
  if (a.type !== 'NONE') return undefined;
  // The identity policies are not evaluated on a NONE route: the chain as it stands decides.
  const { chain, request } = engineQuestion(world, req);
  return {
    signer: authorizeCall(chain, request).decision,
    anonymous: authorizeCall({ ...chain, anonymousToResource: true }, request).decision,
  };
}

/**
 * Why a request's answer is not the policies' alone: its route has an authorizer (CUSTOM,
 * COGNITO_USER_POOLS) or an authorization type that is not one fact. Undefined for NONE and AWS_IAM.
 * `decide` then answers whether the policies let the request reach the authorizer (see decide).
 */
export function authorizerOf(world: AnalysisWorld, req: AnalysisRequest): string | undefined {
  const { api, authorizations } = apiOf(world, req.api);
  // decide asks each reading of the path on the route that reading reaches: a `%2F` path routes as
  // one segment written (GET /orders%2Fq: no route) and as two normalised (GET /orders/{id}, whose
  // authorizer decides), so an allow may be the authorizer's under either reading.
  for (const { path } of readingsOf(req)) {
    const a = authorizationOf(api, authorizations, req.method, path);
    if (a.type !== 'NONE' && a.type !== 'AWS_IAM') return authorizationText(a);
  }
  return undefined;
}

/**
 * The request context's keys by who calls and the request's own context keys: they do not depend
 * on the route, nor on the API beyond its region (aws:RequestedRegion) and account
 * (aws:ResourceAccount and its organization's keys), and the analysis asks about the same principal
 * and context objects for every route (requestOf shares them), so the engine builds them once
 * (requestContext) and those requests share them (nothing changes a request context once built).
 * Keyed by the objects themselves, per world and API region and account, and then by their text:
 * the search makes equal principals and contexts anew (setVariable copies the request for each
 * try), which built the same context again 22,000 times in one who-can (auditor7's atlas); the
 * context depends on the principal's and the request context's fields alone, which the text holds.
 */
interface Contexts {
  byObject: WeakMap<RequestPrincipal, Map<Record<string, string> | undefined, RequestContext['context']>>;
  byText: Map<string, RequestContext['context']>;
  /** Texts looked up, and found: see textPays. */
  texts: number;
  found: number;
}

/**
 * Whether looking contexts up by text still pays: a text costs a string for each new object and
 * keeps its context alive, which requests drawn one by one (a property test's, each new) never
 * use (hidden-style's draws were 15% dearer); after 500 texts with fewer than one in ten found
 * again, no more. Only what is kept changes, never a context.
 */
const textPays = (c: Contexts) => c.texts < 500 || c.found * 10 >= c.texts;
const CONTEXTS = new WeakMap<AnalysisWorld, Map<string, Contexts>>();

/** A request's principal and context as text (plain JSON values: equal texts, equal contexts). */
const contextText = (req: AnalysisRequest) =>
  `${JSON.stringify(req.principal)}\0${JSON.stringify(req.context ?? null)}`;

function buildQuestion(
  world: AnalysisWorld,
  req: AnalysisRequest,
): { chain: ChainInput; request: RequestContext } {
  const entry = apiOf(world, req.api);
  const { api, authorizations } = entry;
  const p = req.principal;
  const { principal, identity: identityPolicies, boundary } = caller(world, p);
  const base = (entry.base ??= {
    ...(world.endpoint ? { sourceVpce: world.endpoint.id } : {}),
    ...(world.endpoint?.vpc ? { sourceVpc: world.endpoint.vpc } : {}),
    ...resourceOrgOf(world, api),
    where: `${api.region}\0${api.account}`,
  });
  const call: ApiCall = {
    region: api.region,
    account: api.account,
    apiId: api.id,
    stage: req.stage ?? api.stage,
    method: req.method,
    path: resourcePathOf(req),
    sourceVpce: base.sourceVpce,
    sourceVpc: base.sourceVpc,
    resourceOrgId: base.resourceOrgId,
    resourceOrgPaths: base.resourceOrgPaths,
  };
  let byApi = CONTEXTS.get(world);
  if (!byApi) CONTEXTS.set(world, (byApi = new Map<string, Contexts>()));
  const where = base.where;
  let contexts = byApi.get(where);
  if (!contexts)
    byApi.set(where, (contexts = { byObject: new WeakMap(), byText: new Map(), texts: 0, found: 0 }));
  let byContext = contexts.byObject.get(p);
  if (!byContext)
    contexts.byObject.set(
      p,
      (byContext = new Map<Record<string, string> | undefined, RequestContext['context']>()),
    );
  let shared = byContext.get(req.context);
  let text: string | undefined;
  if (!shared && textPays(contexts)) {
    text = contextText(req);
    shared = contexts.byText.get(text);
    contexts.texts++;
    if (shared) {
      contexts.found++;
      byContext.set(req.context, shared);
    }
  }
  let request: RequestContext;
  if (shared && req.method) {
    request = { principal, action: INVOKE_ACTION, resource: executeApiArn(call), context: shared };
  } else {
    // The world's clock, unless the request says its time (mergeContext: the later spelling stays).
    const ms = clockOf(world);
    const context: Record<string, ContextValue> = {
      'aws:CurrentTime': new Date(ms).toISOString(),
      'aws:EpochTime': Math.floor(ms / 1000),
      ...req.context,
    };
    if (p.kind !== 'anonymous' && p.orgPaths) context['aws:PrincipalOrgPaths'] = p.orgPaths;
    const given = credentialsOf(p);
    const credentials =
      given && given.issuedAt === undefined ? { ...given, issuedAt: new Date(ms).toISOString() } : given;
    request = requestContext(principal, call, {
      ...(credentials ? { credentials } : {}),
      ...(p.kind !== 'anonymous' && p.orgId ? { orgId: p.orgId } : {}),
      ...(p.kind !== 'anonymous' && p.kind !== 'root' && p.tags ? { tags: p.tags } : {}),
      context,
    });
    if (byContext.size > 1_000) byContext.clear();
    byContext.set(req.context, request.context);
    if (text !== undefined) {
      if (contexts.byText.size > 5_000) contexts.byText.clear();
      contexts.byText.set(text, request.context);
    }
  }
  // A route with an authorizer (or of unknown type) is asked as NONE: the identity policies are not
  // evaluated and an unsigned caller is not refused; the resource policy still applies (see decide).
  const chain: ChainInput = {
    authorizationType:
      authorizationOf(api, authorizations, req.method, req.path).type === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
    resourceAccount: api.account,
  };
  if (world.endpoint?.policy) chain.endpointPolicy = world.endpoint.policy;
  if (api.resourcePolicy !== undefined) chain.resourcePolicy = api.resourcePolicy;
  if (identityPolicies) chain.identityPolicies = identityPolicies;
  if (boundary) chain.permissionsBoundary = boundary;
  const account = principalAccount(principal);
  const scps = account === undefined ? undefined : world.serviceControlPolicies?.[account];
  if (scps) chain.serviceControlPolicies = scps;
  if (api.acceptedEndpoints) chain.acceptedEndpoints = api.acceptedEndpoints;
  if (req.viaAlias) chain.viaAlias = true;
  return { chain, request };
}

const PERMISSIVE_WORLDS = new WeakMap<AnalysisWorld, AnalysisWorld>();
const STRICT_WORLDS = new WeakMap<AnalysisWorld, AnalysisWorld>();
/**
 * The world with every policy read as permissively as its policy variables could make it
 * (mostPermissive): a request it refuses, the world refuses whatever the variables hold. Where no
 * policy has variables, the world itself.
 */
export const mostPermissiveWorld = (world: AnalysisWorld): AnalysisWorld =>
  boundedWorld(world, mostPermissive, PERMISSIVE_WORLDS);

/** The mirror (leastPermissive): a request it allows, the world allows whatever the variables hold. */
export const leastPermissiveWorld = (world: AnalysisWorld): AnalysisWorld =>
  boundedWorld(world, leastPermissive, STRICT_WORLDS);

function boundedWorld(
  world: AnalysisWorld,
  read: (p: CompiledPolicy) => CompiledPolicy,
  cache: WeakMap<AnalysisWorld, AnalysisWorld>,
): AnalysisWorld {
  let hit = cache.get(world);
  if (hit) return hit;
  const p = <T extends CompiledPolicy | null | undefined>(x: T): T => (x ? (read(x) as T) : x);
  const scps = world.serviceControlPolicies;
  hit = {
    ...world,
    // One clock for both: a world without `now` reads it when first asked (clockOf).
    now: new Date(clockOf(world)).toISOString(),
    ...(world.endpoint ? { endpoint: { ...world.endpoint, policy: p(world.endpoint.policy) } } : {}),
    apis: world.apis.map((a) => ({ ...a, resourcePolicy: p(a.resourcePolicy) })),
    roles: world.roles.map((r) => boundLayers(r, read)),
    ...(scps
      ? {
          serviceControlPolicies: Object.fromEntries(
            Object.entries(scps).map(([account, levels]) => [account, levels.map((l) => l.map(p))]),
          ),
        }
      : {}),
  };
  cache.set(world, hit);
  return hit;
}

/**
 * The ordinary engine's decision for a concrete request. A signed caller whose identity policies
 * the world does not know (a user, a role other than a configured one with identity policies) is
 * decided as if they allowed every call (the most that can get through: in the API's own account
 * that alone lets it in); with `unknownIdentity: 'silent'`, as if it had none that allows (what gets
 * through without its identity policies). The stand-in policy is in the explanation, never among
 * the statements.
 */
export function decide(
  world: AnalysisWorld,
  req: AnalysisRequest,
  opts: { unknownIdentity?: 'allows' | 'silent' } = {},
): ChainDecision {
  // A path with a trailing slash, `//` or a percent-encoded character: its resource ARN as written or
  // normalised, which AWS does not establish (docs/aws-behaviour.md §5c). The most that gets through
  // is either reading's (pathReadingOf names the one when they differ), as for a NONE route's caller.
  const readings = readingsOf(req);
  if (readings.length > 1) {
    const [written, normalised] = readings.map((r) => decideAsked(world, r, opts));
    return written!.decision === 'allow' ? written! : normalised!;
  }
  return decideAsked(world, req, opts);
}

/**
 * Whether the world read as permissively as its policy variables could make it
 * (mostPermissiveWorld) and as strictly (leastPermissiveWorld) give a request the same answer to
 * every question who-can's classes ask of it: the engine's decision under each reading of its
 * path, with the caller's unknown identity policies allowing and silent, and on a NONE route under
 * each reading of whom the resource policy sees. Each of the world's own answers lies between the
 * two readings' (every layer needs an Allow and yields to a Deny: permissive.ts), so it is then the
 * same, whatever the variables hold: a kind of request the search for them found no request of is
 * decided all the same (who-can, docs/cli.md).
 */
export function boundsAgree(world: AnalysisWorld, req: AnalysisRequest): boolean {
  // As decide asks: a path of one reading as it is, else each reading.
  const asked = readingsOf(req);
  const answers = (w: AnalysisWorld): string => {
    const out: ChainDecision['decision'][] = [];
    for (const r of asked)
      for (const unknownIdentity of ['allows', 'silent'] as const)
        out.push(decideAsked(w, r, { unknownIdentity }).decision);
    const both = readingDecisions(w, req);
    if (both) out.push(both.signer, both.anonymous);
    return out.map((d) => (d === 'allow' ? 1 : 0)).join('');
  };
  return answers(leastPermissiveWorld(world)) === answers(mostPermissiveWorld(world));
}

/** The readings of a request path's resource ARN (resourcePathReadings), kept per path: asked per point. */
const pathReadings = memoised(resourcePathReadings);

/**
 * The request under each reading of its resource ARN's path (as written, then normalised), or
 * itself when they are one. The normalised reading is routed as its path (a `%2F` decoded splits
 * the segment, as a router decoding first would: §5c), each segment as it is: until 2026-12-03 a
 * `%` it holds was decoded again, so an anonymous GET /%2565ntries/7 (API Gateway: {proxy+},
 * AWS_IAM, 403) took a NONE /entries/{id}'s type and was allowed. Such a path is sent with each
 * `%` written `%25` and its ARN reads it decoded (arnReading).
 */
function readingsOf(req: AnalysisRequest): AnalysisRequest[] {
  const forms = pathReadings(req.path);
  if (forms.length < 2) return [req];
  const [written, normalised] = forms.map((f) => f.path);
  const escaped = req.arnReading === undefined && normalised!.includes('%');
  return [
    { ...req, path: written! },
    escaped
      ? { ...req, path: normalised!.replaceAll('%', '%25'), arnReading: 'decoded' }
      : { ...req, path: normalised! },
  ];
}

/** Which reading of a request path's resource ARN (docs/aws-behaviour.md §5c) can be read. */
export type PathReading = 'as-written' | 'normalised';
export const PATH_READING_WORDS: Record<PathReading, string> = {
  'as-written': 'its path as written',
  normalised: 'its path normalised (empty segments dropped, percent-decoded)',
};

/**
 * The one reading of the request path in its resource ARN under which it gets through, when the
 * two readings (as written, normalised) decide it differently; undefined when they agree or the path
 * has one reading.
 */
export function allowingPathReadingOf(world: AnalysisWorld, req: AnalysisRequest): PathReading | undefined {
  const readings = readingsOf(req);
  if (readings.length < 2) return undefined;
  const [written, normalised] = readings.map((r) => decideAsked(world, r).decision === 'allow');
  return written === normalised ? undefined : written ? 'as-written' : 'normalised';
}

/** allowingPathReadingOf in words (why an allowed request does not surely get through), or undefined. */
export function pathReadingOf(world: AnalysisWorld, req: AnalysisRequest): string | undefined {
  const reading = allowingPathReadingOf(world, req);
  return (
    reading &&
    `${req.method} ${req.path} gets through only if its resource ARN holds ${PATH_READING_WORDS[reading]}, which AWS does not establish (docs/aws-behaviour.md §5c)`
  );
}

function decideAsked(
  world: AnalysisWorld,
  req: AnalysisRequest,
  opts: { unknownIdentity?: 'allows' | 'silent' } = {},
): ChainDecision {
  const { chain, request } = engineQuestion(world, req);
  if (!identityUnknown(world, req)) return throughAuthorizer(world, req, authorizeCall(chain, request));
  const identityPolicies = opts.unknownIdentity === 'silent' ? [] : [ASSUMED_ALLOW];
  return throughAuthorizer(world, req, authorizeCall({ ...chain, identityPolicies }, request));
}

/**
 * On a route whose authorizer decides (or whose type is unknown), `allow` means the policies let the
 * request reach the authorizer: the most it can get. A refusal the authorizer may override
 * (authorizerMayOverride) is decided without the resource policy.
 */
function throughAuthorizer(world: AnalysisWorld, req: AnalysisRequest, d: ChainDecision): ChainDecision {
  const st = withoutStandIns(d);
  if (st.decision === 'allow') return st;
  const { api, authorizations } = apiOf(world, req.api);
  const type = authorizationOf(api, authorizations, req.method, req.path).type;
  if (type === 'AWS_IAM') return st;
  const { chain, request } = engineQuestion(world, req);
  if (type === 'NONE' && request.principal.kind === 'anonymous') return st;
  const reaches = (asked: ChainInput, refusal: ChainDecision): ChainDecision | undefined => {
    if (refusal.decision === 'allow') return refusal;
    // No authorizer on a NONE route: the policies' refusal stands.
    if (type === 'NONE' || !authorizerMayOverride(type, refusal, !!asked.resourcePolicy)) return undefined;
    const { resourcePolicy: _silent, ...withoutResource } = asked;
    const w = withoutStandIns(authorizeCall(withoutResource, request));
    return w.decision === 'allow' ? w : undefined;
  };
  // Whom the resource policy sees on such a route or a NONE one (the signer, or an anonymous caller)
  // is not established (docs/aws-behaviour.md §5d): the most that gets through is either reading's.
  let reached = reaches(chain, st);
  if (!reached && request.principal.kind !== 'anonymous') {
    const anonymous: ChainInput = { ...chain, anonymousToResource: true };
    reached = reaches(anonymous, withoutStandIns(authorizeCall(anonymous, request)));
  }
  return reached ?? st;
}

function withoutStandIns(d: ChainDecision): ChainDecision {
  // The allowing list is the decision's own (built per call), so it is trimmed in place: the
  // explanation, rendered when read, names what is left.
  const st = d.statements;
  for (let i = st.length - 1; i >= 0; i--) if (STAND_INS.has(st[i]!.policy ?? '')) st.splice(i, 1);
  return d;
}

/** Whether the request is signed by a caller whose identity policies the world does not know. */
export function identityUnknown(world: AnalysisWorld, req: AnalysisRequest): boolean {
  return (
    req.principal.kind !== 'anonymous' && engineQuestion(world, req).chain.identityPolicies === undefined
  );
}
