// Option values as the commands check them. Integer options are decimal digits as written: Number() also reads hex, exponents, signs and
// surrounding blanks, so `--concurrency 0x10` or `--port 1e2` passed as 16 and 100.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { folderOption, integerOption } from '../../src/cli/options.js';
import { runCli } from '../cli-in-process.js';

describe('integerOption', () => {
  it.each([
    ['16', 1, 512, 16],
    ['0', 0, 65535, 0],
    ['-3', -10, 10, -3],
    [undefined, 1, 512, undefined],
  ])('%j from %i to %i is %j', (value, min, max, want) => {
    expect(integerOption(value, '--n', min, max)).toBe(want);
  });

  it.each(['0x10', '1e2', ' 5', '5 ', '+5', '5.0', '', '0b11', '0o7', '１６', '1_000', '513', '0'])(
    '%j is bad input naming the option',
    (value) => {
      let thrown: unknown;
      try {
        integerOption(value, '--concurrency', 1, 512);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).message).toContain('whole number from 1 to 512');
      expect((thrown as InputError).where.field).toBe('--concurrency');
    },
  );
});
describe('folderOption', () => {
  it('resolves a folder against the working folder', () => {
    expect(folderOption('out/r', '--reports', '/work/p')).toBe('/work/p/out/r');
  });
  it.each(['', '  '])('%j is bad input naming the option, never the working folder itself', (value) => {
    expect(() => folderOption(value, '--reports', '/work/p')).toThrow(InputError);
    expect(() => folderOption(value, '--reports', '/work/p')).toThrow(/--reports.*must name a folder/);
  });
});

describe('the commands', () => {
  it.each([
    [['run', '--reports', ''], '--reports'],
    [['check', '--endpoint-policy', 'p.json', '--reports', ' '], '--reports'],
    [['run', '--concurrency', '0x10'], '--concurrency'],
  ])('%j: exit 2 naming %s, nothing written into the working folder', async (argv, opt) => {
    const cwd = mkdtempSync(join(tmpdir(), 'sg-options-'));
    const r = await runCli(argv, { cwd });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(opt);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

// A one-value option given twice took the last value without a word (note9 §12): `--config a
// --config b` in a CI script read b, and `--endpoint-policy` for who-can answered about one file of two.
/** An anonymous caller's invoke evaluated against p.json. */
const EVALUATE = [
  'evaluate',
  '--policy',
  'p.json',
  '--principal',
  'anonymous',
  '--action',
  'execute-api:Invoke',
  '--resource',
  '*',
];
describe('a one-value option given twice', () => {
  it.each([
    [['who-can', '--config', 'a.yaml', '--config', 'b.yaml'], '--config'],
    [['diff', '--before', 'a.json', '--after', 'b.json', '--format', 'md', '--format', 'json'], '--format'],
    [['who-can', '--endpoint-policy', 'a.json', '--endpoint-policy', 'b.json'], '--endpoint-policy'],
    [[...EVALUATE, '--principal', 'anonymous'], '--principal'],
    [['run', '--concurrency', '4', '--concurrency', '8'], '--concurrency'],
    [['call', 'GET', '/x', '--as', 'self', '--api', 'a', '--api', 'b'], '--api'],
    // a missing world: before the fix this exited 2 for the file, never serving
    [['sandbox', '--world', 'w1.yaml', '--world', 'w2.yaml'], '--world'],
    [['lint', 'p.json', '--root', '.', '--root', '..'], '--root'],
    [['check', '--endpoint-policy', 'p.json', '--reports', 'r1', '--reports=r2'], '--reports'],
  ])('%j: exit 2 naming %s', async (argv, opt) => {
    const cwd = mkdtempSync(join(tmpdir(), 'sg-options-'));
    const r = await runCli(argv, { cwd });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(`${opt} is given twice`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    // documented as repeatable
    [...EVALUATE, '--context', 'a:b=1', '--context', 'a:c=2'],
    // a flag says the same thing twice
    ['who-can', '--json', '--json', '--config', 'none.yaml'],
  ])('%j is not refused for repeating', async (...argv) => {
    const cwd = mkdtempSync(join(tmpdir(), 'sg-options-'));
    const r = await runCli(argv, { cwd });
    expect(r.err).not.toContain('given twice');
  });
});
