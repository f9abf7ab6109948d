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
import { mostPermissive, parsePolicy, statementsReaching } from '../../src/policy/index.js';
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

// statementsReaching matches a statement once per query and reuses the answer for every statement
// with the same Version, Action and Resource (one identity policy attached to many roles): what
// the answer depends on must be in that key, or a copy read otherwise would get another's answer.
describe('statementsReaching over many policies: the same statement is matched once, never confused', () => {
  const resource = `${ORDERS}/prod/GET/items`;
  const at = (version: string | undefined, Resource: string, Effect = 'Allow') =>
    parsePolicy(
      {
        ...(version ? { Version: version } : {}),
        Statement: [{ Effect, Principal: '*', Action: INVOKE, Resource }],
      },
      { name: `${version ?? 'no version'} ${Effect} ${Resource}` },
    );
  const rows: [string, ReturnType<typeof at>, number[]][] = [
    // 2012-10-17 reads ${aws:username} as a variable (it may match any resource); without a
    // Version it is text, which this resource does not hold.
    ['a variable (2012-10-17)', at('2012-10-17', `${ORDERS}/prod/GET/\${aws:username}`), [0]],
    ['the same text without Version', at(undefined, `${ORDERS}/prod/GET/\${aws:username}`), []],
    ['a literal path', at('2012-10-17', `${ORDERS}/prod/GET/items`), [0]],
    ['another path', at('2012-10-17', `${ORDERS}/prod/GET/other`), []],
    // mostPermissive keeps an Allow with variables, without its Resource: it reaches every resource.
    [
      'an Allow with variables, read most permissively',
      mostPermissive(at('2012-10-17', `${ORDERS}/dev/\${aws:username}`)),
      [0],
    ],
    [
      'a Deny with variables, read most permissively (dropped)',
      mostPermissive(at('2012-10-17', `${ORDERS}/prod/\${aws:username}`, 'Deny')),
      [],
    ],
  ];
  it.each(rows)('%s, asked alone and after every other row in one query', (_name, policy, reaches) => {
    expect(statementsReaching(INVOKE, [resource])(policy)).toEqual(reaches);
    const shared = statementsReaching(INVOKE, [resource]);
    for (const [, other] of [...rows].reverse()) shared(other);
    expect(shared(policy)).toEqual(reaches);
  });
});
