// Role chaining against the sandbox (issue 11 item 3): when the base credentials are themselves a
// role session (CI with OIDC, SSO, a Lambda), AWS grants a chained AssumeRole at most one hour. The
// client caps a longer `durationSeconds` to 3600 before it asks, and says so; a duration the role
// itself does not allow is explained, never a bare ValidationError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { chainingWorld } from '../sandbox/helpers.js';

const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
const LONG = 'arn:aws:iam::111111111111:role/LongRole';

describe('role chaining: the client caps what AWS would refuse', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(chainingWorld(), { http: true });
  });
  afterAll(() => sandbox.close());

  const lifetime = (exp: Date | undefined) => ((exp?.getTime() ?? 0) - sandbox.state.now().getTime()) / 1000;

  it('a long-term base identity gets the 2 hours it asks for, without a note', async () => {
    const notes: string[] = [];
    const s = new RoleSessions({ region: 'us-west-2', env: sandbox.env, onNote: (l) => notes.push(l) });
    const c = await s.get(LONG, { sessionName: 'long', durationSeconds: 7200 });
    expect(lifetime(c.expiration)).toBeGreaterThan(3600);
    expect(notes).toEqual([]);
    s.close();
  });

  it('a role-session base identity asking for 2 hours gets one hour, with one visible note', async () => {
    const user = new RoleSessions({ region: 'us-west-2', env: sandbox.env });
    const chained = await user.get(CHAINER, { sessionName: 'ci-job' });
    user.close();
    const notes: string[] = [];
    const s = new RoleSessions({
      region: 'us-west-2',
      env: { ...sandbox.env, AWS_SESSION_TOKEN: chained.sessionToken! },
      baseCredentials: () => Promise.resolve(chained),
      onNote: (l) => notes.push(l),
    });
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
    const s = new RoleSessions({ region: 'us-west-2', env: sandbox.env });
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
