// Lane D (pass 19): `check`'s text output said only "predicted: unknown (Unknown)"; why (here the
// unstated `runner.credentials`) was in access-matrix.md and the HTML report alone. The console's
// failure lines and the reports show a prediction's reasons through one function (predictionReasons).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/harness/explain.js';
import {
  AccessMatrix,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSarif,
  makeCell,
} from '../../src/matrix/index.js';
import { CHECKOUT_ORDERS, RUN } from '../matrix/fixtures.js';
import { allowInvokePolicy, demoCopy, spokegateHere } from './helpers.js';

const MFA_ONLY = allowInvokePolicy(true, {
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
});
const FEATURE = `Feature: a
  Scenario: b
    Given the endpoint policy of "hub" is read from EC2
    When "CheckoutRole" calls GET /orders on "orders"
    Then the call is allowed
`;

/** `check` of FEATURE against the MFA-only endpoint policy, with `runner.credentials` as given. */
async function check(credentials?: string) {
  const dir = demoCopy({
    config: (c) => {
      delete c.runner?.credentials;
      if (credentials) c.runner = { ...c.runner, credentials };
    },
  });
  writeFileSync(join(dir, 'mfa.json'), JSON.stringify(MFA_ONLY));
  writeFileSync(join(dir, 't.feature'), FEATURE);
  const reports = join(dir, 'reports');
  const r = await spokegateHere(
    [
      'check',
      't.feature',
      '--config',
      'spokegate.config.yaml',
      '--endpoint-policy',
      'mfa.json',
      '--reports',
      reports,
    ],
    { cwd: dir },
  );
  return { ...r, md: readFileSync(join(reports, 'access-matrix.md'), 'utf8') };
}

describe('text output names why a cell is unknown', () => {
  it('check without runner.credentials: the failure lines name the setting, as access-matrix.md does', async () => {
    const r = await check();
    expect(r.code).toBe(3);
    const reason =
      /unknown: the decision depends on whether the session of role \S+CheckoutRole carries MFA.*state runner\.credentials: long-term/;
    expect(r.md).toMatch(reason);
    // Cucumber's failure message and the console summary: both under the cell's "predicted" line.
    const blocks = r.stderr.split('Scenario "b" (t.feature:2):').slice(1);
    expect(blocks).toHaveLength(2);
    for (const b of blocks)
      expect(b).toMatch(new RegExp(`predicted: unknown \\(Unknown\\)\\n\\s+${reason.source}`));
  });

  it('control: runner.credentials stated long-term decides (deny), no unknown line', async () => {
    const r = await check('long-term');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('predicted: deny');
    expect(r.stderr).not.toContain('unknown:');
  });

  // A document whose explanation lacks the unknown's reason (the schema lets it): the reason (here
  // holding a line feed, as a tag key may) is still shown, one line in text.
  it('every output names the reason even when the explanation lacks it; text keeps it one line', () => {
    const why = 'tag "a\nFAKE LINE" of CheckoutRole is not stated: add roles.CheckoutRole.tags';
    const cell = makeCell({
      ...CHECKOUT_ORDERS,
      scenario: 's',
      expected: 'allow',
      observed: null,
      predicted: {
        decision: 'unknown',
        detail: 'Unknown',
        unknown: why,
        layer: null,
        statements: [],
        explanation: ['endpoint policy: depends on aws:PrincipalTag/a'],
      },
    });
    const m = new AccessMatrix();
    m.add(cell);
    const doc = m.toJSON(RUN);
    const text = describeFailure(cell);
    expect(text).toContain(
      '    unknown: tag "a\\nFAKE LINE" of CheckoutRole is not stated: add roles.CheckoutRole.tags',
    );
    expect(text.split('\n').some((l) => l.startsWith('FAKE LINE'))).toBe(false);
    for (const out of [formatMarkdown(doc), formatJunit(doc), formatSarif(doc), formatHtml(doc)])
      expect(out).toMatch(/add roles\.CheckoutRole\.tags/);
  });
});
