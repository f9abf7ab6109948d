// The access-matrix domain: one cell per (role, API, method, path, endpoint, scenario) call, holding what
// the scenario expected, what the policies predicted and what the wire showed. The Gherkin harness fills
// these; the reporters only read them.
import type { Reason } from '../gateway/classify.js';

/** What a scenario says should happen; null when the scenario makes no claim (exploration). */
export type Expectation = 'allow' | 'deny' | null;

export type Verdict = 'pass' | 'fail' | 'error';

export interface StatementRef {
  policy: string;
  index: number;
  sid?: string;
}

/**
 * The policy engine's decision for the call (over the layers it could read). `unknown` when the
 * decision depends on a fact spokegate does not have (an account's organization, a policy layer it
 * could not read); `unknown` then says what is missing and what to add or grant.
 */
export interface Prediction {
  decision: 'allow' | 'deny' | 'unknown';
  detail: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' | 'Unknown';
  /** Only with decision `unknown`: why, and the setting to add or the permission to grant. */
  unknown?: string;
  /** The layer that decided a deny; null when allowed. */
  layer: 'endpoint' | 'resource' | 'identity' | null;
  statements: StatementRef[];
  /** One human line per step of the evaluation. */
  explanation: string[];
}

/** `observed.reason` values (docs/design.md "Report contract"): the gateway's classification. */
export type ObservedReason = Reason;

/** What the wire showed (sandbox, live); absent in offline mode. */
export interface Observation {
  /** HTTP status; null when no response arrived (network, timeout, tls). */
  status: number | null;
  outcome: 'allowed' | 'denied' | 'error';
  /** One of ObservedReason; typed as string so a new gateway reason never breaks the report. */
  reason: ObservedReason | (string & {});
  requestId?: string;
  latencyMs: number;
  attempts: number;
  /** The response's error message (never a credential). */
  message?: string;
  /** ISO-8601 time the (last) response arrived. */
  at: string;
  /** A denial's policy layer, and whether the answer named it (`wire`) or the prediction supplied it
   * because the answer did not (`prediction`, with reason `access-denied`). */
  layer?: 'endpoint' | 'resource' | 'identity' | null;
  layerSource?: 'wire' | 'prediction';
}

export interface Cell {
  /** Role alias from the config, or 'anonymous'. */
  role: string;
  /** Role ARN, or 'anonymous'. */
  principal: string;
  /** API alias. */
  api: string;
  method: string;
  /** Path relative to the stage, e.g. /orders. */
  path: string;
  /** Endpoint alias. */
  endpoint: string;
  /** Scenario name (feature file and line are welcome in it). */
  scenario: string;
  expected: Expectation;
  predicted: Prediction | null;
  observed: Observation | null;
  verdict: Verdict;
  /** Prediction and observation both present and they differ (allowed vs denied). */
  disagreement: boolean;
  note?: string;
}

export interface EndpointInfo {
  alias: string;
  id: string;
  /** Lowercase hex SHA-256 of the policy text; null when the policy could not be read. */
  policySha256: string | null;
  /** Where the policy came from: "ec2:DescribeVpcEndpoints", a file path, ...; null when not read. */
  policySource: string | null;
  /** The policy text as read (shown in the HTML report next to its SHA-256). */
  policyText?: string;
}

export interface RunInfo {
  mode: RunMode;
  /** The config file the run used (absolute path, or "the demo config (PATH)"). */
  config?: string;
  /** `--allow-disagreement`: a prediction that contradicts the wire does not fail the run. */
  allowDisagreement?: boolean;
  /** ISO-8601 */
  startedAt: string;
  /** ISO-8601 */
  finishedAt: string;
  /** e.g. "spokegate 0.1.0" */
  tool: string;
  region: string;
  endpoints: EndpointInfo[];
  /** This run's id; the reports folder's files of one run all come from one id. */
  id?: string;
  /** The run was interrupted (SIGINT/SIGTERM): the cells are those gathered so far. */
  incomplete?: boolean;
}

export interface Summary {
  cells: number;
  pass: number;
  fail: number;
  error: number;
  disagreements: number;
  /** Scenarios as Cucumber ran them (absent when the matrix was built without Cucumber). */
  scenarios?: { total: number; passed: number; failed: number; error: number };
  /**
   * The run's verdict: the worst of its cells and its scenarios. Every report's banner, the JUnit
   * totals and the exit code follow it; a run with an undefined, pending, failed or timed-out step is
   * never 'pass'.
   */
  verdict: Verdict;
}

/** What Cucumber said of one scenario; `failed`/`error` carry the steps that did not pass. */
export interface ScenarioResult {
  name: string;
  /** Feature file and line, e.g. features/endpoint.feature:12. */
  location?: string;
  /** 'error': a step could not finish (timed out, infrastructure); 'failed': anything else not passed. */
  status: 'passed' | 'failed' | 'error';
  steps: { text: string; status: string; message?: string }[];
}

export const ACCESS_MATRIX_SCHEMA = 'spokegate/access-matrix@1' as const;

/** Where a run's answers come from (docs/design.md "Modes"): declared once, here. */
export const RUN_MODES = ['sandbox', 'live', 'offline'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** The JSON document (`access-matrix.json`); contract fields plus the documented extras. */
export interface AccessMatrixDocument {
  schema: typeof ACCESS_MATRIX_SCHEMA;
  run: RunInfo;
  cells: CellJson[];
  /** Every scenario Cucumber ran, in the order they finished. */
  scenarios?: ScenarioResult[];
  summary: Summary;
}

export interface CellJson {
  role: string;
  principal: string;
  api: string;
  method: string;
  path: string;
  endpoint: string;
  scenario: string;
  expected: Expectation;
  predicted: {
    decision: Prediction['decision'];
    layer: Prediction['layer'];
    statements: StatementRef[];
    detail: Prediction['detail'];
    unknown?: string;
    explanation: string[];
  } | null;
  observed: {
    status: number | null;
    outcome: Observation['outcome'];
    reason: string;
    requestId: string | null;
    latencyMs: number;
    attempts: number;
    message?: string;
    at: string;
    layer?: Observation['layer'];
    layerSource?: Observation['layerSource'];
  } | null;
  verdict: Verdict;
  disagreement: boolean;
  note?: string;
}
