// Issue 10 (note10 "still missing"): a class unknown on both sides was "access that may be new"
// whenever the two sides' reasons differed, also where every reading of the unknowns only loses
// access (the example plan's revocation of PaymentsRole showed one: noise, exit 1); and a class
// going from unknown to deny was not reported at all (access possibly lost). Now each side is
// decided under each reading of the unknowns (the path's two readings in the resource ARN, whom the
// resource policy sees on a NONE route, ...), the same reading on both sides: "may be new" when some
// reading allows after where it denied before, "may be lost" when some reading only loses.
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

const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const BATCH = 'arn:aws:iam::111111111111:role/BatchRole';
const statement = (Effect: string, Principal: unknown, Resource: string) => ({
  Effect,
  Principal,
  Action: 'execute-api:Invoke',
  Resource,
});
const policy = (name: string, ...statements: object[]) =>
  tmpFile(name, JSON.stringify({ Version: '2012-10-17', Statement: statements }));

/**
 * orders' GET /health a NONE route, its resource policy allowing BatchRole by name everywhere and
 * anyone on GET /health exactly: BatchRole's signed GET /health/ is allowed if the resource policy
 * sees the signer, and only in the normalised reading of the path if it sees an anonymous caller.
 */
const config = (() => {
  const c = fixtureConfig(ORGANIZATIONS);
  c.apis.orders.noneRoutes = ['GET /health'];
  c.apis.orders.routes = ['GET /', 'GET /health'];
  c.apis.orders.resourcePolicy = policy(
    'resource.json',
    statement('Allow', { AWS: BATCH }, `${ORDERS}/*`),
    statement('Allow', '*', `${ORDERS}/prod/GET/health`),
  );
  return loadEdited(c);
})();
const OPEN = statement('Allow', '*', '*');
/** An endpoint Deny of BatchRole on `resource` (the endpoint sees the signer under both readings of the caller). */
const denyBatch = (resource: string) => statement('Deny', { AWS: BATCH }, `${ORDERS}/prod/GET/${resource}`);
const diff = (before: object[], after: object[]): DiffResult =>
  computeDiff(
    loadDiffSetup(config, {
      before: policy('before.json', ...before),
      after: policy('after.json', ...after),
    }),
  );
const batchHealth = (r: DiffResult) =>
  r.classes.filter(
    (c) =>
      c.api === 'orders' &&
      c.witness.principal.kind === 'role' &&
      c.witness.principal.arn === BATCH &&
      c.witness.path.startsWith('/health'),
  );
const shown = (r: DiffResult) =>
  r.classes.map((c) => `${c.change} ${c.before} -> ${c.after}: ${c.description}`).join('\n');
/** BatchRole's GET /health/ classes (the ones whose sides are unknown): they read `changes`, each described as `reads`. */
function expectSlashed(r: DiffResult, changes: string[], reads?: RegExp): void {
  const slashed = batchHealth(r).filter((c) => c.witness.path === '/health/');
  expect(
    slashed.map((c) => `${c.change} ${c.before} -> ${c.after}`),
    shown(r),
  ).toEqual(changes);
  if (reads) for (const c of slashed) expect(c.description).toMatch(reads);
}

describe('diff by classes: unknown on both sides, decided reading by reading', () => {
  // Before: GET /health/ is unknown (allowed for the signer, by one path reading for an anonymous
  // caller). After, an endpoint Deny of the path as written: unknown (the path's readings), and no
  // reading gains: as written, signer allow -> deny; as written, anonymous deny -> deny; normalised
  // allow -> allow.
  const narrowing = () => diff([OPEN], [OPEN, denyBatch('health/')]);

  it('a pure revocation unknown -> unknown is access that may be lost, not new (was "may be new", exit 1)', () => {
    const r = narrowing();
    expectSlashed(
      r,
      ['revocation unknown -> unknown'],
      /unknown to spokegate before and after; some reading loses access/,
    );
    expect(
      r.classes.filter((c) => c.change === 'grant'),
      shown(r),
    ).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
    expect(diffExitCode(r, 'any')).toBe(1);
  });

  it('the same change undone still may be new: as written, the signer goes deny -> allow', () => {
    const r = diff([OPEN, denyBatch('health/')], [OPEN]);
    expectSlashed(
      r,
      ['grant unknown -> unknown'],
      /unknown to spokegate before and after; some reading allows/,
    );
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('readings that both gain and lose are access that may be new (fail closed)', () => {
    // Before, BatchRole denied as written (signer and anonymous), after, the endpoint lets it through
    // as written only while an anonymous reading is refused by the NONE route's resource policy: as
    // written, signer deny -> allow (new); normalised, allow -> deny (lost).
    expectSlashed(diff([OPEN, denyBatch('health/')], [OPEN, denyBatch('health')]), [
      'grant unknown -> unknown',
    ]);
  });
});

describe('diff by classes: unknown -> deny is access that may be lost', () => {
  // Before, BatchRole's GET /health/ is unknown; after, the endpoint denies BatchRole on every
  // reading of it: some reading allowed before, none does now.
  const closing = () => diff([OPEN], [OPEN, denyBatch('health*')]);

  it('is listed as a revocation from unknown (was not listed at all)', () => {
    const r = closing();
    expectSlashed(r, ['revocation unknown -> deny'], /before unknown to spokegate, now denied/);
    expect(diffExitCode(r, 'grant')).toBe(0);
    expect(diffExitCode(r, 'any')).toBe(1);
  });

  it('text and Markdown list it as access that may be lost, apart from access removed', () => {
    const r = closing();
    const text = formatDiff(r, 'text');
    expect(text).toMatch(
      /Access that may be lost by class, every principal \(before unknown\):\n {2}~ orders: /,
    );
    expect(text).toMatch(/before unknown to spokegate, now denied\n {6}now decided by /);
    const md = formatDiff(r, 'md');
    expect(md).toMatch(/class(es)? may lose it \(before unknown\)/);
    expect(md).toMatch(/#### Access that may be lost by class \(before unknown: spokegate cannot tell\)/);
  });
});

// note11 §10: a class going between "only if its identity policy allows" and unknown kept the old
// rule (access that may be new, whatever the readings): an endpoint Deny of GET /items/ as written
// made an outsider's GET /items/ unknown (its two path readings now disagree), listed as a grant and
// failing --fail-on grant, though no reading lets in more than before. Now decided reading by
// reading, as unknown -> unknown: "may be lost" where some reading loses and none gains; a reading
// that gains keeps it a grant.
describe('diff by classes: "only if its identity policy allows" <-> unknown, reading by reading', () => {
  const itemsConfig = (() => {
    const c = fixtureConfig(ORGANIZATIONS);
    c.apis.orders.routes = ['GET /', 'GET /items'];
    c.apis.orders.resourcePolicy = policy('anyone.json', statement('Allow', '*', `${ORDERS}/*`));
    return loadEdited(c);
  })();
  const DENY_AS_WRITTEN = statement('Deny', '*', `${ORDERS}/prod/GET/items/`);
  const OUTSIDER = 'arn:aws:iam::999999999999:role/OtherRole';
  const outsiderItems = (r: DiffResult) =>
    r.classes
      .filter(
        (c) =>
          c.witness.principal.kind === 'role' &&
          c.witness.principal.arn === OUTSIDER &&
          c.witness.path === '/items/',
      )
      .map((c) => `${c.change} ${c.before} -> ${c.after}`);
  it.each([
    {
      what: 'a Deny of one reading: every reading keeps or loses access, so it may be lost (was a grant, exit 1)',
      before: [OPEN],
      after: [OPEN, DENY_AS_WRITTEN],
      classes: ['revocation allow-if-identity-allows -> unknown'],
      reads:
        /before only if its identity policy allowed \(not known to spokegate\), now unknown; some reading loses access, none gains/,
      grant: 0,
    },
    {
      what: 'the Deny lifted: the reading it denied gains, so it may be new (a grant, as before)',
      before: [OPEN, DENY_AS_WRITTEN],
      after: [OPEN],
      classes: ['grant unknown -> allow-if-identity-allows'],
      reads: /if its identity policy allows \(not known to spokegate\); before unknown to spokegate$/,
      grant: 1,
    },
  ])('$what', ({ before, after, classes, reads, grant }) => {
    const r = computeDiff(
      loadDiffSetup(itemsConfig, {
        before: policy('before.json', ...before),
        after: policy('after.json', ...after),
      }),
    );
    expect(outsiderItems(r), shown(r)).toEqual(classes);
    for (const c of r.classes.filter((x) => [x.before, x.after].includes('allow-if-identity-allows')))
      expect(c.description).toMatch(reads);
    expect(diffExitCode(r, 'grant')).toBe(grant);
  });
});

// note11 §10: a configured cell unknown on both sides was never listed (only its class was): the
// cells, which `--format json` consumers and the "Unknown on a side" rows read, said nothing where a
// reading gains. Now a cell unknown on both sides is decided reading by reading as the classes are,
// and listed with `unknownChange` where some reading gains ("may-be-new", a grant for --fail-on) or
// only loses ("may-be-lost").
describe('diff cells: unknown on both sides, decided reading by reading', () => {
  const probed = (() => {
    const c = fixtureConfig(ORGANIZATIONS);
    c.apis.orders.noneRoutes = ['GET /health'];
    c.apis.orders.routes = ['GET /', 'GET /health'];
    c.apis.orders.resourcePolicy = config.apis.orders!.resourcePolicy;
    c.defaults = { ...c.defaults, probes: ['GET /', 'GET /health/'] };
    return loadEdited(c);
  })();
  it.each([
    {
      what: 'narrowing (a Deny of the path as written): may be lost',
      before: [OPEN],
      after: [OPEN, denyBatch('health/')],
      unknownChange: 'may-be-lost',
      grant: 0,
      words: /; some reading loses access, none gains$/,
    },
    {
      what: 'the same change undone: may be new, a grant',
      before: [OPEN, denyBatch('health/')],
      after: [OPEN],
      unknownChange: 'may-be-new',
      grant: 1,
      words: /; some reading allows it now where it did not before$/,
    },
  ])('$what', ({ before, after, unknownChange, grant, words }) => {
    const r = computeDiff(
      loadDiffSetup(
        probed,
        { before: policy('before.json', ...before), after: policy('after.json', ...after) },
        { classes: false },
      ),
    );
    const cell = r.changes.find((c) => c.role === 'BatchRole' && c.api === 'orders' && c.path === '/health/');
    expect(cell, JSON.stringify(r.changes)).toMatchObject({
      before: 'unknown',
      after: 'unknown',
      unknownChange,
    });
    expect(diffExitCode(r, 'grant')).toBe(grant);
    const json = JSON.parse(formatDiff(r, 'json')) as { changes: { path: string; unknownChange?: string }[] };
    expect(json.changes.find((c) => c.path === '/health/')?.unknownChange).toBe(unknownChange);
    const text = formatDiff(r, 'text')
      .split('\n')
      .find((l) => l.includes('BatchRole -> orders GET /health/'));
    expect(text).toMatch(words);
  });
});

// Issue 10 (note12, lane K's open item): two different policies can give one unknown reason text
// (`agreeing` names the first two readings that differ, not every reading), so a configured cell
// unknown on both sides for "the same reason" was taken as no change, though a reading let it in
// after where it was denied before. Each unknown now carries every reading's decision, and the two
// sides are compared reading by reading. And a cell with `unknown` on one side only (deny ->
// unknown, unknown -> allow, ...) is decided reading by reading too, with `unknownChange`.
const fixtureWorld = loadEdited(fixtureConfig(ORGANIZATIONS));
/** An endpoint statement for every caller whose aws:VpcSourceIp (the runner's, not stated) is in `blocks`. */
const from = (Effect: string, ...blocks: string[]) => ({
  Effect,
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition: { IpAddress: { 'aws:VpcSourceIp': blocks } },
});
const diffOver = (before: object[], after: object[], classes = false): DiffResult =>
  computeDiff(
    loadDiffSetup(
      fixtureWorld,
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
    const r = diffOver(NARROW, WIDE);
    expect(r.changes).toHaveLength(EVERY_CELL);
    for (const c of r.changes) {
      expect(c).toMatchObject({ before: 'unknown', after: 'unknown', unknownChange: 'may-be-new' });
      // One reason text on both sides: the readings, not the words, told them apart.
      expect(c.beforeReason).toBe(c.afterReason);
    }
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('the change undone only loses: access that may be lost, not a grant', () => {
    const r = diffOver(WIDE, NARROW);
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
    const r = diffOver(NARROW, reworded);
    expect(cells(r)).toEqual([]);
    expect(diffExitCode(r, 'any')).toBe(0);
  });

  it('the classes agree: the change is a grant for --fail-on grant', () => {
    expect(diffExitCode(diffOver(NARROW, WIDE, true), 'grant')).toBe(1);
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
    const r = diffOver(before, after);
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
