// `spokegate sandbox`: serve the embedded AWS until SIGINT/SIGTERM; print the export block once ready.
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../package.js';
import { InputError } from '../../errors.js';
import { fileType, folderLinkedOut, leaveInputScope } from '../../input/index.js';
import type { Io } from '../io.js';
import { integerOption } from '../options.js';

/**
 * A closed terminal (SIGHUP) and Ctrl-\ (SIGQUIT) stop it too, so its temporary CA folder and export
 * file are removed.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

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
  if (opts.exportFile) refuseLinkOut(resolve(io.cwd, opts.exportFile), opts.exportFile);
  const sandbox = await startSandbox(worldFile, {
    port,
    ...(opts.http ? { http: true } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  // Listen for the signals before printing: a caller may stop us as soon as it reads the block.
  const stopped = new Promise<void>((done) => {
    const stop = () => {
      for (const s of STOP_SIGNALS) process.off(s, stop);
      done();
    };
    for (const s of STOP_SIGNALS) process.on(s, stop);
  });
  const block = exportBlock(sandbox.env);
  if (opts.exportFile) {
    // Written whole, then renamed: a shell waiting for the file never reads half of it.
    const file = resolve(io.cwd, opts.exportFile);
    const tmp = `${file}.tmp`;
    try {
      // The pid too: behind `npx` the shell's `$!` is npm's, and killing npm leaves us serving.
      // Never through a link (one planted at FILE.tmp would have the block written over its target).
      const fd = openSync(
        tmp,
        constants.O_WRONLY |
          constants.O_CREAT |
          constants.O_TRUNC |
          constants.O_NOFOLLOW |
          constants.O_NONBLOCK,
        0o600,
      );
      try {
        writeSync(fd, `${block}\nexport SPOKEGATE_SANDBOX_PID=${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      await sandbox.close();
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(
        code === 'ELOOP'
          ? `cannot write the environment file: ${basename(tmp)} is a symbolic link, which it would be written through; remove it`
          : `cannot write the environment file (${code ?? 'error'})`,
        { file: opts.exportFile, field: '--export-file' },
      );
    }
  } else {
    io.out(block);
  }
  io.err(`spokegate sandbox: serving ${worldFile} on ${sandbox.url} (Ctrl-C to stop)`);
  // Every input is read (the world and its policy files, at start): serving needs no input scope,
  // and leaving it takes Node's per-promise hooks off every request (src/input/scope.ts).
  leaveInputScope();
  await stopped;
  await sandbox.close();
  // The file names a port and a CA that are gone now: a later reader must not take them for a sandbox.
  if (opts.exportFile) rmSync(resolve(io.cwd, opts.exportFile), { force: true });
  io.err('spokegate sandbox: stopped');
  return 0;
}

/**
 * An export file named inside the project whose folder is a link out of it (`out -> /elsewhere`,
 * committed in a pull request) would be written, and removed, outside: refused unless
 * --allow-outside-root, as a reports folder is (folderLinkedOut).
 */
function refuseLinkOut(file: string, shown: string): void {
  // The block is renamed into place, and a rename replaces whatever is there: a device
  // (`/dev/full`), a FIFO, a socket or a folder named by mistake would be gone.
  const there = existingEntry(file);
  if (there && !there.isFile() && !there.isSymbolicLink())
    throw new InputError(`${fileType(there)}, not a regular file: the environment file would replace it`, {
      file: shown,
      field: '--export-file',
    });
  let real: string | undefined;
  try {
    real = folderLinkedOut(dirname(file));
  } catch (e) {
    throw new InputError(
      `cannot write the environment file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      { file: shown, field: '--export-file' },
    );
  }
  if (real !== undefined)
    throw new InputError(
      `the environment file's folder leads out of the project folder through a symbolic link (to ${real}); ` +
        'give an --export-file inside it, or --allow-outside-root',
      { file: shown, field: '--export-file' },
    );
}

function existingEntry(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** The demo world here (features/sandbox/world.yaml), else the one that ships with spokegate. */
function defaultWorldFile(cwd: string): string {
  const local = resolve(cwd, 'features/sandbox/world.yaml');
  return existsSync(local) ? local : join(PACKAGE_ROOT, 'features', 'sandbox', 'world.yaml');
}
