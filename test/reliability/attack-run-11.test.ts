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
  evaluateOf,
  hostileFileProbes,
  LF,
  noEchoSecret,
  plantHostileFiles,
  policyOfStatements,
  type Probe as AttackProbe,
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
  {
    id: 'B07',
    area: 'boundary',
    what: 'a boundary holding a Principal (AWS refuses one in an identity-kind policy)',
    args: checkCall('B07', '--config', boundary('B07.yaml', policyFile('B07.json', {}))),
    code: 2,
    says: /B07\.json/,
  },
  {
    id: 'B08',
    area: 'boundary',
    what: 'a boundary given as a list',
    args: checkCall('B08', '--config', boundary('B08.yaml', '[policies/invoke-all.json]')),
    code: 2,
    says: /permissionsBoundary/,
  },
  {
    id: 'B09',
    area: 'boundary',
    what: 'a boundary given as an empty string',
    args: checkCall('B09', '--config', boundary('B09.yaml', "''")),
    code: 2,
    says: /permissionsBoundary/,
  },
  {
    id: 'B10',
    area: 'boundary',
    what: 'a boundary over the managed-policy size (6,144 characters)',
    args: checkCall(
      'B10',
      '--config',
      boundary(
        'B10.yaml',
        identityFile('B10.json', { Sid: 'x', Resource: `arn:aws:execute-api:*:*:${'a'.repeat(7_000)}` }),
      ),
    ),
    code: 2,
    says: /B10\.json/,
  },
  {
    id: 'B11',
    area: 'boundary',
    what: 'a YAML boundary that is an alias bomb',
    args: checkCall(
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
    code: 2,
    says: /B11-boundary\.yaml/,
  },
  {
    id: 'B12',
    area: 'boundary',
    what: 'a boundary that denies with a Sid holding ANSI and a line feed: refused, shown neutralised',
    args: checkCall(
      'B12',
      '--config',
      boundary('B12.yaml', identityFile('B12.json', { Effect: 'Deny', Sid: `A\u001b[8m${LF}` })),
    ),
    code: 2,
    says: /SG023/,
  },
  {
    id: 'B13',
    area: 'boundary',
    what: 'a boundary allowing everything: the call still allowed',
    args: checkCall('B13', '--config', boundary('B13.yaml', 'policies/invoke-all.json')),
    code: 0,
  },
  {
    id: 'B14',
    area: 'boundary',
    what: 'a boundary allowing only another API: the call fails (denied by the boundary)',
    args: checkCall(
      'B14',
      '--config',
      boundary('B14.yaml', identityFile('B14.json', { Resource: 'arn:aws:execute-api:*:*:zzzzzzzzzz/*' })),
    ),
    code: 1,
    shows: /boundary/,
  },
  {
    id: 'B15',
    area: 'boundary',
    what: 'evaluate --permissions-boundary /proc/self/environ with --allow-outside-root: never quoted',
    args: EVAL(
      '--identity-policy',
      'policies/invoke-all.json',
      '--permissions-boundary',
      '/proc/self/environ',
      '--allow-outside-root',
    ),
    code: 2,
    says: /environ/,
  },
  {
    id: 'B16',
    area: 'boundary',
    what: 'evaluate --permissions-boundary given twice: exit 2 naming it (attack run 12; it took the last)',
    args: EVAL(
      '--identity-policy',
      'policies/invoke-all.json',
      '--permissions-boundary',
      'policies/invoke-all.json',
      '--permissions-boundary',
      'policies/invoke-prod.json',
    ),
    code: 2,
    says: /--permissions-boundary is given twice/,
  },
  {
    id: 'B17',
    area: 'boundary',
    what: 'evaluate --permissions-boundary of a resource-kind policy (with a Principal)',
    args: EVAL(
      '--identity-policy',
      'policies/invoke-all.json',
      '--permissions-boundary',
      policyFile('B17.json', {}),
    ),
    code: 2,
    says: /B17\.json/,
  },
  {
    id: 'B18',
    area: 'boundary',
    what: 'who-can --format md over a boundary whose condition value holds "<!--", "@team", "|" and a backtick',
    args: [
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
    code: 0,
    hides: /<!--|(?<!&#64;|`[^`]*)@team/,
  },
  {
    id: 'B19',
    area: 'boundary',
    what: 'a boundary holding a NotPrincipal',
    args: checkCall(
      'B19',
      '--config',
      boundary('B19.yaml', write('B19.json', policy({ NotPrincipal: { AWS: ROLE } }, false))),
    ),
    code: 2,
    says: /B19\.json/,
  },
  {
    id: 'B20',
    area: 'boundary',
    what: 'a boundary of a Terraform plan (not a policy document)',
    args: checkCall('B20', '--config', boundary('B20.yaml', 'plan.json')),
    code: 2,
    says: /plan\.json/,
  },
  {
    id: 'B21',
    area: 'boundary',
    what: 'evaluate --permissions-boundary over the managed-policy size',
    args: EVAL(
      '--identity-policy',
      'policies/invoke-all.json',
      '--permissions-boundary',
      identityFile('B21.json', { Sid: 'x', Resource: `arn:aws:execute-api:*:*:${'b'.repeat(7_000)}` }),
    ),
    code: 2,
    says: /B21\.json.*6,144/,
  },

  // ---- organizations: orgPaths, complete member lists (organization.complete) ----
  {
    id: 'O01',
    area: 'orgs',
    what: 'an orgPaths path without its trailing slash',
    args: checkCall(
      'O01',
      '--config',
      orgConfig('O01.yaml', "orgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12 }"),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O02',
    area: 'orgs',
    what: 'an orgPaths key of 11 digits',
    args: checkCall(
      'O02',
      '--config',
      orgConfig('O02.yaml', "orgPaths: { '11111111111': o-a1b2c3d4e5/r-ab12/ }"),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O03',
    area: 'orgs',
    what: 'an orgPaths path of 20,000 characters: exit 2 naming the depth and the limit (attack run 12)',
    args: checkCall(
      'O03',
      '--config',
      orgConfig(
        'O03.yaml',
        `orgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/${'ou-ab12-11111111/'.repeat(1_200)} }`,
      ),
    ),
    code: 2,
    says: /orgPaths\.111111111111: is 1,200 OUs deep \(20,420 characters\); the limit is 5/,
    maxOutput: 5_000,
  },
  {
    id: 'O04',
    area: 'orgs',
    what: 'an orgPaths path holding a line feed',
    args: checkCall(
      'O04',
      '--config',
      orgConfig(
        'O04.yaml',
        `orgPaths: { '111111111111': "o-a1b2c3d4e5/r-ab12/${LF.replace('\n', '\\n')}/" }`,
      ),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O05',
    area: 'orgs',
    what: 'an orgPaths key "__proto__"',
    args: checkCall(
      'O05',
      '--config',
      orgConfig('O05.yaml', 'orgPaths: { __proto__: o-a1b2c3d4e5/r-ab12/ }'),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O06',
    area: 'orgs',
    what: 'an orgPaths path holding a wildcard',
    args: checkCall(
      'O06',
      '--config',
      orgConfig('O06.yaml', "orgPaths: { '111111111111': 'o-a1b2c3d4e5/r-ab12/*/' }"),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O07',
    area: 'orgs',
    what: 'an orgPaths path in another organization than the account is a member of',
    args: checkCall(
      'O07',
      '--config',
      orgConfig('O07.yaml', "orgPaths: { '111111111111': o-zzzzzzzzzz/r-ab12/ }"),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O08',
    area: 'orgs',
    what: 'orgPaths as a list',
    args: checkCall('O08', '--config', orgConfig('O08.yaml', "orgPaths: ['o-a1b2c3d4e5/r-ab12/']")),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O09',
    area: 'orgs',
    what: 'orgPaths for an account stated in no organization',
    args: checkCall(
      'O09',
      '--config',
      orgConfig('O09.yaml', "orgPaths: { '999999999999': o-a1b2c3d4e5/r-ab12/ }"),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O10',
    area: 'orgs',
    what: 'organization.complete "yes" (not a boolean)',
    args: checkCall(
      'O10',
      '--config',
      config('O10.yaml', "'444444444444'] }", "'444444444444'], complete: 'yes' }"),
    ),
    code: 2,
    says: /complete/,
  },
  {
    id: 'O11',
    area: 'orgs',
    what: 'organizations[].complete on id none',
    args: checkCall(
      'O11',
      '--config',
      config(
        'O11.yaml',
        "organizations: [{ id: none, accounts: ['999999999999'] }]",
        "organizations: [{ id: none, accounts: ['999999999999'], complete: true }]",
      ),
    ),
    code: 2,
    says: /complete/,
  },
  {
    id: 'O12',
    area: 'orgs',
    what: 'an account in our complete organization and also in no organization',
    args: checkCall(
      'O12',
      '--config',
      config(
        'O12.yaml',
        "organizations: [{ id: none, accounts: ['999999999999'] }]",
        "organizations: [{ id: none, accounts: ['999999999999', '111111111111'] }]",
      ),
    ),
    code: 2,
    says: /111111111111/,
  },
  {
    id: 'O13',
    area: 'orgs',
    what: 'a complete organization with an account listed twice (a set: the same members)',
    args: checkCall(
      'O13',
      '--config',
      config('O13.yaml', "'444444444444'] }", "'444444444444', '444444444444'], complete: true }"),
    ),
    code: 0,
  },
  {
    id: 'O14',
    area: 'orgs',
    what: 'organization.complete true with 10,000 accounts: bounded output, an answer',
    args: checkCall(
      'O14',
      '--config',
      config(
        'O14.yaml',
        "'444444444444'] }",
        `'444444444444', ${Array.from({ length: 10_000 }, (_, i) => `'${String(500000000000 + i)}'`).join(', ')}], complete: true }`,
      ),
    ),
    code: 0,
    maxOutput: 20_000,
  },
  // ---- who-can ----
  {
    id: 'W01',
    area: 'who-can',
    what: 'who-can --format md over an endpoint policy whose Sid-free condition value holds "<!--" and "@team"',
    args: [
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
    code: 0,
    hides: RAW_MD,
  },
  {
    id: 'W02',
    area: 'who-can',
    what: 'who-can --format md with a condition value holding a line feed and "| x |": no row forged',
    args: [
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
    code: 0,
    hides: /^\| SGFORGED/m,
  },
  {
    id: 'W03',
    area: 'who-can',
    what: 'who-can --format json over a condition value holding U+2028 and U+202E',
    args: [
      'who-can',
      '--api',
      'orders',
      '--format',
      'json',
      '--endpoint-policy',
      policyFile('W03.json', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a\u2028b\u202ec' } } }),
    ],
    code: 0,
  },
  {
    id: 'W04',
    area: 'who-can',
    what: 'who-can --path holding an ANSI escape',
    args: ['who-can', '--api', 'orders', '--path', '/orders\u001b[2J', '--endpoint-policy', 'hub.json'],
    code: 2,
    says: /--path/,
  },
  {
    id: 'W05',
    area: 'who-can',
    what: 'who-can --path of 10,000 characters: quoted short',
    args: ['who-can', '--api', 'orders', '--path', `/${'p'.repeat(10_000)}`, '--endpoint-policy', 'hub.json'],
    code: 2,
    maxOutput: 5_000,
  },
  {
    id: 'W06',
    area: 'who-can',
    what: 'who-can --endpoint-policy naming a FIFO',
    args: ['who-can', '--api', 'orders', '--endpoint-policy', 'pipe.json'],
    code: 2,
    says: /pipe\.json/,
  },
  {
    id: 'W07',
    area: 'who-can',
    what: 'who-can --resource-policy orders=a link to /proc/self/environ',
    args: [
      'who-can',
      '--api',
      'orders',
      '--endpoint-policy',
      'hub.json',
      '--resource-policy',
      'orders=env-link.json',
    ],
    code: 2,
    says: /env-link\.json/,
  },
  {
    id: 'W08',
    area: 'who-can',
    what: 'who-can --resource-policy without "="',
    args: ['who-can', '--api', 'orders', '--endpoint-policy', 'hub.json', '--resource-policy', 'hub.json'],
    code: 2,
    says: /--resource-policy/,
  },
  {
    id: 'W09',
    area: 'who-can',
    what: 'who-can --resource-policy for an API alias not in the config',
    args: [
      'who-can',
      '--api',
      'orders',
      '--endpoint-policy',
      'hub.json',
      '--resource-policy',
      'nope=hub.json',
    ],
    code: 2,
    says: /unknown API alias "nope"/,
  },
  {
    id: 'W10',
    area: 'who-can',
    what: 'who-can --method with a bidi override',
    args: ['who-can', '--api', 'orders', '--method', 'GET\u202e', '--endpoint-policy', 'hub.json'],
    code: 2,
    says: /--method/,
  },
  {
    id: 'W11',
    area: 'who-can',
    what: 'who-can --format sarif (not a who-can format)',
    args: ['who-can', '--api', 'orders', '--format', 'sarif', '--endpoint-policy', 'hub.json'],
    code: 2,
    says: /sarif/,
  },
  {
    id: 'W12',
    area: 'who-can',
    what: 'who-can --format md over a resource policy of 300 statements naming 300 roles: the comment fits',
    args: [
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
    code: 0,
    maxOutput: 66_000,
  },

  // ---- diff ----
  {
    id: 'D01',
    area: 'diff',
    what: 'diff --format md where the new policy\'s condition holds "<!--" and "@team"',
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
      policyFile('D01.json', { Condition: { StringEquals: { 'aws:PrincipalTag/team': '<!--@team' } } }),
      '--format',
      'md',
    ],
    code: 1,
    hides: RAW_MD,
  },
  {
    id: 'D02',
    area: 'diff',
    what: 'diff --format md where a Principal ARN path holds a code fence and "@team"',
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
      policyFile('D02.json', { Principal: { AWS: 'arn:aws:iam::111111111111:role/a```@team/R' } }),
      '--format',
      'md',
    ],
    code: 0,
    hides: RAW_MD,
  },
  {
    id: 'D03',
    area: 'diff',
    what: 'diff --fail-on bogus',
    args: ['diff', '--before', 'hub.json', '--after', 'hub.json', '--fail-on', 'bogus'],
    code: 2,
    says: /--fail-on/,
  },
  {
    id: 'D04',
    area: 'diff',
    what: 'diff --before a FIFO',
    args: ['diff', '--before', 'pipe.json', '--after', 'hub.json'],
    code: 2,
    says: /pipe\.json/,
  },
  {
    id: 'D05',
    area: 'diff',
    what: 'diff --after /dev/zero with --allow-outside-root: refused at once',
    args: ['diff', '--before', 'hub.json', '--after', '/dev/zero', '--allow-outside-root'],
    code: 2,
    says: /dev\/zero/,
  },
  {
    id: 'D06',
    area: 'diff',
    what: 'diff FEATURE --format md whose scenario name holds "<!--" and "@team"',
    args: [
      'diff',
      write('D06.feature', `Feature: a\n  Scenario: x <!-- @team #1\n${CALL}`),
      '--before',
      'hub.json',
      '--after',
      policyFile('D06.json', {}),
      '--format',
      'md',
    ],
    code: 1,
    hides: RAW_MD,
  },
  {
    id: 'D07',
    area: 'diff',
    what: 'diff --plan --format md where a resource address holds "<!--" and "@team"',
    args: [
      'diff',
      '--plan',
      plan('D07.json', (p) => {
        change(p, 'aws_vpc_endpoint_policy.hub').address = 'aws_vpc_endpoint_policy.hub["<!--@team"]';
      }),
      '--format',
      'md',
    ],
    code: 1,
    hides: RAW_MD,
  },
  {
    id: 'D08',
    area: 'diff',
    what: 'diff --plan text where a resource address holds a line feed: no line forged',
    args: [
      'diff',
      '--plan',
      plan('D08.json', (p) => {
        change(p, 'aws_vpc_endpoint_policy.hub').address = `aws_vpc_endpoint_policy.hub["${LF}"]`;
      }),
    ],
    code: 1,
  },
  {
    id: 'D09',
    area: 'diff',
    what: 'diff --format json where a condition value holds U+2028 and ESC',
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
      policyFile('D09.json', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a\u2028b\u001bc' } } }),
      '--format',
      'json',
    ],
    code: 1,
  },
  {
    id: 'D10',
    area: 'diff',
    what: 'diff --before and --after the same FIFO',
    args: ['diff', '--before', 'pipe.json', '--after', 'pipe.json'],
    code: 2,
  },

  // ---- lint SARIF ----
  {
    id: 'S01',
    area: 'sarif',
    what: 'lint --format sarif of a file whose name holds a space, "#" and "%": its uri is encoded',
    args: ['lint', write('a b#c%d.json', policy({ Sid: 'x y' })), '--format', 'sarif'],
    code: 0,
    shows: /"uri": "a%20b%23c%25d\.json"/,
  },
  {
    id: 'S02',
    area: 'sarif',
    what: 'lint --format sarif of a Sid holding U+202E and a line feed: escaped in the JSON',
    args: ['lint', policyFile('S02.json', { Sid: `a\u202eb${LF}` }), '--format', 'sarif'],
    code: 0,
  },
  {
    id: 'S03',
    area: 'sarif',
    what: 'lint --format sarif of a YAML policy: a region on the line of the finding',
    args: [
      'lint',
      write(
        'S03.yaml',
        "Version: '2012-10-17'\nStatement:\n  - Sid: 'a b'\n    Effect: Allow\n    Principal: '*'\n    Action: execute-api:Invoke\n    Resource: '*'\n",
      ),
      '--format',
      'sarif',
    ],
    code: 0,
    shows: /"startLine": 3/,
  },
  {
    id: 'S04',
    area: 'sarif',
    what: 'lint --format sarif --fail-on none of a broken policy: the finding, exit 0',
    args: ['lint', policyFile('S04.json', { Sid: 'a b' }), '--format', 'sarif', '--fail-on', 'none'],
    code: 0,
    shows: /"results"/,
  },
  {
    id: 'S05',
    area: 'sarif',
    what: 'lint --format sarif of a file named with a line feed',
    args: ['lint', write('S05\nSGFORGED.json', policy({})), '--format', 'sarif'],
    code: 2,
  },
  {
    id: 'S06',
    area: 'sarif',
    what: 'lint --format sarif of a template whose logical id holds "<!--": the message escaped as JSON',
    args: ['lint', write('S06.json', template('*').replace('"Hub":', '"Hub<!--":')), '--format', 'sarif'],
    code: 2,
    says: /S06\.json/,
  },
  {
    id: 'S07',
    area: 'sarif',
    what: 'lint --format sarif of a plan with a forgotten endpoint policy',
    args: [
      'lint',
      plan('S07.json', (p) => {
        const c = change(p, 'aws_vpc_endpoint_policy.hub');
        c.change.actions = ['forget'];
        c.change.after = null;
      }),
      '--format',
      'sarif',
    ],
    code: 1,
    shows: /"ruleId": "SG030"/,
  },
  {
    id: 'S08',
    area: 'sarif',
    what: 'lint --format sarif of 1,000 findings: bounded',
    args: [
      'lint',
      write('S08.json', JSON.stringify(policyOfStatements(1_000, undefined, (i) => ({ Sid: `s ${i}` })))),
      '--format',
      'sarif',
    ],
    code: 1,
  },
  // ---- Terraform plans (forget, created APIs) ----
  {
    id: 'T01',
    area: 'plans',
    what: '["forget"] of an endpoint policy whose before is null',
    args: [
      'diff',
      '--plan',
      plan('T01.json', (p) => {
        const c = change(p, 'aws_vpc_endpoint_policy.hub').change;
        c.actions = ['forget'];
        c.after = null;
        c.before = null;
      }),
    ],
    code: 2,
    says: /forget/,
  },
  {
    id: 'T02',
    area: 'plans',
    what: '["forget"] with an after object (a forged plan)',
    args: [
      'diff',
      '--plan',
      plan('T02.json', (p) => {
        change(p, 'aws_vpc_endpoint_policy.hub').change.actions = ['forget'];
      }),
    ],
    code: 2,
    says: /does not agree/,
  },
  {
    id: 'T03',
    area: 'plans',
    what: '["create","forget"] on the endpoint',
    args: [
      'diff',
      '--plan',
      plan('T03.json', (p) => {
        change(p, 'aws_vpc_endpoint.hub').change.actions = ['create', 'forget'];
      }),
    ],
    code: 2,
    says: /stays in AWS beside the new one/,
  },
  {
    id: 'T04',
    area: 'plans',
    what: '["forget","create"] (an order Terraform does not write)',
    args: [
      'diff',
      '--plan',
      plan('T04.json', (p) => {
        change(p, 'aws_vpc_endpoint_policy.hub').change.actions = ['forget', 'create'];
      }),
    ],
    code: 2,
    says: /actions/,
  },
  {
    id: 'T05',
    area: 'plans',
    what: 'check against a plan whose hub policy is forgotten: the policy before is what is checked',
    args: [
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
    code: 0,
  },
  {
    id: 'T06',
    area: 'plans',
    what: '["forget"] on a policy resource of a sensitive before',
    args: [
      'diff',
      '--plan',
      plan('T06.json', (p) => {
        const c = change(p, 'aws_vpc_endpoint_policy.hub').change as Record<string, unknown>;
        c.actions = ['forget'];
        c.after = null;
        c.before_sensitive = { policy: true };
      }),
    ],
    code: 2,
    says: /sensitive/,
  },
  {
    id: 'T07',
    area: 'plans',
    what: 'a resource address holding U+202E',
    args: [
      'diff',
      '--plan',
      plan('T07.json', (p) => {
        change(p, 'aws_vpc_endpoint_policy.hub').address = 'aws_vpc_endpoint_policy.hub["\u202e"]';
      }),
    ],
    code: 1,
  },

  // ---- CloudFormation templates (GetAtt of the endpoint) ----
  {
    id: 'M01',
    area: 'templates',
    what: '!GetAtt of an attribute the endpoint does not have (Hub.Secret)',
    args: ['lint', write('M01.json', template({ 'Fn::GetAtt': ['Hub', 'Secret'] }))],
    code: 2,
    says: /M01\.json/,
  },
  {
    id: 'M02',
    area: 'templates',
    what: "!GetAtt Hub.Id inside the endpoint's own policy (a cycle)",
    args: ['lint', write('M02.json', template({ 'Fn::Sub': 'arn:aws:execute-api:*:*:*/${Hub.Id}' }))],
    code: 2,
    says: /M02\.json/,
  },
  {
    id: 'M03',
    area: 'templates',
    what: 'Fn::GetAtt with a 5,000-character attribute: quoted short',
    args: ['lint', write('M03.json', template({ 'Fn::GetAtt': ['Hub', 'I'.repeat(5_000)] }))],
    code: 2,
    maxOutput: 5_000,
  },
  {
    id: 'M04',
    area: 'templates',
    what: 'Fn::GetAtt "Hub.Id.Extra" (three parts)',
    args: ['lint', write('M04.json', template({ 'Fn::GetAtt': 'Hub.Id.Extra' }))],
    code: 2,
    says: /M04\.json/,
  },
  {
    id: 'M05',
    area: 'templates',
    what: 'Fn::GetAtt of a NoEcho parameter name',
    args: [
      'lint',
      write('M05.json', template({ 'Fn::GetAtt': ['Secret', 'Id'] }, { Parameters: noEchoSecret(project) })),
    ],
    code: 2,
    says: /M05\.json/,
  },

  // ---- features ----
  {
    id: 'F01',
    area: 'features',
    what: 'a description with a Markdown image: cucumber.html carries its Content-Security-Policy',
    args: CHECK('--reports', 'r-f01').map((a) =>
      a === 'endpoint.feature'
        ? write(
            'F01.feature',
            `Feature: a\n  ![x](http://127.0.0.1:9/beacon.png) <img src="http://127.0.0.1:9/x.png">\n\n  Scenario: b\n${CALL}`,
          )
        : a,
    ),
    code: 0,
    reports: 'r-f01',
  },
  {
    id: 'F02',
    area: 'features',
    what: '# language: a language Gherkin does not know',
    args: checkCall('F02x').map((a) =>
      a.startsWith('F02x') ? write('F02.feature', `# language: xx-evil\n${readFileSync(at(a), 'utf8')}`) : a,
    ),
    code: 2,
    says: /F02\.feature/,
  },
  {
    id: 'F03',
    area: 'features',
    what: "a step with a DocString holding the secret file's name",
    args: [
      'check',
      write(
        'F03.feature',
        `Feature: a\n  Scenario: b\n    When "CheckoutRole" calls GET /orders on "orders"\n      """\n      ../outside/secret.txt\n      """\n    Then the call is allowed\n`,
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /F03\.feature/,
  },
  {
    id: 'F04',
    area: 'features',
    what: '--tags that do not parse',
    args: checkCall('F04', '--tags', '@a and ('),
    code: 2,
    says: /--tags/,
  },
  {
    id: 'F05',
    area: 'features',
    what: '--tags of 10,000 characters holding ANSI: quoted short, neutralised',
    args: checkCall('F05', '--tags', `@a\u001b[31m and (${'@b or '.repeat(1_600)}`),
    code: 2,
    maxOutput: 5_000,
  },
  {
    id: 'F06',
    area: 'features',
    what: 'a feature holding a NUL byte',
    args: [
      'check',
      write('F06.feature', `Feature: a\u0000\n  Scenario: b\n${CALL}`),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /U\+0000/,
  },
  {
    id: 'F07',
    area: 'features',
    what: 'a Rule with its own Background naming a policy outside the project',
    args: [
      'check',
      write(
        'F07.feature',
        `Feature: a\n  Rule: r\n    Background:\n      Given the endpoint policy of "hub" is read from "../outside/policy.json"\n    Scenario: b\n  ${CALL.replace(/\n {4}/g, '\n      ')}`,
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /outside/,
  },
  {
    id: 'F08',
    area: 'features',
    what: 'a Scenario Outline whose Examples put "../outside/policy.json" in a policy step',
    args: [
      'check',
      write(
        'F08.feature',
        `Feature: a\n  Scenario Outline: b\n    Given the endpoint policy of "hub" is read from "<file>"\n${CALL}\n    Examples:\n      | file |\n      | ../outside/policy.json |\n`,
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /outside/,
  },
  {
    id: 'F09',
    area: 'features',
    what: 'a feature whose description holds "</script><script>": the run passes, the HTML reports escape it',
    args: CHECK('--reports', 'r-f09').map((a) =>
      a === 'endpoint.feature'
        ? write(
            'F09.feature',
            `Feature: a </script><script>alert(1)</script>\n  </script><script>alert(2)</script>\n\n  Scenario: b </script><script>alert(3)</script>\n${CALL}`,
          )
        : a,
    ),
    code: 0,
    reports: 'r-f09',
    hides: /<script>alert/,
  },

  // ---- config ----
  {
    id: 'C01',
    area: 'config',
    what: 'a role ARN whose path is 600 characters (IAM paths stop at 512)',
    args: checkCall(
      'C01',
      '--config',
      config('C01.yaml', "role/CheckoutRole'", `role/${'p/'.repeat(300)}CheckoutRole'`),
    ),
    code: 2,
    says: /CheckoutRole\.arn|roles\.CheckoutRole/,
  },
  {
    id: 'C02',
    area: 'config',
    what: 'identityPolicies listing one file twice (the same policy: the same decision)',
    args: checkCall(
      'C02',
      '--config',
      config(
        'C02.yaml',
        'identityPolicies: [policies/invoke-prod.json] }',
        'identityPolicies: [policies/invoke-prod.json, policies/invoke-prod.json] }',
      ),
    ),
    code: 0,
  },
  {
    id: 'C03',
    area: 'config',
    what: 'identityPolicies naming a link to /proc/self/environ',
    args: checkCall(
      'C03',
      '--config',
      config(
        'C03.yaml',
        'identityPolicies: [policies/invoke-prod.json] }',
        'identityPolicies: [env-link.json] }',
      ),
    ),
    code: 2,
    says: /env-link\.json/,
  },
  {
    id: 'C04',
    area: 'config',
    what: 'an API stage holding a slash',
    args: checkCall(
      'C04',
      '--config',
      config(
        'C04.yaml',
        'stage: prod\n    stages: [prod]\n    resourcePolicy: policies/orders',
        'stage: prod/x\n    stages: [prod/x]\n    resourcePolicy: policies/orders',
      ),
    ),
    code: 2,
    says: /stage/,
  },
  {
    id: 'C05',
    area: 'config',
    what: 'an API id in capitals',
    args: checkCall('C05', '--config', config('C05.yaml', 'id: a1b2c3d4e5', 'id: A1B2C3D4E5')),
    code: 2,
    says: /apis\.orders\.id/,
  },
  {
    id: 'C06',
    area: 'config',
    what: 'addressing "private-dns\\n"',
    args: checkCall(
      'C06',
      '--config',
      config('C06.yaml', 'addressing: private-dns', 'addressing: "private-dns\\n"'),
    ),
    code: 2,
    says: /addressing/,
  },
  {
    id: 'C07',
    area: 'config',
    what: 'awsEndpoints.sts with a password in its URL (offline check: never printed)',
    args: checkCall(
      'C07',
      '--config',
      config(
        'C07.yaml',
        'region: us-west-2',
        `region: us-west-2\nawsEndpoints: { sts: 'https://u:${project.canary.url}@127.0.0.1:1/' }`,
      ),
    ),
    code: 0,
  },
  {
    id: 'C08',
    area: 'config',
    what: 'awsEndpoints.sts a file: URL',
    args: checkCall(
      'C08',
      '--config',
      config(
        'C08.yaml',
        'region: us-west-2',
        "region: us-west-2\nawsEndpoints: { sts: 'file:///etc/passwd' }",
      ),
    ),
    code: 2,
    says: /awsEndpoints/,
  },
  {
    id: 'C09',
    area: 'config',
    what: 'a role sessionName holding a line feed',
    args: checkCall(
      'C09',
      '--config',
      config(
        'C09.yaml',
        "arn: 'arn:aws:iam::111111111111:role/CheckoutRole',",
        `arn: 'arn:aws:iam::111111111111:role/CheckoutRole', sessionName: "a${LF.replace('\n', '\\n')}",`,
      ),
    ),
    code: 2,
    says: /sessionName/,
  },
  {
    id: 'C10',
    area: 'config',
    what: 'a role via itself (a chain loop)',
    args: checkCall(
      'C10',
      '--config',
      config(
        'C10.yaml',
        "arn: 'arn:aws:iam::111111111111:role/CheckoutRole',",
        "arn: 'arn:aws:iam::111111111111:role/CheckoutRole', via: CheckoutRole,",
      ),
    ),
    code: 2,
    says: /via/,
  },
  {
    id: 'C11',
    area: 'config',
    what: 'an account readerRole in another account',
    args: checkCall(
      'C11',
      '--config',
      config(
        'C11.yaml',
        "'111111111111': { readerRole: 'arn:aws:iam::111111111111:role/spokegate-reader' }",
        "'111111111111': { readerRole: 'arn:aws:iam::999999999999:role/spokegate-reader' }",
      ),
    ),
    code: 2,
    says: /readerRole/,
  },
  {
    id: 'C12',
    area: 'config',
    what: 'a config that is a link to the secret file outside',
    args: checkCall('C12', '--config', 'hard-secret.json'),
    code: 2,
    says: /hard-secret\.json/,
  },
  {
    id: 'C13',
    area: 'config',
    what: 'a role tag key "aws:PrincipalArn" (tags AWS forbids: the aws: prefix)',
    args: checkCall(
      'C13',
      '--config',
      config('C13.yaml', 'tags: { team: analytics }', "tags: { 'aws:team': analytics }"),
    ),
    code: 2,
    says: /tags/,
  },

  // ---- command line and environment ----
  {
    id: 'X01',
    area: 'cli',
    what: 'evaluate --context aws:PrincipalOrgPaths with a JSON array of 10,000 paths: exit 2 naming the limit (attack run 12)',
    args: EVAL(
      '--context',
      `aws:PrincipalOrgPaths=${JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `o-a1b2c3d4e5/r-ab12/ou-${i}/`))}`,
    ),
    code: 2,
    says: /--context: aws:PrincipalOrgPaths holds 10,000 values; the limit is 100/,
    maxOutput: 5_000,
  },
  {
    id: 'X02',
    area: 'cli',
    what: 'evaluate --context value that is broken JSON starting with "["',
    args: EVAL('--context', 'aws:PrincipalOrgPaths=[o-a1b2c3d4e5/'),
    code: 2,
    says: /--context/,
  },
  {
    id: 'X03',
    area: 'cli',
    what: 'evaluate --session-policy for an IAM user principal',
    args: [
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
    code: 2,
    says: /--session-policy/,
  },
  {
    id: 'X04',
    area: 'cli',
    what: '--root naming a FIFO',
    args: ['lint', 'hub.json', '--root', 'pipe.json'],
    code: 2,
    says: /--root/,
  },
  {
    id: 'X05',
    area: 'cli',
    what: '--root / (the whole disk as the project): a policy link to the secret file is read, but never quoted',
    args: ['lint', 'env-link.json', '--root', '/'],
    code: 2,
  },
  {
    id: 'X06',
    area: 'cli',
    what: 'call with a header holding the secret canary and a line feed',
    args: anonymousCall('--api', 'orders', '-H', `X-A: ${project.canary.url}\r\nX-B: 1`),
    code: 2,
    says: /-H|header/,
  },
  {
    id: 'E01',
    area: 'env',
    what: "FORCE_COLOR=3 on check: Cucumber's progress never reaches the output raw",
    args: checkCall('E01'),
    env: { FORCE_COLOR: '3' },
    code: 0,
  },
  {
    id: 'E02',
    area: 'env',
    what: 'AWS_ENDPOINT_URL_STS with a password in its URL (offline check: unused, never printed)',
    args: checkCall('E02'),
    env: { AWS_ENDPOINT_URL_STS: `https://u:${'x'}${project.canary.url}@127.0.0.1:1/` },
    code: 0,
  },
  {
    id: 'E03',
    area: 'env',
    what: 'SPOKEGATE_CONNECT_TO of 50,000 characters on evaluate (unused)',
    args: EVAL(),
    env: { SPOKEGATE_CONNECT_TO: 'x'.repeat(50_000) },
    code: 0,
  },
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
