// Issue 10 (pass 19, lane A): a path written with any number of changes (docs/aws-behaviour.md §55).
// API Gateway's router (as spokegate models it: src/routes) drops empty segments and decodes each
// segment, so `GET /%65%6Etries/`, `GET ///entries` and `GET /entries` reach one route, while a
// Resource pattern sees the resource ARN as written in one of its readings. A Deny that lists forms
// of a path one by one, or wildcards that catch some spellings, leaves others: who-can must report
// every one the engine lets an outsider through. Property, engine-checked: over Deny lists drawn
// from random forms (up to three changes each) and wildcard patterns, every random spelling of
// GET /entries (up to five changes) an outsider gets through as written is the witness's path, or
// another spelling of it, of a reported class the engine also lets through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import { pathTwins } from '../../src/analysis/path-twins.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import { resourcePathReadings } from '../../src/policy/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { INVOKE, ORDERS_API, outsidersOut, smallWorld } from './helpers.js';

const API = ORDERS_API;
const OUTSIDER = { kind: 'role', arn: 'arn:aws:iam::999999999999:role/Far', sessionName: 'far' } as const;
const normalised = (path: string) => resourcePathReadings(path).at(-1)!.path;

/** One change to a written form of `entries`: an empty segment first, a trailing slash, a letter encoded. */
const change = fc.oneof(
  fc.constant((f: string) => `/${f}`),
  fc.constant((f: string) => `${f}/`),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, upper]) => (f: string) => {
    // The i-th character not yet encoded (and not a slash), in either hex case.
    const plain = [...f.matchAll(/[^/%](?![0-9A-Fa-f]{0,1}%)/g)].filter(
      (m) => !/%[0-9A-Fa-f]?$/.test(f.slice(0, m.index)),
    );
    if (plain.length === 0) return f;
    const m = plain[i % plain.length]!;
    const hex = m[0]!.charCodeAt(0).toString(16);
    return `${f.slice(0, m.index)}%${upper ? hex.toUpperCase() : hex}${f.slice(m.index! + 1)}`;
  }),
);
const form = (most: number) =>
  fc.array(change, { maxLength: most }).map((cs) => cs.reduce((f, c) => c(f), 'entries'));
// Wildcards that catch whole kinds of spelling (every empty segment first, every trailing slash…).
const WILDCARDS = ['/*', '*/', '*//*', '%6*', '*%6E*', '*%6e*', '*%74*', '*s', 'entr*'];
// The path and every form with one change (pathTwins' own), and more: escapes take several changes.
const ONE_CHANGE = ['entries', ...pathTwins('entries', true).keys()];
const denyLists = fc.tuple(
  fc.uniqueArray(form(3), { maxLength: 16 }),
  fc.subarray(WILDCARDS, { minLength: 2, maxLength: 6 }),
);

const worldOf = (denied: string[]) => outsidersOut(denied.map((p) => `${API}/prod/GET/${p}`));

const LISTS = fc.sample(denyLists, { numRuns: 8, seed: 1903 });
const THROUGH: number[] = [];

describe('who-can reports every spelling of a denied path an outsider gets through as written', () => {
  it.each(LISTS.map(([forms, wild]) => [[...new Set([...ONE_CHANGE, ...forms]), ...wild]]))(
    'Deny of %j',
    (denied) => {
      const world = worldOf(denied);
      const who = whoCan(world, servedOptions(world, ['orders']));
      // The outsiders' reported classes on GET /entries in some spelling, each witness re-decided.
      const reported = who.classes.filter(
        (c) =>
          c.witness.method === 'GET' &&
          normalised(c.witness.path) === '/entries' &&
          c.witness.principal.kind !== 'anonymous' &&
          !/::(111111111111|222222222222|333333333333|444444444444):/.test(
            JSON.stringify(c.witness.principal),
          ),
      );
      for (const c of reported) expect(decide(world, c.witness).decision, c.description).toBe('allow');
      let through = 0;
      fc.assert(
        fc.property(form(5), (f) => {
          const req: AnalysisRequest = { api: 'orders', principal: OUTSIDER, method: 'GET', path: `/${f}` };
          if (decide(world, req).decision !== 'allow') return;
          through++;
          expect(reported.map((c) => c.description).join('\n'), `GET /${f}`).not.toBe('');
        }),
        { numRuns: 400, seed: 1903 },
      );
      // None reported where no spelling drawn gets through (the property is not empty).
      if (through === 0) expect(reported.map((c) => c.witness.path)).toEqual([]);
      THROUGH.push(through);
    },
  );
});

describe('the search of a path’s forms is bounded (docs/limits.md)', () => {
  it('Resources that tell apart which of 26 letters are encoded (2^26 sets) are refused, exit 2, naming the path', () => {
    const path = 'abcdefghijklmnopqrstuvwxyz';
    const encoded = [...path].map((c) => `${API}/prod/GET/*%${c.charCodeAt(0).toString(16)}*`);
    const world = smallWorld(
      [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      [
        { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: `${API}/*` },
        {
          Sid: 'Encoded',
          Effect: 'Deny',
          Principal: '*',
          Action: INVOKE,
          Resource: [`${API}/prod/GET/${path}`, ...encoded],
        },
      ],
      { routes: [{ ...parseRouteSpec(`GET /${path}`)!, authorizationType: 'AWS_IAM' }] },
    );
    let message = '';
    try {
      whoCan(world, servedOptions(world, ['orders']));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      message = (e as Error).message;
    }
    // 10,000 and 4 a character of the path (26 and the end).
    expect(message).toMatch(`more than 10,108 ways of writing the path "GET /${path}"`);
    expect(message).toMatch(/docs\/limits\.md/);
  });
});
