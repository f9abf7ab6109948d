// The proof steps, each passing and failing on purpose: one offline run of a feature file against
// the demo config, with endpoint policies that let in principals no configured role resembles.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spokegateHere, type CliResult } from '../harness/helpers.js';
import { demoRoleArns, ROOT, taggedAccountStatement } from './helpers.js';

/** The demo's roles but BatchRole (which the demo endpoint policy keeps out). */
const FIVE = ['CheckoutRole', 'ReportingRole', 'AuditRole', 'PaymentsRole', 'InventoryRole'];
/** Gherkin table rows, one a name. */
const rows = (names: string[]) => names.map((n) => `      | ${n} |`).join('\n');
const NAMED = {
  Sid: 'AllowNamedRoles',
  Effect: 'Allow',
  Principal: { AWS: demoRoleArns(FIVE) },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
};
const ANALYTICS_555 = taggedAccountStatement('AnalyticsOf555');
const policy = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

const FEATURE = `Feature: proofs
  Scenario: named only passes
    Given the endpoint policy of "hub" is read from "named.json"
    Then only these principals can reach "orders" through "hub":
${rows(FIVE)}
    And the endpoint policy lets through only:
${rows(FIVE)}
    And no principal outside the organization can reach "inventory" through "hub"
    And no principal outside the organization can pass the endpoint

  Scenario: accounts and ARNs as rows
    Given the endpoint policy of "hub" is read from "named.json"
    Then only these principals can reach "orders":
      | 111111111111                                |
      | arn:aws:iam::333333333333:role/PaymentsRole |
      | InventoryRole                               |

  Scenario: a forgotten role fails
    Given the endpoint policy of "hub" is read from "named.json"
    Then only these principals can reach "orders":
${rows(FIVE.slice(0, 4))}

  Scenario: a tagged account fails the new step
    Given the endpoint policy of "hub" is read from "tagged.json"
    Then only these principals can reach "orders" through "hub":
${rows(FIVE)}

  Scenario: a tagged account fails the old step too
    Given the endpoint policy of "hub" is read from "tagged.json"
    Then the endpoint policy lets through only:
${rows(FIVE)}

  Scenario: an outside account fails the organization proofs
    Given the endpoint policy of "hub" is read from "tagged.json"
    Then no principal outside the organization can pass the endpoint
`;

let dir: string;
let result: CliResult;
const scenarios: Record<string, { status: string; message: string }> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sg-proofs-'));
  cpSync(join(ROOT, 'features', 'sandbox'), dir, { recursive: true });
  for (const f of ['endpoint', 'matrix', 'policy', 'spokes']) writeFileSync(join(dir, `${f}.feature`), '');
  writeFileSync(join(dir, 'named.json'), policy(NAMED));
  writeFileSync(join(dir, 'tagged.json'), policy(NAMED, ANALYTICS_555));
  writeFileSync(join(dir, 'proofs.feature'), FEATURE);
  // Cucumber loads the built step definitions: run the built CLI, as a user would.
  result = await spokegateHere(
    [
      'check',
      join(dir, 'proofs.feature'),
      '--config',
      join(dir, 'spokegate.config.yaml'),
      '--endpoint-policy',
      join(dir, 'named.json'),
      '--reports',
      join(dir, 'reports'),
    ],
    { cwd: dir },
  );
  const doc = JSON.parse(readFileSync(join(dir, 'reports', 'cucumber.json'), 'utf8')) as {
    elements: { name: string; steps: { result: { status: string; error_message?: string } }[] }[];
  }[];
  for (const el of doc[0]!.elements) {
    const bad = el.steps.find((s) => s.result.status !== 'passed');
    scenarios[el.name] = {
      status: bad ? bad.result.status : 'passed',
      message: bad?.result.error_message ?? '',
    };
  }
});

describe('proof steps', () => {
  it('pass when exactly the listed principals get through, over every principal (rows: aliases, ARNs, accounts)', () => {
    expect(scenarios['named only passes']).toEqual({ status: 'passed', message: '' });
    expect(scenarios['accounts and ARNs as rows']).toEqual({ status: 'passed', message: '' });
  });

  it('a forgotten role fails with its class and witness, and the witness is a cell of the report', () => {
    const s = scenarios['a forgotten role fails']!;
    expect(s.status).toBe('failed');
    expect(s.message).toMatch(/also gets through:\n\s+role arn:aws:iam::444444444444:role\/InventoryRole/);
    expect(s.message).toMatch(/witness: arn:aws:iam::444444444444:role\/InventoryRole/);
    const m = JSON.parse(readFileSync(join(dir, 'reports', 'access-matrix.json'), 'utf8')) as {
      cells: {
        scenario: string;
        role: string;
        expected: string;
        predicted: { decision: string };
        note?: string;
      }[];
    };
    const cell = m.cells.find((c) => c.scenario === 'a forgotten role fails')!;
    expect(cell).toMatchObject({ role: 'InventoryRole', expected: 'deny', predicted: { decision: 'allow' } });
    expect(cell.note).toMatch(/counterexample witness/);
    // Offline nothing is sent: the role stands for the class in the prediction only.
    expect(cell.note).toMatch(
      /predicted as InventoryRole, which is in the same class; not observable: offline/,
    );
  });

  it('a principal no configured role resembles (an account with a tag) fails the new and the old step', () => {
    for (const name of ['a tagged account fails the new step', 'a tagged account fails the old step too']) {
      const s = scenarios[name]!;
      expect(s.status).toBe('failed');
      expect(s.message).toMatch(
        /any role, IAM user or federated user whose account is "555555555555".*tag team is "analytics"/,
      );
      expect(s.message).toMatch(
        /witness: arn:aws:iam::555555555555:role\/\S+ session \S+, aws:PrincipalTag\/team=analytics/,
      );
    }
    const m = JSON.parse(readFileSync(join(dir, 'reports', 'access-matrix.json'), 'utf8')) as {
      cells: { scenario: string; principal: string; note?: string; observed: unknown }[];
    };
    const cell = m.cells.find((c) => c.scenario === 'a tagged account fails the new step')!;
    expect(cell.principal).toMatch(/^arn:aws:iam::555555555555:role\//);
    expect(cell.note).toMatch(/not observable: no configured role fits its class/);
  });

  it('an account outside the organization fails "no principal outside the organization"', () => {
    const s = scenarios['an outside account fails the organization proofs']!;
    expect(s.status).toBe('failed');
    expect(s.message).toMatch(
      /a principal outside o-a1b2c3d4e5 gets through:\n\s+any role, IAM user or federated user whose account is "555555555555"/,
    );
    expect(result.code).toBe(1);
  });
});
