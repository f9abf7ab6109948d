// Offline (`check`, `run --mode offline`): a layer AWS would evaluate but that was not given is
// `unknown`, naming what to supply; it is never treated as absent (which silently allows). Where the
// chain never reaches the missing layer (an endpoint-policy deny, an unsigned call to an AWS_IAM
// route, the identity layer of a NONE route), the decision stands.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { demoCopy } from '../harness/helpers.js';
import { offlineDemo, type Config } from './helpers.js';

async function cellFor(
  cfg: Config,
  call: { role: string | null; api: string; method: string; path: string },
  expected: 'allow' | 'deny' = 'allow',
  files: { resourcePolicyFiles?: Record<string, string> } = {},
) {
  const ctx = await RunContext.create({ mode: 'offline', config: cfg, env: {}, ...files });
  return (await ctx.call({ ...call, scenario: 's' }, expected)).cell;
}

/** A GET call by `role` to `path` on `api`. */
const get = (role: string | null, api: string, path: string) => ({ role, api, method: 'GET', path });

describe('offline: a layer not given is unknown, never absent', () => {
  it.each([
    {
      name: 'a missing resource policy makes a call the other layers allow unknown, naming what to supply',
      edit: (c: Record<string, any>) => delete c.apis.orders.resourcePolicy,
      call: get('CheckoutRole', 'orders', '/orders'),
      names: [
        'resource policy of API "orders"',
        'apis.orders.resourcePolicy',
        '--resource-policy orders=FILE',
      ],
    },
    {
      name: 'missing identity policies make a call the resource policy allows unknown, naming the setting',
      edit: (c: Record<string, any>) => delete c.roles.PaymentsRole.identityPolicies,
      call: get('PaymentsRole', 'payments', '/payments'),
      names: ['identity policies of role "PaymentsRole"', 'roles.PaymentsRole.identityPolicies'],
    },
  ])('$name', async ({ edit, call, names }) => {
    const cell = await cellFor(offlineDemo(edit), call);
    expect(cell.predicted).toMatchObject({ decision: 'unknown' });
    for (const n of names) expect(cell.predicted!.unknown).toContain(n);
    expect(cell.verdict).toBe('error'); // an expectation against unknown is never a pass
  });

  it('a layer the chain never reaches changes nothing: endpoint deny, unsigned AWS_IAM call, NONE route', async () => {
    const config = offlineDemo((c) => {
      for (const a of Object.values<any>(c.apis)) delete a.resourcePolicy;
      for (const r of Object.values<any>(c.roles)) delete r.identityPolicies;
    });
    // BatchRole is not named by the endpoint policy: denied there, whatever the spoke says.
    const batch = await cellFor(config, get('BatchRole', 'orders', '/orders'), 'deny');
    expect(batch.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    expect(batch.verdict).toBe('pass');
    // Unsigned to an AWS_IAM route: Missing Authentication Token before any spoke policy.
    const anon = await cellFor(config, get(null, 'orders', '/orders'), 'deny');
    expect(anon.predicted).toMatchObject({ decision: 'deny' });
  });

  it('the identity layer of a NONE route is not needed; its resource policy still is', async () => {
    const config = offlineDemo((c) => delete c.roles.CheckoutRole.identityPolicies);
    const health = await cellFor(config, get('CheckoutRole', 'orders', '/health'));
    expect(health.predicted).toMatchObject({ decision: 'allow' });
    expect(health.verdict).toBe('pass');
    const noResource = offlineDemo((c) => delete c.apis.orders.resourcePolicy);
    const unknown = await cellFor(noResource, get('CheckoutRole', 'orders', '/health'));
    expect(unknown.predicted).toMatchObject({ decision: 'unknown' });
  });

  it('given every layer, offline predictions are decided (the demo as it is)', async () => {
    const cell = await cellFor(offlineDemo(), get('CheckoutRole', 'orders', '/orders'));
    expect(cell.predicted).toMatchObject({ decision: 'allow' });
    expect(cell.verdict).toBe('pass');
  });
});

describe('an API known to have no resource policy is decided, not unknown', () => {
  it('read from API Gateway (sandbox): every call is predicted denied at the resource layer, as the wire answers', async () => {
    const dir = demoCopy({
      world: (w) => delete w.apis.payments.resourcePolicy,
      // Read with GetRestApi by the payments account's reader.
      config: (c) => delete c.apis.payments.resourcePolicy,
    });
    const file = join(dir, 'spokegate.config.yaml');
    const sandbox = await startSandbox(join(dir, 'world.yaml'));
    try {
      const ctx = await RunContext.create({
        mode: 'sandbox',
        config: loadConfig(file),
        env: sandbox.env,
        ca: sandbox.caPem,
        connectTo: [sandbox.connectTo],
      });
      // PaymentsRole is in the API's account and its identity policy allows: only the missing
      // resource policy refuses the call.
      const { cell } = await ctx.call(
        { role: 'PaymentsRole', api: 'payments', method: 'GET', path: '/payments', scenario: 's' },
        'deny',
      );
      expect(cell.observed).toMatchObject({ outcome: 'denied', status: 403 });
      expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
      expect(cell.disagreement).toBe(false);
      expect(cell.verdict).toBe('pass');
      ctx.close();
    } finally {
      await sandbox.close();
    }
  });
});
