// Issue 10 (lane L10A, found with the second auditor world): a role's tags are facts, like its
// organization and its unique id. A config that does not state a role's tags (roles.X.tags) used to
// be read as "no tags": a policy that looks at aws:PrincipalTag/KEY was then decided for a role that
// has the tag as if it had none, and an expectation of that guess passed offline (VendorSync, tagged
// team=platform in AWS, "denied" through core, whose [0] lets team platform through). Now a
// decision that depends on an unstated role's tags is `unknown` offline, naming roles.X.tags; a
// sandbox (and live) run reads them with IAM GetRole (Tags) as it reads the role id.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { auditorRuns, copyAuditorWorld, type AuditorRuns } from './auditor-world.js';

/** The second auditor world with VendorSync's (and Lab's) tags left out of the config only. */
function withoutTags(): string {
  const dir = copyAuditorWorld('unstated-tags', 'auditor2');
  const file = join(dir, 'spokegate.config.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  delete config.roles.VendorSync.tags;
  delete config.roles.Lab.tags;
  writeFileSync(file, stringify(config));
  return dir;
}

const call = (role: string, method: string, path: string, api: string, endpoint: string) => ({
  role,
  method,
  path,
  api,
  endpoint,
  scenario: 'unstated tags',
});

describe('a role whose tags the config does not state', () => {
  let runs: AuditorRuns;
  beforeAll(async () => {
    runs = await auditorRuns(withoutTags());
  });
  afterAll(() => runs.close());

  it('offline, a decision that depends on its tags is unknown, naming roles.X.tags', async () => {
    // core[0] lets team platform|billing through: VendorSync's tag decides.
    const p = (await runs.offline.call(call('VendorSync', 'GET', '/items', 'catalog', 'core'))).cell
      .predicted!;
    expect(p.decision).toBe('unknown');
    expect(p.unknown).toMatch(/roles\.VendorSync\.tags/);
    // metrics[1] (tag team platform) decides VendorSync's POST through core too.
    const q = (await runs.offline.call(call('VendorSync', 'POST', '/series/cpu', 'metrics', 'core'))).cell
      .predicted!;
    expect(q.decision).toBe('unknown');
  });

  it('offline, a decision its tags cannot change keeps its answer', async () => {
    // annex lets 300's principals reach 300's APIs only (annex[1], [2]); a tag could only add
    // annex[3]'s Deny: billing's GET is refused at the endpoint whatever the tags.
    const p = (await runs.offline.call(call('VendorSync', 'GET', '/invoices', 'billing', 'annex'))).cell
      .predicted!;
    expect(p).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    // Lab (400, no organization) passes no statement of annex on stage live, whatever its tags.
    const q = (await runs.offline.call(call('Lab', 'GET', '/items', 'catalog', 'annex'))).cell.predicted!;
    expect(q).toMatchObject({ decision: 'deny', layer: 'endpoint' });
  });

  it('in sandbox mode the tags are read (IAM GetRole), so the prediction is the wire’s answer', async () => {
    const d = await runs.wire.call(call('VendorSync', 'GET', '/items', 'catalog', 'core'));
    expect(d.cell.observed?.outcome).toBe('allowed');
    expect(d.cell.predicted).toMatchObject({ decision: 'allow' });
    expect(d.cell.disagreement).toBe(false);
  });
});
