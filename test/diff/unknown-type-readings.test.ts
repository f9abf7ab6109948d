// Lane K (pass 16), a second reading of cde303f: a route of unknown authorization type (offline,
// another stage whose routes are not stated) was read as NONE, or an authorizer's, and its reading
// "if the route is AWS_IAM or NONE" carried the NONE answer alone. diff compares two unknowns of
// the same reason reading by reading, so a change that lets a role in only where the route is
// AWS_IAM was no change. Hand-derived: the orders API (account 222222222222) lets in its account
// (a grant to `:root`: a role of it needs its own identity policy to allow, on an AWS_IAM route),
// then also names NewRole on stage beta alone (a direct grant: no identity policy needed). On an
// AWS_IAM route of beta, NewRole without identity policies goes from denied to allowed: new access.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import {
  EVERYONE,
  fixtureConfig,
  loadEdited,
  ORGANIZATIONS,
  planFixture,
  policyFile,
  tmpFile,
} from './helpers.js';

const ACCOUNT = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::222222222222:root' },
  Action: 'execute-api:Invoke',
  Resource: '*',
};
const NEW_ROLE_ON_BETA = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::222222222222:role/NewRole' },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/beta/*',
};

function resourcePlan(before: object[], after: object[]): string {
  const plan = planFixture();
  const orders = plan.resource_changes.find((r) => r.address === 'aws_api_gateway_rest_api_policy.orders')!;
  const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  orders.change.before = { ...(orders.change.before as object), policy: doc(before) };
  orders.change.after = { ...(orders.change.before as object), policy: doc(after) };
  plan.resource_changes = [orders];
  return tmpFile('plan.json', JSON.stringify(plan));
}

function diffWith(beta?: object) {
  const c = fixtureConfig(ORGANIZATIONS);
  c.endpoints.hub.policy = policyFile(EVERYONE, 'hub-anyone.json');
  for (const a of Object.values<any>(c.apis)) {
    a.stages = ['prod', 'beta'];
    a.routes = ['GET /'];
    if (beta) a.stageRoutes = { beta };
  }
  return computeDiff(
    loadDiffSetup(loadEdited(c), { plan: resourcePlan([ACCOUNT], [ACCOUNT, NEW_ROLE_ON_BETA]) }),
  );
}

const betaGrants = (r: ReturnType<typeof diffWith>) =>
  r.classes.filter((c) => c.change === 'grant' && c.stages.includes('beta'));

describe('diff over a route of unknown authorization type reads AWS_IAM apart from NONE', () => {
  it('beta stated AWS_IAM: naming NewRole on beta is a grant (the control)', () => {
    const r = diffWith({ routes: ['GET /'] });
    expect(
      betaGrants(r).length,
      JSON.stringify(r.classes.map((c) => [c.change, c.description])),
    ).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it("beta's routes not stated: the same change may be new access (AWS_IAM is one of the types)", () => {
    const r = diffWith();
    expect(
      betaGrants(r).length,
      JSON.stringify(r.classes.map((c) => [c.change, c.description])),
    ).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });
});
