// The proof steps over the third hidden-style set's endpoint grants (hidden-third.ts), in process
// over the demo config: a principal no configured role resembles gets through by an IgnoreCase ARN,
// a StringNotLike on aws:userid, an aws:username, a tag key holding '/' and ':', a session pattern
// of one role at a path, an account in another organization. Every proof fails with the class and
// an allowed witness, and the witness is a failing cell predicted allowed.
import { describe, it } from 'vitest';
import { allow, ALL, fourProofsFail } from './proof-cells.js';
import { ANYONE, of555 } from './hidden-style.js';

const CASES: Record<string, { statements: object[]; reads: RegExp; witness: RegExp }> = {
  principalArnIgnoreCase: {
    statements: [
      allow('Ci', ANYONE, {
        StringEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' },
      }),
    ],
    reads: /"role\/ci" \(any case\)/,
    witness: /witness: arn:aws:iam::555555555555:role\/ci /i,
  },
  userIdNotLike: {
    statements: [allow('Humans', of555, { StringNotLike: { 'aws:userid': '*:automation-*' } })],
    reads: /555555555555/,
    witness: /witness: arn:aws:(iam|sts)::555555555555:/,
  },
  usernameExact: {
    statements: [allow('Bot', of555, { StringEquals: { 'aws:username': 'deploy-bot' } })],
    reads: /deploy-bot/,
    witness: /witness: arn:aws:iam::555555555555:user\/(\S+\/)?deploy-bot/,
  },
  tagKeyWithSlashAndColon: {
    statements: [
      allow('K8s', of555, { StringEquals: { 'aws:PrincipalTag/kubernetes.io/team:name': 'platform' } }),
    ],
    reads: /tag kubernetes\.io\/team:name is "platform"/,
    witness: /aws:PrincipalTag\/kubernetes\.io\/team:name=platform/,
  },
  roleAtPathSessionPattern: {
    statements: [
      allow(
        'Nightly',
        { Principal: { AWS: 'arn:aws:iam::555555555555:role/ops/Runner' } },
        { StringLike: { 'aws:userid': '*:nightly-*' } },
      ),
    ],
    reads: /ops\/Runner.*nightly-\*/,
    witness: /witness: arn:aws:iam::555555555555:role\/ops\/Runner session nightly-/,
  },
  otherOrganization: {
    statements: [allow('OtherOrg', of555, { StringEquals: { 'aws:PrincipalOrgID': 'o-other0000a' } })],
    reads: /555555555555.*o-other0000a/,
    witness: /witness: arn:aws:(iam|sts)::555555555555:.*aws:PrincipalOrgID=o-other0000a/,
  },
  tagNotEqualsIfExistsDeny: {
    statements: [
      allow('Of555', of555),
      {
        Sid: 'ProdOnly',
        Effect: 'Deny',
        Principal: { AWS: '555555555555' },
        Action: 'execute-api:Invoke',
        Resource: ALL,
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/env': 'prod' } },
      },
    ],
    reads: /555555555555.*tag env is "prod"/,
    witness: /aws:PrincipalTag\/env=prod/,
  },
};

describe('proof steps over the third hidden-style set', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: every proof fails with the class and an allowed witness, which is a cell`, async () =>
      fourProofsFail(name, c));
});
