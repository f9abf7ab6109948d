// Building a request context: the execute-api resource ARN and the keys AWS puts in the request
// context for the caller (role session, user, root) and for the endpoint it came through.
import { InputError } from '../errors.js';
import { partitionOfRegion, rootArn } from '../identifiers/index.js';
import { pathSegments } from '../routes/index.js';
import type { ContextValue, Principal, RequestContext } from './types.js';

export const INVOKE_ACTION = 'execute-api:Invoke';

export interface ApiCall {
  region: string;
  account: string;
  apiId: string;
  stage: string;
  method: string;
  path: string;
  sourceVpce?: string;
  sourceVpc?: string;
  /** aws:VpcSourceIp: the caller's own address, for a call through a VPC endpoint. */
  vpcSourceIp?: string;
  /** aws:SourceIp: absent through a VPC endpoint unless given (docs/aws-behaviour.md §8). */
  sourceIp?: string;
  /** aws:UserAgent and aws:Referer: the caller's headers, present "only if the value is provided by
   * the caller in the HTTP header", signed or not (API Gateway's condition-key table). */
  userAgent?: string;
  referer?: string;
  /**
   * aws:ResourceOrgID / aws:ResourceOrgPaths: the organization (and its path) of the API's account,
   * present only when that account is a member of one (docs/aws-behaviour.md §8, resource keys).
   */
  resourceOrgId?: string;
  resourceOrgPaths?: string[];
}

export interface ContextExtra {
  orgId?: string;
  /** aws:PrincipalOrgPaths (multivalued): the caller's account's organization paths. */
  orgPaths?: string[];
  tags?: Record<string, string>;
  /** Overrides aws:userid. */
  userId?: string;
  /**
   * The caller's credentials. AWS puts aws:TokenIssueTime and aws:MultiFactorAuthPresent in a request
   * signed with temporary credentials only (docs/aws-behaviour.md §13). Default: a role session or a
   * federated-user session is temporary, issued now and without MFA (spokegate's own sessions are
   * assumed without MFA and minutes before the call); an IAM user or the root signs with long-term
   * keys. `temporary` with `issuedAt` for a known session (the sandbox; a GetSessionToken user), and
   * `mfa` when it was issued with MFA (AssumeRole or GetSessionToken with SerialNumber/TokenCode).
   */
  credentials?: { temporary: false } | { temporary: true; issuedAt?: string; mfa?: boolean };
  /** Added last: adds or overrides any key. */
  context?: Record<string, ContextValue>;
}

/**
 * arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH (path without its leading slash). A
 * query string (or fragment) is no part of the ARN: a literal `?` in a path is sent as `%3F`.
 */
export function executeApiArn(
  c: Pick<ApiCall, 'region' | 'account' | 'apiId' | 'stage' | 'method' | 'path'>,
): string {
  const bare = withoutQuery(c.path);
  const path = bare.startsWith('/') ? bare.slice(1) : bare;
  const partition = partitionOfRegion(c.region);
  return `arn:${partition}:execute-api:${c.region}:${c.account}:${c.apiId}/${c.stage}/${c.method.toUpperCase()}/${path}`;
}

/** A request path without its query string and fragment. */
function withoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/**
 * The readings of a request path in the resource ARN that AWS leaves open: as written, and with
 * empty segments dropped (a trailing slash, `//`) and each segment percent-decoded, which is how
 * API Gateway routes it and how the sandbox authorizes it. AWS does not document which of them
 * the ARN holds (docs/aws-behaviour.md §5c), so a decision that differs between them is unknown.
 * One reading when they are the same text.
 */
export function resourcePathReadings(path: string): { label: string; path: string }[] {
  const written = withoutQuery(path);
  const normalised = `/${pathSegments(written).join('/')}`;
  return normalised === written
    ? [{ label: `with path ${written}`, path: written }]
    : [
        { label: `with path ${written} as written`, path: written },
        { label: `with path ${normalised} (empty segments dropped, percent-decoded)`, path: normalised },
      ];
}

/** The keys AWS derives from the caller. Anonymous callers carry none. */
export function principalKeys(principal: Principal, extra: ContextExtra = {}): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  switch (principal.kind) {
    case 'anonymous':
      return ctx;
    case 'role-session':
      ctx['aws:PrincipalArn'] = principal.roleArn;
      ctx['aws:PrincipalAccount'] = principal.account;
      ctx['aws:PrincipalType'] = 'AssumedRole';
      ctx['aws:userid'] =
        extra.userId ?? `${principal.roleId ?? principal.roleName}:${principal.sessionName}`;
      break;
    case 'user':
      ctx['aws:PrincipalArn'] = principal.arn;
      ctx['aws:PrincipalAccount'] = principal.account;
      ctx['aws:PrincipalType'] = 'User';
      ctx['aws:username'] = principal.userName;
      ctx['aws:userid'] = extra.userId ?? principal.userId ?? principal.userName;
      break;
    case 'federated-user':
      // IAM's principal table: no aws:username; aws:userid is ACCOUNT:NAME.
      ctx['aws:PrincipalArn'] = principal.arn;
      ctx['aws:PrincipalAccount'] = principal.account;
      ctx['aws:PrincipalType'] = 'FederatedUser';
      ctx['aws:userid'] = extra.userId ?? `${principal.account}:${principal.name}`;
      break;
    case 'root':
      ctx['aws:PrincipalArn'] = rootArn(principal.account, principal.partition);
      ctx['aws:PrincipalAccount'] = principal.account;
      ctx['aws:PrincipalType'] = 'Account';
      ctx['aws:userid'] = extra.userId ?? principal.account;
      break;
    case 'service':
      ctx['aws:PrincipalServiceName'] = principal.service;
      ctx['aws:PrincipalIsAWSService'] = true;
      return ctx;
  }
  ctx['aws:PrincipalIsAWSService'] = false;
  const temporary =
    extra.credentials?.temporary ??
    (principal.kind === 'role-session' || principal.kind === 'federated-user');
  if (temporary) {
    const given = extra.credentials?.temporary ? extra.credentials : undefined;
    ctx['aws:TokenIssueTime'] = given?.issuedAt ?? clock().iso;
    ctx['aws:MultiFactorAuthPresent'] = given?.mfa ?? false;
  }
  if (extra.orgId) ctx['aws:PrincipalOrgID'] = extra.orgId;
  if (extra.orgPaths?.length) ctx['aws:PrincipalOrgPaths'] = extra.orgPaths;
  for (const [k, v] of Object.entries(extra.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/** The keys principalKeys derives from a caller (any spelling). */
const CALLER_KEY =
  /^aws:(?:Principal[A-Za-z]*(?:\/.*)?|userid|username|TokenIssueTime|MultiFactorAuth(?:Present|Age))$/i;

/**
 * The same request as an anonymous caller makes it: the caller's keys (principalKeys) removed, the
 * request's own (endpoint, addresses, time, ...) kept.
 */
export function asAnonymous(req: RequestContext): RequestContext {
  if (req.principal.kind === 'anonymous') return req;
  const context: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(req.context)) if (!CALLER_KEY.test(k)) context[k] = v;
  return { ...req, principal: { kind: 'anonymous' }, context };
}
/** The request context for one execute-api call by `principal`. */
export function requestContext(
  principal: Principal,
  call: ApiCall,
  extra: ContextExtra = {},
): RequestContext {
  checkCall(call);
  const context = principalKeys(principal, extra);
  if (call.sourceVpce) context['aws:SourceVpce'] = call.sourceVpce;
  if (call.sourceVpc) context['aws:SourceVpc'] = call.sourceVpc;
  if (call.vpcSourceIp) context['aws:VpcSourceIp'] = call.vpcSourceIp;
  if (call.sourceIp) context['aws:SourceIp'] = call.sourceIp;
  if (call.userAgent !== undefined) context['aws:UserAgent'] = call.userAgent;
  if (call.referer !== undefined) context['aws:Referer'] = call.referer;
  context['aws:SecureTransport'] = true;
  // The API's own facts (docs/aws-behaviour.md §8, resource keys): its account always, its
  // organization when it has one; never aws:ResourceTag (execute-api has no tag-based authorization).
  context['aws:ResourceAccount'] = call.account;
  if (call.resourceOrgId) context['aws:ResourceOrgID'] = call.resourceOrgId;
  if (call.resourceOrgPaths?.length) context['aws:ResourceOrgPaths'] = call.resourceOrgPaths;
  // callKeys' keys, written in place (a request context is built for every cell and random draw).
  if (call.region) context['aws:RequestedRegion'] = call.region;
  context['aws:ViaAWSService'] = false;
  const now = clock();
  context['aws:CurrentTime'] = now.iso;
  context['aws:EpochTime'] = now.epoch;
  if (extra.context) mergeContext(context, extra.context);
  return { principal, action: INVOKE_ACTION, resource: executeApiArn(call), context };
}

type ResourceFields = Pick<ApiCall, 'region' | 'account' | 'apiId' | 'stage' | 'method' | 'path'>;

function checkCall(call: ResourceFields): void {
  for (const f of ['region', 'account', 'apiId', 'stage', 'method'] as const) {
    if (!call[f]) throw new InputError(`request: ${f} is missing`, { field: f });
  }
}

/**
 * The request `base` makes to another resource: the same caller, action and context (the context
 * object shared, never copied: contexts are read, not written, once built), `call`'s resource ARN.
 * Only for a call whose context requestContext would build alike (the same caller, extra, region and
 * endpoint, as src/predict's configuredRequests keys it): a diff's thousands of cells share a few.
 */
export function requestAt(base: RequestContext, call: ResourceFields): RequestContext {
  checkCall(call);
  return {
    principal: base.principal,
    action: base.action,
    resource: executeApiArn(call),
    context: base.context,
  };
}

/**
 * The keys IAM puts in every request whoever signs it (reference_policies_condition-keys):
 * aws:RequestedRegion "is always included" (the region called: the API's, which a private API shares
 * with its endpoint) and aws:ViaAWSService is "always included … for most services" (API Gateway is
 * not among the exceptions), false "when the principal makes the call directly", as spokegate's
 * calls are (docs/aws-behaviour.md §15).
 */
export function callKeys(region: string | undefined): Record<string, ContextValue> {
  return { ...(region ? { 'aws:RequestedRegion': region } : {}), 'aws:ViaAWSService': false };
}

/** The time keys of the last millisecond asked for: a matrix builds thousands of requests per millisecond. */
let lastClock = { ms: NaN, iso: '', epoch: 0 };
function clock(): { iso: string; epoch: number } {
  const ms = Date.now();
  if (ms !== lastClock.ms) {
    const d = new Date(ms);
    lastClock = { ms, iso: d.toISOString(), epoch: Math.floor(ms / 1000) };
  }
  return lastClock;
}

/** Add or override keys; key names are case-insensitive, so an override replaces any spelling. */
export function mergeContext(
  into: Record<string, ContextValue>,
  add: Record<string, ContextValue>,
): Record<string, ContextValue> {
  const entries = Object.entries(add);
  if (entries.length === 0) return into;
  // Every spelling of an added key goes, then the added keys are set in their order (a key added
  // twice in different case: the later one stays). Each key of `into` is folded once, not once per
  // key added.
  const lowers = entries.map(([k]) => k.toLowerCase());
  for (const existing of Object.keys(into))
    if (lowers.includes(existing.toLowerCase())) delete into[existing];
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    for (let j = 0; j < i; j++) if (lowers[j] === lowers[i]) delete into[entries[j]![0]];
    into[k] = v;
  }
  return into;
}
