// Issue 10: a reach proof ("only these principals can reach", "no principal outside the organization
// can reach") over an API whose routes spokegate does not know. A request to a path the API does not
// serve is answered Missing Authentication Token in AWS: it reaches nothing. So, over every path:
// - "nobody else / nobody outside gets through" proven over every path holds on the served ones too
//   (a pass is sound), but a counterexample may be on a path the API does not serve: unless its
//   class takes every method and path (every deployed API serves at least one route), the failure
//   is not established: an error naming apis.ALIAS.routes, never a fail;
// - "each listed principal gets through" may rest on such a path: a pass is not established unless
//   the listed principal gets through on every method and path; a listed one that gets through
//   nowhere, over every path, fails soundly.
// - not stating the routes, the config states no authorization type either: a route may be AWS_IAM,
//   NONE or an authorizer's (KnownRoutes.analysed, 2026-12-02), so a request the policies let through
//   may still be refused by an authorizer, and a listed principal's access is not established: those
//   are errors too (below, the last column), never a pass or a failure resting on AWS_IAM.
// The truth below is derived by hand: the API "docs" serves GET /docs alone (its stated routes),
// each AWS_IAM.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import type { AssertionResult } from '../../src/harness/assertions.js';
import { allow, API, CHECKOUT, docsWorldConfig, policy, REPORTING } from './docs-world.js';
import { proofStatus, type ProofStatus } from './proof-status.js';

/** Endpoint policies, each a world of its own. */
const ENDPOINTS = {
  // CheckoutRole on the served route; anyone on GET /ghost, which docs does not serve.
  ghostForAll: policy(allow({ AWS: CHECKOUT }, `${API}/prod/GET/docs`), allow('*', `${API}/prod/GET/ghost`)),
  // CheckoutRole on the served route; ReportingRole only on GET /ghost: it reaches nothing.
  ghostForReporting: policy(
    allow({ AWS: CHECKOUT }, `${API}/prod/GET/docs`),
    allow({ AWS: REPORTING }, `${API}/prod/GET/ghost`),
  ),
  // CheckoutRole on every method and path; anyone on every method and path of docs too.
  everyPathForAll: policy(allow({ AWS: CHECKOUT }, `${API}/*`), allow('*', `${API}/*`)),
  // CheckoutRole on every method and path, nobody else.
  everyPathForCheckout: policy(allow({ AWS: CHECKOUT }, `${API}/*`)),
};
type World = keyof typeof ENDPOINTS;

function configFile(routesKnown: boolean): string {
  const files = Object.fromEntries(Object.entries(ENDPOINTS).map(([name, text]) => [`${name}.json`, text]));
  return docsWorldConfig('spokegate-unrouted-', files, 'ghostForAll.json', [
    'roles:',
    `  CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] }`,
    `  ReportingRole: { arn: '${REPORTING}', identityPolicies: [invoke-all.json] }`,
    'apis:',
    `  docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: resource.json${routesKnown ? ", routes: ['GET /docs']" : ''} }`,
    'defaults: { endpoint: hub, probes: ["GET /docs"] }',
  ]);
}
const FILES = { known: configFile(true), unknown: configFile(false) };

async function prove(
  routes: 'known' | 'unknown',
  world: World,
  proof: (ctx: RunContext) => Promise<AssertionResult>,
): Promise<ProofStatus> {
  const file = FILES[routes];
  const ctx = await RunContext.create({
    mode: 'offline',
    config: loadConfig(file),
    env: {},
    endpointPolicyFiles: { hub: join(file, '..', `${world}.json`) },
  });
  try {
    return proofStatus(await proof(ctx));
  } catch (e) {
    return { status: 'error', message: (e as Error).message };
  } finally {
    ctx.close();
  }
}
const outsiders = (ctx: RunContext) => noOutsiderReaches(ctx, 'docs', undefined, 's');
const only =
  (...names: string[]) =>
  (ctx: RunContext) =>
    onlyTheseCanReach(ctx, 'docs', undefined, names, 's');

/** [world, proof, truth (docs serves GET /docs), what spokegate may say without the routes]. */
const CASES: [
  World,
  string,
  (ctx: RunContext) => Promise<AssertionResult>,
  'passed' | 'failed',
  'passed' | 'failed' | 'error',
][] = [
  // anyone gets through to GET /ghost only: it reaches nothing, so nobody outside reaches docs.
  ['ghostForAll', 'nobody outside', outsiders, 'passed', 'error'],
  ['ghostForAll', 'only CheckoutRole', only('CheckoutRole'), 'passed', 'error'],
  // ReportingRole gets through only to GET /ghost: it reaches nothing, so "only these" is false.
  [
    'ghostForReporting',
    'only CheckoutRole, ReportingRole',
    only('CheckoutRole', 'ReportingRole'),
    'failed',
    'error',
  ],
  ['ghostForReporting', 'nobody outside', outsiders, 'passed', 'passed'],
  // anyone on every method and path: whatever docs serves, an outsider reaches it through the
  // policies (an authorizer, if the routes had one, might still refuse it: not established).
  ['everyPathForAll', 'nobody outside', outsiders, 'failed', 'error'],
  ['everyPathForAll', 'only CheckoutRole', only('CheckoutRole'), 'failed', 'error'],
  // CheckoutRole alone, on every method and path: it reaches whatever docs serves (unless an
  // authorizer refuses it, on routes whose types are not stated).
  ['everyPathForCheckout', 'only CheckoutRole', only('CheckoutRole'), 'passed', 'error'],
  // ReportingRole gets through nowhere, over every path: false whatever docs serves.
  [
    'everyPathForCheckout',
    'only CheckoutRole, ReportingRole',
    only('CheckoutRole', 'ReportingRole'),
    'failed',
    'failed',
  ],
];

describe('reach proofs when the routes are known: the truth', () => {
  for (const [world, name, proof, truth] of CASES)
    it(`${world}: ${name} is ${truth}`, async () => {
      expect((await prove('known', world, proof)).status).toBe(truth);
    });
});

describe('reach proofs when the routes are not known: never a pass that is unproven, never a failure on a path no route serves', () => {
  for (const [world, name, proof, truth, unknown] of CASES)
    it(`${world}: ${name} is ${unknown} (truth: ${truth})`, async () => {
      const r = await prove('unknown', world, proof);
      expect(r.status, r.message).toBe(unknown);
      if (unknown === 'error') {
        expect(r.message).toMatch(/routes of API "docs" are unknown|apis\.docs states no routes/);
        expect(r.message).toMatch(/apis\.docs\.routes/);
      }
    });
});
