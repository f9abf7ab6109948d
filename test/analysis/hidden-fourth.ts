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
import {
  allow,
  ANYONE,
  checkoutAnd,
  deny,
  of555,
  open,
  ORDERS,
  R555,
  req,
  role,
  U555,
  type HiddenCase,
  type P,
} from './hidden-style.js';

const ROOT555: P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const withContext = (context: Record<string, string>) => ({ context });
/** A class whose words never name a key no request through the endpoint carries. */
const NO_SERVICE_KEY = /^(?![\s\S]*(?:SourceAccount|SourceArn|SourceOrg|CalledVia))/;

export const FOURTH: Record<string, HiddenCase> = {
  tokenIssueTimeNullDeny: {
    // "Temporary credentials only": IAM users and the root carry no aws:TokenIssueTime (long-term
    // keys), role sessions always do.
    world: checkoutAnd(
      allow('Of555', of555),
      deny('NoLongTermKeys', ANYONE, { Null: { 'aws:TokenIssueTime': 'true' } }),
    ),
    allowed: req(R555('Batch', 'nightly')),
    reads: /555555555555/,
    denied: [req(U555('ci')), req(ROOT555)],
  },
  mfaBoolIfExistsDeny: {
    // The classic "deny without MFA": a user's long-term keys carry no MultiFactorAuthPresent (the
    // IfExists test is true), a session without MFA carries false.
    world: checkoutAnd(
      allow('Of555', of555),
      deny(
        'NoMfaNoEntry',
        ANYONE,
        { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        `${ORDERS}/*`,
      ),
    ),
    allowed: req(
      R555('Admin', 'mfa'),
      'GET',
      '/orders',
      withContext({ 'aws:MultiFactorAuthPresent': 'true' }),
    ),
    reads: /555555555555.*MultiFactorAuthPresent/,
    denied: [req(R555('Admin', 'mfa')), req(U555('ci'))],
  },
  forAllValuesOnTagUntagged: {
    // ForAllValues on a single-valued tag: a principal without the tag passes (no value fails it).
    world: checkoutAnd(
      allow('AnalyticsOnly', of555, {
        'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'analytics' },
      }),
    ),
    allowed: req(R555('Untagged', 'wk')),
    reads: /555555555555.*tag team is (absent|.*absent)/,
    denied: [req(R555('Ops', 'wk', { tags: { team: 'ops' } }))],
  },
  forAllValuesOnEmptyTag: {
    // An empty tag value under a set operator is a null data set, as a missing tag is: it passes
    // ForAllValues too (IAM's condition-operators page). Missed before: "" fell in the region
    // "tag team is not "analytics"", decided deny.
    world: checkoutAnd(
      allow('AnalyticsOnly', of555, {
        'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'analytics' },
      }),
    ),
    allowed: req(R555('EmptyTag', 'wk', { tags: { team: '' } })),
    reads: /555555555555.*tag team is .*empty/,
    denied: [req(R555('Ops', 'wk', { tags: { team: 'ops' } }))],
  },
  stringEqualsLiteralStar: {
    // StringEquals takes `*` as a character: only the tag value "a*" itself matches.
    world: checkoutAnd(allow('Star', of555, { StringEquals: { 'aws:PrincipalTag/team': 'a*' } })),
    allowed: req(R555('X', 'wk', { tags: { team: 'a*' } })),
    reads: /555555555555.*tag team is "a\*"/,
    denied: [req(R555('X', 'wk', { tags: { team: 'ab' } })), req(R555('X', 'wk', { tags: { team: 'a' } }))],
  },
  arnEqualsWithWildcards: {
    // ArnEquals reads wildcards as ArnLike does (each of the six parts may hold `*` and `?`).
    world: checkoutAnd(
      allow('CiRoles', ANYONE, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci-?' } }),
    ),
    allowed: req(R555('ci-7', 'build')),
    reads: /ci-\?/,
    denied: [req(R555('ci-77', 'build')), req(U555('ci-7'))],
  },
  principalTypeUserNameLike: {
    world: checkoutAnd(
      allow('ServiceUsers', of555, {
        StringEquals: { 'aws:PrincipalType': 'User' },
        StringLike: { 'aws:username': 'svc-*' },
      }),
    ),
    allowed: req(U555('tools/svc-deploy')),
    reads: /svc-\*.*555555555555/,
    denied: [req(U555('deploy')), req(R555('svc-deploy', 'wk'))],
  },
  usernameNotLikeDenyKeepsRolesOut: {
    // aws:username is an IAM user's alone: a Deny "unless named svc-*" (StringNotLike) keeps every
    // role session and the root out too (the missing key makes the negated test true).
    world: smallWorld(open, [
      allow('Of555', of555),
      deny('OnlyServiceUsers', ANYONE, { StringNotLike: { 'aws:username': 'svc-*' } }),
    ]),
    allowed: req(U555('svc-a')),
    reads: /svc-\*.*555555555555/,
    denied: [req(R555('svc-a', 'wk')), req(U555('alice')), req(ROOT555)],
  },
  sourceAccountIfExistsAllow: {
    // A confused-deputy guard copied from a service's page: no call through the endpoint carries
    // aws:SourceAccount, so IfExists lets 555 in; the class must not stand on the key.
    world: checkoutAnd(
      allow('Deputy', of555, { StringEqualsIfExists: { 'aws:SourceAccount': '222222222222' } }),
    ),
    allowed: req(R555('Any', 'wk')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*555555555555`),
    denied: [req(role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
  calledViaDenyDoesNotApply: {
    // "Deny when called via Athena" holds for no direct call (ForAnyValue over a missing key is false).
    world: smallWorld([
      allow('Org', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      deny('NotViaAthena', ANYONE, {
        'ForAnyValue:StringEquals': { 'aws:CalledVia': 'athena.amazonaws.com' },
      }),
    ]),
    allowed: req(role('arn:aws:iam::333333333333:role/Any', 'wk')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*o-a1b2c3d4e5`),
    denied: [req(role('arn:aws:iam::999999999999:role/Any', 'wk'))],
  },
  sourceArnNotLikeDenyAll: {
    // "Deny unless the source is our SNS topic": the key is missing on every direct call, so the
    // negated test is true and the Deny holds for everyone but CheckoutRole's spared session.
    world: smallWorld(open, [
      allow('Any', ANYONE),
      deny(
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
    allowed: req(role('arn:aws:iam::111111111111:role/CheckoutRole', 'spokegate')),
    reads: new RegExp(`${NO_SERVICE_KEY.source}.*CheckoutRole`),
    denied: [req(role('arn:aws:iam::222222222222:role/Any', 'wk')), req(U555('svc'))],
  },
  userAgentLike: {
    // The caller chooses its User-Agent: a class on it is "not known offline", never a guarantee.
    world: checkoutAnd(allow('Tool', of555, { StringLike: { 'aws:UserAgent': 'spokegate*' } })),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:UserAgent': 'spokegate/1.0' })),
    reads: /555555555555.*aws:UserAgent.*not known offline/,
    denied: [
      req(R555('Any', 'wk')),
      req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:UserAgent': 'curl/8' })),
    ],
  },
  refererDenyIfExists: {
    world: checkoutAnd(
      allow('Of555', of555),
      deny('OnlyFromPortal', ANYONE, {
        StringNotLikeIfExists: { 'aws:Referer': 'https://portal.example.com/*' },
      }),
    ),
    // No Referer header: IfExists on a missing key is true, so the Deny holds; a request from the
    // portal passes.
    allowed: req(
      R555('Any', 'wk'),
      'GET',
      '/orders',
      withContext({ 'aws:Referer': 'https://portal.example.com/a' }),
    ),
    reads: /555555555555.*aws:Referer/,
    denied: [
      req(R555('Any', 'wk')),
      req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:Referer': 'https://evil.example.com/' })),
    ],
  },
  epochTimeNumeric: {
    // The clock compared as a number (aws:EpochTime, seconds).
    world: checkoutAnd(allow('Until', of555, { NumericLessThan: { 'aws:EpochTime': '1893456000' } })),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:EpochTime': '1767225600' })),
    reads: /555555555555.*aws:EpochTime/,
    denied: [req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:EpochTime': '1900000000' }))],
  },
  notResourceQuestionDeny: {
    // Everything but one-character order ids is off limits to 555 (NotResource with `?`).
    world: checkoutAnd(allow('Of555', of555), {
      Sid: 'OnlyShortIds',
      Effect: 'Deny',
      Principal: { AWS: '555555555555' },
      Action: INVOKE,
      NotResource: `${ORDERS}/GET/orders/?`,
    }),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders/7'),
    reads: /555555555555.*orders\/\?/,
    denied: [
      req(R555('Any', 'wk'), 'GET', '/orders/77'),
      req(R555('Any', 'wk'), 'GET', '/orders'),
      req(R555('Any', 'wk'), 'POST', '/orders/7'),
    ],
  },
  keysAndValuesInOneBlock: {
    // One block: keys ANDed, each key's values ORed.
    world: checkoutAnd(
      allow('TeamsInProd', of555, {
        StringEquals: { 'aws:PrincipalTag/team': ['analytics', 'bi'], 'aws:PrincipalTag/env': 'prod' },
      }),
    ),
    allowed: req(R555('Dash', 'wk', { tags: { team: 'bi', env: 'prod' } })),
    reads: /555555555555.*tag team is .*bi.*tag env is "prod"|555555555555.*tag env is "prod".*bi/,
    denied: [
      req(R555('Dash', 'wk', { tags: { team: 'bi', env: 'dev' } })),
      req(R555('Dash', 'wk', { tags: { team: 'ops', env: 'prod' } })),
      req(R555('Dash', 'wk', { tags: { team: 'bi' } })),
    ],
  },
  nullOrgOnNoneRoute: {
    // "Only principals in no organization": the anonymous caller carries none either, and a NONE
    // route lets it in without a signature.
    world: smallWorld(
      [allow('NoOrg', ANYONE, { Null: { 'aws:PrincipalOrgID': 'true' } })],
      [allow('Any', ANYONE)],
      { noneRoutes: ['GET /health'] },
    ),
    allowed: req({ kind: 'anonymous' }, 'GET', '/health'),
    reads: /anonymous/,
    denied: [
      req({ kind: 'anonymous' }, 'GET', '/orders'),
      req(role('arn:aws:iam::333333333333:role/Any', 'wk'), 'GET', '/orders'),
    ],
  },
  stagePatternQuestion: {
    // A stage named by a pattern with `?` (`pro?`): the API's stage prod matches it.
    world: checkoutAnd(
      allow('ProdLike', of555, undefined, 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/pro?/GET/*'),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders'),
    reads: /555555555555/,
    denied: [req(R555('Any', 'wk'), 'POST', '/orders')],
  },
  orgPathsAnyNotEquals: {
    // ForAnyValue:StringNotEquals: a member whose path is not the sandbox OU passes; a principal in
    // no organization carries no path, and ForAnyValue over no value is false.
    world: checkoutAnd(
      allow('NotSandboxOu', ANYONE, {
        'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-sandbox1/` },
      }),
    ),
    allowed: req(role('arn:aws:iam::333333333333:role/Any', 'wk', { orgPaths: [`${ORG}/r-ab12/`] })),
    reads: /organization path/,
    denied: [
      req(
        role('arn:aws:iam::333333333333:role/Any', 'wk', { orgPaths: [`${ORG}/r-ab12/ou-ab12-sandbox1/`] }),
      ),
      req(role('arn:aws:iam::999999999999:role/Any', 'wk')),
    ],
  },
  principalArnNotLikeWithAccount: {
    // An account grant minus its admin roles: users and the root of 555 stay in.
    world: checkoutAnd(
      allow('NotAdmins', of555, {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/admin/*' },
      }),
    ),
    allowed: req(U555('admin/alice')),
    reads: /555555555555/,
    denied: [req(R555('admin/Boss', 'wk')), req(role('arn:aws:iam::666666666666:role/Any', 'wk'))],
  },
  serviceOnlyPrincipal: {
    // A service principal never calls through the endpoint; the tagged principals of 555 do.
    world: checkoutAnd(
      allow('Lambda', { Principal: { Service: 'lambda.amazonaws.com' } }),
      allow('Tagged', of555, { StringEquals: { 'aws:PrincipalTag/team': 'ops' } }),
    ),
    allowed: req(R555('Any', 'wk', { tags: { team: 'ops' } })),
    reads: /555555555555.*tag team is "ops"/,
    denied: [req(R555('Any', 'wk'))],
  },
  mfaAgeIfExistsDeny: {
    // Deny a session older than an hour since MFA; without MFA there is no age, and IfExists makes
    // the Deny hold then too (NumericGreaterThanIfExists on a missing key is true).
    world: checkoutAnd(
      allow('Of555', of555),
      deny('FreshMfa', ANYONE, { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:MultiFactorAuthAge': '60' })),
    reads: /555555555555.*MultiFactorAuthAge/,
    denied: [
      req(R555('Any', 'wk')),
      req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:MultiFactorAuthAge': '7200' })),
    ],
  },
  sessionNameNotLikeDenyOnResource: {
    // aws:userid of a role session ends with its session name; a user's id has no colon at all,
    // so a Deny "unless the session is ci-*" keeps every IAM user out.
    world: smallWorld(open, [
      allow('Of555', of555),
      deny('CiSessionsOnly', ANYONE, { StringNotLike: { 'aws:userid': '*:ci-*' } }, `${ORDERS}/POST/*`),
    ]),
    allowed: req(R555('Builder', 'ci-42'), 'POST', '/orders'),
    reads: /555555555555.*session name is like "ci-\*"/,
    denied: [req(R555('Builder', 'dev'), 'POST', '/orders'), req(U555('ci-1'), 'POST', '/orders')],
  },
  vpcSourceIpBlocks: {
    // Two blocks (ORed) of the caller's address in the VPC, one of them IPv6.
    world: checkoutAnd(
      allow('FromSubnets', of555, { IpAddress: { 'aws:VpcSourceIp': ['10.1.0.0/16', '2001:db8:1::/48'] } }),
    ),
    allowed: req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:VpcSourceIp': '2001:db8:1::5' })),
    reads: /555555555555.*aws:VpcSourceIp.*not known offline/,
    denied: [req(R555('Any', 'wk'), 'GET', '/orders', withContext({ 'aws:VpcSourceIp': '10.2.0.1' }))],
  },
  endpointDenyOtherVpceOnResource: {
    // The resource policy names the hub endpoint and another one: through the hub, only 555's
    // tagged principals (the resource grant) get in.
    world: smallWorld(open, [
      allow('FromEndpoints', of555, {
        StringEquals: { 'aws:SourceVpce': [HUB, 'vpce-0fedcba9876543210'], 'aws:PrincipalTag/team': 'ops' },
      }),
    ]),
    allowed: req(R555('Any', 'wk', { tags: { team: 'ops' } })),
    reads: /555555555555.*tag team is "ops"/,
    denied: [req(R555('Any', 'wk', { tags: { team: 'dev' } }))],
  },
  tagIgnoreCaseAllowExactDeny: {
    // Allow by IgnoreCase, Deny by exact case: "ANALYTICS" passes the Allow and escapes the Deny
    // of "analytics".
    world: checkoutAnd(
      allow('AnyCase', of555, { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'analytics' } }),
      deny('NotLowerCase', ANYONE, { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } }),
    ),
    allowed: req(R555('Any', 'wk', { tags: { team: 'ANALYTICS' } })),
    reads: /555555555555.*tag team/,
    denied: [req(R555('Any', 'wk', { tags: { team: 'analytics' } })), req(R555('Any', 'wk'))],
  },
  rootOnlyByPrincipalType: {
    // aws:PrincipalType Account: only the account root of 555.
    world: checkoutAnd(allow('RootOnly', of555, { StringEquals: { 'aws:PrincipalType': 'Account' } })),
    allowed: req(ROOT555),
    reads: /root of account 555555555555/,
    denied: [req(U555('alice')), req(R555('Any', 'wk'))],
  },
};
