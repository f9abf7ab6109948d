// `npm test`: the checks (typecheck and eslint, prettier, knip) and vitest side by side. vitest starts
// as soon as the build is written (tests run the built command from dist/), not after the last
// check: the checks are single-threaded and much of vitest's time is spent waiting for the
// processes and servers its tests talk to, so on two cores the checks fill that time instead of
// adding a minute before it. The build only writes dist/ (and the bundle of it bin/spokegate.js
// starts the offline commands from), which no check reads, and only emits (--noCheck): the
// typecheck checks the same sources with the tests. It is skipped when dist/ is newer than
// everything it is built from (after `npm ci`, whose `prepare` just built it).
// Each check's output is printed whole after vitest's (so it never cuts into vitest's live lines);
// the exit code is the first failing check's, else vitest's. Arguments go to vitest
// (`npm test -- test/x.test.ts`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD = ['build', 'tsc -p tsconfig.build.json --noCheck && node scripts/bundle.mjs'];
// Longest first. The typecheck and ESLint share one TypeScript program (scripts/types-and-lint.mjs:
// 116 -> 90 s of CPU at load 25). The typecheck and prettier keep what they learnt in dist/ (ignored
// by git and every check): a second `npm test` re-checks only the files that changed (and, for tsc,
// those whose imports' types did): 42 -> 16 s and 33 -> 6 s of CPU, of the checks' 130 or so. Both
// caches are keyed by content (tsc by a hash of each file, prettier with --cache-strategy content),
// not by modification times, which a checkout or a copy changes. eslint keeps none: its cache is
// per file, and a typed rule's answer can change with another file.
const CHECKS = [
  ['typecheck and eslint', 'node scripts/types-and-lint.mjs'],
  ['prettier', 'prettier --check --cache --cache-strategy content --cache-location dist/.prettier-cache .'],
  ['knip', 'knip'],
];
const limit = pLimit(Math.max(1, availableParallelism()));

/** The newest modification time under `path` (a file or folder), 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((e) => newest(join(path, e))));
}

/** Whether the bundle (the build's last output) is newer than every input of the build. */
function built() {
  const bundle = join(ROOT, 'dist', 'offline', 'main.js');
  if (!existsSync(bundle)) return false;
  const inputs = [
    'src',
    'step-definitions',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts/bundle.mjs',
    'package.json',
    'package-lock.json',
    // npm rewrites it on every install: the bundle holds the dependencies' code.
    'node_modules/.package-lock.json',
  ];
  return statSync(bundle).mtimeMs > Math.max(...inputs.map((p) => newest(join(ROOT, p))));
}

const reports = [];
const run = ([name, command]) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      reports.push(
        `\n> ${name}: ${command} (${code === 0 ? 'ok' : `exit ${code}`}, ${seconds} s)\n${output}`,
      );
      resolve(code ?? 1);
    });
  });

const vitest = () =>
  new Promise((resolve) => {
    const child = spawn('vitest', ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('error', (e) => {
      process.stderr.write(`npm test: cannot start vitest: ${e.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });

const build = built()
  ? (reports.push('\n> build: dist/ is newer than its sources (skipped)\n'), Promise.resolve(0))
  : limit(() => run(BUILD));
const checks = CHECKS.map((c) => limit(() => run(c)));
const buildCode = await build;
// Without a build the tests would run an old dist/ or none: not run.
const tests = buildCode === 0 ? await vitest() : 1;
const codes = [buildCode, ...(await Promise.all(checks))];
process.stdout.write(reports.join(''));
process.exitCode = codes.find((c) => c !== 0) ?? tests;
