// The sandbox's request/reply model: handlers are pure functions from a received request to a
// reply, so they can be tested without sockets; server.ts maps them onto node's http.
import { randomBytes, randomUUID } from 'node:crypto';

/** A request as received on the wire. */
export interface Received {
  method: string;
  /** The Host header as received (with port when one was sent). */
  host: string;
  /** The path as received (still percent-encoded). */
  path: string;
  /** The raw query string, without '?'. */
  query: string;
  /** Header names lower-case; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
  /** TLS SNI server name, when the connection is TLS and the client sent one. */
  sni?: string;
  /** false for plain HTTP (aws:SecureTransport); TLS when omitted. */
  tls?: boolean;
  /** The address the connection came from (IPv4-mapped IPv6 written as IPv4). */
  remoteAddress?: string;
}

export type Reply =
  | { kind: 'reply'; status: number; headers: Record<string, string>; body: string; delayMs?: number }
  | { kind: 'reset'; delayMs?: number };

export const newRequestId = (): string => randomUUID();
const ID_BYTES = 12;
// Random bytes drawn for 256 ids at a time: a draw per request was about 3% of the sandbox's CPU.
let idPool = Buffer.alloc(0);
let idAt = 0;
/** API Gateway's own request id header value (base64-ish, 16 characters). */
export function newApigwId(): string {
  if (idAt + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * 256);
    idAt = 0;
  }
  const id = idPool.toString('base64', idAt, (idAt += ID_BYTES));
  return id.replace(/[+/=]/g, 'A').slice(0, 16);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'reply',
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function xml(status: number, body: string, requestId: string): Reply {
  return {
    kind: 'reply',
    status,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body,
  };
}

/** `Host` without its port, lower-case. */
export const hostName = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[([^\]]*)\](?::\d+)?$/, '$1')
    .replace(/:\d+$/, '');

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Form or query parameters (application/x-www-form-urlencoded rules: '+' is a space). */
/**
 * An integer parameter as AWS's services read one: decimal digits, a sign allowed (what botocore
 * writes, `str(int)`); any other form (`0x384`, `9e2`, ` 900`, `900.0`) is NaN, refused as `abc` is
 * (JavaScript's Number() read those as 900; docs/aws-behaviour.md §57).
 */
export function wireInteger(text: string): number {
  return /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
}

export function formParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(text)) if (!out.has(k)) out.set(k, v);
  return out;
}
