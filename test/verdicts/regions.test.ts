// An endpoint and an API in another region than the config's (the fourth auditor world's north,
// eu-north-1, and its API nordic): API Gateway's and EC2's control planes are regional
// (GetResources of an API, DescribeVpcEndpoints of an endpoint, answer only in their own region),
// so reading them in the default endpoint's region found nothing: the run stopped with exit 3
// ("NotFoundException: Invalid API identifier specified") before any call.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spokegateHere } from '../harness/helpers.js';
import { copyAuditorWorld, runCopyFeature } from './auditor-world.js';
import { sandboxRun, type SandboxRun } from './authorizer-world.js';

describe('an endpoint and an API in a second region, in sandbox mode', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    const dir = copyAuditorWorld('regions', 'auditor4');
    const file = join(dir, 'spokegate.config.yaml');
    // north's policy unstated: read from EC2, in eu-north-1.
    writeFileSync(file, readFileSync(file, 'utf8').replace('    policy: policies/north-endpoint.json\n', ''));
    run = await sandboxRun(file);
  });
  afterAll(() => run?.close());

  it('the API’s routes and resource policy are read in its own region, and the call is made', async () => {
    const { cell } = await run.ctx.call({
      role: 'Admin',
      api: 'nordic',
      method: 'GET',
      path: '/',
      endpoint: 'north',
      scenario: 'x',
    });
    expect(cell.observed).toMatchObject({ outcome: 'allowed' });
    expect(cell.predicted).toMatchObject({ decision: 'allow' });
  });

  it('the endpoint’s policy is read from EC2 in its own region', async () => {
    const loaded = await run.ctx.endpointPolicy('north');
    expect(JSON.stringify(loaded)).toMatch(/StockForAnyone/);
    const { cell } = await run.ctx.call({
      role: 'Lab',
      api: 'nordic',
      method: 'GET',
      path: '/stock/x',
      endpoint: 'north',
      scenario: 'x',
    });
    expect(cell.observed).toMatchObject({ outcome: 'denied', layer: 'endpoint' });
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
  });
});

describe('a call through an endpoint in another region than its API', () => {
  // hub is in us-east-2, nordic in eu-north-1: PrivateLink endpoints reach only their own region.
  // Offline the call was predicted allowed (hub's and nordic's policies let Admin in) and "the call
  // is allowed" passed; in sandbox mode it went to whichever endpoint answered the region's name.
  it.each([
    [
      'a call',
      'When "Admin" calls GET / on "nordic" through "hub"\n    Then the call is allowed',
      'hub',
      'nordic',
    ],
    [
      'a matrix column',
      'Then the access matrix for GET / through "north" is:\n      | role  | nordic | orders |\n      | Admin | allow  | deny   |',
      'north',
      'orders',
    ],
    [
      'a call through the default endpoint',
      'When an anonymous caller calls GET /stock on "nordic"\n    Then the call is allowed',
      'hub',
      'nordic',
    ],
  ])(
    '%s is refused before anything runs (exit 2 naming the file, the line and both regions)',
    async (_, step, ep, api) => {
      const dir = copyAuditorWorld('cross-region', 'auditor4');
      writeFileSync(join(dir, 'x.feature'), `Feature: x\n  Scenario: x\n    ${step}\n`);
      const reports = join(dir, 'reports');
      for (const mode of ['offline', 'sandbox']) {
        const r = await runCopyFeature(dir, mode);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(
            `x\\.feature: line 3: endpoint "${ep}" is in \\S+ and API "${api}" in \\S+: an interface endpoint reaches only its own region's APIs`,
          ),
        );
        expect(existsSync(join(reports, 'access-matrix.json'))).toBe(false);
      }
    },
  );
});

describe('who-can about an API through an endpoint in another region', () => {
  // It listed 16 classes "allowed" through hub to nordic (eu-north-1), none of which any request can
  // be in: hub never carries a request to another region's API.
  it('is exit 2 naming both regions, as a run is', async () => {
    const config = join(copyAuditorWorld('who-can-region', 'auditor4'), 'spokegate.config.yaml');
    const r = await spokegateHere(['who-can', '--config', config, '--api', 'nordic', '--endpoint', 'hub']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /endpoint "hub" is in us-east-2 and API "nordic" in eu-north-1: an interface endpoint reaches only its own region's APIs/,
    );
    expect(r.stdout).toBe('');
  });
});
