// who-can reports the principals no configured role resembles, each class with a witness the
// ordinary engine allows; and says which keys cannot be known offline.
import { describe, expect, it } from 'vitest';
import {
  APPROXIMATE,
  APPROXIMATE_WORDS,
  decide,
  IF_IDENTITY_ALLOWS,
  whoCan,
  type AccessClass,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { ANY_ORDERS, demoWorld, INVOKE, policy, smallWorld } from './helpers.js';
import { TRICKY, VARIABLES } from './tricky.js';
import { checkComplete, whoCanOf } from './random-requests.js';
import { HIDDEN } from './hidden-style.js';

const named111 = () => ({
  Sid: 'Checkout',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: INVOKE,
  Resource: ANY_ORDERS,
});

function allowedWitness(classes: AccessClass[], fits: (w: AnalysisRequest) => boolean): AccessClass {
  const c = classes.find((x) => fits(x.witness));
  if (!c) throw new Error(`no allowed class fits; classes:\n${classes.map((x) => x.description).join('\n')}`);
  return c;
}

const role = (w: AnalysisRequest) => (w.principal.kind === 'role' ? w.principal : undefined);

describe('who-can finds who else gets through', () => {
  it('any role of an account named with a tag condition', () => {
    const world = TRICKY.accountWithTag;
    const r = whoCan(world);
    const c = allowedWitness(r.classes, (w) => role(w)?.arn.includes(':555555555555:') === true);
    expect(c.description).toMatch(/555555555555/);
    expect(c.description).toMatch(/tag team is "analytics"/);
    expect(role(c.witness)!.tags).toEqual({ team: 'analytics' });
    expect(c.statements.map((s) => s.sid)).toContain('AnalyticsOf555');
    expect(decide(world, c.witness).decision).toBe('allow');
    expect(r.classes.every((x) => decide(world, x.witness).decision === 'allow')).toBe(true);
  });

  it('every session named like a pattern, whatever the role', () => {
    const world = TRICKY.sessionPattern;
    const c = allowedWitness(
      whoCan(world).classes,
      (w) => role(w)?.sessionName.startsWith('break-glass-') === true,
    );
    expect(c.description).toBe(
      `any role; session name is like "break-glass-*"; any method and path; ${IF_IDENTITY_ALLOWS}`,
    );
    expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('roles under a path (ArnLike on aws:PrincipalArn)', () => {
    const world = TRICKY.arnLikePath;
    const c = allowedWitness(whoCan(world).classes, (w) => role(w)?.arn.includes(':role/ops/') === true);
    expect(c.description).toMatch(/^any role with an ARN like "arn:aws:iam::\*:role\/ops\/\*"/);
    expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('a NotPrincipal Allow is never read as "everyone not named": the policy is refused (SG026)', () => {
    // AWS: "NotPrincipal must be used with Effect Deny"; what it does with an Allow is not written.
    expect(() =>
      smallWorld([
        {
          Sid: 'AllButCheckout',
          Effect: 'Allow',
          NotPrincipal: { AWS: ['arn:aws:iam::111111111111:role/CheckoutRole', '111111111111'] },
          Action: INVOKE,
          Resource: ANY_ORDERS,
        },
      ]),
    ).toThrow(/Statement\[0\] \(Sid "AllButCheckout"\) NotPrincipal.*SG026/);
  });

  it('an organization path (ForAnyValue:StringLike on aws:PrincipalOrgPaths)', () => {
    const world = TRICKY.orgPath;
    const c = allowedWitness(
      whoCan(world).classes,
      (w) => role(w)?.orgPaths !== undefined && !role(w)!.arn.endsWith('/CheckoutRole'),
    );
    expect(c.description).toMatch(/organization path is like "o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\/\*"/);
    expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('says that aws:SourceIp cannot be known offline', () => {
    const world = TRICKY.sourceIpAndDeny;
    const r = whoCan(world);
    expect(r.unknowable.map((u) => u.key)).toEqual(['aws:SourceIp']);
    const c = allowedWitness(r.classes, () => true);
    expect(c.description).toMatch(/aws:SourceIp .*\(not known offline\)/);
    expect(c.constraints.find((x) => x.dimension === 'context:aws:SourceIp')?.unknowable).toMatch(
      /absent \(IAM\) or rewritten by the endpoint \(API Gateway\), never the caller's address/,
    );
  });

  it('over the demo world, anonymous may call GET /health only, and PartnerRole (outside the organization) nothing else', async () => {
    const world = await demoWorld();
    const r = whoCan(world, { apis: ['orders'] });
    const anon = r.classes.filter((c) => c.principal === 'anonymous');
    // GET /health/ (and GET //health, GET /%68ealth, …: §55) reaches the same NONE method, and the
    // policies name GET /health exactly: its resource ARN as written escapes them, normalised it is
    // theirs (docs/aws-behaviour.md §5c).
    expect(anon.map((c) => c.description)).toEqual([
      'anonymous (unsigned); route is GET /health (authorization NONE)',
      'anonymous (unsigned); route is GET /health/ (or GET //health and 8 other spellings of GET /health); only if its resource ARN holds its path normalised (empty segments dropped, percent-decoded) (AWS does not establish which: docs/aws-behaviour.md §5c)',
    ]);
    const partner = {
      kind: 'role' as const,
      arn: 'arn:aws:iam::999999999999:role/PartnerRole',
      sessionName: 'spokegate',
    };
    expect(r.classOf({ api: 'orders', principal: partner, method: 'GET', path: '/orders' })?.decision).toBe(
      'deny',
    );
    expect(r.classOf({ api: 'orders', principal: partner, method: 'GET', path: '/health' })?.decision).toBe(
      'allow',
    );
    for (const c of r.classes) expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('an account principal lets in its IAM users and its root, not only its roles', () => {
    const world = TRICKY.accountUsersAndRoot;
    const r = whoCan(world);
    const user = { kind: 'user' as const, arn: 'arn:aws:iam::555555555555:user/dev/carol' };
    const root = { kind: 'root' as const, arn: 'arn:aws:iam::555555555555:root' };
    const root666 = { kind: 'root' as const, arn: 'arn:aws:iam::666666666666:root' };
    const user666 = { kind: 'user' as const, arn: 'arn:aws:iam::666666666666:user/dave' };
    for (const principal of [user, root, root666, user666]) {
      const req = { api: 'orders', principal, method: 'GET', path: '/orders' };
      expect(decide(world, req).decision).toBe('allow');
      expect(r.classOf(req)?.decision).toBe('allow');
      expect(r.reportedClassesOf(req).length).toBeGreaterThan(0);
    }
    expect(r.classes.map((c) => c.description)).toEqual(
      expect.arrayContaining([
        'the root of account 555555555555 or 666666666666; any method and path',
        `any role, IAM user or federated user whose account is "555555555555" or "666666666666"; any session; any method and path; ${IF_IDENTITY_ALLOWS}`,
      ]),
    );
    for (const c of r.classes) expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('a user ARN and aws:username name users', () => {
    const world = TRICKY.userArn;
    const r = whoCan(world);
    const text = r.classes.map((c) => c.description).join('\n');
    expect(text).toMatch(
      /^IAM user "alice" at path \/ops\/ or IAM user named "bob" \(any path\), of account 777777777777; /m,
    );
    expect(text).toMatch(/^IAM user named "bob" \(any path\) of any account; /m);
    // The ARN of a user is user/PATH/NAME: aws:username's value is no ARN ("arn:aws:iam::111111111111:bob").
    expect(text).not.toMatch(/arn:aws:iam::\d{12}:bob/);
    const bob = { kind: 'user' as const, arn: 'arn:aws:iam::123123123123:user/x/bob' };
    expect(r.classOf({ api: 'orders', principal: bob, method: 'GET', path: '/' })?.decision).toBe('allow');
    for (const c of r.classes) expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('a unique id lets in the role that has it, in any account; aws:userid tests the id and the session', () => {
    const world = TRICKY.uniqueId;
    const r = whoCan(world);
    const c = allowedWitness(r.classes, (w) => role(w)?.roleId === 'AROAEXAMPLEID1234567X');
    expect(c.statements.map((s) => s.sid)).toContain('ById');
    expect(c.description).toMatch(/unique id is "AROAEXAMPLEID1234567X"/);
    const p = allowedWitness(r.classes, (w) => role(w)?.roleId?.startsWith('AROAPREFIX') === true);
    expect(p.description).toMatch(/session name is like "deploy-\*"/);
    const other = {
      kind: 'role' as const,
      arn: 'arn:aws:iam::123123123123:role/Any',
      sessionName: 'deploy-1',
      roleId: 'AROAOTHER0000000000000',
    };
    expect(r.classOf({ api: 'orders', principal: other, method: 'GET', path: '/' })?.decision).toBe('deny');
    for (const x of r.classes) expect(decide(world, x.witness).decision).toBe('allow');
  });

  it('numeric and date keys are split at the values the policies compare with', () => {
    const world = TRICKY.numericAndDate;
    const r = whoCan(world);
    // The account root (its every permission) and the others (if their identity policies allow).
    expect(r.classes).toHaveLength(2);
    const c = r.classes[0]!;
    expect(c.description).toMatch(/aws:MultiFactorAuthAge is < 3600/);
    expect(c.description).toMatch(/aws:CurrentTime .*2026-01-01T00:00:00.000Z/);
    expect(c.witness.context?.['aws:CurrentTime']).toBeDefined();
    expect(decide(world, c.witness).decision).toBe('allow');
    // The age comes with MFA alone: the root signing with GetSessionToken credentials issued with
    // MFA (its long-term keys carry no age: who-can-mfa-age.test.ts).
    const at = (t: string, age: string) => ({
      api: 'orders',
      principal: { kind: 'root' as const, arn: 'arn:aws:iam::123123123123:root', mfa: true },
      method: 'GET',
      path: '/',
      context: { 'aws:CurrentTime': t, 'aws:MultiFactorAuthAge': age },
    });
    expect(r.classOf(at('2026-03-01T00:00:00Z', '10'))?.decision).toBe('allow');
    expect(r.classOf(at('2025-03-01T00:00:00Z', '10'))?.decision).toBe('deny');
    expect(r.classOf(at('2027-07-01T00:00:00Z', '10'))?.decision).toBe('deny');
    expect(r.classOf(at('2026-03-01T00:00:00Z', '3600'))?.decision).toBe('deny');
  });

  it('the alias name of an endpoint the API is not associated with gets nobody through; private DNS does', () => {
    const unassociated = whoCan(TRICKY.aliasUnassociated);
    expect(unassociated.classes.map((c) => c.description)).toEqual([
      `role arn:aws:iam::111111111111:role/CheckoutRole; any session; any method and path; addressing is private DNS or the endpoint's own DNS names (any name but the alias); ${IF_IDENTITY_ALLOWS}`,
    ]);
    const checkout = {
      kind: 'role' as const,
      arn: 'arn:aws:iam::111111111111:role/CheckoutRole',
      sessionName: 'spokegate',
    };
    const req = { api: 'orders', principal: checkout, method: 'GET', path: '/' };
    expect(unassociated.classOf({ ...req, viaAlias: true })?.decision).toBe('deny');
    expect(decide(TRICKY.aliasUnassociated, { ...req, viaAlias: true }).decision).toBe('deny');
    const associated = whoCan(TRICKY.aliasAssociated);
    expect(associated.classes.map((c) => c.description)).toEqual([
      `role arn:aws:iam::111111111111:role/CheckoutRole; any session; any method and path; ${IF_IDENTITY_ALLOWS}`,
    ]);
    expect(associated.classOf({ ...req, viaAlias: true })?.decision).toBe('allow');
  });

  it('Resource patterns with policy variables: a user its own path, a team of an account its own', () => {
    const world = TRICKY.resourceVariables;
    const r = whoCan(world);
    const text = r.classes.map((c) => c.description).join('\n');
    expect(text).toMatch(
      /IAM user.*Resource ".*\/users\/\$\{aws:username\}" with the request's values is "matches"/,
    );
    const own = allowedWitness(r.classes, (w) => w.principal.kind === 'user' && w.path.startsWith('/users/'));
    expect(own.witness.path).toBe(
      `/users/${own.witness.principal.kind === 'user' ? own.witness.principal.arn.split('/').pop() : ''}`,
    );
    const team = allowedWitness(r.classes, (w) => w.path.includes('/teams/'));
    const tags =
      team.witness.principal.kind === 'role' || team.witness.principal.kind === 'user'
        ? team.witness.principal.tags
        : undefined;
    expect(team.witness.path).toMatch(new RegExp(`/teams/${tags?.team}/`));
    const carol = { kind: 'user' as const, arn: 'arn:aws:iam::123123123123:user/carol' };
    expect(
      r.classOf({ api: 'orders', principal: carol, method: 'GET', path: '/users/carol' })?.decision,
    ).toBe('allow');
    expect(r.classOf({ api: 'orders', principal: carol, method: 'GET', path: '/users/dave' })?.decision).toBe(
      'deny',
    );
    expect(r.notes.join('\n')).not.toMatch(/not partitioned/);
    for (const c of r.classes) expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('principals named alike share one region; one named elsewhere too stands apart', () => {
    const world = TRICKY.namedTogether;
    const r = whoCan(world);
    const text = r.classes.map((c) => c.description).join('\n');
    expect(text).toMatch(/one of the 2 IAM users the policies name together \("\/alice", "\/bob"\)/);
    const at = (arn: string, method: string) =>
      r.classOf({
        api: 'orders',
        principal: arn.includes(':user/')
          ? { kind: 'user', arn }
          : { kind: 'role', arn, sessionName: 'spokegate' },
        method,
        path: '/orders',
      })?.decision;
    expect(at('arn:aws:iam::111111111111:user/bob', 'POST')).toBe('allow');
    expect(at('arn:aws:iam::111111111111:role/TeamC', 'POST')).toBe('deny');
    // The path is part of the ARN: the Deny names TeamC at "/", the Allow names it at "/ops/" only.
    expect(at('arn:aws:iam::111111111111:role/ops/TeamC', 'POST')).toBe('allow');
    const opsC = {
      kind: 'role' as const,
      arn: 'arn:aws:iam::111111111111:role/ops/TeamC',
      sessionName: 'sg',
    };
    expect(decide(world, { api: 'orders', principal: opsC, method: 'POST', path: '/orders' }).decision).toBe(
      'allow',
    );
    expect(at('arn:aws:iam::111111111111:role/ops/TeamC', 'GET')).toBe('allow');
    expect(at('arn:aws:iam::111111111111:role/TeamC', 'GET')).toBe('deny');
    expect(at('arn:aws:iam::111111111111:role/spokegate-other/TeamB', 'GET')).toBe('deny');
    expect(at('arn:aws:iam::111111111111:user/ops/bob', 'GET')).toBe('deny');
    expect(at('arn:aws:iam::111111111111:role/TeamB', 'POST')).toBe('allow');
    expect(at('arn:aws:iam::333333333333:role/TeamA', 'GET')).toBe('allow');
    expect(at('arn:aws:iam::333333333333:role/TeamB', 'GET')).toBe('deny');
    for (const c of r.classes) expect(decide(world, c.witness).decision).toBe('allow');
  });
});

describe('principals whose identity policies spokegate does not know', () => {
  // The API (in 222222222222) lets in account 555555555555 (cross account), its own account (a
  // resource policy naming only the account delegates to the identity policies) and one role of
  // its own account by name (the resource policy alone suffices in the same account).
  const world = smallWorld(
    [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
    [
      {
        Sid: 'Account555',
        Effect: 'Allow',
        Principal: { AWS: '555555555555' },
        Action: INVOKE,
        Resource: ANY_ORDERS,
      },
      {
        Sid: 'OwnAccount',
        Effect: 'Allow',
        Principal: { AWS: '222222222222' },
        Action: INVOKE,
        Resource: ANY_ORDERS,
      },
      {
        Sid: 'SameAccountRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:role/Local' },
        Action: INVOKE,
        Resource: ANY_ORDERS,
      },
    ],
  );
  world.roles.push({
    alias: 'Analyst',
    arn: 'arn:aws:iam::555555555555:role/Analyst',
    sessionName: 'spokegate',
    identityPolicies: [policy('identity:Analyst', [{ Effect: 'Allow', Action: INVOKE, Resource: '*' }])],
  });
  const r = whoCanOf(world);
  const classOf = (arn: string) =>
    r.classOf({
      api: 'orders',
      principal: { kind: 'role', arn, sessionName: 'spokegate' },
      method: 'GET',
      path: '/',
    })!;

  it('another account reached by naming the account: allowed only if its identity policy allows', () => {
    const c = classOf('arn:aws:iam::555555555555:role/Someone');
    expect(c.decision).toBe('allow');
    expect(c.ifIdentityAllows).toBe(true);
    expect(c.description).toMatch(/if its identity policy allows/);
    const reported = r.classes.filter((x) => x.ifIdentityAllows);
    expect(reported.length).toBeGreaterThan(0);
    for (const x of reported) {
      expect(x.description.endsWith(IF_IDENTITY_ALLOWS)).toBe(true);
      // The witness is allowed with identity policies that allow, and not without them.
      expect(decide(world, x.witness).decision).toBe('allow');
      expect(decide(world, x.witness, { unknownIdentity: 'silent' }).decision).toBe('deny');
    }
    expect(JSON.parse(JSON.stringify(r)).classes.some((x: AccessClass) => x.ifIdentityAllows === true)).toBe(
      true,
    );
  });

  it("the API's own account named as a whole: conditional too; a role of it named by ARN: allowed outright", () => {
    expect(classOf('arn:aws:iam::222222222222:role/Someone').ifIdentityAllows).toBe(true);
    const local = classOf('arn:aws:iam::222222222222:role/Local');
    expect(local.decision).toBe('allow');
    expect(local.ifIdentityAllows).toBeUndefined();
    expect(local.description).not.toMatch(/if its identity policy allows/);
  });

  it('a configured role whose identity policies are known is decided by them: allowed outright', () => {
    const c = classOf('arn:aws:iam::555555555555:role/Analyst');
    expect(c.decision).toBe('allow');
    expect(c.ifIdentityAllows).toBeUndefined();
  });

  it("a role of the same name at another path is another principal: it does not borrow the configured role's identity policies", () => {
    // Analyst's identity policy allows; a role/ops/Analyst is unknown to spokegate, so only if its own do.
    const other = classOf('arn:aws:iam::555555555555:role/ops/Analyst');
    expect(other.decision).toBe('allow');
    expect(other.ifIdentityAllows).toBe(true);
    const req = {
      api: 'orders',
      principal: {
        kind: 'role' as const,
        arn: 'arn:aws:iam::555555555555:role/ops/Analyst',
        sessionName: 'ss',
      },
      method: 'GET',
      path: '/',
    };
    expect(decide(world, req, { unknownIdentity: 'silent' }).decision).toBe('deny');
  });

  it('an IAM user of the other account, like a role without known identity policies: conditional', () => {
    // CheckoutRole (111111111111, no identity policies in this world) is named by no statement.
    expect(classOf('arn:aws:iam::111111111111:role/CheckoutRole').decision).toBe('deny');
    const c555 = r.classOf({
      api: 'orders',
      principal: { kind: 'user', arn: 'arn:aws:iam::555555555555:user/bob' },
      method: 'GET',
      path: '/',
    })!;
    expect(c555.ifIdentityAllows).toBe(true);
  });
});

describe("the API's own account: the resource policy or the identity policy allowing suffices", () => {
  // The resource policy names one role of another account; the endpoint lets everyone in. In the
  // API's own account (222222222222) an identity policy allowing is enough (IAM User Guide,
  // reference_policies_evaluation-logic: "the union of the permissions of the two types"), and the
  // account root holds every permission of its account (id_root-user).
  const world = smallWorld(
    [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
    [named111()],
  );
  const r = whoCanOf(world);
  const at = (principal: AnalysisRequest['principal']) =>
    r.classOf({ api: 'orders', principal, method: 'GET', path: '/orders' })!;

  it("an IAM user or another role of the API's account gets through if its identity policy allows", () => {
    for (const p of [
      { kind: 'user' as const, arn: 'arn:aws:iam::222222222222:user/bob' },
      { kind: 'role' as const, arn: 'arn:aws:iam::222222222222:role/Local', sessionName: 'ss' },
    ]) {
      const c = at(p);
      expect(c.decision, p.arn).toBe('allow');
      expect(c.ifIdentityAllows, p.arn).toBe(true);
      expect(c.description).toContain(IF_IDENTITY_ALLOWS);
    }
    const local = r.classes.find(
      (c) =>
        c.witness.principal.kind !== 'anonymous' &&
        c.witness.principal.arn.includes(':222222222222:') &&
        c.witness.principal.kind !== 'root',
    );
    expect(local?.ifIdentityAllows).toBe(true);
    expect(decide(world, local!.witness).decision).toBe('allow');
    expect(decide(world, local!.witness, { unknownIdentity: 'silent' }).decision).toBe('deny');
  });

  it("the API's account root gets through outright (its permissions are every permission of its account); another account's does not", () => {
    const root = at({ kind: 'root', arn: 'arn:aws:iam::222222222222:root' });
    expect(root.decision).toBe('allow');
    expect(root.ifIdentityAllows).toBeUndefined();
    expect(at({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }).decision).toBe('deny');
    expect(at({ kind: 'user', arn: 'arn:aws:iam::555555555555:user/bob' }).decision).toBe('deny');
  });

  it('every random request is decided as its class says', () => checkComplete(world, 2_000));
});

describe('who-can says when a class is approximate', () => {
  it('classes under conditions with policy variables are marked (words and data); others are not', () => {
    const r = whoCan(VARIABLES.conditionVariables);
    const marked = r.classes.filter((c) => c.approximate);
    expect(marked.length).toBeGreaterThan(0);
    for (const c of marked) {
      expect(c.approximate).toBe(APPROXIMATE);
      expect(c.description).toContain(APPROXIMATE_WORDS);
      expect(decide(VARIABLES.conditionVariables, c.witness).decision).toBe('allow');
    }
    expect(JSON.parse(JSON.stringify(r)).classes.some((c: AccessClass) => c.approximate)).toBe(true);
    for (const c of whoCan(TRICKY.accountWithTag).classes) {
      expect(c.approximate).toBeUndefined();
      expect(c.description).not.toContain('approximate');
    }
  });
});

it('a dimension split into dozens of overlapping regions (aws:userid patterns) reads as the patterns involved, not a list of every overlap', () => {
  const r = whoCan(VARIABLES.useridPatterns);
  for (const c of r.classes) expect(c.description.length, c.description).toBeLessThan(600);
  const summarized = r.classes.find((c) =>
    /session name is in \d+ of the \d+ regions that /.test(c.description),
  );
  expect(summarized?.description).toMatch(/like "break-glass-\*".* make \(each region in --json\)/);
  // The data stays exact: one entry per region.
  expect(summarized!.constraints.find((x) => x.dimension === 'session')!.in!.length).toBeGreaterThan(5);
});

/** The text of a world's policies (the values they name). */
const named = (world: AnalysisWorld) =>
  [world.endpoint?.policy, ...world.apis.map((a) => a.resourcePolicy)].map((p) => p?.text ?? '').join('\n');

describe('witnesses read like real requests', () => {
  const worlds = {
    ...TRICKY,
    ...VARIABLES,
    ...Object.fromEntries(Object.entries(HIDDEN).map(([k, c]) => [k, c.world])),
  };
  it("a unique id in a witness has IAM's shape (AROA or AIDA and 17 uppercase letters or digits), never the bare prefix", () => {
    let seen = 0;
    for (const [name, world] of Object.entries(worlds))
      for (const c of whoCan(world).classes) {
        const p = c.witness.principal;
        const id = p.kind === 'role' ? p.roleId : p.kind === 'user' ? p.userId : undefined;
        // A configured role's own id, or one a policy names, is theirs, whatever its shape.
        if (id === undefined || world.roles.some((r) => r.roleId === id) || named(world).includes(id))
          continue;
        seen++;
        expect(id, `${name}: ${c.description}`).toMatch(/^(AROA|AIDA)[A-Z0-9]{17}$/);
      }
    expect(seen).toBeGreaterThan(0);
  });

  it('a session name pattern is witnessed by a non-empty expansion (break-glass-1, not break-glass-)', () => {
    for (const world of [
      TRICKY.sessionPattern,
      HIDDEN.sessionUserid!.world,
      HIDDEN.sessionDenyCarve!.world,
    ]) {
      const sessions = whoCan(world)
        .classes.map((c) => c.witness.principal)
        .flatMap((p) => (p.kind === 'role' ? [p.sessionName] : []))
        .filter((s) => s.startsWith('break-glass'));
      expect(sessions.length).toBeGreaterThan(0);
      for (const s of sessions) expect(s).toMatch(/^break-glass-[A-Za-z0-9]/);
    }
  });
});

describe("an API outside the aws partition: its ARNs carry the region's partition, as the engine builds them", () => {
  // us-iso-east-1 is in aws-iso (botocore partitions.json); the analysis once named it `aws`, so a
  // Resource written for aws-iso matched no request it built: "nobody" where the engine allows.
  const iso = 'arn:aws-iso:execute-api:us-iso-east-1:222222222222:a1b2c3d4e5/prod/GET/orders';
  const everyone = [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: iso }];
  const world = smallWorld(everyone, everyone, { region: 'us-iso-east-1' });
  world.roles = [];
  const r = whoCanOf(world);

  it('a policy for the aws-iso partition lets a role of another account through (the engine agrees)', () => {
    const principal = {
      kind: 'role' as const,
      arn: 'arn:aws-iso:iam::555555555555:role/Any',
      sessionName: 's',
    };
    const c = r.classOf({ api: 'orders', principal, method: 'GET', path: '/orders' });
    expect(c?.decision).toBe('allow');
    expect(decide(world, c!.witness).decision).toBe('allow');
    // The path the Resource names is told apart from the others.
    expect(r.classOf({ api: 'orders', principal, method: 'GET', path: '/health' })?.decision).toBe('deny');
  });

  it('every random request is decided as its class says', () => checkComplete(world, 2_000));
});

describe('a class too large to list point by point is still reported', () => {
  // A deny on five tags, each one of five values: the allowed set is the union of "tag K is not one
  // of them" over the five tags, boxes of more than 50,000 points. Such a box used to be dropped
  // (its points were not enumerated), so allowed requests fell in no reported class.
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const values = ['v1', 'v2', 'v3', 'v4', 'v5'];
  const world = smallWorld(
    [
      { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: INVOKE,
        Resource: ANY_ORDERS,
        Condition: { StringEquals: Object.fromEntries(keys.map((k) => [`aws:PrincipalTag/${k}`, values])) },
      },
    ],
    [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
  );

  it('every random request is decided as its class says', () => checkComplete(world, 2_000));
});
