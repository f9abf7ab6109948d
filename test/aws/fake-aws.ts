// A fake AWS control plane over loopback HTTP(S) for the adapter tests: STS AssumeRole (Query/XML),
// EC2 DescribeVpcEndpoints (Query/XML) and API Gateway GetRestApi (REST/JSON).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { awsClientConfig } from '../../src/aws/client-config.js';

export interface FakeAws {
  url: string;
  requests: Array<{ action: string; params: URLSearchParams; path: string }>;
  close(): Promise<void>;
}

export interface FakeAwsBehaviour {
  assumeRole?: (
    params: URLSearchParams,
  ) => { status: number; xml: string } | Promise<{ status: number; xml: string }>;
  describeVpcEndpoints?: (params: URLSearchParams) => { status: number; xml: string };
  getRestApi?: (id: string) => { status: number; json: unknown };
  tls?: { key: string; cert: string };
}

export function assumeRoleXml(roleArn: string, session: string, expiration: Date, n: number): string {
  const role = roleArn.split('/').pop();
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROA123:${session}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIA${n}</AccessKeyId><SecretAccessKey>secret-${n}</SecretAccessKey><SessionToken>token-${n}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>r-${n}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
}

export function accessDeniedXml(message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>r-denied</RequestId></ErrorResponse>`;
}

export async function startFakeAws(b: FakeAwsBehaviour): Promise<FakeAws> {
  const requests: FakeAws['requests'] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(
        req.method === 'POST' ? body : ((req.url ?? '').split('?')[1] ?? ''),
      );
      const action = params.get('Action') ?? `${req.method} ${req.url}`;
      requests.push({ action, params, path: req.url ?? '' });
      const restApi = /^\/restapis\/([^/?]+)$/.exec(req.url ?? '');
      if (action === 'AssumeRole' && b.assumeRole) {
        const r = await b.assumeRole(params);
        res.writeHead(r.status, { 'content-type': 'text/xml' }).end(r.xml);
      } else if (action === 'DescribeVpcEndpoints' && b.describeVpcEndpoints) {
        const r = b.describeVpcEndpoints(params);
        res.writeHead(r.status, { 'content-type': 'text/xml;charset=UTF-8' }).end(r.xml);
      } else if (restApi && b.getRestApi) {
        const r = b.getRestApi(decodeURIComponent(restApi[1]!));
        res
          .writeHead(r.status, {
            'content-type': 'application/json',
            ...(r.status === 404 ? { 'x-amzn-ErrorType': 'NotFoundException' } : {}),
          })
          .end(JSON.stringify(r.json));
      } else {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected ${action}`);
      }
    });
  };
  const server = b.tls ? https.createServer(b.tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${b.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/**
 * A fake API Gateway control plane that answers each path (query left out) with its JSON from
 * `answers`, 404 otherwise, and `use(cfg)` with a client config pointed at it; `seen` gets each URL.
 */
export async function withFakeApiGateway<T>(
  answers: Record<string, unknown>,
  use: (cfg: never) => Promise<T>,
  seen: string[] = [],
): Promise<T> {
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const body = answers[(req.url ?? '').split('?')[0]!];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cfg = {
      ...awsClientConfig({ region: 'us-west-2', service: 'apigateway', env: { AWS_ENDPOINT_URL: url } }),
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' },
    } as never;
    return await use(cfg);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
