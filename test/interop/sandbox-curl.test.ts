// curl --aws-sigv4 (an independent signer) through the sandbox with --connect-to and --cacert:
// the outcomes the demo world's policies dictate. Debian's curl 7.88 neither sorts the query nor
// double-encodes the path, so only plain paths here (botocore covers the rest).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Credentials } from '../../src/signing/types.js';
import { WORLD_FILE, wrongSecret } from '../sandbox/helpers.js';
import { API_HOST, assumeRole, cleanEnv, findCurl, ROLE, run, SKIP } from '../sandbox/interop/tools.js';

let sb: Sandbox;
let curl = 'curl';
const roles = new Map<string, Credentials>();

beforeAll(async () => {
  if (SKIP) return;
  curl = findCurl();
  sb = await startSandbox(WORLD_FILE);
  for (const [k, arn] of Object.entries(ROLE))
    roles.set(k, await assumeRole(sb, arn, k === 'audit' ? 'audit-2024' : undefined));
});
afterAll(async () => {
  await sb?.close();
});

interface CurlResult {
  status: number;
  errorType: string;
  body: Record<string, unknown>;
}
async function call(o: {
  as?: string;
  method?: string;
  url: string;
  headers?: string[];
  data?: string;
}): Promise<CurlResult> {
  const args = [
    '-sS',
    '-D',
    '-',
    '--connect-to',
    sb.env.SPOKEGATE_CONNECT_TO!,
    '--cacert',
    sb.caFile,
    '-X',
    o.method ?? 'GET',
  ];
  const env = cleanEnv({});
  if (o.as) {
    const c = roles.get(o.as)!;
    // The secret goes through the environment into a curl config on stdin, never on the command line.
    args.push('--aws-sigv4', 'aws:amz:us-west-2:execute-api', '-K', '-');
    args.push('-H', `x-amz-security-token: ${c.sessionToken}`);
    for (const h of o.headers ?? []) args.push('-H', h);
    if (o.data !== undefined) args.push('--data-raw', o.data);
    args.push(o.url);
    const r = await run(curl, args, env, `user = "${c.accessKeyId}:${c.secretAccessKey}"\n`);
    return parse(r.stdout, r.stderr);
  }
  for (const h of o.headers ?? []) args.push('-H', h);
  args.push(o.url);
  const r = await run(curl, args, env);
  return parse(r.stdout, r.stderr);
}
function parse(out: string, err: string): CurlResult {
  const [head = '', ...rest] = out.split('\r\n\r\n');
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? -1);
  if (status < 0) throw new Error(`curl failed: ${err}`);
  const errorType = /^x-amzn-ErrorType: (.*)$/im.exec(head)?.[1]?.trim() ?? '';
  return { status, errorType, body: JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown> };
}
const url = (id: string, path: string) => `https://${API_HOST(id)}${path}`;

describe('curl --aws-sigv4 through the sandbox', () => {
  it('reaches the echo integration as the signing role (private DNS name)', async () => {
    if (SKIP) return;
    const r = await call({ as: 'checkout', url: url('a1b2c3d4e5', '/prod/orders') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      route: 'GET /orders',
      caller: { arn: 'arn:aws:sts::111111111111:assumed-role/CheckoutRole/interop' },
      stage: 'prod',
    });
    const post = await call({
      as: 'checkout',
      method: 'POST',
      url: url('b2c3d4e5f6', '/prod/payments'),
      headers: ['content-type: application/json'],
      data: '{"amount":5}',
    });
    expect([post.status, post.body.bodyBytes]).toEqual([200, 12]);
  });

  it.each([
    [
      'checkout',
      'b2c3d4e5f6',
      'GET',
      '/prod/payments',
      'because no resource-based policy allows the execute-api:Invoke action',
    ],
    [
      'reporting',
      'a1b2c3d4e5',
      'POST',
      '/prod/orders',
      'because no identity-based policy allows the execute-api:Invoke action',
    ],
    ['audit', 'a1b2c3d4e5', 'DELETE', '/prod/orders/7', 'with an explicit deny in a resource-based policy'],
    [
      'inventory',
      'a1b2c3d4e5',
      'GET',
      '/prod/orders',
      'because no identity-based policy allows the execute-api:Invoke action',
    ],
    [
      'batch',
      'a1b2c3d4e5',
      'GET',
      '/prod/orders',
      'because no VPC endpoint policy allows the execute-api:Invoke action',
    ],
    [
      'partner',
      'c3d4e5f6a7',
      'GET',
      '/prod/items',
      'because no VPC endpoint policy allows the execute-api:Invoke action',
    ],
  ])('%s -> %s %s %s is denied: %s', async (role, api, method, path, why) => {
    if (SKIP) return;
    const r = await call({ as: role, method, url: url(api, path) });
    expect([r.status, r.errorType]).toEqual([403, 'AccessDeniedException']);
    expect(String(r.body.Message)).toContain(why);
  });

  it('lets allowed cells through: payments for PaymentsRole, inventory for ReportingRole (GET), health for anyone', async () => {
    if (SKIP) return;
    expect((await call({ as: 'payments', url: url('b2c3d4e5f6', '/prod/payments/12') })).status).toBe(200);
    expect((await call({ as: 'reporting', url: url('c3d4e5f6a7', '/prod/items') })).status).toBe(200);
    expect((await call({ as: 'partner', url: url('c3d4e5f6a7', '/prod/health') })).status).toBe(200);
    const anon = await call({ url: url('a1b2c3d4e5', '/prod/health') });
    expect([anon.status, anon.body.caller]).toEqual([200, { arn: 'anonymous' }]);
  });

  it('unsigned, unknown routes, unassociated APIs and their alias names get the gateway errors', async () => {
    if (SKIP) return;
    const anon = await call({ url: url('a1b2c3d4e5', '/prod/orders') });
    expect([anon.status, anon.errorType]).toEqual([403, 'AccessDeniedException']);
    const route = await call({ as: 'checkout', url: url('a1b2c3d4e5', '/prod/refunds') });
    expect([route.status, route.errorType, route.body]).toEqual([
      403,
      'MissingAuthenticationTokenException',
      { message: 'Missing Authentication Token' },
    ]);
    // Not associated with the hub: private DNS still reaches it, its resource policy refuses.
    const legacy = await call({ as: 'checkout', url: url('d4e5f6a7b8', '/prod/status') });
    expect([legacy.status, legacy.errorType]).toEqual([403, 'AccessDeniedException']);
    // The alias name exists only for an associated endpoint.
    const alias = await call({
      as: 'checkout',
      url: 'https://d4e5f6a7b8-vpce-0123456789abcdef0.execute-api.us-west-2.amazonaws.com/prod/status',
    });
    expect([alias.status, alias.errorType, alias.body]).toEqual([
      403,
      'ForbiddenException',
      { message: 'Forbidden' },
    ]);
  });

  it('works through the alias name and the endpoint name with x-apigw-api-id', async () => {
    if (SKIP) return;
    const alias = await call({
      as: 'checkout',
      url: 'https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-west-2.amazonaws.com/prod/orders',
    });
    expect([alias.status, alias.body.addressing]).toEqual([200, 'alias']);
    const vpce = sb.state.endpoints.get('vpce-0123456789abcdef0')!.dnsNames[0]!;
    const byId = await call({
      as: 'checkout',
      url: `https://${vpce}/prod/orders`,
      headers: ['x-apigw-api-id: a1b2c3d4e5'],
    });
    expect([byId.status, byId.body.addressing]).toEqual([200, 'endpoint-api-id']);
  });

  it('a wrong secret gets InvalidSignatureException', async () => {
    if (SKIP) return;
    const c = roles.get('checkout')!;
    roles.set('wrong', { ...c, secretAccessKey: wrongSecret(c.secretAccessKey) });
    const r = await call({ as: 'wrong', url: url('a1b2c3d4e5', '/prod/orders') });
    expect([r.status, r.errorType]).toEqual([403, 'InvalidSignatureException']);
    expect(String(r.body.message)).toMatch(/^The request signature we calculated does not match/);
  });
});
