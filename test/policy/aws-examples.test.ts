// AWS's documented example endpoint policies (reference/aws-behaviour.md §2) and resource
// policies (§3), against requests they should allow and deny.
import { describe, expect, it } from 'vitest';
import {
  authorizeCall,
  evaluatePolicy,
  executeApiArn,
  parsePolicy,
  principalFromArn,
  requestContext,
  type CompiledPolicy,
} from '../../src/policy/index.js';

const REGION = 'us-east-1';
const API_OWNER = '123412341234';
const call = (
  apiId: string,
  stage = 'stageName',
  method = 'GET',
  path = '/pets',
  sourceVpce = 'vpce-1a2b3c4d',
) => ({
  region: REGION,
  account: API_OWNER,
  apiId,
  stage,
  method,
  path,
  sourceVpce,
});
// AWS's example endpoint policies all have this shape: one Allow of execute-api:Invoke.
const documentedEndpointPolicy = (principal: '*' | { AWS: string[] }, resources: string[]) =>
  parsePolicy(
    {
      Statement: [
        { Principal: principal, Action: ['execute-api:Invoke'], Effect: 'Allow', Resource: resources },
      ],
    },
    { name: 'endpoint' },
  );
const kindFor = (p: CompiledPolicy, who: Parameters<typeof requestContext>[0], c: ReturnType<typeof call>) =>
  evaluatePolicy(p, requestContext(who, c)).kind;
const role = principalFromArn('arn:aws:iam::123412341234:role/Caller');
const user = principalFromArn('arn:aws:iam::123412341234:user/MyUser');

describe('endpoint policy examples', () => {
  it('(1) Principal "*" may invoke two APIs', () => {
    const p = documentedEndpointPolicy('*', [
      `arn:aws:execute-api:${REGION}:${API_OWNER}:a1b2c3d4e5/*`,
      `arn:aws:execute-api:${REGION}:${API_OWNER}:aaaaa11111/*`,
    ]);
    expect(kindFor(p, role, call('a1b2c3d4e5'))).toBe('Allowed');
    expect(kindFor(p, role, call('aaaaa11111', 'prod', 'POST', '/x/y'))).toBe('Allowed');
    expect(kindFor(p, { kind: 'anonymous' }, call('a1b2c3d4e5'))).toBe('Allowed');
    expect(kindFor(p, role, call('bbbbb22222'))).toBe('ImplicitDeny');
  });

  it('(2) only GET on one stage of one API', () => {
    const p = documentedEndpointPolicy('*', [
      `arn:aws:execute-api:${REGION}:${API_OWNER}:a1b2c3d4e5/stageName/GET/*`,
    ]);
    expect(kindFor(p, role, call('a1b2c3d4e5', 'stageName', 'GET', '/pets/1'))).toBe('Allowed');
    expect(kindFor(p, role, call('a1b2c3d4e5', 'stageName', 'POST', '/pets'))).toBe('ImplicitDeny');
    expect(kindFor(p, role, call('a1b2c3d4e5', 'prod', 'GET', '/pets'))).toBe('ImplicitDeny');
  });

  it('(3) one IAM user only', () => {
    const p = documentedEndpointPolicy({ AWS: ['arn:aws:iam::123412341234:user/MyUser'] }, [
      `arn:aws:execute-api:${REGION}:${API_OWNER}:a1b2c3d4e5/*`,
    ]);
    expect(kindFor(p, user, call('a1b2c3d4e5'))).toBe('Allowed');
    expect(kindFor(p, role, call('a1b2c3d4e5'))).toBe('ImplicitDeny');
    expect(kindFor(p, { kind: 'anonymous' }, call('a1b2c3d4e5'))).toBe('ImplicitDeny');
  });

  it('the default endpoint policy allows everything', () => {
    const p = parsePolicy(
      { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
      { name: 'default' },
    );
    expect(kindFor(p, { kind: 'anonymous' }, call('zzz'))).toBe('Allowed');
  });
});

describe('resource policy examples', () => {
  const standard = (key: 'aws:SourceVpce' | 'aws:SourceVpc', value: string) =>
    parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { [key]: value } },
          },
        ],
      },
      { name: 'resource' },
    );

  it('standard: allow all, deny unless through the endpoint (aws:SourceVpce)', () => {
    const p = standard('aws:SourceVpce', 'vpce-1a2b3c4d');
    const ok = authorizeCall(
      { authorizationType: 'NONE', resourcePolicy: p },
      requestContext({ kind: 'anonymous' }, call('a1b2c3d4e5')),
    );
    expect(ok.decision).toBe('allow');
    const other = authorizeCall(
      { authorizationType: 'NONE', resourcePolicy: p },
      requestContext({ kind: 'anonymous' }, call('a1b2c3d4e5', 'stageName', 'GET', '/pets', 'vpce-other')),
    );
    expect(other).toMatchObject({
      decision: 'deny',
      detail: 'ExplicitDeny',
      layer: 'resource',
      statements: [{ policy: 'resource', index: 1 }],
    });
  });

  it('standard variant: aws:SourceVpc', () => {
    const p = standard('aws:SourceVpc', 'vpc-111');
    const inVpc = requestContext(role, { ...call('a1b2c3d4e5'), sourceVpc: 'vpc-111' });
    const outside = requestContext(role, { ...call('a1b2c3d4e5'), sourceVpc: 'vpc-222' });
    const noVpc = requestContext(role, call('a1b2c3d4e5'));
    expect(evaluatePolicy(p, inVpc).kind).toBe('Allowed');
    expect(evaluatePolicy(p, outside).kind).toBe('ExplicitDeny');
    expect(evaluatePolicy(p, noVpc).kind).toBe('ExplicitDeny'); // StringNotEquals is true on a missing key
  });

  it('cross-account sample: named roles from the hub, only through hub endpoints', () => {
    const hubRole = 'arn:aws:iam::111111111111:role/CheckoutRole';
    const p = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [hubRole] },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
          },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-hub1', 'vpce-hub2'] } },
          },
        ],
      },
      { name: 'resource' },
    );
    const identity = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' }],
      },
      { name: 'identity' },
    );
    const chain = { authorizationType: 'AWS_IAM' as const, resourcePolicy: p, identityPolicies: [identity] };
    const req = (who: string, vpce: string) =>
      requestContext(principalFromArn(who), { ...call('a1b2c3d4e5'), sourceVpce: vpce });
    expect(authorizeCall(chain, req(hubRole, 'vpce-hub2')).decision).toBe('allow');
    expect(authorizeCall(chain, req(hubRole, 'vpce-elsewhere'))).toMatchObject({
      decision: 'deny',
      detail: 'ExplicitDeny',
    });
    expect(authorizeCall(chain, req('arn:aws:iam::111111111111:role/Other', 'vpce-hub1'))).toMatchObject({
      decision: 'deny',
      detail: 'ImplicitDeny',
      layer: 'resource',
    });
  });

  it('a private API without a resource policy statement allowing the call is denied', () => {
    const p = parsePolicy({ Version: '2012-10-17', Statement: [] }, { name: 'resource' });
    expect(
      authorizeCall(
        { authorizationType: 'NONE', resourcePolicy: p },
        requestContext(role, call('a1b2c3d4e5')),
      ).decision,
    ).toBe('deny');
  });
});

describe('requestContext and executeApiArn', () => {
  it('builds the execute-api ARN without the leading slash', () => {
    expect(
      executeApiArn({
        region: 'us-west-2',
        account: '222222222222',
        apiId: 'a1b2c3d4e5',
        stage: 'prod',
        method: 'get',
        path: '/orders/1',
      }),
    ).toBe('arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders/1');
    expect(
      executeApiArn({
        region: 'us-west-2',
        account: '222222222222',
        apiId: 'a',
        stage: 'prod',
        method: 'GET',
        path: '/',
      }),
    ).toBe('arn:aws:execute-api:us-west-2:222222222222:a/prod/GET/');
  });

  it('derives the principal keys of a role session', () => {
    const p = principalFromArn('arn:aws:iam::111111111111:role/team/CheckoutRole', {
      sessionName: 'ci',
      roleId: 'AROAEXAMPLE',
    });
    const r = requestContext(
      p,
      {
        region: 'us-west-2',
        account: '222222222222',
        apiId: 'a1',
        stage: 'prod',
        method: 'GET',
        path: '/x',
        sourceVpce: 'vpce-1',
        sourceVpc: 'vpc-1',
      },
      { orgId: 'o-123', tags: { team: 'orders' } },
    );
    expect(r.action).toBe('execute-api:Invoke');
    expect(r.context).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/team/CheckoutRole',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalOrgID': 'o-123',
      'aws:PrincipalTag/team': 'orders',
      'aws:userid': 'AROAEXAMPLE:ci',
      'aws:PrincipalType': 'AssumedRole',
      'aws:SourceVpce': 'vpce-1',
      'aws:SourceVpc': 'vpc-1',
    });
    expect(r.context['aws:username']).toBeUndefined();
  });

  it('gives users aws:username, and anonymous callers no principal keys', () => {
    const u = requestContext(user, call('a'));
    expect(u.context).toMatchObject({
      'aws:username': 'MyUser',
      'aws:PrincipalType': 'User',
      'aws:PrincipalArn': 'arn:aws:iam::123412341234:user/MyUser',
    });
    const a = requestContext({ kind: 'anonymous' }, call('a'), { orgId: 'o-1', tags: { t: 'x' } });
    expect(Object.keys(a.context).filter((k) => /principal|userid|username/i.test(k))).toEqual([]);
    expect(a.context['aws:SourceVpce']).toBe('vpce-1a2b3c4d');
  });

  it('lets extra context add and override keys, whatever their case', () => {
    const r = requestContext(role, call('a'), {
      userId: 'AROAOVERRIDE:s',
      context: { 'AWS:PRINCIPALACCOUNT': '999999999999', 'custom:key': ['a', 'b'] },
    });
    expect(r.context['aws:userid']).toBe('AROAOVERRIDE:s');
    expect(r.context['aws:PrincipalAccount']).toBeUndefined();
    expect(r.context['AWS:PRINCIPALACCOUNT']).toBe('999999999999');
    expect(r.context['custom:key']).toEqual(['a', 'b']);
  });
});
