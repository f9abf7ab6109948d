// What one analysis (who-can, diff's classes) may be asked to compute, whatever the policies say
// (docs/limits.md). A policy AWS accepts can still make the partition explode: one aws:userid
// pattern is split at each of its wildcards into id and session patterns, and each pattern adds
// regions to every other dimension's. Past these limits the answer is refused (exit 2), never
// approximated: a partition cut short could miss a class.
import { InputError } from '../errors.js';
import { formatCount } from '../input/index.js';
import { statementRef, type CompiledPolicy } from '../policy/index.js';
import type { Atom } from './dimension.js';
import { MAX_EXPLORED_STEPS } from './glob.js';

/** Wildcards (`?`, and `*` after a run of them is collapsed) one pattern may hold. */
export const MAX_PATTERN_WILDCARDS = 32;
/** Distinct wildcard patterns that may split one dimension (the witness search is quadratic in them). */
export const MAX_DIMENSION_PATTERNS = 256;

function wildcards(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '?' || (c === '*' && v[i - 1] !== '*')) n++;
  }
  return n;
}

/**
 * Refuse a pattern with more than MAX_PATTERN_WILDCARDS wildcards in a Resource, NotResource,
 * Principal or a Like/Arn condition value, naming the file, the statement and the element.
 */
export function checkPatternWildcards(policies: readonly CompiledPolicy[]): void {
  for (const p of policies) {
    // A policy is checked once (a diff asks again for every API with the same policies).
    if (WITHIN_LIMITS.has(p)) continue;
    eachStatement(p, (st, ref) => {
      const refuse = (element: string, count: number) => {
        throw new InputError(
          `${ref} ${element}: a pattern holds ${formatCount(count)} wildcards; who-can and diff split at most ${MAX_PATTERN_WILDCARDS} per pattern (docs/limits.md)`,
          { file: p.source.file ?? p.source.name },
        );
      };
      const each = (element: string, v: unknown) => {
        for (const s of Array.isArray(v) ? v : [v]) {
          if (typeof s !== 'string') continue;
          const n = wildcards(s);
          if (n > MAX_PATTERN_WILDCARDS) refuse(element, n);
        }
      };
      for (const el of ['Resource', 'NotResource']) each(el, st[el]);
      for (const el of ['Principal', 'NotPrincipal']) {
        const pr = st[el];
        if (pr && typeof pr === 'object')
          for (const [k, v] of Object.entries(pr as Record<string, unknown>)) each(`${el} ${k}`, v);
      }
      const cond = st.Condition;
      if (!cond || typeof cond !== 'object') return;
      for (const [op, keys] of Object.entries(cond as Record<string, unknown>)) {
        if (!/like|^(?:for(?:all|any)values:)?arn/i.test(op) || !keys || typeof keys !== 'object') continue;
        for (const [key, v] of Object.entries(keys as Record<string, unknown>))
          each(`Condition ${op} ${key}`, v);
      }
    });
    WITHIN_LIMITS.add(p);
  }
}

/** Each statement of a policy as written, with its reference (`Statement[i] (Sid "…")`). */
function eachStatement(p: CompiledPolicy, f: (st: Record<string, unknown>, ref: string) => void): void {
  const raw = (p.document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
  statements.forEach((st, index) => {
    if (!st || typeof st !== 'object') return;
    f(st, statementRef({ index, ...(typeof st.Sid === 'string' ? { sid: st.Sid } : {}) }));
  });
}

/**
 * Where each Resource or NotResource pattern is first written (its policy's file and statement),
 * keyed as `bind` reads it (the API's own ARN for the short form; a policy variable as `*`): the
 * stage and path atoms made of it carry it, so a refusal of their patterns names the statement.
 */
export function resourceSources(
  policies: readonly CompiledPolicy[],
  bind: (resource: string) => string,
): Map<string, NonNullable<Atom['from']>> {
  const out = new Map<string, NonNullable<Atom['from']>>();
  for (const p of policies)
    for (const { pattern, from } of writtenResources(p)) {
      const key = bind(pattern);
      if (!out.has(key)) out.set(key, from);
    }
  return out;
}

/** A policy's Resource and NotResource patterns (a variable as `*`) where written, in order: read once per policy (a diff asks per API). */
function writtenResources(p: CompiledPolicy): { pattern: string; from: NonNullable<Atom['from']> }[] {
  let out = WRITTEN.get(p);
  if (!out) {
    const list: { pattern: string; from: NonNullable<Atom['from']> }[] = [];
    eachStatement(p, (st, ref) => {
      for (const el of ['Resource', 'NotResource'])
        for (const r of [st[el]].flat())
          if (typeof r === 'string')
            list.push({
              pattern: r.replace(/\$\{[^}]*\}/g, '*'),
              from: { file: p.source.file ?? p.source.name, ref: `${ref} ${el}` },
            });
    });
    WRITTEN.set(p, (out = list));
  }
  return out;
}
const WRITTEN = new WeakMap<CompiledPolicy, { pattern: string; from: NonNullable<Atom['from']> }[]>();
const WITHIN_LIMITS = new WeakSet<CompiledPolicy>();

/**
 * Kinds of request (points: one region of every dimension, impossible principals left out) one
 * who-can, diff or proof may decide over all its APIs. Each costs one or two engine decisions and
 * its place in the merge. The largest world the tests analyse decides 201,685 (a deny on five tags
 * of five values each, federated users included); `*?` × 16 over aws:userid, within the pattern
 * limits, makes the demo's four APIs decide about 210,000 (86 s, 560 MB before the streamed merge).
 */
export const MAX_DECIDED_POINTS = 250_000;

/**
 * Kinds of request (points) one who-can, diff or proof may merge into classes over all its APIs,
 * decided or not: on a route, points that differ only in tags and request keys the conditions
 * that may decide it answer alike are decided once (classes.ts, groupedOutcome), and only those
 * decisions count against MAX_DECIDED_POINTS. Each point still costs its place in the merge
 * (about a kilobyte, and a few microseconds): the second auditor's whole diff merges 343,527
 * points, 330 MB at its peak. Derived from the memory bound issue 14 sets for a command (1 GB on
 * the 2-core machine): at that measured cost, at most 1 KB a point (the peak holds the process's
 * own ~90 MB too), 500,000 points take at most about half of it, leaving the other half to the
 * decided outcomes (MAX_DECIDED_POINTS), the compiled policies and Node itself (docs/limits.md).
 */
const MAX_MERGED_POINTS = 500_000;

/**
 * Requests one who-can, diff or proof may try while searching for the kinds of request that
 * conditions with policy variables tell apart (they are searched, not enumerated). The largest
 * search of the test worlds tries about 33,000 (a generated world of 66,577 points); each costs
 * about a third of a millisecond on the busy shared machine.
 */
export const MAX_SEARCHED_REQUESTS = 100_000;

/**
 * Possible kinds of request one who-can, diff or proof may check for ones its search for policy
 * variables could neither find nor rule out (unsearchedPoints walks every point of a space with
 * policy variables, each condition with them holding and not, and asks the engine of those not
 * found). Counted in advance with the space's points. The largest walk of the test worlds is
 * 205,016 points (5.6 s on the busy shared machine; 30 to 200 µs a point); until pass 16 the walk
 * was charged nowhere, bounded only by the 2,000,000 points of one API (a minute or more each).
 */
export const MAX_CHECKED_POINTS = 500_000;

/** The points one analysis has decided so far; counted before each API's are decided. */
export class PointBudget {
  /** Points counted per limit: decided, merged into classes, walked for the search's gaps. */
  readonly #counted = { decided: 0, merged: 0, checked: 0 };
  #searched = 0;
  /** Points still to spend (counting an API's may stop once past it). */
  get left(): number {
    return MAX_DECIDED_POINTS - this.#counted.decided;
  }
  /** Points still to merge. */
  get mergeLeft(): number {
    return MAX_MERGED_POINTS - this.#counted.merged;
  }
  /** Points still to check for kinds of request the search could not settle. */
  get checkLeft(): number {
    return MAX_CHECKED_POINTS - this.#counted.checked;
  }

  /** Count an API's points to merge (decided or not); past MAX_MERGED_POINTS, refuse as spend does. */
  merge(api: string, points: number, dimensions: string, files: readonly string[], atLeast = false): void {
    this.#count('merged', MAX_MERGED_POINTS, { api, points, dimensions, files, atLeast });
  }
  /**
   * Count an API's points before deciding them; past MAX_DECIDED_POINTS, refuse naming the
   * policies that split the space, the figure, its dimensions and the limit.
   */
  spend(api: string, points: number, dimensions: string, files: readonly string[], atLeast = false): void {
    this.#count('decided', MAX_DECIDED_POINTS, { api, points, dimensions, files, atLeast });
  }
  /**
   * Count an API's possible points to check for kinds of request its search could not settle
   * (MAX_CHECKED_POINTS), before any is decided; past it, refuse as spend does.
   */
  check(api: string, points: number, dimensions: string, files: readonly string[], atLeast = false): void {
    this.#count('checked', MAX_CHECKED_POINTS, { api, points, dimensions, files, atLeast });
  }

  /** Add an API's points to one count; past its limit, refuse naming what the commands do at most. */
  #count(which: keyof typeof ATMOST, limit: number, o: Omit<Refused, 'counted'>): void {
    this.#counted[which] += o.points;
    if (this.#counted[which] <= limit) return;
    throw refusal({ ...o, counted: this.#counted[which] }, ATMOST[which]);
  }

  /**
   * Count requests tried by the search for conditions with policy variables (as it goes: the
   * search is not known in advance); past MAX_SEARCHED_REQUESTS, refuse naming the policies.
   */
  search(api: string, requests: number, conditions: number, files: readonly string[]): void {
    this.#searched += requests;
    if (this.#searched <= MAX_SEARCHED_REQUESTS) return;
    const { file, with_ } = named(files);
    throw new InputError(
      `the policies${with_} hold ${formatCount(conditions)} condition${conditions === 1 ? '' : 's'} with policy variables for API "${api}", searched (not enumerated) for the kinds of request they tell apart: the search passed ${formatCount(MAX_SEARCHED_REQUESTS)} requests tried; who-can, diff and the reach proofs try at most ${formatCount(MAX_SEARCHED_REQUESTS)} per command (docs/limits.md; who-can narrows with --api, --method or --path)`,
      file !== undefined ? { file } : {},
    );
  }
}

/** The first policy (the endpoint's) is named as the file; the others by name, a few of them. */
function named(files: readonly string[]): { file: string | undefined; with_: string } {
  const [file, ...others] = files;
  const with_ = others.length
    ? ` (this one and ${others.length} more: ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''})`
    : '';
  return { file, with_ };
}

/** A count in a refusal: "at least 250,001" when counting stopped there; a figure past 10^12 as that. */
function figure(n: number, atLeast: boolean): string {
  if (n > 1e12) return 'more than 1,000,000,000,000';
  return atLeast ? `at least ${formatCount(n)}` : formatCount(n);
}

/**
 * Refuse a dimension split by more than MAX_DIMENSION_PATTERNS wildcard patterns, naming the file
 * and statement that hold the most of them when its atoms say where they are written (conditions);
 * else a PatternsRefused that the space's builder names its policies in (namingPolicies).
 */
export function checkDimensionPatterns(label: string, atoms: readonly Atom[]): void {
  const patterns = new Set<string>();
  for (const a of atoms) for (const g of a.globs ?? []) if (/[*?]/.test(g)) patterns.add(g);
  if (patterns.size <= MAX_DIMENSION_PATTERNS) return;
  refusePatterns(
    atoms,
    (most) =>
      `split the ${label} by ${formatCount(patterns.size)} wildcard patterns${most ? ` (${formatCount(most)} of them here)` : ''} (each wildcard pattern of a Resource or a Like or Arn condition, and one per wildcard of an aws:userid value); who-can and diff take at most ${MAX_DIMENSION_PATTERNS} per dimension (docs/limits.md)`,
  );
}

/**
 * The witness search of a dimension's patterns passed its bound (glob.ts MAX_EXPLORED_STEPS)
 * before reaching every combination of them: a region may have no witness, so the answer is
 * refused, never a partition that may miss a class.
 */
export function refuseUnexplored(label: string, atoms: readonly Atom[]): never {
  return refusePatterns(
    atoms,
    () =>
      `tell apart more kinds of ${label} than who-can, diff and the reach proofs search (${formatCount(MAX_EXPLORED_STEPS)} steps of the patterns' automata past the first witnesses; docs/limits.md)`,
  );
}

/**
 * Refuse a dimension's patterns, naming the statement that writes the most of them (`says`
 * gets their number) or, where none is known, the policies (namingPolicies).
 */
function refusePatterns(atoms: readonly Atom[], says: (most: number | undefined) => string): never {
  // The patterns each statement's condition holds (one pattern may be written in several).
  const per = new Map<string, { where: NonNullable<Atom['from']>; globs: Set<string> }>();
  for (const a of atoms)
    for (const g of a.globs ?? []) {
      if (!/[*?]/.test(g) || !a.from) continue;
      const k = `${a.from.file}\0${a.from.ref}`;
      const at = per.get(k) ?? { where: a.from, globs: new Set<string>() };
      per.set(k, at);
      at.globs.add(g);
    }
  // The file holding the most patterns first, then its statement holding the most: twelve patterns
  // written one a statement were blamed on a role's identity policy holding two (attack run 20 W07).
  const inFile = new Map<string, Set<string>>();
  for (const { where, globs } of per.values())
    for (const g of globs) inFile.set(where.file, (inFile.get(where.file) ?? new Set()).add(g));
  const size = (file: string) => inFile.get(file)!.size;
  const most = [...per.values()].sort(
    (x, y) => size(y.where.file) - size(x.where.file) || y.globs.size - x.globs.size,
  )[0];
  const message = (policies: string) => `${policies} ${says(most?.globs.size)}`;
  const others = most ? [...per.values()].filter((s) => s.where.file === most.where.file).length - 1 : 0;
  const where = most && `${most.where.ref}${others ? ` and ${others} more in this file` : ''}`;
  if (most) throw new InputError(`${where}: ${message('the policies')}`, { file: most.where.file });
  throw new PatternsRefused(message);
}

/** A dimension-pattern refusal whose patterns no statement was found for: the policies are named by the caller. */
class PatternsRefused extends InputError {
  constructor(readonly naming: (policies: string) => string) {
    super(naming('the policies'));
  }
}

/**
 * Run `f` (building a space or a dimension from `policies`); a PatternsRefused it throws is
 * refused naming the policies as the other limits do (the first as the file).
 */
export function namingPolicies<T>(policies: readonly CompiledPolicy[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof PatternsRefused)) throw e;
    const { file, with_ } = named([...new Set(policies.map((p) => p.source.file ?? p.source.name))]);
    throw new InputError(e.naming(`the policies${with_}`), file !== undefined ? { file } : {});
  }
}

/**
 * The refusal of an API's `points` past a limit (`counted` with the APIs before it), naming the
 * policies that split the space, the figure, its dimensions and what the commands do at most.
 */
/** An API's points past a limit: the figures and what a refusal names. */
interface Refused {
  api: string;
  points: number;
  counted: number;
  dimensions: string;
  files: readonly string[];
  atLeast: boolean;
}

/** What the commands do at most, per count of PointBudget, in its refusal. */
const ATMOST = {
  decided: `decide at most ${formatCount(MAX_DECIDED_POINTS)} per command`,
  merged: `merge at most ${formatCount(MAX_MERGED_POINTS)} per command into classes, and decide at most ${formatCount(MAX_DECIDED_POINTS)} of them`,
  checked: `check at most ${formatCount(MAX_CHECKED_POINTS)} per command for kinds of request a search for policy variables could not settle (each condition with policy variables holding and not)`,
};

function refusal(o: Refused, atMost: string): InputError {
  const { file, with_ } = named(o.files);
  const total = o.counted > o.points ? `, ${figure(o.counted, o.atLeast)} with the APIs before it` : '';
  return new InputError(
    `the policies${with_} tell apart ${figure(o.points, o.atLeast)} kinds of request for API "${o.api}" (${o.dimensions})${total}; who-can, diff and the reach proofs ${atMost} (docs/limits.md; who-can narrows with --api, --method or --path)`,
    file !== undefined ? { file } : {},
  );
}
