// The sandbox's TLS material: the keys are made once per process (most of a start's cost), but each
// start has a CA of its own, so a client holding one sandbox's CA bundle refuses another's server.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { issueCertificates, makeTlsMaterial } from '../../src/sandbox/tls.js';

/** Connects to a TLS server holding `served` with `trusted` as the only CA; the handshake's error. */
async function handshake(
  served: ReturnType<typeof makeTlsMaterial>,
  trusted: string,
): Promise<string | undefined> {
  const server = createServer({ cert: served.certPem, key: served.keyPem }, (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const socket: TLSSocket = connect({
      host: '127.0.0.1',
      port,
      servername: 'sts.us-west-2.amazonaws.com',
      ca: trusted,
    });
    return await new Promise<string | undefined>((done) => {
      socket.once('secureConnect', () => done(undefined));
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    }).finally(() => socket.destroy());
  } finally {
    server.close();
  }
}

describe('sandbox TLS material', () => {
  it.each([
    ['a sandbox start', () => makeTlsMaterial(['us-west-2', 'eu-west-1'])],
    [
      "the tests' PKI (fresh keys)",
      () =>
        issueCertificates({
          caName: [{ name: 'commonName', value: 'test CA' }],
          commonName: 'localhost',
          dnsNames: ['localhost'],
          notBefore: new Date(Date.now() - 60_000),
          notAfter: new Date(Date.now() + 60_000),
        }),
    ],
  ])(
    '%s: the CA signs itself and the leaf with SHA-256 RSA, and the leaf holds the served key',
    (_, make) => {
      const m = make();
      const ca = new X509Certificate(m.caPem);
      const leaf = new X509Certificate(m.certPem);
      expect(ca.ca).toBe(true);
      expect(ca.verify(ca.publicKey)).toBe(true);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.checkPrivateKey(createPrivateKey(m.keyPem))).toBe(true);
    },
  );

  it("a sandbox's CA bundle trusts its own certificate and not another sandbox's", async () => {
    const a = makeTlsMaterial(['us-west-2']);
    const b = makeTlsMaterial(['us-west-2']);
    expect(a.caPem).not.toBe(b.caPem);
    expect(await handshake(a, a.caPem)).toBeUndefined();
    expect(await handshake(b, b.caPem)).toBeUndefined();
    expect(await handshake(b, a.caPem)).toMatch(
      /UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT/,
    );
    expect(await handshake(a, b.caPem)).toMatch(
      /UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT/,
    );
  });
});
