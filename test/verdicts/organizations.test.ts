// Issue 10 item 1: organizations are facts the config states, never guesses. A decision that depends
// on an account's unstated organization is `unknown`, naming the account and the setting to add.
import { describe, expect, it } from 'vitest';
import { membershipOf, organizationOf, rolePrincipal } from '../../src/predict/index.js';
import { ORG, orgConfig as config, orgPolicyWhere, predictItems } from './org-config.js';

describe('organizations are stated, never guessed', () => {
  it('an endpoint or API account is not a member unless the config says so', () => {
    const cfg = config((c) => (c.organization = { id: ORG, accounts: ['111111111111'] }));
    // 444444444444 owns the inventory API but is not listed: its organization is not known
    expect(membershipOf(cfg, rolePrincipal(cfg, 'InventoryRole'))).toEqual({
      kind: 'unknown',
      account: '444444444444',
    });
    expect(organizationOf(cfg, rolePrincipal(cfg, 'CheckoutRole'))).toBe(ORG);
  });

  it('a decision that depends on an unstated organization is unknown, naming the account and the setting', async () => {
    const cell = await predictItems(config(), 'SpokeRole');
    expect(cell.predicted).toMatchObject({ decision: 'unknown' });
    expect(cell.predicted!.unknown).toContain('555555555555');
    expect(cell.predicted!.unknown).toContain('organizations:');
    // offline, an expectation against an unknown is an error: never a pass, never a guess
    expect(cell.verdict).toBe('error');
  });

  it('an account stated in another organization is decided as such', async () => {
    const cell = await predictItems(
      config((c) => (c.organizations = [{ id: 'o-otherorg1234', accounts: ['555555555555'] }])),
      'SpokeRole',
    );
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    expect(cell.verdict).toBe('pass');
  });

  it('an account stated in our organization is decided as a member', async () => {
    const cell = await predictItems(
      config((c) => (c.organization.accounts = [...c.organization.accounts, '555555555555'])),
      'SpokeRole',
    );
    expect(cell.predicted?.decision).toBe('allow');
  });

  it('an account stated in no organization (id: none)', async () => {
    const cell = await predictItems(
      config((c) => (c.organizations = [{ id: 'none', accounts: ['555555555555'] }])),
      'SpokeRole',
    );
    expect(cell.predicted?.decision).toBe('deny');
  });

  it('a policy that does not look at the organization needs no statement of it', async () => {
    const byArn = orgPolicyWhere({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/*' } });
    const cell = await predictItems(
      config(() => undefined, byArn),
      'SpokeRole',
    );
    expect(cell.predicted?.decision).toBe('allow');
  });

  it('an account stated in two organizations is bad input naming the field', () => {
    expect(() =>
      config((c) => (c.organizations = [{ id: 'o-otherorg1234', accounts: ['111111111111'] }])),
    ).toThrow(/organizations\.0\.accounts\.0: account 111111111111 is stated in two organizations/);
  });
});
