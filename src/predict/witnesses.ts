// Values standing for every answer a set of string patterns can give: one value for each
// combination of patterns it matches that some string reaches. Patterns are IAM wildcards (`*` any
// run, `?` one character) or literal values (StringEquals). Characters no pattern holds are alike
// to every pattern, so strings over the patterns' own characters and one fresh character reach
// every combination; a breadth-first walk over the patterns' joint automaton states visits all of
// them. Exhaustive or nothing: past `limit` joint states it gives up (undefined), never a sample.

import { policyMentions, type CompiledPolicy } from '../policy/index.js';
import { perPolicy } from './per-policy.js';

export interface StringPattern {
  value: string;
  /** `*` and `?` are plain characters (StringEquals), not wildcards. */
  literal: boolean;
}

/** The positions of `p` a string can be at after `*`s are skipped (`set` grows in place). */
function closure(p: StringPattern, set: number[]): number[] {
  if (p.literal) return set;
  for (let k = 0; k < set.length; k++) {
    let j = set[k]!;
    while (j < p.value.length && p.value[j] === '*') if (!set.includes(++j)) set.push(j);
  }
  return set.sort((a, b) => a - b);
}

function step(p: StringPattern, states: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const i of states) {
    if (i >= p.value.length) continue;
    const ch = p.value[i];
    const to = !p.literal && ch === '*' ? i : (!p.literal && ch === '?') || ch === c ? i + 1 : -1;
    if (to !== -1 && !next.includes(to)) next.push(to);
  }
  return closure(p, next);
}

/** What the values may be: the characters they hold, and a fixed tail the patterns see after them. */
export interface WitnessOptions {
  /** The most joint states walked before giving up (undefined). */
  limit?: number;
  /** The characters a value may hold (any when omitted): witnesses are built from these only. */
  chars?: string;
  /**
   * A fixed tail every value is followed by when the patterns test it (aws:userid is ROLEID:SESSION
   * with the session known): the witnesses are the heads, the combinations those of head + suffix.
   */
  suffix?: string;
  /** The empty value is one too (a tag's, botocore tagValueType min 0): its combination is among them. */
  empty?: boolean;
}

/**
 * One non-empty value per combination of matched patterns some non-empty string reaches (with
 * `empty`, also the empty value where no other reaches its combination), shortest first; undefined when the joint automaton has
 * more than `limit` states.
 */
export function patternWitnesses(
  patterns: readonly StringPattern[],
  opts: number | WitnessOptions = {},
): string[] | undefined {
  const {
    limit = 20_000,
    chars: allowed,
    suffix = '',
    empty = false,
  } = typeof opts === 'number' ? { limit: opts } : opts;
  const chars = new Set<string>();
  for (const p of patterns)
    for (const c of p.value)
      if ((p.literal || (c !== '*' && c !== '?')) && (allowed === undefined || allowed.includes(c)))
        chars.add(c);
  // Characters no pattern holds are alike to every pattern: one of them stands for all.
  const fresh =
    allowed === undefined
      ? ([...'x0-_.zq'].find((c) => !chars.has(c)) ?? String.fromCodePoint(0xe000))
      : [...allowed].find((c) => !chars.has(c));
  const alphabet = fresh === undefined ? [...chars] : [...chars, fresh];
  const key = (states: number[][]): string => states.map((s) => s.join(',')).join('|');
  const tail = [...suffix];
  const accepts = (states: number[][]): string =>
    states
      .map((s, i) => {
        const p = patterns[i]!;
        for (const c of tail) s = step(p, s, c);
        return s.includes(p.value.length) ? '1' : '0';
      })
      .join('');
  let queue: { s: string; states: number[][] }[] = [{ s: '', states: patterns.map((p) => closure(p, [0])) }];
  const seen = new Set([key(queue[0]!.states)]);
  const found = new Map<string, string>();
  const atEmpty = accepts(queue[0]!.states);
  while (queue.length) {
    const next: typeof queue = [];
    for (const node of queue)
      for (const c of alphabet) {
        const states = node.states.map((st, i) => step(patterns[i]!, st, c));
        const s = node.s + c;
        const a = accepts(states);
        if (!found.has(a)) found.set(a, s);
        const k = key(states);
        if (seen.has(k)) continue;
        if (seen.size >= limit) return undefined;
        seen.add(k);
        next.push({ s, states });
      }
    queue = next;
  }
  if (empty && !found.has(atEmpty)) found.set(atEmpty, '');
  return [...found.values()];
}

/** What a policy says of one key: nothing, patterns (String and Null operators), or more. */
export type KeyPatterns =
  | {
      patterns: StringPattern[];
      looks: boolean;
      /** A set operator (ForAllValues, ForAnyValue) tests the key: it reads "" as a missing key (§13). */
      sets?: boolean;
    }
  | { operator: string };

/**
 * What each policy writes for `lowerKey` (read once per policy). Case-insensitive or non-string
 * comparisons, and values built from variables, have no finite set of witnesses here: they are
 * returned as the operator, and the decision is unknown outright.
 */
export function keyPatterns(lowerKey: string): (policy: CompiledPolicy) => KeyPatterns {
  return perPolicy((policy: CompiledPolicy): KeyPatterns => {
    const patterns: StringPattern[] = [];
    let looks = false;
    let sets = false;
    for (const c of policyMentions(policy).conditions) {
      if (c.lowerKey !== lowerKey) continue;
      looks = true;
      sets ||= c.operator.qualifier !== undefined;
      const { family, base, name } = c.operator;
      if (family === 'Null') continue;
      if (family !== 'String' || base.includes('IgnoreCase')) return { operator: name };
      for (const value of c.values) {
        if (value.includes('${')) return { operator: `${name} with the value ${value}` };
        patterns.push({ value, literal: !base.includes('Like') });
      }
    }
    return { patterns, looks, sets };
  });
}

/**
 * Every policy's patterns for a key, gathered: `looks` when any policy looks at the key, or the
 * operator that prevents telling its values apart.
 */
export function gatherPatterns(
  read: (policy: CompiledPolicy) => KeyPatterns,
  policies: readonly (CompiledPolicy | null | undefined)[],
): KeyPatterns {
  const patterns: StringPattern[] = [];
  let looks = false;
  let sets = false;
  for (const p of policies) {
    if (!p) continue;
    const l = read(p);
    if ('operator' in l) return l;
    looks ||= l.looks;
    sets ||= l.sets === true;
    patterns.push(...l.patterns);
  }
  return { patterns, looks, sets };
}

/** The patterns with each (literal, value) once, in their first order. */
export function uniquePatterns(patterns: readonly StringPattern[]): StringPattern[] {
  return [...new Map(patterns.map((p) => [`${p.literal}\0${p.value}`, p])).values()];
}

/**
 * One value per combination of the policies' patterns for a key that some value matches, `[]` when
 * no policy looks at the key, or the operator that prevents it (too many patterns included).
 */
export function keyWitnesses(
  read: (policy: CompiledPolicy) => KeyPatterns,
  policies: readonly (CompiledPolicy | null | undefined)[],
  /** Patterns the witnesses must also be told apart by (when some policy looks at the key). */
  apart: readonly StringPattern[] = [],
  /** The empty value is one the key may hold (a tag's). */
  empty = false,
): string[] | { operator: string } {
  const gathered = gatherPatterns(read, policies);
  if ('operator' in gathered) return gathered;
  if (!gathered.looks) return [];
  const unique = uniquePatterns([...gathered.patterns, ...apart]);
  const found = patternWitnesses(unique, { empty });
  if (!found) return { operator: `${unique.length} patterns too many to tell apart` };
  // Under a set operator "" is a missing key, not the value its patterns place it with (§13, §64).
  if (empty && gathered.sets && !found.includes('')) found.push('');
  return found;
}
