// STS, EC2 and API Gateway control plane: shapes and errors, without sockets.
import { describe, expect, it } from 'vitest';
import { parseWorld } from '../../src/config/world.js';
import { apiGatewayPolicyString } from '../../src/sandbox/apigateway.js';
import { signRequest } from '../../src/signing/sign.js';
import {
  getReply,
  assume,
  CONTROL_HOST,
  demoWorld,
  harnessCreds,
  HUB,
  newState,
  parseXml,
  query,
  expectError,
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
    // 403, as STS and IAM answer it (aws/aws-sdk-java-v2#1649, cfn-sphere/cfn-sphere#55; the common
    // errors table: ExpiredTokenException 403); it was 400 here.
    const expired = await query(s, 'sts', { Action: 'GetCallerIdentity' }, c);
    expect([expired.status, stsError(expired.body)]).toEqual([
      403,
      expect.objectContaining({
        Code: 'ExpiredToken',
        Message: 'The security token included in the request is expired',
      }),
    ]);
    const iam = await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'CheckoutRole' }, c);
    expect([iam.status, stsError(iam.body).Code]).toEqual([403, 'ExpiredToken']);
    const ec2 = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, c);
    expect(ec2.status).toBe(403);
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
    // Every filter DescribeVpcEndpoints documents is accepted (botocore ec2 service-2.json).
    expect(await count({ 'Filter.1.Name': 'tag:Name', 'Filter.1.Value.1': 'hub-execute-api' })).toBe(1);
    expect(await count({ 'Filter.1.Name': 'tag:Name', 'Filter.1.Value.1': 'other' })).toBe(0);
    expect(await count({ 'Filter.1.Name': 'tag-key', 'Filter.1.Value.1': 'Name' })).toBe(1);
    expect(await count({ 'Filter.1.Name': 'ip-address-type', 'Filter.1.Value.1': 'ipv4' })).toBe(1);
    expect(await count({ 'Filter.1.Name': 'service-region', 'Filter.1.Value.1': 'us-west-2' })).toBe(1);
    expect(await count({ 'Filter.1.Name': 'vpc-endpoint-state', 'Filter.1.Value.1': 'available' })).toBe(1);
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
    // A filter name the operation does not know: InvalidFilter, as EC2's VPC endpoint operations
    // answer it (aws-behaviour.md §5b: DescribeVpcEndpointServices measured 2024 and 2025).
    expect([badFilter.status, ec2Error(badFilter.body)]).toEqual([
      400,
      { Code: 'InvalidFilter', Message: "The filter 'colour' is invalid" },
    ]);
    // DryRun: "Checks whether you have the required permissions for the action, without actually
    // making the request" (botocore ec2 model); AWS answers 412 DryRunOperation, never the data
    // (getmoto/moto#1980 quotes the wire answer). The sandbox answered 200 with the endpoints.
    const dry = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', DryRun: 'true' });
    expect([dry.status, ec2Error(dry.body)]).toEqual([
      412,
      { Code: 'DryRunOperation', Message: 'Request would have succeeded, but DryRun flag is set.' },
    ]);
    const notDry = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', DryRun: 'false' });
    expect(notDry.status).toBe(200);
    // `1` is no `true`: EC2 ran such a request for real, no refusal and no dry run (Paws wrote booleans
    // as 1 until pplu/aws-sdk-perl#141; docs/aws-behaviour.md §60).
    const one = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', DryRun: '1' });
    expect(one.status).toBe(200);
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
    // The world's pageSize (2) caps what MaxResults asks for.
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(8);
    const bad = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', NextToken: 'garbage' });
    expect(ec2Error(bad.body).Code).toBe('InvalidPaginationToken');
    const zero = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints', MaxResults: '0' });
    expect(ec2Error(zero.body).Code).toBe('InvalidParameterValue');
  });

  it('needs ec2:DescribeVpcEndpoints: UnauthorizedOperation naming the caller and the action', async () => {
    const s = newState();
    const c = await assume(s, 'CheckoutRole');
    const r = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, c);
    expect([r.status, ec2Error(r.body)]).toEqual([
      403,
      {
        Code: 'UnauthorizedOperation',
        Message:
          'You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/CheckoutRole/test is not authorized to perform: ec2:DescribeVpcEndpoints because no identity-based policy allows the ec2:DescribeVpcEndpoints action',
      },
    ]);
  });
});

describe('API Gateway', () => {
  async function get(path: string, q = '', creds = harnessCreds(newState()), s = newState()) {
    const signed = await signRequest(
      { method: 'GET', host: CONTROL_HOST, path, query: q, headers: {} },
      { region: 'us-west-2', service: 'apigateway', credentials: creds },
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
    return getReply(s, CONTROL_HOST, path, headers, q);
  }

  it("GetRestApis lists the caller's own account's APIs only, paginated by limit/position", async () => {
    const s = newState();
    // The harness (hub account) owns no API.
    expect(JSON.parse((await get('/restapis', '', harnessCreds(s), s)).body)).toEqual({ item: [] });
    const reader = await assume(s, 'OrdersReader');
    const r = await get('/restapis', '', reader, s);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.item.map((a: { id: string }) => a.id)).toEqual(['a1b2c3d4e5', 'd4e5f6a7b8']);
    expect(body.item[0].endpointConfiguration).toMatchObject({ types: ['PRIVATE'], vpcEndpointIds: [HUB] });
    const page = JSON.parse((await get('/restapis', 'limit=1', reader, s)).body);
    expect(page.item.map((a: { id: string }) => a.id)).toEqual(['a1b2c3d4e5']);
    expect(typeof page.position).toBe('string');
    const rest = JSON.parse(
      (await get('/restapis', `limit=1&position=${encodeURIComponent(page.position)}`, reader, s)).body,
    );
    expect(rest.item.map((a: { id: string }) => a.id)).toEqual(['d4e5f6a7b8']);
    expect(rest.position).toBeUndefined();
  });

  it('GetRestApi returns the policy escaped as API Gateway escapes it', async () => {
    const s = newState();
    const r = await get('/restapis/a1b2c3d4e5', '', await assume(s, 'OrdersReader'), s);
    const api = JSON.parse(r.body);
    expect(api.policy).toContain('{\\"Version\\":\\"2012-10-17\\"');
    expect(api.policy).toContain('a1b2c3d4e5\\/*');
    // One more unescape gives the policy document back.
    expect(JSON.parse(JSON.parse(`"${api.policy}"`))).toEqual(demoWorld().apis.orders!.resourcePolicy);
    expect(apiGatewayPolicyString('{"a":"b/c"}')).toBe('{\\"a\\":\\"b\\/c\\"}');
  });

  it('an unknown access key is UnrecognizedClientException (REST JSON)', async () => {
    const bogus = { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) };
    const r = await get('/restapis', '', bogus);
    expectError(r, 403, 'UnrecognizedClientException', {
      message: 'The security token included in the request is invalid.',
    });
  });

  it("another account's API is NotFoundException; without apigateway:GET, AccessDeniedException", async () => {
    const s = newState();
    const r = await get('/restapis/a1b2c3d4e5', '', harnessCreds(s), s);
    expectError(r, 404, 'NotFoundException', {
      message: 'Invalid API identifier specified 111111111111:a1b2c3d4e5',
    });
    const d = await get('/restapis/a1b2c3d4e5', '', await assume(s, 'PaymentsRole'), s);
    expectError(d, 403, 'AccessDeniedException', {
      message:
        'User: arn:aws:sts::333333333333:assumed-role/PaymentsRole/test is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-west-2::/restapis/a1b2c3d4e5 because no identity-based policy allows the apigateway:GET action',
    });
  });

  it('answers NotFoundException for an unknown API and MissingAuthenticationToken unsigned', async () => {
    const r = await get('/restapis/zzzzzzzzzz');
    expectError(r, 404, 'NotFoundException', {
      message: 'Invalid API identifier specified 111111111111:zzzzzzzzzz',
    });
    const s = newState();
    const unsigned = await getReply(s, CONTROL_HOST, '/restapis', {});
    expect([unsigned.status, unsigned.headers['x-amzn-ErrorType']]).toEqual([
      403,
      'MissingAuthenticationTokenException',
    ]);
  });
});

describe('IAM (a reader of role policies)', () => {
  const iamError = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };
  const result = (r: { body: string }, action: string) =>
    parseXml(r.body)[`${action}Response`][`${action}Result`];

  it('a reader of the account lists and reads inline and attached managed policies', async () => {
    const s = newState();
    const reader = await assume(s, 'InventoryReader');
    const q = (p: Record<string, string>) => query(s, 'iam', p, reader);
    const inline = await q({ Action: 'ListRolePolicies', RoleName: 'InventoryRole' });
    expect(inline.status).toBe(200);
    expect(result(inline, 'ListRolePolicies')).toMatchObject({ PolicyNames: '', IsTruncated: 'false' });
    const attached = result(
      await q({ Action: 'ListAttachedRolePolicies', RoleName: 'InventoryRole' }),
      'ListAttachedRolePolicies',
    );
    expect(attached.AttachedPolicies.member).toEqual({
      PolicyName: 'InventoryOnly',
      PolicyArn: 'arn:aws:iam::444444444444:policy/InventoryOnly',
    });
    const pol = result(
      await q({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::444444444444:policy/InventoryOnly' }),
      'GetPolicy',
    ).Policy;
    expect(pol).toMatchObject({ PolicyName: 'InventoryOnly', DefaultVersionId: 'v1', Path: '/' });
    const v = result(
      await q({
        Action: 'GetPolicyVersion',
        PolicyArn: 'arn:aws:iam::444444444444:policy/InventoryOnly',
        VersionId: 'v1',
      }),
      'GetPolicyVersion',
    ).PolicyVersion;
    expect(JSON.parse(decodeURIComponent(v.Document)).Statement[0].Sid).toBe('InventoryOnly');
    // An AWS managed policy is readable from any account.
    const aws = await q({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    expect(aws.status).toBe(200);
    // A role name is a role of the caller's own account.
    const other = await q({ Action: 'ListRolePolicies', RoleName: 'CheckoutRole' });
    expect([other.status, iamError(other.body).Code]).toEqual([404, 'NoSuchEntity']);
  });

  it("GetRole gives the role's unique id (RoleId), path, ARN and trust policy (URL-encoded), as IAM does", async () => {
    const s = newState();
    const q = async (p: Record<string, string>) => query(s, 'iam', p, await assume(s, 'InventoryReader'));
    const r = await q({ Action: 'GetRole', RoleName: 'InventoryRole' });
    expect(r.status).toBe(200);
    const role = result(r, 'GetRole').Role;
    const state = s.roles.get('arn:aws:iam::444444444444:role/InventoryRole')!;
    expect(role).toMatchObject({
      RoleName: 'InventoryRole',
      RoleId: state.roleId,
      Arn: 'arn:aws:iam::444444444444:role/InventoryRole',
      Path: '/',
      MaxSessionDuration: '3600',
    });
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{12,}$/);
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument))).toEqual(
      JSON.parse(state.trust.text),
    );
    // A role with a path keeps it; a role id the world states is the one IAM answers.
    const w = demoWorld();
    w.roles.AuditRole!.roleId = 'AROAAUDITROLE0000001';
    const s2 = newState(w);
    const audit = result(
      await query(s2, 'iam', { Action: 'GetRole', RoleName: 'AuditRole' }, await assume(s2, 'HubReader')),
      'GetRole',
    ).Role;
    expect(audit).toMatchObject({ Path: '/audit/', RoleId: 'AROAAUDITROLE0000001' });
    // Another account's role is not found by name; without iam:GetRole the answer is AccessDenied.
    const other = await q({ Action: 'GetRole', RoleName: 'CheckoutRole' });
    expect([other.status, iamError(other.body).Code]).toEqual([404, 'NoSuchEntity']);
    const denied = await query(
      s,
      'iam',
      { Action: 'GetRole', RoleName: 'InventoryRole' },
      await assume(s, 'InventoryRole'),
    );
    expect([denied.status, iamError(denied.body).Message]).toEqual([
      403,
      'User: arn:aws:sts::444444444444:assumed-role/InventoryRole/test is not authorized to perform: iam:GetRole on resource: role InventoryRole because no identity-based policy allows the iam:GetRole action',
    ]);
  });

  it('refuses a caller whose identity policies do not allow the action: AccessDenied, "role NAME"', async () => {
    const s = newState();
    const c = await assume(s, 'InventoryRole');
    const r = await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'InventoryRole' }, c);
    expect([r.status, iamError(r.body)]).toEqual([
      403,
      {
        Code: 'AccessDenied',
        Message:
          'User: arn:aws:sts::444444444444:assumed-role/InventoryRole/test is not authorized to perform: iam:ListRolePolicies on resource: role InventoryRole because no identity-based policy allows the iam:ListRolePolicies action',
        Type: 'Sender',
      },
    ]);
    const h = await query(s, 'iam', {
      Action: 'GetPolicy',
      PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
    });
    expect(iamError(h.body).Code).toBe('AccessDenied');
  });

  it('pages ListRolePolicies with Marker and IsTruncated (pageSize 2 caps MaxItems)', async () => {
    const w = demoWorld();
    const doc = { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] };
    w.roles.InventoryRole!.policies = { A: doc, B: doc, C: doc, D: doc, E: doc };
    const s = newState(w);
    const reader = await assume(s, 'InventoryReader');
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const r = await query(
        s,
        'iam',
        {
          Action: 'ListRolePolicies',
          RoleName: 'InventoryRole',
          MaxItems: '100',
          ...(marker ? { Marker: marker } : {}),
        },
        reader,
      );
      const res = result(r, 'ListRolePolicies');
      names.push(...[res.PolicyNames.member].flat());
      marker = res.IsTruncated === 'true' ? res.Marker : undefined;
      pages++;
    } while (marker && pages < 10);
    expect([pages, names]).toEqual([3, ['A', 'B', 'C', 'D', 'E']]);
  });

  it('invalid keys: InvalidClientTokenId from IAM and STS, AuthFailure from EC2', async () => {
    const s = newState();
    const bogus = { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) };
    const i = await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'X' }, bogus);
    expect([i.status, iamError(i.body).Code]).toEqual([403, 'InvalidClientTokenId']);
    const t = await query(s, 'sts', { Action: 'GetCallerIdentity' }, bogus);
    expect([t.status, iamError(t.body).Code]).toEqual([403, 'InvalidClientTokenId']);
    const e = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, bogus);
    expect([e.status, ec2Error(e.body).Code]).toEqual([401, 'AuthFailure']);
  });
});
