// Issue 12, finding 7: a UTF-8 byte-order mark in a JSON policy is accepted the same way everywhere
// (the one input reader drops it), by check, lint, evaluate and diff alike.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoking } from '../cli-evaluate-lint/helpers.js';
import { runCli } from '../cli-in-process.js';
import { ROOT } from '../harness/helpers.js';

const dir = mkdtempSync(join(ROOT, 'reports', 'bom-'));
const policy = join(dir, 'bom-policy.json');
writeFileSync(policy, `\uFEFF${readFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), 'utf8')}`);
const rel = policy.slice(ROOT.length + 1);

const cli = (args: string[]) => runCli(args, { cwd: ROOT });

describe('a JSON policy with a BOM (finding 7)', () => {
  it('lint accepts it', async () => {
    const r = await cli(['lint', rel, '--kind', 'endpoint', '--fail-on', 'none']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).not.toMatch(/malformed|invalid JSON/i);
  });
  it('evaluate accepts it', async () => {
    const r = await cli([
      'evaluate',
      '--endpoint-policy',
      rel,
      ...invoking('arn:aws:iam::111111111111:role/CheckoutRole'),
      '--json',
    ]);
    expect(r.code, r.text).not.toBe(2);
  });
  it('diff accepts it', async () => {
    const r = await cli([
      'diff',
      '--before',
      'examples/endpoint-policy.json',
      '--after',
      rel,
      '--config',
      'examples/spokegate.config.yaml',
    ]);
    expect(r.code, r.text).toBe(0);
  });
  it('check accepts it', async () => {
    const r = await runCli(
      ['check', 'features/sandbox/endpoint.feature', '--endpoint-policy', rel, '--reports', join(dir, 'r')],
      { cwd: ROOT, env: process.env },
    );
    expect(r.code, r.err).not.toBe(2);
  });
});
