// `npm run bench`: spokegate against the alternatives, side by side in one run, against the sandbox
// running as a separate process. Prints a table (stdout; progress on stderr) and writes
// reports/bench.json = {"figures":[{name,value,unit}],"ratios":[{name,value,target}]} (docs/design.md).
// Figures also carry their target when they have one. Knobs (environment):
//   BENCH_PARALLELISM=1,4,16   parallelisms at which spokegate and the baselines are compared (1 is
//                              the bash loop people replace; 16 is spokegate's default concurrency)
//   BENCH_RATIO_PARALLELISM=16 the parallelisms whose ratios carry the targets (16 is spokegate's
//                              default concurrency); the others are reported as figures, ratio included
//   BENCH_ROUNDS=3             rounds per parallelism; each round runs spokegate's 1,000 cells and a
//                              share of each baseline's requests (medians reported)
//   BENCH_CURL_REQUESTS=240    curl --aws-sigv4 requests per parallelism (of the same 1,000 cells)
//   BENCH_OPENSSL_REQUESTS=120 bash + openssl requests per parallelism
//   BENCH_STRICT=1             exit 1 when a target is missed (always exit 1 when a measurement is invalid)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { BaselineCredentials, runBaseline, spread, type BaselineResult } from './baselines.js';
import { median, timeSpokegate, type CommandTiming } from './commands.js';
import { cellsOf, runLive, type LiveResult } from './live.js';
import type { OfflineMatrixResult } from './offline-matrix.js';
import type { SettleBoundsResult } from './settle-bounds.js';
import { startSandboxProcess } from './sandbox-process.js';
import { benchWorld, readerRoleArn, writeBenchConfig, writeBenchWorld } from './world.js';

const ROOT = resolve(import.meta.dirname, '..');
const envInt = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const PARALLELISM = (process.env.BENCH_PARALLELISM ?? '1,4,16')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const RATIO_PARALLELISM = (process.env.BENCH_RATIO_PARALLELISM ?? '16').split(',').map(Number);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const WARMUP_PASSES = envInt('BENCH_WARMUP', 6);
const CURL_REQUESTS = envInt('BENCH_CURL_REQUESTS', 240);
const OPENSSL_REQUESTS = envInt('BENCH_OPENSSL_REQUESTS', 120);
const ROLES = 40;
const APIS = 25;
/** BENCH_SECTIONS=classes,whole-run runs only those sections (default: all). */
const SECTIONS = process.env.BENCH_SECTIONS?.split(',').map((x) => x.trim());
/** Baseline request rates measured by the live section, by kind and parallelism. */
const baselineRates = new Map<string, number>();

type Target = { op: '>=' | '<='; value: number };
interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: number;
  /** Whether higher or lower is better, when there is a target. */
  better?: 'higher' | 'lower';
  met?: boolean;
  note?: string;
}
interface Ratio {
  name: string;
  value: number | null;
  target: number;
  met: boolean;
  note?: string;
}

const figures: Figure[] = [];
const ratios: Ratio[] = [];
const problems: string[] = [];
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

function figure(name: string, value: number | null, unit: string, target?: Target, note?: string): void {
  const f: Figure = { name, value: value === null || Number.isNaN(value) ? null : round(value), unit };
  if (target) {
    f.target = target.value;
    f.better = target.op === '>=' ? 'higher' : 'lower';
    f.met = f.value !== null && (target.op === '>=' ? f.value >= target.value : f.value <= target.value);
  }
  if (note) f.note = note;
  figures.push(f);
}

function ratio(name: string, value: number | null, target: number, note?: string): void {
  const v = value === null || !Number.isFinite(value) ? null : round(value);
  ratios.push({ name, value: v, target, met: v !== null && v >= target, ...(note ? { note } : {}) });
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'spokegate-bench-'));
  const loadStart = loadavg()[0]!;
  try {
    // A section that cannot run is reported (and makes the bench invalid); the others still run.
    for (const [name, section] of [
      ['start-up', () => startup(tmp)],
      ['offline', () => offline(tmp)],
      ['live', () => live(tmp)],
      ['classes', () => classes(tmp)],
      ['whole-run', () => wholeRun(tmp)],
    ] as const) {
      if (SECTIONS && !SECTIONS.includes(name)) continue;
      try {
        await section();
      } catch (e) {
        problems.push(`${name}: could not run: ${(e as Error).message.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!ratios.length) {
    // No ratio measured is a failed bench, not a vacuously met one.
    for (const p of PARALLELISM) {
      ratio(`spokegate ÷ curl --aws-sigv4 at parallelism ${p}`, null, 20, 'missing: not measured');
      ratio(
        `spokegate ÷ bash + openssl (bench/sigv4-openssl.sh) at parallelism ${p}`,
        null,
        100,
        'missing: not measured',
      );
    }
  }
  const meta = {
    tool: 'spokegate npm run bench',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: { start: round(loadStart), end: round(loadavg()[0]!) },
    parallelism: PARALLELISM,
    liveCells: ROLES * APIS,
    roundsPerParallelism: ROUNDS,
    baselineRequests: { curlAwsSigv4: CURL_REQUESTS, bashOpenssl: OPENSSL_REQUESTS },
    problems,
  };
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const out = join(ROOT, 'reports', 'bench.json');
  writeFileSync(out, `${JSON.stringify({ figures, ratios, meta }, null, 2)}\n`);
  printTable();
  const missed = [...figures.filter((f) => f.met === false), ...ratios.filter((r) => !r.met)];
  process.stdout.write(`\nwritten: reports/bench.json; ${missed.length} target(s) missed\n`);
  for (const p of problems) process.stdout.write(`INVALID/MISSING: ${p}\n`);
  if (problems.length) return 1;
  return missed.length && process.env.BENCH_STRICT === '1' ? 1 : 0;
}

// --- start-up --------------------------------------------------------------------------------------
function startup(tmp: string): void {
  log('start-up: spokegate --version x10');
  const v = timeSpokegate(['--version'], 10);
  reportCommand('start-up: spokegate --version (median of 10)', v, { op: '<=', value: 200 });

  // `check` on the demo features with the demo world's endpoint policy as the change under review
  // (resource and identity policies come from the demo config).
  const world = parse(readFileSync(join(ROOT, 'features/sandbox/world.yaml'), 'utf8')) as {
    endpoints: Record<string, { policy?: unknown }>;
  };
  const dir = join(tmp, 'check');
  mkdirSync(dir, { recursive: true });
  const policy = world.endpoints.hub?.policy;
  let ep: string;
  if (typeof policy === 'string' && !policy.trim().startsWith('{')) {
    ep = resolve(ROOT, 'features/sandbox', policy); // a file next to the world
  } else {
    ep = join(dir, 'endpoint.json');
    writeFileSync(ep, typeof policy === 'string' ? policy : JSON.stringify(policy ?? {}));
  }
  log('start-up: spokegate check features/sandbox x5');
  // Exit 1 (an expectation failed) and 3 (cells that could not be decided offline) are still a
  // complete run of the command; 2 (bad usage) or a crash are not.
  const c = timeSpokegate(
    // The policy file is in the bench's temporary folder, outside the project.
    [
      'check',
      'features/sandbox',
      '--endpoint-policy',
      ep,
      '--reports',
      join(dir, 'reports'),
      '--allow-outside-root',
    ],
    5,
    { acceptExit: [0, 1, 3] },
  );
  reportCommand('start-up: spokegate check features/sandbox (median of 5)', c, { op: '<=', value: 1500 });
}

function reportCommand(name: string, t: CommandTiming, target: Target): void {
  if (t.error !== undefined || !t.runs) {
    problems.push(`${name}: did not run (exit ${t.exitCode}): ${t.error ?? ''}`);
    figure(name, null, 'ms', target, `missing: exit ${t.exitCode}`);
    return;
  }
  figure(name, t.ms, 'ms', target, t.exitCode ? `exit code ${t.exitCode}` : undefined);
}

// --- offline ---------------------------------------------------------------------------------------
async function offline(tmp: string): Promise<void> {
  log('offline: policy chain decisions per CPU second');
  try {
    // In a process of its own, like the offline matrix: "one core" measured without this
    // process's heap and compiled code in the way.
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/policy.ts'), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr.trim().split('\n').slice(-3).join(' | '));
    const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { decisionsPerSecond: number };
    figure(
      'offline: chain decisions per second (one core, CPU time, median of 3 s)',
      r.decisionsPerSecond,
      'decisions/s',
      {
        op: '>=',
        value: 500_000,
      },
    );
  } catch (e) {
    problems.push(`bench/policy.ts: ${(e as Error).message}`);
    figure('offline: chain decisions per second (one core, CPU time)', null, 'decisions/s', {
      op: '>=',
      value: 500_000,
    });
  }

  log('offline: 10,000-cell matrix (100 roles x 100 APIs) in a child process');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/offline-matrix.ts'), '100', '100'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  let m: OfflineMatrixResult | undefined;
  try {
    m = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as OfflineMatrixResult;
  } catch {
    problems.push(`offline matrix: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  figure('offline: 10,000-cell matrix, predict + serialise', m?.ms ?? null, 'ms');
  figure('offline: 10,000-cell matrix, peak RSS of its process', m?.maxRssMB ?? null, 'MB', {
    op: '<=',
    value: 300,
  });

  log('offline: 10,000 cells settled by the bounds of a tag variable, in a child process');
  const sb = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/settle-bounds.ts'), '100', '100'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  let b: SettleBoundsResult | undefined;
  try {
    b = JSON.parse(sb.stdout.trim().split('\n').pop() ?? '') as SettleBoundsResult;
    if (b.settled !== b.cells) problems.push(`settle-bounds: ${b.settled} of ${b.cells} cells settled`);
  } catch {
    problems.push(`settle-bounds: ${sb.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  figure(
    'offline: 10,000 cells predicted, each settled by the bounds of a tag variable (CPU)',
    b?.settledMs ?? null,
    'ms',
    undefined,
    b ? `the same cells without the tied-tag statement: ${b.plainMs} ms` : undefined,
  );

  log('offline: spokegate diff over 10,000 cells x3');
  const w = benchWorld(100, 100);
  const dir = join(tmp, 'diff');
  const cfg = writeBenchConfig(dir, w);
  // The change under review: the endpoint policy stops naming ten of the hundred roles.
  const after = structuredClone(w.endpointPolicy) as { Statement: { Principal: { AWS: string[] } }[] };
  after.Statement[0]!.Principal.AWS = after.Statement[0]!.Principal.AWS.slice(10);
  const afterFile = join(dir, 'endpoint-after.json');
  writeFileSync(afterFile, JSON.stringify(after, null, 2));
  const d = timeSpokegate(
    [
      'diff',
      '--config',
      cfg.file,
      '--before',
      cfg.endpointPolicyFile,
      '--after',
      afterFile,
      '--format',
      'json',
    ],
    3,
  );
  reportCommand('offline: spokegate diff over 10,000 cells (median of 3, whole command)', d, {
    op: '<=',
    value: 1000,
  });
  if (d.maxRssMB !== undefined)
    figure('offline: spokegate diff over 10,000 cells, peak RSS', d.maxRssMB, 'MB', { op: '<=', value: 300 });
}

// --- live ------------------------------------------------------------------------------------------
async function live(tmp: string): Promise<void> {
  const w = writeBenchWorld(join(tmp, 'world'), ROLES, APIS);
  log(`live: starting the sandbox (separate process) with ${ROLES} roles x ${APIS} APIs`);
  const sandbox = await startSandboxProcess(w.file);
  let creds: BaselineCredentials | undefined;
  try {
    const cells = cellsOf(w.roles, w.apis);
    // The first pass runs cold (fresh processes, nothing compiled by the JIT yet): reported on its
    // own. Then warm-up passes until both processes run steady; the comparisons use steady state.
    log('live: cold first pass');
    const cold = await runLive(sandbox, cells, 16);
    figure(
      `live: spokegate, ${cells.length} cells, cold first pass in fresh processes (P=16)`,
      cold.cellsPerSecond,
      'cells/s',
      {
        op: '>=',
        value: 1000,
      },
    );
    log(`live: ${WARMUP_PASSES} warm-up passes (not reported)`);
    for (let i = 0; i < WARMUP_PASSES; i++) await runLive(sandbox, cells, 16);
    creds = await BaselineCredentials.assume(
      sandbox,
      w.roles.map((r) => r.arn),
    );
    // Rounds interleave spokegate and both baselines, and each ratio is the median of the per-round
    // ratios: on a shared machine the load drifts, and it then drifts for both sides of a ratio.
    const kinds = [
      { kind: 'curl-aws-sigv4', n: CURL_REQUESTS, target: 20, label: 'curl --aws-sigv4' },
      {
        kind: 'bash-openssl',
        n: OPENSSL_REQUESTS,
        target: 100,
        label: 'bash + openssl (bench/sigv4-openssl.sh)',
      },
    ] as const;
    for (const p of PARALLELISM) {
      const runs: LiveResult[] = [];
      const base: Record<string, BaselineResult[]> = { 'curl-aws-sigv4': [], 'bash-openssl': [] };
      for (let i = 0; i < ROUNDS; i++) {
        log(`live P=${p} round ${i + 1}/${ROUNDS}: spokegate ${cells.length} cells`);
        runs.push(await runLive(sandbox, cells, p));
        for (const k of kinds) {
          const n = Math.max(1, Math.round(k.n / ROUNDS));
          log(`live P=${p} round ${i + 1}/${ROUNDS}: ${k.kind} ${n} requests (xargs -P ${p})`);
          // A different slice of the matrix each round.
          const subset = spread(cells, Math.min(cells.length, n * ROUNDS)).slice(i * n, (i + 1) * n);
          base[k.kind]!.push(await runBaseline(k.kind, sandbox, creds, subset, p));
        }
      }
      const failed = runs.filter((r) => r.failures > 0);
      for (const r of failed)
        problems.push(
          `spokegate live P=${p}: ${r.failures} cells not allowed ${JSON.stringify(r.failureReasons)}`,
        );
      const rate = median(runs.map((r) => r.cellsPerSecond));
      const mid = runs.find((r) => r.cellsPerSecond === rate) ?? runs[0]!;
      figure(
        `live: spokegate, ${cells.length} cells at concurrency ${p} (median of ${ROUNDS})`,
        rate,
        'cells/s',
        {
          op: '>=',
          value: 1000,
        },
      );
      figure(
        `live: spokegate request phase (credentials in hand, as for the baselines), P=${p} (median of ${ROUNDS})`,
        median(runs.map((r) => r.requestCellsPerSecond)),
        'cells/s',
      );
      figure(`live: AssumeRole phase, ${ROLES} roles (P=${p})`, mid.assumeMs, 'ms');
      figure(
        `live: AssumeRole calls per matrix run (P=${p})`,
        mid.assumeRoles,
        'calls',
        undefined,
        `${ROLES} roles`,
      );
      figure(
        `live: spokegate client CPU per 1,000 cells (P=${p})`,
        (mid.clientCpuMs * 1000) / mid.cells,
        'ms',
      );
      figure(`live: sandbox CPU per 1,000 cells (P=${p})`, (mid.sandboxCpuMs * 1000) / mid.cells, 'ms');

      for (const k of kinds) {
        const bs = base[k.kind]!;
        const requests = bs.reduce((a, b) => a + b.requests, 0);
        const failures = bs.reduce((a, b) => a + b.failures, 0);
        if (failures > 0) {
          const statuses: Record<string, number> = {};
          for (const b of bs)
            for (const [st, c] of Object.entries(b.statuses)) statuses[st] = (statuses[st] ?? 0) + c;
          problems.push(
            `${k.label} P=${p}: ${failures}/${requests} requests not answered 200 ${JSON.stringify(statuses)}: the baseline is invalid`,
          );
        }
        if (failures === 0) baselineRates.set(`${k.kind}@${p}`, median(bs.map((b) => b.requestsPerSecond)));
        figure(
          `live: ${k.label}, ${requests} requests at xargs -P ${p} (median of ${ROUNDS} rounds)`,
          median(bs.map((b) => b.requestsPerSecond)),
          'requests/s',
          undefined,
          failures ? `${failures} failed: INVALID` : 'every response 200',
        );
        const valid = failures === 0 && failed.length === 0;
        const name = `spokegate ÷ ${k.label} at parallelism ${p}, request phase (median of per-round ratios)`;
        const value = valid
          ? median(runs.map((r, i) => r.requestCellsPerSecond / bs[i]!.requestsPerSecond))
          : null;
        if (RATIO_PARALLELISM.includes(p))
          ratio(name, value, k.target, valid ? undefined : 'invalid: a side had failures');
        else
          figure(
            name,
            value,
            'x',
            undefined,
            `for information; the target (${k.target}x) applies at parallelism ${RATIO_PARALLELISM.join(', ')}`,
          );
      }
    }
  } finally {
    creds?.dispose();
    await sandbox.stop();
  }
}

// --- classes (issue 14) ----------------------------------------------------------------------------
async function classes(_tmp: string): Promise<void> {
  log('classes: spokegate who-can over the demo world x3');
  const w = timeSpokegate(
    [
      'who-can',
      '--config',
      'features/sandbox/spokegate.config.yaml',
      '--endpoint-policy',
      'examples/endpoint-policy.json',
    ],
    3,
  );
  reportCommand('classes: spokegate who-can over the demo world, whole command (median of 3)', w, {
    op: '<=',
    value: 1000,
  });
  log('classes: organization scale (2,000 roles in 50 accounts, 500 APIs, 4 probes), own process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'org-scale.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let o: Record<string, number>;
  try {
    o = JSON.parse(line) as Record<string, number>;
  } catch {
    throw new Error(`org-scale did not report (exit ${r.status}): ${(r.stderr ?? '').slice(-300)}`);
  }
  if (o.mismatches !== 0)
    problems.push(`org scale: ${o.mismatches} sampled cells decided differently per cell and by class`);
  const cells = (o.cells ?? 0).toLocaleString('en-US');
  figure(
    `org scale: ${cells} cells predicted through request classes (CPU)`,
    o.classesPredictMs!,
    'ms',
    {
      op: '<=',
      value: 10_000,
    },
    `${o.classesPoints} kinds of request decided by the engine; ${o.allowed} cells allowed`,
  );
  figure(
    `org scale: ${cells} cells diffed through request classes, before and after (CPU)`,
    o.classesDiffMs!,
    'ms',
    {
      op: '<=',
      value: 10_000,
    },
    'the after side opens the endpoint and every API to a new account: no configured cell changes',
  );
  figure(
    `org scale: ${cells} cells predicted per cell, today's way (CPU, extrapolated)`,
    o.perCellExtrapolatedMs!,
    'ms',
    undefined,
    `measured on ${o.perCellSample} cells (${Math.round(o.perCellSampleMs!)} ms), whose decisions equal the classes' (${o.mismatches} differ)`,
  );
  figure('org scale: peak RSS of its process', o.maxRssMB!, 'MB', { op: '<=', value: 1024 });
  ratio(
    'org scale: per-cell prediction ÷ prediction through classes (time)',
    o.perCellExtrapolatedMs! / o.classesPredictMs!,
    1,
  );
}

/** `spokegate run` of a generated 1,000-cell access-matrix feature against its sandbox, whole process. */
async function wholeRun(tmp: string): Promise<void> {
  const dir = join(tmp, 'whole-run');
  const w = writeBenchWorld(join(dir, 'world'), ROLES, APIS);
  const cfg = writeBenchConfig(dir, w);
  const config = parse(readFileSync(cfg.file, 'utf8')) as Record<string, unknown>;
  config.sandbox = { world: w.file };
  delete (config.endpoints as { hub: { policy?: string } }).hub.policy; // read from EC2, as run does
  // Routes are read from API Gateway in each API's account, with that account's reader role.
  config.accounts = Object.fromEntries(
    [...new Set(w.apis.map((a) => a.account))].map((a) => [a, { readerRole: readerRoleArn(a) }]),
  );
  writeFileSync(cfg.file, stringify(config));
  const feature = join(dir, 'matrix.feature');
  const header = `| role | ${w.apis.map((a) => a.name).join(' | ')} |`;
  const rows = w.roles.map((r) => `      | ${r.name} | ${w.apis.map(() => 'allow').join(' | ')} |`);
  writeFileSync(
    feature,
    `Feature: bench\n  Scenario: ${ROLES * APIS} cells\n    Then the access matrix for GET /items through "hub" is:\n      ${header}\n${rows.join('\n')}\n`,
  );
  log(`whole run: spokegate run of ${ROLES * APIS} cells against its sandbox x2 (one unmeasured)`);
  const t = timeSpokegate(['run', feature, '--config', cfg.file, '--reports', join(dir, 'reports')], 1, {
    acceptExit: [0],
  });
  reportCommand(`whole run: spokegate run, ${ROLES * APIS}-cell feature, sandbox mode (whole process)`, t, {
    op: '<=',
    value: 10_000,
  });
  if (t.error !== undefined || !t.runs) return;
  const rate = (ROLES * APIS * 1000) / t.ms;
  figure(`whole run: spokegate run, cells per second (whole process)`, rate, 'cells/s');
  for (const [kind, label, n] of [
    ['curl-aws-sigv4', 'curl --aws-sigv4', 60],
    ['bash-openssl', 'bash + openssl', 30],
  ] as const) {
    let base = baselineRates.get(`${kind}@16`);
    if (base === undefined) {
      log(`whole run: ${label}, ${n} requests at xargs -P 16`);
      const sandbox = await startSandboxProcess(w.file);
      try {
        const creds = await BaselineCredentials.assume(
          sandbox,
          w.roles.map((r) => r.arn),
        );
        try {
          const res = await runBaseline(kind, sandbox, creds, spread(cellsOf(w.roles, w.apis), n), 16);
          if (res.failures > 0) {
            problems.push(`whole run: ${label}: ${res.failures} requests not answered 200`);
            continue;
          }
          base = res.requestsPerSecond;
        } finally {
          creds.dispose();
        }
      } finally {
        await sandbox.stop();
      }
    }
    figure(`whole run: ${label} loop at xargs -P 16`, base, 'requests/s');
    figure(
      `whole run: spokegate run (whole process) ÷ ${label} loop, P=16`,
      rate / base,
      'x',
      undefined,
      'spokegate includes its start-up, the sandbox, AssumeRole, Cucumber, predictions and reports',
    );
  }
}

// --- output ----------------------------------------------------------------------------------------
function printTable(): void {
  const fmt = (v: number | null) =>
    v === null ? 'missing' : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const rows: string[][] = [['measure', 'value', 'unit', 'target', 'met']];
  for (const f of figures) {
    rows.push([
      f.name,
      fmt(f.value),
      f.unit,
      f.target === undefined ? '' : `${f.better === 'higher' ? '>=' : '<='} ${fmt(f.target)}`,
      f.met === undefined ? '' : f.met ? 'yes' : 'NO',
    ]);
  }
  for (const r of ratios) rows.push([r.name, fmt(r.value), 'x', `>= ${r.target}`, r.met ? 'yes' : 'NO']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: failed: ${(e as Error).message}\n`);
    process.exitCode = 3;
  },
);
