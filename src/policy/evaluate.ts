// evaluatePolicy: one policy's own statements against one request. Any matching Deny gives
// ExplicitDeny; else any matching Allow gives Allowed; else ImplicitDeny. The hot path allocates
// only the decision and the list of deciding statements; near misses are worked out on demand.
import { ContextView } from './context.js';
import { PolicyError } from './errors.js';
import { isCompiled, type CompiledStatement, type Policy } from './parse.js';
import { matchPrincipal, notPrincipalApplies, principalDisplay, type PrincipalMatch } from './principal.js';
import type { CompiledPolicy, Decision, Layer, NearMiss, RequestContext, StatementRef } from './types.js';
import { Undecided } from './undecided.js';
import { matchesReadings, patternReadings, RegexCache } from './variables.js';

const resourceCache = new RegexCache();

type Element = NearMiss['element'];

/** Principal part of a statement: whether it applies and how (account = only by its account). */
function principalPart(st: CompiledStatement, view: ContextView): PrincipalMatch {
  const p = st.principal;
  if (!p) return 'direct';
  if (p.not) {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified" (IAM User Guide,
    // access_policies_boundaries). Only resource-based policies hold NotPrincipal.
    if (view.boundary && st.effect === 'Deny') return 'direct';
    return notPrincipalApplies(p.compiled, view.req.principal) ? 'direct' : 'none';
  }
  return matchPrincipal(p.compiled, view.req.principal);
}

function actionMatches(st: CompiledStatement, action: string): boolean {
  const a = st.action;
  let hit = a.any;
  if (!hit) {
    const ms = a.matchers;
    for (let i = 0; i < ms.length; i++) {
      if (ms[i]!.test(action)) {
        hit = true;
        break;
      }
    }
  }
  return a.not ? !hit : hit;
}

function resourceMatches(st: CompiledStatement, view: ContextView): boolean {
  const r = st.resource;
  if (!r) return true;
  const resource = view.req.resource;
  let hit = r.any;
  if (!hit) {
    const ms = r.matchers;
    for (let i = 0; i < ms.length; i++) {
      if (ms[i]!.test(resource, view)) {
        hit = true;
        break;
      }
    }
    if (!hit) {
      for (const t of r.templates) {
        const target = t.short ? view.apiResourcePath() : resource;
        if (target === undefined) continue;
        const readings = patternReadings(t, view);
        const element = r.not ? 'NotResource' : 'Resource';
        if (readings && matchesReadings(resourceCache, readings, target, element, `${element} "${t.raw}"`)) {
          hit = true;
          break;
        }
      }
    }
  }
  return r.not ? !hit : hit;
}

function conditionsHold(st: CompiledStatement, view: ContextView): boolean {
  const cs = st.conditions;
  let i = 0;
  try {
    for (; i < cs.length; i++) if (!cs[i]!.test(view)) return false;
  } catch (e) {
    // Name the clause: the value's own test does not know its operator and key.
    if (e instanceof Undecided)
      throw new Undecided(`${cs[i]!.operator.written} "${cs[i]!.key}": ${e.message}`, 'Condition');
    throw e;
  }
  return true;
}

/** Does the statement apply? 'account' when it applies only because the caller's account is named. */
export function statementApplies(st: CompiledStatement, view: ContextView): PrincipalMatch {
  if (!actionMatches(st, view.action)) return 'none';
  let pm: PrincipalMatch;
  // A NotPrincipal whose reading AWS leaves open for this caller matters only if the rest applies.
  let open: Undecided | undefined;
  try {
    pm = principalPart(st, view);
  } catch (e) {
    if (!(e instanceof Undecided)) throw e;
    open = e;
    pm = 'direct';
  }
  if (pm === 'none') return 'none';
  if (!resourceMatches(st, view)) return 'none';
  if (!conditionsHold(st, view)) return 'none';
  if (open) throw open;
  return pm;
}

/**
 * For a policy, the statements (their indices) that may decide some request for `action` on one of
 * `resources`, by their Action and Resource (NotResource) alone: a Resource with policy variables
 * may match any resource. The others never apply to those requests, whoever makes them.
 * Asked of many policies: the resources are read once, and a statement whose Version, Action and
 * Resource were matched already (one identity policy attached to a hundred roles, each its own
 * compiled copy) is not matched again: the answer depends on nothing else (reachKey).
 */
export function statementsReaching(
  action: string,
  resources: readonly string[],
): (policy: CompiledPolicy) => number[] {
  const anonymous = { kind: 'anonymous' } as const;
  const views = resources.map(
    (resource) => new ContextView({ principal: anonymous, action, resource, context: {} }),
  );
  const known = new Map<string, boolean>();
  const reaches = (st: CompiledStatement, version: string | undefined): boolean => {
    const key = reachKey(st, version);
    let hit = known.get(key);
    if (hit === undefined) {
      hit = views.some(
        (v) => actionMatches(st, v.action) && (!!st.resource?.templates.length || resourceMatches(st, v)),
      );
      known.set(key, hit);
    }
    return hit;
  };
  return (policy) => {
    const p = compiled(policy);
    return p.statements.filter((st) => reaches(st, p.version)).map((st) => st.index);
  };
}

/**
 * What a statement's Action and Resource match is made of: the Version (which reads `${…}` as a
 * variable or as text), the Action and Resource as written, and whether the Resource is there at
 * all (mostPermissive drops one with policy variables from a statement it keeps).
 */
function reachKey(st: CompiledStatement, version: string | undefined): string {
  let key = REACH_KEYS.get(st);
  if (key === undefined) {
    const { action: a, resource: r } = st;
    key = JSON.stringify([
      version ?? null,
      a.not,
      a.written,
      r ? [r.not, r.templates.length > 0, r.written] : null,
    ]);
    REACH_KEYS.set(st, key);
  }
  return key;
}
const REACH_KEYS = new WeakMap<CompiledStatement, string>();

/**
 * Whether a statement's Action and Principal (NotPrincipal) may apply to a call by `principal`,
 * whatever its resource and condition keys. A statement without Principal (an identity policy's)
 * may; so does a NotPrincipal Deny (a permissions boundary makes it apply to anyone, principalPart)
 * and one whose reading AWS leaves open for this caller.
 */
export function statementMayName(
  policy: CompiledPolicy,
  index: number,
  action: string,
  principal: RequestContext['principal'],
): boolean {
  const st = compiled(policy).statements.find((x) => x.index === index);
  const view = new ContextView({ principal, action, resource: '*', context: {} });
  if (!st || !actionMatches(st, view.action)) return false;
  if (st.principal?.not && st.effect === 'Deny') return true;
  try {
    return principalPart(st, view) !== 'none';
  } catch (e) {
    if (e instanceof Undecided) return true;
    throw e;
  }
}

/** Result of the fast pass, used by the chain. */
export interface RawDecision {
  kind: Decision['kind'];
  statements: StatementRef[];
  /** Allowed only through statements that name the caller's account (not the caller itself). */
  viaAccountOnly: boolean;
  /** An allowing statement names the caller's session itself (session policies do not limit it). */
  namesSession?: boolean;
}

export function decide(policy: Policy, view: ContextView): RawDecision {
  let denies: StatementRef[] | undefined;
  let allows: StatementRef[] | undefined;
  let direct = false;
  let namesSession = false;
  // The first statement whose applying AWS's pages leave open for this request (undecided.ts): it
  // does not matter when a Deny applies; otherwise the decision depends on it and is refused.
  let undecided: { st: CompiledStatement; why: Undecided } | undefined;
  const sts = policy.candidates(view.apiKeyId());
  for (let i = 0; i < sts.length; i++) {
    const st = sts[i]!;
    // A Deny needs no further Allow once one Deny matched; skip Allows then.
    if (denies && st.effect === 'Allow') continue;
    let m: PrincipalMatch;
    try {
      m = statementApplies(st, view);
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      undecided ??= { st, why: e };
      continue;
    }
    if (m === 'none') continue;
    if (st.effect === 'Deny') (denies ??= []).push(st.ref);
    else {
      (allows ??= []).push(st.ref);
      if (m !== 'account') direct = true;
      if (m === 'session') namesSession = true;
    }
  }
  if (denies) return { kind: 'ExplicitDeny', statements: denies, viaAccountOnly: false };
  if (undecided)
    throw new PolicyError(undecided.why.message, {
      policy: policy.source.name,
      ...(policy.source.file !== undefined ? { file: policy.source.file } : {}),
      statement: undecided.st.index,
      ...(undecided.st.sid !== undefined ? { sid: undecided.st.sid } : {}),
      element: undecided.why.element,
    });
  if (allows)
    return namesSession
      ? { kind: 'Allowed', statements: allows, viaAccountOnly: false, namesSession }
      : { kind: 'Allowed', statements: allows, viaAccountOnly: !direct };
  return IMPLICIT_DENY;
}

/** Every implicit deny is the same (read only): one object, not one per decision. */
const IMPLICIT_DENY: RawDecision = Object.freeze({
  kind: 'ImplicitDeny',
  statements: Object.freeze([]) as unknown as StatementRef[],
  viaAccountOnly: false,
});

/** A decision whose near misses are computed the first time they are read. */
class LazyDecision {
  // ES private fields: a spread copy or JSON never carries the internals.
  #misses: NearMiss[] | undefined;
  #policy: Policy;
  #view: ContextView;
  constructor(
    readonly kind: Decision['kind'],
    readonly statements: StatementRef[],
    policy: Policy,
    view: ContextView,
    /** Allowed only through statements that name the caller's account. */
    readonly viaAccountOnly: boolean,
  ) {
    this.#policy = policy;
    this.#view = view;
  }
  get nearMisses(): NearMiss[] {
    return (this.#misses ??= nearMisses(this.#policy, this.#view));
  }
  toJSON(): object {
    return { kind: this.kind, statements: this.statements, nearMisses: this.nearMisses };
  }
}

export function toDecision(policy: Policy, view: ContextView, raw: RawDecision): Decision {
  return new LazyDecision(raw.kind, raw.statements, policy, view, raw.viaAccountOnly) as unknown as Decision;
}

export function compiled(policy: CompiledPolicy): Policy {
  if (!isCompiled(policy))
    throw new PolicyError('not a compiled policy: use parsePolicy()', { policy: policy.source?.name });
  return policy;
}

/**
 * The policy's own statements only (Principal included; no delegation or cross-account rule).
 * `layer` is accepted for symmetry with the chain: an account principal admits that account's
 * principals in every layer here; only the chain treats it as delegation in a resource policy.
 */
export function evaluatePolicy(
  policy: CompiledPolicy,
  req: RequestContext,
  _opts: { layer?: Layer } = {},
): Decision {
  const p = compiled(policy);
  const view = new ContextView(req);
  return toDecision(p, view, decide(p, view));
}

/**
 * Statements that did not apply but nearly did: the Action matched (the statement is about this
 * request) or only one element failed. Each names the first failing element and why.
 */
export function nearMisses(policy: Policy, view: ContextView): NearMiss[] {
  const out: NearMiss[] = [];
  for (const st of policy.statements) {
    let applies: PrincipalMatch;
    try {
      applies = statementApplies(st, view);
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      out.push({ ...st.ref, effect: st.effect, element: e.element, reason: e.message });
      continue;
    }
    if (applies !== 'none') continue;
    const failures = failingElements(st, view);
    if (failures.length === 0) continue;
    const actionFailed = failures.some((f) => f.element === 'Action' || f.element === 'NotAction');
    if (actionFailed && failures.length > 1) continue;
    const f = failures[0]!;
    out.push({ ...st.ref, effect: st.effect, element: f.element, reason: f.reason });
  }
  return out;
}

function list(xs: readonly string[]): string {
  return xs.length === 1 ? JSON.stringify(xs[0]) : JSON.stringify(xs);
}

/** Why an Action or Resource element (or its Not- form) fails for the request's value. */
function listMiss(
  element: 'Action' | 'Resource',
  el: { readonly not: boolean; readonly written: readonly string[] },
  value: string,
): { element: Element; reason: string } {
  return el.not
    ? { element: `Not${element}`, reason: `Not${element} ${list(el.written)} excludes "${value}"` }
    : { element, reason: `${element} ${list(el.written)} does not match "${value}"` };
}

/** Every element of a statement that fails for this request, in element order, with a reason. */
export function failingElements(
  st: CompiledStatement,
  view: ContextView,
): { element: Element; reason: string }[] {
  const out: { element: Element; reason: string }[] = [];
  const req = view.req;
  if (st.principal && principalPart(st, view) === 'none') {
    const who = principalDisplay(req.principal);
    out.push(
      st.principal.not
        ? {
            element: 'NotPrincipal',
            reason: `NotPrincipal names ${who} (and, for a session, its role and account), so the statement does not apply`,
          }
        : {
            element: 'Principal',
            reason: `Principal does not name ${who}${req.principal.kind !== 'anonymous' ? ', its role or its account' : ''}`,
          },
    );
  }
  if (!actionMatches(st, view.action)) out.push(listMiss('Action', st.action, req.action));
  // An element AWS's pages leave open for this request is listed with why (undecided.ts), not thrown:
  // a near miss explains a decision that did not depend on it.
  const holds = (element: Element, test: () => boolean): boolean => {
    try {
      return test();
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      out.push({ element, reason: e.message });
      return true;
    }
  };
  if (st.resource && !holds(st.resource.not ? 'NotResource' : 'Resource', () => resourceMatches(st, view)))
    out.push(listMiss('Resource', st.resource, req.resource));
  for (const c of st.conditions) {
    if (holds('Condition', () => c.test(view))) continue;
    const v = view.get(c.lowerKey);
    const has = v === undefined ? 'the request does not carry it' : `the request has ${JSON.stringify(v)}`;
    out.push({
      element: 'Condition',
      reason: `${c.operator.written} "${c.key}" ${list(c.values)} is false: ${has}`,
    });
    break;
  }
  return out;
}
