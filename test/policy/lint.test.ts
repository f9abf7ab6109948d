// Every lint rule firing and not firing, and the three output formats.
import { describe, expect, it } from 'vitest';
import {
  formatFindings,
  LINT_RULES,
  lintPolicy,
  lintPolicyText,
  parsePolicy,
  type Finding,
  type PolicyKind,
} from '../../src/policy/index.js';
import { invokeAllow, ROLE } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/*';
const good = invokeAllow('Checkout', API);
/** A policy of one statement: `good` with these elements changed. */
const alt = (el: object) => [{ ...good, ...el }];
const guard = {
  Sid: 'OnlyHub',
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
};

function rules(statements: object[], kind: PolicyKind, extra: object = { Version: '2012-10-17' }): string[] {
  return lintPolicy(parsePolicy({ ...extra, Statement: statements }, { name: 'p' }), kind).map((f) => f.rule);
}
function textRules(text: string, kind: PolicyKind): string[] {
  return lintPolicyText(text, { name: 'p' }, kind).map((f) => f.rule);
}

describe('clean policies have no findings', () => {
  it('endpoint', () => expect(rules([good], 'endpoint')).toEqual([]));
  it('resource', () => expect(rules([good, guard], 'resource')).toEqual([]));
  it('identity', () =>
    expect(rules([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API }], 'identity')).toEqual(
      [],
    ));
});

// [rule, kind, statements firing, statements not firing]
const cases: [string, PolicyKind, object[], object[]][] = [
  ['SG001', 'endpoint', [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API }], [good]],
  [
    'SG001',
    'resource',
    [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API }, guard],
    [good, guard],
  ],
  ['SG005', 'endpoint', alt({ Action: 's3:GetObject' }), alt({ Action: 'execute-api:*' })],
  ['SG006', 'endpoint', alt({ Action: 'execute-api:Invok' }), alt({ Action: 'execute-api:inv*' })],
  [
    'SG007',
    'endpoint',
    alt({ Condition: { StringLike: { 'aws:PrincipalAccount': '1111*' } } }),
    alt({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }),
  ],
  [
    'SG008',
    'endpoint',
    [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'execute-api:Invoke' }],
    [good],
  ],
  [
    'SG009',
    'identity',
    [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: API }],
    [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API }],
  ],
  [
    'SG010',
    'endpoint',
    alt({ Principal: '*' }),
    alt({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }),
  ],
  [
    'SG010',
    'resource',
    [{ ...good, Principal: { AWS: '*' } }, guard],
    [
      {
        ...good,
        Principal: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } },
      },
      guard,
    ],
  ],
  ['SG011', 'endpoint', alt({ Action: 'execute-api:*' }), [good]],
  ['SG011', 'endpoint', alt({ Action: '*' }), alt({ Effect: 'Deny', Action: '*' })],
  ['SG012', 'endpoint', alt({ Resource: '*' }), [good]],
  [
    'SG012',
    'endpoint',
    alt({ Resource: 'arn:aws:execute-api:us-west-2:222222222222:*' }),
    alt({ Resource: `${API.slice(0, -2)}/prod/GET/*` }),
  ],
  [
    'SG027',
    'endpoint',
    alt({ Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-abc*' } } }),
    alt({ Condition: { StringLike: { 'aws:userid': '*:alice' } } }),
  ],
  [
    'SG028',
    'endpoint',
    alt({ Resource: 'arn:aws:execute-api:us-west-2:2222*:a1b2c3d4e5/*' }),
    alt({ Resource: 'arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/*' }),
  ],
  ['SG013', 'endpoint', alt({ Action: undefined, NotAction: 'execute-api:ManageConnections' }), [good]],
  ['SG013', 'endpoint', alt({ Resource: undefined, NotResource: API }), [good]],
  ['SG014', 'endpoint', alt({ Principal: { AWS: 'AROAEXAMPLEROLEID1234' } }), [good]],
  [
    'SG015',
    'endpoint',
    [good, { Effect: 'Deny', NotPrincipal: { AWS: [ROLE] }, Action: '*', Resource: '*' }],
    [
      good,
      {
        Effect: 'Deny',
        NotPrincipal: {
          AWS: [
            ROLE,
            'arn:aws:iam::111111111111:root',
            'arn:aws:sts::111111111111:assumed-role/CheckoutRole/spokegate',
          ],
        },
        Action: '*',
        Resource: '*',
      },
    ],
  ],
  [
    'SG015',
    'endpoint',
    [
      good,
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: ['arn:aws:sts::111111111111:assumed-role/CheckoutRole/s1', '111111111111'] },
        Action: '*',
        Resource: '*',
      },
    ],
    [good],
  ],
  ['SG016', 'resource', [good], [good, guard]],
  ['SG016', 'resource', [good], alt({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })],
  ['SG018', 'endpoint', [good, good], [good, { ...good, Sid: 'Other' }]],
  [
    'SG019',
    'endpoint',
    [{ ...good, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } } }],
    [{ ...good, Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } } }],
  ],
  // note8 §10: through the endpoint aws:SourceIp is not the caller's address (IAM: "not available"
  // through a VPC endpoint; the execute-api endpoint rewrites it): lint said nothing of it.
  [
    'SG031',
    'endpoint',
    alt({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
    alt({ Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } } }),
  ],
  [
    'SG031',
    'resource',
    [good, { ...guard, Condition: { NotIpAddress: { 'AWS:SOURCEIP': ['203.0.113.0/24'] } } }],
    [good, guard],
  ],
  // §31: requests AWS's pages leave open under these conditions are refused by the engine; lint says so first.
  [
    'SG032',
    'endpoint',
    alt({ Condition: { StringLike: { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } }),
    alt({ Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } }),
  ],
  // SG033: a negated typed operator over a tag (values of any type) fires; over a key of its type, not.
  ...(
    [
      ['NumericNotEquals', '3', 'aws:PrincipalTag/level', 'aws:MultiFactorAuthAge'],
      ['ArnNotLike', 'arn:aws:*:*:*:*', 'aws:PrincipalTag/source', 'aws:PrincipalArn'],
    ] as const
  ).map(([op, value, ...keys]): [string, PolicyKind, object[], object[]] => {
    const [firing, quiet] = keys.map((key) => [
      good,
      guard,
      { ...guard, Sid: 'Typed', Condition: { [op]: { [key]: value } } },
    ]);
    return ['SG033', 'resource', firing!, quiet!];
  }),
  ['SG020', 'endpoint', alt({ Resource: 'arn:aws:s3:::bucket/*' }), [good]],
  // Short of six fields and no wildcard is refused (SG000, "Missing ARN field": doc-sixth-reading);
  // with a trailing * it spans the colons left and may name an execute-api ARN.
  ['SG020', 'endpoint', alt({ Resource: 'arn:aws:sqs:us-west-2:111111111111:queue' }), [good]],
  [
    'SG020',
    'endpoint',
    alt({ Resource: 'arn:aws:s3:::bucket' }),
    alt({ Resource: 'arn:aws:execute-api:us-west-2:*' }),
  ],
];

describe.each(cases)('%s (%s)', (rule, kind, firing, quiet) => {
  it('fires', () => expect(rules(firing, kind)).toContain(rule));
  it('does not fire', () => expect(rules(quiet, kind)).not.toContain(rule));
});

describe('rules on the whole policy and parse errors', () => {
  it('SG026: NotPrincipal with Allow is a parse error of every kind, reported as an error; with Deny it is not', () => {
    const np = (effect: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { ...good, Effect: effect, Principal: undefined, NotPrincipal: { AWS: [ROLE, '111111111111'] } },
        ],
      });
    for (const kind of ['endpoint', 'resource', 'identity', 'trust'] as const) {
      const f = lintPolicyText(np('Allow'), { name: 'p' }, kind);
      expect(
        f.map((x) => [x.rule, x.severity]),
        kind,
      ).toEqual([['SG026', 'error']]);
      expect(f[0]?.statement?.sid).toBe('Checkout');
    }
    expect(textRules(np('Deny'), 'endpoint')).not.toContain('SG026');
  });
  it('SG002 fires over 20,480 characters, not under', () => {
    const long = {
      ...good,
      Resource: Array.from({ length: 400 }, (_, i) => `${API.slice(0, -2)}/stage${i}/GET/*`),
    };
    expect(rules([long], 'endpoint')).toContain('SG002');
    expect(rules([good], 'endpoint')).not.toContain('SG002');
    // Resource policies: over API Gateway's default 8,192-character quota, which can be raised.
    const f = lintPolicy(
      parsePolicy({ Version: '2012-10-17', Statement: [long] }, { name: 'p' }),
      'resource',
    );
    expect(f.find((x) => x.rule === 'SG002')?.severity).toBe('warning');
    expect(rules([long], 'identity')).toContain('SG002');
  });
  it('SG017 fires without Version or with 2008-10-17', () => {
    expect(rules([good], 'endpoint', {})).toContain('SG017');
    expect(rules([good], 'endpoint', { Version: '2008-10-17' })).toContain('SG017');
    expect(rules([good], 'endpoint')).not.toContain('SG017');
  });
  it('SG000 / SG003 / SG004 come from parse errors', () => {
    expect(textRules('{"Statement": [', 'endpoint')).toEqual(['SG000']);
    expect(textRules(JSON.stringify({ Statement: [{ ...good, Effect: 'allow' }] }), 'endpoint')).toEqual([
      'SG000',
    ]);
    expect(
      textRules(
        JSON.stringify({ Statement: [{ ...good, Principal: { AWS: 'arn:aws:iam::111111111111:role/*' } }] }),
        'endpoint',
      ),
    ).toEqual(['SG003']);
    expect(
      textRules(
        JSON.stringify({ Statement: [{ ...good, Condition: { StringEqual: { a: 'b' } } }] }),
        'endpoint',
      ),
    ).toEqual(['SG004']);
    expect(textRules(JSON.stringify({ Version: '2012-10-17', Statement: [good] }), 'endpoint')).toEqual([]);
  });
  it('a parse-error finding names the statement', () => {
    const [f] = lintPolicyText(
      JSON.stringify({ Statement: [good, { ...good, Sid: 'Bad', Effect: 'deny' }] }),
      { name: 'p' },
      'endpoint',
    );
    expect(f).toMatchObject({
      rule: 'SG000',
      severity: 'error',
      statement: { policy: 'p', index: 1, sid: 'Bad' },
    });
  });
  it('every rule is documented in the README table', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../src/policy/lint/README.md', import.meta.url), 'utf8');
    for (const r of LINT_RULES)
      expect(readme).toMatch(new RegExp(`\\| ${r.id} +\\| ${r.name} +\\| ${r.severity} +\\|`));
  });
  it('findings carry the statement that caused them', () => {
    const f = lintPolicy(
      parsePolicy(
        { Version: '2012-10-17', Statement: [good, { ...good, Sid: 'Wide', Resource: '*' }] },
        { name: 'ep' },
      ),
      'endpoint',
    );
    expect(f).toEqual([
      expect.objectContaining({
        rule: 'SG012',
        severity: 'warning',
        statement: { policy: 'ep', index: 1, sid: 'Wide' },
      }),
    ]);
  });
});

describe('formatFindings', () => {
  const findings: Finding[] = [
    {
      rule: 'SG012',
      severity: 'warning',
      message: 'Statement[1]: Resource "*"',
      statement: { policy: 'ep', index: 1, sid: 'Wide' },
    },
    { rule: 'SG017', severity: 'info', message: 'Version is missing' },
  ];
  const POLICY = '{\n "Statement": [\n  {"Sid": "A"},\n  {"Sid": "Wide"}\n ]\n}';
  it('text: one line per finding, at FILE:LINE:COLUMN as SARIF says, and a summary', () => {
    const t = formatFindings(findings, 'text', 'policy.json', POLICY);
    expect(t).toContain('policy.json:4:3: warning SG012: Statement[1]: Resource "*"');
    expect(formatFindings(findings, 'text', 'policy.json')).toContain('policy.json:1:1: warning SG012');
    expect(t).toContain('2 finding(s): 0 error, 1 warning, 1 info');
    expect(formatFindings([], 'text', 'policy.json')).toContain('no findings');
  });
  it('json: the findings', () => {
    expect(JSON.parse(formatFindings(findings, 'json', 'policy.json'))).toEqual({
      file: 'policy.json',
      findings,
    });
  });
  it('sarif: a valid SARIF 2.1.0 shape', () => {
    const s = JSON.parse(formatFindings(findings, 'sarif', 'policy.json', POLICY)) as {
      $schema: string;
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
        results: Record<string, unknown>[];
      }[];
    };
    expect(s.version).toBe('2.1.0');
    expect(s.$schema).toMatch(/sarif/);
    const run = s.runs[0]!;
    expect(run.tool.driver.name).toBe('spokegate');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    expect(run.results[0]).toMatchObject({
      ruleId: 'SG012',
      level: 'warning',
      message: { text: 'Statement[1]: Resource "*"' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'policy.json' },
            region: { startLine: 4, startColumn: 3 },
          },
        },
      ],
    });
    expect(run.results[1]).toMatchObject({ ruleId: 'SG017', level: 'note' });
    const ids = new Set(run.tool.driver.rules.map((r) => r.id));
    for (const r of run.results) expect(ids.has(r.ruleId as string)).toBe(true);
  });
});
