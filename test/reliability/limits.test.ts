// Issue 12, finding 4: every kind of input has a size limit, a nesting limit and (YAML) an alias
// limit; /dev/zero, FIFOs, broken links and link loops are refused. Each is exit 2 naming the file,
// the limit and the actual size, and the process's peak memory stays under a stated figure
// (measured in a child process with process.resourceUsage().maxRSS; never a time).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { DEMO, ROOT } from '../harness/helpers.js';

const base = mkdtempSync(join(tmpdir(), 'spokegate-limits-'));
const proj = join(base, 'proj');

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
  JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders${i}`,
    })),
  });

beforeAll(() => {
  cpSync(DEMO, proj, { recursive: true });
  writeFileSync(join(proj, 'big-policy.json'), policy(60_000)); // about 9 MB
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

describe('size limits (finding 4)', () => {
  it('a policy over its limit: exit 2 with the file, the limit and the size, in bounded memory', () => {
    const r = measured(['lint', 'big-policy.json']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/big-policy\.json: the policy file is [\d.]+ MiB; the limit is 128 KiB/);
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  });

  it('check with an oversized endpoint policy: exit 2, bounded memory', () => {
    const r = measured([
      'check',
      'endpoint.feature',
      '--endpoint-policy',
      'big-policy.json',
      '--reports',
      join(base, 'r1'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('the limit is 128 KiB');
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  });

  it('a file over the largest limit is refused from its size alone, before reading', async () => {
    const f = join(proj, 'huge.json');
    writeFileSync(f, '{');
    execFileSync('truncate', ['-s', '100M', f]); // sparse: 100 MB without writing them
    const r = measured([
      'evaluate',
      '--policy',
      'huge.json',
      '--principal',
      'anonymous',
      '--action',
      'a:b',
      '--resource',
      '*',
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('huge.json: the policy file is 100 MiB; the limit is 32 MiB');
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  });

  it('a config over its limit', async () => {
    writeFileSync(join(proj, 'big.config.yaml'), `# ${'x'.repeat(300 * 1024)}\n`);
    const r = await cli([
      'diff',
      '--config',
      'big.config.yaml',
      '--before',
      'deep.json',
      '--after',
      'deep.json',
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('big.config.yaml: the config file is 300 KiB; the limit is 256 KiB');
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
  it('/dev/zero as a policy: exit 2, a device', async () => {
    const r = await cli(['lint', '/dev/zero', '--allow-outside-root']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('/dev/zero: the policy file is a device, not a regular file');
  });
  it('/dev/zero as a config and as a world', async () => {
    const c = await cli(['diff', '--config', '/dev/zero', '--plan', 'x.json', '--allow-outside-root']);
    expect(c.code, c.text).toBe(2);
    expect(c.text).toContain('a device');
    const w = await cli(['sandbox', '--world', '/dev/zero', '--allow-outside-root']);
    expect(w.code, w.text).toBe(2);
    expect(w.text).toContain('a device');
  });
  it('a FIFO as a policy: exit 2 at once, it does not wait for a writer', async () => {
    const r = await cli(['lint', 'fifo.json']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('fifo.json: the policy file is a named pipe (FIFO), not a regular file');
  });
  it('a FIFO named .feature in a features folder', async () => {
    const r = await cli([
      'check',
      'fifos',
      '--endpoint-policy',
      'policies/invoke-all.json',
      '--reports',
      join(base, 'r2'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('fifos/x.feature');
  });
  it('a folder as a policy', async () => {
    const r = await cli(['lint', 'policies']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('policies: the policy file is a folder, not a regular file');
  });
  it('a broken symbolic link in a features folder names it', async () => {
    const r = await cli([
      'check',
      'broken',
      '--endpoint-policy',
      'policies/invoke-all.json',
      '--reports',
      join(base, 'r3'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('broken/b.feature: feature file: a broken symbolic link');
  });
  it('a link loop in a features folder is walked once', async () => {
    const r = await cli([
      'check',
      'loop',
      '--endpoint-policy',
      'policies/invoke-all.json',
      '--reports',
      join(base, 'r4'),
    ]);
    // The folder is visited once; its one feature is empty, which is bad input of its own.
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('loop/a.feature');
    expect(r.text).not.toContain('internal error');
  });
  it('a loop of links as a policy', async () => {
    const r = await cli(['lint', 'ring1.json']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('ring1.json: policy file: a loop of symbolic links');
  });
});

describe('nesting and alias limits (finding 4)', () => {
  it('JSON nested 10,000 deep', async () => {
    const r = await cli([
      'evaluate',
      '--policy',
      'deep.json',
      '--principal',
      'anonymous',
      '--action',
      'a:b',
      '--resource',
      '*',
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/deep\.json.*nested 10000 deep; the limit is 100 levels/);
    // lint reports an unreadable policy as an SG000 finding (exit 1), with the same words.
    const l = await cli(['lint', 'deep.json']);
    expect(l.code, l.text).toBe(1);
    expect(l.text).toContain('SG000: deep.json: nested 10000 deep; the limit is 100 levels');
  });
  it('a policy condition nested 5,000 deep', async () => {
    const r = await cli([
      'evaluate',
      '--policy',
      'deep-policy.json',
      '--principal',
      'anonymous',
      '--action',
      'a:b',
      '--resource',
      '*',
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('the limit is 100 levels');
  });
  for (const f of ['deep-block.yaml', 'deep-flow.yaml', 'deep-seq.yaml']) {
    it(`CloudFormation nested thousands deep (${f})`, async () => {
      const r = await cli(['lint', f]);
      expect(r.code, r.text).toBe(2);
      expect(r.text).toContain(f);
      expect(r.text).toMatch(/nested|deep/);
      expect(r.text).not.toContain('internal error');
    });
  }
  it('a YAML alias bomb: exit 2 in bounded memory', () => {
    const r = measured(['lint', 'bomb.yaml']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('bomb.yaml');
    expect(r.text).toMatch(/alias/);
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  });
  it('many aliases of one big map: exit 2 in bounded memory', () => {
    const r = measured(['lint', 'wide-aliases.yaml']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('wide-aliases.yaml');
    expect(r.peakMb).toBeLessThan(PEAK_MB);
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
  beforeAll(() =>
    writeFileSync(
      join(proj, 'allow-all.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
      }),
    ),
  );

  it(`a features folder totalling more than ${MAX_TOTAL_INPUT / 2 ** 20} MiB: exit 2 with the numbers, in bounded memory`, () => {
    const dir = join(proj, 'many-big');
    mkdirSync(dir);
    const text = bigFeature(1024 * 1024 - 4096); // each under the 1 MiB feature limit
    const files = Math.ceil(MAX_TOTAL_INPUT / Buffer.byteLength(text)) + 1;
    for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${String(i).padStart(3, '0')}.feature`), text);
    const r = measured([
      'check',
      'many-big',
      '--endpoint-policy',
      'allow-all.json',
      '--reports',
      join(base, 'r-total'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(
      /^spokegate: many-big\/f\d{3}\.feature: with this feature file the input files of this command would total 80\.\d MiB; the limit is 80 MiB for all of them together/m,
    );
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);

  it(`more than ${MAX_WALK_FILES} feature files under a folder: exit 2 naming it and the limit`, () => {
    const dir = join(proj, 'many-files');
    mkdirSync(dir);
    for (let i = 0; i <= MAX_WALK_FILES; i++) writeFileSync(join(dir, `f${i}.feature`), '');
    const r = measured([
      'check',
      'many-files',
      '--endpoint-policy',
      'allow-all.json',
      '--reports',
      join(base, 'r-files'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain(
      'many-files: more than 2,000 feature files under this folder; the limit is 2,000',
    );
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);

  it(`more than ${MAX_WALK_ENTRIES} entries under a folder: refused while listing, in bounded memory`, () => {
    const dir = join(proj, 'many-entries');
    mkdirSync(dir);
    // Not .feature files: a huge tree is refused for its size whatever it holds.
    for (let i = 0; i <= MAX_WALK_ENTRIES; i++) writeFileSync(join(dir, `n${i}.txt`), '');
    const r = measured([
      'check',
      'many-entries',
      '--endpoint-policy',
      'allow-all.json',
      '--reports',
      join(base, 'r-entries'),
    ]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('many-entries: more than 50,000 entries under this folder; the limit is 50,000');
    expect(r.peakMb).toBeLessThan(PEAK_MB);
  }, 300_000);
});
