// Issue 12, finding 5: write failures a root user cannot provoke on a real device (EACCES: root
// ignores permissions) or that land on one report of the set: the errno is injected at the fs
// boundary (the fs modules the report writer and the reports folder use), everything else is real.
// device-errors.test.ts provokes ENOSPC, EROFS and EPIPE on real devices.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Paths whose write fails, and with which code. */
const failing = new Map<RegExp, string>();
const errno = (code: string) =>
  Object.assign(new Error(`${code}: injected, write`), {
    code,
    syscall: 'write',
    path: undefined as unknown,
  });

vi.mock('node:fs/promises', async (original) => {
  const m = await original<typeof import('node:fs/promises')>();
  return {
    ...m,
    writeFile: (async (file: string, ...rest: unknown[]) => {
      for (const [re, code] of failing) if (re.test(String(file))) throw errno(code);
      return (m.writeFile as (...a: unknown[]) => Promise<void>)(file, ...rest);
    }) as typeof m.writeFile,
  };
});
vi.mock('node:fs', async (original) => {
  const m = await original<typeof import('node:fs')>();
  const openSync = ((file: string, ...rest: unknown[]) => {
    for (const [re, code] of failing)
      if (re.test(String(file))) throw Object.assign(errno(code), { path: file });
    return (m.openSync as (...a: unknown[]) => number)(file, ...rest);
  }) as typeof m.openSync;
  return { ...m, openSync, default: { ...m, openSync } };
});

const { ReportFolder, writeReports } = await import('../../src/matrix/index.js');
const { RUN, sampleMatrix } = await import('../matrix/fixtures.js');

const OLD_SET = ['access-matrix.json', 'access-matrix.html', 'cucumber.json'];
function previousRun(): { cwd: string; dir: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'spokegate-writes-'));
  const dir = join(cwd, 'reports');
  mkdirSync(dir);
  for (const f of OLD_SET) writeFileSync(join(dir, f), 'OLD RUN');
  return { cwd, dir };
}
function expectPreviousSetWhole(dir: string): void {
  expect(readdirSync(dir).sort()).toEqual([...OLD_SET].sort());
  for (const f of OLD_SET) expect(readFileSync(join(dir, f), 'utf8')).toBe('OLD RUN');
}

afterEach(() => failing.clear());

describe('a report that cannot be written names the report, not a temporary file', () => {
  for (const code of ['ENOSPC', 'EACCES', 'EDQUOT', 'EIO']) {
    it(`${code} on access-matrix.html: one line naming reports/access-matrix.html; the previous set stays whole`, async () => {
      const { cwd, dir } = previousRun();
      failing.set(/access-matrix\.html\.\d+\.tmp$/, code);
      const folder = ReportFolder.open(dir, cwd);
      const err = await writeReports(sampleMatrix(), { ...RUN, id: folder.runId }, folder.staging).then(
        () => undefined,
        (e: unknown) => folder.failure(e),
      );
      folder.abandon();
      expect(err?.name).toBe('InfraError'); // exit 3
      expect(err?.message).toMatch(
        new RegExp(`^cannot write reports/access-matrix\\.html \\(${code}: [a-z /]+\\)$`),
      );
      expectPreviousSetWhole(dir);
    });
  }
});

describe('a reports folder whose lock cannot be taken', () => {
  it('EACCES (a folder of another user): exit 3 naming the lock file; nothing written', () => {
    const { cwd, dir } = previousRun();
    // The lock's line is written under a name of the run's own first, then linked at the lock's.
    failing.set(/\.spokegate\.lock(\.[^/]+)?$/, 'EACCES');
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      expect.objectContaining({
        name: 'InfraError',
        message: 'cannot write reports/.spokegate.lock (EACCES: permission denied)',
      }),
    );
    expectPreviousSetWhole(dir);
  });
});
