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

/** One policy read as a resource policy, and what each caller gets from it: one case a caller. */
const under = (policy: object[], ...callers: [doc: string, caller: kit.Caller, expected: kit.Outcome][]) =>
  callers.map(([doc, caller, expected]): kit.DocCase => [doc, policy, caller, expected, R]);
const ROLE_RECREATED = 'AROAZZZZZZZZZZEXAMPLE';
const OTHER_VPCE = 'vpce-0ffffffffffffffff';

const uniqueIds: kit.DocCase[] = [
  ...under(
    [st({ Principal: { AWS: USER_ID } })],
    ["[P] a Principal holding the user's unique id names that user", as(USER, USER_ID), 'Allowed'],
    ['[P] …not the user re-created under the same ARN (a new id)', as(USER, RECREATED), 'ImplicitDeny'],
  ),
  ...under(kit.allowAllThenDeny({ Principal: { AWS: USER_ID } }), [
    "[P] a Deny holding the old user's id does not deny the re-created user",
    as(USER, RECREATED),
    'Allowed',
  ]),
  ...under(
    [st({ Principal: { AWS: ROLE_ID } })],
    [
      "[P] a Principal holding a role's unique id names a session of that role",
      as(kit.ROLE, ROLE_ID, 'ci'),
      'Allowed',
    ],
    [
      '[P] …not a session of the role re-created under the same ARN',
      as(kit.ROLE, ROLE_RECREATED, 'ci'),
      'ImplicitDeny',
    ],
  ),
  // One Allow under a condition each.
  ...(
    [
      [
        '[P] a condition on aws:PrincipalArn is not converted: the re-created user still matches',
        { ArnEquals: { 'aws:PrincipalArn': USER } },
        as(USER, RECREATED),
        'Allowed',
      ],
      [
        '[P] …and the re-created role still matches ArnLike on its role ARN',
        { ArnLike: { 'aws:PrincipalArn': kit.ROLE } },
        as(kit.ROLE, ROLE_RECREATED, 'ci'),
        'Allowed',
      ],
      [
        "[CK] aws:userid of an IAM user is its unique id: the old id is not the re-created user's",
        { StringEquals: { 'aws:userid': USER_ID } },
        as(USER, RECREATED),
        'ImplicitDeny',
      ],
      [
        "[CK] aws:userid of a role session is ROLE-ID:session: the role's id with any session",
        { StringLike: { 'aws:userid': `${ROLE_ID}:*` } },
        as(kit.ROLE, ROLE_ID, 'nightly'),
        'Allowed',
      ],
    ] satisfies [string, object, kit.Caller, kit.Outcome][]
  ).flatMap(([doc, condition, caller, expected]) => under(when(condition), [doc, caller, expected])),
];

const setsOverSingleValues: kit.DocCase[] = [
  ...under(
    when({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': VPCE } }),
    [
      '[AAC][MV] Allow ForAllValues:StringEquals aws:SourceVpce: a call through no endpoint gets in (the warned case)',
      kit.SESSION,
      'Allowed',
    ],
    ['[AAC][MV] …a call through another endpoint does not', viaEndpoint(OTHER_VPCE), 'ImplicitDeny'],
    ['[AAC][MV] …a call through that endpoint does', viaEndpoint(VPCE), 'Allowed'],
  ),
  ...under(
    denyWhen({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': VPCE } }),
    [
      '[MV] Deny ForAnyValue:StringNotEquals aws:SourceVpce spares a call through no endpoint',
      kit.SESSION,
      'Allowed',
    ],
    ['[MV] …and denies one through another endpoint', viaEndpoint(OTHER_VPCE), 'ExplicitDeny'],
  ),
  ...under(denyWhen({ StringNotEquals: { 'aws:SourceVpce': VPCE } }), [
    '[CO] while a plain Deny StringNotEquals aws:SourceVpce denies a call through no endpoint',
    kit.SESSION,
    'ExplicitDeny',
  ]),
];

const andedAndAbsent: kit.DocCase[] = [
  ...under(
    when({
      StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/Checkout*` },
      StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/*Role` },
    }),
    [
      '[C] two operators on one key are ANDed: StringLike role/Checkout* and StringNotLike role/*Role',
      kit.SESSION,
      'ImplicitDeny',
    ],
    ['[C] …a role that passes both', `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutBot/ci`, 'Allowed'],
  ),
  ...under(
    denyWhen({ StringNotEquals: { 'aws:username': 'pets' } }),
    [
      '[CK][CO] a role session has no aws:username: a Deny StringNotEquals on it applies',
      kit.SESSION,
      'ExplicitDeny',
    ],
    ['[CK][CO] …and spares the IAM user of that name', USER, 'Allowed'],
  ),
  ...under(
    denyWhen({ StringNotLike: { 'aws:userid': 'AIDA*' } }),
    [
      '[CK][CO] a Deny StringNotLike aws:userid AIDA* applies to a role session (its id is AROA…)',
      as(kit.ROLE, ROLE_ID, 'ci'),
      'ExplicitDeny',
    ],
    ['[CK][CO] …and spares a user', as(USER, USER_ID), 'Allowed'],
  ),
];

// Condition keys Access Analyzer calls an ERROR: a tag key left out.
// spokegate refuses such a document rather than decide a key no request can carry (§17, §28).
const badKeys: kit.DocCase[] = [
  ...under(when({ StringEquals: { 'aws:PrincipalTag/': 'payments' } }), [
    '[AAC] aws:PrincipalTag/ with no tag key ("Missing tag key in condition")',
    kit.SESSION,
    'refused',
  ]),
  ...under(denyWhen({ StringNotEquals: { 'aws:PrincipalTag/': 'payments' } }), [
    '[AAC] …in a Deny too',
    kit.SESSION,
    'refused',
  ]),
  ...under(when({ 'ForAllValues:StringEquals': { 'aws:RequestTag/': 'payments' } }), [
    '[AAC] …aws:RequestTag/ likewise',
    kit.SESSION,
    'refused',
  ]),
  ...under(when({ StringEquals: { 'aws:PrincipalTag/team': 'payments' } }), [
    '[AAC] a tag key is fine: aws:PrincipalTag/team',
    { principal: kit.SESSION, extra: { tags: { team: 'payments' } } },
    'Allowed',
  ]),
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
