// Issue 10 (note12, lane K's open item): two different policies can give one unknown reason text
// (`agreeing` names the first two readings that differ, not every reading), so a configured cell
// unknown on both sides for "the same reason" was taken as no change, though a reading let it in
// after where it was denied before. Each unknown now carries every reading's decision, and the two
// sides are compared reading by reading. And a cell with `unknown` on one side only (deny ->
// unknown, unknown -> allow, ...) is decided reading by reading too, with `unknownChange`.
import { describe, expect, it } from 'vitest';
import {
  computeDiff,
  diffExitCode,
  formatDiff,
  loadDiffSetup,
  type DiffResult,
} from '../../src/diff/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import { fixtureConfig, loadEdited, ORGANIZATIONS, tmpFile } from './helpers.js';

const config = loadEdited(fixtureConfig(ORGANIZATIONS));
const policy = (name: string, ...statements: object[]) =>
  tmpFile(name, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
/** An endpoint statement for every caller whose aws:VpcSourceIp (the runner's, not stated) is in `blocks`. */
const from = (Effect: string, ...blocks: string[]) => ({
  Effect,
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition: { IpAddress: { 'aws:VpcSourceIp': blocks } },
});
const diff = (before: object[], after: object[], classes = false): DiffResult =>
  computeDiff(
    loadDiffSetup(
      config,
      { before: policy('before.json', ...before), after: policy('after.json', ...after) },
      { classes },
    ),
  );
const cells = (r: DiffResult) =>
  r.changes.map((c) => `${c.role} ${c.api} ${c.before} -> ${c.after} ${c.unknownChange ?? ''}`.trim());

// Before: 10/8 allowed, 11/8 denied explicitly; after: both allowed. Both sides sample the same
// addresses (every block's edges), and both are unknown "allow from 10.0.0.1, deny from
// 2001:db8::1": one reason text, though 11.0.0.0 goes deny -> allow.
const NARROW = [from('Allow', '10.0.0.0/8'), from('Deny', '11.0.0.0/8')];
const WIDE = [from('Allow', '10.0.0.0/8', '11.0.0.0/8')];
const EVERY_CELL = 7 * 4;

describe('diff cells unknown on both sides for the same reason text', () => {
  it('a reading that gains is access that may be new (was no change, exit 0)', () => {
    const r = diff(NARROW, WIDE);
    expect(r.changes).toHaveLength(EVERY_CELL);
    for (const c of r.changes) {
      expect(c).toMatchObject({ before: 'unknown', after: 'unknown', unknownChange: 'may-be-new' });
      // One reason text on both sides: the readings, not the words, told them apart.
      expect(c.beforeReason).toBe(c.afterReason);
    }
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('the change undone only loses: access that may be lost, not a grant', () => {
    const r = diff(WIDE, NARROW);
    expect(new Set(cells(r).map((c) => c.split(' ').slice(2).join(' ')))).toEqual(
      new Set(['unknown -> unknown may-be-lost']),
    );
    expect(diffExitCode(r, 'grant')).toBe(0);
    expect(diffExitCode(r, 'any')).toBe(1);
  });

  it('a rewording that decides every reading alike is still no change', () => {
    const reworded = [
      { ...from('Allow', '10.0.0.0/8'), Sid: 'Ten' },
      { ...from('Deny', '11.0.0.0/8'), Sid: 'Eleven' },
    ];
    const r = diff(NARROW, reworded);
    expect(cells(r)).toEqual([]);
    expect(diffExitCode(r, 'any')).toBe(0);
  });

  it('the classes agree: the change is a grant for --fail-on grant', () => {
    expect(diffExitCode(diff(NARROW, WIDE, true), 'grant')).toBe(1);
  });
});

// A cell with `unknown` on one side: decided reading by reading as the cells unknown on both sides
// (each pair of readings of the unknowns, the same on both sides): deny -> unknown where some reading
// now allows, unknown -> allow where some reading denied before, is access that may be new (a grant);
// allow -> unknown and unknown -> deny where some reading loses, access that may be lost.
describe('diff cells with unknown on one side, decided reading by reading', () => {
  const DENY_ALL = [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }];
  const OPEN = [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }];
  it.each([
    { what: 'deny -> unknown', before: DENY_ALL, after: NARROW, unknownChange: 'may-be-new', grant: 1 },
    { what: 'unknown -> allow', before: NARROW, after: OPEN, unknownChange: 'may-be-new', grant: 1 },
    { what: 'allow -> unknown', before: OPEN, after: NARROW, unknownChange: 'may-be-lost', grant: 0 },
    { what: 'unknown -> deny', before: NARROW, after: DENY_ALL, unknownChange: 'may-be-lost', grant: 0 },
  ])('$what: $unknownChange', ({ what, before, after, unknownChange, grant }) => {
    const r = diff(before, after);
    expect(r.changes).toHaveLength(EVERY_CELL);
    for (const c of r.changes)
      expect(`${c.before} -> ${c.after} ${c.unknownChange}`).toBe(`${what} ${unknownChange}`);
    expect(diffExitCode(r, 'grant')).toBe(grant);
    const json = JSON.parse(formatDiff(r, 'json')) as { changes: { unknownChange?: string }[] };
    expect(new Set(json.changes.map((c) => c.unknownChange))).toEqual(new Set([unknownChange]));
  });
});

// A caller whose identity policies are not known (a role no config names) is decided with identity
// policies that allow and with none: "only if its identity policy allows" where the second refuses.
// Where the second was unknown (the resource policy naming the caller on one reading of the path
// alone), the class read "only if its identity policy allows" on both sides, no change, though in
// that reading the caller gets in without any identity policy after and did not before.
describe('diff classes: a caller of unknown identity policies, unknown without them', () => {
  const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
  const SAME_ACCOUNT = 'arn:aws:iam::222222222222:role/Builder';
  const allowTo = (who: string, Resource: string) => ({
    Effect: 'Allow',
    Principal: { AWS: who },
    Action: 'execute-api:Invoke',
    Resource,
  });
  const resource = (...statements: object[]) =>
    parsePolicy(
      { Version: '2012-10-17', Statement: statements },
      { name: 'resource:orders' },
      { kind: 'resource' },
    );
  it('is access that may be new (was no change, exit 0)', () => {
    const c = fixtureConfig(ORGANIZATIONS);
    c.apis.orders.routes = ['GET /', 'GET /items'];
    const OPEN = policy('open.json', {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
    });
    const setup = loadDiffSetup(loadEdited(c), { before: OPEN, after: OPEN });
    const other = allowTo('arn:aws:iam::999999999999:root', `${ORDERS}/*`);
    setup.before.resources.orders = resource(other);
    // As written only: `GET /items/` reads `…/GET/items/` in one reading, `…/GET/items` in the other.
    setup.after.resources.orders = resource(other, allowTo(SAME_ACCOUNT, `${ORDERS}/prod/GET/items/`));
    const r = computeDiff(setup);
    const builder = r.classes.filter(
      (x) =>
        x.witness.principal.kind === 'role' &&
        x.witness.principal.arn === SAME_ACCOUNT &&
        x.witness.path === '/items/',
    );
    expect(
      builder.map((x) => `${x.change} ${x.before} -> ${x.after}`),
      r.classes.map((x) => `${x.change} ${x.before} -> ${x.after}: ${x.description}`).join('\n'),
    ).toEqual(['grant allow-if-identity-allows -> unknown']);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });
});
