// Issue 10 (note7): "when GetStages gives no percentTraffic both deployments are read", silently.
// AWS documents no default for an absent share: botocore's apigateway model makes
// `CanarySettings.percentTraffic` an optional double ("the percent (0-100) of traffic diverted to a
// canary deployment"), and the developer guide's answers always state it (10.5; 0 after a promotion,
// promote-canary-deployment). Absent, the share is not known: either deployment may serve a call, so
// both are read (a route they type differently is unknown), and the routes' source says why.
import { describe, expect, it } from 'vitest';
import type { RestApiRoutes } from '../../src/aws/rest-api.js';
import { loadConfig } from '../../src/config/index.js';
import { KnownRoutes } from '../../src/harness/routes.js';
import type { Wire } from '../../src/harness/wire.js';
import { authorizerWorld, withSandboxRun } from './authorizer-world.js';
import { CHECKOUT, docsWorldConfig } from './docs-world.js';

const FILE = docsWorldConfig('spokegate-canary-share-', {}, 'resource.json', [
  'roles:',
  `  CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] }`,
  'apis:',
  "  docs: { id: docs000001, account: '222222222222', stage: prod, resourcePolicy: resource.json }",
]);

/** The routes the reader gave for stage prod: both deployments, the canary's share not given. */
const READ: RestApiRoutes = {
  routes: [{ method: 'GET', path: '/docs' }],
  stages: ['prod'],
  deployed: {
    routes: [
      { method: 'GET', path: '/docs', authorizationType: 'AWS_IAM' },
      { method: 'GET', path: '/beta', authorizationType: 'AWS_IAM' },
    ],
    deploymentIds: ['dep1', 'dep2'],
    canary: { deploymentId: 'dep2' },
  },
};

describe('a canary whose share GetStages does not give', () => {
  it("the stage's routes are both deployments', and their source says the share is not known", async () => {
    const wire = {
      readerConfig: () => Promise.resolve({}),
      aws: { readRestApiRoutes: () => Promise.resolve(READ) },
    } as unknown as Wire;
    const k = await new KnownRoutes(loadConfig(FILE), 'live', wire).of('docs');
    expect(k.routes?.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /docs', 'GET /beta']);
    expect(k.source).toMatch(
      /deployment dep1 and dep2 of stage "prod" \(GetStages gives no percentTraffic for its canary, deployment dep2: its share of the calls is not known, so either deployment may serve a call\)/,
    );
  });
});

// note8 §10: the sandbox world could not say what such a stage is (percentTraffic was required), so
// the reading above was tested against fake answers only. A world canary may leave its share out:
// GetStages then gives none, as in the answers above, and the sandbox (which must serve each call
// from one deployment; AWS documents no default) draws either deployment at even odds, from the seed.
describe('a sandbox world canary without a share', () => {
  const world = authorizerWorld({
    canaryPercent: 25,
    edit: (w) => delete w.apis.docs.canaries.prod.percentTraffic,
  });

  it('GetStages gives no percentTraffic; the run reads both deployments and says why; both serve calls', async () => {
    await withSandboxRun(world, async (run) => {
      const k = await run.ctx.routes.of('docs');
      expect(k.source).toMatch(/GetStages gives no percentTraffic for its canary, deployment \w+/);
      const served = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { result } = await run.ctx.call(
          { role: 'CheckoutRole', api: 'docs', method: 'GET', path: '/orders', scenario: 'share' },
          null,
        );
        served.add((result!.body as { deployment: string }).deployment);
      }
      expect(served.size).toBe(2);
    });
  });
});
