import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  computeDiff,
  diffExitCode,
  diffJson,
  isGrant,
  isRevocation,
  loadDiffSetup,
  type DiffResult,
} from '../../src/diff/index.js';
import { CONFIG, fixture, planFixture, tmpFile } from './helpers.js';

const config = loadConfig(CONFIG);
const cellsOf = (r: DiffResult): string[] =>
  r.changes.map((c) => `${c.role} ${c.api} ${c.method} ${c.path} ${c.before}->${c.after}`);

describe('diff of the fixture plan (endpoint policy widened for one role, narrowed for another; resource policy change)', () => {
  const result = computeDiff(loadDiffSetup(config, { plan: fixture('plan-widen-narrow.json') }));

  it('finds exactly the cells that flip, in config order', () => {
    expect(result.cells).toBe(28);
    expect(cellsOf(result)).toEqual([
      'ReportingRole payments GET / allow->deny',
      'ReportingRole inventory GET / allow->deny',
      'ReportingRole legacy GET / allow->deny',
      'PaymentsRole orders GET / allow->deny',
      'BatchRole orders GET / deny->allow',
      'BatchRole payments GET / deny->allow',
      'BatchRole inventory GET / deny->allow',
      'BatchRole legacy GET / deny->allow',
    ]);
  });

  it('classifies grants and revocations', () => {
    expect(result.changes.filter(isGrant).map((c) => c.role)).toEqual([
      'BatchRole',
      'BatchRole',
      'BatchRole',
      'BatchRole',
    ]);
    expect(result.changes.filter(isRevocation).map((c) => `${c.role}/${c.api}`)).toEqual([
      'ReportingRole/payments',
      'ReportingRole/inventory',
      'ReportingRole/legacy',
      'PaymentsRole/orders',
    ]);
  });

  it('attributes each new outcome to the statements that decide it', () => {
    const by = (role: string, api: string) => result.changes.find((c) => c.role === role && c.api === api)!;
    // A grant: the allowing statements of every layer evaluated.
    expect(by('BatchRole', 'orders').statements).toEqual([
      { policy: 'endpoint:hub', index: 0, sid: 'AllowNamedRoles' },
      { policy: 'resource:orders', index: 0, sid: 'AllowPlatformRoles' },
      { policy: 'identity:BatchRole', index: 0, sid: 'InvokeAll' },
    ]);
    expect(by('BatchRole', 'payments').statements).toEqual([
      { policy: 'endpoint:hub', index: 0, sid: 'AllowNamedRoles' },
      { policy: 'resource:payments', index: 0, sid: 'AllowAll' },
      { policy: 'identity:BatchRole', index: 0, sid: 'InvokeAll' },
    ]);
    // An explicit deny: the denying statement.
    expect(by('ReportingRole', 'inventory')).toMatchObject({
      statements: [{ policy: 'endpoint:hub', index: 2, sid: 'ReportingReadsOrdersOnly' }],
      afterLayer: 'endpoint',
      afterDetail: 'ExplicitDeny',
    });
    // An implicit deny: no statement decides it.
    expect(by('PaymentsRole', 'orders')).toMatchObject({
      statements: [],
      afterLayer: 'resource',
      afterDetail: 'ImplicitDeny',
    });
  });

  it('notes the policy known only after apply, without comparing it', () => {
    expect(result.notes.join('\n')).toMatch(
      /aws_api_gateway_rest_api_policy.reports: the resource policy is known only after apply/,
    );
  });

  it('JSON has exactly the contract keys', () => {
    const json = diffJson(result) as {
      changes: Record<string, unknown>[];
      findings: Record<string, unknown>;
    };
    expect(Object.keys(json)).toEqual(['changes', 'classes', 'findings']);
    expect(Object.keys(json.findings)).toEqual(['added', 'removed']);
    expect(Object.keys(json.changes[0]!)).toEqual([
      'endpoint',
      'role',
      'principal',
      'api',
      'method',
      'path',
      'before',
      'after',
      'statements',
    ]);
    expect(json.changes[0]).toMatchObject({ principal: 'arn:aws:iam::111111111111:role/ReportingRole' });
  });

  it('exit codes: grant fails by default, any fails on any change, none never', () => {
    expect(diffExitCode(result, 'grant')).toBe(1);
    expect(diffExitCode(result, 'any')).toBe(1);
    expect(diffExitCode(result, 'none')).toBe(0);
    // Cells and classes alike: a class of principals gaining access is a grant too.
    const onlyRevocations = {
      ...result,
      changes: result.changes.filter(isRevocation),
      classes: result.classes.filter((c) => c.change === 'revocation'),
    };
    expect(diffExitCode(onlyRevocations, 'grant')).toBe(0);
    expect(diffExitCode(onlyRevocations, 'any')).toBe(1);
    expect(diffExitCode({ ...result, changes: [], classes: [] }, 'any')).toBe(0);
    expect(
      diffExitCode(
        { ...result, changes: [], classes: result.classes.filter((c) => c.change === 'grant') },
        'grant',
      ),
    ).toBe(1);
  });
});

describe('diff with --before/--after', () => {
  it('plain endpoint policies compare the endpoint layer only', () => {
    const r = computeDiff(
      loadDiffSetup(config, {
        before: fixture('endpoint-before.json'),
        after: fixture('endpoint-after.json'),
      }),
    );
    expect(cellsOf(r)).toEqual([
      'ReportingRole payments GET / allow->deny',
      'ReportingRole inventory GET / allow->deny',
      'ReportingRole legacy GET / allow->deny',
      'BatchRole orders GET / deny->allow',
      'BatchRole payments GET / deny->allow',
      'BatchRole inventory GET / deny->allow',
      'BatchRole legacy GET / deny->allow',
    ]);
  });

  it('the same file on both sides changes nothing', () => {
    const r = computeDiff(
      loadDiffSetup(config, {
        before: fixture('endpoint-after.json'),
        after: fixture('endpoint-after.json'),
      }),
    );
    expect(r.changes).toEqual([]);
    expect(r.findings).toEqual({ added: [], removed: [] });
  });

  it('two versions of a CloudFormation template', () => {
    const r = computeDiff(
      loadDiffSetup(config, { before: fixture('hub-stack-before.yaml'), after: fixture('hub-stack.yaml') }),
    );
    expect(cellsOf(r)).toEqual([
      'PaymentsRole orders GET / allow->deny',
      'BatchRole payments GET / deny->allow',
      'BatchRole inventory GET / deny->allow',
      'BatchRole legacy GET / deny->allow',
    ]);
    // BatchRole passes the endpoint now, but orders' resource policy does not name it.
    expect(r.changes.find((c) => c.role === 'PaymentsRole')!.afterLayer).toBe('resource');
  });

  it('a plan on each side compares their planned values', () => {
    const r = computeDiff(
      loadDiffSetup(config, {
        before: fixture('endpoint-before.json'),
        after: fixture('plan-widen-narrow.json'),
      }),
    );
    expect(cellsOf(r)).toContain('BatchRole legacy GET / deny->allow');
  });
});

describe('diff edge cases', () => {
  it('an endpoint created by the plan grants what its policy allows', () => {
    const plan = planFixture();
    for (const rc of plan.resource_changes) {
      if (rc.address === 'aws_vpc_endpoint_policy.hub' || rc.address === 'aws_vpc_endpoint.hub') {
        rc.change.actions = ['create'];
        rc.change.before = null;
      }
    }
    const r = computeDiff(loadDiffSetup(config, { plan: tmpFile('plan.json', JSON.stringify(plan)) }));
    expect(r.changes.every(isGrant)).toBe(true);
    // Everyone the new policy names, on every API where the resource layer lets them through.
    expect(r.changes.filter((c) => c.role === 'CheckoutRole').map((c) => c.api)).toEqual([
      'orders',
      'payments',
      'inventory',
      'legacy',
    ]);
    expect(r.changes.some((c) => c.role === 'PartnerRole')).toBe(false);
  });

  /** The diff of the fixture plan with the resource at `address` destroyed instead. */
  const diffDestroying = (address: string) => {
    const plan = planFixture();
    const rc = plan.resource_changes.find((x) => x.address === address)!;
    rc.change.actions = ['delete'];
    rc.change.after = null;
    return computeDiff(loadDiffSetup(config, { plan: tmpFile('plan.json', JSON.stringify(plan)) }));
  };

  it('destroying aws_vpc_endpoint_policy opens the endpoint to everyone', () => {
    const r = diffDestroying('aws_vpc_endpoint_policy.hub');
    const grants = r.changes.filter(isGrant).map((c) => `${c.role}/${c.api}`);
    expect(grants).toContain('PartnerRole/payments');
    expect(grants).toContain('BatchRole/legacy');
    expect(r.changes.find((c) => c.role === 'PartnerRole')!.statements).toEqual([
      { policy: 'endpoint:hub', index: 0 },
      { policy: 'resource:payments', index: 0, sid: 'AllowAll' },
      { policy: 'identity:PartnerRole', index: 0, sid: 'InvokeAll' },
    ]);
    // The default policy is Version 2008-10-17: lint says so.
    expect(r.findings.added.map((f) => f.rule)).toContain('SG017');
  });

  it('a private API left without a resource policy refuses every call', () => {
    const r = diffDestroying('aws_api_gateway_rest_api_policy.orders');
    const orders = r.changes.filter((c) => c.api === 'orders');
    expect(orders.map((c) => `${c.role} ${c.before}->${c.after}`)).toEqual([
      'CheckoutRole allow->deny',
      'ReportingRole allow->deny',
      'AuditRole allow->deny',
      'PaymentsRole allow->deny',
      'InventoryRole allow->deny',
    ]);
    expect(orders[0]!.afterReason).toMatch(/without a resource policy/);
  });

  it('the identity layer is evaluated when the config lists identity policies', () => {
    const readOnly = tmpFile(
      'readonly.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'execute-api:Invoke',
            Resource: 'arn:aws:execute-api:*:*:*/prod/POST/*',
          },
        ],
      }),
    );
    const text =
      `region: us-west-2\nendpoints:\n  hub: { id: vpce-0123456789abcdef0, account: '111111111111' }\n` +
      `roles:\n  BatchRole: { arn: 'arn:aws:iam::111111111111:role/BatchRole', identityPolicies: ['${readOnly}'] }\n` +
      `apis:\n  orders: { id: a1b2c3d4e5, account: '222222222222', stage: prod }\n` +
      `defaults: { probes: ['GET /', 'POST /orders'] }\n`;
    const cfg = loadConfig(tmpFile('c.yaml', text));
    const r = computeDiff(loadDiffSetup(cfg, { plan: fixture('plan-widen-narrow.json') }));
    // Cross account: GET is not in BatchRole's identity policy, POST is.
    expect(cellsOf(r)).toEqual(['BatchRole orders POST /orders deny->allow']);
    expect(r.changes[0]!.statements.map((s) => s.policy)).toEqual([
      'endpoint:hub',
      'resource:orders',
      'identity:BatchRole',
    ]);
  });
});

describe('the same change written with inline policies', () => {
  it('aws_vpc_endpoint.policy and aws_api_gateway_rest_api.policy give the same diff as the policy resources', () => {
    const inline = computeDiff(loadDiffSetup(config, { plan: fixture('plan-inline-policies.json') }));
    const separate = computeDiff(loadDiffSetup(config, { plan: fixture('plan-widen-narrow.json') }));
    expect(diffJson(inline)).toEqual(diffJson(separate));
    // Nothing left uncompared (the fixture's stages are not stated: a note says which were decided).
    expect(inline.notes.filter((n) => !n.startsWith('the stages of API'))).toEqual([]);
  });
});
