import { main } from '../../src/cli/main.js';
import { fixture, IAC } from '../sources/helpers.js';

export { fixture, planFixture, tmpFile } from '../sources/helpers.js';
export const CONFIG = fixture('spokegate.config.yaml');

/** Run the CLI in-process; stdout and stderr captured. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // The tests' generated files live in a temporary folder, outside the fixtures' project folder.
  const code = await main([...args, '--allow-outside-root'], {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: {},
    cwd: IAC,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
