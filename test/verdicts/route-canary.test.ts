// Issue 10: a stage with a canary serves two deployments; a call may reach either. When they
// authorize a route differently (NONE in one, AWS_IAM in the other), its type is not one fact:
// spokegate fell back to the config's noneRoutes (a guess the config may not even make). The route
// is `unknown`, naming the deployments, and so is a call on it that the policies do not refuse.
import { describe, expect, it } from 'vitest';
import { readRestApiRoutes, type RestApiRoutes } from '../../src/aws/rest-api.js';
import { loadConfig } from '../../src/config/index.js';
import { KnownRoutes } from '../../src/harness/routes.js';
import type { Wire } from '../../src/harness/wire.js';
import { parsePolicy } from '../../src/policy/index.js';
import { predictCall, rolePrincipal } from '../../src/predict/index.js';
import { withFakeApiGateway } from '../aws/fake-aws.js';
import { API, allow, CHECKOUT, docsWorldConfig, policy } from './docs-world.js';

/** GetResources, GetStages and GetDeployment of a stage whose canary makes GET /health AWS_IAM. */
const ANSWERS: Record<string, unknown> = {
  '/restapis/docs000001/resources': {
    item: [{ id: 'r1', path: '/health', resourceMethods: { GET: { authorizationType: 'AWS_IAM' } } }],
  },
  '/restapis/docs000001/stages': {
    item: [
      {
        stageName: 'prod',
        deploymentId: 'dep1',
        canarySettings: { deploymentId: 'dep2', percentTraffic: 10 },
      },
    ],
  },
  '/restapis/docs000001/deployments/dep1': {
    id: 'dep1',
    apiSummary: {
      '/health': { GET: { authorizationType: 'NONE' } },
      '/docs': { GET: { authorizationType: 'AWS_IAM' } },
    },
  },
  '/restapis/docs000001/deployments/dep2': {
    id: 'dep2',
    apiSummary: {
      '/health': { GET: { authorizationType: 'AWS_IAM' } },
      '/docs': { GET: { authorizationType: 'AWS_IAM' } },
    },
  },
};

const readCanaryStage = (): Promise<RestApiRoutes> =>
  withFakeApiGateway(ANSWERS, (cfg) => readRestApiRoutes(cfg, 'docs000001', 'prod'));

/** The same stage with the canary's share set to `percentTraffic` (undefined: GetStages gives none). */
const readAtShare = (percentTraffic: number | undefined, seen: string[] = []): Promise<RestApiRoutes> =>
  withFakeApiGateway(
    {
      ...ANSWERS,
      '/restapis/docs000001/stages': {
        item: [
          {
            stageName: 'prod',
            deploymentId: 'dep1',
            canarySettings: {
              deploymentId: 'dep2',
              ...(percentTraffic === undefined ? {} : { percentTraffic }),
            },
          },
        ],
      },
      // The canary's deployment no longer serves GET /docs.
      '/restapis/docs000001/deployments/dep2': {
        id: 'dep2',
        apiSummary: { '/health': { GET: { authorizationType: 'AWS_IAM' } } },
      },
    },
    (cfg) => readRestApiRoutes(cfg, 'docs000001', 'prod'),
    seen,
  );

// The config says GET /health is NONE: what the stage's own deployment says, not its canary.
const FILE = docsWorldConfig('spokegate-canary-', {}, 'resource.json', [
  'roles:',
  `  CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] }`,
  'apis:',
  "  docs: { id: docs000001, account: '222222222222', stage: prod, resourcePolicy: resource.json, routes: ['GET /health', 'GET /docs'], noneRoutes: ['GET /health'] }",
]);

// The same API with no routes stated: nothing for the deployment to contradict.
const UNSTATED = docsWorldConfig('spokegate-canary-', {}, 'resource.json', [
  'roles:',
  `  CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] }`,
  'apis:',
  "  docs: { id: docs000001, account: '222222222222', stage: prod, resourcePolicy: resource.json }",
]);

describe('a stage and its canary disagree on a route: unknown, not the config', () => {
  it('the reader marks the route: no type, and why', async () => {
    const read = await readCanaryStage();
    const health = read.deployed!.routes.find((r) => r.path === '/health')!;
    expect(health.authorizationType).toBeUndefined();
    expect(health.typeUnknown).toMatch(
      /stage "prod" and its canary disagree: NONE in deployment dep1, AWS_IAM in deployment dep2/,
    );
    expect(read.deployed!.routes.find((r) => r.path === '/docs')!.authorizationType).toBe('AWS_IAM');
  });

  it("the route's authorization is unknown (not noneRoutes' NONE); a call the policies let through is unknown", async () => {
    const read = await readCanaryStage();
    const config = loadConfig(FILE);
    const wire = {
      readerConfig: () => Promise.resolve({}),
      aws: { readRestApiRoutes: () => Promise.resolve(read) },
    } as unknown as Wire;
    const routes = new KnownRoutes(config, 'live', wire);
    const { authorization } = await routes.authorizationOf('docs', 'GET', '/health');
    expect(authorization).toMatchObject({ type: 'unknown', route: 'GET /health' });
    expect((await routes.authorizationOf('docs', 'GET', '/docs')).authorization?.type).toBe('AWS_IAM');

    const anyone = parsePolicy(JSON.parse(policy(allow('*', `${API}/*`))), { name: 'resource:docs' });
    const endpoint = parsePolicy(JSON.parse(policy(allow('*', '*'))), { name: 'endpoint:hub' });
    const call = { api: 'docs', method: 'GET', path: '/health', authorization: authorization! };
    const layers = { endpointPolicy: endpoint, resourcePolicy: anyone };
    const d = predictCall(config, rolePrincipal(config, null), call, layers);
    expect(d.decision).toBe('unknown');
    expect(d.decision === 'unknown' && d.unknown).toMatch(/GET \/health.*canary disagree/);
  });
});

// percentTraffic is "the percent (0-100) of traffic diverted to a canary deployment" (botocore
// apigateway model, CanarySettings); promoting a canary sets it to 0.0 and leaves the canary on the
// stage (developer guide, promote-canary-deployment). So 100 sends every call to the canary's
// deployment and 0 none: the stage then serves one deployment, not both (docs/aws-behaviour.md §5c).
describe("a canary's share of 0 or 100: the stage serves one deployment, exactly", () => {
  const summary = (r: RestApiRoutes) =>
    r.deployed!.routes.map((x) => `${x.method} ${x.path} ${x.authorizationType ?? `? ${x.typeUnknown}`}`);

  it("100%: only the canary deployment serves (its types, its routes); the stage's own is not read", async () => {
    const seen: string[] = [];
    const read = await readAtShare(100, seen);
    expect(summary(read)).toEqual(['GET /health AWS_IAM']);
    expect(read.deployed!.deploymentIds).toEqual(['dep2']);
    expect(seen.some((u) => u.startsWith('/restapis/docs000001/deployments/dep1'))).toBe(false);
  });

  it("0%: only the stage's own deployment serves", async () => {
    const read = await readAtShare(0);
    expect(summary(read)).toEqual(['GET /health NONE', 'GET /docs AWS_IAM']);
    expect(read.deployed!.deploymentIds).toEqual(['dep1']);
  });

  it('between, or a share GetStages does not give: either may serve (both read; a disagreement is unknown)', async () => {
    for (const share of [0.5, 99.9, undefined]) {
      const read = await readAtShare(share);
      expect(read.deployed!.deploymentIds).toEqual(['dep1', 'dep2']);
      expect(summary(read)).toEqual([
        expect.stringMatching(/^GET \/health \? stage "prod" and its canary disagree/),
        'GET /docs AWS_IAM',
      ]);
    }
  });

  it("the run names the serving deployment and the share in its routes' source", async () => {
    const read = await readAtShare(100);
    const wire = {
      readerConfig: () => Promise.resolve({}),
      aws: { readRestApiRoutes: () => Promise.resolve(read) },
    } as unknown as Wire;
    // FILE states GET /health NONE, which the canary serving every call does not: exit 2 naming both.
    await expect(new KnownRoutes(loadConfig(FILE), 'live', wire).of('docs')).rejects.toThrow(
      /"GET \/health" is stated NONE but deployed AWS_IAM/,
    );
    const routes = new KnownRoutes(loadConfig(UNSTATED), 'live', wire);
    expect((await routes.authorizationOf('docs', 'GET', '/health')).authorization?.type).toBe('AWS_IAM');
    expect((await routes.of('docs')).source).toBe(
      'deployment dep2 of stage "prod" (its canary, which takes 100% of its calls), GetDeployment docs000001',
    );
  });
});
