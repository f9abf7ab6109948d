// Cucumber runs the private copies of the features from a temporary folder (FeatureCopies), so the
// paths it writes into its reports are relative to that folder. The features' are already the
// user's (the copies sit at the same relative paths); the step definitions' are not. Rewritten
// here, once Cucumber has finished, so every path in cucumber.ndjson, .html and .json is relative to
// the working folder and the evidence names the real files.
import { join, relative } from 'node:path';
import { readIfWritten, writeOver } from './report-bytes.js';

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
  const text = readIfWritten(file);
  if (!text || text.indexOf(from) < 0) return;
  writeOver(file, `${file}.rebase`, 0o644, pieces(text, from, to));
}

/** `text` in pieces, each `from` in it replaced by `to`. */
function* pieces(text: Buffer, from: Buffer, to: Buffer): Generator<Buffer> {
  let at = 0;
  for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, at)) {
    yield text.subarray(at, i);
    yield to;
    at = i + from.length;
  }
  yield text.subarray(at);
}
