// A GetFederationToken session (arn:aws:sts::ACCOUNT:federated-user/NAME) as a caller, case by case
// from AWS's documentation:
//   [P]  IAM User Guide, reference_policies_elements_principal, "AWS STS federated user principals":
//        "Principal": { "AWS": "arn:aws:sts::AWS-account-ID:federated-user/user-name" }
//   [K]  IAM User Guide, reference_policies_condition-keys (aws:PrincipalArn: "arn:aws:sts::
//        123456789012:federated-user/user-name") and reference_policies_variables (the principal
//        table: aws:username not present, aws:userid account:caller-specified-name,
//        aws:PrincipalType FederatedUser)
//   [E]  IAM User Guide, reference_policies_evaluation-logic (single account): "resource-based
//        policies that grant permissions to a federated user ARN grant permissions directly to the
//        session … not limited by an implicit deny in an identity-based policy"; a resource policy
//        that names the account delegates (docs/aws-behaviour.md §3)
//   [NP] IAM User Guide, reference_policies_elements_notprincipal: with Deny, name the account too
// Before this the engine refused the caller ("not a role ARN …", exit 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, principalFromArn, principalKeys } from '../../src/policy/index.js';
import { runCli } from '../cli-in-process.js';
import { HUB, outcome, policyDoc, request, RESOURCE, SPOKE, type Outcome } from './doc-cases.js';

const FED = `arn:aws:sts::${HUB}:federated-user/Bob`;
const allow = (principal: unknown, condition?: object) => [
  {
    Effect: 'Allow',
    Principal: principal,
    Action: 'execute-api:Invoke',
    Resource: '*',
    ...(condition ? { Condition: condition } : {}),
  },
];

type Case = [doc: string, statements: object[], expected: Outcome];
const cases: Case[] = [
  ['[P] the federated user ARN names the session', allow({ AWS: FED }), 'Allowed'],
  [
    '[P] another federated user of the account',
    allow({ AWS: `arn:aws:sts::${HUB}:federated-user/Alice` }),
    'ImplicitDeny',
  ],
  [
    '[P] the same name in another account',
    allow({ AWS: `arn:aws:sts::${SPOKE}:federated-user/Bob` }),
    'ImplicitDeny',
  ],
  [
    '[P] the same ARN in another partition',
    allow({ AWS: `arn:aws-cn:sts::${HUB}:federated-user/Bob` }),
    'ImplicitDeny',
  ],
  ['[P] the account id names every principal of the account', allow({ AWS: HUB }), 'Allowed'],
  ['[P] the account root ARN likewise', allow({ AWS: `arn:aws:iam::${HUB}:root` }), 'Allowed'],
  ['[P] another account', allow({ AWS: SPOKE }), 'ImplicitDeny'],
  [
    '[P] a role of the account is not the session',
    allow({ AWS: `arn:aws:iam::${HUB}:role/Bob` }),
    'ImplicitDeny',
  ],
  ['[P] "*"', allow('*'), 'Allowed'],
  [
    '[K] aws:PrincipalArn is the federated user ARN',
    allow('*', { ArnEquals: { 'aws:PrincipalArn': FED } }),
    'Allowed',
  ],
  ['[K] aws:userid is ACCOUNT:NAME', allow('*', { StringEquals: { 'aws:userid': `${HUB}:Bob` } }), 'Allowed'],
  [
    '[K] aws:PrincipalType is FederatedUser',
    allow('*', { StringEquals: { 'aws:PrincipalType': 'FederatedUser' } }),
    'Allowed',
  ],
  ['[K] aws:username is not present', allow('*', { Null: { 'aws:username': 'true' } }), 'Allowed'],
  ['[K] aws:PrincipalAccount', allow('*', { StringEquals: { 'aws:PrincipalAccount': HUB } }), 'Allowed'],
  [
    '[NP] Deny NotPrincipal naming the session and its account spares it',
    [{ ...allow('*')[0] }, { Effect: 'Deny', NotPrincipal: { AWS: [FED, HUB] }, Action: '*', Resource: '*' }],
    'Allowed',
  ],
  [
    '[NP] Deny NotPrincipal naming the session alone denies it',
    [{ ...allow('*')[0] }, { Effect: 'Deny', NotPrincipal: { AWS: FED }, Action: '*', Resource: '*' }],
    'ExplicitDeny',
  ],
];

describe('a federated user (GetFederationToken session) as the caller', () => {
  it.each(cases)('%s', (_doc, statements, expected) => {
    expect(outcome(statements, { principal: FED }, { kind: 'resource' })).toBe(expected);
  });

  it('[K] its request context', () => {
    const p = principalFromArn(FED);
    expect(principalKeys(p)).toMatchObject({
      'aws:PrincipalArn': FED,
      'aws:PrincipalAccount': HUB,
      'aws:PrincipalType': 'FederatedUser',
      'aws:userid': `${HUB}:Bob`,
    });
    expect(principalKeys(p)).not.toHaveProperty('aws:username');
  });

  it('[E] in the chain: a grant to the session is direct, a grant to the account delegates', () => {
    const sameAccount = `arn:aws:execute-api:us-east-1:${HUB}:a1b2c3d4e5/prod/GET/pets`;
    const chain = (principal: unknown) =>
      authorizeCall(
        {
          authorizationType: 'AWS_IAM',
          resourcePolicy: parsePolicy(policyDoc(allow(principal)), { name: 'r' }, { kind: 'resource' }),
          identityPolicies: [],
        },
        request({ principal: FED, resource: sameAccount }),
      );
    expect(chain({ AWS: FED }).decision).toBe('allow');
    expect(chain({ AWS: HUB })).toMatchObject({ decision: 'deny', layer: 'identity' });
  });

  it('evaluate takes it; a policy naming an IAM user of its account is refused (who federated is not in the ARN)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-fed-'));
    const write = (name: string, statements: object[]) =>
      writeFileSync(join(dir, name), JSON.stringify(policyDoc(statements)));
    write('session.json', allow({ AWS: FED }));
    write('user.json', [
      ...allow({ AWS: FED }),
      {
        Sid: 'Bob',
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${HUB}:user/bob` },
        Action: '*',
        Resource: '*',
      },
    ]);
    const evaluate = (file: string) =>
      runCli(
        [
          'evaluate',
          '--resource-policy',
          file,
          '--principal',
          FED,
          '--action',
          'execute-api:Invoke',
          '--resource',
          RESOURCE,
        ],
        { cwd: dir },
      );
    const ok = await evaluate('session.json');
    expect(ok.code, ok.text).toBe(0);
    const refused = await evaluate('user.json');
    expect(refused.code, refused.text).toBe(2);
    expect(refused.err).toMatch(
      /user\.json: Statement\[1\] \(Sid "Bob"\) Principal: names IAM user arn:aws:iam::111111111111:user\/bob .*federated-user\/Bob/,
    );
    expect(refused.err).not.toMatch(/\n\s+at /);
  });
});
