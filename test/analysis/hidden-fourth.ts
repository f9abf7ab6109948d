// A fourth set of hidden-style cases (issue 14, lane F): principals no configured role resembles get
// through by shapes the first three sets do not walk — keys only some credentials carry
// (aws:TokenIssueTime, aws:MultiFactorAuthPresent with BoolIfExists, aws:username against roles),
// ForAllValues on a single-valued tag, literal wildcards under StringEquals, ArnEquals with
// wildcards, aws:PrincipalType with aws:username patterns, service-to-service keys under IfExists,
// ForAnyValue and negation, caller-chosen keys (aws:UserAgent, aws:Referer), the clock as a number,
// NotResource with `?`, several keys and values in one block, a NONE route under Null on the
// organization, a stage pattern with `?`, and Deny statements that carve these. Each names a request
// that must be allowed (in a class that reads like `reads`) and requests that must stay denied.
import { HUB, INVOKE, ORG, smallWorld } from './helpers.js';
import * as hs from './hidden-style.js';

const ROOT555: hs.P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const withContext = (context: Record<string, string>) => ({ context });
/** A class whose words never name a key no request through the endpoint carries. */
const NO_SERVICE_KEY = /^(?![\s\S]*(?:SourceAccount|SourceArn|SourceOrg|CalledVia))/;

export const FOURTH: Record<string, hs.HiddenCase> = {
  tokenIssueTimeNullDeny: {
    // "Temporary credentials only": IAM users and the root carry no aws:TokenIssueTime (long-term
    // keys), role sessions always do.
    world: hs.of555Denying('NoLongTermKeys', { Null: { 'aws:TokenIssueTime': 'true' } }),
    allowed: hs.req(hs.R555('Batch', 'nightly')),
    reads: /555555555555/,
    denied: [hs.req(hs.U555('ci')), hs.req(ROOT555)],
  },
  mfaBoolIfExistsDeny: {
    // The classic "deny without MFA": a user's long-term keys carry no MultiFactorAuthPresent (the
    // IfExists test is true), a session without MFA carries false.
    world: hs.of555Denying(
      'NoMfaNoEntry',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      `${hs.ORDERS}/*`,
    ),
    allowed: hs.req(
      hs.R555('Admin', 'mfa'),
      'GET',
      '/orders',
      withContext({ 'aws:MultiFactorAuthPresent': 'true' }),
    ),
    reads: /555555555555.*MultiFactorAuthPresent/,
    denied: [hs.req(hs.R555('Admin', 'mfa')), hs.req(hs.U555('ci'))],
  },
  forAllValuesOnEmptyTag: {
    // ForAllValues on a single-valued tag: a principal without the tag passes (no value fails it).
    // An empty tag value under a set operator is a null data set, as a missing tag is: it passes
    // ForAllValues too (IAM's condition-operators page). Missed before: "" fell in the region
    // "tag team is not "analytics"", decided deny.
    world: hs.of555When('AnalyticsOnly', {
      'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'analytics' },
    }),
    allowed: hs.req(hs.R555('EmptyTag', 'wk', { tags: { team: '' } })),
    reads: /555555555555.*tag team is .*empty/,
    also: [
      { allowed: hs.req(hs.R555('Untagged', 'wk')), reads: /555555555555.*tag team is (absent|.*absent)/ },
    ],
    denied: [hs.req(hs.R555('Ops', 'wk', { tags: { team: 'ops' } }))],
  },
  stringEqualsLiteralStar: {
    // StringEquals takes `*` as a character: only the tag value "a*" itself matches.
    world: hs.of555When('Star', { StringEquals: { 'aws:PrincipalTag/team': 'a*' } }),
    allowed: hs.req(hs.R555('X', 'wk', { tags: { team: 'a*' } })),
    reads: /555555555555.*tag team is "a\*"/,
    denied: [
      hs.req(hs.R555('X', 'wk', { tags: { team: 'ab' } })),
      hs.req(hs.R555('X', 'wk', { tags: { team: 'a' } })),
    ],
  },
  arnEqualsWithWildcards: {
    // ArnEquals reads wildcards as ArnLike does (each of the six parts may hold `*` and `?`).
    world: hs.checkoutAnd(
      hs.allow('CiRoles', hs.ANYONE, {
        ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci-?' },
      }),
    ),
    allowed: hs.req(hs.R555('ci-7', 'build')),
    reads: /ci-\?/,
    denied: [hs.req(hs.R555('ci-77', 'build')), hs.req(hs.U555('ci-7'))],
  },
  principalTypeUserNameLike: {
    world: hs.of555When('ServiceUsers', {
      StringEquals: { 'aws:PrincipalType': 'User' },
      StringLike: { 'aws:username': 'svc-*' },
    }),
    allowed: hs.req(hs.U555('tools/svc-deploy')),
    reads: /svc-\*.*555555555555/,
    denied: [hs.req(hs.U555('deploy')), hs.req(hs.R555('svc-deploy', 'wk'))],
  },
  usernameNotLikeDenyKeepsRolesOut: {
    // aws:username is an IAM user's alone: a Deny "unless named svc-*" (StringNotLike) keeps every
    // role session and the root out too (the missing key makes the negated test true).
    world: hs.resource555Denying('OnlyServiceUsers', {
      StringNotLike: { 'aws:username': 'svc-*' },
    }),
    allowed: hs.req(hs.U555('svc-a')),
    reads: /svc-\*.*555555555555/,
    denied: [hs.req(hs.R555('svc-a', 'wk')), hs.req(hs.U555('alice')), hs.req(ROOT555)],
  },
  sourceAccountIfExistsAllow: {
    // A confused-deputy guard copied from a service's page: no call through the endpoint carries
    // aws:SourceAccount, so IfExists lets 555 in; the class must not stand on the key.
    world: hs.of555When('Deputy', { StringEqualsIfExists: { 'aws:SourceAccount': '222222222222' } }),
    allowed: hs.req(hs.R555('Any', 'wk')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*555555555555`),
    denied: [hs.req(hs.role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
  calledViaDenyDoesNotApply: {
    // "Deny when called via Athena" holds for no direct call (ForAnyValue over a missing key is false).
    world: smallWorld([
      hs.allow('Org', hs.ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      hs.deny('NotViaAthena', hs.ANYONE, {
        'ForAnyValue:StringEquals': { 'aws:CalledVia': 'athena.amazonaws.com' },
      }),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::333333333333:role/Any', 'wk')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*o-a1b2c3d4e5`),
    denied: [hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'wk'))],
  },
  sourceArnNotLikeDenyAll: {
    // "Deny unless the source is our SNS topic": the key is missing on every direct call, so the
    // negated test is true and the Deny holds for everyone but CheckoutRole's spared session.
    world: smallWorld(hs.open, [
      hs.allow('Any', hs.ANYONE),
      hs.deny(
        'OnlyFromTopic',
        {
          NotPrincipal: {
            AWS: [
              'arn:aws:iam::111111111111:root',
              'arn:aws:iam::111111111111:role/CheckoutRole',
              'arn:aws:sts::111111111111:assumed-role/CheckoutRole/spokegate',
            ],
          },
        },
        {
          ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:222222222222:orders-*' },
        },
      ),
    ]),
    allowed: hs.req(hs.role('arn:aws:iam::111111111111:role/CheckoutRole', 'spokegate')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*CheckoutRole`),
    denied: [hs.req(hs.role('arn:aws:iam::222222222222:role/Any', 'wk')), hs.req(hs.U555('svc'))],
  },
  userAgentLike: {
    // The caller chooses its User-Agent: a class on it is "not known offline", never a guarantee.
    world: hs.of555When('Tool', { StringLike: { 'aws:UserAgent': 'spokegate*' } }),
    allowed: hs.any555({ 'aws:UserAgent': 'spokegate/1.0' }),
    reads: /555555555555.*aws:UserAgent.*not known offline/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.any555({ 'aws:UserAgent': 'curl/8' })],
  },
  refererDenyIfExists: {
    world: hs.of555Denying('OnlyFromPortal', {
      StringNotLikeIfExists: { 'aws:Referer': 'https://portal.example.com/*' },
    }),
    // No Referer header: IfExists on a missing key is true, so the Deny holds; a request from the
    // portal passes.
    allowed: hs.any555({ 'aws:Referer': 'https://portal.example.com/a' }),
    reads: /555555555555.*aws:Referer/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.any555({ 'aws:Referer': 'https://evil.example.com/' })],
  },
  epochTimeNumeric: {
    // The clock compared as a number (aws:EpochTime, seconds).
    world: hs.of555When('Until', { NumericLessThan: { 'aws:EpochTime': '1893456000' } }),
    allowed: hs.any555({ 'aws:EpochTime': '1767225600' }),
    reads: /555555555555.*aws:EpochTime/,
    denied: [hs.any555({ 'aws:EpochTime': '1900000000' })],
  },
  notResourceQuestionDeny: {
    // Everything but one-character order ids is off limits to 555 (NotResource with `?`).
    world: hs.checkoutAnd(hs.allow('Of555', hs.of555), {
      Sid: 'OnlyShortIds',
      Effect: 'Deny',
      Principal: { AWS: '555555555555' },
      Action: INVOKE,
      NotResource: `${hs.ORDERS}/GET/orders/?`,
    }),
    allowed: hs.req(hs.R555('Any', 'wk'), 'GET', '/orders/7'),
    reads: /555555555555.*orders\/\?/,
    denied: [
      hs.req(hs.R555('Any', 'wk'), 'GET', '/orders/77'),
      hs.req(hs.R555('Any', 'wk'), 'GET', '/orders'),
      hs.req(hs.R555('Any', 'wk'), 'POST', '/orders/7'),
    ],
  },
  keysAndValuesInOneBlock: {
    // One block: keys ANDed, each key's values ORed.
    world: hs.of555When('TeamsInProd', {
      StringEquals: { 'aws:PrincipalTag/team': ['analytics', 'bi'], 'aws:PrincipalTag/env': 'prod' },
    }),
    allowed: hs.req(hs.R555('Dash', 'wk', { tags: { team: 'bi', env: 'prod' } })),
    reads: /555555555555.*tag team is .*bi.*tag env is "prod"|555555555555.*tag env is "prod".*bi/,
    denied: [
      hs.req(hs.R555('Dash', 'wk', { tags: { team: 'bi', env: 'dev' } })),
      hs.req(hs.R555('Dash', 'wk', { tags: { team: 'ops', env: 'prod' } })),
      hs.req(hs.R555('Dash', 'wk', { tags: { team: 'bi' } })),
    ],
  },
  nullOrgOnNoneRoute: {
    // "Only principals in no organization": the anonymous caller carries none either, and a NONE
    // route lets it in without a signature.
    world: smallWorld(
      [hs.allow('NoOrg', hs.ANYONE, { Null: { 'aws:PrincipalOrgID': 'true' } })],
      [hs.allow('Any', hs.ANYONE)],
      { noneRoutes: ['GET /health'] },
    ),
    allowed: hs.req({ kind: 'anonymous' }, 'GET', '/health'),
    reads: /anonymous/,
    denied: [
      hs.req({ kind: 'anonymous' }, 'GET', '/orders'),
      hs.req(hs.role('arn:aws:iam::333333333333:role/Any', 'wk'), 'GET', '/orders'),
    ],
  },
  stagePatternQuestion: {
    // A stage named by a pattern with `?` (`pro?`): the API's stage prod matches it.
    world: hs.checkoutAnd(
      hs.allow(
        'ProdLike',
        hs.of555,
        undefined,
        'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/pro?/GET/*',
      ),
    ),
    allowed: hs.req(hs.R555('Any', 'wk'), 'GET', '/orders'),
    reads: /555555555555/,
    denied: [hs.req(hs.R555('Any', 'wk'), 'POST', '/orders')],
  },
  orgPathsAnyNotEquals: {
    // ForAnyValue:StringNotEquals: a member whose path is not the sandbox OU passes; a principal in
    // no organization carries no path, and ForAnyValue over no value is false.
    world: hs.checkoutAnd(
      hs.allow('NotSandboxOu', hs.ANYONE, {
        'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-sandbox1/` },
      }),
    ),
    allowed: hs.req(hs.role('arn:aws:iam::333333333333:role/Any', 'wk', { orgPaths: [`${ORG}/r-ab12/`] })),
    reads: /organization path/,
    denied: [
      hs.req(
        hs.role('arn:aws:iam::333333333333:role/Any', 'wk', {
          orgPaths: [`${ORG}/r-ab12/ou-ab12-sandbox1/`],
        }),
      ),
      hs.req(hs.role('arn:aws:iam::999999999999:role/Any', 'wk')),
    ],
  },
  principalArnNotLikeWithAccount: {
    // An account grant minus its admin roles: users and the root of 555 stay in.
    world: hs.of555When('NotAdmins', {
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/admin/*' },
    }),
    allowed: hs.req(hs.U555('admin/alice')),
    reads: /555555555555/,
    denied: [
      hs.req(hs.R555('admin/Boss', 'wk')),
      hs.req(hs.role('arn:aws:iam::666666666666:role/Any', 'wk')),
    ],
  },
  serviceOnlyPrincipal: {
    // A service principal never calls through the endpoint; the tagged principals of 555 do.
    world: hs.checkoutAnd(
      hs.allow('Lambda', { Principal: { Service: 'lambda.amazonaws.com' } }),
      hs.allow('Tagged', hs.of555, { StringEquals: { 'aws:PrincipalTag/team': 'ops' } }),
    ),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { team: 'ops' } })),
    reads: /555555555555.*tag team is "ops"/,
    denied: [hs.req(hs.R555('Any', 'wk'))],
  },
  mfaAgeIfExistsDeny: {
    // Deny a session older than an hour since MFA; without MFA there is no age, and IfExists makes
    // the Deny hold then too (NumericGreaterThanIfExists on a missing key is true).
    world: hs.of555Denying('FreshMfa', { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }),
    allowed: hs.any555({ 'aws:MultiFactorAuthAge': '60' }),
    reads: /555555555555.*MultiFactorAuthAge/,
    denied: [hs.req(hs.R555('Any', 'wk')), hs.any555({ 'aws:MultiFactorAuthAge': '7200' })],
  },
  sessionNameNotLikeDenyOnResource: {
    // aws:userid of a role session ends with its session name; a user's id has no colon at all,
    // so a Deny "unless the session is ci-*" keeps every IAM user out.
    world: hs.resource555Denying(
      'CiSessionsOnly',
      { StringNotLike: { 'aws:userid': '*:ci-*' } },
      `${hs.ORDERS}/POST/*`,
    ),
    allowed: hs.req(hs.R555('Builder', 'ci-42'), 'POST', '/orders'),
    reads: /555555555555.*session name is like "ci-\*"/,
    denied: [
      hs.req(hs.R555('Builder', 'dev'), 'POST', '/orders'),
      hs.req(hs.U555('ci-1'), 'POST', '/orders'),
    ],
  },
  vpcSourceIpBlocks: {
    // Two blocks (ORed) of the caller's address in the VPC, one of them IPv6.
    world: hs.of555When('FromSubnets', {
      IpAddress: { 'aws:VpcSourceIp': ['10.1.0.0/16', '2001:db8:1::/48'] },
    }),
    allowed: hs.any555({ 'aws:VpcSourceIp': '2001:db8:1::5' }),
    reads: /555555555555.*aws:VpcSourceIp.*not known offline/,
    denied: [hs.any555({ 'aws:VpcSourceIp': '10.2.0.1' })],
  },
  endpointDenyOtherVpceOnResource: {
    // The resource policy names the hub endpoint and another one: through the hub, only 555's
    // tagged principals (the resource grant) get in.
    world: smallWorld(hs.open, [
      hs.allow('FromEndpoints', hs.of555, {
        StringEquals: { 'aws:SourceVpce': [HUB, 'vpce-0fedcba9876543210'], 'aws:PrincipalTag/team': 'ops' },
      }),
    ]),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { team: 'ops' } })),
    reads: /555555555555.*tag team is "ops"/,
    denied: [hs.req(hs.R555('Any', 'wk', { tags: { team: 'dev' } }))],
  },
  tagIgnoreCaseAllowExactDeny: {
    // Allow by IgnoreCase, Deny by exact case: "ANALYTICS" passes the Allow and escapes the Deny
    // of "analytics".
    world: hs.checkoutAnd(
      hs.allow('AnyCase', hs.of555, { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'analytics' } }),
      hs.deny('NotLowerCase', hs.ANYONE, { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } }),
    ),
    allowed: hs.req(hs.R555('Any', 'wk', { tags: { team: 'ANALYTICS' } })),
    reads: /555555555555.*tag team/,
    denied: [hs.req(hs.R555('Any', 'wk', { tags: { team: 'analytics' } })), hs.req(hs.R555('Any', 'wk'))],
  },
  rootOnlyByPrincipalType: {
    // aws:PrincipalType Account: only the account root of 555.
    world: hs.of555When('RootOnly', { StringEquals: { 'aws:PrincipalType': 'Account' } }),
    allowed: hs.req(ROOT555),
    reads: /root of account 555555555555/,
    denied: [hs.req(hs.U555('alice')), hs.req(hs.R555('Any', 'wk'))],
  },
};
