// Lane A2 (pass 20): on a path past formsBySet's bound (a long route, attack run 13 L05) its
// spellings are not spread, so a spelling decide() reads both ways (its written reading matches a
// grant and a refusal its normalised one misses) that no other value finds a region for would be
// in no class, and a reach proof could pass over a request the engine allows. Such routes are said
// unsearched now (a `search` layer naming the route: who-can exits 3, a proof is not established);
// a short one's spellings are searched as before (no such layer).
import { describe, expect, it } from 'vitest';
import { decide, pathReadingOf, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { INVOKE, ORDERS_API, ORG, smallWorld } from './helpers.js';

const OUTSIDE = { StringNotEquals: { 'aws:PrincipalOrgID': ORG } };
const outsiders = (Effect: string, Resource: string) => ({
  Effect,
  Principal: '*',
  Action: INVOKE,
  Resource: `${ORDERS_API}/prod/GET/${Resource}`,
  Condition: OUTSIDE,
});
const OUTSIDER = { kind: 'role', arn: 'arn:aws:iam::999999999999:role/Far', sessionName: 'far' } as const;
const long = (n: number) => `x${'/a'.repeat(n)}/secret`;
const NOT_SEARCHED = /^search: the ways of writing the route GET \/x\/a\/a.* were not searched/m;

// [why, route parts, the outsider's spelling, its statements, whether its spellings are past the bound]
const ROWS: [string, number, (n: number) => string, object[], boolean][] = [
  [
    'a `//` matched as written by a grant and a refusal',
    300,
    (n) => `x${'/a'.repeat(n)}//secret`,
    [outsiders('Allow', 'x/*'), outsiders('Allow', 'x/*//*'), outsiders('Deny', 'x/*//secret')],
    true,
  ],
  [
    'a `//` early in the path matched as written by a grant and a refusal',
    300,
    (n) => `x/a/a/a//a${'/a'.repeat(n - 4)}/secret`,
    [outsiders('Allow', 'x/*'), outsiders('Allow', 'x/a/a/a//*'), outsiders('Deny', 'x/*//a/a/*')],
    true,
  ],
  [
    'an encoded character matched as written by a grant and a refusal',
    300,
    (n) => `x${'/a'.repeat(n)}/%73ecret`,
    [outsiders('Allow', 'x/*'), outsiders('Allow', 'x/*%*'), outsiders('Deny', 'x/*/%73*')],
    true,
  ],
  [
    'the same on a short path (searched)',
    3,
    (n) => `x${'/a'.repeat(n)}//secret`,
    [outsiders('Allow', 'x/*'), outsiders('Allow', 'x/*//*'), outsiders('Deny', 'x/*//secret')],
    false,
  ],
];

describe('who-can: spellings of a route past formsBySet bound are unsearched, never in no class', () => {
  it.each(ROWS)('%s', (_why, n, spelled, statements, past) => {
    const routes = [{ ...parseRouteSpec(`GET /${long(n)}`)!, authorizationType: 'AWS_IAM' as const }];
    const world = smallWorld([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], statements, {
      routes,
    });
    const req: AnalysisRequest = {
      api: 'orders',
      principal: OUTSIDER,
      method: 'GET',
      path: `/${spelled(n)}`,
    };
    // The engine lets it through with its path normalised alone.
    expect(decide(world, req).decision).toBe('allow');
    expect(pathReadingOf(world, req)).toMatch(/holds its path normalised/);
    const who = whoCan(world, servedOptions(world, ['orders']));
    const layers = who.unknown.map((u) => `${u.layer}: ${u.why}`).join('\n');
    const cls = who.classOf(req);
    expect(cls?.decision, 'never in a denied class').not.toBe('deny');
    if (past) {
      expect(layers).toMatch(NOT_SEARCHED);
      // Never printed whole.
      expect(layers).not.toMatch(/(\/a){100}/);
    } else {
      expect(cls?.decision).toBe('allow');
      expect(layers).not.toMatch(/not searched/);
    }
  });
});
