// Issue 10 (pass 19, lane A): diff asks the written forms of a path who-can and the reach proofs ask
// (src/analysis/path-twins.ts; docs/aws-behaviour.md §55). Hand-derived: every API serves GET /orders
// alone (stated); before, the endpoint lets in CheckoutRole only; after, it lets in everyone but
// denies everyone `…/prod/GET/orders*`. Normalised, GET /orders stays shut to everyone else; as
// written, `GET //orders` and `GET /%6Frders` (routed to GET /orders: localstack#11253, the sandbox's
// router) are not matched by the Deny, so an outsider gets through in that reading: access that may
// be new, exit 1 under --fail-on grant. Before, diff asked only the trailing slash of an exact path
// (`slashedTwins: false`), found no change for anyone but CheckoutRole (a revocation) and exited 0.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import {
  EVERYONE,
  fixtureConfig,
  loadEdited,
  ORGANIZATIONS,
  policyFile,
  CHECKOUT_ONLY,
  tmpFile,
} from './helpers.js';

const DENY = 'arn:aws:execute-api:us-west-2:*:*/prod/GET/orders';
const config = () => {
  const c = fixtureConfig(ORGANIZATIONS);
  const everyone = policyFile(EVERYONE, 'resource-anyone.json');
  for (const a of Object.values<any>(c.apis)) {
    a.resourcePolicy = everyone;
    a.routes = ['GET /orders'];
  }
  return loadEdited(c);
};
const diffTo = (...denied: string[]) =>
  computeDiff(
    loadDiffSetup(config(), {
      before: policyFile(CHECKOUT_ONLY, 'checkout.json'),
      after: tmpFile(
        'after.json',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [EVERYONE, { ...EVERYONE, Sid: 'NoOrders', Effect: 'Deny', Resource: denied }],
        }),
      ),
    }),
  );

// [the Deny's Resources, a written form of GET /orders it leaves]
const ROWS: [string, string[], RegExp][] = [
  ['a prefix Deny', [`${DENY}*`], /^\/(\/orders|%6[Ff]rders|o%72ders)/],
  ['an exact Deny with its trailing slash', [DENY, `${DENY}/`], /^\/(\/orders|%6[Ff]rders|o%72ders)/],
];

describe('diff asks the written forms of a path a Deny names (as who-can does)', () => {
  it.each(ROWS)('%s: a form it leaves is access that may be new (exit 1)', (_why, denied, form) => {
    const r = diffTo(...denied);
    const grants = r.classes.filter((c) => c.change === 'grant');
    const described = JSON.stringify(r.classes.map((c) => [c.change, c.description, c.witness.path]));
    expect(
      grants.some((c) => form.test(c.witness.path)),
      described,
    ).toBe(true);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('a Deny of everything the APIs serve, whatever the spelling: no grant (exit 0)', () => {
    const r = diffTo('arn:aws:execute-api:us-west-2:*:*/*');
    expect(r.classes.filter((c) => c.change === 'grant')).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });
});
