// Issues 10/11: whom the resource policy sees on a NONE route when the call is signed. AWS's guide
// says a resource policy naming AWS principals "fails for all resources not secured with AWS_IAM"
// (NONE included: the caller is anonymous there), while its VPC endpoint page's "AWS_IAM or NONE"
// reads as the signer being seen (docs/aws-behaviour.md §5d). Not established: predictions hold
// only what both readings give (as on CUSTOM/COGNITO routes), and who-can and the proofs take the
// most that gets through. The identity policies are not evaluated on NONE routes in either reading.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/analysis/world.js';
import { RunContext } from '../../src/harness/context.js';
import { onlyTheseCanReach } from '../../src/harness/proofs.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import { offlineDemo } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const statement = (Effect: string, Principal: unknown, Resource: string) => ({
  Effect,
  Principal,
  Action: 'execute-api:Invoke',
  Resource,
});
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** Everyone may call the orders API, but a Deny names BatchRole on its NONE route GET /health. */
const DENY_BATCH = policy(
  statement('Allow', '*', `${API}/*`),
  statement('Deny', { AWS: role('BatchRole') }, `${API}/prod/GET/health`),
);
/** Only CheckoutRole may call the orders API, and only its NONE route GET /health. */
const CHECKOUT_HEALTH_ONLY = policy(
  statement('Allow', { AWS: role('CheckoutRole') }, `${API}/prod/GET/health`),
);
/** Only CheckoutRole may call the orders API (GET /health included, a NONE route). */
const ONLY_CHECKOUT = policy(statement('Allow', { AWS: role('CheckoutRole') }, `${API}/*`));

async function withOrders<T>(resourcePolicy: string, use: (ctx: RunContext) => Promise<T>): Promise<T> {
  const config = offlineDemo((c) => (c.apis.orders.resourcePolicy = 'r.json'), { 'r.json': resourcePolicy });
  const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
  try {
    return await use(ctx);
  } finally {
    ctx.close();
  }
}

const predictHealth = (ctx: RunContext, r: string) =>
  ctx.predict({ role: r, api: 'orders', method: 'GET', path: '/health', scenario: 's' });

const reaches = async (ctx: RunContext, name: string) =>
  decide(await analysisWorld(ctx), {
    api: 'orders',
    method: 'GET',
    path: '/health',
    principal: { kind: 'role', arn: role(name), sessionName: 'spokegate', orgId: 'o-a1b2c3d4e5' },
  }).decision;

describe('a signed call on a NONE route: both readings of whom the resource policy sees', () => {
  it('a Deny naming the role refuses it only if the signer is seen: unknown, naming both readings', async () => {
    const d = await withOrders(DENY_BATCH, (ctx) => predictHealth(ctx, 'BatchRole'));
    expect(d.decision).toBe('unknown');
    const why = d.decision === 'unknown' ? d.unknown : '';
    expect(why).toMatch(/signer/);
    expect(why).toMatch(/anonymous/);
    expect(why).toMatch(/GET \/health/);
    expect(why).toMatch(/NONE/);
  });

  it('an Allow naming only the role lets it in only if the signer is seen: unknown', async () => {
    const d = await withOrders(ONLY_CHECKOUT, (ctx) => predictHealth(ctx, 'CheckoutRole'));
    expect(d.decision).toBe('unknown');
  });

  it('what both readings give stands: Allow "*" lets another role in; no Allow refuses it', async () => {
    expect(await withOrders(DENY_BATCH, (ctx) => predictHealth(ctx, 'CheckoutRole'))).toMatchObject({
      decision: 'allow',
    });
    expect(await withOrders(ONLY_CHECKOUT, (ctx) => predictHealth(ctx, 'BatchRole'))).toMatchObject({
      decision: 'deny',
      layer: 'resource',
    });
  });

  it('an unsigned call is anonymous in both readings: decided as before', async () => {
    const d = await withOrders(DENY_BATCH, (ctx) =>
      ctx.predict({ role: null, api: 'orders', method: 'GET', path: '/health', scenario: 's' }),
    );
    expect(d).toMatchObject({ decision: 'allow' });
  });

  it("who-can counts the anonymous reading's reach: BatchRole gets past the Deny naming it", async () => {
    expect(await withOrders(DENY_BATCH, (ctx) => reaches(ctx, 'BatchRole'))).toBe('allow');
    // The signer reading's reach counts too: the role the Allow names.
    expect(await withOrders(ONLY_CHECKOUT, (ctx) => reaches(ctx, 'CheckoutRole'))).toBe('allow');
    expect(await withOrders(ONLY_CHECKOUT, (ctx) => reaches(ctx, 'BatchRole'))).toBe('deny');
  });
});

describe('proofs over a NONE route: a reach only one reading gives is not sure', () => {
  it('"only CheckoutRole can reach orders" when it reaches only the NONE route, and only if the signer is seen: not established', async () => {
    const r = await withOrders(CHECKOUT_HEALTH_ONLY, (ctx) =>
      onlyTheseCanReach(ctx, 'orders', undefined, ['CheckoutRole'], 's'),
    );
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBe(true);
    expect(r.message).toMatch(/GET \/health/);
    expect(r.message).toMatch(/only if its resource policy sees the signer/);
    expect(r.message).toMatch(/NONE/);
  });
});
