// The proof steps over adversarial policies (H14A), in process over the demo config: a principal no
// configured role resembles gets through by a pattern on aws:PrincipalAccount, an IfExists tag test,
// ForAllValues over an absent organization path, a federated user's aws:userid, NotResource, or
// a resource policy trusting the hub's VPC. Every proof fails with the class and an allowed witness,
// and the witness is a failing cell predicted allowed.
import { describe, it } from 'vitest';
import { allow, fourProofsFail } from './proof-cells.js';
import { ANYONE, of555 } from './hidden-style.js';

const CASES: Record<string, { statements: object[]; reads: RegExp; witness: RegExp }> = {
  accountPattern: {
    statements: [allow('Like555', ANYONE, { StringLike: { 'aws:PrincipalAccount': '5555555555*' } })],
    reads: /account is like "5555555555\*"/,
    witness: /witness: arn:aws:iam::5555555555\d\d:/,
  },
  tagIfExists: {
    statements: [
      allow('Analytics', of555, { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'analytics' } }),
    ],
    reads: /555555555555/,
    witness: /witness: arn:aws:iam::555555555555:/,
  },
  orgPathsForAllValues: {
    statements: [
      allow('OuOnly', ANYONE, {
        'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
      }),
    ],
    reads: /./,
    witness: /witness: arn:aws:(iam|sts)::\d{12}:/,
  },
  federatedUserid: {
    statements: [allow('Partners', ANYONE, { StringLike: { 'aws:userid': '555555555555:partner-*' } })],
    reads: /federated user/,
    witness: /witness: arn:aws:sts::555555555555:federated-user\/partner-/,
  },
  notResource: {
    statements: [
      {
        Sid: 'AllButDelete',
        Effect: 'Allow',
        Principal: { AWS: '666666666666' },
        Action: 'execute-api:Invoke',
        NotResource: 'arn:aws:execute-api:us-west-2:*:*/*/DELETE/*',
      },
    ],
    reads: /666666666666/,
    witness: /witness: arn:aws:iam::666666666666:/,
  },
};

describe('proof steps over adversarial policies', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: every proof fails with the class and an allowed witness, which is a cell`, async () =>
      fourProofsFail(name, c));
});
