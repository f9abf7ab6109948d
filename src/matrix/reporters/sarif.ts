// access-matrix cells as SARIF 2.1.0 results (code-scanning UIs): one result per failing or error
// cell and per disagreement. Passing cells are not results. Not written by default; `check --format
// sarif` and CI uploads use it.
import { cellCoordinates, cellLabel, describeCellOutcome } from '../judge.js';
import type { AccessMatrixDocument, CellJson } from '../types.js';

const RULES = [
  {
    id: 'spokegate/expectation-failed',
    name: 'ExpectationFailed',
    shortDescription: { text: 'A call did the opposite of what the scenario expects' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'spokegate/call-error',
    name: 'CallError',
    shortDescription: { text: 'A call ended in an error, so it proves nothing (fail closed)' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'spokegate/prediction-disagrees',
    name: 'PredictionDisagrees',
    shortDescription: { text: 'The decision predicted from the policies differs from what the wire showed' },
    defaultConfiguration: { level: 'warning' },
  },
] as const;

function result(c: CellJson, ruleIndex: 0 | 1 | 2) {
  const rule = RULES[ruleIndex];
  const lines = [describeCellOutcome(c)];
  for (const e of c.predicted?.explanation ?? []) lines.push(`predicted: ${e}`);
  if (c.observed?.message) lines.push(`observed: ${c.observed.message}`);
  return {
    ruleId: rule.id,
    ruleIndex,
    level: rule.defaultConfiguration.level,
    message: { text: lines.join('\n') },
    locations: [
      {
        logicalLocations: [
          { name: cellLabel(c), fullyQualifiedName: `${c.scenario} / ${cellLabel(c)}`, kind: 'test' },
        ],
      },
    ],
    partialFingerprints: { cell: `${c.endpoint}/${c.api}/${c.method} ${c.path}/${c.role}/${c.scenario}` },
    properties: {
      ...cellCoordinates(c),
      predicted: c.predicted?.decision ?? null,
      observed: c.observed?.outcome ?? null,
      requestId: c.observed?.requestId ?? null,
      statements: c.predicted?.statements ?? [],
    },
  };
}

export function formatSarif(doc: AccessMatrixDocument): string {
  const results = [];
  for (const c of doc.cells) {
    // A cell that failed only because the prediction contradicts the wire is one finding, not two.
    const metExpectation =
      c.expected === null ||
      (c.observed?.outcome === 'allowed' && c.expected === 'allow') ||
      (c.observed?.outcome === 'denied' && c.expected === 'deny');
    if (c.verdict === 'fail' && !(c.disagreement && metExpectation)) results.push(result(c, 0));
    if (c.verdict === 'error') results.push(result(c, 1));
    if (c.disagreement) results.push(result(c, 2));
  }
  const [name, version] = doc.run.tool.split(' ');
  const sarif = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: name ?? 'spokegate', ...(version ? { version } : {}), rules: RULES } },
        invocations: [
          {
            executionSuccessful: doc.summary.error === 0,
            startTimeUtc: doc.run.startedAt,
            endTimeUtc: doc.run.finishedAt,
          },
        ],
        results,
        properties: { mode: doc.run.mode, region: doc.run.region, summary: doc.summary },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
