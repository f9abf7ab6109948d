// Findings as text, JSON or SARIF 2.1.0 (for code-scanning tools).
import type { Finding, Severity } from '../types.js';
import { locate } from '../../input/index.js';
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
  if (format === 'json') return `${JSON.stringify({ file: fileName, findings }, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(sarif(findings, fileName, text), null, 2)}\n`;
  if (findings.length === 0) return `${fileName}: no findings\n`;
  const lines = findings.map((f) => `${fileName}: ${f.severity} ${f.rule}: ${f.message}`);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info`,
  );
  return `${lines.join('\n')}\n`;
}

function sarif(findings: readonly Finding[], fileName: string, text?: string): object {
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
                artifactLocation: { uri: fileName },
                region: { startLine: statementLine(text, f.statement?.index) },
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

/** Line (1-based) of statement `index` in the policy text; 1 when it cannot be found. */
function statementLine(text: string | undefined, index: number | undefined): number {
  if (!text || index === undefined) return 1;
  const l = locate(text);
  // "Statement" may be one object rather than a list.
  return (
    (l.position(['Statement', index]) ?? (index === 0 ? l.position(['Statement']) : undefined))?.line ?? 1
  );
}
