// A run that proves nothing is never green: Cucumber globs its feature paths (a feature named
// `[ab]*.feature` matched nothing and the run exited 0 after 0 scenarios) and reads a file named
// `@x` as a list of paths; a tag expression that selects no scenario ran nothing and passed too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCopy, readMatrix, spokegateHere } from '../harness/helpers.js';

/** A scenario the sandbox contradicts: CheckoutRole is allowed, the feature expects a denial. */
const FAILING = `Feature: A feature whose name is a glob
  Scenario: Checkout is wrongly expected to be denied
    Given the endpoint policy of "hub" is read from EC2
    When "CheckoutRole" calls GET /orders on "orders"
    Then the call is denied by the endpoint policy
`;

describe('a run that ran nothing, or not what it was given, is never PASS', () => {
  it.each(['[ab]*.feature', '@list.feature', '!(x).feature', '+(x)?.feature'])(
    'a feature named %s runs as that one file: its failing scenario fails the run',
    async (name) => {
      const dir = demoCopy();
      writeFileSync(join(dir, name), FAILING);
      const res = await spokegateHere(['run', name, '--reports', 'reports'], { cwd: dir });
      expect(res.stderr).toMatch(/0 scenario\(s\) passed, 1 failed/);
      expect(res.code).toBe(1);
      expect(readMatrix(join(dir, 'reports')).summary.verdict).toBe('fail');
    },
  );

  it('a feature named {a,b}.feature (Cucumber expands braces before any escape) is exit 2 naming it', async () => {
    const dir = demoCopy();
    writeFileSync(join(dir, '{a,b}.feature'), FAILING);
    const res = await spokegateHere(['run', '{a,b}.feature', '--reports', 'reports'], { cwd: dir });
    expect(res.stderr).toContain('{a,b}.feature: a feature file name may not contain');
    expect(res.code).toBe(2);
  });

  it('a tag expression that selects no scenario fails the run in every report', async () => {
    const dir = demoCopy();
    const res = await spokegateHere(
      ['run', 'endpoint.feature', '--tags', '@nothing-has-this-tag', '--reports', 'reports'],
      {
        cwd: dir,
      },
    );
    expect(res.stderr).toMatch(/0 scenario\(s\) passed, 0 failed/);
    expect(res.code).toBe(1);
    const reports = join(dir, 'reports');
    expect(readMatrix(reports).summary.verdict).toBe('fail');
    expect(readFileSync(join(reports, 'access-matrix.html'), 'utf8')).not.toMatch(/>\s*PASS\s*</);
  });
});
