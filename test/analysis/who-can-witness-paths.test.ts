// Witness paths read like requests a client sends: no empty segment. Before, a greedy route (ANY
// /files/{proxy+}) beside Resource patterns whose `*` spans `/` (`*/*/DELETE/*`, `*/GET/health`)
// gave witnesses such as `GET /files//GET/health` and `GET /files//DELETE/`: each `*` the search took
// as nothing left an empty segment. API Gateway drops empty segments when it routes, and which
// reading the resource ARN holds is not documented (docs/aws-behaviour.md §5c), so such a witness
// is also one whose decision may depend on an open question. Now a `*` is filled where the region
// allows (`GET /files/1/GET/health`).
import { describe, expect, it } from 'vitest';
import { decide, whoCan } from '../../src/analysis/index.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { checkComplete } from './random-requests.js';
import { ORDERS } from './hidden-style.js';
import { NINTH } from './hidden-ninth.js';
import { INVOKE, ORG, smallWorld } from './helpers.js';

const ROUTES = ['GET /', 'GET /orders', 'ANY /files/{proxy+}', 'GET /health', 'DELETE /orders/{id}'];
const stmt = (Sid: string, Effect: string, Principal: unknown, Resource: string, Condition?: object) => ({
  Sid,
  Effect,
  Principal,
  Action: INVOKE,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const world = smallWorld(
  [
    stmt('Org', 'Allow', '*', '*', { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
    stmt('Health', 'Allow', '*', 'arn:aws:execute-api:*:*:*/*/GET/health'),
  ],
  [
    stmt('Any', 'Allow', '*', 'arn:aws:execute-api:*:*:*'),
    stmt('NoDeletes', 'Deny', '*', 'arn:aws:execute-api:*:*:*/*/DELETE/*', {
      StringNotEquals: { 'aws:PrincipalTag/team': 'ops' },
    }),
    stmt('NoBeta', 'Deny', '*', `${ORDERS.replace('/prod', '')}/*/beta/*`),
  ],
  { routes: ROUTES.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' })) },
);

describe('who-can witnesses have no empty path segment', () => {
  it('every class over a greedy route and patterns spanning "/" has a tidy, allowed witness', () => {
    const who = whoCan(world, servedOptions(world, ['orders']));
    expect(who.classes.length).toBeGreaterThan(0);
    // A class allowed in one reading of its path alone (§5c) holds only such paths (GET /health/).
    const odd = who.classes
      .filter((c) => /\/\/|.\/$/.test(c.witness.path) && !c.ifPathReading)
      .map((c) => `${c.witness.method} ${c.witness.path}`);
    expect(odd).toEqual([]);
    for (const c of who.classes) expect(decide(world, c.witness).decision, c.description).toBe('allow');
  });

  it('random requests are decided as their classes say', () => checkComplete(world, 1_000), 120_000);

  // The third auditor world's `GET /charges//beta/` (note8 §14): a one-segment route beside a Deny
  // on `*/beta/*` whose region needs "/beta/" in the path; the `*` taken as nothing left `//`, which
  // no character filled can mend (a second segment is not served), but dropping one "/" does:
  // `GET /charges/beta/`.
  const oneSegment = smallWorld(
    [stmt('Org', 'Allow', '*', '*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })],
    [
      stmt('Any', 'Allow', '*', 'arn:aws:execute-api:*:*:*'),
      stmt('NoBeta', 'Deny', '*', 'arn:aws:execute-api:*:*:*/beta/*', {
        StringNotEquals: { 'aws:PrincipalTag/team': 'ops' },
      }),
    ],
    {
      routes: ['GET /', 'GET /charges/{id}'].map((r) => ({
        ...parseRouteSpec(r)!,
        authorizationType: 'AWS_IAM' as const,
      })),
    },
  );
  it('a witness whose empty segment no filled character mends drops it instead', () => {
    const who = whoCan(oneSegment, servedOptions(oneSegment, ['orders']));
    const paths = who.classes.map((c) => `${c.witness.method} ${c.witness.path}`);
    expect(paths.filter((p) => p.includes('//'))).toEqual([]);
    for (const c of who.classes) expect(decide(oneSegment, c.witness).decision, c.description).toBe('allow');
  });
});

// The same for an organization path: ids each ending in `/` (o-…/r-…/ou-…/). A `*` between two ids
// taken as nothing gave `o-a1b2c3d4e5//ou-ab12-dev/1` (an empty id, the last without its `/`).
describe('organization path witnesses read like paths AWS gives', () => {
  it('a middle wildcard: no empty id, a closing slash, still allowed', () => {
    const c = NINTH.orgPathMiddleWildcard!;
    const who = whoCan(c.world);
    const paths = who.classes.flatMap((x) =>
      x.witness.principal.kind === 'anonymous' ? [] : (x.witness.principal.orgPaths ?? []),
    );
    expect(paths.some((p) => p.includes('ou-ab12-dev'))).toBe(true);
    for (const p of paths) expect(p, p).toMatch(/^o-[a-z0-9]+\/(?:[^/]+\/)*$/);
    for (const x of who.classes) expect(decide(c.world, x.witness).decision).toBe('allow');
  });
});
