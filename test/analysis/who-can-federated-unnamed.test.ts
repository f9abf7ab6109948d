// Issue 14: a policy whose condition admits only federated users (GetFederationToken sessions)
// without naming one (aws:PrincipalType FederatedUser, aws:userid ACCOUNT:*) made who-can say
// "nobody" while the engine allows a federated user; then "unknown" (federated users were analysed
// only once a policy named one). Federated users are now a kind of principal whatever the policies
// name: who-can reports the class with a federated-user witness the engine allows.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { spokegateHere } from '../harness/helpers.js';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { INVOKE, ANY_ORDERS, federatedOrdersProbe, ordersWhoCanArgs, ROOT, smallWorld } from './helpers.js';
import { checkComplete } from './random-requests.js';

const CONDITIONS = [
  ['aws:PrincipalType FederatedUser', { StringEquals: { 'aws:PrincipalType': 'FederatedUser' } }],
  ['aws:userid 111111111111:*', { StringLike: { 'aws:userid': '111111111111:*' } }],
] as const;

const onlyFederated = (Condition: object) => ({
  Sid: 'OnlyFederated',
  Effect: 'Allow',
  Principal: '*',
  Action: INVOKE,
  Resource: '*',
  Condition,
});

const anyone = [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }];

describe('who-can and federated users no policy names', () => {
  for (const [label, condition] of CONDITIONS)
    it(`${label}: the engine allows a federated user; who-can reports its class, not nobody nor unknown`, () => {
      const world = smallWorld([onlyFederated(condition)], anyone);
      // The premise: the engine allows a federated user of 111111111111 (its identity policy allowing).
      const probe = federatedOrdersProbe('Bob');
      expect(decide(world, probe).decision).toBe('allow');
      const r = whoCan(world);
      expect(r.unknown).toEqual([]);
      expect(r.reportedClassesOf(probe).map((c) => c.description)).toEqual([
        expect.stringMatching(/^any federated user .*account.*; if its identity policy allows/),
      ]);
      // Only federated users get through, so every witness is one, and the engine allows it.
      expect(r.classes.length).toBeGreaterThan(0);
      for (const c of r.classes) {
        expect(c.witness.principal.kind).toBe('federated-user');
        expect(decide(world, c.witness).decision).toBe(c.decision ?? 'allow');
      }
    });

  // Values that can hold for a federated user (ACCOUNT:NAME, a federated-user ARN, a negated type)
  // and values that cannot (a role's id and session, another type, a role ARN), and a Deny.
  for (const statement of [
    onlyFederated({ StringLike: { 'aws:userid': '*:alice' } }),
    onlyFederated({ StringNotLike: { 'aws:userid': 'AROA*' } }),
    onlyFederated({ StringNotEquals: { 'aws:PrincipalType': 'AssumedRole' } }),
    onlyFederated({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:federated-user/*' } }),
    onlyFederated({ StringLike: { 'aws:userid': 'AROADEPLOYROLE000001:ci-*' } }),
    onlyFederated({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }),
    onlyFederated({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }),
    { ...onlyFederated({ StringLike: { 'aws:userid': '*:alice' } }), Effect: 'Deny' },
  ])
    it(`each random request (federated users among them) is decided as its class says: ${JSON.stringify([statement.Effect, statement.Condition])}`, () => {
      checkComplete(smallWorld([statement, ...(statement.Effect === 'Deny' ? anyone : [])], anyone), 1_000);
    });

  it('spokegate who-can (text and --json): exit 0, a federated-user class, never "nobody"', async () => {
    const { dir, args } = ordersWhoCanArgs('sg-who-can-fed-unnamed-', [onlyFederated(CONDITIONS[0][1])]);
    const text = await runCli(args, { cwd: dir });
    expect(text.code, text.text).toBe(0);
    expect(text.out).not.toMatch(/nobody|unknown/);
    expect(text.out).toMatch(/any federated user of account 222222222222; any method and path\n/);
    expect(text.out).toMatch(/witness: arn:aws:sts::222222222222:federated-user\//);
    const json = await runCli([...args, '--json'], { cwd: dir });
    expect(json.code, json.text).toBe(0);
    const data = JSON.parse(json.out) as { unknown: unknown[]; classes: { witness: AnalysisRequest }[] };
    expect(data.unknown).toEqual([]);
    expect(data.classes.length).toBeGreaterThan(0);
    for (const c of data.classes) expect(c.witness.principal.kind).toBe('federated-user');
  });

  it('a proof step over such a policy (federated users of any account get through) fails with a federated-user counterexample, never a pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-proof-fed-unnamed-'));
    cpSync(join(ROOT, 'features', 'sandbox'), dir, { recursive: true });
    for (const f of ['endpoint', 'matrix', 'policy', 'spokes']) writeFileSync(join(dir, `${f}.feature`), '');
    const hub = join(dir, 'only-federated.json');
    const statement = onlyFederated(CONDITIONS[0][1]);
    writeFileSync(hub, JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
    writeFileSync(
      join(dir, 'proofs.feature'),
      `Feature: proofs
  Scenario: federated users of any account
    Given the endpoint policy of "hub" is read from "only-federated.json"
    Then no principal outside the organization can reach "orders" through "hub"
`,
    );
    const config = join(dir, 'spokegate.config.yaml');
    const reports = join(dir, 'reports');
    const r = await spokegateHere(
      [
        'check',
        join(dir, 'proofs.feature'),
        '--config',
        config,
        '--endpoint-policy',
        hub,
        '--reports',
        reports,
      ],
      { cwd: dir },
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).not.toBe(0);
    const doc = JSON.parse(readFileSync(join(reports, 'cucumber.json'), 'utf8')) as {
      elements: { steps: { result: { status: string; error_message?: string } }[] }[];
    }[];
    const bad = doc[0]!.elements[0]!.steps.find((s) => s.result.status !== 'passed');
    expect(bad?.result.status).toBe('failed');
    expect(bad?.result.error_message).toMatch(/federated user/);
    expect(bad?.result.error_message).toMatch(/arn:aws:sts::\d{12}:federated-user\//);
  });
});
