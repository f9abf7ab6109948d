// Table helpers for the cases written from AWS's documentation (test/policy/doc-*.test.ts): each
// case names the page it comes from, a request, and the documented outcome; the engine must agree.
import { describe, expect, it } from 'vitest';
import {
  authorizeCall,
  evaluatePolicy,
  executeApiArn,
  parsePolicy,
  PolicyError,
  principalFromArn,
  principalKeys,
  type ContextExtra,
  type ContextValue,
  type PolicyKind,
  type RequestContext,
} from '../../src/policy/index.js';

export const HUB = '111111111111';
export const SPOKE = '222222222222';
/** The API every case calls unless it says otherwise. */
export const API_ID = 'a1b2c3d4e5';
export const RESOURCE = `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/prod/GET/pets`;

/** The coordinates of the call RESOURCE names, for requestContext. */
export const CALL = {
  region: 'us-east-1',
  account: SPOKE,
  apiId: API_ID,
  stage: 'prod',
  method: 'GET',
  path: '/pets',
};

/** The callers the cases of aws-doc-cases and doc-second-reading share. */
export const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
export const SESSION = `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/ci`;
export const USER = `arn:aws:iam::${HUB}:user/pets`;
export const ROOT = `arn:aws:iam::${HUB}:root`;

/** One statement: Allow (or the given Effect) execute-api:Invoke on everything, to everyone, plus `el`. */
export const st = <T extends object>(el: T) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  ...el,
});
/** A policy of one `st` statement decided by this Condition. */
export const when = (condition: object, effect = 'Allow') => [st({ Effect: effect, Condition: condition })];
/** Allow everything (`st`), then Deny it all with these elements. */
export const allowAllThenDeny = (el: object) => [st({}), st({ Effect: 'Deny', ...el })];
export const denyWhen = (condition: object) => allowAllThenDeny({ Condition: condition });

/** The execute-api ARN the engine builds for `method` /pets on prod of that API in `region`. */
export function petsArnIn(region: string, method = 'GET'): string {
  return executeApiArn({ region, account: SPOKE, apiId: API_ID, stage: 'prod', method, path: '/pets' });
}

/** A case's options reading its policy as a resource, identity or endpoint policy. */
export const R = { kind: 'resource' as const };
export const I = { kind: 'identity' as const };
export const E = { kind: 'endpoint' as const };

/**
 * A resource-policy case on its Principal alone: one `st` naming `principal`, or (`inDeny`) an `st`
 * for everyone beside a Deny naming it.
 */
export function principalCase(
  doc: string,
  principal: object,
  caller: Caller,
  expected: Outcome,
  inDeny = false,
): DocCase {
  const statements = inDeny ? allowAllThenDeny({ Principal: principal }) : [st({ Principal: principal })];
  return [doc, statements, caller, expected, R];
}

/** A resource-policy case on its Resource alone: one `st` naming `resource`. */
export function resourceCase(doc: string, resource: string, caller: Caller, expected: Outcome): DocCase {
  return [doc, [st({ Resource: resource })], caller, expected, R];
}

/**
 * What one policy's own statements say about a request, `refused` when parsePolicy refuses it, or
 * `undecided` when the engine refuses to decide that request (AWS's pages leave its outcome open).
 */
export type Outcome = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' | 'refused' | 'undecided';

export interface Request {
  principal: string;
  resource?: string;
  action?: string;
  /** Keys added to (or overriding) the ones the principal carries. */
  context?: Record<string, ContextValue>;
  /** Tags, org id, user id: as the harness gives them. */
  extra?: ContextExtra;
  sessionName?: string;
  /** The principal's unique id (AIDA… of a user, AROA… of a role), when the case names one. */
  principalId?: string;
}

/** A request, or just the caller's ARN (or 'anonymous') when it carries nothing else. */
export type Caller = Request | string;

/** The role's own request carrying these keys besides its own. */
export const roleWith = (context: Record<string, ContextValue>): Request => ({ principal: ROLE, context });

/** The request as the harness builds it: the principal's own keys plus `context`. */
export function request(caller: Caller): RequestContext {
  const r = typeof caller === 'string' ? { principal: caller } : caller;
  const principal = principalFromArn(r.principal, {
    ...(r.sessionName !== undefined ? { sessionName: r.sessionName } : {}),
    ...(r.principalId !== undefined ? { roleId: r.principalId } : {}),
  });
  return {
    principal,
    action: r.action ?? 'execute-api:Invoke',
    resource: r.resource ?? RESOURCE,
    context: { ...principalKeys(principal, r.extra ?? {}), ...(r.context ?? {}) },
  };
}

export interface PolicyOpts {
  version?: string | null;
  kind?: PolicyKind;
}

export function policyDoc(statements: object[], version: string | null = '2012-10-17'): object {
  return version === null ? { Statement: statements } : { Version: version, Statement: statements };
}

/** One policy (its own statements only) against one request. */
export function outcome(statements: object[] | string, r: Caller, opts: PolicyOpts = {}): Outcome {
  let policy;
  try {
    policy = parsePolicy(
      typeof statements === 'string' ? statements : policyDoc(statements, opts.version),
      { name: 'p' },
      opts.kind ? { kind: opts.kind } : {},
    );
  } catch (e) {
    if (e instanceof PolicyError) return 'refused';
    throw e;
  }
  try {
    return evaluatePolicy(policy, request(r)).kind;
  } catch (e) {
    if (e instanceof PolicyError) return 'undecided';
    throw e;
  }
}

/** A case from a page: what it says, the policy, the request, and the outcome AWS documents. */
export type DocCase = [
  doc: string,
  policy: object[] | string,
  req: Caller,
  expected: Outcome,
  opts?: PolicyOpts,
];

/** One test a case, named by its `doc`: the engine must give the documented outcome. */
export function eachAgrees(cases: DocCase[]): void {
  it.each(cases)('%s', (_doc, policy, req, expected, opts = {}) => {
    expect(outcome(policy, req, opts)).toBe(expected);
  });
}

/** A describe block a title, each case of its rows checked as eachAgrees does. */
export function describeAgrees(sections: Record<string, DocCase[]>): void {
  for (const [title, cases] of Object.entries(sections)) describe(title, () => eachAgrees(cases));
}

/** The refusal of a document, or undefined when it is accepted. */
export function refusal(doc: object | string, kind?: PolicyKind): PolicyError | undefined {
  try {
    parsePolicy(doc, { name: 'p', file: 'p.json' }, kind ? { kind } : {});
    return undefined;
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
}

/** A single statement allowing `execute-api:Invoke` on everything, with the given elements. */
/** AWS's guard shape: Allow everyone to invoke `resource`, then Deny everyone but a carve-out (`deny`). */
export function allowThenDeny(resource: string, deny: object): object[] {
  return [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', ...deny },
  ];
}

export function allowStatement(el: object): object {
  return { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', ...el };
}

export interface Layers {
  endpoint?: object[];
  resource?: object[];
  identity?: object[][];
  /** Session policies (AssumeRole `Policy`/`PolicyArns`): identity-kind documents. */
  session?: object[][];
  /** The caller's permissions boundary (one managed policy): an identity-kind document. */
  boundary?: object[];
  /** The caller's account's SCPs: one list of policies per level of its path, root first. */
  scp?: object[][][];
  authorizationType?: 'AWS_IAM' | 'NONE';
}

/** The authorization chain for one call: `allow`, or `deny` with its layer and kind. */
export function chainOutcome(layers: Layers, r: Caller): string {
  const p = (sts: object[], kind: PolicyKind) => parsePolicy(policyDoc(sts), { name: kind }, { kind });
  const d = authorizeCall(
    {
      authorizationType: layers.authorizationType ?? 'AWS_IAM',
      ...(layers.endpoint ? { endpointPolicy: p(layers.endpoint, 'endpoint') } : {}),
      ...(layers.resource ? { resourcePolicy: p(layers.resource, 'resource') } : {}),
      ...(layers.identity ? { identityPolicies: layers.identity.map((x) => p(x, 'identity')) } : {}),
      ...(layers.session ? { sessionPolicies: layers.session.map((x) => p(x, 'identity')) } : {}),
      ...(layers.boundary ? { permissionsBoundary: p(layers.boundary, 'identity') } : {}),
      ...(layers.scp
        ? { serviceControlPolicies: layers.scp.map((level) => level.map((x) => p(x, 'identity'))) }
        : {}),
    },
    request(r),
  );
  return d.decision === 'allow' ? 'allow' : `deny ${d.layer} ${d.detail}`;
}
