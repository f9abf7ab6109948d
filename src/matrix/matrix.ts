import { cellCoordinates, judgeCell, scenarioKey, worstVerdict, type JudgeOptions } from './judge.js';
import { ACCESS_MATRIX_SCHEMA } from './schema.js';
import type {
  AccessMatrixDocument,
  Cell,
  CellJson,
  RunInfo,
  ScenarioResult,
  Summary,
  Verdict,
} from './types.js';

const SCENARIO_VERDICT = { passed: 'pass', failed: 'fail', error: 'error' } as const;

/** Counts and the run's verdict: the worst of the cells' and the scenarios' (when given). */
export function summarize(
  cells: readonly Pick<Cell, 'verdict' | 'disagreement'>[],
  scenarios?: readonly Pick<ScenarioResult, 'status'>[],
): Summary {
  const s: Summary = { cells: cells.length, pass: 0, fail: 0, error: 0, disagreements: 0, verdict: 'pass' };
  for (const c of cells) {
    s[c.verdict] += 1;
    if (c.disagreement) s.disagreements += 1;
    s.verdict = worstVerdict(s.verdict, c.verdict);
  }
  if (scenarios) {
    const sc = { total: scenarios.length, passed: 0, failed: 0, error: 0 };
    for (const r of scenarios) {
      sc[r.status] += 1;
      s.verdict = worstVerdict(s.verdict, SCENARIO_VERDICT[r.status]);
    }
    // A run in which no scenario ran proved nothing (a tag expression that selects none): never PASS.
    if (scenarios.length === 0) s.verdict = worstVerdict(s.verdict, 'fail');
    s.scenarios = sc;
  }
  return s;
}

/** The run's overall verdict (the summary's). */
export function overallVerdict(summary: Summary): Verdict {
  return summary.verdict;
}

/** Cells in a stable order: scenarios as they were first seen, then endpoint, method, path, api, role. */
export function orderedCells(cells: readonly Cell[]): Cell[] {
  // By scenario row (scenarioKey): two rows of an Outline share a name, not a location.
  const scenarioOrder = new Map<string, number>();
  for (const c of cells) {
    const k = scenarioKey(c);
    if (!scenarioOrder.has(k)) scenarioOrder.set(k, scenarioOrder.size);
  }
  const key = (c: Cell) => [c.endpoint, c.method, c.path, c.api, c.role];
  return cells
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const d = (scenarioOrder.get(scenarioKey(a.c)) ?? 0) - (scenarioOrder.get(scenarioKey(b.c)) ?? 0);
      if (d !== 0) return d;
      const ka = key(a.c);
      const kb = key(b.c);
      for (let j = 0; j < ka.length; j++) {
        const x = ka[j] ?? '';
        const y = kb[j] ?? '';
        if (x !== y) return x < y ? -1 : 1;
      }
      return a.i - b.i;
    })
    .map((x) => x.c);
}

function settle(cell: Cell, opts: JudgeOptions): void {
  const judged = judgeCell(cell.expected, cell.predicted, cell.observed, opts);
  cell.verdict = worstVerdict(cell.verdict, judged.verdict);
  cell.disagreement = judged.disagreement;
}

function cellToJson(c: Cell): CellJson {
  const out: CellJson = {
    ...cellCoordinates(c),
    predicted: c.predicted
      ? {
          decision: c.predicted.decision,
          layer: c.predicted.layer,
          ...(c.predicted.reason !== undefined ? { reason: c.predicted.reason } : {}),
          statements: c.predicted.statements.map((s) =>
            s.sid !== undefined
              ? { policy: s.policy, index: s.index, sid: s.sid }
              : { policy: s.policy, index: s.index },
          ),
          detail: c.predicted.detail,
          ...(c.predicted.unknown !== undefined ? { unknown: c.predicted.unknown } : {}),
          explanation: [...c.predicted.explanation],
        }
      : null,
    observed: c.observed
      ? {
          status: c.observed.status,
          outcome: c.observed.outcome,
          reason: c.observed.reason,
          requestId: c.observed.requestId ?? null,
          latencyMs: c.observed.latencyMs,
          attempts: c.observed.attempts,
          ...(c.observed.message !== undefined ? { message: c.observed.message } : {}),
          at: c.observed.at,
          ...(c.observed.layer !== undefined ? { layer: c.observed.layer } : {}),
          ...(c.observed.layerSource !== undefined ? { layerSource: c.observed.layerSource } : {}),
        }
      : null,
    verdict: c.verdict,
    disagreement: c.disagreement,
  };
  if (c.note !== undefined) out.note = c.note;
  return out;
}

/**
 * The access matrix of one run. Cells are added as calls complete (in any order); reports list them in
 * a stable order. Fail closed: each cell is re-judged when added and again whenever it is read (a Then
 * step may set `expected` after the call was added), keeping the worse of its own and the judged
 * verdict, so a cell is never reported better than its evidence.
 */
export class AccessMatrix {
  #cells: Cell[] = [];
  #scenarios: ScenarioResult[] | undefined;
  readonly options: JudgeOptions;

  constructor(options: JudgeOptions = {}) {
    this.options = options;
  }

  /** Adds the cell itself (not a copy) and settles its verdict and disagreement in place. */
  add(cell: Cell): Cell {
    settle(cell, this.options);
    this.#cells.push(cell);
    return cell;
  }

  /** Cucumber's result for every scenario: the run's verdict is never better than theirs. */
  setScenarios(scenarios: ScenarioResult[]): void {
    this.#scenarios = scenarios;
  }

  get cells(): readonly Cell[] {
    this.#cells.forEach((c) => settle(c, this.options));
    return this.#cells;
  }

  get scenarios(): readonly ScenarioResult[] | undefined {
    return this.#scenarios;
  }

  summary(): Summary {
    return summarize(this.cells, this.#scenarios);
  }

  /** The `spokegate/access-matrix@1` document (docs/design.md "Report contract"). */
  toJSON(run: RunInfo): AccessMatrixDocument {
    const cells = orderedCells(this.cells);
    return {
      schema: ACCESS_MATRIX_SCHEMA,
      run: {
        mode: run.mode,
        ...(run.id !== undefined ? { id: run.id } : {}),
        ...(run.incomplete ? { incomplete: true } : {}),
        ...(run.config !== undefined ? { config: run.config } : {}),
        allowDisagreement: this.options.allowDisagreement ?? false,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        tool: run.tool,
        region: run.region,
        endpoints: run.endpoints.map((e) => ({
          alias: e.alias,
          id: e.id,
          policySha256: e.policySha256,
          policySource: e.policySource,
          ...(e.policyText !== undefined ? { policyText: e.policyText } : {}),
        })),
      },
      cells: cells.map(cellToJson),
      ...(this.#scenarios ? { scenarios: this.#scenarios.map((r) => ({ ...r, steps: [...r.steps] })) } : {}),
      summary: summarize(cells, this.#scenarios),
    };
  }
}
