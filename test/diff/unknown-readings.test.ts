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
