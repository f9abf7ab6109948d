// The embedded hub-and-spoke AWS (issue 4): STS, EC2, API Gateway control plane and the execute-api
// data plane on one loopback port, enforcing with src/policy. Public surface: startSandbox.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorld, type FaultsInput, type World } from '../config/world.js';
import { listen } from './server.js';
import { SandboxState, type Counters } from './state.js';
import { makeTlsMaterial } from './tls.js';

export type { Counters } from './state.js';
export type { Received, Reply } from './http.js';
export { dispatch, MAX_BODY_BYTES } from './server.js';
export { SandboxState } from './state.js';
export { apiGatewayPolicyString } from './apigateway.js';
export { denialMessage, gatewayErrors, maskAccount } from './errors.js';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Plain HTTP instead of HTTPS (no CA, no AWS_CA_BUNDLE). */
  http?: boolean;
  /** Seed of the fault sequences (the world's `seed` when omitted). */
  seed?: number;
  /** Faults per API alias or id (`*`: every API), replacing the world's. */
  faults?: Record<string, FaultsInput>;
  /**
   * Operations never answered (`ec2:DescribeVpcEndpoints`, `sts:AssumeRole`, `apigateway:GetRestApi`,
   * as counted in `counters.requests`): each request is held until the client closes its connection
   * (`counters.held`, `counters.abandoned`). Tests of interrupted runs use it.
   */
  stall?: string[];
}

export interface Sandbox {
  port: number;
  /** https://127.0.0.1:PORT (http:// with `http: true`). */
  url: string;
  /** The CA that signed the server certificate (empty with `http: true`). */
  caPem: string;
  /** caPem written to a temporary file (removed on close; empty with `http: true`). */
  caFile: string;
  /** The export block's variables (endpoint URLs, CA bundle, the harness keys, connect-to, region). */
  env: Record<string, string>;
  /** curl --connect-to syntax sending every execute-api name to the sandbox: `::127.0.0.1:PORT`. */
  connectTo: string;
  /** Live counters (requests per operation, AssumeRole per role alias, statuses, faults). */
  counters: Counters;
  /** Every secret the sandbox knows or issued: the harness secret, session secrets and tokens. */
  issuedSecrets(): string[];
  world: World;
  /** Replace the faults of one API (alias or id, or `*`); undefined restores the world's. */
  setFaults(api: string, faults: FaultsInput | undefined): void;
  /** Move the sandbox's clock (e.g. past a session's expiry). */
  advanceClock(ms: number): void;
  /** The internal state (tests). */
  state: SandboxState;
  close(): Promise<void>;
}

/** The variable order of docs/design.md's export block; region lines follow (the CLI needs one). */
const EXPORT_ORDER = [
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ENDPOINT_URL_API_GATEWAY',
  'AWS_CA_BUNDLE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'SPOKEGATE_CONNECT_TO',
  // Beyond docs/design.md's block: IAM, so identity policies can be read for predictions.
  'AWS_ENDPOINT_URL_IAM',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

/** The block `spokegate sandbox` prints: one `export NAME=value` per line, eval-able. */
export function exportBlock(env: Record<string, string>): string {
  const quote = (v: string) => (/^[\w@%+=:,./-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return EXPORT_ORDER.filter((k) => env[k] !== undefined)
    .map((k) => `export ${k}=${quote(env[k]!)}`)
    .join('\n');
}

export async function startSandbox(world: World | string, opts: SandboxOptions = {}): Promise<Sandbox> {
  const w = typeof world === 'string' ? loadWorld(world) : world;
  const state = new SandboxState(w, opts.seed ?? w.seed, opts.faults ?? {});
  for (const op of opts.stall ?? []) state.stalled.add(op);
  const tls = opts.http ? undefined : makeTlsMaterial(state.regions);
  const running = await listen(state, { port: opts.port ?? 0, ...(tls ? { tls } : {}) });
  const url = `${opts.http ? 'http' : 'https'}://127.0.0.1:${running.port}`;
  let dir: string | undefined;
  let caFile = '';
  if (tls) {
    dir = mkdtempSync(join(tmpdir(), 'spokegate-sandbox-'));
    caFile = join(dir, 'sandbox-ca.pem');
    writeFileSync(caFile, tls.caPem, { mode: 0o600 });
  }
  const connectTo = `::127.0.0.1:${running.port}`;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_EC2: url,
    AWS_ENDPOINT_URL_API_GATEWAY: url,
    AWS_ENDPOINT_URL_IAM: url,
    ...(caFile ? { AWS_CA_BUNDLE: caFile } : {}),
    AWS_ACCESS_KEY_ID: w.harness.accessKeyId,
    AWS_SECRET_ACCESS_KEY: w.harness.secretAccessKey,
    SPOKEGATE_CONNECT_TO: connectTo,
    AWS_REGION: w.region,
    AWS_DEFAULT_REGION: w.region,
  };
  let closed = false;
  return {
    port: running.port,
    url,
    caPem: tls?.caPem ?? '',
    caFile,
    env,
    connectTo,
    counters: state.counters,
    issuedSecrets: () => state.issuedSecrets(),
    world: w,
    setFaults: (api, faults) => state.setFaults(api, faults),
    advanceClock: (ms) => {
      state.clockOffsetMs += ms;
    },
    state,
    close: async () => {
      if (closed) return;
      closed = true;
      await running.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
export { SANDBOX_ENDPOINT_HEADER } from './diagnostics.js';
