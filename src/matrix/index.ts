// The access-matrix model and its reporters. The harness fills an AccessMatrix with judged cells;
// writeReports turns it into access-matrix.{json,md,html,junit.xml} (docs/design.md "Report contract").
export type {
  AccessMatrixDocument,
  Cell,
  CellJson,
  EndpointInfo,
  Expectation,
  Observation,
  ObservedReason,
  Prediction,
  RunInfo,
  ScenarioResult,
  StatementRef,
  Summary,
  RunMode,
  Verdict,
} from './types.js';
export {
  attributeLayer,
  denialKindMismatch,
  cellLabel,
  describeCellOutcome,
  judgeCell,
  makeCell,
  predictionReasons,
  scenarioKey,
  scenarioLabel,
  shownDecision,
  worstVerdict,
} from './judge.js';
export type { JudgeOptions } from './judge.js';
export { AccessMatrix, orderedCells, overallVerdict, summarize } from './matrix.js';
export {
  ACCESS_MATRIX_SCHEMA,
  accessMatrixJsonSchema,
  accessMatrixSchema,
  OBSERVED_REASONS,
  RUN_MODES,
  validateAccessMatrixJson,
  type AccessMatrixJson,
} from './schema.js';
export { assertNoSecrets, SecretLeakError } from './secrets.js';
export type { GridOrder } from './grid.js';
export {
  DEFAULT_MARKDOWN_MAX_BYTES,
  formatHtml,
  formatJson,
  formatJunit,
  formatMarkdown,
  formatSarif,
  formatSummaryLine,
  REPORT_FILES,
  writeReports,
  type WriteReportsOptions,
} from './reporters/index.js';
export { ReportFolder, RUN_FILES, writeError } from './folder.js';
