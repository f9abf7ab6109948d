// Issue 12, finding 5: SIGINT/SIGTERM stops sending. The calls in flight are cut off (their sockets
// closed, never taken as an answer), no call starts after the signal, every cell without an answer is
// an error marked interrupted, the report set is whole and marked incomplete, exit 130. Against a
// sandbox that holds every execute-api call without an answer until told otherwise (its `stall`
// option), so the run is mid-call when it is interrupted whatever the machine's speed (until pass 19
// the answers were held back for a minute: a run slower than that would have had them); assertions
// are on counts and order, never on time.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext, runSuite, type CallSpec } from '../../src/harness/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO, ROOT } from '../harness/helpers.js';

const INTERRUPTED =
  /the run was interrupted \(SIGINT, SIGTERM, SIGHUP or SIGQUIT\) before this call finished/;
const INVOKE = 'execute-api:Invoke';
const invokes = (s: Sandbox): number => s.counters.requests[INVOKE] ?? 0;

/** Resolves once `cond` holds (checked between turns of the event loop; the test timeout bounds it). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox(join(DEMO, 'world.yaml'), { stall: [INVOKE] });
});
afterAll(() => sandbox.close());

describe('the run context stops sending when interrupted (in-process)', () => {
  it('cuts off the calls in flight, refuses the queued ones without sending, marks every unanswered cell', async () => {
    const config = loadConfig(join(DEMO, 'spokegate.config.yaml'));
    const concurrency = 2;
    const ctx = await RunContext.create({
      mode: 'live',
      config,
      env: sandbox.env,
      concurrency,
      ca: sandbox.caPem,
      connectTo: [sandbox.connectTo],
    });
    try {
      const before = invokes(sandbox);
      const roles = Object.keys(config.roles);
      const planned = roles.flatMap((role) =>
        ['orders', 'payments'].map((api) => {
          const spec: CallSpec = { role, api, method: 'GET', path: '/', scenario: 'interrupted' };
          return ctx.plan(spec, 'allow');
        }),
      );
      expect(planned.length).toBeGreaterThan(concurrency * 3);
      // The way runMatrix sends them: `concurrency` at a time.
      const limit = pLimit(concurrency);
      const jobs = planned.map((p) => limit(() => ctx.make(p)));
      // Both slots are held by the stalled calls: nothing more can be sent before an answer comes.
      await until(() => invokes(sandbox) - before === concurrency);
      ctx.interrupt();
      // Answers are now immediate: a call sent after the signal would be answered and counted.
      sandbox.state.stalled.delete(INVOKE);
      const settled = await Promise.allSettled(jobs);
      expect(settled.every((s) => s.status === 'rejected')).toBe(true);
      for (const s of settled)
        expect((s as PromiseRejectedResult).reason).toMatchObject({ name: 'Interrupted' });
      expect(invokes(sandbox) - before).toBe(concurrency);
      expect(() =>
        ctx.plan({ role: roles[0]!, api: 'orders', method: 'GET', path: '/', scenario: 'x' }),
      ).toThrow(/interrupted/);
      for (const p of planned) {
        expect(p.cell.verdict).toBe('error');
        expect(p.cell.observed).toBeNull();
        expect(p.cell.note).toMatch(INTERRUPTED);
      }
      expect(ctx.matrix.cells).toHaveLength(planned.length);
    } finally {
      sandbox.state.stalled.add(INVOKE);
      ctx.close();
    }
  });
});

describe('spokegate run interrupted mid-call (one real process)', () => {
  it('SIGINT: exit 130; no request after the signal; the set whole, incomplete, unanswered cells marked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-interrupt-'));
    const reports = join(dir, 'reports');
    const before = invokes(sandbox);
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'spokegate.js'),
        'run',
        join(DEMO, 'matrix.feature'),
        '--mode',
        'live',
        '--config',
        join(DEMO, 'spokegate.config.yaml'),
        '--concurrency',
        '1',
        '--reports',
        reports,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: dir, ...sandbox.env } },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    // One call at a time, and the sandbox holds it: the run can send nothing more until interrupted.
    await until(() => invokes(sandbox) > before);
    const sentBeforeSignal = invokes(sandbox) - before;
    child.kill('SIGINT');
    const code = await exited;
    expect(code, err).toBe(130);
    expect(invokes(sandbox) - before, err).toBe(sentBeforeSignal);
    expect(err).toContain('interrupted (SIGINT)');
    expect(err).not.toMatch(/internal error|\n\s+at /);

    const files = readdirSync(reports);
    expect(files.sort()).toEqual(
      ['access-matrix.html', 'access-matrix.json', 'access-matrix.junit.xml', 'access-matrix.md'].sort(),
    );
    const doc = JSON.parse(readFileSync(join(reports, 'access-matrix.json'), 'utf8'));
    expect(doc.run.incomplete).toBe(true);
    // The whole table was planned before the first request: every cell is there, none answered.
    expect(doc.cells.length).toBeGreaterThan(sentBeforeSignal);
    for (const c of doc.cells) {
      expect(c.verdict).toBe('error');
      expect(c.note).toMatch(INTERRUPTED);
    }
    expect(readFileSync(join(reports, 'access-matrix.md'), 'utf8')).toContain('INCOMPLETE');
    expect(readdirSync(dir).filter((f) => f.startsWith('spokegate-sandbox-'))).toEqual([]);
  });
});

describe('interrupted before any scenario ran (in-process)', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    // A closed terminal (attack run 7): Node's default ended the run, leaving the lock, the staging
    // folder and the feature copies behind.
    ['SIGHUP', 129],
    // Ctrl-\\ in a terminal (attack run 8): Node's default ended the run at once, as SIGHUP's did.
    ['SIGQUIT', 131],
  ] as const) {
    it(`${signal} while the sandbox starts: exit ${code}, the previous set untouched, no temporary folder left`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'spokegate-early-'));
      const tmp = join(dir, 'tmp');
      const reports = join(dir, 'reports');
      mkdirSync(tmp);
      mkdirSync(reports);
      writeFileSync(join(reports, 'access-matrix.json'), 'OLD RUN');
      const lines: string[] = [];
      const savedTmp = process.env.TMPDIR;
      process.env.TMPDIR = tmp; // the sandbox's and the feature copies' temporary folders go here
      let result: Awaited<ReturnType<typeof runSuite>>;
      try {
        result = await runSuite({
          mode: 'sandbox',
          configFile: join(DEMO, 'spokegate.config.yaml'),
          features: [join(DEMO, 'endpoint.feature')],
          reportsDir: reports,
          cwd: ROOT,
          env: {},
          log: (l) => {
            lines.push(l);
            // The sandbox is up, nothing has been sent: the signal comes now.
            if (l.includes('sandbox serving on')) process.emit(signal, signal);
          },
        });
      } finally {
        if (savedTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = savedTmp;
      }
      expect(result.exitCode, lines.join('\n')).toBe(code);
      expect(lines.at(-1)).toMatch(
        new RegExp(`interrupted \\(${signal}\\) before any scenario ran; nothing was written`),
      );
      expect(readdirSync(reports)).toEqual(['access-matrix.json']);
      expect(readFileSync(join(reports, 'access-matrix.json'), 'utf8')).toBe('OLD RUN');
      expect(readdirSync(tmp)).toEqual([]);
      expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
      expect(process.listenerCount('SIGHUP') + process.listenerCount('SIGQUIT')).toBe(0);
    });
  }
});

// A control-plane read in flight (STS, EC2, API Gateway, IAM) is aborted by the signal, not left to
// finish: the sandbox holds a stalled operation's request until the client closes its connection,
// and counts that close (`abandoned`). Nothing would ever answer these reads: a run that only
// abandoned them would never end (the test timeout), one that aborts them ends at once.
describe('control-plane reads in flight are aborted by the signal', () => {
  const held = (s: Sandbox, op: string) => s.counters.held[op] ?? 0;
  const abandoned = (s: Sandbox, op: string) => s.counters.abandoned[op] ?? 0;

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while DescribeVpcEndpoints hangs (the live preflight): the request is aborted, exit ${code}`, async () => {
      const op = 'ec2:DescribeVpcEndpoints';
      const stalled = await startSandbox(join(DEMO, 'world.yaml'), { stall: [op] });
      try {
        const dir = mkdtempSync(join(tmpdir(), 'spokegate-abort-'));
        const reports = join(dir, 'reports');
        mkdirSync(reports);
        writeFileSync(join(reports, 'access-matrix.json'), 'OLD RUN');
        const lines: string[] = [];
        // The signal comes once the sandbox holds the read.
        void until(() => held(stalled, op) > 0).then(() => process.emit(signal, signal));
        const result = await runSuite({
          mode: 'live',
          configFile: join(DEMO, 'spokegate.config.yaml'),
          features: [join(DEMO, 'endpoint.feature')],
          reportsDir: reports,
          cwd: ROOT,
          env: stalled.env,
          log: (l) => lines.push(l),
        });
        expect(result.exitCode, lines.join('\n')).toBe(code);
        expect(lines.at(-1)).toMatch(new RegExp(`interrupted \\(${signal}\\) before any scenario ran`));
        expect(held(stalled, op)).toBe(1);
        // The client closed the held request's connection: aborted, not abandoned.
        await until(() => abandoned(stalled, op) === 1);
        expect(stalled.counters.requests['execute-api:Invoke'] ?? 0).toBe(0);
        expect(readFileSync(join(reports, 'access-matrix.json'), 'utf8')).toBe('OLD RUN');
        expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
      } finally {
        await stalled.close();
      }
    });
  }

  const reads: Record<string, (ctx: RunContext) => Promise<unknown>> = {
    // The orders API's resource policy is not given: the prediction reads it with GetRestApi.
    'apigateway:GetRestApi': (ctx) =>
      ctx.predict({ role: 'CheckoutRole', api: 'orders', method: 'GET', path: '/orders', scenario: 'x' }),
    // A call needs the role's session first.
    'sts:AssumeRole': (ctx) =>
      ctx.call({ role: 'CheckoutRole', api: 'orders', method: 'GET', path: '/orders', scenario: 'x' }),
  };
  for (const [op, read] of Object.entries(reads)) {
    it(`${op} in flight when the run is interrupted: aborted (its socket closed), the caller sees Interrupted`, async () => {
      const stalled = await startSandbox(join(DEMO, 'world.yaml'), { stall: [op] });
      const demo = loadConfig(join(DEMO, 'spokegate.config.yaml'));
      const { resourcePolicy: _given, ...orders } = demo.apis.orders!;
      const config = { ...demo, apis: { ...demo.apis, orders } };
      const ctx = await RunContext.create({
        mode: 'live',
        config,
        env: stalled.env,
        ca: stalled.caPem,
        connectTo: [stalled.connectTo],
      });
      try {
        const pending = read(ctx).then(
          () => 'settled',
          (e: unknown) => e,
        );
        await until(() => held(stalled, op) > 0);
        ctx.interrupt();
        expect(await pending).toMatchObject({ name: 'Interrupted' });
        await until(() => abandoned(stalled, op) === 1);
        expect(held(stalled, op)).toBe(1);
      } finally {
        ctx.close();
        await stalled.close();
      }
    });
  }
});
