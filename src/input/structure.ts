// Shape limits that apply after a file is read: nesting depth and YAML aliases. Checked before the
// recursive parts (JSON.parse's consumers, yaml's toJS, zod, the policy engine) see the data, so
// hostile nesting is exit 2 naming the file, never a stack overflow.
import type { Document, LineCounter, ToJSOptions } from 'yaml';
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, Scalar } from 'yaml';
import { excerpt } from '../escape/index.js';
import { InputError } from '../errors.js';
import { MAX_DEPTH, MAX_YAML_ALIASES } from './limits.js';
import { lineColumn } from './locate.js';
import { mayQuote } from './read.js';

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

/** Where a YAML error's line comes from: the parser's line counter, or the text itself. */
type Lines = LineCounter | string;

/**
 * Refuse a YAML document nested deeper than MAX_DEPTH (an explicit stack: no recursion to
 * overflow), with a list or a map as a mapping key (`? [a, b]`): JavaScript objects take only
 * text keys, so yaml would stringify it ("[ a, b ]" became a role alias) with a warning on stderr;
 * or with an alias of no anchor before it, or of a node that holds the alias (`&s [*s]`, `<<: *s`
 * in the map `&s`): yaml builds such a structure as a cycle, which no reader of it ends (attack run
 * 16: "Converting circular structure to JSON", exit 3). Walked in document order, so the anchor an
 * alias names is the last one of that name before it.
 */
export function checkYamlDepth(doc: Document, file: string, lines?: Lines): void {
  type Up = { node: unknown; up: Up | undefined } | undefined;
  const stack: [unknown, number, Up][] = [[doc.contents, 1, undefined]];
  const anchors = new Map<string, unknown>();
  const lineOf = (n: { range?: unknown }) => {
    const at = (n.range as number[] | undefined)?.[0];
    if (lines === undefined || at === undefined) return {};
    return { line: typeof lines === 'string' ? lineColumn(lines, at).line : lines.linePos(at).line };
  };
  while (stack.length) {
    const [node, level, up] = stack.pop()!;
    if (isPair(node)) {
      if (isCollection(node.key))
        throw new InputError('a mapping key is a list or a map (`? …`); keys are plain text', {
          file,
          ...lineOf(node.key),
        });
      stack.push([node.value, level, up], [node.key, level, up]);
      continue;
    }
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const name = mayQuote(file) ? ` *${excerpt(node.source, 80)}` : '';
      if (target === undefined)
        throw new InputError(`the alias${name} names no anchor set before it`, { file, ...lineOf(node) });
      for (let a = up; a; a = a.up)
        if (a.node === target)
          throw new InputError(
            `the alias${name} stands inside the node it names, which would hold itself without end; write the parts out`,
            { file, ...lineOf(node) },
          );
    } else if (isCollection(node)) {
      if (level > MAX_DEPTH) throw tooDeep(file, `more than ${MAX_DEPTH}`);
      const inside = { node, up };
      for (const item of [...node.items].reverse()) stack.push([item, level + 1, inside]);
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
export function yamlToJs(doc: Document, file: string, opts: ToJSOptions = {}, lines?: Lines): unknown {
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

/**
 * Plain (unquoted) YAML scalars that YAML 1.1 and YAML 1.2 read differently. spokegate's parser reads
 * YAML 1.2; CloudFormation reads 1.1's numbers (an unquoted `000400` was deployed as "256":
 * aws-samples/ecs-refarch-cloudformation#66, docs/aws-behaviour.md §37), and the tool that deploys
 * a YAML policy may read either. Each row: what it looks like, how 1.1 and 1.2 differ on it.
 */
const VERSION_DEPENDENT: [RegExp, string][] = [
  [/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/, 'a boolean in YAML 1.1, text in YAML 1.2'],
  [/^[-+]?0[0-9_]+$/, 'octal in YAML 1.1 (0400 is 256), decimal in YAML 1.2 (400)'],
  [/^[-+]?0o[0-7]+$/, 'text in YAML 1.1, octal in YAML 1.2'],
  [/^[-+]?0b[01_]+$/, 'binary in YAML 1.1, text in YAML 1.2'],
  [/^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?$/, 'a number in YAML 1.1 (_ ignored), text in YAML 1.2'],
  [
    /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
    'base 60 in YAML 1.1 (1:30 is 90), text in YAML 1.2',
  ],
  [/^[-+]?[0-9]+[eE][-+]?[0-9]+$/, 'text in YAML 1.1 (no dot), a number in YAML 1.2'],
];

/**
 * Refuse an unquoted value YAML 1.1 and 1.2 read differently (VERSION_DEPENDENT), naming its line:
 * a policy condition value `0400` or `yes` would be checked as spokegate reads it and deployed as
 * CloudFormation does, so a Deny the check sees could match nothing in AWS. Quoting it settles it.
 * `reads`, when given, says which places (keys from the root; a key is at its value's place) reach
 * what spokegate reads: a value elsewhere (a tag of an unrelated resource) changes nothing checked.
 */
export function refuseVersionDependentScalars(
  doc: Document,
  file: string,
  text: string,
  reads: (path: readonly string[]) => boolean = () => true,
): void {
  const refuse = (node: Scalar, why: string): never => {
    const at = node.range?.[0];
    const line = at === undefined ? undefined : lineColumn(text, at).line;
    const value = mayQuote(file) ? `${String(node.source)} ` : '';
    throw new InputError(
      `the unquoted value ${value}is ${why}; CloudFormation reads YAML 1.1, spokegate YAML 1.2, so the two would check different policies: quote it`,
      { file, line },
    );
  };
  // An alias in a place read stands for its anchor's value wherever that is written (Metadata, say).
  const inAnchors = new Map<unknown, [Scalar, string] | null>();
  const anywhere = (node: unknown): [Scalar, string] | null => {
    if (inAnchors.has(node)) return inAnchors.get(node)!;
    inAnchors.set(node, null); // an alias inside its own anchor is refused before (checkYamlDepth)
    let found: [Scalar, string] | null = null;
    if (isAlias(node)) found = anywhere(node.resolve(doc));
    else if (isPair(node)) found = anywhere(node.key) ?? anywhere(node.value);
    else if (isCollection(node)) for (const n of node.items) if ((found = anywhere(n))) break;
    if (!found) found = dependent(node);
    inAnchors.set(node, found);
    return found;
  };
  const stack: { node: unknown; path: string[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    // Pushed last first, so the first such value in the file is the one named.
    if (isPair(node)) {
      const at = [...path, String(isScalar(node.key) ? node.key.value : node.key)];
      stack.push({ node: node.value, path: at }, { node: node.key, path: at });
    } else if (isMap(node)) stack.push(...[...node.items].reverse().map((p) => ({ node: p, path })));
    else if (isCollection(node))
      stack.push(...node.items.map((n, i) => ({ node: n, path: [...path, String(i)] })).reverse());
    else if (isAlias(node) && reads(path)) {
      const found = anywhere(node.resolve(doc));
      if (found) refuse(...found);
    } else {
      const found = dependent(node);
      if (found && reads(path)) refuse(...found);
    }
  }
}

/** A plain scalar YAML 1.1 and 1.2 read apart, and how; else null. */
function dependent(node: unknown): [Scalar, string] | null {
  if (!isScalar(node) || node.type !== Scalar.PLAIN || typeof node.source !== 'string') return null;
  const why = VERSION_DEPENDENT.find(([re]) => re.test(node.source!))?.[1];
  return why ? [node, why] : null;
}
