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
