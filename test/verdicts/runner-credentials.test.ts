// Issue 11: `runner.credentials` states what the runs sign with (long-term access keys or a session token),
// and offline predictions take it as fact (a role session's MFA, docs/aws-behaviour.md §41). A live run
// whose base credentials are the other kind says so before anything is sent: exit 2 naming the setting,
// never a run that passes while the offline answers rest on a false premise (pass 18 read the base and
// silently set the config aside). Against the sandbox, with an MFA-less GetSessionToken session as the
// temporary base.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { demoCopy, spokegateHere } from '../harness/helpers.js';
import { parseXml, query } from '../sandbox/helpers.js';

type Base = 'long-term' | 'temporary';

describe('live mode: runner.credentials against the run’s base credentials', () => {
  let sandbox: Sandbox;
  let session: Record<string, string>;
  beforeAll(async () => {
    sandbox = await startSandbox(join(demoCopy(), 'world.yaml'));
    const r = await query(sandbox.state, 'sts', { Action: 'GetSessionToken' });
    const c = parseXml(r.body).GetSessionTokenResponse.GetSessionTokenResult.Credentials;
    session = {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    };
  });
  afterAll(() => sandbox?.close());

  const run = (stated: Base | undefined, base: Base, mode = 'live', runner: object = {}) => {
    const dir = demoCopy({
      config: (c) => {
        if (stated !== undefined) c.runner = { ...c.runner, credentials: stated };
        else delete c.runner?.credentials;
        c.runner = { ...c.runner, ...runner };
      },
    });
    return spokegateHere(
      [
        'run',
        join(dir, 'endpoint.feature'),
        '--mode',
        mode,
        '--config',
        join(dir, 'spokegate.config.yaml'),
        '--reports',
        join(dir, 'reports'),
      ],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          ...sandbox.env,
          ...(base === 'temporary' ? session : {}),
        },
      },
    );
  };
  const invokes = () => sandbox.state.counters.requests['execute-api:Invoke'] ?? 0;

  it.each([
    [
      'long-term',
      'temporary',
      /are temporary \(a session token: arn:aws:iam::111111111111:user\/spokegate-harness\)/,
    ],
    ['temporary', 'long-term', /are access keys without a session token \(long-term\)/],
  ] as const)(
    'stated %s, the base %s: exit 2 naming the setting, nothing sent',
    async (stated, base, found) => {
      const before = invokes();
      const r = await run(stated, base);
      expect(r.code, r.stderr).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.includes('runner.credentials'));
      expect(line).toMatch(
        new RegExp(`spokegate\\.config\\.yaml: runner\\.credentials: states ${stated}, but`),
      );
      expect(line).toMatch(found);
      expect(line).toContain('§41');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toContain(session.AWS_SECRET_ACCESS_KEY);
      expect(r.stderr).not.toContain(session.AWS_SESSION_TOKEN);
      expect(invokes()).toBe(before);
    },
  );

  it.each([
    ['long-term', 'long-term'],
    ['temporary', 'temporary'],
    [undefined, 'temporary'],
  ] as const)('stated %s, the base %s: the run goes ahead', async (stated, base) => {
    const r = await run(stated, base);
    expect(r.stderr).not.toContain('runner.credentials: states');
    expect(r.code, r.stderr).toBe(0);
  });

  // runner.transitiveTags (pass 21, docs/aws-behaviour.md §65): access keys carry no session tags.
  it('stated transitive tags, the base long-term: exit 2 naming runner.transitiveTags, nothing sent', async () => {
    const before = invokes();
    const r = await run(undefined, 'long-term', 'live', { transitiveTags: { team: 'red' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /spokegate\.config\.yaml: runner\.transitiveTags: states 1 transitive session tag, but this run's base credentials are access keys/,
    );
    expect(invokes()).toBe(before);
    expect((await run(undefined, 'temporary', 'live', { transitiveTags: { team: 'red' } })).code).toBe(0);
  });
  it('sandbox mode: stated transitive tags are named, the run goes ahead', async () => {
    const r = await run(undefined, 'long-term', 'sandbox', { transitiveTags: { team: 'red' } });
    expect(r.stderr).toMatch(
      /runner\.transitiveTags: a sandbox run signs with its world's harness access keys/,
    );
    expect(r.code, r.stderr).toBe(0);
  });

  it('sandbox mode signs with the world’s access keys: a stated temporary is named, the run goes ahead', async () => {
    const r = await run('temporary', 'long-term', 'sandbox');
    expect(r.stderr).toMatch(
      /runner\.credentials: temporary is not what a sandbox run signs with \(its world's harness access keys, long-term\)/,
    );
    expect(r.code, r.stderr).toBe(0);
  });
});
