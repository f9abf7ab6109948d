// Issue 10 (pass 19, lane K): a Deny of outsiders on a path pattern (`.../GET/docs/*`, the usual
// way to close a family of routes) is escaped by the paths it names written other ways, as the exact
// paths of d66ca70 are: API Gateway routes `GET //docs/7`, `GET /%64ocs/7` and `GET /docs/7/secret/`
// to `GET /docs/{id}` and `GET /docs/{id}/secret` (docs/aws-behaviour.md §55), and their resource
// ARN as written is not matched by the Deny (§5c). The analysis asked the forms of the pattern's
// literal head alone (`GET //docs/`), which a route with a parameter after it does not serve, so with
// the routes stated "no principal outside the organization can reach" passed.
// Hand-derived truth: every row's outsider gets through as written on a served route, so the proof
// is never a pass (not established: only one reading of the resource ARN lets it in).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { allow, CHECKOUT, docsWorldConfig, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

// [the one route stated, the Deny's Resource, a written form of a served path that escapes it]
const ROWS: [string, string, string][] = [
  ['GET /docs/{id}', 'execute-api:/prod/GET/docs/*', 'GET //docs/7'],
  ['GET /docs/{id}', 'execute-api:/*/GET/docs/*', 'GET //docs/7'],
  ['GET /docs/{id}', 'execute-api:/prod/*/docs/*', 'GET /%64ocs/7'],
  ['GET /docs/{id}', 'execute-api:/*/*/docs/*', 'GET //docs/7'],
  ['GET /docs/{id}', 'execute-api:/*/GET/docs*', 'GET //docs/7'],
  ['GET /docs/{proxy+}', 'execute-api:/prod/GET/docs/*', 'GET //docs/7'],
  ['GET /docs/{id}/secret', 'execute-api:/prod/GET/docs/*/secret', 'GET /docs/7/secret/'],
  ['GET /docs/{id}/secret', 'execute-api:/prod/GET/docs/*/secre?', 'GET /docs/7/%73ecret'],
  ['GET /docs/{id}/secret', 'execute-api:/prod/GET/*/secret', 'GET /docs/7/secret/'],
  // Guards (not established before too): exact paths and a wildcard before the literal tail.
  ['GET /docs', 'execute-api:/prod/GET/do?s', 'GET //docs'],
  ['GET /docs', 'execute-api:/*/GET/docs', 'GET //docs'],
  ['GET /docs', 'execute-api:/prod/*/docs', 'GET //docs'],
  ['GET /docs', 'execute-api:/*/GET/docs*', 'GET //docs'],
  ['GET /a/docs', 'execute-api:/prod/GET/*/docs', 'GET /a/docs/'],
];

describe('a Deny of outsiders on a path pattern, the routes stated: the proof never passes', () => {
  it.each(ROWS)('%s, Deny of %s (escaped by %s as written)', async (route, deny) => {
    const file = docsWorldConfig(
      'spokegate-spelled-pattern-',
      { 'endpoint.json': policy(allow('*', '*')) },
      'endpoint.json',
      [
        `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
        `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: resource.json, routes: ['${route}'] } }`,
      ],
    );
    writeFileSync(
      join(dirname(file), 'resource.json'),
      policy(allow('*', 'execute-api:/*'), {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: deny,
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
      }),
    );
    const ctx = await RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
    const r = await runProof(ctx, (c) => noOutsiderReaches(c, 'docs', undefined, 's'));
    // Not established: the outsider gets through only in the as-written reading (§5c).
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/resource ARN holds its path as written/);
  });
});
