// The project boundary of one command: the folders input files may come from. The CLI opens a scope
// around each command (AsyncLocalStorage, so the harness, the step definitions and the readers see it
// without every signature carrying it); library callers outside a scope get no boundary, only the
// file-type and size checks.
import { AsyncLocalStorage } from 'node:async_hooks';
import { realpathSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { excerpt } from '../escape/index.js';
import { join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package.js';

export interface InputScope {
  /** Folders input files must resolve into (real paths). */
  roots: string[];
  /** `--root` was given: it alone is the project; the config's folder is not added. */
  fixedRoot: boolean;
  /** `--allow-outside-root`: read files outside the roots, but never quote them. */
  allowOutsideRoot: boolean;
  /** Relative paths resolve against this. */
  cwd: string;
  /** Bytes read per distinct file (real path) and their total, for MAX_TOTAL_INPUT. */
  read: Map<string, number>;
  totalRead: number;
}

const store = new AsyncLocalStorage<InputScope>();

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** spokegate's own demo files (its default config and world) are never hostile. */
const PACKAGE_FEATURES = join(PACKAGE_ROOT, 'features');

export function makeScope(opts: { cwd: string; root?: string; allowOutsideRoot?: boolean }): InputScope {
  const root = opts.root !== undefined ? rootFolder(opts.root, opts.cwd) : opts.cwd;
  return {
    roots: [real(root), real(PACKAGE_FEATURES)],
    fixedRoot: opts.root !== undefined,
    allowOutsideRoot: opts.allowOutsideRoot === true,
    cwd: opts.cwd,
    read: new Map(),
    totalRead: 0,
  };
}

/**
 * `--root DIR` as a folder that exists: a file would be a project holding only itself, an empty
 * value the working folder, a missing folder nothing; each would pass for a boundary given.
 */
function rootFolder(value: string, cwd: string): string {
  const field = '--root';
  if (value.trim() === '') throw new InputError(`must name a folder (got "${excerpt(value)}")`, { field });
  const dir = resolve(cwd, value);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`"${excerpt(value, 300)}" not found`, { field });
  }
  if (!isDir) throw new InputError(`"${excerpt(value, 300)}" is not a folder`, { field });
  return dir;
}

export function withInputScope<T>(scope: InputScope, fn: () => T): T {
  return store.run(scope, fn);
}

/** main()'s commands inside a scope now, in this process (the tests run several in one). */
let commandsOpen = 0;

/** main()'s scope around one command: counted, so a long-lived command knows whether it is alone. */
export async function withCommandScope<T>(scope: InputScope, fn: () => Promise<T>): Promise<T> {
  commandsOpen++;
  try {
    return await store.run(scope, fn);
  } finally {
    commandsOpen--;
  }
}

/**
 * For a long-lived command once every input is read (the sandbox, serving): while a store is enabled,
 * Node runs AsyncLocalStorage's hooks on every promise and async resource of the process (the sandbox:
 * about 5-7% of its CPU per request, bench/README.md). The store is disabled only when this command is main()'s
 * only one open (a later command's `run` enables it again); whether it was is returned. Afterwards
 * no scope is seen here: nothing may read an input file.
 */
export function leaveInputScope(): boolean {
  if (commandsOpen !== 1) return false;
  store.disable();
  return true;
}

export function currentScope(): InputScope | undefined {
  return store.getStore();
}

/** The config's folder joins the project (unless `--root` fixed it): files it names live there. */
export function addProjectRoot(dir: string): void {
  const scope = store.getStore();
  if (!scope || scope.fixedRoot) return;
  const r = real(dir);
  if (!scope.roots.includes(r)) scope.roots.push(r);
}

/** The root `path` is, or is inside, if any. */
export function rootOf(path: string, roots: readonly string[]): string | undefined {
  return roots.find((r) => path === r || path.startsWith(r.endsWith('/') ? r : `${r}/`));
}

/** True when `realPath` is one of the roots or inside one. */
export function insideRoots(realPath: string, scope: InputScope): boolean {
  return rootOf(realPath, scope.roots) !== undefined;
}

/**
 * Where an output folder named inside the project really is, when a symbolic link takes it out of
 * the project (`reports -> /elsewhere`, committed in a pull request, would have files written, and
 * removed, outside); undefined when it stays inside, when it is outside as given (the operator's
 * choice), with --allow-outside-root, or outside a scope. The folder must exist: realpath's error
 * is the caller's to word.
 */
export function folderLinkedOut(folder: string): string | undefined {
  const scope = store.getStore();
  if (!scope || scope.allowOutsideRoot || !insideRoots(resolve(folder), scope)) return undefined;
  const real = realpathSync(folder);
  return insideRoots(real, scope) ? undefined : real;
}

/**
 * Why a folder a run empties and fills (the reports: every file named like a report is removed,
 * then written) would take the project's own files with it: it is the project folder or holds it
 * (`--reports .`, `..`, `/`, a link back to the project), or it holds a file this command has read
 * (`--reports policies`). Undefined when neither, or outside a scope.
 */
export function folderHoldsProject(folder: string): string | undefined {
  const scope = store.getStore();
  if (!scope) return undefined;
  const r = real(folder);
  const holds = (p: string) => rootOf(p, [r]) !== undefined;
  // spokegate's own features (a root for its demo) count only where this run read them, below.
  const root = scope.roots.filter((x) => x !== real(PACKAGE_FEATURES)).find(holds);
  if (root !== undefined) return root === r ? 'is the project folder' : 'holds the project folder';
  const input = [...scope.read.keys()].find(holds);
  return input === undefined
    ? undefined
    : `holds ${relative(scope.cwd, input) || input}, which this run reads`;
}
