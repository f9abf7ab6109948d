// The keys an execute-api call carries without authentication (API Gateway developer guide,
// apigateway-resource-policies-aws-condition-keys: "Needs AuthN? No" for every authorization type):
// aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp,
// and aws:UserAgent / aws:Referer, "present only if the value is provided by the caller in the HTTP
// header". spokegate's client always sends its User-Agent, so the engine, the predictions and the
// sandbox must all see it: a policy conditioned on aws:UserAgent was predicted (and enforced) as if
// the key were missing, while AWS reads the header (docs/aws-behaviour.md §8).
import { describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../src/gateway/index.js';
import { requestContext } from '../../src/policy/index.js';
import { configuredRequest, rolePrincipal } from '../../src/predict/index.js';
import { apiHost, demoWorld, invoke, newState } from '../sandbox/helpers.js';
import { checkoutConfig, ORDERS_CALL, resourcePolicy } from '../predict/checkout.js';
import { ORDERS_API_CALL } from './helpers.js';

const call = {
  ...ORDERS_API_CALL,
  path: '/health',
  sourceVpce: 'vpce-0123456789abcdef0',
  sourceVpc: 'vpc-0aa11bb22cc33dd44',
};

describe('aws:UserAgent and aws:Referer [AGK]', () => {
  it('the engine: an anonymous call carries the unauthenticated keys and the headers it sent, no principal key', () => {
    const ctx = requestContext(
      { kind: 'anonymous' },
      { ...call, userAgent: 'curl/8.5.0', referer: 'https://x' },
    ).context;
    expect(ctx).toMatchObject({
      'aws:UserAgent': 'curl/8.5.0',
      'aws:Referer': 'https://x',
      'aws:SourceVpce': 'vpce-0123456789abcdef0',
      'aws:SourceVpc': 'vpc-0aa11bb22cc33dd44',
      'aws:SecureTransport': true,
    });
    expect(typeof ctx['aws:CurrentTime']).toBe('string');
    for (const k of ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:userid'])
      expect(ctx[k], k).toBeUndefined();
    // No header sent: no key.
    const bare = requestContext({ kind: 'anonymous' }, call).context;
    expect(bare['aws:UserAgent']).toBeUndefined();
    expect(bare['aws:Referer']).toBeUndefined();
  });

  it("the prediction of a configured call carries the client's own User-Agent", () => {
    const config = checkoutConfig();
    const req = configuredRequest(config, rolePrincipal(config, 'CheckoutRole'), ORDERS_CALL);
    expect(req.context['aws:UserAgent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^spokegate/);
    expect(req.context['aws:Referer']).toBeUndefined();
  });

  it('the sandbox reads the header: a resource policy on aws:UserAgent lets spokegate through, not curl', async () => {
    const world = demoWorld();
    world.apis.orders!.resourcePolicy = resourcePolicy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringLike: { 'aws:UserAgent': `${USER_AGENT}*` } },
    });
    const s = newState(world);
    const health = (ua: string) =>
      invoke(s, { path: '/prod/health', host: apiHost('a1b2c3d4e5'), headers: { 'User-Agent': ua } });
    const ours = await health(USER_AGENT);
    expect(ours.kind === 'reply' && ours.status).toBe(200);
    const curl = await health('curl/8.5.0');
    expect(curl.kind === 'reply' && curl.status).toBe(403);
  });
});
