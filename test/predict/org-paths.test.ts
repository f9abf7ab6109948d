// aws:PrincipalOrgPaths (docs/aws-behaviour.md §8): a member account's principals carry their
// organization path. The sandbox takes it from the world (accounts.ID.orgPath), predictions from
// the config (orgPaths); without it a policy that looks at the key makes the prediction `unknown`,
// naming the setting. Before this neither side carried the key, so both agreed that a member of the
// named OU was an outsider.
import { describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/config.js';
import { parsePolicy, type ChainDecision } from '../../src/policy/index.js';
import { predictCall, rolePrincipal, type UnknownDecision } from '../../src/predict/index.js';
import { apiHost, assume, demoWorld, invoke, newState, outcome } from '../sandbox/helpers.js';

const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
const allowWhen = (condition: object) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: condition,
    },
  ],
});
const IN_OU = allowWhen({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${OU}*` } });
const IN_ORG = allowWhen({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });

async function sandbox(policy: object, path?: string): Promise<string> {
  const w = demoWorld();
  w.apis.orders!.resourcePolicy = policy as Record<string, unknown>;
  if (path) w.accounts['111111111111'] = { name: 'hub', orgPath: path };
  const state = newState(w);
  const creds = await assume(state, 'CheckoutRole');
  return outcome(await invoke(state, { host: apiHost(w.apis.orders!.id), path: '/prod/orders', creds }));
}

const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};
const IDENTITY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};

function predicted(policy: object, path?: string): ChainDecision | UnknownDecision {
  const c: Config = {
    file: 'spokegate.config.yaml',
    dir: '.',
    ...configSchema.parse({
      region: 'us-west-2',
      endpoints: { hub: { id: 'vpce-0123456789abcdef0', account: '111111111111' } },
      roles: { CheckoutRole: { arn: 'arn:aws:iam::111111111111:role/CheckoutRole' } },
      apis: { orders: { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' } },
      defaults: { endpoint: 'hub' },
      organization: { id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222'] },
      ...(path ? { orgPaths: { '111111111111': path } } : {}),
    }),
  };
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

// [case, resource policy, the hub account's path (world and config alike), sandbox, prediction]
const cases: [string, object, string | undefined, string, RegExp][] = [
  ['a path below the OU', IN_OU, `${OU}ou-ab12-22222222/`, 'allow', /^allow$/],
  ['a path in another OU', IN_OU, 'o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/', 'resource', /^deny resource$/],
  [
    'not stated: the prediction depends on it',
    IN_OU,
    undefined,
    'resource',
    /^unknown: the decision depends on aws:PrincipalOrgPaths of account 111111111111.*orgPaths: \{ '111111111111': /,
  ],
  ['not stated, no policy looks at it: decided', IN_ORG, undefined, 'allow', /^allow$/],
];

describe('aws:PrincipalOrgPaths: the sandbox and the prediction agree, or the prediction says it cannot know', () => {
  it.each(cases)('%s', async (_case, policy, path, wire, prediction) => {
    expect(await sandbox(policy, path)).toBe(wire);
    expect(said(predicted(policy, path))).toMatch(prediction);
  });
  it('the config and the world refuse a path that is not one', () => {
    expect(() => predicted(IN_OU, 'o-a1b2c3d4e5/ou-x')).toThrow(/organization path/);
  });
});
