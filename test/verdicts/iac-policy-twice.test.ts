// Issue 10 (lane E hunt): a Terraform configuration that writes an endpoint's (or an API's) policy both
// in the resource's own `policy` argument and in a separate aws_vpc_endpoint_policy
// (aws_api_gateway_rest_api_policy). Each apply of either resource puts its own policy on the
// endpoint, so AWS keeps whichever was applied last: a plan that changes only the inline policy
// leaves that one in force, while spokegate read the separate resource's (unchanged) policy and
// `diff` saw no grant. Two policy resources on one target were already refused (secondPolicy); an
// argument and a resource that disagree now are too, exit 2 naming both.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadPolicyFile } from '../../src/policy/sources/index.js';
import { errorOf, planFixture, tmpFile } from '../sources/helpers.js';

const EVERYONE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
});

type Config = { root_module: { resources: { address: string; expressions: Record<string, unknown> }[] } };

/** The fixture plan where the hub endpoint's own policy argument is written too and now opens it. */
function inlineAndResource(inlinePolicy: (current: string) => string): string {
  const plan = planFixture();
  const hub = plan.resource_changes.find((r) => r.address === 'aws_vpc_endpoint.hub')!;
  const resource = plan.resource_changes.find((r) => r.address === 'aws_vpc_endpoint_policy.hub')!;
  // The policy resource is unchanged by this plan: its after is what it was.
  resource.change.actions = ['no-op'];
  resource.change.after = resource.change.before;
  const current = (resource.change.before as { policy: string }).policy;
  hub.change.actions = ['update'];
  hub.change.after = { ...(hub.change.before as object), policy: inlinePolicy(current) };
  const config = plan.configuration as Config;
  config.root_module.resources.find((r) => r.address === 'aws_vpc_endpoint.hub')!.expressions.policy = {
    constant_value: inlinePolicy(current),
  };
  return tmpFile('plan.json', JSON.stringify(plan));
}

describe("an endpoint's policy written both as its argument and as aws_vpc_endpoint_policy", () => {
  it('that disagree: exit 2 naming both, not the separate resource read as the policy in force', () => {
    const e = errorOf(() => loadPolicyFile(inlineAndResource(() => EVERYONE)));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/aws_vpc_endpoint_policy\.hub/);
    expect(e.message).toMatch(/aws_vpc_endpoint\.hub/);
    expect(e.message).toMatch(/applied last/);
  });

  it('that agree: read as before (either is the same policy)', () => {
    const r = loadPolicyFile(inlineAndResource((current) => current));
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]!.address).toBe('aws_vpc_endpoint_policy.hub');
  });
});
