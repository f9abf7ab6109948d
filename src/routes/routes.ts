// API Gateway's REST routing (docs/aws-behaviour.md "Routes"): a resource path is literal segments,
// `{name}` (exactly one segment) and, last only, a greedy `{name+}` (one or more segments); a
// method is an HTTP verb or ANY (every verb the resource does not define itself). The most literal
// route wins.

export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

export interface RouteRef {
  method: string;
  path: string;
  /**
   * The method's authorizationType (read with GetDeployment/GetResources, or stated in the config).
   * Absent or a value spokegate does not know: not one fact (see routeAuthorization).
   */
  authorizationType?: string;
  /** The method's authorizer id (GetResources), for messages about a CUSTOM or Cognito route. */
  authorizerId?: string;
  /** That authorizer as GetAuthorizers describes it (`"NAME" (TYPE)`), for the same messages. */
  authorizer?: string;
  /** Why the type is not one fact (the stage's deployment and its canary's disagree). */
  typeUnknown?: string;
}

/** What API Gateway does with a call besides the policies: the route's authorization type. */
export const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;
export type RouteAuthorizationType = (typeof AUTHORIZATION_TYPES)[number];

/**
 * How API Gateway authorizes a request, from the route it reaches (docs/aws-behaviour.md §5c, §5d):
 * NONE and AWS_IAM are decided by the policies alone; CUSTOM (a Lambda authorizer) and
 * COGNITO_USER_POOLS are decided by an authorizer spokegate cannot ask, after the endpoint and
 * resource policies; `unknown` when the route's type is not one fact. `route` is undefined when the
 * request reaches none of the routes given (AWS_IAM, as a route not stated otherwise is).
 */
export type RouteAuthorization =
  | { type: 'NONE' | 'AWS_IAM'; route?: string }
  | { type: 'CUSTOM' | 'COGNITO_USER_POOLS'; route: string; authorizer?: string }
  | { type: 'unknown'; route: string; why: string };

const SEGMENT = /^(?:[\w.~!$&'()*,;=:@-]+|\{[A-Za-z_][\w.-]*\+?\})$/;

/** Why a resource-path template is not one API Gateway accepts; undefined when it is. */
export function templateProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'a resource path starts with /';
  const segs = path.split('/').slice(1);
  if (path === '/') return undefined;
  for (const [i, s] of segs.entries()) {
    if (s === '') return 'a resource path has no empty segments (no // and no trailing /)';
    if (!SEGMENT.test(s)) return `"${s}" is not a path segment, {name} or {name+}`;
    if (s.endsWith('+}') && i !== segs.length - 1) return `the greedy ${s} can only be the last segment`;
  }
  return undefined;
}

/** Why a `"METHOD /path"` route spec is malformed; undefined when it is well formed. */
export function routeSpecProblem(spec: string): string | undefined {
  const m = /^([A-Z]+) (\S+)$/.exec(spec);
  if (!m) return 'must be "METHOD /path", e.g. "GET /orders" or "ANY /{proxy+}"';
  if (!(API_METHODS as readonly string[]).includes(m[1]!))
    return `"${m[1]}" is not one of ${API_METHODS.join(', ')}`;
  return templateProblem(m[2]!);
}

/** `"GET /orders/{id}"` as a route (call routeSpecProblem first: this assumes a well-formed spec). */
export function parseRouteSpec(spec: string): RouteRef {
  const i = spec.indexOf(' ');
  return { method: spec.slice(0, i), path: spec.slice(i + 1) };
}

export function formatRoute(r: RouteRef): string {
  return `${r.method} ${r.path}`;
}

/**
 * A route as API Gateway tells routes apart: a path parameter by its position alone (`{}`), a greedy
 * one as `{+}` (another route: one or more segments), so `GET /orders/{id}` and `GET /orders/{orderId}`
 * are one route (docs/aws-behaviour.md §46).
 */
export function routeKey(r: RouteRef): string {
  return `${r.method} ${r.path.replace(/\{[^{}/]*?(\+?)\}/g, '{$1}')}`;
}

/**
 * Why resource paths cannot all be one API's: API Gateway gives a resource at most one variable
 * child, greedy or not (CreateResource: "A sibling ({id}) of this resource already has a variable
 * path part -- only one is allowed"; §46). `index` is the path that adds the second.
 */
export function variableSiblingProblem(
  paths: readonly string[],
): { index: number; message: string } | undefined {
  const variable = new Map<string, { part: string; path: string }>();
  for (const [index, path] of paths.entries()) {
    const segs = path.split('/').filter(Boolean);
    for (const [i, part] of segs.entries()) {
      if (!part.startsWith('{')) continue;
      const parent = `/${segs.slice(0, i).join('/')}`;
      const seen = variable.get(parent);
      if (!seen) variable.set(parent, { part, path });
      else if (seen.part !== part)
        return {
          index,
          message: `${part} beside ${seen.part} (${seen.path}) under ${parent}: API Gateway allows one variable path part there ("only one is allowed"), told by position, not name: write one name`,
        };
    }
  }
  return undefined;
}

/** A request path's segments (query dropped, each percent-decoded), as API Gateway matches them. */
export function pathSegments(path: string): string[] {
  const q = path.indexOf('?');
  return (q >= 0 ? path.slice(0, q) : path)
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Whether `a` has a literal segment where `b` first has a {param} (position by position). */
function leftmostLiteral(a: boolean[], b: boolean[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]!;
  return false;
}

/** The route a request reaches (segments relative to the stage), or undefined (API Gateway: Missing Authentication Token). */
export function matchRoute<R extends RouteRef>(
  routes: readonly R[],
  method: string,
  segments: string[],
): R | undefined {
  let best: { route: R; score: number; literal: boolean[] } | undefined;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const tpl = route.path.split('/').filter(Boolean);
    const greedy = tpl.length > 0 && /^\{[^}]+\+\}$/.test(tpl[tpl.length - 1]!);
    const fixed = greedy ? tpl.length - 1 : tpl.length;
    // A greedy variable takes one or more segments; otherwise the lengths must agree.
    if (greedy ? segments.length <= fixed : segments.length !== fixed) continue;
    let score = 0;
    let ok = true;
    const literal: boolean[] = [];
    for (let i = 0; i < fixed; i++) {
      const t = tpl[i]!;
      literal.push(!/^\{[^}]+\}$/.test(t));
      if (!literal[i]) continue;
      if (t !== segments[i]) {
        ok = false;
        break;
      }
      score += 2;
    }
    if (!ok) continue;
    // More literal segments win; then a fixed-length route over a greedy one; then the exact verb
    // over ANY; then (a tie: `/a/{x}` and `/{y}/b` for `/a/b`) the literal segment further left, as a
    // walk down the resource tree takes a literal child before a {param} one. Never the order in
    // which the routes are listed (docs/aws-behaviour.md §5c).
    score = score * 4 + (greedy ? 0 : 2) + (route.method === method ? 1 : 0);
    if (!best || score > best.score || (score === best.score && leftmostLiteral(literal, best.literal)))
      best = { route, score, literal };
  }
  return best?.route;
}

/** The authorization of the route METHOD PATH reaches among `routes` (each with its type). */
export function routeAuthorization(
  routes: readonly RouteRef[],
  method: string,
  path: string,
): RouteAuthorization {
  const hit = matchRoute(routes, method, pathSegments(path));
  if (!hit) return { type: 'AWS_IAM' };
  const route = formatRoute(hit);
  const t = hit.authorizationType;
  if (t === 'NONE' || t === 'AWS_IAM') return { type: t, route };
  if (t === 'CUSTOM' || t === 'COGNITO_USER_POOLS')
    return {
      type: t,
      route,
      ...(hit.authorizerId
        ? { authorizer: hit.authorizer ? `${hit.authorizerId} ${hit.authorizer}` : hit.authorizerId }
        : {}),
    };
  return {
    type: 'unknown',
    route,
    why:
      hit.typeUnknown ??
      (t === undefined
        ? 'its authorization type was not read'
        : `its authorization type "${t}" is not one spokegate knows`),
  };
}

/**
 * Whether the route's authorizer may still let through a call the policies refused (API Gateway
 * developer guide, apigateway-authorization-flow, Table A): a Lambda authorizer's policy counts with
 * the resource policy, so a resource policy that only does not allow (an implicit deny at the
 * resource layer, with a resource policy present) stops nothing; an explicit deny, the endpoint
 * policy, or no resource policy at all (a private API then refuses every call) still do. A Cognito
 * authorizer needs the resource policy to allow. A route of unknown type is read as a Lambda one.
 */
export function authorizerMayOverride(
  type: RouteAuthorization['type'],
  refusal: { layer?: string | null; detail: string },
  hasResourcePolicy: boolean,
): boolean {
  return (
    (type === 'CUSTOM' || type === 'unknown') &&
    refusal.layer === 'resource' &&
    refusal.detail === 'ImplicitDeny' &&
    hasResourcePolicy
  );
}

/** How a route's authorization reads in messages: `GET /x (CUSTOM authorizer abc123)`. */
export function authorizationText(a: RouteAuthorization): string {
  const route = a.route ?? 'no stated route';
  if (a.type === 'unknown') return `${route} (authorization type unknown: ${a.why})`;
  if (a.type === 'CUSTOM' || a.type === 'COGNITO_USER_POOLS')
    return `${route} (${a.type === 'CUSTOM' ? 'a Lambda authorizer, CUSTOM' : 'a Cognito user pool authorizer, COGNITO_USER_POOLS'}${a.authorizer ? ` ${a.authorizer}` : ''})`;
  return `${route} (${a.type})`;
}

/** A `"METHOD /path"` spec's routeKey: the one comparison of two spellings of a route (`{id}`, `{orderId}`). */
export const specKey = (spec: string): string => routeKey(parseRouteSpec(spec));

/**
 * The routes with their types as the config states them (offline): each of `routes` AWS_IAM unless
 * listed in `noneRoutes` (NONE) or `authorizers` (its authorizer's type), matched as API Gateway
 * tells routes apart (specKey: `GET /orders/{orderId}` types `GET /orders/{id}`, which keeps its
 * spelling). loadConfig holds those lists to `routes` (a typo would add a route); any not among
 * them are added all the same, so a request still reaches the most literal of them all.
 */
export function statedRouteTypes(
  routes: readonly string[] | undefined,
  noneRoutes: readonly string[] | undefined,
  authorizers: Readonly<Record<string, string>> | undefined,
): RouteRef[] {
  const typed = new Map<string, string>();
  // NONE first: loadConfig refuses a route typed twice; without it, NONE wins as it always did.
  for (const [spec, type] of [
    ...(noneRoutes ?? []).map((r) => [r, 'NONE'] as const),
    ...Object.entries(authorizers ?? {}),
  ]) {
    const key = specKey(spec);
    if (!typed.has(key)) typed.set(key, type);
  }
  const out = new Map<string, RouteRef>();
  for (const spec of [...(routes ?? []), ...(noneRoutes ?? []), ...Object.keys(authorizers ?? {})]) {
    const key = specKey(spec);
    if (!out.has(key))
      out.set(key, { ...parseRouteSpec(spec), authorizationType: typed.get(key) ?? 'AWS_IAM' });
  }
  return [...out.values()];
}

/** How the config states another stage's routes: a list (routes alone) or with their own types. */
export type StatedStageRoutes =
  | readonly string[]
  | {
      readonly routes: readonly string[];
      readonly noneRoutes?: readonly string[] | undefined;
      readonly authorizers?: Readonly<Record<string, string>> | undefined;
    };

/**
 * Offline, what another stage of an API serves, typed: its own `apis.X.stageRoutes.STAGE` with its
 * own `noneRoutes` and `authorizers`; a stage listed without types, or not stated, has routes of
 * unknown type (the API's `noneRoutes` and `authorizers` are its configured stage's, never another's).
 */
export function statedStageRouteTypes(
  apiAlias: string,
  api: {
    readonly stage: string;
    readonly stageRoutes?: Readonly<Record<string, StatedStageRoutes>> | undefined;
  },
  stage: string,
): RouteRef[] {
  const own = api.stageRoutes?.[stage];
  if (own && !isRouteList(own)) return statedRouteTypes(own.routes, own.noneRoutes, own.authorizers);
  const field = `apis.${apiAlias}.stageRoutes.${stage}`;
  return untypedRoutes(
    own,
    own
      ? `offline, ${field} lists stage "${stage}"'s routes without their types (apis.${apiAlias}.noneRoutes and authorizers are stage "${api.stage}"'s): state them as ${field}.routes with its own noneRoutes and authorizers`
      : `offline, stage "${stage}"'s routes and their types are not stated (apis.${apiAlias}.routes, noneRoutes and authorizers are stage "${api.stage}"'s): state them in ${field}`,
  );
}

export const isRouteList = (r: StatedStageRoutes): r is readonly string[] => Array.isArray(r);

/**
 * Routes whose authorization types are not known (`why`): those listed, or, when none are, a stand-in
 * for every request (`ANY /` and `ANY /{proxy+}`), so no request takes a type from another statement.
 */
export function untypedRoutes(specs: readonly string[] | undefined, why: string): RouteRef[] {
  const refs = specs
    ? specs.map(parseRouteSpec)
    : [
        { method: 'ANY', path: '/' },
        { method: 'ANY', path: '/{proxy+}' },
      ];
  return refs.map((r) => ({ ...r, typeUnknown: why }));
}

/** Why a stage of an API the config states no stages of serves routes of unknown type (offline). */
export const unstatedStages = (alias: string, stage: string) =>
  `offline, apis.${alias}.stages is not stated, so the API may have stages other than "${stage}" whose routes and types are not known (apis.${alias}.routes are stage "${stage}"'s): state apis.${alias}.stages, and stageRoutes for each stage other than "${stage}"`;

/** Why the routes of an API the config states none of have no known authorization type (offline). */
export const unstatedTypes = (alias: string) =>
  `offline, apis.${alias} states no routes, so whether each is AWS_IAM, NONE or has an authorizer is not known: state them in apis.${alias}.routes, with noneRoutes and authorizers`;
