#!/usr/bin/env node
// Thin launcher: --version answers without loading anything else, so start-up stays fast.
import { existsSync, readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
// A reader that stops early (`spokegate diff --format json | head`) is not an error of ours. Any
// other failure to write (a full device, a read-only file) is one line and exit 3, never a trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      try {
        process.stderr.write(`spokegate: cannot write to stdout (${e.code ?? e.message})\n`);
      } catch {
        // nowhere left to say it
      }
    }
    process.exit(3);
  });
}
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // The AWS SDK warns on every run that its 2027 releases will need Node 22: noise for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const built = new URL('../dist/src/cli/main.js', import.meta.url);
  if (!existsSync(built)) {
    // `npm ci` builds dist/ (the prepare script); a checkout without it has not been built yet.
    process.stderr.write('spokegate: dist/ is missing: run `npm run build` first (npm ci does it)\n');
    process.exit(3);
  }
  const { main } = await import(built.href);
  process.exitCode = await main(argv);
  // Interrupted (130/143): the reports are written; what was still running must not keep us alive.
  if (process.exitCode === 130 || process.exitCode === 143) process.exit(process.exitCode);
}
