// A fifth set of hidden-style cases (issue 14, lane F): principals no configured role resembles get
// through by shapes the first four sets do not walk — the API's own facts in conditions
// (aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths, aws:ResourceTag, which a call
// carries as the API's account, organization and path, never as tags), AWS's data-perimeter endpoint
// policy, the "revoke older sessions" Deny on aws:TokenIssueTime beside session and federated-user
// patterns, a NotPrincipal gap for a role at a path, organization paths on both sides, permissions
// boundaries on configured roles, and MFA keys only temporary credentials carry. Each names a
// request that must be allowed (in a class that reads like `reads`) and requests that must stay denied.
import { ORG, policy, smallWorld } from './helpers.js';
import * as hs from './hidden-style.js';

const ROOT555: hs.P = { kind: 'root', arn: 'arn:aws:iam::555555555555:root' };
const federated = (name: string, extra: object = {}): hs.P => ({
  kind: 'federated-user',
  arn: `arn:aws:sts::555555555555:federated-user/${name}`,
  ...extra,
});
/** A role of an account whose organization the world does not state, carrying `orgId` and a path. */
const outsideRole = (account: string, name: string, orgId?: string, path?: string): hs.P =>
  hs.role(`arn:aws:iam::${account}:role/${name}`, 'work', {
    ...(orgId ? { orgId } : {}),
    ...(path ? { orgPaths: [path] } : {}),
  });
const OU1 = `${ORG}/r-ab12/ou-ab12-11111111/`;
const REVOKED_BEFORE = '2026-06-01T00:00:00Z';

/** AWS's data-perimeter default endpoint policy (aws-samples/data-perimeter-policy-examples). */
const orgToOrg = hs.allow('AllowRequestsByOrgsIdentitiesToOrgsResources', hs.ANYONE, {
  StringEquals: { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': ORG },
});

/** smallWorld with a configured role of 555555555555 whose identity allows all and whose boundary allows GET only. */
function boundedWorld(): ReturnType<typeof smallWorld> {
  const w = smallWorld(hs.open, [hs.allow('Of555', hs.of555)]);
  return {
    ...w,
    roles: [
      ...w.roles,
      {
        alias: 'Bounded',
        arn: 'arn:aws:iam::555555555555:role/apps/Bounded',
        sessionName: 'spokegate',
        identityPolicies: [
          policy('identity:Bounded', [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }]),
        ],
        permissionsBoundary: policy('boundary:Bounded', [
          { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${hs.ORDERS}/GET/*` },
        ]),
      },
    ],
  };
}

export const FIFTH: Record<string, hs.HiddenCase> = {
  dataPerimeterEndpoint: {
    // The organization's principals to the organization's resources (the API account is a member),
    // and partners of 555555555555 tagged "partner": nobody configured resembles either.
    world: smallWorld(
      [orgToOrg, hs.allow('Partners', hs.of555, { StringEquals: { 'aws:PrincipalTag/kind': 'partner' } })],
      hs.open,
    ),
    allowed: hs.req(outsideRole('333333333333', 'ops/Anything')),
    reads: /o-a1b2c3d4e5/,
    denied: [hs.req(hs.R555('Untagged')), hs.req(outsideRole('777777777777', 'X', 'o-other12345'))],
  },
  resourceTagIfExistsOf555: {
    // aws:ResourceTag is never in an execute-api call: IfExists holds, the plain Deny never does.
    world: smallWorld(hs.open, [
      hs.allow('Of555', hs.of555, { StringEqualsIfExists: { 'aws:ResourceTag/env': 'prod' } }),
      hs.deny('NotDev', hs.ANYONE, { StringEquals: { 'aws:ResourceTag/env': 'dev' } }),
    ]),
    allowed: hs.req(hs.R555('Reader')),
    reads: /^(?![\s\S]*ResourceTag)[\s\S]*555555555555/,
    denied: [hs.req(hs.role('arn:aws:iam::666666666666:role/Reader'))],
  },
  resourceAccountDenyBesideTag: {
    // The data-perimeter Deny on the API's own account never applies; the tag grant decides.
    world: smallWorld(hs.open, [
      hs.allow('Analytics', hs.of555, { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } }),
      hs.deny('OnlyOurApis', hs.ANYONE, { StringNotEquals: { 'aws:ResourceAccount': '222222222222' } }),
    ]),
    allowed: hs.req(hs.R555('data/Loader', 'etl', { tags: { team: 'analytics' } })),
    reads: /^(?![\s\S]*ResourceAccount)[\s\S]*555555555555.*tag team is "analytics"/,
    denied: [hs.req(hs.R555('data/Loader', 'etl', { tags: { team: 'ops' } }))],
  },
  resourceAccountOtherAllowNobody: {
    // A grant on another account's APIs lets nobody in here; the checkout grant does.
    world: hs.of555When('Theirs', { StringEquals: { 'aws:ResourceAccount': '555555555555' } }),
    allowed: hs.req(hs.role('arn:aws:iam::111111111111:role/CheckoutRole')),
    reads: /CheckoutRole/,
    denied: [hs.req(hs.R555('Any')), hs.req(hs.U555('ci')), hs.req(ROOT555)],
  },
  revokeOlderSessionsOnPathPattern: {
    // Deploy roles at path deploy/ of 555555555555, but no session issued before the revocation.
    // Asked six hours after the revocation: a role session lives at most 12 h, so sessions from
    // either side of it are alive (who-can-session-life.test.ts).
    world: {
      ...smallWorld(hs.open, [
        hs.allow('Deployers', hs.ANYONE, {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/deploy/*' },
        }),
        hs.deny('RevokeOlderSessions', hs.ANYONE, { DateLessThan: { 'aws:TokenIssueTime': REVOKED_BEFORE } }),
      ]),
      now: '2026-06-01T06:00:00Z',
    },
    allowed: hs.req(hs.R555('deploy/eu/Pusher', 'ci-1', { issuedAt: '2026-06-01T01:00:00Z' })),
    reads: /deploy.*TokenIssueTime is (at or after|after)/,
    denied: [
      hs.req(hs.R555('deploy/eu/Pusher', 'ci-1', { issuedAt: '2026-05-31T23:59:59Z' })),
      hs.req(hs.R555('deployer/Pusher', 'ci-1', { issuedAt: '2026-06-01T01:00:00Z' })),
    ],
  },
  federatedBreakGlassAfterDate: {
    // Federated users named break-glass-* whose session was issued after a date.
    // Asked half a day after the date: a federated user's credentials live at most 36 h, so
    // sessions from either side of it are alive (who-can-session-life.test.ts).
    world: {
      ...smallWorld(hs.open, [
        hs.allow('BreakGlass', hs.ANYONE, {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::555555555555:federated-user/break-glass-*' },
          DateGreaterThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' },
        }),
      ]),
      now: '2026-01-01T12:00:00Z',
    },
    allowed: hs.req(federated('break-glass-7', { issuedAt: '2026-01-01T01:00:00Z' })),
    reads: /federated user.*break-glass-\*.*TokenIssueTime is after/,
    denied: [
      hs.req(federated('break-glass-7', { issuedAt: '2025-12-31T23:00:00Z' })),
      hs.req(federated('glass-7', { issuedAt: '2026-01-01T01:00:00Z' })),
      hs.req(hs.U555('break-glass-7')),
    ],
  },
  notPrincipalRoleAtPath: {
    // DELETE is denied to all but the on-call session of the break-glass role at path ops/: a
    // NotPrincipal Deny spares a role session only when it names the session's ARN (which carries no
    // path) besides the role and its account; another session of the same role is not spared.
    world: smallWorld(hs.open, [
      hs.allow('Of555', hs.of555),
      {
        Sid: 'OnlyBreakGlassDeletes',
        Effect: 'Deny',
        NotPrincipal: {
          AWS: [
            'arn:aws:sts::555555555555:assumed-role/BreakGlass/oncall',
            'arn:aws:iam::555555555555:role/ops/BreakGlass',
            '555555555555',
          ],
        },
        Action: 'execute-api:Invoke',
        Resource: `${hs.ORDERS}/DELETE/*`,
      },
    ]),
    allowed: hs.req(hs.R555('ops/BreakGlass', 'oncall'), 'DELETE', '/orders/1'),
    reads: /BreakGlass/,
    denied: [
      hs.req(hs.R555('ops/BreakGlass', 'daytime'), 'DELETE', '/orders/1'),
      hs.req(hs.U555('ops/BreakGlass'), 'DELETE', '/orders/1'),
      hs.req(hs.R555('Other', 'oncall'), 'DELETE', '/orders/1'),
    ],
  },
  orgPathsBothSides: {
    // Principals under OU1 calling an API whose account's path (stated) is in the organization.
    world: {
      ...smallWorld(hs.open, [
        hs.allow('Ou1ToOrg', hs.ANYONE, {
          'ForAnyValue:StringLike': {
            'aws:PrincipalOrgPaths': `${OU1}*`,
            'aws:ResourceOrgPaths': `${ORG}/*`,
          },
        }),
      ]),
      orgPaths: { '222222222222': `${ORG}/r-ab12/ou-ab12-22222222/` },
    },
    allowed: hs.req(outsideRole('777777777777', 'Svc', ORG, `${OU1}ou-ab12-33333333/`)),
    reads: /organization path/,
    denied: [hs.req(outsideRole('777777777777', 'Svc', ORG, `${ORG}/r-ab12/ou-ab12-44444444/`))],
  },
  resourceOrgUnstated: {
    // The API account's organization is not stated: the grant holds only if it is ours (not known offline).
    world: {
      ...smallWorld(hs.open, [
        hs.allow('Of555InOrg', hs.of555, { StringEquals: { 'aws:ResourceOrgID': ORG } }),
      ]),
      organization: { id: ORG, members: ['111111111111'] },
    },
    allowed: hs.req(hs.R555('Reader'), 'GET', '/orders', { context: { 'aws:ResourceOrgID': ORG } }),
    reads: /555555555555.*aws:ResourceOrgID is "o-a1b2c3d4e5" \(not known offline\)/,
    denied: [hs.req(hs.R555('Reader'))],
  },
  boundaryLimitsKnownRole: {
    // A configured role of 555555555555 whose boundary allows GET: POST is kept out for it alone.
    world: boundedWorld(),
    allowed: hs.req(hs.role('arn:aws:iam::555555555555:role/apps/Bounded', 'spokegate'), 'GET', '/orders'),
    reads: /Bounded/,
    denied: [hs.req(hs.role('arn:aws:iam::555555555555:role/apps/Bounded', 'spokegate'), 'POST', '/orders')],
  },
  anonymousHealthOnOwnAccount: {
    // Anonymous callers on the NONE route, granted on a condition over the API's own account.
    world: smallWorld(
      [hs.allow('Any', hs.ANYONE)],
      [
        hs.allow(
          'HealthOfOurs',
          hs.ANYONE,
          { StringEquals: { 'aws:ResourceAccount': '222222222222' } },
          `${hs.ORDERS}/GET/health`,
        ),
      ],
      { noneRoutes: ['GET /health'] },
    ),
    allowed: hs.req({ kind: 'anonymous' }, 'GET', '/health'),
    reads: /anonymous.*health/,
    denied: [
      hs.req({ kind: 'anonymous' }, 'GET', '/orders'),
      hs.req({ kind: 'anonymous' }, 'POST', '/health'),
    ],
  },
  principalArnPathAnyMemberAccount: {
    // CI roles at path ci/ in any account of the organization, stated or not (the key is the fact).
    world: smallWorld(hs.open, [
      hs.allow('CiOfOrg', hs.ANYONE, {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci/*' },
        StringEquals: { 'aws:PrincipalOrgID': ORG },
      }),
    ]),
    allowed: hs.req(outsideRole('888888888888', 'ci/Runner', ORG)),
    reads: /ci\//,
    denied: [
      hs.req(outsideRole('888888888888', 'ci/Runner', 'o-other12345')),
      hs.req(outsideRole('888888888888', 'ci2/Runner', ORG)),
      hs.req(hs.user('arn:aws:iam::333333333333:user/ci/Runner')),
    ],
  },
};
