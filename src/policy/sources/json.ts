// JSON with errors a user can act on: the file, the line and the column, never V8's bare offset.
import { InputError } from '../../errors.js';
import type { PolicyFileResult } from './types.js';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/** JSON.parse that throws an InputError naming file, line and column. */
export function parseJson(text: string, file: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /at position (\d+)/.exec(msg);
    // "Unexpected end of JSON input" carries no position: the problem is at the end.
    const offset = m ? Number(m[1]) : text.trimEnd().length;
    const { line, column } = lineColumn(text, offset);
    const reason = msg.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new InputError(`invalid ${what} at column ${column}: ${reason}`, { file, line });
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Check that a parsed value looks like an IAM policy document; the engine validates the rest. */
export function assertPolicyShape(doc: unknown, file: string, field?: string): void {
  if (!isObject(doc)) throw new InputError('a policy must be a JSON object', { file, field });
  if (!('Statement' in doc)) {
    throw new InputError('not an IAM policy: it has no "Statement"', { file, field });
  }
}

/**
 * A plain JSON policy file. A plain policy does not say which kind it is: it is returned as an
 * endpoint policy unless `kind` says resource.
 */
export function policyFromJson(
  text: string,
  file: string,
  kind: 'endpoint' | 'resource' = 'endpoint',
): PolicyFileResult {
  assertPolicyShape(parseJson(text, file, 'JSON policy'), file);
  return policyResult(text, file, kind);
}

export function policyResult(
  policyText: string,
  file: string,
  kind: 'endpoint' | 'resource',
): PolicyFileResult {
  const entry = { address: file, policyText };
  return {
    file,
    format: 'json',
    endpoints: kind === 'endpoint' ? [entry] : [],
    resourcePolicies: kind === 'resource' ? [entry] : [],
    removed: [],
    unknown: [],
    notes: [],
  };
}
