// Issue 10 (pass 18, lane A): offline, an API whose config states its `routes` but not its `stages`
// may have other stages, serving routes the config does not state (`routes` are the configured
// stage's). The endpoint proofs decided such an API at the configured stage alone when the endpoint
// policy named no stage, over its stated routes: a hub open to anyone on `GET /secret` at every stage
// passed "no principal outside the organization can pass the endpoint" because prod does not serve
// /secret, though another stage may. Hand-derived truth: with the stages not stated, anyone may pass
// the endpoint to another stage's GET /secret, so the proof is not a pass (failed, or not established);
// with stages stated as [prod] alone it holds (prod serves GET /docs alone, open to CheckoutRole only).
import { describe, expect, it } from 'vitest';
import { letsThroughOnly, noOutsiderPasses } from '../../src/harness/proofs.js';
import type { RunContext } from '../../src/harness/context.js';
import { allow, API, CHECKOUT, docsStagesContext, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

const SECRET_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/*/GET/docs`), allow('*', `${API}/*/GET/secret`));
const context = (stages: string | undefined) =>
  docsStagesContext('spokegate-unstated-stage-proofs-', stages, SECRET_OPEN, [
    'defaults: { probes: ["GET /docs"] }',
  ]);
const PROOFS = [
  ['nobody outside passes', (ctx: RunContext) => noOutsiderPasses(ctx, undefined, 's')],
  ['only CheckoutRole passes', (ctx: RunContext) => letsThroughOnly(ctx, undefined, ['CheckoutRole'], 's')],
] as const;

describe("endpoint proofs over an API whose stages are not stated: another stage's routes are not known", () => {
  for (const [name, proof] of PROOFS) {
    it(`${name}: holds with stages stated as [prod] (prod serves GET /docs alone; the control)`, async () => {
      const r = await runProof(await context('[prod]'), proof);
      expect(r.status, r.message).toBe('passed');
    });
    it(`${name}: never a pass with the stages not stated (another stage may serve GET /secret)`, async () => {
      const r = await runProof(await context(undefined), proof);
      // Not established (exit 3): the stand-in stage's routes are not known, and outsiders pass it
      // on a path no probe covers; the message names the setting to state.
      expect(r.status, r.message).toBe('error');
      expect(r.message).toMatch(
        /stage "other" stands for stage names the config does not state \(apis\.docs\.stages\)/,
      );
      expect(r.message).toMatch(/GET\/secret/);
    });
  }
});
