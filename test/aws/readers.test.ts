import { afterEach, describe, expect, it } from 'vitest';
import {
  awsClientConfig,
  endpointFor,
  readEndpoint,
  readRestApiPolicy,
  readRestApiRoutes,
  sortDnsNames,
  unescapeRestApiPolicy,
} from '../../src/aws/index.js';
import { InfraError, InputError } from '../../src/errors.js';
import { AWS_NAMES, makeTestPki } from '../gateway/tls-fixture.js';
import { startFakeAws, withFakeApiGateway, type FakeAws } from './fake-aws.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const POLICY = {
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
};
const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function vpceXml(id: string, policy: string | null): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><vpcEndpointSet><item>
<vpcEndpointId>${id}</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-0aa11bb22cc33dd44</vpcId>
<serviceName>com.amazonaws.us-west-2.execute-api</serviceName><state>available</state><ownerId>111111111111</ownerId>
<privateDnsEnabled>true</privateDnsEnabled><dnsEntrySet>
<item><dnsName>${id}-abcdefgh-us-west-2a.execute-api.us-west-2.vpce.amazonaws.com</dnsName><hostedZoneId>Z1</hostedZoneId></item>
<item><dnsName>${id}-abcdefgh.execute-api.us-west-2.vpce.amazonaws.com</dnsName><hostedZoneId>Z1</hostedZoneId></item>
<item><dnsName>*.execute-api.us-west-2.amazonaws.com</dnsName><hostedZoneId>Z2</hostedZoneId></item>
</dnsEntrySet>${policy === null ? '' : `<policyDocument>${xmlEscape(policy)}</policyDocument>`}</item></vpcEndpointSet></DescribeVpcEndpointsResponse>`;
}

const ec2 = (url: string) =>
  awsClientConfig({ region: 'us-west-2', service: 'ec2', env: { AWS_ENDPOINT_URL_EC2: url } });
const creds = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'S' };

describe('readEndpoint (DescribeVpcEndpoints)', () => {
  const id = 'vpce-0123456789abcdef0';
  it('returns the endpoint with its parsed policy and DNS names, endpoint-specific regional first', async () => {
    fake = await startFakeAws({
      describeVpcEndpoints: () => ({ status: 200, xml: vpceXml(id, JSON.stringify(POLICY)) }),
    });
    const info = await readEndpoint(
      { ...ec2(fake.url), credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' } } as never,
      id,
    );
    expect(info).toMatchObject({
      id,
      vpcId: 'vpc-0aa11bb22cc33dd44',
      serviceName: 'com.amazonaws.us-west-2.execute-api',
      privateDnsEnabled: true,
      ownerId: '111111111111',
      policy: POLICY,
      policyText: JSON.stringify(POLICY),
    });
    expect(info.dnsNames[0]).toBe(`${id}-abcdefgh.execute-api.us-west-2.vpce.amazonaws.com`);
    expect(info.dnsNames).toHaveLength(3);
    expect(fake.requests[0]!.params.get('VpcEndpointId.1')).toBe(id);
  });

  it('fails clearly when the policy is missing or not JSON', async () => {
    let policy: string | null = null;
    fake = await startFakeAws({ describeVpcEndpoints: () => ({ status: 200, xml: vpceXml(id, policy) }) });
    const cfg = { ...ec2(fake.url), credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' } } as never;
    await expect(readEndpoint(cfg, id)).rejects.toThrow(/has no policy document/);
    policy = '{not json';
    await expect(readEndpoint(cfg, id)).rejects.toThrow(/is not JSON/);
    await expect(readEndpoint(cfg, id)).rejects.toBeInstanceOf(InfraError);
  });

  it('fails clearly when the endpoint does not exist', async () => {
    fake = await startFakeAws({
      describeVpcEndpoints: () => ({
        status: 400,
        xml: `<Response><Errors><Error><Code>InvalidVpcEndpointId.NotFound</Code><Message>The Vpc Endpoint Id '${id}' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>`,
      }),
    });
    const cfg = { ...ec2(fake.url), credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' } } as never;
    const err = await readEndpoint(cfg, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/vpce-0123456789abcdef0 not found/);
    // EC2 describes only the caller's own account's endpoints: an endpoint of another account is
    // NotFound too (the sandbox answers so), so the message names both causes.
    expect((err as Error).message).toMatch(
      /DescribeVpcEndpoints lists only the endpoints of the caller's own account: check the id, and that the base identity belongs to the endpoint's account/,
    );
  });

  it('orders DNS names: endpoint-specific regional, zonal, then others', () => {
    expect(sortDnsNames(['*.x.amazonaws.com', 'vpce-1-a-us-west-2a.x', 'vpce-1-a.x'])).toEqual([
      'vpce-1-a.x',
      'vpce-1-a-us-west-2a.x',
      '*.x.amazonaws.com',
    ]);
  });
});

describe('readRestApiPolicy (GetRestApi)', () => {
  const escaped =
    '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5\\/*\\"}]}';
  it('unescapes the policy the way AWS returns it', async () => {
    fake = await startFakeAws({
      getRestApi: (apiId) => ({ status: 200, json: { id: apiId, name: 'orders', policy: escaped } }),
    });
    const cfg = {
      ...awsClientConfig({
        region: 'us-west-2',
        service: 'apigateway',
        env: { AWS_ENDPOINT_URL_API_GATEWAY: fake.url },
      }),
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' },
    } as never;
    const text = await readRestApiPolicy(cfg, 'a1b2c3d4e5');
    expect(JSON.parse(text!)).toMatchObject({
      Statement: [{ Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/*' }],
    });
    expect(fake.requests[0]!.path).toBe('/restapis/a1b2c3d4e5');
  });

  it('returns null when the API has no policy', async () => {
    fake = await startFakeAws({
      getRestApi: (apiId) => ({ status: 200, json: { id: apiId, name: 'orders' } }),
    });
    const cfg = {
      ...awsClientConfig({ region: 'us-west-2', service: 'apigateway', env: { AWS_ENDPOINT_URL: fake.url } }),
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' },
    } as never;
    expect(await readRestApiPolicy(cfg, 'a1b2c3d4e5')).toBeNull();
  });

  it('keeps an already plain policy and rejects garbage', () => {
    expect(unescapeRestApiPolicy('{"a":"b/c"}')).toBe('{"a":"b/c"}');
    expect(() => unescapeRestApiPolicy('nope')).toThrow(/not JSON/);
  });
});

describe('awsClientConfig', () => {
  it('takes the service variable, then AWS_ENDPOINT_URL, then the config file', () => {
    const cfg = { sts: 'https://config.example' };
    expect(
      endpointFor(
        'sts',
        { AWS_ENDPOINT_URL_STS: 'https://a.example', AWS_ENDPOINT_URL: 'https://b.example' },
        cfg,
      ),
    ).toBe('https://a.example');
    expect(endpointFor('sts', { AWS_ENDPOINT_URL: 'https://b.example' }, cfg)).toBe('https://b.example');
    expect(endpointFor('sts', {}, cfg)).toBe('https://config.example');
    expect(endpointFor('ec2', {}, cfg)).toBeUndefined();
    expect(endpointFor('apigateway', { AWS_ENDPOINT_URL_API_GATEWAY: 'http://127.0.0.1:1' })).toBe(
      'http://127.0.0.1:1',
    );
    expect(() => endpointFor('ec2', { AWS_ENDPOINT_URL_EC2: 'ftp://x' })).toThrow(InputError);
    expect(
      endpointFor(
        'sts',
        { AWS_ENDPOINT_URL_STS: 'https://a.example', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
        cfg,
      ),
    ).toBe('https://config.example');
  });

  it('needs a region', () => {
    expect(() => awsClientConfig({ region: undefined, service: 'sts', env: {} })).toThrow(/no AWS region/);
    expect(
      awsClientConfig({ region: undefined, service: 'sts', env: { AWS_REGION: 'eu-west-1' } }).region,
    ).toBe('eu-west-1');
  });

  it('trusts an extra CA from AWS_CA_BUNDLE over HTTPS (verification on)', async () => {
    const pki = makeTestPki(['localhost', ...AWS_NAMES]);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sg-ca-'));
    writeFileSync(join(dir, 'ca.pem'), pki.caPem);
    fake = await startFakeAws({
      tls: { key: pki.keyPem, cert: pki.certPem },
      getRestApi: (apiId) => ({ status: 200, json: { id: apiId } }),
    });
    const url = fake.url.replace('127.0.0.1', 'localhost');
    const env = { AWS_ENDPOINT_URL_API_GATEWAY: url, AWS_CA_BUNDLE: join(dir, 'ca.pem'), ...creds };
    const withCa = {
      ...awsClientConfig({ region: 'us-west-2', service: 'apigateway', env }),
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
    };
    expect(await readRestApiPolicy(withCa as never, 'a1b2c3d4e5')).toBeNull();
    const without = {
      ...awsClientConfig({
        region: 'us-west-2',
        service: 'apigateway',
        env: { AWS_ENDPOINT_URL_API_GATEWAY: url },
      }),
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      maxAttempts: 1,
    };
    await expect(readRestApiPolicy(without as never, 'a1b2c3d4e5')).rejects.toThrow(/certificate/i);
  });

  it('names the file when the CA bundle cannot be read', () => {
    expect(() =>
      awsClientConfig({ region: 'us-west-2', service: 'sts', env: { AWS_CA_BUNDLE: '/nonexistent/ca.pem' } }),
    ).toThrow(/\/nonexistent\/ca.pem.*cannot read the CA bundle/);
  });
});

describe('readRestApiRoutes (GetResources, GetStages, GetDeployment)', () => {
  it("a stage's routes are its deployment's and its canary's; GetResources is what is defined", async () => {
    const seen: string[] = [];
    const answers: Record<string, unknown> = {
      '/restapis/a1b2c3d4e5/resources': {
        item: [
          { id: 'r1', path: '/', resourceMethods: { GET: {} } },
          { id: 'r2', path: '/orders', resourceMethods: { GET: {}, POST: {} } },
          { id: 'r3', path: '/orders/{id}', resourceMethods: { DELETE: {} } },
        ],
      },
      '/restapis/a1b2c3d4e5/stages': {
        item: [
          { stageName: 'dev', deploymentId: 'dep0' },
          {
            stageName: 'prod',
            deploymentId: 'dep1',
            canarySettings: { deploymentId: 'dep2', percentTraffic: 10 },
          },
        ],
      },
      '/restapis/a1b2c3d4e5/deployments/dep1': {
        id: 'dep1',
        apiSummary: { '/': { GET: { authorizationType: 'AWS_IAM' } }, '/orders': { GET: {} } },
      },
      '/restapis/a1b2c3d4e5/deployments/dep2': {
        id: 'dep2',
        apiSummary: { '/orders': { GET: {}, POST: {} } },
      },
    };
    await withFakeApiGateway(
      answers,
      async (cfg) => {
        const read = await readRestApiRoutes(cfg, 'a1b2c3d4e5', 'prod');
        expect(read.stages).toEqual(['dev', 'prod']);
        expect(read.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
          'GET /',
          'GET /orders',
          'POST /orders',
          'DELETE /orders/{id}',
        ]);
        expect(read.deployed).toEqual({
          deploymentIds: ['dep1', 'dep2'],
          canary: { deploymentId: 'dep2', percentTraffic: 10 },
          // each method's authorizationType, when the summary gives it (a route's NONE is a fact)
          routes: [
            { method: 'GET', path: '/', authorizationType: 'AWS_IAM' },
            { method: 'GET', path: '/orders' },
            { method: 'POST', path: '/orders' },
          ],
        });
        expect(seen).toContain('/restapis/a1b2c3d4e5/deployments/dep1?embed=apisummary');
        // A stage that does not exist: nothing deployed is read.
        expect((await readRestApiRoutes(cfg, 'a1b2c3d4e5', 'qa')).deployed).toBeUndefined();
      },
      seen,
    );
  });

  // A canary deployed before (or after) a path part was renamed serves the same route under another
  // parameter name: API Gateway routes by position (§46), so it is one route whose type the two
  // deployments disagree on (unknown), not two routes of which the routing took the first's type
  // (until 2026-12-03: AWS_IAM, while the canary's share of calls reached a NONE method).
  it('a route the stage and its canary name apart only by a path parameter is one route', async () => {
    const answers: Record<string, unknown> = {
      '/restapis/a1b2c3d4e5/resources': {
        item: [{ id: 'r3', path: '/orders/{orderId}', resourceMethods: { GET: {} } }],
      },
      '/restapis/a1b2c3d4e5/stages': {
        item: [
          {
            stageName: 'prod',
            deploymentId: 'dep1',
            canarySettings: { deploymentId: 'dep2', percentTraffic: 10 },
          },
        ],
      },
      '/restapis/a1b2c3d4e5/deployments/dep1': {
        id: 'dep1',
        apiSummary: { '/orders/{id}': { GET: { authorizationType: 'AWS_IAM' } } },
      },
      '/restapis/a1b2c3d4e5/deployments/dep2': {
        id: 'dep2',
        apiSummary: { '/orders/{orderId}': { GET: { authorizationType: 'NONE' } } },
      },
    };
    await withFakeApiGateway(answers, async (cfg) => {
      const deployed = (await readRestApiRoutes(cfg, 'a1b2c3d4e5', 'prod')).deployed!.routes;
      expect(deployed).toHaveLength(1);
      expect(deployed[0]!.authorizationType).toBeUndefined();
      expect(deployed[0]!.typeUnknown).toMatch(
        /canary disagree: AWS_IAM in deployment dep1, NONE in deployment dep2/,
      );
    });
  });
});
