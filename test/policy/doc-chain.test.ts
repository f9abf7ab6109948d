// The authorization chain of one execute-api call, from AWS's documentation:
//   [AW]  API Gateway developer guide, "How API Gateway resource policies affect authorization
//         workflow" (apigateway-authorization-flow): resource policy only (NONE), and resource policy
//         with IAM authentication, same account and cross account tables
//   [CA]  IAM User Guide, "Cross-account policy evaluation logic": both the identity policy and the
//         resource policy must allow; an explicit deny in either wins
//   [RB]  IAM User Guide, "Policy evaluation logic" (resource-based policies): a resource policy that
//         names the account (not the principal) delegates to the account's identity policies
//   [EP]  PrivateLink, "Control access to VPC endpoints using endpoint policies": the endpoint policy
//         does not grant, it filters; a deny there ends the call; the default policy allows all
//   [PA]  API Gateway, "Private APIs": unsigned calls to AWS_IAM methods get MissingAuthenticationToken
import { describe, expect, it } from 'vitest';
import { chainOutcome, HUB, SPOKE, type Layers } from './doc-cases.js';

const HUB_ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
const SPOKE_ROLE = `arn:aws:iam::${SPOKE}:role/LocalRole`;
const VPCE = 'vpce-0hub';

const resAllow = (principal: unknown) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
});
const resDeny = (principal: unknown) => ({ ...resAllow(principal), Effect: 'Deny' });
const idAllow = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*' };
const idDeny = { ...idAllow, Effect: 'Deny' };
const idOther = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const fullEndpoint = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }];

type Case = [doc: string, layers: Layers, caller: string, expected: string];

// [AW] "API Gateway resource policy and IAM authentication" — identity policy × resource policy.
const iamTable = (caller: string, same: boolean): Case[] => {
  const who = same ? 'same account' : 'cross account';
  const p = { AWS: caller };
  return [
    [
      `[AW] ${who}: identity allow, resource allow`,
      { identity: [[idAllow]], resource: [resAllow(p)] },
      caller,
      'allow',
    ],
    [
      `[AW] ${who}: identity allow, resource neither`,
      { identity: [[idAllow]], resource: [resAllow({ AWS: 'arn:aws:iam::999999999999:root' })] },
      caller,
      same ? 'allow' : 'deny resource ImplicitDeny',
    ],
    [
      `[AW] ${who}: identity allow, resource explicit deny`,
      { identity: [[idAllow]], resource: [resAllow(p), resDeny(p)] },
      caller,
      'deny resource ExplicitDeny',
    ],
    [
      `[AW] ${who}: identity neither, resource allow`,
      { identity: [[idOther]], resource: [resAllow(p)] },
      caller,
      same ? 'allow' : 'deny identity ImplicitDeny',
    ],
    [
      `[AW] ${who}: identity neither, resource neither`,
      { identity: [[idOther]], resource: [resAllow({ AWS: 'arn:aws:iam::999999999999:root' })] },
      caller,
      same ? 'deny resource ImplicitDeny' : 'deny resource ImplicitDeny',
    ],
    [
      `[AW] ${who}: identity neither, resource explicit deny`,
      { identity: [[idOther]], resource: [resDeny(p)] },
      caller,
      'deny resource ExplicitDeny',
    ],
    [
      `[AW] ${who}: identity explicit deny, resource allow`,
      { identity: [[idDeny]], resource: [resAllow(p)] },
      caller,
      'deny identity ExplicitDeny',
    ],
    [
      `[AW] ${who}: identity explicit deny and allow, resource allow`,
      { identity: [[idAllow], [idDeny]], resource: [resAllow(p)] },
      caller,
      'deny identity ExplicitDeny',
    ],
    [
      `[AW] ${who}: no identity policies at all, resource allow`,
      { identity: [], resource: [resAllow(p)] },
      caller,
      same ? 'allow' : 'deny identity ImplicitDeny',
    ],
  ];
};

const cases: Case[] = [
  ...iamTable(SPOKE_ROLE, true),
  ...iamTable(HUB_ROLE, false),
  // [RB] a resource policy naming the account delegates to its identity policies, same account too.
  [
    '[RB] same account, resource names the account id, identity silent',
    { identity: [[idOther]], resource: [resAllow({ AWS: SPOKE })] },
    SPOKE_ROLE,
    'deny identity ImplicitDeny',
  ],
  [
    '[RB] same account, resource names the account root, identity allows',
    { identity: [[idAllow]], resource: [resAllow({ AWS: `arn:aws:iam::${SPOKE}:root` })] },
    SPOKE_ROLE,
    'allow',
  ],
  [
    '[RB][CA] cross account, resource names the caller account, identity allows',
    { identity: [[idAllow]], resource: [resAllow({ AWS: HUB })] },
    HUB_ROLE,
    'allow',
  ],
  [
    '[RB][CA] cross account, resource names the caller account, identity silent',
    { identity: [[idOther]], resource: [resAllow({ AWS: HUB })] },
    HUB_ROLE,
    'deny identity ImplicitDeny',
  ],
  [
    '[AW] same account, resource Principal "*", identity silent',
    { identity: [[idOther]], resource: [resAllow('*')] },
    SPOKE_ROLE,
    'allow',
  ],
  [
    '[AW][CA] cross account, resource Principal "*", identity silent',
    { identity: [[idOther]], resource: [resAllow('*')] },
    HUB_ROLE,
    'deny identity ImplicitDeny',
  ],
  [
    '[AW] session of a named role, cross account, identity allows',
    { identity: [[idAllow]], resource: [resAllow({ AWS: HUB_ROLE })] },
    `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/ci-run-7`,
    'allow',
  ],
  // [AW] "API Gateway resource policy only" (authorization NONE): identity policies are not read.
  [
    '[AW] NONE: resource allows a role, cross account, identity silent',
    { authorizationType: 'NONE', identity: [[idOther]], resource: [resAllow({ AWS: HUB_ROLE })] },
    HUB_ROLE,
    'allow',
  ],
  [
    '[AW] NONE: identity explicit deny is not read',
    { authorizationType: 'NONE', identity: [[idDeny]], resource: [resAllow('*')] },
    HUB_ROLE,
    'allow',
  ],
  [
    '[AW] NONE: resource explicit deny',
    { authorizationType: 'NONE', resource: [resAllow('*'), resDeny('*')] },
    HUB_ROLE,
    'deny resource ExplicitDeny',
  ],
  [
    '[AW] NONE: resource neither',
    { authorizationType: 'NONE', resource: [resAllow({ AWS: SPOKE_ROLE })] },
    HUB_ROLE,
    'deny resource ImplicitDeny',
  ],
  [
    '[AW] NONE: an unsigned caller matches only "*"',
    { authorizationType: 'NONE', resource: [resAllow({ AWS: HUB_ROLE })] },
    'anonymous',
    'deny resource ImplicitDeny',
  ],
  [
    '[AW] NONE: an unsigned caller and Principal "*"',
    { authorizationType: 'NONE', resource: [resAllow('*')] },
    'anonymous',
    'allow',
  ],
  // [PA] AWS_IAM: an unsigned call never reaches the policies.
  [
    '[PA] AWS_IAM: unsigned call',
    { identity: [], resource: [resAllow('*')] },
    'anonymous',
    // Authentication refuses it, no policy: no layer (reason missing-auth).
    'deny null ImplicitDeny',
  ],
  // [EP] the endpoint policy filters first.
  [
    '[EP] default endpoint policy, then the table',
    { endpoint: fullEndpoint, identity: [[idAllow]], resource: [resAllow({ AWS: HUB_ROLE })] },
    HUB_ROLE,
    'allow',
  ],
  [
    '[EP] endpoint names another role: ends the call',
    {
      endpoint: [{ ...resAllow({ AWS: SPOKE_ROLE }), Resource: '*' }],
      identity: [[idAllow]],
      resource: [resAllow('*')],
    },
    HUB_ROLE,
    'deny endpoint ImplicitDeny',
  ],
  [
    '[EP] endpoint names the account: its roles pass',
    {
      endpoint: [{ ...resAllow({ AWS: HUB }), Resource: '*' }],
      identity: [[idAllow]],
      resource: [resAllow({ AWS: HUB_ROLE })],
    },
    HUB_ROLE,
    'allow',
  ],
  [
    '[EP] endpoint explicit deny wins over every allow',
    {
      endpoint: [...fullEndpoint, { ...resDeny({ AWS: HUB_ROLE }), Resource: '*' }],
      identity: [[idAllow]],
      resource: [resAllow('*')],
    },
    HUB_ROLE,
    'deny endpoint ExplicitDeny',
  ],
  [
    '[EP] the endpoint allowing does not grant: the resource policy still decides',
    { endpoint: fullEndpoint, identity: [[idAllow]], resource: [resAllow({ AWS: SPOKE_ROLE })] },
    HUB_ROLE,
    'deny resource ImplicitDeny',
  ],
  [
    '[EP][NP] endpoint Deny with NotPrincipal (session, role and account listed) spares that session only',
    {
      endpoint: [
        ...fullEndpoint,
        {
          Effect: 'Deny',
          NotPrincipal: {
            AWS: [`arn:aws:sts::${HUB}:assumed-role/CheckoutRole/ci`, HUB_ROLE, `arn:aws:iam::${HUB}:root`],
          },
          Action: '*',
          Resource: '*',
        },
      ],
      identity: [[idAllow]],
      resource: [resAllow({ AWS: HUB_ROLE })],
    },
    `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/other`,
    'deny endpoint ExplicitDeny',
  ],
];

describe('the authorization chain [AW] [CA] [RB] [EP] [PA]', () => {
  it.each(cases)('%s', (_doc, layers, caller, expected) => {
    expect(chainOutcome(layers, { principal: caller, context: { 'aws:SourceVpce': VPCE } })).toBe(expected);
  });
});

describe('the aws:SourceVpce guard with two endpoints', () => {
  // apigateway-resource-policies-examples: Deny unless aws:SourceVpce is the hub endpoint.
  const guard = {
    identity: [[idAllow]],
    resource: [
      resAllow({ AWS: HUB_ROLE }),
      { ...resDeny('*'), Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } },
    ],
  };
  it.each([
    ['through the hub endpoint', VPCE, 'allow'],
    ['through the second endpoint', 'vpce-0dr', 'deny resource ExplicitDeny'],
  ])('%s', (_n, vpce, expected) => {
    expect(chainOutcome(guard, { principal: HUB_ROLE, context: { 'aws:SourceVpce': vpce } })).toBe(expected);
  });
  it('a spoke in another organization fails an aws:PrincipalOrgID guard', () => {
    const org = {
      identity: [[idAllow]],
      resource: [{ ...resAllow('*'), Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-ours' } } }],
    };
    expect(chainOutcome(org, { principal: HUB_ROLE, extra: { orgId: 'o-ours' } })).toBe('allow');
    expect(chainOutcome(org, { principal: HUB_ROLE, extra: { orgId: 'o-theirs' } })).toBe(
      'deny resource ImplicitDeny',
    );
    expect(chainOutcome(org, { principal: HUB_ROLE })).toBe('deny resource ImplicitDeny');
  });
});
