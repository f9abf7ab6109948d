// A seventh set of hidden-style cases (issue 14, lane G, 2026-12-02): principals no configured role
// resembles get through by shapes the first six sets do not walk. Hand truth first, from IAM's
// condition-keys and MFA pages (docs/aws-behaviour.md §13), before the analysis was run on them.
import * as hs from './hidden-style.js';
import { smallWorld } from './helpers.js';

const ROOT555: hs.P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
/** GET /orders by a session of 555555555555 assumed with MFA, signed `age` seconds after the MFA sign-in. */
const mfa555 = (age: string) =>
  hs.req(hs.R555('Admin', 'alice', { mfa: true }), 'GET', '/orders', {
    context: { 'aws:MultiFactorAuthAge': age },
  });

/** A date no test run reaches: credentials issued after it do not exist yet. */
export const FAR = '2099-01-01T00:00:00Z';

export const SEVENTH: Record<string, hs.HiddenCase> = {
  sessionsIssuedAfterAFutureDate: {
    // DateGreaterThan aws:TokenIssueTime with a date later than now: no session of 555555555555
    // gets through today, every one issued after the date will, with no change to any policy. The
    // grant is access all the same (a proof passing today would fail then; a diff adding it opens
    // the API): a class of its own, read as later than now.
    world: smallWorld(hs.open, [
      hs.allow('FromThen', hs.of555, { DateGreaterThan: { 'aws:TokenIssueTime': FAR } }),
    ]),
    allowed: hs.req(hs.R555('Deploy', 'ci', { issuedAt: '2099-02-01T00:00:00Z' })),
    reads: /TokenIssueTime is after 2099-01-01T00:00:00\.000Z \(later than now/,
    denied: [
      hs.req(hs.R555('Deploy', 'ci', { issuedAt: '2026-11-01T00:00:00Z' })),
      hs.req(hs.U555('ci')),
      hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    ],
  },
  recentMfaAge: {
    // NumericLessThan aws:MultiFactorAuthAge: the age is present only with credentials issued with
    // MFA (IAM User Guide, id_credentials_mfa_sample-policies: "never present in the request context
    // for long-term credentials"), so a session assumed with MFA within the hour gets through; one
    // without MFA, and long-term keys, carry no age and do not. (The third set's mfaAgeNumeric, the
    // same world, folded here: any 555555555555 request carrying age 60 is let through, 7200 is not.)
    world: hs.of555When('RecentMfa', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
    allowed: mfa555('60'),
    reads: /555555555555.*aws:MultiFactorAuthAge is < 3600/,
    also: [
      { allowed: hs.any555({ 'aws:MultiFactorAuthAge': '60' }), reads: /555555555555.*MultiFactorAuthAge/ },
    ],
    denied: [
      mfa555('7200'),
      hs.req(hs.R555('Admin', 'alice')),
      hs.req(hs.U555('ci')),
      hs.req(ROOT555),
      hs.any555({ 'aws:MultiFactorAuthAge': '7200' }),
      hs.req(hs.R555('Any', 'wk')),
    ],
  },
  mfaAgePresentAtAll: {
    // Null false on the age: the key exists, which is MFA (any age).
    world: hs.of555When('AnyMfa', { Null: { 'aws:MultiFactorAuthAge': 'false' } }),
    allowed: mfa555('86400'),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('Admin', 'alice')), hs.req(hs.U555('ci')), hs.req(ROOT555)],
  },
  denyUnlessSessionArnPattern: {
    // A Deny unless aws:PrincipalArn is like an assumed-role session ARN: for a role the key is the
    // role's ARN, not the session's (IAM User Guide, reference_policies_condition-keys: "For IAM
    // roles, the request context returns the ARN of the role, not the ARN of the user that assumed
    // the role"), so the pattern never matches and every Admin session is denied; only the root,
    // listed by its own ARN, gets through.
    world: hs.resource555Denying('OnlyAdmins', {
      ArnNotLike: {
        'aws:PrincipalArn': [
          'arn:aws:sts::555555555555:assumed-role/Admin/*',
          'arn:aws:iam::555555555555:root',
        ],
      },
    }),
    allowed: hs.req(ROOT555),
    reads: /root/,
    denied: [hs.req(hs.R555('Admin', 'alice')), hs.req(hs.U555('Admin')), hs.req(hs.R555('Other'))],
  },
  usersAtAPath: {
    // StringNotLike aws:PrincipalArn arn:aws:iam::*:user/${aws:username}: an IAM user's ARN holds
    // its path (IAM identifiers: arn:aws:iam::ACCOUNT:user/PATH/NAME) and aws:username its name
    // alone, so the pattern fits a user at path / only; a user at any other path gets through. The
    // search for the condition's points never tried a caller at a path: such users were in no
    // class (random draws: "no class"), the reported ones approximate.
    world: hs.of555When('PathUsers', {
      StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' },
    }),
    allowed: hs.req(hs.U555('ops/alice')),
    reads: /555555555555/,
    denied: [hs.req(hs.U555('alice'))],
  },
  deleteOnlyByUsersAtRootPath: {
    // The same test in a Deny on DELETE: a user at path / deletes, one at ops/ does not.
    world: hs.resource555Denying(
      'NotSelf',
      { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' } },
      `${hs.ORDERS}/DELETE/*`,
    ),
    allowed: hs.req(hs.U555('alice'), 'DELETE', '/orders/1'),
    reads: /555555555555/,
    denied: [hs.req(hs.U555('ops/alice'), 'DELETE', '/orders/1')],
  },
};
