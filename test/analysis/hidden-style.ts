// Hidden-style cases (issue 14): policies in which a principal no configured role resembles gets
// through — an account principal with a tag condition, a session-name pattern, an ArnLike on a
// path, a NotPrincipal gap, an organization path — alone and combined with other conditions and
// with Deny statements carving exceptions. Each case names a request that must be allowed (and so
// be in a reported class whose words match `reads`) and requests that must stay denied.
import type { AnalysisRequest, AnalysisWorld } from '../../src/analysis/index.js';
import { ANY_ORDERS, HUB, INVOKE, ORG, smallWorld } from './helpers.js';

/** A policy world, a request it must let through (in a class that reads like `reads`), and requests kept out. */
export interface HiddenCase {
  world: AnalysisWorld;
  /** Allowed by the engine; some reported class holds it and reads like `reads`. */
  allowed: AnalysisRequest;
  reads: RegExp;
  /** Denied by the engine and in no reported class. */
  denied: AnalysisRequest[];
  /**
   * More requests the same world lets through, each in a class reading like its `reads`: a world is
   * in the tables once (hidden-style.test checks), so what another case said of it is folded here.
   */
  also?: Pick<HiddenCase, 'allowed' | 'reads'>[];
}

export const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod';
export const checkout = {
  Sid: 'Checkout',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: INVOKE,
  Resource: ANY_ORDERS,
};
/** smallWorld whose hub lets CheckoutRole in and also holds `statements` (the orders API open). */
export const checkoutAnd = (...statements: object[]) => smallWorld([checkout, ...statements]);
/** A statement of `effect` for `principal` (`{ Principal: … }` or `{ NotPrincipal: … }`) invoking `resource`, under `condition`. */
const statement = (
  effect: 'Allow' | 'Deny',
  sid: string,
  principal: object,
  condition?: object,
  resource: string | string[] = ANY_ORDERS,
) => ({
  Sid: sid,
  Effect: effect,
  ...principal,
  Action: INVOKE,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});
export const allow = (sid: string, principal: object, condition?: object, resource?: string | string[]) =>
  statement('Allow', sid, principal, condition, resource);
export const deny = (sid: string, principal: object, condition?: object, resource?: string | string[]) =>
  statement('Deny', sid, principal, condition, resource);
export const ANYONE = { Principal: '*' };
/** A resource policy letting anyone in: the endpoint's policy decides. */
export const open = [allow('Open', ANYONE)];
/** A statement letting anyone invoke anything (an endpoint that leaves the decision to the API). */
export const openAll = allow('Open', ANYONE, undefined, '*');

export type P = AnalysisRequest['principal'];
const MEMBERS = ['111111111111', '222222222222', '333333333333', '444444444444'];
/** A member account's principals carry the organization's id (as the world states it). */
export const org = (arn: string) => (MEMBERS.some((a) => arn.includes(`::${a}:`)) ? { orgId: ORG } : {});
export const role = (arn: string, sessionName = 'work', extra: object = {}): P => ({
  kind: 'role',
  arn,
  sessionName,
  ...org(arn),
  ...extra,
});
export const user = (arn: string, extra: object = {}): P => ({ kind: 'user', arn, ...org(arn), ...extra });
/** A request to the orders API (GET /orders unless told), `more` added. */
/** A principal of account 555555555555 (outside the organization): its grant, a role, a user. */
export const of555 = { Principal: { AWS: '555555555555' } };
export const R555 = (name: string, session = 'work', extra: object = {}) =>
  role(`arn:aws:iam::555555555555:role/${name}`, session, extra);
export const U555 = (name: string, extra: object = {}) =>
  user(`arn:aws:iam::555555555555:user/${name}`, extra);

export const req = (
  principal: P,
  method = 'GET',
  path = '/orders',
  more: Partial<AnalysisRequest> = {},
): AnalysisRequest => ({ api: 'orders', principal, method, path, ...more });
/** GET /orders by 555555555555's role Any (session wk), with these context keys. */
export const any555 = (context: Record<string, string>) =>
  req(R555('Any', 'wk'), 'GET', '/orders', { context });
/** The checkout grant and 555555555555's grant under `condition`. */
export const of555When = (sid: string, condition: object) => checkoutAnd(allow(sid, of555, condition));
/** The checkout grant, 555555555555's grant, and a Deny to anyone under `condition`. */
export const of555Denying = (sid: string, condition: object, resource?: string | string[]) =>
  checkoutAnd(allow('Of555', of555), deny(sid, ANYONE, condition, resource));
/** The endpoint open; the API's resource policy grants 555555555555 and denies anyone under `condition`. */
export const resource555Denying = (sid: string, condition: object, resource?: string | string[]) =>
  smallWorld(open, [allow('Of555', of555), deny(sid, ANYONE, condition, resource)]);
/** GET /orders by a role of the API's own account (222222222222, a member of ORG). */
export const R222 = req(role('arn:aws:iam::222222222222:role/Any', 'wk'));

export const HIDDEN: Record<string, HiddenCase> = {
  // 1. An account principal with a tag condition.
  accountTag: {
    world: checkoutAnd(allow('Analytics', of555, { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } })),
    allowed: req(R555('data/Loader', 'etl', { tags: { team: 'analytics' } })),
    reads: /555555555555.*tag team is "analytics"/,
    denied: [
      req(R555('data/Loader', 'etl', { tags: { team: 'Analytics' } })),
      req(R555('data/Loader', 'etl')),
      req(role('arn:aws:iam::666666666666:role/data/Loader', 'etl', { tags: { team: 'analytics' } })),
    ],
  },
  accountRootTagIgnoreCaseAndVpce: {
    world: checkoutAnd(
      allow(
        'Analytics',
        { Principal: { AWS: 'arn:aws:iam::555555555555:root' } },
        {
          StringEqualsIgnoreCase: { 'aws:PrincipalTag/Team': 'Analytics' },
          StringEquals: { 'aws:SourceVpce': HUB },
        },
      ),
    ),
    allowed: req(R555('Anything', 'x1', { tags: { Team: 'ANALYTICS' } })),
    reads: /555555555555.*tag Team is .*analytics/i,
    denied: [req(R555('Anything', 'x1', { tags: { Team: 'ops' } }))],
  },
  accountKeyTagNotSuspended: {
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('Of555', ANYONE, {
          StringEquals: {
            'aws:PrincipalAccount': '555555555555',
            'aws:PrincipalTag/team': ['analytics', 'bi'],
          },
          Null: { 'aws:PrincipalTag/suspended': 'true' },
        }),
      ],
    ),
    allowed: req(R555('bi/Dash', 'dash', { tags: { team: 'bi' } })),
    reads: /555555555555.*tag team is "analytics" or "bi"|555555555555.*tag team is one of/,
    denied: [
      req(R555('bi/Dash', 'dash', { tags: { team: 'bi', suspended: 'no' } })),
      req(R555('bi/Dash', 'dash', { tags: { team: 'ops' } })),
    ],
  },
  accountTagDenyCarve: {
    world: checkoutAnd(
      allow(
        'Analytics',
        { Principal: { AWS: ['555555555555', '666666666666'] } },
        { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': 'analytics*' } },
      ),
      deny(
        'NotInterns',
        ANYONE,
        { StringEqualsIfExists: { 'aws:PrincipalTag/level': 'intern' } },
        `${ORDERS}/DELETE/*`,
      ),
    ),
    allowed: req(
      role('arn:aws:iam::666666666666:role/X', 'sess', { tags: { team: 'analytics-eu', level: 'senior' } }),
      'DELETE',
      '/orders/1',
    ),
    reads: /666666666666.*tag team is like "analytics\*"/,
    denied: [
      req(
        role('arn:aws:iam::666666666666:role/X', 'sess', { tags: { team: 'analytics-eu', level: 'intern' } }),
        'DELETE',
        '/orders/1',
      ),
    ],
  },
  accountTagStringNotEquals: {
    world: checkoutAnd(
      allow('NotSandbox', of555, { StringNotEquals: { 'aws:PrincipalTag/env': 'sandbox' } }),
    ),
    // A principal without the tag passes StringNotEquals (a missing key matches negated operators).
    allowed: req(U555('ci')),
    reads: /555555555555.*tag env is not "sandbox"/,
    denied: [req(U555('ci', { tags: { env: 'sandbox' } }))],
  },
  // 2. A session-name pattern.
  sessionUserid: {
    world: checkoutAnd(allow('BreakGlass', ANYONE, { StringLike: { 'aws:userid': 'AROA*:break-glass-*' } })),
    allowed: req(role('arn:aws:iam::999999999999:role/Anyone', 'break-glass-42')),
    reads: /^any role; session name is like "break-glass-\*"/,
    denied: [
      req(role('arn:aws:iam::999999999999:role/Anyone', 'normal')),
      req(user('arn:aws:iam::999999999999:user/break-glass-1')),
    ],
  },
  sessionUseridOfOneRole: {
    world: checkoutAnd(
      allow('BreakGlassOps', of555, { StringLike: { 'aws:userid': 'AROAEXAMPLEOPSROLE01:break-glass-*' } }),
    ),
    allowed: req(R555('Ops', 'break-glass-me', { roleId: 'AROAEXAMPLEOPSROLE01' })),
    reads: /^any role whose account is "555555555555"; session name is like "break-glass-\*"/,
    denied: [req(R555('Ops', 'break-glass-me', { roleId: 'AROAEXAMPLEOTHER0001' }))],
  },
  sessionPrincipalArnSts: {
    // aws:PrincipalArn of a role session is the role's ARN: a session ARN pattern matches nobody,
    // so only the named session (Principal element) gets through.
    world: checkoutAnd(
      allow('Session', { Principal: { AWS: 'arn:aws:sts::555555555555:assumed-role/Ops/break-glass' } }),
      allow('NeverMatches', ANYONE, {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::555555555555:assumed-role/Ops/break-glass-*' },
      }),
    ),
    allowed: req(R555('Ops', 'break-glass')),
    reads: /Ops.*session name is "break-glass"/,
    denied: [req(R555('Ops', 'break-glass-2'))],
  },
  sessionDenyCarve: {
    world: smallWorld([
      allow('Org', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      deny(
        'OnlyBreakGlassWrites',
        ANYONE,
        { StringNotLike: { 'aws:userid': ['*:break-glass-*', '*:deploy-?'] } },
        `${ORDERS}/POST/*`,
      ),
    ]),
    allowed: req(role('arn:aws:iam::333333333333:role/Any', 'deploy-7'), 'POST', '/orders'),
    reads: /session name is like "break-glass-\*" or "deploy-\?"|session name is like/,
    denied: [req(role('arn:aws:iam::333333333333:role/Any', 'deploy-77'), 'POST', '/orders')],
  },
  // 3. ArnLike on a path.
  arnLikeOps: {
    world: checkoutAnd(
      allow('Ops', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }),
    ),
    allowed: req(role('arn:aws:iam::888888888888:role/ops/team/Deep', 's1')),
    reads: /role\/ops\/\*/,
    denied: [
      req(role('arn:aws:iam::888888888888:role/Deep', 's1')),
      req(user('arn:aws:iam::888888888888:user/ops/alice')),
    ],
  },
  arnLikeAccountPathDenyReadonly: {
    world: checkoutAnd(
      allow('Ops', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ops/*' } }),
      deny(
        'NoReadonlyWrites',
        ANYONE,
        { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/readonly/*' } },
        `${ORDERS}/POST/*`,
      ),
    ),
    allowed: req(R555('ops/readonly/Viewer', 's1'), 'GET', '/orders'),
    reads: /555555555555.*role\/ops\/\*/,
    denied: [
      req(R555('ops/readonly/Viewer', 's1'), 'POST', '/orders'),
      req(role('arn:aws:iam::666666666666:role/ops/Viewer', 's1')),
    ],
  },
  arnNotLikeDeny: {
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('Any', ANYONE),
        deny('OnlyDeployers', ANYONE, {
          ArnNotLike: {
            'aws:PrincipalArn': [
              'arn:aws:iam::*:role/deploy/*',
              'arn:aws:iam::111111111111:role/CheckoutRole',
            ],
          },
        }),
      ],
    ),
    allowed: req(role('arn:aws:iam::222222222222:role/deploy/Ci', 'ci')),
    reads: /role\/deploy\/\*/,
    denied: [
      req(role('arn:aws:iam::222222222222:role/Ci', 'ci')),
      req(user('arn:aws:iam::222222222222:user/deploy/ci')),
    ],
  },
  stringLikePrincipalArn: {
    world: checkoutAnd(
      allow('Deployers', ANYONE, { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*/deploy/*' } }),
    ),
    allowed: req(role('arn:aws:iam::444444444444:role/team-a/deploy/Pipeline', 'pp')),
    reads: /deploy/,
    denied: [req(role('arn:aws:iam::444444444444:role/deploy/Pipeline', 'pp'))],
  },
  // 4. A NotPrincipal gap.
  notPrincipalDenyGap: {
    // Meant "only alice", but a Deny with NotPrincipal spares every principal it names: listing
    // the account (as AWS asks, for alice's sake) spares the account root too.
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('Any', ANYONE),
        deny('AllButAlice', {
          NotPrincipal: { AWS: ['arn:aws:iam::555555555555:user/alice', 'arn:aws:iam::555555555555:root'] },
        }),
      ],
    ),
    allowed: req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    // The root holds every permission of its account, so it is in outright (alice only if her
    // identity policies allow: a class of her own).
    reads: /^the root of account 555555555555; any method and path$/,
    denied: [req(U555('bob')), req(R555('Alice', 'alice'))],
  },
  notPrincipalSessionGap: {
    // Spares one session of CheckoutRole (the account, the role and the session are all named).
    world: smallWorld(
      [allow('Any', ANYONE)],
      [
        allow('Org', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
        deny('OnlyCheckoutSession', {
          NotPrincipal: {
            AWS: [
              'arn:aws:iam::111111111111:root',
              'arn:aws:iam::111111111111:role/CheckoutRole',
              'arn:aws:sts::111111111111:assumed-role/CheckoutRole/spokegate',
            ],
          },
        }),
      ],
    ),
    allowed: req(role('arn:aws:iam::111111111111:role/CheckoutRole', 'spokegate')),
    reads: /CheckoutRole.*session name is "spokegate"/,
    denied: [
      req(role('arn:aws:iam::111111111111:role/CheckoutRole', 'other')),
      req(role('arn:aws:iam::333333333333:role/CheckoutRole', 'spokegate')),
    ],
  },
  notPrincipalAllow: {
    world: checkoutAnd(
      // "Everyone but", as AWS recommends writing it (NotPrincipal with Allow is refused: SG026).
      allow('EveryoneBut', ANYONE, {
        StringEquals: { 'aws:PrincipalOrgID': ORG },
        ArnNotEquals: {
          'aws:PrincipalArn': ['arn:aws:iam::999999999999:root', 'arn:aws:iam::555555555555:role/Bad'],
        },
      }),
    ),
    allowed: req(role('arn:aws:iam::333333333333:role/Whoever', 'ss')),
    reads: /organization is "o-a1b2c3d4e5"/,
    denied: [req(role('arn:aws:iam::333333333333:role/Whoever', 'ss', { orgId: 'o-zzzzzzzzzz' }))],
  },
  notPrincipalDenyWithCondition: {
    world: smallWorld([
      allow('Any', ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      deny(
        'OnlyAdminsDelete',
        { NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/Admin' } },
        undefined,
        `${ORDERS}/DELETE/*`,
      ),
    ]),
    // A session of Admin is not "arn:aws:iam::111111111111:role/Admin" in NotPrincipal terms? The
    // engine decides; the must-allow request is a GET by anyone in the organization.
    allowed: req(role('arn:aws:iam::444444444444:role/Whoever', 'ss'), 'GET', '/orders'),
    reads: /organization is "o-a1b2c3d4e5"/,
    denied: [req(role('arn:aws:iam::444444444444:role/Whoever', 'ss'), 'DELETE', '/orders/1')],
  },
  // 5. An organization path.
  orgPathLike: {
    world: checkoutAnd(
      allow('Ou', ANYONE, {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` },
      }),
    ),
    allowed: req(
      role('arn:aws:iam::777777777777:role/Any', 'ss', {
        orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`],
      }),
    ),
    reads: /organization path is like/,
    denied: [req(role('arn:aws:iam::777777777777:role/Any', 'ss', { orgPaths: [`${ORG}/r-ab12/`] }))],
  },
  orgPathDenySubOu: {
    world: checkoutAnd(
      allow('Ou', ANYONE, {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/*`] },
      }),
      deny('NotSandboxOu', ANYONE, {
        'ForAnyValue:StringLike': {
          'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-sandbox1/*`,
        },
      }),
    ),
    allowed: req(
      user('arn:aws:iam::777777777777:user/bob', { orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/`] }),
    ),
    reads: /organization path/,
    denied: [
      req(
        user('arn:aws:iam::777777777777:user/bob', {
          orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-sandbox1/`],
        }),
      ),
    ],
  },
  orgPathExactOtherOrg: {
    world: checkoutAnd(
      allow('PartnerOu', ANYONE, {
        'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': 'o-partner0001/r-pp11/ou-pp11-00000001/' },
      }),
    ),
    allowed: req(
      role('arn:aws:iam::888888888888:role/Partner', 'ss', {
        orgId: 'o-partner0001',
        orgPaths: ['o-partner0001/r-pp11/ou-pp11-00000001/'],
      }),
    ),
    reads: /organization path is "o-partner0001/,
    denied: [
      req(role('arn:aws:iam::888888888888:role/Partner', 'ss', { orgPaths: ['o-partner0001/r-pp11/'] })),
    ],
  },
  // Combinations.
  accountTagVpceAndIp: {
    world: checkoutAnd(
      allow('Analytics', of555, {
        StringEquals: { 'aws:PrincipalTag/team': 'analytics', 'aws:SourceVpce': HUB },
        IpAddress: { 'aws:VpcSourceIp': '10.1.0.0/16' },
      }),
    ),
    allowed: req(R555('A', 'ss', { tags: { team: 'analytics' } }), 'GET', '/orders', {
      context: { 'aws:VpcSourceIp': '10.1.2.3' },
    }),
    reads: /555555555555.*tag team is "analytics".*aws:VpcSourceIp.*not known offline/,
    denied: [
      req(R555('A', 'ss', { tags: { team: 'analytics' } }), 'GET', '/orders', {
        context: { 'aws:VpcSourceIp': '10.2.2.3' },
      }),
    ],
  },
  pathAndSessionAndOrg: {
    world: smallWorld([
      allow('OpsBreakGlass', ANYONE, {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' },
        StringLike: { 'aws:userid': '*:break-glass-*' },
        StringEquals: { 'aws:PrincipalOrgID': ORG },
      }),
    ]),
    allowed: req(role('arn:aws:iam::333333333333:role/ops/Oncall', 'break-glass-1')),
    reads: /role\/ops\/\*.*break-glass-\*/,
    denied: [
      req(role('arn:aws:iam::333333333333:role/Oncall', 'break-glass-1')),
      req(role('arn:aws:iam::333333333333:role/ops/Oncall', 'normal')),
    ],
  },
  tagNullOnResource: {
    world: smallWorld(open.concat(), [
      allow('Tagged', ANYONE, {
        Null: { 'aws:PrincipalTag/costcenter': 'false' },
        StringEquals: { 'aws:PrincipalOrgID': ORG },
      }),
    ]),
    allowed: req(role('arn:aws:iam::333333333333:role/X', 'ss', { tags: { costcenter: '42' } })),
    reads: /tag costcenter is present/,
    denied: [req(role('arn:aws:iam::333333333333:role/X', 'ss'))],
  },
};
