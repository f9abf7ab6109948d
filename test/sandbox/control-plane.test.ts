// STS, EC2 and API Gateway control plane: shapes and errors, without sockets.
import { describe, expect, it } from 'vitest';
import { parseWorld } from '../../src/config/world.js';
import { apiGatewayPolicyString } from '../../src/sandbox/apigateway.js';
import { dispatch } from '../../src/sandbox/server.js';
import { signRequest } from '../../src/signing/sign.js';
import {
  asReply,
  assume,
  CONTROL_HOST,
  demoWorld,
  harnessCreds,
  HUB,
  newState,
  parseXml,
  query,
} from './helpers.js';

const stsError = (body: string) =>
  parseXml(body).ErrorResponse.Error as { Code: string; Message: string; Type: string };
const ec2Error = (body: string) => parseXml(body).Response.Errors.Error as { Code: string; Message: string };

describe('STS', () => {
  it('GetCallerIdentity names the harness user, then a role session', async () => {
    const s = newState();
    const r = await query(s, 'sts', { Action: 'GetCallerIdentity' });
    expect(r.status).toBe(200);
    expect(parseXml(r.body).GetCallerIdentityResponse.GetCallerIdentityResult).toEqual({
      Arn: 'arn:aws:iam::111111111111:user/spokegate-harness',
      UserId: 'AIDASANDBOXHARNESS01',
      Account: '111111111111',
    });
    const c = await assume(s, 'AuditRole');
    const me = parseXml((await query(s, 'sts', { Action: 'GetCallerIdentity' }, c)).body)
      .GetCallerIdentityResponse.GetCallerIdentityResult;
    expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/AuditRole/test');
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:test$/);
  });

  it('AssumeRole issues ASIA keys, a token and an expiry of DurationSeconds', async () => {
    const s = newState();
    const before = Date.now();
    const r = await query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::333333333333:role/PaymentsRole',
      RoleSessionName: 'pay-1',
      DurationSeconds: '1800',
    });
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/xml');
    const res = parseXml(r.body).AssumeRoleResponse;
    expect(res.AssumeRoleResult.AssumedRoleUser.Arn).toBe(
      'arn:aws:sts::333333333333:assumed-role/PaymentsRole/pay-1',
    );
    const c = res.AssumeRoleResult.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SecretAccessKey.length).toBe(40);
    expect(c.SessionToken.length).toBeGreaterThan(100);
    const exp = Date.parse(c.Expiration);
    expect(exp - before).toBeGreaterThan(1795_000);
    expect(exp - before).toBeLessThan(1805_000);
    expect(res.ResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [
      'a role whose trust policy does not name the caller',
      { RoleArn: 'arn:aws:iam::222222222222:role/SpokeAdminRole' },
    ],
    ['a role that does not exist', { RoleArn: 'arn:aws:iam::111111111111:role/NoSuchRole' }],
    ['AuditRole without its ExternalId', { RoleArn: 'arn:aws:iam::111111111111:role/audit/AuditRole' }],
    [
      'AuditRole with a wrong ExternalId',
      { RoleArn: 'arn:aws:iam::111111111111:role/audit/AuditRole', ExternalId: 'guess-1' },
    ],
  ])('AssumeRole is AccessDenied for %s', async (_what, params) => {
    const s = newState();
    const r = await query(s, 'sts', { Action: 'AssumeRole', RoleSessionName: 'x1', ...params });
    expect(r.status).toBe(403);
    expect(stsError(r.body)).toEqual({
      Type: 'Sender',
      Code: 'AccessDenied',
      Message: `User: arn:aws:iam::111111111111:user/spokegate-harness is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}`,
    });
    expect(s.counters.assumeRole).toEqual({});
  });

  it('AssumeRole trusts through delegation (ReportingRole trusts its account) and role chaining is judged by the caller role', async () => {
    const s = newState();
    await expect(assume(s, 'ReportingRole')).resolves.toBeDefined();
    // CheckoutRole's identity policy does not allow sts:AssumeRole, and no trust policy names it.
    const c = await assume(s, 'CheckoutRole');
    const r = await query(
      s,
      'sts',
      { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::111111111111:role/BatchRole', RoleSessionName: 'chain' },
      c,
    );
    expect(stsError(r.body).Code).toBe('AccessDenied');
  });

  it.each([
    [{ RoleSessionName: 'x' }, /roleSessionName/],
    [{ RoleSessionName: 'bad name!' }, /roleSessionName/],
    [{ RoleSessionName: 'ok-name', DurationSeconds: '60' }, /durationSeconds/],
    [{ RoleSessionName: 'ok-name', DurationSeconds: '7200' }, /exceeds the MaxSessionDuration/],
  ])('AssumeRole answers ValidationError for %j', async (params, message) => {
    const r = await query(newState(), 'sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
      ...params,
    });
    expect(r.status).toBe(400);
    expect(stsError(r.body).Code).toBe('ValidationError');
    expect(stsError(r.body).Message).toMatch(message);
  });

  it('answers InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken, MissingAuthenticationToken, InvalidAction', async () => {
    const s = newState();
    const unknown = await query(
      s,
      'sts',
      { Action: 'GetCallerIdentity' },
      { accessKeyId: 'AKIANOPENOPENOPE0001', secretAccessKey: 'x'.repeat(40) },
    );
    expect([unknown.status, stsError(unknown.body).Code]).toEqual([403, 'InvalidClientTokenId']);
    const badSig = await query(
      s,
      'sts',
      { Action: 'GetCallerIdentity' },
      { ...harnessCreds(s), secretAccessKey: 'y'.repeat(40) },
    );
    expect([badSig.status, stsError(badSig.body).Code]).toEqual([403, 'SignatureDoesNotMatch']);
    const c = await assume(s, 'CheckoutRole', { DurationSeconds: '900' });
    s.clockOffsetMs += 1000_000;
    const expired = await query(s, 'sts', { Action: 'GetCallerIdentity' }, c);
    expect([expired.status, stsError(expired.body).Code]).toEqual([400, 'ExpiredToken']);
    const unsigned = await query(s, 'sts', { Action: 'GetCallerIdentity' }, null);
    expect([unsigned.status, stsError(unsigned.body).Code]).toEqual([403, 'MissingAuthenticationToken']);
    const nope = await query(s, 'sts', { Action: 'DeleteEverything' });
    expect([nope.status, stsError(nope.body).Code]).toEqual([400, 'InvalidAction']);
  });
});

describe('EC2 DescribeVpcEndpoints', () => {
  it('returns the hub endpoint with its policy as a plain JSON string and its DNS entries', async () => {
    const s = newState();
    const r = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' });
    expect(r.status).toBe(200);
    expect(r.body).toContain(
      '<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">',
    );
    const set = parseXml(r.body).DescribeVpcEndpointsResponse.vpcEndpointSet;
    const item = set.item; // one endpoint in the hub account (the legacy one belongs to 222222222222)
    expect(item.vpcEndpointId).toBe(HUB);
    expect(item.vpcEndpointType).toBe('Interface');
    expect(item.serviceName).toBe('com.amazonaws.us-west-2.execute-api');
    expect(item.privateDnsEnabled).toBe('true');
    expect(item.ownerId).toBe('111111111111');
    expect(JSON.parse(item.policyDocument)).toEqual(s.world.endpoints.hub!.policy);
    const names = (item.dnsEntrySet.item as { dnsName: string }[]).map((d) => d.dnsName);
    expect(names).toContain('*.execute-api.us-west-2.amazonaws.com');
    expect(
      names.some((n) =>
        /^vpce-0123456789abcdef0-[a-z0-9]{8}\.execute-api\.us-west-2\.vpce\.amazonaws\.com$/.test(n),
      ),
    ).toBe(true);
  });

  it('filters by id, service name, VPC and type (with wildcards) and reports unknown ids', async () => {
    const s = newState();
    const count = async (p: Record<string, string>) => {
      const set = parseXml((await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', ...p })).body)
        .DescribeVpcEndpointsResponse.vpcEndpointSet;
      return set === '' || set === undefined ? 0 : Array.isArray(set.item) ? set.item.length : 1;
    };
    expect(await count({ 'VpcEndpointId.1': HUB })).toBe(1);
    expect(
      await count({
        'Filter.1.Name': 'service-name',
        'Filter.1.Value.1': 'com.amazonaws.us-west-2.execute-api',
      }),
    ).toBe(1);
    expect(
      await count({ 'Filter.1.Name': 'service-name', 'Filter.1.Value.1': 'com.amazonaws.us-west-2.s3' }),
    ).toBe(0);
    expect(await count({ 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': 'vpc-0aa11bb22cc33dd44' })).toBe(1);
    expect(
      await count({
        'Filter.1.Name': 'vpc-endpoint-type',
        'Filter.1.Value.1': 'Gateway',
        'Filter.1.Value.2': 'Interface',
      }),
    ).toBe(1);
    expect(await count({ 'Filter.1.Name': 'vpc-endpoint-id', 'Filter.1.Value.1': 'vpce-0123*' })).toBe(1);
    const missing = await query(s, 'ec2', {
      Action: 'DescribeVpcEndpoints',
      'VpcEndpointId.1': 'vpce-0fedcba9876543210',
    });
    expect([missing.status, ec2Error(missing.body)]).toEqual([
      400,
      {
        Code: 'InvalidVpcEndpointId.NotFound',
        Message: "The VpcEndpoint Id 'vpce-0fedcba9876543210' does not exist",
      },
    ]);
    const badFilter = await query(s, 'ec2', {
      Action: 'DescribeVpcEndpoints',
      'Filter.1.Name': 'colour',
      'Filter.1.Value.1': 'x',
    });
    expect(ec2Error(badFilter.body).Code).toBe('InvalidParameterValue');
    const unsigned = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, null);
    expect([unsigned.status, ec2Error(unsigned.body).Code]).toEqual([401, 'AuthFailure']);
  });

  it('paginates with MaxResults and NextToken', async () => {
    const { file: _f, dir, ...raw } = demoWorld();
    for (let i = 0; i < 7; i++) {
      raw.endpoints[`extra${i}`] = {
        ...raw.endpoints.hub!,
        id: `vpce-00000000000000${i}a`,
        privateDns: false,
        policy: undefined,
      };
    }
    const s = newState(parseWorld(JSON.parse(JSON.stringify(raw)), { ...(dir ? { dir } : {}) }));
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await query(s, 'ec2', {
        Action: 'DescribeVpcEndpoints',
        MaxResults: '5',
        ...(token ? { NextToken: token } : {}),
      });
      const res = parseXml(r.body).DescribeVpcEndpointsResponse;
      const items = Array.isArray(res.vpcEndpointSet.item)
        ? res.vpcEndpointSet.item
        : [res.vpcEndpointSet.item];
      ids.push(...items.map((i: { vpcEndpointId: string }) => i.vpcEndpointId));
      token = res.nextToken || undefined;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(8);
    const bad = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', NextToken: 'garbage' });
    expect(ec2Error(bad.body).Code).toBe('InvalidPaginationToken');
    const small = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', MaxResults: '2' });
    expect(ec2Error(small.body).Code).toBe('InvalidParameterValue');
  });
});

describe('API Gateway', () => {
  async function get(path: string, q = '', creds = harnessCreds(newState())) {
    const s = newState();
    const signed = await signRequest(
      { method: 'GET', host: CONTROL_HOST, path, query: q, headers: {} },
      { region: 'us-west-2', service: 'apigateway', credentials: creds },
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
    return asReply(
      await dispatch(s, {
        method: 'GET',
        host: CONTROL_HOST,
        path,
        query: q,
        headers,
        body: Buffer.alloc(0),
      }),
    );
  }

  it('GetRestApis lists the private APIs with their endpoint configuration, paginated by limit/position', async () => {
    const r = await get('/restapis');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.item.map((a: { id: string }) => a.id)).toEqual([
      'a1b2c3d4e5',
      'b2c3d4e5f6',
      'c3d4e5f6a7',
      'd4e5f6a7b8',
    ]);
    expect(body.item[0].endpointConfiguration).toMatchObject({ types: ['PRIVATE'], vpcEndpointIds: [HUB] });
    const page = JSON.parse((await get('/restapis', 'limit=2')).body);
    expect(page.item).toHaveLength(2);
    expect(page.position).toBe('c3d4e5f6a7');
    const rest = JSON.parse((await get('/restapis', `limit=2&position=${page.position}`)).body);
    expect(rest.item.map((a: { id: string }) => a.id)).toEqual(['c3d4e5f6a7', 'd4e5f6a7b8']);
    expect(rest.position).toBeUndefined();
  });

  it('GetRestApi returns the policy escaped as API Gateway escapes it', async () => {
    const r = await get('/restapis/a1b2c3d4e5');
    const api = JSON.parse(r.body);
    expect(api.policy).toContain('{\\"Version\\":\\"2012-10-17\\"');
    expect(api.policy).toContain('a1b2c3d4e5\\/*');
    // One more unescape gives the policy document back.
    expect(JSON.parse(JSON.parse(`"${api.policy}"`))).toEqual(demoWorld().apis.orders!.resourcePolicy);
    expect(apiGatewayPolicyString('{"a":"b/c"}')).toBe('{\\"a\\":\\"b\\/c\\"}');
  });

  it('answers NotFoundException for an unknown API and MissingAuthenticationToken unsigned', async () => {
    const r = await get('/restapis/zzzzzzzzzz');
    expect([r.status, r.headers['x-amzn-ErrorType'], JSON.parse(r.body)]).toEqual([
      404,
      'NotFoundException',
      { message: 'Invalid API identifier specified 111111111111:zzzzzzzzzz' },
    ]);
    const s = newState();
    const unsigned = asReply(
      await dispatch(s, {
        method: 'GET',
        host: CONTROL_HOST,
        path: '/restapis',
        query: '',
        headers: {},
        body: Buffer.alloc(0),
      }),
    );
    expect([unsigned.status, unsigned.headers['x-amzn-ErrorType']]).toEqual([
      403,
      'MissingAuthenticationTokenException',
    ]);
  });
});
