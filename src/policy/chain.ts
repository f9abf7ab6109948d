// authorizeCall: the layers one execute-api call passes, in order.
//   1. the endpoint policy (hub): it only filters; a deny (explicit or implicit) ends the call;
//   2. the method's authorization type: AWS_IAM needs a signed caller (anonymous gets API Gateway's
//      MissingAuthenticationToken, reported here as a deny at the identity layer); NONE skips the
//      identity policies;
//   3. the resource policy and the identity policies (spoke) with AWS's table: any explicit deny
//      wins; same account: either allowing suffices; cross account: both must allow. A resource
//      policy statement that names an account (id or :root) rather than the caller delegates to
//      that account, whose identity policies must then allow too, even in the same account.
// A layer not given is not evaluated (and does not constrain the outcome).
import { ContextView } from './context.js';
import { compiled, decide, toDecision, type RawDecision } from './evaluate.js';
import type { Policy } from './parse.js';
import { principalAccount, principalDisplay } from './principal.js';
import { arnAccount } from './request.js';
import type { ChainDecision, ChainInput, Decision, Layer, RequestContext, StatementRef } from './types.js';

interface Step {
  layer: Layer;
  policy: Policy;
  raw: RawDecision;
}

class LazyChainDecision {
  private lines: string[] | undefined;
  private layerList: { layer: Layer; policy: string; decision: Decision }[] | undefined;
  constructor(
    readonly decision: 'allow' | 'deny',
    readonly detail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny',
    readonly layer: Layer | null,
    readonly statements: StatementRef[],
    private readonly steps: Step[],
    private readonly view: ContextView,
    private readonly notes: (string | (() => string))[],
  ) {}
  get layers(): { layer: Layer; policy: string; decision: Decision }[] {
    return (this.layerList ??= this.steps.map((s) => ({
      layer: s.layer,
      policy: s.policy.source.name,
      decision: toDecision(s.policy, this.view, s.raw),
    })));
  }
  get explanation(): string[] {
    return (this.lines ??= this.notes.map((n) => (typeof n === 'function' ? n() : n)));
  }
  toJSON(): object {
    return {
      decision: this.decision,
      detail: this.detail,
      layer: this.layer,
      statements: this.statements,
      layers: this.layers,
      explanation: this.explanation,
    };
  }
}

function refs(rs: readonly StatementRef[]): string {
  return rs.map((r) => `${r.policy}[${r.index}]${r.sid !== undefined ? ` (${r.sid})` : ''}`).join(', ');
}

export function authorizeCall(chain: ChainInput, req: RequestContext): ChainDecision {
  const view = new ContextView(req);
  const steps: Step[] = [];
  const notes: (string | (() => string))[] = [];
  const done = (
    decision: 'allow' | 'deny',
    detail: ChainDecision['detail'],
    layer: Layer | null,
    statements: StatementRef[],
  ): ChainDecision =>
    new LazyChainDecision(
      decision,
      detail,
      layer,
      statements,
      steps,
      view,
      notes,
    ) as unknown as ChainDecision;
  const who = () => principalDisplay(req.principal);

  // 1. Endpoint policy.
  const allowing: StatementRef[] = [];
  if (chain.endpointPolicy) {
    const policy = compiled(chain.endpointPolicy);
    const raw = decide(policy, view);
    steps.push({ layer: 'endpoint', policy, raw });
    if (raw.kind === 'ExplicitDeny') {
      notes.push(
        () => `endpoint policy: explicit deny by ${refs(raw.statements)} for ${who()}; the call ends here`,
      );
      return done('deny', 'ExplicitDeny', 'endpoint', raw.statements);
    }
    if (raw.kind === 'ImplicitDeny') {
      notes.push(
        () =>
          `endpoint policy: no statement allows ${who()} to ${req.action} ${req.resource}; the call ends here`,
      );
      return done('deny', 'ImplicitDeny', 'endpoint', []);
    }
    notes.push(() => `endpoint policy: allowed by ${refs(raw.statements)}`);
    pushAll(allowing, raw.statements);
  } else notes.push('endpoint policy: not given, not evaluated');

  // 2. Method authorization type.
  const iam = chain.authorizationType !== 'NONE';
  if (iam && req.principal.kind === 'anonymous') {
    notes.push(
      'authorization AWS_IAM: the request is unsigned (anonymous); API Gateway answers 403 MissingAuthenticationToken before any resource or identity policy',
    );
    return done('deny', 'ImplicitDeny', 'identity', []);
  }
  notes.push(
    iam
      ? 'authorization AWS_IAM: the caller is identified by its signature; identity policies apply'
      : 'authorization NONE: identity policies are skipped (the caller is still identified when the request is signed)',
  );

  // 3. Resource policy and identity policies.
  let resource: RawDecision | undefined;
  if (chain.resourcePolicy) {
    const policy = compiled(chain.resourcePolicy);
    resource = decide(policy, view);
    steps.push({ layer: 'resource', policy, raw: resource });
  } else notes.push('resource policy: not given, not evaluated');

  let identity: RawDecision | undefined;
  const identityPolicies = iam ? chain.identityPolicies : undefined;
  if (identityPolicies && identityPolicies.length) {
    // All identity policies of the caller form one layer.
    let denies: StatementRef[] | undefined;
    let allows: StatementRef[] | undefined;
    for (const ip of identityPolicies) {
      const policy = compiled(ip);
      const raw = decide(policy, view);
      steps.push({ layer: 'identity', policy, raw });
      if (raw.kind === 'ExplicitDeny') pushAll((denies ??= []), raw.statements);
      else if (raw.kind === 'Allowed') pushAll((allows ??= []), raw.statements);
    }
    identity = denies
      ? { kind: 'ExplicitDeny', statements: denies, viaAccountOnly: false }
      : allows
        ? { kind: 'Allowed', statements: allows, viaAccountOnly: false }
        : { kind: 'ImplicitDeny', statements: [], viaAccountOnly: false };
  } else if (iam) notes.push('identity policies: not given, not evaluated');

  // Explicit deny anywhere wins.
  if (resource?.kind === 'ExplicitDeny') {
    const r = resource;
    notes.push(() => `resource policy: explicit deny by ${refs(r.statements)}`);
    return done('deny', 'ExplicitDeny', 'resource', r.statements);
  }
  if (identity?.kind === 'ExplicitDeny') {
    const r = identity;
    notes.push(() => `identity policy: explicit deny by ${refs(r.statements)}`);
    return done('deny', 'ExplicitDeny', 'identity', r.statements);
  }

  const callerAccount = principalAccount(req.principal);
  const apiAccount = chain.resourceAccount ?? arnAccount(req.resource);
  const sameAccount = callerAccount !== undefined && callerAccount === apiAccount;
  const resAllows = resource?.kind === 'Allowed';
  const resDirect = resAllows && !resource!.viaAccountOnly;
  const idAllows = identity?.kind === 'Allowed';

  if (!iam) {
    // NONE: the resource policy decides alone.
    if (resource && !resAllows) {
      notes.push(() => `resource policy: no statement allows ${who()}`);
      return done('deny', 'ImplicitDeny', 'resource', []);
    }
    if (resource) {
      const r = resource;
      notes.push(() => `resource policy: allowed by ${refs(r.statements)}`);
      pushAll(allowing, r.statements);
    }
    return done('allow', 'Allowed', null, allowing);
  }

  const accountNote = sameAccount
    ? `same account (${callerAccount}): either the resource policy or an identity policy allowing suffices`
    : `cross account (caller ${callerAccount ?? 'none'}, API ${apiAccount ?? 'unknown'}): both the resource policy and an identity policy must allow`;

  if (resource && identity) {
    notes.push(accountNote);
    if (resAllows && resource.viaAccountOnly) {
      notes.push(
        () =>
          `resource policy: allows only by naming the account (${refs(resource!.statements)}), which delegates to its identity policies`,
      );
    }
    const allowed = sameAccount ? resDirect || idAllows : resAllows && idAllows;
    const delegatedOk = !resAllows || resDirect || idAllows;
    if (allowed && delegatedOk) {
      if (resAllows) pushAll(allowing, resource.statements);
      if (idAllows) pushAll(allowing, identity.statements);
      notes.push(() => `allowed by ${refs(allowing)}`);
      return done('allow', 'Allowed', null, allowing);
    }
    // Which layer failed to allow?
    if (!resAllows && (!sameAccount || !idAllows)) {
      notes.push(() => `resource policy: no statement allows ${who()}`);
      return done('deny', 'ImplicitDeny', 'resource', []);
    }
    notes.push(() => `identity policies: no statement allows ${who()} to ${req.action} ${req.resource}`);
    return done('deny', 'ImplicitDeny', 'identity', []);
  }

  if (resource) {
    if (!resAllows) {
      notes.push(() => `resource policy: no statement allows ${who()}`);
      return done('deny', 'ImplicitDeny', 'resource', []);
    }
    const r = resource;
    notes.push(
      () =>
        `resource policy: allowed by ${refs(r.statements)}${r.viaAccountOnly ? ' (names the account; identity policies not given, so the delegation is not checked)' : ''}`,
    );
    pushAll(allowing, r.statements);
    return done('allow', 'Allowed', null, allowing);
  }
  if (identity) {
    if (!idAllows) {
      notes.push(() => `identity policies: no statement allows ${who()} to ${req.action} ${req.resource}`);
      return done('deny', 'ImplicitDeny', 'identity', []);
    }
    const r = identity;
    notes.push(() => `identity policies: allowed by ${refs(r.statements)}`);
    pushAll(allowing, r.statements);
  }
  return done('allow', 'Allowed', null, allowing);
}

function pushAll(into: StatementRef[], from: readonly StatementRef[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}
