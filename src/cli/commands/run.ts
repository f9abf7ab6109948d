// `spokegate run`: the main job. A thin shell over src/harness.
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { runSuite, type Mode } from '../../harness/index.js';
import type { Io } from '../io.js';

export interface RunOptions {
  mode?: Mode;
  config?: string;
  reports: string;
  tags?: string;
  concurrency?: string;
  endpointPolicy?: string;
  resourcePolicy?: string[];
}

export async function run(opts: RunOptions, features: string[], io: Io): Promise<number> {
  const mode = opts.mode ?? 'sandbox';
  const { exitCode } = await runSuite({
    mode,
    configFile: opts.config === 'spokegate.config.yaml' ? undefined : opts.config,
    features,
    reportsDir: resolve(io.cwd, opts.reports),
    tags: opts.tags,
    concurrency: parseConcurrency(opts.concurrency),
    ...policyFiles(opts, io.cwd),
    cwd: io.cwd,
    env: io.env,
    log: (l) => io.err(l),
  });
  return exitCode;
}

export function parseConcurrency(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 512)
    throw new InputError('must be a whole number from 1 to 512', { field: '--concurrency' });
  return n;
}

/** `--endpoint-policy FILE` (for the default endpoint, or ALIAS=FILE) and `--resource-policy ALIAS=FILE`. */
export function policyFiles(
  opts: { endpointPolicy?: string; resourcePolicy?: string[] },
  cwd: string,
): { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } {
  const out: { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } =
    {};
  if (opts.endpointPolicy) {
    const m = /^([\w.-]+)=(.+)$/.exec(opts.endpointPolicy);
    out.endpointPolicyFiles = m
      ? { [m[1]!]: resolve(cwd, m[2]!) }
      : { '*': resolve(cwd, opts.endpointPolicy) };
  }
  for (const rp of opts.resourcePolicy ?? []) {
    const m = /^([\w.-]+)=(.+)$/.exec(rp);
    if (!m) throw new InputError(`expected ALIAS=FILE, got "${rp}"`, { field: '--resource-policy' });
    out.resourcePolicyFiles = { ...out.resourcePolicyFiles, [m[1]!]: resolve(cwd, m[2]!) };
  }
  return out;
}
