// Issue 10/14 (pass 21, lane K): worlds a differential fuzzer found (small random worlds of spelled
// Resource paths, `%XX`, `//`, `?`/`*` patterns, NotResource, routes known; decide() against who-can's
// classes), shrunk to one or two statements. In each, who-can answered (no unknown layer, exit 0)
// while a request written another way was in no class, or in a denied class though decide() let it
// through: a reach proof over such a world could pass. Each row: every way of writing its paths with
// up to three changes (an empty segment before it or after a `/`, a trailing slash, a character
// percent-encoded), each principal, is in the class the engine agrees with, and an allowed one is
// in a reported class.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { matchRoute, parseRouteSpec, pathSegments } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { INVOKE, ORDERS_API, ORG, smallWorld } from './helpers.js';

/** A statement of anyone on Resource (or NotResource) paths after the API's ARN. */
const of = (Effect: string, paths: string[], key = 'Resource') => ({
  Effect,
  Principal: '*',
  Action: INVOKE,
  [key]: paths.map((p) => `${ORDERS_API}${p}`),
});

interface Row {
  statements: object[];
  routes: string[];
  /** Routes whose authorization type is NONE. */
  none?: string[];
  /** The plain paths whose spellings are asked. */
  paths: string[];
  /** Whether a `%` is written `%25` too (a path decoding to one holding `%`). */
  percent?: boolean;
}

const ROWS: Record<string, Row> = {
  // The spelled atom (a `//`, `%` or last `/` and a pattern's path written another way, here
  // `entries/*` from the head's trailing slash) held GET /entries/%37, whose region the spread's
  // form search never looked for: it told forms apart by their patterns alone.
  'a Deny NotResource entries* over GET /entries/{id}: GET /entries/%37 in no class': {
    statements: [of('Deny', ['/prod/GET/entries*'], 'NotResource')],
    routes: ['GET /entries/{id}'],
    paths: ['/entries/7', '/entries/ab'],
  },
  // GET //entries/7/ was read as GET //entries%2F7 (both normalise to /entries/7), which
  // /entries/{id} does not serve: no region held it.
  'a Deny of entries%2F7 over GET /entries/{id}: GET //entri%65s/7/ in no class': {
    statements: [of('Deny', ['/prod/GET/entries%2F7'])],
    routes: ['GET /entries/{id}'],
    paths: ['/entries/7', '/entries/8'],
  },
  // ...and on a NONE route the anonymous call the engine allows was read as GET //entries%2F7,
  // which {proxy+} (AWS_IAM) serves: denied.
  'a Deny of entries%2F7, an Allow of *%*, a NONE /entries/{id}: anonymous GET //ent%72ies/%37 denied': {
    statements: [of('Deny', ['/prod/GET/entries%2F7']), of('Allow', ['/prod/GET/*%*'])],
    routes: ['GET /{proxy+}'],
    none: ['GET /entries/{id}'],
    paths: ['/entries/7', '/entries/8'],
    // GET /%2565ntries/7 reaches {proxy+} (decoded once: %65ntries), not the NONE route: the
    // engine routed its normalised reading again, decoded twice, and let the anonymous call in.
    percent: true,
  },
  // An instance of the served pattern (`entries/q`) had its forms pinned, each the one value of
  // its region: GET /entries/q/ was, GET //entri%65s/7/ (the engine allows it) was in none.
  'an Allow of */ over GET /entries/{id}: GET //entri%65s/7/ in no class': {
    statements: [of('Allow', ['/prod/GET/*/'])],
    routes: ['GET /entries/{id}'],
    paths: ['/entries/7'],
  },
  // A `/` percent-encoded routes inside one segment (GET /{name} serves GET /a%2Fb) and the
  // normalised reading decodes it (a/b, which ?/? matches): the engine allows it, its class said
  // deny (read as a/b where it routes as a/b does not, or by its written reading alone).
  'an Allow of ?/? over GET /{name}: GET /a%2Fb in a denied class': {
    statements: [of('Allow', ['/prod/GET/?/?'])],
    routes: ['GET /{name}'],
    paths: ['/a%2Fb', '/ab', '/a%2Fbc'],
  },
  // ...and such a path written another way (GET //entries%2F7/, an empty segment and a trailing
  // slash): its spellings were searched from its normalised path alone, which /{name} does not serve.
  'an outsider Allow of entries/* beside a Deny NotResource entries* over GET /{name}: GET //entries%2F7/': {
    statements: [
      of('Deny', ['/prod/GET/entries*'], 'NotResource'),
      { ...of('Allow', ['/prod/GET/entries/*']), Principal: { AWS: '999999999999' } },
    ],
    routes: ['GET /{name}'],
    paths: ['/entries%2F7', '/entries'],
  },
  // A path holding a `%` (`entries/%37`, which GET /entries/%2537 normalises to) had no forms
  // searched: GET /%65ntries/%2537, allowed by `*%25*` as written and by `entries/%37` normalised,
  // was in no class.
  'an Allow of *%25* and of entries/%37 over GET /{proxy+}: GET /%65ntries/%2537 in no class': {
    statements: [of('Allow', ['/prod/GET/*%25*']), of('Allow', ['/prod/GET/entries/%37'])],
    routes: ['GET /{proxy+}'],
    paths: ['/entries/%37', '/entries/7', '/a%b'],
    percent: true,
  },
  // The root's forms were `GET //` and `GET ///` alone; `GET/?/?` matches `GET ////` as written.
  'an Allow of ?/? over GET /: GET //// in no class': {
    statements: [of('Allow', ['/prod/GET/?/?'])],
    routes: ['GET /'],
    paths: ['/'],
  },
};

/** Every way of writing `path` with up to three changes (each a route reaches as `path`). */
function writings(path: string, percent = false): string[] {
  const changes = (p: string): string[] => {
    const out = [`/${p}`, `${p}/`];
    for (let i = 0; i < p.length; i++) {
      if (p[i] === '/') out.push(`${p.slice(0, i)}/${p.slice(i)}`);
      // A `%` is written `%25` (its path decodes to the one it names); an escape's digits stay.
      else if (p[i] === '%') {
        if (percent) out.push(`${p.slice(0, i)}%25${p.slice(i + 1)}`);
      } else if (p[i - 1] !== '%' && p[i - 2] !== '%')
        for (const hex of [p.charCodeAt(i).toString(16), p.charCodeAt(i).toString(16).toUpperCase()])
          out.push(`${p.slice(0, i)}%${hex}${p.slice(i + 1)}`);
    }
    return out;
  };
  let level = [path];
  const all = new Set(level);
  for (let n = 0; n < 3; n++) {
    level = [...new Set(level.flatMap(changes))].filter((p) => !all.has(p));
    for (const p of level) all.add(p);
  }
  return [...all];
}

const PRINCIPALS: AnalysisRequest['principal'][] = [
  { kind: 'anonymous' },
  { kind: 'user', arn: 'arn:aws:iam::999999999999:user/far' },
  { kind: 'role', arn: 'arn:aws:iam::111111111111:role/Near', sessionName: 'near', orgId: ORG },
];

describe('who-can over worlds the fuzzer found: each spelling in the class the engine agrees with', () => {
  it.each(Object.entries(ROWS))('%s', (_name, row) => {
    const routes = row.routes.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' as const }));
    const world = smallWorld(
      [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      row.statements,
      {
        routes,
        noneRoutes: row.none ?? [],
      },
    );
    const who = whoCan(world, servedOptions(world, ['orders']));
    expect(who.unknown).toEqual([]);
    const wrong: string[] = [];
    let asked = 0;
    for (const plain of row.paths)
      for (const path of writings(plain, row.percent))
        for (const principal of PRINCIPALS) {
          const req: AnalysisRequest = { api: 'orders', principal, method: 'GET', path };
          if (!matchRoute(routes, 'GET', pathSegments(path))) continue;
          asked++;
          const engine = decide(world, req).decision;
          const cls = who.classOf(req);
          const reported = who.reportedClassesOf(req).length > 0;
          if (cls?.decision !== engine || reported !== (engine === 'allow'))
            wrong.push(
              `GET ${path} by ${principal.kind}: engine ${engine}, class ${cls?.decision ?? 'none'}`,
            );
        }
    expect(asked).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});
