// Issue 10 (pass 17, lane A): diff read an API whose config states no `routes` as AWS_IAM on every
// route, while the reach proofs and who-can (9e97521) read its routes as of unknown type. Hand-derived:
// every API's resource policy lets in anyone (`Principal: "*"`); the endpoint policy goes from
// everyone but anonymous callers (a Deny where `aws:PrincipalArn` is absent, which it is only for an
// unsigned caller) to everyone. On an AWS_IAM route an unsigned call stops at authentication before
// and after (Missing Authentication Token): no change. On a NONE route (which an API that states no
// routes may serve) an anonymous caller went from denied by the endpoint to allowed: new access. Not
// knowing the types, the change may be new access (a grant: exit 1 under --fail-on grant), never
// "no new access".
import { describe, expect, it } from 'vitest';
import { diffExitCode } from '../../src/diff/index.js';
import { diffOpeningToAnonymous } from './helpers.js';

/** The diff with each API's routes as given (undefined: not stated) and stages stated or not. */
const diffWith = (routes: Record<string, unknown>, stages?: string[]) =>
  diffOpeningToAnonymous((a) => {
    delete a.routes;
    delete a.noneRoutes;
    delete a.authorizers;
    Object.assign(a, routes);
    if (stages) a.stages = stages;
  });

const anonymousGrants = (r: ReturnType<typeof diffWith>) =>
  r.classes.filter((c) => c.change === 'grant' && c.witness.principal.kind === 'anonymous');
const said = (r: ReturnType<typeof diffWith>) => JSON.stringify(r.classes.map((c) => c.description));

describe('diff over an API whose routes are not stated: routes of unknown authorization type', () => {
  it('every route stated AWS_IAM: letting anonymous callers through the endpoint opens nothing (the control)', () => {
    const r = diffWith({ routes: ['GET /', 'GET /orders'] }, ['prod']);
    expect(
      r.classes.filter((c) => c.change === 'grant'),
      said(r),
    ).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });

  it('a stated NONE route: the anonymous caller is new access there (the control)', () => {
    const r = diffWith({ routes: ['GET /', 'GET /orders'], noneRoutes: ['GET /orders'] }, ['prod']);
    expect(anonymousGrants(r).length, said(r)).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  for (const [name, stages] of [
    ['stages stated', ['prod']],
    ['stages not stated', undefined],
  ] as const)
    it(`no routes stated (${name}): the anonymous caller may be new access (a grant, exit 1), and says why`, () => {
      const r = diffWith({}, stages ? [...stages] : undefined);
      const grants = anonymousGrants(r);
      expect(grants.length, said(r)).toBeGreaterThan(0);
      // The words name the setting that would make the answer crisp.
      expect(grants[0]!.description).toMatch(
        /authorization type unknown: offline, apis\.\w+ states no routes/,
      );
      expect(diffExitCode(r, 'grant')).toBe(1);
      // The configured cells keep AWS_IAM (as check's do): the notes say so, once per API.
      expect(r.notes.filter((n) => /apis\.orders states no routes/.test(n))).toEqual([
        expect.stringMatching(/its cells assume AWS_IAM; its classes are over every type/),
      ]);
    });

  it('routes stated: no such note', () => {
    const r = diffWith({ routes: ['GET /'] }, ['prod']);
    expect(r.notes.filter((n) => /states no routes/.test(n))).toEqual([]);
  });
});
