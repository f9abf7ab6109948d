// Policy variables in Resource and condition values (Version 2012-10-17 only).
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicy, PolicyError, principalFromArn } from '../../src/policy/index.js';
import { bare, condition, conditionPolicy, HUB, ROLE } from './helpers.js';

const alice = `arn:aws:iam::${HUB}:user/alice`;

function resourceAllows(resource: string, req: ReturnType<typeof bare>, version = '2012-10-17'): boolean {
  const p = parsePolicy(
    { Version: version, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: resource }] },
    { name: 'p' },
  );
  return evaluatePolicy(p, req).kind === 'Allowed';
}

describe('policy variables', () => {
  const api = (path: string) => `arn:aws:execute-api:us-west-2:${HUB}:a1b2c3d4e5/prod/GET/${path}`;
  // alice calling a path with the given aws:username; a role calling a path with no variables set.
  const asAlice = (username: string, path: string) => bare(alice, { 'aws:username': username }, api(path));
  const asRole = (path: string) => bare(ROLE, {}, api(path));
  const home = 'arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/prod/GET/home/${aws:username}';

  it('substitutes ${aws:username} in Resource', () => {
    const pattern = 'arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/prod/GET/home/${aws:username}/*';
    expect(resourceAllows(pattern, asAlice('alice', 'home/alice/x'))).toBe(true);
    expect(resourceAllows(pattern, asAlice('alice', 'home/bob/x'))).toBe(false);
  });

  it('treats a missing key as no match, unless a default is given', () => {
    expect(resourceAllows(home, asRole('home/'))).toBe(false);
    expect(resourceAllows(home, asRole('home/${aws:username}'))).toBe(false);
    const withDefault = "arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/prod/GET/home/${aws:username, 'guest'}";
    expect(resourceAllows(withDefault, asRole('home/guest'))).toBe(true);
    expect(resourceAllows(withDefault, asAlice('alice', 'home/alice'))).toBe(true);
  });

  it('refuses a substituted "*" where reading it literally or as a wildcard disagree (§31)', () => {
    expect(() => resourceAllows(home, asAlice('*', 'home/anything'))).toThrow(PolicyError);
    expect(resourceAllows(home, asAlice('*', 'home/*'))).toBe(true);
  });

  it('supports the escapes ${*} ${?} ${$}', () => {
    const pattern = 'arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/prod/GET/lit${*}${?}${$}';
    expect(resourceAllows(pattern, asRole('lit*?$'))).toBe(true);
    expect(resourceAllows(pattern, asRole('litXY$'))).toBe(false);
  });

  it('takes variables literally in Version 2008-10-17 and without Version', () => {
    expect(resourceAllows(home, asAlice('alice', 'home/alice'), '2008-10-17')).toBe(false);
    expect(resourceAllows(home, asAlice('alice', 'home/${aws:username}'), '2008-10-17')).toBe(true);
  });

  it('substitutes in condition values, with key names case-insensitive', () => {
    expect(
      condition('StringEquals', 'aws:PrincipalTag/team', '${aws:PrincipalTag/Team}', {
        'aws:principaltag/team': 'orders',
      }),
    ).toBe(true);
    expect(
      condition('StringEquals', 'owner', '${aws:PrincipalTag/team}', {
        owner: 'orders',
        'aws:PrincipalTag/team': 'payments',
      }),
    ).toBe(false);
    expect(
      condition('StringLike', 'path', 'home/${aws:username}/*', {
        path: 'home/alice/x',
        'aws:username': 'alice',
      }),
    ).toBe(true);
    expect(
      condition('StringLike', 'path', 'home/${aws:username}/*', { path: 'home/a*/x', 'aws:username': 'a*' }),
    ).toBe(true);
    expect(() =>
      condition('StringLike', 'path', 'home/${aws:username}/*', { path: 'home/ab/x', 'aws:username': 'a*' }),
    ).toThrow(PolicyError);
    expect(
      condition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalAccount}:role/*', {
        'aws:PrincipalArn': ROLE,
        'aws:PrincipalAccount': HUB,
      }),
    ).toBe(true);
    expect(condition('StringEquals', 'owner', '${aws:username}', { owner: 'alice' })).toBe(false); // variable fails
    expect(condition('StringEquals', 'owner', "${aws:username, 'nobody'}", { owner: 'nobody' })).toBe(true);
    expect(
      condition('StringEquals', 'owner', '${aws:username}', { owner: '${aws:username}' }, '2008-10-17'),
    ).toBe(true);
    // Numeric operators take no policy variables (IAM "Condition operators": Not supported): refused.
    expect(() => condition('NumericLessThan', 'n', '${limit}', { n: 3, limit: '5' })).toThrow(
      /policy variables are not supported in Numeric conditions/,
    );
    expect(condition('StringEquals', 'owner', '${tags}', { owner: 'a', tags: ['a'] })).toBe(false); // multi-valued key: fails
  });

  it('works with the principal keys requestContext derives', () => {
    const p = conditionPolicy({ StringLike: { 'aws:userid': '*:${sessionname}' } });
    const principal = principalFromArn(ROLE, { sessionName: 'build' });
    const ctx = { 'aws:userid': 'AROAX:build', SessionName: 'build' };
    expect(evaluatePolicy(p, bare(principal, ctx)).kind).toBe('Allowed');
  });
});
