// Issue 12, finding 5: the reports folder may come with a pull request's checkout, so whatever sits
// at its lock's name is read like input. A FIFO or a link to /dev/zero named `.spokegate.lock` hung
// the run forever (the lock was read whole, following links); a folder there was an internal error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const { cwd, dir } = reportsWith((l) => writeFileSync(l, `${process.pid} other-run\n`));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(/another spokegate run \(pid \d+\) is writing reports/);
  });
});
