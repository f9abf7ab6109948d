import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spokegateHere } from '../harness/helpers.js';
import * as kit from '../reliability/attack-kit.js';

export const IAC = resolve(import.meta.dirname, '../fixtures/iac');
export const fixture = (name: string): string => join(IAC, name);
export const readFixture = (name: string): string => readFileSync(fixture(name), 'utf8');

/**
 * `evaluate` of `resource` as the attack kit's role under the endpoint policy of the CloudFormation
 * template `text`, written to `file` in the project `proj` (the CLI in this process).
 */
export async function evaluateTemplate(proj: string, file: string, text: string, resource: string) {
  writeFileSync(join(proj, file), text);
  return spokegateHere(
    kit.evaluateOf({ policy: file, principal: kit.ROLE, resource, flag: '--endpoint-policy' }),
    { cwd: proj },
  );
}

const dir = mkdtempSync(join(tmpdir(), 'spokegate-sources-'));
let n = 0;
/** Write a throwaway file and return its path. */
export function tmpFile(name: string, text: string): string {
  const f = join(dir, `${n++}-${name}`);
  writeFileSync(f, text);
  return f;
}

/** The fixture plan, as an object to modify in a test. */
export function planFixture(): Record<string, unknown> & { resource_changes: PlanChange[] } {
  return JSON.parse(readFixture('plan-widen-narrow.json')) as Record<string, unknown> & {
    resource_changes: PlanChange[];
  };
}

export interface PlanChange {
  address: string;
  type: string;
  name: string;
  mode: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown: Record<string, unknown>;
  };
}

/** Throws, and the thrown error's message. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
