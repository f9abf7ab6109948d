// Wall time (and peak RSS) of whole `spokegate` invocations, as a user or CI would start them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/spokegate.js');
const GNU_TIME = '/usr/bin/time';

export interface CommandTiming {
  /** Median wall time over the runs. */
  ms: number;
  runs: number;
  all: number[];
  exitCode: number | null;
  /** Peak RSS of the command (MB), when /usr/bin/time is there. */
  maxRssMB?: number;
  /** The last lines of stderr when the command failed (exit 2 or 3, or a crash). */
  error?: string;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Run `spokegate ARGS` `runs` times (after one unmeasured warm-up that fills the OS file cache) and
 * report the median wall time. Exit codes in `acceptExit` (default 0 and 1) are results; any other
 * exit code or a signal means the command failed (reported, not timed).
 */
export function timeSpokegate(
  args: string[],
  runs: number,
  opts: { cwd?: string; acceptExit?: number[] } = {},
): CommandTiming {
  const accept = new Set(opts.acceptExit ?? [0, 1]);
  const cwd = opts.cwd ?? ROOT;
  const withTime = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-bench-time-'));
  const rssFile = join(dir, 'rss');
  const all: number[] = [];
  let exitCode: number | null = null;
  let maxRssMB: number | undefined;
  let error: string | undefined;
  try {
    for (let i = 0; i <= runs; i++) {
      const [cmd, argv] = withTime
        ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, BIN, ...args]]
        : [process.execPath, [BIN, ...args]];
      const t0 = performance.now();
      const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const ms = performance.now() - t0;
      exitCode = r.status;
      if (r.status === null || !accept.has(r.status)) {
        error = `${r.error?.message ?? ''}${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`.slice(
          0,
          400,
        );
        break;
      }
      if (i === 0) continue; // warm-up
      all.push(ms);
      if (withTime) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) maxRssMB = Math.max(maxRssMB ?? 0, kb / 1024);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    ms: all.length ? median(all) : NaN,
    runs: all.length,
    all,
    exitCode,
    ...(maxRssMB !== undefined ? { maxRssMB } : {}),
    ...(error ? { error } : {}),
  };
}
