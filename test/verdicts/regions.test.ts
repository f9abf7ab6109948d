// An endpoint and an API in another region than the config's (the fourth auditor world's north,
// eu-north-1, and its API nordic): API Gateway's and EC2's control planes are regional
// (GetResources of an API, DescribeVpcEndpoints of an endpoint, answer only in their own region),
// so reading them in the default endpoint's region found nothing: the run stopped with exit 3
// ("NotFoundException: Invalid API identifier specified") before any call.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAuditorWorld } from './auditor-world.js';
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
