// Cucumber runs the private copies of the features from a temporary folder (FeatureCopies), so the
// paths it writes into its reports are relative to that folder. The features' are already the
// user's (the copies sit at the same relative paths); the step definitions' are not. Rewritten
// here, once Cucumber has finished, so every path in cucumber.ndjson, .html and .json is relative to
// the working folder and the evidence names the real files.
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Cucumber's reports that hold step-definition paths (its JUnit report holds none). */
const REPORTS = ['cucumber.ndjson', 'cucumber.html', 'cucumber.json'];

/**
 * Rewrite the step definitions' folder, as Cucumber wrote it relative to `runDir`, to the same
 * folder relative to `cwd`, in the reports in `dir`. Only a path at the start of a JSON string is
 * rewritten (`"uri":"…"`, `"location": "…:LINE"`); the new text is escaped for JSON and for the
 * HTML page's script.
 */
export function rebaseStepDefinitionPaths(
  dir: string,
  stepDefinitions: string,
  runDir: string,
  cwd: string,
): void {
  const from = relative(runDir, stepDefinitions);
  const to = relative(cwd, stepDefinitions) || '.';
  if (from === to) return;
  const quoted = (p: string) =>
    Buffer.from(`"${JSON.stringify(`${p}/`).slice(1, -1).replace(/</g, '\\u003c')}`);
  for (const name of REPORTS) replaceAll(join(dir, name), quoted(from), quoted(to));
}

/** Replace every `from` in a file with `to`: written beside it, then renamed over it. */
function replaceAll(file: string, from: Buffer, to: Buffer): void {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (text.indexOf(from) < 0) return;
  const tmp = `${file}.rebase`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    let at = 0;
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, at)) {
      writeAll(fd, text.subarray(at, i));
      writeAll(fd, to);
      at = i + from.length;
    }
    writeAll(fd, text.subarray(at));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off);
}
