// aws:VpcSourceIp (docs/aws-behaviour.md §8): AWS puts the caller's own address in every request
// made through a VPC endpoint, and API Gateway's private-API example filters on it. The sandbox sets
// it from the world (runnerAddress, else the connection's address) and the prediction from the
// config (runner.address); without that setting a policy that looks at the key makes the prediction
// `unknown`, naming the setting, never a guess. Before this, neither side had the key, so both
// agreed that a NotIpAddress guard denied everyone.
import { describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/config.js';
import { parseWorld } from '../../src/config/world.js';
import { parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import {
  decideOverUnstated,
  predictCall,
  rolePrincipal,
  type UnknownDecision,
} from '../../src/predict/index.js';
import { apiHost, assume, demoWorld, invoke, newState, outcome } from '../sandbox/helpers.js';

const GUARD = (condition: object) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
    },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: condition,
    },
  ],
});
const NOT_IN_SUBNET = GUARD({ NotIpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } });

/** The sandbox's answer to CheckoutRole's GET /orders with the orders API guarded by `policy`. */
async function sandbox(policy: object, runnerAddress?: string, remoteAddress?: string): Promise<string> {
  const w = demoWorld();
  w.apis.orders!.resourcePolicy = policy as Record<string, unknown>;
  if (runnerAddress) w.runnerAddress = runnerAddress;
  const state = newState(w);
  const creds = await assume(state, 'CheckoutRole');
  const host = apiHost(w.apis.orders!.id);
  return outcome(
    await invoke(state, { host, path: '/prod/orders', creds, ...(remoteAddress ? { remoteAddress } : {}) }),
  );
}

const config = (address?: string): Config => ({
  file: 'spokegate.config.yaml',
  dir: '.',
  ...configSchema.parse({
    region: 'us-west-2',
    endpoints: { hub: { id: 'vpce-0123456789abcdef0', account: '111111111111' } },
    roles: { CheckoutRole: { arn: 'arn:aws:iam::111111111111:role/CheckoutRole' } },
    apis: { orders: { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' } },
    defaults: { endpoint: 'hub' },
    organization: { id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222'] },
    ...(address ? { runner: { address } } : {}),
  }),
});
const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};
const IDENTITY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};

function predicted(policy: object, address?: string): ChainDecision | UnknownDecision {
  const c = config(address);
  return predictCall(
    c,
    rolePrincipal(c, 'CheckoutRole'),
    { api: 'orders', method: 'GET', path: '/orders' },
    {
      endpointPolicy: parsePolicy(ALLOW_ALL, { name: 'endpoint' }, { kind: 'endpoint' }),
      resourcePolicy: parsePolicy(policy, { name: 'resource:orders' }, { kind: 'resource' }),
      identityPolicies: [parsePolicy(IDENTITY, { name: 'identity' }, { kind: 'identity' })],
    },
  );
}
const said = (d: ChainDecision | UnknownDecision) =>
  d.decision === 'unknown' ? `unknown: ${d.unknown}` : d.decision === 'allow' ? 'allow' : `deny ${d.layer}`;

// [case, resource policy, the runner's address (world and config alike), sandbox, prediction]
const cases: [string, object, string | undefined, string, RegExp][] = [
  ['inside the block', NOT_IN_SUBNET, '10.0.1.15', 'allow', /^allow$/],
  ['outside the block', NOT_IN_SUBNET, '10.0.2.9', 'resource!', /^deny resource$/],
  ['an IPv6 runner against an IPv4 block', NOT_IN_SUBNET, '2001:db8::5', 'resource!', /^deny resource$/],
  [
    'not stated: the prediction depends on it',
    NOT_IN_SUBNET,
    undefined,
    'resource!', // the handler has no connection address here: the key is absent, NotIpAddress holds
    /^unknown: the decision depends on aws:VpcSourceIp, the runner's private address.*(allow|deny) from .*(allow|deny) from .*runner: \{ address: /,
  ],
  [
    'not stated, looked at with a string operator: unknown naming it',
    GUARD({ StringNotLike: { 'aws:VpcSourceIp': '10.0.1.*' } }),
    undefined,
    'resource!',
    /^unknown: a policy looks at aws:VpcSourceIp with StringNotLike.*runner: \{ address: /,
  ],
  [
    'not stated, no policy looks at it: decided',
    GUARD({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } }),
    undefined,
    'allow',
    /^allow$/,
  ],
];

describe('aws:VpcSourceIp: the sandbox and the prediction agree, or the prediction says it cannot know', () => {
  it.each(cases)('%s', async (_case, policy, address, wire, prediction) => {
    expect(await sandbox(policy, address)).toBe(wire);
    expect(said(predicted(policy, address))).toMatch(prediction);
  });
  it("without a world setting the sandbox takes the connection's address", async () => {
    expect(await sandbox(NOT_IN_SUBNET, undefined, '10.0.1.200')).toBe('allow');
    expect(await sandbox(NOT_IN_SUBNET, undefined, '127.0.0.1')).toBe('resource!');
    // The world setting wins over the connection.
    expect(await sandbox(NOT_IN_SUBNET, '10.0.2.9', '10.0.1.200')).toBe('resource!');
  });
  it('diff asks the same question (decideOverUnstated): the address stated or unknown', () => {
    const resource = parsePolicy(NOT_IN_SUBNET, { name: 'r' }, { kind: 'resource' });
    for (const [address, expected] of [
      ['10.0.1.15', /^allow$/],
      [undefined, /^unknown: the decision depends on aws:VpcSourceIp/],
    ] as const) {
      const c = config(address);
      const d = decideOverUnstated(c, rolePrincipal(c, 'CheckoutRole'), [resource], (facts) =>
        predictedWith(facts.vpcSourceIp),
      );
      expect(said(d)).toMatch(expected);
    }
  });
  it('not stated, denied from every address but by a layer that depends on it: deny claiming no layer', () => {
    // The endpoint denies inside the block, the resource policy outside it: "denied by the endpoint
    // policy" must not be judged on whichever address was tried first.
    const c = config();
    const endpoint = GUARD({ IpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } });
    for (const st of endpoint.Statement) st.Resource = '*';
    endpoint.Statement[0]!.Principal = { AWS: '*' };
    const d = predictCall(
      c,
      rolePrincipal(c, 'CheckoutRole'),
      { api: 'orders', method: 'GET', path: '/orders' },
      {
        endpointPolicy: parsePolicy(endpoint, { name: 'endpoint' }, { kind: 'endpoint' }),
        resourcePolicy: parsePolicy(NOT_IN_SUBNET, { name: 'resource:orders' }, { kind: 'resource' }),
        identityPolicies: [parsePolicy(IDENTITY, { name: 'identity' }, { kind: 'identity' })],
      },
    );
    expect(said(d)).toBe('deny null');
    expect(d.explanation.join('\n')).toMatch(
      /which layer denies depends on it \((?=.*by the endpoint layer from)(?=.*by the resource layer from).*runner: \{ address: /,
    );
  });
  it('the config and the world refuse an address that is not one', () => {
    expect(configSchema.safeParse({ ...config(), runner: { address: '10.0.1' } }).success).toBe(false);
    expect(() => parseWorld({ ...demoWorld(), runnerAddress: 'vpc-host' }, 'world.yaml')).toThrow(
      /world\.yaml.*runnerAddress.*IPv4 or IPv6 address/,
    );
  });
});

/** The chain with the runner at `ip` (as diff's decide gets it: always an address here). */
function predictedWith(ip: string | undefined): ChainDecision {
  const d = predicted(NOT_IN_SUBNET, ip);
  if (d.decision === 'unknown') throw new Error('a stated address is never unknown');
  return d;
}
