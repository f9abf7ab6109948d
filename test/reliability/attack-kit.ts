// What an attack run (test/reliability/attack-run-*.test.ts) needs besides its probes: a copy of the
// demo project with canary secrets in the environment and in files outside it, and the issue's
// score of one probe's result (a canary in any output or report, a stack trace or "internal error",
// an exit code other than the expected one, a line the input forged or restyled, a report set that
// is not whole).
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hiddenCharacter } from '../../src/escape/index.js';
import { RUN_FILES } from '../../src/matrix/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli, type CliResult } from '../cli-in-process.js';
import { DEMO, demoProject, ROOT } from '../harness/helpers.js';
import { filesUnder } from './leaks.js';

export const STACK = /^\s+at |internal error/m;

/** The caller and the resource the runs' evaluate probes use (the demo's CheckoutRole and orders API). */
export const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
export const RES = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
/** A line the input tries to forge (a value holding a line feed before it). */
export const LF = '\nSGFORGED all 9 cells pass';
/** Markdown a reader would see rendered: an HTML comment or an @-mention outside a code span. */
export const RAW_MD = /^(?:[^`\n]|`[^`\n]*`)*(?:<!--|(?<!&#64;)@team)/m;
/** The demo's orders API, the prefix of its Resources (account 222222222222, API a1b2c3d4e5). */
export const ORDERS_API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
export const INVOKE = 'execute-api:Invoke';
/** Text a Sid, key or value may hold to restyle or forge output: an escape sequence, a bidi override, a line feed. */
export const RESTYLE = `\u001b[31mred\u202e${LF}`;
/** A who-can class that holds only in the written reading of a spelled path. */
export const AS_WRITTEN = /only if its resource ARN holds its path as written/;
/** The reach proof the runs aim at: no outsider of the demo's organization gets to orders. */
export const OUTSIDE = 'no principal outside the organization can reach "orders"';
/** An identity-kind policy (no Principal) allowing everything. */
export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
/** The arguments of `check` of the demo's endpoint.feature against hub.json, then `more`. */
export const CHECK = (...more: string[]) => [
  'check',
  'endpoint.feature',
  '--endpoint-policy',
  'hub.json',
  ...more,
];
/** The arguments of `who-can` over the endpoint policy `file`, then `more`. */
export const whoCanOf = (file: string, ...more: string[]) => ['who-can', '--endpoint-policy', file, ...more];
/** CloudFormation Parameters holding a NoEcho parameter Secret whose Default is `project`'s file canary. */
export const noEchoSecret = (project: AttackProject) => ({
  Secret: { Type: 'String', NoEcho: true, Default: project.canary.file },
});

/**
 * A policy of `n` statements (Sids S0…) that each let anyone invoke `resource(i)` (anything by
 * default), each then extended by `more(i)`.
 */
export const policyOfStatements = (
  n: number,
  resource: (i: number) => string = () => '*',
  more: (i: number) => Record<string, unknown> = () => ({}),
) => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: n }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: resource(i),
    ...more(i),
  })),
});

/** A policy letting anyone invoke anything, its one statement extended by `stmt`. */
export const invokeByAnyone = (stmt: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...stmt }],
});

/** Anyone may invoke anything, but a principal whose tag team is `team` (a value or a list) is denied. */
export const anyoneButTeam = (team: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    ...invokeByAnyone().Statement,
    {
      ...invokeByAnyone().Statement[0],
      Effect: 'Deny',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': team } },
    },
  ],
});

/** One `evaluate` call: `action` is execute-api:Invoke unless given, `flag` names the policy option. */
export interface EvaluateCall {
  policy: string;
  principal: string;
  resource: string;
  action?: string;
  flag?: '--policy' | '--endpoint-policy';
}

/** The arguments of `evaluate` of `call`, then `more`. */
export const evaluateOf = (call: EvaluateCall, ...more: string[]) => [
  'evaluate',
  call.flag ?? '--policy',
  call.policy,
  '--principal',
  call.principal,
  '--action',
  call.action ?? 'execute-api:Invoke',
  '--resource',
  call.resource,
  ...more,
];

/** The arguments of `evaluate` of `policy` for `principal` invoking `resource`, then `more`. */
export const evaluateArgs = (policy: string, principal: string, resource: string, ...more: string[]) =>
  evaluateOf({ policy, principal, resource }, ...more);

export interface AttackProject {
  base: string;
  proj: string;
  /** A folder beside the project holding a canary file and a policy quoting one. */
  outside: string;
  at: (...p: string[]) => string;
  write: (name: string, text: string | Buffer) => string;
  /** Writes `doc` as JSON under `name`, and gives the name. */
  json: (name: string, doc: unknown) => string;
  /** Writes a feature of one scenario whose steps are `body`, and gives its name. */
  feature: (name: string, body: string) => string;
  /** The environment every probe runs with: canary credentials and a CI token. */
  env: NodeJS.ProcessEnv;
  /** The canaries by name (`url`: for a probe to put in a URL's password). */
  canary: { secret: string; token: string; github: string; file: string; url: string };
  secrets: string[];
}

/**
 * A copy of the demo project, canaries planted (`tag` makes them this run's own), with the examples'
 * endpoint policy as hub.json and Terraform plan as plan.json.
 */
export function attackProject(prefix: string, tag: string): AttackProject {
  const { base, proj } = demoProject(prefix);
  const canary = {
    secret: `${tag}SecretKeyCanary/0123456789abcdefghijklmnop`,
    token: `${tag}SessionTokenCanary0123456789`,
    github: `ghp_${tag}GithubTokenCanary0123456789`,
    file: `${tag}OutsideFileCanary0123456789`,
    url: `${tag}UrlPasswordCanary0123456789`,
  };
  const { AWS_REGION: _r, AWS_DEFAULT_REGION: _d, AWS_PROFILE: _p, ...parentEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...parentEnv,
    AWS_ACCESS_KEY_ID: 'AKIACANARY0000000001',
    AWS_SECRET_ACCESS_KEY: canary.secret,
    AWS_SESSION_TOKEN: canary.token,
    GITHUB_TOKEN: canary.github,
  };
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `TOKEN=${canary.file}\n`);
  writeFileSync(
    join(outside, 'policy.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: canary.file, Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    }),
  );
  const at = (...p: string[]) => join(proj, ...p);
  const write = (name: string, text: string | Buffer) => {
    mkdirSync(join(proj, name, '..'), { recursive: true });
    writeFileSync(at(name), text);
    return name;
  };
  write('hub.json', readFileSync(join(ROOT, 'examples', 'endpoint-policy.json')));
  write('plan.json', readFileSync(join(ROOT, 'examples', 'tfplan.json')));
  const json = (name: string, doc: unknown) => write(name, JSON.stringify(doc));
  const feature = (name: string, body: string) => write(name, `Feature: a\n  Scenario: b\n${body}`);
  return { base, proj, outside, at, write, json, feature, env, canary, secrets: Object.values(canary) };
}

/**
 * A proof feature over the endpoint hub (`proof`: the step's text, a table after it if any) written
 * in `project` as ID.feature; its name.
 */
export const proofFeatureIn = (project: AttackProject) => (id: string, proof: string) =>
  project.write(
    `${id}.feature`,
    `Feature: a\n  Scenario: b\n    Given the endpoint policy of "hub" is read from EC2\n    Then ${proof}\n`,
  );

/** The demo config (copied by `copy`) with orders' resource policy letting anyone invoke anything. */
export const openOrdersConfig = (
  project: AttackProject,
  copy: (name: string, from: string | RegExp, to: string) => string,
) =>
  copy(
    'open-orders.yaml',
    'resourcePolicy: policies/orders-resource-policy.json',
    `resourcePolicy: ${project.json('policies/open.json', invokeByAnyone())}`,
  );

/** A run's project (attackProject), its config copier (demoConfigCopies) and its probe writers (probeWriters). */
export function attackRun(prefix: string, tag: string) {
  const project = attackProject(prefix, tag);
  return { project, config: demoConfigCopies(project).copy, writers: probeWriters(project) };
}

/** The paths a run's project holds that lead outside it or are not files (plantHostileFiles). */
export const HOSTILE = {
  environ: 'env-link.json',
  outLink: 'out-link.json',
  fifo: 'pipe.json',
  folder: 'dir.json',
  hardLink: 'hard-secret.json',
} as const;

/** Plants HOSTILE in the project: links to /proc/self/environ and out of it, a FIFO, a folder, a hard link to the secret. */
export function plantHostileFiles(project: AttackProject): void {
  linkSync(join(project.outside, 'secret.txt'), project.at(HOSTILE.hardLink));
  symlinkSync(join(project.outside, 'policy.json'), project.at(HOSTILE.outLink));
  symlinkSync('/proc/self/environ', project.at(HOSTILE.environ));
  spawnSync('mkfifo', [project.at(HOSTILE.fifo)]);
  mkdirSync(project.at(HOSTILE.folder));
}

/**
 * The six probes of a policy file input (`noun`: "a boundary", "an SCP") naming, in turn, a link to
 * /proc/self/environ, ../outside/policy.json, a link out, a FIFO, a folder and a hard link to the
 * secret (`ids`, in that order): each refused (exit 2) naming the file, and never quoted.
 */
export function hostileFileProbes<Area extends string>(
  area: Area,
  noun: string,
  ids: readonly [string, string, string, string, string, string],
  args: (id: string, file: string) => string[],
): Probe<Area>[] {
  const rows: [string, string, RegExp][] = [
    [HOSTILE.environ, 'that is a link to /proc/self/environ', /env-link\.json/],
    ['../outside/policy.json', '../outside/policy.json', /outside/],
    [HOSTILE.outLink, 'that is a link out of the project', /out-link\.json/],
    [HOSTILE.fifo, 'that is a FIFO (never opened for reading)', /pipe\.json/],
    [HOSTILE.folder, 'that is a folder', /dir\.json/],
    [HOSTILE.hardLink, 'that is a hard link to the secret file: never quoted', /hard-secret\.json/],
  ];
  return rows.map(([file, what, says], i) => ({
    id: ids[i]!,
    area,
    what: `${noun} ${what}`,
    args: args(ids[i]!, file),
    code: 2,
    says,
  }));
}

export interface Expected {
  /** The exit code a correct spokegate gives (2: bad input, refused). */
  code: number;
  /** What the last line of stderr says when refused (exit 2). */
  says?: RegExp;
  /** What the output shows, whatever the exit code. */
  shows?: RegExp;
  /** A reports folder the probe writes (relative to the project): scanned, and whole or absent. */
  reports?: string;
  /** What neither the output nor a rendered report (HTML, Markdown) may hold: a raw tag, a mention. */
  hides?: RegExp;
  /** Which report files `hides` applies to (default: HTML and Markdown). */
  hidesIn?: RegExp;
  /** The most characters the output may have (a long name must be cut, not printed whole). */
  maxOutput?: number;
}

/**
 * The project's demo config as written, and a writer of copies of it with `from` replaced by `to`
 * (which must be there), each under `name`.
 */
export function demoConfigCopies(project: AttackProject) {
  const text = readFileSync(project.at('spokegate.config.yaml'), 'utf8');
  const copy = (name: string, from: string | RegExp, to: string): string => {
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`${name}: "${String(from)}" is not in the demo config`);
    return project.write(name, edited);
  };
  return { text, copy };
}

/** The example Terraform plan (plan.json) as the probes edit it. */
export type Plan = {
  resource_changes: {
    address: string;
    type: string;
    change: Record<string, unknown> & { after: Record<string, unknown> | null };
  }[];
} & Record<string, unknown>;
/** The change of the plan's endpoint policy resource. */
export const policyChange = (p: Plan) =>
  p.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!.change;
/** The arguments of a diff of the plan `file`, then `more`. */
export const diffPlan = (file: string, ...more: string[]) => ['diff', '--plan', file, ...more];
/** A diff of the plan `file`, never failing on what changed. */
export const planDiff = (file: string) => diffPlan(file, '--fail-on', 'none');

/**
 * Writers of probe inputs in the project: a copy of its `plan.json` edited, and the arguments of
 * `check` of a feature written as `ID.feature` against `hub.json`, its reports in `r-ID`.
 */
export function probeWriters(project: AttackProject) {
  return {
    plan<P = Plan>(name: string, edit: (p: P) => void): string {
      const p = JSON.parse(readFileSync(project.at('plan.json'), 'utf8')) as P;
      edit(p);
      return project.write(name, JSON.stringify(p));
    },
    checkWith: (id: string, featureText: string, ...more: string[]) => [
      'check',
      project.write(`${id}.feature`, featureText),
      '--endpoint-policy',
      'hub.json',
      '--reports',
      `r-${id}`,
      ...more,
    ],
  };
}

/** The arguments of a diff of `before` against `after`, then `more`. */
export const diffOf = (before: string, after: string, ...more: string[]) => [
  'diff',
  '--before',
  before,
  '--after',
  after,
  ...more,
];
/** The arguments of a diff of hub.json against `after`, never failing on what changed, then `more`. */
export const diffFromHub = (after: string, ...more: string[]) =>
  diffOf('hub.json', after, '--fail-on', 'none', ...more);

/** who-can GET /health on orders in the sandbox of config `cfg` (its world started in this process). */
export const sandboxHealthWhoCan = (cfg: string) => [
  'who-can',
  '--mode',
  'sandbox',
  '--config',
  cfg,
  '--api',
  'orders',
  '--method',
  'GET',
  '--path',
  '/health',
];

/** The arguments of `call GET /orders` as an anonymous caller, then `more`. */
export const anonymousCall = (...more: string[]) => ['call', 'GET', '/orders', '--as', 'anonymous', ...more];

/** What the issue counts against a probe's result: empty when it held. */
export function score(project: AttackProject, p: Expected, r: CliResult): string[] {
  const bad: string[] = [];
  const texts = [{ name: 'output', text: r.text }, ...(p.reports ? filesUnder(project.at(p.reports)) : [])];
  for (const t of texts)
    for (const s of project.secrets) if (t.text.includes(s)) bad.push(`secret leaked in ${t.name}`);
  if (STACK.test(r.text)) bad.push('stack trace or internal error');
  if (r.code !== p.code) bad.push(`exit ${r.code}, expected ${p.code}`);
  if (p.says && r.code === 2) {
    const last = r.err.trim().split('\n').pop() ?? '';
    if (!p.says.test(last)) bad.push(`says "${last.slice(0, 200)}", expected ${String(p.says)}`);
  }
  if (p.shows && !p.shows.test(r.text)) bad.push(`output does not show ${String(p.shows)}`);
  // The output and the reports a reader sees rendered (HTML, Markdown); JSON and XML hold data.
  if (p.hides)
    for (const t of texts)
      if ((t.name === 'output' || (p.hidesIn ?? /\.(html|md)$/).test(t.name)) && p.hides.test(t.text))
        bad.push(`${t.name} holds ${String(p.hides)}`);
  if (p.maxOutput !== undefined && r.text.length > p.maxOutput)
    bad.push(`output of ${r.text.length} characters (at most ${p.maxOutput})`);
  if (r.text.split('\n').some((l) => l.startsWith('SGFORGED'))) bad.push('a line forged by the input');
  // A raw escape, C1 control or bidi/invisible character: the input restyled or reordered the output.
  const raw = hiddenCharacter(r.text);
  if (raw) bad.push(`a raw ${raw.code} in the output`);
  if (p.reports) {
    const present = RUN_FILES.filter((f) => existsSync(project.at(p.reports!, f)));
    if (present.length !== 0 && present.length !== RUN_FILES.length)
      bad.push(`broken report set: ${present.length} of ${RUN_FILES.length}`);
  }
  return bad;
}

/** One probe of a run: what it runs through main() and what a correct spokegate does. */
export interface Probe<Area extends string> extends Expected {
  id: string;
  area: Area;
  what: string;
  args: string[];
  env?: Record<string, string>;
  /** A finding of the run not fixed yet: the probe is kept, expected to fail. */
  open?: true;
}

/**
 * What a probe row expects: a RegExp, a refusal (exit 2) whose last line of stderr it matches; a
 * number, that exit code and nothing more; else all it says.
 */
export type Expects = RegExp | number | Omit<Probe<string>, 'id' | 'area' | 'what' | 'args'>;
/** A probe as a row: its id, what it tries, the arguments, what a correct spokegate does. */
export type Row = readonly [id: string, what: string, args: string[], expects: Expects];

/** A row's expectation for the environment variable `name` set to `value`: refused (exit 2), naming it. */
export const refusedEnv = (name: string, value: string): Expects => ({
  env: { [name]: value },
  code: 2,
  says: new RegExp(name),
});

/** The probes of `area` written as rows (a row a line where it fits: a run reads as a table). */
export const probesOf = <Area extends string>(area: Area, rows: readonly Row[]): Probe<Area>[] =>
  rows.map(([id, what, args, e]) => ({
    id,
    area,
    what,
    args,
    ...(e instanceof RegExp ? { code: 2, says: e } : typeof e === 'number' ? { code: e } : e),
  }));

/**
 * A probe as a row naming its area: id, area, what, the arguments, the exit code, (exit 2) what
 * the last line of stderr names, the rest.
 */
export type AreaRow<Area extends string> = [
  string,
  Area,
  string,
  string[],
  number,
  RegExp?,
  Partial<Expected>?,
];
/** The probe of an AreaRow. */
export const probeOfRow = <Area extends string>([id, area, what, args, code, says, more]: AreaRow<Area>) =>
  probesOf(area, [[id, what, args, { code, ...(says && { says }), ...more }]])[0]!;

/**
 * A writer of rows checking the demo feature over the demo config with `from` as `to` (written by
 * `copy` as ID.yaml, reports in r-ID): refused naming `field` (exit 2), or answered (exit 0).
 */
export const configRows =
  (copy: (name: string, from: string | RegExp, to: string) => string) =>
  <Area extends string>(
    id: string,
    area: Area,
    what: string,
    from: string | RegExp,
    to: string,
    field?: string,
  ): AreaRow<Area> => [
    id,
    area,
    what,
    CHECK('--config', copy(`${id}.yaml`, from, to), '--reports', `r-${id}`),
    field === undefined ? 0 : 2,
    field === undefined ? undefined : new RegExp(`${id}\\.yaml.*${field}`),
  ];

/** `check` with its reports in r-ID, whose lock the probe planted: taken over (exit 0), the report set whole. */
export const lockTakenOver = <Area extends string>(id: string, area: Area, what: string): AreaRow<Area> => [
  id,
  area,
  `${what}: taken over`,
  CHECK('--reports', `r-${id}`),
  0,
  undefined,
  { reports: `r-${id}` },
];

/** The probes as tests: each runs through main() in the project with its canaries, then is scored. */
export function probeTests<Area extends string>(
  project: AttackProject,
  probes: readonly Probe<Area>[],
): void {
  for (const p of probes)
    (p.open ? it.fails : it)(`${p.id} ${p.area}: ${p.what}`, async () => {
      const r = await runCli(p.args, { cwd: project.proj, env: { ...project.env, ...p.env } });
      const bad = score(project, p, r);
      expect(bad, `${bad.join('; ')}\n${r.text.slice(-600)}`).toEqual([]);
    });
}

/** A form-encoded POST to `host` (an STS or EC2 action), its Content-Length right. */
export const formPost = (host: string, body: string) =>
  `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/**
 * The demo sandbox over plain HTTP for the describe block that calls this, and raw requests to it:
 * what it answers is read as latin1, whatever bytes it holds.
 */
export function rawSandbox() {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(join(DEMO, 'world.yaml'), { http: true });
  });
  afterAll(() => sandbox.close());
  /** A connection to the sandbox; `until` says when what it has answered is enough. */
  const talk = (send: (s: Socket) => void, until: (answer: string) => boolean = () => false) =>
    new Promise<string>((resolve) => {
      const s = connect(Number(new URL(sandbox.env.AWS_ENDPOINT_URL_STS!).port), '127.0.0.1');
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        if (until(buf)) s.destroy();
      });
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      send(s);
    });
  return {
    /** Everything the sandbox answers to `request` before it closes the connection. */
    exchange: (request: string) => talk((s) => s.end(request)),
    /**
     * The first answer's head for a request whose body never comes: not ended, the socket stays
     * open, as a client still sending would keep it.
     */
    firstAnswer: (head: string) =>
      talk(
        (s) => s.write(head),
        (answer) => answer.includes('\r\n\r\n'),
      ),
  };
}
