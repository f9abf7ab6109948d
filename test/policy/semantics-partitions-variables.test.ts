// Issue 11 item 7: partitions, policy variables with no value under negated operators, and the
// role path in aws:PrincipalArn.
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicy, principalFromArn, principalKeys } from '../../src/policy/index.js';
import { bare, condition, HUB, ROLE } from './helpers.js';

function allows(principal: unknown, caller: string, not = false): boolean {
  const st = not
    ? { Effect: 'Deny', NotPrincipal: principal, Action: '*', Resource: '*' }
    : { Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' };
  const extra = not ? [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] : [];
  const p = parsePolicy({ Version: '2012-10-17', Statement: [st, ...extra] }, { name: 'p' });
  return evaluatePolicy(p, bare(principalFromArn(caller))).kind === 'Allowed';
}

describe('a principal in another partition never matches an aws caller', () => {
  it.each([
    ['aws-cn role', { AWS: `arn:aws-cn:iam::${HUB}:role/CheckoutRole` }],
    ['aws-us-gov role', { AWS: `arn:aws-us-gov:iam::${HUB}:role/CheckoutRole` }],
    ['aws-cn root', { AWS: `arn:aws-cn:iam::${HUB}:root` }],
    ['aws-us-gov session', { AWS: `arn:aws-us-gov:sts::${HUB}:assumed-role/CheckoutRole/spokegate` }],
  ])('%s', (_n, principal) => {
    expect(allows(principal, ROLE)).toBe(false);
    expect(allows(principal, `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/spokegate`)).toBe(false);
  });
  it('the same entries in the aws partition, and a bare account id, do match', () => {
    expect(allows({ AWS: ROLE }, ROLE)).toBe(true);
    expect(allows({ AWS: `arn:aws:iam::${HUB}:root` }, ROLE)).toBe(true);
    expect(allows({ AWS: HUB }, ROLE)).toBe(true);
  });
  it('an aws-cn caller is matched by aws-cn entries only', () => {
    const cn = `arn:aws-cn:iam::${HUB}:role/CheckoutRole`;
    expect(allows({ AWS: cn }, cn)).toBe(true);
    expect(allows({ AWS: ROLE }, cn)).toBe(false);
    expect(allows({ AWS: `arn:aws:iam::${HUB}:root` }, cn)).toBe(false);
  });
  it('NotPrincipal naming the aws-cn role, account and session spares no aws session', () => {
    const cn = {
      AWS: [
        `arn:aws-cn:iam::${HUB}:root`,
        `arn:aws-cn:iam::${HUB}:role/CheckoutRole`,
        `arn:aws-cn:sts::${HUB}:assumed-role/CheckoutRole/spokegate`,
      ],
    };
    expect(allows(cn, ROLE, true)).toBe(false);
    const aws = { AWS: cn.AWS.map((a) => a.replace('aws-cn', 'aws')) };
    expect(allows(aws, ROLE, true)).toBe(true);
  });
});

describe('a policy variable with no value', () => {
  const ctx = { 'aws:PrincipalTag/team': 'payments', 'aws:PrincipalArn': ROLE };
  it.each([
    ['StringNotEquals', 'aws:PrincipalTag/team', '${aws:PrincipalTag/missing}'],
    ['StringNotLike', 'aws:PrincipalTag/team', '${aws:PrincipalTag/missing}*'],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', '${aws:PrincipalTag/missing}'],
    ['ArnNotEquals', 'aws:PrincipalArn', `arn:aws:iam::${HUB}:role/\${aws:PrincipalTag/missing}`],
    ['ArnNotLike', 'aws:PrincipalArn', `arn:aws:iam::${HUB}:role/\${aws:PrincipalTag/missing}`],
  ])('makes %s match, as a missing key does', (op, key, value) => {
    expect(condition(op, key, value, ctx)).toBe(true);
  });
  it.each([
    ['StringEquals', 'aws:PrincipalTag/team', '${aws:PrincipalTag/missing}'],
    ['StringLike', 'aws:PrincipalTag/team', '${aws:PrincipalTag/missing}*'],
    ['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${HUB}:role/\${aws:PrincipalTag/missing}`],
  ])('makes %s not match', (op, key, value) => {
    expect(condition(op, key, value, ctx)).toBe(false);
  });
  it('only that value drops out: the other values of the key still count', () => {
    expect(
      condition('StringNotEquals', 'aws:PrincipalTag/team', ['${aws:PrincipalTag/missing}', 'payments'], ctx),
    ).toBe(false);
    expect(
      condition('StringEquals', 'aws:PrincipalTag/team', ['${aws:PrincipalTag/missing}', 'payments'], ctx),
    ).toBe(true);
  });
});

describe("aws:PrincipalArn keeps the role's path", () => {
  it('from a role ARN with a path', () => {
    const p = principalFromArn(`arn:aws:iam::${HUB}:role/audit/AuditRole`, { sessionName: 's1' });
    expect(principalKeys(p)['aws:PrincipalArn']).toBe(`arn:aws:iam::${HUB}:role/audit/AuditRole`);
  });
});
