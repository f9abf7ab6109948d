// Issue 11 items 4 and 5, sandbox and classifier together: the sandbox words denials in the modern
// or the legacy style (world `denialMessages`), and routes answer what the sandbox never produced
// before (a backend's own 4xx/5xx, request validation, expired or unknown tokens, Forbidden); the
// classifier reads each as AWS means it.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/gateway/index.js';
import type { World } from '../../src/config/world.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import type { Credentials } from '../../src/signing/types.js';
import { apiHost, asReply, assume, demoWorld, invoke, newState } from './helpers.js';

const ORDERS = 'a1b2c3d4e5';
const PAYMENTS = 'b2c3d4e5f6';

async function classified(
  state: SandboxState,
  creds: Credentials | null,
  apiId: string,
  method: string,
  path: string,
) {
  const r = asReply(await invoke(state, { method, path: `/prod${path}`, host: apiHost(apiId), creds }));
  return { status: r.status, ...classifyResponse(r.status, r.headers, r.body, { signed: creds !== null }) };
}

function worldWith(edit: (w: World) => void): World {
  const w = demoWorld();
  edit(w);
  return w;
}

describe('denial wordings (world denialMessages)', () => {
  const cells: [string, string, string, string, string, string][] = [
    // role, api, method, path, modern reason, legacy reason
    ['CheckoutRole', PAYMENTS, 'GET', '/payments', 'resource-policy', 'access-denied'],
    ['AuditRole', ORDERS, 'POST', '/orders', 'resource-policy', 'access-denied'],
    ['ReportingRole', ORDERS, 'POST', '/orders', 'identity-policy', 'access-denied'],
    ['BatchRole', ORDERS, 'GET', '/orders', 'endpoint-policy', 'access-denied'],
  ];
  for (const style of ['modern', 'legacy'] as const) {
    describe(style, () => {
      let state: SandboxState;
      const creds = new Map<string, Credentials>();
      beforeAll(async () => {
        state = newState(worldWith((w) => (w.denialMessages = style)));
        for (const role of new Set(cells.map((c) => c[0]))) creds.set(role, await assume(state, role));
      });
      it.each(cells)('%s -> %s %s %s', async (role, api, method, path, modern, legacy) => {
        const c = await classified(state, creds.get(role)!, api, method, path);
        expect(c.outcome).toBe('denied');
        expect(c.reason).toBe(style === 'modern' ? modern : legacy);
        expect(c.layerSource).toBe(style === 'modern' ? 'wire' : undefined);
        if (style === 'legacy') expect(c.message).not.toMatch(/policy/);
      });
    });
  }
});

describe('route answers (world routes[].integrationStatus, gatewayAnswer)', () => {
  let state: SandboxState;
  let creds: Credentials;
  // [route, its setting, the classification: outcome, reason, status]
  const routes: [string, Record<string, unknown>, string, string, number][] = [
    ['/answers/backend-403', { integrationStatus: 403 }, 'allowed', 'integration', 403],
    ['/answers/backend-404', { integrationStatus: 404 }, 'allowed', 'integration', 404],
    ['/answers/backend-500', { integrationStatus: 500 }, 'error', 'server-error', 500],
    ['/answers/bad-request', { gatewayAnswer: 'bad-request' }, 'error', 'bad-request', 400],
    ['/answers/expired', { gatewayAnswer: 'expired-token' }, 'error', 'bad-signature', 403],
    ['/answers/expired-ad', { gatewayAnswer: 'expired-token-access-denied' }, 'error', 'bad-signature', 403],
    ['/answers/unknown', { gatewayAnswer: 'unrecognized-client' }, 'error', 'bad-signature', 403],
    ['/answers/api-key', { gatewayAnswer: 'api-key-required' }, 'error', 'forbidden', 403],
    ['/answers/waf', { gatewayAnswer: 'waf' }, 'error', 'forbidden', 403],
  ];
  beforeAll(async () => {
    state = newState(
      worldWith((w) => {
        const orders = Object.values(w.apis).find((a) => a.id === ORDERS)!;
        for (const [path, setting] of routes)
          orders.routes.push({ method: 'GET', path, authorizationType: 'AWS_IAM', ...setting } as never);
      }),
    );
    creds = await assume(state, 'CheckoutRole');
  });
  it.each(routes)('%s %j', async (path, _setting, outcome, reason, status) => {
    expect(await classified(state, creds, ORDERS, 'GET', path)).toMatchObject({ outcome, reason, status });
  });
  it('a route that does not exist, called signed, is an error naming the likely cause', async () => {
    const c = await classified(state, creds, ORDERS, 'GET', '/no/such/route');
    expect(c).toMatchObject({ outcome: 'error', reason: 'missing-auth' });
    expect(c.message).toMatch(/route.*stage|stage/);
  });
  it('a route defined but not deployed (deployed: false) is not served: Missing Authentication Token', async () => {
    const undeployed = newState(
      worldWith((w) => {
        const orders = Object.values(w.apis).find((a) => a.id === ORDERS)!;
        orders.routes.push({ method: 'GET', path: '/later', authorizationType: 'AWS_IAM', deployed: false });
      }),
    );
    const c = await classified(undeployed, await assume(undeployed, 'CheckoutRole'), ORDERS, 'GET', '/later');
    expect(c).toMatchObject({ outcome: 'error', reason: 'missing-auth', status: 403 });
  });
  it('the settings only act once the policies allow: a denied caller still gets the denial', async () => {
    const batch = await assume(state, 'BatchRole');
    expect(await classified(state, batch, ORDERS, 'GET', '/answers/backend-403')).toMatchObject({
      outcome: 'denied',
      reason: 'endpoint-policy',
    });
  });
});
