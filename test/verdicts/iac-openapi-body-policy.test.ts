// Issue 10 (lane E hunt): a REST API's resource policy can come from its OpenAPI body
// (`x-amazon-apigateway-policy`), which neither source read. A CloudFormation RestApi with a Body that
// holds the policy and no Policy property was read as "no resource policy" (a private API then refuses
// every call), so an offline `the call is denied` passed where the body's policy lets the call in. A
// Terraform plan whose aws_api_gateway_rest_api body changes while its policy value is empty (the
// provider's PutRestApi imports the body; the plan's `policy` is the value before) was read the same
// way. Both are now a policy spokegate cannot tell offline: exit 2 naming the resource, never "none".
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { resourcePolicyFact } from '../../src/policy/sources/index.js';
import { errorOf, planFixture, tmpFile } from '../sources/helpers.js';

const BODY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
};

/** An OpenAPI body with (or without) the policy extension. */
const openApi = (withPolicy: boolean) =>
  JSON.stringify({
    openapi: '3.0.1',
    info: { title: 'orders', version: '1' },
    paths: { '/orders': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    ...(withPolicy ? { 'x-amazon-apigateway-policy': BODY_POLICY } : {}),
  });

const template = (body: string) =>
  tmpFile(
    'orders.cfn.json',
    JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        OrdersApi: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Name: 'orders',
            EndpointConfiguration: { Types: ['PRIVATE'] },
            Body: JSON.parse(body),
          },
        },
      },
    }),
  );

describe("CloudFormation: a RestApi's Body with x-amazon-apigateway-policy and no Policy", () => {
  it('is no "no resource policy": exit 2 naming the resource and the extension', () => {
    const e = errorOf(() =>
      resourcePolicyFact(template(openApi(true)), 'a1b2c3d4e5', { region: 'us-west-2' }),
    );
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/OrdersApi/);
    expect(e.message).toMatch(/x-amazon-apigateway-policy/);
  });

  it('a Body without the extension and no Policy is still an API without a resource policy', () => {
    const fact = resourcePolicyFact(template(openApi(false)), 'a1b2c3d4e5', { region: 'us-west-2' });
    expect(fact.kind).toBe('none');
  });
});

describe('Terraform: an aws_api_gateway_rest_api whose body changes while its policy value is empty', () => {
  const plan = (afterBody: string) => {
    const p = planFixture();
    const api = {
      id: 'a1b2c3d4e5',
      name: 'orders',
      policy: '',
      endpoint_configuration: [{ types: ['PRIVATE'] }],
    };
    p.resource_changes = [
      {
        address: 'aws_api_gateway_rest_api.orders',
        mode: 'managed',
        type: 'aws_api_gateway_rest_api',
        name: 'orders',
        change: {
          actions: ['update'],
          before: { ...api, body: openApi(false) },
          after: { ...api, body: afterBody },
          after_unknown: {},
        },
      },
    ];
    return tmpFile('plan.json', JSON.stringify(p));
  };

  it('whose new body holds x-amazon-apigateway-policy: exit 2 naming the address, not "no policy"', () => {
    const e = errorOf(() => resourcePolicyFact(plan(openApi(true)), 'a1b2c3d4e5'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/aws_api_gateway_rest_api\.orders/);
    expect(e.message).toMatch(/body/);
  });
});
