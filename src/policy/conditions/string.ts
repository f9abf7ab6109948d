// String operators: exact (case-sensitive), IgnoreCase, and Like (`*` and `?` wildcards,
// case-sensitive). Non-string request values compare as their string form ("true", "42").
import { compileWildcard, type WildcardMatcher } from '../wildcard.js';
import { matchesReadings, patternReadings, RegexCache, resolvePlain } from '../variables.js';
import { operators, type Family, type Scalar } from './types.js';

type P = string | WildcardMatcher | { test(v: string): boolean };
const cache = new RegexCache();

export const stringFamily: Family<P> = {
  name: 'String',
  operators: operators('String', { Equals: 'eq', EqualsIgnoreCase: 'ci', Like: 'like' }, true),
  variables: true,
  compile(value, variant) {
    if (variant === 'like') return compileWildcard(value);
    return variant === 'ci' ? value.toLowerCase() : value;
  },
  compileTemplate(t, ctx, variant) {
    if (variant === 'like') {
      const r = patternReadings(t, ctx);
      if (r === undefined) return undefined;
      return { test: (v: string) => matchesReadings(cache, r, v, 'Condition', `the value "${t.raw}"`) };
    }
    const s = resolvePlain(t, ctx);
    if (s === undefined) return undefined;
    return variant === 'ci' ? s.toLowerCase() : s;
  },
  test(rv: Scalar, p: P, variant) {
    const s = typeof rv === 'string' ? rv : String(rv);
    if (typeof p !== 'string') return p.test(s);
    return variant === 'ci' ? s === p || s.toLowerCase() === p : s === p;
  },
};
