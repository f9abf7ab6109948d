// JSON with errors a user can act on: the file, the line and the column, never V8's bare offset.
import { InputError } from '../../errors.js';
import { excerpt } from '../../escape/index.js';
import { checkJsonDepth, lineColumn } from '../../input/index.js';
import type { PolicyFileResult } from './types.js';

export { lineColumn };

/** JSON.parse that throws an InputError naming file, line and column. */
export function parseJson(text: string, file: string, what = 'JSON'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkJsonDepth(body, file);
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    // V8 names a position for some errors only; find it ourselves (this runs only on failure).
    const found = Math.max(0, jsonErrorOffset(body));
    // At the end of input, point just past the last character rather than at a trailing newline.
    const offset = found >= body.trimEnd().length ? body.trimEnd().length : found;
    const { line, column } = lineColumn(body, offset);
    const msg = e instanceof Error ? e.message : String(e);
    const reason = /in JSON at position \d+/.test(msg)
      ? msg.replace(/\s*in JSON at position \d+.*$/s, '')
      : found >= body.trimEnd().length
        ? 'unexpected end of input'
        : `unexpected ${JSON.stringify(excerpt(body[offset] ?? '', 1))}`;
    throw new InputError(`invalid ${what} at column ${column}: ${reason}`, { file, line });
  }
}

/** Offset of the first JSON syntax error (a small recursive-descent check), or -1 when valid. */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the offset, caught below
    throw i;
  };
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = (): void => {
    i++;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (!/["\\/bfnrtu]/.test(s[i] ?? '')) fail();
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail();
          i += 4;
        }
        i++;
        continue;
      }
      if (c < ' ') fail();
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail();
        str();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (e) {
    if (typeof e === 'number') return e;
    throw e;
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
