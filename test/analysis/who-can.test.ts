// who-can reports the principals no configured role resembles, each class with a witness the
// ordinary engine allows; and says which keys cannot be known offline.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AccessClass, type AnalysisRequest } from '../../src/analysis/index.js';
import { demoWorld } from './helpers.js';
import { TRICKY } from './tricky.js';

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
    expect(c.description).toMatch(/^any role; session name is like "break-glass-\*"; any method and path$/);
    expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('roles under a path (ArnLike on aws:PrincipalArn)', () => {
    const world = TRICKY.arnLikePath;
    const c = allowedWitness(whoCan(world).classes, (w) => role(w)?.arn.includes(':role/ops/') === true);
    expect(c.description).toMatch(/^any role whose path\/name is .*like "role\/ops\/\*"/);
    expect(decide(world, c.witness).decision).toBe('allow');
  });

  it('a NotPrincipal Allow lets in every role, even the one it names (its session is not listed)', () => {
    const world = TRICKY.notPrincipalGap;
    const r = whoCan(world);
    expect(r.classes.map((c) => c.description)).toEqual(['any role; any session; any method and path']);
    expect(decide(world, r.classes[0]!.witness).decision).toBe('allow');
    // Anonymous passes the endpoint too, but every route is AWS_IAM: MissingAuthenticationToken.
    expect(
      r.classOf({ api: 'orders', principal: { kind: 'anonymous' }, method: 'GET', path: '/' })?.decision,
    ).toBe('deny');
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
      /known only when the request is made/,
    );
  });

  it('over the demo world, anonymous may call GET /health only, and PartnerRole (outside the organization) nothing else', async () => {
    const world = await demoWorld();
    const r = whoCan(world, { apis: ['orders'] });
    const anon = r.classes.filter((c) => c.principal === 'anonymous');
    expect(anon.map((c) => c.description)).toEqual([
      'anonymous (unsigned); route is GET /health (authorization NONE)',
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
});
