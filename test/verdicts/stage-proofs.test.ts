// Issue 10: "only these principals can reach API" and "no principal outside the organization can
// reach API" are about the API, every stage of it: a request to /beta/... reaches the API as surely
// as one to /prod/.... Hand-derived truth: docs has stages prod and beta (both deployed); the
// endpoint lets CheckoutRole through on prod and anyone on beta; the resource policy allows anyone.
// So an account outside the organization reaches docs on beta (cross account: if its identity
// policy allows; a proof counts that), and neither proof holds. With the stages stated as [prod]
// alone, both hold. With the stages not stated (offline, no apis.ALIAS.stages), another stage may
// exist: a pass is not established (error), a failure on the configured stage still fails.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import type { AssertionResult } from '../../src/harness/assertions.js';

const CHECKOUT = 'arn:aws:iam::111111111111:role/CheckoutRole';
const API = 'arn:aws:execute-api:us-west-2:222222222222:docs000001';
const allow = (principal: unknown, resource: string) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'execute-api:Invoke',
  Resource: resource,
});
const policy = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

function context(stages: string | undefined, endpoint: string): Promise<RunContext> {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-stages-'));
  writeFileSync(join(dir, 'endpoint.json'), endpoint);
  writeFileSync(join(dir, 'resource.json'), policy(allow('*', 'execute-api:/*')));
  writeFileSync(
    join(dir, 'invoke-all.json'),
    policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }),
  );
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(
    file,
    [
      'region: us-west-2',
      "organization: { id: o-aaaaaaaaaa, accounts: ['111111111111', '222222222222'] }",
      "endpoints: { hub: { id: vpce-0123456789abcdef0, account: '111111111111', vpc: vpc-0123456789abcdef0, policy: endpoint.json } }",
      `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
      `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, ${stages ? `stages: ${stages}, ` : ''}resourcePolicy: resource.json, routes: ['GET /docs'] } }`,
      '',
    ].join('\n'),
  );
  return RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
}

async function status(ctx: RunContext, proof: (ctx: RunContext) => Promise<AssertionResult>) {
  try {
    const r = await proof(ctx);
    return { status: r.ok ? 'passed' : r.error ? 'error' : 'failed', message: r.message };
  } finally {
    ctx.close();
  }
}
const outsiders = (ctx: RunContext) => noOutsiderReaches(ctx, 'docs', undefined, 's');
const onlyCheckout = (ctx: RunContext) => onlyTheseCanReach(ctx, 'docs', undefined, ['CheckoutRole'], 's');
const BETA_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/beta/*`));
const PROD_OPEN = policy(allow({ AWS: CHECKOUT }, `${API}/prod/*`), allow('*', `${API}/prod/*`));

describe('reach proofs range over every stage of the API', () => {
  for (const [name, proof] of [
    ['nobody outside', outsiders],
    ['only CheckoutRole', onlyCheckout],
  ] as const) {
    it(`${name}: fails when anyone gets through on stage beta`, async () => {
      const r = await status(await context('[prod, beta]', BETA_OPEN), proof);
      expect(r.status, r.message).toBe('failed');
      expect(r.message).toMatch(/stage "beta"/);
    });
    it(`${name}: holds when prod is the one stage`, async () => {
      const r = await status(await context('[prod]', BETA_OPEN), proof);
      expect(r.status, r.message).toBe('passed');
    });
    it(`${name}: is not established when the stages are not stated`, async () => {
      const r = await status(await context(undefined, BETA_OPEN), proof);
      expect(r.status, r.message).toBe('error');
      expect(r.message).toMatch(/apis\.docs\.stages/);
    });
    it(`${name}: fails when anyone gets through on the configured stage, stages stated or not`, async () => {
      expect((await status(await context(undefined, PROD_OPEN), proof)).status).toBe('failed');
      expect((await status(await context('[prod, beta]', PROD_OPEN), proof)).status).toBe('failed');
    });
  }
});
