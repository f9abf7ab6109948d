// `spokegate diff (--plan F | --before F --after F)`: the cells an IaC change flips.
import { resolve } from 'node:path';
import { chooseConfigFile, defaultConfigFile, loadConfig } from '../../config/index.js';
import {
  type CellSpec,
  computeDiff,
  diffExitCode,
  formatDiff,
  loadDiffSetup,
  routableProbeCells,
  type DiffFormat,
  type DiffSources,
  type FailOn,
} from '../../diff/index.js';
import { InputError } from '../../errors.js';
import type { Io } from '../io.js';

export interface DiffOptions {
  plan?: string;
  before?: string;
  after?: string;
  config?: string;
  /** Checked by commander's .choices(). */
  format?: DiffFormat;
  failOn?: FailOn;
}

/** The config: the one given, else ./spokegate.config.yaml, else the demo world's. */
export function diffConfigFile(cwd: string, given?: string): string {
  return defaultConfigFile(cwd, given);
}

export async function run(opts: DiffOptions, features: string[], io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  const failOn = opts.failOn ?? 'grant';
  let sources: DiffSources;
  if (opts.plan) {
    if (opts.before || opts.after)
      throw new InputError('give either --plan or --before and --after, not both');
    sources = { plan: resolve(io.cwd, opts.plan) };
  } else if (opts.before && opts.after) {
    sources = { before: resolve(io.cwd, opts.before), after: resolve(io.cwd, opts.after) };
  } else {
    throw new InputError('give --plan TFPLAN.json, or --before FILE and --after FILE');
  }
  const chosen = chooseConfigFile(io.cwd, opts.config);
  io.err(
    `spokegate diff: config ${chosen.file}${chosen.demo ? ' (the demo config: no --config given and no ./spokegate.config.yaml)' : ''}`,
  );
  const config = loadConfig(chosen.file);
  const endpoint = config.defaults.endpoint ?? Object.keys(config.endpoints)[0]!;
  let cells: CellSpec[];
  let notes: string[] = [];
  if (features.length) {
    // Loaded only when asked for: the Gherkin parser is not needed for the config's probes.
    const { featureCells } = await import('../../diff/features.js');
    cells = featureCells(features, config, endpoint, io.cwd);
    if (cells.length === 0) {
      throw new InputError('the features call no API through this endpoint', { file: features.join(', ') });
    }
  } else {
    ({ cells, notes } = routableProbeCells(config));
  }
  const result = computeDiff(loadDiffSetup(config, sources, { endpoint, cells }));
  result.notes.unshift(...notes);
  result.label = opts.plan ?? `${opts.before} → ${opts.after}`;
  io.out(formatDiff(result, format));
  // Notes go to stderr too when stdout is JSON, so they are not lost.
  if (format === 'json') for (const n of result.notes) io.err(`spokegate diff: note: ${n}`);
  return diffExitCode(result, failOn);
}
