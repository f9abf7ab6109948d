// AssumeRole `ProvidedContexts` (trusted identity propagation, issue 11 item 4): the sandbox ignored the
// parameter and issued a plain session, which no STS does. AWS (botocore sts model; STS API reference;
// IAM Identity Center user guide, trustedidentitypropagation-identity-enhanced-iam-role-sessions): 1 to 5
// contexts, each a ProviderArn (20-2048) and a ContextAssertion (4-2048) "signed and encrypted by AWS STS";
// the role's trust policy must allow sts:SetContext (condition key sts:RequestContextProviders). The
// sandbox issues no assertion, so it can honour none: it refuses each as not one STS issued, after the
// checks AWS documents (docs/aws-behaviour.md §53).
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/config/world.js';
import { demoWorld, newState, parseXml, query } from './helpers.js';

const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const PROVIDER = 'arn:aws:iam::aws:contextProvider/IdentityCenter';
const contexts = (n: number, assertion = 'trusted-context-assertion') =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`ProvidedContexts.member.${i + 1}.ProviderArn`, PROVIDER],
      [`ProvidedContexts.member.${i + 1}.ContextAssertion`, assertion],
    ]).flat(),
  );
/** The demo world with CheckoutRole's trust policy allowing sts:SetContext from the Identity Center provider too. */
function settable(): World {
  const w = demoWorld();
  const role = Object.values(w.roles).find((r) => r.arn === ROLE)!;
  const trust = role.trustPolicy as { Statement: Record<string, unknown>[] };
  const first = trust.Statement[0]!;
  trust.Statement.push({
    Effect: 'Allow',
    Principal: first.Principal,
    Action: 'sts:SetContext',
    Condition: { 'ForAllValues:ArnEquals': { 'sts:RequestContextProviders': PROVIDER } },
  });
  return w;
}
const errorOf = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };

// [what, world, contexts, status, code, message part]
const rows: [string, () => World, Record<string, string>, number, string, string][] = [
  [
    'six contexts',
    settable,
    contexts(6),
    400,
    'ValidationError',
    "at 'providedContexts' failed to satisfy constraint: Member must have length less than or equal to 5",
  ],
  [
    'an assertion of 3 characters',
    settable,
    contexts(1, 'abc'),
    400,
    'ValidationError',
    "at 'providedContexts.member.contextAssertion' failed to satisfy constraint: Member must have length between 4 and 2048",
  ],
  [
    'a trust policy that does not allow sts:SetContext',
    demoWorld,
    contexts(1),
    403,
    'AccessDenied',
    `is not authorized to perform: sts:SetContext on resource: ${ROLE}`,
  ],
  [
    'an assertion STS did not issue, the trust policy allowing sts:SetContext',
    settable,
    contexts(1),
    400,
    'ExpiredTokenException',
    'context assertion',
  ],
];

describe('AssumeRole ProvidedContexts: refused or honoured as AWS documents, never ignored', () => {
  for (const [what, world, params, status, code, part] of rows)
    it(`${what}: ${status} ${code}`, async () => {
      const s = newState(world());
      const r = await query(s, 'sts', {
        Action: 'AssumeRole',
        RoleArn: ROLE,
        RoleSessionName: 'xx',
        ...params,
      });
      expect(r.status, r.body).toBe(status);
      expect(errorOf(r.body).Code).toBe(code);
      expect(errorOf(r.body).Message).toContain(part);
      expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
    });

  it('without ProvidedContexts the role with sts:SetContext in its trust policy is assumed as before', async () => {
    const s = newState(settable());
    const r = await query(s, 'sts', { Action: 'AssumeRole', RoleArn: ROLE, RoleSessionName: 'xx' });
    expect(r.status, r.body).toBe(200);
  });
});
