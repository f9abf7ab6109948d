// Issue 10: the proofs over every principal judged an endpoint and an API in different regions from
// the policies alone (note7: "reach proofs ... false failures only"). An interface endpoint reaches
// only its own region's APIs (docs/aws-behaviour.md §1c): `only these principals can reach "orders"
// through "north"` (north in eu-north-1, orders in us-east-2) has no request in it, and the endpoint
// proofs over north counted requests to us-east-2's APIs that north never carries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { copyAuditorWorld } from './auditor-world.js';

/** An offline run of `steps` (one scenario) in a copy of the fourth auditor world. */
async function run(name: string, steps: string, edit?: (dir: string) => void) {
  const dir = copyAuditorWorld(name, 'auditor4');
  edit?.(dir);
  writeFileSync(join(dir, 'x.feature'), `Feature: x\n  Scenario: x\n    ${steps}\n`);
  return runCli(
    [
      'run',
      'x.feature',
      '--config',
      'spokegate.config.yaml',
      '--mode',
      'offline',
      '--root',
      dir,
      '--reports',
      join(dir, 'reports'),
    ],
    { cwd: dir },
  );
}

/** north's first statement: the organization's principals, or Admin alone. */
const INVOKE_ANY = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };
const ORGANIZATION = {
  Sid: 'Organization',
  ...INVOKE_ANY,
  Principal: '*',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-fourth4org26' } },
};
const ADMIN = {
  Sid: 'Admin',
  ...INVOKE_ANY,
  Principal: { AWS: 'arn:aws:iam::610000000001:role/platform/admin/Admin' },
};

/**
 * north lets `first` in everywhere, and anyone in to us-east-2's APIs (which it never carries a
 * request to): through north only `first` passes.
 */
const northOpenToUsEast2 = (first: object) => (dir: string) =>
  writeFileSync(
    join(dir, 'policies', 'north-endpoint.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        first,
        {
          Sid: 'AnyoneToOhio',
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-2:*:*/*',
        },
      ],
    }),
  );

describe('reach proofs across regions', () => {
  it.each([
    [
      'only these principals',
      'Then only these principals can reach "orders" through "north":\n      | Admin |',
    ],
    ['no outsider', 'Then no principal outside the organization can reach "orders" through "north"'],
  ])('%s: an API in another region than the endpoint is exit 2 naming both regions', async (_, step) => {
    const r = await run('proof-region', step);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /x\.feature: line 3: endpoint "north" is in eu-north-1 and API "orders" in us-east-2: an interface endpoint reaches only its own region's APIs/,
    );
  });
});

describe('endpoint proofs over an endpoint in another region than most APIs', () => {
  it.each([
    [
      'no principal outside the organization passes north: its us-east-2 statement carries no request',
      'proof-region-endpoint',
      'Then no principal outside the organization can pass the endpoint "north"',
      ORGANIZATION,
    ],
    [
      'north lets through only Admin (not anonymous callers to us-east-2)',
      'proof-region-only',
      'Then the endpoint policy of "north" lets through only:\n      | Admin |',
      ADMIN,
    ],
  ])('%s', async (_, label, step, first) => {
    const r = await run(label, step, northOpenToUsEast2(first));
    expect(r.code, r.text).toBe(0);
  });
});
