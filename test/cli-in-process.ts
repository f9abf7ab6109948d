// The spokegate command run in this process through main(): quicker than a child process on a busy
// machine, and the same code path. Every line written is kept, per stream and interleaved.
import { main } from '../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr interleaved in the order written. */
  text: string;
}

export async function runCli(
  argv: string[],
  { cwd, env = {} }: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  let out = '';
  let err = '';
  let text = '';
  const code = await main(argv, {
    out: (s) => void ((out += `${s}\n`), (text += `${s}\n`)),
    err: (s) => void ((err += `${s}\n`), (text += `${s}\n`)),
    env,
    cwd,
  });
  return { code, out, err, text };
}
