// Issue 10 (B3, B4): the endpoint proofs in an auditor world whose ledger API serves another route
// at stage beta (a canary taking all of beta's calls deploys GET /preview, which prod does not
// serve). Hand-derived truth: the hub lets the organization in on every API's prod stage and anyone
// to ledger's beta GET /preview; a request there reaches a method, so an outsider (an unsigned
// caller too) passes the endpoint: "no principal outside the organization can pass the endpoint"
// is false. Sandbox mode reads beta's deployment: the step FAILS naming stage "beta" and GET
// /preview (before, prod's routes stood for beta: /preview was "not served" and the step PASSED).
// Offline the config states no stageRoutes.beta: beta's routes are unknown, so the step is not
// established (before: PASS on prod's routes).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noOutsiderPasses } from '../../src/harness/proofs.js';
import { auditorRuns, copyAuditorWorld, editPolicy, type AuditorRuns } from './auditor-world.js';
import { anyoneInvoke } from './docs-world.js';

let runs: AuditorRuns;
beforeAll(async () => {
  const dir = copyAuditorWorld('endpoint-stage-deployments');
  editPolicy(dir, 'hub-endpoint.json', (doc) => {
    doc.Statement = [
      anyoneInvoke('Allow', 'arn:aws:execute-api:us-west-2:*:*/prod/*', {
        StringEquals: { 'aws:PrincipalOrgID': 'o-aud1tor0rg' },
      }),
      anyoneInvoke('Allow', 'arn:aws:execute-api:us-west-2:222222222222:ledger0001/beta/GET/preview'),
    ];
  });
  const world = join(dir, 'world.yaml');
  const text = readFileSync(world, 'utf8');
  const anchor = '    vpcEndpointIds: [vpce-0a1a1a1a1a1a1a1a1]\n';
  expect(text.split(anchor)).toHaveLength(2); // ledger's, alone
  writeFileSync(
    world,
    text.replace(
      anchor,
      `${anchor}    canaries: { beta: { percentTraffic: 100, routes: [{ method: GET, path: / }, { method: GET, path: /preview }] } }\n`,
    ),
  );
  runs = await auditorRuns(dir);
});
afterAll(() => runs?.close());

describe("endpoint proofs over ledger's stage beta, which serves GET /preview", () => {
  it('sandbox: "no principal outside the organization can pass the endpoint" fails on beta\'s own route', async () => {
    const r = await noOutsiderPasses(runs.wire, undefined, 'x');
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBeFalsy();
    expect(r.message).toMatch(/on stage "beta"/);
    expect(r.message).toMatch(/GET \/preview on ledger/);
  });
  it("offline (no stageRoutes.beta): not established, never a pass on prod's routes", async () => {
    const r = await noOutsiderPasses(runs.offline, undefined, 'x');
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBe(true);
    expect(r.message).toMatch(/stageRoutes\.beta/);
  });
});
