// The main job end to end: `spokegate run` on the demo suite against the embedded sandbox.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAccessMatrixJson } from '../../src/matrix/index.js';
import { demoCopy, readMatrix, runDemoCopy, spokegate, spokegateHere, type CliResult } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'spokegate-reports-'));

describe('spokegate run (demo suite, sandbox mode)', () => {
  let reports: string;
  let res: CliResult;
  let doc: any;
  // The main job as a user starts it: the built command in a process of its own.
  beforeAll(() => {
    reports = tmp();
    res = spokegate(['run', '--reports', reports]);
    doc = readMatrix(reports);
  });

  it('passes and exits 0', () => {
    expect(res.stderr).toContain('0 failed');
    expect(res.code).toBe(0);
  });

  it('writes every report, and the JSON matrix follows the schema', () => {
    const files = readdirSync(reports);
    for (const f of [
      'access-matrix.json',
      'access-matrix.md',
      'access-matrix.html',
      'access-matrix.junit.xml',
      'cucumber.html',
      'cucumber.json',
      'cucumber.junit.xml',
      'cucumber.ndjson',
    ])
      expect(files).toContain(f);
    expect(validateAccessMatrixJson(doc)).toEqual([]);
    expect(doc.schema).toBe('spokegate/access-matrix@1');
    expect(doc.run.mode).toBe('sandbox');
    expect(doc.run.endpoints[0]).toMatchObject({ alias: 'hub', id: 'vpce-0123456789abcdef0' });
    expect(doc.run.endpoints[0].policySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  const cell = (role: string, api: string, method: string, path: string) =>
    doc.cells.find((c: any) => c.role === role && c.api === api && c.method === method && c.path === path);

  it.each([
    // role, api, method, path, expected, observed outcome, reason
    ['CheckoutRole', 'orders', 'GET', '/orders', 'allow', 'allowed', 'integration'],
    ['BatchRole', 'orders', 'GET', '/orders', 'deny', 'denied', 'endpoint-policy'],
    ['PartnerRole', 'inventory', 'GET', '/items', 'deny', 'denied', 'endpoint-policy'],
    ['anonymous', 'orders', 'GET', '/orders', 'deny', 'denied', 'endpoint-policy'],
    ['anonymous', 'payments', 'GET', '/health', 'allow', 'allowed', 'integration'],
    ['AuditRole', 'payments', 'GET', '/payments', 'deny', 'denied', 'resource-policy'],
    ['AuditRole', 'orders', 'POST', '/orders', 'deny', 'denied', 'resource-policy'],
    ['InventoryRole', 'orders', 'GET', '/orders', 'deny', 'denied', 'identity-policy'],
    ['PaymentsRole', 'payments', 'GET', '/', 'allow', 'allowed', 'integration'],
    ['CheckoutRole', 'legacy', 'GET', '/status', 'deny', 'denied', 'resource-policy'],
  ])('%s %s %s %s: expected %s, observed %s (%s)', (role, api, method, path, expected, outcome, reason) => {
    const c = cell(role, api, method, path);
    expect(c, `${role} ${api} ${method} ${path}`).toBeDefined();
    expect(c.expected).toBe(expected);
    expect(c.observed.outcome).toBe(outcome);
    expect(c.observed.reason).toBe(reason);
    expect(c.verdict).toBe('pass');
  });

  it('predicts with the engine: the prediction names the deciding statement', () => {
    const c = cell('BatchRole', 'orders', 'GET', '/orders');
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    const ok = cell('CheckoutRole', 'orders', 'GET', '/orders');
    expect(ok.predicted.decision).toBe('allow');
    expect(ok.predicted.statements).toContainEqual(
      expect.objectContaining({ policy: 'endpoint:hub', sid: 'AllowNamedRoles' }),
    );
  });

  it('fills the whole 8 x 3 matrix table', () => {
    const m = doc.cells.filter((c: any) => c.scenario === 'Who may read the root of each spoke API');
    expect(m).toHaveLength(24);
    expect(m.every((c: any) => c.verdict === 'pass' && c.observed.requestId)).toBe(true);
  });

  it('assumes each role once per run', () => {
    // 7 roles the scenarios call as, and the reader role of each of the 3 spoke accounts (their
    // routes are read with GetResources before anything is sent).
    expect(res.stderr).toMatch(/spokegate: 19 scenario\(s\) passed, 0 failed; 10 AssumeRole call\(s\)/);
  });
});

describe('spokegate run: failures are reported, never passed', () => {
  it('a wrong expectation exits 1 naming the scenario, the cell and both outcomes', async () => {
    const dir = demoCopy({
      feature: [
        'matrix.feature',
        (t) => t.replace('| BatchRole     | deny   |', '| BatchRole     | allow  |'),
      ],
    });
    const reports = tmp();
    const res = await runDemoCopy(dir, reports);
    expect(res.code).toBe(1);
    // The scenario by name and by where it is (its feature file and line).
    expect(res.stderr).toMatch(
      /Scenario "Who may read the root of each spoke API" \(\S*matrix\.feature:5\): "BatchRole" GET \/ on "orders"/,
    );
    expect(res.stderr).toMatch(/expected:\s+allow/);
    expect(res.stderr).toMatch(/observed:\s+denied \(endpoint-policy, HTTP 403/);
    const c = readMatrix(reports).cells.find(
      (x: any) => x.role === 'BatchRole' && x.api === 'orders' && x.path === '/',
    );
    expect(c.verdict).toBe('fail');
  });

  it('a 5xx fault on one API turns its cells into errors and the run exits 3', async () => {
    const dir = demoCopy({ world: (w) => (w.apis.orders.faults = { errorPercent: 100 }) });
    const reports = tmp();
    const res = await runDemoCopy(dir, reports);
    expect(res.code).toBe(3);
    const cells = readMatrix(reports).cells;
    const orders = cells.filter((c: any) => c.api === 'orders' && c.observed?.status !== 403);
    expect(orders.length).toBeGreaterThan(0);
    for (const c of cells.filter((x: any) => x.observed?.outcome === 'error')) {
      expect(c.verdict).toBe('error');
      expect(c.api).toBe('orders');
    }
    expect(cells.filter((c: any) => c.verdict === 'error').length).toBeGreaterThan(0);
    expect(
      cells.some((c: any) => c.api === 'orders' && c.verdict === 'pass' && c.observed?.outcome === 'allowed'),
    ).toBe(false);
  });

  for (const [title, file, from, to, message] of [
    [
      'an unknown role in a feature exits 2 naming the file and line, before any call',
      'endpoint.feature',
      '"PartnerRole" calls GET /items',
      '"GhostRole" calls GET /items',
      /endpoint\.feature: line 18: unknown role alias "GhostRole".* \(known: [^)]*CheckoutRole/,
    ],
    [
      'a sentence outside the vocabulary exits 2 naming the line',
      'spokes.feature',
      'Then the call is allowed',
      'Then the call probably works',
      /spokes\.feature: line \d+: step not understood: "Then the call probably works"/,
    ],
  ] as const)
    it(title, async () => {
      const dir = demoCopy({ feature: [file, (t) => t.replace(from, to)] });
      const res = await runDemoCopy(dir, tmp());
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    });
});

describe('spokegate run --mode offline', () => {
  it('compares expectations with predictions from the policy files alone', async () => {
    const reports = tmp();
    const policy = join(tmp(), 'hub.json');
    const world = readFileSync(
      join(import.meta.dirname, '..', '..', 'features', 'sandbox', 'world.yaml'),
      'utf8',
    );
    expect(world).toContain('AllowNamedRoles');
    // The endpoint policy as a plain JSON file, from the demo world.
    const w = parse(world, { merge: true });
    writeFileSync(policy, JSON.stringify(w.endpoints.hub.policy));
    const res = await spokegateHere([
      'run',
      '--mode',
      'offline',
      '--endpoint-policy',
      policy,
      '--reports',
      reports,
      'features/sandbox/endpoint.feature',
      '--allow-outside-root', // the policy is written to a temporary folder
    ]);
    const doc = readMatrix(reports);
    expect(doc.run.mode).toBe('offline');
    expect(doc.cells.every((c: any) => c.observed === null && c.predicted)).toBe(true);
    expect(res.code).toBe(0);
    const batch = doc.cells.find((c: any) => c.role === 'BatchRole');
    expect(batch.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    expect(batch.verdict).toBe('pass');
  });
});
