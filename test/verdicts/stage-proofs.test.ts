// Issue 10: "only these principals can reach API" and "no principal outside the organization can
// reach API" are about the API, every stage of it: a request to /beta/... reaches the API as surely
// as one to /prod/.... Hand-derived truth: docs has stages prod and beta (both deployed); the
// endpoint lets CheckoutRole through on prod and anyone on beta; the resource policy allows anyone.
// So an account outside the organization reaches docs on beta (cross account: if its identity
// policy allows; a proof counts that), and neither proof holds. With the stages stated as [prod]
// alone, both hold. With the stages not stated (offline, no apis.ALIAS.stages), another stage may
// exist: a pass is not established (error), a failure on the configured stage still fails.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import { allow, API, CHECKOUT, docsStagesContext, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

const context = (stages: string | undefined, endpoint: string) =>
  docsStagesContext('spokegate-stages-', stages, endpoint);
const status = runProof;
const outsiders = (ctx: RunContext) => noOutsiderReaches(ctx, 'docs', undefined, 's');
const onlyCheckout = (ctx: RunContext) => onlyTheseCanReach(ctx, 'docs', undefined, ['CheckoutRole'], 's');
const BETA_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/beta/*`));
const PROD_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/prod/*`));

describe('reach proofs range over every stage of the API', () => {
  for (const [name, proof] of [
    ['nobody outside', outsiders],
    ['only CheckoutRole', onlyCheckout],
  ] as const) {
    it(`${name}: fails when anyone gets through on stage beta`, async () => {
      const r = await status(await context('[prod, beta]', BETA_OPEN), proof);
      expect(r.status, r.message).toBe('failed');
      expect(r.message).toMatch(/stage "beta"/);
    });
    it(`${name}: holds when prod is the one stage`, async () => {
      const r = await status(await context('[prod]', BETA_OPEN), proof);
      expect(r.status, r.message).toBe('passed');
    });
    it(`${name}: is not established when the stages are not stated`, async () => {
      const r = await status(await context(undefined, BETA_OPEN), proof);
      expect(r.status, r.message).toBe('error');
      expect(r.message).toMatch(/apis\.docs\.stages/);
    });
    it(`${name}: fails when anyone gets through on the configured stage, stages stated or not`, async () => {
      expect((await status(await context(undefined, PROD_OPEN), proof)).status).toBe('failed');
      expect((await status(await context('[prod, beta]', PROD_OPEN), proof)).status).toBe('failed');
    });
  }
});
