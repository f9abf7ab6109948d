// IAM wildcard patterns (`*` any run, `?` one character) as small NFAs, for two jobs only: what a
// pattern still requires after a known prefix (its residual patterns), and a breadth-first search
// for strings that land in each reachable combination of patterns. Membership itself is always
// tested with the engine's own matcher (compileWildcard); a mistake here can only miss a region,
// which the completeness property test exists to catch.

/** The NFA positions of `p` reachable after `s` (closure over `*` included). */
function closure(p: string, set: Set<number>): Set<number> {
  for (const i of [...set]) {
    let j = i;
    while (j < p.length && p[j] === '*') set.add(++j);
  }
  return set;
}

export function start(p: string): Set<number> {
  return closure(p, new Set([0]));
}

export function step(p: string, states: ReadonlySet<number>, c: string): Set<number> {
  const next = new Set<number>();
  for (const i of states) {
    if (i >= p.length) continue;
    const ch = p[i];
    if (ch === '*') next.add(i);
    else if (ch === '?' || ch === c) next.add(i + 1);
  }
  return closure(p, next);
}

/**
 * The patterns a value must match for `prefix + value` to match `p`: one suffix of `p` per NFA
 * position left after the prefix (an empty list: no value can make it match).
 */
export function residual(p: string, prefix: string): string[] {
  // A pattern whose literal head disagrees with the prefix leaves nothing (most patterns name
  // another API): said before any key is made, as computeResidual would say it.
  for (let i = 0; i < p.length && i < prefix.length; i++) {
    const ch = p[i];
    if (ch === '*' || ch === '?') break;
    if (ch !== prefix[i]) return [];
  }
  const key = `${p}\0${prefix}`;
  let hit = RESIDUALS.get(key);
  if (!hit) {
    if (RESIDUALS.size > 10_000) RESIDUALS.clear();
    RESIDUALS.set(key, (hit = computeResidual(p, prefix)));
  }
  return [...hit];
}

/** Pure functions of their arguments, asked again for every API and method: computed once. */
const RESIDUALS = new Map<string, string[]>();
const EXPLORED = new Map<string, Explored>();

function computeResidual(p: string, prefix: string): string[] {
  // A match starts with the pattern's literal head: a prefix that disagrees with it leaves nothing
  // (most patterns name another API: no need to step through the automaton).
  const wild = p.search(/[*?]/);
  const n = Math.min(wild === -1 ? p.length : wild, prefix.length);
  if (p.slice(0, n) !== prefix.slice(0, n)) return [];
  // The literal head is consumed: its one path ends at position n. The rest of the prefix steps
  // the same automaton as step(), on flags per position (asked for every API and method).
  let cur = new Uint8Array(p.length + 1);
  let next = new Uint8Array(p.length + 1);
  cur[n] = 1;
  closeStars(p, cur);
  for (const c of prefix.slice(n)) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < p.length; i++) {
      if (!cur[i]) continue;
      const ch = p[i];
      if (ch === '*') next[i] = 1;
      else if (ch === '?' || ch === c) next[i + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return [];
    closeStars(p, next);
    [cur, next] = [next, cur];
  }
  const states: number[] = [];
  for (let i = 0; i <= p.length; i++) if (cur[i]) states.push(i);
  return simplifyUnion(states.map((i) => p.slice(i)));
}

/** closure() on flags: a position before a `*` also stands after it (in order, so runs chain). */
function closeStars(p: string, on: Uint8Array): void {
  for (let i = 0; i < p.length; i++) if (on[i] && p[i] === '*') on[i + 1] = 1;
}

/**
 * The same union with fewer patterns: a pattern A·T is inside *·T (every string matching it ends
 * with a match of T), and T·A inside T·*; such covered patterns are dropped.
 */
export function simplifyUnion(globs: string[]): string[] {
  let keep = [...new Set(globs)];
  if (keep.includes('*')) return ['*'];
  const covered = (g: string, by: string): boolean =>
    g !== by &&
    ((by.startsWith('*') && g.endsWith(by.slice(1))) || (by.endsWith('*') && g.startsWith(by.slice(0, -1))));
  for (const g of [...keep]) if (keep.some((by) => covered(g, by))) keep = keep.filter((x) => x !== g);
  return keep;
}

/** Literal characters a pattern holds. */
function literals(p: string): string {
  return p.replace(/[*?]/g, '');
}

/**
 * Steps (a string's next token read by one pattern's automaton) the search may take past its
 * budget (docs/limits.md). The budget's strings are the witnesses; after it the walk goes on over
 * combinations not reached yet, one string each, so none reachable over its alphabet is left out
 * silently. Until 2026-12-03 the walk stopped at the budget: a region whose shortest value threads
 * three patterns' pieces, among sixty patterns' (each pair a combination of its own), was never
 * reached, and who-can reported nobody where the engine let an outsider through.
 */
export const MAX_EXPLORED_STEPS = 10_000_000;

/** What explore found: strings, and whether every combination it can reach has one. */
export interface Explored {
  strings: string[];
  /** False past MAX_EXPLORED_STEPS: a combination may have no string. */
  complete: boolean;
}

/**
 * Strings reaching distinct combinations of the given patterns' states, shortest first. Every
 * combination is visited up to `visits` times (so a combination also gets witnesses besides the
 * exact values that happen to fall in it) within `budget` strings, then (`exhaustive`) once each
 * until none is left (or past MAX_EXPLORED_STEPS: `complete` false). Bounded by `maxLength`.
 */
export function explore(patterns: readonly string[], opts: ExploreOptions): Explored {
  if (patterns.length === 0) return { strings: [], complete: true };
  const key = JSON.stringify([patterns, opts]);
  let hit = EXPLORED.get(key);
  if (!hit) {
    if (EXPLORED.size > 1_000) EXPLORED.clear();
    EXPLORED.set(key, (hit = search(patterns, opts)));
  }
  return hit;
}

type Node = { s: string; states: number[] };
type ExploreOptions = {
  fresh: string;
  visits: number;
  budget: number;
  maxLength: number;
  /** Past the budget, on to every combination (a partition's regions), not only witnesses. */
  exhaustive?: boolean;
};

function search(patterns: readonly string[], opts: ExploreOptions): Explored {
  // Steps are single characters and the patterns' literal pieces, so strings that thread several
  // patterns' literals ("x/prod/GET/health") are a few steps deep, not one step per character.
  const pieces = [...new Set(patterns.flatMap((p) => p.split(/[*?]+/)).filter((x) => x.length > 0))];
  const chars = [...new Set(patterns.map(literals).join(''))];
  // Single characters too while that stays small (they find overlaps inside pieces).
  const alphabet = [
    ...new Set([...opts.fresh, ...pieces, ...(pieces.length + chars.length <= 24 ? chars : [])]),
  ];
  // Each pattern's states are interned (a small number each); transitions are computed once.
  const machines = patterns.map((p) => new Machine(p, alphabet));
  const seen = new Map<string, number>();
  const out: string[] = [];
  const expand = (node: Node, visits: number, into: Node[]) =>
    expandNode(machines, alphabet, seen, opts.maxLength, node, visits, into);
  let queue: Node[] = [{ s: '', states: machines.map((m) => m.initial) }];
  seen.set(queue[0]!.states.join(','), 1);
  // Nodes left when the budget is spent: the last one written (not expanded), the rest unwritten.
  let left: { written?: Node; rest: Node[] } = { rest: [] };
  while (queue.length) {
    const next: Node[] = [];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      out.push(node.s);
      if (out.length >= opts.budget) {
        left = { written: node, rest: [...queue.slice(q + 1), ...next] };
        break;
      }
      expand(node, opts.visits, next);
    }
    queue = out.length >= opts.budget ? [] : next;
  }
  // Past the budget: each combination not reached yet, once, breadth first (shortest first).
  if (!opts.exhaustive) return { strings: out, complete: left.written === undefined };
  const rest = left.rest;
  if (left.written) expand(left.written, 1, rest);
  const most = MAX_EXPLORED_STEPS / (alphabet.length * patterns.length);
  for (let i = 0; i < rest.length; i++) {
    if (rest.length > most) return { strings: out, complete: false };
    out.push(rest[i]!.s);
    expand(rest[i]!, 1, rest);
  }
  if (alphabet.length === new Set([...opts.fresh, ...pieces, ...chars]).size)
    return { strings: out, complete: true };
  return overChars(patterns, [...new Set([...opts.fresh, ...chars])], out, opts.maxLength);
}

/**
 * The walk over whole pieces misses values where pieces overlap (`aba` in `*ab*`, `*ba*` and
 * `???`): when the single characters were left out of its alphabet, every combination reachable
 * one character at a time is walked too, and a string added for each set of matched patterns no
 * string has yet. Over the patterns' literal characters and one character none holds the walk is
 * complete: a character no pattern holds moves every automaton as any other such character does
 * (only `*` and `?` read it), so rewriting each into the fresh one keeps every pattern's answer.
 */
function overChars(
  patterns: readonly string[],
  alphabet: string[],
  found: string[],
  maxLength: number,
): Explored {
  const machines = patterns.map((p) => new Machine(p, alphabet));
  const token = new Map(alphabet.map((c, t) => [c, t]));
  const matched = (states: number[]) => states.map((st, i) => (machines[i]!.accepts(st) ? 1 : 0)).join('');
  const have = new Set<string>();
  for (const s of found) {
    const t = [...s].map((c) => token.get(c));
    if (t.includes(undefined)) continue;
    have.add(matched(machines.map((m) => t.reduce<number>((st, k) => m.next(st, k!), m.initial))));
  }
  const out = [...found];
  const most = MAX_EXPLORED_STEPS / (alphabet.length * patterns.length);
  const first: Node = { s: '', states: machines.map((m) => m.initial) };
  const seen = new Map([[first.states.join(','), 1]]);
  const queue = [first];
  for (let i = 0; i < queue.length; i++) {
    if (queue.length > most) return { strings: out, complete: false };
    const node = queue[i]!;
    const m = matched(node.states);
    if (!have.has(m)) {
      have.add(m);
      out.push(node.s);
    }
    expandNode(machines, alphabet, seen, maxLength, node, 1, queue);
  }
  return { strings: out, complete: true };
}

/**
 * Into `into`, the node's next strings (one token more, within `maxLength`) whose combination of
 * the machines' states has been reached fewer than `visits` times (`seen` counts them).
 */
function expandNode(
  machines: readonly Machine[],
  alphabet: readonly string[],
  seen: Map<string, number>,
  maxLength: number,
  node: Node,
  visits: number,
  into: Node[],
): void {
  if (node.s.length >= maxLength) return;
  for (let t = 0; t < alphabet.length; t++) {
    const c = alphabet[t]!;
    if (node.s.length + c.length > maxLength) continue;
    const states = node.states.map((st, i) => machines[i]!.next(st, t));
    const k = states.join(',');
    const n = seen.get(k) ?? 0;
    if (n >= visits) continue;
    seen.set(k, n + 1);
    into.push({ s: node.s + c, states });
  }
}

/**
 * One pattern's NFA with its state sets interned as small integers, over a fixed alphabet of tokens,
 * from its start or from the positions `from` (after a prefix already read).
 */
export class Machine {
  private readonly sets: Set<number>[] = [];
  private readonly ids = new Map<string, number>();
  /** moves[state * tokens + token]: the next state, -1 when not computed yet. */
  private moves: Int32Array;
  readonly initial: number;
  constructor(
    readonly p: string,
    private readonly tokens: readonly string[],
    from: Set<number> = start(p),
  ) {
    this.moves = new Int32Array(8 * Math.max(1, tokens.length)).fill(-1);
    this.initial = this.intern(from);
  }
  private intern(s: Set<number>): number {
    const k = [...s].sort((a, b) => a - b).join(',');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(s);
      this.ids.set(k, id);
      const need = (id + 1) * this.tokens.length;
      if (need > this.moves.length) {
        const grown = new Int32Array(Math.max(need, this.moves.length * 2)).fill(-1);
        grown.set(this.moves);
        this.moves = grown;
      }
    }
    return id;
  }
  /** Whether the pattern has matched the whole string read to `state`. */
  accepts(state: number): boolean {
    return this.sets[state]!.has(this.p.length);
  }
  /** The state after `state` reads the alphabet's token number `token`. */
  next(state: number, token: number): number {
    const at = state * this.tokens.length + token;
    let id = this.moves[at]!;
    if (id === -1) {
      let x = this.sets[state]!;
      for (const ch of this.tokens[token]!) x = step(this.p, x, ch);
      id = this.intern(x);
      this.moves[at] = id;
    }
    return id;
  }
}

/** Simple instances of a pattern: `*` as nothing and as `fill`, `?` as `fill`'s first character. */
export function instances(p: string, fill: string): string[] {
  const one = fill[0] ?? 'x';
  return [...new Set([p.replace(/\*/g, '').replace(/\?/g, one), p.replace(/\*/g, fill).replace(/\?/g, one)])];
}

/**
 * A pattern as tokens, for patternsMeet: a character, one character (`?`), any run (`*`), a run
 * without a slash (a policy variable whose value never holds one: an IAM user name, aws:userid), a
 * run without a colon (`part`: a unique id, a session or federated user's name), a run of `/` alone
 * (`slashes`: empty segments), or one character or more, none `/` nor `%` (`name`: an IAM user
 * name, aws:userid, an account id, exactly).
 */
export type Token = { c: string } | 'any' | 'run' | 'word' | 'part' | 'slashes' | 'name';

/** An IAM wildcard pattern as tokens (`*` any run, `?` one character). */
export function globTokens(p: string): Token[] {
  return [...p].map((c) => (c === '*' ? 'run' : c === '?' ? 'any' : { c }));
}

/**
 * Whether one string matches every pattern: a breadth-first walk of the patterns' NFAs together,
 * over the characters they name, `/`, `:` and one character none names. Undefined when more than
 * `cap` combinations of states were reached (nothing said then).
 */
export function patternsMeet(patterns: readonly Token[][], cap = 50_000): boolean | undefined {
  const alphabet = new Set<string>(['/', ':', '\u0001']);
  for (const p of patterns) for (const t of p) if (typeof t === 'object') alphabet.add(t.c);
  const close = (p: readonly Token[], s: Set<number>) => {
    for (const i of [...s]) {
      let j = i;
      while (j < p.length && (p[j] === 'run' || p[j] === 'word' || p[j] === 'part' || p[j] === 'slashes'))
        s.add(++j);
    }
    return s;
  };
  const move = (p: readonly Token[], s: ReadonlySet<number>, c: string) => {
    const n = new Set<number>();
    for (const i of s) {
      const t = p[i];
      if (t === undefined) continue;
      if (
        t === 'run' ||
        (t === 'word' && c !== '/') ||
        (t === 'part' && c !== ':') ||
        (t === 'slashes' && c === '/')
      )
        n.add(i);
      else if (t === 'name') {
        if (c !== '/' && c !== '%') n.add(i).add(i + 1);
      } else if (t === 'any' || (typeof t === 'object' && t.c === c)) n.add(i + 1);
    }
    return close(p, n);
  };
  const key = (st: Set<number>[]) => st.map((s) => [...s].sort((a, b) => a - b).join(',')).join('|');
  let frontier = [patterns.map((p) => close(p, new Set([0])))];
  const seen = new Set([key(frontier[0]!)]);
  while (frontier.length) {
    const next: Set<number>[][] = [];
    for (const st of frontier) {
      if (st.every((s, k) => s.has(patterns[k]!.length))) return true;
      for (const c of alphabet) {
        const n = st.map((s, k) => move(patterns[k]!, s, c));
        if (n.some((s) => s.size === 0)) continue;
        const k = key(n);
        if (seen.has(k)) continue;
        seen.add(k);
        if (seen.size > cap) return undefined;
        next.push(n);
      }
    }
    frontier = next;
  }
  return false;
}
