// JSON with errors a user can act on: the file, the line and the column, never V8's bare offset.
import { InputError } from '../../errors.js';
import {
  checkJsonDepth,
  hasDuplicateJsonKeys,
  jsonSyntaxError,
  jsonSyntaxMessage,
  locate,
} from '../../input/index.js';
import type { PolicyFileResult } from './types.js';

/** JSON.parse that throws an InputError naming file, line and column. */
export function parseJson(text: string, file: string, what = 'JSON'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkJsonDepth(body, file);
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const err = jsonSyntaxError(body, e);
    throw new InputError(jsonSyntaxMessage(err, what), { file, line: err.line });
  }
}

/** parseJson, and a key written twice in one object is bad input (refuseDuplicateKeys). */
export function parseJsonUniqueKeys(text: string, file: string, what: string): unknown {
  const value = parseJson(text, file, what);
  refuseDuplicateKeys(text, file);
  return value;
}

/**
 * A key written twice in one object is bad input naming it and its line: JSON.parse keeps the last
 * one, so what a reviewer reads first would not be what spokegate checks.
 */
export function refuseDuplicateKeys(text: string, file: string): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const dup = hasDuplicateJsonKeys(body) ? locate(body).duplicateKeys()[0] : undefined;
  if (dup)
    throw new InputError(
      `"${dup.key}" is written twice in the same object (first at line ${dup.first.line}); JSON parsers keep only one of them`,
      { file, line: dup.at.line, field: [...dup.path, dup.key].join('.') },
    );
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
