// Diff by classes when a Resource names the stage through a policy variable
// (`…/${aws:PrincipalTag/stage}/GET/*`): every stage is then a group of its own (the variable may name
// any of them). Before, the skeleton's `*` told no stage apart, so every stage was decided at the
// configured one: a change that lets principals tagged `stage=beta` into beta read as "no new access".
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import { fixtureConfig, loadEdited, ORGANIZATIONS, policyFile } from './helpers.js';
import { anyoneInvoke } from '../verdicts/docs-world.js';

const statement = (resource: string, condition?: object) => anyoneInvoke('Allow', resource, condition);
// Before: any stage's GETs for principals tagged stage=prod. After: a principal's own stage's GETs.
const BEFORE = policyFile(
  statement('arn:aws:execute-api:us-west-2:*:*/*/GET/*', {
    StringEquals: { 'aws:PrincipalTag/stage': 'prod' },
  }),
  'tagged-prod.json',
);
const AFTER = policyFile(
  statement('arn:aws:execute-api:us-west-2:*:*/${aws:PrincipalTag/stage}/GET/*'),
  'own-stage.json',
);

// Every stated stage serves every path through IAM authorization, as prod does: offline, another
// stage's routes are of unknown type unless stated (test/diff/class-stage-route-types.test.ts).
const EVERY_PATH = { routes: ['ANY /', 'ANY /{proxy+}'] };

function withStages(stages?: string[]) {
  const c = fixtureConfig(ORGANIZATIONS);
  // The fixture states [prod]; not stated is its own case.
  for (const a of Object.values<any>(c.apis)) {
    delete a.stages;
    if (!stages) continue;
    a.stages = stages;
    a.stageRoutes = Object.fromEntries(stages.filter((s) => s !== a.stage).map((s) => [s, EVERY_PATH]));
  }
  return loadEdited(c);
}

describe('diff by classes over a stage named by a policy variable', () => {
  it('stages [prod, beta]: principals tagged stage=beta reach beta (a grant), those tagged prod no longer do (a revocation)', () => {
    const r = computeDiff(loadDiffSetup(withStages(['prod', 'beta']), { before: BEFORE, after: AFTER }));
    const on = (change: string) => r.classes.filter((c) => c.change === change && c.stages.includes('beta'));
    const grants = on('grant');
    expect(
      grants.length,
      JSON.stringify(r.classes.map((c) => [c.change, c.stages, c.description])),
    ).toBeGreaterThan(0);
    // Each stage is a group of its own: no class stands for prod and beta together.
    for (const c of r.classes) expect(c.stages.includes('prod') && c.stages.includes('beta')).toBe(false);
    // One of them is the principal tagged beta calling a GET of beta.
    expect(
      grants.some(
        (g) =>
          g.witness.stage === 'beta' &&
          g.witness.method === 'GET' &&
          (g.witness.principal as { tags?: Record<string, string> }).tags?.stage === 'beta',
      ),
    ).toBe(true);
    expect(on('revocation').length).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('stages not stated: a stand-in stage besides prod is decided, and the grant is there', () => {
    const r = computeDiff(loadDiffSetup(withStages(), { before: BEFORE, after: AFTER }));
    const grants = r.classes.filter((c) => c.change === 'grant');
    expect(
      grants.length,
      JSON.stringify(r.classes.map((c) => [c.change, c.stages, c.description])),
    ).toBeGreaterThan(0);
    expect(grants.some((g) => g.witness.stage !== 'prod')).toBe(true);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });
});
