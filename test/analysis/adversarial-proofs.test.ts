// The proof steps over adversarial policies (H14A), in process over the demo config: a principal no
// configured role resembles gets through by a pattern on aws:PrincipalAccount, an IfExists tag test,
// ForAllValues over an absent organization path, a federated user's aws:userid, NotResource, or
// a resource policy trusting the hub's VPC. Every proof fails with the class and an allowed witness,
// and the witness is a failing cell predicted allowed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import {
  letsThroughOnly,
  noOutsiderPasses,
  noOutsiderReaches,
  onlyTheseCanReach,
} from '../../src/harness/proofs.js';
import { DEMO_CONFIG, demoRoleArns } from './helpers.js';
import { witnessCell } from './proof-cells.js';

const ALL = 'arn:aws:execute-api:us-west-2:*:*/*';
const ROLES = ['CheckoutRole', 'ReportingRole', 'AuditRole', 'PaymentsRole', 'InventoryRole', 'BatchRole'];
const NAMED = {
  Sid: 'Named',
  Effect: 'Allow',
  Principal: { AWS: demoRoleArns(ROLES) },
  Action: 'execute-api:Invoke',
  Resource: ALL,
};
const allow = (Sid: string, principal: object, condition?: object, rest: object = {}) => ({
  Sid,
  Effect: 'Allow',
  ...principal,
  Action: 'execute-api:Invoke',
  Resource: ALL,
  ...(condition ? { Condition: condition } : {}),
  ...rest,
});
const doc = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

const CASES: Record<string, { statements: object[]; reads: RegExp; witness: RegExp }> = {
  accountPattern: {
    statements: [
      allow('Like555', { Principal: '*' }, { StringLike: { 'aws:PrincipalAccount': '5555555555*' } }),
    ],
    reads: /account is like "5555555555\*"/,
    witness: /witness: arn:aws:iam::5555555555\d\d:/,
  },
  tagIfExists: {
    statements: [
      allow(
        'Analytics',
        { Principal: { AWS: '555555555555' } },
        { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } },
      ),
    ],
    reads: /555555555555/,
    witness: /witness: arn:aws:iam::555555555555:/,
  },
  orgPathsForAllValues: {
    statements: [
      allow(
        'OuOnly',
        { Principal: '*' },
        { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
      ),
    ],
    reads: /./,
    witness: /witness: arn:aws:(iam|sts)::\d{12}:/,
  },
  federatedUserid: {
    statements: [
      allow('Partners', { Principal: '*' }, { StringLike: { 'aws:userid': '555555555555:partner-*' } }),
    ],
    reads: /federated user/,
    witness: /witness: arn:aws:sts::555555555555:federated-user\/partner-/,
  },
  notResource: {
    statements: [
      {
        Sid: 'AllButDelete',
        Effect: 'Allow',
        Principal: { AWS: '666666666666' },
        Action: 'execute-api:Invoke',
        NotResource: 'arn:aws:execute-api:us-west-2:*:*/*/DELETE/*',
      },
    ],
    reads: /666666666666/,
    witness: /witness: arn:aws:iam::666666666666:/,
  },
};

async function context(statements: object[]): Promise<RunContext> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-adversarial-proofs-'));
  writeFileSync(join(dir, 'hub.json'), doc(NAMED, ...statements));
  // The orders API trusts the hub's VPC: whoever the endpoint lets through reaches it.
  writeFileSync(
    join(dir, 'orders.json'),
    doc(
      allow('FromHubVpc', { Principal: '*' }, { StringEquals: { 'aws:SourceVpc': 'vpc-0aa11bb22cc33dd44' } }),
    ),
  );
  const config = loadConfig(DEMO_CONFIG);
  config.endpoints.hub!.vpc = 'vpc-0aa11bb22cc33dd44';
  return RunContext.create({
    mode: 'offline',
    config,
    env: {},
    endpointPolicyFiles: { hub: join(dir, 'hub.json') },
    resourcePolicyFiles: { orders: join(dir, 'orders.json') },
  });
}

describe('proof steps over adversarial policies', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: every proof fails with the class and an allowed witness, which is a cell`, async () => {
      const ctx = await context(c.statements);
      try {
        const steps = [
          [letsThroughOnly(ctx, 'hub', ROLES, `${name} 1`), `${name} 1`],
          [onlyTheseCanReach(ctx, 'orders', 'hub', [...ROLES, 'anonymous'], `${name} 2`), `${name} 2`],
          [noOutsiderPasses(ctx, 'hub', `${name} 3`), `${name} 3`],
          [noOutsiderReaches(ctx, 'orders', 'hub', `${name} 4`), `${name} 4`],
        ] as const;
        for (const [step, scenario] of steps) {
          const r = await step;
          expect(r.ok, `${scenario}: ${r.message}`).toBe(false);
          expect(r.message).toMatch(c.reads);
          expect(r.message).toMatch(c.witness);
          witnessCell(ctx, scenario, r.message);
        }
      } finally {
        ctx.close();
      }
    });
});
