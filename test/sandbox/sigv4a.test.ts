// SigV4a (AWS4-ECDSA-P256-SHA256) on execute-api. API Gateway takes it on IAM-authorized methods:
// "When IAM authorization is enabled, clients must use Signature Version 4a (SigV4a) and Signature
// Version 4 (SigV4) to sign their requests" (API Gateway developer guide,
// api-gateway-control-access-using-iam-policies-to-invoke-api), and its endpoint-policy table reads
// "Valid SigV4 or SigV4a signature: the invoker is evaluated as the authenticated IAM identity from
// the signature" (apigateway-vpc-endpoint-policies); execute-api signed with region `*` answered
// (aws-samples/sigv4a-signing-examples#3, okigan/awscurl#217). Until 2026-12-02 the sandbox refused
// every SigV4a request as an incomplete signature (docs/aws-behaviour.md §6).
//
// The requests here are signed by a small signer written in this file from the published algorithm
// (canonical request by hand, ECDSA over the string to sign), not by the verifier's code.
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxState } from '../../src/sandbox/state.js';
import { SIGV4A_ALGORITHM, sigV4aKeys, sigV4aVerifies } from '../../src/signing/sigv4a.js';
import type { Credentials } from '../../src/signing/types.js';
import { apiHost, assume, getReply, newState, outcome, wrongSecret } from './helpers.js';

const hex = (k: KeyObject, c: 'x' | 'y') =>
  Buffer.from(k.export({ format: 'jwk' })[c]!, 'base64url').toString('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the SigV4a key and signature', () => {
  // The public key every SDK pins for the SigV4 test-suite credentials (AKIDEXAMPLE): e.g.
  // awslabs/aws-crt-nodejs test/signing (ECC_KEY_PUB), aws/aws-sdk-java-v2 http-auth-aws TestUtils
  // (TEST_VERIFICATION_PUB_X/Y), from aws-c-auth's v4a test suite public-key.json.
  it('derives the published key pair from AKIDEXAMPLE', () => {
    const { publicKey } = sigV4aKeys('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    expect([hex(publicKey, 'x'), hex(publicKey, 'y')]).toEqual([
      'b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1',
      '865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518',
    ]);
  });

  // awslabs/aws-c-auth tests/aws-signing-test-suite/v4a/get-vanilla/header-signed-request.txt, signed
  // with the suite's key (key.pem beside get-vanilla-with-session-token; its public point below).
  it("accepts the v4a test suite's get-vanilla signature over its string to sign, and nothing else", () => {
    const suiteKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from('1468963b5323439c3ad5ef5a4065b56c24f5ce94dd810c54b955bebdb989e8d2', 'hex').toString(
          'base64url',
        ),
        y: Buffer.from('2f725498e2b9090e6530c8d35d2a0ae40b72eae1e4727594606eed7208a70095', 'hex').toString(
          'base64url',
        ),
      },
      format: 'jwk',
    });
    const canonical = [
      'GET',
      '/',
      '',
      'host:example.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      'x-amz-region-set:us-east-1',
      '',
      'host;x-amz-date;x-amz-region-set',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n');
    const toSign = `${SIGV4A_ALGORITHM}\n20150830T123600Z\n20150830/service/aws4_request\n${sha256(canonical)}`;
    const signature =
      '3045022100f4c37457a8978d07fa07044d5724237f8c30f8529c4c4cd1f30a4c0e6486303f02207968f80296f1ac3808e3cb45ae1f31c479d071dcad4f0621084cd6d1b6a912bd';
    expect(sigV4aVerifies(suiteKey, toSign, signature)).toBe(true);
    expect(sigV4aVerifies(suiteKey, toSign.replace('us-east-1', 'x'), signature)).toBe(true); // not in the string
    expect(sigV4aVerifies(suiteKey, `${toSign}x`, signature)).toBe(false);
    expect(sigV4aVerifies(suiteKey, toSign, signature.toUpperCase())).toBe(false);
    expect(sigV4aVerifies(suiteKey, toSign, 'zz')).toBe(false);
  });
});

/** A SigV4a-signed GET with no query, headers signed: host, x-amz-date, x-amz-region-set (and the token). */
function signV4a(
  creds: Credentials,
  o: {
    host: string;
    path: string;
    date: Date;
    regionSet?: string;
    signRegionSet?: boolean;
    service?: string;
    /** A canonical query string (names sorted, values encoded), sent as is. */
    query?: string;
  },
): Record<string, string> {
  const amzDate = o.date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const headers: Record<string, string> = { host: o.host, 'x-amz-date': amzDate };
  if (o.regionSet !== undefined) headers['x-amz-region-set'] = o.regionSet;
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const signed = Object.keys(headers)
    .filter((h) => o.signRegionSet !== false || h !== 'x-amz-region-set')
    .sort();
  // The canonical URI encodes each segment once more (non-S3 SigV4); these paths have no '%'.
  const canonical = [
    'GET',
    o.path,
    o.query ?? '',
    ...signed.map((h) => `${h}:${headers[h]}`),
    '',
    signed.join(';'),
    sha256(''),
  ].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${o.service ?? 'execute-api'}/aws4_request`;
  const toSign = `${SIGV4A_ALGORITHM}\n${amzDate}\n${scope}\n${sha256(canonical)}`;
  const { privateKey } = sigV4aKeys(creds.accessKeyId, creds.secretAccessKey);
  const signature = sign('sha256', Buffer.from(toSign), { key: privateKey, dsaEncoding: 'der' }).toString(
    'hex',
  );
  return {
    ...headers,
    authorization: `${SIGV4A_ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  };
}

describe('SigV4a through the sandbox (execute-api, demo world)', () => {
  let state: SandboxState;
  let checkout: Credentials;
  let reporting: Credentials;
  beforeAll(async () => {
    state = newState();
    checkout = await assume(state, 'CheckoutRole');
    reporting = await assume(state, 'ReportingRole');
  });
  const orders = apiHost('a1b2c3d4e5');
  const send = async (
    headers: Record<string, string>,
    path = '/prod/orders',
    o: { wirePath?: string } = {},
  ) => getReply(state, orders, o.wirePath ?? path, headers);
  const at = (c: Credentials, x: Partial<Parameters<typeof signV4a>[1]> = {}) =>
    signV4a(c, { host: orders, path: '/prod/orders', date: state.now(), regionSet: 'us-west-2', ...x });

  it('is the signer, as SigV4 is: allowed and denied as the policies decide', async () => {
    for (const regionSet of ['us-west-2', '*', 'us-*', 'eu-west-1,us-west-2'])
      expect(outcome(await send(at(checkout, { regionSet }))), regionSet).toBe('allow');
    // ReportingRole may GET /orders/42 but not POST; here a GET of an order is allowed …
    expect(outcome(await send(at(reporting, { path: '/prod/orders/42' }), '/prod/orders/42'))).toBe('allow');
    // … and the resource policy names the SigV4a signer as it names a SigV4 one.
    const payments = apiHost('b2c3d4e5f6');
    const r = await getReply(
      state,
      payments,
      '/prod/payments',
      signV4a(reporting, { host: payments, path: '/prod/payments', date: state.now(), regionSet: '*' }),
    );
    expect(outcome(r)).toBe('resource');
    expect(JSON.parse(r.body).Message).toContain('assumed-role/ReportingRole/');
  });

  it('refuses what it refuses in SigV4: a changed path, a wrong secret, an old date', async () => {
    const path = await send(at(checkout), '/prod/orders', { wirePath: '/prod/orders/1' });
    expect([path.status, path.headers['x-amzn-ErrorType']]).toEqual([403, 'InvalidSignatureException']);
    const secret = await send(at({ ...checkout, secretAccessKey: wrongSecret(checkout.secretAccessKey) }));
    expect([secret.status, secret.headers['x-amzn-ErrorType']]).toEqual([403, 'InvalidSignatureException']);
    const old = await send(at(checkout, { date: new Date(state.now().getTime() - 20 * 60_000) }));
    expect([old.status, old.headers['x-amzn-ErrorType']]).toEqual([403, 'InvalidSignatureException']);
    expect(JSON.parse(old.body).message).toMatch(/^Signature expired: .* - 5 min\.\)$/);
  });

  it('refuses a region set without the API region, changed after signing, unsigned, or none at all', async () => {
    const elsewhere = await send(at(checkout, { regionSet: 'eu-west-1' }));
    expect([elsewhere.status, elsewhere.headers['x-amzn-ErrorType']]).toEqual([
      403,
      'InvalidSignatureException',
    ]);
    const signedOne = at(checkout, { regionSet: 'eu-west-1' });
    const widened = await send({ ...signedOne, 'x-amz-region-set': '*' });
    expect([widened.status, widened.headers['x-amzn-ErrorType']]).toEqual([403, 'InvalidSignatureException']);
    const unsigned = await send(at(checkout, { regionSet: '*', signRegionSet: false }));
    expect([unsigned.status, unsigned.headers['x-amzn-ErrorType']]).toEqual([
      403,
      'InvalidSignatureException',
    ]);
    const none = await send(at(checkout, { regionSet: undefined }));
    expect([none.status, none.headers['x-amzn-ErrorType']]).toEqual([403, 'IncompleteSignatureException']);
  });
});

// STS declares SigV4a: botocore's sts model (2011-06-15 service-2.json) lists `"auth":
// ["aws.auth#sigv4", "aws.auth#sigv4a"]` in its metadata, the list SDKs pick an auth scheme from
// ("SDKs select authentication schemes based on service model definitions", AWS SDKs and Tools
// reference guide, feature-auth-scheme). IAM, EC2 and API Gateway's control plane list only
// `aws.auth#sigv4`: no SigV4a is declared for them, and the sandbox keeps refusing it there.
describe('SigV4a on the control plane (botocore models: STS declares it, IAM/EC2/API Gateway do not)', () => {
  let state: SandboxState;
  let checkout: Credentials;
  beforeAll(async () => {
    state = newState();
    checkout = await assume(state, 'CheckoutRole');
  });
  /** A GET signed with SigV4a for `service` at `host` (the Query protocol's parameters in `query`). */
  const signedGet = (
    o: { host: string; path?: string; service: string; query?: string; regionSet?: string },
    c: Credentials = checkout,
  ) => {
    const { host, path = '/', query = '', regionSet = '*' } = o;
    const headers = signV4a(c, { host, path, date: state.now(), regionSet, service: o.service, query });
    return getReply(state, host, path, headers, query);
  };
  const sts = (host: string, regionSet: string, c: Credentials = checkout) =>
    signedGet({ host, service: 'sts', query: 'Action=GetCallerIdentity&Version=2011-06-15', regionSet }, c);

  it("STS answers a SigV4a request whose region set holds the endpoint's region", async () => {
    for (const [host, regionSet] of [
      ['sts.us-west-2.amazonaws.com', 'us-west-2'],
      ['sts.us-west-2.amazonaws.com', '*'],
      ['sts.eu-west-1.amazonaws.com', 'us-west-2,eu-west-1'],
      ['sts.amazonaws.com', 'us-east-1'],
    ] as const) {
      const r = await sts(host, regionSet);
      expect(r.status, `${host} ${regionSet}: ${r.body}`).toBe(200);
      expect(r.body).toContain('assumed-role/CheckoutRole/test');
    }
  });

  it("STS refuses a region set without the endpoint's region, and a wrong secret, as a signature", async () => {
    const elsewhere = await sts('sts.us-west-2.amazonaws.com', 'eu-west-1');
    expect([elsewhere.status, elsewhere.body]).toEqual([
      403,
      expect.stringContaining('SignatureDoesNotMatch'),
    ]);
    const secret = await sts('sts.us-west-2.amazonaws.com', 'us-west-2', {
      ...checkout,
      secretAccessKey: wrongSecret(checkout.secretAccessKey),
    });
    expect([secret.status, secret.body]).toEqual([403, expect.stringContaining('SignatureDoesNotMatch')]);
  });

  it('IAM, EC2 and API Gateway refuse SigV4a (their models declare SigV4 only)', async () => {
    const iam = await signedGet({
      host: 'iam.amazonaws.com',
      service: 'iam',
      query: 'Action=GetRole&RoleName=CheckoutRole&Version=2010-05-08',
    });
    // The Query protocol's answer to an Authorization header it cannot read as SigV4.
    expect([iam.status, iam.body]).toEqual([400, expect.stringContaining('IncompleteSignature')]);
    const ec2 = await signedGet({
      host: 'ec2.us-west-2.amazonaws.com',
      service: 'ec2',
      query: 'Action=DescribeVpcEndpoints&Version=2016-11-15',
    });
    expect([ec2.status, ec2.body]).toEqual([400, expect.stringContaining('IncompleteSignature')]);
    const apigw = await signedGet({
      host: 'apigateway.us-west-2.amazonaws.com',
      path: '/restapis',
      service: 'apigateway',
    });
    expect(apigw.status).toBe(403);
  });
});
