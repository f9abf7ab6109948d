// The caller's credentials decide aws:TokenIssueTime and aws:MultiFactorAuthPresent (IAM User
// Guide, reference_policies_condition-keys: both "included in the request context only when the
// principal uses temporary credentials"; docs/aws-behaviour.md §13):
// - a role session (AssumeRole, which takes SerialNumber/TokenCode) and a federated user carry both,
//   MultiFactorAuthPresent true or false, never absent;
// - an IAM user or the account root signs with long-term keys (neither key) or with the temporary
//   credentials GetSessionToken returns (IAM User Guide, id_credentials_temp_control-access_getsessiontoken:
//   "called with the credentials of an IAM user … or … root user credentials"; "the credentials returned
//   … will include the MFA context"): then both keys, as for a session.
// Before, who-can read an IAM user and the root as long-term keys alone (a TokenIssueTime grant let
// no user in, though a GetSessionToken user gets through), and aws:MultiFactorAuthPresent as a free
// request key: sessions read "… is "false", or absent", and a role with MFA was no request the engine
// could be asked about.
import { describe, expect, it } from 'vitest';
import {
  decide,
  engineQuestion,
  whoCan,
  witnessText,
  type AnalysisRequest,
} from '../../src/analysis/index.js';
import { allow, deny, ANYONE, of555, open, R555, req, U555, type P } from './hidden-style.js';
import { smallWorld } from './helpers.js';
import { checkComplete } from './random-requests.js';

const ROOT555: P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const AFTER = '2026-01-01T00:00:00Z';
const withCredentials = (p: P, c: object): P => ({ ...p, ...c }) as P;

const freshGrant = smallWorld(open, [
  allow('Fresh', of555, { DateGreaterThan: { 'aws:TokenIssueTime': AFTER } }),
]);
const mfaGrant = smallWorld(open, [allow('Mfa', of555, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })]);
const noMfaGrant = smallWorld(open, [
  allow('NoMfa', of555, { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
]);
const longTermOnly = smallWorld(open, [allow('Keys', of555, { Null: { 'aws:TokenIssueTime': 'true' } })]);
const denyWithoutMfa = smallWorld(open, [
  allow('Of555', of555),
  deny('NoMfa', ANYONE, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }),
]);

const allowedIn = (w: typeof freshGrant, r: AnalysisRequest) => {
  expect(decide(w, r).decision, witnessText(r)).toBe('allow');
  const holding = whoCan(w).reportedClassesOf(r);
  expect(holding.length, witnessText(r)).toBeGreaterThan(0);
  return holding;
};
const keptOut = (w: typeof freshGrant, r: AnalysisRequest) => {
  expect(decide(w, r).decision, witnessText(r)).toBe('deny');
  expect(whoCan(w).reportedClassesOf(r), witnessText(r)).toEqual([]);
};

describe('who-can over the caller credentials', () => {
  it('a GetSessionToken user (and root) issued after the date gets through a TokenIssueTime grant; long-term keys do not', () => {
    const user = withCredentials(U555('ci'), { issuedAt: '2026-03-01T00:00:00Z' });
    const ctx = engineQuestion(freshGrant, req(user)).request.context;
    expect(ctx['aws:TokenIssueTime']).toBe('2026-03-01T00:00:00Z');
    expect(ctx['aws:MultiFactorAuthPresent']).toBe(false);
    const holding = allowedIn(freshGrant, req(user));
    expect(holding.map((c) => c.description).join('\n')).toMatch(/IAM user|signed principal/);
    allowedIn(freshGrant, req(withCredentials(ROOT555, { issuedAt: '2026-03-01T00:00:00Z' })));
    keptOut(freshGrant, req(U555('ci')));
    keptOut(freshGrant, req(withCredentials(U555('ci'), { issuedAt: '2025-03-01T00:00:00Z' })));
    // Some class's witness is a user or root with temporary credentials.
    expect(
      whoCan(freshGrant).classes.some(
        (c) =>
          (c.witness.principal.kind === 'user' || c.witness.principal.kind === 'root') &&
          'issuedAt' in c.witness.principal,
      ),
    ).toBe(true);
  });

  it('only long-term keys: a GetSessionToken user is kept out, a user signing with its keys gets through', () => {
    allowedIn(longTermOnly, req(U555('ci')));
    keptOut(longTermOnly, req(withCredentials(U555('ci'), { issuedAt: '2026-03-01T00:00:00Z' })));
    keptOut(longTermOnly, req(R555('Any')));
  });

  it('a role session assumed with MFA carries aws:MultiFactorAuthPresent true and gets through an MFA grant', () => {
    const r = req(withCredentials(R555('Admin', 'alice'), { mfa: true }));
    expect(engineQuestion(mfaGrant, r).request.context['aws:MultiFactorAuthPresent']).toBe(true);
    allowedIn(mfaGrant, r);
    keptOut(mfaGrant, req(R555('Admin', 'alice')));
    keptOut(mfaGrant, req(U555('ci')));
    allowedIn(mfaGrant, req(withCredentials(U555('ci'), { issuedAt: '2026-03-01T00:00:00Z', mfa: true })));
    for (const c of whoCan(mfaGrant).classes) {
      expect(c.description).not.toMatch(/MultiFactorAuthPresent[^;]*not known offline/);
      expect(decide(mfaGrant, c.witness).decision, c.description).toBe('allow');
    }
  });

  it('sessions never read "absent": they carry false', () => {
    const who = whoCan(noMfaGrant);
    for (const c of who.classes) {
      if (/\brole|federated user/.test(c.description.split(';')[0]!))
        expect(c.description, c.description).not.toMatch(/MultiFactorAuthPresent[^;]*absent/);
    }
    allowedIn(noMfaGrant, req(R555('Any')));
    keptOut(noMfaGrant, req(withCredentials(R555('Any'), { mfa: true })));
    keptOut(noMfaGrant, req(U555('ci')));
  });

  it('deny without MFA (BoolIfExists false): long-term keys and sessions without MFA are kept out', () => {
    keptOut(denyWithoutMfa, req(U555('ci')));
    keptOut(denyWithoutMfa, req(R555('Any')));
    allowedIn(denyWithoutMfa, req(withCredentials(R555('Any'), { mfa: true })));
    allowedIn(denyWithoutMfa, req(withCredentials(ROOT555, { issuedAt: '2026-03-01T00:00:00Z', mfa: true })));
  });

  // GetFederationToken takes no SerialNumber or TokenCode (botocore's STS model: Name, Policy,
  // PolicyArns, DurationSeconds, Tags) and IAM's table of STS credentials gives it "MFA support: No"
  // (id_credentials_sts-comparison): a federated user carries aws:MultiFactorAuthPresent false and no
  // aws:MultiFactorAuthAge (docs/aws-behaviour.md §13). who-can kept both values for it: an MFA grant
  // read "any role, IAM user or federated user …" with a federated witness signed with MFA.
  it.each([
    ['an MFA grant', mfaGrant],
    [
      'an MFA-age grant',
      smallWorld(open, [allow('Age', of555, { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })]),
    ],
    ['a Deny without MFA', denyWithoutMfa],
  ])('%s lets no federated user in: none signs with MFA', (_n, w) => {
    // The classes that need MFA (account 222222222222's own principals get through without).
    const needing = whoCan(w).classes.filter((c) => /MultiFactorAuth/.test(c.description));
    expect(needing.length).toBeGreaterThan(0);
    for (const c of needing) {
      expect(c.witness.principal.kind, c.description).not.toBe('federated-user');
      expect(c.description).not.toMatch(/federated user/);
    }
    const bob = { kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/Bob' } as P;
    keptOut(w, req(bob));
  });

  it.each([
    ['fresh', freshGrant],
    ['mfa', mfaGrant],
    ['no mfa', noMfaGrant],
    ['long-term', longTermOnly],
    ['deny without mfa', denyWithoutMfa],
  ])('random requests (%s) are decided as their classes say', (_n, w) => checkComplete(w, 1_500));
});
