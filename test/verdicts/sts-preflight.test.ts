// Issue 10: a live run asks STS who it is (GetCallerIdentity) before anything else; bad credentials
// stop it with exit 3 in one line with AWS's error code and the fix, never a stack trace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../cli-in-process.js';
import { DEMO } from '../harness/helpers.js';

describe('live mode: the STS preflight', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(join(DEMO, 'world.yaml'));
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('unknown credentials (against the sandbox) are exit 3 in one line: InvalidClientTokenId and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-sts-'));
    const r = await runCli(
      ['run', '--mode', 'live', '--config', join(DEMO, 'spokegate.config.yaml'), '--reports', join(dir, 'r')],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          ...sandbox.env,
          AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000000',
          AWS_SECRET_ACCESS_KEY: 'notTheSandboxSecret/0123456789abcdefghijklmn',
        },
      },
    );
    expect(r.code, r.text).toBe(3);
    const lines = r.err.trim().split('\n');
    const failure = lines.filter((l) => /GetCallerIdentity/.test(l));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(
      /STS GetCallerIdentity failed: InvalidClientTokenId: .*\(fix: check the AWS credentials/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).not.toContain('notTheSandboxSecret');
  });
});
