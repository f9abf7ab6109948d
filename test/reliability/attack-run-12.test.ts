// Issue 12, attack run 12: new hostile inputs on what the last passes added (SCP files and orgPaths,
// organization.complete, evaluate --resource-org and --context, Terraform forget/removed,
// CloudFormation GetAtt, who-can and diff Markdown and SARIF, the report's CSP, the sandbox's SigV4a,
// presigned requests and GetSessionToken), kept as a table of probes run through the CLI's main() in
// this process with canary secrets in the environment and in files outside the project, scored as
// the issue scores an attack run (test/reliability/attack-kit.ts). Raw sandbox requests follow.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/sandbox/server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO } from '../harness/helpers.js';
import {
  ALLOW_ALL,
  attackProject,
  diffOf,
  diffPlan,
  evaluateArgs,
  hostileFileProbes,
  invokeByAnyone,
  LF,
  noEchoSecret,
  plantHostileFiles,
  policyOfStatements,
  type Probe as AttackProbe,
  probesOf,
  probeTests,
  RAW_MD,
  RES,
  ROLE,
  whoCanOf,
} from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = attackProject('attack12', 'H12');
const { at, write, json, feature } = project;
const DEMO_CONFIG = readFileSync(at('spokegate.config.yaml'), 'utf8');

// Things in the project that lead outside it, or are not files.
plantHostileFiles(project);

/** An SCP (identity-kind: no Principal) of the given statements after an allow-all. */
const scp = (name: string, ...statements: Record<string, unknown>[]) =>
  json(name, { Version: '2012-10-17', Statement: [...ALLOW_ALL.Statement, ...statements] });
json('scps/full.json', ALLOW_ALL);

/**
 * The demo config with the hub account under root r-ab12 and its SCPs: the root's FullAWSAccess and
 * `account` (YAML, the account's list) for 111111111111; `extra` lines appended.
 */
const scpConfig = (name: string, account: string, extra = '') =>
  write(
    name,
    `${DEMO_CONFIG}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/ }\nserviceControlPolicies:\n  attached:\n    r-ab12: [scps/full.json]\n    '111111111111': ${account}\n${extra}`,
  );
/** The demo config with `from` replaced by `to` (which must be there). */
function edited(name: string, from: string | RegExp, to: string): string {
  const text = DEMO_CONFIG.replace(from, to);
  if (text === DEMO_CONFIG) throw new Error(`${name}: "${String(from)}" is not in the demo config`);
  return write(name, text);
}
const ORG_LINE =
  "organization: { id: o-a1b2c3d4e5, accounts: ['111111111111', '222222222222', '333333333333', '444444444444'] }";

const GET_ORDERS = '    When "CheckoutRole" calls GET /orders on "orders"\n';
/** `check` of one feature (`then` its Then step) with `more` options. */
const checkOf = (id: string, then: string, ...more: string[]) => [
  'check',
  feature(`${id}.feature`, `${GET_ORDERS}    Then ${then}\n`),
  '--endpoint-policy',
  'hub.json',
  ...more,
];
const allowedWith = (id: string, ...more: string[]) => checkOf(id, 'the call is allowed', ...more);
const evaluate = (...more: string[]) => evaluateArgs('hub.json', ROLE, RES, ...more);
const policyOf = (name: string, stmt: Record<string, unknown>) => json(name, invokeByAnyone(stmt));

type Plan = {
  resource_changes: { address: string; type: string; change: Record<string, unknown> }[];
} & Record<string, unknown>;
function plan(name: string, edit: (p: Plan) => void): string {
  const p = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as Plan;
  edit(p);
  return json(name, p);
}
const endpointChange = (p: Plan) =>
  p.resource_changes.find((r) => r.address === 'aws_vpc_endpoint_policy.hub')!;

type Probe = AttackProbe<
  'scp' | 'orgs' | 'evaluate' | 'who-can' | 'diff' | 'plans' | 'templates' | 'lint' | 'features' | 'cli'
>;

const PROBES: Probe[] = [
  // ---- SCP files (serviceControlPolicies.attached) ----
  ...hostileFileProbes('scp', 'an SCP', ['S01', 'S02', 'S03', 'S04', 'S05', 'S06'], (id, file) =>
    allowedWith(id, '--config', scpConfig(`${id}.yaml`, `[${file}]`)),
  ),
  ...probesOf('scp', [
    [
      'S07',
      'an SCP holding a Principal (AWS refuses one in an SCP)',
      allowedWith('S07', '--config', scpConfig('S07.yaml', `[${policyOf('scps/S07.json', {})}]`)),
      /S07\.json/,
    ],
    [
      'S08',
      "an SCP over AWS's 5,120 characters",
      allowedWith(
        'S08',
        '--config',
        scpConfig(
          'S08.yaml',
          `[${scp('scps/S08.json', { Sid: 'Big', Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::${'b'.repeat(6_000)}` })}]`,
        ),
      ),
      /S08\.json.*5,120/,
    ],
    [
      'S09',
      'a YAML SCP that is an alias bomb',
      allowedWith(
        'S09',
        '--config',
        scpConfig(
          'S09.yaml',
          `[${write('scps/S09.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nVersion: '2012-10-17'\nStatement: *f\n`)}]`,
        ),
      ),
      /S09\.yaml/,
    ],
    [
      'S10',
      'an SCP nested 10,000 deep',
      allowedWith(
        'S10',
        '--config',
        scpConfig('S10.yaml', `[${write('scps/S10.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)}]`),
      ),
      /S10\.json/,
    ],
    [
      'S11',
      'an SCP of 200 KB (over the policy file limit)',
      allowedWith(
        'S11',
        '--config',
        scpConfig(
          'S11.yaml',
          `[${write('scps/S11.json', `${JSON.stringify(ALLOW_ALL)}${' '.repeat(200_000)}`)}]`,
        ),
      ),
      /S11\.json.*KiB/,
    ],
    [
      'S12',
      'an SCP with a UTF-8 BOM: read as a policy',
      allowedWith(
        'S12',
        '--config',
        scpConfig('S12.yaml', `[${write('scps/S12.json', `\ufeff${JSON.stringify(ALLOW_ALL)}`)}]`),
      ),
      0,
    ],
    [
      'S13',
      'an SCP that is a Terraform plan',
      allowedWith('S13', '--config', scpConfig('S13.yaml', '[plan.json]')),
      /plan\.json/,
    ],
    [
      'S14',
      'an empty SCP list for the account: the call is denied (a false PASS otherwise)',
      allowedWith('S14', '--config', scpConfig('S14.yaml', '[]')),
      1,
    ],
    [
      'S15',
      'an SCP denying execute-api:Invoke by NotAction: the call is denied',
      allowedWith(
        'S15',
        '--config',
        scpConfig(
          'S15.yaml',
          `[scps/full.json, ${scp('scps/S15.json', { Effect: 'Deny', NotAction: ['s3:*', 'sts:*'], Resource: '*' })}]`,
        ),
      ),
      1,
    ],
    [
      'S16',
      'an SCP whose Sid holds ANSI and a line feed: exit 2 naming it (SG023), shown neutralised',
      allowedWith(
        'S16',
        '--config',
        scpConfig(
          'S16.yaml',
          `[scps/full.json, ${scp('scps/S16.json', { Sid: `\u001b[32mOK${LF}`, Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' })}]`,
        ),
      ),
      /S16\.json/,
    ],
    [
      'S17',
      'an SCP allowing only another action at the account level: the call is denied',
      allowedWith(
        'S17',
        '--config',
        scpConfig(
          'S17.yaml',
          `[${json('scps/S17.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: '*' }] })}]`,
        ),
      ),
      1,
    ],
    [
      'S18',
      'an SCP denying with a condition on aws:PrincipalOrgPaths the config cannot know: never a PASS',
      allowedWith(
        'S18',
        '--config',
        scpConfig(
          'S18.yaml',
          `[scps/full.json, ${scp('scps/S18.json', { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } })}]`,
        ),
      ),
      1,
    ],
    [
      'S19',
      'attached target in capitals (R-AB12)',
      allowedWith(
        'S19',
        '--config',
        write(
          'S19.yaml',
          `${DEMO_CONFIG}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/ }\nserviceControlPolicies: { attached: { R-AB12: [scps/full.json], '111111111111': [scps/full.json] } }\n`,
        ),
      ),
      /R-AB12/,
    ],
    [
      'S20',
      'attached target "__proto__"',
      allowedWith(
        'S20',
        '--config',
        scpConfig('S20.yaml', '[scps/full.json]', '    __proto__: [scps/full.json]\n'),
      ),
      /__proto__/,
    ],
    [
      'S21',
      'attached list given as a string',
      allowedWith('S21', '--config', scpConfig('S21.yaml', 'scps/full.json')),
      /attached/,
    ],
    [
      'S22',
      'attached with 10,000 account targets: bounded output',
      allowedWith(
        'S22',
        '--config',
        scpConfig(
          'S22.yaml',
          '[scps/full.json]',
          Array.from(
            { length: 10_000 },
            (_, i) => `    '${String(500000000000 + i)}': [scps/full.json]`,
          ).join('\n'),
        ),
      ),
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'S23',
      'managementAccount of 11 digits',
      allowedWith(
        'S23',
        '--config',
        scpConfig('S23.yaml', '[scps/full.json]', "  managementAccount: '11111111111'\n"),
      ),
      /managementAccount/,
    ],
    [
      'S24',
      'managementAccount holding a bidi override',
      allowedWith(
        'S24',
        '--config',
        scpConfig('S24.yaml', '[scps/full.json]', "  managementAccount: '11111111111\u202e1'\n"),
      ),
      /managementAccount/,
    ],
    [
      'S25',
      'the account is the management account: its SCPs never limit it (the call allowed)',
      allowedWith('S25', '--config', scpConfig('S25.yaml', '[]', "  managementAccount: '111111111111'\n")),
      0,
    ],
    [
      'S26',
      'an SCP listed twice for one account (the same policy: the same decision)',
      allowedWith('S26', '--config', scpConfig('S26.yaml', '[scps/full.json, scps/full.json]')),
      0,
    ],
    [
      'S27',
      'serviceControlPolicies without attached',
      allowedWith(
        'S27',
        '--config',
        write('S27.yaml', `${DEMO_CONFIG}\nserviceControlPolicies: { managementAccount: '111111111111' }\n`),
      ),
      /attached/,
    ],
    [
      'S28',
      'an SCP with a NotPrincipal',
      allowedWith(
        'S28',
        '--config',
        scpConfig(
          'S28.yaml',
          `[${json('scps/S28.json', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: '*', Resource: '*' }] })}]`,
        ),
      ),
      /S28\.json/,
    ],
    [
      'S29',
      'who-can --format md over an SCP whose condition value holds "<!--" and "@team"',
      whoCanOf(
        'hub.json',
        '--format',
        'md',
        '--config',
        scpConfig(
          'S29.yaml',
          `[scps/full.json, ${scp('scps/S29.json', { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': '<!-- @team' } } })}]`,
        ),
      ),
      { code: 0, hides: RAW_MD },
    ],
    [
      'S30',
      "diff --format md with the config's SCPs: runs, no raw Markdown",
      diffOf(
        'hub.json',
        policyOf('S30.json', { Sid: '<!--@team' }),
        '--format',
        'md',
        '--fail-on',
        'none',
        '--config',
        scpConfig('S30.yaml', '[scps/full.json]'),
      ),
      { code: 0, hides: RAW_MD },
    ],
  ]),

  // ---- organizations, paths, complete ----
  ...probesOf('orgs', [
    [
      'O01',
      'an orgPaths path six OUs deep',
      allowedWith(
        'O01',
        '--config',
        edited(
          'O01.yaml',
          ORG_LINE,
          `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/${'ou-ab12-11111111/'.repeat(6)} }`,
        ),
      ),
      /6 OUs deep.*the limit is 5/,
    ],
    [
      'O02',
      'an orgPaths OU in capitals',
      allowedWith(
        'O02',
        '--config',
        edited(
          'O02.yaml',
          ORG_LINE,
          `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/OU-AB12-11111111/ }`,
        ),
      ),
      /orgPaths/,
    ],
    [
      'O03',
      'an orgPaths root id of 33 characters',
      allowedWith(
        'O03',
        '--config',
        edited(
          'O03.yaml',
          ORG_LINE,
          `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-${'a'.repeat(33)}/ }`,
        ),
      ),
      /orgPaths/,
    ],
    [
      'O04',
      'an organization id holding U+202E',
      allowedWith('O04', '--config', edited('O04.yaml', 'id: o-a1b2c3d4e5', 'id: "o-a1b2c3d4e5\u202e"')),
      /organization/,
    ],
    [
      'O05',
      'organization.complete null',
      allowedWith(
        'O05',
        '--config',
        edited('O05.yaml', "'444444444444'] }", "'444444444444'], complete: null }"),
      ),
      /complete/,
    ],
    [
      'O06',
      'organizations[] of 5,000 entries: over the config size limit, exit 2 naming it, bounded',
      allowedWith(
        'O06',
        '--config',
        edited(
          'O06.yaml',
          "organizations: [{ id: none, accounts: ['999999999999'] }]",
          `organizations:\n${Array.from({ length: 5_000 }, (_, i) => `  - { id: o-${String(i).padStart(10, '0')}, accounts: ['${String(600000000000 + i)}'] }`).join('\n')}\n  - { id: none, accounts: ['999999999999'] }`,
        ),
      ),
      { code: 2, maxOutput: 5_000, says: /256 KiB/ },
    ],
    [
      'O07',
      'the same organization id stated twice with different members',
      allowedWith(
        'O07',
        '--config',
        edited(
          'O07.yaml',
          "organizations: [{ id: none, accounts: ['999999999999'] }]",
          "organizations: [{ id: none, accounts: ['999999999999'] }, { id: o-a1b2c3d4e5, accounts: ['555555555555'] }]",
        ),
      ),
      /o-a1b2c3d4e5/,
    ],
    [
      'O08',
      'an orgPaths value that is a YAML number',
      allowedWith(
        'O08',
        '--config',
        edited('O08.yaml', ORG_LINE, `${ORG_LINE}\norgPaths: { '111111111111': 12 }`),
      ),
      /orgPaths/,
    ],
  ]),

  // ---- evaluate: --resource-org, --context, the principal ----
  ...probesOf('evaluate', [
    ['E01', '--resource-org in capitals', evaluate('--resource-org', 'O-A1B2C3D4E5'), /--resource-org/],
    [
      'E02',
      '--resource-org holding a line feed: one line',
      evaluate('--resource-org', `o-a1b2c3d4e5${LF}`),
      /--resource-org/,
    ],
    [
      'E03',
      '--resource-org none with --context aws:ResourceOrgID',
      evaluate('--resource-org', 'none', '--context', 'aws:ResourceOrgID=o-a1b2c3d4e5'),
      /--resource-org/,
    ],
    [
      'E04',
      '--resource-org given twice',
      evaluate('--resource-org', 'none', '--resource-org', 'o-a1b2c3d4e5'),
      /--resource-org is given twice/,
    ],
    [
      'E05',
      '--resource-org of 10,000 characters: quoted short',
      evaluate('--resource-org', `o-${'a'.repeat(10_000)}`),
      { code: 2, says: /--resource-org/, maxOutput: 3_000 },
    ],
    [
      'E06',
      '--context 101 times',
      evaluate(...Array.from({ length: 101 }, (_, i) => ['--context', `x:k${i}=v`]).flat()),
      /given 101 times; the limit is 100/,
    ],
    [
      'E07',
      '--context value of 3,000 characters',
      evaluate('--context', `aws:PrincipalTag/team=${'t'.repeat(3_000)}`),
      /3,000 characters; the limit is 2,048/,
    ],
    [
      'E08',
      '--context __proto__=x (no such condition key; JavaScript reserves the name)',
      evaluate('--context', '__proto__=x'),
      /--context/,
    ],
    [
      'E09',
      '--context constructor=[1] (a key JavaScript objects carry): an answer',
      evaluate('--context', 'constructor=[1]'),
      { code: 0, says: /--context/ },
    ],
    [
      'E10',
      '--context the same key twice with different values',
      evaluate('--context', 'aws:PrincipalTag/team=a', '--context', 'aws:PrincipalTag/team=b'),
      /aws:PrincipalTag\/team/,
    ],
    [
      'E11',
      '--context a JSON array nested in a string element (a list of 100 is fine)',
      evaluate('--context', `aws:TagKeys=${JSON.stringify(Array.from({ length: 100 }, (_, i) => `k${i}`))}`),
      0,
    ],
    [
      'E12',
      '--principal an assumed-role ARN with a 65-character session name',
      [
        'evaluate',
        '--policy',
        'hub.json',
        '--principal',
        `arn:aws:sts::111111111111:assumed-role/CheckoutRole/${'s'.repeat(65)}`,
        '--action',
        'execute-api:Invoke',
        '--resource',
        RES,
      ],
      /principal: .*is not a role ARN, an assumed-role session ARN/,
    ],
    [
      'E13',
      '--principal a federated-user ARN holding U+202E',
      [
        'evaluate',
        '--policy',
        'hub.json',
        '--principal',
        'arn:aws:sts::111111111111:federated-user/bob\u202eevil',
        '--action',
        'execute-api:Invoke',
        '--resource',
        RES,
      ],
      /--principal/,
    ],
    [
      'E14',
      '--auth-type given twice',
      evaluate('--auth-type', 'NONE', '--auth-type', 'AWS_IAM'),
      /--auth-type is given twice/,
    ],
    [
      'E15',
      '--session-policy given 12 times (STS takes one inline policy and 10 managed ones)',
      [
        'evaluate',
        '--identity-policy',
        json('E15-identity.json', ALLOW_ALL),
        '--principal',
        'arn:aws:sts::111111111111:assumed-role/CheckoutRole/s1',
        '--action',
        'execute-api:Invoke',
        '--resource',
        RES,
        ...Array.from({ length: 12 }, () => ['--session-policy', json('E15.json', ALLOW_ALL)]).flat(),
      ],
      /--session-policy/,
    ],
    [
      'E16',
      '--policy a link to /proc/self/environ with --allow-outside-root: never quoted',
      evaluateArgs('env-link.json', ROLE, RES, '--allow-outside-root'),
      2,
    ],
    [
      'E17',
      '--context aws:MultiFactorAuthAge=-1 with a NumericLessThan policy: an answer',
      evaluateArgs(
        policyOf('E17.json', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }),
        ROLE,
        RES,
        '--context',
        'aws:MultiFactorAuthAge=-1',
      ),
      0,
    ],
    [
      'E18',
      '--json with a --context key holding "<!--": JSON, one document',
      evaluate('--json', '--context', 'x:<!--=v'),
      0,
    ],
  ]),

  // ---- who-can ----
  ...probesOf('who-can', [
    [
      'W01',
      '--format md and --json together (two formats asked)',
      ['who-can', '--format', 'md', '--json', '--endpoint-policy', 'hub.json'],
      /--json|--format/,
    ],
    ['W02', '--method holding a line feed', ['who-can', '--method', `GET${LF}`], /--method/],
    ['W03', '--api __proto__', ['who-can', '--api', '__proto__'], /__proto__/],
    ['W04', '--endpoint constructor', ['who-can', '--endpoint', 'constructor'], /constructor/],
    [
      'W05',
      '--path with "../" segments: exit 2, no such route',
      ['who-can', '--api', 'orders', '--path', '/orders/../../etc'],
      /--path/,
    ],
    [
      'W06',
      '--method given twice',
      ['who-can', '--method', 'GET', '--method', 'POST'],
      /--method is given twice/,
    ],
    [
      'W07',
      '--format md with a resource policy Sid of 5,000 characters holding "|" and "`": bounded',
      whoCanOf(
        'hub.json',
        '--format',
        'md',
        '--api',
        'orders',
        '--resource-policy',
        `orders=${policyOf('W07.json', { Sid: `${'|`'.repeat(2_500)}`, Condition: { StringEquals: { 'aws:PrincipalTag/x': `${'`|'.repeat(2_500)}` } } })}`,
      ),
      { code: 0, hides: RAW_MD, maxOutput: 60_000 },
    ],
    [
      'W08',
      '--resource-policy orders= (an empty file name)',
      ['who-can', '--resource-policy', 'orders='],
      /--resource-policy|orders/,
    ],
    [
      'W09',
      '--endpoint-policy a CloudFormation template whose GetAtt names a NoEcho parameter',
      whoCanOf(
        write(
          'W09.json',
          template({ 'Fn::GetAtt': ['Secret', 'Value'] }, { Parameters: noEchoSecret(project) }),
        ),
      ),
      /W09\.json/,
    ],
    [
      'W10',
      '--format json over a condition on aws:ResourceOrgPaths holding U+2028',
      whoCanOf(
        'hub.json',
        '--format',
        'json',
        '--api',
        'orders',
        '--resource-policy',
        `orders=${policyOf('W10.json', { Condition: { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': 'o-a1b2c3d4e5/\u2028*' } } })}`,
      ),
      0,
    ],
  ]),

  // ---- diff ----
  ...probesOf('diff', [
    [
      'D01',
      '--fail-on given twice',
      diffOf('hub.json', 'hub.json', '--fail-on', 'none', '--fail-on', 'any'),
      /--fail-on is given twice/,
    ],
    ['D02', '--before and --after the same file: no change, exit 0', diffOf('hub.json', 'hub.json'), 0],
    [
      'D03',
      '--plan and --before together',
      diffPlan('plan.json', '--before', 'hub.json', '--after', 'hub.json'),
      /--plan|--before/,
    ],
    [
      'D04',
      '--format md where the new policy\'s Principal holds "]](javascript:alert(1))": not a principal, exit 2',
      diffOf(
        'hub.json',
        json('D04.json', {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: '[x](javascript:alert(1))',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:role/x]](javascript:alert(1))' },
              Action: 'execute-api:Invoke',
              Resource: '*',
            },
          ],
        }),
        '--format',
        'md',
        '--fail-on',
        'none',
      ),
      /D04\.json/,
    ],
    [
      'D05',
      '--format md with a Sid of 10,000 characters: bounded',
      diffOf(
        'hub.json',
        policyOf('D05.json', { Sid: 'S'.repeat(10_000) }),
        '--format',
        'md',
        '--fail-on',
        'none',
      ),
      { code: 0, maxOutput: 60_000 },
    ],
    [
      'D06',
      '--before a YAML policy with a !!js/function tag',
      diffOf(
        write('D06.yaml', "Version: '2012-10-17'\nStatement: !!js/function 'function () { return 1 }'\n"),
        'hub.json',
      ),
      /D06\.yaml/,
    ],
    [
      'D07',
      '--before a YAML policy with a !!binary of the secret',
      diffOf(
        write(
          'D07.yaml',
          `Version: '2012-10-17'\nStatement: !!binary ${Buffer.from(project.canary.file).toString('base64')}\n`,
        ),
        'hub.json',
      ),
      /D07\.yaml/,
    ],
  ]),

  // ---- Terraform plans: forget, removed, sensitive ----
  ...probesOf('plans', [
    [
      'T01',
      'an endpoint policy change with after null and no forget (a sensitive or unknown after)',
      diffPlan(
        plan('T01.json', (p) => {
          const c = endpointChange(p).change;
          c.after = null;
        }),
      ),
      /T01\.json/,
    ],
    [
      'T02',
      'after_unknown.policy true: the policy after the apply is not known',
      diffPlan(
        plan('T02.json', (p) => {
          const c = endpointChange(p).change;
          c.after_unknown = { policy: true };
          (c.after as Record<string, unknown>).policy = null;
        }),
      ),
      /T02\.json/,
    ],
    [
      'T03',
      'after_sensitive.policy true with the policy withheld',
      diffPlan(
        plan('T03.json', (p) => {
          const c = endpointChange(p).change;
          c.after_sensitive = { policy: true };
          delete (c.after as Record<string, unknown>).policy;
        }),
      ),
      /T03\.json/,
    ],
    [
      'T04',
      '["forget"] whose before policy Sid holds "<!--" and "@team", diff md',
      diffPlan(
        plan('T04.json', (p) => {
          const c = endpointChange(p).change;
          c.actions = ['forget'];
          c.before = {
            ...(c.after as Record<string, unknown>),
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: '<!-- @team',
                  Effect: 'Allow',
                  Principal: '*',
                  Action: 'execute-api:Invoke',
                  Resource: '*',
                },
              ],
            }),
          };
          c.after = null;
        }),
        '--format',
        'md',
        '--fail-on',
        'none',
      ),
      { code: 0, hides: RAW_MD },
    ],
    [
      'T05',
      '["forget"] whose before policy is not JSON',
      diffPlan(
        plan('T05.json', (p) => {
          const c = endpointChange(p).change;
          c.actions = ['forget'];
          c.before = { ...(c.after as Record<string, unknown>), policy: `{${project.canary.file}` };
          c.after = null;
        }),
      ),
      /T05\.json/,
    ],
    [
      'T06',
      'an action Terraform never writes (["forget","delete"])',
      diffPlan(
        plan('T06.json', (p) => {
          endpointChange(p).change.actions = ['forget', 'delete'];
        }),
      ),
      /T06\.json/,
    ],
    [
      'T07',
      'format_version "99.0"',
      diffPlan(
        plan('T07.json', (p) => {
          p.format_version = '99.0';
        }),
      ),
      /T07\.json/,
    ],
    [
      'T08',
      'resource_changes as an object',
      diffPlan(
        plan('T08.json', (p) => {
          (p as Record<string, unknown>).resource_changes = { a: 1 };
        }),
      ),
      /T08\.json/,
    ],
    [
      'T09',
      'an endpoint change whose address holds U+202E and "<!--", diff md',
      diffPlan(
        plan('T09.json', (p) => {
          endpointChange(p).address = 'aws_vpc_endpoint_policy.h\u202e<!--@team';
        }),
        '--format',
        'md',
        '--fail-on',
        'none',
      ),
      { code: 0, hides: RAW_MD },
    ],
    [
      'T10',
      'a plan policy that is JSON nested 5,000 deep inside the string',
      diffPlan(
        plan('T10.json', (p) => {
          (endpointChange(p).change.after as Record<string, unknown>).policy =
            `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
        }),
      ),
      /T10\.json/,
    ],
  ]),

  // ---- CloudFormation: GetAtt, Sub ----
  ...probesOf('templates', [
    [
      'C01',
      "!GetAtt of another resource type (a bucket's Arn) as the Resource",
      whoCanOf(
        write(
          'C01.json',
          template({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { Resources: undefined }).replace(
            '"Resources":{',
            '"Resources":{"Bucket":{"Type":"AWS::S3::Bucket"},',
          ),
        ),
      ),
      /C01\.json/,
    ],
    [
      'C02',
      'Fn::GetAtt with a non-string attribute ({"Ref": "X"})',
      whoCanOf(write('C02.json', template({ 'Fn::GetAtt': ['Hub', { Ref: 'AWS::Region' }] }))),
      /C02\.json/,
    ],
    // CloudFormation refuses a resource that refers to itself (a circular dependency); who-can bound
    // ${Hub.Id} to the configured endpoint's id and answered (lint refused it: attack run 11 M02).
    [
      'C03',
      'Fn::Sub "${Hub.Id}" inside the endpoint\'s own policy (a cycle)',
      whoCanOf(write('C03.json', template({ 'Fn::Sub': 'arn:aws:execute-api:*:*:${Hub.Id}/*' }))),
      /C03\.json.*refers to the resource itself/s,
    ],
    [
      'C04',
      'Fn::Sub with 5,000 variables: bounded',
      whoCanOf(write('C04.json', template({ 'Fn::Sub': '${AWS::Region}'.repeat(5_000) }))),
      { code: 2, maxOutput: 5_000 },
    ],
    [
      'C05',
      'Fn::Join nested 3,000 deep',
      whoCanOf(
        write(
          'C05.json',
          template('__X__').replace(
            '"__X__"',
            `${'{"Fn::Join":["",['.repeat(3_000)}"*"${']]}'.repeat(3_000)}`,
          ),
        ),
      ),
      /C05\.json/,
    ],
    [
      'C06',
      'a YAML template with !GetAtt "Hub.Id" in its policy Condition value and a bidi override',
      whoCanOf(
        write(
          'C06.yaml',
          "Resources:\n  Hub:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.us-west-2.execute-api\n      VpcId: vpc-0aa11bb22cc33dd44\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: '*'\n            Condition: { StringEquals: { aws:SourceVpce: !GetAtt \"Hub.Id\u202e\" } }\n",
        ),
      ),
      /C06\.yaml/,
    ],
    [
      'C07',
      'two VPC endpoints in one template (which is the hub?)',
      whoCanOf(
        write(
          'C07.json',
          template('*').replace(
            '"Resources":{',
            `"Resources":{"Other":${JSON.stringify(JSON.parse(template('arn:aws:execute-api:*:*:x/*')).Resources.Hub)},`,
          ),
        ),
      ),
      /C07\.json: .*Other and Hub are both execute-api endpoints in vpc-0aa11bb22cc33dd44/,
    ],
  ]),

  // ---- lint, SARIF ----
  ...probesOf('lint', [
    [
      'L01',
      'SARIF of a file named "[x](javascript:alert(1)).json": its uri encoded',
      [
        'lint',
        '--format',
        'sarif',
        json('[x](javascript:alert(1)).json', ALLOW_ALL),
        '--kind',
        'identity',
        '--fail-on',
        'none',
      ],
      { code: 0, hides: /\(javascript:alert/ },
    ],
    [
      'L02',
      '--kind given twice',
      ['lint', 'hub.json', '--kind', 'endpoint', '--kind', 'identity'],
      /--kind is given twice/,
    ],
    [
      'L03',
      'SARIF of a Sid holding "</script>" and U+2028',
      ['lint', '--format', 'sarif', '--fail-on', 'none', policyOf('L03.json', { Sid: '</script>\u2028' })],
      0,
    ],
    [
      'L04',
      'SARIF of a policy of 5,000 statements: bounded',
      [
        'lint',
        '--format',
        'sarif',
        '--fail-on',
        'none',
        json(
          'L04.json',
          policyOfStatements(5_000, undefined, () => ({ Action: 'execute-api:*' })),
        ),
      ],
      /L04\.json/,
    ],
    [
      'L05',
      'lint of an SCP-shaped policy with a service prefix wildcard ("*:Invoke")',
      [
        'lint',
        '--kind',
        'identity',
        json('L05.json', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*:Invoke', Resource: '*' }],
        }),
      ],
      1,
    ],
  ]),

  // ---- features and the report ----
  ...probesOf('features', [
    [
      'F01',
      '"denied by the service control policy" with no SCPs stated: the scenario fails (the call is allowed)',
      checkOf('F01', 'the call is denied by the service control policy'),
      1,
    ],
    [
      'F02',
      '"denied by the service control policy" where the resource policy denies: fails',
      [
        'check',
        feature(
          'F02.feature',
          '    When "InventoryRole" calls GET /orders on "orders"\n    Then the call is denied by the service control policy\n',
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      1,
    ],
    [
      'F03',
      'a description with <meta http-equiv="refresh">: the run passes, reports whole',
      [
        'check',
        write(
          'F03.feature',
          `Feature: a\n  <meta http-equiv="refresh" content="0;url=https://evil.example/">\n  Scenario: b\n${GET_ORDERS}    Then the call is allowed\n`,
        ),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-f03',
      ],
      { code: 0, reports: 'r-f03' },
    ],
    [
      'F04',
      'a scenario name of 500 characters with U+202E and ESC: neutralised',
      [
        'check',
        write(
          'F04.feature',
          `Feature: a\n  Scenario: ${'n'.repeat(500)}\u202e\u001b[2J\n${GET_ORDERS}    Then the call is allowed\n`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /F04\.feature/,
    ],
    [
      'F05',
      'a step naming a role "__proto__": an unknown alias',
      [
        'check',
        feature(
          'F05.feature',
          '    When "__proto__" calls GET /orders on "orders"\n    Then the call is allowed\n',
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /__proto__/,
    ],
    [
      'F06',
      'check --reports given twice',
      ['check', 'endpoint.feature', '--endpoint-policy', 'hub.json', '--reports', 'r1', '--reports', 'r2'],
      /--reports is given twice/,
    ],
  ]),

  // ---- command line ----
  ...probesOf('cli', [
    [
      'X01',
      '--root given twice',
      ['lint', 'hub.json', '--root', '.', '--root', '/'],
      /--root is given twice/,
    ],
    [
      'X02',
      '--config=a --config b (the = form counts)',
      ['who-can', '--config=spokegate.config.yaml', '--config', 'spokegate.config.yaml'],
      /--config is given twice/,
    ],
    [
      'X03',
      'an option after "--" is an argument, not a second option',
      ['lint', '--kind', 'identity', '--', '--kind'],
      /--kind/,
    ],
    [
      'X04',
      'call --as given twice',
      ['call', 'GET', '/orders', '--api', 'orders', '--as', 'self', '--as', 'anonymous'],
      /--as is given twice/,
    ],
    [
      'X05',
      'call --timeout-ms given twice',
      [
        'call',
        'GET',
        '/orders',
        '--api',
        'orders',
        '--as',
        'self',
        '--timeout-ms',
        '100',
        '--timeout-ms',
        '600000',
      ],
      /--timeout-ms is given twice/,
    ],
    [
      'X06',
      'run --mode given twice',
      ['run', '--mode', 'offline', '--mode', 'live'],
      /--mode is given twice/,
    ],
    ['X07', 'an option name holding ESC', ['who-can', '--\u001b[31mjson'], 2],
    [
      'X08',
      'a 100,000-character unknown option: output bounded',
      ['who-can', `--${'x'.repeat(100_000)}`],
      { code: 2, maxOutput: 5_000 },
    ],
  ]),
];

describe('attack run 12: hostile inputs through main()', () => probeTests(project, PROBES));

describe('attack run 12: the sandbox, raw', () => {
  let plain: Sandbox;
  let tls: Sandbox;
  beforeAll(async () => {
    [plain, tls] = await Promise.all([
      startSandbox(join(DEMO, 'world.yaml'), { http: true }),
      startSandbox(join(DEMO, 'world.yaml')),
    ]);
  });
  afterAll(() => Promise.all([plain.close(), tls.close()]));

  const EXECUTE = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
  const open = (overTls: boolean): Socket => {
    const sb = overTls ? tls : plain;
    const port = Number(new URL(sb.env.AWS_ENDPOINT_URL_STS!).port);
    return overTls
      ? tlsConnect({ port, host: '127.0.0.1', servername: EXECUTE, ca: sb.caPem })
      : connect(port, '127.0.0.1');
  };
  /**
   * Everything the sandbox answers before it closes, to writes that never end the request: the
   * socket stays open, as a client still sending would keep it. A sandbox that waits for the body
   * answers only at its request timeout (408 after 30 s), which the test's own timeout cuts off.
   */
  const answerOver = (overTls: boolean, ...writes: string[]) =>
    new Promise<string>((resolve) => {
      const s = open(overTls);
      let buf = '';
      s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      for (const w of writes) s.write(w);
    });
  const answerTo = (...writes: string[]) => answerOver(false, ...writes);
  const statuses = (answer: string) => [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  const CHUNKED = `POST /prod/orders HTTP/1.1\r\nHost: ${EXECUTE}\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const HUGE = (2 ** 53).toString(16); // 20000000000000

  // note9 §12: the sandbox waited for a chunk declaring 2^53 bytes until its request timeout (30 s,
  // then 408). A server with a body limit refuses the chunk from its size line (nginx: 413 when a
  // chunk would take the body over client_max_body_size), as the sandbox does a Content-Length.
  it('K01 a chunk declaring 2^53 bytes: 413 at once, then a close', async () => {
    const answer = await answerTo(`${CHUNKED}${HUGE}\r\nab`);
    expect(statuses(answer)).toEqual([413]);
    expect(answer).toMatch(/Connection: close/);
  });
  it('K02 the huge chunk after a small one, in a later write: 413', async () => {
    const answer = await answerTo(`${CHUNKED}3\r\nabc\r\n`, `${HUGE}\r\n`);
    expect(statuses(answer)).toEqual([413]);
  });
  it('K03 a chunk one byte over the body limit, with a chunk extension: 413', async () => {
    const answer = await answerTo(`${CHUNKED}${(MAX_BODY_BYTES + 1).toString(16)};name=x\r\nab`);
    expect(statuses(answer)).toEqual([413]);
  });
  it('K04 over TLS: 413 at once', async () => {
    const answer = await answerOver(true, `${CHUNKED}${HUGE}\r\n`);
    expect(statuses(answer)).toEqual([413]);
  });
  it('K05 a chunked body of small chunks is read and answered as before (not 413)', async () => {
    const answer = await answerTo(
      `${CHUNKED}3\r\nabc\r\n${'0'.repeat(8)}5\r\nde\r\nf\r\n0\r\n\r\n`.replace(
        'Host:',
        'Connection: close\r\nHost:',
      ),
    );
    expect(statuses(answer)).toHaveLength(1);
    expect(statuses(answer)[0]).not.toBe(413);
  });
  it('K06 a request declaring a Content-Length, whose body holds a huge hex line: read, not 413', async () => {
    const body = `x\r\n${HUGE}\r\n`;
    const answer = await answerTo(
      `POST /prod/orders HTTP/1.1\r\nHost: ${EXECUTE}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(statuses(answer)).toHaveLength(1);
    expect(statuses(answer)[0]).not.toBe(413);
  });
});
