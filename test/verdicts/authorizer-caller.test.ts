// Issues 10/11: whom the resource policy sees on a route whose authorizer decides (CUSTOM,
// COGNITO_USER_POOLS) when the call is signed. AWS does not establish it: its guide says a resource
// policy naming AWS principals fails on every route not AWS_IAM (the caller is anonymous there),
// and its Knowledge Center's resource-policy denials on Lambda-authorizer APIs read "User:
// anonymous"; the sandbox used the signer and the predictions agreed with it (docs/aws-behaviour.md
// §5d). Now the sandbox plays either reading (world `authorizerRouteCaller`, default anonymous),
// the endpoint policy still sees the signer (its guide: "Valid SigV4 ... the authenticated IAM
// identity"), and spokegate's predictions hold only what both readings give. World: authorizer-world.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/analysis/world.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import {
  API,
  authorizerWorld,
  CHECKOUT,
  sandboxRun,
  withSandboxRun,
  type SandboxRun,
} from './authorizer-world.js';
import { predictGet } from './docs-world.js';

const call = (run: SandboxRun, role: string | null, path: string, expected: 'allow' | 'deny' | null = null) =>
  run.ctx.call({ role, api: 'docs', method: 'GET', path, scenario: 'authorizer-caller' }, expected);

/** The authorizer world with two more resource-policy statements on the Lambda route GET /orders/{id}. */
const world = (caller?: 'anonymous' | 'signer', endpointPolicy?: object) =>
  authorizerWorld({
    edit: (w) => {
      if (caller) w.authorizerRouteCaller = caller;
      if (endpointPolicy) w.endpoints.hub.policy = endpointPolicy;
    },
    extraStatements: [
      // Everyone, whoever the resource policy sees: both readings refuse.
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*/GET/orders/9` },
      // Anyone outside the organization: an anonymous caller has no aws:PrincipalOrgID.
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `${API}/*/GET/orders/5`,
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
      },
    ],
  });

describe('predictions on an authorizer route hold only what both readings of the caller give', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await sandboxRun(world());
  });
  afterAll(() => run?.close());

  it('a Deny naming the role refuses it only if the resource policy sees the signer: unknown, saying why', async () => {
    const d = await predictGet(run.ctx, 'BatchRole', '/orders/7');
    expect(d.decision).toBe('unknown');
    expect(d.decision === 'unknown' && d.unknown).toMatch(/anonymous/);
    expect(d.decision === 'unknown' && d.unknown).toMatch(/GET \/orders\/\{id\}/);
  });

  it('a Deny on the organization refuses a member only if the resource policy sees it as anonymous: unknown', async () => {
    const d = await predictGet(run.ctx, 'CheckoutRole', '/orders/5');
    expect(d.decision).toBe('unknown');
    expect(d.decision === 'unknown' && d.unknown).toMatch(/anonymous/);
  });

  it('a Deny to everyone refuses under both readings: deny by the resource policy', async () => {
    const d = await predictGet(run.ctx, 'CheckoutRole', '/orders/9');
    expect(d).toMatchObject({ decision: 'deny', layer: 'resource', detail: 'ExplicitDeny' });
  });

  it('who-can reads the role as reaching the Lambda route past a Deny that names it (the most that gets through)', async () => {
    const w = await analysisWorld(run.ctx);
    const d = decide(w, {
      api: 'docs',
      method: 'GET',
      path: '/orders/7',
      principal: {
        kind: 'role',
        arn: 'arn:aws:iam::111111111111:role/BatchRole',
        sessionName: 'spokegate',
        orgId: 'o-aaaaaaaaaa',
      },
    });
    expect(d.decision).toBe('allow');
  });
});

describe('the sandbox plays either reading; the endpoint policy sees the signer in both', () => {
  it('anonymous (the default): BatchRole reaches the Lambda authorizer past the Deny naming it; the org Deny refuses a member as "anonymous"', async () => {
    await withSandboxRun(world(), async (run) => {
      const batch = await call(run, 'BatchRole', '/orders/7', 'deny');
      expect(batch.result!.status).toBe(200);
      expect(batch.cell.predicted?.decision).toBe('unknown');
      const member = await call(run, 'CheckoutRole', '/orders/5');
      expect(member.result!.status).toBe(403);
      expect(member.result!.message).toMatch(/^User: anonymous is not authorized/);
      expect(member.cell.observed).toMatchObject({ outcome: 'denied', reason: 'resource-policy' });
      // Predicted unknown: the cell is no pass of either expectation.
      expect(member.cell.predicted?.decision).toBe('unknown');
    });
  });

  it('signer: the Deny naming BatchRole refuses it, naming the role', async () => {
    await withSandboxRun(world('signer'), async (run) => {
      const batch = await call(run, 'BatchRole', '/orders/7');
      expect(batch.result!.status).toBe(403);
      expect(batch.result!.message).toContain('assumed-role/BatchRole/');
      expect(batch.cell.observed).toMatchObject({ outcome: 'denied', reason: 'resource-policy' });
      const member = await call(run, 'CheckoutRole', '/orders/5');
      expect(member.result!.status).toBe(200);
    });
  });

  it('both: a Deny to everyone refuses, as predicted (a pass of "denied by the resource policy")', async () => {
    for (const caller of ['anonymous', 'signer'] as const) {
      await withSandboxRun(world(caller), async (run) => {
        const { cell } = await call(run, 'CheckoutRole', '/orders/9', 'deny');
        expect(cell.observed, caller).toMatchObject({ outcome: 'denied', reason: 'resource-policy' });
        expect(cell.verdict, caller).toBe('pass');
      });
    }
  });

  it('an endpoint policy naming CheckoutRole refuses BatchRole on the Lambda route, predicted and observed', async () => {
    const only = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: CHECKOUT }, Action: 'execute-api:Invoke', Resource: '*' },
      ],
    };
    await withSandboxRun(world('anonymous', only), async (run) => {
      const d = await predictGet(run.ctx, 'BatchRole', '/orders/7');
      expect(d).toMatchObject({ decision: 'deny', layer: 'endpoint' });
      const { result, cell } = await call(run, 'BatchRole', '/orders/7', 'deny');
      expect(result!.status).toBe(403);
      expect(cell.verdict).toBe('pass');
      const checkout = await call(run, 'CheckoutRole', '/orders/7');
      expect(checkout.result!.status).toBe(200);
    });
  });
});

// The same question on a NONE route (GET /health: the resource policy allows anyone and denies
// BatchRole by name): world `noneRouteCaller` (default signer) says which reading the sandbox plays;
// spokegate predicts a signed call there under both (test/predict/none-caller.test.ts).
describe('the sandbox plays either reading on a NONE route (noneRouteCaller)', () => {
  const noneWorld = (caller?: 'anonymous' | 'signer') =>
    authorizerWorld({ edit: (w) => caller && (w.noneRouteCaller = caller) });

  it('signer (the default): the Deny naming BatchRole refuses it on GET /health, naming the role; predicted unknown', async () => {
    await withSandboxRun(noneWorld(), async (run) => {
      const batch = await call(run, 'BatchRole', '/health');
      expect(batch.result!.status).toBe(403);
      expect(batch.result!.message).toContain('assumed-role/BatchRole/');
      expect(batch.cell.observed).toMatchObject({ outcome: 'denied', reason: 'resource-policy' });
      expect(batch.cell.predicted?.decision).toBe('unknown');
      const unsigned = await call(run, null, '/health');
      expect(unsigned.result!.status).toBe(200);
    });
  });

  it('anonymous: BatchRole gets past the Deny naming it; CheckoutRole and an unsigned call too', async () => {
    await withSandboxRun(noneWorld('anonymous'), async (run) => {
      const batch = await call(run, 'BatchRole', '/health');
      expect(batch.result!.status).toBe(200);
      expect(batch.cell.predicted?.decision).toBe('unknown');
      expect((await call(run, 'CheckoutRole', '/health')).result!.status).toBe(200);
      expect((await call(run, null, '/health')).result!.status).toBe(200);
    });
  });
});
