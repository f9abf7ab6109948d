// Findings as text, JSON or SARIF 2.1.0 (for code-scanning tools).
import { jsonText, neutralise, oneLine, uriReference } from '../../escape/index.js';
import type { Finding, Severity } from '../types.js';
import { locate, type TextLocator, type TextPosition } from '../../input/index.js';
import { LINT_RULES } from './rules.js';

export type FindingFormat = 'text' | 'json' | 'sarif';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function formatFindings(
  findings: readonly Finding[],
  format: FindingFormat,
  fileName: string,
  text?: string,
): string {
  if (format === 'json') return `${jsonText({ file: fileName, findings })}\n`;
  if (format === 'sarif') return `${jsonText(sarif(findings, fileName, text))}\n`;
  if (findings.length === 0) return `${fileName}: no findings\n`;
  // FILE:LINE:COLUMN, the position SARIF gives too, so editors and terminals can jump to it.
  const where = positions(text);
  const lines = findings.map((f) => {
    const p = where(f.statement?.index);
    return `${fileName}:${p.line}:${p.column}: ${f.severity} ${f.rule}: ${f.message}`;
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info`,
  );
  // A terminal shows the controls in Sids and file names instead of obeying them.
  return neutralise(`${lines.map(oneLine).join('\n')}\n`);
}

function sarif(findings: readonly Finding[], fileName: string, text?: string): object {
  const where = positions(text);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spokegate',
            rules: LINT_RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: Math.max(
            0,
            LINT_RULES.findIndex((r) => r.id === f.rule),
          ),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriReference(fileName) },
                region: (({ line, column }) => ({ startLine: line, startColumn: column }))(
                  where(f.statement?.index),
                ),
              },
              ...(f.statement
                ? {
                    logicalLocations: [
                      {
                        name: f.statement.sid ?? `Statement[${f.statement.index}]`,
                        fullyQualifiedName: `${f.statement.policy}.Statement[${f.statement.index}]`,
                        kind: 'object',
                      },
                    ],
                  }
                : {}),
            },
          ],
        })),
      },
    ],
  };
}

/** Where statement `index` is written in the policy text (1-based); 1:1 when it cannot be found. */
function positions(text: string | undefined): (index: number | undefined) => TextPosition {
  // Parsed at the first finding that has a statement (none may: then never).
  let l: TextLocator | undefined;
  return (index) => {
    if (!text || index === undefined) return { line: 1, column: 1 };
    l ??= locate(text);
    // "Statement" may be one object rather than a list.
    return (
      l.position(['Statement', index]) ??
      (index === 0 ? l.position(['Statement']) : undefined) ?? { line: 1, column: 1 }
    );
  };
}
