// The one loopback server: node http(s) in front of the pure handlers. It tells the services apart
// by Host (execute-api names), then by the credential scope's service, then by Action/path; it
// never crashes on junk (every malformed request gets an AWS-shaped 4xx) and never hangs one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { handleApiGateway } from './apigateway.js';
import { handleEc2 } from './ec2.js';
import { handleIam } from './iam.js';
import { gatewayErrors } from './errors.js';
import { handleExecuteApi, isExecuteApiHost } from './execute-api.js';
import { formParams, hostName, json, newRequestId, type Received, type Reply } from './http.js';
import { Held, type SandboxState } from './state.js';
import { handleSts } from './sts.js';
import type { TlsMaterial } from './tls.js';

/** Largest request body accepted (API Gateway's limit is 10 MB; a sandbox needs far less). */
export const MAX_BODY_BYTES = 1024 * 1024;
const STS_ACTIONS = new Set([
  'AssumeRole',
  'GetCallerIdentity',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'AssumeRoleWithSAML',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetFederationToken',
]);

const gatewayReply = (e: { status: number; type: string; body: unknown }): Reply =>
  json(e.status, e.body, { 'x-amzn-RequestId': newRequestId(), 'x-amzn-ErrorType': e.type });

/** The service a request is for: from its Host, its credential scope, or its Action/path. */
export function serviceOf(r: Received): 'execute-api' | 'sts' | 'ec2' | 'apigateway' | 'iam' | undefined {
  const host = hostName(r.host);
  if (isExecuteApiHost(host)) return 'execute-api';
  if (/^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(host)) return 'sts';
  if (/^ec2\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return 'ec2';
  if (/^apigateway\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return 'apigateway';
  if (host === 'iam.amazonaws.com') return 'iam';
  const scope = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]+)\//.exec(r.headers.authorization ?? '');
  if (scope) {
    const s = scope[1];
    return s === 'sts' || s === 'ec2' || s === 'apigateway' || s === 'iam' || s === 'execute-api'
      ? s
      : undefined;
  }
  if (r.path === '/restapis' || r.path.startsWith('/restapis/')) return 'apigateway';
  const params = formParams(r.query);
  if (r.method === 'POST') for (const [k, v] of formParams(r.body.toString('utf8'))) params.set(k, v);
  const action = params.get('Action');
  if (action && STS_ACTIONS.has(action)) return 'sts';
  if (action) return 'ec2';
  return undefined;
}

export async function dispatch(state: SandboxState, r: Received): Promise<Reply> {
  switch (serviceOf(r)) {
    case 'execute-api':
      return handleExecuteApi(state, r);
    case 'sts':
      return handleSts(state, r);
    case 'ec2':
      return handleEc2(state, r);
    case 'apigateway':
      return handleApiGateway(state, r);
    case 'iam':
      return handleIam(state, r);
    default:
      state.count('unknown');
      // What API Gateway says to anything it cannot route.
      return gatewayReply(gatewayErrors.missingAuthenticationToken());
  }
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function badRequestBytes(status: number, message: string): string {
  const body = JSON.stringify({ message });
  const reason =
    status === 431
      ? 'Request Header Fields Too Large'
      : status === 413
        ? 'Payload Too Large'
        : status === 405
          ? 'Method Not Allowed'
          : status === 408
            ? 'Request Timeout'
            : 'Bad Request';
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nx-amzn-RequestId: ${newRequestId()}\r\n` +
    `x-amzn-ErrorType: BadRequestException\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export async function listen(
  state: SandboxState,
  opts: { port: number; tls?: TlsMaterial },
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  // Pipelined requests are answered in the order received (RFC 9112 §9.3.2): an answer the server
  // writes itself (400 for a request that does not parse, 405 for CONNECT) waits for the answers
  // of the requests before it on the connection, which it would otherwise cut off.
  // `last`: while its body is still coming (not `complete`, which the parser sets at once), an
  // error (a broken chunk, the request timeout) is that request's own answer: it waits for nothing.
  const pending = new Map<Socket, { count: number; last: IncomingMessage; then: (() => void)[] }>();
  const track = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const p = pending.get(socket) ?? { count: 0, last: req, then: [] };
    pending.set(socket, p);
    p.count++;
    p.last = req;
    res.on('close', () => {
      if (--p.count > 0) return;
      pending.delete(socket);
      for (const f of p.then.splice(0)) f();
    });
  };
  const afterPending = (socket: Socket, f: () => void) => {
    const p = pending.get(socket);
    if (p && p.count > 0 && p.last.complete) p.then.push(f);
    else f();
  };

  // A chunk's declared size is the chunked body's Content-Length, and Node's parser keeps it to itself:
  // a chunk declaring 2^53 bytes held the socket until the request timeout (30 s, then 408). The
  // bytes as received are read beside the parser for a chunk-size line over the limit, which is
  // refused at once, as nginx refuses a chunk that takes the body over client_max_body_size (413).
  type ChunkWatch = { overLimit: boolean; open?: { req: IncomingMessage; res: ServerResponse } };
  const chunkWatch = new WeakMap<Socket, ChunkWatch>();
  const watchChunks = (socket: Socket) => {
    const state: ChunkWatch = { overLimit: false };
    chunkWatch.set(socket, state);
    // Node's parser reads the socket's handle itself, where no 'data' event is seen, until someone
    // listens for 'data': the server then hands the parser the bytes through the socket's 'data'
    // events (stream semantics: every 'data' listener sees every byte). Added after the server's
    // own listener (this one runs after it took the socket), it sees each piece after the parser
    // has: the request is open by then, or was refused from its headers. No private field is read or
    // written; were the listener ever to see nothing, a huge chunk would wait for the request timeout
    // (attack run 12 K01-K04 fail), never pass as refused.
    socket.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      if (!state.open && !/transfer-encoding[ \t]*:[^\r\n]*chunked/i.test(text)) return;
      if (!chunkSizeOverLimit(text)) return;
      if (!state.open) state.overLimit = true;
      else send(state.open.res, gatewayReply(gatewayErrors.tooLarge()), true);
    });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    track(req, res);
    // A body declared over the limit is refused before it is read: waiting for it held the socket
    // until Node's request timeout (a client may declare 100 GB and send nothing).
    if (declaredTooLarge(req)) return send(res, gatewayReply(gatewayErrors.tooLarge()), true);
    const watched = chunkWatch.get(req.socket);
    if (watched && isChunked(req)) {
      if (watched.overLimit) return send(res, gatewayReply(gatewayErrors.tooLarge()), true);
      watched.open = { req, res };
      req.on('end', () => {
        if (watched.open?.req === req) watched.open = undefined;
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        send(res, gatewayReply(gatewayErrors.tooLarge()), true);
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => req.socket.destroy());
    req.on('end', () => {
      if (tooLarge) return;
      void answer(req, res, Buffer.concat(chunks));
    });
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    let reply: Reply;
    try {
      const received = toReceived(req, body);
      reply = received
        ? await dispatch(state, received)
        : gatewayReply(gatewayErrors.badRequest('Invalid request target'));
    } catch (e) {
      if (e instanceof Held) return hold(res, e.operation);
      // Never a stack trace on the wire; the request id lets a test find the case.
      reply = json(
        500,
        { message: 'Internal server error' },
        {
          'x-amzn-RequestId': newRequestId(),
          'x-amzn-ErrorType': 'InternalServerErrorException',
        },
      );
    }
    const go = () => {
      if (reply.kind === 'reset') req.socket.destroy();
      else send(res, reply, false);
    };
    if (reply.delayMs && reply.delayMs > 0 && !closing) {
      const t = setTimeout(() => {
        timers.delete(t);
        go();
      }, reply.delayMs);
      timers.add(t);
    } else go();
  };

  // A stalled operation's request: no answer; the client closing the connection is counted, so a
  // test sees that a request was aborted (its socket closed), not merely abandoned.
  const hold = (res: ServerResponse, op: string) => {
    const { held, abandoned } = state.counters;
    held[op] = (held[op] ?? 0) + 1;
    res.on('close', () => {
      if (!closing && !res.writableEnded) abandoned[op] = (abandoned[op] ?? 0) + 1;
    });
  };

  const send = (res: ServerResponse, reply: Reply, closeAfter: boolean) => {
    if (reply.kind !== 'reply' || res.headersSent || res.destroyed) return;
    const body = Buffer.from(reply.body, 'utf8');
    const headers: Record<string, string | number> = {
      ...reply.headers,
      'Content-Length': body.length,
      Date: new Date(Date.now() + state.clockOffsetMs).toUTCString(),
    };
    if (closeAfter) headers.Connection = 'close';
    res.writeHead(reply.status, headers);
    res.end(body, () => {
      if (closeAfter) res.socket?.destroy();
    });
  };

  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.keyPem, cert: opts.tls.certPem, minVersion: 'TLSv1.2' }, onRequest)
    : createHttpServer(onRequest);
  // Expect: 100-continue asks whether to send the body: a body over the limit is refused at once,
  // never invited (RFC 9110 §10.1.1: a server may answer with the final status instead).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooLarge(req)) res.writeContinue();
    onRequest(req, res);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 200;
  if (opts.tls) server.on('secureConnection', watchChunks);
  else server.on('connection', watchChunks);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = err.code ?? '';
    if (code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    afterPending(socket, () => {
      if (!socket.writable) return socket.destroy();
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(
        badRequestBytes(
          status,
          status === 431
            ? 'Request Header Fields Too Large'
            : status === 408
              ? 'Request Timeout'
              : 'Bad Request',
        ),
      );
      socket.destroySoon();
    });
  });
  server.on('tlsClientError', (_err: Error, socket: TLSSocket) => socket.destroy());
  // CONNECT and Upgrade requests are not for an AWS endpoint: answered, then closed (without a
  // listener Node drops them without a word).
  const refuse = (_req: unknown, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    afterPending(socket, () => {
      if (!socket.writable) return socket.destroy();
      socket.end(badRequestBytes(405, 'Method Not Allowed'));
      socket.destroySoon();
    });
  };
  server.on('connect', refuse);
  server.on('upgrade', refuse);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }),
  };
}

const isChunked = (req: IncomingMessage): boolean =>
  /chunked/i.test(String(req.headers['transfer-encoding'] ?? ''));

/**
 * Bytes as received hold a chunk-size line (RFC 9112 §7.1: hex digits, extensions after ';') over
 * MAX_BODY_BYTES. Read beside the parser, not in step with it: a body that itself holds such a line
 * inside a chunk is refused too, which no body under the limit does unless it holds a line of six
 * or more hex digits worth more than 1 MiB.
 */
function chunkSizeOverLimit(text: string): boolean {
  for (const m of text.matchAll(/(?:^|\n)([0-9a-fA-F]{6,})[ \t]*(?:;[^\r\n]*)?\r?\n/g))
    if (Number.parseInt(m[1]!, 16) > MAX_BODY_BYTES) return true;
  return false;
}

/** A Content-Length over MAX_BODY_BYTES (Node has checked it is digits). */
function declaredTooLarge(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > MAX_BODY_BYTES;
}

function toReceived(req: IncomingMessage, body: Buffer): Received | undefined {
  let target = req.url ?? '';
  if (/^https?:\/\//i.test(target)) {
    // absolute-form (proxy style): keep only the path and query
    const m = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
    target = m?.[1] || '/';
  }
  if (!target.startsWith('/')) return undefined;
  const q = target.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  const servername = (req.socket as TLSSocket).servername;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host: headers.host ?? '',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body,
    ...(typeof servername === 'string' && servername ? { sni: servername } : {}),
    tls: (req.socket as TLSSocket).encrypted === true,
    ...(req.socket.remoteAddress
      ? { remoteAddress: req.socket.remoteAddress.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') }
      : {}),
  };
}
