// The launcher raises V8's interrupt budget (engine tuning, bench/README.md) unless node was given
// one: a budget given to node is the user's and is kept, in either spelling V8 reads (- or _).
// Observed through --trace-opt: with a budget of 10^9 bytes of bytecode no function of a one-second
// command is ever marked for TurboFan (the tier the budget governs; Maglev has its own); the
// launcher's own budget marks some.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/helpers.js';

const marked = (flag: string) => {
  const r = spawnSync(
    process.execPath,
    [
      flag,
      '--trace-opt',
      join(ROOT, 'bin', 'spokegate.js'),
      'diff',
      '--plan',
      'examples/tfplan.json',
      '--config',
      'examples/spokegate.config.yaml',
      '--format',
      'json',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 600_000 }, // a bound for a hung process, not a speed requirement
  );
  expect(r.status, r.stderr).toBe(1); // the README's diff: new access
  return r.stdout.split('\n').filter((l) => l.includes('marking') && l.includes('TURBOFAN')).length;
};

describe('launcher: a V8 interrupt budget given to node is kept', () => {
  it.each([['--interrupt-budget=1000000000'], ['--interrupt_budget=1000000000']])('%s', (flag) => {
    expect(marked(flag)).toBe(0);
  });
});

// Which commands get the raised budget: the long-lived sandbox server keeps V8's default (its CPU per
// 1,000 bench cells was about 400-490 ms at eight times the budget, 240-300 at the default).
describe('launcher: the budget per command', () => {
  type BudgetFlag = (argv: string[], execArgv: string[]) => string | undefined;
  const load = async () =>
    ((await import(pathToFileURL(join(ROOT, 'bin', 'v8-budget.js')).href)) as { budgetFlag: BudgetFlag })
      .budgetFlag;
  it.each([
    [['diff', '--plan', 'p.json'], [], '--interrupt-budget=540672'],
    [['run', 'features'], [], '--interrupt-budget=540672'],
    [['who-can'], ['--no-warnings'], '--interrupt-budget=540672'],
    [['sandbox', '--world', 'w.yaml'], [], undefined],
    [['diff'], ['--interrupt-budget=1000'], undefined],
    [['diff'], ['--interrupt_budget=1000'], undefined],
    [['sandbox'], ['--interrupt-budget=1000'], undefined],
  ])('%j with node %j: %s', async (argv, execArgv, flag) => {
    expect((await load())(argv, execArgv)).toBe(flag);
  });
});
