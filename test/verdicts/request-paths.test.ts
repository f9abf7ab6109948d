// Issue 10 (auditor pass H10B): a call's path as the execute-api resource ARN names it.
// - A query string is no part of the ARN (`arn:aws:execute-api:R:A:ID/STAGE/METHOD/PATH`); the
//   predictions put `?x=1` in it, so an exact Deny on `execute-api:/prod/GET/entries` missed
//   `GET /entries?x=1` offline: "allowed" where AWS (and the sandbox) deny.
// - A trailing slash, an empty segment (`//`) or a percent-encoded character: AWS does not document
//   how they appear in the ARN (docs/aws-behaviour.md §5c "A request path in the resource ARN"). The
//   sandbox reads them one way (segments decoded, empty ones dropped); the predictions read them
//   as written. When the two readings decide differently the prediction is `unknown`, never a guess:
//   offline, "Then the call is allowed" for `GET /entries/` passed while the sandbox denied it.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { expectOutcome } from '../../src/harness/scenario.js';
import { executeApiArn } from '../../src/policy/index.js';
import { editPolicy, editedAuditorWorld } from './auditor-world.js';

const api = {
  region: 'us-west-2',
  account: '222222222222',
  apiId: 'ledger0001',
  stage: 'prod',
  method: 'GET',
};

describe('executeApiArn', () => {
  it('leaves the query string (and a fragment) out of the resource ARN', () => {
    const arn = 'arn:aws:execute-api:us-west-2:222222222222:ledger0001/prod/GET/entries';
    expect(executeApiArn({ ...api, path: '/entries?x=1' })).toBe(arn);
    expect(executeApiArn({ ...api, path: '/entries?x=1/../y' })).toBe(arn);
    expect(executeApiArn({ ...api, path: '/entries#top' })).toBe(arn);
  });
});

// The auditor world; ledger's resource policy gains an exact Deny of OpsRole on GET /entries.
let wire: RunContext;
let offline: RunContext;
editedAuditorWorld(
  'request-paths',
  (d) => {
    editPolicy(d, 'ledger-resource.json', (doc) => {
      doc.Statement.push({
        Sid: 'NoOpsOnEntries',
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/ops/OpsRole' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/prod/GET/entries',
      });
    });
  },
  (runs) => ({ wire, offline } = runs),
);

const call = (ctx: RunContext, role: string, path: string) =>
  ctx.call({ role, api: 'ledger', method: 'GET', path, scenario: 'request paths' });

describe('a query string (sandbox and offline)', () => {
  it('GET /entries?x=1 by OpsRole is denied by ledger’s resource policy, observed and predicted alike', async () => {
    const { cell } = await call(wire, 'OpsRole', '/entries?x=1');
    expect(cell.observed).toMatchObject({ outcome: 'denied', layer: 'resource' });
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(cell.disagreement).toBe(false);
    const draft = await call(offline, 'OpsRole', '/entries?x=1');
    expect(draft.cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect(expectOutcome(draft, 'allow').ok).toBe(false);
  });
});

describe('a path whose form in the ARN AWS does not document', () => {
  for (const path of ['/entries/', '//entries', '/entri%65s']) {
    it(`GET ${path} by OpsRole: the readings disagree, so offline it is unknown and "allowed" does not pass`, async () => {
      const draft = await call(offline, 'OpsRole', path);
      expect(draft.cell.predicted?.decision).toBe('unknown');
      expect(draft.cell.predicted?.explanation.join('\n')).toMatch(/resource ARN/);
      const r = expectOutcome(draft, 'allow');
      expect(r.ok).toBe(false);
      expect(expectOutcome(await call(offline, 'OpsRole', path), 'deny').ok).toBe(false);
    });
  }

  it('the sandbox’s reading is one of them; its observation is not contradicted by a guess', async () => {
    const { cell } = await call(wire, 'OpsRole', '/entries/');
    expect(cell.observed).toMatchObject({ outcome: 'denied', layer: 'resource' });
    expect(cell.predicted?.decision).toBe('unknown');
    expect(cell.disagreement).toBe(false);
  });

  it('where both readings decide alike, the prediction is that decision (DeployCI: allowed either way)', async () => {
    expect((await call(offline, 'DeployCI', '/entries/')).cell.predicted).toMatchObject({
      decision: 'allow',
    });
    expect((await call(offline, 'DeployCI', '/entri%65s')).cell.predicted).toMatchObject({
      decision: 'allow',
    });
  });
});
