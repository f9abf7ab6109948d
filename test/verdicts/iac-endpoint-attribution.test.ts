// Issue 10 (lead from note7): a policy in a Terraform plan or a CloudFormation template is the
// policy of the endpoint it really attaches to, never the compared endpoint's by default. An
// `aws_vpc_endpoint_policy` on an endpoint the change creates (its id known only after apply) or
// whose `vpc_endpoint_id` is known only after apply gave the same diff as if it were the hub's
// policy: the hub "opened" to an account it never saw, and the real change went unread. A template
// endpoint whose VPC is another endpoint's (or cannot be told) was bound to every compared endpoint.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { diffEveryEndpoint, diffExitCode, diffJson, routableProbeCells } from '../../src/diff/index.js';
import { withOfflineRun, copyAuditorWorld } from './auditor-world.js';
import { CFN_HEAD } from './cfn-templates.js';

const SERVICE = 'com.amazonaws.us-west-2.execute-api';

/** An endpoint policy letting account 555555555555 (in no configured role or organization) in. */
const OPEN = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: '555555555555' }, Action: 'execute-api:Invoke', Resource: '*' },
  ],
});

/** An endpoint policy letting only account 111111111111 in. */
const CLOSED = OPEN.replace('555555555555', '111111111111');

type Change = Record<string, unknown>;
const resource = (address: string, before: object | null, after: object | null, unknown: object = {}) => {
  const [type, name] = address.split('.');
  return {
    address,
    mode: 'managed',
    type,
    name,
    change: {
      actions: before === null ? ['create'] : after === null ? ['delete'] : ['update'],
      before,
      after,
      after_unknown: unknown,
    },
  } as Change;
};

/** A plan JSON of `changes`, with the configuration's `vpc_endpoint_id` references given. */
const plan = (changes: Change[], refs: Record<string, string[]> = {}) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [] } },
    resource_changes: changes,
    configuration: {
      root_module: {
        resources: Object.entries(refs).map(([address, references]) => ({
          address,
          mode: 'managed',
          type: address.split('.')[0],
          name: address.split('.')[1],
          expressions: { vpc_endpoint_id: { references } },
        })),
      },
    },
  });

/** A new execute-api endpoint in `vpc` (its id known only after apply). */
const newEndpoint = (address: string, vpc: string) =>
  resource(
    address,
    null,
    { service_name: SERVICE, vpc_id: vpc, vpc_endpoint_type: 'Interface' },
    { id: true, arn: true, policy: true },
  );
/** A new aws_vpc_endpoint_policy whose vpc_endpoint_id is known only after apply. */
const newPolicyOnUnknownEndpoint = (address: string, policy: string) =>
  resource(address, null, { policy }, { id: true, vpc_endpoint_id: true });

function diffOf(config: Config, sources: { plan: string } | { before: string; after: string }) {
  const result = diffEveryEndpoint(config, sources, () => routableProbeCells(config).cells);
  const doc = diffJson(result) as { classes: { change: string; endpoint: string }[] };
  return { result, grants: doc.classes.filter((c) => c.change === 'grant') };
}

function world(name: string) {
  const dir = copyAuditorWorld(name);
  return { dir, config: loadConfig(join(dir, 'spokegate.config.yaml')) };
}

describe('Terraform: which endpoint an aws_vpc_endpoint_policy belongs to', () => {
  it('the policy of an endpoint the change creates is not the hub policy: no grant through hub, a note names it', () => {
    const { dir, config } = world('attr-new-endpoint');
    const file = join(dir, 'plan.json');
    writeFileSync(
      file,
      plan(
        [
          newEndpoint('aws_vpc_endpoint.partner', 'vpc-0b0b0b0b0b0b0b0b0'),
          newPolicyOnUnknownEndpoint('aws_vpc_endpoint_policy.partner', OPEN),
        ],
        { 'aws_vpc_endpoint_policy.partner': ['aws_vpc_endpoint.partner.id', 'aws_vpc_endpoint.partner'] },
      ),
    );
    const { result, grants } = diffOf(config, { plan: file });
    expect(grants).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(diffExitCode(result, 'grant')).toBe(0);
    expect(result.notes.join('\n')).toMatch(
      /aws_vpc_endpoint_policy\.partner[^\n]*created by this change[^\n]*not compared/,
    );
  });

  it('a policy whose vpc_endpoint_id is known only after apply and named by no resource of the plan is exit 2 naming it', () => {
    const { dir, config } = world('attr-unknown-target');
    const file = join(dir, 'plan.json');
    // The id comes from a module output: the configuration names no endpoint of this plan.
    writeFileSync(
      file,
      plan([newPolicyOnUnknownEndpoint('aws_vpc_endpoint_policy.shared', OPEN)], {
        'aws_vpc_endpoint_policy.shared': ['module.network.endpoint_id', 'module.network'],
      }),
    );
    expect(() => diffOf(config, { plan: file })).toThrow(
      /aws_vpc_endpoint_policy\.shared: [^\n]*vpc_endpoint_id[^\n]*known only after apply/,
    );
  });

  it('an API policy whose rest_api_id is known only after apply and named by nothing in the plan is exit 2 too', () => {
    const { dir, config } = world('attr-unknown-api');
    const file = join(dir, 'plan.json');
    writeFileSync(
      file,
      plan([
        resource(
          'aws_api_gateway_rest_api_policy.shared',
          null,
          { policy: OPEN.replace('"AWS":"555555555555"', '"AWS":"*"') },
          { id: true, rest_api_id: true },
        ),
      ]),
    );
    expect(() => diffOf(config, { plan: file })).toThrow(
      /aws_api_gateway_rest_api_policy\.shared: [^\n]*rest_api_id[^\n]*known only after apply/,
    );
  });

  it('the same, given as the endpoint policy of a run (endpoints.edge.policy): exit 2, not the edge policy', async () => {
    const { dir, config } = world('attr-unknown-target-run');
    const file = join(dir, 'plan.json');
    writeFileSync(file, plan([newPolicyOnUnknownEndpoint('aws_vpc_endpoint_policy.shared', OPEN)]));
    await expect(
      withOfflineRun(config, { endpointPolicyFiles: { edge: file } }, (ctx) =>
        ctx.policies.endpointPolicy('edge'),
      ),
    ).rejects.toThrow(/aws_vpc_endpoint_policy\.shared: [^\n]*vpc_endpoint_id[^\n]*known only after apply/);
  });
});

/** A template with one execute-api endpoint in VPC `vpc` (YAML text) and policy `policy`. */
const template = (vpc: string, policy: string) => `${CFN_HEAD}  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: !Sub 'com.amazonaws.\${AWS::Region}.execute-api'
      VpcId: ${vpc}
      VpcEndpointType: Interface
      PolicyDocument: ${policy}
`;

describe('CloudFormation: which endpoint a template endpoint is', () => {
  const before = (dir: string, vpc: string) => {
    const f = join(dir, 'before.yaml');
    writeFileSync(f, template(vpc, CLOSED));
    return f;
  };

  it('in the edge VPC: a change through edge only, not through hub', () => {
    const { dir, config } = world('attr-cfn-edge-vpc');
    const after = join(dir, 'after.yaml');
    writeFileSync(after, template('vpc-0e2e2e2e2e2e2e2e2', OPEN));
    const { grants } = diffOf(config, { before: before(dir, 'vpc-0e2e2e2e2e2e2e2e2'), after });
    expect(grants.length).toBeGreaterThan(0);
    expect(new Set(grants.map((g) => g.endpoint))).toEqual(new Set(['edge']));
  });

  it('whose VPC cannot be told offline: exit 2 naming the endpoint, not the same policy on every endpoint', () => {
    const { dir, config } = world('attr-cfn-unknown-vpc');
    const after = join(dir, 'after.yaml');
    writeFileSync(after, template('!ImportValue NetworkVpc', OPEN));
    expect(() => diffOf(config, { before: before(dir, '!ImportValue NetworkVpc'), after })).toThrow(
      /Endpoint[^\n]*VpcId/,
    );
  });
});
