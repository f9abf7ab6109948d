// Service control policies stated in the sandbox world (`serviceControlPolicies`, as in the config:
// policies attached to roots, OUs and accounts, read along each account's `accounts.ID.orgPath`) and
// enforced by the sandbox with the engine's `scp` layer, the one the harness predicts with. Before,
// the world could not state them: a config stating an SCP denial was contradicted by a sandbox that
// knew no SCP (a disagreement). AWS's wordings: "… with an explicit deny in a service control
// policy", "… because no service control policy allows the … action" (IAM User Guide,
// troubleshoot_access-denied; docs/aws-behaviour.md §22).
import { describe, expect, it } from 'vitest';
import { parseWorld, type World } from '../../src/config/world.js';
import { InputError } from '../../src/errors.js';
import { apiHost, asReply, assume, demoWorld, invoke, newState, outcome, query } from './helpers.js';

const ORDERS = 'a1b2c3d4e5';
const INVENTORY = 'c3d4e5f6a7';
const HUB_PATH = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
const INVENTORY_PATH = 'o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/';
const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const NO_INVOKE_WRITES = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'NoWrites',
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      NotResource: 'arn:aws:execute-api:*:*:*/*/GET/*',
    },
  ],
};
const S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

type Attached = Record<string, object[]>;
/** The demo world with the hub account (and inventory's) under root r-ab12, and these SCPs. */
function scpWorld(attached: Attached, managementAccount?: string): World {
  const { file: _f, dir: _d, ...w } = demoWorld();
  w.accounts['111111111111'] = { ...w.accounts['111111111111'], orgPath: HUB_PATH };
  w.accounts['444444444444'] = { ...w.accounts['444444444444'], orgPath: INVENTORY_PATH };
  return parseWorld({
    ...w,
    serviceControlPolicies: { attached, ...(managementAccount ? { managementAccount } : {}) },
  });
}
const LIMITED: Attached = {
  'r-ab12': [FULL],
  'ou-ab12-11111111': [FULL],
  '111111111111': [FULL, NO_INVOKE_WRITES],
  'ou-ab12-22222222': [FULL],
  '444444444444': [FULL],
};

const message = (r: Parameters<typeof asReply>[0]) => JSON.parse(asReply(r).body).Message as string;

/** `role`'s session in `world`, and a call with it: `method` `path` on `api`. */
async function callerIn(world: World, role: string) {
  const s = newState(world);
  const creds = await assume(s, role);
  return (method: string, path: string, api = ORDERS) =>
    invoke(s, { method, path, host: apiHost(api), creds });
}

describe('service control policies in the sandbox world', () => {
  it("an SCP Deny refuses a call every other policy allows, in AWS's words", async () => {
    const call = await callerIn(scpWorld(LIMITED), 'CheckoutRole');
    expect(outcome(await call('GET', '/prod/orders'))).toBe('allow');
    const r = await call('POST', '/prod/orders');
    expect(asReply(r).status).toBe(403);
    expect(message(r)).toBe(
      'User: arn:aws:sts::111111111111:assumed-role/CheckoutRole/test is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/POST/orders with an explicit deny in a service control policy',
    );
    // The legacy style names no layer, as for every other policy.
    const legacy = await callerIn({ ...scpWorld(LIMITED), denialMessages: 'legacy' }, 'CheckoutRole');
    expect(message(await legacy('POST', '/prod/orders'))).toMatch(/orders with an explicit deny$/);
  });

  it('a level of the path without an allow denies implicitly, naming the SCPs', async () => {
    // InventoryRole (444444444444) under an OU whose only SCP allows s3: nothing of execute-api.
    const call = await callerIn(scpWorld({ ...LIMITED, 'ou-ab12-22222222': [S3_ONLY] }), 'InventoryRole');
    const r = await call('GET', '/prod/items', INVENTORY);
    expect(asReply(r).status).toBe(403);
    expect(message(r)).toMatch(/because no service control policy allows the execute-api:Invoke action$/);
  });

  it('SCPs limit the caller, not the API: an unlimited account calls into a limited one', async () => {
    // Only 444444444444's OU is limited; CheckoutRole (111111111111) reaches inventory's API.
    const world = scpWorld({ ...LIMITED, '111111111111': [FULL], 'ou-ab12-22222222': [S3_ONLY] });
    const call = await callerIn(world, 'CheckoutRole');
    expect(outcome(await call('PUT', '/prod/items/1', INVENTORY))).toBe('allow');
  });

  // Not documented for API Gateway (docs/aws-behaviour.md §22, "NONE routes and authorizers"): read
  // as SCPs limiting IAM-authorized calls only, as identity policies and boundaries do; the sandbox
  // and the offline prediction share the engine's reading, pinned here.
  it('a NONE route is not IAM-authorized: the SCP that refuses every other call of the account does not apply', async () => {
    const noInvoke = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoInvoke', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }],
    };
    const call = await callerIn(scpWorld({ ...LIMITED, '111111111111': [FULL, noInvoke] }), 'CheckoutRole');
    expect(outcome(await call('GET', '/prod/health'))).toBe('allow');
    const r = await call('GET', '/prod/orders');
    expect(message(r)).toMatch(/with an explicit deny in a service control policy$/);
  });

  it('the management account is not limited by SCPs', async () => {
    const call = await callerIn(scpWorld(LIMITED, '111111111111'), 'CheckoutRole');
    expect(outcome(await call('POST', '/prod/orders'))).toBe('allow');
  });

  it('they limit the control plane too: AssumeRole and EC2 reads of the limited account', async () => {
    const noAssume = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['sts:AssumeRole', 'ec2:DescribeVpcEndpoints'], Resource: '*' }],
    };
    const s = newState(scpWorld({ ...LIMITED, '111111111111': [FULL, noAssume] }));
    const a = await query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
      RoleSessionName: 'test',
    });
    expect(a.status).toBe(403);
    const e = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' });
    expect(e.status).toBe(403);
    expect(e.body).toContain('with an explicit deny in a service control policy');
  });

  it('the world refuses SCPs it cannot place: no orgPath, a level of the path not stated', () => {
    const { file: _f, dir: _d, ...w } = demoWorld();
    const attempt = (world: object) => {
      try {
        parseWorld(world, { file: 'w.yaml' });
      } catch (e) {
        return e as InputError;
      }
      return expect.unreachable('accepted');
    };
    const noPath = attempt({ ...w, serviceControlPolicies: { attached: { '111111111111': [FULL] } } });
    expect(noPath.where.field).toBe('serviceControlPolicies.attached.111111111111');
    expect(noPath.message).toContain('accounts.111111111111.orgPath');
    const withPath = {
      ...w,
      accounts: { ...w.accounts, '111111111111': { name: 'hub', orgPath: HUB_PATH } },
    };
    const gap = attempt({
      ...withPath,
      serviceControlPolicies: { attached: { 'r-ab12': [FULL], '111111111111': [FULL] } },
    });
    expect(gap.message).toContain('ou-ab12-11111111');
    const target = attempt({ ...withPath, serviceControlPolicies: { attached: { 'ou-nope': [FULL] } } });
    expect(target.where.field).toMatch(/^serviceControlPolicies\.attached/);
    // An SCP is an identity-style policy: one with a Principal is refused when the sandbox compiles it.
    const withPrincipal = parseWorld({
      ...withPath,
      serviceControlPolicies: {
        attached: {
          'r-ab12': [FULL],
          'ou-ab12-11111111': [FULL],
          '111111111111': [{ ...FULL, Statement: [{ ...FULL.Statement[0], Principal: '*' }] }],
        },
      },
    });
    expect(() => newState(withPrincipal)).toThrow(InputError);
  });
});
