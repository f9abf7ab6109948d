// Diff by classes: beside the configured cells, every class of requests (any principal, any
// route) whose access the change flips, so opening the endpoint to a new account, tag or session
// pattern is a grant even when no configured role's cell flips. Points are decided on both sides
// by decideCell (the ordinary engine), over a space split by the policies of both sides.
import {
  buildSpace,
  classify,
  coverClasses,
  engineQuestion,
  unionRefs,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../analysis/index.js';
import type { Config } from '../config/index.js';
import type { CompiledPolicy, StatementRef } from '../policy/index.js';
import { organizationAccounts, statedMemberships } from '../predict/index.js';
import { decideCell } from './compute.js';
import type { ClassChange, DiffCell, DiffSetup, LayerPolicy } from './model.js';

const compiled = (p: LayerPolicy): CompiledPolicy[] =>
  p && !('denyAll' in p) && !('unknown' in p) ? [p] : [];

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
      noneRoutes: a.noneRoutes ?? [],
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
  };
  const out: ClassChange[] = [];
  for (const api of world.apis) {
    const before = setup.before.resources[api.alias];
    const after = setup.after.resources[api.alias];
    const policies = [
      ...compiled(setup.before.endpoint),
      ...compiled(setup.after.endpoint),
      ...compiled(before ?? null),
      ...compiled(after ?? null),
    ];
    const space = buildSpace(world, api, { policies, paths: config.defaults.probes });
    const sides = (req: AnalysisRequest) => {
      const { chain, request } = engineQuestion(world, req);
      const cell: DiffCell = {
        role: '',
        principal: '',
        api: api.alias,
        method: req.method,
        path: req.path,
        request,
        authorizationType: chain.authorizationType,
        ...(chain.identityPolicies ? { identityPolicies: chain.identityPolicies } : {}),
        // A configured role whose identity policies are not given: unknown there too.
        ...(req.principal.kind === 'role' && identityUnknown.has(req.principal.arn)
          ? { identityUnknown: identityUnknown.get(req.principal.arn)! }
          : {}),
        resourceAccount: api.account,
        ...(chain.acceptedEndpoints ? { acceptedEndpoints: chain.acceptedEndpoints } : {}),
        ...(chain.viaAlias ? { viaAlias: true } : {}),
      };
      return { b: decideCell(cell, setup.before), a: decideCell(cell, setup.after) };
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
    // deny -> unknown is access that may be new (fail closed), as for the cells (isGrant).
    for (const [change, kind] of [
      ['deny>allow', 'grant'],
      ['deny>unknown', 'grant'],
      ['allow>deny', 'revocation'],
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
          api: api.alias,
          description: r.cls.description,
          statements: r.cls.statements,
          witness: r.cls.witness,
          constraints: r.cls.constraints,
        });
    }
  }
  return out;
}
