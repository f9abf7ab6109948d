// A third set of hidden-style cases (issue 14, lane F): principals no configured role resembles get
// through by policy variables, combined endpoint and resource policies, Deny statements with
// IfExists and negated operators, ForAnyValue over organization paths, session patterns in Principal
// and aws:userid, and keys not known offline. Each names a request that must be allowed (in a class
// that reads like `reads`) and requests that must stay denied.
import type { AnalysisRequest } from '../../src/analysis/index.js';
import { ANY_ORDERS, HUB, INVOKE, ORG, smallWorld, twoApis } from './helpers.js';
import {
  allow,
  ANYONE,
  checkout,
  checkoutAnd,
  deny,
  of555,
  open,
  ORDERS,
  R555,
  req,
  role,
  U555,
  user,
  type HiddenCase,
} from './hidden-style.js';

export const THIRD: Record<string, HiddenCase> = {
  tagEqualsOtherTag: {
    // A condition value that is a policy variable: the tag team must equal the tag owner.
    world: checkoutAnd(
      allow('SelfOwned', of555, {
        StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' },
      }),
    ),
    allowed: req(R555('Any', 'wk', { tags: { team: 'x1', owner: 'x1' } })),
    reads: /555555555555/,
    denied: [req(R555('Any', 'wk', { tags: { team: 'x1', owner: 'x2' } })), req(R555('Any', 'wk'))],
  },
  resourcePathUsername: {
    // The path a user may call is named by their user name.
    world: smallWorld(open, [allow('OwnPath', ANYONE, undefined, `${ORDERS}/GET/users/\${aws:username}`)]),
    allowed: req(U555('alice'), 'GET', '/users/alice'),
    reads: /./,
    denied: [req(U555('alice'), 'GET', '/users/bob')],
  },
  endpointTagResourceGetOnly: {
    world: smallWorld(
      [
        allow('AnalyticsOf555', of555, {
          StringEquals: { 'aws:PrincipalTag/team': 'analytics' },
        }),
        allow('Org', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      ],
      [
        allow('Ou', ANYONE, { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/*` } }),
        allow(
          'ReadsOf555',
          { Principal: { AWS: 'arn:aws:iam::555555555555:root' } },
          undefined,
          `${ORDERS}/GET/*`,
        ),
      ],
    ),
    allowed: req(R555('Loader', 'etl', { tags: { team: 'analytics' } })),
    reads: /555555555555.*tag team is "analytics"/,
    denied: [
      req(R555('Loader', 'etl', { tags: { team: 'analytics' } }), 'POST', '/orders'),
      req(R555('Loader', 'etl', { tags: { team: 'ops' } })),
    ],
  },
  userIdNotLikeAutomation: {
    world: checkoutAnd(
      allow('HumansOf555', of555, {
        StringNotLike: { 'aws:userid': '*:automation-*' },
      }),
    ),
    allowed: R555req('Any', 'human'),
    reads: /555555555555/,
    denied: [R555req('Any', 'automation-1')],
  },
  accountExceptOpsPath: {
    world: checkoutAnd(
      allow('Two', { Principal: { AWS: ['555555555555', '666666666666'] } }),
      deny('OnlyOpsOf555', ANYONE, {
        ArnNotLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::555555555555:role/ops/*',
            'arn:aws:iam::111111111111:role/CheckoutRole',
          ],
        },
      }),
    ),
    allowed: req(R555('ops/Runner', 'rs')),
    reads: /555555555555.*ops\/\*/,
    denied: [
      req(role('arn:aws:iam::666666666666:role/ops/Runner', 'rs')),
      req(R555('Runner', 'rs')),
      req(U555('ops/bob')),
    ],
  },
  denyNotEqualsIfExistsTag: {
    world: checkoutAnd(
      allow('Of555', of555),
      deny('ProdOnly', ANYONE, { StringNotEqualsIfExists: { 'aws:PrincipalTag/env': 'prod' } }),
    ),
    // IfExists: a principal without the tag is denied too (the missing key makes the test true).
    allowed: req(R555('Any', 'wk', { tags: { env: 'prod' } })),
    reads: /555555555555.*tag env is "prod"/,
    denied: [req(R555('Any', 'wk', { tags: { env: 'dev' } })), req(R555('Any', 'wk'))],
  },
  mfaPresent: {
    world: checkoutAnd(allow('Mfa555', of555, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:MultiFactorAuthPresent': 'true' } }),
    reads: /555555555555.*MultiFactorAuthPresent/,
    denied: [
      req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:MultiFactorAuthPresent': 'false' } }),
    ],
  },
  currentTimeAfter: {
    world: checkoutAnd(
      allow('Later555', of555, {
        DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' },
      }),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', {
      context: { 'aws:CurrentTime': '2026-12-01T21:00:00Z' },
    }),
    reads: /555555555555.*CurrentTime/,
    denied: [
      req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }),
    ],
  },
  orgExceptRolesOf333: {
    world: smallWorld([
      allow('Org', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      deny('No333Roles', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/*' } }),
    ]),
    allowed: req(user('arn:aws:iam::333333333333:user/ci')),
    reads: /333333333333|organization/,
    denied: [req(role('arn:aws:iam::333333333333:role/X', 'ss'))],
  },
  roleWithPathSessionPattern: {
    world: checkoutAnd(
      allow(
        'Nightly',
        { Principal: { AWS: 'arn:aws:iam::555555555555:role/ops/Runner' } },
        {
          StringLike: { 'aws:userid': '*:nightly-*' },
        },
      ),
    ),
    allowed: req(R555('ops/Runner', 'nightly-3')),
    reads: /ops\/Runner.*nightly-\*/,
    denied: [req(R555('ops/Runner', 'adhoc')), req(R555('Runner', 'nightly-3'))],
  },
  usernameExact: {
    world: checkoutAnd(allow('Bot', of555, { StringEquals: { 'aws:username': 'deploy-bot' } })),
    allowed: req(U555('ci/deploy-bot')),
    reads: /deploy-bot.*555555555555/,
    denied: [req(U555('ci/other')), req(R555('deploy-bot', 'deploy-bot'))],
  },
  denyAccountUnlessTag: {
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('555OnlyAnalytics', of555, {
        StringNotEquals: { 'aws:PrincipalTag/team': 'analytics' },
      }),
    ]),
    allowed: req(R555('Any', 'wk', { tags: { team: 'analytics' } })),
    reads: /555555555555.*tag team is "analytics"|tag team is "analytics"/,
    denied: [req(R555('Any', 'wk')), req(R555('Any', 'wk', { tags: { team: 'x' } }))],
  },
  orgPathsAnyOfTwoDenyOne: {
    world: checkoutAnd(
      allow('Ous', ANYONE, {
        'ForAnyValue:StringEquals': {
          'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/`, `${ORG}/r-ab12/ou-ab12-33333333/`],
        },
      }),
      deny(
        'NoDeletes',
        ANYONE,
        { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-33333333/*` } },
        `${ORDERS}/DELETE/*`,
      ),
    ),
    allowed: req(
      user('arn:aws:iam::777777777777:user/x', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-33333333/`] }),
    ),
    reads: /organization path/,
    denied: [
      req(
        user('arn:aws:iam::777777777777:user/x', {
          orgId: ORG,
          orgPaths: [`${ORG}/r-ab12/ou-ab12-33333333/`],
        }),
        'DELETE',
        '/orders/1',
      ),
      req(
        user('arn:aws:iam::777777777777:user/x', {
          orgId: ORG,
          orgPaths: [`${ORG}/r-ab12/ou-ab12-44444444/`],
        }),
      ),
    ],
  },
  sourceIpDenyResource: {
    world: smallWorld(
      [allow('Of555', of555)],
      [allow('Of555', of555), deny('Office', ANYONE, { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })],
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:SourceIp': '10.1.2.3' } }),
    reads: /555555555555.*SourceIp.*not known offline/,
    denied: [req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:SourceIp': '11.1.2.3' } })],
  },
  sourceVpceResourceAndSessionArn: {
    world: smallWorld(open, [
      allow('Session', { Principal: { AWS: 'arn:aws:sts::555555555555:assumed-role/Ops/alice' } }),
      deny('HubOnly', ANYONE, { StringNotEquals: { 'aws:SourceVpce': HUB } }),
    ]),
    allowed: req(R555('Ops', 'alice')),
    reads: /Ops.*session name is "alice"/,
    denied: [req(R555('Ops', 'bob'))],
  },
  principalTypeUserOf555: {
    world: checkoutAnd(allow('Users', of555, { StringEquals: { 'aws:PrincipalType': 'User' } })),
    allowed: req(U555('u1')),
    reads: /555555555555/,
    denied: [req(R555('Any', 'wk'))],
  },
  accountPrincipalOrgMismatch: {
    // The account is named, and the organization is required: a 555 principal only if 555 is in it.
    world: checkoutAnd(
      allow('Of555InOrg', of555, {
        StringEquals: { 'aws:PrincipalOrgID': 'o-other0000a' },
      }),
    ),
    allowed: req(R555('Any', 'wk', { orgId: 'o-other0000a' })),
    reads: /555555555555.*o-other0000a/,
    denied: [req(R555('Any', 'wk'))],
  },
  arnLikeQuestionAndUsers: {
    world: checkoutAnd(
      allow('Svc', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::55555555555?:user/svc-*' } }),
    ),
    allowed: req(user('arn:aws:iam::555555555551:user/svc-a')),
    reads: /user\/svc-\*/,
    denied: [
      req(user('arn:aws:iam::555555555551:user/x')),
      req(role('arn:aws:iam::555555555551:role/svc-a', 'ss')),
    ],
  },
  checkoutAndWholeAccountOfCheckout: {
    // Opening CheckoutRole's account: any other role of 111111111111 gets in too.
    world: smallWorld([
      checkout,
      allow('Acct111', { Principal: { AWS: '111111111111' } }, { StringLike: { 'aws:userid': '*:ci-*' } }),
    ]),
    allowed: req(role('arn:aws:iam::111111111111:role/Builder', 'ci-1')),
    reads: /111111111111.*ci-\*/,
    denied: [req(role('arn:aws:iam::111111111111:role/Builder', 'human'))],
  },

  tagKeyWithSlashAndColon: {
    world: checkoutAnd(
      allow('K8s', of555, {
        StringEquals: { 'aws:PrincipalTag/kubernetes.io/team:name': 'platform' },
      }),
    ),
    allowed: req(R555('Any', 'wk', { tags: { 'kubernetes.io/team:name': 'platform' } })),
    reads: /555555555555.*kubernetes\.io\/team:name.*platform/,
    denied: [
      req(R555('Any', 'wk', { tags: { 'kubernetes.io/team:name': 'other' } })),
      req(R555('Any', 'wk')),
    ],
  },
  tagLikeLiteralStar: {
    // ${*} is a literal asterisk in StringLike.
    world: checkoutAnd(allow('Star', of555, { StringLike: { 'aws:PrincipalTag/scope': 'all${*}' } })),
    allowed: req(R555('Any', 'wk', { tags: { scope: 'all*' } })),
    reads: /555555555555/,
    denied: [
      req(R555('Any', 'wk', { tags: { scope: 'allx' } })),
      req(R555('Any', 'wk', { tags: { scope: 'all' } })),
    ],
  },
  tagAnyValuePresent: {
    world: checkoutAnd(allow('Tagged', of555, { StringLike: { 'aws:PrincipalTag/owner': '*' } })),
    allowed: req(R555('Any', 'wk', { tags: { owner: 'z' } })),
    reads: /555555555555.*owner/,
    denied: [req(R555('Any', 'wk'))],
  },
  emailSessions: {
    world: checkoutAnd(allow('Corp', ANYONE, { StringLike: { 'aws:userid': 'AROA*:*@example.com' } })),
    allowed: req(role('arn:aws:iam::999999999999:role/Sso', 'jane@example.com')),
    reads: /session name is like "\*@example\.com"/,
    denied: [req(role('arn:aws:iam::999999999999:role/Sso', 'jane@example.org'))],
  },
  principalArnIgnoreCase: {
    world: checkoutAnd(
      allow('Ci', ANYONE, {
        StringEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' },
      }),
    ),
    allowed: req(R555('CI', 'build')),
    reads: /555555555555/,
    denied: [req(R555('CD', 'build'))],
  },
  shorthandResourceNotResourceDeny: {
    world: smallWorld(
      [allow('Of555', of555)],
      [
        allow('Of555', of555, undefined, 'execute-api:/prod/GET/*'),
        {
          Sid: 'OnlyReports',
          Effect: 'Deny',
          Principal: '*',
          Action: INVOKE,
          NotResource: 'execute-api:/*/GET/reports/*',
        },
      ],
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/reports/1'),
    reads: /555555555555/,
    denied: [req(R555('Any', 'wk'), 'GET', '/orders'), req(R555('Any', 'wk'), 'POST', '/reports/1')],
  },
  denyPrincipalAccountNotEquals: {
    // Principal "*" everywhere, but a Deny keeps every account other than 555 and 111 out.
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('Only555', ANYONE, {
        StringNotEquals: { 'aws:PrincipalAccount': ['555555555555', '111111111111'] },
      }),
    ]),
    allowed: req(R555('Whoever', 'wk')),
    reads: /555555555555/,
    denied: [
      req(role('arn:aws:iam::666666666666:role/Whoever', 'wk')),
      req(role('arn:aws:iam::222222222222:role/Whoever', 'wk')),
    ],
  },
  notPrincipalRoleWithoutSession: {
    // NotPrincipal names the account and the role, not its sessions.
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('AllButOps', {
        NotPrincipal: { AWS: ['arn:aws:iam::555555555555:root', 'arn:aws:iam::555555555555:role/Ops'] },
      }),
    ]),
    allowed: req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [req(U555('bob')), req(role('arn:aws:iam::666666666666:role/Ops', 'ops'))],
  },
  orgPathLikeNoSetOperator: {
    world: checkoutAnd(
      allow('Ou', ANYONE, { StringLike: { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` } }),
    ),
    allowed: req(
      user('arn:aws:iam::777777777777:user/x', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/`] }),
    ),
    reads: /organization path/,
    denied: [req(user('arn:aws:iam::777777777777:user/x', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/`] }))],
  },
  resourceAccountVariable: {
    // Resource names the caller's own account in the path.
    world: smallWorld(open, [
      allow('OwnAccount', ANYONE, undefined, `${ORDERS}/GET/accounts/\${aws:PrincipalAccount}/*`),
    ]),
    allowed: req(R555('Any', 'wk'), 'GET', '/accounts/555555555555/x'),
    reads: /./,
    denied: [req(R555('Any', 'wk'), 'GET', '/accounts/666666666666/x')],
  },
  twoStatementsSameSessionDifferentAccounts: {
    world: checkoutAnd(
      allow('A', of555, { StringLike: { 'aws:userid': '*:oncall-*' } }),
      allow(
        'B',
        { Principal: { AWS: '666666666666' } },
        { StringEquals: { 'aws:PrincipalTag/team': 'sre' } },
      ),
      deny('NoDeleteOncall', ANYONE, { StringLike: { 'aws:userid': '*:oncall-*' } }, `${ORDERS}/DELETE/*`),
    ),
    allowed: req(
      role('arn:aws:iam::666666666666:role/X', 'oncall-1', { tags: { team: 'sre' } }),
      'POST',
      '/orders',
    ),
    reads: /666666666666.*tag team is "sre"/,
    denied: [
      req(
        role('arn:aws:iam::666666666666:role/X', 'oncall-1', { tags: { team: 'sre' } }),
        'DELETE',
        '/orders/1',
      ),
      req(R555('X', 'oncall-1'), 'DELETE', '/orders/1'),
      req(R555('X', 'other')),
    ],
  },
  federatedPrincipalNamed: {
    world: checkoutAnd(
      allow('Fed', { Principal: { AWS: 'arn:aws:sts::555555555555:federated-user/partner' } }),
    ),
    allowed: req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/partner' }),
    reads: /federated user/,
    denied: [req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/other' })],
  },
  userWithPathPrincipal: {
    world: checkoutAnd(allow('U', { Principal: { AWS: 'arn:aws:iam::555555555555:user/ci/deployer' } })),
    allowed: req(U555('ci/deployer')),
    reads: /deployer/,
    denied: [req(U555('deployer')), req(R555('ci/deployer', 'deployer'))],
  },

  anonymousOnNoneWithSourceVpce: {
    // Anonymous callers through the hub on the NONE route; signed 555 callers everywhere.
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('HealthFromHub', ANYONE, { StringEquals: { 'aws:SourceVpce': HUB } }, `${ORDERS}/GET/health`),
        allow('Of555', of555),
      ],
      { noneRoutes: ['GET /health'] },
    ),
    allowed: req({ kind: 'anonymous' }, 'GET', '/health'),
    reads: /anonymous/,
    denied: [req({ kind: 'anonymous' }, 'GET', '/orders'), req({ kind: 'anonymous' }, 'POST', '/health')],
  },
  orgIdIfExistsDeny: {
    // StringNotEqualsIfExists on the organization: a principal of no organization passes the Deny.
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny('OrgOnly', ANYONE, { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG } }),
    ]),
    // IfExists: a principal of no organization is denied too (the missing key makes the test true);
    // an account whose membership is not stated may be in ours.
    allowed: req(role('arn:aws:iam::999999999999:role/Lonely', 'wk', { orgId: ORG })),
    reads: /organization is "o-a1b2c3d4e5"/,
    denied: [
      req(role('arn:aws:iam::999999999999:role/Lonely', 'wk', { orgId: 'o-zzzzzzzzzz' })),
      req(role('arn:aws:iam::999999999999:role/Lonely', 'wk')),
    ],
  },
  mfaAgeNumeric: {
    world: checkoutAnd(
      allow('RecentMfa', of555, {
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      }),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:MultiFactorAuthAge': '60' } }),
    reads: /555555555555.*MultiFactorAuthAge/,
    denied: [
      req(R555('Any', 'wk'), 'GET', '/orders', { context: { 'aws:MultiFactorAuthAge': '7200' } }),
      req(R555('Any', 'wk')),
    ],
  },
  principalAwsStarWithAccountNotLike: {
    world: checkoutAnd(
      allow(
        'Partners',
        { Principal: { AWS: '*' } },
        {
          StringLike: { 'aws:PrincipalAccount': '55555555555*' },
          StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/sandbox-*' },
        },
      ),
    ),
    allowed: req(role('arn:aws:iam::555555555559:role/prod-app', 'wk')),
    reads: /like "55555555555\*"/,
    denied: [req(role('arn:aws:iam::555555555559:role/sandbox-app', 'wk'))],
  },
  secureTransportDeny: {
    // Always TLS through the endpoint: the Deny never applies.
    world: checkoutAnd(
      allow('Of555', of555),
      deny('TlsOnly', ANYONE, { Bool: { 'aws:SecureTransport': 'false' } }),
    ),
    allowed: req(R555('Any', 'wk')),
    reads: /555555555555/,
    denied: [req(role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
  notActionDenyResource: {
    // A Deny with NotAction execute-api:ManageConnections covers Invoke: only the tagged get in.
    world: smallWorld(open, [
      allow('Any', ANYONE),
      {
        Sid: 'TaggedOnly',
        Effect: 'Deny',
        Principal: '*',
        NotAction: 'execute-api:ManageConnections',
        Resource: ANY_ORDERS,
        Condition: { StringNotEquals: { 'aws:PrincipalTag/access': 'granted' } },
      },
    ]),
    allowed: req(R555('Any', 'wk', { tags: { access: 'granted' } })),
    reads: /tag access is "granted"/,
    denied: [req(R555('Any', 'wk')), req(role('arn:aws:iam::222222222222:role/Any', 'wk'))],
  },
  twoApisDifferentGrants: {
    world: twoApis(
      [allow('Everywhere', ANYONE, undefined, '*')],
      [allow('Of555', of555)],
      [
        {
          Sid: 'Sre',
          Effect: 'Allow',
          Principal: '*',
          Action: INVOKE,
          Resource: 'arn:aws:execute-api:us-west-2:333333333333:l3d9e7f2a1/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'sre' } },
        },
      ],
    ),
    allowed: {
      api: 'ledger',
      principal: role('arn:aws:iam::666666666666:role/X', 'wk', { tags: { team: 'sre' } }),
      method: 'GET',
      path: '/x',
    },
    reads: /tag team is "sre"/,
    denied: [
      { api: 'ledger', principal: R555('X', 'wk'), method: 'GET', path: '/x' },
      req(role('arn:aws:iam::666666666666:role/X', 'wk', { tags: { team: 'sre' } })),
    ],
  },
  sessionTagsOnConfiguredRole: {
    // CheckoutRole's session tagged break-glass=yes passes too; other roles of 111 do as well.
    world: smallWorld([
      allow('Tagged', ANYONE, {
        StringEquals: { 'aws:PrincipalTag/break-glass': 'yes', 'aws:PrincipalAccount': '111111111111' },
      }),
    ]),
    allowed: req(role('arn:aws:iam::111111111111:role/Other', 'wk', { tags: { 'break-glass': 'yes' } })),
    reads: /111111111111.*break-glass is "yes"|break-glass is "yes".*111111111111/,
    denied: [req(role('arn:aws:iam::111111111111:role/Other', 'wk'))],
  },
  federatedUseridExact: {
    world: checkoutAnd(allow('Fed', ANYONE, { StringEquals: { 'aws:userid': '555555555555:partner' } })),
    allowed: req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/partner' }),
    reads: /federated user/,
    denied: [
      req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/other' }),
      req(R555('partner', 'partner')),
    ],
  },
  rootByUserid: {
    // The root's aws:userid is its account id.
    world: checkoutAnd(allow('Root', ANYONE, { StringEquals: { 'aws:userid': '555555555555' } })),
    allowed: req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [req(R555('Any', 'wk')), req(U555('u'))],
  },

  sourceIdentityPattern: {
    world: checkoutAnd(allow('Admins', ANYONE, { StringLike: { 'aws:SourceIdentity': 'admin-*' } })),
    allowed: req(role('arn:aws:iam::999999999999:role/Any', 'wk'), 'GET', '/orders', {
      context: { 'aws:SourceIdentity': 'admin-jane' },
    }),
    reads: /SourceIdentity/,
    denied: [
      req(role('arn:aws:iam::999999999999:role/Any', 'wk'), 'GET', '/orders', {
        context: { 'aws:SourceIdentity': 'jane' },
      }),
    ],
  },
  requestedRegionAndPrincipalIsService: {
    world: checkoutAnd(
      allow('West', of555, {
        StringEquals: { 'aws:RequestedRegion': 'us-west-2' },
        Bool: { 'aws:PrincipalIsAWSService': 'false' },
      }),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', {
      context: { 'aws:RequestedRegion': 'us-west-2', 'aws:PrincipalIsAWSService': 'false' },
    }),
    reads: /555555555555/,
    denied: [req(role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
};

function R555req(name: string, session: string): AnalysisRequest {
  return req(R555(name, session));
}
