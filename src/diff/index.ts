// `spokegate diff`: which access-matrix cells an IaC change flips, and the lint findings it adds or
// removes. The CLI is a thin shell over loadDiffSetup -> computeDiff -> formatDiff.
import { isGrant, type DiffResult } from './model.js';

export * from './model.js';
export { computeDiff, decideCell, diffFindings } from './compute.js';
export { classChanges } from './classes.js';
export { diffEveryEndpoint } from './endpoints.js';
export {
  loadDiffSetup,
  buildCells,
  probeCells,
  MAX_DIFF_CELLS,
  routableProbeCells,
  type CellSpec,
  type DiffSources,
} from './load.js';
export { formatDiff, diffJson, diffText, diffMarkdown, why, type DiffFormat } from './format.js';

export type FailOn = 'grant' | 'any' | 'none';

/** 1 when the change does what `failOn` forbids (grant: any deny -> allow; any: any change), else 0. */
export function diffExitCode(result: DiffResult, failOn: FailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  if (failOn === 'any') return result.changes.length > 0 || result.classes.length > 0 ? 1 : 0;
  return result.changes.some(isGrant) || result.classes.some((c) => c.change === 'grant') ? 1 : 0;
}
