// Expand files and folders into input files. Walks stay inside the project (a symbolic link out of
// it is refused like any other path), survive link loops (a folder is visited once), and never open
// anything: the files are read later through readInput.
import { opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { checkInputPath, fileType, inputPath } from './read.js';
import { formatCount, KIND_NAMES, MAX_WALK_ENTRIES, MAX_WALK_FILES, type InputKind } from './limits.js';

/**
 * The files under `paths` whose names end with `ext` (a path named directly is taken whatever its
 * name), sorted per folder, each once. Hidden entries are skipped. `shown` names a path in messages.
 */
export function walkInputs(
  paths: string[],
  ext: string,
  kind: InputKind,
  shown: (abs: string) => string,
): string[] {
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  let listed = 0;
  const tooMany = (n: number, what: string, abs: string) =>
    new InputError(
      `more than ${formatCount(n)} ${what} under this folder; the limit is ${formatCount(n)} ` +
        '(name the folders or files to read, or see docs/limits.md)',
      { file: shown(abs) },
    );
  /** A folder's entries, listed one at a time: a huge folder is refused before it is held whole. */
  const list = (real: string, abs: string): string[] => {
    const names: string[] = [];
    const dir = opendirSync(real);
    try {
      for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
        if (++listed > MAX_WALK_ENTRIES) throw tooMany(MAX_WALK_ENTRIES, 'entries', abs);
        names.push(d.name);
      }
    } finally {
      dir.closeSync();
    }
    return names.sort();
  };
  const visit = (abs: string, named: boolean): void => {
    const real = checkInputPath(abs, kind, shown(abs));
    const st = statSync(real);
    if (st.isDirectory()) {
      if (seenDirs.has(real)) return; // a link loop, or the same folder twice
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = list(real, abs);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`cannot list the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
          file: shown(abs),
        });
      }
      // Entries are named through the path as given, so messages show the user's paths.
      for (const e of entries) if (!e.startsWith('.')) visit(join(abs, e), false);
      return;
    }
    if (!named && !abs.endsWith(ext)) return;
    if (!st.isFile()) throw new InputError(`${fileType(st)}, not a regular file`, { file: shown(abs) });
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    out.push(abs);
    if (out.length > MAX_WALK_FILES) throw tooMany(MAX_WALK_FILES, `${KIND_NAMES[kind]}s`, paths[0] ?? abs);
  };
  for (const p of paths) visit(inputPath(p), true);
  return out;
}
