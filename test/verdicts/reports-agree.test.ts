// Issue 10 item 3 (and 7): the JSON summary, the Markdown headline, the JUnit totals and the HTML
// banner tell one verdict, and it is never PASS when a scenario did not pass or a call did not finish.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  AccessMatrix,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSummaryLine,
  judgeCell,
  makeCell,
  validateAccessMatrixJson,
  type AccessMatrixDocument,
  type Cell,
} from '../../src/matrix/index.js';
import { allowed, CHECKOUT_ORDERS, denied, predictAllow, predictDeny, RUN } from '../matrix/fixtures.js';

const base = { ...CHECKOUT_ORDERS, scenario: 'Checkout reads orders' };

function verdicts(doc: AccessMatrixDocument) {
  const junit = new XMLParser({ ignoreAttributes: false }).parse(formatJunit(doc)).testsuites;
  const html = formatHtml(doc);
  return {
    json: doc.summary.verdict,
    line: formatSummaryLine(doc.summary).split(' ')[0],
    md: formatMarkdown(doc).split('\n')[2],
    junitBad: Number(junit['@_failures']) + Number(junit['@_errors']),
    html: /<dt>Result<\/dt><dd>(\w+)<\/dd>/.exec(html)?.[1],
    valid: validateAccessMatrixJson(doc),
  };
}

describe('every report tells the same verdict', () => {
  it('a scenario that timed out with no cell recorded is ERROR everywhere, never PASS', () => {
    const m = new AccessMatrix();
    m.add(makeCell({ ...base, expected: 'allow', predicted: predictAllow(), observed: allowed() }));
    m.setScenarios([
      { name: 'Checkout reads orders', status: 'passed', steps: [] },
      {
        name: 'A slow API',
        location: 'features/slow.feature:3',
        status: 'error',
        steps: [
          {
            text: 'When "CheckoutRole" calls GET /slow on "orders"',
            status: 'timed-out',
            message: 'no answer within 40000 ms',
          },
        ],
      },
    ]);
    const v = verdicts(m.toJSON(RUN));
    expect(v).toMatchObject({ json: 'error', line: 'ERROR', junitBad: 1, html: 'ERROR', valid: [] });
    expect(v.md).toContain('ERROR');
    expect(v.md).not.toContain('PASS');
  });

  it('an undefined step fails the run in every report though every cell passed', () => {
    const m = new AccessMatrix();
    m.add(makeCell({ ...base, expected: 'allow', predicted: predictAllow(), observed: allowed() }));
    m.setScenarios([
      {
        name: 'x',
        status: 'failed',
        steps: [{ text: 'Then something nobody defined', status: 'UNDEFINED' }],
      },
    ]);
    const v = verdicts(m.toJSON(RUN));
    expect(v).toMatchObject({ json: 'fail', line: 'FAIL', junitBad: 1, html: 'FAIL', valid: [] });
  });

  it('a call that never finished stays in the matrix as an error cell', () => {
    const m = new AccessMatrix();
    const pending: Cell = {
      ...base,
      expected: 'deny',
      predicted: predictDeny(),
      observed: null,
      verdict: 'error',
      disagreement: false,
      note: 'the call did not finish',
    };
    m.add(pending);
    const doc = m.toJSON(RUN);
    expect(doc.cells[0]!.verdict).toBe('error');
    expect(verdicts(doc)).toMatchObject({ json: 'error', line: 'ERROR', junitBad: 1, html: 'ERROR' });
  });

  it('a prediction that contradicts the wire fails the run, and is listed first', () => {
    const m = new AccessMatrix();
    m.add(
      makeCell({
        ...base,
        expected: 'deny',
        predicted: predictDeny(),
        observed: denied('resource-policy'),
        role: 'A',
      }),
    );
    m.add(makeCell({ ...base, role: 'B', expected: 'allow', predicted: predictDeny(), observed: allowed() }));
    const doc = m.toJSON(RUN);
    expect(verdicts(doc)).toMatchObject({ json: 'fail', line: 'FAIL', junitBad: 1, html: 'FAIL' });
    const md = formatMarkdown(doc);
    expect(md).toMatch(/Needs attention[\s\S]*B → orders/);
    expect(doc.cells.find((c) => c.role === 'B')).toMatchObject({ verdict: 'fail', disagreement: true });
  });

  it('--allow-disagreement: the disagreement is shown, does not fail, and the header says so', () => {
    const m = new AccessMatrix({ allowDisagreement: true });
    m.add(makeCell({ ...base, expected: 'allow', predicted: predictDeny(), observed: allowed() }, m.options));
    const doc = m.toJSON(RUN);
    expect(doc.run.allowDisagreement).toBe(true);
    expect(doc.summary).toMatchObject({ verdict: 'pass', disagreements: 1 });
    expect(formatMarkdown(doc)).toContain('--allow-disagreement');
    expect(formatHtml(doc)).toContain('--allow-disagreement');
  });
});

describe('a denial counts only when a policy made it (item 6)', () => {
  it('a refusal with a reason no policy gives satisfies no deny expectation: error', () => {
    expect(judgeCell('deny', predictDeny(), denied('forbidden')).verdict).toBe('error');
    expect(judgeCell('deny', predictDeny(), denied('resource-policy')).verdict).toBe('pass');
  });
});

describe('judging an unknown prediction', () => {
  const unknown = {
    ...predictAllow(),
    decision: 'unknown' as const,
    detail: 'Unknown' as const,
    unknown: 'the organization of account 999999999999 is not known: add it under `organizations`',
  };
  it('offline, an expectation against an unknown prediction is an error, never a pass', () => {
    expect(judgeCell('allow', unknown, null).verdict).toBe('error');
    expect(judgeCell('deny', unknown, null).verdict).toBe('error');
  });
  it('on the wire, the observation decides and an unknown is no disagreement', () => {
    expect(judgeCell('allow', unknown, allowed())).toEqual({ verdict: 'pass', disagreement: false });
  });
  it('the schema wants the reason with an unknown decision, and only then', () => {
    const m = new AccessMatrix();
    m.add(makeCell({ ...base, expected: null, predicted: unknown, observed: null }));
    const doc = m.toJSON(RUN);
    expect(validateAccessMatrixJson(doc)).toEqual([]);
    expect(doc.cells[0]!.predicted).toMatchObject({ decision: 'unknown', unknown: unknown.unknown });
    const bad = JSON.parse(JSON.stringify(doc));
    delete bad.cells[0].predicted.unknown;
    expect(validateAccessMatrixJson(bad)).toEqual([expect.stringMatching(/^cells\.0\.predicted\.unknown:/)]);
  });
});
