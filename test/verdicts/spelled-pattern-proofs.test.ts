// Issue 10 (pass 19, lane K): a Deny of outsiders on a path pattern (`.../GET/docs/*`, the usual
// way to close a family of routes) is escaped by the paths it names written other ways, as the exact
// paths of d66ca70 are: API Gateway routes `GET //docs/7`, `GET /%64ocs/7` and `GET /docs/7/secret/`
// to `GET /docs/{id}` and `GET /docs/{id}/secret` (docs/aws-behaviour.md §55), and their resource
// ARN as written is not matched by the Deny (§5c). The analysis asked the forms of the pattern's
// literal head alone (`GET //docs/`), which a route with a parameter after it does not serve, so with
// the routes stated "no principal outside the organization can reach" passed; and none of the root's
// (`GET //` beside a Deny of `.../GET/`, which an empty segment after the stage reaches as it does
// any path).
// Hand-derived truth: every row's outsider gets through as written on a served route, so the proof
// is never a pass (not established: only one reading of the resource ARN lets it in).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { allow, anyoneInvoke, CHECKOUT, docsWorldConfig, policy } from './docs-world.js';
import { runProof } from './proof-status.js';

// The one route stated, the Deny's Resource (after `execute-api:`), a written form of a served path
// that escapes it. The last five are guards (not established before too): exact paths, and a
// wildcard before the literal tail.
type Row = { route: string; deny: string | string[]; escape: string };
const ROWS: Row[] = [
  { route: 'GET /docs/{id}', deny: '/prod/GET/docs/*', escape: 'GET //docs/7' },
  { route: 'GET /docs/{id}', deny: '/*/GET/docs/*', escape: 'GET //docs/7' },
  { route: 'GET /docs/{id}', deny: '/prod/*/docs/*', escape: 'GET /%64ocs/7' },
  { route: 'GET /docs/{id}', deny: '/*/*/docs/*', escape: 'GET //docs/7' },
  { route: 'GET /docs/{id}', deny: '/*/GET/docs*', escape: 'GET //docs/7' },
  { route: 'GET /docs/{proxy+}', deny: '/prod/GET/docs/*', escape: 'GET //docs/7' },
  { route: 'GET /docs/{id}/secret', deny: '/prod/GET/docs/*/secret', escape: 'GET /docs/7/secret/' },
  { route: 'GET /docs/{id}/secret', deny: '/prod/GET/docs/*/secre?', escape: 'GET /docs/7/%73ecret' },
  { route: 'GET /docs/{id}/secret', deny: '/prod/GET/*/secret', escape: 'GET /docs/7/secret/' },
  { route: 'GET /', deny: '/prod/GET/', escape: 'GET //' },
  { route: 'GET /', deny: '/*/GET/', escape: 'GET //' },
  { route: 'GET /docs', deny: '/prod/GET/do?s', escape: 'GET //docs' },
  { route: 'GET /docs', deny: '/*/GET/docs', escape: 'GET //docs' },
  { route: 'GET /docs', deny: '/prod/*/docs', escape: 'GET //docs' },
  { route: 'GET /docs', deny: '/*/GET/docs*', escape: 'GET //docs' },
  { route: 'GET /a/docs', deny: '/prod/GET/*/docs', escape: 'GET /a/docs/' },
  // Pass 20 (lane K): forms with two changes of a pattern's paths. The Deny names the pattern, every
  // extra empty segment first and each one-change encoding; two letters encoded escape it. Two
  // exact paths of 21 letters each keep the witness search from composing it out of single
  // characters. formsBySet found GET /%64%6Fcs/ as a form of the head, which the route does not serve.
  {
    route: 'GET /docs/{id}',
    deny: [
      ...['docs/*', '/*', '%64ocs/*', 'd%6Fcs/*', 'd%6fcs/*', 'do%63s/*', 'doc%73/*'],
      ...['zyxwvutsrqpnmlkjihgba', 'ZYXWVUTSRQPNMLKJIHGBA'],
    ].map((p) => `/prod/GET/${p}`),
    escape: 'GET /%64%6Fcs/7',
  },
  // The same past the head: every spelling of the head denied (/*, %*, d%*, do%*, doc%*), every
  // trailing slash (*/) and each one-change encoding of the tail; two letters of it encoded escape.
  {
    route: 'GET /docs/{id}/secret',
    deny: [
      ...['docs/*/secret', '/*', '*/', '%*', 'd%*', 'do%*', 'doc%*'],
      ...['%73ecret', 's%65cret', 'se%63ret', 'sec%72et', 'secr%65t', 'secre%74'].map((t) => `docs/*/${t}`),
      ...['zyxwvutsrqpnmlkjihgba', 'ZYXWVUTSRQPNMLKJIHGBA'],
    ].map((p) => `/prod/GET/${p}`),
    escape: 'GET /docs/7/%73%65cret',
  },
];

describe('a Deny of outsiders on a path pattern, the routes stated: the proof never passes', () => {
  it.each(ROWS)('$route, Deny of $deny (escaped by $escape as written)', async ({ route, deny }) => {
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
      policy(
        allow('*', 'execute-api:/*'),
        anyoneInvoke(
          'Deny',
          [deny].flat().map((d) => `execute-api:${d}`),
          {
            StringNotEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' },
          },
        ),
      ),
    );
    const ctx = await RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
    const r = await runProof(ctx, (c) => noOutsiderReaches(c, 'docs', undefined, 's'));
    // Not established: the outsider gets through only in the as-written reading (§5c).
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/resource ARN holds its path as written/);
  });
});
