import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

export const IAC = resolve(import.meta.dirname, '../fixtures/iac');
export const fixture = (name: string): string => join(IAC, name);
export const CONFIG = fixture('spokegate.config.yaml');

const dir = mkdtempSync(join(tmpdir(), 'spokegate-diff-'));
let n = 0;
export function tmpFile(name: string, text: string): string {
  const f = join(dir, `${n++}-${name}`);
  writeFileSync(f, text);
  return f;
}

export function planFixture(): {
  resource_changes: { address: string; change: Record<string, unknown> }[];
} & Record<string, unknown> {
  return JSON.parse(readFileSync(fixture('plan-widen-narrow.json'), 'utf8'));
}

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
