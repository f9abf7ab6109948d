// Escaping and small text helpers shared by the formatters. Everything a formatter prints that came from
// a feature file, a policy or the wire goes through one of these.
import type { Summary } from '../types.js';

// The one escaper for Markdown and HTML lives in src/escape.
export { escapeHtml, escapeMarkdown, htmlName } from '../../escape/index.js';
import { neutralise } from '../../escape/index.js';

/**
 * JSON safe to put inside `<script type="application/json">`: no `</script>`, no `<!--`, no line
 * separators that would end a JS string in old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF are not allowed in XML 1.0.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text for XML 1.0 that CI reporters display (the builder escapes markup): ANSI escape sequences,
 * other controls and bidi overrides are shown as `\uXXXX` (a CI page must not show one name as
 * another), and what XML cannot hold at all (lone surrogates) becomes U+FFFD.
 */
export function xmlText(s: string): string {
  return neutralise(s).replace(XML_INVALID, '\uFFFD');
}

/** An XML attribute value: valid characters, one line. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/\r\n|[\r\n\t]/g, ' ');
}

/** "24 cells: 21 pass, 2 fail, 1 error; 1 disagreement" */
export function formatSummaryLine(summary: Summary): string {
  // An empty matrix proves nothing: it is not called a pass.
  const status =
    summary.verdict !== 'pass'
      ? summary.verdict.toUpperCase()
      : summary.cells === 0 && !summary.scenarios?.total
        ? 'EMPTY'
        : 'PASS';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const sc = summary.scenarios;
  return (
    `${status} access matrix: ${plural(summary.cells, 'cell', 'cells')}: ` +
    `${summary.pass} pass, ${summary.fail} fail, ${plural(summary.error, 'error', 'errors')}; ` +
    `${plural(summary.disagreements, 'disagreement', 'disagreements')} between prediction and observation` +
    (sc
      ? `; ${plural(sc.total, 'scenario', 'scenarios')}: ${sc.passed} passed, ${sc.failed} failed, ` +
        `${plural(sc.error, 'error', 'errors')}`
      : '')
  );
}

/** "12.3 s" between two ISO times; '' when either is unreadable. */
export function duration(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000
    ? `${ms} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${(ms / 60_000).toFixed(1)} min`;
}
