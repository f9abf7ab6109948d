import { defineConfig } from 'vitest/config';
import DearestFirst from './test/sequencer.js';

// Files that change process-wide state (module mocks, signal listeners, TMPDIR) run in a process of
// their own; the rest share worker processes (isolate: false), which saves each file the start-up
// and module loading it would otherwise pay again.
const OWN_PROCESS = [
  'test/reliability/reports-write.test.ts',
  'test/reliability/interrupt.test.ts',
  'test/reliability/bad-input.test.ts',
  'test/reliability/lock-takeover.test.ts',
];

export default defineConfig({
  test: {
    // Bounds for a hung test, not speed requirements: on a busy 2-core machine one `spokegate run`
    // in a child process can take over a minute. No test sets a shorter bound of its own.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Dearest files first (test/sequencer.ts), also in a fresh clone, where vitest has no durations.
    sequence: { sequencer: DearestFirst },
    globalSetup: ['test/temporary-folder.ts'],
    // SPOKEGATE_TEST_CPU=FILE: each test file's CPU seconds (its own and its child processes') as a
    // line of FILE (test/cpu-per-file.ts), to find what makes the suite slow on a busy machine.
    setupFiles: process.env.SPOKEGATE_TEST_CPU ? ['test/cpu-per-file.ts'] : [],
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, where much of a
    // test's time is spent waiting for the processes and servers it talks to.
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The TypeScript of src/ and test/ transformed once, not again in every run: kept in dist/
    // (ignored by git; `rm -rf dist` clears it), keyed by each file's content and the config (no
    // plugins here whose options it could miss). A warm run of one file: 6.5 -> 4.8 s of CPU.
    experimental: { fsModuleCache: true, fsModuleCachePath: 'dist/.vitest-cache' },
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: OWN_PROCESS, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: OWN_PROCESS } },
    ],
  },
});
