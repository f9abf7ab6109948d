// Issue 11 gap 2: diff never decides a cell over a layer it does not have. A resource policy that is
// neither in the change nor in the config, or a role's identity policies not in the config, make a
// cell whose decision depends on them `unknown` (naming the setting), as run and check do; a cell
// decided before them (an endpoint-policy deny) keeps its decision. deny -> unknown is possible new
// access (--fail-on grant fails).
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup, why, type DiffResult } from '../../src/diff/index.js';
import {
  changeOf,
  EVERYONE,
  fixtureConfig,
  loadEdited,
  ORGANIZATIONS,
  policyFile,
  widening,
} from './helpers.js';

const { before: BEFORE, after: AFTER } = widening();
const ALLOW_ALL_IDENTITY = policyFile({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' });
const ALLOW_ALL_RESOURCE = policyFile(EVERYONE);

/** The diff fixture config with every layer given (allowing), then edited. */
function config(edit: (c: Record<string, any>) => void = () => undefined) {
  const c = fixtureConfig(ORGANIZATIONS);
  for (const r of Object.values<any>(c.roles)) r.identityPolicies = [ALLOW_ALL_IDENTITY];
  for (const a of Object.values<any>(c.apis)) a.resourcePolicy = ALLOW_ALL_RESOURCE;
  edit(c);
  return loadEdited(c);
}
const cell = (r: DiffResult, role: string, api = 'orders') => changeOf(r, role, api);
const diff = (cfg: ReturnType<typeof config>) =>
  computeDiff(loadDiffSetup(cfg, { before: BEFORE, after: AFTER }, { classes: false }));

describe('diff: a layer not given is unknown, never "not evaluated"', () => {
  it('every layer given: the widened endpoint is a definite grant', () => {
    expect(cell(diff(config()), 'BatchRole')).toMatchObject({ before: 'deny', after: 'allow' });
  });

  it('no resource policy for the API: unknown after, naming the setting; still a possible grant', () => {
    const r = diff(config((c) => delete c.apis.orders.resourcePolicy));
    const c = cell(r, 'BatchRole');
    expect(c).toMatchObject({ before: 'deny', after: 'unknown' });
    expect(why(c!)).toMatch(/apis\.orders\.resourcePolicy/);
    expect(diffExitCode(r, 'grant')).toBe(1);
    // Another API with its policy given is decided.
    expect(cell(r, 'BatchRole', 'payments')).toMatchObject({ before: 'deny', after: 'allow' });
  });

  it("no identity policies for the role: unknown after, naming the role's setting", () => {
    const r = diff(config((c) => delete c.roles.BatchRole.identityPolicies));
    const c = cell(r, 'BatchRole');
    expect(c).toMatchObject({ before: 'deny', after: 'unknown' });
    expect(why(c!)).toMatch(/roles\.BatchRole\.identityPolicies/);
  });

  it('a cell the endpoint decides keeps its decision whatever the unknown layers say', () => {
    const narrowed = computeDiff(
      loadDiffSetup(
        config((c) => {
          delete c.apis.orders.resourcePolicy;
          delete c.roles.CheckoutRole.identityPolicies;
        }),
        { before: AFTER, after: BEFORE },
        { classes: false },
      ),
    );
    // BatchRole: before unknown (the endpoint let it through), after denied at the endpoint.
    expect(cell(narrowed, 'BatchRole')).toMatchObject({ before: 'unknown', after: 'deny' });
    expect(diffExitCode(narrowed, 'grant')).toBe(0);
  });
});
