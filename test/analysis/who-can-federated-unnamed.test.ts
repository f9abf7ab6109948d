// Issue 14 soundness: a policy whose condition admits only federated users (GetFederationToken
// sessions) without naming one (aws:PrincipalType FederatedUser, aws:userid ACCOUNT:*) made who-can
// say "nobody" while the engine allows a federated user. who-can does not analyse federated users
// then (it does once a policy names one: who-can-federated.test.ts), so it says the answer over them
// is unknown (exit 3), never "nobody".
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { spokegateHere } from '../harness/helpers.js';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { INVOKE, ANY_ORDERS, ordersWhoCanArgs, ROOT, smallWorld } from './helpers.js';

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

describe('who-can and federated users no policy names', () => {
  for (const [label, condition] of CONDITIONS)
    it(`${label}: the engine allows a federated user; who-can says unknown for them, not nobody`, () => {
      const world = smallWorld(
        [onlyFederated(condition)],
        [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
      );
      // The premise: the engine allows a federated user of 111111111111 (its identity policy allowing).
      const probe: AnalysisRequest = {
        api: world.apis[0]!.alias,
        principal: { kind: 'federated-user', arn: 'arn:aws:sts::111111111111:federated-user/Bob' },
        method: 'GET',
        path: '/orders',
      };
      expect(decide(world, probe).decision).toBe('allow');
      const r = whoCan(world);
      const reported = r.classes.some((c) => c.witness.principal.kind === 'federated-user');
      const unknown = r.unknown.filter((u) => u.layer === 'federated-user');
      // Either a federated-user class (whose witness the engine allows) or an honest unknown.
      expect(reported || unknown.length > 0, 'who-can says nobody for federated users').toBe(true);
      expect(unknown).toEqual([
        expect.objectContaining({ api: world.apis[0]!.alias, why: expect.stringMatching(/not analysed/) }),
      ]);
      for (const c of r.classes) expect(decide(world, c.witness).decision).toBe(c.decision ?? 'allow');
    });

  it('only an Allow whose condition can hold for a federated user makes the answer unknown', () => {
    const unknownFor = (statement: object) =>
      whoCan(
        smallWorld(
          [statement],
          [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
        ),
      ).unknown.filter((u) => u.layer === 'federated-user').length > 0;
    const allowIf = (Condition: object) => onlyFederated(Condition);
    // Can hold for ACCOUNT:NAME or a federated-user ARN: unknown.
    expect(unknownFor(allowIf({ StringLike: { 'aws:userid': '*:alice' } }))).toBe(true);
    expect(unknownFor(allowIf({ StringNotLike: { 'aws:userid': 'AROA*' } }))).toBe(true);
    expect(unknownFor(allowIf({ StringNotEquals: { 'aws:PrincipalType': 'AssumedRole' } }))).toBe(true);
    expect(unknownFor(allowIf({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:federated-user/*' } }))).toBe(
      true,
    );
    // Cannot: a role's id and session, another principal type, a role ARN, or a Deny.
    expect(unknownFor(allowIf({ StringLike: { 'aws:userid': 'AROADEPLOYROLE000001:ci-*' } }))).toBe(false);
    expect(unknownFor(allowIf({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }))).toBe(false);
    expect(unknownFor(allowIf({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }))).toBe(false);
    expect(
      unknownFor({ ...onlyFederated({ StringLike: { 'aws:userid': '*:alice' } }), Effect: 'Deny' }),
    ).toBe(false);
  });

  it('spokegate who-can (text and --json): exit 3, "unknown: federated users ...", never "nobody"', async () => {
    const { dir, args } = ordersWhoCanArgs('sg-who-can-fed-unnamed-', [onlyFederated(CONDITIONS[0][1])]);
    const text = await runCli(args, { cwd: dir });
    expect(text.code, text.text).toBe(3);
    expect(text.out).not.toMatch(/nobody/);
    expect(text.out).toMatch(
      /unknown: federated users through API orders: a policy looks at aws:PrincipalType without naming a federated user/,
    );
    const json = await runCli([...args, '--json'], { cwd: dir });
    expect(json.code, json.text).toBe(3);
    const data = JSON.parse(json.out) as { unknown: { layer: string; api: string; why: string }[] };
    expect(data.unknown).toContainEqual(
      expect.objectContaining({
        layer: 'federated-user',
        api: 'orders',
        why: expect.stringMatching(/not analysed/),
      }),
    );
  });

  it('a proof step over such a policy (federated users of any account get through) is an error naming them, never a pass', async () => {
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
    expect(bad?.result.error_message).toMatch(
      /not established: federated users through API orders: .*not analysed/,
    );
  });
});
