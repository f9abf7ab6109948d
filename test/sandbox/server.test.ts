// The loopback server end to end: real HTTPS with the generated CA, the AWS SDK v3 clients with an
// endpoint override, execute-api over TLS with SNI, limits, faults on the wire, clean shutdown.
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'node:https';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { EC2Client, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { APIGatewayClient, GetRestApisCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startSandbox, exportBlock, type Sandbox } from '../../src/sandbox/index.js';
import { signRequest } from '../../src/signing/sign.js';
import type { Credentials } from '../../src/signing/types.js';
import { WORLD_FILE } from './helpers.js';

let sb: Sandbox;
let agent: Agent;
const clientConfig = () => ({
  region: 'us-west-2',
  endpoint: sb.url,
  credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
  requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
});

beforeAll(async () => {
  sb = await startSandbox(WORLD_FILE);
  agent = new Agent({ ca: sb.caPem, keepAlive: false });
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** One HTTPS request to the sandbox with the given Host and SNI (curl --connect-to style). */
function send(o: {
  host: string;
  sni?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: sb.port,
        servername: o.sni ?? o.host,
        ca: sb.caPem,
        method: o.method ?? 'GET',
        path: o.path,
        headers: { host: o.host, ...(o.headers ?? {}) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

async function signedSend(
  creds: Credentials,
  o: { host: string; sni?: string; method?: string; path: string; body?: string },
) {
  const [path, query = ''] = o.path.split('?') as [string, string?];
  const s = await signRequest(
    {
      method: o.method ?? 'GET',
      host: o.host,
      path,
      query,
      headers: {},
      ...(o.body ? { body: o.body } : {}),
    },
    { region: 'us-west-2', credentials: creds },
  );
  const { host: _h, ...headers } = Object.fromEntries(
    Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return send({ ...o, headers });
}

describe('sandbox over HTTPS', () => {
  it('prints the export block docs/design.md specifies', () => {
    const lines = exportBlock(sb.env).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `export AWS_ENDPOINT_URL_STS=https://127.0.0.1:${sb.port}`,
      `export AWS_ENDPOINT_URL_EC2=https://127.0.0.1:${sb.port}`,
      `export AWS_ENDPOINT_URL_API_GATEWAY=https://127.0.0.1:${sb.port}`,
      `export AWS_CA_BUNDLE=${sb.caFile}`,
      'export AWS_ACCESS_KEY_ID=AKIASANDBOXHARNESS01',
      'export AWS_SECRET_ACCESS_KEY=sandboxHarnessSecretKey/NotReal/0123456789',
      `export SPOKEGATE_CONNECT_TO=::127.0.0.1:${sb.port}`,
    ]);
    expect(sb.connectTo).toBe(`::127.0.0.1:${sb.port}`);
  });

  it('serves STS, EC2 and API Gateway to the AWS SDK v3 clients', async () => {
    const sts = new STSClient(clientConfig());
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::111111111111:user/spokegate-harness');
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/audit/AuditRole',
        RoleSessionName: 'sdk',
        ExternalId: 'audit-2024',
      }),
    );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/SpokeAdminRole',
          RoleSessionName: 'sdk',
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    sts.destroy();

    const ec2 = new EC2Client(clientConfig());
    const eps = await ec2.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0123456789abcdef0'] }),
    );
    expect(eps.VpcEndpoints?.[0]).toMatchObject({
      VpcEndpointId: 'vpce-0123456789abcdef0',
      VpcId: 'vpc-0aa11bb22cc33dd44',
      PrivateDnsEnabled: true,
    });
    expect(JSON.parse(eps.VpcEndpoints![0]!.PolicyDocument!).Statement[0].Sid).toBe('AllowNamedRoles');
    expect(eps.VpcEndpoints![0]!.DnsEntries!.length).toBeGreaterThan(2);
    await expect(
      ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0aaaaaaaaaaaaaaa1'] })),
    ).rejects.toMatchObject({
      name: 'InvalidVpcEndpointId.NotFound',
    });
    ec2.destroy();

    // The hub identity sees no API of another account; the orders account's reader sees its two.
    const hubApigw = new APIGatewayClient(clientConfig());
    expect((await hubApigw.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
    await expect(hubApigw.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    hubApigw.destroy();
    const readerSts = new STSClient(clientConfig());
    const reader = (
      await readerSts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/spokegate-reader',
          RoleSessionName: 'reader',
        }),
      )
    ).Credentials!;
    readerSts.destroy();
    const apigw = new APIGatewayClient({
      ...clientConfig(),
      credentials: {
        accessKeyId: reader.AccessKeyId!,
        secretAccessKey: reader.SecretAccessKey!,
        sessionToken: reader.SessionToken!,
      },
    });
    const apis = await apigw.send(new GetRestApisCommand({ limit: 500 }));
    // pageSize 2: one page holds both.
    expect(apis.items?.map((a) => a.name)).toEqual(['orders', 'legacy']);
    const orders = await apigw.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }));
    expect(orders.endpointConfiguration).toMatchObject({
      types: ['PRIVATE'],
      vpcEndpointIds: ['vpce-0123456789abcdef0'],
    });
    expect(JSON.parse(JSON.parse(`"${orders.policy}"`)).Statement).toHaveLength(4);
    apigw.destroy();
    expect(sb.counters.requests['ec2:DescribeVpcEndpoints']).toBe(2);
  });

  it('serves execute-api with TLS names for the private DNS, alias and endpoint names', async () => {
    const sts = new STSClient(clientConfig());
    const a = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
        RoleSessionName: 'tls',
      }),
    );
    sts.destroy();
    const creds: Credentials = {
      accessKeyId: a.Credentials!.AccessKeyId!,
      secretAccessKey: a.Credentials!.SecretAccessKey!,
      sessionToken: a.Credentials!.SessionToken!,
    };
    const vpceName = sb.state.endpoints.get('vpce-0123456789abcdef0')!.dnsNames[0]!;
    const apiName = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
    const r1 = await signedSend(creds, { host: apiName, path: '/prod/orders?limit=5' });
    expect(r1.status).toBe(200);
    expect(JSON.parse(r1.body)).toMatchObject({ addressing: 'private-dns', query: 'limit=5' });
    const r2 = await signedSend(creds, {
      host: 'a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-west-2.amazonaws.com',
      path: '/prod/orders',
    });
    expect(JSON.parse(r2.body).addressing).toBe('alias');
    const r3 = await signedSend(creds, {
      host: apiName,
      sni: vpceName,
      method: 'POST',
      path: '/prod/orders',
      body: '{"x":1}',
    });
    expect([r3.status, JSON.parse(r3.body).addressing]).toEqual([200, 'endpoint-host']);
    const r4 = await send({ host: 'b2c3d4e5f6.execute-api.us-west-2.amazonaws.com', path: '/prod/health' });
    expect(r4.status).toBe(200);
    expect(r4.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const r = await send({
      host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com',
      method: 'POST',
      path: '/prod/orders',
      body: Buffer.alloc(1024 * 1024 + 10, 97),
    }).catch((e: Error) => ({ status: -1, headers: {}, body: e.message }));
    // The server answers 413 and closes; a client still writing may see the close first.
    expect([413, -1]).toContain(r.status);
    expect(
      (await send({ host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com', path: '/prod/health' })).status,
    ).toBe(200);
  });

  it('resets connections and delays answers when the faults say so', async () => {
    sb.setFaults('orders', { resetPercent: 100 });
    await expect(
      send({ host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com', path: '/prod/health' }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    sb.setFaults('orders', { latencyMs: 300 });
    const t0 = Date.now();
    expect(
      (await send({ host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com', path: '/prod/health' })).status,
    ).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    sb.setFaults('orders', { throttlePercent: 100 });
    const t = await send({ host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com', path: '/prod/health' });
    expect([t.status, t.headers['x-amzn-errortype']]).toEqual([429, 'TooManyRequestsException']);
    sb.setFaults('orders', undefined);
    expect(
      (await send({ host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com', path: '/prod/health' })).status,
    ).toBe(200);
  });
});

describe('shutdown', () => {
  it('closes with no stray handles and frees the port', async () => {
    const kinds = () => process.getActiveResourcesInfo().filter((k) => k !== 'TTYWrap' && k !== 'PipeWrap');
    const before = kinds().length;
    const s = await startSandbox(WORLD_FILE, { http: true });
    // A keep-alive connection left open by a client must not hold the server up.
    const sock = connect(s.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write('GET /prod/health HTTP/1.1\r\nHost: a1b2c3d4e5.execute-api.us-west-2.amazonaws.com\r\n\r\n');
    await new Promise((r) => sock.once('data', r));
    await s.close();
    // The client's socket is gone when it says so (its close event), not after a time that a busy
    // machine may not have kept (50 + 20 ms were waited before).
    sock.destroy();
    if (!sock.closed) await once(sock, 'close');
    expect(kinds().length).toBeLessThanOrEqual(before);
    await expect(
      new Promise((resolve, reject) => {
        const c = connect(s.port, '127.0.0.1');
        c.once('connect', () => {
          c.destroy();
          resolve('connected');
        });
        c.once('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
