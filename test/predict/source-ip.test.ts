// aws:SourceIp on a call through the execute-api interface endpoint (docs/aws-behaviour.md §8): IAM
// says the key is absent for a request made through a VPC endpoint, API Gateway that the endpoint
// rewrites the source address; in neither reading is it the caller's, and no document says which
// address it would be. The sandbox leaves it out (IAM's reading) unless the world gives the address
// the endpoint would put there (sourceIpThroughEndpoint, API Gateway's reading); the prediction
// decides a policy that looks at the key both ways (absent, and any address on either side of every
// block) and says `unknown` naming the key when the answers differ. Before this the prediction took
// the key as absent: a confident guess.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { parseWorld } from '../../src/config/world.js';
import { authorizeCall, parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import {
  configuredRequest,
  decideOverUnstated,
  rolePrincipal,
  type RequestFacts,
} from '../../src/predict/index.js';
import { invoking } from '../cli-evaluate-lint/helpers.js';
import { demoWorld } from '../sandbox/helpers.js';
import {
  ALLOW_CHECKOUT,
  checkoutAllowedWhen,
  checkoutConfig,
  checkoutDeniedWhen,
  checkoutLayers,
  HUB_ENDPOINT,
  ORDERS_CALL,
  predictCheckout,
  resourcePolicy,
  said,
  sandboxCheckout,
} from './checkout.js';

/** API Gateway's public-API example: deny two blocks by aws:SourceIp. */
const DENY_BLOCKS = checkoutDeniedWhen({
  IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] },
});
/** An allow-list on aws:SourceIp, as written for a public API. */
const ONLY_FROM = checkoutAllowedWhen({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } });
/** The data-perimeter shape: the corporate blocks or the VPC; through the endpoint the VPC decides. */
const PERIMETER = checkoutDeniedWhen({
  NotIpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' },
  StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f60718' },
});
const DENY_WITHOUT = checkoutDeniedWhen({ Null: { 'aws:SourceIp': 'true' } });

/** The sandbox's answer to CheckoutRole's GET /orders with the orders API guarded by `policy`. */
const sandbox = (policy: object, sourceIp?: string) =>
  sandboxCheckout(policy, (w) => {
    w.endpoints.hub!.vpc = 'vpc-0a1b2c3d4e5f60718';
    if (sourceIp) w.sourceIpThroughEndpoint = sourceIp;
  });
const config = () =>
  checkoutConfig({
    endpoints: { hub: { ...HUB_ENDPOINT, vpc: 'vpc-0a1b2c3d4e5f60718' } },
    runner: { address: '10.0.1.15' },
  });
const predicted = (policy: object) => predictCheckout(config(), policy);

const UNKNOWN =
  /^unknown: the decision depends on aws:SourceIp.*\b(allow|deny) without it.*\b(allow|deny) from .*aws:VpcSourceIp/;

// [case, resource policy, sandbox (absent), sandbox (198.51.100.20 through the endpoint), prediction]
const cases: [string, object, string, string, RegExp][] = [
  ["API Gateway's deny-blocks example", DENY_BLOCKS, 'allow', 'resource!', UNKNOWN],
  ['an allow-list on aws:SourceIp', ONLY_FROM, 'resource', 'resource', UNKNOWN],
  ['a Null test on aws:SourceIp', DENY_WITHOUT, 'resource!', 'allow', UNKNOWN],
  [
    'another operator on the key: unknown outright',
    checkoutDeniedWhen({ StringLike: { 'aws:SourceIp': '10.*' } }),
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
    { ...checkoutLayers(policy), authorizationType: 'AWS_IAM', resourceAccount: '222222222222' },
    configuredRequest(c, rolePrincipal(c, 'CheckoutRole'), ORDERS_CALL, facts),
  );
}

describe('evaluate with a policy that looks at aws:SourceIp', () => {
  const run = async (...extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-sourceip-'));
    writeFileSync(join(dir, 'resource.json'), JSON.stringify(DENY_BLOCKS));
    const r = await runCli(
      [
        'evaluate',
        '--resource-policy',
        'resource.json',
        ...invoking('arn:aws:iam::111111111111:role/CheckoutRole'),
        '--json',
        ...extra,
      ],
      { cwd: dir },
    );
    return { code: r.code, notes: (JSON.parse(r.out) as { notes: string[] }).notes };
  };
  it('says the decision took the key as absent, one of the two readings through the endpoint', async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.notes.join('\n')).toMatch(
      /aws:SourceIp is not in the request context.*absent \(IAM\) or rewritten by the endpoint \(API Gateway\).*--context aws:SourceIp=/,
    );
  });
  it('says nothing once --context gives it', async () => {
    const r = await run('--context', 'aws:SourceIp=192.0.2.7');
    expect(r.code).toBe(1);
    expect(r.notes.join('\n')).not.toMatch(/aws:SourceIp/);
  });
});
