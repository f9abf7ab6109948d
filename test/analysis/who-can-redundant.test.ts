// No reported class lies wholly in the others: each holds a request no other class holds (its
// witness). Before, the cover could keep a box every point of which other boxes held too, a second
// reading of requests already listed (over VARIABLES.useridPatterns 6 of 15 classes had a witness
// another class held; on the third auditor world, 116 classes where 95 say the same).
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../src/analysis/index.js';
import { checkComplete } from './random-requests.js';
import { TRICKY, VARIABLES } from './tricky.js';

const WORLDS = {
  useridPatterns: VARIABLES.useridPatterns,
  sourceIpAndDeny: TRICKY.sourceIpAndDeny,
  resourceVariables: TRICKY.resourceVariables,
  conditionVariables: VARIABLES.conditionVariables,
};

describe('who-can reports no class the others already hold', () => {
  it.each(Object.entries(WORLDS))('%s: every class holds its witness alone', (_, world) => {
    const who = whoCan(world);
    expect(who.classes.length).toBeGreaterThan(0);
    const shared = who.classes
      .filter((c) => who.reportedClassesOf(c.witness).length > 1)
      .map((c) => c.description);
    expect(shared).toEqual([]);
  });

  it(
    'the classes of the aws:userid patterns still hold exactly the allowed requests',
    () => checkComplete(VARIABLES.useridPatterns, 1_500),
    120_000,
  );
});
