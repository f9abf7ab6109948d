// A ninth set of hidden-style cases (issue 14 item 4, pass 18): one per shape the hidden check names,
// each with a twist the first eight sets do not walk — a tag key spelled two ways (keys compare
// case-insensitively, values do not), a session-name pattern a federated user's aws:userid
// (ACCOUNT:NAME) fits, an ArnLike whose `?` stands for one character of a role path, a NotPrincipal
// that spares a federated user, an organization path with a wildcard in the middle. Hand truth first
// (IAM's condition operator, global condition key and NotPrincipal pages), then the analysis.
import * as hs from './hidden-style.js';
import { ORG, smallWorld } from './helpers.js';

const FED = (name: string): hs.P => ({
  kind: 'federated-user',
  arn: `arn:aws:sts::555555555555:federated-user/${name}`,
});
const R777 = (path: string, extra: object = {}) =>
  hs.req(hs.role(`arn:aws:iam::777777777777:role/${path}`, 'ss', extra));

/** A request by 555555555555's role Any tagged Team (untagged when undefined). */
const teamOf = (Team: string | undefined, method = 'GET', path = '/orders') =>
  hs.req(hs.R555('Any', 'wk', Team === undefined ? {} : { tags: { Team } }), method, path);

export const NINTH: Record<string, hs.HiddenCase> = {
  accountTagTwoSpellings: {
    // StringEquals compares values case-sensitively; the key `aws:principaltag/TEAM` is the same key
    // as `aws:PrincipalTag/Team` (key names are case-insensitive): the Deny of DELETE reads it.
    world: hs.checkoutAnd(
      hs.allow('Analytics', hs.of555, { StringEquals: { 'aws:PrincipalTag/Team': 'analytics' } }),
      hs.deny(
        'NoDelete',
        hs.ANYONE,
        { StringEqualsIgnoreCase: { 'aws:principaltag/TEAM': 'ANALYTICS' } },
        `${hs.ORDERS}/DELETE/*`,
      ),
    ),
    allowed: teamOf('analytics'),
    reads: /555555555555.*tag Team is "analytics"/,
    denied: [teamOf('analytics', 'DELETE', '/orders/1'), teamOf('Analytics'), teamOf(undefined)],
  },
  sessionPatternFederated: {
    // aws:userid is ROLEID:SESSION for a role session and ACCOUNT:NAME for a federated user (global
    // condition keys, aws:userid): `*:break-glass-?` fits both; an IAM user's id has no colon.
    world: hs.of555When('BreakGlass', { StringLike: { 'aws:userid': '*:break-glass-?' } }),
    allowed: hs.req(FED('break-glass-1')),
    reads: /federated user/,
    denied: [
      hs.req(FED('break-glass-12')),
      hs.req(hs.U555('break-glass-1', { userId: 'AIDAEXAMPLEUSER00001' })),
      hs.req(hs.R555('Ops', 'break-glass-12', { roleId: 'AROAEXAMPLEOPSROLE01' })),
    ],
  },
  arnLikeOneCharacterPath: {
    // ArnLike's `?` is one character: role/team-a/… fits role/team-?/*, role/team-ab/… and a user
    // at that path do not, nor a role named team-a with no further path.
    world: hs.checkoutAnd(
      hs.allow('Teams', hs.ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/team-?/*' } }),
    ),
    allowed: R777('team-a/deploy/ci'),
    reads: /path|like/,
    denied: [
      R777('team-ab/deploy/ci'),
      R777('team-a'),
      hs.req(hs.user('arn:aws:iam::777777777777:user/team-a/ci')),
    ],
  },
  notPrincipalSparesFederated: {
    // Meant "only the account", but a Deny with NotPrincipal spares each principal it names, a
    // federated user's ARN included: Bob gets through, another federated user and roles do not.
    world: smallWorld(
      [hs.openAll],
      [
        hs.allow('Of555', hs.of555),
        hs.deny('AllButRootAndBob', {
          NotPrincipal: {
            AWS: ['arn:aws:iam::555555555555:root', 'arn:aws:sts::555555555555:federated-user/Bob'],
          },
        }),
      ],
    ),
    allowed: hs.req(FED('Bob')),
    reads: /federated user/,
    denied: [hs.req(FED('Eve')), hs.req(hs.R555('Any', 'wk')), hs.req(hs.U555('bob'))],
  },
  orgPathMiddleWildcard: {
    // A path under any root of the organization whose OU starts ou-ab12-dev: an account the config
    // does not state may be in it (777777777777); a path to another OU or none is kept out.
    world: hs.checkoutAnd(
      hs.allow('DevOus', hs.ANYONE, {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/*/ou-ab12-dev*/*` },
      }),
    ),
    allowed: R777('Any', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-dev1/`] }),
    reads: /organization path is like/,
    denied: [R777('Any', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-prod/`] }), R777('Any')],
  },
};
