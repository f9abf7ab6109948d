// A seventh set of policy cases written from AWS's documentation (issue 11; lane D, 2026-12-02), on
// what the first six readings left thin: the limiting layers together (SCPs, permissions boundaries,
// session policies) and the principal they name, cross-account calls with one side silent,
// NotPrincipal with session ARNs, aws:PrincipalAccount, aws:SourceVpc beside aws:SourceVpce, the
// …IfExists operators, set operators over absent keys, Null, bad values, case, wildcard and
// service principals, and GetFederationToken sessions. Truth was written from the pages before the
// engine was run; docs/aws-behaviour.md §24 gives the readings and what disagreed.
//
// Pages (https://docs.aws.amazon.com/…; read from the awsdocs/iam-user-guide source at e2b8637 where
// it has the page, and the current page otherwise):
//   [EL]  IAM/latest/UserGuide/reference_policies_evaluation-logic.html ("IAM role – Resource-based
//         policies that grant permissions to an IAM role ARN are limited by an implicit deny in a
//         permissions boundary or session policy"; "IAM role session – Within the same account,
//         resource-based policies that grant permissions to an IAM role session ARN grant permissions
//         directly … not limited by an implicit deny in an identity-based policy, a permissions
//         boundary, or session policy"; "IAM user – Within the same account, … an IAM user ARN … not
//         limited by an implicit deny in an identity-based policy or permissions boundary")
//   [DA]  IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html (explicit
//         deny in any policy first; then the SCPs must allow; then resource-based policies)
//   [XA]  IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html ("the principal
//         must be allowed by both the identity-based policy and the resource-based policy"; the
//         requesting account's boundaries, session policies and SCPs apply to its identity side)
//   [SCP] organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html (an Allow is needed
//         at every level of the path, the account's included; a Deny at any level denies) and
//         orgs_manage_policies_scps.html ("SCPs don't affect users or roles in the management
//         account"; "SCPs … don't grant permissions")
//   [SP]  IAM/latest/UserGuide/access_policies.html#policies_session ("An explicit deny in any of
//         these policies overrides the allow")
//   [NP]  IAM/latest/UserGuide/reference_policies_elements_notprincipal.html (with Deny, name the
//         account, the role and the session: "the principal … is evaluated as the account, the role
//         and the session")
//   [CK]  IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:PrincipalAccount; aws:SourceVpc
//         and aws:SourceVpce "only if the request is made through a VPC endpoint"; aws:MultiFactorAuthPresent:
//         the Deny Bool false example "does not deny access to requests that are made using long-term
//         credentials", BoolIfExists false "also denies requests that are made using long-term
//         credentials"; aws:PrincipalTag keys)
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html ("If you are using an
//         "Effect": "Deny" element with a negated condition operator like StringNotEqualsIfExists, the
//         request is still denied even if the tag is missing"; "You can add IfExists to the end of any
//         condition operator name except the Null condition"; the Null example on aws:TokenIssueTime;
//         "You can not use a policy variable with the Null condition operator"; string operators
//         case-sensitive except …IgnoreCase)
//   [MV]  IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//         (ForAllValues "returns true if there are no context keys in the request"; ForAnyValue "For no
//         matching key … returns false"), and the security warning "ForAllValues with single valued key"
//   [AAC] IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (ERROR "Null with if exists";
//         the type-mismatch warnings for dates, numbers, IP ranges and base64, which spokegate refuses
//         rather than guess, §17)
//   [P]   IAM/latest/UserGuide/reference_policies_elements_principal.html ("Principal": "*" and
//         {"AWS": "*"} are equivalent, "all users or public (anonymous) access"; service principals
//         name a service, not the roles it uses; "The case of … role names in principal ARNs …")
//   [AGK] apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html (execute-api
//         takes aws:SourceVpc and aws:SourceVpce for private APIs)
//   [FT]  IAM/latest/UserGuide/id_credentials_temp_request.html, the table "Comparing AWS STS
//         credentials": GetFederationToken "MFA support: No"; id_credentials_mfa_configure-api-require:
//         the MFA parameters are taken by "AssumeRole or GetSessionToken"
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import * as kit from './doc-cases.js';
import {
  ALL_DOC,
  CROSS,
  DENY_ALL,
  DENY_DOC,
  grant,
  OTHER_DOC,
  SAME,
  SESSION,
  TO_ROLE,
  TO_SESSION,
} from './limiting-layers.js';

const { st, when, denyWhen, R, I, E } = kit;
const USER = `arn:aws:iam::${kit.HUB}:user/pets`;
const FED = `arn:aws:sts::${kit.HUB}:federated-user/Bob`;
const ANY = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
const S3_ONLY = [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }];
const DENY_INVOKE = [
  { Effect: 'Allow', Action: '*', Resource: '*' },
  { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' },
];
/** Root, one OU, the account: FullAWSAccess at each level unless replaced. */
const path = (root = [ANY], ou = [ANY], account = [ANY]) => [root, ou, account];

type ChainCase = [doc: string, layers: kit.Layers, caller: kit.Caller, expected: string];
const at = (principal: string, resource: string): kit.Request => ({ principal, resource });

const limiting: ChainCase[] = [
  // ---- Session ARN, role ARN and IAM user ARN grants with every limiting layer [EL][SP][SCP]
  [
    '[EL][SCP] same account: a grant to the session itself stands beside a silent session policy and boundary, under SCPs that allow',
    { resource: TO_SESSION, identity: [], session: [OTHER_DOC], boundary: OTHER_DOC, scp: path() },
    at(SESSION, SAME),
    'allow',
  ],
  [
    '[DA][SCP] same account: the same grant, an OU level allowing only s3: the SCP layer denies first',
    { resource: TO_SESSION, identity: [], scp: path([ANY], [S3_ONLY]) },
    at(SESSION, SAME),
    'deny scp ImplicitDeny',
  ],
  [
    '[EL] same account: a grant to the role ARN is limited by a silent session policy',
    { resource: TO_ROLE, identity: [], session: [OTHER_DOC], boundary: ALL_DOC, scp: path() },
    at(SESSION, SAME),
    'deny session ImplicitDeny',
  ],
  [
    '[EL] same account: a grant to the role ARN is limited by a silent boundary',
    { resource: TO_ROLE, identity: [], session: [ALL_DOC], boundary: OTHER_DOC },
    at(SESSION, SAME),
    'deny boundary ImplicitDeny',
  ],
  [
    '[EL] same account: a grant to the role ARN with both allowing',
    { resource: TO_ROLE, identity: [], session: [ALL_DOC], boundary: ALL_DOC, scp: path() },
    at(SESSION, SAME),
    'allow',
  ],
  [
    '[SP] same account: a session policy Deny beats a grant to the session itself',
    { resource: TO_SESSION, identity: [ALL_DOC], session: [DENY_DOC] },
    at(SESSION, SAME),
    'deny session ExplicitDeny',
  ],
  [
    '[EL] same account: a grant to the IAM user stands beside a silent boundary',
    { resource: grant({ AWS: USER }), identity: [], boundary: OTHER_DOC, scp: path() },
    at(USER, SAME),
    'allow',
  ],
  [
    '[EL] same account: a boundary Deny beats a grant to the IAM user',
    { resource: grant({ AWS: USER }), identity: [], boundary: DENY_DOC },
    at(USER, SAME),
    'deny boundary ExplicitDeny',
  ],
  [
    '[SCP] same account: the account level allowing only s3: the IAM user is denied by the SCP layer',
    { resource: grant({ AWS: USER }), identity: [ALL_DOC], scp: path([ANY], [ANY], [S3_ONLY]) },
    at(USER, SAME),
    'deny scp ImplicitDeny',
  ],
  [
    '[SCP] a Deny in the root SCP beside FullAWSAccess wins over every grant',
    { resource: TO_SESSION, identity: [ALL_DOC], scp: path([DENY_INVOKE]) },
    at(SESSION, SAME),
    'deny scp ExplicitDeny',
  ],
  [
    '[SCP] SCPs grant nothing: all levels allowing, identity and resource silent',
    { resource: grant({ AWS: kit.SPOKE }), identity: [], scp: path() },
    at(SESSION, SAME),
    'deny resource ImplicitDeny',
  ],
  // ---- Cross account: both sides must allow, and the caller's limits hold [XA]
  [
    '[XA] cross account: a grant to the session itself is limited by its silent session policy',
    { resource: TO_SESSION, identity: [ALL_DOC], session: [OTHER_DOC] },
    at(SESSION, CROSS),
    'deny session ImplicitDeny',
  ],
  [
    '[XA] cross account: a grant to the session itself is limited by a silent boundary',
    { resource: TO_SESSION, identity: [ALL_DOC], boundary: OTHER_DOC },
    at(SESSION, CROSS),
    'deny boundary ImplicitDeny',
  ],
  [
    '[XA] cross account: a grant to the session itself with a silent identity policy',
    { resource: TO_SESSION, identity: [OTHER_DOC] },
    at(SESSION, CROSS),
    'deny identity ImplicitDeny',
  ],
  [
    '[XA] cross account: the identity policy allows, the resource policy names another role',
    { resource: grant({ AWS: `arn:aws:iam::${kit.HUB}:role/Other` }), identity: [ALL_DOC] },
    at(SESSION, CROSS),
    'deny resource ImplicitDeny',
  ],
  [
    "[XA] cross account: the caller's account delegated, identity, session, boundary and SCPs allow",
    {
      resource: grant({ AWS: `arn:aws:iam::${kit.HUB}:root` }),
      identity: [ALL_DOC],
      session: [ALL_DOC],
      boundary: ALL_DOC,
      scp: path(),
    },
    at(SESSION, CROSS),
    'allow',
  ],
  [
    "[XA][SCP] cross account: the caller's SCPs hold for another account's API",
    { resource: TO_ROLE, identity: [ALL_DOC], scp: path([ANY], [DENY_INVOKE]) },
    at(SESSION, CROSS),
    'deny scp ExplicitDeny',
  ],
  [
    '[XA] cross account: a resource-policy Deny on the session beats both grants',
    { resource: [...TO_ROLE, ...DENY_ALL], identity: [ALL_DOC] },
    at(SESSION, CROSS),
    'deny resource ExplicitDeny',
  ],
  [
    '[EL] same account: a grant to the account delegates; a silent identity policy denies',
    { resource: grant({ AWS: kit.HUB }), identity: [OTHER_DOC] },
    at(SESSION, SAME),
    'deny identity ImplicitDeny',
  ],
];

const HUB_VPC = 'vpc-0a1b2c3d';
const VPCE = 'vpce-0a1b2c3d4e5f60718';
/** A call through the hub's endpoint (aws:SourceVpce, aws:SourceVpc), or not through one. */
const viaEndpoint = (principal = kit.SESSION): kit.Request => ({
  principal,
  context: { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': HUB_VPC },
});
const withCreds = (principal: string, credentials: kit.Request['extra']): kit.Request => ({
  principal,
  extra: credentials ?? {},
});

const conditions: kit.DocCase[] = [
  // ---- aws:PrincipalAccount [CK]
  [
    "[CK] aws:PrincipalAccount is the caller's account",
    when({ StringEquals: { 'aws:PrincipalAccount': kit.SPOKE } }),
    kit.SESSION,
    'ImplicitDeny',
    R,
  ],
  [
    '[CK] the root user carries its account as aws:PrincipalAccount',
    when({ StringEquals: { 'aws:PrincipalAccount': kit.HUB } }),
    kit.ROOT,
    'Allowed',
    R,
  ],
  [
    '[CK][CO] an anonymous caller has no aws:PrincipalAccount: a Deny StringNotEquals on it applies',
    denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': kit.HUB } }),
    'anonymous',
    'ExplicitDeny',
    E,
  ],
  [
    '[CO] …and so does a Deny StringNotEqualsIfExists on it ("still denied even if the tag is missing")',
    denyWhen({ StringNotEqualsIfExists: { 'aws:PrincipalAccount': kit.HUB } }),
    'anonymous',
    'ExplicitDeny',
    E,
  ],
  // ---- aws:SourceVpc beside aws:SourceVpce [AGK][CK]
  [
    "[AGK] a Deny StringNotEquals aws:SourceVpc spares a call from the endpoint's VPC",
    denyWhen({ StringNotEquals: { 'aws:SourceVpc': HUB_VPC } }),
    viaEndpoint(),
    'Allowed',
    R,
  ],
  [
    '[CK] …and denies a call through no endpoint (no aws:SourceVpc)',
    denyWhen({ StringNotEquals: { 'aws:SourceVpc': HUB_VPC } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[CK] a VPC id is no endpoint id: StringEquals aws:SourceVpce on the VPC id',
    when({ StringEquals: { 'aws:SourceVpce': HUB_VPC } }),
    viaEndpoint(),
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] values are case-sensitive: the endpoint id in capitals',
    when({ StringEquals: { 'aws:SourceVpce': VPCE.toUpperCase() } }),
    viaEndpoint(),
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] …unless the operator says IgnoreCase',
    when({ StringEqualsIgnoreCase: { 'aws:SourceVpce': VPCE.toUpperCase() } }),
    viaEndpoint(),
    'Allowed',
    R,
  ],
  [
    '[CO] key names are not: AWS:SOURCEVPC',
    when({ StringEquals: { 'AWS:SOURCEVPC': HUB_VPC } }),
    viaEndpoint(),
    'Allowed',
    R,
  ],
  [
    '[CO] an Allow StringEqualsIfExists aws:SourceVpce lets in a call through no endpoint',
    when({ StringEqualsIfExists: { 'aws:SourceVpce': VPCE } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  // ---- …IfExists [CO][AAC]
  [
    '[CO] a Deny StringNotEqualsIfExists over a missing key still denies',
    denyWhen({ StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[CO] a Deny StringEqualsIfExists over a missing key denies too (the element is true)',
    denyWhen({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[CO] …IfExists over a present key tests it',
    when({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' } }),
    { principal: kit.SESSION, extra: { tags: { team: 'search' } } },
    'ImplicitDeny',
    R,
  ],
  [
    '[AAC][CO] NullIfExists is refused ("Null with if exists", an ERROR)',
    when({ NullIfExists: { 'aws:SourceVpce': 'true' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[CO] ArnLikeIfExists over aws:SourceArn, absent for a direct call',
    when({ ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[CO] DateGreaterThanIfExists aws:TokenIssueTime: an IAM user with its keys carries none',
    when({ DateGreaterThanIfExists: { 'aws:TokenIssueTime': '2999-01-01T00:00:00Z' } }),
    USER,
    'Allowed',
    R,
  ],
  // ---- MFA [CK]
  [
    '[CK] Deny Bool MFA false does not deny an IAM user signing with long-term keys',
    denyWhen({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
    USER,
    'Allowed',
    R,
  ],
  [
    '[CK] Deny BoolIfExists MFA false denies it',
    denyWhen({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }),
    USER,
    'ExplicitDeny',
    R,
  ],
  [
    '[CK] …and spares a session assumed with MFA',
    denyWhen({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }),
    withCreds(kit.SESSION, { credentials: { temporary: true, mfa: true } }),
    'Allowed',
    R,
  ],
  [
    '[CK] Allow BoolIfExists MFA true: long-term keys in, a session without MFA out',
    when({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    kit.SESSION,
    'ImplicitDeny',
    R,
  ],
  [
    '[CK] …the IAM user with long-term keys',
    when({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    USER,
    'Allowed',
    R,
  ],
  [
    '[CK] a GetSessionToken user without MFA carries MFA false',
    when({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
    withCreds(USER, { credentials: { temporary: true } }),
    'Allowed',
    R,
  ],
  [
    '[FT][CK] a federated user (GetFederationToken takes no MFA) carries MFA false',
    when({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
    FED,
    'Allowed',
    R,
  ],
  ['[FT][CK] …and aws:TokenIssueTime', when({ Null: { 'aws:TokenIssueTime': 'false' } }), FED, 'Allowed', R],
  // ---- Set operators over absent keys [MV]
  [
    '[MV] Allow ForAllValues:StringEquals aws:PrincipalOrgPaths: a caller in no organization gets in',
    when({
      'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/' },
    }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[MV] …one whose path is another does not',
    when({
      'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/' },
    }),
    {
      principal: kit.SESSION,
      extra: { orgId: 'o-a1b2c3d4e5', orgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'] },
    },
    'ImplicitDeny',
    R,
  ],
  [
    '[MV] Deny ForAnyValue:StringNotLike aws:PrincipalOrgPaths never applies to a caller in no organization',
    denyWhen({ 'ForAnyValue:StringNotLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[MV] Deny ForAllValues:StringNotEquals over a missing key applies',
    denyWhen({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'team' } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  // ---- Null [CO]
  [
    '[CO] Null aws:TokenIssueTime true: a role session signs with temporary credentials',
    when({ Null: { 'aws:TokenIssueTime': 'true' } }),
    kit.SESSION,
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] …an IAM user with its keys does not',
    when({ Null: { 'aws:TokenIssueTime': 'true' } }),
    USER,
    'Allowed',
    R,
  ],
  [
    '[CO] Null keys are ANDed: a tag present and a VPC absent',
    when({ Null: { 'aws:PrincipalTag/team': 'false', 'aws:SourceVpc': 'true' } }),
    { principal: kit.SESSION, extra: { tags: { team: 'payments' } } },
    'Allowed',
    R,
  ],
  [
    '[CO] a policy variable in a Null value is refused',
    when({ Null: { 'aws:SourceVpc': '${aws:PrincipalTag/x}' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  // ---- Bad values in the policy [AAC]: refused rather than guessed (§17)
  [
    '[AAC] a date that is none',
    when({ DateLessThan: { 'aws:TokenIssueTime': 'tomorrow' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] a number that is none',
    when({ NumericLessThan: { 'aws:MultiFactorAuthAge': '1h' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] an IP range past /32',
    when({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/40' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] base64 that is none',
    when({ BinaryEquals: { 'aws:username': 'not base64!' } }),
    USER,
    'refused',
    R,
  ],
  [
    '[AAC] Bool with a value other than true/false',
    when({ Bool: { 'aws:SecureTransport': 'yes' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  // ---- Bad values in the request: a value of the wrong type matches no comparison
  [
    '[CO] NumericLessThan over a tag that is no number',
    when({ NumericLessThan: { 'aws:PrincipalTag/level': '5' } }),
    { principal: kit.SESSION, extra: { tags: { level: 'high' } } },
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] DateGreaterThan over a tag that is no date',
    when({ DateGreaterThan: { 'aws:PrincipalTag/since': '2020-01-01' } }),
    { principal: kit.SESSION, extra: { tags: { since: 'last year' } } },
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] IpAddress over a tag that is no address',
    when({ IpAddress: { 'aws:PrincipalTag/ip': '10.0.0.0/8' } }),
    { principal: kit.SESSION, extra: { tags: { ip: 'ten' } } },
    'ImplicitDeny',
    R,
  ],
  // ---- Case: keys, tag keys, values [CO][CK]
  [
    '[CK] tag keys in aws:PrincipalTag/… are matched without regard to case',
    when({ StringEquals: { 'aws:principaltag/TEAM': 'payments' } }),
    { principal: kit.SESSION, extra: { tags: { Team: 'payments' } } },
    'Allowed',
    R,
  ],
  [
    '[CO] tag values are case-sensitive',
    when({ StringEquals: { 'aws:PrincipalTag/team': 'Payments' } }),
    { principal: kit.SESSION, extra: { tags: { team: 'payments' } } },
    'ImplicitDeny',
    R,
  ],
  [
    '[CO] StringLike is case-sensitive on aws:PrincipalArn',
    when({ StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/checkout*` } }),
    kit.ROLE,
    'ImplicitDeny',
    R,
  ],
  // ---- Wildcard and service principals [P]
  [
    '[P] {"AWS": "*"} lets an anonymous caller in as "*" does',
    [st({ Principal: { AWS: '*' } })],
    'anonymous',
    'Allowed',
    R,
  ],
  ['[P] {"AWS": ["*"]} likewise', [st({ Principal: { AWS: ['*'] } })], 'anonymous', 'Allowed', R],
  [
    '[P] a Deny to {"AWS": "*"} denies the anonymous caller',
    kit.allowAllThenDeny({ Principal: { AWS: '*' } }),
    'anonymous',
    'ExplicitDeny',
    R,
  ],
  [
    '[P] a service principal names no role session (not even a service-linked one)',
    [st({ Principal: { Service: 'apigateway.amazonaws.com' } })],
    `arn:aws:sts::${kit.HUB}:assumed-role/AWSServiceRoleForAPIGateway/apigateway`,
    'ImplicitDeny',
    R,
  ],
  [
    '[P] a service principal beside "*" in the same map: everyone',
    [st({ Principal: { AWS: '*', Service: 'apigateway.amazonaws.com' } })],
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[P] a Deny naming a service principal does not deny a role session',
    kit.allowAllThenDeny({ Principal: { Service: 'lambda.amazonaws.com' } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[CK] aws:PrincipalIsAWSService is false for a role session',
    when({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  ['[P] an identity policy with a Principal is refused', [st({})], kit.SESSION, 'refused', I],
];

// Documents AWS refuses that the engine decided (both failed before the fix).
//   [AV]  IAM's answer to a wildcard in an action's service prefix: "MalformedPolicyDocument: Action
//         vendors (e.g., aws, ec2, etc.) must not contain wildcards" (quoted in
//         boogy/iam-policy-validator#172, a policy with `*:Untag*` refused on creation;
//         mattclay/aws-terminator#347 fixed `dynamodb*:TagResource` for the same reason), and the
//         grammar's action_string: "a service namespace, a colon, and the name of an action. Action
//         names can include wildcards" (reference_policies_grammar)
//   [AAC] "Invalid condition data type: The condition value data types do not match. Use condition
//         values of the same JSON data type." (an ERROR)
const refused: kit.DocCase[] = [
  ['[AV] a wildcard service prefix: *:Invoke', [st({ Action: '*:Invoke' })], kit.SESSION, 'refused', R],
  ['[AV] …execute-*:Invoke', [st({ Action: 'execute-*:Invoke' })], kit.SESSION, 'refused', R],
  [
    '[AV] …?xecute-api:Invoke in an identity policy',
    [{ Effect: 'Allow', Action: '?xecute-api:Invoke', Resource: '*' }],
    kit.SESSION,
    'refused',
    I,
  ],
  ['[AV] …in NotAction', [st({ Action: undefined, NotAction: 's3*:*' })], kit.SESSION, 'refused', R],
  [
    '[AV] a wildcard action name is fine: execute-api:*',
    [st({ Action: 'execute-api:*' })],
    kit.SESSION,
    'Allowed',
    R,
  ],
  ['[AV] …and "*" alone', [st({ Action: '*' })], kit.SESSION, 'Allowed', R],
  [
    '[AAC] condition values of two JSON types (a string and a number)',
    when({ StringEquals: { 'aws:PrincipalAccount': [kit.HUB, 5] } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] …a boolean and a string',
    when({ Bool: { 'aws:SecureTransport': [true, 'true'] } }),
    kit.SESSION,
    'refused',
    E,
  ],
  [
    '[AAC] values of one JSON type are fine (numbers)',
    when({ NumericLessThan: { 'aws:EpochTime': [1, 4102444800] } }),
    { principal: kit.SESSION, context: { 'aws:EpochTime': 100 } },
    'Allowed',
    R,
  ],
];

const notPrincipal: kit.DocCase[] = [
  // ---- NotPrincipal with session ARNs [NP]
  [
    '[NP] a Deny NotPrincipal listing the session, its role and its account (bare id) spares it',
    [
      st({}),
      st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: [kit.SESSION, kit.ROLE, kit.HUB] } }),
    ],
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[NP] …another session of the same role is not spared',
    [
      st({}),
      st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: [kit.SESSION, kit.ROLE, kit.HUB] } }),
    ],
    { principal: kit.ROLE, sessionName: 'other' },
    'ExplicitDeny',
    R,
  ],
  [
    '[NP] listing the role and the account without the session spares no session',
    kit.allowAllThenDeny({ Principal: undefined, NotPrincipal: { AWS: [kit.ROLE, kit.ROOT] } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[NP] the federated user and its account spare that federated user',
    kit.allowAllThenDeny({ Principal: undefined, NotPrincipal: { AWS: [FED, kit.ROOT] } }),
    FED,
    'Allowed',
    R,
  ],
];

describe('the limiting layers together, and cross-account calls (seventh reading)', () => {
  it.each(limiting)('%s', (_doc, layers, caller, expected) => {
    expect(kit.chainOutcome(layers, caller)).toBe(expected);
  });
});

describe('conditions, principals and NotPrincipal (seventh reading)', () => {
  kit.eachAgrees([...conditions, ...notPrincipal]);
});

describe('documents AWS refuses (seventh reading)', () => {
  kit.eachAgrees(refused);
});

// [PB] access_policies_boundaries, "IAM federated user sessions": "if a resource-based policy grants
// permission to the ARN of the IAM user who federated, then requests made by the federated user
// during the session are limited by an implicit deny in a permission boundary or session policy";
// the federating user's boundary limits the session as it limits the user (the sandbox's
// GetFederationToken sessions carry it, src/sandbox/state.ts). evaluate refused the option for a
// federated-user principal ("only an IAM role or user has a permissions boundary"), so the layer
// could not be asked about at all.
describe("evaluate: a federated user under its federating user's permissions boundary", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-fed-boundary-'));
  const write = (name: string, statements: object[]) =>
    writeFileSync(join(dir, name), JSON.stringify(kit.policyDoc(statements)));
  write('to-account.json', grant({ AWS: kit.HUB }));
  write('to-session.json', grant({ AWS: FED }));
  write('identity.json', ALL_DOC);
  write('boundary-all.json', ALL_DOC);
  write('boundary-other.json', OTHER_DOC);
  const evaluate = (resourcePolicy: string, boundary: string, resource: string) =>
    runCli(
      [
        'evaluate',
        '--resource-policy',
        resourcePolicy,
        '--identity-policy',
        'identity.json',
        '--permissions-boundary',
        boundary,
        '--principal',
        FED,
        '--action',
        'execute-api:Invoke',
        '--resource',
        resource,
        '--json',
      ],
      { cwd: dir },
    );
  it('cross account: a boundary that allows lets it through, a silent one denies at the boundary layer', async () => {
    const ok = await evaluate('to-account.json', 'boundary-all.json', CROSS);
    expect(ok.code, ok.text).toBe(0);
    const limited = await evaluate('to-account.json', 'boundary-other.json', CROSS);
    expect(limited.code, limited.text).toBe(1);
    expect(JSON.parse(limited.out)).toMatchObject({ decision: 'deny', layer: 'boundary' });
  });
  it('same account: a grant to the federated user ARN itself is not limited by the boundary [EL]', async () => {
    const r = await evaluate('to-session.json', 'boundary-other.json', SAME);
    expect(r.code, r.text).toBe(0);
  });
});

// [FT] GetFederationToken takes no MFA (its members: Name, Policy, PolicyArns, DurationSeconds, Tags;
// the comparison table: "MFA support: No") and is called with long-term credentials, so a federated
// user's session never carries aws:MultiFactorAuthPresent true nor aws:MultiFactorAuthAge: evaluate
// answered about a request AWS never sees (exit 0/1) instead of saying so.
describe('evaluate: MFA for a federated user is a request AWS never sees', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-fed-mfa-'));
  writeFileSync(
    join(dir, 'mfa.json'),
    JSON.stringify(kit.policyDoc(when({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))),
  );
  const evaluate = (principal: string, context: string) =>
    runCli(
      [
        'evaluate',
        '--policy',
        'mfa.json',
        '--principal',
        principal,
        '--action',
        'execute-api:Invoke',
        '--resource',
        kit.RESOURCE,
        '--context',
        context,
      ],
      { cwd: dir },
    );
  it.each(['aws:MultiFactorAuthPresent=true', 'aws:multifactorauthage=30'])(
    '%s: exit 2 naming it',
    async (c) => {
      const r = await evaluate(FED, c);
      expect(r.code, r.text).toBe(2);
      expect(r.err).toMatch(/--context.*federated user.*never carries MFA.*GetFederationToken/);
      expect(r.err).not.toMatch(/\n\s+at /);
    },
  );
  it('false is what it carries; a role session may carry true', async () => {
    expect((await evaluate(FED, 'aws:MultiFactorAuthPresent=false')).code).toBe(1);
    expect((await evaluate(kit.SESSION, 'aws:MultiFactorAuthPresent=true')).code).toBe(0);
  });
});
