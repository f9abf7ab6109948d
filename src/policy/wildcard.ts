// Wildcard matching for Action, Resource, StringLike and ARN components: `*` is any run of
// characters (also empty), `?` is exactly one. A pattern is compiled once into the cheapest exact
// test: anything, equality, prefix, literal segments found with indexOf (only `*`), or a
// backtracking scan (with `?`). One class with one method keeps the call sites monomorphic; no
// RegExp, no allocation per test.
import { globSource } from '../escape/index.js';

const enum Kind {
  Any,
  Exact,
  Prefix,
  Segments,
  Glob,
}

export class WildcardMatcher {
  private readonly kind: Kind;
  /** Literal pieces between `*`s (Segments). */
  private readonly segs: string[];
  constructor(
    /** The pattern as compiled (lowercased when compiled case-insensitive). */
    readonly pattern: string,
  ) {
    const p = pattern;
    const star = p.indexOf('*');
    const q = p.indexOf('?');
    this.segs = [];
    if (p === '*') this.kind = Kind.Any;
    else if (star === -1 && q === -1) this.kind = Kind.Exact;
    else if (q === -1 && star === p.length - 1) {
      this.kind = Kind.Prefix;
      this.segs = [p.slice(0, -1)];
    } else if (q === -1) {
      this.kind = Kind.Segments;
      this.segs = p.split('*');
    } else this.kind = Kind.Glob;
  }

  test(v: string): boolean {
    switch (this.kind) {
      case Kind.Any:
        return true;
      case Kind.Exact:
        return v === this.pattern;
      case Kind.Prefix:
        return hasPrefix(v, this.segs[0]!);
      case Kind.Segments:
        return segmentsMatch(this.segs, v);
      default:
        return globMatch(this.pattern, v);
    }
  }
}

/** startsWith, but faster in V8 for the short, early-mismatching prefixes policies have. */
function hasPrefix(v: string, p: string): boolean {
  const n = p.length;
  if (v.length < n) return false;
  for (let i = 0; i < n; i++) if (v.charCodeAt(i) !== p.charCodeAt(i)) return false;
  return true;
}

/** `a*b*c`: a is a prefix, c a suffix, b found in between, leftmost (greedy leftmost is exact). */
function segmentsMatch(segs: string[], v: string): boolean {
  const n = segs.length;
  const first = segs[0]!;
  const last = segs[n - 1]!;
  if (v.length < first.length + last.length) return false;
  if (!hasPrefix(v, first) || !v.endsWith(last)) return false;
  let pos = first.length;
  const end = v.length - last.length;
  for (let i = 1; i < n - 1; i++) {
    const s = segs[i]!;
    if (s.length === 0) continue;
    const at = v.indexOf(s, pos);
    if (at === -1 || at + s.length > end) return false;
    pos = at + s.length;
  }
  return true;
}

/** Classic two-pointer wildcard match with one backtrack point for the last `*`. */
function globMatch(p: string, v: string): boolean {
  let pi = 0;
  let vi = 0;
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    const c = pi < p.length ? p.charCodeAt(pi) : -1;
    if (c === 42 /* * */) {
      starP = pi++;
      starV = vi;
    } else if (c !== -1 && (c === 63 /* ? */ || c === v.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (starP !== -1) {
      pi = starP + 1;
      vi = ++starV;
    } else return false;
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

export function compileWildcard(pattern: string, ignoreCase = false): WildcardMatcher {
  return new WildcardMatcher(ignoreCase ? pattern.toLowerCase() : pattern);
}

/** wildcardSource by pattern: the policy's own texts are few, and asked for on every request. */
const SOURCES = new Map<string, string>();

/** RegExp source for a wildcard pattern (no anchors); used for patterns built per request. */
export function wildcardSource(pattern: string): string {
  let out = SOURCES.get(pattern);
  if (out === undefined) {
    out = globSource(pattern, '[\\s\\S]*', '[\\s\\S]');
    // Bounded: a pattern may come from a value an attacker chose.
    if (SOURCES.size >= 4096) SOURCES.clear();
    SOURCES.set(pattern, out);
  }
  return out;
}

/**
 * Interned ARN heads ("arn:aws:execute-api:us-west-2:222222222222:"): every resource pattern
 * whose first five components are literal shares one id per head, so most statements reject a
 * request's resource with one integer comparison instead of comparing a long common prefix.
 */
const HEADS = new Map<string, number>();
/** Interned API keys ("arn:aws:execute-api:R:A:API_ID/"), the same way. */
const KEYS = new Map<string, number>();

function intern(map: Map<string, number>, s: string): number {
  let id = map.get(s);
  if (id === undefined) {
    map.set(s, (id = map.size));
    // A resource split before this key or head existed holds -1 for it: split again.
    PARTS.clear();
  }
  return id;
}

/** A request resource split for ResourceMatcher: the head's end, the API key's id, what follows. */
export interface SplitResource {
  headEnd: number;
  keyId: number;
  afterKey: string;
  /** The head's interned id (-1: no pattern has it). */
  head: number;
  /** What follows the head (the whole resource when it has none). */
  rest: string;
  /** The account field (between the 4th and 5th colon), if any. */
  account: string | undefined;
  /** What follows the API id of an execute-api ARN (see apiResourcePathOf). */
  apiPath: string | undefined;
}

/**
 * Split resources by their text. A request's resource string is asked for on every decision made
 * for it (both sides of a diff, every sample of an unstated fact): its hash is cached in the
 * string, so this lookup is cheaper than slicing and looking up the key again. Bounded.
 */
const PARTS = new Map<string, SplitResource>();

export function splitResource(r: string): SplitResource {
  let out = PARTS.get(r);
  if (out === undefined) {
    const headEnd = arnHeadEnd(r);
    const keyEnd = apiKeyEnd(r, headEnd);
    const keyId = keyEnd !== -1 ? apiKeyId(r.slice(0, keyEnd)) : -1;
    // A known API key knows its head; else look the head up.
    const head = keyId !== -1 ? keyHead(keyId) : headEnd === -1 ? -1 : headId(r.slice(0, headEnd));
    const accountEnd = headEnd - 1;
    const accountStart = accountEnd < 1 ? -1 : r.lastIndexOf(':', accountEnd - 1);
    out = {
      headEnd,
      keyId,
      afterKey: keyEnd !== -1 ? r.slice(keyEnd) : r,
      head,
      rest: headEnd === -1 ? r : r.slice(headEnd),
      account: accountStart === -1 ? undefined : r.slice(accountStart + 1, accountEnd),
      apiPath: apiResourcePathOf(r),
    };
    if (PARTS.size >= 20_000) PARTS.clear();
    PARTS.set(r, out);
  }
  return out;
}

/** Head id of each interned API key (by key id). */
const KEY_HEADS: number[] = [];

/** The head id of an interned API key. */
export function keyHead(keyId: number): number {
  return KEY_HEADS[keyId] ?? -1;
}

/** The interned id of an API key, -1 when no pattern has it. */
export function apiKeyId(key: string): number {
  return KEYS.get(key) ?? -1;
}

/** Index just past the fifth colon of an ARN, or -1. */
export function arnHeadEnd(arn: string): number {
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', from);
    if (c === -1) return -1;
    from = c + 1;
  }
  return from;
}

/** The interned id of an ARN's head, -1 when no pattern has that head (or it is no ARN). */
export function headId(head: string): number {
  return HEADS.get(head) ?? -1;
}

/** End of an ARN's "API key": the head plus the resource up to and including its first '/'. */
export function apiKeyEnd(arn: string, headEnd: number): number {
  if (headEnd === -1) return -1;
  const slash = arn.indexOf('/', headEnd);
  return slash === -1 ? -1 : slash + 1;
}

/**
 * A Resource pattern. Equivalent to a WildcardMatcher over the whole ARN (wildcards span ':'),
 * but split so most statements reject a request without comparing characters: when the pattern
 * is literal up to the first '/' after the fifth colon (`arn:aws:execute-api:R:A:API_ID/`), that
 * "API key" must equal the request's; else when its first five components are literal, their
 * interned id must equal the request's.
 */
export class ResourceMatcher {
  /** Interned literal API key, or -1. */
  readonly apiKey: number;
  /** Interned head id when the first five components are literal, else -1. */
  readonly head: number;
  /** Matcher for what follows the API key, the head, or the whole value. */
  readonly rest: WildcardMatcher;
  /** API Gateway's short form (`execute-api:/…`): `rest` matches what follows the API id. */
  readonly short: boolean;
  constructor(readonly pattern: string) {
    this.short = pattern.startsWith(SHORT_FORM);
    if (this.short) {
      this.apiKey = -1;
      this.head = -1;
      this.rest = new WildcardMatcher(pattern.slice(SHORT_FORM.length));
      return;
    }
    const end = arnHeadEnd(pattern);
    const head = end === -1 ? '' : pattern.slice(0, end);
    this.apiKey = -1;
    if (end !== -1 && !head.includes('*') && !head.includes('?')) {
      this.head = intern(HEADS, head);
      const keyEnd = apiKeyEnd(pattern, end);
      const key = keyEnd === -1 ? '' : pattern.slice(0, keyEnd);
      if (keyEnd !== -1 && !key.includes('*') && !key.includes('?')) {
        this.apiKey = intern(KEYS, key);
        KEY_HEADS[this.apiKey] = this.head;
        this.rest = new WildcardMatcher(pattern.slice(keyEnd));
      } else this.rest = new WildcardMatcher(pattern.slice(end));
    } else {
      this.head = -1;
      this.rest = new WildcardMatcher(pattern);
    }
  }
  test(value: string, view: ResourceParts): boolean {
    if (this.short) {
      const rest = view.apiResourcePath();
      return rest !== undefined && this.rest.test(rest);
    }
    if (this.apiKey !== -1) return this.apiKey === view.apiKeyId() && this.rest.test(view.afterApiKey());
    if (this.head === -1) return this.rest.test(value);
    return this.head === view.resourceHead() && this.rest.test(view.resourceRest());
  }
}

/** The request resource split the way ResourceMatcher needs it (computed once per request). */
export interface ResourceParts {
  resourceHead(): number;
  resourceRest(): string;
  apiKeyId(): number;
  afterApiKey(): string;
  /** What follows the API id of an execute-api ARN (`STAGE/METHOD/PATH`); undefined for another ARN. */
  apiResourcePath(): string | undefined;
}

// API Gateway's short form of a resource-policy Resource, `execute-api:/STAGE/METHOD/PATH`. It names
// the API the policy is attached to: GetRestApi returns it expanded with that API's partition,
// region, account and id (docs/aws-behaviour.md §3). So it matches what follows the API id of the
// request's execute-api ARN, and never lets a wildcard stand for the id: an id has no `/`, while a
// `*` there (`arn:*:execute-api:*:*:*/prod/GET/*`) spans `/` and matched `ID/prod/POST/x/prod/GET/y`.
export const SHORT_FORM = 'execute-api:/';

/** What follows the API id of an execute-api ARN (`STAGE/METHOD/PATH`); undefined for another ARN. */
export function apiResourcePathOf(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const afterPartition = arn.indexOf(':', 4);
  if (afterPartition === -1 || !arn.startsWith(':execute-api:', afterPartition)) return undefined;
  const end = arnHeadEnd(arn);
  const slash = end === -1 ? -1 : arn.indexOf('/', end);
  return slash === -1 ? undefined : arn.slice(slash + 1);
}

/** A Resource pattern as AWS stores it for the API `apiArn` (`arn:P:execute-api:R:A:ID`): the short form expanded. */
export function bindShortForm(pattern: string, apiArn: string): string {
  return pattern.startsWith(SHORT_FORM) ? `${apiArn}/${pattern.slice(SHORT_FORM.length)}` : pattern;
}
