// aws:SourceIp on a call through the execute-api interface endpoint (docs/aws-behaviour.md §8): IAM
// says the key is absent for a request made through a VPC endpoint, API Gateway that the endpoint
// rewrites the source address; in neither reading is it the caller's, and no document says which
// address it would be. The sandbox leaves it out (IAM's reading) unless the world gives the address
// the endpoint would put there (sourceIpThroughEndpoint, API Gateway's reading); the prediction
// decides a policy that looks at the key both ways (absent, and any address on either side of every
// block) and says `unknown` naming the key when the answers differ. Before this the prediction took
// the key as absent: a confident guess.
import { describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/config.js';
import { parseWorld } from '../../src/config/world.js';
import { authorizeCall, parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import {
  configuredRequest,
  decideOverUnstated,
  predictCall,
  rolePrincipal,
  type RequestFacts,
  type UnknownDecision,
} from '../../src/predict/index.js';
import { apiHost, assume, demoWorld, invoke, newState, outcome } from '../sandbox/helpers.js';

const ALLOW_CHECKOUT = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};
const resourcePolicy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const deny = (condition: object) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: condition,
});
/** API Gateway's public-API example: deny two blocks by aws:SourceIp. */
const DENY_BLOCKS = resourcePolicy(
  ALLOW_CHECKOUT,
  deny({ IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } }),
);
/** An allow-list on aws:SourceIp, as written for a public API. */
const ONLY_FROM = resourcePolicy({
  ...ALLOW_CHECKOUT,
  Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
});
/** The data-perimeter shape: the corporate blocks or the VPC; through the endpoint the VPC decides. */
const PERIMETER = resourcePolicy(
  ALLOW_CHECKOUT,
  deny({
    NotIpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' },
    StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f60718' },
  }),
);
const DENY_WITHOUT = resourcePolicy(ALLOW_CHECKOUT, deny({ Null: { 'aws:SourceIp': 'true' } }));

/** The sandbox's answer to CheckoutRole's GET /orders with the orders API guarded by `policy`. */
async function sandbox(policy: object, sourceIp?: string): Promise<string> {
  const w = demoWorld();
  w.apis.orders!.resourcePolicy = policy as Record<string, unknown>;
  w.endpoints.hub!.vpc = 'vpc-0a1b2c3d4e5f60718';
  if (sourceIp) w.sourceIpThroughEndpoint = sourceIp;
  const state = newState(w);
  const creds = await assume(state, 'CheckoutRole');
  return outcome(await invoke(state, { host: apiHost(w.apis.orders!.id), path: '/prod/orders', creds }));
}

const config = (): Config => ({
  file: 'spokegate.config.yaml',
  dir: '.',
  ...configSchema.parse({
    region: 'us-west-2',
    endpoints: {
      hub: { id: 'vpce-0123456789abcdef0', account: '111111111111', vpc: 'vpc-0a1b2c3d4e5f60718' },
    },
    roles: { CheckoutRole: { arn: 'arn:aws:iam::111111111111:role/CheckoutRole' } },
    apis: { orders: { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' } },
    defaults: { endpoint: 'hub' },
    organization: { id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222'] },
    runner: { address: '10.0.1.15' },
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

function predicted(policy: object): ChainDecision | UnknownDecision {
  const c = config();
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

const UNKNOWN =
  /^unknown: the decision depends on aws:SourceIp.*\b(allow|deny) without it.*\b(allow|deny) from .*aws:VpcSourceIp/;

// [case, resource policy, sandbox (absent), sandbox (198.51.100.20 through the endpoint), prediction]
const cases: [string, object, string, string, RegExp][] = [
  ["API Gateway's deny-blocks example", DENY_BLOCKS, 'allow', 'resource!', UNKNOWN],
  ['an allow-list on aws:SourceIp', ONLY_FROM, 'resource', 'resource', UNKNOWN],
  ['a Null test on aws:SourceIp', DENY_WITHOUT, 'resource!', 'allow', UNKNOWN],
  [
    'another operator on the key: unknown outright',
    resourcePolicy(ALLOW_CHECKOUT, deny({ StringLike: { 'aws:SourceIp': '10.*' } })),
    'allow',
    'allow',
    /^unknown: a policy looks at aws:SourceIp with StringLike, .*aws:VpcSourceIp/,
  ],
  ['the data-perimeter shape: decided by the VPC whatever the key', PERIMETER, 'allow', 'allow', /^allow$/],
];

describe('aws:SourceIp through the endpoint: the prediction never guesses the key', () => {
  it.each(cases)('%s', async (_case, policy, absent, rewritten, prediction) => {
    expect(await sandbox(policy)).toBe(absent);
    expect(await sandbox(policy, '198.51.100.20')).toBe(rewritten);
    expect(said(predicted(policy))).toMatch(prediction);
  });
  it('diff asks the same question (decideOverUnstated)', () => {
    const c = config();
    const resource = parsePolicy(DENY_BLOCKS, { name: 'r' }, { kind: 'resource' });
    const seen = new Set<string | undefined>();
    const d = decideOverUnstated(c, rolePrincipal(c, 'CheckoutRole'), [resource], (facts) => {
      seen.add(facts.sourceIp);
      return predictedWith(DENY_BLOCKS, facts);
    });
    expect(said(d)).toMatch(UNKNOWN);
    // Absent, and addresses inside and outside each block.
    expect(seen.has(undefined)).toBe(true);
    expect([...seen].some((a) => a?.startsWith('192.0.2.'))).toBe(true);
    expect([...seen].some((a) => a !== undefined && !/^(192\.0\.2|198\.51\.100)\./.test(a))).toBe(true);
  });
  it('a policy that does not look at the key is decided as before', () => {
    expect(said(predicted(resourcePolicy(ALLOW_CHECKOUT)))).toBe('allow');
  });
  it('the world refuses a sourceIpThroughEndpoint that is no address', () => {
    expect(() => parseWorld({ ...demoWorld(), sourceIpThroughEndpoint: 'nat' }, 'world.yaml')).toThrow(
      /world\.yaml.*sourceIpThroughEndpoint.*IPv4 or IPv6 address/,
    );
  });
});

/** The chain with the facts diff's decide gets (configuredRequest, as predictCall builds it). */
function predictedWith(policy: object, facts: RequestFacts): ChainDecision {
  const c = config();
  return authorizeCall(
    {
      endpointPolicy: parsePolicy(ALLOW_ALL, { name: 'endpoint' }, { kind: 'endpoint' }),
      authorizationType: 'AWS_IAM',
      resourcePolicy: parsePolicy(policy, { name: 'resource:orders' }, { kind: 'resource' }),
      identityPolicies: [parsePolicy(IDENTITY, { name: 'identity' }, { kind: 'identity' })],
      resourceAccount: '222222222222',
    },
    configuredRequest(
      c,
      rolePrincipal(c, 'CheckoutRole'),
      { api: 'orders', method: 'GET', path: '/orders' },
      facts,
    ),
  );
}
