// `spokegate check`: the features, offline, against the policies a change would put in place.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { runSuite } from '../../harness/index.js';
import type { Io } from '../io.js';
import { policyFiles } from './run.js';

export interface CheckOptions {
  config?: string;
  reports: string;
  tags?: string;
  endpointPolicy: string[];
  resourcePolicy?: string[];
  format?: string;
}

/** `--format` chooses what goes to stdout: the summary (text), the Markdown matrix (a PR comment) or the JSON matrix. */
const OUTPUT: Record<string, string | null> = {
  text: null,
  md: 'access-matrix.md',
  json: 'access-matrix.json',
};

export async function run(opts: CheckOptions, features: string[], io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!(format in OUTPUT))
    throw new InputError(`must be text, md or json (got "${format}")`, { field: '--format' });
  const reportsDir = resolve(io.cwd, opts.reports);
  const { exitCode } = await runSuite({
    mode: 'offline',
    configFile: opts.config,
    features,
    reportsDir,
    tags: opts.tags,
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
  });
  const file = OUTPUT[format];
  if (file) io.out(readFileSync(join(reportsDir, file), 'utf8'));
  return exitCode;
}
