// Read a YAML/JSON file and validate it with a zod schema; every error names the file and field
// (and the line, where the YAML parser knows it).
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { excerpt } from '../escape/index.js';
import {
  firstInData,
  mayQuote,
  readInput,
  tooDeep,
  yamlToJs,
  MAX_DEPTH,
  type InputKind,
} from '../input/index.js';

/** An input file's text, through the project's one reader (boundary, file type, size limit). */
export function readText(file: string, kind: InputKind = 'config'): string {
  return readInput(file, kind);
}

export function parseYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  text = readText(file),
): z.output<S> {
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError) throw tooDeep(file, `more than ${MAX_DEPTH}`);
    throw e;
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    // yaml's first line may quote the input (a key, an alias name): an excerpt, and only of a project file.
    const why = mayQuote(file) ? excerpt(err.message.split('\n')[0] ?? '', 160) : err.code;
    throw new InputError(`invalid YAML: ${why}`, { file, line });
  }
  const data: unknown = yamlToJs(doc, file, {}, lineCounter);
  // zod builds its maps by assignment, where "__proto__" sets the prototype instead of a key: a
  // role, API or tag by that name vanished from the config without a word.
  const proto = firstInData(data, (text, path, isKey) => (isKey && text === '__proto__' ? path : undefined));
  if (proto) {
    const node = nodeAt(doc.contents, proto, true);
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    throw new InputError('"__proto__" cannot be a name here (JavaScript reserves it); rename it', {
      file,
      line,
      field: proto.map((k) => excerpt(k, 64)).join('.'),
    });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    // A misspelt key also makes the right one "missing": name the misspelling, it is the fix.
    const issues = result.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    const node = nodeAt(doc.contents, path, issue.code === 'unrecognized_keys');
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const field = path.map((k) => excerpt(k, 64)).join('.') || '(top level)';
    throw new InputError(mayQuote(file) ? excerpt(issue.message, 200) : issue.code, { file, line, field });
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
