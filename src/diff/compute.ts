// The diff core: every cell's decision on both sides of the change, with the one policy engine.
// Policies are compiled once (by the loader); a cell whose layers are the same on both sides
// cannot change and is not evaluated at all.
import {
  authorizeCall,
  boundLayers,
  endpointAllows,
  lintPolicy,
  type ChainDecision,
  type ChainInput,
  type CompiledPolicy,
  type Finding,
} from '../policy/index.js';
import {
  decideOverPathReadings,
  decideWithGaps,
  throughAuthorizer,
  looksAtUnstated,
  overAuthorizerCallers,
  settleByBounds,
  standIn,
  STANCES,
  unstatedMatters,
  type GapLayers,
  type ReadingDecision,
  type Stance,
  type UnknownDecision,
  type UnreadLayers,
  type VariableBound,
} from '../predict/index.js';
import type { RouteAuthorization } from '../routes/index.js';
import { classChanges } from './classes.js';
import {
  IF_ALLOWS,
  isCompiledLayer,
  type CellChange,
  type ClassVerdict,
  type DiffCell,
  type DiffResult,
  type DiffSetup,
  type FindingChange,
  type LayerPolicy,
  type PolicySide,
  type Verdict,
} from './model.js';

interface Outcome {
  decision: Verdict;
  detail: CellChange['afterDetail'];
  layer: CellChange['afterLayer'];
  statements: CellChange['statements'];
  reason?: string;
  /** An unknown's readings (UnknownDecision.readings), for readingsMove. */
  readings?: readonly ReadingDecision[];
}

function isDenyAll(p: LayerPolicy): p is { denyAll: string } {
  return p !== null && typeof p === 'object' && 'denyAll' in p;
}

function isUnknown(p: LayerPolicy): p is { unknown: string } {
  return p !== null && typeof p === 'object' && 'unknown' in p;
}

export function sameLayer(a: LayerPolicy, b: LayerPolicy): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b) && a.unknown === b.unknown;
  if (isDenyAll(a) || isDenyAll(b)) return isDenyAll(a) && isDenyAll(b);
  return a.text === b.text;
}

/** No layer unread (most cells): one object for all of them. */
const NONE_UNREAD: UnreadLayers = Object.freeze({});

/**
 * One reading of what spokegate does not know about a request, fixed, so the two sides of a change
 * can be compared reading by reading (classes.ts): which reading of the path in the resource ARN
 * (an index into `cell.readings`), whether the resource policy sees an anonymous caller on a route
 * not AWS_IAM, whether the route's authorizer (CUSTOM, COGNITO_USER_POOLS) lets the call through,
 * what an unread resource or identity layer says. A fact left out is decided over all its values.
 */
export interface Reading {
  /** An endpoint policy neither in the change nor in the config: it lets the request through or not. */
  endpoint?: 'allow' | 'deny';
  path?: number;
  anonymous?: boolean;
  authorizerAllows?: boolean;
  /**
   * A route of unknown authorization type read as AWS_IAM (true: the identity policies count, the
   * signer is seen) or as another type (false: NONE or an authorizer's, as throughAuthorizer reads).
   */
  iam?: boolean;
  resource?: Stance;
  identity?: Stance;
}

/**
 * Every reading of a cell's unknowns on both sides of a change, as pairs (before's, after's): the
 * path's readings, whom the resource policy sees and the authorizer's answer are facts of the
 * request, the same on both sides; an unread identity layer is the caller's, the same on both; an
 * unread resource layer is one policy on both sides only when both sides leave it unread alike,
 * else each side's may say anything (read independently). One pair (no reading) when none applies.
 */
export function readingPairs(cell: DiffCell, before: PolicySide, after: PolicySide): [Reading, Reading][] {
  let pairs: [Reading, Reading][] = [[{}, {}]];
  const fork = <K extends keyof Reading>(key: K, values: readonly Reading[K][], on: 'both' | 0 | 1) => {
    pairs = pairs.flatMap(([b, a]) =>
      values.map((v): [Reading, Reading] => [
        on === 1 ? b : { ...b, [key]: v },
        on === 0 ? a : { ...a, [key]: v },
      ]),
    );
  };
  // An unknown endpoint policy (one policy on both sides when both leave it unknown alike): where it
  // lets the request through, the later layers decide, and the change may alter them (until
  // 2026-12-02 such a request was unknown for the same reason on both sides: no change).
  const eb = before.endpoint;
  const ea = after.endpoint;
  if (isUnknown(eb) && isUnknown(ea) && sameLayer(eb, ea)) fork('endpoint', ENDPOINT_STANCES, 'both');
  else {
    if (isUnknown(eb)) fork('endpoint', ENDPOINT_STANCES, 0);
    if (isUnknown(ea)) fork('endpoint', ENDPOINT_STANCES, 1);
  }
  if (cell.readings)
    fork(
      'path',
      cell.readings.map((_, i) => i),
      'both',
    );
  const a = cell.authorization;
  if (a && a.type !== 'AWS_IAM' && cell.request.principal.kind !== 'anonymous')
    fork('anonymous', [false, true], 'both');
  if (a && authorizerDecides(a)) fork('authorizerAllows', [true, false], 'both');
  // A route of unknown type may be AWS_IAM: the same request on both sides, read as each (until
  // pass 16 only as NONE or an authorizer's, so a grant only an AWS_IAM route shows was no change).
  if (a?.type === 'unknown') fork('iam', [true, false], 'both');
  if (cell.identityUnknown) fork('identity', STANCES, 'both');
  const rb = before.resources[cell.api] ?? null;
  const ra = after.resources[cell.api] ?? null;
  if (isUnknown(rb) && isUnknown(ra) && sameLayer(rb, ra)) fork('resource', STANCES, 'both');
  else {
    if (isUnknown(rb)) fork('resource', STANCES, 0);
    if (isUnknown(ra)) fork('resource', STANCES, 1);
  }
  return pairs;
}

const ENDPOINT_STANCES = ['allow', 'deny'] as const;

/** How much a verdict lets through, for comparing two sides within one reading. */
const RANK: Record<Exclude<ClassVerdict, 'unknown'>, number> = {
  deny: 0,
  [IF_ALLOWS]: 1,
  allow: 2,
};

/** A side's verdict within one reading: why it is unknown and the readings it was decided over. */
type Judged = { decision: ClassVerdict; reason?: string; readings?: readonly ReadingDecision[] };
type Move = 'gains' | 'loses' | 'alike';

/**
 * The least and most a verdict may let through (ranks: deny 0, only if its identity allows 1, allow
 * 2): an unknown decided over known readings spans theirs (src/predict UnknownDecision.readings),
 * any other unknown anything.
 */
export function verdictSpan(s: Judged): [number, number] {
  if (s.decision !== 'unknown') return [RANK[s.decision], RANK[s.decision]];
  if (!s.readings) return [0, 2];
  let least = 2;
  let most = 0;
  for (const r of s.readings) {
    const [l, m] = verdictSpan(r);
    least = Math.min(least, l);
    most = Math.max(most, m);
  }
  return [least, most];
}

/**
 * How access moves from side `b` to side `a` over the readings of the unknowns (readingPairs, each
 * side decided under its reading): `gains` when some reading may let in more after, else `loses`
 * when some reading may let in less, else `alike`. A side still unknown within a reading may be
 * anything its own readings allow (span); unknown on both sides for the same reason, the two are
 * compared reading by reading (the same reason text can stand for different decisions of the
 * readings it does not name: until 2026-12-02 such a pair was alike, so a reading that gained was
 * no change), and an unknown that names no readings may be anything (fail closed). One rule for
 * the cells and the classes.
 */
export function readingsMove(pairs: Iterable<[Judged, Judged]>): Move {
  let loses = false;
  for (const [sb, sa] of pairs) {
    const m = moveOf(sb, sa);
    if (m === 'gains') return 'gains';
    if (m === 'loses') loses = true;
  }
  return loses ? 'loses' : 'alike';
}

function moveOf(sb: Judged, sa: Judged): Move {
  if (sb.decision === 'unknown' && sa.decision === 'unknown' && sb.reason === sa.reason) {
    const byLabel = sb.readings && sa.readings && pairedReadings(sb.readings, sa.readings);
    if (byLabel) return readingsMove(byLabel);
  }
  const [bLeast, bMost] = verdictSpan(sb);
  const [aLeast, aMost] = verdictSpan(sa);
  if (aMost > bLeast) return 'gains';
  return aLeast < bMost ? 'loses' : 'alike';
}

/** The two sides' readings paired by label, when both name the same ones (else undefined). */
function pairedReadings(
  b: readonly ReadingDecision[],
  a: readonly ReadingDecision[],
): [ReadingDecision, ReadingDecision][] | undefined {
  const before = new Map(b.map((r) => [r.label, r]));
  if (before.size !== b.length || a.length !== b.length) return undefined;
  const out: [ReadingDecision, ReadingDecision][] = [];
  for (const r of a) {
    const o = before.get(r.label);
    if (!o) return undefined;
    out.push([o, r]);
  }
  return out;
}

/** A route whose authorizer answers past the policies (its type known; `unknown` is no one answer). */
const authorizerDecides = (a: RouteAuthorization): boolean =>
  a.type === 'CUSTOM' || a.type === 'COGNITO_USER_POOLS';

/** A side with every policy read as `bound` reads its variables (mostPermissive or leastPermissive). */
export function boundSide(s: PolicySide, bound: VariableBound): PolicySide {
  const layer = (p: LayerPolicy): LayerPolicy => (isCompiledLayer(p) ? bound(p) : p);
  return {
    endpoint: layer(s.endpoint),
    resources: Object.fromEntries(Object.entries(s.resources).map(([k, v]) => [k, layer(v)])),
  };
}

/**
 * One cell's decision with the policies of one side. `identityPolicies`, when given, stands for
 * the cell's own (a class point decided with the stand-ins of an unknown caller's identity);
 * `reading`, when given, fixes the facts it names (readingPairs). Unknown where a variable reads a
 * fact the config leaves unstated (a role's tags): settled where the variables' bounds agree (as
 * run and check: src/predict settleByBounds; until pass 20 a tied-tag Deny over a role no Allow
 * lets in made its cell unknown).
 */
export function decideCell(
  cell: DiffCell,
  side: PolicySide,
  identityPolicies: CompiledPolicy[] | undefined = cell.identityPolicies,
  reading?: Reading,
  sampledToo?: readonly LayerPolicy[],
): Outcome {
  const d = decideOnce(cell, side, identityPolicies, reading, sampledToo);
  if (d.decision !== 'unknown') return d;
  const resource = side.resources[cell.api] ?? null;
  const own = [
    isCompiledLayer(side.endpoint) ? side.endpoint : null,
    isCompiledLayer(resource) ? resource : null,
    ...(identityPolicies ?? []),
    cell.permissionsBoundary,
    ...(cell.sessionPolicies ?? []),
  ];
  return settleByBounds(d, own, (bound) =>
    decideOnce(boundLayers(cell, bound), boundSide(side, bound), identityPolicies?.map(bound), reading),
  );
}

function decideOnce(
  cell: DiffCell,
  side: PolicySide,
  identityPolicies: CompiledPolicy[] | undefined,
  reading?: Reading,
  sampledToo?: readonly LayerPolicy[],
): Outcome {
  let endpoint = side.endpoint;
  // The endpoint policy filters every call first: without it nothing can be decided, unless a
  // reading says whether it lets the request through (readingPairs).
  if (isUnknown(endpoint) && reading?.endpoint === 'deny')
    return { decision: 'deny', detail: 'ImplicitDeny', layer: 'endpoint', statements: [] };
  if (isUnknown(endpoint) && reading?.endpoint === 'allow') endpoint = standIn('resource', 'allow');
  if (isUnknown(endpoint))
    return {
      decision: 'unknown',
      detail: 'ImplicitDeny',
      layer: null,
      statements: [],
      reason: endpoint.unknown,
    };
  if (isDenyAll(endpoint)) {
    return {
      decision: 'deny',
      detail: 'ImplicitDeny',
      layer: 'endpoint',
      statements: [],
      reason: endpoint.denyAll,
    };
  }
  const resource = side.resources[cell.api] ?? null;
  if (isDenyAll(resource)) {
    // The endpoint still filters first: its explicit deny would be the answer AWS gives.
    if (endpoint) {
      const e = authorizeCall({ endpointPolicy: endpoint, authorizationType: 'NONE' }, cell.request);
      if (e.decision === 'deny')
        return { decision: 'deny', detail: e.detail, layer: e.layer, statements: e.statements };
    }
    return {
      decision: 'deny',
      detail: 'ImplicitDeny',
      layer: 'resource',
      statements: [],
      reason: resource.denyAll,
    };
  }
  // A layer neither the change nor the config gives is decided for every value it could have
  // (src/predict decideWithGaps, as run and check): the cell is unknown when the answers differ.
  // Built by assignment: this runs for every cell on both sides and every class point.
  let unread = NONE_UNREAD;
  const known: GapLayers = {};
  if (resource && !isUnknown(resource)) known.resourcePolicy = resource;
  if (identityPolicies) known.identityPolicies = identityPolicies;
  if (isUnknown(resource) || cell.identityUnknown) {
    unread = {};
    if (isUnknown(resource)) {
      if (reading?.resource) known.resourcePolicy = standIn('resource', reading.resource);
      else unread.resource = resource.unknown;
    }
    if (cell.identityUnknown) {
      if (reading?.identity) known.identityPolicies = [standIn('identity', reading.identity)];
      else unread.identity = cell.identityUnknown;
    }
  }
  const decideLayers = (layers: GapLayers): ChainDecision | UnknownDecision => {
    const input: ChainInput = {
      authorizationType: reading?.iam ? 'AWS_IAM' : cell.authorizationType,
      resourceAccount: cell.resourceAccount,
    };
    if (endpoint) input.endpointPolicy = endpoint;
    if (layers.resourcePolicy) input.resourcePolicy = layers.resourcePolicy;
    if (layers.identityPolicies) input.identityPolicies = layers.identityPolicies;
    if (cell.permissionsBoundary) input.permissionsBoundary = cell.permissionsBoundary;
    if (cell.sessionPolicies) input.sessionPolicies = cell.sessionPolicies;
    if (cell.serviceControlPolicies) input.serviceControlPolicies = cell.serviceControlPolicies;
    if (cell.acceptedEndpoints) input.acceptedEndpoints = cell.acceptedEndpoints;
    if (cell.viaAlias) input.viaAlias = true;
    // Most cells (one reading of the path, no authorizer, no policy looking at a fact the config
    // leaves unstated): every wrapper below would ask the engine once with the cell's own request:
    // ask it directly (the same answer, without building the wrappers).
    if (
      !cell.readings &&
      !cell.authorization &&
      statedSuffices(cell, endpoint, layers.resourcePolicy, layers.identityPolicies)
    )
      return authorizeCall(input, cell.request);
    const decideReading = (anonymousToResource: boolean) => {
      const asked = anonymousToResource ? { ...input, anonymousToResource } : input;
      const chain = (request: typeof cell.request) => authorizeCall(asked, request);
      const decideAt = (at: Pick<DiffCell, 'request' | 'overUnstated'>) => {
        if (!at.overUnstated) return chain(at.request);
        const own = [
          endpoint,
          layers.resourcePolicy,
          ...(layers.identityPolicies ?? []),
          cell.permissionsBoundary,
          ...(cell.sessionPolicies ?? []),
          ...(cell.serviceControlPolicies ?? []).flat(),
        ];
        const d = at.overUnstated(own, chain);
        // Unknown over sample values of an unstated fact: sampled again over both sides' policies
        // (sampledToo, the readings pass of a change), so the two sides' readings are labelled by
        // the same values and compared value by value (readingsMove). Sampled over this side's
        // alone, the labels differed and the spans were compared (a Deny of team=b beside an Allow
        // of team=a was "may be new" until 2026-12-03). A finer sample set changes no decision.
        if (!sampledToo || d.decision !== 'unknown' || !d.readings) return d;
        const both = at.overUnstated([...own, ...sampledToo.filter(isCompiledLayer)], chain);
        return both.decision === 'unknown' && both.readings ? both : d;
      };
      // Both readings of the path when they differ, then the route's authorizer: as run and check.
      const d = cell.readings
        ? reading?.path !== undefined
          ? decideAt(cell.readings[reading.path]!)
          : decideOverPathReadings(cell, cell.readings, decideAt)
        : decideAt(cell);
      if (!cell.authorization || reading?.iam) return d;
      const past = throughAuthorizer(cell.authorization, d, layers.resourcePolicy);
      // The authorizer's answer fixed: what it is left to decides as it says.
      if (past.decision !== 'unknown' || d.decision === 'unknown' || reading?.authorizerAllows === undefined)
        return past;
      const allows = reading.authorizerAllows;
      const fixed: ChainDecision = {
        decision: allows ? 'allow' : 'deny',
        detail: allows ? 'Allowed' : 'ImplicitDeny',
        layer: null,
        statements: [],
        layers: d.layers,
        explanation: [...d.explanation, `read as its authorizer ${allows ? 'allowing' : 'refusing'} it`],
      };
      return fixed;
    };
    // On an authorizer's route, both readings of whom its resource policy sees (as run and check).
    const a = cell.authorization;
    if (!a || reading?.iam) return decideReading(false);
    return reading?.anonymous !== undefined &&
      a.type !== 'AWS_IAM' &&
      cell.request.principal.kind !== 'anonymous'
      ? decideReading(reading.anonymous)
      : overAuthorizerCallers(a, cell.request.principal, decideReading);
  };
  const d = decideWithGaps(known, unread, decideLayers);
  if (d.decision === 'unknown')
    return {
      decision: 'unknown',
      detail: 'ImplicitDeny',
      layer: null,
      statements: [],
      reason: d.unknown,
      ...(d.readings ? { readings: d.readings } : {}),
    };
  return { decision: d.decision, detail: d.detail, layer: d.layer, statements: d.statements };
}

/** Whether no policy of the cell's chain looks at a fact the config leaves unstated (or it has none). */
function statedSuffices(
  cell: DiffCell,
  endpoint: CompiledPolicy | null,
  resource: CompiledPolicy | null | undefined,
  identity: readonly CompiledPolicy[] | undefined,
): boolean {
  // No list of the policies built: asked for every cell on both sides and every class point.
  return !(
    cell.overUnstated &&
    ((endpoint && looksAtUnstated(endpoint)) ||
      (resource && looksAtUnstated(resource)) ||
      (identity !== undefined && unstatedMatters(identity)) ||
      (cell.permissionsBoundary !== undefined && looksAtUnstated(cell.permissionsBoundary)) ||
      (cell.sessionPolicies !== undefined && unstatedMatters(cell.sessionPolicies)) ||
      (cell.serviceControlPolicies !== undefined &&
        cell.serviceControlPolicies.some((l) => l.some(looksAtUnstated))))
  );
}

/**
 * The endpoint policy's own answer (endpointAllows) for each request decideCell asks the engine
 * with, as bits (bit i set: reading i of the path allowed; one bit without readings), where those
 * are all it asks with: every reading's request, and on an authorizer's or NONE route the same ones
 * (the endpoint sees the signer under both readings of whom the resource policy sees). Undefined
 * where it also asks with other requests (a policy looks at a fact the config leaves unstated) or
 * a layer is unread or denies everything.
 *
 * What it is for: the layers after the endpoint see the same requests and policies on both sides
 * when only the endpoint policy differs, and the endpoint only filters (src/policy authorizeCall),
 * so every decision decideCell combines (path readings, callers, authorizer) is the same on both
 * sides where the endpoint answers each request alike: the cell's decision is too. And where the
 * endpoint refuses every request (0), the cell is denied there.
 */
export function endpointAnswers(cell: DiffCell, side: PolicySide): number | undefined {
  const endpoint = side.endpoint;
  const resource = side.resources[cell.api] ?? null;
  if (cell.identityUnknown) return undefined;
  if (!endpoint || isUnknown(endpoint) || isDenyAll(endpoint)) return undefined;
  if (resource && (isUnknown(resource) || isDenyAll(resource))) return undefined;
  if (!statedSuffices(cell, endpoint, resource, cell.identityPolicies)) return undefined;
  const readings = cell.readings;
  if (!readings) return endpointAllows(endpoint, cell.request, cell.permissionsBoundary) ? 1 : 0;
  let bits = 0;
  for (let i = 0; i < readings.length; i++)
    if (endpointAllows(endpoint, readings[i]!.request, cell.permissionsBoundary)) bits |= 1 << i;
  return bits;
}

export function computeDiff(setup: DiffSetup): DiffResult {
  const { before, after } = setup;
  const endpointSame = sameLayer(before.endpoint, after.endpoint);
  const resourceSame = new Map<string, boolean>();
  const changes: CellChange[] = [];
  for (const cell of setup.cells) {
    let resourceAlike = resourceSame.get(cell.api);
    if (resourceAlike === undefined) {
      resourceAlike = sameLayer(before.resources[cell.api] ?? null, after.resources[cell.api] ?? null);
      resourceSame.set(cell.api, resourceAlike);
    }
    if (endpointSame && resourceAlike) continue;
    // Only the endpoint policy differs for this cell: the chain's later layers see the same request
    // and policies on both sides and the endpoint only filters (src/policy authorizeCall), so the
    // decision can change only where the endpoint's own answer does.
    if (resourceAlike) {
      const eb = endpointAnswers(cell, before);
      if (eb !== undefined && eb === endpointAnswers(cell, after)) continue;
    }
    const b = decideCell(cell, before);
    const a = decideCell(cell, after);
    // Unknown on a side: decided again under each reading of the unknowns, as the classes are
    // (until 2026-12-02 a cell unknown on both sides was never listed, only its class; and one with
    // unknown on one side was a grant or not by its two words alone: deny -> unknown and unknown ->
    // allow always, whatever the readings said).
    let unknownChange: CellChange['unknownChange'];
    if (a.decision === 'unknown' || b.decision === 'unknown') {
      const pairs = readingPairs(cell, before, after);
      const changing = [
        before.endpoint,
        after.endpoint,
        before.resources[cell.api] ?? null,
        after.resources[cell.api] ?? null,
      ];
      const move = readingsMove(
        pairs.map(([rb, ra]) => [
          decideCell(cell, before, undefined, rb, changing),
          decideCell(cell, after, undefined, ra, changing),
        ]),
      );
      if (move === 'alike') continue;
      unknownChange = move === 'gains' ? 'may-be-new' : 'may-be-lost';
    } else if (a.decision === b.decision) continue;
    const change: CellChange = {
      endpoint: setup.endpoint,
      role: cell.role,
      principal: cell.principal,
      api: cell.api,
      method: cell.method,
      path: cell.path,
      before: b.decision,
      after: a.decision,
      statements: a.statements.map((s) => ({ ...s })),
      afterLayer: a.layer,
      afterDetail: a.detail,
    };
    if (a.reason) change.afterReason = a.reason;
    if (b.decision === 'unknown' && b.reason) change.beforeReason = b.reason;
    if (unknownChange) change.unknownChange = unknownChange;
    changes.push(change);
  }
  // Nothing changed, nothing to classify; else every class of requests, configured or not.
  const scope = setup.scope;
  const touched =
    scope !== undefined &&
    (!endpointSame ||
      Object.keys(scope.config.apis).some(
        (a) => !sameLayer(before.resources[a] ?? null, after.resources[a] ?? null),
      ));
  const { classes, notes } = touched
    ? classChanges(scope.config, setup, scope.endpoint, scope.now)
    : { classes: [], notes: [] };
  return {
    changes,
    classes: [...classes.filter((c) => c.change === 'grant'), ...classes.filter((c) => c.change !== 'grant')],
    findings: diffFindings(setup),
    cells: setup.cells.length,
    label: setup.label,
    notes: [...setup.notes, ...notes],
    counts: setup.counts,
    endpoints: [setup.endpoint],
  };
}

/**
 * The diffs of each endpoint as one: every cell and class (grants first), the findings and notes
 * each once (the APIs' resource policies are linted in every endpoint's diff), the cells summed.
 */
export function mergeDiffs(results: readonly DiffResult[]): DiffResult {
  const [first] = results;
  if (!first || results.length === 1) return first!;
  const once = <T>(xs: T[]): T[] => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
  const classes = results.flatMap((r) => r.classes);
  return {
    changes: results.flatMap((r) => r.changes),
    classes: [...classes.filter((c) => c.change === 'grant'), ...classes.filter((c) => c.change !== 'grant')],
    findings: {
      added: once(results.flatMap((r) => r.findings.added)),
      removed: once(results.flatMap((r) => r.findings.removed)),
    },
    cells: results.reduce((n, r) => n + r.cells, 0),
    label: first.label,
    notes: [...new Set(results.flatMap((r) => r.notes))],
    counts: {
      roles: Math.max(...results.map((r) => r.counts.roles)),
      apis: Math.max(...results.map((r) => r.counts.apis)),
      probes: Math.max(...results.map((r) => r.counts.probes)),
    },
    endpoints: results.flatMap((r) => r.endpoints),
  };
}

/** Lint findings the change adds and removes, per policy. */
export function diffFindings(setup: DiffSetup): DiffResult['findings'] {
  const added: FindingChange[] = [];
  const removed: FindingChange[] = [];
  const lint = (
    p: CompiledPolicy | null,
    name: string,
    kind: Parameters<typeof lintPolicy>[1],
  ): FindingChange[] => (p ? lintPolicy(p, kind).map((f) => ({ ...f, policy: name })) : []);
  for (const l of setup.linted) {
    if (l.before && l.after && l.before.text === l.after.text) continue;
    const b = lint(l.before, l.name, l.kind);
    const a = lint(l.after, l.name, l.kind);
    // Statements move when others are added or removed: a finding is "the same" when its rule,
    // statement Sid and message (statement positions taken out) are.
    added.push(...unmatched(a, b));
    removed.push(...unmatched(b, a));
  }
  return { added, removed };
}

/** The findings of `xs` that `ys` has no counterpart for, as multisets (by findingKey). */
function unmatched<F extends Parameters<typeof findingKey>[0]>(xs: readonly F[], ys: readonly F[]): F[] {
  const left = new Map<string, number>();
  for (const f of ys) left.set(findingKey(f), (left.get(findingKey(f)) ?? 0) + 1);
  return xs.filter((f) => {
    const n = left.get(findingKey(f)) ?? 0;
    if (n > 0) left.set(findingKey(f), n - 1);
    return n === 0;
  });
}

function findingKey(f: FindingChange | Finding): string {
  const policy = 'policy' in f ? f.policy : '';
  const message = f.message.replace(/\bstatement (?:#)?\d+\b/gi, 'statement').replace(/\[\d+\]/g, '[]');
  return [policy, f.rule, f.statement?.sid ?? '', message].join('\0');
}
