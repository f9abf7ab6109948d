// Documents AWS refuses, from its documentation (sources: docs/aws-behaviour.md §7): the engine
// refuses each one with a PolicyError naming the statement, the element and the rule.
//   [G]   IAM User Guide, "Grammar of the IAM JSON policy language" (reference_policies_grammar)
//   [V]   IAM User Guide, "IAM JSON policy elements: Version" (2012-10-17 and 2008-10-17 only)
//   [E]   "IAM JSON policy elements: Effect" (Allow or Deny, case-sensitive)
//   [S]   "IAM JSON policy elements: Sid" (unique in IAM; A-Z, a-z, 0-9)
//   [P]   "AWS JSON policy elements: Principal" (required in resource-based policies, refused in identity)
//   [C]   "IAM JSON policy elements: Condition operators" (a fixed set of operators; Null has no IfExists)
//   [EP]  PrivateLink endpoint policies ("must contain a Principal"; at most 20,480 characters)
//   [Q]   IAM quotas (identity policies 10,240 characters, white space not counted)
//   [M]   IAM MalformedPolicyDocument "Resource X must be in ARN format or "*""
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../../src/policy/index.js';
import { invokeAllow, ROLE } from './helpers.js';
import { refusal } from './doc-cases.js';

const RES = 'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*';
const exec = invokeAllow('Invoke', RES);
const { Principal: _p, ...ident } = exec;
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
/** A document of one identity statement: Allow Invoke on RES with these elements changed. */
const identity = (el: object) => doc({ ...ident, ...el });

type Case = [doc: string, kind: PolicyKind | undefined, policy: object | string, rule: string, names: RegExp];

const refused: Case[] = [
  ['[V] Version 2012-10-18', undefined, { Version: '2012-10-18', Statement: [exec] }, 'SG000', /Version/],
  ['[V] Version as a date object', undefined, { Version: 20121017, Statement: [exec] }, 'SG000', /Version/],
  [
    '[E] Effect "allow" (case-sensitive)',
    undefined,
    doc({ ...exec, Effect: 'allow' }),
    'SG000',
    /Statement\[0\].*Effect/,
  ],
  ['[E] Effect "Permit"', undefined, doc({ ...exec, Effect: 'Permit' }), 'SG000', /Effect/],
  ['[E] Effect missing', undefined, identity({ Effect: undefined }), 'SG000', /Effect/],
  ['[G] no Statement', undefined, { Version: '2012-10-17' }, 'SG000', /Statement/],
  ['[G] no Action', undefined, doc({ ...exec, Action: undefined }), 'SG000', /Action/],
  ['[G] Action and NotAction', undefined, doc({ ...exec, NotAction: 's3:*' }), 'SG000', /NotAction/],
  ['[G] Resource and NotResource', undefined, doc({ ...exec, NotResource: RES }), 'SG000', /NotResource/],
  ['[G] unknown element (lowercase "effect")', undefined, identity({ effect: 'Allow' }), 'SG000', /effect/],
  [
    '[G] unknown top-level element',
    undefined,
    { Version: '2012-10-17', Statements: [exec] },
    'SG000',
    /Statements/,
  ],
  [
    '[G] a key written twice (two Effects)',
    undefined,
    '{"Version":"2012-10-17","Statement":[{"Sid":"Twice","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Effect":"Allow"}]}',
    'SG021',
    /Statement\[0\] \(Sid "Twice"\) Effect.*SG021/,
  ],
  [
    '[G] a condition key written twice',
    undefined,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1","aws:SourceVpce":"vpce-2"}}}]}',
    'SG021',
    /aws:SourceVpce/,
  ],
  [
    '[C] unknown operator',
    undefined,
    doc({ ...exec, Condition: { StringEqualz: { 'aws:SourceVpce': 'v' } } }),
    'SG004',
    /StringEqualz.*SG004/,
  ],
  [
    '[C] unknown set qualifier',
    undefined,
    doc({ ...exec, Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } }),
    'SG004',
    /ForSomeValues/,
  ],
  [
    '[C] Null has no IfExists form',
    undefined,
    doc({ ...exec, Condition: { NullIfExists: { k: 'true' } } }),
    'SG004',
    /NullIfExists/,
  ],
  [
    '[C] a date that is no date',
    undefined,
    doc({ ...exec, Condition: { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } } }),
    'SG000',
    /aws:CurrentTime/,
  ],
  [
    '[C] an address that is no address',
    undefined,
    doc({ ...exec, Condition: { IpAddress: { 'aws:SourceIp': '300.1.1.1' } } }),
    'SG000',
    /aws:SourceIp/,
  ],
  [
    '[C] Bool takes true or false',
    undefined,
    doc({ ...exec, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
    'SG000',
    /aws:SecureTransport/,
  ],
  [
    '[P] bare-string Principal other than "*"',
    undefined,
    doc({ ...exec, Principal: '111111111111' }),
    'SG000',
    /Principal/,
  ],
  [
    '[P] wildcard inside a principal ARN',
    undefined,
    doc({ ...exec, Principal: { AWS: 'arn:aws:iam::111111111111:role/*' } }),
    'SG003',
    /Principal.*SG003/,
  ],
  [
    '[P][EP] endpoint policy statement without Principal',
    'endpoint',
    doc(ident),
    'SG001',
    /Statement\[0\] \(Sid "Invoke"\) Principal.*SG001/,
  ],
  [
    '[P] resource policy statement without Principal',
    'resource',
    doc(exec, { ...ident, Sid: 'NoWho' }),
    'SG001',
    /Statement\[1\] \(Sid "NoWho"\) Principal.*SG001/,
  ],
  ['[P] identity policy with Principal', 'identity', doc(exec), 'SG009', /Statement\[0\].*Principal.*SG009/],
  [
    '[P] identity policy with NotPrincipal',
    'identity',
    identity({ Effect: 'Deny', NotPrincipal: { AWS: ROLE } }),
    'SG009',
    /NotPrincipal.*SG009/,
  ],
  [
    '[G] endpoint statement without Resource',
    'endpoint',
    doc({ ...exec, Resource: undefined }),
    'SG008',
    /Resource.*SG008/,
  ],
  [
    '[G] resource statement without Resource',
    'resource',
    doc({ ...exec, Resource: undefined }),
    'SG008',
    /Resource.*SG008/,
  ],
  [
    '[G] identity statement without Resource',
    'identity',
    identity({ Resource: undefined }),
    'SG008',
    /Resource.*SG008/,
  ],
  [
    '[S] duplicate Sid in an identity policy',
    'identity',
    doc(ident, ident),
    'SG018',
    /Statement\[1\].*Sid.*SG018/,
  ],
  [
    '[S] Sid with a hyphen in an identity policy',
    'identity',
    identity({ Sid: 'Allow-Invoke' }),
    'SG023',
    /Allow-Invoke.*SG023/,
  ],
  [
    '[S] Sid with a space in an identity policy',
    'identity',
    identity({ Sid: 'Allow invoke' }),
    'SG023',
    /SG023/,
  ],
  [
    '[M] identity Resource in the short form',
    'identity',
    identity({ Resource: 'execute-api:/*' }),
    'SG022',
    /Resource.*SG022/,
  ],
  ['[M] identity Resource that is no ARN', 'identity', identity({ Resource: 'orders' }), 'SG000', /orders/],
  [
    '[EP] endpoint Resource in the short form',
    'endpoint',
    doc({ ...exec, Resource: 'execute-api:/*' }),
    'SG022',
    /SG022/,
  ],
  [
    '[C] an operator name in another case (IAM: "Invalid Condition type : stringequals")',
    undefined,
    doc({ ...exec, Condition: { stringequals: { 'aws:SourceVpce': 'v' } } }),
    'SG004',
    /stringequals.*"StringEquals".*SG004/,
  ],
  [
    '[EP] endpoint policy over 20,480 characters',
    'endpoint',
    doc(...Array.from({ length: 120 }, (_, i) => ({ ...exec, Sid: `S${i}` }))),
    'SG002',
    /20,480.*SG002/,
  ],
  [
    '[Q] identity policy over 10,240 characters',
    'identity',
    doc(...Array.from({ length: 120 }, (_, i) => ({ ...ident, Sid: `S${i}` }))),
    'SG002',
    /10,240.*SG002/,
  ],
];

describe('documents AWS refuses are refused, naming the statement and the rule', () => {
  it.each(refused)('%s', (_doc, kind, policy, rule, names) => {
    const e = refusal(policy, kind);
    expect(e, 'accepted').toBeDefined();
    expect(e!.rule).toBe(rule);
    expect(e!.message).toMatch(names);
    expect(e!.message).toContain(`rule ${rule}`);
    expect(e!.message).toContain('p.json');
  });
});

const accepted: [doc: string, kind: PolicyKind | undefined, policy: object][] = [
  ['[V] Version 2008-10-17', undefined, { Version: '2008-10-17', Statement: [exec] }],
  ['[V] no Version', undefined, { Statement: [exec] }],
  ['[G] a Statement that is one object', undefined, { Version: '2012-10-17', Statement: exec }],
  [
    "[S] duplicate Sid in a resource policy (IAM's rule; API Gateway is not documented)",
    'resource',
    doc(exec, exec),
  ],
  ['[S] Sid with a hyphen in a resource policy', 'resource', doc({ ...exec, Sid: 'Allow-Invoke' })],
  ['[S] Sid with a hyphen in an endpoint policy', 'endpoint', doc({ ...exec, Sid: 'Allow-Invoke' })],
  [
    '[AG] resource policy Resource in the short form',
    'resource',
    doc({ ...exec, Resource: 'execute-api:/*' }),
  ],
  [
    '[P] Principal {"AWS": account id} in a resource policy',
    'resource',
    doc({ ...exec, Principal: { AWS: '111111111111' } }),
  ],
  ['[EP] endpoint policy of 20,480 characters or less', 'endpoint', doc(exec)],
  [
    '[C] ForAnyValue with IfExists',
    undefined,
    doc({ ...exec, Condition: { 'ForAnyValue:StringLikeIfExists': { k: 'v*' } } }),
  ],
];

describe('the wording says who refuses', () => {
  it('a refusal AWS documents says "AWS refuses"', () => {
    expect(refusal(identity({ Resource: 'execute-api:/*' }), 'identity')!.message).toContain(
      'AWS refuses this identity policy: rule SG022',
    );
  });
  it("the short form in an endpoint policy is spokegate's own refusal (AWS documents no answer)", () => {
    expect(refusal(doc({ ...exec, Resource: 'execute-api:/*' }), 'endpoint')!.message).toContain(
      'spokegate refuses this endpoint policy: rule SG022',
    );
  });
});

describe('documents AWS accepts are accepted', () => {
  it.each(accepted)('%s', (_doc, kind, policy) => {
    expect(refusal(policy, kind)).toBeUndefined();
  });
});
