// `spokegate who-can`: every class of requests the endpoint and the APIs let through. A thin shell
// over src/harness (the policies, from the same sources as run/check) and src/analysis.
import { formatWhoCan, type WhoCanFormat } from '../../analysis/index.js';
import type { Mode } from '../../harness/index.js';
import { whoCanRun } from '../../harness/who-can.js';
import type { Io } from '../io.js';
import { policyFiles } from '../../harness/policy-files.js';

export interface WhoCanOptions {
  mode?: Mode;
  config?: string;
  endpoint?: string;
  api?: string;
  method?: string;
  path?: string;
  endpointPolicy?: string;
  resourcePolicy?: string[];
  format?: WhoCanFormat;
  json?: boolean;
  now?: string;
}

export async function run(opts: WhoCanOptions, _args: string[], io: Io): Promise<number> {
  // commander's .choices(WHO_CAN_FORMATS) has checked --format.
  const format: WhoCanFormat = opts.json ? 'json' : (opts.format ?? 'text');
  const result = await whoCanRun({
    mode: opts.mode ?? 'offline',
    ...(opts.config !== undefined ? { configFile: opts.config } : {}),
    cwd: io.cwd,
    env: io.env,
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    ...(opts.api !== undefined ? { api: opts.api } : {}),
    ...(opts.method !== undefined ? { method: opts.method } : {}),
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
    ...policyFiles(
      {
        endpointPolicy: opts.endpointPolicy ? [opts.endpointPolicy] : undefined,
        resourcePolicy: opts.resourcePolicy,
      },
      io.cwd,
    ),
    log: (l) => io.err(l),
  });
  io.out(formatWhoCan(result, format));
  // An answer over a layer spokegate does not have is unknown, never definite (docs/cli.md).
  return result.unknown.length ? 3 : 0;
}
