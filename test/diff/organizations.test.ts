// Issue 10: diff treats an account with no stated organization as unknown, not as "in none" (as run
// and check do, through src/predict): a decision that depends on it is `unknown` and named.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { computeDiff, diffExitCode, loadDiffSetup, type DiffResult } from '../../src/diff/index.js';
import { why } from '../../src/diff/format.js';
import { CONFIG, fixture, tmpFile } from './helpers.js';

const ORG = 'o-a1b2c3d4e5';
const policy = (statement: object) =>
  tmpFile('endpoint.json', JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
const BEFORE = policy({
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: 'execute-api:Invoke',
  Resource: '*',
});
const AFTER = policy({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
});

function configWith(organizations?: object) {
  const c = parse(readFileSync(CONFIG, 'utf8'));
  if (organizations) c.organizations = organizations;
  // The copy lives elsewhere: the fixture's policy files by their full paths.
  for (const r of Object.values<any>(c.roles)) r.identityPolicies = r.identityPolicies.map(fixture);
  for (const a of Object.values<any>(c.apis)) a.resourcePolicy = fixture(a.resourcePolicy);
  return loadConfig(tmpFile('spokegate.config.yaml', stringify(c)));
}
const cell = (r: DiffResult, role: string, api = 'orders') =>
  r.changes.find((c) => c.role === role && c.api === api);

describe('diff: an unstated organization is unknown', () => {
  it('a decision that depends on it is unknown, names the account and the setting, and counts as possible new access', () => {
    // The fixture config states no member accounts: PartnerRole's account 999999999999 is unknown.
    const r = computeDiff(loadDiffSetup(configWith(), { before: BEFORE, after: AFTER }));
    const c = cell(r, 'PartnerRole');
    expect(c).toMatchObject({ before: 'deny', after: 'unknown' });
    expect(why(c!)).toMatch(
      /organization of account 999999999999, which the config does not state.*organizations:/,
    );
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('stated memberships decide: a member is allowed, an account in none stays denied', () => {
    const r = computeDiff(
      loadDiffSetup(
        configWith([
          { id: ORG, accounts: ['111111111111', '333333333333', '444444444444'] },
          { id: 'none', accounts: ['999999999999'] },
        ]),
        { before: BEFORE, after: AFTER },
      ),
    );
    expect(cell(r, 'BatchRole')).toMatchObject({ before: 'deny', after: 'allow' });
    expect(cell(r, 'PartnerRole')).toBeUndefined();
  });
});
