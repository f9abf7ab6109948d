// Issue 12, attack run 14: new hostile inputs on what the last passes left open (note11 §12: a
// reports folder that is the project or holds its inputs, DependsOn under a Transform) and on areas
// earlier runs did not reach: analyses built to explode (many variables, deep orgPaths, many tag
// values), feature files with homoglyph aliases and bidi controls bound for the HTML, SARIF, JUnit
// and Markdown outputs, config `users`, `--now` values, Terraform plans with unknown values,
// CloudFormation with hostile intrinsics and nested stacks, links, FIFOs and devices as inputs, and
// the environment (AWS_CA_BUNDLE, AWS_PROFILE). A table of probes run through the CLI's main() in
// this process with canary secrets in the environment and in files outside the project, scored as
// the issue scores an attack run (test/reliability/attack-kit.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { ROOT } from '../harness/helpers.js';
import * as kit from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = kit.attackProject('attack14', 'J14');
const { at, write, base, outside } = project;
write('hub.json', readFileSync(join(ROOT, 'examples', 'endpoint-policy.json')));
write('plan.json', readFileSync(join(ROOT, 'examples', 'tfplan.json')));
const { copy: config } = kit.demoConfigCopies(project);

// Things in the project that lead outside it, or are not files.
symlinkSync('/proc/self/environ', at('env-link.json'));
symlinkSync('/dev/urandom', at('urandom.json'));
symlinkSync('/proc/self/fd/0', at('stdin.json'));
symlinkSync(project.proj, at('self-link'));
symlinkSync(outside, at('out-link'));
spawnSync('mkfifo', [at('pipe.yaml')]);
spawnSync('python3', [
  '-c',
  `import socket; s=socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(at('sock.json'))})`,
]);
mkdirSync(at('sub'));

const json = (name: string, doc: unknown) => write(name, JSON.stringify(doc));
const policyOf = (name: string, stmt: Record<string, unknown>) => json(name, kit.invokeByAnyone(stmt));
const diffTo = kit.diffFromHub;
const { CHECK, LF, whoCanOf } = kit;
/** A raw bidi control or invisible character a reader would not see (kit.score checks the output). */
const BIDI = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

// ---- CloudFormation: the one-endpoint template plus `more` resources and top-level keys ----
type Resources = Record<string, Record<string, unknown>>;
function cfn(name: string, more: Resources, top: Record<string, unknown> = {}, resource: unknown = '*') {
  const t = JSON.parse(template(resource, top)) as { Resources: Resources };
  Object.assign(t.Resources, more);
  return write(name, JSON.stringify(t));
}
const bucket = (extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::S3::Bucket',
  Properties: {},
  ...extra,
});
const SAM = { Transform: 'AWS::Serverless-2016-10-31' };
const LANG = { Transform: 'AWS::LanguageExtensions' };
const fn = {
  Type: 'AWS::Serverless::Function',
  Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', InlineCode: 'x' },
};

// ---- Terraform: the example plan edited ----
const writers = kit.probeWriters(project);
const { plan } = writers;
const { policyChange, planDiff } = kit;

// ---- features ----
const GET_ORDERS = (role: string) =>
  `    When "${role}" calls GET /orders on "orders"\n    Then the call is allowed\n`;
const { checkWith } = writers;
const scenario = (name: string, role = 'CheckoutRole') =>
  `Feature: f\n  Scenario: ${name}\n${GET_ORDERS(role)}`;

// ---- config users ----
const USER = (facts: string) => `users:\n  alice: ${facts}\nroles:`;
const userConfig = (id: string, facts: string) => config(`${id}.yaml`, /^roles:/m, USER(facts));
const ALICE = "arn: 'arn:aws:iam::111111111111:user/alice', userId: AIDAEXAMPLEALICE0001, tags: {}";

type Area = 'reports' | 'templates' | 'plans' | 'explode' | 'features' | 'users' | 'now' | 'files' | 'env';
type Probe = kit.Probe<Area>;

// Feature text holding a bidi control or an invisible character, bound for every report format: refused
// before anything runs, naming the file and the character.
const HIDDEN_IN_FEATURES: [string, string, string, string][] = [
  [
    'F02',
    'a scenario name holding U+2067 (right-to-left isolate)',
    scenario('a\u2067gnp.exe\u2069 b'),
    '2067',
  ],
  [
    'F03',
    'a scenario name holding U+200F (right-to-left mark) and U+061C',
    scenario('a\u200fb\u061cc'),
    '200F',
  ],
  [
    'F04',
    'a feature name holding U+200B and U+FEFF (invisible)',
    `Feature: x\u200by\ufeffz\n  Scenario: s\n${GET_ORDERS('CheckoutRole')}`,
    '200B',
  ],
  [
    'F08',
    'a scenario name holding U+2066 and "@team", check --format md',
    scenario('x\u2066@team y\u2069'),
    '2066',
  ],
];

const PROBES: kit.Probe<Area>[] = [
  // ---- reports folders that are the project, hold it, or hold its inputs (note11 §12) ----
  ...kit.probesOf('reports', [
    [
      'R01',
      '--reports "." (the project folder itself)',
      CHECK('--reports', '.'),
      /--reports.*project folder/,
    ],
    [
      'R02',
      '--reports ".." (the folder holding the project)',
      CHECK('--reports', '..'),
      /--reports.*project folder/,
    ],
    ['R03', '--reports "/"', CHECK('--reports', '/'), /--reports/],
    [
      'R04',
      '--reports the folder of the identity policies the run reads',
      CHECK('--reports', 'policies'),
      /--reports.*policies/,
    ],
    [
      'R05',
      '--reports a link inside the project that leads back to the project folder',
      CHECK('--reports', 'self-link'),
      /--reports.*project folder/,
    ],
    [
      'R06',
      '--reports a link out of the project (to the folder holding the secret)',
      CHECK('--reports', 'out-link'),
      /--reports.*link/,
    ],
    [
      'R07',
      '--reports "./" with --root sub (the config is outside the root: refused first)',
      CHECK('--reports', './', '--root', 'sub'),
      2,
    ],
    [
      'R08',
      '--reports a fresh folder beside the project (outside it as given): written, whole',
      CHECK('--reports', join(base, 'beside')),
      0,
    ],
    [
      'R09',
      '--reports a subfolder of the project: written, whole',
      CHECK('--reports', 'out/r09'),
      { code: 0, reports: 'out/r09' },
    ],
    [
      'R10',
      '--reports "sub/.." (the project folder spelt another way)',
      CHECK('--reports', 'sub/..'),
      /--reports.*project folder/,
    ],
  ]),

  // ---- CloudFormation: DependsOn under a Transform, hostile intrinsics, nested stacks ----
  // DependsOn ids are checked where no transform makes resources the template does not list.
  ...(
    [
      [
        'C01',
        'AWS::LanguageExtensions and a DependsOn naming no resource (it makes none)',
        {},
        LANG,
        'Missing',
        2,
      ],
      [
        'C02',
        'SAM with no AWS::Serverless resource and a DependsOn naming no resource',
        {},
        SAM,
        'Missing',
        2,
      ],
      [
        'C03',
        'SAM with a function and a DependsOn on the role SAM makes for it (FnRole)',
        { Fn: fn },
        SAM,
        'FnRole',
        0,
      ],
    ] as const
  ).map(([id, what, more, top, on, code]): Probe => ({
    id,
    area: 'templates',
    what,
    args: whoCanOf(cfn(`${id}.json`, { ...more, B: bucket({ DependsOn: on }) }, top)),
    code,
    ...(code === 2 ? { says: new RegExp(`${id}\\.json.*${on}`) } : {}),
  })),
  ...kit.probesOf('templates', [
    [
      'C04',
      'Fn::Transform (AWS::Include) inside the endpoint policy',
      whoCanOf(
        cfn(
          'C04.json',
          {},
          {},
          { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
        ),
      ),
      /C04\.json.*Transform/,
    ],
    [
      'C05',
      'a nested stack (AWS::CloudFormation::Stack) beside the endpoint: the endpoint still read',
      whoCanOf(
        cfn('C05.json', {
          Nested: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: { TemplateURL: 'https://example.com/t.json' },
          },
        }),
      ),
      0,
    ],
    [
      'C06',
      "a nested stack's output in the endpoint policy (known only after deploy)",
      whoCanOf(
        cfn(
          'C06.json',
          {
            Nested: {
              Type: 'AWS::CloudFormation::Stack',
              Properties: { TemplateURL: 'https://example.com/t' },
            },
          },
          {},
          { 'Fn::GetAtt': ['Nested', 'Outputs.Arn'] },
        ),
      ),
      /C06\.json/,
    ],
    [
      'C07',
      'Fn::GetAZs in the untaken branch of a false Fn::If: answered',
      whoCanOf(
        cfn(
          'C07.json',
          {},
          { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } },
          {
            'Fn::If': ['Never', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, '*'],
          },
        ),
      ),
      0,
    ],
  ]),
  // Hostile intrinsics in the endpoint policy (`resource`) or the template's top level (`top`): exit 2
  // naming the file (and `also`, where the message must say it).
  ...(
    [
      [
        'C08',
        'two conditions naming each other (Fn::If on A, A <- B <- A)',
        { Conditions: { A: { Condition: 'B' }, B: { Condition: 'A' } } },
        { 'Fn::If': ['A', 'arn:aws:execute-api:*:*:*', '*'] },
        '',
      ],
      [
        'C09',
        'a condition of 1,000 nested Fn::Not',
        {
          Conditions: {
            Deep: Array.from({ length: 1000 }).reduce<unknown>((c) => ({ 'Fn::Not': [c] }), {
              'Fn::Equals': ['a', 'a'],
            }),
          },
        },
        { 'Fn::If': ['Deep', '*', '*'] },
        '',
      ],
      [
        'C10',
        'Fn::If naming a condition the template does not declare',
        {},
        { 'Fn::If': ['Nope', '*', '*'] },
        '.*Nope',
      ],
      [
        'C11',
        'Ref AWS::NotificationARNs in the policy (a list known only at deploy)',
        {},
        { Ref: 'AWS::NotificationARNs' },
        '',
      ],
      [
        'C12',
        'Fn::Cidr in the policy (a list of CIDRs; Resource takes strings)',
        {},
        { 'Fn::Cidr': ['10.0.0.0/16', 256, 8] },
        '',
      ],
    ] as [string, string, Record<string, unknown>, unknown, string][]
  ).map(([id, what, top, resource, also]): Probe => ({
    id,
    area: 'templates',
    what,
    args: whoCanOf(cfn(`${id}.json`, {}, top, resource)),
    code: 2,
    says: new RegExp(`${id}\\.json${also}`),
  })),
  ...kit.probesOf('templates', [
    [
      'C13',
      'a Transform list holding SAM twice',
      whoCanOf(cfn('C13.json', {}, { Transform: [SAM.Transform, SAM.Transform] })),
      0,
    ],
    // Written as text: Object.assign would set the prototype rather than a resource of that name.
    [
      'C14',
      'a resource named "__proto__" depending on the endpoint',
      whoCanOf(
        write(
          'C14.json',
          template('*').replace(
            '"Resources":{',
            `"Resources":{"__proto__":${JSON.stringify(bucket({ DependsOn: 'Hub' }))},`,
          ),
        ),
      ),
      /C14\.json/,
    ],
    [
      'C15',
      'a logical id holding a bidi override (CloudFormation takes A-Za-z0-9 only)',
      whoCanOf(cfn('C15.json', { 'B\u202eevil': bucket() })),
      /C15\.json/,
    ],
  ]),

  // ---- Terraform plans with unknown values ----
  ...kit.probesOf('plans', [
    [
      'T01',
      'after_unknown marking one statement of the policy JSON (a string: unknown whole)',
      planDiff(plan('T01.json', (p) => (policyChange(p).after_unknown = { policy: [true] }))),
      /after_unknown/,
    ],
    [
      'T02',
      'after_unknown.policy true while after.policy still holds text',
      planDiff(plan('T02.json', (p) => (policyChange(p).after_unknown = { policy: true }))),
      /after_unknown|known only after apply/,
    ],
    [
      'T03',
      'after_unknown as a string',
      planDiff(plan('T03.json', (p) => (policyChange(p).after_unknown = 'policy'))),
      /after_unknown/,
    ],
    [
      'T04',
      'after_unknown nested 1,000 deep',
      planDiff(
        plan('T04.json', (p) => {
          policyChange(p).after_unknown = Array.from({ length: 1000 }).reduce<unknown>(
            (u) => ({ x: u }),
            true,
          );
        }),
      ),
      /T04\.json/,
    ],
    [
      'T05',
      'after_sensitive marking the policy (hidden in the plan, shown as true)',
      planDiff(plan('T05.json', (p) => (policyChange(p).after_sensitive = { policy: true }))),
      /T05\.json/,
    ],
    [
      'T06',
      'a plan whose endpoint policy Sid holds U+202E, diff --format md: shown escaped',
      [
        ...planDiff(
          plan('T06.json', (p) => {
            const after = policyChange(p).after!;
            const doc = JSON.parse(String(after.policy)) as { Statement: Record<string, unknown>[] };
            doc.Statement[0]!.Sid = 'Bidi\u202eSid';
            after.policy = JSON.stringify(doc);
          }),
        ),
        '--format',
        'md',
      ],
      { code: 0, hides: BIDI },
    ],
    [
      'T07',
      'a plan with format_version "99.0"',
      planDiff(plan('T07.json', (p) => (p.format_version = '99.0'))),
      /T07\.json.*format_version/,
    ],
    [
      'T08',
      'a plan whose resource_changes is an object',
      planDiff(plan('T08.json', (p) => (p.resource_changes = {} as never))),
      /T08\.json.*resource_changes/,
    ],
  ]),

  // ---- analyses built to explode: refuse within the limits (exit 2), never hang ----
  ...kit.probesOf('explode', [
    // Until pass 17 the search gave up here (exit 3); it then found the kinds whose path parameter
    // holds an encoded `/` (docs/aws-behaviour.md §50), but read the template on a spelled path as
    // written alone: a role tagged k0..k5 = prod, GET, items, a, b, c on inventory's
    // GET /items/a%2Fb%2Fc is allowed by decide() (normalised: items/a/b/c) and was in a denied
    // class, exit 0 (pass 21, lane A3; who-can-template-spellings). Now exit 3 naming the template.
    [
      'D01',
      'who-can over 6 distinct principal tag variables in one Resource: spellings read apart, unknown',
      whoCanOf(
        policyOf('D01.json', {
          Resource: `arn:aws:execute-api:*:*:*/${Array.from({ length: 6 }, (_, i) => `\${aws:PrincipalTag/k${i}}`).join('/')}`,
        }),
      ),
      { code: 3, shows: /paths written another way .* were not searched under Resource/ },
    ],
    [
      'D02',
      'who-can over 10 ForAnyValue:StringLike orgPath patterns each 6 OUs deep',
      whoCanOf(
        policyOf('D02.json', {
          Condition: {
            'ForAnyValue:StringLike': {
              'aws:PrincipalOrgPaths': Array.from(
                { length: 10 },
                (_, i) =>
                  `o-a1b2c3d4e5/r-ab12/${Array.from({ length: 6 }, (_, j) => `ou-ab12-${String(i * 10 + j).padStart(8, '0')}`).join('/')}/*`,
              ),
            },
          },
        }),
      ),
      0,
    ],
    [
      'D03',
      'diff to 8 statements, each a StringEquals on a distinct tag key with 5 values: refused at the merge limit before counting decisions (ran for over 400 s before)',
      diffTo(
        json('D03.json', {
          Version: '2012-10-17',
          Statement: Array.from({ length: 8 }, (_, i) => ({
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: '*',
            Condition: { StringEquals: { [`aws:PrincipalTag/k${i}`]: ['a', 'b', 'c', 'd', 'e'] } },
          })),
        }),
      ),
      /tell apart at least/,
    ],
    [
      'D04',
      'who-can: two variables in one value and a variable inside a wildcard in NotResource',
      whoCanOf(
        policyOf('D04.json', {
          Resource: undefined,
          NotResource: 'arn:aws:execute-api:*:*:*/*/${aws:PrincipalTag/a}-${aws:PrincipalTag/b}/*',
        }),
      ),
      // Exit 3 since pass 21 (lane A3): tags may hold a spelling, so the template's two readings of
      // a spelled path may differ (not shown false here: the stop-gap is wider than the bug).
      { code: 3, shows: /paths written another way .* were not searched under Resource/ },
    ],
    [
      'D05',
      'who-can: a Deny whose StringNotLike holds 12 variables: a search that gives up says so (exit 3)',
      whoCanOf(
        json('D05.json', {
          Version: '2012-10-17',
          Statement: [
            kit.invokeByAnyone().Statement[0],
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 'execute-api:Invoke',
              Resource: '*',
              Condition: {
                StringNotLike: {
                  'aws:PrincipalArn': Array.from(
                    { length: 12 },
                    (_, i) => `arn:aws:iam::*:role/\${aws:PrincipalTag/t${i}}*`,
                  ),
                },
              },
            },
          ],
        }),
      ),
      { code: 3, shows: /could not be searched/ },
    ],
    [
      'D06',
      'who-can over 6 DateGreaterThan instants on aws:CurrentTime, each its own statement (60 ran for 235 s: handed on)',
      whoCanOf(
        json('D06.json', {
          Version: '2012-10-17',
          Statement: Array.from({ length: 6 }, (_, i) => ({
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: '*',
            Condition: {
              DateGreaterThan: {
                'aws:CurrentTime': new Date(Date.UTC(2026, 0, 1) + i * 3.6e6).toISOString(),
              },
            },
          })),
        }),
      ),
      0,
    ],
  ]),

  // ---- feature files: homoglyph aliases, bidi controls bound for every report format ----
  ...kit.probesOf('features', [
    [
      'F01',
      'a role alias with a Cyrillic "С" (a homoglyph of CheckoutRole): unknown, the hint shown',
      checkWith('F01', scenario('homoglyph', '\u0421heckoutRole')),
      /unknown role alias.*\\u0421|unknown role alias.*did you mean "CheckoutRole"/,
    ],
  ]),
  ...HIDDEN_IN_FEATURES.map(([id, what, text, code]): Probe => ({
    id,
    area: 'features',
    what,
    args: checkWith(id, text, ...(id === 'F08' ? ['--format', 'md'] : [])),
    code: 2,
    says: new RegExp(`${id}\\.feature.*U\\+${code}`),
  })),
  ...kit.probesOf('features', [
    [
      'F05',
      'an Examples table of 20,000 rows: refused at the scenario limit, quickly',
      checkWith(
        'F05',
        `Feature: f\n  Scenario Outline: s <n>\n${GET_ORDERS('CheckoutRole')}    Examples:\n      | n |\n${Array.from({ length: 20000 }, (_, i) => `      | ${i} |`).join('\n')}\n`,
      ),
      /F05\.feature/,
    ],
    [
      'F06',
      'an Examples table of 500 columns',
      checkWith(
        'F06',
        `Feature: f\n  Scenario Outline: s <c0>\n${GET_ORDERS('CheckoutRole')}    Examples:\n      | ${Array.from({ length: 500 }, (_, i) => `c${i}`).join(' | ')} |\n      | ${Array.from({ length: 500 }, (_, i) => `${i}`).join(' | ')} |\n`,
      ),
      { code: 0, reports: 'r-F06' },
    ],
    [
      'F07',
      'a step whose API alias holds U+202E',
      checkWith(
        'F07',
        'Feature: f\n  Scenario: s\n    When "CheckoutRole" calls GET /orders on "ord\u202esre"\n    Then the call is allowed\n',
      ),
      /F07\.feature/,
    ],
    [
      'F09',
      'a tag holding U+202E on a scenario',
      checkWith('F09', `Feature: f\n  @ok\u202etag\n  Scenario: s\n${GET_ORDERS('CheckoutRole')}`),
      /F09\.feature/,
    ],
    [
      'F10',
      'a feature file in UTF-16 (a BOM and NUL bytes)',
      [
        'check',
        write('F10.feature', Buffer.from(`\ufeff${scenario('s')}`, 'utf16le')),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-F10',
      ],
      /F10\.feature/,
    ],
    [
      'F11',
      'a lint of the endpoint policy with --format sarif whose Sid holds U+2067',
      ['lint', policyOf('F11.json', { Sid: 'A\u2067B' }), '--format', 'sarif'],
      { code: 0, hides: BIDI },
    ],
  ]),

  // ---- config users ----
  ...kit.probesOf('users', [
    [
      'U01',
      'a user whose identity policy is a link to /proc/self/environ',
      CHECK('--config', userConfig('U01', `{ ${ALICE}, identityPolicies: [env-link.json] }`)),
      /U01\.yaml|env-link\.json/,
    ],
    [
      'U02',
      'a user alias "__proto__"',
      CHECK(
        '--config',
        config('U02.yaml', /^roles:/m, `users:\n  __proto__: { ${ALICE}, identityPolicies: [] }\nroles:`),
      ),
      /U02\.yaml/,
    ],
    [
      'U03',
      'a user with credentials "mfa" (not one of the three)',
      CHECK('--config', userConfig('U03', `{ ${ALICE}, identityPolicies: [], credentials: mfa }`)),
      /U03\.yaml.*credentials/,
    ],
    [
      'U04',
      'a user with 51 tags (IAM allows 50)',
      CHECK(
        '--config',
        userConfig(
          'U04',
          `{ arn: 'arn:aws:iam::111111111111:user/alice', userId: AIDAEXAMPLEALICE0001, identityPolicies: [], tags: { ${Array.from({ length: 51 }, (_, i) => `k${i}: v`).join(', ')} } }`,
        ),
      ),
      /U04\.yaml.*tags/,
    ],
    [
      'U05',
      'a user ARN holding a line feed',
      CHECK(
        '--config',
        userConfig(
          'U05',
          `{ arn: "arn:aws:iam::111111111111:user/al${LF.replace('\n', '\\n')}", userId: AIDAEXAMPLEALICE0001, tags: {}, identityPolicies: [] }`,
        ),
      ),
      /U05\.yaml/,
    ],
    [
      'U06',
      'a user named like a role alias in another letter case (checkoutrole)',
      CHECK(
        '--config',
        config('U06.yaml', /^roles:/m, `users:\n  checkoutrole: { ${ALICE}, identityPolicies: [] }\nroles:`),
      ),
      0,
    ],
    [
      'U07',
      'a user in the aws-cn partition beside us-west-2 APIs',
      CHECK(
        '--config',
        userConfig(
          'U07',
          "{ arn: 'arn:aws-cn:iam::111111111111:user/alice', userId: AIDAEXAMPLEALICE0001, tags: {}, identityPolicies: [] }",
        ),
      ),
      /U07\.yaml.*partition/,
    ],
    [
      'U08',
      'a user userId of 10,000 characters: the message bounded',
      CHECK(
        '--config',
        userConfig(
          'U08',
          `{ arn: 'arn:aws:iam::111111111111:user/alice', userId: AIDA${'A'.repeat(10000)}, tags: {}, identityPolicies: [] }`,
        ),
      ),
      { code: 2, says: /U08\.yaml.*userId/, maxOutput: 2000 },
    ],
  ]),

  // ---- --now ----
  ...(
    [
      ['W01', 'a month 13', '2026-13-01T00:00:00Z'],
      ['W02', 'a time zone offset of +25:00', '2026-12-02T00:00:00+25:00'],
      ['W03', 'a leap second (23:59:60)', '2026-12-31T23:59:60Z'],
      ['W04', 'an expanded year past JavaScript dates (+275761)', '+275761-01-01T00:00:00Z'],
      ['W06', 'the word "now"', 'now'],
      ['W07', 'a line feed after the instant', `2026-12-02T00:00:00Z${LF}`],
      ['W08', '10,000 characters', '2'.repeat(10000)],
    ] as const
  ).map(([id, what, now]): Probe => ({
    id,
    area: 'now',
    what: `who-can --now ${what}`,
    args: whoCanOf('hub.json', '--now', now),
    code: 2,
    says: /--now/,
    maxOutput: 2000,
  })),
  ...kit.probesOf('now', [
    [
      'W09',
      'diff --now the year 0001 (a valid instant): answered',
      diffTo('hub.json', '--now', '0001-01-01T00:00:00Z'),
      0,
    ],
    [
      'W10',
      'who-can --now the year 9999 (a valid instant): answered',
      whoCanOf('hub.json', '--now', '9999-12-31T23:59:59Z'),
      0,
    ],
  ]),

  // ---- links, FIFOs, sockets and devices as inputs ----
  ...kit.probesOf('files', [
    ['I01', 'an endpoint policy that is a link to /dev/urandom', whoCanOf('urandom.json'), /urandom\.json/],
    [
      'I02',
      'an endpoint policy that is a link to /proc/self/fd/0 (stdin)',
      whoCanOf('stdin.json'),
      /stdin\.json/,
    ],
    ['I03', 'a config that is a FIFO', CHECK('--config', 'pipe.yaml'), /pipe\.yaml/],
    ['I04', 'an endpoint policy that is a Unix socket', whoCanOf('sock.json'), /sock\.json/],
    ['I05', 'lint of /dev/stdin named directly', ['lint', '/dev/stdin'], /\/dev\/stdin/],
    [
      'I06',
      'a feature folder given as a link to the folder holding the secret',
      ['check', 'out-link', '--endpoint-policy', 'hub.json', '--reports', 'r-I06'],
      /out-link/,
    ],
    ['I07', 'diff --after a link to the project folder itself (a folder)', diffTo('self-link'), /self-link/],
    [
      'I08',
      'a policy file holding a NUL byte inside a string',
      whoCanOf(
        write('I08.json', JSON.stringify(kit.invokeByAnyone({ Sid: 'A' })).replace('"A"', '"A\u0000B"')),
      ),
      /I08\.json/,
    ],
    [
      'I09',
      'a YAML policy holding a !!js/function tag',
      whoCanOf(
        write('I09.yaml', `Version: '2012-10-17'\nStatement: !!js/function 'function () { return 1 }'\n`),
      ),
      /I09\.yaml/,
    ],
    [
      'I10',
      'a YAML config of 10,000 documents',
      CHECK('--config', write('I10.yaml', 'region: us-west-2\n---\n'.repeat(10000))),
      /I10\.yaml/,
    ],
    [
      'I11',
      'a world YAML merging 50 anchors into one map 50 times (<<: [*a0 … *a49])',
      whoCanOf(
        write(
          'I11.yaml',
          `${Array.from({ length: 50 }, (_, i) => `a${i}: &a${i} { k${i}: ${'v'.repeat(100)} }`).join('\n')}\n${Array.from({ length: 50 }, (_, j) => `m${j}: { <<: [${Array.from({ length: 50 }, (_, i) => `*a${i}`).join(', ')}] }`).join('\n')}\n`,
        ),
      ),
      /I11\.yaml/,
    ],
  ]),

  // ---- the environment ----
  ...kit.probesOf('env', [
    [
      'E01',
      'AWS_PROFILE naming a profile no file holds, offline: not needed, answered',
      CHECK('--reports', 'r-E01'),
      { env: { AWS_PROFILE: 'no-such-profile' }, code: 0 },
    ],
    [
      'E02',
      'AWS_PROFILE holding a line feed and ANSI, sandbox who-can: no line forged',
      ['who-can', '--mode', 'sandbox', '--api', 'orders', '--method', 'GET', '--path', '/health'],
      { env: { AWS_PROFILE: `x\u001b[31m${LF}` }, code: 0 },
    ],
    [
      'E03',
      'AWS_CONFIG_FILE with a credential_process printing the canary, live call to a closed port',
      kit.anonymousCall(
        '--api',
        'orders',
        '--resolve',
        'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com:443:127.0.0.1',
        '--timeout-ms',
        '500',
        '--retries',
        '0',
      ),
      {
        env: {
          AWS_CONFIG_FILE: write(
            'aws-config',
            `[profile hostile]\ncredential_process = echo ${project.canary.file}\n`,
          ),
          AWS_PROFILE: 'hostile',
        },
        code: 3,
      },
    ],
    [
      'E04',
      'AWS_CA_BUNDLE a FIFO',
      kit.anonymousCall('--api', 'orders'),
      { env: { AWS_CA_BUNDLE: at('pipe.yaml') }, code: 2, says: /pipe\.yaml|CA/ },
    ],
    [
      'E05',
      'AWS_CA_BUNDLE a PEM block holding the canary as its body',
      kit.anonymousCall('--api', 'orders'),
      {
        env: {
          AWS_CA_BUNDLE: write(
            'ca.pem',
            `-----BEGIN CERTIFICATE-----\n${Buffer.from(project.canary.file).toString('base64')}\n-----END CERTIFICATE-----\n`,
          ),
        },
        code: 2,
      },
    ],
    [
      'E06',
      'HTTPS_PROXY with the canary as its password, live call: the password never printed',
      kit.anonymousCall('--api', 'orders', '--timeout-ms', '500', '--retries', '0'),
      { env: { HTTPS_PROXY: `http://u:${project.canary.url}@127.0.0.1:9/` }, code: 3 },
    ],
    [
      'E07',
      'AWS_REGION holding a line feed, offline who-can',
      whoCanOf('hub.json'),
      { env: { AWS_REGION: `us-west-2${LF}` }, code: 0 },
    ],
  ]),
];

describe('attack run 14: hostile inputs through main()', () => kit.probeTests(project, PROBES));
