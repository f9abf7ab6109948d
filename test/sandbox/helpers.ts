// Test helpers: drive the sandbox's pure handlers (no sockets) with requests signed by the
// project's signer, as a client would send them.
import { createHash, createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { loadWorld, type World } from '../../src/config/world.js';
import { dispatch } from '../../src/sandbox/server.js';
import { SandboxState } from '../../src/sandbox/state.js';
import type { Received, Reply } from '../../src/sandbox/http.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../src/signing/sha256.js';
import { signRequest } from '../../src/signing/sign.js';
import { formatAmzDate } from '../../src/signing/verify.js';
import type { Credentials } from '../../src/signing/types.js';

export const WORLD_FILE = fileURLToPath(new URL('../../features/sandbox/world.yaml', import.meta.url));
export const CONFIG_FILE = fileURLToPath(
  new URL('../../features/sandbox/spokegate.config.yaml', import.meta.url),
);
export const demoWorld = (): World => loadWorld(WORLD_FILE);
/**
 * The demo world plus ChainerRole (the harness may assume it; it may assume any role) and LongRole
 * (MaxSessionDuration 12 hours; trusts the harness and ChainerRole): role chaining tests.
 */
export function chainingWorld(): World {
  const w = demoWorld();
  const HARNESS = 'arn:aws:iam::111111111111:user/spokegate-harness';
  const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
  const trust = (principals: string[]) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }],
  });
  w.roles.ChainerRole = {
    arn: CHAINER,
    tags: {},
    maxSessionDuration: 3600,
    trustPolicy: trust([HARNESS]),
    policies: {
      chain: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
      },
    },
    attachedPolicies: [],
  };
  w.roles.LongRole = {
    arn: 'arn:aws:iam::111111111111:role/LongRole',
    tags: {},
    maxSessionDuration: 43_200,
    trustPolicy: trust([HARNESS, CHAINER]),
    policies: {},
    attachedPolicies: [],
  };
  return w;
}

/** A secret that differs from `secret` in its last character (never equal to it, whatever it ends with). */
export const wrongSecret = (secret: string): string =>
  `${secret.slice(0, -1)}${secret.endsWith('X') ? 'Y' : 'X'}`;

export const newState = (world: World = demoWorld(), seed = 1) => new SandboxState(world, seed);
export const HUB = 'vpce-0123456789abcdef0';
export const CONTROL_HOST = '127.0.0.1:4566';

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
export const parseXml = (s: string): Record<string, any> => xmlParser.parse(s) as Record<string, any>;

export type Ok = Extract<Reply, { kind: 'reply' }>;
export function asReply(r: Reply): Ok {
  if (r.kind !== 'reply') throw new Error('expected a reply, got a reset');
  return r;
}

export function harnessCreds(state: SandboxState): Credentials {
  return { ...state.harness.credentials };
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** A signed Query-protocol call (STS, EC2 or IAM) to the control plane; `opts.region` signs for another region. */
export async function query(
  state: SandboxState,
  service: 'sts' | 'ec2' | 'iam',
  params: Record<string, string>,
  creds: Credentials | null = harnessCreds(state),
  opts: { date?: Date; tamper?: (r: Received) => Received; region?: string; omit?: string[] } = {},
): Promise<Ok> {
  const form = new URLSearchParams({
    Version: service === 'sts' ? '2011-06-15' : service === 'iam' ? '2010-05-08' : '2016-11-15',
    ...params,
  });
  for (const name of opts.omit ?? []) form.delete(name);
  const body = form.toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  let received: Received = {
    method: 'POST',
    host: CONTROL_HOST,
    path: '/',
    query: '',
    headers,
    body: Buffer.from(body),
  };
  if (creds) {
    const s = await signRequest(
      { method: 'POST', host: CONTROL_HOST, path: '/', query: '', headers, body },
      // IAM is global: signed for us-east-1, as AWS requires.
      {
        region: opts.region ?? (service === 'iam' ? 'us-east-1' : 'us-west-2'),
        service,
        credentials: creds,
        date: opts.date ?? state.now(),
      },
    );
    received = { ...received, headers: lower(s.headers) };
  }
  return asReply(await dispatch(state, opts.tamper ? opts.tamper(received) : received));
}

export async function assume(
  state: SandboxState,
  roleAlias: string,
  extra: Record<string, string> = {},
): Promise<Credentials> {
  const role = state.world.roles[roleAlias]!;
  const externalId: Record<string, string> = roleAlias === 'AuditRole' ? { ExternalId: 'audit-2024' } : {};
  const r = await query(state, 'sts', {
    Action: 'AssumeRole',
    RoleArn: role.arn,
    RoleSessionName: 'test',
    ...externalId,
    ...extra,
  });
  if (r.status !== 200) throw new Error(`AssumeRole ${roleAlias}: ${r.status} ${r.body}`);
  const c = parseXml(r.body).AssumeRoleResponse.AssumeRoleResult.Credentials;
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}

export interface InvokeOpts {
  method?: string;
  /** Stage-relative or absolute wire path; with `stage` unset the path is taken as the whole wire path. */
  path: string;
  host: string;
  sni?: string;
  /** The Host to sign when it differs from the one sent (a classic client mistake). */
  signedHost?: string;
  headers?: Record<string, string>;
  body?: string;
  creds?: Credentials | null;
  date?: Date;
  signSessionToken?: boolean;
  /** false: as if over plain HTTP. */
  tls?: boolean;
  /** The address the connection comes from (the socket server sets it). */
  remoteAddress?: string;
  /** The algorithm name written in the Authorization header instead of AWS4-HMAC-SHA256. */
  algorithm?: string;
  /** The region signed for (the demo world's us-west-2 by default). */
  region?: string;
}

/** A GET of `path` with these headers (signed or not) as the sandbox answers it. */
export async function getReply(
  state: SandboxState,
  host: string,
  path: string,
  headers: Record<string, string>,
  query = '',
): Promise<Ok> {
  return asReply(await dispatch(state, { method: 'GET', host, path, query, headers, body: Buffer.alloc(0) }));
}

/**
 * The sandbox's answer to GET /prod/orders on the demo's orders API presigned by the harness, its
 * X-Amz-Expires written out as given (not as a number: the spelling is what is probed).
 */
export async function presignedOrders(state: SandboxState, expires: string): Promise<Ok> {
  const host = apiHost('a1b2c3d4e5');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const c = harnessCreds(state);
  const at = formatAmzDate(state.now());
  const scope = `${at.slice(0, 8)}/us-west-2/execute-api/aws4_request`;
  const q = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${c.accessKeyId}/${scope}`],
    ['X-Amz-Date', at],
    ['X-Amz-Expires', expires],
    ['X-Amz-SignedHeaders', 'host'],
    ...(c.sessionToken ? [['X-Amz-Security-Token', c.sessionToken]] : []),
  ]
    .map(([k, v]) => [encodeURIComponent(k!), encodeURIComponent(v!)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = ['GET', '/prod/orders', q, `host:${host}`, '', 'host', sha('')].join('\n');
  const key = ['us-west-2', 'execute-api', 'aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(`AWS4${c.secretAccessKey}`, at.slice(0, 8)),
  );
  const signature = hmac(key, ['AWS4-HMAC-SHA256', at, scope, sha(canonical)].join('\n')).toString('hex');
  return getReply(state, host, '/prod/orders', { host }, `${q}&X-Amz-Signature=${signature}`);
}

/** A Query answer is `status` with the result element `expected` (200) or the error code `expected`. */
export function expectQueryAnswer(r: Ok, status: number, expected: string): void {
  expect(r.status, r.body.slice(0, 400)).toBe(status);
  const doc = parseXml(r.body);
  if (status === 200) expect(Object.keys(doc)).toContain(expected);
  else expect(doc.ErrorResponse?.Error?.Code, r.body.slice(0, 400)).toBe(expected);
}

/**
 * A 403 from execute-api where the harness (whom the demo hub refuses) signed: `endpoint` when the
 * signature was verified and the endpoint policy refused, `signature` when refused before.
 */
export function expectRefusedAt(r: Ok, expected: 'endpoint' | 'signature'): void {
  expect(r.status, r.body).toBe(403);
  const type = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1] ?? '';
  if (expected === 'endpoint') expect(r.body).toMatch(/VPC endpoint policy/);
  else expect(type, r.body).not.toMatch(/^AccessDenied/);
}

export async function invoke(state: SandboxState, o: InvokeOpts): Promise<Reply> {
  const method = o.method ?? 'GET';
  const [path, q = ''] = o.path.split('?') as [string, string?];
  let headers = lower(o.headers ?? {});
  if (o.creds) {
    const s = await signRequest(
      {
        method,
        host: o.signedHost ?? o.host,
        path,
        query: q,
        headers,
        ...(o.body !== undefined ? { body: o.body } : {}),
      },
      {
        region: o.region ?? 'us-west-2',
        credentials: o.creds,
        date: o.date ?? state.now(),
        ...(o.signSessionToken !== undefined ? { signSessionToken: o.signSessionToken } : {}),
      },
    );
    headers = lower(s.headers);
    delete headers.host;
    if (o.algorithm) headers.authorization = headers.authorization!.replace(/^AWS4-HMAC-SHA256/, o.algorithm);
  }
  return dispatch(state, {
    method,
    host: o.host,
    path,
    query: q,
    headers: { ...headers, host: o.host },
    body: Buffer.from(o.body ?? ''),
    ...(o.sni ? { sni: o.sni } : {}),
    ...(o.tls === false ? { tls: false } : {}),
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
}

export const apiHost = (apiId: string) => `${apiId}.execute-api.us-west-2.amazonaws.com`;

/** What a reply says, in the report's vocabulary. */
export function outcome(r: Reply): string {
  if (r.kind === 'reset') return 'reset';
  if (r.status === 200) return 'allow';
  const type = r.headers['x-amzn-ErrorType'] ?? '';
  const body = JSON.parse(r.body) as { Message?: string; message?: string };
  if (type === 'AccessDeniedException') {
    const m = body.Message ?? '';
    if (m.includes('VPC endpoint policy')) return 'endpoint';
    if (m.includes('resource-based policy')) return m.includes('explicit deny') ? 'resource!' : 'resource';
    if (m.includes('identity-based policy')) return m.includes('explicit deny') ? 'identity!' : 'identity';
    return 'access-denied';
  }
  if (type === 'ForbiddenException') return 'forbidden';
  if (type === 'MissingAuthenticationTokenException') return 'missing-auth';
  return type;
}

/** An AWS JSON error answer: its status, x-amzn-ErrorType and parsed body, compared together. */
export function expectError(r: Ok, status: number, type: string, body: Record<string, string>): void {
  expect([r.status, r.headers['x-amzn-ErrorType'], JSON.parse(r.body)]).toEqual([status, type, body]);
}

/**
 * The headers of a `GET path` to execute-api `host` signed by the harness at `at` (the sandbox's clock by
 * default) with the headers `unsigned` left out of SignedHeaders (smithy's signer, as a client would), and
 * `also` sent and signed, even those smithy never signs (`connection`).
 */
export async function signedLeavingOut(
  s: SandboxState,
  host: string,
  unsigned: string[],
  at = s.now(),
  path = '/prod/orders',
  also: Record<string, string> = {},
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: 'us-west-2',
    credentials: harnessCreds(s),
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: host,
    path,
    headers: { host, ...also },
  });
  const signed = await signer.sign(request, {
    signingDate: at,
    unsignableHeaders: new Set(unsigned),
    signableHeaders: new Set(Object.keys(also)),
  });
  return { ...(signed.headers as Record<string, string>) };
}

/** A valid identity policy (a session policy STS takes) of exactly `n` characters. */
export function policyOfLength(n: number): string {
  const shell = (pad: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:*:*:*/${pad}` },
      ],
    });
  const text = shell('x'.repeat(n - shell('').length));
  expect(text.length).toBe(n);
  return text;
}
