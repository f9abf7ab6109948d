// Issues 10/11: routes with authorizers (CUSTOM, COGNITO_USER_POOLS) and stage canaries end to end
// through the sandbox (they were tested with fake API Gateway answers only). The sandbox serves
// them as AWS does (GetResources authorizerId, GetStages canarySettings, GetDeployment of either
// deployment; the authorizer's modelled answers: 401 Unauthorized, the Lambda policy's 403 explicit
// deny), and spokegate never predicts such a route as AWS_IAM, never counts the authorizer's
// refusal as a policy denial, and never passes a proof over it. The truth below is by hand
// (authorizer-world.ts describes the world).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IF_AUTHORIZER_ALLOWS, whoCan } from '../../src/analysis/index.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readMatrix, spokegateHere } from '../harness/helpers.js';
import { authorizerWorld, sandboxRun, withSandboxRun, type SandboxRun } from './authorizer-world.js';
import { predictGet } from './docs-world.js';

const call = (run: SandboxRun, role: string | null, path: string, expected: 'allow' | 'deny' | null = null) =>
  run.ctx.call({ role, api: 'docs', method: 'GET', path, scenario: 'authorizers' }, expected);

describe('the sandbox serves authorizer routes and a canary as API Gateway describes them', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    // Pages of one item: the readers page through GetResources and GetAuthorizers.
    run = await sandboxRun(authorizerWorld({ canaryPercent: 25, edit: (w) => (w.pageSize = 1) }));
  });
  afterAll(() => run?.close());

  it('the routes read from the stage name each authorizer; the route the canary types otherwise is unknown', async () => {
    const of = (path: string) => run.ctx.routes.authorizationOf('docs', 'GET', path);
    expect(await of('/orders/7')).toEqual({
      // The authorizer as GetAuthorizers describes it: its id, name and type.
      authorization: { type: 'CUSTOM', route: 'GET /orders/{id}', authorizer: 'lamb01 "lambda" (TOKEN)' },
    });
    expect(await of('/profile')).toEqual({
      authorization: {
        type: 'COGNITO_USER_POOLS',
        route: 'GET /profile',
        authorizer: 'pool01 "pool" (COGNITO_USER_POOLS)',
      },
    });
    expect((await of('/orders')).authorization?.type).toBe('AWS_IAM');
    const health = (await of('/health')).authorization!;
    expect(health.type).toBe('unknown');
    expect(health.type === 'unknown' && health.why).toMatch(
      /stage "prod" and its canary disagree: NONE in deployment \w+, AWS_IAM in deployment \w+/,
    );
    const k = await run.ctx.routes.of('docs');
    expect(k.source).toMatch(/deployment \w+ and \w+ of stage "prod"/);
  });

  it('predictions on them are unknown (never AWS_IAM), unless the policies refuse first', async () => {
    for (const [role, path] of [
      ['CheckoutRole', '/orders/7'],
      [null, '/orders/7'],
      ['CheckoutRole', '/profile'],
      [null, '/profile'],
      [null, '/health'],
    ] as const) {
      const d = await predictGet(run.ctx, role, path);
      expect(d.decision, `${role} ${path}`).toBe('unknown');
    }
    // The resource policy's explicit deny names BatchRole: whether it sees the signer on an
    // authorizer's route is not established (authorizer-caller.test.ts), so neither is the refusal.
    const batch = await predictGet(run.ctx, 'BatchRole', '/orders/7');
    expect(batch.decision).toBe('unknown');
    // On its AWS_IAM route the same deny stands.
    const iam = await predictGet(run.ctx, 'BatchRole', '/orders');
    expect(iam).toMatchObject({ decision: 'deny', layer: 'resource' });
  });

  it('the canary takes its share of the calls, drawn from the seed (the same seed, the same draws)', async () => {
    const served = async () => {
      const out: string[] = [];
      for (let i = 0; i < 40; i++) {
        const { result } = await call(run, 'CheckoutRole', '/orders');
        out.push((result!.body as { deployment: string }).deployment);
      }
      return out;
    };
    const first = await served();
    const ids = [...new Set(first)];
    expect(ids).toHaveLength(2);
    const canaryShare = (d: string[]) => d.filter((x) => x === d.find((y) => y !== first[0])).length;
    expect(canaryShare(first)).toBeGreaterThan(0);
    // A second sandbox of the same world draws the same sequence.
    const again = await sandboxRun(run.config.file);
    try {
      const second: string[] = [];
      for (let i = 0; i < 40; i++) {
        const { result } = await call(again, 'CheckoutRole', '/orders');
        second.push((result!.body as { deployment: string }).deployment);
      }
      expect(second).toEqual(first);
    } finally {
      await again.close();
    }
  });
});

describe('which calls the canary takes does not depend on the order calls arrive in (each call drawn by itself)', () => {
  it('the same calls in another order: each route gets the same deployments, call for call', async () => {
    const file = authorizerWorld({ canaryPercent: 50 });
    const served = (order: string[]) =>
      withSandboxRun(file, async (run) => {
        const by: Record<string, string[]> = {};
        for (const path of order) {
          const { result } = await call(run, 'CheckoutRole', path);
          (by[path] ??= []).push((result!.body as { deployment: string }).deployment);
        }
        return by;
      });
    const grouped = await served([...Array(12).fill('/orders'), ...Array(12).fill('/health')]);
    const interleaved = await served(Array.from({ length: 24 }, (_, i) => (i % 2 ? '/health' : '/orders')));
    expect(interleaved).toEqual(grouped);
    // Both deployments are served (a draw, not a constant).
    expect(new Set([...grouped['/orders']!, ...grouped['/health']!]).size).toBe(2);
  });
});

describe("the authorizer's answer is no policy decision: a cell on it is never a pass for 'denied'", () => {
  it('a Lambda authorizer that denies: error (reason authorizer), never denied, whatever was expected', async () => {
    await withSandboxRun(authorizerWorld({ lambda: 'deny' }), async (run) => {
      const { cell, result } = await call(run, 'CheckoutRole', '/orders/7', 'deny');
      expect(result!.status).toBe(403);
      expect(result!.message).toContain(
        'User is not authorized to access this resource with an explicit deny',
      );
      expect(cell.predicted?.decision).toBe('unknown');
      expect(cell.observed).toMatchObject({ outcome: 'error', reason: 'authorizer' });
      expect(cell.verdict).toBe('error');
    });
  });

  for (const { name, mode, status, errorType, predictions } of [
    {
      name: 'an authorizer that refuses the token (Lambda or Cognito): 401 Unauthorized, error',
      mode: 'unauthorized',
      status: 401,
      errorType: 'UnauthorizedException',
      predictions: ['deny'],
    },
    {
      name: 'an authorizer that fails (Lambda or Cognito): 500 AuthorizerConfigurationException, an error, never allowed or denied',
      mode: 'fail',
      status: 500,
      errorType: 'AuthorizerConfigurationException',
      predictions: ['allow', 'deny'],
    },
  ] as const) {
    it(name, async () => {
      await withSandboxRun(authorizerWorld({ lambda: mode, pool: mode }), async (run) => {
        for (const path of ['/orders/7', '/profile']) {
          for (const expected of predictions) {
            const { cell, result } = await call(run, 'CheckoutRole', path, expected);
            expect(result!.status, path).toBe(status);
            expect(result!.headers['x-amzn-errortype'], path).toBe(errorType);
            expect(cell.observed, path).toMatchObject({ outcome: 'error', reason: 'authorizer' });
            expect(cell.verdict, path).toBe('error');
          }
        }
      });
    });
  }

  it('a Lambda authorizer that allows lets through what the resource policy only does not allow (Table A)', async () => {
    await withSandboxRun(authorizerWorld({ lambda: 'allow' }), async (run) => {
      const { cell, result } = await call(run, null, '/orders/7', 'deny');
      expect(result!.status).toBe(200);
      expect(result!.body).toMatchObject({ authorizationType: 'CUSTOM', authorizer: 'lamb01' });
      // Predicted unknown (never the AWS_IAM "unsigned: denied"), observed allowed: the expectation fails.
      expect(cell.predicted?.decision).toBe('unknown');
      expect(cell.observed?.outcome).toBe('allowed');
      expect(cell.verdict).toBe('fail');
      // The resource policy's explicit deny names BatchRole; the sandbox's resource policy sees an
      // anonymous caller on this route (authorizerRouteCaller), so BatchRole reaches the authorizer:
      // predicted unknown, never a pass of "denied".
      const batch = await call(run, 'BatchRole', '/orders/7', 'deny');
      expect(batch.cell.observed).toMatchObject({ outcome: 'allowed' });
      expect(batch.cell.predicted?.decision).toBe('unknown');
      expect(batch.cell.verdict).toBe('fail');
    });
  });
});

describe('who-can and the reach proofs through the sandbox: an authorizer route is never a pass', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    // A canary taking a share (not 0 or 100): GET /health may be NONE or AWS_IAM, of unknown type.
    run = await sandboxRun(authorizerWorld({ canaryPercent: 25 }));
  });
  afterAll(() => run?.close());

  it('who-can lists anonymous on the authorizer routes only "if the route\'s authorizer allows"', async () => {
    const who = whoCan(await analysisWorld(run.ctx), {});
    const anonymous = who.classes.filter((c) => c.principal === 'anonymous' && c.decision === 'allow');
    expect(anonymous.length).toBeGreaterThan(0);
    for (const c of anonymous) {
      expect(c.ifAuthorizerAllows, c.description).toBe(true);
      expect(c.description).toContain(IF_AUTHORIZER_ALLOWS);
    }
  });

  it('"no principal outside the organization can reach docs" is not established: an error naming the route', async () => {
    const r = await noOutsiderReaches(run.ctx, 'docs', undefined, 's');
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBe(true);
    expect(r.message).toMatch(/GET \/orders\/\{id\}|GET \/profile|GET \/health/);
  });

  it('"only CheckoutRole, 222222222222 can reach docs" is not established either', async () => {
    const r = await onlyTheseCanReach(run.ctx, 'docs', undefined, ['CheckoutRole', '222222222222'], 's');
    expect(r.ok, r.message).toBe(false);
    expect(r.error, r.message).toBe(true);
  });
});

// At 0% the canary serves no call (promoting a canary sets 0 and leaves it on the stage): the stage
// is its own deployment, where GET /health is NONE and the resource policy lets anyone in. Read as
// both deployments (until 2026-12-02) the route was of unknown type and the proof an error; it is a
// failure, as the wire shows.
describe('a canary at 0%: the stage serves its own deployment alone', () => {
  it('GET /health is NONE (not unknown), and anyone reaching it fails "no principal outside"', async () => {
    await withSandboxRun(authorizerWorld({ canaryPercent: 0 }), async (run) => {
      const health = (await run.ctx.routes.authorizationOf('docs', 'GET', '/health')).authorization;
      expect(health).toEqual({ type: 'NONE', route: 'GET /health' });
      const r = await noOutsiderReaches(run.ctx, 'docs', undefined, 's');
      expect(r.ok, r.message).toBe(false);
      expect(r.error, r.message).toBeFalsy();
      expect(r.message).toMatch(/GET \/health \(authorization NONE\)/);
      // The anonymous caller is observed getting through (a real call, not a prediction only).
      const { result } = await call(run, null, '/health');
      expect(result!.status).toBe(200);
    });
  });
});

describe('spokegate run over the authorizer world (the CLI, sandbox mode): never PASS on an authorizer route', () => {
  /** Runs `steps` as one scenario; the exit code and the cells of the JSON report. */
  async function runFeature(file: string, steps: string[]) {
    const feature = join(dirname(file), 'authorizers.feature');
    writeFileSync(
      feature,
      ['Feature: authorizers', '  Scenario: s', ...steps.map((l) => `    ${l}`), ''].join('\n'),
    );
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-authorizer-reports-'));
    const res = await spokegateHere(['run', feature, '--config', file, '--reports', reports]);
    return { code: res.code, stderr: res.stderr, doc: readMatrix(reports) };
  }

  it("a Lambda authorizer's deny does not satisfy 'the call is denied': exit 3, the report says error", async () => {
    const file = authorizerWorld({ lambda: 'deny' });
    const r = await runFeature(file, [
      'When "CheckoutRole" calls GET /orders/7 on "docs"',
      'Then the call is denied',
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.doc.summary.verdict).toBe('error');
    expect(r.doc.cells).toHaveLength(1);
    expect(r.doc.cells[0]).toMatchObject({ verdict: 'error', observed: { reason: 'authorizer' } });
  });

  it('a proof over the authorizer routes is an error, not a pass (exit 3); a failure on a NONE route still fails', async () => {
    // Without GET /health (NONE, open to anyone), outsiders reach docs only through its authorizers.
    const file = authorizerWorld({
      edit: (w) =>
        (w.apis.docs.routes = w.apis.docs.routes.filter((x: { path: string }) => x.path !== '/health')),
    });
    const proof = 'Then no principal outside the organization can reach "docs"';
    const r = await runFeature(file, [proof]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/not established/);
    expect(r.stderr).toMatch(/GET \/orders\/\{id\}|GET \/profile/);
    // With it, anonymous reaches GET /health: the proof is false, whatever the authorizers say.
    const open = await runFeature(authorizerWorld({}), [proof]);
    expect(open.code, open.stderr).toBe(1);
    expect(open.stderr).toMatch(/GET \/health/);
  });
});
