// The sandbox's AWS behaviour without sockets: who reaches what in the demo world (the decisions are
// the policy engine's), addressing modes, authentication, error shapes, faults, counters.
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayErrors } from '../../src/sandbox/errors.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import type { Credentials } from '../../src/signing/types.js';
import {
  apiHost,
  asReply,
  assume,
  HUB,
  invoke,
  newState,
  outcome,
  wrongSecret,
  type InvokeOpts,
  expectError,
} from './helpers.js';

const ID = {
  orders: 'a1b2c3d4e5',
  payments: 'b2c3d4e5f6',
  inventory: 'c3d4e5f6a7',
  legacy: 'd4e5f6a7b8',
} as const;
type Api = keyof typeof ID;

// [role, api, "METHOD /path", outcome]: the world file's comment block, cell by cell.
const MATRIX: [string, Api, string, string][] = [
  ['CheckoutRole', 'orders', 'GET /orders', 'allow'],
  ['CheckoutRole', 'orders', 'POST /orders', 'allow'],
  ['CheckoutRole', 'orders', 'DELETE /orders/42', 'allow'],
  ['CheckoutRole', 'payments', 'GET /payments', 'resource'],
  ['CheckoutRole', 'payments', 'POST /payments', 'allow'],
  ['CheckoutRole', 'inventory', 'PUT /items/7', 'allow'],
  ['ReportingRole', 'orders', 'GET /orders/42', 'allow'],
  ['ReportingRole', 'orders', 'POST /orders', 'identity'],
  ['ReportingRole', 'inventory', 'GET /items', 'allow'],
  ['ReportingRole', 'inventory', 'PUT /items/7', 'identity'],
  ['ReportingRole', 'payments', 'GET /payments', 'resource'],
  ['AuditRole', 'orders', 'GET /orders', 'allow'],
  ['AuditRole', 'orders', 'POST /orders', 'resource!'],
  ['AuditRole', 'orders', 'DELETE /orders/1', 'resource!'],
  ['AuditRole', 'payments', 'GET /payments', 'resource!'],
  ['AuditRole', 'payments', 'GET /health', 'resource!'],
  ['AuditRole', 'inventory', 'PUT /items/7', 'allow'],
  ['PaymentsRole', 'payments', 'GET /payments/9', 'allow'],
  ['PaymentsRole', 'payments', 'POST /payments', 'allow'],
  ['PaymentsRole', 'orders', 'GET /orders', 'allow'],
  ['PaymentsRole', 'orders', 'POST /orders', 'identity'],
  ['PaymentsRole', 'inventory', 'GET /items', 'identity'],
  ['InventoryRole', 'inventory', 'GET /items', 'allow'],
  ['InventoryRole', 'inventory', 'PUT /items/1', 'allow'],
  ['InventoryRole', 'orders', 'GET /orders', 'identity'],
  ['InventoryRole', 'payments', 'GET /payments', 'resource'],
  ['BatchRole', 'orders', 'GET /orders', 'endpoint'],
  ['BatchRole', 'inventory', 'GET /items', 'endpoint'],
  ['BatchRole', 'orders', 'GET /health', 'allow'],
  ['PartnerRole', 'orders', 'GET /orders', 'endpoint'],
  ['PartnerRole', 'inventory', 'GET /health', 'allow'],
  ['anonymous', 'orders', 'GET /health', 'allow'],
  ['anonymous', 'payments', 'GET /health', 'allow'],
  ['anonymous', 'orders', 'GET /orders', 'endpoint'],
  ['anonymous', 'payments', 'POST /payments', 'endpoint'],
  // legacy is not associated with the hub endpoint: association is not an access gate, its
  // resource policy's aws:SourceVpce guard (only its own endpoint) refuses the call.
  ['CheckoutRole', 'legacy', 'GET /status', 'resource!'],
  ['anonymous', 'legacy', 'GET /status', 'endpoint'],
  ['CheckoutRole', 'orders', 'GET /nosuch', 'missing-auth'],
  ['CheckoutRole', 'orders', 'PATCH /orders', 'missing-auth'],
];

let state: SandboxState;
const creds = new Map<string, Credentials | null>();
beforeAll(async () => {
  state = newState();
  creds.set('anonymous', null);
  for (const role of new Set(MATRIX.map((m) => m[0])))
    if (role !== 'anonymous') creds.set(role, await assume(state, role));
});

describe('the demo world through the hub endpoint', () => {
  it.each(MATRIX)('%s -> %s %s: %s', async (role, api, probe, expected) => {
    const [method, path] = probe.split(' ') as [string, string];
    const r = await invoke(state, {
      method,
      path: `/prod${path}`,
      host: apiHost(ID[api]),
      creds: creds.get(role)!,
    });
    expect(outcome(r)).toBe(expected);
  });

  it('answers the echo integration with route, caller, api and stage', async () => {
    const r = asReply(
      await invoke(state, {
        path: '/prod/orders/42?x=1',
        host: apiHost(ID.orders),
        creds: creds.get('CheckoutRole')!,
      }),
    );
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      route: 'GET /orders/{id}',
      method: 'GET',
      path: '/orders/42',
      stage: 'prod',
      api: { alias: 'orders', id: ID.orders, account: '222222222222' },
      caller: {
        arn: 'arn:aws:sts::111111111111:assumed-role/CheckoutRole/test',
        principalArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
      },
      endpoint: HUB,
      addressing: 'private-dns',
    });
    expect(body.requestId).toBe(r.headers['x-amzn-RequestId']);
    expect(r.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('shapes IAM denials as AWS does: AccessDeniedException, "Message", masked account', async () => {
    const r = asReply(
      await invoke(state, {
        method: 'POST',
        path: '/prod/orders',
        host: apiHost(ID.orders),
        creds: creds.get('AuditRole')!,
      }),
    );
    expect(r.status).toBe(403);
    expect(r.headers['x-amzn-ErrorType']).toBe('AccessDeniedException');
    expect(JSON.parse(r.body)).toEqual({
      Message:
        'User: arn:aws:sts::111111111111:assumed-role/AuditRole/test is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/POST/orders with an explicit deny in a resource-based policy',
    });
    const e = asReply(await invoke(state, { path: '/prod/orders', host: apiHost(ID.orders) }));
    expect(JSON.parse(e.body).Message).toBe(
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/GET/orders because no VPC endpoint policy allows the execute-api:Invoke action',
    );
  });

  it('shapes gateway errors with "message" and the error type header', async () => {
    const r = asReply(
      await invoke(state, {
        path: '/prod/status',
        host: `${ID.legacy}-${HUB}.execute-api.us-west-2.amazonaws.com`,
      }),
    );
    expectError(r, 403, 'ForbiddenException', { message: 'Forbidden' });
    const m = asReply(
      await invoke(state, {
        path: '/beta/orders',
        host: apiHost(ID.orders),
        creds: creds.get('CheckoutRole')!,
      }),
    );
    expectError(m, 403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' });
  });

  it('answers an unsigned request to an AWS_IAM route that the endpoint admits with Missing Authentication Token', async () => {
    // A world whose endpoint policy is the default (everyone): authentication is then what refuses.
    const open = newState(
      (() => {
        const w = structuredClone(state.world);
        delete w.endpoints.hub!.policy;
        return w;
      })(),
    );
    expect(outcome(await invoke(open, { path: '/prod/orders', host: apiHost(ID.orders) }))).toBe(
      'missing-auth',
    );
    expect(outcome(await invoke(open, { path: '/prod/health', host: apiHost(ID.orders) }))).toBe('allow');
  });
});

describe('request context', () => {
  it('carries aws:SecureTransport (false over plain HTTP) and the sandbox clock', async () => {
    const w = structuredClone(state.world);
    const doc = w.apis.orders!.resourcePolicy as { Statement: unknown[] };
    doc.Statement.push({
      Sid: 'DenyPlainHttp',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const s = newState(w);
    expect(outcome(await invoke(s, { path: '/prod/health', host: apiHost(ID.orders) }))).toBe('allow');
    expect(outcome(await invoke(s, { path: '/prod/health', host: apiHost(ID.orders), tls: false }))).toBe(
      'resource!',
    );
  });
});

describe('addressing modes', () => {
  const dns = () => state.endpoints.get(HUB)!.dnsNames[0]!;

  it('reaches an API with no association through private DNS and the endpoint names; the alias needs it', async () => {
    const w = structuredClone(state.world);
    w.apis.orders!.vpcEndpointIds = [];
    const s = newState(w);
    const c = await assume(s, 'CheckoutRole');
    const via = async (o: Partial<InvokeOpts>) =>
      outcome(await invoke(s, { path: '/prod/orders', host: apiHost(ID.orders), creds: c, ...o }));
    expect(await via({})).toBe('allow');
    expect(await via({ sni: dns() })).toBe('allow');
    expect(await via({ host: dns(), headers: { 'x-apigw-api-id': ID.orders } })).toBe('allow');
    expect(await via({ host: `${ID.orders}-${HUB}.execute-api.us-west-2.amazonaws.com` })).toBe('forbidden');
  });

  it('checks the signature of a call to an API not associated with the endpoint (no Forbidden first)', async () => {
    const c = creds.get('CheckoutRole')!;
    const bad = { ...c, secretAccessKey: wrongSecret(c.secretAccessKey) };
    expect(outcome(await invoke(state, { path: '/prod/status', host: apiHost(ID.legacy), creds: bad }))).toBe(
      'InvalidSignatureException',
    );
    const old = new Date(state.now().getTime() - 20 * 60_000);
    expect(
      outcome(await invoke(state, { path: '/prod/status', host: apiHost(ID.legacy), creds: c, date: old })),
    ).toBe('InvalidSignatureException');
  });

  it('finds the API from the private DNS name, the alias, the endpoint name + Host, and the endpoint name + x-apigw-api-id', async () => {
    const c = creds.get('CheckoutRole')!;
    const modes = [
      await invoke(state, { path: '/prod/orders', host: apiHost(ID.orders), creds: c }),
      await invoke(state, {
        path: '/prod/orders',
        host: `${ID.orders}-${HUB}.execute-api.us-west-2.amazonaws.com`,
        creds: c,
      }),
      await invoke(state, { path: '/prod/orders', host: apiHost(ID.orders), sni: dns(), creds: c }),
      await invoke(state, {
        path: '/prod/orders',
        host: dns(),
        headers: { 'x-apigw-api-id': ID.orders },
        creds: c,
      }),
      await invoke(state, {
        path: '/prod/orders',
        host: state.endpoints.get(HUB)!.dnsNames[1]!,
        headers: { 'x-apigw-api-id': ID.orders },
        creds: c,
      }),
    ];
    expect(modes.map((r) => JSON.parse(asReply(r).body).addressing)).toEqual([
      'private-dns',
      'alias',
      'endpoint-host',
      'endpoint-api-id',
      'endpoint-api-id',
    ]);
  });

  it('is Forbidden through the endpoint name without Host or x-apigw-api-id, or for an unknown API', async () => {
    expect(outcome(await invoke(state, { path: '/prod/orders', host: dns() }))).toBe('forbidden');
    expect(
      outcome(
        await invoke(state, {
          path: '/prod/orders',
          host: dns(),
          headers: { 'x-apigw-api-id': 'zzzzzzzzzz' },
        }),
      ),
    ).toBe('forbidden');
    expect(outcome(await invoke(state, { path: '/prod/orders', host: apiHost('zzzzzzzzzz') }))).toBe(
      'forbidden',
    );
    // The alias of an endpoint the API does not accept.
    expect(
      outcome(
        await invoke(state, {
          path: '/prod/orders',
          host: `${ID.orders}-vpce-0fedcba9876543210.execute-api.us-west-2.amazonaws.com`,
        }),
      ),
    ).toBe('forbidden');
    // Another region than the endpoint's.
    expect(
      outcome(
        await invoke(state, {
          path: '/prod/health',
          host: `${ID.orders}.execute-api.eu-west-1.amazonaws.com`,
        }),
      ),
    ).toBe('forbidden');
  });

  it('refuses a request signed for the URL host but sent with an overridden Host (awscurl #68)', async () => {
    const r = asReply(
      await invoke(state, {
        path: '/prod/orders',
        host: apiHost(ID.orders),
        sni: dns(),
        signedHost: dns(),
        creds: creds.get('CheckoutRole')!,
      }),
    );
    expect([r.status, r.headers['x-amzn-ErrorType']]).toEqual([403, 'InvalidSignatureException']);
  });
});

describe('authentication on execute-api', () => {
  it('accepts the session token signed or unsigned', async () => {
    for (const signSessionToken of [true, false]) {
      const r = await invoke(state, {
        path: '/prod/orders',
        host: apiHost(ID.orders),
        creds: creds.get('CheckoutRole')!,
        signSessionToken,
      });
      expect(outcome(r)).toBe('allow');
    }
  });

  it('maps verifier failures onto the gateway error table', async () => {
    const c = creds.get('CheckoutRole')!;
    const at = (o: Parameters<typeof invoke>[1]) => invoke(state, o).then(asReply);
    const bad = await at({
      path: '/prod/orders',
      host: apiHost(ID.orders),
      creds: { ...c, secretAccessKey: `${c.secretAccessKey}x` },
    });
    expect(bad.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
    const unknown = await at({
      path: '/prod/orders',
      host: apiHost(ID.orders),
      creds: { accessKeyId: 'AKIAUNKNOWNUNKNOWN01', secretAccessKey: 'x'.repeat(40) },
    });
    expectError(unknown, 403, 'UnrecognizedClientException', {
      message: 'The security token included in the request is invalid.',
    });
    const skewed = await at({
      path: '/prod/orders',
      host: apiHost(ID.orders),
      creds: c,
      date: new Date(Date.now() - 10 * 60_000),
    });
    expect(skewed.headers['x-amzn-ErrorType']).toBe('InvalidSignatureException');
    expect(JSON.parse(skewed.body).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const incomplete = await at({
      path: '/prod/orders',
      host: apiHost(ID.orders),
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20260101T000000Z' },
    });
    expect(incomplete.headers['x-amzn-ErrorType']).toBe('IncompleteSignatureException');
  });

  // API Gateway developer guide, apigateway-vpc-endpoint-policies ("VPC endpoint policy
  // considerations"): the endpoint policy sees "Non-SigV4 authorization information, such as a bearer
  // token" as an anonymous invoker, and "Invalid SigV4 or SigV4a signature" as access denied; then the
  // method's authorization type decides. So a bearer token is anonymous, never a signature refusal,
  // until an AWS_IAM method needs a signature (docs/aws-behaviour.md §6).
  describe('an Authorization header that is not SigV4 (a bearer token)', () => {
    const bearer = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', 'x-amz-date': '20260101T000000Z' };
    const viaLegacy = `${ID.legacy}-vpce-0fedcba9876543210.execute-api.us-west-2.amazonaws.com`;

    it('is an anonymous caller on a NONE route the endpoint policy opens to everyone', async () => {
      const r = asReply(
        await invoke(state, { path: '/prod/health', host: apiHost(ID.orders), headers: bearer }),
      );
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).caller).toEqual({ arn: 'anonymous' });
    });

    it('is refused by the endpoint policy as anonymous on a route it opens only to named roles', async () => {
      const r = asReply(
        await invoke(state, { path: '/prod/orders', host: apiHost(ID.orders), headers: bearer }),
      );
      expectError(r, 403, 'AccessDeniedException', {
        Message:
          'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/GET/orders because no VPC endpoint policy allows the execute-api:Invoke action',
      });
    });

    it('meets an AWS_IAM method as an incomplete signature once the endpoint policy lets it by', async () => {
      // The legacy endpoint has no policy of its own (the default one allows everyone).
      const r = asReply(await invoke(state, { path: '/prod/status', host: viaLegacy, headers: bearer }));
      expect([r.status, r.headers['x-amzn-ErrorType']]).toEqual([403, 'IncompleteSignatureException']);
      expect(JSON.parse(r.body).message).toMatch(/^Authorization header requires 'Credential' parameter\./);
      // Unsigned, the same method answers Missing Authentication Token (no Authorization at all).
      const unsigned = asReply(await invoke(state, { path: '/prod/status', host: viaLegacy }));
      expect(unsigned.headers['x-amzn-ErrorType']).toBe('MissingAuthenticationTokenException');
    });

    // `aws4-hmac-sha256` (the algorithm miscased): whether API Gateway reads it as SigV4, as no SigV4
    // (anonymous) or refuses it is not documented (docs/aws-behaviour.md §21). Read as anonymous, a
    // NONE route let it through and a named-role endpoint policy answered it with a *denial*, a
    // guess the classifier would count; the sandbox now refuses it as an incomplete signature on
    // every route (the classifier's `error`, never allowed or denied).
    it('refuses a SigV4 header with its algorithm miscased on every route, never as anonymous', async () => {
      const c = await assume(state, 'CheckoutRole');
      for (const [path, host] of [
        ['/prod/health', apiHost(ID.orders)],
        ['/prod/orders', apiHost(ID.orders)],
        ['/prod/status', viaLegacy],
      ] as const) {
        for (const algorithm of ['aws4-hmac-sha256', 'Aws4-Hmac-Sha256']) {
          const r = asReply(await invoke(state, { path, host, creds: c, algorithm }));
          expect([r.status, r.headers['x-amzn-ErrorType']], `${algorithm} ${path}`).toEqual([
            403,
            'IncompleteSignatureException',
          ]);
        }
        // The same request with the algorithm as written by SigV4 is no refusal of its signature.
        const right = asReply(await invoke(state, { path, host, creds: c }));
        expect(right.headers['x-amzn-ErrorType'] ?? '', path).not.toMatch(/Signature/);
      }
    });

    it('keeps an invalid SigV4 header a refusal, even on a NONE route', async () => {
      const r = asReply(
        await invoke(state, {
          path: '/prod/health',
          host: apiHost(ID.orders),
          headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20260101T000000Z' },
        }),
      );
      expect([r.status, r.headers['x-amzn-ErrorType']]).toEqual([403, 'IncompleteSignatureException']);
    });
  });

  it('refuses a session once it has expired', async () => {
    const s = newState();
    const c = await assume(s, 'CheckoutRole', { DurationSeconds: '900' });
    expect(outcome(await invoke(s, { path: '/prod/orders', host: apiHost(ID.orders), creds: c }))).toBe(
      'allow',
    );
    s.clockOffsetMs += 901_000;
    const r = asReply(await invoke(s, { path: '/prod/orders', host: apiHost(ID.orders), creds: c }));
    expectError(r, 403, 'ExpiredTokenException', {
      message: 'The security token included in the request is expired',
    });
  });
});

describe('faults', () => {
  async function run(
    faults: Parameters<SandboxState['setFaults']>[1],
    n: number,
    seed = 1,
  ): Promise<string[]> {
    const s = newState(undefined, seed);
    s.setFaults('orders', faults);
    const c = await assume(s, 'CheckoutRole');
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await invoke(s, { path: '/prod/orders', host: apiHost(ID.orders), creds: c });
      out.push(r.kind === 'reset' ? 'reset' : `${r.status}${r.delayMs ? `+${r.delayMs}` : ''}`);
    }
    return out;
  }

  it('throttles a share of requests with 429 TooManyRequestsException, the same ones for the same seed', async () => {
    const a = await run({ throttlePercent: 40, seed: 7 }, 60);
    expect(a).toEqual(await run({ throttlePercent: 40, seed: 7 }, 60));
    expect(a).not.toEqual(await run({ throttlePercent: 40, seed: 8 }, 60));
    const throttled = a.filter((x) => x === '429').length;
    expect(throttled).toBeGreaterThan(10);
    expect(throttled).toBeLessThan(40);
    expect(a.filter((x) => x === '200').length).toBe(60 - throttled);
  });

  it('answers 5xx, resets connections, adds latency', async () => {
    expect(new Set(await run({ errorPercent: 100 }, 20))).toEqual(new Set(['500', '503']));
    expect(new Set(await run({ resetPercent: 100 }, 5))).toEqual(new Set(['reset']));
    const slow = await run({ latencyMs: 30, jitterMs: 10 }, 10);
    for (const x of slow) expect(Number(x.split('+')[1])).toBeGreaterThanOrEqual(30);
    for (const x of slow) expect(Number(x.split('+')[1])).toBeLessThanOrEqual(40);
  });

  it('runs the API clock off by clockSkewSeconds, so signatures look expired beyond five minutes', async () => {
    const r = await run({ clockSkewSeconds: 600 }, 1);
    expect(r).toEqual(['403']);
    expect(await run({ clockSkewSeconds: 120 }, 1)).toEqual(['200']);
  });

  it('the throttle error has the AWS shape', () => {
    expect(gatewayErrors.throttled()).toEqual({
      status: 429,
      type: 'TooManyRequestsException',
      body: { message: 'Too Many Requests' },
    });
  });

  it('rejects faults for an unknown API', () => {
    expect(() => newState().setFaults('nosuch', { throttlePercent: 1 })).toThrow(/unknown API "nosuch"/);
  });
});

describe('counters and secrets', () => {
  it('counts requests per operation and AssumeRole per role; lists every secret issued', async () => {
    const s = newState();
    const c1 = await assume(s, 'CheckoutRole');
    const c2 = await assume(s, 'CheckoutRole');
    await assume(s, 'PaymentsRole');
    await invoke(s, { path: '/prod/orders', host: apiHost(ID.orders), creds: c1 });
    expect(s.counters.assumeRole).toEqual({ CheckoutRole: 2, PaymentsRole: 1 });
    expect(s.counters.requests['sts:AssumeRole']).toBe(3);
    expect(s.counters.requests['execute-api:Invoke']).toBe(1);
    const secrets = s.issuedSecrets();
    for (const c of [c1, c2])
      expect(secrets).toEqual(expect.arrayContaining([c.secretAccessKey, c.sessionToken]));
    expect(secrets).toContain(s.world.harness.secretAccessKey);
  });
});

describe('secrets', () => {
  it('never appear in an answer other than the AssumeRole that issued them', async () => {
    const s = newState();
    const c = await assume(s, 'CheckoutRole');
    const wrong = { ...c, secretAccessKey: `${c.secretAccessKey.slice(0, -1)}Z` };
    const bodies: string[] = [];
    const record = (r: Awaited<ReturnType<typeof invoke>>) => {
      if (r.kind === 'reply') bodies.push(r.body, JSON.stringify(r.headers));
    };
    const cases: InvokeOpts[] = [
      { path: '/prod/orders', host: apiHost(ID.orders), creds: c },
      { path: '/prod/payments', host: apiHost(ID.payments), creds: c },
      { path: '/prod/orders', host: apiHost(ID.orders), creds: wrong },
      { path: '/prod/orders', host: apiHost(ID.orders), creds: c, date: new Date(Date.now() + 3_600_000) },
      {
        path: '/prod/orders',
        host: apiHost(ID.orders),
        headers: { authorization: `Bearer ${c.sessionToken}`, 'x-amz-date': '20260101T000000Z' },
      },
      {
        path: '/prod/orders',
        host: apiHost(ID.orders),
        headers: { authorization: `AWS4-HMAC-SHA256 Credential=${c.sessionToken}` },
      },
      {
        path: '/prod/orders',
        host: apiHost(ID.orders),
        headers: {
          'x-amz-security-token': c.sessionToken!,
          'x-amz-date': 'junk',
          authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00',
        },
      },
    ];
    for (const o of cases) {
      record(await invoke(s, o));
    }
    for (const body of bodies) {
      for (const secret of [c.secretAccessKey, c.sessionToken!, s.world.harness.secretAccessKey])
        expect(body).not.toContain(secret);
    }
    expect(bodies.length).toBeGreaterThanOrEqual(14);
  });
});
