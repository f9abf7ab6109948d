// `spokegate sandbox`: serve the embedded AWS until SIGINT/SIGTERM; print the export block once ready.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../package.js';
import { InputError } from '../../errors.js';
import type { Io } from '../io.js';
import { integerOption } from '../options.js';

interface Opts {
  world?: string;
  port?: string;
  http?: boolean;
  seed?: string;
  exportFile?: string;
}

export async function run(opts: Opts, _args: string[], io: Io): Promise<number> {
  const { startSandbox, exportBlock } = await import('../../sandbox/index.js');
  const port = integerOption(opts.port, '--port', 0, 65535) ?? 0;
  const seed = integerOption(opts.seed, '--seed', -2147483648, 4294967295);
  const worldFile = opts.world ? resolve(io.cwd, opts.world) : defaultWorldFile(io.cwd);
  const sandbox = await startSandbox(worldFile, {
    port,
    ...(opts.http ? { http: true } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  // Listen for the signals before printing: a caller may stop us as soon as it reads the block.
  const stopped = new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const block = exportBlock(sandbox.env);
  if (opts.exportFile) {
    // Written whole, then renamed: a shell waiting for the file never reads half of it.
    const file = resolve(io.cwd, opts.exportFile);
    try {
      // The pid too: behind `npx` the shell's `$!` is npm's, and killing npm leaves us serving.
      writeFileSync(`${file}.tmp`, `${block}\nexport SPOKEGATE_SANDBOX_PID=${process.pid}\n`, {
        mode: 0o600,
      });
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      await sandbox.close();
      throw new InputError(
        `cannot write the environment file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          file,
          field: '--export-file',
        },
      );
    }
  } else {
    io.out(block);
  }
  io.err(`spokegate sandbox: serving ${worldFile} on ${sandbox.url} (Ctrl-C to stop)`);
  await stopped;
  await sandbox.close();
  // The file names a port and a CA that are gone now: a later reader must not take them for a sandbox.
  if (opts.exportFile) rmSync(resolve(io.cwd, opts.exportFile), { force: true });
  io.err('spokegate sandbox: stopped');
  return 0;
}

/** The demo world here (features/sandbox/world.yaml), else the one that ships with spokegate. */
function defaultWorldFile(cwd: string): string {
  const local = resolve(cwd, 'features/sandbox/world.yaml');
  return existsSync(local) ? local : join(PACKAGE_ROOT, 'features', 'sandbox', 'world.yaml');
}
