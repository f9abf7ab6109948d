// A fifth set of policy cases written from AWS's documentation (issue 11; lane C, 2026-12-01), on
// topics the first four readings left open or did not reach: the spelling AWS's validator insists on
// (operator names, Bool/Null values, the default of a policy variable, ARN condition values with fewer
// than six parts), IPv4 and IPv6 blocks, Null and the set operators over multivalued and empty keys,
// date and number formats, values AWS stores but warns about, keys a call does not carry (an endpoint,
// MFA), `?` in ARNs, session and service principals. Each case names its page; where the pages are
// silent or disagree the case says which reading was chosen and docs/aws-behaviour.md §17 gives why.
//
// Pages (https://docs.aws.amazon.com/…, read 2026-12-01 through awsdocs/iam-user-guide and the current pages):
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (Bool compares to
//         "true" or "false"; IP values "in the standard CIDR format", no prefix = /32; "Each of the six
//         colon-delimited components of the ARN is checked separately"; Null takes `true`/`false`;
//         Date and Numeric operators)
//   [C]   IAM/latest/UserGuide/reference_policies_elements_condition.html (key *names* case-insensitive;
//         nothing says operator names are)
//   [AAC] IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html: "Invalid condition operator"
//         and "Invalid condition multiple Boolean" (ERRORs); the suggestions "Empty object condition",
//         "Empty array principal/resource/action", "Empty object principal" ("the statement has no
//         effect on the policy"), "Empty array condition ForAllValues/IfExists" ("matches only if the
//         key … is missing"), "… ForAnyValue" ("never matches"), "Empty array condition" (the page says
//         both "the condition returns true" and "does not affect the policy"), "Null with qualifier"
//         (ForAllValues/ForAnyValue "always return a true or false respectively"); "Type mismatch Boolean: Add a valid Boolean value (true or false)", "Type mismatch date",
//         "Type mismatch IP range", "Type mismatch number" (general warnings: IAM stores the policy and
//         does not say how it evaluates the value)
//   [IAMV] IAM's CreateRole answering `stringEquals`: "MalformedPolicyDocument: Invalid Condition type :
//         stringEquals" (ministryofjustice/modernisation-platform-environments#8893, 2024-11-29)
//   [PV]  IAM/latest/UserGuide/reference_policies_variables.html ("separate the variable text and the
//         default value with a comma and space (, )"); cloud-copilot/iam-simulate (src/util.ts
//         convertIamString) splits on ", " and reads `${key,'d'}` as a key named `key,'d'`, while the
//         engine read it as a default: public readings disagree
//   [MV]  IAM/latest/UserGuide/reference_policies_multi-value-conditions.html (ForAllValues true for no
//         key or a null data set such as an empty string; ForAnyValue false)
//   [CK]  IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:SourceVpce "only if the
//         requester uses a VPC endpoint"; aws:MultiFactorAuthAge "If MFA was not used, this key is not
//         present")
//   [V6]  privateca/latest/userguide/using-ipv6-iam.html ("Since all IPv6 addresses are outside of the
//         denied range [192.0.2.0/24], this statement does not explicitly deny … for any IPv6
//         addresses"), secretsmanager/latest/userguide/ip-access.html (dual-stack policies list IPv4
//         and IPv6 ranges side by side); cloud-copilot/iam-simulate (src/condition/ipaddress/ip.ts): an
//         IPv4 address is in no IPv6 block and an IPv6 address in no IPv4 block
//   [P]   IAM/latest/UserGuide/reference_policies_elements_principal.html ("In a Principal element,
//         the user name part of the ARN is case sensitive"; session principals; service principals)
//   [NP]  IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
//   [R]   IAM/latest/UserGuide/reference_policies_elements_resource.html (`*` and `?` in ARNs)
//   [A]   IAM/latest/UserGuide/reference_policies_elements_action.html
import { describe, expect, it } from 'vitest';
import { lintPolicy, parsePolicy, PolicyError } from '../../src/policy/index.js';
import * as kit from './doc-cases.js';

/** A role session calling with the given request keys. */
const withKeys = (context: Record<string, string | number | boolean | string[]>): kit.Caller => ({
  principal: kit.SESSION,
  context,
});
const NOW = { 'aws:CurrentTime': '2026-12-01T12:00:00Z', 'aws:EpochTime': 1796126400 };
const ip = (a: string) => withKeys({ 'aws:SourceIp': a });
/** A statement denying everyone unless the condition spares them, after an allow to everyone. */
const cases: kit.DocCase[] = [
  // ---- Operator names are written as AWS spells them [C][IAMV][AAC]
  [
    '[IAMV] an operator name in another case is refused (IAM: "Invalid Condition type : stringEquals")',
    kit.when({ stringEquals: { 'aws:PrincipalAccount': kit.HUB } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[IAMV] ... in every kind of policy (resource)',
    kit.when({ STRINGEQUALS: { 'aws:PrincipalAccount': kit.HUB } }),
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[IAMV] ... the IfExists suffix too',
    kit.when({ StringEqualsifexists: { 'aws:PrincipalAccount': kit.HUB } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[IAMV] ... the set qualifier too',
    kit.when({ 'forAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': 'o-1/*' } }),
    kit.SESSION,
    'refused',
  ],
  ['[IAMV] ... Null too', kit.when({ null: { 'aws:SourceVpce': 'true' } }), kit.SESSION, 'refused'],
  [
    '[C] the key name in another case is the same key',
    kit.when({ StringEquals: { 'AWS:PRINCIPALACCOUNT': kit.HUB } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] ForAllValues:StringEqualsIgnoreCaseIfExists is one operator',
    kit.when({ 'ForAllValues:StringEqualsIgnoreCaseIfExists': { 'aws:TagKeys': ['TEAM'] } }),
    withKeys({ 'aws:TagKeys': ['team'] }),
    'Allowed',
  ],
  // ---- Bool and Null take true or false [CO][AAC]
  [
    '[AAC] Bool "True" is no Boolean IAM names: refused, not guessed',
    kit.when({ Bool: { 'aws:SecureTransport': 'True' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] Bool "FALSE" likewise',
    kit.denyWhen({ Bool: { 'aws:ViaAWSService': 'FALSE' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] Bool with a JSON true is "true"',
    kit.when({ Bool: { 'aws:SecureTransport': true } }),
    withKeys({ 'aws:SecureTransport': true }),
    'Allowed',
  ],
  [
    '[CO] Null "TRUE" is refused like Bool',
    kit.when({ Null: { 'aws:SourceVpce': 'TRUE' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] Null with a JSON false: the key is present',
    kit.when({ Null: { 'aws:SourceVpce': false } }),
    withKeys({ 'aws:SourceVpce': 'vpce-1a2b3c4d' }),
    'Allowed',
  ],
  // ---- A variable's default takes ", " [PV]
  [
    "[PV] ${key,'d'} without the space is refused: readings disagree",
    kit.when({ StringEquals: { 'aws:PrincipalAccount': "${aws:PrincipalTag/acct,'222222222222'}" } }),
    kit.SESSION,
    'refused',
  ],
  [
    "[PV] ${key, 'd'} as documented: the default stands in for a missing tag",
    kit.when({ StringEquals: { 'aws:PrincipalAccount': `\${aws:PrincipalTag/acct, '${kit.HUB}'}` } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[PV] the same without the space in a Resource is refused',
    [
      kit.st({
        Resource: `arn:aws:execute-api:us-east-1:${kit.SPOKE}:${kit.API_ID}/\${aws:PrincipalTag/stage,'prod'}/GET/pets`,
      }),
    ],
    kit.SESSION,
    'refused',
  ],
  [
    '[PV] with Version 2008-10-17 the text is no variable, so nothing is refused',
    kit.when({ StringEquals: { 'aws:PrincipalAccount': "${aws:PrincipalTag/acct,'x'}" } }),
    kit.SESSION,
    'ImplicitDeny',
    { version: '2008-10-17' },
  ],
  // ---- Arn operators compare six components [CO]
  [
    '[CO] ArnLike with fewer than six components is refused (nothing to compare part by part)',
    kit.when({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}` } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] ArnNotLike likewise (a Deny over it could go either way)',
    kit.denyWhen({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] ArnLike with six components, wildcards in each',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Checkout*' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] a wildcard in the account component does not span the colon before the resource',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*role/CheckoutRole' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] ArnEquals behaves as ArnLike (wildcards count)',
    kit.when({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/*` } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] a variable standing for a whole ARN is compared once resolved',
    kit.when({ ArnEquals: { 'aws:PrincipalArn': '${aws:PrincipalArn}' } }),
    kit.SESSION,
    'Allowed',
  ],
  // ---- IP address blocks: IPv4 and IPv6 are separate families [CO][V6]
  [
    '[V6] an IPv4 address is not inside ::/0',
    kit.when({ IpAddress: { 'aws:SourceIp': '::/0' } }),
    ip('203.0.113.5'),
    'ImplicitDeny',
  ],
  [
    '[V6] a Deny NotIpAddress ::/0 therefore denies an IPv4 caller',
    kit.denyWhen({ NotIpAddress: { 'aws:SourceIp': '::/0' } }),
    ip('203.0.113.5'),
    'ExplicitDeny',
  ],
  [
    '[V6] an IPv6 address is not inside 0.0.0.0/0',
    kit.when({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }),
    ip('2001:db8::5'),
    'ImplicitDeny',
  ],
  [
    '[V6] an IPv4-mapped IPv6 address is an IPv6 address (outside every IPv4 block)',
    kit.when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    ip('::ffff:203.0.113.5'),
    'ImplicitDeny',
  ],
  [
    '[V6] listing both families covers both',
    kit.when({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }),
    ip('203.0.113.5'),
    'Allowed',
  ],
  [
    '[CO] an address without a prefix is a /32',
    kit.when({ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }),
    ip('203.0.113.6'),
    'ImplicitDeny',
  ],
  [
    '[CO] host bits in the block: the prefix decides',
    kit.when({ IpAddress: { 'aws:SourceIp': '203.0.113.77/24' } }),
    ip('203.0.113.200'),
    'Allowed',
  ],
  [
    '[CO] IPv6 in upper case and compressed',
    kit.when({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }),
    ip('2001:db8:1234:5678:abcd::1'),
    'Allowed',
  ],
  [
    '[AAC] a prefix over 32 is no CIDR block: refused, not guessed',
    kit.when({ IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }),
    ip('10.0.0.1'),
    'refused',
  ],
  [
    '[AAC] an octet over 255 likewise',
    kit.denyWhen({ NotIpAddress: { 'aws:SourceIp': '10.0.0.256' } }),
    ip('10.0.0.1'),
    'refused',
  ],
  [
    '[CK] aws:VpcSourceIp absent (no endpoint): IpAddress false',
    kit.when({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }),
    kit.SESSION,
    'ImplicitDeny',
  ],
  // ---- Null and set operators over multivalued and empty keys [CO][MV]
  [
    '[CO][MV] Null true over an empty list: the key is absent',
    kit.when({ Null: { 'aws:TagKeys': 'true' } }),
    withKeys({ 'aws:TagKeys': [] }),
    'Allowed',
  ],
  [
    '[CO] Null true over a list with a value: present',
    kit.when({ Null: { 'aws:TagKeys': 'true' } }),
    withKeys({ 'aws:TagKeys': ['team'] }),
    'ImplicitDeny',
  ],
  [
    '[CO] Null with both values: either holds',
    kit.when({ Null: { 'aws:SourceVpce': ['true', 'false'] } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[MV] ForAllValues over an empty list is true',
    kit.when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }),
    withKeys({ 'aws:TagKeys': [] }),
    'Allowed',
  ],
  [
    '[MV] ForAllValues over an empty string is true',
    kit.when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }),
    withKeys({ 'aws:TagKeys': '' }),
    'Allowed',
  ],
  [
    '[MV] ForAnyValue over an empty list is false',
    kit.when({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }),
    withKeys({ 'aws:TagKeys': [] }),
    'ImplicitDeny',
  ],
  [
    '[MV] a Deny ForAllValues:StringNotEquals over an empty list denies',
    kit.denyWhen({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['team'] } }),
    withKeys({ 'aws:TagKeys': [] }),
    'ExplicitDeny',
  ],
  [
    '[MV] ForAllValues: one value outside the set makes it false',
    kit.when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } }),
    withKeys({ 'aws:TagKeys': ['team', 'cost'] }),
    'ImplicitDeny',
  ],
  // ---- Dates and numbers [CO][AAC]
  [
    '[CO] DateLessThan with a date alone (midnight UTC)',
    kit.when({ DateLessThan: { 'aws:CurrentTime': '2026-12-02' } }),
    withKeys(NOW),
    'Allowed',
  ],
  [
    '[CO] DateLessThan with epoch seconds',
    kit.when({ DateLessThan: { 'aws:CurrentTime': '1796126399' } }),
    withKeys(NOW),
    'ImplicitDeny',
  ],
  [
    '[CO] a date with an offset is the same instant',
    kit.when({ DateEquals: { 'aws:CurrentTime': '2026-12-01T13:00:00+01:00' } }),
    withKeys(NOW),
    'Allowed',
  ],
  [
    '[CO] aws:EpochTime against an ISO date',
    kit.when({ DateGreaterThan: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } }),
    withKeys(NOW),
    'Allowed',
  ],
  [
    '[AAC] a date that is no date is refused, not guessed',
    kit.when({ DateLessThan: { 'aws:CurrentTime': 'tomorrow' } }),
    withKeys(NOW),
    'refused',
  ],
  [
    '[CO] NumericEquals compares numbers: 10 and 10.0',
    kit.when({ NumericEquals: { 'aws:MultiFactorAuthAge': '10.0' } }),
    withKeys({ 'aws:MultiFactorAuthAge': '10' }),
    'Allowed',
  ],
  [
    '[AAC] NumericEquals with a word is refused, not guessed',
    kit.when({ NumericEquals: { 'aws:MultiFactorAuthAge': 'ten' } }),
    withKeys({ 'aws:MultiFactorAuthAge': '10' }),
    'refused',
  ],
  [
    '[CO] a request value that is no number matches no NumericEquals',
    kit.when({ NumericEquals: { 'aws:MultiFactorAuthAge': '10' } }),
    withKeys({ 'aws:MultiFactorAuthAge': 'ten' }),
    'ImplicitDeny',
  ],
  // ---- Keys a call does not carry [CK]
  [
    '[CK] aws:SourceVpce is absent on a call not through an endpoint: StringEquals false',
    kit.when({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[CK] ... so a Deny StringNotEquals on it denies',
    kit.denyWhen({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    kit.SESSION,
    'ExplicitDeny',
  ],
  [
    '[CO][CK] ... StringNotEqualsIfExists too (IfExists: no key makes the condition true)',
    kit.denyWhen({ StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    kit.SESSION,
    'ExplicitDeny',
  ],
  [
    '[CK] aws:MultiFactorAuthAge absent without MFA: NumericLessThan false',
    kit.when({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[CK] ... a Deny NumericGreaterThan spares the session (no key, no match)',
    kit.denyWhen({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CK] ... Null says it is absent',
    kit.when({ Null: { 'aws:MultiFactorAuthAge': 'true' } }),
    kit.SESSION,
    'Allowed',
  ],
  // ---- `?` in ARNs and actions [R][A]
  [
    '[R] ? stands for one character of the API id',
    [kit.st({ Resource: `arn:aws:execute-api:us-east-1:${kit.SPOKE}:a1b2c3d4e?/prod/GET/pets` })],
    kit.SESSION,
    'Allowed',
  ],
  [
    '[R] ? never stands for no character',
    [kit.st({ Resource: `arn:aws:execute-api:us-east-1:${kit.SPOKE}:a1b2c3d4e5?/prod/GET/pets` })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[R] ? in the region',
    [kit.st({ Resource: `arn:aws:execute-api:us-east-?:${kit.SPOKE}:${kit.API_ID}/*` })],
    kit.SESSION,
    'Allowed',
  ],
  ['[A] ? in the action', [kit.st({ Action: 'execute-api:Invok?' })], kit.SESSION, 'Allowed'],
  // ---- Principals [P][NP]
  [
    '[NP] NotPrincipal with Allow is refused',
    [kit.st({ Principal: undefined, NotPrincipal: { AWS: kit.ROLE } })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  kit.principalCase(
    '[P] a session principal with a wildcard session name is refused',
    { AWS: `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/*` },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase(
    '[P] a session principal names that session only',
    { AWS: `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/deploy` },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a session principal names no IAM user of its account',
    { AWS: kit.SESSION },
    kit.USER,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a role name in another case names another role (names are written as IAM shows them)',
    { AWS: `arn:aws:iam::${kit.HUB}:role/checkoutrole` },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a user name in another case names another user ("case sensitive")',
    { AWS: `arn:aws:iam::${kit.HUB}:user/PETS` },
    kit.USER,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] the API Gateway service principal names no role session',
    { Service: 'apigateway.amazonaws.com' },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a service principal names no anonymous caller either',
    { Service: 'apigateway.amazonaws.com' },
    'anonymous',
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] a service principal in a Deny spares a role session',
    { Service: 'lambda.amazonaws.com' },
    kit.SESSION,
    'Allowed',
    true,
  ),
  [
    '[CO] StringEqualsIgnoreCase on aws:PrincipalArn names the role in any case',
    kit.when({ StringEqualsIgnoreCase: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/checkoutrole` } }),
    { principal: kit.SESSION, context: { 'aws:PrincipalArn': kit.ROLE } },
    'Allowed',
  ],
  [
    '[P] an identity policy with an operator in another case is refused too',
    [
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
    kit.SESSION,
    'refused',
    kit.I,
  ],
  // ---- Empty elements IAM stores with a suggestion [AAC]: "does not affect the policy"
  // The sixth reading (doc-sixth-reading, docs/aws-behaviour.md §20) found the page says it both ways
  // ("This condition block is empty and it does not affect the policy"): refused since.
  [
    '[AAC] an empty Condition object: the page reads both ways, refused (was: no effect)',
    [kit.st({ Condition: {} })],
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] ... in a Deny too (was: denies nothing)',
    kit.allowAllThenDeny({ Condition: {} }),
    kit.SESSION,
    'refused',
  ],
  kit.principalCase(
    '[AAC] an empty Principal array: the statement has no effect',
    { AWS: [] },
    kit.SESSION,
    'Allowed',
    true,
  ),
  kit.principalCase('[AAC] an empty Principal object likewise', {}, 'anonymous', 'ImplicitDeny'),
  [
    '[AAC] an empty Resource array: the statement has no effect',
    kit.allowAllThenDeny({ Resource: [] }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AAC] an empty Action array: the statement has no effect',
    [kit.st({ Action: [] })],
    kit.SESSION,
    'ImplicitDeny',
  ],
  [
    '[AAC] ForAllValues with no values matches only a missing key (key present: false)',
    kit.when({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': [] } }),
    withKeys({ 'aws:TagKeys': ['team'] }),
    'ImplicitDeny',
  ],
  [
    '[AAC] ... (key missing: true)',
    kit.when({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': [] } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AAC] ForAnyValue with no values never matches, negated too',
    kit.when({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': [] } }),
    withKeys({ 'aws:TagKeys': ['team'] }),
    'ImplicitDeny',
  ],
  [
    '[AAC] IfExists with no values matches only a missing key, negated too',
    kit.denyWhen({ StringNotEqualsIfExists: { 'aws:SourceVpce': [] } }),
    withKeys({ 'aws:SourceVpce': 'vpce-1a2b3c4d' }),
    'Allowed',
  ],
  [
    '[AAC] a plain operator with no values: the page says both "returns true" and "does not affect the policy": refused',
    kit.denyWhen({ StringNotEquals: { 'aws:SourceVpce': [] } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] an operator with no keys at all is refused too (undocumented)',
    kit.when({ StringEquals: {} }),
    kit.SESSION,
    'refused',
  ],
  [
    '[AAC] Bool with both values is refused ("Invalid condition multiple Boolean", an ERROR)',
    kit.when({ Bool: { 'aws:SecureTransport': ['true', 'false'] } }),
    withKeys({ 'aws:SecureTransport': true }),
    'refused',
  ],
  [
    '[AAC] ForAllValues:Null "always returns true"',
    kit.when({ 'ForAllValues:Null': { 'aws:SourceVpce': 'false' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AAC] ForAnyValue:Null "always returns false"',
    kit.when({ 'ForAnyValue:Null': { 'aws:SourceVpce': 'true' } }),
    kit.SESSION,
    'ImplicitDeny',
  ],
];

describe('doc fifth reading: the documented outcome', () => {
  kit.eachAgrees(cases);
});

describe('the refusals say what AWS says', () => {
  const msg = (doc: object) => {
    const e = kit.refusal({ Version: '2012-10-17', Statement: doc });
    expect(e).toBeInstanceOf(PolicyError);
    return e!.message;
  };
  it('an operator in another case names the spelling AWS knows', () => {
    const m = msg(kit.when({ stringEquals: { 'aws:PrincipalAccount': kit.HUB } }));
    expect(m).toContain('stringEquals');
    expect(m).toContain('StringEquals');
    expect(m).toMatch(/case/);
  });
  it('a Bool value in another case says true or false', () => {
    expect(msg(kit.when({ Bool: { 'aws:SecureTransport': 'True' } }))).toMatch(/"True".*true or false/);
  });
  it('a default without the space names the documented ", "', () => {
    const m = msg(kit.when({ StringEquals: { 'aws:PrincipalAccount': "${aws:PrincipalTag/acct,'x'}" } }));
    expect(m).toContain(', ');
    expect(m).toMatch(/comma and a space/);
  });
  it('an ARN value with fewer than six parts says so', () => {
    expect(msg(kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }))).toMatch(/six/);
  });
  it('lint names a statement with no effect (SG029, a warning) and the engine leaves it out', () => {
    const p = parsePolicy(
      { Version: '2012-10-17', Statement: [kit.st({ Sid: 'Open' }), kit.st({ Sid: 'Empty', Resource: [] })] },
      { name: 'p' },
      { kind: 'resource' },
    );
    const f = lintPolicy(p, 'resource').filter((x) => x.rule === 'SG029');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', statement: { index: 1, sid: 'Empty' } });
    expect(f[0]!.message).toMatch(/lists no resource.*does not affect the policy/);
  });
  // Was "ArnLike "*" alone still stands for any value"; the sixth reading found no source for it and
  // public evaluators reading it as no ARN (docs/aws-behaviour.md §20): refused since, like any value of
  // fewer than six components.
  it('ArnLike "*" alone is refused too, naming the six-component form', () => {
    expect(msg(kit.when({ ArnLike: { 'aws:PrincipalArn': '*' } }))).toMatch(/six.*arn:\*:\*:\*:\*:\*/);
  });
});
