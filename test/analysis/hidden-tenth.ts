// A tenth set of hidden-style cases (issue 14 item 4, pass 19): one per shape the hidden check names,
// each with a twist the first nine sets do not walk — an account's tag tested by ForAnyValue (one
// value of a set; an untagged caller has no value, so it is kept out), a session name of exactly two
// more characters (`?`) after a role-id prefix, an ArnNotLike Deny that spares one role path, a
// NotPrincipal naming only an account's root (its roles and users are not spared), and
// ForAnyValue:StringLike over two organizations' paths (a partner organization's too). Hand truth
// first (IAM's condition operator, global condition key and NotPrincipal pages), then the analysis.
import * as hs from './hidden-style.js';
import { ORG, smallWorld } from './helpers.js';

const PARTNER = 'o-p4rtn3r000';
const R777 = (path: string, extra: object = {}) =>
  hs.req(hs.role(`arn:aws:iam::777777777777:role/${path}`, 'ss', extra));
/** GET /orders by 555555555555's role Any tagged team (untagged when undefined). */
const teamOf = (team: string | undefined) =>
  hs.req(hs.R555('Any', 'wk', team === undefined ? {} : { tags: { team } }));
const OPS_ID = { roleId: 'AROAEXAMPLEOPSROLE01' };

export const TENTH: Record<string, hs.HiddenCase> = {
  accountTagForAnyValue: {
    // ForAnyValue: some value of the request's (a single-valued tag has one) equals one listed;
    // with the key absent there is no value, so it does not hold (condition operators, set operators).
    world: hs.of555When('Teams', {
      'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['analytics', 'bi'] },
    }),
    allowed: teamOf('bi'),
    reads: /555555555555.*tag team is "analytics" or "bi"/,
    denied: [
      teamOf('BI'),
      teamOf(undefined),
      teamOf('ops'),
      hs.req(hs.role('arn:aws:iam::666666666666:role/Any', 'wk', { tags: { team: 'bi' } })),
    ],
  },
  sessionTwoCharacters: {
    // aws:userid of a role session is ROLEID:SESSION (global condition keys): AROA*:oncall-?? takes a
    // role session named oncall- and two characters; a federated user's ACCOUNT:NAME does not start
    // AROA, an IAM user's id has no colon.
    world: hs.of555When('OnCall', { StringLike: { 'aws:userid': 'AROA*:oncall-??' } }),
    allowed: hs.req(hs.R555('Ops', 'oncall-07', OPS_ID)),
    reads: /555555555555.*session name is like "oncall-\?\?"/,
    denied: [
      hs.req(hs.R555('Ops', 'oncall-7', OPS_ID)),
      hs.req(hs.R555('Ops', 'oncall-007', OPS_ID)),
      hs.req({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/oncall-07' }),
      hs.req(hs.U555('oncall-07', { userId: 'AIDAEXAMPLEUSER00001' })),
    ],
  },
  arnNotLikeOnePath: {
    // Everyone is let in, then denied unless a role under /ops/ (ArnNotLike; an absent
    // aws:PrincipalArn, an unsigned caller's, makes a negated operator hold): any account's
    // /ops/ roles get through, a role at /opsx/ or named ops, and a user under /ops/, do not.
    world: smallWorld(
      [hs.openAll],
      [
        hs.allow('Anyone', hs.ANYONE),
        hs.deny('OnlyOps', hs.ANYONE, { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }),
      ],
    ),
    allowed: R777('ops/deployer'),
    reads: /ARN like "arn:aws:iam::\*:role\/ops\/\*"/,
    denied: [
      R777('opsx/deployer'),
      R777('ops'),
      hs.req(hs.user('arn:aws:iam::777777777777:user/ops/deployer')),
      hs.req({ kind: 'anonymous' }),
    ],
  },
  notPrincipalAccountRoot: {
    // A Deny with NotPrincipal spares a caller only when every identity of it is named
    // (reference_policies_elements_notprincipal: a role session needs its session, role and
    // account named): naming 555555555555's root spares the root alone, behind an open policy.
    world: smallWorld(
      [hs.openAll],
      [
        hs.allow('Anyone', hs.ANYONE),
        hs.deny('AllButRoot', { NotPrincipal: { AWS: 'arn:aws:iam::555555555555:root' } }),
      ],
    ),
    allowed: hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    reads: /^the root of account 555555555555;/,
    denied: [
      hs.req(hs.R555('Any', 'wk')),
      hs.req(hs.U555('bob')),
      hs.req({ kind: 'root', arn: 'arn:aws:iam::666666666666:root' }),
      hs.req(hs.role('arn:aws:iam::111111111111:role/CheckoutRole', 'wk')),
    ],
  },
  orgPathsTwoOrganizations: {
    // ForAnyValue:StringLike over one OU of ours and anywhere in a partner organization: an account
    // the config does not state may be in either (777777777777); another OU of ours, or no
    // organization at all (no path), is kept out.
    world: hs.checkoutAnd(
      hs.allow('OusAndPartner', hs.ANYONE, {
        'ForAnyValue:StringLike': {
          'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/*`, `${PARTNER}/*`],
        },
      }),
    ),
    allowed: R777('Any', { orgId: PARTNER, orgPaths: [`${PARTNER}/r-cd34/ou-cd34-22222222/`] }),
    reads:
      /organization path is like "o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\/\*" or like "o-p4rtn3r000\/\*"/,
    denied: [
      R777('Any', { orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-22222222/`] }),
      R777('Any'),
      hs.req({ kind: 'anonymous' }),
    ],
  },
};
