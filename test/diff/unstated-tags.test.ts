// A configured role whose tags the config does not state (roles.X.tags) is decided over every tag set
// the policies tell apart (src/predict principal-tags.ts). diff built each set's request through a
// cache keyed by the other unstated facts but not the tags, so every set got the untagged request:
// a role of the fixture config let in by its team tag read "deny" on both sides of a change of
// which team the endpoint lets in, and the cell was not listed (the classes alone said grant).
import { describe, expect, it } from 'vitest';
import { computeDiff, loadDiffSetup } from '../../src/diff/index.js';
import { decideCell } from '../../src/diff/compute.js';
import { fixtureConfig, loadEdited, policyFile } from './helpers.js';

/** An endpoint policy letting in any caller tagged team=TEAM. */
const teamOnly = (team: string) =>
  policyFile(
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': team } },
    },
    `team-${team}.json`,
  );

describe('diff over a role whose tags are not stated', () => {
  const setup = loadDiffSetup(loadEdited(fixtureConfig()), { before: teamOnly('a'), after: teamOnly('b') });
  const cell = setup.cells.find((c) => c.role === 'CheckoutRole' && c.api === 'orders')!;

  it.each([
    ['before', setup.before],
    ['after', setup.after],
  ])('its cell is unknown %s (tagged team=a or team=b it may be let in), never deny', (_, side) => {
    const d = decideCell(cell, side);
    expect(d.decision).toBe('unknown');
    expect(d.reason).toMatch(/tags of role arn:aws:iam::111111111111:role\/CheckoutRole/);
  });

  it('the cell is listed as access that may be new', () => {
    const change = computeDiff(setup).changes.find((c) => c.role === 'CheckoutRole' && c.api === 'orders');
    expect(change?.unknownChange).toBe('may-be-new');
  });
});
