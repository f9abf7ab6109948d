// Shared by the tests of one request fact (aws:VpcSourceIp, aws:SourceIp, aws:PrincipalOrgPaths):
// CheckoutRole's GET /orders with the orders API guarded by the resource policy under test, answered
// by the sandbox and predicted offline from a small config, so each test states only its fact.
import { configSchema, type Config } from '../../src/config/config.js';
import type { World } from '../../src/config/world.js';
import { parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import { predictCall, rolePrincipal, type UnknownDecision } from '../../src/predict/index.js';
import { apiHost, assume, demoWorld, invoke, newState, outcome } from '../sandbox/helpers.js';

export const HUB_ENDPOINT = { id: 'vpce-0123456789abcdef0', account: '111111111111' };
export const ORDERS_CALL = { api: 'orders', method: 'GET', path: '/orders' };
const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};
const IDENTITY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};

type Statement = Record<string, unknown>;
/** A policy of copies of `statements` (a test may edit its policy's statements). */
export const resourcePolicy = (...statements: Statement[]) => ({
  Version: '2012-10-17',
  Statement: statements.map((s) => ({ ...s })),
});
export const ALLOW_CHECKOUT: Statement = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};
/** Deny everyone the API when `condition` holds. */
const denyWhen = (condition: object): Statement => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: condition,
});
/** A resource policy that allows CheckoutRole, and denies everyone when `condition` holds. */
export const checkoutDeniedWhen = (condition: object) => resourcePolicy(ALLOW_CHECKOUT, denyWhen(condition));
/** A resource policy that allows CheckoutRole only when `condition` holds. */
export const checkoutAllowedWhen = (condition: object) =>
  resourcePolicy({ ...ALLOW_CHECKOUT, Condition: condition });

/** The hub, CheckoutRole, the orders API and the organization, with `more` top-level keys over them. */
export const checkoutConfig = (more: Record<string, unknown> = {}): Config => ({
  file: 'spokegate.config.yaml',
  dir: '.',
  ...configSchema.parse({
    region: 'us-west-2',
    endpoints: { hub: HUB_ENDPOINT },
    roles: { CheckoutRole: { arn: 'arn:aws:iam::111111111111:role/CheckoutRole' } },
    apis: { orders: { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' } },
    defaults: { endpoint: 'hub' },
    organization: { id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222'] },
    ...more,
  }),
});

/** The three layers: the resource policy under test, an endpoint that allows all, an identity that allows. */
export const checkoutLayers = (resource: object, endpoint: object = ALLOW_ALL) => ({
  endpointPolicy: parsePolicy(endpoint, { name: 'endpoint' }, { kind: 'endpoint' }),
  resourcePolicy: parsePolicy(resource, { name: 'resource:orders' }, { kind: 'resource' }),
  identityPolicies: [parsePolicy(IDENTITY, { name: 'identity' }, { kind: 'identity' })],
});

/** The prediction for CheckoutRole's GET /orders under `config`. */
export const predictCheckout = (
  config: Config,
  resource: object,
  endpoint?: object,
): ChainDecision | UnknownDecision =>
  predictCall(config, rolePrincipal(config, 'CheckoutRole'), ORDERS_CALL, checkoutLayers(resource, endpoint));

/** A decision in one line: allow, deny LAYER, or unknown: WHY. */
export const said = (d: ChainDecision | UnknownDecision) =>
  d.decision === 'unknown' ? `unknown: ${d.unknown}` : d.decision === 'allow' ? 'allow' : `deny ${d.layer}`;

/** The sandbox's answer to CheckoutRole's GET /orders (demo world, `edit` applied) under `resource`. */
export async function sandboxCheckout(
  resource: object,
  edit: (w: World) => void = () => undefined,
  remoteAddress?: string,
): Promise<string> {
  const w = demoWorld();
  w.apis.orders!.resourcePolicy = resource as Record<string, unknown>;
  edit(w);
  const state = newState(w);
  const creds = await assume(state, 'CheckoutRole');
  const host = apiHost(w.apis.orders!.id);
  return outcome(
    await invoke(state, { host, path: '/prod/orders', creds, ...(remoteAddress ? { remoteAddress } : {}) }),
  );
}
