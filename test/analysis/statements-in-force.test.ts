// Issue 14 (the analysis limit on realistic worlds): a statement that applies to no request of an
// API's space — another stage's or another API's grant, another action, a Deny of a method no
// route serves — splits nothing there. Until 2026-12-02 its principal tags and request keys were
// dimensions of every API's space all the same, multiplying the points to decide: the sixth
// auditor's world (a Deny of DELETE and a grant of stage dev, each over a tag) could not be
// analysed whole (250,000 points). Such a statement decides no request of the space, so the
// answer is the same as without it, class for class.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { WhoCan, type WhoCanOptions } from '../../src/analysis/index.js';
import type { AnalysisWorld } from '../../src/analysis/index.js';
import { checkComplete } from './random-requests.js';
import { INVOKE, smallWorld } from './helpers.js';

const open = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' };
// Five tags of ten values each: 12^5 principal regions (each tag's values, another value, absent),
// far past the 250,000 points one command may decide wherever the statement is in force.
const tags = Object.fromEntries(
  Array.from({ length: 5 }, (_, i) => [
    `aws:PrincipalTag/t${i}`,
    Array.from({ length: 10 }, (_, j) => `v${j}`),
  ]),
);
const never = (o: object) => ({
  Sid: 'Never',
  Effect: 'Deny',
  Principal: '*',
  Action: INVOKE,
  Resource: '*',
  Condition: { StringEquals: tags },
  ...o,
});
const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
// The routes served are told apart by name (as servedOptions gives them, from the stage's routes).
const serving = (methods: string[]): WhoCanOptions => ({
  served: (_api, method, path) => methods.includes(method) && path === '/items',
  paths: methods.map((m) => `${m} /items`),
});
const onlyGetItems = serving(['GET']);

const cases: [string, object, WhoCanOptions][] = [
  ['another stage (dev, the API analysed at prod)', { Resource: `${ORDERS}/dev/*` }, {}],
  ['another API', { Resource: 'arn:aws:execute-api:us-west-2:333333333333:zzzzzzzzzz/*' }, {}],
  ['another action', { Action: 'execute-api:ManageConnections' }, {}],
  [
    'a method no route serves (DELETE; only GET /items is served)',
    { Resource: `${ORDERS}/*/DELETE/*` },
    onlyGetItems,
  ],
];

const world = (extra: object[]): AnalysisWorld => smallWorld([open, ...extra], [open]);

describe('a statement that applies to no request of the space splits nothing', () => {
  it.each(cases)('a Deny over five tags for %s: the answer is the one without it', (_name, o, opts) => {
    const without = new WhoCan(world([]), opts);
    const withIt = new WhoCan(world([never(o)]), opts);
    expect(without.points).toBeGreaterThan(0);
    expect(withIt.points).toBe(without.points);
    expect(JSON.stringify(withIt.classes)).toBe(JSON.stringify(without.classes));
  });

  it('the same Deny where it applies (every route of the stage) still splits by every tag: refused past the limit', () => {
    expect(() => new WhoCan(world([never({ Resource: `${ORDERS}/prod/*` })]))).toThrow(InputError);
  });

  it('a Deny of DELETE over one tag splits the principals where DELETE is served, and only there', () => {
    const deny = never({
      Resource: `${ORDERS}/*/DELETE/*`,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } },
    });
    const get = new WhoCan(world([deny]), onlyGetItems);
    const both = new WhoCan(world([deny]), serving(['GET', 'DELETE']));
    expect(get.points).toBeGreaterThan(0);
    expect(get.points).toBe(new WhoCan(world([]), onlyGetItems).points);
    expect(both.classes.map((c) => c.description).join('\n')).toContain('tag team');
    expect(get.classes.map((c) => c.description).join('\n')).not.toContain('tag team');
  });

  it('random requests get the decision of their class (a statement of another stage over a tag)', () => {
    checkComplete(
      world([
        never({ Resource: `${ORDERS}/dev/*`, Condition: { StringEquals: { 'aws:PrincipalTag/t0': 'v0' } } }),
      ]),
      2_000,
    );
  });
});
