// Scenarios as proofs: "only these principals can reach", "no principal outside the organization",
// answered over every principal and request context with src/analysis, not by trying a sample.
// A failing proof names the counterexample class and its witness, and the witness becomes a cell of
// the report: predicted, and observed too when a configured role fits the class.
import { statementRefs } from '../policy/index.js';
import {
  decide,
  whoCan,
  witnessText,
  type AnalysisRequest,
  type AnalysisWorld,
  type WhoCan,
} from '../analysis/index.js';
import { statedOrganization } from '../analysis/space.js';
import { InfraError, InputError } from '../errors.js';
import { arnAccount, isAccountId, parseRoleArn } from '../identifiers/index.js';
import { organizationHint } from '../predict/index.js';
import { judgeCell, type Cell } from '../matrix/index.js';
import type { AssertionResult } from './assertions.js';
import type { RunContext } from './context.js';
import { toPrediction } from './cells.js';
import { analysisWorld } from './who-can.js';

/** A listed principal: a role (by account and name), a whole account, or anonymous. */
type Listed =
  | { kind: 'anonymous' }
  | { kind: 'role'; account: string; name: string }
  | { kind: 'account'; account: string };

function listed(ctx: RunContext, entry: string): { label: string; p: Listed; arn?: string } {
  if (entry === 'anonymous') return { label: entry, p: { kind: 'anonymous' } };
  if (isAccountId(entry)) return { label: entry, p: { kind: 'account', account: entry } };
  const arn = ctx.config.roles[entry]?.arn ?? entry;
  const role = parseRoleArn(arn);
  if (!role)
    throw new InputError(`"${entry}" is not a role alias, a role ARN, an account id or anonymous`, {
      file: ctx.config.file,
      field: 'roles',
    });
  return { label: entry, p: { kind: 'role', account: role.account, name: role.name }, arn };
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

/** The world with the endpoint policy alone: every probe is a NONE route, no API or identity policy. */
function endpointOnly(world: AnalysisWorld, probes: string[]): AnalysisWorld {
  return {
    ...world,
    apis: world.apis.map(({ resourcePolicy: _r, unknownResource: _u, acceptedEndpoints: _a, ...api }) => ({
      ...api,
      noneRoutes: probes,
    })),
    roles: world.roles.map(({ identityPolicies: _i, unknownIdentity: _u, ...r }) => r),
  };
}

interface Counterexample {
  req: AnalysisRequest;
  cls: string;
  statements: string;
}

function counterexample(who: WhoCan, req: AnalysisRequest): Counterexample {
  const cls = who.reportedClassesOf(req)[0];
  return {
    req,
    cls: cls?.description ?? '(unreported class)',
    statements: statementRefs(cls?.statements ?? []),
  };
}

function describe(c: Counterexample): string[] {
  return [`  ${c.cls}`, `    allowed by ${c.statements}`, `    witness: ${witnessText(c.req)}`];
}

/** Record the witness as a cell: predicted; observed when a configured role fits its class. */
async function witnessCell(
  ctx: RunContext,
  who: WhoCan,
  world: AnalysisWorld,
  c: Counterexample,
  scenario: string,
  endpoint: string,
  observe: boolean,
): Promise<void> {
  const req = c.req;
  const target = who.classOf(req);
  let fit: string | undefined;
  // A configured role is called by the run's addressing, so a witness by alias is predicted only.
  const callable = observe && !req.viaAlias;
  if (callable && req.principal.kind === 'role') {
    for (const [alias, role] of Object.entries(ctx.config.roles)) {
      const principal = ctx.principalOf(alias);
      const roleReq: AnalysisRequest = {
        ...req,
        principal: {
          kind: 'role',
          arn: role.arn,
          sessionName: role.sessionName ?? 'spokegate',
          ...(ctx.orgIdOf(principal) ? { orgId: ctx.orgIdOf(principal)! } : {}),
          ...(role.tags ? { tags: role.tags } : {}),
        },
      };
      if (target && who.classOf(roleReq) === target) {
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
        scenario,
      },
      'deny',
    );
    draft.cell.note = `counterexample witness: ${witnessText(req)}; observed as ${fit}, which is in the same class`;
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
    scenario,
    expected: 'deny',
    predicted: toPrediction(decide(world, req)),
    observed: null,
    verdict: 'fail',
    disagreement: false,
    note: `counterexample witness: ${witnessText(req)}; not observable: ${observe ? 'no configured role fits its class' : 'the step is about the endpoint policy alone'}`,
  };
  Object.assign(cell, judgeCell('deny', cell.predicted, null, ctx.matrix.options));
  ctx.matrix.add(cell);
}

interface ProofInput {
  ctx: RunContext;
  world: AnalysisWorld;
  endpoint: string;
  apis: string[];
  routes?: string[];
  scenario: string;
  observe: boolean;
}

function analyse(p: ProofInput, principals: { accounts: string[]; roleArns: string[] }): WhoCan {
  return whoCan(p.world, {
    apis: p.apis,
    principals,
    ...(p.routes ? { routes: p.routes } : {}),
    paths: p.ctx.config.defaults.probes,
  });
}

async function onlyThese(p: ProofInput, entries: string[], what: string): Promise<AssertionResult> {
  const list = entries.map((e) => listed(p.ctx, e));
  const who = analyse(p, {
    accounts: list.flatMap((l) => (l.p.kind === 'account' ? [l.p.account] : [])),
    roleArns: list.flatMap((l) => (l.arn ? [l.arn] : [])),
  });
  const allowed = p.apis.flatMap((api) => who.allowedRequests(api));
  const extra = allowed.find((req) => !list.some((l) => covers(l.p, req)));
  const missing = list.filter((l) => !allowed.some((req) => covers(l.p, req)));
  if (!extra && missing.length === 0)
    return { ok: true, message: `${what}: exactly ${entries.join(', ')} (proven over every principal)` };
  const lines = [`${what}: not exactly the listed principals (proven over every principal):`];
  if (extra) {
    const c = counterexample(who, extra);
    lines.push('also gets through:', ...describe(c));
    await witnessCell(p.ctx, who, p.world, c, p.scenario, p.endpoint, p.observe);
  }
  for (const m of missing) lines.push(`does not get through: ${m.label} (no request of it is allowed)`);
  return { ok: false, message: lines.join('\n') };
}

async function noneOutside(p: ProofInput, what: string): Promise<AssertionResult> {
  const org = p.ctx.config.organization;
  if (!org)
    return {
      ok: false,
      message: `${what}: the config states no organization (organization.id), so who is outside it is not known`,
    };
  const who = analyse(p, { accounts: [], roleArns: [] });
  const outside = (req: AnalysisRequest) =>
    req.principal.kind === 'anonymous' || req.principal.orgId !== org.id;
  const hit = p.apis.flatMap((api) => who.allowedRequests(api)).find(outside);
  if (!hit) return { ok: true, message: `${what}: nobody outside ${org.id} (proven over every principal)` };
  const c = counterexample(who, hit);
  await witnessCell(p.ctx, who, p.world, c, p.scenario, p.endpoint, p.observe);
  const lines = [`${what}: a principal outside ${org.id} gets through:`, ...describe(c)];
  // An account whose organization the config does not state may be outside it: say how to state it.
  const account = hit.principal.kind !== 'anonymous' ? arnAccount(hit.principal.arn) : undefined;
  if (account && statedOrganization(p.world, account) === undefined)
    lines.push(
      `    the organization of account ${account} is not stated, so it may be outside: ${organizationHint(account)}`,
    );
  return { ok: false, message: lines.join('\n') };
}

async function endpointProof(
  ctx: RunContext,
  endpointAlias: string | undefined,
  scenario: string,
): Promise<ProofInput> {
  const endpoint = ctx.endpointAlias(endpointAlias);
  const probes = ctx.config.defaults.probes;
  const world = endpointOnly(await analysisWorld(ctx, endpoint, undefined, { endpointOnly: true }), probes);
  return {
    ctx,
    world,
    endpoint,
    apis: Object.keys(ctx.config.apis),
    routes: probes,
    scenario,
    observe: false,
  };
}

async function apiProof(
  ctx: RunContext,
  api: string,
  endpointAlias: string | undefined,
  scenario: string,
): Promise<ProofInput> {
  ctx.api(api);
  const endpoint = ctx.endpointAlias(endpointAlias);
  const world = await analysisWorld(ctx, endpoint, [api]);
  // A proof over a layer spokegate does not have is no proof: an error naming what is missing.
  const unknown = [
    ...world.apis.flatMap((a) => (a.unknownResource ? [a.unknownResource] : [])),
    ...world.roles.flatMap((r) => (r.unknownIdentity ? [r.unknownIdentity] : [])),
  ];
  if (unknown.length) throw new InfraError(unknown.join('; '));
  return { ctx, world, endpoint, apis: [api], scenario, observe: true };
}

/** `the endpoint policy lets through only:` — over every principal, for the config's probes. */
export async function letsThroughOnly(
  ctx: RunContext,
  endpoint: string | undefined,
  expected: string[],
  scenario = '',
): Promise<AssertionResult> {
  return onlyThese(
    await endpointProof(ctx, endpoint, scenario),
    expected,
    'the endpoint policy lets through',
  );
}

/** `no principal outside the organization can pass the endpoint` — over every principal, for the probes. */
export async function noOutsiderPasses(
  ctx: RunContext,
  endpoint: string | undefined,
  scenario = '',
): Promise<AssertionResult> {
  return noneOutside(await endpointProof(ctx, endpoint, scenario), 'the endpoint policy lets through');
}

/** `only these principals can reach "API" through "ENDPOINT":` — every principal, method and path. */
export async function onlyTheseCanReach(
  ctx: RunContext,
  api: string,
  endpoint: string | undefined,
  expected: string[],
  scenario = '',
): Promise<AssertionResult> {
  return onlyThese(await apiProof(ctx, api, endpoint, scenario), expected, `who can reach "${api}"`);
}

/** `no principal outside the organization can reach "API"` — every principal, method and path. */
export async function noOutsiderReaches(
  ctx: RunContext,
  api: string,
  endpoint: string | undefined,
  scenario = '',
): Promise<AssertionResult> {
  return noneOutside(await apiProof(ctx, api, endpoint, scenario), `who can reach "${api}"`);
}
