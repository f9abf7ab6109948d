import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AssumeRoleDenied, RoleSessions } from '../../src/aws/index.js';
import { accessDeniedXml, assumeRoleXml, startFakeAws, type FakeAws } from './fake-aws.js';
import { watchListenerWarnings } from '../listener-warnings.js';

const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const OTHER = 'arn:aws:iam::111111111111:role/Other';
const base = () => Promise.resolve({ accessKeyId: 'AKIDBASE', secretAccessKey: 'basesecret' });

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function sessions(url: string, extra: Partial<ConstructorParameters<typeof RoleSessions>[0]> = {}) {
  return new RoleSessions({
    region: 'us-west-2',
    env: { AWS_ENDPOINT_URL_STS: url },
    baseCredentials: base,
    ...extra,
  });
}

describe('RoleSessions', () => {
  it('makes one AssumeRole per role however many calls, concurrent or not', async () => {
    let n = 0;
    fake = await startFakeAws({
      assumeRole: async (p) => {
        await new Promise((r) => setTimeout(r, 30)); // keep the request in flight while others ask
        return {
          status: 200,
          xml: assumeRoleXml(
            p.get('RoleArn')!,
            p.get('RoleSessionName')!,
            new Date(Date.now() + 3600_000),
            ++n,
          ),
        };
      },
    });
    const s = sessions(fake.url);
    const all = await Promise.all(Array.from({ length: 20 }, () => s.get(ROLE, { sessionName: 'run1' })));
    const later = await s.get(ROLE, { sessionName: 'run1' });
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIA1']));
    expect(later.accessKeyId).toBe('ASIA1');
    expect(later.sessionToken).toBe('token-1');
    expect(later.expiration).toBeInstanceOf(Date);
    expect(s.assumeRoleCount).toBe(1);
    expect(fake.requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
    await s.get(OTHER);
    expect(s.assumeRoleCount).toBe(2);
    expect(s.assumeRoleCountFor(OTHER)).toBe(1);
    s.close();
  });

  it('forgets a session AWS refused as expired, and only that one', async () => {
    let n = 0;
    fake = await startFakeAws({
      assumeRole: (p) => ({
        status: 200,
        xml: assumeRoleXml(p.get('RoleArn')!, 's', new Date(Date.now() + 3600_000), ++n),
      }),
    });
    const s = sessions(fake.url);
    const stale = await s.get(ROLE, { sessionName: 'run1' });
    s.forget(ROLE, { sessionName: 'run1' }, { ...stale, accessKeyId: 'ASIA-SOMETHING-ELSE' });
    expect((await s.get(ROLE, { sessionName: 'run1' })).accessKeyId).toBe('ASIA1'); // not those credentials
    s.forget(ROLE, { sessionName: 'run1' }, stale);
    const renewed = await s.get(ROLE, { sessionName: 'run1' });
    expect(renewed.accessKeyId).toBe('ASIA2');
    expect(s.assumeRoleCount).toBe(2);
    s.close();
  });

  it('passes session name, external id and duration', async () => {
    fake = await startFakeAws({
      assumeRole: (p) => ({
        status: 200,
        xml: assumeRoleXml(p.get('RoleArn')!, 's', new Date(Date.now() + 3600_000), 1),
      }),
    });
    const s = sessions(fake.url);
    await s.get(ROLE, { sessionName: 'auditor', externalId: 'ext-123', durationSeconds: 1800 });
    const p = fake.requests[0]!.params;
    expect([
      p.get('RoleArn'),
      p.get('RoleSessionName'),
      p.get('ExternalId'),
      p.get('DurationSeconds'),
    ]).toEqual([ROLE, 'auditor', 'ext-123', '1800']);
    s.close();
  });

  it('refreshes about five minutes before expiry', async () => {
    let n = 0;
    let clock = Date.parse('2026-01-01T00:00:00Z');
    fake = await startFakeAws({
      assumeRole: (p) => ({
        status: 200,
        xml: assumeRoleXml(p.get('RoleArn')!, 's', new Date(clock + 3600_000), ++n),
      }),
    });
    const s = sessions(fake.url, { now: () => new Date(clock) });
    expect((await s.get(ROLE)).accessKeyId).toBe('ASIA1');
    clock += 50 * 60_000; // 10 min left: still fresh
    expect((await s.get(ROLE)).accessKeyId).toBe('ASIA1');
    clock += 6 * 60_000; // 4 min left: refresh
    expect((await s.get(ROLE)).accessKeyId).toBe('ASIA2');
    expect(s.assumeRoleCount).toBe(2);
    s.close();
  });

  it('turns AccessDenied into AssumeRoleDenied with the role and the AWS message, never a secret', async () => {
    const msg =
      'User: arn:aws:sts::111111111111:assumed-role/X/s is not authorized to perform: sts:AssumeRole on resource: ' +
      ROLE;
    fake = await startFakeAws({ assumeRole: () => ({ status: 403, xml: accessDeniedXml(msg) }) });
    const s = sessions(fake.url);
    const err = await s.get(ROLE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssumeRoleDenied);
    expect((err as AssumeRoleDenied).roleArn).toBe(ROLE);
    expect((err as Error).message).toContain(msg);
    expect((err as Error).message).not.toContain('basesecret');
    // not cached: the next call asks again
    await s.get(ROLE).catch(() => undefined);
    expect(s.assumeRoleCount).toBe(2);
    s.close();
  });

  it('rejects an ARN that is not a role', async () => {
    const s = new RoleSessions({ region: 'us-west-2', env: {}, baseCredentials: base });
    await expect(s.get('arn:aws:iam::111111111111:user/Bob')).rejects.toThrow(/not an IAM role ARN/);
    await expect(s.get('arn:aws:sts::111111111111:assumed-role/X/s')).rejects.toThrow(/not an IAM role ARN/);
    s.close();
  });

  it('self() is the base identity, without AssumeRole', async () => {
    const s = new RoleSessions({ region: 'us-west-2', env: {}, baseCredentials: base });
    expect(await s.self()).toEqual({ accessKeyId: 'AKIDBASE', secretAccessKey: 'basesecret' });
    expect(s.assumeRoleCount).toBe(0);
    s.close();
  });

  it('reads the base identity from the env given', async () => {
    const s = new RoleSessions({
      region: 'us-west-2',
      env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 't' },
    });
    expect(await s.self()).toEqual({ accessKeyId: 'AKIDENV', secretAccessKey: 'x', sessionToken: 't' });
    s.close();
  });
  it('many AssumeRole calls in flight on one run signal: one abort listener, no MaxListenersExceededWarning', async () => {
    // The SDK's HTTP handler adds a listener per request to the signal it is given; Node warns
    // past ten on one signal.
    const listenerWarnings = watchListenerWarnings();
    let all: () => void = () => undefined;
    const arrived = new Promise<void>((r) => (all = r));
    let n = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    fake = await startFakeAws({
      assumeRole: async (p) => {
        if (++n === 12) all();
        await released;
        return {
          status: 200,
          xml: assumeRoleXml(p.get('RoleArn')!, 'run', new Date(Date.now() + 3600_000), n),
        };
      },
    });
    const run = new AbortController();
    const s = sessions(fake.url, { signal: run.signal });
    const calls = Array.from({ length: 12 }, (_, i) =>
      s.get(`arn:aws:iam::111111111111:role/Role${i}`, { sessionName: 'run' }),
    );
    await arrived;
    const listeners = getEventListeners(run.signal, 'abort').length;
    release();
    await Promise.all(calls);
    s.close();
    expect(listeners).toBeLessThanOrEqual(1);
    await listenerWarnings.expectNone();
  });

  it('an abort of the run signal cuts off AssumeRole calls in flight', async () => {
    let arrivedOne: () => void = () => undefined;
    const arrived = new Promise<void>((r) => (arrivedOne = r));
    fake = await startFakeAws({
      assumeRole: () => {
        arrivedOne();
        return new Promise(() => undefined); // never answers
      },
    });
    const run = new AbortController();
    const s = sessions(fake.url, { signal: run.signal });
    const call = s.get(ROLE, { sessionName: 'run' });
    await arrived;
    run.abort();
    await expect(call).rejects.toThrow();
    s.close();
  });
});
