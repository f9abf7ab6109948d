// aws:MultiFactorAuthAge (issue 14, note9 §14: "aws:MultiFactorAuthAge free"). The key is present
// exactly when the caller's credentials were issued with MFA (IAM User Guide,
// id_credentials_mfa_sample-policies: "the MultiFactorAuthAge key is never present in the request
// context for long-term credentials"; reference_policies_condition-keys; docs/aws-behaviour.md,
// "The MFA age and later issue times"), and it counts seconds. who-can split it as a free request
// key: an age grant's witnesses were an account root with long-term keys, or a role session
// assumed without MFA, carrying an age — requests nobody can make. Now it is the caller's, tied to
// aws:MultiFactorAuthPresent true; its value is still known only when the request is made ("not
// known offline").
import { describe, expect, it } from 'vitest';
import {
  engineQuestion,
  whoCan,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { allow, checkoutAnd, deny, of555, R555, req, ANYONE, U555 } from './hidden-style.js';
import { checkComplete } from './random-requests.js';

const grant = checkoutAnd(
  allow('FreshMfa', of555, { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
);
const denyStale = checkoutAnd(
  allow('Of555', of555),
  deny('StaleMfa', ANYONE, { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '1800' } }),
);

/** What the engine reads of a request: its MFA and its MFA age. */
function mfaOf(world: AnalysisWorld, r: AnalysisRequest) {
  const ctx = engineQuestion(world, r).request.context;
  const present = ctx['aws:MultiFactorAuthPresent'];
  return { present: present === undefined ? undefined : String(present), age: ctx['aws:MultiFactorAuthAge'] };
}

describe('who-can over aws:MultiFactorAuthAge', () => {
  it.each([
    ['an age grant', grant],
    ['a Deny on a stale MFA (IfExists)', denyStale],
  ])('%s: every witness with an MFA age carries MFA (temporary credentials issued with it)', (_, world) => {
    const who = whoCan(world);
    expect(who.classes.length).toBeGreaterThan(0);
    for (const c of who.classes) {
      const m = mfaOf(world, c.witness);
      if (m.age !== undefined)
        expect(m.present, `${c.description}: ${JSON.stringify(c.witness)}`).toBe('true');
      if (m.present !== 'true') expect(m.age, c.description).toBeUndefined();
    }
  });

  it('an age grant lets in sessions and GetSessionToken users with MFA only; the age is not known offline', () => {
    const who = whoCan(grant);
    const withMfa = (p: AnalysisRequest['principal'], age: string) =>
      req(p, 'GET', '/orders', { context: { 'aws:MultiFactorAuthAge': age } });
    expect(who.reportedClassesOf(withMfa(R555('Admin', 'alice', { mfa: true }), '60')).length).toBe(1);
    expect(
      who.reportedClassesOf(withMfa(U555('ci', { issuedAt: '2026-11-01T00:00:00Z', mfa: true }), '60'))
        .length,
    ).toBe(1);
    expect(who.reportedClassesOf(withMfa(R555('Admin', 'alice', { mfa: true }), '7200'))).toEqual([]);
    expect(who.reportedClassesOf(req(R555('Admin', 'alice')))).toEqual([]);
    expect(who.reportedClassesOf(req(U555('ci')))).toEqual([]);
    const granted = who.classes.filter((c) => /MultiFactorAuthAge/.test(c.description));
    expect(granted.length).toBeGreaterThan(0);
    for (const c of granted)
      expect(c.description).toMatch(/aws:MultiFactorAuthAge is < 3600 \(not known offline\)/);
    expect(who.unknowable.map((u) => u.key)).toEqual(['aws:MultiFactorAuthAge']);
  });

  it.each([
    ['an age grant', grant],
    ['a Deny on a stale MFA (IfExists)', denyStale],
  ])('%s: random requests (ages only with MFA) are decided as their classes say', (_, world) =>
    checkComplete(world, 2_000),
  );
});
