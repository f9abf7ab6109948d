// Control-plane reads in the account that owns the resource, with its reader role (config
// `accounts.ID.readerRole`): identity policies from IAM (inline and attached managed, paged 2 by 2),
// resource policies from GetRestApi. A layer that cannot be read makes the prediction `unknown`
// with the missing permission named, never a layer silently dropped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { awsClientConfig, readRoleIdentityPolicies, RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO, demoCopy, readMatrix, spokegateHere } from './helpers.js';

/** The demo with no policy files in the config: everything is read from the control plane. */
function liveReadsCopy(
  edit: (config: any) => void = () => {},
  world?: (w: Record<string, any>) => void,
): string {
  const dir = demoCopy(world ? { world } : {});
  const file = join(dir, 'spokegate.config.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  for (const r of Object.values(config.roles) as { identityPolicies?: string[] }[]) delete r.identityPolicies;
  for (const a of Object.values(config.apis) as { resourcePolicy?: string }[]) delete a.resourcePolicy;
  edit(config);
  writeFileSync(file, stringify(config));
  return file;
}

async function run(file: string) {
  const reports = mkdtempSync(join(tmpdir(), 'spokegate-iam-'));
  const res = await spokegateHere(['run', '--config', file, '--reports', reports]);
  return {
    res,
    get doc() {
      return readMatrix(reports);
    },
  };
}

describe('control-plane readers', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(join(DEMO, 'world.yaml'));
  });
  afterAll(() => sandbox.close());

  it('a reader role reads inline and attached managed policies, page by page, URL-decoded', async () => {
    const env = { ...sandbox.env };
    const sessions = new RoleSessions({ region: 'us-west-2', env, caBundle: sandbox.caPem });
    /** IAM's client config for a session of `role`. */
    const iamAs = async (role: string) => {
      const creds = await sessions.get(role);
      return awsClientConfig({
        region: 'us-west-2',
        service: 'iam',
        env,
        caBundle: sandbox.caPem,
        credentials: () => Promise.resolve(creds),
      });
    };
    const cfg = await iamAs('arn:aws:iam::444444444444:role/spokegate-reader');
    sandbox.state.roles.get('arn:aws:iam::444444444444:role/InventoryRole')!.inline.push(
      ...['A', 'B', 'C'].map((name) => ({
        name,
        policy: sandbox.state.roles.get('arn:aws:iam::111111111111:role/BatchRole')!.identity[0]!,
      })),
    );
    const before = sandbox.counters.requests['iam:ListRolePolicies'] ?? 0;
    const { policies: docs } = await readRoleIdentityPolicies(cfg, 'InventoryRole');
    // Three inline policies on two pages, then the attached managed one.
    expect(docs.map((d) => d.name)).toEqual([
      'inline:A',
      'inline:B',
      'inline:C',
      'arn:aws:iam::444444444444:policy/InventoryOnly',
    ]);
    expect((sandbox.counters.requests['iam:ListRolePolicies'] ?? 0) - before).toBe(2);
    const expected = JSON.parse(readFileSync(join(DEMO, 'policies', 'inventory-only.json'), 'utf8'));
    expect(JSON.parse(docs[3]!.text)).toEqual(expected);
    // Another account's role is not visible to this reader.
    await expect(readRoleIdentityPolicies(cfg, 'CheckoutRole')).rejects.toThrow(
      /iam:ListRolePolicies failed: NoSuchEntity/,
    );
    // A role session without IAM permissions is refused, and the error names the action.
    const ownCfg = await iamAs('arn:aws:iam::444444444444:role/InventoryRole');
    await expect(readRoleIdentityPolicies(ownCfg, 'InventoryRole')).rejects.toThrow(
      /iam:ListRolePolicies failed: AccessDenied: .* is not authorized to perform: iam:ListRolePolicies on resource: role InventoryRole/,
    );
  });
});

describe('spokegate run reading the control plane', () => {
  it('with reader roles, predicts every demo cell from IAM and GetRestApi, no disagreement', async () => {
    const { res, doc } = await run(liveReadsCopy());
    expect(res.code, res.stderr).toBe(0);
    expect(doc.summary.disagreements).toBe(0);
    expect(doc.cells.length).toBe(43);
    expect(doc.cells.filter((c: any) => c.predicted?.decision === 'unknown')).toEqual([]);
    const c = doc.cells.find(
      (x: any) => x.role === 'InventoryRole' && x.api === 'orders' && x.path === '/orders',
    );
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'identity' });
    // The resource policy as GetRestApi returned it decides AuditRole's writes on orders.
    const audit = doc.cells.find(
      (x: any) => x.role === 'AuditRole' && x.api === 'orders' && x.method === 'POST',
    );
    expect(audit.predicted.statements).toContainEqual(
      expect.objectContaining({ policy: 'resource:orders', sid: 'DenyAuditWrites' }),
    );
    // InventoryRole's identity policy is an attached managed policy, read with GetPolicyVersion.
    const inv = doc.cells.find(
      (x: any) => x.role === 'InventoryRole' && x.api === 'inventory' && x.predicted.decision === 'allow',
    );
    expect(JSON.stringify(inv.predicted.statements)).toContain(
      'arn:aws:iam::444444444444:policy/InventoryOnly',
    );
  });

  it('without reader roles, the run stops before sending (exit 3), naming what to configure', async () => {
    // The hub identity cannot read another account's API (NotFound): the routes read fails first,
    // and nothing is sent unchecked (a failed routes read is exit 3, docs/cli.md).
    const { res } = await run(liveReadsCopy((config) => delete config.accounts));
    expect(res.code, res.stderr).toBe(3);
    expect(res.stderr).toMatch(/the routes of API "orders" \(a1b2c3d4e5 in 222222222222\) could not be read/);
    expect(res.stderr).toMatch(/NotFoundException/);
    expect(res.stderr).toMatch(/configure accounts\."222222222222"\.readerRole/);
    expect(res.stderr).toMatch(/apigateway:GET on arn:aws:apigateway:us-west-2::\/restapis\/a1b2c3d4e5/);
    expect(res.stderr).toMatch(/no call is sent unchecked/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('a reader without the IAM permissions: `unknown`, naming the permission to grant', async () => {
    const file = liveReadsCopy(
      () => {},
      (w) => {
        w.roles.InventoryReader.attachedPolicies = [];
      },
    );
    const { doc } = await run(file);
    const c = doc.cells.find(
      (x: any) => x.role === 'InventoryRole' && x.api === 'inventory' && x.path === '/',
    );
    expect(c.predicted.decision).toBe('unknown');
    expect(c.predicted.unknown).toMatch(/identity policies of role "InventoryRole"/);
    expect(c.predicted.unknown).toMatch(/iam:ListRolePolicies failed: AccessDenied/);
    expect(c.predicted.unknown).toMatch(
      /grant the reader role arn:aws:iam::444444444444:role\/spokegate-reader iam:ListRolePolicies, iam:GetRolePolicy/,
    );
  });
});
