// Robustness: at least 1,000 random malformed requests over raw sockets (bad request lines, bad
// headers, broken Authorization, huge headers, junk methods, bad bodies, unknown hosts). Every one
// gets an answer (an HTTP status line, never a 5xx) and the server still serves afterwards.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { seeded } from '../../src/sandbox/state.js';
import { WORLD_FILE } from './helpers.js';

const API = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
const VPCE = 'vpce-0123456789abcdef0-abcdefgh.execute-api.us-west-2.vpce.amazonaws.com';

function generator(seed: number) {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const junk = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
  const hosts = [
    API,
    VPCE,
    '127.0.0.1',
    'example.com',
    'zzzzzzzzzz.execute-api.us-west-2.amazonaws.com',
    '',
    'a'.repeat(300),
    `${API}:99999`,
  ];
  const auths = [
    'AWS4-HMAC-SHA256',
    'AWS4-HMAC-SHA256 Credential=',
    'AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=00',
    'AWS4-HMAC-SHA256 Credential=AKIASANDBOXHARNESS01/20260101/us-west-2/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef',
    'AWS4-HMAC-SHA256 Credential=AKIASANDBOXHARNESS01/20260101/us-west-2/sts/aws4_request, SignedHeaders=, Signature=',
    'AWS4-HMAC-SHA256 Credential=AKIASANDBOXHARNESS01/x/y/z/w, SignedHeaders=host, Signature=zz',
    'Bearer eyJhbGciOi.junk',
    'Basic dXNlcjpwYXNz',
    'AWS4-HMAC-SHA256 ,,,,,,,,',
    'AWS4-HMAC-SHA256 Credential=a/b/c/execute-api/aws4_request, SignedHeaders=host;;;, Signature=1',
  ];
  const dates = ['20260101T000000Z', 'yesterday', '99999999T999999Z', '', 'Thu, 01 Jan 1970 00:00:00 GMT'];
  type Make = () => string | Buffer;
  const makers: Make[] = [
    // bad request lines
    () => `${junk(1 + Math.floor(rnd() * 40))}\r\n\r\n`,
    () => `GET\r\n\r\n`,
    () => `GET / HTTP/${pick(['9.9', '1', 'x', '1.1.1'])}\r\nHost: ${API}\r\n\r\n`,
    () => Buffer.concat([bytes(1 + Math.floor(rnd() * 200)), Buffer.from('\r\n\r\n')]),
    () => `${pick(['FOO', 'G E T', 'GET\t', '123'])} /prod/orders HTTP/1.1\r\nHost: ${API}\r\n\r\n`,
    () =>
      `GET ${pick(['', 'nopath', '*', '//', '/%', '/prod/%zz/%', `/${'a/'.repeat(500)}`])} HTTP/1.1\r\nHost: ${pick(hosts)}\r\n\r\n`,
    // bad headers
    () =>
      `GET /prod/orders HTTP/1.1\r\nHost: ${API}\r\n${pick(['Bad Header', ': novalue', 'X-A\u0000: b', 'X:\u0001\u0002', ' leading: space'])}\r\n\r\n`,
    () => `GET /prod/orders HTTP/1.1\r\nHost: ${API}\r\nHost: ${VPCE}\r\n\r\n`,
    () =>
      `GET /prod/orders HTTP/1.1\r\nHost: ${pick(hosts)}\r\nX-Big: ${'a'.repeat(17_000 + Math.floor(rnd() * 20_000))}\r\n\r\n`,
    () =>
      `GET /prod/orders HTTP/1.1\r\nHost: ${API}\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`,
    // broken Authorization (execute-api, STS, EC2, API Gateway)
    () =>
      `${pick(['GET', 'POST', 'DELETE', 'PUT'])} ${pick(['/prod/orders', '/prod/health', '/', '/restapis', '/restapis/a1b2c3d4e5'])} HTTP/1.1\r\nHost: ${pick(hosts)}\r\nAuthorization: ${pick(auths)}\r\nX-Amz-Date: ${pick(dates)}\r\nX-Amz-Security-Token: ${junk(8)}\r\nConnection: close\r\n\r\n`,
    () => {
      const body = pick([
        'Action=AssumeRole',
        'Action=AssumeRole&RoleArn=x',
        'Action=DescribeVpcEndpoints&MaxResults=-1',
        '%%%&&&==',
        'Action=',
        junk(50),
      ]);
      return `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: ${pick(auths)}\r\nX-Amz-Date: ${pick(dates)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    },
    // bad bodies
    () =>
      `POST /prod/orders HTTP/1.1\r\nHost: ${API}\r\nContent-Length: ${pick(['-1', 'abc', '99999999999999999999', '1, 2'])}\r\n\r\nxx`,
    () =>
      `POST /prod/orders HTTP/1.1\r\nHost: ${API}\r\nTransfer-Encoding: chunked\r\n\r\n${pick(['zz\r\n', 'fffffffffffffffffff\r\n', '5\r\nab\r\n0\r\n\r\n'])}`,
    () =>
      `POST /prod/orders HTTP/1.1\r\nHost: ${API}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`,
    () => `POST /prod/orders HTTP/1.1\r\nHost: ${API}\r\nContent-Length: 20\r\n\r\nshort`,
    // unknown hosts, unsigned AWS_IAM routes, junk but parseable methods
    () =>
      `${pick(['PROPFIND', 'PATCH', 'OPTIONS', 'TRACE', 'MKCOL'])} /prod/${junk(5).replace(/[\s?#%]/g, 'x')} HTTP/1.1\r\nHost: ${pick(hosts)}\r\nConnection: close\r\n\r\n`,
    () =>
      `GET /prod/orders HTTP/1.1\r\nHost: ${VPCE}\r\nx-apigw-api-id: ${pick(['', 'zzz', 'a1b2c3d4e5'.repeat(3), junk(10)])}\r\nConnection: close\r\n\r\n`,
  ];
  return () => {
    const i = Math.floor(rnd() * makers.length);
    return { kind: i, data: makers[i]!() };
  };
}

/**
 * Send raw bytes, half-close, and read until the first status line (or the socket closes). The
 * sandbox answers or closes every connection by its own timeouts (15 s for headers, 30 s for a
 * request): `timeoutMs` only bounds a hang, far above them (8 s before: a busy machine's slow
 * answer read as none).
 */
function exchange(sock: Socket, data: string | Buffer, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = (v: string) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(got || 'TIMEOUT'), timeoutMs);
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      if (/\r\n\r\n/.test(got)) done(got);
    });
    sock.on('error', () => done(got || 'ERROR'));
    sock.on('close', () => done(got || 'CLOSED'));
    sock.write(data, () => sock.end());
  });
}

let sb: Sandbox;
let tlsSb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox(WORLD_FILE, { http: true });
  tlsSb = await startSandbox(WORLD_FILE);
});
afterAll(async () => {
  await sb?.close();
  await tlsSb?.close();
});

async function healthOk(s: Sandbox, tls: boolean): Promise<boolean> {
  const sock = tls
    ? tlsConnect({ port: s.port, host: '127.0.0.1', servername: API, ca: s.caPem })
    : netConnect(s.port, '127.0.0.1');
  const answer = await exchange(
    sock,
    `GET /prod/health HTTP/1.1\r\nHost: ${API}\r\nConnection: close\r\n\r\n`,
  );
  return answer.startsWith('HTTP/1.1 200');
}

describe('junk', () => {
  it('answers 1,200 random malformed requests with an HTTP status, never a 5xx, and keeps serving', async () => {
    const next = generator(20261126);
    const results: { kind: number; status: string; sample: string }[] = [];
    const N = 1200;
    let i = 0;
    const worker = async () => {
      while (i < N) {
        const n = i++;
        const { kind, data } = next();
        const tls = n % 10 === 0;
        const sock = tls
          ? tlsConnect({
              port: tlsSb.port,
              host: '127.0.0.1',
              servername: n % 20 === 0 ? VPCE : API,
              ca: tlsSb.caPem,
            })
          : netConnect(sb.port, '127.0.0.1');
        const answer = await exchange(sock, data);
        results.push({ kind, status: answer.slice(0, 12), sample: String(data).slice(0, 80) });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(results).toHaveLength(N);
    const unanswered = results.filter((r) => !/^HTTP\/1\.1 \d{3}$/.test(r.status));
    expect(unanswered.slice(0, 5)).toEqual([]);
    const fivexx = results.filter((r) => /^HTTP\/1\.1 5/.test(r.status));
    expect(fivexx.slice(0, 5)).toEqual([]);
    // Most junk is refused outright; every kind of junk was tried.
    expect(new Set(results.map((r) => r.kind)).size).toBeGreaterThanOrEqual(17);
    expect(await healthOk(sb, false)).toBe(true);
    expect(await healthOk(tlsSb, true)).toBe(true);
  });
});
