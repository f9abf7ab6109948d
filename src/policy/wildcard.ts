// Wildcard matching for Action, Resource, StringLike and ARN components: `*` is any run of
// characters (also empty), `?` is exactly one. Patterns are compiled once into the cheapest test
// that is exact: equality, prefix, "anything", or a RegExp as the general case.

export interface WildcardMatcher {
  /** The pattern as written (after case folding when case-insensitive). */
  readonly pattern: string;
  test(value: string): boolean;
}

const REGEX_SPECIAL = /[.+^${}()|[\]\\/-]/g;

export function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/** RegExp source for a wildcard pattern (no anchors). */
export function wildcardSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += escapeRegex(ch);
  }
  return out;
}

export function compileWildcard(pattern: string, ignoreCase = false): WildcardMatcher {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p === '*') return { pattern: p, test: () => true };
  const star = p.indexOf('*');
  const q = p.indexOf('?');
  if (star === -1 && q === -1) {
    return ignoreCase
      ? { pattern: p, test: (v) => v === p || v.toLowerCase() === p }
      : { pattern: p, test: (v) => v === p };
  }
  if (q === -1 && star === p.length - 1) {
    const prefix = p.slice(0, -1);
    return ignoreCase
      ? { pattern: p, test: (v) => v.startsWith(prefix) || v.toLowerCase().startsWith(prefix) }
      : { pattern: p, test: (v) => v.startsWith(prefix) };
  }
  const re = new RegExp(`^${wildcardSource(p)}$`, ignoreCase ? 'i' : '');
  return { pattern: p, test: (v) => re.test(v) };
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}
