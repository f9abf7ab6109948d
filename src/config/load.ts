// Read a YAML/JSON file and validate it with a zod schema; every error names the file and field
// (and the line, where the YAML parser knows it).
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';

export function readText(file: string, what = 'file'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `${what} not found` : `cannot read ${what} (${code ?? 'error'})`,
      {
        file,
      },
    );
  }
}

export function parseYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  text = readText(file),
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new InputError(`invalid YAML: ${err.message.split('\n')[0]}`, { file, line });
  }
  const data: unknown = doc.toJS();
  const result = schema.safeParse(data);
  if (!result.success) {
    // A misspelt key also makes the right one "missing": name the misspelling, it is the fix.
    const issues = result.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    const node = nodeAt(doc.contents as YamlNode | null, path, issue.code === 'unrecognized_keys');
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    throw new InputError(issue.message, { file, line, field: path.join('.') || '(top level)' });
  }
  return result.data;
}

/** The node at `path` (the last key's own node with `atKey`, e.g. for an unknown key). */
function nodeAt(node: YamlNode | null, path: string[], atKey = false): YamlNode | null {
  let cur: unknown = node;
  let last: YamlNode | null = node;
  for (const [i, key] of path.entries()) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
      if (!pair) return last;
      cur = atKey && i === path.length - 1 ? pair.key : pair.value;
    } else if (isSeq(cur)) {
      cur = cur.items[Number(key)];
    } else return last;
    if (cur && typeof cur === 'object' && 'range' in cur) last = cur as YamlNode;
  }
  return last;
}
