// Offline sources that say a layer has no policy at all (issue 11 gap 1): a private API defined in a
// Terraform plan or CloudFormation template with no resource policy anywhere is the fact "no
// resource policy" (AWS refuses every call to it), never bad input and never unknown; a value known
// only after apply, or an intrinsic that cannot be resolved offline, stays unknown (exit 2 naming it),
// never "none". An endpoint without a policy has AWS's default full-access policy.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { RunContext } from '../../src/harness/context.js';
import { offlineDemo, type Config } from './helpers.js';

const ORDERS = 'a1b2c3d4e5';

/** The demo config offline, with `files` written beside it and the orders API's resource policy from `file`. */
const ordersPolicyFrom = (file: string, files: Record<string, string>) =>
  offlineDemo((c) => (c.apis.orders.resourcePolicy = file), files);
/** The demo config offline, with `files` written beside it and the hub endpoint's policy from `file`. */
const endpointPolicyFrom = (file: string, files: Record<string, string>) =>
  offlineDemo((c) => (c.endpoints.hub.policy = file), files);

/** A CloudFormation template with a PRIVATE orders API, its Properties followed by `more` lines. */
const template = (...more: string[]) =>
  [
    'Resources:',
    '  OrdersApi:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Name: orders',
    '      EndpointConfiguration: { Types: [PRIVATE] }',
    ...more,
  ].join('\n');

function plan(
  api: Record<string, unknown>,
  afterUnknown: Record<string, unknown> = {},
  extra: unknown[] = [],
) {
  return JSON.stringify({
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_api_gateway_rest_api.orders',
        mode: 'managed',
        type: 'aws_api_gateway_rest_api',
        change: {
          actions: ['update'],
          before: {
            id: ORDERS,
            name: 'orders',
            policy: '',
            endpoint_configuration: [{ types: ['PRIVATE'] }],
          },
          after: { id: ORDERS, name: 'orders', endpoint_configuration: [{ types: ['PRIVATE'] }], ...api },
          after_unknown: afterUnknown,
        },
      },
      ...extra,
    ],
  });
}

async function ordersCall(config: Config, role = 'CheckoutRole') {
  const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
  try {
    return (await ctx.call({ role, api: 'orders', method: 'GET', path: '/orders', scenario: 's' }, 'deny'))
      .cell;
  } finally {
    ctx.close();
  }
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('offline: a private API with no resource policy anywhere is decided deny', () => {
  it('a Terraform plan: no policy attribute value, no aws_api_gateway_rest_api_policy', async () => {
    const config = ordersPolicyFrom('plan.json', { 'plan.json': plan({ policy: '' }) });
    const cell = await ordersCall(config);
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(cell.verdict).toBe('pass');
  });

  it('a CloudFormation template: a PRIVATE AWS::ApiGateway::RestApi without Policy', async () => {
    const config = ordersPolicyFrom('stack.yaml', { 'stack.yaml': template() });
    const cell = await ordersCall(config);
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(cell.verdict).toBe('pass');
  });

  it('a policy known only after apply is unknown (exit 2 naming it), never "none"', async () => {
    const config = ordersPolicyFrom('plan.json', { 'plan.json': plan({}, { policy: true }) });
    const e = await failure(ordersCall(config));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/known only after apply/);
  });

  it('a CloudFormation Policy built with an intrinsic that cannot be resolved offline is not "none"', async () => {
    const stack = template('      Policy: !ImportValue shared-orders-policy');
    const config = ordersPolicyFrom('stack.yaml', { 'stack.yaml': stack });
    const e = await failure(ordersCall(config));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/cannot resolve Fn::ImportValue shared-orders-policy offline/);
  });

  it('an API the change destroys is still bad input, not a decision', async () => {
    const destroyed = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_api_gateway_rest_api.orders',
          mode: 'managed',
          type: 'aws_api_gateway_rest_api',
          change: { actions: ['delete'], before: { id: ORDERS, policy: '{"Statement":[]}' }, after: null },
        },
      ],
    });
    const config = ordersPolicyFrom('plan.json', { 'plan.json': destroyed });
    const e = await failure(ordersCall(config));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/the API is destroyed/);
  });
});

describe("offline: an endpoint with no policy attribute has AWS's default full-access policy", () => {
  const endpoint = (after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) =>
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_vpc_endpoint.hub',
          mode: 'managed',
          type: 'aws_vpc_endpoint',
          change: {
            actions: ['update'],
            before: { id: 'vpce-0123456789abcdef0', service_name: 'com.amazonaws.us-west-2.execute-api' },
            after: {
              id: 'vpce-0123456789abcdef0',
              service_name: 'com.amazonaws.us-west-2.execute-api',
              ...after,
            },
            after_unknown: afterUnknown,
          },
        },
      ],
    });

  it('no policy: BatchRole (refused by the demo endpoint policy) is let through the endpoint', async () => {
    const config = endpointPolicyFrom('ep.json', { 'ep.json': endpoint({}) });
    const cell = await ordersCall(config, 'BatchRole');
    expect(cell.predicted!.decision).toBe('allow');
  });

  it('a policy known only after apply is unknown (exit 2 naming it), not the default', async () => {
    const config = endpointPolicyFrom('ep.json', { 'ep.json': endpoint({}, { policy: true }) });
    const e = await failure(ordersCall(config, 'BatchRole'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/known only after apply/);
  });
});
