// Issue 10 (H10A): diff decides a route whose authorizer decides (CUSTOM, COGNITO_USER_POOLS:
// apis.X.authorizers) as run, check and who-can do (src/predict throughAuthorizer,
// authorizerMayOverride): what the policies let reach the authorizer is `unknown` (spokegate cannot
// ask the authorizer), never `allow`. Before, diff read those routes as NONE on both sides: an
// endpoint opened to everyone was "new access" (deny -> allow) where it is only access up to an
// authorizer, and narrowing it was a "revocation" of access nobody knew was there.
import { describe, expect, it } from 'vitest';
import {
  computeDiff,
  diffExitCode,
  diffJson,
  diffMarkdown,
  diffText,
  isGrant,
  isRevocation,
  loadDiffSetup,
  why,
} from '../../src/diff/index.js';
import { changeOf, fixtureConfig, loadEdited, ORGANIZATIONS, widening } from './helpers.js';

/** The endpoint policy before: only CheckoutRole; after: everyone. */
const { before: NARROW, after: WIDE } = widening();

function config() {
  const c = fixtureConfig(ORGANIZATIONS);
  c.apis.orders.authorizers = { 'GET /': 'CUSTOM' };
  c.apis.payments.authorizers = { 'ANY /{proxy+}': 'COGNITO_USER_POOLS', 'GET /': 'COGNITO_USER_POOLS' };
  // The routes they type (loadConfig holds authorizers to routes).
  c.apis.orders.routes = ['GET /'];
  c.apis.payments.routes = ['GET /', 'ANY /{proxy+}'];
  return c;
}
const load = loadEdited;
const cell = changeOf;

describe('diff: a route an authorizer decides is unknown, never NONE', () => {
  const cfg = load(config());
  const widen = computeDiff(loadDiffSetup(cfg, { before: NARROW, after: WIDE }, { classes: false }));
  const narrow = computeDiff(loadDiffSetup(cfg, { before: WIDE, after: NARROW }, { classes: false }));

  it('an endpoint opened to everyone: a CUSTOM or Cognito route goes deny -> unknown, naming the route and its authorizer', () => {
    for (const api of ['orders', 'payments']) {
      const c = cell(widen, 'BatchRole', api);
      expect(c, api).toMatchObject({ before: 'deny', after: 'unknown' });
      expect(why(c!)).toMatch(/authorizer/);
      expect(why(c!)).toContain('GET /');
    }
    expect(why(cell(widen, 'BatchRole', 'orders')!)).toMatch(/CUSTOM/);
    expect(why(cell(widen, 'BatchRole', 'payments')!)).toMatch(/COGNITO_USER_POOLS/);
    // An AWS_IAM route is decided by the policies alone: a definite grant.
    expect(cell(widen, 'BatchRole', 'inventory')).toMatchObject({ before: 'deny', after: 'allow' });
  });

  it('deny -> unknown still fails --fail-on grant (access that may be new), as unknowns do', () => {
    const onlyAuthorizer = { ...widen, changes: widen.changes.filter((c) => c.after === 'unknown') };
    expect(onlyAuthorizer.changes.length).toBeGreaterThan(0);
    expect(diffExitCode(onlyAuthorizer, 'grant')).toBe(1);
  });

  it('narrowing the endpoint is unknown -> deny on those routes: no revocation of access nobody knew', () => {
    const c = cell(narrow, 'BatchRole', 'orders');
    expect(c).toMatchObject({ before: 'unknown', after: 'deny' });
    expect(isRevocation(c!)).toBe(false);
    expect(isGrant(c!)).toBe(false);
    expect(cell(narrow, 'BatchRole', 'inventory')).toMatchObject({ before: 'allow', after: 'deny' });
  });

  it('the unknown cells are in every output, with why, and never under "New access (deny -> allow)" or "Access removed"', () => {
    for (const r of [widen, narrow]) {
      const text = diffText(r);
      const line = text.split('\n').find((l) => l.includes('BatchRole -> orders GET /'));
      expect(line, text).toBeDefined();
      expect(line).toMatch(/unknown/);
      expect(line).toMatch(/authorizer/);
      const definite = text.slice(0, text.indexOf(line!));
      expect(definite.lastIndexOf('Unknown')).toBeGreaterThan(
        Math.max(definite.lastIndexOf('New access (deny -> allow)'), definite.lastIndexOf('Access removed')),
      );
      const md = diffMarkdown(r);
      const row = md.split('\n').find((l) => l.startsWith('| BatchRole | orders |'));
      expect(row, md).toMatch(/authorizer/);
      const json = diffJson(r) as { changes: Record<string, unknown>[] };
      const j = json.changes.find((c) => c.role === 'BatchRole' && c.api === 'orders');
      expect(JSON.stringify(j)).toMatch(/authorizer/);
    }
    // The summary counts them apart: unknown is neither a grant nor a revocation.
    expect(diffText(narrow)).toMatch(/\d+ unknown/);
  });

  it('the configured roles through a refused endpoint keep their deny (the endpoint decides first)', () => {
    // CheckoutRole is allowed through the narrow endpoint on both sides: unknown on both, no change.
    expect(cell(widen, 'CheckoutRole', 'orders')).toBeUndefined();
  });
});

describe('diff by classes: a route an authorizer decides is unknown there too', () => {
  it('opening the endpoint: no class on the CUSTOM route reads as allowed; its classes say the authorizer decides', () => {
    const r = computeDiff(loadDiffSetup(load(config()), { before: NARROW, after: WIDE }));
    const onRoute = r.classes.filter(
      (c) => c.api === 'orders' && c.witness.method === 'GET' && c.witness.path === '/',
    );
    expect(
      onRoute.length,
      r.classes.map((c) => `${c.api} ${c.before}>${c.after} ${c.description}`).join('\n'),
    ).toBeGreaterThan(0);
    for (const c of onRoute) {
      expect(c.after, c.description).toBe('unknown');
      expect(c.description).toMatch(/authorizer/);
    }
    // Anonymous callers reach the authorizer now (a NONE-like route): possibly new access, listed.
    expect(onRoute.some((c) => c.witness.principal.kind === 'anonymous')).toBe(true);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });
});
