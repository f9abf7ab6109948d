// Issue 12, attack run 17: new hostile inputs on what pass 17 added and earlier runs did not reach:
// MFA sessions (a user's `credentials`, the world harness's `mfaDevice`), AssumeRole SourceIdentity
// and STS's clock window, routes whose paths hold parameters, diff over APIs whose routes are not
// stated, every GFM autolink form (and look-alikes of `.` and `@`) in the Markdown outputs, YAML 1.1
// scalars in each place a template is read, Fn::Length / Fn::ToJsonString / Fn::ForEach, NoEcho
// spelled as CloudFormation may take it, tag characters at the edge of IAM's \p{Z}, the reports
// folder's lock, and V8 flags given through NODE_OPTIONS. Rows of probes run through the CLI's
// main() in this process with canary secrets in the environment and in files outside the project,
// scored as the issue scores an attack run (test/reliability/attack-kit.ts); the sandbox rows ask
// its STS directly, and the V8 rows run real processes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/helpers.js';
import { runCli } from '../cli-in-process.js';
import { apiHost, chainingWorld, invoke, newState, outcome, parseXml, query } from '../sandbox/helpers.js';
import { policyDoc, when } from '../policy/doc-cases.js';
import * as kit from './attack-kit.js';
import { template, yamlHub } from './endpoint-template.js';

const project = kit.attackProject('attack17', 'Q17');
const { at, write, json } = project;
const { copy: config } = kit.demoConfigCopies(project);
const writers = kit.probeWriters(project);

type Area =
  'mfa' | 'routes' | 'diff' | 'autolinks' | 'yaml' | 'intrinsics' | 'foreach' | 'noecho' | 'tags' | 'locks';
type Row = kit.AreaRow<Area>;
const probeOf = kit.probeOfRow<Area>;
const cfgRow = kit.configRows(config);
const whoCan = kit.whoCanOf;

// ---- MFA: a user's credentials, the world harness's MFA device ----
const ALICE = (facts = '') =>
  `  alice: { arn: 'arn:aws:iam::111111111111:user/alice', userId: AIDAEXAMPLEALICE0001, tags: {}, identityPolicies: [policies/invoke-prod.json]${facts} }`;
const users = (facts: string, more = '') => `users:\n${ALICE(facts)}\n${more}roles:`;
const WORLD = readFileSync(at('world.yaml'), 'utf8');
const HARNESS_ID = '  userId: AIDASANDBOXHARNESS01\n';
/** who-can in the sandbox of the demo world whose harness has `device` (YAML) as its mfaDevice. */
const deviceRow = (id: string, what: string, device: string, field?: string): Row => {
  if (!WORLD.includes(HARNESS_ID)) throw new Error('the demo world changed');
  const world = write(`${id}-world.yaml`, WORLD.replace(HARNESS_ID, `${HARNESS_ID}  mfaDevice: ${device}\n`));
  return [
    id,
    'mfa',
    what,
    kit.sandboxHealthWhoCan(
      config(`${id}.yaml`, 'sandbox: { world: world.yaml }', `sandbox: { world: ${world} }`),
    ),
    field === undefined ? 0 : 2,
    field === undefined ? undefined : new RegExp(`${id}-world\\.yaml.*${field}`),
  ];
};
const DEVICE = 'arn:aws:iam::111111111111:mfa/spokegate-harness';
/** check of alice (with `credentials`) calling GET /orders through an endpoint letting MFA sessions alone in. */
const mfaCall = (id: string, facts: string, then: string) => [
  'check',
  write(
    `${id}.feature`,
    `Feature: a\n  Scenario: b\n    Given the endpoint policy of "hub" is read from EC2\n    When "alice" calls GET /orders on "orders"\n    Then the call is ${then}\n`,
  ),
  '--endpoint-policy',
  json('mfa-hub.json', kit.invokeByAnyone({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
  '--config',
  config(`${id}.yaml`, /^roles:/m, users(facts)),
  '--reports',
  `r-${id}`,
];

// ---- routes of orders ----
const ORDERS_ROUTES = `routes: ['GET /', 'GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health']`;
const routes = (id: string, what: string, more: string, field?: string) =>
  cfgRow(id, 'routes', what, ORDERS_ROUTES, ORDERS_ROUTES.replace(/\]$/, `, ${more}]`), field);

// ---- diff over an API whose routes are not stated ----
const NO_ROUTES = config('routeless.yaml', `\n    noneRoutes: ['GET /health']\n    ${ORDERS_ROUTES}`, '');
const OPEN = json('open.json', kit.invokeByAnyone({ Sid: 'Open' }));

// ---- GFM autolinks in the Markdown outputs ----
/** Markdown a reader would see linked: a bare URL, www., an email (outside code spans). */
const LINKED =
  /^(?:[^`\n]|`[^`\n]*`)*?(?:(?<![a-z])www\.[a-z0-9]|(?<![;a-z])[a-z][a-z0-9+.-]*:\/\/|[\w.+-]@[\w-]+\.[a-z])/im;
const AUTOLINKS: [string, string][] = [
  ['www.evil.example', 'a bare www. domain'],
  ['WwW.evil.example', 'www. in mixed case'],
  ['(www.evil.example)', 'www. after a parenthesis'],
  ['_www.evil.example_', 'www. after an underscore'],
  ['~www.evil.example', 'www. after a tilde'],
  ['https://evil.example/x?a=b', 'an https:// URL'],
  ['HTTP://EVIL.EXAMPLE', 'an HTTP:// URL in capitals'],
  ['ftp://evil.example', 'an ftp:// URL'],
  ['mailto:ops@evil.example', 'a mailto: link'],
  ['xmpp:ops@evil.example/phone', 'an xmpp: link with a resource'],
  ['first.last+tag@evil.example', 'an email with + and .'],
  ['www\uff0eevil\uff0eexample', 'www with fullwidth full stops (U+FF0E)'],
  ['ops\uff20evil.example', 'an email with a fullwidth commercial at (U+FF20)'],
  ['www\u2024evil\u2024example', 'www with one dot leaders (U+2024)'],
  ['http\uff1a//evil.example', 'a URL with a fullwidth colon (U+FF1A)'],
];
const grantSid = (sid: string) =>
  kit.invokeByAnyone({ Sid: sid, Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/*' });
const tagGrant = (value: string) =>
  kit.invokeByAnyone({ Sid: 'T', Condition: { StringEquals: { 'aws:PrincipalTag/team': value } } });

// ---- YAML 1.1 scalars in each place a template is read ----
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, Default: PARAM }
Mappings:
  M: { MKEY: { v: MVAL } }
Conditions:
  C: { 'Fn::Equals': [COND, 'true'] }
Resources:
${yamlHub('                aws:PrincipalTag/x: DENY', '      Tags: [{ Key: k, Value: TAG }]\n')}Outputs:
  O: { Value: OUT }
`;
const BASE: Record<string, string> = {
  PARAM: 'prod',
  MKEY: 'k',
  MVAL: 'v',
  COND: "'a'",
  TAG: 't',
  DENY: 'x',
  OUT: 'o',
};
/** The template above with `edits` in place of its marked scalars (each marker once). */
const yamlTemplate = (name: string, edits: Record<string, string>) =>
  write(
    name,
    Object.entries({ ...BASE, ...edits }).reduce(
      (t, [marker, value]) => t.replace(new RegExp(`\\b${marker}\\b`), value),
      TEMPLATE,
    ),
  );

// ---- CloudFormation's language extensions ----
const LANG = { Transform: 'AWS::LanguageExtensions' };
const PREFIX = 'arn:aws:execute-api:us-west-2:*:*/prod/GET/';
/** A template whose endpoint's Resource is PREFIX then the value of `intrinsic` (through Fn::Sub). */
const subOf = (name: string, intrinsic: unknown, extra: Record<string, unknown> = LANG) =>
  write(name, template({ 'Fn::Sub': [`${PREFIX}\${v}`, { v: intrinsic }] }, extra));
const nestJson = (depth: number): unknown =>
  depth === 0 ? ['x'] : { 'Fn::ToJsonString': [nestJson(depth - 1)] };
/** A template whose Resources (or `section`) also hold a Fn::ForEach loop making `made` from ${X}. */
const forEach = (
  name: string,
  section: string,
  made: unknown,
  collection: unknown = ['A', 'B'],
  extra = LANG,
) => {
  const doc = JSON.parse(template('*', extra)) as Record<string, Record<string, unknown>>;
  doc[section] = { ...doc[section], 'Fn::ForEach::Loop': ['X', collection, made] };
  return write(name, JSON.stringify(doc));
};
const ENDPOINT = (JSON.parse(template('*')) as { Resources: { Hub: unknown } }).Resources.Hub;

/**
 * A JSON template (written as text: `1.0` must stay as written) whose endpoint allows anyone, then
 * holds a Deny (of everyone, or on a tag equal to `denyValue`) under Fn::If on condition C (`denyFirst`:
 * the Deny when C holds, else when it does not).
 */
const ifDeny = (
  name: string,
  parameters: string,
  condition: string,
  denyFirst = false,
  denyValue?: string,
) => {
  const when =
    denyValue === undefined ? '' : `,"Condition":{"StringEquals":{"aws:PrincipalTag/x":${denyValue}}}`;
  const deny = `{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*"${when}}`;
  const none = '{"Ref":"AWS::NoValue"}';
  const doc = JSON.parse(template('*')) as {
    Resources: { Hub: { Properties: { PolicyDocument: unknown } } };
  };
  const text = JSON.stringify({ Parameters: '@P', Conditions: { C: '@C' }, ...doc }).replace(
    '"Resource":"*"}]',
    `"Resource":"*"},{"Fn::If":["C",${denyFirst ? deny : none},${denyFirst ? none : deny}]}]`,
  );
  return write(name, text.replace('"@P"', parameters).replace('"@C"', condition));
};
/** ifDeny's arguments after the file's name. */
type IfDeny = [parameters: string, condition: string, denyFirst?: boolean, denyValue?: string];
const NUMBER = (d: string) => `{"N":{"Type":"Number","Default":${d}}}`;
const STRING_TRUE = '{"F":{"Type":"String","Default":true}}';
const EQUALS = (a: string, b: string) => `{"Fn::Equals":[${a},${b}]}`;
const [REF_N, ALWAYS] = ['{"Ref":"N"}', '{"Fn::Equals":["a","a"]}'];
const NOBODY = /no request gets through/;
/** The endpoint lets some request through (the Deny is not in place). */
const SOME = /through endpoint hub: [1-9]\d* allowed class/;

// ---- NoEcho spelled as CloudFormation may take it ----
const noEcho = (name: string, flag: unknown) =>
  write(
    name,
    template(
      { 'Fn::Sub': `${PREFIX}\${Secret}` },
      { Parameters: { Secret: { Type: 'String', NoEcho: flag, Default: project.canary.file } } },
    ),
  );

// ---- tags at the edge of IAM's pattern (botocore iam tagKeyType/tagValueType: [\p{L}\p{Z}\p{N}_.:/=+\-@]) ----
const REPORTING_TAGS = 'tags: { team: analytics }';
const tagRow = (id: string, what: string, tags: string, field?: string) =>
  cfgRow(id, 'tags', what, REPORTING_TAGS, `tags: ${tags}`, field);

// ---- the reports folder's lock ----
const lockIn = (id: string, text: string) => write(`r-${id}/.spokegate.lock`, text);

const ROWS: Row[] = [
  // ---- MFA ----
  ...(
    [
      ['M01', 'a user credentials MFA-SESSION (case)', ', credentials: MFA-SESSION', 'credentials'],
      ['M02', "a user credentials 'mfa session' (a space)", ", credentials: 'mfa session'", 'credentials'],
      ['M03', 'a user credentials true', ', credentials: true', 'credentials'],
      ['M04', 'a user credentials [mfa-session] (a list)', ', credentials: [mfa-session]', 'credentials'],
      ['M05', 'a user credentials mfa-session: answered', ', credentials: mfa-session'],
      ['M06', 'a user credentials ~ (null)', ', credentials: ~', 'credentials'],
    ] as [string, string, string, string?][]
  ).map(([id, what, facts, field]) => cfgRow(id, 'mfa', what, /^roles:/m, users(facts), field)),
  cfgRow(
    'M07',
    'mfa',
    'a role credentials mfa-session (roles are assumed: a key roles do not have)',
    "role/CheckoutRole', identityPolicies",
    "role/CheckoutRole', credentials: mfa-session, identityPolicies",
    'CheckoutRole',
  ),
  cfgRow(
    'M08',
    'mfa',
    'a federated user credentials mfa-session (GetFederationToken takes no MFA)',
    /^roles:/m,
    users(
      '',
      'federated:\n  fed: { user: alice, name: fed-1, sessionPolicies: [], credentials: mfa-session }\n',
    ),
    'federated\\.fed',
  ),
  [
    'M16',
    'mfa',
    'a user with an MFA session through an MFA-only endpoint: past it, refused by the resource policy',
    mfaCall('M16', ', credentials: mfa-session', 'denied by the resource policy'),
    0,
  ],
  [
    'M17',
    'mfa',
    'the same user with long-term keys: refused by the endpoint policy',
    mfaCall('M17', '', 'denied by the endpoint policy'),
    0,
  ],
  [
    'M18',
    'mfa',
    'the same user with a session without MFA: refused by the endpoint policy',
    mfaCall('M18', ', credentials: session', 'denied by the endpoint policy'),
    0,
  ],
  // The world harness's MFA device { serial, code } (YAML scalars), refused naming `field` or answered ('').
  ...(
    [
      ['M09', 'code', `'${DEVICE}'`, '012345', 'a code 012345 unquoted (12345 once read)'],
      ['M10', 'code', `'${DEVICE}'`, "'12345'", 'a code of five digits'],
      [
        'M11',
        'code',
        `'${DEVICE}'`,
        "'\uff11\uff12\uff13\uff14\uff15\uff16'",
        'a code of six fullwidth digits',
      ],
      ['M12', 'serial', '"GAHT\\u202e1234567"', "'123456'", 'a serial holding a bidi override'],
      ['M13', 'serial', "'GAHT1234'", "'123456'", 'a serial of 8 characters'],
      ['M14', 'serial', `'${project.canary.file}<'`, "'123456'", 'a serial of the file canary: never quoted'],
      ['M15', '', `'${DEVICE}'`, "'123456'", 'as stated: answered'],
    ] as const
  ).map(([id, field, serial, code, what]) =>
    deviceRow(id, `an MFA device ${what}`, `{ serial: ${serial}, code: ${code} }`, field || undefined),
  ),

  // ---- routes whose paths hold parameters ----
  routes('R01', 'a greedy parameter not last ({proxy+}/x)', `'GET /{proxy+}/x'`, 'routes'),
  routes('R02', 'two parameters in one path part ({a}{b})', `'GET /orders/{a}{b}/x'`, 'routes'),
  routes('R03', 'a parameter after text in one path part (x{id})', `'GET /orders/x{id}/y'`, 'routes'),
  routes('R04', 'a greedy parameter without a name ({+})', `'GET /orders/{+}'`, 'routes'),
  routes('R05', 'a parameter name holding a space', `'GET /orders/{i d}/x'`, 'routes'),
  routes('R06', 'a greedy parameter beside {id} under /orders', `'GET /orders/{rest+}'`, 'routes'),
  routes('R07', 'a greedy parameter with a trailing slash', `'GET /x/{rest+}/'`, 'routes'),
  routes('R08', 'ANY beside GET on /orders/{id}: answered', `'ANY /orders/{id}'`),
  routes('R09', 'a greedy parameter at the root beside /orders: answered', `'GET /{rest+}'`),
  routes(
    'R10',
    'a parameter name twice in one path ({id} under {id}): routes match by position, names matter to no answer (§46): answered',
    `'GET /orders/{id}/{id}'`,
  ),
  [
    'R11',
    'routes',
    'a feature calling GET /orders/{id} with the braces written: not a route of its own',
    writers.checkWith(
      'R11',
      'Feature: a\n  Scenario: b\n    When "CheckoutRole" calls GET /orders/{id} on "orders"\n    Then the call is allowed\n',
    ),
    0,
  ],

  // ---- diff over an API whose routes are not stated ----
  [
    'D01',
    'diff',
    'diff of hub.json against itself over a routes-less orders: no change',
    kit.diffOf('hub.json', 'hub.json', '--config', NO_ROUTES),
    0,
  ],
  [
    'D02',
    'diff',
    'diff opening the endpoint to everyone over a routes-less orders: not "no new access"',
    kit.diffOf('hub.json', OPEN, '--config', NO_ROUTES),
    1,
  ],
  [
    'D03',
    'diff',
    'diff --format md of the same: Markdown that links nothing',
    kit.diffOf('hub.json', OPEN, '--config', NO_ROUTES, '--format', 'md'),
    1,
    undefined,
    { hides: LINKED },
  ],
  [
    'D04',
    'diff',
    'diff --format json of the same: one JSON document',
    kit.diffOf('hub.json', OPEN, '--config', NO_ROUTES, '--format', 'json'),
    1,
    undefined,
    { shows: /^\{/m },
  ],

  // ---- autolinks ----
  ...AUTOLINKS.map(([text, what], i): Row => [
    `A${String(i + 1).padStart(2, '0')}`,
    'autolinks',
    `diff --format md of a Sid holding ${what}`,
    kit.diffFromHub(json(`A${i + 1}.json`, grantSid(`S ${text} @team`)), '--format', 'md'),
    0,
    undefined,
    { hides: LINKED },
  ]),
  ...AUTOLINKS.slice(0, 11).map(([text, what], i): Row => [
    `B${String(i + 1).padStart(2, '0')}`,
    'autolinks',
    `who-can --format md of a tag condition value holding ${what}`,
    whoCan(json(`B${i + 1}.json`, tagGrant(text)), '--format', 'md'),
    0,
    undefined,
    { hides: LINKED },
  ]),
  [
    'B12',
    'autolinks',
    'diff --format md whose --after file is named www.evil.example@team.json',
    kit.diffFromHub(json('www.evil.example@team.json', grantSid('N')), '--format', 'md'),
    0,
    undefined,
    { hides: LINKED },
  ],
  [
    'B13',
    'autolinks',
    "check's Markdown matrix of a scenario named with a URL, www. and an email",
    writers.checkWith(
      'B13',
      'Feature: see https://evil.example\n  Scenario: mail ops@evil.example or www.evil.example\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n',
    ),
    0,
    undefined,
    { reports: 'r-B13', hides: LINKED, hidesIn: /\.md$/ },
  ],

  // ---- YAML 1.1 scalars in each place a template is read (the line refused; 0: answered) ----
  ...(
    [
      ['Y01', 3, { PARAM: 'yes', DENY: '!Ref Env' }, 'a parameter Default yes the policy reads (Ref)'],
      ['Y02', 5, { MVAL: 'on', DENY: '!FindInMap [M, k, v]' }, 'a Mappings value on the policy reads'],
      ['Y03', 5, { MKEY: 'off', DENY: "!FindInMap [M, 'off', v]" }, 'a Mappings key off it looks up'],
      ['Y04', 7, { COND: 'yes', DENY: '!If [C, x, y]' }, 'a condition on yes choosing the Deny value'],
      ['Y05', 0, { TAG: 'yes' }, 'a tag value yes on the endpoint (its Tags are not read)'],
      ['Y06', 0, { OUT: 'yes' }, 'an output value yes (Outputs are not read)'],
      ['Y07', 29, { DENY: "!Sub ['${v}', { v: off }]" }, 'a Fn::Sub variable off in the policy'],
      ['Y08', 29, { DENY: "!Join ['', [a, y]]" }, 'a Fn::Join part y (a YAML 1.1 boolean word)'],
      ['Y09', 29, { DENY: '0777' }, 'a Deny value 0777 (octal 511 in YAML 1.1, 777 in 1.2)'],
      ['Y10', 29, { DENY: '1_000' }, 'a Deny value 1_000 (1000 in YAML 1.1, text in 1.2)'],
      ['Y11', 0, { DENY: '2001-12-14' }, 'a Deny value 2001-12-14 (CloudFormation takes no timestamp tag)'],
      ['Y12', 15, { TAG: '&a yes', DENY: '*a' }, 'an alias in the policy of an anchor on a tag value yes'],
      [
        'Y13',
        3,
        { Env: 'on', DENY: "!Ref 'on'" },
        'a parameter named on (true in YAML 1.1) the policy reads',
      ],
      ['Y14', 9, { Hub: 'yes' }, "the endpoint's logical id yes (true in YAML 1.1)"],
      [
        'Y15',
        3,
        { PARAM: 'prod, NoEcho: no', DENY: '!Ref Env' },
        'a parameter NoEcho: no (false in YAML 1.1)',
      ],
    ] as [string, number, Record<string, string>, string][]
  ).map(([id, line, edits, what]): Row => [
    id,
    'yaml',
    what,
    whoCan(yamlTemplate(`${id}.yaml`, edits)),
    line === 0 ? 0 : 2,
    line === 0 ? undefined : new RegExp(`${id}\\.yaml.*line ${line}\\b`),
  ]),

  // ---- Fn::Length, Fn::ToJsonString ----
  [
    'X01',
    'intrinsics',
    'Fn::ToJsonString of a number (the function takes an object or an array)',
    whoCan(subOf('X01.json', { 'Fn::ToJsonString': { 'Fn::Length': ['a', 'b', 'c'] } })),
    2,
    /X01\.json.*Fn::ToJsonString/,
  ],
  [
    'X02',
    'intrinsics',
    'Fn::ToJsonString of a string',
    whoCan(subOf('X02.json', { 'Fn::ToJsonString': 'orders' })),
    2,
    /X02\.json.*Fn::ToJsonString/,
  ],
  [
    'X03',
    'intrinsics',
    'Fn::Length of a Fn::ToJsonString (a string, not a list)',
    whoCan(
      subOf('X03.json', { 'Fn::Sub': ['${n}', { n: { 'Fn::Length': { 'Fn::ToJsonString': ['a'] } } }] }),
    ),
    2,
    /X03\.json.*Fn::Length/,
  ],
  [
    'X04',
    'intrinsics',
    'Fn::ToJsonString nested 40 deep (each level doubles the backslashes): bounded',
    whoCan(subOf('X04.json', nestJson(40))),
    2,
    /X04\.json/,
    { maxOutput: 5000 },
  ],
  [
    'X05',
    'intrinsics',
    'Fn::ToJsonString of a NoEcho parameter: never quoted',
    whoCan(
      subOf(
        'X05.json',
        { 'Fn::ToJsonString': [{ Ref: 'Secret' }] },
        { ...LANG, Parameters: kit.noEchoSecret(project) },
      ),
    ),
    2,
    /X05\.json.*NoEcho/,
  ],
  [
    'X06',
    'intrinsics',
    'Fn::Length of a list of 2 choosing the Resource (Fn::Select): GET /orders',
    whoCan(subOf('X06.json', { 'Fn::Select': [{ 'Fn::Length': ['a', 'b'] }, ['x', 'y', 'orders']] })),
    0,
    undefined,
    { shows: /GET \/orders on orders/ },
  ],
  [
    'X07',
    'intrinsics',
    'Fn::Length of a CommaDelimitedList parameter: answered',
    whoCan(
      subOf(
        'X07.json',
        { 'Fn::Select': [{ 'Fn::Length': { Ref: 'L' } }, ['x', 'y', 'orders']] },
        { ...LANG, Parameters: { L: { Type: 'CommaDelimitedList', Default: 'a,b' } } },
      ),
    ),
    0,
    undefined,
    { shows: /GET \/orders on orders/ },
  ],

  // Fn::Equals over numbers and booleans (Q01-Q03: who gets through), numbers written with a fraction.
  ...(
    [
      ['Q01', [NUMBER('1'), EQUALS(REF_N, '1')], SOME, 'Ref N (a Number, Default 1) = 1: the Deny goes'],
      ['Q02', [STRING_TRUE, EQUALS('{"Ref":"F"}', '"true"')], SOME, 'Ref F (Default true) = "true": no Deny'],
      ['Q03', ['{}', EQUALS('"1"', '1'), true], NOBODY, '"1" = 1 putting the Deny in: nobody'],
      ['Q04', [NUMBER('1.0'), EQUALS(REF_N, '"1.0"')], /Default.*1\.0/, 'a Number parameter Default 1.0'],
      ['Q05', ['{}', ALWAYS, true, '100.0'], /100\.0/, 'a template Deny on 100.0 unquoted'],
      ['Q06', ['{}', ALWAYS, true, '-0'], /-0/, 'a template Deny on -0 unquoted'],
      ['Q07', ['{}', ALWAYS, true, '{"Fn::Sub":["${v}",{"v":1e2}]}'], /1e2/, 'a Fn::Sub variable 1e2'],
    ] as [string, IfDeny, RegExp, string][]
  ).map(([id, [parameters, condition, denyFirst, denyValue], expects, what]): Row => {
    const file = ifDeny(`${id}.json`, parameters, condition, denyFirst, denyValue);
    const answered = expects === SOME || expects === NOBODY;
    const says = new RegExp(`${id}\\.json.*${expects.source}`);
    return [
      id,
      'intrinsics',
      what,
      whoCan(file),
      answered ? 0 : 2,
      answered ? undefined : says,
      answered ? { shows: expects } : undefined,
    ];
  }),

  // ---- Fn::ForEach ----
  [
    'F01',
    'foreach',
    'Fn::ForEach making endpoints',
    whoCan(forEach('F01.json', 'Resources', { 'Hub${X}': ENDPOINT })),
    2,
    /F01\.json.*ForEach/,
  ],
  [
    'F02',
    'foreach',
    'Fn::ForEach in Outputs (not read): answered',
    whoCan(forEach('F02.json', 'Outputs', { 'O${X}': { Value: '${X}' } })),
    0,
  ],
  [
    'F03',
    'foreach',
    "Fn::ForEach making the condition the endpoint's Fn::If names",
    whoCan(
      write(
        'F03.json',
        template(
          { 'Fn::If': ['IsA', `${PREFIX}a`, `${PREFIX}b`] },
          {
            ...LANG,
            Conditions: { 'Fn::ForEach::Loop': ['X', ['A'], { 'Is${X}': { 'Fn::Equals': ['${X}', 'A'] } }] },
          },
        ),
      ),
    ),
    2,
    /F03\.json/,
  ],
  [
    'F04',
    'foreach',
    "Fn::ForEach inside the endpoint's Statement list",
    whoCan(
      write(
        'F04.json',
        template('*', LANG).replace(
          '"Statement":[',
          '"Statement":[{"Fn::ForEach::S":["X",["A"],{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]},',
        ),
      ),
    ),
    2,
    /F04\.json/,
  ],
  [
    'F05',
    'foreach',
    'Fn::ForEach in Resources without AWS::LanguageExtensions',
    whoCan(
      forEach('F05.json', 'Resources', { 'B${X}': { Type: 'AWS::S3::Bucket' } }, ['A'], {} as typeof LANG),
    ),
    2,
    /F05\.json/,
  ],
  [
    'F06',
    'foreach',
    'Fn::ForEach over 20,000 items: refused at once',
    whoCan(
      forEach(
        'F06.json',
        'Resources',
        { 'B${X}': { Type: 'AWS::S3::Bucket' } },
        Array.from({ length: 20000 }, (_, i) => `i${i}`),
      ),
    ),
    2,
    /F06\.json/,
  ],

  // ---- NoEcho ----
  ...(
    [
      ['E01', "NoEcho 'True'", 'True'],
      ['E02', "NoEcho 'TRUE'", 'TRUE'],
      ['E03', "NoEcho ' true' (a space)", ' true'],
      ['E04', 'NoEcho [true] (a list)', [true]],
    ] as [string, string, unknown][]
  ).map(([id, what, flag]): Row => [
    id,
    'noecho',
    `${what} on a parameter the Resource reads: never quoted`,
    whoCan(noEcho(`${id}.json`, flag)),
    2,
    new RegExp(`${id}\\.json.*NoEcho`),
  ]),
  [
    'E05',
    'noecho',
    'a YAML template whose parameter is NoEcho: yes (true in YAML 1.1)',
    whoCan(
      yamlTemplate('E05.yaml', {
        PARAM: `${project.canary.file}, NoEcho: yes`,
        DENY: '!Ref Env',
      }),
    ),
    2,
    /E05\.yaml.*line 3/,
  ],

  // ---- tags ----
  tagRow(
    'T01',
    'a tag value holding an ideographic space (U+3000, \\p{Zs}): answered',
    '{ team: "ana\\u3000lytics" }',
  ),
  tagRow('T02', 'a tag value holding a no-break space (U+00A0): answered', '{ team: "ana\\u00a0lytics" }'),
  tagRow('T03', 'a tag key of one ideographic space: answered', '{ "\\u3000": analytics }'),
  tagRow('T04', 'a tag value holding an ogham space mark (U+1680): answered', '{ team: "a\\u1680b" }'),
  // IAM takes them (Zl, Zp); every output shows them escaped (pass 19: refused until then).
  tagRow(
    'T05',
    'a tag value holding a line separator (U+2028, \\p{Zl}): answered',
    '{ team: "a\\u2028SGFORGED" }',
  ),
  tagRow(
    'T06',
    'a tag value holding a paragraph separator (U+2029, \\p{Zp}): answered',
    '{ team: "a\\u2029b" }',
  ),
  tagRow(
    'T07',
    'a tag value holding a zero-width no-break space (U+FEFF, not \\p{Z})',
    '{ team: "a\\ufeffb" }',
    'U\\+FEFF',
  ),
  tagRow('T08', 'a tag value holding NEL (U+0085, a control)', '{ team: "a\\u0085b" }', 'U\\+0085'),
  tagRow(
    'T09',
    'a tag value holding a Mongolian vowel separator (U+180E, \\p{Cf} since Unicode 6.3)',
    '{ team: "a\\u180eb" }',
    'U\\+180E',
  ),
  tagRow('T12', 'a tag value 1.0 unquoted (a YAML number: which text?)', '{ team: 1.0 }', 'tags'),
  tagRow('T13', 'a tag value 0x10 unquoted (16 once read)', '{ team: 0x10 }', 'tags'),
  cfgRow(
    'T14',
    'tags',
    'an API account 022222222222 unquoted (a number: 22222222222)',
    "account: '222222222222'\n    stage",
    'account: 022222222222\n    stage',
    'account',
  ),
  [
    'T10',
    'tags',
    'who-can of a condition on a tag value holding U+2028 and a forged line: shown escaped',
    whoCan(json('T10.json', tagGrant(`a\u2028${kit.LF}`))),
    0,
  ],
  [
    'T11',
    'tags',
    'who-can --format md of a condition on a tag value holding U+3000 and U+2029',
    whoCan(json('T11.json', tagGrant('a\u3000b\u2029c')), '--format', 'md'),
    0,
  ],

  // ---- the reports folder's lock ----
  ...(
    [
      ['K01', 'a lock naming pid 4294967297 (past any pid)', '4294967297 run\n'],
      ['K02', 'a lock naming pid -1 (every process, to kill)', '-1 run\n'],
      ['K03', 'a lock naming pid 0 (the process group)', '0 run\n'],
      ['K04', 'a lock of one pid and a run id of 64 characters with no newline', `1 ${'r'.repeat(64)}`],
      ['K05', 'a lock of a pid and the file canary', `1 ${project.canary.file}\n`],
    ] as const
  ).map(([id, what, text]): Row => {
    lockIn(id, text);
    return kit.lockTakenOver(id, 'locks', what);
  }),
];

describe('attack run 17: hostile inputs through main()', () => {
  kit.probeTests(project, ROWS.map(probeOf));
});

// ---- the sandbox's STS: SourceIdentity values and its clock window ----
const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
/** The chaining world whose ChainerRole trust allows sts:SetSourceIdentity; its hub lets `alice` in only. */
function sourceState() {
  const w = chainingWorld();
  w.endpoints.hub!.policy = policyDoc(when({ StringEquals: { 'aws:SourceIdentity': 'alice' } })) as Record<
    string,
    unknown
  >;
  const trust = w.roles.ChainerRole!.trustPolicy as { Statement: { Action: string | string[] }[] };
  trust.Statement[0]!.Action = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  return newState(w);
}
const assumeWith = (s: ReturnType<typeof newState>, extra: Record<string, string>, minutes = 0) =>
  query(s, 'sts', { Action: 'AssumeRole', RoleArn: CHAINER, RoleSessionName: 'who', ...extra }, undefined, {
    date: new Date(s.now().getTime() + minutes * 60_000),
  });
const errorCode = (body: string) => parseXml(body).ErrorResponse?.Error?.Code as string | undefined;

describe('attack run 17: the sandbox STS as AWS answers', () => {
  const rows: [string, string, Record<string, string>, number, string?, number?][] = [
    ['S01', 'SourceIdentity of 2 characters (the least)', { SourceIdentity: 'al' }, 200],
    ['S02', 'SourceIdentity of 1 character', { SourceIdentity: 'a' }, 400, 'ValidationError'],
    ['S03', 'SourceIdentity of 64 characters (the most)', { SourceIdentity: 'a'.repeat(64) }, 200],
    ['S04', 'SourceIdentity of 65 characters', { SourceIdentity: 'a'.repeat(65) }, 400, 'ValidationError'],
    ['S05', 'SourceIdentity aws:alice', { SourceIdentity: 'aws:alice' }, 400, 'ValidationError'],
    ['S06', 'SourceIdentity holding a space', { SourceIdentity: 'al ice' }, 400, 'ValidationError'],
    ['S07', 'SourceIdentity holding é (not \\w)', { SourceIdentity: '\u00e9lise' }, 400, 'ValidationError'],
    [
      'S08',
      'SourceIdentity holding a bidi override',
      { SourceIdentity: 'al\u202eice' },
      400,
      'ValidationError',
    ],
    ['S09', 'SourceIdentity of every other character it takes', { SourceIdentity: 'a_+=,.@-9' }, 200],
    [
      'S10',
      'AssumeRole signed 14 minutes ago (STS takes 15)',
      { SourceIdentity: 'alice' },
      200,
      undefined,
      -14,
    ],
    [
      'S11',
      'AssumeRole signed 16 minutes ahead',
      { SourceIdentity: 'alice' },
      403,
      'SignatureDoesNotMatch',
      16,
    ],
  ];
  it.each(rows)('%s %s', async (_id, _what, params, status, code, minutes) => {
    const s = sourceState();
    const r = await assumeWith(s, params, minutes);
    expect(r.status, r.body).toBe(status);
    if (code) expect(errorCode(r.body)).toBe(code);
    for (const secret of project.secrets) expect(r.body).not.toContain(secret);
  });

  it('S12 a session with SourceIdentity alice passes the hub; one signed 6 minutes ahead at execute-api does not', async () => {
    const s = sourceState();
    const c = parseXml((await assumeWith(s, { SourceIdentity: 'alice' })).body).AssumeRoleResponse
      .AssumeRoleResult.Credentials;
    const creds = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    const call = (minutes: number) =>
      invoke(s, {
        path: '/prod/orders',
        host: apiHost('a1b2c3d4e5'),
        creds,
        date: new Date(s.now().getTime() + minutes * 60_000),
      });
    expect(outcome(await call(0))).not.toBe('endpoint');
    const ahead = await call(6);
    expect(ahead.kind === 'reply' && ahead.status).toBe(403);
  });
});

// ---- V8 flags through NODE_OPTIONS and node's own flags (real processes) ----
describe('attack run 17: V8 flags given to the CLI', () => {
  const bin = join(ROOT, 'bin', 'spokegate.js');
  const runNode = (nodeArgs: string[], args: string[], nodeOptions?: string) => {
    const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
      cwd: project.proj,
      env: { ...project.env, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) },
      encoding: 'utf8',
      timeout: 600_000, // a bound for a hung process, not a speed requirement (test/harness/helpers.ts)
    });
    const text = `${r.stdout}${r.stderr}`;
    expect(text).not.toMatch(kit.STACK);
    for (const secret of project.secrets) expect(text).not.toContain(secret);
    return { code: r.status, text, out: r.stdout };
  };
  const WHO = whoCan('hub.json', '--format', 'json');

  it('V01 NODE_OPTIONS=--interrupt-budget=1: node itself refuses the flag (exit 9), before any spokegate code', () => {
    const r = runNode([], WHO, '--interrupt-budget=1');
    expect(r.code).toBe(9);
    expect(r.text).toMatch(/not allowed in NODE_OPTIONS/);
  });

  it('V02 node --interrupt_budget=1000 / --interrupt-budget=1 / --jitless: the same who-can answer as without', async () => {
    // The answer without flags from main() in this process (V8's defaults, no budget of bin's):
    // one process fewer, the same code (runCli ends each write with a line feed: ends trimmed).
    const plain = await runCli(WHO, { cwd: project.proj, env: project.env });
    expect(plain.code).toBe(0);
    for (const flags of [['--interrupt_budget=1000'], ['--interrupt-budget=1'], ['--jitless']]) {
      const r = runNode(flags, WHO);
      expect([r.code, r.out.trimEnd()], flags.join(' ')).toEqual([0, plain.out.trimEnd()]);
    }
  });

  it('V03 NODE_OPTIONS hardening flags (no code generation from strings, a small heap): check answers, bad input is exit 2', () => {
    const hard = '--disallow-code-generation-from-strings --max-old-space-size=256 --stack-trace-limit=200';
    expect(runNode([], kit.CHECK('--reports', 'r-V03'), hard).code).toBe(0);
    const bad = runNode([], whoCan(write('V03.json', '{"Statement": [')), hard);
    expect(bad.code).toBe(2);
    expect(bad.text).toMatch(/V03\.json/);
  });
});
