// An unreadable AWS_CA_BUNDLE is bad input (exit 2) the same way in every command that reads it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('AWS_CA_BUNDLE that cannot be read', () => {
  const env = {
    AWS_CA_BUNDLE: '/nonexistent/spokegate-ca.pem',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-west-2',
  };
  it('call and run both exit 2 naming it', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'sg-ca-'));
    const call = await runCli(['call', 'GET', '/orders', '--api', 'orders', '--as', 'self'], {
      cwd: ROOT,
      env,
    });
    const run = await runCli(['run', '--mode', 'live', '--reports', reports], { cwd: ROOT, env });
    for (const r of [call, run]) {
      expect(r.code, r.text).toBe(2);
      expect(r.err).toContain('/nonexistent/spokegate-ca.pem');
    }
  });
});
