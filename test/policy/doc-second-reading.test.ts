// A second set of policy cases, written from a fresh reading of AWS's documentation (issue 11, "How
// it is checked"): partitions, policy variables, invalid documents, API Gateway's short resource form,
// principals, condition operators and execute-api actions. None repeats a case of the first set
// (doc-conditions, doc-invalid, doc-partitions, doc-principals, doc-resources, doc-variables); each
// names the page it comes from, and the engine must give the documented outcome.
//
// Pages (https://docs.aws.amazon.com/…):
//   [P]   IAM/latest/UserGuide/reference_policies_elements_principal.html
//   [NP]  IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
//   [A]   IAM/latest/UserGuide/reference_policies_elements_action.html and …_notaction.html
//   [R]   IAM/latest/UserGuide/reference_policies_elements_resource.html
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   [C]   IAM/latest/UserGuide/reference_policies_elements_condition.html
//   [SV]  IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//   [MV]  IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
//   [PV]  IAM/latest/UserGuide/reference_policies_variables.html
//   [CK]  IAM/latest/UserGuide/reference_policies_condition-keys.html
//   [V]   IAM/latest/UserGuide/reference_policies_elements_version.html
//   [G]   IAM/latest/UserGuide/reference_policies_grammar.html
//   [ARN] IAM/latest/UserGuide/reference-arns.html (partitions; botocore's partitions.json lists them)
//   [AGX] apigateway/latest/developerguide/apigateway-resource-policies-examples.html
//   [AGK] apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html
//   [AGI] apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
//         (arn:aws:execute-api:region:account-id:api-id/stage-name/HTTP-VERB/resource-path-specifier)
import { describe, expect, it } from 'vitest';
import {
  roleWith,
  API_ID,
  eachAgrees,
  HUB,
  petsArnIn,
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

const CN_SESSION = `arn:aws-cn:sts::${HUB}:assumed-role/CheckoutRole/ci`;
const GOV_USER = `arn:aws-us-gov:iam::${HUB}:user/pets`;
const GOV_ROOT = `arn:aws-us-gov:iam::${HUB}:root`;
const arn = (rest: string, region = 'us-east-1', partition = 'aws') =>
  `arn:${partition}:execute-api:${region}:${SPOKE}:${API_ID}/${rest}`;
const GOV_API = arn('prod/GET/pets', 'us-gov-west-1', 'aws-us-gov');

const tags = (t: Record<string, string>) => ({ extra: { tags: t } });

const cases: DocCase[] = [
  // ---- Principals [P] [NP]
  [
    '[P] {"AWS": ["*"]}: a list holding "*" is everyone',
    [st({ Principal: { AWS: ['*'] } })],
    'anonymous',
    'Allowed',
  ],
  [
    '[P] the account root ARN names the root user itself',
    [st({ Principal: { AWS: ROOT } })],
    ROOT,
    'Allowed',
  ],
  [
    '[P] an account id names the root user of that account',
    [st({ Principal: { AWS: HUB } })],
    ROOT,
    'Allowed',
  ],
  ['[P] a role ARN does not name the account root', [st({ Principal: { AWS: ROLE } })], ROOT, 'ImplicitDeny'],
  [
    '[P] a role ARN does not name a user of the same name',
    [st({ Principal: { AWS: `arn:aws:iam::${HUB}:role/pets` } })],
    USER,
    'ImplicitDeny',
  ],
  [
    '[P] a user ARN does not name a role of the same name',
    [st({ Principal: { AWS: `arn:aws:iam::${HUB}:user/CheckoutRole` } })],
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[P] a federated user session principal names no role session',
    [st({ Principal: { AWS: `arn:aws:sts::${HUB}:federated-user/pets` } })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[P] a user group cannot be a principal',
    [st({ Principal: { AWS: `arn:aws:iam::${HUB}:group/Admins` } })],
    USER,
    'refused',
  ],
  ['[P] an account id is 12 digits', [st({ Principal: { AWS: '11111111111' } })], ROLE, 'refused'],
  // IAM stores these and they have no effect (Access Analyzer's suggestions; doc-fifth-reading).
  ['[P] an empty Principal object', [st({ Principal: {} })], { principal: ROLE }, 'ImplicitDeny'],
  ['[P] an empty AWS list', [st({ Principal: { AWS: [] } })], { principal: ROLE }, 'ImplicitDeny'],
  [
    '[P] a wildcard in a user ARN',
    [st({ Principal: { AWS: `arn:aws:iam::${HUB}:user/*` } })],
    USER,
    'refused',
  ],
  [
    '[P] a wildcard in a service principal',
    [st({ Principal: { Service: '*.amazonaws.com' } })],
    ROLE,
    'refused',
  ],
  [
    '[P] a session ARN names its session, whatever the session of another role',
    [st({ Principal: { AWS: `arn:aws:sts::${HUB}:assumed-role/OtherRole/ci` } })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[P] a session ARN of the role in another account',
    [st({ Principal: { AWS: `arn:aws:sts::${SPOKE}:assumed-role/CheckoutRole/ci` } })],
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[NP] Deny with NotPrincipal "*" applies to nobody',
    [{ Effect: 'Deny', NotPrincipal: '*', Action: '*', Resource: '*' }, st({})],
    ROLE,
    'Allowed',
  ],
  [
    '[NP] Deny with NotPrincipal naming the root: the root is spared',
    [{ Effect: 'Deny', NotPrincipal: { AWS: ROOT }, Action: '*', Resource: '*' }, st({})],
    ROOT,
    'Allowed',
  ],
  [
    '[NP] ... a role session of that account is not',
    [{ Effect: 'Deny', NotPrincipal: { AWS: ROOT }, Action: '*', Resource: '*' }, st({})],
    SESSION,
    'ExplicitDeny',
  ],
  [
    '[NP] Deny with NotPrincipal {"AWS": "*"} applies to nobody, anonymous included',
    [{ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' }, st({})],
    'anonymous',
    'Allowed',
  ],

  // ---- Partitions [ARN] [P] [AGI]
  [
    '[ARN][P] an aws-cn session matches the aws-cn role ARN',
    [st({ Principal: { AWS: `arn:aws-cn:iam::${HUB}:role/CheckoutRole` } })],
    CN_SESSION,
    'Allowed',
  ],
  [
    '[ARN][P] an aws-cn session does not match the aws session ARN of the same name',
    [st({ Principal: { AWS: SESSION } })],
    CN_SESSION,
    'ImplicitDeny',
  ],
  [
    '[ARN][P] an aws-us-gov root matches its root ARN',
    [st({ Principal: { AWS: GOV_ROOT } })],
    GOV_ROOT,
    'Allowed',
  ],
  [
    '[ARN][P] an aws-us-gov root does not match the aws root ARN',
    [st({ Principal: { AWS: ROOT } })],
    GOV_ROOT,
    'ImplicitDeny',
  ],
  [
    '[ARN][P] an aws-us-gov user matches a bare account id',
    [st({ Principal: { AWS: HUB } })],
    GOV_USER,
    'Allowed',
  ],
  [
    '[ARN][P] an aws-us-gov user does not match the aws user ARN',
    [st({ Principal: { AWS: USER } })],
    GOV_USER,
    'ImplicitDeny',
  ],
  [
    "[ARN][CK] aws:PrincipalArn of an aws-cn session is the role's aws-cn ARN",
    when({ ArnEquals: { 'aws:PrincipalArn': `arn:aws-cn:iam::${HUB}:role/CheckoutRole` } }),
    CN_SESSION,
    'Allowed',
  ],
  [
    '[CO][ARN] ArnLike with a wildcard partition matches every partition',
    when({ ArnLike: { 'aws:PrincipalArn': `arn:*:iam::${HUB}:role/CheckoutRole` } }),
    CN_SESSION,
    'Allowed',
  ],
  [
    '[R][ARN] a wildcard partition in Resource',
    [st({ Resource: `arn:*:execute-api:*:${SPOKE}:${API_ID}/*` })],
    { principal: ROLE, resource: GOV_API },
    'Allowed',
  ],
  [
    '[R][ARN] an aws-us-gov Resource matches the aws-us-gov API',
    [st({ Resource: `arn:aws-us-gov:execute-api:*:*:*` })],
    { principal: ROLE, resource: GOV_API },
    'Allowed',
  ],
  [
    '[R][ARN] an aws-us-gov Resource does not match an aws API',
    [st({ Resource: `arn:aws-us-gov:execute-api:*:*:*` })],
    ROLE,
    'ImplicitDeny',
  ],

  // ---- Policy variables [PV] [CK]
  [
    "[PV] ${aws:username} in NotResource: the user's own path is left out",
    [st({ Effect: 'Deny', Resource: undefined, NotResource: arn('prod/GET/${aws:username}') }), st({})],
    { principal: USER, resource: arn('prod/GET/pets') },
    'Allowed',
  ],
  [
    '[PV] ${aws:username} in NotResource: another path is denied',
    [st({ Effect: 'Deny', Resource: undefined, NotResource: arn('prod/GET/${aws:username}') }), st({})],
    { principal: USER, resource: arn('prod/GET/cats') },
    'ExplicitDeny',
  ],
  [
    '[PV] two variables in one Resource',
    [st({ Resource: arn('${aws:PrincipalTag/stage}/GET/${aws:PrincipalTag/team}') })],
    { principal: SESSION, resource: arn('prod/GET/pets'), ...tags({ stage: 'prod', team: 'pets' }) },
    'Allowed',
  ],
  resourceCase(
    '[PV] a variable in the short form of a resource policy',
    'execute-api:/prod/GET/${aws:PrincipalTag/team}',
    { principal: SESSION, ...tags({ team: 'pets' }) },
    'Allowed',
  ),
  [
    "[PV] the documented default: ${aws:userid, 'anonymous'} for an anonymous caller",
    [st({ Resource: arn("prod/GET/${aws:userid, 'anonymous'}") })],
    { principal: 'anonymous', resource: arn('prod/GET/anonymous') },
    'Allowed',
  ],
  [
    "[PV] ... and a signed caller's own aws:userid wins over the default",
    [st({ Resource: arn("prod/GET/${aws:userid, 'anonymous'}") })],
    { principal: USER, resource: arn('prod/GET/anonymous') },
    'ImplicitDeny',
  ],
  [
    "[PV] a default in a condition value: StringEquals with ${aws:PrincipalTag/team, 'company-wide'}",
    when({ StringEquals: { 'aws:PrincipalTag/project': "${aws:PrincipalTag/team, 'company-wide'}" } }),
    { principal: SESSION, ...tags({ project: 'company-wide' }) },
    'Allowed',
  ],
  [
    '[PV][CK] the account root: aws:userid is the account id',
    when({ StringEquals: { 'aws:userid': '${aws:PrincipalAccount}' } }),
    ROOT,
    'Allowed',
  ],
  [
    '[PV][CK] a role session has no aws:username: StringLike over ${aws:username} is false',
    when({ StringLike: { 'aws:userid': '*:${aws:username}' } }),
    SESSION,
    'ImplicitDeny',
  ],
  [
    '[PV][CK] an IAM user has aws:username',
    when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }),
    { principal: USER, ...tags({ owner: 'pets' }) },
    'Allowed',
  ],
  [
    '[PV] StringEqualsIgnoreCase against a variable',
    when({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    { principal: SESSION, ...tags({ owner: 'PETS', team: 'pets' }) },
    'Allowed',
  ],
  [
    '[PV] ForAnyValue:StringEquals against a variable',
    when({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': '${aws:PrincipalTag/allowed}' } }),
    { principal: SESSION, context: { 'aws:TagKeys': ['x', 'team'] }, ...tags({ allowed: 'team' }) },
    'Allowed',
  ],
  [
    '[PV] ${?} in a StringLike value is a literal ?',
    when({ StringLike: { 'aws:PrincipalTag/q': 'why${?}' } }),
    { principal: SESSION, ...tags({ q: 'whyX' }) },
    'ImplicitDeny',
  ],
  [
    '[PV] ${*} in a StringLike value is a literal *',
    when({ StringLike: { 'aws:PrincipalTag/q': 'a${*}' } }),
    { principal: SESSION, ...tags({ q: 'a*' }) },
    'Allowed',
  ],
  [
    '[PV] no Version: a condition value with a variable is compared as written',
    when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    { principal: SESSION, ...tags({ owner: '${aws:PrincipalTag/team}', team: 'x' }) },
    'Allowed',
    { version: null },
  ],
  [
    '[PV][CO] a variable with no value under StringNotLike: true, as for a missing key',
    when({ StringNotLike: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}*' } }, 'Deny'),
    { principal: SESSION, ...tags({ owner: 'pets' }) },
    'ExplicitDeny',
  ],
  [
    '[PV][CO] a variable with no value under ArnNotEquals: true',
    when(
      { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalTag/acct}:role/CheckoutRole' } },
      'Deny',
    ),
    SESSION,
    'ExplicitDeny',
  ],
  [
    "[PV] a variable resolves only after the ARN's fifth colon: not in the account",
    [st({ Resource: 'arn:aws:execute-api:us-east-1:${aws:PrincipalAccount}:*' })],
    { principal: `arn:aws:iam::${SPOKE}:role/LocalRole` },
    'refused',
  ],

  [
    '[PV] a variable in the partition is refused too (IAM: Partition "${…}" is not valid)',
    [st({ Resource: 'arn:${aws:PrincipalTag/partition}:execute-api:*:*:*' })],
    { principal: SESSION, ...tags({ partition: 'aws' }) },
    'refused',
  ],
  [
    '[CK] aws:PrincipalType of a role session is AssumedRole',
    when({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }),
    SESSION,
    'Allowed',
  ],
  [
    '[CK] aws:PrincipalType of an IAM user is User',
    when({ StringEquals: { 'aws:PrincipalType': 'User' } }),
    USER,
    'Allowed',
  ],
  [
    '[CK] aws:PrincipalType of the root user is Account',
    when({ StringEquals: { 'aws:PrincipalType': 'Account' } }),
    ROOT,
    'Allowed',
  ],
  [
    '[CK][AGK] an anonymous call carries no aws:PrincipalAccount: StringNotEquals holds',
    when({ StringNotEquals: { 'aws:PrincipalAccount': HUB } }, 'Deny'),
    'anonymous',
    'ExplicitDeny',
  ],
  [
    '[CK][AGK] an anonymous call carries no aws:userid: StringLike is false',
    when({ StringLike: { 'aws:userid': '*' } }),
    'anonymous',
    'ImplicitDeny',
  ],

  // ---- Conditions [CO] [C] [SV] [MV]
  [
    '[SV] ForAnyValue:StringNotEquals, key missing: false',
    when({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'a' } }),
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[SV] ForAnyValue:StringLike, empty list: false',
    when({ 'ForAnyValue:StringLike': { 'aws:TagKeys': '*' } }),
    roleWith({ 'aws:TagKeys': [] }),
    'ImplicitDeny',
  ],
  [
    '[MV] ForAllValues:StringNotLike (Deny), no aws:TagKeys: matches',
    when({ 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, 'Deny'),
    ROLE,
    'ExplicitDeny',
  ],
  [
    '[MV] ForAllValues:StringNotLike (Deny), key1:legal: no match',
    when({ 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, 'Deny'),
    roleWith({ 'aws:TagKeys': ['key1:legal'] }),
    'ImplicitDeny',
  ],
  [
    '[MV] ForAllValues:StringNotLike (Deny), key2:audit: matches',
    when({ 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, 'Deny'),
    roleWith({ 'aws:TagKeys': ['key2:audit'] }),
    'ExplicitDeny',
  ],
  [
    '[MV] ForAllValues:StringNotLike (Deny), key1:hr and key2:x: no match (not all are unlike)',
    when({ 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, 'Deny'),
    roleWith({ 'aws:TagKeys': ['key1:hr', 'key2:x'] }),
    'ImplicitDeny',
  ],
  [
    '[SV] a multivalued key without a qualifier, StringNotEquals, one of two values named: not written (§31)',
    when({ StringNotEquals: { 'aws:TagKeys': 'a' } }),
    roleWith({ 'aws:TagKeys': ['b', 'a'] }),
    'undecided',
  ],
  [
    '[CO] NumericLessThanIfExists, key missing: true',
    when({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }),
    ROLE,
    'Allowed',
  ],
  [
    '[CO] IpAddressIfExists, key missing: true',
    when({ IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } }),
    ROLE,
    'Allowed',
  ],
  [
    '[CO] DateGreaterThanIfExists, key present and earlier: false',
    when({ DateGreaterThanIfExists: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }),
    roleWith({ 'aws:TokenIssueTime': '2019-01-01T00:00:00Z' }),
    'ImplicitDeny',
  ],
  [
    '[CO] StringNotEqualsIfExists, key present with the value: false',
    when({ StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    roleWith({ 'aws:SourceVpce': 'vpce-1a2b3c4d' }),
    'ImplicitDeny',
  ],
  [
    '[CO] DateLessThan, key missing: false (an IAM user signs with long-term keys: no aws:TokenIssueTime)',
    when({ DateLessThan: { 'aws:TokenIssueTime': '2030-01-01T00:00:00Z' } }),
    USER,
    'ImplicitDeny',
  ],
  [
    '[CO] Null false on aws:PrincipalArn: anonymous has none',
    when({ Null: { 'aws:PrincipalArn': 'false' } }),
    'anonymous',
    'ImplicitDeny',
  ],
  [
    '[CO] Null true on aws:PrincipalArn: anonymous',
    when({ Null: { 'aws:PrincipalArn': 'true' } }),
    'anonymous',
    'Allowed',
  ],
  [
    '[CO] IpAddress on aws:VpcSourceIp, a private address (the documented private-API example)',
    when({ IpAddress: { 'aws:VpcSourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } }, 'Deny'),
    roleWith({ 'aws:VpcSourceIp': '192.0.2.44' }),
    'ExplicitDeny',
  ],
  [
    '[C] condition key names are case-insensitive, tag keys included',
    when({ StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'pets' } }),
    { principal: SESSION, ...tags({ team: 'pets' }) },
    'Allowed',
  ],
  [
    '[C] values are case-sensitive: StringEquals on aws:PrincipalArn',
    when({ StringEquals: { 'aws:PrincipalArn': ROLE.toLowerCase() } }),
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[CO] StringLike "*" matches an empty value',
    when({ StringLike: { 'aws:PrincipalTag/team': '*' } }),
    { principal: SESSION, ...tags({ team: '' }) },
    'Allowed',
  ],
  [
    '[CO] ArnLike on a value that is no ARN: false',
    when({ ArnLike: { 'aws:PrincipalTag/a': 'arn:aws:iam::*:role/*' } }),
    { principal: SESSION, ...tags({ a: 'CheckoutRole' }) },
    'ImplicitDeny',
  ],
  [
    '[CO] the first matching operator block does not short-circuit the others (AND)',
    when({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-x' }, Bool: { 'aws:SecureTransport': 'true' } }),
    roleWith({ 'aws:SecureTransport': false }),
    'ImplicitDeny',
  ],

  // ---- Invalid documents [G] [V] [P] [C]
  [
    '[G] "version" in lowercase is no element',
    '{"version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    ROLE,
    'refused',
  ],
  [
    '[G] "statement" in lowercase is no element',
    '{"Version":"2012-10-17","statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    ROLE,
    'refused',
  ],
  [
    '[G] "principal" in lowercase is no element',
    [{ Effect: 'Allow', principal: '*', Action: '*', Resource: '*' }],
    ROLE,
    'refused',
  ],
  ['[G] "Effect": "ALLOW" is no effect', [st({ Effect: 'ALLOW' })], { principal: ROLE }, 'refused'],
  [
    '[V] Version "2012-10-17 " (trailing space)',
    '{"Version":"2012-10-17 ","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    ROLE,
    'refused',
  ],
  ['[V] Version "2008-10-17" is still accepted', [st({})], ROLE, 'Allowed', { version: '2008-10-17' }],
  [
    '[G] a Statement that is a string',
    '{"Version":"2012-10-17","Statement":"Allow everything"}',
    ROLE,
    'refused',
  ],
  [
    '[G] an empty Action list (no effect: doc-fifth-reading)',
    [st({ Action: [] })],
    { principal: ROLE },
    'ImplicitDeny',
  ],
  ['[G] an empty Resource string', [st({ Resource: '' })], { principal: ROLE }, 'refused'],
  [
    '[C] a condition value that is an object',
    [st({ Condition: { StringEquals: { 'aws:SourceVpce': { id: 'vpce-1' } } } })],
    ROLE,
    'refused',
  ],
  [
    '[C] a Numeric value that is no number',
    [st({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } } })],
    ROLE,
    'refused',
  ],
  [
    '[C] an operator misspelled as ...IfExist',
    [st({ Condition: { StringEqualsIfExist: { 'aws:SourceVpce': 'v' } } })],
    ROLE,
    'refused',
  ],
  [
    '[C] ForAllValues:Null is always true (Access Analyzer "Null with qualifier"; doc-fifth-reading)',
    [st({ Condition: { 'ForAllValues:Null': { 'aws:TagKeys': 'true' } } })],
    ROLE,
    'Allowed',
  ],
  [
    '[G] Principal and NotPrincipal in an endpoint policy statement',
    [st({ NotPrincipal: { AWS: ROLE } })],
    ROLE,
    'refused',
    { kind: 'endpoint' },
  ],
  [
    '[P] a resource policy: NotPrincipal stands for Principal',
    [{ Effect: 'Deny', NotPrincipal: { AWS: ROOT }, Action: '*', Resource: 'execute-api:/*' }],
    ROOT,
    'ImplicitDeny',
    { kind: 'resource' },
  ],

  // ---- Actions [A] with execute-api
  ['[A] execute-api:* covers Invoke', [st({ Action: 'execute-api:*' })], { principal: ROLE }, 'Allowed'],
  [
    '[A] execute-api:InvalidateCache is not Invoke',
    [st({ Action: 'execute-api:InvalidateCache' })],
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[A] NotAction execute-api:Invoke: an Allow does not cover Invoke',
    [st({ Action: undefined, NotAction: 'execute-api:Invoke' })],
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[A] NotAction s3:*: an Allow covers Invoke',
    [st({ Action: undefined, NotAction: 's3:*' })],
    ROLE,
    'Allowed',
  ],
  [
    '[A] NotAction execute-api:*: a Deny spares Invoke',
    [st({ Effect: 'Deny', Action: undefined, NotAction: 'execute-api:*' }), st({})],
    ROLE,
    'Allowed',
  ],
  [
    '[A] NotAction is case-insensitive',
    [st({ Effect: 'Deny', Action: undefined, NotAction: 'EXECUTE-API:INVOKE' }), st({})],
    ROLE,
    'Allowed',
  ],
  ['[A] an action pattern with ? for one character', [st({ Action: 'execute-api:I?voke' })], ROLE, 'Allowed'],

  // ---- Resources and the short form [R] [AGX] [AGI]
  resourceCase(
    '[AGX] execute-api:/*/*/* is every stage, verb and path',
    'execute-api:/*/*/*',
    ROLE,
    'Allowed',
  ),
  resourceCase(
    '[AGX] execute-api:/prod/* is every verb and path of a stage',
    'execute-api:/prod/*',
    { principal: ROLE, resource: arn('prod/DELETE/pets/7') },
    'Allowed',
  ),
  resourceCase(
    '[AGX] the short form names the root path with a trailing slash',
    'execute-api:/prod/GET/',
    { principal: ROLE, resource: arn('prod/GET/') },
    'Allowed',
  ),
  resourceCase('[AGX] the root path does not name /pets', 'execute-api:/prod/GET/', ROLE, 'ImplicitDeny'),
  resourceCase('[R] pets/* does not match pets itself', 'execute-api:/prod/GET/pets/*', ROLE, 'ImplicitDeny'),
  resourceCase('[AGX] a stage wildcard inside the short form', 'execute-api:/pro?/GET/pets', ROLE, 'Allowed'),
  [
    '[AGX] the short form and a full ARN in one list',
    [st({ Resource: ['execute-api:/dev/*', arn('prod/GET/pets')] })],
    ROLE,
    'Allowed',
    { kind: 'resource' },
  ],
  resourceCase(
    '[AGX] the short form in an aws-us-gov API',
    'execute-api:/prod/GET/pets',
    { principal: ROLE, resource: GOV_API },
    'Allowed',
  ),
  [
    '[AGI] a wildcard API id: every API of the account',
    [st({ Resource: `arn:aws:execute-api:us-east-1:${SPOKE}:*` })],
    ROLE,
    'Allowed',
  ],
  [
    '[AGI] the HTTP verb is upper case in the ARN',
    [st({ Resource: arn('prod/get/*') })],
    ROLE,
    'ImplicitDeny',
  ],
  [
    '[R] a resource "*" with a NotResource elsewhere',
    [st({ Resource: undefined, NotResource: arn('prod/POST/*') })],
    ROLE,
    'Allowed',
  ],
  [
    '[R] a wildcard in the service segment is refused',
    [st({ Resource: `arn:aws:*:us-east-1:${SPOKE}:*` })],
    ROLE,
    'refused',
  ],
  [
    '[R] ... a partial one too',
    [st({ Resource: `arn:aws:execute-*:us-east-1:${SPOKE}:*` })],
    ROLE,
    'refused',
  ],
  [
    '[R] wildcards in the region and account segments are fine',
    [st({ Resource: `arn:aws:execute-api:us-*-1:2*:${API_ID}/*` })],
    ROLE,
    'Allowed',
  ],
  [
    '[R] NotResource "*" excludes everything',
    [st({ Resource: undefined, NotResource: '*' })],
    ROLE,
    'ImplicitDeny',
  ],
];

describe('a second reading of AWS documentation: every case agrees', () => eachAgrees(cases));

describe('[ARN][AGI] the partition of an execute-api ARN follows the region (botocore partitions.json)', () => {
  it.each([
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['il-central-1', 'aws'],
    ['mx-central-1', 'aws'],
  ])('%s is in %s', (region, partition) => {
    expect(petsArnIn(region)).toBe(`arn:${partition}:execute-api:${region}:${SPOKE}:${API_ID}/prod/GET/pets`);
  });
});
