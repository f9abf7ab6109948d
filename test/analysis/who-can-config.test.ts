// Issue 10: who-can follows the same --config rules as run, check and diff.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';

describe('who-can --config', () => {
  const empty = mkdtempSync(join(tmpdir(), 'spokegate-whocan-'));
  it('an explicitly given config that does not exist is exit 2 naming the path, even spokegate.config.yaml', async () => {
    const r = await runCli(['who-can', '--config', 'spokegate.config.yaml'], { cwd: empty });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/spokegate\.config\.yaml: config file not found \(given with --config\)/);
  });
  it('with no --config and no ./spokegate.config.yaml, the demo config, named on the first stderr line', async () => {
    const r = await runCli(['who-can', '--api', 'orders'], { cwd: empty });
    expect(r.err.split('\n')[0]).toMatch(
      /^spokegate who-can: config .*features\/sandbox\/spokegate\.config\.yaml \(the demo config/,
    );
  });
});
