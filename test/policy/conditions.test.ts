// Every condition operator, with missing, empty and multi-valued keys (AWS semantics). `undecided`:
// the readings AWS's pages allow disagree for that request and the engine refuses it (§31).
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/policy/index.js';
import { condition } from './helpers.js';

type Row = [
  operator: string,
  key: string,
  values: unknown,
  context: Record<string, unknown>,
  expected: boolean | 'undecided',
];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows)('%s %s %j with %j -> %s', (op, key, values, ctx, expected) => {
      if (expected === 'undecided')
        expect(() => condition(op, key, values, ctx as never)).toThrow(PolicyError);
      else expect(condition(op, key, values, ctx as never)).toBe(expected);
    });
  });
}

const K = 'aws:SourceVpce';

table('String operators', [
  ['StringEquals', K, 'vpce-1', { [K]: 'vpce-1' }, true],
  ['StringEquals', K, 'vpce-1', { [K]: 'VPCE-1' }, false],
  ['StringEquals', K, ['vpce-2', 'vpce-1'], { [K]: 'vpce-1' }, true],
  ['StringEquals', K, 'vpce-1', {}, false],
  ['StringEquals', K, 'vpce-*', { [K]: 'vpce-1' }, false], // no wildcards in StringEquals
  ['StringEquals', K, 'vpce-1', { [K]: [] }, false],
  ['StringEquals', K, 'vpce-1', { [K]: ['vpce-2', 'vpce-1'] }, 'undecided'],
  ['StringNotEquals', K, 'vpce-1', { [K]: 'vpce-1' }, false],
  ['StringNotEquals', K, 'vpce-1', { [K]: 'vpce-2' }, true],
  ['StringNotEquals', K, 'vpce-1', {}, true], // negated operators are true on a missing key
  ['StringNotEquals', K, ['vpce-1', 'vpce-2'], { [K]: 'vpce-2' }, false],
  ['StringNotEquals', K, 'vpce-1', { [K]: ['vpce-2', 'vpce-1'] }, 'undecided'],
  ['StringEqualsIgnoreCase', K, 'VPCE-1', { [K]: 'vpce-1' }, true],
  ['StringEqualsIgnoreCase', K, 'vpce-1', { [K]: 'vpce-2' }, false],
  ['StringEqualsIgnoreCase', K, 'vpce-1', {}, false],
  ['StringNotEqualsIgnoreCase', K, 'VPCE-1', { [K]: 'vpce-1' }, false],
  ['StringNotEqualsIgnoreCase', K, 'VPCE-1', {}, true],
  ['StringLike', K, 'vpce-*', { [K]: 'vpce-1' }, true],
  ['StringLike', K, 'vpce-?', { [K]: 'vpce-12' }, false],
  ['StringLike', K, 'vpce-??', { [K]: 'vpce-12' }, true],
  ['StringLike', K, 'VPCE-*', { [K]: 'vpce-1' }, false], // case-sensitive
  ['StringLike', K, '*', {}, false],
  ['StringLike', K, '*', { [K]: '' }, true],
  ['StringNotLike', K, 'vpce-*', { [K]: 'vpce-1' }, false],
  ['StringNotLike', K, 'vpce-*', { [K]: 'other' }, true],
  ['StringNotLike', K, 'vpce-*', {}, true],
  ['StringEqualsIfExists', K, 'vpce-1', {}, true],
  ['StringEqualsIfExists', K, 'vpce-1', { [K]: 'vpce-2' }, false],
  ['StringEqualsIfExists', K, 'vpce-1', { [K]: 'vpce-1' }, true],
  ['StringNotEqualsIfExists', K, 'vpce-1', { [K]: 'vpce-1' }, false],
  ['StringEquals', 'aws:securetransport', 'true', { 'aws:SecureTransport': true }, true], // bool as string
]);

table('Condition key names are case-insensitive', [
  ['StringEquals', 'AWS:SOURCEVPCE', 'vpce-1', { 'aws:SourceVpce': 'vpce-1' }, true],
  ['StringEquals', 'aws:sourcevpce', 'vpce-1', { 'AWS:SourceVPCE': 'vpce-1' }, true],
  ['StringEquals', 'aws:PrincipalTag/Team', 'orders', { 'aws:principaltag/team': 'orders' }, true],
  ['StringEquals', 'Aws:SourceVpce', 'vpce-1', { [K]: 'vpce-1' }, true], // (operator names are not: §17)
]);

const T = 'aws:TagKeys';
table('ForAnyValue / ForAllValues', [
  ['ForAnyValue:StringEquals', T, ['a', 'b'], { [T]: ['b', 'c'] }, true],
  ['ForAnyValue:StringEquals', T, ['a', 'b'], { [T]: ['c', 'd'] }, false],
  ['ForAnyValue:StringEquals', T, ['a'], {}, false], // missing key: false
  ['ForAnyValue:StringEquals', T, ['a'], { [T]: [] }, false], // empty: false
  ['ForAnyValue:StringEquals', T, ['a'], { [T]: 'a' }, true], // single value counts as one
  ['ForAnyValue:StringNotEquals', T, ['a'], { [T]: ['a', 'b'] }, true], // b is not a
  ['ForAnyValue:StringNotEquals', T, ['a'], { [T]: ['a'] }, false],
  ['ForAnyValue:StringNotEquals', T, ['a'], {}, false],
  ['ForAnyValue:StringLike', T, ['team-*'], { [T]: ['x', 'team-1'] }, true],
  ['ForAllValues:StringEquals', T, ['a', 'b'], { [T]: ['a', 'b'] }, true],
  ['ForAllValues:StringEquals', T, ['a', 'b'], { [T]: ['a', 'c'] }, false],
  ['ForAllValues:StringEquals', T, ['a'], {}, true], // missing key: true
  ['ForAllValues:StringEquals', T, ['a'], { [T]: [] }, true], // empty: true
  ['ForAllValues:StringNotEquals', T, ['a'], { [T]: ['b', 'c'] }, true],
  ['ForAllValues:StringNotEquals', T, ['a'], { [T]: ['b', 'a'] }, false],
  ['ForAnyValue:StringEqualsIfExists', T, ['a'], {}, true],
  ['ForAllValues:NumericLessThan', 'k', ['10'], { k: [1, '5'] }, true],
  ['ForAllValues:NumericLessThan', 'k', ['10'], { k: [1, 50] }, false],
]);

table('Multi-valued key without a qualifier', [
  ['StringEquals', T, 'a', { [T]: ['a', 'a'] }, true],
  ['StringEquals', T, 'a', { [T]: ['b', 'a'] }, 'undecided'],
  ['StringEquals', T, 'a', { [T]: ['b', 'c'] }, false],
  ['StringNotEquals', T, 'a', { [T]: ['b', 'c'] }, true],
  ['StringNotEquals', T, 'a', { [T]: ['b', 'a'] }, 'undecided'],
]);

const N = 'k';
table('Numeric operators', [
  ['NumericEquals', N, '10', { [N]: 10 }, true],
  ['NumericEquals', N, '10', { [N]: '10.0' }, true],
  ['NumericEquals', N, 10, { [N]: '11' }, false],
  ['NumericEquals', N, '10', { [N]: 'ten' }, false],
  ['NumericNotEquals', N, '10', { [N]: 'ten' }, 'undecided'],
  ['NumericEquals', N, '10', {}, false],
  ['NumericNotEquals', N, '10', { [N]: 11 }, true],
  ['NumericNotEquals', N, '10', { [N]: 10 }, false],
  ['NumericNotEquals', N, '10', {}, true],
  ['NumericLessThan', N, '10', { [N]: 9 }, true],
  ['NumericLessThan', N, '10', { [N]: 10 }, false],
  ['NumericLessThanEquals', N, '10', { [N]: 10 }, true],
  ['NumericLessThanEquals', N, '10', { [N]: 10.5 }, false],
  ['NumericGreaterThan', N, '-1.5', { [N]: '0' }, true],
  ['NumericGreaterThan', N, '10', { [N]: 10 }, false],
  ['NumericGreaterThanEquals', N, '10', { [N]: 10 }, true],
  ['NumericGreaterThanEquals', N, '10', { [N]: 9 }, false],
  ['NumericLessThanIfExists', N, '10', {}, true],
  ['NumericLessThan', N, '10', { [N]: [20, 5] }, 'undecided'],
]);

const D = 'aws:CurrentTime';
table('Date operators (ISO 8601 and epoch seconds)', [
  ['DateGreaterThan', D, '2020-01-01T00:00:00Z', { [D]: '2021-06-01T12:00:00Z' }, true],
  ['DateGreaterThan', D, '2020-01-01T00:00:00Z', { [D]: '2019-06-01T12:00:00Z' }, false],
  ['DateLessThan', D, '2020-01-01', { [D]: '2019-12-31T23:59:59Z' }, true],
  ['DateLessThan', D, '2020-01-01T00:00:00Z', { [D]: '2020-01-01T00:00:00Z' }, false],
  ['DateLessThanEquals', D, '2020-01-01T00:00:00Z', { [D]: '2020-01-01T00:00:00Z' }, true],
  ['DateEquals', D, '2020-01-01T00:00:00Z', { [D]: '1577836800' }, true], // epoch seconds
  ['DateEquals', D, '1577836800', { [D]: '2020-01-01T02:00:00+02:00' }, true], // offset
  ['DateEquals', D, '2020-01-01T00:00:00.000Z', { [D]: 1577836800 }, true],
  ['DateNotEquals', D, '2020-01-01T00:00:00Z', { [D]: '2020-01-02T00:00:00Z' }, true],
  ['DateNotEquals', D, '2020-01-01T00:00:00Z', {}, true],
  ['DateGreaterThanEquals', D, '2020-01-01T00:00:00Z', { [D]: 'not a date' }, false],
  ['DateGreaterThan', D, '2020-01-01T00:00:00Z', {}, false],
  ['DateGreaterThanIfExists', D, '2020-01-01T00:00:00Z', {}, true],
  ['DateLessThan', 'aws:EpochTime', '2030-01-01T00:00:00Z', { 'aws:EpochTime': 1700000000 }, true],
]);

const B = 'aws:SecureTransport';
table('Bool', [
  ['Bool', B, 'true', { [B]: true }, true],
  ['Bool', B, 'true', { [B]: 'true' }, true],
  ['Bool', B, 'true', { [B]: 'TRUE' }, true],
  ['Bool', B, 'false', { [B]: true }, false],
  ['Bool', B, true, { [B]: false }, false],
  ['Bool', B, 'false', { [B]: false }, true],
  ['Bool', B, 'true', {}, false],
  ['Bool', B, 'false', {}, false], // a missing key is not false
  ['BoolIfExists', B, 'true', {}, true],
  ['BoolIfExists', B, 'true', { [B]: false }, false],
]);

table('BinaryEquals', [
  ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWU=', { key: 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWU=', { key: 'T3RoZXI=' }, false],
  ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWU=', {}, false],
  ['BinaryEqualsIfExists', 'key', 'QmluYXJ5VmFsdWU=', {}, true],
]);

const I = 'aws:SourceIp';
table('IpAddress / NotIpAddress (IPv4 and IPv6 CIDR)', [
  ['IpAddress', I, '203.0.113.0/24', { [I]: '203.0.113.7' }, true],
  ['IpAddress', I, '203.0.113.0/24', { [I]: '203.0.114.7' }, false],
  ['IpAddress', I, '203.0.113.7', { [I]: '203.0.113.7' }, true], // single address = /32
  ['IpAddress', I, ['10.0.0.0/8', '192.168.0.0/16'], { [I]: '192.168.1.1' }, true],
  ['IpAddress', I, '2001:db8::/32', { [I]: '2001:db8:1234::1' }, true],
  ['IpAddress', I, '2001:db8::/32', { [I]: '2001:db9::1' }, false],
  ['IpAddress', I, '0.0.0.0/0', { [I]: '8.8.8.8' }, true],
  ['IpAddress', I, '10.0.0.0/8', { [I]: 'not-an-ip' }, false],
  ['IpAddress', I, '10.0.0.0/8', {}, false],
  ['IpAddress', I, '10.0.0.0/8', { [I]: '::ffff:10.1.2.3' }, false], // IPv4-mapped is IPv6 (§17)
  ['NotIpAddress', I, '10.0.0.0/8', { [I]: '11.0.0.1' }, true],
  ['NotIpAddress', I, '10.0.0.0/8', { [I]: '10.0.0.1' }, false],
  ['NotIpAddress', I, '10.0.0.0/8', {}, true],
  ['IpAddressIfExists', I, '10.0.0.0/8', {}, true],
]);

const A = 'aws:PrincipalArn';
const ROLE1 = 'arn:aws:iam::111111111111:role/'; // + a role name
table('Arn operators (component-wise)', [
  ['ArnEquals', A, ROLE1 + 'CheckoutRole', { [A]: ROLE1 + 'CheckoutRole' }, true],
  ['ArnEquals', A, ROLE1 + '*', { [A]: ROLE1 + 'CheckoutRole' }, true], // ArnEquals takes wildcards too
  ['ArnLike', A, 'arn:aws:iam::*:role/Checkout*', { [A]: ROLE1 + 'CheckoutRole' }, true],
  ['ArnLike', A, ROLE1 + '*', { [A]: 'arn:aws:iam::222222222222:role/CheckoutRole' }, false],
  ['ArnLike', A, ROLE1 + 'checkout*', { [A]: ROLE1 + 'CheckoutRole' }, false], // case-sensitive
  // A wildcard in one component does not swallow the colons of the next (a value with fewer than
  // six components is refused: doc-fifth-reading).
  ['ArnLike', A, 'arn:aws:iam::*:*', { [A]: 'arn:aws:iam::111111111111:role:x:y' }, true],
  ['ArnLike', A, 'arn:aws:*:*:*:role/X', { [A]: ROLE1 + 'X' }, true],
  ['ArnLike', A, 'arn:*:*:*:*:*', { [A]: ROLE1 + 'X' }, true],
  ['ArnLike', A, ROLE1 + '*', { [A]: 'not-an-arn' }, false],
  ['ArnLike', A, ROLE1 + '*', {}, false],
  [
    'ArnLike',
    'aws:SourceArn',
    'arn:aws:logs:us-east-1:111111111111:log-group:*',
    { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:log-group:a:b' },
    true,
  ], // resource part spans colons
  ['ArnNotEquals', A, ROLE1 + 'CheckoutRole', { [A]: ROLE1 + 'Other' }, true],
  ['ArnNotLike', A, ROLE1 + '*', { [A]: ROLE1 + 'X' }, false],
  ['ArnNotLike', A, ROLE1 + '*', {}, true],
  ['ArnLikeIfExists', A, ROLE1 + '*', {}, true],
]);

table('Null', [
  ['Null', 'aws:PrincipalOrgID', 'true', {}, true],
  ['Null', 'aws:PrincipalOrgID', 'true', { 'aws:PrincipalOrgID': 'o-1' }, false],
  ['Null', 'aws:PrincipalOrgID', 'false', { 'aws:PrincipalOrgID': 'o-1' }, true],
  ['Null', 'aws:PrincipalOrgID', 'false', {}, false],
  ['Null', 'aws:PrincipalOrgID', true, { 'aws:PrincipalOrgID': [] }, true], // empty list counts as absent
  ['Null', 'AWS:PRINCIPALORGID', 'false', { 'aws:PrincipalOrgID': 'o-1' }, true],
]);

describe('several keys and operators', () => {
  it('ANDs keys within an operator and operators within a Condition', async () => {
    const { evaluatePolicy } = await import('../../src/policy/index.js');
    const { bare, conditionPolicy, ROLE } = await import('./helpers.js');
    const p = conditionPolicy({ StringEquals: { a: '1', b: ['2', '3'] }, Bool: { c: 'true' } });
    const ok = (ctx: Record<string, string | boolean>) =>
      evaluatePolicy(p, bare(ROLE, ctx)).kind === 'Allowed';
    expect(ok({ a: '1', b: '3', c: true })).toBe(true);
    expect(ok({ a: '1', b: '4', c: true })).toBe(false);
    expect(ok({ a: '1', b: '2', c: false })).toBe(false);
    expect(ok({ b: '2', c: true })).toBe(false);
  });
});
