// Paths an exact-path Deny does not see (issues 10, 14; docs/aws-behaviour.md §55). API Gateway
// routes `GET //entries` (an empty segment after the stage) and `GET /entries/` to GET /entries
// (localstack/localstack#11253, aws/aws-sam-cli#1495), and spokegate's router (the sandbox's) also
// decodes each segment (`GET /%65ntries`); whether the resource ARN holds such a path as written or
// normalised is not established (§5c). A Deny of outsiders on `GET/entries*` (which names the
// trailing-slash twin too) leaves `GET //entries` and `GET /%65ntries` as written: an outsider gets
// through in that reading. Before, who-can asked an exact path with a trailing slash alone, so it named
// no outsider, and such a request was put in a class whose decision the engine contradicts.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { pathTwins } from '../../src/analysis/path-twins.js';
import { matchRoute, parseRouteSpec, pathSegments } from '../../src/routes/index.js';
import { resourcePathReadings } from '../../src/policy/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { ENTRY_ROUTES, ORDERS_API, outsidersOut } from './helpers.js';

const API = ORDERS_API;
const ROUTES = ENTRY_ROUTES;
const normalised = (path: string) => resourcePathReadings(path).at(-1)!.path;
const TYPED = ROUTES.map((r) => parseRouteSpec(r)!);
const routeOf = (method: string, path: string) => matchRoute(TYPED, method, pathSegments(path));
const OUTSIDER = { kind: 'role', arn: 'arn:aws:iam::999999999999:role/Far', sessionName: 'far' } as const;
const asOutsider = (method: string, path: string): AnalysisRequest => ({
  api: 'orders',
  principal: OUTSIDER,
  method,
  path,
});

// [the Deny's Resources, a written form of a denied path that escapes them, its reading]
const ROWS: [string, string[], string, string][] = [
  ['a prefix Deny', [`${API}/prod/GET/entries*`], 'GET //entries', 'as-written'],
  ['a prefix Deny', [`${API}/prod/GET/entries*`], 'GET /%65ntries', 'as-written'],
  [
    'exact Denies with their slashes',
    [`${API}/prod/GET/entries`, `${API}/prod/GET/entries/`],
    'GET //entries',
    'as-written',
  ],
  // A Deny of the forms asked first (until 2026-12-03 the only ones): another spelling escapes it.
  [
    'a Deny of a path, its slash, // and its first letter encoded',
    ['entries', 'entries/', '/entries', '%65ntries'].map((p) => `${API}/prod/GET/${p}`),
    'GET /e%6etries',
    'as-written',
  ],
  ['an exact Deny of a two-segment path', [`${API}/prod/GET/entries/7*`], 'GET /entries//7', 'as-written'],
  // A prefix Deny of a route's items, and of every extra slash: an item's path with its head
  // encoded reaches GET /entries/{id} (`GET /%65ntries/` itself reaches GET /entries).
  [
    'a prefix Deny of items and of every extra slash',
    ['entries/*', '/*', '*//*'].map((p) => `${API}/prod/GET/${p}`),
    'GET /%65ntries/7',
    'as-written',
  ],
  // A Deny of every form with one change (the path's own pathTwins): a form with two changes escapes
  // it. Forms of the Deny's own Resources happen to find `//entries/` here...
  [
    'a Deny of the path and every one-change form of it',
    ['entries', ...pathTwins('entries', true).keys()].map((p) => `${API}/prod/GET/${p}`),
    'GET //entries/',
    'as-written',
  ],
  // ...but not `%65%6Etries` once every extra slash is denied too: until 2026-12-03 no form with two
  // changes was asked, and this one was in no class (the proof passed).
  [
    'a Deny of the path, every one-change form and every extra slash',
    ['entries', ...pathTwins('entries', true).keys(), '/*', '*/', '*//*'].map((p) => `${API}/prod/GET/${p}`),
    'GET /%65%6Etries',
    'as-written',
  ],
];

describe('who-can asks the written forms of a path an exact or prefix Deny names', () => {
  it.each(ROWS)('%s (%j): %s gets through as written', (_why, resource, call, reading) => {
    const world = outsidersOut(resource);
    const [method, path] = call.split(' ') as [string, string];
    const req = asOutsider(method, path);
    // The engine: the outsider gets through with the path as written, not normalised.
    expect(decide(world, req).decision).toBe('allow');
    expect(decide(world, { ...req, path: normalised(path) }).decision).toBe('deny');
    const who = whoCan(world, servedOptions(world, ['orders']));
    // The class this request is in says what the engine says, and a reported class holds it.
    expect(who.classOf(req)?.decision, call).toBe('allow');
    expect(who.reportedClassesOf(req).length, call).toBeGreaterThan(0);
    // Some reported class is of outsiders on this route in that reading alone, its witness allowed.
    // ...and of the denied route itself (its witness a spelling of a path of the request's route).
    const escapes = who.classes.filter(
      (c) =>
        c.ifPathReading === reading &&
        c.witness.method === method &&
        routeOf(method, c.witness.path) === routeOf(method, path) &&
        c.witness.principal.kind !== 'anonymous' &&
        !/::(111111111111|222222222222|333333333333|444444444444):/.test(JSON.stringify(c.witness.principal)),
    );
    expect(escapes.map((c) => c.description).join('\n'), call).not.toBe('');
    for (const c of escapes) expect(decide(world, c.witness).decision, c.description).toBe('allow');
  });
});
