// Issue 10/14 (L10D): diff by classes decides every stage of an API, not only the configured one.
// A change that opens another stage (the policies name stages in their Resource ARNs) is new
// access though every request to the configured stage keeps its answer; before, the class diff
// built its space at the configured stage alone, so `Resource: */prod/*` -> `*` read as "no new
// access" (a green check that is not true).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { computeDiff, diffExitCode, diffText, loadDiffSetup } from '../../src/diff/index.js';
import { CONFIG, fixtureConfig, loadEdited, policyFile, ORGANIZATIONS } from './helpers.js';

const everyone = (resource: string) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: resource,
});
const PROD_ONLY = policyFile(everyone('arn:aws:execute-api:us-west-2:*:*/prod/*'), 'prod-only.json');
const ANY_STAGE = policyFile(everyone('*'), 'any-stage.json');
const TEST_TOO = policyFile(
  {
    ...everyone('arn:aws:execute-api:us-west-2:*:*/prod/*'),
    Resource: [
      'arn:aws:execute-api:us-west-2:*:*/prod/*',
      'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/te*/GET/*',
    ],
  },
  'test-too.json',
);
// In IAM a `*` matches across slashes: the pattern ending `te*/GET/*` matches beta's `a1b2c3d4e5/beta/GET/q/teq/GET/q` too.
const SPANNING = policyFile(
  {
    ...everyone('arn:aws:execute-api:us-west-2:*:*/prod/*'),
    Resource: ['arn:aws:execute-api:us-west-2:*:*/prod/*', 'arn:aws:execute-api:us-west-2:*:*/te*/GET/*'],
  },
  'spanning.json',
);

/** The fixture config with every API's stages stated (or not). */
function withStages(stages?: string[]) {
  const c = fixtureConfig(ORGANIZATIONS);
  // The fixture states [prod]; not stated is its own case.
  for (const a of Object.values<any>(c.apis)) {
    if (stages) a.stages = stages;
    else delete a.stages;
  }
  return loadEdited(c);
}

const diff = (config: ReturnType<typeof loadConfig>, before: string, after: string) =>
  computeDiff(loadDiffSetup(config, { before, after }));

/** The diff's grant classes, of which there must be some. */
function someGrants(r: ReturnType<typeof diff>, message?: string) {
  const grants = r.classes.filter((c) => c.change === 'grant');
  expect(grants.length, message).toBeGreaterThan(0);
  return grants;
}

describe('diff by classes over every stage', () => {
  it('stages not stated: opening every stage is a grant on "a stage no policy names", though prod keeps its answers', () => {
    const r = diff(withStages(), PROD_ONLY, ANY_STAGE);
    expect(r.changes).toEqual([]);
    const grants = someGrants(r, JSON.stringify(r.classes.map((c) => c.description)));
    for (const g of grants) {
      expect(g.witness.stage).toBeDefined();
      expect(g.witness.stage).not.toBe('prod');
      expect(g.stages).not.toContain('prod');
      expect(g.description).toMatch(/stage/);
    }
    expect(diffExitCode(r, 'grant')).toBe(1);
    expect(diffText(r)).toMatch(/stages? .*not (stated|known)/);
  });

  it('stages stated as [prod] only: the same change opens nothing that exists (exit 0)', () => {
    const r = diff(withStages(['prod']), PROD_ONLY, ANY_STAGE);
    expect(r.classes.filter((c) => c.change === 'grant')).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });

  it('stages stated as [prod, test, beta]: the grant holds on test and beta, witnessed on one of them', () => {
    const r = diff(withStages(['prod', 'test', 'beta']), PROD_ONLY, ANY_STAGE);
    const grants = someGrants(r);
    for (const g of grants) {
      expect([...g.stages].sort()).toEqual(['beta', 'test']);
      expect(['test', 'beta']).toContain(g.witness.stage);
      expect(g.description).toMatch(/stages "test", "beta"|stages "beta", "test"/);
    }
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('a stage pattern ("te*") opens only the stages it matches', () => {
    const stated = diff(withStages(['prod', 'test', 'beta']), PROD_ONLY, TEST_TOO);
    const grants = someGrants(stated);
    for (const g of grants) {
      expect(g.api).toBe('orders');
      expect(g.stages).toEqual(['test']);
      expect(g.witness.stage).toBe('test');
      expect(g.witness.method).toBe('GET');
    }
    // Stages not stated: a witness stage the pattern matches stands for the stages it matches.
    const unstated = diff(withStages(), PROD_ONLY, TEST_TOO);
    for (const g of someGrants(unstated)) expect(g.witness.stage).toMatch(/^te/);
  });

  it("a `*` before the stage spans it: beta is opened too, on a path that holds the pattern's rest", () => {
    const r = diff(withStages(['prod', 'test', 'beta']), PROD_ONLY, SPANNING);
    const beta = r.classes.filter((c) => c.change === 'grant' && c.stages.includes('beta'));
    expect(beta.length).toBeGreaterThan(0);
    for (const g of beta) expect(g.witness.path).toMatch(/\/te[^/]*\/GET\//);
  });

  it('the configured cells and the classes of the configured stage are as before', () => {
    const r = diff(loadConfig(CONFIG), ANY_STAGE, ANY_STAGE);
    expect(r.classes).toEqual([]);
  });
});
