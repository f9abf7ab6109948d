// A sixth set of policy cases written from AWS's documentation (issue 11, "How it is checked"; lane C,
// 2026-12-02), on the five topics of the hidden check: partitions, policy variables, invalid
// documents, the short form of resources, principals. Only cases no earlier reading (doc-*.test.ts,
// aws-doc-cases, semantics-partitions-variables) holds. Each names its page; where a page is silent or
// says two things, the case says which reading was chosen and docs/aws-behaviour.md §20 gives why.
//
// Pages (https://docs.aws.amazon.com/…; the Access Analyzer check list read from the awsdocs/iam-user-guide
// source, doc_source/access-analyzer-reference-policy-checks.md at 4ed4c51, and the current page):
//   [ARN]  IAM/latest/UserGuide/reference-arns.html (the partition is part of every ARN; "Each AWS
//          account is scoped to one partition"); botocore data/endpoints.json `regionRegex` per partition
//   [P]    IAM/latest/UserGuide/reference_policies_elements_principal.html ("you cannot use a wildcard to
//          match part of a principal name or ARN"; role session principals
//          arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION-NAME; IAM role principals: a deleted role
//          leaves its unique id, which "no longer applies, even if you recreate the user or role")
//   [NP]   IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
//   [PV]   IAM/latest/UserGuide/reference_policies_variables.html ("You can use policy variables in the
//          Resource element and in string comparisons in the Condition element"; a variable with no value)
//   [CK]   IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:username: IAM users only, the
//          user's friendly name; aws:PrincipalAccount; aws:PrincipalArn of a role session is the role ARN)
//   [ID]   IAM/latest/UserGuide/reference_identifiers.html (friendly names and paths: user
//          arn:aws:iam::ACCOUNT:user/division_abc/subdivision_xyz/Bob is the user named Bob)
//   [CO]   IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   [AAC]  IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html, the ERRORs "Duplicate keys
//          with different case", "Invalid ARN account", "Invalid ARN service case", "Missing ARN field",
//          "Missing ARN Region", "Invalid partition", "Invalid principal format", "Invalid principal
//          key", "Unsupported wildcard in principal" ("Wildcards (*, ?) are not supported"), "Variable
//          unsupported in element" ("Policy variables are supported in the Resource and Condition
//          elements"); the suggestion "Empty object condition" ("This condition block is empty and it
//          does not affect the policy" / "the statement has no effect on the policy")
//   [G]    IAM/latest/UserGuide/reference_policies_grammar.html (principal_map_entry = "AWS" | "Federated"
//          | "Service" | "CanonicalUser"; condition_map)
//   [AGX]  apigateway/latest/developerguide/apigateway-resource-policies-examples.html ("API Gateway
//          converts the abbreviated syntax to the full ARN when you save the policy … by using the current
//          Region, your AWS account ID, and the ID of the REST API that the resource policy is associated
//          with. You can use execute-api:/* to represent all stages, methods, and paths in the current API")
//   [R]    IAM/latest/UserGuide/reference_policies_elements_resource.html ("If the * wildcard is the last
//          character of a resource ARN segment, it can expand to match beyond the colon boundaries")
//   [AGI]  apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
//          (arn:aws:execute-api:region:account-id:api-id/stage-name/HTTP-VERB/resource-path)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/sandbox/server.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { signRequest } from '../../src/signing/sign.js';
import type { Credentials } from '../../src/signing/types.js';
import { runCli } from '../cli-in-process.js';
import { invoking } from '../cli-evaluate-lint/helpers.js';
import {
  apiHost,
  asReply,
  assume,
  CONTROL_HOST,
  demoWorld,
  invoke,
  newState,
  outcome,
} from '../sandbox/helpers.js';
import * as kit from './doc-cases.js';

const arn = (rest: string, account = kit.SPOKE) =>
  `arn:aws:execute-api:us-east-1:${account}:${kit.API_ID}/${rest}`;
const session = (partition: string, role = 'CheckoutRole', name = 'ci') =>
  `arn:${partition}:sts::${kit.HUB}:assumed-role/${role}/${name}`;
const roleIn = (partition: string, role = 'CheckoutRole') => `arn:${partition}:iam::${kit.HUB}:role/${role}`;
/** An execute-api ARN of the same call in another partition's region. */
const callIn = (partition: string, region: string) =>
  `arn:${partition}:execute-api:${region}:${kit.SPOKE}:${kit.API_ID}/prod/GET/pets`;
/** A caller of `partition` calling that partition's copy of the API. */
const from = (partition: string, region: string, principal = session(partition)): kit.Caller => ({
  principal,
  resource: callIn(partition, region),
});
const ROLE_PATH = `arn:aws:iam::${kit.HUB}:role/audit/AuditRole`;
const PATH_USER = `arn:aws:iam::${kit.HUB}:user/division_abc/subdivision_xyz/Bob`;
const withTags = (principal: string, tags: Record<string, string>, resource?: string): kit.Caller => ({
  principal,
  extra: { tags },
  ...(resource ? { resource } : {}),
});
/** Allow everyone, then a Deny with `el` (NotPrincipal, a short form, …). */

const partitions: kit.DocCase[] = [
  // ---- Every partition's regions, and principals matched within a partition [ARN][P]
  kit.principalCase(
    '[ARN][P] an aws-iso role entry names no aws session of the same account and name',
    { AWS: roleIn('aws-iso') },
    kit.SESSION,
    'ImplicitDeny',
  ),
  [
    '[ARN][P] an aws-iso-b session matches its aws-iso-b role entry',
    [kit.st({ Principal: { AWS: roleIn('aws-iso-b') } })],
    from('aws-iso-b', 'us-isob-east-1'),
    'Allowed',
    kit.R,
  ],
  [
    '[ARN][P] an aws-eusc session: an aws root entry of the same account names it not',
    [kit.st({ Principal: { AWS: `arn:aws:iam::${kit.HUB}:root` } })],
    from('aws-eusc', 'eusc-de-east-1'),
    'ImplicitDeny',
    kit.R,
  ],
  [
    '[ARN][P] an aws-iso-e session: its own root entry names it',
    [kit.st({ Principal: { AWS: `arn:aws-iso-e:iam::${kit.HUB}:root` } })],
    from('aws-iso-e', 'eu-isoe-west-1'),
    'Allowed',
    kit.R,
  ],
  [
    '[ARN][NP] a Deny NotPrincipal listing the aws-cn session, role and root spares no aws session',
    kit.allowAllThenDeny({
      Principal: undefined,
      NotPrincipal: { AWS: [session('aws-cn'), roleIn('aws-cn'), `arn:aws-cn:iam::${kit.HUB}:root`] },
    }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[ARN][NP] ... and spares the aws-cn session it names',
    kit.allowAllThenDeny({
      Principal: undefined,
      NotPrincipal: { AWS: [session('aws-cn'), roleIn('aws-cn'), `arn:aws-cn:iam::${kit.HUB}:root`] },
    }),
    from('aws-cn', 'cn-north-1'),
    'Allowed',
    kit.R,
  ],
  [
    '[ARN][P] a Deny naming the aws-us-gov role spares the aws session of that name',
    kit.allowAllThenDeny({ Principal: { AWS: roleIn('aws-us-gov') } }),
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
  [
    '[CK][ARN] aws:PrincipalArn of an aws-us-gov session is the role ARN in aws-us-gov',
    kit.when({ StringEquals: { 'aws:PrincipalArn': roleIn('aws-us-gov') } }),
    from('aws-us-gov', 'us-gov-west-1'),
    'Allowed',
  ],
  [
    '[CO][ARN] StringLike "arn:aws:*" is text: it does not match an aws-cn ARN',
    kit.when({ StringLike: { 'aws:PrincipalArn': 'arn:aws:*' } }),
    from('aws-cn', 'cn-north-1'),
    'ImplicitDeny',
  ],
  [
    '[CO][ARN] ArnLike compares the partition component on its own: "aws*" matches aws-cn',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws*:iam::*:role/CheckoutRole' } }),
    from('aws-cn', 'cn-north-1'),
    'Allowed',
  ],
  [
    '[CO][ARN] ArnEquals with the aws partition does not match the aws-iso role',
    kit.when({ ArnEquals: { 'aws:PrincipalArn': kit.ROLE } }),
    from('aws-iso', 'us-iso-east-1'),
    'ImplicitDeny',
  ],
  [
    '[CK][ARN] aws:PrincipalAccount carries no partition: an aws-cn caller of that account matches',
    kit.when({ StringEquals: { 'aws:PrincipalAccount': kit.HUB } }),
    from('aws-cn', 'cn-north-1'),
    'Allowed',
  ],
  [
    '[ARN][AGI] an aws Resource never matches the aws-eusc API',
    [kit.st({ Resource: `arn:aws:execute-api:*:${kit.SPOKE}:${kit.API_ID}/*` })],
    from('aws-eusc', 'eusc-de-east-1'),
    'ImplicitDeny',
  ],
  [
    '[ARN][AGI] an aws-iso-f Resource matches the aws-iso-f API',
    [kit.st({ Resource: `arn:aws-iso-f:execute-api:*:${kit.SPOKE}:${kit.API_ID}/*` })],
    from('aws-iso-f', 'us-isof-south-1'),
    'Allowed',
  ],
  [
    '[AAC] "Invalid partition": a Resource in a partition AWS does not have is refused',
    [kit.st({ Resource: `arn:aws-moon:execute-api:us-east-1:${kit.SPOKE}:${kit.API_ID}/*` })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  kit.principalCase(
    '[AAC][P] a Principal in a partition AWS does not have is refused, not read as "no one"',
    { AWS: `arn:aws-moon:iam::${kit.HUB}:role/CheckoutRole` },
    kit.SESSION,
    'refused',
  ),
];

const variables: kit.DocCase[] = [
  // ---- Policy variables [PV][CK][ID]
  [
    "[PV][ID] ${aws:username} of a user with a path is the user's friendly name, without the path",
    [kit.st({ Resource: arn('prod/GET/home/${aws:username}') })],
    { principal: PATH_USER, resource: arn('prod/GET/home/Bob') },
    'Allowed',
  ],
  [
    '[PV][ID] ... so the path in the resource does not match',
    [kit.st({ Resource: arn('prod/GET/home/${aws:username}') })],
    { principal: PATH_USER, resource: arn('prod/GET/home/division_abc/subdivision_xyz/Bob') },
    'ImplicitDeny',
  ],
  [
    '[PV] "You can\'t use a variable to replace parts of the ARN before the fifth colon, such as the … account": refused',
    [kit.st({ Resource: `arn:aws:execute-api:*:\${aws:PrincipalAccount}:*/*` })],
    { principal: kit.SESSION, resource: arn('prod/GET/pets', kit.HUB) },
    'refused',
  ],
  [
    '[PV][CK] the account root has no aws:username: ${aws:username} matches nothing',
    [kit.st({ Resource: arn('prod/GET/home/${aws:username}') })],
    { principal: `arn:aws:iam::${kit.HUB}:root`, resource: arn('prod/GET/home/root') },
    'ImplicitDeny',
  ],
  [
    '[PV][C] a tag key in a variable is case-insensitive, as in a condition key',
    kit.when({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/TEAM}' } }),
    withTags(kit.SESSION, { owner: 'pets', team: 'pets' }),
    'Allowed',
  ],
  [
    '[PV][CO] IfExists tests the key, not the variable: key present, variable without value → false',
    kit.when({ StringEqualsIfExists: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    withTags(kit.SESSION, { owner: 'pets' }),
    'ImplicitDeny',
  ],
  [
    '[PV][CO] ... and StringNotEqualsIfExists true (a Deny over it applies)',
    kit.denyWhen({ StringNotEqualsIfExists: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    withTags(kit.SESSION, { owner: 'pets' }),
    'ExplicitDeny',
  ],
  [
    '[PV][CO] a variable without value under StringNotEqualsIgnoreCase: true, as for a missing key',
    kit.denyWhen({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}' } }),
    withTags(kit.SESSION, { owner: 'pets' }),
    'ExplicitDeny',
  ],
  [
    '[PV] a default stands in for a variable without value, in the short form too',
    [kit.st({ Resource: "execute-api:/${aws:PrincipalTag/stage, 'prod'}/GET/pets" })],
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
  [
    '[PV] a variable without value in the short form of a NotResource: the Deny applies',
    kit.allowAllThenDeny({ Resource: undefined, NotResource: 'execute-api:/${aws:PrincipalTag/stage}/*' }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[PV][AAC] "Variable unsupported in element": a variable in NotPrincipal is refused',
    kit.allowAllThenDeny({
      Principal: undefined,
      NotPrincipal: { AWS: `arn:aws:iam::${kit.HUB}:user/\${aws:username}` },
    }),
    kit.USER,
    'refused',
    kit.R,
  ],
  [
    '[PV][AAC] ... in NotAction too',
    [kit.st({ Action: undefined, NotAction: 'execute-api:${aws:PrincipalTag/action}' })],
    kit.SESSION,
    'refused',
  ],
  [
    '[PV][AAC] ... and in a condition key (variables go in condition values)',
    kit.when({ StringEquals: { 'aws:PrincipalTag/${aws:username}': 'x' } }),
    kit.USER,
    'refused',
  ],
];

const invalid: kit.DocCase[] = [
  kit.principalCase(
    '[AAC][P] "Invalid principal format": a role ARN with a trailing space names no role, refused (not trimmed)',
    { AWS: `${kit.ROLE} ` },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase(
    '[AAC][P] ... a leading space too, in a Deny',
    { AWS: ` ${kit.ROLE}` },
    kit.SESSION,
    'refused',
    true,
  ),
  [
    '[AAC][PV] "Unsupported symbol in variable": * in a variable name (no context key holds one) is refused',
    kit.denyWhen({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/*}' } }),
    withTags(kit.SESSION, { team: 'pets' }),
    'refused',
  ],
  [
    '[AAC][PV] ... ? too',
    kit.when({ StringLike: { 'aws:PrincipalAccount': '${aws:Principal?ccount}' } }),
    kit.SESSION,
    'refused',
  ],
  // ---- Documents AWS's validator refuses [AAC][G]
  [
    '[AAC] "Duplicate keys with different case": one key twice in a block, in two cases, is refused',
    kit.when({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'AWS:SOURCEVPCE': 'vpce-5e6f7a8b' } }),
    { principal: kit.SESSION, context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    'refused',
  ],
  [
    '[AAC] ... in a Deny too (either entry could be the one AWS reads)',
    kit.denyWhen({ StringNotEquals: { 'aws:PrincipalTag/team': 'pets', 'aws:principaltag/TEAM': 'cats' } }),
    withTags(kit.SESSION, { team: 'pets' }),
    'refused',
  ],
  [
    '[C] the same key in two operator blocks is no duplicate: both must hold',
    kit.when({
      StringEquals: { 'aws:PrincipalAccount': kit.HUB },
      StringNotEquals: { 'AWS:PRINCIPALACCOUNT': kit.SPOKE },
    }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[AAC] "Invalid ARN account": an account of fewer than 12 digits is refused',
    [kit.st({ Resource: `arn:aws:execute-api:us-east-1:2222:${kit.API_ID}/*` })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[AAC] "Invalid ARN service case": Execute-API is refused',
    [kit.st({ Resource: `arn:aws:Execute-API:us-east-1:${kit.SPOKE}:${kit.API_ID}/*` })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[AAC] "Missing ARN field": an execute-api ARN of five fields is refused',
    [kit.st({ Resource: `arn:aws:execute-api:us-east-1:${kit.SPOKE}` })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  kit.resourceCase(
    '[R] a * ending a segment "can expand to match beyond the colon boundaries": five fields ending in * is a pattern',
    'arn:aws:execute-api:us-east-1:*',
    kit.SESSION,
    'Allowed',
  ),
  [
    '[AAC] "Missing ARN Region": an execute-api ARN with an empty region is refused',
    [kit.st({ Resource: `arn:aws:execute-api::${kit.SPOKE}:${kit.API_ID}/*` })],
    kit.SESSION,
    'refused',
    kit.R,
  ],
  [
    '[AAC] ... in an identity policy too',
    [
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api::${kit.SPOKE}:${kit.API_ID}/*`,
      },
    ],
    kit.SESSION,
    'refused',
    { kind: 'identity' },
  ],
  kit.principalCase(
    '[AAC][G] "Invalid principal key": "aws" in lower case is refused',
    { aws: '*' },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase('[AAC][G] ... so is a key AWS does not have', { IAM: kit.ROLE }, kit.SESSION, 'refused'),
  kit.principalCase('[AAC][G] "Invalid principal format": a list is refused', ['*'], kit.SESSION, 'refused'),
  kit.principalCase(
    '[AAC][P] "Unsupported wildcard in principal": ? in a role name is refused',
    { AWS: `arn:aws:iam::${kit.HUB}:role/Checkout?ole` },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase(
    '[AAC][P] ... ? in the account of a root ARN too',
    { AWS: 'arn:aws:iam::11111111111?:root' },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase(
    '[AAC][P] ... ? in a service principal too',
    { Service: 'lambda.amazonaws.co?' },
    kit.SESSION,
    'refused',
  ),
  kit.principalCase('[AAC][P] an empty principal string is refused', { AWS: '' }, kit.SESSION, 'refused'),
  kit.principalCase(
    '[AAC][P] an account id of 11 digits is refused',
    { AWS: '11111111111' },
    kit.SESSION,
    'refused',
  ),
  // "Empty object condition": the headline says the condition block "does not affect the policy"
  // (read: the statement applies as if it had none), the text that "the statement has no effect on
  // the policy" (read: it is left out). Either reading gives a false PASS the other way round, so the
  // policy is refused, as the plain operator with no values is (doc-fifth-reading).
  [
    '[AAC] an empty Condition object: the page says it both ways, refused',
    [kit.st({ Condition: {} })],
    kit.SESSION,
    'refused',
  ],
  ['[AAC] ... in a Deny too', kit.allowAllThenDeny({ Condition: {} }), kit.SESSION, 'refused'],
];

const arnValues: kit.DocCase[] = [
  // ---- "*" alone as an Arn value [CO]: "Each of the six colon-delimited components of the ARN is
  // checked separately"; no page says what "*" alone does (public evaluators disagree): refused.
  [
    '[CO] ArnLike "*" alone: no six components, refused',
    kit.when({ ArnLike: { 'aws:PrincipalArn': '*' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] ArnNotLike "*" alone in a Deny: refused too',
    kit.denyWhen({ ArnNotLike: { 'aws:PrincipalArn': '*' } }),
    kit.SESSION,
    'refused',
  ],
  [
    '[CO] arn:*:*:*:*:* is any ARN, six components',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:*:*:*:*:*' } }),
    kit.SESSION,
    'Allowed',
  ],
  [
    '[CO] ... and no anonymous caller (no aws:PrincipalArn)',
    kit.when({ ArnLike: { 'aws:PrincipalArn': 'arn:*:*:*:*:*' } }),
    'anonymous',
    'ImplicitDeny',
  ],
];

const shortForm: kit.DocCase[] = [
  // ---- The short form execute-api:/… of a resource policy [AGX][AGI][R]
  kit.resourceCase(
    '[AGX][AGI] execute-api:/prod names a stage, no method: it matches no call',
    'execute-api:/prod',
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.resourceCase(
    '[AGX][R] execute-api:/prod/GET/pets/* does not name /pets itself',
    'execute-api:/prod/GET/pets/*',
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.resourceCase(
    '[AGX] execute-api:/*/GET/* is every stage and path of GET',
    'execute-api:/*/GET/*',
    kit.SESSION,
    'Allowed',
  ),
  kit.resourceCase(
    '[AGX] ... and not POST',
    'execute-api:/*/GET/*',
    { principal: kit.SESSION, resource: arn('prod/POST/pets') },
    'ImplicitDeny',
  ),
  kit.resourceCase(
    '[AGX] execute-api:/prod/*/pets is every verb of the path',
    'execute-api:/prod/*/pets',
    { principal: kit.SESSION, resource: arn('prod/DELETE/pets') },
    'Allowed',
  ),
  kit.resourceCase(
    '[AGX][R] ? in the short form is one character',
    'execute-api:/pro?/GET/pets',
    kit.SESSION,
    'Allowed',
  ),
  [
    '[AGX] a Deny on execute-api:/* denies every call of the API',
    kit.allowAllThenDeny({ Resource: 'execute-api:/*' }),
    kit.SESSION,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[AGX] an Allow with NotResource in the short form grants every other method',
    [kit.st({ Resource: undefined, NotResource: 'execute-api:/prod/GET/health' })],
    kit.SESSION,
    'Allowed',
    kit.R,
  ],
  [
    '[AGX] ... and not the one it names',
    [kit.st({ Resource: undefined, NotResource: 'execute-api:/prod/GET/health' })],
    { principal: kit.SESSION, resource: arn('prod/GET/health') },
    'ImplicitDeny',
    kit.R,
  ],
  kit.resourceCase(
    '[AGX] the short form uses the API’s own Region and account: an aws-us-gov API',
    'execute-api:/prod/GET/pets',
    from('aws-us-gov', 'us-gov-east-1'),
    'Allowed',
  ),
  [
    '[AGX][CO] the short form is no ARN in a condition value: ArnLike with it is refused (fewer than six parts)',
    kit.when({ ArnLike: { 'aws:SourceArn': 'execute-api:/*' } }),
    kit.SESSION,
    'refused',
    kit.R,
  ],
  kit.resourceCase(
    '[AGX] execute-api:* (no slash) is not the documented short form: refused, not guessed',
    'execute-api:*',
    kit.SESSION,
    'refused',
  ),
  kit.resourceCase(
    '[AGX] the short form in another case is no short form: refused',
    'Execute-Api:/*',
    kit.SESSION,
    'refused',
  ),
  [
    '[AGX] the short form with a Principal of the policy’s own account',
    [kit.st({ Principal: { AWS: kit.SPOKE }, Resource: 'execute-api:/prod/GET/*' })],
    `arn:aws:iam::${kit.SPOKE}:role/OrdersRole`,
    'Allowed',
    kit.R,
  ],
];

const principals: kit.DocCase[] = [
  // ---- Principals [P][NP]
  kit.principalCase(
    '[P] a role session principal carries no path: with one it names no session',
    { AWS: `arn:aws:sts::${kit.HUB}:assumed-role/audit/AuditRole/ci` },
    `arn:aws:sts::${kit.HUB}:assumed-role/AuditRole/ci`,
    'refused',
  ),
  kit.principalCase(
    '[P] a session name with @ and . is a session name',
    { AWS: `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/alice@example.com` },
    { principal: kit.ROLE, sessionName: 'alice@example.com' },
    'Allowed',
  ),
  kit.principalCase(
    '[P] a deleted role’s unique id names no current session of a role of that name',
    { AWS: 'AROAEXAMPLEDELETED1234' },
    kit.SESSION,
    'ImplicitDeny',
  ),
  kit.principalCase(
    '[P] ... and a Deny naming it spares that session',
    { AWS: 'AROAEXAMPLEDELETED1234' },
    kit.SESSION,
    'Allowed',
    true,
  ),
  kit.principalCase(
    '[P] the root ARN names a federated user of that account',
    { AWS: `arn:aws:iam::${kit.HUB}:root` },
    `arn:aws:sts::${kit.HUB}:federated-user/bob`,
    'Allowed',
  ),
  kit.principalCase(
    '[P] a federated user principal names that federated user',
    { AWS: `arn:aws:sts::${kit.HUB}:federated-user/bob` },
    `arn:aws:sts::${kit.HUB}:federated-user/bob`,
    'Allowed',
  ),
  kit.principalCase(
    '[P] ... and no role session named bob',
    { AWS: `arn:aws:sts::${kit.HUB}:federated-user/bob` },
    `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/bob`,
    'ImplicitDeny',
  ),
  [
    '[P] "*" in a Deny denies an anonymous caller',
    kit.allowAllThenDeny({ Principal: '*' }),
    'anonymous',
    'ExplicitDeny',
    kit.R,
  ],
  kit.principalCase(
    '[P] {"AWS": "*"} in a Deny denies an anonymous caller too',
    { AWS: '*' },
    'anonymous',
    'ExplicitDeny',
    true,
  ),
  [
    '[P][CK] aws:PrincipalArn of a role with a path keeps the path',
    kit.when({ ArnEquals: { 'aws:PrincipalArn': ROLE_PATH } }),
    ROLE_PATH,
    'Allowed',
  ],
  [
    '[P][CK] ... so the ARN without the path does not match',
    kit.when({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/AuditRole` } }),
    ROLE_PATH,
    'ImplicitDeny',
  ],
  [
    '[NP] NotPrincipal with the session (no path), the role with its path and the account spares the session',
    kit.allowAllThenDeny({
      Principal: undefined,
      NotPrincipal: {
        AWS: [
          `arn:aws:sts::${kit.HUB}:assumed-role/AuditRole/spokegate`,
          ROLE_PATH,
          `arn:aws:iam::${kit.HUB}:root`,
        ],
      },
    }),
    ROLE_PATH,
    'Allowed',
    kit.R,
  ],
  [
    '[NP] ... the role without its path does not: the Deny applies',
    kit.allowAllThenDeny({
      Principal: undefined,
      NotPrincipal: {
        AWS: [
          `arn:aws:sts::${kit.HUB}:assumed-role/AuditRole/spokegate`,
          `arn:aws:iam::${kit.HUB}:role/AuditRole`,
          `arn:aws:iam::${kit.HUB}:root`,
        ],
      },
    }),
    ROLE_PATH,
    'ExplicitDeny',
    kit.R,
  ],
  [
    '[P] an endpoint policy naming a role admits its sessions',
    [kit.st({ Principal: { AWS: kit.ROLE } })],
    kit.SESSION,
    'Allowed',
    kit.E,
  ],
  [
    '[P] an endpoint policy naming a role admits no other role of its account',
    [kit.st({ Principal: { AWS: kit.ROLE } })],
    `arn:aws:sts::${kit.HUB}:assumed-role/BatchRole/ci`,
    'ImplicitDeny',
    kit.E,
  ],
  [
    '[P] an endpoint policy naming a user admits that user only',
    [kit.st({ Principal: { AWS: kit.USER } })],
    `arn:aws:iam::${kit.HUB}:user/cats`,
    'ImplicitDeny',
    kit.E,
  ],
];

/** Allow everyone, then Deny everyone when the condition holds. */
describe('doc sixth reading: partitions [ARN][P][CK][AGI]', () => {
  kit.eachAgrees(partitions);
  it.each([
    ['us-iso-west-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-east-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('[ARN] the execute-api ARN of a call in %s is in %s (botocore regionRegex)', (region, partition) => {
    expect(kit.petsArnIn(region)).toBe(
      `arn:${partition}:execute-api:${region}:${kit.SPOKE}:${kit.API_ID}/prod/GET/pets`,
    );
  });
});

kit.describeAgrees({
  'doc sixth reading: policy variables [PV][CK][ID][AAC]': variables,
  'doc sixth reading: invalid documents [AAC][G]': invalid,
  'doc sixth reading: "*" alone as an ARN condition value [CO]': arnValues,
  'doc sixth reading: the short form [AGX][AGI]': shortForm,
  'doc sixth reading: principals [P][NP]': principals,
});

describe('the refusals name the statement, the element and what AWS says', () => {
  const msg = (statements: object[], kind: 'resource' | 'identity' | 'endpoint' = 'resource') => {
    const e = kit.refusal({ Version: '2012-10-17', Statement: statements }, kind);
    expect(e, 'accepted').toBeDefined();
    return e!.message;
  };
  it('a key twice in a block in two cases names both spellings', () => {
    const m = msg(kit.when({ StringEquals: { 'aws:SourceVpce': 'a', 'AWS:SOURCEVPCE': 'b' } }));
    expect(m).toMatch(/Statement\[0\].*Condition/);
    expect(m).toContain('aws:SourceVpce');
    expect(m).toContain('AWS:SOURCEVPCE');
  });
  it('an empty Condition object says the page reads both ways', () => {
    const m = msg([kit.st({ Sid: 'Empty', Condition: {} })]);
    expect(m).toMatch(/Statement\[0\] \(Sid "Empty"\) Condition/);
    expect(m).toMatch(/empty/);
  });
  it('a ? in a principal names the principal', () => {
    expect(msg([kit.st({ Principal: { AWS: `arn:aws:iam::${kit.HUB}:role/Checkout?ole` } })])).toContain(
      'Checkout?ole',
    );
  });
  it('the resource call the cases use is the documented method ARN', () => {
    expect(kit.RESOURCE).toBe(arn('prod/GET/pets'));
  });
});

/** GetRestApi, signed with `creds`, as a reader calls it. */
async function restApi(state: SandboxState, id: string, creds: Credentials): Promise<{ policy: string }> {
  const path = `/restapis/${id}`;
  const signed = await signRequest(
    { method: 'GET', host: CONTROL_HOST, path, query: '', headers: {} },
    { region: 'us-west-2', service: 'apigateway', credentials: creds, date: state.now() },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const r = asReply(
    await dispatch(state, {
      method: 'GET',
      host: CONTROL_HOST,
      path,
      query: '',
      headers,
      body: Buffer.alloc(0),
    }),
  );
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as { policy: string };
}

// ---- The same topics through the sandbox: a signed call, the sandbox's AWS deciding with the engine.
// orders (a1b2c3d4e5, account 222222222222, us-west-2) gets a resource policy written with the short
// form and the principal forms above; each outcome below is derived by hand from the pages.
const ORDERS = 'a1b2c3d4e5';
const ORDERS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    kit.st({
      Sid: 'ShortGet',
      Principal: { AWS: [`arn:aws:iam::${kit.HUB}:role/CheckoutRole`, ROLE_PATH] },
      Resource: 'execute-api:/prod/GET/*',
    }),
    kit.st({
      Sid: 'PaymentsAccountOrdersOnly',
      Principal: { AWS: '333333333333' },
      Resource: 'execute-api:/*/*/orders',
    }),
    kit.st({
      Sid: 'ReportingInChina',
      Principal: { AWS: `arn:aws-cn:iam::${kit.HUB}:role/ReportingRole` },
      Resource: 'execute-api:/*',
    }),
    kit.st({ Sid: 'Health', Resource: 'execute-api:/prod/GET/health' }),
    // Written out: `st` gives every statement a Principal, and this one has a NotPrincipal instead.
    {
      Sid: 'DeletesOnlyCheckoutTest',
      Effect: 'Deny',
      NotPrincipal: {
        AWS: [
          `arn:aws:sts::${kit.HUB}:assumed-role/CheckoutRole/test`,
          `arn:aws:iam::${kit.HUB}:role/CheckoutRole`,
          kit.HUB,
        ],
      },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/prod/DELETE/*',
    },
    kit.st({
      Sid: 'DeletedRole',
      Effect: 'Deny',
      Principal: { AWS: 'AROAEXAMPLEDELETED1234' },
      Resource: 'execute-api:/*',
    }),
  ],
};
const SANDBOX_CASES: [role: string, call: string, expected: string, why: string][] = [
  ['CheckoutRole', 'GET /orders', 'allow', '[AGX][P] execute-api:/prod/GET/* names the role'],
  [
    'CheckoutRole',
    'POST /orders',
    'resource',
    '[AGX] no statement names POST for it: cross account, implicit deny',
  ],
  [
    'CheckoutRole',
    'DELETE /orders/42',
    'resource',
    '[NP] the session, role and account are listed: the Deny spares it',
  ],
  ['AuditRole', 'GET /orders/7', 'allow', '[P] the role ARN with its path names its session'],
  ['AuditRole', 'DELETE /orders/7', 'resource!', '[NP] not listed: the Deny applies'],
  [
    'PaymentsRole',
    'GET /orders',
    'allow',
    '[P][AGX] the account id names its role; */*/orders any stage and verb',
  ],
  ['PaymentsRole', 'GET /orders/42', 'resource', '[AGX][R] */*/orders does not name /orders/42'],
  ['ReportingRole', 'GET /orders', 'resource', '[ARN][P] the aws-cn role names no aws session'],
  ['anonymous', 'GET /health', 'allow', '[AGX] execute-api:/prod/GET/health, Principal "*"'],
];

describe('the same topics through the sandbox', () => {
  let state: SandboxState;
  const creds = new Map<string, Credentials | null>();
  beforeAll(async () => {
    const w = demoWorld();
    w.apis.orders = { ...w.apis.orders!, resourcePolicy: ORDERS_POLICY };
    state = newState(w);
    creds.set('anonymous', null);
    for (const role of new Set(SANDBOX_CASES.map((c) => c[0])))
      if (role !== 'anonymous') creds.set(role, await assume(state, role));
  });
  it.each(SANDBOX_CASES)('%s %s: %s (%s)', async (role, call, expected) => {
    const [method, path] = call.split(' ') as [string, string];
    const r = await invoke(state, {
      method,
      path: `/prod${path}`,
      host: apiHost(ORDERS),
      creds: creds.get(role)!,
    });
    expect(outcome(r)).toBe(expected);
  });
  it('[AGX] GetRestApi gives the policy as API Gateway saved it: the short form expanded to full ARNs', async () => {
    const reader = await assume(state, 'OrdersReader');
    const got = await restApi(state, ORDERS, reader);
    const doc = JSON.parse(JSON.parse(`"${got.policy}"`)) as typeof ORDERS_POLICY;
    const full = `arn:aws:execute-api:us-west-2:222222222222:${ORDERS}`;
    expect(doc.Statement.map((s) => s.Resource)).toEqual([
      `${full}/prod/GET/*`,
      `${full}/*/*/orders`,
      `${full}/*`,
      `${full}/prod/GET/health`,
      `${full}/prod/DELETE/*`,
      `${full}/*`,
    ]);
    // Everything else as written.
    expect(doc.Statement.map((s) => s.Sid)).toEqual(ORDERS_POLICY.Statement.map((s) => s.Sid));
  });
});

// ---- Invalid documents through the command: evaluate refuses (exit 2, naming the file, the line, the
// statement and the rule), lint reports the same rule as an error finding (one table of rules).
describe('the refusals through evaluate and lint', () => {
  let dir: string;
  const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
  const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spokegate-sixth-'));
    const w = (name: string, v: object) => writeFileSync(join(dir, name), JSON.stringify(v, null, 2));
    w('empty-condition.json', doc(kit.st({ Sid: 'Empty', Condition: {} })));
    w(
      'twin-keys.json',
      doc(
        kit.st({
          Sid: 'Twins',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'AWS:SOURCEVPCE': 'x' } },
        }),
      ),
    );
    w(
      'bad-arn.json',
      doc(kit.st({ Sid: 'Account', Resource: `arn:aws:execute-api:us-west-2:2222:${kit.API_ID}/*` })),
    );
    w('service-q.json', doc(kit.st({ Sid: 'Svc', Principal: { Service: 'lambda.amazonaws.co?' } })));
  });
  it.each([
    ['empty-condition.json', /line \d+: Statement\[0\] \(Sid "Empty"\) Condition: .*SG000/],
    [
      'twin-keys.json',
      /line \d+: Statement\[0\] \(Sid "Twins"\) Condition\.StringEquals\.AWS:SOURCEVPCE: .*SG021/,
    ],
    ['bad-arn.json', /line \d+: Statement\[0\] \(Sid "Account"\) Resource: .*12 digits.*SG000/],
    ['service-q.json', /Statement\[0\] \(Sid "Svc"\) Principal: .*SG003/],
  ])('evaluate --resource-policy %s: exit 2 naming where and why', async (file, names) => {
    const r = await cli('evaluate', '--resource-policy', file, ...invoking(kit.ROLE));
    expect(r.code).toBe(2);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(names);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it.each([
    ['empty-condition.json', 'SG000'],
    ['twin-keys.json', 'SG021'],
    ['bad-arn.json', 'SG000'],
    ['service-q.json', 'SG003'],
  ])('lint %s: an error finding %s, exit 1', async (file, rule) => {
    const r = await cli('lint', file, '--kind', 'resource', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings).toContainEqual(expect.objectContaining({ rule, severity: 'error' }));
  });
});
