// SigV4 verification (the sandbox's side). The signature is recomputed with smithy's canonical
// request and string to sign over the request as received: the Host header actually sent, the path
// as it came on the wire (the canonical URI encodes it once more), the query decoded then re-encoded,
// and only the headers the client listed in SignedHeaders (so the session token may be signed or not),
// each of which must be sent (docs/aws-behaviour.md §59).
// Messages are AWS's own wording so clients and classifiers see what they would see from AWS.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from './sha256.js';
import { parseQuery } from './sign.js';
import { regionSetCovers, SIGV4A_ALGORITHM, sigV4aKeys, sigV4aVerifies } from './sigv4a.js';
import { SignatureV4, getSigningKey } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest as SmithyHttpRequest, QueryParameterBag } from '@smithy/types';
import type { Credentials, VerifyResult, WireRequest } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
/** AWS's answer to a SigV4 signature whose SignedHeaders leave out the Host header. */
const HOST_UNSIGNED_MESSAGE = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
// "Any x-amz-* headers that you plan to include in your request must also be added" (IAM User Guide,
// reference_sigv-create-signed-request); AWS's words for an unsigned X-Amz-Date are not confirmed: the
// Host refusal's, with its name (docs/aws-behaviour.md §52).
const AMZ_DATE_UNSIGNED_MESSAGE = "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.";
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';
// Outside S3 a presigned request lives at most 15 minutes whatever X-Amz-Expires says (aws-sdk-go
// Presign: "All other AWS services will use a fixed expiration time of 15 minutes"); none of the
// sandbox's services is S3. A shorter X-Amz-Expires is still honoured (stricter; not settled).
const PRESIGNED_MAX_SECONDS = 900;
// Not confirmed: AWS's words for a SigV4a request without its region set (docs/aws-behaviour.md §6).
const SIGV4A_NO_REGION_SET_MESSAGE = "SigV4a requires the 'X-Amz-Region-Set' header or query parameter.";
/** AWS's answer to a SignedHeaders name the request does not carry (AppSync, awslabs/aws-mobile-appsync-sdk-js#702). */
const absentHeaderMessage = (name: string) =>
  `'${name.slice(0, 128)}' is named as a SignedHeader, but it does not exist in the HTTP request.`;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What the verifier may answer for an access key id. */
export type CredentialLookup = (accessKeyId: string) => Credentials | { expired: true } | undefined;

export interface VerifyOptions {
  /** The verifier's clock (the sandbox may run it with an offset). */
  now: Date;
  /** The service the credential scope must name (e.g. execute-api, sts). Any when omitted. */
  service?: string;
  /**
   * How far, in minutes, the signing time may be from `now` either way: 5 by default (execute-api,
   * docs/aws-behaviour.md §4), 15 for STS (§47).
   */
  skewMinutes?: number;
  /** The region the credential scope must name. Any when omitted. */
  expectedRegion?: string;
  /**
   * Accept SigV4a (AWS4-ECDSA-P256-SHA256) too, as API Gateway does; `expectedRegion` must then be
   * in its X-Amz-Region-Set. Without it a SigV4a header is no SigV4 the verifier knows.
   */
  sigV4a?: boolean;
  /**
   * The region of the endpoint called, which a SigV4a region set must hold when `expectedRegion`
   * is not given (a SigV4 scope is then not checked against it, as before).
   */
  endpointRegion?: string;
  /**
   * Headers the service's front changes (`changed`: a signature over them never matches) or drops
   * (`dropped`: named in SignedHeaders, absent) before the signature is checked (execute-api:
   * EXECUTE_API_FRONT; docs/aws-behaviour.md §67).
   */
  front?: Readonly<Record<string, 'changed' | 'dropped'>>;
}

/**
 * What API Gateway's front does to headers before it checks a signature: a REST API's "always modifies
 * Via and these three X-Forwarded-* headers" (FantasticFiasco/aws-signature-version-4#1231), and a
 * signed `Connection` (hop-by-hop) was refused (#1198, an HTTP API). docs/aws-behaviour.md §67.
 */
export const EXECUTE_API_FRONT: Readonly<Record<string, 'changed' | 'dropped'>> = {
  via: 'changed',
  'x-forwarded-for': 'changed',
  'x-forwarded-port': 'changed',
  'x-forwarded-proto': 'changed',
  connection: 'dropped',
};

/** The parts of an Authorization header, once it has them all. */
export interface ParsedAuthorization {
  algorithm: typeof ALGORITHM | typeof SIGV4A_ALGORITHM;
  accessKeyId: string;
  shortDate: string;
  /** SigV4's scope region; '' for SigV4a, whose regions are its region set. */
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/** smithy's signer with its protected canonical-request steps opened up for verification. */
class Recomputer extends SignatureV4 {
  constructor() {
    // The credentials and region are never used: the signing key is derived per request below.
    super({
      service: 'execute-api',
      region: 'us-east-1',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: Sha256,
    });
  }
  canonical(request: SmithyHttpRequest, headers: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
  toSign(longDate: string, scope: string, canonicalRequest: string, algorithm: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, algorithm);
  }
}
const recomputer = new Recomputer();

/**
 * Headers by lower-case name, the first of names differing only in case winning: read once per
 * verification rather than scanned once per header read (a verification reads about ten).
 */
function byLowerName(headers: Record<string, string>): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (!byName.has(lower)) byName.set(lower, v);
  }
  return (name) => byName.get(name);
}

/** Base64 of SHA-256, as AWS quotes a header part it could not parse (never the part itself). */
const hashed = (s: string) => createHash('sha256').update(s).digest('base64');

/** Parse `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export function parseAuthorizationForVerify(
  value: string,
  hasDate: boolean,
  sigV4a = false,
): { ok: true; auth: ParsedAuthorization } | { ok: false; message: string } {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  // AWS echoes the header after the message; we do not, as a client may have put a secret in it.
  const echo = '';
  const params = new Map<string, string>();
  if (algorithm === ALGORITHM || (sigV4a && algorithm === SIGV4A_ALGORITHM)) {
    for (const raw of rest.split(',')) {
      const part = raw.trim();
      if (!part) continue;
      const eq = part.indexOf('=');
      if (eq < 0) {
        return {
          ok: false,
          message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hashed(part)}'.`,
        };
      }
      params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  // Not SigV4 at all (a bearer token, junk): AWS answers as if every SigV4 part were missing.
  const missing: string[] = [];
  if (!params.get('Credential')) missing.push("Authorization header requires 'Credential' parameter.");
  if (!params.get('Signature')) missing.push("Authorization header requires 'Signature' parameter.");
  if (!params.get('SignedHeaders')) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!hasDate)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) return { ok: false, message: `${missing.join(' ')}${echo}` };
  const auth = claimedAuthorization(
    algorithm as ParsedAuthorization['algorithm'],
    params.get('Credential')!,
    params.get('SignedHeaders')!,
    params.get('Signature')!,
  );
  if (!auth) {
    return {
      ok: false,
      message: `Credential should be scoped to a valid region. Incorrect credential scope format: expected <key>/<date>/${algorithm === ALGORITHM ? '<region>/' : ''}<service>/aws4_request.${echo}`,
    };
  }
  return { ok: true, auth };
}

/**
 * The parts both SigV4 carriers (Authorization header, presigned query) state: the credential
 * scope `<key>/<date>/<region>/<service>/<terminator>` split (SigV4a's has no region; undefined
 * when it does not have its non-empty parts) and the signed header names, lower case.
 */
function claimedAuthorization(
  algorithm: ParsedAuthorization['algorithm'],
  credential: string,
  signedHeaders: string,
  signature: string,
): ParsedAuthorization | undefined {
  const scope = credential.split('/');
  // SigV4a's scope has no region: a placeholder keeps one shape for both.
  if (algorithm === SIGV4A_ALGORITHM) scope.splice(2, 0, '-');
  if (scope.length !== 5 || scope.some((p) => p.length === 0)) return undefined;
  const [accessKeyId, shortDate, region, service, terminator] = scope as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    algorithm,
    accessKeyId,
    shortDate,
    region: algorithm === SIGV4A_ALGORITHM ? '' : region,
    service,
    terminator,
    signedHeaders: signedHeaders
      .split(';')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    signature,
  };
}

/** `20240101T000000Z` -> Date; undefined when it is not ISO-8601 basic format. */
function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
export const formatAmzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function sha256Hex(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_SHA256;
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The hash of a known session token, computed once per credentials (the sent token's is computed
 * per request: hashes of equal length are compared in constant time whatever the tokens' lengths).
 */
const tokenHashes = new WeakMap<Credentials, { token: string | undefined; hash: string }>();
function tokenHash(c: Credentials): string {
  let h = tokenHashes.get(c);
  if (h?.token !== c.sessionToken)
    tokenHashes.set(c, (h = { token: c.sessionToken, hash: sha256Hex(c.sessionToken) }));
  return h!.hash;
}

/**
 * smithy's signing key, memoised by the secret itself: smithy's own cache computes an HMAC of the
 * credentials and a key holding the session token on every call (about a fifth of a verification),
 * and holds 50 keys. Bounded: emptied when full (a sandbox has at most thousands of sessions).
 */
const signingKeys = new Map<string, Promise<Uint8Array>>();
const MAX_SIGNING_KEYS = 4096;
function signingKey(found: Credentials, shortDate: string, region: string, service: string) {
  const k = `${found.secretAccessKey}\n${shortDate}\n${region}\n${service}`;
  let key = signingKeys.get(k);
  if (!key) {
    if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.clear();
    key = getSigningKey(Sha256, found, shortDate, region, service);
    signingKeys.set(k, key);
  }
  return key;
}

function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** What the two SigV4 carriers (Authorization header, presigned query) have in common. */
interface Claim {
  auth: ParsedAuthorization;
  signedAt: Date;
  /** The query as it enters the canonical request (a presigned URL's signature removed). */
  query: QueryParameterBag;
  /** The same query with each raw '+' read as a space, where the service may read it so. */
  spacedQuery?: QueryParameterBag;
  token: string | undefined;
  /** Payload hashes the signer may have used (the first that verifies wins). */
  payloadHashes: string[];
  /** Presigned: seconds the signature stays valid after signedAt. */
  expiresSeconds?: number;
  /** SigV4a: the X-Amz-Region-Set sent (header or query). */
  regionSet?: string;
}

/**
 * Verify a SigV4-signed request as received. `req.headers` are the headers received (any case);
 * `req.host` the Host header received. Returns who signed, or why the request is refused.
 * Authorization-header signatures and presigned URLs (X-Amz-* query parameters) are both accepted.
 */
export async function verifyRequest(
  req: WireRequest,
  lookup: CredentialLookup,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const header = byLowerName(req.headers);
  const authorization = header('authorization');
  if (authorization === undefined || authorization.trim() === '') {
    const query = parseQuery(req.query);
    const presigned = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].some(
      (k) => query[k] !== undefined,
    );
    return presigned ? verifyPresigned(req, query, lookup, opts) : { ok: false, kind: 'missing' };
  }
  const amzDate = header('x-amz-date');
  const httpDate = header('date');
  const parsed = parseAuthorizationForVerify(
    authorization,
    amzDate !== undefined || httpDate !== undefined,
    opts.sigV4a,
  );
  if (!parsed.ok) {
    // SigV4 and SigV4a both name an AWS4- algorithm; anything else (Bearer, Basic) is not SigV4.
    // A miscased one (`aws4-hmac-sha256`) stays a refusal: whether AWS reads it as SigV4 or as no
    // SigV4 (an anonymous caller) is not documented (docs/aws-behaviour.md §21).
    const notSigV4 = !/^aws4-/i.test(authorization.trim());
    return { ok: false, kind: 'incomplete', message: parsed.message, ...(notSigV4 ? { notSigV4 } : {}) };
  }

  if (amzDate !== undefined && !parsed.auth.signedHeaders.includes('x-amz-date'))
    return { ok: false, kind: 'incomplete', message: AMZ_DATE_UNSIGNED_MESSAGE };

  // The request time: "When X-Amz-Date is used, it always overrides the value of the Date header"; a
  // Date header stands for it only "in the ISO 8601 basic format" (Common Parameters, §52). Date is no
  // x-amz-* header and its time is in the string to sign: it may be left out of SignedHeaders.
  const dateText = (amzDate ?? httpDate!).trim();
  const signedAt = parseAmzDate(dateText);
  if (!signedAt) return { ok: false, kind: 'incomplete', message: badDateMessage(dateText) };

  // The payload hash is the body's: an x-amz-content-sha256 header must say so. Its UNSIGNED-PAYLOAD
  // is S3's option, which none of the sandbox's services is: a mismatch (docs/aws-behaviour.md §56).
  const actualHash = sha256Hex(req.body);
  const claimed = header('x-amz-content-sha256')?.trim();
  if (claimed !== undefined && claimed.toLowerCase() !== actualHash) {
    return { ok: false, kind: 'mismatch', message: SIGNATURE_MISMATCH_MESSAGE };
  }
  return verifyClaim(req, lookup, opts, {
    auth: parsed.auth,
    signedAt,
    query: parseQuery(req.query),
    ...spacedQuery(req.query, opts),
    token: header('x-amz-security-token'),
    payloadHashes: [claimed ?? actualHash],
    regionSet: header('x-amz-region-set'),
  });
}

const badDateMessage = (text: string) =>
  `Date must be in ISO-8601 'basic format'. Got '${text.slice(0, 64)}'. See http://en.wikipedia.org/wiki/ISO_8601`;

/**
 * execute-api's second reading of a query holding a raw '+': a space, as API Gateway accepted a query
 * signed so (tedder/requests-aws4auth#54); SigV4's own reading, a plus (%2B), stays the first. Other
 * services keep SigV4's alone (docs/aws-behaviour.md §36).
 */
function spacedQuery(raw: string, opts: VerifyOptions): { spacedQuery?: QueryParameterBag } {
  if (opts.service !== 'execute-api' || !raw.includes('+')) return {};
  return { spacedQuery: parseQuery(raw.replace(/\+/g, '%20')) };
}

/** A presigned URL: the SigV4 parts travel as X-Amz-* query parameters. */
async function verifyPresigned(
  req: WireRequest,
  query: QueryParameterBag,
  lookup: CredentialLookup,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const one = (k: string): string | undefined => {
    const v = query[k];
    return Array.isArray(v) ? v[0] : (v ?? undefined);
  };
  const required = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Signature',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
  ];
  const algorithm = one('X-Amz-Algorithm');
  const known = algorithm === ALGORITHM || (opts.sigV4a === true && algorithm === SIGV4A_ALGORITHM);
  if (required.some((k) => !one(k)) || !known) {
    return {
      ok: false,
      kind: 'incomplete',
      message: `AWS query-string parameters must include ${required.map((k) => `'${k}'`).join(', ')}. Re-examine the query-string parameters.`,
    };
  }
  const auth = claimedAuthorization(
    algorithm,
    one('X-Amz-Credential')!,
    one('X-Amz-SignedHeaders')!,
    one('X-Amz-Signature')!,
  );
  if (!auth) {
    return { ok: false, kind: 'incomplete', message: 'Credential should be scoped to a valid region. ' };
  }
  const signedAt = parseAmzDate(one('X-Amz-Date')!);
  if (!signedAt) return { ok: false, kind: 'incomplete', message: badDateMessage(one('X-Amz-Date')!) };
  const expiresText = one('X-Amz-Expires') ?? '900';
  // A decimal integer, as the sandbox reads every integer member (§57): Number() took `3e2`, `0x12c`,
  // `300.0` and ` 300` as 300 (attack run 19); refusing them is the stricter reading (§21, §62).
  const expiresSeconds = /^[+-]?\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > 604_800) {
    return { ok: false, kind: 'incomplete', message: 'X-Amz-Expires must be between 1 and 604800 seconds.' };
  }
  const { 'X-Amz-Signature': _signature, ...signedQuery } = query;
  const spaced = spacedQuery(req.query, opts).spacedQuery;
  const { 'X-Amz-Signature': _spacedSignature, ...signedSpaced } = spaced ?? {};
  return verifyClaim(req, lookup, opts, {
    auth,
    signedAt,
    query: signedQuery,
    ...(spaced ? { spacedQuery: signedSpaced } : {}),
    token: one('X-Amz-Security-Token'),
    // The body's hash, as smithy, botocore and aws-sdk-go presign for every service but S3 (whose
    // UNSIGNED-PAYLOAD no service here takes: docs/aws-behaviour.md §56).
    payloadHashes: [sha256Hex(req.body)],
    expiresSeconds,
    regionSet: one('X-Amz-Region-Set'),
  });
}

async function verifyClaim(
  req: WireRequest,
  lookup: CredentialLookup,
  opts: VerifyOptions,
  claim: Claim,
): Promise<VerifyResult> {
  const { auth, signedAt } = claim;
  const header = byLowerName(req.headers);
  const longDate = formatAmzDate(signedAt);
  // SigV4 signs Host (HTTP/2's :authority): a signature over other headers alone could be replayed
  // to another host. AWS's words as measured (aws/aws-sdk-php#2469; docs/aws-behaviour.md §49).
  if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority'))
    return { ok: false, kind: 'incomplete', message: HOST_UNSIGNED_MESSAGE };
  // A header SignedHeaders names must be sent: AWS refuses before any key is read (measured on AppSync,
  // docs/aws-behaviour.md §59). Read as an empty value, a signature over a header never sent was taken.
  // Host is the request's own; a pseudo-header (`:authority`) is no header of an HTTP/1.1 request.
  const front = opts.front ?? {};
  const absent = auth.signedHeaders.find(
    (n) => n !== 'host' && !n.startsWith(':') && (header(n) === undefined || front[n] === 'dropped'),
  );
  if (absent !== undefined) return { ok: false, kind: 'incomplete', message: absentHeaderMessage(absent) };

  // The credential scope.
  if (auth.shortDate !== longDate.slice(0, 8)) {
    return {
      ok: false,
      kind: 'bad-scope',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.shortDate.slice(0, 16)}' != '${longDate.slice(0, 8)}', from '${longDate}'.`,
    };
  }
  const sigV4a = auth.algorithm === SIGV4A_ALGORITHM;
  // SigV4a names its regions in X-Amz-Region-Set (signed, as every signer does), not in the scope.
  if (sigV4a && !claim.regionSet?.trim()) {
    return { ok: false, kind: 'incomplete', message: SIGV4A_NO_REGION_SET_MESSAGE };
  }
  // Every SigV4a signer signs its region set; one left unsigned could be widened on the way.
  if (sigV4a && claim.expiresSeconds === undefined && !auth.signedHeaders.includes('x-amz-region-set')) {
    return { ok: false, kind: 'mismatch', message: SIGNATURE_MISMATCH_MESSAGE };
  }
  const claimedRegion = sigV4a ? claim.regionSet!.trim() : auth.region;
  const mustHold = sigV4a ? (opts.expectedRegion ?? opts.endpointRegion) : opts.expectedRegion;
  const regionOk = !mustHold
    ? true
    : sigV4a
      ? regionSetCovers(claimedRegion, mustHold)
      : auth.region === mustHold;
  if (!regionOk) {
    return {
      ok: false,
      kind: 'bad-scope',
      message: `Credential should be scoped to a valid region, not '${claimedRegion.slice(0, 32)}'. `,
    };
  }
  if (opts.service && auth.service !== opts.service) {
    return {
      ok: false,
      kind: 'bad-scope',
      message: `Credential should be scoped to correct service: '${opts.service}'. `,
    };
  }
  if (auth.terminator !== 'aws4_request') {
    return {
      ok: false,
      kind: 'bad-scope',
      message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator.slice(0, 32)}'. `,
    };
  }

  // Clock skew: AWS allows five minutes either way; a presigned URL lives X-Amz-Expires seconds.
  const now = opts.now.getTime();
  const nowText = formatAmzDate(opts.now);
  const skewSeconds = Math.round((signedAt.getTime() - now) / 1000);
  const skewMinutes = opts.skewMinutes ?? 5;
  const skewMs = skewMinutes * 60_000;
  const lives =
    claim.expiresSeconds === undefined ? undefined : Math.min(claim.expiresSeconds, PRESIGNED_MAX_SECONDS);
  if (lives !== undefined && signedAt.getTime() + lives * 1000 < now) {
    return {
      ok: false,
      kind: 'skew',
      skewSeconds,
      // AWS's words for an expired presigned request outside S3 are not documented (§6).
      message: `Signature expired: ${longDate} is now earlier than ${formatAmzDate(new Date(now - lives * 1000))} (${nowText} - ${lives} sec.)`,
    };
  }
  if (claim.expiresSeconds === undefined && signedAt.getTime() < now - skewMs) {
    return {
      ok: false,
      kind: 'skew',
      skewSeconds,
      message: `Signature expired: ${longDate} is now earlier than ${formatAmzDate(new Date(now - skewMs))} (${nowText} - ${skewMinutes} min.)`,
    };
  }
  if (signedAt.getTime() > now + skewMs) {
    return {
      ok: false,
      kind: 'skew',
      skewSeconds,
      message: `Signature not yet current: ${longDate} is still later than ${formatAmzDate(new Date(now + skewMs))} (${nowText} + ${skewMinutes} min.)`,
    };
  }

  // Who claims to sign. A session's secret is known only through its token, so AWS reads the key
  // and the token before it can compute any signature: a token changed (signed or not), left out
  // or sent with a long-term key is an invalid token, an expired one an expired token, whatever
  // the signature (docs/aws-behaviour.md §6, "Order").
  const found = lookup(auth.accessKeyId);
  if (!found) return { ok: false, kind: 'unknown-key', message: INVALID_TOKEN_MESSAGE };
  if ('expired' in found) return { ok: false, kind: 'expired-token', message: EXPIRED_TOKEN_MESSAGE };
  const sentToken = claim.token;
  if (found.sessionToken !== undefined) {
    if (sentToken === undefined || !sameHex(sha256Hex(sentToken), tokenHash(found))) {
      return { ok: false, kind: 'unknown-key', message: INVALID_TOKEN_MESSAGE };
    }
    if (found.expiration && found.expiration.getTime() <= now) {
      return { ok: false, kind: 'expired-token', message: EXPIRED_TOKEN_MESSAGE };
    }
  } else if (sentToken !== undefined) {
    return { ok: false, kind: 'unknown-key', message: INVALID_TOKEN_MESSAGE };
  }

  // The canonical request over exactly the headers the client signed, as received.
  const canonicalHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = name === 'host' ? req.host : (header(name) ?? '');
    canonicalHeaders[name] = value
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .trim();
  }
  const request = {
    method: req.method.toUpperCase(),
    protocol: 'https:',
    hostname: req.host,
    path: req.path,
    query: claim.query,
    headers: canonicalHeaders,
  } as unknown as SmithyHttpRequest;
  const scope = sigV4a
    ? `${auth.shortDate}/${auth.service}/aws4_request`
    : `${auth.shortDate}/${auth.region}/${auth.service}/aws4_request`;
  // SigV4a: an ECDSA signature checked with the key pair derived from the secret; SigV4: an HMAC
  // compared exactly, 64 lowercase hex characters, as AWS refuses the same value in upper case
  // (docs/aws-behaviour.md §6). Either over each payload hash the request may have been signed with.
  let signs: (stringToSign: string) => Promise<boolean>;
  if (sigV4a) {
    const { publicKey } = sigV4aKeys(auth.accessKeyId, found.secretAccessKey);
    signs = (stringToSign) => Promise.resolve(sigV4aVerifies(publicKey, stringToSign, auth.signature));
  } else {
    const key = await signingKey(found, auth.shortDate, auth.region, auth.service);
    signs = async (stringToSign) => {
      const hmac = new Sha256(key);
      hmac.update(new TextEncoder().encode(stringToSign));
      return sameHex(Buffer.from(await hmac.digest()).toString('hex'), auth.signature);
    };
  }
  const algorithm = sigV4a ? SIGV4A_ALGORITHM : ALGORITHM;
  let verified = false;
  for (const query of claim.spacedQuery ? [claim.query, claim.spacedQuery] : [claim.query])
    for (const payloadHash of claim.payloadHashes) {
      if (verified) break;
      const canonicalRequest = recomputer.canonical({ ...request, query }, canonicalHeaders, payloadHash);
      verified = await signs(await recomputer.toSign(longDate, scope, canonicalRequest, algorithm));
    }
  // The front changed a signed header on the way: the signature AWS computes is over its value.
  if (!verified || auth.signedHeaders.some((n) => front[n] === 'changed'))
    return { ok: false, kind: 'mismatch', message: SIGNATURE_MISMATCH_MESSAGE };
  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    credentials: found,
    // A SigV4a scope names no region: the one the request was for (X-Amz-Region-Set).
    region: sigV4a ? (mustHold ?? claimedRegion) : auth.region,
    service: auth.service,
  };
}
