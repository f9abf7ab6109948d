// Runs the 1,000-cell fault matrix at library level: the sandbox in-process (so the test can read its
// counters and issued secrets), RoleSessions for the roles, the gateway client for the calls, the
// engine for the prediction and the oracle for the truth. The clock of the whole run (sandbox, role
// sessions, signing) is the sandbox's, moved forward between waves so sessions expire mid-run.
import pLimit from 'p-limit';
import { RoleSessions } from '../../src/aws/index.js';
import type { FaultsInput } from '../../src/config/world.js';
import { createGatewayClient, type CallResult } from '../../src/gateway/index.js';
import { toObservation, toPrediction } from '../../src/harness/cells.js';
import { AccessMatrix, makeCell, writeReports, type Cell } from '../../src/matrix/index.js';
import {
  authorizeCall,
  parsePolicy,
  principalFromArn,
  requestContext,
  type CompiledPolicy,
} from '../../src/policy/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import {
  apiAccount,
  apiAlias,
  apiId,
  APIS,
  endpointPolicy,
  faultWorld,
  identityPolicy,
  oracle,
  ORG,
  REGION,
  roleArn,
  roleName,
  ROLES,
  SESSION,
  VPC,
  VPCE,
} from './fault-world.js';

/** 10% 429, 5% 503 (errorPercent 10 gives 503 and 500 half each), 2% resets, latency with jitter. */
export const FAULTS: FaultsInput = {
  throttlePercent: 10,
  errorPercent: 10,
  resetPercent: 2,
  latencyMs: 1,
  jitterMs: 15,
  seed: 42,
};

export interface FaultRunOptions {
  faults?: FaultsInput;
  /** The cells are sent in this many waves; the clock moves `advanceMs` between waves. */
  waves?: number;
  advanceMs?: number;
  concurrency?: number;
  /** Write the access-matrix reports here (faults.test.ts scans them for secrets). */
  reportsDir?: string;
}

export interface CellRun {
  i: number;
  j: number;
  wave: number;
  truth: ReturnType<typeof oracle>;
  result: CallResult;
  cell: Cell;
}

export interface FaultRun {
  runs: CellRun[];
  /** AssumeRole calls per role index, as the sandbox counted them. */
  assumeRoles: number[];
  assumeRoleCount: number;
  faultCounts: Record<string, number>;
  statuses: Record<string, number>;
  /** Every secret the sandbox issued or knew, read before it closed. */
  secrets: string[];
  reports: string[];
}

/** A fixed shuffle (mulberry32) so each wave holds a mix of roles and APIs. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let k = out.length - 1; k > 0; k--) {
    const r = Math.floor(rnd() * (k + 1));
    [out[k], out[r]] = [out[r]!, out[k]!];
  }
  return out;
}

export async function runFaultMatrix(opts: FaultRunOptions = {}): Promise<FaultRun> {
  const world = faultWorld();
  const sandbox = await startSandbox(world, { faults: { '*': opts.faults ?? FAULTS } });
  const now = () => sandbox.state.now();
  const sessions = new RoleSessions({
    region: REGION,
    env: sandbox.env,
    caBundle: sandbox.caPem,
    endpoints: { sts: sandbox.url },
    now,
  });
  const gateway = createGatewayClient({
    ca: sandbox.caPem,
    connectTo: [sandbox.connectTo],
    retries: 3,
    backoffBaseMs: 10,
    // Generous: on a loaded machine a slow answer is load, not an injected fault, and must not turn
    // a cell into a timeout (the outcome may never depend on the machine's speed).
    timeoutMs: 120_000,
    now,
  });
  const endpoint = parsePolicy(endpointPolicy(), { name: 'endpoint:hub' });
  const resource = new Map<number, CompiledPolicy>();
  for (let j = 0; j < APIS; j++) {
    const text = sandbox.state.world.apis[apiAlias(j)]!.resourcePolicy!;
    resource.set(j, parsePolicy(text as object, { name: `resource:${apiAlias(j)}` }));
  }
  const identity = new Map<number, CompiledPolicy>();
  for (let i = 0; i < ROLES; i++)
    identity.set(i, parsePolicy(identityPolicy(i), { name: `identity:${roleName(i)}` }));

  const all: [number, number][] = [];
  for (let i = 0; i < ROLES; i++) for (let j = 0; j < APIS; j++) all.push([i, j]);
  const order = shuffled(all, 2024);
  const waves = opts.waves ?? 1;
  const size = Math.ceil(order.length / waves);
  const limit = pLimit(opts.concurrency ?? 16);
  const matrix = new AccessMatrix();
  const runs: CellRun[] = [];
  const startedAt = new Date();
  try {
    for (let w = 0; w < waves; w++) {
      if (w > 0) sandbox.advanceClock(opts.advanceMs ?? 0);
      const wave = order.slice(w * size, (w + 1) * size);
      await Promise.all(
        wave.map(([i, j]) =>
          limit(async () => {
            const credentials = await sessions.get(roleArn(i), { sessionName: SESSION });
            const result = await gateway.call({
              api: { id: apiId(j), region: REGION, stage: 'prod' },
              endpoint: { id: VPCE },
              addressing: 'private-dns',
              method: 'GET',
              path: '/',
              credentials,
            });
            const principal = principalFromArn(roleArn(i), { sessionName: SESSION });
            const req = requestContext(
              principal,
              {
                region: REGION,
                account: apiAccount(j),
                apiId: apiId(j),
                stage: 'prod',
                method: 'GET',
                path: '/',
                sourceVpce: VPCE,
                sourceVpc: VPC,
              },
              { orgId: ORG },
            );
            const predicted = authorizeCall(
              {
                endpointPolicy: endpoint,
                authorizationType: 'AWS_IAM',
                resourcePolicy: resource.get(j)!,
                identityPolicies: [identity.get(i)!],
                resourceAccount: apiAccount(j),
              },
              req,
            );
            const truth = oracle(i, j);
            const cell = makeCell({
              role: roleName(i),
              principal: roleArn(i),
              api: apiAlias(j),
              method: 'GET',
              path: '/',
              endpoint: 'hub',
              scenario: 'fault suite: 1,000 cells under 429, 5xx, resets and jitter',
              expected: truth.decision,
              predicted: toPrediction(predicted),
              observed: toObservation(result),
            });
            matrix.add(cell);
            runs.push({ i, j, wave: w, truth, result, cell });
          }),
        ),
      );
    }
    const secrets = sandbox.issuedSecrets();
    const reports = opts.reportsDir
      ? await writeReports(
          matrix,
          {
            mode: 'sandbox',
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
            tool: 'spokegate fault suite',
            region: REGION,
            endpoints: [{ alias: 'hub', id: VPCE, policySha256: null, policySource: 'fault world' }],
          },
          opts.reportsDir,
          { secrets },
        )
      : [];
    const counted = sandbox.counters.assumeRole;
    return {
      runs,
      assumeRoles: Array.from({ length: ROLES }, (_, i) => counted[roleName(i)] ?? 0),
      assumeRoleCount: sessions.assumeRoleCount,
      faultCounts: { ...sandbox.counters.faults },
      statuses: { ...sandbox.counters.statuses },
      secrets,
      reports,
    };
  } finally {
    gateway.close();
    sessions.close();
    await sandbox.close();
  }
}
