// The public types of the policy engine. Other parts (sandbox, harness, CLI) code against these.

/** Where a policy came from: shown in errors and reports ("hub endpoint policy", a file path). */
export interface PolicySource {
  /** Name used in statement references, e.g. "endpoint:hub", "resource:orders", a file path. */
  name: string;
  file?: string;
}

/** A policy layer of the chain; `session`: the session policies passed to AssumeRole (Policy,
 * PolicyArns) or GetFederationToken; `boundary`: the caller's role's (or user's) permissions boundary;
 * `scp`: the service control policies on the caller's account's path in its organization. */
export const LAYERS = ['endpoint', 'resource', 'identity', 'session', 'boundary', 'scp'] as const;
export type Layer = (typeof LAYERS)[number];

/** A statement that took part in a decision. */
export interface StatementRef {
  policy: string;
  index: number;
  sid?: string;
}

/** Why a statement that nearly applied did not: the element that failed and a human reason. */
export interface NearMiss extends StatementRef {
  effect: 'Allow' | 'Deny';
  element: 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';
  reason: string;
}

export type Decision =
  | { kind: 'Allowed'; statements: StatementRef[]; nearMisses: NearMiss[] }
  | { kind: 'ExplicitDeny'; statements: StatementRef[]; nearMisses: NearMiss[] }
  | { kind: 'ImplicitDeny'; statements: []; nearMisses: NearMiss[] };

/** Condition-key values: a key may be single- or multi-valued; absent keys are simply missing. */
export type ContextValue = string | string[] | boolean | number;

/** Who is calling. `anonymous` carries no principal keys. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'role-session';
      /** arn:aws:iam::ACCOUNT:role/path/Name */
      roleArn: string;
      /** arn:aws:sts::ACCOUNT:assumed-role/Name/session */
      sessionArn: string;
      account: string;
      roleName: string;
      sessionName: string;
      /** AROA... unique id, when known */
      roleId?: string;
      /** The role's path ("" or "audit/") when known: a role ARN states it, a session ARN does not. */
      rolePath?: string;
    }
  | { kind: 'user'; arn: string; account: string; userName: string; userId?: string }
  /**
   * A GetFederationToken session: arn:aws:sts::ACCOUNT:federated-user/NAME; `user`, the IAM user who
   * called GetFederationToken when it is known (a config fact, the sandbox's own session): a grant to
   * that user reaches the session (IAM evaluation logic), which its ARN alone does not say.
   */
  | {
      kind: 'federated-user';
      arn: string;
      account: string;
      name: string;
      user?: { arn: string; userId?: string };
    }
  | { kind: 'root'; account: string; /** when not `aws` */ partition?: string }
  | { kind: 'service'; service: string };

/** One request as the evaluator sees it. Keys of `context` are matched case-insensitively. */
export interface RequestContext {
  principal: Principal;
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

export type AuthorizationType = 'AWS_IAM' | 'NONE';

/** The layers one execute-api call passes. A layer left undefined is not evaluated. */
export interface ChainInput {
  endpointPolicy?: CompiledPolicy;
  authorizationType: AuthorizationType;
  /** The API's resource policy; `null` means the API has none (known: a private API then refuses
   * every call), undefined means not given (not evaluated). */
  resourcePolicy?: CompiledPolicy | null;
  /** The caller's identity policies; `[]` means it has none (evaluated: nothing allows), undefined
   * means not given (not evaluated). Skipped for NONE methods. */
  identityPolicies?: CompiledPolicy[];
  /** The caller's session policies (AssumeRole `Policy`/`PolicyArns`); undefined or `[]`: the
   * session has none. They limit the identity policies and every resource-policy grant but one that
   * names the session's own ARN (docs/aws-behaviour.md "Session policies"). Skipped for NONE. */
  sessionPolicies?: CompiledPolicy[];
  /**
   * The permissions boundary of the caller's role (or IAM user): one managed policy; undefined, none.
   * It limits exactly where session policies do, and besides, a resource-based policy's Deny with
   * NotPrincipal applies to such a caller whatever it names (docs/aws-behaviour.md §14). Skipped for NONE.
   */
  permissionsBoundary?: CompiledPolicy;
  /**
   * The service control policies that apply to the caller (AWS Organizations): one list per level of
   * its account's path, the root first and the account itself last (docs/aws-behaviour.md §22). Every
   * level must allow and a Deny at any level wins, before any resource policy is looked at; they grant
   * nothing. Undefined: not evaluated (not stated, or the caller's account is the management
   * account, which SCPs do not limit). Skipped for NONE and for an anonymous caller.
   */
  serviceControlPolicies?: readonly (readonly CompiledPolicy[])[];
  /** Account that owns the API (from the resource ARN when omitted). */
  resourceAccount?: string;
  /** The VPC endpoints associated with a private API (its endpointConfiguration.vpcEndpointIds).
   * Association is not an access gate: it only creates the Route 53 alias name {api}-{vpce}, so it
   * is consulted only when `viaAlias` (the alias of an unassociated endpoint: ForbiddenException). */
  acceptedEndpoints?: readonly string[];
  /** The call addresses the API by its alias name `{api}-{vpce}.execute-api.REGION.amazonaws.com`. */
  viaAlias?: boolean;
  /**
   * The layers after the endpoint policy see the caller as anonymous, whatever the signature: one
   * reading of a route whose authorizer decides (CUSTOM, COGNITO_USER_POOLS) or a NONE route, where AWS does not
   * establish whether the resource policy sees the signer (docs/aws-behaviour.md §5d). The endpoint
   * policy still sees the signer ("valid SigV4: the authenticated IAM identity").
   */
  anonymousToResource?: boolean;
}

export interface ChainDecision {
  decision: 'allow' | 'deny';
  detail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';
  /** The layer that decided a deny (null when allowed, or when no policy denied: see reason). */
  layer: Layer | null;
  /**
   * A deny no policy made: `missing-auth`, an unsigned call to an AWS_IAM route (API Gateway's
   * authentication answers Missing Authentication Token before any resource or identity policy).
   */
  reason?: 'missing-auth';
  /** The statements that decided the outcome (allowing ones when allowed). */
  statements: StatementRef[];
  /** Per layer evaluated: its own decision. */
  layers: { layer: Layer; /** The policy's source name. */ policy?: string; decision: Decision }[];
  /** Human explanation, one line per step. */
  explanation: string[];
}

/** An opaque parsed-and-compiled policy; compile once, evaluate many times. */
export interface CompiledPolicy {
  readonly source: PolicySource;
  readonly document: PolicyDocument;
  readonly text: string;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: StatementDocument[];
}

export interface StatementDocument {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  NotPrincipal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export type Severity = 'error' | 'warning' | 'info';
export type PolicyKind = 'endpoint' | 'resource' | 'identity' | 'trust';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  statement?: StatementRef;
}
