// Issue 10 (lane A, fourteenth pass): an eighth auditor's world (test/fixtures/auditor8), unlike the
// first seven: a spoke in a second organization named by aws:PrincipalOrgPaths (ForAnyValue:StringLike
// over a nested OU and over another organization's whole tree, ForAllValues:StringNotLike in a Deny);
// StringEqualsIgnoreCase and StringNotEqualsIgnoreCase over a tag whose values differ in case; a Deny
// with a Null condition (DELETE only with a cost tag); ArnNotLike on aws:SourceArn, which no call
// through an endpoint carries; Bool aws:ViaAWSService and ForAllValues over aws:CalledVia; the short
// forms execute-api:/*/GET/* and /*/*/pets/* against a path-parameter route; Principal
// {"AWS": "ACCOUNT"} beside arn:aws:iam::ACCOUNT:root; a cross-account grant to a role with no identity
// policy; a permissions boundary under an account delegation; a NONE route and a Lambda-authorizer
// route. Every cell, scenario and proof is derived by hand from the world's policies FIRST and then
// compared with spokegate in each run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorld } from '../../src/config/index.js';
import { ROOT, spokegateHere } from '../harness/helpers.js';
import { invoke, newState, outcome, parseXml, query } from '../sandbox/helpers.js';
import { describeAuditorModes, modesFromFiles, whoCanJson } from './auditor-world.js';
import { auditorTruth, truthChecks } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor8');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §3, §5d, §8, §13, §14, §22, §29 and the "Authorization
// outcome rules"; IAM User Guide reference_policies_evaluation-logic (same account: the resource policy
// OR the identity policy; cross account: both; an account principal delegates to the account's
// identity policies), reference_policies_elements_condition_operators ("If the key that you specify in
// a policy condition is not present in the request context, the values do not match and the condition
// is false. If the policy condition requires that the key is not matched, such as StringNotLike or
// ArnNotLike, and the right key is not present, the condition is true"; StringEqualsIgnoreCase),
// reference_policies_condition-single-vs-multi-valued-context-keys (ForAllValues "also returns true if
// there are no context keys in the request"), reference_policies_condition-keys (aws:PrincipalOrgPaths,
// aws:ViaAWSService false for a direct call, aws:CalledVia and aws:SourceArn absent), and
// access_policies_boundaries (a grant to the account, not the session, is limited by the boundary)).
//
// Organization o-eighth8org = {910 hub (path r-8a8a/ou-8a8a-11111111/), 920 shop (path
// r-8a8a/ou-8a8a-22222222/ou-8a8a-33333333/)}, stated complete; 930 vendor in o-vendor8org (path
// r-9b9b/ou-9b9b-44444444/), not stated complete. Roles (tags; identity): Admin = 910:role/Admin {dept
// Finance}, Invoke *; Clerk = 910:role/shop/Clerk {dept finance, cost c1}, Invoke * under a GET-only
// permissions boundary; Buyer = 920:role/Buyer {dept Sales, cost c2}, Invoke *; Picker = 920:role/Picker
// (no tags), GETs only; Vendor = 930:role/ext/Vendor {dept finance, cost v1}, Invoke *; Guest =
// 930:role/Guest {cost v2}, no identity policy at all.
//
// hub (the runner's VPC, private DNS, the default): H1 ForAnyValue:StringLike aws:PrincipalOrgPaths
// [o-eighth8org/r-8a8a/ou-8a8a-22222222/*, o-vendor8org/*] (920's nested OU and the whole vendor
// organization; not 910); H2 Principal {"AWS": "910000000001"} (every 910 principal); H3 anyone on
// pets' GET /health; H4 Deny DELETE when Null aws:PrincipalTag/cost is true (no cost tag: Admin, Picker,
// an anonymous caller).
// far (another VPC, its own DNS name): F1 StringEqualsIgnoreCase aws:PrincipalTag/dept "finance"
// (Admin's "Finance", Clerk's and Vendor's "finance"; not Buyer's "Sales"); F2 Deny when Bool
// aws:ViaAWSService true (false for every direct call: never applies); F3 pets' GET /health when
// ForAllValues:StringEquals aws:CalledVia [cloudformation] (absent: true, for anyone, anonymous too).
// pets (920, prod; GET /, GET /pets, POST /pets, GET and DELETE /pets/{id}, NONE GET /health, CUSTOM POST
// /hook with a Lambda authorizer that allows): P1 {"AWS": "910000000001"} on execute-api:/*/GET/* (a
// delegation: 910's identity policies decide; matches GET / too, `*` being empty); P2
// arn:aws:iam::930000000003:root on execute-api:/*/*/pets/* (every method on /pets/{id}, not /pets);
// P3 Principal "*" when ForAnyValue:StringLike aws:PrincipalOrgPaths o-eighth8org/r-8a8a/ou-8a8a-22222222/*
// (920's own principals: a direct grant in their account); P4 Deny POST /pets when ArnNotLike
// aws:SourceArn (absent: the Deny applies to every caller); P5 anyone on GET /health; P6 anyone on POST
// /hook.
// till (910, v2): T1 arn:aws:iam::910000000001:root on everything (a delegation in its own account);
// T2 {"AWS": "920000000002"} on GETs; T3 Deny POST when StringNotEqualsIgnoreCase aws:PrincipalTag/dept
// "FINANCE" (true for "Sales" and for no dept at all); T4 Deny GET /sales when BoolIfExists
// aws:MultiFactorAuthPresent false (every role session, and a long-term key, which has no such key: only
// a session issued with MFA reads the sales).
// depot (930, live): D1 Principal "*" when ForAnyValue:StringLike aws:PrincipalOrgPaths
// [o-eighth8org/*/ou-8a8a-11111111/, o-vendor8org/*] (910 and the vendor organization; a direct grant
// in 930, so Guest needs no identity policy there); D2 Deny PUT when ForAllValues:StringNotLike
// aws:PrincipalOrgPaths o-vendor8org/* (every path outside the vendor organization).
// ---------------------------------------------------------------------------------------------

const MODES = modesFromFiles(['hub', 'far'], ['pets', 'till', 'depot'], {
  // hub's policy on the endpoint itself, far's also in an aws_vpc_endpoint_policy; pets' short forms
  // in an aws_api_gateway_rest_api_policy beside "" on the API; till's and depot's as API Gateway
  // gives them back (expanded to the API's ARN).
  'offline from a Terraform plan': {
    hub: 'plan.json',
    far: 'plan.json',
    pets: 'plan.json',
    till: 'plan.json',
    depot: 'plan.json',
  },
  // One template per account: !Ref AWS::AccountId as a Principal, Fn::Sub with a variable map,
  // FindInMap and Join in organization paths, a parameter's Default, Fn::If on a true Condition.
  'offline from CloudFormation templates': {
    hub: 'cfn-hub.yaml',
    far: 'cfn-hub.yaml',
    pets: 'cfn-shop.yaml',
    till: 'cfn-hub.yaml',
    depot: 'cfn-vendor.json',
  },
});

describeAuditorModes(
  'the eighth auditor world in %s',
  'auditor8',
  // Offline, nothing is sent: a call predicted unknown (C25) is an error.
  { ...truthChecks(auditorTruth('auditor8'), { offlineErrors: ['C25'] }), disagreements: 0 },
  undefined,
  MODES,
);

// Principals the features cannot name, played in the sandbox of this world with STS directly: a Buyer
// session with the session tag dept=finance (who-can decides every session of a role with any tags,
// since session tags override the role's: docs/aws-behaviour.md §29, so through far it lets in "role
// Buyer … tag dept is finance" although Buyer's own tag is Sales); the harness user's GetSessionToken
// session with MFA and without; a federated user of the harness (GetFederationToken with a session
// policy allowing every invoke), also with the session tag dept=finance. The world is changed only so
// they can exist: Buyer trusts the harness with sts:TagSession (and, across accounts, the harness's own
// policy allows it: id_session-tags, "you must have the following permissions-only action in your
// policy"); the harness may read by GET and federate, and has an MFA device. By hand, as above: a
// session issued with MFA escapes T4; a long-term key's GetSessionToken session without MFA carries
// aws:MultiFactorAuthPresent false, so T4 refuses it; the federated user is a principal of 910 (H2, P1's
// delegation, D1's 910 path) with the harness's GETs and no tags but those passed (H4 refuses it; F1
// unless tagged dept=finance). Until 2026-12-02 the sandbox dropped session tags and MFA: the tagged
// rows and the MFA row failed.
describe('the eighth auditor world’s sessions the features cannot name, in the sandbox', () => {
  const HARNESS = 'arn:aws:iam::910000000001:user/audit8-harness';
  const allow = (action: string, resource: string) => ({
    Effect: 'Allow',
    Action: action,
    Resource: resource,
  });
  const world = loadWorld(join(DIR, 'world.yaml'));
  world.roles.Buyer!.trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: HARNESS }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ],
  };
  world.harness.policies.Audit8Sessions = {
    Version: '2012-10-17',
    Statement: [
      allow('sts:TagSession', '*'),
      allow('execute-api:Invoke', 'arn:aws:execute-api:*:*:*/*/GET/*'),
      allow('sts:GetFederationToken', 'arn:aws:sts::910000000001:federated-user/*'),
    ],
  };
  world.harness.mfaDevice = { serial: 'arn:aws:iam::910000000001:mfa/audit8-harness', code: '808808' };
  const s = newState(world);
  const sts = async (params: Record<string, string>) => {
    const r = await query(s, 'sts', params, undefined, { region: 'eu-west-3' });
    expect(r.status, r.body).toBe(200);
    const c = parseXml(r.body)[`${params.Action}Response`][`${params.Action}Result`].Credentials;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  };
  const SESSIONS: Record<string, Record<string, string>> = {
    'Buyer tagged dept=finance': {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::920000000002:role/Buyer',
      RoleSessionName: 'buyer',
      'Tags.member.1.Key': 'dept',
      'Tags.member.1.Value': 'finance',
    },
    Buyer: {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::920000000002:role/Buyer',
      RoleSessionName: 'buyer',
    },
    'the harness with MFA': {
      Action: 'GetSessionToken',
      SerialNumber: 'arn:aws:iam::910000000001:mfa/audit8-harness',
      TokenCode: '808808',
    },
    'the harness without MFA': { Action: 'GetSessionToken' },
    'a federated user': {
      Action: 'GetFederationToken',
      Name: 'auditor',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [allow('execute-api:Invoke', '*')] }),
    },
    'a federated user tagged dept=finance': {
      Action: 'GetFederationToken',
      Name: 'auditor',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [allow('execute-api:Invoke', '*')] }),
      'Tags.member.1.Key': 'dept',
      'Tags.member.1.Value': 'finance',
    },
  };
  const API = { pets: 'p3tsp3ts8a/prod', till: 't1llt1ll8b/v2', depot: 'd3p0td3p8c/live' };

  it.each([
    ['Buyer tagged dept=finance', 'GET', '/', 'till', 'far', 'allow'],
    ['Buyer', 'GET', '/', 'till', 'far', 'endpoint'],
    ['the harness with MFA', 'GET', '/sales', 'till', 'hub', 'allow'],
    ['the harness without MFA', 'GET', '/sales', 'till', 'hub', 'resource!'],
    ['the harness with MFA', 'GET', '/pets/7', 'pets', 'hub', 'allow'],
    ['a federated user', 'GET', '/pets/7', 'pets', 'hub', 'allow'],
    ['a federated user', 'DELETE', '/pets/7', 'pets', 'hub', 'endpoint'],
    ['a federated user', 'GET', '/pets/7', 'pets', 'far', 'endpoint'],
    // who-can's "any federated user of account 910000000001; … tag dept is "finance"" through far.
    ['a federated user tagged dept=finance', 'GET', '/pets/7', 'pets', 'far', 'allow'],
    ['a federated user', 'GET', '/stock/abc', 'depot', 'hub', 'allow'],
    ['a federated user', 'PUT', '/stock/abc', 'depot', 'hub', 'resource!'],
    ['a federated user', 'GET', '/sales', 'till', 'hub', 'resource!'],
  ] as const)('%s: %s %s on %s through %s is %s', async (who, method, path, api, endpoint, want) => {
    const [id, stage] = API[api].split('/') as [string, string];
    const host = `${id}.execute-api.eu-west-3.amazonaws.com`;
    const vpce = endpoint === 'hub' ? 'vpce-08a8a8a8a8a8a8a8a' : 'vpce-08b8b8b8b8b8b8b8b';
    const creds = await sts(SESSIONS[who]!);
    const sni = s.endpoints.get(vpce)!.dnsNames[0]!;
    const r = await invoke(s, { method, path: `/${stage}${path}`, host, sni, creds, region: 'eu-west-3' });
    expect(outcome(r)).toBe(want);
  });

  it('who-can through far lets in Buyer sessions only with the tag dept=finance, as the sandbox answers them', async () => {
    const r = await whoCanJson(join(DIR, 'spokegate.config.yaml'), 'till', 'far');
    expect(r.code, r.stderr).toBe(0);
    const classes = JSON.parse(r.stdout).classes as any[];
    const buyer = classes.filter((c) => c.witness.principal.arn === 'arn:aws:iam::920000000002:role/Buyer');
    expect(buyer.length).toBeGreaterThan(0);
    for (const c of buyer) expect(c.witness.principal.tags, c.description).toEqual({ dept: 'finance' });
  });
});

// cfn-hub-after.yaml, by hand: far's F3 as ForAnyValue no longer holds without aws:CalledVia, so an
// anonymous caller and every signed caller without dept=finance (F1) lose GET /health on pets through
// far; hub's H4 with Null "false" refuses DELETE to a caller with a cost tag (revoking 920's and 930's
// DELETE /pets/{id}) and stops refusing one without (new access: 920's untagged principals, P3);
// till's T1 written as the account id is the same principal as its :root ARN: nothing changes there.
// No configured cell (GET / probes) changes. --fail-on grant: exit 1.
describe('the eighth auditor world’s hub template change as a diff', () => {
  it('far loses its CalledVia hole, hub’s inverted Null both grants and revokes DELETE, till is unchanged', async () => {
    const r = await spokegateHere([
      'diff',
      '--before',
      join(DIR, 'cfn-hub.yaml'),
      '--after',
      join(DIR, 'cfn-hub-after.yaml'),
      '--config',
      join(DIR, 'spokegate.config.yaml'),
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.changes).toEqual([]);
    const classes = out.classes as any[];
    expect(classes.filter((c) => c.api === 'till')).toEqual([]);
    const far = classes.filter((c) => c.endpoint === 'far');
    expect(
      far.map((c) => [c.before, c.after, c.witness.method, c.witness.path, c.witness.principal.kind]).sort(),
    ).toEqual([
      ['allow', 'deny', 'GET', '/health', 'anonymous'],
      ['allow', 'deny', 'GET', '/health', 'role'],
      // GET /health/ was allowed only in its normalised reading (GET /health) and is refused in both
      // now: access that may be lost (listed since unknown -> deny classes are reported).
      ['unknown', 'deny', 'GET', '/health/', 'anonymous'],
      ['unknown', 'deny', 'GET', '/health/', 'role'],
    ]);
    const deletes = classes.filter((c) => c.endpoint === 'hub' && c.witness.method === 'DELETE');
    const shop = (c: any) => c.witness.principal.arn?.startsWith('arn:aws:iam::920000000002:');
    expect(
      deletes.some(
        (c) => shop(c) && c.before === 'deny' && c.after === 'allow' && !c.witness.principal.tags?.cost,
      ),
    ).toBe(true);
    expect(
      deletes.some(
        (c) => shop(c) && c.before === 'allow' && c.after === 'deny' && c.witness.principal.tags?.cost,
      ),
    ).toBe(true);
  });
});
