// Runs the features with Cucumber and writes the access-matrix reports: the main job.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { neutralise } from '../escape/index.js';
import { loadConfig, configPath, defaultConfigFile, type Config } from '../config/index.js';
import { InputError, EXIT } from '../errors.js';
import { writeReports, formatSummaryLine, type RunInfo } from '../matrix/index.js';
import { checkFeatures, checkTagExpression, findFeatureFiles } from './features.js';
import { RunContext, type Mode } from './context.js';
import { setRunContext } from './global.js';
import { describeFailure } from './explain.js';
import { FROM_SOURCE, PACKAGE_ROOT, toolVersion } from '../package.js';

const ROOT = PACKAGE_ROOT;

export interface SuiteOptions {
  mode: Mode;
  configFile?: string;
  features: string[];
  reportsDir: string;
  tags?: string;
  concurrency?: number;
  endpointPolicyFiles?: Record<string, string>;
  resourcePolicyFiles?: Record<string, string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface SuiteResult {
  exitCode: number;
  reports: string[];
  summary: { cells: number; pass: number; fail: number; error: number; disagreements: number };
  scenarios: { passed: number; failed: number };
}

export async function runSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const configFile = defaultConfigFile(opts.cwd, opts.configFile);
  const config: Config = loadConfig(configFile);
  opts.log(`spokegate: ${opts.mode} mode, config ${relative(opts.cwd, configFile) || configFile}`);
  const featurePaths = opts.features.length ? opts.features : [config.dir];
  const files = findFeatureFiles(featurePaths, opts.cwd);
  if (files.length === 0) throw new InputError('no .feature files found', { file: featurePaths.join(', ') });
  checkFeatures(files, config, opts.cwd);
  checkTagExpression(opts.tags);
  if (opts.mode === 'offline') {
    for (const [alias, ep] of Object.entries(config.endpoints)) {
      if (!ep.policy && !opts.endpointPolicyFiles) {
        throw new InputError(
          `offline mode needs the endpoint policy of "${alias}": give --endpoint-policy FILE`,
          {
            file: configFile,
            field: `endpoints.${alias}.policy`,
          },
        );
      }
    }
  }
  try {
    mkdirSync(opts.reportsDir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code;
    throw new InputError(`cannot create the reports folder (${why})`, {
      file: relative(opts.cwd, opts.reportsDir) || opts.reportsDir,
      field: '--reports',
    });
  }

  let env = opts.env;
  let sandbox:
    | {
        close(): Promise<void>;
        env: Record<string, string>;
        caPem: string;
        connectTo: string;
        issuedSecrets(): string[];
      }
    | undefined;
  if (opts.mode === 'sandbox') {
    if (!config.sandbox) {
      throw new InputError('sandbox mode needs `sandbox.world` in the config', {
        file: configFile,
        field: 'sandbox',
      });
    }
    const { startSandbox } = await import('../sandbox/index.js');
    sandbox = await startSandbox(configPath(config, config.sandbox.world));
    // The sandbox's export block replaces whatever AWS environment the shell had.
    env = { ...stripAws(opts.env), ...sandbox.env };
    opts.log(`spokegate: sandbox serving on ${sandbox.env.AWS_ENDPOINT_URL_STS}`);
  }

  let ctx: RunContext;
  try {
    ctx = await RunContext.create({
      mode: opts.mode,
      config,
      env,
      concurrency: opts.concurrency,
      endpointPolicyFiles: opts.endpointPolicyFiles,
      resourcePolicyFiles: opts.resourcePolicyFiles,
      ...(sandbox ? { ca: sandbox.caPem, connectTo: [sandbox.connectTo] } : {}),
    });
  } catch (e) {
    // A bad identity policy file: stop the sandbox too, or it would keep the process alive forever.
    await sandbox?.close();
    throw e;
  }
  setRunContext(ctx);
  try {
    // Policy files named on the command line are read before anything runs: bad input is exit 2.
    if (opts.endpointPolicyFiles) await ctx.endpointPolicy();
    for (const api of Object.keys(opts.resourcePolicyFiles ?? {})) await ctx.resourcePolicy(api);
    const scenarios = await runCucumber(files, opts);
    const finishedAt = new Date();
    const run: RunInfo = {
      mode: opts.mode,
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
    const reports = await writeReports(ctx.matrix, run, opts.reportsDir, {
      secrets: [...ctx.secrets, ...(sandbox?.issuedSecrets() ?? [])],
      order: { roles: Object.keys(config.roles), apis: Object.keys(config.apis) },
    });
    const summary = ctx.matrix.summary();
    for (const c of ctx.matrix.cells)
      if (c.verdict !== 'pass' || c.disagreement) opts.log(describeFailure(c));
    opts.log(formatSummaryLine(summary));
    opts.log(
      `spokegate: ${scenarios.passed} scenario(s) passed, ${scenarios.failed} failed; ${ctx.assumeRoleCount} AssumeRole call(s); reports in ${relative(opts.cwd, opts.reportsDir) || '.'}/`,
    );
    opts.log(
      `spokegate: HTML report: ${join(relative(opts.cwd, opts.reportsDir) || '.', 'access-matrix.html')}`,
    );
    const exitCode =
      summary.error > 0 ? EXIT.infra : summary.fail > 0 || scenarios.failed > 0 ? EXIT.failed : EXIT.ok;
    return { exitCode, reports, summary, scenarios };
  } finally {
    setRunContext(undefined);
    ctx.close();
    await sandbox?.close();
  }
}

export function stripAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env))
    if (!k.startsWith('AWS_') && k !== 'SPOKEGATE_CONNECT_TO') out[k] = v;
  return out;
}

async function runCucumber(
  files: string[],
  opts: SuiteOptions,
): Promise<{ passed: number; failed: number; inputErrors: string[] }> {
  // Step definitions come from the same build as this module (dist/ or, under tsx, the sources),
  // so they share its module graph: the policies they see were compiled by the same engine.
  const stepDefinitions = FROM_SOURCE
    ? join(ROOT, 'step-definitions', '**', '*.ts')
    : join(ROOT, 'dist', 'step-definitions', '**', '*.js');
  const { loadConfiguration, runCucumber: run } = await import('@cucumber/cucumber/api');
  const r = (f: string) => join(opts.reportsDir, f);
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: files,
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
  // Cucumber's progress output quotes step text: controls and bidi overrides are made visible.
  const decoder = new StringDecoder('utf8');
  const toStderr = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      process.stderr.write(neutralise(typeof chunk === 'string' ? chunk : decoder.write(chunk)), cb);
    },
  });
  // A scenario passed when all of its steps passed (the worst step status decides).
  const worst = new Map<string, string>();
  let passed = 0;
  let failed = 0;
  const inputErrors: string[] = [];
  await run(runConfiguration, { cwd: opts.cwd, stdout: toStderr, stderr: toStderr, env: opts.env }, (m) => {
    if (m.testCaseStarted) worst.set(m.testCaseStarted.id, 'PASSED');
    else if (m.testStepFinished) {
      const { status: st, exception } = m.testStepFinished.testStepResult;
      if (st !== 'PASSED' && st !== 'SKIPPED') worst.set(m.testStepFinished.testCaseStartedId, st);
      // Bad input met inside a step (a policy file named by a step, say) is exit 2, not a failed expectation.
      if (exception && /^(InputError|PolicyError)$/.test(exception.type))
        inputErrors.push(exception.message ?? exception.type);
    } else if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) {
      if (worst.get(m.testCaseFinished.testCaseStartedId) === 'PASSED') passed++;
      else failed++;
    }
  });
  return { passed, failed, inputErrors };
}
