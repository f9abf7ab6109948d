// Issue 10 (lead, 2026-12-02): offline, `apis.X.noneRoutes` and `authorizers` are the configured
// stage's; another stage's routes are typed by its own `apis.X.stageRoutes.STAGE`, or are of unknown
// type (run, check and who-can since 0a7628f). diff by classes still typed every stage group by the
// configured stage's routes, so a change that lets anonymous callers through the endpoint read as
// "no new access" though stage beta serves a NONE route there: a green check that is not true.
//
// The world: the diff fixture's APIs, stages prod and beta, every resource policy letting everyone
// in (`Principal: "*"`). The endpoint policy goes from everyone but anonymous callers (a Deny where
// `aws:PrincipalArn` is absent, which it is only for an anonymous caller) to everyone. prod's routes are all AWS_IAM (nothing stated
// as NONE), so an anonymous call there stops at authentication before and after; on beta's NONE
// route `GET /open` (or a route of a type not known) it is new access.
import { describe, expect, it } from 'vitest';
import { diffExitCode } from '../../src/diff/index.js';
import { diffOpeningToAnonymous } from './helpers.js';

const diffWith = (beta?: object) =>
  diffOpeningToAnonymous((a) => {
    a.stages = ['prod', 'beta'];
    a.routes = ['GET /', 'GET /orders'];
    if (beta) a.stageRoutes = { beta };
  });

const betaGrants = (r: ReturnType<typeof diffWith>) =>
  r.classes.filter((c) => c.change === 'grant' && c.stages.includes('beta'));

describe("diff by classes types another stage's routes by that stage's own statement", () => {
  it('beta serves GET /open as NONE: letting anonymous callers through the endpoint is a grant on beta (exit 1)', () => {
    const r = diffWith({ routes: ['GET /', 'GET /orders', 'GET /open'], noneRoutes: ['GET /open'] });
    const grants = betaGrants(r);
    expect(grants.length, JSON.stringify(r.classes.map((c) => c.description))).toBeGreaterThan(0);
    expect(grants.some((g) => g.witness.principal.kind === 'anonymous')).toBe(true);
    expect(r.classes.filter((c) => c.change === 'grant' && c.stages.includes('prod'))).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it("beta stated with every route AWS_IAM: the same change opens nothing (prod's and beta's answers stand)", () => {
    const r = diffWith({ routes: ['GET /', 'GET /orders', 'GET /open'] });
    expect(r.classes.filter((c) => c.change === 'grant')).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });

  it("beta's routes not stated: of unknown type there, so anonymous access on beta may be new (a grant, fail closed)", () => {
    const r = diffWith();
    expect(betaGrants(r).length, JSON.stringify(r.classes.map((c) => c.description))).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });
});
