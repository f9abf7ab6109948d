// The plaintext of the session policies passed to STS, the inline `Policy` and the `PolicyArns`
// together, "can't exceed 2,048 characters" (STS API reference, AssumeRole and GetFederationToken,
// PolicyArns: "You can provide up to 10 managed policy ARNs. However, the plaintext that you use for
// both inline and managed session policies can't exceed 2,048 characters"). Beyond it the sandbox
// answers PackedPolicyTooLarge in AWS's words for a policy ("Packed policy consumes n% of allotted
// space, please use smaller policy.", repost.aws knowledge-center iam-role-aws-sts-error) and issues
// no session; an answer to session policies carries PackedPolicySize (botocore sts model). Until pass
// 18 each member was measured alone: 1,900 characters of Policy and 5 ARNs were a session
// (issue 11; docs/aws-behaviour.md §51).
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/config/world.js';
import { demoWorld, newState, parseXml, policyOfLength, query } from './helpers.js';

const ARN = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'; // 41 characters
const arns = (k: number) =>
  Object.fromEntries(Array.from({ length: k }, (_, i) => [`PolicyArns.member.${i + 1}.arn`, ARN]));
function world(): World {
  const w = demoWorld();
  w.harness.policies.Federate = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }],
  };
  return w;
}
const ASSUME = {
  Action: 'AssumeRole',
  RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
  RoleSessionName: 'xx',
};
const FEDERATE = { Action: 'GetFederationToken', Name: 'ci-bot' };

// [what, parameters, plaintext length (Policy + ARNs), answer]
const rows: [string, Record<string, string>, number, 'issued' | 'refused'][] = [
  ['Policy 1,900 + 5 ARNs', { Policy: policyOfLength(1900), ...arns(5) }, 2105, 'refused'],
  ['Policy 2,048 + 1 ARN', { Policy: policyOfLength(2048), ...arns(1) }, 2089, 'refused'],
  ['Policy 1,843 + 5 ARNs (2,048 exactly)', { Policy: policyOfLength(1843), ...arns(5) }, 2048, 'issued'],
  ['Policy 1,000 alone', { Policy: policyOfLength(1000) }, 1000, 'issued'],
  ['10 ARNs alone', arns(10), 410, 'issued'],
];

describe('session policies: Policy and PolicyArns share 2,048 characters of plaintext', () => {
  for (const [action, base] of [
    ['AssumeRole', ASSUME],
    ['GetFederationToken', FEDERATE],
  ] as const)
    for (const [what, params, length, answer] of rows)
      it(`${action}: ${what} (${length}) is ${answer}`, async () => {
        const s = newState(world());
        const r = await query(s, 'sts', { ...base, ...params });
        const percent = Math.ceil((100 * length) / 2048);
        if (answer === 'refused') {
          expect(r.status, r.body).toBe(400);
          expect(parseXml(r.body).ErrorResponse.Error).toMatchObject({
            Code: 'PackedPolicyTooLarge',
            Message: `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
          });
          expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
          return;
        }
        expect(r.status, r.body).toBe(200);
        const result = parseXml(r.body)[`${action}Response`][`${action}Result`];
        expect(Number(result.PackedPolicySize)).toBe(percent);
      });

  it('an answer without session policies carries no PackedPolicySize', async () => {
    const s = newState(world());
    const r = await query(s, 'sts', ASSUME);
    expect(r.status).toBe(200);
    expect(parseXml(r.body).AssumeRoleResponse.AssumeRoleResult.PackedPolicySize).toBeUndefined();
  });
});
