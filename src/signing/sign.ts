// SigV4 signing for execute-api over @smithy/signature-v4. The signer is smithy's; this file only
// maps a request as it goes on the wire onto smithy's input, and captures the canonical request
// and string to sign (from smithy's own methods) for --verbose and for the conformance tests.
import { Sha256 } from './sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest as SmithyHttpRequest, QueryParameterBag } from '@smithy/types';
import type { Credentials, SignedRequest, SignOptions, WireRequest } from './types.js';

export interface SignRequestOptions extends SignOptions {
  /**
   * Add the x-amz-content-sha256 header (the body hash) and sign it. Default true: smithy does it by
   * default and API Gateway accepts it. The canonical request always ends with the body hash.
   */
  contentSha256Header?: boolean;
}

const TOKEN_HEADER = 'x-amz-security-token';

/** smithy's signer with its canonical request and string to sign kept for display. */
class CapturingSigner extends SignatureV4 {
  canonicalRequest = '';
  stringToSign = '';
  protected override createCanonicalRequest(
    request: SmithyHttpRequest,
    canonicalHeaders: HeaderBag,
    payloadHash: string,
  ): string {
    this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.canonicalRequest;
  }
  protected override async createStringToSign(
    longDate: string,
    credentialScope: string,
    canonicalRequest: string,
    algorithmIdentifier: string,
  ): Promise<string> {
    this.stringToSign = await super.createStringToSign(
      longDate,
      credentialScope,
      canonicalRequest,
      algorithmIdentifier,
    );
    return this.stringToSign;
  }
}

/**
 * Sign a request exactly as it will be sent: `host` is the Host header on the wire (with a
 * non-default port), `path` the percent-encoded path on the wire (the canonical URI encodes it once
 * more, as every non-S3 service does), `query` the raw query string.
 */
export async function signRequest(req: WireRequest, opts: SignRequestOptions): Promise<SignedRequest> {
  const signSessionToken = opts.signSessionToken ?? true;
  const { sessionToken, ...longTerm } = opts.credentials;
  const signer = new CapturingSigner({
    service: opts.service ?? 'execute-api',
    region: opts.region,
    credentials: signSessionToken && sessionToken ? { ...longTerm, sessionToken } : longTerm,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: opts.contentSha256Header ?? true,
  });

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    // Host comes from req.host; a token header in the input would bypass signSessionToken.
    if (lower === 'host' || lower === TOKEN_HEADER) continue;
    headers[name] = value;
  }
  headers.host = req.host;

  const request = new HttpRequest({
    method: req.method.toUpperCase(),
    protocol: 'https:',
    hostname: req.host.replace(/:\d+$/, ''),
    path: req.path,
    query: parseQuery(req.query),
    headers,
    body: req.body,
  });
  const signed = await signer.sign(request, { signingDate: opts.date ?? new Date() });
  const outHeaders: Record<string, string> = { ...signed.headers };
  // API Gateway's generated JS SDK style: the token travels unsigned.
  if (!signSessionToken && sessionToken) outHeaders[TOKEN_HEADER] = sessionToken;

  return {
    method: request.method,
    host: req.host,
    path: req.path,
    query: req.query,
    headers: outHeaders,
    body: req.body,
    canonicalRequest: signer.canonicalRequest,
    stringToSign: signer.stringToSign,
  };
}

/**
 * Split a raw query string into smithy's decoded bag (smithy encodes keys and values again the
 * SigV4 way). `+` stays a literal plus: SigV4 has no form encoding.
 */
export function parseQuery(raw: string): QueryParameterBag {
  const bag: Record<string, string | string[]> = {};
  if (!raw) return bag;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    const prev = bag[key];
    if (prev === undefined) bag[key] = value;
    else bag[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return bag;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray '%' is sent and signed as itself
  }
}

/** SigV4 URI encoding (RFC 3986 unreserved kept), as used for query keys and values. */
export function uriEncode(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Make a user-written path safe for the wire without changing what it means: valid characters and
 * existing %XX escapes stay, anything else (spaces, non-ASCII, a stray '%') is percent-encoded.
 */
export function toWirePath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length;) {
    const ch = path[i]!;
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(path.slice(i + 1, i + 3))) {
      out += path.slice(i, i + 3);
      i += 3;
    } else if (/[A-Za-z0-9\-._~!$&'()*+,;=:@/]/.test(ch)) {
      out += ch;
      i += 1;
    } else {
      const s = String.fromCodePoint(path.codePointAt(i)!);
      out += encodeURIComponent(wellFormed(s));
      i += s.length;
    }
  }
  return out;
}

/** A lone UTF-16 surrogate cannot be UTF-8 encoded: it becomes U+FFFD, as TextEncoder does. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Put a query string into SigV4's canonical encoding on the wire (order kept), so the receiver's
 * raw query and the signed one agree for every signer (botocore signs a URL's query as received).
 */
export function toWireQuery(raw: string): string {
  if (!raw) return '';
  return raw
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = uriEncode(safeDecode(eq < 0 ? pair : pair.slice(0, eq)));
      return eq < 0 ? `${key}=` : `${key}=${uriEncode(safeDecode(pair.slice(eq + 1)))}`;
    })
    .join('&');
}

/** Replace the secret and the session token with a marker wherever they occur (for --verbose). */
export function redactSecrets(text: string, credentials: Credentials | null | undefined): string {
  if (!credentials) return text;
  let out = text;
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (secret) out = out.split(secret).join('<redacted>');
  }
  return out;
}

/** The parts of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
export function parseAuthorization(
  value: string,
): { accessKeyId: string; scope: string; signedHeaders: string[]; signature: string } | null {
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
      value.trim(),
    );
  if (!m) return null;
  return { accessKeyId: m[1]!, scope: m[2]!, signedHeaders: m[3]!.split(';'), signature: m[4]! };
}
