// The principal dimensions are built once per content and shared by the APIs whose policies say the
// same about principals (src/analysis/space.ts principalDimensions): where a condition is written
// (its file, for a refusal) is not content. With the file in it, no two APIs' resource policies
// shared their dimensions, and the 10,000-cell bench diff built them once per API (about 130 ms).
import { describe, expect, it } from 'vitest';
import { buildSpace, type AnalysisWorld } from '../../src/analysis/index.js';
import { HUB, INVOKE, ORG, policy } from './helpers.js';

const resource = (apiId: string) => [
  {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
    Action: INVOKE,
    Resource: `arn:aws:execute-api:us-west-2:222222222222:${apiId}/*`,
  },
  {
    Effect: 'Deny',
    Principal: '*',
    Action: INVOKE,
    Resource: `arn:aws:execute-api:us-west-2:222222222222:${apiId}/*`,
    Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/ops-*' } },
  },
];

function world(): AnalysisWorld {
  const api = (alias: string, id: string) => ({
    alias,
    region: 'us-west-2',
    account: '222222222222',
    id,
    stage: 'prod',
    noneRoutes: [],
    // Each API's own policy, as a config's resource-policy files give them.
    resourcePolicy: policy(`resource:${alias}`, resource(id)),
  });
  return {
    endpoint: {
      alias: 'hub',
      id: HUB,
      policy: policy('endpoint:hub', [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' }]),
    },
    apis: [api('orders', 'a1b2c3d4e5'), api('ledger', 'l3d9e7f2a1')],
    roles: [
      { alias: 'CheckoutRole', arn: 'arn:aws:iam::111111111111:role/CheckoutRole', sessionName: 'spokegate' },
    ],
    organization: { id: ORG, members: ['111111111111', '222222222222'] },
  };
}

describe('principal dimensions shared across APIs', () => {
  it('two APIs whose resource policies differ only by API and file share one build', () => {
    const w = world();
    const [orders, ledger] = [buildSpace(w, w.apis[0]!), buildSpace(w, w.apis[1]!)];
    expect(orders.principal.map((d) => d.id)).toContain('identity');
    expect(ledger.principal).toBe(orders.principal);
  });
  it('a policy that says something else about principals gets its own', () => {
    const w = world();
    const other = policy('resource:ledger', [
      ...resource('l3d9e7f2a1').slice(0, 1),
      {
        ...resource('l3d9e7f2a1')[1]!,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/dev-*' } },
      },
    ]);
    const changed = { ...w, apis: [w.apis[0]!, { ...w.apis[1]!, resourcePolicy: other }] };
    expect(buildSpace(changed, changed.apis[1]!).principal).not.toBe(
      buildSpace(changed, changed.apis[0]!).principal,
    );
  });
});
