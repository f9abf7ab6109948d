// With SPOKEGATE_TEST_CPU=FILE (vitest.config.ts), each test file appends one line to FILE: the CPU
// seconds its worker spent on it (module loading included), those of the child processes it waited
// for, its wall seconds, its path, and the seconds its main thread was blocked (neither running nor
// waiting for a core: timers, sockets, a child process it waits for). CPU, not wall time, says what
// a file costs on a busy machine (issue 13: `npm test` in 4 minutes on 2 cores); `sort -rn FILE`
// lists the dearest first; blocked seconds beyond its children's CPU are a worker left idle. Linux
// only (/proc/self/stat, schedstat); the files of a worker run one after another, so the deltas are
// each file's.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

const TICKS = 100; // USER_HZ: /proc's clock ticks per second on Linux

/** This process's CPU seconds, and its waited-for children's. */
function cpu(): [number, number] {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14 … cstime 17.
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return [(f[11]! + f[12]!) / TICKS, (f[13]! + f[14]!) / TICKS];
}

/** The main thread's seconds on a core and waiting for one (/proc/self/schedstat: nanoseconds). */
function scheduled(): number {
  const [running, waiting] = readFileSync('/proc/self/schedstat', 'utf8').split(' ').map(Number);
  return (running! + waiting!) / 1e9;
}

const [own, children] = cpu();
const started = performance.now();
const wasScheduled = scheduled();

// vitest hands the file's suite as the second argument (the first is the fixture context).
// eslint-disable-next-line no-empty-pattern
afterAll(({}, suite) => {
  const [ownEnd, childrenEnd] = cpu();
  const wall = (performance.now() - started) / 1000;
  const file = (suite as { filepath?: string }).filepath ?? '?';
  appendFileSync(
    process.env.SPOKEGATE_TEST_CPU!,
    [
      (ownEnd - own).toFixed(2),
      (childrenEnd - children).toFixed(2),
      wall.toFixed(1),
      file.slice(file.indexOf('/test/') + 1),
      (wall - (scheduled() - wasScheduled)).toFixed(1),
    ].join('\t') + '\n',
  );
});
