// Issue 12, attack run 11: new hostile inputs on what the last passes added (permissions-boundary
// files, orgPaths and complete organizations, who-can and diff Markdown, SARIF, Terraform forget,
// CloudFormation GetAtt, Cucumber's HTML), kept as a table of probes run through the CLI's main()
// in this process with canary secrets in the environment and in files outside the project, scored
// as the issue scores an attack run (test/reliability/attack-kit.ts). Raw sandbox requests follow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hiddenCharacter } from '../../src/escape/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { allowInvokePolicy, DEMO } from '../harness/helpers.js';
import {
  anonymousCall,
  attackProject,
  CHECK,
  demoConfigCopies,
  diffOf,
  diffPlan,
  evaluateOf,
  hostileFileProbes,
  LF,
  noEchoSecret,
  plantHostileFiles,
  policyOfStatements,
  type Probe as AttackProbe,
  probesOf,
  probeTests,
  RAW_MD,
  rawSandbox,
  RES,
  ROLE,
} from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = attackProject('attack11', 'H11');
const { at, write, feature } = project;

const { copy: config } = demoConfigCopies(project);
const CHECKOUT_POLICIES = 'identityPolicies: [policies/invoke-prod.json] }';
/** The demo config with CheckoutRole's permissions boundary set to `value` (YAML as written). */
const boundary = (name: string, value: string) =>
  config(
    name,
    CHECKOUT_POLICIES,
    `identityPolicies: [policies/invoke-prod.json], permissionsBoundary: ${value} }`,
  );
const ORG =
  "organization: { id: o-a1b2c3d4e5, accounts: ['111111111111', '222222222222', '333333333333', '444444444444'] }";
/** The demo config with lines added after the organization. */
const orgConfig = (name: string, extra: string) => config(name, ORG, `${ORG}\n${extra}`);

/** A JSON policy: one statement, `stmt` merged into an allow-all invoke statement. */
const policy = (stmt: Record<string, unknown>, principal = true) =>
  JSON.stringify(allowInvokePolicy(principal, stmt));
const policyFile = (name: string, stmt: Record<string, unknown>, principal = true) =>
  write(name, policy(stmt, principal));
/** An identity-kind policy (no Principal). */
const identityFile = (name: string, stmt: Record<string, unknown>) => policyFile(name, stmt, false);

const CALL = '    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n';
/** `check` of CheckoutRole's GET /orders with `more` options. */
const checkCall = (id: string, ...more: string[]) => [
  'check',
  feature(`${id}.feature`, CALL),
  '--endpoint-policy',
  'hub.json',
  ...more,
];
const EVAL = (...more: string[]) =>
  evaluateOf({ flag: '--endpoint-policy', policy: 'hub.json', principal: ROLE, resource: RES }, ...more);

type Plan = {
  format_version: string;
  resource_changes: {
    address: string;
    type: string;
    change: {
      actions: unknown;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    };
  }[];
};
function plan(name: string, edit: (p: Plan) => void): string {
  const p = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as Plan;
  edit(p);
  return write(name, JSON.stringify(p));
}
const change = (p: Plan, address: string) => p.resource_changes.find((r) => r.address === address)!;

// Things in the project that lead outside it, or are not files.
plantHostileFiles(project);

type Probe = AttackProbe<
  | 'gap'
  | 'boundary'
  | 'orgs'
  | 'who-can'
  | 'diff'
  | 'sarif'
  | 'plans'
  | 'templates'
  | 'features'
  | 'config'
  | 'cli'
  | 'env'
>;

const PROBES: Probe[] = [
  // ---- permissions-boundary files (roles.X.permissionsBoundary, evaluate --permissions-boundary) ----
  ...hostileFileProbes('boundary', 'a boundary', ['B01', 'B02', 'B03', 'B04', 'B05', 'B06'], (id, file) =>
    checkCall(id, '--config', boundary(`${id}.yaml`, file)),
  ),
  ...probesOf('boundary', [
    [
      'B07',
      'a boundary holding a Principal (AWS refuses one in an identity-kind policy)',
      checkCall('B07', '--config', boundary('B07.yaml', policyFile('B07.json', {}))),
      /B07\.json/,
    ],
    [
      'B08',
      'a boundary given as a list',
      checkCall('B08', '--config', boundary('B08.yaml', '[policies/invoke-all.json]')),
      /permissionsBoundary/,
    ],
    [
      'B09',
      'a boundary given as an empty string',
      checkCall('B09', '--config', boundary('B09.yaml', "''")),
      /permissionsBoundary/,
    ],
    [
      'B10',
      'a boundary over the managed-policy size (6,144 characters)',
      checkCall(
        'B10',
        '--config',
        boundary(
          'B10.yaml',
          identityFile('B10.json', { Sid: 'x', Resource: `arn:aws:execute-api:*:*:${'a'.repeat(7_000)}` }),
        ),
      ),
      /B10\.json/,
    ],
    [
      'B11',
      'a YAML boundary that is an alias bomb',
      checkCall(
        'B11',
        '--config',
        boundary(
          'B11.yaml',
          write(
            'B11-boundary.yaml',
            'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nVersion: "2012-10-17"\nStatement: [*d]\n',
          ),
        ),
      ),
      /B11-boundary\.yaml/,
    ],
    [
      'B12',
      'a boundary that denies with a Sid holding ANSI and a line feed: refused, shown neutralised',
      checkCall(
        'B12',
        '--config',
        boundary('B12.yaml', identityFile('B12.json', { Effect: 'Deny', Sid: `A\u001b[8m${LF}` })),
      ),
      /SG023/,
    ],
    [
      'B13',
      'a boundary allowing everything: the call still allowed',
      checkCall('B13', '--config', boundary('B13.yaml', 'policies/invoke-all.json')),
      0,
    ],
    [
      'B14',
      'a boundary allowing only another API: the call fails (denied by the boundary)',
      checkCall(
        'B14',
        '--config',
        boundary('B14.yaml', identityFile('B14.json', { Resource: 'arn:aws:execute-api:*:*:zzzzzzzzzz/*' })),
      ),
      { code: 1, shows: /boundary/ },
    ],
    [
      'B15',
      'evaluate --permissions-boundary /proc/self/environ with --allow-outside-root: never quoted',
      EVAL(
        '--identity-policy',
        'policies/invoke-all.json',
        '--permissions-boundary',
        '/proc/self/environ',
        '--allow-outside-root',
      ),
      /environ/,
    ],
    [
      'B16',
      'evaluate --permissions-boundary given twice: exit 2 naming it (attack run 12; it took the last)',
      EVAL(
        '--identity-policy',
        'policies/invoke-all.json',
        '--permissions-boundary',
        'policies/invoke-all.json',
        '--permissions-boundary',
        'policies/invoke-prod.json',
      ),
      /--permissions-boundary is given twice/,
    ],
    [
      'B17',
      'evaluate --permissions-boundary of a resource-kind policy (with a Principal)',
      EVAL(
        '--identity-policy',
        'policies/invoke-all.json',
        '--permissions-boundary',
        policyFile('B17.json', {}),
      ),
      /B17\.json/,
    ],
    [
      'B18',
      'who-can --format md over a boundary whose condition value holds "<!--", "@team", "|" and a backtick',
      [
        'who-can',
        '--config',
        boundary(
          'B18.yaml',
          identityFile('B18.json', {
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x<!--@team|`' } },
          }),
        ),
        '--api',
        'orders',
        '--format',
        'md',
        '--endpoint-policy',
        'hub.json',
      ],
      { code: 0, hides: /<!--|(?<!&#64;|`[^`]*)@team/ },
    ],
    [
      'B19',
      'a boundary holding a NotPrincipal',
      checkCall(
        'B19',
        '--config',
        boundary('B19.yaml', write('B19.json', policy({ NotPrincipal: { AWS: ROLE } }, false))),
      ),
      /B19\.json/,
    ],
    [
      'B20',
      'a boundary of a Terraform plan (not a policy document)',
      checkCall('B20', '--config', boundary('B20.yaml', 'plan.json')),
      /plan\.json/,
    ],
    [
      'B21',
      'evaluate --permissions-boundary over the managed-policy size',
      EVAL(
        '--identity-policy',
        'policies/invoke-all.json',
        '--permissions-boundary',
        identityFile('B21.json', { Sid: 'x', Resource: `arn:aws:execute-api:*:*:${'b'.repeat(7_000)}` }),
      ),
      /B21\.json.*6,144/,
    ],
  ]),

  // ---- organizations: orgPaths, complete member lists (organization.complete) ----
  ...probesOf('orgs', [
    [
      'O01',
      'an orgPaths path without its trailing slash',
      checkCall(
        'O01',
        '--config',
        orgConfig('O01.yaml', "orgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12 }"),
      ),
      /orgPaths/,
    ],
    [
      'O02',
      'an orgPaths key of 11 digits',
      checkCall(
        'O02',
        '--config',
        orgConfig('O02.yaml', "orgPaths: { '11111111111': o-a1b2c3d4e5/r-ab12/ }"),
      ),
      /orgPaths/,
    ],
    [
      'O03',
      'an orgPaths path of 20,000 characters: exit 2 naming the depth and the limit (attack run 12)',
      checkCall(
        'O03',
        '--config',
        orgConfig(
          'O03.yaml',
          `orgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/${'ou-ab12-11111111/'.repeat(1_200)} }`,
        ),
      ),
      {
        code: 2,
        says: /orgPaths\.111111111111: is 1,200 OUs deep \(20,420 characters\); the limit is 5/,
        maxOutput: 5_000,
      },
    ],
    [
      'O04',
      'an orgPaths path holding a line feed',
      checkCall(
        'O04',
        '--config',
        orgConfig(
          'O04.yaml',
          `orgPaths: { '111111111111': "o-a1b2c3d4e5/r-ab12/${LF.replace('\n', '\\n')}/" }`,
        ),
      ),
      /orgPaths/,
    ],
    [
      'O05',
      'an orgPaths key "__proto__"',
      checkCall('O05', '--config', orgConfig('O05.yaml', 'orgPaths: { __proto__: o-a1b2c3d4e5/r-ab12/ }')),
      /orgPaths/,
    ],
    [
      'O06',
      'an orgPaths path holding a wildcard',
      checkCall(
        'O06',
        '--config',
        orgConfig('O06.yaml', "orgPaths: { '111111111111': 'o-a1b2c3d4e5/r-ab12/*/' }"),
      ),
      /orgPaths/,
    ],
    [
      'O07',
      'an orgPaths path in another organization than the account is a member of',
      checkCall(
        'O07',
        '--config',
        orgConfig('O07.yaml', "orgPaths: { '111111111111': o-zzzzzzzzzz/r-ab12/ }"),
      ),
      /orgPaths/,
    ],
    [
      'O08',
      'orgPaths as a list',
      checkCall('O08', '--config', orgConfig('O08.yaml', "orgPaths: ['o-a1b2c3d4e5/r-ab12/']")),
      /orgPaths/,
    ],
    [
      'O09',
      'orgPaths for an account stated in no organization',
      checkCall(
        'O09',
        '--config',
        orgConfig('O09.yaml', "orgPaths: { '999999999999': o-a1b2c3d4e5/r-ab12/ }"),
      ),
      /orgPaths/,
    ],
    [
      'O10',
      'organization.complete "yes" (not a boolean)',
      checkCall(
        'O10',
        '--config',
        config('O10.yaml', "'444444444444'] }", "'444444444444'], complete: 'yes' }"),
      ),
      /complete/,
    ],
    [
      'O11',
      'organizations[].complete on id none',
      checkCall(
        'O11',
        '--config',
        config(
          'O11.yaml',
          "organizations: [{ id: none, accounts: ['999999999999'] }]",
          "organizations: [{ id: none, accounts: ['999999999999'], complete: true }]",
        ),
      ),
      /complete/,
    ],
    [
      'O12',
      'an account in our complete organization and also in no organization',
      checkCall(
        'O12',
        '--config',
        config(
          'O12.yaml',
          "organizations: [{ id: none, accounts: ['999999999999'] }]",
          "organizations: [{ id: none, accounts: ['999999999999', '111111111111'] }]",
        ),
      ),
      /111111111111/,
    ],
    [
      'O13',
      'a complete organization with an account listed twice (a set: the same members)',
      checkCall(
        'O13',
        '--config',
        config('O13.yaml', "'444444444444'] }", "'444444444444', '444444444444'], complete: true }"),
      ),
      0,
    ],
    [
      'O14',
      'organization.complete true with 10,000 accounts: bounded output, an answer',
      checkCall(
        'O14',
        '--config',
        config(
          'O14.yaml',
          "'444444444444'] }",
          `'444444444444', ${Array.from({ length: 10_000 }, (_, i) => `'${String(500000000000 + i)}'`).join(', ')}], complete: true }`,
        ),
      ),
      { code: 0, maxOutput: 20_000 },
    ],
  ]),
  // ---- who-can ----
  ...probesOf('who-can', [
    [
      'W01',
      'who-can --format md over an endpoint policy whose Sid-free condition value holds "<!--" and "@team"',
      [
        'who-can',
        '--api',
        'orders',
        '--format',
        'md',
        '--endpoint-policy',
        policyFile('W01.json', {
          Condition: { StringEquals: { 'aws:PrincipalTag/team': ['<!--', '@team #1'] } },
        }),
      ],
      { code: 0, hides: RAW_MD },
    ],
    [
      'W02',
      'who-can --format md with a condition value holding a line feed and "| x |": no row forged',
      [
        'who-can',
        '--api',
        'orders',
        '--format',
        'md',
        '--endpoint-policy',
        policyFile('W02.json', {
          Condition: { StringLike: { 'aws:PrincipalTag/team': `a\n| SGFORGED | row |` } },
        }),
      ],
      { code: 0, hides: /^\| SGFORGED/m },
    ],
    [
      'W03',
      'who-can --format json over a condition value holding U+2028 and U+202E',
      [
        'who-can',
        '--api',
        'orders',
        '--format',
        'json',
        '--endpoint-policy',
        policyFile('W03.json', {
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a\u2028b\u202ec' } },
        }),
      ],
      0,
    ],
    [
      'W04',
      'who-can --path holding an ANSI escape',
      ['who-can', '--api', 'orders', '--path', '/orders\u001b[2J', '--endpoint-policy', 'hub.json'],
      /--path/,
    ],
    [
      'W05',
      'who-can --path of 10,000 characters: quoted short',
      ['who-can', '--api', 'orders', '--path', `/${'p'.repeat(10_000)}`, '--endpoint-policy', 'hub.json'],
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'W06',
      'who-can --endpoint-policy naming a FIFO',
      ['who-can', '--api', 'orders', '--endpoint-policy', 'pipe.json'],
      /pipe\.json/,
    ],
    [
      'W07',
      'who-can --resource-policy orders=a link to /proc/self/environ',
      [
        'who-can',
        '--api',
        'orders',
        '--endpoint-policy',
        'hub.json',
        '--resource-policy',
        'orders=env-link.json',
      ],
      /env-link\.json/,
    ],
    [
      'W08',
      'who-can --resource-policy without "="',
      ['who-can', '--api', 'orders', '--endpoint-policy', 'hub.json', '--resource-policy', 'hub.json'],
      /--resource-policy/,
    ],
    [
      'W09',
      'who-can --resource-policy for an API alias not in the config',
      ['who-can', '--api', 'orders', '--endpoint-policy', 'hub.json', '--resource-policy', 'nope=hub.json'],
      /unknown API alias "nope"/,
    ],
    [
      'W10',
      'who-can --method with a bidi override',
      ['who-can', '--api', 'orders', '--method', 'GET\u202e', '--endpoint-policy', 'hub.json'],
      /--method/,
    ],
    [
      'W11',
      'who-can --format sarif (not a who-can format)',
      ['who-can', '--api', 'orders', '--format', 'sarif', '--endpoint-policy', 'hub.json'],
      /sarif/,
    ],
    [
      'W12',
      'who-can --format md over a resource policy of 300 statements naming 300 roles: the comment fits',
      [
        'who-can',
        '--api',
        'orders',
        '--format',
        'md',
        '--endpoint-policy',
        'hub.json',
        '--resource-policy',
        `orders=${write(
          'W12.json',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: Array.from({ length: 300 }, (_, i) => ({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::111111111111:role/R${i}${'x'.repeat(40)}` },
              Action: 'execute-api:Invoke',
              Resource: `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/p${i}`,
            })),
          }),
        )}`,
      ],
      { code: 0, maxOutput: 66_000 },
    ],
  ]),

  // ---- diff ----
  ...probesOf('diff', [
    [
      'D01',
      'diff --format md where the new policy\'s condition holds "<!--" and "@team"',
      diffOf(
        'hub.json',
        policyFile('D01.json', { Condition: { StringEquals: { 'aws:PrincipalTag/team': '<!--@team' } } }),
        '--format',
        'md',
      ),
      { code: 1, hides: RAW_MD },
    ],
    [
      'D02',
      'diff --format md where a Principal ARN path holds a code fence and "@team"',
      diffOf(
        'hub.json',
        policyFile('D02.json', { Principal: { AWS: 'arn:aws:iam::111111111111:role/a```@team/R' } }),
        '--format',
        'md',
      ),
      { code: 0, hides: RAW_MD },
    ],
    ['D03', 'diff --fail-on bogus', diffOf('hub.json', 'hub.json', '--fail-on', 'bogus'), /--fail-on/],
    ['D04', 'diff --before a FIFO', diffOf('pipe.json', 'hub.json'), /pipe\.json/],
    [
      'D05',
      'diff --after /dev/zero with --allow-outside-root: refused at once',
      diffOf('hub.json', '/dev/zero', '--allow-outside-root'),
      /dev\/zero/,
    ],
    [
      'D06',
      'diff FEATURE --format md whose scenario name holds "<!--" and "@team"',
      [
        'diff',
        write('D06.feature', `Feature: a\n  Scenario: x <!-- @team #1\n${CALL}`),
        '--before',
        'hub.json',
        '--after',
        policyFile('D06.json', {}),
        '--format',
        'md',
      ],
      { code: 1, hides: RAW_MD },
    ],
    [
      'D07',
      'diff --plan --format md where a resource address holds "<!--" and "@team"',
      diffPlan(
        plan('D07.json', (p) => {
          change(p, 'aws_vpc_endpoint_policy.hub').address = 'aws_vpc_endpoint_policy.hub["<!--@team"]';
        }),
        '--format',
        'md',
      ),
      { code: 1, hides: RAW_MD },
    ],
    [
      'D08',
      'diff --plan text where a resource address holds a line feed: no line forged',
      diffPlan(
        plan('D08.json', (p) => {
          change(p, 'aws_vpc_endpoint_policy.hub').address = `aws_vpc_endpoint_policy.hub["${LF}"]`;
        }),
      ),
      1,
    ],
    [
      'D09',
      'diff --format json where a condition value holds U+2028 and ESC',
      diffOf(
        'hub.json',
        policyFile('D09.json', {
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a\u2028b\u001bc' } },
        }),
        '--format',
        'json',
      ),
      1,
    ],
    ['D10', 'diff --before and --after the same FIFO', diffOf('pipe.json', 'pipe.json'), 2],
  ]),

  // ---- lint SARIF ----
  ...probesOf('sarif', [
    [
      'S01',
      'lint --format sarif of a file whose name holds a space, "#" and "%": its uri is encoded',
      ['lint', write('a b#c%d.json', policy({ Sid: 'x y' })), '--format', 'sarif'],
      { code: 0, shows: /"uri": "a%20b%23c%25d\.json"/ },
    ],
    [
      'S02',
      'lint --format sarif of a Sid holding U+202E and a line feed: escaped in the JSON',
      ['lint', policyFile('S02.json', { Sid: `a\u202eb${LF}` }), '--format', 'sarif'],
      0,
    ],
    [
      'S03',
      'lint --format sarif of a YAML policy: a region on the line of the finding',
      [
        'lint',
        write(
          'S03.yaml',
          "Version: '2012-10-17'\nStatement:\n  - Sid: 'a b'\n    Effect: Allow\n    Principal: '*'\n    Action: execute-api:Invoke\n    Resource: '*'\n",
        ),
        '--format',
        'sarif',
      ],
      { code: 0, shows: /"startLine": 3/ },
    ],
    [
      'S04',
      'lint --format sarif --fail-on none of a broken policy: the finding, exit 0',
      ['lint', policyFile('S04.json', { Sid: 'a b' }), '--format', 'sarif', '--fail-on', 'none'],
      { code: 0, shows: /"results"/ },
    ],
    [
      'S05',
      'lint --format sarif of a file named with a line feed',
      ['lint', write('S05\nSGFORGED.json', policy({})), '--format', 'sarif'],
      2,
    ],
    [
      'S06',
      'lint --format sarif of a template whose logical id holds "<!--": the message escaped as JSON',
      ['lint', write('S06.json', template('*').replace('"Hub":', '"Hub<!--":')), '--format', 'sarif'],
      /S06\.json/,
    ],
    [
      'S07',
      'lint --format sarif of a plan with a forgotten endpoint policy',
      [
        'lint',
        plan('S07.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub');
          c.change.actions = ['forget'];
          c.change.after = null;
        }),
        '--format',
        'sarif',
      ],
      { code: 1, shows: /"ruleId": "SG030"/ },
    ],
    [
      'S08',
      'lint --format sarif of 1,000 findings: bounded',
      [
        'lint',
        write('S08.json', JSON.stringify(policyOfStatements(1_000, undefined, (i) => ({ Sid: `s ${i}` })))),
        '--format',
        'sarif',
      ],
      1,
    ],
  ]),
  // ---- Terraform plans (forget, created APIs) ----
  ...probesOf('plans', [
    [
      'T01',
      '["forget"] of an endpoint policy whose before is null',
      diffPlan(
        plan('T01.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub').change;
          c.actions = ['forget'];
          c.after = null;
          c.before = null;
        }),
      ),
      /forget/,
    ],
    [
      'T02',
      '["forget"] with an after object (a forged plan)',
      diffPlan(
        plan('T02.json', (p) => {
          change(p, 'aws_vpc_endpoint_policy.hub').change.actions = ['forget'];
        }),
      ),
      /does not agree/,
    ],
    [
      'T03',
      '["create","forget"] on the endpoint',
      diffPlan(
        plan('T03.json', (p) => {
          change(p, 'aws_vpc_endpoint.hub').change.actions = ['create', 'forget'];
        }),
      ),
      /stays in AWS beside the new one/,
    ],
    [
      'T04',
      '["forget","create"] (an order Terraform does not write)',
      diffPlan(
        plan('T04.json', (p) => {
          change(p, 'aws_vpc_endpoint_policy.hub').change.actions = ['forget', 'create'];
        }),
      ),
      /actions/,
    ],
    [
      'T05',
      'check against a plan whose hub policy is forgotten: the policy before is what is checked',
      [
        'check',
        feature(
          'T05.feature',
          '    When "BatchRole" calls GET /orders on "orders"\n    Then the call is denied by the endpoint policy\n',
        ),
        '--endpoint-policy',
        plan('T05.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub').change;
          c.actions = ['forget'];
          c.after = null;
        }),
      ],
      0,
    ],
    [
      'T06',
      '["forget"] on a policy resource of a sensitive before',
      diffPlan(
        plan('T06.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub').change as Record<string, unknown>;
          c.actions = ['forget'];
          c.after = null;
          c.before_sensitive = { policy: true };
        }),
      ),
      /sensitive/,
    ],
    [
      'T07',
      'a resource address holding U+202E',
      diffPlan(
        plan('T07.json', (p) => {
          change(p, 'aws_vpc_endpoint_policy.hub').address = 'aws_vpc_endpoint_policy.hub["\u202e"]';
        }),
      ),
      1,
    ],
  ]),

  // ---- CloudFormation templates (GetAtt of the endpoint) ----
  ...probesOf('templates', [
    [
      'M01',
      '!GetAtt of an attribute the endpoint does not have (Hub.Secret)',
      ['lint', write('M01.json', template({ 'Fn::GetAtt': ['Hub', 'Secret'] }))],
      /M01\.json/,
    ],
    [
      'M02',
      "!GetAtt Hub.Id inside the endpoint's own policy (a cycle)",
      ['lint', write('M02.json', template({ 'Fn::Sub': 'arn:aws:execute-api:*:*:*/${Hub.Id}' }))],
      /M02\.json/,
    ],
    [
      'M03',
      'Fn::GetAtt with a 5,000-character attribute: quoted short',
      ['lint', write('M03.json', template({ 'Fn::GetAtt': ['Hub', 'I'.repeat(5_000)] }))],
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'M04',
      'Fn::GetAtt "Hub.Id.Extra" (three parts)',
      ['lint', write('M04.json', template({ 'Fn::GetAtt': 'Hub.Id.Extra' }))],
      /M04\.json/,
    ],
    [
      'M05',
      'Fn::GetAtt of a NoEcho parameter name',
      [
        'lint',
        write(
          'M05.json',
          template({ 'Fn::GetAtt': ['Secret', 'Id'] }, { Parameters: noEchoSecret(project) }),
        ),
      ],
      /M05\.json/,
    ],
  ]),

  // ---- features ----
  ...probesOf('features', [
    [
      'F01',
      'a description with a Markdown image: cucumber.html carries its Content-Security-Policy',
      CHECK('--reports', 'r-f01').map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F01.feature',
              `Feature: a\n  ![x](http://127.0.0.1:9/beacon.png) <img src="http://127.0.0.1:9/x.png">\n\n  Scenario: b\n${CALL}`,
            )
          : a,
      ),
      { code: 0, reports: 'r-f01' },
    ],
    [
      'F02',
      '# language: a language Gherkin does not know',
      checkCall('F02x').map((a) =>
        a.startsWith('F02x')
          ? write('F02.feature', `# language: xx-evil\n${readFileSync(at(a), 'utf8')}`)
          : a,
      ),
      /F02\.feature/,
    ],
    [
      'F03',
      "a step with a DocString holding the secret file's name",
      [
        'check',
        write(
          'F03.feature',
          `Feature: a\n  Scenario: b\n    When "CheckoutRole" calls GET /orders on "orders"\n      """\n      ../outside/secret.txt\n      """\n    Then the call is allowed\n`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /F03\.feature/,
    ],
    ['F04', '--tags that do not parse', checkCall('F04', '--tags', '@a and ('), /--tags/],
    [
      'F05',
      '--tags of 10,000 characters holding ANSI: quoted short, neutralised',
      checkCall('F05', '--tags', `@a\u001b[31m and (${'@b or '.repeat(1_600)}`),
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'F06',
      'a feature holding a NUL byte',
      [
        'check',
        write('F06.feature', `Feature: a\u0000\n  Scenario: b\n${CALL}`),
        '--endpoint-policy',
        'hub.json',
      ],
      /U\+0000/,
    ],
    [
      'F07',
      'a Rule with its own Background naming a policy outside the project',
      [
        'check',
        write(
          'F07.feature',
          `Feature: a\n  Rule: r\n    Background:\n      Given the endpoint policy of "hub" is read from "../outside/policy.json"\n    Scenario: b\n  ${CALL.replace(/\n {4}/g, '\n      ')}`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /outside/,
    ],
    [
      'F08',
      'a Scenario Outline whose Examples put "../outside/policy.json" in a policy step',
      [
        'check',
        write(
          'F08.feature',
          `Feature: a\n  Scenario Outline: b\n    Given the endpoint policy of "hub" is read from "<file>"\n${CALL}\n    Examples:\n      | file |\n      | ../outside/policy.json |\n`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /outside/,
    ],
    [
      'F09',
      'a feature whose description holds "</script><script>": the run passes, the HTML reports escape it',
      CHECK('--reports', 'r-f09').map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F09.feature',
              `Feature: a </script><script>alert(1)</script>\n  </script><script>alert(2)</script>\n\n  Scenario: b </script><script>alert(3)</script>\n${CALL}`,
            )
          : a,
      ),
      { code: 0, reports: 'r-f09', hides: /<script>alert/ },
    ],
  ]),

  // ---- config ----
  ...probesOf('config', [
    [
      'C01',
      'a role ARN whose path is 600 characters (IAM paths stop at 512)',
      checkCall(
        'C01',
        '--config',
        config('C01.yaml', "role/CheckoutRole'", `role/${'p/'.repeat(300)}CheckoutRole'`),
      ),
      /CheckoutRole\.arn|roles\.CheckoutRole/,
    ],
    [
      'C02',
      'identityPolicies listing one file twice (the same policy: the same decision)',
      checkCall(
        'C02',
        '--config',
        config(
          'C02.yaml',
          'identityPolicies: [policies/invoke-prod.json] }',
          'identityPolicies: [policies/invoke-prod.json, policies/invoke-prod.json] }',
        ),
      ),
      0,
    ],
    [
      'C03',
      'identityPolicies naming a link to /proc/self/environ',
      checkCall(
        'C03',
        '--config',
        config(
          'C03.yaml',
          'identityPolicies: [policies/invoke-prod.json] }',
          'identityPolicies: [env-link.json] }',
        ),
      ),
      /env-link\.json/,
    ],
    [
      'C04',
      'an API stage holding a slash',
      checkCall(
        'C04',
        '--config',
        config(
          'C04.yaml',
          'stage: prod\n    stages: [prod]\n    resourcePolicy: policies/orders',
          'stage: prod/x\n    stages: [prod/x]\n    resourcePolicy: policies/orders',
        ),
      ),
      /stage/,
    ],
    [
      'C05',
      'an API id in capitals',
      checkCall('C05', '--config', config('C05.yaml', 'id: a1b2c3d4e5', 'id: A1B2C3D4E5')),
      /apis\.orders\.id/,
    ],
    [
      'C06',
      'addressing "private-dns\\n"',
      checkCall(
        'C06',
        '--config',
        config('C06.yaml', 'addressing: private-dns', 'addressing: "private-dns\\n"'),
      ),
      /addressing/,
    ],
    [
      'C07',
      'awsEndpoints.sts with a password in its URL (offline check: never printed)',
      checkCall(
        'C07',
        '--config',
        config(
          'C07.yaml',
          'region: us-west-2',
          `region: us-west-2\nawsEndpoints: { sts: 'https://u:${project.canary.url}@127.0.0.1:1/' }`,
        ),
      ),
      0,
    ],
    [
      'C08',
      'awsEndpoints.sts a file: URL',
      checkCall(
        'C08',
        '--config',
        config(
          'C08.yaml',
          'region: us-west-2',
          "region: us-west-2\nawsEndpoints: { sts: 'file:///etc/passwd' }",
        ),
      ),
      /awsEndpoints/,
    ],
    [
      'C09',
      'a role sessionName holding a line feed',
      checkCall(
        'C09',
        '--config',
        config(
          'C09.yaml',
          "arn: 'arn:aws:iam::111111111111:role/CheckoutRole',",
          `arn: 'arn:aws:iam::111111111111:role/CheckoutRole', sessionName: "a${LF.replace('\n', '\\n')}",`,
        ),
      ),
      /sessionName/,
    ],
    [
      'C10',
      'a role via itself (a chain loop)',
      checkCall(
        'C10',
        '--config',
        config(
          'C10.yaml',
          "arn: 'arn:aws:iam::111111111111:role/CheckoutRole',",
          "arn: 'arn:aws:iam::111111111111:role/CheckoutRole', via: CheckoutRole,",
        ),
      ),
      /via/,
    ],
    [
      'C11',
      'an account readerRole in another account',
      checkCall(
        'C11',
        '--config',
        config(
          'C11.yaml',
          "'111111111111': { readerRole: 'arn:aws:iam::111111111111:role/spokegate-reader' }",
          "'111111111111': { readerRole: 'arn:aws:iam::999999999999:role/spokegate-reader' }",
        ),
      ),
      /readerRole/,
    ],
    [
      'C12',
      'a config that is a link to the secret file outside',
      checkCall('C12', '--config', 'hard-secret.json'),
      /hard-secret\.json/,
    ],
    [
      'C13',
      'a role tag key "aws:PrincipalArn" (tags AWS forbids: the aws: prefix)',
      checkCall(
        'C13',
        '--config',
        config('C13.yaml', 'tags: { team: analytics }', "tags: { 'aws:team': analytics }"),
      ),
      /tags/,
    ],
  ]),

  // ---- command line and environment ----
  ...probesOf('cli', [
    [
      'X01',
      'evaluate --context aws:PrincipalOrgPaths with a JSON array of 10,000 paths: exit 2 naming the limit (attack run 12)',
      EVAL(
        '--context',
        `aws:PrincipalOrgPaths=${JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `o-a1b2c3d4e5/r-ab12/ou-${i}/`))}`,
      ),
      {
        code: 2,
        says: /--context: aws:PrincipalOrgPaths holds 10,000 values; the limit is 100/,
        maxOutput: 5_000,
      },
    ],
    [
      'X02',
      'evaluate --context value that is broken JSON starting with "["',
      EVAL('--context', 'aws:PrincipalOrgPaths=[o-a1b2c3d4e5/'),
      /--context/,
    ],
    [
      'X03',
      'evaluate --session-policy for an IAM user principal',
      [
        'evaluate',
        '--endpoint-policy',
        'hub.json',
        '--session-policy',
        'policies/invoke-all.json',
        '--principal',
        'arn:aws:iam::111111111111:user/u',
        '--action',
        'execute-api:Invoke',
        '--resource',
        RES,
      ],
      /--session-policy/,
    ],
    ['X04', '--root naming a FIFO', ['lint', 'hub.json', '--root', 'pipe.json'], /--root/],
    [
      'X05',
      '--root / (the whole disk as the project): a policy link to the secret file is read, but never quoted',
      ['lint', 'env-link.json', '--root', '/'],
      2,
    ],
    [
      'X06',
      'call with a header holding the secret canary and a line feed',
      anonymousCall('--api', 'orders', '-H', `X-A: ${project.canary.url}\r\nX-B: 1`),
      /-H|header/,
    ],
  ]),
  ...probesOf('env', [
    [
      'E01',
      "FORCE_COLOR=3 on check: Cucumber's progress never reaches the output raw",
      checkCall('E01'),
      { env: { FORCE_COLOR: '3' }, code: 0 },
    ],
    [
      'E02',
      'AWS_ENDPOINT_URL_STS with a password in its URL (offline check: unused, never printed)',
      checkCall('E02'),
      { env: { AWS_ENDPOINT_URL_STS: `https://u:${'x'}${project.canary.url}@127.0.0.1:1/` }, code: 0 },
    ],
    [
      'E03',
      'SPOKEGATE_CONNECT_TO of 50,000 characters on evaluate (unused)',
      EVAL(),
      { env: { SPOKEGATE_CONNECT_TO: 'x'.repeat(50_000) }, code: 0 },
    ],
  ]),
];

describe('attack run 11: hostile inputs through main()', () => probeTests(project, PROBES));

describe('attack run 11: what the probes wrote', () => {
  it('F01: cucumber.html carries a Content-Security-Policy that loads nothing from the network', () => {
    const html = readFileSync(at('r-f01', 'cucumber.html'), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+'; /);
    expect(csp).toContain('img-src data:');
    // The policy comes before anything the page loads.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<link'));
  });
});

describe('attack run 11: the sandbox, raw', () => {
  const { exchange } = rawSandbox();
  /** The status lines of every answer, in order (an answer's body may end where the next begins). */
  const statuses = (answer: string) => [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  const get = (host: string, path = '/') => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
  const EXECUTE = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
  const STS = 'sts.us-west-2.amazonaws.com';

  // note8: "the sandbox answers the first of 100 pipelined requests and closes". It never did: attack
  // run 10's S04 counted status lines at the start of a line, and an answer's body ends where the
  // next status line begins. RFC 9112 §9.3.2: a server answers pipelined requests in the order
  // received; the sandbox (Node's HTTP server) does.
  it('P01 100 pipelined requests to two services: 100 answers, in order', async () => {
    const requests = Array.from({ length: 100 }, (_, i) => (i % 2 ? get(STS) : get(EXECUTE, '/prod/orders')));
    const answer = await exchange(requests.join(''));
    const kinds = [...answer.matchAll(/Content-Type: (\S+)/g)].map((m) => m[1]);
    expect(statuses(answer)).toHaveLength(100);
    // execute-api answers JSON, STS XML: each answer is its request's.
    expect(kinds).toEqual(Array.from({ length: 100 }, (_, i) => (i % 2 ? 'text/xml' : 'application/json')));
  });
  it('P02 pipelined requests with a malformed one in the middle: those before answered, then 400 and a close', async () => {
    const answer = await exchange(`${get(STS).repeat(3)}GARBAGE\r\n\r\n${get(STS).repeat(3)}`);
    const st = statuses(answer);
    expect(st.slice(0, 3)).toEqual([403, 403, 403]);
    expect(st.slice(3)).toEqual([400]);
    expect(answer).toMatch(/Connection: close/);
  });
  it('P03 a CONNECT pipelined after a GET: the GET answered, then 405 and a close', async () => {
    const answer = await exchange(
      `${get(STS)}CONNECT 169.254.169.254:80 HTTP/1.1\r\nHost: 169.254.169.254:80\r\n\r\n`,
    );
    expect(statuses(answer)).toEqual([403, 405]);
  });
  const form = (host: string, body: string, headers = '') =>
    `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const REQUESTS: [string, string][] = [
    [
      'P05 a SigV4a request whose region set holds 10,000 regions and a bidi override',
      form(
        STS,
        'Action=GetCallerIdentity&Version=2011-06-15',
        `X-Amz-Region-Set: ${Array.from({ length: 1_000 }, () => 'us-west-2').join(',')}\u202e\r\nAuthorization: AWS4-ECDSA-P256-SHA256 Credential=AKIA/20260101/sts/aws4_request, SignedHeaders=host;x-amz-region-set, Signature=00\r\n`,
      ),
    ],
    [
      'P06 a presigned GetCallerIdentity with X-Amz-Expires of 99999999999',
      get(
        STS,
        '/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=99999999999&X-Amz-SignedHeaders=host&X-Amz-Signature=00',
      ),
    ],
    [
      'P07 a presigned request with X-Amz-Expires of -1',
      get(
        STS,
        '/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=-1&X-Amz-SignedHeaders=host&X-Amz-Signature=00',
      ),
    ],
    [
      'P08 IAM GetRolePolicy with a PolicyName of 100 KB',
      form(
        'iam.amazonaws.com',
        `Action=GetRolePolicy&Version=2010-05-08&RoleName=CheckoutRole&PolicyName=${'P'.repeat(100_000)}`,
      ),
    ],
    [
      'P09 IAM GetRolePolicy with a PolicyName holding ESC and "<!--"',
      form(
        'iam.amazonaws.com',
        'Action=GetRolePolicy&Version=2010-05-08&RoleName=CheckoutRole&PolicyName=%1b%5b31m%3c!--',
      ),
    ],
    [
      'P10 API Gateway GetStages of an API id holding "../"',
      `GET /restapis/..%2f..%2fetc/stages HTTP/1.1\r\nHost: apigateway.us-west-2.amazonaws.com\r\n\r\n`,
    ],
  ];
  it.each(REQUESTS)('%s: answered, short, no raw control echoed', async (_name, request) => {
    const answer = await exchange(request);
    expect(statuses(answer).length).toBeGreaterThan(0);
    expect(answer.length).toBeLessThan(10_000);
    expect(hiddenCharacter(answer.replace(/\r/g, ''))).toBeUndefined();
    expect(answer).not.toMatch(/<!--/);
  });
});

describe('attack run 11: a world whose managed policy AWS could not hold', () => {
  it('W20 a managedPolicies document over 6,144 characters (a permissions boundary) is exit 2 naming it', async () => {
    const world = readFileSync(join(DEMO, 'world.yaml'), 'utf8');
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:*:*:${'m'.repeat(7_000)}`,
        },
      ],
    });
    // An unattached managed policy is compiled too (a role may name it as its boundary).
    const edited = world.replace(
      'managedPolicies:\n',
      `managedPolicies:\n  Big:\n    arn: arn:aws:iam::111111111111:policy/Big\n    document: '${big}'\n`,
    );
    expect(edited).not.toBe(world);
    const name = write('W20-world.yaml', edited);
    await expect(startSandbox(at(name), { http: true })).rejects.toThrow(/6,144/);
  });
});
