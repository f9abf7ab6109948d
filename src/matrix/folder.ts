// The reports folder of one run: evidence whole or absent. A run holds the folder's lock (a second
// run on the same folder stops with exit 2), writes every report (Cucumber's included) into a fresh
// staging folder inside it, and only when the set is complete moves it into place: the previous
// run's reports are removed first, so a reader never sees a mix of two runs.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { uptime } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InfraError, InputError } from '../errors.js';
import { fileType, folderHoldsProject, folderLinkedOut, hiddenInName } from '../input/index.js';
import { REPORT_FILES } from './reporters/index.js';

const LOCK = '.spokegate.lock';
const STAGING_PREFIX = '.spokegate-run-';

/** Every file a run publishes: a previous run's copies are removed before the new set moves in. */
export const RUN_FILES: readonly string[] = [
  ...Object.values(REPORT_FILES),
  'cucumber.html',
  'cucumber.json',
  'cucumber.junit.xml',
  'cucumber.ndjson',
];

/** What a failed write's code means, in words. */
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large for the file system',
  EIO: 'an input/output error on the device',
  EPIPE: 'the reader closed the pipe',
};

/** ENOSPC, EROFS, EACCES...: one line naming the path, exit 3 (the run could not finish). */
export function writeError(e: unknown, path: string): Error {
  if (e instanceof InputError || e instanceof InfraError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return new InfraError(`cannot write ${path} (${describeWriteFailure(code)})`);
}

/** "ENOSPC: no space left on the device" */
export function describeWriteFailure(code: string | undefined): string {
  return `${code ?? 'error'}${code && WRITE_FAILURES[code] ? `: ${WRITE_FAILURES[code]}` : ''}`;
}

/** The device or the permissions refuse the write: the run could not finish (exit 3), not bad input. */
const DEVICE_REFUSALS = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT', 'EIO']);

export class ReportFolder {
  private released = false;

  private constructor(
    readonly dir: string,
    readonly runId: string,
    readonly staging: string,
    private readonly shown: string,
  ) {}

  /**
   * Create the folder, take its lock and a fresh staging folder. Exit 2 when another run holds it;
   * `warn` is told when a lock no live run holds is taken over.
   */
  static open(dir: string, cwd: string, warn: (line: string) => void = () => undefined): ReportFolder {
    const shown = relative(cwd, dir) || dir;
    // The folder's name is in every line that points at a report ("reports in DIR/", "HTML report:
    // DIR/access-matrix.html"): a line feed in it forged a line, an escape sequence restyled them.
    const hidden = hiddenInName(shown);
    if (hidden)
      throw new InputError(
        `the reports folder's name holds ${hidden.code} (${hidden.kind}), which would show in the output as it is; name another folder`,
        { file: shown, field: '--reports' },
      );
    // Publishing removes every file named like a report there: never the project's own files.
    const holds = folderHoldsProject(dir);
    if (holds)
      throw new InputError(
        `the reports folder ${holds}: a run replaces the files named like its reports there (access-matrix.*, cucumber.*); give a folder of its own, such as reports/`,
        { file: shown, field: '--reports' },
      );
    try {
      makeFolders(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      if (DEVICE_REFUSALS.has(code)) throw writeError(e, shown);
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code;
      throw new InputError(`cannot create the reports folder (${why})`, { file: shown, field: '--reports' });
    }
    refuseLinkOut(dir, shown);
    // Nothing but a file (or a link, removed as such) where a report goes: publishing must not stop
    // halfway, with the previous set half removed, on a folder planted under a report's name.
    for (const name of RUN_FILES) {
      const st = lstatSync(join(dir, name), { throwIfNoEntry: false });
      if (st && !st.isFile() && !st.isSymbolicLink())
        throw new InputError(`${fileType(st)} is where this report goes; remove it`, {
          file: join(shown, name),
          field: '--reports',
        });
    }
    const runId = `${new Date().toISOString().replace(/[:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    takeLock(join(dir, LOCK), runId, shown, warn);
    const staging = join(dir, `${STAGING_PREFIX}${runId}`);
    try {
      // Staging folders of runs that were killed (SIGKILL) hold no evidence anyone can trust.
      for (const e of readdirSync(dir))
        if (e.startsWith(STAGING_PREFIX)) rmSync(join(dir, e), { recursive: true, force: true });
      mkdirSync(staging);
    } catch (e) {
      releaseLock(join(dir, LOCK), runId);
      throw writeError(e, join(shown, `${STAGING_PREFIX}${runId}`));
    }
    return new ReportFolder(dir, runId, staging, shown);
  }

  /**
   * A failure to write into the staging folder, naming the report as it would be published
   * (`reports/access-matrix.html`, not the staging folder's temporary name). `name` names it when
   * the error carries no path.
   */
  failure(e: unknown, name?: string): Error {
    const p = (e as NodeJS.ErrnoException | undefined)?.path;
    const file =
      name ?? (p && p.startsWith(this.staging + sep) ? basename(p).replace(/\.\d+\.tmp$/, '') : undefined);
    return writeError(e, file ? join(this.shown, file) : this.shown);
  }

  /** Move the staged set into place (the previous run's set is removed first) and release the lock. */
  publish(): string[] {
    const staged = readdirSync(this.staging);
    let current = this.shown;
    try {
      for (const name of RUN_FILES) {
        current = join(this.shown, name);
        rmSync(join(this.dir, name), { force: true });
      }
      for (const name of staged) {
        current = join(this.shown, name);
        renameSync(join(this.staging, name), join(this.dir, name));
      }
    } catch (e) {
      throw writeError(e, current);
    } finally {
      this.abandon();
    }
    return staged.map((n) => join(this.dir, n));
  }

  /** Remove the staging folder and release the lock (synchronous: safe in a signal handler). */
  abandon(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.staging, { recursive: true, force: true });
    releaseLock(join(this.dir, LOCK), this.runId);
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync spins forever on some paths (under
 * /proc), which would hang a run on a hostile --reports.
 */
function makeFolders(dir: string): void {
  const parts = resolve(dir).split(sep).filter(Boolean);
  let cur: string = sep;
  for (const part of parts) {
    cur = join(cur, part);
    try {
      mkdirSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(cur).isDirectory()) continue;
      throw e;
    }
  }
}

function takeLock(file: string, runId: string, shown: string, warn: (line: string) => void): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let made: boolean;
    try {
      made = makeLock(file, runId);
    } catch (e) {
      throw writeError(e, join(shown, LOCK));
    }
    if (made) {
      HELD.add(runId);
      return;
    }
    const holder = lockHolder(file);
    if (typeof holder === 'number') {
      throw new InputError(
        `another spokegate run (pid ${holder}) is writing reports to this folder; wait for it or give another --reports`,
        { file: shown, field: '--reports' },
      );
    }
    // Released since the link failed: look again (another run may have made its lock meanwhile).
    if (holder.seen === undefined) continue;
    // Left by a run that was killed, or not a lock at all (the folder may come with the checkout).
    let removed: boolean;
    try {
      removed = takeOver(file, holder.seen, runId, shown);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(
        `a ${(err as NodeJS.ErrnoException).code === 'ERR_FS_EISDIR' ? 'folder' : 'file'} that is not a lock is in the way (${LOCK}); remove it`,
        { file: shown, field: '--reports' },
      );
    }
    if (!removed) continue;
    warn(`spokegate: took over the reports folder's lock (${join(shown, LOCK)}): ${holder.why}`);
  }
  throw new InputError('cannot take the reports folder lock', { file: shown, field: '--reports' });
}

/** A reports folder inside the project that is a link out of it: refused (folderLinkedOut). */
function refuseLinkOut(dir: string, shown: string): void {
  const real = folderLinkedOut(dir);
  if (real !== undefined)
    throw new InputError(
      `the reports folder leads out of the project folder through a symbolic link (to ${real}); ` +
        'give a --reports folder inside it, or --allow-outside-root',
      { file: shown, field: '--reports' },
    );
}

/** The run ids of the locks this process holds: a lock naming this pid with another id is no run's. */
const HELD = new Set<string>();

/**
 * What takeLock writes: a pid, a run id, the pid's start time from /proc (`-` without) and this
 * boot's mark (thisBoot; `-` where there is none).
 */
/** A boot id as the kernel writes it (a UUID in lower case). */
const BOOT_ID = '[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}';
const LOCK_LINE = new RegExp(
  `^([1-9]\\d{0,9}) (\\d{4}-\\d{2}-\\d{2}T\\d{9}Z-[0-9a-f]{8}) (\\d{1,20}|-) (${BOOT_ID}|@\\d{1,12}|-)\\n$`,
);

/**
 * This boot's mark: its id (/proc/sys/kernel/random/boot_id, random at each boot of each machine);
 * without /proc (macOS), `@` and the time it booted (now less os.uptime(), in whole seconds); read
 * at each use (a few times a run), so a test can take /proc away.
 */
function thisBoot(): string | undefined {
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    if (new RegExp(`^${BOOT_ID}$`).test(id)) return id;
  } catch {
    // no /proc: the boot time below
  }
  const up = uptime();
  return Number.isFinite(up) && up > 0 ? `@${Math.round(Date.now() / 1000 - up)}` : undefined;
}

/**
 * How far apart two readings of one boot's time may be. They move with the wall clock where the
 * uptime does not (a clock step during a run; macOS moves its boot time with the clock, so there
 * they agree to a second): a live run's lock read as another boot's would be taken over and two
 * runs would write one folder, while a lock read as this boot's only holds runs off if its pid is
 * alive (exit 2 naming it). A boot within this of another one's is taken as the same.
 */
const BOOT_TIME_SLACK = 60;

/** Whether a lock's boot mark is this boot's (thisBoot; `-` for none). */
function sameBoot(mark: string, ours = thisBoot() ?? '-'): boolean {
  if (mark.startsWith('@') && ours.startsWith('@'))
    return Math.abs(Number(mark.slice(1)) - Number(ours.slice(1))) <= BOOT_TIME_SLACK;
  return mark === ours;
}

/**
 * The pid of the live run holding a lock, or why the lock is no live run's. A reports folder may
 * come with a pull request's checkout, so the lock is read like input (no link followed, a regular
 * file, a few bytes: a FIFO or a link to /dev/zero named `.spokegate.lock` must not hang the run),
 * and a pid alone proves nothing: `1` (init, alive for ever) or `1 x` committed with a checkout held
 * every run off. The holder is the process that wrote the lock only if the start time it recorded
 * is that pid's start time now (a pid reused after a killed run, or a guessed one, is not).
 */
function lockHolder(file: string): number | { why: string; seen?: Seen } {
  const seen = look(file);
  if (seen === undefined) return { why: 'it is gone' };
  if (seen.text === undefined) return { why: seen.why!, seen };
  const m = LOCK_LINE.exec(seen.text);
  if (!m) return { why: 'it is not a lock a run wrote (a pid, a run id, a start time and a boot id)', seen };
  const [pid, runId, started, boot] = [Number(m[1]), m[2]!, m[3]!, m[4]!];
  // A pid means a process only on the boot of the machine that wrote it: a lock of another boot or
  // machine (or one a checkout brought: a boot id cannot be guessed) holds no run here.
  if (!sameBoot(boot))
    return {
      why: `it was written on another boot or another machine (its boot ${boot.startsWith('@') ? 'time' : 'id'} is not this one's)`,
      seen,
    };
  if (!alive(pid)) return { why: `its run (pid ${pid}) has ended`, seen };
  if (pid === process.pid && !HELD.has(runId))
    return { why: `this process (pid ${pid}) holds no such run`, seen };
  const now = startTime(pid);
  // Without /proc (macOS), or with /proc hiding this pid (mounted hidepid=1/2: another user's live
  // process), a live pid other than init's is taken as the run's: its start time cannot be checked,
  // and taking over a live run's lock would mix two runs' reports (fail closed: exit 2 naming it).
  if (now === undefined) return pid === 1 ? { why: 'pid 1 (init) is no run', seen } : pid;
  if (now !== started)
    return { why: `pid ${pid} is not the process that wrote it (another start time)`, seen };
  return pid;
}

/** A lock file as judged: its inode and, for a regular file it could read, its first bytes. */
interface Seen {
  ino: number;
  text?: string;
  /** Why there is no text: not a regular file, or one that cannot be read. */
  why?: string;
  folder?: true;
}

/** What is at `file` now, no link followed (a FIFO or a device is not opened); undefined: nothing. */
function look(file: string): Seen | undefined {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return { ino: st.ino, why: 'not a regular file (a folder)', folder: true };
  if (!st.isFile()) return { ino: st.ino, why: 'not a regular file (a link, a FIFO or a device)' };
  const read = readLock(file);
  return 'why' in read ? { ino: st.ino, why: read.why } : read;
}

/**
 * Whether `file` is still the one judged stale (`seen`): the same inode and the same line. The line
 * too, for an inode is reused as soon as freed and a lock can be rewritten in place: another run's
 * fresh lock on the same inode holds its own run id.
 */
function stillSeen(file: string, seen: Seen): boolean {
  const now = look(file);
  return now !== undefined && now.ino === seen.ino && now.text === seen.text;
}

/** The first bytes of the lock file and its inode, read like input (no link followed, a regular file). */
function readLock(file: string): { text: string; ino: number } | { why: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { why: 'not a regular file (a link, a FIFO or a device)' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { why: 'not a regular file (a link, a FIFO or a device)' };
    const buf = Buffer.alloc(128);
    return { text: buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8'), ino: st.ino };
  } catch {
    return { why: 'it cannot be read' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes `file` if it is the one judged stale (`seen`), moving it aside first and looking at what
 * was moved: only the judged file is removed, and anything else is linked back at once. Checked
 * and then removed, a file another run put there in between was removed instead (pass 21). A folder
 * is refused (ERR_FS_EISDIR, as rmSync would), never moved.
 */
function removeIfStill(file: string, seen: Seen, runId: string): boolean {
  if (seen.folder) throw Object.assign(new Error(`${file} is a folder`), { code: 'ERR_FS_EISDIR' });
  if (!stillSeen(file, seen)) return false;
  const aside = `${file}.${runId}.aside`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const moved = look(aside);
    if (moved !== undefined && moved.ino === seen.ino && moved.text === seen.text) return true;
    linkSync(aside, file);
    return false;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Removes the lock judged stale, only if it is still the file judged (removeIfStill), under the
 * takeover lock (`.spokegate.lock.takeover`, made with O_EXCL): one run at a time checks and
 * removes, so no run removes a fresh lock another made meanwhile. Until pass 19 a takeover moved the
 * lock aside and put a fresh one back, and a third run could make its own lock in that microsecond
 * and run beside the one whose lock was put back. A takeover lock no live run holds (its run was
 * killed inside those microseconds) is cleared the same way, by one run at a time, holding
 * `.spokegate.lock.takeover.clear` (clearStale). False: look again.
 */
function takeOver(file: string, seen: Seen | undefined, runId: string, shown: string): boolean {
  const guard = `${file}.takeover`;
  let waitingFor: number | undefined;
  for (let attempt = 0; !makeLock(guard, runId); attempt++) {
    const holder = lockHolder(guard);
    if (typeof holder === 'number') waitingFor = holder;
    if (attempt >= 20)
      throw new InputError(
        `another spokegate run${waitingFor !== undefined ? ` (pid ${waitingFor})` : ''} is taking over this folder's lock (${LOCK}.takeover); try again`,
        { file: shown, field: '--reports' },
      );
    if (typeof holder === 'number') pause();
    // Left by a run killed inside those microseconds, or whatever the checkout brought.
    else if (holder.seen !== undefined) {
      const clearer = clearStale(guard, holder.seen, runId, shown);
      if (clearer !== undefined) {
        waitingFor = clearer;
        pause();
      }
    }
  }
  try {
    return seen !== undefined && removeIfStill(file, seen, runId);
  } finally {
    rmSync(guard, { force: true });
  }
}

/** A live run holds a takeover lock for a few microseconds: wait 10 ms (synchronously). */
const pause = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);

/**
 * Removes the stale takeover lock `guard` (removeIfStill) holding `.spokegate.lock.takeover.clear`,
 * so that no two runs clear it at once: a run that checked the old one while another removed it and
 * made its own could remove that one, and both took the folder over (pass 21). The pid of a live
 * run clearing it (wait and look again); one that no live run holds was left by a run killed while
 * clearing: exit 2 naming it (nothing removes it, for nothing would guard that removal).
 */
function clearStale(guard: string, seen: Seen, runId: string, shown: string): number | undefined {
  const clear = `${guard}.clear`;
  if (!makeLock(clear, runId)) {
    const holder = lockHolder(clear);
    if (typeof holder === 'number') return holder;
    if (holder.seen === undefined) return undefined;
    throw new InputError(
      `a run was stopped while it cleared a stale takeover lock (${LOCK}.takeover.clear is left); remove it`,
      { file: shown, field: '--reports' },
    );
  }
  try {
    removeIfStill(guard, seen, runId);
  } catch {
    throw new InputError(`a folder that is not a lock is in the way (${LOCK}.takeover); remove it`, {
      file: shown,
      field: '--reports',
    });
  } finally {
    rmSync(clear, { force: true });
  }
  return undefined;
}

/**
 * Makes a lock file holding this run's line; false when something is there already. The line is
 * there the moment the lock is: written to a file of this run's own first (its run id in the name),
 * then linked at the lock's name (link, like O_EXCL, fails where the name exists). Made with
 * open('wx') and written after, the lock was empty for a moment, and a run judging it then took it
 * over as no run's while its maker went on: two runs wrote one folder. A file system without hard
 * links (FAT, some network mounts) gets the lock made and written as before.
 */
function makeLock(file: string, runId: string): boolean {
  const line = `${process.pid} ${runId} ${startTime(process.pid) ?? '-'} ${thisBoot() ?? '-'}\n`;
  const own = `${file}.${runId}`;
  try {
    try {
      writeNew(own, line);
      linkSync(own, file);
      return true;
    } finally {
      rmSync(own, { force: true });
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  }
  try {
    writeNew(file, line);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Makes `file` (O_EXCL: EEXIST where anything is there, a link included) holding `text`. */
function writeNew(file: string, text: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** A process's start time in clock ticks since boot (/proc/PID/stat field 22), where /proc has it. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": comm may hold spaces and parentheses, so split after the last ')'.
    const field = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return field && /^\d+$/.test(field) ? field : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes this run's lock: only its own (a lock another run has since taken is that run's). */
function releaseLock(file: string, runId: string): void {
  HELD.delete(runId);
  const read = readLock(file);
  if ('why' in read || !read.text.startsWith(`${process.pid} ${runId} `)) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
