// who-can: the complete set of request classes an endpoint and its APIs let through, each with its
// deciding statements and one concrete witness that the ordinary engine re-decides.
import type { StatementRef } from '../policy/index.js';
import {
  boxPoints,
  chargePoints,
  classify,
  regionsOf,
  cover,
  variablesCannotHold,
  dimensionsOf,
  isAny,
  impossible,
  pointRequest,
  requestOf,
  standInRequest,
  tighten,
  unsearchedPoints,
  type Point,
  type PointOutcomes,
  type RawClass,
} from './classes.js';
import { RELATION_WORDS, type Atom, type Dimension, type Region } from './dimension.js';
import { PointBudget } from './limits.js';
import { buildSpace, issuedLater, type Space, type SpaceOptions } from './space.js';
import { isPathTwin } from './path-twins.js';
import {
  clockOf,
  allowingPathReadingOf,
  allowingReadingOf,
  authorizerOf,
  boundsAgree,
  decide,
  leastPermissiveWorld,
  mostPermissiveWorld,
  statedOrganization,
  withoutReading,
  PATH_READING_WORDS,
  READING_WORDS,
  type AnalysisApi,
  type AnalysisRequest,
  type AnalysisWorld,
  type CallerReading,
  type PathReading,
} from './world.js';

/** One region as data: absent, the values/patterns/blocks it matches, or none of them ("other"). */
export interface RegionData {
  absent?: true;
  other?: true;
  matches?: { kind: string; value: string }[];
}

/** A dimension a class constrains: its regions in the class, or the ones it excludes. */
export interface Constraint {
  dimension: string;
  label: string;
  in?: RegionData[];
  notIn?: RegionData[];
  /** Set when the value cannot be known before the request is made. */
  unknowable?: string;
}

export interface AccessClass {
  api: string;
  decision: 'allow' | 'deny';
  /**
   * Allowed only if the caller's identity policies allow, and spokegate does not know them: across
   * accounts (both must allow), a resource policy that names only the account (it delegates), or in
   * the API's own account where the resource policy is silent (the identity policy alone suffices).
   * Set for such classes alone; never for an account root (it holds every permission of its account).
   */
  ifIdentityAllows?: true;
  /**
   * Its requests are on a route whose authorizer decides (CUSTOM, COGNITO_USER_POOLS) or whose
   * authorization type is unknown (the stage and its canary disagree, or offline another stage's
   * types are not stated): the policies let them reach it, and they get through only if it allows,
   * which spokegate cannot know.
   */
  ifAuthorizerAllows?: true;
  /**
   * Its signed requests are on a NONE route and get through under one reading alone of whom the
   * resource policy sees (the signer, or an anonymous caller), which AWS does not establish
   * (docs/aws-behaviour.md §5d): the most that gets through, not a sure reach.
   */
  ifCallerReading?: CallerReading;
  /**
   * Its requests' paths (a trailing slash, `//`, a percent-encoded character) read two ways in the
   * resource ARN, as written or normalised, which AWS does not establish (docs/aws-behaviour.md §5c),
   * and they get through under this reading alone: the most that gets through, not a sure reach.
   */
  ifPathReading?: PathReading;
  /**
   * A path of the class written another way (`POST /payments//`), read as its normalised path (its
   * written reading lets in no more, so decide() is the normalised reading's), that gets through
   * only if its resource ARN holds the path normalised: the class's other requests are not so marked.
   */
  spellingIfNormalised?: string;
  principal: 'anonymous' | 'iam';
  constraints: Constraint[];
  /** The statements that decide (allowing ones for an allowed class). */
  statements: StatementRef[];
  /**
   * Set when the class's extent is not exact: some kinds of request in it (a combination of a
   * condition or Resource with policy variables and the other regions) were searched for and not
   * found, so they were not decided by the engine. Its witness is decided all the same.
   */
  approximate?: string;
  /**
   * Set when some kinds of request in the class are ones the search for policy variables found no
   * request of, allowed whatever the variables hold: the policies read as strictly as their
   * variables could make them allow them, and read as permissively give every answer alike
   * (boundsAgree). Its witness is decided all the same.
   */
  settledByBounds?: true;
  description: string;
  witness: AnalysisRequest;
}

export interface WhoCanOptions extends SpaceOptions {
  /** API aliases (default: all). */
  apis?: string[];
  /** The command's budget of points, when it analyses more than one world (one per stage). */
  budget?: PointBudget;
  /** Boxes of more points than this are not listed point by point (coverClasses; tests lower it). */
  listCap?: number;
}

type Outcome = {
  decision: 'allow' | 'deny';
  statements: StatementRef[];
  /** A kind no request was found for, allowed whatever the policy variables hold (AccessClass.settledByBounds). */
  settledByBounds?: true;
  ifIdentityAllows?: true;
  ifAuthorizerAllows?: true;
  ifCallerReading?: CallerReading;
  ifPathReading?: PathReading;
};

/** Every denied point's outcome (one object, kept for each: read, never changed). */
const DENIED: { value: Outcome; key: string } = { value: { decision: 'deny', statements: [] }, key: 'deny' };

/**
 * How an allowed request gets through: outright, only if its identity policy or its route's
 * authorizer allows, or (a signed call on a NONE route) only under one reading of whom the resource
 * policy sees.
 */
type Allowance =
  | 'outright'
  | 'if-identity'
  | 'if-authorizer'
  | 'if-signer-seen'
  | 'if-anonymous-seen'
  | `if-path-${PathReading}`
  | `if-path-${PathReading}-if-identity`;
const ALLOWANCES: Allowance[] = [
  'outright',
  'if-identity',
  'if-authorizer',
  'if-signer-seen',
  'if-anonymous-seen',
  'if-path-as-written',
  'if-path-normalised',
  'if-path-as-written-if-identity',
  'if-path-normalised-if-identity',
];
const allowanceOf = (o: Outcome): Allowance =>
  o.ifAuthorizerAllows
    ? 'if-authorizer'
    : o.ifCallerReading
      ? `if-${o.ifCallerReading}-seen`
      : o.ifPathReading
        ? `if-path-${o.ifPathReading}${o.ifIdentityAllows ? '-if-identity' : ''}`
        : o.ifIdentityAllows
          ? 'if-identity'
          : 'outright';

/** A request's allowance, asked of the engine (the verify step of coverClasses); undefined: not allowed. */
function allowanceOfRequest(world: AnalysisWorld, req: AnalysisRequest): Allowance | undefined {
  if (decide(world, req).decision !== 'allow') return undefined;
  if (authorizerOf(world, req) !== undefined) return 'if-authorizer';
  const reading = allowingReadingOf(world, req);
  if (reading) return `if-${reading}-seen`;
  const path = allowingPathReadingOf(world, req);
  const needs = decide(world, req, { unknownIdentity: 'silent' }).decision !== 'allow';
  if (path) return `if-path-${path}${needs ? '-if-identity' : ''}`;
  return needs ? 'if-identity' : 'outright';
}

/** A request's outcome in who-can's partition: denied, or allowed and how (Allowance). */
function outcomeOf(world: AnalysisWorld, req: AnalysisRequest): { value: Outcome; key: string } {
  const d = decide(world, req);
  if (d.decision !== 'allow') return DENIED;
  // On an authorizer's route the policies only let the request reach it.
  if (authorizerOf(world, req) !== undefined)
    return {
      value: { decision: 'allow', statements: d.statements, ifAuthorizerAllows: true },
      key: 'allow-if-authorizer',
    };
  // On a NONE route, allowed under one reading of whom the resource policy sees alone?
  const reading = allowingReadingOf(world, req);
  if (reading)
    return {
      value: { decision: 'allow', statements: d.statements, ifCallerReading: reading },
      key: `allow-if-${reading}-seen`,
    };
  // Allowed with identity policies that allow: also without them, or only with them?
  const needs = decide(world, req, { unknownIdentity: 'silent' }).decision !== 'allow';
  // A path whose resource ARN reads two ways (§5c), allowed under one alone?
  const path = allowingPathReadingOf(world, req);
  if (path)
    return {
      value: {
        decision: 'allow',
        statements: d.statements,
        ifPathReading: path,
        ...(needs ? { ifIdentityAllows: true as const } : {}),
      },
      key: `allow-if-path-${path}${needs ? '-if' : ''}`,
    };
  return needs
    ? {
        value: { decision: 'allow', statements: d.statements, ifIdentityAllows: true },
        key: 'allow-if',
      }
    : { value: { decision: 'allow', statements: d.statements }, key: 'allow' };
}

export const IDENTITY_ASSUMPTION =
  'identity policies are known only for the configured roles given them; for any other role or IAM user (or federated user), a class marked "if its identity policy allows" gets through only when the principal\'s own identity policies allow the call (spokegate cannot know them; in the API\'s own account that alone suffices, in another account the resource policy must allow too), and every allowed class holds unless they deny it; an account root holds every permission of its account (service control policies aside, unless the config states them: serviceControlPolicies)';

/** Why a class is approximate (AccessClass.approximate). */
export const APPROXIMATE =
  'a condition or Resource with policy variables ties two request values together; such requests are searched for, not solved, and some kinds of request in this class were not found, so the engine decided them nowhere';
/** The words a class holding kinds of request settled by the bounds of the policy variables says. */
export const SETTLED_BY_BOUNDS_WORDS =
  'kinds of request in it that the search for policy variables found no request of are allowed whatever the variables hold (each statement holding one read as strictly as it could be)';
/** The words an approximate class's description ends with. */
export const APPROXIMATE_WORDS = 'extent approximate (policy variables searched, not solved)';

/**
 * How the words after an aws:TokenIssueTime reading that only credentials issued later than now
 * fit begin (issuedLaterWords).
 */
export const ISSUED_LATER = ' (later than now';

/**
 * The words after an aws:TokenIssueTime reading that only credentials issued later than now fit:
 * none were issued by now, and once issued they get through with no policy changed (docs/cli.md,
 * who-can). They name the instant: without --now it is the start of the run's UTC day, and
 * credentials issued since may exist already (until 2026-12-02, pass 15, the words said "no such
 * credentials yet" of them).
 */
function issuedLaterWords(now: number): string {
  return `${ISSUED_LATER}, ${new Date(now).toISOString()}: none issued by then; issued later, they get through)`;
}

/** The words a class whose access depends on unknown identity policies ends with. */
export const IF_IDENTITY_ALLOWS = 'if its identity policy allows (not known to spokegate)';

/** The words a class on a route whose authorizer decides ends with. */
export const IF_AUTHORIZER_ALLOWS =
  "if the route's authorizer allows (CUSTOM or Cognito, or a type not known: the stage and its canary disagree on it, or, offline, the API states no routes or another stage's types are not stated; not known to spokegate)";

/**
 * A layer who-can does not have, or (`search`) kinds of request of an API its search for policy
 * variables could neither find nor rule out: the answer over it is unknown.
 */
export interface UnknownLayer {
  layer: 'resource' | 'identity' | 'search';
  api?: string;
  role?: string;
  why: string;
  /**
   * `search`: the principals (role and IAM user ARNs, `anonymous`) of every kind left, when each
   * kind's are known (one, or the few the policies name together); a proof that already counts
   * them as listed needs nothing from those kinds.
   */
  principals?: string[];
  /** `search`: the account of every kind left (`anonymous` for an unsigned caller), when each has one. */
  accounts?: string[];
  /**
   * `search`: the organization id every kind's principals carry (`none`: in no organization), when
   * each kind's is known: a proof about outsiders needs nothing from kinds all inside.
   */
  organizations?: string[];
}

export class WhoCan {
  readonly endpoint: string | undefined;
  /**
   * Layers not given or not readable. An API whose resource layer is unknown has no classes (its
   * resource policy decides every signed call); a role whose identity layer is unknown is analysed as
   * any other principal (IDENTITY_ASSUMPTION). Either way the answer is unknown, never definite.
   */
  readonly unknown: UnknownLayer[];
  /** Allowed classes, API by API. */
  readonly classes: AccessClass[];
  readonly notes: string[];
  readonly unknowable: { key: string; why: string }[];
  readonly points: number;
  /** Per API: its space, the partition and each partition class as reported (made when first asked). */
  readonly #spaces: Map<string, { space: Space; raw: RawClass<Outcome>[]; out: Map<string, AccessClass> }>;
  readonly #world: AnalysisWorld;
  readonly #reported = new Map<string, { kind: 'anonymous' | 'iam'; sets: number[][]; cls: AccessClass }[]>();
  /**
   * The regions of the last request asked about: a check asks classOf and reportedClassesOf of one
   * request in turn (requests are never changed once made, see world.ts).
   */
  #last: { req: AnalysisRequest; space: Space; regions: number[] | undefined } | undefined;

  /** `spaces`: every API's space, built and charged already (planWhoCan). */
  constructor(world: AnalysisWorld, opts: WhoCanOptions = {}, spaces?: Map<AnalysisApi, Space>) {
    this.#world = world;
    this.#spaces = new Map();
    this.endpoint = world.endpoint?.alias;
    this.classes = [];
    const notes = new Set<string>([IDENTITY_ASSUMPTION]);
    const unknowable = new Map<string, string>();
    let points = 0;
    this.unknown = [];
    for (const r of world.roles)
      if (r.unknownIdentity) this.unknown.push({ layer: 'identity', role: r.alias, why: r.unknownIdentity });
    // Every API's space first, its points charged to the budget before any is decided.
    spaces ??= chargedSpaces(world, opts, opts.budget ?? new PointBudget());
    for (const api of world.apis) {
      if (opts.apis && !opts.apis.includes(api.alias)) continue;
      if (api.unknownResource) {
        this.unknown.push({ layer: 'resource', api: api.alias, why: api.unknownResource });
        continue;
      }
      const space = spaces.get(api)!;
      for (const n of space.notes) notes.add(n);
      for (const d of [...space.principal, ...space.context])
        if (d.unknowable) unknowable.set(d.label, d.unknowable);
      for (const v of space.unknowableVariables ?? []) unknowable.set(v.key, v.why);
      const { classes: raw, outcomes } = classify<Outcome>(
        world,
        space,
        (req) => outcomeOf(world, req),
        (a, b) => {
          // The same outcome when no statement is new (most merges): no copy per point.
          const statements = unionRefs(a.statements, b.statements);
          return statements === a.statements ? a : { ...a, statements };
        },
      );
      // Kinds of request the search for policy variables neither found nor ruled out: the answer
      // over them is unknown, never "nobody" (docs/cli.md, who-can), unless the bounds of the
      // variables settle it: refused by the world read most permissively (left out, as before), or
      // answered alike by it and the world read most strictly (boundsAgree: the world's own answer
      // is then theirs whatever the variables hold), which puts the kind in the partition.
      const upper = mostPermissiveWorld(world);
      const settled: { pt: Point; req: AnalysisRequest; o: { value: Outcome; key: string } }[] = [];
      const missed = unsearched(world, space, outcomes, (req, pt) => {
        if (decide(upper, req).decision !== 'allow') return true;
        if (!boundsAgree(world, req)) return false;
        const o = outcomeOf(leastPermissiveWorld(world), req);
        if (o.value.decision === 'allow')
          settled.push({ pt, req, o: { ...o, value: { ...o.value, settledByBounds: true } } });
        return true;
      });
      for (const { pt, req, o } of settled) {
        outcomes.set(pt.kind, pt.regions, o.value);
        standInRequest(space, pt, req);
        raw.push({
          kind: pt.kind,
          outcome: o.value,
          key: `${pt.kind}\0${o.key}`,
          sets: pt.regions.map((r) => [r]),
          points: [pt.regions],
        });
      }
      if (missed) {
        const { count: _c, near: _n, ...layer } = missed;
        this.unknown.push({ layer: 'search', api: api.alias, ...layer });
      }
      if (space.unspread)
        this.unknown.push({ layer: 'search', api: api.alias, why: unspreadWhy(space.unspread) });
      if (space.readApart)
        this.unknown.push({ layer: 'search', api: api.alias, why: readApartWhy(space.readApart) });
      // Every request is in exactly one class of the partition (classOf); the allowed ones are
      // reported as a cover of larger, possibly overlapping classes, which reads shorter.
      for (const c of raw) points += c.points.length;
      this.#spaces.set(api.alias, { space, raw, out: new Map() });
      // Allowed whatever the caller's identity policies allow, then only if they allow, then only if
      // the route's authorizer allows.
      for (const allowance of ALLOWANCES) {
        const wanted = (o: Outcome) => o.decision === 'allow' && allowanceOf(o) === allowance;
        for (const r of coverClasses(
          world,
          space,
          raw.filter((c) => wanted(c.outcome)),
          outcomes,
          wanted,
          'allow',
          (req) => allowanceOfRequest(world, req) === allowance,
          opts.listCap,
        )) {
          if (allowance === 'if-identity') markConditional(r.cls);
          if (allowance === 'if-authorizer') markAuthorizer(r.cls);
          if (allowance === 'if-signer-seen') markReading(r.cls, 'signer');
          if (allowance === 'if-anonymous-seen') markReading(r.cls, 'anonymous');
          if (allowance.startsWith('if-path-')) {
            if (allowance.endsWith('-if-identity')) markConditional(r.cls);
            markPathReading(r.cls, allowance.includes('as-written') ? 'as-written' : 'normalised');
          } else markSpelling(r.cls, spellingIfNormalised(world, space, r));
          this.classes.push(r.cls);
          this.#reported.set(api.alias, [...(this.#reported.get(api.alias) ?? []), r]);
        }
      }
    }
    this.notes = [...notes];
    this.unknowable = [...unknowable].map(([key, why]) => ({ key, why }));
    this.points = points;
  }

  /**
   * The class a concrete request falls in; undefined when the partition has no region for it. A
   * class of the partition may hold several kinds of principal (roles and federated users the same
   * policies decide alike); the one returned holds the request's own kind alone, so it reads as that
   * kind ("any federated user whose name is …", not "any IAM user, account root or federated user
   * whose ARN names neither a role nor …").
   */
  classOf(req: AnalysisRequest): AccessClass | undefined {
    const s = this.#spaces.get(req.api);
    if (!s) return undefined;
    const regions = this.#regionsOf(s.space, req);
    if (!regions) return undefined;
    const kind = req.principal.kind === 'anonymous' ? 'anonymous' : 'iam';
    const i = s.raw.findIndex((c) => c.kind === kind && c.sets.every((set, d) => set.includes(regions[d]!)));
    if (i === -1) return undefined;
    const c = s.raw[i]!;
    let sets = c.sets;
    let key = String(i);
    if (kind === 'iam') {
      const di = s.space.principal.findIndex((d) => d.id === 'identity');
      const ids = s.space.principal[di]!.regions;
      const own = kindOf(ids[regions[di]!]!.witness!);
      sets = sets.map((set, d) => (d === di ? set.filter((r) => kindOf(ids[r]!.witness!) === own) : set));
      key = `${i}:${own}`;
    }
    let cls = s.out.get(key);
    if (!cls) {
      const inBox = (p: number[]) => sets.every((set, d) => set.includes(p[d]!));
      cls = toClass(
        this.#world,
        s.space,
        c.kind,
        tighten(this.#world, s.space, c.kind, sets),
        c.points.find(inBox) ?? regions,
        c.outcome.decision,
        c.outcome.statements,
      );
      // In the order the reported classes say them (coverClasses marks settled kinds first).
      if (c.outcome.settledByBounds) markSettled(cls);
      if (c.outcome.ifIdentityAllows) markConditional(cls);
      if (c.outcome.ifAuthorizerAllows) markAuthorizer(cls);
      if (c.outcome.ifCallerReading) markReading(cls, c.outcome.ifCallerReading);
      if (c.outcome.ifPathReading) markPathReading(cls, c.outcome.ifPathReading);
      s.out.set(key, cls);
    }
    return cls;
  }

  /** The reported (allowed) classes a concrete request is in; empty when it is denied. */
  reportedClassesOf(req: AnalysisRequest): AccessClass[] {
    const s = this.#spaces.get(req.api);
    const regions = s && this.#regionsOf(s.space, req);
    if (!regions) return [];
    const kind = req.principal.kind === 'anonymous' ? 'anonymous' : 'iam';
    return (this.#reported.get(req.api) ?? [])
      .filter((b) => b.kind === kind && b.sets.every((set, d) => set.includes(regions[d]!)))
      .map((b) => b.cls);
  }

  #regionsOf(space: Space, req: AnalysisRequest): number[] | undefined {
    const last = this.#last;
    if (last?.req === req && last.space === space) return last.regions;
    const regions = regionsOf(this.#world, space, req);
    this.#last = { req, space, regions };
    return regions;
  }

  /** Every allowed request of the partition of an API, one per point (for proofs). */
  allowedRequests(api: string): AnalysisRequest[] {
    const s = this.#spaces.get(api);
    if (!s) return [];
    return s.raw
      .filter((c) => c.outcome.decision === 'allow')
      .flatMap((c) =>
        c.points.map((regions) => pointRequest(this.#world, s.space, { kind: c.kind, regions })!),
      );
  }

  toJSON(): object {
    return answerJson(this);
  }
}

/**
 * Why the spellings of long routes were not searched (Space.unspread): each route shortened, as a
 * long one is never printed whole.
 */
function unspreadWhy(routes: readonly string[]): string {
  const words = routes.slice(0, 3).map((r) => {
    const w = r.replace('/', ' /');
    return w.length > 60 ? `${w.slice(0, 40)}… (${w.length} characters)` : w;
  });
  const them = routes.length === 1 ? 'it' : 'them';
  return `the ways of writing ${routes.length === 1 ? 'the route' : `${routes.length} routes`} ${words.join(', ')}${routes.length > 3 ? ', …' : ''} were not searched: the Resource patterns tell apart more than the form search's bound of them, and a spelling of ${them} the engine reads both as written and normalised (docs/aws-behaviour.md §55) may be allowed where no class says so (docs/limits.md)`;
}

/** Why paths written another way were not searched under Resources with policy variables (Space.readApart). */
function readApartWhy(templates: readonly string[]): string {
  const named = templates.slice(0, 2).map((t) => JSON.stringify(t.length > 120 ? `${t.slice(0, 100)}…` : t));
  return `paths written another way (\`//\`, \`%XX\`, a trailing \`/\`) were not searched under Resource ${named.join(', ')}${templates.length > 2 ? ', …' : ''}: its policy variables may hold such a path as written, so it is read there as written alone, while the engine reads the path both as written and normalised (docs/aws-behaviour.md §55): a request it matches normalised alone may be allowed where no class says so`;
}

/** An answer as data: one analysis, or who-can's over every stage (with its `stages`). */
export function answerJson(r: {
  readonly endpoint: string | undefined;
  readonly unknown: readonly unknown[];
  readonly stages?: readonly unknown[];
  readonly classes: readonly unknown[];
  readonly unknowable: readonly unknown[];
  readonly notes: readonly string[];
  readonly points: number;
}): object {
  return {
    endpoint: r.endpoint ?? null,
    unknown: r.unknown,
    ...(r.stages ? { stages: r.stages } : {}),
    classes: r.classes,
    unknowable: r.unknowable,
    notes: r.notes,
    points: r.points,
  };
}

/**
 * The kinds of request of a space its search for policy variables neither found nor ruled out
 * (unsearchedPoints), when there are any: how many, in words with the first few, and a request
 * near the first (its regions' witnesses: not one of them, which is the point). With `refused`
 * (who-can, the proofs), a kind the world refuses even with its policies read as permissively as
 * their variables could make them (mostPermissiveWorld) is left out: none of its requests is
 * allowed, whatever the variables hold (a gap only a Deny ties, or whose Allows name another).
 * A function instead says which kinds to leave out by a request of the kind (diff by classes: its
 * sides' policies are not the world's; it reads them by the same mostPermissive).
 */
export function unsearched<R>(
  world: AnalysisWorld,
  space: Space,
  outcomes: PointOutcomes<R>,
  refused: boolean | ((req: AnalysisRequest, pt: Point) => boolean) = false,
): Unsearched | undefined {
  const upper = refused === true ? mostPermissiveWorld(world) : undefined;
  const aside = upper
    ? (req: AnalysisRequest) => decide(upper, req).decision !== 'allow'
    : typeof refused === 'function'
      ? refused
      : undefined;
  return unsearchedBy(world, space, outcomes, (req, pt) => (aside?.(req, pt) ? undefined : 'missed')).get(
    'missed',
  );
}

/** Kinds of request no search settled, in words (see unsearched). */
export type Unsearched = { count: number; why: string; near: AnalysisRequest } & Pick<
  UnknownLayer,
  'principals' | 'accounts' | 'organizations'
>;

/**
 * unsearched for several sets of kinds in one walk: `which` puts each kind (by a request of it)
 * in one set, or in none (set aside); each set's kinds, said as unsearched says them. One walk of
 * the space's possible points, one question per kind (diff's three sets of kinds walked it thrice).
 */
export function unsearchedBy<R, K extends string>(
  world: AnalysisWorld,
  space: Space,
  outcomes: PointOutcomes<R>,
  which: (req: AnalysisRequest, pt: Point) => K | undefined,
): Map<K, Unsearched> {
  // Per set: its kinds' count, the first few, and whose they are when each kind says (see
  // UnknownLayer.principals, accounts, organizations).
  type Kinds = {
    count: number;
    sample: Point[];
    whose: Record<'principals' | 'accounts' | 'organizations', Set<string>>;
    exact: Record<'principals' | 'accounts' | 'organizations', boolean>;
  };
  const sets = new Map<K, Kinds>();
  for (const pt of unsearchedPoints(world, space, outcomes)) {
    const key = which(requestOf(world, space, pt), pt);
    if (key === undefined) continue;
    let at = sets.get(key);
    if (!at) {
      at = {
        count: 0,
        sample: [],
        whose: { principals: new Set(), accounts: new Set(), organizations: new Set() },
        exact: { principals: true, accounts: true, organizations: true },
      };
      sets.set(key, at);
    }
    const kinds = at;
    const note = (what: keyof Kinds['whose'], values: readonly string[] | undefined) => {
      if (!kinds.exact[what]) return;
      if (values === undefined) kinds.exact[what] = false;
      else for (const v of values) kinds.whose[what].add(v);
    };
    kinds.count++;
    const k = whoseKind(world, space, pt);
    note('principals', k.principals);
    note('accounts', k.account === undefined ? undefined : [k.account]);
    note('organizations', k.organization === undefined ? undefined : [k.organization]);
    if (kinds.sample.length < 5) kinds.sample.push(pt);
  }
  return new Map([...sets].map(([key, kinds]) => [key, unsearchedWords(world, space, kinds)]));
}

/** A set of kinds no search settled, in words: how many, the first few, and a request near the first. */
function unsearchedWords(
  world: AnalysisWorld,
  space: Space,
  missed: {
    count: number;
    sample: Point[];
    whose: Record<'principals' | 'accounts' | 'organizations', Set<string>>;
    exact: Record<'principals' | 'accounts' | 'organizations', boolean>;
  },
): Unsearched {
  const kinds = missed.sample.map((p) => pointWords(space, p)).join('; ');
  const them = missed.count === 1 ? 'it' : 'them';
  // Where the kinds lie in the region of patterns' paths written another way, why none is found.
  const dims = dimensionsOf(space);
  const routeAt = dims.findIndex((d) => d.id === 'route');
  const spelled = missed.sample.every((p) =>
    dims[routeAt]!.regions[p.regions[routeAt]!]!.matched.some((a) => a.spelled),
  );
  const because = spelled
    ? ` (each in the region of a Resource pattern's paths written another way, where a Resource with policy variables is read on the path as written only; a path of it may read normalised as one the Resource matches, so ${missed.count === 1 ? 'it' : 'they'} may hold requests: docs/aws-behaviour.md §55)`
    : '';
  const known = (what: keyof typeof missed.whose) =>
    missed.exact[what] ? { [what]: [...missed.whose[what]] } : {};
  return {
    count: missed.count,
    why: `${missed.count} kind${missed.count === 1 ? '' : 's'} of request could not be searched (policy variables tie request values together; no request of ${them} was found and none was ruled out, so the engine decided ${them} nowhere)${because}: ${kinds}${missed.count > missed.sample.length ? '; …' : ''}`,
    near: { ...requestOf(world, space, missed.sample[0]!), stage: space.api.stage },
    ...known('principals'),
    ...known('accounts'),
    ...known('organizations'),
  };
}

/**
 * Who makes every request of a kind, as far as its regions say: `principals`, the principals
 * (`anonymous`, role or IAM user ARNs) when the account region holds one value and the identity
 * region one role or user at a path a policy names, or the few the policies name together (any
 * session: a role covers its sessions); `account`, the one account (`anonymous` for an unsigned
 * caller); `organization`, the one organization id its principals carry (`none`: in none), by
 * the organization region or the account's stated membership.
 */
function whoseKind(
  world: AnalysisWorld,
  space: Space,
  pt: Point,
): { principals?: string[]; account?: string; organization?: string } {
  if (pt.kind === 'anonymous')
    return { principals: ['anonymous'], account: 'anonymous', organization: 'none' };
  const dims = dimensionsOf(space);
  const region = (id: string) => {
    const at = dims.findIndex((d) => d.id === id);
    return at === -1 ? undefined : dims[at]!.regions[pt.regions[at]!];
  };
  const one = (r: Region | undefined) =>
    r?.matched.some((a) => a.kind === 'equals') ? r.witness : undefined;
  const account = one(region('account'));
  const org = region('org');
  const stated = account === undefined ? undefined : statedOrganization(world, account);
  const organization = org ? (org.witness === undefined ? 'none' : one(org)) : stated;
  const orgPart = organization !== undefined ? { organization } : {};
  if (account === undefined) return orgPart;
  const identity = region('identity');
  const names = identity?.matched.find((a) => a.kind === 'names')?.value.split(',');
  const single = one(identity);
  const identities = names ?? (single !== undefined ? [single] : undefined);
  const principals = identities?.every((i) => i.startsWith('role/') || i.startsWith('user/'))
    ? identities.map((i) => `arn:aws:iam::${account}:${i}`)
    : undefined;
  return { ...(principals ? { principals } : {}), account, ...orgPart };
}

/** One point in words: each dimension's region ("route GET /users/{id}", "tag team is …"). */
function pointWords(space: Space, p: Point): string {
  const dims = dimensionsOf(space);
  const parts: string[] = [];
  if (p.kind === 'anonymous') parts.push('anonymous');
  const identityAt = dims.findIndex((d) => d.id === 'identity');
  const role =
    p.kind === 'iam' && dims[identityAt]!.regions[p.regions[identityAt]!]!.witness!.startsWith('role/');
  dims.forEach((d, i) => {
    const r = p.regions[i]!;
    if (r < 0 || (d.id === 'session' && !role)) return;
    parts.push(`${d.label} ${regionText(d, d.regions[r]!)}`);
  });
  return `(${parts.join(', ')})`;
}

function markConditional(cls: AccessClass): void {
  cls.ifIdentityAllows = true;
  cls.description += `; ${IF_IDENTITY_ALLOWS}`;
}

function markAuthorizer(cls: AccessClass): void {
  cls.ifAuthorizerAllows = true;
  cls.description += `; ${IF_AUTHORIZER_ALLOWS}`;
}

function markReading(cls: AccessClass, reading: CallerReading): void {
  cls.ifCallerReading = reading;
  cls.description += `; ${ifReadingWords(reading)}`;
}

function markSettled(cls: AccessClass): void {
  cls.settledByBounds = true;
  cls.description += `; ${SETTLED_BY_BOUNDS_WORDS}`;
}

/**
 * A spelling read as its normalised path (Space.readAsNormalised) in box `b`, at the class's
 * witness, that decide() lets in under the normalised reading alone; "METHOD /path", or undefined.
 */
function spellingIfNormalised(
  world: AnalysisWorld,
  space: Space,
  b: { kind: 'anonymous' | 'iam'; sets: number[][]; cls: AccessClass },
): string | undefined {
  if (!space.readAsNormalised) return undefined;
  const at = dimensionsOf(space).findIndex((d) => d.id === 'route');
  for (const r of b.sets[at]!)
    for (const v of space.readAsNormalised.get(r) ?? []) {
      const slash = v.indexOf('/');
      const req = { ...withoutReading(b.cls.witness), method: v.slice(0, slash), path: v.slice(slash) };
      const regions = regionsOf(world, space, req);
      if (regions && b.sets.every((set, d) => set.includes(regions[d]!)))
        if (allowingPathReadingOf(world, req) === 'normalised') return `${req.method} ${req.path}`;
    }
  return undefined;
}

function markSpelling(cls: AccessClass, spelling: string | undefined): void {
  if (spelling === undefined) return;
  cls.spellingIfNormalised = spelling;
  cls.description += `; written another way (e.g. ${spelling}), ${ifPathReadingWords('normalised')}`;
}

function markPathReading(cls: AccessClass, reading: PathReading): void {
  cls.ifPathReading = reading;
  cls.description += `; ${ifPathReadingWords(reading)}`;
}

/** The words a class allowed under one reading of its path's resource ARN ends with. */
export const ifPathReadingWords = (reading: PathReading): string =>
  `only if its resource ARN holds ${PATH_READING_WORDS[reading]} (AWS does not establish which: docs/aws-behaviour.md §5c)`;

/** The words a class allowed under one reading of a NONE route's caller ends with. */
export const ifReadingWords = (reading: CallerReading): string =>
  `only if the resource policy sees ${READING_WORDS[reading]} on this NONE route (AWS does not establish which: docs/aws-behaviour.md §5d)`;

/** Every API's space of `world` (as `opts` narrows them), its points charged to `budget`. */
function chargedSpaces(
  world: AnalysisWorld,
  opts: WhoCanOptions,
  budget: PointBudget,
): Map<AnalysisApi, Space> {
  const spaces = new Map<AnalysisApi, Space>();
  for (const api of world.apis) {
    if ((opts.apis && !opts.apis.includes(api.alias)) || api.unknownResource) continue;
    const space = buildSpace(world, api, opts);
    chargePoints(budget, world, space);
    spaces.set(api, space);
  }
  return spaces;
}

/**
 * Build and charge every API's space of whoCan(world, opts) to `opts.budget` now, and decide them
 * when the returned function is called: a command that analyses several worlds (who-can, one per
 * stage) plans them all first, so that past a limit it refuses before deciding (and holding) the
 * points of the worlds before (docs/limits.md).
 */
export function planWhoCan(
  world: AnalysisWorld,
  opts: WhoCanOptions & { budget: PointBudget },
): () => WhoCan {
  const spaces = chargedSpaces(world, opts, opts.budget);
  return () => new WhoCan(world, opts, spaces);
}

/** Whether a point's route is a path written another way (`GET/entries/`, `GET//entries`: path-twins.ts). */
function slashedAt(space: Space, p: readonly number[]): boolean {
  const w = space.route[0]?.regions[p[space.principal.length]!]?.witness;
  return w !== undefined && isPathTwin(w);
}

export function whoCan(world: AnalysisWorld, opts: WhoCanOptions = {}): WhoCan {
  return new WhoCan(world, opts);
}

/** Boxes of up to this many points are listed point by point (see coverClasses). */
const LIST_CAP = 50_000;

/**
 * The classes to report for the points with a wanted outcome: a cover of boxes, each with the
 * union of its points' statements and a witness that `verify` (the engine) must accept.
 */
export function coverClasses<R extends { statements: StatementRef[]; settledByBounds?: true }>(
  world: AnalysisWorld,
  space: Space,
  raw: RawClass<R>[],
  outcomes: PointOutcomes<R>,
  wanted: (r: R) => boolean,
  decision: 'allow' | 'deny',
  verify: (req: AnalysisRequest) => boolean,
  listCap = LIST_CAP,
): { kind: 'anonymous' | 'iam'; sets: number[][]; cls: AccessClass }[] {
  const split = cover(raw, outcomes, space, wanted).flatMap((b) =>
    byKind(space, b.kind, tighten(world, space, b.kind, b.sets)).map((sets) => ({
      kind: b.kind,
      sets: tighten(world, space, b.kind, sets),
    })),
  );
  // A box split by kind may lie inside another (the federated users of a box of roles and federated
  // users, inside a box of every federated user): it would read as a second, narrower class.
  const inside = (a: number[][], c: number[][]) => a.every((s, i) => s.every((r) => c[i]!.includes(r)));
  const boxes = split.filter(
    (a, i) =>
      !split.some(
        (c, j) =>
          j !== i && c.kind === a.kind && inside(a.sets, c.sets) && (!inside(c.sets, a.sets) || j < i),
      ),
  );
  const inBox = (sets: number[][], p: number[]) => p.every((r, i) => sets[i]!.includes(r));
  const out: { kind: 'anonymous' | 'iam'; sets: number[][]; cls: AccessClass }[] = [];
  // Points are found by a search only where policy variables tie two values together.
  const searched = space.conditionTemplates.length > 0 || space.templates.length > 0;
  // Points of credentials issued only later than now (a policy naming a later date): a witness
  // is one of them only when the class holds nothing else.
  const issuedAt = space.principal.findIndex((d) => d.id === 'issued');
  const issuedDim = space.principal[issuedAt];
  const later =
    issuedDim && issuedDim.regions.some((r) => issuedLater(r.witness, clockOf(world)))
      ? (p: number[]) =>
          p[issuedAt]! >= 0 && issuedLater(issuedDim.regions[p[issuedAt]!]!.witness, clockOf(world))
      : undefined;
  const pointsOf = boxes.map((b) => {
    // A box too large to enumerate takes its points from the raw classes inside it (the same
    // points: every existing point is in one raw class). Dropped, its requests were in no class.
    const every = boxPoints(b.sets, listCap);
    const pts = every
      ? every.filter((p) => outcomes.has(b.kind, p))
      : raw.flatMap((rc) =>
          rc.kind === b.kind && wanted(rc.outcome) ? rc.points.filter((p) => inBox(b.sets, p)) : [],
        );
    return { every, pts };
  });
  // Without policy variables every point that exists was decided, so a box's points taken from the
  // raw classes are all it holds, listed or not: it may be dropped like a listed one.
  const kept = redundantDropped(boxes, pointsOf, !searched);
  for (const [i, b] of boxes.entries()) {
    if (!kept[i]) continue;
    const { every, pts } = pointsOf[i]!;
    const all = every ?? [];
    // A possible point of the box that no request was found for: the box takes it in unchecked.
    const approximate =
      searched &&
      (all.length === 0 ||
        all.some(
          (p) =>
            !outcomes.has(b.kind, p) &&
            (b.kind === 'anonymous' || !impossible(world, space, p)) &&
            !variablesCannotHold(space, b.kind, p),
        ));
    let statements: StatementRef[] = [];
    let settled = false;
    for (const p of pts) {
      const o = outcomes.get(b.kind, p)!;
      statements = unionRefs(statements, o.statements);
      if (o.settledByBounds) settled = true;
    }
    // The witness: a point no other reported class holds, when there is one; of those, one whose
    // credentials can exist now (not issued later than now), when there is one.
    const alone = (p: number[]) =>
      !boxes.some((o, j) => j !== i && kept[j] && o.kind === b.kind && inBox(o.sets, p));
    // A path written another way (a trailing slash, `//`) is a witness only when the class holds no plainer one.
    const plainFirst = [
      ...pts.filter((p) => !slashedAt(space, p)),
      ...pts.filter((p) => slashedAt(space, p)),
    ];
    const own =
      (later && plainFirst.find((p) => alone(p) && !later(p))) ||
      plainFirst.find(alone) ||
      (later && plainFirst.find((p) => !later(p))) ||
      plainFirst[0];
    if (!own) continue;
    const cls = toClass(world, space, b.kind, b.sets, own, decision, statements, verify);
    if (approximate) {
      cls.approximate = APPROXIMATE;
      cls.description += `; ${APPROXIMATE_WORDS}`;
    }
    if (settled) markSettled(cls);
    out.push({ kind: b.kind, sets: b.sets, cls });
  }
  return out;
}

/**
 * Which boxes to keep: a box whose every point lies in other kept boxes of its kind adds no request
 * to the answer, only a second reading of requests another class already holds. The narrowest are
 * dropped first. A box too large to list its possible points is kept unless `complete` (no point
 * was left to a search, so the points found in it are every point it holds; until pass 16 such a
 * box was always kept: 27 classes where 25 said it all, on a world of 252,255 points).
 */
function redundantDropped(
  boxes: readonly { kind: 'anonymous' | 'iam'; sets: number[][] }[],
  pointsOf: readonly { every: number[][] | undefined; pts: number[][] }[],
  complete: boolean,
): boolean[] {
  const kept = boxes.map(() => true);
  // How many kept boxes hold each point.
  const holders = new Map<string, number>();
  const keyOf = (kind: string, p: number[]) => `${kind}:${p.join(',')}`;
  boxes.forEach((b, i) => {
    for (const p of pointsOf[i]!.pts) {
      const k = keyOf(b.kind, p);
      holders.set(k, (holders.get(k) ?? 0) + 1);
    }
  });
  const order = boxes
    .map((_, i) => i)
    .filter((i) => complete || pointsOf[i]!.every !== undefined)
    .sort((a, b) => pointsOf[a]!.pts.length - pointsOf[b]!.pts.length);
  for (const i of order) {
    const keys = pointsOf[i]!.pts.map((p) => keyOf(boxes[i]!.kind, p));
    if (keys.length === 0 || keys.some((k) => holders.get(k)! < 2)) continue;
    kept[i] = false;
    for (const k of keys) holders.set(k, holders.get(k)! - 1);
  }
  return kept;
}

/**
 * Where a class's principals are, by the reading of its account set: "of account 1111…" (or "of
 * account 1111… or 5555…"), "of any account other than 1111…", "of any account", else `other`
 * and the reading ("whose account is like "5*"").
 */
function accountWords(text: string | undefined, other = 'whose account'): string {
  if (text === undefined) return 'of any account';
  const ids = (t: string) =>
    /^"\d{12}"(?:(?:, | or | nor )"\d{12}")*$/.test(t) ? t.match(/\d{12}/g)! : undefined;
  const listed = (xs: string[]) =>
    xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)!}`;
  const not = /^is (?:not|none of|neither) (.*)$/.exec(text);
  const outside = not && ids(not[1]!);
  if (outside) return `of any account other than ${listed(outside)}`;
  const inside = ids(text.replace(/^is (?:one of )?/, ''));
  if (inside && !not) return `of account ${listed(inside)}`;
  return `${other} ${text}`;
}

/** What each kind of principal is called in a class's words. */
const KIND_NOUN = {
  role: 'role',
  user: 'IAM user',
  'federated-user': 'federated user',
  root: 'account root',
} as const;

/** The kind of principal an identity value is: role, user, federated-user or root. */
const kindOf = (w: string) => (w === 'root' ? 'root' : w.slice(0, w.indexOf('/')));

/**
 * A box of several kinds of principal (roles and federated users, say) that takes in only some
 * principals of each, split into one box per kind: "any role or federated user whose ARN names a
 * role or federated user like …; session name is …" mixes kinds and names, while each kind alone
 * reads plainly (the session is a role's). The boxes together hold the same requests.
 */
function byKind(space: Space, kind: 'anonymous' | 'iam', sets: number[][]): number[][][] {
  if (kind === 'anonymous') return [sets];
  const di = space.principal.findIndex((d) => d.id === 'identity');
  const regions = space.principal[di]!.regions;
  const groups = new Map<string, number[]>();
  for (const r of sets[di]!) {
    const k = kindOf(regions[r]!.witness!);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const whole = regions.every((r, i) => !groups.has(kindOf(r.witness!)) || sets[di]!.includes(i));
  // A session name is a role's alone: roles under a session constraint read apart from the others.
  const si = space.principal.findIndex((d) => d.id === 'session');
  const sessions = si !== -1 && sets[si]!.length < space.principal[si]!.regions.length;
  if (groups.size < 2 || (whole && !(sessions && groups.has('role')))) return [sets];
  return [...groups.values()].map((set) => sets.map((s, d) => (d === di ? set : s)));
}

/** Statements in policy and statement order. */
function byPlace(x: StatementRef, y: StatementRef): number {
  return x.policy === y.policy ? x.index - y.index : x.policy < y.policy ? -1 : 1;
}

/** The statements of two merged classes, each once, in policy and statement order. */
export function unionRefs(a: StatementRef[], b: StatementRef[]): StatementRef[] {
  // Merging classes unites the same statements again, once per point (60 statements on each side
  // took 10 s of a who-can, issue 12): lists in order are merged in one walk, without keys, and a
  // list that already holds the other's statements is the answer itself.
  const x = inOrder(a);
  const y = inOrder(b);
  if (holdsAll(x, y)) return x;
  if (holdsAll(y, x)) return y;
  const out: StatementRef[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const c = byPlace(x[i]!, y[j]!);
    out.push(c <= 0 ? x[i]! : y[j]!);
    if (c <= 0) i++;
    if (c >= 0) j++;
  }
  for (; i < x.length; i++) out.push(x[i]!);
  for (; j < y.length; j++) out.push(y[j]!);
  IN_ORDER.add(out);
  return out;
}

/**
 * `a` itself when it holds each statement once, in order, else such a copy (the first of equal
 * statements kept). Lists given to unionRefs are never changed afterwards (decisions and unions).
 */
function inOrder(a: StatementRef[]): StatementRef[] {
  if (IN_ORDER.has(a)) return a;
  let out = a;
  for (let i = 1; i < a.length; i++)
    if (byPlace(a[i - 1]!, a[i]!) >= 0) {
      const once = new Map<string, StatementRef>();
      for (const r of a) if (!once.has(`${r.policy}#${r.index}`)) once.set(`${r.policy}#${r.index}`, r);
      out = [...once.values()].sort(byPlace);
      break;
    }
  IN_ORDER.add(out);
  return out;
}
/** Lists known to hold each statement once, in order. */
const IN_ORDER = new WeakSet<StatementRef[]>();

/** Whether `a` holds every statement of `b` (both in order). */
function holdsAll(a: readonly StatementRef[], b: readonly StatementRef[]): boolean {
  if (b.length > a.length) return false;
  let i = 0;
  for (const r of b) {
    while (i < a.length && byPlace(a[i]!, r) < 0) i++;
    if (i === a.length || byPlace(a[i]!, r) !== 0) return false;
  }
  return true;
}

function regionData(r: Region): RegionData {
  if (r.witness === undefined) return { absent: true };
  if (r.matched.length === 0) return { other: true };
  return { matches: r.matched.map((a) => ({ kind: a.kind, value: a.value })) };
}

function regionText(d: Dimension, r: Region): string {
  if (r.witness === undefined) return 'absent';
  const interval = intervalText(d, r);
  if (interval !== undefined) return interval;
  if (r.matched.length === 0) {
    if (d.id === 'route') return `matched by no Resource pattern (e.g. ${r.witness.replace('/', ' /')})`;
    const labels = d.atoms.map((a) => a.label);
    // "any other account", not "other": in a list ("one of "1111…", other") it read as a value.
    const other = `any other ${d.id === 'account' ? 'account' : 'value'}`;
    return labels.length === 0
      ? 'any'
      : labels.length <= 3
        ? `${other} (none of ${labels.join(', ')})`
        : other;
  }
  // A principal of a kind no policy names otherwise: "any other role", not "a role" (which read
  // as one more name in "one of a role, role "PaymentsRole"…").
  if (r.matched.every((a) => a.kind === 'principal-type'))
    return r.matched.map((a) => `any other ${KIND_NOUN[a.value as keyof typeof KIND_NOUN]}`).join(' and ');
  if (d.id === 'route') {
    const named = routeReading(d, r);
    if (named !== undefined) return named;
  }
  // The most specific reading: an exact value says it all; a name says the kind of principal.
  const exact = r.matched.find((a) => a.kind === 'equals');
  const specific = r.matched.some((a) => a.kind !== 'principal-type')
    ? r.matched.filter((a) => a.kind !== 'principal-type')
    : r.matched;
  return exact ? exact.label : [...new Set(specific.map((a) => a.label))].join(' and ');
}

/** A region of a Numeric or Date key as the interval it is: its ends (none: unbounded) and whether each is in it. */
interface Span {
  lo?: Atom;
  loIn: boolean;
  hi?: Atom;
  hiIn: boolean;
}

/**
 * The interval a region of a Numeric or Date key is; undefined for other keys, for absence and
 * for the region of values that are no number (date). Its atoms alone ("a number") read like
 * every other number's region, so a set that left it out read "none of a number" while holding
 * numbers.
 */
function spanOf(d: Dimension, r: Region): Span | undefined {
  const kind = d.atoms.find((a) => a.at !== undefined)?.kind;
  if (kind === undefined || r.witness === undefined || r.matched.some((a) => a.kind !== kind))
    return undefined;
  // No atom matched: above every threshold, unless the key may hold what is no number (date) at all.
  if (r.matched.length === 0 && d.atoms.some((a) => a.kind === kind && a.at === undefined)) return undefined;
  const equal = r.matched.find((a) => a.rel === 'eq');
  if (equal) return { lo: equal, loIn: true, hi: equal, hiIn: true };
  const ordered = d.atoms.filter((a) => a.kind === kind && a.rel !== undefined);
  const equalAt = new Set(ordered.filter((a) => a.rel === 'eq').map((a) => a.at));
  const s: Span = { loIn: false, hiIn: false };
  for (const a of ordered) {
    if (a.rel === 'eq') continue;
    const at = a.at!;
    // Below each threshold whose "<" or "≤" atom the region matches, at or above every other one;
    // strictly where its "=" atom (which the region does not match) is one too.
    if (r.matched.includes(a)) {
      const within = a.rel === 'le' && !equalAt.has(at);
      if (!s.hi || at < s.hi.at! || (at === s.hi.at && s.hiIn && !within))
        Object.assign(s, { hi: a, hiIn: within });
    } else {
      const within = a.rel === 'lt' && !equalAt.has(at);
      if (!s.lo || at > s.lo.at! || (at === s.lo.at && s.loIn && !within))
        Object.assign(s, { lo: a, loIn: within });
    }
  }
  return s.lo || s.hi ? s : undefined;
}

/**
 * An interval in words: "= 3600", "> 60 and ≤ 3600", "at or after …", "after … and before …"
 * (note10 §14: two neighbouring regions read "= 3600 or < 3600" before).
 */
function spanText(kind: 'number' | 'date', s: Span): string {
  // The threshold of an atom, without its relation's words.
  const shown = (a: Atom) => a.label.slice(RELATION_WORDS[kind][a.rel!].length + 1);
  const number = kind === 'number';
  if (s.lo && s.hi && s.lo.at === s.hi.at && s.loIn && s.hiIn)
    return `${RELATION_WORDS[kind].eq} ${shown(s.lo)}`;
  const lo = s.lo && `${number ? (s.loIn ? '≥' : '>') : s.loIn ? 'at or after' : 'after'} ${shown(s.lo)}`;
  const hi = s.hi && `${number ? (s.hiIn ? '≤' : '<') : s.hiIn ? 'at or before' : 'before'} ${shown(s.hi)}`;
  return lo && hi ? `${lo} and ${hi}` : (lo ?? hi!);
}

/** The kind of a Numeric or Date key's ordered atoms (spanOf found one). */
function orderedKind(d: Dimension): 'number' | 'date' {
  return d.atoms.find((a) => a.at !== undefined)!.kind as 'number' | 'date';
}

/** One region of a Numeric or Date key read as the interval it is ("> 3600", "> 60 and < 3600"). */
function intervalText(d: Dimension, r: Region): string | undefined {
  const s = spanOf(d, r);
  return s && spanText(orderedKind(d), s);
}

/**
 * A set of regions of a Numeric or Date key read as the intervals its neighbouring regions make
 * together ("≤ 3600", "< 60 or > 60 and ≤ 3600"), with ", or absent" when it holds absence.
 * Undefined unless every region the key has with a value is an interval, or when the set holds
 * every one (no bound to read).
 */
function intervalsText(d: Dimension, set: readonly number[]): string | undefined {
  const spans: { i: number; s: Span }[] = [];
  for (let i = 0; i < d.regions.length; i++) {
    if (d.regions[i]!.witness === undefined) continue;
    const s = spanOf(d, d.regions[i]!);
    if (!s) return undefined;
    spans.push({ i, s });
  }
  const held = spans.filter(({ i }) => set.includes(i));
  if (held.length === 0 || held.length === spans.length) return undefined;
  // In order along the line: by lower end, a single value before the open interval above it.
  const start = ({ s }: { s: Span }) => s.lo?.at ?? -Infinity;
  spans.sort((a, b) => start(a) - start(b) || +b.s.loIn - +a.s.loIn);
  const runs: Span[] = [];
  let run: Span | undefined;
  for (const { i, s } of spans) {
    if (!set.includes(i)) run = undefined;
    else if (run) Object.assign(run, { hi: s.hi, hiIn: s.hiIn });
    else runs.push((run = { ...s }));
  }
  const kind = orderedKind(d);
  const absent = set.some((i) => d.regions[i]!.witness === undefined);
  return `${runs.map((r) => spanText(kind, r)).join(' or ')}${absent ? ', or absent' : ''}`;
}

/**
 * The principals of one kind a set leaves out, when it holds that kind's "any other" region (every
 * principal of the kind no policy names) and leaves out only named ones: "role "A" at path /, role
 * "B" at path / or like "role/ops/*"" (the set read as "one of any other role, role "C"…" before).
 */
function otherThan(d: Dimension, set: readonly number[], among: readonly number[]): string | undefined {
  const anyOther = (i: number) => d.regions[i]!.matched.every((a) => a.kind === 'principal-type');
  if (!set.some(anyOther)) return undefined;
  const rest = among.filter((i) => !set.includes(i));
  if (rest.length === 0 || rest.some(anyOther)) return undefined;
  const labels = [...new Set(rest.map((i) => regionText(d, d.regions[i]!)))];
  return labels.length === 1
    ? labels[0]
    : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/**
 * A route region read by the route it is on ("GET /orders/{id}"), when it is on a route the API
 * serves: the Resource patterns every request of that route matches add nothing, and only those
 * that tell part of the route apart are named beside it. Undefined when no route names it.
 */
function routeReading(d: Dimension, r: Region): string | undefined {
  const isRoute = (a: Atom) => !a.label.startsWith('matched by ');
  const present = d.regions.filter((x) => x.witness !== undefined);
  // b holds wherever a does (among the regions there are).
  const implies = (a: Atom, b: Atom) => present.every((x) => !x.matched.includes(a) || x.matched.includes(b));
  // A route typed otherwise than AWS_IAM reads with its type: first.
  const routes = r.matched.filter(isRoute).sort((a, b) => +b.label.includes('(') - +a.label.includes('('));
  // The most literal route: one no other of its routes is implied by.
  const route = routes.find((a) => routes.every((b) => b === a || !implies(b, a) || implies(a, b)));
  if (!route) return undefined;
  const rest = r.matched.filter((b) => b !== route && !implies(route, b));
  return [route.label, ...rest.map((b) => b.label)].join(' and ');
}

/**
 * A short formula for a set of regions, when one fits exactly: "A or B, but not C" over the atoms
 * (at most two on each side). Undefined when none does.
 */
function formula(
  d: Dimension,
  set: readonly number[],
  among?: readonly number[],
  labelOf: (a: Atom) => string = (a) => a.label,
): string | undefined {
  const present = d.regions
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => r.witness !== undefined && (!among || among.includes(i)));
  const want = new Set(set);
  // Atoms some but not all of the regions match (one every region matches tells nothing apart).
  const told = d.atoms.filter(
    (a) => present.some(({ r }) => r.matched.includes(a)) && !present.every(({ r }) => r.matched.includes(a)),
  );
  // Atoms that hold on the same regions are one test: read the plainest (a route's name, not the
  // Resource pattern that stands for it; then the shorter).
  const plain = (a: Atom) => (a.label.startsWith('matched by ') ? 1 : 0);
  const byRegions = new Map<string, Atom>();
  for (const a of told) {
    const key = present.map(({ r }) => (r.matched.includes(a) ? '1' : '0')).join('');
    const seen = byRegions.get(key);
    if (
      !seen ||
      plain(a) - plain(seen) < 0 ||
      (plain(a) === plain(seen) && a.label.length < seen.label.length)
    )
      byRegions.set(key, a);
  }
  const used = [...byRegions.values()];
  if (used.length === 0 || used.length > 24) return undefined;
  const subsets = (k: number): (typeof used)[] =>
    k === 0
      ? [[]]
      : k === 1
        ? used.map((a) => [a])
        : used.flatMap((a, i) => used.slice(i + 1).map((b) => [a, b]));
  // Two atoms on each side at most, fewer when there are many (the search is quadratic in them).
  const maxSize = used.length > 12 ? 2 : 4;
  for (let size = 1; size <= maxSize; size++) {
    for (let nl = 0; nl <= Math.min(2, size); nl++) {
      const nn = size - nl;
      if (nn > 2) continue;
      for (const L of subsets(nl))
        for (const N of subsets(nn)) {
          if (N.some((a) => L.includes(a))) continue;
          const holds = (r: (typeof present)[number]['r']) =>
            (L.length === 0 || L.some((a) => r.matched.includes(a))) && !N.some((a) => r.matched.includes(a));
          if (present.every(({ r, i }) => holds(r) === want.has(i))) {
            const pos = L.map((a) => labelOf(a)).join(' or ');
            const neg = N.map((a) => labelOf(a)).join(' or ');
            const none = N.length === 1 ? `not ${neg}` : `neither ${N.map((a) => labelOf(a)).join(' nor ')}`;
            return L.length === 0 ? none : N.length ? `${pos}, but not ${neg}` : pos;
          }
        }
    }
  }
  return undefined;
}

/**
 * How a set of federated-user regions reads by their names ("is like "break-glass-*"", "is not
 * "Bob""), over the federated users alone; undefined when it is every federated user or no short
 * formula fits.
 */
function federatedNames(d: Dimension, set: readonly number[]): string | undefined {
  const among = d.regions.flatMap((r, i) => (r.witness?.startsWith('federated-user/') ? [i] : []));
  if (among.every((i) => set.includes(i))) return undefined;
  const name = (a: Atom) => a.label.replace(/^federated user /, '');
  const f = formula(d, set, among, name);
  if (f !== undefined) return `is ${f}`;
  // One region several patterns hold for: "is like "*5" and like "*A?b*"".
  const only = set.length === 1 ? d.regions[set[0]!]!.matched.filter((a) => a.kind !== 'principal-type') : [];
  return only.length ? `is ${only.map(name).join(' and ')}` : undefined;
}

/** Per dimension: the reading of each set of its regions, worked out once (classes share sets). */
const SET_TEXTS = new WeakMap<Dimension, Map<string, { text: string; c: Constraint } | undefined>>();

function setText(d: Dimension, set: readonly number[]): { text: string; c: Constraint } | undefined {
  let memo = SET_TEXTS.get(d);
  if (!memo) SET_TEXTS.set(d, (memo = new Map<string, { text: string; c: Constraint } | undefined>()));
  const key = set.join(',');
  if (memo.has(key)) {
    const hit = memo.get(key);
    // A copy: the constraint goes into a class that callers may change.
    return hit && { text: hit.text, c: structuredClone(hit.c) };
  }
  const out = readSet(d, set);
  memo.set(key, out && { text: out.text, c: structuredClone(out.c) });
  return out;
}

/** A reading of one dimension longer than this is summarized (the regions stay exact in JSON). */
const LONG = 200;

function readSet(d: Dimension, set: readonly number[]): { text: string; c: Constraint } | undefined {
  if (isAny(d, set)) return undefined;
  // Intervals of a Numeric or Date key read as such ("after …", not "neither at … nor before …";
  // "≤ 3600", not "= 3600 or < 3600").
  const interval = intervalsText(d, set);
  if (interval !== undefined) {
    const c: Constraint = { dimension: d.id, label: d.label, in: set.map((i) => regionData(d.regions[i]!)) };
    if (d.unknowable) c.unknowable = d.unknowable;
    return { text: `is ${interval}`, c };
  }
  const f = set.length > 1 || d.regions[set[0]!]!.matched.length === 0 ? formula(d, set) : undefined;
  if (f !== undefined) {
    const absentToo = set.some((i) => d.regions[i]!.witness === undefined);
    const c: Constraint = { dimension: d.id, label: d.label, in: set.map((i) => regionData(d.regions[i]!)) };
    if (d.unknowable) c.unknowable = d.unknowable;
    return { text: `is ${f}${absentToo ? ', or absent' : ''}`, c };
  }
  const all = d.regions.map((_, i) => i);
  const rest = all.filter((i) => !set.includes(i));
  // "is not X" reads well for values and absence; "not other" does not: list those instead.
  const negate =
    rest.length < set.length &&
    rest.every((i) => d.regions[i]!.witness === undefined || d.regions[i]!.matched.length > 0);
  const pick = negate ? rest : set;
  let texts = pick.map((i) => regionText(d, d.regions[i]!));
  // A union that is exactly "matches any of these atoms" reads as that list.
  const named = pick.filter((i) => d.regions[i]!.matched.length > 0);
  const labels = [...new Set(named.flatMap((i) => d.regions[i]!.matched.map((a) => a.label)))];
  const whole = d.regions
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.matched.some((a) => labels.includes(a.label)))
    .map(({ i }) => i);
  if (named.length > 1 && whole.length === named.length && whole.every((i) => named.includes(i)))
    texts = [
      labels.join(' or '),
      ...pick.filter((i) => !named.includes(i)).map((i) => regionText(d, d.regions[i]!)),
    ];
  const data = pick.map((i) => regionData(d.regions[i]!));
  const full =
    negate && texts.length === 1 && texts[0] === 'absent'
      ? 'is present'
      : (negate
          ? texts.length === 1
            ? 'is not '
            : 'is none of '
          : texts.length === 1
            ? 'is '
            : 'is one of ') + texts.join(', ');
  // Overlapping patterns (aws:userid's parts, say) can make dozens of regions: a list of every
  // overlap does not read. The atoms involved, and the exact regions as data, do.
  // Regions that match no atom (values none of the patterns take) name the dimension's atoms: with
  // none of their own the text read "regions that  make" (attack run 20).
  const of = (is: readonly number[]) => [
    ...new Set(is.flatMap((i) => d.regions[i]!.matched.map((a) => a.label))),
  ];
  const atomsUsed = of(pick).length > 0 ? of(pick) : of(all);
  const text =
    full.length <= LONG
      ? full
      : `is ${negate ? 'outside' : 'in'} ${pick.length} of the ${d.regions.length} regions that ${atomsUsed.join(', ')} make (each region in --json)`;
  const c: Constraint = { dimension: d.id, label: d.label, ...(negate ? { notIn: data } : { in: data }) };
  if (d.unknowable) c.unknowable = d.unknowable;
  return { text, c };
}

function toClass(
  world: AnalysisWorld,
  space: Space,
  kind: 'anonymous' | 'iam',
  sets: number[][],
  witnessPoint: number[],
  decision: 'allow' | 'deny',
  statements: StatementRef[],
  verify: (req: AnalysisRequest) => boolean = (req) => decide(world, req).decision === decision,
): AccessClass {
  const raw = { kind, sets };
  const dims = dimensionsOf(space);
  const constraints: Constraint[] = [];
  const words: string[] = [];
  const texts = new Map<string, string>();
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (raw.kind === 'anonymous' && space.principal.includes(d)) continue;
    const s = setText(d, raw.sets[i]!);
    if (!s) continue;
    constraints.push(s.c);
    texts.set(d.id, s.text);
  }
  const single = (id: string): Region | undefined => {
    const i = dims.findIndex((d) => d.id === id);
    const set = raw.sets[i];
    return set && set.length === 1 ? dims[i]!.regions[set[0]!] : undefined;
  };
  if (raw.kind === 'anonymous') words.push('anonymous (unsigned)');
  else {
    const acc = single('account');
    const who = single('identity');
    const accExact = acc?.matched.find((a) => a.kind === 'equals');
    // A name of the principal itself (`user/bob`), not a value that also fits it (aws:username "bob").
    const exact = who?.matched.find(
      (a) => (a.kind === 'equals' || a.kind === 'name') && /^(?:role|user|federated-user)\//.test(a.value),
    );
    // Which kinds of principal the class holds (role sessions, users, federated users, root).
    const di = dims.findIndex((d) => d.id === 'identity');
    const inSet = new Set(raw.sets[di]!.map((r) => kindOf(dims[di]!.regions[r]!.witness!)));
    const allOfKinds = dims[di]!.regions.every(
      (r, i) => !inSet.has(kindOf(r.witness!)) || raw.sets[di]!.includes(i),
    );
    if (accExact && texts.has('account') && (exact || who?.witness === 'root')) {
      const type = kindOf(who!.witness!);
      words.push(
        type === 'root'
          ? `the root of account ${accExact.value}`
          : type === 'federated-user'
            ? `federated user ${exact!.value.slice(type.length + 1)} of account ${accExact.value}`
            : exact!.kind === 'equals'
              ? `${type} arn:aws:iam::${accExact.value}:${exact!.value}`
              : `${type} ${exact!.value.slice(type.length + 1)} of account ${accExact.value} (any path)`,
      );
    } else {
      const nouns = [...inSet].map((k) => KIND_NOUN[k as keyof typeof KIND_NOUN]);
      let w =
        inSet.size === 1
          ? inSet.has('root')
            ? 'the root'
            : `any ${nouns[0]!}`
          : inSet.size < new Set(dims[di]!.regions.map((r) => kindOf(r.witness!))).size || inSet.size < 3
            ? `any ${nouns.slice(0, -1).join(', ')} or ${nouns[nouns.length - 1]}`
            : `any signed principal (${nouns.slice(0, -1).join(', ')} or ${nouns[nouns.length - 1]})`;
      if (inSet.size === 1 && inSet.has('root'))
        // "the root of account 5555… or 6666…", "the root of any account other than 1111…".
        w += ` ${accountWords(texts.get('account'), 'of any account that')}`;
      else if (texts.has('account'))
        w +=
          inSet.size === 1 && inSet.has('federated-user') && accExact
            ? ` of account ${accExact.value}`
            : ` whose account ${texts.get('account')}`;
      // A federated user's ARN is its account and its name: "whose name is like …".
      const federatedOnly = inSet.size === 1 && inSet.has('federated-user');
      const named = federatedOnly ? federatedNames(dims[di]!, raw.sets[di]!) : undefined;
      if (named !== undefined)
        w += `${texts.has('account') && !(federatedOnly && accExact) ? ' and' : ' whose'} name ${named}`;
      else if (texts.has('identity') && !allOfKinds) {
        // Roles (users) of one kind but some: "other than role "X" at path /" reads plainer than
        // "ARN names a role, but not role "X" at path /".
        const kind = inSet.size === 1 ? [...inSet][0]! : undefined;
        const among =
          kind === 'role' || kind === 'user'
            ? dims[di]!.regions.flatMap((r, i) => (kindOf(r.witness!) === kind ? [i] : []))
            : undefined;
        const f = among && formula(dims[di]!, raw.sets[di]!, among);
        const but = f?.startsWith('not ')
          ? f.slice('not '.length)
          : f?.startsWith('neither ')
            ? f.slice('neither '.length).replace(/ nor /g, ' or ')
            : among && otherThan(dims[di]!, raw.sets[di]!, among);
        const arnLike = (t: string, one = '') =>
          t.replace(/\blike "((?:role|user)\/[^"]*)"/g, `${one}with an ARN like "arn:aws:iam::*:$1"`);
        const noun = kind === 'user' ? 'IAM users' : 'roles';
        const list = f ?? texts.get('identity')!.replace(/^is /, '');
        if (but !== undefined)
          // "other than role "X" at path / or roles with an ARN like "arn:aws:iam::*:role/ops/*"".
          w += `${texts.has('account') ? ',' : ''} other than ${arnLike(but.replace(/^one of the /, 'the ').replace(/(^|, | or )like /g, `$1${noun} like `))}`;
        else if (list.startsWith('like ')) w += `${texts.has('account') ? ',' : ''} ${arnLike(list)}`;
        else if (
          (kind === 'role' || kind === 'user') &&
          !/any other|\ba role\b|an IAM user|absent/.test(list)
        ) {
          // The principals by name, then where: "IAM user named "bob" of any account", "role "A" at
          // path / or any role with an ARN like "…", of account 1111…" (not "any IAM user which is user …").
          // "one of A, B, C" lists names: "A, B or C" (a label with its own commas is left as it is).
          const listed =
            list.startsWith('one of ') && !list.startsWith('one of the ') && !list.includes('(')
              ? list.slice('one of '.length).replace(/, (?!.*, )/, ' or ')
              : list;
          const names = arnLike(listed, `any ${KIND_NOUN[kind]} `).replace(
            /(^|, | or )user /g,
            '$1IAM user ',
          );
          const where = accountWords(texts.get('account'));
          w = `${names}${/ or |, /.test(names) && where.startsWith('of ') ? ',' : ''} ${where}`;
        } else w += `${texts.has('account') ? ',' : ''} which is ${arnLike(list, 'one ')}`;
      }
      words.push(w);
    }
    texts.delete('account');
    texts.delete('identity');
    if (inSet.has('role'))
      words.push(texts.has('session') ? `session name ${texts.get('session')}` : 'any session');
    texts.delete('session');
  }
  const route = texts.get('route');
  texts.delete('route');
  words.push(route ? `route ${route}` : 'any method and path');
  for (const [id, t] of texts) {
    const i = dims.findIndex((x) => x.id === id);
    const d = dims[i]!;
    // Credentials issued only later than now: none hold yet, but they will with no policy changed.
    const later =
      id === 'issued' && raw.sets[i]!.every((r) => issuedLater(d.regions[r]!.witness, clockOf(world)));
    words.push(
      `${d.label} ${t}${d.unknowable ? ' (not known offline)' : ''}${later ? issuedLaterWords(clockOf(world)) : ''}`,
    );
  }
  // The witness names its stage (the API's in this world): a request to another stage reaches the API too.
  const witness = { ...pointRequest(world, space, { kind, regions: witnessPoint })!, stage: space.api.stage };
  // Soundness: the witness is decided again by the ordinary engine and must agree.
  if (!verify(witness))
    throw new Error(
      `internal: the engine does not decide the witness of a ${decision} class as the class says`,
    );
  return {
    api: space.api.alias,
    decision,
    principal: raw.kind,
    constraints,
    statements,
    description: words.join('; '),
    witness,
  };
}
