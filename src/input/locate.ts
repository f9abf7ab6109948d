// Where something is in a JSON or YAML text: one way, for every file spokegate reads (policies,
// plans, templates, config and world files). Positions come from the `yaml` package's parse tree
// (JSON is YAML 1.2), so keys, items and duplicate keys are found by a real parser, never by a scan.
// Lines and columns are 1-based.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

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
