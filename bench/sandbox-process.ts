// Run `spokegate sandbox` as a separate process (as a user would) and read its export block.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SandboxProcess {
  /** The exported variables (AWS_ENDPOINT_URL_*, AWS_CA_BUNDLE, keys, SPOKEGATE_CONNECT_TO). */
  env: Record<string, string>;
  port: number;
  connectTo: string;
  caFile: string;
  child: ChildProcess;
  /** CPU time (user + system, ms) the sandbox process has used so far (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');
const EXPORT = /^export\s+([A-Z_][A-Z0-9_]*)=(.*)$/;

/** Parse an export block (`export K=V` lines; values may be single- or double-quoted). */
export function parseExportBlock(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = EXPORT.exec(line.trim());
    if (!m) continue;
    let v = m[2]!.replace(/\s+#.*$/, '').trim();
    if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) v = v.slice(1, -1);
    env[m[1]!] = v;
  }
  return env;
}

export async function startSandboxProcess(
  worldFile: string,
  opts: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      resolve(ROOT, 'bin/spokegate.js'),
      'sandbox',
      '--world',
      worldFile,
      '--port',
      '0',
      // The bench writes its generated worlds in a temporary folder, outside the project.
      '--allow-outside-root',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const env = await new Promise<Record<string, string>>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      rej(new Error(`sandbox did not print its export block within ${opts.timeoutMs ?? 30_000} ms\n${err}`));
    }, opts.timeoutMs ?? 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const env = parseExportBlock(out);
      if (env.SPOKEGATE_CONNECT_TO && env.AWS_CA_BUNDLE && env.AWS_SECRET_ACCESS_KEY) {
        clearTimeout(timer);
        res(env);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`sandbox exited (${code}) before it was ready\n${err.slice(-2000)}`));
    });
  });
  const port = Number(new URL(env.AWS_ENDPOINT_URL_STS!).port);
  return {
    env,
    port,
    connectTo: env.SPOKEGATE_CONNECT_TO!,
    caFile: env.AWS_CA_BUNDLE!,
    child,
    cpuMs: () => processCpuMs(child.pid!),
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** utime + stime of a process in ms, from /proc/PID/stat (NaN where /proc is missing). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
