// Issue 12, attack run 20: new hostile inputs on what pass 20 added and earlier runs did not reach:
// the exact witness search and its 10,000,000-step bound (exit 2 naming the statement, whatever its
// Sid holds, in bounded memory), `%XX` in a pattern's head and tail, runs of `?`, the witness
// alphabet and its stand-in character, resourceSides (NotResource and Deny mixed with spelled
// paths), session tags and transitive tags under runner.credentials, federated sessions with tags
// and session policies, ASCII look-alike aliases, who-can's legend of long values, diff's bounds
// compared reading by reading, and the reports lock's boot id. Rows of probes run through the CLI's
// main() in this process with canary secrets in the environment and in files outside the project,
// scored as the issue scores an attack run (test/reliability/attack-kit.ts); the sandbox rows ask
// its STS and execute-api directly (the Query `Version`, presigned `X-Amz-Expires` spellings).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { BOOT_ID, lockLineOf, ROOT } from '../harness/helpers.js';
import {
  demoWorld,
  expectQueryAnswer,
  expectRefusedAt,
  newState,
  presignedOrders,
  query,
} from '../sandbox/helpers.js';
import * as kit from './attack-kit.js';
import { template } from './endpoint-template.js';

const { project, config, writers } = kit.attackRun('attack20', 'Q20');
const { write, json } = project;

type Area = (typeof AREAS)[number];
/** The areas of pass 20 this run probes. */
const AREAS = [
  'witness',
  'encoded',
  'qmark',
  'alphabet',
  'sides',
  'tags',
  'federated',
  'aliases',
  'legend',
  'bounds',
  'boot',
  'defaults',
] as const;
type Row = kit.AreaRow<Area>;
const probeOf = kit.probeOfRow<Area>;
const cfgRow = kit.configRows(config);
const whoCan = kit.whoCanOf;

const { ORDERS_API: API, INVOKE, RESTYLE: HOSTILE, AS_WRITTEN, OUTSIDE } = kit;
const NOT_A_PASS = { shows: /predicted: unknown/ };

/** A statement of `effect` for anyone invoking `resources` (orders' prod paths unless `*` or an ARN). */
const stmt = (effect: string, resources: string[], more: object = {}, key = 'Resource') => ({
  Effect: effect,
  Principal: '*',
  Action: INVOKE,
  [key]: resources.map((r) => (r === '*' || r.startsWith('arn:') ? r : `${API}/prod/${r}`)),
  ...more,
});
/** A policy of `statements` written as `name`. */
const policy = (name: string, ...statements: object[]) =>
  json(name, { Version: '2012-10-17', Statement: statements });
/** Anyone may invoke anything, but `statements` follow. */
const openBut = (name: string, ...statements: object[]) => policy(name, stmt('Allow', ['*']), ...statements);
/** A Deny of outsiders (no principal of the demo's organization). */
const OUTSIDERS = { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };
const OPEN_ORDERS = kit.openOrdersConfig(project, config);
const proofFeature = kit.proofFeatureIn(project);
/** check of the outsiders' proof over `policyFile` (orders open to all), expecting `code`. */
const outsidersRow = (id: string, area: Area, what: string, policyFile: string, code: number): Row => [
  id,
  area,
  what,
  [
    'check',
    proofFeature(id, OUTSIDE),
    '--endpoint-policy',
    policyFile,
    '--config',
    OPEN_ORDERS,
    '--reports',
    `r-${id}`,
  ],
  code,
  undefined,
  { reports: `r-${id}` },
];
/** Deny outsiders on every route of orders as written but `spared` (its spellings are the probe). */
const ROUTES_AS_WRITTEN = ['GET/', 'GET/health*', 'POST/*', 'DELETE/*'];
/** A feature of one call by `who` of `route` on orders, expected `then`. */
const callFeature = (id: string, who: string, route: string, then: string) =>
  `Feature: a\n  Scenario: b\n    Given the endpoint policy of "hub" is read from EC2\n    When "${who}" calls ${route} on "orders"\n    Then the call is ${then}\n`;
/** check of `callFeature` through `policyFile` (and `more` arguments), expecting `code` (and `expect`). */
const callRow = (
  id: string,
  area: Area,
  what: string,
  call: [who: string, route: string, then: string],
  policyFile: string,
  code: number,
  more: string[] = [],
  expect: Partial<kit.Expected> = {},
): Row => [
  id,
  area,
  what,
  [
    ...writers
      .checkWith(id, callFeature(id, ...call), ...more)
      .map((a) => (a === 'hub.json' ? policyFile : a)),
  ],
  code,
  code === 2 ? /./ : undefined,
  { reports: `r-${id}`, ...expect },
];

// ---- the exact witness search's bound: twelve `*/*/segN/*` patterns (docs/limits.md) ----
const SEGMENTS = (n: number) => Array.from({ length: n }, (_, i) => `GET/*/*/seg${i}/*`);
const segDeny = (name: string, sid: string) => openBut(name, { Sid: sid, ...stmt('Deny', SEGMENTS(12)) });
const BOUND = /Statement\[1\] \(Sid "[^\n]*"\) Resource: the policies tell apart more kinds of path/;

// ---- the witness alphabet ----
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
/** IAM's tag value pattern (botocore iam tagValueType): what a principal's tag may hold. */
const IAM_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

// ---- the legend of long values ----
/** A long value that tries to forge the legend, a line, a code span, a comment and a mention. */
const LEGEND_VALUE = `[v1] = "x"\n${'`'.repeat(40)}<!--@team\u202e${'y'.repeat(30)}`;

// ---- federated sessions: a user of the hub account federating as bot ----
/** The demo config (orders open to all, runner long-term) with user ci and federated user bot (`bot`: its keys). */
const fedConfig = (id: string, bot: string) =>
  write(
    `${id}.yaml`,
    readFileSync(project.at(OPEN_ORDERS), 'utf8').replace(
      'sandbox: { world: world.yaml }',
      [
        'users:',
        "  ci: { arn: 'arn:aws:iam::111111111111:user/ci', userId: AIDASANDBOXHARNESS01, tags: {}, identityPolicies: [policies/invoke-all.json] }",
        'federated:',
        `  bot: { user: ci, name: ci-bot, ${bot} }`,
        'runner: { credentials: long-term }',
        'sandbox: { world: world.yaml }',
      ].join('\n'),
    ),
  );
/** An endpoint letting in only principals tagged team=analytics. */
const TEAM_ONLY = policy(
  'team-only.json',
  stmt('Allow', ['*'], { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } } }),
);
const fedRow = (id: string, what: string, bot: string, then: string, code: number, more = {}): Row =>
  callRow(
    id,
    'federated',
    what,
    ['bot', 'GET /orders', then],
    TEAM_ONLY,
    code,
    ['--config', fedConfig(id, bot)],
    more,
  );

// ---- session tags under runner.credentials ----
const SANDBOX_LINE = 'sandbox: { world: world.yaml }';
const LONG_TERM = config(
  'long-term.yaml',
  'sandbox: { world: world.yaml }',
  'runner: { credentials: long-term }\nsandbox: { world: world.yaml }',
);
/** Anyone may invoke, but principals whose tag (by condition `c`) matches are denied. */
const tagDeny = (name: string, c: object) => openBut(name, stmt('Deny', ['*'], { Condition: c }));

// ---- the reports lock's boot id ----
const LOCK = '.spokegate.lock';
const lockAt = (id: string) => project.at(`r-${id}`, LOCK);
const lockDir = (id: string) => mkdirSync(project.at(`r-${id}`), { recursive: true });
// A live process that is no spokegate run, its true start time in the lines below.
const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});
const RUN_ID = '2026-12-03T120000000Z-0123abcd';
const sleeperLine = () => lockLineOf(sleeper.pid!, RUN_ID);

// ---- a template parameter's Default (pass 21 reads decimals through it): what CloudFormation refuses ----
/** evaluate of GET /orders through a template whose Resource is orders' only where parameter P (its Default `def`) is "1.5". */
const defaultRow = (id: string, what: string, def: unknown, code: number): Row => [
  id,
  'defaults',
  `a Number parameter's Default ${what}${code === 2 ? ': refused naming it' : ''}`,
  kit.evaluateOf({
    policy: write(
      `${id}.json`,
      template(
        { 'Fn::If': ['C', `${API}/prod/GET/orders`, `${API}/prod/GET/other`] },
        {
          Parameters: { P: { Type: 'Number', Default: def } },
          Conditions: { C: { 'Fn::Equals': [{ Ref: 'P' }, '1.5'] } },
        },
      ),
    ),
    principal: kit.ROLE,
    resource: `${API}/prod/GET/orders`,
    flag: '--endpoint-policy',
  }),
  code,
  code === 2
    ? new RegExp(`${id}\\.json: line 1: Parameters\\.P\\.Default: CloudFormation refuses this template`)
    : undefined,
];

const ROWS: Row[] = [
  // ---- the exact witness search's bound ----
  [
    'W01',
    'witness',
    'who-can of twelve */*/segN/* Deny patterns (past 10,000,000 steps), its Sid an escape sequence, a bidi override and a forged line: exit 2 naming the statement, one line, escaped',
    whoCan(segDeny('W01.json', `E${HOSTILE}`)),
    2,
    BOUND,
    { maxOutput: 4000 },
  ],
  [
    'W03',
    'witness',
    'the same, its Sid of 15,000 characters: the message bounded',
    whoCan(segDeny('W03.json', 'S'.repeat(15_000))),
    2,
    BOUND,
    { maxOutput: 4000 },
  ],
  [
    'W04',
    'witness',
    'diff from the hub to that policy: exit 2 naming the statement, never "no new access"',
    kit.diffOf('hub.json', 'W01.json', '--fail-on', 'grant'),
    2,
    BOUND,
  ],
  [
    'W05',
    'witness',
    'the outsiders proof over it: exit 2, never a pass, the report set whole or absent',
    ['check', proofFeature('W05', OUTSIDE), '--endpoint-policy', 'W01.json', '--reports', 'r-W05'],
    2,
    /W01\.json|more kinds of path/,
    { reports: 'r-W05' },
  ],
  [
    'W07',
    'witness',
    "the twelve patterns, one a statement: exit 2 naming this file's first of them (not a role's identity policy holding two)",
    whoCan(openBut('W07.json', ...SEGMENTS(12).map((s, i) => ({ Sid: `P${i}`, ...stmt('Deny', [s]) })))),
    2,
    /W07\.json: Statement\[1\] \(Sid "P0"\) Resource and 11 more in this file: the policies tell apart more kinds of path/,
  ],

  // ---- `%XX` in a pattern's head and tail ----
  ...(
    [
      ['E01', 'every letter of orders encoded', '/%6F%72%64%65%72%73'],
      ['E02', 'lower-case hex in the head and the tail', '/%6frder%73'],
      ['E03', 'an encoded letter after a doubled slash and before a trailing one', '//orde%72s/'],
    ] as const
  ).map(([id, what, path]): Row => [
    id,
    'encoded',
    `who-can --path ${path} (${what}) past a Deny of GET/orders: only if the ARN holds the path as written`,
    whoCan(
      openBut('deny-orders.json', stmt('Deny', ['GET/orders'])),
      '--api',
      'orders',
      '--method',
      'GET',
      '--path',
      path,
    ),
    0,
    undefined,
    { shows: AS_WRITTEN },
  ]),
  [
    'E04',
    'encoded',
    'who-can --path /%2567rders (an encoded percent: /%67rders once decoded, no route): refused naming --path',
    whoCan('deny-orders.json', '--api', 'orders', '--method', 'GET', '--path', '/%2567rders'),
    2,
    /--path/,
  ],
  [
    'E05',
    'encoded',
    'who-can --path /orders/%C0%AF (an overlong UTF-8 slash as the id): answered as GET /orders/{id}',
    whoCan('deny-orders.json', '--api', 'orders', '--method', 'GET', '--path', '/orders/%C0%AF'),
    0,
  ],
  [
    'E06',
    'encoded',
    'who-can --path /%00rders (an encoded NUL): refused naming --path, never raw',
    whoCan('deny-orders.json', '--api', 'orders', '--method', 'GET', '--path', '/%00rders'),
    2,
    /--path/,
  ],
  outsidersRow(
    'E07',
    'encoded',
    'outsiders denied GET/?rders* and every other route as written: GET /%6Frders escapes as written (three characters for one ?), never a pass',
    openBut(
      'E07.json',
      stmt('Deny', [...ROUTES_AS_WRITTEN, 'GET/?rders*', 'GET//*', 'GET/*/', 'GET/*//*'], OUTSIDERS),
    ),
    3,
  ),
  outsidersRow(
    'E08',
    'encoded',
    'outsiders denied GET/orde?s* and the rest: GET /orde%72s escapes as written (an encoded letter in the tail), never a pass',
    openBut(
      'E08.json',
      stmt('Deny', [...ROUTES_AS_WRITTEN, 'GET/orde?s*', 'GET//*', 'GET/*/', 'GET/*//*'], OUTSIDERS),
    ),
    3,
  ),
  outsidersRow(
    'E09',
    'encoded',
    'control: the same Deny with GET/*: a pass',
    openBut('E09.json', stmt('Deny', [...ROUTES_AS_WRITTEN, 'GET/*'], OUTSIDERS)),
    0,
  ),
  [
    'E10',
    'encoded',
    'who-can of a Deny of GET/%6f* (lower-case hex head) and GET/orders/%3* (an encoded tail prefix): answered',
    whoCan(openBut('E10.json', stmt('Deny', ['GET/%6f*', 'GET/orders/%3*'])), '--api', 'orders'),
    0,
  ],
  [
    'E11',
    'encoded',
    'who-can of a Deny of a path of 1,500 encoded letters (%41 each): answered or refused, bounded',
    whoCan(openBut('E11.json', stmt('Deny', [`GET/${'%41'.repeat(1500)}`])), '--api', 'orders'),
    0,
    undefined,
    { maxOutput: 60_000 },
  ],
  [
    'E12',
    'encoded',
    'evaluate of a resource whose path is percent signs and broken escapes: answered',
    kit.evaluateOf({
      policy: 'deny-orders.json',
      principal: kit.ROLE,
      resource: `${API}/prod/GET/%%%%%G%4`,
      flag: '--endpoint-policy',
    }),
    0,
  ],

  // ---- runs of `?` ----
  outsidersRow(
    'Q01',
    'qmark',
    'outsiders denied GET/??* (two characters or more) and the rest: GET // (one character as written, GET / normalised) escapes, never a pass',
    openBut('Q01.json', stmt('Deny', [...ROUTES_AS_WRITTEN, 'GET/??*'], OUTSIDERS)),
    3,
  ),
  outsidersRow(
    'Q02',
    'qmark',
    'control: outsiders denied GET/?* and the rest: a pass',
    openBut('Q02.json', stmt('Deny', [...ROUTES_AS_WRITTEN, 'GET/?*'], OUTSIDERS)),
    0,
  ),
  [
    'Q03',
    'qmark',
    'who-can of an Allow of GET/ and 300 ? then * beside a Deny NotResource *x*: refused naming the statement (32 wildcards a pattern)',
    whoCan(
      policy(
        'Q03.json',
        stmt('Allow', [`GET/${'?'.repeat(300)}*`]),
        stmt('Deny', ['*x*'], {}, 'NotResource'),
      ),
      '--api',
      'orders',
    ),
    2,
    /Q03\.json: Statement\[0\] Resource: a pattern holds 301 wildcards/,
  ],
  [
    'Q04',
    'qmark',
    'who-can of a Deny on tag team StringLike 200 ? (a value of exactly 200 characters): refused naming the condition',
    whoCan(
      tagDeny('Q04.json', { StringLike: { 'aws:PrincipalTag/team': '?'.repeat(200) } }),
      '--api',
      'orders',
    ),
    2,
    /Q04\.json: Statement\[1\] Condition StringLike aws:PrincipalTag\/team: a pattern holds 200 wildcards/,
  ],
  [
    'Q05',
    'qmark',
    'who-can of a Deny on aws:userid StringLike 64 ? in turn with * (*?*?…): answered or refused naming the statement',
    whoCan(tagDeny('Q05.json', { StringLike: { 'aws:userid': '*?'.repeat(64) } }), '--api', 'orders'),
    2,
    /Q05\.json: Statement\[1\]/,
  ],
  [
    'Q06',
    'qmark',
    'who-can of a Deny on tag team StringNotLike ???, ????? and a pattern of a ? and a line feed: answered, escaped',
    whoCan(
      tagDeny('Q06.json', { StringNotLike: { 'aws:PrincipalTag/team': ['???', '?????', `?${kit.LF}`] } }),
      '--api',
      'orders',
    ),
    0,
  ],

  // ---- the witness alphabet and its stand-in character ----
  [
    'A01',
    'alphabet',
    'who-can of a Deny on tag team empty or starting with any printable ASCII character but * and ? (c* for each): answered (A01 below: its witnesses)',
    whoCan(
      tagDeny('A01.json', {
        StringLike: {
          'aws:PrincipalTag/team': [
            '',
            ...PRINTABLE.filter((c) => c !== '*' && c !== '?').map((c) => `${c}*`),
          ],
        },
      }),
      '--api',
      'orders',
      '--format',
      'json',
    ),
    0,
  ],
  [
    'A02',
    'alphabet',
    'who-can of a Deny on tag team of ?, and c* for every letter, digit and -_. (the stand-in sought past them): answered',
    whoCan(
      tagDeny('A02.json', {
        StringLike: {
          'aws:PrincipalTag/team': [
            '?',
            ...[...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'].map((c) => `${c}*`),
          ],
        },
      }),
      '--api',
      'orders',
    ),
    0,
  ],
  [
    'A03',
    'alphabet',
    'who-can of tag patterns holding NUL, a bidi override, U+2028 and an escape sequence: answered, nothing raw',
    whoCan(
      tagDeny('A03.json', {
        StringLike: { 'aws:PrincipalTag/team': ['*\u0000*', '*\u202e*', 'a\u2028?', `\u001b[31m*${kit.LF}`] },
      }),
      '--api',
      'orders',
    ),
    0,
  ],
  [
    'A04',
    'alphabet',
    'who-can of a Deny unless aws:PrincipalAccount is like 0* to 9* (every account): answered',
    whoCan(
      tagDeny('A04.json', {
        StringNotLike: { 'aws:PrincipalAccount': [...'0123456789'].map((d) => `${d}*`) },
      }),
      '--api',
      'orders',
    ),
    0,
  ],
  [
    'A05',
    'alphabet',
    "who-can of 40 overlapping tag patterns (*ab?c*, *ba?c*, …) in a Deny: past the search's bound, refused naming the condition",
    whoCan(
      tagDeny('A05.json', {
        StringLike: {
          'aws:PrincipalTag/team': Array.from({ length: 40 }, (_, i) => {
            const [a, b] = [String.fromCharCode(97 + (i % 7)), String.fromCharCode(97 + ((i * 3) % 5))];
            return `*${a}${b}?${String(i % 10)}*`;
          }),
        },
      }),
      '--api',
      'orders',
    ),
    2,
    /A05\.json: Statement\[1\] Condition StringLike aws:PrincipalTag\/team: the policies tell apart more kinds of tag team/,
  ],

  // ---- resourceSides: NotResource and Deny with spelled paths ----
  outsidersRow(
    'R01',
    'sides',
    'outsiders denied on every path but GET//orders as written (Deny NotResource): GET //orders is a way in as written only: not established, never a pass',
    openBut('R01.json', stmt('Deny', ['GET//orders'], OUTSIDERS, 'NotResource')),
    3,
  ),
  callRow(
    'R02',
    'sides',
    'an Allow NotResource GET/orders: PartnerRole calling GET //orders (allowed as written, not normalised) expected denied: unknown, never a pass',
    ['PartnerRole', 'GET //orders', 'denied'],
    policy('R02.json', stmt('Allow', ['GET/orders'], {}, 'NotResource')),
    3,
    ['--config', OPEN_ORDERS],
    NOT_A_PASS,
  ),
  callRow(
    'R03',
    'sides',
    'a Deny NotResource GET/%6Frders beside an Allow of all: PartnerRole calling GET /%6Frders expected allowed: unknown, never a pass',
    ['PartnerRole', 'GET /%6Frders', 'allowed'],
    openBut('R03.json', stmt('Deny', ['GET/%6Frders'], {}, 'NotResource')),
    3,
    ['--config', OPEN_ORDERS],
    NOT_A_PASS,
  ),
  [
    'R04',
    'sides',
    'who-can --path /%6Frders over that: only if the ARN holds the path as written',
    whoCan('R03.json', '--api', 'orders', '--method', 'GET', '--path', '/%6Frders', '--config', OPEN_ORDERS),
    0,
    undefined,
    { shows: AS_WRITTEN },
  ],
  [
    'R05',
    'sides',
    'who-can of an Allow and a Deny, both NotResource of the same spelled paths: answered',
    whoCan(
      policy(
        'R05.json',
        stmt('Allow', ['GET//orders', 'GET/orders/'], {}, 'NotResource'),
        stmt('Deny', ['GET//orders', 'GET/%6Frders'], {}, 'NotResource'),
      ),
      '--api',
      'orders',
    ),
    0,
  ],
  outsidersRow(
    'R06',
    'sides',
    'outsiders let in by an Allow NotResource of every route as written (the Allow of all removed): spellings are ways in as written only: not established, never a pass',
    policy(
      'R06.json',
      stmt('Allow', ['*'], { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
      stmt(
        'Allow',
        ['GET/', 'GET/orders', 'POST/orders', 'GET/orders/*', 'DELETE/orders/*', 'GET/health'],
        {},
        'NotResource',
      ),
    ),
    3,
  ),

  // ---- session tags under runner.credentials ----
  callRow(
    'T01',
    'tags',
    'ReportingRole (team analytics) through an endpoint letting team analytics in, runner.credentials unstated (an inherited tag may override): unknown, never a pass',
    ['ReportingRole', 'GET /orders', 'allowed'],
    TEAM_ONLY,
    3,
    [],
    NOT_A_PASS,
  ),
  callRow(
    'T02',
    'tags',
    'control: the same with runner.credentials long-term: a pass',
    ['ReportingRole', 'GET /orders', 'allowed'],
    TEAM_ONLY,
    0,
    ['--config', LONG_TERM],
  ),
  callRow(
    'T03',
    'tags',
    'a Deny on aws:PrincipalTag/TEAM (the key in capitals), ReportingRole expected allowed, long-term: a fail, never a pass',
    ['ReportingRole', 'GET /orders', 'allowed'],
    tagDeny('T03.json', { StringEquals: { 'aws:PrincipalTag/TEAM': 'analytics' } }),
    1,
    ['--config', LONG_TERM],
  ),
  callRow(
    'T04',
    'tags',
    'a Deny on team StringEquals ${aws:PrincipalTag/owner} (ReportingRole has no owner), long-term: ReportingRole expected allowed: a pass',
    ['ReportingRole', 'GET /orders', 'allowed'],
    tagDeny('T04.json', { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } }),
    0,
    ['--config', LONG_TERM],
  ),
  callRow(
    'T05',
    'tags',
    'a Deny on team analytics, runner.credentials unstated, ReportingRole (team analytics) expected denied: unknown (an inherited team may override analytics), never a pass',
    ['ReportingRole', 'GET /orders', 'denied'],
    tagDeny('T05.json', { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } }),
    3,
    [],
    NOT_A_PASS,
  ),
  cfgRow(
    'T06',
    'tags',
    'runner.credentials Long-Term (capitals)',
    'sandbox: { world: world.yaml }',
    'runner: { credentials: Long-Term }\nsandbox: { world: world.yaml }',
    'runner\\.credentials',
  ),
  cfgRow(
    'T07',
    'tags',
    'runner.credentials session (a role key)',
    'sandbox: { world: world.yaml }',
    'runner: { credentials: session }\nsandbox: { world: world.yaml }',
    'runner\\.credentials',
  ),
  cfgRow(
    'T08',
    'tags',
    'runner.credentials as a list',
    'sandbox: { world: world.yaml }',
    'runner: { credentials: [long-term] }\nsandbox: { world: world.yaml }',
    'runner\\.credentials',
  ),
  cfgRow(
    'T09',
    'tags',
    "a role tag key holding U+2028 (IAM's \\p{Z})",
    'tags: { team: analytics }',
    'tags: { team: analytics, "te\\u2028am": x }',
  ),
  cfgRow(
    'T10',
    'tags',
    'a role tag key aws:team (IAM keeps the aws: prefix)',
    'tags: { team: analytics }',
    'tags: { "aws:team": analytics }',
    'tags',
  ),
  cfgRow(
    'T11',
    'tags',
    'a role tag value holding an escape sequence and a forged line',
    'tags: { team: analytics }',
    'tags: { team: "\\u001b[31m\\nSGFORGED" }',
    'tags',
  ),

  // ---- runner.transitiveTags (pass 21): the base's transitive tags, stated ----
  ...(
    [
      ['X01', 'a key holding a forged line', '{ "team\\nSGFORGED": x }'],
      ['X02', '51 tags', `{ ${Array.from({ length: 51 }, (_, i) => `k${i}: v`).join(', ')} }`],
      ['X03', 'keys team and TEAM (one for IAM)', '{ team: a, TEAM: b }'],
      ['X04', 'a list', '[team]'],
      [
        'X05',
        'a tag beside credentials long-term (access keys carry none)',
        '{ team: a }, credentials: long-term',
      ],
    ] as const
  ).map(([id, what, tags]) =>
    cfgRow(
      id,
      'tags',
      `runner.transitiveTags: ${what}`,
      SANDBOX_LINE,
      `runner: { transitiveTags: ${tags} }\n${SANDBOX_LINE}`,
      'runner\\.transitiveTags',
    ),
  ),
  ...(
    [
      [
        'X06',
        "{ team: analytics } (the role's own value inherited over it): a pass",
        '{ team: analytics }',
        0,
      ],
      ['X07', '{ team: red } (inherited over analytics): a fail, never a pass', '{ team: red }', 1],
      ['X08', '{ TEAM: analytics } (a key of another case replaces team): a pass', '{ TEAM: analytics }', 0],
      ['X09', "{} (the base passes on none: the role's own analytics): a pass", '{}', 0],
    ] as const
  ).map(([id, what, tags, code]) =>
    callRow(
      id,
      'tags',
      `ReportingRole through an endpoint letting team analytics in, runner.transitiveTags ${what}`,
      ['ReportingRole', 'GET /orders', 'allowed'],
      TEAM_ONLY,
      code,
      [
        '--config',
        config(`${id}.yaml`, SANDBOX_LINE, `runner: { transitiveTags: ${tags} }\n${SANDBOX_LINE}`),
      ],
    ),
  ),

  // ---- federated sessions with tags and session policies ----
  fedRow(
    'F01',
    'bot with a tag and a session policy expected allowed (no measurement of both together): unknown, never a pass',
    'sessionPolicies: [policies/invoke-all.json], tags: { team: analytics }',
    'allowed',
    3,
    NOT_A_PASS,
  ),
  fedRow(
    'F02',
    'bot with a tag and no session policy expected denied (a session without policies does nothing): a pass',
    'sessionPolicies: [], tags: { team: analytics }',
    'denied',
    0,
  ),
  fedRow(
    'F03',
    'bot with a tag key holding a forged line',
    'sessionPolicies: [policies/invoke-all.json], tags: { "team\\nSGFORGED": x }',
    'denied',
    2,
  ),
  fedRow(
    'F04',
    'bot with tags team and Team (one key for IAM)',
    'sessionPolicies: [policies/invoke-all.json], tags: { team: analytics, Team: x }',
    'denied',
    2,
  ),
  fedRow(
    'F05',
    'bot with 51 tags',
    `sessionPolicies: [], tags: { ${Array.from({ length: 51 }, (_, i) => `k${i}: v`).join(', ')} }`,
    'denied',
    2,
  ),
  fedRow(
    'F06',
    'bot with a session policy outside the project',
    'sessionPolicies: [../outside/policy.json], tags: { team: analytics }',
    'denied',
    2,
  ),
  fedRow(
    'F07',
    'bot with a session policy that is a FIFO',
    `sessionPolicies: [${kit.HOSTILE.fifo}], tags: { team: analytics }`,
    'denied',
    2,
  ),
  fedRow(
    'F08',
    'bot with a session policy that is a link to /proc/self/environ',
    `sessionPolicies: [${kit.HOSTILE.environ}]`,
    'denied',
    2,
  ),
  fedRow(
    'F09',
    'bot tagged team analytics expected allowed, its tag value empty instead: denied, a fail',
    'sessionPolicies: [policies/invoke-all.json], tags: { team: "" }',
    'allowed',
    1,
  ),
  fedRow(
    'F10',
    'bot tagged with a tag value of 257 characters',
    `sessionPolicies: [], tags: { team: ${'v'.repeat(257)} }`,
    'denied',
    2,
  ),

  // ---- ASCII look-alike aliases ----
  cfgRow(
    'L01',
    'aliases',
    'roles CheckoutRole and CheckoutRoIe (a capital I for the l)',
    'BatchRole:',
    'CheckoutRoIe:',
    'roles',
  ),
  cfgRow(
    'L02',
    'aliases',
    'roles CheckoutRole and CheckoutRo|e (a bar for the l)',
    'BatchRole:',
    '"CheckoutRo|e":',
    'roles',
  ),
  cfgRow(
    'L03',
    'aliases',
    'roles CheckoutRole and CheckoutR\u043Ele (a Cyrillic o)',
    'BatchRole:',
    'CheckoutR\u043Ele:',
    'roles',
  ),
  cfgRow(
    'L04',
    'aliases',
    'roles CheckoutRole and Checkout\u200bRole (a zero-width space)',
    'BatchRole:',
    '"Checkout\\u200bRole":',
    'roles',
  ),
  cfgRow(
    'L05',
    'aliases',
    'apis legacy and Iegacy (a capital I for the l)',
    '  legacy:\n',
    "  Iegacy: { id: e5f6a7b8c9, account: '222222222222', stage: prod, stages: [prod], vpcEndpointIds: [vpce-0123456789abcdef0], routes: ['GET /'] }\n  legacy:\n",
    'apis',
  ),
  cfgRow(
    'L06',
    'aliases',
    'roles BatchRole and BatchRoIe (two aliases differing in I for l, the second a new role)',
    'BatchRole: {',
    "BatchRoIe: { arn: 'arn:aws:iam::111111111111:role/Other', identityPolicies: [] }\n  BatchRole: {",
    'roles',
  ),
  callRow(
    'L07',
    'aliases',
    'a feature calling as CheckoutRoIe (only CheckoutRole configured): refused naming the feature',
    ['CheckoutRoIe', 'GET /orders', 'allowed'],
    'hub.json',
    2,
  ),
  cfgRow(
    'L08',
    'aliases',
    'a federated alias CheckoutRoIe beside the role CheckoutRole',
    'sandbox: { world: world.yaml }',
    "users:\n  ci: { arn: 'arn:aws:iam::111111111111:user/ci', userId: AIDASANDBOXHARNESS01, tags: {}, identityPolicies: [] }\nfederated:\n  CheckoutRoIe: { user: ci, name: ci-bot, sessionPolicies: [] }\nsandbox: { world: world.yaml }",
    'federated|CheckoutRoIe',
  ),

  // ---- who-can's legend of long values ----
  ...(['text', 'md'] as const).map((format, i): Row => [
    `G0${i + 1}`,
    'legend',
    `who-can --format ${format} of a long value twice quoted that forges a legend line, a code span, a comment, a mention and a line: no line forged, nothing raw${format === 'md' ? ' in Markdown' : ''}`,
    whoCan(
      json(`G0${i + 1}.json`, kit.anyoneButTeam([LEGEND_VALUE, '[v1]'])),
      '--api',
      'orders',
      '--format',
      format,
    ),
    0,
    undefined,
    { ...(format === 'md' && { hides: kit.RAW_MD }), shows: /\[v1\\?\] = / },
  ]),
  [
    'G07',
    'legend',
    'who-can of a Deny on tag team of three values, two of them long (the class reads its regions by the values): the values named, never "regions that  make"',
    whoCan(json('G07.json', kit.anyoneButTeam([LEGEND_VALUE, '[v1]', 'z'.repeat(70)])), '--api', 'orders'),
    0,
    undefined,
    { shows: /tag team is in 2 of the 5 regions that \[v1\], "\[v1\]", \[v2\] make/ },
  ],
  [
    'G03',
    'legend',
    'who-can --format md of 200 long values (each quoted in every class): bounded by the comment budget',
    whoCan(
      json('G03.json', kit.anyoneButTeam(Array.from({ length: 200 }, (_, i) => `${'w'.repeat(65)}${i}`))),
      '--api',
      'orders',
      '--format',
      'md',
    ),
    0,
    undefined,
    { maxOutput: 70_000 },
  ],
  [
    'G04',
    'legend',
    'who-can of a long value of 70 backslashes and quotes (JSON escapes each): answered, nothing raw',
    whoCan(json('G04.json', kit.anyoneButTeam(['\\"'.repeat(35), 'x'])), '--api', 'orders', '--format', 'md'),
    0,
    undefined,
    { hides: kit.RAW_MD },
  ],
  [
    'G05',
    'legend',
    "who-can of a Deny of a 300-character path: its spellings past the form search's bound, unknown naming the routes cut short",
    whoCan(openBut('G05.json', stmt('Deny', [`GET/orders/${'p'.repeat(300)}*`])), '--api', 'orders'),
    3,
    undefined,
    {
      shows:
        /unknown: the search of API orders: the ways of writing 3 routes GET \/orders\/p+… \(312 characters\)/,
    },
  ],

  // ---- diff's bounds compared reading by reading ----
  [
    'D01',
    'bounds',
    'diff adding an Allow of account 555555555555 to the hub: a grant, --fail-on grant exits 1',
    kit.diffOf(
      'hub.json',
      json('D01.json', {
        ...JSON.parse(readFileSync(project.at('hub.json'), 'utf8')),
        Statement: [kit.invokeByAnyone().Statement[0]],
      }),
      '--fail-on',
      'grant',
      '--config',
      OPEN_ORDERS,
    ),
    1,
  ],
  [
    'D02',
    'bounds',
    'diff --format md adding a tied-tag Deny of 555555555555 (two tags bound to each other), its Sid an HTML comment, a mention and a forged line: no grant, nothing raw',
    kit.diffOf(
      'hub.json',
      json('D02.json', {
        ...JSON.parse(readFileSync(project.at('hub.json'), 'utf8')),
        Statement: [
          ...(JSON.parse(readFileSync(project.at('hub.json'), 'utf8')) as { Statement: object[] }).Statement,
          {
            Sid: `A<!--@team${kit.LF}`,
            Effect: 'Deny',
            Principal: { AWS: '555555555555' },
            Action: INVOKE,
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } },
          },
        ],
      }),
      '--fail-on',
      'grant',
      '--format',
      'md',
    ),
    0,
    undefined,
    { hides: kit.RAW_MD },
  ],
  [
    'D03',
    'bounds',
    'diff from a Deny NotResource GET/%6Frders to a Deny NotResource GET/orders (the spared path now read normalised): a change, --fail-on grant never passes silently',
    kit.diffOf(
      'R03.json',
      openBut('D03.json', stmt('Deny', ['GET/orders'], {}, 'NotResource')),
      '--fail-on',
      'grant',
      '--config',
      OPEN_ORDERS,
    ),
    1,
  ],

  // ---- a template parameter's Default ----
  defaultRow('C01', 'a list [1.5]', [1.5], 2),
  defaultRow('C02', 'a map', { a: 1.5 }, 2),
  defaultRow('C03', 'a function (Fn::Sub "1.5")', { 'Fn::Sub': '1.5' }, 2),
  defaultRow('C04', 'control: "1.5" quoted', '1.5', 0),

  // ---- the reports lock's boot id ----
  ...(
    [
      [
        'K01',
        'a live process with its true start time and this boot id in capitals',
        () => sleeperLine().replace(BOOT_ID, BOOT_ID.toUpperCase()),
      ],
      [
        'K02',
        'a live process with its true start time and "-" for the boot id (this machine has one)',
        () => sleeperLine().replace(BOOT_ID, '-'),
      ],
      [
        'K03',
        'a live process line of this boot followed by a second line',
        () => `${sleeperLine()}${sleeperLine()}`,
      ],
      ['K04', 'a live process line of this boot ending in CR LF', () => sleeperLine().replace('\n', '\r\n')],
      ['K05', 'a live process of this boot with start time 0', () => lockLineOf(sleeper.pid!, RUN_ID, '0')],
      [
        'K06',
        'a live process of this boot whose boot id is one character longer',
        () => sleeperLine().replace(BOOT_ID, `${BOOT_ID}0`),
      ],
      ['K07', 'this boot id alone', () => `${BOOT_ID}\n`],
      [
        'K11',
        "a live process with its true start time and this machine's boot time as a boot mark (@, a machine without /proc; this one has a boot id)",
        () => sleeperLine().replace(BOOT_ID, `@${Math.round(Date.now() / 1000 - uptime())}`),
      ],
      [
        'K12',
        'a live process with its true start time and the boot mark @0',
        () => sleeperLine().replace(BOOT_ID, '@0'),
      ],
    ] as [string, string, () => string][]
  ).map(([id, what, line]) => {
    lockDir(id);
    writeFileSync(lockAt(id), line());
    return kit.lockTakenOver(id, 'boot', what);
  }),
  (() => {
    lockDir('K08');
    writeFileSync(lockAt('K08'), '');
    truncateSync(lockAt('K08'), 2 ** 31);
    return kit.lockTakenOver('K08', 'boot', 'a lock of 2 GB (sparse): read no further than its first bytes');
  })(),
  (() => {
    lockDir('K09');
    symlinkSync(project.outside, lockAt('K09'));
    return kit.lockTakenOver('K09', 'boot', 'a lock that is a link to the folder outside');
  })(),
  (() => {
    lockDir('K10');
    return [
      'K10',
      'boot',
      'a lock of a live process of this boot with its true start time (no run, but as a run writes it): refused naming the folder',
      kit.CHECK('--reports', 'r-K10'),
      2,
      /r-K10.*--reports/,
    ] as Row;
  })(),
];
writeFileSync(lockAt('K10'), sleeperLine());
kit.plantHostileFiles(project);

describe('attack run 20: hostile inputs through main()', () => {
  kit.probeTests(project, ROWS.map(probeOf));

  it('every area of the run has its probes', () => {
    expect(AREAS.filter((a) => !ROWS.some((r) => r[1] === a))).toEqual([]);
  });

  it('G06: who-can of a Deny of a 1,000-character path, in a process of 96 MB of heap: unknown naming the routes cut short, never out of memory', () => {
    const file = openBut('G06.json', stmt('Deny', [`GET/orders/${'p'.repeat(1000)}*`]));
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=96', join(ROOT, 'bin', 'spokegate.js'), ...whoCan(file, '--api', 'orders')],
      { cwd: project.proj, env: project.env, encoding: 'utf8', timeout: 600_000 },
    );
    const text = `${r.stdout}${r.stderr}`;
    expect([r.status, r.signal], text.slice(-400)).toEqual([3, null]);
    expect(text).toMatch(/unknown: the search of API orders: the ways of writing 3 routes/);
    expect(text).not.toMatch(kit.STACK);
  });

  it('K09: the folder a lock led to is still there', () => {
    expect(existsSync(join(project.outside, 'secret.txt'))).toBe(true);
  });

  it('A01: a class of principals tagged team, its witness a value IAM could hold (a character no pattern holds stands in)', async () => {
    const r = await runCli(whoCan('A01.json', '--api', 'orders', '--format', 'json'), {
      cwd: project.proj,
      env: project.env,
    });
    expect(r.code, r.err).toBe(0);
    const answer = JSON.parse(r.out) as {
      classes: { witness: { principal: { tags?: Record<string, string> } } }[];
    };
    const values = answer.classes.flatMap((c) => c.witness.principal.tags?.team ?? []);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v).toMatch(IAM_TAG_VALUE);
  });
});

// ---- the sandbox's STS and IAM: the Query Version played with ----
describe('attack run 20: the Query Version at the sandbox STS and IAM', () => {
  const CALLER = { Action: 'GetCallerIdentity' };
  // [id, what, service, parameters (Version as given; omitted where absent), status, error code or result]
  type Row = [string, string, 'sts' | 'iam', Record<string, string>, number, string];
  // STS GetCallerIdentity written for another version: InvalidAction, the version cut and escaped.
  const otherVersions = (
    [
      ['V02', 'STS Version 2011-06-15 and a space', '2011-06-15 '],
      ['V03', 'STS Version 2011-6-15 (no leading zero)', '2011-6-15'],
      ['V04', 'STS Version empty', ''],
      ['V05', "STS Version of IAM's 2010-05-08", '2010-05-08'],
      ['V06', 'STS Version holding XML (</Message><Code>Forged)', '</Message><Code>Forged</Code>'],
      ['V07', 'STS Version of 100,000 characters', '9'.repeat(100_000)],
    ] as const
  ).map(([id, what, Version]): Row => [id, what, 'sts', { ...CALLER, Version }, 400, 'InvalidAction']);
  const rows: Row[] = [
    [
      'V01',
      'STS Version 2011-06-15 (its own)',
      'sts',
      { ...CALLER, Version: '2011-06-15' },
      200,
      'GetCallerIdentityResponse',
    ],
    ...otherVersions,
    [
      'V08',
      "IAM Version of STS's 2011-06-15",
      'iam',
      { Action: 'ListRolePolicies', RoleName: 'CheckoutRole', Version: '2011-06-15' },
      400,
      'InvalidAction',
    ],
    [
      'V09',
      'STS version (lower case: another parameter) and no Version',
      'sts',
      { ...CALLER, version: '2011-06-15' },
      400,
      'MissingParameter',
    ],
    [
      'V10',
      'STS Action holding XML and an unknown Version',
      'sts',
      { Action: '<x>&amp;', Version: '1' },
      400,
      'InvalidAction',
    ],
  ];
  it.each(rows)('%s %s', async (_id, _what, service, params, status, expected) => {
    const s = newState(demoWorld());
    const omit = 'Version' in params ? [] : ['Version'];
    const r = await query(s, service, params, undefined, { omit });
    expectQueryAnswer(r, status, expected);
    // Whatever the request held, the answer is AWS's shape and bounded: no forged element, no echo past a few hundred characters.
    expect(r.body).not.toMatch(/<Code>Forged/);
    expect(r.body.length).toBeLessThan(2000);
  });
});

// ---- the sandbox's execute-api: presigned X-Amz-Expires spellings an integer parser reads ----
describe('attack run 20: presigned X-Amz-Expires at the sandbox execute-api', () => {
  // [id, what, 'endpoint' (verified: the hub refuses the harness) or 'signature' (refused before)]
  const rows: [string, string, string, 'endpoint' | 'signature'][] = [
    ['P01', 'X-Amz-Expires +300 (a sign, as an integer parser reads it)', '+300', 'endpoint'],
    ['P02', 'X-Amz-Expires 0300 (a leading zero: decimal, not octal)', '0300', 'endpoint'],
    ['P03', 'X-Amz-Expires 1 (the least)', '1', 'endpoint'],
    ['P04', 'X-Amz-Expires 604800 (seven days, the most)', '604800', 'endpoint'],
    ['P05', 'X-Amz-Expires 0', '0', 'signature'],
    ['P06', 'X-Amz-Expires -0', '-0', 'signature'],
    ['P07', 'X-Amz-Expires ３００ (fullwidth digits)', '３００', 'signature'],
    ['P08', 'X-Amz-Expires empty', '', 'signature'],
    ['P09', 'X-Amz-Expires of 400 digits (past any integer)', '9'.repeat(400), 'signature'],
    ['P10', 'X-Amz-Expires 300 and a NUL', '300\u0000', 'signature'],
  ];
  it.each(rows)('%s %s', async (_id, _what, expires, expected) => {
    expectRefusedAt(await presignedOrders(newState(demoWorld()), expires), expected);
  });
});
