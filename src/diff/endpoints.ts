// A diff over every configured endpoint, the default first: a change to another endpoint's policy
// (or to an API's, reached through it) is compared too, never "linted, not compared".
import type { Config } from '../config/index.js';
import { computeDiff, mergeDiffs } from './compute.js';
import { loadDiffSetup, type CellSpec, type DiffSources } from './load.js';
import type { DiffResult } from './model.js';

export function diffEveryEndpoint(
  config: Config,
  sources: DiffSources,
  cellsOf: (endpoint: string) => CellSpec[],
  /** The instant the diff by classes reads as now (`--now`; analysisNow). */
  now?: string,
): DiffResult {
  const defaultEndpoint = config.defaults.endpoint ?? Object.keys(config.endpoints)[0]!;
  const endpoints = [defaultEndpoint, ...Object.keys(config.endpoints).filter((a) => a !== defaultEndpoint)];
  return mergeDiffs(
    endpoints.map((endpoint) =>
      computeDiff(
        loadDiffSetup(config, sources, {
          endpoint,
          cells: cellsOf(endpoint),
          // A plain policy file (or an endpoint whose id is not known) is the default endpoint's.
          idOnly: endpoint !== defaultEndpoint,
          ...(now !== undefined ? { now } : {}),
        }),
      ),
    ),
  );
}
