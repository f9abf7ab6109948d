// What an API serves, for the analysis: the requests that reach one of its routes (the routes' own
// matcher, src/routes) and their Resource patterns, which split the path dimension so the search
// for regions starts from served paths. Used by the reach proofs and by `who-can`.
import { parsePolicy, type CompiledPolicy } from '../policy/index.js';
import { matchRoute, pathSegments, type RouteRef } from '../routes/index.js';
import { partitionOfRegion } from '../identifiers/index.js';
import type { AnalysisWorld, WhoCanOptions } from '../analysis/index.js';

/** What an API serves, as Resource patterns that split the analysis and a test of a request. */
export interface Served {
  patterns: string[];
  /** Each pattern's route, as it reads (`GET /orders/{id}`). */
  names: Map<string, string>;
  covers(method: string, path: string): boolean;
  /** How the proof was restricted, for its message. */
  scope: string;
}

/**
 * The served routes of an API: the analysis keeps only requests that reach one of them (the
 * routes' own matcher, `src/routes`), and their Resource patterns (`{name}` and `{name+}` as `*`,
 * `ANY` as `*`) are given as more patterns to tell apart, so the search for regions starts from
 * paths of those routes.
 */
export function servedRoutes(world: AnalysisWorld, api: string, routes: RouteRef[], source: string): Served {
  const a = world.apis.find((x) => x.alias === api)!;
  const head = `arn:${partitionOfRegion(a.region)}:execute-api:${a.region}:${a.account}:${a.id}/${a.stage}/`;
  const patterns = routes.map(
    (r) => `${head}${r.method === 'ANY' ? '*' : r.method}/${r.path.slice(1).replace(/\{[^}]*\}/g, '*')}`,
  );
  const names = new Map(routes.map((r, i) => [patterns[i]!, `${r.method} ${r.path}`]));
  return {
    patterns,
    names,
    // The same matcher as the run's check before sending (empty segments dropped, as there).
    covers: coversOf(routes),
    scope: `over its ${routes.length} route(s) (${source})`,
  };
}

/**
 * Whether a request reaches one of `routes`, remembered per route list: a diff builds a space per
 * API and stage, and every candidate value of each space's route dimension is tested (the bench's
 * 100 APIs with one route list: 76,200 tests of 742 requests). Bounded: a list's answers are
 * forgotten past MAX_REMEMBERED, the lists past MAX_LISTS.
 */
function coversOf(routes: readonly RouteRef[]): Served['covers'] {
  const key = routes.map((r) => `${r.method} ${r.path}`).join('\n');
  let seen = remembered.get(key);
  if (!seen) {
    if (remembered.size >= MAX_LISTS) remembered.clear();
    remembered.set(key, (seen = new Map<string, boolean>()));
  }
  const answers = seen;
  return (method, path) => {
    // A long path is matched each time, not remembered: 100,000 answers of 18,000-character paths
    // (a Resource of that length, within the endpoint policy's 20,480) held 1.8 GB (attack run 20 G06).
    if (path.length > MAX_REMEMBERED_PATH)
      return matchRoute(routes, method, pathSegments(path)) !== undefined;
    const request = `${method} ${path}`;
    let yes = answers.get(request);
    if (yes === undefined) {
      if (answers.size >= MAX_REMEMBERED) answers.clear();
      yes = matchRoute(routes, method, pathSegments(path)) !== undefined;
      answers.set(request, yes);
    }
    return yes;
  };
}
const remembered = new Map<string, Map<string, boolean>>();
const MAX_LISTS = 1_000;
const MAX_REMEMBERED = 100_000;
/** The longest path remembered (a method ARN AWS authorizes has at most 1,600 bytes: aws-behaviour.md §71). */
const MAX_REMEMBERED_PATH = 2_048;

/** Served routes' patterns as a policy the analysis reads for the values it splits on. */
export function servedPatterns(patterns: string[]): CompiledPolicy {
  return parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: patterns }],
    },
    { name: 'served routes' },
  );
}

/**
 * who-can's options for the APIs whose routes are known (`known`: the world's routes are all the
 * API serves, read or stated in apis.X.routes): only requests to a served route are regions
 * (another path reaches no method: Missing Authentication Token); an API whose routes are not
 * known keeps every path, even when the world holds some typed routes (offline `noneRoutes` and
 * `authorizers` alone type those routes, they do not say what else the API serves).
 */
export function servedOptions(
  world: AnalysisWorld,
  known: readonly string[],
): Pick<WhoCanOptions, 'served' | 'policies' | 'routeNames'> {
  const byApi = new Map<string, Served>();
  for (const a of world.apis)
    if (a.routes?.length && known.includes(a.alias))
      byApi.set(a.alias, servedRoutes(world, a.alias, [...a.routes], 'known routes'));
  if (byApi.size === 0) return {};
  return {
    served: (api, method, path) => byApi.get(api)?.covers(method, path) ?? true,
    policies: [servedPatterns([...byApi.values()].flatMap((s) => s.patterns))],
    routeNames: new Map([...byApi.values()].flatMap((s) => [...s.names])),
  };
}
