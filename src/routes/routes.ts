// API Gateway's REST routing (docs/aws-behaviour.md "Routes"): a resource path is literal segments,
// `{name}` (exactly one segment) and, last only, a greedy `{name+}` (one or more segments); a
// method is an HTTP verb or ANY (every verb the resource does not define itself). The most literal
// route wins.

export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

export interface RouteRef {
  method: string;
  path: string;
  /** The method's authorizationType, when read from the API (GetDeployment, GetResources). */
  authorizationType?: string;
}

const SEGMENT = /^(?:[\w.~!$&'()*,;=:@-]+|\{[A-Za-z_][\w.-]*\+?\})$/;

/** Why a resource-path template is not one API Gateway accepts; undefined when it is. */
function templateProblem(path: string): string | undefined {
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

/**
 * Whether a request reaches one of `noneRoutes` (routes whose authorization type is NONE, as
 * `"METHOD /path"` templates): the route it reaches among `routes` and them is one of them. A
 * template matches as API Gateway routes (`GET /items/{id}` is NONE for `GET /items/7`), not as text.
 */
export function reachesNoneRoute(
  noneRoutes: readonly string[],
  routes: readonly string[] | undefined,
  method: string,
  path: string,
): boolean {
  if (noneRoutes.length === 0) return false;
  const all = [...new Set([...(routes ?? []), ...noneRoutes])].map(parseRouteSpec);
  const hit = matchRoute(all, method, pathSegments(path));
  return hit !== undefined && noneRoutes.includes(formatRoute(hit));
}
