// Issue 12, finding 1/2: the boundary check and the read are one. A file checked inside the project
// and swapped for a link to a secret before it is opened (or a folder on its way swapped for a link
// out of the project) is refused, never read: the reader opens the checked path without following
// a link, then asks the open descriptor (where it leads, its type, its size) and reads only from it.
// The swap happens in a hook between the check and the open, so the race is won every time.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScope, readInput, withInputScope } from '../../src/input/index.js';
import { readHooks } from '../../src/input/read.js';

const CANARY = 'CANARY-toctou-9f3e1b';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [] });

function layout() {
  const base = mkdtempSync(join(tmpdir(), 'spokegate-toctou-'));
  const project = join(base, 'project');
  const outside = join(base, 'outside');
  mkdirSync(join(project, 'policies'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(project, 'policies', 'endpoint.json'), POLICY);
  writeFileSync(join(outside, 'endpoint.json'), `{"Secret": "${CANARY}"}`);
  return { project, outside };
}

function read(project: string, file: string): string {
  return withInputScope(makeScope({ cwd: project }), () => readInput(file, 'policy'));
}

afterEach(() => {
  delete readHooks.afterCheck;
});

/** What reading policies/endpoint.json throws; it must return nothing. */
function refusal(project: string): unknown {
  let out: string | undefined;
  let err: unknown;
  try {
    out = read(project, 'policies/endpoint.json');
  } catch (e) {
    err = e;
  }
  expect(out).toBeUndefined();
  return err;
}

describe('a swap between the boundary check and the read', () => {
  it('reads the file when nothing moves (the hook runs, the content is the checked file’s)', () => {
    const { project } = layout();
    let checked = '';
    readHooks.afterCheck = (real) => void (checked = real);
    expect(read(project, 'policies/endpoint.json')).toBe(POLICY);
    expect(checked).toMatch(/project\/policies\/endpoint\.json$/);
  });

  it('the file swapped for a link to a file outside the project: refused, exit 2, the secret never read', () => {
    const { project, outside } = layout();
    readHooks.afterCheck = (real) => {
      rmSync(real);
      symlinkSync(join(outside, 'endpoint.json'), real);
    };
    const err = refusal(project);
    expect(err).toMatchObject({
      name: 'InputError',
      message:
        'policies/endpoint.json: the policy file became a symbolic link while it was being read; refused',
    });
    expect(String((err as Error).message)).not.toContain(CANARY);
  });

  it('a folder on the way swapped for a link out of the project: refused, the secret never read', () => {
    const { project, outside } = layout();
    readHooks.afterCheck = () => {
      renameSync(join(project, 'policies'), join(project, 'policies.old'));
      symlinkSync(outside, join(project, 'policies'));
    };
    const err = refusal(project);
    expect(err).toMatchObject({
      name: 'InputError',
      message:
        'policies/endpoint.json: the policy file moved out of the project folder while it was being read; refused',
    });
  });

  it('the file swapped for a FIFO: refused from the descriptor, without waiting for a writer', async () => {
    const { project } = layout();
    const { execFileSync } = await import('node:child_process');
    readHooks.afterCheck = (real) => {
      rmSync(real);
      execFileSync('mkfifo', [real]);
    };
    expect(() => read(project, 'policies/endpoint.json')).toThrow(
      'policies/endpoint.json: the policy file is a named pipe (FIFO), not a regular file',
    );
  });
});
