// The diff model: the access-matrix cells an IaC change could flip, the policies on each side of the
// change, and what changed. Shapes here are what the formatters and `spokegate diff --format json`
// rely on.
import type { AnalysisRequest, Constraint } from '../analysis/index.js';
import type { Config } from '../config/index.js';
import type {
  AuthorizationType,
  ChainDecision,
  CompiledPolicy,
  Finding,
  Layer,
  PolicyKind,
  RequestContext,
  StatementRef,
} from '../policy/index.js';
import type { UnknownDecision } from '../predict/index.js';
import type { RouteAuthorization } from '../routes/index.js';

/** `unknown`: the decision depends on an account's organization the config does not state, or on a
 * layer neither the change nor the config gives. */
export type Verdict = 'allow' | 'deny' | 'unknown';

/**
 * One policy layer on one side of the change:
 * - a compiled policy;
 * - `{ unknown }`: neither the change nor the config gives the layer (AWS evaluates it), so a cell it
 *   could decide is `unknown`, naming the setting to add (src/predict decideWithGaps, as run and check);
 * - `{ denyAll }`: the thing does not exist on that side (endpoint not created yet or destroyed, API
 *   destroyed, private API without a resource policy), so every call through it fails;
 * - `null`: not evaluated (the chain's contract; the loader never produces it).
 */
export type LayerPolicy = CompiledPolicy | null | { denyAll: string } | { unknown: string };

/** Whether a layer holds a policy to evaluate (neither deny-all, unknown nor unevaluated). */
export const isCompiledLayer = (p: LayerPolicy): p is CompiledPolicy =>
  p !== null && !('denyAll' in p) && !('unknown' in p);

/** The policies in force on one side of the change. */
export interface PolicySide {
  endpoint: LayerPolicy;
  /** By API alias. An alias not listed is not evaluated. */
  resources: Record<string, LayerPolicy>;
}

/** A policy linted on both sides (null where it does not exist on that side). */
export interface LintedPolicy {
  name: string;
  kind: PolicyKind;
  before: CompiledPolicy | null;
  after: CompiledPolicy | null;
}

/** One cell of the access matrix: a role calling one method and path of one API. */
export interface DiffCell {
  role: string;
  /** The role ARN. */
  principal: string;
  api: string;
  method: string;
  path: string;
  request: RequestContext;
  authorizationType: AuthorizationType;
  /**
   * The route the call reaches and how it is authorized (the config's routes, noneRoutes and
   * authorizers): on a route whose authorizer decides, what the policies let through is `unknown`
   * (src/predict throughAuthorizer, as run and check); on it and a NONE route, a signed call is
   * decided under both readings of whom the resource policy sees (overAuthorizerCallers). Absent
   * (AWS_IAM): the policies alone decide.
   */
  authorization?: RouteAuthorization;
  /**
   * The path's two readings in the resource ARN (as written, and with empty segments dropped and
   * percent-decoded) when they differ, each with its request: both are decided and must agree
   * (src/predict decideOverPathReadings, as run and check). Absent: the one reading, `request`.
   */
  readings?: PathReading[];
  identityPolicies?: CompiledPolicy[];
  /** The role's permissions boundary (roles.X.permissionsBoundary), with its identity policies. */
  permissionsBoundary?: CompiledPolicy;
  /** A federated user's session policies (federated.X.sessionPolicies; none given: allows nothing). */
  sessionPolicies?: CompiledPolicy[];
  /** The SCPs that limit the caller (its account's, serviceControlPolicies), one list per level. */
  serviceControlPolicies?: CompiledPolicy[][];
  /** The role's identity policies are not in the config: why, and the setting to add. */
  identityUnknown?: string;
  resourceAccount: string;
  /** The endpoints the API accepts, when the config says (see ChainInput.acceptedEndpoints). */
  acceptedEndpoints?: readonly string[];
  /** The endpoint addresses the API by its alias name (see ChainInput.viaAlias). */
  viaAlias?: boolean;
  /**
   * Decides with each value of the request facts the config does not state (the principal's
   * organization, the runner's address) the policies in the chain tell apart, `unknown` when the
   * answers differ (src/predict decideOverUnstated). Cells of a class diff (classes.ts) leave it
   * out: their requests carry those facts already (src/analysis).
   */
  overUnstated?: (
    policies: readonly (CompiledPolicy | null | undefined)[],
    decide: (request: RequestContext) => ChainDecision,
  ) => ChainDecision | UnknownDecision;
}

/** One reading of a cell's path: its request, and the decision over what the config does not state. */
export interface PathReading {
  label: string;
  path: string;
  request: RequestContext;
  overUnstated?: DiffCell['overUnstated'];
}

export interface DiffSetup {
  cells: DiffCell[];
  before: PolicySide;
  after: PolicySide;
  linted: LintedPolicy[];
  /** What was compared, for the human formats. */
  label: string;
  /** Things a reviewer should know (unknown values elsewhere in the plan, skipped entries). */
  notes: string[];
  counts: { roles: number; apis: number; probes: number };
  /** The config and endpoint, for the diff by classes (every principal, not only the configured). */
  scope?: { config: Config; endpoint: string; now?: string };
  /** The endpoint (alias) the cells are through. */
  endpoint: string;
}

/** A cell whose decision the change flips. */
export interface CellChange {
  /** The endpoint (alias) the call is through. */
  endpoint: string;
  role: string;
  principal: string;
  api: string;
  method: string;
  path: string;
  before: Verdict;
  after: Verdict;
  /** The statements that decide the new outcome (allowing ones for a grant, denying ones for a revocation). */
  statements: StatementRef[];
  /** Why the new outcome: the deciding layer and kind, for the human formats. */
  afterLayer: Layer | null;
  afterDetail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';
  /** Why the new outcome when it is `unknown`, or when a side has no such endpoint/API/policy at all. */
  afterReason?: string;
  /** Why the old outcome is `unknown`. */
  beforeReason?: string;
  /**
   * `unknown` on a side, decided under each reading of the unknowns (the same reading on both
   * sides): `may-be-new` where some reading may let in more after (a grant for `--fail-on grant`),
   * `may-be-lost` where some reading lets in less and none more. Absent where neither side is
   * unknown (a cell where every reading stays alike is not listed).
   */
  unknownChange?: 'may-be-new' | 'may-be-lost';
}

export interface FindingChange extends Finding {
  /** Name of the policy the finding is about (e.g. endpoint:hub). */
  policy: string;
}

/** A class of requests (any principal, any route) whose access the change flips. */
/**
 * A class's access on one side: `allow-if-identity-allows` when it gets through only if the
 * caller's identity policies (not known to spokegate) allow, as who-can's "if its identity policy allows".
 */
export type ClassVerdict = Verdict | typeof IF_ALLOWS;
/** Gets through only if the caller's identity policies (not known to spokegate) allow. */
export const IF_ALLOWS = 'allow-if-identity-allows';

export interface ClassChange {
  change: 'grant' | 'revocation';
  /** The endpoint (alias) the requests are through. */
  endpoint: string;
  before: ClassVerdict;
  after: ClassVerdict;
  api: string;
  description: string;
  /** The statements that decide the new outcome (allowing ones for a grant). */
  statements: StatementRef[];
  /** One request of the class, decided by the engine on both sides (`stage` set when stages differ). */
  witness: AnalysisRequest;
  constraints: Constraint[];
  /**
   * The stages it holds on: the API's stated stages (apis.ALIAS.stages) the policies treat alike, or,
   * not stated, the one stage it was decided at (standing for those the policies do not tell apart).
   */
  stages: string[];
  /** Set when it holds on every stage of the API (the policies tell no stages apart). */
  anyStage?: true;
}

export interface DiffResult {
  changes: CellChange[];
  /** Every class of requests whose access changes, configured or not (grants first). */
  classes: ClassChange[];
  findings: { added: FindingChange[]; removed: FindingChange[] };
  cells: number;
  label: string;
  notes: string[];
  counts: { roles: number; apis: number; probes: number };
  /** The endpoints compared (every configured one; cells and classes name theirs). */
  endpoints: string[];
}

/**
 * New access, or access that may be new (fail closed: a deny that became unknown counts): what
 * `--fail-on grant` fails on. The human formats list the definite ones (deny -> allow) apart from
 * the ones spokegate cannot judge (isUnsure).
 */
export const isGrant = (c: CellChange): boolean =>
  c.unknownChange
    ? c.unknownChange === 'may-be-new'
    : c.before !== 'allow' && (c.after === 'allow' || (c.after === 'unknown' && c.before === 'deny'));
export const isRevocation = (c: CellChange): boolean => c.before === 'allow' && c.after !== 'allow';
/** A change with `unknown` on a side: neither a grant nor a revocation spokegate can claim. */
export const isUnsure = (c: CellChange): boolean => c.before === 'unknown' || c.after === 'unknown';
