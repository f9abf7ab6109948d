// Shared by the harness tests: run the CLI (in this process, or the built one as a user would), and
// make variants of the demo.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../cli-in-process.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DEMO = join(ROOT, 'features', 'sandbox');

/** A process's start time in clock ticks since boot (/proc/PID/stat field 22), as a run's lock records it. */
export const startTicksOf = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};
/** This machine's boot id, the last field of a run's lock (src/matrix/folder.ts, since pass 20). */
export const BOOT_ID = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
/** The line run `runId` of live process `pid` writes in a reports lock on this boot. */
export const lockLineOf = (pid: number, runId: string, started = startTicksOf(pid)): string =>
  `${pid} ${runId} ${started} ${BOOT_ID}\n`;
/** The demo config's roles, in its order. */
export const DEMO_ROLES = [
  'CheckoutRole',
  'ReportingRole',
  'AuditRole',
  'PaymentsRole',
  'InventoryRole',
  'BatchRole',
  'PartnerRole',
];

/**
 * A policy of one statement allowing execute-api:Invoke on every resource to `Principal: '*'` (none
 * for an identity-kind policy), with `stmt` merged into the statement.
 */
export const allowInvokePolicy = (principal = true, stmt: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      ...(principal ? { Principal: '*' } : {}),
      Action: 'execute-api:Invoke',
      Resource: '*',
      ...stmt,
    },
  ],
});

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function spokegate(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'spokegate.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 600_000, // a bound for a hung process, not a speed requirement
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same command through main() in this process (test/cli-in-process.ts): the same code path
 * without a process start and module loading per call. The few tests that need a real process
 * (signals, exit, stdout as a pipe, the built bin/) use spokegate().
 */
export async function spokegateHere(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const r = await runCli(args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env } });
  return { code: r.code, stdout: r.out, stderr: r.err };
}

/** A temp dir `base` holding a copy of the demo as `base/proj`, so `base` is outside the project. */
export function demoProject(prefix: string): { base: string; proj: string } {
  const base = mkdtempSync(join(tmpdir(), `spokegate-${prefix}-`));
  const proj = join(base, 'proj');
  cpSync(DEMO, proj, { recursive: true });
  return { base, proj };
}

/** A copy of the demo (config, world, features) in a temp dir, with edits applied. */
export function demoCopy(
  edit: {
    world?: (w: Record<string, any>) => void;
    config?: (c: Record<string, any>) => void;
    feature?: [string, (t: string) => string];
  } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-demo-'));
  cpSync(DEMO, dir, { recursive: true });
  if (edit.config) {
    const file = join(dir, 'spokegate.config.yaml');
    const c = parse(readFileSync(file, 'utf8'));
    edit.config(c);
    writeFileSync(file, stringify(c));
  }
  if (edit.world) {
    const w = parse(readFileSync(join(dir, 'world.yaml'), 'utf8'), { merge: true });
    edit.world(w);
    writeFileSync(join(dir, 'world.yaml'), stringify(w, { aliasDuplicateObjects: false }));
  }
  if (edit.feature) {
    const [name, fn] = edit.feature;
    const f = join(dir, name);
    writeFileSync(f, fn(readFileSync(f, 'utf8')));
  }
  return dir;
}

/** `spokegate run` (of `features`, else the config's) with the config of the demo copy `dir`, in this process. */
export const runDemoCopy = (dir: string, reports: string, ...features: string[]) =>
  spokegateHere(['run', ...features, '--config', join(dir, 'spokegate.config.yaml'), '--reports', reports]);

export function readMatrix(reports: string): any {
  return JSON.parse(readFileSync(join(reports, 'access-matrix.json'), 'utf8'));
}
