// Issue 10 (note8 §10): an API a Terraform plan creates was matched to the config's API by its name.
// A new aws_api_gateway_rest_api gets a new id at apply, so it is none of the configured APIs (each
// names an id that exists now): reading its policy as the configured API's made `diff` report a
// grant on an API the change does not touch (and miss that nothing changed there), and `run`/`check`
// judge the configured API with a policy it never has. Now a created API is linted and noted, never
// compared; given as one API's resource policy, it is exit 2 naming its address.
import { describe, expect, it } from 'vitest';
import { computeDiff, loadDiffSetup } from '../../src/diff/index.js';
import { InputError } from '../../src/errors.js';
import { resourcePolicyFact } from '../../src/policy/sources/index.js';
import { fixture, fixtureConfig, loadEdited, planFixture, tmpFile } from '../diff/helpers.js';
import { errorOf } from '../sources/helpers.js';

/** The diff tests' config with the hub's endpoint policy stated (every layer known on both sides). */
const edited = fixtureConfig();
edited.endpoints.hub.policy = fixture('endpoint-after.json');
const config = loadEdited(edited);

/** Lets everyone in: the created API's own policy. */
const EVERYONE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
});

/** A plan that only creates a private REST API named `name` (the config's payments API is `payments`). */
function createdApiPlan(name: string, address = 'aws_api_gateway_rest_api.payments_v2'): string {
  const plan = planFixture();
  plan.resource_changes = [
    {
      address,
      mode: 'managed',
      type: 'aws_api_gateway_rest_api',
      name: address.split('.')[1]!,
      change: {
        actions: ['create'],
        before: null,
        after: { name, policy: EVERYONE, endpoint_configuration: [{ types: ['PRIVATE'] }] },
        after_unknown: { id: true, arn: true, execution_arn: true, root_resource_id: true },
      },
    },
  ];
  return tmpFile('plan.json', JSON.stringify(plan));
}

describe('an API the plan creates is none of the configured APIs', () => {
  it('diff: a new API named like the configured one changes no cell of it, and a note names the address', () => {
    const r = computeDiff(loadDiffSetup(config, { plan: createdApiPlan('payments') }));
    expect(r.changes.filter((c) => c.api === 'payments')).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(r.notes.join('\n')).toMatch(
      /aws_api_gateway_rest_api\.payments_v2 is the policy of an API created by this change \(its id is known only after apply\), so it is none of the configured APIs: linted, not compared/,
    );
  });

  it('diff: named like the configured API by its Terraform resource name, still not it', () => {
    const r = computeDiff(
      loadDiffSetup(config, { plan: createdApiPlan('payments-v2', 'aws_api_gateway_rest_api.payments') }),
    );
    expect(r.changes).toEqual([]);
  });

  it("an API's resourcePolicy plan whose only API is created is exit 2 naming its address", () => {
    const e = errorOf(() => resourcePolicyFact(createdApiPlan('payments'), 'b2c3d4e5f6'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/aws_api_gateway_rest_api\.payments_v2/);
    expect(e.message).toMatch(/created by this change/);
  });
});
