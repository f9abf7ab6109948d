// Issue 10 (auditor pass H10B): a role's unique id (AROA…) is a fact like its organization. When the
// config does not state it (roles.X.roleId), spokegate used a stand-in id (AROA + a hash of the ARN)
// as if it were the role's own: a policy that pins a role to its id — "deny PartnerRole unless
// aws:userid is AROAPARTNERROLE00001:*", which stops a role deleted and recreated under the same
// name — was predicted to deny the configured PartnerRole, whose real id it may well be. Offline,
// "Then the call is denied" passed where AWS allows. Now a decision that depends on an unstated id
// is decided once per id the policies name (and one they do not); it is unknown when those differ,
// naming the role and roles.X.roleId. Ids the config gives another role are not this role's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { expectOutcome } from '../../src/harness/scenario.js';
import { onlyTheseCanReach } from '../../src/harness/proofs.js';
import { runCli } from '../cli-in-process.js';
import {
  auditorRuns,
  copyAuditorWorld,
  editPolicy,
  editedAuditorWorld,
  type AuditorRuns,
} from './auditor-world.js';

const PARTNER_ID = 'AROAPARTNERROLE00001';

/** The world (AWS) gives PartnerRole its id; the config does not state it. */
const givePartnerRoleItsId = (dir: string) => {
  const worldFile = join(dir, 'world.yaml');
  const world = parse(readFileSync(worldFile, 'utf8'));
  world.roles.PartnerRole.roleId = PARTNER_ID;
  writeFileSync(worldFile, stringify(world));
};

/**
 * A Deny of PartnerRole by its unique id: `StringNotLike` keeps only the original role (the pin),
 * `StringLike` keeps out the original and lets a role recreated under the same name through.
 */
const partnerIdDeny = (Sid: string, operator: 'StringLike' | 'StringNotLike', Resource: string) => ({
  Sid,
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource,
  Condition: {
    ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/PartnerRole' },
    [operator]: { 'aws:userid': `${PARTNER_ID}:*` },
  },
});

let dir: string;
let wire: RunContext;
let offline: RunContext;
editedAuditorWorld(
  'role-ids',
  (d) => {
    givePartnerRoleItsId(d);
    editPolicy(d, 'partner-resource.json', (doc) => {
      doc.Statement.push(partnerIdDeny('OnlyTheOriginalPartnerRole', 'StringNotLike', 'execute-api:/*'));
    });
  },
  (runs, d) => {
    ({ wire, offline } = runs);
    dir = d;
    expect(runs.config.roles.PartnerRole!.roleId).toBeUndefined();
  },
);

const call = (ctx: RunContext, role: string, api = 'partner') =>
  ctx.call({ role, api, method: 'GET', path: '/', scenario: 'role ids' });

describe('a policy that pins PartnerRole to its unique id, which the config does not state', () => {
  it('on the wire PartnerRole (the original role) is allowed; the prediction does not contradict it', async () => {
    const { cell } = await call(wire, 'PartnerRole');
    expect(cell.observed?.outcome).toBe('allowed');
    expect(cell.predicted?.decision).toBe('unknown');
    expect(cell.disagreement).toBe(false);
  });

  it('offline the decision is unknown, naming the role and roles.PartnerRole.roleId: neither expectation passes', async () => {
    const draft = await call(offline, 'PartnerRole');
    expect(draft.cell.predicted?.decision).toBe('unknown');
    expect(draft.cell.predicted?.explanation.join('\n')).toMatch(/roles\.PartnerRole\.roleId/);
    expect(expectOutcome(draft, 'deny').ok).toBe(false);
    expect(expectOutcome(await call(offline, 'PartnerRole'), 'allow').ok).toBe(false);
  });

  it('with the id stated, the prediction is exact again: the original role is allowed, another id denied', async () => {
    const configFile = join(dir, 'spokegate.config.yaml');
    const stated = (id: string) => {
      const c = loadConfig(configFile);
      c.roles.PartnerRole!.roleId = id;
      return RunContext.create({ mode: 'offline', config: c, env: {} });
    };
    expect((await call(await stated(PARTNER_ID), 'PartnerRole')).cell.predicted).toMatchObject({
      decision: 'allow',
    });
    // A role deleted and recreated under the same name has a new id: the pin denies it.
    expect((await call(await stated('AROAPARTNERROLE00002'), 'PartnerRole')).cell.predicted).toMatchObject({
      decision: 'deny',
      layer: 'resource',
    });
  });

  it('a role the pinning statement cannot concern is still decided exactly (OpsRole: allowed)', async () => {
    expect((await call(offline, 'OpsRole')).cell.predicted).toMatchObject({ decision: 'allow' });
  });
});

describe('diff: the same pin added to the hub’s policy', () => {
  it('PartnerRole’s cell on partner goes from allow to unknown, not to a guessed deny', async () => {
    // A fresh copy: the partner API's own pin (above) would make the cell unknown on both sides.
    const fresh = copyAuditorWorld('role-ids-diff');
    const hub = join(fresh, 'policies', 'hub-endpoint.json');
    const doc = JSON.parse(readFileSync(hub, 'utf8'));
    doc.Statement.push(partnerIdDeny('OnlyTheOriginalPartnerRole', 'StringNotLike', '*'));
    const after = join(fresh, 'hub-pinned.json');
    writeFileSync(after, JSON.stringify(doc));
    const r = await runCli(
      [
        'diff',
        '--config',
        join(fresh, 'spokegate.config.yaml'),
        '--before',
        hub,
        '--after',
        after,
        '--format',
        'json',
      ],
      { cwd: fresh, env: { PATH: process.env.PATH } },
    );
    expect([0, 1], r.err).toContain(r.code);
    const changes = (
      JSON.parse(r.out) as { changes: { role: string; api: string; before: string; after: string }[] }
    ).changes;
    expect(changes.filter((c) => c.role === 'PartnerRole' && c.api === 'partner')).toMatchObject([
      { before: 'allow', after: 'unknown' },
    ]);
  });
});

// The reverse pin: deny the original PartnerRole (its id), so a PartnerRole deleted and recreated
// under the same name gets through. A proof's counterexample is then "PartnerRole with another id";
// the configured PartnerRole (id unstated) is in that class only with the stand-in id, and the role
// on the wire has AROAPARTNERROLE00001: its cell was "observed as PartnerRole, which is in the same
// class" and denied. A witness is observed only by a role whose class does not depend on the id.
describe('a proof’s witness and a role whose id the config does not state', () => {
  let witnessRuns: AuditorRuns | undefined;
  afterAll(() => witnessRuns?.close());
  it('no witness cell claims PartnerRole is in a class its real id is not in', async () => {
    const fresh = copyAuditorWorld('role-ids-witness');
    givePartnerRoleItsId(fresh);
    // Only PartnerRole reaches partner through the hub: no health check for everyone, no grant
    // to the hub's account.
    editPolicy(fresh, 'hub-endpoint.json', (hub) => {
      hub.Statement = hub.Statement.filter((st) => st.Sid !== 'HealthForEveryone');
    });
    editPolicy(fresh, 'partner-resource.json', (doc) => {
      doc.Statement = doc.Statement.filter((st) => st.Sid !== 'Health' && st.Sid !== 'HubAccountReads');
      doc.Statement.push(partnerIdDeny('NotTheOldPartnerRole', 'StringLike', 'execute-api:/*'));
    });
    witnessRuns = await auditorRuns(fresh);
    const ctx = witnessRuns.wire;
    const r = await onlyTheseCanReach(ctx, 'partner', undefined, ['OpsRole'], 'witness');
    expect(r.ok, r.message).toBe(false);
    const witnesses = ctx.matrix.cells.filter((c) => /counterexample witness/.test(c.note ?? ''));
    expect(witnesses.length).toBeGreaterThan(0);
    for (const w of witnesses)
      if (w.observed) expect(w.observed.outcome, `${w.role}: ${w.note}`).toBe('allowed');
  });
});
