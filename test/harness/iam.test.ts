// Identity policies read from IAM (the role's own session) when the config names no files:
// predictions then cover the identity layer with no disagreement.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { awsClientConfig, readRoleIdentityPolicies, RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO, demoCopy, readMatrix, spokegate } from './helpers.js';

describe('identity policies from IAM', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(join(DEMO, 'world.yaml'));
  });
  afterAll(() => sandbox.close());

  it('a role session reads its own inline policies, URL-decoded', async () => {
    const env = { ...sandbox.env };
    const sessions = new RoleSessions({ region: 'us-west-2', env, caBundle: sandbox.caPem });
    const creds = await sessions.get('arn:aws:iam::444444444444:role/InventoryRole');
    const cfg = awsClientConfig({
      region: 'us-west-2',
      service: 'iam',
      env,
      caBundle: sandbox.caPem,
      credentials: () => Promise.resolve(creds),
    });
    const docs = await readRoleIdentityPolicies(cfg, 'InventoryRole');
    expect(docs).toHaveLength(1);
    const expected = JSON.parse(readFileSync(join(DEMO, 'policies', 'inventory-only.json'), 'utf8'));
    expect(JSON.parse(docs[0]!.text)).toEqual(expected);
    // Another account's role is not visible to this session.
    await expect(readRoleIdentityPolicies(cfg, 'CheckoutRole')).rejects.toThrow(/cannot be found/);
  });

  it('the demo run predicts from IAM and GetRestApi when the config names no policy files', () => {
    const dir = demoCopy();
    const file = join(dir, 'spokegate.config.yaml');
    const config = parse(readFileSync(file, 'utf8'));
    for (const r of Object.values(config.roles) as { identityPolicies?: string[] }[])
      delete r.identityPolicies;
    writeFileSync(file, stringify(config));
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-iam-'));
    const res = spokegate(['run', '--config', file, '--reports', reports]);
    expect(res.code).toBe(0);
    const doc = readMatrix(reports);
    expect(doc.summary.disagreements).toBe(0);
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
    // legacy is not associated with the hub: its resource policy's aws:SourceVpce guard decides.
    const legacy = doc.cells.find((x: any) => x.api === 'legacy');
    expect(legacy.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(legacy.observed.reason).toBe('resource-policy');
  });
});
