// Adversarial who-can cases (issue 14, H14A): principals no configured role resembles get through
// by ground the hidden-style set does not walk — IfExists and ForAllValues on absent keys, negated
// operators in an Allow, NotAction/NotResource, aws:userid of users and federated users, pattern
// account keys, SourceVpc in the resource policy, method and stage wildcards, a second API.
import { HUB, INVOKE, ORG, smallWorld, twoApis } from './helpers.js';
import * as hs from './hidden-style.js';

const VPC = 'vpc-0aa11bb22cc33dd44';
const fed = (arn: string, extra: object = {}): hs.P => ({
  kind: 'federated-user',
  arn,
  ...hs.org(arn),
  ...extra,
});

const LEDGER = 'arn:aws:execute-api:us-west-2:333333333333:l3d9e7f2a1';

export const ADVERSARIAL: Record<string, hs.HiddenCase> = {
  // An IfExists tag condition lets in every principal of the account that lacks the tag.
  tagIfExistsAbsent: {
    world: hs.of555When('Analytics', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } }),
    allowed: hs.req(hs.R555('Untagged', 'xx')),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('Untagged', 'xx', { tags: { team: 'ops' } }))],
  },
  // ForAllValues over an absent multivalued key is true: a principal outside every organization passes.
  orgPathsForAllValuesEmpty: {
    world: hs.checkoutAnd(
      hs.allow('OuOnly', hs.ANYONE, {
        'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` },
      }),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Stranger', 'ss', { orgId: undefined })),
    reads: /./,
    denied: [
      hs.req(
        hs.role('arn:aws:iam::999999999999:role/Stranger', 'ss', {
          orgPaths: [`${ORG}/r-ab12/ou-ab12-99999999/`],
        }),
      ),
    ],
  },
  // A negated operator in an Allow: everyone outside the organization (and those with no org) gets in.
  stringNotEqualsOrgAllow: {
    world: smallWorld([hs.allow('Oops', hs.ANYONE, { StringNotEquals: { 'aws:PrincipalOrgID': ORG } })]),
    allowed: hs.req(hs.user('arn:aws:iam::999999999999:user/mallory')),
    reads: /organization is not "o-a1b2c3d4e5"|not in organization|organization .*not/,
    denied: [hs.req(hs.user('arn:aws:iam::333333333333:user/alice'))],
  },
  nullOrgIdAllow: {
    world: hs.checkoutAnd(hs.allow('NoOrg', hs.ANYONE, { Null: { 'aws:PrincipalOrgID': 'true' } })),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Free', 'ss')),
    reads: /./,
    denied: [hs.req(hs.role('arn:aws:iam::999999999999:role/Free', 'ss', { orgId: 'o-zzzzzzzzzz' }))],
  },
  // NotResource: an account is let in everywhere but DELETE.
  notResourceAllow: {
    world: hs.checkoutAnd({
      Sid: 'AllButDelete',
      Effect: 'Allow',
      Principal: { AWS: '555555555555' },
      Action: INVOKE,
      NotResource: `${hs.ORDERS}/DELETE/*`,
    }),
    allowed: hs.req(hs.R555('R', 'ss'), 'PATCH', '/orders/7'),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('R', 'ss'), 'DELETE', '/orders/7')],
  },
  // NotAction: Invoke is not ManageConnections, so the statement allows it.
  notActionAllow: {
    world: hs.checkoutAnd({
      Sid: 'NotManage',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::666666666666:root' },
      NotAction: 'execute-api:ManageConnections',
      Resource: '*',
    }),
    allowed: hs.req(hs.user('arn:aws:iam::666666666666:user/u1')),
    reads: /666666666666/,
    denied: [hs.req(hs.user('arn:aws:iam::777777777777:user/u1'))],
  },
  // NotAction Deny carving nothing for Invoke: a Deny NotAction Invoke does not deny Invoke.
  notActionDenyGap: {
    world: smallWorld(
      [hs.allow('Any', hs.ANYONE)],
      [
        hs.allow('Any', hs.ANYONE, { StringLike: { 'aws:PrincipalAccount': '5555555555*' } }),
        { Sid: 'DenyRest', Effect: 'Deny', Principal: '*', NotAction: INVOKE, Resource: '*' },
      ],
    ),
    allowed: hs.req(hs.role('arn:aws:iam::555555555512:role/R', 'ss')),
    reads: /account is like "5555555555\*"|5555555555/,
    denied: [hs.req(hs.role('arn:aws:iam::555555555600:role/R', 'ss'))],
  },
  // aws:userid of an IAM user is its unique id: any user with that id, whatever its name.
  useridOfUser: {
    world: hs.checkoutAnd(
      hs.allow('ById', hs.ANYONE, { StringEquals: { 'aws:userid': 'AIDAEXAMPLEUSER000001' } }),
    ),
    allowed: hs.req(hs.user('arn:aws:iam::888888888888:user/whoever', { userId: 'AIDAEXAMPLEUSER000001' })),
    reads: /AIDAEXAMPLEUSER000001|user/,
    denied: [hs.req(hs.user('arn:aws:iam::888888888888:user/whoever', { userId: 'AIDAEXAMPLEUSER000002' }))],
  },
  // A federated user's aws:userid is ACCOUNT:NAME.
  useridFederated: {
    world: hs.checkoutAnd(
      hs.allow('Partners', hs.ANYONE, { StringLike: { 'aws:userid': '555555555555:partner-*' } }),
    ),
    allowed: hs.req(fed('arn:aws:sts::555555555555:federated-user/partner-x')),
    reads: /federated/,
    denied: [
      hs.req(fed('arn:aws:sts::555555555555:federated-user/other')),
      hs.req(fed('arn:aws:sts::666666666666:federated-user/partner-x')),
    ],
  },
  federatedPrincipalArn: {
    world: hs.checkoutAnd(
      hs.allow('Bob', { Principal: { AWS: 'arn:aws:sts::555555555555:federated-user/bob' } }),
    ),
    allowed: hs.req(fed('arn:aws:sts::555555555555:federated-user/bob')),
    reads: /federated-user\/bob|federated user.*bob/,
    denied: [hs.req(fed('arn:aws:sts::555555555555:federated-user/bobby'))],
  },
  federatedArnLike: {
    world: hs.checkoutAnd(
      hs.allow('Fed', hs.ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:federated-user/ci-*' } }),
    ),
    allowed: hs.req(fed('arn:aws:sts::777777777777:federated-user/ci-build')),
    reads: /federated/,
    denied: [hs.req(fed('arn:aws:sts::777777777777:federated-user/build'))],
  },
  // The resource policy trusts the hub's VPC: anyone the endpoint lets through (an account+tag) gets in.
  sourceVpcResource: {
    world: smallWorld(
      [hs.checkout, hs.allow('Tagged', hs.of555, { StringEquals: { 'aws:PrincipalTag/team': 'bi' } })],
      [hs.allow('FromVpc', hs.ANYONE, { StringEquals: { 'aws:SourceVpc': VPC } })],
    ),
    allowed: hs.req(hs.R555('Bi', 'ss', { tags: { team: 'bi' } })),
    reads: /555555555555.*team is "bi"/,
    denied: [hs.req(hs.R555('Bi', 'ss', { tags: { team: 'ops' } }))],
  },
  // A Deny on every other endpoint (StringNotEquals SourceVpce) spares this one: its open Allow stands.
  sourceVpceDenyOthers: {
    world: smallWorld(hs.open, [
      hs.allow('Sess', hs.ANYONE, { StringLike: { 'aws:userid': '*:deploy-*' } }),
      hs.deny('OtherEndpoints', hs.ANYONE, { StringNotEquals: { 'aws:SourceVpce': HUB } }),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'deploy-1')),
    reads: /session name is like "deploy-\*"/,
    denied: [hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'deployer'))],
  },
  // Method and path wildcards: `?` in the method, a mid-path `*`.
  methodPathWildcards: {
    world: smallWorld(hs.open, [
      hs.checkout,
      hs.allow('Items', hs.of555, undefined, `${hs.ORDERS}/P?T/orders/*/items`),
    ]),
    allowed: hs.req(hs.R555('R', 'ss'), 'PUT', '/orders/42/items'),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('R', 'ss'), 'POST', '/orders/42/items'),
      hs.req(hs.R555('R', 'ss'), 'PUT', '/orders/42'),
    ],
  },
  // A stage wildcard in the endpoint policy with a shorthand resource policy.
  shorthandAndStageWildcard: {
    world: smallWorld(
      [hs.checkout, hs.allow('Any555', hs.of555, undefined, 'arn:aws:execute-api:*:*:*/p*/GET/*')],
      [hs.allow('Short', hs.ANYONE, undefined, 'execute-api:/*/GET/orders')],
    ),
    allowed: hs.req(hs.R555('R', 'ss'), 'GET', '/orders'),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('R', 'ss'), 'GET', '/orders/1')],
  },
  // StringNotLike on the role ARN in a Deny: roles named like the exception get in, users do not.
  denyStringNotLikeArn: {
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('OnlyRunners', hs.ANYONE, {
        StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/runner-??' },
      }),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/runner-07', 'ss')),
    reads: /runner-\?\?/,
    denied: [
      hs.req(hs.role('arn:aws:iam::999999999999:role/runner-007', 'ss')),
      hs.req({ kind: 'anonymous' }),
    ],
  },
  // A second API: the account is in on ledger only, through a NotPrincipal Deny that spares it.
  secondApiNotPrincipal: {
    world: twoApis(
      [hs.allow('All', hs.ANYONE, undefined, '*')],
      [hs.checkout],
      [
        hs.allow('All', hs.ANYONE, undefined, `${LEDGER}/*`),
        hs.deny(
          'NotPartner',
          {
            NotPrincipal: {
              AWS: ['arn:aws:iam::555555555555:root', 'arn:aws:iam::555555555555:user/ops/robot'],
            },
          },
          undefined,
          `${LEDGER}/*`,
        ),
      ],
    ),
    allowed: {
      api: 'ledger',
      principal: hs.U555('ops/robot'),
      method: 'GET',
      path: '/x',
    },
    reads: /robot/,
    denied: [
      {
        api: 'ledger',
        principal: hs.U555('ops/other'),
        method: 'GET',
        path: '/x',
      },
    ],
  },
  // Tag key case: condition keys are case-insensitive, so PrincipalTag/TEAM reads tag team.
  tagKeyCaseAndDenyIfExists: {
    world: smallWorld(hs.open, [
      hs.allow('Tagged', hs.ANYONE, {
        StringEquals: { 'AWS:PrincipalTag/TEAM': 'data', 'aws:PrincipalAccount': '555555555555' },
      }),
      hs.deny('NoContractors', hs.ANYONE, {
        StringEqualsIfExists: { 'aws:PrincipalTag/kind': 'contractor' },
      }),
    ]),
    // A principal without the kind tag is denied too (IfExists on an absent key is true).
    allowed: hs.req(hs.R555('D', 'ss', { tags: { team: 'data', kind: 'staff' } })),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('D', 'ss', { tags: { team: 'data', kind: 'contractor' } })),
      hs.req(hs.R555('D', 'ss', { tags: { team: 'data' } })),
    ],
  },
  // Principal:* with aws:PrincipalArn equal to an account root: only the root.
  rootByArnCondition: {
    world: hs.checkoutAnd(
      hs.allow('Root', hs.ANYONE, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:root' } }),
    ),
    allowed: hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [hs.req(hs.U555('root'))],
  },
  // A pattern on the organization id: a member of any organization like "o-partner*".
  orgIdPattern: {
    world: hs.checkoutAnd(
      hs.allow('Partners', hs.ANYONE, { StringLike: { 'aws:PrincipalOrgID': 'o-partner*' } }),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::888888888888:role/P', 'ss', { orgId: 'o-partner0001' })),
    reads: /o-partner\*/,
    denied: [hs.req(hs.role('arn:aws:iam::888888888888:role/P', 'ss', { orgId: 'o-zzzzzzzzzz' }))],
  },
  // aws:PrincipalType: every federated user, of any account.
  principalTypeFederated: {
    world: hs.checkoutAnd(
      hs.allow('Fed', hs.ANYONE, { StringEquals: { 'aws:PrincipalType': 'FederatedUser' } }),
    ),
    allowed: hs.req(fed('arn:aws:sts::777777777777:federated-user/anyone')),
    reads: /federated user/,
    denied: [hs.req(hs.user('arn:aws:iam::777777777777:user/anyone'))],
  },
  // aws:username pattern: IAM users named like "svc-*", in any account.
  usernamePattern: {
    world: hs.checkoutAnd(hs.allow('Svc', hs.ANYONE, { StringLike: { 'aws:username': 'svc-??' } })),
    allowed: hs.req(hs.user('arn:aws:iam::777777777777:user/team/svc-01')),
    reads: /svc-\?\?/,
    denied: [
      hs.req(hs.user('arn:aws:iam::777777777777:user/svc-001')),
      hs.req(hs.role('arn:aws:iam::777777777777:role/svc-01', 'ss')),
    ],
  },
  // A tag pattern with '?', on an account principal given as a root ARN, with a Deny by another tag.
  tagPatternQuestion: {
    world: hs.checkoutAnd(
      hs.allow(
        'Env',
        { Principal: { AWS: 'arn:aws:iam::555555555555:root' } },
        { StringLike: { 'aws:PrincipalTag/env': 'prod-?' } },
      ),
      hs.deny('NoLegacy', hs.ANYONE, { StringEquals: { 'aws:PrincipalTag/legacy': 'yes' } }),
    ),
    allowed: hs.req(hs.R555('E', 'ss', { tags: { env: 'prod-2' } })),
    reads: /like "prod-\?"/,
    denied: [
      hs.req(hs.R555('E', 'ss', { tags: { env: 'prod-22' } })),
      hs.req(hs.R555('E', 'ss', { tags: { env: 'prod-2', legacy: 'yes' } })),
    ],
  },
  // ArnLike with '?' in the account of aws:PrincipalArn, and a user path.
  arnLikeAccountQuestion: {
    world: hs.checkoutAnd(
      hs.allow('Users', hs.ANYONE, {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::55555555555?:user/ci/*' },
      }),
    ),
    allowed: hs.req(hs.user('arn:aws:iam::555555555557:user/ci/runner')),
    reads: /ci\/\*/,
    denied: [
      hs.req(hs.user('arn:aws:iam::555555555557:user/runner')),
      hs.req(hs.user('arn:aws:iam::655555555557:user/ci/runner')),
    ],
  },
  // A Deny StringNotLikeIfExists on aws:userid spares sessions named like "ops-*" (and nobody lacks aws:userid).
  denyNotLikeIfExistsUserid: {
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('OpsOnly', hs.ANYONE, { StringNotLikeIfExists: { 'aws:userid': '*:ops-*' } }),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/R', 'ops-1')),
    reads: /session name is like "ops-\*"|ops-/,
    denied: [hs.req(hs.role('arn:aws:iam::999999999999:role/R', 'dev-1')), hs.req({ kind: 'anonymous' })],
  },
  // "All but one session" of an account written as a Deny with NotPrincipal naming the session
  // alone: the session's role and account are not named, so the Deny applies to it too (AWS:
  // "you must also specify the account ARN"); nobody of the account is let in. (With Allow the
  // document is refused, SG026.)
  notPrincipalDenySessionOnly: {
    world: hs.checkoutAnd(
      hs.allow('Account', hs.of555),
      hs.deny(
        'AllButOneSession',
        { NotPrincipal: { AWS: 'arn:aws:sts::555555555555:assumed-role/Ops/blocked' } },
        { StringEquals: { 'aws:PrincipalAccount': '555555555555' } },
      ),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::111111111111:role/CheckoutRole', 'spokegate')),
    reads: /CheckoutRole/,
    denied: [hs.req(hs.R555('Ops', 'blocked')), hs.req(hs.R555('Ops', 'other'))],
  },
};
