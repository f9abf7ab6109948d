// Diff by classes: beside the configured cells, every class of requests (any principal, any
// route) whose access the change flips, so opening the endpoint to a new account, tag or session
// pattern is a grant even when no configured role's cell flips. Points are decided on both sides
// by decideCell (the ordinary engine), over a space split by the policies of both sides.
import {
  buildSpace,
  chargePoints,
  classify,
  coverClasses,
  engineQuestion,
  IF_IDENTITY_ALLOWS,
  isStandIn,
  PointBudget,
  unionRefs,
  UNKNOWN_IDENTITY,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../analysis/index.js';
import type { Config } from '../config/index.js';
import type { CompiledPolicy, StatementRef } from '../policy/index.js';
import { organizationAccounts, statedMemberships } from '../predict/index.js';
import {
  authorizationText,
  routeAuthorization,
  statedRouteTypes,
  type RouteAuthorization,
  type RouteRef,
} from '../routes/index.js';
import { decideCell } from './compute.js';
import type { ClassChange, ClassVerdict, DiffCell, DiffSetup, LayerPolicy } from './model.js';

const compiled = (p: LayerPolicy): CompiledPolicy[] =>
  p && !('denyAll' in p) && !('unknown' in p) ? [p] : [];

const IF_ALLOWS = 'allow-if-identity-allows';

/** What a class's description adds when its access depends on the caller's identity policies. */
const CONDITIONAL_WORDS: Record<string, string> = {
  [`deny>${IF_ALLOWS}`]: `; ${IF_IDENTITY_ALLOWS}`,
  [`${IF_ALLOWS}>allow`]:
    '; before only if its identity policy allowed (not known to spokegate), now whatever it says',
  [`${IF_ALLOWS}>unknown`]:
    '; before only if its identity policy allowed (not known to spokegate), now unknown',
  [`allow>${IF_ALLOWS}`]: `; now only ${IF_IDENTITY_ALLOWS}`,
  [`${IF_ALLOWS}>deny`]: '; before if its identity policy allowed (not known to spokegate)',
};

export function classChanges(config: Config, setup: DiffSetup, endpointAlias: string): ClassChange[] {
  const ep = config.endpoints[endpointAlias]!;
  const identity = new Map<string, CompiledPolicy[]>();
  const identityUnknown = new Map<string, string>();
  for (const c of setup.cells) {
    if (c.identityPolicies) identity.set(c.role, c.identityPolicies);
    if (c.identityUnknown) identityUnknown.set(c.principal, c.identityUnknown);
  }
  const world: AnalysisWorld = {
    endpoint: { alias: endpointAlias, id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}) },
    apis: Object.entries(config.apis).map(([alias, a]) => ({
      alias,
      region: a.region ?? config.region,
      account: a.account,
      id: a.id,
      stage: a.stage,
      // The routes with their types as the config states them (NONE, an authorizer, AWS_IAM), as
      // who-can offline: a route whose authorizer decides is unknown past the policies.
      ...(a.routes || a.noneRoutes || a.authorizers
        ? { routes: statedRouteTypes(a.routes, a.noneRoutes, a.authorizers) }
        : {}),
      noneRoutes: [],
      ...(a.vpcEndpointIds ? { acceptedEndpoints: a.vpcEndpointIds } : {}),
    })),
    roles: Object.entries(config.roles).map(([alias, r]) => ({
      alias,
      arn: r.arn,
      sessionName: r.sessionName ?? 'spokegate',
      ...(identity.has(alias) ? { identityPolicies: identity.get(alias)! } : {}),
      ...(r.roleId ? { roleId: r.roleId } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
    })),
    ...(config.organization
      ? { organization: { id: config.organization.id, members: [...organizationAccounts(config)] } }
      : {}),
    memberships: statedMemberships(config),
    ...(config.orgPaths ? { orgPaths: config.orgPaths } : {}),
  };
  const out: ClassChange[] = [];
  // Every API's space first, its points charged to the budget before any is decided.
  const budget = new PointBudget();
  const spaces = world.apis.map((api) => {
    const policies = [
      ...compiled(setup.before.endpoint),
      ...compiled(setup.after.endpoint),
      ...compiled(setup.before.resources[api.alias] ?? null),
      ...compiled(setup.after.resources[api.alias] ?? null),
    ];
    const space = buildSpace(world, api, { policies, paths: config.defaults.probes });
    chargePoints(budget, world, space);
    return space;
  });
  for (const [i, api] of world.apis.entries()) {
    const space = spaces[i]!;
    const authorizationOf = byAuthorizer(api.routes);
    const sides = (req: AnalysisRequest) => {
      const { chain, request } = engineQuestion(world, req);
      const authorization = authorizationOf(req.method, req.path);
      const cell: DiffCell = {
        role: '',
        principal: '',
        api: api.alias,
        method: req.method,
        path: req.path,
        request,
        authorizationType: chain.authorizationType,
        ...(authorization ? { authorization } : {}),
        ...(chain.identityPolicies ? { identityPolicies: chain.identityPolicies } : {}),
        // A configured role whose identity policies are not given: unknown there too.
        ...(req.principal.kind === 'role' && identityUnknown.has(req.principal.arn)
          ? { identityUnknown: identityUnknown.get(req.principal.arn)! }
          : {}),
        resourceAccount: api.account,
        ...(chain.acceptedEndpoints ? { acceptedEndpoints: chain.acceptedEndpoints } : {}),
        ...(chain.viaAlias ? { viaAlias: true } : {}),
      };
      // A signed caller whose identity policies are not known (not a configured role that has
      // them): decided with identity policies that allow and with none, as who-can decides it, so
      // a class that gets through only if they allow says so ("allow-if-identity-allows").
      const unknownIdentity =
        req.principal.kind !== 'anonymous' && !chain.identityPolicies && !cell.identityUnknown;
      const side = (s: DiffSetup['before']): { decision: ClassVerdict; statements: StatementRef[] } => {
        if (!unknownIdentity) return decideCell(cell, s);
        const allows = decideCell({ ...cell, identityPolicies: [...UNKNOWN_IDENTITY.allows] }, s);
        const statements = allows.statements.filter((r) => !isStandIn(r));
        if (allows.decision !== 'allow') return { decision: allows.decision, statements };
        const silent = decideCell({ ...cell, identityPolicies: [...UNKNOWN_IDENTITY.silent] }, s);
        return { decision: silent.decision === 'allow' ? 'allow' : IF_ALLOWS, statements };
      };
      return { b: side(setup.before), a: side(setup.after) };
    };
    type O = { change: string; statements: StatementRef[] };
    const { classes: raw, outcomes } = classify<O>(
      world,
      space,
      (req) => {
        const { b, a } = sides(req);
        const change = `${b.decision}>${a.decision}`;
        return { value: { change, statements: b.decision !== a.decision ? a.statements : [] }, key: change };
      },
      (x, y) => ({ change: x.change, statements: unionRefs(x.statements, y.statements) }),
    );
    // deny -> unknown is access that may be new (fail closed), as for the cells (isGrant); so is
    // access that needed the caller's identity policies and no longer does (or may not).
    for (const [change, kind] of [
      ['deny>allow', 'grant'],
      [`deny>${IF_ALLOWS}`, 'grant'],
      ['deny>unknown', 'grant'],
      [`${IF_ALLOWS}>allow`, 'grant'],
      [`${IF_ALLOWS}>unknown`, 'grant'],
      ['allow>deny', 'revocation'],
      [`allow>${IF_ALLOWS}`, 'revocation'],
      [`${IF_ALLOWS}>deny`, 'revocation'],
    ] as const) {
      const wanted = raw.filter((c) => c.outcome.change === change);
      if (wanted.length === 0) continue;
      const verify = (req: AnalysisRequest) => {
        const { b, a } = sides(req);
        return `${b.decision}>${a.decision}` === change;
      };
      for (const r of coverClasses(
        world,
        space,
        wanted,
        outcomes,
        (o) => o.change === change,
        kind === 'grant' ? 'allow' : 'deny',
        verify,
      ))
        out.push({
          change: kind,
          before: change.slice(0, change.indexOf('>')) as ClassVerdict,
          after: change.slice(change.indexOf('>') + 1) as ClassVerdict,
          api: api.alias,
          description: r.cls.description + (CONDITIONAL_WORDS[change] ?? '') + authorizerWords(r.cls.witness),
          statements: r.cls.statements,
          witness: r.cls.witness,
          constraints: r.cls.constraints,
        });
    }
  }
  return out;

  /** What a class's description adds when its witness's route is decided by an authorizer. */
  function authorizerWords(witness: AnalysisRequest): string {
    const api = world.apis.find((a) => a.alias === witness.api);
    const a = byAuthorizer(api?.routes)(witness.method, witness.path);
    return a ? `; past the policies, route ${authorizationText(a)} decides (not known to spokegate)` : '';
  }
}

/**
 * The authorization of the route a request reaches when an authorizer decides it (or its type is
 * unknown); undefined when the policies alone decide. Asked once per method and path.
 */
function byAuthorizer(
  routes: readonly RouteRef[] | undefined,
): (method: string, path: string) => RouteAuthorization | undefined {
  if (!routes?.some((r) => r.authorizationType !== 'NONE' && r.authorizationType !== 'AWS_IAM'))
    return () => undefined;
  const seen = new Map<string, RouteAuthorization | undefined>();
  return (method, path) => {
    const key = `${method} ${path}`;
    if (!seen.has(key)) {
      const a = routeAuthorization(routes, method, path);
      seen.set(key, a.type === 'NONE' || a.type === 'AWS_IAM' ? undefined : a);
    }
    return seen.get(key);
  };
}
