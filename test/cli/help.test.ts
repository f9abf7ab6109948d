// Help that teaches: every command's --help marks required and repeatable options, shows defaults,
// and ends with examples and exit codes; a bare `spokegate` prints the help and exits 2; unknown
// names get "did you mean".
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { closest } from '../../src/suggest.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

async function cli(argv: string[], cwd = ROOT) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

const COMMANDS = ['run', 'check', 'call', 'evaluate', 'diff', 'who-can', 'lint', 'sandbox'];

describe('--help', () => {
  it.each(COMMANDS)('%s --help ends with examples and exit codes', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nExamples:\n {2}\$ spokegate /);
    expect(r.out).toMatch(/\nExit codes:\n {2}0 {2}.+\n(.+\n)* {2}2 {2}bad usage/);
  });

  it('marks every required option and every repeatable one', async () => {
    const required: Record<string, string[]> = {
      call: ['--as'],
      evaluate: ['--principal', '--action', '--resource'],
      check: ['--endpoint-policy'],
    };
    const repeatable: Record<string, string[]> = {
      run: ['--resource-policy'],
      check: ['--resource-policy'],
      call: ['--resolve', '--connect-to', '--header'],
      evaluate: ['--identity-policy', '--context'],
      'who-can': ['--resource-policy'],
    };
    for (const [name, opts] of Object.entries(required)) {
      const help = (await cli([name, '--help'])).out.replace(/\n\s+/g, ' ');
      for (const o of opts) expect(help).toMatch(new RegExp(`${o} <[^>]+>[^\\n]*?\\(required\\)`));
    }
    for (const [name, opts] of Object.entries(repeatable)) {
      const help = (await cli([name, '--help'])).out.replace(/\n\s+/g, ' ');
      for (const o of opts) expect(help).toMatch(new RegExp(`${o} <[^>]+>[^\\n]*?repeatable`));
    }
  });

  it('says which options are required together or instead of each other', async () => {
    const help = async (name: string) => (await cli([name, '--help'])).out.replace(/\n\s+/g, ' ');
    const diff = await help('diff');
    expect(diff).toMatch(/--plan <file> [^\n]*?\(required, or --before and --after\)/);
    expect(diff).toMatch(/--before <file> [^\n]*?\(with --after\)/);
    expect(diff).toMatch(/--after <file> [^\n]*?\(with --before\)/);
    const evaluate = await help('evaluate');
    expect(evaluate).toMatch(/--policy <file> [^\n]*?\(required, or one or more of the layers below\)/);
    const call = await help('call');
    expect(call).toMatch(/--api <alias> [^\n]*?\(required, or --api-id and --stage\)/);
    expect(call).toMatch(/--api-id <id> [^\n]*?\(with --stage\)/);
  });

  it('shows defaults', async () => {
    const help = (await cli(['diff', '--help'])).out.replace(/\n\s+/g, ' ');
    expect(help).toContain('(choices: "grant", "any", "none", default: "grant")');
    const run = (await cli(['run', '--help'])).out.replace(/\n\s+/g, ' ');
    expect(run).toContain('default: "reports"');
    expect(run).toContain('(choices: "sandbox", "live", "offline", default: "sandbox")');
    const call = (await cli(['call', '--help'])).out.replace(/\n\s+/g, ' ');
    expect(call).toMatch(
      /--addressing <mode> +how the API is addressed \(default: the endpoint's addressing, else private-dns\)/,
    );
  });

  it('a bare spokegate prints the help on stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Usage: spokegate');
    expect(r.err).toContain('Exit codes:');
  });
});

describe('did you mean', () => {
  it('suggests the closest name, case-insensitively, and nothing when none is close', () => {
    expect(closest('CheckutRole', ['CheckoutRole', 'BatchRole'])).toBe('CheckoutRole');
    expect(closest('checkoutrole', ['CheckoutRole', 'BatchRole'])).toBe('CheckoutRole');
    expect(closest('ordres', ['orders', 'payments'])).toBe('orders');
    expect(closest('Zebra', ['orders', 'payments'])).toBeUndefined();
  });

  it('call: an unknown role or API alias names the closest one', async () => {
    const getOrders = (as: string, api: string) =>
      cli([
        'call',
        'GET',
        '/orders',
        '--as',
        as,
        '--api',
        api,
        '--config',
        'features/sandbox/spokegate.config.yaml',
      ]);
    const role = await getOrders('CheckutRole', 'orders');
    expect(role.code).toBe(2);
    expect(role.err).toContain('unknown role alias "CheckutRole"; did you mean "CheckoutRole"?');
    const api = await getOrders('CheckoutRole', 'ordrs');
    expect(api.code).toBe(2);
    expect(api.err).toContain('did you mean "orders"?');
    const endpoint = await cli([
      'call',
      'GET',
      '/orders',
      '--as',
      'CheckoutRole',
      '--api',
      'orders',
      '--endpoint',
      'hbu',
      '--config',
      'features/sandbox/spokegate.config.yaml',
    ]);
    expect(endpoint.code).toBe(2);
    expect(endpoint.err).toMatch(/unknown endpoint alias "hbu"; did you mean "hub"\? \(known: hub\b/);
  });

  it('a feature with an unknown alias, a near sentence or a lower-case method is refused with the hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-help-'));
    cpSync(join(ROOT, 'features', 'sandbox', 'spokegate.config.yaml'), join(dir, 'spokegate.config.yaml'));
    cpSync(join(ROOT, 'features', 'sandbox', 'policies'), join(dir, 'policies'), { recursive: true });
    const feature = (step: string) => {
      writeFileSync(
        join(dir, 'x.feature'),
        `Feature: x\n  Scenario: y\n    When ${step}\n    Then the call is allowed\n`,
      );
      return cli(
        ['check', 'x.feature', '--endpoint-policy', join(ROOT, 'examples', 'endpoint-policy.json')],
        dir,
      );
    };
    const alias = await feature('"CheckoutRol" calls GET /orders on "orders"');
    expect(alias.code).toBe(2);
    expect(alias.err).toMatch(
      /x\.feature: line 3: unknown role alias "CheckoutRol"; did you mean "CheckoutRole"\? \(known: /,
    );
    // The feature's aliases are answered as the config's and the CLI's are: one wording.
    const api = await feature('"CheckoutRole" calls GET /orders on "ordres"');
    expect(api.err).toMatch(/line 3: unknown API alias "ordres"; did you mean "orders"\? \(known: orders, /);
    writeFileSync(
      join(dir, 'x.feature'),
      `Feature: x\n  Scenario Outline: y\n    When "<r>" calls GET /orders on "orders"\n    Then the call is allowed\n    Examples:\n      | r |\n      | CheckoutRol |\n`,
    );
    const row = await cli(
      ['check', 'x.feature', '--endpoint-policy', join(ROOT, 'examples', 'endpoint-policy.json')],
      dir,
    );
    expect(row.err).toMatch(
      /line 3: unknown role alias "CheckoutRol" \(Examples row at line 7\); did you mean "CheckoutRole"\? \(known: /,
    );
    // A lower-case method gets the hint; a step near a known one gets "did you mean".
    for (const [step, says] of [
      ['"CheckoutRole" calls get /orders on "orders"', 'HTTP methods are written in capitals (GET, not get)'],
      [
        '"CheckoutRole" call GET /orders on "orders"',
        'did you mean: When "CheckoutRole" calls GET /orders on "orders"',
      ],
    ]) {
      const r = await feature(step!);
      expect(r.code, step).toBe(2);
      expect(r.err).toContain(says);
    }
  });
});
