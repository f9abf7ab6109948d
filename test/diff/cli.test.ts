import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG, cli, fixture, planFixture, tmpFile } from './helpers.js';

const PLAN = fixture('plan-widen-narrow.json');

/** `spokegate diff` of two fixture files against the fixture config, with `args`. */
const diffFixtures = (before: string, after: string, ...args: string[]) =>
  cli(['diff', '--before', fixture(before), '--after', fixture(after), '--config', CONFIG, ...args]);

describe('spokegate diff (CLI)', () => {
  it('--format json prints one JSON document with the changed cells; exit 1 on a grant', async () => {
    const r = await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      changes: { role: string; api: string; before: string; after: string }[];
      findings: unknown;
    };
    expect(doc.changes).toHaveLength(8);
    expect(doc.changes.filter((c) => c.before === 'deny' && c.after === 'allow').map((c) => c.role)).toEqual([
      'BatchRole',
      'BatchRole',
      'BatchRole',
      'BatchRole',
    ]);
    expect(doc.findings).toEqual({ added: [], removed: [] });
    expect(r.err).toMatch(/note: aws_api_gateway_rest_api_policy.reports/);
  });

  it('--fail-on none exits 0 and --fail-on any exits 1', async () => {
    expect((await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--fail-on', 'none'])).code).toBe(0);
    expect((await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--fail-on', 'any'])).code).toBe(1);
  });

  it('revocations alone pass the default --fail-on grant but not --fail-on any', async () => {
    const narrowOnly = fixture('endpoint-before.json');
    const narrower = tmpFile(
      'narrower.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OnlyCheckout',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
            Action: 'execute-api:Invoke',
            Resource: '*',
          },
        ],
      }),
    );
    const r = await cli(['diff', '--before', narrowOnly, '--after', narrower, '--config', CONFIG]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 grants, 16 revocations/);
    expect(r.out).toMatch(/- ReportingRole -> orders GET \/: no statement in the endpoint policy allows it/);
    expect(
      (
        await cli([
          'diff',
          '--before',
          narrowOnly,
          '--after',
          narrower,
          '--config',
          CONFIG,
          '--fail-on',
          'any',
        ])
      ).code,
    ).toBe(1);
  });

  it('no change exits 0 whatever --fail-on says', async () => {
    const f = fixture('endpoint-after.json');
    const r = await cli(['diff', '--before', f, '--after', f, '--config', CONFIG, '--fail-on', 'any']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No cell changes its decision/);
  });

  it('text lists grants before revocations, with the deciding statements', async () => {
    const r = await cli(['diff', '--plan', PLAN, '--config', CONFIG]);
    const grants = r.out.indexOf('New access (deny -> allow):');
    const revocations = r.out.indexOf('Access removed (allow -> deny):');
    expect(grants).toBeGreaterThan(0);
    expect(revocations).toBeGreaterThan(grants);
    expect(r.out).toContain(
      '+ BatchRole -> orders GET /: allowed by endpoint:hub[0] AllowNamedRoles, resource:orders[0] AllowPlatformRoles',
    );
    expect(r.out).toContain(
      '- ReportingRole -> payments GET /: explicit deny in the endpoint policy: endpoint:hub[2] ReportingReadsOrdersOnly',
    );
    expect(r.out).toContain('28 cells (7 roles × 4 APIs × 1 probe) compared: 4 grants, 4 revocations');
  });

  it('Markdown is a pull-request comment: grants table, then revocations, then notes', async () => {
    const r = await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--format', 'md']);
    const md = r.out;
    expect(md.startsWith('### spokegate: access changes')).toBe(true);
    const g = md.indexOf('#### ⚠️ New access');
    const v = md.indexOf('#### Access removed');
    expect(g).toBeGreaterThan(0);
    expect(v).toBeGreaterThan(g);
    expect(md).toContain(
      '| BatchRole | orders | `GET /` | allowed by `endpoint:hub[0] (Sid "AllowNamedRoles")`, `resource:orders[0] (Sid "AllowPlatformRoles")`, `identity:BatchRole[0] (Sid "InvokeAll")` |',
    );
    expect(md).toContain(
      '| PaymentsRole | orders | `GET /` | no statement in the resource policy allows it |',
    );
    expect(md).toContain('<details><summary>Notes</summary>');
    // Every table row has the same number of cells (no stray pipes).
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Role'))) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    }
  });

  it('lint findings added and removed are listed', async () => {
    const r = await diffFixtures('hub-stack.json', 'hub-stack.yaml', '--format', 'json');
    const doc = JSON.parse(r.out) as {
      findings: {
        added: { policy: string; rule: string; statement?: { sid?: string } }[];
        removed: { rule: string; statement?: { sid?: string } }[];
      };
    };
    expect(doc.findings.added.length).toBeGreaterThan(0);
    expect(doc.findings.added.every((f) => f.policy && f.rule)).toBe(true);
    expect(doc.findings.removed.map((f) => f.statement?.sid)).toContain('AllowCheckout');
  });

  describe('bad input exits 2 naming the file and the field or line', () => {
    it('a malformed plan', async () => {
      const f = tmpFile(
        'plan.json',
        readFileSync(PLAN, 'utf8').replace('"format_version": "1.2",', '"format_version": "1.2"'),
      );
      const r = await cli(['diff', '--plan', f, '--config', CONFIG]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`spokegate: ${f}: line 3: invalid JSON at column 3`));
      expect(r.out).toBe('');
    });

    it('a plan missing its change object', async () => {
      const plan = planFixture();
      delete (plan.resource_changes[0] as Partial<(typeof plan.resource_changes)[0]>).change;
      const r = await cli(['diff', '--plan', tmpFile('plan.json', JSON.stringify(plan)), '--config', CONFIG]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/resource_changes\[0\]\.change: has no "change" object/);
    });

    it('a template with an unresolvable intrinsic', async () => {
      const r = await diffFixtures('endpoint-before.json', 'unresolvable.yaml');
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `${fixture('unresolvable.yaml')}: line 14: Resources.HubEndpoint.Properties.PolicyDocument`,
      );
      expect(r.err).toMatch(/resource HubEndpoint: cannot resolve Fn::ImportValue/);
    });

    it('a missing policy file', async () => {
      const r = await diffFixtures('nope.json', 'endpoint-after.json');
      expect(r.code).toBe(2);
      // the first line names the config the diff uses; then the one line of the error
      expect(r.err.trim().split('\n')).toEqual([
        `spokegate diff: config ${CONFIG}`,
        `spokegate: ${fixture('nope.json')}: policy file not found`,
      ]);
    });

    it('an invalid policy names the statement', async () => {
      const bad = tmpFile(
        'bad-policy.json',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Maybe', Principal: '*', Action: '*', Resource: '*' }],
        }),
      );
      const r = await cli([
        'diff',
        '--before',
        fixture('endpoint-before.json'),
        '--after',
        bad,
        '--config',
        CONFIG,
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(bad);
      expect(r.err).toMatch(/Statement\[0\]/);
    });

    it('the config endpoint policy known only after apply', async () => {
      const plan = planFixture();
      const rc = plan.resource_changes.find((x) => x.address === 'aws_vpc_endpoint_policy.hub')!;
      delete (rc.change.after as Record<string, unknown>).policy;
      rc.change.after_unknown = { policy: true };
      const f = tmpFile('plan.json', JSON.stringify(plan));
      const r = await cli(['diff', '--plan', f, '--config', CONFIG]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `${f}: aws_vpc_endpoint_policy.hub: the endpoint policy is known only after apply`,
      );
    });

    it('a CloudFormation template given as --plan', async () => {
      const r = await cli(['diff', '--plan', fixture('hub-stack.yaml'), '--config', CONFIG]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--plan expects a Terraform plan JSON/);
    });

    it('neither --plan nor --before/--after, or both', async () => {
      expect((await cli(['diff', '--config', CONFIG])).code).toBe(2);
      expect((await cli(['diff', '--before', PLAN, '--config', CONFIG])).code).toBe(2);
      const both = await cli(['diff', '--plan', PLAN, '--before', PLAN, '--after', PLAN, '--config', CONFIG]);
      expect(both.code).toBe(2);
      expect(both.err).toMatch(/either --plan or --before and --after/);
    });

    it('a bad --format or --fail-on', async () => {
      expect((await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--format', 'xml'])).code).toBe(2);
      expect((await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--fail-on', 'sometimes'])).code).toBe(
        2,
      );
    });

    it('a bad config', async () => {
      const r = await cli(['diff', '--plan', PLAN, '--config', tmpFile('c.yaml', 'region: nowhere\n')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/region/);
    });
  });
});

describe('spokegate diff FEATURE...', () => {
  it('compares the cells the features call instead of the config probes', async () => {
    const feature = tmpFile(
      'orders.feature',
      [
        'Feature: orders',
        '  Scenario: batch reads orders',
        '    When "BatchRole" calls GET /orders on "orders"',
        '    Then the call is denied by the endpoint policy',
        '  Scenario: tampered requests are not cells',
        '    When "CheckoutRole" calls GET /orders on "orders" with a tampered signature',
        '    Then the call is denied',
        '  Scenario: the matrix',
        '    Then the access matrix for POST /orders through "hub" is:',
        '      | role          | orders | payments |',
        '      | ReportingRole | allow  | deny     |',
        '      | anonymous     | deny   | deny     |',
        '  Scenario Outline: reporting reads',
        '    When "ReportingRole" calls GET /<what> on "<api>"',
        '    Then the call is allowed',
        '    Examples:',
        '      | what  | api       |',
        '      | items | inventory |',
        '      | x     | orders    |',
      ].join('\n'),
    );
    const r = await cli(['diff', '--plan', PLAN, '--config', CONFIG, '--format', 'json', feature]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      changes: { role: string; api: string; method: string; path: string; before: string; after: string }[];
    };
    expect(
      doc.changes.map((c) => `${c.role} ${c.method} ${c.path} ${c.api} ${c.before}->${c.after}`),
    ).toEqual([
      'BatchRole GET /orders orders deny->allow',
      'ReportingRole POST /orders payments allow->deny',
      'ReportingRole GET /items inventory allow->deny',
    ]);
    const text = await cli(['diff', '--plan', PLAN, '--config', CONFIG, feature]);
    expect(text.out).toContain('7 cells (3 roles, 3 APIs, 4 requests) compared');
  });

  describe('cells on routes the config says the API does not have', () => {
    // The test config with each API's routes stated (and other probes).
    const withRoutes = (routes: Record<string, string[]>, probes: string[]): string => {
      let text = readFileSync(CONFIG, 'utf8').replace(
        "probes: ['GET /']",
        `probes: ${JSON.stringify(probes)}`,
      );
      // The copy lives elsewhere: the fixture's policy files by their full paths.
      for (const f of ['identity-invoke-all.json', 'resource-allow-all.json'])
        text = text.replaceAll(f, fixture(f));
      // The fixture's APIs serve every path (`ANY /`, `ANY /{proxy+}`): each line's routes replaced.
      for (const [api, r] of Object.entries(routes))
        text = text.replace(
          new RegExp(`(\\n  ${api}: \\{.*)routes: \\[[^\\]]*\\]`),
          `$1routes: ${JSON.stringify(r)}`,
        );
      return tmpFile('spokegate.config.yaml', text);
    };

    it('a feature call to a route its API does not have is exit 2 with its file and line', async () => {
      const config = withRoutes({ orders: ['GET /orders', 'GET /orders/{id}'] }, ['GET /']);
      const feature = tmpFile(
        'typo.feature',
        [
          'Feature: t',
          '  Scenario: a typo',
          '    When "BatchRole" calls GET /ordres on "orders"',
          '    Then the call is denied',
        ].join('\n'),
      );
      const r = await cli(['diff', '--plan', PLAN, '--config', config, feature]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(
        /typo\.feature: line 3: route "GET \/ordres" does not exist on API "orders"; its routes: GET \/orders, GET \/orders\/\{id\} \(from apis\.orders\.routes\)/,
      );
      expect(r.out).toBe('');
    });

    it('a probe no route of an API serves is not compared there, and the notes say so', async () => {
      const config = withRoutes({ orders: ['GET /orders'], payments: ['GET /', 'GET /payments'] }, [
        'GET /',
        'GET /orders',
      ]);
      const r = await cli(['diff', '--plan', PLAN, '--config', config, '--format', 'json']);
      const doc = JSON.parse(r.out) as { changes: { api: string; path: string }[] };
      const where = doc.changes.map((c) => `${c.api} ${c.path}`);
      expect(where).not.toContain('orders /');
      expect(where).not.toContain('payments /orders');
      expect(where).toContain('inventory /orders'); // every path served: every probe
      expect(r.err).toContain(
        'spokegate diff: note: API "orders": probe GET / (defaults.probes) reaches none of its routes (from apis.orders.routes): not compared there',
      );
    });

    it('an API none of whose routes any probe reaches is exit 2 naming defaults.probes and its routes', async () => {
      const config = withRoutes({ orders: ['GET /orders'] }, ['GET /']);
      const r = await cli(['diff', '--plan', PLAN, '--config', config]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(
        /defaults\.probes: no probe reaches a route of API "orders" \(its routes: GET \/orders, from apis\.orders\.routes\): it would not be compared at all/,
      );
    });
  });
});
