// The repository stands alone: a clone has nothing beside it, so no tracked file may point outside it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
// The workspace folder that sat beside the first checkout; spelled in parts so this file is no hit itself.
const OUTSIDE = new RegExp(['\\.\\.', 'shared'].join('/'));

describe('the repository stands alone', () => {
  it('no tracked file refers to the workspace folder beside it', () => {
    const offenders = tracked.filter((f) => {
      try {
        return OUTSIDE.test(readFileSync(resolve(ROOT, f), 'utf8'));
      } catch {
        return false; // a file git tracks but the checkout lacks (deleted, not yet committed)
      }
    });
    expect(offenders).toEqual([]);
  });

  it('ships the SigV4 test-suite data with its licence and notice', () => {
    for (const suite of ['botocore-aws4_testsuite', 'aws-c-auth-v4']) {
      for (const f of ['LICENSE', 'NOTICE'])
        expect(tracked).toContain(`test/conformance/sigv4/${suite}/${f}`);
    }
  });
});
