// Completeness: random concrete requests (accounts in and out of the organization; role sessions,
// IAM users and account roots; role paths and names, unique ids, sessions, tags, organization
// paths; source addresses, MFA ages and times; methods, paths; private DNS or the alias name) are
// decided by the ordinary engine, and each decision must equal what who-can's classes say.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  decide,
  METHODS,
  whoCan,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { ANY_ORDERS, HUB, INVOKE, ORG, demoWorld, smallWorld } from './helpers.js';
import { TRICKY, VARIABLES } from './tricky.js';

const RUNS = 10_000;
const MEMBERS = ['111111111111', '222222222222', '333333333333', '444444444444'];

function requests(world: AnalysisWorld): fc.Arbitrary<AnalysisRequest> {
  const texts = [
    world.endpoint?.policy?.text ?? '',
    ...world.apis.map((a) => a.resourcePolicy?.text ?? ''),
    ...world.roles.map((r) => r.arn),
  ].join(' ');
  const accounts = [
    ...new Set([...(texts.match(/\d{12}/g) ?? []), ...MEMBERS, '555555555555', '999999999999']),
  ];
  const names = [
    ...new Set([...(texts.match(/role\/([\w+=,.@/-]+)/g) ?? []).map((s) => s.slice(5)), 'CheckoutRole']),
  ].filter((n) => /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/.test(n));
  const account = fc.oneof(fc.constantFrom(...accounts), fc.stringMatching(/^\d{12}$/));
  const role = fc.oneof(
    fc.constantFrom(...names),
    fc
      .tuple(
        fc.constantFrom('', 'ops/', 'audit/', 'a/b/', 'ops/x/'),
        fc.constantFrom(
          ...names.map((n) => n.split('/').pop()!),
          'Other',
          'SiteAdmin',
          'AdminRole',
          'analytics',
          'prod',
        ),
      )
      .map(([p, n]) => p + n),
    fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,8}$/),
  );
  const session = fc.oneof(
    fc.constantFrom(
      'spokegate',
      'break-glass-1',
      'break-glass-',
      'temp-x',
      'other-session',
      'xbreak-glass-2',
      'analytics',
      'prod',
      'temp-1',
    ),
    fc.stringMatching(/^[\w+=,.@-]{2,12}$/),
  );
  const tagValue = fc.option(fc.constantFrom('analytics', 'Analytics', 'prod', 'Prod', 'PROD', 'other', ''), {
    nil: undefined,
  });
  const orgPath = fc.option(
    fc.constantFrom(
      `${ORG}/r-ab12/ou-ab12-11111111/`,
      `${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`,
      `${ORG}/r-ab12/`,
      'o-other12345/r-zz/',
    ),
    { nil: undefined },
  );
  const ip = fc.option(
    fc.oneof(
      fc.constantFrom('10.1.2.3', '10.0.0.0', '192.168.1.77', '192.168.2.1', '8.8.8.8', '2001:db8::1'),
      fc.ipV4(),
    ),
    { nil: undefined },
  );
  const path = fc.oneof(
    fc.constantFrom(
      '/',
      '/health',
      '/orders',
      '/orders/1',
      '/reports1',
      '/reports',
      '/x/prod/GET/health',
      '/items/7',
      '/users/alice',
      '/users/bob',
      '/users/',
      '/teams/analytics/1',
      '/teams/Analytics/x',
      '/teams/other/2',
      '/teams/analytics',
    ),
    fc.stringMatching(/^\/[a-z0-9/]{0,10}$/),
  );
  // Unique ids the policies name, ids of the known roles, and others; a known role carries its own.
  const ids = [...new Set([...(texts.match(/\bA(?:RO|ID)A[A-Z0-9]{4,}/g) ?? [])])];
  const knownIds = new Map(world.roles.filter((r) => r.roleId).map((r) => [r.arn, r.roleId!]));
  const roleId = fc.option(
    fc.oneof(
      fc.constantFrom(
        ...ids.filter((i) => i.startsWith('AROA')),
        'AROAPREFIXZZ',
        'AROAOTHER0000000000000',
        'AROAXYZA',
      ),
      fc.stringMatching(/^AROA[A-Z0-9]{4,12}$/),
    ),
    { nil: undefined },
  );
  const userId = fc.option(
    fc.oneof(
      fc.constantFrom(...ids.filter((i) => i.startsWith('AIDA')), 'AIDAOTHER0000000000000', 'AIDAXYZ'),
      fc.stringMatching(/^AIDA[A-Z0-9]{4,12}$/),
    ),
    { nil: undefined },
  );
  const userName = fc.oneof(
    fc.constantFrom('alice', 'ops/alice', 'bob', 'x/bob', 'carol', 'ops/CheckoutRole', 'analytics', 'prod'),
    fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,8}$/),
  );
  const facts = fc.record({
    account,
    team: tagValue,
    env: tagValue,
    owner: tagValue,
    orgPath,
    foreignOrg: fc.constantFrom(undefined, ORG, 'o-other12345'),
  });
  const common = (r: {
    account: string;
    team?: string;
    env?: string;
    owner?: string;
    orgPath?: string;
    foreignOrg?: string;
  }) => {
    const tags: Record<string, string> = {};
    if (r.team !== undefined) tags.team = r.team;
    if (r.env !== undefined) tags.Env = r.env;
    if (r.owner !== undefined) tags.owner = r.owner;
    // A stated membership is a fact the request carries; an unstated one may be anything.
    const stated =
      world.memberships?.[r.account] ?? (world.organization?.members.includes(r.account) ? ORG : undefined);
    const orgId = stated === undefined ? r.foreignOrg : stated === 'none' ? undefined : stated;
    return { ...(orgId ? { orgId } : {}), ...(r.orgPath ? { orgPaths: [r.orgPath] } : {}), tags };
  };
  const principal = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
    {
      weight: 6,
      arbitrary: fc
        .record({ f: facts, role, session, roleId })
        .map(({ f, role: name, session: s, roleId: id }) => {
          const arn = `arn:aws:iam::${f.account}:role/${name}`;
          const known = [...knownIds].find(
            ([k]) => k.split('/').pop() === name.split('/').pop() && k.includes(`::${f.account}:`),
          );
          // A known role has its own id; nobody else has it.
          const own = known
            ? known[1]
            : id !== undefined && [...knownIds.values()].includes(id)
              ? undefined
              : id;
          return {
            kind: 'role' as const,
            arn,
            sessionName: s,
            ...(own !== undefined ? { roleId: own } : {}),
            ...common(f),
          };
        }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ f: facts, name: userName, userId }).map(({ f, name, userId: id }) => ({
        kind: 'user' as const,
        arn: `arn:aws:iam::${f.account}:user/${name}`,
        ...(id !== undefined ? { userId: id } : {}),
        ...common(f),
      })),
    },
    {
      weight: 1,
      arbitrary: facts.map((f) => {
        const { tags: _t, ...rest } = common(f);
        return { kind: 'root' as const, arn: `arn:aws:iam::${f.account}:root`, ...rest };
      }),
    },
  );
  const mfaAge = fc.option(
    fc.oneof(
      fc.constantFrom('0', '10', '3599', '3600', '3600.5', '3601', '-1', 'abc'),
      fc.integer({ min: -10, max: 100_000 }).map(String),
    ),
    { nil: undefined },
  );
  const time = fc.option(
    fc.oneof(
      fc.constantFrom(
        '2025-12-31T23:59:59Z',
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00.001Z',
        '2027-06-29T23:59:59.999Z',
        '2027-06-30T00:00:00Z',
        '2027-06-30',
        '1767225600',
        'not-a-date',
      ),
      fc
        .integer({ min: Date.parse('2024-01-01'), max: Date.parse('2029-01-01') })
        .map((ms) => new Date(ms).toISOString()),
    ),
    { nil: undefined },
  );
  return fc
    .record({
      api: fc.constantFrom(...world.apis.map((a) => a.alias)),
      principal,
      method: fc.constantFrom(...METHODS),
      path,
      ip,
      mfaAge,
      time,
      viaAlias: fc.boolean(),
    })
    .map(({ ip: sourceIp, mfaAge: age, time: t, viaAlias, ...r }) => {
      const context: Record<string, string> = {};
      if (sourceIp) context['aws:SourceIp'] = sourceIp;
      if (age !== undefined) context['aws:MultiFactorAuthAge'] = age;
      if (t !== undefined) context['aws:CurrentTime'] = t;
      return {
        ...r,
        ...(Object.keys(context).length ? { context } : {}),
        ...(viaAlias ? { viaAlias } : {}),
      };
    });
}

function checkComplete(world: AnalysisWorld, runs = RUNS): void {
  const who = whoCan(world);
  fc.assert(
    fc.property(requests(world), (req) => {
      const cls = who.classOf(req);
      if (!cls) throw new Error(`no class for ${JSON.stringify(req)}`);
      const got = decide(world, req).decision;
      if (got !== cls.decision)
        throw new Error(
          `engine says ${got}, class "${cls.description}" says ${cls.decision} for ${JSON.stringify(req)}`,
        );
      // A class allowed only if the caller's (unknown) identity policies allow says so, and only then.
      if (got === 'allow') {
        const without = decide(world, req, { unknownIdentity: 'silent' }).decision;
        if ((without !== 'allow') !== (cls.ifIdentityAllows === true))
          throw new Error(
            `without identity policies the engine says ${without}, class "${cls.description}" says ${cls.ifIdentityAllows ? 'only if they allow' : 'whatever they say'} for ${JSON.stringify(req)}`,
          );
      }
      // The reported classes (a shorter, overlapping cover of the allowed requests) agree too.
      const reported = who.reportedClassesOf(req);
      if (reported.length > 0 !== (got === 'allow'))
        throw new Error(
          `engine says ${got}, but ${reported.length} reported classes hold ${JSON.stringify(req)}`,
        );
    }),
    { numRuns: runs, seed: 14 },
  );
}

describe('who-can is complete: every random request is decided as its class says', () => {
  it('over the demo world (features/sandbox: config, policy files and the hub endpoint policy the sandbox serves)', async () => {
    checkComplete(await demoWorld());
  }, 300_000);

  for (const [name, world] of Object.entries({ ...TRICKY, ...VARIABLES })) {
    it(`over the policy "${name}"`, () => checkComplete(world), 300_000);
  }

  it('over generated policies', () => {
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
        Effect: effect,
        ...p,
        Action: INVOKE,
        Resource: r,
        ...(c ? { Condition: c } : {}),
      }));
    const worlds = fc.sample(
      fc.record({
        endpoint: fc.array(statement, { minLength: 1, maxLength: 4 }),
        resource: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
        // The API's associated endpoints: unknown, another endpoint only, or the hub.
        accepted: fc.constantFrom<string[] | undefined>(undefined, ['vpce-0fffffffffffffff0'], [HUB]),
      }),
      { numRuns: 8, seed: 1414 },
    );
    for (const w of worlds)
      checkComplete(
        smallWorld(w.endpoint, w.resource, {
          noneRoutes: ['GET /health'],
          ...(w.accepted ? { acceptedEndpoints: w.accepted } : {}),
        }),
      );
  }, 600_000);
});
