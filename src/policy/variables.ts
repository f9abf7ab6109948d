// Policy variables (Version 2012-10-17 only): `${aws:username}`, `${aws:PrincipalTag/team}`, the
// escapes `${*}` `${?}` `${$}` (a literal *, ? or $), and defaults `${key, 'default'}` ('' is a
// quote inside a default). A variable whose key is missing or multi-valued, with no default, fails
// to resolve, and the value that holds it matches nothing (AWS: "does not match").
import type { ContextView } from './context.js';
import { Undecided, UNDECIDED } from './undecided.js';
import { escapeRegex } from '../escape/index.js';
import { wildcardSource } from './wildcard.js';

export type Part =
  | { t: 'text'; s: string } // policy text: * and ? keep their wildcard meaning
  | { t: 'lit'; s: string } // an escape: matched literally
  | { t: 'var'; key: string; written: string; def?: string }; // key: lower-case (keys compare so); written: as the policy spells it

export interface Template {
  readonly raw: string;
  readonly parts: readonly Part[];
  /**
   * A Resource in API Gateway's short form (`execute-api:/…`, raw as written): `parts` are what
   * follows `execute-api:/`, matched against what follows the request ARN's API id (wildcard.ts SHORT_FORM).
   */
  readonly short?: boolean;
}

const VAR_BODY = /^\s*([^\s,'}]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/** Parse a string with policy variables; undefined when it holds none (the common case). */
export function parseTemplate(raw: string): Template | undefined {
  if (!raw.includes('${')) return undefined;
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  let vars = 0;
  while (i < raw.length) {
    const start = raw.indexOf('${', i);
    if (start === -1) {
      text += raw.slice(i);
      break;
    }
    const end = findClose(raw, start + 2);
    if (end === -1) {
      text += raw.slice(i);
      break;
    }
    text += raw.slice(i, start);
    const body = raw.slice(start + 2, end);
    const part = parseBody(body);
    if (!part) {
      text += raw.slice(start, end + 1); // not a variable: keep as written
    } else {
      if (text) parts.push({ t: 'text', s: text });
      text = '';
      parts.push(part);
      vars++;
    }
    i = end + 1;
  }
  if (text) parts.push({ t: 'text', s: text });
  return vars ? { raw, parts } : undefined;
}

/** What a refusal of malformed variable text adds: spokegate fails closed instead of guessing. */
export const UNWRITTEN =
  'how AWS evaluates it is not documented, so spokegate refuses the policy rather than guess';

/**
 * Why `raw` holds policy-variable text IAM's validator reports as an ERROR (IAM Access Analyzer policy
 * checks: MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE,
 * MISSING_QUOTE_IN_VARIABLE, UNSUPPORTED_SYMBOL_IN_VARIABLE), or undefined when every `${…}` is a
 * variable (`${key}`, `${key, 'default'}`; not `${key,'default'}`, see below) or an escape. How IAM evaluates
 * such text is not written, so the engine refuses it (docs/aws-behaviour.md §15).
 */
export function variableSyntaxError(raw: string): string | undefined {
  let i = raw.indexOf('${');
  while (i !== -1) {
    const end = findClose(raw, i + 2);
    const check = 'IAM Access Analyzer reports it as an error';
    if (end === -1)
      return `the policy variable has no closing brace "}" (${check}: MISSING_BRACE_IN_VARIABLE)`;
    const body = raw.slice(i + 2, end);
    const text = raw.slice(i, end + 1);
    if (body !== '*' && body !== '?' && body !== '$') {
      const comma = body.indexOf(',');
      const name = comma === -1 ? body : body.slice(0, comma);
      if (name.trim() === '') return `"${text}" is an empty policy variable (${check}: EMPTY_VARIABLE)`;
      if (/\s/.test(name))
        return `"${text}": a space is not supported in a policy variable's name (${check}: UNSUPPORTED_SPACE_IN_VARIABLE)`;
      // No context key name holds these (tag keys take letters, digits, spaces and _.:/=+-@).
      if (/['"{}$*?]/.test(name))
        return `"${text}": "${name}" is no context key name (${check}: UNSUPPORTED_SYMBOL_IN_VARIABLE)`;
      if (comma !== -1) {
        // AWS documents ", " between the name and the default. No validator check asks for the space,
        // but public readings of "," alone disagree (a default, or a key named `key,'d'` that has no
        // value), and either can give a false PASS: refused (docs/aws-behaviour.md §17).
        if (body[comma + 1] !== ' ')
          return `"${text}": AWS separates a default value from the variable's name with a comma and a space (", "), as in \${key, 'default'}; written without the space it is read as a default by some and as part of the key's name by others`;
        const def = body.slice(comma + 2);
        if (!/^'(?:[^']|'')*'$/.test(def))
          return /^'(?:[^']|'')*'\s+$/.test(def)
            ? `"${text}": a space after the default value is not supported (${check}: UNSUPPORTED_SPACE_IN_VARIABLE)`
            : `"${text}": a default value must begin and end with a single quote, as in \${key, 'default'} (${check}: MISSING_QUOTE_IN_VARIABLE)`;
      }
    }
    i = raw.indexOf('${', end + 1);
  }
  return undefined;
}

function findClose(raw: string, from: number): number {
  // A default value may hold '}' inside quotes.
  let inQuote = false;
  for (let j = from; j < raw.length; j++) {
    const c = raw[j];
    if (c === "'") {
      if (inQuote && raw[j + 1] === "'") j++;
      else inQuote = !inQuote;
    } else if (c === '}' && !inQuote) return j;
  }
  return -1;
}

function parseBody(body: string): Part | undefined {
  const b = body.trim();
  if (b === '*' || b === '?' || b === '$') return { t: 'lit', s: b };
  const m = VAR_BODY.exec(body);
  if (!m || !m[1]) return undefined;
  const written = m[1];
  const key = written.toLowerCase();
  return m[2] !== undefined
    ? { t: 'var', key, written, def: m[2].replace(/''/g, "'") }
    : { t: 'var', key, written };
}

export function lookup(part: { key: string; def?: string }, ctx: ContextView): string | undefined {
  const v = ctx.get(part.key);
  if (v === undefined || Array.isArray(v)) return part.def;
  return String(v);
}

/** The plain string a template resolves to (for exact comparisons), or undefined when it fails. */
export function resolvePlain(t: Template, ctx: ContextView): string | undefined {
  let out = '';
  for (const p of t.parts) {
    if (p.t === 'var') {
      const v = lookup(p, ctx);
      if (v === undefined) return undefined;
      out += v;
    } else out += p.s;
  }
  return out;
}

/**
 * RegExp sources (anchored) for a template used as a wildcard pattern: the policy's own text keeps
 * its wildcards, escapes are literal, and a substituted value (or default) is literal in `literal`.
 * When a substituted text holds `*` or `?`, `wildcard` reads them as wildcards: AWS's Variables page
 * says `${*}` is a literal `*` but not what a `*` inside a substituted value is. Undefined when a
 * variable fails.
 */
export function patternReadings(t: Template, ctx: ContextView): PatternReadings | undefined {
  let literal = '^';
  let wildcard = '^';
  let differ = false;
  for (const p of t.parts) {
    if (p.t === 'text') {
      const s = wildcardSource(p.s);
      literal += s;
      wildcard += s;
    } else if (p.t === 'lit') {
      literal += escapeRegex(p.s);
      wildcard += escapeRegex(p.s);
    } else {
      const v = lookup(p, ctx);
      if (v === undefined) return undefined;
      literal += escapeRegex(v);
      wildcard += wildcardSource(v);
      if (/[*?]/.test(v)) differ = true;
    }
  }
  return differ ? { literal: `${literal}$`, wildcard: `${wildcard}$` } : { literal: `${literal}$` };
}

export interface PatternReadings {
  literal: string;
  /** Present when a substituted text holds `*` or `?`. */
  wildcard?: string;
}

/** Whether `value` matches a template's pattern; Undecided when the two readings disagree. */
export function matchesReadings(
  cache: RegexCache,
  r: PatternReadings,
  value: string,
  element: Undecided['element'],
  what: string,
): boolean {
  const hit = cache.get(r.literal).test(value);
  if (r.wildcard !== undefined && cache.get(r.wildcard).test(value) !== hit)
    throw new Undecided(
      `${what}: a substituted value holds "*" or "?", and "${value}" matches it if they are wildcards but not if they are literal characters; ${UNDECIDED}`,
      element,
    );
  return hit;
}

/** Compiled RegExps for resolved templates, bounded so an attacker-chosen value cannot grow it. */
export class RegexCache {
  private readonly map = new Map<string, RegExp>();
  constructor(
    private readonly flags = '',
    private readonly max = 256,
  ) {}
  get(source: string): RegExp {
    let re = this.map.get(source);
    if (!re) {
      if (this.map.size >= this.max) this.map.clear();
      re = new RegExp(source, this.flags);
      this.map.set(source, re);
    }
    return re;
  }
}
