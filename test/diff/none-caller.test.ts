// Issues 10/11: diff decides a signed call on a NONE route under both readings of whom the resource
// policy sees (the signer, or an anonymous caller: docs/aws-behaviour.md §5d), as run and check do
// (src/predict overAuthorizerCallers). Before, diff cells carried the route only for authorizer
// routes, so a NONE route was decided with the signer alone.
import { describe, expect, it } from 'vitest';
import { computeDiff, loadDiffSetup, why } from '../../src/diff/index.js';
import { changeOf, fixtureConfig, loadEdited, ORGANIZATIONS, tmpFile, widening } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const invoke = (Effect: string, Principal: unknown) => ({
  Effect,
  Principal,
  Action: 'execute-api:Invoke',
  Resource: `${API}/*`,
});

/**
 * The fixture config with orders' GET / a NONE route and a resource policy allowing anyone but
 * refusing BatchRole by name (`routes`: orders' routes, GET / alone when not given).
 */
const refusingBatchOnNone = (routes?: string[]) => {
  const c = fixtureConfig(ORGANIZATIONS);
  c.apis.orders.noneRoutes = ['GET /'];
  // noneRoutes name routes of `routes` (loadConfig): GET / alone where the test states none.
  c.apis.orders.routes = routes ?? ['GET /'];
  c.apis.orders.resourcePolicy = tmpFile(
    'resource.json',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [invoke('Allow', '*'), invoke('Deny', { AWS: 'arn:aws:iam::111111111111:role/BatchRole' })],
    }),
  );
  return loadEdited(c);
};

describe('diff: a signed call on a NONE route, both readings of the resource policy caller', () => {
  it('opening the endpoint: a Deny naming BatchRole refuses it only if the signer is seen: deny -> unknown', () => {
    const { before, after } = widening();
    const r = computeDiff(loadDiffSetup(refusingBatchOnNone(), { before, after }, { classes: false }));
    const batch = changeOf(r, 'BatchRole', 'orders');
    expect(batch).toMatchObject({ before: 'deny', after: 'unknown' });
    expect(why(batch!)).toMatch(/anonymous/);
    expect(why(batch!)).toMatch(/NONE/);
  });
});

// Found with the seventh auditor world (test/verdicts/auditor7): the cells were decided under both
// readings, the classes (every principal) under the signer's alone, so opening the endpoint to a role
// the resource policy refuses by name on a NONE route read "no new access" (deny -> deny) where AWS
// lets it in if the resource policy sees an anonymous caller there.
describe('diff by classes: a signed call on a NONE route, both readings', () => {
  const config = () => refusingBatchOnNone(['GET /', 'GET /orders']);

  it('opening the endpoint: BatchRole on the NONE route is a class that may be new (deny -> unknown), never no change', () => {
    const { before, after } = widening();
    const r = computeDiff(loadDiffSetup(config(), { before, after }));
    const batch = r.classes.filter(
      (c) =>
        c.api === 'orders' &&
        c.witness.method === 'GET' &&
        c.witness.path === '/' &&
        c.witness.principal.kind === 'role' &&
        /role\/BatchRole$/.test(c.witness.principal.arn),
    );
    expect(
      batch.map((c) => `${c.before} -> ${c.after}`),
      r.classes.map((c) => `${c.before} -> ${c.after}: ${c.description}`).join('\n'),
    ).toEqual(['deny -> unknown']);
    // A NONE route is decided by the policies: no authorizer is said to decide past them.
    for (const c of r.classes) expect(c.description).not.toMatch(/decides \(not known to spokegate\)/);
  });
});
