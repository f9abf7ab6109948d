// Issue 10 (auditor pass H10B): a Terraform plan (or template) given for one endpoint or API whose
// only policy belongs, by its known id, to another one. `--endpoint-policy hub=PLAN` with a plan of
// the edge endpoint alone (vpce-0e2e…) used edge's policy as the hub's, and `--resource-policy
// ledger=PLAN` with a plan of the partner API alone (partner001) used partner's as the ledger's: the
// run then decided every call on the wrong policy. The only entry of a file stands for the named
// endpoint or API only when its id is not known (a plain policy, or one created by the change);
// an entry of another known id is exit 2 naming both.
import { describe, expect, it } from 'vitest';
import { auditorWorldWith, withOfflineRun } from './auditor-world.js';

const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
});

interface PlanResource {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
}
const plan = (resources: PlanResource[]) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: resources.map((r) => ({ mode: 'managed', ...r })) } },
    resource_changes: resources.map((r) => ({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      change: { actions: ['no-op'], before: r.values, after: r.values, after_unknown: {} },
    })),
  });
const endpoint = (id: string): PlanResource => ({
  address: 'aws_vpc_endpoint.this',
  type: 'aws_vpc_endpoint',
  name: 'this',
  values: {
    id,
    service_name: 'com.amazonaws.us-west-2.execute-api',
    vpc_endpoint_type: 'Interface',
    policy: ALLOW_ALL,
  },
});
const api = (id: string, account: string): PlanResource => ({
  address: 'aws_api_gateway_rest_api.this',
  type: 'aws_api_gateway_rest_api',
  name: 'this',
  values: {
    id,
    name: 'this',
    policy: ALLOW_ALL,
    execution_arn: `arn:aws:execute-api:us-west-2:${account}:${id}`,
  },
});

async function predicted(files: { endpoint?: string; resource?: string }, planText: string) {
  const { file, config } = auditorWorldWith('iac-other-ids', 'plan.json', planText);
  return withOfflineRun(
    config,
    {
      ...(files.endpoint ? { endpointPolicyFiles: { [files.endpoint]: file } } : {}),
      ...(files.resource ? { resourcePolicyFiles: { [files.resource]: file } } : {}),
    },
    async (ctx) =>
      (await ctx.call({ role: 'LedgerRole', api: 'ledger', method: 'GET', path: '/entries', scenario: 'x' }))
        .cell.predicted,
  );
}

describe('a plan whose only endpoint is another endpoint', () => {
  it('--endpoint-policy hub=PLAN of the edge endpoint is exit 2 naming both, never edge’s policy for hub', async () => {
    await expect(predicted({ endpoint: 'hub' }, plan([endpoint('vpce-0e2e2e2e2e2e2e2e2')]))).rejects.toThrow(
      /vpce-0a1a1a1a1a1a1a1a1[^]*vpce-0e2e2e2e2e2e2e2e2|vpce-0e2e2e2e2e2e2e2e2[^]*vpce-0a1a1a1a1a1a1a1a1/,
    );
  });
  it('a plan of the hub itself is read (the policy allows all: LedgerRole passes the hub)', async () => {
    // ledger's own policy still refuses what does not come through the hub; this comes through it.
    expect(await predicted({ endpoint: 'hub' }, plan([endpoint('vpce-0a1a1a1a1a1a1a1a1')]))).toMatchObject({
      decision: 'allow',
    });
  });
});

describe('a plan whose only API is another API', () => {
  it('--resource-policy ledger=PLAN of the partner API is exit 2 naming both, never partner’s policy for ledger', async () => {
    await expect(
      predicted({ resource: 'ledger' }, plan([api('partner001', '333333333333')])),
    ).rejects.toThrow(/ledger0001[^]*partner001|partner001[^]*ledger0001/);
  });
});
