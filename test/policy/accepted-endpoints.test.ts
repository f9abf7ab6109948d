// Associating an endpoint with a private API (vpcEndpointIds) is not an access gate: it only creates
// the Route 53 alias name {api}-{vpce}. Through private DNS or the endpoint's own DNS names any
// endpoint reaches the API and the policies decide; only the alias name needs the association
// (ForbiddenException otherwise). docs/aws-behaviour.md §1b.
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, principalFromArn, requestContext } from '../../src/policy/index.js';
import { ORDERS_API_CALL } from './helpers.js';

const open = parsePolicy(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  },
  { name: 'open' },
);
const call = (sourceVpce: string) =>
  requestContext(principalFromArn('arn:aws:iam::111111111111:role/CheckoutRole'), {
    ...ORDERS_API_CALL,
    sourceVpce,
  });

describe('acceptedEndpoints in the chain', () => {
  it.each([
    // accepted list, addressed by the alias name?, source endpoint, decision
    [undefined, false, 'vpce-0123456789abcdef0', 'allow'],
    [['vpce-0123456789abcdef0'], false, 'vpce-0123456789abcdef0', 'allow'],
    // Not associated: private DNS and the endpoint's own names still reach the API.
    [['vpce-0fedcba9876543210'], false, 'vpce-0123456789abcdef0', 'allow'],
    [[], false, 'vpce-0123456789abcdef0', 'allow'],
    // The alias name exists only for associated endpoints.
    [['vpce-0123456789abcdef0'], true, 'vpce-0123456789abcdef0', 'allow'],
    [['vpce-0fedcba9876543210'], true, 'vpce-0123456789abcdef0', 'deny'],
    [[], true, 'vpce-0123456789abcdef0', 'deny'],
  ] as const)('accepts %j, alias %s, call through %s: %s', (accepted, viaAlias, vpce, decision) => {
    const d = authorizeCall(
      {
        endpointPolicy: open,
        authorizationType: 'AWS_IAM',
        resourcePolicy: open,
        ...(accepted ? { acceptedEndpoints: accepted } : {}),
        viaAlias,
      },
      call(vpce),
    );
    expect(d.decision).toBe(decision);
    if (decision === 'deny') {
      expect(d.layer).toBeNull();
      expect(d.explanation.join('\n')).toMatch(/alias name .* ForbiddenException/);
    }
  });

  it('the resource policy decides for an unassociated endpoint (aws:SourceVpce guard)', () => {
    const guarded = parsePolicy(
      {
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0fedcba9876543210' } },
          },
        ],
      },
      { name: 'resource:legacy' },
    );
    const d = authorizeCall(
      {
        endpointPolicy: open,
        authorizationType: 'AWS_IAM',
        resourcePolicy: guarded,
        identityPolicies: [open],
        acceptedEndpoints: ['vpce-0fedcba9876543210'],
      },
      call('vpce-0123456789abcdef0'),
    );
    expect(d).toMatchObject({ decision: 'deny', detail: 'ExplicitDeny', layer: 'resource' });
  });

  // The alias name of an unassociated endpoint does not exist: the request is never made, so the
  // endpoint policy never sees it (until 2026-12-02 its deny came first, and offline "denied by the
  // endpoint policy" passed for a call AWS cannot address). Associated, the endpoint policy decides.
  it.each([
    [
      'not associated: no layer (the endpoint never sees it)',
      ['vpce-0fedcba9876543210'],
      'ImplicitDeny',
      null,
    ],
    ['associated: the endpoint policy', ['vpce-0123456789abcdef0'], 'ExplicitDeny', 'endpoint'],
  ])('an endpoint-policy deny through the alias name, %s', (_, acceptedEndpoints, detail, layer) => {
    const closed = parsePolicy(
      { Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] },
      { name: 'closed' },
    );
    const d = authorizeCall(
      { endpointPolicy: closed, authorizationType: 'AWS_IAM', acceptedEndpoints, viaAlias: true },
      call('vpce-0123456789abcdef0'),
    );
    expect(d).toMatchObject({ decision: 'deny', detail, layer });
  });
});
