// Issue times and MFA ages tied to the clock (note11 §14, "Still missing": the MFA age not tied to
// the issue time; issue times older than the longest session still possible). Temporary
// credentials live at most: GetSessionToken and GetFederationToken 36 h (≤ 129,600, botocore's STS
// model); a role session and the root's have no documented bound (EC2 instance-role credentials are
// "not subject to the specified maximum session duration", IAM UpdateRole; docs/aws-behaviour.md §26). The MFA sign-in comes at or before the credentials are
// issued, so at a request made at now the MFA age is at least now − aws:TokenIssueTime. Before,
// who-can split the issue time and the age apart: a class of sessions issued a month ago with an
// MFA age under a minute, or of users' sessions issued 40 h ago, was reported with a witness no
// request can be. Hand truth, now 2026-12-02T00:00:00Z.
import { describe, expect, it } from 'vitest';
import {
  decide,
  engineQuestion,
  whoCan,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { toInstant } from '../../src/policy/index.js';
import { allow, ANYONE, checkoutAnd, deny, of555, req, type P } from './hidden-style.js';
import { checkComplete } from './random-requests.js';

const NOW = '2026-12-02T00:00:00Z';
const at = (...statements: object[]): AnalysisWorld => ({ ...checkoutAnd(...statements), now: NOW });
/** 555555555555 let in when its credentials were issued before (`DateLessThan`) or after a date, with an MFA age under `age` seconds when given. */
const grantIssued = (sid: string, op: 'DateLessThan' | 'DateGreaterThan', date: string, age?: string) =>
  at(
    allow(sid, of555, {
      [op]: { 'aws:TokenIssueTime': date },
      ...(age !== undefined ? { NumericLessThan: { 'aws:MultiFactorAuthAge': age } } : {}),
    }),
  );

/** Whether some class lets one of 555555555555's callers in (checkout's own role left aside). */
const lets555In = (world: AnalysisWorld) =>
  whoCan(world).classes.some(
    (c) => c.witness.principal.kind !== 'anonymous' && c.witness.principal.arn.includes('555555555555'),
  );

/** A caller of 555555555555 of `kind`, its credentials issued at `issuedAt`, with MFA of that age (seconds) when given. */
function caller(kind: 'role' | 'user' | 'root' | 'federated-user', issuedAt: string, mfaAge?: number) {
  const arn = {
    role: 'arn:aws:iam::555555555555:role/Ops',
    user: 'arn:aws:iam::555555555555:user/ci',
    root: 'arn:aws:iam::555555555555:root',
    'federated-user': 'arn:aws:sts::555555555555:federated-user/Bob',
  }[kind];
  const mfa = kind === 'federated-user' ? {} : { mfa: mfaAge !== undefined };
  const principal = { kind, arn, issuedAt, ...mfa, ...(kind === 'role' ? { sessionName: 'work' } : {}) } as P;
  return req(
    principal,
    'GET',
    '/orders',
    mfaAge !== undefined ? { context: { 'aws:MultiFactorAuthAge': String(mfaAge) } } : {},
  );
}

/** Every witness is a request some caller can make at now: issued within its credentials' life, its MFA age no younger than its credentials. */
function witnessesReal(world: AnalysisWorld): void {
  const now = Date.parse(NOW);
  const life = { role: Infinity, user: 36, 'federated-user': 36, root: Infinity } as const;
  for (const c of whoCan(world).classes) {
    const ctx = engineQuestion(world, c.witness).request.context;
    const p = c.witness.principal;
    const issued = ctx['aws:TokenIssueTime'];
    if (p.kind === 'anonymous' || issued === undefined) continue;
    const ms = toInstant(String(issued))!;
    if (ms > now) continue; // later than now: a request made once they are issued
    expect(now - ms, `${c.description}: issued ${String(issued)}`).toBeLessThanOrEqual(
      life[p.kind] * 3_600_000,
    );
    const age = ctx['aws:MultiFactorAuthAge'];
    if (age !== undefined)
      expect(Number(age), `${c.description}: issued ${String(issued)}`).toBeGreaterThanOrEqual(
        Math.floor((now - ms) / 1000),
      );
  }
}

// Each row: a policy and requests a caller of 555555555555 can make at now that it lets in (hand
// truth); none: no caller of 555555555555 gets in, and who-can reports no class of them.
const CASES: [string, AnalysisWorld, AnalysisRequest[]][] = [
  [
    // pass 14's reproduction: issued before 2026-11-01 (a month and more ago) is no credential alive
    // now; an MFA age under a minute is no session issued before then either.
    'issued before 2026-11-01 with an MFA age under 60 s: nobody',
    grantIssued('OldFreshMfa', 'DateLessThan', '2026-11-01T00:00:00Z', '60'),
    [],
  ],
  [
    // a user's or federated user's credentials live 36 h at most; a role session (EC2 instance-role
    // credentials) and the root's have no documented bound.
    'issued before 2026-11-01: role sessions and the root, no user, no federated user',
    grantIssued('Old', 'DateLessThan', '2026-11-01T00:00:00Z'),
    [caller('role', '2026-10-31T00:00:00Z'), caller('root', '2026-10-30T00:00:00Z')],
  ],
  [
    // 20 h ago: GetSessionToken users and federated users (36 h), role sessions and the root.
    'issued before 20 h ago: users (GetSessionToken), federated users, role sessions, the root',
    grantIssued('Stale', 'DateLessThan', '2026-12-01T04:00:00Z'),
    [
      caller('user', '2026-11-30T12:00:00Z'),
      caller('federated-user', '2026-12-01T03:00:00Z'),
      caller('role', '2026-12-01T02:00:00Z'),
      caller('root', '2026-12-01T01:00:00Z'),
    ],
  ],
  [
    // within the last 30 minutes, with MFA: a role session or a GetSessionToken session (user or
    // root); the age under 3600 holds for all of them.
    'issued in the last 30 min, MFA age under an hour: roles, users, the root',
    grantIssued('Recent', 'DateGreaterThan', '2026-12-01T23:30:00Z', '3600'),
    [
      caller('role', '2026-12-01T23:40:00Z', 1200),
      caller('user', '2026-12-01T23:59:00Z', 60),
      caller('root', '2026-12-01T23:45:00Z', 3000),
    ],
  ],
  [
    // issued more than 2 h ago and an MFA age under an hour: no session (the MFA sign-in came first).
    'issued more than 2 h ago, MFA age under an hour: nobody',
    grantIssued('Mismatch', 'DateLessThan', '2026-12-01T22:00:00Z', '3600'),
    [],
  ],
  [
    // a Deny of old sessions (AWSRevokeOlderSessions) leaves everyone a grant lets in.
    'revoke sessions issued before 2026-11-01 beside a grant: every kind',
    at(
      allow('Of555', of555),
      deny('Revoke', ANYONE, { DateLessThan: { 'aws:TokenIssueTime': '2026-11-01T00:00:00Z' } }),
    ),
    [
      caller('role', '2026-12-01T13:00:00Z'),
      caller('user', '2026-11-30T13:00:00Z', 126_000),
      caller('root', '2026-12-01T23:30:00Z'),
      caller('federated-user', '2026-11-30T13:00:00Z'),
    ],
  ],
];

describe('who-can ties issue times and MFA ages to the clock', () => {
  it.each(CASES)('%s', (_, world, allowed) => {
    expect(lets555In(world)).toBe(allowed.length > 0);
    const who = whoCan(world);
    for (const r of allowed) {
      expect(decide(world, r).decision, JSON.stringify(r)).toBe('allow');
      expect(who.reportedClassesOf(r).length, JSON.stringify(r)).toBeGreaterThan(0);
    }
    witnessesReal(world);
  });

  it.each(CASES.slice(2, 4))('%s: random requests are decided as their classes say', (_, world) =>
    checkComplete(world, 1_000),
  );
});

// The default clock is the start of the run's UTC day (docs/cli.md, the clock): a request made
// later that day must be in no class the answer leaves out. Tied to now, a later instant only
// ends more credentials' lives and raises more MFA-age floors, so every allowed request of an
// answer at a later instant is in a class of the answer at the start of the day (this held
// before: no row failed), and the answer names the instant it modelled (it did not: 1 of 1 failed).
describe('the start of the day lets in every request a later instant of that day does', () => {
  const later = ['2026-12-02T06:00:00Z', '2026-12-02T12:00:00Z', '2026-12-02T23:59:59Z'];
  const worlds: [string, AnalysisWorld][] = [
    ...CASES.map(([name, world]): [string, AnalysisWorld] => [name, world]),
    [
      'issued before 06:00 today, MFA age under an hour',
      grantIssued('Today', 'DateLessThan', '2026-12-02T06:00:00Z', '3600'),
    ],
  ];
  it.each(worlds)('%s', (_, world) => {
    const start = whoCan(world);
    for (const now of later) {
      const at = whoCan({ ...world, now });
      const apis = [...new Set(at.classes.map((c) => c.api))];
      const left = apis
        .flatMap((api) => at.allowedRequests(api))
        .filter((r) => start.reportedClassesOf(r).length === 0);
      expect(
        left.map((r) => JSON.stringify(r)),
        now,
      ).toEqual([]);
    }
  });

  it('the answer names the instant it modelled', () => {
    const who = whoCan(grantIssued('Today', 'DateLessThan', '2026-12-02T06:00:00Z', '3600'));
    expect(who.notes).toContainEqual(
      expect.stringMatching(
        /^aws:TokenIssueTime: requests are modelled at now \(2026-12-02T00:00:00\.000Z: --now, else the start of the run's UTC day\): .* at any later instant fewer credentials fit, never more/,
      ),
    );
  });
});
