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
  evaluateArgs,
  hostileFileProbes,
  invokeByAnyone,
  LF,
  noEchoSecret,
  plantHostileFiles,
  policyOfStatements,
  type Probe as AttackProbe,
  probeTests,
  RAW_MD,
  RES,
  ROLE,
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
  {
    id: 'S07',
    area: 'scp',
    what: 'an SCP holding a Principal (AWS refuses one in an SCP)',
    args: allowedWith('S07', '--config', scpConfig('S07.yaml', `[${policyOf('scps/S07.json', {})}]`)),
    code: 2,
    says: /S07\.json/,
  },
  {
    id: 'S08',
    area: 'scp',
    what: "an SCP over AWS's 5,120 characters",
    args: allowedWith(
      'S08',
      '--config',
      scpConfig(
        'S08.yaml',
        `[${scp('scps/S08.json', { Sid: 'Big', Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::${'b'.repeat(6_000)}` })}]`,
      ),
    ),
    code: 2,
    says: /S08\.json.*5,120/,
  },
  {
    id: 'S09',
    area: 'scp',
    what: 'a YAML SCP that is an alias bomb',
    args: allowedWith(
      'S09',
      '--config',
      scpConfig(
        'S09.yaml',
        `[${write('scps/S09.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nVersion: '2012-10-17'\nStatement: *f\n`)}]`,
      ),
    ),
    code: 2,
    says: /S09\.yaml/,
  },
  {
    id: 'S10',
    area: 'scp',
    what: 'an SCP nested 10,000 deep',
    args: allowedWith(
      'S10',
      '--config',
      scpConfig('S10.yaml', `[${write('scps/S10.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)}]`),
    ),
    code: 2,
    says: /S10\.json/,
  },
  {
    id: 'S11',
    area: 'scp',
    what: 'an SCP of 200 KB (over the policy file limit)',
    args: allowedWith(
      'S11',
      '--config',
      scpConfig(
        'S11.yaml',
        `[${write('scps/S11.json', `${JSON.stringify(ALLOW_ALL)}${' '.repeat(200_000)}`)}]`,
      ),
    ),
    code: 2,
    says: /S11\.json.*KiB/,
  },
  {
    id: 'S12',
    area: 'scp',
    what: 'an SCP with a UTF-8 BOM: read as a policy',
    args: allowedWith(
      'S12',
      '--config',
      scpConfig('S12.yaml', `[${write('scps/S12.json', `\ufeff${JSON.stringify(ALLOW_ALL)}`)}]`),
    ),
    code: 0,
  },
  {
    id: 'S13',
    area: 'scp',
    what: 'an SCP that is a Terraform plan',
    args: allowedWith('S13', '--config', scpConfig('S13.yaml', '[plan.json]')),
    code: 2,
    says: /plan\.json/,
  },
  {
    id: 'S14',
    area: 'scp',
    what: 'an empty SCP list for the account: the call is denied (a false PASS otherwise)',
    args: allowedWith('S14', '--config', scpConfig('S14.yaml', '[]')),
    code: 1,
  },
  {
    id: 'S15',
    area: 'scp',
    what: 'an SCP denying execute-api:Invoke by NotAction: the call is denied',
    args: allowedWith(
      'S15',
      '--config',
      scpConfig(
        'S15.yaml',
        `[scps/full.json, ${scp('scps/S15.json', { Effect: 'Deny', NotAction: ['s3:*', 'sts:*'], Resource: '*' })}]`,
      ),
    ),
    code: 1,
  },
  {
    id: 'S16',
    area: 'scp',
    what: 'an SCP whose Sid holds ANSI and a line feed: exit 2 naming it (SG023), shown neutralised',
    args: allowedWith(
      'S16',
      '--config',
      scpConfig(
        'S16.yaml',
        `[scps/full.json, ${scp('scps/S16.json', { Sid: `\u001b[32mOK${LF}`, Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' })}]`,
      ),
    ),
    code: 2,
    says: /S16\.json/,
  },
  {
    id: 'S17',
    area: 'scp',
    what: 'an SCP allowing only another action at the account level: the call is denied',
    args: allowedWith(
      'S17',
      '--config',
      scpConfig(
        'S17.yaml',
        `[${json('scps/S17.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: '*' }] })}]`,
      ),
    ),
    code: 1,
  },
  {
    id: 'S18',
    area: 'scp',
    what: 'an SCP denying with a condition on aws:PrincipalOrgPaths the config cannot know: never a PASS',
    args: allowedWith(
      'S18',
      '--config',
      scpConfig(
        'S18.yaml',
        `[scps/full.json, ${scp('scps/S18.json', { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } })}]`,
      ),
    ),
    code: 1,
  },
  {
    id: 'S19',
    area: 'scp',
    what: 'attached target in capitals (R-AB12)',
    args: allowedWith(
      'S19',
      '--config',
      write(
        'S19.yaml',
        `${DEMO_CONFIG}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/ }\nserviceControlPolicies: { attached: { R-AB12: [scps/full.json], '111111111111': [scps/full.json] } }\n`,
      ),
    ),
    code: 2,
    says: /R-AB12/,
  },
  {
    id: 'S20',
    area: 'scp',
    what: 'attached target "__proto__"',
    args: allowedWith(
      'S20',
      '--config',
      scpConfig('S20.yaml', '[scps/full.json]', '    __proto__: [scps/full.json]\n'),
    ),
    code: 2,
    says: /__proto__/,
  },
  {
    id: 'S21',
    area: 'scp',
    what: 'attached list given as a string',
    args: allowedWith('S21', '--config', scpConfig('S21.yaml', 'scps/full.json')),
    code: 2,
    says: /attached/,
  },
  {
    id: 'S22',
    area: 'scp',
    what: 'attached with 10,000 account targets: bounded output',
    args: allowedWith(
      'S22',
      '--config',
      scpConfig(
        'S22.yaml',
        '[scps/full.json]',
        Array.from({ length: 10_000 }, (_, i) => `    '${String(500000000000 + i)}': [scps/full.json]`).join(
          '\n',
        ),
      ),
    ),
    code: 2,
    maxOutput: 5_000,
  },
  {
    id: 'S23',
    area: 'scp',
    what: 'managementAccount of 11 digits',
    args: allowedWith(
      'S23',
      '--config',
      scpConfig('S23.yaml', '[scps/full.json]', "  managementAccount: '11111111111'\n"),
    ),
    code: 2,
    says: /managementAccount/,
  },
  {
    id: 'S24',
    area: 'scp',
    what: 'managementAccount holding a bidi override',
    args: allowedWith(
      'S24',
      '--config',
      scpConfig('S24.yaml', '[scps/full.json]', "  managementAccount: '11111111111\u202e1'\n"),
    ),
    code: 2,
    says: /managementAccount/,
  },
  {
    id: 'S25',
    area: 'scp',
    what: 'the account is the management account: its SCPs never limit it (the call allowed)',
    args: allowedWith(
      'S25',
      '--config',
      scpConfig('S25.yaml', '[]', "  managementAccount: '111111111111'\n"),
    ),
    code: 0,
  },
  {
    id: 'S26',
    area: 'scp',
    what: 'an SCP listed twice for one account (the same policy: the same decision)',
    args: allowedWith('S26', '--config', scpConfig('S26.yaml', '[scps/full.json, scps/full.json]')),
    code: 0,
  },
  {
    id: 'S27',
    area: 'scp',
    what: 'serviceControlPolicies without attached',
    args: allowedWith(
      'S27',
      '--config',
      write('S27.yaml', `${DEMO_CONFIG}\nserviceControlPolicies: { managementAccount: '111111111111' }\n`),
    ),
    code: 2,
    says: /attached/,
  },
  {
    id: 'S28',
    area: 'scp',
    what: 'an SCP with a NotPrincipal',
    args: allowedWith(
      'S28',
      '--config',
      scpConfig(
        'S28.yaml',
        `[${json('scps/S28.json', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: '*', Resource: '*' }] })}]`,
      ),
    ),
    code: 2,
    says: /S28\.json/,
  },
  {
    id: 'S29',
    area: 'scp',
    what: 'who-can --format md over an SCP whose condition value holds "<!--" and "@team"',
    args: [
      'who-can',
      '--endpoint-policy',
      'hub.json',
      '--format',
      'md',
      '--config',
      scpConfig(
        'S29.yaml',
        `[scps/full.json, ${scp('scps/S29.json', { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': '<!-- @team' } } })}]`,
      ),
    ],
    code: 0,
    hides: RAW_MD,
  },
  {
    id: 'S30',
    area: 'scp',
    what: "diff --format md with the config's SCPs: runs, no raw Markdown",
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
      policyOf('S30.json', { Sid: '<!--@team' }),
      '--format',
      'md',
      '--fail-on',
      'none',
      '--config',
      scpConfig('S30.yaml', '[scps/full.json]'),
    ],
    code: 0,
    hides: RAW_MD,
  },

  // ---- organizations, paths, complete ----
  {
    id: 'O01',
    area: 'orgs',
    what: 'an orgPaths path six OUs deep',
    args: allowedWith(
      'O01',
      '--config',
      edited(
        'O01.yaml',
        ORG_LINE,
        `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/${'ou-ab12-11111111/'.repeat(6)} }`,
      ),
    ),
    code: 2,
    says: /6 OUs deep.*the limit is 5/,
  },
  {
    id: 'O02',
    area: 'orgs',
    what: 'an orgPaths OU in capitals',
    args: allowedWith(
      'O02',
      '--config',
      edited(
        'O02.yaml',
        ORG_LINE,
        `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-ab12/OU-AB12-11111111/ }`,
      ),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O03',
    area: 'orgs',
    what: 'an orgPaths root id of 33 characters',
    args: allowedWith(
      'O03',
      '--config',
      edited(
        'O03.yaml',
        ORG_LINE,
        `${ORG_LINE}\norgPaths: { '111111111111': o-a1b2c3d4e5/r-${'a'.repeat(33)}/ }`,
      ),
    ),
    code: 2,
    says: /orgPaths/,
  },
  {
    id: 'O04',
    area: 'orgs',
    what: 'an organization id holding U+202E',
    args: allowedWith('O04', '--config', edited('O04.yaml', 'id: o-a1b2c3d4e5', 'id: "o-a1b2c3d4e5\u202e"')),
    code: 2,
    says: /organization/,
  },
  {
    id: 'O05',
    area: 'orgs',
    what: 'organization.complete null',
    args: allowedWith(
      'O05',
      '--config',
      edited('O05.yaml', "'444444444444'] }", "'444444444444'], complete: null }"),
    ),
    code: 2,
    says: /complete/,
  },
  {
    id: 'O06',
    area: 'orgs',
    what: 'organizations[] of 5,000 entries: over the config size limit, exit 2 naming it, bounded',
    args: allowedWith(
      'O06',
      '--config',
      edited(
        'O06.yaml',
        "organizations: [{ id: none, accounts: ['999999999999'] }]",
        `organizations:\n${Array.from({ length: 5_000 }, (_, i) => `  - { id: o-${String(i).padStart(10, '0')}, accounts: ['${String(600000000000 + i)}'] }`).join('\n')}\n  - { id: none, accounts: ['999999999999'] }`,
      ),
    ),
    code: 2,
    maxOutput: 5_000,
    says: /256 KiB/,
  },
  {
    id: 'O07',
    area: 'orgs',
    what: 'the same organization id stated twice with different members',
    args: allowedWith(
      'O07',
      '--config',
      edited(
        'O07.yaml',
        "organizations: [{ id: none, accounts: ['999999999999'] }]",
        "organizations: [{ id: none, accounts: ['999999999999'] }, { id: o-a1b2c3d4e5, accounts: ['555555555555'] }]",
      ),
    ),
    code: 2,
    says: /o-a1b2c3d4e5/,
  },
  {
    id: 'O08',
    area: 'orgs',
    what: 'an orgPaths value that is a YAML number',
    args: allowedWith(
      'O08',
      '--config',
      edited('O08.yaml', ORG_LINE, `${ORG_LINE}\norgPaths: { '111111111111': 12 }`),
    ),
    code: 2,
    says: /orgPaths/,
  },

  // ---- evaluate: --resource-org, --context, the principal ----
  {
    id: 'E01',
    area: 'evaluate',
    what: '--resource-org in capitals',
    args: evaluate('--resource-org', 'O-A1B2C3D4E5'),
    code: 2,
    says: /--resource-org/,
  },
  {
    id: 'E02',
    area: 'evaluate',
    what: '--resource-org holding a line feed: one line',
    args: evaluate('--resource-org', `o-a1b2c3d4e5${LF}`),
    code: 2,
    says: /--resource-org/,
  },
  {
    id: 'E03',
    area: 'evaluate',
    what: '--resource-org none with --context aws:ResourceOrgID',
    args: evaluate('--resource-org', 'none', '--context', 'aws:ResourceOrgID=o-a1b2c3d4e5'),
    code: 2,
    says: /--resource-org/,
  },
  {
    id: 'E04',
    area: 'evaluate',
    what: '--resource-org given twice',
    args: evaluate('--resource-org', 'none', '--resource-org', 'o-a1b2c3d4e5'),
    code: 2,
    says: /--resource-org is given twice/,
  },
  {
    id: 'E05',
    area: 'evaluate',
    what: '--resource-org of 10,000 characters: quoted short',
    args: evaluate('--resource-org', `o-${'a'.repeat(10_000)}`),
    code: 2,
    says: /--resource-org/,
    maxOutput: 3_000,
  },
  {
    id: 'E06',
    area: 'evaluate',
    what: '--context 101 times',
    args: evaluate(...Array.from({ length: 101 }, (_, i) => ['--context', `x:k${i}=v`]).flat()),
    code: 2,
    says: /given 101 times; the limit is 100/,
  },
  {
    id: 'E07',
    area: 'evaluate',
    what: '--context value of 3,000 characters',
    args: evaluate('--context', `aws:PrincipalTag/team=${'t'.repeat(3_000)}`),
    code: 2,
    says: /3,000 characters; the limit is 2,048/,
  },
  {
    id: 'E08',
    area: 'evaluate',
    what: '--context __proto__=x (no such condition key; JavaScript reserves the name)',
    args: evaluate('--context', '__proto__=x'),
    code: 2,
    says: /--context/,
  },
  {
    id: 'E09',
    area: 'evaluate',
    what: '--context constructor=[1] (a key JavaScript objects carry): an answer',
    args: evaluate('--context', 'constructor=[1]'),
    code: 0,
    says: /--context/,
  },
  {
    id: 'E10',
    area: 'evaluate',
    what: '--context the same key twice with different values',
    args: evaluate('--context', 'aws:PrincipalTag/team=a', '--context', 'aws:PrincipalTag/team=b'),
    code: 2,
    says: /aws:PrincipalTag\/team/,
  },
  {
    id: 'E11',
    area: 'evaluate',
    what: '--context a JSON array nested in a string element (a list of 100 is fine)',
    args: evaluate(
      '--context',
      `aws:TagKeys=${JSON.stringify(Array.from({ length: 100 }, (_, i) => `k${i}`))}`,
    ),
    code: 0,
  },
  {
    id: 'E12',
    area: 'evaluate',
    what: '--principal an assumed-role ARN with a 65-character session name',
    args: [
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
    code: 2,
    says: /principal: .*is not a role ARN, an assumed-role session ARN/,
  },
  {
    id: 'E13',
    area: 'evaluate',
    what: '--principal a federated-user ARN holding U+202E',
    args: [
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
    code: 2,
    says: /--principal/,
  },
  {
    id: 'E14',
    area: 'evaluate',
    what: '--auth-type given twice',
    args: evaluate('--auth-type', 'NONE', '--auth-type', 'AWS_IAM'),
    code: 2,
    says: /--auth-type is given twice/,
  },
  {
    id: 'E15',
    area: 'evaluate',
    what: '--session-policy given 12 times (STS takes one inline policy and 10 managed ones)',
    args: [
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
    code: 2,
    says: /--session-policy/,
  },
  {
    id: 'E16',
    area: 'evaluate',
    what: '--policy a link to /proc/self/environ with --allow-outside-root: never quoted',
    args: evaluateArgs('env-link.json', ROLE, RES, '--allow-outside-root'),
    code: 2,
  },
  {
    id: 'E17',
    area: 'evaluate',
    what: '--context aws:MultiFactorAuthAge=-1 with a NumericLessThan policy: an answer',
    args: evaluateArgs(
      policyOf('E17.json', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }),
      ROLE,
      RES,
      '--context',
      'aws:MultiFactorAuthAge=-1',
    ),
    code: 0,
  },
  {
    id: 'E18',
    area: 'evaluate',
    what: '--json with a --context key holding "<!--": JSON, one document',
    args: evaluate('--json', '--context', 'x:<!--=v'),
    code: 0,
  },

  // ---- who-can ----
  {
    id: 'W01',
    area: 'who-can',
    what: '--format md and --json together (two formats asked)',
    args: ['who-can', '--format', 'md', '--json', '--endpoint-policy', 'hub.json'],
    code: 2,
    says: /--json|--format/,
  },
  {
    id: 'W02',
    area: 'who-can',
    what: '--method holding a line feed',
    args: ['who-can', '--method', `GET${LF}`],
    code: 2,
    says: /--method/,
  },
  {
    id: 'W03',
    area: 'who-can',
    what: '--api __proto__',
    args: ['who-can', '--api', '__proto__'],
    code: 2,
    says: /__proto__/,
  },
  {
    id: 'W04',
    area: 'who-can',
    what: '--endpoint constructor',
    args: ['who-can', '--endpoint', 'constructor'],
    code: 2,
    says: /constructor/,
  },
  {
    id: 'W05',
    area: 'who-can',
    what: '--path with "../" segments: exit 2, no such route',
    args: ['who-can', '--api', 'orders', '--path', '/orders/../../etc'],
    code: 2,
    says: /--path/,
  },
  {
    id: 'W06',
    area: 'who-can',
    what: '--method given twice',
    args: ['who-can', '--method', 'GET', '--method', 'POST'],
    code: 2,
    says: /--method is given twice/,
  },
  {
    id: 'W07',
    area: 'who-can',
    what: '--format md with a resource policy Sid of 5,000 characters holding "|" and "`": bounded',
    args: [
      'who-can',
      '--endpoint-policy',
      'hub.json',
      '--format',
      'md',
      '--api',
      'orders',
      '--resource-policy',
      `orders=${policyOf('W07.json', { Sid: `${'|`'.repeat(2_500)}`, Condition: { StringEquals: { 'aws:PrincipalTag/x': `${'`|'.repeat(2_500)}` } } })}`,
    ],
    code: 0,
    hides: RAW_MD,
    maxOutput: 60_000,
  },
  {
    id: 'W08',
    area: 'who-can',
    what: '--resource-policy orders= (an empty file name)',
    args: ['who-can', '--resource-policy', 'orders='],
    code: 2,
    says: /--resource-policy|orders/,
  },
  {
    id: 'W09',
    area: 'who-can',
    what: '--endpoint-policy a CloudFormation template whose GetAtt names a NoEcho parameter',
    args: [
      'who-can',
      '--endpoint-policy',
      write(
        'W09.json',
        template({ 'Fn::GetAtt': ['Secret', 'Value'] }, { Parameters: noEchoSecret(project) }),
      ),
    ],
    code: 2,
    says: /W09\.json/,
  },
  {
    id: 'W10',
    area: 'who-can',
    what: '--format json over a condition on aws:ResourceOrgPaths holding U+2028',
    args: [
      'who-can',
      '--endpoint-policy',
      'hub.json',
      '--format',
      'json',
      '--api',
      'orders',
      '--resource-policy',
      `orders=${policyOf('W10.json', { Condition: { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': 'o-a1b2c3d4e5/\u2028*' } } })}`,
    ],
    code: 0,
  },

  // ---- diff ----
  {
    id: 'D01',
    area: 'diff',
    what: '--fail-on given twice',
    args: ['diff', '--before', 'hub.json', '--after', 'hub.json', '--fail-on', 'none', '--fail-on', 'any'],
    code: 2,
    says: /--fail-on is given twice/,
  },
  {
    id: 'D02',
    area: 'diff',
    what: '--before and --after the same file: no change, exit 0',
    args: ['diff', '--before', 'hub.json', '--after', 'hub.json'],
    code: 0,
  },
  {
    id: 'D03',
    area: 'diff',
    what: '--plan and --before together',
    args: ['diff', '--plan', 'plan.json', '--before', 'hub.json', '--after', 'hub.json'],
    code: 2,
    says: /--plan|--before/,
  },
  {
    id: 'D04',
    area: 'diff',
    what: '--format md where the new policy\'s Principal holds "]](javascript:alert(1))": not a principal, exit 2',
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
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
    ],
    code: 2,
    says: /D04\.json/,
  },
  {
    id: 'D05',
    area: 'diff',
    what: '--format md with a Sid of 10,000 characters: bounded',
    args: [
      'diff',
      '--before',
      'hub.json',
      '--after',
      policyOf('D05.json', { Sid: 'S'.repeat(10_000) }),
      '--format',
      'md',
      '--fail-on',
      'none',
    ],
    code: 0,
    maxOutput: 60_000,
  },
  {
    id: 'D06',
    area: 'diff',
    what: '--before a YAML policy with a !!js/function tag',
    args: [
      'diff',
      '--before',
      write('D06.yaml', "Version: '2012-10-17'\nStatement: !!js/function 'function () { return 1 }'\n"),
      '--after',
      'hub.json',
    ],
    code: 2,
    says: /D06\.yaml/,
  },
  {
    id: 'D07',
    area: 'diff',
    what: '--before a YAML policy with a !!binary of the secret',
    args: [
      'diff',
      '--before',
      write(
        'D07.yaml',
        `Version: '2012-10-17'\nStatement: !!binary ${Buffer.from(project.canary.file).toString('base64')}\n`,
      ),
      '--after',
      'hub.json',
    ],
    code: 2,
    says: /D07\.yaml/,
  },

  // ---- Terraform plans: forget, removed, sensitive ----
  {
    id: 'T01',
    area: 'plans',
    what: 'an endpoint policy change with after null and no forget (a sensitive or unknown after)',
    args: [
      'diff',
      '--plan',
      plan('T01.json', (p) => {
        const c = endpointChange(p).change;
        c.after = null;
      }),
    ],
    code: 2,
    says: /T01\.json/,
  },
  {
    id: 'T02',
    area: 'plans',
    what: 'after_unknown.policy true: the policy after the apply is not known',
    args: [
      'diff',
      '--plan',
      plan('T02.json', (p) => {
        const c = endpointChange(p).change;
        c.after_unknown = { policy: true };
        (c.after as Record<string, unknown>).policy = null;
      }),
    ],
    code: 2,
    says: /T02\.json/,
  },
  {
    id: 'T03',
    area: 'plans',
    what: 'after_sensitive.policy true with the policy withheld',
    args: [
      'diff',
      '--plan',
      plan('T03.json', (p) => {
        const c = endpointChange(p).change;
        c.after_sensitive = { policy: true };
        delete (c.after as Record<string, unknown>).policy;
      }),
    ],
    code: 2,
    says: /T03\.json/,
  },
  {
    id: 'T04',
    area: 'plans',
    what: '["forget"] whose before policy Sid holds "<!--" and "@team", diff md',
    args: [
      'diff',
      '--plan',
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
    ],
    code: 0,
    hides: RAW_MD,
  },
  {
    id: 'T05',
    area: 'plans',
    what: '["forget"] whose before policy is not JSON',
    args: [
      'diff',
      '--plan',
      plan('T05.json', (p) => {
        const c = endpointChange(p).change;
        c.actions = ['forget'];
        c.before = { ...(c.after as Record<string, unknown>), policy: `{${project.canary.file}` };
        c.after = null;
      }),
    ],
    code: 2,
    says: /T05\.json/,
  },
  {
    id: 'T06',
    area: 'plans',
    what: 'an action Terraform never writes (["forget","delete"])',
    args: [
      'diff',
      '--plan',
      plan('T06.json', (p) => {
        endpointChange(p).change.actions = ['forget', 'delete'];
      }),
    ],
    code: 2,
    says: /T06\.json/,
  },
  {
    id: 'T07',
    area: 'plans',
    what: 'format_version "99.0"',
    args: [
      'diff',
      '--plan',
      plan('T07.json', (p) => {
        p.format_version = '99.0';
      }),
    ],
    code: 2,
    says: /T07\.json/,
  },
  {
    id: 'T08',
    area: 'plans',
    what: 'resource_changes as an object',
    args: [
      'diff',
      '--plan',
      plan('T08.json', (p) => {
        (p as Record<string, unknown>).resource_changes = { a: 1 };
      }),
    ],
    code: 2,
    says: /T08\.json/,
  },
  {
    id: 'T09',
    area: 'plans',
    what: 'an endpoint change whose address holds U+202E and "<!--", diff md',
    args: [
      'diff',
      '--plan',
      plan('T09.json', (p) => {
        endpointChange(p).address = 'aws_vpc_endpoint_policy.h\u202e<!--@team';
      }),
      '--format',
      'md',
      '--fail-on',
      'none',
    ],
    code: 0,
    hides: RAW_MD,
  },
  {
    id: 'T10',
    area: 'plans',
    what: 'a plan policy that is JSON nested 5,000 deep inside the string',
    args: [
      'diff',
      '--plan',
      plan('T10.json', (p) => {
        (endpointChange(p).change.after as Record<string, unknown>).policy =
          `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
      }),
    ],
    code: 2,
    says: /T10\.json/,
  },

  // ---- CloudFormation: GetAtt, Sub ----
  {
    id: 'C01',
    area: 'templates',
    what: "!GetAtt of another resource type (a bucket's Arn) as the Resource",
    args: [
      'who-can',
      '--endpoint-policy',
      write(
        'C01.json',
        template({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { Resources: undefined }).replace(
          '"Resources":{',
          '"Resources":{"Bucket":{"Type":"AWS::S3::Bucket"},',
        ),
      ),
    ],
    code: 2,
    says: /C01\.json/,
  },
  {
    id: 'C02',
    area: 'templates',
    what: 'Fn::GetAtt with a non-string attribute ({"Ref": "X"})',
    args: [
      'who-can',
      '--endpoint-policy',
      write('C02.json', template({ 'Fn::GetAtt': ['Hub', { Ref: 'AWS::Region' }] })),
    ],
    code: 2,
    says: /C02\.json/,
  },
  {
    id: 'C03',
    area: 'templates',
    what: 'Fn::Sub "${Hub.Id}" inside the endpoint\'s own policy (a cycle)',
    args: [
      'who-can',
      '--endpoint-policy',
      write('C03.json', template({ 'Fn::Sub': 'arn:aws:execute-api:*:*:${Hub.Id}/*' })),
    ],
    code: 2,
    says: /C03\.json.*refers to the resource itself/s,
    // CloudFormation refuses a resource that refers to itself (a circular dependency); who-can bound
    // ${Hub.Id} to the configured endpoint's id and answered (lint refused it: attack run 11 M02).
  },
  {
    id: 'C04',
    area: 'templates',
    what: 'Fn::Sub with 5,000 variables: bounded',
    args: [
      'who-can',
      '--endpoint-policy',
      write('C04.json', template({ 'Fn::Sub': '${AWS::Region}'.repeat(5_000) })),
    ],
    code: 2,
    maxOutput: 5_000,
  },
  {
    id: 'C05',
    area: 'templates',
    what: 'Fn::Join nested 3,000 deep',
    args: [
      'who-can',
      '--endpoint-policy',
      write(
        'C05.json',
        template('__X__').replace('"__X__"', `${'{"Fn::Join":["",['.repeat(3_000)}"*"${']]}'.repeat(3_000)}`),
      ),
    ],
    code: 2,
    says: /C05\.json/,
  },
  {
    id: 'C06',
    area: 'templates',
    what: 'a YAML template with !GetAtt "Hub.Id" in its policy Condition value and a bidi override',
    args: [
      'who-can',
      '--endpoint-policy',
      write(
        'C06.yaml',
        "Resources:\n  Hub:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.us-west-2.execute-api\n      VpcId: vpc-0aa11bb22cc33dd44\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: '*'\n            Condition: { StringEquals: { aws:SourceVpce: !GetAtt \"Hub.Id\u202e\" } }\n",
      ),
    ],
    code: 2,
    says: /C06\.yaml/,
  },
  {
    id: 'C07',
    area: 'templates',
    what: 'two VPC endpoints in one template (which is the hub?)',
    args: [
      'who-can',
      '--endpoint-policy',
      write(
        'C07.json',
        template('*').replace(
          '"Resources":{',
          `"Resources":{"Other":${JSON.stringify(JSON.parse(template('arn:aws:execute-api:*:*:x/*')).Resources.Hub)},`,
        ),
      ),
    ],
    code: 2,

    says: /C07\.json: .*Other and Hub are both execute-api endpoints in vpc-0aa11bb22cc33dd44/,
  },

  // ---- lint, SARIF ----
  {
    id: 'L01',
    area: 'lint',
    what: 'SARIF of a file named "[x](javascript:alert(1)).json": its uri encoded',
    args: [
      'lint',
      '--format',
      'sarif',
      json('[x](javascript:alert(1)).json', ALLOW_ALL),
      '--kind',
      'identity',
      '--fail-on',
      'none',
    ],
    code: 0,
    hides: /\(javascript:alert/,
  },
  {
    id: 'L02',
    area: 'lint',
    what: '--kind given twice',
    args: ['lint', 'hub.json', '--kind', 'endpoint', '--kind', 'identity'],
    code: 2,
    says: /--kind is given twice/,
  },
  {
    id: 'L03',
    area: 'lint',
    what: 'SARIF of a Sid holding "</script>" and U+2028',
    args: [
      'lint',
      '--format',
      'sarif',
      '--fail-on',
      'none',
      policyOf('L03.json', { Sid: '</script>\u2028' }),
    ],
    code: 0,
  },
  {
    id: 'L04',
    area: 'lint',
    what: 'SARIF of a policy of 5,000 statements: bounded',
    args: [
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
    code: 2,
    says: /L04\.json/,
  },
  {
    id: 'L05',
    area: 'lint',
    what: 'lint of an SCP-shaped policy with a service prefix wildcard ("*:Invoke")',
    args: [
      'lint',
      '--kind',
      'identity',
      json('L05.json', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*:Invoke', Resource: '*' }],
      }),
    ],
    code: 1,
  },

  // ---- features and the report ----
  {
    id: 'F01',
    area: 'features',
    what: '"denied by the service control policy" with no SCPs stated: the scenario fails (the call is allowed)',
    args: checkOf('F01', 'the call is denied by the service control policy'),
    code: 1,
  },
  {
    id: 'F02',
    area: 'features',
    what: '"denied by the service control policy" where the resource policy denies: fails',
    args: [
      'check',
      feature(
        'F02.feature',
        '    When "InventoryRole" calls GET /orders on "orders"\n    Then the call is denied by the service control policy\n',
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 1,
  },
  {
    id: 'F03',
    area: 'features',
    what: 'a description with <meta http-equiv="refresh">: the run passes, reports whole',
    args: [
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
    code: 0,
    reports: 'r-f03',
  },
  {
    id: 'F04',
    area: 'features',
    what: 'a scenario name of 500 characters with U+202E and ESC: neutralised',
    args: [
      'check',
      write(
        'F04.feature',
        `Feature: a\n  Scenario: ${'n'.repeat(500)}\u202e\u001b[2J\n${GET_ORDERS}    Then the call is allowed\n`,
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /F04\.feature/,
  },
  {
    id: 'F05',
    area: 'features',
    what: 'a step naming a role "__proto__": an unknown alias',
    args: [
      'check',
      feature(
        'F05.feature',
        '    When "__proto__" calls GET /orders on "orders"\n    Then the call is allowed\n',
      ),
      '--endpoint-policy',
      'hub.json',
    ],
    code: 2,
    says: /__proto__/,
  },
  {
    id: 'F06',
    area: 'features',
    what: 'check --reports given twice',
    args: [
      'check',
      'endpoint.feature',
      '--endpoint-policy',
      'hub.json',
      '--reports',
      'r1',
      '--reports',
      'r2',
    ],
    code: 2,
    says: /--reports is given twice/,
  },

  // ---- command line ----
  {
    id: 'X01',
    area: 'cli',
    what: '--root given twice',
    args: ['lint', 'hub.json', '--root', '.', '--root', '/'],
    code: 2,
    says: /--root is given twice/,
  },
  {
    id: 'X02',
    area: 'cli',
    what: '--config=a --config b (the = form counts)',
    args: ['who-can', '--config=spokegate.config.yaml', '--config', 'spokegate.config.yaml'],
    code: 2,
    says: /--config is given twice/,
  },
  {
    id: 'X03',
    area: 'cli',
    what: 'an option after "--" is an argument, not a second option',
    args: ['lint', '--kind', 'identity', '--', '--kind'],
    code: 2,
    says: /--kind/,
  },
  {
    id: 'X04',
    area: 'cli',
    what: 'call --as given twice',
    args: ['call', 'GET', '/orders', '--api', 'orders', '--as', 'self', '--as', 'anonymous'],
    code: 2,
    says: /--as is given twice/,
  },
  {
    id: 'X05',
    area: 'cli',
    what: 'call --timeout-ms given twice',
    args: [
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
    code: 2,
    says: /--timeout-ms is given twice/,
  },
  {
    id: 'X06',
    area: 'cli',
    what: 'run --mode given twice',
    args: ['run', '--mode', 'offline', '--mode', 'live'],
    code: 2,
    says: /--mode is given twice/,
  },
  {
    id: 'X07',
    area: 'cli',
    what: 'an option name holding ESC',
    args: ['who-can', '--\u001b[31mjson'],
    code: 2,
  },
  {
    id: 'X08',
    area: 'cli',
    what: 'a 100,000-character unknown option: output bounded',
    args: ['who-can', `--${'x'.repeat(100_000)}`],
    code: 2,
    maxOutput: 5_000,
  },
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
