import { getEventListeners } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, type GatewayCall } from '../../src/gateway/index.js';
import { parseAuthorization, signRequest } from '../../src/signing/sign.js';
import type { SignedRequest } from '../../src/signing/types.js';
import { API_ID, AWS_NAMES, makeTestPki, REGION, VPCE_DNS, VPCE_ID, type TestPki } from './tls-fixture.js';
import { watchListenerWarnings } from '../listener-warnings.js';

interface Seen {
  host: string;
  sni: string | false;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
type Handler = (seen: Seen, res: import('node:http').ServerResponse, n: number) => void;

let pki: TestPki;
let server: https.Server;
let port: number;
let seen: Seen[] = [];
let handler: Handler = (_s, res) => res.end('{"ok":true}');

beforeAll(async () => {
  pki = makeTestPki(AWS_NAMES);
  server = https.createServer({ key: pki.keyPem, cert: pki.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        host: req.headers.host ?? '',
        sni: (req.socket as TLSSocket).servername ?? false,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      handler(s, res, seen.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/key', sessionToken: 'tok' };
const api = { id: API_ID, region: REGION, stage: 'prod' };
const endpoint = { id: VPCE_ID, dnsName: VPCE_DNS };

function client(extra: Parameters<typeof createGatewayClient>[0] = {}) {
  return createGatewayClient({
    ca: pki.caPem,
    connectTo: [`::127.0.0.1:${port}`],
    backoffBaseMs: 1,
    ...extra,
  });
}

function reset(h: Handler = (_s, res) => res.end('{"ok":true}')) {
  seen = [];
  handler = h;
}

/** One signed GET / (or what `call` changes) through a fresh client to the test server. */
async function sendOnce(call: Partial<GatewayCall>): Promise<void> {
  reset();
  const gw = client();
  await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds, ...call });
  gw.close();
}

/** Recompute the signature over what the server received (the way a verifier would). */
async function verifies(s: Seen): Promise<boolean> {
  const auth = parseAuthorization(String(s.headers.authorization));
  if (!auth) return false;
  const [path = '', query = ''] = s.url.split('?');
  const headers: Record<string, string> = {};
  for (const h of auth.signedHeaders) if (h !== 'host') headers[h] = String(s.headers[h]);
  const d = String(s.headers['x-amz-date']);
  const date = new Date(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  );
  const again = await signRequest(
    { method: s.method, host: s.host, path, query, headers, body: s.body || undefined },
    { region: REGION, credentials: creds, date },
  );
  return again.headers.authorization === s.headers.authorization;
}

describe('addressing modes: Host sent, host signed, SNI', () => {
  const apiHost = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
  const cases: Array<{ mode: GatewayCall['addressing']; host: string; sni: string; apiIdHeader?: string }> = [
    { mode: 'private-dns', host: apiHost, sni: apiHost },
    {
      mode: 'alias',
      host: `${API_ID}-${VPCE_ID}.execute-api.${REGION}.amazonaws.com`,
      sni: `${API_ID}-${VPCE_ID}.execute-api.${REGION}.amazonaws.com`,
    },
    { mode: 'endpoint-host', host: apiHost, sni: VPCE_DNS },
    { mode: 'endpoint-api-id', host: VPCE_DNS, sni: VPCE_DNS, apiIdHeader: API_ID },
  ];
  for (const c of cases) {
    it(`${c.mode}: Host ${c.host}, SNI ${c.sni}`, async () => {
      reset();
      const gw = client();
      let signed: SignedRequest | undefined;
      const r = await gw.call({
        api,
        endpoint,
        addressing: c.mode,
        method: 'GET',
        path: '/orders?b=2&a=1',
        credentials: creds,
        onSigned: (s) => (signed = s),
      });
      gw.close();
      expect(r.outcome).toBe('allowed');
      expect(r.reason).toBe('integration');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.host).toBe(c.host);
      expect(seen[0]!.sni).toBe(c.sni);
      expect(seen[0]!.url).toBe('/prod/orders?b=2&a=1');
      expect(seen[0]!.headers['x-apigw-api-id']).toBe(c.apiIdHeader);
      expect(signed!.canonicalRequest).toContain(`\nhost:${c.host}\n`);
      expect(await verifies(seen[0]!)).toBe(true);
    });
  }

  it('needs the endpoint DNS name for endpoint-host', async () => {
    const gw = client();
    await expect(
      gw.call({
        api,
        endpoint: { id: VPCE_ID },
        addressing: 'endpoint-host',
        method: 'GET',
        path: '/',
        credentials: creds,
      }),
    ).rejects.toThrow(/endpoint-specific DNS name/);
    gw.close();
  });
});

describe('signing, anonymous and tampered calls', () => {
  it('sends no Authorization when anonymous', async () => {
    reset();
    const gw = client();
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: null });
    gw.close();
    expect(r.status).toBe(200);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers['x-amz-date']).toBeUndefined();
  });

  it('signs a POST body and a percent-encoded path as sent', async () => {
    await sendOnce({ method: 'POST', path: '/a%40b/c d', body: '{"x":1}' });
    expect(seen[0]!.url).toBe('/prod/a%40b/c%20d');
    expect(seen[0]!.body).toBe('{"x":1}');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(await verifies(seen[0]!)).toBe(true);
  });

  it('a tampered signature no longer verifies', async () => {
    await sendOnce({ tamper: 'signature' });
    expect(await verifies(seen[0]!)).toBe(false);
  });

  it('sends the token unsigned when signSessionToken is false', async () => {
    await sendOnce({ signSessionToken: false });
    expect(seen[0]!.headers['x-amz-security-token']).toBe('tok');
    expect(parseAuthorization(String(seen[0]!.headers.authorization))!.signedHeaders).not.toContain(
      'x-amz-security-token',
    );
  });
});

describe('retries', () => {
  it('retries a 503, re-signing: the server sees two different valid signatures', async () => {
    reset((_s, res, n) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end(n === 1 ? '{"message":"Service Unavailable"}' : '{"ok":true}');
    });
    let t = Date.parse('2026-03-01T10:00:00Z');
    const gw = client({ now: () => new Date((t += 1000)) });
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r.attempts).toBe(2);
    expect(r.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers.authorization).not.toBe(seen[1]!.headers.authorization);
    expect(seen[0]!.headers['x-amz-date']).not.toBe(seen[1]!.headers['x-amz-date']);
    expect(await verifies(seen[0]!)).toBe(true);
    expect(await verifies(seen[1]!)).toBe(true);
  });

  it('never retries a 403', async () => {
    reset((_s, res) => {
      res.statusCode = 403;
      res.setHeader('x-amzn-ErrorType', 'ForbiddenException');
      res.end('{"message":"Forbidden"}');
    });
    const gw = client();
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: 403, outcome: 'error', reason: 'forbidden', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('gives up after the retry budget with throttled', async () => {
    reset((_s, res) => {
      res.statusCode = 429;
      res.end('{"message":"Too Many Requests"}');
    });
    const gw = client({ retries: 2 });
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: 429, outcome: 'error', reason: 'throttled', attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it('backs off exponentially with jitter between attempts, bounded by the retry budget', async () => {
    const times: number[] = [];
    reset((_s, res) => {
      times.push(performance.now());
      res.statusCode = 502;
      res.end('{"message":"Bad Gateway"}');
    });
    const gw = client({ retries: 3, backoffBaseMs: 40, random: () => 1 }); // jitter at its top: 40, 80, 160 ms
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: 502, outcome: 'error', reason: 'server-error', attempts: 4 });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);

    times.length = 0;
    seen = [];
    // Jitter at its bottom: no wait. A base of ten minutes, so a wait that jitter failed to cut would
    // meet the test's bound (vitest.config.ts) and fail it, where a bound on wall time (< 4 s before)
    // could fail a busy machine's honest run.
    const fast = client({ retries: 3, backoffBaseMs: 600_000, random: () => 0 });
    await fast.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    fast.close();
    expect(seen).toHaveLength(4);
  });

  it('retries a connection reset', async () => {
    reset((s, res, n) => {
      if (n === 1) res.socket?.destroy();
      else res.end('{"ok":true}');
    });
    const gw = client();
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r.attempts).toBe(2);
    expect(r.outcome).toBe('allowed');
  });
});

describe('connections', () => {
  it('keeps connections alive between calls to the same host', async () => {
    reset();
    const ports: number[] = [];
    const onConn = (sock: import('node:tls').TLSSocket) => ports.push(sock.remotePort ?? 0);
    server.on('secureConnection', onConn);
    const gw = client();
    await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/a', credentials: creds });
    await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/b', credentials: creds });
    gw.close();
    server.off('secureConnection', onConn);
    expect(seen).toHaveLength(2);
    expect(ports).toHaveLength(1);
  });

  it('opens a fresh connection per call without keep-alive', async () => {
    reset();
    let conns = 0;
    const onConn = () => conns++;
    server.on('secureConnection', onConn);
    const gw = client({ keepAlive: false });
    await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/a', credentials: creds });
    await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/b', credentials: creds });
    gw.close();
    server.off('secureConnection', onConn);
    expect(conns).toBe(2);
  });

  it('--resolve sends TCP to the address given for the URL host', async () => {
    reset();
    const gw = createGatewayClient({
      ca: pki.caPem,
      resolve: [`${API_ID}.execute-api.${REGION}.amazonaws.com:${port}:127.0.0.1`],
    });
    const r = await gw.call({
      api,
      addressing: 'private-dns',
      method: 'GET',
      path: '/',
      credentials: creds,
      port,
    });
    gw.close();
    expect(r.outcome).toBe('allowed');
    // With a non-default port in the URL, the Host header and the signed host carry it.
    expect(seen[0]!.host).toBe(`${API_ID}.execute-api.${REGION}.amazonaws.com:${port}`);
    expect(await verifies(seen[0]!)).toBe(true);
  });
});

describe('clock skew', () => {
  it('says how far off the local clock is when AWS says the signature expired', async () => {
    reset((_s, res) => {
      res.statusCode = 403;
      res.setHeader('x-amzn-ErrorType', 'InvalidSignatureException');
      res.end(
        '{"message":"Signature expired: 20260301T100000Z is now earlier than 20260301T101500Z (20260301T102000Z - 5 min.)"}',
      );
    });
    const gw = client();
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({
      outcome: 'error',
      reason: 'bad-signature',
      attempts: 1,
      clockSkewSeconds: -1200,
    });
    expect(r.message).toContain('the local clock is 1200 s off (behind AWS)');
  });
});

describe('failures without an answer', () => {
  it('times out per attempt', async () => {
    reset(() => {
      /* never answer */
    });
    const gw = client({ timeoutMs: 200, retries: 0 });
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: null, outcome: 'error', reason: 'timeout' });
  });

  it('keeps TLS verification on: an unknown CA is a tls error', async () => {
    reset();
    const gw = createGatewayClient({ connectTo: [`::127.0.0.1:${port}`], retries: 0 });
    const path = '/unknown-ca';
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path, credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: null, outcome: 'error', reason: 'tls' });
    // By its path: an earlier test's call that timed out on the client may reach the server late.
    expect(seen.filter((s) => s.url.endsWith(path))).toEqual([]);
  });

  it('checks the certificate against the SNI name, not the address connected to', async () => {
    reset();
    const gw = client({ retries: 0 });
    const r = await gw.call({
      api,
      endpoint: { id: VPCE_ID, dnsName: 'vpce-x.example.com' },
      addressing: 'endpoint-api-id',
      method: 'GET',
      path: '/',
      credentials: creds,
    });
    gw.close();
    expect(r.reason).toBe('tls');
  });

  it('reports a refused connection as network', async () => {
    const gw = createGatewayClient({ ca: pki.caPem, connectTo: ['::127.0.0.1:1'], retries: 0 });
    const r = await gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    gw.close();
    expect(r).toMatchObject({ status: null, outcome: 'error', reason: 'network' });
  });
});

describe('an interrupted run (SIGINT/SIGTERM aborts the client signal)', () => {
  it('cuts off the request in flight (the server sees it closed unanswered) and sends nothing after', async () => {
    const held: import('node:http').ServerResponse[] = [];
    let closedUnanswered = 0;
    let arrived: () => void = () => undefined;
    const first = new Promise<void>((r) => (arrived = r));
    reset((_s, res) => {
      held.push(res);
      res.on('close', () => {
        if (!res.headersSent) closedUnanswered++;
      });
      arrived();
    });
    const run = new AbortController();
    // Retries on and a long timeout: only the abort can end this call early.
    const gw = client({ signal: run.signal, retries: 3, timeoutMs: 600_000 });
    const call = () =>
      gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    const inFlight = call();
    await first;
    expect(seen).toHaveLength(1);
    run.abort();
    await expect(inFlight).rejects.toMatchObject({ name: 'Interrupted' });
    await expect(call()).rejects.toMatchObject({ name: 'Interrupted' });
    // The server learns of the cut: its held response closes without having been answered.
    await new Promise<void>((r) => (held[0]!.closed ? r() : held[0]!.on('close', () => r())));
    expect(closedUnanswered).toBe(1);
    expect(seen).toHaveLength(1); // no retry, no second request
    gw.close();
  });

  it('many calls in flight on one run signal: one abort listener, no MaxListenersExceededWarning, all cut off', async () => {
    // Node adds one listener per request given the signal; over ten at once it warned of a leak.
    const listenerWarnings = watchListenerWarnings();
    const held: import('node:http').ServerResponse[] = [];
    let all: () => void = () => undefined;
    const arrived = new Promise<void>((r) => (all = r));
    reset((_s, res) => {
      held.push(res);
      if (held.length === 12) all();
    });
    const run = new AbortController();
    const gw = client({ signal: run.signal, retries: 0, timeoutMs: 600_000, maxSockets: 12 });
    const calls = Array.from({ length: 12 }, () =>
      gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds }),
    );
    await arrived;
    const listeners = getEventListeners(run.signal, 'abort').length;
    run.abort();
    for (const c of calls) await expect(c).rejects.toMatchObject({ name: 'Interrupted' });
    gw.close();
    expect(listeners).toBeLessThanOrEqual(1);
    await listenerWarnings.expectNone();
  });

  it('an abort during the backoff between retries ends the call without another attempt', async () => {
    let aborted: () => void = () => undefined;
    const run = new AbortController();
    reset((_s, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}');
      aborted();
    });
    const gw = client({ signal: run.signal, retries: 5, backoffBaseMs: 60_000, random: () => 1 });
    const done = new Promise<void>((r) => (aborted = r));
    const c = gw.call({ api, addressing: 'private-dns', method: 'GET', path: '/', credentials: creds });
    await done;
    run.abort();
    await expect(c).rejects.toMatchObject({ name: 'Interrupted' });
    expect(seen).toHaveLength(1);
    gw.close();
  });
});
