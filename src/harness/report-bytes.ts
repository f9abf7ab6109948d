// Cucumber's reports are rewritten after it has finished (the page's Content-Security-Policy, the
// step definitions' paths) as bytes: read whole if it wrote them, written beside and renamed over, so
// a reader never sees half a report.
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** The bytes of `file`, or undefined when it is not there (Cucumber did not write that report). */
export function readIfWritten(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Write `pieces` one after the other to `tmp` (created with `mode`), then rename it over `file`. */
export function writeOver(file: string, tmp: string, mode: number, pieces: Iterable<Buffer>): void {
  const fd = openSync(tmp, 'w', mode);
  try {
    for (const b of pieces) for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
