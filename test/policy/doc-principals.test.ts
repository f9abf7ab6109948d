// Principal and NotPrincipal, case by case from AWS's documentation:
//   [P]  IAM User Guide, "AWS JSON policy elements: Principal" (reference_policies_elements_principal)
//   [NP] IAM User Guide, "AWS JSON policy elements: NotPrincipal" (reference_policies_elements_notprincipal)
//   [EP] PrivateLink, "Control access to VPC endpoints using endpoint policies" (vpc-endpoints-access)
import { describe, expect, it } from 'vitest';
import { allowStatement, HUB, outcome, SPOKE, type Outcome } from './doc-cases.js';

const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
const ROLE_PATH = `arn:aws:iam::${HUB}:role/audit/AuditRole`;
const SESSION = (role: string, s: string) => `arn:aws:sts::${HUB}:assumed-role/${role}/${s}`;
const USER = `arn:aws:iam::${HUB}:user/division/bob`;
const OTHER_ROLE = `arn:aws:iam::${SPOKE}:role/CheckoutRole`;

type Case = [doc: string, principal: unknown, caller: string, expected: Outcome];

const cases: Case[] = [
  // "*" and {"AWS": "*"}: everyone, anonymous users included [P "All principals"].
  ['[P] All principals: "*"', '*', ROLE, 'Allowed'],
  ['[P] All principals: "*" includes anonymous', '*', 'anonymous', 'Allowed'],
  ['[P] All principals: {"AWS":"*"}', { AWS: '*' }, ROLE, 'Allowed'],
  ['[P] All principals: {"AWS":"*"} includes anonymous', { AWS: '*' }, 'anonymous', 'Allowed'],
  // An account id is shorthand for the account root: it names the account, so any principal of
  // the account matches the element [P "AWS account principals"].
  ['[P] account id shorthand, role of that account', { AWS: HUB }, ROLE, 'Allowed'],
  [
    '[P] account id shorthand, session of that account',
    { AWS: HUB },
    SESSION('CheckoutRole', 's1'),
    'Allowed',
  ],
  ['[P] account id shorthand, user of that account', { AWS: HUB }, USER, 'Allowed'],
  ['[P] account id shorthand, another account', { AWS: HUB }, OTHER_ROLE, 'ImplicitDeny'],
  ['[P] account id shorthand, anonymous', { AWS: HUB }, 'anonymous', 'ImplicitDeny'],
  ['[P] account root ARN', { AWS: `arn:aws:iam::${HUB}:root` }, ROLE, 'Allowed'],
  ['[P] account root ARN, another account', { AWS: `arn:aws:iam::${SPOKE}:root` }, ROLE, 'ImplicitDeny'],
  ['[P] account ids in a list', { AWS: [SPOKE, HUB] }, ROLE, 'Allowed'],
  // A role ARN: every session of the role [P "IAM role principals"]; the session ARN of a role with a
  // path carries no path, and it is the same role.
  ['[P] role ARN, a session of the role', { AWS: ROLE }, SESSION('CheckoutRole', 'any-name'), 'Allowed'],
  ['[P] role ARN, the role (default session)', { AWS: ROLE }, ROLE, 'Allowed'],
  [
    '[P] role ARN, another role of the account',
    { AWS: ROLE },
    `arn:aws:iam::${HUB}:role/Other`,
    'ImplicitDeny',
  ],
  ['[P] role ARN, the same name in another account', { AWS: ROLE }, OTHER_ROLE, 'ImplicitDeny'],
  ['[P] role ARN with a path, the role', { AWS: ROLE_PATH }, ROLE_PATH, 'Allowed'],
  ['[P] role ARN with a path, its session ARN', { AWS: ROLE_PATH }, SESSION('AuditRole', 'audit'), 'Allowed'],
  ['[P] role ARN, anonymous', { AWS: ROLE }, 'anonymous', 'ImplicitDeny'],
  // A path is part of the role's ARN (IAM identifiers: arn:aws:iam::ACCOUNT:role/PATH/NAME): an ARN
  // with another path (or none) names no role at the caller's path.
  [
    "[P] role ARN without the role's path, the role",
    { AWS: `arn:aws:iam::${HUB}:role/AuditRole` },
    ROLE_PATH,
    'ImplicitDeny',
  ],
  [
    '[P] role ARN with another path, the role',
    { AWS: `arn:aws:iam::${HUB}:role/ops/AuditRole` },
    ROLE_PATH,
    'ImplicitDeny',
  ],
  [
    '[P] role ARN with a path, a role of that name without it',
    { AWS: ROLE_PATH },
    `arn:aws:iam::${HUB}:role/AuditRole`,
    'ImplicitDeny',
  ],
  [
    '[P] both ARNs listed, the role',
    { AWS: [`arn:aws:iam::${HUB}:role/AuditRole`, ROLE_PATH] },
    ROLE_PATH,
    'Allowed',
  ],
  ["[P] user ARN without the user's path", { AWS: `arn:aws:iam::${HUB}:user/bob` }, USER, 'ImplicitDeny'],
  // An assumed-role session ARN: that session only [P "Role session principals"].
  [
    '[P] session ARN, that session',
    { AWS: SESSION('CheckoutRole', 's1') },
    SESSION('CheckoutRole', 's1'),
    'Allowed',
  ],
  [
    '[P] session ARN, another session of the role',
    { AWS: SESSION('CheckoutRole', 's1') },
    SESSION('CheckoutRole', 's2'),
    'ImplicitDeny',
  ],
  [
    '[P] session ARN, the role with another session',
    { AWS: SESSION('CheckoutRole', 's1') },
    ROLE,
    'ImplicitDeny',
  ],
  // IAM users [P "IAM user principals"], with a path.
  ['[P] user ARN with a path, that user', { AWS: USER }, USER, 'Allowed'],
  ['[P] user ARN, a role of the account', { AWS: USER }, ROLE, 'ImplicitDeny'],
  // Other principal types name no IAM role caller [P "AWS service principals", "Federated", "Canonical user"].
  ['[P] service principal', { Service: 'lambda.amazonaws.com' }, ROLE, 'ImplicitDeny'],
  ['[P] federated principal', { Federated: 'cognito-identity.amazonaws.com' }, ROLE, 'ImplicitDeny'],
  [
    '[P] canonical user',
    { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
    ROLE,
    'ImplicitDeny',
  ],
  // Invalid forms [P]: "Principal": "AWS account id" as a bare string, wildcards inside ARNs
  // ("you cannot use a wildcard to match part of a principal name or ARN").
  ['[P] bare account id string is not a Principal', HUB, ROLE, 'refused'],
  ['[P] wildcard in a role ARN', { AWS: `arn:aws:iam::${HUB}:role/*` }, ROLE, 'refused'],
  ['[P] wildcard in the account of a root ARN', { AWS: 'arn:aws:iam::*:root' }, ROLE, 'refused'],
  ['[P] wildcard in a session name', { AWS: SESSION('CheckoutRole', '*') }, ROLE, 'refused'],
];

describe('Principal [P]', () => {
  it.each(cases)('%s', (_doc, principal, caller, expected) => {
    expect(outcome([allowStatement({ Principal: principal })], { principal: caller })).toBe(expected);
  });
});

// NotPrincipal with Deny [NP]: "AWS might validate the account first, then the role, and then the
// assumed-role user", so a session is spared only when its account, role and session are all listed;
// a user when the account and the user are. The documented example lists all three for a session.
const denyAllBut = (np: unknown) => [
  { Effect: 'Deny', NotPrincipal: np, Action: 'execute-api:Invoke', Resource: '*' },
  allowStatement({ Principal: '*' }),
];
const S1 = SESSION('CheckoutRole', 's1');
const npCases: [doc: string, notPrincipal: unknown, caller: string, expected: Outcome][] = [
  [
    '[NP] example: session, role and account listed; that session is spared',
    { AWS: [S1, ROLE, `arn:aws:iam::${HUB}:root`] },
    S1,
    'Allowed',
  ],
  [
    '[NP] example: another session of the same role is denied',
    { AWS: [S1, ROLE, `arn:aws:iam::${HUB}:root`] },
    SESSION('CheckoutRole', 's2'),
    'ExplicitDeny',
  ],
  ['[NP] session without its account: denied through the account', { AWS: [S1, ROLE] }, S1, 'ExplicitDeny'],
  [
    '[NP] session without its role: denied through the role',
    { AWS: [S1, `arn:aws:iam::${HUB}:root`] },
    S1,
    'ExplicitDeny',
  ],
  ['[NP] user and its account: spared', { AWS: [USER, `arn:aws:iam::${HUB}:root`] }, USER, 'Allowed'],
  ['[NP] user without its account: denied', { AWS: [USER] }, USER, 'ExplicitDeny'],
  [
    '[NP] anonymous is never spared by named principals',
    { AWS: [S1, ROLE, `arn:aws:iam::${HUB}:root`] },
    'anonymous',
    'ExplicitDeny',
  ],
  [
    '[NP] another account is denied',
    { AWS: [S1, ROLE, `arn:aws:iam::${HUB}:root`] },
    OTHER_ROLE,
    'ExplicitDeny',
  ],
  ['[NP] account id shorthand counts as the account', { AWS: [S1, ROLE, HUB] }, S1, 'Allowed'],
];

describe('NotPrincipal with Deny [NP]', () => {
  it.each(npCases)('%s', (_doc, np, caller, expected) => {
    expect(outcome(denyAllBut(np), { principal: caller })).toBe(expected);
  });
  it('[NP] NotPrincipal with Allow ("not supported") is refused, never read as everyone not listed', () => {
    const sts = [
      { Effect: 'Allow', NotPrincipal: { AWS: ROLE }, Action: 'execute-api:Invoke', Resource: '*' },
    ];
    expect(outcome(sts, { principal: 'anonymous' })).toBe('refused');
    expect(outcome(sts, { principal: OTHER_ROLE }, { kind: 'resource' })).toBe('refused');
  });
  it('[NP] a statement may not have both Principal and NotPrincipal', () => {
    expect(
      outcome([allowStatement({ Principal: '*', NotPrincipal: { AWS: ROLE } })], { principal: ROLE }),
    ).toBe('refused');
  });
});

describe('Principal in an endpoint policy [EP]', () => {
  it('[EP] an account principal admits the principals of that account', () => {
    const sts = [allowStatement({ Principal: { AWS: HUB } })];
    expect(outcome(sts, { principal: ROLE }, { kind: 'endpoint' })).toBe('Allowed');
    expect(outcome(sts, { principal: OTHER_ROLE }, { kind: 'endpoint' })).toBe('ImplicitDeny');
    expect(outcome(sts, { principal: 'anonymous' }, { kind: 'endpoint' })).toBe('ImplicitDeny');
  });
  it('[EP] the default endpoint policy (full access) allows everyone, anonymous included', () => {
    const full = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }];
    for (const caller of [ROLE, OTHER_ROLE, 'anonymous'])
      expect(outcome(full, { principal: caller }, { kind: 'endpoint' })).toBe('Allowed');
  });
});
