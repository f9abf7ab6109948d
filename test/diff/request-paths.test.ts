// Issue 10 (H10A): diff decides a path with a trailing slash, `//` or a percent-encoded character as
// run and check do (src/predict decideOverPathReadings; docs/aws-behaviour.md §5c): AWS does not
// document which form the execute-api resource ARN holds, so both readings (as written, and
// normalised) are decided and a cell is `unknown` when they differ. Before, diff read the path as
// written only: an exact Deny on GET /orders added by the change did not touch GET /orders/ ("no
// change"), where the sandbox, reading it normalised, denies it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { computeDiff, diffExitCode, diffJson, loadDiffSetup, why } from '../../src/diff/index.js';
import { CONFIG, tmpFile } from './helpers.js';

const ALLOW = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' };
const endpoint = (...statements: object[]) =>
  tmpFile('endpoint.json', JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const BEFORE = endpoint(ALLOW);
const AFTER = endpoint(ALLOW, {
  Sid: 'NoBatchOnOrders',
  Effect: 'Deny',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/BatchRole' },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders',
});

const config = loadConfig(CONFIG);
const PATHS = ['/orders', '/orders/', '//orders', '/ord%65rs'];
const result = computeDiff(
  loadDiffSetup(
    config,
    { before: BEFORE, after: AFTER },
    {
      classes: false,
      cells: PATHS.map((path) => ({ role: 'BatchRole', api: 'orders', method: 'GET', path })),
    },
  ),
);
const cell = (path: string) => result.changes.find((c) => c.path === path);

describe('diff: a path whose form in the resource ARN AWS does not document', () => {
  it('the plain path is a definite revocation', () => {
    expect(cell('/orders')).toMatchObject({ before: 'allow', after: 'deny' });
  });

  for (const path of PATHS.slice(1))
    it(`GET ${path}: the readings disagree after the change, so it is allow -> unknown, naming the resource ARN`, () => {
      const c = cell(path);
      expect(c, JSON.stringify(result.changes)).toMatchObject({ before: 'allow', after: 'unknown' });
      expect(why(c!)).toMatch(/resource ARN/);
      expect(why(c!)).toMatch(/§5c/);
      const j = (diffJson(result) as { changes: { path: string; unknown?: { after?: string } }[] }).changes;
      expect(j.find((x) => x.path === path)?.unknown?.after).toMatch(/resource ARN/);
    });

  it('swapped (the Deny removed): unknown -> allow, access that may be new (fails --fail-on grant)', () => {
    const back = computeDiff(
      loadDiffSetup(
        config,
        { before: AFTER, after: BEFORE },
        { classes: false, cells: [{ role: 'BatchRole', api: 'orders', method: 'GET', path: '/orders/' }] },
      ),
    );
    expect(back.changes[0]).toMatchObject({ before: 'unknown', after: 'allow' });
    expect(diffExitCode(back, 'grant')).toBe(1);
  });
});
