// What is known of an API's routes and stages, and why a call cannot reach one: the check a run
// (every planned call), `call`, `who-can --path` and `diff` make before anything is sent or judged.
import type { Config } from '../config/index.js';
import { excerpt } from '../escape/index.js';
import {
  API_METHODS,
  formatRoute,
  isRouteList,
  matchRoute,
  parseRouteSpec,
  pathSegments,
  routeKey,
  statedRouteTypes,
  type RouteRef,
} from './routes.js';

export interface RouteKnowledge {
  routes?: RouteRef[];
  /** The API's stages, when known (read with GetStages, or stated as apis.ALIAS.stages). */
  stages?: string[];
  /** Where the routes come from ("GetResources a1b2c3d4e5", "apis.orders.routes"). */
  source?: string;
  /** Where the stages come from ("GetStages a1b2c3d4e5", "apis.orders.stages"). */
  stagesSource?: string;
  /** The routes defined on the API (GetResources) when `routes` are what a stage serves: a hint. */
  defined?: RouteRef[];
  /** Why the routes are not known (then calls are not checked against routes, visibly). */
  unknown?: string;
}

/** What the config states of an API (offline runs, `call`, `diff`): its routes and stages, as written. */
export function statedRoutes(
  alias: string,
  api: { routes?: readonly string[] | undefined; stages?: readonly string[] | undefined },
  unknown: string,
): RouteKnowledge {
  return {
    ...(api.routes
      ? { routes: api.routes.map(parseRouteSpec), source: `apis.${alias}.routes` }
      : { unknown }),
    ...(api.stages ? { stages: [...api.stages], stagesSource: `apis.${alias}.stages` } : {}),
  };
}

/** A call (or probe) checked against an API's routes; `method` undefined: any method. */
export interface RouteProbe {
  api: string;
  stage: string;
  method?: string | undefined;
  /** undefined: any path (only the method is asked about). */
  path?: string | undefined;
}

export interface RouteProblem {
  kind: 'stage' | 'route';
  message: string;
}

/** Why this call cannot reach a route or stage of its API; undefined when it can (or cannot be told). */
export function routeProblem(
  k: RouteKnowledge,
  call: RouteProbe,
  stageField = `apis.${call.api}.stage`,
): RouteProblem | undefined {
  if (k.stages && !k.stages.includes(call.stage))
    return {
      kind: 'stage',
      message: `stage "${excerpt(call.stage, 128)}" of API "${call.api}" (${stageField}) does not exist; its stages: ${k.stages.join(', ') || 'none'} (from ${k.stagesSource ?? 'GetStages'})`,
    };
  if (!k.routes || (call.path === undefined && call.method === undefined)) return undefined;
  const path = call.path;
  const methods = call.method ? [call.method] : API_METHODS.filter((m) => m !== 'ANY');
  const reaches = (routes: RouteRef[]) =>
    path === undefined
      ? routes.some((r) => r.method === 'ANY' || r.method === call.method)
      : methods.some((m) => matchRoute(routes, m, pathSegments(path)));
  if (reaches(k.routes)) return undefined;
  const known = k.routes.map(formatRoute).join(', ') || 'none';
  const what =
    path === undefined
      ? `method "${call.method}" (on any path)`
      : call.method
        ? `route "${call.method} ${excerpt(path, 120)}"`
        : `path "${excerpt(path, 120)}" (with any method)`;
  return {
    kind: 'route',
    message:
      `${what} does not exist on API "${call.api}"; its routes: ${known} (from ${k.source})` +
      (k.defined && reaches(k.defined)
        ? `; it is defined (GetResources) but not deployed to stage "${call.stage}": deploy the API to the stage`
        : ''),
  };
}

/** Whether an endpoint and an API of the config are in one region (an endpoint reaches no other). */
export function reachesRegion(
  config: Config,
  ep: { region?: string | undefined },
  api: { region?: string | undefined },
): boolean {
  return (ep.region ?? config.region) === (api.region ?? config.region);
}

/**
 * An interface endpoint reaches only its own region's services (PrivateLink: "Endpoints are
 * supported within the same Region only"; docs/aws-behaviour.md §1c): a call "through" an endpoint
 * in another region than the API never reaches that API through it, whatever the policies say.
 */
export function regionProblem(config: Config, apiAlias: string, endpointAlias?: string): string | undefined {
  const alias = endpointAlias ?? config.defaults.endpoint!;
  const ep = config.endpoints[alias];
  const api = config.apis[apiAlias];
  if (!ep || !api || reachesRegion(config, ep, api)) return undefined;
  const [epRegion, apiRegion] = [ep.region ?? config.region, api.region ?? config.region];
  const there = Object.entries(config.endpoints)
    .filter(([, e]) => (e.region ?? config.region) === apiRegion)
    .map(([a]) => `"${a}"`);
  return (
    `endpoint "${alias}" is in ${epRegion} and API "${apiAlias}" in ${apiRegion}: an interface endpoint ` +
    `reaches only its own region's APIs, so no call through "${alias}" reaches "${apiAlias}" ` +
    `(call it through ${there.length ? there.join(' or ') : `an endpoint in ${apiRegion}`}; ` +
    `endpoints.${alias}.region, apis.${apiAlias}.region)`
  );
}

/** What the config states one stage of an API serves, as a run would compare it to the deployment. */
interface StatedStage {
  routes: RouteRef[];
  /** Whether the types are stated too (`routes` with `noneRoutes`/`authorizers`; not a plain list). */
  typed: boolean;
  /** The config key that states them (`apis.orders`, `apis.orders.stageRoutes.beta`). */
  field: string;
}

function statedStage(alias: string, api: Config['apis'][string], stage: string): StatedStage | undefined {
  if (stage === api.stage)
    return api.routes
      ? {
          routes: statedRouteTypes(api.routes, api.noneRoutes, api.authorizers),
          typed: true,
          field: `apis.${alias}`,
        }
      : undefined;
  const own = api.stageRoutes?.[stage];
  const field = `apis.${alias}.stageRoutes.${stage}`;
  if (!own) return undefined;
  if (isRouteList(own)) return { routes: own.map(parseRouteSpec), typed: false, field };
  return { routes: statedRouteTypes(own.routes, own.noneRoutes, own.authorizers), typed: true, field };
}

/**
 * Where the routes (and types) the config states for a stage disagree with what the stage's
 * deployment serves (sandbox/live): a route stated but not deployed, deployed but not stated, or of
 * another authorization type. The deployment is what AWS answers with; a config that says otherwise
 * is a wrong fact the offline runs would use (a route stated AWS_IAM but deployed NONE lets an
 * unsigned caller in), so a run stops on it (exit 2) rather than ignore it. Undefined: they agree,
 * or the config states nothing for that stage (docs/config.md).
 */
export function deploymentProblem(
  config: Config,
  alias: string,
  stage: string,
  deployed: readonly RouteRef[],
  source: string,
): { message: string; field: string } | undefined {
  const stated = statedStage(alias, config.apis[alias]!, stage);
  if (!stated) return undefined;
  // A path parameter is told by its position, not its name (§46): `{id}` stated, `{orderId}`
  // deployed is one route (until 2026-12-03 a disagreement, exit 2).
  const there = new Map(deployed.map((r) => [routeKey(r), r]));
  const listed = new Set(stated.routes.map(routeKey));
  const key = (r: RouteRef) => formatRoute(r);
  const out: string[] = [];
  for (const r of stated.routes) {
    const d = there.get(routeKey(r));
    if (!d) out.push(`"${key(r)}" is stated but not deployed`);
    else if (
      stated.typed &&
      d.typeUnknown === undefined &&
      d.authorizationType !== undefined &&
      d.authorizationType !== r.authorizationType
    )
      out.push(`"${key(r)}" is stated ${r.authorizationType} but deployed ${d.authorizationType}`);
  }
  for (const d of deployed) if (!listed.has(routeKey(d))) out.push(`"${key(d)}" is deployed but not stated`);
  if (out.length === 0) return undefined;
  const fix = stated.typed ? `${stated.field}.routes, noneRoutes and authorizers` : `${stated.field}`;
  return {
    field: stated.typed ? `${stated.field}.routes` : stated.field,
    message: `the config's routes of API "${alias}" at stage "${stage}" disagree with ${source}: ${out.join('; ')} (the deployment is what AWS answers with: make ${fix} state what is deployed, or deploy what they state)`,
  };
}

/**
 * Where the config's `apis.X.stages` disagree with the stages the API has (GetStages, sandbox/live):
 * offline runs take the list as every stage (a proof ranges over them alone), so a stage left out
 * could let someone in unseen, and one that does not exist is a wrong fact. Undefined: they agree,
 * or the config states none.
 */
export function stagesProblem(
  config: Config,
  alias: string,
  read: readonly string[],
  source: string,
): { message: string; field: string } | undefined {
  const stated = config.apis[alias]!.stages;
  if (!stated) return undefined;
  const missing = read.filter((s) => !stated.includes(s));
  const extra = stated.filter((s) => !read.includes(s));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const say = (xs: string[]) => xs.map((s) => `"${excerpt(s, 128)}"`).join(', ');
  const parts = [
    ...(missing.length ? [`${say(missing)} exist${missing.length === 1 ? 's' : ''} but not stated`] : []),
    ...(extra.length ? [`${say(extra)} stated but not there`] : []),
  ];
  return {
    field: `apis.${alias}.stages`,
    message: `the config's stages of API "${alias}" disagree with ${source}: ${parts.join('; ')} (make apis.${alias}.stages list the stages the API has)`,
  };
}
