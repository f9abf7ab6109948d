// Principal and NotPrincipal forms, and principalFromArn.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  evaluatePolicy,
  lintPolicyText,
  parsePolicy,
  PolicyError,
  principalFromArn,
} from '../../src/policy/index.js';
import { bare, HUB, ROLE } from './helpers.js';

const OTHER = '333333333333';
const SESSION = `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/spokegate`;

function allows(
  principal: unknown,
  caller: string,
  opts: { roleId?: string; sessionName?: string } = {},
): boolean {
  const p = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }],
    },
    { name: 'p' },
  );
  return (
    evaluatePolicy(p, bare(caller === 'anonymous' ? 'anonymous' : principalFromArn(caller, opts))).kind ===
    'Allowed'
  );
}

describe('Principal', () => {
  it.each([
    ['"*"', '*', ROLE, true],
    ['"*" (anonymous)', '*', 'anonymous', true],
    ['AWS "*"', { AWS: '*' }, ROLE, true],
    ['AWS "*" (anonymous)', { AWS: '*' }, 'anonymous', true],
    ['role ARN, session of that role', { AWS: ROLE }, ROLE, true],
    [
      'role ARN, session ARN of that role',
      { AWS: ROLE },
      `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/other-session`,
      true,
    ],
    ['role ARN, another role', { AWS: ROLE }, `arn:aws:iam::${HUB}:role/OtherRole`, false],
    [
      'role ARN, same name in another account',
      { AWS: ROLE },
      `arn:aws:iam::${OTHER}:role/CheckoutRole`,
      false,
    ],
    [
      'role ARN with path, session ARN (which has no path)',
      { AWS: `arn:aws:iam::${HUB}:role/team/CheckoutRole` },
      SESSION,
      true,
    ],
    ['role ARN, anonymous', { AWS: ROLE }, 'anonymous', false],
    ['session ARN, that session', { AWS: SESSION }, SESSION, true],
    [
      'session ARN, another session of the role',
      { AWS: SESSION },
      `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/x1`,
      false,
    ],
    ['session ARN, the role with the default session', { AWS: SESSION }, ROLE, true],
    ['account id, role in it', { AWS: HUB }, ROLE, true],
    ['account id, role elsewhere', { AWS: OTHER }, ROLE, false],
    ['account root, role in it', { AWS: `arn:aws:iam::${HUB}:root` }, ROLE, true],
    ['account root, user in it', { AWS: `arn:aws:iam::${HUB}:root` }, `arn:aws:iam::${HUB}:user/alice`, true],
    ['account root, the root itself', { AWS: `arn:aws:iam::${HUB}:root` }, `arn:aws:iam::${HUB}:root`, true],
    ['account root, anonymous', { AWS: `arn:aws:iam::${HUB}:root` }, 'anonymous', false],
    [
      'user ARN, that user',
      { AWS: `arn:aws:iam::${HUB}:user/alice` },
      `arn:aws:iam::${HUB}:user/alice`,
      true,
    ],
    [
      'user ARN, another user',
      { AWS: `arn:aws:iam::${HUB}:user/alice` },
      `arn:aws:iam::${HUB}:user/bob`,
      false,
    ],
    ['list of principals', { AWS: [`arn:aws:iam::${HUB}:user/alice`, ROLE] }, ROLE, true],
    ['Service principal, a role', { Service: 'lambda.amazonaws.com' }, ROLE, false],
  ] as const)('%s', (_name, principal, caller, expected) => {
    expect(allows(principal, caller)).toBe(expected);
  });

  it('matches a unique id only for the role that has it', () => {
    expect(allows({ AWS: 'AROAEXAMPLEID1234567' }, ROLE, { roleId: 'AROAEXAMPLEID1234567' })).toBe(true);
    expect(allows({ AWS: 'AROAEXAMPLEID1234567' }, ROLE, { roleId: 'AROAOTHERID123456789' })).toBe(false);
    expect(allows({ AWS: 'AROAEXAMPLEID1234567' }, ROLE)).toBe(false);
  });

  it.each([
    ['a bare ARN string', ROLE, /bare string/],
    ['a wildcard inside a role ARN', { AWS: `arn:aws:iam::${HUB}:role/*` }, /wildcard/],
    [
      'a wildcard inside a session ARN',
      { AWS: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/*` },
      /wildcard/,
    ],
    ['a wildcard account', { AWS: 'arn:aws:iam::*:root' }, /wildcard/],
    ['an unknown principal type', { Users: ROLE }, /unknown principal type/],
    ['a malformed ARN', { AWS: 'arn:aws:iam::1234:role/X' }, /not a valid principal/],
    // {"AWS": []} alone is a statement with no effect (doc-fifth-reading); beside a named principal:
    ['an empty list', { AWS: [], Service: 'lambda.amazonaws.com' }, /empty/],
  ])('rejects %s', (_name, principal, message) => {
    expect(() =>
      parsePolicy(
        { Statement: [{ Sid: 'S1', Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }] },
        { name: 'p' },
      ),
    ).toThrow(message);
  });

  it('names the rule for wildcard principals (lint SG003)', () => {
    try {
      parsePolicy(
        {
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:role/*` }, Action: '*', Resource: '*' },
          ],
        },
        { name: 'p' },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).rule).toBe('SG003');
    }
  });
});

describe('NotPrincipal', () => {
  const denyAllBut = (names: string[]) =>
    parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Effect: 'Deny', NotPrincipal: { AWS: names }, Action: '*', Resource: '*' },
        ],
      },
      { name: 'p' },
    );
  const kind = (names: string[], caller: string) => evaluatePolicy(denyAllBut(names), bare(caller)).kind;

  it('spares a role session only when its account, role and session are all named', () => {
    expect(kind([HUB, ROLE, SESSION], ROLE)).toBe('Allowed');
    expect(kind([ROLE, SESSION], ROLE)).toBe('ExplicitDeny');
    expect(kind([HUB, ROLE], ROLE)).toBe('ExplicitDeny');
    expect(kind([HUB, SESSION], ROLE)).toBe('ExplicitDeny');
    expect(kind([`arn:aws:iam::${HUB}:root`, ROLE, SESSION], ROLE)).toBe('Allowed');
  });
  it('spares a user when the account and user are named', () => {
    const alice = `arn:aws:iam::${HUB}:user/alice`;
    expect(kind([HUB, alice], alice)).toBe('Allowed');
    expect(kind([alice], alice)).toBe('ExplicitDeny');
  });
  it('spares the account root when the account is named', () => {
    expect(kind([HUB], `arn:aws:iam::${HUB}:root`)).toBe('Allowed');
  });
  it('applies to anonymous callers unless "*" is named', () => {
    expect(kind([HUB, ROLE, SESSION], 'anonymous')).toBe('ExplicitDeny');
    expect(kind(['*'], 'anonymous')).toBe('Allowed');
  });
});

describe('principalFromArn', () => {
  it('makes a session of a role (default session name spokegate)', () => {
    expect(principalFromArn(`arn:aws:iam::${HUB}:role/team/CheckoutRole`)).toMatchObject({
      kind: 'role-session',
      roleArn: `arn:aws:iam::${HUB}:role/team/CheckoutRole`,
      sessionArn: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/spokegate`,
      account: HUB,
      roleName: 'CheckoutRole',
      sessionName: 'spokegate',
    });
    expect(principalFromArn(ROLE, { sessionName: 'ci', roleId: 'AROAXYZ' })).toMatchObject({
      sessionArn: `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/ci`,
      roleId: 'AROAXYZ',
    });
  });
  it('reads an assumed-role session ARN', () => {
    expect(principalFromArn(`arn:aws:sts::${HUB}:assumed-role/CheckoutRole/build-42`)).toMatchObject({
      kind: 'role-session',
      roleArn: ROLE,
      sessionName: 'build-42',
      account: HUB,
    });
  });
  it('reads users, account roots and anonymous', () => {
    expect(principalFromArn(`arn:aws:iam::${HUB}:user/ops/alice`)).toMatchObject({
      kind: 'user',
      userName: 'alice',
      account: HUB,
    });
    expect(principalFromArn(`arn:aws:iam::${HUB}:root`)).toEqual({ kind: 'root', account: HUB });
    expect(principalFromArn('anonymous')).toEqual({ kind: 'anonymous' });
  });
  it('gives a stable stand-in role id when none is known', () => {
    const a = principalFromArn(ROLE);
    expect(a.kind === 'role-session' && a.roleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(principalFromArn(ROLE)).toEqual(a);
  });
  it.each([
    'arn:aws:s3:::bucket',
    'CheckoutRole',
    `arn:aws:iam::${HUB}:group/admins`,
    'arn:aws:iam::12:role/X',
    '',
  ])('rejects %j with an InputError', (arn) => {
    expect(() => principalFromArn(arn)).toThrow(InputError);
  });
});

describe('a refused principal is quoted as an excerpt (issue 12: no name printed unbounded)', () => {
  const long = `arn:aws:iam::${HUB}:role/${'A'.repeat(20_000)}`;
  it.each([
    ['white space around it', { AWS: `${long} ` }],
    ['a wildcard inside', { AWS: `${long}*` }],
    ['not a principal at all', { AWS: `x${long}` }],
    ['a wildcard in a service', { Service: `${'a'.repeat(20_000)}?.amazonaws.com` }],
  ])('%s: the message stays short', (_name, principal) => {
    let message = '';
    try {
      parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }],
        },
        { name: 'p' },
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    expect(message.length).toBeLessThan(600);
  });
});

describe('lint findings quote a policy value as at most 2,000 characters (issue 12)', () => {
  const long = 'A'.repeat(20_000);
  it.each([
    ['an invalid resource ARN', { Resource: `arn:aws:EXECUTE-api:us-west-2:${HUB}:${long}` }],
    [
      'a key twice in different case',
      {
        Condition: { StringEquals: { [`aws:PrincipalTag/${long}`]: 'x', [`AWS:PRINCIPALTAG/${long}`]: 'y' } },
      },
    ],
    ['an Arn value without six parts', { Condition: { ArnLike: { 'aws:PrincipalArn': long } } }],
  ])('%s', (_name, extra) => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...extra }],
    });
    const findings = lintPolicyText(text, { name: 'p' }, 'endpoint');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message.length).toBeLessThanOrEqual(2000);
  });
});
