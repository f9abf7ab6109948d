// Issue 10: a route's authorization type is a fact of the deployment (GetDeployment apiSummary:
// each method's authorizationType), not only of the config's apis.ALIAS.noneRoutes. The auditor
// world serves ledger's GET /health as NONE; here the config does not say so. In AWS an anonymous
// caller then reaches GET /health (hub[2] and ledger[2] let anyone read it; a NONE method asks for
// no signature), so "no principal outside the organization can reach ledger" is false, and the
// call is allowed. Sandbox mode reads the deployment: the prediction and the proof must use it.
// ledger's policy is narrowed here so that only anonymous callers are outside the organization and
// get through (PartnerReads dropped; Health for unsigned callers alone): the proof's one counterexample
// is the NONE route, and a proof that took GET /health for AWS_IAM would pass.
// (Offline, without noneRoutes, spokegate cannot know: the config is all it has.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { auditorRuns, copyAuditorWorld, editPolicy, type AuditorRuns } from './auditor-world.js';

let runs: AuditorRuns;
let ctx: RunContext;
beforeAll(async () => {
  const dir = copyAuditorWorld('auth-types');
  const file = join(dir, 'spokegate.config.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(/^( {4}noneRoutes: \['GET \/health'\]\n)/m, '');
  expect(edited).not.toBe(text); // ledger's noneRoutes are gone (partner's stay)
  writeFileSync(file, edited);
  editPolicy(dir, 'ledger-resource.json', (doc) => {
    doc.Statement = doc.Statement.filter((st) => st.Sid !== 'PartnerReads');
    doc.Statement.find((st) => st.Sid === 'Health')!.Condition = {
      Null: { 'aws:PrincipalArn': 'true' },
    };
  });
  runs = await auditorRuns(dir);
  expect(runs.config.apis.ledger!.noneRoutes).toBeUndefined();
  ctx = runs.wire;
});
afterAll(() => runs?.close());

describe('the deployment says GET /health is NONE; the config does not', () => {
  it('an anonymous GET /health on ledger is allowed on the wire and predicted so (no disagreement)', async () => {
    const { cell } = await ctx.call({
      role: null,
      api: 'ledger',
      method: 'GET',
      path: '/health',
      scenario: 'x',
    });
    expect(cell.observed?.outcome).toBe('allowed');
    expect(cell.predicted).toMatchObject({ decision: 'allow' });
    expect(cell.disagreement).toBe(false);
  });

  it('"no principal outside the organization can reach ledger" fails: an outsider reaches GET /health', async () => {
    const r = await noOutsiderReaches(ctx, 'ledger', undefined, 'P07');
    expect(r.ok, r.message).toBe(false);
    expect(r.error).toBeFalsy();
    // Anonymous or a signed outsider: Principal "*" lets either in, whichever caller the resource
    // policy of the NONE route sees (docs/aws-behaviour.md §5d).
    expect(r.message).toMatch(
      /witness: (anonymous|arn:aws:iam::333333333333:user\/OtherUser)\b.*: GET \/health on ledger/,
    );
  });
});
