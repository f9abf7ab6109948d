// Issue 10: a run says PASS only when it is true. Each test drives the built CLI against a copy of the
// demo world, changed the way an auditor would change it, and reads every report and the exit code.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateAccessMatrixJson } from '../../src/matrix/index.js';
import { demoCopy, readMatrix, runDemoCopy, spokegateHere } from '../harness/helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'spokegate-verdicts-'));

/** The verdict each report tells: JSON summary, Markdown headline, JUnit totals, HTML banner. */
function reportVerdicts(reports: string) {
  const doc = readMatrix(reports);
  const md = readFileSync(join(reports, 'access-matrix.md'), 'utf8');
  const junit = new XMLParser({ ignoreAttributes: false }).parse(
    readFileSync(join(reports, 'access-matrix.junit.xml'), 'utf8'),
  ).testsuites;
  const html = readFileSync(join(reports, 'access-matrix.html'), 'utf8');
  return {
    doc,
    json: doc.summary.verdict as string,
    md: /\*\*(PASS|FAIL|ERROR|EMPTY) access matrix/.exec(md)?.[1],
    junitBad: Number(junit['@_failures']) + Number(junit['@_errors']),
    junitErrors: Number(junit['@_errors']),
    html: /<dt>Result<\/dt><dd>(\w+)<\/dd>/.exec(html)?.[1],
    schema: validateAccessMatrixJson(doc),
  };
}

function editConfig(dir: string, edit: (c: Record<string, any>) => void): string {
  const file = join(dir, 'spokegate.config.yaml');
  const c = parse(readFileSync(file, 'utf8'));
  edit(c);
  writeFileSync(file, stringify(c));
  return file;
}

function onlyFeature(dir: string, text: string): string {
  const f = join(dir, 'only.feature');
  writeFileSync(f, text);
  return f;
}

describe('a slow API past the call budget (item 3)', () => {
  it('every call is an error cell, all four reports say ERROR, and the run exits 3', async () => {
    // A call may take 6 s (more than Cucumber's 5 s default step timeout) and the API answers after
    // 20 s: the call times out. Its cell must be there, as an error, in every report.
    const dir = demoCopy({ world: (w) => (w.apis.orders.faults = { latencyMs: 20_000 }) });
    const config = editConfig(dir, (c) => (c.defaults = { ...c.defaults, timeoutMs: 6000, retries: 2 }));
    const feature = onlyFeature(
      dir,
      [
        'Feature: slow',
        '  Scenario: Checkout reads orders from a slow API',
        '    When "CheckoutRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '  Scenario: Checkout reads inventory',
        '    When "CheckoutRole" calls GET /items on "inventory"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    const reports = tmp();
    const res = await spokegateHere(['run', feature, '--config', config, '--reports', reports]);
    expect(res.code, res.stderr).toBe(3);
    const v = reportVerdicts(reports);
    expect(v.schema).toEqual([]);
    expect(v).toMatchObject({ json: 'error', md: 'ERROR', html: 'ERROR' });
    expect(v.junitErrors).toBeGreaterThanOrEqual(1);
    const slow = v.doc.cells.find((c: any) => c.api === 'orders');
    expect(slow).toMatchObject({ expected: 'allow', verdict: 'error' });
    expect(slow.observed).toMatchObject({ outcome: 'error', reason: 'timeout' });
    expect(v.doc.cells.find((c: any) => c.api === 'inventory')).toMatchObject({ verdict: 'pass' });
    expect(res.stderr).toMatch(/^ERROR access matrix/m);
  });
});

describe('a step that is not defined (item 3)', () => {
  it('is never PASS: every report says FAIL and the run exits 1', async () => {
    const dir = demoCopy();
    const feature = onlyFeature(
      dir,
      [
        'Feature: half defined',
        '  Scenario: Checkout reads orders',
        '    When "CheckoutRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    // The step is in the vocabulary check's blind spot only if the check is bypassed; instead the
    // scenario's assertion step fails without a cell: the policy lets BatchRole through.
    writeFileSync(
      feature,
      readFileSync(feature, 'utf8') +
        [
          '  Scenario: The endpoint lets through only the named roles',
          '    Then the endpoint policy lets through only:',
          '      | CheckoutRole |',
          '',
        ].join('\n'),
    );
    const reports = tmp();
    const res = await runDemoCopy(dir, reports, feature);
    expect(res.code, res.stderr).toBe(1);
    const v = reportVerdicts(reports);
    // the call passed, but a scenario did not: no report may say PASS
    expect(v.doc.cells.find((c: any) => c.scenario === 'Checkout reads orders').verdict).toBe('pass');
    expect(v).toMatchObject({ json: 'fail', md: 'FAIL', html: 'FAIL' });
    expect(v.doc.summary.scenarios).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(v.junitBad).toBeGreaterThanOrEqual(1);
    expect(v.doc.scenarios.find((r: any) => r.status === 'failed').name).toBe(
      'The endpoint lets through only the named roles',
    );
  });
});

describe('a prediction the sandbox contradicts (item 7)', () => {
  /** The config's copy of the hub policy is the demo's; the world's own lets BatchRole through. */
  function drifted(): { dir: string; config: string; feature: string } {
    const dir = demoCopy();
    const world = parse(readFileSync(join(dir, 'world.yaml'), 'utf8'));
    writeFileSync(join(dir, 'hub-policy.json'), JSON.stringify(world.endpoints.hub.policy));
    world.endpoints.hub.policy.Statement[0].Principal.AWS.push('arn:aws:iam::111111111111:role/BatchRole');
    writeFileSync(join(dir, 'world.yaml'), stringify(world));
    const config = editConfig(dir, (c) => (c.endpoints.hub.policy = 'hub-policy.json'));
    const feature = onlyFeature(
      dir,
      [
        'Feature: drift',
        '  Scenario: Checkout reads orders',
        '    When "CheckoutRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '  Scenario: Batch reads orders',
        '    When "BatchRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    return { dir, config, feature };
  }

  it('fails the run (exit 1), listed first in every report with both explanations', async () => {
    const { config, feature } = drifted();
    const reports = tmp();
    const res = await spokegateHere(['run', feature, '--config', config, '--reports', reports]);
    expect(res.code, res.stderr).toBe(1);
    const v = reportVerdicts(reports);
    expect(v).toMatchObject({ json: 'fail', md: 'FAIL', html: 'FAIL', schema: [] });
    const batch = v.doc.cells.find((c: any) => c.role === 'BatchRole');
    expect(batch).toMatchObject({ verdict: 'fail', disagreement: true, predicted: { decision: 'deny' } });
    expect(batch.observed.outcome).toBe('allowed');
    const md = readFileSync(join(reports, 'access-matrix.md'), 'utf8');
    const attention = md.slice(md.indexOf('Needs attention'));
    expect(attention).toMatch(/BatchRole/);
    expect(attention).toMatch(/predicted/);
    const junit = readFileSync(join(reports, 'access-matrix.junit.xml'), 'utf8');
    expect(junit).toContain('type="Disagreement"');
    // the console lists it, with both sides
    expect(res.stderr).toMatch(/"BatchRole" GET \/orders[\s\S]*observed:\s+allowed[\s\S]*predicted:\s+deny/);
  });

  it('--allow-disagreement: the run passes, and the report header says so', async () => {
    const { config, feature } = drifted();
    const reports = tmp();
    const res = await spokegateHere([
      'run',
      feature,
      '--config',
      config,
      '--reports',
      reports,
      '--allow-disagreement',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const v = reportVerdicts(reports);
    expect(v.doc.run.allowDisagreement).toBe(true);
    expect(v.doc.summary).toMatchObject({ verdict: 'pass', disagreements: 1 });
    expect(readFileSync(join(reports, 'access-matrix.md'), 'utf8')).toContain('--allow-disagreement');
    expect(readFileSync(join(reports, 'access-matrix.html'), 'utf8')).toContain('--allow-disagreement');
  });
});

describe('the config is the one you named (item 4)', () => {
  it('an explicit --config that does not exist is exit 2 naming the path, even with the default name', async () => {
    const cwd = tmp();
    const reports = tmp();
    for (const args of [
      ['run', '--config', 'spokegate.config.yaml', '--reports', reports],
      ['check', '--config', 'spokegate.config.yaml', '--endpoint-policy', 'x.json', '--reports', reports],
      ['diff', '--config', 'spokegate.config.yaml', '--before', 'a.json', '--after', 'b.json'],
    ]) {
      const res = await spokegateHere(args, { cwd });
      expect(res.code, `${args[0]}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain(`${join(cwd, 'spokegate.config.yaml')}: config file not found`);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(reports, 'access-matrix.json'))).toBe(false);
  });

  it('the first line says which config the run uses', async () => {
    const dir = demoCopy();
    const feature = onlyFeature(
      dir,
      ['Feature: one', '  Scenario: one', '    When "CheckoutRole" calls GET /orders on "orders"', ''].join(
        '\n',
      ),
    );
    const res = await spokegateHere(['run', feature, '--reports', tmp()], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr.split('\n')[0]).toBe(
      `spokegate: sandbox mode, config ${join(dir, 'spokegate.config.yaml')}`,
    );
    const demo = await spokegateHere(['check', feature, '--endpoint-policy', 'x.json', '--reports', tmp()], {
      cwd: tmp(),
    });
    expect(demo.stderr.split('\n')[0]).toMatch(
      /^spokegate: offline mode, config .*features\/sandbox\/spokegate\.config\.yaml \(the demo config/,
    );
  });
});
