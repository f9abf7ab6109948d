// aws:PrincipalOrgPaths (docs/aws-behaviour.md §8): a member account's principals carry their
// organization path. The sandbox takes it from the world (accounts.ID.orgPath), predictions from
// the config (orgPaths); without it a policy that looks at the key makes the prediction `unknown`,
// naming the setting. Before this neither side carried the key, so both agreed that a member of the
// named OU was an outsider.
import { describe, expect, it } from 'vitest';
import { checkoutConfig, predictCheckout, said, sandboxCheckout } from './checkout.js';

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
/** Everyone, but a path both in the organization and somewhere below OU 2222 is denied. */
const IN_ORG_AND_OU = {
  Version: '2012-10-17',
  Statement: [
    ...allowWhen({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }).Statement,
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' },
        'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': '*/ou-ab12-22222222/*' },
      },
    },
  ],
};

const sandbox = (policy: object, path?: string) =>
  sandboxCheckout(policy, (w) => {
    if (path) w.accounts['111111111111'] = { name: 'hub', orgPath: path };
  });
const predicted = (policy: object, path?: string) =>
  predictCheckout(checkoutConfig(path ? { orgPaths: { '111111111111': path } } : {}), policy);

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
  // A path in the organization AND below OU 2222: no value with its wildcards filled by one letter
  // lands in both patterns (that sampling answered allow), a real path does.
  [
    'in the org and below the OU: denied',
    IN_ORG_AND_OU,
    `${OU}ou-ab12-22222222/`,
    'resource!',
    /^deny resource$/,
  ],
  [
    'in the org and below the OU, not stated: unknown, never the allow of one-letter samples',
    IN_ORG_AND_OU,
    undefined,
    'allow',
    /^unknown: the decision depends on aws:PrincipalOrgPaths of account 111111111111/,
  ],
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
