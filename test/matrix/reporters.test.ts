import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessMatrix,
  assertNoSecrets,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSummaryLine,
  makeCell,
  SecretLeakError,
  validateAccessMatrixJson,
  writeReports,
  type AccessMatrixDocument,
} from '../../src/matrix/index.js';
import {
  allowed,
  CHECKOUT_ORDERS,
  HOSTILE_SCENARIO,
  predictAllow,
  predictDeny,
  RUN,
  sampleMatrix,
} from './fixtures.js';

const doc = (): AccessMatrixDocument => sampleMatrix().toJSON(RUN);

function hostileFailing(): AccessMatrixDocument {
  const m = new AccessMatrix();
  m.add(
    makeCell({
      role: 'Role|<b>',
      principal: 'arn:aws:iam::111111111111:role/Role',
      api: 'orders',
      method: 'GET',
      path: '/a|b/*',
      endpoint: 'hub',
      scenario: HOSTILE_SCENARIO,
      expected: 'deny',
      predicted: {
        ...predictAllow(),
        explanation: ['line with <img src=x onerror=alert(1)> and [link](http://evil.example)'],
      },
      observed: allowed({ message: '</script><script>alert(2)</script>' }),
    }),
  );
  return m.toJSON(RUN);
}

describe('access-matrix.json', () => {
  it('validates against spokegate/access-matrix@1 and carries every contract field', () => {
    const d = doc();
    expect(validateAccessMatrixJson(JSON.parse(JSON.stringify(d)))).toEqual([]);
    expect(Object.keys(d)).toEqual(['schema', 'run', 'cells', 'summary']);
    expect(d.schema).toBe('spokegate/access-matrix@1');
    expect(d.run).toMatchObject({ mode: 'sandbox', tool: 'spokegate 0.1.0', region: 'us-west-2' });
    expect(Object.keys(d.run.endpoints[0]!)).toEqual(
      expect.arrayContaining(['alias', 'id', 'policySha256', 'policySource']),
    );
    for (const c of d.cells) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'role',
          'principal',
          'api',
          'method',
          'path',
          'endpoint',
          'scenario',
          'expected',
          'predicted',
          'observed',
          'verdict',
        ]),
      );
      if (c.predicted)
        expect(Object.keys(c.predicted)).toEqual(expect.arrayContaining(['decision', 'layer', 'statements']));
      if (c.observed) {
        expect(Object.keys(c.observed)).toEqual(
          expect.arrayContaining(['status', 'outcome', 'reason', 'requestId', 'latencyMs', 'attempts']),
        );
      }
    }
    // the disagreement is a finding: its cell fails although the wire met the expectation
    expect(d.summary).toEqual({ cells: 14, pass: 10, fail: 3, error: 1, disagreements: 1, verdict: 'error' });
  });

  it('reports what is wrong with a bad document, field by field', () => {
    const d = JSON.parse(JSON.stringify(doc()));
    d.schema = 'spokegate/access-matrix@2';
    d.cells[0].verdict = 'maybe';
    delete d.cells[1].observed.attempts;
    d.run.endpoints[0].policySha256 = 'not-a-hash';
    const errors = validateAccessMatrixJson(d);
    expect(errors.some((e) => e.startsWith('schema:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('cells.0.verdict:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('cells.1.observed.attempts:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('run.endpoints.0.policySha256:'))).toBe(true);
  });

  it('rejects a summary that disagrees with its cells and an error reported as a pass', () => {
    const d = JSON.parse(JSON.stringify(doc()));
    d.summary.fail += 1;
    const i = d.cells.findIndex((c: { verdict: string }) => c.verdict === 'error');
    d.cells[i].verdict = 'pass';
    const errors = validateAccessMatrixJson(d);
    expect(errors).toContain(`cells.${i}.verdict: is "pass" but the observed outcome is "error"`);
    expect(errors).toContain('summary.fail: is 4 but the cells say 3');
  });

  it('accepts extra fields (forward compatible)', () => {
    const d = JSON.parse(JSON.stringify(doc()));
    d.cells[0].extra = { anything: true };
    d.run.extra = 1;
    expect(validateAccessMatrixJson(d)).toEqual([]);
  });
});

describe('access-matrix.md', () => {
  it('has the summary line, a roles × APIs table per METHOD PATH and the cells that need attention', () => {
    const md = formatMarkdown(doc());
    expect(md).toContain('14 cells: 10 pass, 3 fail, 1 error; 1 disagreement');
    expect(md).toContain('### GET /orders through hub');
    expect(md).toContain('### POST /orders through hub');
    expect(md).toContain('| role \\\\ API | inventory | orders | payments |');
    expect(md).toMatch(/\| \*\*AuditRole\*\* \| ⚠️ error \| ❌ allow 🔀 \| ❌ allow \(expected deny\) \|/);
    expect(md).toContain('| **anonymous** | · | ✅ deny ×2 | ✅ deny |');
    expect(md).toContain('Needs attention: 4 failing or error cells');
    // a disagreement shows both sides: the predicted explanation and the observation
    expect(md).toContain('predicted: resource policy: no statement allows execute-api:Invoke');
    expect(md).toMatch(/observed \*\*allowed\*\* \(integration, HTTP 200, request req-0010-a1b2/);
  });

  it('escapes markup, table pipes, mentions and references from the data', () => {
    const md = formatMarkdown(hostileFailing());
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@team');
    expect(md).not.toMatch(/[^\\]\]\(http/); // the link syntax is broken by escaping
    expect(md).toContain('@&#8203;team'); // a zero-width space: &#64; still mentions (github/cmark-gfm#181)
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('| **Role\\|&lt;b&gt;** |');
    expect(md).toContain('/a\\|b/\\*');
    // every table row keeps its column count
    for (const line of md.split('\n').filter((l) => l.startsWith('| **'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(4);
    }
  });

  it('orders rows and columns as the config does when told', () => {
    const md = formatMarkdown(doc(), {
      order: { roles: ['CheckoutRole', 'PartnerRole'], apis: ['payments'] },
    });
    expect(md).toContain('| role \\\\ API | payments | inventory | orders |');
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| **'))
      .slice(0, 4);
    expect(rows.map((r) => r.split('**')[1])).toEqual([
      'CheckoutRole',
      'PartnerRole',
      'AuditRole',
      'anonymous',
    ]);
  });

  it('stays under the size bound and says it truncated', () => {
    const m = new AccessMatrix();
    for (let i = 0; i < 400; i++) {
      for (const role of ['A', 'B', 'C']) {
        m.add(
          makeCell({
            role,
            principal: `arn:aws:iam::111111111111:role/${role}`,
            api: `api${i % 20}`,
            method: 'GET',
            path: `/p${i}`,
            endpoint: 'hub',
            scenario: `scenario ${i}`,
            expected: 'deny',
            predicted: predictDeny(),
            observed: allowed(),
          }),
        );
      }
    }
    const md = formatMarkdown(m.toJSON(RUN));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(60_000);
    expect(md).toContain('**Truncated:**');
    expect(md).toMatch(/more tables not shown/);
    expect(md).toMatch(/more cells not shown/);
    expect(md).toContain('### Needs attention: 1200 failing');
  });
});

describe('access-matrix.junit.xml', () => {
  it('has one testcase per cell with failures and errors, and is well-formed XML', () => {
    const xml = formatJunit(doc());
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(xml);
    const suites = parsed.testsuites.testsuite as { testcase: Record<string, unknown>[] }[];
    const cases = suites.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(14);
    expect(parsed.testsuites['@_tests']).toBe('14');
    expect(parsed.testsuites['@_failures']).toBe('3');
    expect(parsed.testsuites['@_errors']).toBe('1');
    expect(cases.filter((c) => c.failure)).toHaveLength(3);
    expect(
      cases.filter((c) => (c.failure as Record<string, string>)?.['@_type'] === 'Disagreement'),
    ).toHaveLength(1);
    expect(cases.filter((c) => c.error)).toHaveLength(1);
    const err = cases.find((c) => c.error)!.error as Record<string, string>;
    expect(err['@_message']).toBe('expected allow, observed error (server-error)');
    expect(err['#text']).toContain('request id req-5xx-0001');
  });

  it('escapes markup and removes characters XML cannot hold', () => {
    const xml = formatJunit(hostileFailing());
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      processEntities: true,
      htmlEntities: false,
    }).parse(xml);
    const tc = parsed.testsuites.testsuite.testcase;
    expect(tc['@_name']).toContain('Evil <script>alert(1)</script> & "quotes"');
    expect(tc.failure['#text']).toContain('</script><script>alert(2)</script>');
  });

  it('shows ANSI escapes, NUL, bell and bidi overrides as \\uXXXX: a CI page cannot restyle or swap names', () => {
    const m = new AccessMatrix();
    const scenario = 'Checkout \u001b[31mRED\u001b[0m \u202eevil\u202c \u0000nul \u0007bell \ud800';
    m.add(
      makeCell({
        ...CHECKOUT_ORDERS,
        role: 'CheckoutRole\u202e',
        path: '/',
        scenario,
        expected: 'allow',
        predicted: predictAllow(),
        observed: allowed(),
      }),
    );
    const xml = formatJunit(m.toJSON(RUN));
    expect(XMLValidator.validate(xml)).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u001b\u202a-\u202e]/);
    const tc = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite.testcase;
    expect(tc['@_name']).toContain(
      'Checkout \\u001b[31mRED\\u001b[0m \\u202eevil\\u202c \\u0000nul \\u0007bell \uFFFD',
    );
    expect(tc['@_name']).toContain('CheckoutRole\\u202e');
  });
});

describe('access-matrix.html', () => {
  it('embeds the data as JSON and renders the matrix, policy and summary', () => {
    const d = doc();
    const html = formatHtml(d);
    const m = /<script type="application\/json" id="spokegate-data">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1]!)).toEqual(JSON.parse(JSON.stringify(d)));
    expect(html).toContain('<table class="matrix"');
    expect(html).toContain(d.run.endpoints[0]!.policySha256);
    expect(html).toContain('matches the text below');
    expect(html).toContain('&quot;aws:PrincipalArn&quot;');
    expect(html).toContain('@media print');
    expect((html.match(/<button type="button" class="cell /g) ?? []).length).toBe(13); // 14 cells, 13 positions
  });

  it('loads nothing from the network: no URLs, and a CSP that forbids it anyway', () => {
    const html = formatHtml(doc());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('escapes everything from the data, in the markup and in the embedded JSON', () => {
    const d = hostileFailing();
    const html = formatHtml(d);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</script><script>alert(2)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    // exactly the page's own two script elements
    expect((html.match(/<script/g) ?? []).length).toBe(2);
    const m = /<script type="application\/json" id="spokegate-data">([\s\S]*?)<\/script>/.exec(html);
    expect(JSON.parse(m![1]!).cells[0].scenario).toBe(HOSTILE_SCENARIO);
  });

  it('flags a policy text whose SHA-256 does not match', () => {
    const d = doc();
    d.run.endpoints[0]!.policySha256 = 'f'.repeat(64);
    expect(formatHtml(d)).toContain('does NOT match the text below');
  });
});

describe('writeReports and secrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spokegate-reports-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the four reports and returns their paths', async () => {
    const out = join(dir, 'nested', 'reports');
    const files = await writeReports(sampleMatrix(), RUN, out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'access-matrix.json',
      'access-matrix.md',
      'access-matrix.html',
      'access-matrix.junit.xml',
    ]);
    expect((await readdir(out)).sort()).toEqual([
      'access-matrix.html',
      'access-matrix.json',
      'access-matrix.junit.xml',
      'access-matrix.md',
    ]);
    const json = JSON.parse(await readFile(join(out, 'access-matrix.json'), 'utf8'));
    expect(validateAccessMatrixJson(json)).toEqual([]);
  });

  it('refuses to write a report that holds a secret, without repeating it', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const m = sampleMatrix();
    m.add(
      makeCell({
        ...CHECKOUT_ORDERS,
        path: '/leak',
        scenario: 'leaky',
        expected: 'allow',
        predicted: null,
        observed: allowed({ message: `signature used ${secret}` }),
      }),
    );
    const out = join(dir, 'leak');
    const err = await writeReports(m, RUN, out, { secrets: [secret] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretLeakError);
    expect(String((err as Error).message)).not.toContain(secret);
    expect(String((err as Error).message)).toContain('access-matrix.json');
    await expect(readdir(out)).rejects.toThrow(); // nothing was written
  });

  it('assertNoSecrets finds JSON-escaped forms and ignores empty secrets', () => {
    expect(() => assertNoSecrets('{"x":"ab\\/cd+ef=="}', ['ab/cd+ef=='])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets('anything', ['', 'short'])).not.toThrow();
    expect(() => assertNoSecrets('clean text', ['AKIAEXAMPLESECRET1234'])).not.toThrow();
  });

  it('formats the console summary line', () => {
    expect(
      formatSummaryLine({ cells: 3, pass: 3, fail: 0, error: 0, disagreements: 0, verdict: 'pass' }),
    ).toBe(
      'PASS access matrix: 3 cells: 3 pass, 0 fail, 0 errors; 0 disagreements between prediction and observation',
    );
    expect(
      formatSummaryLine({ cells: 1, pass: 0, fail: 1, error: 0, disagreements: 1, verdict: 'fail' }),
    ).toMatch(/^FAIL .*1 disagreement between/);
  });
});

describe('offline runs and empty runs', () => {
  const offline = () => {
    const m = new AccessMatrix();
    m.add(
      makeCell({
        ...CHECKOUT_ORDERS,
        scenario: 'offline check',
        expected: 'deny',
        predicted: predictAllow(),
        observed: null,
      }),
    );
    return m.toJSON({
      ...RUN,
      mode: 'offline',
      endpoints: [{ alias: 'hub', id: 'vpce-1', policySha256: null, policySource: null }],
    });
  };

  it('judges and reports predictions when nothing was sent', () => {
    const d = offline();
    expect(validateAccessMatrixJson(d)).toEqual([]);
    expect(d.cells[0]).toMatchObject({ observed: null, verdict: 'fail' });
    const md = formatMarkdown(d);
    expect(md).toContain('Mode offline (predicted decisions only, nothing was sent)');
    expect(md).toContain('❌ allow (expected deny)');
    expect(md).toContain('not observed');
    expect(md).toContain('**policy not read**');
    const html = formatHtml(d);
    expect(html).toContain('A cell shows the predicted decision');
    expect(html).toContain('none: the policy could not be read');
    expect(XMLValidator.validate(formatJunit(d))).toBe(true);
  });

  it('renders a run without cells', () => {
    const d = new AccessMatrix().toJSON(RUN);
    expect(validateAccessMatrixJson(d)).toEqual([]);
    expect(d.summary).toEqual({ cells: 0, pass: 0, fail: 0, error: 0, disagreements: 0, verdict: 'pass' });
    expect(formatMarkdown(d)).toContain('_No cells were recorded._');
    expect(formatSummaryLine(d.summary)).toMatch(/^EMPTY access matrix: 0 cells/);
    expect(formatMarkdown(d)).toContain('## spokegate access matrix: no cells recorded');
    expect(formatHtml(d)).toContain('No cells were recorded in this run.');
    expect(XMLValidator.validate(formatJunit(d))).toBe(true);
  });
});

describe('SARIF', () => {
  it('has a result per failing or error cell and per disagreement, none for passes', async () => {
    const { formatSarif } = await import('../../src/matrix/index.js');
    const sarif = JSON.parse(formatSarif(doc()));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'spokegate', version: '0.1.0' });
    const ids = run.results.map((r: { ruleId: string }) => r.ruleId).sort();
    expect(ids).toEqual([
      'spokegate/call-error',
      'spokegate/expectation-failed',
      'spokegate/expectation-failed',
      'spokegate/prediction-disagrees',
    ]);
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });
});

describe('the scenario location of a cell (issue 10)', () => {
  // Two rows of one Scenario Outline: one name, two Examples rows; both fail.
  const twoRows = (): AccessMatrixDocument => {
    const m = new AccessMatrix();
    for (const line of [7, 8])
      m.add(
        makeCell({
          ...CHECKOUT_ORDERS,
          scenario: 'Checkout reads a spoke',
          scenarioLocation: `features/same.feature:${line}`,
          expected: 'deny',
          predicted: predictAllow(),
          observed: allowed(),
        }),
      );
    return m.toJSON(RUN);
  };

  it('SARIF: each row is its own finding, at its feature file and line', async () => {
    const { formatSarif } = await import('../../src/matrix/index.js');
    const results = JSON.parse(formatSarif(twoRows())).runs[0].results;
    expect(results.map((r: any) => r.locations[0].physicalLocation)).toEqual([
      { artifactLocation: { uri: 'features/same.feature' }, region: { startLine: 7 } },
      { artifactLocation: { uri: 'features/same.feature' }, region: { startLine: 8 } },
    ]);
    const prints = results.map((r: any) => r.partialFingerprints.cell);
    expect(new Set(prints).size).toBe(2);
  });

  it('JUnit: one suite per row; JSON keeps the location after the name', () => {
    const d = twoRows();
    expect(Object.keys(d.cells[0]!).slice(6, 9)).toEqual(['scenario', 'scenarioLocation', 'expected']);
    const suites = new XMLParser({ ignoreAttributes: false }).parse(formatJunit(d)).testsuites.testsuite;
    expect(suites.map((s: any) => s['@_name'])).toEqual([
      'Checkout reads a spoke (features/same.feature:7)',
      'Checkout reads a spoke (features/same.feature:8)',
    ]);
  });
});
