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
import { describe, expect, it } from 'vitest';
import { copyAuditorWorld, featureRunBeforeAll, editPolicy } from './auditor-world.js';

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

  Scenario: W5 the world's hub refuses Auditor explicitly; pay's stale copy predicts its explicit P5
    When "Auditor" calls GET /refunds on "pay" through "hub"
    Then the call is denied by the resource policy
`;

describe('the older wording: a predicted layer counts only when the answer is the same kind of deny', () => {
  const run = featureRunBeforeAll('sandbox', () => {
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
      for (const [Sid, role] of [
        ['NotPayer', 'arn:aws:iam::520000000002:role/PayService'],
        ['NotAuditor', 'arn:aws:iam::520000000002:role/audit/Auditor'],
      ])
        d.Statement.push({
          Sid,
          Effect: 'Deny',
          Principal: { AWS: role },
          Action: 'execute-api:Invoke',
          Resource: '*',
        });
    });
    // pay without P5 (the refunds deny) in the world; the config's copy keeps it.
    writeFileSync(
      join(dir, 'policies', 'pay-world.json'),
      readFileSync(join(dir, 'policies', 'pay-resource.json')),
    );
    editPolicy(dir, 'pay-world.json', (d) => {
      d.Statement = d.Statement.filter((s) => s.Sid !== 'P5RefundsForThePaymentsTeam');
    });
    writeFileSync(
      world,
      readFileSync(world, 'utf8')
        .replace('policy: policies/edge-endpoint.json', 'policy: policies/edge-world.json')
        .replace('policy: policies/hub-endpoint.json', 'policy: policies/hub-world.json')
        .replace('resourcePolicy: policies/pay-resource.json', 'resourcePolicy: policies/pay-world.json'),
    );
    writeFileSync(join(dir, 'x.feature'), FEATURE);
    return dir;
  });
  const { cellOf, statusOf } = run;
  /** The cell of `key`: a predicted resource deny (`detail`) under an answer naming no layer, an error. */
  const layerless = (key: string, detail: string) => {
    const c = cellOf(key);
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'resource', detail });
    expect(c.observed.layer).toBeUndefined();
    expect(statusOf(key)).toBe('error');
    return c;
  };

  it('an implicit deny where the prediction is an explicit one: no layer, the step is an error', () => {
    const c = layerless('W1', 'ExplicitDeny');
    expect(c.observed).toMatchObject({ outcome: 'denied', reason: 'access-denied' });
    expect(c.observed.message).not.toMatch(/explicit deny/);
    expect(run.stderr).toMatch(/W1[^]*?the answer is an implicit deny, the prediction an explicit deny/);
  });

  it('an explicit deny where the prediction is an implicit one: no layer, the step is an error', () => {
    expect(layerless('W2', 'ImplicitDeny').observed.message).toMatch(/with an explicit deny$/);
  });

  it('the same kind of deny from a stale copy of the predicted layer: no layer (the wire cannot show it), an error', () => {
    // Issue 10 (lane A, twelfth pass): both explicit, so the kinds agree, and "denied by the resource
    // policy" PASSED on pay's copy while the world's pay policy let Auditor in and its hub refused.
    expect(layerless('W5', 'ExplicitDeny').observed.message).toMatch(/with an explicit deny$/);
    expect(run.stderr).toMatch(
      /W5[^]*?the answer names none[^]*?the config's copy of the resource policy of "pay" \([^)]*pay-resource\.json\) is not what API Gateway \(GetRestApi\) gives/,
    );
  });

  it('the same kind of deny keeps the prediction’s layer (visibly) when that layer’s copy is what the sandbox serves; a plain "denied" holds either way', () => {
    // W3's hub copy is stale too, but ledger's (the layer whose explicit deny is predicted) is not.
    expect(cellOf('W3').observed).toMatchObject({ layer: 'resource', layerSource: 'prediction' });
    expect(statusOf('W3')).toBe('passed');
    expect(statusOf('W4')).toBe('passed');
    expect(run.doc.summary.verdict).toBe('error');
    expect(run.code).toBe(3);
  });
});
