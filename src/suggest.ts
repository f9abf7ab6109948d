// "Did you mean ...?" for a name or sentence that is not known: the closest candidate by edit
// distance (case-insensitive), when it is close enough to be the likely intent.
import { excerpt } from './escape/index.js';

/**
 * Levenshtein distance with transpositions counted as one edit (optimal string alignment), in
 * three rows: a name from a pull request may be 900,000 characters long, and a full table of it
 * against each candidate took seconds and hundreds of megabytes.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The most edits a suggestion may be away from a value: 40% of the longer of the two. */
const allowed = (value: string, candidate: string) =>
  Math.max(1, Math.floor(0.4 * Math.max(value.length, candidate.length)));

/** The closest candidate to `value`, or undefined when none is within 40% of its length in edits. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    // At least |length difference| edits apart: a candidate that far cannot be suggested, and a
    // value far longer than every candidate is compared with none.
    if (Math.abs(v.length - c.length) > allowed(value, c)) continue;
    const d = distance(v, c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= allowed(value, best.c) ? best.c : undefined;
}

/**
 * `unknown KIND alias "NAME"`, the closest known name and the known ones: every unknown alias (in
 * the config, a feature, a CLI option) is answered alike, with a hint. `also`: other names that are
 * accepted, and how to say them; `where`: more of the place than the error's file and line (a
 * feature's Examples row). The name and list are cut: a name from a pull request may be huge.
 */
export function unknownAlias(
  kind: string,
  name: string,
  known: readonly string[],
  more: { also?: { names: readonly string[]; text: string }; where?: string } = {},
): string {
  const { also, where = '' } = more;
  const list = `${excerpt(known.join(', ') || 'none', 300)}${also ? `; or ${also.text}` : ''}`;
  return `unknown ${kind} alias "${excerpt(name, 64)}"${where}${didYouMean(name, [...known, ...(also?.names ?? [])])} (known: ${list})`;
}

/** ` (did you mean "X"?)`, or '' when nothing is close. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const c = closest(value, candidates);
  return c === undefined ? '' : `; did you mean "${c}"?`;
}
