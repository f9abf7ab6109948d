import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  DEFAULT_ENDPOINT_POLICY,
  loadPolicyFile,
  policiesFromTerraformPlan,
} from '../../src/policy/sources/index.js';
import { errorOf, fixture, planFixture, readFixture, tmpFile, type PlanChange } from './helpers.js';

const PLAN = fixture('plan-widen-narrow.json');
const change = (plan: ReturnType<typeof planFixture>, address: string): PlanChange =>
  plan.resource_changes.find((r) => r.address === address)!;
/** The change at `address` made a delete (or a forget): nothing after it. */
const plannedAway = (
  plan: ReturnType<typeof planFixture>,
  address: string,
  action: 'delete' | 'forget' = 'delete',
): PlanChange => {
  const c = change(plan, address);
  c.change.actions = [action];
  c.change.after = null;
  return c;
};

/** The fixture plan read after deleting the resources at `addresses`. */
function readWithout(...addresses: string[]) {
  const plan = planFixture();
  for (const a of addresses) plannedAway(plan, a);
  return policiesFromTerraformPlan(plan, 'plan.json');
}
/** What `removed` holds when it lists exactly one entry with these fields. */
const onlyRemoved = (fields: Record<string, unknown>) => [expect.objectContaining(fields)];

/** A policy read from the plan: its fields, and its text after and before as the named fixtures say. */
function expectChange(
  p: { policyText: string; before?: string | null },
  fields: Record<string, unknown>,
  after: string,
  before: string,
): void {
  expect(p).toMatchObject(fields);
  expect(JSON.parse(p.policyText)).toEqual(JSON.parse(readFixture(after)));
  expect(JSON.parse(p.before!)).toEqual(JSON.parse(readFixture(before)));
}

describe('Terraform plan JSON', () => {
  it('reads the endpoint policy before and after, from aws_vpc_endpoint_policy over aws_vpc_endpoint', () => {
    const r = loadPolicyFile(PLAN);
    expect(r.format).toBe('terraform-plan');
    expect(r.endpoints).toHaveLength(1); // the S3 gateway endpoint is not execute-api
    expectChange(
      r.endpoints[0]!,
      {
        address: 'aws_vpc_endpoint_policy.hub',
        vpceId: 'vpce-0123456789abcdef0',
        serviceName: 'com.amazonaws.us-west-2.execute-api',
      },
      'endpoint-after.json',
      'endpoint-before.json',
    );
  });

  it('reads the resource policy change and links it to its API by rest_api_id', () => {
    const r = loadPolicyFile(PLAN);
    expect(r.resourcePolicies).toHaveLength(1);
    expectChange(
      r.resourcePolicies[0]!,
      { address: 'aws_api_gateway_rest_api_policy.orders', apiId: 'a1b2c3d4e5', apiName: 'orders' },
      'orders-after.json',
      'orders-before.json',
    );
  });

  it('reports a policy known only after apply instead of guessing it', () => {
    const r = loadPolicyFile(PLAN);
    expect(r.unknown).toEqual([
      expect.objectContaining({
        kind: 'resource',
        address: 'aws_api_gateway_rest_api_policy.reports',
        apiName: 'reports',
        field: 'policy',
        before: null,
        message: expect.stringMatching(/known only after apply/),
      }),
    ]);
    expect(r.resourcePolicies.map((p) => p.address)).not.toContain('aws_api_gateway_rest_api_policy.reports');
  });

  it('selecting a policy that is known only after apply is an error naming the address', () => {
    const e = errorOf(() => loadPolicyFile(PLAN, { kind: 'resource', address: 'reports' }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(PLAN);
    expect(e.message).toContain('aws_api_gateway_rest_api_policy.reports');
    expect(e.message).toMatch(/known only after apply/);
  });

  it('selects by vpce id, API id or address, and says what it found otherwise', () => {
    expect(
      loadPolicyFile(PLAN, { kind: 'endpoint', address: 'vpce-0123456789abcdef0' }).endpoints,
    ).toHaveLength(1);
    expect(loadPolicyFile(PLAN, { kind: 'resource', address: 'a1b2c3d4e5' }).resourcePolicies).toHaveLength(
      1,
    );
    const e = errorOf(() => loadPolicyFile(PLAN, { kind: 'endpoint', address: 'vpce-0ffffffffffffffff' }));
    expect(e.message).toMatch(
      /no execute-api endpoint policy at vpce-0ffffffffffffffff in this Terraform plan \(found: aws_vpc_endpoint_policy.hub, aws_api_gateway_rest_api_policy.orders\)/,
    );
  });

  it('destroying aws_vpc_endpoint_policy puts back AWS default full-access policy', () => {
    const r = readWithout('aws_vpc_endpoint_policy.hub');
    expect(r.endpoints[0]!.policyText).toBe(DEFAULT_ENDPOINT_POLICY);
    expect(r.notes.join('\n')).toMatch(/default full-access policy/);
  });

  it('destroying the endpoint removes its policy', () => {
    const r = readWithout('aws_vpc_endpoint_policy.hub', 'aws_vpc_endpoint.hub');
    expect(r.endpoints).toEqual([]);
    expect(r.removed).toEqual(
      onlyRemoved({
        kind: 'endpoint',
        vpceId: 'vpce-0123456789abcdef0',
        reason: 'the endpoint is destroyed',
      }),
    );
  });

  it('destroying aws_api_gateway_rest_api_policy leaves the API without a resource policy', () => {
    const r = readWithout('aws_api_gateway_rest_api_policy.orders');
    expect(r.resourcePolicies).toEqual([]);
    expect(r.removed).toEqual(
      onlyRemoved({
        kind: 'resource',
        apiId: 'a1b2c3d4e5',
        reason: expect.stringMatching(/without a resource policy/),
      }),
    );
  });

  it('links a new endpoint and its policy through the configuration references when ids are unknown', () => {
    const plan = planFixture();
    const ep = change(plan, 'aws_vpc_endpoint.hub');
    ep.change.actions = ['create'];
    ep.change.before = null;
    ep.change.after = { ...ep.change.after!, id: undefined, policy: undefined };
    delete ep.change.after.id;
    delete ep.change.after.policy;
    ep.change.after_unknown = { id: true, policy: true, arn: true };
    const pol = change(plan, 'aws_vpc_endpoint_policy.hub');
    pol.change.actions = ['create'];
    pol.change.before = null;
    pol.change.after = { policy: pol.change.after!.policy };
    pol.change.after_unknown = { id: true, vpc_endpoint_id: true };
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]).toMatchObject({ address: 'aws_vpc_endpoint_policy.hub', before: null });
    expect(r.endpoints[0]!.vpceId).toBeUndefined();
    expect(r.notes.join('\n')).toMatch(/aws_vpc_endpoint.hub: the endpoint id is known only after apply/);
  });

  it('an endpoint policy known only after apply is reported as unknown', () => {
    const plan = planFixture();
    const pol = change(plan, 'aws_vpc_endpoint_policy.hub');
    delete pol.change.after!.policy;
    pol.change.after_unknown = { policy: true };
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints).toEqual([]);
    expect(r.unknown.map((u) => [u.kind, u.address, u.vpceId])).toContainEqual([
      'endpoint',
      'aws_vpc_endpoint_policy.hub',
      'vpce-0123456789abcdef0',
    ]);
  });

  it('reads modules and instance keys', () => {
    const plan = planFixture();
    for (const rc of plan.resource_changes) rc.address = `module.network["hub"].${rc.address}`;
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints[0]!.address).toBe('module.network["hub"].aws_vpc_endpoint_policy.hub');
    expect(r.resourcePolicies[0]!.apiId).toBe('a1b2c3d4e5');
  });

  it('reads `terraform show -json` of a state (values, no changes)', () => {
    const plan = planFixture();
    const state = {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: (plan.prior_state as { values: unknown }).values,
    };
    const r = policiesFromTerraformPlan(state, 'state.json');
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-before.json')));
    expect(r.endpoints[0]!.before).toBeUndefined();
  });

  it('a malformed plan names the file and line', () => {
    const text = readFixture('plan-widen-narrow.json').replace(
      '"resource_changes": [',
      '"resource_changes": [,',
    );
    const f = tmpFile('plan.json', text);
    const e = errorOf(() => loadPolicyFile(f)) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.where.file).toBe(f);
    expect(e.where.line).toBe(text.slice(0, text.indexOf('[,')).split('\n').length);
  });

  it('a plan with a broken resource change names the field', () => {
    const plan = planFixture();
    (plan.resource_changes[2] as unknown as Record<string, unknown>).change = 'oops';
    const e = errorOf(() => policiesFromTerraformPlan(plan, 'plan.json'));
    expect(e.message).toBe('plan.json: resource_changes[2].change: has no "change" object');
  });

  it('a policy attribute that is not a string (a number, an object) is exit 2 naming the resource and side, never "no policy"', () => {
    // Read as "no policy", an endpoint's 12 became AWS's default full-access policy: diff reported
    // new access (exit 1) from a value Terraform can never produce.
    for (const [address, side, value] of [
      ['aws_vpc_endpoint_policy.hub', 'after', 12],
      ['aws_api_gateway_rest_api_policy.orders', 'before', { Statement: [] }],
    ] as const) {
      const plan = planFixture();
      change(plan, address).change[side]!.policy = value;
      const e = errorOf(() => policiesFromTerraformPlan(plan, 'plan.json'));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toMatch(
        new RegExp(
          `^plan\\.json: .*change\\.${side}\\.policy: must be a string \\(the policy JSON\\) or null, not (a number|an object)$`,
        ),
      );
      expect(e.message).toContain(address);
    }
  });

  it('a policy the plan marks sensitive is exit 2 naming the resource, and never printed (issue 12, attack run 6)', () => {
    // `after_sensitive: { policy: true }` (a policy built from a sensitive value): its Sids and
    // values were copied into the diff, the reports and the errors that quote a statement.
    const canary = 'H12SensitiveCanary';
    for (const [address, side, mask] of [
      ['aws_vpc_endpoint_policy.hub', 'after', { policy: true }],
      ['aws_api_gateway_rest_api_policy.orders', 'before', true],
    ] as const) {
      const plan = planFixture();
      const c = change(plan, address).change as Record<string, unknown> & PlanChange['change'];
      const doc = JSON.parse(c[side]!.policy as string) as { Statement: { Sid?: string; Effect: string }[] };
      doc.Statement[0]!.Sid = canary;
      doc.Statement[0]!.Effect = canary;
      c[side]!.policy = JSON.stringify(doc);
      c[`${side}_sensitive`] = mask;
      const e = errorOf(() => policiesFromTerraformPlan(plan, 'plan.json'));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(
        `plan.json: ${address}: change.${side}_sensitive${mask === true ? '' : '.policy'}: the policy is marked sensitive in the plan; spokegate writes policies into its reports and messages, so it does not read sensitive values: build the policy from non-sensitive values (or nonsensitive()), or give it as a policy file`,
      );
      expect(e.message).not.toContain(canary);
    }
  });

  it('a binary plan gets a hint to convert it', () => {
    const f = tmpFile('tfplan', 'PK\u0003\u0004binary');
    expect(() => loadPolicyFile(f)).toThrow(/terraform show -json tfplan > plan.json/);
  });

  it('a plan with no execute-api policy at all is an error when one is asked for', () => {
    const plan = planFixture();
    plan.resource_changes = plan.resource_changes.filter((r) => r.address === 'aws_vpc_endpoint.s3');
    const f = tmpFile('plan.json', JSON.stringify(plan));
    expect(() => loadPolicyFile(f, { kind: 'endpoint' })).toThrow(
      /no execute-api endpoint policy in this Terraform plan/,
    );
  });
});

describe('Terraform plan JSON: values AWS fills in', () => {
  it('an endpoint whose policy attribute is empty has the default policy on both sides', () => {
    const plan = planFixture();
    plan.resource_changes = plan.resource_changes.filter((r) => r.address !== 'aws_vpc_endpoint_policy.hub');
    const ep = change(plan, 'aws_vpc_endpoint.hub');
    ep.change.before = { ...ep.change.before!, policy: '' };
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints[0]!.before).toBe(DEFAULT_ENDPOINT_POLICY);
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-before.json')));
  });

  it('a private API without any resource policy is reported as refusing every call', () => {
    const plan = planFixture();
    plan.resource_changes = plan.resource_changes.filter(
      (r) => r.address !== 'aws_api_gateway_rest_api_policy.orders',
    );
    const api = change(plan, 'aws_api_gateway_rest_api.orders');
    api.change.before = { ...api.change.before!, policy: '' };
    api.change.after = { ...api.change.after!, policy: '' };
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.removed).toEqual(
      onlyRemoved({
        kind: 'resource',
        apiId: 'a1b2c3d4e5',
        before: null,
        reason: expect.stringMatching(/refuses every call/),
      }),
    );
  });
});

describe('Terraform plan JSON: an endpoint read with a data source', () => {
  it('takes the policy before the change from the data source in prior_state', () => {
    const plan = planFixture() as ReturnType<typeof planFixture> & {
      prior_state: { values: { root_module: { resources: Record<string, unknown>[] } } };
    };
    plan.resource_changes = plan.resource_changes.filter((r) => r.address === 'aws_vpc_endpoint_policy.hub');
    const pol = change(plan, 'aws_vpc_endpoint_policy.hub');
    pol.change.actions = ['create'];
    pol.change.before = null;
    const resources = plan.prior_state.values.root_module.resources;
    const hub = resources.find((r) => r.address === 'aws_vpc_endpoint.hub')!;
    plan.prior_state.values.root_module.resources = [
      { ...hub, address: 'data.aws_vpc_endpoint.hub', mode: 'data', type: 'aws_vpc_endpoint' },
    ];
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints[0]).toMatchObject({
      address: 'aws_vpc_endpoint_policy.hub',
      vpceId: 'vpce-0123456789abcdef0',
      serviceName: 'com.amazonaws.us-west-2.execute-api',
    });
    expect(JSON.parse(r.endpoints[0]!.before!)).toEqual(JSON.parse(readFixture('endpoint-before.json')));
  });
  it('a key written twice in one object is bad input naming it and its line, never the last one kept', () => {
    // JSON.parse keeps the second "policy": a reviewer reading the first would see another policy.
    const text = readFixture('plan-widen-narrow.json');
    const at = text.indexOf('"policy":');
    expect(at).toBeGreaterThan(0);
    const twice = `${text.slice(0, at)}"policy": "{}", ${text.slice(at)}`;
    const e = errorOf(() => loadPolicyFile(tmpFile('plan-twice.json', twice)));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/"policy" is written twice/);
    expect(e.message).toMatch(/plan-twice\.json: line \d+/);
  });
});

// Terraform 1.7's `removed` block with `lifecycle { destroy = false }` plans `["forget"]`: the object
// leaves the state and stays in AWS as it is, so its policy before the change stays in force
// (docs/aws-behaviour.md §19). It was exit 2 ("spokegate does not guess it").
describe('Terraform plan JSON: a resource forgotten (removed from the state, left in AWS)', () => {
  const forget = (plan: ReturnType<typeof planFixture>, address: string) =>
    plannedAway(plan, address, 'forget');

  it('a forgotten endpoint policy stays in force: after is its policy before', () => {
    const plan = planFixture();
    forget(plan, 'aws_vpc_endpoint_policy.hub');
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.endpoints).toHaveLength(1);
    expectChange(
      r.endpoints[0]!,
      { address: 'aws_vpc_endpoint_policy.hub', vpceId: 'vpce-0123456789abcdef0' },
      'endpoint-before.json',
      'endpoint-before.json',
    );
    expect(r.removed).toEqual([]);
    expect(r.notes.join('\n')).toMatch(
      /aws_vpc_endpoint_policy\.hub is removed from the Terraform state but stays in AWS: its policy stays as it is/,
    );
  });

  it('a forgotten endpoint (and its policy resource) stays with its policy, never destroyed', () => {
    const plan = planFixture();
    forget(plan, 'aws_vpc_endpoint_policy.hub');
    forget(plan, 'aws_vpc_endpoint.hub');
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.removed).toEqual([]);
    expect(r.endpoints.map((e) => e.vpceId)).toEqual(['vpce-0123456789abcdef0']);
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-before.json')));
  });

  it('a forgotten endpoint whose policy resource is updated: the update holds', () => {
    const plan = planFixture();
    forget(plan, 'aws_vpc_endpoint.hub');
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    expect(r.removed).toEqual([]);
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-after.json')));
  });

  it('a forgotten policy resource beside a new one on the same endpoint: the new one holds, no conflict', () => {
    const plan = planFixture();
    const old = forget(plan, 'aws_vpc_endpoint_policy.hub');
    const fresh = structuredClone(old);
    fresh.address = 'aws_vpc_endpoint_policy.hub_v2';
    fresh.name = 'hub_v2';
    fresh.change.actions = ['create'];
    fresh.change.before = null;
    fresh.change.after = { ...old.change.before!, policy: readFixture('endpoint-after.json') };
    // Listed before the new one, as well as after it: the order of the plan does not decide.
    for (const order of [
      [old, fresh],
      [fresh, old],
    ]) {
      plan.resource_changes = [
        ...plan.resource_changes.filter((r) => !r.address.startsWith('aws_vpc_endpoint_policy')),
        ...order,
      ];
      const r = policiesFromTerraformPlan(plan, 'plan.json');
      expect(r.endpoints).toHaveLength(1);
      expect(r.endpoints[0]!.address).toBe('aws_vpc_endpoint_policy.hub_v2');
      expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual(JSON.parse(readFixture('endpoint-after.json')));
      expect(JSON.parse(r.endpoints[0]!.before!)).toEqual(JSON.parse(readFixture('endpoint-before.json')));
    }
  });

  it('a forgotten API policy stays in force', () => {
    const plan = planFixture();
    forget(plan, 'aws_api_gateway_rest_api_policy.orders');
    const r = policiesFromTerraformPlan(plan, 'plan.json');
    const orders = r.resourcePolicies.find((p) => p.apiId === 'a1b2c3d4e5')!;
    expectChange(
      orders,
      { address: 'aws_api_gateway_rest_api_policy.orders' },
      'orders-before.json',
      'orders-before.json',
    );
    expect(r.removed).toEqual([]);
  });

  it('forget of an object that did not exist (before null) is not a plan Terraform writes: exit 2', () => {
    const plan = planFixture();
    forget(plan, 'aws_vpc_endpoint_policy.hub').change.before = null;
    const e = errorOf(() => policiesFromTerraformPlan(plan, 'plan.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/change\.before.*\["forget"\] removes an object from the state/);
  });

  it('["create","forget"] (a replacement that leaves the old object in AWS) is still exit 2, naming why', () => {
    const plan = planFixture();
    change(plan, 'aws_vpc_endpoint_policy.hub').change.actions = ['create', 'forget'];
    const e = errorOf(() => policiesFromTerraformPlan(plan, 'plan.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/the old object stays in AWS beside the new one/);
  });
});
