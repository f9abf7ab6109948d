// authorizeCall: the layers one execute-api call passes, in order.
//   1. the endpoint policy (hub): it only filters; a deny (explicit or implicit) ends the call;
//   1c. on one reading of a route not AWS_IAM (an authorizer's or NONE: `anonymousToResource`), the
//      layers after the endpoint policy see the caller as anonymous (docs/aws-behaviour.md §5d);
//   2. the method's authorization type: AWS_IAM needs a signed caller (an anonymous caller gets API
//      Gateway's 403 MissingAuthenticationToken, reported here as an implicit deny at the identity
//      layer, before any resource policy); NONE skips the identity policies;
//   2b. a private API known to have no resource policy (`resourcePolicy: null`) refuses every call;
//   3. the resource policy and the identity policies (spoke) with AWS's table: any explicit deny
//      wins; same account: either allowing suffices; cross account: both must allow. A resource
//      policy statement that names an account (id or :root) rather than the caller delegates to
//      that account, whose identity policies must then allow too, even in the same account.
//   4. session policies (AssumeRole Policy/PolicyArns): an explicit deny wins; otherwise they must
//      allow too, for the identity policies' grant and for every resource-policy grant except one
//      that names the session's own ARN (IAM User Guide, access_policies "Session policies").
//   5. the caller's permissions boundary limits exactly where session policies do (a same-account
//      grant to the session or IAM user ARN stands without it; reference_policies_evaluation-logic),
//      and with one a resource-based policy's NotPrincipal Deny applies whatever it names
//      (access_policies_boundaries; docs/aws-behaviour.md §14).
//   6. service control policies (the caller's account's, one list per level of its path in the
//      organization): a Deny at any level is an explicit deny like any other; a level without an
//      allow denies before any resource policy is looked at, so no grant gets past it, not even one
//      naming the session (IAM policy-eval-denyallow; Organizations SCP evaluation; §22).
// A layer not given is not evaluated and does not constrain the outcome.
// The hot path builds no strings: the explanation and per-layer decisions are made when read.
import { statementRefs } from './statement-ref.js';
import { ContextView } from './context.js';
import { compiled, decide, toDecision, type RawDecision } from './evaluate.js';
import type { Policy } from './parse.js';
import { principalAccount, principalDisplay } from './principal.js';
import { asAnonymous } from './request.js';
import type {
  ChainDecision,
  ChainInput,
  CompiledPolicy,
  Decision,
  Layer,
  RequestContext,
  StatementRef,
} from './types.js';

interface Step {
  layer: Layer;
  policy: Policy;
  raw: RawDecision;
  /** The request as this layer saw it (anonymousToResource: the endpoint policy saw the signer). */
  view: ContextView;
}

/** Why the chain ended where it did; the explanation is rendered from it on demand. */
type Outcome =
  | 'endpoint-deny'
  | 'endpoint-implicit'
  | 'endpoint-not-accepted'
  | 'missing-auth'
  | 'no-resource-policy'
  | 'resource-deny'
  | 'identity-deny'
  | 'session-deny'
  | 'boundary-deny'
  | 'scp-deny'
  | 'scp-implicit'
  | 'session-implicit'
  | 'boundary-implicit'
  | 'resource-implicit'
  | 'identity-implicit'
  | 'allowed';

interface State {
  chain: ChainInput;
  req: RequestContext;
  view: ContextView;
  steps: Step[];
  iam: boolean;
  resource: RawDecision | undefined;
  identity: RawDecision | undefined;
  session: RawDecision | undefined;
  boundary: RawDecision | undefined;
  scp: RawDecision | undefined;
  /** The first level (0 = the root) of the SCP path none of whose policies allows; -1: every one does. */
  scpGap: number;
  callerAccount: string | undefined;
  apiAccount: string | undefined;
  outcome: Outcome;
}

/** A chain decision's outcome fields, in the order every JSON form of it gives them. */
export function decisionFields(d: {
  decision: 'allow' | 'deny';
  detail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';
  layer: Layer | null;
  reason?: 'missing-auth';
  statements: StatementRef[];
}) {
  return {
    decision: d.decision,
    detail: d.detail,
    layer: d.layer,
    ...(d.reason ? { reason: d.reason } : {}),
    statements: d.statements,
  };
}

class LazyChainDecision {
  // ES private fields: a spread copy ({...decision}) or JSON never carries the internals.
  #lines: string[] | undefined;
  #state: State;
  /** Per layer evaluated: its own decision (near misses inside are computed when read). */
  readonly layers: { layer: Layer; policy: string; decision: Decision }[];
  /** Set (own, enumerable) only when no policy decided the deny: an unsigned call to an AWS_IAM route. */
  declare readonly reason?: 'missing-auth';
  constructor(
    readonly decision: 'allow' | 'deny',
    readonly detail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny',
    readonly layer: Layer | null,
    readonly statements: StatementRef[],
    state: State,
  ) {
    this.#state = state;
    const steps = state.steps;
    const layers: { layer: Layer; policy: string; decision: Decision }[] = [];
    for (let i = 0; i < steps.length; i++) {
      const st = steps[i]!;
      layers.push({
        layer: st.layer,
        policy: st.policy.source.name,
        decision: toDecision(st.policy, st.view, st.raw),
      });
    }
    this.layers = layers;
    if (state.outcome === 'missing-auth') this.reason = 'missing-auth';
  }
  /** One line per step, rendered the first time it is read. */
  get explanation(): string[] {
    return (this.#lines ??= explain(this.#state, this.statements));
  }
  toJSON(): object {
    return { ...decisionFields(this), layers: this.layers, explanation: this.explanation };
  }
}

function finish(
  s: State,
  outcome: Outcome,
  decision: 'allow' | 'deny',
  detail: ChainDecision['detail'],
  layer: Layer | null,
  statements: StatementRef[],
): ChainDecision {
  s.outcome = outcome;
  return new LazyChainDecision(decision, detail, layer, statements, s);
}

/**
 * Whether the endpoint policy lets the request through: authorizeCall's first step alone (the
 * decision authorizeCall gives with this policy and no other layer, without building a decision
 * for the report). A diff asks it twice for each of thousands of cells. `permissionsBoundary`: the
 * caller's, as authorizeCall would be given it (with one, a NotPrincipal Deny applies to the caller
 * whatever it names, in the endpoint policy too).
 */
export function endpointAllows(
  endpointPolicy: CompiledPolicy,
  req: RequestContext,
  permissionsBoundary: CompiledPolicy | undefined,
): boolean {
  // Asked of the same requests with each side's policy in turn (a diff: each reading of a path
  // on both sides): a request's view (the resource ARN split, the keys folded) is made once. The
  // last few are kept, not a WeakMap entry per request (tens of thousands, for the collector).
  // Requests are never changed once made.
  const bounded = boundedCaller(permissionsBoundary, req);
  let view: ContextView | undefined;
  for (let i = 0; i < RECENT_VIEWS.length; i++) {
    const v = RECENT_VIEWS[i]!;
    if (v.req === req && v.boundary === bounded) {
      view = v;
      break;
    }
  }
  if (!view) {
    view = new ContextView(req, bounded);
    RECENT_VIEWS[nextView] = view;
    nextView = (nextView + 1) % 4;
  }
  return decide(compiled(endpointPolicy), view).kind === 'Allowed';
}
const RECENT_VIEWS: ContextView[] = [];
let nextView = 0;

/** Whether the request's caller has a permissions boundary (an anonymous caller has none). */
function boundedCaller(permissionsBoundary: CompiledPolicy | undefined, req: RequestContext): boolean {
  return permissionsBoundary !== undefined && req.principal.kind !== 'anonymous';
}

export function authorizeCall(chain: ChainInput, req: RequestContext): ChainDecision {
  // A boundary is the signed caller's (a NotPrincipal Deny applies to it on any route); as a layer
  // it limits IAM-authorized calls only.
  const bounded = boundedCaller(chain.permissionsBoundary, req);
  const view = new ContextView(req, bounded);
  const s: State = {
    chain,
    req,
    view,
    steps: [],
    iam: chain.authorizationType !== 'NONE',
    resource: undefined,
    identity: undefined,
    session: undefined,
    boundary: undefined,
    scp: undefined,
    scpGap: -1,
    callerAccount: undefined,
    apiAccount: undefined,
    outcome: 'allowed',
  };
  const allowing: StatementRef[] = [];

  // 0. The alias name {api}-{vpce} exists only for an endpoint associated with the API: for another
  // the request is never made (no such name), so no policy, the endpoint's included, sees it.
  // Private DNS and the endpoint's own names reach the API whatever the association.
  if (
    chain.viaAlias &&
    chain.acceptedEndpoints &&
    !chain.acceptedEndpoints.includes(String(view.get('aws:sourcevpce') ?? ''))
  )
    return finish(s, 'endpoint-not-accepted', 'deny', 'ImplicitDeny', null, []);

  // 1. Endpoint policy.
  if (chain.endpointPolicy) {
    const policy = compiled(chain.endpointPolicy);
    const raw = decide(policy, view);
    s.steps.push({ layer: 'endpoint', policy, raw, view });
    if (raw.kind === 'ExplicitDeny')
      return finish(s, 'endpoint-deny', 'deny', 'ExplicitDeny', 'endpoint', raw.statements);
    if (raw.kind === 'ImplicitDeny')
      return finish(s, 'endpoint-implicit', 'deny', 'ImplicitDeny', 'endpoint', []);
    pushAll(allowing, raw.statements);
  }

  // 1c. One reading of an authorizer's route: past the endpoint, the caller is anonymous.
  if (chain.anonymousToResource && req.principal.kind !== 'anonymous') {
    s.req = asAnonymous(req);
    s.view = new ContextView(s.req);
  }

  // 2. Method authorization type.
  if (s.iam && s.req.principal.kind === 'anonymous')
    // Authentication, not a policy: no layer denies it (reason says what did).
    return finish(s, 'missing-auth', 'deny', 'ImplicitDeny', null, []);

  // 2b. A private API without a resource policy refuses every call, whatever the caller's policies.
  if (chain.resourcePolicy === null)
    return finish(s, 'no-resource-policy', 'deny', 'ImplicitDeny', 'resource', []);

  // 3. Resource policy and identity policies.
  if (chain.resourcePolicy) {
    const policy = compiled(chain.resourcePolicy);
    s.resource = decide(policy, s.view);
    s.steps.push({ layer: 'resource', policy, raw: s.resource, view: s.view });
  }
  // Identity policies given (even an empty list: the caller has none) are evaluated; not given
  // (undefined) they are not.
  const identityPolicies = s.iam ? chain.identityPolicies : undefined;
  if (identityPolicies) s.identity = layerOf(s, 'identity', identityPolicies);
  // Session policies (only for IAM-authorized calls; an empty list is no session policy).
  const sessionPolicies = s.iam ? chain.sessionPolicies : undefined;
  if (sessionPolicies && sessionPolicies.length > 0) s.session = layerOf(s, 'session', sessionPolicies);
  // The permissions boundary (IAM-authorized calls of a signed caller; see `bounded`).
  if (bounded && s.iam) s.boundary = layerOf(s, 'boundary', [chain.permissionsBoundary!]);
  // SCPs limit the signed caller of an IAM-authorized call (its account's, given by the caller).
  const scps = s.iam && s.req.principal.kind !== 'anonymous' ? chain.serviceControlPolicies : undefined;
  if (scps) s.scp = scpLayer(s, scps);
  const resource = s.resource;
  const identity = s.identity;
  const session = s.session;
  const boundary = s.boundary;
  const scp = s.scp;

  // Explicit deny anywhere wins (an SCP's named first: it is evaluated before the other layers).
  if (scp && scp.kind === 'ExplicitDeny')
    return finish(s, 'scp-deny', 'deny', 'ExplicitDeny', 'scp', scp.statements);
  if (resource && resource.kind === 'ExplicitDeny')
    return finish(s, 'resource-deny', 'deny', 'ExplicitDeny', 'resource', resource.statements);
  if (identity && identity.kind === 'ExplicitDeny')
    return finish(s, 'identity-deny', 'deny', 'ExplicitDeny', 'identity', identity.statements);
  if (session && session.kind === 'ExplicitDeny')
    return finish(s, 'session-deny', 'deny', 'ExplicitDeny', 'session', session.statements);
  if (boundary && boundary.kind === 'ExplicitDeny')
    return finish(s, 'boundary-deny', 'deny', 'ExplicitDeny', 'boundary', boundary.statements);
  // An SCP level that allows nothing denies before any resource or identity policy can allow.
  if (scp && scp.kind !== 'Allowed') return finish(s, 'scp-implicit', 'deny', 'ImplicitDeny', 'scp', []);
  if (scp) pushAll(allowing, scp.statements);

  const resAllows = resource !== undefined && resource.kind === 'Allowed';
  const idAllows = identity !== undefined && identity.kind === 'Allowed';
  // No session policy and no boundary: nothing more limits. A grant naming the session (or IAM
  // user) itself is not limited by either.
  const sessionAllows = session === undefined || session.kind === 'Allowed';
  const boundaryAllows = boundary === undefined || boundary.kind === 'Allowed';
  const limitsAllow = sessionAllows && boundaryAllows;
  if (session && sessionAllows) pushAll(allowing, session.statements);
  if (boundary && boundaryAllows) pushAll(allowing, boundary.statements);

  if (!s.iam || !identity) {
    // NONE (identity skipped) or identity policies not given: the resource policy decides alone.
    if (resource && !resAllows) return finish(s, 'resource-implicit', 'deny', 'ImplicitDeny', 'resource', []);
    if (!limitsAllow && !(resource && resource.namesSession)) return limitDenied(s, sessionAllows);
    if (resource) pushAll(allowing, resource.statements);
    return finish(s, 'allowed', 'allow', 'Allowed', null, allowing);
  }
  if (!resource) {
    if (!idAllows) return finish(s, 'identity-implicit', 'deny', 'ImplicitDeny', 'identity', []);
    if (!limitsAllow) return limitDenied(s, sessionAllows);
    pushAll(allowing, identity.statements);
    return finish(s, 'allowed', 'allow', 'Allowed', null, allowing);
  }

  // Both layers given: AWS's same-account / cross-account table.
  s.callerAccount = principalAccount(s.req.principal);
  s.apiAccount = chain.resourceAccount ?? view.resourceAccount();
  const sameAccount = s.callerAccount !== undefined && s.callerAccount === s.apiAccount;
  const resDirect = resAllows && !resource.viaAccountOnly;
  const allowed = sameAccount ? resDirect || idAllows : resAllows && idAllows;
  if (allowed && !limitsAllow) {
    // Only a same-account grant naming the session (or user) itself stands without the session
    // policies and the boundary.
    if (!(sameAccount && resAllows && resource.namesSession)) return limitDenied(s, sessionAllows);
  }
  if (allowed) {
    if (resAllows) pushAll(allowing, resource.statements);
    if (idAllows && limitsAllow) pushAll(allowing, identity.statements);
    return finish(s, 'allowed', 'allow', 'Allowed', null, allowing);
  }
  // Not allowed: the resource policy is silent, or it only delegates / is cross account and the
  // identity policies are silent.
  if (!resAllows) return finish(s, 'resource-implicit', 'deny', 'ImplicitDeny', 'resource', []);
  return finish(s, 'identity-implicit', 'deny', 'ImplicitDeny', 'identity', []);
}

// A function of its own, not a closure made per call: under tsx (the bench) every closure is also
// given its name with Object.defineProperty, which cost about 15% of a decision.
// The session policies are named first when both they and the boundary refuse.
function limitDenied(s: State, sessionAllows: boolean): ChainDecision {
  return sessionAllows
    ? finish(s, 'boundary-implicit', 'deny', 'ImplicitDeny', 'boundary', [])
    : finish(s, 'session-implicit', 'deny', 'ImplicitDeny', 'session', []);
}

/** All policies of one kind (identity, session, boundary) form one layer: any deny, else any allow. */
function layerOf(
  s: State,
  layer: 'identity' | 'session' | 'boundary',
  policies: CompiledPolicy[],
): RawDecision {
  let denies: StatementRef[] | undefined;
  let allows: StatementRef[] | undefined;
  for (let i = 0; i < policies.length; i++) {
    const policy = compiled(policies[i]!);
    const raw = decide(policy, s.view);
    s.steps.push({ layer, policy, raw, view: s.view });
    if (raw.kind === 'ExplicitDeny') pushAll((denies ??= []), raw.statements);
    else if (raw.kind === 'Allowed') pushAll((allows ??= []), raw.statements);
  }
  return denies
    ? { kind: 'ExplicitDeny', statements: denies, viaAccountOnly: false }
    : allows
      ? { kind: 'Allowed', statements: allows, viaAccountOnly: false }
      : { kind: 'ImplicitDeny', statements: [], viaAccountOnly: false };
}

/**
 * The SCP layer: any Deny at any level is an explicit deny; otherwise every level must hold an allow
 * (its attached SCPs: any of them allowing will do), else an implicit deny at the first level without.
 */
function scpLayer(s: State, levels: readonly (readonly CompiledPolicy[])[]): RawDecision {
  let denies: StatementRef[] | undefined;
  const allows: StatementRef[] = [];
  for (let l = 0; l < levels.length; l++) {
    let allowed = false;
    const level = levels[l]!;
    for (let i = 0; i < level.length; i++) {
      const policy = compiled(level[i]!);
      const raw = decide(policy, s.view);
      s.steps.push({ layer: 'scp', policy, raw, view: s.view });
      if (raw.kind === 'ExplicitDeny') pushAll((denies ??= []), raw.statements);
      else if (raw.kind === 'Allowed') {
        allowed = true;
        pushAll(allows, raw.statements);
      }
    }
    if (!allowed && s.scpGap < 0) s.scpGap = l;
  }
  if (denies) return { kind: 'ExplicitDeny', statements: denies, viaAccountOnly: false };
  if (s.scpGap >= 0) return { kind: 'ImplicitDeny', statements: [], viaAccountOnly: false };
  return { kind: 'Allowed', statements: allows, viaAccountOnly: false };
}

function pushAll(into: StatementRef[], from: readonly StatementRef[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}

/** One line per step the call went through. */
function explain(s: State, statements: StatementRef[]): string[] {
  const out: string[] = [];
  const { req, chain } = s;
  const who = principalDisplay(req.principal);
  const what = `${req.action} on ${req.resource}`;
  /** A policy layer's line: what denied or allowed, or that nothing allowed (`ends`: the call stops there). */
  const layerLine = (label: string, d: { kind: string; statements: readonly StatementRef[] }, ends = '') =>
    d.kind === 'ExplicitDeny'
      ? `${label}: explicit deny by ${statementRefs(d.statements)}${ends}`
      : d.kind === 'ImplicitDeny'
        ? `${label}: no statement allows ${who} to ${what}${ends}`
        : `${label}: allowed by ${statementRefs(d.statements)}`;
  const endpoint = s.steps.find((x) => x.layer === 'endpoint');
  if (!chain.endpointPolicy) out.push('endpoint policy: not given, not evaluated');
  else if (endpoint) out.push(layerLine('endpoint policy', endpoint.raw, '; the call ends here'));
  if (s.outcome === 'endpoint-deny' || s.outcome === 'endpoint-implicit') return out;
  if (s.outcome === 'endpoint-not-accepted') {
    const vpce = String(s.view.get('aws:sourcevpce') ?? 'no endpoint');
    const list = s.chain.acceptedEndpoints?.join(', ') || 'none';
    out.push(
      `the API's alias name exists only for its associated endpoints (${list}): the alias name for ${vpce} gets 403 ForbiddenException`,
    );
    return out;
  }
  if (s.outcome === 'missing-auth') {
    out.push(
      'authorization AWS_IAM: the request is unsigned (anonymous); API Gateway answers 403 MissingAuthenticationToken before any resource or identity policy',
    );
    return out;
  }
  if (s.outcome === 'no-resource-policy') {
    out.push(
      'resource policy: the API has no resource policy, and a private API without one refuses every call',
    );
    return out;
  }
  out.push(
    s.iam
      ? 'authorization AWS_IAM: the caller is identified by its signature; identity policies apply'
      : chain.anonymousToResource
        ? 'authorization by an authorizer, read as unsigned: identity policies are skipped and the resource policy sees an anonymous caller'
        : 'authorization NONE: identity policies are skipped (the caller is still identified when the request is signed)',
  );
  const r = s.resource;
  if (!chain.resourcePolicy) out.push('resource policy: not given, not evaluated');
  else if (r) {
    if (r.kind === 'Allowed' && r.viaAccountOnly) {
      out.push(
        `resource policy: allows only by naming the caller's account (${statementRefs(r.statements)}), which delegates to the account's identity policies`,
      );
    } else out.push(layerLine('resource policy', r));
  }
  const i = s.identity;
  if (s.iam) {
    if (!i) out.push('identity policies: not given, not evaluated');
    else if (chain.identityPolicies?.length === 0)
      out.push(`identity policies: the caller has none, so none allows ${what}`);
    else out.push(layerLine('identity policies', i));
  }
  if (s.session) out.push(layerLine('session policies', s.session));
  if (s.boundary) out.push(layerLine('permissions boundary', s.boundary));
  if (s.scp) {
    const levels = chain.serviceControlPolicies!.length;
    out.push(
      s.scp.kind === 'ImplicitDeny'
        ? `service control policies: no statement allows ${who} to ${what} at level ${s.scpGap + 1} of ${levels} of the path (the root is level 1, the account level ${levels}); every level must allow`
        : layerLine('service control policies', s.scp),
    );
  }
  if (s.iam && r && i && r.kind !== 'ExplicitDeny' && i.kind !== 'ExplicitDeny') {
    const same = s.callerAccount !== undefined && s.callerAccount === s.apiAccount;
    out.push(
      same
        ? `same account (${s.callerAccount}): the resource policy or an identity policy allowing suffices${r.viaAccountOnly ? ', but a resource policy that names only the account needs an identity policy to allow' : ''}`
        : `cross account (caller ${s.callerAccount ?? 'has no account'}, API ${s.apiAccount ?? 'unknown'}): the resource policy and an identity policy must both allow`,
    );
  }
  switch (s.outcome) {
    case 'allowed':
      out.push(
        statements.length ? `allowed by ${statementRefs(statements)}` : 'allowed: no layer given denies',
      );
      break;
    case 'resource-deny':
    case 'identity-deny':
    case 'session-deny':
    case 'boundary-deny':
    case 'scp-deny':
      out.push('an explicit deny wins');
      break;
    case 'session-implicit':
      out.push(
        'denied: the session policies do not allow the call, and no resource policy statement names the session itself (implicit deny)',
      );
      break;
    case 'boundary-implicit':
      out.push(
        'denied: the permissions boundary does not allow the call, and no resource policy statement names the session (or IAM user) itself in its account (implicit deny)',
      );
      break;
    case 'scp-implicit':
      out.push(
        'denied: the service control policies do not allow the call at every level of the path, so no other policy can allow it (implicit deny)',
      );
      break;
    case 'resource-implicit':
      out.push('denied: no resource policy statement allows the call (implicit deny)');
      break;
    case 'identity-implicit':
      out.push('denied: no identity policy statement allows the call (implicit deny)');
      break;
  }
  return out;
}
