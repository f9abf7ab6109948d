// `spokegate check`: the features, offline, against the policies a change would put in place.
import { resolve } from 'node:path';
import { runSuite } from '../../harness/index.js';
import type { Io } from '../io.js';
import { policyFiles } from './run.js';

export interface CheckOptions {
  config?: string;
  reports: string;
  tags?: string;
  endpointPolicy: string;
  resourcePolicy?: string[];
  format?: string;
}

export async function run(opts: CheckOptions, features: string[], io: Io): Promise<number> {
  const { exitCode, summary, scenarios } = await runSuite({
    mode: 'offline',
    configFile: opts.config === 'spokegate.config.yaml' ? undefined : opts.config,
    features,
    reportsDir: resolve(io.cwd, opts.reports),
    tags: opts.tags,
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
  });
  if (opts.format === 'json') io.out(JSON.stringify({ exitCode, summary, scenarios }));
  return exitCode;
}
