// Diff by classes over the third hidden-style set's grants (hidden-third.ts): a plan that adds an
// endpoint statement letting in principals no configured role resembles — an IgnoreCase ARN, a
// StringNotLike on aws:userid, an aws:username, a tag key holding '/' and ':', another
// organization's members of an account — is a grant with its statement and a witness of such a
// principal, and exits 1 with --fail-on grant, though no configured cell flips.
import { describe, it } from 'vitest';
import { expectGrantClass, opens, type GrantCase } from '../diff/helpers.js';
import { ANYONE, of555 } from './hidden-style.js';

const CASES: Record<string, GrantCase> = {
  principalArnIgnoreCase: {
    statement: opens('Ci', ANYONE, {
      StringEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' },
    }),
    reads: /"role\/ci" \(any case\)/,
    witness: /^arn:aws:iam::555555555555:role\/ci$/i,
  },
  userIdNotLike: {
    statement: opens('Humans', of555, { StringNotLike: { 'aws:userid': '*:automation-*' } }),
    reads: /555555555555/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  usernameExact: {
    statement: opens('Bot', of555, { StringEquals: { 'aws:username': 'deploy-bot' } }),
    reads: /deploy-bot/,
    witness: /^arn:aws:iam::555555555555:user\/(\S+\/)?deploy-bot$/,
  },
  tagKeyWithSlashAndColon: {
    statement: opens('K8s', of555, {
      StringEquals: { 'aws:PrincipalTag/kubernetes.io/team:name': 'platform' },
    }),
    reads: /tag kubernetes\.io\/team:name is "platform"/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  otherOrganization: {
    statement: opens('OtherOrg', of555, { StringEquals: { 'aws:PrincipalOrgID': 'o-other0000a' } }),
    reads: /o-other0000a/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
};

describe('diff by classes over the third hidden-style grants', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: a grant class with its statement and witness; --fail-on grant exits 1`, async () =>
      expectGrantClass(c));
});
