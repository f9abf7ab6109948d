// Diff by classes over the third hidden-style set's grants (hidden-third.ts): a plan that adds an
// endpoint statement letting in principals no configured role resembles — an IgnoreCase ARN, a
// StringNotLike on aws:userid, an aws:username, a tag key holding '/' and ':', another
// organization's members of an account — is a grant with its statement and a witness of such a
// principal, and exits 1 with --fail-on grant, though no configured cell flips.
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
const OF_555 = { Principal: { AWS: '555555555555' } };

const CASES: Record<string, { statement: object; reads: RegExp; witness: RegExp }> = {
  principalArnIgnoreCase: {
    statement: opens(
      'Ci',
      { Principal: '*' },
      { StringEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' } },
    ),
    reads: /"role\/ci" \(any case\)/,
    witness: /^arn:aws:iam::555555555555:role\/ci$/i,
  },
  userIdNotLike: {
    statement: opens('Humans', OF_555, { StringNotLike: { 'aws:userid': '*:automation-*' } }),
    reads: /555555555555/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  usernameExact: {
    statement: opens('Bot', OF_555, { StringEquals: { 'aws:username': 'deploy-bot' } }),
    reads: /deploy-bot/,
    witness: /^arn:aws:iam::555555555555:user\/(\S+\/)?deploy-bot$/,
  },
  tagKeyWithSlashAndColon: {
    statement: opens('K8s', OF_555, {
      StringEquals: { 'aws:PrincipalTag/kubernetes.io/team:name': 'platform' },
    }),
    reads: /tag kubernetes\.io\/team:name is "platform"/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
  otherOrganization: {
    statement: opens('OtherOrg', OF_555, { StringEquals: { 'aws:PrincipalOrgID': 'o-other0000a' } }),
    reads: /o-other0000a/,
    witness: /^arn:aws:(iam|sts)::555555555555:/,
  },
};

describe('diff by classes over the third hidden-style grants', () => {
  for (const [name, c] of Object.entries(CASES))
    it(`${name}: a grant class with its statement and witness; --fail-on grant exits 1`, async () => {
      const { code, doc } = await diffOpening(c.statement, ['--fail-on', 'grant']);
      expect(doc.changes).toEqual([]);
      const sid = (c.statement as { Sid: string }).Sid;
      const grants = doc.classes.filter(
        (g) => g.change === 'grant' && g.statements.some((s) => s.sid === sid),
      );
      expect(grants.length, JSON.stringify(doc.classes, null, 1)).toBeGreaterThan(0);
      expect(grants.some((g) => c.reads.test(g.description))).toBe(true);
      for (const g of grants) expect(g.witness.principal.arn).toMatch(c.witness);
      expect(code).toBe(1);
    });
});
