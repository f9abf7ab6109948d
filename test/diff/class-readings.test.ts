// Issue 10/14 (L10D): diff by classes decides a request's path in both readings of the execute-api
// resource ARN (as written, and with empty segments dropped and percent-decoded), as run, check and
// the diff's cells do (src/predict decideOverPathReadings; docs/aws-behaviour.md §5c). Before, each
// class was decided with its path as written only, and a class that went from unknown to allowed
// was no change at all: removing an exact Deny on GET /orders read as new access for GET /orders
// alone, while GET /orders/ (unknown before: its readings disagreed) went unreported.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import { fixtureConfig, loadEdited, ORGANIZATIONS, tmpFile } from './helpers.js';

const ALLOW = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' };
const DENY_ORDERS = {
  Sid: 'NoOrders',
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders',
};
const endpoint = (...statements: object[]) =>
  tmpFile('endpoint.json', JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const config = loadEdited(fixtureConfig(ORGANIZATIONS));
const diff = (before: string, after: string) => computeDiff(loadDiffSetup(config, { before, after }));

describe('diff by classes: both readings of a path', () => {
  it('removing an exact Deny: GET /orders is new access, and GET /orders/ (unknown before) may be', () => {
    const r = diff(endpoint(ALLOW, DENY_ORDERS), endpoint(ALLOW));
    const grants = r.classes.filter((c) => c.change === 'grant' && c.api === 'orders');
    const at = (path: string) => grants.filter((g) => g.witness.path === path && g.witness.method === 'GET');
    expect(
      at('/orders').length,
      grants.map((g) => `${g.witness.method} ${g.witness.path}`).join(', '),
    ).toBeGreaterThan(0);
    for (const g of at('/orders')) expect(g.before).toBe('deny');
    expect(
      at('/orders/').length,
      grants.map((g) => `${g.witness.method} ${g.witness.path}`).join(', '),
    ).toBeGreaterThan(0);
    for (const g of at('/orders/')) {
      expect(g.before).toBe('unknown');
      expect(g.description).toMatch(/before unknown to spokegate/);
    }
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('adding it: GET /orders loses access, GET /orders/ becomes unknown (a revocation spokegate cannot claim as definite)', () => {
    const r = diff(endpoint(ALLOW), endpoint(ALLOW, DENY_ORDERS));
    const revoked = r.classes.filter((c) => c.change === 'revocation' && c.api === 'orders');
    expect(revoked.some((c) => c.witness.path === '/orders' && c.after === 'deny')).toBe(true);
    const slashed = revoked.filter((c) => c.witness.path === '/orders/');
    expect(slashed.length).toBeGreaterThan(0);
    for (const c of slashed) expect(c.after).toBe('unknown');
    // Access that needed the caller's identity policies and is now unknown may be new (fail closed,
    // as before): the only grants, and none on GET /orders itself.
    for (const g of r.classes.filter((c) => c.change === 'grant')) {
      expect(g.witness.path).toBe('/orders/');
      expect([g.before, g.after]).toEqual(['allow-if-identity-allows', 'unknown']);
    }
  });
});
