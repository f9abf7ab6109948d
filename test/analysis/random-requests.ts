// Random concrete requests over a world (accounts in and out of the organization; role sessions,
// IAM users, federated users and account roots; role paths and names, unique ids, sessions, tags, organization
// paths; source addresses, MFA ages (with MFA) and times; methods, paths; private DNS or the alias name), and
// the check that the engine decides each as its who-can class says.
import fc from 'fast-check';
import {
  decide,
  METHODS,
  whoCan,
  type AnalysisRequest,
  type AnalysisWorld,
  type WhoCan,
} from '../../src/analysis/index.js';
import { clockOf } from '../../src/analysis/world.js';
import { ORG } from './helpers.js';

export const RUNS = 10_000;
const MEMBERS = ['111111111111', '222222222222', '333333333333', '444444444444'];

/** The name with each letter's case turned ("ci" -> "CI", "Ops/x" -> "oPS/X"). */
const swapCase = (s: string) =>
  [...s].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');

/**
 * The free-text arbitraries, built once: fc.stringMatching compiles its pattern into an arbitrary,
 * which cost more than a tenth of a small world's 1,500 draws when built again for every world.
 */
const ANY_ACCOUNT = fc.stringMatching(/^\d{12}$/);
const ANY_NAME = fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,8}$/);
const ANY_SESSION = fc.stringMatching(/^[\w+=,.@-]{2,12}$/);
const ANY_PATH = fc.stringMatching(/^\/[a-z0-9/]{0,10}$/);
const ANY_ROLE_ID = fc.stringMatching(/^AROA[A-Z0-9]{4,12}$/);
const ANY_USER_ID = fc.stringMatching(/^AIDA[A-Z0-9]{4,12}$/);
const ANY_FEDERATED_NAME = fc.stringMatching(/^[A-Za-z][\w+=,.@-]{1,8}$/);

export function requests(world: AnalysisWorld): fc.Arbitrary<AnalysisRequest> {
  // Requests are made at the analysis's now, with credentials alive then (alive, youngestAge).
  const now = clockOf(world);
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
  const account = fc.oneof(fc.constantFrom(...accounts), ANY_ACCOUNT);
  const role = fc.oneof(
    fc.constantFrom(...names),
    // The same names in another case: an IgnoreCase test lets them in, an exact one does not.
    fc.constantFrom(...names).map(swapCase),
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
    ANY_NAME,
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
    ANY_SESSION,
  );
  // The values the policies compare tags and organization paths with, and near misses of them.
  const quoted = [...new Set((texts.match(/"[^"*?$:/]{1,24}"/g) ?? []).map((q) => q.slice(1, -1)))];
  const tagValue = fc.option(
    fc.constantFrom('analytics', 'Analytics', 'prod', 'Prod', 'PROD', 'other', '', 'analytics-eu', ...quoted),
    {
      nil: undefined,
    },
  );
  const pathsInText = [...new Set(texts.match(/o-[a-z0-9]{10,32}\/[\w/-]*/g) ?? [])].flatMap((p) => [
    p,
    `${p}ou-zz11-00000009/`,
  ]);
  const orgPath = fc.option(
    fc.constantFrom(
      ...pathsInText,
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
    ANY_PATH,
  );
  // Unique ids the policies name, ids of the known roles, and others; a known role carries its own.
  const ids = [...new Set([...(texts.match(/\bA(?:RO|ID)A[A-Z0-9]{4,}/g) ?? [])])];
  const knownIds = new Map(world.roles.filter((r) => r.roleId).map((r) => [r.arn, r.roleId!]));
  // The known roles by their name's last part, and their ids: looked up for every drawn session.
  const knownByName = [...knownIds].map(([arn, id]) => ({ last: arn.split('/').pop(), arn, id }));
  const knownIdSet = new Set(knownIds.values());
  const roleId = fc.option(
    fc.oneof(
      fc.constantFrom(
        ...ids.filter((i) => i.startsWith('AROA')),
        'AROAPREFIXZZ',
        'AROAOTHER0000000000000',
        'AROAXYZA',
      ),
      ANY_ROLE_ID,
    ),
    { nil: undefined },
  );
  const userId = fc.option(
    fc.oneof(
      fc.constantFrom(...ids.filter((i) => i.startsWith('AIDA')), 'AIDAOTHER0000000000000', 'AIDAXYZ'),
      ANY_USER_ID,
    ),
    { nil: undefined },
  );
  const userName = fc.oneof(
    fc.constantFrom('alice', 'ops/alice', 'bob', 'x/bob', 'carol', 'ops/CheckoutRole', 'analytics', 'prod'),
    ANY_NAME,
  );
  // Tags the policies test besides team, Env and owner (one of them at a time).
  const extraTags = [
    ...new Set([...texts.matchAll(/aws:PrincipalTag\/([\w+=,.@:-]+)/gi)].map((m) => m[1]!)),
    'other',
  ].filter((t) => !['team', 'env', 'owner'].includes(t.toLowerCase()));
  // When temporary credentials were issued (aws:TokenIssueTime): the dates the policies write and
  // instants either side of them, or any instant up to now or, less often, later (credentials a
  // policy naming a later date lets in once issued); now (the engine's) when omitted.
  const datesInText = [...new Set(texts.match(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g) ?? [])].flatMap((d) => {
    const ms = Date.parse(d);
    return Number.isNaN(ms) ? [] : [ms - 1, ms, ms + 1].map((x) => new Date(x).toISOString());
  });
  const issued = fc.option(
    fc.oneof(
      ...(datesInText.length ? [fc.constantFrom(...datesInText)] : []),
      fc.integer({ min: Date.parse('2020-01-01'), max: Date.now() }).map((ms) => new Date(ms).toISOString()),
      fc.integer({ min: Date.now(), max: Date.parse('2100-01-01') }).map((ms) => new Date(ms).toISOString()),
    ),
    { nil: undefined },
  );
  // Issued with MFA or not (aws:MultiFactorAuthPresent); omitted: false.
  const mfa = fc.option(fc.boolean(), { nil: undefined });
  // An IAM user or the root signs with its keys, or with GetSessionToken's temporary credentials.
  const getSessionToken = fc.option(fc.record({ issued, mfa }), { nil: undefined });
  const sessionOf = (s: { issued?: string; mfa?: boolean } | undefined) =>
    s === undefined
      ? {}
      : s.issued === undefined && s.mfa === undefined
        ? { mfa: false }
        : {
            ...(s.issued !== undefined ? { issuedAt: s.issued } : {}),
            ...(s.mfa !== undefined ? { mfa: s.mfa } : {}),
          };
  const facts = fc.record({
    issued,
    mfa,
    getSessionToken,
    account,
    team: tagValue,
    env: tagValue,
    owner: tagValue,
    extra: fc.option(fc.tuple(fc.constantFrom(...extraTags), tagValue), { nil: undefined }),
    orgPath,
    foreignOrg: fc.constantFrom(undefined, ORG, 'o-other12345'),
  });
  const common = (r: {
    account: string;
    team?: string;
    env?: string;
    owner?: string;
    extra?: [string, string | undefined];
    orgPath?: string;
    foreignOrg?: string;
  }) => {
    const tags: Record<string, string> = {};
    if (r.team !== undefined) tags.team = r.team;
    if (r.env !== undefined) tags.Env = r.env;
    if (r.owner !== undefined) tags.owner = r.owner;
    if (r.extra?.[1] !== undefined) tags[r.extra[0]] = r.extra[1];
    // A stated membership is a fact the request carries; an unstated one may be anything.
    const stated =
      world.memberships?.[r.account] ?? (world.organization?.members.includes(r.account) ? ORG : undefined);
    // An account stated nowhere is in no organization whose member list is complete.
    const foreign = world.completeOrganizations?.includes(r.foreignOrg ?? '') ? undefined : r.foreignOrg;
    const orgId = stated === undefined ? foreign : stated === 'none' ? undefined : stated;
    // A member carries a path, and it begins with its organization's id (the stated one when the
    // world states it); a principal in no organization carries none (docs/aws-behaviour.md).
    const tail = r.orgPath ? r.orgPath.slice(r.orgPath.indexOf('/') + 1) : 'r-ab12/';
    const orgPath = orgId === undefined ? undefined : (world.orgPaths?.[r.account] ?? `${orgId}/${tail}`);
    return { ...(orgId ? { orgId } : {}), ...(orgPath ? { orgPaths: [orgPath] } : {}), tags };
  };
  const principal = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
    {
      weight: 6,
      arbitrary: fc
        .record({ f: facts, role, session, roleId })
        .map(({ f, role: name, session: s, roleId: id }) => {
          const arn = `arn:aws:iam::${f.account}:role/${name}`;
          const last = name.split('/').pop();
          const known = knownByName.find((k) => k.last === last && k.arn.includes(`::${f.account}:`));
          // A known role has its own id; nobody else has it.
          const own = known ? known.id : id !== undefined && knownIdSet.has(id) ? undefined : id;
          return {
            kind: 'role' as const,
            arn,
            ...(f.issued !== undefined ? { issuedAt: f.issued } : {}),
            ...(f.mfa !== undefined ? { mfa: f.mfa } : {}),
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
        ...sessionOf(f.getSessionToken),
        ...common(f),
      })),
    },
    {
      // A GetFederationToken session: names the policies mention (federated-user ARNs) and others.
      // An account grant or Principal "*" reaches them even when no policy names one.
      weight: 1,
      arbitrary: fc
        .record({
          f: facts,
          name: fc.oneof(
            fc.constantFrom(
              ...new Set([...texts.matchAll(/federated-user\/([\w+=,.@-]{2,32})/g)].map((m) => m[1]!)),
              'Bob',
              'alice',
              'Other',
            ),
            ANY_FEDERATED_NAME,
          ),
        })
        .map(({ f, name }) => ({
          kind: 'federated-user' as const,
          arn: `arn:aws:sts::${f.account}:federated-user/${name}`,
          // Never with MFA: GetFederationToken takes no MFA parameters (docs/aws-behaviour.md §13).
          ...(f.issued !== undefined ? { issuedAt: f.issued } : {}),
          ...common(f),
        })),
    },
    {
      weight: 1,
      arbitrary: facts.map((f) => {
        const { tags: _t, ...rest } = common(f);
        return {
          kind: 'root' as const,
          arn: `arn:aws:iam::${f.account}:root`,
          ...sessionOf(f.getSessionToken),
          ...rest,
        };
      }),
    },
  );
  // Seconds since the caller's MFA sign-in: carried exactly by credentials issued with MFA (a
  // request of any other carries none, and the count is never below 0 nor other than a number).
  const mfaAge = fc.option(
    fc.oneof(
      fc.constantFrom('0', '10', '1799', '1800', '1801', '3599', '3600', '3601'),
      fc.integer({ min: 0, max: 100_000 }).map(String),
    ),
    { nil: undefined },
  );
  // AWS sets aws:CurrentTime itself: always an instant (a request never carries another value).
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
    .map((r) => {
      const context: Record<string, string> = {};
      if (r.ip) context['aws:SourceIp'] = r.ip;
      const principal = alive(r.principal, now);
      if ((principal as { mfa?: boolean }).mfa === true)
        context['aws:MultiFactorAuthAge'] = String(
          Math.max(Number(r.mfaAge ?? '120'), youngestAge(principal, now)),
        );
      if (r.time !== undefined) context['aws:CurrentTime'] = r.time;
      // Written out, not a rest spread of the record: this runs for every draw.
      return {
        api: r.api,
        principal,
        method: r.method,
        path: r.path,
        ...(Object.keys(context).length ? { context } : {}),
        ...(r.viaAlias ? { viaAlias: r.viaAlias } : {}),
      };
    });
}

/** The longest life of temporary credentials (ms): a role session 12 h, the root's GetSessionToken 1 h, others 36 h (docs/aws-behaviour.md §26). */
const LIFE = { role: 12, root: 1, user: 36, 'federated-user': 36 } as const;

/**
 * The principal with credentials alive at `now`: an issue time up to now but older than their
 * longest life is moved within it (a request at now cannot carry expired credentials).
 */
function alive(p: AnalysisRequest['principal'], now: number): AnalysisRequest['principal'] {
  if (p.kind === 'anonymous' || p.issuedAt === undefined) return p;
  const ms = Date.parse(p.issuedAt);
  const life = LIFE[p.kind] * 3_600_000;
  if (Number.isNaN(ms) || ms > now || now - ms <= life) return p;
  return { ...p, issuedAt: new Date(now - ((now - ms) % life)).toISOString() };
}

/** The youngest MFA age (s) at a request made now: the sign-in came at or before the issue. */
function youngestAge(p: AnalysisRequest['principal'], now: number): number {
  const ms = p.kind === 'anonymous' || p.issuedAt === undefined ? now : Date.parse(p.issuedAt);
  return Math.max(0, Math.floor((now - ms) / 1000));
}

/**
 * whoCan(world) (no options), once per world object: a case's tests ask for the same world's answer
 * more than once (its classes in one test, checkComplete's draws in the next), and each answer is a
 * whole-world analysis. A world is not changed once asked about (a change is a copy), so it keeps.
 * The analysis is of a copy of the world at the same clock (the engine's caches are kept per world
 * object): checkComplete decides its draws on that copy and then lets it go, so the answers and
 * caches of the hundreds of worlds in the case tables are not all kept alive (770 MB of heap after
 * hidden-style's sets, where 110 MB remain without them), which made every collection slower.
 */
export function whoCanOf(world: AnalysisWorld): WhoCan {
  return askedOf(world).who;
}
function askedOf(world: AnalysisWorld): { copy: AnalysisWorld; who: WhoCan } {
  let asked = ANSWERS.get(world);
  if (!asked) {
    const copy = { ...world, now: new Date(clockOf(world)).toISOString() };
    ANSWERS.set(world, (asked = { copy, who: whoCan(copy) }));
  }
  return asked;
}
const ANSWERS = new WeakMap<AnalysisWorld, { copy: AnalysisWorld; who: WhoCan }>();

/** Every draw decided by the engine as its class says; the world's answer is let go after (askedOf). */
export function checkComplete(world: AnalysisWorld, runs = RUNS): void {
  const { copy, who } = askedOf(world);
  ANSWERS.delete(world);
  fc.assert(
    fc.property(requests(copy), (req) => {
      const cls = who.classOf(req);
      if (!cls) throw new Error(`no class for ${JSON.stringify(req)}`);
      const got = decide(copy, req).decision;
      if (got !== cls.decision)
        throw new Error(
          `engine says ${got}, class "${cls.description}" says ${cls.decision} for ${JSON.stringify(req)}`,
        );
      // A class allowed only if the caller's (unknown) identity policies allow says so, and only then.
      if (got === 'allow') {
        const without = decide(copy, req, { unknownIdentity: 'silent' }).decision;
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
