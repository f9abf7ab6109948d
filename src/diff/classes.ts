// Diff by classes: beside the configured cells, every class of requests (any principal, any
// route) whose access the change flips, so opening the endpoint to a new account, tag or session
// pattern is a grant even when no configured role's cell flips. Points are decided on both sides
// by decideCell (the ordinary engine), over a space split by the policies of both sides, at every
// stage those policies tell apart (stageGroups), and in both readings of a path (as run and check).
import {
  buildSpace,
  chargePoints,
  classify,
  coverClasses,
  engineQuestion,
  IF_IDENTITY_ALLOWS,
  isStandIn,
  leastPermissiveWorld,
  mostPermissiveWorld,
  PointBudget,
  slashedPaths,
  unionRefs,
  unsearchedBy,
  UNKNOWN_IDENTITY,
  withoutReading,
  type AnalysisRequest,
  type AnalysisWorld,
  splitByRoutes,
  stageGroups,
  type StageGroup,
} from '../analysis/index.js';
import type { Config } from '../config/index.js';
import { partitionOfRegion } from '../identifiers/index.js';
import {
  bindShortForm,
  leastPermissive,
  mostPermissive,
  policyMentions,
  sameVariables,
  withoutVariables,
  resourcePathReadings,
  type CompiledPolicy,
  type StatementRef,
} from '../policy/index.js';
import { organizationFacts, readingsOf as everyReading, type ReadingDecision } from '../predict/index.js';
import {
  authorizationText,
  reachesRegion,
  routeAuthorization,
  statedRouteTypes,
  statedStageRouteTypes,
  type RouteAuthorization,
  type RouteRef,
  untypedRoutes,
  unstatedStages,
  unstatedTypes,
} from '../routes/index.js';
import { servedOptions } from '../harness/served.js';
import {
  decideCell,
  endpointAnswers,
  readingPairs,
  readingsMove,
  boundSide,
  sameLayer,
  verdictSpan,
  type Reading,
} from './compute.js';
import { buildCells } from './load.js';
import {
  IF_ALLOWS,
  isCompiledLayer,
  type ClassChange,
  type ClassVerdict,
  type DiffCell,
  type DiffSetup,
  type LayerPolicy,
  type PolicySide,
} from './model.js';

const compiled = (p: LayerPolicy): CompiledPolicy[] => (isCompiledLayer(p) ? [p] : []);

/** The stand-ins for an unknown caller's identity policies (read only: the engine never changes them). */
const STAND_IN_ALLOWS: CompiledPolicy[] = [...UNKNOWN_IDENTITY.allows];
const STAND_IN_SILENT: CompiledPolicy[] = [...UNKNOWN_IDENTITY.silent];

/** Unknown on both sides, where some reading of the unknowns loses access and none gains it. */
const UNKNOWN_LOST = 'unknown>unknown:lost';

/** What a class's description adds when its access depends on the caller's identity policies. */
const CONDITIONAL_WORDS: Record<string, string> = {
  [`deny>${IF_ALLOWS}`]: `; ${IF_IDENTITY_ALLOWS}`,
  [`${IF_ALLOWS}>allow`]:
    '; before only if its identity policy allowed (not known to spokegate), now whatever it says',
  [`${IF_ALLOWS}>unknown`]:
    '; before only if its identity policy allowed (not known to spokegate), now unknown',
  [`allow>${IF_ALLOWS}`]: `; now only ${IF_IDENTITY_ALLOWS}`,
  [`${IF_ALLOWS}>deny`]: '; before if its identity policy allowed (not known to spokegate)',
  'unknown>allow': '; before unknown to spokegate, now allowed',
  [`unknown>${IF_ALLOWS}`]: `; ${IF_IDENTITY_ALLOWS}; before unknown to spokegate`,
  'allow>unknown': '; now unknown to spokegate',
  'unknown>deny': '; before unknown to spokegate, now denied',
  'unknown>unknown':
    '; unknown to spokegate before and after; some reading allows it now where it did not before',
  [UNKNOWN_LOST]: '; unknown to spokegate before and after; some reading loses access, none gains',
  [`${IF_ALLOWS}>unknown:lost`]:
    '; before only if its identity policy allowed (not known to spokegate), now unknown; some reading loses access, none gains',
  [`unknown>${IF_ALLOWS}:lost`]: `; now only ${IF_IDENTITY_ALLOWS}; before unknown to spokegate; some reading loses access, none gains`,
};

/** A diff's class of kinds of request the search could not settle: its change and what it adds to its words. */
const UNSEARCHED_GRANT = {
  change: 'grant',
  before: 'unknown',
  after: 'unknown',
  words:
    'unknown to spokegate before and after, so access that may be new; the witness is a request near them, not one of them',
} as const;
/** Kinds refused after whatever the variables hold, and not so before: access that may be lost. */
const UNSEARCHED_LOST = {
  change: 'revocation',
  before: 'unknown',
  after: 'deny',
  words:
    'unknown to spokegate before, refused after whatever the policy variables hold, so access that may be lost; the witness is a request near them, not one of them',
} as const;
/** Kinds no reading of the variables lets in more after, some may let in less, the after side not refusing them. */
const UNSEARCHED_MAY_LOSE = {
  change: 'revocation',
  before: 'unknown',
  after: 'unknown',
  words:
    'unknown to spokegate before and after; no value of the policy variables lets them in more after, some may let them in less, so access that may be lost; the witness is a request near them, not one of them',
} as const;

/** One side's answer for a request of a class: why it is unknown, when it is. */
type Side = {
  decision: ClassVerdict;
  statements: StatementRef[];
  reason?: string;
  readings?: readonly ReadingDecision[];
};

/** A request unknown on both sides that no reading of the unknowns changes: no change. */
const UNKNOWN_ALIKE = 'unknown=unknown';

/**
 * A request's change from side `b` to side `a`. Unknown on a side is decided again under each
 * reading of its unknowns (the same reading on both sides: `byReading`): access that may be new
 * (`unknown>unknown`, or the two verdicts) when some reading may let in after what it did not before,
 * else access that may be lost when some reading may let in less, else no change. A side still
 * unknown within a reading (an organization not stated, an authorizer route of unknown type) may be
 * anything its own readings allow (readingsMove). `same`: both sides are
 * one decision (only the endpoint policy differs and it answers alike): no change. Until
 * 2026-12-02 every such request was access that may be new, also where every reading only lost
 * access; then (second change) one unknown for the same reason on both sides was no change without
 * a reading asked, though the reason (an endpoint policy not known) left the change's layers out.
 */
function changeOf(b: Side, a: Side, byReading: () => Iterable<[Side, Side]>, same = false): string {
  const plain = `${b.decision}>${a.decision}`;
  if (b.decision !== 'unknown' && a.decision !== 'unknown') return plain;
  if (same) return UNKNOWN_ALIKE;
  const both = b.decision === 'unknown' && a.decision === 'unknown';
  // Unknown on one side is read reading by reading too: "only if its identity policy allows"
  // against unknown (until 2026-12-02 it was access that may be new whatever the readings said),
  // and deny, allow against unknown (until 2026-12-02 (second change) by the two words alone).
  const ifAllows = b.decision === IF_ALLOWS || a.decision === IF_ALLOWS;
  const moved = readingsMove(byReading());
  if (moved === 'gains') return both ? 'unknown>unknown' : plain;
  if (moved === 'loses') return both ? UNKNOWN_LOST : ifAllows ? `${plain}:lost` : plain;
  return UNKNOWN_ALIKE;
}

/**
 * What a change of a class's access is, as for the cells (isGrant, isRevocation): new access, or
 * access that may be new (fail closed: from deny or unknown to anything that may let it in, from
 * "only if its identity policy allows" to more); or access lost, or that may be lost (from allow to
 * anything less, from unknown to deny, from unknown to unknown where some reading loses).
 */
function kindOf(change: string): 'grant' | 'revocation' | undefined {
  if (change.endsWith(':lost')) return 'revocation';
  const [before, after] = change.split('>') as [ClassVerdict, ClassVerdict];
  // Unknown on both sides, some reading letting in more after: it may be new access.
  if (before === 'unknown' && after === 'unknown') return 'grant';
  if (before === after) return undefined;
  if (before === 'allow') return 'revocation';
  if (before === IF_ALLOWS) return after === 'deny' ? 'revocation' : 'grant';
  if (after === 'allow' || after === IF_ALLOWS) return 'grant';
  if (before === 'unknown' && after === 'deny') return 'revocation';
  return before === 'deny' && after === 'unknown' ? 'grant' : undefined;
}

export function classChanges(
  config: Config,
  setup: DiffSetup,
  endpointAlias: string,
  now?: string,
): { classes: ClassChange[]; notes: string[] } {
  const ep = config.endpoints[endpointAlias]!;
  const identity = new Map<string, CompiledPolicy[]>();
  const boundaries = new Map<string, CompiledPolicy>();
  const identityUnknown = new Map<string, string>();
  // Every configured role's stated policies, whether a cell names it or not (a feature file may
  // call as a few roles): read from the cells alone, a role no cell named lost its permissions
  // boundary (a NotPrincipal Deny then spared it) and its identity policies.
  const named = new Set(setup.cells.map((c) => c.role));
  const unnamed = Object.keys(config.roles).filter((r) => !named.has(r));
  const anyApi = Object.keys(config.apis)[0];
  const others =
    unnamed.length && anyApi
      ? buildCells(
          config,
          endpointAlias,
          unnamed.map((role) => ({ role, api: anyApi, method: 'GET', path: '/' })),
        )
      : [];
  for (const c of [...setup.cells, ...others]) {
    if (c.identityPolicies) identity.set(c.role, c.identityPolicies);
    if (c.permissionsBoundary) boundaries.set(c.role, c.permissionsBoundary);
    if (c.identityUnknown) identityUnknown.set(c.principal, c.identityUnknown);
  }
  const world: AnalysisWorld = {
    endpoint: { alias: endpointAlias, id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}) },
    // Only the endpoint's own region's APIs: it carries no request to another region's.
    apis: Object.entries(config.apis)
      .filter(([, a]) => reachesRegion(config, ep, a))
      .map(([alias, a]) => ({
        alias,
        region: a.region ?? config.region,
        account: a.account,
        id: a.id,
        stage: a.stage,
        // The routes with their types as the config states them (NONE, an authorizer, AWS_IAM), as
        // who-can offline: a route whose authorizer decides is unknown past the policies. An API
        // stating no routes may serve any of them: of unknown type, as the proofs and who-can read
        // it (until 2026-12-03 AWS_IAM everywhere here, so opening the endpoint to unsigned callers
        // was "no new access" though a NONE route lets them in). `noneRoutes` and `authorizers`
        // need `routes` (loadConfig).
        routes: a.routes
          ? statedRouteTypes(a.routes, a.noneRoutes, a.authorizers)
          : untypedRoutes(undefined, unstatedTypes(alias)),
        noneRoutes: [],
        ...(a.vpcEndpointIds ? { acceptedEndpoints: a.vpcEndpointIds } : {}),
      })),
    // A configured user is decided as any user of its account: the analysis knows roles only.
    roles: Object.entries(config.roles).flatMap(([alias, r]) =>
      r.user
        ? []
        : [
            {
              alias,
              arn: r.arn,
              sessionName: r.sessionName ?? 'spokegate',
              ...(identity.has(alias) ? { identityPolicies: identity.get(alias)! } : {}),
              ...(boundaries.has(alias) ? { permissionsBoundary: boundaries.get(alias)! } : {}),
              ...(r.roleId ? { roleId: r.roleId } : {}),
              ...(r.tags ? { tags: r.tags } : {}),
            },
          ],
    ),
    ...organizationFacts(config),
    ...(now !== undefined ? { now } : {}),
  };
  const out: ClassChange[] = [];
  // The configured cells keep the documented AWS_IAM (as check's): said once per API, as who-can does.
  const notes: string[] = world.apis
    .filter((a) => !config.apis[a.alias]!.routes)
    .map(
      (a) =>
        `${unstatedTypes(a.alias)}; its cells assume AWS_IAM; its classes are over every type (a NONE route lets an unsigned caller in)`,
    );
  // Every API's spaces first (one per stage group), their points charged to the budget before any
  // is decided.
  const budget = new PointBudget();
  const runs: {
    world: AnalysisWorld;
    space: ReturnType<typeof buildSpace>;
    group: StageGroup;
    split: boolean;
  }[] = [];
  // Every role's identity policies, for the stage groups: only their Resource patterns count there,
  // so a text many roles share is read once.
  const identityTexts = new Map<string, CompiledPolicy>();
  for (const r of world.roles) for (const p of r.identityPolicies ?? []) identityTexts.set(p.text, p);
  for (const api of world.apis) {
    const policies = [
      ...compiled(setup.before.endpoint),
      ...compiled(setup.after.endpoint),
      ...compiled(setup.before.resources[api.alias] ?? null),
      ...compiled(setup.after.resources[api.alias] ?? null),
    ];
    const apiArn = `arn:${partitionOfRegion(api.region)}:execute-api:${api.region}:${api.account}:${api.id}`;
    const { stages: stated, routes: statedRoutes } = config.apis[api.alias]!;
    // Stages not stated: a stage other than the configured one may exist and serve routes the config
    // does not state (`routes` are the configured stage's), so a stand-in stage of unknown routes is
    // decided even where no policy tells stages apart (until 2026-12-03 none was then, and a
    // stand-in kept the configured stage's routes: opening the endpoint to unsigned callers was "no
    // new access" though another stage may serve a NONE route).
    const groups = stageGroups(
      { stage: api.stage, stages: stated },
      apiArn,
      [...policies, ...identityTexts.values()],
      statedRoutes !== undefined,
    );
    const standInRoutes = untypedRoutes(undefined, unstatedStages(api.alias, api.stage));
    if (groups.length > 1 && !stated)
      notes.push(
        `the stages of API "${api.alias}" are not stated (apis.${api.alias}.stages): its classes are decided at stage "${api.stage}" and at ${groups
          .slice(1)
          .map((g) => `"${g.stage}"`)
          .join(
            ', ',
          )}, each standing for the stages the policies do not tell apart from it (any of them may exist)${statedRoutes ? `, over routes of unknown type (apis.${api.alias}.routes are stage "${api.stage}"'s)` : ''}`,
      );
    const typedAt = (stage: string) => statedStageRouteTypes(api.alias, config.apis[api.alias]!, stage);
    for (const group of byStageRoutes(groups, api.stage, typedAt)) {
      const at =
        group.stage === api.stage
          ? api
          : { ...api, stage: group.stage, routes: group.standIn ? standInRoutes : typedAt(group.stage) };
      const atWorld = at === api ? world : { ...world, apis: world.apis.map((a) => (a === api ? at : a)) };
      // The paths the policies name, also with a trailing slash: the form whose two readings of the
      // resource ARN differ most often (each region's requests are decided in both readings).
      const paths = [
        ...config.defaults.probes,
        ...slashedPaths(
          policies.flatMap((p) => policyMentions(p).resources.map((r) => bindShortForm(r, apiArn))),
          `${apiArn}/${group.stage}/`,
        ),
      ];
      // Only requests to a route the stage serves, when its routes are stated (as who-can and the
      // reach proofs): another path reaches no method (Missing Authentication Token), so a change
      // there opens nothing.
      const served = servedOptions(atWorld, routesStated(config, api.alias, group) ? [api.alias] : []);
      const space = buildSpace(atWorld, at, {
        ...served,
        policies: [...policies, ...(served.policies ?? [])],
        paths,
        slashedTwins: false,
        normalisedReadings: false,
      });
      chargePoints(budget, atWorld, space);
      runs.push({ world: atWorld, space, group, split: groups.length > 1 });
    }
  }
  for (const { world: atWorld, space, group, split } of runs) {
    const api = space.api;
    // The stage the config names (space.api is at the group's stage): a stand-in's words say so.
    const configuredStage = config.apis[api.alias]!.stage;
    const authorizationOf = byRouteAuthorization(api.routes);
    // The API's resource policy the same on both sides: a point the endpoint alone answers alike on
    // both sides is decided alike (as computeDiff's cells), so its after side is not asked again.
    const resourceSame = sameLayer(
      setup.before.resources[api.alias] ?? null,
      setup.after.resources[api.alias] ?? null,
    );
    const readingsOf = new Map<string, ReturnType<typeof resourcePathReadings>>();
    // A request of the world `w` as a cell (as computeDiff's), and whether its caller's identity
    // policies are not known.
    const cellOver = (w: AnalysisWorld, req: AnalysisRequest) => {
      const { chain, request } = engineQuestion(w, req);
      const authorization = authorizationOf(req.method, req.path);
      // A trailing slash, `//` or a percent-encoded character: both readings of the resource ARN,
      // each its own request, decided and compared as run and check do (decideOverPathReadings).
      let forms = readingsOf.get(req.path);
      if (!forms) readingsOf.set(req.path, (forms = resourcePathReadings(req.path)));
      // Built by assignment: one per point decided (and per witness verified).
      const cell: DiffCell = {
        role: '',
        principal: '',
        api: api.alias,
        method: req.method,
        path: req.path,
        request,
        authorizationType: chain.authorizationType,
        resourceAccount: api.account,
      };
      if (authorization) cell.authorization = authorization;
      if (forms.length > 1)
        cell.readings = forms.map((f) => ({
          ...f,
          // Each reading's own path, as written (a witness read decoded, arnReading, is not here).
          request: engineQuestion(w, { ...withoutReading(req), path: f.path }).request,
        }));
      if (chain.identityPolicies) cell.identityPolicies = chain.identityPolicies;
      if (chain.permissionsBoundary) cell.permissionsBoundary = chain.permissionsBoundary;
      if (chain.serviceControlPolicies)
        cell.serviceControlPolicies = chain.serviceControlPolicies.map((l) => [...l]);
      // A configured role whose identity policies are not given: unknown there too.
      if (req.principal.kind === 'role' && identityUnknown.has(req.principal.arn))
        cell.identityUnknown = identityUnknown.get(req.principal.arn)!;
      if (chain.acceptedEndpoints) cell.acceptedEndpoints = chain.acceptedEndpoints;
      if (chain.viaAlias) cell.viaAlias = true;
      // A signed caller whose identity policies are not known (not a configured role that has
      // them): decided with identity policies that allow and with none, as who-can decides it, so
      // a class that gets through only if they allow says so ("allow-if-identity-allows").
      const unknownIdentity =
        req.principal.kind !== 'anonymous' && !chain.identityPolicies && !cell.identityUnknown;
      return { cell, unknownIdentity };
    };
    // Both sides' answers for a request of the world `w` (atWorld, or read most permissively).
    const sidesOver = (w: AnalysisWorld, before: PolicySide, after: PolicySide) => (req: AnalysisRequest) => {
      const { cell, unknownIdentity } = cellOver(w, req);
      const side = (s: PolicySide, reading?: Reading): Side => {
        if (!unknownIdentity) return decideCell(cell, s, cell.identityPolicies, reading);
        const allows = decideCell(cell, s, STAND_IN_ALLOWS, reading);
        const statements = allows.statements.filter((r) => !isStandIn(r));
        if (allows.decision === 'deny') return { decision: 'deny', statements };
        const silent = decideCell(cell, s, STAND_IN_SILENT, reading);
        if (allows.decision === 'allow' && silent.decision !== 'unknown')
          return { decision: silent.decision === 'allow' ? 'allow' : IF_ALLOWS, statements };
        // Unknown with identity policies that allow or with none: each reading of both (until
        // 2026-12-02 unknown with none read "only if its identity policy allows", so a change that
        // let it in without any, on one reading, was no change).
        const reason = allows.reason ?? silent.reason ?? '';
        const asRead = (label: string, o: typeof allows) => ({
          label,
          d:
            o.decision === 'unknown'
              ? { decision: o.decision, unknown: o.reason ?? '', readings: o.readings }
              : { decision: o.decision },
        });
        return {
          decision: 'unknown',
          statements,
          reason,
          readings: everyReading([
            asRead('if its identity policies allow', allows),
            asRead('if it has none', silent),
          ]),
        };
      };
      // The before side's statements are never read (a change reports the after side's): where
      // the endpoint alone refuses every request the cell is decided with, the chain's answer is
      // deny (authorizeCall stops there), without deciding the rest of it.
      const eb = endpointAnswers(cell, before);
      const b = eb === 0 ? { decision: 'deny' as const, statements: [] } : side(before);
      // Each side's verdict under each reading of the unknowns (asked only when both are unknown).
      const byReading = function* (): Generator<[Side, Side]> {
        for (const [rb, ra] of readingPairs(cell, before, after)) yield [side(before, rb), side(after, ra)];
      };
      // The same decision; its statements are read only where the decisions differ.
      if (resourceSame && eb !== undefined && eb === endpointAnswers(cell, after))
        return { b, a: { ...b, statements: [] }, byReading, same: true };
      return { b, a: side(after), byReading, same: false };
    };
    const sides = sidesOver(atWorld, setup.before, setup.after);
    type O = { change: string; statements: StatementRef[] };
    const { classes: raw, outcomes } = classify<O>(
      atWorld,
      space,
      (req) => {
        const { b, a, byReading, same } = sides(req);
        const change = changeOf(b, a, byReading, same);
        return { value: { change, statements: b.decision !== a.decision ? a.statements : [] }, key: change };
      },
      (x, y) => ({ change: x.change, statements: unionRefs(x.statements, y.statements) }),
    );
    // Kinds of request the search for policy variables neither found nor ruled out: decided on
    // neither side, so a change there is judged by bounds. Each side's policies read as permissively
    // as their variables could make them (mostPermissive, as who-can and the proofs) and as strictly
    // (leastPermissive): over a request, a side lets in at most its upper reading's answer and at
    // least its lower one's, whatever the variables hold (the same values on both sides). Access may
    // be new only where the after side's most exceeds the before side's least; it may be lost only
    // where the after side's least is below the before side's most (until pass 20 only the upper
    // reading was made, so a kind the before side surely let in was still "may be new").
    const upper = sidesOver(
      mostPermissiveWorld(atWorld),
      boundSide(setup.before, mostPermissive),
      boundSide(setup.after, mostPermissive),
    );
    const lower = sidesOver(
      leastPermissiveWorld(atWorld),
      boundSide(setup.before, leastPermissive),
      boundSide(setup.after, leastPermissive),
    );
    // Each side's least and most (ranks: deny 0, only if its identity allows 1, allow 2) under each
    // reading of the unknowns (readingPairs: an endpoint policy not in the change read as allowing
    // everything, a resource policy not given, a path's written and normalised readings, …), walked
    // only if a side is unknown; a side decided without them answers so in every reading.
    const spans = (bound: typeof upper, req: AnalysisRequest): [Span, Span][] => {
      const { b, a, byReading } = bound(req);
      const at = (s: Side, read: Side): Span => verdictSpan(s.decision === 'unknown' ? read : s);
      if (b.decision !== 'unknown' && a.decision !== 'unknown') return [[verdictSpan(b), verdictSpan(a)]];
      return [...byReading()].map(([rb, ra]) => [at(b, rb), at(a, ra)]);
    };
    // No change at all where the API's resource policy is the same on both sides and the endpoint
    // policy answers the kind alike on both, whatever its variables hold: the same policy on both
    // sides; or the same statements holding variables on both (sameVariables), the rest answering
    // alike. A side's endpoint answer is (A or Ua) and not (D or Ud), A and D its other statements'
    // Allow and Deny matches, Ua and Ud its variable statements' (shared: the same on both sides for
    // each value); read with those statements most permissively, (A or Ua') and not D (Ua' their
    // Allows' other clauses), and without them, A and not D: equal on both sides in both readings,
    // the answers are equal for every value (D differing, both are refused: A and Ua' are false
    // where D is not). Asked of one request: these readings have no variables, so the kind answers
    // them alike (as its regions split on every literal test). Until pass 20 an endpoint policy
    // with variables, even unchanged, left every kind of the search to the bounds below.
    const endpointSame = sameLayer(setup.before.endpoint, setup.after.endpoint);
    const eb = setup.before.endpoint;
    const ea = setup.after.endpoint;
    const endpointReadings =
      resourceSame && !endpointSame && isCompiledLayer(eb) && isCompiledLayer(ea) && sameVariables(eb, ea)
        ? [mostPermissive, withoutVariables].map((read) => [
            boundSide(setup.before, read),
            boundSide(setup.after, read),
          ])
        : [];
    const alike = (req: AnalysisRequest) => {
      if (!resourceSame) return false;
      if (endpointSame) return true;
      if (endpointReadings.length === 0) return false;
      const { cell } = cellOver(atWorld, req);
      return endpointReadings.every(([b, a]) => {
        const answer = endpointAnswers(cell, b!);
        return answer !== undefined && answer === endpointAnswers(cell, a!);
      });
    };
    // What a change may be over a kind (asked of one request: the bounds have no variables, so the
    // kind answers them alike): access that may be new, else access that may be lost (`refused`:
    // the after side refusing the kind however its variables read), else none.
    const mayBe = (req: AnalysisRequest): 'new' | 'lost' | 'refused' | undefined => {
      if (alike(req)) return undefined;
      const up = spans(upper, req);
      if (up.every(([b, a]) => a[1] === 0 && b[1] === 0)) return undefined;
      // The readings are facts of the request, the same on both sides and in both bounds: compared
      // reading by reading (one side's least under one reading against the other's most under
      // another made a Deny added over a kind whose resource policy is not given access that may
      // be new, as the before side's least was its reading with that policy denying).
      const pairs = readingsBeside(up, spans(lower, req));
      if (pairs.some(([u, l]) => u[1][1] > l[0][0])) return 'new';
      if (!pairs.some(([u, l]) => l[1][0] < u[0][1])) return undefined;
      return up.every(([, a]) => a[1] === 0) ? 'refused' : 'lost';
    };
    // One walk of the kinds, one mayBe each, said in this order.
    const missed = unsearchedBy(atWorld, space, outcomes, mayBe);
    for (const [what, row] of [
      ['new', UNSEARCHED_GRANT],
      ['refused', UNSEARCHED_LOST],
      ['lost', UNSEARCHED_MAY_LOSE],
    ] as const) {
      const m = missed.get(what);
      if (m)
        out.push({
          ...row,
          endpoint: endpointAlias,
          api: api.alias,
          description: `${split ? `${stageWords(group, configuredStage)}: ` : ''}${m.why}; ${row.words}`,
          statements: [],
          witness: split ? { ...m.near, stage: group.stage } : m.near,
          constraints: [],
          stages: [...group.stages],
          ...(group.anyStage ? { anyStage: true as const } : {}),
        });
    }
    // Every change found, grants first (as isGrant and isRevocation say for the cells).
    const changes = [...new Set(raw.map((c) => c.outcome.change))]
      .filter((change) => change !== UNKNOWN_ALIKE)
      .map((change) => {
        const [before, after] = change.replace(/:lost$/, '').split('>') as [ClassVerdict, ClassVerdict];
        return { change, before, after, kind: kindOf(change) };
      })
      .filter((c) => c.kind !== undefined)
      .sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'grant' ? -1 : 1));
    for (const { change, before, after, kind } of changes) {
      const wanted = raw.filter((c) => c.outcome.change === change);
      const verify = (req: AnalysisRequest) => {
        const { b, a, byReading, same } = sides(req);
        return changeOf(b, a, byReading, same) === change;
      };
      for (const r of coverClasses(
        atWorld,
        space,
        wanted,
        outcomes,
        (o) => o.change === change,
        kind === 'grant' ? 'allow' : 'deny',
        verify,
      ))
        out.push({
          change: kind!,
          endpoint: endpointAlias,
          before,
          after,
          api: api.alias,
          description:
            (split ? `${stageWords(group, configuredStage)}: ` : '') +
            r.cls.description +
            (CONDITIONAL_WORDS[change] ?? '') +
            authorizerWords(atWorld, r.cls.witness),
          statements: r.cls.statements,
          witness: split ? { ...r.cls.witness, stage: group.stage } : r.cls.witness,
          constraints: r.cls.constraints,
          stages: [...group.stages],
          ...(group.anyStage ? { anyStage: true as const } : {}),
        });
    }
  }
  return { classes: out, notes };

  /** What a class's description adds when its witness's route is decided by an authorizer. */
  function authorizerWords(w: AnalysisWorld, witness: AnalysisRequest): string {
    const api = w.apis.find((a) => a.alias === witness.api);
    const a = byRouteAuthorization(api?.routes)(witness.method, witness.path);
    // A NONE route has no authorizer: the policies alone decide it.
    return a && a.type !== 'NONE'
      ? `; past the policies, route ${authorizationText(a)} decides (not known to spokegate)`
      : '';
  }
}

/**
 * The stage groups split by what each stated stage serves, as who-can splits them: offline, another
 * stage's routes are typed by its own `apis.X.stageRoutes` or are of unknown type, never the
 * configured stage's (a NONE route on beta is not AWS_IAM there because prod's is). Stages of unknown
 * routes stay together (their reasons differ only by the stage's name). A stand-in stage (stages not
 * stated) keeps the configured stage's routes; the notes say the stages are not stated.
 */
function byStageRoutes(
  groups: readonly StageGroup[],
  configured: string,
  typedAt: (stage: string) => readonly RouteRef[],
): StageGroup[] {
  const out: StageGroup[] = [];
  for (const group of groups) {
    if (group.standIn) {
      out.push(group);
      continue;
    }
    const split = splitByRoutes(group.stages, (stage) =>
      stage === configured
        ? ''
        : JSON.stringify(typedAt(stage).map((r) => ({ ...r, typeUnknown: r.typeUnknown !== undefined }))),
    ).map((stages): StageGroup => ({ ...group, stage: stages[0]!, stages }));
    if (split.length > 1) for (const g of split) g.anyStage = false;
    out.push(...split);
  }
  return out;
}

/**
 * Whether the config states every route a stage group serves: `apis.X.routes` for the configured
 * stage, `apis.X.stageRoutes.STAGE` for another stated stage; a stand-in for unstated stages never.
 */
function routesStated(config: Config, alias: string, group: StageGroup): boolean {
  const api = config.apis[alias]!;
  if (group.standIn) return false;
  return group.stage === api.stage ? api.routes !== undefined : api.stageRoutes?.[group.stage] !== undefined;
}

/**
 * The authorization of the route a request reaches when it is not AWS_IAM (NONE, an authorizer's, or
 * of unknown type: decideCell then decides a signed call under both readings of whom the resource
 * policy sees, as it does the cells); undefined for AWS_IAM. Asked once per method and path. Before
 * 2026-12-02 NONE routes were left out here, so a class was decided with the signer alone.
 */
function byRouteAuthorization(
  routes: readonly RouteRef[] | undefined,
): (method: string, path: string) => RouteAuthorization | undefined {
  if (!routes?.some((r) => r.authorizationType !== 'AWS_IAM')) return () => undefined;
  const seen = new Map<string, RouteAuthorization | undefined>();
  return (method, path) => {
    const key = `${method} ${path}`;
    if (!seen.has(key)) {
      const a = routeAuthorization(routes, method, path);
      seen.set(key, a.type === 'AWS_IAM' ? undefined : a);
    }
    return seen.get(key);
  };
}

/**
 * Where a class holds, in words: its stated stages, or the stage it was decided at standing for
 * those the policies do not tell apart from it (the API's stages not stated).
 */
function stageWords(g: StageGroup, configured: string): string {
  if (g.stages.length > 1) return `stages ${g.stages.map((s) => `"${s}"`).join(', ')}`;
  return !g.standIn || g.stage === configured
    ? `stage "${g.stage}"`
    : `stage "${g.stage}" (standing for every stage the policies do not tell apart from it)`;
}

type Span = [number, number];

/**
 * The upper and lower bounds' spans paired reading by reading: both list the same readings
 * (readingPairs of one request), or one decided without them (one entry, the same in every
 * reading); any other shape pairs every entry with every other (the comparison across readings,
 * coarser but sound).
 */
function readingsBeside<T>(up: T[], low: T[]): [T, T][] {
  if (up.length === low.length) return up.map((u, i) => [u, low[i]!]);
  if (up.length === 1) return low.map((l) => [up[0]!, l]);
  if (low.length === 1) return up.map((u) => [u, low[0]!]);
  return up.flatMap((u) => low.map((l): [T, T] => [u, l]));
}
