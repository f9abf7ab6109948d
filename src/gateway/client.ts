// The gateway client: one signed HTTPS request to a private API through the hub endpoint, with the
// addressing mode's Host/SNI, curl-style connection overrides, keep-alive, a per-attempt timeout,
// bounded retries (re-signed each attempt) and classification of the answer.
import https from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Interrupted } from '../errors.js';
import { signRequest, toWirePath, toWireQuery } from '../signing/sign.js';
import type { Credentials, SignedRequest } from '../signing/types.js';
import { address, type AddressingMode, type ApiRef, type EndpointRef } from './addressing.js';
import {
  classifyNetworkError,
  classifyResponse,
  detectClockSkew,
  type Classification,
  type Outcome,
  type Reason,
} from './classify.js';
import { parseConnectTo, parseResolve, routeFor, type ConnectToRule, type ResolveRule } from './route.js';
import { USER_AGENT } from './user-agent.js';

export interface GatewayClientOptions {
  /** Per attempt, connect to last body byte. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 502, 503, 504 and connection resets. Default 3. */
  retries?: number;
  /** Extra CA (PEM text, or a Buffer of it) trusted besides the system roots. */
  ca?: string | Buffer;
  /** curl --connect-to HOST1:PORT1:HOST2:PORT2 rules (text, or already parsed by the caller). */
  connectTo?: readonly (string | ConnectToRule)[];
  /** curl --resolve HOST:PORT:ADDR rules (text, or already parsed by the caller). */
  resolve?: readonly (string | ResolveRule)[];
  keepAlive?: boolean;
  maxSockets?: number;
  now?: () => Date;
  random?: () => number;
  /** First backoff step in ms (doubles per retry, capped at 20x, full jitter). Default 200. */
  backoffBaseMs?: number;
  /** User-Agent sent (not signed). */
  userAgent?: string;
  /**
   * The run's interruption (SIGINT/SIGTERM): once aborted, requests in flight are cut off and every
   * call (and retry) rejects with Interrupted without sending anything.
   */
  signal?: AbortSignal;
}

export interface GatewayCall {
  api: ApiRef;
  endpoint?: EndpointRef;
  addressing: AddressingMode;
  method: string;
  /** Relative to the stage; may carry a query: /orders?id=1 reaches /prod/orders?id=1. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** null: anonymous (unsigned). */
  credentials: Credentials | null;
  signSessionToken?: boolean;
  /** Flip one character of the signature after signing (tampered-signature scenarios). */
  tamper?: 'signature';
  /** Port in the URL (443 unless a test says otherwise); the Host header and the signature carry it. */
  port?: number;
  onSigned?: (s: SignedRequest) => void;
}

export interface CallResult {
  status: number | null;
  outcome: Outcome;
  reason: Reason;
  requestId?: string;
  errorType?: string;
  message?: string;
  /** Parsed when JSON, else the text. */
  body: unknown;
  attempts: number;
  latencyMs: number;
  headers: Record<string, string>;
  /** Local clock minus AWS's, when AWS said the signature was expired or not yet current. */
  clockSkewSeconds?: number;
}

export interface GatewayClient {
  call(req: GatewayCall): Promise<CallResult>;
  close(): void;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const contexts = new Map<string, SecureContext>();
/** The system roots plus an extra CA, as one secure context per CA for the whole process. */
export function secureContextWithCa(caPem: string): SecureContext {
  let c = contexts.get(caPem);
  if (!c) contexts.set(caPem, (c = createSecureContext({ ca: [...rootCertificates, caPem] })));
  return c;
}

export function createGatewayClient(opts: GatewayClientOptions = {}): GatewayClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = Math.max(0, Math.min(opts.retries ?? 3, 10));
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const backoffBase = opts.backoffBaseMs ?? 200;
  const connectTo = (opts.connectTo ?? []).map((s) => (typeof s === 'string' ? parseConnectTo(s) : s));
  const resolve = (opts.resolve ?? []).map((s) => (typeof s === 'string' ? parseResolve(s) : s));
  const userAgent = opts.userAgent ?? USER_AGENT;
  const signal = opts.signal;
  const stopIfInterrupted = (): void => {
    if (signal?.aborted) throw new Interrupted();
  };
  // One listener on the run's signal cuts off every request in flight and ends every backoff wait.
  // Handing the signal to each request added a listener per call, and more than ten calls at once
  // made Node warn of a leak (MaxListenersExceededWarning).
  const onAbort = new Set<() => void>();
  const abortAll = () => {
    for (const cut of [...onAbort]) cut();
  };
  signal?.addEventListener('abort', abortAll, { once: true });
  // System roots plus the extra CA: an extra CA never replaces the roots, and verification stays on.
  // One secure context, built once: a `ca` option on the Agent would be folded into the pool key on
  // every request and parsed again for every new connection.
  const secureContext = opts.ca ? secureContextWithCa(opts.ca.toString()) : undefined;
  const agent = new https.Agent({
    keepAlive: opts.keepAlive ?? true,
    maxSockets: opts.maxSockets ?? 16,
    ...(secureContext ? { secureContext } : {}),
    rejectUnauthorized: true,
  });

  async function call(req: GatewayCall): Promise<CallResult> {
    const target = address(req.api, req.endpoint, req.addressing, req.port ?? 443);
    const route = routeFor(target.urlHost, target.port, connectTo, resolve);
    const { path, query } = requestTarget(req.api.stage, req.path);
    const baseHeaders: Record<string, string> = { ...target.headers };
    for (const [k, v] of Object.entries(req.headers ?? {})) baseHeaders[k.toLowerCase()] = v;
    if (req.body !== undefined && !baseHeaders['content-type'])
      baseHeaders['content-type'] = guessContentType(req.body);

    const started = performance.now();
    let attempt = 0;
    for (;;) {
      attempt++;
      stopIfInterrupted();
      let headers: Record<string, string> = { ...baseHeaders, host: target.hostHeader };
      if (req.credentials) {
        const signed = await signRequest(
          { method: req.method, host: target.hostHeader, path, query, headers: baseHeaders, body: req.body },
          {
            region: req.api.region,
            credentials: req.credentials,
            date: now(),
            signSessionToken: req.signSessionToken,
          },
        );
        if (req.tamper === 'signature')
          signed.headers.authorization = tamperSignature(signed.headers.authorization!);
        req.onSigned?.(signed);
        headers = signed.headers;
      }
      headers['user-agent'] = userAgent;
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      stopIfInterrupted(); // signing is asynchronous: the signal may have come meanwhile

      let classification: Classification;
      let raw: RawResponse | null = null;
      let retryable: boolean;
      try {
        raw = await send({
          host: route.connectHost,
          port: route.connectPort,
          servername: target.sni,
          method: req.method.toUpperCase(),
          path: query ? `${path}?${query}` : path,
          headers,
          body: req.body,
        });
        classification = classifyResponse(raw.status, raw.headers, raw.body, {
          signed: req.credentials !== null && req.credentials !== undefined,
          tampered: req.tamper === 'signature',
        });
        retryable = RETRY_STATUS.has(raw.status);
      } catch (err) {
        // Cut off by the interruption: no answer, so never classified as one (nor retried).
        stopIfInterrupted();
        classification = classifyNetworkError(err);
        retryable = RETRY_CODES.has((err as NodeJS.ErrnoException).code ?? '');
      }
      if (retryable && attempt <= retries) {
        await sleep(backoff(attempt, raw?.headers['retry-after']));
        continue;
      }
      const skew = detectClockSkew(classification.message);
      // A request refused for its signature or credentials (skewed clock, expired or unknown token)
      // reached no policy: the classifier makes it an error, unless the signature was tampered with
      // on purpose (then it is the denial it is meant to provoke).
      return {
        status: raw?.status ?? null,
        ...classification,
        ...(skew
          ? { message: `${classification.message}; ${skew.hint}`, clockSkewSeconds: skew.offsetSeconds }
          : {}),
        body: raw ? parseBody(raw.body) : null,
        attempts: attempt,
        latencyMs: performance.now() - started,
        headers: raw?.headers ?? {},
      };
    }
  }

  function backoff(attempt: number, retryAfter: string | undefined): number {
    const cap = backoffBase * 20;
    const exp = Math.min(cap, backoffBase * 2 ** (attempt - 1));
    const jittered = Math.round(random() * exp); // full jitter
    const ra = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    return Math.max(jittered, Math.min(ra, cap));
  }

  function send(o: {
    host: string;
    port: number;
    servername: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }): Promise<RawResponse> {
    return new Promise((resolvePromise, reject) => {
      const r = https.request({
        host: o.host,
        port: o.port,
        // SNI and certificate check use the name AWS would see, not where TCP goes.
        servername: o.servername,
        method: o.method,
        path: o.path,
        headers: o.headers,
        agent,
        setHost: false,
      });
      // Cut off by the interruption: the socket is destroyed now (the caller sees Interrupted).
      const cut = () => r.destroy(Object.assign(new Error('the run was interrupted'), { code: 'ABORT_ERR' }));
      onAbort.add(cut);
      r.on('close', () => onAbort.delete(cut));
      if (signal?.aborted) cut();
      const timer = setTimeout(() => {
        const e = new Error(`no complete answer within ${timeoutMs} ms`) as NodeJS.ErrnoException;
        e.code = 'SPOKEGATE_TIMEOUT';
        r.destroy(e);
      }, timeoutMs);
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolvePromise({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
        // Cut off mid-answer (an abort destroys the socket): never a half answer taken as whole.
        res.on('close', () => {
          if (res.complete) return;
          clearTimeout(timer);
          const e = new Error('the answer was cut off') as NodeJS.ErrnoException;
          e.code = 'ECONNRESET';
          reject(e);
        });
      });
      r.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      r.end(o.body);
    });
  }

  /** Wait `ms`, or less when the run's signal aborts (the caller then stops before sending). */
  function sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        onAbort.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      onAbort.add(done);
    });
  }

  return {
    call,
    close: () => {
      signal?.removeEventListener('abort', abortAll);
      agent.destroy();
    },
  };
}

/**
 * The path and query on the wire for PATH relative to the stage: /orders?id=1 -> /prod/orders,
 * id=1. The query is put into SigV4's encoding so every verifier reads it the same way.
 */
export function requestTarget(stage: string, relPath: string): { path: string; query: string } {
  const q = relPath.indexOf('?');
  const rawPath = q < 0 ? relPath : relPath.slice(0, q);
  const rel = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return { path: toWirePath(`/${stage}${rel}`), query: q < 0 ? '' : toWireQuery(relPath.slice(q + 1)) };
}

/** Flip one hex digit of the Signature: the request stays well-formed but no longer verifies. */
export function tamperSignature(authorization: string): string {
  return authorization.replace(/(Signature=[0-9a-f]*)([0-9a-f])$/, (_m, head: string, last: string) => {
    return head + (last === '0' ? '1' : '0');
  });
}

function guessContentType(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json';
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
