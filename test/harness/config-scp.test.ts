// Offline, the service control policies that limit a caller come from the config:
// `serviceControlPolicies.attached` (policy files per root, OU and account id) along the caller's
// account's `orgPaths` entry (docs/config.md). Before, SCPs were not modelled at all: a role whose
// organization's SCPs refuse a call was predicted allowed offline, a false PASS for `Then the call is
// allowed`. The SCP layer is the engine's (docs/aws-behaviour.md §22).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { computeDiff, loadDiffSetup } from '../../src/diff/index.js';
import { EVERYONE, fixtureConfig, loadEdited, ORGANIZATIONS, policyFile } from '../diff/helpers.js';
import { demoCopy, readMatrix, spokegateHere } from './helpers.js';

const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** The account-level SCP of 111111111111: GET calls to APIs only (and everything outside execute-api). */
const NO_INVOKE_WRITES = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    {
      Sid: 'NoWrites',
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      NotResource: 'arn:aws:execute-api:*:*:*/*/GET/*',
    },
  ],
};
const HUB_PATH = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';

/** A demo copy whose hub account (111111111111) sits under root r-ab12 and OU ou-ab12-11111111. */
function scpDemo(edit: (c: Record<string, any>) => void = () => {}) {
  const dir = demoCopy({
    config: (c) => {
      c.orgPaths = { '111111111111': HUB_PATH };
      c.serviceControlPolicies = {
        attached: {
          'r-ab12': ['scps/full.json'],
          'ou-ab12-11111111': ['scps/full.json'],
          '111111111111': ['scps/full.json', 'scps/no-invoke-writes.json'],
        },
      };
      edit(c);
    },
  });
  mkdirSync(join(dir, 'scps'));
  writeFileSync(join(dir, 'scps', 'full.json'), JSON.stringify(FULL));
  writeFileSync(join(dir, 'scps', 'no-invoke-writes.json'), JSON.stringify(NO_INVOKE_WRITES));
  writeFileSync(
    join(dir, 'scps', 's3-only.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    }),
  );
  writeFileSync(
    join(dir, 'scp.feature'),
    [
      'Feature: an SCP',
      '  Scenario: checkout may not write under its SCP',
      '    When "CheckoutRole" calls POST /payments on "payments"',
      '    Then the call is allowed',
      '  Scenario: checkout may still read',
      '    When "CheckoutRole" calls GET /orders on "orders"',
      '    Then the call is allowed',
      '  Scenario: inventory has no SCP stated',
      '    When "InventoryRole" calls PUT /items/1 on "inventory"',
      '    Then the call is allowed',
      '',
    ].join('\n'),
  );
  return dir;
}

const check = (dir: string, ...more: string[]) =>
  spokegateHere([
    'check',
    join(dir, 'scp.feature'),
    '--endpoint-policy',
    'test/fixtures/iac/endpoint-before.json',
    '--config',
    join(dir, 'spokegate.config.yaml'),
    ...more,
  ]);

interface MatrixCell {
  role: string;
  method: string;
  predicted: { decision: string; layer: string | null; detail: string; explanation: string[] };
  verdict: string;
}

describe('serviceControlPolicies in run and check (offline)', () => {
  it('an SCP Deny refuses a POST the identity and resource policies allow (a false PASS before)', async () => {
    const dir = scpDemo();
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-scp-'));
    const r = await check(dir, '--reports', reports);
    expect(r.code, r.stderr).toBe(1);
    const cells = readMatrix(reports).cells as MatrixCell[];
    expect(cells.map((x) => [x.role, x.method, x.predicted.decision, x.predicted.layer, x.verdict])).toEqual([
      ['CheckoutRole', 'POST', 'deny', 'scp', 'fail'],
      ['CheckoutRole', 'GET', 'allow', null, 'pass'],
      ['InventoryRole', 'PUT', 'allow', null, 'pass'],
    ]);
    expect(cells[0]!.predicted.detail).toBe('ExplicitDeny');
    expect(cells[0]!.predicted.explanation.join('\n')).toMatch(
      /service control policies: explicit deny by .*NoWrites/,
    );
  });

  it('without serviceControlPolicies nothing limits the caller: the same POST is predicted allowed (as before)', async () => {
    const dir = scpDemo((c) => {
      delete c.serviceControlPolicies;
    });
    const r = await check(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('a level of the path with no allow denies implicitly: the OU without FullAWSAccess', async () => {
    const dir = scpDemo((c) => {
      c.serviceControlPolicies.attached['ou-ab12-11111111'] = ['scps/s3-only.json'];
    });
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-scp-'));
    const r = await check(dir, '--reports', reports);
    expect(r.code, r.stderr).toBe(1);
    const cells = readMatrix(reports).cells as MatrixCell[];
    expect(cells.map((x) => [x.role, x.predicted.decision, x.predicted.detail, x.predicted.layer])).toEqual([
      ['CheckoutRole', 'deny', 'ExplicitDeny', 'scp'],
      ['CheckoutRole', 'deny', 'ImplicitDeny', 'scp'],
      ['InventoryRole', 'allow', 'Allowed', null],
    ]);
  });

  it('the management account is not limited by SCPs', async () => {
    const dir = scpDemo((c) => {
      c.serviceControlPolicies.managementAccount = '111111111111';
    });
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-scp-'));
    const r = await check(dir, '--reports', reports);
    expect(r.code, r.stderr).toBe(0);
  });

  it('`Then the call is denied by the service control policy` passes on the SCP deny', async () => {
    const dir = scpDemo();
    writeFileSync(
      join(dir, 'scp.feature'),
      [
        'Feature: an SCP',
        '  Scenario: checkout may not write',
        '    When "CheckoutRole" calls POST /payments on "payments"',
        '    Then the call is denied by the service control policy',
        '',
      ].join('\n'),
    );
    const r = await check(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('an account with SCPs but no orgPaths entry is exit 2 naming the field', async () => {
    const dir = scpDemo((c) => {
      delete c.orgPaths;
    });
    const r = await check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/serviceControlPolicies\.attached\.111111111111: .*orgPaths/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a level of the path not stated is exit 2 naming the missing target', async () => {
    const dir = scpDemo((c) => {
      delete c.serviceControlPolicies.attached['ou-ab12-11111111'];
    });
    const r = await check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ou-ab12-11111111/);
    expect(r.stderr).toMatch(/serviceControlPolicies/);
  });

  it('a target that is no root, OU or account id, and a file that is no policy, are exit 2', async () => {
    const bad = scpDemo((c) => {
      c.serviceControlPolicies.attached['ou-nope'] = ['scps/full.json'];
    });
    const r1 = await check(bad);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/serviceControlPolicies\.attached/);
    const missing = scpDemo((c) => {
      c.serviceControlPolicies.attached['r-ab12'] = ['scps/none.json'];
    });
    const r2 = await check(missing);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/serviceControlPolicies\.attached\.r-ab12\.0/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  });

  // Organizations quotas (orgs_reference_limits): "Maximum size of a policy document: Service control
  // policies: 5,120 characters"; Access Analyzer's ERROR "Policy size exceeds SCP quota". No
  // organization can hold such a file, so it states no SCP: before, it was taken as one.
  it('an SCP file over 5,120 characters (without white space) is exit 2 naming the field and the quota', async () => {
    const dir = scpDemo();
    const big = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        ...Array.from({ length: 60 }, (_, i) => ({
          Sid: `DenyRegion${i}`,
          Effect: 'Deny',
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:xx-region-${i}:*:*/*`,
        })),
      ],
    };
    expect(JSON.stringify(big).length).toBeGreaterThan(5_120);
    writeFileSync(join(dir, 'scps', 'full.json'), JSON.stringify(big, null, 2));
    const r = await check(dir);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/serviceControlPolicies\.attached\.r-ab12\.0/);
    expect(r.stderr).toMatch(/5,120/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// In sandbox mode the world states the same SCPs (world `serviceControlPolicies`, the same files along
// `accounts.ID.orgPath`) and the sandbox enforces them with the engine's `scp` layer: the stated
// denial is observed, in AWS's wording, not a disagreement. Before, the world could not state them
// (exit 2 on the key), and a world without them contradicted the config's prediction.
describe('serviceControlPolicies in sandbox mode (the world states them too)', () => {
  const sandboxScpDemo = (world = true) => {
    const dir = scpDemo();
    if (world) {
      const w = parse(readFileSync(join(dir, 'world.yaml'), 'utf8'), { merge: true });
      w.accounts['111111111111'].orgPath = HUB_PATH;
      w.serviceControlPolicies = {
        attached: {
          'r-ab12': ['scps/full.json'],
          'ou-ab12-11111111': ['scps/full.json'],
          '111111111111': ['scps/full.json', 'scps/no-invoke-writes.json'],
        },
      };
      writeFileSync(join(dir, 'world.yaml'), stringify(w, { aliasDuplicateObjects: false }));
    }
    writeFileSync(
      join(dir, 'scp.feature'),
      [
        'Feature: an SCP in the sandbox',
        '  Scenario: checkout may not write under its SCP',
        '    When "CheckoutRole" calls POST /payments on "payments"',
        '    Then the call is denied by the service control policy',
        '  Scenario: checkout may still read',
        '    When "CheckoutRole" calls GET /orders on "orders"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    return dir;
  };
  const run = (dir: string, reports: string) =>
    spokegateHere([
      'run',
      join(dir, 'scp.feature'),
      '--config',
      join(dir, 'spokegate.config.yaml'),
      '--reports',
      reports,
    ]);

  it('the stated SCP denial is observed from the wire and agrees with the prediction', async () => {
    const dir = sandboxScpDemo();
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-scp-'));
    const r = await run(dir, reports);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const cells = readMatrix(reports).cells as (MatrixCell & {
      observed: { layer?: string; reason?: string } | null;
      agreement?: string;
    })[];
    expect(
      cells.map((x) => [x.role, x.method, x.predicted.layer, x.observed?.layer ?? null, x.verdict]),
    ).toEqual([
      ['CheckoutRole', 'POST', 'scp', 'scp', 'pass'],
      ['CheckoutRole', 'GET', null, null, 'pass'],
    ]);
    expect(cells[0]!.observed?.reason).toBe('service-control-policy');
  });

  it('a world that does not state them contradicts the config: a disagreement (exit 1), as before', async () => {
    const dir = sandboxScpDemo(false);
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-scp-'));
    const r = await run(dir, reports);
    expect(r.code, r.stdout + r.stderr).toBe(1);
  });
});

/** An SCP document in a file of its own (absolute path). */
const scpFile = (doc: object): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'spokegate-scp-')), 'scp.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
};

describe('serviceControlPolicies in diff (cells and classes)', () => {
  const BEFORE = policyFile({ ...EVERYONE, Effect: 'Deny' }, 'deny-all.json');
  const AFTER = policyFile(EVERYONE);
  const setup = (scp?: object) => {
    const c = fixtureConfig(ORGANIZATIONS);
    c.defaults = { ...(c.defaults ?? {}), probes: ['GET /', 'POST /'] };
    if (scp) {
      c.orgPaths = { '111111111111': HUB_PATH };
      c.serviceControlPolicies = {
        attached: {
          'r-ab12': [scpFile(FULL)],
          'ou-ab12-11111111': [scpFile(FULL)],
          '111111111111': [scpFile(scp)],
        },
      };
    }
    return loadDiffSetup(loadEdited(c), { before: BEFORE, after: AFTER });
  };
  const change = (r: ReturnType<typeof computeDiff>, role: string, method: string) =>
    r.changes.find((x) => x.role === role && x.api === 'orders' && x.method === method);

  it('opening the endpoint grants 111111111111 only what its SCPs allow (cells)', () => {
    const open = computeDiff(setup());
    expect(change(open, 'CheckoutRole', 'POST')).toMatchObject({ before: 'deny', after: 'allow' });
    const limited = computeDiff(setup(NO_INVOKE_WRITES));
    expect(change(limited, 'CheckoutRole', 'GET')).toMatchObject({ before: 'deny', after: 'allow' });
    // POST stays denied on both sides (by the endpoint, then by the SCP): no change to report.
    expect(change(limited, 'CheckoutRole', 'POST')).toBeUndefined();
  });
});

describe('serviceControlPolicies in who-can', () => {
  it('no class of account 111111111111 may POST to payments', async () => {
    /** who-can of payments, as JSON, under the config in `dir`. */
    const whoCan = (dir: string) =>
      spokegateHere([
        'who-can',
        '--api',
        'payments',
        '--format',
        'json',
        '--config',
        join(dir, 'spokegate.config.yaml'),
        '--endpoint-policy',
        'test/fixtures/iac/endpoint-before.json',
      ]);
    const r = await whoCan(scpDemo());
    expect(r.code, r.stderr).toBe(0);
    const text = r.stdout;
    const before = await whoCan(scpDemo((c) => delete c.serviceControlPolicies));
    expect(before.code, before.stderr).toBe(0);
    const posts = (out: string) =>
      (
        JSON.parse(out).classes as { decision: string; witness?: { method?: string; principal?: object } }[]
      ).filter(
        (k) =>
          k.decision !== 'deny' &&
          k.witness?.method === 'POST' &&
          JSON.stringify(k.witness.principal ?? {}).includes('111111111111'),
      ).length;
    expect(posts(before.stdout)).toBeGreaterThan(0);
    expect(posts(text)).toBe(0);
  });
});
