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
import * as kit from './doc-cases.js';

const OTHER = '333333333333';
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:${kit.SPOKE}:${kit.API_ID}/${rest}`;
/** An identity-policy statement (no Principal) allowing Invoke on everything, plus `el`. */
const ident = (el: object) => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', ...el });
/** A resource whose stage is a variable of `text` (with the given body), e.g. `${aws:username}`. */
const staged = (body: string) =>
  `arn:aws:execute-api:us-east-1:${kit.SPOKE}:${kit.API_ID}/\${${body}}/GET/pets`;
const TEAM_PROD = { extra: { tags: { stage: 'prod' } } };

const cases: kit.DocCase[] = [
  // ---- Principals [P]
  kit.principalCase(
    '[P] {"CanonicalUser": "*"} is not "all principals": a role session',
    { CanonicalUser: '*' },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] {"CanonicalUser": "*"} is not "all principals": anonymous',
    { CanonicalUser: '*' },
    'anonymous',
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] {"CanonicalUser": "*"} in a Deny spares a role session',
    { CanonicalUser: '*' },
    kit.SESSION,
    'Allowed',
    true,
  ),
  kit.principalCase(
    '[P] {"AWS": "*"} with a role ARN in one list is still everyone',
    { AWS: ['*', kit.ROLE] },
    'anonymous',
    'Allowed',
  ),
  kit.principalCase(
    '[P] a Federated web identity provider names no role session',
    { Federated: 'cognito-identity.amazonaws.com' },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a list of service principals names no role session',
    { Service: ['lambda.amazonaws.com', 'apigateway.amazonaws.com'] },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a service principal beside a role ARN: the role still matches',
    { Service: 'lambda.amazonaws.com', AWS: kit.ROLE },
    kit.SESSION,
    'Allowed',
  ),
  kit.principalCase(
    '[P] an assumed-role session principal names that session',
    { AWS: kit.SESSION },
    kit.SESSION,
    'Allowed',
  ),
  kit.principalCase(
    '[P] ... and not another session of the same role',
    { AWS: kit.SESSION },
    { principal: `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/other` },
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] an account id names an IAM user of that account',
    { AWS: kit.HUB },
    kit.USER,
    'Allowed',
  ),
  kit.principalCase(
    '[P] an account id names no principal of another account',
    { AWS: OTHER },
    kit.USER,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] the same role name in another account',
    { AWS: `arn:aws:iam::${OTHER}:role/CheckoutRole` },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a wildcard in a role name is refused',
    { AWS: `arn:aws:iam::${kit.HUB}:role/Checkout*` },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase(
    '[P] principal_map_entry keys are case-sensitive ("aws")',
    { aws: kit.ROLE },
    kit.SESSION,
    'refused',
  ),
  [
    '[P] a list as the whole Principal is refused',
    [kit.st({ Principal: ['*'] })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  // ---- Partitions [ARN] [P]
  kit.principalCase(
    '[ARN][P] an aws-us-gov role ARN does not name an aws session',
    { AWS: `arn:aws-us-gov:iam::${kit.HUB}:role/CheckoutRole` },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[ARN][P] an aws-cn session ARN does not name the aws session',
    { AWS: `arn:aws-cn:sts::${kit.HUB}:assumed-role/CheckoutRole/ci` },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[ARN][P] an aws-cn root ARN names an aws-cn session of that account',
    { AWS: `arn:aws-cn:iam::${kit.HUB}:root` },
    { principal: `arn:aws-cn:sts::${kit.HUB}:assumed-role/CheckoutRole/ci` },
    'Allowed',
  ),
  [
    '[ARN][R] an aws-cn Resource never matches an aws API',
    [kit.st({ Resource: `arn:aws-cn:execute-api:*:*:*` })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[ARN][CO] ArnLike with a wildcard partition on aws:PrincipalArn',
    kit.when({ ArnLike: { 'aws:PrincipalArn': `arn:*:iam::${kit.HUB}:role/CheckoutRole` } }),
    kit.SESSION,
    'Allowed',
  ],
  // ---- NotPrincipal [NP]
  [
    '[NP] Deny NotPrincipal naming the role, its session and the account spares the session',
    [
      kit.st({}),
      kit.st({
        Effect: 'Deny',
        Principal: undefined,
        NotPrincipal: { AWS: [kit.ROLE, kit.SESSION, kit.ROOT] },
      }),
    ],
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
  [
    '[NP] Deny NotPrincipal naming the role alone denies its session',
    kit.allowAllThenDeny({ Principal: undefined, NotPrincipal: { AWS: kit.ROLE } }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[NP] Deny NotPrincipal naming the account alone denies a role session in it',
    kit.allowAllThenDeny({ Principal: undefined, NotPrincipal: { AWS: kit.HUB } }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[NP] Deny NotPrincipal naming a user and its account spares the user',
    [
      kit.st({}),
      kit.st({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: [kit.USER, kit.HUB] } }),
    ],
    kit.USER,
    'Allowed',
    kit.R,
  ],
  [
    '[NP] Deny NotPrincipal {"AWS": "*"} denies nobody',
    kit.allowAllThenDeny({ Principal: undefined, NotPrincipal: { AWS: '*' } }),
    'anonymous',
    'Allowed',
    kit.R,
  ],
  // ---- Actions [A]
  [
    '[A] a trailing wildcard in the action name',
    [kit.st({ Action: 'execute-api:Inv*' })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[A] action names are case-insensitive, service prefix included',
    [kit.st({ Action: 'EXECUTE-API:INVOKE' })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[A] another execute-api action',
    [kit.st({ Action: 'execute-api:ManageConnections' })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[A] NotAction of another action covers Invoke',
    [kit.st({ Action: undefined, NotAction: 'execute-api:ManageConnections' })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[A][AAC] a variable in Action is refused',
    [kit.st({ Action: 'execute-api:${aws:username}' })],
    kit.USER,
    'refused',
  ],
  // ---- Resources [AGI] [AGX] [R]
  [
    '[AGI] any stage of one method',
    [kit.st({ Resource: arn('*/GET/pets') })],
    { principal: kit.SESSION },
    'Allowed',
  ],
  [
    '[AGI] a child path wildcard does not name the parent',
    [kit.st({ Resource: arn('prod/GET/pets/*') })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[AGI] wildcard region, account and API: one stage',
    [kit.st({ Resource: 'arn:aws:execute-api:*:*:*/prod/*' })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AGI] the verb in the ARN is upper case: "get" is another resource',
    [kit.st({ Resource: arn('prod/get/pets') })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[R] ? stands for one character of the path',
    [kit.st({ Resource: arn('prod/GET/p?ts') })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AGX] the short form in a resource policy names its own API',
    [kit.st({ Resource: 'execute-api:/prod/GET/pets' })],
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
  [
    '[AGX] Deny NotResource of another stage applies to prod',
    kit.allowAllThenDeny({ Resource: undefined, NotResource: 'execute-api:/test/*' }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[R][AGX] the short form is refused in an identity policy',
    [ident({ Resource: 'execute-api:/prod/GET/pets' })],
    kit.SESSION,
    'refused',
    kit.I,
  ],
  [
    '[AGX] an endpoint policy belongs to no API: the short form is refused there',
    [kit.st({ Resource: 'execute-api:/prod/GET/pets' })],
    kit.SESSION,
    'refused',
    kit.E,
  ],
  [
    '[P] an endpoint policy of {"AWS": "*"} admits an anonymous call',
    [kit.st({ Principal: { AWS: '*' } })],
    'anonymous',
    'Allowed',
    kit.E,
  ],
  // ---- Policy variables [PV] [AAC]
  [
    '[PV] a default with the documented ", " separator',
    [kit.st({ Resource: staged("aws:PrincipalTag/missing, 'prod'") })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[PV] the default is not used when the key has a value',
    [kit.st({ Resource: staged("aws:PrincipalTag/stage, 'test'") })],
    { principal: kit.SESSION, ...TEAM_PROD },
    'Allowed',
  ],
  [
    '[PV][AAC] a default written without the space: refused (readings disagree; doc-fifth-reading)',
    [kit.st({ Resource: staged("aws:PrincipalTag/missing,'prod'") })],
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] a space before the variable name is refused',
    [kit.st({ Resource: staged(' aws:PrincipalTag/stage') })],
    { principal: kit.SESSION, ...TEAM_PROD },
    'refused',
  ],
  [
    '[AAC] a space after the variable name is refused',
    [kit.st({ Resource: staged('aws:PrincipalTag/stage ') })],
    { principal: kit.SESSION, ...TEAM_PROD },
    'refused',
  ],
  [
    '[AAC] a space before the comma of a default is refused',
    [kit.st({ Resource: staged("aws:PrincipalTag/stage , 'prod'") })],
    { principal: kit.SESSION, ...TEAM_PROD },
    'refused',
  ],
  [
    '[AAC] an empty variable is refused',
    [kit.st({ Resource: staged('') })],
    { principal: kit.SESSION },
    'refused',
  ],
  [
    '[AAC] a default without quotes is refused',
    [kit.st({ Resource: staged('aws:PrincipalTag/missing, prod') })],
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] a default in double quotes is refused',
    [kit.st({ Resource: staged('aws:PrincipalTag/missing, "prod"') })],
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] a variable without its closing brace is refused',
    [kit.st({ Resource: arn('prod/GET/${aws:username') })],
    kit.USER,
    'refused',
  ],
  [
    '[AAC] a malformed variable in a StringEquals value is refused',
    kit.when({ StringEquals: { 'aws:PrincipalAccount': '${ aws:PrincipalAccount }' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] a malformed variable in an ArnLike value is refused',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount:role/*' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[PV] Version 2008-10-17: "${ x }" is plain text, nothing to refuse',
    [kit.st({ Resource: staged(' aws:username ') })],
    kit.USER,
    'ImplicitDeny',
    { version: '2008-10-17' },
  ],
  [
    '[PV] the escapes ${*} ${?} ${$} are no malformed variables',
    kit.when({ StringEquals: { 'aws:PrincipalTag/mark': '${*}${?}${$}' } }),
    { principal: kit.SESSION, extra: { tags: { mark: '*?$' } } },
    'Allowed',
  ],
  // ---- Sids [SID]
  [
    '[SID] two statements with an empty Sid: an identity policy IAM stores',
    [ident({ Sid: '' }), ident({ Sid: '' })],
    kit.SESSION,
    'Allowed',
    kit.I,
  ],
  [
    '[SID] ... and three',
    [ident({ Sid: '' }), ident({ Sid: '' }), ident({ Sid: '' })],
    kit.SESSION,
    'Allowed',
    kit.I,
  ],
  [
    '[SID] two equal non-empty Sids in an identity policy are still refused',
    [ident({ Sid: 'A1' }), ident({ Sid: 'A1' })],
    kit.SESSION,
    'refused',
    kit.I,
  ],
  [
    '[SID] a Sid that is no string is refused',
    [ident({ Sid: 1 })],
    { principal: kit.SESSION },
    'refused',
    kit.I,
  ],
  // ---- Condition values and case [G] [C] [CO]
  [
    '[G][CO] a JSON Boolean in Bool',
    kit.when({ Bool: { 'aws:MultiFactorAuthPresent': false } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[G][CO] a JSON number in StringEquals compares as text',
    kit.when({ StringEquals: { 'aws:PrincipalAccount': Number(kit.HUB) } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[G][CO] a JSON number in NumericLessThan',
    kit.when({ NumericLessThan: { 'test:count': 10 } }),
    { principal: kit.SESSION, context: { 'test:count': 3 } },
    'Allowed',
  ],
  [
    '[C] a condition key in another case, tag key included',
    kit.when({ StringEquals: { 'AWS:PRINCIPALTAG/STAGE': 'prod' } }),
    { principal: kit.SESSION, ...TEAM_PROD },
    'Allowed',
  ],
  [
    '[C] StringEquals values are case-sensitive',
    kit.when({ StringEquals: { 'aws:PrincipalTag/stage': 'Prod' } }),
    { principal: kit.SESSION, ...TEAM_PROD },
    'ImplicitDeny',
  ],
  [
    '[CO] ArnLike is case-sensitive in the service',
    kit.when({ ArnLike: { 'aws:PrincipalArn': `arn:aws:IAM::${kit.HUB}:role/*` } }),
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[CO] ForAnyValue:StringLike over aws:PrincipalOrgPaths',
    kit.when({
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
    }),
    {
      principal: kit.SESSION,
      extra: { orgId: 'o-a1b2c3d4e5', orgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'] },
    },
    'Allowed',
  ],
  [
    '[CO] ForAllValues:StringEquals on a missing key: true',
    kit.when({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-x/' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] StringNotEqualsIfExists on a missing key: true',
    kit.when({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] Null true on aws:MultiFactorAuthAge of a session without MFA',
    kit.when({ Null: { 'aws:MultiFactorAuthAge': 'true' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] Null false on aws:TokenIssueTime of a role session',
    kit.when({ Null: { 'aws:TokenIssueTime': 'false' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] Null true on aws:TokenIssueTime of an IAM user',
    kit.when({ Null: { 'aws:TokenIssueTime': 'true' } }),
    kit.USER,
    'Allowed',
  ],
  [
    '[CK] aws:PrincipalIsAWSService is false for a role session',
    kit.when({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
    kit.SESSION,
    'Allowed',
  ],
  // ---- Documents [G]
  [
    '[G] a trailing comma is no JSON',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",}]}',
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[G] a policy that is a JSON array',
    '[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]',
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[G] an action with a trailing space',
    [kit.st({ Action: 'execute-api:Invoke ' })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[G] a Condition block that is a list',
    [kit.st({ Condition: { StringEquals: ['aws:PrincipalAccount'] } })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[G] an Id in a resource policy is fine',
    JSON.stringify({ Version: '2012-10-17', Id: 'orders', Statement: [kit.st({})] }),
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
];

describe('a fourth reading of AWS documentation: every case agrees', () => kit.eachAgrees(cases));

describe('[CK] keys every execute-api call carries (requestContext: what the harness, sandbox and who-can use)', () => {
  const call = { ...kit.CALL, region: 'eu-west-1' };
  const decide = (condition: object, principal = kit.SESSION) => {
    const policy = parsePolicy({ Version: '2012-10-17', Statement: kit.when(condition) }, { name: 'p' });
    return evaluatePolicy(policy, requestContext(principalFromArn(principal), call)).kind;
  };
  it.each<[string, object, string, kit.Outcome]>([
    [
      "aws:RequestedRegion is the region called (the API's)",
      { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      kit.SESSION,
      'Allowed',
    ],
    [
      'aws:RequestedRegion: another region does not match',
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      kit.SESSION,
      'ImplicitDeny',
    ],
    [
      'aws:RequestedRegion: a region guard (StringNotEquals) does not hold for the region called',
      { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      kit.SESSION,
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
      kit.SESSION,
      'Allowed',
    ],
    [
      'aws:ViaAWSService is present (Null false)',
      { Null: { 'aws:ViaAWSService': 'false' } },
      kit.USER,
      'Allowed',
    ],
    [
      'aws:SecureTransport is true over HTTPS',
      { Bool: { 'aws:SecureTransport': 'true' } },
      kit.SESSION,
      'Allowed',
    ],
    [
      'aws:CalledVia is absent for a direct call',
      { Null: { 'aws:CalledVia': 'true' } },
      kit.SESSION,
      'Allowed',
    ],
    [
      'aws:CurrentTime takes a W3C date without a time',
      { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } },
      kit.SESSION,
      'Allowed',
    ],
  ])('%s', (_doc, condition, principal, expected) => {
    expect(decide(condition, principal)).toBe(expected);
  });

  it('--context still overrides them', () => {
    const req = requestContext(principalFromArn(kit.SESSION), call, {
      context: { 'aws:requestedregion': 'us-east-1' },
    });
    const policy = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: kit.when({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }),
      },
      { name: 'p' },
    );
    expect(evaluatePolicy(policy, req).kind).toBe('Allowed');
  });
});

describe('[SID][AAC] the refusals name the statement and say why', () => {
  it('a malformed variable names the value and the validator check', () => {
    const e = kit.refusal(
      { Version: '2012-10-17', Statement: [kit.st({ Resource: staged(' aws:username') })] },
      'resource',
    );
    expect(e?.message).toMatch(/Statement\[0\]/);
    expect(e?.message).toMatch(/space/);
    expect(e?.message).toContain('${ aws:username}');
  });
  it('a default without quotes says the quotes are missing', () => {
    const e = kit.refusal({
      Version: '2012-10-17',
      Statement: kit.when({ StringLike: { 'aws:userid': '${aws:userid, anon}' } }),
    });
    expect(e?.message).toMatch(/single quote/);
    expect(e?.message).toMatch(/Condition/);
  });
  it('duplicate non-empty Sids are still named', () => {
    const e = kit.refusal(
      { Version: '2012-10-17', Statement: [ident({ Sid: '' }), ident({ Sid: 'x' }), ident({ Sid: 'x' })] },
      'identity',
    );
    expect(e?.message).toMatch(/Sid "x"/);
  });
});

describe('[EV] the chain', () => {
  const allowRole = [kit.st({ Principal: { AWS: kit.ROLE } })];
  const SAME = `arn:aws:execute-api:us-east-1:${kit.HUB}:${kit.API_ID}/prod/GET/pets`;
  it.each<[string, Parameters<typeof kit.chainOutcome>[0], kit.Caller, string]>([
    [
      'same account: a grant to the session ARN needs no identity policy',
      { resource: [kit.st({ Principal: { AWS: kit.SESSION } })], identity: [] },
      {
        principal: kit.SESSION,
        resource: `arn:aws:execute-api:us-east-1:${kit.HUB}:${kit.API_ID}/prod/GET/pets`,
      },
      'allow',
    ],
    [
      'cross account: a grant to the role ARN and an identity allow',
      { resource: allowRole, identity: [[ident({})]] },
      kit.SESSION,
      'allow',
    ],
    [
      'cross account: a grant to the role ARN, identity silent',
      { resource: allowRole, identity: [[ident({ Action: 's3:GetObject' })]] },
      kit.SESSION,
      'deny identity ImplicitDeny',
    ],
    [
      'an endpoint {"CanonicalUser": "*"} statement admits nobody',
      { endpoint: [kit.st({ Principal: { CanonicalUser: '*' } })], resource: [kit.st({})] },
      kit.SESSION,
      'deny endpoint ImplicitDeny',
    ],
    [
      'an endpoint Deny outside us-east-1 spares a call there (aws:RequestedRegion)',
      {
        endpoint: [
          kit.st({}),
          kit.st({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
        ],
        resource: [kit.st({})],
      },
      { principal: kit.SESSION, context: { 'aws:RequestedRegion': 'us-east-1' } },
      'allow',
    ],
    [
      'cross account: a grant to the session ARN still needs the identity side',
      {
        resource: [kit.st({ Principal: { AWS: kit.SESSION } })],
        identity: [[ident({ Action: 's3:GetObject' })]],
      },
      kit.SESSION,
      'deny identity ImplicitDeny',
    ],
    [
      'same account: an identity explicit deny beats a resource grant to the role',
      { resource: allowRole, identity: [[ident({ Effect: 'Deny' })]] },
      { principal: kit.SESSION, resource: SAME },
      'deny identity ExplicitDeny',
    ],
    [
      'same account: a grant to an IAM user ARN needs no identity policy',
      { resource: [kit.st({ Principal: { AWS: kit.USER } })], identity: [] },
      { principal: kit.USER, resource: SAME },
      'allow',
    ],
    [
      'an endpoint Deny with NotResource of this API spares it',
      {
        endpoint: [
          kit.st({}),
          kit.st({
            Effect: 'Deny',
            Resource: undefined,
            NotResource: `arn:aws:execute-api:*:*:${kit.API_ID}/*`,
          }),
        ],
        resource: [kit.st({})],
        identity: [[ident({})]],
      },
      kit.SESSION,
      'allow',
    ],
  ])('%s', (_doc, layers, req, expected) => {
    expect(kit.chainOutcome(layers, req)).toBe(expected);
  });
  it('uses RESOURCE unless told', () => expect(kit.RESOURCE).toContain(kit.SPOKE));
});

describe('[CK] evaluate gives the same keys (region from --resource)', () => {
  const base = { principal: kit.ROLE, action: 'execute-api:Invoke' };
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
