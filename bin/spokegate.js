#!/usr/bin/env node
// Thin launcher: --version answers without loading anything else, so start-up stays fast.
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';

const argv = process.argv.slice(2);
// Output that did not arrive whole is no evidence: a full device (ENOSPC), a read-only file or a
// reader that closed the pipe early (EPIPE, `| head -c1`) is one line naming where stdout goes, and
// exit 3, never a trace and never the run's own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (stream === process.stdout) {
      try {
        process.stderr.write(`spokegate: cannot write to stdout${stdoutTarget()} (${e.code ?? e.message})\n`);
      } catch {
        // nowhere left to say it
      }
    }
    process.exit(3);
  });
}

/** ", /dev/full" or ", a pipe": where stdout goes, when the system says. */
function stdoutTarget() {
  try {
    const to = readlinkSync('/proc/self/fd/1');
    if (to.startsWith('/')) return `, ${to}`;
    if (to.startsWith('pipe:')) return ', a pipe';
    if (to.startsWith('socket:')) return ', a socket';
  } catch {
    // not Linux, or no /proc: the code alone
  }
  return '';
}
/**
 * The commands that never load Cucumber's step definitions start from the bundle of dist/src
 * (scripts/bundle.mjs, dist/offline): the same code in one file and a chunk per command, much less
 * for Node to resolve and link. Only when the bundle is as new as dist/src (a `tsc` alone leaves it
 * stale); otherwise, and for every other command, dist/src itself.
 */
const OFFLINE_COMMANDS = new Set(['diff', 'who-can', 'lint', 'evaluate']);
function entry(built) {
  if (!OFFLINE_COMMANDS.has(argv[0])) return built;
  const bundled = new URL('../dist/offline/main.js', import.meta.url);
  try {
    if (statSync(bundled).mtimeMs >= statSync(built).mtimeMs) return bundled;
  } catch {
    // not bundled: dist/src
  }
  return built;
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Engine tuning (bin/v8-budget.js). Node permits setting flags after start here: it runs V8 with
  // --no-freeze-flags-after-init.
  const flag = (await import('./v8-budget.js')).budgetFlag(argv, process.execArgv);
  if (flag) (await import('node:v8')).setFlagsFromString(flag);
  // The AWS SDK warns on every run that its 2027 releases will need Node 22: noise for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const built = new URL('../dist/src/cli/main.js', import.meta.url);
  if (!existsSync(built)) {
    // `npm ci` builds dist/ (the prepare script); a checkout without it has not been built yet.
    process.stderr.write('spokegate: dist/ is missing: run `npm run build` first (npm ci does it)\n');
    process.exit(3);
  }
  const { main } = await import(entry(built).href);
  process.exitCode = await main(argv);
  // Interrupted (128 + the signal's number: SIGHUP 129, SIGINT 130, SIGQUIT 131, SIGTERM 143, as the
  // run's SIGNAL_EXIT gives them): the reports are written; what still runs must not keep us alive.
  if (process.exitCode > 128) process.exit(process.exitCode);
}
