// `spokegate check`: the features, offline, against the policies a change would put in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSuite } from '../../harness/index.js';
import type { Io } from '../io.js';
import { folderOption } from '../options.js';
import { policyFiles } from '../../harness/policy-files.js';

export interface CheckOptions {
  config?: string;
  reports: string;
  tags?: string;
  endpointPolicy: string[];
  resourcePolicy?: string[];
  /** Checked by commander's .choices(). */
  format?: keyof typeof OUTPUT;
}

/** `--format` chooses what goes to stdout: the summary (text), the Markdown matrix (a PR comment) or the JSON matrix. */
const OUTPUT = {
  text: null,
  md: 'access-matrix.md',
  json: 'access-matrix.json',
} as const;

export async function run(opts: CheckOptions, features: string[], io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  const reportsDir = folderOption(opts.reports, '--reports', io.cwd);
  const { exitCode, reports } = await runSuite({
    mode: 'offline',
    configFile: opts.config,
    features,
    reportsDir,
    tags: opts.tags,
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
    ...(io.progress ? { progress: (s: string) => io.progress!(s) } : {}),
  });
  const file = OUTPUT[format];
  // Interrupted before any scenario ran: nothing was written, and the previous run's file is not this one's.
  if (file && reports.length) io.out(readFileSync(join(reportsDir, file), 'utf8'));
  return exitCode;
}
