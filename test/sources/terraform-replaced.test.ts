// A Terraform plan that REPLACES an execute-api endpoint or a REST API (actions ["delete","create"]
// or ["create","delete"]): AWS assigns the new object a new id at creation (the plan's after has
// none: after_unknown.id), and the old object, with the id the config names, is destroyed. Before
// (note9 §10), the id was read from the change's before, so the new policy was read as the policy
// of the endpoint or API that exists now ("as before"): check, run and diff judged the configured
// endpoint with a policy it will never carry, and never said the endpoint goes away.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, resourcePolicyFact } from '../../src/policy/sources/index.js';
import { ROOT, spokegateHere } from '../harness/helpers.js';
import { errorOf, planFixture, readFixture, tmpFile, type PlanChange } from './helpers.js';

const HUB = 'vpce-0123456789abcdef0';
const ORDERS = 'a1b2c3d4e5';

/** The fixture plan with the changes at `addresses` made replacements whose new ids are known only after apply. */
function replacing(addresses: string[], idAttrs: Record<string, string[]> = {}): string {
  const plan = planFixture();
  for (const address of addresses) {
    const c = plan.resource_changes.find((r: PlanChange) => r.address === address)!;
    c.change.actions = ['delete', 'create'];
    if (!c.change.before) c.change.before = { ...c.change.after };
    const after = { ...c.change.after } as Record<string, unknown>;
    const unknown: Record<string, unknown> = { ...c.change.after_unknown };
    for (const a of ['id', 'arn', ...(idAttrs[address] ?? [])]) {
      delete after[a];
      unknown[a] = true;
    }
    c.change.after = after;
    c.change.after_unknown = unknown;
  }
  return tmpFile('replaced.json', JSON.stringify(plan));
}

describe('a Terraform plan that replaces the endpoint or the API', () => {
  it('the endpoint: its policy is a created endpoint’s, and the configured one is destroyed', () => {
    const file = replacing(['aws_vpc_endpoint.hub', 'aws_vpc_endpoint_policy.hub'], {
      'aws_vpc_endpoint_policy.hub': ['vpc_endpoint_id'],
    });
    const r = loadPolicyFile(file);
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]).toMatchObject({ address: 'aws_vpc_endpoint_policy.hub', created: true });
    expect(r.endpoints[0]!.vpceId).toBeUndefined();
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-after.json')));
    expect(r.removed).toContainEqual(
      expect.objectContaining({
        kind: 'endpoint',
        vpceId: HUB,
        left: 'destroyed',
        reason: expect.stringMatching(/replaced/),
      }),
    );
  });

  it('the API: its policy is a created API’s, and the configured API is destroyed (exit 2 naming why)', () => {
    const file = replacing(['aws_api_gateway_rest_api.orders', 'aws_api_gateway_rest_api_policy.orders'], {
      'aws_api_gateway_rest_api_policy.orders': ['rest_api_id'],
    });
    const r = loadPolicyFile(file);
    const created = r.resourcePolicies.find((p) => p.address === 'aws_api_gateway_rest_api_policy.orders');
    expect(created).toMatchObject({ created: true });
    expect(created?.apiId).toBeUndefined();
    expect(r.removed).toContainEqual(
      expect.objectContaining({ kind: 'resource', apiId: ORDERS, left: 'destroyed' }),
    );
    expect(errorOf(() => resourcePolicyFact(file, ORDERS)).message).toMatch(/orders.*replaced/);
  });

  it('check with the plan for the configured endpoint is exit 2 naming the replacement, never the new policy on the old id', async () => {
    const file = replacing(['aws_vpc_endpoint.hub', 'aws_vpc_endpoint_policy.hub'], {
      'aws_vpc_endpoint_policy.hub': ['vpc_endpoint_id'],
    });
    const r = await spokegateHere([
      'check',
      join(ROOT, 'features', 'sandbox', 'endpoint.feature'),
      '--endpoint-policy',
      file,
      '--allow-outside-root',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/aws_vpc_endpoint\.hub.*replaced/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('diff over the plan: every call through the configured endpoint is lost, naming the replacement', async () => {
    const file = replacing(['aws_vpc_endpoint.hub', 'aws_vpc_endpoint_policy.hub'], {
      'aws_vpc_endpoint_policy.hub': ['vpc_endpoint_id'],
    });
    const r = await spokegateHere(['diff', '--plan', file, '--allow-outside-root']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ 0 grants, [1-9]\d* revocations/);
    expect(r.stdout).toMatch(
      /aws_vpc_endpoint\.hub: the endpoint is replaced: the change destroys vpce-0123456789abcdef0/,
    );
  });
});
