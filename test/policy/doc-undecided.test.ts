// Requests whose outcome AWS's pages leave open (issue 11, note11 §11 "Still missing"; lane C,
// 2026-12-02). Where the readings the pages allow disagree for a request, the engine refuses to decide
// it (a PolicyError naming the statement, exit 2 in the CLI; the sandbox answers 500) instead of
// picking one; where every reading agrees, it decides as before. docs/aws-behaviour.md §31.
//
// Pages (https://docs.aws.amazon.com/…; the awsdocs/iam-user-guide source at e2b8637):
//   [SM]  IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//         ("Multivalued context keys require a condition set operator"; what a plain operator does
//         with several values is not written)
//   [AAM] IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html, ERROR "Missing qualifier"
//         ("The request context key ${key} has multiple values. Use the ForAllValues or ForAnyValue
//         condition key qualifiers in your policy"), and the GENERAL WARNING "Type mismatch" ("Use the
//         operator type {{allowed}} instead of operator {{operator}} for the condition key {{key}}":
//         IAM stores such a policy; what it decides for a value of the wrong type is not written)
//   [CO]  IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (a positive
//         operator over a value that is not of its type cannot be true in any reading)
//   [V]   IAM/latest/UserGuide/reference_policies_variables.html "Special characters" (`${*}` is a
//         literal `*`; whether a `*` inside a substituted value is a wildcard is not written)
//   [ARN] IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
//         ("Each of the six colon-delimited components of the ARN is checked separately"; ArnNotEquals,
//         ArnNotLike: "Negated matching for ARN"; what either does with a value that is no ARN is not
//         written; cloud-copilot/iam-simulate's ArnNotLike.test.ts "should return false if not a valid request
//         arn" reads the negated operator false there, the negation of ArnLike reads it true)
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicy, PolicyError } from '../../src/policy/index.js';
import * as kit from './doc-cases.js';

const { when, denyWhen, st, R } = kit;
const ORG = 'o-a1b2c3d4e5';
const PATH_A = `${ORG}/r-ab12/ou-ab12-11111111/`;
const PATH_B = `${ORG}/r-ab12/ou-ab12-22222222/`;
const withKeys = (context: Record<string, string | string[]>): kit.Request => ({
  principal: kit.SESSION,
  context,
});
const tagged = (tags: Record<string, string>): kit.Request => ({ principal: kit.SESSION, extra: { tags } });
const under = (policy: object[], ...callers: [doc: string, caller: kit.Caller, expected: kit.Outcome][]) =>
  callers.map(([doc, caller, expected]): kit.DocCase => [doc, policy, caller, expected, R]);

const multiValued: kit.DocCase[] = [
  ...under(
    when({ StringLike: { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` } }),
    [
      '[SM] one value: "some value" and "every value" agree',
      withKeys({ 'aws:PrincipalOrgPaths': [PATH_A] }),
      'Allowed',
    ],
    [
      '[SM] two values, one matching: the readings disagree',
      withKeys({ 'aws:PrincipalOrgPaths': [PATH_A, PATH_B] }),
      'undecided',
    ],
    [
      '[SM] two values, none matching: every reading says no',
      withKeys({ 'aws:PrincipalOrgPaths': [PATH_B, PATH_B] }),
      'ImplicitDeny',
    ],
  ),
  ...under(
    denyWhen({ StringNotEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } }),
    [
      '[SM] a negated operator, two values, one named: the readings disagree',
      withKeys({ 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] }),
      'undecided',
    ],
    [
      '[SM] …both named: no reading denies',
      withKeys({ 'aws:CalledVia': ['athena.amazonaws.com', 'athena.amazonaws.com'] }),
      'Allowed',
    ],
  ),
  ...under(
    when({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` } }),
    [
      '[SM] with ForAnyValue the pages say: some value matches',
      withKeys({ 'aws:PrincipalOrgPaths': [PATH_A, PATH_B] }),
      'Allowed',
    ],
  ),
];

const wrongType: kit.DocCase[] = [
  ...under(
    denyWhen({ NumericNotEquals: { 'aws:PrincipalTag/level': '3' } }),
    [
      '[AAM] NumericNotEquals over a tag that is no number: not written',
      tagged({ level: 'high' }),
      'undecided',
    ],
    ['[CO] …over a number it decides', tagged({ level: '5' }), 'ExplicitDeny'],
    ['[CO] …over the number it names', tagged({ level: '3' }), 'Allowed'],
    ['[CO] …and without the key the Deny applies (a missing key)', kit.SESSION, 'ExplicitDeny'],
  ),
  ...under(when({ NumericEquals: { 'aws:PrincipalTag/level': '3' } }), [
    '[CO] a positive operator over a value of the wrong type is false in every reading',
    tagged({ level: 'high' }),
    'ImplicitDeny',
  ]),
  ...under(denyWhen({ DateNotEquals: { 'aws:PrincipalTag/until': '2026-01-01T00:00:00Z' } }), [
    '[AAM] DateNotEquals over a tag that is no date: not written',
    tagged({ until: 'x' }),
    'undecided',
  ]),
  ...under(
    denyWhen({ NotIpAddress: { 'aws:PrincipalTag/ip': '10.0.0.0/8' } }),
    ['[AAM] NotIpAddress over a tag that is no address: not written', tagged({ ip: 'nope' }), 'undecided'],
    ['[CO] …over an address outside the block it decides', tagged({ ip: '192.0.2.1' }), 'ExplicitDeny'],
  ),
  ...under(denyWhen({ 'ForAnyValue:NumericNotEquals': { 'aws:PrincipalTag/level': '3' } }), [
    '[AAM] a set operator does not settle it either',
    tagged({ level: 'high' }),
    'undecided',
  ]),
];

const substitutedWildcards: kit.DocCase[] = [
  ...under(
    when({ StringLike: { 'aws:UserAgent': '${aws:Referer}' } }),
    ...(
      [
        [
          '[V] a substituted "*": literal or wildcard disagree for another agent',
          'curl/*',
          'curl/8.0',
          'undecided',
        ],
        ['[V] …agree when the agent is the same text', 'curl/*', 'curl/*', 'Allowed'],
        ['[V] …and when neither reading matches', 'curl/*', 'wget/1', 'ImplicitDeny'],
        ['[V] a value without wildcards decides as before', 'curl/8.0', 'curl/8.0', 'Allowed'],
      ] as const
    ).map(([doc, referer, agent, expected]): [string, kit.Caller, kit.Outcome] => [
      doc,
      withKeys({ 'aws:Referer': referer, 'aws:UserAgent': agent }),
      expected,
    ]),
  ),
  ...under(when({ StringLike: { 'aws:UserAgent': "${aws:PrincipalTag/agent, 'curl?8*'}" } }), [
    '[V] a default holding "?" and "*" likewise',
    withKeys({ 'aws:UserAgent': 'curl/8.0' }),
    'undecided',
  ]),
  ...under(when({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${kit.HUB}:role/\${aws:Referer}` } }), [
    '[V] ArnLike with a substituted "*"',
    withKeys({ 'aws:Referer': 'Check*' }),
    'undecided',
  ]),
  ...under(
    [st({ Resource: `arn:aws:execute-api:us-east-1:${kit.SPOKE}:${kit.API_ID}/prod/GET/\${aws:Referer}` })],
    ['[V] a Resource with a substituted "*"', withKeys({ 'aws:Referer': '*' }), 'undecided'],
    ['[V] …and one that names the path', withKeys({ 'aws:Referer': 'pets' }), 'Allowed'],
  ),
];

const arnTagged = (tags: Record<string, string>, context: Record<string, string> = {}): kit.Request => ({
  principal: kit.SESSION,
  extra: { tags },
  context,
});
const CODEBUILD = 'arn:aws:codebuild:*:*:project/*';

const arnOverNonArn: kit.DocCase[] = [
  ...under(
    denyWhen({ ArnNotLike: { 'aws:PrincipalTag/source': CODEBUILD } }),
    [
      '[ARN] ArnNotLike over a tag that is no ARN: not written',
      arnTagged({ source: 'pipeline' }),
      'undecided',
    ],
    [
      '[ARN] …over five colon-separated fields (no resource part): not written',
      arnTagged({ source: 'arn:aws:codebuild:us-east-1:111111111111' }),
      'undecided',
    ],
    [
      '[ARN] …over an ARN it names: the Deny does not apply',
      arnTagged({ source: `arn:aws:codebuild:us-east-1:${kit.HUB}:project/build` }),
      'Allowed',
    ],
    [
      '[ARN] …over an ARN it does not name: the Deny applies',
      arnTagged({ source: `arn:aws:lambda:us-east-1:${kit.HUB}:function:f` }),
      'ExplicitDeny',
    ],
    ['[ARN] …and without the key the Deny applies (a missing key)', kit.SESSION, 'ExplicitDeny'],
  ),
  ...under(denyWhen({ ArnNotEqualsIfExists: { 'aws:PrincipalTag/source': CODEBUILD } }), [
    '[ARN] ArnNotEqualsIfExists over a present value that is no ARN: not written',
    arnTagged({ source: 'pipeline' }),
    'undecided',
  ]),
  ...under(when({ ArnLike: { 'aws:PrincipalTag/source': CODEBUILD } }), [
    '[ARN] a positive Arn operator over a value that is no ARN is false in every reading',
    arnTagged({ source: 'pipeline' }),
    'ImplicitDeny',
  ]),
];

// A tag value may hold ':' (IAM tag values: letters, digits, spaces and _ . : / = + - @). Variables are
// "replaced with values" when the policy is evaluated [V], and the operator then checks the value's six
// colon-delimited components [ARN]: a ':' the substitution brings separates components.
const SCOPED = 'arn:aws:${aws:PrincipalTag/scope}:*';
const BY_SERVICE = 'arn:aws:${aws:PrincipalTag/svc}:*:*';
const TOPIC_V2 = { 'aws:SourceArn': `arn:aws:sns:us-east-1:${kit.HUB}:orders:v2` };
const colonsInValues: kit.DocCase[] = [
  ...under(
    when({ ArnLike: { 'aws:PrincipalArn': SCOPED } }),
    ['[V][ARN] a substituted ":" separates components', arnTagged({ scope: `iam::${kit.HUB}` }), 'Allowed'],
    [
      '[V][ARN] …so another account does not match',
      arnTagged({ scope: 'iam::999999999999' }),
      'ImplicitDeny',
    ],
  ),
  ...under(when({ ArnLike: { 'aws:SourceArn': BY_SERVICE } }), [
    '[V][ARN] the last wildcard then falls in the resource part and spans its colons',
    arnTagged({ svc: 'sns:us-east-1' }, TOPIC_V2),
    'Allowed',
  ]),
  ...under(denyWhen({ ArnLike: { 'aws:SourceArn': BY_SERVICE } }), [
    '[V][ARN] …so a Deny over it applies',
    arnTagged({ svc: 'sns:us-east-1' }, TOPIC_V2),
    'ExplicitDeny',
  ]),
  ...under(denyWhen({ ArnNotLike: { 'aws:SourceArn': BY_SERVICE } }), [
    '[V][ARN] …and a Deny over its negation does not',
    arnTagged({ svc: 'sns:us-east-1' }, TOPIC_V2),
    'Allowed',
  ]),
  ...under(
    when({ ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${kit.HUB}:\${aws:PrincipalTag/topic}` } }),
    [
      '[V][ARN] a ":" substituted in the resource part is a character of it',
      arnTagged({ topic: 'orders:v2' }, TOPIC_V2),
      'Allowed',
    ],
    ['[V][ARN] …and matches nothing else', arnTagged({ topic: 'orders:v3' }, TOPIC_V2), 'ImplicitDeny'],
  ),
];

// A template whose substituted value leaves fewer than the six components [ARN] compares one by one
// (`${aws:Referer}` = `*`, a tag without colons): as for a policy's own short value (§17, §20), what AWS
// does with it is not written (a whole-string reading, "*" as any value, or no ARN at all), so such a
// request is refused; a template that resolves to six components, or whose variable is missing (it
// matches nothing [V]), is decided (docs/aws-behaviour.md §42).
const BY_TAG = '${aws:PrincipalTag/arn}';
const shortTemplates: kit.DocCase[] = [
  ...under(when({ ArnLike: { 'aws:PrincipalArn': '${aws:Referer}' } }), [
    '[ARN][V] ${aws:Referer} substituted with "*": fewer than six components',
    withKeys({ 'aws:Referer': '*' }),
    'undecided',
  ]),
  ...under(
    when({ ArnEquals: { 'aws:PrincipalArn': BY_TAG } }),
    ['[ARN][V] a tag value without colons', arnTagged({ arn: 'pipeline' }), 'undecided'],
    [
      '[ARN][V] a tag value of six components is decided',
      arnTagged({ arn: `arn:aws:iam::${kit.HUB}:role/CheckoutRole` }),
      'Allowed',
    ],
    ['[ARN][V] a missing variable matches nothing', arnTagged({}), 'ImplicitDeny'],
  ),
  ...under(denyWhen({ ArnNotLike: { 'aws:PrincipalArn': BY_TAG } }), [
    '[ARN][V] a negated operator over a short template',
    arnTagged({ arn: 'iam::role' }),
    'undecided',
  ]),
  ...under(when({ ArnLike: { 'aws:PrincipalArn': "${aws:Referer, 'none'}" } }), [
    '[ARN][V] a default that leaves fewer than six components',
    withKeys({}),
    'undecided',
  ]),
];

kit.describeAgrees({
  'multivalued keys under an operator without ForAllValues/ForAnyValue': multiValued,
  'negated Numeric, Date and IpAddress operators over values of another type': wrongType,
  '"*" and "?" inside a substituted variable value': substitutedWildcards,
  'negated Arn operators over a value that is no ARN': arnOverNonArn,
  'a ":" inside a value substituted into an Arn operator': colonsInValues,
  'an Arn template that resolves to fewer than six components': shortTemplates,
});

describe('an undecided statement', () => {
  const policy = (statements: object[]) =>
    parsePolicy(kit.policyDoc(statements), { name: 'orders-resource', file: 'orders.json' });
  const undecidedAllow = st({
    Sid: 'Agents',
    Condition: { StringLike: { 'aws:UserAgent': '${aws:Referer}' } },
  });
  const req = kit.request(withKeys({ 'aws:Referer': 'curl/*', 'aws:UserAgent': 'curl/8.0' }));

  it('is refused naming the policy file, the statement, the operator, the key and the rule', () => {
    const p = policy([undecidedAllow]);
    expect(() => evaluatePolicy(p, req)).toThrow(PolicyError);
    expect(() => evaluatePolicy(p, req)).toThrow(
      /^orders\.json: Statement\[0\] \(Sid "Agents"\) Condition: StringLike "aws:UserAgent": the value "\$\{aws:Referer\}": a substituted value holds "\*" or "\?".*do not say which.*\(rule SG000 invalid-policy\)$/,
    );
  });

  it('does not matter when a Deny of the same policy applies', () => {
    const p = policy([undecidedAllow, st({ Effect: 'Deny' })]);
    expect(evaluatePolicy(p, req).kind).toBe('ExplicitDeny');
  });
});

describe('near misses of a decided request', () => {
  it('are worked out without throwing when a statement AWS leaves open misses on its Action', () => {
    const p = parsePolicy(
      kit.policyDoc([
        st({
          Sid: 'Other',
          Action: 'execute-api:InvalidateCache',
          Condition: { StringLike: { 'aws:UserAgent': '${aws:Referer}' } },
        }),
      ]),
      { name: 'p' },
    );
    const d = evaluatePolicy(
      p,
      kit.request(withKeys({ 'aws:Referer': 'curl/*', 'aws:UserAgent': 'curl/8.0' })),
    );
    expect(d.kind).toBe('ImplicitDeny');
    expect(() => JSON.stringify(d)).not.toThrow();
  });
});
