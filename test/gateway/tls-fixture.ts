// Test-only TLS material: a throwaway CA and a server certificate for the names AWS would present,
// made by the sandbox's certificate issuer.
import { issueCertificates, type TlsMaterial } from '../../src/sandbox/tls.js';

export type TestPki = TlsMaterial;

export function makeTestPki(dnsNames: string[]): TestPki {
  return issueCertificates({
    caName: [{ name: 'commonName', value: 'spokegate test CA' }],
    commonName: dnsNames[0] ?? 'localhost',
    dnsNames,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
  });
}

export const REGION = 'us-west-2';
export const API_ID = 'a1b2c3d4e5';
export const VPCE_ID = 'vpce-0123456789abcdef0';
export const VPCE_DNS = `${VPCE_ID}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com`;
export const AWS_NAMES = [
  `*.execute-api.${REGION}.amazonaws.com`,
  `*.execute-api.${REGION}.vpce.amazonaws.com`,
];
