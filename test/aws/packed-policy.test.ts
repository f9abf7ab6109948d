// STS's PackedPolicyTooLarge (issue 11): spokegate passes no session policy or tag, yet a chained
// AssumeRole can be refused for its packed size when the base credentials carry transitive session
// tags (EKS Pod Identity: aws/containers-roadmap#2413, "Packed size of session tags consumes 112% of
// allotted space"). The client names the cause and the fix, never a bare error code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleSessions } from '../../src/aws/index.js';

const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const PACKED =
  '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
  '<Code>PackedPolicyTooLarge</Code><Message>Packed size of session tags consumes 112% of allotted space.</Message>' +
  '</Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>';

describe('AssumeRole refused for its packed size', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // STS's Query-protocol error answer (botocore sts model: PackedPolicyTooLargeException, code
    // PackedPolicyTooLarge, HTTP 400), whatever is asked.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(PACKED);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('says what fills the packed space and how to avoid it, with STS own message', async () => {
    const s = new RoleSessions({
      region: 'us-west-2',
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-key-for-the-test-000000',
        AWS_ENDPOINT_URL_STS: url,
      },
    });
    const err = (await s.get(ROLE, { sessionName: 'spokegate' }).catch((e: unknown) => e)) as Error;
    s.close();
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(ROLE);
    expect(err.message).toContain('PackedPolicyTooLarge');
    expect(err.message).toContain('Packed size of session tags consumes 112% of allotted space.');
    expect(err.message).toMatch(/transitive session tags/);
    expect(err.message).toMatch(/spokegate passes no session policy or session tag/);
    expect(err.message).not.toContain('not-a-real-secret-key');
  });
});
