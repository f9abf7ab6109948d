// Issue 12, attack run 18: new hostile inputs on what pass 18 added and earlier runs did not reach:
// stand-in stages (an API whose routes are stated but not its stages), path spellings (`//`, `%XX`,
// a trailing slash) in Resources, routes, options and features, `runner.credentials`, packed session
// policies near 2,048 characters and ProvidedContexts (the sandbox's STS), Date / X-Amz-Date games
// (the sandbox's execute-api), confusable aliases (combining marks, variation selectors, bidi
// controls, one-script homoglyphs), huge names in every message, the reports folder's lock (links,
// FIFOs, folders, huge files, NUL bytes, a live holder) and Fn::Equals of numbers as text. Rows of
// probes run through the CLI's main() in this process with canary secrets in the environment and in
// files outside the project, scored as the issue scores an attack run (test/reliability/attack-kit.ts);
// the sandbox rows ask its STS and execute-api directly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatAmzDate } from '../../src/signing/verify.js';
import {
  apiHost,
  demoWorld,
  getReply,
  newState,
  parseXml,
  query,
  signedLeavingOut,
} from '../sandbox/helpers.js';
import { lockLineOf } from '../harness/helpers.js';
import * as kit from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = kit.attackProject('attack18', 'Q18');
const { write, json } = project;
const { copy: config } = kit.demoConfigCopies(project);
const writers = kit.probeWriters(project);

type Area = 'stages' | 'spellings' | 'runner' | 'aliases' | 'excerpt' | 'locks' | 'equals';
type Row = kit.AreaRow<Area>;
const probeOf = kit.probeOfRow<Area>;
const cfgRow = kit.configRows(config);
const whoCan = kit.whoCanOf;

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const HUGE = 'H'.repeat(100_000);
/** At most this much output where a probe quotes a huge name: the name is cut, not printed whole. */
const BOUNDED = { maxOutput: 4000 };

// ---- stand-in stages: orders' routes stated, its stages not ----
const ORDERS_STAGES = '    stages: [prod]\n    resourcePolicy: policies/orders-resource-policy.json';
const ORDERS_NO_STAGES = '    resourcePolicy: policies/orders-resource-policy.json';
const NO_STAGES = config('no-stages.yaml', ORDERS_STAGES, ORDERS_NO_STAGES);
const stageRow = (id: string, what: string, from: string, to: string, field?: string) =>
  cfgRow(id, 'stages', what, from, to, field);
/** hub.json, then a statement letting anyone invoke GET /secret of orders at the stages `stage` names. */
const secretOpen = (name: string, stage: string) => {
  const hub = JSON.parse(readFileSync(project.at('hub.json'), 'utf8')) as { Statement: unknown[] };
  hub.Statement.push({
    Sid: 'Secret',
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: `${API}/${stage}/GET/secret`,
  });
  return json(name, hub);
};
const SECRET_ANY = secretOpen('secret-any.json', '*');
/** A proof feature over the endpoint (`proof`: the step's text). */
const proofFeature = (id: string, proof: string) =>
  write(
    `${id}.feature`,
    `Feature: a\n  Scenario: b\n    Given the endpoint policy of "hub" is read from EC2\n    Then ${proof}\n`,
  );
const OTHER_STAGE = config(
  'other-stage.yaml',
  `    stage: prod\n${ORDERS_STAGES}`,
  `    stage: other\n${ORDERS_NO_STAGES}`,
);

// ---- path spellings ----
const ORDERS_ROUTES = `routes: ['GET /', 'GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health']`;
const routeRow = (id: string, what: string, more: string, field?: string) =>
  cfgRow(id, 'spellings', what, ORDERS_ROUTES, ORDERS_ROUTES.replace(/\]$/, `, ${more}]`), field);
/** A policy letting anyone invoke anything but `denied` (a Resource of orders' prod stage). */
const allButDenied = (name: string, denied: string) =>
  json(name, {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/prod/${denied}` },
    ],
  });
/** check of CheckoutRole calling `route` on orders, expecting `then`. */
const callRoute = (id: string, route: string, then = 'allowed') =>
  writers.checkWith(
    id,
    `Feature: a\n  Scenario: b\n    Given the endpoint policy of "hub" is read from EC2\n    When "CheckoutRole" calls ${route} on "orders"\n    Then the call is ${then}\n`,
  );
const DENY_ORDERS = allButDenied('deny-orders.json', 'GET/orders');

// ---- runner.credentials ----
const SANDBOX_LINE = 'sandbox: { world: world.yaml }';
const runnerRow = (id: string, what: string, runner: string, field?: string) =>
  cfgRow(id, 'runner', what, SANDBOX_LINE, `runner: ${runner}\n${SANDBOX_LINE}`, field);
const MFA_HUB = json(
  'mfa-hub.json',
  kit.invokeByAnyone({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
);

// ---- confusable aliases ----
/** A config whose roles also hold `alias` (an ARN of its own), refused naming roles.ALIAS or answered. */
const roleAlias = (id: string, what: string, alias: string, refused = true): Row =>
  cfgRow(
    id,
    'aliases',
    what,
    /^roles:/m,
    `roles:\n  "${alias}": { arn: 'arn:aws:iam::111111111111:role/Other${id}', identityPolicies: [policies/invoke-prod.json] }`,
    refused ? 'roles' : undefined,
  );
/** Anyone may invoke anything but a principal tagged team "analytics" + U+FE0F (no IAM tag holds one). */
const ANALYTICS_DENY = kit.anyoneButTeam('analytics\ufe0f');
const callAs = (id: string, who: string) =>
  writers.checkWith(
    id,
    `Feature: a\n  Scenario: b\n    When "${who}" calls GET /orders on "orders"\n    Then the call is allowed\n`,
  );

// ---- the reports folder's lock ----
const LOCK = '.spokegate.lock';
const lockPath = (id: string) => project.at(`r-${id}`, LOCK);
const lockDir = (id: string) => mkdirSync(project.at(`r-${id}`), { recursive: true });
/** A run id as runs write them. */
const RUN_ID = '2026-12-03T063000000Z-0123abcd';
const taken = (id: string, what: string): Row => kit.lockTakenOver(id, 'locks', what);
const blocked = (id: string, what: string): Row => [
  id,
  'locks',
  `${what}: refused naming the folder`,
  kit.CHECK('--reports', `r-${id}`),
  2,
  new RegExp(`r-${id}.*--reports`),
];
// A live process that is no spokegate run, holding a lock with its true start time.
const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});

// ---- Fn::Equals of numbers as text ----
const PREFIX = 'arn:aws:execute-api:us-west-2:*:*/prod/GET/';
const IF_ORDERS = { 'Fn::If': ['C', `${PREFIX}orders`, `${PREFIX}health`] };
/** A JSON template (as text: numbers stay as written) whose Resource is GET /orders if C holds, else GET /health. */
const equalsJson = (id: string, a: string, b: string, parameters = '{}') =>
  write(
    `${id}.json`,
    template(IF_ORDERS, { Parameters: '@P', Conditions: { C: { 'Fn::Equals': ['@A', '@B'] } } })
      .replace('"@P"', parameters)
      .replace('"@A"', a)
      .replace('"@B"', b),
  );
/** The same in YAML: the condition's two values written as YAML scalars. */
const equalsYaml = (id: string, a: string, b: string) =>
  write(
    `${id}.yaml`,
    `Conditions:\n  C: !Equals [${a}, ${b}]\nResources:\n  Hub:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.us-west-2.execute-api\n      VpcId: vpc-0aa11bb22cc33dd44\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: 'execute-api:Invoke'\n            Resource: !If [C, '${PREFIX}orders', '${PREFIX}health']\n`,
  );
const [ORDERS, HEALTH] = [/GET \/orders on orders/, /GET \/health on orders/];
/** who-can of `file`: answered showing `route`, or (a RegExp of the refusal) exit 2. */
const equalsRow = (id: string, what: string, file: string, route: RegExp | 'refused'): Row =>
  route === 'refused'
    ? [id, 'equals', `${what}: refused`, whoCan(file), 2, new RegExp(`${id}\\.(json|yaml)`)]
    : [id, 'equals', what, whoCan(file), 0, undefined, { shows: route }];

const ROWS: Row[] = [
  // ---- stand-in stages ----
  [
    'G01',
    'stages',
    'who-can over an orders whose stages are not stated: a stand-in stage analysed',
    whoCan('hub.json', '--config', NO_STAGES),
    0,
    undefined,
    { shows: /stage "other"/ },
  ],
  [
    'G02',
    'stages',
    'diff opening GET /secret at every stage of an orders whose stages are not stated: new access',
    kit.diffOf('hub.json', SECRET_ANY, '--config', NO_STAGES),
    1,
  ],
  [
    'G03',
    'stages',
    'the same with the stage written ???? (a four-letter stage pattern prod also matches)',
    kit.diffOf('hub.json', secretOpen('secret-4.json', '????'), '--config', NO_STAGES),
    1,
  ],
  [
    'G04',
    'stages',
    'the same with the stage a policy variable (${aws:PrincipalTag/stage})',
    kit.diffOf('hub.json', secretOpen('secret-var.json', '${aws:PrincipalTag/stage}'), '--config', NO_STAGES),
    1,
  ],
  [
    'G05',
    'stages',
    'the same with the stage q* (a pattern prod does not match)',
    kit.diffOf('hub.json', secretOpen('secret-q.json', 'q*'), '--config', NO_STAGES),
    1,
  ],
  [
    'G06',
    'stages',
    'no outsider passes the endpoint open on GET /secret at every stage, orders configured at a stage named "other" (the stand-in\'s name), stages not stated: never a pass',
    [
      'check',
      proofFeature('G06', 'no principal outside the organization can pass the endpoint'),
      '--endpoint-policy',
      SECRET_ANY,
      '--config',
      OTHER_STAGE,
      '--reports',
      'r-G06',
    ],
    1,
    undefined,
    { reports: 'r-G06' },
  ],
  [
    'G07',
    'stages',
    'who-can --format json over orders at stage "other", stages not stated: a stand-in of another name',
    whoCan(SECRET_ANY, '--config', OTHER_STAGE, '--format', 'json'),
    0,
    undefined,
    { shows: /"standIns": \[\s*"otherq"/ },
  ],
  stageRow(
    'G08',
    'stages: [] (an API has a stage)',
    ORDERS_STAGES,
    ORDERS_STAGES.replace('[prod]', '[]'),
    'stages',
  ),
  stageRow(
    'G09',
    "stage 'pr*d' (a wildcard)",
    '    stage: prod\n    stages',
    "    stage: 'pr*d'\n    stages",
    'stage',
  ),
  stageRow(
    'G10',
    "stage 'prod/GET' (a slash)",
    '    stage: prod\n    stages',
    "    stage: 'prod/GET'\n    stages",
    'stage',
  ),
  stageRow(
    'G11',
    "stages [prod, 'prod '] (a trailing space)",
    ORDERS_STAGES,
    ORDERS_STAGES.replace('[prod]', "[prod, 'prod ']"),
    'stages',
  ),
  stageRow(
    'G12',
    'stageRoutes for a stage beta while the stages are not stated',
    ORDERS_STAGES,
    `${ORDERS_NO_STAGES}\n    stageRoutes: { beta: ['GET /x'] }`,
    'stageRoutes',
  ),
  stageRow(
    'G13',
    'a stage name of 100,000 characters',
    '    stage: prod\n    stages: [prod]',
    `    stage: ${HUGE}\n    stages: [${HUGE}]`,
    'stage',
  ),

  // ---- path spellings in routes, Resources, options and features ----
  routeRow('P01', "a route 'GET //orders' (an empty path part)", `'GET //orders'`, 'routes'),
  routeRow('P02', "a route 'GET /orders/' (a trailing slash)", `'GET /orders/'`, 'routes'),
  routeRow('P03', "a route 'GET /%6Frders' (percent-encoded)", `'GET /%6Frders'`, 'routes'),
  routeRow('P04', "a route 'GET /orders%2Fx' (an encoded slash)", `'GET /orders%2Fx'`, 'routes'),
  [
    'P05',
    'spellings',
    'who-can of a Deny of GET//orders (a Resource holding //) beside an Allow of everything: answered',
    whoCan(allButDenied('P05.json', 'GET//orders')),
    0,
  ],
  [
    'P06',
    'spellings',
    'who-can of a Deny of GET/%6Frders: answered',
    whoCan(allButDenied('P06.json', 'GET/%6Frders')),
    0,
  ],
  [
    'P07',
    'spellings',
    'who-can of a Deny of GET/orders% (a broken escape): answered',
    whoCan(allButDenied('P07.json', 'GET/orders%')),
    0,
  ],
  [
    'P08',
    'spellings',
    'who-can of a Deny of a path of 600 slashes: answered or refused, bounded',
    whoCan(allButDenied('P08.json', `GET/${'a/'.repeat(600)}x`)),
    0,
    undefined,
    { maxOutput: 200_000 },
  ],
  [
    'P09',
    'spellings',
    'who-can of 60 Denies each of a 64-character exact path (each asked in ~260 spellings): answered, bounded',
    whoCan(
      json(
        'P09.json',
        kit.policyOfStatements(
          60,
          (i) => `${API}/prod/GET/${String(i).padStart(2, '0')}${'p'.repeat(62)}`,
          () => ({ Effect: 'Deny' }),
        ),
      ),
    ),
    0,
  ],
  ...(
    [
      ['P10', '//orders'],
      ['P11', '/%6Frders'],
      ['P12', '/orders/'],
    ] as const
  ).map(([id, path]): Row => [
    id,
    'spellings',
    `who-can --path ${path} past a Deny of GET/orders as written: only if the ARN holds the path as written`,
    whoCan(DENY_ORDERS, '--api', 'orders', '--method', 'GET', '--path', path),
    0,
    undefined,
    { shows: /only if its resource ARN holds its path as written/ },
  ]),
  ...(
    [
      ['P13', 'GET //orders', 'allowed'],
      ['P15', 'GET /%6Frders', 'denied'],
      ['P16', 'GET /orders/', 'allowed'],
    ] as const
  ).map(([id, route, then]): Row => [
    id,
    'spellings',
    `a feature expecting CheckoutRole's ${route} ${then} past a Deny of GET/orders as written: unknown (the ARN's reading is not established), never a pass`,
    callRoute(id, route, then).map((a) => (a === 'hub.json' ? DENY_ORDERS : a)),
    3,
    undefined,
    { shows: /predicted: unknown/, reports: `r-${id}` },
  ]),
  [
    'P14',
    'spellings',
    'evaluate of the hub for CheckoutRole on prod/GET//orders: allowed (its Resource is */*)',
    kit.evaluateOf({
      policy: 'hub.json',
      principal: kit.ROLE,
      resource: `${API}/prod/GET//orders`,
      flag: '--endpoint-policy',
    }),
    0,
  ],

  // ---- runner.credentials ----
  runnerRow('C01', 'credentials Long-Term (case)', '{ credentials: Long-Term }', 'runner\\.credentials'),
  runnerRow(
    'C02',
    "credentials 'long-term ' (a trailing space)",
    "{ credentials: 'long-term ' }",
    'runner\\.credentials',
  ),
  runnerRow(
    'C03',
    "credentials mfa-session (a user's value)",
    '{ credentials: mfa-session }',
    'runner\\.credentials',
  ),
  runnerRow(
    'C04',
    'credentials [long-term] (a list)',
    '{ credentials: [long-term] }',
    'runner\\.credentials',
  ),
  runnerRow('C05', 'credentials ~ (null)', '{ credentials: ~ }', 'runner\\.credentials'),
  runnerRow(
    'C06',
    'credentials "long\\u2011term" (a non-breaking hyphen)',
    '{ credentials: "long\\u2011term" }',
    'runner\\.credentials',
  ),
  runnerRow('C07', 'credentials temporary: answered', '{ credentials: temporary }'),
  runnerRow('C08', 'a runner key of its own (credential)', '{ credential: long-term }', 'runner'),
  [
    'C09',
    'runner',
    'credentials temporary, CheckoutRole through an endpoint letting MFA sessions alone in: unknown naming the setting, never allowed',
    [
      ...callAs('C09', 'CheckoutRole'),
      '--config',
      config('C09.yaml', SANDBOX_LINE, `runner: { credentials: temporary }\n${SANDBOX_LINE}`),
    ].map((a) => (a === 'hub.json' ? MFA_HUB : a)),
    3,
    undefined,
    { shows: /predicted: unknown/, reports: 'r-C09' },
  ],
  [
    'C10',
    'runner',
    'credentials long-term, the same: denied by the endpoint (an expectation of allowed fails)',
    [
      ...callAs('C10', 'CheckoutRole'),
      '--config',
      config('C10.yaml', SANDBOX_LINE, `runner: { credentials: long-term }\n${SANDBOX_LINE}`),
    ].map((a) => (a === 'hub.json' ? MFA_HUB : a)),
    1,
    undefined,
    { reports: 'r-C10' },
  ],

  // ---- confusable aliases ----
  roleAlias(
    'A01',
    'a role Checkout\u0301Role (a combining acute on its t: drawn, a name of its own): answered',
    'Checkout\u0301Role',
    false,
  ),
  [
    'A15',
    'aliases',
    'who-can of a Deny on tag team "analytics" + U+FE0F (a variation selector after a letter: drawn as nothing): shown escaped',
    whoCan(json('A15.json', ANALYTICS_DENY), '--api', 'orders'),
    0,
    undefined,
    { shows: /analytics\\ufe0f/ },
  ],
  [
    'A16',
    'aliases',
    'diff --format md adding that Deny: the comment shows the selector escaped (Markdown doubles the backslash)',
    kit.diffFromHub('A15.json', '--format', 'md'),
    0,
    undefined,
    { shows: /analytics\\{1,2}ufe0f/ },
  ],
  cfgRow(
    'A17',
    'aliases',
    'a tag value "analytics" + U+FE0F',
    'tags: { team: analytics }',
    'tags: { team: "analytics\\ufe0f" }',
    'tags',
  ),
  [
    'A18',
    'aliases',
    "a feature whose scenario name holds ✔️ (U+2714 U+FE0F: the emoji's own selector): answered",
    writers.checkWith(
      'A18',
      'Feature: a\n  Scenario: \u2714\ufe0f checkout\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n',
    ),
    0,
    undefined,
    { reports: 'r-A18' },
  ],
  roleAlias('A02', 'a role CheckoutRole with a variation selector (U+FE0F)', 'CheckoutRole\ufe0f'),
  roleAlias('A03', 'a role CheckoutRole after a right-to-left override (U+202E)', '\u202eCheckoutRole'),
  roleAlias('A04', 'a role CheckoutRoIe (a capital I for the l)', 'CheckoutRoIe'),
  roleAlias('A05', 'a role Checkοut­Role (a Greek omicron)', 'Check\u03bfutRole'),
  roleAlias('A06', 'a role CheckoutRole with a zero-width joiner', 'Checkout\u200dRole'),
  roleAlias('A07', 'a role CheckoutRole with a soft hyphen (U+00AD)', 'Checkout\u00adRole'),
  roleAlias('A08', 'a role ＣheckoutRole (a fullwidth C)', '\uff23heckoutRole'),
  roleAlias('A09', 'a role Checkout_Role (no look-alike): answered', 'Checkout_Role', false),
  cfgRow(
    'A10',
    'aliases',
    'an API οrders (a Greek omicron) beside orders',
    /^apis:/m,
    "apis:\n  \u03bfrders: { id: e5f6a7b8c9, account: '222222222222', stage: prod, stages: [prod], vpcEndpointIds: [vpce-0123456789abcdef0], routes: ['GET /'] }",
    'apis',
  ),
  [
    'A11',
    'aliases',
    'a feature calling as CheckoutRoIe (no such role)',
    callAs('A11', 'CheckoutRoIe'),
    2,
    /A11\.feature/,
  ],
  [
    'A12',
    'aliases',
    'a feature calling as Checkout\\u202eRole',
    callAs('A12', 'Checkout\u202eRole'),
    2,
    /A12\.feature/,
  ],
  [
    'A13',
    'aliases',
    'a feature calling as CheckoutRole\\ufe0f',
    callAs('A13', 'CheckoutRole\ufe0f'),
    2,
    /A13\.feature/,
  ],
  [
    'A14',
    'aliases',
    'a feature calling as Checkout\\u0301Role',
    callAs('A14', 'Checkout\u0301Role'),
    2,
    /A14\.feature/,
  ],

  // ---- huge names in every message ----
  [
    'E01',
    'excerpt',
    'a feature calling as a role of 100,000 characters',
    callAs('E01', HUGE),
    2,
    /E01\.feature/,
    BOUNDED,
  ],
  [
    'E02',
    'excerpt',
    'who-can --api of 100,000 characters',
    whoCan('hub.json', '--api', HUGE),
    2,
    /unknown API alias/,
    BOUNDED,
  ],
  [
    'E03',
    'excerpt',
    'who-can --path of 100,000 characters',
    whoCan('hub.json', '--api', 'orders', '--path', `/${HUGE}`),
    2,
    /--path/,
    BOUNDED,
  ],
  [
    'E04',
    'excerpt',
    'who-can --method of 100,000 characters',
    whoCan('hub.json', '--api', 'orders', '--method', HUGE),
    2,
    /--method/,
    BOUNDED,
  ],
  [
    'E05',
    'excerpt',
    'evaluate --principal of 100,000 characters',
    kit.evaluateArgs('hub.json', HUGE, kit.RES),
    2,
    /principal "H{20}/,
    BOUNDED,
  ],
  [
    'E06',
    'excerpt',
    'evaluate --resource of 100,000 characters',
    kit.evaluateArgs('hub.json', kit.ROLE, HUGE),
    2,
    /--resource/,
    BOUNDED,
  ],
  [
    'E07',
    'excerpt',
    'a step of 100,000 characters no step definition matches',
    writers.checkWith('E07', `Feature: a\n  Scenario: b\n    Then ${HUGE}\n`),
    2,
    /E07\.feature/,
    BOUNDED,
  ],
  cfgRow(
    'E08',
    'excerpt',
    'a role alias of 100,000 characters',
    /^roles:/m,
    `roles:\n  ${HUGE}: { arn: 'arn:aws:iam::111111111111:role/X', identityPolicies: [] }`,
    'line 13',
  ),
  cfgRow(
    'E09',
    'excerpt',
    'a tag value of 100,000 characters',
    'tags: { team: analytics }',
    `tags: { team: ${HUGE} }`,
    'tags',
  ),
  cfgRow(
    'E10',
    'excerpt',
    'a route of 100,000 characters',
    ORDERS_ROUTES,
    ORDERS_ROUTES.replace(/\]$/, `, 'GET /${HUGE}']`),
  ),
  [
    'E15',
    'excerpt',
    'diff (text) of a grant to anyone whose Sid is 19,000 characters: each "allowed by" names it cut',
    kit.diffFromHub(json('E15.json', kit.invokeByAnyone({ Sid: 'S'.repeat(19_000) }))),
    0,
    undefined,
    { maxOutput: 100_000 },
  ],
  [
    'E12',
    'excerpt',
    'an endpoint policy whose Deny has a Sid of 20,000 characters and Effect Maybe',
    whoCan(json('E12.json', kit.invokeByAnyone({ Sid: 'S'.repeat(20_000), Effect: 'Maybe' }))),
    2,
    /E12\.json/,
    BOUNDED,
  ],
  [
    'E13',
    'excerpt',
    '--reports of 5,000 characters',
    kit.CHECK('--reports', 'r'.repeat(5000)),
    2,
    /--reports/,
    BOUNDED,
  ],
  [
    'E14',
    'excerpt',
    'a Terraform plan whose policy resource address is 100,000 characters and whose policy is not JSON',
    kit.planDiff(
      writers.plan('E14.json', (p) => {
        const r = p.resource_changes.find((c) => c.type === 'aws_vpc_endpoint_policy')!;
        r.address = `aws_vpc_endpoint_policy.${HUGE}`;
        r.change.after!.policy = '{not json';
      }),
    ),
    2,
    /E14\.json/,
    BOUNDED,
  ],

  // ---- the reports folder's lock ----
  ...(
    [
      [
        'K01',
        'a lock that is a link to the outside secret',
        (id: string) => symlinkSync(join(project.outside, 'secret.txt'), lockPath(id)),
      ],
      ['K02', 'a lock that is a link to itself (a loop)', (id: string) => symlinkSync(LOCK, lockPath(id))],
      ['K03', 'a lock that is a dangling link', (id: string) => symlinkSync('/nonexistent/x', lockPath(id))],
      ['K04', 'a lock that is a FIFO', (id: string) => spawnSync('mkfifo', [lockPath(id)])],
      [
        'K05',
        'a lock that is a sparse file of 4 GiB',
        (id: string) => (writeFileSync(lockPath(id), ''), truncateSync(lockPath(id), 4 * 2 ** 30)),
      ],
      [
        'K06',
        'a lock with a NUL after the pid',
        (id: string) => writeFileSync(lockPath(id), lockLineOf(process.pid, RUN_ID).replace(' ', '\0 ')),
      ],
      [
        'K07',
        'a lock of this process (its true start time) and a run it does not hold',
        (id: string) => writeFileSync(lockPath(id), lockLineOf(process.pid, RUN_ID)),
      ],
      [
        'K08',
        'a lock line then 1 MiB of NUL bytes',
        (id: string) =>
          writeFileSync(
            lockPath(id),
            Buffer.concat([Buffer.from(lockLineOf(sleeper.pid!, RUN_ID)), Buffer.alloc(2 ** 20)]),
          ),
      ],
      ['K09', 'a lock of mode 000', (id: string) => writeFileSync(lockPath(id), '1 x\n', { mode: 0 })],
      [
        'K10',
        'a lock naming a live process with another start time',
        (id: string) => writeFileSync(lockPath(id), `${sleeper.pid} ${RUN_ID} 1\n`),
      ],
      [
        'K14',
        "a killed run's staging folder that is a link to the folder outside (removed: the link, never what it leads to)",
        (id: string) => symlinkSync(project.outside, project.at(`r-${id}`, '.spokegate-run-x')),
      ],
      [
        'K15',
        "a killed run's staging folder holding a link to the folder outside",
        (id: string) => {
          mkdirSync(project.at(`r-${id}`, '.spokegate-run-y'));
          symlinkSync(project.outside, project.at(`r-${id}`, '.spokegate-run-y', 'out'));
        },
      ],
      [
        'K16',
        "a previous run's access-matrix.json that is a link to the folder outside",
        (id: string) => symlinkSync(project.outside, project.at(`r-${id}`, 'access-matrix.json')),
      ],
    ] as [string, string, (id: string) => void][]
  ).map(([id, what, plant]) => {
    lockDir(id);
    plant(id);
    return taken(id, what);
  }),
  ...(
    [
      ['K11', 'a lock that is a folder', (id: string) => mkdirSync(lockPath(id))],
      [
        'K12',
        'a lock that is a folder holding a file',
        (id: string) => (mkdirSync(lockPath(id)), writeFileSync(join(lockPath(id), 'x'), 'x')),
      ],
      [
        'K13',
        'a lock of a live process (not a run, its true start time)',
        (id: string) => writeFileSync(lockPath(id), lockLineOf(sleeper.pid!, RUN_ID)),
      ],
    ] as [string, string, (id: string) => void][]
  ).map(([id, what, plant]) => {
    lockDir(id);
    plant(id);
    return blocked(id, what);
  }),

  // ---- Fn::Equals of numbers as text: [id, what, template kind, the two values, what who-can answers] ----
  ...(
    [
      ['Q01', 'Fn::Equals [1, "1"] (a number is its text)', 'json', '1', '"1"', ORDERS],
      ['Q02', 'Fn::Equals ["01", 1] (other text)', 'json', '"01"', '1', HEALTH],
      ['Q03', 'Fn::Equals [true, "true"]', 'json', 'true', '"true"', ORDERS],
      [
        'Q05',
        'Fn::Equals [1e2, "100"] (JSON reads 100; the template says 1e2)',
        'json',
        '1e2',
        '"100"',
        'refused',
      ],
      [
        'Q06',
        'Fn::Equals [12345678901234567890, "12345678901234567890"] (past 2^53, where a double is 12345678901234567000)',
        'json',
        '12345678901234567890',
        '"12345678901234567890"',
        'refused',
      ],
      [
        'Q07',
        'Fn::Equals [9007199254740993, "9007199254740992"] (a double reads both as 2^53)',
        'json',
        '9007199254740993',
        '"9007199254740992"',
        'refused',
      ],
      [
        'Q08',
        'Fn::Equals of a Number parameter defaulting to 12345678901234567890 and its text',
        'json',
        '{"Ref":"N"}',
        '"12345678901234567890"',
        'refused',
        '{"N":{"Type":"Number","Default":12345678901234567890}}',
      ],
      [
        'Q09',
        'YAML !Equals [0x1F, "31"] (31 in YAML 1.1 and 1.2 alike, §45)',
        'yaml',
        '0x1F',
        '"31"',
        ORDERS,
      ],
      ['Q10', 'YAML !Equals [1_000, "1000"] (YAML 1.1 digits)', 'yaml', '1_000', '"1000"', 'refused'],
      ['Q11', 'YAML !Equals [.inf, ".inf"]', 'yaml', '.inf', '".inf"', 'refused'],
      ['Q12', 'YAML !Equals [7, "7"]', 'yaml', '7', '"7"', ORDERS],
      ['Q13', 'YAML !Equals [1e3, "1e3"] (YAML 1.2 reads 1000)', 'yaml', '1e3', '"1e3"', 'refused'],
      ['Q04', 'YAML !Equals [+7, "7"] (7 in YAML 1.1 and 1.2 alike)', 'yaml', '+7', '"7"', ORDERS],
      ['Q14', 'YAML !Equals [~, ""] (null is no string)', 'yaml', '~', '""', 'refused'],
      ['Q15', 'YAML !Equals [0x1F, "0x1F"] (31 is not 0x1F)', 'yaml', '0x1F', '"0x1F"', HEALTH],
    ] as [string, string, 'json' | 'yaml', string, string, RegExp | 'refused', string?][]
  ).map(([id, what, kind, a, b, route, parameters]) =>
    equalsRow(id, what, kind === 'json' ? equalsJson(id, a, b, parameters) : equalsYaml(id, a, b), route),
  ),
];

describe('attack run 18: hostile inputs through main()', () => {
  kit.probeTests(project, [
    ...ROWS.map(probeOf),
    ...kit.probesOf<Area>('excerpt', [
      [
        'E11',
        'AWS_REGION of 100,000 characters (call by API id)',
        kit.anonymousCall('--api-id', 'a1b2c3d4e5', '--stage', 'prod'),
        { ...(kit.refusedEnv('AWS_REGION', HUGE) as kit.Expected), ...BOUNDED },
      ],
    ]),
  ]);

  it('K01, K14-K16 links in the reports folder (a lock, staging folders, a report): removed, never what they lead to', () => {
    for (const f of ['secret.txt', 'policy.json']) expect(existsSync(join(project.outside, f)), f).toBe(true);
  });
});

// ---- the sandbox's STS: packed session policies near 2,048 characters, ProvidedContexts ----
const ASSUME = {
  Action: 'AssumeRole',
  RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
  RoleSessionName: 'xx',
};
const MANAGED = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'; // 41 characters
/** A valid identity policy of exactly `n` characters. */
const policyOf = (n: number) => {
  const shell = (pad: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:*:*:*/${pad}` },
      ],
    });
  return shell('x'.repeat(n - shell('').length));
};
const arnsOf = (...arns: string[]) =>
  Object.fromEntries(arns.map((a, i) => [`PolicyArns.member.${i + 1}.arn`, a]));
const context = (i: number, provider: string, assertion: string) => ({
  [`ProvidedContexts.member.${i}.ProviderArn`]: provider,
  [`ProvidedContexts.member.${i}.ContextAssertion`]: assertion,
});
const PROVIDER = 'arn:aws:iam::aws:contextProvider/IdentityCenter';

describe('attack run 18: the sandbox STS as AWS answers', () => {
  // [id, what, parameters, status, error code (or PackedPolicySize when issued)]
  const rows: [string, string, Record<string, string>, number, string | number][] = [
    ['N01', 'a Policy of 2,048 characters alone', { Policy: policyOf(2048) }, 200, 100],
    [
      'N02',
      'a Policy of 2,007 and one ARN of 41 (2,048)',
      { Policy: policyOf(2007), ...arnsOf(MANAGED) },
      200,
      100,
    ],
    [
      'N03',
      'a Policy of 2,008 and one ARN of 41 (2,049)',
      { Policy: policyOf(2008), ...arnsOf(MANAGED) },
      400,
      'PackedPolicyTooLarge',
    ],
    // AssumeRole's Policy has no model maximum (unrestrictedSessionPolicyDocumentType): the packed check's.
    ['N04', 'a Policy of 2,049 characters', { Policy: policyOf(2049) }, 400, 'PackedPolicyTooLarge'],
    ['N05', 'one ARN of 2,048 characters', arnsOf(`arn:aws:iam::aws:policy/${'p'.repeat(2024)}`), 200, 100],
    [
      'N06',
      'one ARN of 2,049 characters',
      arnsOf(`arn:aws:iam::aws:policy/${'p'.repeat(2025)}`),
      400,
      'ValidationError',
    ],
    [
      'N07',
      'a Policy of 1,024 and one ARN of 1,025 (2,049)',
      { Policy: policyOf(1024), ...arnsOf(`arn:aws:iam::aws:policy/${'p'.repeat(1001)}`) },
      400,
      'PackedPolicyTooLarge',
    ],
    [
      'N08',
      'eleven ARNs (the most is ten)',
      arnsOf(...Array<string>(11).fill(MANAGED)),
      400,
      'ValidationError',
    ],
    [
      'N09',
      'a Policy of 2,048 holding a character past U+00FF',
      { Policy: policyOf(2048).replace('xx', '\u0100x') },
      400,
      'ValidationError',
    ],
    [
      'X01',
      'a ProvidedContext whose assertion is 2,049 characters',
      context(1, PROVIDER, 'a'.repeat(2049)),
      400,
      'ValidationError',
    ],
    [
      'X02',
      'a ProvidedContext without its ProviderArn',
      { 'ProvidedContexts.member.1.ContextAssertion': 'assertion' },
      400,
      'ValidationError',
    ],
    [
      'X03',
      'a ProvidedContext numbered 2 alone (no member 1): never a session that drops it',
      context(2, PROVIDER, 'assertion'),
      403,
      'AccessDenied',
    ],
    [
      'X04',
      'six ProvidedContexts numbered 2 to 7',
      Object.assign({}, ...[2, 3, 4, 5, 6, 7].map((i) => context(i, PROVIDER, 'assertion'))) as Record<
        string,
        string
      >,
      400,
      'ValidationError',
    ],
    [
      'X05',
      'a ProvidedContext holding the canary secret: never echoed',
      context(1, PROVIDER, project.canary.secret),
      403,
      'AccessDenied',
    ],
  ];
  it.each(rows)('%s %s', async (_id, _what, params, status, expected) => {
    const s = newState(demoWorld());
    const r = await query(s, 'sts', { ...ASSUME, ...params });
    expect(r.status, r.body).toBe(status);
    const doc = parseXml(r.body);
    if (typeof expected === 'number')
      expect(Number(doc.AssumeRoleResponse.AssumeRoleResult.PackedPolicySize)).toBe(expected);
    else expect(doc.ErrorResponse?.Error?.Code).toBe(expected);
    for (const secret of project.secrets) expect(r.body).not.toContain(secret);
    if (status !== 200) expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
  });
});

// ---- the sandbox's execute-api: the request time from X-Amz-Date and Date ----
describe('attack run 18: the request time at the sandbox execute-api', () => {
  const HOST = apiHost('a1b2c3d4e5');
  /** The demo harness's GET /prod/orders signed now, its headers then edited by `edit`. */
  /** `edit` is given the signing time: the sandbox's clock `minutes` later. */
  const answer = async (
    unsigned: string[],
    edit: (h: Record<string, string>, at: Date) => void,
    minutes = 0,
  ) => {
    const s = newState(demoWorld());
    const at = new Date(s.now().getTime() + minutes * 60_000);
    const headers = await signedLeavingOut(s, HOST, unsigned, at);
    edit(headers, at);
    return getReply(s, HOST, '/prod/orders', headers);
  };
  const amz = (text: string) => (h: Record<string, string>) => void (h['x-amz-date'] = text);
  const dateOnly = (text: (at: Date) => string) => (h: Record<string, string>, at: Date) => {
    delete h['x-amz-date'];
    h.date = text(at);
  };
  // [id, what, unsigned headers, edit, status]: 403 is the harness refused at the signature; the
  // endpoint's 403 (the harness is no role the hub names) is what a verified signature gets.
  const rows: [string, string, string[], (h: Record<string, string>, at: Date) => void, string, number?][] = [
    [
      'T01',
      'X-Amz-Date of month 13 (Date.UTC would roll it over)',
      [],
      (h, now) => amz(formatAmzDate(now).replace(/^(\d{4})\d\d/, '$113'))(h),
      'signature',
    ],
    [
      'T02',
      'X-Amz-Date of 24:00:00',
      [],
      (h, now) => amz(formatAmzDate(now).replace(/T\d{6}/, 'T240000'))(h),
      'signature',
    ],
    [
      'T03',
      'X-Amz-Date written twice (joined with a comma)',
      [],
      (h) => amz(`${h['x-amz-date']}, ${h['x-amz-date']}`)(h),
      'signature',
    ],
    [
      'T04',
      'X-Amz-Date in lower case (t, z)',
      [],
      (h) => amz(h['x-amz-date']!.toLowerCase())(h),
      'signature',
    ],
    [
      'T05',
      'X-Amz-Date with milliseconds',
      [],
      (h) => amz(h['x-amz-date']!.replace('Z', '.000Z'))(h),
      'signature',
    ],
    ['T06', 'an empty X-Amz-Date', [], amz(''), 'signature'],
    [
      'T07',
      'Date alone, basic format, 6 minutes ahead (execute-api takes 5)',
      ['x-amz-date'],
      dateOnly((at) => formatAmzDate(at)),
      'signature',
      6,
    ],
    [
      'T08',
      'Date alone, basic format, 4 minutes ago',
      ['x-amz-date'],
      dateOnly((at) => formatAmzDate(at)),
      'endpoint',
      -4,
    ],
    [
      'T09',
      'an unsigned Date of 10,000 characters holding the canary beside a signed X-Amz-Date',
      [],
      (h) => void (h.date = `${project.canary.secret}${'d'.repeat(10_000)}`),
      'endpoint',
    ],
    [
      'T10',
      'Date alone in ISO-8601 extended format',
      ['x-amz-date'],
      dateOnly((now) => now.toISOString()),
      'signature',
    ],
  ];
  it.each(rows)('%s %s', async (_id, _what, unsigned, edit, expected, minutes) => {
    const r = await answer(unsigned, edit, minutes);
    expect(r.status, r.body).toBe(403);
    const type = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1] ?? '';
    if (expected === 'endpoint') expect(r.body).toMatch(/VPC endpoint policy/);
    else expect(type, r.body).not.toMatch(/^AccessDenied/);
    for (const secret of project.secrets) expect(r.body).not.toContain(secret);
  });
});
