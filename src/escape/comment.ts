// A pull-request comment has a size limit: GitHub refuses one over 65,536 characters, and then the
// reviewer sees nothing at all. The Markdown formats (diff, who-can) are cut to a stated budget
// below that instead, at a line boundary (each row and code span is one line), keeping the top:
// the formats put what matters most first.

/** The most characters `--format md` prints (docs/cli.md); GitHub's own limit is 65,536. */
export const COMMENT_BUDGET = 60_000;

/** Room kept for the closing line and a `</details>`. */
const TAIL_ROOM = 300;

const isSeparator = (l: string | undefined): boolean => l !== undefined && /^\|\s*:?-{3}/.test(l);

/** Table data rows (neither a header nor a separator) and list items: what a reader counts. */
function countRows(lines: readonly string[], next: (i: number) => string | undefined): number {
  let n = 0;
  lines.forEach((l, i) => {
    if ((l.startsWith('|') && !isSeparator(l) && !isSeparator(next(i))) || l.startsWith('- ')) n++;
  });
  return n;
}

/**
 * `markdown` as is when it fits `budget` characters; else its first whole lines (a heading, table
 * header or blank line left without rows after it is dropped too), then one line saying how many
 * rows were left out and that `--format json` has them all.
 */
export function fitComment(markdown: string, budget: number = COMMENT_BUDGET): string {
  if (markdown.length <= budget) return markdown;
  const lines = markdown.split('\n');
  let used = 0;
  let keep = 0;
  while (keep < lines.length && used + lines[keep]!.length + 1 <= budget - TAIL_ROOM)
    used += lines[keep++]!.length + 1;
  // Nothing dangles: no heading, label, table header or blank line without the rows it introduces.
  const dangles = (l: string, i: number): boolean =>
    l.trim() === '' ||
    l.startsWith('#') ||
    l.startsWith('<details') ||
    l.endsWith(':') ||
    isSeparator(l) ||
    (l.startsWith('|') && isSeparator(lines[i + 1]));
  while (keep > 0 && dangles(lines[keep - 1]!, keep - 1)) keep--;
  const kept = lines.slice(0, keep);
  const left = countRows(lines.slice(keep), (i) => lines[keep + i + 1]);
  const open = kept.filter((l) => l.startsWith('<details')).length;
  const closed = kept.filter((l) => l.startsWith('</details>')).length;
  return [
    ...kept,
    ...(open > closed ? ['', '</details>'] : []),
    '',
    `**${left.toLocaleString('en-US')} rows left out** to fit a pull-request comment (${budget.toLocaleString('en-US')} characters); \`--format json\` has them all.`,
    '',
  ].join('\n');
}
