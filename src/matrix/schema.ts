// The `spokegate/access-matrix@1` schema as zod: tests and consumers validate documents with it.
// Objects are loose: later versions may add fields, and the report adds documented extras.
import { z } from 'zod';
import { LAYER_REASONS, REASONS } from '../gateway/classify.js';
import { LAYERS } from '../policy/types.js';

export const ACCESS_MATRIX_SCHEMA = 'spokegate/access-matrix@1' as const;

import { RUN_MODES } from './modes.js';

export { RUN_MODES };

const isoTime = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
/** What a scenario says should happen; null when the scenario makes no claim (exploration). */
export const expectationSchema = z.enum(['allow', 'deny']).nullable();
export const verdictSchema = z.enum(['pass', 'fail', 'error']);

export const statementSchema = z.looseObject({
  policy: z.string().min(1),
  index: count,
  sid: z.string().optional(),
});

export const PREDICTED_DECISIONS = ['allow', 'deny', 'unknown'] as const;

export const predictedSchema = z
  .looseObject({
    /** `unknown`: the decision depends on a fact spokegate does not have (see `unknown`). */
    decision: z.enum(PREDICTED_DECISIONS),
    layer: z.enum(LAYERS).nullable(),
    /** A deny no policy made (layer null): `missing-auth`, an unsigned call to an AWS_IAM route. */
    reason: z.enum(['missing-auth']).optional(),
    statements: z.array(statementSchema),
    detail: z.enum(['Allowed', 'ExplicitDeny', 'ImplicitDeny', 'Unknown']).optional(),
    /** With decision `unknown`: what is missing, and the setting to add or the permission to grant. */
    unknown: z.string().min(1).optional(),
    explanation: z.array(z.string()).optional(),
  })
  .refine((p) => (p.decision === 'unknown') === (p.unknown !== undefined), {
    message: 'decision "unknown" comes with `unknown` (what is missing), and only then',
    path: ['unknown'],
  });

/** observed.reason: declared once, by the classifier (src/gateway/classify.ts). */
export const OBSERVED_REASONS = REASONS;

/**
 * The reasons a denial may carry: answers AWS gives for a policy decision (or for the tampered
 * signature a scenario asked for). A "denied" with any other reason satisfies no deny expectation.
 * A permissions boundary, a session policy and a service control policy are policies the engine
 * evaluates too (its `boundary`, `session` and `scp` layers; docs/aws-behaviour.md §11, §14, §22).
 */
export const DENIAL_REASONS: ReadonlySet<string> = new Set([
  ...LAYER_REASONS,
  'access-denied',
  'missing-auth',
  'bad-signature',
]);

export const observedSchema = z.looseObject({
  status: z.number().int().min(100).max(599).nullable(),
  outcome: z.enum(['allowed', 'denied', 'error']),
  reason: z.enum(OBSERVED_REASONS),
  requestId: z.string().nullable(),
  latencyMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  message: z.string().optional(),
  at: isoTime.optional(),
  /** The policy layer the denial is attributed to, and where that comes from: `wire` when the answer
   * names it, `prediction` when it does not (older wordings) and the engine's decision supplies it. */
  layer: z.enum(LAYERS).nullable().optional(),
  layerSource: z.enum(['wire', 'prediction']).optional(),
});

export const cellSchema = z.looseObject({
  role: z.string().min(1),
  principal: z.string().min(1),
  api: z.string().min(1),
  method: z.string().min(1),
  path: z.string().regex(/^\//, 'starts with /'),
  endpoint: z.string().min(1),
  scenario: z.string(),
  /**
   * Where the call's scenario is: `features/x.feature:42`, the feature file (relative to the working
   * folder) and the line of the scenario, or of its Examples row for a Scenario Outline. Two rows of
   * one Outline, or two scenarios with one name, share `scenario` but never this.
   */
  scenarioLocation: z.string().min(1).optional(),
  expected: expectationSchema,
  predicted: predictedSchema.nullable(),
  observed: observedSchema.nullable(),
  verdict: verdictSchema,
  disagreement: z.boolean().optional(),
  note: z.string().optional(),
});

export const summarySchema = z.looseObject({
  cells: count,
  pass: count,
  fail: count,
  error: count,
  disagreements: count,
  scenarios: z.looseObject({ total: count, passed: count, failed: count, error: count }).optional(),
  /** The run's verdict: the worst of its cells and its scenarios. */
  verdict: verdictSchema,
});

export const scenarioSchema = z.looseObject({
  name: z.string(),
  location: z.string().optional(),
  status: z.enum(['passed', 'failed', 'error']),
  steps: z.array(z.looseObject({ text: z.string(), status: z.string(), message: z.string().optional() })),
});

export const endpointSchema = z.looseObject({
  alias: z.string().min(1),
  id: z.string().min(1),
  policySha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256')
    .nullable(),
  policySource: z.string().min(1).nullable(),
  policyText: z.string().optional(),
});

export const runSchema = z.looseObject({
  mode: z.enum(RUN_MODES),
  config: z.string().optional(),
  allowDisagreement: z.boolean().optional(),
  startedAt: isoTime,
  finishedAt: isoTime,
  tool: z.string().min(1),
  region: z.string().min(1),
  id: z.string().optional(),
  incomplete: z.boolean().optional(),
  endpoints: z.array(endpointSchema),
});

export const accessMatrixSchema = z
  .looseObject({
    schema: z.literal(ACCESS_MATRIX_SCHEMA),
    run: runSchema,
    cells: z.array(cellSchema),
    scenarios: z.array(scenarioSchema).optional(),
    summary: summarySchema,
  })
  .superRefine((doc, ctx) => {
    // The summary must agree with the cells: a report that claims more passes than it holds is a lie.
    const s = { cells: doc.cells.length, pass: 0, fail: 0, error: 0, disagreements: 0 };
    for (const c of doc.cells) {
      s[c.verdict] += 1;
      if (c.disagreement) s.disagreements += 1;
    }
    for (const k of ['cells', 'pass', 'fail', 'error'] as const) {
      if (doc.summary[k] !== s[k]) {
        ctx.addIssue({
          code: 'custom',
          path: ['summary', k],
          message: `is ${doc.summary[k]} but the cells say ${s[k]}`,
        });
      }
    }
    const rank = { pass: 0, fail: 1, error: 2 } as const;
    let worst: keyof typeof rank = 'pass';
    for (const c of doc.cells) if (rank[c.verdict] > rank[worst]) worst = c.verdict;
    for (const r of doc.scenarios ?? []) {
      const v = r.status === 'passed' ? 'pass' : r.status === 'failed' ? 'fail' : 'error';
      if (rank[v] > rank[worst]) worst = v;
    }
    if (doc.summary.verdict !== worst) {
      ctx.addIssue({
        code: 'custom',
        path: ['summary', 'verdict'],
        message: `is "${doc.summary.verdict}" but the cells and scenarios say "${worst}"`,
      });
    }
    doc.cells.forEach((c, i) => {
      // Fail closed: an error observation can never be reported as anything but an error.
      const noPolicyDenial = c.observed?.outcome === 'denied' && !DENIAL_REASONS.has(c.observed.reason);
      if ((c.observed?.outcome === 'error' || noPolicyDenial) && c.verdict !== 'error') {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', i, 'verdict'],
          message: `is "${c.verdict}" but the observed outcome is "error"`,
        });
      }
    });
  });

export type AccessMatrixJson = z.infer<typeof accessMatrixSchema>;

/**
 * The schema as JSON Schema (draft 2020-12), for consumers outside TypeScript. The committed copy,
 * docs/access-matrix.schema.json, is regenerated with `npm run schema` and a test keeps it equal.
 * (The summary-agrees-with-cells and fail-closed checks are zod refinements JSON Schema cannot say.)
 */
export function accessMatrixJsonSchema(): Record<string, unknown> {
  return {
    $id: 'access-matrix.schema.json',
    title: ACCESS_MATRIX_SCHEMA,
    description:
      'reports/access-matrix.json written by spokegate run and spokegate check; see docs/report.md',
    ...z.toJSONSchema(accessMatrixSchema, { io: 'output', unrepresentable: 'any' }),
  };
}

/** Problems with a parsed `access-matrix.json` document, one line each ("cells.3.verdict: ..."); [] if valid. */
export function validateAccessMatrixJson(doc: unknown): string[] {
  const r = accessMatrixSchema.safeParse(doc);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`);
}
