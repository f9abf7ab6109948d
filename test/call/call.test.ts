import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { assumeRoleXml, startFakeAws, type FakeAws } from '../aws/fake-aws.js';
import {
  API_ID,
  AWS_NAMES,
  makeTestPki,
  REGION,
  VPCE_DNS,
  VPCE_ID,
  type TestPki,
} from '../gateway/tls-fixture.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYTESTKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';

function fakeIo(env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), env, cwd };
  return { io, out, err };
}

let pki: TestPki;
let server: https.Server;
let port: number;
let dir: string;
let caFile: string;
const seen: Array<{ host?: string; auth?: string; url?: string; apiIdHeader?: string }> = [];
let answer: { status: number; headers?: Record<string, string>; body: string } = {
  status: 200,
  body: '{"orders":[]}',
};

beforeAll(async () => {
  pki = makeTestPki(AWS_NAMES);
  dir = mkdtempSync(join(tmpdir(), 'sg-call-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pki.caPem);
  server = https.createServer({ key: pki.keyPem, cert: pki.certPem }, (req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({
        host: req.headers.host,
        auth: req.headers.authorization,
        url: req.url,
        apiIdHeader: req.headers['x-apigw-api-id'] as string | undefined,
      });
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'x-amzn-RequestId': 'rid-1',
        ...answer.headers,
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const baseEnv = (): NodeJS.ProcessEnv => ({
  AWS_ACCESS_KEY_ID: 'AKIDSELF',
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_SESSION_TOKEN: TOKEN,
  AWS_CA_BUNDLE: caFile,
  SPOKEGATE_CONNECT_TO: `::127.0.0.1:${port}`,
});
const apiArgs = ['--api-id', API_ID, '--stage', 'prod', '--region', REGION];

describe('spokegate call: bad input exits 2 with a one-line reason', () => {
  const cases: Array<[string, string[], NodeJS.ProcessEnv, RegExp]> = [
    [
      'unknown addressing mode',
      ['--as', 'self', ...apiArgs, '--addressing', 'bogus', 'GET', '/'],
      {},
      /bogus/,
    ],
    [
      'malformed --connect-to',
      ['--as', 'self', ...apiArgs, '--connect-to', '127.0.0.1:8443', 'GET', '/'],
      {},
      /malformed --connect-to/,
    ],
    [
      'malformed SPOKEGATE_CONNECT_TO',
      ['--as', 'self', ...apiArgs, 'GET', '/'],
      { SPOKEGATE_CONNECT_TO: 'nope' },
      /malformed SPOKEGATE_CONNECT_TO/,
    ],
    [
      'an ARN that is not a role',
      ['--as', 'arn:aws:iam::111111111111:user/Bob', ...apiArgs, 'GET', '/'],
      {},
      /not an IAM role ARN/,
    ],
    [
      'a missing region',
      ['--as', 'self', '--api-id', API_ID, '--stage', 'prod', 'GET', '/'],
      {},
      /missing region/,
    ],
    ['no API', ['--as', 'self', '--region', REGION, 'GET', '/'], {}, /--api-id/],
    [
      'unknown role alias without config',
      ['--as', 'Checkout', ...apiArgs, 'GET', '/'],
      {},
      /needs a config file/,
    ],
    ['a malformed header', ['--as', 'self', ...apiArgs, '-H', 'nocolon', 'GET', '/'], {}, /Name: value/],
    [
      'endpoint-host without DNS name or vpce',
      ['--as', 'self', ...apiArgs, '--addressing', 'endpoint-host', 'GET', '/'],
      {},
      /--endpoint-dns/,
    ],
  ];
  for (const [name, argv, env, re] of cases) {
    it(name, async () => {
      const before = seen.length;
      const { io, err, out } = fakeIo(env, dir);
      const code = await main(['call', ...argv], io);
      expect(code).toBe(2);
      const text = err.join('');
      expect(text).toMatch(re);
      expect(text.trim().split('\n')).toHaveLength(1);
      expect(out).toEqual([]);
      expect(seen.length).toBe(before); // nothing was sent
    });
  }
});

describe('spokegate call against a local HTTPS server', () => {
  it('--as self --json: allowed, exit 0, the JSON document of docs/design.md', async () => {
    answer = { status: 200, body: '{"orders":[1]}' };
    const { io, out } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'self', ...apiArgs, '--json', 'GET', '/orders?b=2&a=1'], io);
    expect(code).toBe(0);
    const doc = JSON.parse(out.join('')) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(
      [
        'attempts',
        'body',
        'errorType',
        'latencyMs',
        'message',
        'outcome',
        'reason',
        'requestId',
        'status',
      ].sort(),
    );
    expect(doc).toMatchObject({
      status: 200,
      outcome: 'allowed',
      reason: 'integration',
      requestId: 'rid-1',
      body: { orders: [1] },
      attempts: 1,
    });
    const last = seen.at(-1)!;
    expect(last.host).toBe(`${API_ID}.execute-api.${REGION}.amazonaws.com`);
    expect(last.url).toBe('/prod/orders?b=2&a=1');
    expect(last.auth).toMatch(/Credential=AKIDSELF\/\d{8}\/us-west-2\/execute-api\/aws4_request/);
  });

  it('without --json: the body on stdout, a one-line summary on stderr', async () => {
    answer = { status: 200, body: '{"orders":[2]}' };
    const { io, out, err } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'self', ...apiArgs, 'GET', '/orders'], io);
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ orders: [2] });
    expect(err.join('\n')).toMatch(/^200 allowed \(integration\), requestId rid-1, 1 attempt, \d+ ms$/);
  });

  it('a denial exits 1 with the layer as reason', async () => {
    answer = {
      status: 403,
      headers: { 'x-amzn-ErrorType': 'AccessDeniedException' },
      body: JSON.stringify({
        Message: `User: arn:aws:sts::111111111111:assumed-role/X/s is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********2222:${API_ID}/prod/GET/ because no VPC endpoint policy allows the execute-api:Invoke action`,
      }),
    };
    const { io, out } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'self', ...apiArgs, '--json', 'GET', '/'], io);
    expect(code).toBe(1);
    expect(JSON.parse(out.join(''))).toMatchObject({
      status: 403,
      outcome: 'denied',
      reason: 'endpoint-policy',
      errorType: 'AccessDeniedException',
    });
  });

  it('no answer (connection refused) exits 3 with reason network and status null', async () => {
    const { io, out } = fakeIo({ ...baseEnv(), SPOKEGATE_CONNECT_TO: '::127.0.0.1:1' }, dir);
    const code = await main(['call', '--as', 'self', ...apiArgs, '--retries', '0', '--json', 'GET', '/'], io);
    expect(code).toBe(3);
    expect(JSON.parse(out.join(''))).toMatchObject({
      status: null,
      outcome: 'error',
      reason: 'network',
      body: null,
    });
  });

  it('an unrecognised answer exits 3', async () => {
    answer = { status: 418, headers: { 'x-amzn-ErrorType': 'Teapot' }, body: 'short and stout' };
    const { io } = fakeIo(baseEnv(), dir);
    expect(await main(['call', '--as', 'self', ...apiArgs, 'GET', '/'], io)).toBe(3);
  });

  it('--verbose shows the canonical request and string to sign, never the secret or the token', async () => {
    answer = { status: 200, body: '{}' };
    const { io, err, out } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'self', ...apiArgs, '--verbose', 'GET', '/x'], io);
    expect(code).toBe(0);
    const text = err.join('\n') + out.join('\n');
    expect(text).toContain('canonical request');
    expect(text).toContain('AWS4-HMAC-SHA256\n');
    expect(text).toContain('x-amz-security-token:<redacted>');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  });

  it('anonymous sends no signature', async () => {
    answer = {
      status: 403,
      headers: { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
      body: '{"message":"Missing Authentication Token"}',
    };
    const { io, out } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'anonymous', ...apiArgs, '--json', 'GET', '/'], io);
    expect(code).toBe(1);
    expect(JSON.parse(out.join(''))).toMatchObject({ reason: 'missing-auth' });
    expect(seen.at(-1)!.auth).toBeUndefined();
  });

  it('endpoint-api-id with --endpoint-dns and --ca, and --connect-to overriding the variable', async () => {
    answer = { status: 200, body: '{}' };
    const env = { ...baseEnv(), AWS_CA_BUNDLE: undefined, SPOKEGATE_CONNECT_TO: '::127.0.0.1:1' };
    const { io } = fakeIo(env, dir);
    const code = await main(
      [
        'call',
        '--as',
        'self',
        ...apiArgs,
        '--addressing',
        'endpoint-api-id',
        '--vpce',
        VPCE_ID,
        '--endpoint-dns',
        VPCE_DNS,
        '--ca',
        caFile,
        '--connect-to',
        `::127.0.0.1:${port}`,
        'GET',
        '/',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(seen.at(-1)).toMatchObject({ host: VPCE_DNS, apiIdHeader: API_ID });
  });

  it('endpoint-host reads the endpoint DNS name with DescribeVpcEndpoints when not given', async () => {
    const ec2 = await startFakeAws({
      describeVpcEndpoints: () => ({
        status: 200,
        xml: `<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><vpcEndpointSet><item><vpcEndpointId>${VPCE_ID}</vpcEndpointId><vpcId>vpc-0aa11bb22cc33dd44</vpcId><serviceName>com.amazonaws.${REGION}.execute-api</serviceName><privateDnsEnabled>false</privateDnsEnabled><dnsEntrySet><item><dnsName>${VPCE_DNS}</dnsName></item></dnsEntrySet><policyDocument>{}</policyDocument><ownerId>111111111111</ownerId></item></vpcEndpointSet></DescribeVpcEndpointsResponse>`,
      }),
    });
    try {
      answer = { status: 200, body: '{}' };
      const { io } = fakeIo({ ...baseEnv(), AWS_ENDPOINT_URL_EC2: ec2.url }, dir);
      const code = await main(
        ['call', '--as', 'self', ...apiArgs, '--addressing', 'endpoint-host', '--vpce', VPCE_ID, 'GET', '/'],
        io,
      );
      expect(code).toBe(0);
      expect(seen.at(-1)!.host).toBe(`${API_ID}.execute-api.${REGION}.amazonaws.com`);
      expect(ec2.requests.map((r) => r.action)).toEqual(['DescribeVpcEndpoints']);
    } finally {
      await ec2.close();
    }
  });

  it('--as ROLE alias from --config assumes the role once and signs with its session', async () => {
    let sts: FakeAws | undefined;
    try {
      sts = await startFakeAws({
        assumeRole: (p) => ({
          status: 200,
          xml: assumeRoleXml(
            p.get('RoleArn')!,
            p.get('RoleSessionName')!,
            new Date(Date.now() + 3600_000),
            7,
          ),
        }),
      });
      const cfg = join(dir, 'spokegate.config.yaml');
      writeFileSync(
        cfg,
        [
          `region: ${REGION}`,
          'endpoints:',
          `  hub: { id: ${VPCE_ID}, addressing: alias }`,
          'roles:',
          '  CheckoutRole: { arn: "arn:aws:iam::111111111111:role/CheckoutRole", sessionName: checkout-run }',
          'apis:',
          `  orders: { id: ${API_ID}, account: "222222222222", stage: prod }`,
        ].join('\n'),
      );
      answer = { status: 200, body: '{}' };
      const { io } = fakeIo({ ...baseEnv(), AWS_ENDPOINT_URL_STS: sts.url }, dir);
      const code = await main(
        ['call', '--as', 'CheckoutRole', '--api', 'orders', '--config', cfg, 'GET', '/orders'],
        io,
      );
      expect(code).toBe(0);
      expect(sts.requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
      expect(sts.requests.find((r) => r.action === 'AssumeRole')!.params.get('RoleSessionName')).toBe(
        'checkout-run',
      );
      expect(seen.at(-1)!.host).toBe(`${API_ID}-${VPCE_ID}.execute-api.${REGION}.amazonaws.com`);
      expect(seen.at(-1)!.auth).toContain('Credential=ASIA7/');
    } finally {
      await sts?.close();
    }
  });
});

describe('spokegate call: a route or stage the config says the API does not have is never sent', () => {
  const config = () => {
    const cfg = join(dir, 'routes.config.yaml');
    writeFileSync(
      cfg,
      [
        `region: ${REGION}`,
        'endpoints:',
        `  hub: { id: ${VPCE_ID}, addressing: private-dns }`,
        'roles: {}',
        'apis:',
        `  orders: { id: ${API_ID}, account: "222222222222", stage: prod, stages: [prod, beta], routes: ["GET /orders", "GET /orders/{id}"] }`,
      ].join('\n'),
    );
    return cfg;
  };
  const call = async (argv: string[]) => {
    const before = seen.length;
    const { io, err } = fakeIo(baseEnv(), dir);
    const code = await main(['call', '--as', 'self', '--api', 'orders', '--config', config(), ...argv], io);
    return { code, err: err.join('\n'), sent: seen.length - before };
  };

  it('an unknown route is exit 2 naming it and the known ones', async () => {
    const r = await call(['GET', '/ordres']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(
      /route "GET \/ordres" does not exist on API "orders"; its routes: GET \/orders, GET \/orders\/\{id\} \(from apis\.orders\.routes\)/,
    );
    expect(r.sent).toBe(0);
  });

  it('a method the route does not have is exit 2 too', async () => {
    const r = await call(['DELETE', '/orders/7']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/route "DELETE \/orders\/7" does not exist on API "orders"/);
    expect(r.sent).toBe(0);
  });

  it('a --stage not among apis.ALIAS.stages is exit 2 naming --stage and the stages', async () => {
    const r = await call(['--stage', 'dev', 'GET', '/orders']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(
      /stage "dev" of API "orders" \(--stage\) does not exist; its stages: prod, beta \(from apis\.orders\.stages\)/,
    );
    expect(r.sent).toBe(0);
  });

  it('a route and stage that exist are sent', async () => {
    answer = { status: 200, body: '{}' };
    const r = await call(['--stage', 'beta', 'GET', '/orders/42?x=1']);
    expect(r.code, r.err).toBe(0);
    expect(r.sent).toBe(1);
    expect(seen.at(-1)!.url).toBe('/beta/orders/42?x=1');
  });
});
