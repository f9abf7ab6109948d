// `spokegate run`: the main job. A thin shell over src/harness.
import { runSuite, type Mode } from '../../harness/index.js';
import { policyFiles } from '../../harness/policy-files.js';
import type { Io } from '../io.js';
import { folderOption, integerOption } from '../options.js';

export interface RunOptions {
  mode?: Mode;
  config?: string;
  reports: string;
  tags?: string;
  concurrency?: string;
  endpointPolicy?: string[];
  resourcePolicy?: string[];
  allowDisagreement?: boolean;
}

export async function run(opts: RunOptions, features: string[], io: Io): Promise<number> {
  const mode = opts.mode ?? 'sandbox';
  const { exitCode } = await runSuite({
    mode,
    configFile: opts.config,
    features,
    reportsDir: folderOption(opts.reports, '--reports', io.cwd),
    tags: opts.tags,
    concurrency: integerOption(opts.concurrency, '--concurrency', 1, 512),
    allowDisagreement: opts.allowDisagreement ?? false,
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
    ...(io.progress ? { progress: (s: string) => io.progress!(s) } : {}),
  });
  return exitCode;
}
