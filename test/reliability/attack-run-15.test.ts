// Issue 12, attack run 15: new hostile inputs on what the last passes added and earlier runs did not
// reach: who-can's options and its Markdown, diff --format md with Sids and principals written to
// rewrite a pull-request comment (links, images, autolinks, HTML, CR-only line ends, invisible
// characters), the config keys added lately (accounts.ID, authorizers, stageRoutes, roleId, tags,
// runner, users), world files served by the sandbox, Terraform plans and CloudFormation templates
// holding prototype keys, duplicate keys or LanguageExtensions functions in the wrong place, links,
// FIFOs and devices, every size limit of docs/limits.md at and one byte past it, invalid UTF-8,
// BOM and CRLF, numbers where text is due. A table of probes run through the CLI's main() in this
// process with canary secrets in the environment and in files outside the project, scored as the
// issue scores an attack run (test/reliability/attack-kit.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as kit from './attack-kit.js';
import { template, yamlTemplate } from './endpoint-template.js';

const project = kit.attackProject('attack15', 'K15');
const { at, write, json } = project;
const { copy: config } = kit.demoConfigCopies(project);
const worldText = readFileSync(at('world.yaml'), 'utf8');
const KiB = 1024;
const MiB = 1024 * KiB;

// Things in the project that lead outside it, or are not files.
spawnSync('mkfifo', [at('pipe.yaml')]);
mkdirSync(at('feat-zero'));
write('feat-zero/ok.feature', readFileSync(at('endpoint.feature')));
symlinkSync('/dev/zero', at('feat-zero/zero.feature'));
mkdirSync(at('loop'));
symlinkSync('b.json', at('loop/a.json'));
symlinkSync('a.json', at('loop/b.json'));
for (let i = 0; i < 41; i++) symlinkSync(i === 40 ? '../hub.json' : `l${i + 1}.json`, at(`chain-l${i}.json`));
mkdirSync(at('chain'));
for (let i = 0; i < 41; i++) symlinkSync(i === 40 ? '../hub.json' : `l${i + 1}.json`, at(`chain/l${i}.json`));
symlinkSync('/proc/self/environ', at('env-link.json'));
mkdirSync(at('r-F10'));
symlinkSync(join(project.outside, 'secret.txt'), at('r-F10', 'access-matrix.json'));
mkdirSync(at('r-F11'));
spawnSync('mkfifo', [at('r-F11', 'cucumber.ndjson')]);

type Area =
  'who-can' | 'diff-md' | 'config' | 'world' | 'plans' | 'templates' | 'files' | 'encoding' | 'limits';
type Probe = kit.Probe<Area>;

const { whoCanOf } = kit;
const CHECK = kit.CHECK;
const checkWith = (id: string, cfg: string) => CHECK('--config', cfg, '--reports', `r-${id}`);
/** A policy letting anyone invoke anything, then denying `deny` (a statement's own keys). */
const allowThenDeny = (deny: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'All', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...deny },
  ],
});
/** A policy whose one statement, with Sid `sid`, lets `principal` invoke GET on every API's prod. */
const grantTo = (sid: string, principal: unknown = '*') => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: sid,
      Effect: 'Allow',
      Principal: principal,
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/*',
    },
  ],
});
const diffMd = (after: string) => kit.diffFromHub(after, '--format', 'md');

// ---- the config: the demo's with one edit ----
const ACCOUNT = `'111111111111': { readerRole: 'arn:aws:iam::111111111111:role/spokegate-reader' }`;
const account = (id: string, entry: string) => config(`${id}.yaml`, ACCOUNT, entry);
const ORDERS_ROUTES = `routes: ['GET /', 'GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health']`;
const ordersRoutes = (id: string, more: string) =>
  config(`${id}.yaml`, ORDERS_ROUTES, `${ORDERS_ROUTES}\n    ${more}`);
const CHECKOUT = `CheckoutRole:\n    { arn: 'arn:aws:iam::111111111111:role/CheckoutRole', identityPolicies: [policies/invoke-prod.json] }`;
const checkout = (id: string, more: string) =>
  config(
    `${id}.yaml`,
    CHECKOUT,
    `CheckoutRole:\n    { arn: 'arn:aws:iam::111111111111:role/CheckoutRole', identityPolicies: [policies/invoke-prod.json], ${more} }`,
  );
const USER = (facts: string) =>
  `users:\n  alice: { arn: 'arn:aws:iam::111111111111:user/alice', userId: AIDAEXAMPLEALICE0001, tags: {}, identityPolicies: [], ${facts} }\nroles:`;
const user = (id: string, facts: string) => config(`${id}.yaml`, /^roles:/m, USER(facts));
const top = (id: string, text: string) => config(`${id}.yaml`, /^defaults:/m, `${text}\ndefaults:`);
const DEFAULTS = 'concurrency: 16\n  timeoutMs: 10000';
const defaults = (id: string, text: string) => config(`${id}.yaml`, DEFAULTS, text);

// ---- worlds: the demo's with one edit, served by who-can --mode sandbox through a config naming it ----
const world = (id: string, from: string | RegExp, to: string | Buffer) => {
  const edited =
    typeof to === 'string' ? worldText.replace(from, to) : Buffer.concat([Buffer.from(worldText), to]);
  if (typeof to === 'string' && edited === worldText)
    throw new Error(`${id}: ${String(from)} not in the world`);
  write(`${id}-world.yaml`, edited);
  return config(`${id}.yaml`, 'sandbox: { world: world.yaml }', `sandbox: { world: ${id}-world.yaml }`);
};
const inSandbox = kit.sandboxHealthWhoCan;
/** A row of the config file `cfg` (check with it): refused naming `field` when given, else answered. */
const configRow = (id: string, what: string, cfg: string, field?: string): kit.Row => [
  id,
  what,
  checkWith(id, cfg),
  field === undefined ? 0 : new RegExp(`${id}\\.yaml.*${field}`),
];
/** A row of the world its config `cfg` names (who-can --mode sandbox): refused naming `field`, else answered. */
const worldRow = (id: string, what: string, cfg: string, field?: string): kit.Row => [
  id,
  what,
  inSandbox(cfg),
  field === undefined ? 0 : new RegExp(`${id}-world\\.yaml.*${field}`),
];
const ORDERS_HEALTH = '      - { method: GET, path: /health, authorizationType: NONE }';

// ---- Terraform: the example plan edited ----
const writers = kit.probeWriters(project);
const { plan } = writers;
const { policyChange, planDiff } = kit;
/** A no-op resource change whose `after` nests `depth` collections (the plan's own levels added). */
const deepNoOp = (depth: number) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return {
    address: 'aws_s3_bucket.deep',
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: 'deep',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['no-op'], before: { tags: v }, after: { tags: v }, after_unknown: {} },
  };
};

// ---- CloudFormation: the one-endpoint template, edited ----
type Template = {
  Resources: Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>>;
} & Record<string, unknown>;
const cfn = (name: string, edit: (t: Template) => void, resource: unknown = '*') => {
  const t = JSON.parse(template(resource)) as Template;
  edit(t);
  return write(name, JSON.stringify(t));
};
const LANG = 'AWS::LanguageExtensions';
const policyDoc = (t: Template) => t.Resources.Hub!.Properties.PolicyDocument as Record<string, unknown>;

// ---- sizes: a file padded to exactly `bytes` ----
const padJson = (doc: unknown, bytes: number) => {
  const text = JSON.stringify(doc);
  return `${text}${' '.repeat(bytes - Buffer.byteLength(text) - 1)}\n`;
};
const demoConfig = readFileSync(at('spokegate.config.yaml'), 'utf8');
/** The demo config with a comment line making it exactly `bytes` long. */
const configOf = (id: string, bytes: number) => {
  const head = `${demoConfig}# `;
  return write(`${id}.yaml`, `${head}${'x'.repeat(bytes - Buffer.byteLength(head) - 1)}\n`);
};
const endpointFeature = readFileSync(at('endpoint.feature'), 'utf8');
/** An identity policy in YAML whose one statement is anchored, then repeated by `n` aliases. */
const aliased = (n: number) =>
  `Version: '2012-10-17'\nStatement:\n  - &s { Effect: Allow, Action: 'execute-api:Invoke', Resource: '*' }\n${'  - *s\n'.repeat(n)}`;
const tags = (n: number) => Array.from({ length: n }, (_, i) => `@t${i}`).join(' ');

/** `re` outside a code span (as kit.RAW_MD): Markdown a reader would see rendered. */
const outsideCode = (re: RegExp) => new RegExp(`^(?:[^\`\n]|\`[^\`\n]*\`)*(?:${re.source})`, 'm');
/** A link, an image, an autolink, a link definition or raw HTML rendered from a Sid (`\]` is text). */
const RENDERED = outsideCode(/<!--|(?<!\\)\]\(|(?<!\\)\]:|<https?:|<(?:img|summary|details|b)\b/);

const PROBES: Probe[] = [
  // ---- who-can's options and outputs ----
  ...kit.probesOf('who-can', [
    [
      'A01',
      'who-can --format md over a Sid holding </details><img onerror>',
      whoCanOf(
        json('A01.json', grantTo('x</details><img src=x onerror=alert(1)><details open><summary>ok')),
        '--format',
        'md',
      ),
      { code: 0, hides: RENDERED },
    ],
    [
      'A02',
      'who-can --format md over a role named x@team granted (an @-mention in a principal)',
      whoCanOf(
        json('A02.json', grantTo('A', { AWS: 'arn:aws:iam::111111111111:role/x@team' })),
        '--format',
        'md',
      ),
      { code: 0, hides: kit.RAW_MD },
    ],
    [
      'A03',
      'who-can --api hasOwnProperty (a name every object has)',
      whoCanOf('hub.json', '--api', 'hasOwnProperty'),
      /hasOwnProperty/,
    ],
    ['A04', 'who-can --endpoint-policy __proto__=hub.json', whoCanOf('__proto__=hub.json'), /__proto__/],
    [
      'A05',
      'who-can --resource-policy for one API twice',
      whoCanOf('hub.json', '--resource-policy', 'orders=hub.json', '--resource-policy', 'orders=A01.json'),
      /orders/,
    ],
    ['A06', 'who-can --method holding a NUL', whoCanOf('hub.json', '--method', 'GET\u0000'), /--method/],
    ['A07', 'who-can --path holding a NUL', whoCanOf('hub.json', '--path', '/orders\u0000/x'), /--path/],
    [
      'A08',
      'who-can --format json with --json (two formats asked)',
      whoCanOf('hub.json', '--format', 'json', '--json'),
      2,
    ],
    [
      'A09',
      'who-can --mode sandbox whose config names a FIFO as the world',
      inSandbox(config('A09.yaml', 'sandbox: { world: world.yaml }', 'sandbox: { world: pipe.yaml }')),
      /pipe\.yaml/,
    ],
    [
      'A10',
      'who-can --format md over a Deny whose condition key is __proto__ (the statement must not lose it)',
      whoCanOf(
        write(
          'A10.json',
          JSON.stringify(allowThenDeny({ Condition: { StringEquals: { KEY: 'x' } } })).replace(
            '"KEY"',
            '"__proto__"',
          ),
        ),
        '--format',
        'md',
      ),
      { code: 0, shows: /proto/ },
    ],
  ]),

  // ---- diff --format md: a pull-request comment the input tries to rewrite ----
  ...(
    [
      ['M01', 'a Markdown link to javascript:', '[click](javascript:alert(1))'],
      ['M02', 'an image (a tracking pixel in the comment)', '![](https://evil.example/t.png)'],
      ['M03', 'an autolink', '<https://evil.example/login>'],
      ['M04', 'a <details> closing the comment’s own and a <summary>', '</details><details open><summary>ok'],
      ['M05', 'a CR alone then an HTML comment', 'A\r<!--'],
      ['M06', 'a reference-style link definition after a CR', 'A\r[x]: https://evil.example'],
      ['M07', 'an HTML entity spelling an @-mention (&#64;team)', '&#64;team <b>bold</b>'],
    ] as const
  ).map(([id, what, sid]): Probe => ({
    id,
    area: 'diff-md',
    what: `diff --format md of a new grant whose Sid holds ${what}`,
    args: diffMd(json(`${id}.json`, grantTo(sid))),
    code: 0,
    hides: RENDERED,
  })),
  ...(
    [
      ['M08', 'U+0085 (a C1 line break)', 'A\u0085<!--'],
      ['M09', 'U+00AD (a soft hyphen: invisible)', 'Check\u00adoutRole'],
      ['M10', 'U+3164 (a Hangul filler: blank)', 'A\u3164B'],
      ['M11', 'U+E0041 (a tag character: invisible)', 'A\u{e0041}B'],
      ['M12', 'an OSC 8 terminal hyperlink', '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007'],
      ['M13', 'U+200D and U+FE0F (joiners)', 'A\u200d\ufe0fB'],
    ] as const
  ).flatMap(([id, what, sid]): Probe[] => [
    ...kit.probesOf('diff-md', [
      [
        `${id}t`,
        `diff (text) of a new grant whose Sid holds ${what}`,
        kit.diffFromHub(json(`${id}.json`, grantTo(sid))),
        0,
      ],
      [
        `${id}m`,
        `diff --format md of a new grant whose Sid holds ${what}`,
        diffMd(`${id}.json`),
        { code: 0, hides: kit.RAW_MD },
      ],
    ]),
  ]),
  ...kit.probesOf('diff-md', [
    [
      'M14',
      'diff --format md of a new grant to role x@team (an @-mention in a principal ARN)',
      diffMd(json('M14.json', grantTo('A', { AWS: 'arn:aws:iam::111111111111:role/x@team' }))),
      { code: 0, hides: kit.RAW_MD },
    ],
    [
      'M15',
      'diff --format md of a Resource holding a pipe and <b> (execute-api:/prod/GET/a|<b>)',
      diffMd(
        json(
          'M15.json',
          kit.invokeByAnyone({ Sid: 'P', Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/a|<b>x' }),
        ),
      ),
      { code: 0, hides: RENDERED },
    ],
  ]),

  // ---- config keys added lately ----
  ...kit.probesOf('config', [
    configRow(
      'G01',
      'accounts keyed constructor (not an account id)',
      account('G01', `constructor: { readerRole: 'arn:aws:iam::111111111111:role/r' }`),
      'accounts',
    ),
    configRow(
      'G02',
      'accounts.ID.readerRole holding a line feed',
      account(
        'G02',
        `'111111111111': { readerRole: "arn:aws:iam::111111111111:role/r\\nSGFORGED all 9 cells pass" }`,
      ),
      'readerRole',
    ),
    configRow(
      'G03',
      'accounts.ID.readerRole a user ARN',
      account('G03', `'111111111111': { readerRole: 'arn:aws:iam::111111111111:user/r' }`),
      'readerRole',
    ),
    configRow(
      'G04',
      'accounts.ID.sessionName of 65 characters (STS takes 64)',
      account(
        'G04',
        `'111111111111': { readerRole: 'arn:aws:iam::111111111111:role/r', sessionName: ${'s'.repeat(65)} }`,
      ),
      'sessionName',
    ),
    [
      'G05',
      'accounts.ID.externalId of 1,225 characters (STS takes 1,224)',
      checkWith(
        'G05',
        account(
          'G05',
          `'111111111111': { readerRole: 'arn:aws:iam::111111111111:role/r', externalId: ${'e'.repeat(1225)} }`,
        ),
      ),
      { code: 2, says: /G05\.yaml.*externalId/, maxOutput: 2000 },
    ],
    configRow(
      'G06',
      'an authorizer of type NONE (only CUSTOM and COGNITO_USER_POOLS are authorizers)',
      ordersRoutes('G06', `authorizers: { 'GET /orders': NONE }`),
      'authorizers',
    ),
    configRow(
      'G07',
      'authorizers keyed __proto__',
      ordersRoutes('G07', `authorizers: { __proto__: CUSTOM }`),
      '__proto__',
    ),
    configRow(
      'G08',
      'stageRoutes of a stage not in stages',
      ordersRoutes('G08', `stageRoutes: { beta: ['GET /'] }`),
      'stageRoutes',
    ),
    configRow(
      'G09',
      'stageRoutes.STAGE a number',
      config(
        'G09.yaml',
        `stages: [prod]\n    resourcePolicy: policies/orders-resource-policy.json`,
        `stages: [prod, beta]\n    stageRoutes: { beta: 5 }\n    resourcePolicy: policies/orders-resource-policy.json`,
      ),
      'stageRoutes',
    ),
    configRow(
      'G10',
      'stageRoutes.STAGE.noneRoutes naming a route not in its routes',
      config(
        'G10.yaml',
        `stages: [prod]\n    resourcePolicy: policies/orders-resource-policy.json`,
        `stages: [prod, beta]\n    stageRoutes: { beta: { routes: ['GET /'], noneRoutes: ['GET /health'] } }\n    resourcePolicy: policies/orders-resource-policy.json`,
      ),
      'noneRoutes',
    ),
    configRow(
      'G11',
      'a roleId of 129 characters (IAM ids are at most 128)',
      checkout('G11', `roleId: AROA${'A'.repeat(125)}`),
      'roleId',
    ),
    configRow(
      'G12',
      'a roleId of 128 characters: at the limit, answered',
      checkout('G12', `roleId: AROA${'A'.repeat(124)}`),
    ),
    configRow(
      'G13',
      'a roleId that is a user id (AIDA…)',
      checkout('G13', 'roleId: AIDAEXAMPLEALICE0001'),
      'roleId',
    ),
    configRow(
      'G14',
      'a role tag value that is a YAML number (007 reads as 7)',
      checkout('G14', 'tags: { team: 007 }'),
      'tags',
    ),
    [
      'G15',
      'a role with 50 tags (at IAM’s limit): answered',
      checkWith(
        'G15',
        checkout('G15', `tags: { ${Array.from({ length: 50 }, (_, i) => `k${i}: v`).join(', ')} }`),
      ),
      0,
    ],
    configRow(
      'G16',
      'runner.address an IPv6 address with a zone id (fe80::1%eth0)',
      top('G16', `runner: { address: 'fe80::1%eth0' }`),
      'runner',
    ),
    configRow('G17', 'runner.address 256.1.1.1', top('G17', `runner: { address: 256.1.1.1 }`), 'runner'),
    configRow(
      'G18',
      'runner.vpc holding a bidi override',
      top('G18', `runner: { vpc: "vpc-0aa11bb2\\u202e2cc33dd44" }`),
      '',
    ),
    configRow(
      'G19',
      'runner keyed __proto__',
      top('G19', `runner: { __proto__: { vpc: vpc-0aa11bb22cc33dd44 } }`),
      '__proto__',
    ),
    configRow(
      'G20',
      'a user whose credentials are MFA-SESSION (capitals)',
      user('G20', 'credentials: MFA-SESSION'),
      'credentials',
    ),
    configRow(
      'G21',
      'a user whose userId is a role id (AROA…)',
      config('G21.yaml', /^roles:/m, USER('').replace('AIDAEXAMPLEALICE0001', 'AROAEXAMPLEALICE0001')),
      'userId',
    ),
    configRow(
      'G22',
      'a user whose tags are keyed __proto__',
      config('G22.yaml', /^roles:/m, USER('').replace('tags: {}', 'tags: { __proto__: x }')),
      '__proto__',
    ),
    configRow(
      'G23',
      'an organization id of o- and 33 characters (at most 32)',
      config(
        'G23.yaml',
        'organizations: [{ id: none',
        `organizations: [{ id: o-${'a'.repeat(33)}, accounts: ['555555555555'] }, { id: none`,
      ),
      'organizations',
    ),
    configRow(
      'G24',
      'an API id that YAML reads as a number (0123456789)',
      config('G24.yaml', 'id: a1b2c3d4e5', 'id: 0123456789'),
      'id',
    ),
    configRow(
      'G25',
      'defaults.concurrency the text "16"',
      defaults('G25', `concurrency: '16'\n  timeoutMs: 10000`),
      'concurrency',
    ),
    configRow(
      'G26',
      'defaults.timeoutMs 600,001 (one past the limit)',
      defaults('G26', `concurrency: 16\n  timeoutMs: 600001`),
      'timeoutMs',
    ),
    configRow(
      'G27',
      'defaults.timeoutMs 600,000 (at the limit): answered',
      defaults('G27', `concurrency: 16\n  timeoutMs: 600000`),
    ),
    configRow(
      'G28',
      'endpoints.hub.dnsName holding a Cyrillic letter',
      config(
        'G28.yaml',
        'addressing: private-dns',
        'addressing: private-dns\n    dnsName: vpce-0123456789abcdef0-abcd.execute-\u0430pi.us-west-2.vpce.amazonaws.com',
      ),
      'dnsName',
    ),
    configRow(
      'G29',
      'a route whose greedy parameter is not the last part (/a/{proxy+}/b)',
      config('G29.yaml', "'GET /health']\n  payments", "'GET /health', 'GET /a/{proxy+}/b']\n  payments"),
      'routes',
    ),
    configRow(
      'G30',
      'a config flow map with a key written twice ({ arn: a, arn: b })',
      checkout('G30', `arn: 'arn:aws:iam::111111111111:role/Other'`),
      '',
    ),
  ]),

  // ---- world files the sandbox serves ----
  ...kit.probesOf('world', [
    worldRow(
      'W01',
      'a world pageSize of 1,001 (at most 1,000)',
      world('W01', 'pageSize: 2', 'pageSize: 1001'),
      'pageSize',
    ),
    worldRow(
      'W02',
      'a world pageSize the text "2"',
      world('W02', 'pageSize: 2', "pageSize: '2'"),
      'pageSize',
    ),
    [
      'W03',
      'a world route whose greedy parameter is not the last part',
      inSandbox(
        world('W03', ORDERS_HEALTH, `${ORDERS_HEALTH}\n      - { method: GET, path: '/a/{proxy+}/b' }`),
      ),
      /W03-world\.yaml.*path/,
    ],
    [
      'W04',
      'a world resource policy that is a link to /proc/self/environ',
      inSandbox(
        world('W04', 'resourcePolicy: policies/orders-resource-policy.json', 'resourcePolicy: env-link.json'),
      ),
      /env-link\.json/,
    ],
    [
      'W05',
      'a world managed policy document ../outside/policy.json',
      inSandbox(world('W05', 'document: policies/inventory-only.json', 'document: ../outside/policy.json')),
      /outside/,
    ],
    worldRow(
      'W06',
      'a world runnerAddress 1.2.3.999',
      world('W06', 'pageSize: 2', 'pageSize: 2\nrunnerAddress: 1.2.3.999'),
      'runnerAddress',
    ),
    [
      'W07',
      'a world harness secret of 39 characters (at least 40)',
      inSandbox(
        world(
          'W07',
          'sandboxHarnessSecretKey/NotReal/0123456789',
          'sandboxHarnessSecretKey/NotReal/01234567'.slice(0, 39),
        ),
      ),
      /W07-world\.yaml.*secretAccessKey/,
    ],
    [
      'W08',
      'a world whose roles are keyed __proto__',
      inSandbox(
        world('W08', /^roles:\n/m, "roles:\n  __proto__: { arn: 'arn:aws:iam::111111111111:role/P' }\n"),
      ),
      /W08-world\.yaml.*__proto__/,
    ],
    worldRow(
      'W09',
      'a world holding a key written twice (seed)',
      world('W09', 'seed: 1', 'seed: 1\nseed: 2'),
      '',
    ),
    [
      'W10',
      'a world with a byte that is not UTF-8 in a comment',
      inSandbox(world('W10', '', Buffer.from([0x23, 0x20, 0xff, 0x0a]))),
      /W10-world\.yaml.*UTF-8/,
    ],
    [
      'W11',
      'a world in CR LF with a BOM: answered',
      inSandbox(
        (() => {
          write('W11-world.yaml', `\ufeff${worldText.replace(/\n/g, '\r\n')}`);
          return config('W11.yaml', 'sandbox: { world: world.yaml }', 'sandbox: { world: W11-world.yaml }');
        })(),
      ),
      0,
    ],
    [
      'W12',
      'sandbox --world with a canary share of 101 percent',
      [
        'sandbox',
        '--world',
        (world(
          'W12',
          ORDERS_HEALTH,
          `${ORDERS_HEALTH}\n    canaries: { prod: { percentTraffic: 101, routes: [{ method: GET, path: / }] } }`,
        ),
        'W12-world.yaml'),
      ],
      /W12-world\.yaml.*canar/,
    ],
  ]),

  // ---- Terraform plans ----
  ...kit.probesOf('plans', [
    [
      'T01',
      'an endpoint policy change whose after holds a __proto__ key carrying an allow-all policy: ignored (the same changes as the plan)',
      planDiff(
        plan('T01.json', (p) => {
          const c = policyChange(p);
          const after = c.after as Record<string, unknown>;
          c.after = JSON.parse(
            `{"__proto__": ${JSON.stringify({ policy: JSON.stringify(kit.ALLOW_ALL) })}, ${JSON.stringify(after).slice(1)}`,
          );
        }),
      ),
      { code: 0, shows: /2 grants, 2 revocations/ },
    ],
    [
      'T02',
      'a plan nested 101 levels deep (the limit is 100)',
      planDiff(plan('T02.json', (p) => p.resource_changes.push(deepNoOp(101) as never))),
      /T02\.json.*deep/,
    ],
    [
      'T03',
      'a plan nested 95 levels deep in a no-op resource: answered',
      planDiff(plan('T03.json', (p) => p.resource_changes.push(deepNoOp(90) as never))),
      0,
    ],
    [
      'T04',
      'an endpoint policy that is a JSON number',
      planDiff(plan('T04.json', (p) => ((policyChange(p).after as Record<string, unknown>).policy = 5))),
      /T04\.json.*policy/,
    ],
    [
      'T05',
      'an endpoint policy string whose Sid holds a lone surrogate (\\ud800): answered, nothing raw',
      planDiff(
        plan('T05.json', (p) => {
          const a = policyChange(p).after as Record<string, unknown>;
          a.policy = (a.policy as string).replace('"Statement"', '"Id": "\\ud800", "Statement"');
        }),
      ),
      0,
    ],
    [
      'T06',
      'a plan one byte over 32 MiB: refused from its size',
      planDiff(write('T06.json', padJson(JSON.parse(readFileSync(at('plan.json'), 'utf8')), 32 * MiB + 1))),
      /T06\.json.*33,554,433 bytes.*32 MiB/,
    ],
    [
      'T07',
      'a terraform_version of 10,000 characters holding ANSI: bounded',
      planDiff(plan('T07.json', (p) => (p.terraform_version = `1.9\u001b[31m${'9'.repeat(10000)}`))),
      { code: 0, maxOutput: 20000 },
    ],
  ]),

  // ---- CloudFormation templates ----
  ...kit.probesOf('templates', [
    [
      'C01',
      'Fn::ForEach inside a policy Statement (LanguageExtensions allows it only in Resources, Conditions, Outputs)',
      whoCanOf(
        cfn('C01.json', (t) => {
          t.Transform = LANG;
          policyDoc(t).Statement = {
            'Fn::ForEach::S': [
              'X',
              ['a', 'b'],
              { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
            ],
          };
        }),
      ),
      /C01\.json.*ForEach/,
    ],
    [
      'C02',
      'Fn::Length without the LanguageExtensions transform',
      whoCanOf(cfn('C02.json', () => undefined, { 'Fn::Length': [1, 2] })),
      /C02\.json.*Fn::Length needs the AWS::LanguageExtensions transform/,
    ],
    [
      'C03',
      'a JSON template with Resources written twice (the first holds the endpoint)',
      whoCanOf(
        write('C03.json', template('*').replace(/\}$/, ', "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}')),
      ),
      /C03\.json.*Resources/,
    ],
    [
      'C04',
      'a YAML template with a key written twice',
      whoCanOf(
        write(
          'C04.yaml',
          `Resources:\n  Hub:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.us-west-2.execute-api\n      VpcId: vpc-0aa11bb22cc33dd44\n      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Deny, Principal: '*', Action: '*', Resource: '*' }] }\n      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: '*', Action: '*', Resource: '*' }] }\n`,
        ),
      ),
      /C04\.yaml/,
    ],
    [
      'C05',
      'SAM: an AWS::Serverless::Api whose Auth.ResourcePolicy SAM turns into the API policy',
      whoCanOf(
        'hub.json',
        '--resource-policy',
        `orders=${write(
          'C05.json',
          JSON.stringify({
            Transform: 'AWS::Serverless-2016-10-31',
            Resources: {
              Api: {
                Type: 'AWS::Serverless::Api',
                Properties: {
                  StageName: 'prod',
                  EndpointConfiguration: { Type: 'PRIVATE' },
                  Auth: {
                    ResourcePolicy: {
                      CustomStatements: [
                        {
                          Effect: 'Allow',
                          Principal: '*',
                          Action: 'execute-api:Invoke',
                          Resource: 'execute-api:/*',
                        },
                      ],
                    },
                  },
                },
              },
            },
          }),
        )}`,
      ),
      /C05\.json/,
    ],
    [
      'C06',
      'a template nested 101 levels deep in Metadata',
      whoCanOf(
        cfn('C06.json', (t) => {
          let v: unknown = 'x';
          for (let i = 0; i < 101; i++) v = [v];
          t.Metadata = v;
        }),
      ),
      /C06\.json.*deep/,
    ],
    [
      'C07',
      'a template one byte over 1 MiB',
      whoCanOf(write('C07.json', padJson(JSON.parse(template('*')), MiB + 1))),
      /C07\.json.*1,048,577 bytes.*1 MiB/,
    ],
    [
      'C08',
      'a template of exactly 1 MiB: answered',
      whoCanOf(write('C08.json', padJson(JSON.parse(template('*')), MiB))),
      0,
    ],
    [
      'C09',
      'a parameter named constructor, Ref constructor in the Resource',
      whoCanOf(
        cfn(
          'C09.json',
          (t) =>
            (t.Parameters = {
              constructor: { Type: 'String', Default: 'arn:aws:execute-api:us-west-2:*:*/prod/*' },
            }),
          { Ref: 'constructor' },
        ),
      ),
      0,
    ],
    [
      'C10',
      'Fn::ToJsonString as the policy document (LanguageExtensions): read as the document',
      whoCanOf(
        cfn('C10.json', (t) => {
          t.Transform = LANG;
          t.Resources.Hub!.Properties.PolicyDocument = { 'Fn::ToJsonString': policyDoc(t) };
        }),
      ),
      0,
    ],
    [
      'C11',
      'a template whose Resources hold a __proto__ resource (an endpoint)',
      whoCanOf(
        write(
          'C11.json',
          template('*').replace('"Resources":{', `"Resources":{"__proto__":{"Type":"AWS::S3::Bucket"},`),
        ),
      ),
      /C11\.json.*__proto__/,
    ],

    [
      'C12',
      'a template of 10,000 buckets beside the endpoint: answered',
      whoCanOf(
        cfn('C12.json', (t) => {
          for (let i = 0; i < 10000; i++) t.Resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: {} };
        }),
      ),
      0,
    ],
    [
      'C13',
      'Fn::ForEach over 10,000 items making resources (LanguageExtensions)',
      whoCanOf(
        cfn('C13.json', (t) => {
          t.Transform = LANG;
          t.Resources['Fn::ForEach::Buckets'] = [
            'N',
            Array.from({ length: 10000 }, (_, i) => `n${i}`),
            { 'B${N}': { Type: 'AWS::S3::Bucket', Properties: {} } },
          ] as never;
        }),
      ),
      /C13\.json.*ForEach/,
    ],
  ]),

  // ---- links, FIFOs, devices; odd paths ----
  ...kit.probesOf('files', [
    [
      'F01',
      '--config /dev/null (a device)',
      CHECK('--config', '/dev/null', '--allow-outside-root'),
      /\/dev\/null/,
    ],
    [
      'F02',
      'a features folder holding a link to /dev/zero named zero.feature',
      ['check', 'feat-zero', '--endpoint-policy', 'hub.json', '--reports', 'r-F02'],
      /zero\.feature/,
    ],
    ['F03', 'an endpoint policy that is a loop of two links', whoCanOf('loop/a.json'), /a\.json/],
    [
      'F04',
      'an endpoint policy at the end of 41 links (past the kernel’s 40)',
      whoCanOf('chain/l0.json'),
      /l0\.json/,
    ],
    [
      'F05',
      '--reports under a FIFO (pipe.yaml/r)',
      CHECK('--reports', 'pipe.yaml/r'),
      /--reports|pipe\.yaml/,
    ],
    [
      'F06',
      'an endpoint policy named with a trailing slash (hub.json/): the same file',
      whoCanOf('hub.json/'),
      0,
    ],
    ['F07', 'an empty endpoint policy file', whoCanOf(write('F07.json', '')), /F07\.json/],
    ['F08', 'an endpoint policy of a BOM alone', whoCanOf(write('F08.json', '\ufeff')), /F08\.json/],
    [
      'F09',
      'an identity policy (in the config) that is a loop of links',
      checkWith('F09', config('F09.yaml', 'policies/invoke-prod.json', 'loop/a.json')),
      /a\.json/,
    ],

    [
      'F10',
      '--reports a folder holding access-matrix.json as a link to the secret outside: written beside, never through',
      CHECK('--reports', 'r-F10'),
      { code: 0, reports: 'r-F10' },
    ],
    [
      'F11',
      '--reports a folder holding a FIFO named cucumber.ndjson',
      CHECK('--reports', 'r-F11'),
      /cucumber\.ndjson/,
    ],
    ['F12', '--reports under a regular file (hub.json/r)', CHECK('--reports', 'hub.json/r'), /hub\.json\/r/],
  ]),

  // ---- encodings ----
  ...kit.probesOf('encoding', [
    [
      'E01',
      'a config with an overlong UTF-8 form (0xc0 0xaf) in a comment',
      checkWith(
        'E01',
        write('E01.yaml', Buffer.concat([Buffer.from(demoConfig), Buffer.from([0x23, 0xc0, 0xaf, 0x0a])])),
      ),
      /E01\.yaml.*UTF-8/,
    ],
    [
      'E02',
      'a YAML template with an encoded surrogate (0xed 0xa0 0x80)',
      whoCanOf(
        write(
          'E02.yaml',
          Buffer.concat([
            Buffer.from('# '),
            Buffer.from([0xed, 0xa0, 0x80]),
            Buffer.from(`\n${template('*')}\n`),
          ]),
        ),
      ),
      /E02\.yaml.*UTF-8/,
    ],
    [
      'E03',
      'a feature in CR LF: answered',
      [
        'check',
        write('E03.feature', endpointFeature.replace(/\n/g, '\r\n')),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-E03',
      ],
      { code: 0, reports: 'r-E03' },
    ],
    [
      'E04',
      'a JSON policy with a BOM and CR LF: answered',
      whoCanOf(
        write('E04.json', `\ufeff${JSON.stringify(kit.invokeByAnyone(), null, 2).replace(/\n/g, '\r\n')}`),
      ),
      0,
    ],
    [
      'E05',
      'a JSON policy whose Sid holds an escaped lone surrogate (\\udc00): answered, nothing raw',
      whoCanOf(
        write('E05.json', JSON.stringify(kit.invokeByAnyone({ Sid: 'X' })).replace('"X"', '"A\\udc00B"')),
      ),
      0,
    ],
    [
      'E06',
      'a YAML policy with Version unquoted (2012-10-17, a date in YAML 1.1): answered',
      whoCanOf(
        write(
          'E06.yaml',
          "Version: 2012-10-17\nStatement:\n  - { Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }\n",
        ),
      ),
      0,
    ],
    [
      'E07',
      'a YAML policy whose Effect is a YAML 1.1 boolean (yes)',
      whoCanOf(
        write(
          'E07.yaml',
          "Version: '2012-10-17'\nStatement:\n  - { Effect: yes, Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }\n",
        ),
      ),
      /E07\.yaml.*line 3.*yes.*YAML 1\.1/,
    ],
    [
      'E08',
      'a condition NumericLessThan of 1e400 (a JSON number past doubles)',
      whoCanOf(
        write(
          'E08.json',
          JSON.stringify(
            kit.invokeByAnyone({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 'X' } } }),
          ).replace('"X"', '1e400'),
        ),
      ),
      /E08\.json/,
    ],
  ]),

  // Unquoted YAML values that YAML 1.1 (CloudFormation's reader) and 1.2 (spokegate's) read apart.
  ...(
    [
      ['Y01', 'a template Deny on a tag value 0400 (octal 256 in YAML 1.1)', 'costcenter: 0400', 2],
      ['Y02', 'a template Deny on a tag value yes (a boolean in YAML 1.1)', 'blocked: yes', 2],
      ['Y03', 'a template Deny on a tag value 1:30 (base 60 in YAML 1.1)', 'shift: 1:30', 2],
      ['Y04', 'a template Deny on a tag value 1e3 (text in YAML 1.1)', 'level: 1e3', 2],
      ['Y05', "a template Deny on a tag value '0400', quoted: answered", "costcenter: '0400'", 0],
    ] as const
  ).map(([id, what, condition, code]): Probe => ({
    id,
    area: 'encoding',
    what,
    args: whoCanOf(write(`${id}.yaml`, yamlTemplate(`aws:PrincipalTag/${condition}`))),
    code,
    ...(code === 2 ? { says: new RegExp(`${id}\\.yaml.*line 22.*YAML 1\\.1`) } : {}),
  })),
  ...kit.probesOf('encoding', [
    [
      'Y06',
      'a YAML policy naming an account id unquoted with its leading zero (012345678901)',
      whoCanOf(
        write(
          'Y06.yaml',
          "Version: '2012-10-17'\nStatement:\n  - { Effect: Allow, Principal: { AWS: 012345678901 }, Action: 'execute-api:Invoke', Resource: '*' }\n",
        ),
      ),
      /Y06\.yaml.*line 3.*octal/,
    ],
  ]),

  // JSON numbers where a string comparison sees text: which text is not documented.
  ...(
    [
      [
        'N01',
        'a Deny StringEquals on a tag value 1.50 unquoted (1.5 once parsed)',
        'StringEquals',
        '1.50',
        2,
      ],
      ['N02', 'a Deny StringEquals on a tag value 1e2 unquoted (100 once parsed)', 'StringEquals', '1e2', 2],
      ['N03', 'a Deny StringEquals on a tag value 2^53 + 1 unquoted', 'StringEquals', '9007199254740993', 2],
      ['N04', 'a Deny StringEquals on a tag value 100 unquoted: answered', 'StringEquals', '100', 0],
      [
        'N05',
        'a Deny NumericLessThan 3.6e3 (a number compared as a number): answered',
        'NumericLessThan',
        '3.6e3',
        0,
      ],
    ] as const
  ).map(([id, what, op, number, code]): Probe => ({
    id,
    area: 'encoding',
    what,
    args: whoCanOf(
      write(
        `${id}.json`,
        JSON.stringify(allowThenDeny({ Condition: { [op]: { 'aws:PrincipalTag/level': 'N' } } })).replace(
          '"N"',
          number,
        ),
      ),
    ),
    code,
    ...(code === 2 ? { says: new RegExp(`${id}\\.json.*unquoted JSON number`) } : {}),
  })),
  ...kit.probesOf('encoding', [
    [
      'N06',
      'a plan whose endpoint policy string holds StringEquals on 1e2 unquoted',
      planDiff(
        plan('N06.json', (p) => {
          const a = policyChange(p).after as Record<string, unknown>;
          a.policy = JSON.stringify(
            allowThenDeny({ Condition: { StringEquals: { 'aws:PrincipalTag/level': 'N' } } }),
          ).replace('"N"', '1e2');
        }),
      ),
      /N06\.json.*unquoted JSON number/,
    ],
  ]),

  // ---- every size limit at and one byte past it ----
  ...kit.probesOf('limits', [
    [
      'L01',
      'an identity policy of exactly 128 KiB (white space, which IAM does not count): answered',
      ['lint', write('L01.json', padJson(kit.ALLOW_ALL, 128 * KiB)), '--kind', 'identity'],
      0,
    ],
    [
      'L02',
      'an identity policy one byte over 128 KiB: the message shows the excess',
      ['lint', write('L02.json', padJson(kit.ALLOW_ALL, 128 * KiB + 1)), '--kind', 'identity'],
      /L02\.json.*131,073 bytes.*128 KiB/,
    ],
    [
      'L03',
      'a config of exactly 256 KiB (a long comment line): answered',
      checkWith('L03', configOf('L03', 256 * KiB)),
      0,
    ],
    [
      'L04',
      'a config one byte over 256 KiB',
      checkWith('L04', configOf('L04', 256 * KiB + 1)),
      /L04\.yaml.*262,145 bytes.*256 KiB/,
    ],
    [
      'L05',
      'a feature one byte over 1 MiB',
      [
        'check',
        write(
          'L05.feature',
          `${endpointFeature}# ${'x'.repeat(MiB + 1 - Buffer.byteLength(endpointFeature) - 3)}\n`,
        ),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-L05',
      ],
      /L05\.feature.*1,048,577 bytes.*1 MiB/,
    ],
    [
      'L06',
      'a world one byte over 4 MiB',
      inSandbox(
        world('L06', '', Buffer.from(`# ${'x'.repeat(4 * MiB + 1 - Buffer.byteLength(worldText) - 3)}\n`)),
      ),
      /L06-world\.yaml.*4,194,305 bytes.*4 MiB/,
    ],
    [
      'L07',
      '--tags of exactly 1,000 characters: answered',
      CHECK('--reports', 'r-L07', '--tags', `not @x${'y'.repeat(1000 - 6)}`),
      0,
    ],
    [
      'L08',
      '--tags of 1,001 characters',
      CHECK('--reports', 'r-L08', '--tags', `not @x${'y'.repeat(1001 - 6)}`),
      /--tags/,
    ],
    [
      'L09',
      'a scenario with 100 tags (at the limit): answered',
      [
        'check',
        write(
          'L09.feature',
          `Feature: f\n  ${tags(100)}\n  Scenario: s\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n`,
        ),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-L09',
      ],
      0,
    ],
    [
      'L10',
      'a scenario with 101 tags',
      [
        'check',
        write(
          'L10.feature',
          `Feature: f\n  ${tags(101)}\n  Scenario: s\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n`,
        ),
        '--endpoint-policy',
        'hub.json',
        '--reports',
        'r-L10',
      ],
      /L10\.feature.*100/,
    ],
    [
      'L11',
      'a YAML policy of 100 alias expansions (at the limit): answered',
      ['lint', write('L11.yaml', aliased(100)), '--kind', 'identity', '--fail-on', 'none'],
      0,
    ],
    [
      'L12',
      'a YAML policy of 101 alias expansions',
      ['lint', write('L12.yaml', aliased(101)), '--kind', 'identity', '--fail-on', 'none'],
      /L12\.yaml.*alias.*100/,
    ],
    [
      'L13',
      'a Resource pattern of 33 wildcards (who-can splits at most 32)',
      whoCanOf(
        json(
          'L13.json',
          kit.invokeByAnyone({
            Resource: `arn:aws:execute-api:us-west-2:*:*/prod/GET/${Array(33).fill('*').join('a')}`,
          }),
        ),
      ),
      /L13\.json.*32/,
    ],
    [
      'L14',
      'one tag split by 257 wildcard patterns (at most 256)',
      whoCanOf(
        json(
          'L14.json',
          kit.invokeByAnyone({
            Condition: {
              StringLike: { 'aws:PrincipalTag/team': Array.from({ length: 257 }, (_, i) => `t${i}*`) },
            },
          }),
        ),
      ),
      /L14\.json: Statement\[0\].*257 wildcard patterns.*256/,
    ],
  ]),
];

describe('attack run 15: hostile inputs through main()', () => {
  kit.probeTests(project, PROBES);
  it('F10: the secret file a link in the reports folder led to is as it was', () => {
    expect(readFileSync(join(project.outside, 'secret.txt'), 'utf8')).toBe(`TOKEN=${project.canary.file}\n`);
  });
});
