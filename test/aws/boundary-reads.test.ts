// A role with a permissions boundary (IAM GetRole `Role.PermissionsBoundary`): the boundary limits
// what the role's identity policies and a resource-policy grant to its ARN allow (IAM User Guide,
// access_policies_boundaries; reference_policies_evaluation-logic). The reader reads the boundary
// policy (iam:GetPolicy, iam:GetPolicyVersion, as for an attached policy) and the engine evaluates
// it as its `boundary` layer, as the sandbox enforces it; a boundary that cannot be read makes the
// identity layer unread, naming the permission (never the identity policies read as the whole
// layer). docs/aws-behaviour.md §14.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { awsClientConfig, readRoleIdentityPolicies, RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { demoCopy, readMatrix, spokegateHere } from '../harness/helpers.js';

const BOUNDARY = 'arn:aws:iam::111111111111:policy/GetOnlyBoundary';
const GET_ONLY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' },
  ],
};

/** The demo world where CheckoutRole has a boundary that allows only GET calls. */
const withBoundary = (w: Record<string, any>) => {
  w.managedPolicies.GetOnlyBoundary = { arn: BOUNDARY, document: GET_ONLY };
  w.roles.CheckoutRole.permissionsBoundary = BOUNDARY;
};
/** …and the hub's reader role may not read that policy. */
const unreadable = (w: Record<string, any>) => {
  withBoundary(w);
  w.roles.HubReader.policies.NoBoundaryReads = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'iam:GetPolicy', Resource: BOUNDARY }],
  };
};

/** `spokegate run` of the demo copy with every identity policy read from IAM. */
async function runReadingIam(dir: string) {
  const file = join(dir, 'spokegate.config.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  for (const r of Object.values(config.roles) as { identityPolicies?: string[] }[]) delete r.identityPolicies;
  writeFileSync(file, stringify(config));
  const reports = mkdtempSync(join(tmpdir(), 'spokegate-boundary-'));
  const res = await spokegateHere(['run', '--config', file, '--reports', reports]);
  const doc = readMatrix(reports);
  const cell = (method: string) =>
    doc.cells.find((c: any) => c.role === 'CheckoutRole' && c.api === 'payments' && c.method === method);
  return { res, doc, cell };
}

describe('a role with a permissions boundary, read from IAM', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    dir = demoCopy({ world: withBoundary });
    sandbox = await startSandbox(join(dir, 'world.yaml'));
  });
  afterAll(() => sandbox.close());

  it('the reader reads the boundary policy beside the identity policies', async () => {
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
    const read = await readRoleIdentityPolicies(cfg, 'CheckoutRole');
    expect(read.boundary?.name).toBe(BOUNDARY);
    expect(JSON.parse(read.boundary!.text)).toEqual(GET_ONLY);
    expect(read.policies.length).toBe(1);
    // A role without one reads as before.
    const batch = await readRoleIdentityPolicies(cfg, 'BatchRole');
    expect(batch.policies.length).toBe(1);
    expect(batch.boundary).toBeUndefined();
  });

  it('spokegate run predicts the boundary layer and agrees with the wire', async () => {
    const { res, doc, cell } = await runReadingIam(dir);
    // POST /payments: payments' resource policy and CheckoutRole's identity policy allow it, the
    // boundary does not (observed: "because no permissions boundary allows"). Before the boundary was
    // evaluated, predicted unknown; before it was read at all, predicted allow.
    expect(cell('POST').observed).toMatchObject({ outcome: 'denied', reason: 'permissions-boundary' });
    expect(cell('POST').predicted).toMatchObject({
      decision: 'deny',
      layer: 'boundary',
      detail: 'ImplicitDeny',
    });
    expect(cell('POST').predicted.explanation.join('\n')).toMatch(
      /permissions boundary: no statement allows/,
    );
    expect(doc.summary.disagreements, res.stderr).toBe(0);
  });
});

describe('a boundary the reader may not read', () => {
  it('makes the role unknown, naming iam:GetPolicy; never the identity policies alone', async () => {
    // `run` plays the demo copy's world in its own sandbox.
    const { cell } = await runReadingIam(demoCopy({ world: unreadable }));
    const post = cell('POST');
    expect(post.predicted.decision).toBe('unknown');
    expect(post.predicted.unknown).toMatch(/permissions boundary/);
    expect(post.predicted.unknown).toMatch(/iam:GetPolicy failed: AccessDenied: .* with an explicit deny/);
  });
});

describe('who-can with a role whose boundary is read from IAM', () => {
  it('lets the role reach only what its boundary allows', async () => {
    const dir = demoCopy({ world: withBoundary });
    const file = join(dir, 'spokegate.config.yaml');
    const config = parse(readFileSync(file, 'utf8'));
    for (const r of Object.values(config.roles) as { identityPolicies?: string[] }[])
      delete r.identityPolicies;
    writeFileSync(file, stringify(config));
    const res = await spokegateHere([
      'who-can',
      '--mode',
      'sandbox',
      '--config',
      file,
      '--api',
      'payments',
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    const checkout = JSON.stringify(
      doc.classes.filter((c: any) => JSON.stringify(c).includes('CheckoutRole')),
    );
    // Before: POST /payments was listed for CheckoutRole (its identity policy and payments allow it).
    expect(checkout).not.toMatch(/"POST"/);
  });
});
