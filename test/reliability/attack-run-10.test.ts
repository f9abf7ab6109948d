// Issue 12, attack run 10: the gaps the ninth run left open (note7), then new hostile inputs, kept
// as a table of probes run through the CLI's main() in this process with canary secrets in the
// environment and in files outside the project, scored as the issue scores an attack run
// (test/reliability/attack-kit.ts). A few probes need a real process or the sandbox's socket: they
// follow the table.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hiddenCharacter } from '../../src/escape/index.js';
import { MAX_BODY_BYTES } from '../../src/sandbox/index.js';
import { ROOT } from '../harness/helpers.js';
import {
  anonymousCall,
  attackProject,
  CHECK,
  demoConfigCopies,
  evaluateArgs,
  evaluateOf,
  formPost,
  LF,
  noEchoSecret,
  policyOfStatements,
  type Probe as AttackProbe,
  probesOf,
  probeTests,
  rawSandbox,
  RES,
  ROLE,
  whoCanOf,
  diffPlan,
  diffOf,
  refusedEnv,
} from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = attackProject('attack10', 'H10');
const { at, write } = project;

const { text: CONFIG, copy: config } = demoConfigCopies(project);

type Plan = {
  format_version: string;
  resource_changes: {
    address: string;
    type: string;
    change: { actions: unknown; after: Record<string, unknown> | null; after_unknown?: unknown };
  }[];
};
function plan(name: string, edit: (p: Plan) => void): string {
  const p = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as Plan;
  edit(p);
  return write(name, JSON.stringify(p));
}
const change = (p: Plan, address: string) => p.resource_changes.find((r) => r.address === address)!.change;

/** The attack runs' one-endpoint template with its endpoint's properties edited. */
function endpointTemplate(name: string, props: Record<string, unknown>, statement: object = {}): string {
  const t = JSON.parse(template('*')) as {
    Resources: { Hub: { Properties: { PolicyDocument: { Statement: object[] } } & Record<string, unknown> } };
  };
  Object.assign(t.Resources.Hub.Properties, props);
  Object.assign(t.Resources.Hub.Properties.PolicyDocument.Statement[0]!, statement);
  return write(name, JSON.stringify(t));
}

const calls = (role: string, path: string, api = 'orders', then = '    Then the call is allowed\n') =>
  `    When "${role}" calls GET ${path} on "${api}"\n${then}`;
/** `check` of a one-scenario feature against the demo's endpoint policy. */
const checkFeature = (id: string, body: string, ...more: string[]) =>
  CHECK(...more).map((a) => (a === 'endpoint.feature' ? project.feature(`${id}.feature`, body) : a));
/** A JSON policy file: the demo's allow-all statement with `stmt` merged in. */
const policyFile = (name: string, stmt: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  write(
    name,
    JSON.stringify({
      Version: '2012-10-17',
      ...extra,
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...stmt }],
    }),
  );
const evalFile = (file: string, ...more: string[]) => evaluateArgs(file, ROLE, RES, ...more);
/** A template whose one endpoint's policy Resource is a Fn::Sub of `sub`, with `params`. */
const subTemplate = (name: string, sub: unknown, params: Record<string, unknown> = {}) =>
  write(name, template({ 'Fn::Sub': sub }, { Parameters: params }));
// A hard link in the project to the secret file outside it (same file system): a file with two
// names, never quoted (docs/limits.md).
linkSync(join(project.outside, 'secret.txt'), at('linked-secret.json'));
spawnSync('mkfifo', [at('fifo-r')]);
mkdirSync(join(project.outside, 'reports-target'));
symlinkSync(join(project.outside, 'reports-target'), at('out-link'));

const EVAL = (over: { action?: string; resource?: string; principal?: string }, ...more: string[]) =>
  evaluateOf(
    {
      policy: 'hub.json',
      principal: over.principal ?? ROLE,
      action: over.action,
      resource: over.resource ?? RES,
    },
    ...more,
  );

type Probe = AttackProbe<
  'gap' | 'cli' | 'env' | 'config' | 'world' | 'features' | 'policies' | 'plans' | 'templates' | 'reports'
>;

const PROBES: Probe[] = [
  // ---- the ninth run's open gaps (note7, issue 12) ----
  ...probesOf('gap', [
    [
      'G01',
      'lint of a plan whose API policy is known only after apply (lint was silent, exit 0)',
      ['lint', 'plan.json'],
      {
        code: 1,
        shows:
          /error SG030: aws_api_gateway_rest_api_policy\.reports: the resource policy is known only after apply/,
      },
    ],
    [
      'G02',
      'lint --format sarif of a plan whose only policy is known only after apply (exit 2 before)',
      [
        'lint',
        plan('G02.json', (p) => {
          p.resource_changes = p.resource_changes.filter(
            (r) => r.address === 'aws_api_gateway_rest_api_policy.reports',
          );
        }),
        '--format',
        'sarif',
      ],
      { code: 1, shows: /"ruleId": "SG030"/ },
    ],
    [
      'G03',
      'a plan of format_version "2.0" (a major version spokegate does not know was read as 1.x)',
      diffPlan(plan('G03.json', (p) => (p.format_version = '2.0'))),
      /G03\.json: format_version: .*"2\.0".*1\.x/,
    ],
    [
      'G04',
      'a resource change whose actions are unknown to Terraform ("explode")',
      diffPlan(plan('G04.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').actions = ['explode']))),
      /G04\.json: resource_changes\[\d+\]\.change\.actions: .*"explode"/,
    ],
    [
      'G05',
      'a resource change whose actions are not a list',
      ['lint', plan('G05.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').actions = 'update'))],
      /G05\.json: resource_changes\[\d+\]\.change\.actions: /,
    ],
    [
      'G06',
      'a config stating stages [prod, prod]',
      CHECK('--config', config('G06.yaml', 'stages: [prod]', 'stages: [prod, prod]')),
      /G06\.yaml: .*apis\.orders\.stages\.1: "prod" is listed twice/,
    ],
    [
      'G07',
      'a dynamic reference as an endpoint\'s ServiceName (the endpoint was dropped; with examples/spokegate.config.yaml diff exited 0 over a policy opened to "*")',
      diffOf(
        'hub.json',
        endpointTemplate('G07.json', { ServiceName: '{{resolve:ssm:/net/endpoint-service}}' }),
      ),
      /G07\.json: .*ServiceName: .*dynamic reference.*at deploy/,
    ],
    // As with a VpcId that is a Ref known only at deploy: the template's one endpoint is the hub.
    // (Its policy named the endpoint itself, `Ref Hub`, until e683639 made that circular dependency,
    // which CloudFormation refuses, exit 2; exit 1 says the policy was judged as the hub's.)
    [
      'G08',
      'a dynamic reference as the endpoint\'s VpcId (taken as a VPC id: the endpoint was then "neither")',
      CHECK().map((a) =>
        a === 'hub.json'
          ? endpointTemplate(
              'G08.json',
              { VpcId: '{{resolve:ssm:/net/hub-vpc}}' },
              { Principal: { AWS: ROLE } },
            )
          : a,
      ),
      1,
    ],
    [
      'G09',
      'evaluate --action of 20,000 characters (was answered)',
      EVAL({ action: `execute-api:${'I'.repeat(20_000)}` }),
      /--action: .*20,012 characters.*128/,
    ],
    [
      'G10',
      'evaluate --resource of 20,000 characters',
      EVAL({ resource: `${RES}/${'a'.repeat(20_000)}` }),
      /--resource: .*2,048/,
    ],
    [
      'G11',
      'evaluate --context with a key of 300 characters',
      EVAL({}, '--context', `aws:${'k'.repeat(296)}=1`),
      /--context: .*256/,
    ],
  ]),

  // ---- command line ----
  ...probesOf('cli', [
    ['A01', 'diff --format xml', diffPlan('plan.json', '--format', 'xml'), /--format/],
    [
      'A02',
      'diff with --plan and --before together',
      diffPlan('plan.json', '--before', 'hub.json', '--after', 'hub.json'),
      2,
    ],
    ['A03', 'diff --before without --after', ['diff', '--before', 'hub.json'], 2],
    [
      'A04',
      'who-can --method with a line feed',
      whoCanOf('hub.json', '--api', 'orders', '--method', `GET${LF}`),
      2,
    ],
    [
      'A05',
      'who-can --api of 5,000 characters: quoted short',
      whoCanOf('hub.json', '--api', 'o'.repeat(5_000)),
      /unknown API alias "o{10,80}…"/,
    ],
    [
      'A06',
      'who-can --api "constructor" (a name every JavaScript object has)',
      whoCanOf('hub.json', '--api', 'constructor'),
      /unknown API alias "constructor"/,
    ],
    [
      'A07',
      'who-can --endpoint "toString"',
      whoCanOf('hub.json', '--api', 'orders', '--endpoint', 'toString'),
      /unknown endpoint alias "toString"/,
    ],
    [
      'A08',
      'evaluate --principal of 3,000 characters',
      EVAL({ principal: `arn:aws:iam::111111111111:role/${'R'.repeat(3_000)}` }),
      { code: 2, says: /principal "arn:aws:iam::111111111111:role\/R+…?"/, maxOutput: 2_000 },
    ],
    ['A09', 'evaluate --auth-type in lower case', EVAL({}, '--auth-type', 'none'), 0],
    [
      'A10',
      'evaluate --context value with a bidi override',
      EVAL({}, '--context', 'aws:PrincipalTag/team=a\u202eb'),
      /--context/,
    ],
    ['A11', 'evaluate --context key with a line feed', EVAL({}, '--context', `aws:x${LF}=1`), 2],
    ['A12', 'evaluate --policy beside --endpoint-policy', EVAL({}, '--endpoint-policy', 'hub.json'), 2],
    ['A13', 'lint --fail-on bogus', ['lint', 'hub.json', '--fail-on', 'bogus'], 2],
    ['A14', 'lint --kind trust on a plan', ['lint', 'plan.json', '--kind', 'trust'], 2],
    ['A15', 'check --concurrency 0', CHECK('--concurrency', '0'), 2],
    ['A16', 'run --mode bogus', ['run', 'endpoint.feature', '--mode', 'bogus'], 2],
    ['A17', '--root naming a file', CHECK('--root', 'hub.json'), 2],
    [
      'A18',
      'evaluate --policy /proc/self/environ with --allow-outside-root: never quoted',
      [...evalFile('/proc/self/environ'), '--allow-outside-root'],
      2,
    ],
    [
      'A19',
      'lint /proc/self/environ with --allow-outside-root: the finding quotes nothing',
      ['lint', '/proc/self/environ', '--allow-outside-root'],
      2,
    ],
    [
      'A20',
      'lint of a hard link to the secret file (two names: never quoted)',
      ['lint', 'linked-secret.json'],
      2,
    ],
    ['A21', 'evaluate --policy of a hard link to the secret file', evalFile('linked-secret.json'), 2],
    ['A22', 'diff --after a hard link to the secret file', diffOf('hub.json', 'linked-secret.json'), 2],
    ['A23', 'evaluate --resource "*"', EVAL({ resource: '*' }), 1],
    ['A24', 'evaluate --action without a service ("Invoke")', EVAL({ action: 'Invoke' }), /--action/],
    ['A25', 'an unknown command holding an ANSI escape', ['\u001b[2Jcheck'], 2],
    ['A26', 'an unknown option holding a line feed', ['check', `--bogus${LF}`], 2],
  ]),

  // ---- environment ----
  ...probesOf('env', [
    [
      'E01',
      'AWS_SHARED_CREDENTIALS_FILE naming the secret file (offline check reads no credentials)',
      CHECK('--reports', 'r-e01'),
      {
        env: { AWS_SHARED_CREDENTIALS_FILE: join(project.outside, 'secret.txt') },
        code: 0,
        reports: 'r-e01',
      },
    ],
    [
      'E02',
      'AWS_CONFIG_FILE naming the secret file',
      CHECK(),
      { env: { AWS_CONFIG_FILE: join(project.outside, 'secret.txt') }, code: 0 },
    ],
    [
      'E03',
      'LANG=tr_TR.UTF-8 (a locale whose i/I differ)',
      CHECK(),
      { env: { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, code: 0 },
    ],
    ['E04', 'TZ holding a line feed', CHECK(), { env: { TZ: `UTC${LF}` }, code: 0 }],
    [
      'E05',
      'SPOKEGATE_CONNECT_TO with a bidi override',
      ['run', 'endpoint.feature', '--mode', 'live', '--reports', 'r-e05'],
      { env: { SPOKEGATE_CONNECT_TO: '::127.0.0.1:\u202e443' }, code: 2, reports: 'r-e05' },
    ],
    [
      'E06',
      'AWS_REGION with a bidi override (call)',
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod'),
      refusedEnv('AWS_REGION', 'us-west-2\u202e'),
    ],
    [
      'E07',
      'SPOKEGATE_DEBUG=1 with a policy naming a prototype key',
      evalFile(policyFile('E07.json', { Condition: { StringEquals: { __proto__: 'x' } } })),
      { env: { SPOKEGATE_DEBUG: '1' }, code: 2 },
    ],
    [
      'E08',
      'NODE_OPTIONS holding a secret (never printed)',
      CHECK('--tags', `(@a${LF}`),
      { env: { NODE_OPTIONS: `--title=${project.secrets[0]}` }, code: 2 },
    ],
  ]),

  // ---- config ----
  ...probesOf('config', [
    [
      'C01',
      'a role alias "constructor" (defined): an ordinary role',
      checkFeature(
        'C01',
        calls('constructor', '/orders', 'orders', '    Then the call is denied by the endpoint policy\n'),
        '--config',
        config('C01.yaml', 'BatchRole:', 'constructor:'),
      ),
      0,
    ],
    [
      'C02',
      'an API alias "toString" (defined)',
      [
        'who-can',
        '--config',
        config('C02.yaml', /^ {2}legacy:/m, '  toString:'),
        '--endpoint-policy',
        'hub.json',
        '--api',
        'toString',
      ],
      0,
    ],
    [
      'C03',
      'an endpoint id in capitals',
      CHECK('--config', config('C03.yaml', 'id: vpce-0123456789abcdef0', 'id: VPCE-0123456789ABCDEF0')),
      /endpoints\.hub\.id/,
    ],
    [
      'C04',
      'defaults.concurrency 1e9',
      CHECK('--config', config('C04.yaml', 'concurrency: 16', 'concurrency: 1e9')),
      /concurrency/,
    ],
    [
      'C05',
      'defaults.timeoutMs -1',
      CHECK('--config', config('C05.yaml', 'timeoutMs: 10000', 'timeoutMs: -1')),
      /timeoutMs/,
    ],
    [
      'C06',
      'region in capitals',
      CHECK('--config', config('C06.yaml', /^region: us-west-2/m, 'region: US-WEST-2')),
      /region/,
    ],
    [
      'C07',
      'an account id of 13 digits in the organization',
      CHECK('--config', config('C07.yaml', "accounts: ['111111111111',", "accounts: ['1111111111111',")),
      2,
    ],
    [
      'C08',
      'sandbox.world outside the project',
      [
        'run',
        'endpoint.feature',
        '--config',
        config('C08.yaml', 'world: world.yaml', 'world: ../outside/secret.txt'),
      ],
      2,
    ],
    [
      'C09',
      'a role tag value holding a zero-width space',
      CHECK('--config', config('C09.yaml', 'team: analytics', 'team: "analy\u200btics"')),
      2,
    ],
    [
      'C10',
      'a YAML merge key building a role',
      CHECK(
        '--config',
        config('C10.yaml', /^ {2}BatchRole: (\{.*\})$/m, '  Base: &b $1\n  BatchRole: { <<: *b }'),
      ),
      2,
    ],
    [
      'C11',
      'vpcEndpointIds listing the hub twice',
      CHECK(
        '--config',
        config(
          'C11.yaml',
          'vpcEndpointIds: [vpce-0123456789abcdef0]\n    noneRoutes',
          'vpcEndpointIds: [vpce-0123456789abcdef0, vpce-0123456789abcdef0]\n    noneRoutes',
        ),
      ),
      /listed twice/,
    ],
    [
      'C12',
      'a config with a UTF-8 BOM and CR LF line ends',
      CHECK('--config', write('C12.yaml', `\ufeff${CONFIG.replace(/\n/g, '\r\n')}`)),
      0,
    ],
    [
      'C13',
      'a config that is a YAML multi-document stream',
      CHECK('--config', write('C13.yaml', `${CONFIG}\n---\nregion: eu-west-1\n`)),
      2,
    ],
    [
      'C14',
      'a probe of 10,000 characters',
      diffPlan(
        'plan.json',
        '--config',
        config('C14.yaml', "probes: ['GET /']", `probes: ['GET /${'p'.repeat(10_000)}']`),
      ),
      2,
    ],
  ]),

  // ---- features ----
  ...probesOf('features', [
    [
      'F01',
      'a role alias "constructor" (not in the config)',
      checkFeature('F01', calls('constructor', '/orders')),
      /unknown role alias "constructor"/,
    ],
    [
      'F02',
      'an API alias "toString"',
      checkFeature('F02', calls('CheckoutRole', '/orders', 'toString')),
      /unknown API alias "toString"/,
    ],
    [
      'F03',
      'an endpoint alias "hasOwnProperty"',
      checkFeature(
        'F03',
        '    When "CheckoutRole" calls GET /orders on "orders" through "hasOwnProperty"\n    Then the call is allowed\n',
      ),
      /unknown endpoint alias "hasOwnProperty"/,
    ],
    [
      'F04',
      'a role alias "__proto__"',
      checkFeature('F04', calls('__proto__', '/orders')),
      /unknown role alias "__proto__"/,
    ],
    [
      'F05',
      'an Outline row naming the role "valueOf"',
      CHECK().map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F05.feature',
              'Feature: a\n  Scenario Outline: b\n    When "<r>" calls GET /orders on "orders"\n    Then the call is allowed\n    Examples:\n      | r |\n      | valueOf |\n',
            )
          : a,
      ),
      /unknown role alias "valueOf"/,
    ],
    ['F06', 'a path with a double slash', checkFeature('F06', calls('CheckoutRole', '//orders')), 0],
    [
      'F07',
      'a method in lower case',
      checkFeature(
        'F07',
        '    When "CheckoutRole" calls get /orders on "orders"\n    Then the call is allowed\n',
      ),
      2,
    ],
    [
      'F08',
      'an endpoint alias with a trailing space',
      checkFeature(
        'F08',
        '    When "CheckoutRole" calls GET /orders on "orders" through "hub "\n    Then the call is allowed\n',
      ),
      2,
    ],
    [
      'F09',
      'a path holding a no-break space',
      checkFeature('F09', calls('CheckoutRole', '/orders\u00a0')),
      2,
    ],
    [
      'F10',
      'a policy "read from" policies/../../outside',
      checkFeature(
        'F10',
        '    Given the endpoint policy of "hub" is read from "policies/../../outside/policy.json"\n' +
          calls('CheckoutRole', '/orders'),
      ),
      2,
    ],
    [
      'F11',
      'a policy "read from" a hard link to the secret file',
      checkFeature(
        'F11',
        '    Given the endpoint policy of "hub" is read from "linked-secret.json"\n' +
          calls('CheckoutRole', '/orders'),
        '--reports',
        'r-f11',
      ),
      { code: 2, reports: 'r-f11' },
    ],
    [
      'F12',
      'a policy "read from" %2e%2e/outside',
      checkFeature(
        'F12',
        '    Given the endpoint policy of "hub" is read from "%2e%2e/outside/policy.json"\n' +
          calls('CheckoutRole', '/orders'),
      ),
      2,
    ],
    [
      'F13',
      'a scenario name of 10,000 characters: reports whole',
      CHECK('--reports', 'r-f13').map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F13.feature',
              `Feature: a\n  Scenario: ${'n'.repeat(10_000)}\n${calls('CheckoutRole', '/orders')}`,
            )
          : a,
      ),
      { code: 0, reports: 'r-f13' },
    ],
    [
      'F14',
      'a scenario name closing a script tag: the HTML report escapes it',
      CHECK('--reports', 'r-f14').map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F14.feature',
              `Feature: a\n  Scenario: x</script><script>alert(1)</script>\n${calls('CheckoutRole', '/orders')}`,
            )
          : a,
      ),
      { code: 0, reports: 'r-f14', hides: /<script>alert\(1\)/ },
    ],
    [
      'F15',
      'a scenario name with "@team" and "#1" and "<!--": the Markdown report escapes them',
      CHECK('--reports', 'r-f15', '--format', 'md').map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F15.feature',
              `Feature: a\n  Scenario: ping @team about #1 <!--\n${calls('CheckoutRole', '/orders')}`,
            )
          : a,
      ),
      { code: 0, reports: 'r-f15', hides: /(?<!&#64;)@team|<!--/, hidesIn: /\.md$/ },
    ],
    [
      'F16',
      'a feature in Arabic (# language: ar): right-to-left text, no control',
      CHECK().map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F16.feature',
              '# language: ar\nخاصية: أ\n  سيناريو: ب\n    عندما "CheckoutRole" calls GET /orders on "orders"\n',
            )
          : a,
      ),
      0,
    ],
    [
      'F17',
      'a tag holding a line feed is impossible; a tag of 5,000 characters',
      CHECK().map((a) =>
        a === 'endpoint.feature'
          ? write(
              'F17.feature',
              `Feature: a\n  @${'t'.repeat(5_000)}\n  Scenario: b\n${calls('CheckoutRole', '/orders')}`,
            )
          : a,
      ),
      0,
    ],
    [
      'F18',
      'a feature that is a hard link to the secret file',
      CHECK().map((a) => (a === 'endpoint.feature' ? 'linked-secret.json' : a)),
      2,
    ],
    [
      'F19',
      'an access matrix row naming "constructor"',
      checkFeature(
        'F19',
        '    Then the access matrix for GET /orders through "hub" is:\n      | role        | orders |\n      | constructor | allow  |\n',
      ),
      /constructor/,
    ],
  ]),

  // ---- policies ----
  ...probesOf('policies', [
    [
      'P01',
      'Version with a trailing space',
      evalFile(
        write(
          'P01.json',
          JSON.stringify({
            Version: '2012-10-17 ',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
          }),
        ),
      ),
      2,
    ],
    [
      'P02',
      'a policy of 2,000 statements (over 20,480 characters) as an endpoint policy',
      CHECK().map((a) =>
        a === 'hub.json' ? write('P02.json', JSON.stringify(policyOfStatements(2_000))) : a,
      ),
      /limit is 128 KiB/,
    ],
    [
      'P03',
      'a Sid of 100,000 characters in a resource policy: lint output bounded',
      ['lint', policyFile('P03.json', { Sid: 'S'.repeat(100_000) }), '--kind', 'resource'],
      { code: 0, maxOutput: 20_000 },
    ],
    ['P04', 'a Sid holding an escaped NUL', ['lint', policyFile('P04.json', { Sid: 'a\u0000b' })], 0],
    [
      'P05',
      'a Principal ARN holding an escaped bidi override',
      evalFile(
        policyFile('P05.json', { Principal: { AWS: 'arn:aws:iam::111111111111:role/Check\u202eoutRole' } }),
      ),
      2,
    ],
    [
      'P06',
      'an Action holding an escaped ANSI escape: shown escaped',
      evalFile(policyFile('P06.json', { Action: 'execute-api:\u001b[31mInvoke' })),
      2,
    ],
    [
      'P07',
      'a condition key "aws:PrincipalTag/<!--" in diff --format md',
      diffOf(
        'hub.json',
        policyFile('P07.json', { Condition: { StringEquals: { 'aws:PrincipalTag/<!--': '|x|' } } }),
        '--format',
        'md',
      ),
      { code: 1, hides: /<!--/ },
    ],
    [
      'P08',
      'a YAML policy with a !!js/function tag',
      evalFile(
        write(
          'P08.yaml',
          'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: "*"\n    Action: !!js/function "function () { return 1 }"\n    Resource: "*"\n',
        ),
      ),
      2,
    ],
    [
      'P09',
      'a YAML policy of two documents',
      evalFile(write('P09.yaml', 'Version: "2012-10-17"\nStatement: []\n---\nVersion: "2012-10-17"\n')),
      2,
    ],
    ['P10', 'Effect a number', evalFile(policyFile('P10.json', { Effect: 1 })), 2],
    [
      'P11',
      'a policy in UTF-16 with its BOM',
      evalFile(
        write(
          'P11.json',
          Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'utf16le'),
          ]),
        ),
      ),
      2,
    ],
    [
      'P12',
      'a statement object instead of a list (AWS accepts one)',
      evalFile(
        write(
          'P12.json',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
          }),
        ),
      ),
      0,
    ],
    [
      'P13',
      'a condition operator "__proto__"',
      evalFile(
        write(
          'P13.json',
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"__proto__":{"aws:x":"1"}}}]}',
        ),
      ),
      2,
    ],
    [
      'P14',
      'a condition key "constructor"',
      evalFile(policyFile('P14.json', { Condition: { StringEquals: { constructor: 'x' } } })),
      1,
    ],
    [
      'P15',
      'a Principal {"constructor": "x"}',
      evalFile(policyFile('P15.json', { Principal: { constructor: 'x' } })),
      2,
    ],
    [
      'P16',
      'a policy that is the JSON string of a policy',
      evalFile(write('P16.json', JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [] })))),
      2,
    ],
  ]),

  // ---- plans ----
  ...probesOf('plans', [
    [
      'T01',
      '["delete"] with an after object on an endpoint policy',
      diffPlan(plan('T01.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').actions = ['delete']))),
      /actions: .*"delete".*does not agree/,
    ],
    // Exit 0: the example plan's one other change (orders' resource policy dropping PaymentsRole) only
    // revokes; its NONE-route class unknown before and after is access that may be lost, compared
    // reading by reading (was exit 1 from 82c734e on: every such class read as may be new).
    [
      'T02',
      '["forget"] on an endpoint policy (it stays in AWS): read as its policy before (attack run 11; was exit 2)',
      diffPlan(
        plan('T02.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub');
          c.actions = ['forget'];
          c.after = null;
        }),
      ),
      {
        code: 0,
        shows:
          /aws_vpc_endpoint_policy\.hub is removed from the Terraform state but stays in AWS: its policy stays as it is/,
      },
    ],
    [
      'T03',
      '["update"] with after null on an endpoint policy',
      diffPlan(plan('T03.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').after = null))),
      /does not agree/,
    ],
    [
      'T04',
      'format_version a number',
      diffPlan(plan('T04.json', (p) => ((p as { format_version: unknown }).format_version = 1.2))),
      /format_version/,
    ],
    [
      'T05',
      'format_version "1.2" and a line feed',
      ['lint', plan('T05.json', (p) => (p.format_version = `1.2${LF}`))],
      /format_version/,
    ],
    [
      'T06',
      'after_unknown true (the whole object unknown) on an endpoint policy',
      diffPlan(plan('T06.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').after_unknown = true))),
      /after_unknown/,
    ],
    [
      'T07',
      'after_unknown.policy "yes" (not a boolean)',
      diffPlan(
        plan('T07.json', (p) => (change(p, 'aws_vpc_endpoint_policy.hub').after_unknown = { policy: 'yes' })),
      ),
      /after_unknown/,
    ],
    [
      'T08',
      'an address of 10,000 characters: output bounded',
      [
        'lint',
        plan(
          'T08.json',
          (p) =>
            (p.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!.address =
              `aws_vpc_endpoint_policy.${'h'.repeat(10_000)}`),
        ),
      ],
      { code: 2, maxOutput: 20_000 },
    ],
    [
      'T09',
      'configuration nested 150 modules deep',
      diffPlan(
        plan('T09.json', (p) => {
          let m: Record<string, unknown> = {};
          const top = m;
          for (let i = 0; i < 150; i++) {
            const next = {};
            m.module_calls = { m: { module: next } };
            m = next;
          }
          (p as unknown as Record<string, unknown>).configuration = { root_module: top };
        }),
      ),
      /deep|nest/,
    ],
    [
      'T10',
      'a policy string holding a JSON string (double-encoded)',
      diffPlan(
        plan('T10.json', (p) => {
          const c = change(p, 'aws_vpc_endpoint_policy.hub');
          c.after!.policy = JSON.stringify(c.after!.policy);
        }),
      ),
      2,
    ],
    [
      'T11',
      'a vpc_endpoint_id holding an ANSI escape',
      diffPlan(
        plan(
          'T11.json',
          (p) => (change(p, 'aws_vpc_endpoint_policy.hub').after!.vpc_endpoint_id = 'vpce-\u001b[31m0123'),
        ),
      ),
      1,
    ],
    [
      'T12',
      'resource_changes of 100,000 unrelated no-op resources',
      [
        'lint',
        plan('T12.json', (p) => {
          for (let i = 0; i < 100_000; i++)
            p.resource_changes.push({
              address: `null_resource.n${i}`,
              type: 'null_resource',
              change: { actions: ['no-op'], after: {} },
            });
        }),
      ],
      1,
    ],
    [
      'T13',
      'a resource type "__proto__"',
      [
        'lint',
        plan('T13.json', (p) =>
          p.resource_changes.push({
            address: '__proto__.x',
            type: '__proto__',
            change: { actions: ['create'], after: { policy: '{}' } },
          }),
        ),
      ],
      1,
    ],
  ]),

  // ---- templates ----
  ...probesOf('templates', [
    [
      'M01',
      'a NoEcho parameter (a secret Default) in a condition of the endpoint',
      [
        'lint',
        write(
          'M01.json',
          JSON.stringify({
            ...JSON.parse(template('*', { Parameters: noEchoSecret(project) })),
            Conditions: { On: { 'Fn::Equals': [{ Ref: 'Secret' }, 'x'] } },
          }).replace('"Type":"AWS::EC2::VPCEndpoint"', '"Type":"AWS::EC2::VPCEndpoint","Condition":"On"'),
        ),
      ],
      /NoEcho/,
    ],
    [
      'M02',
      'a NoEcho parameter in Fn::Sub of a Resource',
      ['lint', subTemplate('M02.json', 'arn:aws:execute-api:us-west-2:${Secret}:*', noEchoSecret(project))],
      /NoEcho/,
    ],
    [
      'M03',
      'a NoEcho parameter as the ServiceName',
      [
        'lint',
        write(
          'M03.json',
          JSON.stringify({ ...JSON.parse(template('*')), Parameters: noEchoSecret(project) }).replace(
            '"ServiceName":"com.amazonaws.us-west-2.execute-api"',
            '"ServiceName":{"Ref":"Secret"}',
          ),
        ),
      ],
      /NoEcho/,
    ],
    [
      'M04',
      'a NoEcho parameter as the VpcId, bound by the config',
      CHECK().map((a) =>
        a === 'hub.json'
          ? write(
              'M04.json',
              JSON.stringify({ ...JSON.parse(template('*')), Parameters: noEchoSecret(project) }).replace(
                '"VpcId":"vpc-0aa11bb22cc33dd44"',
                '"VpcId":{"Ref":"Secret"}',
              ),
            )
          : a,
      ),
      1,
    ],
    [
      'M05',
      'a dynamic reference built by Fn::Join in the policy',
      ['lint', write('M05.json', template({ 'Fn::Join': ['', ['{{resolve:', 'ssm:/x}}']] }))],
      /dynamic reference/,
    ],
    [
      'M06',
      'a dynamic reference built by Fn::Join in the ServiceName',
      [
        'lint',
        endpointTemplate('M06.json', { ServiceName: { 'Fn::Join': ['', ['{{resolve:', 'ssm:/svc}}']] } }),
      ],
      /ServiceName: .*dynamic reference/,
    ],
    [
      'M07',
      'a ServiceName that is a list',
      ['lint', endpointTemplate('M07.json', { ServiceName: ['com.amazonaws.us-west-2.execute-api'] })],
      /ServiceName/,
    ],
    [
      'M08',
      'Fn::FindInMap of a map named "constructor"',
      [
        'lint',
        write(
          'M08.json',
          template(
            { 'Fn::FindInMap': ['constructor', 'name', 'length'] },
            { Mappings: { M: { a: { b: '*' } } } },
          ),
        ),
      ],
      2,
    ],
    [
      'M09',
      'Fn::FindInMap of a key "toString"',
      [
        'lint',
        write(
          'M09.json',
          template({ 'Fn::FindInMap': ['M', 'toString', 'length'] }, { Mappings: { M: { a: { b: '*' } } } }),
        ),
      ],
      2,
    ],
    [
      'M10',
      'Ref "constructor"',
      ['lint', write('M10.json', template({ Ref: 'constructor' }))],
      /constructor/,
    ],
    [
      'M11',
      'Fn::GetAtt of "hasOwnProperty"',
      ['lint', write('M11.json', template({ 'Fn::GetAtt': ['hasOwnProperty', 'Arn'] }))],
      2,
    ],
    [
      'M12',
      'a condition "valueOf" named but not defined',
      [
        'lint',
        write(
          'M12.json',
          template('*').replace(
            '"Type":"AWS::EC2::VPCEndpoint"',
            '"Type":"AWS::EC2::VPCEndpoint","Condition":"valueOf"',
          ),
        ),
      ],
      2,
    ],
    [
      'M13',
      'Fn::Not of a string',
      [
        'lint',
        write(
          'M13.json',
          JSON.stringify({ ...JSON.parse(template('*')), Conditions: { On: { 'Fn::Not': 'x' } } }).replace(
            '"Type":"AWS::EC2::VPCEndpoint"',
            '"Type":"AWS::EC2::VPCEndpoint","Condition":"On"',
          ),
        ),
      ],
      2,
    ],
    [
      'M14',
      'a Parameters key "__proto__" referenced',
      [
        'lint',
        write(
          'M14.json',
          template({ Ref: '__proto__' }).replace(
            '"AWSTemplateFormatVersion":"2010-09-09"',
            '"AWSTemplateFormatVersion":"2010-09-09","Parameters":{"__proto__":{"Type":"String","Default":"*"}}',
          ),
        ),
      ],
      2,
    ],
    [
      'M15',
      'a Fn::Sub variable map holding a line feed',
      ['lint', subTemplate('M15.json', ['${X}', { X: `*${LF}` }])],
      1,
    ],
    [
      'M16',
      'a logical id of 5,000 characters: output bounded',
      ['lint', write('M16.json', template('*').replace('"Hub":', `"${'H'.repeat(5_000)}":`))],
      { code: 2, maxOutput: 20_000 },
    ],
  ]),

  // ---- reports ----
  ...probesOf('reports', [
    ['R01', '--reports naming a FIFO', CHECK('--reports', 'fifo-r'), 2],
    ['R02', '--reports naming the feature file', CHECK('--reports', 'endpoint.feature'), 2],
    [
      'R03',
      '--reports of 300 characters',
      CHECK('--reports', `r-${'x'.repeat(250)}`),
      { code: 0, reports: `r-${'x'.repeat(250)}` },
    ],
    ['R04', '--reports inside a folder that is a link to outside', CHECK('--reports', 'out-link/r'), 2],
    ['R05', '--reports "~" (no shell: a folder named ~)', CHECK('--reports', '~'), { code: 0, reports: '~' }],
  ]),
];

describe('attack run 10: hostile inputs through main()', () => probeTests(project, PROBES));

describe('attack run 10: the sandbox answers a body it will not read at once', () => {
  const { firstAnswer, exchange } = rawSandbox();
  const POST = 'POST / HTTP/1.1\r\nHost: sts.us-west-2.amazonaws.com\r\n';
  const tooLong = MAX_BODY_BYTES + 1;

  // Before: the sandbox waited for the body until Node's request timeout, then answered 408.
  it('S01 a Content-Length over the body limit: 413 at once, not after the request timeout', async () => {
    const answer = await firstAnswer(`${POST}Content-Length: ${tooLong}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(hiddenCharacter(answer.replace(/\r/g, ''))).toBeUndefined();
  });
  it('S02 Expect: 100-continue with a Content-Length over the limit: 413, never "100 Continue"', async () => {
    const answer = await firstAnswer(`${POST}Expect: 100-continue\r\nContent-Length: ${tooLong}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });
  it('S03 a Content-Length of 99,999,999,999: 413', async () => {
    const answer = await firstAnswer(`${POST}Content-Length: 99999999999\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  const EXECUTE = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
  const REQUESTS: [string, string, number][] = [
    // [name, request, the most characters the answer may have]
    ['S04 100 pipelined requests', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(100), 200_000],
    [
      'S05 AssumeRole with a RoleArn of 100 KB',
      formPost(
        'sts.us-west-2.amazonaws.com',
        `Action=AssumeRole&Version=2011-06-15&RoleSessionName=s&RoleArn=arn:aws:iam::111111111111:role/${'R'.repeat(100_000)}`,
      ),
      10_000,
    ],
    [
      'S06 an execute-api path of 8 KB of %2e%2e/',
      `GET /prod/${'%2e%2e/'.repeat(1_200)} HTTP/1.1\r\nHost: ${EXECUTE}\r\n\r\n`,
      10_000,
    ],
    ['S07 Content-Length -1', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 10_000],
    [
      'S08 two Content-Length values',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      10_000,
    ],
    ['S09 an HTTP/0.9 request', 'GET /\r\n\r\n', 10_000],
    [
      'S10 an Authorization header of 15 KB',
      `GET /prod/orders HTTP/1.1\r\nHost: ${EXECUTE}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=${'A'.repeat(15_000)}/20260101/us-west-2/execute-api/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n`,
      20_000,
    ],
    [
      'S11 EC2 with 5,000 filter values',
      formPost(
        'ec2.us-west-2.amazonaws.com',
        `Action=DescribeVpcEndpoints&Version=2016-11-15&Filter.1.Name=vpc-id${Array.from({ length: 5_000 }, (_, i) => `&Filter.1.Value.${i + 1}=vpc-${i}`).join('')}`,
      ),
      10_000,
    ],
    [
      'S12 Expect: 100-continue, then the body',
      `POST / HTTP/1.1\r\nHost: sts.us-west-2.amazonaws.com\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 15\r\n\r\nAction=Bogus&x=`,
      10_000,
    ],
    [
      'S13 a Host holding a bidi override',
      'GET / HTTP/1.1\r\nHost: sts.us-west-2.amazonaws.com\u202e\r\n\r\n',
      10_000,
    ],
    [
      'S14 a query of one 500 KB parameter name',
      `GET /?${'k'.repeat(500_000)}=1 HTTP/1.1\r\nHost: x\r\n\r\n`,
      10_000,
    ],
  ];
  it.each(REQUESTS)('%s: answered, short, no raw control echoed', async (_name, request, most) => {
    const answer = await exchange(request);
    expect(answer).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
    expect(answer.length).toBeLessThan(most);
    expect(hiddenCharacter(answer.replace(/\r/g, ''))).toBeUndefined();
    // Pipelined requests: each answered (an answer's body ends where the next status line begins,
    // so status lines are counted anywhere, not at line starts: attack run 11).
    if (_name.startsWith('S04')) expect(answer.match(/HTTP\/1\.1 \d{3} /g)?.length).toBe(100);
  });
});

describe('attack run 10: the largest plan, in bounded memory', () => {
  // docs/limits.md: a plan may be 32 MiB. Attack run 8 measured `diff --plan` of a 31.6 MiB plan
  // of 2,900 endpoints, each with its own policy, at a 458 MB peak; this keeps that bounded.
  const PEAK_MB = 700;
  it('diff --plan of a plan just under 32 MiB: an answer, peak memory under the stated figure', () => {
    const policy = (i: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [0, 1, 2].map((s) => ({
          Sid: `S${s}`,
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::111111111111:role/R${i}x${s}` },
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/p${i}/${s}/${'x'.repeat(3_000)}`,
        })),
      });
    const id = (i: number) => `vpce-${i.toString(16).padStart(17, '0')}`;
    const changes: object[] = [];
    let size = 0;
    for (let i = 0; size < 31 * 1024 * 1024; i++) {
      // The resource change of `type` e<i> (plan format 1.2), as Terraform writes one.
      const change = (type: string, action: string, before: object, after: object) => ({
        address: `${type}.e${i}`,
        mode: 'managed',
        type,
        name: `e${i}`,
        change: { actions: [action], before, after, after_unknown: {} },
      });
      const endpoint = { id: id(i), service_name: 'com.amazonaws.us-west-2.execute-api', policy: null };
      const ep = change('aws_vpc_endpoint', 'no-op', endpoint, endpoint);
      const pol = change(
        'aws_vpc_endpoint_policy',
        'update',
        { vpc_endpoint_id: id(i), policy: policy(i + 1) },
        { vpc_endpoint_id: id(i), policy: policy(i) },
      );
      size += JSON.stringify(ep).length + JSON.stringify(pol).length;
      changes.push(ep, pol);
    }
    writeFileSync(at('huge-plan.json'), JSON.stringify({ format_version: '1.2', resource_changes: changes }));
    const script = `
      const { main } = await import(${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))});
      let text = '';
      const io = { out: (t) => (text += t.slice(0, 2000) + '\\n'), err: (t) => (text += t.slice(0, 2000) + '\\n'), env: process.env, cwd: process.cwd() };
      const code = await main(['diff', '--plan', 'huge-plan.json', '--format', 'json'], io);
      process.stdout.write(JSON.stringify({ code, text: text.slice(-4000), peakKb: process.resourceUsage().maxRSS }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project.proj,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    const out = JSON.parse(r.stdout) as { code: number; text: string; peakKb: number };
    expect([0, 1], out.text).toContain(out.code);
    expect(out.peakKb / 1024).toBeLessThan(PEAK_MB);
  }, 600_000);
});
