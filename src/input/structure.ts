// Shape limits that apply after a file is read: nesting depth and YAML aliases. Checked before the
// recursive parts (JSON.parse's consumers, yaml's toJS, zod, the policy engine) see the data, so
// hostile nesting is exit 2 naming the file, never a stack overflow.
import type { Document, LineCounter, ToJSOptions } from 'yaml';
import { isCollection, isPair } from 'yaml';
import { InputError } from '../errors.js';
import { MAX_DEPTH, MAX_YAML_ALIASES } from './limits.js';

/** Nesting depth of JSON text (arrays and objects; strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function tooDeep(file: string, actual: string): InputError {
  return new InputError(`nested ${actual} deep; the limit is ${MAX_DEPTH} levels`, { file });
}

/** Refuse JSON text nested deeper than MAX_DEPTH. */
export function checkJsonDepth(text: string, file: string): void {
  const d = jsonDepth(text);
  if (d > MAX_DEPTH) throw tooDeep(file, String(d));
}

/**
 * Refuse a YAML document nested deeper than MAX_DEPTH (an explicit stack: no recursion to
 * overflow), or with a list or a map as a mapping key (`? [a, b]`): JavaScript objects take only
 * text keys, so yaml would stringify it ("[ a, b ]" became a role alias) with a warning on stderr.
 */
export function checkYamlDepth(doc: Document, file: string, lines?: LineCounter): void {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    if (isPair(node)) {
      if (isCollection(node.key)) {
        const at = node.key.range?.[0];
        throw new InputError('a mapping key is a list or a map (`? …`); keys are plain text', {
          file,
          ...(lines && at !== undefined ? { line: lines.linePos(at).line } : {}),
        });
      }
      stack.push([node.key, level], [node.value, level]);
    } else if (isCollection(node)) {
      if (level > MAX_DEPTH) throw tooDeep(file, `more than ${MAX_DEPTH}`);
      for (const item of node.items) stack.push([item, level + 1]);
    }
  }
}

/**
 * Options for every yaml toJS: a bounded number of alias expansions. yaml counts the anchored node
 * itself as the first use, so its limit is one more than the expansions allowed (with
 * MAX_YAML_ALIASES alone, 100 aliases of one anchor were refused: docs/limits.md says at most 100).
 */
export const YAML_TO_JS: ToJSOptions = { maxAliasCount: MAX_YAML_ALIASES + 1 };

/**
 * doc.toJS with the depth and alias limits; an alias bomb or a resource-exhaustion refusal from yaml
 * is exit 2 naming the file.
 */
export function yamlToJs(doc: Document, file: string, opts: ToJSOptions = {}, lines?: LineCounter): unknown {
  checkYamlDepth(doc, file, lines);
  try {
    return doc.toJS({ ...YAML_TO_JS, ...opts });
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/alias/i.test(msg))
      throw new InputError(
        `too many YAML alias expansions (the limit is ${MAX_YAML_ALIASES}); write the repeated parts out`,
        { file },
      );
    if (e instanceof RangeError) throw tooDeep(file, 'too');
    throw e;
  }
}

/**
 * V8's JSON.parse messages quote up to a few dozen characters of the input ("Unexpected token 'A',
 * "AWS_SECRET"... is not valid JSON"): keep the reason, drop the quote.
 */
export function jsonReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg
    .replace(/^(Unexpected token) .*?, ".*" is not valid JSON$/s, '$1')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\n.*$/s, '');
}

/**
 * The first answer of `at` over the texts of parsed JSON or YAML data, depth first in document
 * order: each string value, and each object key before its value, with the path where it stands.
 */
export function firstInData<T>(
  v: unknown,
  at: (text: string, path: string[], isKey: boolean) => T | undefined,
  path: string[] = [],
): T | undefined {
  if (typeof v === 'string') return at(v, path, false);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const found = firstInData(x, at, [...path, String(i)]);
      if (found !== undefined) return found;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const found = at(k, [...path, k], true) ?? firstInData(x, at, [...path, k]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
