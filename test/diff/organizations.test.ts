// Issue 10: diff treats an account with no stated organization as unknown, not as "in none" (as run
// and check do, through src/predict): a decision that depends on it is `unknown` and named.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup, type DiffResult } from '../../src/diff/index.js';
import { why } from '../../src/diff/format.js';
import { changeOf, CHECKOUT_ONLY, EVERYONE, fixtureConfig, loadEdited, policyFile } from './helpers.js';

const ORG = 'o-a1b2c3d4e5';
const BEFORE = policyFile(CHECKOUT_ONLY, 'endpoint.json');
const AFTER = policyFile(
  { ...EVERYONE, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
  'endpoint.json',
);

function configWith(organizations?: object) {
  return loadEdited(fixtureConfig(organizations));
}
const cell = (r: DiffResult, role: string, api = 'orders') => changeOf(r, role, api);

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
