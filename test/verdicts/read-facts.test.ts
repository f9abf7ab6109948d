// Issues 10/11: in sandbox and live mode a role's unique id (roles.X.roleId) and an endpoint's VPC
// (endpoints.X.vpc) that the config does not state are read, as the policies are: the id with IAM
// GetRole (RoleId) by the reader role of the role's account, the VPC with EC2 DescribeVpcEndpoints
// (VpcId, read with the endpoint's policy). They were left `unknown` even where AWS answers them.
// A read that fails leaves the fact unknown, naming the permission that is missing.
// The world (authorizer-world.ts) pins CheckoutRole to its id (a role recreated under the same name
// is denied) and denies every call not from the hub's VPC; CheckoutRole may call GET /orders.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import {
  API,
  CHECKOUT,
  authorizerWorld,
  withSandboxRun,
  type AuthorizerWorldOptions,
} from './authorizer-world.js';

const CHECKOUT_ID = 'AROACHECKOUTROLE0001';
const HUB_VPC = 'vpc-0123456789abcdef0';
const HUB_READER = 'arn:aws:iam::111111111111:role/spokegate-reader';

/** The world with the pins, CheckoutRole's id, and (by default) a hub reader allowed iam:GetRole. */
function pinnedWorld(
  o: { hubReader?: boolean; harnessEc2?: boolean; endpointPolicyFile?: boolean } = {},
): string {
  const options: AuthorizerWorldOptions = {
    edit: (w) => {
      w.roles.CheckoutRole.roleId = CHECKOUT_ID;
      if (o.hubReader ?? true) w.roles.hubReader = { ...w.roles.reader, arn: HUB_READER };
      if (o.harnessEc2 === false)
        w.harness.policies.Harness.Statement[0].Action = ['sts:AssumeRole', 'apigateway:GET'];
    },
    editConfig: (c) => {
      delete c.endpoints.hub.vpc;
      if (o.hubReader ?? true) c.accounts['111111111111'] = { readerRole: HUB_READER };
      if (o.endpointPolicyFile) c.endpoints.hub.policy = 'endpoint.json';
    },
  };
  const file = authorizerWorld(options);
  const dir = dirname(file);
  writeFileSync(
    join(dir, 'endpoint.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
    }),
  );
  // Both the sandbox and the config read resource.json.
  const resource = JSON.parse(readFileSync(join(dir, 'resource.json'), 'utf8'));
  resource.Statement.push(
    {
      Sid: 'OnlyTheOriginalCheckoutRole',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `${API}/*`,
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': CHECKOUT },
        StringNotLike: { 'aws:userid': `${CHECKOUT_ID}:*` },
      },
    },
    {
      Sid: 'OnlyFromTheHubVpc',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `${API}/*`,
      Condition: { StringNotEquals: { 'aws:SourceVpc': HUB_VPC } },
    },
  );
  writeFileSync(join(dir, 'resource.json'), JSON.stringify(resource));
  return file;
}

const orders = { role: 'CheckoutRole', api: 'docs', method: 'GET', path: '/orders', scenario: 'facts' };
/** CheckoutRole's GET /orders is unknown in the run `ctx`: the reasons it gives. */
async function unknownReasons(ctx: RunContext): Promise<string> {
  const d = await ctx.predict(orders);
  expect(d.decision).toBe('unknown');
  return d.decision === 'unknown' ? d.unknown : '';
}

describe('a role id and an endpoint VPC the config does not state', () => {
  it('offline they are unknown (as before): the decision depends on both', async () => {
    const file = pinnedWorld({ endpointPolicyFile: true });
    const ctx = await RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
    try {
      const d = await ctx.predict(orders);
      expect(d.decision).toBe('unknown');
    } finally {
      ctx.close();
    }
  });

  it("in sandbox mode they are read (GetRole by the role's account's reader, DescribeVpcEndpoints): exact again", async () => {
    await withSandboxRun(pinnedWorld(), async (run) => {
      expect(run.config.roles.CheckoutRole!.roleId).toBeUndefined();
      const { cell } = await run.ctx.call(orders, 'allow');
      expect(cell.predicted?.decision, cell.predicted?.explanation.join('\n')).toBe('allow');
      expect(cell.observed?.outcome).toBe('allowed');
      expect(cell.verdict).toBe('pass');
      expect(run.ctx.config.roles.CheckoutRole!.roleId).toBe(CHECKOUT_ID);
      expect(run.ctx.config.endpoints.hub!.vpc).toBe(HUB_VPC);
      expect(run.sandbox.counters.requests['iam:GetRole']).toBe(1);
      // The analysis sees the same facts.
      const world = await analysisWorld(run.ctx);
      expect(world.roles.find((r) => r.alias === 'CheckoutRole')?.roleId).toBe(CHECKOUT_ID);
      expect(world.endpoint?.vpc).toBe(HUB_VPC);
    });
  });

  it('a role id that cannot be read (no iam:GetRole for the reader) stays unknown, naming the permission', async () => {
    await withSandboxRun(pinnedWorld({ hubReader: false }), async (run) => {
      const why = await unknownReasons(run.ctx);
      expect(why).toMatch(/roles\.CheckoutRole\.roleId/);
      expect(why).toMatch(/iam:GetRole/);
      expect(why).toMatch(/AccessDenied/);
      expect(why).toMatch(/configure accounts\."111111111111"\.readerRole/);
      // The VPC was read all the same.
      expect(run.ctx.config.endpoints.hub!.vpc).toBe(HUB_VPC);
    });
  });

  it('an endpoint VPC that cannot be read (no ec2:DescribeVpcEndpoints) stays unknown, naming the permission', async () => {
    await withSandboxRun(pinnedWorld({ harnessEc2: false, endpointPolicyFile: true }), async (run) => {
      const why = await unknownReasons(run.ctx);
      expect(why).toMatch(/endpoints\.hub\.vpc/);
      expect(why).toMatch(/ec2:DescribeVpcEndpoints/);
      expect(run.ctx.config.endpoints.hub!.vpc).toBeUndefined();
      expect(run.ctx.config.roles.CheckoutRole!.roleId).toBe(CHECKOUT_ID);
    });
  });
});
