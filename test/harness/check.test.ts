// `spokegate check`: the demo features offline, against the policy an IaC change would deploy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAccessMatrixJson } from '../../src/matrix/index.js';
import { readMatrix, spokegateHere } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'spokegate-check-'));
const FEATURE = 'features/sandbox/endpoint.feature';
/** `check` of the demo feature against this endpoint policy file, reports in `reports`. */
const check = (policy: string, reports = tmp(), ...more: string[]) =>
  spokegateHere(['check', FEATURE, '--endpoint-policy', policy, '--reports', reports, ...more]);

describe('spokegate check', () => {
  it('passes (exit 0) on the deployed endpoint policy, with the same reports as run', async () => {
    const reports = tmp();
    const res = await check('test/fixtures/iac/endpoint-before.json', reports);
    expect(res.stderr).toContain('0 failed');
    expect(res.code).toBe(0);
    const doc = readMatrix(reports);
    expect(validateAccessMatrixJson(doc)).toEqual([]);
    expect(doc.run.mode).toBe('offline');
    expect(doc.run.endpoints[0].policySource).toContain('endpoint-before.json');
    expect(doc.cells.length).toBeGreaterThan(5);
  });

  it('fails (exit 1) when a Terraform plan lets a role through that a scenario says is stopped', async () => {
    const reports = tmp();
    const res = await check('test/fixtures/iac/plan-widen-narrow.json', reports);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /Scenario "A role the endpoint policy does not name is stopped at the endpoint" \(features\/sandbox\/endpoint\.feature:\d+\): "BatchRole" GET \/orders/,
    );
    const batch = readMatrix(reports).cells.find((c: any) => c.role === 'BatchRole');
    expect(batch).toMatchObject({ expected: 'deny', observed: null, verdict: 'fail' });
    expect(batch.predicted.decision).toBe('allow');
    expect(batch.predicted.statements[0]).toMatchObject({ sid: 'AllowNamedRoles' });
  });

  it('reads CloudFormation templates (YAML short forms bound to the config ids)', async () => {
    const ok = await check('test/fixtures/iac/hub-stack-before.yaml');
    expect(ok.stderr).toContain('9 scenario(s) passed, 0 failed');
    expect(ok.code).toBe(0);
    const changed = await check('test/fixtures/iac/hub-stack.yaml');
    expect(changed.code).toBe(1);
  });

  it('the live-use example (features/live): the endpoint holds; cells its missing spoke layers decide are unknown, not allowed', async () => {
    const reports = tmp();
    const res = await spokegateHere([
      'check',
      'features/live',
      '--config',
      'features/live/spokegate.config.yaml',
      '--endpoint-policy',
      'features/live/example-endpoint-policy.json',
      '--reports',
      reports,
    ]);
    // Its config gives no resource or identity policies: offline, those layers are unknown.
    expect(res.stderr).toContain('1 scenario(s) passed, 0 failed, 1 error(s)');
    expect(res.code).toBe(3);
    const cells = readMatrix(reports).cells;
    const orders = cells.find((c: any) => c.role === 'OrdersService' && c.api === 'billing');
    expect(orders.predicted.decision).toBe('unknown');
    expect(orders.predicted.unknown).toContain('apis.billing.resourcePolicy');
    expect(orders.verdict).toBe('error');
    // Stopped at the endpoint whatever the spoke says: still decided.
    const contractor = cells.find((c: any) => c.role === 'Contractor' && c.api === 'billing');
    expect([contractor.predicted.decision, contractor.verdict]).toEqual(['deny', 'pass']);
  });

  it('--format json prints the matrix document on stdout; --format md the pull-request comment', async () => {
    const json = await check('test/fixtures/iac/endpoint-before.json', tmp(), '--format', 'json');
    expect(JSON.parse(json.stdout).schema).toBe('spokegate/access-matrix@1');
    const md = await check('test/fixtures/iac/endpoint-before.json', tmp(), '--format', 'md');
    expect(md.stdout).toMatch(/\|/);
    expect(md.stdout).toContain('GET /orders');
  });

  it('exits 2 naming the file when the policy file is missing or malformed', async () => {
    const missing = await check('no-such-plan.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-plan.json');
    const bad = await check('test/fixtures/iac/unresolvable.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unresolvable.yaml');
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });
});
