// A third set of policy cases, each written from one sentence or example of AWS's documentation
// (issue 11, "How it is checked": partitions, variables, invalid documents, shorthand resources,
// principals). They add ground the earlier sets (doc-*.test.ts) do not cover: the grammar notes of
// the IAM policy language, the keys temporary credentials carry, set operators over a null data set,
// the doc examples of NotPrincipal, trust policies, and API Gateway's execute-api ARN examples.
// Each case cites the page it comes from (docs/aws-behaviour.md §13 lists them with the sentence).
//
// Pages (https://docs.aws.amazon.com/…):
const PAGE = {
  G: 'IAM/latest/UserGuide/reference_policies_grammar.html',
  P: 'IAM/latest/UserGuide/reference_policies_elements_principal.html',
  NP: 'IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  /** The current NotPrincipal page ("NotPrincipal must be used with "Effect":"Deny""), read 2026-12-01. */
  NPC: 'IAM/latest/UserGuide/reference_policies_elements_notprincipal.html#notprincipal-current',
  CO: 'IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  MV: 'IAM/latest/UserGuide/reference_policies_multi-value-conditions.html',
  PV: 'IAM/latest/UserGuide/reference_policies_variables.html',
  CK: 'IAM/latest/UserGuide/reference_policies_condition-keys.html',
  ARN: 'IAM/latest/UserGuide/reference-arns.html',
  AGI: 'apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html',
  AGE: 'apigateway/latest/developerguide/api-gateway-iam-policy-examples-for-api-execution.html',
  AGX: 'apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  AGK: 'apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html',
  VPE: 'apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html',
  PL: 'vpc/latest/privatelink/vpc-endpoints-access.html',
} as const;
import { describe, expect, it } from 'vitest';
import {
  authorizeCall,
  lintPolicy,
  parsePolicy,
  principalFromArn,
  requestContext,
} from '../../src/policy/index.js';
import {
  allowAllThenDeny,
  roleWith,
  API_ID,
  CALL,
  eachAgrees,
  HUB,
  refusal,
  ROLE,
  ROOT,
  SESSION,
  SPOKE,
  resourceCase,
  st,
  USER,
  when,
  type DocCase,
} from './doc-cases.js';

const FED = `arn:aws:sts::${HUB}:federated-user/pets`;
const BOB = 'arn:aws:iam::444455556666:user/Bob';
const arn = (rest: string, region = 'us-east-1', partition = 'aws', account = SPOKE, api = API_ID) =>
  `arn:${partition}:execute-api:${region}:${account}:${api}/${rest}`;

/** The private-API resource policy of API Gateway's examples: Allow all on the API, Deny it under `condition`. */
const privateApiDeny = (condition: object) => [
  st({ Resource: 'execute-api:/*' }),
  st({ Effect: 'Deny', Resource: 'execute-api:/*', Condition: condition }),
];

/** The same without a Principal (an identity policy's statement). */
const idSt = (el: object) => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', ...el });

/** A statement of `st` with NotPrincipal (and so no Principal). */
const notPrincipal = (el: object) => ({ ...st(el), Principal: undefined });

// Policies more than one case reads (the doc examples, each stated once).
/** NotPrincipal doc example: deny everyone but user Bob and his account. */
const DENY_ALL_BUT_BOB = [
  notPrincipal({ Effect: 'Deny', NotPrincipal: { AWS: [BOB, 'arn:aws:iam::444455556666:root'] } }),
];
const ALLOW_ALL_BUT_BOB = [notPrincipal({ NotPrincipal: { AWS: BOB } })];
const DENY_WITHOUT_TLS = [
  st({}),
  st({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
];
const DENY_WITHOUT_MFA = [
  st({}),
  st({ Effect: 'Deny', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
];
/** The doc value of the ArnLike/StringLike example. */
const DOC_SOURCE_ARN =
  'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
const DEPARTMENT_AND_ROLE = when({
  StringEqualsIgnoreCase: {
    'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
    'aws:PrincipalTag/role': ['audit', 'security'],
  },
  StringEquals: { 'aws:PrincipalAccount': HUB },
});
const DENY_OTHER_TEAMS = [
  st({}),
  st({
    Effect: 'Deny',
    Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } },
  }),
];
const GET_NOT_POST = [
  st({ Resource: `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/*/GET/pets` }),
  st({ Effect: 'Deny', Resource: `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/*/POST/pets` }),
];
const POST_MYDEMORESOURCE = [
  st({ Resource: 'arn:aws:execute-api:us-east-1:*:a123456789/test/POST/mydemoresource/*' }),
];
const ANY_METHOD_PETS = [st({ Resource: 'arn:aws:execute-api:*:*:a123456789/*/*/petstorewalkthrough/pets' })];
const ONLY_MY_USER = [
  {
    Principal: { AWS: ['arn:aws:iam::123412341234:user/MyUser'] },
    Action: ['execute-api:Invoke'],
    Effect: 'Allow',
    Resource: ['arn:aws:execute-api:us-east-1:123412341234:a1b2c3d4e5/*'],
  },
];

/** The cases of one page, each test named `[page] what`. */
const onPage = (page: keyof typeof PAGE, rows: DocCase[]): DocCase[] =>
  rows.map(([what, ...rest]) => [`[${page}] ${what}`, ...rest]);

const cases: DocCase[] = [
  // ---- Grammar notes [G]
  ...onPage('G', [
    [
      'blocks can appear in any order (Effect after Condition)',
      '{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}},"Resource":"*","Action":"execute-api:Invoke","Principal":"*","Effect":"Allow"}],"Version":"2012-10-17"}',
      ROLE,
      'Allowed',
    ],
    [
      'the Id block must not be included in identity-based policies',
      '{"Version":"2012-10-17","Id":"Admin_Policy","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}',
      ROLE,
      'refused',
      { kind: 'identity' },
    ],
    [
      'the Id block is optional in resource-based policies',
      '{"Version":"2012-10-17","Id":"cd3ad3d9-2776-4ef1-a904-4c229d1642ee","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}',
      ROLE,
      'Allowed',
      { kind: 'resource' },
    ],
    [
      'the principal block is required in trust policies for IAM roles',
      [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
      { principal: ROLE, action: 'sts:AssumeRole' },
      'refused',
      { kind: 'trust' },
    ],
    [
      'a trust policy naming its principal is accepted',
      [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' }],
      { principal: ROLE, action: 'sts:AssumeRole' },
      'Allowed',
      { kind: 'trust' },
    ],
    [
      'principal_map_entry is "AWS", "Federated", "Service" or "CanonicalUser" (case-sensitive)',
      [st({ Principal: { aws: ROLE } })],
      ROLE,
      'refused',
    ],
    [
      'a principal_id_string holding * as part of an ARN',
      [st({ Principal: { AWS: `arn:aws:iam::${HUB}:role/Checkout*` } })],
      ROLE,
      'refused',
    ],
    [
      'individual elements must not contain the same key twice (two Service keys)',
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com","Service":"elasticloadbalancing.amazonaws.com"},"Action":"execute-api:Invoke","Resource":"*"}]}`,
      ROLE,
      'refused',
    ],
    [
      'the same key twice in a Condition operator block',
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"999999999999","aws:PrincipalAccount":"111111111111"}}}]}`,
      ROLE,
      'refused',
    ],
    [
      'a Statement list of one statement without brackets is the same statement',
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"execute-api:Invoke","Resource":"*"}}',
      SESSION,
      'Allowed',
    ],
    [
      'an action_string is a service namespace, a colon and an action name',
      [st({ Action: 'Invoke' })],
      ROLE,
      'refused',
    ],
    [
      'Action "*" is every action',
      [st({ Action: '*' })],
      { principal: ROLE, action: 'execute-api:InvalidateCache' },
      'Allowed',
    ],
    [
      '"execute-api:Inv*" is a wildcard in the action name',
      [st({ Action: 'execute-api:Inv*' })],
      ROLE,
      'Allowed',
    ],
    [
      '"execute-api:Inv*" also matches InvalidateCache',
      [st({ Action: 'execute-api:Inv*' })],
      { principal: ROLE, action: 'execute-api:InvalidateCache' },
      'Allowed',
    ],
    [
      'a Sid in an IAM identity policy may be "1"',
      [idSt({ Sid: '1' })],
      ROLE,
      'Allowed',
      { kind: 'identity' },
    ],
  ]),

  // ---- Principals [P]
  ...onPage('P', [
    [
      'the user name part of an ARN in a Principal is case sensitive',
      [st({ Principal: { AWS: `arn:aws:iam::${HUB}:user/Pets` } })],
      USER,
      'ImplicitDeny',
    ],
    [
      'two accounts in an array: a logical OR',
      [st({ Principal: { AWS: ['123456789012', HUB] } })],
      SESSION,
      'Allowed',
    ],
    [
      'the account ARN does not limit the grant to the root user: an IAM user of the account',
      [st({ Principal: { AWS: ROOT } })],
      USER,
      'Allowed',
    ],
    [
      'AWS account ARN, account id and CanonicalUser in one Principal (the doc example)',
      [
        st({
          Principal: {
            AWS: ['arn:aws:iam::123456789012:root', HUB],
            CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
          },
        }),
      ],
      SESSION,
      'Allowed',
    ],
    [
      'several service principals are one Service array; they name no IAM caller',
      [st({ Principal: { Service: ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] } })],
      SESSION,
      'ImplicitDeny',
    ],
    [
      'a SAML provider (Federated) names no role session',
      [st({ Principal: { Federated: `arn:aws:iam::${HUB}:saml-provider/corp` } })],
      SESSION,
      'ImplicitDeny',
    ],
    [
      'a web identity provider (Federated) names no role session',
      [st({ Principal: { Federated: 'accounts.google.com' } })],
      SESSION,
      'ImplicitDeny',
    ],
    [
      'an assumed-role session principal may not use * for all sessions',
      [st({ Principal: { AWS: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/*` } })],
      SESSION,
      'refused',
    ],
    ['the federated user session ARN names that session', [st({ Principal: { AWS: FED } })], FED, 'Allowed'],
    ['"*" with a Deny: anonymous is denied too', allowAllThenDeny({}), 'anonymous', 'ExplicitDeny'],
    [
      '{"AWS":"*"} with a Deny: anonymous is denied too',
      allowAllThenDeny({ Principal: { AWS: '*' } }),
      'anonymous',
      'ExplicitDeny',
    ],
    [
      'aws:PrincipalArn with the role ARN grants by the role assumed, not the session',
      [st({ Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } })],
      SESSION,
      'Allowed',
    ],
    [
      'aws:PrincipalArn with the session ARN: the key holds the role ARN, no match',
      [st({ Condition: { ArnEquals: { 'aws:PrincipalArn': SESSION } } })],
      SESSION,
      'ImplicitDeny',
    ],
  ]),

  // ---- NotPrincipal [NP]
  ...onPage('NP', [
    [
      'NotPrincipal is not allowed in an IAM role trust policy',
      [{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'sts:AssumeRole' }],
      { principal: ROLE, action: 'sts:AssumeRole' },
      'refused',
      { kind: 'trust' },
    ],
    [
      'NotPrincipal is not allowed in an identity-based policy',
      [{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: '*', Resource: '*' }],
      ROLE,
      'refused',
      { kind: 'identity' },
    ],
    ['example: user Bob and his account listed, Bob is not denied', DENY_ALL_BUT_BOB, BOB, 'ImplicitDeny'],
    [
      "example: another user of Bob's account is denied",
      DENY_ALL_BUT_BOB,
      { principal: 'arn:aws:iam::444455556666:user/Alice' },
      'ExplicitDeny',
    ],
    ['example: a role session of another account is denied', DENY_ALL_BUT_BOB, SESSION, 'ExplicitDeny'],
    ['the Deny by itself does not grant access to Bob', DENY_ALL_BUT_BOB, BOB, 'ImplicitDeny'],
    [
      'an assumed-role session in NotPrincipal may not use * for all sessions',
      [
        notPrincipal({
          Effect: 'Deny',
          NotPrincipal: { AWS: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/*` },
        }),
      ],
      SESSION,
      'refused',
    ],
  ]),
  ...onPage('NPC', [
    [
      'NotPrincipal with Allow is "not supported": what AWS does is not written, so it is refused (SG026)',
      ALLOW_ALL_BUT_BOB,
      SESSION,
      'refused',
      { kind: 'resource' },
    ],
    [
      'NotPrincipal is supported in VPC endpoint policies, with Deny',
      [st({}), notPrincipal({ Effect: 'Deny', NotPrincipal: { AWS: [ROLE, ROOT, SESSION] } })],
      SESSION,
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'NotPrincipal with Allow in an endpoint policy is refused too (never "everyone not named")',
      ALLOW_ALL_BUT_BOB,
      'anonymous',
      'refused',
      { kind: 'endpoint' },
    ],
    [
      'NotPrincipal with Allow is refused whatever the kind (no kind of policy supports it)',
      ALLOW_ALL_BUT_BOB,
      SESSION,
      'refused',
    ],
  ]),

  // ---- Condition operators [CO]
  ...onPage('CO', [
    [
      'StringEquals on aws:PrincipalTag/job-category (doc example), tag present',
      when({ StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }),
      { principal: ROLE, extra: { tags: { 'job-category': 'iamuser-admin' } } },
      'Allowed',
    ],
    [
      'the same, a role without the tag: the condition returns false',
      when({ StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'StringLike with an empty-string value matches an empty value (doc s3:prefix example)',
      when({ StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } }),
      { principal: USER, context: { 's3:prefix': '' } },
      'Allowed',
    ],
    [
      'StringLike home/${aws:username}/ for that user',
      when({ StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } }),
      { principal: USER, context: { 's3:prefix': 'home/pets/' } },
      'Allowed',
    ],
    [
      "StringLike home/${aws:username}/ for another user's folder",
      when({ StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } }),
      { principal: USER, context: { 's3:prefix': 'home/other/' } },
      'ImplicitDeny',
    ],
    [
      'StringLike needs wildcards for a partial match',
      when({ StringLike: { 'aws:PrincipalTag/team': 'pay' } }),
      { principal: ROLE, extra: { tags: { team: 'payments' } } },
      'ImplicitDeny',
    ],
    [
      'StringLike ? and * anywhere in the string',
      when({ StringLike: { 'aws:PrincipalTag/team': '?ay*s' } }),
      { principal: ROLE, extra: { tags: { team: 'payments' } } },
      'Allowed',
    ],
    [
      'StringNotEqualsIgnoreCase: the value in another case is equal',
      when({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'PAYMENTS' } }),
      { principal: ROLE, extra: { tags: { team: 'payments' } } },
      'ImplicitDeny',
    ],
    [
      'DateGreaterThan on aws:TokenIssueTime (doc example): a role session issued after it',
      when({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }),
      roleWith({ 'aws:TokenIssueTime': '2024-05-01T10:00:00Z' }),
      'Allowed',
    ],
    [
      'DateGreaterThan on aws:TokenIssueTime: an IAM user with access keys has no such key',
      when({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }),
      USER,
      'ImplicitDeny',
    ],
    [
      'wildcards are not permitted for date condition operators',
      when({ DateGreaterThan: { 'aws:CurrentTime': '2020-*' } }),
      ROLE,
      'refused',
    ],
    [
      'Bool on aws:SecureTransport "false" (doc Deny example): a TLS request is not denied',
      DENY_WITHOUT_TLS,
      roleWith({ 'aws:SecureTransport': true }),
      'Allowed',
    ],
    [
      'the same Deny for a request without TLS',
      DENY_WITHOUT_TLS,
      roleWith({ 'aws:SecureTransport': false }),
      'ExplicitDeny',
    ],
    [
      'BinaryEquals compares byte for byte against base-64 (doc value)',
      when({ BinaryEquals: { 'custom:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }),
      roleWith({ 'custom:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }),
      'Allowed',
    ],
    [
      'BinaryEquals, key missing: the values do not match',
      when({ BinaryEquals: { 'custom:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'IpAddress 203.0.113.0/24: the last address of the range',
      when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      roleWith({ 'aws:SourceIp': '203.0.113.255' }),
      'Allowed',
    ],
    [
      'IpAddress 203.0.113.0/24: the next address is outside',
      when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      roleWith({ 'aws:SourceIp': '203.0.114.0' }),
      'ImplicitDeny',
    ],
    [
      'an IP address without a prefix is a /32',
      when({ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }),
      roleWith({ 'aws:SourceIp': '203.0.113.6' }),
      'ImplicitDeny',
    ],
    [
      'IpAddress through a VPC endpoint: no aws:SourceIp, the condition returns false',
      when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      roleWith({ 'aws:SourceVpce': 'vpce-1a2b3c4d' }),
      'ImplicitDeny',
    ],
    [
      'ArnLike matches component by component: the doc pattern against the doc value fails',
      when({ ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }),
      {
        principal: ROLE,
        context: { 'aws:SourceArn': DOC_SOURCE_ARN },
      },
      'ImplicitDeny',
    ],
    [
      'StringLike with the same pattern and value succeeds (the first * spans colons)',
      when({ StringLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }),
      {
        principal: ROLE,
        context: { 'aws:SourceArn': DOC_SOURCE_ARN },
      },
      'Allowed',
    ],
    [
      'ArnNotEquals and ArnNotLike behave identically',
      when({ ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/*` } }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'IfExists with a Deny and a negated operator: denied when the key is missing',
      [
        st({}),
        st({
          Effect: 'Deny',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' } },
        }),
      ],
      ROLE,
      'ExplicitDeny',
    ],
    [
      'IfExists: other conditions of the statement still apply',
      when({
        StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] },
        StringEquals: { 'aws:PrincipalAccount': '999999999999' },
      }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'Null "true" on aws:TokenIssueTime (doc example): a role session uses temporary credentials',
      when({ Null: { 'aws:TokenIssueTime': 'true' } }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'Null "true" on aws:TokenIssueTime: an IAM user with its own keys',
      when({ Null: { 'aws:TokenIssueTime': 'true' } }),
      USER,
      'Allowed',
    ],
    [
      'Null "false" on aws:TokenIssueTime: a role session (the key exists)',
      when({ Null: { 'aws:TokenIssueTime': 'false' } }),
      SESSION,
      'Allowed',
    ],
    [
      'Null "false" on aws:TokenIssueTime: a federated user session uses temporary credentials',
      when({ Null: { 'aws:TokenIssueTime': 'false' } }),
      FED,
      'Allowed',
    ],
    [
      'Null with a policy variable',
      when({ Null: { 'aws:PrincipalTag/team': '${aws:username}' } }),
      USER,
      'refused',
    ],
  ]),

  // ---- Keys of the request context [CK] [AGK]
  ...onPage('CK', [
    [
      'aws:MultiFactorAuthPresent is present for temporary credentials: a role session without MFA is "false"',
      DENY_WITHOUT_MFA,
      ROLE,
      'ExplicitDeny',
    ],
    [
      'aws:MultiFactorAuthPresent is not present for long-term credentials: Bool "false" does not match',
      DENY_WITHOUT_MFA,
      USER,
      'Allowed',
    ],
    [
      'aws:MultiFactorAuthAge is present only with MFA: a role session without MFA has none',
      when({ Null: { 'aws:MultiFactorAuthAge': 'true' } }),
      ROLE,
      'Allowed',
    ],
  ]),
  ...onPage('AGK', [
    [
      'aws:TokenIssueTime: present in requests signed with temporary credentials',
      when({ Null: { 'aws:TokenIssueTime': 'false' } }),
      ROLE,
      'Allowed',
    ],
    [
      'an anonymous request carries no aws:TokenIssueTime',
      when({ Null: { 'aws:TokenIssueTime': 'true' } }),
      'anonymous',
      'Allowed',
    ],
  ]),
  ...onPage('CK', [
    [
      'aws:PrincipalIsAWSService is false for a role session',
      when({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
      SESSION,
      'Allowed',
    ],
    [
      'aws:PrincipalIsAWSService: anonymous requests do not include it',
      when({ Null: { 'aws:PrincipalIsAWSService': 'true' } }),
      'anonymous',
      'Allowed',
    ],
    [
      'aws:PrincipalServiceName is not present for a role session',
      when({ StringNotEquals: { 'aws:PrincipalServiceName': 'apigateway.amazonaws.com' } }),
      SESSION,
      'Allowed',
    ],
  ]),

  // ---- Set operators [MV]
  ...onPage('MV', [
    [
      'ForAllValues returns true when the key values resolve to a null data set (an empty string)',
      when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }),
      roleWith({ 'aws:TagKeys': '' }),
      'Allowed',
    ],
    [
      'ForAnyValue returns false for a null data set (an empty string)',
      when({ 'ForAnyValue:StringLike': { 'aws:TagKeys': '*' } }),
      roleWith({ 'aws:TagKeys': '' }),
      'ImplicitDeny',
    ],
    [
      'ForAllValues: every requested value must be in the policy (doc DynamoDB example)',
      when({ 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID', 'Message', 'Tags'] } }),
      roleWith({ 'dynamodb:Attributes': ['ID', 'PostDateTime'] }),
      'ImplicitDeny',
    ],
    [
      'ForAllValues: a subset of the policy values',
      when({ 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['ID', 'Message', 'Tags'] } }),
      roleWith({ 'dynamodb:Attributes': ['Message', 'Tags'] }),
      'Allowed',
    ],
    [
      'ForAnyValue: one requested value in the policy suffices',
      when({ 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['ID', 'PostDateTime'] } }),
      roleWith({ 'dynamodb:Attributes': ['Message', 'PostDateTime'] }),
      'Allowed',
    ],
    [
      'negated operator with several values: a logical AND (StringNotEquals on two accounts)',
      when({ StringNotEquals: { 'aws:PrincipalAccount': ['123456789012', HUB] } }),
      ROLE,
      'ImplicitDeny',
    ],
    [
      'the doc block: StringEqualsIgnoreCase on two tags AND StringEquals on the account',
      DEPARTMENT_AND_ROLE,
      { principal: ROLE, extra: { tags: { department: 'HR', role: 'Audit' } } },
      'Allowed',
    ],
    [
      'the same block, one of the two tags missing',
      DEPARTMENT_AND_ROLE,
      { principal: ROLE, extra: { tags: { department: 'hr' } } },
      'ImplicitDeny',
    ],
  ]),

  // ---- Policy variables [PV]
  ...onPage('PV', [
    [
      'a default value: a principal without the team tag gets company-wide',
      [st({ Resource: arn("${aws:PrincipalTag/team, 'company-wide'}/GET/pets") })],
      { principal: ROLE, resource: arn('company-wide/GET/pets') },
      'Allowed',
    ],
    [
      'a default value: a tagged principal gets its team, not the default',
      [st({ Resource: arn("${aws:PrincipalTag/team, 'company-wide'}/GET/pets") })],
      { principal: ROLE, resource: arn('company-wide/GET/pets'), extra: { tags: { team: 'yellow' } } },
      'ImplicitDeny',
    ],
    [
      'variables in a Resource after the fifth colon (the doc queue example)',
      [st({ Resource: 'arn:aws:execute-api:us-east-2:*:${aws:username}-queue' })],
      { principal: USER, resource: 'arn:aws:execute-api:us-east-2:222222222222:pets-queue' },
      'Allowed',
    ],
    [
      'variables cannot replace the account before the fifth colon',
      [st({ Resource: 'arn:aws:execute-api:us-east-1:${aws:PrincipalAccount}:*' })],
      ROLE,
      'refused',
    ],
    [
      'variables cannot replace the service',
      [st({ Resource: 'arn:aws:${aws:username}:us-east-1:*:*' })],
      USER,
      'refused',
    ],
    [
      'variables cannot replace the region',
      [st({ Resource: 'arn:aws:execute-api:${aws:RequestedRegion}:*:*' })],
      USER,
      'refused',
    ],
    [
      'a variable with no value in a Resource matches no resource',
      [st({ Resource: arn('${aws:PrincipalTag/stage}/*') })],
      { principal: ROLE, resource: arn('prod/GET/pets') },
      'ImplicitDeny',
    ],
    [
      'a variable with no value in a NotResource matches no resource, so the NotResource applies',
      [st({ Resource: undefined, NotResource: arn('${aws:PrincipalTag/stage}/*') })],
      { principal: ROLE, resource: arn('prod/GET/pets') },
      'Allowed',
    ],
    [
      'inverted operators match a null value: the doc Deny with StringNotEquals and no principal tag',
      DENY_OTHER_TEAMS,
      roleWith({ 's3:ExistingObjectTag/Team': 'red' }),
      'ExplicitDeny',
    ],
    [
      'the same Deny with the tags equal: not denied',
      DENY_OTHER_TEAMS,
      { principal: ROLE, context: { 's3:ExistingObjectTag/Team': 'red' }, extra: { tags: { Team: 'red' } } },
      'Allowed',
    ],
    [
      'key names are case-insensitive: ${AWS:USERNAME}',
      [st({ Resource: arn('prod/GET/${AWS:USERNAME}') })],
      { principal: USER, resource: arn('prod/GET/pets') },
      'Allowed',
    ],
    [
      'a multivalued key cannot be a variable (aws:PrincipalOrgPaths): no match',
      when({ StringLike: { 'custom:path': '${aws:PrincipalOrgPaths}' } }),
      { principal: ROLE, context: { 'custom:path': 'o-a/r-b/' }, extra: { orgPaths: ['o-a/r-b/'] } },
      'ImplicitDeny',
    ],
    [
      'without Version, ${aws:username} is a literal string in the Resource',
      [st({ Resource: arn('prod/GET/${aws:username}') })],
      { principal: USER, resource: arn('prod/GET/${aws:username}') },
      'Allowed',
      { version: null },
    ],
    [
      '${*}, ${?} and ${$} can be used in any string where a variable can: a condition value',
      when({ StringEquals: { 'aws:PrincipalTag/code': 'a${*}b${?}c${$}' } }),
      { principal: ROLE, extra: { tags: { code: 'a*b?c$' } } },
      'Allowed',
    ],
    [
      'a variable in an Arn condition value',
      when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } }),
      ROLE,
      'Allowed',
    ],
    [
      "the variable resolves per request: another account's role against the same ArnLike",
      when({ ArnLike: { 'aws:SourceArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } }),
      { principal: ROLE, context: { 'aws:SourceArn': `arn:aws:iam::${SPOKE}:role/Other` } },
      'ImplicitDeny',
    ],
    [
      'variables are not supported with the IpAddress operator',
      when({ IpAddress: { 'aws:SourceIp': '${aws:PrincipalTag/cidr}' } }),
      ROLE,
      'refused',
    ],
    [
      'variables are not supported with the Binary operator',
      when({ BinaryEquals: { 'custom:bin': '${aws:PrincipalTag/bin}' } }),
      ROLE,
      'refused',
    ],
  ]),

  // ---- API Gateway's execute-api ARNs [AGI] [AGE] [AGX]
  ...onPage('AGI', [
    [
      'arn:aws:execute-api:*:*:* is any resource path in any stage, any API, any region',
      [st({ Resource: 'arn:aws:execute-api:*:*:*' })],
      { principal: ROLE, resource: arn('prod/DELETE/pets/7', 'eu-west-1') },
      'Allowed',
    ],
    [
      'arn:aws:execute-api:us-east-1:*:* is every API of one region: another region',
      [st({ Resource: 'arn:aws:execute-api:us-east-1:*:*' })],
      { principal: ROLE, resource: arn('prod/GET/pets', 'us-west-2') },
      'ImplicitDeny',
    ],
    [
      'API_ID/test/* is every path in the stage test',
      [st({ Resource: `arn:aws:execute-api:us-east-1:*:${API_ID}/test/*` })],
      { principal: ROLE, resource: arn('test/PATCH/pets/7/toys') },
      'Allowed',
    ],
    [
      'API_ID/test/* does not cover the stage prod',
      [st({ Resource: `arn:aws:execute-api:us-east-1:*:${API_ID}/test/*` })],
      { principal: ROLE, resource: arn('prod/GET/pets') },
      'ImplicitDeny',
    ],
    [
      'Allow */GET/pets and Deny */POST/pets (doc example): GET allowed',
      GET_NOT_POST,
      { principal: ROLE, resource: arn('prod/GET/pets') },
      'Allowed',
    ],
    [
      'the same policy: POST denied',
      GET_NOT_POST,
      { principal: ROLE, resource: arn('prod/POST/pets') },
      'ExplicitDeny',
    ],
    [
      'GET /pets/{petId}: the ARN holds the value, pets/a1b2',
      [st({ Resource: `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/*/GET/pets/a1b2` })],
      { principal: ROLE, resource: arn('prod/GET/pets/a1b2') },
      'Allowed',
    ],
    [
      'the same statement does not cover another pet',
      [st({ Resource: `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/*/GET/pets/c3d4` })],
      { principal: ROLE, resource: arn('prod/GET/pets/a1b2') },
      'ImplicitDeny',
    ],
    [
      'execute-api:* represents every API-executing action, InvalidateCache included',
      [st({ Action: 'execute-api:*' })],
      { principal: ROLE, action: 'execute-api:InvalidateCache' },
      'Allowed',
    ],
  ]),
  ...onPage('AGE', [
    [
      'POST along mydemoresource in stage test (doc example): a sub-path',
      POST_MYDEMORESOURCE,
      {
        principal: ROLE,
        resource: arn('test/POST/mydemoresource/child', 'us-east-1', 'aws', SPOKE, 'a123456789'),
      },
      'Allowed',
    ],
    [
      'the same: GET is not POST',
      POST_MYDEMORESOURCE,
      {
        principal: ROLE,
        resource: arn('test/GET/mydemoresource/child', 'us-east-1', 'aws', SPOKE, 'a123456789'),
      },
      'ImplicitDeny',
    ],
    [
      'any method on petstorewalkthrough/pets in any stage and region (doc example)',
      ANY_METHOD_PETS,
      {
        principal: ROLE,
        resource: arn('beta/PUT/petstorewalkthrough/pets', 'ap-south-1', 'aws', SPOKE, 'a123456789'),
      },
      'Allowed',
    ],
    [
      'the same pattern in aws: an aws-cn API does not match (the partition is literal)',
      ANY_METHOD_PETS,
      {
        principal: ROLE,
        resource: arn('beta/PUT/petstorewalkthrough/pets', 'cn-north-1', 'aws-cn', SPOKE, 'a123456789'),
      },
      'ImplicitDeny',
    ],
  ]),
  ...onPage('AGX', [
    resourceCase(
      'execute-api:/stage/GET/pets names the API whose resource policy holds it',
      'execute-api:/stage/GET/pets',
      { principal: ROLE, resource: arn('stage/GET/pets', 'us-east-2', 'aws', '123456789012', 'aabbccddee') },
      'Allowed',
    ),
    resourceCase(
      'execute-api:/* represents all stages, methods and paths of the API',
      'execute-api:/*',
      { principal: ROLE, resource: arn('v2/OPTIONS/a/b/c') },
      'Allowed',
    ),
    [
      'the private-API example: Deny outside the endpoint, aws:SourceVpce of another endpoint',
      privateApiDeny({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
      roleWith({ 'aws:SourceVpce': 'vpce-9z8y7x6w' }),
      'ExplicitDeny',
      { kind: 'resource' },
    ],
    [
      'the private-API example with aws:SourceVpc: the VPC itself',
      privateApiDeny({ StringNotEquals: { 'aws:SourceVpc': 'vpc-2f09a348' } }),
      roleWith({ 'aws:SourceVpc': 'vpc-2f09a348' }),
      'Allowed',
      { kind: 'resource' },
    ],
    [
      'Deny by aws:VpcSourceIp on a private API: an address in the denied block',
      privateApiDeny({ IpAddress: { 'aws:VpcSourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } }),
      roleWith({ 'aws:VpcSourceIp': '198.51.100.7' }),
      'ExplicitDeny',
      { kind: 'resource' },
    ],
  ]),

  // ---- VPC endpoint policies [VPE] [PL]
  ...onPage('VPE', [
    [
      'example 1: two APIs through the endpoint; a third API is not allowed',
      [
        {
          Principal: '*',
          Action: ['execute-api:Invoke'],
          Effect: 'Allow',
          Resource: [
            'arn:aws:execute-api:us-east-1:123412341234:a1b2c3d4e5/*',
            'arn:aws:execute-api:us-east-1:123412341234:aaaaa11111/*',
          ],
        },
      ],
      { principal: ROLE, resource: arn('prod/GET/pets', 'us-east-1', 'aws', '123412341234', 'bbbbb22222') },
      'ImplicitDeny',
      { kind: 'endpoint', version: null },
    ],
    [
      'example 2: GET methods of stageName; POST is not allowed',
      [
        {
          Principal: '*',
          Action: ['execute-api:Invoke'],
          Effect: 'Allow',
          Resource: ['arn:aws:execute-api:us-east-1:123412341234:a1b2c3d4e5/stageName/GET/*'],
        },
      ],
      { principal: ROLE, resource: arn('stageName/POST/pets', 'us-east-1', 'aws', '123412341234') },
      'ImplicitDeny',
      { kind: 'endpoint', version: null },
    ],
    [
      'example 3: a specific user; a role of the same account is not that user',
      ONLY_MY_USER,
      {
        principal: 'arn:aws:iam::123412341234:role/MyUser',
        resource: arn('prod/GET/pets', 'us-east-1', 'aws', '123412341234'),
      },
      'ImplicitDeny',
      { kind: 'endpoint', version: null },
    ],
    [
      'example 3: the user itself',
      ONLY_MY_USER,
      {
        principal: 'arn:aws:iam::123412341234:user/MyUser',
        resource: arn('prod/GET/pets', 'us-east-1', 'aws', '123412341234'),
      },
      'Allowed',
      { kind: 'endpoint', version: null },
    ],
  ]),
  ...onPage('PL', [
    [
      'no wildcard on aws:PrincipalAccount (a system-generated identifier) in an endpoint policy',
      when({ StringLike: { 'aws:PrincipalAccount': '1111*' } }),
      ROLE,
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'no numeric operator on aws:SourceVpc in an endpoint policy',
      when({ NumericEquals: { 'aws:SourceVpc': '1' } }),
      ROLE,
      'ImplicitDeny',
      { kind: 'endpoint' },
    ],
    [
      "the same wildcard in a resource policy is evaluated (the rule is the endpoint policy's)",
      when({ StringLike: { 'aws:PrincipalAccount': '1111*' } }),
      ROLE,
      'Allowed',
      { kind: 'resource' },
    ],
    [
      'six consecutive characters by each wildcard: "o-abc*" is a lint error (SG027), evaluated',
      when({ StringLike: { 'aws:PrincipalOrgID': 'o-abc*' } }),
      { principal: ROLE, extra: { orgId: 'o-abcdef' } },
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'six characters after the wildcard suffice: "*:alice"',
      when({ StringLike: { 'aws:userid': '*:alice' } }),
      { principal: ROLE, sessionName: 'alice' },
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'six characters before: "AROAEXAMPLE:*" with another session name',
      when({ StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } }),
      ROLE,
      'ImplicitDeny',
      { kind: 'endpoint' },
    ],
    [
      'the account part of an ARN is an account id or a wildcard, not both (Resource)',
      [st({ Resource: `arn:aws:execute-api:us-east-1:2222*:${API_ID}/*` })],
      ROLE,
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'the same in an ArnLike condition value',
      when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::1111*:role/CheckoutRole' } }),
      ROLE,
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'a wildcard alone in the account part is fine',
      [st({ Resource: `arn:aws:execute-api:us-east-1:*:${API_ID}/*` })],
      ROLE,
      'Allowed',
      { kind: 'endpoint' },
    ],
    [
      'an endpoint policy statement without a Principal is refused',
      [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
      ROLE,
      'refused',
      { kind: 'endpoint' },
    ],
  ]),
];

describe('AWS documentation cases (third set)', () => {
  eachAgrees(cases);

  it('[G] [NP] the refusals name the statement and the rule (one table with lint)', () => {
    const id = refusal(
      '{"Version":"2012-10-17","Id":"Admin_Policy","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}',
      'identity',
    );
    expect(id?.rule).toBe('SG024');
    expect(id?.message).toMatch(/Id.*AWS refuses this identity policy: rule SG024 id-in-identity-policy/);
    const trust = refusal(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
      'trust',
    );
    expect(trust?.rule).toBe('SG001');
    expect(trust?.message).toMatch(/Statement\[0\].*Principal/);
    const np = refusal(
      {
        Version: '2012-10-17',
        Statement: [{ Sid: 'NotMe', Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'sts:AssumeRole' }],
      },
      'trust',
    );
    expect(np?.rule).toBe('SG025');
    expect(np?.message).toMatch(/Statement\[0\] \(Sid "NotMe"\).*NotPrincipal/);
    // The endpoint-policy considerations and NotPrincipal with Allow: AWS's answer to such a
    // document is not written, so the message says spokegate refuses it.
    const mixed = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [st({ Resource: `arn:aws:execute-api:us-east-1:2222*:${API_ID}/*` })],
      },
      { name: 'mixed' },
      { kind: 'endpoint' },
    );
    expect(lintPolicy(mixed, 'endpoint').map((f) => [f.rule, f.severity])).toContainEqual(['SG028', 'error']);
    const short = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [st({ Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-abc*' } } })],
      },
      { name: 'short' },
      { kind: 'endpoint' },
    );
    expect(lintPolicy(short, 'endpoint').map((f) => [f.rule, f.severity])).toContainEqual(['SG027', 'error']);
    // NotPrincipal with Allow: no kind of policy supports it and AWS does not say what it does with
    // one, so every kind refuses it (and a policy without a kind too), naming the statement.
    const npAllowDoc = {
      Version: '2012-10-17',
      Statement: [notPrincipal({ Sid: 'AllButBob', NotPrincipal: { AWS: BOB } })],
    };
    for (const kind of [undefined, 'endpoint', 'resource', 'identity', 'trust'] as const) {
      const np = refusal(npAllowDoc, kind);
      expect(np?.rule, `kind ${kind ?? 'none'}`).toBe('SG026');
      expect(np?.message).toMatch(/Statement\[0\] \(Sid "AllButBob"\).*NotPrincipal/);
    }
    expect(refusal(npAllowDoc)?.message).toMatch(/spokegate refuses.*SG026/);
    // The same documents without a kind are only grammar-checked (policies read back from AWS).
    expect(refusal({ Version: '2012-10-17', Id: 'x', Statement: [idSt({})] })).toBeUndefined();
  });

  it('[CK] [AGK] the request context of a call: temporary credentials carry their keys', () => {
    const role = requestContext(principalFromArn(ROLE), CALL).context;
    expect(role['aws:MultiFactorAuthPresent']).toBe(false);
    expect(typeof role['aws:TokenIssueTime']).toBe('string');
    expect(role['aws:MultiFactorAuthAge']).toBeUndefined();
    // A known session gives its own issue time; an IAM user's keys are long-term unless said.
    const issued = '2026-12-01T09:00:00Z';
    const known = requestContext(principalFromArn(SESSION), CALL, {
      credentials: { temporary: true, issuedAt: issued },
    }).context;
    expect(known['aws:TokenIssueTime']).toBe(issued);
    const user = requestContext(principalFromArn(USER), CALL).context;
    expect(user['aws:TokenIssueTime']).toBeUndefined();
    expect(user['aws:MultiFactorAuthPresent']).toBeUndefined();
    const userSession = requestContext(principalFromArn(USER), CALL, {
      credentials: { temporary: true, issuedAt: issued },
    }).context;
    expect(userSession['aws:TokenIssueTime']).toBe(issued);
    expect(requestContext({ kind: 'anonymous' }, CALL).context['aws:TokenIssueTime']).toBeUndefined();
  });

  it('[CO] [AGK] a resource policy refusing temporary credentials stops a role session in the chain', () => {
    // The Null example, as a private API's resource policy: an allow for everyone, a deny for any
    // request signed with temporary credentials.
    const resource = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: privateApiDeny({ Null: { 'aws:TokenIssueTime': 'false' } }),
      },
      { name: 'resource' },
      { kind: 'resource' },
    );
    const decide = (arn: string) =>
      authorizeCall(
        { authorizationType: 'AWS_IAM', resourcePolicy: resource, identityPolicies: [] },
        requestContext(principalFromArn(arn), CALL),
      );
    expect(decide(ROLE)).toMatchObject({ decision: 'deny', layer: 'resource', detail: 'ExplicitDeny' });
    // An IAM user of the API's own account, signing with its keys: the resource policy allows it.
    expect(decide(`arn:aws:iam::${SPOKE}:user/pets`)).toMatchObject({ decision: 'allow' });
  });

  it('every case names a documented page', () => {
    for (const [doc] of cases) {
      const page = /^\[(\w+)\] /.exec(doc)?.[1] as keyof typeof PAGE;
      expect(PAGE[page]).toMatch(/^[a-zA-Z]+\/latest\//);
    }
  });
});
