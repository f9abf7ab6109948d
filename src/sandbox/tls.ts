// The sandbox's TLS material, made fresh at every start: a throwaway CA and one leaf certificate
// whose names cover every host a client may address (execute-api private DNS, alias and endpoint
// names per region, the control-plane service names, and loopback). Keys and signatures come from
// node's crypto; node-forge builds the X.509 certificates.
import { constants, generateKeyPairSync, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** DNS names the leaf certificate carries for the given regions. */
export function leafNames(regions: string[]): string[] {
  const names = ['localhost', 'sts.amazonaws.com'];
  for (const r of regions) {
    names.push(
      `*.execute-api.${r}.amazonaws.com`,
      `*.execute-api.${r}.vpce.amazonaws.com`,
      `execute-api.${r}.amazonaws.com`,
      `sts.${r}.amazonaws.com`,
      `ec2.${r}.amazonaws.com`,
      `apigateway.${r}.amazonaws.com`,
    );
  }
  return [...new Set(names)];
}

interface KeyPair {
  privateKey: KeyObject;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
}

function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** DigestInfo's DER prefix for SHA-256 (RFC 8017 §9.2, note 1): the digest follows it. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * What forge's `cert.sign` asks of a key (`sign(md)`: an RSASSA-PKCS1-v1_5 signature of the digest,
 * as a byte string), done by node's crypto: forge's own RSA in JavaScript was four fifths of a
 * sandbox start's certificate work (~55 of ~70 ms of CPU, two signatures per start).
 */
function signer(key: KeyObject): forge.pki.rsa.PrivateKey {
  const sign = (md: forge.md.MessageDigest): string => {
    if (md.algorithm !== 'sha256') throw new Error(`sandbox TLS: ${md.algorithm} is not SHA-256`);
    const digest = Buffer.from(md.digest().getBytes(), 'binary');
    const block = Buffer.concat([SHA256_DIGEST_INFO, digest]);
    // RSA_PKCS1_PADDING on a private-key operation is EMSA-PKCS1-v1_5's block type 1: a signature.
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, block).toString('binary');
  };
  // forge calls only sign() on the key it is given (x509.js cert.sign).
  return { sign } as unknown as forge.pki.rsa.PrivateKey;
}

/** A positive serial number (the top bit cleared, as DER integers are signed). */
function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

/**
 * The keys of this process's sandboxes, made at the first start. Two 2048-bit RSA keys are most of
 * a start's work (about 300 ms of CPU on a busy machine), and a process may start dozens of
 * sandboxes (the test suite does). Each start still gets a CA certificate of its own, under a name
 * of its own, so one sandbox's certificate is never trusted through another's CA bundle.
 */
let sandboxKeys: { ca: KeyPair; leaf: KeyPair } | undefined;

export function makeTlsMaterial(regions: string[]): TlsMaterial {
  const now = Date.now();
  const primary = regions[0] ?? 'us-east-1';
  sandboxKeys ??= { ca: keyPair(), leaf: keyPair() };
  return issueCertificates(
    {
      caName: [
        { name: 'commonName', value: `spokegate sandbox CA ${serial().slice(0, 16)}` },
        { name: 'organizationName', value: 'spokegate sandbox (not AWS)' },
      ],
      commonName: `*.execute-api.${primary}.amazonaws.com`,
      dnsNames: leafNames(regions),
      ips: ['127.0.0.1', '::1'],
      // Valid from a day ago for a year, so clock-offset faults never make the certificate look expired.
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
    },
    sandboxKeys,
  );
}

export interface CertificateRequest {
  caName: { name: string; value: string }[];
  /** The server certificate's subject common name. */
  commonName: string;
  dnsNames: string[];
  ips?: string[];
  notBefore: Date;
  notAfter: Date;
}

/** A throwaway CA and one server certificate it signs, for these names (the tests' PKI too). */
export function issueCertificates(
  req: CertificateRequest,
  { ca, leaf }: { ca: KeyPair; leaf: KeyPair } = { ca: keyPair(), leaf: keyPair() },
): TlsMaterial {
  const caCert = certificate(ca, req);
  caCert.setSubject(req.caName);
  caCert.setIssuer(req.caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(signer(ca.privateKey), forge.md.sha256.create());

  const cert = certificate(leaf, req);
  cert.setSubject([{ name: 'commonName', value: req.commonName }]);
  cert.setIssuer(req.caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...req.dnsNames.map((value) => ({ type: 2, value })),
        ...(req.ips ?? []).map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(signer(ca.privateKey), forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: leaf.pem,
  };
}

/** An unsigned certificate for this key, with a fresh serial and the request's validity. */
function certificate(key: { publicKey: forge.pki.rsa.PublicKey }, req: CertificateRequest) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = req.notBefore;
  cert.validity.notAfter = req.notAfter;
  return cert;
}
