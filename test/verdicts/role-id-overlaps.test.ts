// Issue 10 (H10A): a role's unique id the config does not state is sampled for every combination of
// the policies' aws:userid patterns (and unique ids) some id reaches, as aws:SourceVpc and
// aws:PrincipalOrgPaths are (src/predict/witnesses.ts), with witnesses that are role ids (AROA +
// upper-case letters and digits). Before, each pattern was sampled on its own (`*` as nothing or
// AROA, `?` as X): for `AROA*1:*` and `*Z2*` no sample matched both, so an endpoint that refuses
// exactly the ids matching both (AROAZ21) predicted "allowed" for a role whose id may be one of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { compileWildcard, parsePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { predictCall, rolePrincipal, roleIdSamples } from '../../src/predict/index.js';
import { CONFIG } from '../diff/helpers.js';

const config = loadConfig(CONFIG);
const principal = rolePrincipal(config, 'BatchRole');
const allowIf = (operator: string, value: string) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition: { [operator]: { 'aws:userid': value } },
});
// The synthetic id patterns (AROA*1:*, *Z2*, AROA?Q*) are shorter than PrivateLink allows in an
// endpoint policy (six consecutive characters by each wildcard, SG027): the endpoint layer is
// checked for its grammar only, as a policy read back from AWS is, so the engine still decides them.
const policy = (kind: 'endpoint' | 'resource' | 'identity', ...Statement: object[]): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement }, { name: kind }, kind === 'endpoint' ? {} : { kind });
const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' };
const { Principal: _p, ...ALLOW_ALL_IDENTITY } = ALLOW_ALL;

/** The endpoint refuses (implicitly) exactly the ids that match both patterns. */
const refusesBoth = (a: string, b: string) =>
  policy('endpoint', allowIf('StringNotLike', a), allowIf('StringNotLike', b));

const predict = (endpointPolicy: CompiledPolicy) =>
  predictCall(
    config,
    principal,
    { api: 'orders', method: 'GET', path: '/' },
    {
      endpointPolicy,
      resourcePolicy: policy('resource', ALLOW_ALL),
      identityPolicies: [policy('identity', ALLOW_ALL_IDENTITY)],
    },
  );

describe('role ids the config does not state: every overlap of the patterns gets a sample', () => {
  it('AROA*1:* and *Z2*: the decision depends on the id (AROAZ21 is refused), so it is unknown, naming roles.BatchRole.roleId', () => {
    const d = predict(refusesBoth('AROA*1:*', '*Z2*'));
    expect(d.decision).toBe('unknown');
    expect('unknown' in d ? d.unknown : '').toMatch(/roles\.BatchRole\.roleId/);
  });

  it('the samples are role ids, and one of them matches both patterns', () => {
    const ids = roleIdSamples(config, principal, [refusesBoth('AROA*1:*', '*Z2*')]) as string[];
    expect(Array.isArray(ids)).toBe(true);
    for (const id of ids) expect(id).toMatch(/^AROA[A-Z0-9]+$/);
    expect(ids.some((id) => /1$/.test(id) && id.includes('Z2'))).toBe(true);
  });

  it('?-patterns meet only at specific characters: AROA??7?:* and AROA?Q* at AROA?Q7? (not with each ? as X)', () => {
    expect(predict(refusesBoth('AROA??7?:*', 'AROA?Q*')).decision).toBe('unknown');
  });

  it('patterns no role id can meet leave the decision exact: AROA*:other-session and *Z2*', () => {
    // The session is spokegate's (roles.BatchRole.sessionName unset): no id makes the first match.
    expect(predict(refusesBoth('AROA*:other-session', '*Z2*')).decision).toBe('allow');
  });

  it('an id the config gives another role is not a sample for this one', () => {
    const other = {
      ...config,
      roles: { ...config.roles, CheckoutRole: { ...config.roles.CheckoutRole!, roleId: 'AROAQ1' } },
    };
    const ids = roleIdSamples(other, principal, [policy('endpoint', allowIf('StringLike', 'AROAQ1:*'))]);
    expect(ids).not.toContain('AROAQ1');
  });

  it('every role id lands in a combination of the patterns some sample lands in (property, engine matcher)', () => {
    const piece = fc.constantFrom('AROA', 'A', 'Z', '1', '7', '*', '?', ':', 'spokegate', 'x');
    const patternArb = fc.array(piece, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
    const idArb = fc
      .array(fc.constantFrom('A', 'Z', '1', '7', 'Q', 'R', 'O'), { minLength: 1, maxLength: 6 })
      .map((a) => `AROA${a.join('')}`);
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 3 }),
        fc.array(idArb, { maxLength: 10 }),
        (ps, ids) => {
          const samples = roleIdSamples(config, principal, [
            policy('endpoint', ...ps.map((p) => allowIf('StringLike', p))),
          ]);
          expect(Array.isArray(samples)).toBe(true);
          const vector = (id: string) =>
            ps.map((p) => (compileWildcard(p).test(`${id}:spokegate`) ? 1 : 0)).join('');
          const reached = new Set((samples as string[]).map(vector));
          for (const s of samples as string[]) expect(s).toMatch(/^AROA[A-Z0-9]+$/);
          for (const id of ids) expect(reached, `${ps.join(' ')}: ${id}`).toContain(vector(id));
        },
      ),
      { numRuns: 200 },
    );
  });
});
