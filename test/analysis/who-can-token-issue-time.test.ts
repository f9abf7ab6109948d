// aws:TokenIssueTime is the caller's credentials' issue time: a role session and a federated user
// (temporary credentials) always carry it, as a real instant no later than the call; an IAM user and
// the account root carry it only with GetSessionToken's credentials, never with long-term keys (IAM's
// condition-keys page; API Gateway's table: "Key is present only in requests that are signed using
// temporary security credentials"; docs/aws-behaviour.md §13). Before, who-can split it as a free
// request key "not known offline": classes read "… or absent" for role sessions, a root's witness
// carried an issue time, and a region of values that are no date ("other-value") stood beside the
// dates. (Until 2026-12-02 a user or root never carried it: who-can-credentials.test.ts.)
import { describe, expect, it } from 'vitest';
import { engineQuestion, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { toInstant } from '../../src/policy/index.js';
import { allow, ANYONE, checkoutAnd, deny, of555, R555, req, U555 } from './hidden-style.js';
import { checkComplete } from './random-requests.js';

const REVOKED_BEFORE = '2026-06-01T00:00:00Z';
/** "Revoke older sessions": a Deny for credentials issued before a date, beside a grant to 555555555555. */
const world = {
  ...checkoutAnd(
    allow('Of555', of555),
    deny('RevokeOlderSessions', ANYONE, { DateLessThan: { 'aws:TokenIssueTime': REVOKED_BEFORE } }),
  ),
  // Six hours after the date: sessions issued before it are still alive (who-can-session-life.test.ts;
  // at the real now they would all have expired, and their class with them).
  now: '2026-06-01T06:00:00Z',
};

const issued = (r: AnalysisRequest) =>
  engineQuestion(world, r).request.context['aws:TokenIssueTime'] as string | undefined;

describe('who-can over aws:TokenIssueTime', () => {
  it('every witness carries the key exactly when its credentials are temporary, as a real instant no later than now', () => {
    const who = whoCan(world);
    expect(who.classes.length).toBeGreaterThan(0);
    for (const c of who.classes) {
      const at = issued(c.witness);
      // A user or root with an issue time signs with GetSessionToken's credentials (who-can-credentials.test.ts).
      const p = c.witness.principal;
      const temporary =
        p.kind === 'role' ||
        p.kind === 'federated-user' ||
        ((p.kind === 'user' || p.kind === 'root') && p.issuedAt !== undefined);
      if (!temporary) expect(at, c.description).toBeUndefined();
      else {
        expect(at, c.description).toBeDefined();
        const ms = toInstant(at!);
        expect(ms, `${c.description}: ${at}`).toBeDefined();
        expect(ms!).toBeLessThanOrEqual(Date.now());
        expect(ms!).toBeGreaterThanOrEqual(Date.parse(REVOKED_BEFORE));
      }
    }
    // A principal's own credentials, not a request value nobody can know; absent only for a class
    // that holds IAM users or roots (long-term keys).
    for (const c of who.classes) {
      expect(c.description).not.toMatch(/TokenIssueTime[^;]*not known offline/);
      if (!/IAM user|root|signed principal/.test(c.description))
        expect(c.description).not.toMatch(/TokenIssueTime[^;]*absent/);
    }
    expect(who.unknowable).toEqual([]);
  });

  it('a session issued before the date is kept out; one issued after it, a user and the root get through', () => {
    const who = whoCan(world);
    const old = req(R555('Batch', 'nightly', { issuedAt: '2026-05-31T23:59:59Z' }));
    expect(who.reportedClassesOf(old)).toEqual([]);
    const fresh = req(R555('Batch', 'nightly', { issuedAt: '2026-06-01T00:00:01Z' }));
    expect(who.reportedClassesOf(fresh).length).toBeGreaterThan(0);
    expect(who.reportedClassesOf(req(U555('ci'))).length).toBeGreaterThan(0);
    expect(
      who.reportedClassesOf(req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' })).length,
    ).toBeGreaterThan(0);
  });

  it('random requests (sessions issued at random instants) are decided as their classes say', () => {
    checkComplete(world, 2_000);
  });
});
