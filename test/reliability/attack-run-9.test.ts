// Issue 12, attack run 9: the probe runner itself, kept in the repository. Each row of PROBES is one
// hostile input a pull request (or the CI job around it) could hand spokegate, run through the CLI's
// main() in this process with canary secrets in the environment and in a file outside the project,
// and scored as the issue scores an attack run: a canary in any output or report, a stack trace or
// "internal error", an exit code other than the one expected (2 for bad input), output a line of
// which the input forged or restyled (a line starting SGFORGED, a raw escape or bidi control), a
// report set that is not whole. A handful of probes need a real process (a signal, a closed pipe,
// the process's own environment) or the sandbox's socket: they follow the table.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hiddenCharacter } from '../../src/escape/index.js';
import { runCli } from '../cli-in-process.js';
import { ROOT } from '../harness/helpers.js';
import {
  anonymousCall,
  attackProject,
  CHECK,
  diffOf,
  diffPlan,
  evaluateArgs,
  evaluateOf,
  formPost,
  LF,
  type Probe as AttackProbe,
  probesOf,
  probeTests,
  rawSandbox,
  refusedEnv,
  RES,
  ROLE,
  score,
  STACK,
  whoCanOf,
} from './attack-kit.js';
import { template } from './endpoint-template.js';

// The demo project, with canaries in the environment and in files outside it (attack-kit.ts).
const project = attackProject('attack9', 'H9');
const { proj, outside, at, write, feature, env: ENV, canary: CANARY } = project;

// ---- the project's hostile files ----
const allowAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
};
const policyWith = (stmt: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...stmt }],
  });
const CONFIG = readFileSync(at('spokegate.config.yaml'), 'utf8');
const FEATURE = readFileSync(at('endpoint.feature'), 'utf8');

/** A copy of the demo config with `from` replaced by `to` (which must be there). */
function config(name: string, from: string | RegExp, to: string): string {
  const text = CONFIG.replace(from, to);
  if (text === CONFIG) throw new Error(`${name}: "${String(from)}" is not in the demo config`);
  write(name, text);
  return name;
}
const calls = (path: string, extra = '    Then the call is allowed\n') =>
  `    When "CheckoutRole" calls GET ${path} on "orders"\n${extra}`;

type Plan = {
  format_version: string;
  resource_changes: {
    address: string;
    type: string;
    mode?: string;
    change: { actions: string[]; after: Record<string, unknown> | null; after_unknown?: unknown };
  }[];
};
function plan(name: string, edit: (p: Plan) => void): string {
  const p = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as Plan;
  edit(p);
  write(name, JSON.stringify(p));
  return name;
}
const epPolicy = (p: Plan) => p.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!;

const EVAL = (...more: string[]) => evaluateArgs('hub.json', ROLE, RES, ...more);
const evalPolicy = (file: string) => evaluateArgs(file, ROLE, RES);

type Probe = AttackProbe<
  'cli' | 'env' | 'config' | 'world' | 'features' | 'policies' | 'plans' | 'templates' | 'reports'
>;

/** A features probe: `check` of a feature whose one call names `path`, no route of the API. */
const missingRoute = (id: string, what: string, path: string): Probe => ({
  id,
  area: 'features',
  what,
  args: ['check', feature(`${id}.feature`, calls(path)), '--endpoint-policy', 'hub.json'],
  code: 2,
  says: /does not exist/,
});

/** A reports probe: `check --reports r-ID` into a folder where `name` links to `target` outside. */
const linkedReports = (id: string, what: string, target: string, name: string): Probe => {
  const folder = `r-${id.toLowerCase()}`;
  mkdirSync(at(folder));
  symlinkSync(target, at(folder, name));
  return { id, area: 'reports', what, args: CHECK('--reports', folder), code: 0, reports: folder };
};

/** `diff` from hub.json to `text`, written as the file `name`. */
const diffToWritten = (name: string, text: string) => diffOf('hub.json', (write(name, text), name));

/** `check` with `--tags` of `tags`: refused (exit 2), stderr saying `says`. */
const badTags = (id: string, what: string, tags: string, says: RegExp): Probe => ({
  id,
  area: 'cli',
  what,
  args: CHECK('--tags', tags, '--reports', 'r'),
  code: 2,
  says,
});

const PROBES: Probe[] = [
  // ---- command-line arguments ----
  badTags('A01', '--tags with a line feed (the parse error quoted it: a forged line)', `(@a${LF}`, /--tags/),
  badTags('A02', '--tags with an ANSI escape', '@a \u001b[2J', /--tags/),
  badTags(
    'A03',
    '--tags of 20,000 nested "not" (exit 3: Cucumber overflowed its stack filtering pickles)',
    `${'not '.repeat(20_000)}@a`,
    /--tags: .*limit/,
  ),
  badTags('A04', '--tags of 200,000 characters', `${'@a or '.repeat(33_000)}@b`, /--tags: .*limit/),
  ...probesOf('cli', [
    [
      'A05',
      'a feature named FILE:LINE',
      ['check', 'endpoint.feature:99999', '--endpoint-policy', 'hub.json'],
      /not found/,
    ],
    [
      'A06',
      'a feature given as a glob',
      ['check', '*.feature', '--endpoint-policy', 'hub.json'],
      /not found/,
    ],
    ['A07', '--endpoint-policy "=FILE"', ['check', 'endpoint.feature', '--endpoint-policy', '=hub.json'], 2],
    [
      'A08',
      '--endpoint-policy "hub=" (no file)',
      ['check', 'endpoint.feature', '--endpoint-policy', 'hub='],
      2,
    ],
    ['A09', '--resource-policy "orders=" (no file)', CHECK('--resource-policy', 'orders='), 2],
    [
      'A10',
      '--resource-policy for API "__proto__"',
      CHECK('--resource-policy', '__proto__=hub.json'),
      /unknown API alias "__proto__"/,
    ],
    [
      'A11',
      '--endpoint-policy twice for one endpoint',
      ['check', 'endpoint.feature', '--endpoint-policy', 'hub=hub.json', '--endpoint-policy', 'hub=hub.json'],
      /given twice/,
    ],
    ['A12', '--context without "="', EVAL('--context', 'aws:SourceIp'), /--context/],
    ['A13', '--context "=VALUE"', EVAL('--context', '=x'), /--context/],
    ['A14', '--context with a cut JSON array', EVAL('--context', 'aws:SourceIp=[1,'), /not a JSON array/],
    ['A15', 'who-can --path without "/"', whoCanOf('hub.json', '--path', 'orders'), /--path/],
    [
      'A16',
      'who-can --path with "/../"',
      whoCanOf('hub.json', '--api', 'orders', '--path', '/orders/../health'),
      /does not exist/,
    ],
    [
      'A17',
      'who-can --api with a line feed (the unknown-API error forged a line)',
      whoCanOf('hub.json', '--api', `x${LF}`),
      /unknown API/,
    ],
    [
      'A18',
      'call --api-id with a line feed (forged a line)',
      anonymousCall('--api-id', `a1b2c3d4e5${LF}`, '--stage', 'prod', '--region', 'us-west-2'),
      /--api-id/,
    ],
    [
      'A19',
      'call --stage "../x"',
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', '../x', '--region', 'us-west-2'),
      /--stage/,
    ],
    [
      'A20',
      'call -H with CR LF (header injection)',
      anonymousCall('--api', 'orders', '-H', 'X: a\r\nInjected: b'),
      /-H/,
    ],
    [
      'A21',
      'call -H Host: (another host)',
      anonymousCall('--api', 'orders', '-H', 'Host: evil.example'),
      /sets this header itself/,
    ],
    [
      'A22',
      'call -H Authorization: (a forged signature)',
      ['call', 'GET', '/orders', '--as', 'CheckoutRole', '--api', 'orders', '-H', 'Authorization: x'],
      /sets this header itself/,
    ],
    [
      'A23',
      'call --region with a line feed',
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod', '--region', `us-west-2${LF}`),
      /--region/,
    ],
    ['A24', '--root with a line feed', ['lint', 'hub.json', '--root', `.${LF}`], /--root/],
    [
      'A25',
      '--config naming a file with a line feed',
      ['who-can', '--config', `no${LF}.yaml`, '--endpoint-policy', 'hub.json'],
      /not found/,
    ],
    ['A26', 'diff --fail-on in capitals', diffPlan('plan.json', '--fail-on', 'GRANT'), 2],
    ['A27', 'lint --format SARIF in capitals', ['lint', 'hub.json', '--format', 'SARIF'], 2],
    [
      'A28',
      'run --concurrency "+16"',
      [
        'run',
        'endpoint.feature',
        '--mode',
        'offline',
        '--endpoint-policy',
        'hub.json',
        '--concurrency',
        '+16',
      ],
      /--concurrency/,
    ],
    [
      'A29',
      'call --timeout-ms "1e3"',
      ['call', 'GET', '/', '--as', 'anonymous', '--api', 'orders', '--timeout-ms', '1e3'],
      /--timeout-ms/,
    ],
    [
      'A30',
      "evaluate --action of 20,000 characters: exit 2 over IAM's 128 (attack run 10, G09), no trace",
      evaluateOf({
        policy: 'hub.json',
        principal: ROLE,
        action: `execute-api:${'a'.repeat(20_000)}`,
        resource: RES,
      }),
      /--action: .*128/,
    ],
    [
      'A31',
      "evaluate --resource with 20,000 slashes: exit 2 over IAM's 2,048 (attack run 10, G10), no trace",
      EVAL().map((a) => (a === RES ? `${RES}${'/'.repeat(20_000)}` : a)),
      /--resource: .*2,048/,
    ],
    ['A32', 'lint "-" (stdin is no file)', ['lint', '-'], /not found/],
    ['A33', 'check --config /dev/stdin', CHECK('--config', '/dev/stdin'), /outside the project|device/],
  ]),

  // ---- environment ----
  ...probesOf('env', [
    [
      'E01',
      'AWS_REGION with a line feed (echoed as "--region": a forged line, the wrong source)',
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod'),
      refusedEnv('AWS_REGION', `us-west-2${LF}`),
    ],
    [
      'E02',
      'AWS_DEFAULT_REGION with an ANSI escape',
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod'),
      refusedEnv('AWS_DEFAULT_REGION', 'us-west-2\u001b[31m'),
    ],
    [
      'E03',
      'AWS_ENDPOINT_URL (not http) holding a password (the error quoted it whole)',
      ['run', 'endpoint.feature', '--mode', 'live', '--reports', 'r-e03'],
      {
        env: { AWS_ENDPOINT_URL: `ftp://ci:${CANARY.url}@proxy.example/` },
        code: 2,
        says: /AWS_ENDPOINT_URL|endpoint override/,
      },
    ],
    [
      'E04',
      'AWS_ENDPOINT_URL_STS with a line feed',
      ['run', 'endpoint.feature', '--mode', 'live', '--reports', 'r-e04'],
      { env: { AWS_ENDPOINT_URL_STS: `ftp://x/${LF}` }, code: 2 },
    ],
    [
      'E05',
      'SPOKEGATE_CONNECT_TO with a line feed',
      anonymousCall('--api', 'orders'),
      refusedEnv('SPOKEGATE_CONNECT_TO', `a:1${LF}`),
    ],
    [
      'E06',
      'AWS_CA_BUNDLE naming the secret file outside the project',
      anonymousCall('--api', 'orders'),
      { env: { AWS_CA_BUNDLE: join(outside, 'secret.txt') }, code: 2, says: /no PEM certificate/ },
    ],
    [
      'E07',
      'AWS_CA_BUNDLE=/dev/zero',
      anonymousCall('--api', 'orders'),
      { env: { AWS_CA_BUNDLE: '/dev/zero' }, code: 2, says: /device/ },
    ],
    [
      'E08',
      'AWS_CA_BUNDLE naming a folder',
      anonymousCall('--api', 'orders'),
      { env: { AWS_CA_BUNDLE: outside }, code: 2, says: /folder/ },
    ],
    [
      'E09',
      'SPOKEGATE_DEBUG=1 with bad input: still no stack trace',
      ['lint', 'no-such.json'],
      { env: { SPOKEGATE_DEBUG: '1' }, code: 2, says: /not found/ },
    ],
  ]),

  // ---- config ----
  ...(
    [
      [
        'C01',
        'a role alias "__proto__" (zod dropped it: the role vanished, exit 0)',
        /^ {2}CheckoutRole:/m,
        '  __proto__:',
        /__proto__/,
      ],
      ['C02', 'an API alias "__proto__"', /^ {2}payments:/m, '  __proto__:', /__proto__/],
      ['C03', 'an endpoint alias "__proto__"', /^ {2}hub:/m, '  __proto__:', /__proto__/],
      [
        'C04',
        'an account key "__proto__"',
        "'999999999999': { readerRole",
        '__proto__: { readerRole',
        /__proto__/,
      ],
      [
        'C05',
        'a role tag "__proto__"',
        'tags: { team: analytics }',
        'tags: { __proto__: analytics }',
        /__proto__/,
      ],
    ] as const
  ).map(([id, what, from, to, says]): Probe => ({
    id,
    area: 'config',
    what,
    args: ['who-can', '--config', config(`${id}.yaml`, from, to), '--endpoint-policy', 'hub.json'],
    code: 2,
    says,
  })),
  ...probesOf('config', [
    [
      'C06',
      'an identity policy that is the config itself',
      [
        'who-can',
        '--config',
        config('C06.yaml', 'identityPolicies: [policies/invoke-prod.json]', 'identityPolicies: [C06.yaml]'),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'C07',
      'an identity policy that is a folder',
      [
        'who-can',
        '--config',
        config('C07.yaml', 'identityPolicies: [policies/invoke-prod.json]', 'identityPolicies: [policies/]'),
        '--endpoint-policy',
        'hub.json',
      ],
      /folder/,
    ],
    [
      'C08',
      'an identity policy outside the project',
      [
        'who-can',
        '--config',
        config(
          'C08.yaml',
          'identityPolicies: [policies/invoke-prod.json]',
          'identityPolicies: [../outside/policy.json]',
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /outside the project/,
    ],
    [
      'C09',
      'sandbox.world: /proc/self/environ',
      [
        'run',
        'endpoint.feature',
        '--config',
        config('C09.yaml', 'world: world.yaml', 'world: /proc/self/environ'),
        '--reports',
        'r-c09',
      ],
      /outside the project/,
    ],
    [
      'C10',
      'a key written twice',
      [
        'who-can',
        '--config',
        config('C10.yaml', /^region: us-west-2$/m, 'region: us-west-2\nregion: eu-west-1'),
        '--endpoint-policy',
        'hub.json',
      ],
      /unique/,
    ],
    [
      'C11',
      'a YAML alias of itself',
      [
        'who-can',
        '--config',
        config('C11.yaml', /^region: us-west-2$/m, 'region: us-west-2\nx: &a [*a]'),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'C12',
      'an unquoted account id (a YAML number)',
      [
        'who-can',
        '--config',
        config('C12.yaml', "account: '111111111111'", 'account: 111111111111'),
        '--endpoint-policy',
        'hub.json',
      ],
      /account/,
    ],
    [
      'C13',
      'a region with a trailing space',
      [
        'who-can',
        '--config',
        config('C13.yaml', /^region: us-west-2$/m, "region: 'us-west-2 '"),
        '--endpoint-policy',
        'hub.json',
      ],
      /region/,
    ],
    [
      'C14',
      'a role ARN of 100,000 characters',
      [
        'who-can',
        '--config',
        config('C14.yaml', "role/BatchRole'", `role/${'b'.repeat(100_000)}'`),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'C15',
      'a probe whose path holds "|" and "<!--"',
      [
        'diff',
        '--config',
        config('C15.yaml', "probes: ['GET /']", "probes: ['GET /a|b<!--']"),
        '--plan',
        'plan.json',
        '--format',
        'md',
      ],
      /defaults\.probes/,
    ],
    [
      'C16',
      'a YAML !!binary tag as a role ARN',
      [
        'who-can',
        '--config',
        config('C16.yaml', "arn: 'arn:aws:iam::111111111111:role/BatchRole'", 'arn: !!binary YXJu'),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'C17',
      'a config that is a list',
      ['who-can', '--config', (write('C17.yaml', '- a\n- b\n'), 'C17.yaml'), '--endpoint-policy', 'hub.json'],
      /expected object/,
    ],
  ]),

  // ---- world (through a sandbox run: refused before anything serves) ----
  ...(
    [
      ['W01', 'a world role "__proto__"', /^ {2}CheckoutRole:/m, '  __proto__:'],
      [
        'W02',
        'a world role ARN as !!binary',
        /arn: arn:aws:iam::111111111111:role\/BatchRole/,
        'arn: !!binary YXJu',
      ],
      ['W03', 'a world API id "../x"', /id: a1b2c3d4e5/, "id: '../x'"],
      ['W04', 'a world seed NaN', /^seed: .*$/m, 'seed: .nan'],
    ] as const
  ).map(([id, what, from, to]): Probe => {
    const world = readFileSync(at('world.yaml'), 'utf8');
    const text = world.replace(from, to);
    if (text === world) throw new Error(`${id}: not in the demo world`);
    write(`${id}-world.yaml`, text);
    return {
      id,
      area: 'world',
      what,
      args: [
        'run',
        'endpoint.feature',
        '--config',
        config(`${id}.yaml`, 'world: world.yaml', `world: ${id}-world.yaml`),
        '--reports',
        `r-${id}`,
      ],
      code: 2,
      says: new RegExp(`${id}-world\\.yaml`),
    };
  }),

  // ---- features ----
  ...probesOf('features', [
    [
      'F01',
      'an unknown "# language:"',
      CHECK().map((a) =>
        a === 'endpoint.feature' ? (write('F01.feature', `# language: xx\n${FEATURE}`), 'F01.feature') : a,
      ),
      /Language not supported/,
    ],
    [
      'F02',
      'CR-only line ends',
      [
        'check',
        (write('F02.feature', FEATURE.replace(/\n/g, '\r')), 'F02.feature'),
        '--endpoint-policy',
        'hub.json',
      ],
      /F02\.feature/,
    ],
  ]),
  missingRoute('F03', 'a call to a path with "#fragment"', '/orders#x'),
  missingRoute('F04', 'a call to a path with "/../"', '/orders/../health'),
  missingRoute('F05', 'a call to "%2e%2e"', '/orders/%2e%2e/health'),
  ...probesOf('features', [
    [
      'F06',
      'a policy "read from" ~/.aws/credentials',
      [
        'check',
        feature(
          'F06.feature',
          `    Given the endpoint policy of "hub" is read from "~/.aws/credentials"\n${calls('/orders')}`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /not found/,
    ],
    [
      'F07',
      'a policy "read from" a Rule Background outside the project',
      [
        'check',
        (write(
          'F07.feature',
          'Feature: a\n  Rule: r\n    Background:\n      Given the endpoint policy of "hub" is read from "../outside/policy.json"\n    Scenario: b\n      When "CheckoutRole" calls GET /orders on "orders"\n      Then the call is allowed\n',
        ),
        'F07.feature'),
        '--endpoint-policy',
        'hub.json',
      ],
      /outside the project/,
    ],
    [
      'F08',
      'a policy "read from" a folder',
      [
        'check',
        feature(
          'F08.feature',
          `    Given the endpoint policy of "hub" is read from "policies"\n${calls('/orders')}`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      /folder/,
    ],
    [
      'F09',
      'a step line of 200,000 characters',
      [
        'check',
        feature('F09.feature', `    When "CheckoutRole" calls GET /${'o'.repeat(200_000)} on "orders"\n`),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'F10',
      'a scenario name with U+2028 (a line separator)',
      [
        'check',
        (write(
          'F10.feature',
          'Feature: a\n  Scenario: b\u2028SGFORGED\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n',
        ),
        'F10.feature'),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-f10',
      ],
      /U\+2028/,
    ],
    [
      'F11',
      'a feature that is a link to a folder',
      ['check', (symlinkSync('policies', at('F11.feature')), 'F11.feature'), '--endpoint-policy', 'hub.json'],
      /no \.feature files found|folder/,
    ],
    [
      'F12',
      'an unknown role holding "<!--" and a line feed',
      [
        'check',
        feature('F12.feature', `    When "Check<!--${LF}" calls GET /orders on "orders"\n`),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'F13',
      'an Examples value holding a quote',
      [
        'check',
        (write(
          'F13.feature',
          'Feature: a\n  Scenario Outline: b\n    When "<r>" calls GET /orders on "orders"\n    Then the call is allowed\n    Examples:\n      | r |\n      | Check"outRole |\n',
        ),
        'F13.feature'),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'F14',
      'a feature with a NUL byte',
      [
        'check',
        (write('F14.feature', FEATURE.replace('Scenario:', 'Scenario:\u0000')), 'F14.feature'),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
    [
      'F15',
      'a policy "read from" the last run\'s report',
      [
        'check',
        feature(
          'F15.feature',
          `    Given the endpoint policy of "hub" is read from "reports-old/access-matrix.json"\n${calls('/orders')}`,
        ),
        '--endpoint-policy',
        'hub.json',
      ],
      2,
    ],
  ]),

  // ---- policies ----
  ...(
    [
      ['P01', 'a top-level null', 'null'],
      ['P02', 'UTF-16 with its byte-order mark', Buffer.from('\ufeff{}', 'utf16le')],
      [
        'P03',
        'a key written twice ("Effect" Deny then Allow)',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}',
      ],
      [
        'P04',
        'a number beyond double (1e400)',
        policyWith({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '__N__' } } }).replace(
          '"__N__"',
          '1e400',
        ),
      ],
      [
        'P05',
        'YAML: an account id with a leading zero, unquoted',
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: {AWS: 012345678901}\n    Action: execute-api:Invoke\n    Resource: "*"\n',
      ],
      [
        'P06',
        'YAML: a merge key',
        'Version: "2012-10-17"\nStatement:\n  - <<: {Effect: Allow}\n    Principal: "*"\n    Action: execute-api:Invoke\n    Resource: "*"\n',
      ],
      [
        'P07',
        'YAML: a list as a key',
        'Version: "2012-10-17"\nStatement:\n  - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "*", ? [a, b] : c}\n',
      ],
      ['P08', 'YAML: two documents', 'Version: "2012-10-17"\nStatement: []\n---\nVersion: "2012-10-17"\n'],
      [
        'P09',
        'YAML: .inf as a number',
        'Version: "2012-10-17"\nStatement:\n  - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "*", Condition: {NumericLessThan: {aws:MultiFactorAuthAge: .inf}}}\n',
      ],
      [
        'P10',
        'YAML: Effect !!bool yes',
        'Version: "2012-10-17"\nStatement:\n  - {Effect: !!bool yes, Principal: "*", Action: execute-api:Invoke, Resource: "*"}\n',
      ],
      ['P12', 'JSON text after the policy', `${JSON.stringify(allowAll)} {"x":1}`],
      ['P13', 'Principal and NotPrincipal together', policyWith({ NotPrincipal: { AWS: '*' } })],
      [
        'P14',
        'a condition operator with two set qualifiers',
        policyWith({ Condition: { 'ForAllValues:ForAnyValue:StringEquals': { 'aws:x': 'y' } } }),
      ],
    ] as const
  ).map(([id, what, text]): Probe => {
    const name = `${id}.${typeof text === 'string' && !text.startsWith('{') && text !== 'null' ? 'yaml' : 'json'}`;
    write(name, text);
    return {
      id,
      area: 'policies',
      what,
      args: evalPolicy(name),
      code: 2,
      says: new RegExp(name.replace('.', '\\.')),
    };
  }),
  ...probesOf('policies', [
    [
      'P11',
      'a NUL inside a Resource: denied, shown escaped',
      evalPolicy(
        (write(
          'P11.json',
          policyWith({ Resource: 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/\u0000/*' }),
        ),
        'P11.json'),
      ),
      1,
    ],
    [
      'P15',
      'an endpoint policy of 30,000 characters',
      EVAL('--endpoint-policy', (write('P15.json', policyWith({ Sid: 'S'.repeat(30_000) })), 'P15.json')).map(
        (a) => (a === '--policy' ? '--resource-policy' : a),
      ),
      /20,480/,
    ],
    [
      'P16',
      'an empty Principal list: matches no one (doc-fifth-reading), denied',
      evalPolicy((write('P16.json', policyWith({ Principal: { AWS: [] } })), 'P16.json')),
      1,
    ],
    [
      'P17',
      'a Sid with ANSI, "|", "<!--" and a line feed: evaluate prints it neutralised',
      evalPolicy((write('P17.json', policyWith({ Sid: `A\u001b[8m|<!--${LF}` })), 'P17.json')),
      0,
    ],
  ]),
  ...(
    [
      ['P20', 'diff text', diffOf('hub.json', 'P17.json'), 1],
      ['P21', 'who-can text', whoCanOf('P17.json', '--api', 'orders'), 0],
      ['P22', 'lint text', ['lint', 'P17.json'], 0],
    ] as const
  ).map(([id, what, args, code]): Probe => ({
    id,
    area: 'policies',
    what: `${what} of the Sid with a line feed (it forged 44 lines of diff, 7 of who-can, 2 of lint)`,
    args: [...args],
    code,
  })),
  ...probesOf('policies', [
    ['P18', 'diff of a file against itself', diffOf('hub.json', 'hub.json'), 0],
    [
      'P19',
      'lint --format sarif of a Sid with controls (a raw bidi override in the JSON)',
      [
        'lint',
        (write(
          'P19.json',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'x\u001b[31m\u202e',
                Effect: 'Allow',
                Principal: '*',
                Action: 'execute-api:Invoke',
                Resource: '*',
              },
            ],
          }),
        ),
        'P19.json'),
        '--format',
        'sarif',
      ],
      0,
    ],
  ]),

  // ---- Terraform plans ----
  ...probesOf('plans', [
    [
      'T01',
      'resource_changes an object',
      diffPlan(
        plan('T01.json', (p) => void ((p as unknown as Record<string, unknown>).resource_changes = {})),
      ),
      /resource_changes: must be an array/,
    ],
    [
      'T02',
      'change.after a string',
      diffPlan(plan('T02.json', (p) => void ((epPolicy(p).change as Record<string, unknown>).after = 'x'))),
      /change\.after/,
    ],
    [
      'T03',
      'a policy that is a number',
      diffPlan(plan('T03.json', (p) => void (epPolicy(p).change.after!.policy = 42))),
      /must be a string/,
    ],
    [
      'T04',
      'an endpoint policy marked sensitive',
      diffPlan(
        plan(
          'T04.json',
          (p) => void ((epPolicy(p).change as Record<string, unknown>).after_sensitive = { policy: true }),
        ),
      ),
      /sensitive/,
    ],
    [
      'T05',
      'an endpoint policy known only after apply',
      diffPlan(
        plan(
          'T05.json',
          (p) =>
            void (
              (epPolicy(p).change.after!.policy = null),
              (epPolicy(p).change.after_unknown = { policy: true })
            ),
        ),
      ),
      /known only after apply/,
    ],
    [
      'T06',
      'an address holding a line feed and an ANSI escape',
      diffPlan(
        plan(
          'T06.json',
          (p) => void (epPolicy(p).address = `module.a["x${LF}\u001b[31m"].aws_vpc_endpoint_policy.hub`),
        ),
      ),
      1,
    ],
    [
      'T07',
      'a plan that is a YAML file',
      diffPlan((write('T07.yaml', 'format_version: "1.2"\nresource_changes: []\n'), 'T07.yaml')),
      2,
    ],
    ['T08', 'a plan that is a JSON array', diffPlan((write('T08.json', '[]'), 'T08.json')), 2],
  ]),

  // ---- CloudFormation templates ----
  ...probesOf('templates', [
    [
      'M01',
      'an SSM parameter type: its Default names a parameter, its value is read at deploy (was taken as the value)',
      diffToWritten(
        'M01.json',
        template('*', {
          Parameters: { P: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '999999999999' } },
        }).replace(
          '"Resource":"*"',
          '"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":{"Ref":"P"}}}',
        ),
      ),
      /Ref P.*Systems Manager/,
    ],
    [
      'M02',
      'a {{resolve:ssm:…}} dynamic reference in a condition (was read as the literal text)',
      diffToWritten(
        'M02.json',
        template('*').replace(
          '"Resource":"*"',
          '"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"{{resolve:ssm:/net/allowed-account}}"}}',
        ),
      ),
      /dynamic reference/,
    ],
    [
      'M03',
      'a {{resolve:secretsmanager:…}} reference as a principal',
      [
        'lint',
        (write(
          'M03.json',
          template('*').replace(
            '"Principal":"*"',
            '"Principal":{"AWS":"{{resolve:secretsmanager:partner:SecretString:arn}}"}',
          ),
        ),
        'M03.json'),
      ],
      /dynamic reference/,
    ],
    [
      'M04',
      'two conditions naming each other',
      [
        'lint',
        (write(
          'M04.json',
          JSON.stringify({
            ...JSON.parse(template('*')),
            Conditions: { A: { Condition: 'B' }, B: { Condition: 'A' } },
          }).replace('"Type":"AWS::EC2::VPCEndpoint"', '"Type":"AWS::EC2::VPCEndpoint","Condition":"A"'),
        ),
        'M04.json'),
      ],
      /refers to itself/,
    ],
    [
      'M05',
      'Fn::ImportValue as the policy document',
      [
        'lint',
        (write(
          'M05.json',
          template('*').replace(
            /"PolicyDocument":\{.*\}\}\}\}$/,
            '"PolicyDocument":{"Fn::ImportValue":"shared"}}}}}',
          ),
        ),
        'M05.json'),
      ],
      /ImportValue/,
    ],
    [
      'M06',
      'a YAML template with an unknown tag',
      [
        'lint',
        (write(
          'M06.yaml',
          'Resources:\n  Hub:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      ServiceName: com.amazonaws.us-west-2.execute-api\n      VpcId: vpc-0aa11bb22cc33dd44\n      PolicyDocument: !Frob x\n',
        ),
        'M06.yaml'),
      ],
      2,
    ],
    [
      'M07',
      'Fn::Select past the end',
      ['lint', (write('M07.json', template({ 'Fn::Select': [5, ['a', 'b']] })), 'M07.json')],
      /Fn::Select/,
    ],
    [
      'M08',
      'Fn::Select with index "-1"',
      ['lint', (write('M08.json', template({ 'Fn::Select': ['-1', ['a', 'b']] })), 'M08.json')],
      /Fn::Select/,
    ],
    [
      'M09',
      'Ref AWS::NotificationARNs',
      ['lint', (write('M09.json', template({ Ref: 'AWS::NotificationARNs' })), 'M09.json')],
      /AWS::NotificationARNs/,
    ],
    [
      'M10',
      'Fn::GetAZs (known only in the account)',
      ['lint', (write('M10.json', template({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })), 'M10.json')],
      /GetAZs/,
    ],
  ]),

  // ---- report folders ----
  ...probesOf('reports', [
    [
      'R01',
      '--reports with a line feed (the HTML report line was forged)',
      CHECK('--reports', `r${LF}`),
      /--reports/,
    ],
    ['R02', '--reports with an ANSI escape', CHECK('--reports', 'r\u001b[31m'), /--reports/],
    ['R03', '--reports /dev/null', CHECK('--reports', '/dev/null'), 2],
    ['R04', '--reports naming a policy file', CHECK('--reports', 'hub.json'), 2],
    [
      'R05',
      "a report's name taken by a folder",
      CHECK('--reports', (mkdirSync(at('r-r05', 'access-matrix.json'), { recursive: true }), 'r-r05')),
      /folder is where this report goes/,
    ],
  ]),
  linkedReports(
    'R06',
    'the lock file a link to a file outside',
    join(outside, 'lock-target'),
    '.spokegate.lock',
  ),
  linkedReports('R07', 'a stale staging folder that links outside', outside, '.spokegate-run-0000'),
  linkedReports(
    'R08',
    'a report that links to the secret file outside',
    join(outside, 'secret.txt'),
    'access-matrix.md',
  ),
  ...probesOf('reports', [
    [
      'R09',
      '--reports "." (the project folder itself): refused since attack run 14',
      CHECK('--reports', '.'),
      /--reports.*project folder/,
    ],
  ]),
];

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: proj, env: { ...ENV, ...env } });

describe('attack run 9: hostile inputs through main()', () => {
  beforeAll(async () => {
    // A last run's reports, for the feature that reads one as a policy (F15).
    await cli(CHECK('--reports', 'reports-old'));
  });

  probeTests(project, PROBES);

  it('R06/R07/R08: nothing outside the project was written or removed', () => {
    expect(readdirSync(outside).sort()).toEqual(['policy.json', 'secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(`TOKEN=${CANARY.file}\n`);
  });
});

describe('attack run 9: config aliases holding "|" and "<!--" are escaped in every output', () => {
  // Visible characters a config may hold (hidden ones are refused): a role alias with a pipe and an
  // HTML comment, an API alias with a backtick too, a scenario name that closes a CDATA section.
  const ROLE_ALIAS = 'Check|out<!--Role';
  const API_ALIAS = 'ord|ers<!--x`y';
  write(
    'alias.yaml',
    CONFIG.replace(/^ {2}CheckoutRole:/m, `  "${ROLE_ALIAS}":`).replace(/^ {2}orders:/m, `  "${API_ALIAS}":`),
  );
  write(
    'alias.feature',
    'Feature: names ]]> <!-- | @here #1\n' +
      '  Scenario: a scenario ]]> <!-- hidden | pipe\n' +
      `    When "${ROLE_ALIAS}" calls GET /orders on "${API_ALIAS}"\n` +
      '    Then the call is denied\n' +
      '  Scenario: another\n' +
      `    When "BatchRole" calls GET /orders on "${API_ALIAS}"\n` +
      '    Then the call is denied\n',
  );
  const RAW = /<!--(Role|x)/;
  /** Markdown: no raw comment, and every table row splits into as many cells as its header. */
  function markdownHolds(md: string): void {
    // Inside a code span nothing is markup (GFM: code spans bind before HTML), so a comment is text.
    expect(md.replace(/(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '')).not.toMatch(RAW);
    let cells = -1;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) {
        cells = -1;
        continue;
      }
      const n = line.replace(/\\\|/g, '').split('|').length;
      if (cells === -1) cells = n;
      expect(n, line).toBe(cells);
    }
  }
  /** XML: outside CDATA sections no raw comment; a "]]>" in the data never ends one early. */
  function xmlHolds(xml: string): void {
    const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    expect(outsideCdata).not.toMatch(RAW);
    expect(outsideCdata).not.toMatch(/<!-- hidden/);
  }

  it('check --format md, and the reports: md, html, junit, json', async () => {
    const r = await cli([
      'check',
      'alias.feature',
      '--config',
      'alias.yaml',
      '--endpoint-policy',
      'hub.json',
      '--reports',
      'r-alias',
      '--format',
      'md',
    ]);
    expect(score(project, { code: 1, reports: 'r-alias' }, r)).toEqual([]);
    markdownHolds(r.out);
    markdownHolds(readFileSync(at('r-alias', 'access-matrix.md'), 'utf8'));
    for (const f of ['access-matrix.html', 'cucumber.html'])
      expect(readFileSync(at('r-alias', f), 'utf8'), f).not.toMatch(/<!--(Role|x| hidden)/);
    for (const f of ['access-matrix.junit.xml', 'cucumber.junit.xml'])
      xmlHolds(readFileSync(at('r-alias', f), 'utf8'));
    // JSON keeps the names as they are.
    expect(readFileSync(at('r-alias', 'access-matrix.json'), 'utf8')).toContain(ROLE_ALIAS);
  });

  it.each([
    ['diff --format md', ['diff', '--config', 'alias.yaml', '--plan', 'plan.json', '--format', 'md'], 1],
    [
      'who-can --format md',
      ['who-can', '--config', 'alias.yaml', '--endpoint-policy', 'hub.json', '--format', 'md'],
      0,
    ],
  ])('%s', async (_name, args, code) => {
    const r = await cli(args as string[]);
    expect(score(project, { code: code as number }, r)).toEqual([]);
    markdownHolds(r.out);
    expect(r.out).toContain('ord\\|ers&lt;!--x');
  });

  it('text output (diff, who-can) shows them as they are, on their lines', async () => {
    for (const args of [
      ['diff', '--config', 'alias.yaml', '--plan', 'plan.json'],
      ['who-can', '--config', 'alias.yaml', '--endpoint-policy', 'hub.json', '--api', API_ALIAS],
    ]) {
      const r = await cli(args);
      expect(r.code, r.text.slice(-300)).toBeLessThan(2);
      expect(r.out).toContain(API_ALIAS);
    }
  });
});

describe('attack run 9: as real processes (the environment, a closed pipe, a signal)', () => {
  const bin = join(ROOT, 'bin', 'spokegate.js');
  function run(args: string[], env: NodeJS.ProcessEnv, opts: { closeStdout?: boolean } = {}) {
    return new Promise<{ code: number | null; err: string; out: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: proj, env });
      let err = '';
      let out = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      if (opts.closeStdout) child.stdout.destroy();
      else child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, err, out }));
    });
  }

  it('bad input with the canaries in its own environment: exit 2, one line, no canary', async () => {
    const env = { ...ENV, AWS_ENDPOINT_URL: `ftp://ci:${CANARY.url}@proxy.example/`, AWS_REGION: `x${LF}` };
    for (const args of [
      ['run', 'endpoint.feature', '--mode', 'live', '--reports', 'r-rp1'],
      anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod'),
    ]) {
      const r = await run(args, env);
      expect(r.code, r.err).toBe(2);
      for (const s of project.secrets) expect(r.err + r.out).not.toContain(s);
      expect(r.err).not.toMatch(STACK);
      expect(r.err.split('\n').some((l) => l.startsWith('SGFORGED'))).toBe(false);
    }
  });

  it('stdout closed by its reader (diff | head -c0): one line naming the pipe, exit 3, no trace', async () => {
    const r = await run(diffPlan('plan.json', '--format', 'md'), ENV, { closeStdout: true });
    expect(r.err).not.toMatch(STACK);
    expect([1, 3]).toContain(r.code);
    if (r.code === 3) expect(r.err.trim().split('\n').pop()).toMatch(/cannot write to stdout.*EPIPE/);
  });

  it('sandbox stopped by SIGHUP: exit 0, its export file removed', async () => {
    const file = at('sg-rp.env');
    const child = spawn(process.execPath, [bin, 'sandbox', '--http', '--export-file', 'sg-rp.env'], {
      cwd: proj,
      env: ENV,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGHUP');
    expect(await done, err).toBe(0);
    expect(err).not.toMatch(STACK);
    expect(existsSync(file)).toBe(false);
  });
});

describe('attack run 9: the sandbox answers hostile requests, and echoes no control', () => {
  const { exchange } = rawSandbox();
  const form = (body: string) => formPost('sts.us-west-2.amazonaws.com', body);
  const REQUESTS: [string, string][] = [
    ['an absolute-form target', 'GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['TRACE', 'TRACE / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n'],
    [
      'Content-Length and chunked together',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a 200 KB header', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(200_000)}\r\n\r\n`],
    ['20,000 query parameters', `GET /?${'a=1&'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    [
      'AssumeRole with a session name holding ESC and "<!--"',
      form(
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::111111111111:role/CheckoutRole&RoleSessionName=%3C!--%7C%1b%5B31m',
      ),
    ],
    [
      'an EC2 action holding ESC',
      'POST / HTTP/1.1\r\nHost: ec2.us-west-2.amazonaws.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\nAction=%1b%5B31mXXXX',
    ],
    [
      'an Authorization credential holding ESC',
      'GET /prod/orders HTTP/1.1\r\nHost: a1b2c3d4e5.execute-api.us-west-2.amazonaws.com\r\nAuthorization: AWS4-HMAC-SHA256 Credential=\u001b[31m/x, SignedHeaders=host, Signature=00\r\n\r\n',
    ],
  ];
  it.each(REQUESTS)('%s: an HTTP answer, no raw control echoed', async (_name, request) => {
    const answer = await exchange(request);
    expect(answer).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
    expect(hiddenCharacter(answer.replace(/\r/g, ''))).toBeUndefined();
  });
});
