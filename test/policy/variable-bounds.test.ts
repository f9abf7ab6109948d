// The bounds of a policy's variables (src/policy permissive.ts), checked against the engine over
// random requests: what leastPermissive allows the policy allows, what the policy allows
// mostPermissive allows, whatever the variables read (diff and predict settle unknowns by them).
// And the rule diff's "nothing can change" uses for endpoint policies with variables: two policies
// holding the same statements with variables (sameVariables) that answer a request alike read most
// permissively and without those statements (withoutVariables) answer it alike.
import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  leastPermissive,
  mostPermissive,
  parsePolicy,
  sameVariables,
  withoutVariables,
  type CompiledPolicy,
} from '../../src/policy/index.js';
import { bare, ROLE } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET';
const TIED = {
  StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' },
  StringLike: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}*' },
};
const st = (Effect: string, more: object = {}) => ({
  Effect,
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: `${API}/*`,
  ...more,
});
/** Statements holding variables (shared by a pair of policies) and plain ones (told apart). */
const VARIABLE = [
  st('Allow', { Condition: TIED }),
  st('Allow', { Resource: `${API}/\${aws:PrincipalTag/team}/*` }),
  st('Deny', { Condition: { StringNotEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } } }),
  { ...st('Deny'), Resource: undefined, NotResource: `${API}/\${aws:PrincipalTag/owner}*` },
];
const PLAIN = [
  st('Allow', { Resource: `${API}/orders*` }),
  st('Deny', { Resource: `${API}/a/*` }),
  st('Allow', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'b' } } }),
  st('Deny', { Condition: { StringLike: { 'aws:PrincipalTag/owner': 'a*' } } }),
];
const policy = (statements: object[]): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { name: 'p' });
/** The policy of the statements a mask picks (bit i: VARIABLE[i], bit 4 + i: PLAIN[i]). */
const picked = (mask: number) => policy([...VARIABLE, ...PLAIN].filter((_, i) => mask & (1 << i)));

let seed = 20;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor(seed / 65536) % n;
};
const VALUES = ['a', 'ab', 'b', undefined];
const PATHS = ['orders', 'orders/7', 'a/x', 'b/y', 'ab/z', 'other'];
const request = () => {
  const context: Record<string, string> = {};
  for (const key of ['team', 'owner']) {
    const v = VALUES[random(VALUES.length)];
    if (v !== undefined) context[`aws:PrincipalTag/${key}`] = v;
  }
  return bare(ROLE, context, `${API}/${PATHS[random(PATHS.length)]}`);
};
const allows = (p: CompiledPolicy, r: ReturnType<typeof request>) => evaluatePolicy(p, r).kind === 'Allowed';

describe('the bounds of a policy’s variables hold for every request the engine decides', () => {
  it('leastPermissive allows only what the policy allows; the policy only what mostPermissive allows', () => {
    let decided = 0;
    for (let mask = 1; mask < 256; mask += 3) {
      const p = picked(mask);
      const [low, high] = [leastPermissive(p), mostPermissive(p)];
      for (let i = 0; i < 60; i++) {
        const r = request();
        const exact = allows(p, r);
        if (allows(low, r)) expect(exact, JSON.stringify({ mask, r })).toBe(true);
        if (exact) expect(allows(high, r), JSON.stringify({ mask, r })).toBe(true);
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(5_000);
  });
  it('two policies with the same variable statements answering alike in both readings answer alike', () => {
    let alike = 0;
    for (let i = 0; i < 4_000; i++) {
      const shared = random(16);
      const [p, q] = [picked(shared | (random(16) << 4)), picked(shared | (random(16) << 4))];
      expect(sameVariables(p, q)).toBe(true);
      const r = request();
      const same = (read: (x: CompiledPolicy) => CompiledPolicy) => allows(read(p), r) === allows(read(q), r);
      if (!same(mostPermissive) || !same(withoutVariables)) continue;
      alike++;
      expect(allows(p, r), JSON.stringify({ p: p.text, q: q.text, r })).toBe(allows(q, r));
    }
    expect(alike).toBeGreaterThan(1_000);
  });
  it('sameVariables tells apart policies whose variable statements differ', () => {
    expect(sameVariables(picked(0b1), picked(0b10))).toBe(false);
    expect(sameVariables(picked(0b11 | (1 << 4)), picked(0b11))).toBe(true);
  });
});
