// Issue 10: "no principal outside the organization can pass the endpoint" and "the endpoint policy
// lets through only" are about the endpoint policy alone, over every API x the probes; a request to
// any stage of an API passes the endpoint as surely as one to the configured stage (the stage is
// part of the execute-api resource ARN the endpoint policy matches). Hand-derived truth: the hub
// lets CheckoutRole through to docs on stage prod, and anyone on stage beta. So anyone, outside the
// organization too, passes the endpoint (to stage beta): both steps FAIL, naming stage "beta",
// whether the stages are stated ([prod, beta]) or not (any stage name may exist). With the hub open
// on prod only to CheckoutRole, and nothing else, both hold.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { letsThroughOnly, noOutsiderPasses } from '../../src/harness/proofs.js';
import { allow, API, CHECKOUT, docsStagesContext, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

const context = (stages: string | undefined, endpoint: string) =>
  docsStagesContext('spokegate-endpoint-stages-', stages, endpoint, ['defaults: { probes: ["GET /docs"] }']);
const status = runProof;

const PROOFS = [
  ['nobody outside passes', (ctx: RunContext) => noOutsiderPasses(ctx, undefined, 's')],
  ['only CheckoutRole passes', (ctx: RunContext) => letsThroughOnly(ctx, undefined, ['CheckoutRole'], 's')],
] as const;
const BETA_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/beta/*`));
const PROD_ONLY = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`));

describe('endpoint proofs range over every stage of each API', () => {
  for (const [name, proof] of PROOFS) {
    for (const stages of ['[prod, beta]', undefined]) {
      it(`${name}: fails when anyone passes to stage beta (stages ${stages ?? 'not stated'})`, async () => {
        const r = await status(await context(stages, BETA_OPEN), proof);
        expect(r.status, r.message).toBe('failed');
        expect(r.message).toMatch(/stage "beta"/);
      });
    }
    it(`${name}: holds when the endpoint opens stage prod to CheckoutRole alone (stages not stated)`, async () => {
      const r = await status(await context(undefined, PROD_ONLY), proof);
      expect(r.status, r.message).toBe('passed');
    });
    it(`${name}: holds when beta is open but the API's one stage is prod`, async () => {
      const r = await status(await context('[prod]', BETA_OPEN), proof);
      expect(r.status, r.message).toBe('passed');
    });
  }
});
