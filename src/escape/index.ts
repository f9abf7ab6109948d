// One place for making text that came from input safe to show: in a terminal, in an error message,
// in Markdown and in HTML. Every formatter and every error that quotes input uses these, so a file
// cannot rewrite the output it appears in (hide rows, ping people, restyle a terminal, swap names).

// C0 and C1 controls, DEL. Tab and line feed are handled per use.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidirectional overrides and isolates, zero-width characters, line and paragraph separators, BOM,
// and format characters no font draws (soft hyphen, Mongolian vowel separator, interlinear
// annotation marks; attack run 18): they change how the text around them is displayed without being
// visible themselves.
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/g;

// A variation selector anywhere but after an emoji or a keycap's base selects nothing and is drawn as
// nothing: a tag value "analytics" + U+FE0F read as "analytics" in who-can and diff (attack run 18).
// After an emoji (✔️) it is the emoji's own and stays.
const STRAY_SELECTOR = /(?<![\p{Extended_Pictographic}#*0-9])[\uFE00-\uFE0F]/gu;

// The bidirectional controls among them (Trojan Source: text that displays in another order).
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** A character `neutralise` would show as an escape, found in text that must hold none. */
export interface HiddenCharacter {
  index: number;
  /** `U+202E` */
  code: string;
  kind: 'a control character' | 'a bidirectional control character' | 'an invisible character';
}

/**
 * The first control (tab, line feed and carriage return aside), bidirectional control or invisible
 * character in `s`, if any: text that displays differently from what it is. A byte-order mark at
 * the very start is not one (editors write it).
 */
export function hiddenCharacter(s: string): HiddenCharacter | undefined {
  const any = new RegExp(`${CONTROLS.source}|${INVISIBLE.source}|${STRAY_SELECTOR.source}`, 'gu');
  for (let m = any.exec(s); m; m = any.exec(s)) {
    const ch = m[0];
    if (ch === '\r' || (ch === '\uFEFF' && m.index === 0)) continue;
    const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const kind = new RegExp(CONTROLS.source).test(ch)
      ? 'a control character'
      : BIDI.test(ch)
        ? 'a bidirectional control character'
        : 'an invisible character';
    return { index: m.index, code, kind };
  }
  return undefined;
}

const visibleCode = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text for a terminal (stderr, text output): controls (ANSI escape sequences included) and bidi
 * overrides become visible `\uXXXX` escapes; tabs and line breaks stay.
 */
export function neutralise(s: string): string {
  return s
    .replace(CONTROLS, (ch) => (ch === '\r' ? '\\r' : visibleCode(ch)))
    .replace(INVISIBLE, visibleCode)
    .replace(STRAY_SELECTOR, visibleCode);
}

/**
 * One line of text output whatever data it holds: a line feed or carriage return inside it (a Sid,
 * a condition value) is shown as `\n`/`\r`, since it would forge a line of the output.
 */
export function oneLine(s: string): string {
  return s.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

// What JSON.stringify leaves raw that still changes how a terminal or a log shows the text around it.
const JSON_RAW = new RegExp(`[\\u007F-\\u009F]|${INVISIBLE.source}|${STRAY_SELECTOR.source}`, 'gu');

/**
 * JSON for output: JSON.stringify's, with the C1 controls and the bidi, zero-width and invisible
 * characters it leaves raw written as `\uXXXX` escapes (the same JSON value): a Sid holding U+202E
 * reordered a line of `lint --format sarif` in a terminal or a CI log.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_RAW, visibleCode);
}

/** The longest excerpt of input an error message quotes. */
export const EXCERPT_MAX = 80;

/**
 * A short excerpt of input for an error message: one line, controls and bidi overrides visible,
 * at most `max` characters (then an ellipsis).
 */
export function excerpt(s: string, max = EXCERPT_MAX): string {
  const one = neutralise(s).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return capText(one, max);
}

/** At most `max` characters (code points), with an ellipsis when cut. */
export function capText(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * At most `max` characters (code points), cut in the middle when too long: an error's reason
 * comes after the file it names, and a path 4,000 characters deep must not push it out.
 */
export function capMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  if (points.length <= max) return s;
  const tail = Math.floor((max - 1) / 2);
  return `${points.slice(0, max - 1 - tail).join('')}…${points.slice(points.length - tail).join('')}`;
}

/** The longest name (role, API, Sid, scenario, path...) a report shows in full. */
export const NAME_MAX = 200;

// A zero-width space, as an entity (the Markdown stays ASCII): GitHub finds mentions, references
// and bare URLs in the rendered text, after entities and backslashes are read (`&#64;team` still
// mentions, github/cmark-gfm#181), so only a character in between breaks them.
const BREAK = '&#8203;';

const MD_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '@': `@${BREAK}`,
  '#': `#${BREAK}`,
};

/**
 * Markdown inline text (GitHub flavour, table cells included): one line; no emphasis, links, HTML
 * (comments included), table breaks, `@`-mentions, `#`-references, bare URLs (`https://`, `www.`,
 * any `scheme://`; emails break at their `@`), controls or bidi overrides can come from the data
 * (docs/aws-behaviour.md §48). Only a zero-width space is added to the text as shown.
 */
export function escapeMarkdown(s: string): string {
  return (
    neutralise(s)
      .replace(/\r\n|[\r\n\t]/g, ' ')
      .replace(/[\\`*_[\]|~&<>@#]/g, (ch) => MD_ESCAPES[ch] ?? `\\${ch}`)
      // Every `://` and `www.`: GFM links `www.` after `_`, `*`, `~` or `(` too, not only at a word's start.
      .replace(/:\/\//g, `${BREAK}://`)
      .replace(/www(?=\.)/gi, `$&${BREAK}`)
  );
}

/**
 * A Markdown code span for data (`GET /orders`, a Sid). Inside a code span nothing is markup (no
 * HTML comment, mention or reference); what could still break out is handled: a fence longer than
 * any run of backticks in the data, one line, pipes escaped (GFM splits table rows on them even in
 * code spans), controls and bidi overrides visible.
 */
export function markdownCode(s: string): string {
  const one = neutralise(s)
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one === '' || one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Control characters (other than tab, LF, CR) have no place in a page; they become U+FFFD.
// eslint-disable-next-line no-control-regex
const HTML_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** HTML text and attribute values (quoted). Bidi overrides are shown as escapes, not obeyed. */
export function escapeHtml(s: string): string {
  return s
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
    .replace(HTML_CONTROLS, '\uFFFD')
    .replace(INVISIBLE, visibleCode)
    .replace(STRAY_SELECTOR, visibleCode);
}

/**
 * A name in HTML, capped at `max` characters with an ellipsis; the full value is in a tooltip when
 * cut, so a long name cannot push the page apart yet is not lost.
 */
export function htmlName(s: string, max = NAME_MAX): string {
  const cut = capText(s, max);
  return cut === s ? escapeHtml(s) : `<span title="${escapeHtml(s)}">${escapeHtml(cut)}</span>`;
}

/**
 * A file path as a URI reference (RFC 3986; SARIF's `artifactLocation.uri`): each segment
 * percent-encoded, so a name holding a space, `#`, `?` or `%` names that file, not a fragment, a
 * query or a broken escape (`a b#c%d.json` was written as it is).
 */
export function uriReference(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

export { COMMENT_BUDGET, fitComment } from './comment.js';
export { escapeRegex, globSource } from './regex.js';
