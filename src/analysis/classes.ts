// Every region of the request space, evaluated by the ordinary engine, merged into a short list of
// classes. A point is one region per dimension; its witness request is built from the regions'
// witness values and decided by `decide` (the chain). Neighbouring points with the same outcome
// (decision and deciding statements) merge along one dimension at a time until nothing merges.
import { InputError } from '../errors.js';
import { escapeRegex, globSource } from '../escape/index.js';
import { formatCount } from '../input/index.js';
import type { PointBudget } from './limits.js';
import type { Dimension, Region } from './dimension.js';
import {
  compileWildcard,
  evaluatePolicy,
  INVOKE_ACTION,
  resourcePathReadings,
  statementMayName,
  toInstant,
  type CompiledPolicy,
  type MentionedCondition,
  type RequestContext,
  type Template,
} from '../policy/index.js';
import { explore, globTokens, instances, patternsMeet, residual, type Token } from './glob.js';
import { pairMemo } from './memo.js';
import { matchRoute, pathSegments, type RouteRef } from '../routes/index.js';
import { isOrgPath } from '../identifiers/index.js';
import {
  ageReaches,
  conditionPolicy,
  CONDITION_HOLDS,
  METHODS,
  orgPathOrganization,
  shapedOrgPaths,
  sessionOutlived,
  statedOrganizations,
  tiedNow,
  TEMPLATE_MATCH,
  templateCannotHold,
  templateSource,
  youngestMfaAge,
  type ConditionTemplate,
  type ResourceTemplate,
  type RouteGroup,
  type Space,
} from './space.js';
import {
  clockOf,
  credentialsOf,
  engineQuestion,
  knownRoleAt,
  resourcePathOf,
  typedRoutes,
  withoutReading,
  mayBeMember,
  statedOrganization,
  uniqueIdOf,
  type AnalysisRequest,
  type AnalysisWorld,
  type RequestPrincipal,
} from './world.js';

/** Where a class lies: for each dimension the set of region indices (absent for "any"). */
export interface Point {
  kind: 'anonymous' | 'iam';
  /** One region index per dimension of the space (principal dims are -1 for anonymous). */
  regions: number[];
}

export interface RawClass<R> {
  kind: 'anonymous' | 'iam';
  outcome: R;
  key: string;
  /** Region indices per dimension. */
  sets: number[][];
  /** Every point in the class (for counterexamples and checks). */
  points: number[][];
}

/** The points of a space cap: beyond this the policies distinguish too much to enumerate. */
export const MAX_POINTS = 2_000_000;

const DIMENSIONS = new WeakMap<Space, Dimension[]>();

/** Every dimension of a space in point order (principal, route, context); built once per space. */
export function dimensionsOf(space: Space): Dimension[] {
  let dims = DIMENSIONS.get(space);
  if (!dims) DIMENSIONS.set(space, (dims = [...space.principal, ...space.route, ...space.context]));
  return dims;
}

/** Where each kind of dimension sits in a point, per space (requestOf runs once per point). */
interface Layout {
  index: Map<string, number>;
  context: number[];
  tags: number[];
  /** The principal dimensions by identity (they are shared between APIs: see sharedDimension). */
  principalDims: string;
  /** The context parts built so far, by their regions (shared by every route). */
  contexts: Map<string, Record<string, string> | undefined>;
  /** Each route region's method and path, as made. */
  routes: ({ method: string; path: string } | undefined)[];
  /** The principal of the last point asked for, by its principal regions. */
  lastPrincipal?: { world: AnalysisWorld; regions: number[]; principal: RequestPrincipal };
}
const LAYOUTS = new WeakMap<Space, Layout>();

/** A number per dimension object, for keys. */
const DIMENSION_IDS = new WeakMap<Dimension, number>();
let dimensionCount = 0;
function dimensionId(d: Dimension): number {
  let id = DIMENSION_IDS.get(d);
  if (id === undefined) DIMENSION_IDS.set(d, (id = dimensionCount++));
  return id;
}

/**
 * Per world: the principals built so far, by their principal dimensions and regions. Every API
 * with the same principal dimensions shares them (so the engine's request context for a
 * principal is built once for all of them: see buildQuestion).
 */
const PRINCIPALS = new WeakMap<AnalysisWorld, Map<string, RequestPrincipal>>();

function layoutOf(space: Space): Layout {
  let l = LAYOUTS.get(space);
  if (!l) {
    const dims = dimensionsOf(space);
    const index = new Map<string, number>();
    dims.forEach((d, i) => index.set(d.id, i));
    l = {
      index,
      context: dims.flatMap((d, i) => (d.id.startsWith('context:') ? [i] : [])),
      tags: dims.flatMap((d, i) => (d.id.startsWith('tag:') ? [i] : [])),
      principalDims: space.principal.map(dimensionId).join(','),
      contexts: new Map(),
      routes: [],
    };
    LAYOUTS.set(space, l);
  }
  return l;
}

/**
 * The concrete request of a point: the witness value of each region. Points that differ only in
 * the route share their principal and context objects (so the engine's question for them is
 * built from the same parts: see engineQuestion).
 */
export function requestOf(world: AnalysisWorld, space: Space, point: Point): AnalysisRequest {
  const dims = dimensionsOf(space);
  const layout = layoutOf(space);
  const value = (id: string): string | undefined => {
    const i = layout.index.get(id);
    if (i === undefined) return undefined;
    const r = point.regions[i]!;
    return r === -1 ? undefined : dims[i]!.regions[r]!.witness;
  };
  let contextKey = '';
  for (const i of layout.context) contextKey += `${point.regions[i]},`;
  let context = layout.contexts.get(contextKey);
  if (!layout.contexts.has(contextKey)) {
    const c: Record<string, string> = {};
    for (const i of layout.context) {
      const w = dims[i]!.regions[point.regions[i]!]?.witness;
      if (w !== undefined) c[dims[i]!.label] = w;
    }
    context = Object.keys(c).length ? c : undefined;
    layout.contexts.set(contextKey, context);
  }
  // Built by assignment, in the order the witness is printed (api, method, path, context,
  // viaAlias, principal): a request is made for every point.
  const ri = layout.index.get('route')!;
  const rr = point.regions[ri]!;
  let at = layout.routes[rr];
  if (!at) {
    const route = dims[ri]!.regions[rr]!.witness!;
    const slash = route.indexOf('/');
    layout.routes[rr] = at = { method: route.slice(0, slash), path: `/${route.slice(slash + 1)}` };
  }
  const req = { api: space.api.alias, method: at.method, path: at.path } as AnalysisRequest;
  if (context) req.context = context;
  // The MFA age is the caller's (a principal dimension) but travels in the request's context.
  const age = point.kind === 'anonymous' ? undefined : agedFor(world, space, point, value);
  if (age !== undefined) req.context = { ...context, 'aws:MultiFactorAuthAge': age };
  if (value('addressing') === 'alias') req.viaAlias = true;
  if (point.kind === 'anonymous') {
    req.principal = ANONYMOUS;
    return req;
  }
  const np = space.principal.length;
  // Points come principal by principal (every route of one, then the next): the last one first.
  const last = layout.lastPrincipal;
  let same = last !== undefined && last.world === world;
  for (let i = 0; same && i < np; i++) same = last!.regions[i] === point.regions[i];
  if (same) {
    req.principal = last!.principal;
    return req;
  }
  let principalKey = layout.principalDims;
  for (let i = 0; i < np; i++) principalKey += `|${point.regions[i]}`;
  let principals = PRINCIPALS.get(world);
  if (!principals) PRINCIPALS.set(world, (principals = new Map<string, RequestPrincipal>()));
  let principal = principals.get(principalKey);
  if (!principal) {
    principal = principalOf(world, dims, layout, point, value);
    if (principals.size > 20_000) principals.clear();
    principals.set(principalKey, principal);
  }
  layout.lastPrincipal = { world, regions: point.regions.slice(0, np), principal };
  req.principal = principal;
  return req;
}

const ANONYMOUS: RequestPrincipal = { kind: 'anonymous' };

/**
 * A point's MFA age: its region's witness, raised to the youngest age its credentials can have
 * at a request made now (the time since their issue; impossible() rules out a region that holds
 * no such age).
 */
function agedFor(
  world: AnalysisWorld,
  space: Space,
  point: Point,
  value: (id: string) => string | undefined,
): string | undefined {
  const age = value('mfaAge');
  const issuedAt = value('issued');
  const now = tiedNow(world, space);
  if (age === undefined || issuedAt === undefined || now === undefined) return age;
  const ms = toInstant(issuedAt);
  if (ms === undefined || ms > now) return age;
  const floor = youngestMfaAge(ms, now);
  if (Number(age) >= floor) return age;
  const ai = space.principal.findIndex((d) => d.id === 'mfaAge');
  const raised = String(floor);
  return space.principal[ai]!.regionOf(raised) === point.regions[ai] ? raised : age;
}

function principalOf(
  world: AnalysisWorld,
  dims: Dimension[],
  layout: Layout,
  point: Point,
  value: (id: string) => string | undefined,
): RequestPrincipal {
  const account = value('account')!;
  const stated = statedOrganization(world, account);
  const orgPath = value('orgPath');
  // An account whose organization is not stated is in the one its path begins with (a stated one,
  // else the path's own first id: AWS gives a path exactly to a member, with its aws:PrincipalOrgID).
  const org = layout.index.has('org')
    ? value('org')
    : stated !== undefined
      ? stated !== 'none'
        ? stated
        : undefined
      : (orgOfPath(world, orgPath) ?? orgPathOrganization(orgPath));
  const tags: Record<string, string> = {};
  for (const i of layout.tags) {
    const w = dims[i]!.regions[point.regions[i]!]?.witness;
    if (w !== undefined) tags[dims[i]!.id.slice(4)] = w;
  }
  const identity = value('identity')!;
  const uid = value('uid');
  const facts = {
    ...(org !== undefined ? { orgId: org } : {}),
    ...(orgPath !== undefined ? { orgPaths: [orgPath] } : {}),
  };
  const tagged = Object.keys(tags).length ? { tags } : {};
  const issuedAt = value('issued');
  const mfa = value('mfa');
  const issued = {
    ...(issuedAt !== undefined ? { issuedAt } : {}),
    ...(mfa !== undefined ? { mfa: mfa === 'true' } : {}),
  };
  if (identity.startsWith('federated-user/'))
    return {
      kind: 'federated-user',
      arn: `arn:aws:sts::${account}:${identity}`,
      ...facts,
      ...tagged,
      ...(issuedAt !== undefined ? { issuedAt } : {}),
    };
  const arn = `arn:aws:iam::${account}:${identity}`;
  return identity.startsWith('role/')
    ? {
        kind: 'role',
        arn,
        sessionName: value('session')!,
        ...(uid !== undefined ? { roleId: uid } : {}),
        ...facts,
        ...tagged,
        ...issued,
      }
    : identity.startsWith('user/')
      ? { kind: 'user', arn, ...(uid !== undefined ? { userId: uid } : {}), ...facts, ...tagged, ...issued }
      : { kind: 'root', arn, ...facts, ...issued };
}

/**
 * Whether the world rules a principal point out: an account whose organization is stated carries
 * that id; a known role carries its own unique id and nobody else carries it; root has no unique
 * id, a role no user's (AIDA…) and a user no role's (AROA…); only a role session has a session name
 * and root has no tags (one region of each stands for their absence).
 */
export function impossible(world: AnalysisWorld, space: Space, p: readonly number[]): boolean {
  // Asked for every principal again and again (counting, enumerating, tightening each class):
  // answered once per principal point, in a table over the principal regions.
  let memo = IMPOSSIBLE.get(space);
  if (memo === undefined || memo.world !== world) {
    const n = space.principal.reduce((a, d) => a * d.regions.length, 1);
    IMPOSSIBLE.set(space, (memo = { world, table: n <= MEMO_PRINCIPALS ? new Int8Array(n) : undefined }));
  }
  const table = memo.table;
  if (!table) return isImpossible(world, space, p);
  let at = 0;
  for (let i = 0; i < space.principal.length; i++) at = at * space.principal[i]!.regions.length + p[i]!;
  const known = table[at]!;
  if (known !== 0) return known === 2;
  const answer = isImpossible(world, space, p);
  table[at] = answer ? 2 : 1;
  return answer;
}

/** Per space: impossible()'s answers by principal point (0: not asked yet, 1: possible, 2: impossible). */
const IMPOSSIBLE = new WeakMap<Space, { world: AnalysisWorld; table: Int8Array | undefined }>();
/** Spaces with up to this many principal points (2 MB) remember impossible()'s answers. */
const MEMO_PRINCIPALS = 2_000_000;

function isImpossible(world: AnalysisWorld, space: Space, p: readonly number[]): boolean {
  const dims = space.principal;
  const at = (id: string): string | undefined => {
    const i = dims.findIndex((d) => d.id === id);
    return i === -1 ? undefined : dims[i]!.regions[p[i]!]!.witness;
  };
  const account = at('account')!;
  const identity = at('identity')!;
  // Only a role session has a session name, and the account root no tags: a user, a root or a
  // federated user is one request whatever the session region (regionsOf places it in region 0),
  // and a root one whatever its tag regions (absent). Their other regions would only repeat it
  // (and, under conditions with policy variables, be points never found: "approximate" classes).
  if (!identity.startsWith('role/')) {
    const si = dims.findIndex((d) => d.id === 'session');
    if (si !== -1 && p[si] !== 0) return true;
    if (identity === 'root')
      for (let i = 0; i < dims.length; i++)
        if (dims[i]!.id.startsWith('tag:') && dims[i]!.regions[p[i]!]!.witness !== undefined) return true;
  }
  // Temporary credentials carry aws:TokenIssueTime and aws:MultiFactorAuthPresent, long-term keys
  // neither: a role session and a federated user always sign with temporary ones, an IAM user and
  // the root with their keys or with GetSessionToken's (docs/aws-behaviour.md §13).
  const hasIssued = dims.some((d) => d.id === 'issued');
  const hasMfa = dims.some((d) => d.id === 'mfa');
  if (hasIssued || hasMfa) {
    const session = identity.startsWith('role/') || identity.startsWith('federated-user/');
    const issued = at('issued') !== undefined;
    const mfa = at('mfa') !== undefined;
    if (session && ((hasIssued && !issued) || (hasMfa && !mfa))) return true;
    // A federated user never signs with MFA: GetFederationToken takes no MFA parameters (botocore's
    // STS model; IAM's table of STS credentials, "MFA support: No"; docs/aws-behaviour.md §13).
    if (identity.startsWith('federated-user/') && at('mfa') === 'true') return true;
    if (hasIssued && hasMfa && issued !== mfa) return true;
    // aws:MultiFactorAuthAge is present exactly with credentials issued with MFA (space.ts, mfaAgeDimension).
    if (dims.some((d) => d.id === 'mfaAge') && (at('mfaAge') !== undefined) !== (at('mfa') === 'true'))
      return true;
    // At a request made now, credentials issued up to now are alive only within their longest
    // life, and their MFA age is at least the time since their issue (space.ts, tiedNow). The issue
    // time's witness is its region's latest instant up to now: if it fails, every instant does.
    const now = tiedNow(world, space);
    const issuedAt = at('issued');
    const ms = now === undefined || issuedAt === undefined ? undefined : toInstant(issuedAt);
    if (ms !== undefined && ms <= now!) {
      if (sessionOutlived(identity, ms, now!)) return true;
      const ai = dims.findIndex((d) => d.id === 'mfaAge');
      if (ai !== -1 && p[ai] !== -1 && at('mfaAge') !== undefined)
        if (!ageReaches(dims[ai]!, p[ai]!, youngestMfaAge(ms, now!))) return true;
    }
  }
  if (dims.some((d) => d.id === 'org')) {
    // The principals of accounts whose organization is not stated may carry any.
    const stated = statedOrganization(world, account);
    if (stated !== undefined && at('org') !== (stated === 'none' ? undefined : stated)) return true;
    // Nor in an organization whose member list is complete, when stated nowhere.
    const org = at('org');
    if (stated === undefined && org !== undefined && !mayBeMember(world, account, org)) return true;
  }
  if (
    dims.some((d) => d.id === 'orgPath') &&
    !possibleOrgPath(
      world,
      account,
      at('orgPath'),
      dims.some((d) => d.id === 'org'),
      at('org'),
    )
  )
    return true;
  if (dims.some((d) => d.id === 'uid')) {
    const uid = at('uid');
    // Root and federated users carry no unique id (a federated user's aws:userid is ACCOUNT:NAME,
    // partitioned on the account and identity dimensions).
    if (identity === 'root' || identity.startsWith('federated-user/')) return uid !== undefined;
    if (uid === undefined) return true;
    // A role's id starts AROA, a user's AIDA (IAM identifiers, "unique ID prefixes").
    if (!uid.startsWith(identity.startsWith('role/') ? 'AROA' : 'AIDA')) return true;
    const known = identity.startsWith('role/')
      ? knownRoleAt(world, account, identity.slice('role/'.length))
      : undefined;
    if (known?.roleId !== undefined) return uid !== known.roleId;
    if (world.roles.some((r) => r.roleId === uid)) return true;
  }
  return false;
}

/** The stated organization a path lies in (the orgPath regions are split on each). */
function orgOfPath(world: AnalysisWorld, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return [...statedOrganizations(world).keys()].find((o) => o !== 'none' && path.startsWith(`${o}/`));
}

/**
 * Whether a principal of `account` can carry the organization path `path` (undefined: none), its
 * organization being `org` when the space has an organization dimension: a path is present exactly
 * when the principal is in an organization, begins with that organization's id, and is the stated
 * one when the config states it (docs/aws-behaviour.md, aws:PrincipalOrgPaths). The orgPath regions
 * are split on each stated organization's `o-…/*` and each stated path, so a witness tells.
 */
function possibleOrgPath(
  world: AnalysisWorld,
  account: string,
  path: string | undefined,
  hasOrgDim: boolean,
  orgWitness: string | undefined,
): boolean {
  const statedPath = world.orgPaths?.[account];
  if (statedPath !== undefined && path !== statedPath) return false;
  const stated = statedOrganization(world, account);
  const orgs = [...statedOrganizations(world).keys()].filter((o) => o !== 'none');
  const pathOrg = orgOfPath(world, path);
  // An account stated nowhere is in no organization whose member list is complete.
  if (stated === undefined && pathOrg !== undefined && !mayBeMember(world, account, pathOrg)) return false;
  // The organization the principal is in: the dimension's witness, else the stated one.
  if (!hasOrgDim && stated === undefined) return true;
  const org = hasOrgDim ? orgWitness : stated === 'none' ? undefined : stated;
  if (org === undefined) return path === undefined;
  if (path === undefined) return false;
  // A stated organization's region holds exactly it; another region none of the stated ones.
  return orgs.includes(org) ? pathOrg === org : pathOrg === undefined;
}

/**
 * A box of principals as tight as the world allows, for reading: each principal dimension keeps
 * only the regions some possible principal of the box has (a box grown over "a user with a role's
 * id" reads "any signed principal" otherwise), then a dimension other than the account and the
 * identity whose other regions only impossible principals would have takes them all in (an
 * organization an account is stated to be in reads as nothing). Only impossible points come and go: no request changes box.
 */
export function tighten(
  world: AnalysisWorld,
  space: Space,
  kind: 'anonymous' | 'iam',
  sets: readonly (readonly number[])[],
): number[][] {
  const out = sets.map((s) => [...s]);
  if (kind === 'anonymous') return out;
  const np = space.principal.length;
  const dims = space.principal;
  const combos = boxPoints(out.slice(0, np), 20_000);
  if (!combos) return out;
  const possible = combos.filter((p) => !impossible(world, space, p));
  if (possible.length === 0) return out;
  for (let d = 0; d < np; d++) out[d] = out[d]!.filter((r) => possible.some((p) => p[d] === r));
  for (let d = 0; d < np; d++) {
    if (dims[d]!.id === 'account' || dims[d]!.id === 'identity') continue;
    const rest = dims[d]!.regions.map((_, r) => r).filter((r) => !out[d]!.includes(r));
    const onlyImpossible = (r: number) => {
      // As boxPoints(…, 20_000)?.every(impossible), without making every point first.
      const box = out.slice(0, np).map((s, i) => (i === d ? [r] : s));
      if (box.reduce((n, s) => n * s.length, 1) > 20_000) return false;
      for (const p of boxCombinations(box)) if (!impossible(world, space, p)) return false;
      return true;
    };
    // All or nothing: "any" reads shorter, a set with impossible regions added does not.
    if (rest.length && rest.every(onlyImpossible)) out[d] = dims[d]!.regions.map((_, r) => r);
  }
  return out;
}

/**
 * The request of a point, built from its regions' witnesses; with Resource templates, adjusted
 * so they match as the point says, and undefined when no request found realizes the point.
 */
export function pointRequest(world: AnalysisWorld, space: Space, point: Point): AnalysisRequest | undefined {
  const found = REALIZED.get(space)?.get(pointKey(point.kind, point.regions));
  if (found) return found;
  const req = requestOf(world, space, point);
  return space.templates.length || space.conditionTemplates.length ? realize(world, space, point, req) : req;
}

/** Per space: the requests found for points with conditions on variables (see realizedPoints). */
const REALIZED = new WeakMap<Space, Map<string, AnalysisRequest>>();

/**
 * The request pointRequest gives for a point no request was found for but whose answer is known
 * all the same (who-can: settled by the bounds of the policy variables): one of its regions'
 * witnesses, decided as every request of the point is.
 */
export function standInRequest(space: Space, point: Point, req: AnalysisRequest): void {
  let found = REALIZED.get(space);
  if (!found) REALIZED.set(space, (found = new Map<string, AnalysisRequest>()));
  found.set(pointKey(point.kind, point.regions), req);
}

/**
 * Every point of the space a request was found for, with that request. Without conditions on
 * policy variables, each point's own witness (adjusted for Resource templates). With them, the
 * points are found forwards: from each point's witness (every condition region first), requests
 * near it (conditionCandidates, one step per condition) land in the points of the other condition regions
 * they reach; the route plays no part in a condition, so this is done once per principal and
 * context, then every route is set.
 */
function* realizedPoints(world: AnalysisWorld, space: Space): Generator<Point & { req?: AnalysisRequest }> {
  if (space.conditionTemplates.length === 0) {
    for (const pt of points(world, space)) {
      // Without policy variables a point's request is its witnesses' (requestOf), made only when
      // asked (requestFor): the merge decides one point per kind its routes tell apart
      // (groupedOutcome), and building a request for each of the others was a fifth of its time.
      if (space.templates.length === 0) {
        yield pt;
        continue;
      }
      const req = pointRequest(world, space, pt);
      // points() yields a new object per point: given its request, not copied (one per point).
      if (req) yield Object.assign(pt, { req });
    }
    return;
  }
  const dims = dimensionsOf(space);
  const cond = new Set(dims.flatMap((d, i) => (d.id.startsWith('condition:') ? [i] : [])));
  const routePart = space.route.map((d) => dims.indexOf(d)).filter((i) => !cond.has(i));
  const routeIndex = dims.findIndex((d) => d.id === 'route');
  // The principal, context and condition dimensions, and the route (which no candidate changes).
  const who = new Set(dims.map((_, i) => i).filter((i) => i === routeIndex || !routePart.includes(i)));
  const routeOnly = new Set(routePart);
  const memo = new Map<string, AnalysisRequest>();
  REALIZED.set(space, memo);
  const routeCombos = product(routePart.map((i) => dims[i]!.regions.length));
  for (const pt of points(world, space)) {
    if ([...cond].some((i) => pt.regions[i] !== 0) || routePart.some((i) => pt.regions[i] !== 0)) continue;
    const base = requestOf(world, space, pt);
    const found = new Map<string, { regions: number[]; req: AnalysisRequest }>();
    const consider = (r: AnalysisRequest): boolean => {
      if (!carriable(r)) return false;
      const got = regionsOf(world, space, r, { only: who, expect: pt.regions, free: cond });
      if (!got) return false;
      const key = [...cond].map((i) => got[i]).join(',');
      if (found.has(key)) return false;
      found.set(key, { regions: got, req: r });
      return true;
    };
    let frontier = consider(base) ? [base] : [];
    for (let depth = 0; depth < cond.size && frontier.length && found.size < 2 ** cond.size; depth++) {
      const next: AnalysisRequest[] = [];
      for (const r of frontier)
        for (const c of space.conditionTemplates) {
          const cands = conditionCandidates(world, c, r);
          chargeSearch(space, cands.length);
          for (const cand of cands) if (consider(cand)) next.push(cand);
        }
      frontier = next;
    }
    for (const { regions, req } of found.values())
      for (const combo of routeCombos) {
        const full = [...regions];
        routePart.forEach((i, k) => (full[i] = combo[k]!));
        const point = { kind: pt.kind, regions: full };
        const at = requestOf(world, space, point);
        const { viaAlias: _drop, ...rest } = req;
        let out: AnalysisRequest | undefined = {
          ...rest,
          method: at.method,
          path: at.path,
          ...(at.viaAlias ? { viaAlias: true } : {}),
        };
        if (space.templates.length) out = realize(world, space, point, out);
        else if (!regionsOf(world, space, out, { only: routeOnly, expect: full })) out = undefined;
        if (!out) continue;
        memo.set(pointKey(point.kind, full), out);
        yield { ...point, req: out };
      }
  }
}

/**
 * Whether a request's principal is one that can be: a condition's candidates set its key to the
 * pattern with the variables' values in (conditionCandidates), and an organization path so made
 * (`o-a1b2c3d4e5//111111111111/`, an account id between two wildcards) is no path AWS gives (§58,
 * isOrgPath).
 * Such a kind is found by another candidate or left unsearched (unknown), never witnessed.
 */
function carriable(req: AnalysisRequest): boolean {
  const p = req.principal;
  return p.kind === 'anonymous' || (p.orgPaths ?? []).every(isOrgPath);
}

/** Whether a condition with variables holds for a request, as the engine decides it. */
export function conditionHolds(world: AnalysisWorld, c: ConditionTemplate, req: AnalysisRequest): boolean {
  // The probe reads the condition's key and its variables' keys alone: asked once per their values.
  return probeAllows(world, c, req, (values) =>
    [c.lowerKey, ...c.variables].map((k) => values.get(k) ?? null),
  );
}

/** Whether a Resource pattern with variables matches a request, as the engine decides it. */
export function templateMatches(world: AnalysisWorld, t: ResourceTemplate, req: AnalysisRequest): boolean {
  let vars = TEMPLATE_VARIABLES.get(t);
  if (!vars) {
    vars = [...new Set(t.template.parts.flatMap((p) => (p.t === 'var' ? [p.key] : [])))];
    TEMPLATE_VARIABLES.set(t, vars);
  }
  // The probe reads the resource and the template's variables alone: asked once per their values,
  // not again for every point and candidate request sharing a route and a principal's values.
  return probeAllows(world, t, templateReading(t, req), (values, request) => [
    request.action,
    req.principal.kind === 'anonymous',
    request.resource,
    ...vars.map((k) => values.get(k) ?? null),
  ]);
}

const TEMPLATE_VARIABLES = new WeakMap<ResourceTemplate, string[]>();

/** A route (METHOD/path) as template `t` reads it: the normalised path on its normalisedOn. */
function templateRoute(t: ResourceTemplate, route: string): string {
  if (!t.normalisedOn?.(route)) return route;
  const slash = route.indexOf('/');
  return `${route.slice(0, slash)}${resourcePathReadings(route.slice(slash)).at(-1)!.path}`;
}

/**
 * The request as template `t` reads it: on a route of its normalisedOn (its resource ARN as written
 * is one the template cannot match), with its path normalised, the reading it can match.
 */
function templateReading(t: ResourceTemplate, req: AnalysisRequest): AnalysisRequest {
  if (!t.normalisedOn || req.arnReading !== undefined) return req;
  const route = `${req.method.toUpperCase()}${req.path}`;
  const read = templateRoute(t, route);
  return read === route ? req : { ...req, path: read.slice(read.indexOf('/')) };
}

/**
 * Whether a template's one-statement probe policy allows a request, as the engine decides it,
 * asked once per `reads` (what of the request the probe can read: the rest cannot change it).
 */
function probeAllows(
  world: AnalysisWorld,
  t: { probe: CompiledPolicy },
  req: AnalysisRequest,
  reads: (lowerContext: Map<string, unknown>, request: RequestContext) => unknown[],
): boolean {
  const request = engineQuestion(world, req).request;
  const key = JSON.stringify(reads(lowerContext(request.context), request));
  let memo = PROBED.get(t);
  if (!memo) PROBED.set(t, (memo = new Map<string, boolean>()));
  let allows = memo.get(key);
  if (allows === undefined) {
    if (memo.size > 100_000) memo.clear();
    memo.set(key, (allows = evaluatePolicy(t.probe, request).kind === 'Allowed'));
  }
  return allows;
}

const PROBED = new WeakMap<object, Map<string, boolean>>();
const LOWER = new WeakMap<object, Map<string, unknown>>();
/** A request context's keys in lower case (as the engine looks them up). */
function lowerContext<V>(ctx: Record<string, V>): Map<string, V> {
  let m = LOWER.get(ctx) as Map<string, V> | undefined;
  if (!m) LOWER.set(ctx, (m = new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v]))));
  return m;
}

/** The region of each dimension a concrete request falls in; undefined when one has none. */
export function regionsOf(
  world: AnalysisWorld,
  space: Space,
  req: AnalysisRequest,
  /**
   * Only the dimensions in `only` (the others are -2); undefined as soon as a dimension not in
   * `free` is not in `expect`'s region. The engine's probes (conditions, templates) are asked last.
   */
  opts: { only?: ReadonlySet<number>; expect?: readonly number[]; free?: ReadonlySet<number> } = {},
): number[] | undefined {
  const p = req.principal;
  const arn = p.kind === 'anonymous' ? null : /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(p.arn);
  const dims = dimensionsOf(space);
  const reads = dimensionReads(space);
  const out: number[] = new Array<number>(dims.length).fill(-2);
  for (const i of dimensionOrder(space)) {
    if (opts.only && !opts.only.has(i)) continue;
    const d = dims[i]!;
    const how = reads[i]!;
    let v: string | undefined;
    const isPrincipal = i < space.principal.length;
    if (isPrincipal && p.kind === 'anonymous') {
      out[i] = -1;
      if (opts.expect && !opts.free?.has(i) && opts.expect[i] !== -1) return undefined;
      continue;
    }
    if (p.kind !== 'anonymous') {
      if (how.reads === 'account') v = arn?.[1];
      else if (how.reads === 'identity') v = arn?.[2];
      else if (how.reads === 'session') {
        // Only role sessions have one; any region will do for the others (they ignore it).
        if (p.kind !== 'role') {
          out[i] = 0;
          continue;
        }
        v = p.sessionName;
      } else if (how.reads === 'uid') v = uniqueIdOf(world, p);
      else if (how.reads === 'org') v = p.orgId;
      else if (how.reads === 'issued') v = issuedOf(world, req);
      else if (how.reads === 'mfa') v = mfaOf(req);
      else if (how.reads === 'mfaAge') v = contextValue(req, 'aws:multifactorauthage');
      else if (how.reads === 'orgPath') v = p.orgPaths?.[0];
      else if (how.reads === 'tag' && p.kind !== 'root') {
        const want = how.want;
        v = Object.entries(p.tags ?? {}).find(([k]) => k.toLowerCase() === want)?.[1];
      }
    }
    if (how.reads === 'route') v = `${req.method.toUpperCase()}/${resourcePathOf(req).replace(/^\//, '')}`;
    else if (how.reads === 'addressing') v = req.viaAlias ? 'alias' : 'private-dns';
    else if (how.reads === 'template') v = TEMPLATE_MATCH[templateMatches(world, how.template, req) ? 0 : 1];
    else if (how.reads === 'condition')
      v = CONDITION_HOLDS[conditionHolds(world, how.condition, req) ? 0 : 1];
    else if (how.reads === 'context') {
      const want = how.want;
      v = Object.entries(req.context ?? {}).find(([k]) => k.toLowerCase() === want)?.[1];
      // The engine's clock when the request does not say.
      if (v === undefined && want === 'aws:currenttime') v = new Date(clockOf(world)).toISOString();
      if (v === undefined && want === 'aws:epochtime') v = String(Math.floor(clockOf(world) / 1000));
    }
    const r = d.regionOf(v);
    if (r === -1) return undefined;
    if (opts.expect && !opts.free?.has(i) && opts.expect[i] !== r) return undefined;
    out[i] = r;
  }
  return out;
}

/** What of a request a dimension reads (regionsOf), worked out from its id once per space. */
type DimensionRead =
  | { reads: 'account' | 'identity' | 'session' | 'uid' | 'org' | 'issued' | 'mfa' | 'mfaAge' | 'orgPath' }
  | { reads: 'route' | 'addressing' | 'other' }
  | { reads: 'tag' | 'context'; want: string }
  | { reads: 'template'; template: ResourceTemplate }
  | { reads: 'condition'; condition: ConditionTemplate };

const READS = new WeakMap<Space, DimensionRead[]>();
const PRINCIPAL_READS = new Set([
  'account',
  'identity',
  'session',
  'uid',
  'org',
  'issued',
  'mfa',
  'mfaAge',
  'orgPath',
]);

function dimensionReads(space: Space): DimensionRead[] {
  let reads = READS.get(space);
  if (!reads) {
    reads = dimensionsOf(space).map((d): DimensionRead => {
      const id = d.id;
      if (PRINCIPAL_READS.has(id)) return { reads: id as 'account' };
      if (id === 'route' || id === 'addressing') return { reads: id };
      if (id.startsWith('tag:')) return { reads: 'tag', want: id.slice(4).toLowerCase() };
      if (id.startsWith('template:'))
        return { reads: 'template', template: space.templates.find((x) => x.id === id)! };
      if (id.startsWith('condition:'))
        return { reads: 'condition', condition: space.conditionTemplates.find((x) => x.id === id)! };
      if (id.startsWith('context:')) return { reads: 'context', want: d.label.toLowerCase() };
      return { reads: 'other' };
    });
    READS.set(space, reads);
  }
  return reads;
}

const ORDERS = new WeakMap<Space, number[]>();
/** The dimensions' indices, those the engine decides (templates, conditions) last. */
function dimensionOrder(space: Space): number[] {
  let order = ORDERS.get(space);
  if (!order) {
    const dims = dimensionsOf(space);
    const probe = (i: number) => /^(?:template|condition):/.test(dims[i]!.id);
    const all = dims.map((_, i) => i);
    ORDERS.set(space, (order = [...all.filter((i) => !probe(i)), ...all.filter(probe)]));
  }
  return order;
}

/**
 * Whether a point asks a Resource pattern or a condition with policy variables to hold where no
 * request can (the checks below, and principalCannotMatch), for the point's principal (`identity`'s
 * witness; none when anonymous): such a point is neither unsearched nor left out of a class's extent.
 */
export function variablesCannotHold(
  space: Space,
  kind: 'anonymous' | 'iam',
  regions: readonly number[],
): boolean {
  if (space.templates.length === 0 && space.conditionTemplates.length === 0) return false;
  const dims = dimensionsOf(space);
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  const identity =
    kind === 'anonymous' ? undefined : dims[identityAt]!.regions[regions[identityAt]!]!.witness;
  return (
    templateCannotMatch(space, dims, identity, regions) ||
    conditionCannotHold(space, dims, identity, regions) ||
    principalCannotMatch(space, dims, kind, regions)
  );
}

/**
 * Whether a point asks a Resource pattern with policy variables to match where no request can, so
 * that a search finding none missed nothing: the engine substitutes a variable's value literally
 * (policy/variables.ts), so a match needs the pattern with each variable as `*` to match the
 * route (the route's regions are split on that skeleton), and a variable with no default that the
 * caller never carries fails the pattern (aws:username is an IAM user's alone, tags are not an
 * account root's, and an anonymous caller carries no aws:Principal… key, aws:userid nor aws:username).
 */
function templateCannotMatch(
  space: Space,
  dims: Dimension[],
  identity: string | undefined,
  regions: readonly number[],
): boolean {
  if (space.templates.length === 0) return false;
  const routeAt = dims.findIndex((d) => d.id === 'route');
  const region = dims[routeAt]!.regions[regions[routeAt]!]!;
  const route = region.witness!;
  // A region an exact route names (a listed route, a Resource pattern without wildcards, or one
  // spelling of a route: with templates each is a region of its own, space.ts `alike`) holds that
  // route alone, so its witness speaks for it.
  const exact = region.matched.some(
    (a) => a.kind === 'equals' || (a.kind === 'like' && a.value.startsWith('arn:') && !/[*?]/.test(a.value)),
  );
  const never = (key: string) =>
    identity === undefined
      ? key.startsWith('aws:principal') || key === 'aws:userid' || key === 'aws:username'
      : (key === 'aws:username' && !identity.startsWith('user/')) ||
        (key.startsWith('aws:principaltag/') && identity === 'root');
  for (const t of space.templates) {
    if (regions[dims.findIndex((d) => d.id === t.id)] !== TEMPLATE_MATCH.indexOf('matches')) continue;
    if (!skeletonOf(t).test(t.prefix + templateRoute(t, route))) return true;
    if (exact && templateCannotHold(t, route)) return true;
    if (t.template.parts.some((p) => p.t === 'var' && p.def === undefined && never(p.key.toLowerCase())))
      return true;
  }
  return false;
}

/**
 * Whether a point asks a condition with policy variables to hold where no request can, so that a
 * search finding none missed nothing. A test that is neither negated, IfExists nor ForAllValues is
 * false when its key is missing (IAM: a missing key matches no value), and a value whose variable
 * has no default and a missing key matches nothing (policy/variables.ts): so such a condition
 * cannot hold for a principal without the key's tag, nor when every value's variable names a tag
 * it does not carry (an account root carries none, an anonymous caller no aws:Principal… key).
 */
function conditionCannotHold(
  space: Space,
  dims: Dimension[],
  identity: string | undefined,
  regions: readonly number[],
): boolean {
  if (space.conditionTemplates.length === 0) return false;
  const missing = (key: string): boolean => {
    const k = key.toLowerCase();
    if (!k.startsWith('aws:principaltag/')) return false;
    if (identity === undefined || identity === 'root') return true;
    const at = dims.findIndex((d) => d.id.toLowerCase() === `tag:${k.slice('aws:principaltag/'.length)}`);
    return at !== -1 && dims[at]!.regions[regions[at]!]!.witness === undefined;
  };
  for (const c of space.conditionTemplates) {
    if (regions[dims.findIndex((d) => d.id === c.id)] !== CONDITION_HOLDS.indexOf('holds')) continue;
    const base = c.operator.replace(/^For(?:All|Any)Values:/, '');
    if (c.operator.startsWith('ForAllValues:') || base.endsWith('IfExists') || base.includes('Not')) continue;
    if (missing(c.lowerKey)) return true;
    if (
      c.allVariable &&
      c.templates.every((t) => t.parts.some((p) => p.t === 'var' && p.def === undefined && missing(p.key)))
    )
      return true;
  }
  return false;
}

/** A template's skeleton (each variable as `*`, each escaped character as `?`), compiled once. */
function skeletonOf(t: ResourceTemplate): ReturnType<typeof compileWildcard> {
  let m = SKELETONS.get(t);
  if (!m) {
    const glob = t.template.parts.map((p) => (p.t === 'text' ? p.s : p.t === 'lit' ? '?' : '*')).join('');
    SKELETONS.set(t, (m = compileWildcard(glob)));
  }
  return m;
}
const SKELETONS = new WeakMap<ResourceTemplate, ReturnType<typeof compileWildcard>>();

/**
 * The request of a point whose Resource templates match (or not) as the point says; undefined when
 * none is found. Each template in turn from the simplest paths; when that finds none, every
 * template at once from paths whose parameter may hold an encoded `/` (encodedPaths).
 */
function realize(
  world: AnalysisWorld,
  space: Space,
  point: Point,
  req: AnalysisRequest,
): AnalysisRequest | undefined {
  const found = realizeFrom(world, space, point, req, false);
  // The encoded search only for a kind not ruled out (it costs an exploration of the route's paths).
  return (
    found ??
    (ruledOut(space, dimensionsOf(space), point) ? undefined : realizeFrom(world, space, point, req, true))
  );
}

/**
 * Whether a kind of request is one no request can be (unsearchedPoints' rules, below). The space's
 * alone (`dims` is its dimensionsOf): kept per point, as realize and then unsearchedPoints ask
 * each point in turn (a sixth of auditor7's who-can of atlas through side asked them twice).
 */
function ruledOut(space: Space, dims: Dimension[], pt: Point): boolean {
  let memo = RULED_OUT.get(space);
  if (!memo) RULED_OUT.set(space, (memo = new Map<string, boolean>()));
  const key = pointKey(pt.kind, pt.regions);
  let out = memo.get(key);
  if (out === undefined) {
    if (memo.size > 100_000) memo.clear();
    out =
      variablesCannotHold(space, pt.kind, pt.regions) ||
      conditionFixed(space, dims, pt.kind, pt.regions) ||
      nameCannotMatch(space, dims, pt.regions) ||
      templateWithoutValue(space, dims, pt.kind, pt.regions) ||
      nestedTemplatesDisagree(space, dims, pt.regions);
    memo.set(key, out);
  }
  return out;
}
const RULED_OUT = new WeakMap<Space, Map<string, boolean>>();

function realizeFrom(
  world: AnalysisWorld,
  space: Space,
  point: Point,
  req: AnalysisRequest,
  jointly: boolean,
): AnalysisRequest | undefined {
  const dims = dimensionsOf(space);
  let out = req;
  const route = dims.findIndex((d) => d.id === 'route');
  const wants = (t: ResourceTemplate) => point.regions[dims.findIndex((d) => d.id === t.id)] === 0;
  // A route the dimension does not ask about (another path than --path's) is in no region, whatever
  // the region of its atoms' answers: a witness there answered another question. Not for a request
  // whose resource ARN holds its path decoded: it is sent encoded, where the served check reads it.
  const inRegion = (methodAndPath: string) =>
    dims[route]!.valid(methodAndPath) && dims[route]!.regionOf(methodAndPath) === point.regions[route];
  const inRoute = (r: AnalysisRequest) => {
    const v = `${r.method}/${resourcePathOf(r).slice(1)}`;
    return r.arnReading === undefined ? inRegion(v) : dims[route]!.regionOf(v) === point.regions[route];
  };
  if (jointly) {
    if (space.templates.length === 0) return undefined;
    const fits = (r: AnalysisRequest | undefined): r is AnalysisRequest =>
      r !== undefined &&
      inRoute(r) &&
      space.templates.every((t) => templateMatches(world, t, r) === wants(t));
    let fixed: AnalysisRequest | undefined;
    for (const r of encodedPaths(world, space, req, point.regions[route]!)) {
      fixed = [r, ...tailValues(space, r)].find(fits);
      if (fixed) break;
    }
    if (!fixed) return undefined;
    out = fixed;
  }
  for (const t of jointly ? [] : space.templates) {
    const want = wants(t);
    if (templateMatches(world, t, out) === want) continue;
    // The first that keeps the route in the point's region and decides the template as wanted
    // (the route first: the engine's probe is the dearer question). Made one at a time: most
    // points take the first few of hundreds.
    let fixed: AnalysisRequest | undefined;
    for (const r of templateTries(world, t, out, want, inRegion))
      if (r !== undefined && inRoute(r) && templateMatches(world, t, r) === want) {
        fixed = r;
        break;
      }
    if (!fixed) return undefined;
    out = fixed;
  }
  // Conditions with variables, one at a time: a change is kept when every region but those of the
  // conditions still to come is the point's.
  const later = new Set(space.conditionTemplates.map((c) => dims.findIndex((d) => d.id === c.id)));
  for (const c of space.conditionTemplates) {
    const at = dims.findIndex((d) => d.id === c.id);
    later.delete(at);
    if (conditionHolds(world, c, out) === (point.regions[at] === 0)) continue;
    const fits = (r: AnalysisRequest) => {
      if (!carriable(r)) return false;
      const got = regionsOf(world, space, r);
      return got !== undefined && got.every((g, i) => later.has(i) || g === point.regions[i]);
    };
    const cands = conditionCandidates(world, c, out);
    chargeSearch(space, cands.length);
    const fixed = cands.find(fits);
    if (!fixed) return undefined;
    out = fixed;
  }
  const got = regionsOf(world, space, out);
  if (!got) return undefined;
  for (let i = 0; i < dims.length; i++) {
    if (got[i] === point.regions[i]) continue;
    return undefined;
  }
  return out;
}

/**
 * Requests near `req` that may decide a condition with variables the other way: its variables set
 * from the key's value (so they match), the key set from its variables (fills for the wildcards:
 * nothing, q, the caller's unique id for ROLEID:SESSION, its account for an ARN), and either side changed a little or
 * removed (so they do not). Which one keeps the point's other regions is checked by the caller.
 */
function conditionCandidates(
  world: AnalysisWorld,
  c: ConditionTemplate,
  req: AnalysisRequest,
): AnalysisRequest[] {
  const lower = lowerContext(engineQuestion(world, req).request.context);
  const raw = lower.get(c.lowerKey);
  const keyValues = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  const uid = uniqueIdOf(world, req.principal);
  const out: (AnalysisRequest | undefined)[] = [];
  const setAll = (r: AnalysisRequest | undefined, keys: string[], values: string[]) =>
    keys.reduce<AnalysisRequest | undefined>((acc, k, i) => acc && setVariable(acc, k, values[i]!, uid), r);
  for (const t of c.templates) {
    const vars = t.parts.flatMap((p) => (p.t === 'var' ? [p.written] : []));
    // The variables from the key's value.
    for (const kv of keyValues) {
      const m = templateRegex(t, c.like).exec(kv);
      if (!m) continue;
      const got = vars.map((_, i) => m[i + 1]!);
      out.push(
        setAll(req, vars, got),
        setAll(
          req,
          vars,
          got.map((g) => `${g}q`),
        ),
      );
    }
    // The key from the variables (a variable with no value first gets one).
    let base: AnalysisRequest | undefined = req;
    const values = new Map<string, string>();
    for (const p of t.parts) {
      if (p.t !== 'var') continue;
      const v = lower.get(p.key) ?? p.def;
      const s = v === undefined || Array.isArray(v) ? 'v' : String(v);
      if (v === undefined || Array.isArray(v)) base = base && setVariable(base, p.written, s, uid);
      values.set(p.key, s);
    }
    const account =
      req.principal.kind === 'anonymous' ? undefined : /::(\d{12}):/.exec(req.principal.arn)?.[1];
    for (const fill of ['', 'q', ...(uid ? [uid] : []), ...(account ? [account] : [])]) {
      let value = '';
      for (const p of t.parts)
        value +=
          p.t === 'var'
            ? values.get(p.key)!
            : p.t === 'lit' || !c.like
              ? p.s
              : p.s.replace(/\*/g, fill).replace(/\?/g, 'q');
      out.push(base && setVariable(base, c.key, value, uid));
      out.push(base && setVariable(base, c.key, `${value}q`, uid));
      // An organization path so made is rarely one AWS gives (`o-a1b2c3d4e5//v/`): the paths of
      // that shape near it, with the variables read from each (an OU id from a variable between two ids).
      if (c.lowerKey === 'aws:principalorgpaths')
        for (const path of shapedOrgPaths(value)) {
          const m = templateRegex(t, c.like).exec(path);
          if (m)
            out.push(
              setAll(
                setVariable(req, c.key, path, uid),
                vars,
                vars.map((_, i) => m[i + 1]!),
              ),
            );
        }
    }
    // Either side changed or removed.
    for (const k of vars) {
      const v = lower.get(k.toLowerCase());
      out.push(setVariable(req, k, `${v === undefined || Array.isArray(v) ? '' : String(v)}q`, uid));
      out.push(removeVariable(req, k));
    }
  }
  for (const kv of keyValues) out.push(setVariable(req, c.key, `${kv}q`, uid));
  out.push(setVariable(req, c.key, 'other-value', uid), removeVariable(req, c.key));
  // The caller at a path of its own: an ARN pattern naming it by its name alone
  // (`arn:aws:iam::*:user/${aws:username}`) then differs, which no value above reaches.
  if (c.lowerKey === 'aws:principalarn') out.push(atAPath(req));
  return out.filter((r): r is AnalysisRequest => r !== undefined);
}

/** The request by the same role or user at one more path segment (`user/q/NAME`). */
function atAPath(req: AnalysisRequest): AnalysisRequest | undefined {
  const p = req.principal;
  if (p.kind !== 'role' && p.kind !== 'user') return undefined;
  const slash = p.arn.indexOf('/');
  return { ...req, principal: { ...p, arn: `${p.arn.slice(0, slash)}/q${p.arn.slice(slash)}` } };
}

/** A RegExp for a template's value: its variables captured, its wildcards (for Like) as runs. */
function templateRegex(t: ResourceTemplate['template'], like: boolean): RegExp {
  let made = TEMPLATE_REGEXES.get(t);
  if (!made) TEMPLATE_REGEXES.set(t, (made = {}));
  return (made[like ? 'like' : 'exact'] ??= compileTemplateRegex(t, like));
}
/** Per template, its RegExp for Like and for exact operators (templateRegex), made once each. */
const TEMPLATE_REGEXES = new WeakMap<ResourceTemplate['template'], { like?: RegExp; exact?: RegExp }>();

function compileTemplateRegex(t: ResourceTemplate['template'], like: boolean): RegExp {
  let source = '^';
  for (const p of t.parts) {
    if (p.t === 'var') source += '(.*?)';
    else {
      source += p.t === 'text' && like ? globSource(p.s, '.*?', '.') : escapeRegex(p.s);
    }
  }
  return new RegExp(`${source}$`, 's');
}

/** The request without a tag or context key (a variable that then fails to resolve). */
function removeVariable(req: AnalysisRequest, written: string): AnalysisRequest | undefined {
  const key = written.toLowerCase();
  const p = req.principal;
  if (key.startsWith('aws:principaltag/')) {
    if (p.kind !== 'role' && p.kind !== 'user' && p.kind !== 'federated-user') return undefined;
    const name = key.slice('aws:principaltag/'.length);
    const tags = Object.fromEntries(Object.entries(p.tags ?? {}).filter(([k]) => k.toLowerCase() !== name));
    return { ...req, principal: { ...p, tags } };
  }
  if (
    key.startsWith('aws:principal') ||
    ['aws:userid', 'aws:username', 'aws:sourcevpce', 'aws:sourcevpc'].includes(key)
  )
    return undefined;
  const context = Object.fromEntries(
    Object.entries(req.context ?? {}).filter(([k]) => k.toLowerCase() !== key),
  );
  return { ...req, context };
}

/** The request at another path, written as its resource ARN holds it. */
function withPath(req: AnalysisRequest, path: string): AnalysisRequest {
  return { ...withoutReading(req), path };
}

/**
 * The requests realize tries, in order, for a template to match (`want`) or not; of the routes
 * from the variables, only those `inRegion` (METHOD/PATH) keeps (the others realize would refuse).
 */
function* templateTries(
  world: AnalysisWorld,
  t: ResourceTemplate,
  req: AnalysisRequest,
  want: boolean,
  inRegion: (methodAndPath: string) => boolean,
): Generator<AnalysisRequest | undefined> {
  if (!want) {
    yield withPath(req, `${req.path}${req.path.endsWith('/') ? '' : '/'}q`);
    yield variablesFromPath(t, req, 'q');
    return;
  }
  yield* pathsFromVariables(world, t, req, inRegion);
  yield variablesFromPath(t, req);
  yield* pathsFromVariables(world, t, req, inRegion, true);
}

/**
 * Routes the template matches with the request's own values: per method, simple instances of what
 * the pattern still requires after the API's prefix (`*` as nothing or q, `?` as q). With `fill`,
 * a variable the request does not carry first gets a value (`v`) when the caller can carry it: the
 * route's own witness may hold none that fits (`users/-1` for `users/${aws:PrincipalTag/team}-*`).
 */
function* pathsFromVariables(
  world: AnalysisWorld,
  t: ResourceTemplate,
  given: AnalysisRequest,
  inRegion: (methodAndPath: string) => boolean,
  fill = false,
): Generator<AnalysisRequest> {
  const base = fill ? withValues(world, t, given) : given;
  if (!base) return;
  const pattern = boundPattern(world, t, base);
  if (pattern === undefined) return;
  const methods = [base.method.toUpperCase(), ...METHODS.filter((m) => m !== base.method.toUpperCase())];
  for (const m of methods)
    for (const path of residualInstances(pattern, `${t.prefix}${m}/`))
      if (inRegion(`${m}/${path}`)) yield withPath({ ...base, method: m }, `/${path}`);
}

/** The simple instances (`q` for a wildcard) of what `pattern` requires after `prefix`, made once. */
function residualInstances(pattern: string, prefix: string): readonly string[] {
  const key = `${pattern}\0${prefix}`;
  let hit = RESIDUAL_INSTANCES.get(key);
  if (!hit) {
    if (RESIDUAL_INSTANCES.size > 10_000) RESIDUAL_INSTANCES.clear();
    RESIDUAL_INSTANCES.set(key, (hit = residual(pattern, prefix).flatMap((g) => instances(g, 'q'))));
  }
  return hit;
}
const RESIDUAL_INSTANCES = new Map<string, string[]>();

/** The request with each variable of the template it does not carry given one (`v`), when the caller can carry it. */
function withValues(
  world: AnalysisWorld,
  t: ResourceTemplate,
  given: AnalysisRequest,
): AnalysisRequest | undefined {
  let req: AnalysisRequest | undefined = given;
  for (const p of t.template.parts) {
    if (p.t !== 'var' || p.def !== undefined || !req) continue;
    const v = lowerContext(engineQuestion(world, req).request.context).get(p.key);
    if (v === undefined || Array.isArray(v)) req = setVariable(req, p.written, 'v');
  }
  return req;
}

/**
 * The template as a pattern with the request's own values in place of its variables (a value's
 * wildcard characters as `?`, which matches them literally too); undefined when one has none.
 */
function boundPattern(world: AnalysisWorld, t: ResourceTemplate, req: AnalysisRequest): string | undefined {
  const lower = lowerContext(engineQuestion(world, req).request.context);
  let pattern = '';
  for (const p of t.template.parts) {
    if (p.t === 'text') pattern += p.s;
    else if (p.t === 'lit') pattern += p.s === '$' ? p.s : '?';
    else {
      const v = lower.get(p.key) ?? p.def;
      if (v === undefined || Array.isArray(v)) return undefined;
      pattern += String(v).replace(/[*?]/g, '?');
    }
  }
  return pattern;
}

/**
 * Requests of the route region `region` whose resource path the search finds among the route's
 * patterns and the template bound to the request's values (both ways: matching and not), sent as
 * a served route: a path parameter's value may hold `/`, sent encoded (`GET /files/x%2Fy` reaches
 * `GET /files/{name}`; under the decoded reading its ARN holds `files/x/y`, docs/aws-behaviour.md
 * §5c, §50). The plain tries (pathsFromVariables) take each pattern's simplest instance, which for
 * a Resource of any API's `GET/files/${…}` is a path no route serves (`/q/GET/files/v`). The caller
 * keeps those the engine decides as wanted.
 */
function* encodedPaths(
  world: AnalysisWorld,
  space: Space,
  given: AnalysisRequest,
  region: number,
): Generator<AnalysisRequest> {
  // A variable the caller cannot carry (aws:username of a role) stays without a value.
  let req = given;
  for (const t of space.templates) req = withValues(world, t, req) ?? req;
  const route = space.route.find((d) => d.id === 'route');
  if (!route) return;
  const bound: string[] = [];
  for (const t of space.templates) {
    const b = boundPattern(world, t, req);
    if (b !== undefined) bound.push(...residual(b, t.prefix));
  }
  const prefix = space.templates[0]!.prefix;
  const globs = [
    ...new Set([
      ...bound,
      ...route.atoms.flatMap((a) =>
        a.value.startsWith('arn:')
          ? residual(a.value, prefix)
          : a.kind === 'equals'
            ? [a.value]
            : (a.globs ?? []),
      ),
    ]),
  ];
  // A few witnesses are enough here: a kind this misses is one the search reports unsearched.
  const found = explore(globs, {
    fresh: 'q',
    visits: 2,
    budget: 3_000,
    maxLength: globs.reduce((n, g) => n + g.replace(/[*?]/g, '').length, 0) + 4,
  }).strings;
  let tried = 0;
  for (const v of found) {
    const slash = v.indexOf('/');
    const method = v.slice(0, slash);
    if (slash < 0 || !(METHODS as readonly string[]).includes(method) || route.regionOf(v) !== region)
      continue;
    // A few paths of the region are enough: each is tried with the template's tails too.
    if (++tried > 16) return;
    const path = v.slice(slash);
    const plain = withPath({ ...req, method }, path);
    if (!space.served || space.served(method, path)) yield plain;
    const sent = encodedRoute(typedRoutes(space.api), method, path);
    if (sent !== undefined && sent !== path && (!space.served || space.served(method, sent)))
      yield { ...plain, path: sent, arnReading: 'decoded' };
  }
}

/**
 * The request with a template's last variable (a tag, say: a value may hold `/`) set to each tail
 * of its resource path after a `/`: `teams/q/GET/teams/GET/` with `team` = `GET/` matches a
 * Resource of any API's `GET/teams/${team}` and not the API's own `…/live/GET/teams/${team}`.
 */
function tailValues(space: Space, req: AnalysisRequest): AnalysisRequest[] {
  const path = resourcePathOf(req);
  const out: AnalysisRequest[] = [];
  for (const t of space.templates) {
    const last = t.template.parts.at(-1);
    if (last?.t !== 'var') continue;
    for (let i = path.indexOf('/'); i >= 0 && i < path.length - 1; i = path.indexOf('/', i + 1)) {
      const r = setVariable(req, last.written, path.slice(i + 1));
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * The path, as sent, of a request that API Gateway routes to one of `routes` and whose decoded
 * path (each segment percent-decoded) is `path`: each `{param}` takes one or more of its segments,
 * joined by `%2F`. Undefined when none fits (an empty segment outside a parameter: the decoded
 * reading drops it).
 */
function encodedRoute(routes: readonly RouteRef[], method: string, path: string): string | undefined {
  const segments = path.slice(1).split('/');
  for (const r of routes) {
    if (r.method !== 'ANY' && r.method !== method) continue;
    const tpl = r.path.split('/').filter(Boolean);
    const groups = splitSegments(tpl, segments);
    if (!groups) continue;
    const sent = `/${groups.map((g) => g.map(encodeURIComponent).join('%2F')).join('/')}`;
    if (matchRoute(routes, method, pathSegments(sent)) === r) return sent;
  }
  return undefined;
}

/** The segments grouped one group per template segment: a literal takes itself, a parameter one or more. */
function splitSegments(tpl: readonly string[], segments: readonly string[]): string[][] | undefined {
  if (tpl.length === 0) return segments.length === 0 ? [] : undefined;
  const [head, ...rest] = tpl;
  if (!/^\{[^}+]+\}$/.test(head!)) {
    if (segments[0] !== head) return undefined;
    const tail = splitSegments(rest, segments.slice(1));
    return tail && [[segments[0]!], ...tail];
  }
  for (let n = segments.length - rest.length; n >= 1; n--) {
    const tail = splitSegments(rest, segments.slice(n));
    if (tail && segments.slice(0, n).join('/') !== '') return [segments.slice(0, n), ...tail];
  }
  return undefined;
}

/** The request with its variables set to what the template needs to match its route (plus `tail`). */
function variablesFromPath(
  t: ResourceTemplate,
  req: AnalysisRequest,
  tail = '',
): AnalysisRequest | undefined {
  const { re, keys } = pathMatcherOf(t);
  const arn = `${t.prefix}${req.method.toUpperCase()}/${resourcePathOf(templateReading(t, req)).replace(/^\//, '')}`;
  const m = re.exec(arn);
  if (!m) return undefined;
  let out: AnalysisRequest | undefined = req;
  keys.forEach((k, i) => {
    if (out) out = setVariable(out, k, `${m[i + 1]!}${tail}`);
  });
  return out;
}

/** A template as a RegExp capturing its variables' values in a route's ARN (variablesFromPath), made once. */
function pathMatcherOf(t: ResourceTemplate): { re: RegExp; keys: string[] } {
  let hit = PATH_MATCHERS.get(t);
  if (hit) return hit;
  const keys: string[] = [];
  const source = templateSource(t.template, '.*?', (p) => {
    keys.push(p.written);
    return '(.+?)';
  });
  PATH_MATCHERS.set(t, (hit = { re: new RegExp(source), keys }));
  return hit;
}
const PATH_MATCHERS = new WeakMap<ResourceTemplate, { re: RegExp; keys: string[] }>();

/** The request with one variable's key set to a value, when the request can carry it. */
function setVariable(
  req: AnalysisRequest,
  written: string,
  value: string,
  uid?: string,
): AnalysisRequest | undefined {
  // Keys compare lower-case; a tag or context key set is spelled as the policy wrote it (keyed so).
  const key = written.toLowerCase();
  const p = req.principal;
  // A role session's aws:userid is ROLEID:SESSION: with its own id, the session name is free.
  // A federated user's is ACCOUNT:NAME: with its account, the name is free.
  if (key === 'aws:userid' && p.kind === 'federated-user') {
    const head = p.arn.slice(0, p.arn.lastIndexOf('/') + 1);
    const account = /::(\d{12}):/.exec(p.arn)![1]!;
    const name = value.startsWith(`${account}:`) ? value.slice(account.length + 1) : '';
    return /^[\w+=,.@-]{2,32}$/.test(name) ? { ...req, principal: { ...p, arn: head + name } } : undefined;
  }
  if (key === 'aws:userid') {
    if (p.kind !== 'role' || uid === undefined || !value.startsWith(`${uid}:`)) return undefined;
    const session = value.slice(uid.length + 1);
    return /^[\w+=,.@-]{2,64}$/.test(session)
      ? { ...req, principal: { ...p, sessionName: session } }
      : undefined;
  }
  // The caller's ARN: another name (and path) of the same kind in the same account.
  if (key === 'aws:principalarn' && p.kind === 'federated-user') {
    const head = p.arn.slice(0, p.arn.lastIndexOf('/') + 1);
    const name = value.startsWith(head) ? value.slice(head.length) : '';
    return /^[\w+=,.@-]{2,32}$/.test(name) ? { ...req, principal: { ...p, arn: head + name } } : undefined;
  }
  if (key === 'aws:principalarn') {
    if (p.kind !== 'role' && p.kind !== 'user') return undefined;
    const head = p.arn.slice(0, p.arn.indexOf(':', 'arn:aws:iam::'.length) + 1) + p.kind + '/';
    const rest = value.startsWith(head) ? value.slice(head.length) : undefined;
    if (rest === undefined || !/^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(rest)) return undefined;
    return { ...req, principal: { ...p, arn: head + rest } };
  }
  if (key.startsWith('aws:principaltag/')) {
    if (p.kind !== 'role' && p.kind !== 'user' && p.kind !== 'federated-user') return undefined;
    const name = key.slice('aws:principaltag/'.length);
    const tags = Object.fromEntries(Object.entries(p.tags ?? {}).filter(([k]) => k.toLowerCase() !== name));
    return {
      ...req,
      principal: { ...p, tags: { ...tags, [written.slice('aws:principaltag/'.length)]: value } },
    };
  }
  // A signed caller's organization path (one, in its own organization: regionsOf checks the rest).
  if (key === 'aws:principalorgpaths') {
    if (p.kind === 'anonymous' || p.orgId === undefined || !value.startsWith(`${p.orgId}/`)) return undefined;
    return { ...req, principal: { ...p, orgPaths: [value] } };
  }
  if (key === 'aws:username') {
    if (p.kind !== 'user' || !/^[\w+=,.@-]{1,64}$/.test(value)) return undefined;
    return { ...req, principal: { ...p, arn: p.arn.slice(0, p.arn.lastIndexOf('/') + 1) + value } };
  }
  if (
    key.startsWith('aws:') &&
    (key.startsWith('aws:principal') || ['aws:userid', 'aws:sourcevpce', 'aws:sourcevpc'].includes(key))
  )
    return undefined;
  const others = Object.entries(req.context ?? {}).filter(([k]) => k.toLowerCase() !== key);
  return { ...req, context: { ...Object.fromEntries(others), [written]: value } };
}

/** Every point of the space, anonymous first, skipping combinations the world rules out. */
export function* points(world: AnalysisWorld, space: Space): Generator<Point> {
  const np = space.principal.length;
  const rest = [...space.route, ...space.context];
  const restRegions = rest.map((d) => d.regions.length);
  const rests = restRegions.reduce((a, b) => a * b, 1);
  const tooMany = (total: number) =>
    new InputError(
      `the policies for API "${space.api.alias}" tell apart ${total} kinds of request (more than ${MAX_POINTS}); narrow it with --method/--path`,
    );
  const combos = space.principal.reduce((a, d) => a * d.regions.length, 1);
  if (rests * (1 + combos) > MAX_POINTS && combos > MAX_POINTS) throw tooMany(rests * (1 + combos));
  // Only the principals the world allows count (a root or a federated user carries no unique id…),
  // counted one at a time: there may be 150,000 of them (five tags of seven regions).
  let principals = 0;
  for (const p of combinations(space.principal.map((d) => d.regions.length)))
    if (!impossible(world, space, p)) principals++;
  const total = rests * (1 + principals);
  if (total > MAX_POINTS) throw tooMany(total);
  const restCombos = product(restRegions);
  for (const r of restCombos) yield { kind: 'anonymous', regions: [...new Array<number>(np).fill(-1), ...r] };
  for (const p of combinations(space.principal.map((d) => d.regions.length))) {
    if (impossible(world, space, p)) continue;
    for (const r of restCombos) yield { kind: 'iam', regions: [...p, ...r] };
  }
}

/**
 * Spend a space's points from an analysis's budget (limits.ts): every API's space is charged
 * before any point is decided, so a refusal costs only the spaces.
 */
export function chargePoints(budget: PointBudget, world: AnalysisWorld, space: Space): void {
  BUDGETS.set(space, budget);
  const dims = dimensionsOf(space)
    .map((d) => `${d.label} ${d.regions.length}`)
    .join(' × ');
  const c = coarseningOf(space);
  if (!c) {
    // Every point is decided.
    const { points, atLeast } = countPoints(world, space, budget.left);
    budget.spend(space.api.alias, points, dims, space.sources, atLeast);
    budget.merge(space.api.alias, points, dims, space.sources, atLeast);
    chargeCheck(budget, world, space, dims);
    return;
  }
  // Every point is merged; the engine decides one per kind of request its route tells apart.
  const fine = countPoints(world, space, budget.mergeLeft);
  // Past the merge limit, refuse before countDecisions walks every principal combination once
  // per group (8 tag keys of 7 regions: minutes, for a refusal known already).
  if (fine.atLeast) budget.merge(space.api.alias, fine.points, dims, space.sources, fine.atLeast);
  const decided = countDecisions(world, space, c, budget.left);
  const points = `${fine.atLeast ? 'at least ' : ''}${formatCount(fine.points)} points, decided route by route`;
  budget.spend(space.api.alias, decided.points, `${dims}: ${points}`, space.sources, decided.atLeast);
  budget.merge(space.api.alias, fine.points, dims, space.sources, fine.atLeast);
  chargeCheck(budget, world, space, dims);
}

/**
 * Charge the points unsearchedPoints will walk (each condition with policy variables holding and
 * not, as points() yields them) for a space with policy variables, before any is decided.
 */
function chargeCheck(budget: PointBudget, world: AnalysisWorld, space: Space, dims: string): void {
  if (space.templates.length === 0 && space.conditionTemplates.length === 0) return;
  const walk = countPoints(world, space, budget.checkLeft, true);
  budget.check(space.api.alias, walk.points, dims, space.sources, walk.atLeast);
}

/**
 * How many points groupedOutcome asks the engine about: per route region, every principal and
 * request-key combination whose tag and key regions are those standing for theirs there (each
 * once), and the anonymous caller's; counted only until past `stopAbove` (`atLeast`).
 */
function countDecisions(
  world: AnalysisWorld,
  space: Space,
  c: Coarsening,
  stopAbove: number,
): { points: number; atLeast: boolean } {
  const np = space.principal.length;
  const others = space.route.reduce((n, d, i) => (np + i === c.routeAt ? n : n * d.regions.length), 1);
  const distinct = (rep: Int32Array | undefined, d: Dimension) =>
    rep ? new Set(rep).size : d.regions.length;
  const sizes = space.principal.map((d) => d.regions.length);
  // Groups reading the principal's tags alike have as many principals to decide.
  const principalsBy = new Map<string, number>();
  let total = 0;
  const groups = space.groups ?? [];
  for (const [g, group] of groups.entries()) {
    const reps = c.reps[g]!;
    let contexts = 1;
    space.context.forEach((d, i) => (contexts *= distinct(reps[np + space.route.length + i], d)));
    const each = group.routes.length * others * contexts;
    const key = JSON.stringify(reps.slice(0, np).map((r) => (r ? [...r] : null)));
    let principals = principalsBy.get(key);
    if (principals === undefined) {
      const seen = new Set<number>();
      for (const p of combinations(sizes)) {
        if (impossible(world, space, p)) continue;
        let at = 0;
        for (let d = 0; d < np; d++) {
          const rep = reps[d];
          at += (rep ? rep[p[d]!]! : p[d]!) * c.strides[d]!;
        }
        seen.add(at);
        if (total + each * (1 + seen.size) > stopAbove)
          return { points: total + each * (1 + seen.size), atLeast: true };
      }
      principalsBy.set(key, (principals = seen.size));
    }
    total += each * (1 + principals);
    if (total > stopAbove) return { points: total, atLeast: g < groups.length - 1 };
  }
  return { points: total, atLeast: false };
}

/**
 * How many points points() yields: the anonymous ones and each possible principal's. A condition
 * with policy variables is not enumerated but searched from each point (realizedPoints): its
 * regions are left out of the count (unless `withConditions`: the walk of unsearchedPoints), as they are left out of the enumeration, and the search is
 * charged as it goes (chargeSearch). The principals are counted one at a time (impossible ones
 * left out), and only until the count passes `stopAbove`: 24 tags of two regions are 16 million
 * combinations, which took minutes to count (`atLeast` then says the figure is where counting
 * stopped).
 */
function countPoints(
  world: AnalysisWorld,
  space: Space,
  stopAbove: number,
  withConditions = false,
): { points: number; atLeast: boolean } {
  const rest = [...space.route, ...space.context]
    .filter((d) => withConditions || !d.id.startsWith('condition:'))
    .reduce((a, d) => a * d.regions.length, 1);
  if (rest > stopAbove) return { points: rest, atLeast: true };
  let principals = 0;
  for (const p of combinations(space.principal.map((d) => d.regions.length))) {
    if (impossible(world, space, p)) continue;
    if (rest * (1 + ++principals) > stopAbove) return { points: rest * (1 + principals), atLeast: true };
  }
  return { points: rest * (1 + principals), atLeast: false };
}

/** The budget each space was charged to (chargePoints), which its search is charged to as well. */
const BUDGETS = new WeakMap<Space, PointBudget>();

/**
 * Charge `n` requests tried by the search for conditions with policy variables (each is placed in
 * the partition, and probed when it decides a condition). Its work is not in the point count: ten
 * conditions `aws:SourceIp` = `${aws:PrincipalTag/xN}` found 9,233 points after a search of about
 * a million requests (400 s).
 */
function chargeSearch(space: Space, n: number): void {
  BUDGETS.get(space)?.search(space.api.alias, n, space.conditionTemplates.length, space.sources);
}

/** Every combination of one index per size, in the order of product(), made one at a time. */
function* combinations(sizes: readonly number[]): Generator<number[]> {
  if (sizes.some((n) => n === 0)) return;
  const at = sizes.map(() => 0);
  for (;;) {
    yield [...at];
    let i = sizes.length - 1;
    while (i >= 0 && ++at[i]! === sizes[i]) at[i--] = 0;
    if (i < 0) return;
  }
}

function product(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < n; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

/**
 * A space's route groups read per dimension: for each group and each tag or request-key dimension,
 * the region standing for each of its regions (the first one the group's conditions on that key
 * answer alike); none for a dimension read whole (the account, the identity, the route…).
 */
interface Coarsening {
  /** Per region of the route dimension: its group. */
  groupOf: Int32Array;
  reps: (Int32Array | undefined)[][];
  /** Per dimension, what one region more adds to a point's number. */
  strides: number[];
  /** The route dimension's index. */
  routeAt: number;
}
const COARSENINGS = new WeakMap<Space, Coarsening | null>();

/**
 * Request keys the engine reads beyond conditions (without an endpoint, aws:SourceVpce says which
 * endpoints an API accepts): their regions are never merged.
 */
const READ_BEYOND_CONDITIONS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

function coarseningOf(space: Space): Coarsening | undefined {
  let c = COARSENINGS.get(space);
  if (c === undefined) COARSENINGS.set(space, (c = space.groups ? coarsening(space, space.groups) : null));
  return c ?? undefined;
}

function coarsening(space: Space, groups: readonly RouteGroup[]): Coarsening {
  const dims = dimensionsOf(space);
  const routeAt = space.principal.length + space.route.findIndex((d) => d.id === 'route');
  const groupOf = new Int32Array(dims[routeAt]!.regions.length).fill(-1);
  groups.forEach((g, i) => {
    for (const r of g.routes) groupOf[r] = i;
  });
  const strides = new Array<number>(dims.length);
  let stride = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= dims[d]!.regions.length;
  }
  // The key a tag or request-key dimension is the value of; undefined for the others.
  const keyOf = (d: Dimension): string | undefined => {
    if (d.id.startsWith('tag:')) return `aws:PrincipalTag/${d.id.slice(4)}`;
    if (d.id.startsWith('context:') && !READ_BEYOND_CONDITIONS.has(d.label.toLowerCase())) return d.label;
    return undefined;
  };
  const reps = groups.map((g) =>
    dims.map((d) => {
      const key = keyOf(d);
      if (key === undefined) return undefined;
      const lower = key.toLowerCase();
      const probes = g.conditions.filter((c) => c.lowerKey === lower).map(conditionProbe);
      const rep = new Int32Array(d.regions.length);
      const first = new Map<string, number>();
      d.regions.forEach((region, r) => {
        // A condition reads its key alone: asked with the region's witness, or without the key.
        const context = region.witness === undefined ? {} : { [key]: region.witness };
        const answers = probes.map((p) => (probeHolds(p, context) ? 1 : 0)).join('');
        let at = first.get(answers);
        if (at === undefined) first.set(answers, (at = r));
        rep[r] = at;
      });
      return rep;
    }),
  );
  return { groupOf, reps, strides, routeAt };
}

/** Allow { Condition: one condition alone }: the engine says whether it holds for a request. */
function conditionProbe(c: MentionedCondition): CompiledPolicy {
  const key = JSON.stringify([c.operator.name, c.key, c.values]);
  let p = PROBES.get(key);
  if (!p) {
    if (PROBES.size > 10_000) PROBES.clear();
    p = conditionPolicy(c);
    PROBES.set(key, p);
  }
  return p;
}
const PROBES = new Map<string, CompiledPolicy>();

/**
 * A point's number with each tag and request-key region replaced by the one standing for it on
 * the point's route (regions the conditions that may decide the route answer alike).
 */
function coarseNumber(c: Coarsening, regions: readonly number[]): number {
  const reps = c.reps[c.groupOf[regions[c.routeAt]!]!]!;
  let at = 0;
  for (let d = 0; d < regions.length; d++) {
    const r = regions[d]!;
    // An anonymous caller's principal regions are -1.
    const rep = reps[d];
    if (r >= 0) at += (rep ? rep[r]! : r) * c.strides[d]!;
  }
  return at;
}

/**
 * The outcome of each point, decided once per kind of request its route tells apart: two points
 * on one route whose regions differ only in tags and request keys that every condition that may
 * decide the route answers alike (and nothing else reads) get the same answer from the engine, so
 * the second takes the first's. Undefined without route groups (policy variables).
 */
function groupedOutcome<V, P extends Point>(
  space: Space,
  outcome: (req: AnalysisRequest) => V,
  requestFor: (pt: P) => AnalysisRequest,
): ((pt: P) => V) | undefined {
  const c = coarseningOf(space);
  if (!c) return undefined;
  const decided = { anonymous: new Map<number, V>(), iam: new Map<number, V>() };
  return (pt) => {
    const at = coarseNumber(c, pt.regions);
    const known = decided[pt.kind];
    let o = known.get(at);
    if (o === undefined) known.set(at, (o = outcome(requestFor(pt))));
    return o;
  };
}

/**
 * The possible points of a space no request was found for (docs/cli.md, who-can: "could not be
 * searched"): neither impossible for the world, nor asking a variable to hold where none can
 * (variablesCannotHold) or a condition to answer otherwise than its missing key or values make it
 * (conditionFixed), nor decided alike with a point found: one that differs from it only in
 * conditions no statement that may decide its route holds (they decide nothing there). Only a
 * space with policy variables searches for its points (realizedPoints); every other point is its
 * own witness.
 */
export function* unsearchedPoints<R>(
  world: AnalysisWorld,
  space: Space,
  outcomes: PointOutcomes<R>,
): Generator<Point> {
  if (space.templates.length === 0 && space.conditionTemplates.length === 0) return;
  const dims = dimensionsOf(space);
  const routeAt = dims.findIndex((d) => d.id === 'route');
  const condAt = space.conditionTemplates.map((c) => dims.findIndex((d) => d.id === c.id));
  const accountAt = dims.findIndex((d) => d.id === 'account');
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  // Templates only configured roles' own policies hold decide nothing for another principal.
  const owned = space.templates.flatMap((t) =>
    t.owners ? [{ at: dims.findIndex((d) => d.id === t.id), owners: t.owners }] : [],
  );
  const arnOf = (kind: string, regions: readonly number[]) =>
    kind === 'anonymous'
      ? undefined
      : `:iam::${dims[accountAt]!.regions[regions[accountAt]!]!.witness}:${dims[identityAt]!.regions[regions[identityAt]!]!.witness}`;
  // Per principal (its regions): the conditions no statement that may name it holds.
  const np = space.principal.length;
  const inertFor = new Map<string, boolean[]>();
  const inert = (kind: 'anonymous' | 'iam', regions: readonly number[]): boolean[] => {
    const key = `${kind}:${regions.slice(0, np).join(',')}`;
    let got = inertFor.get(key);
    if (!got) {
      const principal = engineQuestion(world, requestOf(world, space, { kind, regions: [...regions] }))
        .request.principal;
      got = (space.conditionHolders ?? []).map(
        (hs) => !hs.some((h) => statementMayName(h.policy, h.statement, INVOKE_ACTION, principal)),
      );
      inertFor.set(key, got);
    }
    return got;
  };
  // A point's key with the conditions and templates that decide nothing for it left out: those of
  // no statement that may decide its route, and those of no statement whose Principal may name it.
  const masked = (kind: 'anonymous' | 'iam', regions: readonly number[]) => {
    const at = space.conditionsAt?.[regions[routeAt]!];
    const out = [...regions];
    const none = condAt.length ? inert(kind, regions) : [];
    condAt.forEach((d, i) => {
      if ((at && !at.includes(i)) || none[i]) out[d] = -3;
    });
    if (owned.length) {
      const arn = arnOf(kind, regions);
      for (const o of owned) if (arn === undefined || !o.owners.some((x) => x.endsWith(arn))) out[o.at] = -3;
    }
    return `${kind}:${out.join(',')}`;
  };
  const found = new Set<string>();
  if (condAt.length || owned.length)
    for (const [kind, regions] of outcomes.entries()) found.add(masked(kind, regions));
  for (const pt of points(world, space)) {
    if (outcomes.has(pt.kind, pt.regions) || ruledOut(space, dims, pt)) continue;
    if ((condAt.length || owned.length) && found.has(masked(pt.kind, pt.regions))) continue;
    yield pt;
  }
}

/**
 * Whether a point asks a condition with policy variables to answer otherwise than it must for its
 * principal: when the condition's key is one the principal never carries (a tag it lacks, an
 * aws:Principal… key of an anonymous caller, aws:username of anyone but an IAM user), or when every
 * value's variables are such keys (no default), the engine's answer no longer depends on the
 * values the search sets (IAM: a missing key, and a value whose variable has no value, match
 * nothing), so one probe with the key missing (and with it present) gives it.
 */
function conditionFixed(
  space: Space,
  dims: Dimension[],
  kind: 'anonymous' | 'iam',
  regions: readonly number[],
): boolean {
  if (space.conditionTemplates.length === 0) return false;
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  const identity =
    kind === 'anonymous' ? undefined : dims[identityAt]!.regions[regions[identityAt]!]!.witness;
  const missing = (key: string) => neverCarried(dims, identity, regions, key);
  for (const c of space.conditionTemplates) {
    const at = dims.findIndex((d) => d.id === c.id);
    const holds = regions[at] === CONDITION_HOLDS.indexOf('holds');
    const keyMissing = missing(c.lowerKey);
    const valuesMissing =
      c.allVariable &&
      c.templates.every((t) => t.parts.some((p) => p.t === 'var' && p.def === undefined && missing(p.key)));
    if (!keyMissing && !valuesMissing) {
      if (literalDecides(c, dims, regions) === !holds) return true;
      continue;
    }
    const absent = fixedAnswer(c, false);
    if (keyMissing) {
      if (absent !== holds) return true;
      continue;
    }
    // Only the values are missing: the answer with the key present must be the one with it absent
    // too, or the key's presence (not known here) decides.
    if (fixedAnswer(c, true) === absent && absent !== holds) return true;
  }
  return false;
}

/**
 * The answer a condition's plain values (those without variables) force whatever its variables
 * hold, for a key that is a dimension (a tag, a request key) split on those values: a value of the
 * region that one of them matches makes a test that is not negated hold (values are ORed) and a
 * negated one fail. Undefined when they force nothing (no match, a set operator over all values).
 */
function literalDecides(
  c: ConditionTemplate,
  dims: Dimension[],
  regions: readonly number[],
): boolean | undefined {
  if (c.allVariable || c.operator.startsWith('ForAllValues:')) return undefined;
  const lower = c.lowerKey;
  const at = dims.findIndex((d) =>
    lower.startsWith('aws:principaltag/')
      ? d.id.toLowerCase() === `tag:${lower.slice('aws:principaltag/'.length)}`
      : d.id.startsWith('context:') && d.label.toLowerCase() === lower,
  );
  if (at === -1 || regions[at]! < 0) return undefined;
  const value = dims[at]!.regions[regions[at]!]!.witness;
  if (value === undefined) return undefined;
  let probe = LITERAL_PROBES.get(c);
  if (probe === undefined) {
    const plain = c.mentioned.values.filter((v) => !v.includes('${'));
    probe = conditionPolicy({ ...c.mentioned, values: plain });
    LITERAL_PROBES.set(c, probe);
  }
  const allowed = probeHolds(probe, { [c.key]: value });
  const negated = c.mentioned.operator.negated;
  // Not negated: a plain value matched, so the condition holds. Negated: the plain-values probe
  // fails only where one matched, so the condition fails too.
  if (!negated) return allowed ? true : undefined;
  return allowed ? undefined : false;
}
const LITERAL_PROBES = new WeakMap<ConditionTemplate, CompiledPolicy>();

/**
 * The condition's answer with its variables' keys missing, and its key missing or set. Set, it
 * holds a value the operator reads (an ARN for Arn, a number, a date, an address): a negated
 * operator over a value of another type is one the engine refuses to decide (SG000,
 * docs/aws-behaviour.md §31, §34), and every value's variables missing, any such value matches none.
 */
function fixedAnswer(c: ConditionTemplate, keyPresent: boolean): boolean {
  return probeHolds(
    c.probe,
    keyPresent ? { [c.key]: PRESENT[c.mentioned.operator.family] ?? 'spokegate-value' } : {},
  );
}
/** A value of each operator family's type (fixedAnswer); a String one for the others. */
const PRESENT: Record<string, string> = {
  Arn: 'arn:aws:iam::000000000000:spokegate-value',
  Numeric: '0',
  Date: '1970-01-01T00:00:00Z',
  IpAddress: '192.0.2.1',
  Bool: 'false',
};

/**
 * Whether a one-condition probe policy (conditionPolicy) allows a request carrying `context` alone:
 * whether its condition holds for those values (the caller and resource do not matter to it).
 */
function probeHolds(probe: CompiledPolicy, context: RequestContext['context']): boolean {
  const request: RequestContext = {
    principal: { kind: 'anonymous' },
    action: INVOKE_ACTION,
    resource: '*',
    context,
  };
  return evaluatePolicy(probe, request).kind === 'Allowed';
}

/**
 * Whether a point asks a Resource with a variable (no default) to match for a principal that never
 * carries its key (neverCarried: a tag whose region is "absent" too): a variable with no value
 * matches nothing (IAM, "Policy variables with no value"; docs/aws-behaviour.md).
 */
function templateWithoutValue(
  space: Space,
  dims: Dimension[],
  kind: 'anonymous' | 'iam',
  regions: readonly number[],
): boolean {
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  const identity =
    kind === 'anonymous' ? undefined : dims[identityAt]!.regions[regions[identityAt]!]!.witness;
  return space.templates.some(
    (t) =>
      regions[dims.findIndex((d) => d.id === t.id)] === TEMPLATE_MATCH.indexOf('matches') &&
      t.template.parts.some(
        (p) => p.t === 'var' && p.def === undefined && neverCarried(dims, identity, regions, p.key),
      ),
  );
}

/**
 * Variables whose values never hold a slash: an IAM user name (`[\w+=,.@-]+`), a role session name
 * (`[\w+=,.@-]*`), so aws:userid (`ROLEID:SESSION`, an AIDA… id, an account), and an account id
 * (botocore's IAM and STS models; docs/aws-behaviour.md).
 */
const SLASHLESS = new Set(['aws:username', 'aws:userid', 'aws:principalaccount']);

/**
 * Whether a point asks a Resource with such a variable to match on a route region none of whose
 * routes it can match with a value without a slash: no string matches the template (that variable
 * a run without `/`) and every Resource pattern the region's routes match (a necessary condition:
 * the patterns they do not match are left aside).
 */
function nameCannotMatch(space: Space, dims: Dimension[], regions: readonly number[]): boolean {
  const routeAt = dims.findIndex((d) => d.id === 'route');
  const region = dims[routeAt]!.regions[regions[routeAt]!]!;
  for (const t of space.templates) {
    if (regions[dims.findIndex((d) => d.id === t.id)] !== TEMPLATE_MATCH.indexOf('matches')) continue;
    const parts = t.template.parts;
    if (!parts.some((p) => p.t === 'var' && p.def === undefined && SLASHLESS.has(p.key.toLowerCase())))
      continue;
    // Read normalised there: the region's patterns are those its path as written matches.
    if (region.witness !== undefined && t.normalisedOn?.(region.witness)) continue;
    if (nameMeets(t, region) === false) return true;
  }
  return false;
}

/**
 * Whether a string meets the template (such a variable a run without `/`) and every Resource pattern
 * a route region's routes match (undefined: undecided within patternsMeet's cap). The template's and
 * the region's alone: asked once per pair, not for every point (nameCannotMatch).
 */
const nameMeets = pairMemo((t: ResourceTemplate, region: Region): boolean | undefined => {
  const tokens: Token[] = t.template.parts.flatMap((p): Token[] =>
    p.t === 'text'
      ? globTokens(p.s)
      : p.t === 'lit'
        ? [{ c: p.s }]
        : [p.def === undefined && SLASHLESS.has(p.key.toLowerCase()) ? 'word' : 'run'],
  );
  const patterns = region.matched.filter((a) => a.kind === 'like' && a.value.startsWith('arn:'));
  return patternsMeet([tokens, ...patterns.map((a) => globTokens(a.value))]);
});

/**
 * The values aws:PrincipalArn and aws:userid can hold for a kind of principal (an identity region's
 * witness: `role/…`, `user/…`, `federated-user/…`, `root`), as tokens wide enough to hold every one:
 * a role's ARN (not its session's), `ROLEID:SESSION` (neither holds a colon: botocore's id and
 * session-name patterns), a user's id (AIDA…), `ACCOUNT:NAME` of a federated user, the root's account.
 */
const PRINCIPAL_SHAPES: Record<string, Record<string, Token[]>> = {
  'aws:principalarn': {
    role: ['run', ...globTokens(':role/'), 'run'],
    user: ['run', ...globTokens(':user/'), 'run'],
    'federated-user': ['run', ...globTokens(':federated-user/'), 'run'],
    root: ['run', ...globTokens(':root')],
  },
  'aws:userid': {
    role: ['part', { c: ':' }, 'part'],
    user: ['part'],
    'federated-user': ['part', { c: ':' }, 'part'],
    root: ['part'],
  },
};
/** The resource part of aws:PrincipalArn (after its fifth colon) for each kind of principal. */
const ARN_RESOURCE_SHAPES: Record<string, Token[]> = {
  role: [...globTokens('role/'), 'run'],
  user: [...globTokens('user/'), 'run'],
  'federated-user': [...globTokens('federated-user/'), 'run'],
  root: globTokens('root'),
};

/**
 * A condition value as tokens, each variable as any run; for an Arn operator, only what follows
 * the value's fifth colon when the policy text holds all five before any variable (ArnLike
 * matches each part apart, so a variable there cannot reach into another part).
 */
function valueTokens(c: ConditionTemplate, v: string, arnResource: boolean): Token[] | undefined {
  const t = c.templates.find((x) => x.raw === v);
  const text = (x: string): Token[] => (c.like ? globTokens(x) : [...x].map((ch) => ({ c: ch })));
  const parts: Template['parts'][number][] = t ? [...t.parts] : [{ t: 'text', s: v }];
  if (arnResource) {
    let colons = 0;
    const at = parts.findIndex((p) => {
      if (p.t === 'var') return true;
      const i = [...p.s].findIndex((ch) => ch === ':' && ++colons === 5);
      if (i === -1) return false;
      parts[parts.indexOf(p)] = { ...p, s: p.s.slice(i + 1) };
      return true;
    });
    if (at === -1 || colons < 5) return undefined;
    parts.splice(0, at);
  }
  return parts.flatMap((p): Token[] =>
    p.t === 'text' ? text(p.s) : p.t === 'lit' ? [...p.s].map((ch) => ({ c: ch })) : ['run'],
  );
}

/**
 * Whether a point asks a condition on aws:PrincipalArn or aws:userid with policy variables to hold
 * where no value of any variable can make it: with each variable as any run, no value of the
 * condition meets what the key holds for the point's kind of principal (a `role/ops/${…}` ARN
 * pattern for an IAM user, `*:${…}` for a user's id, which holds no colon). Only operators that
 * hold when a value matches (String/Arn Equals/Like, no IgnoreCase, not negated, no set qualifier):
 * ArnLike matches each ARN part apart, so a whole-string match is wider and a miss is a miss.
 */
function principalCannotMatch(
  space: Space,
  dims: Dimension[],
  kind: 'anonymous' | 'iam',
  regions: readonly number[],
): boolean {
  if (kind === 'anonymous' || space.conditionTemplates.length === 0) return false;
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  const region = dims[identityAt]!.regions[regions[identityAt]!]!;
  for (const c of space.conditionTemplates) {
    if (regions[dims.findIndex((d) => d.id === c.id)] !== CONDITION_HOLDS.indexOf('holds')) continue;
    if (valuesMiss(c, region)) return true;
  }
  return false;
}

/**
 * Whether no value of condition `c` (each variable any run) meets what its key holds for the
 * principals of an identity region (principalCannotMatch). The condition's and the region's alone:
 * asked once per pair, not for every point.
 */
const valuesMiss = pairMemo((c: ConditionTemplate, region: Region): boolean => {
  const witness = region.witness!;
  const principalKind = witness === 'root' ? 'root' : witness.slice(0, witness.indexOf('/'));
  const shape = PRINCIPAL_SHAPES[c.lowerKey]?.[principalKind];
  const op = c.mentioned.operator;
  if (!shape || op.negated || op.qualifier || /IgnoreCase/.test(op.name)) return false;
  if (!/^(?:String|Arn)(?:Equals|Like)$/.test(op.base)) return false;
  // A region of one role or user a policy names (`role/PATH/NAME`): its ARN's resource part exactly.
  const exact = region.matched.find((a) => a.kind === 'equals');
  const resourceShape = exact
    ? [...exact.value].map((ch): Token => ({ c: ch }))
    : ARN_RESOURCE_SHAPES[principalKind]!;
  const arn = op.family === 'Arn' && c.lowerKey === 'aws:principalarn';
  const misses = (v: string) => {
    const resource = arn ? valueTokens(c, v, true) : undefined;
    return resource
      ? patternsMeet([resourceShape, resource]) === false
      : patternsMeet([shape, valueTokens(c, v, false)!]) === false;
  };
  return c.mentioned.values.every(misses);
});

/**
 * Whether a point asks a Resource with variables to match where one it lies inside does not: a
 * template `PREFIX + S` (the API's own ARN prefix, then S) lies inside `H + S` when the pattern H
 * (no variables) matches PREFIX, whatever S's variables hold (`…:at1as7x7a7/live/GET/teams/${…}`
 * inside `arn:aws:execute-api:*:*:*\/*\/GET/teams/${…}`).
 */
function nestedTemplatesDisagree(space: Space, dims: Dimension[], regions: readonly number[]): boolean {
  if (space.templates.length < 2) return false;
  const at = (t: ResourceTemplate) => regions[dims.findIndex((d) => d.id === t.id)];
  const matches = TEMPLATE_MATCH.indexOf('matches');
  const routeAt = dims.findIndex((d) => d.id === 'route');
  const route = dims[routeAt]!.regions[regions[routeAt]!]!.witness;
  // Two templates reading the route's path apart (as written, normalised) need not agree.
  const reading = (t: ResourceTemplate) => route !== undefined && !!t.normalisedOn?.(route);
  for (const inner of space.templates) {
    if (at(inner) !== matches || !inner.template.raw.startsWith(inner.prefix)) continue;
    const tail = inner.template.raw.slice(inner.prefix.length);
    for (const outer of space.templates) {
      if (outer === inner || at(outer) === matches || !outer.template.raw.endsWith(tail)) continue;
      if (reading(outer) !== reading(inner)) continue;
      const head = outer.template.raw.slice(0, outer.template.raw.length - tail.length);
      if (!head.includes('${') && !/[*?]/.test(inner.prefix) && compileWildcard(head).test(inner.prefix))
        return true;
    }
  }
  return false;
}

/**
 * Whether a point's principal never carries a key: an anonymous caller no aws:Principal… key,
 * aws:userid nor aws:username; anyone but an IAM user no aws:username; an account root no tags; a
 * principal whose tag region is "absent" not that tag.
 */
function neverCarried(
  dims: Dimension[],
  identity: string | undefined,
  regions: readonly number[],
  key: string,
): boolean {
  const k = key.toLowerCase();
  if (identity === undefined)
    return k.startsWith('aws:principal') || k === 'aws:userid' || k === 'aws:username';
  if (k === 'aws:username') return !identity.startsWith('user/');
  if (!k.startsWith('aws:principaltag/')) {
    // A request key whose region is "absent".
    const at = dims.findIndex((d) => d.id.startsWith('context:') && d.label.toLowerCase() === k);
    return at !== -1 && dims[at]!.regions[regions[at]!]!.witness === undefined;
  }
  if (identity === 'root') return true;
  const at = dims.findIndex((d) => d.id.toLowerCase() === `tag:${k.slice('aws:principaltag/'.length)}`);
  return at !== -1 && dims[at]!.regions[regions[at]!]!.witness === undefined;
}

/**
 * Evaluate every point and merge. `outcome` decides a request (with the engine) and returns what
 * classes are grouped by plus its key.
 */
export function classify<R>(
  world: AnalysisWorld,
  space: Space,
  outcome: (req: AnalysisRequest) => { value: R; key: string },
  /** Combines the outcomes of two merged classes (same key), e.g. their deciding statements. */
  combine: (a: R, b: R) => R = (a) => a,
): { classes: RawClass<R>[]; outcomes: PointOutcomes<R> } {
  const nd = dimensionsOf(space).length;
  const outcomes = new PointOutcomes<R>(space);
  // Merge along the route and context first (they are usually free), then the principal.
  const np = space.principal.length;
  const order = [
    ...Array.from({ length: nd - np }, (_, i) => np + i),
    ...Array.from({ length: np }, (_, i) => np - 1 - i),
  ];
  // The first merge is made as the points are decided (a class of one point each, held all at
  // once, cost kilobytes a point: 150,000 points of a five-tag world peaked at 880 MB), along the
  // first dimension of the order with more than one region (one with a single region merges
  // nothing). Groups form in order of first appearance and take their members in order, as a
  // later pass does, so the classes are the same.
  const dims = dimensionsOf(space);
  const first = order.find((d) => dims[d]!.regions.length > 1) ?? order[0]!;
  // A point's group: by its kind and outcome key, then its regions but along `first` as one number
  // (mixed radix, a principal's -1 read as 0), or as text where that number could pass 2^53. No
  // string is made per point (it was most of a 200,000-point analysis's merge).
  const strides = dims.map(() => 0);
  let span = 1;
  for (let i = 0; i < nd; i++)
    if (i !== first) {
      strides[i] = span;
      span *= dims[i]!.regions.length + 1;
    }
  const numeric = span <= Number.MAX_SAFE_INTEGER;
  type Groups = Map<string, Map<number | string, RawClass<R>>>;
  const streamed: Record<Point['kind'], Groups> = { anonymous: new Map(), iam: new Map() };
  // The groups in order of first appearance.
  let classes: RawClass<R>[] = [];
  let decided = 0;
  const requestFor = (pt: Point & { req?: AnalysisRequest }) => pt.req ?? requestOf(world, space, pt);
  const once = groupedOutcome(space, outcome, requestFor);
  for (const pt of realizedPoints(world, space)) {
    decided++;
    const o = once ? once(pt) : outcome(requestFor(pt));
    outcomes.set(pt.kind, pt.regions, o.value);
    const byOutcome = streamed[pt.kind];
    let groups = byOutcome.get(o.key);
    if (!groups) byOutcome.set(o.key, (groups = new Map<number | string, RawClass<R>>()));
    let k: number | string = 0;
    if (numeric) {
      let n = 0;
      for (let i = 0; i < nd; i++) if (i !== first) n += (pt.regions[i]! + 1) * strides[i]!;
      k = n;
    } else {
      k = '';
      for (let i = 0; i < nd; i++) if (i !== first) k += `,${pt.regions[i]}`;
    }
    const g = groups.get(k);
    if (!g) {
      const c: RawClass<R> = {
        kind: pt.kind,
        outcome: o.value,
        key: `${pt.kind}\0${o.key}`,
        sets: pt.regions.map((r) => [r]),
        points: [pt.regions],
      };
      groups.set(k, c);
      classes.push(c);
      continue;
    }
    g.outcome = combine(g.outcome, o.value);
    g.sets[first]!.push(pt.regions[first]!);
    g.points.push(pt.regions);
  }
  streamed.anonymous.clear();
  streamed.iam.clear();
  for (const c of classes)
    if (c.sets[first]!.length > 1) c.sets[first] = [...new Set(c.sets[first])].sort((a, b) => a - b);
  // Grouping keys are built from small numbers: each class's outcome and, per dimension, its set
  // of regions, interned (a set's id is the same wherever it occurs).
  const outcomeIds = new Map<string, number>();
  const setIds = Array.from({ length: nd }, () => new Map<string, number>());
  const internSet = (d: number, set: readonly number[]): number => {
    const text = set.join(',');
    let id = setIds[d]!.get(text);
    if (id === undefined) setIds[d]!.set(text, (id = setIds[d]!.size));
    return id;
  };
  const ids = new Map<RawClass<R>, { outcome: number; sets: number[] }>();
  for (const c of classes) {
    let o = outcomeIds.get(c.key);
    if (o === undefined) outcomeIds.set(c.key, (o = outcomeIds.size));
    ids.set(c, { outcome: o, sets: c.sets.map((set, d) => internSet(d, set)) });
  }
  /** One pass along d: classes equal but along d, in order of first appearance, the first takes the others in. */
  const mergeAlong = (d: number): boolean => {
    // The key as one number (mixed radix over the ids interned so far), as text past 2^53.
    const radix = setIds.map((m) => m.size);
    let span = outcomeIds.size;
    for (let i = 0; i < nd; i++) if (i !== d) span *= radix[i]!;
    const numeric = span <= Number.MAX_SAFE_INTEGER;
    const groups = new Map<number | string, RawClass<R>[]>();
    for (const c of classes) {
      const id = ids.get(c)!;
      let k: number | string;
      if (numeric) {
        k = id.outcome;
        for (let i = 0; i < nd; i++) if (i !== d) k = k * radix[i]! + id.sets[i]!;
      } else {
        k = `${id.outcome}`;
        for (let i = 0; i < nd; i++) if (i !== d) k += `,${id.sets[i]}`;
      }
      const g = groups.get(k);
      if (g) g.push(c);
      else groups.set(k, [c]);
    }
    if (groups.size === classes.length) return false;
    const next: RawClass<R>[] = [];
    for (const members of groups.values()) {
      const g = members[0]!;
      next.push(g);
      if (members.length === 1) continue;
      const union = new Set(g.sets[d]);
      for (let m = 1; m < members.length; m++) {
        const c = members[m]!;
        g.outcome = combine(g.outcome, c.outcome);
        for (const r of c.sets[d]!) union.add(r);
        for (const p of c.points) g.points.push(p);
        ids.delete(c);
      }
      g.sets[d] = [...union].sort((a, b) => a - b);
      ids.get(g)!.sets[d] = internSet(d, g.sets[d]);
    }
    classes = next;
    return true;
  };
  let changed = classes.length < decided;
  for (const d of order.slice(order.indexOf(first) + 1)) if (mergeAlong(d)) changed = true;
  while (changed) {
    changed = false;
    for (const d of order) if (mergeAlong(d)) changed = true;
  }
  return { classes, outcomes };
}

/**
 * The outcome of every decided point of a space, by a number per point: anonymous points first
 * (their principal regions are -1), then the signed ones, each numbered in mixed radix over the
 * regions of its dimensions. No string, array or map entry per point when the space is small enough
 * for a table (a `*?` x 16 over aws:userid decided 210,000 points and spent most of its time in
 * the garbage collector with a string key each).
 */
export class PointOutcomes<R> {
  /** Per dimension, what one region more adds to a point's number. */
  readonly #strides: number[];
  readonly #np: number;
  /** Where the signed points' numbers start (the number of anonymous points). */
  readonly #signed: number;
  /** Point number -> 1 + index into #values (0: not decided), as a table or a map. */
  readonly #table: Int32Array | undefined;
  readonly #map: Map<number, number> | undefined;
  readonly #values: R[] = [];
  #size = 0;

  constructor(space: Space) {
    const dims = dimensionsOf(space);
    this.#np = space.principal.length;
    this.#strides = new Array<number>(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      this.#strides[d] = stride;
      stride *= dims[d]!.regions.length;
      if (d === this.#np) this.#signed = stride;
    }
    this.#signed ??= stride;
    const total = this.#signed + stride;
    if (total <= TABLE_POINTS) this.#table = new Int32Array(total);
    else this.#map = new Map();
  }

  /** The number of the first point of a kind (every region 0). */
  origin(kind: 'anonymous' | 'iam'): number {
    return kind === 'anonymous' ? 0 : this.#signed;
  }

  /** `at` moved to region `r` of dimension `d` (from region 0); undefined when no point of the kind has it. */
  step(kind: 'anonymous' | 'iam', d: number, r: number, at: number): number | undefined {
    if (d < this.#np) {
      if (kind === 'anonymous') return r === -1 ? at : undefined;
      if (r < 0) return undefined;
    }
    return at + r * this.#strides[d]!;
  }

  #number(kind: 'anonymous' | 'iam', regions: readonly number[]): number | undefined {
    let at = this.origin(kind);
    for (let d = 0; d < regions.length; d++) {
      const next = this.step(kind, d, regions[d]!, at);
      if (next === undefined) return undefined;
      at = next;
    }
    return at;
  }

  set(kind: 'anonymous' | 'iam', regions: readonly number[], value: R): void {
    const at = this.#number(kind, regions)!;
    const known = this.#table ? this.#table[at]! : (this.#map!.get(at) ?? 0);
    if (known) {
      this.#values[known - 1] = value;
      return;
    }
    this.#values.push(value);
    this.#size++;
    if (this.#table) this.#table[at] = this.#values.length;
    else this.#map!.set(at, this.#values.length);
  }

  /** The outcome of the point numbered `at`. */
  at(at: number): R | undefined {
    const i = this.#table ? this.#table[at] : this.#map!.get(at);
    return i ? this.#values[i - 1] : undefined;
  }

  get(kind: 'anonymous' | 'iam', regions: readonly number[]): R | undefined {
    const at = this.#number(kind, regions);
    return at === undefined ? undefined : this.at(at);
  }

  has(kind: 'anonymous' | 'iam', regions: readonly number[]): boolean {
    return this.get(kind, regions) !== undefined;
  }

  /** How many points were decided. */
  get size(): number {
    return this.#size;
  }

  /** Every decided point with its outcome, by number. */
  *entries(): Generator<[kind: 'anonymous' | 'iam', regions: number[], value: R]> {
    const numbers = this.#table
      ? (function* (t: Int32Array) {
          for (let at = 0; at < t.length; at++) if (t[at]) yield [at, t[at]!] as const;
        })(this.#table)
      : [...this.#map!].sort((a, b) => a[0] - b[0]);
    for (const [at, i] of numbers) {
      const kind = at < this.#signed ? 'anonymous' : 'iam';
      let rest = kind === 'anonymous' ? at : at - this.#signed;
      const regions = this.#strides.map((stride, d) => {
        if (kind === 'anonymous' && d < this.#np) return -1;
        const r = Math.floor(rest / stride);
        rest -= r * stride;
        return r;
      });
      yield [kind, regions, this.#values[i - 1]!];
    }
  }
}

/** Spaces of up to this many points (16 MB) keep their outcomes in a table; larger ones in a map. */
const TABLE_POINTS = 4_000_000;

export function pointKey(kind: 'anonymous' | 'iam', regions: readonly number[]): string {
  return `${kind}:${regions.join(',')}`;
}

/**
 * Whether every point of a box that exists has a wanted outcome; false beyond `cap` points. The
 * points' numbers are summed as it goes (no string or array per point) and it stops at the first
 * unwanted one.
 */
function allWanted<R>(
  kind: 'anonymous' | 'iam',
  sets: readonly (readonly number[])[],
  outcomes: PointOutcomes<R>,
  wanted: (r: R) => boolean,
  cap = 50_000,
): boolean {
  let n = 1;
  for (const s of sets) n *= s.length;
  if (n > cap) return false;
  const walk = (d: number, at: number): boolean => {
    if (d === sets.length) {
      const o = outcomes.at(at);
      return o === undefined || wanted(o);
    }
    for (const r of sets[d]!) {
      const next = outcomes.step(kind, d, r, at);
      // A region no point of this kind has (-1 for a signed caller, any but -1 for an anonymous
      // one's principal): no point there.
      if (next !== undefined && !walk(d + 1, next)) return false;
    }
    return true;
  };
  return walk(0, outcomes.origin(kind));
}

/** Every point of a box (one region per dimension from each set); undefined beyond `cap`. */
export function boxPoints(sets: readonly (readonly number[])[], cap = 50_000): number[][] | undefined {
  let n = 1;
  for (const s of sets) n *= s.length;
  if (n > cap) return undefined;
  const out: number[][] = [];
  // One array per point, in product() order (the last dimension fastest): product() made every
  // prefix too, and a second array per point for the regions.
  if (n > 0) for (const p of boxCombinations(sets)) out.push(p);
  return out;
}

/** Every point of a box, in product() order, made one at a time (the caller may keep each). */
function* boxCombinations(sets: readonly (readonly number[])[]): Generator<number[]> {
  if (sets.some((s) => s.length === 0)) return;
  const at = sets.map(() => 0);
  for (;;) {
    const p = new Array<number>(sets.length);
    for (let d = 0; d < sets.length; d++) p[d] = sets[d]![at[d]!]!;
    yield p;
    let i = sets.length - 1;
    while (i >= 0 && ++at[i]! === sets[i]!.length) at[i--] = 0;
    if (i < 0) return;
  }
}

/**
 * The allowed set as a short cover of boxes: each box of the partition grows along every dimension
 * while every point it takes in has the wanted outcome (or does not exist), then boxes inside
 * another are dropped. Boxes may overlap; each holds only points with the outcome.
 */
export function cover<R>(
  boxes: RawClass<R>[],
  outcomes: PointOutcomes<R>,
  space: Space,
  wanted: (r: R) => boolean,
): { kind: 'anonymous' | 'iam'; sets: number[][] }[] {
  const dims = dimensionsOf(space);
  const np = space.principal.length;
  const out: { kind: 'anonymous' | 'iam'; sets: number[][] }[] = [];
  for (const b of boxes) {
    const sets = b.sets.map((s) => [...s]);
    for (let d = 0; d < dims.length; d++) {
      if (b.kind === 'anonymous' && d < np) continue;
      for (let r = 0; r < dims[d]!.regions.length; r++) {
        if (sets[d]!.includes(r)) continue;
        const trial = sets.map((s, i) => (i === d ? [r] : s));
        if (allWanted(b.kind, trial, outcomes, wanted)) sets[d] = [...sets[d]!, r].sort((x, y) => x - y);
      }
    }
    out.push({ kind: b.kind, sets });
  }
  const inside = (a: number[][], c: number[][]) => a.every((s, i) => s.every((r) => c[i]!.includes(r)));
  return out.filter(
    (a, i) =>
      !out.some(
        (c, j) =>
          j !== i && c.kind === a.kind && inside(a.sets, c.sets) && (!inside(c.sets, a.sets) || j < i),
      ),
  );
}

/** Whether a set of regions covers the whole dimension. */
export function isAny(d: Dimension, set: readonly number[]): boolean {
  return set.length === d.regions.length;
}

/**
 * aws:TokenIssueTime as the engine gives it: the request's own value, else the principal's issue
 * time, the world's now (clockOf) for temporary credentials without one, none for long-term keys (principalKeys).
 */
function issuedOf(world: AnalysisWorld, req: AnalysisRequest): string | undefined {
  const given = Object.entries(req.context ?? {}).find(([k]) => k.toLowerCase() === 'aws:tokenissuetime');
  if (given) return given[1];
  const c = credentialsOf(req.principal);
  return c ? (c.issuedAt ?? new Date(clockOf(world)).toISOString()) : undefined;
}

/** A key of the request's own context, by its lower-case name. */
function contextValue(req: AnalysisRequest, lowerKey: string): string | undefined {
  for (const k in req.context) if (k.toLowerCase() === lowerKey) return req.context[k];
  return undefined;
}

/** aws:MultiFactorAuthPresent as the engine gives it: the request's own value, else the credentials'. */
function mfaOf(req: AnalysisRequest): string | undefined {
  const given = Object.entries(req.context ?? {}).find(
    ([k]) => k.toLowerCase() === 'aws:multifactorauthpresent',
  );
  if (given) return given[1];
  const c = credentialsOf(req.principal);
  return c ? String(c.mfa ?? false) : undefined;
}
