// The two baselines spokegate is compared with, each request a fresh process as people run them:
//   - `curl --aws-sigv4 aws:amz:REGION:execute-api` per request (curl signs);
//   - bench/sigv4-openssl.sh per request (bash builds the canonical request, openssl derives the key).
// Both run under `xargs -P N` (N = the parallelism spokegate used for the ratio) with the role
// credentials assumed beforehand (one AssumeRole per role, not timed: this favours the baselines).
// Every response status is checked: a baseline request that is not answered 200 is a failure, and
// a bench whose baseline fails is invalid.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RoleSessions } from '../src/aws/index.js';
import { privateDnsHost } from '../src/gateway/index.js';
import type { Credentials } from '../src/signing/types.js';
import type { Cell } from './live.js';
import type { SandboxProcess } from './sandbox-process.js';
import { CELL_PATH, REGION, STAGE } from './world.js';

export type BaselineKind = 'curl-aws-sigv4' | 'bash-openssl';

export interface BaselineResult {
  kind: BaselineKind;
  requests: number;
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  ms: number;
  requestsPerSecond: number;
  parallelism: number;
  sandboxCpuMs: number;
}

const OPENSSL_SCRIPT = resolve(import.meta.dirname, 'sigv4-openssl.sh');

/**
 * `n` distinct cells spread over the matrix: a stride coprime with the number of cells walks every
 * role and (for a role-major list) every API, instead of one API column per role.
 */
export function spread<T>(cells: T[], n: number): T[] {
  if (n >= cells.length) return cells;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let stride = Math.max(1, Math.floor(cells.length / n));
  while (gcd(stride, cells.length) !== 1) stride++;
  return Array.from({ length: n }, (_, i) => cells[(i * stride) % cells.length]!);
}

/** Credentials on disk for the shell baselines (0600 files in a 0700 temp dir; removed by `dispose`). */
export class BaselineCredentials {
  readonly dir = mkdtempSync(join(tmpdir(), 'spokegate-bench-creds-'));
  private readonly files = new Map<string, { env: string; curlrc: string }>();

  static async assume(sandbox: SandboxProcess, roleArns: string[]): Promise<BaselineCredentials> {
    const sessions = new RoleSessions({
      region: REGION,
      env: { ...process.env, ...sandbox.env },
      caBundle: sandbox.caFile,
    });
    const out = new BaselineCredentials();
    try {
      let i = 0;
      for (const arn of roleArns) out.add(arn, await sessions.get(arn), i++);
    } finally {
      sessions.close();
    }
    return out;
  }

  private add(roleArn: string, c: Credentials, i: number): void {
    const env = join(this.dir, `role${i}.env`);
    const curlrc = join(this.dir, `role${i}.curlrc`);
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      env,
      `AWS_ACCESS_KEY_ID=${q(c.accessKeyId)}\nAWS_SECRET_ACCESS_KEY=${q(c.secretAccessKey)}\nAWS_SESSION_TOKEN=${q(c.sessionToken ?? '')}\n`,
      { mode: 0o600 },
    );
    // curl reads --user and -H from a config file as it would from the command line (-K).
    const cq = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    writeFileSync(
      curlrc,
      `user = ${cq(`${c.accessKeyId}:${c.secretAccessKey}`)}\nheader = ${cq(`x-amz-security-token: ${c.sessionToken ?? ''}`)}\n`,
      { mode: 0o600 },
    );
    chmodSync(env, 0o600);
    this.files.set(roleArn, { env, curlrc });
  }

  envFile(roleArn: string): string {
    return this.files.get(roleArn)!.env;
  }
  curlrc(roleArn: string): string {
    return this.files.get(roleArn)!.curlrc;
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Run one baseline over `cells` with xargs -P parallelism. */
export async function runBaseline(
  kind: BaselineKind,
  sandbox: SandboxProcess,
  creds: BaselineCredentials,
  cells: Cell[],
  parallelism: number,
): Promise<BaselineResult> {
  const url = (c: Cell) => `https://${privateDnsHost({ id: c.api.id, region: REGION })}/${STAGE}${CELL_PATH}`;
  let args: string[];
  let jobs: string;
  if (kind === 'curl-aws-sigv4') {
    args = [
      '-P',
      String(parallelism),
      '-L',
      '1',
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}\\n',
      '--max-time',
      '30',
      '--aws-sigv4',
      `aws:amz:${REGION}:execute-api`,
      '--connect-to',
      sandbox.connectTo,
      '--cacert',
      sandbox.caFile,
    ];
    jobs = cells.map((c) => `-K ${creds.curlrc(c.role.arn)} ${url(c)}\n`).join('');
  } else {
    args = ['-P', String(parallelism), '-L', '1', 'bash', OPENSSL_SCRIPT];
    jobs = cells
      .map((c) => {
        const host = privateDnsHost({ id: c.api.id, region: REGION });
        return `${creds.envFile(c.role.arn)} ${host} /${STAGE}${CELL_PATH}\n`;
      })
      .join('');
  }
  const cpu0 = sandbox.cpuMs();
  const t0 = performance.now();
  const { stdout, stderr } = await run('xargs', args, jobs, {
    ...process.env,
    AWS_REGION: REGION,
    SIGV4_CONNECT_TO: sandbox.connectTo,
    SIGV4_CACERT: sandbox.caFile,
  });
  const ms = performance.now() - t0;
  const statuses: Record<string, number> = {};
  let ok = 0;
  for (const line of stdout.split('\n')) {
    const s = line.trim();
    if (!s) continue;
    statuses[s] = (statuses[s] ?? 0) + 1;
    if (s === '200') ok++;
  }
  const result: BaselineResult = {
    kind,
    requests: cells.length,
    ok,
    failures: cells.length - ok,
    statuses,
    ms,
    requestsPerSecond: (cells.length * 1000) / ms,
    parallelism,
    sandboxCpuMs: sandbox.cpuMs() - cpu0,
  };
  if (result.failures > 0 && stderr.trim()) {
    // Keep the first lines only; curl and the script never print credentials.
    (result as BaselineResult & { stderr?: string }).stderr = stderr
      .trim()
      .split('\n')
      .slice(0, 3)
      .join(' | ');
  }
  return result;
}

function run(
  cmd: string,
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
