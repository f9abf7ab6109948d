// access-matrix cells as SARIF 2.1.0 results (code-scanning UIs): one result per failing or error
// cell and per disagreement. Passing cells are not results. No command writes it yet (a library
// function for code-scanning uploads); each result is located at its scenario's feature file and line.
import {
  cellCoordinates,
  cellLabel,
  describeCellOutcome,
  predictionReasons,
  scenarioLabel,
} from '../judge.js';
import { jsonText } from '../../escape/index.js';
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

/** The scenario's feature file and line (`features/x.feature:42`) as a SARIF physical location. */
function physicalLocation(at: string | undefined) {
  const m = at ? /^(.+):(\d+)$/.exec(at) : null;
  if (!m) return {};
  return {
    physicalLocation: { artifactLocation: { uri: m[1]! }, region: { startLine: Number(m[2]) } },
  };
}

function result(c: CellJson, ruleIndex: 0 | 1 | 2) {
  const rule = RULES[ruleIndex];
  const lines = [describeCellOutcome(c)];
  for (const e of c.predicted ? predictionReasons(c.predicted) : []) lines.push(`predicted: ${e}`);
  if (c.observed?.message) lines.push(`observed: ${c.observed.message}`);
  return {
    ruleId: rule.id,
    ruleIndex,
    level: rule.defaultConfiguration.level,
    message: { text: lines.join('\n') },
    locations: [
      {
        ...physicalLocation(c.scenarioLocation),
        logicalLocations: [
          { name: cellLabel(c), fullyQualifiedName: `${scenarioLabel(c)} / ${cellLabel(c)}`, kind: 'test' },
        ],
      },
    ],
    partialFingerprints: {
      cell: `${c.endpoint}/${c.api}/${c.method} ${c.path}/${c.role}/${scenarioLabel(c)}`,
    },
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
  return jsonText(sarif) + '\n';
}
