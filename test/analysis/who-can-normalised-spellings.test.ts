// Issue 14 (pass 19, lane K2): a path written another way (`GET /entries//secret`, `GET /entries/`,
// `GET //entries`) reads two ways in its resource ARN, as written and normalised (docs/aws-behaviour.md
// §5c, §55), and decide() lets it through when either reading does. The route regions told such a path
// apart by the Resource patterns it matches as written alone, so a request let in only with its path
// normalised fell in the region of a plain path that is denied (`GET /entries//secret` is matched as
// written by a Deny of `…/GET/entries/*/secret`, as `GET /entries/7/secret` is; normalised it is
// `GET /entries/secret`, which that Deny does not match): who-can put it in a denied class.
import { describe, expect, it } from 'vitest';
import { decide, pathReadingOf, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { parseRouteSpec, pathSegments } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { INVOKE, ORDERS_API, ORG, smallWorld } from './helpers.js';

const ROUTES = ['GET /entries', 'GET /entries/{id}', 'GET /entries/{id}/secret', 'POST /entries'].map(
  (r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' as const }),
);
const OUTSIDE = { StringNotEquals: { 'aws:PrincipalOrgID': ORG } };
const INSIDE = { StringEquals: { 'aws:PrincipalOrgID': ORG } };
const anyone = (Effect: string, Resource: string, Condition?: object) => ({
  Effect,
  Principal: '*',
  Action: INVOKE,
  Resource: `${ORDERS_API}${Resource}`,
  ...(Condition ? { Condition } : {}),
});
const denyOutsiders = (r: string) => [anyone('Allow', '/*'), anyone('Deny', r, OUTSIDE)];
const allowOutsiders = (r: string) => [anyone('Allow', r, OUTSIDE), anyone('Allow', '/*', INSIDE)];
const OUTSIDER = { kind: 'role', arn: 'arn:aws:iam::999999999999:role/Far', sessionName: 'far' } as const;

// [the resource policy, the outsider's request the engine lets through with its path normalised alone]
const ROWS: [string, object[], string][] = [
  [
    'a Deny of outsiders on GET/entries/*/secret',
    denyOutsiders('/prod/GET/entries/*/secret'),
    'GET /entries//secret',
  ],
  ['a Deny of outsiders on GET/entries/*', denyOutsiders('/prod/GET/entries/*'), 'GET /entries/'],
  ['an Allow of outsiders on */GET/entries alone', allowOutsiders('/*/GET/entries'), 'GET //entries'],
  ['an Allow of outsiders on */GET/entries alone', allowOutsiders('/*/GET/entries'), 'GET /%65ntries'],
  ['an Allow of outsiders on */GET/entries/7 alone', allowOutsiders('/*/GET/entries/7'), 'GET /entries//7'],
  // Two changes: neither the one-change forms nor the patterns' own ones.
  ['an Allow of outsiders on GET/entries alone', allowOutsiders('/prod/GET/entries'), 'GET ////entries'],
  ['an Allow of outsiders on GET/entries* alone', allowOutsiders('/prod/GET/entries*'), 'GET //%65ntries/7'],
  [
    'a Deny of outsiders on GET/entries/*/secret*',
    denyOutsiders('/prod/GET/entries/*/secret*'),
    'GET /entries//secret/',
  ],
];

describe('who-can: a path spelling the engine lets through normalised alone is in an allowed class', () => {
  it.each(ROWS.map(([why, s, call]) => [why, call, s] as const))('%s: %s', (_why, call, statements) => {
    const world = smallWorld([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], statements, {
      routes: ROUTES,
    });
    const [method, path] = call.split(' ') as [string, string];
    const req: AnalysisRequest = { api: 'orders', principal: OUTSIDER, method, path };
    // The engine: through, with its path normalised alone.
    expect(decide(world, req).decision).toBe('allow');
    expect(pathReadingOf(world, req)).toMatch(/holds its path normalised/);
    const who = whoCan(world, servedOptions(world, ['orders']));
    const cls = who.classOf(req);
    expect(cls?.decision, call).toBe('allow');
    // Its written reading lets in no more than its normalised one (a grant's pattern missed, a
    // refusal's matched): it is decided as its normalised path, in that path's class; otherwise in
    // a class marked with the reading it needs.
    const plain = { ...req, path: `/${pathSegments(path).join('/')}` };
    if (cls?.ifPathReading === undefined) expect(who.classOf(plain), call).toBe(cls);
    else expect(cls.ifPathReading, call).toBe('normalised');
    // A reported class holds it; each reported class's witness is let through.
    const reported = who.reportedClassesOf(req);
    expect(reported.length, call).toBeGreaterThan(0);
    for (const c of reported) expect(decide(world, c.witness).decision, c.description).toBe('allow');
  });
});

// Pass 21 (note16: "a spelling read as its normalised path loses the 'only if normalised' caveat"): a
// class holding such a spelling says so where who-can meets one (the spellings its route search
// tried, read as a region's path) that the engine lets in normalised alone at the class's witness, in
// words and as data (spellingIfNormalised); the regions and classes stay as they are. Not every such
// class: GET /entries//secret/ beside a Deny of GET/entries/*/secret* is read as GET /entries/secret,
// a path the search does not spell so, and its class is not marked (docs/aws-behaviour.md §55).
describe('who-can: the class of a spelling read as its normalised path keeps the caveat', () => {
  const whoOf = (statements: object[]) => {
    const world = smallWorld([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], statements, {
      routes: ROUTES,
    });
    return { world, who: whoCan(world, servedOptions(world, ['orders'])) };
  };

  it.each(ROWS.map(([why, s]) => [why, s] as const))(
    '%s: each example is let in normalised alone',
    (_why, s) => {
      const { world, who } = whoOf(s);
      for (const c of who.classes.filter((x) => x.spellingIfNormalised !== undefined)) {
        const [m, p] = c.spellingIfNormalised!.split(' ') as [string, string];
        const at = { ...c.witness, method: m, path: p };
        expect(decide(world, at).decision, c.description).toBe('allow');
        expect(pathReadingOf(world, at), c.description).toMatch(/holds its path normalised/);
        expect(who.reportedClassesOf(at), c.description).toContain(c);
        expect(c.ifPathReading, c.description).toBeUndefined();
        expect(c.description).toContain(`written another way (e.g. ${c.spellingIfNormalised}), only if`);
      }
    },
  );

  it("an outsider's GET //%65ntries/7 beside an Allow of outsiders on GET/entries* alone: its class says so", () => {
    const { world, who } = whoOf(allowOutsiders('/prod/GET/entries*'));
    const req: AnalysisRequest = { api: 'orders', principal: OUTSIDER, method: 'GET', path: '//%65ntries/7' };
    expect(pathReadingOf(world, req)).toMatch(/holds its path normalised/);
    const marked = who.reportedClassesOf(req).filter((c) => c.spellingIfNormalised !== undefined);
    expect(marked.map((c) => c.spellingIfNormalised)).toEqual(['GET //entries/q']);
  });
});
