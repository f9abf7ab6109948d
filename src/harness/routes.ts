// Which routes and stages each API has, so a call to one that does not exist stops before it is
// sent (exit 2 naming it and the known ones) instead of coming back as "Missing Authentication
// Token". Live and sandbox runs read them with GetResources/GetStages (the API's account's reader);
// offline runs take the config's `apis.ALIAS.routes`. Unknown routes are said, never guessed.
import type { Config } from '../config/index.js';
import { InputError } from '../errors.js';
import { excerpt } from '../escape/index.js';
import { formatRoute, matchRoute, parseRouteSpec, pathSegments, type RouteRef } from '../routes/index.js';
import { Once } from './memo.js';
import { readerOf } from './policies.js';
import type { Mode } from './policies.js';
import type { Wire } from './wire.js';

export interface RouteKnowledge {
  routes?: RouteRef[];
  /** The API's stages, when read (offline: the config's stage is taken as stated). */
  stages?: string[];
  /** Where the routes come from ("GetResources", "apis.orders.routes"). */
  source?: string;
  /** Why the routes are not known (then calls are sent unchecked). */
  unknown?: string;
}

/** A call a feature makes, with where it is written. */
export interface PlannedRoute {
  api: string;
  method: string;
  path: string;
  file?: string;
  line?: number;
}

export class KnownRoutes {
  readonly #config: Config;
  readonly #mode: Mode;
  readonly #wire: Wire | undefined;
  readonly #known = new Once<RouteKnowledge>();

  constructor(config: Config, mode: Mode, wire: Wire | undefined) {
    this.#config = config;
    this.#mode = mode;
    this.#wire = wire;
  }

  /** What is known of an API's routes and stages (read once per run). */
  of(apiAlias: string): Promise<RouteKnowledge> {
    return this.#known.get(apiAlias, async () => {
      const api = this.#config.apis[apiAlias]!;
      const stated = api.routes?.map(parseRouteSpec);
      const fromConfig: RouteKnowledge | undefined = stated
        ? { routes: stated, source: `apis.${apiAlias}.routes` }
        : undefined;
      const wire = this.#wire;
      if (!wire)
        return (
          fromConfig ?? {
            unknown: `${this.#mode} mode and no apis.${apiAlias}.routes in the config`,
          }
        );
      try {
        const cfg = await wire.readerConfig('apigateway', api.account, this.#config);
        const read = await wire.aws.readRestApiRoutes(cfg, api.id);
        return { routes: read.routes, stages: read.stages, source: `GetResources ${api.id}` };
      } catch (e) {
        const reader = readerOf(this.#config, api.account);
        const why = `GetResources/GetStages of ${api.id} failed for ${reader.who}: ${(e as Error).message.split('\n')[0]}`;
        return fromConfig
          ? { ...fromConfig, source: `${fromConfig.source} (${why})` }
          : {
              unknown: `${why}; ${reader.grant} apigateway:GET on arn:aws:apigateway:${api.region ?? this.#config.region}::/restapis/${api.id}/*, or set apis.${apiAlias}.routes`,
            };
      }
    });
  }

  /** Why this call cannot reach a route or stage of its API; undefined when it can (or cannot be told). */
  async problem(call: PlannedRoute): Promise<string | undefined> {
    const api = this.#config.apis[call.api];
    if (!api) return undefined;
    const k = await this.of(call.api);
    if (k.stages && !k.stages.includes(api.stage))
      return `stage "${api.stage}" of API "${call.api}" (apis.${call.api}.stage) does not exist; its stages: ${k.stages.join(', ') || 'none'} (from GetStages ${api.id})`;
    if (!k.routes) return undefined;
    if (matchRoute(k.routes, call.method, pathSegments(call.path))) return undefined;
    const known = k.routes.map(formatRoute).join(', ') || 'none';
    return `route "${call.method} ${excerpt(call.path, 120)}" does not exist on API "${call.api}"; its routes: ${known} (from ${k.source})`;
  }

  /** Throw exit 2 for a call to a route or stage that does not exist, naming where it is written. */
  async check(call: PlannedRoute): Promise<void> {
    const p = await this.problem(call);
    if (p) {
      const stage = p.startsWith('stage ');
      throw new InputError(
        p,
        stage
          ? { file: this.#config.file, field: `apis.${call.api}.stage` }
          : { ...(call.file ? { file: call.file } : {}), ...(call.line ? { line: call.line } : {}) },
      );
    }
  }

  /**
   * Check every call the features make before anything is sent; say (once per API) which APIs'
   * routes are unknown, so their calls go unchecked visibly.
   */
  async checkAll(calls: PlannedRoute[], log: (line: string) => void): Promise<void> {
    const apis = [...new Set(calls.map((c) => c.api))].filter((a) => this.#config.apis[a]);
    for (const api of apis) {
      const k = await this.of(api);
      if (k.unknown)
        log(
          `spokegate: routes of API "${api}" are unknown (${k.unknown}): its calls are not checked against routes`,
        );
    }
    for (const c of calls) await this.check(c);
  }
}
