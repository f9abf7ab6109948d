// The eight generated worlds of the completeness check (random endpoint and resource policies, a
// fixed seed), shared by the two files that check half of them each: the files run side by side.
import fc from 'fast-check';
import { ANY_ORDERS, HUB, INVOKE, ORG, smallWorld } from './helpers.js';

const principal = fc.constantFrom<object>(
  { Principal: '*' },
  { Principal: { AWS: '555555555555' } },
  { Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' } },
  { Principal: { AWS: 'arn:aws:sts::111111111111:assumed-role/CheckoutRole/break-glass-1' } },
  {
    Principal: { AWS: ['arn:aws:iam::444444444444:root', 'arn:aws:iam::333333333333:role/ops/PayRole'] },
  },
  { NotPrincipal: { AWS: ['arn:aws:iam::111111111111:role/CheckoutRole', '111111111111'] } },
  { Principal: { AWS: ['arn:aws:iam::777777777777:user/ops/alice', 'AROAEXAMPLEID1234567X'] } },
  { NotPrincipal: { AWS: ['arn:aws:iam::555555555555:root', 'AIDAEXAMPLEID1234567X'] } },
);
const resource = fc.constantFrom<string | string[]>(
  ANY_ORDERS,
  'arn:aws:execute-api:us-west-2:*:*/prod/GET/*',
  'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/orders',
  ['execute-api:/prod/*/health', 'execute-api:/prod/GET/orders/*'],
  'arn:aws:execute-api:*:*:*/*/DELETE/*',
  'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/users/${aws:username}',
  ['execute-api:/prod/*/teams/${aws:PrincipalTag/team}/*', 'execute-api:/prod/GET/health'],
);
const condition = fc.constantFrom<object | undefined>(
  undefined,
  { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } },
  { StringLike: { 'aws:PrincipalTag/team': 'ana*' } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringLike: { 'aws:userid': '*:break-glass-*' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } },
  {
    ArnNotLike: {
      'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::*:role/*Admin*'],
    },
  },
  { StringEquals: { 'aws:PrincipalAccount': ['333333333333', '555555555555'] } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/Env': 'prod' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
  { DateLessThanEquals: { 'aws:CurrentTime': ['2027-06-30', '2026-06-30T12:00:00Z'] } },
  { StringEquals: { 'aws:username': ['bob', 'alice'] } },
  { StringLike: { 'aws:userid': ['AROAPREFIX*:*', 'AIDA*'] } },
  { StringNotEquals: { 'aws:PrincipalType': 'Account' } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } },
  { StringLike: { 'aws:userid': ['*:${aws:PrincipalTag/team}', 'AROA*-1', '*A?b*'] } },
  { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:PrincipalTag/owner}' } },
);
const statement = fc
  .record({ effect: fc.constantFrom('Allow', 'Allow', 'Deny'), principal, resource, condition })
  .map(({ effect, principal: p, resource: r, condition: c }) => ({
    // NotPrincipal only with Deny: with Allow the engine refuses the policy (SG026).
    Effect: 'NotPrincipal' in p ? 'Deny' : effect,
    ...p,
    Action: INVOKE,
    Resource: r,
    ...(c ? { Condition: c } : {}),
  }));
export const GENERATED = fc.sample(
  fc.record({
    endpoint: fc.array(statement, { minLength: 1, maxLength: 4 }),
    resource: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    // The API's associated endpoints: unknown, another endpoint only, or the hub.
    accepted: fc.constantFrom<string[] | undefined>(undefined, ['vpce-0fffffffffffffff0'], [HUB]),
  }),
  { numRuns: 8, seed: 1414 },
);

/** World `i` (0-based) as who-can and the engine see it. */
export const generatedWorld = (i: number) => {
  const w = GENERATED[i]!;
  return smallWorld(w.endpoint, w.resource, {
    noneRoutes: ['GET /health'],
    ...(w.accepted ? { acceptedEndpoints: w.accepted } : {}),
  });
};
