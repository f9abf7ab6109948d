// Permissions boundaries as a layer of the chain, case by case from AWS's documentation:
//   [B]  IAM User Guide, access_policies_boundaries: "An entity's permissions boundary allows it to
//        perform only the actions that are allowed by both its identity-based policies and its
//        permissions boundaries"; "it limits the user's permissions but does not provide permissions
//        on its own"; "An explicit deny in either of these policies overrides the allow"; with a session
//        policy, the effective permissions are "everything that is allowed by all three types".
//   [N]  Same page, "Important": "The NotPrincipal element with a Deny effect will always deny any IAM
//        principal that has a permissions boundary policy attached, regardless of the values specified
//        in the NotPrincipal element." An endpoint policy "is a resource-based policy that you attach
//        to a VPC endpoint" (PrivateLink guide, vpc-endpoints-access), so it holds there too.
//   [E]  IAM User Guide, reference_policies_evaluation-logic (policy-eval-denyallow, same account):
//        "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit
//        deny in a permissions boundary or session policy"; to a role session ARN they are "not limited
//        by an implicit deny in an identity-based policy, a permissions boundary, or session policy";
//        to an IAM user ARN "not limited by an implicit deny in an identity-based policy or permissions
//        boundary".
//   [X]  IAM User Guide, reference_policies_evaluation-logic-cross-account: the trusted account's
//        evaluation "checks the identity-based policy and any policies that can limit an identity-based
//        policy"; "The request is allowed only if both evaluations return a decision of Allow".
//   [R]  Not documented, spokegate's reading (as for session policies, docs/aws-behaviour.md §11): a
//        grant to "*" or to the account names no caller itself, so it stays limited.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { chainOutcome, HUB, policyDoc } from './doc-cases.js';
import {
  ALL_DOC,
  calling,
  CROSS,
  evaluateIn,
  GETS_DOC,
  grant,
  expectEvaluateLimited,
  expectExplained,
  limitingCases,
  namedCallerCases,
  OTHER_DOC,
  ROLE,
  SAME,
  SESSION,
  TO_ROLE,
  type LayerCase,
} from './limiting-layers.js';

const USER = `arn:aws:iam::${HUB}:user/alice`;
const ALL = [ALL_DOC];
const OTHER = [OTHER_DOC];
/** AWS's warning shape: everyone may call, except a Deny sparing the role, its session and account. */
const SPARING = [
  ...grant('*'),
  {
    Effect: 'Deny',
    NotPrincipal: { AWS: [ROLE, SESSION, `arn:aws:iam::${HUB}:root`] },
    Action: 'execute-api:Invoke',
    Resource: '*',
  },
];

const cases: LayerCase[] = [
  ...limitingCases('boundary', {
    allows: '[B] identity and boundary both allow',
    silent: '[B] the boundary is silent on the call',
    explicitDeny: '[B] an explicit deny in the boundary',
    grantsNothing: '[B] a boundary grants nothing on its own',
    crossNamesSession: '[X] cross account a grant to the session ARN is still limited',
    denyElsewhere: 'an explicit deny in the resource policy is its own layer',
    sameToRole: '[E] same account, a grant to the role ARN is limited by the boundary',
    sameToRoleWithin: '[E] same account, a grant to the role ARN within the boundary',
    sameToSession: '[E] same account, a grant to the session ARN is not limited',
    sameToSessionDenied: '[E] same account, an explicit deny in the boundary still wins over a session grant',
    sameToStar: '[R] same account, a grant to "*" names no caller: limited',
    sameToAccount: '[E] same account, a grant to the account delegates: identity ∩ boundary',
    identityAlone: '[B] same account, identity alone, limited',
    identityAloneWithin: '[B] same account, identity alone within the boundary',
    noneMethod: 'NONE methods evaluate no IAM policy: no boundary either',
    identityNotGiven: 'identity not given: a resource grant to the role is still limited',
  }),
  ...calling(SESSION, CROSS, [
    [
      '[B] session policy and boundary: the boundary silent',
      { resource: TO_ROLE, identity: ALL, session: ALL, boundary: OTHER_DOC },
      'deny boundary ImplicitDeny',
    ],
    [
      '[B] session policy and boundary: the session policy silent',
      { resource: TO_ROLE, identity: ALL, session: OTHER, boundary: ALL_DOC },
      'deny session ImplicitDeny',
    ],
    [
      '[B] session policy and boundary: all three allow',
      { resource: TO_ROLE, identity: ALL, session: ALL, boundary: GETS_DOC },
      'allow',
    ],
  ]),
  ...calling(SESSION, SAME, [
    [
      '[N] without a boundary the NotPrincipal Deny spares the role',
      { resource: SPARING, identity: ALL },
      'allow',
    ],
    [
      '[N] with a boundary the NotPrincipal Deny applies whatever it names',
      { resource: SPARING, identity: ALL, boundary: ALL_DOC },
      'deny resource ExplicitDeny',
    ],
    [
      '[N] "always": on a NONE route too, where the resource policy sees the signer',
      { resource: SPARING, boundary: ALL_DOC, authorizationType: 'NONE' },
      'deny resource ExplicitDeny',
    ],
    [
      '[N] the same in an endpoint policy (a resource-based policy)',
      { endpoint: SPARING, identity: ALL, boundary: ALL_DOC },
      'deny endpoint ExplicitDeny',
    ],
  ]),
  ...namedCallerCases('boundary', USER, {
    named: '[E] same account, a grant to the IAM user ARN is not limited',
    viaAccount: '[R] same account, a grant to the account is limited for a user too',
  }),
  ...calling(USER, SAME, [
    [
      '[B] a user: identity alone, limited',
      { identity: ALL, boundary: OTHER_DOC },
      'deny boundary ImplicitDeny',
    ],
  ]),
];

describe('permissions boundaries as a layer of the chain', () => {
  it.each(cases)('%s', (_doc, layers, caller, resource, expected) => {
    expect(chainOutcome(layers, { principal: caller, resource })).toBe(expected);
  });

  it('explains the boundary layer and lists its decision', () => {
    const p = (sts: object[], name: string) => parsePolicy(policyDoc(sts), { name }, { kind: 'identity' });
    expectExplained(
      { permissionsBoundary: p(OTHER_DOC, 'boundary') },
      'boundary',
      /permissions boundary: no statement allows/,
      /permissions boundary/,
    );
  });

  it('evaluate --permissions-boundary adds the layer; it is refused for a caller that has none', async () => {
    const evaluate = evaluateIn('sg-boundary-', { 'boundary.json': OTHER_DOC });
    await expectEvaluateLimited(evaluate, '--permissions-boundary', 'boundary.json', 'boundary');
    const role = await evaluate(ROLE, ['--permissions-boundary', 'boundary.json']);
    expect(role.code, role.text).toBe(1);
    const root = await evaluate(`arn:aws:iam::${HUB}:root`, ['--permissions-boundary', 'boundary.json']);
    expect(root.code, root.text).toBe(2);
    expect(root.err).toMatch(/--permissions-boundary: only an IAM role or user has a permissions boundary/);
  });
});
