// Issue 10 (B3): the endpoint proofs ("no principal outside the organization can pass the endpoint",
// "the endpoint policy lets through only") took the configured stage's routes for every stage. Each
// stage serves its own (offline: apis.X.stageRoutes.STAGE). Hand-derived truth: the hub lets
// CheckoutRole through to docs on stage prod and anyone to GET /admin on stage beta; the probes are
// GET /docs. When beta serves GET /admin (its stageRoutes), anyone passes the endpoint: both steps
// FAIL naming stage "beta". When only prod serves GET /admin, a request to beta's GET /admin reaches
// nothing (Missing Authentication Token) and prod lets CheckoutRole alone: both hold.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { letsThroughOnly, noOutsiderPasses } from '../../src/harness/proofs.js';
import { allow, API, CHECKOUT, docsWorldConfig, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

const HUB = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/beta/GET/admin`));

function context(prodRoutes: string, betaRoutes: string): Promise<RunContext> {
  const file = docsWorldConfig('spokegate-endpoint-stage-routes-', { 'hub.json': HUB }, 'hub.json', [
    `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
    `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod, beta], resourcePolicy: resource.json, routes: ${prodRoutes}, stageRoutes: { beta: { routes: ${betaRoutes} } } } }`,
    'defaults: { probes: ["GET /docs"] }',
  ]);
  return RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
}

const PROOFS = [
  ['nobody outside passes', (ctx: RunContext) => noOutsiderPasses(ctx, undefined, 's')],
  ['only CheckoutRole passes', (ctx: RunContext) => letsThroughOnly(ctx, undefined, ['CheckoutRole'], 's')],
] as const;
const BOTH = "['GET /docs', 'GET /admin']";
const DOCS = "['GET /docs']";

describe("endpoint proofs take each stage's own routes", () => {
  for (const [name, proof] of PROOFS) {
    it(`${name}: fails when stage beta serves GET /admin (prod does not)`, async () => {
      const r = await runProof(await context(DOCS, BOTH), proof);
      expect(r.status, r.message).toBe('failed');
      expect(r.message).toMatch(/stage "beta"/);
      expect(r.message).toMatch(/GET \/admin/);
    });
    it(`${name}: holds when only prod serves GET /admin`, async () => {
      const r = await runProof(await context(BOTH, DOCS), proof);
      expect(r.status, r.message).toBe('passed');
    });
  }
});
