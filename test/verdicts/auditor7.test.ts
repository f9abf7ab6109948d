// Issue 10 (lane A, thirteenth pass): a seventh auditor's world (test/fixtures/auditor7), unlike the
// first six: identity policies written with NotAction and NotResource; aws:PrincipalAccount in a
// resource policy's Principal "*" grant and in an endpoint policy's Deny; one API with two stages
// whose resource-policy grants differ (`execute-api:/prod/*` to two accounts, `/test/*` to a tag),
// called through two config aliases; a Deny with StringNotEquals aws:SourceVpce over a list; a Deny
// with Bool aws:PrincipalIsAWSService false, which an anonymous caller (no such key) escapes; a
// NotPrincipal Deny naming an account, a role with a path and its session; ArnLike / ArnNotLike
// aws:PrincipalArn with wildcards across role paths; policy variables in resources
// (${aws:PrincipalTag/team} in a resource and an identity policy, ${aws:username}, which no role
// session has); a role ARN as an endpoint policy's Principal; a role assumed by another role's session
// (Nightly via Writer); an MFA-only grant no role session can use (an outsider's MFA session can); a
// spoke in another organization. Every cell, scenario and proof is derived by hand from the world's
// policies FIRST and then compared with spokegate in each run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../harness/helpers.js';
import * as kit from './auditor-world.js';
import { R, U, auditorTruth, compareTruth, predictionOf, stepCells, truthChecks } from './auditor-truth.js';
import type { D, Status, TruthCell } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor7');
const CONFIG = join(DIR, 'spokegate.config.yaml');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §2, §3, §5d, §8, §13, "Authorization outcome rules";
// IAM User Guide: reference_policies_evaluation-logic (same account: the resource policy OR the
// identity policy; cross account: both), reference_policies_elements_notaction and _notresource,
// reference_policies_elements_notprincipal (a role session is spared only when the account, the role
// and the session ARN are all named), reference_policies_variables ("If the key isn't present in the
// request context … the policy element … doesn't match": aws:username is not present for a role
// session), reference_policies_condition-keys (aws:PrincipalIsAWSService and aws:PrincipalAccount
// are present only in signed requests; aws:MultiFactorAuthPresent is false for a session assumed
// without MFA; aws:SourceVpce is the endpoint a request came through)).
//
// Organization o-seventh7org = {810 hub (OU platform), 820 apps (OU apps)}, stated complete; 830
// partner is in o-partner7org. Roles (tags; identity): Operator = 810:role/platform/ops/Operator
// session ops {team platform}, NotAction [ManageConnections, InvalidateCache] on * (Invoke allowed);
// Deployer = 810:role/Deployer {platform}, Invoke *; Reader = 820:role/apps/Reader {ledger}, Invoke
// NotResource [*/*/DELETE/*, */test/*]; Writer = 820:role/Writer {ledger}, Invoke *; Nightly =
// 820:role/apps/batch/Nightly {batch}, assumed with Writer's session, Invoke on */*/GET/ and
// */*/GET/teams/${aws:PrincipalTag/team}; Partner = 830:role/ext/Reader {atlas}, Invoke *; Bot =
// 830:role/Bot (no tags), Invoke */*/GET/*.
//
// hub (vpc-07a7…, the runner's VPC, private DNS, the default): H1 aws:PrincipalOrgID o-seventh7org;
// H2 anyone (anonymous included) on 830's GETs; H3 Deny DELETE unless aws:PrincipalAccount 810
// (StringNotEquals: true for an anonymous caller too).
// side (vpc-07c7…, its own DNS name): X1 everything; X2 Deny Principal Bot's role ARN (every session).
// ledger (820; stages prod and test, both GET /, GET /entries, POST /entries, DELETE /entries/{id};
// alias ledger calls prod, ledger-test calls test): L1 Principal "*" when aws:PrincipalAccount is 810
// or 820 on /prod/* (a direct grant: enough alone in 820, 810 needs its identity policy); L2 830's root
// on /test/GET/* (never reached: neither endpoint lets 830 through to ledger but side, which L3
// refuses); L3 Deny when aws:SourceVpce is neither hub nor a retired endpoint (every call through
// side); L4 Deny DELETE when ArnNotLike aws:PrincipalArn arn:aws:iam::*:role/*/ops/* (Operator's
// platform/ops path matches); L5 tag team=ledger on /test/* (Reader and Writer, in 820: enough alone,
// Reader's NotResource notwithstanding).
// core (810, v1: GET /, GET /config, PUT /config): K1 810's and 820's roots (delegates) on /v1/*; K2
// Deny PUT NotPrincipal [810 root, Operator's role ARN, its session ops]; K3 anyone on GET /config
// when aws:MultiFactorAuthPresent is true (no role session here has it).
// atlas (830, live: GET /, GET /teams/{team}, GET /users/{user}, NONE GET /status): A1 anyone in
// either organization on GET /teams/${aws:PrincipalTag/team}; A2 anyone on GET
// /users/${aws:username}; A3 ArnLike aws:PrincipalArn arn:aws:iam::*:role/ext/* on everything; A4 Deny
// when Bool aws:PrincipalIsAWSService false and aws:SourceVpce is not hub's (a signed call through
// side; an anonymous caller has no aws:PrincipalIsAWSService: not denied); A5 anyone on GET /status.
// ---------------------------------------------------------------------------------------------

const { cells: CELLS, proofs: PROOFS } = auditorTruth('auditor7');

// A signed call to a NONE route: whom the resource policy sees there is not established (§5d). As the
// signer, A4 refuses it (through side); as an anonymous caller, A4 does not apply and A5 allows. The
// world plays "signer": refused by the resource policy; spokegate cannot settle it: unknown.
const N1 = 'N1 a signed call to a NONE route through side: the Deny sees the signer, or nobody';
const N1_CELL = {
  scenario: N1,
  role: 'Partner',
  api: 'atlas',
  method: 'GET',
  path: '/status',
  endpoint: 'side',
  d: R,
  sandbox: U,
};

CELLS.push(N1_CELL);

/** Offline, nothing is sent: a call predicted unknown is an error. */
const { compare, expected } = truthChecks(
  { cells: CELLS, proofs: PROOFS, notPassed: {} },
  { offlineErrors: [N1] },
);

/** `--endpoint-policy`/`--resource-policy` for each alias from the files `hub`, `side`, … name. */
const FILES = (dir: string, f: Record<'hub' | 'side' | 'ledger' | 'core' | 'atlas', string>) => [
  ...['hub', 'side'].flatMap((e) => ['--endpoint-policy', `${e}=${join(dir, f[e as 'hub'])}`]),
  ...(['ledger', 'ledger-test', 'core', 'atlas'] as const).flatMap((a) => [
    '--resource-policy',
    `${a}=${join(dir, f[a === 'ledger-test' ? 'ledger' : a])}`,
  ]),
];
const MODES: kit.AuditorRunMode[] = [
  { name: 'sandbox', mode: 'sandbox' },
  { name: 'offline', mode: 'offline' },
  {
    // An aws_vpc_endpoint_policy beside the endpoint's own (equal) policy; an
    // aws_api_gateway_rest_api_policy in the short form beside an API whose policy is "".
    name: 'offline from a Terraform plan',
    mode: 'offline',
    args: (dir) =>
      FILES(dir, {
        hub: 'plan.json',
        side: 'plan.json',
        ledger: 'plan.json',
        core: 'plan.json',
        atlas: 'plan.json',
      }),
  },
  {
    // One template per account: `${AWS::AccountId}` in a NotPrincipal list and a condition, parameter
    // Defaults in a Principal and a SourceVpce list, `${!aws:PrincipalTag/team}` kept by Fn::Sub.
    name: 'offline from CloudFormation templates',
    mode: 'offline',
    args: (dir) =>
      FILES(dir, {
        hub: 'cfn-hub.yaml',
        side: 'cfn-hub.yaml',
        ledger: 'cfn-apps.yaml',
        core: 'cfn-hub.yaml',
        atlas: 'cfn-partner.yaml',
      }),
  },
];

kit.describeAuditorModes(
  'the seventh auditor world in %s',
  'auditor7',
  { compare, expected, disagreements: 0 },
  undefined,
  MODES,
);

kit.describeAddressing(
  'the seventh auditor world’s routing',
  'auditor7',
  'hub (the runner’s VPC) by private DNS, side (its own VPC, private DNS there) by its own DNS name',
  { hub: 'private-dns', side: 'endpoint-host' },
);

// The same world with service control policies stated in the config (offline: the sandbox world cannot
// state SCPs yet). Organizations' SCP evaluation (IAM User Guide reference_policies_evaluation-logic,
// "policy-eval-denyallow"; Organizations orgs_manage_policies_scps_evaluation): at every level of an
// account's path (root, each OU, the account) some attached SCP must allow, and a Deny at any level
// denies; an SCP limits the member account's principals only (830 is in another organization), and
// its refusal comes before any resource-policy grant, even one naming the caller directly.
// r-7a7a: FullAWSAccess; ou platform (810): FullAWSAccess; 810 itself: an allow list of GET and PUT
// invokes (a DELETE by any 810 principal is refused: nothing at that level allows it); ou apps (820):
// FullAWSAccess and a Deny of every POST; 820: FullAWSAccess.
const SCP_CHANGES: Record<string, D> = {
  // Otherwise allowed (L4 spares Operator's ops path): 810's allow list has no DELETE.
  C01: 'deny:scp',
  // Otherwise allowed by L1 / L5, direct grants in 820: the apps OU's Deny comes first.
  C04: 'deny:scp',
  C05: 'deny:scp',
  // Otherwise refused by the resource policy saying nothing (an implicit deny); the SCP level that
  // allows nothing is evaluated before it.
  C37: 'deny:scp',
};
// Unchanged, as the truth says: C02 (Deployer DELETE: L4's explicit Deny, named before an SCP that
// only does not allow), C03/C26/C36 (the endpoint policy refuses first), the GETs and PUTs.
const SCP_CELLS: TruthCell[] = CELLS.map((t) => {
  const d = SCP_CHANGES[t.scenario.slice(0, 3)];
  return d ? { ...t, d } : t;
});

const SCPS = {
  attached: {
    'r-7a7a': ['scps/full-access.json'],
    'ou-7a7a-11111111': ['scps/full-access.json'],
    'ou-7a7a-22222222': ['scps/full-access.json', 'scps/apps-no-post.json'],
    '810000000001': ['scps/platform-allow-list.json'],
    '820000000002': ['scps/full-access.json'],
  },
};

describe.each(['sandbox', 'offline'] as const)(
  'the seventh auditor world with service control policies in %s mode',
  (mode) => {
    let doc: any;
    let code: number | null;
    beforeAll(async () => {
      const dir = kit.copyAuditorWorld(`auditor7-scp-${mode}`, 'auditor7');
      // The config and the world state the same SCPs (the sandbox enforces them: 1291dbf).
      for (const name of ['spokegate.config.yaml', 'world.yaml']) {
        const file = join(dir, name);
        const yaml = parseYaml(readFileSync(file, 'utf8'));
        yaml.serviceControlPolicies = SCPS;
        writeFileSync(file, stringifyYaml(yaml));
      }
      const file = join(dir, 'spokegate.config.yaml');
      const features = ['matrix.feature', 'calls.feature', 'proofs.feature'].map((f) => join(dir, f));
      ({ doc, code } = await kit.runReported(`auditor7-scp-${mode}`, [
        ...features,
        '--config',
        file,
        '--mode',
        mode,
        '--root',
        dir,
      ]));
    });

    it('every cell is the hand-derived truth: the four an SCP refuses are denied by the service control policy (observed and predicted)', () => {
      expect(compareTruth(stepCells(doc), SCP_CELLS, mode, (t) => predictionOf(t, mode))).toEqual([]);
    });

    it('the scenarios that expected those calls allowed (or refused by the resource policy) fail, and the verdict says so', () => {
      const notPassed = Object.fromEntries(
        SCP_CELLS.filter((t) => SCP_CHANGES[t.scenario.slice(0, 3)]).map((t) => [
          t.scenario,
          ['failed', 'failed'] as [Status, Status],
        ]),
      );
      const got = kit.statusesBy<Status>(doc, (name) => name.slice(0, 3));
      const column = mode === 'sandbox' ? 0 : 1;
      expect(got).toEqual(
        truthChecks({ cells: CELLS, proofs: PROOFS, notPassed }, { offlineErrors: [N1] }).expected(column),
      );
      // An error outweighs a failure: P01 and P05 are errors in every mode since pass 21 (truth.yaml).
      expect(code).toBe(3);
    });
  },
);

// plan-side-change.json drops side's X2 (the Deny of Bot's role), nothing else. By hand: Bot's
// configured cells stay refused (ledger: L3; core: K1 does not name 830; atlas: A4 refuses a signed
// call through side), so no cell changes; over every principal, Bot may now read core's /config
// with an MFA session (K3, and its own identity policy: cross account), and on atlas's NONE route
// /status it is refused by A4 if the resource policy sees the signer, let in by A5 if it sees an
// anonymous caller (§5d): access that may be new. Until 2026-12-02 diff's classes took the signer's
// reading alone on NONE routes, and the atlas class was missing (the cells had both readings).
describe('the seventh auditor world’s change to side as a diff', () => {
  it('no cell changes; Bot’s MFA reads of core are new access, and its reads of atlas’s NONE /status may be', async () => {
    const r = await kit.diffJson(CONFIG, '--plan', join(DIR, 'plan-side-change.json'));
    expect(r.code, r.stderr).toBe(1);
    const out = r.json();
    expect(out.changes).toEqual([]);
    // Atlas's kinds of request the search could not settle (Nightly's, see the who-can tests below)
    // are one more class on each endpoint, unknown before and after (since 2026-12-02).
    const unsearched = out.classes.filter((c: any) => /could not be searched/.test(c.description));
    expect(
      unsearched.every((c: any) => c.api === 'atlas' && c.before === 'unknown' && c.after === 'unknown'),
    ).toBe(true);
    const classes = out.classes
      .filter((c: any) => !unsearched.includes(c))
      .map(
        (c: any) =>
          `${c.api} ${c.endpoint} ${c.before} -> ${c.after}: ${c.witness.principal.arn} ${c.witness.method} ${c.witness.path}`,
      );
    const bot = 'arn:aws:iam::830000000003:role/Bot';
    expect(classes.sort()).toEqual(
      [
        `atlas side deny -> unknown: ${bot} GET /status`,
        `core side deny -> allow: ${bot} GET /config`,
        // The trailing slash: K3's resource names /config, so the two readings of the ARN differ (§5c).
        `core side deny -> unknown: ${bot} GET /config/`,
      ].sort(),
    );
    const mfa = out.classes.find((c: any) => c.api === 'core' && c.after === 'allow');
    expect(mfa.witness.principal.mfa).toBe(true);
  });
});

// who-can over every principal, by hand: through side, atlas lets an anonymous caller read the NONE
// route /status outright (A4 needs aws:PrincipalIsAWSService, which an unsigned call lacks; A5), every
// signed caller but Bot's role only if the resource policy sees an anonymous caller there (§5d), and
// nothing else (A4 refuses every signed call through side on the AWS_IAM routes); X2 keeps every
// session of 830's role/Bot out. Through side, core lets an outsider in only with MFA (K3).
describe('the seventh auditor world’s who-can', () => {
  const whoCan = async (api: string, endpoint: string) => {
    const r = await kit.whoCanJson(CONFIG, api, endpoint);
    const out = JSON.parse(r.stdout) as {
      classes: any[];
      unknown: { layer: string; api: string; why: string }[];
    };
    // atlas's A1 `…/GET/teams/${aws:PrincipalTag/team}` over GET /teams/{team}: a tag may hold a
    // spelling, so the template's two readings of a spelled path differ, which who-can does not
    // search apart yet: a role of 820000000002 tagged team=x on GET /teams/%78 (or //teams/x,
    // /teams/x/) through hub is allowed by decide() and was in a denied class, exit 0 (pass 21,
    // lane A3; docs/aws-behaviour.md §55). Now unknown, exit 3, naming the template.
    if (api === 'atlas') {
      expect(out.unknown.map((u) => [u.layer, u.why.slice(0, 34)])).toEqual([
        ['search', 'paths written another way (`//`, `'],
      ]);
      expect(r.code, r.stderr).toBe(3);
      return out.classes;
    }
    // Since 2026-12-02 kinds of request the search for policy variables could not settle are said
    // (exit 3). Until pass 17 there were 8 of Nightly's here, its identity policy's
    // `*/*/GET/teams/${aws:PrincipalTag/team}` matching where atlas's own `…/live/GET/teams/${…}`
    // does not, which only a path whose team segment holds an encoded `/` does; the search now
    // builds such requests (docs/aws-behaviour.md §50): nothing is unknown.
    expect(out.unknown).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    return out.classes;
  };

  // 1 of 1 failed before (exit 3: 8 kinds of request could not be searched).
  it('atlas through hub: every kind searched; a class reached only through an encoded "/" says its reading', async () => {
    const classes = await whoCan('atlas', 'hub');
    const decoded = classes.filter((c) => c.witness.arnReading === 'decoded');
    for (const c of decoded)
      expect(c.witness.path, c.description).toMatch(/^\/(teams|users)\/[^/]*%2F[^/]*$/);
  });

  it('atlas through side: anonymous reads /status; signed callers only on its caller reading; never 830’s Bot', async () => {
    // GET /status/ reaches the same NONE method; A5 names /status exactly, so there its resource ARN
    // read as written escapes A5 and normalised is A5's (docs/aws-behaviour.md §5c): classes allowed in
    // that reading alone (since 2026-12-02; before, who-can never asked a trailing slash).
    const classes = await whoCan('atlas', 'side');
    const onePath = (c: any) => (c.ifPathReading ? '/status/' : '/status');
    expect(classes.every((c) => c.witness.method === 'GET' && c.witness.path === onePath(c))).toBe(true);
    const anonymous = classes.filter((c) => c.witness.principal.kind === 'anonymous' && !c.ifPathReading);
    expect(anonymous.map((c) => c.ifCallerReading)).toEqual([undefined]);
    for (const c of classes.filter((x) => x.witness.principal.kind !== 'anonymous')) {
      expect(c.ifCallerReading ?? c.ifPathReading, c.description).toBeDefined();
      expect(c.witness.principal.arn).not.toBe('arn:aws:iam::830000000003:role/Bot');
    }
  });

  it('core through side: an outsider gets in only with an MFA session (K3), on GET /config', async () => {
    const ours = /^arn:aws:(iam|sts)::8[12]0000000/;
    const outsiders = (await whoCan('core', 'side')).filter((c) => !ours.test(c.witness.principal.arn ?? ''));
    expect(outsiders.length).toBeGreaterThan(0);
    for (const c of outsiders) {
      expect(c.witness.principal.mfa, c.description).toBe(true);
      // GET /config/: K3 names /config exactly, so it lets the outsider in normalised alone (§5c).
      expect(c.witness.path).toBe(c.ifPathReading === 'normalised' ? '/config/' : '/config');
    }
  });
});
