// Session policies (STS AssumeRole `Policy` / `PolicyArns`, GetFederationToken) as a layer of the
// chain, case by case from AWS's documentation:
//   [S]  IAM User Guide, access_policies "Session policies": "The permissions for a session are the
//        intersection of the identity-based policies … and the session policies"; "A resource-based
//        policy can specify the ARN of the user or role as a principal. … The session policy limits
//        the total permissions granted by the resource-based policy and the identity-based policy";
//        "A resource-based policy can specify the ARN of the session as a principal. … The
//        resource-based policy permissions are not limited by the session policy."
//   [E]  IAM User Guide, reference_policies_evaluation-logic: "Resource-based policies that grant
//        permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or
//        session policy"; a grant to the role session ARN or the federated user ARN is "not limited by
//        an implicit deny in an identity-based policy, a permissions boundary, or session policy";
//        an explicit deny in any policy wins; cross account, the identity side must allow too.
//   [F]  STS API reference, GetFederationToken `Policy`: a resource-based policy that "specifically
//        references the federated user session in the Principal element" grants "in addition to the
//        permissions that are granted by the session policies" (spokegate reads "*" and an account as
//        no specific reference: such grants stay limited; docs/aws-behaviour.md "Session policies").
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { chainOutcome, HUB, policyDoc } from './doc-cases.js';
import {
  ALL_DOC,
  calling,
  CROSS,
  evaluateIn,
  expectEvaluateLimited,
  expectExplained,
  limitingCases,
  namedCallerCases,
  OTHER_DOC,
  SESSION,
  TO_ROLE,
  type LayerCase,
} from './limiting-layers.js';

const FED = `arn:aws:sts::${HUB}:federated-user/Bob`;
const ALL = [ALL_DOC];
const OTHER = [OTHER_DOC];

const cases: LayerCase[] = [
  ...calling(SESSION, CROSS, [
    ['[S] no session policy: the role decides', { resource: TO_ROLE, identity: ALL }, 'allow'],
  ]),
  ...limitingCases('session', {
    allows: '[S] a session policy allowing the call',
    silent: '[S] a session policy silent on the call',
    explicitDeny: '[E] an explicit deny in a session policy',
    grantsNothing: '[S] a session policy cannot grant what the identity policies do not',
    crossNamesSession:
      '[E] cross account the identity side is limited even when the resource names the session',
    denyElsewhere: '[S] a deny elsewhere is reported as its own layer',
    sameToRole: '[E] same account, resource grant to the role ARN is limited',
    sameToRoleWithin: '[E] same account, resource grant to the role ARN within the session policy',
    sameToSession: '[S] same account, resource grant to the session ARN is not limited',
    sameToSessionDenied: '[E] same account, an explicit deny in the session policy still wins',
    sameToStar: '[F] same account, a grant to "*" names no session: limited',
    sameToAccount: '[E] same account, a grant to the account delegates: identity ∩ session',
    identityAlone: '[S] same account, identity alone, limited by the session policy',
    identityAloneWithin: '[S] same account, identity alone within the session policy',
    noneMethod: 'NONE methods skip IAM: no session policy either',
    identityNotGiven: 'identity not given: the resource grant is still limited',
  }),
  ...namedCallerCases('session', FED, {
    named: '[E] a federated user named in the resource policy is not limited',
    viaAccount: '[E] a federated user through its account is limited',
  }),
];

describe('session policies (AssumeRole Policy/PolicyArns) as a layer of the chain', () => {
  it.each(cases)('%s', (_doc, layers, caller, resource, expected) => {
    expect(chainOutcome(layers, { principal: caller, resource })).toBe(expected);
  });

  it('explains the session layer and lists its decision', () => {
    const p = (sts: object[]) => parsePolicy(policyDoc(sts), { name: 'session' }, { kind: 'identity' });
    expectExplained(
      { sessionPolicies: OTHER.map(p) },
      'session',
      /session polic(y|ies): no statement allows/,
      /session polic/,
    );
  });

  it('evaluate --session-policy adds the layer; it is refused for a caller that is no session', async () => {
    const evaluate = evaluateIn('sg-session-', { 'session.json': OTHER_DOC });
    await expectEvaluateLimited(evaluate, '--session-policy', 'session.json', 'session');
    const user = await evaluate(`arn:aws:iam::${HUB}:user/alice`, ['--session-policy', 'session.json']);
    expect(user.code, user.text).toBe(2);
    expect(user.err).toMatch(/--session-policy: only a session has session policies/);
  });
});
