// A fourth, independent set of policy cases written from AWS's documentation (issue 11, "How it is
// checked"; lane B): principal forms, NotPrincipal, actions, API Gateway resources, partitions,
// policy variables and how IAM's own validator reads their syntax, the keys every execute-api call
// carries, Sids, invalid documents, condition value types, and the authorization chain. Each case
// names the page it follows; the engine must give the documented outcome. Where the pages are
// silent the case says so and docs/aws-behaviour.md §15 records the reading chosen.
//
// Pages (https://docs.aws.amazon.com/…, read 2026-12-01 through the awsdocs sources and the current pages):
//   [P]   IAM/latest/UserGuide/reference_policies_elements_principal.html ("All principals": only
//         "*" and {"AWS": "*"}; CanonicalUser "most resource-based policies do not support")
//   [NP]  IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
//   [A]   IAM/latest/UserGuide/reference_policies_elements_action.html
//   [R]   IAM/latest/UserGuide/reference_policies_elements_resource.html
//   [SID] IAM/latest/UserGuide/reference_policies_elements_sid.html; an empty Sid is no Sid: IAM
//         stores several `"Sid": ""` statements in one policy (getmoto/moto#2415: "The same request
//         were sent to AWS and were successful"; terraform-provider-aws wrote `"Sid": ""` for every
//         statement until #28539, and its duplicate check says "Sid should be blank or unique", #6675)
//   [PV]  IAM/latest/UserGuide/reference_policies_variables.html ("Specifying default values")
//   [AAC] IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html: IAM's validator reports
//         as ERROR a space in the variable name (UNSUPPORTED_SPACE_IN_VARIABLE: "you cannot include a
//         space in the variable name"), an empty variable (EMPTY_VARIABLE), a missing closing brace
//         (MISSING_BRACE_IN_VARIABLE), a default not in single quotes (MISSING_QUOTE_IN_VARIABLE), a
//         variable outside Resource and Condition (VARIABLE_UNSUPPORTED_IN_ELEMENT)
//   [CK]  IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:RequestedRegion "always
//         included in the request context"; aws:ViaAWSService "always included in the request context
//         for most services" (API Gateway is not among the exceptions), false "when the principal makes
//         the call directly"; aws:PrincipalIsAWSService "present … for all signed API requests")
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   [C]   IAM/latest/UserGuide/reference_policies_elements_condition.html (key names case-insensitive,
//         values as the operator says)
//   [G]   IAM/latest/UserGuide/reference_policies_grammar.html (JSON; string, number and Boolean values)
//   [ARN] IAM/latest/UserGuide/reference-arns.html (partition)
//   [AGI] apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
//   [AGX] apigateway/latest/developerguide/apigateway-resource-policies-examples.html
//   [EV]  IAM/latest/UserGuide/reference_policies_evaluation-logic.html (same- and cross-account)
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/cli/commands/evaluate.js';
import { principalFromArn, requestContext, evaluatePolicy, parsePolicy } from '../../src/policy/index.js';
import {
  API_ID,
  CALL,
  chainOutcome,
  E,
  eachAgrees,
  HUB,
  I,
  principalCase,
  R,
  refusal,
  RESOURCE,
  ROLE,
  ROOT,
  SESSION,
  SPOKE,
  st,
  USER,
  when,
  type Caller,
  type DocCase,
  type Outcome,
} from './doc-cases.js';

const OTHER = '333333333333';
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/${rest}`;
/** An identity-policy statement (no Principal) allowing Invoke on everything, plus `el`. */
const ident = (el: object) => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', ...el });
/** A resource whose stage is a variable of `text` (with the given body), e.g. `${aws:username}`. */
const staged = (body: string) => `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/\${${body}}/GET/pets`;
const TEAM_PROD = { extra: { tags: { stage: 'prod' } } };

const cases: DocCase[] = [
  // ---- Principals [P]
  principalCase(
    '[P] {"CanonicalUser": "*"} is not "all principals": a role session',
    { CanonicalUser: '*' },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[P] {"CanonicalUser": "*"} is not "all principals": anonymous',
    { CanonicalUser: '*' },
    'anonymous',
    'ImplicitDeny',
  ),
  principalCase(
    '[P] {"CanonicalUser": "*"} in a Deny spares a role session',
    { CanonicalUser: '*' },
    SESSION,
    'Allowed',
    true,
  ),
  principalCase(
    '[P] {"AWS": "*"} with a role ARN in one list is still everyone',
    { AWS: ['*', ROLE] },
    'anonymous',
    'Allowed',
  ),
  principalCase(
    '[P] a Federated web identity provider names no role session',
    { Federated: 'cognito-identity.amazonaws.com' },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[P] a list of service principals names no role session',
    { Service: ['lambda.amazonaws.com', 'apigateway.amazonaws.com'] },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[P] a service principal beside a role ARN: the role still matches',
    { Service: 'lambda.amazonaws.com', AWS: ROLE },
    SESSION,
    'Allowed',
  ),
  principalCase(
    '[P] an assumed-role session principal names that session',
    { AWS: SESSION },
    SESSION,
    'Allowed',
  ),
  principalCase(
    '[P] ... and not another session of the same role',
    { AWS: SESSION },
    { principal: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/other` },
    'ImplicitDeny',
  ),
  principalCase('[P] an account id names an IAM user of that account', { AWS: HUB }, USER, 'Allowed'),
  principalCase(
    '[P] an account id names no principal of another account',
    { AWS: OTHER },
    USER,
    'ImplicitDeny',
  ),
  principalCase(
    '[P] the same role name in another account',
    { AWS: `arn:aws:iam::${OTHER}:role/CheckoutRole` },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[P] a wildcard in a role name is refused',
    { AWS: `arn:aws:iam::${HUB}:role/Checkout*` },
    SESSION,
    'refused',
  ),
  principalCase('[P] principal_map_entry keys are case-sensitive ("aws")', { aws: ROLE }, SESSION, 'refused'),
  ['[P] a list as the whole Principal is refused', [st({ Principal: ['*'] })], SESSION, 'refused', R],
  // ---- Partitions [ARN] [P]
  principalCase(
    '[ARN][P] an aws-us-gov role ARN does not name an aws session',
    { AWS: `arn:aws-us-gov:iam::${HUB}:role/CheckoutRole` },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[ARN][P] an aws-cn session ARN does not name the aws session',
    { AWS: `arn:aws-cn:sts::${HUB}:assumed-role/CheckoutRole/ci` },
    SESSION,
    'ImplicitDeny',
  ),
  principalCase(
    '[ARN][P] an aws-cn root ARN names an aws-cn session of that account',
    { AWS: `arn:aws-cn:iam::${HUB}:root` },
    { principal: `arn:aws-cn:sts::${HUB}:assumed-role/CheckoutRole/ci` },
    'Allowed',
  ),
  [
    '[ARN][R] an aws-cn Resource never matches an aws API',
    [st({ Resource: `arn:aws-cn:execute-api:*:*:*` })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[ARN][CO] ArnLike with a wildcard partition on aws:PrincipalArn',
    when({ ArnLike: { 'aws:PrincipalArn': `arn:*:iam::${HUB}:role/CheckoutRole` } }),
    SESSION,
    'Allowed',
  ],
  // ---- NotPrincipal [NP]
  [
    '[NP] Deny NotPrincipal naming the role, its session and the account spares the session',
    [st({}), st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: [ROLE, SESSION, ROOT] } })],
    SESSION,
    'Allowed',
    R,
  ],
  [
    '[NP] Deny NotPrincipal naming the role alone denies its session',
    [st({}), st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: ROLE } })],
    SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[NP] Deny NotPrincipal naming the account alone denies a role session in it',
    [st({}), st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: HUB } })],
    SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[NP] Deny NotPrincipal naming a user and its account spares the user',
    [st({}), st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: [USER, HUB] } })],
    USER,
    'Allowed',
    R,
  ],
  [
    '[NP] Deny NotPrincipal {"AWS": "*"} denies nobody',
    [st({}), st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: '*' } })],
    'anonymous',
    'Allowed',
    R,
  ],
  // ---- Actions [A]
  ['[A] a trailing wildcard in the action name', [st({ Action: 'execute-api:Inv*' })], SESSION, 'Allowed'],
  [
    '[A] action names are case-insensitive, service prefix included',
    [st({ Action: 'EXECUTE-API:INVOKE' })],
    SESSION,
    'Allowed',
  ],
  [
    '[A] another execute-api action',
    [st({ Action: 'execute-api:ManageConnections' })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[A] NotAction of another action covers Invoke',
    [st({ Action: undefined, NotAction: 'execute-api:ManageConnections' })],
    SESSION,
    'Allowed',
  ],
  [
    '[A][AAC] a variable in Action is refused',
    [st({ Action: 'execute-api:${aws:username}' })],
    USER,
    'refused',
  ],
  // ---- Resources [AGI] [AGX] [R]
  ['[AGI] any stage of one method', [st({ Resource: arn('*/GET/pets') })], { principal: SESSION }, 'Allowed'],
  [
    '[AGI] a child path wildcard does not name the parent',
    [st({ Resource: arn('prod/GET/pets/*') })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[AGI] wildcard region, account and API: one stage',
    [st({ Resource: 'arn:aws:execute-api:*:*:*/prod/*' })],
    SESSION,
    'Allowed',
  ],
  [
    '[AGI] the verb in the ARN is upper case: "get" is another resource',
    [st({ Resource: arn('prod/get/pets') })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[R] ? stands for one character of the path',
    [st({ Resource: arn('prod/GET/p?ts') })],
    SESSION,
    'Allowed',
  ],
  [
    '[AGX] the short form in a resource policy names its own API',
    [st({ Resource: 'execute-api:/prod/GET/pets' })],
    SESSION,
    'Allowed',
    R,
  ],
  [
    '[AGX] Deny NotResource of another stage applies to prod',
    [st({}), st({ Effect: 'Deny', Resource: undefined, NotResource: 'execute-api:/test/*' })],
    SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[R][AGX] the short form is refused in an identity policy',
    [ident({ Resource: 'execute-api:/prod/GET/pets' })],
    SESSION,
    'refused',
    I,
  ],
  [
    '[AGX] an endpoint policy belongs to no API: the short form is refused there',
    [st({ Resource: 'execute-api:/prod/GET/pets' })],
    SESSION,
    'refused',
    E,
  ],
  [
    '[P] an endpoint policy of {"AWS": "*"} admits an anonymous call',
    [st({ Principal: { AWS: '*' } })],
    'anonymous',
    'Allowed',
    E,
  ],
  // ---- Policy variables [PV] [AAC]
  [
    '[PV] a default with the documented ", " separator',
    [st({ Resource: staged("aws:PrincipalTag/missing, 'prod'") })],
    SESSION,
    'Allowed',
  ],
  [
    '[PV] the default is not used when the key has a value',
    [st({ Resource: staged("aws:PrincipalTag/stage, 'test'") })],
    { principal: SESSION, ...TEAM_PROD },
    'Allowed',
  ],
  [
    '[PV][AAC] a default written without the space: refused (readings disagree; doc-fifth-reading)',
    [st({ Resource: staged("aws:PrincipalTag/missing,'prod'") })],
    SESSION,
    'refused',
  ],
  [
    '[AAC] a space before the variable name is refused',
    [st({ Resource: staged(' aws:PrincipalTag/stage') })],
    { principal: SESSION, ...TEAM_PROD },
    'refused',
  ],
  [
    '[AAC] a space after the variable name is refused',
    [st({ Resource: staged('aws:PrincipalTag/stage ') })],
    { principal: SESSION, ...TEAM_PROD },
    'refused',
  ],
  [
    '[AAC] a space before the comma of a default is refused',
    [st({ Resource: staged("aws:PrincipalTag/stage , 'prod'") })],
    { principal: SESSION, ...TEAM_PROD },
    'refused',
  ],
  ['[AAC] an empty variable is refused', [st({ Resource: staged('') })], { principal: SESSION }, 'refused'],
  [
    '[AAC] a default without quotes is refused',
    [st({ Resource: staged('aws:PrincipalTag/missing, prod') })],
    SESSION,
    'refused',
  ],
  [
    '[AAC] a default in double quotes is refused',
    [st({ Resource: staged('aws:PrincipalTag/missing, "prod"') })],
    SESSION,
    'refused',
  ],
  [
    '[AAC] a variable without its closing brace is refused',
    [st({ Resource: arn('prod/GET/${aws:username') })],
    USER,
    'refused',
  ],
  [
    '[AAC] a malformed variable in a StringEquals value is refused',
    when({ StringEquals: { 'aws:PrincipalAccount': '${ aws:PrincipalAccount }' } }),
    SESSION,
    'refused',
  ],
  [
    '[AAC] a malformed variable in an ArnLike value is refused',
    when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount:role/*' } }),
    SESSION,
    'refused',
  ],
  [
    '[PV] Version 2008-10-17: "${ x }" is plain text, nothing to refuse',
    [st({ Resource: staged(' aws:username ') })],
    USER,
    'ImplicitDeny',
    { version: '2008-10-17' },
  ],
  [
    '[PV] the escapes ${*} ${?} ${$} are no malformed variables',
    when({ StringEquals: { 'aws:PrincipalTag/mark': '${*}${?}${$}' } }),
    { principal: SESSION, extra: { tags: { mark: '*?$' } } },
    'Allowed',
  ],
  // ---- Sids [SID]
  [
    '[SID] two statements with an empty Sid: an identity policy IAM stores',
    [ident({ Sid: '' }), ident({ Sid: '' })],
    SESSION,
    'Allowed',
    I,
  ],
  [
    '[SID] ... and three',
    [ident({ Sid: '' }), ident({ Sid: '' }), ident({ Sid: '' })],
    SESSION,
    'Allowed',
    I,
  ],
  [
    '[SID] two equal non-empty Sids in an identity policy are still refused',
    [ident({ Sid: 'A1' }), ident({ Sid: 'A1' })],
    SESSION,
    'refused',
    I,
  ],
  ['[SID] a Sid that is no string is refused', [ident({ Sid: 1 })], { principal: SESSION }, 'refused', I],
  // ---- Condition values and case [G] [C] [CO]
  [
    '[G][CO] a JSON Boolean in Bool',
    when({ Bool: { 'aws:MultiFactorAuthPresent': false } }),
    SESSION,
    'Allowed',
  ],
  [
    '[G][CO] a JSON number in StringEquals compares as text',
    when({ StringEquals: { 'aws:PrincipalAccount': Number(HUB) } }),
    SESSION,
    'Allowed',
  ],
  [
    '[G][CO] a JSON number in NumericLessThan',
    when({ NumericLessThan: { 'test:count': 10 } }),
    { principal: SESSION, context: { 'test:count': 3 } },
    'Allowed',
  ],
  [
    '[C] a condition key in another case, tag key included',
    when({ StringEquals: { 'AWS:PRINCIPALTAG/STAGE': 'prod' } }),
    { principal: SESSION, ...TEAM_PROD },
    'Allowed',
  ],
  [
    '[C] StringEquals values are case-sensitive',
    when({ StringEquals: { 'aws:PrincipalTag/stage': 'Prod' } }),
    { principal: SESSION, ...TEAM_PROD },
    'ImplicitDeny',
  ],
  [
    '[CO] ArnLike is case-sensitive in the service',
    when({ ArnLike: { 'aws:PrincipalArn': `arn:aws:IAM::${HUB}:role/*` } }),
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[CO] ForAnyValue:StringLike over aws:PrincipalOrgPaths',
    when({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } }),
    {
      principal: SESSION,
      extra: { orgId: 'o-a1b2c3d4e5', orgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'] },
    },
    'Allowed',
  ],
  [
    '[CO] ForAllValues:StringEquals on a missing key: true',
    when({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-x/' } }),
    SESSION,
    'Allowed',
  ],
  [
    '[CO] StringNotEqualsIfExists on a missing key: true',
    when({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
    SESSION,
    'Allowed',
  ],
  [
    '[CO] Null true on aws:MultiFactorAuthAge of a session without MFA',
    when({ Null: { 'aws:MultiFactorAuthAge': 'true' } }),
    SESSION,
    'Allowed',
  ],
  [
    '[CO] Null false on aws:TokenIssueTime of a role session',
    when({ Null: { 'aws:TokenIssueTime': 'false' } }),
    SESSION,
    'Allowed',
  ],
  [
    '[CO] Null true on aws:TokenIssueTime of an IAM user',
    when({ Null: { 'aws:TokenIssueTime': 'true' } }),
    USER,
    'Allowed',
  ],
  [
    '[CK] aws:PrincipalIsAWSService is false for a role session',
    when({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
    SESSION,
    'Allowed',
  ],
  // ---- Documents [G]
  [
    '[G] a trailing comma is no JSON',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",}]}',
    SESSION,
    'refused',
    R,
  ],
  [
    '[G] a policy that is a JSON array',
    '[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]',
    SESSION,
    'refused',
    R,
  ],
  ['[G] an action with a trailing space', [st({ Action: 'execute-api:Invoke ' })], SESSION, 'refused', R],
  [
    '[G] a Condition block that is a list',
    [st({ Condition: { StringEquals: ['aws:PrincipalAccount'] } })],
    SESSION,
    'refused',
    R,
  ],
  [
    '[G] an Id in a resource policy is fine',
    JSON.stringify({ Version: '2012-10-17', Id: 'orders', Statement: [st({})] }),
    SESSION,
    'Allowed',
    R,
  ],
];

describe('a fourth reading of AWS documentation: every case agrees', () => eachAgrees(cases));

describe('[CK] keys every execute-api call carries (requestContext: what the harness, sandbox and who-can use)', () => {
  const call = { ...CALL, region: 'eu-west-1' };
  const decide = (condition: object, principal = SESSION) => {
    const policy = parsePolicy({ Version: '2012-10-17', Statement: when(condition) }, { name: 'p' });
    return evaluatePolicy(policy, requestContext(principalFromArn(principal), call)).kind;
  };
  it.each<[string, object, string, Outcome]>([
    [
      "aws:RequestedRegion is the region called (the API's)",
      { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      SESSION,
      'Allowed',
    ],
    [
      'aws:RequestedRegion: another region does not match',
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      SESSION,
      'ImplicitDeny',
    ],
    [
      'aws:RequestedRegion: a region guard (StringNotEquals) does not hold for the region called',
      { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      SESSION,
      'ImplicitDeny',
    ],
    [
      'aws:RequestedRegion is in every request, anonymous ones too',
      { Null: { 'aws:RequestedRegion': 'false' } },
      'anonymous',
      'Allowed',
    ],
    [
      'aws:ViaAWSService is false for a direct call',
      { Bool: { 'aws:ViaAWSService': 'false' } },
      SESSION,
      'Allowed',
    ],
    [
      'aws:ViaAWSService is present (Null false)',
      { Null: { 'aws:ViaAWSService': 'false' } },
      USER,
      'Allowed',
    ],
    [
      'aws:SecureTransport is true over HTTPS',
      { Bool: { 'aws:SecureTransport': 'true' } },
      SESSION,
      'Allowed',
    ],
    ['aws:CalledVia is absent for a direct call', { Null: { 'aws:CalledVia': 'true' } }, SESSION, 'Allowed'],
    [
      'aws:CurrentTime takes a W3C date without a time',
      { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } },
      SESSION,
      'Allowed',
    ],
  ])('%s', (_doc, condition, principal, expected) => {
    expect(decide(condition, principal)).toBe(expected);
  });

  it('--context still overrides them', () => {
    const req = requestContext(principalFromArn(SESSION), call, {
      context: { 'aws:requestedregion': 'us-east-1' },
    });
    const policy = parsePolicy(
      { Version: '2012-10-17', Statement: when({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }) },
      { name: 'p' },
    );
    expect(evaluatePolicy(policy, req).kind).toBe('Allowed');
  });
});

describe('[SID][AAC] the refusals name the statement and say why', () => {
  it('a malformed variable names the value and the validator check', () => {
    const e = refusal(
      { Version: '2012-10-17', Statement: [st({ Resource: staged(' aws:username') })] },
      'resource',
    );
    expect(e?.message).toMatch(/Statement\[0\]/);
    expect(e?.message).toMatch(/space/);
    expect(e?.message).toContain('${ aws:username}');
  });
  it('a default without quotes says the quotes are missing', () => {
    const e = refusal({
      Version: '2012-10-17',
      Statement: when({ StringLike: { 'aws:userid': '${aws:userid, anon}' } }),
    });
    expect(e?.message).toMatch(/single quote/);
    expect(e?.message).toMatch(/Condition/);
  });
  it('duplicate non-empty Sids are still named', () => {
    const e = refusal(
      { Version: '2012-10-17', Statement: [ident({ Sid: '' }), ident({ Sid: 'x' }), ident({ Sid: 'x' })] },
      'identity',
    );
    expect(e?.message).toMatch(/Sid "x"/);
  });
});

describe('[EV] the chain', () => {
  const allowRole = [st({ Principal: { AWS: ROLE } })];
  const SAME = `arn:aws:execute-api:us-east-1:${HUB}:${API_ID}/prod/GET/pets`;
  it.each<[string, Parameters<typeof chainOutcome>[0], Caller, string]>([
    [
      'same account: a grant to the session ARN needs no identity policy',
      { resource: [st({ Principal: { AWS: SESSION } })], identity: [] },
      { principal: SESSION, resource: `arn:aws:execute-api:us-east-1:${HUB}:${API_ID}/prod/GET/pets` },
      'allow',
    ],
    [
      'cross account: a grant to the role ARN and an identity allow',
      { resource: allowRole, identity: [[ident({})]] },
      SESSION,
      'allow',
    ],
    [
      'cross account: a grant to the role ARN, identity silent',
      { resource: allowRole, identity: [[ident({ Action: 's3:GetObject' })]] },
      SESSION,
      'deny identity ImplicitDeny',
    ],
    [
      'an endpoint {"CanonicalUser": "*"} statement admits nobody',
      { endpoint: [st({ Principal: { CanonicalUser: '*' } })], resource: [st({})] },
      SESSION,
      'deny endpoint ImplicitDeny',
    ],
    [
      'an endpoint Deny outside us-east-1 spares a call there (aws:RequestedRegion)',
      {
        endpoint: [
          st({}),
          st({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
        ],
        resource: [st({})],
      },
      { principal: SESSION, context: { 'aws:RequestedRegion': 'us-east-1' } },
      'allow',
    ],
    [
      'cross account: a grant to the session ARN still needs the identity side',
      { resource: [st({ Principal: { AWS: SESSION } })], identity: [[ident({ Action: 's3:GetObject' })]] },
      SESSION,
      'deny identity ImplicitDeny',
    ],
    [
      'same account: an identity explicit deny beats a resource grant to the role',
      { resource: allowRole, identity: [[ident({ Effect: 'Deny' })]] },
      { principal: SESSION, resource: SAME },
      'deny identity ExplicitDeny',
    ],
    [
      'same account: a grant to an IAM user ARN needs no identity policy',
      { resource: [st({ Principal: { AWS: USER } })], identity: [] },
      { principal: USER, resource: SAME },
      'allow',
    ],
    [
      'an endpoint Deny with NotResource of this API spares it',
      {
        endpoint: [
          st({}),
          st({ Effect: 'Deny', Resource: undefined, NotResource: `arn:aws:execute-api:*:*:${API_ID}/*` }),
        ],
        resource: [st({})],
        identity: [[ident({})]],
      },
      SESSION,
      'allow',
    ],
  ])('%s', (_doc, layers, req, expected) => {
    expect(chainOutcome(layers, req)).toBe(expected);
  });
  it('uses RESOURCE unless told', () => expect(RESOURCE).toContain(SPOKE));
});

describe('[CK] evaluate gives the same keys (region from --resource)', () => {
  const base = { principal: ROLE, action: 'execute-api:Invoke' };
  it('an execute-api ARN gives its region and a direct call', () => {
    const ctx = buildRequest({ ...base, resource: arn('prod/GET/pets') }).context;
    expect(ctx['aws:RequestedRegion']).toBe('us-east-1');
    expect(ctx['aws:ViaAWSService']).toBe(false);
  });
  it('a resource "*" names no region; the call is still direct', () => {
    const ctx = buildRequest({ ...base, resource: '*' }).context;
    expect(ctx['aws:RequestedRegion']).toBeUndefined();
    expect(ctx['aws:ViaAWSService']).toBe(false);
  });
  it('--context overrides it', () => {
    const ctx = buildRequest({
      ...base,
      resource: arn('prod/GET/pets'),
      context: ['aws:RequestedRegion=eu-west-1'],
    });
    expect(ctx.context['aws:RequestedRegion']).toBe('eu-west-1');
  });
});
