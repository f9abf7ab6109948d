// Issue 14 completeness: a federated user (GetFederationToken session,
// arn:aws:sts::ACCOUNT:federated-user/NAME) is a principal who-can must consider. Its ARN in a
// Principal grants it directly (IAM evaluation logic, "AWS STS federated user principal").
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { INVOKE, ANY_ORDERS, federatedOrdersProbe, ordersWhoCanArgs, smallWorld } from './helpers.js';
import { checkComplete } from './random-requests.js';

const BOB = 'arn:aws:sts::111111111111:federated-user/Bob';
const fed = (w: AnalysisRequest) => (w.principal.kind === 'federated-user' ? w.principal : undefined);

/** The repro: the endpoint policy names Bob, the resource policy allows anyone, API in 222222222222. */
const bobWorld = () =>
  smallWorld(
    [{ Sid: 'Bob', Effect: 'Allow', Principal: { AWS: BOB }, Action: INVOKE, Resource: '*' }],
    [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
  );

describe('who-can and federated users', () => {
  it('a federated user named in the endpoint policy gets through, with a witness the engine allows', () => {
    const world = bobWorld();
    const r = whoCan(world);
    expect(r.classes.length).toBeGreaterThan(0);
    const c = r.classes.find((x) => fed(x.witness)?.arn === BOB);
    expect(c, r.classes.map((x) => x.description).join('\n')).toBeDefined();
    expect(c!.description).toMatch(/^federated user Bob of account 111111111111;/);
    expect(c!.statements.map((s) => s.sid)).toContain('Bob');
    for (const x of r.classes) expect(decide(world, x.witness).decision).toBe(x.decision ?? 'allow');
    // Nobody else: another federated user of the same account is not let in.
    expect(r.classes.every((x) => fed(x.witness)?.arn === BOB)).toBe(true);
  });

  it('each random request (federated users among them) is decided as its class says', () => {
    checkComplete(bobWorld(), 2_000);
  });

  // No policy names a federated user: an account grant (id or :root) and Principal "*" let them in
  // as any principal of the account (IAM evaluation logic; docs/aws-behaviour.md §8).
  for (const [label, principal] of [
    ['an account grant (id)', { AWS: '111111111111' }],
    ['an account grant (:root)', { AWS: 'arn:aws:iam::111111111111:root' }],
    ['Principal "*"', '*'],
  ] as const)
    it(`${label}: federated users of the account are a class, "if its identity policy allows" across accounts`, () => {
      const world = smallWorld(
        [{ Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: INVOKE, Resource: '*' }],
        [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
      );
      const probe = federatedOrdersProbe('Alice');
      expect(decide(world, probe).decision).toBe('allow');
      const r = whoCan(world);
      expect(r.unknown).toEqual([]);
      const cls = r.classOf(probe);
      expect(cls?.decision).toBe('allow');
      expect(cls?.ifIdentityAllows).toBe(true);
      // Reported among the principals of its account (a class of roles, users and federated users).
      const reported = r.reportedClassesOf(probe);
      expect(reported.map((c) => c.description)).toEqual([
        expect.stringMatching(/federated user.*; if its identity policy allows/),
      ]);
      for (const c of r.classes) expect(decide(world, c.witness).decision).toBe(c.decision ?? 'allow');
      checkComplete(world, 2_000);
    });

  it("spokegate who-can (text and --json): the repro, Bob of the API's own account", async () => {
    const fedBob = 'arn:aws:sts::222222222222:federated-user/Bob';
    const { dir, args } = ordersWhoCanArgs('sg-who-can-fed-', [
      { Effect: 'Allow', Principal: { AWS: fedBob }, Action: INVOKE, Resource: '*' },
    ]);
    const text = await runCli(args, { cwd: dir });
    expect(text.code, text.text).toBe(0);
    expect(text.out).not.toMatch(/nobody/);
    expect(text.out).toMatch(/federated user Bob of account 222222222222/);
    expect(text.out).toContain(fedBob);
    const json = JSON.parse((await runCli([...args, '--json'], { cwd: dir })).out) as {
      classes: { witness: AnalysisRequest }[];
    };
    const bob = json.classes.filter((c) => c.witness.principal.kind === 'federated-user');
    expect(bob.length).toBeGreaterThan(0);
    for (const c of bob) expect(fed(c.witness)?.arn).toBe(fedBob);
  });
});
