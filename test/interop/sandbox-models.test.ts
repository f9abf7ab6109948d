// The sandbox's STS, IAM, EC2 and API Gateway answers read against botocore's service models (an
// independent description of AWS's wire, test/sandbox/interop/model_check.py): every key or element
// is a member of the operation's output shape with the model's type, lists carry the model's item
// names, timestamps are epoch seconds (rest-json) or ISO 8601 (Query, EC2), and every error code is
// modelled or one of AWS's common errors. Pages of 2 (the demo world's pageSize) are read too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { stableId } from '../../src/sandbox/state.js';
import type { Credentials } from '../../src/signing/types.js';
import { demoWorld } from '../sandbox/helpers.js';
import { assumeRole, cleanEnv, findPython, run, SKIP } from '../sandbox/interop/tools.js';
import { fileURLToPath } from 'node:url';

const CHECK = fileURLToPath(new URL('../sandbox/interop/model_check.py', import.meta.url));
/** The id the sandbox gives the canary deployment of orders' stage prod. */
const CANARY_DEPLOYMENT = stableId('', 'canary:a1b2c3d4e5:prod', 6).toLowerCase();
/** An IAM ARN in the inventory account (444444444444). */
const inventoryArn = (rest: string) => `arn:aws:iam::444444444444:${rest}`;
/** A call the inventory account's role makes to IAM. */
const inventoryIam = (op: string, params: Record<string, string>) => ({
  as: 'inventory',
  service: 'iam',
  op,
  params,
});
/** The harness user's AssumeRole of CheckoutRole (session "model-check") with `params` added. */
const harnessAssumesCheckout = (params: object) => ({
  as: 'harness',
  service: 'sts',
  op: 'AssumeRole',
  params: {
    RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
    RoleSessionName: 'model-check',
    ...params,
  },
});
/** A call the orders account's reader role makes to API Gateway (params only where given). */
const ordersGateway = (op: string, params?: object) => ({
  as: 'orders',
  service: 'apigateway',
  op,
  ...(params ? { params } : {}),
});
/** The harness user's DescribeVpcEndpoints (params only where given). */
const harnessEndpoints = (params?: object) => ({
  as: 'harness',
  service: 'ec2',
  op: 'DescribeVpcEndpoints',
  ...(params ? { params } : {}),
});
const reader = (account: string) => `arn:aws:iam::${account}:role/spokegate-reader`;

let sb: Sandbox;
const creds: Record<string, { key: string; secret: string; token?: string }> = {};
const pair = (c: Credentials) => ({ key: c.accessKeyId, secret: c.secretAccessKey, token: c.sessionToken! });

beforeAll(async () => {
  if (SKIP) return;
  // The demo world, whose harness user may also call GetFederationToken.
  const world = demoWorld();
  world.harness.policies.Federate = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }],
  };
  // Orders' GET /orders/{id} has a Lambda authorizer, and stage prod a canary (issue 10: their wire).
  const orders = world.apis.orders!;
  orders.authorizers = {
    lambda: { id: 'lamb01', type: 'TOKEN', decision: 'allow' },
    pool: { id: 'pool01', type: 'COGNITO_USER_POOLS', decision: 'allow' },
  };
  orders.routes = orders.routes.map((r) =>
    r.path === '/orders/{id}' && r.method === 'GET'
      ? { ...r, authorizationType: 'CUSTOM', authorizer: 'lambda' }
      : r,
  );
  orders.canaries = {
    prod: { percentTraffic: 10, routes: [{ method: 'GET', path: '/orders', authorizationType: 'AWS_IAM' }] },
  };
  sb = await startSandbox(world);
  creds.harness = { key: sb.env.AWS_ACCESS_KEY_ID!, secret: sb.env.AWS_SECRET_ACCESS_KEY! };
  creds.hub = pair(await assumeRole(sb, reader('111111111111')));
  creds.orders = pair(await assumeRole(sb, reader('222222222222')));
  creds.inventory = pair(await assumeRole(sb, reader('444444444444')));
});
afterAll(async () => {
  await sb?.close();
});

const calls = [
  { as: 'harness', service: 'sts', op: 'GetCallerIdentity' },
  { as: 'harness', service: 'sts', op: 'GetSessionToken', params: { DurationSeconds: 900 } },
  harnessAssumesCheckout({}),
  harnessAssumesCheckout({ RoleArn: 'arn:aws:iam::222222222222:role/SpokeAdminRole' }),
  { as: 'hub', service: 'sts', op: 'GetCallerIdentity' },
  harnessEndpoints(),
  harnessEndpoints({ MaxResults: 5 }),
  harnessEndpoints({ Filters: [{ Name: 'tag:Name', Values: ['hub-execute-api'] }] }),
  harnessEndpoints({ VpcEndpointIds: ['vpce-00000000000000000'] }),
  harnessEndpoints({ Filters: [{ Name: 'colour', Values: ['x'] }] }),
  { as: 'hub', service: 'iam', op: 'ListRolePolicies', params: { RoleName: 'BatchRole' } },
  { as: 'hub', service: 'iam', op: 'ListRolePolicies', params: { RoleName: 'CheckoutRole', MaxItems: 1 } },
  {
    as: 'hub',
    service: 'iam',
    op: 'GetRolePolicy',
    params: { RoleName: 'BatchRole', PolicyName: 'InvokeAll' },
  },
  { as: 'hub', service: 'iam', op: 'GetRolePolicy', params: { RoleName: 'BatchRole', PolicyName: 'Nope' } },
  { as: 'hub', service: 'iam', op: 'ListAttachedRolePolicies', params: { RoleName: 'spokegate-reader' } },
  { as: 'inventory', service: 'iam', op: 'ListAttachedRolePolicies', params: { RoleName: 'InventoryRole' } },
  inventoryIam('GetPolicy', { PolicyArn: inventoryArn('policy/InventoryOnly') }),
  inventoryIam('GetPolicyVersion', { PolicyArn: inventoryArn('policy/InventoryOnly'), VersionId: 'v1' }),
  { as: 'harness', service: 'iam', op: 'ListRolePolicies', params: { RoleName: 'CheckoutRole' } },
  ordersGateway('GetRestApis'),
  ordersGateway('GetRestApis', { limit: 1 }),
  ordersGateway('GetRestApi', { restApiId: 'a1b2c3d4e5' }),
  ordersGateway('GetRestApi', { restApiId: 'zzzzzzzzzz' }),
  ordersGateway('GetStages', { restApiId: 'a1b2c3d4e5' }),
  ordersGateway('GetResources', { restApiId: 'a1b2c3d4e5', embed: ['methods'] }),
  ordersGateway('GetDeployment', { restApiId: 'a1b2c3d4e5', deploymentId: 'a1b2c3', embed: ['apisummary'] }),
  { as: 'harness', service: 'apigateway', op: 'GetRestApis' },
  // issue 11 additions: session policies, GetFederationToken, refused parameters.
  harnessAssumesCheckout({
    Policy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}',
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
  }),
  harnessAssumesCheckout({
    Policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  }),
  { as: 'harness', service: 'sts', op: 'GetFederationToken', params: { Name: 'model-check' } },
  { as: 'hub', service: 'sts', op: 'GetFederationToken', params: { Name: 'model-check' } },
  inventoryIam('GetPolicy', { PolicyArn: inventoryArn('role/InventoryRole') }),
  inventoryIam('GetPolicy', { PolicyArn: inventoryArn('policy/Nope') }),
  ordersGateway('GetRestApis', { limit: 501 }),
  // issue 10: a canary's deployment (GetStages canarySettings, read above, names it).
  ordersGateway('GetDeployment', {
    restApiId: 'a1b2c3d4e5',
    deploymentId: CANARY_DEPLOYMENT,
    embed: ['apisummary'],
  }),
  // issue 10: a role's unique id (GetRole), with its tags and path; another account's role.
  { as: 'hub', service: 'iam', op: 'GetRole', params: { RoleName: 'ReportingRole' } },
  { as: 'hub', service: 'iam', op: 'GetRole', params: { RoleName: 'AuditRole' } },
  { as: 'hub', service: 'iam', op: 'GetRole', params: { RoleName: 'InventoryRole' } },
  // issues 10/11: the API's authorizers (a Lambda one and a Cognito one), a page of one, one by id.
  ordersGateway('GetAuthorizers', { restApiId: 'a1b2c3d4e5' }),
  ordersGateway('GetAuthorizers', { restApiId: 'a1b2c3d4e5', limit: 1 }),
  ordersGateway('GetAuthorizer', { restApiId: 'a1b2c3d4e5', authorizerId: 'lamb01' }),
  ordersGateway('GetAuthorizer', { restApiId: 'a1b2c3d4e5', authorizerId: 'nope01' }),
];

describe("the sandbox's control plane against botocore's service models", () => {
  it('every answer fits its operation (shapes, types, list items, dates, error codes)', async () => {
    if (SKIP) return;
    const py = findPython();
    const r = await run(
      py,
      [CHECK],
      cleanEnv({}),
      JSON.stringify({ url: sb.url, ca: sb.caFile, creds, calls }),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { checked: string[]; findings: string[] };
    expect(out.findings).toEqual([]);
    // Each call answered as intended: a wrong expectation here would make the check vacuous.
    expect(out.checked).toEqual([
      'sts.GetCallerIdentity -> 200',
      'sts.GetSessionToken -> 200',
      'sts.AssumeRole -> 200',
      'sts.AssumeRole -> 403 AccessDenied',
      'sts.GetCallerIdentity -> 200',
      'ec2.DescribeVpcEndpoints -> 200',
      'ec2.DescribeVpcEndpoints -> 200',
      'ec2.DescribeVpcEndpoints -> 200',
      'ec2.DescribeVpcEndpoints -> 400 InvalidVpcEndpointId.NotFound',
      'ec2.DescribeVpcEndpoints -> 400 InvalidFilter',
      'iam.ListRolePolicies -> 200',
      'iam.ListRolePolicies -> 200',
      'iam.GetRolePolicy -> 200',
      'iam.GetRolePolicy -> 404 NoSuchEntity',
      'iam.ListAttachedRolePolicies -> 200',
      'iam.ListAttachedRolePolicies -> 200',
      'iam.GetPolicy -> 200',
      'iam.GetPolicyVersion -> 200',
      'iam.ListRolePolicies -> 403 AccessDenied',
      'apigateway.GetRestApis -> 200',
      'apigateway.GetRestApis -> 200',
      'apigateway.GetRestApi -> 200',
      'apigateway.GetRestApi -> 404 NotFoundException',
      'apigateway.GetStages -> 200',
      'apigateway.GetResources -> 200',
      'apigateway.GetDeployment -> 200',
      'apigateway.GetRestApis -> 200',
      'sts.AssumeRole -> 200',
      'sts.AssumeRole -> 400 MalformedPolicyDocument',
      'sts.GetFederationToken -> 200',
      'sts.GetFederationToken -> 403 AccessDenied',
      'iam.GetPolicy -> 400 InvalidInput',
      'iam.GetPolicy -> 404 NoSuchEntity',
      'apigateway.GetRestApis -> 200',
      'apigateway.GetDeployment -> 200',
      'iam.GetRole -> 200',
      'iam.GetRole -> 200',
      'iam.GetRole -> 404 NoSuchEntity',
      'apigateway.GetAuthorizers -> 200',
      'apigateway.GetAuthorizers -> 200',
      'apigateway.GetAuthorizer -> 200',
      'apigateway.GetAuthorizer -> 404 NotFoundException',
    ]);
  });
});
