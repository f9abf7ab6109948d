// Role chaining against the sandbox (issue 11 item 3): when the base credentials are themselves a
// role session (CI with OIDC, SSO, a Lambda), AWS grants a chained AssumeRole at most one hour. The
// client caps a longer `durationSeconds` to 3600 before it asks, and says so; a duration the role
// itself does not allow is explained, never a bare ValidationError.
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { World } from '../../src/config/world.js';
import { InputError } from '../../src/errors.js';
import { RoleSessions } from '../../src/aws/index.js';
import { temporaryBase } from '../../src/aws/session-duration.js';
import type { Credentials } from '../../src/signing/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { chainingWorld } from '../sandbox/helpers.js';

const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
const LONG = 'arn:aws:iam::111111111111:role/LongRole';

/** Role sessions against `sandbox` on the temporary `base` (its token in the environment too), and the notes they give. */
function sessionsOn(sandbox: Sandbox, base: Credentials) {
  const notes: string[] = [];
  const s = new RoleSessions({
    region: 'us-west-2',
    env: { ...sandbox.env, AWS_SESSION_TOKEN: base.sessionToken! },
    baseCredentials: () => Promise.resolve(base),
    onNote: (l) => notes.push(l),
  });
  return { s, notes };
}

/** A sandbox on `world()` for the describe block this is called in, and a credential's seconds left by its clock. */
function sandboxBlock(world: () => World) {
  const box = {
    sandbox: undefined as unknown as Sandbox,
    lifetime: (exp: Date | undefined) => ((exp?.getTime() ?? 0) - box.sandbox.state.now().getTime()) / 1000,
  };
  beforeAll(async () => {
    box.sandbox = await startSandbox(world(), { http: true });
  });
  afterAll(() => box.sandbox.close());
  return box;
}

describe('role chaining: the client caps what AWS would refuse', () => {
  const box = sandboxBlock(chainingWorld);
  const { lifetime } = box;

  it('a long-term base identity gets the 2 hours it asks for, without a note', async () => {
    const notes: string[] = [];
    const s = new RoleSessions({ region: 'us-west-2', env: box.sandbox.env, onNote: (l) => notes.push(l) });
    const c = await s.get(LONG, { sessionName: 'long', durationSeconds: 7200 });
    expect(lifetime(c.expiration)).toBeGreaterThan(3600);
    expect(notes).toEqual([]);
    s.close();
  });

  it('a role-session base identity asking for 2 hours gets one hour, with one visible note', async () => {
    const user = new RoleSessions({ region: 'us-west-2', env: box.sandbox.env });
    const chained = await user.get(CHAINER, { sessionName: 'ci-job' });
    user.close();
    const { s, notes } = sessionsOn(box.sandbox, chained);
    const c = await s.get(LONG, { sessionName: 'chained', durationSeconds: 7200 });
    const life = lifetime(c.expiration);
    expect(life).toBeGreaterThan(3000);
    expect(life).toBeLessThanOrEqual(3600);
    // asked again: the same session, and the note is not repeated
    await s.get(LONG, { sessionName: 'chained', durationSeconds: 7200 });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(LONG);
    expect(notes[0]).toMatch(/durationSeconds 7200 capped to 3600/);
    expect(notes[0]).toMatch(/role chaining/);
    expect(notes[0]).not.toContain(chained.secretAccessKey);
    expect(notes[0]).not.toContain(chained.sessionToken!);
    s.close();
  });

  it('a duration over the role MaxSessionDuration is explained with its fix', async () => {
    const s = new RoleSessions({ region: 'us-west-2', env: box.sandbox.env });
    const err = (await s.get(CHAINER, { durationSeconds: 7200 }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect(err.message).toMatch(/durationSeconds 7200/);
    expect(err.message).toMatch(/MaxSessionDuration/);
    expect(err.message).toMatch(/aws iam get-role --role-name ChainerRole/);
    s.close();
  });
});

describe("a role assumed with another role's session (config roles.X.via)", () => {
  // LongRole trusts ChainerRole alone: only a chained AssumeRole gets a session of it.
  const box = sandboxBlock(() => {
    const w = chainingWorld();
    w.roles.LongRole!.trustPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: CHAINER }, Action: 'sts:AssumeRole' }],
    };
    return w;
  });
  const { lifetime } = box;

  it("the chained session is the second role's own, asked with the first role's session, for at most an hour", async () => {
    const s = new RoleSessions({ region: 'us-west-2', env: box.sandbox.env });
    const via = { roleArn: CHAINER, sessionName: 'gateway' };
    await expect(s.get(LONG, { sessionName: 'direct' })).rejects.toThrow(
      /not authorized to perform: sts:AssumeRole/,
    );
    // 2 hours asked: a chained session gets at most one, so one hour is asked (STS would refuse more)
    const c = await s.get(LONG, { sessionName: 'chained', durationSeconds: 7200, via });
    expect(lifetime(c.expiration)).toBeLessThanOrEqual(3600);
    expect(box.sandbox.state.callerOf(c.accessKeyId)).toMatchObject({
      arn: 'arn:aws:sts::111111111111:assumed-role/LongRole/chained',
    });
    expect(s.assumeRoleCountFor(CHAINER)).toBe(1);
    // the same chain again is the same session
    expect(await s.get(LONG, { sessionName: 'chained', durationSeconds: 7200, via })).toBe(c);
    expect(s.assumeRoleCountFor(CHAINER)).toBe(1);
    s.close();
  });
});

describe('what temporary base credentials are decides, from the caller ARN (issue 11 gap 3)', () => {
  const box = sandboxBlock(chainingWorld);
  const { lifetime } = box;
  const sts = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new STSClient({ region: 'us-west-2', endpoint: box.sandbox.env.AWS_ENDPOINT_URL_STS, credentials: c });

  it('the decision by ARN: role session and GetSessionToken capped, GetFederationToken refused', () => {
    expect(temporaryBase('arn:aws:sts::111111111111:assumed-role/Ci/job')).toMatchObject({ kind: 'capped' });
    expect(temporaryBase('arn:aws:iam::111111111111:user/alice')).toMatchObject({
      kind: 'capped',
      what: expect.stringMatching(/GetSessionToken/),
    });
    expect(temporaryBase('arn:aws:sts::111111111111:federated-user/bob')).toMatchObject({
      kind: 'refused',
      why: expect.stringMatching(/GetFederationToken .* no STS operation but GetCallerIdentity/),
    });
    expect(temporaryBase(undefined)).toMatchObject({ kind: 'capped' });
  });

  it("an IAM user's GetSessionToken session: STS refuses 2 hours, the client asks for one hour and says why", async () => {
    const user = sts({
      accessKeyId: box.sandbox.env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: box.sandbox.env.AWS_SECRET_ACCESS_KEY!,
    });
    const out = await user.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    user.destroy();
    const c = out.Credentials!;
    const temp: Credentials = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    // The box.sandbox, as STS is measured to: the chaining hour applies to this session too.
    const direct = sts(temp);
    const refused = await direct
      .send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'direct', DurationSeconds: 7200 }))
      .catch((e: unknown) => e as Error);
    direct.destroy();
    expect((refused as Error).message).toContain('1 hour session limit for roles assumed by role chaining');
    // A session cannot ask for another GetSessionToken.
    const again = sts(temp);
    await expect(again.send(new GetSessionTokenCommand({}))).rejects.toThrow(
      /Cannot call GetSessionToken with session credentials/,
    );
    again.destroy();
    const { s, notes } = sessionsOn(box.sandbox, temp);
    const got = await s.get(LONG, { sessionName: 'mfa', durationSeconds: 7200 });
    expect(lifetime(got.expiration)).toBeLessThanOrEqual(3600);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /capped to 3600: the base credentials are an IAM user's GetSessionToken session/,
    );
    s.close();
  });
});

describe('roles.X.via in the config is checked before anything runs (exit 2, naming the field)', () => {
  const load = (roles: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-via-'));
    const file = join(dir, 'spokegate.config.yaml');
    writeFileSync(
      file,
      `region: us-west-2\nendpoints: { hub: { id: vpce-0123456789abcdef0 } }\napis: {}\nroles:\n${roles}`,
    );
    try {
      loadConfig(file);
      return undefined;
    } catch (e) {
      return e as InputError;
    }
  };
  const role = (alias: string, extra = '') =>
    `  ${alias}: { arn: 'arn:aws:iam::111111111111:role/${alias}'${extra} }\n`;

  it('a chain of known roles loads', () => {
    expect(load(role('A') + role('B', ', via: A') + role('C', ', via: B'))).toBeUndefined();
  });
  it('an unknown alias, a chain back to itself and more than an hour are refused', () => {
    const unknown = load(role('A', ', via: Gatway') + role('Gateway'));
    expect(unknown).toBeInstanceOf(InputError);
    expect(unknown!.message).toMatch(/unknown role alias "Gatway".*Gateway/);
    expect(unknown!.message).toMatch(/roles\.A\.via/);
    const loop = load(role('A', ', via: B') + role('B', ', via: A'));
    expect(loop!.message).toMatch(/A → B → A comes back/);
    const long = load(role('A') + role('B', ', via: A, durationSeconds: 7200'));
    expect(long!.message).toMatch(/roles\.B\.durationSeconds/);
    expect(long!.message).toMatch(/at most 3600/);
  });
});
