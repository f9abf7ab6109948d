// A third set of hidden-style cases (issue 14, lane F): principals no configured role resembles get
// through by policy variables, combined endpoint and resource policies, Deny statements with
// IfExists and negated operators, ForAnyValue over organization paths, session patterns in Principal
// and aws:userid, and keys not known offline. Each names a request that must be allowed (in a class
// that reads like `reads`) and requests that must stay denied.
import type { AnalysisRequest } from '../../src/analysis/index.js';
import { ANY_ORDERS, HUB, INVOKE, ORG, smallWorld, twoApis } from './helpers.js';
import * as hs from './hidden-style.js';

export const THIRD: Record<string, hs.HiddenCase> = {
  tagEqualsOtherTag: {
    // A condition value that is a policy variable: the tag team must equal the tag owner.
    world: hs.of555When('SelfOwned', {
      StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' },
    }),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { team: 'x1', owner: 'x1' } })),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('Any', 'wk', { tags: { team: 'x1', owner: 'x2' } })),
      hs.req(hs.R555('Any', 'wk')),
    ],
  },
  resourcePathUsername: {
    // The path a user may call is named by their user name.
    world: smallWorld(hs.open, [
      hs.allow('OwnPath', hs.ANYONE, undefined, `${hs.ORDERS}/GET/users/\${aws:username}`),
    ]),
    allowed: hs.req(hs.U555('alice'), 'GET', '/users/alice'),
    reads: /./,
    denied: [hs.req(hs.U555('alice'), 'GET', '/users/bob')],
  },
  endpointTagResourceGetOnly: {
    world: smallWorld(
      [
        hs.allow('AnalyticsOf555', hs.of555, {
          StringEquals: { 'aws:PrincipalTag/team': 'analytics' },
        }),
        hs.allow('Org', hs.ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      ],
      [
        hs.allow('Ou', hs.ANYONE, { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/*` } }),
        hs.allow(
          'ReadsOf555',
          { Principal: { AWS: 'arn:aws:iam::555555555555:root' } },
          undefined,
          `${hs.ORDERS}/GET/*`,
        ),
      ],
    ),
    allowed: hs.req(hs.R555('Loader', 'etl', { tags: { team: 'analytics' } })),
    reads: /555555555555.*tag team is "analytics"/,
    denied: [
      hs.req(hs.R555('Loader', 'etl', { tags: { team: 'analytics' } }), 'POST', '/orders'),
      hs.req(hs.R555('Loader', 'etl', { tags: { team: 'ops' } })),
    ],
  },
  userIdNotLikeAutomation: {
    world: hs.of555When('HumansOf555', {
      StringNotLike: { 'aws:userid': '*:automation-*' },
    }),
    allowed: R555req('Any', 'human'),
    reads: /555555555555/,
    denied: [R555req('Any', 'automation-1')],
  },
  accountExceptOpsPath: {
    world: hs.checkoutAnd(
      hs.allow('Two', { Principal: { AWS: ['555555555555', '666666666666'] } }),
      hs.deny('OnlyOpsOf555', hs.ANYONE, {
        ArnNotLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::555555555555:role/ops/*',
            'arn:aws:iam::111111111111:role/CheckoutRole',
          ],
        },
      }),
    ),
    allowed: hs.req(hs.R555('ops/Runner', 'rs')),
    reads: /555555555555.*ops\/\*/,
    denied: [
      hs.req(hs.role('arn:aws:iam::666666666666:role/ops/Runner', 'rs')),
      hs.req(hs.R555('Runner', 'rs')),
      hs.req(hs.U555('ops/bob')),
    ],
  },
  denyNotEqualsIfExistsTag: {
    world: hs.of555Denying('ProdOnly', { StringNotEqualsIfExists: { 'aws:PrincipalTag/env': 'prod' } }),
    // IfExists: a principal without the tag is denied too (the missing key makes the test true).
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { env: 'prod' } })),
    reads: /555555555555.*tag env is "prod"/,
    denied: [hs.req(hs.R555('Any', 'wk', { tags: { env: 'dev' } })), hs.req(hs.R555('Any', 'wk'))],
  },
  mfaPresent: {
    world: hs.of555When('Mfa555', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    allowed: hs.any555({ 'aws:MultiFactorAuthPresent': 'true' }),
    reads: /555555555555.*MultiFactorAuthPresent/,
    denied: [hs.any555({ 'aws:MultiFactorAuthPresent': 'false' })],
  },
  currentTimeAfter: {
    world: hs.of555When('Later555', {
      DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' },
    }),
    allowed: hs.any555({ 'aws:CurrentTime': '2026-12-01T21:00:00Z' }),
    reads: /555555555555.*CurrentTime/,
    denied: [hs.any555({ 'aws:CurrentTime': '2026-01-01T00:00:00Z' })],
  },
  orgExceptRolesOf333: {
    world: smallWorld([
      hs.allow('Org', hs.ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      hs.deny('No333Roles', hs.ANYONE, {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/*' },
      }),
    ]),
    allowed: hs.req(hs.user('arn:aws:iam::333333333333:user/ci')),
    reads: /333333333333|organization/,
    denied: [hs.req(hs.role('arn:aws:iam::333333333333:role/X', 'ss'))],
  },
  roleWithPathSessionPattern: {
    world: hs.checkoutAnd(
      hs.allow(
        'Nightly',
        { Principal: { AWS: 'arn:aws:iam::555555555555:role/ops/Runner' } },
        {
          StringLike: { 'aws:userid': '*:nightly-*' },
        },
      ),
    ),
    allowed: hs.req(hs.R555('ops/Runner', 'nightly-3')),
    reads: /ops\/Runner.*nightly-\*/,
    denied: [hs.req(hs.R555('ops/Runner', 'adhoc')), hs.req(hs.R555('Runner', 'nightly-3'))],
  },
  usernameExact: {
    world: hs.of555When('Bot', { StringEquals: { 'aws:username': 'deploy-bot' } }),
    allowed: hs.req(hs.U555('ci/deploy-bot')),
    reads: /deploy-bot.*555555555555/,
    denied: [hs.req(hs.U555('ci/other')), hs.req(hs.R555('deploy-bot', 'deploy-bot'))],
  },
  denyAccountUnlessTag: {
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('555OnlyAnalytics', hs.of555, {
        StringNotEquals: { 'aws:PrincipalTag/team': 'analytics' },
      }),
    ]),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { team: 'analytics' } })),
    reads: /555555555555.*tag team is "analytics"|tag team is "analytics"/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.req(hs.R555('Any', 'wk', { tags: { team: 'x' } }))],
  },
  orgPathsAnyOfTwoDenyOne: {
    world: hs.checkoutAnd(
      hs.allow('Ous', hs.ANYONE, {
        'ForAnyValue:StringEquals': {
          'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/`, `${ORG}/r-ab12/ou-ab12-33333333/`],
        },
      }),
      hs.deny(
        'NoDeletes',
        hs.ANYONE,
        { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-33333333/*` } },
        `${hs.ORDERS}/DELETE/*`,
      ),
    ),
    allowed: hs.req(
      hs.user('arn:aws:iam::777777777777:user/x', {
        orgId: ORG,
        orgPaths: [`${ORG}/r-ab12/ou-ab12-33333333/`],
      }),
    ),
    reads: /organization path/,
    denied: [
      hs.req(
        hs.user('arn:aws:iam::777777777777:user/x', {
          orgId: ORG,
          orgPaths: [`${ORG}/r-ab12/ou-ab12-33333333/`],
        }),
        'DELETE',
        '/orders/1',
      ),
      hs.req(
        hs.user('arn:aws:iam::777777777777:user/x', {
          orgId: ORG,
          orgPaths: [`${ORG}/r-ab12/ou-ab12-44444444/`],
        }),
      ),
    ],
  },
  sourceIpDenyResource: {
    world: smallWorld(
      [hs.allow('Of555', hs.of555)],
      [
        hs.allow('Of555', hs.of555),
        hs.deny('Office', hs.ANYONE, { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
      ],
    ),
    allowed: hs.any555({ 'aws:SourceIp': '10.1.2.3' }),
    reads: /555555555555.*SourceIp.*not known offline/,
    denied: [hs.any555({ 'aws:SourceIp': '11.1.2.3' })],
  },
  sourceVpceResourceAndSessionArn: {
    world: smallWorld(hs.open, [
      hs.allow('Session', { Principal: { AWS: 'arn:aws:sts::555555555555:assumed-role/Ops/alice' } }),
      hs.deny('HubOnly', hs.ANYONE, { StringNotEquals: { 'aws:SourceVpce': HUB } }),
    ]),
    allowed: hs.req(hs.R555('Ops', 'alice')),
    reads: /Ops.*session name is "alice"/,
    denied: [hs.req(hs.R555('Ops', 'bob'))],
  },
  principalTypeUserOf555: {
    world: hs.of555When('Users', { StringEquals: { 'aws:PrincipalType': 'User' } }),
    allowed: hs.req(hs.U555('u1')),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('Any', 'wk'))],
  },
  accountPrincipalOrgMismatch: {
    // The account is named, and the organization is required: a 555 principal only if 555 is in it.
    world: hs.of555When('Of555InOrg', {
      StringEquals: { 'aws:PrincipalOrgID': 'o-other0000a' },
    }),
    allowed: hs.req(hs.R555('Any', 'wk', { orgId: 'o-other0000a' })),
    reads: /555555555555.*o-other0000a/,
    denied: [hs.req(hs.R555('Any', 'wk'))],
  },
  arnLikeQuestionAndUsers: {
    world: hs.checkoutAnd(
      hs.allow('Svc', hs.ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::55555555555?:user/svc-*' } }),
    ),
    allowed: hs.req(hs.user('arn:aws:iam::555555555551:user/svc-a')),
    reads: /user\/svc-\*/,
    denied: [
      hs.req(hs.user('arn:aws:iam::555555555551:user/x')),
      hs.req(hs.role('arn:aws:iam::555555555551:role/svc-a', 'ss')),
    ],
  },
  checkoutAndWholeAccountOfCheckout: {
    // Opening CheckoutRole's account: any other role of 111111111111 gets in too.
    world: smallWorld([
      hs.checkout,
      hs.allow('Acct111', { Principal: { AWS: '111111111111' } }, { StringLike: { 'aws:userid': '*:ci-*' } }),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::111111111111:role/Builder', 'ci-1')),
    reads: /111111111111.*ci-\*/,
    denied: [hs.req(hs.role('arn:aws:iam::111111111111:role/Builder', 'human'))],
  },

  tagKeyWithSlashAndColon: {
    world: hs.of555When('K8s', {
      StringEquals: { 'aws:PrincipalTag/kubernetes.io/team:name': 'platform' },
    }),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { 'kubernetes.io/team:name': 'platform' } })),
    reads: /555555555555.*kubernetes\.io\/team:name.*platform/,
    denied: [
      hs.req(hs.R555('Any', 'wk', { tags: { 'kubernetes.io/team:name': 'other' } })),
      hs.req(hs.R555('Any', 'wk')),
    ],
  },
  tagLikeLiteralStar: {
    // ${*} is a literal asterisk in StringLike.
    world: hs.of555When('Star', { StringLike: { 'aws:PrincipalTag/scope': 'all${*}' } }),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { scope: 'all*' } })),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('Any', 'wk', { tags: { scope: 'allx' } })),
      hs.req(hs.R555('Any', 'wk', { tags: { scope: 'all' } })),
    ],
  },
  tagAnyValuePresent: {
    world: hs.of555When('Tagged', { StringLike: { 'aws:PrincipalTag/owner': '*' } }),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { owner: 'z' } })),
    reads: /555555555555.*owner/,
    denied: [hs.req(hs.R555('Any', 'wk'))],
  },
  emailSessions: {
    world: hs.checkoutAnd(
      hs.allow('Corp', hs.ANYONE, { StringLike: { 'aws:userid': 'AROA*:*@example.com' } }),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Sso', 'jane@example.com')),
    reads: /session name is like "\*@example\.com"/,
    denied: [hs.req(hs.role('arn:aws:iam::999999999999:role/Sso', 'jane@example.org'))],
  },
  principalArnIgnoreCase: {
    world: hs.checkoutAnd(
      hs.allow('Ci', hs.ANYONE, {
        StringEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' },
      }),
    ),
    allowed: hs.req(hs.R555('CI', 'build')),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('CD', 'build'))],
  },
  shorthandResourceNotResourceDeny: {
    world: smallWorld(
      [hs.allow('Of555', hs.of555)],
      [
        hs.allow('Of555', hs.of555, undefined, 'execute-api:/prod/GET/*'),
        {
          Sid: 'OnlyReports',
          Effect: 'Deny',
          Principal: '*',
          Action: INVOKE,
          NotResource: 'execute-api:/*/GET/reports/*',
        },
      ],
    ),
    allowed: hs.req(hs.R555('Any', 'wk'), 'GET', '/reports/1'),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('Any', 'wk'), 'GET', '/orders'),
      hs.req(hs.R555('Any', 'wk'), 'POST', '/reports/1'),
    ],
  },
  denyPrincipalAccountNotEquals: {
    // Principal "*" everywhere, but a Deny keeps every account other than 555 and 111 out.
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('Only555', hs.ANYONE, {
        StringNotEquals: { 'aws:PrincipalAccount': ['555555555555', '111111111111'] },
      }),
    ]),
    allowed: hs.req(hs.R555('Whoever', 'wk')),
    reads: /555555555555/,
    denied: [
      hs.req(hs.role('arn:aws:iam::666666666666:role/Whoever', 'wk')),
      hs.req(hs.role('arn:aws:iam::222222222222:role/Whoever', 'wk')),
    ],
  },
  notPrincipalRoleWithoutSession: {
    // NotPrincipal names the account and the role, not its sessions.
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('AllButOps', {
        NotPrincipal: { AWS: ['arn:aws:iam::555555555555:root', 'arn:aws:iam::555555555555:role/Ops'] },
      }),
    ]),
    allowed: hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [hs.req(hs.U555('bob')), hs.req(hs.role('arn:aws:iam::666666666666:role/Ops', 'ops'))],
  },
  orgPathLikeNoSetOperator: {
    world: hs.checkoutAnd(
      hs.allow('Ou', hs.ANYONE, {
        StringLike: { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` },
      }),
    ),
    allowed: hs.req(
      hs.user('arn:aws:iam::777777777777:user/x', {
        orgId: ORG,
        orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/`],
      }),
    ),
    reads: /organization path/,
    denied: [
      hs.req(hs.user('arn:aws:iam::777777777777:user/x', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/`] })),
    ],
  },
  resourceAccountVariable: {
    // Resource names the caller's own account in the path.
    world: smallWorld(hs.open, [
      hs.allow('OwnAccount', hs.ANYONE, undefined, `${hs.ORDERS}/GET/accounts/\${aws:PrincipalAccount}/*`),
    ]),
    allowed: hs.req(hs.R555('Any', 'wk'), 'GET', '/accounts/555555555555/x'),
    reads: /./,
    denied: [hs.req(hs.R555('Any', 'wk'), 'GET', '/accounts/666666666666/x')],
  },
  twoStatementsSameSessionDifferentAccounts: {
    world: hs.checkoutAnd(
      hs.allow('A', hs.of555, { StringLike: { 'aws:userid': '*:oncall-*' } }),
      hs.allow(
        'B',
        { Principal: { AWS: '666666666666' } },
        { StringEquals: { 'aws:PrincipalTag/team': 'sre' } },
      ),
      hs.deny(
        'NoDeleteOncall',
        hs.ANYONE,
        { StringLike: { 'aws:userid': '*:oncall-*' } },
        `${hs.ORDERS}/DELETE/*`,
      ),
    ),
    allowed: hs.req(
      hs.role('arn:aws:iam::666666666666:role/X', 'oncall-1', { tags: { team: 'sre' } }),
      'POST',
      '/orders',
    ),
    reads: /666666666666.*tag team is "sre"/,
    denied: [
      hs.req(
        hs.role('arn:aws:iam::666666666666:role/X', 'oncall-1', { tags: { team: 'sre' } }),
        'DELETE',
        '/orders/1',
      ),
      hs.req(hs.R555('X', 'oncall-1'), 'DELETE', '/orders/1'),
      hs.req(hs.R555('X', 'other')),
    ],
  },
  federatedPrincipalNamed: {
    world: hs.checkoutAnd(
      hs.allow('Fed', { Principal: { AWS: 'arn:aws:sts::555555555555:federated-user/partner' } }),
    ),
    allowed: hs.req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/partner' }),
    reads: /federated user/,
    denied: [hs.req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/other' })],
  },
  userWithPathPrincipal: {
    world: hs.checkoutAnd(
      hs.allow('U', { Principal: { AWS: 'arn:aws:iam::555555555555:user/ci/deployer' } }),
    ),
    allowed: hs.req(hs.U555('ci/deployer')),
    reads: /deployer/,
    denied: [hs.req(hs.U555('deployer')), hs.req(hs.R555('ci/deployer', 'deployer'))],
  },

  anonymousOnNoneWithSourceVpce: {
    // Anonymous callers through the hub on the NONE route; signed 555 callers everywhere.
    world: smallWorld(
      [hs.allow('Any', hs.ANYONE)],
      [
        hs.allow(
          'HealthFromHub',
          hs.ANYONE,
          { StringEquals: { 'aws:SourceVpce': HUB } },
          `${hs.ORDERS}/GET/health`,
        ),
        hs.allow('Of555', hs.of555),
      ],
      { noneRoutes: ['GET /health'] },
    ),
    allowed: hs.req({ kind: 'anonymous' }, 'GET', '/health'),
    reads: /anonymous/,
    denied: [
      hs.req({ kind: 'anonymous' }, 'GET', '/orders'),
      hs.req({ kind: 'anonymous' }, 'POST', '/health'),
    ],
  },
  orgIdIfExistsDeny: {
    // StringNotEqualsIfExists on the organization: a principal of no organization passes the Deny.
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny('OrgOnly', hs.ANYONE, { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG } }),
    ]),
    // IfExists: a principal of no organization is denied too (the missing key makes the test true);
    // an account whose membership is not stated may be in ours.
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Lonely', 'wk', { orgId: ORG })),
    reads: /organization is "o-a1b2c3d4e5"/,
    denied: [
      hs.req(hs.role('arn:aws:iam::999999999999:role/Lonely', 'wk', { orgId: 'o-zzzzzzzzzz' })),
      hs.req(hs.role('arn:aws:iam::999999999999:role/Lonely', 'wk')),
    ],
  },
  principalAwsStarWithAccountNotLike: {
    world: hs.checkoutAnd(
      hs.allow(
        'Partners',
        { Principal: { AWS: '*' } },
        {
          StringLike: { 'aws:PrincipalAccount': '55555555555*' },
          StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/sandbox-*' },
        },
      ),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::555555555559:role/prod-app', 'wk')),
    reads: /like "55555555555\*"/,
    denied: [hs.req(hs.role('arn:aws:iam::555555555559:role/sandbox-app', 'wk'))],
  },
  secureTransportDeny: {
    // Always TLS through the endpoint: the Deny never applies.
    world: hs.of555Denying('TlsOnly', { Bool: { 'aws:SecureTransport': 'false' } }),
    allowed: hs.req(hs.R555('Any', 'wk')),
    reads: /555555555555/,
    denied: [hs.req(hs.role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
  notActionDenyResource: {
    // A Deny with NotAction execute-api:ManageConnections covers Invoke: only the tagged get in.
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      {
        Sid: 'TaggedOnly',
        Effect: 'Deny',
        Principal: '*',
        NotAction: 'execute-api:ManageConnections',
        Resource: ANY_ORDERS,
        Condition: { StringNotEquals: { 'aws:PrincipalTag/access': 'granted' } },
      },
    ]),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { access: 'granted' } })),
    reads: /tag access is "granted"/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.req(hs.role('arn:aws:iam::222222222222:role/Any', 'wk'))],
  },
  twoApisDifferentGrants: {
    world: twoApis(
      [hs.allow('Everywhere', hs.ANYONE, undefined, '*')],
      [hs.allow('Of555', hs.of555)],
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
      principal: hs.role('arn:aws:iam::666666666666:role/X', 'wk', { tags: { team: 'sre' } }),
      method: 'GET',
      path: '/x',
    },
    reads: /tag team is "sre"/,
    denied: [
      { api: 'ledger', principal: hs.R555('X', 'wk'), method: 'GET', path: '/x' },
      hs.req(hs.role('arn:aws:iam::666666666666:role/X', 'wk', { tags: { team: 'sre' } })),
    ],
  },
  sessionTagsOnConfiguredRole: {
    // CheckoutRole's session tagged break-glass=yes passes too; other roles of 111 do as well.
    world: smallWorld([
      hs.allow('Tagged', hs.ANYONE, {
        StringEquals: { 'aws:PrincipalTag/break-glass': 'yes', 'aws:PrincipalAccount': '111111111111' },
      }),
    ]),
    allowed: hs.req(
      hs.role('arn:aws:iam::111111111111:role/Other', 'wk', { tags: { 'break-glass': 'yes' } }),
    ),
    reads: /111111111111.*break-glass is "yes"|break-glass is "yes".*111111111111/,
    denied: [hs.req(hs.role('arn:aws:iam::111111111111:role/Other', 'wk'))],
  },
  federatedUseridExact: {
    world: hs.checkoutAnd(
      hs.allow('Fed', hs.ANYONE, { StringEquals: { 'aws:userid': '555555555555:partner' } }),
    ),
    allowed: hs.req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/partner' }),
    reads: /federated user/,
    denied: [
      hs.req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/other' }),
      hs.req(hs.R555('partner', 'partner')),
    ],
  },
  rootByUserid: {
    // The root's aws:userid is its account id.
    world: hs.checkoutAnd(hs.allow('Root', hs.ANYONE, { StringEquals: { 'aws:userid': '555555555555' } })),
    allowed: hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /root of account 555555555555/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.req(hs.U555('u'))],
  },

  sourceIdentityPattern: {
    world: hs.checkoutAnd(hs.allow('Admins', hs.ANYONE, { StringLike: { 'aws:SourceIdentity': 'admin-*' } })),
    allowed: hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'wk'), 'GET', '/orders', {
      context: { 'aws:SourceIdentity': 'admin-jane' },
    }),
    reads: /SourceIdentity/,
    denied: [
      hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'wk'), 'GET', '/orders', {
        context: { 'aws:SourceIdentity': 'jane' },
      }),
    ],
  },
  requestedRegionAndPrincipalIsService: {
    world: hs.of555When('West', {
      StringEquals: { 'aws:RequestedRegion': 'us-west-2' },
      Bool: { 'aws:PrincipalIsAWSService': 'false' },
    }),
    allowed: hs.any555({ 'aws:RequestedRegion': 'us-west-2', 'aws:PrincipalIsAWSService': 'false' }),
    reads: /555555555555/,
    denied: [hs.req(hs.role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
};

function R555req(name: string, session: string): AnalysisRequest {
  return hs.req(hs.R555(name, session));
}
