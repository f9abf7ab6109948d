// Test-only TLS material: a throwaway CA and a server certificate for the names AWS would present.
// Keys come from node:crypto (fast); node-forge writes the X.509 certificates.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestPki {
  caPem: string;
  keyPem: string;
  certPem: string;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    priv: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    privPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function serial(): string {
  return `01${randomBytes(8).toString('hex')}`;
}

export function makeTestPki(dnsNames: string[]): TestPki {
  const ca = keyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.pub;
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(Date.now() - 3600_000);
  caCert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const caName = [{ name: 'commonName', value: 'spokegate test CA' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.priv, forge.md.sha256.create());

  const srv = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = srv.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: dnsNames[0] ?? 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
  ]);
  cert.sign(ca.priv, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(caCert),
    keyPem: srv.privPem,
    certPem: forge.pki.certificateToPem(cert),
  };
}

export const REGION = 'us-west-2';
export const API_ID = 'a1b2c3d4e5';
export const VPCE_ID = 'vpce-0123456789abcdef0';
export const VPCE_DNS = `${VPCE_ID}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com`;
export const AWS_NAMES = [
  `*.execute-api.${REGION}.amazonaws.com`,
  `*.execute-api.${REGION}.vpce.amazonaws.com`,
];
