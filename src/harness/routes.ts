// Which routes and stages each API has, so a call to one that does not exist stops before it is
// sent (exit 2 naming it and the known ones) instead of coming back as "Missing Authentication
// Token". Live and sandbox runs read them with GetStages and GetDeployment (what the stage serves),
// plus GetResources (what is defined, for the hint "not deployed"), as the API's account's reader,
// and a read that fails is exit 3: calls are never sent unchecked because a reader lacked a
// permission. Offline runs take the config's `apis.ALIAS.routes` and `stages`; an API without
// stated routes is "routes unknown", said on stderr, never guessed.
import type { Config } from '../config/index.js';
import { InfraError, InputError, Interrupted } from '../errors.js';
import {
  deploymentProblem,
  regionProblem,
  routeAuthorization,
  routeProblem,
  stagesProblem,
  statedRouteTypes,
  statedRoutes,
  statedStageRouteTypes,
  untypedRoutes,
  unstatedTypes,
  type RouteAuthorization,
  type RouteKnowledge,
  type RouteRef,
} from '../routes/index.js';
import { Once } from './memo.js';
import { readerOf } from './policies.js';
import type { Mode } from './policies.js';
import type { Wire } from './wire.js';

export type { RouteKnowledge } from '../routes/index.js';

/** A call a feature makes, with where it is written. */
export interface PlannedRoute {
  api: string;
  method: string;
  path: string;
  /** The endpoint alias the step names (undefined: the default endpoint). */
  endpoint?: string;
  file?: string;
  line?: number;
}

/**
 * Which deployment serves when a canary takes all of a stage's calls or none, and why both are read
 * when GetStages gives no share (for the routes' source). AWS documents no default for an absent
 * `percentTraffic` (botocore: an optional double; its examples always state it, 0 included), so the
 * share is not known and either deployment may serve (docs/aws-behaviour.md §5c).
 */
function canaryNote(d: {
  deploymentIds: string[];
  canary?: { deploymentId: string; percentTraffic?: number };
}): string {
  const c = d.canary;
  if (c && c.percentTraffic === undefined && d.deploymentIds.length > 1)
    return ` (GetStages gives no percentTraffic for its canary, deployment ${c.deploymentId}: its share of the calls is not known, so either deployment may serve a call)`;
  if (!c || d.deploymentIds.length !== 1) return '';
  return d.deploymentIds[0] === c.deploymentId && c.percentTraffic === 100
    ? ' (its canary, which takes 100% of its calls)'
    : c.percentTraffic === 0
      ? ` (its canary, deployment ${c.deploymentId}, takes 0% of its calls)`
      : '';
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

  /**
   * What is known of an API's routes and stages (read once per run). Rejects with an InfraError
   * (exit 3, one line: the API, AWS's error code, the permission to grant) when a read fails.
   */
  of(apiAlias: string): Promise<RouteKnowledge> {
    return this.#known.get(apiAlias, () => this.#read(apiAlias, this.#config.apis[apiAlias]!.stage));
  }

  /**
   * What another stage of the API serves, typed: its own deployment (sandbox/live: GetDeployment of
   * that stage), else, offline, the stage's own `apis.X.stageRoutes` typed by its own `noneRoutes`
   * and `authorizers`. Offline, the API's `noneRoutes` and `authorizers` are the configured stage's:
   * a stage listed without types, or not stated, has routes of unknown type (never another stage's).
   */
  async typedAt(apiAlias: string, stage: string): Promise<readonly RouteRef[] | undefined> {
    const api = this.#config.apis[apiAlias]!;
    if (this.#wire || stage === api.stage)
      return stage === api.stage ? this.typed(apiAlias) : (await this.ofStage(apiAlias, stage)).routes;
    return statedStageRouteTypes(apiAlias, api, stage);
  }

  /**
   * What one stage of an API serves: its own deployment (sandbox/live: GetDeployment of that stage,
   * read once), else, offline, its `apis.X.stageRoutes`, else unknown (`apis.X.routes` are the
   * configured stage's). A failed read is an InfraError, as for `of`.
   */
  ofStage(apiAlias: string, stage: string): Promise<RouteKnowledge> {
    const api = this.#config.apis[apiAlias]!;
    const own = stage === api.stage ? undefined : api.stageRoutes?.[stage];
    if (!this.#wire && own)
      return Promise.resolve({
        ...statedRoutes(apiAlias, { ...api, routes: Array.isArray(own) ? own : own.routes }, ''),
        source: `apis.${apiAlias}.stageRoutes.${stage}`,
      });
    if (stage === api.stage) return this.of(apiAlias);
    // Offline, apis.X.routes are what the configured stage serves: another stage may have another
    // deployment, so its routes are not known unless stated apart (a proof over it then goes over
    // every path, never over routes it may not serve: docs/config.md).
    if (!this.#wire)
      return this.of(apiAlias).then(({ routes: _routes, source: _source, defined: _defined, ...k }) => ({
        ...k,
        unknown: `offline, apis.${apiAlias}.routes are stage "${api.stage}"'s; stage "${stage}" may serve others: state them in apis.${apiAlias}.stageRoutes.${stage}`,
      }));
    return this.#known.get(`${apiAlias}\u0000${stage}`, () => this.#read(apiAlias, stage));
  }

  async #read(apiAlias: string, stage: string): Promise<RouteKnowledge> {
    const config = this.#config;
    const api = config.apis[apiAlias]!;
    const wire = this.#wire;
    if (!wire)
      return statedRoutes(apiAlias, api, `${this.#mode} mode and no apis.${apiAlias}.routes in the config`);
    const k = await this.#readDeployment(wire, apiAlias, stage);
    // What the config states of the stage must be what is deployed (exit 2 naming both), never
    // ignored: the offline runs take it as fact.
    const clash =
      (stage === api.stage ? stagesProblem(config, apiAlias, k.stages!, k.stagesSource!) : undefined) ??
      deploymentProblem(config, apiAlias, stage, k.routes!, k.source!);
    if (clash) throw new InputError(clash.message, { file: config.file, field: clash.field });
    return k;
  }

  async #readDeployment(wire: Wire, apiAlias: string, stage: string): Promise<RouteKnowledge> {
    const config = this.#config;
    const api = config.apis[apiAlias]!;
    try {
      const cfg = await wire.readerConfig('apigateway', api.account, config, api.region ?? config.region);
      const read = await wire.aws.readRestApiRoutes(cfg, api.id, stage);
      // What the stage serves is its deployment's routes; the API's own may not be deployed yet.
      const d = read.deployed;
      return {
        ...(d
          ? {
              routes: d.routes,
              defined: read.routes,
              source: `deployment ${d.deploymentIds.join(' and ')} of stage "${stage}"${canaryNote(d)}, GetDeployment ${api.id}`,
            }
          : { routes: read.routes, source: `GetResources ${api.id}` }),
        stages: read.stages,
        stagesSource: `GetStages ${api.id}`,
      };
    } catch (e) {
      // Cut off by the run's interruption: nothing was learnt, and the run is stopping.
      if (e instanceof Interrupted) throw e;
      const reader = readerOf(config, api.account);
      const region = api.region ?? config.region;
      throw new InfraError(
        `the routes of API "${apiAlias}" (${api.id} in ${api.account}) could not be read by ${reader.who}: ` +
          `${(e as Error).message.split('\n')[0]} (fix: ${reader.grant} apigateway:GET on ` +
          `arn:aws:apigateway:${region}::/restapis/${api.id}/*; no call is sent unchecked)`,
      );
    }
  }

  /**
   * Every known route of an API with its authorization type: as read from the stage's deployment
   * (sandbox/live; a route whose type was not read, or on which the stage and its canary disagree,
   * has none: unknown), else as the config states them (routes typed by noneRoutes and authorizers).
   * Undefined when the config states no route at all (every call is then AWS_IAM).
   */
  async typed(apiAlias: string): Promise<readonly RouteRef[] | undefined> {
    if (this.#wire) {
      const k = await this.of(apiAlias);
      if (k.routes) return k.routes;
    }
    return this.stated(apiAlias);
  }

  /**
   * The routes the analysis (reach proofs, who-can) decides over: `typed`, else (offline, the config
   * states no routes) a stand-in for every request whose authorization type is not known: any of
   * AWS_IAM, NONE or an authorizer's may be deployed, so a proof holds only if it holds under all of
   * them (a NONE route would let an unsigned caller in; until 2026-12-02 every route was AWS_IAM).
   * The cells keep that documented default, and say so (unstatedTypes).
   */
  async analysed(apiAlias: string): Promise<readonly RouteRef[]> {
    return (await this.typed(apiAlias)) ?? untypedRoutes(undefined, unstatedTypes(apiAlias));
  }

  /** The routes with their types as the config states them (no read). */
  stated(apiAlias: string): readonly RouteRef[] | undefined {
    const api = this.#config.apis[apiAlias]!;
    if (!api.routes && !api.noneRoutes && !api.authorizers) return undefined;
    return statedRouteTypes(api.routes, api.noneRoutes, api.authorizers);
  }

  /** A call's route and authorization (read from the API when the run reads it, else as stated). */
  async authorizationOf(
    apiAlias: string,
    method: string,
    path: string,
  ): Promise<{ authorization?: RouteAuthorization }> {
    const routes = await this.typed(apiAlias);
    return routes ? { authorization: routeAuthorization(routes, method, path) } : {};
  }

  /** Throw exit 2 for a call to a route or stage that does not exist, naming where it is written. */
  async check(call: PlannedRoute): Promise<void> {
    const api = this.#config.apis[call.api];
    if (!api) return;
    const where = { ...(call.file ? { file: call.file } : {}), ...(call.line ? { line: call.line } : {}) };
    const region = regionProblem(this.#config, call.api, call.endpoint);
    if (region) throw new InputError(region, where);
    const p = routeProblem(await this.of(call.api), { ...call, stage: api.stage });
    if (p)
      throw new InputError(
        p.message,
        p.kind === 'stage' ? { file: this.#config.file, field: `apis.${call.api}.stage` } : where,
      );
  }

  /**
   * A probe a question is asked about (`who-can --path`, `--method`; either may be absent: any):
   * it must reach a route of the
   * API asked about, or (several APIs) of at least one of them, else exit 2 naming the routes there
   * are. An API whose routes are unknown may serve it: then nothing is refused. A stage that does
   * not exist is exit 2 as for a run. who-can answers over every stage: a probe another stage may
   * serve (its routes read or stated apart, or not known; stages not known: a stand-in's) is asked
   * (until 2026-12-03 the configured stage's routes alone were, and a path only beta served was
   * refused as not existing on the API, though anyone could reach it there).
   */
  async checkProbe(
    apis: string[],
    method: string | undefined,
    path: string | undefined,
    field: string,
  ): Promise<void> {
    const refused: string[] = [];
    let maybeServed = false;
    for (const alias of apis) {
      const api = this.#config.apis[alias]!;
      const k = await this.of(alias);
      const p = routeProblem(k, { api: alias, stage: api.stage, method, path });
      if (p?.kind === 'stage')
        throw new InputError(p.message, { file: this.#config.file, field: `apis.${alias}.stage` });
      if (p && !(await this.#otherStageMayServe(alias, k.stages, method, path))) refused.push(p.message);
      else maybeServed = true;
    }
    if (maybeServed || refused.length === 0) return;
    if (refused.length === 1) throw new InputError(refused[0]!, { field });
    const what =
      path === undefined
        ? `method "${method}" (on any path)`
        : method
          ? `route "${method} ${path}"`
          : `path "${path}" (with any method)`;
    const each = refused.map((m) => m.replace(/^.*? does not exist on /, ''));
    throw new InputError(`${what} does not exist on any API: ${each.join('; ')}`, { field });
  }

  /** Whether a stage of the API other than the configured one may serve the probe (checkProbe). */
  async #otherStageMayServe(
    alias: string,
    stages: readonly string[] | undefined,
    method: string | undefined,
    path: string | undefined,
  ): Promise<boolean> {
    const stage = this.#config.apis[alias]!.stage;
    if (!stages) return true;
    for (const s of stages.filter((x) => x !== stage))
      if (!routeProblem(await this.ofStage(alias, s), { api: alias, stage: s, method, path })) return true;
    return false;
  }

  /**
   * Check every call the features make before anything is sent (a failed read is exit 3); say
   * (once per API) which APIs' routes are unknown, so their calls go unchecked visibly.
   */
  async checkAll(calls: PlannedRoute[], log: (line: string) => void): Promise<void> {
    const apis = [...new Set(calls.map((c) => c.api))].filter((a) => this.#config.apis[a]);
    for (const api of apis) {
      const k = await this.of(api);
      if (k.unknown)
        log(
          `spokegate: routes of API "${api}" are unknown (${k.unknown}): its calls are not checked against routes`,
        );
      if (!k.stages)
        log(
          `spokegate: the stages of API "${api}" are unknown (${this.#mode} mode and no apis.${api}.stages in the config): its stage "${this.#config.apis[api]!.stage}" is taken as stated`,
        );
    }
    for (const c of calls) await this.check(c);
  }
}
