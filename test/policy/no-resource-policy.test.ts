// A private API known to have no resource policy refuses every call (docs/aws-behaviour.md §3):
// `resourcePolicy: null` in the chain is that fact, distinct from `undefined` (not given, not
// evaluated). The endpoint policy and the unsigned-call check still come first.
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { apiRequest, SPOKE } from './helpers.js';

const API = `arn:aws:execute-api:us-west-2:${SPOKE}:a1b2c3d4e5/*`;
const sameRole = `arn:aws:iam::${SPOKE}:role/LocalRole`;
const policy = (name: string, statements: object[], kind: 'identity' | 'endpoint'): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { name }, { kind });
const allowAll = policy(
  'identity',
  [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API }],
  'identity',
);
const endpointAll = policy(
  'endpoint',
  [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  'endpoint',
);
const endpointNone = policy(
  'endpoint',
  [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:*:*:zzzzzzzzzz/*',
    },
  ],
  'endpoint',
);

// A call with no resource policy (`null`) through the given endpoint policy and authorization type.
const withoutResourcePolicy = (
  endpointPolicy: CompiledPolicy,
  authorizationType: 'AWS_IAM' | 'NONE',
  caller: Parameters<typeof apiRequest>[0],
  identityPolicies?: CompiledPolicy[],
) =>
  authorizeCall(
    {
      endpointPolicy,
      authorizationType,
      resourcePolicy: null,
      ...(identityPolicies ? { identityPolicies } : {}),
    },
    apiRequest(caller),
  );

describe('a private API without a resource policy', () => {
  it('denies a same-account caller its identity policy allows, at the resource layer', () => {
    const d = withoutResourcePolicy(endpointAll, 'AWS_IAM', sameRole, [allowAll]);
    expect([d.decision, d.detail, d.layer]).toEqual(['deny', 'ImplicitDeny', 'resource']);
    expect(d.explanation.join('\n')).toMatch(/has no resource policy/);
  });

  it('denies on a NONE route too', () => {
    const d = withoutResourcePolicy(endpointAll, 'NONE', 'anonymous');
    expect([d.decision, d.layer]).toEqual(['deny', 'resource']);
  });

  it('after the endpoint policy and the unsigned-call check', () => {
    const atEndpoint = withoutResourcePolicy(endpointNone, 'AWS_IAM', sameRole, [allowAll]);
    expect(atEndpoint.layer).toBe('endpoint');
    const unsigned = withoutResourcePolicy(endpointAll, 'AWS_IAM', 'anonymous');
    expect(unsigned.layer).toBe(null); // MissingAuthenticationToken
  });

  it('undefined is still "not given, not evaluated" (the identity policy decides alone)', () => {
    const d = authorizeCall(
      { endpointPolicy: endpointAll, authorizationType: 'AWS_IAM', identityPolicies: [allowAll] },
      apiRequest(sameRole),
    );
    expect(d.decision).toBe('allow');
  });
});
