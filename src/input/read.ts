// Every input file spokegate reads is opened here: inside the project, a regular file, within its
// size limit. A FIFO, a device, a directory, a symbolic link out of the project or a file over its
// limit is refused with exit 2 naming the path, before a byte of it is parsed.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readlinkSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { hiddenCharacter } from '../escape/index.js';
import {
  formatBytes,
  formatOverLimit,
  KIND_NAMES,
  MAX_TOTAL_INPUT,
  SIZE_LIMITS,
  type InputKind,
} from './limits.js';
import { currentScope, insideRoots, rootOf, type InputScope } from './scope.js';

/** Real paths read from outside the project (with --allow-outside-root): errors never quote them. */
const unquotable = new Set<string>();

/** May an error message quote (a sanitised excerpt of) this file's content? */
export function mayQuote(file: string | undefined): boolean {
  if (file === undefined) return false;
  const scope = currentScope();
  const abs = resolve(scope?.cwd ?? process.cwd(), file);
  let r: string;
  try {
    r = realpathSync(abs);
  } catch {
    return false;
  }
  if (unquotable.has(r)) return false;
  return scope ? insideRoots(r, scope) : true;
}

export interface ReadOptions {
  /** How the file is named in messages (default: the path as given). */
  shown?: string;
  /** Limit in bytes instead of the kind's (tests). */
  limit?: number;
  /** Not project content (a CA bundle named by the environment): no boundary, never quoted. */
  anywhere?: boolean;
}

/** The absolute path of `file` as the scope resolves it. */
export function inputPath(file: string): string {
  return resolve(currentScope()?.cwd ?? process.cwd(), file);
}

/** Resolve, check the boundary and the file type; returns the real path. Throws InputError. */
export function checkInputPath(file: string, kind: InputKind, shown = file): string {
  const what = KIND_NAMES[kind];
  refuseNul(file, what, shown);
  const abs = inputPath(file);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new InputError(`${what}: a loop of symbolic links`, { file: shown });
    if (code === 'ENOENT') {
      const dangling = lstatOrUndefined(abs)?.isSymbolicLink();
      throw new InputError(dangling ? `${what}: a broken symbolic link` : `${what} not found`, {
        file: shown,
      });
    }
    throw new InputError(`cannot read the ${what} (${code ?? 'error'})`, { file: shown });
  }
  const scope = currentScope();
  if (scope && !insideRoots(real, scope)) {
    if (!scope.allowOutsideRoot) throw outside(shown, real, scope, what);
    unquotable.add(real);
  }
  refuseHiddenName(abs, real, what, shown);
  return real;
}

/** The first character of a name that would not show as itself: controls (tab and line breaks too), bidi, invisible. */
export function hiddenInName(name: string): { code: string; kind: string } | undefined {
  const hidden = hiddenCharacter(name.startsWith('\uFEFF') ? ` ${name}` : name);
  const lineBreak = /[\t\n\r]/.exec(name);
  if (lineBreak && (!hidden || lineBreak.index < hidden.index)) {
    const code = `U+${lineBreak[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { code, kind: 'a control character' };
  }
  return hidden;
}

/**
 * A name a pull request gave a file or folder inside the project (as given, or where a link leads)
 * must show as it is: it reaches stderr, the reports and Cucumber's reports verbatim (a feature's
 * path is its scenarios' location), so an escape sequence would restyle a terminal, a line feed
 * forge a line of output and a bidi override show one file as another. Folders above the project
 * are the operator's, not checked.
 */
function refuseHiddenName(abs: string, real: string, what: string, shown: string): void {
  const roots = currentScope()?.roots ?? [process.cwd()];
  for (const p of [abs, real]) {
    const root = rootOf(p, roots);
    const name = root === undefined ? p : p.slice(root.length);
    const found = hiddenInName(name);
    if (found)
      throw new InputError(
        `the ${what}'s name holds ${found.code} (${found.kind}), which would show in the output as it is; rename it`,
        { file: shown },
      );
  }
}

/** No file system path holds a NUL: one in a path is bad input (Node would throw a TypeError). */
function refuseNul(file: string, what: string, shown: string): void {
  if (file.includes('\0'))
    throw new InputError(`the ${what}'s path holds a NUL character (\\u0000); no file can be named so`, {
      file: shown,
    });
}

function anywherePath(file: string, kind: InputKind, shown: string): string {
  refuseNul(file, KIND_NAMES[kind], shown);
  try {
    const real = realpathSync(inputPath(file));
    unquotable.add(real);
    return real;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read the ${KIND_NAMES[kind]} (${code ?? 'error'})`, { file: shown });
  }
}

function outside(shown: string, real: string, scope: InputScope, what: string): InputError {
  const root = scope.roots[0]!;
  const via = real === inputPath(shown) ? '' : ` (it leads to ${real})`;
  return new InputError(
    `the ${what} is outside the project folder ${relative(scope.cwd, root) || '.'}${via}; ` +
      'give --root FOLDER, or --allow-outside-root to read it anyway',
    { file: shown },
  );
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

export function fileType(st: Stats): string {
  return st.isDirectory()
    ? 'a folder'
    : st.isFIFO()
      ? 'a named pipe (FIFO)'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
}

/**
 * Read an input file as UTF-8 text (a byte-order mark is dropped). Refuses, with InputError naming
 * the file: a path outside the project (unless --allow-outside-root), a broken link or a loop, a
 * folder, FIFO, device or socket, and a file larger than the kind's limit (checked with fstat before
 * reading, and by reading at most limit + 1 bytes, so /proc files and growing files are bounded too).
 */
export function readInput(file: string, kind: InputKind, opts: ReadOptions = {}): string {
  const shown = opts.shown ?? file;
  const what = KIND_NAMES[kind];
  const limit = opts.limit ?? SIZE_LIMITS[kind];
  const real = opts.anywhere ? anywherePath(file, kind, shown) : checkInputPath(file, kind, shown);
  readHooks.afterCheck?.(real);
  let fd: number;
  try {
    // The path was checked as `real` (no link in it): open exactly that. O_NOFOLLOW: a last
    // component swapped for a link since the check is refused, not followed. O_NONBLOCK: opening a
    // FIFO must not wait for a writer; fstat below refuses it anyway.
    fd = openSync(
      real,
      constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (constants.O_NOFOLLOW ?? 0),
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new InputError(`the ${what} became a symbolic link while it was being read; refused`, {
        file: shown,
      });
    throw new InputError(`cannot read the ${what} (${code ?? 'error'})`, { file: shown });
  }
  try {
    // From here on everything is asked of the descriptor, never of the path again.
    if (!opts.anywhere) checkOpened(fd, real, what, shown);
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new InputError(`the ${what} is ${fileType(st)}, not a regular file`, { file: shown });
    // A file with another name somewhere (a hard link: git never makes one) may be a file outside
    // the project under a name inside it; nothing proves it harmless, so errors never quote it.
    if (st.nlink > 1) unquotable.add(real);
    if (st.size > limit) throw tooLarge(what, shown, limit, st.size);
    // All the inputs of one command together (each file once): refused from its size when it would
    // cross the limit, and never read past it.
    const scope = currentScope();
    const charged = scope?.read.has(real) ?? true;
    const room = charged || !scope ? Infinity : MAX_TOTAL_INPUT - scope.totalRead;
    if (st.size > room) throw totalTooLarge(what, shown, scope!.totalRead + st.size);
    const cap = Math.min(limit, room);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Sized by the file (its bytes and one more, to see the end): a diff reads hundreds of small
      // policies, and a 64 KiB buffer for each read (two per file) was most of its garbage.
      const want = Math.min(64 * 1024, cap + 1 - total, Math.max(st.size + 1 - total, 1024));
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try {
        n = readSync(fd, buf, 0, want, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN')
          throw new InputError(`the ${what} cannot be read without waiting`, { file: shown });
        throw new InputError(`cannot read the ${what} (${code ?? 'error'})`, { file: shown });
      }
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
    }
    if (total > limit) throw tooLarge(what, shown, limit);
    if (total > cap) throw totalTooLarge(what, shown, undefined);
    if (scope && !charged) {
      scope.read.set(real, total);
      scope.totalRead += total;
    }
    const bytes = Buffer.concat(chunks, total);
    if (kind !== 'ca') refuseInvalidUtf8(bytes, what, shown);
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/**
 * Input text is UTF-8: decoding would turn any other byte into U+FFFD, silently changing a step, a
 * value or a key. Refused naming the line (a line feed is never inside a UTF-8 sequence, so each line
 * is checked alone). The bytes are never quoted. CA bundles are the environment's, not the project's.
 */
function refuseInvalidUtf8(bytes: Buffer, what: string, shown: string): void {
  if (isUtf8(bytes)) return;
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const text = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(text)) {
      // The first bad byte: step over whole sequences (their length from the lead byte) while valid.
      let column = 0;
      for (;;) {
        const lead = text[column]!;
        const n = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
        if (!isUtf8(text.subarray(column, column + n))) break;
        column += n;
      }
      const at = text.toString('utf8', 0, column).length + 1;
      throw new InputError(
        `the ${what} is not valid UTF-8 (byte 0x${text[column]!.toString(16).padStart(2, '0')} at column ${at}); save it as UTF-8`,
        { file: shown, line },
      );
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
}

/**
 * The file the descriptor holds is the one checked: a folder on the way swapped for a link since the
 * check (which O_NOFOLLOW cannot see) is refused. Linux says where an open descriptor leads.
 */
function checkOpened(fd: number, real: string, what: string, shown: string): void {
  let opened: string;
  try {
    opened = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return; // no /proc (not Linux): O_NOFOLLOW guards the last component only
  }
  if (opened === real) return;
  const scope = currentScope();
  if (scope && !insideRoots(opened, scope) && !scope.allowOutsideRoot)
    throw new InputError(`the ${what} moved out of the project folder while it was being read; refused`, {
      file: shown,
    });
  if (!(scope && insideRoots(opened, scope))) unquotable.add(opened);
}

/** Tests only: run between the boundary check and the open (to swap a file for a link there). */
export const readHooks: { afterCheck?: (realPath: string) => void } = {};

function totalTooLarge(what: string, file: string, total: number | undefined): InputError {
  return new InputError(
    `with this ${what} the input files of this command would total ${total === undefined ? `more than ${formatBytes(MAX_TOTAL_INPUT)}` : formatBytes(total)}; ` +
      `the limit is ${formatBytes(MAX_TOTAL_INPUT)} for all of them together (docs/limits.md)`,
    { file },
  );
}

/** The file is `size` bytes (undefined: more than the limit, read until it passed it). */
export function tooLarge(what: string, file: string, limit: number, size?: number): InputError {
  const shown =
    size === undefined
      ? { size: `more than ${formatBytes(limit)}`, limit: formatBytes(limit) }
      : formatOverLimit(size, limit);
  return new InputError(`the ${what} is ${shown.size}; the limit is ${shown.limit}`, { file });
}

/**
 * A policy found inside a larger file (a plan's policy string, a template's PolicyDocument, a world's
 * inline policy) is held to the policy file limit before it is parsed: a plan may be 32 MiB, and a
 * 10 MB policy string took 85 s and 1.2 GB to compile before its length was refused.
 */
export function checkPolicyText(text: string, where: { file?: string; field?: string; line?: number }): void {
  const limit = SIZE_LIMITS.policy;
  // UTF-8 is at most 3 bytes per UTF-16 unit: most texts need no count.
  if (text.length * 3 <= limit) return;
  const size = Buffer.byteLength(text, 'utf8');
  const shown = formatOverLimit(size, limit);
  if (size > limit)
    throw new InputError(
      `the policy is ${shown.size}; the limit is ${shown.limit} for one policy (AWS's largest policy is 20,480 characters; docs/limits.md)`,
      where,
    );
}

/** Hold text already read (as a policy source) to a narrower kind's limit, once its kind is known. */
export function checkTextSize(text: string, kind: InputKind, file: string): void {
  const limit = SIZE_LIMITS[kind];
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit) throw tooLarge(KIND_NAMES[kind], file, limit, size);
}
