// Fault suite (issue 7, item 2): under 429s, 5xx, connection resets and latency jitter a 1,000-cell
// matrix ends with every cell correct or `error` and none passing wrongly; sessions that expire
// mid-run are renewed; a clock more than five minutes off is reported as such, never as a denial.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleSessions } from '../../src/aws/index.js';
import { createGatewayClient, type CallResult, type GatewayCall } from '../../src/gateway/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { demoCopy, readMatrix, spokegateHere } from '../harness/helpers.js';
import { spokegateAsync } from './cli-async.js';
import { FAULTS, runFaultMatrix, type FaultRun } from './fault-run.js';
import {
  apiAlias,
  apiId,
  APIS,
  faultWorld,
  HARNESS_SECRET,
  oracle,
  REGION,
  roleArn,
  roleName,
  ROLES,
  SESSION,
  VPCE,
  writeFaultSuite,
} from './fault-world.js';
import { filesUnder, findSecrets, findSecretShapes } from './leaks.js';

const POLICY_REASONS = ['endpoint-policy', 'resource-policy', 'identity-policy', 'access-denied'];
const FAULT_REASONS = ['throttled', 'server-error', 'network', 'timeout'];
const decisionOf = (r: CallResult) => (r.outcome === 'allowed' ? 'allow' : 'deny');

describe('1,000 cells under 10% 429, 5% 503, 2% resets and jitter, sessions expiring mid-run', () => {
  let run: FaultRun;
  const reports = mkdtempSync(join(tmpdir(), 'spokegate-fault-matrix-'));
  beforeAll(async () => {
    // Four waves; the clock moves 40 minutes between waves, so the one-hour sessions of wave 1 have
    // expired (at the sandbox too) by wave 3.
    run = await runFaultMatrix({ waves: 4, advanceMs: 40 * 60_000, reportsDir: reports });
  }, 900_000); // a bound for a hung run, not a speed requirement

  it('sends every cell of the 40 x 25 matrix', () => {
    expect(run.runs).toHaveLength(1000);
    expect(new Set(run.runs.map((r) => `${r.i}/${r.j}`)).size).toBe(1000);
  });

  it('has no cell that passes wrongly: every answer matches the policies, or the cell is an error', () => {
    const wrong = run.runs.filter(
      (r) => r.result.outcome !== 'error' && decisionOf(r.result) !== r.truth.decision,
    );
    expect(
      wrong.map((r) => `${r.cell.role} ${r.cell.api}: ${r.result.outcome} (${r.result.reason})`),
    ).toEqual([]);
    for (const r of run.runs) {
      if (r.result.outcome === 'error') expect(r.cell.verdict).toBe('error');
      else expect(r.cell.verdict).toBe('pass');
      // A denial is a policy's: never a throttle, a 5xx or a reset dressed up as one.
      if (r.result.outcome === 'denied') expect(POLICY_REASONS).toContain(r.result.reason);
      if (r.result.outcome === 'allowed')
        expect([r.result.reason, r.result.status]).toEqual(['integration', 200]);
    }
    expect(run.runs.filter((r) => r.cell.verdict === 'fail')).toEqual([]);
  });

  it('errors only for the injected faults, and the endpoint denials are named as such', () => {
    const errors = run.runs.filter((r) => r.result.outcome === 'error');
    for (const e of errors) expect(FAULT_REASONS).toContain(e.result.reason);
    // 5% 500s are not retried; the rest mostly succeed on a retry.
    expect(errors.length).toBeLessThan(150);
    for (const r of run.runs.filter((x) => x.truth.layer === 'endpoint' && x.result.outcome !== 'error'))
      expect(r.result.reason).toBe('endpoint-policy');
  });

  it('the matrix is a real mix: allows, denials at every layer', () => {
    const reasons = new Set(run.runs.map((r) => r.result.reason));
    for (const r of ['integration', 'endpoint-policy', 'resource-policy', 'identity-policy'])
      expect(reasons).toContain(r);
  });

  it('the faults were injected, and retries turned many of them into answers', () => {
    expect(run.faultCounts.throttle).toBeGreaterThan(40);
    expect(run.faultCounts.error).toBeGreaterThan(40);
    expect(run.faultCounts.reset).toBeGreaterThan(5);
    expect(run.faultCounts.latency).toBeGreaterThan(500);
    expect(run.statuses['429']).toBeGreaterThan(0);
    expect(run.statuses['503']).toBeGreaterThan(0);
    const retried = run.runs.filter((r) => r.result.attempts > 1);
    expect(retried.length).toBeGreaterThan(50);
    expect(retried.filter((r) => r.result.outcome !== 'error').length).toBeGreaterThan(40);
    expect(Math.max(...run.runs.map((r) => r.result.attempts))).toBeLessThanOrEqual(4);
  });

  it('the engine predicts every cell as the oracle does', () => {
    const off = run.runs.filter((r) => r.cell.predicted?.decision !== r.truth.decision);
    expect(off.map((r) => `${r.cell.role} ${r.cell.api}`)).toEqual([]);
    expect(run.runs.filter((r) => r.cell.disagreement)).toEqual([]);
  });

  // The leak test (secrets.test.ts) for this matrix: it ran one of its own until 2026-12-02.
  it('writes its reports, and none holds a secret the sandbox issued or the harness key, or one shaped like them', () => {
    expect(run.reports.length).toBeGreaterThan(0);
    // Every renewed session's secrets are in the list: the check is not vacuous.
    expect(run.assumeRoleCount).toBeGreaterThan(40);
    const texts = filesUnder(reports);
    expect(texts.length).toBeGreaterThan(0);
    expect(findSecrets(texts, [...run.secrets, HARNESS_SECRET])).toEqual([]);
    expect(findSecretShapes(texts)).toEqual([]);
  });

  it('renews sessions that expired mid-run: every role assumed again, no expired token ever sent', () => {
    expect(run.assumeRoles).toHaveLength(ROLES);
    for (const n of run.assumeRoles) expect(n).toBeGreaterThanOrEqual(2);
    expect(run.assumeRoleCount).toBe(run.assumeRoles.reduce((a, b) => a + b, 0));
    expect(run.runs.filter((r) => r.result.reason === 'bad-signature')).toEqual([]);
    // Cells of the last waves ran on renewed sessions and still got policy answers.
    expect(run.runs.filter((r) => r.wave === 3 && r.result.outcome !== 'error').length).toBeGreaterThan(200);
  });
});

describe('single calls under trouble', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(faultWorld());
  });
  afterAll(() => sandbox.close());

  const sandboxSessions = () =>
    new RoleSessions({
      region: REGION,
      env: sandbox.env,
      caBundle: sandbox.caPem,
      endpoints: { sts: sandbox.url },
    });
  /** GET / on the first API through the endpoint, signed with these credentials. */
  const getRoot = (credentials: GatewayCall['credentials']): GatewayCall => ({
    api: { id: apiId(1), region: REGION, stage: 'prod' },
    endpoint: { id: VPCE },
    addressing: 'private-dns',
    method: 'GET',
    path: '/',
    credentials,
  });

  const call = async (clockOffsetMs = 0, retries = 3): Promise<CallResult> => {
    const sessions = sandboxSessions();
    const gw = createGatewayClient({
      ca: sandbox.caPem,
      connectTo: [sandbox.connectTo],
      retries,
      backoffBaseMs: 5,
      now: () => new Date(Date.now() + clockOffsetMs),
    });
    try {
      const credentials = await sessions.get(roleArn(0), { sessionName: SESSION });
      return await gw.call(getRoot(credentials));
    } finally {
      gw.close();
      sessions.close();
    }
  };

  it('the cell used here is allowed when nothing is wrong', async () => {
    const r = await call();
    expect([r.outcome, r.reason, r.attempts]).toEqual(['allowed', 'integration', 1]);
  });

  it.each([
    [7 * 60_000, 'ahead of'],
    [-9 * 60_000, 'behind'],
  ])(
    'a local clock off by %d ms is reported as "the local clock is N s off", not a policy denial',
    async (offset, dir) => {
      const started = Date.now();
      const r = await call(offset);
      // The skew is the signing time less the sandbox's time when it checked the signature, both
      // in whole seconds: off by up to 2 s plus however long the call took (on a busy machine
      // seconds; until pass 19 a fixed 2 s, which such a call would have failed).
      const slack = 2 + (Date.now() - started) / 1000;
      expect(r.reason).toBe('bad-signature');
      expect(POLICY_REASONS).not.toContain(r.reason);
      // No policy was consulted: an error, so it cannot pass a deny expectation either.
      expect(r.outcome).toBe('error');
      const secs = Math.abs(offset / 1000);
      expect(Math.abs(Math.abs(r.clockSkewSeconds!) - secs)).toBeLessThanOrEqual(slack);
      const m = /the local clock is (\d+) s off \((ahead of|behind) AWS\)/.exec(r.message ?? '');
      expect(m, r.message).not.toBeNull();
      expect(Math.abs(Number(m![1]) - secs)).toBeLessThanOrEqual(slack);
      expect(m![2]).toBe(dir);
    },
  );

  it('a clock off by less than five minutes is no problem', async () => {
    const r = await call(4 * 60_000);
    expect(r.outcome).toBe('allowed');
  });

  it('a session that expired at AWS without the client knowing is refused, never allowed', async () => {
    const sessions = sandboxSessions();
    const credentials = await sessions.get(roleArn(0), { sessionName: 'stale' });
    sessions.close();
    sandbox.advanceClock(2 * 3600_000);
    const gw = createGatewayClient({
      ca: sandbox.caPem,
      connectTo: [sandbox.connectTo],
      now: () => sandbox.state.now(),
    });
    try {
      const r = await gw.call(getRoot(credentials));
      expect([r.outcome, r.reason, r.errorType]).toEqual(['error', 'bad-signature', 'ExpiredTokenException']);
    } finally {
      gw.close();
      sandbox.advanceClock(-2 * 3600_000);
    }
  });

  it('a fault on every attempt ends as an error after the retries, never as an answer', async () => {
    sandbox.setFaults('*', { throttlePercent: 100 });
    try {
      const r = await call(0, 3);
      expect([r.outcome, r.reason, r.status, r.attempts]).toEqual(['error', 'throttled', 429, 4]);
    } finally {
      sandbox.setFaults('*', undefined);
    }
  });
});

describe('spokegate run with an API whose clock is 10 minutes ahead', () => {
  it('reports the clock, not a policy, for every signed call to that API', async () => {
    const dir = demoCopy({ world: (w) => (w.apis.orders.faults = { clockSkewSeconds: 600 }) });
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-skew-'));
    const res = await spokegateHere([
      'run',
      '--config',
      join(dir, 'spokegate.config.yaml'),
      '--reports',
      reports,
    ]);
    // The run could not judge those cells: exit 3, neither a pass nor a failed expectation.
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/the local clock is (59[89]|60[012]) s off \(behind AWS\)/);
    expect(res.stderr).not.toMatch(/internal error/i);
    expect(res.stderr).not.toMatch(/^\s+at /m); // failed steps show their message, not our stack
    const cells = readMatrix(reports).cells.filter(
      (c: any) => c.api === 'orders' && c.role !== 'anonymous' && !c.note && c.observed,
    );
    expect(cells.length).toBeGreaterThan(5);
    for (const c of cells) {
      expect(c.observed.reason).toBe('bad-signature');
      expect([c.observed.outcome, c.verdict]).toEqual(['error', 'error']);
      expect(c.observed.message).toMatch(/the local clock is \d+ s off/);
    }
  }, 900_000);
});

describe('spokegate run: the 1,000-cell matrix under faults, through the CLI and the harness', () => {
  it('every cell passes or is an error; none fails, none disagrees with the engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-faultsuite-'));
    const config = writeFaultSuite(dir);
    const reports = join(dir, 'reports');
    const sandbox = await startSandbox(faultWorld(), { faults: { '*': FAULTS } });
    try {
      // Live mode against the in-process sandbox: the path sandbox mode takes, with faults set here.
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...sandbox.env };
      const res = await spokegateAsync(['run', '--mode', 'live', '--config', config, '--reports', reports], {
        env,
        // A bound for a hung run, under the test's own (vitest.config.ts), not a speed requirement
        // (170 s before: issue 13 saw this test fail on a busy machine).
        timeoutMs: 500_000,
      });
      expect(res.timedOut).toBe(false);
      expect(res.stderr).not.toMatch(/internal error/i);
      const doc = readMatrix(reports);
      expect(doc.cells).toHaveLength(ROLES * APIS);
      const truth = new Map<string, string>();
      for (let i = 0; i < ROLES; i++)
        for (let j = 0; j < APIS; j++) truth.set(`${roleName(i)} ${apiAlias(j)}`, oracle(i, j).decision);
      const wrong = doc.cells.filter(
        (c: any) =>
          c.observed.outcome !== 'error' &&
          (c.observed.outcome === 'allowed' ? 'allow' : 'deny') !== truth.get(`${c.role} ${c.api}`),
      );
      expect(
        wrong.map((c: any) => `${c.role} ${c.api}: ${c.observed.outcome} (${c.observed.reason})`),
      ).toEqual([]);
      expect(doc.summary.fail).toBe(0);
      expect(doc.summary.disagreements).toBe(0);
      expect(doc.summary.pass + doc.summary.error).toBe(1000);
      expect(doc.summary.error).toBeGreaterThan(0); // the 500s are not retried
      expect(doc.summary.error).toBeLessThan(150);
      for (const c of doc.cells.filter((x: any) => x.verdict === 'error'))
        expect(['throttled', 'server-error', 'network', 'timeout']).toContain(c.observed.reason);
      expect(doc.cells.some((c: any) => c.observed.attempts > 1 && c.verdict === 'pass')).toBe(true);
      // Errors make the run exit 3: it could not finish, and it says so.
      expect(res.code).toBe(3);
      expect(sandbox.counters.faults.reset ?? 0).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  }, 900_000);
});
