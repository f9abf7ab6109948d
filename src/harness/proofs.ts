// Scenarios as proofs: "only these principals can reach", "no principal outside the organization",
// answered over every principal and request context with src/analysis, not by trying a sample.
// A failing proof names the counterexample class and its witness, and the witness becomes a cell of
// the report: predicted, and observed too when a configured role fits the class.
import { statementRefs, type CompiledPolicy } from '../policy/index.js';
import {
  authorizerOf,
  broaderFirst,
  callerReadingOf,
  pathReadingOf,
  decide,
  IF_IDENTITY_ALLOWS,
  unknownText,
  whoCan,
  witnessText,
  type AccessClass,
  type AnalysisRequest,
  type AnalysisWorld,
  type UnknownLayer,
  type WhoCan,
  splitByRoutes,
  stageGroups,
  statedOrganization,
} from '../analysis/index.js';
import { InfraError, InputError } from '../errors.js';
import { arnAccount, isAccountId, parseRoleArn, partitionOfRegion } from '../identifiers/index.js';
import { holdsOverUnstated, organizationHint, type RequestFacts } from '../predict/index.js';
import { judgeCell, type Cell } from '../matrix/index.js';
import type { AssertionResult } from './assertions.js';
import type { RunContext } from './context.js';
import { toPrediction } from './cells.js';
import { analysisWorld, stageWorld } from './who-can.js';
import { scenarioRef, type ScenarioRef } from './scenario-ref.js';
import { servedPatterns, servedRoutes, type Served } from './served.js';
import { parseRouteSpec, type RouteKnowledge, type RouteRef } from '../routes/index.js';

/** A listed principal: a role (by account and name), a whole account, or anonymous. */
type Listed =
  | { kind: 'anonymous' }
  | { kind: 'role'; account: string; name: string }
  | { kind: 'account'; account: string };

/** A list's entry as written (`label`), what it covers, and a role's ARN. */
type ListedEntry = { label: string; p: Listed; arn?: string };

function listed(ctx: RunContext, entry: string): ListedEntry {
  if (entry === 'anonymous') return { label: entry, p: { kind: 'anonymous' } };
  if (isAccountId(entry)) return { label: entry, p: { kind: 'account', account: entry } };
  const configured = ctx.config.roles[entry];
  if (configured?.user)
    throw new InputError(
      `"${entry}" is ${configured.federated ? `a federated user (federated.${entry})` : `an IAM user (users.${entry})`}; a proof lists role aliases, role ARNs, account ids or anonymous: list its account ${arnAccount(configured.arn)} for every principal of it`,
      { file: ctx.config.file, field: `${configured.federated ? 'federated' : 'users'}.${entry}` },
    );
  const arn = configured?.arn ?? entry;
  const role = parseRoleArn(arn);
  if (!role)
    throw new InputError(`"${entry}" is not a role alias, a role ARN, an account id or anonymous`, {
      file: ctx.config.file,
      field: 'roles',
    });
  return { label: entry, p: { kind: 'role', account: role.account, name: role.name }, arn };
}

/** A request by a principal UnknownLayer.principals names (covers reads the principal alone). */
function principalRequest(who: string): AnalysisRequest {
  return {
    api: '',
    method: '',
    path: '',
    principal: who === 'anonymous' ? { kind: 'anonymous' } : { kind: 'role', arn: who, sessionName: 'any' },
  };
}

function covers(l: Listed, req: AnalysisRequest): boolean {
  const p = req.principal;
  if (l.kind === 'anonymous') return p.kind === 'anonymous';
  if (p.kind === 'anonymous') return false;
  // An account covers every principal of it (its roles, users and root); a role only its sessions.
  if (l.kind === 'account') return arnAccount(p.arn) === l.account;
  const role = p.kind === 'role' ? parseRoleArn(p.arn) : undefined;
  return role !== undefined && role.account === l.account && role.name === l.name;
}

/**
 * The world with the endpoint policy alone: no API or identity policy (each stage's routes are set
 * as NONE routes per run, endpointProof: nothing but the endpoint decides whether a request passes,
 * an anonymous caller is judged too).
 */
function endpointOnly(world: AnalysisWorld, probes: string[]): AnalysisWorld {
  return {
    ...world,
    apis: world.apis.map(
      ({ resourcePolicy: _r, unknownResource: _u, acceptedEndpoints: _a, routes: _routes, ...api }) => ({
        ...api,
        noneRoutes: probes,
      }),
    ),
    roles: world.roles.map(
      ({ identityPolicies: _i, unknownIdentity: _u, permissionsBoundary: _b, ...r }) => r,
    ),
  };
}
const ANY_ROUTE: RouteRef[] = [
  { method: 'ANY', path: '/' },
  { method: 'ANY', path: '/{proxy+}' },
];

interface Counterexample {
  req: AnalysisRequest;
  cls: string;
  statements: string;
  /** Allowed only if the witness's own identity policies (unknown to spokegate) allow. */
  ifIdentityAllows: boolean;
}

/** The broadest reported class that holds a request. */
function classOfRequest(who: WhoCan, req: AnalysisRequest): AccessClass | undefined {
  return who.reportedClassesOf(req).sort(broaderFirst)[0];
}

/**
 * Of the requests that break a proof, one in the broadest class (principals first, then routes:
 * see broaderFirst), the first such in the analysis's order: the counterexample to show.
 */
function broadest(who: WhoCan, reqs: AnalysisRequest[]): AnalysisRequest | undefined {
  let best: { req: AnalysisRequest; cls: AccessClass } | undefined;
  for (const req of reqs) {
    const cls = classOfRequest(who, req);
    if (!cls) continue;
    if (!best || broaderFirst(cls, best.cls) < 0) best = { req, cls };
  }
  return best?.req ?? reqs[0];
}

function counterexample(who: WhoCan, req: AnalysisRequest): Counterexample {
  const cls = classOfRequest(who, req);
  return {
    req,
    cls: cls?.description ?? '(unreported class)',
    statements: statementRefs(cls?.statements ?? []),
    ifIdentityAllows: cls?.ifIdentityAllows === true,
  };
}

/** The note of a witness's cell: the witness, and the condition it is allowed under. */
const witnessNote = (c: Counterexample) =>
  `counterexample witness: ${witnessText(c.req)}${c.ifIdentityAllows ? `; allowed only ${IF_IDENTITY_ALLOWS}` : ''}`;

function describe(c: Counterexample): string[] {
  return [`  ${c.cls}`, `    allowed by ${c.statements}`, `    witness: ${witnessText(c.req)}`];
}

/** Every policy of an analysis world. */
function worldPolicies(world: AnalysisWorld): (CompiledPolicy | null | undefined)[] {
  return [
    world.endpoint?.policy,
    ...world.apis.map((a) => a.resourcePolicy),
    ...world.roles.flatMap((r) => r.identityPolicies ?? []),
    ...world.roles.map((r) => r.permissionsBoundary),
    ...Object.values(world.serviceControlPolicies ?? {}).flatMap((levels) => levels.flat()),
  ];
}

/** Record the witness as a cell: predicted; observed when a configured role fits its class. */
async function witnessCell(
  ctx: RunContext,
  who: WhoCan,
  world: AnalysisWorld,
  c: Counterexample,
  scenario: ScenarioRef,
  endpoint: string,
  observe: boolean,
  /** Whether a request breaks the proof (outside the list, or the organization). */
  breaks: (req: AnalysisRequest) => boolean,
): Promise<void> {
  const req = c.req;
  // A witness at another stage than the configured one says so (the cell's path is the stage's).
  const at = world.apis.find((a) => a.alias === req.api)?.stage;
  const onStage = at !== undefined && at !== ctx.api(req.api).stage ? ` on stage "${at}"` : '';
  const target = who.classOf(req);
  let fit: string | undefined;
  // A configured role is called by the run's addressing, so a witness by alias is predicted only;
  // offline nothing is sent: a role that fits is predicted as itself, never "observed".
  const offline = ctx.mode === 'offline';
  const callable = observe && !req.viaAlias;
  if (callable && target && req.principal.kind === 'role') {
    const policies = worldPolicies(world);
    // What the policies can tell apart of the roles and the config does not state (their ids and
    // tags), read now in sandbox and live runs as for a call; what stays unstated is sampled.
    await ctx.readFacts(Object.keys(ctx.config.roles), endpoint, policies);
    for (const [alias, role] of Object.entries(ctx.config.roles)) {
      // A configured user is no role session that could stand for the witness.
      if (role.user) continue;
      const asRole = (facts: RequestFacts): AnalysisRequest => ({
        ...req,
        principal: {
          kind: 'role',
          arn: role.arn,
          sessionName: role.sessionName ?? 'spokegate',
          ...(facts.orgId ? { orgId: facts.orgId } : {}),
          ...(facts.orgPath ? { orgPaths: [facts.orgPath] } : {}),
          ...((facts.tags ?? role.tags) ? { tags: (facts.tags ?? role.tags)! } : {}),
          ...((facts.roleId ?? role.roleId) !== undefined ? { roleId: (facts.roleId ?? role.roleId)! } : {}),
        },
      });
      // It stands for the witness only if it surely is in the class and breaks the proof as the
      // witness does, whatever the config leaves unstated of it (its tags, its organization: a
      // role of an account in no stated organization may be in ours, so no outsider; the role id,
      // which the stand-in need not share): never a role that merely may be.
      if (
        holdsOverUnstated(
          ctx.config,
          ctx.principalOf(alias),
          policies,
          (facts) => who.classOf(asRole(facts)) === target && breaks(asRole(facts)),
        )
      ) {
        fit = alias;
        break;
      }
    }
  } else if (callable && req.principal.kind === 'anonymous') fit = 'anonymous';
  if (fit) {
    // The call's cell is in the matrix from the start (ctx.call records it before sending).
    const draft = await ctx.call(
      {
        role: fit === 'anonymous' ? null : fit,
        api: req.api,
        method: req.method,
        path: req.path,
        endpoint,
        ...scenario,
      },
      'deny',
    );
    draft.cell.note = `${witnessNote(c)}${onStage}; ${offline ? `predicted as ${fit}, which is in the same class; not observable: offline (nothing is sent)` : `observed as ${fit}, which is in the same class`}`;
    Object.assign(
      draft.cell,
      judgeCell('deny', draft.cell.predicted, draft.cell.observed, ctx.matrix.options),
    );
    return;
  }
  const p = req.principal;
  const cell: Cell = {
    role: p.kind === 'anonymous' ? 'anonymous' : p.arn,
    principal: p.kind === 'anonymous' ? 'anonymous' : p.arn,
    api: req.api,
    method: req.method,
    path: req.path,
    endpoint,
    ...scenario,
    expected: 'deny',
    predicted: observe ? toPrediction(decide(world, req)) : endpointAlone(toPrediction(decide(world, req))),
    observed: null,
    verdict: 'fail',
    disagreement: false,
    note: `${witnessNote(c)}${onStage}; not observable: ${observe ? 'no configured role fits its class' : 'the step is about the endpoint policy alone'}`,
  };
  Object.assign(cell, judgeCell('deny', cell.predicted, null, ctx.matrix.options));
  ctx.matrix.add(cell);
}

/**
 * The prediction of a witness of an endpoint-policy step: that world makes every probe a NONE route
 * without a resource or identity policy (endpointOnly), which is no fact about the API: only the
 * endpoint policy's lines are its explanation.
 */
function endpointAlone(p: NonNullable<Cell['predicted']>): NonNullable<Cell['predicted']> {
  return {
    ...p,
    explanation: [
      ...p.explanation.filter((l) => l.startsWith('endpoint policy')),
      'the step is about the endpoint policy alone: the route, the resource policy and the identity policies were not evaluated',
    ],
  };
}

interface ProofInput {
  ctx: RunContext;
  world: AnalysisWorld;
  endpoint: string;
  apis: string[];
  routes?: string[];
  /** The routes the API serves, when known: a request to any other path reaches nothing. */
  served?: Served;
  /** What the proof ranges over, when it is about an API (its served routes, or every path). */
  scope?: string;
  /**
   * Set when the proof is about an API whose routes are not known (why, and the setting to add): it
   * ranges over every path, and a request to a path the API does not serve reaches nothing.
   */
  unrouted?: string;
  /**
   * The config's probes (endpoint proofs): a counterexample on one is shown first (the probes were
   * all these proofs asked until 2026-12-02), and with `unrouted` a request on one is sure.
   */
  probes?: Served;
  /**
   * Set when the proof ranges over more than one stage: its messages name the stage of each request's
   * API (the stage of this run for an API proof).
   */
  stage?: string;
  /** `API\u0000STAGE` of stages that stand for every stage name the policy does not tell apart from them. */
  standIns?: ReadonlySet<string>;
  /** Why a pass is not established: the API's stages are not known, another may exist. */
  stagesUnknown?: string;
  scenario: ScenarioRef;
  observe: boolean;
}

function analyse(p: ProofInput, principals: { accounts: string[]; roleArns: string[] }): WhoCan {
  return whoCan(p.world, {
    apis: p.apis,
    principals,
    ...(p.routes ? { routes: p.routes } : {}),
    paths: p.ctx.config.defaults.probes,
    ...(p.served
      ? {
          served: (_api: string, method: string, path: string) => p.served!.covers(method, path),
          policies: [servedPatterns(p.served.patterns)],
        }
      : {}),
  });
}

/** Every allowed request of the proof's APIs (on a served route, when the routes are known). */
function allowedOf(p: ProofInput, who: WhoCan): AnalysisRequest[] {
  const all = p.apis.flatMap((api) => who.allowedRequests(api));
  return p.served ? all.filter((r) => p.served!.covers(r.method, r.path)) : all;
}

const scopeOf = (p: ProofInput) => (p.scope ? `; ${p.scope}` : '');

/**
 * With the routes unknown, a request that gets through may be to a path the API does not serve
 * (Missing Authentication Token: it reaches nothing). It surely reaches a served route only when a
 * class it is in takes every method and path (a deployed API serves at least one route) exactly.
 */
function onEveryRoute(who: WhoCan, req: AnalysisRequest): boolean {
  return who
    .reportedClassesOf(req)
    .some((c) => !c.approximate && !c.constraints.some((k) => k.dimension === 'route'));
}

/** A proof's analysis over one stage of the API (or the endpoint alone): its allowed requests. */
interface Run {
  p: ProofInput;
  who: WhoCan;
  allowed: AnalysisRequest[];
}

function runsOf(ps: ProofInput[], principals: { accounts: string[]; roleArns: string[] }): Run[] {
  return ps.map((p) => {
    const who = analyse(p, principals);
    return { p, who, allowed: allowedOf(p, who) };
  });
}

const onProbe = (r: Run, req: AnalysisRequest) => r.p.probes?.covers(req.method, req.path) === true;

/**
 * The broadest allowed request `test` takes (see broadest), in the first run that has one: the
 * configured stage first, where a witness can be observed; one on a probe before any other.
 */
function findAllowed(
  runs: Run[],
  test: (r: Run, req: AnalysisRequest) => boolean,
): { r: Run; req: AnalysisRequest } | undefined {
  const first = (t: (r: Run, req: AnalysisRequest) => boolean) => {
    for (const r of runs) {
      const req = broadest(
        r.who,
        r.allowed.filter((q) => t(r, q)),
      );
      if (req) return { r, req };
    }
    return undefined;
  };
  return (
    (runs.some((r) => r.p.probes) ? first((r, q) => test(r, q) && onProbe(r, q)) : undefined) ?? first(test)
  );
}

/**
 * Whether a request the policies allow surely gets through: routes unknown, only one on every route
 * is surely on a served one (see onEveryRoute); on a route whose authorizer decides (CUSTOM,
 * COGNITO_USER_POOLS) or whose authorization type is unknown, the policies only let it reach the
 * authorizer, whose answer spokegate cannot know (docs/scenarios.md): never sure.
 */
const sure = (r: Run, req: AnalysisRequest) =>
  (!r.p.unrouted || onEveryRoute(r.who, req) || onProbe(r, req)) &&
  authorizerOf(r.p.world, req) === undefined &&
  // A signed request on a NONE route that only one reading of its resource policy's caller lets in.
  callerReadingOf(r.p.world, req) === undefined &&
  // A path that only one reading of its resource ARN (as written, normalised: §5c) lets through.
  pathReadingOf(r.p.world, req) === undefined;

/** Why an allowed request is not sure (see sure): its route's authorizer, or the routes unknown. */
function unsureWhy(r: Run, req: AnalysisRequest): string {
  const reading = callerReadingOf(r.p.world, req);
  if (reading) return reading;
  const a = authorizerOf(r.p.world, req);
  if (a) return `the policies let it reach route ${a}, whose answer spokegate cannot know`;
  // On a route surely served, only the reading of its path's resource ARN is left (§5c).
  const path =
    (!r.p.unrouted || onEveryRoute(r.who, req) || onProbe(r, req)) && pathReadingOf(r.p.world, req);
  return path || `${r.p.unrouted ?? 'what the API serves is not known'}; ${NOT_SERVED}`;
}
const NOT_SERVED =
  'a request to a path or stage the API does not serve is answered Missing Authentication Token and reaches nothing';

/** A counterexample's lines, naming its stage when the proof ranges over more than one. */
function describeIn(r: Run, c: Counterexample): string[] {
  const [first, ...rest] = describe(c);
  if (r.p.stage === undefined) return [first!, ...rest];
  const stage = r.p.world.apis.find((a) => a.alias === c.req.api)?.stage ?? r.p.stage;
  const standIn = r.p.standIns?.has(`${c.req.api}\u0000${stage}`)
    ? `, standing for every stage name the endpoint policy does not tell apart from it (apis.${c.req.api}.stages not stated)`
    : '';
  return [`${first!} (on stage "${stage}"${standIn})`, ...rest];
}

/** The error of a proof that over every path (or stage) could not be settled on what the API serves. */
function notEstablished(reasons: string[], what: string, why: string[]): AssertionResult {
  return {
    ok: false,
    error: true,
    message: [
      `${what}: not established: ${[...new Set(reasons)].join('; ')}${why.length ? ', and:' : ''}`,
      ...why,
    ].join('\n'),
  };
}
/** A class outside `whom` that the policies let through but not surely (see sure): its error lines. */
function unsureClassLines(found: { r: Run; req: AnalysisRequest }, whom: string): string[] {
  return [
    callerReadingOf(found.r.p.world, found.req)
      ? `  this class outside ${whom} gets through a NONE route in one reading of whom its resource policy sees:`
      : pathReadingOf(found.r.p.world, found.req)
        ? `  this class outside ${whom} gets through in one reading of its path in the resource ARN:`
        : authorizerOf(found.r.p.world, found.req)
          ? `  this class outside ${whom} gets through the policies to an authorizer:`
          : `  this class outside ${whom} gets through only on some paths:`,
    ...describeIn(found.r, counterexample(found.r.who, found.req)),
  ];
}

/**
 * What still stops a pass with no counterexample: principals left out, or the stages not known.
 * `relevant`: whether an unknown layer may hide a counterexample (all do, unless said).
 */
function notSettled(
  p: ProofInput,
  runs: Run[],
  what: string,
  relevant?: (u: UnknownLayer) => boolean,
): AssertionResult | undefined {
  const out = leftOut(runs, what, [], relevant);
  if (out) return out;
  if (p.stagesUnknown) return notEstablished([`${p.stagesUnknown}; ${NOT_SERVED}`], what, []);
  return undefined;
}

/**
 * Principals the analysis left out (federated users a policy looks at), a layer it does not have,
 * kinds of request its search could not settle: no pass over them, and no "does not get through"
 * (`lines`, when given, say of whom).
 */
function leftOut(
  runs: Run[],
  what: string,
  lines: string[] = [],
  relevant: (u: UnknownLayer) => boolean = () => true,
): AssertionResult | undefined {
  const why = runs.flatMap((r) => r.who.unknown.filter(relevant).map(unknownText));
  return why.length ? notEstablished(why, what, lines) : undefined;
}

/** The list's entries resolved once by the step (listed), before its proof is made. */
async function onlyThese(ps: ProofInput[], list: ListedEntry[], what: string): Promise<AssertionResult> {
  const p = ps[0]!;
  const runs = runsOf(ps, {
    accounts: list.flatMap((l) => (l.p.kind === 'account' ? [l.p.account] : [])),
    roleArns: list.flatMap((l) => (l.arn ? [l.arn] : [])),
  });
  const outsideList = (req: AnalysisRequest) => !list.some((l) => covers(l.p, req));
  const extra = findAllowed(runs, (r, q) => outsideList(q) && sure(r, q));
  const missing = list.filter((l) => !runs.some((r) => r.allowed.some((q) => covers(l.p, q))));
  // Kinds the search left, all of principals (or all of accounts) `among` covers none of: they
  // hide nothing asked here. `inAccount`: whether a principal of the account may be among them.
  const apart =
    (among: (req: AnalysisRequest) => boolean, inAccount: (account: string) => boolean) =>
    (u: UnknownLayer) =>
      !(
        u.layer === 'search' &&
        (u.principals?.every((a) => !among(principalRequest(a))) || u.accounts?.every((a) => !inAccount(a)))
      );
  const accountOf = (l: Listed) => (l.kind === 'anonymous' ? 'anonymous' : l.account);
  // A listed role's unknown identity layer (apiProof sets it aside): decided with identity policies
  // that allow, the most it can get, so it hides no one outside the list, and a listed role not
  // found so gets through nowhere; whether it gets through where found is asked below.
  const roleArn = (alias: string | undefined) => p.world.roles.find((r) => r.alias === alias)?.arn;
  const listedIdentity = (u: UnknownLayer) => {
    const arn = u.layer === 'identity' ? roleArn(u.role) : undefined;
    return arn !== undefined && list.some((l) => covers(l.p, principalRequest(arn)));
  };
  // A listed principal no allowed request was found for may still get through where the answer is
  // unknown (a search that gave up, a layer not known): with no counterexample, not established
  // (until pass 16 it failed, "does not get through", a claim the analysis had not made).
  const unsettled =
    !extra && missing.length
      ? leftOut(
          runs,
          what,
          missing.map((m) => `  ${m.label}: no request of it was found allowed where the answer is known`),
          (u) =>
            !listedIdentity(u) &&
            apart(
              (q) => missing.some((m) => covers(m.p, q)),
              (a) => missing.some((m) => accountOf(m.p) === a),
            )(u),
        )
      : undefined;
  if (unsettled) return unsettled;
  if (!extra && missing.length === 0) {
    const unsureExtra = findAllowed(runs, (_r, q) => outsideList(q));
    const unsure = list.filter((l) => !runs.some((r) => r.allowed.some((q) => covers(l.p, q) && sure(r, q))));
    if (unsureExtra || unsure.length) {
      const why: string[] = [];
      const reasons: string[] = [];
      if (unsureExtra) {
        reasons.push(unsureWhy(unsureExtra.r, unsureExtra.req));
        why.push(...unsureClassLines(unsureExtra, 'the list'));
      }
      for (const u of unsure) {
        const at = runs.flatMap((r) => r.allowed.filter((q) => covers(u.p, q)).map((q) => ({ r, q })));
        const viaAuthorizer = at.find(({ r, q }) => authorizerOf(r.p.world, q) !== undefined);
        const viaReading = at.find(({ r, q }) => callerReadingOf(r.p.world, q) !== undefined);
        const viaPath = at.find(({ r, q }) => pathReadingOf(r.p.world, q) !== undefined);
        if (viaAuthorizer) reasons.push(unsureWhy(viaAuthorizer.r, viaAuthorizer.q));
        else if (viaReading) reasons.push(unsureWhy(viaReading.r, viaReading.q));
        else if (viaPath) reasons.push(unsureWhy(viaPath.r, viaPath.q));
        else reasons.push(...at.slice(0, 1).map(({ r, q }) => unsureWhy(r, q)));
        why.push(
          viaAuthorizer
            ? `  ${u.label} gets through the policies only to routes whose authorizer decides (as ${witnessText(viaAuthorizer.q)})`
            : viaReading
              ? `  ${u.label} gets through only where one reading of whom a NONE route's resource policy sees lets it in (as ${witnessText(viaReading.q)})`
              : viaPath
                ? `  ${u.label} gets through only in one reading of a path in its resource ARN (as ${witnessText(viaPath.q)})`
                : `  ${u.label} gets through only on some paths: whether the API serves one is not known`,
        );
      }
      return notEstablished(reasons, what, why);
    }
    // A listed role whose identity policies are not known, found only where they would allow (another
    // account's API, a resource policy naming the account): whether it gets through is theirs.
    const identityOnly = list.flatMap((l) => {
      const role = p.world.roles.find((r) => r.arn === l.arn && r.unknownIdentity);
      if (!role) return [];
      const at = runs.flatMap((r) => r.allowed.filter((q) => covers(l.p, q)).map((q) => ({ r, q })));
      const without = at.some(
        ({ r, q }) => decide(r.p.world, q, { unknownIdentity: 'silent' }).decision === 'allow',
      );
      return without ? [] : [{ l, role, q: at[0]!.q }];
    });
    if (identityOnly.length)
      return notEstablished(
        identityOnly.map(({ role }) =>
          unknownText({ layer: 'identity', role: role.alias, why: role.unknownIdentity! }),
        ),
        what,
        identityOnly.map(
          ({ l, q }) =>
            `  ${l.label}: gets through only if its identity policies (not known to spokegate) allow (as ${witnessText(q)})`,
        ),
      );
    // A kind of a listed principal cannot be a principal outside the list (all were found allowed).
    const unsettled = notSettled(
      p,
      runs,
      what,
      (u) =>
        !listedIdentity(u) &&
        apart(outsideList, (a) => !list.some((l) => l.p.kind !== 'role' && accountOf(l.p) === a))(u),
    );
    if (unsettled) return unsettled;
    return {
      ok: true,
      message: `${what}: exactly ${list.map((l) => l.label).join(', ')} (proven over every principal${scopeOf(p)})`,
    };
  }
  const lines = [`${what}: not exactly the listed principals (proven over every principal${scopeOf(p)}):`];
  if (extra) {
    const c = counterexample(extra.r.who, extra.req);
    lines.push('also gets through:', ...describeIn(extra.r, c));
    const q = extra.r.p;
    await witnessCell(q.ctx, extra.r.who, q.world, c, q.scenario, q.endpoint, q.observe, outsideList);
    // Only a witness carrying an organization id got through by it: its account may be in that one.
    const org = extra.req.principal.kind !== 'anonymous' ? extra.req.principal.orgId : undefined;
    if (org) lines.push(...unstatedOrganization(q.world, extra.req, `in ${org}`));
  }
  for (const m of missing) lines.push(`does not get through: ${m.label} (no request of it is allowed)`);
  return { ok: false, message: lines.join('\n') };
}

async function noneOutside(ps: ProofInput[], what: string): Promise<AssertionResult> {
  const p = ps[0]!;
  const org = p.ctx.config.organization;
  if (!org)
    return {
      ok: false,
      message: `${what}: the config states no organization (organization.id), so who is outside it is not known`,
    };
  const runs = runsOf(ps, { accounts: [], roleArns: [] });
  const outside = (req: AnalysisRequest) =>
    req.principal.kind === 'anonymous' || req.principal.orgId !== org.id;
  const hit = findAllowed(runs, (r, q) => outside(q) && sure(r, q));
  if (!hit) {
    const unsure = findAllowed(runs, (_r, q) => outside(q));
    if (unsure)
      return notEstablished([unsureWhy(unsure.r, unsure.req)], what, unsureClassLines(unsure, org.id));
    // Kinds the search left whose principals are all in the organization cannot be outside it, nor
    // can a configured role of a member account whose identity policies are not known.
    const unsettled = notSettled(
      p,
      runs,
      what,
      (u) =>
        !(u.layer === 'search' && u.organizations?.every((o) => o === org.id)) &&
        !(u.layer === 'identity' && u.role !== undefined && memberRole(p.world, u.role, org.id)),
    );
    if (unsettled) return unsettled;
    return {
      ok: true,
      message: `${what}: nobody outside ${org.id} (proven over every principal${scopeOf(p)})`,
    };
  }
  const q = hit.r.p;
  const c = counterexample(hit.r.who, hit.req);
  await witnessCell(q.ctx, hit.r.who, q.world, c, q.scenario, q.endpoint, q.observe, outside);
  const lines = [
    `${what}: a principal outside ${org.id} gets through:`,
    ...describeIn(hit.r, c),
    ...unstatedOrganization(q.world, hit.req, 'outside'),
  ];
  return { ok: false, message: lines.join('\n') };
}

/** Whether the configured role `alias` is of an account the config states in organization `org`. */
function memberRole(world: AnalysisWorld, alias: string, org: string): boolean {
  const account = arnAccount(world.roles.find((r) => r.alias === alias)?.arn ?? '');
  return account !== undefined && statedOrganization(world, account) === org;
}

/**
 * A proof fails closed on a witness whose account's organization the config does not state (it may
 * be `where`): the line that names the account and how to state it, if so (issue 10).
 */
function unstatedOrganization(world: AnalysisWorld, req: AnalysisRequest, where: string): string[] {
  const account = req.principal.kind !== 'anonymous' ? arnAccount(req.principal.arn) : undefined;
  if (!account || statedOrganization(world, account) !== undefined) return [];
  return [
    `    the organization of account ${account} is not stated, so it may be ${where}: ${organizationHint(account)}`,
  ];
}

async function endpointProof(
  ctx: RunContext,
  endpointAlias: string | undefined,
  scenario: ScenarioRef,
): Promise<ProofInput[]> {
  const endpoint = ctx.endpointAlias(endpointAlias);
  const probes = ctx.config.defaults.probes;
  const read = await analysisWorld(ctx, endpoint, undefined, { endpointOnly: true });
  // An interface endpoint reaches only its own region's APIs (docs/aws-behaviour.md §1c): a request
  // to another region's API never passes it, whatever its policy says.
  const region = ctx.config.endpoints[endpoint]!.region ?? ctx.config.region;
  const world = endpointOnly({ ...read, apis: read.apis.filter((a) => a.region === region) }, probes);
  if (world.apis.length === 0)
    throw new InputError(
      `no configured API is in ${region}, the region of endpoint "${endpoint}": an interface endpoint reaches only its own region's APIs, so the proof has no request to judge (apis.ALIAS.region)`,
    );
  // Every route each API serves beside the probes: a request the endpoint lets through to any of
  // them passes it (until 2026-12-02 the probes alone were asked, so an endpoint open to outsiders
  // on one other route passed "no principal outside … can pass").
  const probeRoutes = probes.map(parseRouteSpec);
  const policy = world.endpoint?.policy;
  const slots = await Promise.all(world.apis.map((a) => stageSlots(ctx, a, policy)));
  const runs = Math.max(1, ...slots.map((g) => g.length));
  const standIns = new Set(
    world.apis.flatMap((a, j) => slots[j]!.filter((g) => g.standIn).map((g) => `${a.alias}\u0000${g.stage}`)),
  );
  const inputs: ProofInput[] = [];
  for (let i = 0; i < runs; i++) {
    // Run i takes each API's i-th slot (an API with fewer keeps its first), with that stage's routes
    // as NONE routes (the endpoint alone decides) beside the probes, or any path when not known.
    const at: AnalysisWorld = {
      ...world,
      apis: world.apis.map((a, j) => {
        const g = slots[j]![i] ?? slots[j]![0]!;
        const routes = g.k.routes ? [...probeRoutes, ...g.k.routes] : ANY_ROUTE;
        return { ...a, stage: g.stage, routes: routes.map((r) => ({ ...r, authorizationType: 'NONE' })) };
      }),
    };
    for (const [j, a] of at.apis.entries()) {
      const g = slots[j]![i];
      if (!g) continue;
      const served = g.k.routes
        ? servedRoutes(
            at,
            a.alias,
            [...probeRoutes, ...g.k.routes],
            `${g.k.source ?? 'known routes'} and defaults.probes`,
          )
        : undefined;
      inputs.push({
        ctx,
        world: at,
        endpoint,
        apis: [a.alias],
        scenario,
        observe: false,
        ...(served ? { served } : { unrouted: g.unrouted }),
        probes: servedRoutes(at, a.alias, probeRoutes, 'defaults.probes'),
        ...(runs > 1 ? { stage: a.stage, standIns } : {}),
      });
    }
  }
  return inputs;
}

/** One stage an endpoint proof decides an API at: the routes it serves, for the stages it stands for. */
interface StageSlot {
  stage: string;
  standIn: boolean;
  k: RouteKnowledge;
  /** Why its routes are not known (a proof over it goes over every path). */
  unrouted: string;
}

/**
 * The stages of an API an endpoint proof decides it at, the configured one first: its stages (apis.X
 * .stages offline, GetStages in sandbox/live; else the configured one and a stand-in for each other
 * region of stage names) grouped as the endpoint policy tells them apart (the stage is in the
 * resource ARN it matches), each group split again by the routes its stages serve: each stage's own
 * (stageRoutes.STAGE offline, its deployment in sandbox/live; until 2026-12-02 the configured
 * stage's stood for every stage). A stand-in's routes are not known.
 */
async function stageSlots(
  ctx: RunContext,
  a: AnalysisWorld['apis'][number],
  policy: CompiledPolicy | null | undefined,
): Promise<StageSlot[]> {
  const k = await ctx.routes.of(a.alias);
  // Stages not stated and the configured stage's routes known: a stand-in stage of unknown routes
  // even where the policy tells no stages apart (until 2026-12-03 there was none then, so a hub open
  // to outsiders on a path the configured stage does not serve passed, though another may serve it).
  const groups = stageGroups(
    { stage: a.stage, stages: k.stages },
    `arn:${partitionOfRegion(a.region)}:execute-api:${a.region}:${a.account}:${a.id}`,
    policy ? [policy] : [],
    k.routes !== undefined,
  );
  const unknown = (stage: string, why: string | undefined) =>
    `the routes of API "${a.alias}"${stage === a.stage ? '' : ` at stage "${stage}"`} are unknown (${why ?? 'not stated'}: state them in apis.${a.alias}.${stage === a.stage ? 'routes' : `stageRoutes.${stage}`})`;
  const out: StageSlot[] = [];
  for (const g of groups) {
    if (g.standIn) {
      const why = `stage "${g.stage}" stands for stage names the config does not state (apis.${a.alias}.stages)`;
      out.push({ stage: g.stage, standIn: true, k: { unknown: why }, unrouted: unknown(g.stage, why) });
      continue;
    }
    const byStage = new Map(
      await Promise.all(g.stages.map(async (s) => [s, await ctx.routes.ofStage(a.alias, s)] as const)),
    );
    for (const [stage] of splitByRoutes(g.stages, (s) => JSON.stringify(byStage.get(s)!.routes ?? null))) {
      const ks = byStage.get(stage!)!;
      out.push({ stage: stage!, standIn: false, k: ks, unrouted: unknown(stage!, ks.unknown) });
    }
  }
  return out;
}

async function apiProof(
  ctx: RunContext,
  api: string,
  endpointAlias: string | undefined,
  scenario: ScenarioRef,
  /**
   * The configured roles whose identity layers cannot break the proof (an organization's members for
   * one about its outsiders, listed roles for "only these"): not known, they are decided as any
   * principal's (the analysis's stand-ins) and said as an `identity` unknown, not an error.
   */
  setAside: (world: AnalysisWorld, role: AnalysisWorld['roles'][number]) => boolean = () => false,
): Promise<ProofInput[]> {
  ctx.api(api);
  const endpoint = ctx.endpointAlias(endpointAlias);
  const world = await analysisWorld(ctx, endpoint, [api]);
  // A proof over a layer spokegate does not have is no proof: an error naming what is missing.
  const unknown = [
    ...world.apis.flatMap((a) => (a.unknownResource ? [a.unknownResource] : [])),
    ...world.roles.flatMap((r) => (r.unknownIdentity && !setAside(world, r) ? [r.unknownIdentity] : [])),
  ];
  if (unknown.length) throw new InfraError(unknown.join('; '));
  // What the API serves (the stage's deployment in sandbox/live, apis.ALIAS.routes offline): a
  // request to another path is answered Missing Authentication Token, it reaches nothing. Without
  // known routes the proof is over every path (an over-statement) and says so.
  const k = await ctx.routes.of(api);
  const served = k.routes ? servedRoutes(world, api, k.routes, k.source ?? 'known routes') : undefined;
  const unrouted = served
    ? undefined
    : `the routes of API "${api}" are unknown (${k.unknown ?? 'not stated'}: state them in apis.${api}.routes)`;
  // The API is every stage of it: a request to another stage reaches it too. Each other stage is
  // proven over the routes it serves (its own deployment in sandbox/live, as who-can reads it; the
  // stated routes offline), or over every path when they are not known; stages not known may hide
  // another one, so nothing passes on them (docs/scenarios.md).
  const stage = ctx.api(api).stage;
  const others = await Promise.all(
    (k.stages ?? [])
      .filter((s) => s !== stage)
      .map(async (s): Promise<ProofInput> => {
        const at = await stageWorld(ctx, world, world.apis[0]!, s);
        const ks = await ctx.routes.ofStage(api, s);
        const servedAt = ks.routes
          ? servedRoutes(at, api, ks.routes, ks.source ?? `the routes of stage "${s}"`)
          : undefined;
        return {
          ctx,
          world: at,
          endpoint,
          apis: [api],
          scenario,
          // A call is made to the configured stage: a witness on another one is predicted only.
          observe: false,
          stage: s,
          ...(servedAt
            ? { served: servedAt }
            : {
                unrouted: `the routes of stage "${s}" of API "${api}" are unknown (${ks.unknown ?? 'not stated'})`,
              }),
        };
      }),
  );
  const stageScope = (p: { stage?: string; served?: Served }, s: string) =>
    `stage "${s}" ${p.served ? p.served.scope : 'over every path, served or not'}`;
  const scope = [
    others.length
      ? stageScope(served ? { served } : {}, stage)
      : served
        ? served.scope
        : 'over every path, served or not',
    ...others.map((o) => stageScope(o, o.stage!)),
  ].join('; ');
  const first: ProofInput = {
    ctx,
    world,
    endpoint,
    apis: [api],
    scenario,
    observe: true,
    scope,
    ...(served ? { served } : { unrouted }),
    ...(others.length ? { stage } : {}),
    ...(k.stages
      ? {}
      : {
          stagesUnknown: `the stages of API "${api}" are not known (state them in apis.${api}.stages): another stage than "${stage}" may let principals reach it`,
        }),
  };
  return [first, ...others];
}

/** `the endpoint policy lets through only:` — over every principal, for the config's probes. */
export async function letsThroughOnly(
  ctx: RunContext,
  endpoint: string | undefined,
  expected: string[],
  scenario: string | ScenarioRef = '',
): Promise<AssertionResult> {
  const list = expected.map((e) => listed(ctx, e));
  return onlyThese(
    await endpointProof(ctx, endpoint, scenarioRef(scenario)),
    list,
    'the endpoint policy lets through',
  );
}

/** `no principal outside the organization can pass the endpoint` — over every principal, for the probes. */
export async function noOutsiderPasses(
  ctx: RunContext,
  endpoint: string | undefined,
  scenario: string | ScenarioRef = '',
): Promise<AssertionResult> {
  return noneOutside(
    await endpointProof(ctx, endpoint, scenarioRef(scenario)),
    'the endpoint policy lets through',
  );
}

/** `only these principals can reach "API" through "ENDPOINT":` — every principal, method and path. */
export async function onlyTheseCanReach(
  ctx: RunContext,
  api: string,
  endpoint: string | undefined,
  expected: string[],
  scenario: string | ScenarioRef = '',
): Promise<AssertionResult> {
  // A listed role's identity policies apply to its own sessions alone, all in the list: not known,
  // they cannot let an unlisted principal through (onlyThese asks whether the role gets through).
  const list = expected.map((e) => listed(ctx, e));
  return onlyThese(
    await apiProof(ctx, api, endpoint, scenarioRef(scenario), (_w, r) =>
      list.some((l) => covers(l.p, principalRequest(r.arn))),
    ),
    list,
    `who can reach "${api}"`,
  );
}

/** `no principal outside the organization can reach "API"` — every principal, method and path. */
export async function noOutsiderReaches(
  ctx: RunContext,
  api: string,
  endpoint: string | undefined,
  scenario: string | ScenarioRef = '',
): Promise<AssertionResult> {
  const org = ctx.config.organization?.id;
  return noneOutside(
    await apiProof(ctx, api, endpoint, scenarioRef(scenario), (w, r) =>
      org === undefined ? false : memberRole(w, r.alias, org),
    ),
    `who can reach "${api}"`,
  );
}
