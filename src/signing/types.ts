// Contract of the signing module (issue 2). The gateway signs with it; the sandbox verifies with it.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** A request exactly as it will go on the wire. */
export interface WireRequest {
  method: string;
  /** The Host header that will be sent (and signed), with a non-default port when there is one. */
  host: string;
  /** The path as sent on the wire (already percent-encoded), e.g. /prod/%40connections */
  path: string;
  /** The raw query string without '?', as sent ('' when none). */
  query: string;
  /** Header names in any case; Host is taken from `host`. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface SignOptions {
  region: string;
  /** Defaults to execute-api. */
  service?: string;
  credentials: Credentials;
  /** Signing time; defaults to now. */
  date?: Date;
  /** Sign the session token (botocore style, default) or add it after signing (API Gateway JS SDK style). */
  signSessionToken?: boolean;
}

export interface SignedRequest extends WireRequest {
  headers: Record<string, string>;
  /** For --verbose; contains no secret (the token is shown redacted by the caller). */
  canonicalRequest: string;
  stringToSign: string;
}

export type VerifyFailure =
  | { ok: false; kind: 'missing' } // no Authorization header: anonymous
  // Malformed Authorization; `notSigV4` when it is no SigV4 at all (a bearer token), which API
  // Gateway's endpoint policy reads as an anonymous caller (docs/aws-behaviour.md §6).
  | { ok: false; kind: 'incomplete'; message: string; notSigV4?: true }
  | { ok: false; kind: 'unknown-key'; message: string }
  | { ok: false; kind: 'expired-token'; message: string }
  | { ok: false; kind: 'skew'; message: string; skewSeconds: number }
  | { ok: false; kind: 'bad-scope'; message: string }
  | { ok: false; kind: 'mismatch'; message: string };

export type VerifyResult =
  | { ok: true; accessKeyId: string; credentials: Credentials; region: string; service: string }
  | VerifyFailure;
