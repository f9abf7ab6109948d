// Completeness: random concrete requests (accounts in and out of the organization, role paths and
// names, sessions, tags, organization paths, source addresses, methods, paths) are decided by the
// ordinary engine, and each decision must equal what who-can's classes say for that request.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  decide,
  METHODS,
  whoCan,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { ANY_ORDERS, INVOKE, ORG, demoWorld, smallWorld } from './helpers.js';
import { TRICKY } from './tricky.js';

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
        fc.constantFrom(...names.map((n) => n.split('/').pop()!), 'Other', 'SiteAdmin', 'AdminRole'),
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
    ),
    fc.stringMatching(/^\/[a-z0-9/]{0,10}$/),
  );
  const principal = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
    {
      weight: 7,
      arbitrary: fc
        .record({
          account,
          role,
          session,
          team: tagValue,
          env: tagValue,
          orgPath,
          foreignOrg: fc.constantFrom(undefined, ORG, 'o-other12345'),
        })
        .map((r) => {
          const tags: Record<string, string> = {};
          if (r.team !== undefined) tags.team = r.team;
          if (r.env !== undefined) tags.Env = r.env;
          // A stated membership is a fact the request carries; an unstated one may be anything.
          const stated =
            world.memberships?.[r.account] ??
            (world.organization?.members.includes(r.account) ? ORG : undefined);
          const orgId = stated === undefined ? r.foreignOrg : stated === 'none' ? undefined : stated;
          return {
            kind: 'role' as const,
            arn: `arn:aws:iam::${r.account}:role/${r.role}`,
            sessionName: r.session,
            ...(orgId ? { orgId } : {}),
            ...(r.orgPath ? { orgPaths: [r.orgPath] } : {}),
            tags,
          };
        }),
    },
  );
  return fc
    .record({
      api: fc.constantFrom(...world.apis.map((a) => a.alias)),
      principal,
      method: fc.constantFrom(...METHODS),
      path,
      ip,
    })
    .map(({ ip: sourceIp, ...r }) => ({
      ...r,
      ...(sourceIp ? { context: { 'aws:SourceIp': sourceIp } } : {}),
    }));
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

  for (const [name, world] of Object.entries(TRICKY)) {
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
    );
    const resource = fc.constantFrom<string | string[]>(
      ANY_ORDERS,
      'arn:aws:execute-api:us-west-2:*:*/prod/GET/*',
      'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/POST/orders',
      ['execute-api:/prod/*/health', 'execute-api:/prod/GET/orders/*'],
      'arn:aws:execute-api:*:*:*/*/DELETE/*',
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
      }),
      { numRuns: 6, seed: 1414 },
    );
    for (const w of worlds)
      checkComplete(smallWorld(w.endpoint, w.resource, { noneRoutes: ['GET /health'] }));
  }, 600_000);
});
