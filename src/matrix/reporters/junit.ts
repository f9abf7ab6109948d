// access-matrix.junit.xml: one testcase per cell, grouped in a testsuite per scenario, for CI reporters.
import { statementRef } from '../../policy/index.js';
// fast-xml-parser's builder on its own: the parser and validator cost a command ~60 ms CPU to load.
import XMLBuilder from 'fast-xml-builder';
import { cellLabel, describeCellOutcome, predictionReasons, scenarioKey, scenarioLabel } from '../judge.js';
import type { AccessMatrixDocument, CellJson } from '../types.js';
import { xmlAttr, xmlText } from './text.js';

function details(c: CellJson): string {
  const lines = [describeCellOutcome(c), `principal: ${c.principal}`];
  const p = c.predicted;
  if (p) {
    lines.push(
      `predicted: ${p.decision}${p.detail ? ` (${p.detail})` : ''}${p.layer ? `, decided by the ${p.layer} policy` : ''}`,
    );
    for (const s of p.statements) lines.push(`  statement ${statementRef(s)}`);
    for (const e of predictionReasons(p)) lines.push(`  ${e}`);
  }
  const o = c.observed;
  if (o) {
    lines.push(
      `observed: ${o.outcome} (${o.reason}), status ${o.status ?? 'none'}, request id ${o.requestId ?? 'none'}, ` +
        `${o.attempts} attempt(s), ${o.latencyMs} ms${o.at ? `, at ${o.at}` : ''}`,
    );
    if (o.message) lines.push(`  ${o.message}`);
  }
  if (c.disagreement) lines.push('the prediction disagrees with what was observed');
  if (c.note) lines.push(`note: ${c.note}`);
  return xmlText(lines.join('\n'));
}

function shortOutcome(c: CellJson): string {
  const seen = c.observed
    ? `observed ${c.observed.outcome} (${c.observed.reason})`
    : c.predicted
      ? `predicted ${c.predicted.decision}`
      : 'no prediction or observation';
  return `expected ${c.expected ?? 'nothing'}, ${seen}`;
}

export function formatJunit(doc: AccessMatrixDocument): string {
  // One suite per scenario row: an Outline's rows and same-named scenarios are told apart by location.
  const byScenario = new Map<string, CellJson[]>();
  for (const c of doc.cells) {
    const list = byScenario.get(scenarioKey(c));
    if (list) list.push(c);
    else byScenario.set(scenarioKey(c), [c]);
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suites: Record<string, unknown>[] = [...byScenario.values()].map((cells) => ({
    '@_name': xmlAttr(scenarioLabel(cells[0]!)),
    '@_tests': cells.length,
    '@_failures': cells.filter((c) => c.verdict === 'fail').length,
    '@_errors': cells.filter((c) => c.verdict === 'error').length,
    '@_skipped': 0,
    '@_time': seconds(cells.reduce((t, c) => t + (c.observed?.latencyMs ?? 0), 0)),
    testcase: cells.map((c) => {
      const tc: Record<string, unknown> = {
        '@_classname': xmlAttr(`spokegate.${c.endpoint}.${c.api}`),
        '@_name': xmlAttr(`${cellLabel(c)} [${scenarioLabel(c)}]`),
        '@_time': seconds(c.observed?.latencyMs ?? 0),
      };
      if (c.verdict === 'fail') {
        tc.failure = {
          '@_message': xmlAttr(shortOutcome(c)),
          '@_type': c.disagreement ? 'Disagreement' : 'ExpectationFailed',
          '#text': details(c),
        };
      } else if (c.verdict === 'error') {
        tc.error = { '@_message': xmlAttr(shortOutcome(c)), '@_type': 'CallError', '#text': details(c) };
      } else {
        tc['system-out'] = details(c);
      }
      return tc;
    }),
  }));
  // Cucumber's result, one testcase per scenario: a step that failed without a cell (a policy
  // assertion, an undefined step, a timeout) is counted here, so the totals never read as a pass.
  const scenarios = doc.scenarios ?? [];
  if (scenarios.length) {
    suites.push({
      '@_name': 'scenarios',
      '@_tests': scenarios.length,
      '@_failures': scenarios.filter((r) => r.status === 'failed').length,
      '@_errors': scenarios.filter((r) => r.status === 'error').length,
      '@_skipped': 0,
      '@_time': seconds(0),
      testcase: scenarios.map((r) => {
        const tc: Record<string, unknown> = {
          '@_classname': 'spokegate.scenarios',
          '@_name': xmlAttr(r.location ? `${r.name} (${r.location})` : r.name),
          '@_time': seconds(0),
        };
        const text = xmlText(
          r.steps
            .map((st) => `${st.status} step "${st.text}"${st.message ? `\n${st.message}` : ''}`)
            .join('\n'),
        );
        const first = r.steps[0];
        const message = xmlAttr(first ? `${first.status} step "${first.text}"` : r.status);
        if (r.status === 'failed')
          tc.failure = { '@_message': message, '@_type': 'ScenarioFailed', '#text': text };
        if (r.status === 'error')
          tc.error = { '@_message': message, '@_type': 'ScenarioError', '#text': text };
        return tc;
      }),
    });
  }
  const s = doc.summary;
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'spokegate access matrix',
      '@_tests': s.cells + scenarios.length,
      '@_failures': s.fail + (s.scenarios?.failed ?? 0),
      '@_errors': s.error + (s.scenarios?.error ?? 0),
      '@_time': seconds(Math.max(0, Date.parse(doc.run.finishedAt) - Date.parse(doc.run.startedAt)) || 0),
      '@_timestamp': xmlAttr(doc.run.startedAt),
      testsuite: suites,
    },
  });
}
