// Issue 10: a cell says which scenario it came from. Two rows of a Scenario Outline (one name) and
// two scenarios that share a name are told apart by `scenarioLocation` (feature file and the line of
// the Examples row or the scenario) in access-matrix.json, JUnit, HTML and Markdown.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAccessMatrixJson } from '../../src/matrix/index.js';
import { demoCopy, readMatrix, ROOT, spokegateHere } from '../harness/helpers.js';

const FEATURE = [
  'Feature: same names', //                                                   1
  '  Scenario Outline: Checkout reads a spoke', //                            2
  '    When "CheckoutRole" calls GET / on "<api>"', //                        3
  '    Then the call is <outcome>', //                                        4
  '    Examples:', //                                                         5
  '      | api      | outcome |', //                                         6
  '      | orders   | allowed |', //                                         7
  '      | payments | allowed |', // fails: the markdown lists this row    8
  '', //                                                                      9
  '  Scenario: twice', //                                                     10
  '    When "CheckoutRole" calls GET / on "orders"', //                       11
  '    Then the call is allowed', //                                          12
  '', //                                                                      13
  '  Scenario: twice', //                                                     14
  '    When "CheckoutRole" calls GET / on "orders"', //                       15
  '    Then the call is allowed', //                                          16
  '', //                                                                      17
  '  Scenario: only Checkout reaches orders', //                              18
  '    Then only these principals can reach "orders" through "hub":', //      19
  '      | CheckoutRole |', //                                                20
  '',
].join('\n');

const LOCATIONS = [
  'features/same.feature:7',
  'features/same.feature:8',
  'features/same.feature:10',
  'features/same.feature:14',
];

describe('cells carry the scenario location (Outline rows, same-named scenarios)', () => {
  let reports: string;
  let res: { code: number | null; stderr: string };
  beforeAll(async () => {
    const dir = demoCopy();
    copyFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), join(dir, 'endpoint-policy.json'));
    mkdirSync(join(dir, 'features'));
    writeFileSync(join(dir, 'features', 'same.feature'), FEATURE);
    reports = join(dir, 'out');
    res = await spokegateHere(
      [
        'run',
        'features/same.feature',
        '--mode',
        'offline',
        '--endpoint-policy',
        'endpoint-policy.json',
        '--config',
        'spokegate.config.yaml',
        '--reports',
        'out',
      ],
      { cwd: dir },
    );
  }, 120_000);

  it('access-matrix.json: every cell names its scenario row, and the schema knows the field', () => {
    expect(res.code, res.stderr).toBe(1); // the payments row fails, as it should
    const doc = readMatrix(reports);
    expect(validateAccessMatrixJson(doc)).toEqual([]);
    // The proof's counterexample witness is a cell of its scenario too (others reach orders).
    const witnesses = doc.cells.filter((c: any) => /counterexample witness/.test(c.note ?? ''));
    expect(witnesses.length).toBeGreaterThan(0);
    for (const w of witnesses) expect(w.scenarioLocation).toBe('features/same.feature:18');
    const calls = doc.cells.filter((c: any) => !witnesses.includes(c));
    expect(calls.map((c: any) => [c.scenario, c.scenarioLocation, c.api])).toEqual([
      ['Checkout reads a spoke', LOCATIONS[0], 'orders'],
      ['Checkout reads a spoke', LOCATIONS[1], 'payments'],
      ['twice', LOCATIONS[2], 'orders'],
      ['twice', LOCATIONS[3], 'orders'],
    ]);
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../docs/access-matrix.schema.json'), 'utf8'),
    );
    expect(JSON.stringify(schema)).toContain('scenarioLocation');
  });

  it('JUnit: one suite per scenario row, each test case named with its location', () => {
    const junit = new XMLParser({ ignoreAttributes: false }).parse(
      readFileSync(join(reports, 'access-matrix.junit.xml'), 'utf8'),
    ).testsuites;
    const cellSuites = (junit.testsuite as any[]).filter((s) => s['@_name'] !== 'scenarios');
    expect(cellSuites).toHaveLength(5); // the four calls, and the proof's witness
    const names = cellSuites.map((s) => String(s.testcase['@_name']));
    for (const [i, at] of LOCATIONS.entries()) {
      expect(cellSuites[i]['@_name']).toContain(at);
      expect(names[i]).toContain(at);
    }
  });

  it('HTML names every location; Markdown the failing row, not its passing twin', () => {
    const html = readFileSync(join(reports, 'access-matrix.html'), 'utf8');
    for (const at of LOCATIONS) expect(html).toContain(at);
    const md = readFileSync(join(reports, 'access-matrix.md'), 'utf8');
    expect(md).toContain(`scenario “Checkout reads a spoke” (${LOCATIONS[1]})`);
    expect(md).not.toContain(LOCATIONS[0]);
  });
});
