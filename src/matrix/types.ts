// The access-matrix domain: one cell per (role, API, method, path, endpoint, scenario) call, holding what
// the scenario expected, what the policies predicted and what the wire showed. The Gherkin harness fills
// these; the reporters only read them. Every type here is inferred from the zod schema (./schema.ts) that
// also generates docs/access-matrix.schema.json, so the contract is written once.
import type { z } from 'zod';
import type { Reason } from '../gateway/classify.js';
import type {
  accessMatrixSchema,
  cellSchema,
  endpointSchema,
  expectationSchema,
  observedSchema,
  predictedSchema,
  RUN_MODES,
  runSchema,
  scenarioSchema,
  statementSchema,
  summarySchema,
  verdictSchema,
} from './schema.js';

/**
 * A schema's type without the `[key: string]: unknown` its loose objects add (the schema accepts a
 * later version's extra fields; the code that writes a report must not invent any).
 */
type Closed<T> = T extends readonly (infer E)[]
  ? Closed<E>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: Closed<T[K]> }
    : T;

/** What a scenario says should happen; null when the scenario makes no claim (exploration). */
export type Expectation = z.infer<typeof expectationSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
export type StatementRef = Closed<z.infer<typeof statementSchema>>;
export type RunMode = (typeof RUN_MODES)[number];
export type EndpointInfo = Closed<z.infer<typeof endpointSchema>>;
export type RunInfo = Closed<z.infer<typeof runSchema>>;
export type Summary = Closed<z.infer<typeof summarySchema>>;
/** What Cucumber said of one scenario; `failed`/`error` carry the steps that did not pass. */
export type ScenarioResult = Closed<z.infer<typeof scenarioSchema>>;
/** One cell as `access-matrix.json` holds it. */
export type CellJson = Closed<z.infer<typeof cellSchema>>;
/** The JSON document (`access-matrix.json`); contract fields plus the documented extras. */
export type AccessMatrixDocument = Closed<z.infer<typeof accessMatrixSchema>>;

type PredictedJson = Closed<z.infer<typeof predictedSchema>>;
type ObservedJson = Closed<z.infer<typeof observedSchema>>;

/**
 * The policy engine's decision for the call, as the engine hands it over: the report's `predicted`
 * with the fields the schema lets older documents omit always present.
 */
export type Prediction = PredictedJson & Required<Pick<PredictedJson, 'detail' | 'explanation'>>;

/** `observed.reason` values (docs/report.md): the gateway's classification. */
export type ObservedReason = Reason;

/** What the wire showed (sandbox, live); absent in offline mode. In the report `requestId` is null when absent. */
export type Observation = Omit<ObservedJson, 'requestId' | 'at'> & {
  requestId?: string;
  /** ISO-8601 time the (last) response arrived. */
  at: string;
};

/** A cell as the harness builds it (see CellJson for the report's form). */
export type Cell = Omit<CellJson, 'predicted' | 'observed' | 'disagreement'> & {
  predicted: Prediction | null;
  observed: Observation | null;
  /** Prediction and observation both present and they differ (allowed vs denied). */
  disagreement: boolean;
};
