// An eighth set of hidden-style cases (issue 14, lane G, 2026-12-02): shapes the first seven sets do
// not walk — closed ends of Numeric and Date intervals, a federated user against MFA conditions, a
// gap cut out of an MFA age, a window on aws:EpochTime. Hand truth first, from IAM's condition
// operator and condition-keys pages and the STS model (docs/aws-behaviour.md §13, §26), before the
// analysis was run on them.
import * as hs from './hidden-style.js';

const ROOT555: hs.P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const BOB555: hs.P = { kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/Bob' };
/** GET /orders by a session of 555555555555 assumed with MFA, signed `age` seconds after the sign-in. */
const mfa555 = (age: string) =>
  hs.req(hs.R555('Admin', 'alice', { mfa: true }), 'GET', '/orders', {
    context: { 'aws:MultiFactorAuthAge': age },
  });
/** GET /orders by 555555555555's session Deploy/ci issued at `issuedAt`. */
const issued555 = (issuedAt: string) => hs.req(hs.R555('Deploy', 'ci', { issuedAt }));
const DAY = '2026-06-01T00:00:00Z';

export const EIGHTH: Record<string, hs.HiddenCase> = {
  mfaAgeAtMostAnHour: {
    // NumericLessThanEquals: 3600 itself matches (reference_policies_elements_condition_operators,
    // "Less than or equals"); 3601 does not; no MFA, no age, no match.
    world: hs.of555When('HourMfa', { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }),
    allowed: mfa555('3600'),
    reads: /555555555555.*aws:MultiFactorAuthAge is ≤ 3600 \(not known offline\)/,
    denied: [mfa555('3601'), hs.req(hs.R555('Admin', 'alice')), hs.req(ROOT555)],
  },
  issuedOnOrAfterADay: {
    // DateGreaterThanEquals on aws:TokenIssueTime: a session issued at the instant itself gets
    // through, one a second earlier does not, and long-term keys (no issue time) do not.
    // Asked six hours after the instant: sessions from either side of it are alive (12 h).
    world: {
      ...hs.of555When('Fresh', { DateGreaterThanEquals: { 'aws:TokenIssueTime': DAY } }),
      now: '2026-06-01T06:00:00Z',
    },
    allowed: issued555(DAY),
    reads: /555555555555.*aws:TokenIssueTime is at or after 2026-06-01T00:00:00\.000Z/,
    denied: [issued555('2026-05-31T23:59:59Z'), hs.req(hs.U555('ci')), hs.req(ROOT555)],
  },
  federatedAgainstMfaGrant: {
    // Bool aws:MultiFactorAuthPresent true for account 555555555555: a session assumed with MFA
    // gets through; a federated user never signs with MFA (GetFederationToken takes no MFA
    // parameters), so Bob is kept out, as are sessions without MFA and long-term keys.
    world: hs.of555When('WithMfa', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    allowed: hs.req(hs.R555('Admin', 'alice', { mfa: true })),
    reads: /^any role or IAM user .*555555555555.*MultiFactorAuthPresent/,
    denied: [hs.req(BOB555), hs.req(hs.R555('Admin', 'alice')), hs.req(hs.U555('ci'))],
  },
  federatedThroughNoMfaDeny: {
    // A Deny when aws:MultiFactorAuthPresent is false (no IfExists): a federated user carries false
    // (temporary credentials without MFA) and is refused; long-term keys carry no key, so the
    // Deny does not apply and an IAM user of 555555555555 gets through.
    world: hs.of555Denying('NoMfa', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
    allowed: hs.req(hs.U555('ci')),
    reads: /555555555555/,
    denied: [hs.req(BOB555), hs.req(hs.R555('Admin', 'alice'))],
  },
  mfaAgeWithAGap: {
    // NumericNotEquals 60 with a Deny above an hour: every age but 60 up to 3600 gets through; a
    // negated operator on a missing key is true, so sessions without MFA get through too.
    world: hs.checkoutAnd(
      hs.allow('Not60', hs.of555, { NumericNotEquals: { 'aws:MultiFactorAuthAge': '60' } }),
      hs.deny('Stale', hs.ANYONE, { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }),
    ),
    allowed: mfa555('61'),
    reads: /aws:MultiFactorAuthAge is < 60 or > 60 and ≤ 3600, or absent/,
    denied: [mfa555('60'), mfa555('3601')],
  },
  epochWindow: {
    // aws:EpochTime compared as a number (reference_policies_condition-keys: "date or numeric
    // condition operators"): from 1780272000 (2026-06-01) inclusive to 1798761600 (2027-01-01)
    // exclusive; the clock is the request's, not known offline.
    world: hs.of555When('Window', {
      NumericGreaterThanEquals: { 'aws:EpochTime': '1780272000' },
      NumericLessThan: { 'aws:EpochTime': '1798761600' },
    }),
    allowed: hs.any555({ 'aws:EpochTime': '1780272000' }),
    reads: /aws:EpochTime is ≥ 1780272000 and < 1798761600 \(not known offline\)/,
    denied: [hs.any555({ 'aws:EpochTime': '1780271999' }), hs.any555({ 'aws:EpochTime': '1798761600' })],
  },
};
