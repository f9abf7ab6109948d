// A private API takes calls only through the endpoints it lists (ForbiddenException otherwise).
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, principalFromArn, requestContext } from '../../src/policy/index.js';

const open = parsePolicy(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  },
  { name: 'open' },
);
const call = (sourceVpce: string) =>
  requestContext(principalFromArn('arn:aws:iam::111111111111:role/CheckoutRole'), {
    region: 'us-west-2',
    account: '222222222222',
    apiId: 'a1b2c3d4e5',
    stage: 'prod',
    method: 'GET',
    path: '/orders',
    sourceVpce,
  });

describe('acceptedEndpoints in the chain', () => {
  it.each([
    // accepted list, source endpoint, decision
    [undefined, 'vpce-0123456789abcdef0', 'allow'],
    [['vpce-0123456789abcdef0'], 'vpce-0123456789abcdef0', 'allow'],
    [['vpce-0fedcba9876543210'], 'vpce-0123456789abcdef0', 'deny'],
    [[], 'vpce-0123456789abcdef0', 'deny'],
  ] as const)('accepts %j, call through %s: %s', (accepted, vpce, decision) => {
    const d = authorizeCall(
      {
        endpointPolicy: open,
        authorizationType: 'AWS_IAM',
        resourcePolicy: open,
        ...(accepted ? { acceptedEndpoints: accepted } : {}),
      },
      call(vpce),
    );
    expect(d.decision).toBe(decision);
    if (decision === 'deny') {
      expect(d.layer).toBeNull();
      expect(d.explanation.join('\n')).toMatch(/ForbiddenException/);
    }
  });

  it('an endpoint-policy deny still comes first', () => {
    const closed = parsePolicy(
      { Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] },
      { name: 'closed' },
    );
    const d = authorizeCall(
      { endpointPolicy: closed, authorizationType: 'AWS_IAM', acceptedEndpoints: ['vpce-0fedcba9876543210'] },
      call('vpce-0123456789abcdef0'),
    );
    expect(d).toMatchObject({ decision: 'deny', detail: 'ExplicitDeny', layer: 'endpoint' });
  });
});
