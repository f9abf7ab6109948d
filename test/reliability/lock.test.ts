// Issue 12, finding 5: the reports folder may come with a pull request's checkout, so whatever sits
// at its lock's name is read like input. A FIFO or a link to /dev/zero named `.spokegate.lock` hung
// the run forever (the lock was read whole, following links); a folder there was an internal error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeScope, withInputScope } from '../../src/input/index.js';
import { ReportFolder } from '../../src/matrix/index.js';

function reportsWith(plant: (lock: string) => void): { cwd: string; dir: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'spokegate-lock-'));
  const dir = join(cwd, 'reports');
  mkdirSync(dir);
  writeFileSync(join(dir, 'access-matrix.json'), 'OLD RUN');
  plant(join(dir, '.spokegate.lock'));
  return { cwd, dir };
}

describe('whatever sits at the lock’s name', () => {
  const takenOver: [string, (lock: string) => void][] = [
    ['a FIFO (reading it would wait for a writer forever)', (l) => execFileSync('mkfifo', [l])],
    ['a link to /dev/zero (reading it would never end)', (l) => symlinkSync('/dev/zero', l)],
    [
      'a link to a file naming this live process',
      (l) => {
        writeFileSync(`${l}.target`, `${process.pid} x\n`);
        symlinkSync(`${l}.target`, l);
      },
    ],
    ['a file of garbage', (l) => writeFileSync(l, 'not a pid at all')],
  ];
  for (const [what, plant] of takenOver) {
    it(`${what}: not a live run's lock, taken over without reading it whole`, () => {
      const { cwd, dir } = reportsWith(plant);
      const folder = ReportFolder.open(dir, cwd);
      folder.abandon();
      expect(
        readdirSync(dir)
          .filter((f) => f !== '.spokegate.lock.target')
          .sort(),
      ).toEqual(['access-matrix.json']);
    });
  }

  it('a folder: exit 2 naming it, not an internal error', () => {
    const { cwd, dir } = reportsWith((l) => mkdirSync(l));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'reports: --reports: a folder that is not a lock is in the way (.spokegate.lock); remove it',
      }),
    );
  });

  it('a real lock of a live run still stops the second run (exit 2)', () => {
    const { cwd, dir } = reportsWith(() => undefined);
    const holder = ReportFolder.open(dir, cwd);
    try {
      expect(() => ReportFolder.open(dir, cwd)).toThrow(
        /another spokegate run \(pid \d+\) is writing reports/,
      );
    } finally {
      holder.abandon();
    }
    ReportFolder.open(dir, cwd).abandon();
  });

  it('a run whose lock another run has since taken leaves that lock when it ends: a third run is still held off (attack run 17)', () => {
    const { cwd, dir } = reportsWith(() => undefined);
    const first = ReportFolder.open(dir, cwd);
    // Two runs that took over one stale lock at once both held the folder, the slower holding the
    // lock file; the faster then removed it when it ended.
    rmSync(join(dir, '.spokegate.lock'));
    const second = ReportFolder.open(dir, cwd);
    first.abandon();
    try {
      expect(() => ReportFolder.open(dir, cwd)).toThrow(
        /another spokegate run \(pid \d+\) is writing reports/,
      );
    } finally {
      second.abandon();
    }
    expect(readdirSync(dir)).toEqual(['access-matrix.json']);
  });
});

describe('what else a checked-out reports folder may hold', () => {
  it('a folder where a report goes: exit 2 naming it before anything is removed', () => {
    const { cwd, dir } = reportsWith(() => undefined);
    writeFileSync(join(dir, 'cucumber.json'), 'OLD RUN');
    mkdirSync(join(dir, 'access-matrix.html'));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      'reports/access-matrix.html: --reports: a folder is where this report goes; remove it',
    );
    expect(readdirSync(dir).sort()).toEqual(['access-matrix.html', 'access-matrix.json', 'cucumber.json']);
  });

  it('a reports folder that is a link out of the project: refused (exit 2) unless --allow-outside-root', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'spokegate-lock-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'spokegate-elsewhere-'));
    writeFileSync(join(elsewhere, 'access-matrix.json'), 'NOT OURS');
    symlinkSync(elsewhere, join(cwd, 'reports'));
    const open = (allowOutsideRoot: boolean) =>
      withInputScope(makeScope({ cwd, allowOutsideRoot }), () =>
        ReportFolder.open(join(cwd, 'reports'), cwd),
      );
    expect(() => open(false)).toThrow(
      /^reports: --reports: the reports folder leads out of the project folder through a symbolic link \(to .*spokegate-elsewhere-\w+\)/,
    );
    expect(readdirSync(elsewhere)).toEqual(['access-matrix.json']);
    open(true).abandon();
  });

  it('a --reports folder outside the project as given (no link) is the operator’s choice', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'spokegate-lock-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'spokegate-out-')), 'reports');
    withInputScope(makeScope({ cwd }), () => ReportFolder.open(outside, cwd)).abandon();
    expect(readdirSync(outside)).toEqual([]);
  });
});
