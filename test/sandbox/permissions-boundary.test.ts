// A role's permissions boundary (world `roles.X.permissionsBoundary`): IAM GetRole shows it
// (botocore iam model Role.PermissionsBoundary), and the sandbox enforces it as AWS does (IAM User
// Guide, access_policies_boundaries and reference_policies_evaluation-logic): the identity policies
// and a resource-policy grant naming the role ARN are limited by it; a same-account grant naming
// the role session itself is not; an explicit deny in it wins. The denial names it ("because no
// permissions boundary allows …", IAM User Guide troubleshoot_access-denied).
import { describe, expect, it } from 'vitest';
import { parseWorld, type World } from '../../src/config/world.js';
import { InputError } from '../../src/errors.js';
import {
  apiHost,
  asReply,
  assume,
  demoWorld,
  invoke,
  newState,
  outcome,
  parseXml,
  query,
  expectError,
} from './helpers.js';

const BOUNDARY = 'arn:aws:iam::111111111111:policy/GetOnlyBoundary';
const ORDERS = 'a1b2c3d4e5';

/** The demo world where CheckoutRole's boundary allows only GET calls (and STS/IAM reads). */
function boundaryWorld(boundary: Record<string, unknown>): World {
  const w = demoWorld();
  w.managedPolicies.GetOnlyBoundary = { arn: BOUNDARY, document: boundary };
  w.roles.CheckoutRole = { ...w.roles.CheckoutRole!, permissionsBoundary: BOUNDARY };
  return w;
}
/** A Deny for everyone but CheckoutRole, its `test` session and its account (by NotPrincipal). */
const DENY_BUT_CHECKOUT = {
  Effect: 'Deny',
  NotPrincipal: {
    AWS: [
      'arn:aws:iam::111111111111:role/CheckoutRole',
      'arn:aws:sts::111111111111:assumed-role/CheckoutRole/test',
      '111111111111',
    ],
  },
  Action: 'execute-api:Invoke',
  Resource: '*',
};
/** The policy document `doc` with one more statement. */
function plus(doc: unknown, statement: object): Record<string, unknown> {
  const d = doc as { Statement: object[] };
  return { ...d, Statement: [...d.Statement, statement] };
}
const GET_ONLY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' },
    { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  ],
};

describe('a permissions boundary in the sandbox', () => {
  it('GetRole shows it', async () => {
    const s = newState(boundaryWorld(GET_ONLY));
    const reader = await assume(s, 'HubReader');
    const r = await query(s, 'iam', { Action: 'GetRole', RoleName: 'CheckoutRole' }, reader);
    expect(r.status).toBe(200);
    expect(parseXml(r.body).GetRoleResponse.GetRoleResult.Role.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: BOUNDARY,
    });
    const plain = await query(s, 'iam', { Action: 'GetRole', RoleName: 'BatchRole' }, reader);
    expect(parseXml(plain.body).GetRoleResponse.GetRoleResult.Role.PermissionsBoundary).toBeUndefined();
  });

  it('limits what the identity policies and a grant to the role ARN allow, naming the boundary', async () => {
    const s = newState(boundaryWorld(GET_ONLY));
    const c = await assume(s, 'CheckoutRole');
    expect(outcome(await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: c }))).toBe('allow');
    // orders' resource policy names CheckoutRole's ARN and its identity policy allows POST: the
    // boundary does not.
    const r = asReply(
      await invoke(s, { method: 'POST', path: '/prod/orders', host: apiHost(ORDERS), creds: c }),
    );
    expectError(r, 403, 'AccessDeniedException', {
      Message:
        'User: arn:aws:sts::111111111111:assumed-role/CheckoutRole/test is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/POST/orders because no permissions boundary allows the execute-api:Invoke action',
    });
  });

  it('an explicit deny in it wins, on the control plane too', async () => {
    const s = newState(
      boundaryWorld({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: ['execute-api:Invoke', 'ec2:DescribeVpcEndpoints'], Resource: '*' },
        ],
      }),
    );
    const c = await assume(s, 'CheckoutRole');
    const r = asReply(await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: c }));
    expect(JSON.parse(r.body).Message).toMatch(/ with an explicit deny in a permissions boundary$/);
    // CheckoutRole's identity policy does not allow ec2:DescribeVpcEndpoints either; the explicit
    // deny is what IAM names.
    const ec2 = await query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, c);
    expect(ec2.status).toBe(403);
    expect(ec2.body).toContain('with an explicit deny in a permissions boundary');
  });

  it('a NotPrincipal Deny in a resource policy applies to a role with a boundary, whatever it names', async () => {
    // IAM User Guide, access_policies_boundaries ("Important"): such a Deny "will always deny any IAM
    // principal that has a permissions boundary policy attached, regardless of the values specified".
    const sparing = (w: World): World => {
      const orders = w.apis.orders!;
      w.apis.orders = { ...orders, resourcePolicy: plus(orders.resourcePolicy, DENY_BUT_CHECKOUT) };
      return w;
    };
    const plain = newState(sparing(demoWorld()));
    const spared = await assume(plain, 'CheckoutRole');
    expect(outcome(await invoke(plain, { path: '/prod/orders', host: apiHost(ORDERS), creds: spared }))).toBe(
      'allow',
    );
    const s = newState(sparing(boundaryWorld(GET_ONLY)));
    const c = await assume(s, 'CheckoutRole');
    const r = asReply(await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: c }));
    expect(JSON.parse(r.body).Message).toMatch(/ with an explicit deny in a resource-based policy$/);
  });

  it("the endpoint policy's NotPrincipal Deny applies to it too, before any route is looked up", async () => {
    // The endpoint filters first with the caller's boundary (src/policy authorizeCall): its step
    // alone (endpointAllows) was asked without it, so the call went on to the route lookup and got
    // Missing Authentication Token for a path no stage serves, not the endpoint's AccessDenied.
    const guarded = (w: World): World => {
      const hub = w.endpoints.hub!;
      w.endpoints.hub = { ...hub, policy: plus(hub.policy, DENY_BUT_CHECKOUT) };
      return w;
    };
    const at = { path: '/prod/no-such-route', host: apiHost(ORDERS) };
    const plain = newState(guarded(demoWorld()));
    const spared = asReply(await invoke(plain, { ...at, creds: await assume(plain, 'CheckoutRole') }));
    expect(spared.status).toBe(403);
    expect(JSON.parse(spared.body).message).toBe('Missing Authentication Token');
    const s = newState(guarded(boundaryWorld(GET_ONLY)));
    const r = asReply(await invoke(s, { ...at, creds: await assume(s, 'CheckoutRole') }));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).Message).toMatch(/ with an explicit deny in a VPC endpoint policy$/);
  });

  it('the world refuses a boundary that is not one of its managed policies', () => {
    const { file: _file, dir: _dir, ...w } = demoWorld();
    w.roles.CheckoutRole = { ...w.roles.CheckoutRole!, permissionsBoundary: BOUNDARY };
    expect(() => parseWorld(w, { file: 'w.yaml' })).toThrow(
      `managed policy ${BOUNDARY} is not defined under managedPolicies`,
    );
    try {
      parseWorld(w, { file: 'w.yaml' });
    } catch (e) {
      expect((e as InputError).where.field).toBe('roles.CheckoutRole.permissionsBoundary');
    }
  });
});

// IAM sets permissions boundaries on users as on roles ("You can use an AWS managed policy or a
// customer managed policy to set the boundary for an IAM entity (user or role)", IAM User Guide,
// access_policies_boundaries; botocore iam model: PutUserPermissionsBoundary, User.PermissionsBoundary).
// The world's one IAM user (harness) could not carry one, so a boundary that keeps it from assuming
// a role was not expressible and the user was never limited. Its GetSessionToken and GetFederationToken
// sessions act with the user's permissions and are limited by its boundary too (the boundaries page's
// session figure: session policies ∩ boundary ∩ identity-based policies; docs/aws-behaviour.md §21).
describe("a permissions boundary on the world's IAM user", () => {
  const USER_BOUNDARY = 'arn:aws:iam::111111111111:policy/HarnessBoundary';
  function userBoundaryWorld(actions: string[]): World {
    const w = demoWorld();
    w.managedPolicies.HarnessBoundary = {
      arn: USER_BOUNDARY,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
    };
    (w.harness as { permissionsBoundary?: string }).permissionsBoundary = USER_BOUNDARY;
    return w;
  }

  const describeEndpoints = (s: ReturnType<typeof newState>, creds?: Parameters<typeof query>[3]) =>
    query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, creds);

  it('limits what its identity policies allow (EC2 DescribeVpcEndpoints)', async () => {
    const limited = newState(userBoundaryWorld(['sts:AssumeRole']));
    const r = await describeEndpoints(limited);
    expect([r.status, r.body]).toEqual([403, expect.stringContaining('UnauthorizedOperation')]);
    const open = newState(userBoundaryWorld(['sts:AssumeRole', 'ec2:DescribeVpcEndpoints']));
    expect((await describeEndpoints(open)).status).toBe(200);
  });

  it('does not limit a same-account grant naming the user (the trust policy): AssumeRole still works', async () => {
    // "Within an account, an implicit deny in a permissions boundary does not limit the permissions
    // granted to an IAM user by a resource-based policy" naming the user (access_policies_boundaries).
    const s = newState(userBoundaryWorld(['ec2:DescribeVpcEndpoints']));
    expect((await assume(s, 'CheckoutRole')).accessKeyId).toMatch(/^ASIA/);
  });

  it("limits the user's GetSessionToken session the same way", async () => {
    const s = newState(userBoundaryWorld(['sts:AssumeRole']));
    const t = await query(s, 'sts', { Action: 'GetSessionToken' });
    expect(t.status).toBe(200);
    const c = parseXml(t.body).GetSessionTokenResponse.GetSessionTokenResult.Credentials;
    const creds = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    const r = await describeEndpoints(s, creds);
    expect([r.status, r.body]).toEqual([403, expect.stringContaining('UnauthorizedOperation')]);
  });

  it('the world refuses a user boundary that is not one of its managed policies', () => {
    const { file: _file, dir: _dir, ...w } = demoWorld();
    (w.harness as { permissionsBoundary?: string }).permissionsBoundary = USER_BOUNDARY;
    try {
      parseWorld(w, { file: 'w.yaml' });
      expect.unreachable('accepted');
    } catch (e) {
      expect((e as InputError).message).toContain(
        `managed policy ${USER_BOUNDARY} is not defined under managedPolicies`,
      );
      expect((e as InputError).where.field).toBe('harness.permissionsBoundary');
    }
  });
});
