// Diff by classes over adversarial grants (H14A): a plan that opens the hub to principals no
// configured role resembles — an account pattern, a federated user's aws:userid, an IfExists tag
// test, ForAllValues over an absent organization path — is a grant with a witness and exits 1 with
// --fail-on grant, though no configured cell flips.
import { describe, it } from 'vitest';
import { expectGrantClass, opens, type GrantCase } from '../diff/helpers.js';
import { ANYONE, of555 } from './hidden-style.js';

const CASES: Record<string, GrantCase> = {
  accountPattern: {
    statement: opens('Like555', ANYONE, { StringLike: { 'aws:PrincipalAccount': '5555555555*' } }),
    reads: /like "5555555555\*"/,
    witness: /^arn:aws:(iam|sts)::5555555555\d\d:/,
  },
  federatedUserid: {
    statement: opens('Partners', ANYONE, { StringLike: { 'aws:userid': '555555555555:partner-*' } }),
    reads: /federated user/,
    witness: /^arn:aws:sts::555555555555:federated-user\/partner-/,
  },
  tagIfExists: {
    statement: opens('Analytics', of555, { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } }),
    reads: /555555555555/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  orgPathsForAllValues: {
    statement: opens('OuOnly', ANYONE, {
      'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
    }),
    reads: /./,
    witness: /^arn:aws:(iam|sts)::\d{12}:/,
    // Every principal without organization paths passes ForAllValues: configured roles' cells flip too.
    cellsFlip: true,
  },
};

describe('diff by classes over adversarial grants', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: a grant class with its statement and witness; --fail-on grant exits 1`, async () =>
      expectGrantClass(c));
});
