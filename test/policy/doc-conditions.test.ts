// Condition operators, case by case from AWS's documentation:
//   [CO]  IAM User Guide, "IAM JSON policy elements: Condition operators"
//         (reference_policies_elements_condition_operators): String, Numeric, Date, Bool, Binary,
//         IpAddress (IPv4 and IPv6), Arn (each of the six components separately), ...IfExists, Null,
//         and "If the key that you specify in a policy condition is not present in the request context,
//         the values do not match and the condition is false. If the policy condition requires that the
//         key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present,
//         the condition is true."
//   [CL]  "Conditions with multiple context keys or values" (reference_policies_condition-logic-multiple-context-keys-or-values):
//         operators and keys ANDed, values of one key ORed
//   [SV]  "Single-valued vs. multivalued context keys" and "Set operators for multivalued context keys":
//         ForAllValues true when the key is missing or empty; ForAnyValue false when it is missing
//   [C]   "IAM JSON policy elements: Condition": key names are case-insensitive, values of
//         StringEquals case-sensitive
import { describe, expect, it } from 'vitest';
import type { ContextValue } from '../../src/policy/index.js';
import { allowThenDeny, HUB, outcome } from './doc-cases.js';

const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;

/** Does an Allow with this Condition allow a request carrying exactly `context` (besides the principal's keys)? */
function holds(condition: object, context: Record<string, ContextValue>): boolean {
  const sts = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition }];
  return outcome(sts, { principal: ROLE, context }) === 'Allowed';
}

type Case = [doc: string, condition: object, context: Record<string, ContextValue>, expected: boolean];

const VPCE = 'vpce-1a2b3c4d';
// A condition `op` on the multivalued aws:TagKeys, and a request carrying those tag keys.
const onTags = (op: string, values: string[]) => ({ [op]: { 'aws:TagKeys': values } });
const tags = (values: string[]) => ({ 'aws:TagKeys': values });
const cases: Case[] = [
  // String [CO]
  ['[CO] StringEquals exact', { StringEquals: { 'aws:SourceVpce': VPCE } }, { 'aws:SourceVpce': VPCE }, true],
  [
    '[CO][C] StringEquals values are case-sensitive',
    { StringEquals: { 'aws:SourceVpce': 'VPCE-1A2B3C4D' } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  [
    '[C] condition key names are case-insensitive',
    { StringEquals: { 'AWS:SOURCEVPCE': VPCE } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CO] an IfExists operator on a present key',
    { StringEqualsIfExists: { 'aws:SourceVpce': VPCE } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CO] StringEqualsIgnoreCase',
    { StringEqualsIgnoreCase: { 'aws:SourceVpce': 'VPCE-1A2B3C4D' } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CO] StringNotEqualsIgnoreCase',
    { StringNotEqualsIgnoreCase: { 'aws:SourceVpce': 'VPCE-1A2B3C4D' } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  [
    '[CO] StringNotEquals, another value',
    { StringNotEquals: { 'aws:SourceVpce': 'vpce-other' } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CO] StringNotEquals, the value',
    { StringNotEquals: { 'aws:SourceVpce': VPCE } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  ['[CO] StringNotEquals, key missing: true', { StringNotEquals: { 'aws:SourceVpce': VPCE } }, {}, true],
  ['[CO] StringEquals, key missing: false', { StringEquals: { 'aws:SourceVpce': VPCE } }, {}, false],
  [
    '[CO] StringEquals does not expand wildcards',
    { StringEquals: { 'aws:SourceVpce': 'vpce-*' } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  ['[CO] StringLike *', { StringLike: { 'aws:SourceVpce': 'vpce-1a2b*' } }, { 'aws:SourceVpce': VPCE }, true],
  [
    '[CO] StringLike ?',
    { StringLike: { 'aws:SourceVpce': 'vpce-1a2b3c4?' } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CO] StringLike is case-sensitive',
    { StringLike: { 'aws:SourceVpce': 'VPCE-*' } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  ['[CO] StringNotLike, key missing: true', { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }, {}, true],
  [
    '[CL] values of one key are ORed',
    { StringEquals: { 'aws:SourceVpce': ['vpce-x', VPCE] } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[CL] StringNotEquals with several values: none may match',
    { StringNotEquals: { 'aws:SourceVpce': ['vpce-x', VPCE] } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  [
    '[CL] keys of one operator are ANDed',
    { StringEquals: { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': 'vpc-1' } },
    { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': 'vpc-2' },
    false,
  ],
  [
    '[CL] operators are ANDed',
    { StringEquals: { 'aws:SourceVpce': VPCE }, Bool: { 'aws:SecureTransport': 'false' } },
    { 'aws:SourceVpce': VPCE, 'aws:SecureTransport': 'true' },
    false,
  ],
  // Numeric [CO]
  [
    '[CO] NumericLessThanEquals',
    { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
    { 'aws:MultiFactorAuthAge': '3600' },
    true,
  ],
  [
    '[CO] NumericLessThan',
    { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    { 'aws:MultiFactorAuthAge': '3600' },
    false,
  ],
  [
    '[CO] NumericEquals compares numbers, not text',
    { NumericEquals: { 'aws:MultiFactorAuthAge': '10' } },
    { 'aws:MultiFactorAuthAge': '10.0' },
    true,
  ],
  [
    '[CO] NumericNotEquals, key missing: true',
    { NumericNotEquals: { 'aws:MultiFactorAuthAge': '10' } },
    {},
    true,
  ],
  [
    '[CO] NumericGreaterThan, key missing: false',
    { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '10' } },
    {},
    false,
  ],
  // Date [CO]: ISO 8601 and epoch seconds.
  [
    '[CO] DateGreaterThan ISO',
    { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2021-01-01T00:00:00Z' },
    true,
  ],
  [
    '[CO] DateLessThan ISO',
    { DateLessThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2021-01-01T00:00:00Z' },
    false,
  ],
  [
    '[CO] DateGreaterThan epoch in the policy',
    { DateGreaterThan: { 'aws:CurrentTime': '1585699200' } },
    { 'aws:CurrentTime': '2021-01-01T00:00:00Z' },
    true,
  ],
  [
    '[CO] DateEquals across time zones',
    { DateEquals: { 'aws:CurrentTime': '2020-04-01T02:00:00+02:00' } },
    { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
    true,
  ],
  [
    '[CO] DateLessThanEquals on aws:EpochTime',
    { DateLessThanEquals: { 'aws:EpochTime': '2020-04-01T00:00:00Z' } },
    { 'aws:EpochTime': 1585699200 },
    true,
  ],
  [
    '[CO] DateNotEquals, key missing: true',
    { DateNotEquals: { 'aws:TokenIssueTime': '2020-04-01T00:00:00Z' } },
    {},
    true,
  ],
  // Bool [CO]
  ['[CO] Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }, true],
  [
    '[CO] Bool false on a true key',
    { Bool: { 'aws:SecureTransport': 'false' } },
    { 'aws:SecureTransport': true },
    false,
  ],
  // A role session carries aws:MultiFactorAuthPresent (temporary credentials, aws-doc-cases [CK]):
  // a service key no execute-api request has stands for the missing key.
  ['[CO] Bool, key missing: false', { Bool: { 'ec2:IsLaunchTemplateResource': 'false' } }, {}, false],
  [
    '[CO] BoolIfExists, key missing: true',
    { BoolIfExists: { 'ec2:IsLaunchTemplateResource': 'false' } },
    {},
    true,
  ],
  // Binary [CO]
  [
    '[CO] BinaryEquals base64',
    { BinaryEquals: { 'k:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
    { 'k:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' },
    true,
  ],
  // IpAddress [CO]: CIDR, IPv4 and IPv6.
  [
    '[CO] IpAddress IPv4 block',
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { 'aws:SourceIp': '203.0.113.77' },
    true,
  ],
  [
    '[CO] IpAddress IPv4 outside the block',
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { 'aws:SourceIp': '203.0.114.1' },
    false,
  ],
  [
    '[CO] IpAddress a single address',
    { IpAddress: { 'aws:SourceIp': '203.0.113.5' } },
    { 'aws:SourceIp': '203.0.113.5' },
    true,
  ],
  [
    '[CO] IpAddress IPv6 block (doc example)',
    { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } },
    { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' },
    true,
  ],
  [
    '[CO] IpAddress IPv6 outside the block',
    { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } },
    { 'aws:SourceIp': '2001:db8:1234:5679::1' },
    false,
  ],
  [
    '[CO] IpAddress IPv4 and IPv6 in one list',
    { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } },
    { 'aws:SourceIp': '2001:db8:1234:5678::9' },
    true,
  ],
  [
    '[CO] NotIpAddress inside the block',
    { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { 'aws:SourceIp': '203.0.113.1' },
    false,
  ],
  ['[CO] NotIpAddress, key missing: true', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {}, true],
  ['[CO] IpAddress, key missing: false', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, {}, false],
  // Arn [CO]: each of the six components separately, case-sensitive; ArnEquals takes wildcards too.
  [
    '[CO] ArnLike role wildcard',
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/Checkout*` } },
    { 'aws:PrincipalArn': ROLE },
    true,
  ],
  [
    '[CO] ArnEquals accepts wildcards too',
    { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::*:role/CheckoutRole` } },
    { 'aws:PrincipalArn': ROLE },
    true,
  ],
  [
    '[CO] ArnLike * spans / in the resource part',
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/*` } },
    { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/audit/AuditRole` },
    true,
  ],
  [
    '[CO] ArnLike account component',
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/*' } },
    { 'aws:PrincipalArn': ROLE },
    false,
  ],
  [
    '[CO] ArnLike is case-sensitive',
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/checkoutrole` } },
    { 'aws:PrincipalArn': ROLE },
    false,
  ],
  [
    '[CO] ArnNotLike, key missing: true',
    { ArnNotLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/*' } },
    {},
    true,
  ],
  ['[CO] ArnLike, key missing: false', { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/*' } }, {}, false],
  // ...IfExists [CO]
  [
    '[CO] StringEqualsIfExists, key present: compared',
    { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-x' } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  [
    '[CO] StringEqualsIfExists, key missing: true',
    { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-x' } },
    {},
    true,
  ],
  [
    '[CO] StringNotEqualsIfExists, key missing: true',
    { StringNotEqualsIfExists: { 'aws:SourceVpce': VPCE } },
    {},
    true,
  ],
  [
    '[CO] ArnLikeIfExists, key missing: true',
    { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:iam::1:role/x' } },
    {},
    true,
  ],
  // Null [CO]
  // A role session carries aws:TokenIssueTime; aws:MultiFactorAuthAge only with MFA.
  ['[CO] Null true: the key is absent', { Null: { 'aws:MultiFactorAuthAge': 'true' } }, {}, true],
  [
    '[CO] Null true: the key is present',
    { Null: { 'aws:MultiFactorAuthAge': 'true' } },
    { 'aws:MultiFactorAuthAge': '120' },
    false,
  ],
  [
    '[CO] Null false: the key is present',
    { Null: { 'aws:SourceVpce': 'false' } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  ['[CO] Null false: the key is absent', { Null: { 'aws:SourceVpce': 'false' } }, {}, false],
  // Set operators [SV]
  ['[SV] ForAllValues, key missing: true', onTags('ForAllValues:StringEquals', ['a', 'b']), {}, true],
  ['[SV] ForAllValues, empty list: true', onTags('ForAllValues:StringEquals', ['a', 'b']), tags([]), true],
  [
    '[SV] ForAllValues, every value listed',
    onTags('ForAllValues:StringEquals', ['a', 'b']),
    tags(['a', 'b']),
    true,
  ],
  [
    '[SV] ForAllValues, one value not listed',
    onTags('ForAllValues:StringEquals', ['a', 'b']),
    tags(['a', 'c']),
    false,
  ],
  ['[SV] ForAnyValue, key missing: false', onTags('ForAnyValue:StringEquals', ['a']), {}, false],
  ['[SV] ForAnyValue, one value listed', onTags('ForAnyValue:StringEquals', ['a']), tags(['z', 'a']), true],
  ['[SV] ForAnyValue, none listed', onTags('ForAnyValue:StringEquals', ['a']), tags(['z', 'y']), false],
  [
    '[SV] ForAnyValue:StringNotEquals, one value not listed',
    onTags('ForAnyValue:StringNotEquals', ['a']),
    tags(['a', 'z']),
    true,
  ],
  [
    '[SV] ForAllValues:StringNotEquals, one value listed',
    onTags('ForAllValues:StringNotEquals', ['a']),
    tags(['a', 'z']),
    false,
  ],
  [
    '[SV] ForAllValues:StringLike',
    onTags('ForAllValues:StringLike', ['team-*']),
    tags(['team-a', 'team-b']),
    true,
  ],
  [
    '[SV] ForAllValues on a single-valued key: a set of one',
    { 'ForAllValues:StringEquals': { 'aws:SourceVpce': [VPCE] } },
    { 'aws:SourceVpce': VPCE },
    true,
  ],
  [
    '[SV] ForAnyValue on a single-valued key: a set of one',
    { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-x'] } },
    { 'aws:SourceVpce': VPCE },
    false,
  ],
  [
    '[SV] ForAllValues...IfExists, key missing: true',
    onTags('ForAllValues:StringEqualsIfExists', ['a']),
    {},
    true,
  ],
  [
    '[SV] ForAnyValue...IfExists, key missing: true',
    onTags('ForAnyValue:StringEqualsIfExists', ['a']),
    {},
    true,
  ],
];

// Each Numeric and Date comparison [CO] ("Less than", "Less than or equals", "Greater than", "Greater than
// or equals", "Matching", "Negated matching") with the request's value below, at and above the policy's:
// the tables elsewhere had no GreaterThanEquals at all and LessThanEquals once.
const BELOW_AT_ABOVE: [form: string, holds: [below: boolean, at: boolean, above: boolean]][] = [
  ['LessThan', [true, false, false]],
  ['LessThanEquals', [true, true, false]],
  ['GreaterThan', [false, false, true]],
  ['GreaterThanEquals', [false, true, true]],
  ['Equals', [false, true, false]],
  ['NotEquals', [true, false, true]],
];
const compared = (
  family: 'Numeric' | 'Date',
  key: string,
  policyValue: string,
  requestValues: [ContextValue, ContextValue, ContextValue],
): Case[] =>
  BELOW_AT_ABOVE.flatMap(([form, holds]) =>
    (['below', 'at', 'above'] as const).map((where, i): Case => [
      `[CO] ${family}${form} ${key} ${where} ${policyValue}`,
      { [`${family}${form}`]: { [key]: policyValue } },
      { [key]: requestValues[i]! },
      holds[i]!,
    ]),
  );
const boundaries: Case[] = [
  ...compared('Numeric', 'aws:MultiFactorAuthAge', '3600', ['3599', '3600', '3601']),
  ...compared('Date', 'aws:CurrentTime', '2020-04-01T00:00:00Z', [
    '2020-03-31T23:59:59Z',
    '2020-04-01T00:00:00Z',
    '2020-04-01T00:00:01Z',
  ]),
  // aws:EpochTime compares the request's time "in epoch or Unix time" and "also accepts the number of
  // seconds since January 1, 1970" (global condition keys page): numeric operators over it too.
  ...compared('Numeric', 'aws:EpochTime', '1585699200', [1585699199, 1585699200, 1585699201]),
];

describe('Condition operators [CO] [CL] [SV] [C]', () => {
  it.each([...cases, ...boundaries])('%s', (_doc, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('the standard private-API guard (API Gateway resource policy examples)', () => {
  // apigateway-resource-policies-examples: Allow Principal "*" + Deny with StringNotEquals aws:SourceVpce.
  const policy = allowThenDeny('execute-api:/*', {
    Resource: 'execute-api:/*',
    Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
  });
  it.each([
    ['through the endpoint', { 'aws:SourceVpce': VPCE }, 'Allowed'],
    ['through another endpoint', { 'aws:SourceVpce': 'vpce-other' }, 'ExplicitDeny'],
    ['not through an endpoint (no aws:SourceVpce): the Deny holds', {}, 'ExplicitDeny'],
  ] as const)('%s', (_n, context, expected) => {
    expect(outcome(policy, { principal: ROLE, context }, { kind: 'resource' })).toBe(expected);
  });
});
