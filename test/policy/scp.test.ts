// Service control policies as a layer of the chain (ChainInput.serviceControlPolicies: the SCPs on
// the caller's account's path, one list per level, root first, the account last), case by case from
// AWS's documentation (docs/aws-behaviour.md §22):
//   [L]  Organizations User Guide, orgs_manage_policies_scps_evaluation ("How SCPs work with Allow"),
//        paraphrased: to allow a permission for an account an explicit Allow is needed at every level
//        from the root through each OU on the direct path to the account, the account included; SCPs
//        deny by default.
//   [D]  Same page ("How SCPs work with Deny"): a Deny in an SCP at any level of the path denies.
//   [F]  IAM User Guide, reference_policies_evaluation-logic_policy-eval-denyallow: an explicit deny in
//        any applicable policy (SCPs included) ends the evaluation; then the SCPs must hold an
//        applicable Allow, else an implicit deny, before resource-based policies are looked at: a
//        resource policy naming the session does not get past an SCP (unlike a boundary or session policy).
//   [G]  Organizations User Guide, orgs_manage_policies_scps_examples: SCPs "don't directly grant
//        access": an SCP allowing is not enough, the identity or resource policy must allow too.
//   [X]  SCPs limit the principals of the accounts they apply to, whatever account the resource is in
//        ("SCPs affect only IAM principals that are managed by accounts that are part of the
//        organization", aws-samples/resource-control-policy-examples): the caller's account's SCPs
//        decide, also for another account's API.
//   [R]  spokegate's reading (not documented for API Gateway): like identity policies and boundaries,
//        SCPs limit IAM-authorized calls; on a NONE route, or for an anonymous caller, none applies.
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, type ChainInput, type CompiledPolicy } from '../../src/policy/index.js';
import { apiRequest, HUB, ROLE, SPOKE } from './helpers.js';

const SESSION = `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/s1`;
const scp = (name: string, ...Statement: object[]): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement }, { name: `scp:${name}` }, { kind: 'identity' });
const FULL = scp('FullAWSAccess', { Effect: 'Allow', Action: '*', Resource: '*' });
const GETS_ONLY = scp('gets-only', {
  Effect: 'Allow',
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:*:*:*/*/GET/*',
});
const DENY_INVOKE = scp('deny-invoke', {
  Sid: 'NoInvoke',
  Effect: 'Deny',
  Action: 'execute-api:Invoke',
  Resource: '*',
});
const S3_ONLY = scp('s3-only', { Effect: 'Allow', Action: 's3:*', Resource: '*' });

const resource = (Principal: object | string) =>
  parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal, Action: 'execute-api:Invoke', Resource: '*' }],
    },
    { name: 'resource:orders' },
  );
const identityAll = parsePolicy(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] },
  { name: 'identity:checkout' },
  { kind: 'identity' },
);

/** A cross-account call (HUB's session to SPOKE's API), both the resource and identity policies allowing. */
const crossChain = (levels: CompiledPolicy[][] | undefined, extra: Partial<ChainInput> = {}): ChainInput => ({
  authorizationType: 'AWS_IAM',
  resourcePolicy: resource({ AWS: ROLE }),
  identityPolicies: [identityAll],
  ...(levels ? { serviceControlPolicies: levels } : {}),
  ...extra,
});
const call = (method = 'GET', principal = SESSION) => apiRequest(principal, { method });
const outcome = (chain: ChainInput, req = call()) => {
  const d = authorizeCall(chain, req);
  return [d.decision, d.detail, d.layer];
};

describe('service control policies in the chain', () => {
  it('[L] every level of the path must allow: FullAWSAccess at each level lets the call through', () => {
    expect(outcome(crossChain([[FULL], [FULL], [FULL]]))).toEqual(['allow', 'Allowed', null]);
  });

  it('[L] a level with no allow (an OU with only an s3 SCP) denies implicitly, by the SCP layer', () => {
    const d = authorizeCall(crossChain([[FULL], [S3_ONLY], [FULL]]), call());
    expect([d.decision, d.detail, d.layer]).toEqual(['deny', 'ImplicitDeny', 'scp']);
    expect(d.explanation.join('\n')).toMatch(/service control policies: no statement .* at level 2 of 3/);
  });

  it('[L] an allow at one level does not stand in for another: GET-only at the account level refuses POST', () => {
    expect(outcome(crossChain([[FULL], [FULL], [GETS_ONLY]]), call('POST'))).toEqual([
      'deny',
      'ImplicitDeny',
      'scp',
    ]);
    expect(outcome(crossChain([[FULL], [FULL], [GETS_ONLY]]), call('GET'))).toEqual([
      'allow',
      'Allowed',
      null,
    ]);
  });

  it('[D] a Deny at any level wins, even beside FullAWSAccess, and is named', () => {
    const d = authorizeCall(crossChain([[FULL, DENY_INVOKE], [FULL], [FULL]]), call());
    expect([d.decision, d.detail, d.layer]).toEqual(['deny', 'ExplicitDeny', 'scp']);
    expect(d.statements).toEqual([{ policy: 'scp:deny-invoke', index: 0, sid: 'NoInvoke' }]);
  });

  it('[F] a same-account resource policy naming the session itself does not get past an SCP', () => {
    const same = apiRequest(SESSION, { account: HUB });
    const chain: ChainInput = {
      authorizationType: 'AWS_IAM',
      resourcePolicy: resource({ AWS: SESSION }),
      identityPolicies: [],
    };
    expect(outcome(chain, same)).toEqual(['allow', 'Allowed', null]);
    expect(outcome({ ...chain, serviceControlPolicies: [[FULL], [S3_ONLY]] }, same)).toEqual([
      'deny',
      'ImplicitDeny',
      'scp',
    ]);
  });

  it('[F] an SCP explicit deny is named before a resource policy explicit deny', () => {
    const denyAll = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
      },
      { name: 'resource:orders' },
    );
    expect(outcome(crossChain([[DENY_INVOKE]], { resourcePolicy: denyAll }))).toEqual([
      'deny',
      'ExplicitDeny',
      'scp',
    ]);
  });

  it('[F] an SCP that does not allow is named before a silent resource policy', () => {
    expect(
      outcome(crossChain([[S3_ONLY]], { resourcePolicy: resource({ AWS: `arn:aws:iam::${SPOKE}:root` }) })),
    ).toEqual(['deny', 'ImplicitDeny', 'scp']);
  });

  it("[G] an SCP grants nothing: FullAWSAccess with a silent identity policy is the identity layer's deny", () => {
    expect(outcome(crossChain([[FULL]], { identityPolicies: [] }))).toEqual([
      'deny',
      'ImplicitDeny',
      'identity',
    ]);
  });

  it("[X] the caller's SCPs decide a call to another account's API", () => {
    expect(outcome(crossChain([[DENY_INVOKE]]))[0]).toBe('deny');
  });

  it('[R] a NONE route and an anonymous caller are not limited by SCPs', () => {
    const none = crossChain([[DENY_INVOKE]], { authorizationType: 'NONE', resourcePolicy: resource('*') });
    expect(outcome(none)).toEqual(['allow', 'Allowed', null]);
    const anon = apiRequest('anonymous');
    expect(outcome(none, anon)).toEqual(['allow', 'Allowed', null]);
  });

  it('no levels given: SCPs are not evaluated (as before); given, each is a step of the decision', () => {
    expect(outcome(crossChain(undefined))).toEqual(['allow', 'Allowed', null]);
    expect(authorizeCall(crossChain([[FULL]]), call()).layers.map((l) => l.layer)).toContain('scp');
  });
});

// Organizations quotas (orgs_reference_limits): an SCP holds at most 5,120 characters; saved from the
// console, white space outside strings is not counted ("If you save the policy by using an SDK
// operation or the AWS CLI, then the policy is saved exactly as you provided"). spokegate counts the
// shortest form, so a file AWS could hold in either way is never refused.
describe('the SCP size quota', () => {
  const statements = (n: number) => [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    ...Array.from({ length: n }, (_, i) => ({
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:xx-region-${i}:*:*/*`,
    })),
  ];
  const doc = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: statements(n) }, null, 4);
  it('a policy over 5,120 characters without white space is refused as an SCP, not as an identity policy', () => {
    const text = doc(60);
    expect(() => parsePolicy(text, { name: 'scp:big' }, { kind: 'identity' })).not.toThrow();
    expect(() => parsePolicy(text, { name: 'scp:big' }, { kind: 'identity', scp: true })).toThrow(
      /6,?075 characters without white space; an SCP may have at most 5,120 .*rule SG002/,
    );
  });
  it('white space alone does not make one too large', () => {
    const text = doc(40);
    expect(text.length).toBeGreaterThan(5_120);
    expect(JSON.stringify(JSON.parse(text)).length).toBeLessThan(5_120);
    expect(() => parsePolicy(text, { name: 'scp:spaced' }, { kind: 'identity', scp: true })).not.toThrow();
  });
});
