// Issue 10 (note9 §10 "still missing", lane B): under the older wording (auditor5's world: a refusal
// names no layer) `denied by the X policy` takes the prediction's layer only when the copies it was
// decided over are what the call went through. Two gaps:
// - a same-account implicit deny with a stale identity-policy copy had no end-to-end test (only the
//   explicit case, older-wording-layer W5): the identity side could have let the call in, so the
//   resource or identity layer is not established (C1);
// - the copies were compared as JSON texts with keys sorted, so a world whose policies say the same
//   in other words (`Statement` one object, `Action` a string, a list in another order, a condition
//   key in another case) made every layered step an error though the copies were the policies (C2);
//   an account id against its :root ARN and "*" against {"AWS": "*"} still did until 2026-12-02.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { copyAuditorWorld, featureRunBeforeAll } from './auditor-world.js';

const FEATURE = `Feature: older wording, copies written otherwise
  Scenario: C1 Deployer's identity copy is stale (the world's allows more, not this POST)
    When "Deployer" calls POST /entries on "ledger" through "hub"
    Then the call is denied by the identity policy

  Scenario: C1b a plain denial needs no layer
    When "Deployer" calls POST /entries on "ledger" through "hub"
    Then the call is denied

  Scenario: C2 Clerk's and ledger's world policies are the copies, written otherwise
    When "Clerk" calls POST /entries on "ledger" through "hub"
    Then the call is denied by the identity policy
`;

const GET_ONLY = 'arn:aws:execute-api:*:*:*/*/GET/*';

describe('the older wording: copies compared as policies, a stale identity copy in one account', () => {
  const run = featureRunBeforeAll('sandbox', () => {
    const dir = copyAuditorWorld('older-wording-copies', 'auditor5');
    const policies = join(dir, 'policies');
    const write = (name: string, text: string) => writeFileSync(join(policies, name), text);
    // Deployer may only GET, by its config copy; the world's allows s3 reads too (stale copy).
    write(
      'deployer-config.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: GET_ONLY }],
      }),
    );
    write(
      'deployer-world.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: GET_ONLY },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        ],
      }),
    );
    // Clerk's world policy: get-only.json as one object, lists of one, keys in another order.
    write(
      'clerk-world.json',
      `{"Statement":{"Resource":["${GET_ONLY}"],"Action":["execute-api:invoke"],"Effect":"Allow"},\n  "Version":"2012-10-17"}`,
    );
    // ledger's world policy: its statements reversed, each Action a list, condition key in lower case,
    // an account id as its :root ARN and back, "*" as {"AWS": "*"} (IAM User Guide,
    // reference_policies_elements_principal: the same principal, a service may store either).
    const ledger = JSON.parse(readFileSync(join(policies, 'ledger-resource.json'), 'utf8'));
    const bySid = (sid: string) => ledger.Statement.find((st: { Sid: string }) => st.Sid === sid);
    bySid('L1HubAccountDelegates').Principal.AWS = 'arn:aws:iam::510000000001:root';
    bySid('L3AnyonePings').Principal = { AWS: '*' };
    bySid('L5OnlyOperatorDeletes').NotPrincipal.AWS[0] = '510000000001';
    ledger.Statement.reverse();
    for (const st of ledger.Statement) {
      st.Action = [st.Action];
      const c = st.Condition?.StringNotEquals;
      if (c) st.Condition.StringNotEquals = { 'aws:sourcevpce': [c['aws:SourceVpce']] };
    }
    write('ledger-world.json', JSON.stringify(ledger, null, 4));

    const worldFile = join(dir, 'world.yaml');
    const world = parse(readFileSync(worldFile, 'utf8'), { merge: true });
    world.roles.Deployer.policies = { ReadsOnly: 'policies/deployer-world.json' };
    world.roles.Clerk = {
      arn: 'arn:aws:iam::510000000001:role/Clerk',
      roleId: 'AROA5CLERK0000000001',
      tags: { team: 'platform' },
      trustPolicy: world.roles.Operator.trustPolicy,
      policies: { GetOnly: 'policies/clerk-world.json' },
    };
    world.apis.ledger.resourcePolicy = 'policies/ledger-world.json';
    // The harness reads the roles' identity policies to check the copies (IAM in the hub account).
    world.harness.policies.ReadRoles = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }],
    };
    writeFileSync(worldFile, stringify(world, { aliasDuplicateObjects: false }));

    const configFile = join(dir, 'spokegate.config.yaml');
    const config = parse(readFileSync(configFile, 'utf8'));
    config.roles.Deployer.identityPolicies = ['policies/deployer-config.json'];
    config.roles.Clerk = {
      arn: 'arn:aws:iam::510000000001:role/Clerk',
      sessionName: 'clerk',
      roleId: 'AROA5CLERK0000000001',
      tags: { team: 'platform' },
      identityPolicies: ['policies/get-only.json'],
    };
    writeFileSync(configFile, stringify(config));
    writeFileSync(join(dir, 'x.feature'), FEATURE);
    return dir;
  });
  const { cellOf, statusOf } = run;

  it('C1: a same-account implicit deny with a stale identity copy leaves no layer; the step is an error naming the copy', () => {
    const c = cellOf('C1');
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'identity', detail: 'ImplicitDeny' });
    expect(c.observed).toMatchObject({ outcome: 'denied', reason: 'access-denied' });
    expect(c.observed.layer).toBeUndefined();
    expect(statusOf('C1')).toBe('error');
    expect(run.stderr).toMatch(
      /C1 [^]*?the config's copy of the identity policies of "Deployer" \(roles\.Deployer\.identityPolicies\) is not what IAM gives/,
    );
    // ledger's copy is the world's policy written otherwise: not named.
    expect(run.stderr).not.toMatch(/copy of the resource policy of "ledger"/);
    expect(statusOf('C1b')).toBe('passed');
  });

  it('C2: copies that say the same as the world in other words are confirmed: the layer stands', () => {
    const c = cellOf('C2');
    expect(c.predicted).toMatchObject({ decision: 'deny', layer: 'identity', detail: 'ImplicitDeny' });
    expect(c.observed).toMatchObject({ layer: 'identity', layerSource: 'prediction' });
    expect(statusOf('C2')).toBe('passed');
    expect(run.doc.summary.verdict).toBe('error');
    expect(run.code).toBe(3);
  });
});
