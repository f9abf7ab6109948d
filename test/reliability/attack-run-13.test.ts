// Issue 12, attack run 13: new hostile inputs on what the last passes added or left open (note10
// §12: one-character session and federated names, CloudFormation cycles through several resources;
// the sandbox world's serviceControlPolicies, diff's classes, --allow-disagreement, report files
// with hostile names, orgPaths, huge route lists, presigned and SigV4a requests to the sandbox),
// kept as a table of probes run through the CLI's main() in this process with canary secrets in the
// environment and in files outside the project, scored as the issue scores an attack run
// (test/reliability/attack-kit.ts). Raw sandbox requests follow the table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hiddenCharacter } from '../../src/escape/index.js';
import * as kit from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = kit.attackProject('attack13', 'H13');
const { at, write, json } = project;
const { ROLE, RES, LF, RAW_MD, ALLOW_ALL } = kit;
const { copy: config } = kit.demoConfigCopies(project);
const WORLD = readFileSync(at('world.yaml'), 'utf8');

// Things in the project that lead outside it, or are not files.
symlinkSync('/proc/self/environ', at('env-link.json'));
spawnSync('mkfifo', [at('pipe.json')]);
mkdirSync(at('dir.json'));

const evaluate = (principal: string, ...more: string[]) =>
  kit.evaluateArgs('hub.json', principal, RES, ...more);
const policyOf = (name: string, stmt: Record<string, unknown>) => json(name, kit.invokeByAnyone(stmt));
/** diff of hub.json against `after`, never failing on what changed, then `more`. */
const diffTo = (after: string, ...more: string[]) =>
  kit.diffOf('hub.json', after, '--fail-on', 'none', ...more);
/** `run --mode offline` of `feature` against hub.json, then `more`. */
const offlineRun = (feature: string, ...more: string[]) => [
  'run',
  feature,
  '--mode',
  'offline',
  '--endpoint-policy',
  'hub.json',
  ...more,
];

// ---- CloudFormation: the one-endpoint template plus `more` resources (and the endpoint's extras) ----
type Resources = Record<string, Record<string, unknown>>;
function cfn(
  name: string,
  more: Resources,
  hub: Record<string, unknown> = {},
  resource: unknown = '*',
  top: Record<string, unknown> = {},
) {
  const t = JSON.parse(template(resource, top)) as { Resources: Resources };
  Object.assign(t.Resources.Hub!, hub);
  Object.assign(t.Resources, more);
  return write(name, JSON.stringify(t));
}
const bucket = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::S3::Bucket',
  Properties: props,
  ...extra,
});
/** `n` buckets B0…, each depending on the next; the last on `last` (a cycle when it is B0). */
const chain = (n: number, last?: string): Resources =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `B${i}`,
      bucket({}, i + 1 < n ? { DependsOn: `B${i + 1}` } : last ? { DependsOn: last } : {}),
    ]),
  );
const { whoCanOf } = kit;

// ---- the sandbox world with the hub account under r-ab12 and its SCPs (`attached`: YAML) ----
const ORG_PATH = "'111111111111': { name: hub, orgPath: o-a1b2c3d4e5/r-ab12/ }";
function scpWorld(name: string, attached: string, extra = '', hubLine = ORG_PATH): string {
  const edited = WORLD.replace("'111111111111': { name: hub }", hubLine);
  if (!WORLD.includes("'111111111111': { name: hub }")) throw new Error('the demo world changed');
  const world = write(
    `${name}-world.yaml`,
    `${edited}\nserviceControlPolicies:\n  attached:\n${attached}\n${extra}`,
  );
  return config(`${name}.yaml`, 'sandbox: { world: world.yaml }', `sandbox: { world: ${world} }`);
}
const HUB_FULL = `    r-ab12: [${json('scps/full.json', ALLOW_ALL)}]\n`;
const callIn = kit.sandboxHealthWhoCan;

// ---- features and reports ----
const feature = (name: string, text: string) => write(name, text);
const GET_ORDERS = '    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n';
const checkWith = (id: string, featureText: string, ...more: string[]) => [
  'check',
  feature(`${id}.feature`, featureText),
  '--endpoint-policy',
  'hub.json',
  '--reports',
  `r-${id}`,
  ...more,
];

type Probe = kit.Probe<
  'names' | 'templates' | 'world-scp' | 'diff' | 'disagreement' | 'reports' | 'orgs' | 'routes' | 'cli'
>;

const PROBES: Probe[] = [
  // ---- session and federated names (note10 §12) ----
  ...kit.probesOf('names', [
    [
      'N01',
      'evaluate --principal an assumed-role ARN with a one-character session name',
      evaluate('arn:aws:sts::111111111111:assumed-role/CheckoutRole/s'),
      /principal/,
    ],
    [
      'N02',
      'evaluate --principal a federated-user ARN with a one-character name',
      evaluate('arn:aws:sts::111111111111:federated-user/b'),
      /principal/,
    ],
    [
      'N03',
      'evaluate --principal a federated user of 32 characters: answered',
      evaluate(`arn:aws:sts::111111111111:federated-user/${'b'.repeat(32)}`),
      1,
    ],
    [
      'N04',
      'a config role sessionName of one character',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config('N04.yaml', 'externalId: audit-2024,', 'externalId: audit-2024, sessionName: a,'),
      ),
      /sessionName/,
    ],
    [
      'N05',
      'an endpoint policy naming a one-character session: an invalid principal',
      whoCanOf(
        policyOf('N05.json', { Principal: { AWS: 'arn:aws:sts::111111111111:assumed-role/CheckoutRole/x' } }),
      ),
      /N05\.json/,
    ],
    [
      'N06',
      'diff --after a policy naming a one-character federated user',
      kit.diffOf(
        'hub.json',
        policyOf('N06.json', { Principal: { AWS: 'arn:aws:sts::111111111111:federated-user/x' } }),
      ),
      /N06\.json/,
    ],
    [
      'N07',
      'evaluate --principal a session name holding "*"',
      evaluate('arn:aws:sts::111111111111:assumed-role/CheckoutRole/s*'),
      /principal/,
    ],
    [
      'N08',
      'evaluate --principal a session ARN with an empty session name',
      evaluate('arn:aws:sts::111111111111:assumed-role/CheckoutRole/'),
      /principal/,
    ],
  ]),

  // ---- CloudFormation dependency cycles (note10 §12) ----
  ...kit.probesOf('templates', [
    [
      'C01',
      'who-can over a template whose endpoint and API name each other',
      whoCanOf(
        cfn(
          'C01.json',
          {
            Api: {
              Type: 'AWS::ApiGateway::RestApi',
              Properties: { Name: 'orders', Description: { Ref: 'Hub' } },
            },
          },
          {},
          { 'Fn::Sub': 'arn:aws:execute-api:us-west-2:*:${Api}/*' },
        ),
      ),
      /C01\.json.*circular dependency between resources: \[Api, Hub\]/,
    ],
    [
      'C02',
      'check against a template with a DependsOn cycle between two buckets',
      [
        'check',
        'endpoint.feature',
        '--endpoint-policy',
        cfn('C02.json', { A: bucket({}, { DependsOn: 'B' }), B: bucket({}, { DependsOn: ['A'] }) }),
      ],
      /C02\.json.*\[A, B\]/,
    ],
    [
      'C03',
      'diff --after a template with a cycle through Fn::GetAtt and Fn::Sub',
      kit.diffOf(
        'hub.json',
        cfn('C03.json', {
          A: bucket({ BucketName: { 'Fn::GetAtt': ['B', 'Arn'] } }),
          B: bucket({ BucketName: { 'Fn::Sub': '${A.Arn}-b' } }),
        }),
      ),
      /C03\.json.*circular/,
    ],
    [
      'C04',
      'lint of a template with a cycle',
      ['lint', cfn('C04.json', { A: bucket({}, { DependsOn: 'B' }), B: bucket({}, { DependsOn: 'A' }) })],
      /C04\.json.*circular/,
    ],
    [
      'C05',
      'a cycle through 400 buckets: the message bounded',
      whoCanOf(cfn('C05.json', chain(400, 'B0'))),
      { code: 2, says: /C05\.json.*circular/, maxOutput: 5_000 },
    ],
    [
      'C06',
      'a chain of 14,000 DependsOn without a cycle: answered, no stack overflow',
      whoCanOf(cfn('C06.json', chain(14_000))),
      0,
    ],
    [
      'C07',
      'a DependsOn naming no resource of the template (CloudFormation refuses it)',
      whoCanOf(cfn('C07.json', {}, { DependsOn: 'Missing' })),
      /C07\.json.*Missing/,
    ],
    [
      'C08',
      'a cycle hidden in the branch of an Fn::If whose condition is false',
      whoCanOf(
        cfn(
          'C08.json',
          {
            A: bucket({ BucketName: { 'Fn::If': ['Never', { Ref: 'B' }, 'x'] } }),
            B: bucket({ BucketName: { Ref: 'A' } }),
          },
          {},
          '*',
          { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } },
        ),
      ),
      /circular/,
    ],
    [
      'C09',
      'Outputs naming the endpoint: no cycle (an output is not a resource)',
      whoCanOf(
        write(
          'C09.json',
          JSON.stringify({ ...JSON.parse(template('*')), Outputs: { Hub: { Value: { Ref: 'Hub' } } } }),
        ),
      ),
      0,
    ],
    [
      'C10',
      'a DependsOn holding a number',
      whoCanOf(cfn('C10.json', {}, { DependsOn: [7] })),
      /C10\.json.*DependsOn/,
    ],
    [
      'C11',
      'a resource depending on itself through DependsOn',
      whoCanOf(cfn('C11.json', {}, { DependsOn: 'Hub' })),
      /C11\.json.*Hub/,
    ],
  ]),

  // ---- the sandbox world's serviceControlPolicies ----
  ...kit.probesOf('world-scp', [
    [
      'W01',
      'a world SCP that is a link to /proc/self/environ',
      callIn(scpWorld('W01', `${HUB_FULL}    '111111111111': [env-link.json]`)),
      /env-link\.json/,
    ],
    [
      'W02',
      'a world SCP ../outside/policy.json',
      callIn(scpWorld('W02', `${HUB_FULL}    '111111111111': [../outside/policy.json]`)),
      /outside/,
    ],
    [
      'W03',
      "a world SCP over AWS's 5,120 characters",
      callIn(
        scpWorld(
          'W03',
          `${HUB_FULL}    '111111111111': [${json('scps/W03.json', { ...ALLOW_ALL, Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::${'b'.repeat(6_000)}` }] })}]`,
        ),
      ),
      /5,120/,
    ],
    [
      'W04',
      'a world SCP holding a Principal',
      callIn(scpWorld('W04', `${HUB_FULL}    '111111111111': [${policyOf('scps/W04.json', {})}]`)),
      /W04\.json|Principal/,
    ],
    [
      'W05',
      'a world SCP target "__proto__"',
      callIn(
        scpWorld('W05', `${HUB_FULL}    '111111111111': [scps/full.json]\n    __proto__: [scps/full.json]`),
      ),
      /__proto__/,
    ],
    [
      'W06',
      'world SCPs for an account without its orgPath',
      callIn(
        scpWorld(
          'W06',
          `${HUB_FULL}    '111111111111': [scps/full.json]`,
          '',
          "'111111111111': { name: hub }",
        ),
      ),
      /orgPath/,
    ],
    [
      'W07',
      'a world SCP inline YAML alias bomb',
      callIn(
        scpWorld(
          'W07',
          `${HUB_FULL}    '111111111111':\n      - { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: &a [x,x,x,x,x,x,x,x,x], Resource: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a] }], X: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], Y: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], Z: [*d,*d,*d,*d,*d,*d,*d,*d,*d] }`,
        ),
      ),
      /W07-world\.yaml/,
    ],
    [
      'W08',
      'a world SCP whose Sid holds ANSI and a line feed',
      callIn(
        scpWorld(
          'W08',
          `${HUB_FULL}    '111111111111': [${json('scps/W08.json', { Version: '2012-10-17', Statement: [{ Sid: `\u001b[32mOK${LF}`, Effect: 'Allow', Action: '*', Resource: '*' }] })}]`,
        ),
      ),
      /W08\.json/,
    ],
    [
      'W09',
      'a world SCP target in capitals (R-AB12)',
      callIn(scpWorld('W09', `    R-AB12: [scps/full.json]\n    '111111111111': [scps/full.json]`)),
      /R-AB12/,
    ],
    [
      'W10',
      'a world SCP that is a FIFO',
      callIn(scpWorld('W10', `${HUB_FULL}    '111111111111': [pipe.json]`)),
      /pipe\.json/,
    ],
    [
      'W11',
      'a world SCP list given as a string',
      callIn(scpWorld('W11', `${HUB_FULL}    '111111111111': scps/full.json`)),
      /serviceControlPolicies|attached/,
    ],
    [
      'W12',
      'a world managementAccount of 11 digits',
      callIn(
        scpWorld(
          'W12',
          `${HUB_FULL}    '111111111111': [scps/full.json]`,
          "  managementAccount: '11111111111'\n",
        ),
      ),
      /managementAccount/,
    ],
    [
      'W13',
      'a world orgPath six OUs deep',
      callIn(
        scpWorld(
          'W13',
          `${HUB_FULL}    '111111111111': [scps/full.json]`,
          '',
          `'111111111111': { name: hub, orgPath: o-a1b2c3d4e5/r-ab12/${'ou-ab12-11111111/'.repeat(6)} }`,
        ),
      ),
      /orgPath/,
    ],
    [
      'W14',
      'a world SCP that is a folder',
      callIn(scpWorld('W14', `${HUB_FULL}    '111111111111': [dir.json]`)),
      /dir\.json/,
    ],
    [
      'W15',
      'world SCPs allowing everything: an anonymous call on a NONE route still answered (200)',
      callIn(scpWorld('W15', `${HUB_FULL}    '111111111111': [scps/full.json]`)),
      0,
    ],
    [
      'W16',
      'a world SCP that is a Terraform plan',
      callIn(scpWorld('W16', `${HUB_FULL}    '111111111111': [${'plan.json'}]`)),
      /plan\.json/,
    ],
  ]),

  // ---- diff's classes ----
  ...kit.probesOf('diff', [
    [
      'D01',
      'diff --format md of a NONE-route class whose condition value holds "<!--" and "@team"',
      diffTo(
        policyOf('D01.json', { Condition: { StringEquals: { 'aws:SourceVpce': '<!-- @team' } } }),
        '--format',
        'md',
      ),
      { code: 0, hides: RAW_MD },
    ],
    ['D02', 'diff of a policy against itself: no change, exit 0', kit.diffOf('hub.json', 'hub.json'), 0],
    [
      'D03',
      'diff text with a condition value holding a line feed: no line forged',
      diffTo(policyOf('D03.json', { Condition: { StringLike: { 'aws:PrincipalTag/team': `a${LF}` } } })),
      0,
    ],
    [
      'D04',
      'diff --format json with a condition value holding U+202E',
      diffTo(
        policyOf('D04.json', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a\u202eb' } } }),
        '--format',
        'json',
      ),
      0,
    ],
    [
      'D05',
      'diff --format md with a condition on aws:TokenIssueTime of a date holding "<!--"',
      diffTo(
        policyOf('D05.json', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '<!--@team' } } }),
        '--format',
        'md',
      ),
      /D05\.json/,
    ],
    [
      'D06',
      'diff --format md with 8 distinct tag values: bounded',
      diffTo(
        policyOf('D06.json', {
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': Array.from({ length: 8 }, (_, i) => `t${i}<!--@team`) },
          },
        }),
        '--format',
        'md',
      ),
      { code: 0, hides: RAW_MD, maxOutput: 400_000 },
    ],
    [
      'D07',
      'diff --fail-on given as "grant,any"',
      kit.diffOf('hub.json', 'hub.json', '--fail-on', 'grant,any'),
      /--fail-on/,
    ],
    [
      'D08',
      'diff --format md with an MFA-age condition of a negative number',
      diffTo(
        policyOf('D08.json', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '-1' } } }),
        '--format',
        'md',
      ),
      0,
    ],
    [
      'D09',
      'diff with a condition on aws:PrincipalOrgPaths holding a bidi override',
      diffTo(
        policyOf('D09.json', {
          Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/\u202er-ab12/*' } },
        }),
      ),
      0,
    ],
    [
      'D10',
      'diff --format md of a Sid of 10,000 characters: bounded',
      diffTo(policyOf('D10.json', { Sid: 'S'.repeat(10_000) }), '--format', 'md'),
      { code: 0, maxOutput: 60_000 },
    ],
  ]),

  // ---- --allow-disagreement ----
  ...kit.probesOf('disagreement', [
    [
      'A01',
      'check --allow-disagreement (a run option only)',
      kit.CHECK('--allow-disagreement'),
      /allow-disagreement/,
    ],
    [
      'A02',
      'run --allow-disagreement=yes (a flag takes no value)',
      ['run', 'endpoint.feature', '--mode', 'offline', '--allow-disagreement=yes'],
      /allow-disagreement/,
    ],
    ['A03', 'who-can --allow-disagreement', ['who-can', '--allow-disagreement'], /allow-disagreement/],
    [
      'A04',
      'run --mode offline --allow-disagreement with a feature that fails: still exit 1 (nothing on the wire)',
      offlineRun(
        feature(
          'A04.feature',
          'Feature: a\n  Scenario: b\n    When "BatchRole" calls GET /orders on "orders"\n    Then the call is allowed\n',
        ),
        '--allow-disagreement',
        '--reports',
        'r-A04',
      ),
      { code: 1, reports: 'r-A04' },
    ],
    [
      'A05',
      'run --allow-disagreement given twice (a flag: accepted)',
      [
        ...offlineRun('endpoint.feature', '--allow-disagreement'),
        '--allow-disagreement',
        '--reports',
        'r-A05',
      ],
      { code: 0, reports: 'r-A05' },
    ],
  ]),

  // ---- report files with hostile names ----
  ...kit.probesOf('reports', [
    [
      'R01',
      'a scenario name closing a JUnit testcase: the XML keeps it as text',
      checkWith('R01', `Feature: a\n  Scenario: b</testcase><x>injected</x>\n${GET_ORDERS}`),
      { code: 0, reports: 'r-R01', hides: /<x>injected/, hidesIn: /\.(xml|html|md)$/ },
    ],
    [
      'R02',
      'a scenario name holding "]]>" (a CDATA end)',
      checkWith('R02', `Feature: a\n  Scenario: b]]><x>injected</x>\n${GET_ORDERS}`),
      { code: 0, reports: 'r-R02', hides: /<x>injected/, hidesIn: /\.(xml|html|md)$/ },
    ],
    [
      'R03',
      'a feature name holding a Markdown table row and "@team"',
      checkWith('R03', `Feature: a | x | @team <!--\n  Scenario: b\n${GET_ORDERS}`, '--format', 'md'),
      { code: 0, reports: 'r-R03', hides: RAW_MD, hidesIn: /\.md$/ },
    ],
    [
      'R04',
      'a step naming a path with "<img src=x onerror=alert(1)>"',
      checkWith(
        'R04',
        'Feature: a\n  Scenario: b\n    When "CheckoutRole" calls GET /orders/<img src=x onerror=alert(1)> on "orders"\n    Then the call is allowed\n',
      ),
      /R04\.feature/,
    ],
    [
      'R05',
      'a scenario name of 3,000 characters of "&" (each escaped to 5): reports whole',
      checkWith('R05', `Feature: a\n  Scenario: ${'&'.repeat(3_000)}\n${GET_ORDERS}`),
      { code: 0, reports: 'r-R05' },
    ],
    [
      'R06',
      'a feature name holding U+2028 and U+2029 in the JSON and HTML reports',
      checkWith('R06', `Feature: a\u2028b\u2029c\n  Scenario: b\n${GET_ORDERS}`),
      /R06\.feature/,
    ],
    [
      'R07',
      'a tag "@<script>" on a scenario',
      checkWith('R07', `Feature: a\n  @<script>\n  Scenario: b\n${GET_ORDERS}`),
      { code: 0, reports: 'r-R07', hides: /<script>(?!["\\])/, hidesIn: /\.(md|xml)$/ },
    ],
    [
      'R08',
      '--reports a path inside the features of another run (a file there)',
      kit.CHECK('--reports', 'endpoint.feature/x'),
      /endpoint\.feature/,
    ],
    [
      'R09',
      '--reports "." (the project itself): refused since attack run 14 (it held the features)',
      kit.CHECK('--reports', '.'),
      /--reports.*project folder/,
    ],
    [
      'R10',
      'a Rule name holding "</script>" with an Examples table of 200 rows: reports whole',
      checkWith(
        'R10',
        `Feature: a\n  Rule: r</script>\n    Scenario Outline: b <n>\n      When "CheckoutRole" calls GET /orders on "orders"\n      Then the call is allowed\n      Examples:\n        | n |\n${Array.from({ length: 200 }, (_, i) => `        | ${i} |`).join('\n')}\n`,
      ),
      { code: 0, reports: 'r-R10' },
    ],
  ]),

  // ---- config orgPaths and organizations ----
  ...kit.probesOf('orgs', [
    [
      'O01',
      'orgPaths for an account of another organization than its path names',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'O01.yaml',
          /^organizations:.*$/m,
          "organizations: [{ id: none, accounts: ['999999999999'] }]\norgPaths: { '999999999999': o-a1b2c3d4e5/r-ab12/ }",
        ),
      ),
      /999999999999/,
    ],
    [
      'O02',
      'orgPaths whose OU is of another root (ou-zz99-…) than its path',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'O02.yaml',
          /^organizations:.*$/m,
          "organizations: [{ id: none, accounts: ['999999999999'] }]\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/ou-zz99-11111111/ }",
        ),
      ),
      /orgPaths/,
    ],
    [
      'O03',
      'orgPaths with a trailing double slash',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'O03.yaml',
          /^organizations:.*$/m,
          "organizations: [{ id: none, accounts: ['999999999999'] }]\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12// }",
        ),
      ),
      /orgPaths/,
    ],
    [
      'O04',
      'orgPaths key with a leading space',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'O04.yaml',
          /^organizations:.*$/m,
          "organizations: [{ id: none, accounts: ['999999999999'] }]\norgPaths: { ' 111111111111': o-a1b2c3d4e5/r-ab12/ }",
        ),
      ),
      /orgPaths/,
    ],
    [
      'O05',
      'evaluate --context aws:PrincipalOrgPaths with a path holding a line feed',
      evaluate(ROLE, '--context', `aws:PrincipalOrgPaths=["o-a1b2c3d4e5/r-ab12/${LF}/"]`),
      /--context/,
    ],
  ]),

  // ---- huge route lists ----
  ...kit.probesOf('routes', [
    [
      'L01',
      'an API with 20,000 routes in the config: bounded, an answer or exit 2 naming the limit',
      kit.whoCanOf(
        'hub.json',
        '--api',
        'orders',
        '--config',
        config(
          'L01.yaml',
          "routes: ['GET /', 'GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health']",
          `routes: [${Array.from({ length: 20_000 }, (_, i) => `'GET /r${i}'`).join(', ')}, 'GET /health']`,
        ),
      ),
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'L02',
      'a route listed twice: a set, the same routes',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'L02.yaml',
          "routes: ['GET /', 'GET /orders',",
          "routes: ['GET /', 'GET /orders', 'GET /orders',",
        ),
      ),
      0,
    ],
    [
      'L03',
      'a route holding a line feed',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config('L03.yaml', "routes: ['GET /', ", `routes: ['GET /', "GET /x\\nSGFORGED", `),
      ),
      /routes/,
    ],
    [
      'L04',
      'a route whose method is "ANY" beside the same path\'s GET',
      kit.whoCanOf(
        'hub.json',
        '--api',
        'orders',
        '--config',
        config('L04.yaml', "routes: ['GET /', ", "routes: ['GET /', 'ANY /orders', "),
      ),
      0,
    ],
    // Not a length bound on the whole output: the demo's who-can alone prints ~30,600 characters
    // since the trailing-slash twins (fe66332); the route is what must not show whole.
    [
      'L05',
      'a route of 10,000 path parts: never printed whole',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config('L05.yaml', "routes: ['GET /', ", `routes: ['GET /', 'GET ${'/a'.repeat(10_000)}', `),
      ),
      { code: 0, hides: /(\/a){1000}/ },
    ],
    // Until note11 §10 this was code 0: the typo became one more (NONE) route and GET /health stayed AWS_IAM.
    [
      'L06',
      'noneRoutes naming a route not in routes: refused naming the field (a typo would leave the real route AWS_IAM)',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config(
          'L06.yaml',
          "noneRoutes: ['GET /health']\n    routes: ['GET /', 'GET /orders',",
          "noneRoutes: ['GET /nowhere']\n    routes: ['GET /', 'GET /orders',",
        ),
      ),
      /L06\.yaml: .*apis\.orders\.noneRoutes\.0: "GET \/nowhere" is not one of apis\.orders\.routes/,
    ],
    [
      'L07',
      'a path parameter "{__proto__}"',
      kit.whoCanOf(
        'hub.json',
        '--api',
        'orders',
        '--config',
        config('L07.yaml', "routes: ['GET /', ", "routes: ['GET /', 'GET /x/{__proto__}', "),
      ),
      0,
    ],
    [
      'L08',
      'a greedy path parameter "{proxy+}" in the middle of a path',
      kit.whoCanOf(
        'hub.json',
        '--config',
        config('L08.yaml', "routes: ['GET /', ", "routes: ['GET /', 'GET /{proxy+}/x', "),
      ),
      /proxy\+/,
    ],
  ]),

  // ---- command line ----
  ...kit.probesOf('cli', [
    [
      'X01',
      'evaluate --principal given as "--principal=" (empty)',
      [
        'evaluate',
        '--policy',
        'hub.json',
        '--principal=',
        '--action',
        'execute-api:Invoke',
        '--resource',
        RES,
      ],
      /principal/,
    ],
    ['X02', 'who-can --method "GET\\u0000"', ['who-can', '--method', 'GET\u0000'], /--method/],
    [
      'X03',
      'lint of a YAML policy of 5,000 anchors each used once (within the alias limit?)',
      [
        'lint',
        write(
          'X03.yaml',
          `Version: '2012-10-17'\nStatement:\n${Array.from({ length: 5_000 }, (_, i) => `  - { Sid: S${i}, Effect: Allow, Principal: '*', Action: &a${i} execute-api:Invoke, Resource: *a${i} }`).join('\n')}\n`,
        ),
      ],
      /X03\.yaml/,
    ],
    [
      'X05',
      'sandbox --world a link to /proc/self/environ',
      ['sandbox', '--world', 'env-link.json'],
      /env-link\.json/,
    ],
    ['X06', 'sandbox --port 65536', ['sandbox', '--port', '65536'], /--port/],
    ['X07', 'sandbox --seed "1e400"', ['sandbox', '--seed', '1e400'], /--seed/],
  ]),
];

describe('attack run 13: hostile inputs through main()', () => kit.probeTests(project, PROBES));

describe('attack run 13: the sandbox, raw', () => {
  const raw = kit.rawSandbox();
  const EXECUTE = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
  const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const get = (target: string, headers = '') =>
    raw.exchange(`GET ${target} HTTP/1.1\r\nHost: ${EXECUTE}\r\nConnection: close\r\n${headers}\r\n`);
  const presigned = (q: Record<string, string>) =>
    `/prod/orders?${new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIASANDBOXHARNESS01/20261202/us-west-2/execute-api/aws4_request',
      'X-Amz-Date': '20261202T120000Z',
      'X-Amz-Expires': '300',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': '0'.repeat(64),
      ...q,
    }).toString()}`;

  it.each([
    ['P01 a presigned URL with X-Amz-Expires of 2^64', { 'X-Amz-Expires': '18446744073709551616' }],
    ['P02 a presigned URL with X-Amz-Expires negative', { 'X-Amz-Expires': '-1' }],
    [
      'P03 a presigned URL whose credential scope holds a line feed',
      { 'X-Amz-Credential': 'AKIASANDBOXHARNESS01/2026\n1202/us-west-2/execute-api/aws4_request' },
    ],
    ['P04 a presigned URL with a date of year 99999', { 'X-Amz-Date': '99999202T120000Z' }],
    [
      'P05 a presigned URL signing 500 headers',
      { 'X-Amz-SignedHeaders': Array.from({ length: 500 }, (_, i) => `h${i}`).join(';') },
    ],
    [
      'P06 a presigned URL with the secret canary as its signature',
      { 'X-Amz-Signature': project.canary.secret },
    ],
  ])('%s: a 4xx answer that echoes no control and no canary', async (_what, q) => {
    const answer = await get(presigned(q));
    expect(status(answer)).toBeGreaterThanOrEqual(400);
    expect(status(answer)).toBeLessThan(500);
    expect(answer).not.toContain(project.canary.secret);
    expect(hiddenCharacter(answer.split('\r\n\r\n').slice(1).join(''))).toBeUndefined();
  });

  it.each([
    [
      'S01 SigV4a with a region set of 10,000 regions',
      `X-Amz-Region-Set: ${Array.from({ length: 10_000 }, () => 'us-west-2').join(',')}`,
    ],
    ['S02 SigV4a with an empty region set', 'X-Amz-Region-Set: '],
    ['S03 SigV4a whose signature is not DER', 'X-Amz-Region-Set: us-west-2'],
  ])('%s: a 4xx answer, the connection closed', async (_what, header) => {
    const auth =
      'Authorization: AWS4-ECDSA-P256-SHA256 Credential=AKIASANDBOXHARNESS01/20261202/execute-api/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=zz\r\nX-Amz-Date: 20261202T120000Z\r\n';
    const answer = await get('/prod/orders', `${auth}${header}\r\n`);
    expect(status(answer)).toBeGreaterThanOrEqual(400);
    expect(status(answer)).toBeLessThan(500);
  });
});
