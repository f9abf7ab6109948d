// Issue 10 (pass 18, lane A): an API whose config states its `routes` but not its `stages`. Offline,
// `routes`, `noneRoutes` and `authorizers` are the configured stage's; any other stage the API may
// have serves routes the config does not state, of unknown type (as the reach proofs read a stand-in
// stage). diff by classes decided such an API at the configured stage alone when the policies named no
// stage, and a stand-in stage with the configured stage's routes when they did: opening the endpoint
// to anonymous callers over resource policies letting everyone in was "no new access" (exit 0),
// though another stage may serve a NONE route. Hand-derived: on the configured stage (every route
// AWS_IAM) an unsigned call stops at authentication before and after, so nothing there; on a stage
// not stated, a NONE route lets the anonymous caller in after, where the endpoint denied it before.
import { describe, expect, it } from 'vitest';
import { diffExitCode } from '../../src/diff/index.js';
import { diffOpeningToAnonymous, policyFile } from './helpers.js';

/** The diff with every API serving `GET /` (AWS_IAM) at prod, its stages as given (undefined: not stated). */
const diffWith = (stages?: string[], resourcePolicy?: string) =>
  diffOpeningToAnonymous((a) => {
    a.routes = ['GET /'];
    delete a.noneRoutes;
    delete a.authorizers;
    delete a.stageRoutes;
    delete a.stages;
    if (stages) a.stages = stages;
    if (resourcePolicy) a.resourcePolicy = resourcePolicy;
  });

type Result = ReturnType<typeof diffWith>;
const grants = (r: Result) => r.classes.filter((c) => c.change === 'grant');
const said = (r: Result) => JSON.stringify(r.classes.map((c) => c.description));

describe("diff over an API whose routes are stated but not its stages: another stage's routes are of unknown type", () => {
  it('stages stated (prod alone): letting anonymous callers through the endpoint opens nothing (the control)', () => {
    const r = diffWith(['prod']);
    expect(grants(r), said(r)).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });

  it('stages not stated, no policy naming a stage: a stage not stated may serve a NONE route, a grant (exit 1)', () => {
    const r = diffWith();
    const g = grants(r);
    expect(g.length, said(r)).toBeGreaterThan(0);
    expect(g.some((c) => c.witness.principal.kind === 'anonymous')).toBe(true);
    // Never on the configured stage, whose routes are stated AWS_IAM.
    for (const c of g) expect(c.stages).not.toContain('prod');
    expect(g[0]!.description).toMatch(/stage "\w+" \(standing for/);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('stages not stated, the resource policies naming prod and everything else: the stand-in stage is of unknown routes too', () => {
    // Two groups of stages by the patterns: prod, and the rest (a stand-in). Before, the stand-in
    // kept prod's routes (AWS_IAM), so the anonymous caller was refused there too.
    const split = policyFile(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: ['execute-api:/prod/*', 'execute-api:/*'],
      },
      'resource-split.json',
    );
    const r = diffWith(undefined, split);
    const g = grants(r);
    expect(g.length, said(r)).toBeGreaterThan(0);
    expect(g.some((c) => c.witness.principal.kind === 'anonymous')).toBe(true);
    for (const c of g) expect(c.stages).not.toContain('prod');
    expect(diffExitCode(r, 'grant')).toBe(1);
    expect(diffWith(['prod'], split).classes.filter((c) => c.change === 'grant')).toEqual([]);
  });

  it('says once per API that the stages are not stated and how the stand-in is read', () => {
    const r = diffWith();
    expect(r.notes.filter((n) => /apis\.orders\.stages/.test(n))).toEqual([
      expect.stringMatching(/routes of unknown type/),
    ]);
  });
});
