// Role chaining (issue 11 item 3): credentials that are themselves a role session may assume a role
// for at most one hour, whatever the role's MaxSessionDuration; STS answers ValidationError beyond
// it (docs/aws-behaviour.md "Session duration"). A long-term identity may ask up to the role's maximum.
import { describe, expect, it } from 'vitest';
import { assume, chainingWorld, newState, parseXml, query } from './helpers.js';

const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
const LONG = 'arn:aws:iam::111111111111:role/LongRole';
// AWS's words, written out here (not imported) so a drift in the source is caught.
const CHAINING =
  'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
const MAX = 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';

/** AssumeRole of `roleArn` as session `session`, with `extra` parameters; signed with `creds` (the harness user by default). */
const assumeRole = (
  s: ReturnType<typeof newState>,
  roleArn: string,
  session: string,
  extra: Record<string, string> = {},
  creds?: Parameters<typeof query>[3],
) => query(s, 'sts', { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: session, ...extra }, creds);

const stsError = (body: string) =>
  parseXml(body).ErrorResponse.Error as { Code: string; Message: string; Type: string };
const expirySeconds = (body: string, from: number) =>
  Math.round(
    (Date.parse(parseXml(body).AssumeRoleResponse.AssumeRoleResult.Credentials.Expiration as string) - from) /
      1000,
  );

describe('AssumeRole session duration', () => {
  it('a role-chained session asking for 2 hours is a ValidationError, even where the role allows 12', async () => {
    const s = newState(chainingWorld());
    const chained = await assume(s, 'ChainerRole');
    const r = await assumeRole(s, LONG, 'chain', { DurationSeconds: '7200' }, chained);
    expect(r.status).toBe(400);
    expect(stsError(r.body)).toEqual({ Type: 'Sender', Code: 'ValidationError', Message: CHAINING });
    expect(s.counters.assumeRole.LongRole).toBeUndefined();
  });

  it('a role-chained session gets one hour when it asks for it or asks nothing', async () => {
    const s = newState(chainingWorld());
    const chained = await assume(s, 'ChainerRole');
    for (const extra of [{ DurationSeconds: '3600' }, {}] as Record<string, string>[]) {
      const from = s.now().getTime();
      const r = await assumeRole(s, LONG, 'chain', extra, chained);
      expect(r.status).toBe(200);
      expect(expirySeconds(r.body, from)).toBeGreaterThanOrEqual(3599);
      expect(expirySeconds(r.body, from)).toBeLessThanOrEqual(3600);
    }
  });

  it('a long-term identity (IAM user) may ask up to the role maximum, not beyond', async () => {
    const s = newState(chainingWorld());
    const from = s.now().getTime();
    const ok = await assumeRole(s, LONG, 'user', { DurationSeconds: '7200' });
    expect(ok.status).toBe(200);
    expect(expirySeconds(ok.body, from)).toBeGreaterThanOrEqual(7199);
    const tooLong = await assumeRole(s, CHAINER, 'user', { DurationSeconds: '7200' });
    expect(tooLong.status).toBe(400);
    expect(stsError(tooLong.body)).toEqual({ Type: 'Sender', Code: 'ValidationError', Message: MAX });
  });

  it('below 900 seconds and above 43200 are ValidationErrors with the constraint named', async () => {
    const s = newState(chainingWorld());
    for (const d of ['899', '43201']) {
      const r = await assumeRole(s, LONG, 'user', { DurationSeconds: d });
      expect(r.status).toBe(400);
      expect(stsError(r.body)).toEqual({
        Type: 'Sender',
        Code: 'ValidationError',
        Message: `1 validation error detected: Value '${d}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
      });
    }
  });
});
