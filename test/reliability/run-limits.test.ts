// Issue 12: what the features of one run may ask for is capped (docs/limits.md): scenarios, steps,
// tags per scenario and calls. Each is counted from the parsed features before anything runs and
// is exit 2 naming the feature file, the count and the limit (a pull request could otherwise hold
// the CI job for hours with a few lines of Scenario Outline).
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { featureWork } from '../../src/harness/features.js';
import { MAX_CALLS, MAX_SCENARIOS, MAX_STEPS, MAX_TAGS_PER_SCENARIO } from '../../src/input/index.js';
import { runCli } from '../cli-in-process.js';
import { DEMO_ROLES, demoProject, ROOT } from '../harness/helpers.js';

const { proj } = demoProject('run-limits');
copyFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), join(proj, 'hub.json'));
const n = (x: number) => x.toLocaleString('en-US');

const CALL = '    When "CheckoutRole" calls GET /orders on "orders"\n    Then the call is allowed\n';
const scenarios = (count: number, body = CALL, from = 0) =>
  Array.from({ length: count }, (_, i) => `  Scenario: s${from + i}\n${body}`).join('');

async function check(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(proj, name), text);
  return runCli(['check', ...Object.keys(files), '--endpoint-policy', 'hub.json', '--reports', 'rep'], {
    cwd: proj,
  });
}

function parse(text: string) {
  return new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
}

describe('what one run may ask for', () => {
  it('counts as Cucumber runs: Examples rows, Backgrounds (the rule’s too) in every scenario', () => {
    const doc = parse(
      [
        'Feature: f',
        '  Background:',
        '    Given the endpoint policy of "hub" is read from EC2',
        '  Scenario: plain',
        CALL,
        '  Scenario Outline: outline',
        '    When "<r>" calls GET /orders on "orders"',
        '    Examples:',
        '      | r |',
        '      | CheckoutRole |',
        '      | BatchRole |',
        '    Examples:',
        '      | r |',
        '  Rule: r',
        '    Background:',
        '      Given the endpoint policy of "hub" is read from EC2',
        '    Scenario: in the rule',
        '      Then the call is allowed',
        '',
      ].join('\n'),
    );
    // plain: 1 + 2 steps; outline: 2 rows × (1 + 1), its empty Examples none; rule: 1 × (2 + 1).
    expect(featureWork(doc, 'f.feature')).toEqual({ scenarios: 4, steps: 3 + 4 + 3 });
  });

  it(`more than ${n(MAX_SCENARIOS)} scenarios: exit 2 naming the file that crosses it and the count`, async () => {
    const r = await check({
      'a.feature': `Feature: a\n${scenarios(1_500)}`,
      'b.feature': `Feature: b\n  Scenario Outline: o\n    When "<r>" calls GET /orders on "orders"\n    Examples:\n      | r |\n${'      | CheckoutRole |\n'.repeat(600)}`,
    });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(
      `b.feature: with this feature file the run holds ${n(2_100)} scenarios (each Examples row counts); the limit is ${n(MAX_SCENARIOS)} per run`,
    );
  });

  it(`more than ${n(MAX_STEPS)} steps: exit 2 (a Background counts in every scenario)`, async () => {
    const background =
      '  Background:\n' + '    Given the endpoint policy of "hub" is read from EC2\n'.repeat(9);
    const r = await check({ 'steps.feature': `Feature: s\n${background}${scenarios(1_000)}` });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      new RegExp(
        `steps\\.feature: with this feature file the run holds ${n(11_000)} steps .*; the limit is ${n(MAX_STEPS)} per run`,
      ),
    );
  });

  it(`more than ${MAX_TAGS_PER_SCENARIO} tags on one scenario: exit 2 naming its line`, async () => {
    const tags = (k: string, count: number) => Array.from({ length: count }, (_, i) => `@${k}${i}`).join(' ');
    const r = await check({
      'tags.feature': `${tags('f', 60)}\nFeature: t\n  Scenario: ok\n${CALL}  ${tags('s', 41)}\n  Scenario: too many\n${CALL}`,
    });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(
      `tags.feature: line 7: this scenario carries 101 tags (its own, its rule's, its feature's and its Examples'); the limit is ${MAX_TAGS_PER_SCENARIO} per scenario`,
    );
  });

  it(`more than ${n(MAX_CALLS)} calls (a matrix step one per cell): exit 2 naming the step`, async () => {
    // Each cell is stated once (a role row twice is refused before counting), so the calls come
    // from many matrix steps of every configured role × API; the step that crosses the limit is named.
    const roles = DEMO_ROLES;
    const cells = roles.length * 4;
    const steps = Math.ceil((MAX_CALLS + 1) / cells);
    const step =
      '    Then the access matrix for GET / is:\n' +
      '      | role | orders | payments | inventory | legacy |\n' +
      roles.map((role) => `      | ${role} | allow | deny | deny | deny |\n`).join('');
    const r = await check({
      'matrix.feature': `Feature: m\n  Scenario: big\n${step.repeat(steps)}`,
    });
    expect(r.code, r.text).toBe(2);
    const crossing = 3 + (steps - 1) * (2 + roles.length);
    expect(r.err).toContain(
      `matrix.feature: line ${crossing}: with this feature file the run holds ${n(steps * cells)} calls (a call step makes one, a matrix step one per cell); the limit is ${n(MAX_CALLS)} per run`,
    );
  });

  // No step takes a doc string, and only the matrix and proof steps a table: Cucumber failed such a
  // step at run time (exit 1, "should have N arguments"), after 900 KB of it went into its reports.
  it('a doc string after a step is exit 2 naming the step, its size and that no step takes one', async () => {
    const doc = 'A'.repeat(900_000);
    const r = await check({
      'doc.feature': `Feature: d\n  Scenario: s\n    When "CheckoutRole" calls GET /orders on "orders"\n      """\n${doc}\n      """\n    Then the call is allowed\n`,
    });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(
      `doc.feature: line 3: a doc string of ${n(900_000)} characters follows this step; no spokegate step takes a doc string (docs/scenarios.md)`,
    );
    expect(r.err.length).toBeLessThan(2_000);
  });

  it('a table after a step that takes none is exit 2 naming the step', async () => {
    const r = await check({
      'table.feature': `Feature: t\n  Scenario: s\n    When "CheckoutRole" calls GET /orders on "orders"\n      | a | b |\n    Then the call is allowed\n`,
    });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(
      'table.feature: line 3: a table of 1 row follows this step, which takes none; only the access matrix and the "lets through only" and "only these principals" steps take a table (docs/scenarios.md)',
    );
  });
});
