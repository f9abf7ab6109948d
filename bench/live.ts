// The live path as spokegate runs it: one AssumeRole per role (RoleSessions), then every role x API
// cell signed and sent through the gateway client (keep-alive, bounded concurrency) to the sandbox.
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { RoleSessions } from '../src/aws/index.js';
import { createGatewayClient } from '../src/gateway/index.js';
import type { SandboxProcess } from './sandbox-process.js';
import {
  CELL_METHOD,
  CELL_PATH,
  ENDPOINT_ID,
  REGION,
  STAGE,
  type BenchApi,
  type BenchRole,
} from './world.js';

export interface Cell {
  role: BenchRole;
  api: BenchApi;
}

export interface LiveResult {
  cells: number;
  allowed: number;
  /** Cells whose outcome was not `allowed` (each is an allowed cell in the bench world). */
  failures: number;
  failureReasons: Record<string, number>;
  ms: number;
  /** The live path: AssumeRole for every role, then every cell. */
  cellsPerSecond: number;
  /** The request phase alone, credentials in hand (as the baselines have them): what ratios compare. */
  requestCellsPerSecond: number;
  assumeMs: number;
  assumeRoles: number;
  attempts: number;
  clientCpuMs: number;
  sandboxCpuMs: number;
}

export function cellsOf(roles: BenchRole[], apis: BenchApi[]): Cell[] {
  const cells: Cell[] = [];
  for (const role of roles) for (const api of apis) cells.push({ role, api });
  return cells;
}

/** One fresh run: new role sessions (so AssumeRole is counted in) and a new keep-alive client. */
export async function runLive(
  sandbox: SandboxProcess,
  cells: Cell[],
  concurrency: number,
): Promise<LiveResult> {
  const env = { ...process.env, ...sandbox.env };
  const sandboxCpu0 = sandbox.cpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sessions = new RoleSessions({ region: REGION, env, caBundle: sandbox.caFile });
  const client = createGatewayClient({
    ca: readFileSync(sandbox.caFile),
    connectTo: [sandbox.connectTo],
    keepAlive: true,
    maxSockets: concurrency,
    timeoutMs: 10_000,
  });
  const limit = pLimit(concurrency);
  const reasons: Record<string, number> = {};
  let allowed = 0;
  let attempts = 0;
  let assumeMs = 0;
  let requestMs = 0;
  try {
    // One AssumeRole per role, first: the baselines get their credentials before they are timed,
    // so the request phase is timed on its own as well.
    const tAssume = performance.now();
    await Promise.all(
      [...new Set(cells.map((c) => c.role.arn))].map((arn) => limit(() => sessions.get(arn))),
    );
    assumeMs = performance.now() - tAssume;
    const tRequests = performance.now();
    await Promise.all(
      cells.map((c) =>
        limit(async () => {
          const credentials = await sessions.get(c.role.arn);
          const r = await client.call({
            api: { id: c.api.id, region: REGION, stage: STAGE },
            endpoint: { id: ENDPOINT_ID },
            addressing: 'private-dns',
            method: CELL_METHOD,
            path: CELL_PATH,
            credentials,
          });
          attempts += r.attempts;
          if (r.outcome === 'allowed' && r.status === 200) allowed++;
          else
            reasons[`${r.status ?? '-'} ${r.reason}`] = (reasons[`${r.status ?? '-'} ${r.reason}`] ?? 0) + 1;
        }),
      ),
    );
    requestMs = performance.now() - tRequests;
  } finally {
    client.close();
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const assumeRoles = sessions.assumeRoleCount;
  sessions.close();
  return {
    cells: cells.length,
    allowed,
    failures: cells.length - allowed,
    failureReasons: reasons,
    ms,
    cellsPerSecond: (cells.length * 1000) / ms,
    requestCellsPerSecond: (cells.length * 1000) / requestMs,
    assumeMs,
    assumeRoles,
    attempts,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    sandboxCpuMs: sandbox.cpuMs() - sandboxCpu0,
  };
}
