// Issue 10: the exhaustive analysis (who-can, the reach proofs) knows every route of an API with its
// authorization type, not only the NONE ones. API "docs" serves GET /orders/{id} (NONE) and the more
// literal GET /orders/export (AWS_IAM): API Gateway routes GET /orders/export to the literal route
// (docs/aws-behaviour.md §5c), so an unsigned call to it is answered Missing Authentication Token.
// Given only the NONE templates, the analysis matched GET /orders/export to GET /orders/{id}: it took
// an anonymous caller to reach it, so "only CheckoutRole, anonymous can reach docs" passed while
// anonymous reaches nothing (a false PASS), and "no principal outside the organization" failed.
// The truth below is derived by hand; the endpoint lets unsigned callers through to the export only.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import { decide } from '../../src/analysis/index.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import { API, allow, CHECKOUT, docsWorldConfig, policy } from './docs-world.js';

const ENDPOINT = policy(allow({ AWS: CHECKOUT }, `${API}/*`), {
  ...allow('*', `${API}/prod/GET/orders/export`),
  Condition: { Null: { 'aws:PrincipalArn': 'true' } },
});

const FILE = docsWorldConfig('spokegate-route-literal-', { 'hub.json': ENDPOINT }, 'hub.json', [
  'roles:',
  `  CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] }`,
  'apis:',
  "  docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: resource.json, routes: ['GET /orders/{id}', 'GET /orders/export'], noneRoutes: ['GET /orders/{id}'] }",
  'defaults: { endpoint: hub, probes: ["GET /orders/export"] }',
]);

async function withContext<T>(f: (ctx: RunContext) => Promise<T>): Promise<T> {
  const ctx = await RunContext.create({
    mode: 'offline',
    config: loadConfig(FILE),
    env: {},
    endpointPolicyFiles: { hub: join(FILE, '..', 'hub.json') },
  });
  try {
    return await f(ctx);
  } finally {
    ctx.close();
  }
}

describe('a literal AWS_IAM route beside a NONE template', () => {
  it('the analysis decides an unsigned GET /orders/export as AWS_IAM (refused), GET /orders/7 as NONE', async () => {
    await withContext(async (ctx) => {
      const world = await analysisWorld(ctx);
      const anonymous = (path: string) =>
        decide(world, { api: 'docs', principal: { kind: 'anonymous' }, method: 'GET', path });
      expect(anonymous('/orders/export').decision).toBe('deny');
      expect(anonymous('/orders/export').explanation.join('\n')).toMatch(/AWS_IAM/);
      // The endpoint lets unsigned callers through to the export only: GET /orders/7 is refused there.
      expect(anonymous('/orders/7').layer).toBe('endpoint');
    });
  });

  it('"no principal outside the organization can reach docs" passes (anonymous reaches nothing)', async () => {
    const r = await withContext((ctx) => noOutsiderReaches(ctx, 'docs', undefined, 's'));
    expect(r.error, r.message).toBeFalsy();
    expect(r.ok, r.message).toBe(true);
  });

  it('"only CheckoutRole, anonymous can reach docs" fails: anonymous does not get through', async () => {
    const r = await withContext((ctx) =>
      onlyTheseCanReach(ctx, 'docs', undefined, ['CheckoutRole', 'anonymous'], 's'),
    );
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBeFalsy();
    expect(r.message).toMatch(/does not get through: anonymous/);
  });
});
