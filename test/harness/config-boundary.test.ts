// Offline, a role's permissions boundary comes from the config: `roles.X.permissionsBoundary`, a
// policy file beside `roles.X.identityPolicies` (docs/config.md). Before, stating the identity
// policies took them as the whole identity side, so a role whose boundary refuses a call was
// predicted allowed offline (run/check a false PASS of "allowed", diff a grant that AWS refuses),
// and there was no way to say it had one. The boundary layer is the engine's (docs/aws-behaviour.md
// §14): identity policies must be allowed by it too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDiff, loadDiffSetup } from '../../src/diff/index.js';
import { changeOf, EVERYONE, fixtureConfig, loadEdited, ORGANIZATIONS, policyFile } from '../diff/helpers.js';
import { demoCopy, readMatrix, spokegateHere } from './helpers.js';

/** A boundary allowing only GET, written as the demo's own invoke-get-only.json. */
const GET_ONLY = {
  Effect: 'Allow',
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:*:*:*/*/GET/*',
};

/** `spokegate check FEATURE` of the demo copy `dir` against the iac fixture's endpoint policy, in this process. */
const checkDemo = (dir: string, feature: string, ...more: string[]) =>
  spokegateHere([
    'check',
    join(dir, feature),
    '--endpoint-policy',
    'test/fixtures/iac/endpoint-before.json',
    '--config',
    join(dir, 'spokegate.config.yaml'),
    ...more,
  ]);

describe('roles.X.permissionsBoundary in run and check (offline)', () => {
  it('limits the stated identity policies: a POST the identity policy allows is denied by the boundary', async () => {
    const dir = demoCopy({
      config: (c) => {
        c.roles.CheckoutRole.permissionsBoundary = 'policies/invoke-get-only.json';
      },
    });
    writeFileSync(
      join(dir, 'boundary.feature'),
      [
        'Feature: a boundary',
        '  Scenario: checkout under a read-only boundary',
        '    When "CheckoutRole" calls POST /payments on "payments"',
        '    Then the call is allowed',
        '  Scenario: checkout may still read',
        '    When "CheckoutRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-boundary-'));
    const r = await checkDemo(dir, 'boundary.feature', '--reports', reports);
    expect(r.code, r.stderr).toBe(1);
    const cells = readMatrix(reports).cells as {
      method: string;
      predicted: { decision: string; layer: string | null };
      verdict: string;
    }[];
    expect(cells.map((x) => [x.method, x.predicted.decision, x.predicted.layer, x.verdict])).toEqual([
      ['POST', 'deny', 'boundary', 'fail'],
      ['GET', 'allow', null, 'pass'],
    ]);
  });

  it('needs identityPolicies beside it: exit 2 naming the field', async () => {
    const dir = demoCopy({
      config: (c) => {
        delete c.roles.CheckoutRole.identityPolicies;
        c.roles.CheckoutRole.permissionsBoundary = 'policies/invoke-get-only.json';
      },
    });
    const r = await checkDemo(dir, 'matrix.feature');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/roles\.CheckoutRole\.permissionsBoundary: needs identityPolicies beside it/);
  });

  it('a boundary file that is no policy is exit 2 naming the field', async () => {
    const dir = demoCopy({
      config: (c) => {
        c.roles.CheckoutRole.permissionsBoundary = 'no-such-boundary.json';
      },
    });
    const r = await checkDemo(dir, 'matrix.feature');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/roles\.CheckoutRole\.permissionsBoundary/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('roles.X.permissionsBoundary in diff', () => {
  const BEFORE = policyFile({ ...EVERYONE, Effect: 'Deny' }, 'deny-all.json');
  const AFTER = policyFile(EVERYONE);
  const ALLOW_ALL_IDENTITY = policyFile({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' });
  const ALLOW_ALL_RESOURCE = policyFile(EVERYONE);
  const setup = (boundary?: object) => {
    const c = fixtureConfig(ORGANIZATIONS);
    for (const r of Object.values<any>(c.roles)) r.identityPolicies = [ALLOW_ALL_IDENTITY];
    for (const a of Object.values<any>(c.apis)) a.resourcePolicy = ALLOW_ALL_RESOURCE;
    c.defaults = { ...(c.defaults ?? {}), probes: ['GET /', 'POST /'] };
    if (boundary) c.roles.BatchRole.permissionsBoundary = policyFile(boundary, 'boundary.json');
    return loadDiffSetup(loadEdited(c), { before: BEFORE, after: AFTER });
  };
  const batch = (r: ReturnType<typeof computeDiff>, method: string) =>
    r.changes.find((x) => x.role === 'BatchRole' && x.api === 'orders' && x.method === method);

  it('opening the endpoint grants BatchRole only what its boundary allows (cells)', () => {
    const open = computeDiff(setup());
    expect(batch(open, 'POST')).toMatchObject({ before: 'deny', after: 'allow' });
    const bounded = computeDiff(setup(GET_ONLY));
    expect(batch(bounded, 'GET')).toMatchObject({ before: 'deny', after: 'allow' });
    // POST stays denied on both sides: no change to report.
    expect(batch(bounded, 'POST')).toBeUndefined();
    expect(changeOf(bounded, 'CheckoutRole', 'orders')).toBeDefined();
  });

  it('the classes of new access give BatchRole only what its boundary allows', () => {
    const grants = (boundary?: object) =>
      computeDiff(setup(boundary))
        .classes.filter((k) => k.change === 'grant')
        .map((k) => k.description);
    // Without a boundary no class is limited to GET; with it, BatchRole's own class is, and every
    // class that holds BatchRole (not "other than … BatchRole") says so.
    expect(grants().some((d) => d.includes('/GET/*'))).toBe(false);
    const holding = grants(GET_ONLY).filter((d) => d.includes('"BatchRole"') && !d.includes('other than'));
    expect(holding.length).toBeGreaterThan(0);
    for (const d of holding)
      expect(d).toContain('route is matched by Resource "arn:aws:execute-api:*:*:*/*/GET/*"');
  });
});
