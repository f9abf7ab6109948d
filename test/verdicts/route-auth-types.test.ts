// Issue 10: a route's authorization type is a fact of the deployment (GetDeployment apiSummary:
// each method's authorizationType), not only of the config's apis.ALIAS.noneRoutes. The auditor
// world serves ledger's GET /health as NONE; here the config does not say so. In AWS an anonymous
// caller then reaches GET /health (hub[2] and ledger[2] let anyone read it; a NONE method asks for
// no signature), so "no principal outside the organization can reach ledger" is false, and the
// call is allowed. Sandbox mode reads the deployment: the prediction and the proof must use it.
// ledger's policy is narrowed here so that only anonymous callers are outside the organization and
// get through (PartnerReads dropped; Health for unsigned callers alone): the proof's one counterexample
// is the NONE route, and a proof that took GET /health for AWS_IAM would pass.
// (Offline, without routes, spokegate cannot know: the proofs take every type, unstated-route-types.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { auditorRuns, copyAuditorWorld, editPolicy, type AuditorRuns } from './auditor-world.js';

/**
 * The auditor world with ledger's GET /health (NONE in the deployment) left out of its noneRoutes
 * (`routes` kept: the config then states it AWS_IAM), or with ledger's routes not stated at all.
 */
function world(name: string, keepRoutes: boolean): { runs: () => AuditorRuns } {
  let runs: AuditorRuns;
  beforeAll(async () => {
    const dir = copyAuditorWorld(name);
    const file = join(dir, 'spokegate.config.yaml');
    const text = readFileSync(file, 'utf8');
    let edited = text.replace(/^( {4}noneRoutes: \['GET \/health'\]\n)/m, '');
    expect(edited).not.toBe(text); // ledger's noneRoutes are gone (partner's stay)
    if (!keepRoutes) edited = edited.replace(/^ {4}routes: \['GET \/', 'GET \/entries'.*\n/m, '');
    writeFileSync(file, edited);
    editPolicy(dir, 'ledger-resource.json', (doc) => {
      doc.Statement = doc.Statement.filter((st) => st.Sid !== 'PartnerReads');
      doc.Statement.find((st) => st.Sid === 'Health')!.Condition = {
        Null: { 'aws:PrincipalArn': 'true' },
      };
    });
    runs = await auditorRuns(dir);
    expect(runs.config.apis.ledger!.noneRoutes).toBeUndefined();
    expect(runs.config.apis.ledger!.routes === undefined).toBe(!keepRoutes);
  });
  afterAll(() => runs?.close());
  return { runs: () => runs };
}

describe('the deployment says GET /health is NONE; the config states no routes of ledger', () => {
  const w = world('auth-types', false);
  it('an anonymous GET /health on ledger is allowed on the wire and predicted so (no disagreement)', async () => {
    const { cell } = await w.runs().wire.call({
      role: null,
      api: 'ledger',
      method: 'GET',
      path: '/health',
      scenario: 'x',
    });
    expect(cell.observed?.outcome).toBe('allowed');
    expect(cell.predicted).toMatchObject({ decision: 'allow' });
    expect(cell.disagreement).toBe(false);
  });

  it('"no principal outside the organization can reach ledger" fails: an outsider reaches GET /health', async () => {
    const r = await noOutsiderReaches(w.runs().wire, 'ledger', undefined, 'P07');
    expect(r.ok, r.message).toBe(false);
    expect(r.error).toBeFalsy();
    // Anonymous or a signed outsider: Principal "*" lets either in, whichever caller the resource
    // policy of the NONE route sees (docs/aws-behaviour.md §5d).
    expect(r.message).toMatch(
      /witness: (anonymous|arn:aws:iam::333333333333:user\/OtherUser)\b.*: GET \/health on ledger/,
    );
  });

  // Issue 10 (B1): offline the config is all there is, and it states no routes: GET /health may be
  // NONE (it is), so the proof is not established, never the PASS an AWS_IAM guess gave (an unsigned
  // caller is the one outsider that gets through, and AWS_IAM refuses it).
  it('offline, the same proof is not established, naming apis.ledger.routes', async () => {
    const r = await noOutsiderReaches(w.runs().offline, 'ledger', undefined, 'P07');
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBe(true);
    expect(r.message).toMatch(/apis\.ledger states no routes.*apis\.ledger\.routes, with noneRoutes/);
  });
});

// Issue 10 (B2): a config that states GET /health AWS_IAM (in routes, not in noneRoutes) where the
// deployment serves it NONE was ignored silently in sandbox/live runs (the deployment won, and the
// offline runs of the same config kept the wrong type). Now it stops the run: exit 2 naming the API,
// the route, both types and the keys to fix, before a call is sent or a proof answered.
describe('the deployment says GET /health is NONE; the config states it AWS_IAM', () => {
  const w = world('auth-types-clash', true);
  const CLASH =
    /the config's routes of API "ledger" at stage "prod" disagree with deployment .*: "GET \/health" is stated AWS_IAM but deployed NONE .*apis\.ledger\.routes, noneRoutes and authorizers/;
  it('a call stops with exit 2 (InputError) naming both types', async () => {
    const e = await w
      .runs()
      .wire.call({ role: null, api: 'ledger', method: 'GET', path: '/health', scenario: 'x' })
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(CLASH);
    expect((e as InputError).where.field).toBe('apis.ledger.routes');
  });
  it('a reach proof stops the same way, never a pass or a failure on the wrong type', async () => {
    await expect(noOutsiderReaches(w.runs().wire, 'ledger', undefined, 'P07')).rejects.toThrow(CLASH);
  });
});
