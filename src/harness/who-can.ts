// The analysis world of a run: the endpoint, the APIs and the configured roles with the policies the
// run knows (the same sources as the predictions: EC2 and API Gateway in sandbox/live mode, files,
// Terraform plans or CloudFormation templates offline).
import {
  analysisNow,
  answerOverStages,
  METHODS,
  PointBudget,
  planWhoCan,
  type WhoCan,
  type AnalysisApi,
  type AnalysisWorld,
  type ApiStages,
  type StageRun,
  type WhoCanAnswer,
  splitByRoutes,
  stageGroups,
} from '../analysis/index.js';
import { policyMentions, type CompiledPolicy } from '../policy/index.js';
import { chooseConfigFile, loadConfig, loadConfigWorld } from '../config/index.js';
import { InputError } from '../errors.js';
import { unknownAlias } from '../suggest.js';
import { organizationFacts } from '../predict/index.js';
import { RunContext, type Mode } from './context.js';
import { endpointFilesByAlias, resourceFilesByAlias } from './policy-files.js';
import { startConfigSandbox } from './sandbox-mode.js';
import type { Sandbox } from '../sandbox/index.js';
import {
  regionProblem,
  unstatedStages,
  unstatedTypes,
  untypedRoutes,
  type RouteRef,
} from '../routes/index.js';
import { servedOptions } from './served.js';
import { partitionOfRegion } from '../identifiers/index.js';

export async function analysisWorld(
  ctx: RunContext,
  endpointAlias?: string,
  apis?: string[],
  opts: { endpointOnly?: boolean; now?: string } = {},
): Promise<AnalysisWorld> {
  let config = ctx.config;
  const alias = ctx.endpointAlias(endpointAlias);
  const policy = await ctx.endpointPolicy(alias);
  const apiAliases = apis ?? Object.keys(config.apis);
  // A layer not given (offline) or not readable is carried as unknown, never left out: left out,
  // the analysis would not evaluate it, which lets through whatever it would have decided.
  const apiWorld = await Promise.all(
    apiAliases.map(async (a) => {
      const api = ctx.api(a);
      const facts = opts.endpointOnly ? undefined : await ctx.policies.api(a);
      const unknownResource = facts?.unreadResource ?? facts?.ungivenResource;
      return {
        alias: a,
        region: api.region ?? config.region,
        account: api.account,
        id: api.id,
        stage: api.stage,
        ...(facts && !unknownResource ? { resourcePolicy: facts.resourcePolicy } : {}),
        ...(unknownResource ? { unknownResource } : {}),
        ...(facts?.vpcEndpointIds ? { acceptedEndpoints: facts.vpcEndpointIds } : {}),
        // Every route with its authorization type: the deployment's when read (sandbox/live), else
        // the config's, else (no routes stated) of unknown type (KnownRoutes.analysed). An API whose
        // resource layer is unknown gets no classes, so its routes are not read (the reader that
        // could not read its policy usually cannot read its deployment).
        ...routesOf(
          opts.endpointOnly || unknownResource ? ctx.routes.stated(a) : await ctx.routes.analysed(a),
        ),
        noneRoutes: [],
      };
    }),
  );
  const identities = await Promise.all(
    Object.keys(config.roles).map(async (a) => {
      ctx.role(a);
      return opts.endpointOnly ? undefined : await ctx.policies.identity(a);
    }),
  );
  // The roles' ids and the endpoint's VPC the config does not state, when the policies can tell them
  // apart (sandbox/live: read; offline, or a read that failed: the analysis splits on them).
  await ctx.readFacts(Object.keys(config.roles), alias, [
    policy.compiled,
    ...apiWorld.map((a) => a.resourcePolicy),
    ...identities.flatMap((i) => i?.policies ?? []),
    ...identities.map((i) => i?.boundary),
  ]);
  config = ctx.config;
  const ep = ctx.endpoint(alias);
  const roles = Object.entries(config.roles).flatMap(([a, r], i) => {
    // A configured user is decided as any user of its account: the analysis knows roles only.
    if (r.user) return [];
    const identity = identities[i];
    const unknownIdentity = identity?.unread ?? identity?.ungiven;
    return {
      alias: a,
      arn: r.arn,
      sessionName: r.sessionName ?? 'spokegate',
      ...(identity?.policies ? { identityPolicies: identity.policies } : {}),
      ...(identity?.boundary ? { permissionsBoundary: identity.boundary } : {}),
      ...(unknownIdentity ? { unknownIdentity } : {}),
      ...(r.roleId ? { roleId: r.roleId } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
    };
  });
  return {
    endpoint: { alias, id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}), policy: policy.compiled },
    apis: apiWorld,
    roles,
    ...organizationFacts(config),
    // One clock for the analysis: --now, else the start of the run's UTC day (docs/cli.md).
    now: opts.now ?? analysisNow(undefined, ctx.startedAt),
  };
}

const routesOf = (routes: readonly RouteRef[] | undefined) => (routes ? { routes } : {});

export interface WhoCanRunOptions {
  mode: Mode;
  configFile?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  endpoint?: string;
  api?: string;
  method?: string;
  path?: string;
  endpointPolicyFiles?: Record<string, string>;
  resourcePolicyFiles?: Record<string, string>;
  /** The instant the analysis reads as now (`--now`); the start of today (UTC) when omitted. */
  now?: string;
  log: (line: string) => void;
}

/** `spokegate who-can`: the policies from the run's sources (sandbox, live or files), then the analysis. */
export async function whoCanRun(opts: WhoCanRunOptions): Promise<WhoCanAnswer> {
  const chosen = chooseConfigFile(opts.cwd, opts.configFile);
  // The first line says which config: an answer about the wrong world is no answer.
  opts.log(
    `spokegate who-can: config ${chosen.file}${chosen.demo ? ' (the demo config: no --config given and no ./spokegate.config.yaml)' : ''}`,
  );
  const configFile = chosen.file;
  const config = loadConfig(configFile);
  if (opts.api !== undefined && !config.apis[opts.api])
    throw new InputError(unknownAlias('API', opts.api, Object.keys(config.apis)), {
      file: configFile,
      field: 'apis',
    });
  if (opts.endpoint !== undefined && !config.endpoints[opts.endpoint])
    throw new InputError(unknownAlias('endpoint', opts.endpoint, Object.keys(config.endpoints)), {
      file: configFile,
      field: 'endpoints',
    });
  const resourcePolicyFiles = resourceFilesByAlias(config, opts.resourcePolicyFiles);
  // An endpoint reaches only its own region's APIs: a question across regions has no request in it.
  const across = opts.api !== undefined ? regionProblem(config, opts.api, opts.endpoint) : undefined;
  if (across) throw new InputError(across, { field: '--endpoint' });
  if (opts.method !== undefined && !(METHODS as readonly string[]).includes(opts.method.toUpperCase()))
    throw new InputError(`must be one of ${METHODS.join(', ')}`, { field: '--method' });
  if (opts.path !== undefined && !opts.path.startsWith('/'))
    throw new InputError('must start with "/"', { field: '--path' });
  const now = analysisNow(opts.now);
  let env = opts.env;
  let sandbox: Sandbox | undefined;
  if (opts.mode === 'sandbox')
    ({ sandbox, env } = await startConfigSandbox(loadConfigWorld(config, configFile), opts.env, opts.log));
  try {
    const ctx = await RunContext.create({
      mode: opts.mode,
      config,
      env,
      ...(opts.endpointPolicyFiles
        ? { endpointPolicyFiles: endpointFilesByAlias(config, opts.endpointPolicyFiles) }
        : {}),
      ...(resourcePolicyFiles ? { resourcePolicyFiles } : {}),
      ...(sandbox ? { ca: sandbox.caPem, connectTo: [sandbox.connectTo] } : {}),
    });
    try {
      const apis = opts.api ? [opts.api] : Object.keys(config.apis);
      // A question about a path or method no route serves is a typo, not a finding (same routes as a run).
      if (opts.path !== undefined || opts.method !== undefined)
        await ctx.routes.checkProbe(
          apis,
          opts.method?.toUpperCase(),
          opts.path,
          opts.path !== undefined ? '--path' : '--method',
        );
      const world = await analysisWorld(ctx, opts.endpoint, opts.api ? [opts.api] : undefined, { now });
      // Every stage of every API, each a world of its own; one budget of points for the command,
      // charged for all of them before any is decided (past a limit, refused before deciding).
      const budget = new PointBudget();
      const notes: string[] = [];
      const planned: {
        stages: ApiStages;
        groups: { stage: string; stages: string[]; decide: () => WhoCan }[];
      }[] = [];
      for (const api of world.apis) {
        const stages = await stagesOf(ctx, world, api);
        const standIns = stages.standIns ?? [];
        if (!api.unknownResource && ctx.mode === 'offline' && !ctx.routes.stated(api.alias))
          notes.push(
            `${unstatedTypes(api.alias)}; its classes are over every type (a NONE route lets an unsigned caller in)`,
          );
        if (!stages.known)
          notes.push(
            `the stages of API "${api.alias}" are not known (state them in apis.${api.alias}.stages): only ${stages.stages.map((s) => `"${s}"`).join(', ')} analysed (the configured stage and those the policies name${standIns.length ? `; ${standIns.map((s) => `"${s}"`).join(', ')} standing for the other stage names, of routes not known` : ''}); another stage may let others through`,
          );
        const groups = [];
        for (const group of await stageGroupsOf(ctx, world, api, stages)) {
          const at = group.world;
          // Served routes restrict the analysis only when they are all the stage serves (read, or
          // apis.X.routes offline): noneRoutes alone type some routes, they do not list them all.
          const routesKnown =
            !api.unknownResource && (await ctx.routes.ofStage(api.alias, group.stage)).routes !== undefined;
          const decide = planWhoCan(at, {
            apis: [api.alias],
            budget,
            // Only requests to a route the API serves, when its routes are known (as the proofs).
            ...servedOptions(at, routesKnown ? [api.alias] : []),
            ...(opts.method ? { method: opts.method.toUpperCase() } : {}),
            ...(opts.path ? { path: opts.path } : {}),
          });
          groups.push({ stage: group.stage, stages: group.stages, decide });
        }
        planned.push({ stages, groups });
      }
      const perApi: { stages: ApiStages; runs: StageRun[] }[] = planned.map(({ stages, groups }) => ({
        stages,
        runs: groups.map((g) => ({ stage: g.stage, stages: g.stages, who: g.decide() })),
      }));
      return answerOverStages(world.endpoint?.alias, perApi, notes);
    } finally {
      ctx.close();
    }
  } finally {
    await sandbox?.close();
  }
}

/**
 * The stages of an API to analyse, the configured one first: every stage it has (GetStages in
 * sandbox/live, apis.X.stages offline), else the configured one, those its policies name and a
 * stand-in for each other region of stage names the policies tell apart (as diff's classes and the
 * endpoint proofs): with `apis.X.routes` stated, one for the stages no policy names even where no
 * policy tells stages apart, since another stage may serve other routes (until 2026-12-03 none was
 * analysed, so a hub open to anyone on a path the configured stage does not serve listed nobody).
 */
async function stagesOf(ctx: RunContext, world: AnalysisWorld, api: AnalysisApi): Promise<ApiStages> {
  const k = api.unknownResource ? undefined : await ctx.routes.of(api.alias);
  if (k?.stages)
    return { api: api.alias, stages: [api.stage, ...k.stages.filter((s) => s !== api.stage)], known: true };
  const named = [world.endpoint?.policy, api.resourcePolicy].flatMap((p) => stagesNamed(p, api.id));
  const listed = [...new Set([api.stage, ...named])];
  const standIns = api.unknownResource
    ? []
    : stageGroups(
        { stage: api.stage },
        apiArnOf(api),
        stagePolicies(world, api),
        ctx.config.apis[api.alias]!.routes !== undefined,
      )
        .filter((g) => g.standIn && !listed.includes(g.stage))
        .map((g) => g.stage);
  return {
    api: api.alias,
    stages: [...listed, ...standIns],
    known: false,
    ...(standIns.length ? { standIns } : {}),
  };
}

/** The policies whose Resource patterns may tell an API's stages apart. */
function stagePolicies(world: AnalysisWorld, api: AnalysisApi): CompiledPolicy[] {
  return [
    world.endpoint?.policy,
    api.resourcePolicy,
    ...world.roles.flatMap((r) => r.identityPolicies ?? []),
    ...world.roles.map((r) => r.permissionsBoundary),
    ...Object.values(world.serviceControlPolicies ?? {}).flatMap((levels) => levels.flat()),
  ].filter((p): p is CompiledPolicy => !!p);
}

const apiArnOf = (api: AnalysisApi) =>
  `arn:${partitionOfRegion(api.region)}:execute-api:${api.region}:${api.account}:${api.id}`;

/** The stages a policy's Resource patterns name for an API (literally, with its id or `*` before). */
function stagesNamed(policy: CompiledPolicy | null | undefined, apiId: string): string[] {
  if (!policy) return [];
  return policyMentions(policy).resources.flatMap((r) => {
    const rest = r.startsWith('execute-api:/')
      ? `*${r.slice('execute-api:'.length)}`
      : r.split(':').slice(5).join(':');
    const [id, stage] = rest.split('/');
    return (id === apiId || id === '*') && stage && /^[\w-]+$/.test(stage) ? [stage] : [];
  });
}

/**
 * The stages of an API in groups analysed once each, the configured stage's first: stages every
 * Resource pattern of the policies treats alike (diff's stageGroups) and whose deployments serve the
 * same routes with the same authorization decide every request alike, so one analysis (and one
 * charge to the command's budget of points) stands for the group. A Resource with policy variables
 * may name a stage through a principal's value (`…/${aws:PrincipalTag/stage}/*`): then every stage
 * is a group of its own. An API whose resource layer is unknown has no classes: one group.
 */
async function stageGroupsOf(
  ctx: RunContext,
  world: AnalysisWorld,
  api: AnalysisApi,
  { stages, standIns = [] }: ApiStages,
): Promise<{ stage: string; stages: string[]; world: AnalysisWorld }[]> {
  if (api.unknownResource) return [{ stage: api.stage, stages: [api.stage], world }];
  const policies = stagePolicies(world, api);
  const apiArn = apiArnOf(api);
  // A stand-in's routes: not known, every path of unknown type (`routes` are the configured stage's).
  const unstated = untypedRoutes(undefined, unstatedStages(api.alias, api.stage));
  const byPolicies = policies.some((p) => policyMentions(p).resourceTemplates.length > 0)
    ? stages.map((s) => [s])
    : stageGroups({ stage: api.stage, stages }, apiArn, policies).map((g) => g.stages);
  const out: { stage: string; stages: string[]; world: AnalysisWorld }[] = [];
  for (const group of byPolicies) {
    const worlds = new Map<string, AnalysisWorld>();
    for (const stage of group)
      worlds.set(
        stage,
        await stageWorld(ctx, world, api, stage, standIns.includes(stage) ? unstated : undefined),
      );
    const routesAt = (stage: string) => worlds.get(stage)!.apis.find((a) => a.alias === api.alias)?.routes;
    for (const stages of splitByRoutes(group, (stage) => JSON.stringify(routesAt(stage) ?? null)))
      out.push({ stage: stages[0]!, stages, world: worlds.get(stages[0]!)! });
  }
  return out;
}

/** The world with the API at another stage: that stage's routes (its deployment, when read). */
export async function stageWorld(
  ctx: RunContext,
  world: AnalysisWorld,
  api: AnalysisApi,
  stage: string,
  known?: readonly RouteRef[],
): Promise<AnalysisWorld> {
  if (stage === api.stage) return world;
  const routes = known ?? (await ctx.routes.typedAt(api.alias, stage));
  const { routes: _configured, ...rest } = api;
  const at: AnalysisApi = { ...rest, stage, ...routesOf(routes) };
  return { ...world, apis: world.apis.map((a) => (a === api ? at : a)) };
}
