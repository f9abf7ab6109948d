// A role with a permissions boundary (IAM GetRole `Role.PermissionsBoundary`): the boundary limits
// what the role's identity policies and a resource-policy grant to its ARN allow (IAM User Guide,
// access_policies_boundaries), and spokegate does not evaluate boundaries. Reading only the role's
// identity policies would predict calls the boundary refuses as allowed, so the reader looks at
// GetRole first and a boundary makes the identity layer unread: the prediction is `unknown`, naming
// the boundary, never a layer read as complete when it is not (docs/aws-behaviour.md §14).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { awsClientConfig, readRoleIdentityPolicies, RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { demoCopy, readMatrix, spokegateHere } from '../harness/helpers.js';

const BOUNDARY = 'arn:aws:iam::111111111111:policy/GetOnlyBoundary';

/** The demo world where CheckoutRole has a boundary that allows only GET calls. */
const withBoundary = (w: Record<string, any>) => {
  w.managedPolicies.GetOnlyBoundary = {
    arn: BOUNDARY,
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' },
      ],
    },
  };
  w.roles.CheckoutRole.permissionsBoundary = BOUNDARY;
};

describe('a role with a permissions boundary, read from IAM', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    dir = demoCopy({ world: withBoundary });
    sandbox = await startSandbox(join(dir, 'world.yaml'));
  });
  afterAll(() => sandbox.close());

  it('the reader refuses to give the identity policies as the whole identity layer', async () => {
    const env = { ...sandbox.env };
    const sessions = new RoleSessions({ region: 'us-west-2', env, caBundle: sandbox.caPem });
    const creds = await sessions.get('arn:aws:iam::111111111111:role/spokegate-reader');
    const cfg = awsClientConfig({
      region: 'us-west-2',
      service: 'iam',
      env,
      caBundle: sandbox.caPem,
      credentials: () => Promise.resolve(creds),
    });
    await expect(readRoleIdentityPolicies(cfg, 'CheckoutRole')).rejects.toThrow(
      `role CheckoutRole has a permissions boundary (${BOUNDARY})`,
    );
    // A role without one reads as before.
    expect((await readRoleIdentityPolicies(cfg, 'BatchRole')).length).toBe(1);
  });

  it('spokegate run predicts the role unknown, naming the boundary, and agrees with the wire', async () => {
    const file = join(dir, 'spokegate.config.yaml');
    const config = parse(readFileSync(file, 'utf8'));
    for (const r of Object.values(config.roles) as { identityPolicies?: string[] }[])
      delete r.identityPolicies;
    writeFileSync(file, stringify(config));
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-boundary-'));
    const res = await spokegateHere(['run', '--config', file, '--reports', reports]);
    const doc = readMatrix(reports);
    // POST /payments: payments' resource policy and CheckoutRole's identity policy allow it, the
    // boundary does not (observed: "because no permissions boundary allows"). Before, predicted allow.
    const post = doc.cells.find(
      (c: any) => c.role === 'CheckoutRole' && c.api === 'payments' && c.method === 'POST',
    );
    expect(post.observed).toMatchObject({ outcome: 'denied', reason: 'permissions-boundary' });
    expect(post.predicted.decision).not.toBe('allow');
    expect(post.predicted.decision).toBe('unknown');
    expect(post.predicted.unknown).toMatch(/permissions boundary/);
    expect(doc.summary.disagreements, res.stderr).toBe(0);
  });
});
