// Issue 10: spokegate audited as an auditor would. test/fixtures/auditor/ is a world of two endpoints
// in different VPCs (and a third, narrow one), three spokes (one in another organization, one whose
// organization the config does not state), eleven roles (paths, one role under two session names,
// one assumed only with another role's session: role chaining),
// NotPrincipal, shorthand resources, aws:PrincipalOrgID, aws:SourceVpce, ArnLike aws:PrincipalArn on
// a path, aws:userid session names, an assumed-role ARN in aws:PrincipalArn (it never matches) and
// explicit denies. Every cell and every scenario's outcome below is derived by hand from the
// policies (the reasoning is in the comments), then compared with what spokegate says: in sandbox
// mode (the built command, one process: the wire and the layer the answer names) and offline
// (in process, the same library calls the step definitions make).
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { parseFeature } from '../../src/harness/features.js';
import { vocabulary as v } from '../../src/harness/vocabulary.js';
import { expectOutcome, expectStatus, parseMatrixTable, runMatrix } from '../../src/harness/scenario.js';
import {
  letsThroughOnly,
  noOutsiderPasses,
  noOutsiderReaches,
  onlyTheseCanReach,
} from '../../src/harness/proofs.js';
import { noFindingsAtOrAbove, type AssertionResult } from '../../src/harness/assertions.js';
import type { Layer } from '../../src/policy/index.js';
import { ROOT, readMatrix, spokegate } from '../harness/helpers.js';
import { cellsOf, placeOf } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor');
const CONFIG = join(DIR, 'spokegate.config.yaml');
const FEATURES = ['matrix.feature', 'calls.feature', 'proofs.feature'].map((f) => join(DIR, f));

// ---------------------------------------------------------------------------------------------
// The hand-derived truth.
//
// Config: organization o-aud1tor0rg = {111111111111, 222222222222}; 333333333333 in o-0ther0rg99;
// 444444444444 stated nowhere (the world puts it in o-aud1tor0rg: that is what the wire shows).
// hub (runner VPC, private DNS): [0] our organization on */prod/*; [1] PartnerRole GET on 333's
// APIs; [2] anyone GET /health; [3] Deny aws:userid like *:alice; [4] Deny NotPrincipal {111,
// BreakGlass, its session breakglass} on */admin/* (only BreakGlass's breakglass session is spared);
// [5] Deny aws:userid like AROAGATEWAYROLE00001:* (GatewayRole's sessions, not the chained one's).
// edge (other VPC: endpoint-host): [0] ArnLike aws:PrincipalArn role/ops/* of 111 (a path; `*`
// spans '/', so ops/oncall/PagerRole too); [1] o-0ther0rg99 on 333's APIs; [2] account 444 (its
// roles, users, root); [3] aws:userid like AROADEPLOYROLE000001:ci-* on 222's GET; [4] Deny DELETE;
// [5] the chained session assumed-role/ChainedRole/chained on 444's GET; [6] ArnEquals
// aws:PrincipalArn role/GatewayRole.
// lab (no private DNS): [0] OpsRole and LedgerRole by ARN; [1] ArnLike aws:PrincipalArn
// arn:aws:sts::…:assumed-role/BreakGlass/* — aws:PrincipalArn of a session is the role ARN, so never;
// [2] the chained session assumed-role/ChainedRole/chained on 444's APIs.
// ledger (222): [0] organization on execute-api:/*; [1] PartnerRole on execute-api:/prod/GET/*;
// [2] anyone GET /health; [3] Deny unless aws:SourceVpce = hub; [4] Deny ReaderRole POST/DELETE;
// [5] Deny NotPrincipal {111, OpsRole + session, BreakGlass + session} on admin.
// partner (333): [0] o-0ther0rg99; [1] account 111 on GET (delegates: identity must allow); [2]
// anyone GET /health; [3] Deny ArnLike aws:PrincipalArn role/ci/* of 111; [4] Deny ArnLike
// aws:PrincipalArn assumed-role/OpsRole/* (never matches); [5] Deny ArnEquals aws:PrincipalArn
// role/GatewayRole.
// vault (444): [0] organization o-aud1tor0rg; [1] Deny NotPrincipal {444, VaultRole + session} on PUT.
// Identity: invoke-all but ReaderRole (GET only), LedgerRole (all but an explicit Deny of DELETE) and
// GatewayRole (sts:AssumeRole of ChainedRole only). ChainedRole's trust names GatewayRole alone.
// ---------------------------------------------------------------------------------------------

type D = 'allow' | `deny:${Layer}`;
/**
 * Offline (the config's knowledge): `decision` unknown (444's organization decides, or whom the
 * resource policy of a NONE route sees: docs/aws-behaviour.md §5d), `layer` unknown.
 */
type Offline = 'decision' | 'layer';
interface Truth {
  d: D;
  offline?: Offline;
}

const A = (): Truth => ({ d: 'allow' });
const E = (): Truth => ({ d: 'deny:endpoint' });
const R = (): Truth => ({ d: 'deny:resource' });
const I = (): Truth => ({ d: 'deny:identity' });
const unknownOffline = (t: Truth, offline: Offline): Truth => ({ ...t, offline });

/** Matrix cells: scenario → role → API → truth. */
const MATRICES: Record<
  string,
  { method: string; path: string; endpoint: string; rows: Record<string, Record<string, Truth>> }
> = {
  'GET / through the hub': {
    method: 'GET',
    path: '/',
    endpoint: 'hub',
    rows: {
      // partner: hub[0]; partner[1] delegates to 111, but partner[3] denies role/ci/* explicitly.
      DeployCI: { ledger: A(), partner: R(), vault: A() },
      // hub[3]: AROADEPLOYROLE000001:alice is like *:alice.
      DeployAlice: { ledger: E(), partner: E(), vault: E() },
      OpsRole: { ledger: A(), partner: A(), vault: A() },
      OpsNested: { ledger: A(), partner: A(), vault: A() },
      // its identity policy allows */GET/*, and GET / is .../prod/GET/.
      ReaderRole: { ledger: A(), partner: A(), vault: A() },
      BreakGlass: { ledger: A(), partner: A(), vault: A() },
      // partner: 222 is in neither partner[0] nor partner[1]: no statement allows (cross account).
      LedgerRole: { ledger: A(), partner: R(), vault: A() },
      // hub[0] needs our organization; hub[1] only 333's APIs.
      PartnerRole: { ledger: E(), partner: A(), vault: E() },
      // the wire: 444 is ours. Offline: ours → allowed, another/none → hub refuses (unknown); on
      // partner: denied either way, by partner's policy (ours) or the hub (not ours): layer unknown.
      VaultRole: {
        ledger: unknownOffline(A(), 'decision'),
        partner: unknownOffline(R(), 'layer'),
        vault: unknownOffline(A(), 'decision'),
      },
      anonymous: { ledger: E(), partner: E(), vault: E() },
    },
  },
  'GET / through the edge endpoint': {
    method: 'GET',
    path: '/',
    endpoint: 'edge',
    rows: {
      // ledger: edge[3] lets the ci- session in, ledger[3] refuses anything not through the hub.
      DeployCI: { ledger: R(), partner: E(), vault: E() },
      DeployAlice: { ledger: E(), partner: E(), vault: E() },
      OpsRole: { ledger: R(), partner: A(), vault: A() },
      OpsNested: { ledger: R(), partner: A(), vault: A() },
      ReaderRole: { ledger: E(), partner: E(), vault: E() },
      BreakGlass: { ledger: E(), partner: E(), vault: E() },
      LedgerRole: { ledger: E(), partner: E(), vault: E() },
      PartnerRole: { ledger: E(), partner: A(), vault: E() },
      // ledger: ledger[3] denies whatever the organization. partner: in o-0ther0rg99 partner[0]
      // would allow, so offline it is unknown. vault: same account, its identity policy allows.
      VaultRole: { ledger: R(), partner: unknownOffline(R(), 'decision'), vault: A() },
      anonymous: { ledger: E(), partner: E(), vault: E() },
    },
  },
  'GET / through the lab endpoint': {
    method: 'GET',
    path: '/',
    endpoint: 'lab',
    rows: {
      OpsRole: { ledger: R(), partner: A(), vault: A() },
      LedgerRole: { ledger: R(), partner: R(), vault: A() },
      BreakGlass: { ledger: E(), partner: E(), vault: E() },
      VaultRole: { ledger: E(), partner: E(), vault: E() },
      PartnerRole: { ledger: E(), partner: E(), vault: E() },
      // lab[2] names the chained session (assumed-role/ChainedRole/chained) on 444's APIs only.
      ChainedRole: { ledger: E(), partner: E(), vault: A() },
      anonymous: { ledger: E(), partner: E(), vault: E() },
    },
  },
  'GET /health through the hub': {
    method: 'GET',
    path: '/health',
    endpoint: 'hub',
    rows: {
      // NONE: no identity layer; partner[3] still denies role/ci/* if the resource policy sees the
      // signer (the sandbox's default reading); seen as anonymous, the call gets through (as the
      // anonymous row): offline the prediction is unknown.
      DeployCI: { ledger: A(), partner: unknownOffline(R(), 'decision') },
      DeployAlice: { ledger: E(), partner: E() },
      OpsRole: { ledger: A(), partner: A() },
      PartnerRole: { ledger: A(), partner: A() },
      VaultRole: { ledger: A(), partner: A() },
      anonymous: { ledger: A(), partner: A() },
    },
  },
  // Role chaining: ChainedRole's trust names only GatewayRole, so its session comes from a
  // GatewayRole session. AWS: the chained session is ChainedRole's own (aws:PrincipalArn its role
  // ARN, aws:userid AROACHAINEDROLE00001:chained, ARN assumed-role/ChainedRole/chained); nothing of
  // GatewayRole's session remains but transitive session tags and a source identity, and spokegate
  // sets neither (docs/aws-behaviour.md §10).
  'a chained session through the hub': {
    method: 'GET',
    path: '/',
    endpoint: 'hub',
    rows: {
      // hub[5]: aws:userid like AROAGATEWAYROLE00001:* (the intermediate role's sessions).
      GatewayRole: { ledger: E(), partner: E(), vault: E() },
      // hub[0] (111 is ours); ledger[0], vault[0] our organization; partner[1] delegates to 111 and
      // its identity policy allows; partner[5] denies GatewayRole's aws:PrincipalArn, not this one.
      ChainedRole: { ledger: A(), partner: A(), vault: A() },
    },
  },
  'a chained session through the edge endpoint': {
    method: 'GET',
    path: '/',
    endpoint: 'edge',
    rows: {
      // edge[6] (aws:PrincipalArn GatewayRole) lets it through; ledger[3] refuses edge, partner[5]
      // refuses GatewayRole explicitly; vault[0] allows 111 but its identity policy allows only
      // sts:AssumeRole (cross account: both must allow).
      GatewayRole: { ledger: R(), partner: R(), vault: I() },
      // edge[5] names the chained session on 444's GET routes only; edge[6] is GatewayRole's ARN.
      ChainedRole: { ledger: E(), partner: E(), vault: A() },
    },
  },
};

interface CallTruth extends Truth {
  role: string;
  api: string;
  method: string;
  path: string;
  endpoint: string;
}
const call = (
  role: string,
  method: string,
  path: string,
  api: string,
  endpoint: string,
  t: Truth,
): CallTruth => ({
  role,
  method,
  path,
  api,
  endpoint,
  ...t,
});
/** Single-call scenarios (C01…): the call's truth. */
const CALLS: Record<string, CallTruth> = {
  C01: call('DeployCI', 'GET', '/entries', 'ledger', 'edge', R()),
  C02: call('DeployCI', 'GET', '/quotes', 'partner', 'hub', R()),
  C03: call('DeployAlice', 'GET', '/entries', 'ledger', 'hub', E()),
  // hub[4]: OpsRole's session is not BreakGlass's: the NotPrincipal Deny applies.
  C04: call('OpsRole', 'GET', '/admin/users', 'ledger', 'hub', E()),
  // hub[4] and ledger[5] name the account, the role and the session: spared.
  C05: call('BreakGlass', 'GET', '/admin/users', 'ledger', 'hub', A()),
  C06: call('OpsRole', 'POST', '/admin/users', 'ledger', 'edge', R()),
  C07: call('OpsNested', 'DELETE', '/admin/users/1', 'ledger', 'hub', E()),
  C08: call('ReaderRole', 'POST', '/entries', 'ledger', 'hub', R()),
  // same account: ledger[0] allows, but an explicit Deny in its identity policy wins.
  C09: call('LedgerRole', 'DELETE', '/entries/7', 'ledger', 'hub', I()),
  C10: call('LedgerRole', 'DELETE', '/entries/7', 'ledger', 'edge', E()),
  C11: call('PartnerRole', 'POST', '/quotes', 'partner', 'hub', E()),
  C12: call('PartnerRole', 'POST', '/quotes', 'partner', 'edge', A()),
  // same account: allowed by its identity policy whatever its organization; vault[1] spares it.
  C13: call('VaultRole', 'PUT', '/secrets/k', 'vault', 'edge', A()),
  C14: call('OpsRole', 'PUT', '/secrets/k', 'vault', 'edge', R()),
  C15: call('anonymous', 'GET', '/health', 'ledger', 'hub', A()),
  C16: call('anonymous', 'GET', '/health', 'ledger', 'edge', E()),
  // the endpoint policy is checked before the method's AWS_IAM (no Missing Authentication Token).
  C17: call('anonymous', 'GET', '/entries', 'ledger', 'hub', E()),
  C18: call('PartnerRole', 'GET', '/health', 'ledger', 'hub', A()),
  C19: call('VaultRole', 'GET', '/', 'partner', 'hub', unknownOffline(R(), 'layer')),
  C20: call('VaultRole', 'GET', '/', 'partner', 'hub', unknownOffline(R(), 'layer')),
  C21: call('VaultRole', 'GET', '/', 'partner', 'hub', unknownOffline(R(), 'layer')),
  C22: call('VaultRole', 'GET', '/entries', 'ledger', 'hub', unknownOffline(A(), 'decision')),
  C23: call('DeployCI', 'GET', '/quotes', 'partner', 'edge', E()),
  C24: call('BreakGlass', 'GET', '/', 'vault', 'lab', E()),
  C25: call('OpsNested', 'GET', '/secrets/k', 'vault', 'edge', A()),
  C26: call('OpsRole', 'GET', '/quotes', 'partner', 'hub', A()),
  // edge[5] names the chained session; vault[0] (111 is ours); its identity policy allows.
  C27: call('ChainedRole', 'GET', '/secrets/k', 'vault', 'edge', A()),
  C28: call('GatewayRole', 'GET', '/quotes', 'partner', 'edge', R()),
  // partner[5] denies GatewayRole's aws:PrincipalArn: the chained session's is its own role's.
  C29: call('ChainedRole', 'GET', '/quotes', 'partner', 'hub', A()),
  C30: call('GatewayRole', 'GET', '/entries', 'ledger', 'hub', E()),
};

type Status = 'passed' | 'failed' | 'error';
/** Each scenario's outcome: [sandbox, offline]. */
const SCENARIOS: Record<string, [Status, Status]> = {
  'GET / through the hub': ['passed', 'error'],
  'GET / through the edge endpoint': ['passed', 'error'],
  'GET / through the lab endpoint': ['passed', 'passed'],
  // Offline: DeployCI on partner's NONE route depends on whom its resource policy sees.
  'GET /health through the hub': ['passed', 'error'],
  'a chained session through the hub': ['passed', 'passed'],
  'a chained session through the edge endpoint': ['passed', 'passed'],
  ...Object.fromEntries(Object.keys(CALLS).map((k) => [k, ['passed', 'passed'] as [Status, Status]])),
  // "denied by the resource policy": true on the wire; offline which layer denies depends on 444's
  // organization, so it is not established.
  C20: ['passed', 'error'],
  // "denied by the endpoint policy": false on the wire (the resource policy decided); offline not
  // established either — never a pass.
  C21: ['failed', 'error'],
  C22: ['passed', 'error'],
  // lab names two roles of the organization and the chained session, nobody else.
  P01: ['passed', 'passed'],
  P02: ['passed', 'passed'],
  // PartnerRole (333, o-0ther0rg99) passes hub[1] for GET / on partner.
  P03: ['failed', 'failed'],
  // o-0ther0rg99 passes edge[1]; 444's organization is not stated.
  P04: ['failed', 'failed'],
  // any principal of the organization, in any account, passes hub[0].
  P05: ['failed', 'failed'],
  // ledger[3] refuses everything through edge.
  P06: ['passed', 'passed'],
  // anyone reaches GET /health (hub[2], ledger[2]): any signed principal, anonymous too.
  P07: ['failed', 'failed'],
  // vault serves GET /, GET /secrets/{name}, PUT /secrets/{name}: through the hub only hub[0] (our
  // organization) lets a principal through to them. hub[2] lets anyone through to GET /health,
  // which vault does not serve (Missing Authentication Token): nobody outside reaches vault.
  P08: ['passed', 'passed'],
  // all three reach GET routes (vault[0]); PUT is denied them by vault[1].
  P09: ['passed', 'passed'],
  // ledger[3]: LedgerRole gets through nowhere.
  P10: ['failed', 'failed'],
  // any other role/ops/* of 111 reaches GET routes; 444's principals reach GET /health.
  P11: ['failed', 'failed'],
  // 444's principals pass edge[2]; its organization is not stated: fail closed, naming it.
  P12: ['failed', 'failed'],
  P13: ['passed', 'passed'],
  // lab[2] lets the chained session through (not listed); GatewayRole gets through nowhere.
  P14: ['failed', 'failed'],
  // the chained session reaches vault's GET routes through lab[2].
  P15: ['failed', 'failed'],
};
/** What a failed proof must say (its counterexample). */
const PROOF_MESSAGES: Record<string, RegExp> = {
  P03: /PartnerRole/,
  P04: /organization of account 444444444444 is not stated[^]*organizations:/,
  P05: /organization is "o-aud1tor0rg"/,
  P07: /GET \/health on ledger/,
  P10: /does not get through: LedgerRole/,
  P11: /gets through/,
  P12: /organization of account 444444444444 is not stated[^]*organizations:/,
  P14: /ChainedRole[^]*chained/,
  P15: /ChainedRole[^]*chained/,
};

const scenarioKey = (name: string) => /^([CP]\d\d) /.exec(name)?.[1] ?? name;

/** Every cell a scenario makes, with its truth (witness cells of failed proofs are checked apart). */
function truthCells(): (Omit<CallTruth, keyof Truth> & { scenario: string; t: Truth })[] {
  const out = [];
  for (const [scenario, m] of Object.entries(MATRICES))
    for (const [role, row] of Object.entries(m.rows))
      for (const [api, t] of Object.entries(row))
        out.push({ scenario, role, api, method: m.method, path: m.path, endpoint: m.endpoint, t });
  for (const [k, c] of Object.entries(CALLS)) out.push({ scenario: k, ...c, t: c });
  return out;
}
const TRUTH = truthCells();

/** Those of a report's `cells` that are the truth's cell `c` (one, when the report is right). */
const cellsOfTruth = (cells: readonly any[], c: (typeof TRUTH)[number]): any[] =>
  cellsOf(
    cells.map((x) => ({ ...x, scenario: scenarioKey(x.scenario) })),
    c,
  );

function wireDecision(cell: any): D | undefined {
  const o = cell.observed;
  if (o?.outcome === 'allowed') return 'allow';
  if (o?.outcome === 'denied' && o.layer && o.layerSource === 'wire') return `deny:${o.layer}` as D;
  return undefined;
}

describe('the auditor world in sandbox mode (the built command, once)', () => {
  let doc: any;
  let code: number | null;
  let stderr = '';
  beforeAll(() => {
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-auditor-'));
    const r = spokegate(['run', ...FEATURES, '--config', CONFIG, '--reports', reports], { cwd: ROOT });
    code = r.code;
    stderr = r.stderr;
    doc = readMatrix(reports);
  });

  it('every cell the scenarios make is what the hand-derived truth says, on the wire', () => {
    const wrong: string[] = [];
    for (const c of TRUTH) {
      const cells = cellsOfTruth(doc.cells, c);
      const got = cells.map(wireDecision);
      if (cells.length !== 1 || got[0] !== c.t.d)
        wrong.push(`${placeOf(c)}: truth ${c.t.d}, spokegate ${got.join(',') || 'no cell'}`);
      // The prediction never contradicts the wire, and says unknown only where the config lacks a fact.
      else if (cells[0].disagreement) wrong.push(`${c.scenario}: ${c.role} on ${c.api}: a disagreement`);
    }
    expect(wrong).toEqual([]);
  });

  it('every scenario passes or fails as the truth says, and the run says FAIL (exit 1)', () => {
    const got = Object.fromEntries(doc.scenarios.map((s: any) => [scenarioKey(s.name), s.status]));
    const want = Object.fromEntries(Object.entries(SCENARIOS).map(([k, [sandbox]]) => [k, sandbox]));
    expect(got).toEqual(want);
    expect(code, stderr).toBe(1);
    expect(doc.summary.verdict).toBe('fail');
    expect(doc.summary.disagreements).toBe(0);
  });

  it('every call went through the endpoint its step names (the sandbox says which)', () => {
    const through = doc.cells.filter((c: any) => c.observed && c.observed.reason === 'wrong-endpoint');
    expect(through).toEqual([]);
    expect(doc.cells.filter((c: any) => c.observed?.outcome === 'error')).toEqual([]);
  });

  it('a failed proof names its counterexample, and a witness observed on the wire really gets through', () => {
    for (const [k, re] of Object.entries(PROOF_MESSAGES)) expect(stderr, k).toMatch(re);
    const witnesses = doc.cells.filter((c: any) => /counterexample witness/.test(c.note ?? ''));
    expect(witnesses.length).toBeGreaterThan(0);
    for (const w of witnesses) if (w.observed) expect(w.observed.outcome, w.scenario).toBe('allowed');
  });
});

// ---------------------------------------------------------------------------------------------
// Offline, in process: each step of the features through the library calls its step definition makes.

interface StepOutcome {
  status: Status;
  message: string;
}

async function runStep(
  ctx: RunContext,
  scenario: string,
  text: string,
  rows: string[][],
  last: { draft?: any },
): Promise<AssertionResult | undefined> {
  let m: RegExpExecArray | null;
  if ((m = v.roleCalls.pattern.exec(text))) {
    const [, role, method, path, api, endpoint] = m;
    last.draft = await ctx.call({ role: role!, api: api!, method: method!, path: path!, endpoint, scenario });
    return undefined;
  }
  if ((m = v.anonymousCalls.pattern.exec(text))) {
    const [, method, path, api, endpoint] = m;
    last.draft = await ctx.call({ role: null, api: api!, method: method!, path: path!, endpoint, scenario });
    return undefined;
  }
  if (v.callAllowed.pattern.test(text)) return expectOutcome(last.draft, 'allow');
  if ((m = v.callDenied.pattern.exec(text)))
    return expectOutcome(last.draft, 'deny', m[1] as Layer | undefined);
  if ((m = v.responseStatus.pattern.exec(text))) return expectStatus(last.draft, Number(m[1]));
  if ((m = v.accessMatrix.pattern.exec(text))) {
    const [, method, path, endpoint] = m;
    return (
      await runMatrix(ctx, { method: method!, path: path!, endpoint, scenario }, parseMatrixTable(rows))
    ).result;
  }
  const list = rows.map((r) => r[0]!.trim());
  if ((m = v.letsThroughOnly.pattern.exec(text))) return letsThroughOnly(ctx, m[1], list, scenario);
  if ((m = v.noOutsider.pattern.exec(text))) return noOutsiderPasses(ctx, m[1], scenario);
  if ((m = v.onlyTheseCanReach.pattern.exec(text)))
    return onlyTheseCanReach(ctx, m[1]!, m[2], list, scenario);
  if ((m = v.noOutsiderReaches.pattern.exec(text))) return noOutsiderReaches(ctx, m[1]!, m[2], scenario);
  if ((m = v.noFindings.pattern.exec(text))) return noFindingsAtOrAbove(ctx, m[1], m[2] as 'error');
  throw new Error(`no step for: ${text}`);
}

describe('the auditor world offline (in process)', () => {
  let ctx: RunContext;
  const outcomes = new Map<string, StepOutcome>();
  beforeAll(async () => {
    ctx = await RunContext.create({ mode: 'offline', config: loadConfig(CONFIG), env: {} });
    for (const file of FEATURES) {
      const doc = parseFeature(file, readFileSync(file, 'utf8'));
      for (const child of doc.feature!.children) {
        const sc = child.scenario!;
        const last: { draft?: any } = {};
        let outcome: StepOutcome = { status: 'passed', message: '' };
        for (const step of sc.steps) {
          const rows = step.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? [];
          let r: AssertionResult | undefined;
          try {
            r = await runStep(ctx, sc.name, step.text, rows, last);
          } catch (e) {
            r = { ok: false, error: true, message: (e as Error).message };
          }
          if (r && !r.ok) {
            outcome = { status: r.error ? 'error' : 'failed', message: r.message };
            break;
          }
        }
        outcomes.set(scenarioKey(sc.name), outcome);
      }
    }
  });

  it('every prediction is the truth, or unknown exactly where the config does not state 444’s organization', () => {
    const wrong: string[] = [];
    for (const c of TRUTH) {
      const cells = cellsOfTruth(ctx.matrix.cells, c);
      const p = cells[0]?.predicted;
      const got =
        cells.length !== 1 || !p
          ? 'no cell'
          : p.decision === 'unknown'
            ? 'unknown'
            : p.decision === 'allow'
              ? 'allow'
              : p.layer
                ? `deny:${p.layer}`
                : 'deny:?';
      const want = c.t.offline === 'decision' ? 'unknown' : c.t.offline === 'layer' ? 'deny:?' : c.t.d;
      if (got !== want) wrong.push(`${placeOf(c)}: truth ${want}, spokegate ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every scenario passes, fails or is an error as the truth says: nothing unestablished passes', () => {
    const got = Object.fromEntries([...outcomes].map(([k, o]) => [k, o.status]));
    const want = Object.fromEntries(Object.entries(SCENARIOS).map(([k, [, offline]]) => [k, offline]));
    expect(got).toEqual(want);
    for (const [k, re] of Object.entries(PROOF_MESSAGES)) expect(outcomes.get(k)!.message, k).toMatch(re);
  });
});

describe('offline with --endpoint-policy edge=FILE (item 5): only that endpoint’s policy is replaced', () => {
  it('calls through edge are decided by the file, calls through hub by hub’s own policy', async () => {
    const lab = join(DIR, 'policies', 'lab-endpoint.json');
    const ctx = await RunContext.create({
      mode: 'offline',
      config: loadConfig(CONFIG),
      env: {},
      endpointPolicyFiles: { edge: lab },
    });
    const predict = async (c: CallTruth) =>
      (await ctx.call({ ...c, role: c.role === 'anonymous' ? null : c.role, scenario: 'x' })).cell.predicted;
    // lab's policy names OpsRole and LedgerRole only: DeployCI stops at the endpoint now, LedgerRole
    // passes it and meets ledger's aws:SourceVpce guard.
    expect(await predict(CALLS.C01!)).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    expect(await predict(CALLS.C10!)).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(await predict(CALLS.C12!)).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    // hub keeps its own policy: alice's session is still refused there, break glass still passes.
    expect(await predict(CALLS.C03!)).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    expect(await predict(CALLS.C05!)).toMatchObject({ decision: 'allow' });
    expect((await ctx.endpointPolicy('edge')).source).toBe(lab);
    expect((await ctx.endpointPolicy('hub')).source).toMatch(/hub-endpoint\.json$/);
  });
});
