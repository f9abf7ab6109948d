// Issue 12: a feature cannot make Cucumber's own reports (cucumber.html shows the Gherkin text as it
// is) or a terminal display something other than what runs. Feature text holding a bidirectional
// control (U+202E "Trojan Source"), an ANSI escape or another control or invisible character is
// refused before anything runs: exit 2 naming the file, the line and the character. Tabs, CR LF
// line ends and a leading byte-order mark are ordinary text. In-process (main(), checkFeatures()).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { loadConfig } from '../../src/config/index.js';
import { checkFeatures } from '../../src/harness/features.js';
import { makeScope, withInputScope } from '../../src/input/index.js';
import { DEMO } from '../harness/helpers.js';

const proj = mkdtempSync(join(tmpdir(), 'spokegate-trojan-'));
const POLICY = join(DEMO, 'policies', 'invoke-all.json');

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const scenario = (name: string, step = 'When "CheckoutRole" calls GET /orders on "orders"') =>
  lines('Feature: hostile text', '', `  Scenario: ${name}`, `    ${step}`, '    Then the call is allowed');

const hostile: Record<string, { text: string; line: number; says: RegExp }> = {
  'a right-to-left override in a scenario name': {
    text: scenario('Checkout \u202Eeloredrо'),
    line: 3,
    says: /U\+202E \(a bidirectional control character\)/,
  },
  'a left-to-right isolate in a comment': {
    text: lines(
      '# owner: \u2066team\u2069',
      'Feature: x',
      '  Scenario: y',
      '    When "CheckoutRole" calls GET /orders on "orders"',
    ),
    line: 1,
    says: /U\+2066/,
  },
  'an ANSI escape sequence in a step': {
    text: scenario('ansi', 'When "CheckoutRole" calls GET /orders on "orders"\u001b[2K'),
    line: 4,
    says: /U\+001B \(a control character\)/,
  },
  'a zero-width space in a scenario name': {
    text: scenario('Checkout\u200Breaches'),
    line: 3,
    says: /U\+200B \(an invisible character\)/,
  },
  'a NUL in a description': {
    text: lines(
      'Feature: x',
      '  a description\u0000',
      '  Scenario: y',
      '    When "CheckoutRole" calls GET /orders on "orders"',
    ),
    line: 2,
    says: /U\+0000/,
  },
};

describe('feature text with bidi, ANSI or invisible characters is refused before anything runs', () => {
  let n = 0;
  for (const [name, c] of Object.entries(hostile)) {
    it(`${name}: exit 2 naming the file, the line and the character`, async () => {
      const file = `hostile-${n++}.feature`;
      writeFileSync(join(proj, file), c.text);
      const reports = join(proj, `reports-${n}`);
      const config = join(DEMO, 'spokegate.config.yaml');
      const argv = ['check', file, '--config', config, '--endpoint-policy', POLICY, '--reports', reports];
      const { code, text } = await runCli(argv, { cwd: proj });
      expect(code, text).toBe(2);
      expect(text).toContain(`${file}: line ${c.line}: `);
      expect(text).toMatch(c.says);
      // The message shows the character as an escape, never raw.
      expect(text).not.toMatch(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/,
      );
      expect(readdirSync(proj).includes(`reports-${n}`) ? readdirSync(reports) : []).toEqual([]);
    });
  }

  it('tabs, CR LF line ends and a leading byte-order mark are ordinary feature text', () => {
    const file = join(proj, 'ordinary.feature');
    writeFileSync(
      file,
      '\uFEFFFeature: ordinary\r\n\r\n  Scenario:\tCheckout reaches orders\r\n    When "CheckoutRole" calls GET /orders on "orders"\r\n    Then the call is allowed\r\n',
    );
    const config = loadConfig(join(DEMO, 'spokegate.config.yaml'));
    const needs = withInputScope(makeScope({ cwd: proj }), () => checkFeatures([file], config, proj));
    expect(needs.calls).toHaveLength(1);
  });
});
