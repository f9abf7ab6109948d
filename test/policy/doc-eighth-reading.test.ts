// An eighth set of policy cases written from AWS's documentation (issue 11; lane D, 2026-12-02), on
// what the first seven readings left out: unique principal ids against a principal deleted and
// re-created under the same ARN (Principal converts, condition keys do not), ForAllValues and
// ForAnyValue over single-valued keys, operators ANDed on one key, keys absent for a kind of caller
// under negated operators, and condition keys whose form Access Analyzer calls an ERROR. Truth was
// written from the pages before the engine was run; docs/aws-behaviour.md §28 gives the readings and
// what disagreed.
//
// Pages (https://docs.aws.amazon.com/…; read from the awsdocs/iam-user-guide source at e2b8637):
//   [P]   IAM/latest/UserGuide/reference_policies_elements_principal.html ("If your Principal element
//         … contains an ARN that points to a specific IAM role, then that ARN transforms to the role
//         unique principal ID when you save the policy … If someone deletes and recreates the role, the
//         role has a new ID"; the same for IAM users; "Because AWS does not convert condition key ARNs
//         to IDs, permissions granted to the role ARN persist if you delete the role and then create a
//         new role with the same name")
//   [CK]  IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:userid; aws:username "This
//         key is always included in the request context for IAM users"; aws:SourceVpce single-valued)
//   [MV]  IAM/latest/UserGuide/reference_policies_multi-value-conditions.html (ForAllValues "also
//         returns true if there are no keys in the request"; ForAnyValue false with no key)
//   [C]   IAM/latest/UserGuide/reference_policies_elements_condition.html ("If your policy has multiple
//         condition operators … evaluated using a logical AND")
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (a negated
//         operator over a missing key is true)
//   [AAC] IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html: the security warning
//         "ForAllValues with single valued key" ("can be overly permissive … It also returns true if
//         there are no keys in the request"), and the ERROR "Missing tag key in condition" ("The
//         condition key … must include a tag key to control access based on tags")
import { describe } from 'vitest';
import * as kit from './doc-cases.js';

const { st, when, denyWhen, R } = kit;
const USER = kit.USER;
const USER_ID = 'AIDAJQABLZS4A3QDU576Q';
/** The same user deleted and created again: the same ARN, a new unique id [P]. */
const RECREATED = 'AIDAXXHWLQZ6CNR2MVNOY';
const ROLE_ID = 'AROADBQP57FF2AEXAMPLE';
const as = (principal: string, principalId: string, sessionName?: string): kit.Request => ({
  principal,
  principalId,
  ...(sessionName ? { sessionName } : {}),
});
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const viaEndpoint = (vpce: string): kit.Request => ({
  principal: kit.SESSION,
  context: { 'aws:SourceVpce': vpce },
});

const uniqueIds: kit.DocCase[] = [
  [
    "[P] a Principal holding the user's unique id names that user",
    [st({ Principal: { AWS: USER_ID } })],
    as(USER, USER_ID),
    'Allowed',
    R,
  ],
  [
    '[P] …not the user re-created under the same ARN (a new id)',
    [st({ Principal: { AWS: USER_ID } })],
    as(USER, RECREATED),
    'ImplicitDeny',
    R,
  ],
  [
    "[P] a Deny holding the old user's id does not deny the re-created user",
    kit.allowAllThenDeny({ Principal: { AWS: USER_ID } }),
    as(USER, RECREATED),
    'Allowed',
    R,
  ],
  [
    "[P] a Principal holding a role's unique id names a session of that role",
    [st({ Principal: { AWS: ROLE_ID } })],
    as(kit.ROLE, ROLE_ID, 'ci'),
    'Allowed',
    R,
  ],
  [
    '[P] …not a session of the role re-created under the same ARN',
    [st({ Principal: { AWS: ROLE_ID } })],
    as(kit.ROLE, 'AROAZZZZZZZZZZEXAMPLE', 'ci'),
    'ImplicitDeny',
    R,
  ],
  [
    '[P] a condition on aws:PrincipalArn is not converted: the re-created user still matches',
    when({ ArnEquals: { 'aws:PrincipalArn': USER } }),
    as(USER, RECREATED),
    'Allowed',
    R,
  ],
  [
    '[P] …and the re-created role still matches ArnLike on its role ARN',
    when({ ArnLike: { 'aws:PrincipalArn': kit.ROLE } }),
    as(kit.ROLE, 'AROAZZZZZZZZZZEXAMPLE', 'ci'),
    'Allowed',
    R,
  ],
  [
    "[CK] aws:userid of an IAM user is its unique id: the old id is not the re-created user's",
    when({ StringEquals: { 'aws:userid': USER_ID } }),
    as(USER, RECREATED),
    'ImplicitDeny',
    R,
  ],
  [
    "[CK] aws:userid of a role session is ROLE-ID:session: the role's id with any session",
    when({ StringLike: { 'aws:userid': `${ROLE_ID}:*` } }),
    as(kit.ROLE, ROLE_ID, 'nightly'),
    'Allowed',
    R,
  ],
];

const setsOverSingleValues: kit.DocCase[] = [
  [
    '[AAC][MV] Allow ForAllValues:StringEquals aws:SourceVpce: a call through no endpoint gets in (the warned case)',
    when({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': VPCE } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[AAC][MV] …a call through another endpoint does not',
    when({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': VPCE } }),
    viaEndpoint('vpce-0ffffffffffffffff'),
    'ImplicitDeny',
    R,
  ],
  [
    '[AAC][MV] …a call through that endpoint does',
    when({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': VPCE } }),
    viaEndpoint(VPCE),
    'Allowed',
    R,
  ],
  [
    '[MV] Deny ForAnyValue:StringNotEquals aws:SourceVpce spares a call through no endpoint',
    denyWhen({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': VPCE } }),
    kit.SESSION,
    'Allowed',
    R,
  ],
  [
    '[MV] …and denies one through another endpoint',
    denyWhen({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': VPCE } }),
    viaEndpoint('vpce-0ffffffffffffffff'),
    'ExplicitDeny',
    R,
  ],
  [
    '[CO] while a plain Deny StringNotEquals aws:SourceVpce denies a call through no endpoint',
    denyWhen({ StringNotEquals: { 'aws:SourceVpce': VPCE } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
];

const andedAndAbsent: kit.DocCase[] = [
  [
    '[C] two operators on one key are ANDed: StringLike role/Checkout* and StringNotLike role/*Role',
    when({
      StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/Checkout*` },
      StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/*Role` },
    }),
    kit.SESSION,
    'ImplicitDeny',
    R,
  ],
  [
    '[C] …a role that passes both',
    when({
      StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/Checkout*` },
      StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/*Role` },
    }),
    `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutBot/ci`,
    'Allowed',
    R,
  ],
  [
    '[CK][CO] a role session has no aws:username: a Deny StringNotEquals on it applies',
    denyWhen({ StringNotEquals: { 'aws:username': 'pets' } }),
    kit.SESSION,
    'ExplicitDeny',
    R,
  ],
  [
    '[CK][CO] …and spares the IAM user of that name',
    denyWhen({ StringNotEquals: { 'aws:username': 'pets' } }),
    USER,
    'Allowed',
    R,
  ],
  [
    '[CK][CO] a Deny StringNotLike aws:userid AIDA* applies to a role session (its id is AROA…)',
    denyWhen({ StringNotLike: { 'aws:userid': 'AIDA*' } }),
    as(kit.ROLE, ROLE_ID, 'ci'),
    'ExplicitDeny',
    R,
  ],
  [
    '[CK][CO] …and spares a user',
    denyWhen({ StringNotLike: { 'aws:userid': 'AIDA*' } }),
    as(USER, USER_ID),
    'Allowed',
    R,
  ],
];

// Condition keys Access Analyzer calls an ERROR: a tag key left out.
// spokegate refuses such a document rather than decide a key no request can carry (§17, §28).
const badKeys: kit.DocCase[] = [
  [
    '[AAC] aws:PrincipalTag/ with no tag key ("Missing tag key in condition")',
    when({ StringEquals: { 'aws:PrincipalTag/': 'payments' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] …in a Deny too',
    denyWhen({ StringNotEquals: { 'aws:PrincipalTag/': 'payments' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] …aws:RequestTag/ likewise',
    when({ 'ForAllValues:StringEquals': { 'aws:RequestTag/': 'payments' } }),
    kit.SESSION,
    'refused',
    R,
  ],
  [
    '[AAC] a tag key is fine: aws:PrincipalTag/team',
    when({ StringEquals: { 'aws:PrincipalTag/team': 'payments' } }),
    { principal: kit.SESSION, extra: { tags: { team: 'payments' } } },
    'Allowed',
    R,
  ],
];

describe('unique principal ids and re-created principals (eighth reading)', () => {
  kit.eachAgrees(uniqueIds);
});

describe('set operators over single-valued keys, ANDed operators, absent keys (eighth reading)', () => {
  kit.eachAgrees([...setsOverSingleValues, ...andedAndAbsent]);
});

describe('condition keys of a form AWS refuses (eighth reading)', () => {
  kit.eachAgrees(badKeys);
});
