// The test run's own temporary folder (test/temporary-folder.ts): what tests write under
// os.tmpdir() goes under one folder that the run removes, not straight into /tmp.
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { expect, it } from 'vitest';

it('os.tmpdir() in a test is the run folder spokegate-tests-*', () => {
  expect(basename(tmpdir())).toMatch(/^spokegate-tests-/);
  expect(process.env.TMPDIR).toBe(tmpdir());
  expect(basename(dirname(tmpdir()))).not.toMatch(/^spokegate-tests-/);
});
