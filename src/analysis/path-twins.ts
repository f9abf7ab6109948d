// The written forms of a path that reach the path's own route but whose resource ARN may hold them as
// written (docs/aws-behaviour.md §5c, §55): a Resource that names the path (exactly, or as the literal
// head of a pattern) does not see them in that reading. who-can and the reach proofs ask them.
import { Machine, start, step } from './glob.js';

/** Characters of a head percent-encoded one at a time: a bound on a long path's forms. */
const ENCODED_CHARACTERS = 64;

/**
 * `head` (a path without its leading slash, as a Resource names it past `METHOD/`) written other
 * ways that route as `head`, one change each: a trailing slash (only for an exact path: a pattern
 * `head*` matches it anyway), one or two empty segments after the stage (`//head`, `///head`), a `/`
 * doubled, one character percent-encoded (upper- and lower-case hex). Each maps to `head`. A Resource
 * that should see them all must match every one; the space keeps one per set the Resources match
 * alike, so their number costs no kinds of request. `few`: a trailing slash, `//head` and the first
 * character in upper-case hex only.
 */
export function pathTwins(head: string, exact: boolean, few = false): Map<string, string> {
  const out = new Map<string, string>();
  if (head.startsWith('/')) return out;
  const add = (form: string) => {
    if (form !== head) out.set(form, head);
  };
  // The root (`GET /`, named exactly by `…/GET/`): one or two empty segments after the stage
  // (`GET //`, `GET ///`) reach it as they reach any path; until 2026-12-03 none was asked, so an
  // outsider's GET // escaped a Deny of the root as written and the reach proof passed.
  if (head === '') {
    if (exact) for (const form of few ? ['/'] : ['/', '//']) add(form);
    return out;
  }
  if (exact && !head.endsWith('/')) add(`${head}/`);
  add(`/${head}`);
  // `few`: each form is a region of its own (Resources with policy variables), so three, not all.
  const end = few ? 1 : Math.min(head.length, ENCODED_CHARACTERS);
  if (!few) add(`//${head}`);
  for (let i = 1; i < end; i++) if (head[i] === '/') add(`${head.slice(0, i)}/${head.slice(i)}`);
  // A `%` already in the path decodes otherwise: its head is left as it is.
  if (head.includes('%')) return out;
  for (let i = 0; i < end; i++)
    for (const encoded of percentForms(head, i, few))
      add(`${head.slice(0, i)}${encoded}${head.slice(i + 1)}`);
  return out;
}

/**
 * `head[i]` percent-encoded (`%6F`, `%6f`; upper case alone when `few`), or nothing where it is not
 * written otherwise: a `/` (an encoded slash is another path), a pattern's wildcard (it stays one:
 * globTwins), a control, space or non-ASCII character.
 */
function percentForms(head: string, i: number, few = false): string[] {
  const ch = head[i]!;
  const code = head.charCodeAt(i);
  if (ch === '/' || ch === '*' || ch === '?' || code <= 0x20 || code >= 0x7f) return [];
  const hex = code.toString(16).padStart(2, '0');
  return few ? [`%${hex.toUpperCase()}`] : [...new Set([`%${hex.toUpperCase()}`, `%${hex.toLowerCase()}`])];
}

/**
 * A Resource pattern's path glob past `METHOD/` (`docs/*`, `docs/?/secret`) written other ways at its
 * literal characters, one change each as pathTwins makes them (a trailing slash where it ends with a
 * literal): patterns of paths that route as some path the glob matches, but that it may not match as
 * written. `GET //docs/7` or `GET /%64ocs/7` escape a Deny of `.../GET/docs/*` in that reading, as
 * `GET /docs/7/secret/` one of `.../GET/docs/?/secret`; the forms of its head alone (pathTwins) are
 * paths a route with a parameter after it does not serve, so the reach proofs passed over them.
 */
export function globTwins(glob: string, few = false): string[] {
  return [...pathTwins(glob, !/[*?/]$/.test(glob), few).keys()];
}

/** Whether a route value (`GET/entries/`, `GET//entries`, `GET/%65ntries`) is one of pathTwins' forms. */
export function isPathTwin(route: string): boolean {
  const path = route.slice(route.indexOf('/') + 1);
  return (
    (path.endsWith('/') && path.length > 1) ||
    path.startsWith('/') ||
    path.includes('//') ||
    /%[0-9A-Fa-f]{2}/.test(path)
  );
}

/**
 * Product states the search of one path's written forms may visit besides FORM_STATES_PER_CHARACTER
 * for each of its characters (docs/limits.md): past it, exit 2. A long path alone costs a few states a
 * character (a route of 10,000 parts is served, attack run 13 L05); only patterns that tell its forms
 * apart multiply them.
 */
export const MAX_FORM_STATES = 10_000;
const FORM_STATES_PER_CHARACTER = 4;

/** The states formsBySet may visit for `head`. */
export const formStatesBound = (head: string): number =>
  MAX_FORM_STATES + FORM_STATES_PER_CHARACTER * (head.length + 1);

/**
 * Every way `head` may be written (pathTwins' changes, any number of them: empty segments before it
 * and after each `/`, trailing slashes, each character percent-encoded in either case), searched
 * over the wildcard `patterns` a route value `routePrefix + form` may match: one form for each set
 * of patterns some form matches, the one with fewest changes (pathTwins' when one of those lands
 * there). A breadth-first walk of the forms' automaton and each pattern's NFA together (glob.ts),
 * cheapest first, so it is exact: no form of another set exists. Undefined past its bound (above).
 * pathTwins' bound (64 characters) does not hold here: each is one step of the walk.
 */
export function formsBySet(
  head: string,
  routePrefix: string,
  patterns: readonly string[],
  /**
   * The root's forms too (`head` ''): runs of empty segments (`GET //`, `GET ////`), which a `?`
   * beside a `/` tells apart (`GET/?/?` matches `GET////` as written). The form heads leave it out.
   */
  root = false,
  /**
   * A test a form is told apart by beside its patterns (the spelled atom's: a form with `//`, a `%`
   * or a last `/`), so each set gets a form each way the test answers. With it a node keeps whether
   * a change was made (a changed form answers as no unchanged one may).
   */
  apart?: (form: string) => boolean,
  /**
   * `head` is a decoded path holding a `%` (`entries/%37`, the normalised reading of `GET
   * /entries/%2537`): each `%` is written `%25`, and its other characters may be encoded as any.
   * Without it a head with a `%` is written as it is (that `%` decodes otherwise).
   */
  decoded = false,
): Map<string, string> | undefined {
  const out = new Map<string, string>();
  if ((head === '' && !root) || head.startsWith('/')) return out;
  const encodes = decoded || !head.includes('%');
  // The tokens a form is written with, numbered: each pattern's step by one is computed once (until
  // 2026-12-03 every step of every node made new sets, sorted again for its key: 10,000 parts, 4 s).
  const tokens = new Map<string, number>();
  for (let j = 0; j <= head.length; j++)
    for (const t of j === head.length ? ['/'] : [head[j]!, ...(encodes ? percentForms(head, j) : [])])
      if (!tokens.has(t)) tokens.set(t, tokens.size);
  const written = [...tokens.keys()];
  // Each pattern's NFA once the prefix is read; one that cannot match is left out (never matches).
  const live: Machine[] = [];
  for (const p of patterns) {
    let at = start(p);
    for (const c of routePrefix) {
      at = step(p, at, c);
      if (at.size === 0) break;
    }
    if (at.size > 0) live.push(new Machine(p, written, at));
  }
  // A node: the characters of `head` written (j), whether a trailing slash was written, the NFAs.
  type Node = { j: number; trailing: boolean; form: string; states: number[]; changed: boolean };
  const keyOf = (n: Node) =>
    `${n.j}${n.trailing ? 't' : ''}${apart && n.changed ? 'c' : ''}|${n.states.join(',')}`;
  const seen = new Set<string>();
  const cap = formStatesBound(head);
  let cheap: Node[] = [
    { j: 0, trailing: false, form: '', states: live.map((m) => m.initial), changed: false },
  ];
  while (cheap.length > 0) {
    // 0-1 breadth first: a node's unchanged steps join this round, its changes the next.
    const dear: Node[] = [];
    while (cheap.length > 0) {
      const n = cheap.pop()!;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > cap) return undefined;
      const go = (token: string, j: number, trailing: boolean, into: Node[]) => {
        const t = tokens.get(token)!;
        const states = n.states.map((s, i) => live[i]!.next(s, t));
        into.push({ j, trailing, form: n.form + token, states, changed: n.changed || into === dear });
      };
      if (n.j === head.length) {
        const set =
          n.states.map((s, i) => (live[i]!.accepts(s) ? live[i]!.p : '')).join('\n') +
          (apart?.(n.form) ? '\n+' : '');
        if (!out.has(set)) out.set(set, n.form);
        go('/', n.j, true, dear);
        continue;
      }
      // An empty segment: before the path, or after one of its slashes.
      if (n.j === 0 || head[n.j - 1] === '/') go('/', n.j, false, dear);
      if (decoded && head[n.j] === '%') {
        go('%25', n.j + 1, false, cheap);
        continue;
      }
      go(head[n.j]!, n.j + 1, false, cheap);
      if (encodes) for (const encoded of percentForms(head, n.j)) go(encoded, n.j + 1, false, dear);
    }
    cheap = dear;
  }
  return out;
}
