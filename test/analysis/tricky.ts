// Policies in which principals that no configured role resembles get through: the cases a sample
// of configured roles cannot see, each with what who-can must report.
import { ANY_ORDERS, HUB, INVOKE, smallWorld } from './helpers.js';

const named = (arn: string) => ({
  Sid: 'Named',
  Effect: 'Allow',
  Principal: { AWS: arn },
  Action: INVOKE,
  Resource: ANY_ORDERS,
});
/** Allow `principal` on the orders API when `condition` holds. */
const allowWhen = (Sid: string, principal: unknown, condition: object) => ({
  Sid,
  Effect: 'Allow',
  Principal: principal,
  Action: INVOKE,
  Resource: ANY_ORDERS,
  Condition: condition,
});
/** Deny everyone the orders API when `condition` holds. */
const denyWhen = (Sid: string, condition: object) => ({
  Sid,
  Effect: 'Deny',
  Principal: '*',
  Action: INVOKE,
  Resource: ANY_ORDERS,
  Condition: condition,
});
const orgOnly = allowWhen('OrgOnly', '*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });

export const TRICKY = {
  accountWithTag: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    allowWhen(
      'AnalyticsOf555',
      { AWS: '555555555555' },
      { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } },
    ),
  ]),
  sessionPattern: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    allowWhen('BreakGlass', '*', { StringLike: { 'aws:userid': '*:break-glass-*' } }),
  ]),
  arnLikePath: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    allowWhen('OpsPath', '*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }),
  ]),
  orgPath: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    allowWhen('PlatformOu', '*', {
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
    }),
  ]),
  sourceIpAndDeny: smallWorld(
    [
      orgOnly,
      denyWhen('DenyOutsideOffice', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.1.0/24'] } }),
    ],
    [
      { Sid: 'Any', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS },
      {
        Sid: 'NoAdminsWrite',
        Effect: 'Deny',
        Principal: '*',
        Action: INVOKE,
        Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*Admin*' } },
      },
    ],
  ),
  routeScoped: smallWorld(
    [
      named('arn:aws:iam::111111111111:role/CheckoutRole'),
      {
        Sid: 'Health',
        Effect: 'Allow',
        Principal: '*',
        Action: INVOKE,
        Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/health',
      },
      {
        Sid: 'ReadsFor444',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444444444444:root' },
        Action: INVOKE,
        Resource: ['execute-api:/prod/GET/orders/*', 'execute-api:/*/GET/reports?'],
        Condition: {
          StringEqualsIgnoreCase: { 'aws:PrincipalTag/Env': 'Prod' },
          StringNotLike: { 'aws:userid': '*:temp-*' },
        },
      },
    ],
    undefined,
    { noneRoutes: ['GET /health'] },
  ),
  // An account principal lets in its IAM users and its root too, not only its roles.
  accountUsersAndRoot: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    named('555555555555'),
    { ...named('arn:aws:iam::666666666666:root'), Sid: 'RootOf666' },
  ]),
  userArn: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    { ...named('arn:aws:iam::777777777777:user/ops/alice'), Sid: 'Alice' },
    allowWhen('UsersNamedBob', '*', { StringEquals: { 'aws:username': 'bob' } }),
  ]),
  // A role named by its unique id: whichever role has that id, in whatever account.
  uniqueId: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    { ...named('AROAEXAMPLEID1234567X'), Sid: 'ById' },
    allowWhen('IdPrefix', '*', { StringLike: { 'aws:userid': 'AROAPREFIX*:deploy-*' } }),
  ]),
  numericAndDate: smallWorld([
    allowWhen('RecentMfa', '*', {
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      DateLessThan: { 'aws:CurrentTime': '2027-06-30T00:00:00Z' },
    }),
    denyWhen('NotBeforeLaunch', { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }),
  ]),
  // The API is associated with another endpoint only: by private DNS the policies decide; by the
  // alias name {api}-{vpce} of this (unassociated) endpoint nothing gets through.
  aliasUnassociated: smallWorld([named('arn:aws:iam::111111111111:role/CheckoutRole')], undefined, {
    acceptedEndpoints: ['vpce-0fffffffffffffff0'],
  }),
  aliasAssociated: smallWorld([named('arn:aws:iam::111111111111:role/CheckoutRole')], undefined, {
    acceptedEndpoints: [HUB],
  }),
  // Resource patterns with policy variables: a user reaches only its own path, a team its own.
  resourceVariables: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    {
      Sid: 'OwnUserPath',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/users/${aws:username}',
    },
    {
      Sid: 'OwnTeam',
      Effect: 'Allow',
      Principal: { AWS: '555555555555' },
      Action: INVOKE,
      Resource: 'execute-api:/prod/*/teams/${aws:PrincipalTag/team}/*',
    },
  ]),
  // Roles named together (one region for those named alike), one of them also elsewhere.
  namedTogether: smallWorld([
    {
      Sid: 'Team',
      Effect: 'Allow',
      Principal: {
        AWS: [
          'arn:aws:iam::111111111111:role/TeamA',
          'arn:aws:iam::111111111111:role/TeamB',
          'arn:aws:iam::111111111111:role/ops/TeamC',
          'arn:aws:iam::333333333333:role/TeamA',
          'arn:aws:iam::111111111111:user/alice',
          'arn:aws:iam::111111111111:user/bob',
        ],
      },
      Action: INVOKE,
      Resource: ANY_ORDERS,
    },
    {
      Sid: 'NoWritesForC',
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/TeamC' },
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/*',
    },
  ]),
};

/** Policies whose condition values hold policy variables, and aws:userid patterns across its parts. */
export const VARIABLES = {
  // Condition values with policy variables: a tag equal to another tag, a role named after its tag,
  // a session named after the caller's team (aws:userid), a user named after its tag.
  conditionVariables: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    allowWhen(
      'OwnersOf555',
      { AWS: '555555555555' },
      { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } },
    ),
    {
      Sid: 'RoleNamedAfterTeam',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/${aws:PrincipalTag/team}' } },
    },
    {
      Sid: 'SessionNamedAfterTeam',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/*',
      Condition: {
        StringLike: { 'aws:userid': '*:${aws:PrincipalTag/team}' },
        StringEquals: { 'aws:PrincipalTag/Env': ['prod', "${aws:PrincipalTag/owner, 'prod'}"] },
      },
    },
    {
      Sid: 'NotTheOwnerWrites',
      Effect: 'Deny',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/DELETE/*',
      Condition: { StringNotEquals: { 'aws:username': '${aws:PrincipalTag/owner}' } },
    },
  ]),
  // aws:userid is ROLEID:SESSION (a role), the user's id (a user) or the account (root): a pattern
  // with a wildcard in the middle may cross the colon.
  useridPatterns: smallWorld([
    named('arn:aws:iam::111111111111:role/CheckoutRole'),
    {
      Sid: 'IdThenSessionSuffix',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/*',
      Condition: { StringLike: { 'aws:userid': ['AROA*-1', 'AIDA*Z', '5*5'] } },
    },
    {
      Sid: 'QuestionMarkOnTheColon',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/*',
      Condition: { StringLike: { 'aws:userid': ['AROAPREFIX*?break-glass-*', '*A?b*'] } },
    },
    denyWhen('NoTempSessions', { StringLike: { 'aws:userid': 'AROA*:temp-*' } }),
  ]),
};
