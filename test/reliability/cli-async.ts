// The built CLI as a child process, without blocking this process: tests that run the sandbox
// in-process (to know every secret it issues) must keep their event loop free to answer the CLI.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type CliResult } from '../harness/helpers.js';

export function spokegateAsync(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult & { timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'spokegate.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, opts.timeoutMs ?? 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
