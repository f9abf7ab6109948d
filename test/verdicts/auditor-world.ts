// The auditor world (test/fixtures/auditor) as the verdict tests use it: a private copy to edit,
// then served by a sandbox and read offline, from the same config file.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ROOT, readMatrix, spokegateHere } from '../harness/helpers.js';
import { sandboxRun } from './authorizer-world.js';

export type PolicyDocument = { Statement: Record<string, unknown>[] } & Record<string, unknown>;

/** The auditor worlds' folders under test/fixtures: `auditor`, `auditor2` … `auditor11`. */
type AuditorFixture = 'auditor' | `auditor${2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11}`;

/** A fresh copy of an auditor world (test/fixtures/FIXTURE) in a temporary folder named after `name`; its path. */
export function copyAuditorWorld(name: string, fixture: AuditorFixture = 'auditor'): string {
  const dir = mkdtempSync(join(tmpdir(), `spokegate-${name}-`));
  cpSync(join(ROOT, 'test', 'fixtures', fixture), dir, { recursive: true });
  return dir;
}

/** `who-can --json` over the API `api` through the endpoint `endpoint` of the world configured by `config`. */
export const whoCanJson = (config: string, api: string, endpoint: string) =>
  spokegateHere(['who-can', '--config', config, '--api', api, '--endpoint', endpoint, '--json']);

/** Rewrites the copy's policies/NAME through `edit` (the sandbox and the config both read it). */
export function editPolicy(dir: string, name: string, edit: (doc: PolicyDocument) => void): void {
  const file = join(dir, 'policies', name);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as PolicyDocument;
  edit(doc);
  writeFileSync(file, JSON.stringify(doc));
}

/**
 * A copy of the eleventh auditor world (under `name`) whose edge lets everyone through and whose
 * ledger lets everyone in but refuses principals outside o-eleven0org on the exact `paths`
 * (`/prod/GET/entries`, read as execute-api:PATH): its folder.
 */
export function auditor11DenyingOutsidersOn(name: string, paths: string[]): string {
  const dir = copyAuditorWorld(name, 'auditor11');
  editPolicy(dir, 'edge-endpoint.json', (doc) => {
    doc.Statement = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }];
  });
  editPolicy(dir, 'ledger-resource.json', (doc) => {
    doc.Statement = [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: paths.map((p) => `execute-api:${p}`),
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-eleven0org' } },
      },
    ];
  });
  return dir;
}

/** A copy of the auditor world named `name` with `text` written to its file `fileName`: the file's path and the config. */
export function auditorWorldWith(
  name: string,
  fileName: string,
  text: string,
): { file: string; config: Config } {
  const dir = copyAuditorWorld(name);
  const file = join(dir, fileName);
  writeFileSync(file, text);
  return { file, config: loadConfig(join(dir, 'spokegate.config.yaml')) };
}

type OfflineFiles = Pick<
  Parameters<typeof RunContext.create>[0],
  'endpointPolicyFiles' | 'resourcePolicyFiles'
>;

/** `use` given an offline run of `config` with the given policy files; the run is closed after, whatever happens. */
export async function withOfflineRun<T>(
  config: Config,
  files: OfflineFiles,
  use: (ctx: RunContext) => Promise<T>,
): Promise<T> {
  const ctx = await RunContext.create({ mode: 'offline', config, env: {}, ...files });
  try {
    return await use(ctx);
  } finally {
    ctx.close();
  }
}

export interface AuditorRuns {
  config: Config;
  sandbox: Sandbox;
  /** A sandbox-mode run against the copy's world. */
  wire: RunContext;
  /** An offline run of the same config. */
  offline: RunContext;
  close(): Promise<void>;
}

/** The copy's config, served by a sandbox of its world and read offline. */
export async function auditorRuns(dir: string): Promise<AuditorRuns> {
  const file = join(dir, 'spokegate.config.yaml');
  const run = await sandboxRun(file);
  const offline = await RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
  return {
    config: run.config,
    sandbox: run.sandbox,
    wire: run.ctx,
    offline,
    close: async () => {
      offline.close();
      await run.close();
    },
  };
}

/**
 * For a test file: before its tests, a copy of the auditor world named `name`, changed by `edit`,
 * served by a sandbox and read offline (`ready` gets the runs and the copy's folder); closed after.
 */
export function editedAuditorWorld(
  name: string,
  edit: (dir: string) => void,
  ready: (runs: AuditorRuns, dir: string) => void,
): void {
  let runs: AuditorRuns | undefined;
  beforeAll(async () => {
    const dir = copyAuditorWorld(name);
    edit(dir);
    runs = await auditorRuns(dir);
    ready(runs, dir);
  });
  afterAll(() => runs?.close());
}

/**
 * `spokegate run` (plus `args`) with its reports in a temporary folder named after `name`: the exit
 * code, stderr and the matrix report.
 */
export async function runReported(
  name: string,
  args: string[],
): Promise<{ code: number | null; stderr: string; doc: any }> {
  const reports = mkdtempSync(join(tmpdir(), `spokegate-${name}-`));
  const r = await spokegateHere(['run', ...args, '--reports', reports]);
  return { code: r.code, stderr: r.stderr, doc: readMatrix(reports) };
}

/**
 * `spokegate run` of the feature x.feature in the copy `dir` in `mode`, rooted at the copy, with its
 * config and its reports in `dir/reports`.
 */
export const runCopyFeature = (dir: string, mode: string) =>
  spokegateHere([
    'run',
    join(dir, 'x.feature'),
    '--config',
    join(dir, 'spokegate.config.yaml'),
    '--mode',
    mode,
    '--root',
    dir,
    '--reports',
    join(dir, 'reports'),
  ]);

/** A run of a copy's x.feature: its exit code, stderr, access matrix, and cells and scenarios by key. */
async function copyFeatureRun(dir: string, mode: string) {
  const r = await runCopyFeature(dir, mode);
  const doc = readMatrix(join(dir, 'reports'));
  return {
    code: r.code,
    stderr: r.stderr,
    doc,
    /** The cell of the scenario `KEY …`. */
    cellOf: (key: string) => doc.cells.find((c: any) => c.scenario.startsWith(`${key} `)),
    /** The status of the scenario `KEY …`. */
    statusOf: (key: string): string => doc.scenarios.find((s: any) => s.name.startsWith(`${key} `)).status,
  };
}

/**
 * The sandbox and offline modes, then one offline mode per entry of `fromFiles` (its name → the file
 * each of `endpoints` and `apis` is read from in the copy): `--endpoint-policy` for each endpoint,
 * then `--resource-policy` for each API (an auditor world's offline modes from files).
 */
export function modesFromFiles<E extends string, A extends string>(
  endpoints: readonly E[],
  apis: readonly A[],
  fromFiles: Record<string, Record<E | A, string>>,
): AuditorRunMode[] {
  return [
    ...SANDBOX_AND_OFFLINE,
    ...Object.entries(fromFiles).map(([name, files]) => ({
      name,
      mode: 'offline' as const,
      args: (dir: string) => [
        ...endpoints.flatMap((e) => ['--endpoint-policy', `${e}=${join(dir, files[e])}`]),
        ...apis.flatMap((a) => ['--resource-policy', `${a}=${join(dir, files[a])}`]),
      ],
    })),
  ];
}

/**
 * A run of a copy's x.feature in `mode`, made once in a beforeAll of the calling describe (`prepare`
 * writes the copy and returns its folder): the handle reads that run once it is made.
 */
export function featureRunBeforeAll(mode: string, prepare: () => string) {
  let run: Awaited<ReturnType<typeof copyFeatureRun>> | undefined;
  beforeAll(async () => {
    run = await copyFeatureRun(prepare(), mode);
  });
  const made = () => run ?? expect.unreachable('the run was not made');
  return {
    get code() {
      return made().code;
    },
    get stderr() {
      return made().stderr;
    },
    get doc() {
      return made().doc;
    },
    cellOf: (key: string) => made().cellOf(key),
    statusOf: (key: string) => made().statusOf(key),
  };
}

/** Each scenario's statuses in the report, under its name, or `key(name)` for a proof (`P01 …`). */
export function statusesBy<S>(doc: any, key: (name: string) => string): Record<string, S[]> {
  const got: Record<string, S[]> = {};
  for (const s of doc.scenarios) {
    const k = /^P\d\d /.test(s.name) ? key(s.name) : s.name;
    (got[k] ??= []).push(s.status);
  }
  return got;
}

/** A `spokegate run` of an auditor world: its exit code, stderr and matrix report. */
export interface AuditorRun {
  code: number | null;
  stderr: string;
  doc: any;
}

/** What a test file knows of its auditor world's run in each mode. */
export interface AuditorModesTruth {
  /** The report's cells that differ from the truth, and those the truth lacks. */
  compare(doc: any, mode: 'sandbox' | 'offline'): string[];
  /**
   * The report's statuses (by default each scenario's by its name, a proof's by its key `P01`), and
   * those the truth expects in a mode (0 sandbox, 1 offline).
   */
  statuses?(doc: any): Record<string, unknown[]>;
  expected(column: 0 | 1): Record<string, unknown[]>;
  /** The run's disagreements in sandbox mode (offline there are none). */
  disagreements: number;
  /**
   * A scenario whose call is tampered with: left out of the calls that must not end in an error,
   * and checked to be refused as a bad signature (sandbox) or not sent (offline).
   */
  tampered?: string;
}

/** A way to run an auditor world: sandbox, or offline with the config's policies or other sources. */
export interface AuditorRunMode {
  /** The report's name for it (`sandbox`, `offline`, `offline from a Terraform plan` …). */
  name: string;
  mode: 'sandbox' | 'offline';
  /** More `spokegate run` arguments (`--endpoint-policy ALIAS=FILE` …), relative to the fixture. */
  args?: (dir: string) => string[];
}

export const SANDBOX_AND_OFFLINE: readonly AuditorRunMode[] = [
  { name: 'sandbox', mode: 'sandbox' },
  { name: 'offline', mode: 'offline' },
];

/**
 * For each mode (sandbox, offline, or `modes`): a block `title` (with `%s` for the mode's name) that
 * runs the auditor world `fixture` (its three features and config) once, checks every cell and status
 * against the truth (the run's verdict and exit code those statuses make) and that no call ended in
 * an error, then the tests `more` adds.
 */
export function describeAuditorModes(
  title: string,
  fixture: Exclude<AuditorFixture, 'auditor' | 'auditor2'>,
  truth: AuditorModesTruth,
  more?: (mode: 'sandbox' | 'offline', run: () => AuditorRun) => void,
  modes: readonly AuditorRunMode[] = SANDBOX_AND_OFFLINE,
): void {
  const dir = join(ROOT, 'test', 'fixtures', fixture);
  const features = ['matrix.feature', 'calls.feature', 'proofs.feature'].map((f) => join(dir, f));
  const config = join(dir, 'spokegate.config.yaml');
  describe.each(modes.map((m) => [m.name, m] as const))(title, (name, { mode, args }) => {
    const column = mode === 'sandbox' ? 0 : 1;
    let run: AuditorRun;
    beforeAll(async () => {
      const label = `${fixture}-${name.replace(/[^a-z]+/g, '-')}`;
      run = await runReported(label, [
        ...features,
        '--config',
        config,
        '--mode',
        mode,
        ...(args?.(dir) ?? []),
      ]);
    });

    it('every cell is the hand-derived truth (observed, predicted, disagreement), none extra or misattributed', () => {
      expect(truth.compare(run.doc, mode)).toEqual([]);
    });

    it('every scenario passes, fails or is an error as the truth says, and the run’s verdict and exit code agree', () => {
      const { code, stderr, doc } = run;
      const statuses = truth.statuses?.(doc) ?? statusesBy(doc, (name) => name.slice(0, 3));
      const expected = truth.expected(column);
      expect(statuses).toEqual(expected);
      // An error (a cell not established) outweighs a failure, as in the run's own verdict.
      const all = Object.values(expected).flat();
      const verdict = all.includes('error') ? 'error' : all.includes('failed') ? 'fail' : 'pass';
      expect(doc.summary.verdict).toBe(verdict);
      expect(code, stderr.slice(-2000)).toBe({ error: 3, fail: 1, pass: 0 }[verdict]);
      expect(doc.summary.disagreements).toBe(mode === 'sandbox' ? truth.disagreements : 0);
    });

    it('every call went through the endpoint its step names (the sandbox checks it) and none ended in an error', () => {
      expect(
        run.doc.cells.filter((c: any) => c.observed?.outcome === 'error' && c.scenario !== truth.tampered),
      ).toEqual([]);
    });

    if (truth.tampered)
      it('the tampered call is refused as a bad signature (the one refusal a tampered step expects), never allowed', () => {
        const [c] = run.doc.cells.filter((x: any) => x.scenario === truth.tampered);
        if (mode === 'sandbox')
          expect(c.observed).toMatchObject({ outcome: 'denied', reason: 'bad-signature', status: 403 });
        else expect(c.observed).toBeNull();
      });

    more?.(mode, () => run);
  });
}

/** The addressing the fifth and sixth worlds share: describeAddressing's title and map. */
export const HUB_DNS_EDGE_HOST = [
  'hub (the runner’s VPC) by private DNS, edge (its own VPC, private DNS there) by its own DNS name',
  { hub: 'private-dns', edge: 'endpoint-host' },
] as const;

/** describe `name`, test `title`: the world's config addresses each endpoint in `addressing` as it says. */
export function describeAddressing(
  name: string,
  fixture: 'auditor2' | 'auditor3' | 'auditor4' | 'auditor5' | 'auditor6' | 'auditor7',
  title: string,
  addressing: Record<string, string>,
): void {
  describe(name, () =>
    it(title, () => {
      const { endpoints } = loadConfig(join(ROOT, 'test', 'fixtures', fixture, 'spokegate.config.yaml'));
      for (const [endpoint, how] of Object.entries(addressing))
        expect(endpoints[endpoint]!.addressing, endpoint).toBe(how);
    }),
  );
}

/** `spokegate diff` of `config` with `args` (`--plan FILE`, or `--before`/`--after`) in JSON: its result and the output read. */
export async function diffJson(config: string, ...args: string[]) {
  const r = await spokegateHere(['diff', ...args, '--config', config, '--format', 'json']);
  return { ...r, json: () => JSON.parse(r.stdout) };
}
