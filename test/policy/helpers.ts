// Shared helpers for the policy tests.
import { evaluatePolicy, parsePolicy, principalFromArn, requestContext } from '../../src/policy/index.js';
import type { CompiledPolicy, ContextValue, Principal, RequestContext } from '../../src/policy/index.js';

export const HUB = '111111111111';
export const SPOKE = '222222222222';
export const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
export const API_ARN = `arn:aws:execute-api:us-west-2:${SPOKE}:a1b2c3d4e5/prod/GET/orders`;
/** The call API_ARN names (GET /orders on the demo's orders API, stage prod), as requestContext takes it. */
export const ORDERS_API_CALL = {
  region: 'us-west-2',
  account: SPOKE,
  apiId: 'a1b2c3d4e5',
  stage: 'prod',
  method: 'GET',
  path: '/orders',
};

/** An Allow of execute-api:Invoke on `Resource` for ROLE, with this Sid. */
export const invokeAllow = (Sid: string, Resource: string) => ({
  Sid,
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: 'execute-api:Invoke',
  Resource,
});

/** A request by `principal` (ARN or 'anonymous') with exactly the given context keys. */
export function bare(
  principal: string | Principal,
  context: Record<string, ContextValue> = {},
  resource = API_ARN,
  action = 'execute-api:Invoke',
): RequestContext {
  const p = typeof principal === 'string' ? principalFromArn(principal) : principal;
  return { principal: p, action, resource, context };
}

/** A policy of one statement allowing everything to everyone under this Condition block. */
export function conditionPolicy(condition: object, version = '2012-10-17'): CompiledPolicy {
  return parsePolicy(
    {
      Version: version,
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition }],
    },
    { name: 'cond' },
  );
}

/** Does a single Allow statement with this Condition allow a request carrying `context`? */
export function condition(
  operator: string,
  key: string,
  values: unknown,
  context: Record<string, ContextValue>,
  version = '2012-10-17',
): boolean {
  const policy = conditionPolicy({ [operator]: { [key]: values } }, version);
  return evaluatePolicy(policy, bare(ROLE, context)).kind === 'Allowed';
}

export function apiRequest(
  principal: string,
  call: Partial<{
    account: string;
    apiId: string;
    stage: string;
    method: string;
    path: string;
    sourceVpce: string;
    sourceVpc: string;
  }> = {},
  extra = {},
): RequestContext {
  return requestContext(principalFromArn(principal), { ...ORDERS_API_CALL, ...call }, extra);
}
