// Issue 12, attack run 8 (about 150 fresh probes over every command and input kind, scored for
// leaked canaries, hangs, exit codes other than 2 for bad input, stack traces, broken report sets
// and output rewritten by its content): each finding that reproduced is kept here, in process
// through main(), as the test that failed before its fix.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli-in-process.js';
import { demoProject, ROOT } from '../harness/helpers.js';
import { template } from './endpoint-template.js';
import { evaluateArgs } from './attack-kit.js';

const { proj } = demoProject('attack8');
const cli = (args: string[]) => runCli(args, { cwd: proj, env: process.env });
const POLICY = 'policies/invoke-all.json';
cpSync(join(ROOT, 'examples', 'endpoint-policy.json'), join(proj, 'hub.json'));

function refused(r: CliResult, ...says: (string | RegExp)[]): void {
  expect(r.code, r.text.slice(-600)).toBe(2);
  expect(r.err).not.toMatch(/internal error|^\s+at /m);
  const line = r.err.trim().split('\n').pop()!;
  for (const s of says) expect(line).toMatch(s);
}

describe('--root must name a folder (attack run 8)', () => {
  // `--root FILE` made the file itself the project (a file is "inside" itself), `--root ''` the
  // working folder: both exited 0 as if the boundary had been given.
  it.each([
    ['a file', POLICY, /--root: .*invoke-all\.json.* is not a folder/],
    ['an empty value', '', /--root: must name a folder/],
    ['a folder that does not exist', 'no-such-dir', /--root: .*no-such-dir.* not found/],
  ])('%s: exit 2 naming --root', async (_name, root, says) => {
    refused(await cli(['lint', POLICY, '--root', root]), says);
  });
});

describe('help for a command that does not exist (attack run 8)', () => {
  // `spokegate frob --help` and `spokegate help frob` printed the program's help and exited 0.
  it.each([[['frob', '--help']], [['help', 'frob']]])('%j: exit 2, unknown command', async (args) => {
    const r = await cli(args);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain("unknown command 'frob'");
  });

  it('help for a real command still exits 0', async () => {
    for (const args of [['help', 'lint'], ['lint', '--help'], ['--help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});

describe('evaluate refuses a request no AWS request could be (attack run 8)', () => {
  const RES = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
  const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
  const evaluate = (principal: string, resource: string, ...more: string[]) =>
    cli(evaluateArgs(POLICY, principal, resource, ...more));

  it('a --resource with a line feed: exit 2 (it forged a line of the explanation)', async () => {
    const r = await evaluate(ROLE, `${RES}\nspokegate: ALLOW`);
    refused(r, /--resource/, /control character/);
    expect(r.out.split('\n').some((l) => l.startsWith('spokegate: ALLOW'))).toBe(false);
  });

  it.each([
    ['a line feed', 'aws:PrincipalTag/team=x\nspokegate: ALLOW', /control character/],
    ['an ANSI escape', 'aws:PrincipalTag/team=\u001b[8mx', /control character/],
    ['a right-to-left override', 'aws:PrincipalTag/te\u202eam=x', /bidirectional control character/],
  ])('a --context holding %s: exit 2 naming --context (a known gap)', async (_, item, kind) => {
    const r = await evaluate(ROLE, RES, '--context', item);
    refused(r, /--context/, kind);
    expect(r.out).toBe('');
  });

  it('a --principal whose role name is longer than IAM allows (64): exit 2', async () => {
    const r = await evaluate(`arn:aws:iam::111111111111:role/${'a'.repeat(100_000)}`, RES);
    refused(r, /principal "arn:aws:iam::111111111111:role\/a+.*" is not a role ARN/);
    expect(r.text.length).toBeLessThan(2_100);
  });
});

describe("a template's names are looked up as its own keys, never an object's built-ins (attack run 8)", () => {
  // `Ref: constructor` resolved to Object's constructor function, `Fn::FindInMap [M, __proto__,
  // toString]` to Object.prototype.toString: the policy then had "no Resource" (lint exit 1, a
  // finding about something the template never said) instead of the unknown name.
  it.each([
    ['Ref constructor', { Ref: 'constructor' }, {}, /Ref constructor: no such parameter or resource/],
    ['Ref hasOwnProperty', { Ref: 'hasOwnProperty' }, {}, /Ref hasOwnProperty: no such/],
    [
      'Fn::FindInMap [M, __proto__, toString]',
      { 'Fn::FindInMap': ['M', '__proto__', 'toString'] },
      { Mappings: { M: { a: { b: 'x' } } } },
      /no Mappings\.M\.__proto__\.toString/,
    ],
    [
      'Fn::FindInMap [M, a, constructor]',
      { 'Fn::FindInMap': ['M', 'a', 'constructor'] },
      { Mappings: { M: { a: { b: 'x' } } } },
      /no Mappings\.M\.a\.constructor/,
    ],
    [
      'Fn::Sub ${toString} with a variable map',
      { 'Fn::Sub': ['arn:${toString}', { x: 'y' }] },
      {},
      /Ref toString: no such parameter or resource/,
    ],
    [
      'Fn::If on condition valueOf',
      { 'Fn::If': ['valueOf', '*', 'x'] },
      { Conditions: { C: { 'Fn::Equals': ['a', 'a'] } } },
      /no condition named valueOf/,
    ],
  ])('%s: exit 2 naming the unknown name', async (_name, resource, extra, says) => {
    writeFileSync(join(proj, 'proto.json'), template(resource, extra));
    refused(await cli(['lint', 'proto.json']), /proto\.json/, says);
  });
});

describe('sandbox --export-file is never renamed over something that is not a file (attack run 8)', () => {
  // `--export-file /dev/full --allow-outside-root` replaced the device with a regular file holding
  // the export block (the rename does not care what it replaces); a FIFO in the project likewise.
  it('a FIFO at FILE: exit 2 naming it, the FIFO left as it was', async () => {
    const fifo = join(proj, 'sg.fifo');
    execFileSync('mkfifo', [fifo]);
    const before = new Set(process.listeners('SIGTERM'));
    const r = runCli(['sandbox', '--http', '--export-file', 'sg.fifo'], { cwd: proj, env: process.env });
    // Had it started serving (it replaced the FIFO), stop it through the listener it added.
    const serving = setInterval(() => {
      if (!lstatSync(fifo).isFile()) return;
      for (const l of process.listeners('SIGTERM')) if (!before.has(l)) l('SIGTERM');
    }, 200);
    try {
      refused(await r, /sg\.fifo: --export-file: /, /a named pipe \(FIFO\), not a regular file/);
    } finally {
      clearInterval(serving);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('an access matrix states each cell once (attack run 8)', () => {
  // A column or a row given twice stated one cell twice, `allow` in one place and `deny` in the
  // other: one passed and one failed, exit 1, as if the policies were wrong rather than the table.
  it.each([
    [
      'an API column twice',
      '| role | orders | orders |\n      | CheckoutRole | allow | deny |',
      4,
      /API "orders" is a column twice/,
    ],
    [
      'a role row twice',
      '| role | orders |\n      | CheckoutRole | allow |\n      | CheckoutRole | deny |',
      6,
      /role "CheckoutRole" is a row twice \(first on line 5\)/,
    ],
    [
      'anonymous twice',
      '| role | orders |\n      | anonymous | deny |\n      | anonymous | deny |',
      6,
      /anonymous.* a row twice/,
    ],
  ])('%s: exit 2 naming the line, nothing run', async (_name, table, line, says) => {
    writeFileSync(
      join(proj, 'dup.feature'),
      `Feature: a\n  Scenario: b\n    Then the access matrix for GET / through "hub" is:\n      ${table}\n`,
    );
    const r = await cli(['check', 'dup.feature', '--endpoint-policy', 'hub.json', '--reports', 'r-dup']);
    refused(r, new RegExp(`dup\\.feature: line ${line}: `), says);
  });
});

describe("a world's text holds no control character (attack run 8, a known gap)", () => {
  // A world's free text (an API's name or description, a tag, a DNS name, an account's name) was
  // served as it was: an escape sequence or a bidi override in it reached every client that prints
  // the sandbox's answers. Refused like the config's and the features' names.
  it.each([
    ['an API description with an ANSI escape', 'apis.orders.description', '"x\\e[31my"', /U\+001B/],
    ['an account name with a bidi override', 'accounts.111111111111.name', '"hub\\u202e"', /U\+202E/],
    [
      'a role tag value with a zero-width space',
      'roles.ReportingRole.tags.team',
      '"analy\\u200btics"',
      /U\+200B/,
    ],
  ])('%s: exit 2 naming the file, the line and the field', async (_name, field, value, code) => {
    const world = readFileSync(join(proj, 'world.yaml'), 'utf8');
    const doc = parseDocument(world);
    doc.setIn(field.split('.'), '__VALUE__');
    writeFileSync(join(proj, 'hostile-world.yaml'), doc.toString().replace('__VALUE__', value));
    const before = new Set(process.listeners('SIGTERM'));
    const r = runCli(['sandbox', '--http', '--world', 'hostile-world.yaml'], { cwd: proj, env: process.env });
    // Had it started serving, stop it through the listener it added.
    const serving = setInterval(() => {
      for (const l of process.listeners('SIGTERM')) if (!before.has(l)) l('SIGTERM');
    }, 200);
    try {
      refused(await r, /hostile-world\.yaml: line \d+: /, new RegExp(field.replace(/\./g, '\\.')), code);
    } finally {
      clearInterval(serving);
    }
  });
});

describe('one policy resource per endpoint and per API in a plan (attack run 8)', () => {
  // A second aws_vpc_endpoint_policy on the hub (wide open, listed after the reviewed one) became
  // the hub's policy silently: AWS keeps whichever is applied last, so the one a reviewer reads
  // need not be the one in force, nor the one spokegate checked.
  const plan = JSON.parse(readFileSync(join(ROOT, 'examples', 'tfplan.json'), 'utf8')) as {
    resource_changes: {
      address: string;
      name: string;
      type: string;
      change: { after: { policy: string } };
    }[];
  };
  const open = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  });
  it.each([
    ['aws_vpc_endpoint_policy', 'hub'],
    ['aws_api_gateway_rest_api_policy', 'orders'],
  ])('two %s resources on one target: exit 2 naming both', async (type, name) => {
    const copy = structuredClone(plan);
    const first = copy.resource_changes.find((r) => r.type === type && r.name === name)!;
    const second = structuredClone(first);
    second.address = `${type}.${name}_too`;
    second.name = `${name}_too`;
    second.change.after.policy = open;
    copy.resource_changes.push(second);
    writeFileSync(join(proj, 'two-policies.json'), JSON.stringify(copy));
    const r = await cli(['diff', '--plan', 'two-policies.json']);
    refused(r, /two-policies\.json: /, new RegExp(`${type}\\.${name}_too and ${type}\\.${name} both set`));
  });
});

describe('a policy resource replaced by another keeps the new one (attack run 8)', () => {
  it.each(['after', 'before'])(
    'the old aws_vpc_endpoint_policy destroyed, listed %s the new one: the new policy, not AWS default',
    async (where) => {
      const plan = JSON.parse(readFileSync(join(ROOT, 'examples', 'tfplan.json'), 'utf8')) as {
        resource_changes: {
          address: string;
          name: string;
          type: string;
          change: { actions: string[]; before: unknown; after: unknown };
        }[];
      };
      const live = plan.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!;
      const old = structuredClone(live);
      old.address = 'aws_vpc_endpoint_policy.old';
      old.name = 'old';
      old.change = { ...old.change, actions: ['delete'], before: live.change.before, after: null };
      // Terraform lists resource changes by address; either order must read alike.
      if (where === 'after') plan.resource_changes.push(old);
      else plan.resource_changes.splice(plan.resource_changes.indexOf(live), 0, old);
      writeFileSync(join(proj, 'replaced.json'), JSON.stringify(plan));
      writeFileSync(
        join(proj, 'kept.json'),
        JSON.stringify({ ...plan, resource_changes: plan.resource_changes.filter((r) => r !== old) }),
      );
      const replaced = await cli(['diff', '--plan', 'replaced.json', '--format', 'json']);
      const kept = await cli(['diff', '--plan', 'kept.json', '--format', 'json']);
      expect(replaced.text).not.toMatch(/default full-access/);
      expect(replaced.code, replaced.text.slice(-400)).toBe(kept.code);
      expect(JSON.parse(replaced.out).changes).toEqual(JSON.parse(kept.out).changes);
    },
  );
});

describe("a config's names and text hold no control character (attack run 8, a known gap)", () => {
  // A role alias with a bidi override or an ANSI escape was taken: every output neutralised it, but
  // "Check\u202eoutRole" is a second name that reads like the first wherever a reader does not, and
  // did-you-mean hints offered it. Refused as the world's text is.
  it.each([
    ['a role alias with a bidi override', 'roles', 'CheckoutRole', 'Check\\u202eoutRole', /U\+202E/],
    ['an API alias with an ANSI escape', 'apis', 'orders', 'ord\\e[8mers', /U\+001B/],
  ])('%s: exit 2 naming the file, the line and the field', async (_name, section, alias, hostile, code) => {
    const text = readFileSync(join(proj, 'spokegate.config.yaml'), 'utf8');
    const at = text.indexOf(`\n  ${alias}:`, text.indexOf(`\n${section}:`));
    expect(at).toBeGreaterThan(0);
    writeFileSync(
      join(proj, 'hostile-config.yaml'),
      `${text.slice(0, at)}\n  "${hostile}":${text.slice(at + alias.length + 4)}`,
    );
    const r = await cli([
      'check',
      'endpoint.feature',
      '--config',
      'hostile-config.yaml',
      '--endpoint-policy',
      'hub.json',
    ]);
    refused(r, /hostile-config\.yaml: line \d+: /, new RegExp(`${section}\\.`), code);
  });
});
