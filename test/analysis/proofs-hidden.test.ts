// The proof steps over hidden-style policies, in process: a principal no configured role resembles
// gets through (an account with a tag, a session-name pattern, an ArnLike on a path, a NotPrincipal
// gap, an organization path). Each proof fails naming the class and a witness, the witness is
// allowed by the engine, and it is a cell of the report.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import {
  allow as extra,
  ALL,
  failsWithWitness,
  fourProofs,
  proofContext,
  ROLES,
  withContext,
  witnessCell,
} from './proof-cells.js';
import { FAR } from './hidden-seventh.js';
import { ANYONE, of555 } from './hidden-style.js';

const NAMED = {
  Sid: 'Named',
  Effect: 'Allow',
  Principal: {
    AWS: [
      'arn:aws:iam::111111111111:role/CheckoutRole',
      'arn:aws:iam::111111111111:role/ReportingRole',
      'arn:aws:iam::111111111111:role/audit/AuditRole',
      'arn:aws:iam::111111111111:role/BatchRole',
      'arn:aws:iam::333333333333:role/PaymentsRole',
      'arn:aws:iam::444444444444:role/InventoryRole',
    ],
  },
  Action: 'execute-api:Invoke',
  Resource: ALL,
};
const HEALTH = {
  Sid: 'Health',
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/health',
};
/** The hidden statement, what the failing proof must say of its class, and of its witness. */
const CASES: Record<string, { statements: object[]; reads: RegExp; witness: RegExp; outside: boolean }> = {
  accountTag: {
    statements: [extra('Tagged555', of555, { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } })],
    reads: /account is "555555555555".*tag team is "analytics"/,
    witness: /witness: arn:aws:iam::555555555555:\S+.*aws:PrincipalTag\/team=analytics/,
    outside: true,
  },
  sessionPattern: {
    statements: [extra('BreakGlass', ANYONE, { StringLike: { 'aws:userid': 'AROA*:break-glass-*' } })],
    reads: /any role.*session name is like "break-glass-\*"/,
    witness: /witness: arn:aws:iam::\d{12}:role\/\S+ session break-glass-/,
    outside: true,
  },
  arnLikePath: {
    statements: [extra('Ops', ANYONE, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } })],
    reads: /any role .*like "arn:aws:iam::\*:role\/ops\/\*"/,
    witness: /witness: arn:aws:iam::\d{12}:role\/ops\//,
    outside: true,
  },
  notPrincipalGap: {
    statements: [
      // Everyone but one account's root, as AWS recommends writing it (NotPrincipal with Allow is
      // refused: SG026).
      extra('AllButPartner', ANYONE, {
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:root' },
      }),
    ],
    reads: /organization is "o-a1b2c3d4e5"|account is/,
    witness: /witness: arn:aws:iam::\d{12}:/,
    outside: false,
  },
  orgPath: {
    statements: [
      extra('Ou', ANYONE, {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
      }),
    ],
    reads: /organization path is like "o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\/\*"/,
    witness: /aws:PrincipalOrgPaths=o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\//,
    // The path begins with o-a1b2c3d4e5: whoever carries it is a member of our organization,
    // whatever account (docs/aws-behaviour.md, aws:PrincipalOrgPaths). Nobody outside gets in.
    outside: false,
  },
  issuedLater: {
    // Credentials issued after a date not yet come: nobody holds them today, whoever is issued them
    // then gets through with no policy changed (who-can-issued-later.test.ts). The proofs passed.
    statements: [extra('FromThen', of555, { DateGreaterThan: { 'aws:TokenIssueTime': FAR } })],
    reads: /555555555555.*aws:TokenIssueTime is after 2099-01-01T00:00:00\.000Z \(later than now/,
    witness: /witness: arn:aws:iam::555555555555:\S+.*aws:TokenIssueTime=2099-/,
    outside: true,
  },
};

function context(statements: object[], orders = [NAMED, HEALTH, ...statements]): Promise<RunContext> {
  return proofContext([NAMED, ...statements], orders);
}

describe('proof steps over hidden-style policies', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: "lets through only" and "only these principals can reach" fail with the class and an allowed witness, which is a cell`, async () => {
      await withContext(context(c.statements), async (ctx) => {
        const [endpoint, api, ...outsiders] = fourProofs(ctx, [
          `${name} endpoint`,
          `${name} api`,
          `${name} org endpoint`,
          `${name} org api`,
        ]);
        for (const [step, scenario] of [endpoint, api]) failsWithWitness(ctx, scenario, await step(), c);
        for (const [step, scenario] of outsiders) {
          const r = await step();
          expect(r.ok, r.message).toBe(!c.outside);
          if (c.outside) witnessCell(ctx, scenario, r.message);
        }
      });
    });
  }
});

describe('a counterexample allowed only if its identity policy allows says so, in the message and its cell', () => {
  it("an IAM user of the API's own account: the resource policy names other roles, its identity policy alone suffices", async () => {
    // The endpoint lets everyone in; the orders resource policy (API in 222222222222) names the
    // configured roles only. In the same account an identity policy allowing is enough.
    await withContext(context([extra('Anyone', ANYONE)], [NAMED]), async (ctx) => {
      const r = await onlyTheseCanReach(ctx, 'orders', 'hub', ROLES, 'same account');
      expect(r.ok, r.message).toBe(false);
      expect(r.message).toMatch(/account is[^\n]*"222222222222"[^\n]*if its identity policy allows/);
      expect(r.message).toMatch(/witness: arn:aws:iam::222222222222:/);
      const cell = ctx.matrix.cells.find((c) => c.scenario === 'same account')!;
      expect(cell.predicted?.decision).toBe('allow');
      expect(cell.note).toContain('allowed only if its identity policy allows (not known to spokegate)');
      expect(cell.predicted?.explanation.join('\n')).toMatch(/same account \(222222222222\)/);
    });
  });
});

describe('a failing proof names the broadest class that gets through (principals first, then routes)', () => {
  const HEALTH_ANYONE = {
    ...HEALTH,
    Sid: 'HealthAnyone',
  };
  /** A single role of account 666666666666 and the whole account 555555555555. */
  const SOLO_AND_555 = [
    extra('Solo', { Principal: { AWS: 'arn:aws:iam::666666666666:role/Solo' } }),
    extra('Account555', of555),
  ];
  it('any signed principal on GET /health, before anonymous on GET /health; a whole account before one role', async () => {
    await withContext(context([HEALTH_ANYONE, ...SOLO_AND_555]), async (ctx) => {
      const r = await onlyTheseCanReach(ctx, 'orders', 'hub', ROLES, 'broadest');
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(
        /also gets through:\n\s+any signed principal \(role, IAM user, account root or federated user\)[^\n]*GET \/health/,
      );
      const s = await onlyTheseCanReach(ctx, 'orders', 'hub', [...ROLES, 'anonymous'], 'broadest 2');
      expect(s.message).toMatch(/also gets through:\n\s+any signed principal/);
    });
    // Without the health check for everyone: the account 555 before the single role 666's. Any
    // principal of 555 gets through the NONE route GET /health only if its resource policy sees the
    // signer (docs/aws-behaviour.md §5d): who-can reports that part as a class of its own
    // (ifCallerReading), so the broadest sure class is the account's principals on every other
    // route (before, the two were one class, not sure, and the proof fell back to the root).
    await withContext(context(SOLO_AND_555, [NAMED, ...SOLO_AND_555]), async (ctx2) => {
      const r = await onlyTheseCanReach(ctx2, 'orders', 'hub', ROLES, 'broadest 3');
      expect(r.ok).toBe(false);
      const broadest555 =
        /gets through:\n\s+any role, IAM user or federated user whose account is "555555555555"; any session; route is not GET \/health \(authorization NONE\)/;
      expect(r.message).toMatch(broadest555);
      const o = await noOutsiderReaches(ctx2, 'orders', 'hub', 'broadest 4');
      expect(o.message).toMatch(broadest555);
    });
  });
});
