// `spokegate run`: the main job. A thin shell over src/harness.
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { DEFAULT_ENDPOINT, runSuite, type Mode } from '../../harness/index.js';
import type { Io } from '../io.js';
import { integerOption } from '../options.js';

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
    reportsDir: resolve(io.cwd, opts.reports),
    tags: opts.tags,
    concurrency: integerOption(opts.concurrency, '--concurrency', 1, 512),
    allowDisagreement: opts.allowDisagreement ?? false,
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
  });
  return exitCode;
}

/**
 * `--endpoint-policy ALIAS=FILE` (repeatable; a plain FILE is the default endpoint's only) and
 * `--resource-policy ALIAS=FILE` (repeatable). Each alias at most once.
 */
export function policyFiles(
  opts: { endpointPolicy?: string[]; resourcePolicy?: string[] },
  cwd: string,
): { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } {
  const out: { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } =
    {};
  for (const ep of opts.endpointPolicy ?? []) {
    const m = /^([A-Za-z][\w.-]*)=(.+)$/.exec(ep);
    const [alias, file] = m ? [m[1]!, m[2]!] : [DEFAULT_ENDPOINT, ep];
    if (out.endpointPolicyFiles && alias in out.endpointPolicyFiles)
      throw new InputError(
        `given twice for ${alias === DEFAULT_ENDPOINT ? 'the default endpoint' : `"${alias}"`}`,
        {
          field: '--endpoint-policy',
        },
      );
    out.endpointPolicyFiles = { ...out.endpointPolicyFiles, [alias]: resolve(cwd, file) };
  }
  for (const rp of opts.resourcePolicy ?? []) {
    const m = /^([\w.-]+)=(.+)$/.exec(rp);
    if (!m) throw new InputError(`expected ALIAS=FILE, got "${rp}"`, { field: '--resource-policy' });
    if (out.resourcePolicyFiles && m[1]! in out.resourcePolicyFiles)
      throw new InputError(`given twice for "${m[1]}"`, { field: '--resource-policy' });
    out.resourcePolicyFiles = { ...out.resourcePolicyFiles, [m[1]!]: resolve(cwd, m[2]!) };
  }
  return out;
}
