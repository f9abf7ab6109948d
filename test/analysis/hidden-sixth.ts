// A sixth set of hidden-style cases (issue 14, lane H, 2026-12-02): principals no configured role
// resembles get through by shapes the first five sets do not walk — the caller's credentials
// (GetSessionToken users and roots carry aws:TokenIssueTime and aws:MultiFactorAuthPresent, sessions
// carry MFA true or false, long-term keys neither: docs/aws-behaviour.md §13), IfExists on tags and
// MFA, a negated ignore-case test on a tag, an account pattern on aws:PrincipalAccount, aws:userid
// patterns that only IAM users' ids match, NotAction grants, a Resource variable naming the user,
// and several keys (AND) with several values (OR) in one block. Hand truth, from IAM's condition
// operators and keys pages, before the analysis was run on them.
import * as hs from './hidden-style.js';
import { smallWorld } from './helpers.js';

const ROOT555: hs.P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const FED555 = (name: string, extra: object = {}): hs.P => ({
  kind: 'federated-user',
  arn: `arn:aws:sts::555555555555:federated-user/${name}`,
  ...extra,
});
/** GetSessionToken credentials (a user's or the root's), issued then, with MFA or not. */
const session = (p: hs.P, issuedAt: string, mfa = false): hs.P => ({ ...p, issuedAt, mfa }) as hs.P;
const R666 = (name: string, s = 'work', extra: object = {}) =>
  hs.role(`arn:aws:iam::666666666666:role/${name}`, s, extra);

export const SIXTH: Record<string, hs.HiddenCase> = {
  getSessionTokenUserAfterDate: {
    // Sessions issued after the date: an IAM user's GetSessionToken credentials are such a session
    // (the key is in every request signed with temporary credentials); its long-term keys are not.
    world: smallWorld(hs.open, [
      hs.allow('Fresh', hs.of555, { DateGreaterThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } }),
    ]),
    allowed: hs.req(session(hs.U555('ci'), '2026-02-01T00:00:00Z')),
    reads: /IAM user|signed principal/,
    denied: [
      hs.req(hs.U555('ci')),
      hs.req(hs.R555('Any', 'wk', { issuedAt: '2025-12-01T00:00:00Z' })),
      hs.req(ROOT555),
    ],
  },
  mfaIfExistsTrueLetsLongTermKeysIn: {
    // BoolIfExists true: a request without the key (long-term keys) passes; a session must carry MFA.
    world: smallWorld(hs.open, [
      hs.allow('MfaOrKeys', hs.of555, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    ]),
    allowed: hs.req(hs.U555('ci')),
    reads: /IAM user|signed principal/,
    denied: [
      hs.req(hs.R555('Any')),
      hs.req(FED555('Bob')),
      hs.req(session(hs.U555('ci'), '2026-02-01T00:00:00Z', false)),
    ],
  },
  mfaSessionThroughMfaGrant: {
    // A role session assumed with MFA (AssumeRole SerialNumber/TokenCode) carries true.
    world: hs.of555When('Mfa', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    allowed: hs.req(hs.R555('Admin', 'alice', { mfa: true })),
    reads: /MultiFactorAuthPresent/,
    denied: [hs.req(hs.R555('Admin', 'alice')), hs.req(hs.U555('ci')), hs.req(ROOT555)],
  },
  denyTemporaryCredentials: {
    // "Deny temporary credentials" (Null false: the key exists): long-term keys alone get through.
    world: hs.resource555Denying('NoSessions', { Null: { 'aws:TokenIssueTime': 'false' } }),
    allowed: hs.req(ROOT555),
    reads: /root|signed principal|IAM user/,
    denied: [
      hs.req(hs.R555('Any')),
      hs.req(FED555('Bob')),
      hs.req(session(ROOT555, '2026-02-01T00:00:00Z', true)),
      hs.req(session(hs.U555('ci'), '2026-02-01T00:00:00Z')),
    ],
  },
  tagNotEqualsIgnoreCaseDeny: {
    // Deny unless env is "prod" in any case; a missing tag makes the negated test true (denied).
    world: hs.resource555Denying('OnlyProd', {
      StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/env': 'Prod' },
    }),
    allowed: hs.req(hs.R555('Svc', 'wk', { tags: { env: 'PROD' } })),
    reads: /env/,
    denied: [
      hs.req(hs.R555('Svc', 'wk')),
      hs.req(hs.R555('Svc', 'wk', { tags: { env: 'dev' } })),
      hs.req(ROOT555),
    ],
  },
  stringLikeIfExistsTag: {
    // Untagged principals pass (IfExists); a tagged one only with project like app-*.
    world: smallWorld(hs.open, [
      hs.allow('Apps', hs.of555, { StringLikeIfExists: { 'aws:PrincipalTag/project': 'app-*' } }),
    ]),
    allowed: hs.req(hs.R555('Svc', 'wk', { tags: { project: 'app-7' } })),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('Svc', 'wk', { tags: { project: 'web' } })), hs.req(R666('Svc'))],
  },
  principalAccountPattern: {
    // Any principal of the accounts 555555555550 to 555555555559.
    world: hs.checkoutAnd(
      hs.allow('Range', hs.ANYONE, { StringLike: { 'aws:PrincipalAccount': '55555555555?' } }),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::555555555553:role/Any', 'wk')),
    reads: /55555555555\?/,
    denied: [hs.req(R666('Any')), hs.req(hs.role('arn:aws:iam::555555555565:role/Any', 'wk'))],
  },
  userIdOfUsersOnly: {
    // aws:userid like AIDA*: an IAM user's unique id (long-term keys or GetSessionToken alike); a
    // role session's is AROA…:session, a root's the account, a federated user's ACCOUNT:NAME.
    world: smallWorld(hs.open, [hs.allow('Users', hs.of555, { StringLike: { 'aws:userid': 'AIDA*' } })]),
    allowed: hs.req(hs.U555('alice')),
    reads: /IAM user/,
    denied: [hs.req(hs.R555('AIDAlike', 'AIDA1')), hs.req(ROOT555), hs.req(FED555('AIDAX'))],
  },
  notActionGrant: {
    // NotAction other than ManageConnections covers execute-api:Invoke.
    world: hs.checkoutAnd({
      Sid: 'AllBut',
      Effect: 'Allow',
      ...hs.of555,
      NotAction: 'execute-api:ManageConnections',
      Resource: '*',
    }),
    allowed: hs.req(hs.R555('Any')),
    reads: /555555555555/,
    denied: [hs.req(R666('Any'))],
  },
  resourceNamesTheUser: {
    // Each IAM user of 555555555555 to its own /users/NAME (aws:username: users alone carry it).
    world: hs.checkoutAnd(
      hs.allow('OwnRecord', hs.of555, undefined, `${hs.ORDERS}/GET/users/\${aws:username}`),
    ),
    allowed: hs.req(hs.U555('bob'), 'GET', '/users/bob'),
    reads: /555555555555/,
    denied: [
      hs.req(hs.U555('bob'), 'GET', '/users/alice'),
      hs.req(hs.R555('bob', 'bob'), 'GET', '/users/bob'),
      hs.req(ROOT555, 'GET', '/users/root'),
    ],
  },
  severalKeysSeveralValues: {
    // Roles at ci/ or cd/ in any account (OR), tagged stage=prod (AND).
    world: hs.checkoutAnd(
      hs.allow('Pipelines', hs.ANYONE, {
        ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/ci/*', 'arn:aws:iam::*:role/cd/*'] },
        StringEquals: { 'aws:PrincipalTag/stage': 'prod' },
      }),
    ),
    allowed: hs.req(R666('cd/Deployer', 'run-1', { tags: { stage: 'prod' } })),
    reads: /cd\//,
    denied: [
      hs.req(R666('cd/Deployer', 'run-1', { tags: { stage: 'dev' } })),
      hs.req(hs.user('arn:aws:iam::666666666666:user/cd/Deployer', { tags: { stage: 'prod' } })),
      hs.req(R666('ops/Deployer', 'run-1', { tags: { stage: 'prod' } })),
    ],
  },
  federatedAnyMfaDeny: {
    // Deny sessions without MFA (Bool false): a federated user (no MFA parameters) is kept out, an
    // IAM user signing with its keys (no key: the Deny does not apply) gets through. Role sessions
    // without MFA carry aws:MultiFactorAuthPresent false and are denied too (the fifth set's
    // mfaFalseDenyKeepsSessionsOut, the same world, folded here).
    world: hs.resource555Denying('NoMfa', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
    allowed: hs.req(session(hs.U555('ci'), '2026-02-01T00:00:00Z', true)),
    reads: /IAM user|signed principal/,
    also: [{ allowed: hs.req(hs.U555('ci')), reads: /IAM user|root|signed principal/ }],
    denied: [
      hs.req(FED555('Bob')),
      hs.req(session(ROOT555, '2026-02-01T00:00:00Z', false)),
      hs.req(hs.R555('Any')),
    ],
  },
};
