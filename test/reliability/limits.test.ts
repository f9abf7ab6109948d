// Issue 12, finding 4: every kind of input has a size limit, a nesting limit and (YAML) an alias
// limit; /dev/zero, FIFOs, broken links and link loops are refused. Each is exit 2 naming the file,
// the limit and the actual size, and the process's peak memory stays under a stated figure
// (measured in a child process with process.resourceUsage().maxRSS; never a time).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import {
  readInput,
  withInputScope,
  makeScope,
  MAX_TOTAL_INPUT,
  MAX_WALK_ENTRIES,
  MAX_WALK_FILES,
} from '../../src/input/index.js';
import { MAX_DIFF_CELLS } from '../../src/diff/index.js';
import { MAX_DECIDED_POINTS } from '../../src/analysis/index.js';
import { allowInvokePolicy, demoProject, ROOT } from '../harness/helpers.js';
import { policyOfStatements } from './attack-kit.js';

const { base, proj } = demoProject('limits');

/** Peak memory the CLI may use on any oversized or hostile input (Node itself is about 50 MB). */
const PEAK_MB = 200;

const cli = (args: string[]) => runCli(args, { cwd: proj, env: process.env });

/** The built CLI in a child process: exit code, output, and its peak resident memory in MB. */
function measured(args: string[]): { code: number; text: string; peakMb: number } {
  const script = `
    const { main } = await import(${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))});
    let text = '';
    const io = { out: (t) => (text += t + '\\n'), err: (t) => (text += t + '\\n'), env: process.env, cwd: process.cwd() };
    const code = await main(${JSON.stringify(args)}, io);
    process.stdout.write(JSON.stringify({ code, text, peakKb: process.resourceUsage().maxRSS }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: proj,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const out = JSON.parse(r.stdout) as { code: number; text: string; peakKb: number };
  return { code: out.code, text: out.text, peakMb: out.peakKb / 1024 };
}

const policy = (statements: number) =>
  JSON.stringify(
    policyOfStatements(
      statements,
      (i) => `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders${i}`,
    ),
  );

/** A policy letting anyone invoke anything, under `Condition` when given. */
const allowAll = (Condition?: object) => JSON.stringify(allowInvokePolicy(true, Condition && { Condition }));

beforeAll(() => {
  writeFileSync(join(proj, 'big-policy.json'), policy(60_000)); // about 9 MB
  writeFileSync(join(proj, 'allow-all.json'), allowAll());
  writeFileSync(join(proj, 'deep.json'), '['.repeat(10_000) + ']'.repeat(10_000));
  writeFileSync(
    join(proj, 'deep-policy.json'),
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]}`,
  );
  // CloudFormation nested 5,000 deep, in block style and in flow style.
  const block = ['Resources:'];
  for (let i = 0; i < 1200; i++) block.push(`${' '.repeat(i + 2)}k${i}:`);
  block.push(`${' '.repeat(1202)}v`);
  writeFileSync(join(proj, 'deep-block.yaml'), block.join('\n') + '\n');
  writeFileSync(join(proj, 'deep-flow.yaml'), `Resources: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  writeFileSync(join(proj, 'deep-seq.yaml'), `Resources:\n  ${'- '.repeat(5000)}x\n`);
  // A YAML alias bomb: each level refers to the one before it ten times.
  const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  bomb.push('Statement: *a11');
  writeFileSync(join(proj, 'bomb.yaml'), bomb.join('\n') + '\n');
  // Many aliases of one big map: linear, not exponential, growth.
  const big = Array.from({ length: 5000 }, (_, i) => `  k${i}: value-${i}`).join('\n');
  const wide = ['Big: &big', big, 'Resources:', ...Array.from({ length: 500 }, (_, i) => `  R${i}: *big`)];
  writeFileSync(join(proj, 'wide-aliases.yaml'), wide.join('\n') + '\n');
  execFileSync('mkfifo', [join(proj, 'fifo.json')]);
  mkdirSync(join(proj, 'loop'));
  writeFileSync(join(proj, 'loop', 'a.feature'), '');
  symlinkSync('.', join(proj, 'loop', 'self'));
  mkdirSync(join(proj, 'broken'));
  symlinkSync('nowhere.feature', join(proj, 'broken', 'b.feature'));
  mkdirSync(join(proj, 'fifos'));
  execFileSync('mkfifo', [join(proj, 'fifos', 'x.feature')]);
  symlinkSync('ring2', join(proj, 'ring1.json'));
  symlinkSync('ring1.json', join(proj, 'ring2'));
});

/** Bad input: the exit code (2 unless given) and what the message must say (substrings or patterns). */
interface Refusal {
  args: string[];
  says: (string | RegExp)[];
  code?: number;
}

function expectRefused(r: { code: number; text: string }, c: Refusal): void {
  expect(r.code, r.text).toBe(c.code ?? 2);
  for (const s of c.says) expect(r.text).toMatch(s);
  expect(r.text).not.toContain('internal error');
}

/** `evaluate` of one policy file for an anonymous caller. */
const evaluate = (policy: string) => [
  'evaluate',
  '--policy',
  policy,
  '--principal',
  'anonymous',
  '--action',
  'a:b',
  '--resource',
  '*',
];
/** `check` of a features folder, with its own reports folder under `base`. */
const check = (features: string, policy: string, reports: string) => [
  'check',
  features,
  '--endpoint-policy',
  policy,
  '--reports',
  join(base, reports),
];

/** Refused in a child process whose peak memory is measured. */
function refusedInBoundedMemory(cases: Record<string, Refusal & { setup?: () => void }>, timeout?: number) {
  for (const [name, c] of Object.entries(cases))
    it(
      name,
      () => {
        c.setup?.();
        const r = measured(c.args);
        expectRefused(r, c);
        expect(r.peakMb).toBeLessThan(PEAK_MB);
      },
      timeout,
    );
}

/** Refused in this process (main()). */
function refused(cases: Record<string, Refusal>) {
  for (const [name, c] of Object.entries(cases)) it(name, async () => expectRefused(await cli(c.args), c));
}

describe('size limits (finding 4)', () => {
  beforeAll(() => {
    writeFileSync(join(proj, 'huge.json'), '{');
    execFileSync('truncate', ['-s', '100M', join(proj, 'huge.json')]); // sparse: 100 MB without writing them
    writeFileSync(join(proj, 'big.config.yaml'), `# ${'x'.repeat(300 * 1024)}\n`);
  });
  refusedInBoundedMemory({
    'a policy over its limit: exit 2 with the file, the limit and the size, in bounded memory': {
      args: ['lint', 'big-policy.json'],
      says: [/big-policy\.json: the policy file is [\d.]+ MiB; the limit is 128 KiB/],
    },
    'check with an oversized endpoint policy: exit 2, bounded memory': {
      args: [
        'check',
        'endpoint.feature',
        '--endpoint-policy',
        'big-policy.json',
        '--reports',
        join(base, 'r1'),
      ],
      says: ['the limit is 128 KiB'],
    },
    'a file over the largest limit is refused from its size alone, before reading': {
      args: evaluate('huge.json'),
      says: ['huge.json: the policy file is 100 MiB; the limit is 32 MiB'],
    },
  });
  refused({
    'a config over its limit': {
      args: ['diff', '--config', 'big.config.yaml', '--before', 'deep.json', '--after', 'deep.json'],
      says: ['big.config.yaml: the config file is 300 KiB; the limit is 256 KiB'],
    },
  });

  it('a file that reports size 0 but never ends is read only up to the limit plus one byte', () => {
    // /proc files say they are empty; the reader counts what it reads instead.
    expect(() =>
      withInputScope(makeScope({ cwd: proj, allowOutsideRoot: true }), () =>
        readInput('/proc/self/maps', 'policy', { limit: 10 }),
      ),
    ).toThrow(/the policy file is more than 10 bytes; the limit is 10 bytes/);
  });
});

describe('files that are not regular files (finding 4)', () => {
  const POLICY = 'policies/invoke-all.json';
  refused({
    '/dev/zero as a policy: exit 2, a device': {
      args: ['lint', '/dev/zero', '--allow-outside-root'],
      says: ['/dev/zero: the policy file is a device, not a regular file'],
    },
    '/dev/zero as a config': {
      args: ['diff', '--config', '/dev/zero', '--plan', 'x.json', '--allow-outside-root'],
      says: ['a device'],
    },
    '/dev/zero as a world': {
      args: ['sandbox', '--world', '/dev/zero', '--allow-outside-root'],
      says: ['a device'],
    },
    'a FIFO as a policy: exit 2 at once, it does not wait for a writer': {
      args: ['lint', 'fifo.json'],
      says: ['fifo.json: the policy file is a named pipe (FIFO), not a regular file'],
    },
    'a FIFO named .feature in a features folder': {
      args: check('fifos', POLICY, 'r2'),
      says: ['fifos/x.feature'],
    },
    'a folder as a policy': {
      args: ['lint', 'policies'],
      says: ['policies: the policy file is a folder, not a regular file'],
    },
    'a broken symbolic link in a features folder names it': {
      args: check('broken', POLICY, 'r3'),
      says: ['broken/b.feature: feature file: a broken symbolic link'],
    },
    // The folder is visited once; its one feature is empty, which is bad input of its own.
    'a link loop in a features folder is walked once': {
      args: check('loop', POLICY, 'r4'),
      says: ['loop/a.feature'],
    },
    'a loop of links as a policy': {
      args: ['lint', 'ring1.json'],
      says: ['ring1.json: policy file: a loop of symbolic links'],
    },
  });
});

describe('nesting and alias limits (finding 4)', () => {
  refused({
    'JSON nested 10,000 deep': {
      args: evaluate('deep.json'),
      says: [/deep\.json.*nested 10000 deep; the limit is 100 levels/],
    },
    // lint reports an unreadable policy as an SG000 finding (exit 1), with the same words.
    'JSON nested 10,000 deep, linted': {
      args: ['lint', 'deep.json'],
      code: 1,
      says: ['SG000: deep.json: nested 10000 deep; the limit is 100 levels'],
    },
    'a policy condition nested 5,000 deep': {
      args: evaluate('deep-policy.json'),
      says: ['the limit is 100 levels'],
    },
    ...Object.fromEntries(
      ['deep-block.yaml', 'deep-flow.yaml', 'deep-seq.yaml'].map((f) => [
        `CloudFormation nested thousands deep (${f})`,
        { args: ['lint', f], says: [f, /nested|deep/] },
      ]),
    ),
  });
  refusedInBoundedMemory({
    'a YAML alias bomb: exit 2 in bounded memory': {
      args: ['lint', 'bomb.yaml'],
      says: ['bomb.yaml', /alias/],
    },
    'many aliases of one big map: exit 2 in bounded memory': {
      args: ['lint', 'wide-aliases.yaml'],
      says: ['wide-aliases.yaml'],
    },
  });
});

describe('aggregate limits: all the inputs of one command, and a folder walk (finding 4)', () => {
  /** A valid feature of about `bytes` bytes (the rest is a comment block). */
  const bigFeature = (bytes: number) => {
    const head =
      'Feature: padded\n  Scenario: one call\n    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n';
    const line = `# ${'x'.repeat(1021)}\n`; // 1 KiB
    return head + line.repeat(Math.floor((bytes - head.length) / line.length));
  };
  /** A folder in the project holding `count` files, each named by `name(i)` and holding `text`. */
  const folder = (dir: string, count: number, name: (i: number) => string, text = '') => {
    mkdirSync(join(proj, dir));
    for (let i = 0; i < count; i++) writeFileSync(join(proj, dir, name(i)), text);
  };
  refusedInBoundedMemory(
    {
      [`a features folder totalling more than ${MAX_TOTAL_INPUT / 2 ** 20} MiB: exit 2 with the numbers, in bounded memory`]:
        {
          setup: () => {
            const text = bigFeature(1024 * 1024 - 4096); // each under the 1 MiB feature limit
            const files = Math.ceil(MAX_TOTAL_INPUT / Buffer.byteLength(text)) + 1;
            folder('many-big', files, (i) => `f${String(i).padStart(3, '0')}.feature`, text);
          },
          args: check('many-big', 'allow-all.json', 'r-total'),
          says: [
            /^spokegate: many-big\/f\d{3}\.feature: with this feature file the input files of this command would total 80\.\d MiB; the limit is 80 MiB for all of them together/m,
          ],
        },
      [`more than ${MAX_WALK_FILES} feature files under a folder: exit 2 naming it and the limit`]: {
        setup: () => folder('many-files', MAX_WALK_FILES + 1, (i) => `f${i}.feature`),
        args: check('many-files', 'allow-all.json', 'r-files'),
        says: ['many-files: more than 2,000 feature files under this folder; the limit is 2,000'],
      },
      // Not .feature files: a huge tree is refused for its size whatever it holds.
      [`more than ${MAX_WALK_ENTRIES} entries under a folder: refused while listing, in bounded memory`]: {
        setup: () => folder('many-entries', MAX_WALK_ENTRIES + 1, (i) => `n${i}.txt`),
        args: check('many-entries', 'allow-all.json', 'r-entries'),
        says: ['many-entries: more than 50,000 entries under this folder; the limit is 50,000'],
      },
    },
    300_000,
  );
});

describe('the work a config can ask for (attack run 2)', () => {
  it(`diff over more than ${MAX_DIFF_CELLS.toLocaleString('en-US')} cells (roles × APIs × probes): exit 2 with the numbers, in bounded memory`, () => {
    // 300 roles × 30 APIs × 30 probes = 270,000 cells from a 30 KB config: without a limit, minutes and gigabytes.
    const n = { roles: 300, apis: 30, probes: 30 };
    const config = [
      'region: us-west-2',
      "endpoints: { hub: { id: vpce-0123456789abcdef0, account: '111111111111' } }",
      'roles:',
      ...Array.from(
        { length: n.roles },
        (_, i) => `  R${i}: { arn: 'arn:aws:iam::111111111111:role/R${i}' }`,
      ),
      'apis:',
      ...Array.from(
        { length: n.apis },
        (_, i) => `  a${i}: { id: a${String(i).padStart(9, '0')}, account: '222222222222', stage: prod }`,
      ),
      `defaults: { probes: [${Array.from({ length: n.probes }, (_, i) => `'GET /p${i}'`).join(', ')}] }`,
    ].join('\n');
    writeFileSync(join(proj, 'many-cells.yaml'), `${config}\n`);
    const r = measured([
      'diff',
      '--config',
      'many-cells.yaml',
      '--before',
      'allow-all.json',
      '--after',
      'allow-all.json',
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain(
      'many-cells.yaml: defaults.probes: 300 roles × 30 APIs × 30 probes = 270,000 cells to compare; the limit is 200,000',
    );
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);

  // Within the pattern limits (32 wildcards), `*?` × 16 over aws:userid made the demo's four APIs
  // decide 187,579 kinds of request: 86 s and 560 MB, then exit 3; with three tag patterns beside
  // it, several times that. The points of every API are counted before any is decided, so the
  // refusal costs only the partition (past the merge limit, before the decisions are counted).
  // Unique id 40 since 504b434: the witness search's length cap counts each `?`, so the 16 of
  // `*?` × 16 reach userids long enough to tell two more regions apart (38 before).
  it(`who-can over more than ${MAX_DECIDED_POINTS.toLocaleString('en-US')} kinds of request: exit 2 naming the policy and the figures, in bounded memory`, () => {
    writeFileSync(
      join(proj, 'userid-lengths.json'),
      allowAll({
        StringLike: { 'aws:userid': '*?'.repeat(16), 'aws:PrincipalTag/team': ['a*', 'b*', 'c*'] },
      }),
    );
    const r = measured(['who-can', '--endpoint-policy', 'userid-lengths.json']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(
      /userid-lengths\.json: the policies \(this one and \d+ more: [^)]*\) tell apart (at least )?[\d,]+ kinds of request for API "\w+" \(account \d+ × .* × unique id 40 × .*\)(, (at least )?[\d,]+ with the APIs before it)?; who-can, diff and the reach proofs (decide at most 250,000 per command|merge at most 500,000 per command into classes, and decide at most 250,000 of them)/,
    );
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);
});

describe('names as long as a feature file allows (attack run 6)', () => {
  // An unknown name is answered with "did you mean" from an edit distance: a 900,000-character
  // role alias was compared in a full table with every role (300,000 characters: 28 s and 427 MB;
  // 900,000 ran past a minute). Now in bounded memory, and a name far longer than every candidate
  // is compared with none.
  it('a 900 KB role alias in a step is exit 2 (unknown role, quoted short) in bounded memory', () => {
    writeFileSync(
      join(proj, 'long-alias.feature'),
      `Feature: x\n  Scenario: y\n    When "${'R'.repeat(900_000)}" calls GET /orders on "orders"\n`,
    );
    const r = measured([
      'check',
      'long-alias.feature',
      '--endpoint-policy',
      'policies/invoke-all.json',
      '--reports',
      'long-alias-reports',
    ]);
    expect(r.code, r.text.slice(0, 500)).toBe(2);
    expect(r.text).toMatch(/long-alias\.feature: line 3: unknown role alias "R{20,80}…" \(known: /);
    expect(r.text.length).toBeLessThan(2_000);
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);
});
