// aws:VpcSourceIp (docs/aws-behaviour.md §8): AWS puts the caller's own address in every request
// made through a VPC endpoint, and API Gateway's private-API example filters on it. The sandbox sets
// it from the world (runnerAddress, else the connection's address) and the prediction from the
// config (runner.address); without that setting a policy that looks at the key makes the prediction
// `unknown`, naming the setting, never a guess. Before this, neither side had the key, so both
// agreed that a NotIpAddress guard denied everyone.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.js';
import { parseWorld } from '../../src/config/world.js';
import { parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import { decideOverUnstated, rolePrincipal } from '../../src/predict/index.js';
import { demoWorld } from '../sandbox/helpers.js';
import { checkoutConfig, checkoutDeniedWhen, predictCheckout, said, sandboxCheckout } from './checkout.js';

const NOT_IN_SUBNET = checkoutDeniedWhen({ NotIpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } });

/** The sandbox's answer to CheckoutRole's GET /orders with the orders API guarded by `policy`. */
const sandbox = (policy: object, runnerAddress?: string, remoteAddress?: string) =>
  sandboxCheckout(
    policy,
    (w) => {
      if (runnerAddress) w.runnerAddress = runnerAddress;
    },
    remoteAddress,
  );
const config = (address?: string) => checkoutConfig(address ? { runner: { address } } : {});
const predicted = (policy: object, address?: string) => predictCheckout(config(address), policy);

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
    checkoutDeniedWhen({ StringNotLike: { 'aws:VpcSourceIp': '10.0.1.*' } }),
    undefined,
    'resource!',
    /^unknown: a policy looks at aws:VpcSourceIp with StringNotLike.*runner: \{ address: /,
  ],
  [
    'not stated, no policy looks at it: decided',
    checkoutDeniedWhen({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } }),
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
    const endpoint = checkoutDeniedWhen({ IpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } });
    for (const st of endpoint.Statement) st.Resource = '*';
    endpoint.Statement[0]!.Principal = { AWS: '*' };
    const d = predictCheckout(config(), NOT_IN_SUBNET, endpoint);
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
