// Offline sources that say a layer has no policy at all (issue 11 gap 1): a private API defined in a
// Terraform plan or CloudFormation template with no resource policy anywhere is the fact "no
// resource policy" (AWS refuses every call to it), never bad input and never unknown; a value known
// only after apply, or an intrinsic that cannot be resolved offline, stays unknown (exit 2 naming it),
// never "none". An endpoint without a policy has AWS's default full-access policy.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';
import { RunContext } from '../../src/harness/context.js';
import { DEMO } from '../harness/helpers.js';

const ORDERS = 'a1b2c3d4e5';

/** The demo config offline, with the orders API's resource policy from `file` (written in dir). */
function offline(files: Record<string, string>, edit: (c: Record<string, any>) => void = () => undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-offline-none-'));
  const c = parse(readFileSync(join(DEMO, 'spokegate.config.yaml'), 'utf8'));
  const world = parse(readFileSync(join(DEMO, 'world.yaml'), 'utf8'));
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(world.endpoints.hub.policy));
  c.endpoints.hub.policy = 'hub.json';
  for (const r of Object.values<any>(c.roles))
    if (r.identityPolicies) r.identityPolicies = r.identityPolicies.map((f: string) => join(DEMO, f));
  for (const a of Object.values<any>(c.apis))
    if (a.resourcePolicy) a.resourcePolicy = join(DEMO, a.resourcePolicy);
  delete c.sandbox;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  edit(c);
  writeFileSync(join(dir, 'spokegate.config.yaml'), stringify(c));
  return loadConfig(join(dir, 'spokegate.config.yaml'));
}

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

async function ordersCall(config: ReturnType<typeof loadConfig>, role = 'CheckoutRole') {
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
    const config = offline({ 'plan.json': plan({ policy: '' }) }, (c) => {
      c.apis.orders.resourcePolicy = 'plan.json';
    });
    const cell = await ordersCall(config);
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(cell.verdict).toBe('pass');
  });

  it('a CloudFormation template: a PRIVATE AWS::ApiGateway::RestApi without Policy', async () => {
    const template = [
      'Resources:',
      '  OrdersApi:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: orders',
      '      EndpointConfiguration: { Types: [PRIVATE] }',
    ].join('\n');
    const config = offline({ 'stack.yaml': template }, (c) => {
      c.apis.orders.resourcePolicy = 'stack.yaml';
    });
    const cell = await ordersCall(config);
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(cell.verdict).toBe('pass');
  });

  it('a policy known only after apply is unknown (exit 2 naming it), never "none"', async () => {
    const config = offline({ 'plan.json': plan({}, { policy: true }) }, (c) => {
      c.apis.orders.resourcePolicy = 'plan.json';
    });
    const e = await failure(ordersCall(config));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/known only after apply/);
  });

  it('a CloudFormation Policy built with an intrinsic that cannot be resolved offline is not "none"', async () => {
    const template = [
      'Resources:',
      '  OrdersApi:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: orders',
      '      EndpointConfiguration: { Types: [PRIVATE] }',
      '      Policy: !ImportValue shared-orders-policy',
    ].join('\n');
    const config = offline({ 'stack.yaml': template }, (c) => {
      c.apis.orders.resourcePolicy = 'stack.yaml';
    });
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
    const config = offline({ 'plan.json': destroyed }, (c) => {
      c.apis.orders.resourcePolicy = 'plan.json';
    });
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
    const config = offline({ 'ep.json': endpoint({}) }, (c) => {
      c.endpoints.hub.policy = 'ep.json';
    });
    const cell = await ordersCall(config, 'BatchRole');
    expect(cell.predicted!.decision).toBe('allow');
  });

  it('a policy known only after apply is unknown (exit 2 naming it), not the default', async () => {
    const config = offline({ 'ep.json': endpoint({}, { policy: true }) }, (c) => {
      c.endpoints.hub.policy = 'ep.json';
    });
    const e = await failure(ordersCall(config, 'BatchRole'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/known only after apply/);
  });
});
