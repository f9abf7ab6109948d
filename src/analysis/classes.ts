// Every region of the request space, evaluated by the ordinary engine, merged into a short list of
// classes. A point is one region per dimension; its witness request is built from the regions'
// witness values and decided by `decide` (the chain). Neighbouring points with the same outcome
// (decision and deciding statements) merge along one dimension at a time until nothing merges.
import { InputError } from '../errors.js';
import type { Dimension, Region } from './dimension.js';
import { statedOrganization, type Space } from './space.js';
import { knownRoleAt, type AnalysisRequest, type AnalysisWorld, type RequestPrincipal } from './world.js';

/** Where a class lies: for each dimension the set of region indices (absent for "any"). */
export interface Point {
  kind: 'anonymous' | 'iam';
  /** One region index per dimension of the space (principal dims are -1 for anonymous). */
  regions: number[];
}

export interface RawClass<R> {
  kind: 'anonymous' | 'iam';
  outcome: R;
  key: string;
  /** Region indices per dimension. */
  sets: number[][];
  /** Every point in the class (for counterexamples and checks). */
  points: number[][];
}

/** The points of a space cap: beyond this the policies distinguish too much to enumerate. */
export const MAX_POINTS = 2_000_000;

const DIMENSIONS = new WeakMap<Space, Dimension[]>();

/** Every dimension of a space in point order (principal, route, context); built once per space. */
export function dimensionsOf(space: Space): Dimension[] {
  let dims = DIMENSIONS.get(space);
  if (!dims) DIMENSIONS.set(space, (dims = [...space.principal, ...space.route, ...space.context]));
  return dims;
}

/** The concrete request of a point: the witness value of each region. */
export function requestOf(world: AnalysisWorld, space: Space, point: Point): AnalysisRequest {
  const dims = dimensionsOf(space);
  const value = (id: string): string | undefined => {
    const i = dims.findIndex((d) => d.id === id);
    if (i === -1) return undefined;
    const r = point.regions[i]!;
    return r === -1 ? undefined : dims[i]!.regions[r]!.witness;
  };
  const context: Record<string, string> = {};
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (!d.id.startsWith('context:')) continue;
    const w = d.regions[point.regions[i]!]?.witness;
    if (w !== undefined) context[d.label] = w;
  }
  const route = value('route')!;
  const slash = route.indexOf('/');
  const base = {
    api: space.api.alias,
    method: route.slice(0, slash),
    path: `/${route.slice(slash + 1)}`,
    ...(Object.keys(context).length ? { context } : {}),
    ...(value('addressing') === 'alias' ? { viaAlias: true } : {}),
  };
  if (point.kind === 'anonymous') return { ...base, principal: { kind: 'anonymous' } };
  const account = value('account')!;
  const stated = statedOrganization(world, account);
  const org = dims.some((d) => d.id === 'org') ? value('org') : stated !== 'none' ? stated : undefined;
  const orgPath = value('orgPath');
  const tags: Record<string, string> = {};
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (!d.id.startsWith('tag:')) continue;
    const w = d.regions[point.regions[i]!]?.witness;
    if (w !== undefined) tags[d.id.slice(4)] = w;
  }
  const identity = value('identity')!;
  const uid = value('uid');
  const facts = {
    ...(org !== undefined ? { orgId: org } : {}),
    ...(orgPath !== undefined ? { orgPaths: [orgPath] } : {}),
  };
  const tagged = Object.keys(tags).length ? { tags } : {};
  const arn = `arn:aws:iam::${account}:${identity}`;
  const principal: RequestPrincipal = identity.startsWith('role/')
    ? {
        kind: 'role',
        arn,
        sessionName: value('session')!,
        ...(uid !== undefined ? { roleId: uid } : {}),
        ...facts,
        ...tagged,
      }
    : identity.startsWith('user/')
      ? { kind: 'user', arn, ...(uid !== undefined ? { userId: uid } : {}), ...facts, ...tagged }
      : { kind: 'root', arn, ...facts };
  return { ...base, principal };
}

/**
 * Whether the world rules a principal point out: an account whose organization is stated carries
 * that id; a known role carries its own unique id and nobody else carries it; root has no unique
 * id, a role no user's (AIDA…) and a user no role's (AROA…).
 */
function impossible(world: AnalysisWorld, space: Space, p: number[]): boolean {
  const dims = space.principal;
  const at = (id: string): string | undefined => {
    const i = dims.findIndex((d) => d.id === id);
    return i === -1 ? undefined : dims[i]!.regions[p[i]!]!.witness;
  };
  const account = at('account')!;
  if (dims.some((d) => d.id === 'org')) {
    // The principals of accounts whose organization is not stated may carry any.
    const stated = statedOrganization(world, account);
    if (stated !== undefined && at('org') !== (stated === 'none' ? undefined : stated)) return true;
  }
  if (dims.some((d) => d.id === 'uid')) {
    const identity = at('identity')!;
    const uid = at('uid');
    if (identity === 'root') return uid !== undefined;
    if (uid === undefined) return true;
    if (identity.startsWith('role/') ? uid.startsWith('AIDA') : uid.startsWith('AROA')) return true;
    const known = identity.startsWith('role/')
      ? knownRoleAt(world, account, identity.slice(identity.lastIndexOf('/') + 1))
      : undefined;
    if (known?.roleId !== undefined) return uid !== known.roleId;
    if (world.roles.some((r) => r.roleId === uid)) return true;
  }
  return false;
}

/** Every point of the space, anonymous first, skipping combinations the world rules out. */
export function* points(world: AnalysisWorld, space: Space): Generator<Point> {
  const np = space.principal.length;
  const rest = [...space.route, ...space.context];
  const restRegions = rest.map((d) => d.regions.length);
  const total =
    restRegions.reduce((a, b) => a * b, 1) * (1 + space.principal.reduce((a, d) => a * d.regions.length, 1));
  if (total > MAX_POINTS)
    throw new InputError(
      `the policies for API "${space.api.alias}" tell apart ${total} kinds of request (more than ${MAX_POINTS}); narrow it with --method/--path`,
    );
  const restCombos = product(restRegions);
  for (const r of restCombos) yield { kind: 'anonymous', regions: [...new Array<number>(np).fill(-1), ...r] };
  for (const p of product(space.principal.map((d) => d.regions.length))) {
    if (impossible(world, space, p)) continue;
    for (const r of restCombos) yield { kind: 'iam', regions: [...p, ...r] };
  }
}

function product(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < n; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

/**
 * Evaluate every point and merge. `outcome` decides a request (with the engine) and returns what
 * classes are grouped by plus its key.
 */
export function classify<R>(
  world: AnalysisWorld,
  space: Space,
  outcome: (req: AnalysisRequest) => { value: R; key: string },
  /** Combines the outcomes of two merged classes (same key), e.g. their deciding statements. */
  combine: (a: R, b: R) => R = (a) => a,
): { classes: RawClass<R>[]; outcomes: Map<string, R> } {
  const nd = dimensionsOf(space).length;
  let classes: RawClass<R>[] = [];
  const outcomes = new Map<string, R>();
  for (const pt of points(world, space)) {
    const o = outcome(requestOf(world, space, pt));
    outcomes.set(pointKey(pt.kind, pt.regions), o.value);
    classes.push({
      kind: pt.kind,
      outcome: o.value,
      key: `${pt.kind}\0${o.key}`,
      sets: pt.regions.map((r) => [r]),
      points: [pt.regions],
    });
  }
  // Merge along the route and context first (they are usually free), then the principal.
  const np = space.principal.length;
  const order = [
    ...Array.from({ length: nd - np }, (_, i) => np + i),
    ...Array.from({ length: np }, (_, i) => np - 1 - i),
  ];
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of order) {
      const groups = new Map<string, RawClass<R>>();
      const next: RawClass<R>[] = [];
      for (const c of classes) {
        const k = `${c.key}\0${c.sets.map((s, i) => (i === d ? '' : s.join(','))).join('|')}`;
        const g = groups.get(k);
        if (!g) {
          groups.set(k, c);
          next.push(c);
          continue;
        }
        changed = true;
        g.outcome = combine(g.outcome, c.outcome);
        g.sets[d] = [...new Set([...g.sets[d]!, ...c.sets[d]!])].sort((a, b) => a - b);
        for (const p of c.points) g.points.push(p);
      }
      classes = next;
    }
  }
  return { classes, outcomes };
}

export function pointKey(kind: 'anonymous' | 'iam', regions: readonly number[]): string {
  return `${kind}:${regions.join(',')}`;
}

/** Every point of a box (one region per dimension from each set); undefined beyond `cap`. */
export function boxPoints(sets: readonly (readonly number[])[], cap = 50_000): number[][] | undefined {
  let n = 1;
  for (const s of sets) n *= s.length;
  if (n > cap) return undefined;
  return product(sets.map((s) => s.length)).map((ix) => ix.map((i, d) => sets[d]![i]!));
}

/**
 * The allowed set as a short cover of boxes: each box of the partition grows along every dimension
 * while every point it takes in has the wanted outcome (or does not exist), then boxes inside
 * another are dropped. Boxes may overlap; each holds only points with the outcome.
 */
export function cover<R>(
  boxes: RawClass<R>[],
  outcomes: Map<string, R>,
  space: Space,
  wanted: (r: R) => boolean,
): { kind: 'anonymous' | 'iam'; sets: number[][] }[] {
  const dims = dimensionsOf(space);
  const np = space.principal.length;
  const out: { kind: 'anonymous' | 'iam'; sets: number[][] }[] = [];
  for (const b of boxes) {
    const sets = b.sets.map((s) => [...s]);
    for (let d = 0; d < dims.length; d++) {
      if (b.kind === 'anonymous' && d < np) continue;
      for (let r = 0; r < dims[d]!.regions.length; r++) {
        if (sets[d]!.includes(r)) continue;
        const trial = sets.map((s, i) => (i === d ? [r] : s));
        const pts = boxPoints(trial);
        if (!pts) continue;
        const ok = pts.every((p) => {
          const o = outcomes.get(pointKey(b.kind, p));
          return o === undefined || wanted(o);
        });
        if (ok) sets[d] = [...sets[d]!, r].sort((x, y) => x - y);
      }
    }
    out.push({ kind: b.kind, sets });
  }
  const inside = (a: number[][], c: number[][]) => a.every((s, i) => s.every((r) => c[i]!.includes(r)));
  return out.filter(
    (a, i) =>
      !out.some(
        (c, j) =>
          j !== i && c.kind === a.kind && inside(a.sets, c.sets) && (!inside(c.sets, a.sets) || j < i),
      ),
  );
}

/** Whether a set of regions covers the whole dimension. */
export function isAny(d: Dimension, set: readonly number[]): boolean {
  return set.length === d.regions.length;
}

export type { Region };
