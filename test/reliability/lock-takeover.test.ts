// Issue 12, finding 5 (pass 19): a reports lock is taken over only when no live run can hold it.
// /proc mounted hidepid=1 or 2 hides another user's processes: their /proc/PID/stat cannot be read,
// so a live run's start time cannot be checked, and that run's lock was taken over (two runs wrote
// one folder). And a takeover moved the lock aside and put a fresh one back: a third run could make
// its own lock in that moment. Now one run at a time takes over, under `.spokegate.lock.takeover`.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ReportFolder } from '../../src/matrix/index.js';
import { BOOT_ID, lockLineOf, startTicksOf } from '../harness/helpers.js';

/** Pids whose /proc/PID/stat reads as hidepid makes it read for another user's process. */
const hidden = new Set<number>();
/** Done once when /proc/PID/stat is next read (the run judging a lock naming PID): another run's move. */
const meanwhile = new Map<number, () => void>();
/** Done once just before the named file is next removed or renamed (an interleaved run's move). */
const beforeRemoving = vi.hoisted(() => new Map<string, () => void>());
/** Done once when opening the named file next finds nothing (an interleaved run's move). */
const whenAbsent = vi.hoisted(() => new Map<string, () => void>());
/** A machine without /proc (macOS): every read under /proc fails. */
const machine = vi.hoisted(() => ({ proc: true }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    const m = typeof path === 'string' ? /^\/proc\/(\d+)\/stat$/.exec(path) : null;
    const move = m ? meanwhile.get(Number(m[1])) : undefined;
    if (move) {
      meanwhile.delete(Number(m![1]));
      move();
    }
    if ((m && hidden.has(Number(m[1]))) || (!machine.proc && String(path).startsWith('/proc/')))
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return (real.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  const once = (hooks: Map<string, () => void>, path: unknown) => {
    const move = hooks.get(String(path));
    if (move) {
      hooks.delete(String(path));
      move();
    }
  };
  const rmSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    once(beforeRemoving, path);
    return (real.rmSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.rmSync;
  const renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    once(beforeRemoving, from);
    return real.renameSync(from, to);
  }) as typeof real.renameSync;
  /** `f` of the real fs, with the interleaved move for a path it finds absent. */
  const onAbsent =
    <F extends (...a: never[]) => unknown>(f: F) =>
    (path: fs.PathLike, ...rest: unknown[]) => {
      try {
        return (f as unknown as (...a: unknown[]) => unknown)(path, ...rest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') once(whenAbsent, path);
        throw e;
      }
    };
  const openSync = onAbsent(real.openSync) as typeof real.openSync;
  const lstatSync = onAbsent(real.lstatSync) as typeof real.lstatSync;
  const mocked = { readFileSync, rmSync, renameSync, openSync, lstatSync };
  return { ...real, ...mocked, default: { ...real, ...mocked } };
});

const RUN_ID = '2026-12-03T070000000Z-0123abcd';
const OTHER_RUN = '2026-12-03T070000001Z-4567cdef';
/** The lock line a run `runId` of the live process `p` writes on this boot. */
const lineOf = (p: { pid: number; started: string }, runId = RUN_ID) => lockLineOf(p.pid, runId, p.started);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
});

/** A live process other than this one (as another user's run would be), and its /proc start time. */
function liveProcess(): { pid: number; started: string } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  children.push(child);
  return { pid: child.pid!, started: startTicksOf(child.pid!) };
}

function reports(): { cwd: string; dir: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'spokegate-takeover-'));
  const dir = join(cwd, 'reports');
  mkdirSync(dir);
  writeFileSync(join(dir, 'access-matrix.json'), 'OLD RUN');
  return { cwd, dir };
}

describe('a live holder whose start time /proc hides (hidepid)', () => {
  it('is a live run: the second run stops with exit 2 naming its pid, the lock stays', () => {
    const { cwd, dir } = reports();
    const other = liveProcess();
    writeFileSync(join(dir, '.spokegate.lock'), lineOf(other));
    hidden.add(other.pid);
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: `reports: --reports: another spokegate run (pid ${other.pid}) is writing reports to this folder; wait for it or give another --reports`,
      }),
    );
    expect(readdirSync(dir).sort()).toEqual(['.spokegate.lock', 'access-matrix.json']);
  });

  it('init (pid 1) hidden too is still no run: taken over', () => {
    const { cwd, dir } = reports();
    writeFileSync(join(dir, '.spokegate.lock'), `1 ${RUN_ID} 1 ${BOOT_ID}\n`);
    hidden.add(1);
    const warned: string[] = [];
    ReportFolder.open(dir, cwd, (l) => warned.push(l)).abandon();
    hidden.delete(1);
    expect(warned.join('\n')).toMatch(/took over the reports folder's lock .*pid 1 \(init\) is no run/);
    expect(readdirSync(dir)).toEqual(['access-matrix.json']);
  });
});

describe('one run at a time takes over a stale lock', () => {
  const stale = (dir: string) => writeFileSync(join(dir, '.spokegate.lock'), 'not a lock\n');

  it('while a live run holds the takeover lock, another does not remove the lock: exit 2', () => {
    const { cwd, dir } = reports();
    stale(dir);
    const other = liveProcess();
    writeFileSync(join(dir, '.spokegate.lock.takeover'), lineOf(other));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      `reports: --reports: another spokegate run (pid ${other.pid}) is taking over this folder's lock (.spokegate.lock.takeover); try again`,
    );
    expect(readdirSync(dir).sort()).toEqual([
      '.spokegate.lock',
      '.spokegate.lock.takeover',
      'access-matrix.json',
    ]);
  });

  it('a takeover lock no live run holds is removed, and the stale lock taken over', () => {
    for (const left of ['1 x\n', `999999999 ${RUN_ID} 1\n`]) {
      const { cwd, dir } = reports();
      stale(dir);
      writeFileSync(join(dir, '.spokegate.lock.takeover'), left);
      const folder = ReportFolder.open(dir, cwd);
      expect(readdirSync(dir).filter((f) => f.startsWith('.spokegate.lock'))).toEqual(['.spokegate.lock']);
      folder.abandon();
      expect(readdirSync(dir)).toEqual(['access-matrix.json']);
    }
  });
});

describe('a stale file is removed only if it is still the one judged (pass 20)', () => {
  const LIVE_MESSAGE = (pid: number) =>
    `reports: --reports: another spokegate run (pid ${pid}) is writing reports to this folder; wait for it or give another --reports`;

  it('a lock another run rewrote in place (same inode) while this run judged the old line: kept, exit 2', () => {
    const { cwd, dir } = reports();
    const lock = join(dir, '.spokegate.lock');
    const other = liveProcess();
    const fresh = liveProcess();
    // The old line names a live process with another start time (stale); before it is removed,
    // another run takes the folder over and its line lands on the same inode.
    writeFileSync(lock, `${other.pid} ${RUN_ID} 1 ${BOOT_ID}\n`);
    meanwhile.set(other.pid, () => writeFileSync(lock, lineOf(fresh, OTHER_RUN)));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(LIVE_MESSAGE(fresh.pid));
    expect(fs.readFileSync(lock, 'utf8')).toBe(lineOf(fresh, OTHER_RUN));
  });

  it('a takeover lock another run made after this one judged the old one stale: kept, exit 2', () => {
    const { cwd, dir } = reports();
    writeFileSync(join(dir, '.spokegate.lock'), 'not a lock\n');
    const guard = join(dir, '.spokegate.lock.takeover');
    const other = liveProcess();
    const fresh = liveProcess();
    writeFileSync(guard, `${other.pid} ${RUN_ID} 1 ${BOOT_ID}\n`);
    meanwhile.set(other.pid, () => {
      fs.rmSync(guard);
      writeFileSync(guard, lineOf(fresh, OTHER_RUN));
    });
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      `reports: --reports: another spokegate run (pid ${fresh.pid}) is taking over this folder's lock (.spokegate.lock.takeover); try again`,
    );
    expect(fs.readFileSync(guard, 'utf8')).toBe(lineOf(fresh, OTHER_RUN));
    expect(fs.readFileSync(join(dir, '.spokegate.lock'), 'utf8')).toBe('not a lock\n');
  });
});

describe('a lock is never seen empty (pass 20, K3)', () => {
  it('a run judging the lock while another writes its line (the lock made, not yet written) does not take it over: one run holds the folder', () => {
    const { cwd, dir } = reports();
    // The first run reads its own start time for its line; made with open('wx') and then written,
    // its lock was empty then, and a second run took it over as no run's: both went on.
    let second: ReportFolder | Error | undefined;
    meanwhile.set(process.pid, () => {
      try {
        second = ReportFolder.open(dir, cwd);
      } catch (e) {
        second = e as Error;
      }
    });
    let first: ReportFolder | Error;
    try {
      first = ReportFolder.open(dir, cwd);
    } catch (e) {
      first = e as Error;
    }
    const held = [first, second].filter((f) => f instanceof ReportFolder);
    const refused = [first, second].filter((f) => f instanceof Error);
    for (const f of held) f.abandon();
    expect(held).toHaveLength(1);
    expect(refused.map((e) => e.message)).toEqual([expect.stringContaining(LIVE(process.pid))]);
    expect(readdirSync(dir)).toEqual(['access-matrix.json']);
  });
});

describe("a lock written on another boot or machine is no run of this one's (pass 20)", () => {
  const init = { pid: 1, started: startTicksOf(1) };
  const rows: [string, string][] = [
    ["init's pid and its true start time, no boot id (a committed lock)", `1 ${RUN_ID} ${init.started}\n`],
    [
      "init's pid and its true start time, another boot's id",
      `1 ${RUN_ID} ${init.started} ${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}\n`,
    ],
    ["init's pid and its true start time, no boot id written (-)", `1 ${RUN_ID} ${init.started} -\n`],
  ];
  for (const [what, line] of rows)
    it(`${what}: taken over, saying why`, () => {
      const { cwd, dir } = reports();
      writeFileSync(join(dir, '.spokegate.lock'), line);
      const warned: string[] = [];
      ReportFolder.open(dir, cwd, (l) => warned.push(l)).abandon();
      expect(warned.join('\n')).toMatch(
        /took over the reports folder's lock .*(another boot|not a lock a run wrote)/,
      );
      expect(readdirSync(dir)).toEqual(['access-matrix.json']);
    });

  it('a live process with its true start time and this boot id is still a live run: exit 2', () => {
    const { cwd, dir } = reports();
    const other = liveProcess();
    writeFileSync(join(dir, '.spokegate.lock'), lineOf(other));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(LIVE(other.pid));
  });
});

describe('a lock or takeover lock that changes while a run judges it (pass 21)', () => {
  const LIVE_MESSAGE = (pid: number) =>
    `another spokegate run (pid ${pid}) is writing reports to this folder`;

  it("a lock released between this run's failed make and its read, then made by another run: kept, exit 2", () => {
    const { cwd, dir } = reports();
    const lock = join(dir, '.spokegate.lock');
    const first = liveProcess();
    const fresh = liveProcess();
    writeFileSync(lock, lineOf(first));
    // This run's link fails (the first run's lock is there); the first run ends and removes it,
    // and this run's read finds nothing; then a third run makes its lock. Before, "nothing there"
    // read as a stale lock with nothing to compare, and the takeover removed the third run's lock.
    const linked = fs.linkSync;
    let failed = false;
    const spy = vi.spyOn(fs, 'linkSync').mockImplementation((from, to) => {
      try {
        linked(from, to);
      } catch (e) {
        if (!failed && String(to) === lock) {
          failed = true;
          fs.rmSync(lock);
          whenAbsent.set(lock, () => writeFileSync(lock, lineOf(fresh, OTHER_RUN)));
        }
        throw e;
      }
    });
    try {
      expect(() => ReportFolder.open(dir, cwd)).toThrow(LIVE_MESSAGE(fresh.pid));
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(lock, 'utf8')).toBe(lineOf(fresh, OTHER_RUN));
  });

  it('a stale takeover lock another run replaced with its own just before this run removes it: kept, exit 2', () => {
    const { cwd, dir } = reports();
    writeFileSync(join(dir, '.spokegate.lock'), 'not a lock\n');
    const guard = join(dir, '.spokegate.lock.takeover');
    writeFileSync(guard, `999999999 ${RUN_ID} 1 ${BOOT_ID}\n`); // a run killed mid-takeover
    const fresh = liveProcess();
    // Another run, which judged the same stale takeover lock, removes it and makes its own, in the
    // moment between this run's check and its removal. Before, this run then removed that run's
    // takeover lock, and both went on to take over the folder.
    beforeRemoving.set(guard, () => {
      fs.rmSync(guard);
      writeFileSync(guard, lineOf(fresh, OTHER_RUN));
    });
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      `another spokegate run (pid ${fresh.pid}) is taking over this folder's lock (.spokegate.lock.takeover); try again`,
    );
    expect(fs.readFileSync(guard, 'utf8')).toBe(lineOf(fresh, OTHER_RUN));
    expect(fs.readFileSync(join(dir, '.spokegate.lock'), 'utf8')).toBe('not a lock\n');
  });

  it('one run at a time clears a stale takeover lock: a live clearer holds others off; one left by a killed run is exit 2 naming it', () => {
    const { cwd, dir } = reports();
    writeFileSync(join(dir, '.spokegate.lock'), 'not a lock\n');
    const guard = join(dir, '.spokegate.lock.takeover');
    writeFileSync(guard, `999999999 ${RUN_ID} 1 ${BOOT_ID}\n`);
    const clearer = liveProcess();
    writeFileSync(`${guard}.clear`, lineOf(clearer, OTHER_RUN));
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      `another spokegate run (pid ${clearer.pid}) is taking over this folder's lock (.spokegate.lock.takeover); try again`,
    );
    writeFileSync(`${guard}.clear`, `999999999 ${OTHER_RUN} 1 ${BOOT_ID}\n`);
    expect(() => ReportFolder.open(dir, cwd)).toThrow(
      'a run was stopped while it cleared a stale takeover lock (.spokegate.lock.takeover.clear is left); remove it',
    );
    expect(readdirSync(dir).sort()).toEqual([
      '.spokegate.lock',
      '.spokegate.lock.takeover',
      '.spokegate.lock.takeover.clear',
      'access-matrix.json',
    ]);
  });
});

describe('a machine without /proc (macOS): the boot is told by its boot time (pass 21)', () => {
  // Without /proc a run writes `@` and the machine's boot time (now less os.uptime(), in seconds);
  // a lock of another boot or machine holds no run, one of this boot naming a live pid still does.
  const booted = () => Math.round(Date.now() / 1000 - uptime());
  const without = <T>(f: () => T): T => {
    machine.proc = false;
    try {
      return f();
    } finally {
      machine.proc = true;
    }
  };
  const takenOver: [string, (pid: number) => string, RegExp][] = [
    [
      'no boot mark (`-`, as pass 20 wrote without /proc, or committed)',
      (pid) => `${pid} ${RUN_ID} - -\n`,
      /another boot or another machine/,
    ],
    ['a boot an hour before this one', (pid) => `${pid} ${RUN_ID} - @${booted() - 3600}\n`, /another boot/],
    ['a boot id (a Linux machine)', (pid) => `${pid} ${RUN_ID} 1 ${BOOT_ID}\n`, /another boot/],
  ];
  for (const [what, line, why] of takenOver)
    it(`a live pid with ${what}: taken over, saying why`, () => {
      const { cwd, dir } = reports();
      writeFileSync(join(dir, '.spokegate.lock'), line(liveProcess().pid));
      const warned: string[] = [];
      without(() => ReportFolder.open(dir, cwd, (l) => warned.push(l)).abandon());
      expect(warned.join('\n')).toMatch(why);
      expect(readdirSync(dir)).toEqual(['access-matrix.json']);
    });

  for (const shift of [0, -20, 20])
    it(`a live pid with this boot's time ${shift ? `off by ${shift} s (a clock step)` : ''}: a live run, exit 2`, () => {
      const { cwd, dir } = reports();
      const other = liveProcess();
      writeFileSync(join(dir, '.spokegate.lock'), `${other.pid} ${RUN_ID} - @${booted() + shift}\n`);
      without(() => expect(() => ReportFolder.open(dir, cwd)).toThrow(LIVE(other.pid)));
      expect(readdirSync(dir).sort()).toEqual(['.spokegate.lock', 'access-matrix.json']);
    });

  it("a run's own lock records `-` and this boot's time, and holds a second run off", () => {
    const { cwd, dir } = reports();
    const first = without(() => ReportFolder.open(dir, cwd));
    const line = fs.readFileSync(join(dir, '.spokegate.lock'), 'utf8');
    expect(line).toMatch(new RegExp(`^${process.pid} \\S+ - @\\d+\\n$`));
    expect(Math.abs(Number(line.split('@')[1]) - booted())).toBeLessThanOrEqual(2);
    without(() => expect(() => ReportFolder.open(dir, cwd)).toThrow(LIVE(process.pid)));
    first.abandon();
  });
});

const LIVE = (pid: number) => `another spokegate run (pid ${pid}) is writing reports to this folder`;
