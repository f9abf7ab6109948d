// One dimension of a request (the principal's account, its role path and name, a tag, a context
// key, the method, the path) split into the finitely many regions the policies can tell apart:
// values with the same answer to every "atom" (a value, pattern or CIDR a policy mentions) fall in
// the same region, plus "absent" where the key may be missing. Each region keeps one witness value.
import { compileWildcard, ipInCidr, parseCidr, toInstant, toNumber } from '../policy/index.js';
import { explore, instances } from './glob.js';
import { checkDimensionPatterns, refuseUnexplored } from './limits.js';
import { memoised } from './memo.js';
import { globSource } from '../escape/index.js';

/** A value, pattern or block a policy mentions, as a test on one value of the dimension. */
export interface Atom {
  /** How it reads in a class description, e.g. `"CheckoutRole"`, `like "break-glass-*"`. */
  label: string;
  /** As data: what kind of test and its operand. */
  kind:
    | 'equals'
    | 'equals-ignore-case'
    | 'like'
    | 'cidr'
    | 'name'
    | 'names'
    | 'bool'
    | 'member'
    | 'principal-type'
    | 'number'
    | 'date';
  value: string;
  test(v: string): boolean;
  /** Values in the atom (tried first as witnesses). */
  seeds: string[];
  /** Wildcard patterns whose union is the atom, for the witness search. */
  globs?: string[];
  /** Where the policy writes it (a condition's file and statement), for a refusal of its patterns. */
  from?: { file: string; ref: string };
  /** An ordered atom's threshold (a number, or ms since the epoch), to read a region as an interval. */
  at?: number;
  /** An ordered atom's test: equal to `at`, below it, or at or below it. */
  rel?: Relation;
  /**
   * The route atom of the Resource patterns' paths written another way (space.ts): a Resource with
   * policy variables is read there on the path as written only.
   */
  spelled?: true;
}

/** How an ordered atom compares a value with its threshold. */
export type Relation = 'eq' | 'lt' | 'le';

/** The engine's matcher for a pattern, compiled once (the same patterns recur for every API). */
const matcher = memoised(compileWildcard);

/** The words of an ordered atom's relation, by kind: "< 60", "at or before 2026-…". */
export const RELATION_WORDS = {
  number: { eq: '=', lt: '<', le: '≤' },
  date: { eq: 'at', lt: 'before', le: 'at or before' },
} as const;

/**
 * A reader that keeps the last value it read: a dimension tests each value against every atom in
 * turn (a DateGreaterThan of 1,000 instants parsed each candidate 1,000 times: 7 s, issue 12).
 */
function lastRead(read: (v: string) => number | undefined): (v: string) => number | undefined {
  let last: { v: string; x: number | undefined } | undefined;
  return (v) => {
    if (last === undefined || last.v !== v) last = { v, x: read(v) };
    return last.x;
  };
}
const READERS = { number: lastRead(toNumber), date: lastRead(toInstant) };

/** An ordered value (a number or an instant) a condition compares with: equal to it, below it, or not above it. */
function ordered(kind: 'number' | 'date', at: number, rel: Relation, text: string): Atom {
  const read = READERS[kind];
  return {
    label: `${RELATION_WORDS[kind][rel]} ${text}`,
    kind,
    value: `${{ eq: '', lt: '<', le: '<=' }[rel]}${text}`,
    test: (v) => {
      const x = read(v);
      return x !== undefined && (rel === 'eq' ? x === at : rel === 'lt' ? x < at : x <= at);
    },
    seeds: [text],
    at,
    rel,
  };
}

/** The value with its last letter's case turned ("ci" -> "cI"); unchanged when it has none. */
function turnLastLetter(v: string): string {
  for (let i = v.length - 1; i >= 0; i--) {
    const ch = v[i]!;
    const turned = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    if (turned !== ch) return v.slice(0, i) + turned + v.slice(i + 1);
  }
  return v;
}

/** A path no policy is expected to name: the witness of "this name at another path". */
const OTHER_PATH = 'spokegate-other/';

export const atoms = {
  equals(value: string): Atom {
    return { label: JSON.stringify(value), kind: 'equals', value, test: (v) => v === value, seeds: [value] };
  },
  equalsIgnoreCase(value: string): Atom {
    const lower = value.toLowerCase();
    return {
      label: `${JSON.stringify(value)} (any case)`,
      kind: 'equals-ignore-case',
      value,
      test: (v) => v.toLowerCase() === lower,
      // With the last letter's case turned too: a witness of "this value in another case" that
      // keeps a lower-case head (role/ci -> role/cI; ROLE/CI is no principal).
      seeds: [value, value.toUpperCase(), lower, turnLastLetter(value)],
    };
  },
  /** A pattern (or the union of residual patterns) matched with the engine's matcher. */
  like(label: string, globs: string[], fill: string, phrase = 'like'): Atom {
    const ms = globs.map(matcher);
    return {
      label: `${phrase} ${JSON.stringify(label)}`,
      kind: 'like',
      value: label,
      test: (v) => ms.some((m) => m.test(v)),
      seeds: globs.flatMap((g) => instances(g, fill)),
      globs,
    };
  },
  /**
   * A role named `name` in any path: a session ARN names the role without its path. Values of the identity dimension are `role/PATH/NAME`, `user/PATH/NAME`, `federated-user/NAME` or `root`.
   */
  named(type: 'role' | 'user', name: string): Atom {
    const head = `${type}/`;
    return {
      label: `${type} ${JSON.stringify(name)} (any path)`,
      kind: 'name',
      value: `${head}${name}`,
      test: (v) =>
        v.startsWith(head) &&
        (v.length === head.length + name.length ? v.endsWith(name) : v.endsWith(`/${name}`)),
      seeds: [`${head}${name}`, `${head}q/${name}`],
      globs: [`${head}${name}`, `${head}*/${name}`],
    };
  },
  /**
   * The role (or user) at `path` ("" or "audit/") named `name`: a Principal entry's ARN names it
   * with its path, and another path is another ARN (IAM identifiers). The seeds hold the name at
   * another path too, so "the same name elsewhere" has a witness.
   */
  namedAt(type: 'role' | 'user', path: string, name: string): Atom {
    const v = `${type}/${path}${name}`;
    return {
      ...atoms.equals(v),
      label: `${type} ${JSON.stringify(name)} at path /${path}`,
      seeds: [v, `${type}/${OTHER_PATH}${name}`],
    };
  },
  /**
   * Several roles (or users), each at its path ("audit/AuditRole"), that every policy names alike
   * (in the same statements, for the same accounts): no request tells them apart, so they are one
   * atom, not one each.
   */
  namedAlike(type: 'role' | 'user', pathsAndNames: string[]): Atom {
    const head = `${type}/`;
    const set = new Set(pathsAndNames);
    const shown = pathsAndNames.slice(0, 3).map((n) => JSON.stringify(`/${n}`));
    return {
      label: `one of the ${pathsAndNames.length} ${type === 'user' ? 'IAM user' : type}s the policies name together (${shown.join(', ')}${pathsAndNames.length > 3 ? ', …' : ''})`,
      kind: 'names',
      value: pathsAndNames.map((n) => `${head}${n}`).join(','),
      test: (v) => v.startsWith(head) && set.has(v.slice(head.length)),
      seeds: pathsAndNames.flatMap((n) => [
        `${head}${n}`,
        `${head}${OTHER_PATH}${n.slice(n.lastIndexOf('/') + 1)}`,
      ]),
      globs: pathsAndNames.map((n) => `${head}${n}`),
    };
  },
  /** Role sessions, IAM users, federated users or the account root (aws:PrincipalType AssumedRole, User, FederatedUser, Account). */
  principalType(type: 'role' | 'user' | 'federated-user' | 'root'): Atom {
    const label = {
      role: 'a role',
      user: 'an IAM user',
      'federated-user': 'a federated user',
      root: 'the account root',
    }[type];
    const other = { role: 'OtherRole', user: 'OtherUser', 'federated-user': 'OtherFederated', root: '' }[
      type
    ];
    return {
      label,
      kind: 'principal-type',
      value: type,
      test: type === 'root' ? (v) => v === 'root' : (v) => v.startsWith(`${type}/`),
      seeds: type === 'root' ? ['root'] : [`${type}/${other}`],
    };
  },
  /** Values that read as a number (a date): those a Numeric (Date) condition can compare. */
  parses(what: 'number' | 'date', read: (v: string) => number | undefined): Atom {
    return { label: `a ${what}`, kind: what, value: what, test: (v) => read(v) !== undefined, seeds: [] };
  },
  /** A number a Numeric condition compares with: equal to it, below it, or not above it. */
  number(n: number, rel: Relation): Atom {
    return ordered('number', n, rel, String(n));
  },
  /** An instant a Date condition compares with (ms since the epoch): at it, before it, or not after it. */
  date(ms: number, rel: Relation): Atom {
    // A policy may name an instant no Date can show (epoch seconds 99999999999999999999).
    const shown = Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms / 1000} seconds since 1970`;
    return ordered('date', ms, rel, shown);
  },
  cidr(block: string): Atom {
    const c = parseCidr(block);
    return {
      label: `in ${block}`,
      kind: 'cidr',
      value: block,
      test: (v) => ipInCidr(v, c),
      seeds: cidrSeeds(block),
    };
  },
};

/** Addresses at the edges of a block and just outside it. */
function cidrSeeds(block: string): string[] {
  const [addr = '', len] = block.split('/');
  if (!addr.includes('.')) return [addr];
  const n = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const prefix = len === undefined ? 32 : Number(len);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(n / size) * size;
  const dotted = (x: number) =>
    [24, 16, 8, 0].map((s) => Math.floor((((x % 2 ** 32) + 2 ** 32) % 2 ** 32) / 2 ** s) % 256).join('.');
  return [dotted(base), dotted(base + size - 1), dotted(base + size), dotted(base - 1)];
}

export interface Region {
  /** Which atoms hold ('1'/'0' per atom), or 'absent'. */
  signature: string;
  /** A value in the region; undefined for absent. */
  witness: string | undefined;
  /** The atoms the region's values match. */
  matched: Atom[];
}

export interface DimensionSpec {
  /** Stable id (`account`, `role`, `session`, `tag:team`, `context:aws:SourceIp`, `method`, `path`). */
  id: string;
  /** How it reads: "account", "tag team", "aws:SourceIp". */
  label: string;
  atoms: Atom[];
  /** The key may be missing from a request. */
  absent: boolean;
  /** Values a request may really carry (witnesses must be valid). */
  valid: (v: string) => boolean;
  /** Values that match no atom, tried for "anything else". */
  fresh: string[];
  /** Why the value cannot be known before the request is made, when it cannot. */
  unknowable?: string;
  /** A fixed set of values (methods): every one is its own region. */
  enumerated?: string[];
  /** How an enumerated value reads, when not as itself in quotes. */
  words?: Record<string, string>;
  /** Characters a value may hold that the witness search tries as "none of the patterns'" (default: letters). */
  freshChars?: string;
  /**
   * What a readable witness inserts for a `*` the search took as nothing, given that witness
   * (default "1": `break-glass-*` reads `break-glass-1`, not `break-glass-`).
   */
  starFill?: (witness: string) => string;
  /** Whether a witness already reads like a real value (default: no pattern's `*` taken as nothing). */
  reads?: (witness: string) => boolean;
  /**
   * How oddly a witness reads (0: not at all), for values whose odd spots the search leaves
   * wherever a pattern's `*` was taken as nothing (an empty path segment): a region's witness gets
   * a character more, one spot at a time, while that stays in the region.
   */
  oddness?: (witness: string) => number;
  /**
   * Where tidying may make a witness read less oddly, ascending: the places a character filled in
   * (`fill`), and the characters dropped (`drop`); by default every place. A route of 10,000 parts
   * tried each of its 20,000 places, each a copy of the route read whole (attack run 13 L05: 15 s).
   */
  oddSpots?: (witness: string) => { fill: readonly number[]; drop: readonly number[] };
  /**
   * Rewrites of a witness tried before single characters when tidying (a whole id inserted or put
   * right: an organization path's root and OUs), each kept only if it reads less oddly and stays in
   * the region.
   */
  edits?: (witness: string) => string[];
  /**
   * Values derived from each region's witness, tried once the search is done: the other ways of
   * writing a route's path (a value the atoms' own seeds and globs never reach).
   */
  spread?: (witness: string) => readonly string[];
  /**
   * Values read as another value of the dimension (a spelled path read as its normalised path):
   * tried after every other, so the regions and their order are those the other values make.
   */
  later?: (v: string) => boolean;
}

export class Dimension {
  readonly id: string;
  readonly label: string;
  readonly atoms: Atom[];
  readonly regions: Region[];
  readonly unknowable: string | undefined;
  /** Whether a value is one the dimension asks about (a request may carry it; --path/--method narrow it). */
  readonly valid: (v: string) => boolean;
  private readonly index = new Map<string, number>();
  private readonly regionCache = new Map<string, number>();
  private readonly enumerated: boolean;
  constructor(spec: DimensionSpec) {
    this.id = spec.id;
    this.enumerated = spec.enumerated !== undefined;
    this.label = spec.label;
    this.unknowable = spec.unknowable;
    this.valid = spec.valid;
    const seen = new Set<string>();
    this.atoms = spec.atoms.filter((a) => {
      const k = `${a.kind}\0${a.globs ? a.globs.join('\0') : a.value}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    this.regions = [];
    const deferred: string[] = [];
    const add = (v: string | undefined, late = false) => {
      if (v !== undefined && !spec.valid(v)) return;
      if (!late && v !== undefined && spec.later?.(v)) {
        deferred.push(v);
        return;
      }
      const sig = this.signature(v);
      if (this.index.has(sig)) return;
      this.index.set(sig, this.regions.length);
      this.regions.push({
        signature: sig,
        witness: v,
        matched: v === undefined ? [] : this.atoms.filter((a) => a.test(v)),
      });
    };
    if (spec.enumerated) {
      for (const v of spec.enumerated) {
        this.index.set(v, this.regions.length);
        const words = spec.words?.[v];
        this.regions.push({
          signature: v,
          witness: v,
          matched: [words !== undefined ? { ...atoms.equals(v), label: words } : atoms.equals(v)],
        });
      }
      return;
    }
    for (const a of this.atoms) for (const s of a.seeds) add(s);
    for (const f of spec.fresh) add(f);
    const globs = [...new Set(this.atoms.flatMap((a) => a.globs ?? []))];
    // Role names alone overlap in no way their seeds do not show; patterns need the search.
    if (globs.length && this.atoms.some((a) => a.kind === 'like')) {
      checkDimensionPatterns(this.label, spec.atoms); // every atom: each names where it is written
      const fresh = freshChar(globs, spec.freshChars);
      const exact = this.atoms.filter((a) => !a.globs).length;
      const found = explore(globs, {
        fresh,
        visits: 1 + Math.min(exact, 3),
        budget: 800,
        maxLength: globs.reduce((n, g) => n + g.replace(/\*/g, '').length, 0) + 4,
        exhaustive: true,
      });
      if (!found.complete) refuseUnexplored(this.label, spec.atoms);
      for (const s of found.strings) add(s);
      // Longer values of every region found (a role name or session needs some length).
      for (const r of [...this.regions]) if (r.witness !== undefined) add(r.witness + fresh + fresh);
      for (const r of this.regions) this.readable(r, spec);
    }
    if (spec.spread)
      for (const r of [...this.regions])
        if (r.witness !== undefined) for (const v of spec.spread(r.witness)) add(v);
    for (const v of deferred) add(v, true);
    if (spec.oddness) for (const r of this.regions) this.tidy(r, spec, spec.oddness);
    if (spec.absent) add(undefined);
    // An atom every value matches tells nothing apart: leave it out of the regions' readings.
    const present = this.regions.filter((r) => r.witness !== undefined);
    if (present.length > 1)
      for (const a of this.atoms)
        if (present.every((r) => r.matched.includes(a)))
          for (const r of present) r.matched = r.matched.filter((m) => m !== a);
  }

  /**
   * A witness the search found by taking a pattern's `*` as nothing (`break-glass-`, `AROA`) is
   * valid but reads oddly: the region's witness becomes the pattern with each `*` filled
   * (`starFill`), or the value with a character more, when that stays in the same region.
   */
  private readable(r: Region, spec: DimensionSpec): void {
    const w = r.witness;
    if (w === undefined) return;
    const globs = r.matched.flatMap((a) => (a.kind === 'like' ? (a.globs ?? []) : []));
    const reads = spec.reads ?? ((v) => !globs.some((g) => g.includes('*') && emptyStars(g).test(v)));
    if (reads(w)) return;
    const fill = (spec.starFill ?? (() => '1'))(w);
    // The filling goes where a `*` is: at the end, after each character, or sharing the character
    // before it (`AROA*` and `*A` hold together for AROA…A, not for AROA…).
    const candidates = [`${w}${fill}`];
    for (let i = w.length - 1; i >= 0; i--)
      candidates.push(
        `${w.slice(0, i)}${fill}${w.slice(i)}`,
        `${w.slice(0, i + 1)}${fill.slice(1)}${w.slice(i)}`,
      );
    for (const c of candidates)
      if (spec.valid(c) && reads(c) && this.signature(c) === r.signature) {
        r.witness = c;
        return;
      }
  }

  /** The region's witness with its odd spots filled (`files//GET/health` -> `files/1/GET/health`), when the region allows. */
  private tidy(r: Region, spec: DimensionSpec, oddness: (w: string) => number): void {
    let w = r.witness;
    if (w === undefined) return;
    let odd = oddness(w);
    const fill = spec.starFill?.(w) ?? '1';
    // Each round fills one spot; a witness has few (the patterns' stars).
    for (let round = 0; odd > 0 && round < 8; round++) {
      // The rewrite that reads least oddly, if any reads less oddly than the witness.
      let better: string | undefined;
      let least = odd;
      for (const c of spec.edits?.(w) ?? []) {
        const o = oddness(c);
        if (o < least && spec.valid(c) && this.signature(c) === r.signature) [better, least] = [c, o];
      }
      const spots = spec.oddSpots?.(w);
      const every = (n: number) => Array.from({ length: n }, (_, i) => i);
      for (const i of spots?.fill ?? every(w.length + 1)) {
        if (better !== undefined) break;
        const c = `${w.slice(0, i)}${fill}${w.slice(i)}`;
        if (oddness(c) < odd && spec.valid(c) && this.signature(c) === r.signature) better = c;
      }
      // Where no character filled stays in the region (`GET/charges//beta/`: a second segment is
      // not served), a character dropped may (`GET/charges/beta/`).
      for (const i of spots?.drop ?? every(w.length)) {
        if (better !== undefined) break;
        const c = `${w.slice(0, i)}${w.slice(i + 1)}`;
        if (oddness(c) < odd && spec.valid(c) && this.signature(c) === r.signature) better = c;
      }
      if (better === undefined) break;
      w = better;
      odd = oddness(w);
    }
    r.witness = w;
  }

  /** The atoms a value matches, as the region's key. */
  signature(v: string | undefined): string {
    if (v === undefined) return 'absent';
    if (this.enumerated) return v;
    let s = '';
    for (const a of this.atoms) s += a.test(v) ? '1' : '0';
    return s;
  }

  /** The region of a value; -1 when the partition has no region for it (a completeness gap). */
  regionOf(v: string | undefined): number {
    if (v === undefined) return this.index.get('absent') ?? -1;
    // The same values are asked again and again (every configured role, for every API).
    let r = this.regionCache.get(v);
    if (r === undefined) {
      if (this.regionCache.size > 100_000) this.regionCache.clear();
      this.regionCache.set(v, (r = this.index.get(this.signature(v)) ?? -1));
    }
    return r;
  }
}

/** A pattern with its `*`s taken as nothing (`?` any one character), as a whole-value RegExp. */
function emptyStars(glob: string): RegExp {
  return new RegExp(`^${globSource(glob, '', '.')}$`, 's');
}

/** Letters past ASCII (Latin-1's, \p{L}: IAM tag values hold them) a witness may stand in with. */
const LATIN = 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ';

/**
 * A character no pattern holds, the dimension's own choices first: the search's completeness
 * rests on it (glob.ts overChars), so past them any digit, letter, `-_.` or other character no
 * pattern holds (patterns hold finitely many: one is always found). Before any other character,
 * those every IAM name and tag value may hold (`=+@`, then Latin letters past ASCII): the witness is
 * a value a principal can carry (a Deny of every ASCII character's `c*` on a tag was witnessed by
 * `?`, which no tag holds; attack run 20 A01).
 */
function freshChar(globs: string[], chars = 'qzjxkvwQZJX'): string {
  const used = new Set(globs.join(''));
  for (const c of `${chars}0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.=+@${LATIN}`)
    if (!used.has(c)) return c;
  for (let code = 0x21; ; code++) if (!used.has(String.fromCharCode(code))) return String.fromCharCode(code);
}
