// `npm test`'s checks before vitest, as many at a time as there are cores: each is one
// single-threaded process, so on two cores they take about half the time they take in turn. The
// build only writes dist/ (and the bundle of it bin/spokegate.js starts the offline commands from,
// which must not be older than dist/src), which none of the others reads, and only emits (--noCheck): the
// typecheck checks the same sources with the tests, so nothing is checked twice. Longest first;
// each check's output is printed whole when it ends; the exit code is the first failing check's
// (0 when all pass).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

const CHECKS = [
  ['eslint', 'eslint .'],
  ['typecheck', 'tsc -p tsconfig.json --noEmit'],
  ['build', 'tsc -p tsconfig.build.json --noCheck && node scripts/bundle.mjs'],
  ['prettier', 'prettier --check .'],
  ['knip', 'knip'],
];
const limit = pLimit(Math.max(1, availableParallelism()));

const run = ([name, command]) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `\n> ${name}: ${command} (${code === 0 ? 'ok' : `exit ${code}`}, ${seconds} s)\n${output}`,
      );
      resolve(code ?? 1);
    });
  });

const codes = await Promise.all(CHECKS.map((c) => limit(() => run(c))));
process.exitCode = codes.find((c) => c !== 0) ?? 0;
