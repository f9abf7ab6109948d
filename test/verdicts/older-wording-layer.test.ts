// Issue 10 (lane B, found with the fifth auditor world): under API Gateway's older denial wording the
// answer names no layer, so "denied by the X policy" takes the prediction's layer (observed.layerSource
// "prediction"). The older wording still tells an explicit deny ("… with an explicit deny") from an
// implicit one (nothing after the resource; docs/aws-behaviour.md §4). When the config's copy of a
// policy is stale, the prediction can be a deny for another reason than AWS's: the world's edge no
// longer lets Operator through (an implicit deny at the endpoint), the config's copy still does and
// predicts ledger's explicit L6 deny. The step "denied by the resource policy" PASSED on the
// prediction's layer though the resource policy never decided. An answer whose kind (explicit or
// implicit) contradicts the prediction's is not the prediction's layer: which layer denied is not
// established, an error, never a pass.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMatrix } from '../harness/helpers.js';
import { copyAuditorWorld, editPolicy, runCopyFeature } from './auditor-world.js';

const FEATURE = `Feature: older wording, stale copies
  Scenario: W1 the world's edge refuses Operator (implicit); the copy predicts ledger's explicit L6
    When "Operator" calls POST /entries on "ledger" through "edge"
    Then the call is denied by the resource policy

  Scenario: W2 the world's hub refuses Payer explicitly; the copy predicts ledger's implicit deny
    When "Payer" calls GET /entries on "ledger" through "hub"
    Then the call is denied by the resource policy

  Scenario: W3 both agree (an explicit L5 deny): the prediction's layer stands
    When "Deployer" calls DELETE /entries/1 on "ledger" through "hub"
    Then the call is denied by the resource policy

  Scenario: W4 a plain denial needs no layer
    When "Operator" calls POST /entries on "ledger" through "edge"
    Then the call is denied
`;

describe('the older wording: a predicted layer counts only when the answer is the same kind of deny', () => {
  let run: { code: number | null; stderr: string; doc: any };
  beforeAll(async () => {
    const dir = copyAuditorWorld('older-wording', 'auditor5');
    // The world's copies (the config keeps the fixture's): edge without G2, hub with a Deny of Payer.
    const world = join(dir, 'world.yaml');
    for (const [name, from] of [
      ['edge-world.json', 'edge-endpoint.json'],
      ['hub-world.json', 'hub-endpoint.json'],
    ] as const)
      writeFileSync(join(dir, 'policies', name), readFileSync(join(dir, 'policies', from)));
    editPolicy(dir, 'edge-world.json', (d) => {
      d.Statement = d.Statement.filter((s) => s.Sid !== 'G2Operator');
    });
    editPolicy(dir, 'hub-world.json', (d) => {
      d.Statement.push({
        Sid: 'NotPayer',
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam::520000000002:role/PayService' },
        Action: 'execute-api:Invoke',
        Resource: '*',
      });
    });
    writeFileSync(
      world,
      readFileSync(world, 'utf8')
        .replace('policy: policies/edge-endpoint.json', 'policy: policies/edge-world.json')
        .replace('policy: policies/hub-endpoint.json', 'policy: policies/hub-world.json'),
    );
    writeFileSync(join(dir, 'x.feature'), FEATURE);
    const r = await runCopyFeature(dir, 'sandbox');
    run = { code: r.code, stderr: r.stderr, doc: readMatrix(join(dir, 'reports')) };
  });

  const cellOf = (key: string) => run.doc.cells.find((c: any) => c.scenario.startsWith(`${key} `));
  const statusOf = (key: string) => run.doc.scenarios.find((s: any) => s.name.startsWith(`${key} `)).status;

  it('an implicit deny where the prediction is an explicit one: no layer, the step is an error', () => {
    const c = cellOf('W1');
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'resource', detail: 'ExplicitDeny' });
    expect(c.observed).toMatchObject({ outcome: 'denied', reason: 'access-denied' });
    expect(c.observed.message).not.toMatch(/explicit deny/);
    expect(c.observed.layer).toBeUndefined();
    expect(statusOf('W1')).toBe('error');
    expect(run.stderr).toMatch(/W1[^]*?the answer is an implicit deny, the prediction an explicit deny/);
  });

  it('an explicit deny where the prediction is an implicit one: no layer, the step is an error', () => {
    const c = cellOf('W2');
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'resource', detail: 'ImplicitDeny' });
    expect(c.observed.message).toMatch(/with an explicit deny$/);
    expect(c.observed.layer).toBeUndefined();
    expect(statusOf('W2')).toBe('error');
  });

  it('the same kind of deny keeps the prediction’s layer (visibly); a plain "denied" holds either way', () => {
    expect(cellOf('W3').observed).toMatchObject({ layer: 'resource', layerSource: 'prediction' });
    expect(statusOf('W3')).toBe('passed');
    expect(statusOf('W4')).toBe('passed');
    expect(run.doc.summary.verdict).toBe('error');
    expect(run.code).toBe(3);
  });
});
