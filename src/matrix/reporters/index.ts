// The runner half of the reporters: build the document once, format it four ways, check for secrets,
// write the files. The formatters (json, markdown, html, junit) are pure functions of the document.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonText } from '../../escape/index.js';
import type { GridOrder } from '../grid.js';
import type { AccessMatrix } from '../matrix.js';
import { assertNoSecrets } from '../secrets.js';
import type { AccessMatrixDocument, RunInfo } from '../types.js';
import { formatHtml } from './html.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';

export { formatHtml, type HtmlOptions } from './html.js';
export { formatJunit } from './junit.js';
export { formatSarif } from './sarif.js';
export { DEFAULT_MARKDOWN_MAX_BYTES, formatMarkdown, type MarkdownOptions } from './markdown.js';
export { formatSummaryLine } from './text.js';

export function formatJson(doc: AccessMatrixDocument): string {
  return jsonText(doc) + '\n';
}

export const REPORT_FILES = {
  json: 'access-matrix.json',
  md: 'access-matrix.md',
  html: 'access-matrix.html',
  junit: 'access-matrix.junit.xml',
} as const;

export interface WriteReportsOptions {
  /** Secret access keys and session tokens of this run: a report holding one is not written. */
  secrets?: readonly string[];
  /** Row and column order for the matrices (the config's order reads best). */
  order?: GridOrder;
  /** Markdown size bound in bytes (default 60,000). */
  markdownMaxBytes?: number;
}

/**
 * Writes access-matrix.{json,md,html,junit.xml} into `dir` (created if missing) and returns their
 * paths. Every text is checked for the given secrets before anything is written; each file is written
 * to a temporary name and renamed, so a reader never sees half a report.
 */
export async function writeReports(
  matrix: AccessMatrix,
  run: RunInfo,
  dir: string,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  const doc = matrix.toJSON(run);
  const texts: [string, string][] = [
    [REPORT_FILES.json, formatJson(doc)],
    [
      REPORT_FILES.md,
      formatMarkdown(doc, {
        ...(options.order ? { order: options.order } : {}),
        ...(options.markdownMaxBytes !== undefined ? { maxBytes: options.markdownMaxBytes } : {}),
      }),
    ],
    [REPORT_FILES.html, formatHtml(doc, options.order ? { order: options.order } : {})],
    [REPORT_FILES.junit, formatJunit(doc)],
  ];
  for (const [name, text] of texts) assertNoSecrets(text, options.secrets ?? [], name);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of texts) {
    const file = join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, file);
    } catch (e) {
      // A failed write (ENOSPC...) often carries no path: name the report it was writing.
      if (e && typeof e === 'object') (e as NodeJS.ErrnoException).path = file;
      throw e;
    }
    written.push(file);
  }
  return written;
}
