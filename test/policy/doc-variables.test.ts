// Policy variables, from AWS's documentation:
//   [PV] IAM User Guide, "IAM policy elements: Variables and tags" (reference_policies_variables):
//        `${aws:username}` in Resource and in condition values; Version 2012-10-17 only (with
//        2008-10-17 or no Version the text is taken literally); default values `${key, 'default'}`;
//        the special characters `${*}`, `${?}`, `${$}`; a key that is not present makes the value
//        not match; a multivalued key cannot be a variable.
//   [CO] "Condition operators": policy variables Supported for String, Bool and Arn; Not supported
//        for Numeric, Date, Binary and IpAddress.
//   [CK] "AWS global condition context keys": aws:userid of a role session is ROLEID:session-name;
//        aws:username exists for IAM users only.
import { describe, expect, it } from 'vitest';
import {
  allowThenDeny,
  API_ID,
  eachAgrees,
  HUB,
  refusal,
  SPOKE,
  type DocCase,
  type Request,
} from './doc-cases.js';

const USER = `arn:aws:iam::${HUB}:user/pets`;
const SESSION = `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/alice`;
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/prod/GET/${rest}`;
// Allow invoking `rest` of the API (as written, variables and all).
const onPath = (rest: string) => [
  { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: arn(rest) },
];
// One statement on everything, decided by its Condition.
const when = (condition: object, effect: 'Allow' | 'Deny' = 'Allow') => [
  { Effect: effect, Principal: '*', Action: '*', Resource: '*', Condition: condition },
];
const withTags = (tags: Record<string, string>) => ({ extra: { tags } });
// The IAM user "pets" calling `rest` of the API.
const byUser = (rest: string): Request => ({ principal: USER, resource: arn(rest) });
// The role session calling `rest` of the API, with these principal tags if given.
const bySession = (rest: string, tags?: Record<string, string>): Request => ({
  principal: SESSION,
  resource: arn(rest),
  ...(tags ? withTags(tags) : {}),
});
// The role session with these principal tags (and context keys, if given), on the default resource.
const tagged = (tags: Record<string, string>, context?: Request['context']): Request => ({
  principal: SESSION,
  ...(context ? { context } : {}),
  ...withTags(tags),
});

const cases: DocCase[] = [
  ['[PV] ${aws:username} in Resource', onPath('${aws:username}'), byUser('pets'), 'Allowed'],
  [
    '[PV] ${aws:username}, another user',
    onPath('${aws:username}'),
    { principal: `arn:aws:iam::${HUB}:user/cats`, resource: arn('pets') },
    'ImplicitDeny',
  ],
  ['[PV] variable names are case-insensitive', onPath('${AWS:UserName}'), byUser('pets'), 'Allowed'],
  [
    '[PV] Version 2008-10-17: the text is literal',
    onPath('${aws:username}'),
    byUser('pets'),
    'ImplicitDeny',
    { version: '2008-10-17' },
  ],
  [
    '[PV] Version 2008-10-17: the literal text matches itself',
    onPath('${aws:username}'),
    byUser('${aws:username}'),
    'Allowed',
    { version: '2008-10-17' },
  ],
  [
    '[PV] no Version: the text is literal',
    onPath('${aws:username}'),
    byUser('pets'),
    'ImplicitDeny',
    { version: null },
  ],
  [
    '[PV][CK] a role session has no aws:username: no match',
    onPath('${aws:username}'),
    bySession('alice'),
    'ImplicitDeny',
  ],
  [
    '[PV] a principal tag',
    onPath('${aws:PrincipalTag/team}/*'),
    bySession('pets/1', { team: 'pets' }),
    'Allowed',
  ],
  [
    '[PV] a missing tag without default: no match',
    onPath('${aws:PrincipalTag/team}/*'),
    bySession('pets/1'),
    'ImplicitDeny',
  ],
  [
    '[PV] default value when the key is missing',
    onPath("${aws:PrincipalTag/team, 'pets'}"),
    bySession('pets'),
    'Allowed',
  ],
  [
    '[PV] default value is ignored when the key is present',
    onPath("${aws:PrincipalTag/team, 'pets'}"),
    bySession('pets', { team: 'cats' }),
    'ImplicitDeny',
  ],
  ['[PV] ${*} is a literal *', onPath('pe${*}'), bySession('pets'), 'ImplicitDeny'],
  ['[PV] ${*} matches a literal *', onPath('pe${*}'), bySession('pe*'), 'Allowed'],
  ['[PV] ${?} is a literal ?', onPath('pets${?}'), bySession('petsX'), 'ImplicitDeny'],
  ['[PV] ${$} is a literal $', onPath('pets${$}'), bySession('pets$'), 'Allowed'],
  [
    '[PV] a substituted value is literal, the policy text keeps its wildcards',
    onPath('${aws:PrincipalTag/team}*'),
    bySession('pets/1', { team: 'pets' }),
    'Allowed',
  ],
  [
    '[PV][CK] aws:userid of a role session is ROLEID:session',
    when({ StringLike: { 'aws:userid': 'AROA*:${aws:PrincipalTag/user}' } }),
    tagged({ user: 'alice' }),
    'Allowed',
  ],
  [
    '[PV] StringEquals against a variable',
    when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    tagged({ owner: 'pets', team: 'pets' }),
    'Allowed',
  ],
  [
    '[PV] a variable whose key is missing makes StringEquals false',
    when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    tagged({ owner: 'pets' }),
    'ImplicitDeny',
  ],
  [
    '[PV] ... and StringNotEquals true, as for a missing key',
    when({ StringNotEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }, 'Deny'),
    tagged({ owner: 'pets' }),
    'ExplicitDeny',
  ],
  [
    '[PV] a multivalued key cannot be a variable',
    when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:TagKeys}' } }),
    tagged({ owner: 'pets' }, { 'aws:TagKeys': ['pets'] }),
    'ImplicitDeny',
  ],
  [
    '[CO] Arn operators take variables',
    when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } }),
    SESSION,
    'Allowed',
  ],
  // The two pages disagree: Condition operators, Boolean: "You can use a policy variable with the
  // Boolean condition operator"; Variables and tags: "You can't use a policy variable with other
  // operators, such as Numeric, Date, Boolean, Binary, IP Address, or Null operators". Either
  // reading could give a false PASS, so the policy is refused (docs/aws-behaviour.md §13).
  [
    '[CO]/[PV] Bool with a variable: the pages disagree, refused',
    when({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } }),
    tagged({ tls: 'true' }, { 'aws:SecureTransport': true }),
    'refused',
  ],
  [
    '[CO]/[PV] Bool with a variable in a Deny: refused too',
    when({ Bool: { 'aws:MultiFactorAuthPresent': '${aws:PrincipalTag/mfa}' } }, 'Deny'),
    tagged({ mfa: 'false' }),
    'refused',
  ],
  // [PV] "Policy variables with no value": "If a variable that has no value in the authorization
  // context is used as part of the Resource or NotResource element of a policy, the resource that
  // includes a policy variable with no value will not match any resource."
  [
    '[PV] NotResource with a variable of no value excludes nothing: the Deny applies',
    allowThenDeny('*', { NotResource: arn('${aws:username}') }),
    bySession('alice'),
    'ExplicitDeny',
  ],
  [
    '[PV] NotResource with a resolved variable excludes that resource',
    allowThenDeny('*', { NotResource: arn('${aws:username}') }),
    byUser('pets'),
    'Allowed',
  ],
  [
    '[CO] Null takes no variables: refused',
    when({ Null: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/absent}' } }),
    SESSION,
    'refused',
  ],
  [
    '[CO] Bool with plain true/false is unaffected',
    when({ Bool: { 'aws:SecureTransport': 'true' } }),
    { principal: SESSION, context: { 'aws:SecureTransport': true } },
    'Allowed',
  ],
  [
    '[CO] Numeric operators take no variables: refused',
    when({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/max}' } }),
    tagged({ max: '10' }, { 'aws:MultiFactorAuthAge': '5' }),
    'refused',
  ],
  [
    '[CO] Date operators take no variables: refused',
    when({ DateLessThan: { 'aws:CurrentTime': '${aws:PrincipalTag/until}' } }),
    tagged({ until: '2999-01-01T00:00:00Z' }),
    'refused',
  ],
  [
    '[CO] IpAddress takes no variables: refused',
    when({ IpAddress: { 'aws:SourceIp': '${aws:PrincipalTag/net}' } }),
    tagged({ net: '10.0.0.0/8' }, { 'aws:SourceIp': '10.0.0.1' }),
    'refused',
  ],
  [
    '[PV] no variables in Principal',
    [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${HUB}:user/\${aws:username}` },
        Action: '*',
        Resource: '*',
      },
    ],
    USER,
    'refused',
  ],
];

describe('policy variables [PV] [CO] [CK]', () => {
  eachAgrees(cases);
  it('[CO]/[PV] the refusal of a Bool variable names the statement, the operator and why', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Tls',
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } },
        },
      ],
    };
    const e = refusal(doc, 'resource');
    expect(e?.message).toMatch(/Statement\[0\] \(Sid "Tls"\) Condition.*BoolIfExists.*pages disagree/);
  });
});
