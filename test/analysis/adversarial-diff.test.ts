// Diff by classes over adversarial grants (H14A): a plan that opens the hub to principals no
// configured role resembles — an account pattern, a federated user's aws:userid, an IfExists tag
// test, ForAllValues over an absent organization path — is a grant with a witness and exits 1 with
// --fail-on grant, though no configured cell flips.
import { describe, expect, it } from 'vitest';
import { diffOpening } from '../diff/helpers.js';

const opens = (Sid: string, principal: object, condition: object) => ({
  Sid,
  Effect: 'Allow',
  ...principal,
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
  Condition: condition,
});

const CASES: Record<string, { statement: object; reads: RegExp; witness: RegExp; cellsFlip?: boolean }> = {
  accountPattern: {
    statement: opens(
      'Like555',
      { Principal: '*' },
      { StringLike: { 'aws:PrincipalAccount': '5555555555*' } },
    ),
    reads: /like "5555555555\*"/,
    witness: /^arn:aws:(iam|sts)::5555555555\d\d:/,
  },
  federatedUserid: {
    statement: opens(
      'Partners',
      { Principal: '*' },
      { StringLike: { 'aws:userid': '555555555555:partner-*' } },
    ),
    reads: /federated user/,
    witness: /^arn:aws:sts::555555555555:federated-user\/partner-/,
  },
  tagIfExists: {
    statement: opens(
      'Analytics',
      { Principal: { AWS: '555555555555' } },
      { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } },
    ),
    reads: /555555555555/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  orgPathsForAllValues: {
    statement: opens(
      'OuOnly',
      { Principal: '*' },
      { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
    ),
    reads: /./,
    witness: /^arn:aws:(iam|sts)::\d{12}:/,
    // Every principal without organization paths passes ForAllValues: configured roles' cells flip too.
    cellsFlip: true,
  },
};

describe('diff by classes over adversarial grants', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: a grant class with its statement and witness; --fail-on grant exits 1`, async () => {
      const { code, doc } = await diffOpening(c.statement, ['--fail-on', 'grant']);
      if (!c.cellsFlip) expect(doc.changes).toEqual([]);
      const grants = doc.classes.filter(
        (g) =>
          g.change === 'grant' && g.statements.some((s) => s.sid === (c.statement as { Sid: string }).Sid),
      );
      expect(grants.length, JSON.stringify(doc.classes, null, 1)).toBeGreaterThan(0);
      expect(grants.some((g) => c.reads.test(g.description))).toBe(true);
      for (const g of grants) expect(g.witness.principal.arn).toMatch(c.witness);
      expect(code).toBe(1);
    });
});
