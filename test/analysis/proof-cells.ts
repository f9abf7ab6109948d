// The proof tests' shared parts: the demo's roles, statements over every API, an offline run over
// given hub and orders policies, and the check of a failing proof and its counterexample witness,
// which is a cell of the report: predicted allowed, failed, its note naming the witness the proof's
// message gave.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import {
  letsThroughOnly,
  noOutsiderPasses,
  noOutsiderReaches,
  onlyTheseCanReach,
} from '../../src/harness/proofs.js';
import { DEMO_ROLES } from '../harness/helpers.js';
import { DEMO_CONFIG, demoRoleArns } from './helpers.js';

export const ALL = 'arn:aws:execute-api:us-west-2:*:*/*';
/** The demo's roles but PartnerRole: the ones the proofs' hub statement names. */
export const ROLES = DEMO_ROLES.filter((r) => r !== 'PartnerRole');

/** An Allow of execute-api:Invoke on every API, with its principal, condition and any other fields. */
export const allow = (Sid: string, principal: object, condition?: object, rest: object = {}) => ({
  Sid,
  Effect: 'Allow',
  ...principal,
  Action: 'execute-api:Invoke',
  Resource: ALL,
  ...(condition ? { Condition: condition } : {}),
  ...rest,
});
export const policyDoc = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

/** An offline run of the demo config (or `config`) with the hub endpoint and orders API policies given. */
export function proofContext(hub: object[], orders: object[], config: Config = loadConfig(DEMO_CONFIG)) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-proofs-'));
  writeFileSync(join(dir, 'hub.json'), policyDoc(...hub));
  writeFileSync(join(dir, 'orders.json'), policyDoc(...orders));
  return RunContext.create({
    mode: 'offline',
    config,
    env: {},
    endpointPolicyFiles: { hub: join(dir, 'hub.json') },
    resourcePolicyFiles: { orders: join(dir, 'orders.json') },
  });
}

/** Runs `body` over the run context `ctx` will be, and closes it whether `body` passes or fails. */
export async function withContext(
  ctx: Promise<RunContext>,
  body: (ctx: RunContext) => Promise<void>,
): Promise<void> {
  const c = await ctx;
  try {
    await body(c);
  } finally {
    c.close();
  }
}

/**
 * The four proof steps over the hub and orders (lets through only ROLES; only ROLES and anonymous can
 * reach orders; no outsider passes; no outsider reaches orders), each a thunk run under its scenario name.
 */
export function fourProofs(ctx: RunContext, names: readonly [string, string, string, string]) {
  return [
    [() => letsThroughOnly(ctx, 'hub', ROLES, names[0]), names[0]],
    [() => onlyTheseCanReach(ctx, 'orders', 'hub', [...ROLES, 'anonymous'], names[1]), names[1]],
    [() => noOutsiderPasses(ctx, 'hub', names[2]), names[2]],
    [() => noOutsiderReaches(ctx, 'orders', 'hub', names[3]), names[3]],
  ] as const;
}

export function witnessCell(ctx: RunContext, scenario: string, message: string): void {
  const w = /witness: (.*)/.exec(message)![1]!;
  const cell = ctx.matrix.cells.find((c) => c.scenario === scenario);
  expect(cell, `a cell for ${scenario}`).toBeDefined();
  expect(cell!.note).toContain(`counterexample witness: ${w}`);
  expect(cell!.predicted?.decision).toBe('allow');
  expect(cell!.verdict).toBe('fail');
}

/** The proof failed, saying the class (`reads`) and the witness, and that witness is a failing cell. */
export function failsWithWitness(
  ctx: RunContext,
  scenario: string,
  r: { ok: boolean; message: string },
  c: { reads: RegExp; witness: RegExp },
): void {
  expect(r.ok, `${scenario}: ${r.message}`).toBe(false);
  expect(r.message).toMatch(c.reads);
  expect(r.message).toMatch(c.witness);
  witnessCell(ctx, scenario, r.message);
}

/** The hub statement letting ROLES in by ARN. */
export const NAMED = {
  Sid: 'Named',
  Effect: 'Allow',
  Principal: { AWS: demoRoleArns(ROLES) },
  Action: 'execute-api:Invoke',
  Resource: ALL,
};

/** An offline run with the hub letting in ROLES and `statements`, and the orders API trusting the hub's VPC. */
export function hubVpcContext(statements: object[]): Promise<RunContext> {
  const config = loadConfig(DEMO_CONFIG);
  config.endpoints.hub!.vpc = 'vpc-0aa11bb22cc33dd44';
  // The orders API trusts the hub's VPC: whoever the endpoint lets through reaches it.
  return proofContext(
    [NAMED, ...statements],
    [allow('FromHubVpc', { Principal: '*' }, { StringEquals: { 'aws:SourceVpc': 'vpc-0aa11bb22cc33dd44' } })],
    config,
  );
}

/**
 * Over hubVpcContext(statements), each of the four proofs (scenarios `name 1` … `name 4`) fails with
 * the class and an allowed witness, which is a failing cell.
 */
export async function fourProofsFail(
  name: string,
  c: { statements: object[]; reads: RegExp; witness: RegExp },
): Promise<void> {
  await withContext(hubVpcContext(c.statements), async (ctx) => {
    const names = [`${name} 1`, `${name} 2`, `${name} 3`, `${name} 4`] as const;
    for (const [step, scenario] of fourProofs(ctx, names)) failsWithWitness(ctx, scenario, await step(), c);
  });
}
