// Whether a config's copy of a policy is what AWS serves is decided over the documents, not their
// texts (issue 10, note9 §10): before, only white space and key order were no difference, so a
// copy written with `Statement` as one object, `Action` as a string or conditions in another order
// was "not what AWS gives" and a layered step under the older wording was an error though the
// copy was the policy. Real differences still count.
import { describe, expect, it } from 'vitest';
import { canonicalPolicyText } from '../../src/policy/index.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const BASE = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Reads',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::111111111111:role/A'] },
      Action: ['execute-api:Invoke'],
      Resource: ['execute-api:/prod/GET/*'],
      Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] } },
    },
    {
      Sid: 'NoDeletes',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*/DELETE/*',
    },
  ],
};
const text = (doc: unknown, indent?: number) => JSON.stringify(doc, null, indent);
const same = (a: unknown, b: unknown) =>
  expect(canonicalPolicyText(text(a), API)).toBe(canonicalPolicyText(text(b), API));
const differ = (a: unknown, b: unknown) =>
  expect(canonicalPolicyText(text(a), API)).not.toBe(canonicalPolicyText(text(b), API));
/** BASE's Deny statement with a NotPrincipal in place of its Principal. */
const notPrincipal = (NotPrincipal: object) => {
  const { Principal: _, ...rest } = BASE.Statement[1]!;
  return { ...rest, NotPrincipal };
};
/** BASE with its first statement's Principal.AWS set to `arns`. */
const awsPrincipals = (...arns: string[]) => edit((d) => (d.Statement[0].Principal.AWS = arns));
const edit = (f: (d: any) => void) => {
  const d = structuredClone(BASE) as any;
  f(d);
  return d;
};

describe('canonicalPolicyText: one text per policy', () => {
  it.each([
    ['white space', BASE, JSON.parse(text(BASE, 4))],
    [
      'key order',
      BASE,
      edit((d) => (d.Statement[0] = Object.fromEntries(Object.entries(d.Statement[0]).reverse()))),
    ],
    [
      'Statement as one object',
      { ...BASE, Statement: [BASE.Statement[1]] },
      { ...BASE, Statement: BASE.Statement[1] },
    ],
    ['Action as a string', BASE, edit((d) => (d.Statement[0].Action = 'execute-api:Invoke'))],
    ['the case of an action', BASE, edit((d) => (d.Statement[0].Action = 'Execute-API:invoke'))],
    ['Resource as a string', BASE, edit((d) => (d.Statement[0].Resource = 'execute-api:/prod/GET/*'))],
    [
      'the short form against the ARN it names',
      BASE,
      edit((d) => (d.Statement[0].Resource = `${API}/prod/GET/*`)),
    ],
    [
      'a principal as a string',
      BASE,
      edit((d) => (d.Statement[0].Principal.AWS = 'arn:aws:iam::111111111111:role/A')),
    ],
    [
      'a condition value as a string',
      BASE,
      edit((d) => (d.Statement[0].Condition.StringEquals['aws:SourceVpce'] = 'vpce-0123456789abcdef0')),
    ],
    [
      'the case of a condition key',
      BASE,
      edit((d) => (d.Statement[0].Condition.StringEquals = { 'AWS:sourcevpce': 'vpce-0123456789abcdef0' })),
    ],
    ['the order of statements', BASE, edit((d) => d.Statement.reverse())],
    [
      'the order and repeats of a list',
      awsPrincipals('arn:aws:iam::1:role/B', 'arn:aws:iam::1:role/C'),
      awsPrincipals('arn:aws:iam::1:role/C', 'arn:aws:iam::1:role/B', 'arn:aws:iam::1:role/C'),
    ],
    [
      'a condition value as a JSON boolean',
      edit((d) => (d.Statement[0].Condition = { Bool: { 'aws:SecureTransport': 'true' } })),
      edit((d) => (d.Statement[0].Condition = { Bool: { 'aws:SecureTransport': true } })),
    ],
    // IAM User Guide, reference_policies_elements_principal ("AWS account principals"): the account
    // ARN and the shortened account id "behave the same way"; the service "might convert it to the
    // principal ARN" when it saves the policy ("All principals"): for anonymous users "Principal":
    // "*" and {"AWS": "*"} "are equivalent" (docs/aws-behaviour.md §25).
    [
      'an account id against its :root ARN',
      awsPrincipals('111111111111', 'arn:aws:iam::111111111111:role/A'),
      awsPrincipals('arn:aws:iam::111111111111:role/A', 'arn:aws:iam::111111111111:root'),
    ],
    [
      'an account id against its :root ARN in a NotPrincipal',
      edit((d) => (d.Statement[1] = notPrincipal({ AWS: '111111111111' }))),
      edit((d) => (d.Statement[1] = notPrincipal({ AWS: ['arn:aws:iam::111111111111:root'] }))),
    ],
    ['"*" against {"AWS": "*"}', BASE, edit((d) => (d.Statement[1].Principal = { AWS: '*' }))],
    ['"*" against {"AWS": ["*"]}', BASE, edit((d) => (d.Statement[1].Principal = { AWS: ['*'] }))],
  ])('%s is no difference', (_what, a, b) => same(a, b));

  it.each([
    ['another action', edit((d) => (d.Statement[0].Action = 'execute-api:ManageConnections'))],
    ['another resource', edit((d) => (d.Statement[0].Resource = 'execute-api:/prod/POST/*'))],
    ['another effect', edit((d) => (d.Statement[1].Effect = 'Allow'))],
    [
      'a value in another case',
      edit((d) => (d.Statement[0].Condition.StringEquals['aws:SourceVpce'] = 'VPCE-0123456789ABCDEF0')),
    ],
    [
      'another operator',
      edit((d) => (d.Statement[0].Condition = { StringLike: d.Statement[0].Condition.StringEquals })),
    ],
    ['another Sid', edit((d) => (d.Statement[1].Sid = 'NoRemovals'))],
    ['no Version', edit((d) => delete d.Version)],
    [
      'a statement more',
      edit((d) => d.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })),
    ],
    ['a principal more', edit((d) => d.Statement[0].Principal.AWS.push('arn:aws:iam::111111111111:role/B'))],
    // The same account only where AWS says so: not another account's, another partition's, a
    // role's, or a wildcard beside "*" that AWS does not call the same.
    ['another account', edit((d) => (d.Statement[0].Principal.AWS = 'arn:aws:iam::111111111112:root'))],
    [
      "the account's :root in another partition",
      edit((d) => (d.Statement[0].Principal.AWS = ['arn:aws-cn:iam::111111111111:root'])),
    ],
    ['the account for a role of it', edit((d) => (d.Statement[0].Principal.AWS = '111111111111'))],
    ['{"Service": "*"} for "*"', edit((d) => (d.Statement[1].Principal = { Service: '*' }))],
    [
      '{"AWS": "*"} beside a Service',
      edit((d) => (d.Statement[1].Principal = { AWS: '*', Service: 'x.amazonaws.com' })),
    ],
  ])('%s is a difference', (_what, b) => differ(BASE, b));

  it('an account id is its :root ARN only in the partition known: none known, they differ (never a guess)', () => {
    const id = { ...BASE, Statement: [{ ...BASE.Statement[1], Principal: { AWS: '111111111111' } }] };
    const root = {
      ...BASE,
      Statement: [{ ...BASE.Statement[1], Principal: { AWS: 'arn:aws:iam::111111111111:root' } }],
    };
    expect(canonicalPolicyText(text(id))).not.toBe(canonicalPolicyText(text(root)));
    expect(canonicalPolicyText(text(id), undefined, 'aws')).toBe(
      canonicalPolicyText(text(root), undefined, 'aws'),
    );
    expect(canonicalPolicyText(text(id), undefined, 'aws-cn')).not.toBe(
      canonicalPolicyText(text(root), undefined, 'aws-cn'),
    );
  });

  it('none, blank and text that is no JSON', () => {
    expect(canonicalPolicyText(null)).toBe('none');
    expect(canonicalPolicyText('  ')).toBe('none');
    expect(canonicalPolicyText('{oops')).toBe('{oops');
  });
});
