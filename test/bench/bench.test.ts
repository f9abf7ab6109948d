// The bench's pieces work: the generated world is valid, the export block is parsed, and against a
// real `spokegate sandbox` process the bash + openssl recipe, curl --aws-sigv4 and spokegate's live
// path each get their requests allowed (and a wrong key is refused, so the status check can fail).
// No timing is asserted anywhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BaselineCredentials, runBaseline, spread } from '../../bench/baselines.js';
import { cellsOf, runLive } from '../../bench/live.js';
import { parseExportBlock, startSandboxProcess, type SandboxProcess } from '../../bench/sandbox-process.js';
import { benchWorld, CELL_PATH, STAGE, writeBenchConfig, writeBenchWorld } from '../../bench/world.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SKIP = process.env.SPOKEGATE_SKIP_INTEROP === '1';
const missingTools = ['bash', 'curl', 'openssl', 'xargs', 'od'].filter(
  (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
);

describe('bench world', () => {
  it('has R roles x A APIs, every role named by the endpoint policy', () => {
    const w = benchWorld(40, 25);
    expect(w.roles).toHaveLength(40);
    expect(w.apis).toHaveLength(25);
    expect(cellsOf(w.roles, w.apis)).toHaveLength(1000);
    const named = (w.endpointPolicy.Statement as { Principal: { AWS: string[] } }[])[0]!.Principal.AWS;
    expect(new Set(named)).toEqual(new Set(w.roles.map((r) => r.arn)));
    expect(new Set(w.apis.map((a) => a.id)).size).toBe(25);
    expect(new Set(w.apis.map((a) => a.account)).size).toBeGreaterThan(1);
  });

  // The whole-run case runs against the world with this config: a route whose type the config
  // states otherwise than the deployment is exit 2 (it was, for GET /health, until 2026-12-02).
  it("the config states each API's routes with the types the world deploys", () => {
    const w = benchWorld(4, 3);
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-config-'));
    try {
      const config = parse(readFileSync(writeBenchConfig(dir, w).file, 'utf8')) as {
        apis: Record<string, { routes: string[]; noneRoutes?: string[] }>;
      };
      const worldApis = w.world.apis as Record<
        string,
        { routes: { method: string; path: string; authorizationType?: string }[] }
      >;
      for (const api of w.apis) {
        const deployed = worldApis[api.name]!.routes;
        const stated = config.apis[api.name]!;
        expect(new Set(stated.routes)).toEqual(new Set(deployed.map((r) => `${r.method} ${r.path}`)));
        expect(new Set(stated.noneRoutes ?? [])).toEqual(
          new Set(deployed.filter((r) => r.authorizationType === 'NONE').map((r) => `${r.method} ${r.path}`)),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('spreads a subset over the matrix', () => {
    const w = benchWorld(40, 25);
    const some = spread(cellsOf(w.roles, w.apis), 200);
    expect(some).toHaveLength(200);
    expect(new Set(some.map((c) => c.role.arn)).size).toBe(40);
    expect(new Set(some.map((c) => c.api.id)).size).toBe(25);
  });
});

describe('export block', () => {
  it('reads export lines, strips quotes and trailing comments', () => {
    // [name, the value as exported, the value read]
    const exported = [
      ['AWS_ENDPOINT_URL_STS', 'https://127.0.0.1:4510', 'https://127.0.0.1:4510'],
      ['AWS_CA_BUNDLE', "'/tmp/x/ca.pem'", '/tmp/x/ca.pem'],
      ['AWS_ACCESS_KEY_ID', '"AKIAEXAMPLE"   # the harness', 'AKIAEXAMPLE'],
      ['SPOKEGATE_CONNECT_TO', '::127.0.0.1:4510', '::127.0.0.1:4510'],
    ];
    const block = [...exported.map(([name, raw]) => `export ${name}=${raw}`), 'not an export line'];
    expect(parseExportBlock(block.join('\n'))).toEqual(
      Object.fromEntries(exported.map(([name, , value]) => [name, value])),
    );
  });
});

/** A bench child process (bench/NAME.ts ARGS…) run to its end: the JSON line it prints. */
function childResult<T>(name: string, ...args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, `bench/${name}.ts`), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim()) as T;
}

describe('offline matrix child', () => {
  it('predicts every cell and reports its peak memory', () => {
    const out = childResult<{ cells: number; allowed: number; maxRssMB: number }>(
      'offline-matrix',
      '10',
      '7',
    );
    expect(out.cells).toBe(70);
    expect(out.allowed).toBe(70); // every cell of the bench world is allowed
    expect(out.maxRssMB).toBeGreaterThan(10);
  });
});

describe('bench/settle-bounds.ts', () => {
  it('settles every cell of the tied-tag world by the bounds, and times both passes', () => {
    const out = childResult<{ cells: number; settled: number; plainMs: number }>('settle-bounds', '4', '3');
    expect(out).toMatchObject({ cells: 12, settled: 12 });
    expect(out.plainMs).toBeGreaterThanOrEqual(0);
  });
});

describe('against a sandbox process', () => {
  let dir: string;
  let sandbox: SandboxProcess | undefined;
  let creds: BaselineCredentials | undefined;
  const w = benchWorld(3, 2);

  beforeAll(async () => {
    if (missingTools.length && !SKIP) return;
    dir = mkdtempSync(join(tmpdir(), 'spokegate-bench-test-'));
    const world = writeBenchWorld(dir, 3, 2);
    sandbox = await startSandboxProcess(world.file);
    creds = await BaselineCredentials.assume(
      sandbox,
      w.roles.map((r) => r.arn),
    );
  });

  afterAll(async () => {
    creds?.dispose();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const needTools = () => {
    if (missingTools.length && !SKIP) {
      throw new Error(
        `the bench baselines need ${missingTools.join(', ')}: install them (e.g. apt-get install curl openssl) ` +
          'or set SPOKEGATE_SKIP_INTEROP=1',
      );
    }
    return !missingTools.length;
  };

  it('exports the variables the bench relies on', () => {
    if (!needTools()) return;
    expect(sandbox!.connectTo).toMatch(/^::127\.0\.0\.1:\d+$/);
    expect(sandbox!.port).toBeGreaterThan(0);
    expect(sandbox!.env.AWS_ENDPOINT_URL_STS).toBe(`https://127.0.0.1:${sandbox!.port}`);
  });

  it('the bash + openssl recipe signs 3 requests that the sandbox allows', async () => {
    if (!needTools()) return;
    const cells = spread(cellsOf(w.roles, w.apis), 3);
    const r = await runBaseline('bash-openssl', sandbox!, creds!, cells, 2);
    expect(r.statuses).toEqual({ '200': 3 });
    expect(r.failures).toBe(0);
  });

  it('the recipe with a wrong secret key is refused (403), so a failing baseline is seen', () => {
    if (!needTools()) return;
    const bad = join(dir, 'bad.env');
    writeFileSync(
      bad,
      "AWS_ACCESS_KEY_ID='ASIABENCHWRONGKEY001'\nAWS_SECRET_ACCESS_KEY='wrong'\nAWS_SESSION_TOKEN='wrong'\n",
      { mode: 0o600 },
    );
    const api = w.apis[0]!;
    const r = spawnSync(
      'bash',
      [
        join(ROOT, 'bench/sigv4-openssl.sh'),
        bad,
        `${api.id}.execute-api.us-west-2.amazonaws.com`,
        `/${STAGE}${CELL_PATH}`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, SIGV4_CONNECT_TO: sandbox!.connectTo, SIGV4_CACERT: sandbox!.caFile },
      },
    );
    expect(r.stdout.trim()).toBe('403');
  });

  it('curl --aws-sigv4 sends 3 requests that the sandbox allows', async () => {
    if (!needTools()) return;
    const cells = spread(cellsOf(w.roles, w.apis), 3);
    const r = await runBaseline('curl-aws-sigv4', sandbox!, creds!, cells, 2);
    expect(r.statuses).toEqual({ '200': 3 });
  });

  it("spokegate's live path allows every cell with one AssumeRole per role", async () => {
    if (!needTools()) return;
    const r = await runLive(sandbox!, cellsOf(w.roles, w.apis), 4);
    expect(r.cells).toBe(6);
    expect(r.allowed).toBe(6);
    expect(r.assumeRoles).toBe(3);
  });

  it('removes the credential files it wrote', () => {
    if (!needTools()) return;
    const c = new BaselineCredentials();
    c.dispose();
    expect(spawnSync('test', ['-e', c.dir]).status).not.toBe(0);
  });
});
