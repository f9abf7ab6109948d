// Issue 10 (lane B): a fifth auditor's world (test/fixtures/auditor5), unlike the first four:
// API Gateway's older denial wording (a refusal names no layer: "denied by the X policy" takes its
// layer from the prediction), aws:VpcSourceIp (the runner's stated address) beside aws:SourceIp
// (absent through an endpoint), a Deny on aws:PrincipalType, an organization-wide Deny
// (StringNotEquals aws:PrincipalOrgID), a NotPrincipal Deny sparing one role session (account, role
// and session ARN named), a Deny on aws:userid naming a recreated role's unique id, role ARNs with
// paths in Principal, a role chained through another (Deployer via Operator), a role with no identity
// policy reached by a same-account grant to `*`, a stage whose canary takes 100% of its calls (a new
// route, another authorization type) beside a stage on the old deployment, NONE routes, an API in
// another organization's account, APIs with no endpoint association. The policies are given four
// ways: the world (sandbox), the config's JSON files, a Terraform plan (plan.json: an
// aws_vpc_endpoint_policy and an aws_api_gateway_rest_api_policy beside inline policies, full ARNs
// where the JSON files use the `execute-api:/` shorthand) and CloudFormation templates (one per
// account; `!Ref HubEndpoint` in a condition, `${AWS::AccountId}`, a parameter's Default). Every
// cell, scenario and routing check is derived by hand from the world's policies FIRST and then
// compared with spokegate in each of the four runs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/helpers.js';
import {
  describeAddressing,
  describeAuditorModes,
  diffJson,
  HUB_DNS_EDGE_HOST,
  type AuditorRunMode,
} from './auditor-world.js';
import { A, auditorTruth, predictionOf, stepCells, TAMPERED, truthChecks } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor5');
const CONFIG = join(DIR, 'spokegate.config.yaml');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §1, §2, §3, §5c, §8, "Authorization outcome rules";
// IAM User Guide reference_policies_elements_notprincipal, reference_policies_condition-keys).
//
// Organization o-fifth5org55 = {510 hub, 520 pay}; 530 partner is in o-partn3r5org. Roles:
// Operator = 510:role/ops/Operator {team platform} session ops-session, invokes anything;
// Deployer = 510:role/ci/deploy/Deployer {ci}, GET and POST only, assumed with Operator's session;
// Ghost = 510:role/Ghost {platform}, id AROA5GHOSTR0LE5NEW012, anything; Payer = 520:role/PayService
// {payments}, anything; Auditor = 520:role/audit/Auditor {audit}, GET only; Intern = 520:role/Intern
// {payments}, no identity policy at all; Partner = 530:role/PartnerSync {payments}, anything;
// PartnerRead = 530:role/ext/PartnerRead (no tags), GET only.
//
// hub (vpc-05a5…, the runner's VPC, private DNS, the default): H1 aws:PrincipalOrgID o-fifth5org55;
// H2 tag team=payments on 530's APIs' GETs; H3 anyone on ledger's GET /ping; H4 Deny aws:PrincipalType
// User or Account (never a role session; absent, so false, for an anonymous caller).
// edge (vpc-05c5…, its own DNS name): G1 aws:VpcSourceIp in 10.55.0.0/16 (the runner is 10.55.1.20)
// and aws:PrincipalAccount 520 or 530; G2 Operator's role ARN (path included); G3 Deny DELETE when
// NotIpAddress aws:SourceIp 10.55.0.0/16: AWS documents aws:SourceIp as absent through an endpoint
// (IAM) or rewritten by the endpoint (API Gateway), so whether G3 applies is not something the
// policies can settle: the sandbox plays "absent" (a negated operator on a missing key matches: denied),
// spokegate predicts `unknown`.
// ledger (510, stage live; GET /, GET /entries, POST /entries, DELETE /entries/{id}, NONE GET /ping):
// L1 account 510 (delegates) on /live/*; L2 Auditor's role ARN (path) on /live/GET/*; L3 anyone on
// /live/GET/ping; L4 Deny aws:userid like AROA5GHOSTR0LE5NEW012:* (Ghost); L5 Deny NotPrincipal
// [510 root, Operator's role, its session ops-session] on DELETE (a session is spared only when its
// account, role and session ARN are all named); L6 Deny POST unless aws:SourceVpce is hub's.
// pay (520; stage prod, whose canary takes 100%: GET /, GET /charges, POST /charges, GET /refunds,
// GET /status (AWS_IAM); stage beta, the old deployment: the same but no /refunds, NONE GET /status):
// P1 aws:PrincipalOrgID o-fifth5org55 to `*` (a direct grant: enough alone in the same account);
// P2 530's root (delegates) on GETs; P3 anyone on GET /status; P4 Deny POST when StringNotEquals
// aws:PrincipalOrgID (organization-wide); P5 Deny GET /refunds unless tag team=payments (a missing
// tag matches StringNotEquals: denied).
// atlas (530, v1; GET /, GET /maps, PUT /maps/{id}, NONE GET /open): A1 aws:PrincipalOrgID
// o-partn3r5org to `*` on /v1/*; A2 Operator's role ARN on /v1/GET/*; A3 anyone on /v1/GET/open;
// A4 Deny PUT unless aws:SourceVpce is edge's.
// Same account: either allows (an account grant delegates: the identity must allow); cross account:
// both. A NONE route skips the identity policy; the resource policy there sees the signer or an
// anonymous caller (not established): a call both readings decide alike is decided, otherwise
// unknown (Ghost's GET /ping: L4 refuses the signer, L3 lets the anonymous reading in).
// ---------------------------------------------------------------------------------------------

const TRUTH = auditorTruth('auditor5');
const CELLS = TRUTH.cells;
/**
 * The world words its refusals as API Gateway once did, naming no layer, so the wire's truth is a
 * bare denial there (the layer comes from the prediction: checked below). Offline, nothing is sent:
 * U1's "status is 200" is an integration's answer (an error), and the two calls the policies cannot
 * settle (C05, C32) are predicted unknown: "denied" is an error there. In sandbox mode the wire
 * says: they pass. Every other scenario passes: every step is true.
 */
const { compare, expected } = truthChecks(
  {
    ...TRUTH,
    cells: CELLS.map((t) => ({
      ...t,
      d: t.d === A ? A : 'deny',
      sandbox: predictionOf(t, 'sandbox'),
      offline: predictionOf(t, 'offline'),
    })),
  },
  { tampered: TAMPERED, offlineErrors: ['U1', 'C05', 'C32'] },
);

const FILES = (dir: string, hub: string, edge: string, ledger: string, pay: string, atlas: string) => [
  '--endpoint-policy',
  `hub=${join(dir, hub)}`,
  '--endpoint-policy',
  `edge=${join(dir, edge)}`,
  '--resource-policy',
  `ledger=${join(dir, ledger)}`,
  '--resource-policy',
  `pay=${join(dir, pay)}`,
  '--resource-policy',
  `atlas=${join(dir, atlas)}`,
];
const MODES: AuditorRunMode[] = [
  { name: 'sandbox', mode: 'sandbox' },
  { name: 'offline', mode: 'offline' },
  {
    name: 'offline from a Terraform plan',
    mode: 'offline',
    args: (dir) => FILES(dir, 'plan.json', 'plan.json', 'plan.json', 'plan.json', 'plan.json'),
  },
  {
    name: 'offline from CloudFormation templates',
    mode: 'offline',
    args: (dir) =>
      FILES(dir, 'cfn-hub.yaml', 'cfn-hub.yaml', 'cfn-hub.yaml', 'cfn-pay.yaml', 'cfn-partner.yaml'),
  },
];

describeAuditorModes(
  'the fifth auditor world in %s',
  'auditor5',
  { compare, expected, disagreements: 0, tampered: TAMPERED },
  (mode, run) => {
    if (mode === 'sandbox')
      it('the older wording names no layer: each refusal’s layer is the prediction’s (layerSource), and that is the truth’s', () => {
        const wrong = stepCells(run().doc)
          .filter((c: any) => c.observed?.outcome === 'denied' && c.scenario !== TAMPERED)
          .flatMap((c: any) => {
            const t = CELLS.find(
              (x) => x.scenario === c.scenario && x.role === c.role && x.api === c.api && x.path === c.path,
            )!;
            const layer = predictionOf(t, mode).split(':')[1];
            const ok =
              c.observed.reason === 'access-denied' &&
              !/because|in a (VPC endpoint|resource-based|identity-based) policy/.test(c.observed.message) &&
              (layer
                ? c.observed.layer === layer && c.observed.layerSource === 'prediction'
                : !c.observed.layer);
            return ok ? [] : [`${c.scenario} ${c.role} ${c.api}: ${JSON.stringify(c.observed)}`];
          });
        expect(wrong).toEqual([]);
      });

    it('P11 fails closed on an account whose organization is not stated, and its message names the account and the setting', () => {
      const block = /Scenario: P11 [^]*?\n\n/.exec(run().stderr)?.[0] ?? '';
      expect(block).toMatch(/witness: arn:aws:[a-z]+::(\d{12}):/);
      const account = /witness: arn:aws:[a-z]+::(\d{12}):/.exec(block)![1];
      expect(block).toContain(`the organization of account ${account} is not stated`);
      expect(block).toMatch(/organizations: \[\{ id: o-/);
    });
  },
  MODES,
);

describeAddressing('the fifth auditor world’s routing', 'auditor5', ...HUB_DNS_EDGE_HOST);

// The plan also says what each policy was before: edge had a full-access policy (Allow `*` Invoke
// `*`, replaced by its aws_vpc_endpoint_policy), pay only P1. Over the config's roles and GET / (the
// probe) through both endpoints: Partner and PartnerRead now read pay through edge (P2; P1 alone did
// not let another organization in), and edge now stops Deployer (ledger: L1 + its GET; pay: P1 + its
// GET) and Ghost (pay; ledger was L4's refusal before too). Nothing changes through hub (the same
// policy), on atlas (A1/A2 refuse Deployer and Ghost either way), or for the roles G1/G2 let through.
describe('the fifth auditor world’s plan as a diff (before and after in one file)', () => {
  it('exactly the five cell changes derived by hand, and exit 1 for new access', async () => {
    const r = await diffJson(CONFIG, '--plan', join(DIR, 'plan.json'));
    expect(r.code, r.stderr).toBe(1);
    const changes = r
      .json()
      .changes.map(
        (c: any) =>
          `${c.role} ${c.method} ${c.path} on ${c.api} through ${c.endpoint}: ${c.before} -> ${c.after}`,
      );
    expect(changes.sort()).toEqual(
      [
        'Partner GET / on pay through edge: deny -> allow',
        'PartnerRead GET / on pay through edge: deny -> allow',
        'Deployer GET / on ledger through edge: allow -> deny',
        'Deployer GET / on pay through edge: allow -> deny',
        'Ghost GET / on pay through edge: allow -> deny',
      ].sort(),
    );
  });
});
