// Issue 10 (lane A, found with the third auditor world, test/fixtures/auditor3): a proof's witness
// is observed as a configured role only when that role really is a counterexample of the class. The
// fit took a role whose tags the config does not state as having none, and a role of an account
// whose organization the config does not state as outside every organization, and never asked
// whether the role breaks the proof at all: the report then showed a call as "observed as Dev,
// which is in the same class" while Dev (tagged team=dev, in our organization in AWS) is in
// neither, and the witness cell passed or failed on a call that proves nothing.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import { copyAuditorWorld, editPolicy, type PolicyDocument } from './auditor-world.js';
import { sandboxRun, type SandboxRun } from './authorizer-world.js';

const invoke = (Principal: unknown, Condition?: unknown) => ({
  Effect: 'Allow',
  Principal,
  Action: 'execute-api:Invoke',
  Resource: '*',
  ...(Condition ? { Condition } : {}),
});

/**
 * The third auditor world whose dr endpoint holds `statements` (both copies) and whose pay API lets
 * anyone reach GET /health only: a NONE route, where a role's identity policies play no part, so a
 * configured role can share an unknown role's class.
 */
function drWorld(statements: PolicyDocument['Statement']): string {
  const dir = copyAuditorWorld('witness-fit', 'auditor3');
  for (const f of ['dr-endpoint-world.json', 'dr-endpoint-config.json'])
    editPolicy(dir, f, (d) => {
      d.Statement = statements;
    });
  editPolicy(dir, 'pay-resource.json', (d) => {
    d.Statement = [{ ...invoke('*'), Resource: 'execute-api:/*/GET/health' }];
  });
  return join(dir, 'spokegate.config.yaml');
}
const drWith = (statements: PolicyDocument['Statement']) => sandboxRun(drWorld(statements));

const witnessOf = (run: SandboxRun) => {
  const w = run.ctx.matrix.cells.filter((c) => /counterexample witness/.test(c.note ?? ''));
  expect(w).toHaveLength(1);
  return w[0]!;
};

const DEV = 'arn:aws:iam::540000000004:role/dev/Dev';
const EXT = 'arn:aws:iam::540000000004:role/Ext';

let run: SandboxRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('a witness is observed only as a role that is a counterexample', () => {
  it('not as a role whose tags the config does not state (Dev: team=dev in AWS, no tags in the config)', async () => {
    // dr lets Dev and Ext through when untagged; Dev is tagged team=dev, Ext team=ops.
    run = await drWith([invoke({ AWS: [DEV, EXT] }, { Null: { 'aws:PrincipalTag/team': 'true' } })]);
    const r = await onlyTheseCanReach(run.ctx, 'pay', 'dr', ['OpsMain'], 'fit');
    expect(r.ok).toBe(false);
    const w = witnessOf(run);
    expect(w.note).not.toMatch(/observed as Dev/);
    // Observed or not, a witness cell is never a pass: it is a request that breaks the proof.
    expect(w.verdict).not.toBe('pass');
    expect(w.observed?.outcome ?? 'allowed').toBe('allowed');
  });

  it('offline, not as a role whose tags the config does not state, and never "observed"', async () => {
    const ctx = await RunContext.create({
      mode: 'offline',
      config: loadConfig(
        drWorld([invoke({ AWS: [DEV, EXT] }, { Null: { 'aws:PrincipalTag/team': 'true' } })]),
      ),
      env: {},
    });
    try {
      const r = await onlyTheseCanReach(ctx, 'pay', 'dr', ['OpsMain'], 'fit');
      expect(r.ok).toBe(false);
      const w = ctx.matrix.cells.filter((c) => /counterexample witness/.test(c.note ?? ''));
      expect(w).toHaveLength(1);
      expect(w[0]!.note).not.toMatch(/observed as/);
      expect(w[0]!.observed).toBeNull();
    } finally {
      ctx.close();
    }
  });

  it('offline nothing is observed: a witness that a configured role fits is not "observed as" it', async () => {
    const PARTNER = 'arn:aws:iam::530000000003:role/Partner';
    const ctx = await RunContext.create({
      mode: 'offline',
      config: loadConfig(drWorld([invoke({ AWS: PARTNER })])),
      env: {},
    });
    try {
      const r = await noOutsiderReaches(ctx, 'pay', 'dr', 'fit');
      expect(r.ok).toBe(false);
      const w = ctx.matrix.cells.filter((c) => /counterexample witness/.test(c.note ?? ''));
      expect(w).toHaveLength(1);
      expect(w[0]!.observed).toBeNull();
      expect(w[0]!.note).not.toMatch(/observed as/);
      expect(w[0]!.note).toMatch(/predicted as Partner, which is in the same class; not observable: offline/);
    } finally {
      ctx.close();
    }
  });

  it('not as a role of an account whose organization the config does not state (Dev, Ext: 540000000004)', async () => {
    run = await drWith([invoke({ AWS: [DEV, EXT] })]);
    const r = await noOutsiderReaches(run.ctx, 'pay', 'dr', 'fit');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/organization of account 540000000004 is not stated/);
    const w = witnessOf(run);
    // In AWS 540000000004 is in our organization: neither role is an outsider.
    expect(w.note).not.toMatch(/observed as (Dev|Ext)/);
    expect(w.note).toMatch(/not observable/);
  });

  it('not as a member of the organization when the proof is about outsiders', async () => {
    // Any role passes dr: the witness class need not tell members from outsiders.
    run = await drWith([invoke('*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } })]);
    const r = await noOutsiderReaches(run.ctx, 'pay', 'dr', 'fit');
    expect(r.ok).toBe(false);
    const w = witnessOf(run);
    for (const member of ['OpsMain', 'OpsBreakglass', 'Auditor', 'PayApp', 'PayBatch', 'Dev', 'Ext'])
      expect(w.note).not.toMatch(new RegExp(`observed as ${member},`));
    if (w.observed) expect(w.observed.outcome).toBe('allowed');
  });
});
