// A header named in SignedHeaders but absent from the request (issue 11; docs/aws-behaviour.md §59).
// AWS's SigV4 front answers it before any key is read: "'accept' is named as a SignedHeader, but it does
// not exist in the HTTP request." (IncompleteSignatureException, measured on AppSync,
// awslabs/aws-mobile-appsync-sdk-js#702). Until pass 20 the sandbox verified such a header as an empty
// value, so a signature over `name:` (empty) with the header never sent was taken.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/sandbox/server.js';
import { signRequest } from '../../src/signing/sign.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { apiHost, asReply, harnessCreds, newState, parseXml, query, signedLeavingOut } from './helpers.js';

const HOST = apiHost('a1b2c3d4e5');
const words = (name: string) =>
  `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`;

const errorType = (r: { headers: Record<string, string> }) =>
  Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1];

/** A GET to execute-api signed over `extra` headers, then sent without `drop`. */
async function executeApi(extra: Record<string, string>, drop: string[]) {
  const s = newState();
  const signed = await signRequest(
    { method: 'GET', host: HOST, path: '/prod/orders', query: '', headers: extra },
    { region: 'us-west-2', credentials: harnessCreds(s), date: s.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  for (const name of drop) delete headers[name];
  return send(s, headers);
}

/** A GET /prod/orders to execute-api with these headers, to the sandbox. */
async function send(s: SandboxState, headers: Record<string, string>) {
  return asReply(
    await dispatch(s, {
      method: 'GET',
      host: HOST,
      path: '/prod/orders',
      query: '',
      headers,
      body: Buffer.alloc(0),
    }),
  );
}

describe('a signed header absent from the request', () => {
  it('execute-api: 403 IncompleteSignatureException naming the header (not verified as an empty value)', async () => {
    const r = await executeApi({ 'x-client-tag': '' }, ['x-client-tag']);
    expect(r.status, r.body).toBe(403);
    expect(errorType(r), r.body).toMatch(/^IncompleteSignatureException/);
    expect(JSON.parse(r.body).message).toBe(words('x-client-tag'));
  });

  it('execute-api: the same request with the header sent (empty) is verified: the policies answer it', async () => {
    const r = await executeApi({ 'x-client-tag': '' }, []);
    // This caller is not let in by the endpoint policy: an AccessDeniedException shows the signature held.
    expect(errorType(r), r.body).toMatch(/^AccessDeniedException/);
  });

  it('execute-api: an x-amz-* header signed then dropped is refused the same way', async () => {
    const r = await executeApi({ 'x-amz-meta-run': '7' }, ['x-amz-meta-run']);
    expect(r.status, r.body).toBe(403);
    expect(JSON.parse(r.body).message).toBe(words('x-amz-meta-run'));
  });

  it('STS (Query protocol): 400 IncompleteSignature naming the header', async () => {
    const s = newState();
    const r = await query(s, 'sts', { Action: 'GetCallerIdentity' }, harnessCreds(s), {
      tamper: (rec) => {
        const headers = { ...rec.headers };
        delete headers['content-type'];
        return { ...rec, headers };
      },
    });
    expect(r.status, r.body).toBe(400);
    const err = parseXml(r.body).ErrorResponse.Error;
    expect(err.Code).toBe('IncompleteSignature');
    expect(err.Message).toBe(words('content-type'));
  });
});

// Headers the execute-api front changes before the signature is checked (docs/aws-behaviour.md §67): a
// REST API's CloudFront front "always modifies Via and these three X-Forwarded-* headers"
// (FantasticFiasco/aws-signature-version-4#1231, from 403s on signed requests), and an HTTP API refused
// a request that signed `connection: keep-alive` (#1198: hop-by-hop, not forwarded). SDK signers leave
// them out (smithy's unsignable headers, aws/aws-sdk-java-v2#6369 for X-Forwarded-For); curl
// --aws-sigv4 -H signs them. The sandbox verified them as sent, so such a signature was taken.
describe('a signed header the execute-api front changes or drops', () => {
  it.each([
    ['x-forwarded-for', '203.0.113.7'],
    ['x-forwarded-proto', 'https'],
    ['x-forwarded-port', '443'],
    ['via', '1.1 proxy.example'],
  ])('%s: 403 signature mismatch (the front changes it before the check)', async (name, value) => {
    const r = await executeApi({ [name]: value }, []);
    expect(r.status, r.body).toBe(403);
    expect(errorType(r), r.body).toMatch(/^InvalidSignatureException/);
  });
  it('connection (hop-by-hop, dropped by the front): 403 naming it as absent', async () => {
    // Signed by hand over another header, the same way, the signature holds: the policies answer.
    expect(errorType(await executeApiSignedOver('x-client-tag', 'a'))).toMatch(/^AccessDeniedException/);
    const signed = await executeApiSignedOver('connection', 'keep-alive');
    expect(signed.status, signed.body).toBe(403);
    expect(JSON.parse(signed.body).message).toBe(words('connection'));
  });
});

/** A GET to execute-api signed over `name` too (smithy leaves `connection` out unless asked to sign it). */
async function executeApiSignedOver(name: string, value: string) {
  const s = newState();
  const signed = await signedLeavingOut(s, HOST, [], s.now(), '/prod/orders', { [name]: value });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed)) headers[k.toLowerCase()] = v;
  expect(headers.authorization).toMatch(new RegExp(`SignedHeaders=([a-z0-9-]+;)*${name}[;,]`));
  return send(s, headers);
}
