// `spokegate diff (--plan F | --before F --after F)`: the cells an IaC change flips.
import { resolve } from 'node:path';
import { chooseConfigFile, defaultConfigFile, loadConfig } from '../../config/index.js';
import {
  type CellSpec,
  diffEveryEndpoint,
  diffExitCode,
  formatDiff,
  routableProbeCells,
  type DiffFormat,
  type DiffSources,
  type FailOn,
} from '../../diff/index.js';
import { InputError } from '../../errors.js';
import { analysisNow } from '../../analysis/index.js';
import type { Io } from '../io.js';

export interface DiffOptions {
  plan?: string;
  before?: string;
  after?: string;
  config?: string;
  /** Checked by commander's .choices(). */
  format?: DiffFormat;
  failOn?: FailOn;
  now?: string;
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
  // One clock for every endpoint's classes (a witness carries it): two runs print the same bytes.
  const now = analysisNow(opts.now);
  let notes: string[] = [];
  let cellsOf: (endpoint: string) => CellSpec[];
  if (features.length) {
    // Loaded only when asked for: the Gherkin parser is not needed for the config's probes.
    const { featureCells } = await import('../../diff/features.js');
    const byEndpoint = new Map(
      Object.keys(config.endpoints).map((e) => [e, featureCells(features, config, e, io.cwd)]),
    );
    if ([...byEndpoint.values()].every((c) => c.length === 0))
      throw new InputError('the features call no API through any configured endpoint', {
        file: features.join(', '),
      });
    cellsOf = (e) => byEndpoint.get(e) ?? [];
  } else {
    const probes = routableProbeCells(config);
    notes = probes.notes;
    cellsOf = () => probes.cells;
  }
  // Every configured endpoint (src/diff diffEveryEndpoint), each cell and class naming its own.
  const result = diffEveryEndpoint(config, sources, cellsOf, now);
  result.notes.unshift(...notes);
  result.label = opts.plan ?? `${opts.before} → ${opts.after}`;
  io.out(formatDiff(result, format));
  // Notes go to stderr too when stdout is JSON, so they are not lost.
  if (format === 'json') for (const n of result.notes) io.err(`spokegate diff: note: ${n}`);
  return diffExitCode(result, failOn);
}
