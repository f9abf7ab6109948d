// Where something is in a JSON or YAML text: one way, for every file spokegate reads (policies,
// plans, templates, config and world files). Positions come from the `yaml` package's parse tree
// (JSON is YAML 1.2), so keys, items and duplicate keys are found by a real parser, never by a scan.
// JSON syntax errors are found by jsonc-parser's strict scan (JSON.parse names no line). Lines and
// columns are 1-based.
import { parse as scanJson, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { jsonReason } from './structure.js';

export interface TextPosition {
  line: number;
  column: number;
}

/** A path into the parsed value: object keys and array indexes, e.g. ['Statement', 2, 'Effect']. */
export type TreePath = readonly (string | number)[];

/** A key written twice in one object: JSON.parse and YAML loaders silently keep the last one. */
export interface DuplicateKey {
  /** The object holding the key. */
  path: (string | number)[];
  key: string;
  /** Where the repeated key is written, and where it was first written. */
  at: TextPosition;
  first: TextPosition;
}

export interface TextLocator {
  /** Where the value at `path` is written (the key for an object member, the item for an array
   * element); undefined when the text does not parse or has no such value. */
  position(path: TreePath): TextPosition | undefined;
  /** Every key written more than once in the same object, in text order. */
  duplicateKeys(): DuplicateKey[];
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Whether a JSON text writes a key twice in one object, by jsonc-parser's scan (a fraction of the
 * cost of the parse tree `locate` builds): the tree is built only to say where, when there is one.
 */
export function hasDuplicateJsonKeys(text: string): boolean {
  const open: Set<string>[] = [];
  let dup = false;
  visit(text, {
    onObjectBegin: () => {
      open.push(new Set());
    },
    onObjectEnd: () => {
      open.pop();
    },
    onObjectProperty: (name) => {
      const keys = open[open.length - 1];
      if (!keys) return;
      if (keys.has(name)) dup = true;
      else keys.add(name);
    },
  });
  return dup;
}

/** Parse once, ask many times. Text that does not parse yields no positions and no duplicates. */
export function locate(text: string): TextLocator {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, keepSourceTokens: false });
  const ok = doc.errors.length === 0;
  const pos = (offset: number): TextPosition => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const root = ok ? (doc.contents as Node | null) : null;
  return {
    position(path) {
      let node: unknown = root;
      let at: number | undefined = (node as Node | null)?.range?.[0];
      for (const step of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
          if (!pair) return undefined;
          at = (pair.key as Node).range?.[0];
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number') {
          node = node.items[step];
          at = (node as Node | undefined)?.range?.[0];
        } else return undefined;
      }
      return at === undefined ? undefined : pos(at);
    },
    duplicateKeys() {
      const out: DuplicateKey[] = [];
      const walk = (node: unknown, path: (string | number)[]): void => {
        if (isMap(node)) {
          const seen = new Map<string, number>();
          for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const key = String(pair.key.value);
            const offset = pair.key.range?.[0] ?? 0;
            const first = seen.get(key);
            if (first === undefined) seen.set(key, offset);
            else out.push({ path, key, at: pos(offset), first: pos(first) });
            walk(pair.value, [...path, key]);
          }
        } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
      };
      walk(root, []);
      return out;
    },
  };
}

/** Why jsonc-parser stopped, in words (its error codes name what it expected). */
const JSON_PROBLEMS: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'not a JSON value',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes expected',
  ValueExpected: 'a value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'text after the JSON value',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape in a string',
  InvalidCharacter: 'a control character in a string',
  '<unknown ParseErrorCode>': 'not JSON',
};

/** Where a text stops being JSON, and why. */
export interface JsonSyntaxError extends TextPosition {
  reason: string;
}

/**
 * The first JSON syntax error in a text that JSON.parse refused (`e`, its error). At the end of the
 * input the position is just past the last character, not a trailing newline.
 */
export function jsonSyntaxError(text: string, e: unknown): JsonSyntaxError {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const end = text.trimEnd().length;
  // A text only JSON.parse refuses: its reason, at its position when it names one.
  const v8 = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
  const offset = first?.offset ?? Number(v8?.[1] ?? 0);
  const at = lineColumn(text, Math.min(offset, end));
  const reason =
    offset >= end
      ? 'unexpected end of input'
      : first
        ? JSON_PROBLEMS[printParseErrorCode(first.error)]
        : jsonReason(e);
  return { ...at, reason };
}

/**
 * A JSON syntax error in words, the one wording for every JSON spokegate reads: "invalid JSON at
 * column C: REASON" for a file (its line goes with the file name, `FILE: line L: ...`), and
 * "line L, column C: REASON" for JSON held in a string of another document.
 */
export function jsonSyntaxMessage(err: JsonSyntaxError, what = 'JSON'): string {
  return `invalid ${what} at column ${err.column}: ${err.reason}`;
}

export const jsonSyntaxWithin = (err: JsonSyntaxError): string =>
  `line ${err.line}, column ${err.column}: ${err.reason}`;
