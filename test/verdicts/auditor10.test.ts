// Issues 10 and 11 (lane D, sixteenth pass): a tenth auditor's world (test/fixtures/auditor10), unlike
// the first nine: NotPrincipal Denies that spare exactly one role session (an endpoint's and a
// resource policy's: a role session is spared only when its account, its role and its session ARN are
// all named, and an account ARN alone spares that account's root user); an account principal with an
// aws:PrincipalTag condition, in an endpoint policy and in a resource policy; short-form resources
// (execute-api:/prod/GET/*, execute-api:/prod/*/items, execute-api:/*/POST/*) beside full-ARN
// wildcards (arn:aws:execute-api:*:*:*/*/GET/*); a session-name pattern (aws:userid like *:audit-*);
// a grant to a federated user of another organization (the proofs range over federated users); tagged
// role sessions; a NONE route. Every cell, scenario and proof is derived by hand from the world's
// policies FIRST and then compared with spokegate in each run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ROOT } from '../harness/helpers.js';
import { describeAuditorModes, withOfflineRun } from './auditor-world.js';
import { auditorTruth, truthChecks } from './auditor-truth.js';

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §8, §13, §39 and the "Authorization outcome rules";
// IAM User Guide reference_policies_evaluation-logic (same account: the resource policy OR the
// identity policy, a grant to the account delegating to the identity policy; across accounts: both),
// reference_policies_elements_notprincipal ("When you use NotPrincipal with Deny, you must also
// specify the account ARN of the not-denied principal"; an assumed-role session is spared only when
// its session ARN, its role ARN and the account are named; the account ARN names its root user),
// reference_policies_elements_principal (an account id names the account: delegation), API Gateway
// apigateway-resource-policies-examples (execute-api:/stage/METHOD/path is the API's own ARN; `*`
// matches an empty rest), reference_policies_condition-keys (aws:PrincipalOrgID, aws:PrincipalTag,
// aws:userid = ROLEID:SESSION for a role session, aws:SourceVpce), reference_policies_variables
// (a federated user's ARN arn:aws:sts::ACCOUNT:federated-user/NAME)).
//
// Organization o-tenth000org = {810 hub, 820 spoke}, stated complete; 830 partner in o-other00org.
// Roles (identity: Invoke * each): Ops = 810:role/Ops (team=ops, session audit-ops); Dev = 810:role/Dev
// (team=dev, session dev); Spoke = 820:role/Spoke (no tags, session audit-spoke); Partner =
// 830:role/Partner (team=ops, session partner).
//
// hub (810, the runner's VPC): H1 anyone of the organization; H2 account 830 on GETs (*/*/GET/*) when
// aws:PrincipalTag/team is ops; H3 anyone on GET /health.
// side (820, another VPC, its own DNS name): S1 anyone; S2 Deny NotPrincipal [820 root, role/Spoke,
// assumed-role/Spoke/audit-spoke]: only Spoke's session audit-spoke and the 820 root user pass.
// alpha (820, prod): AL1 account 810 on execute-api:/prod/GET/* when team is ops; AL2 820's root
// (every 820 principal, with its identity policy); AL3 anyone on execute-api:/prod/*/items whose
// aws:userid is like *:audit-*; AL4 Deny execute-api:/*/POST/* unless aws:SourceVpce is side's; AL5
// the federated user 830:federated-user/auditor on GETs.
// beta (810, prod; GET /health is NONE): BE1 anyone of the organization on */*/GET/*; BE2 anyone on
// execute-api:/prod/GET/health; BE3 Deny execute-api:/*/POST/* NotPrincipal [810 root, role/Ops,
// assumed-role/Ops/audit-ops]; BE4 role/Ops on execute-api:/*/POST/reports.
// ---------------------------------------------------------------------------------------------

describeAuditorModes('the tenth auditor world in %s', 'auditor10', {
  ...truthChecks(auditorTruth('auditor10')),
  disagreements: 0,
});

// Federated users offline (spokegate signs as roles alone, so these calls are predicted, never made):
// config `federated` over `users` (docs/config.md). Ext = 830:user/ext (no tags); Auditor its session
// `auditor` with Invoke * and the session tag team=ops; Ci = 810:user/ci (team=ops); CiBot its session
// `audit-ci` without session policies ("no permissions", botocore sts model GetFederationToken);
// CiReader its session `reader` with GETs only and the session tag team=dev, which overrides the
// user's ("session tags override a user tag with the same key").
// Auditor and CiReader pass a session tag with a session policy, whose packed size together is not
// measured: an allow is `unknown`, allow if STS issues the session (docs/aws-behaviour.md §60, pass 20).
const FEDERATED: [call: string, decision: 'allow' | 'deny' | 'unknown', why: string][] = [
  ['Auditor GET /items/7 alpha hub', 'unknown', 'H2 (an 830 principal tagged ops), AL5 names its ARN'],
  ['Auditor POST /items alpha hub', 'deny', 'H2 is GETs only'],
  ['Auditor GET /items alpha side', 'deny', 'S2 names no federated user'],
  ['CiBot GET /items alpha hub', 'deny', 'AL1 and AL3 grant, but no session policy: nothing on its side'],
  ['CiReader GET /items/7 alpha hub', 'deny', 'its team is dev (the session tag): AL1 does not apply'],
  ['CiReader GET /reports beta hub', 'unknown', 'BE1, its user policy and its session policy allow GETs'],
  ['CiReader POST /reports beta hub', 'deny', 'BE3: a NotPrincipal that does not name its ARN'],
];

describe('the tenth auditor world: federated users offline', () => {
  const config = loadConfig(join(ROOT, 'test', 'fixtures', 'auditor10', 'spokegate.config.yaml'));
  it.each(FEDERATED)('%s: %s (%s)', async (call, decision) => {
    const [role, method, path, api, endpoint] = call.split(' ') as [string, string, string, string, string];
    await withOfflineRun(config, {}, async (ctx) => {
      const expected = decision === 'unknown' ? 'allow' : decision;
      const { cell } = await ctx.call({ role, method, path, api, endpoint, scenario: call }, expected);
      expect(cell.predicted, JSON.stringify(cell.predicted)).toMatchObject({ decision });
      if (decision === 'unknown')
        expect(JSON.stringify(cell.predicted)).toMatch(/allow if STS issues the session/);
    });
  });
});
