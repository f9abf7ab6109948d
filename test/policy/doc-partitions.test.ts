// Partitions, from AWS's documentation:
//   [ARN] AWS General Reference / IAM User Guide, "Amazon Resource Names (ARNs)": the partition
//         (aws, aws-cn, aws-us-gov) is part of every ARN, and an account id is unique only within it;
//         resources in one partition cannot be accessed from another.
//   [P]   "AWS JSON policy elements: Principal" (account and role principals by ARN)
//   [AG]  API Gateway: arn:PARTITION:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH
import { describe, expect, it } from 'vitest';
import { HUB, outcome, petsArnIn, type Outcome } from './doc-cases.js';

const AWS_ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
const CN_ROLE = `arn:aws-cn:iam::${HUB}:role/CheckoutRole`;
const GOV_ROLE = `arn:aws-us-gov:iam::${HUB}:role/CheckoutRole`;
const allow = (el: object) => [
  { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...el },
];

type Case = [doc: string, statements: object[], caller: string, expected: Outcome, resource?: string];

const cases: Case[] = [
  [
    '[ARN][P] aws-cn role entry, aws caller',
    allow({ Principal: { AWS: CN_ROLE } }),
    AWS_ROLE,
    'ImplicitDeny',
  ],
  [
    '[ARN][P] aws-us-gov role entry, aws caller',
    allow({ Principal: { AWS: GOV_ROLE } }),
    AWS_ROLE,
    'ImplicitDeny',
  ],
  [
    '[ARN][P] aws-cn root entry, aws caller',
    allow({ Principal: { AWS: `arn:aws-cn:iam::${HUB}:root` } }),
    AWS_ROLE,
    'ImplicitDeny',
  ],
  [
    '[ARN][P] aws-us-gov session entry, aws session',
    allow({ Principal: { AWS: `arn:aws-us-gov:sts::${HUB}:assumed-role/CheckoutRole/s1` } }),
    `arn:aws:sts::${HUB}:assumed-role/CheckoutRole/s1`,
    'ImplicitDeny',
  ],
  ['[ARN][P] aws entry, aws-cn caller', allow({ Principal: { AWS: AWS_ROLE } }), CN_ROLE, 'ImplicitDeny'],
  [
    '[ARN][P] aws root entry, aws-us-gov caller',
    allow({ Principal: { AWS: `arn:aws:iam::${HUB}:root` } }),
    GOV_ROLE,
    'ImplicitDeny',
  ],
  ['[ARN][P] aws-cn entry, aws-cn caller', allow({ Principal: { AWS: CN_ROLE } }), CN_ROLE, 'Allowed'],
  [
    '[ARN][P] aws-cn root entry, aws-cn caller',
    allow({ Principal: { AWS: `arn:aws-cn:iam::${HUB}:root` } }),
    CN_ROLE,
    'Allowed',
  ],
  [
    "[P] a bare account id names the account in the policy's own partition",
    allow({ Principal: { AWS: HUB } }),
    CN_ROLE,
    'Allowed',
  ],
  [
    '[ARN] a condition on aws:PrincipalArn in another partition',
    allow({ Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws-cn:iam::*:role/*' } } }),
    AWS_ROLE,
    'ImplicitDeny',
  ],
  [
    '[ARN] the same condition for a caller of that partition',
    allow({ Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws-cn:iam::*:role/*' } } }),
    CN_ROLE,
    'Allowed',
  ],
  [
    '[ARN][AG] an aws-cn resource never matches an aws API',
    allow({ Resource: 'arn:aws-cn:execute-api:*:*:*/*' }),
    AWS_ROLE,
    'ImplicitDeny',
  ],
  [
    '[ARN][AG] an aws resource never matches an aws-cn API',
    allow({ Resource: 'arn:aws:execute-api:*:*:*/*' }),
    CN_ROLE,
    'ImplicitDeny',
    'arn:aws-cn:execute-api:cn-north-1:222222222222:a1b2c3d4e5/prod/GET/pets',
  ],
  [
    '[ARN][AG] an aws-cn resource matches an aws-cn API',
    allow({ Resource: 'arn:aws-cn:execute-api:*:*:*/*' }),
    CN_ROLE,
    'Allowed',
    'arn:aws-cn:execute-api:cn-north-1:222222222222:a1b2c3d4e5/prod/GET/pets',
  ],
  [
    '[AG] the short form names the API whatever its partition',
    allow({ Resource: 'execute-api:/*' }),
    CN_ROLE,
    'Allowed',
    'arn:aws-cn:execute-api:cn-north-1:222222222222:a1b2c3d4e5/prod/GET/pets',
  ],
];

describe('partitions [ARN] [P] [AG]', () => {
  it.each(cases)('%s', (_doc, statements, caller, expected, resource) => {
    expect(outcome(statements, { principal: caller, ...(resource ? { resource } : {}) })).toBe(expected);
  });
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('[AG] the execute-api ARN of a call in %s is in %s', (region, partition) => {
    expect(petsArnIn(region, 'get')).toBe(
      `arn:${partition}:execute-api:${region}:222222222222:a1b2c3d4e5/prod/GET/pets`,
    );
  });
});
