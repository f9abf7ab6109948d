// Runs the features with Cucumber and writes the access-matrix reports: the main job.
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { escape as escapeGlob } from 'glob';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { neutralise } from '../escape/index.js';
import { loadConfig, loadConfigWorld, chooseConfigFile, type Config, type World } from '../config/index.js';
import { InfraError, InputError, Interrupted, EXIT } from '../errors.js';
import { withFix } from './hints.js';
import {
  AccessMatrix,
  ReportFolder,
  writeReports,
  formatSummaryLine,
  type RunInfo,
  type ScenarioResult,
} from '../matrix/index.js';
import { checkFeatures, checkTagExpression, FeatureCopies, findFeatureFiles } from './features.js';
import { RunContext, type Mode } from './context.js';
import type { PlannedRoute } from './routes.js';
import { setRunContext, stepDefinitionsOnce } from './global.js';
import { describeFailure } from './explain.js';
import { attentionCells } from '../matrix/grid.js';
import type { Summary } from '../matrix/index.js';
import { FROM_SOURCE, PACKAGE_ROOT, toolVersion } from '../package.js';
import { endpointFilesByAlias, resourceFilesByAlias } from './policy-files.js';
import { readPolicyFiles, type PolicyFiles } from './policies.js';
import { rebaseStepDefinitionPaths } from './cucumber-paths.js';
import { lockDownCucumberHtml } from './cucumber-html.js';
import { pickleLocation } from './scenario-ref.js';
import { startConfigSandbox } from './sandbox-mode.js';
import type { Sandbox } from '../sandbox/index.js';

const ROOT = PACKAGE_ROOT;

export interface SuiteOptions {
  mode: Mode;
  configFile?: string;
  features: string[];
  reportsDir: string;
  tags?: string;
  concurrency?: number;
  /** Endpoint policy file per endpoint alias; the key DEFAULT_ENDPOINT means the config's default. */
  endpointPolicyFiles?: Record<string, string>;
  resourcePolicyFiles?: Record<string, string>;
  /** `--allow-disagreement`: predictions that contradict the wire do not fail the run. */
  allowDisagreement?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Where Cucumber's progress goes, as written (stderr when absent). */
  progress?: (chunk: string) => void;
}

export interface SuiteResult {
  exitCode: number;
  reports: string[];
  summary: Summary;
  scenarios: { passed: number; failed: number };
}

/** The `--endpoint-policy FILE` key that stands for the config's default endpoint. */

export async function runSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const chosen = chooseConfigFile(opts.cwd, opts.configFile);
  // The first line says which config this run is about: a green run of the wrong world is no proof.
  opts.log(
    `spokegate: ${opts.mode} mode, config ${chosen.file}${chosen.demo ? ' (the demo config: no --config given and no ./spokegate.config.yaml)' : ''}`,
  );
  const configFile = chosen.file;
  const config: Config = loadConfig(configFile);
  const endpointPolicyFiles = endpointFilesByAlias(config, opts.endpointPolicyFiles);
  const resourcePolicyFiles = resourceFilesByAlias(config, opts.resourcePolicyFiles);
  const featurePaths = opts.features.length ? opts.features : [config.dir];
  const files = findFeatureFiles(featurePaths, opts.cwd);
  if (files.length === 0) throw new InputError('no .feature files found', { file: featurePaths.join(', ') });
  // Cucumber will run private copies of the features as checked (see FeatureCopies).
  const copies = new FeatureCopies(opts.cwd, files);
  try {
    const needs = checkFeatures(
      files,
      config,
      opts.cwd,
      (abs, text) => copies.add(abs, text),
      opts.mode !== 'offline',
    );
    checkTagExpression(opts.tags);
    if (opts.mode === 'offline') {
      for (const [alias, ep] of Object.entries(config.endpoints)) {
        if (!ep.policy && !endpointPolicyFiles?.[alias]) {
          throw new InputError(
            `offline mode needs the endpoint policy of "${alias}": give --endpoint-policy ${alias === config.defaults.endpoint ? '' : `${alias}=`}FILE`,
            {
              file: configFile,
              field: `endpoints.${alias}.policy`,
            },
          );
        }
      }
    }
    // Every policy file the run will read (command line, config, steps), read now: bad input is
    // exit 2 before the sandbox starts, any scenario runs or any report is written.
    const preread = readPolicyFiles(config, { endpointPolicyFiles, resourcePolicyFiles }, needs.policyFiles);
    // Sandbox mode: the world too (a bad `sandbox.world` is exit 2 naming the config's field).
    const world = opts.mode === 'sandbox' ? loadConfigWorld(config, configFile) : undefined;
    // Evidence whole or absent: this run's lock and staging folder (src/matrix/folder.ts).
    const folder = ReportFolder.open(opts.reportsDir, opts.cwd, opts.log);
    // SIGINT/SIGTERM from here on: nothing more starts, temporary folders are removed, exit 130/143.
    const interruption = onInterrupt();
    try {
      return await runInFolder(
        opts,
        config,
        configFile,
        { runDir: copies.runDir, paths: copies.paths(files) },
        needs.calls,
        { endpointPolicyFiles, resourcePolicyFiles, preread },
        folder,
        interruption,
        world,
      );
    } catch (e) {
      const signal = interruption.received();
      if (!(e instanceof Interrupted) || !signal) throw e;
      // Before any scenario ran: no cell was gathered, so the previous run's reports stay as they were.
      opts.log(
        `spokegate: interrupted (${signal}) before any scenario ran; nothing was written to ${relative(opts.cwd, opts.reportsDir) || '.'}/`,
      );
      return {
        exitCode: SIGNAL_EXIT[signal as RunSignal],
        reports: [],
        summary: new AccessMatrix().summary(),
        scenarios: { passed: 0, failed: 0 },
      };
    } finally {
      interruption.dispose();
      folder.abandon();
    }
  } finally {
    copies.dispose();
  }
}

async function runInFolder(
  opts: SuiteOptions,
  config: Config,
  configFile: string,
  /** Cucumber runs the private copies of the features as checked, from their folder. */
  copies: { runDir: string; paths: string[] },
  calls: PlannedRoute[],
  policyFiles: PolicyFiles,
  folder: ReportFolder,
  interruption: Interruption,
  /** Sandbox mode: the world to serve (loaded before the lock was taken). */
  world: World | undefined,
): Promise<SuiteResult> {
  const stopIfInterrupted = () => {
    if (interruption.received()) throw new Interrupted('interrupted before any scenario ran');
  };
  let env = opts.env;
  let sandbox: Sandbox | undefined;
  if (world) {
    ({ sandbox, env } = await startConfigSandbox(world, opts.env, opts.log));
    if (interruption.received()) await sandbox.close();
    stopIfInterrupted();
  }

  let ctx: RunContext;
  try {
    ctx = await RunContext.create({
      mode: opts.mode,
      config,
      env,
      concurrency: opts.concurrency,
      ...policyFiles,
      allowDisagreement: opts.allowDisagreement ?? false,
      log: opts.log,
      ...(sandbox ? { ca: sandbox.caPem, connectTo: [sandbox.connectTo] } : {}),
    });
  } catch (e) {
    // A bad identity policy file: stop the sandbox too, or it would keep the process alive forever.
    await sandbox?.close();
    throw e;
  }
  setRunContext(ctx);
  // A signal from here on cuts off what the context is sending.
  interruption.onSignal(() => ctx.interrupt());
  try {
    stopIfInterrupted();
    if (opts.mode !== 'offline') await preflight(ctx, opts.log);
    stopIfInterrupted();
    // Every call the features make goes to a route and stage that exist, or nothing is sent (exit 2).
    await ctx.routes.checkAll(calls, opts.log);
    for (const c of calls) await ctx.checkAddressable(c);
    stopIfInterrupted();
    // SIGINT/SIGTERM: stop sending (calls in flight are cut off, no new one starts), keep the
    // cells gathered so far as an incomplete matrix, exit 130/143.
    const progress = { muted: false };
    interruption.onSignal(() => {
      ctx.interrupt();
      // What Cucumber prints from here on is the interruption's echo (steps refused), not results.
      progress.muted = true;
    });
    const outcome: CucumberOutcome | NodeJS.Signals = await Promise.race([
      runCucumber(copies.paths, { ...opts, reportsDir: folder.staging, cwd: copies.runDir }, progress).catch(
        (e: unknown) => {
          throw e instanceof CucumberWriteError ? folder.failure(e, 'cucumber.*') : e;
        },
      ),
      interruption.signal,
    ]);
    /** The matrix reports of this run, written to the staging folder (no secret in them) and published. */
    const publishReports = async (run: RunInfo) => {
      await writeReports(ctx.matrix, run, folder.staging, {
        secrets: [...ctx.secrets, ...(sandbox?.issuedSecrets() ?? [])],
        order: { roles: Object.keys(config.roles), apis: Object.keys(config.apis) },
      }).catch((e: unknown) => {
        throw folder.failure(e);
      });
      return folder.publish();
    };
    if (typeof outcome === 'string') {
      // Cucumber's own reports are half-written: absent rather than partial.
      for (const f of readdirSync(folder.staging)) rmSync(join(folder.staging, f), { force: true });
      const run: RunInfo = {
        mode: opts.mode,
        config: configFile,
        startedAt: ctx.startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        tool: `spokegate ${toolVersion()}`,
        region: config.region,
        endpoints: [],
        id: folder.runId,
        incomplete: true,
      };
      const reports = await publishReports(run);
      opts.log(
        `spokegate: interrupted (${outcome}); ${ctx.matrix.cells.length} cell(s) gathered so far are in ${relative(opts.cwd, opts.reportsDir) || '.'}/, marked incomplete`,
      );
      return {
        exitCode: SIGNAL_EXIT[outcome as RunSignal],
        reports,
        summary: ctx.matrix.summary(),
        scenarios: { passed: 0, failed: 0 },
      };
    }
    const scenarios = outcome;
    // Cucumber's reports name the step definitions relative to where it ran: make them the user's;
    // its page loads nothing a feature points at (src/harness/cucumber-html.ts).
    try {
      rebaseStepDefinitionPaths(folder.staging, stepDefinitionsDir(), copies.runDir, opts.cwd);
      lockDownCucumberHtml(folder.staging);
    } catch (e) {
      throw folder.failure(e, 'cucumber.*');
    }
    ctx.matrix.setScenarios(scenarios.results);
    const finishedAt = new Date();
    const run: RunInfo = {
      id: folder.runId,
      mode: opts.mode,
      config: configFile,
      startedAt: ctx.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      tool: `spokegate ${toolVersion()}`,
      region: config.region,
      endpoints: await Promise.all(
        Object.keys(config.endpoints).map(async (alias) => {
          const p = await ctx.endpointPolicy(alias).catch(() => undefined);
          return {
            alias,
            id: config.endpoints[alias]!.id,
            policySha256: p?.sha256 ?? null,
            policySource: p?.source ?? null,
            policyText: p?.text,
          };
        }),
      ),
    };
    const reports = await publishReports(run);
    const summary = ctx.matrix.summary();
    // Disagreements first: they say the model or the policies are not what the run assumed.
    for (const c of attentionCells(ctx.matrix.cells)) opts.log(describeFailure(c));
    opts.log(formatSummaryLine(summary));
    opts.log(
      `spokegate: ${scenarioCounts(summary, scenarios)}; ${ctx.assumeRoleCount} AssumeRole call(s); reports in ${relative(opts.cwd, opts.reportsDir) || '.'}/`,
    );
    opts.log(
      `spokegate: HTML report: ${join(relative(opts.cwd, opts.reportsDir) || '.', 'access-matrix.html')}`,
    );
    if (opts.allowDisagreement && summary.disagreements > 0)
      opts.log(
        `spokegate: --allow-disagreement: ${summary.disagreements} disagreement(s) did not fail the run`,
      );
    // Bad input met inside a step is exit 2; a run that could not finish, 3 (one line per cause).
    for (const m of unique(scenarios.inputErrors)) opts.log(`spokegate: ${m}`);
    for (const m of unique(scenarios.infraErrors.map(withFix))) opts.log(`spokegate: ${m}`);
    let exitCode: number =
      summary.verdict === 'error' ? EXIT.infra : summary.verdict === 'fail' ? EXIT.failed : EXIT.ok;
    // Never PASS when Cucumber says the run failed, whatever the cells say.
    if (exitCode === EXIT.ok && !scenarios.success) exitCode = EXIT.failed;
    if (scenarios.infraErrors.length) exitCode = EXIT.infra;
    if (scenarios.inputErrors.length) exitCode = EXIT.input;
    return { exitCode, reports, summary, scenarios };
  } finally {
    setRunContext(undefined);
    ctx.close();
    await sandbox?.close();
  }
}

interface Interruption {
  /** Resolves with the first SIGINT or SIGTERM. */
  signal: Promise<NodeJS.Signals>;
  /** The signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** What to stop when it comes (now, if it came already): runs in the listener itself. */
  onSignal(stop: () => void): void;
  dispose(): void;
}

/**
 * The signals that end a run, and its exit code for each (128 + the signal's number). SIGHUP (a
 * closed terminal) and SIGQUIT (Ctrl-\) too: Node's default would end the run at once, leaving its
 * lock, staging folder and feature copies behind.
 */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGQUIT: 131 } as const;
type RunSignal = keyof typeof SIGNAL_EXIT;
const RUN_SIGNALS = Object.keys(SIGNAL_EXIT) as RunSignal[];

/** The first SIGINT, SIGTERM, SIGHUP or SIGQUIT during a run (listening replaces Node's default exit). */
function onInterrupt(): Interruption {
  let got: NodeJS.Signals | undefined;
  let stop: () => void = () => undefined;
  let handler: (s: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    handler = (s) => {
      got ??= s;
      stop();
      resolve(s);
    };
  });
  for (const s of RUN_SIGNALS) process.once(s, handler);
  return {
    signal,
    received: () => got,
    onSignal(fn) {
      stop = fn;
      if (got) fn();
    },
    dispose() {
      for (const s of RUN_SIGNALS) process.off(s, handler);
    },
  };
}

interface CucumberOutcome {
  passed: number;
  failed: number;
  success: boolean;
  results: ScenarioResult[];
  inputErrors: string[];
  infraErrors: string[];
}

/** Exceptions that mean "could not establish anything" rather than "an expectation failed". */
const ERROR_TYPES = /^(InfraError|StepTimeoutError|CellError|AssumeRoleDenied|TimeoutError)$/;
const INPUT_TYPES = /^(InputError|PolicyError)$/;

/**
 * Step definitions come from the same build as this module (dist/ or, under tsx, the sources), so
 * they share its module graph: the policies they see were compiled by the same engine.
 */
const stepDefinitionsDir = (): string =>
  FROM_SOURCE ? join(ROOT, 'step-definitions') : join(ROOT, 'dist', 'step-definitions');

async function runCucumber(
  files: string[],
  opts: SuiteOptions,
  progress: { muted: boolean },
): Promise<CucumberOutcome> {
  const stepDefinitions = join(stepDefinitionsDir(), '**', FROM_SOURCE ? '*.ts' : '*.js');
  const { loadConfiguration, loadSupport, runCucumber: run } = await import('@cucumber/cucumber/api');
  const r = (f: string) => join(opts.reportsDir, f);
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        // Cucumber globs its paths and reads a file named `@x` as a list of paths: a feature named
        // `[ab]*.feature` would match nothing (a run of no scenario). Each path is one literal file.
        paths: files.map(literalPath),
        import: [stepDefinitions],
        tags: opts.tags ?? '',
        format: [
          'progress',
          ['html', r('cucumber.html')],
          ['json', r('cucumber.json')],
          ['junit', r('cucumber.junit.xml')],
          ['message', r('cucumber.ndjson')],
        ],
        formatOptions: { junit: { suiteName: 'spokegate' } },
        publishQuiet: true,
      } as never,
    },
    { cwd: opts.cwd, env: opts.env },
  );
  const support = await stepDefinitionsOnce(() =>
    loadSupport(runConfiguration, { cwd: opts.cwd, env: opts.env }),
  );
  // Cucumber's progress output quotes step text: controls and bidi overrides are made visible.
  const decoder = new StringDecoder('utf8');
  const toStderr = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      if (progress.muted) return cb();
      const text = neutralise(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (!opts.progress) return void process.stderr.write(text, cb);
      opts.progress(text);
      cb();
    },
  });
  // Cucumber logs a report it cannot write ("ENOSPC: no space left on device, write") and then
  // fails in its own cleanup: keep the code, say it once, naming the reports (exit 3).
  let writeFailure: string | undefined;
  const logDecoder = new StringDecoder('utf8');
  const cucumberLog = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const text = typeof chunk === 'string' ? chunk : logDecoder.write(chunk);
      const code = /^(E[A-Z0-9]+): /m.exec(text)?.[1];
      if (code) {
        writeFailure ??= code;
        return cb();
      }
      toStderr.write(text, cb);
    },
  });
  const pickles = new Map<string, { name: string; location?: string; steps: Map<string, string> }>();
  const testCases = new Map<string, { pickleId: string; steps: Map<string, string> }>();
  const started = new Map<string, ScenarioResult & { testCaseId: string; ran: number }>();
  const out: CucumberOutcome = {
    passed: 0,
    failed: 0,
    success: false,
    results: [],
    inputErrors: [],
    infraErrors: [],
  };
  const failedToWrite = () =>
    Object.assign(new CucumberWriteError(`Cucumber could not write its reports (${writeFailure})`), {
      code: writeFailure,
    });
  const { success } = await run(
    { ...runConfiguration, support },
    { cwd: opts.cwd, stdout: toStderr, stderr: cucumberLog, env: opts.env },
    (m) => {
      if (m.pickle) {
        pickles.set(m.pickle.id, {
          name: m.pickle.name,
          location: pickleLocation(m.pickle),
          steps: new Map(m.pickle.steps.map((st) => [st.id, st.text])),
        });
      } else if (m.testCase) {
        const pickle = pickles.get(m.testCase.pickleId);
        testCases.set(m.testCase.id, {
          pickleId: m.testCase.pickleId,
          steps: new Map(
            m.testCase.testSteps.map((ts) => [
              ts.id,
              ts.pickleStepId ? (pickle?.steps.get(ts.pickleStepId) ?? '(step)') : '(hook)',
            ]),
          ),
        });
      } else if (m.testCaseStarted) {
        const tc = testCases.get(m.testCaseStarted.testCaseId);
        const pickle = tc ? pickles.get(tc.pickleId) : undefined;
        started.set(m.testCaseStarted.id, {
          name: pickle?.name ?? '(scenario)',
          ...(pickle?.location ? { location: pickle.location } : {}),
          status: 'passed',
          steps: [],
          testCaseId: m.testCaseStarted.testCaseId,
          ran: 0,
        });
      } else if (m.testStepFinished) {
        const sc = started.get(m.testStepFinished.testCaseStartedId);
        const { message, exception } = m.testStepFinished.testStepResult;
        // Cucumber's own copy of the messages enum: compare its string values.
        const status = String(m.testStepFinished.testStepResult.status);
        if (!sc) return;
        if (status === 'PASSED') {
          sc.ran++;
          return;
        }
        if (status === 'SKIPPED') return;
        const text = testCases.get(sc.testCaseId)?.steps.get(m.testStepFinished.testStepId) ?? '(step)';
        const type = exception?.type ?? '';
        const why = exception?.message ?? message;
        const timedOut = /function timed out/i.test(why ?? '');
        const isError = ERROR_TYPES.test(type) || timedOut;
        sc.steps.push({
          text,
          status: type === 'StepTimeoutError' || timedOut ? 'timed-out' : status.toLowerCase(),
          ...(why ? { message: why.split('\n')[0]! } : {}),
        });
        sc.status = isError || sc.status === 'error' ? 'error' : 'failed';
        if (INPUT_TYPES.test(type)) out.inputErrors.push(why ?? type);
        else if (type === 'InfraError' || type === 'AssumeRoleDenied') out.infraErrors.push(why ?? type);
      } else if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) {
        const sc = started.get(m.testCaseFinished.testCaseStartedId);
        if (!sc) return;
        // A scenario none of whose steps ran (all skipped) proves nothing.
        if (sc.status === 'passed' && sc.ran === 0 && sc.steps.length === 0) {
          sc.status = 'failed';
          sc.steps.push({ text: '(all steps)', status: 'skipped' });
        }
        const { testCaseId: _id, ran: _ran, ...result } = sc;
        out.results.push(result);
        if (sc.status === 'passed') out.passed++;
        else out.failed++;
      }
    },
  ).catch((e: unknown) => {
    throw writeFailure ? failedToWrite() : e;
  });
  if (writeFailure) throw failedToWrite();
  out.success = success;
  return out;
}

/** Cucumber could not write one of its reports (its `code` says why: ENOSPC, EROFS...). */
class CucumberWriteError extends Error {
  override name = 'CucumberWriteError';
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/**
 * Before any scenario: the default endpoint's policy can be read (EC2 reachable, credentials work).
 * When it cannot, the run stops with one line (exit 3), not one stack trace per scenario.
 */
async function preflight(ctx: RunContext, log: (line: string) => void): Promise<void> {
  try {
    // Credentials first: STS says who we are, or why not (InvalidClientTokenId, ExpiredToken, ...).
    const me = await ctx.callerIdentity();
    if (me) log(`spokegate: AWS identity ${me.arn}`);
    await ctx.checkStatedCredentials(log);
    if (ctx.config.endpoints[ctx.config.defaults.endpoint!]?.policy) return;
    await ctx.endpointPolicy();
  } catch (e) {
    if (e instanceof InfraError) throw new InfraError(withFix(e.message));
    throw e;
  }
}

/** A file's path as a glob that matches only it, with a leading `@` that Cucumber cannot take for a list. */
function literalPath(file: string): string {
  const glob = escapeGlob(file, { windowsPathsNoEscape: true, magicalBraces: true });
  const base = basename(glob);
  return base.startsWith('@') ? join(dirname(glob), `[@]${base.slice(1)}`) : glob;
}

/** The scenario counts as the reports give them (an unestablished step is an error, not a failure). */
function scenarioCounts(summary: Summary, cucumber: { passed: number; failed: number }): string {
  const s = summary.scenarios;
  if (!s) return `${cucumber.passed} scenario(s) passed, ${cucumber.failed} failed`;
  return `${s.passed} scenario(s) passed, ${s.failed} failed${s.error ? `, ${s.error} error(s)` : ''}`;
}
