// Adversarial who-can cases (issue 14, H14A): principals no configured role resembles get through
// by ground the hidden-style set does not walk — IfExists and ForAllValues on absent keys, negated
// operators in an Allow, NotAction/NotResource, aws:userid of users and federated users, pattern
// account keys, SourceVpc in the resource policy, method and stage wildcards, a second API.
import { HUB, INVOKE, ORG, smallWorld, twoApis } from './helpers.js';
import {
  allow,
  ANYONE,
  checkout,
  checkoutAnd,
  deny,
  of555,
  open,
  ORDERS,
  org,
  R555,
  req,
  role,
  U555,
  user,
  type HiddenCase,
  type P,
} from './hidden-style.js';

const VPC = 'vpc-0aa11bb22cc33dd44';
const fed = (arn: string, extra: object = {}): P => ({ kind: 'federated-user', arn, ...org(arn), ...extra });

const LEDGER = 'arn:aws:execute-api:us-west-2:333333333333:l3d9e7f2a1';

export const ADVERSARIAL: Record<string, HiddenCase> = {
  // An IfExists tag condition lets in every principal of the account that lacks the tag.
  tagIfExistsAbsent: {
    world: checkoutAnd(
      allow('Analytics', of555, { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } }),
    ),
    allowed: req(R555('Untagged', 'xx')),
    reads: /555555555555/,
    denied: [req(R555('Untagged', 'xx', { tags: { team: 'ops' } }))],
  },
  // ForAllValues over an absent multivalued key is true: a principal outside every organization passes.
  orgPathsForAllValuesEmpty: {
    world: checkoutAnd(
      allow('OuOnly', ANYONE, {
        'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` },
      }),
    ),
    allowed: req(role('arn:aws:iam::999999999999:role/Stranger', 'ss', { orgId: undefined })),
    reads: /./,
    denied: [
      req(
        role('arn:aws:iam::999999999999:role/Stranger', 'ss', {
          orgPaths: [`${ORG}/r-ab12/ou-ab12-99999999/`],
        }),
      ),
    ],
  },
  // A negated operator in an Allow: everyone outside the organization (and those with no org) gets in.
  stringNotEqualsOrgAllow: {
    world: smallWorld([allow('Oops', ANYONE, { StringNotEquals: { 'aws:PrincipalOrgID': ORG } })]),
    allowed: req(user('arn:aws:iam::999999999999:user/mallory')),
    reads: /organization is not "o-a1b2c3d4e5"|not in organization|organization .*not/,
    denied: [req(user('arn:aws:iam::333333333333:user/alice'))],
  },
  nullOrgIdAllow: {
    world: checkoutAnd(allow('NoOrg', ANYONE, { Null: { 'aws:PrincipalOrgID': 'true' } })),
    allowed: req(role('arn:aws:iam::999999999999:role/Free', 'ss')),
    reads: /./,
    denied: [req(role('arn:aws:iam::999999999999:role/Free', 'ss', { orgId: 'o-zzzzzzzzzz' }))],
  },
  // NotResource: an account is let in everywhere but DELETE.
  notResourceAllow: {
    world: checkoutAnd({
      Sid: 'AllButDelete',
      Effect: 'Allow',
      Principal: { AWS: '555555555555' },
      Action: INVOKE,
      NotResource: `${ORDERS}/DELETE/*`,
    }),
    allowed: req(R555('R', 'ss'), 'PATCH', '/orders/7'),
    reads: /555555555555/,
    denied: [req(R555('R', 'ss'), 'DELETE', '/orders/7')],
  },
  // NotAction: Invoke is not ManageConnections, so the statement allows it.
  notActionAllow: {
    world: checkoutAnd({
      Sid: 'NotManage',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::666666666666:root' },
      NotAction: 'execute-api:ManageConnections',
      Resource: '*',
    }),
    allowed: req(user('arn:aws:iam::666666666666:user/u1')),
    reads: /666666666666/,
    denied: [req(user('arn:aws:iam::777777777777:user/u1'))],
  },
  // NotAction Deny carving nothing for Invoke: a Deny NotAction Invoke does not deny Invoke.
  notActionDenyGap: {
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('Any', ANYONE, { StringLike: { 'aws:PrincipalAccount': '5555555555*' } }),
        { Sid: 'DenyRest', Effect: 'Deny', Principal: '*', NotAction: INVOKE, Resource: '*' },
      ],
    ),
    allowed: req(role('arn:aws:iam::555555555512:role/R', 'ss')),
    reads: /account is like "5555555555\*"|5555555555/,
    denied: [req(role('arn:aws:iam::555555555600:role/R', 'ss'))],
  },
  // aws:userid of an IAM user is its unique id: any user with that id, whatever its name.
  useridOfUser: {
    world: checkoutAnd(allow('ById', ANYONE, { StringEquals: { 'aws:userid': 'AIDAEXAMPLEUSER000001' } })),
    allowed: req(user('arn:aws:iam::888888888888:user/whoever', { userId: 'AIDAEXAMPLEUSER000001' })),
    reads: /AIDAEXAMPLEUSER000001|user/,
    denied: [req(user('arn:aws:iam::888888888888:user/whoever', { userId: 'AIDAEXAMPLEUSER000002' }))],
  },
  // A federated user's aws:userid is ACCOUNT:NAME.
  useridFederated: {
    world: checkoutAnd(allow('Partners', ANYONE, { StringLike: { 'aws:userid': '555555555555:partner-*' } })),
    allowed: req(fed('arn:aws:sts::555555555555:federated-user/partner-x')),
    reads: /federated/,
    denied: [
      req(fed('arn:aws:sts::555555555555:federated-user/other')),
      req(fed('arn:aws:sts::666666666666:federated-user/partner-x')),
    ],
  },
  federatedPrincipalArn: {
    world: checkoutAnd(allow('Bob', { Principal: { AWS: 'arn:aws:sts::555555555555:federated-user/bob' } })),
    allowed: req(fed('arn:aws:sts::555555555555:federated-user/bob')),
    reads: /federated-user\/bob|federated user.*bob/,
    denied: [req(fed('arn:aws:sts::555555555555:federated-user/bobby'))],
  },
  federatedArnLike: {
    world: checkoutAnd(
      allow('Fed', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:federated-user/ci-*' } }),
    ),
    allowed: req(fed('arn:aws:sts::777777777777:federated-user/ci-build')),
    reads: /federated/,
    denied: [req(fed('arn:aws:sts::777777777777:federated-user/build'))],
  },
  // The resource policy trusts the hub's VPC: anyone the endpoint lets through (an account+tag) gets in.
  sourceVpcResource: {
    world: smallWorld(
      [checkout, allow('Tagged', of555, { StringEquals: { 'aws:PrincipalTag/team': 'bi' } })],
      [allow('FromVpc', ANYONE, { StringEquals: { 'aws:SourceVpc': VPC } })],
    ),
    allowed: req(R555('Bi', 'ss', { tags: { team: 'bi' } })),
    reads: /555555555555.*team is "bi"/,
    denied: [req(R555('Bi', 'ss', { tags: { team: 'ops' } }))],
  },
  // A Deny on every other endpoint (StringNotEquals SourceVpce) spares this one: its open Allow stands.
  sourceVpceDenyOthers: {
    world: smallWorld(open, [
      allow('Sess', ANYONE, { StringLike: { 'aws:userid': '*:deploy-*' } }),
      deny('OtherEndpoints', ANYONE, { StringNotEquals: { 'aws:SourceVpce': HUB } }),
    ]),
    allowed: req(role('arn:aws:iam::999999999999:role/Any', 'deploy-1')),
    reads: /session name is like "deploy-\*"/,
    denied: [req(role('arn:aws:iam::999999999999:role/Any', 'deployer'))],
  },
  // Method and path wildcards: `?` in the method, a mid-path `*`.
  methodPathWildcards: {
    world: smallWorld(open, [checkout, allow('Items', of555, undefined, `${ORDERS}/P?T/orders/*/items`)]),
    allowed: req(R555('R', 'ss'), 'PUT', '/orders/42/items'),
    reads: /555555555555/,
    denied: [req(R555('R', 'ss'), 'POST', '/orders/42/items'), req(R555('R', 'ss'), 'PUT', '/orders/42')],
  },
  // A stage wildcard in the endpoint policy with a shorthand resource policy.
  shorthandAndStageWildcard: {
    world: smallWorld(
      [checkout, allow('Any555', of555, undefined, 'arn:aws:execute-api:*:*:*/p*/GET/*')],
      [allow('Short', ANYONE, undefined, 'execute-api:/*/GET/orders')],
    ),
    allowed: req(R555('R', 'ss'), 'GET', '/orders'),
    reads: /555555555555/,
    denied: [req(R555('R', 'ss'), 'GET', '/orders/1')],
  },
  // StringNotLike on the role ARN in a Deny: roles named like the exception get in, users do not.
  denyStringNotLikeArn: {
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('OnlyRunners', ANYONE, { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/runner-??' } }),
    ]),
    allowed: req(role('arn:aws:iam::999999999999:role/runner-07', 'ss')),
    reads: /runner-\?\?/,
    denied: [req(role('arn:aws:iam::999999999999:role/runner-007', 'ss')), req({ kind: 'anonymous' })],
  },
  // A second API: the account is in on ledger only, through a NotPrincipal Deny that spares it.
  secondApiNotPrincipal: {
    world: twoApis(
      [allow('All', ANYONE, undefined, '*')],
      [checkout],
      [
        allow('All', ANYONE, undefined, `${LEDGER}/*`),
        deny(
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
      principal: U555('ops/robot'),
      method: 'GET',
      path: '/x',
    },
    reads: /robot/,
    denied: [
      {
        api: 'ledger',
        principal: U555('ops/other'),
        method: 'GET',
        path: '/x',
      },
    ],
  },
  // Tag key case: condition keys are case-insensitive, so PrincipalTag/TEAM reads tag team.
  tagKeyCaseAndDenyIfExists: {
    world: smallWorld(open, [
      allow('Tagged', ANYONE, {
        StringEquals: { 'AWS:PrincipalTag/TEAM': 'data', 'aws:PrincipalAccount': '555555555555' },
      }),
      deny('NoContractors', ANYONE, { StringEqualsIfExists: { 'aws:PrincipalTag/kind': 'contractor' } }),
    ]),
    // A principal without the kind tag is denied too (IfExists on an absent key is true).
    allowed: req(R555('D', 'ss', { tags: { team: 'data', kind: 'staff' } })),
    reads: /555555555555/,
    denied: [
      req(R555('D', 'ss', { tags: { team: 'data', kind: 'contractor' } })),
      req(R555('D', 'ss', { tags: { team: 'data' } })),
    ],
  },
  // Principal:* with aws:PrincipalArn equal to an account root: only the root.
  rootByArnCondition: {
    world: checkoutAnd(
      allow('Root', ANYONE, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:root' } }),
    ),
    allowed: req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [req(U555('root'))],
  },
  // A pattern on the organization id: a member of any organization like "o-partner*".
  orgIdPattern: {
    world: checkoutAnd(allow('Partners', ANYONE, { StringLike: { 'aws:PrincipalOrgID': 'o-partner*' } })),
    allowed: req(role('arn:aws:iam::888888888888:role/P', 'ss', { orgId: 'o-partner0001' })),
    reads: /o-partner\*/,
    denied: [req(role('arn:aws:iam::888888888888:role/P', 'ss', { orgId: 'o-zzzzzzzzzz' }))],
  },
  // aws:PrincipalType: every federated user, of any account.
  principalTypeFederated: {
    world: checkoutAnd(allow('Fed', ANYONE, { StringEquals: { 'aws:PrincipalType': 'FederatedUser' } })),
    allowed: req(fed('arn:aws:sts::777777777777:federated-user/anyone')),
    reads: /federated user/,
    denied: [req(user('arn:aws:iam::777777777777:user/anyone'))],
  },
  // aws:username pattern: IAM users named like "svc-*", in any account.
  usernamePattern: {
    world: checkoutAnd(allow('Svc', ANYONE, { StringLike: { 'aws:username': 'svc-??' } })),
    allowed: req(user('arn:aws:iam::777777777777:user/team/svc-01')),
    reads: /svc-\?\?/,
    denied: [
      req(user('arn:aws:iam::777777777777:user/svc-001')),
      req(role('arn:aws:iam::777777777777:role/svc-01', 'ss')),
    ],
  },
  // A tag pattern with '?', on an account principal given as a root ARN, with a Deny by another tag.
  tagPatternQuestion: {
    world: checkoutAnd(
      allow(
        'Env',
        { Principal: { AWS: 'arn:aws:iam::555555555555:root' } },
        { StringLike: { 'aws:PrincipalTag/env': 'prod-?' } },
      ),
      deny('NoLegacy', ANYONE, { StringEquals: { 'aws:PrincipalTag/legacy': 'yes' } }),
    ),
    allowed: req(R555('E', 'ss', { tags: { env: 'prod-2' } })),
    reads: /like "prod-\?"/,
    denied: [
      req(R555('E', 'ss', { tags: { env: 'prod-22' } })),
      req(R555('E', 'ss', { tags: { env: 'prod-2', legacy: 'yes' } })),
    ],
  },
  // ArnLike with '?' in the account of aws:PrincipalArn, and a user path.
  arnLikeAccountQuestion: {
    world: checkoutAnd(
      allow('Users', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::55555555555?:user/ci/*' } }),
    ),
    allowed: req(user('arn:aws:iam::555555555557:user/ci/runner')),
    reads: /ci\/\*/,
    denied: [
      req(user('arn:aws:iam::555555555557:user/runner')),
      req(user('arn:aws:iam::655555555557:user/ci/runner')),
    ],
  },
  // A Deny StringNotLikeIfExists on aws:userid spares sessions named like "ops-*" (and nobody lacks aws:userid).
  denyNotLikeIfExistsUserid: {
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('OpsOnly', ANYONE, { StringNotLikeIfExists: { 'aws:userid': '*:ops-*' } }),
    ]),
    allowed: req(role('arn:aws:iam::999999999999:role/R', 'ops-1')),
    reads: /session name is like "ops-\*"|ops-/,
    denied: [req(role('arn:aws:iam::999999999999:role/R', 'dev-1')), req({ kind: 'anonymous' })],
  },
  // "All but one session" of an account written as a Deny with NotPrincipal naming the session
  // alone: the session's role and account are not named, so the Deny applies to it too (AWS:
  // "you must also specify the account ARN"); nobody of the account is let in. (With Allow the
  // document is refused, SG026.)
  notPrincipalDenySessionOnly: {
    world: checkoutAnd(
      allow('Account', of555),
      deny(
        'AllButOneSession',
        { NotPrincipal: { AWS: 'arn:aws:sts::555555555555:assumed-role/Ops/blocked' } },
        { StringEquals: { 'aws:PrincipalAccount': '555555555555' } },
      ),
    ),
    allowed: req(role('arn:aws:iam::111111111111:role/CheckoutRole', 'spokegate')),
    reads: /CheckoutRole/,
    denied: [req(R555('Ops', 'blocked')), req(R555('Ops', 'other'))],
  },
};
