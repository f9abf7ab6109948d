// SigV4a (AWS4-ECDSA-P256-SHA256): SigV4's canonical request, signed with an ECDSA P-256 key derived
// from the secret access key instead of an HMAC chain, over a scope without a region; the regions
// the signature is good for travel in X-Amz-Region-Set. API Gateway accepts it on IAM-authorized
// methods (docs/aws-behaviour.md §6), so the sandbox verifies it. The derivation is the published
// one (NIST SP 800-108 counter-mode KDF over HMAC-SHA256; SDKs pin its public key for AKIDEXAMPLE).
import {
  createECDH,
  createHmac,
  createPrivateKey,
  createPublicKey,
  verify,
  type KeyObject,
} from 'node:crypto';
import { globSource } from '../escape/index.js';

export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';
/** The order of P-256's base point. */
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** The ECDSA P-256 key pair SigV4a derives from a key id and its secret. */
export function sigV4aKeys(
  accessKeyId: string,
  secretAccessKey: string,
): { privateKey: KeyObject; publicKey: KeyObject } {
  const key = Buffer.from(`AWS4A${secretAccessKey}`, 'utf8');
  // A candidate above n-2 is drawn again with the next counter (probability about 2^-32 each).
  for (let counter = 1; counter <= 254; counter++) {
    const fixedInput = Buffer.concat([
      Buffer.from([0, 0, 0, 1]), // the KDF's block counter (one block of 256 bits)
      Buffer.from(SIGV4A_ALGORITHM, 'utf8'),
      Buffer.from([0]),
      Buffer.from(accessKeyId, 'utf8'),
      Buffer.from([counter]),
      Buffer.from([0, 0, 1, 0]), // the length in bits, 256
    ]);
    const k0 = BigInt(`0x${createHmac('sha256', key).update(fixedInput).digest('hex')}`);
    if (k0 > N - 2n) continue;
    const d = Buffer.from((k0 + 1n).toString(16).padStart(64, '0'), 'hex');
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey(); // 0x04 || X || Y
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    };
    return {
      publicKey: createPublicKey({ key: jwk, format: 'jwk' }),
      privateKey: createPrivateKey({ key: { ...jwk, d: d.toString('base64url') }, format: 'jwk' }),
    };
  }
  throw new Error('SigV4a key derivation found no key');
}

/** Whether `signatureHex` (the DER-encoded ECDSA signature, lower-case hex) signs `stringToSign`. */
export function sigV4aVerifies(publicKey: KeyObject, stringToSign: string, signatureHex: string): boolean {
  if (!/^(?:[0-9a-f]{2}){8,80}$/.test(signatureHex)) return false;
  try {
    return verify(
      'sha256',
      Buffer.from(stringToSign, 'utf8'),
      { key: publicKey, dsaEncoding: 'der' },
      Buffer.from(signatureHex, 'hex'),
    );
  } catch {
    return false; // not a DER signature at all
  }
}

/**
 * Whether an X-Amz-Region-Set (comma-separated regions, `*` a wildcard: `*`, `us-*`) covers
 * `region`.
 */
export function regionSetCovers(regionSet: string, region: string): boolean {
  return regionSet.split(',').some((entry) => {
    const pattern = entry.trim();
    if (!pattern) return false;
    // A region set's `*` is any run; `?` is itself.
    const re = new RegExp(`^${globSource(pattern, '.*', '\\?')}$`);
    return re.test(region);
  });
}
