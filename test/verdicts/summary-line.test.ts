// Issue 10 (auditor pass H10B): the run's last lines agree with its reports. An offline run whose
// "denied by the resource policy" is not established (the layer depends on an organization the
// config does not state) is an error in every report and exit 3, but stderr said "0 scenario(s)
// passed, 1 failed", counting Cucumber's failure rather than the report's error.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { copyAuditorWorld } from './auditor-world.js';

describe('the summary line on stderr', () => {
  it('counts an unestablished scenario as an error, as the report and the exit code do', async () => {
    const dir = copyAuditorWorld('summary-line');
    writeFileSync(
      join(dir, 'c.feature'),
      [
        'Feature: f',
        '  Scenario: the layer depends on 444444444444’s organization',
        '    When "VaultRole" calls GET / on "partner"',
        '    Then the call is denied by the resource policy',
        '  Scenario: established',
        '    When "OpsRole" calls GET /entries on "ledger"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-summary-line-'));
    const r = await runCli(
      ['run', 'c.feature', '--mode', 'offline', '--config', 'spokegate.config.yaml', '--reports', reports],
      { cwd: dir },
    );
    const doc = JSON.parse(readFileSync(join(reports, 'access-matrix.json'), 'utf8'));
    expect(doc.summary.scenarios).toEqual({ total: 2, passed: 1, failed: 0, error: 1 });
    expect(r.code).toBe(3);
    expect(r.err).toContain('1 scenario(s) passed, 0 failed, 1 error(s)');
  });
});
