// Issue 12, attack run 7 (fresh probes over every command and input kind): each finding that
// reproduced is kept here as the test that failed before its fix. In process through main(), but
// for the memory bound, which is measured in one child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli-in-process.js';
import { demoProject, ROOT } from '../harness/helpers.js';
import { anonymousCall, policyOfStatements } from './attack-kit.js';
import { template } from './endpoint-template.js';

const { base, proj } = demoProject('attack7');
const cli = (args: string[]) => runCli(args, { cwd: proj, env: process.env });

function refusedNaming(r: CliResult, file: string, says: RegExp): void {
  expect(r.code, r.text.slice(-600)).toBe(2);
  expect(r.err).not.toMatch(/internal error|^\s+at /m);
  const line = r.err.trim().split('\n').pop()!;
  expect(line).toContain(file);
  expect(line).toMatch(says);
}

describe('CloudFormation intrinsic functions cannot make unbounded work (attack run 7)', () => {
  // Each took minutes (killed), ended as exit 3 "internal error: Invalid string length", or
  // aborted the process out of memory: a 1 MiB template asks for gigabytes through its functions.
  const big = 'A'.repeat(100_000);
  const doubling: Record<string, unknown> = { k40: 'x' };
  for (let i = 0; i < 40; i++) {
    const next = { 'Fn::FindInMap': ['M', 'a', `k${i + 1}`] };
    doubling[`k${i}`] = [next, next];
  }
  const cases: [string, string][] = [
    [
      'Fn::FindInMap doubling a list 40 times (2^40 values)',
      template(
        { 'Fn::Join': ['', { 'Fn::FindInMap': ['M', 'a', 'k0'] }] },
        { Mappings: { M: { a: doubling } } },
      ),
    ],
    [
      'Fn::Sub repeating a 100 KB parameter 200,000 times',
      template(
        { 'Fn::Sub': '${P}'.repeat(200_000) },
        { Parameters: { P: { Type: 'String', Default: big } } },
      ),
    ],
    [
      'Fn::Join of an Fn::Split with a 100 KB delimiter',
      template({ 'Fn::Join': [big, { 'Fn::Split': ['', big] }] }),
    ],
    [
      'Fn::Sub of a variable that is a 500 KB Fn::Join, 100,000 times',
      template({
        'Fn::Sub': ['${x}'.repeat(100_000), { x: { 'Fn::Join': ['', [big, big, big, big, big]] } }],
      }),
    ],
  ];
  it.each(cases)('%s: exit 2 naming the template and the limit', async (_name, text) => {
    writeFileSync(join(proj, 'bomb.json'), text);
    const r = await cli(['lint', 'bomb.json']);
    refusedNaming(r, 'bomb.json', /intrinsic functions .* the limit is/);
  });
});

describe('a policy written as a string in a plan is held to the policy limit before it is parsed', () => {
  it('a 4 MB endpoint policy string: exit 2 naming the resource and the limit, in bounded memory', () => {
    // It was parsed and compiled whole (10 MB: 85 s, 1.2 GB) before SG002 refused its length.
    const plan = JSON.parse(readFileSync(join(ROOT, 'examples', 'tfplan.json'), 'utf8')) as {
      resource_changes: { type: string; change: { after: Record<string, unknown> } }[];
    };
    plan.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!.change.after.policy =
      JSON.stringify(policyOfStatements(40_000));
    writeFileSync(join(proj, 'big-string-plan.json'), JSON.stringify(plan));
    const script = `
      const { main } = await import(${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))});
      let text = '';
      const io = { out: (t) => (text += t + '\\n'), err: (t) => (text += t + '\\n'), env: process.env, cwd: process.cwd() };
      const code = await main(['diff', '--plan', 'big-string-plan.json'], io);
      process.stdout.write(JSON.stringify({ code, text, peakKb: process.resourceUsage().maxRSS }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: proj,
      encoding: 'utf8',
    });
    const r = JSON.parse(child.stdout) as { code: number; text: string; peakKb: number };
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/big-string-plan\.json.*aws_vpc_endpoint_policy\.hub.*128 KiB/);
    expect(r.peakKb / 1024).toBeLessThan(200);
  });
});

describe('sandbox --export-file writes only where it was pointed (attack run 7)', () => {
  /**
   * Runs `sandbox` with args; if it starts serving (it should not here), stops it by calling the
   * SIGTERM listener it added (emitting the signal would reach the test runner's own).
   */
  async function sandboxRefusing(args: string[]): Promise<CliResult> {
    const before = new Set(process.listeners('SIGTERM'));
    const r = runCli(['sandbox', '--http', ...args], { cwd: proj, env: process.env });
    const serving = setInterval(() => {
      if (!existsSync(join(proj, 'sg.env')) && !existsSync(join(base, 'outside', 'sg.env'))) return;
      for (const l of process.listeners('SIGTERM')) if (!before.has(l)) l('SIGTERM');
    }, 200);
    try {
      return await r;
    } finally {
      clearInterval(serving);
    }
  }

  it('a link planted at FILE.tmp is not written through (it overwrote the file it leads to)', async () => {
    const victim = join(base, 'victim.txt');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, join(proj, 'sg.env.tmp'));
    const r = await sandboxRefusing(['--export-file', 'sg.env']);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    refusedNaming(r, 'sg.env', /symbolic link/);
  });

  it('a folder in the project that is a link out of it: refused unless --allow-outside-root', async () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(proj, 'out'));
    const r = await sandboxRefusing(['--export-file', 'out/sg.env']);
    refusedNaming(r, 'out/sg.env', /out of the project folder.*--allow-outside-root/);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('input file names cannot rewrite the output they appear in (attack run 7)', () => {
  const feature = readFileSync(join(proj, 'endpoint.feature'), 'utf8');
  writeFileSync(
    join(proj, 'endpoint-policy.json'),
    readFileSync(join(ROOT, 'examples', 'endpoint-policy.json')),
  );
  it.each([
    ['an ANSI escape', '\u001b[31mred.feature', '\\u001b[31mred.feature', 'U+001B'],
    ['a line feed', 'a\nspokegate: PASS.feature', 'a\\nspokegate: PASS.feature', 'U+000A'],
    ['a bidi override', 'r\u202eerutaef.feature', 'r\\u202eerutaef.feature', 'U+202E'],
  ])(
    'a feature whose name holds %s: exit 2 naming it escaped, before anything runs',
    async (_what, name, shown, code) => {
      // Cucumber's reports (and the access matrix's scenario locations) held the name raw, and a
      // line feed in it forged a line of spokegate's stderr.
      const dir = join(proj, `named-${code}`);
      mkdirSync(dir);
      writeFileSync(join(dir, name), feature);
      const r = await cli([
        'check',
        `named-${code}`,
        '--endpoint-policy',
        'endpoint-policy.json',
        '--reports',
        `r-${code}`,
      ]);
      refusedNaming(r, shown, new RegExp(`name holds ${code.replace('+', '\\+')}`));
      expect(r.err.split('\n').some((l) => l.startsWith('spokegate: PASS'))).toBe(false);
      expect(existsSync(join(proj, `r-${code}`))).toBe(false);
    },
  );
});

describe('bad input met inside a step is one line, never a stack trace (attack run 7)', () => {
  it('a pattern over the analysis limit in a proof step: exit 2, no stack frame on stderr or in the reports', async () => {
    // The proof's InputError reached Cucumber, which printed it with every frame (stderr, cucumber.json).
    const pattern = `*${'abcdefg*'.repeat(40)}`;
    const policy = JSON.parse(readFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), 'utf8')) as {
      Statement: Record<string, unknown>[];
    };
    policy.Statement.push({
      Sid: 'Wide',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': pattern } },
    });
    writeFileSync(join(proj, 'wide.json'), JSON.stringify(policy));
    const r = await cli(['check', 'policy.feature', '--endpoint-policy', 'wide.json', '--reports', 'r-wide']);
    expect(r.code, r.text.slice(-800)).toBe(2);
    expect(r.err).toContain('holds 41 wildcards');
    expect(r.text).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(proj, 'r-wide', 'cucumber.json'), 'utf8')).not.toMatch(/\\n\s+at /);
  });
});

describe('an option value quoted in an error is one line (attack run 7)', () => {
  it('call -H with a line feed: exit 2, the header named on one line (its value, maybe a secret, not shown: attack run 11)', async () => {
    const r = await cli(anonymousCall('--api', 'orders', '-H', 'X-A: b\nspokegate: PASS'));
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain('-H X-A: the value holds a line break');
    expect(r.err).not.toContain('PASS');
    expect(r.err.split('\n').some((l) => l.startsWith('spokegate: PASS'))).toBe(false);
  });
});

describe('the sandbox export block holds no control character (attack run 7)', () => {
  it('a world whose harness secret holds an ANSI escape: exit 2 naming the field, nothing printed raw', async () => {
    // The export block printed it raw on stdout (quoted for the shell, but a terminal obeyed it).
    const world = readFileSync(join(proj, 'world.yaml'), 'utf8').replace(
      /secretAccessKey: .*/,
      'secretAccessKey: "\\e[31mx0123456789012345678901234567890123456789"',
    );
    writeFileSync(join(proj, 'ansi-world.yaml'), world);
    const before = new Set(process.listeners('SIGTERM'));
    const run = runCli(['sandbox', '--http', '--world', 'ansi-world.yaml'], { cwd: proj, env: process.env });
    const serving = setInterval(() => {
      for (const l of process.listeners('SIGTERM')) if (!before.has(l)) l('SIGTERM');
    }, 500);
    const r = await run.finally(() => clearInterval(serving));
    expect(r.text).not.toContain('\u001b');
    refusedNaming(r, 'ansi-world.yaml', /harness\.secretAccessKey/);
  });
});
