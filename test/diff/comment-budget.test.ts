// Issue 14/12: `diff --format md` and `who-can --format md` are pull-request comments, and GitHub
// refuses a comment over 65,536 characters: the pipeline's comment failed and the reviewer saw
// nothing (the auditor fixture's edge -> hub diff printed 139 KB). Both formats now fit a stated
// budget (COMMENT_BUDGET): whole lines from the top (most important rows first, as before), then
// one line saying how many rows were left out and that `--format json` has them all.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffMarkdown, loadDiffSetup, type DiffResult } from '../../src/diff/index.js';
import { answerOverStages, whoCan, type WhoCanAnswer } from '../../src/analysis/index.js';
import { whoCanMarkdown } from '../../src/analysis/format.js';
import { COMMENT_BUDGET } from '../../src/escape/index.js';
import { fixtureConfig, loadEdited, ORGANIZATIONS, widening } from './helpers.js';
import { INVOKE, smallWorld } from '../analysis/helpers.js';

const GITHUB_LIMIT = 65_536;

/** The data rows of the Markdown tables (not a header, not a separator) and the list items. */
function rows(md: string): string[] {
  const lines = md.split('\n');
  const separator = (l: string | undefined) => l !== undefined && /^\|\s*-{3}/.test(l);
  return lines.filter(
    (l, i) => (l.startsWith('|') && !separator(l) && !separator(lines[i + 1])) || l.startsWith('- '),
  );
}

/** The cut text without its closing line, and that line. */
function split(md: string): { kept: string; tail: string } {
  const lines = md.trimEnd().split('\n');
  return { kept: lines.slice(0, -1).join('\n').trimEnd(), tail: lines.at(-1)! };
}

function expectFitted(full: string, cut: string): void {
  expect(full.length).toBeGreaterThan(GITHUB_LIMIT);
  expect(cut.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  const { kept, tail } = split(cut);
  // Whole lines from the top of the full comment: nothing reordered, no row or code span cut.
  expect(full.startsWith(kept)).toBe(true);
  expect(full.charAt(kept.length)).toBe('\n');
  const shown = rows(kept);
  expect(shown.length).toBeGreaterThan(100);
  const left = rows(full).length - shown.length;
  expect(tail).toContain(`${left.toLocaleString('en-US')} rows left out`);
  expect(tail).toContain('`--format json` has them all');
  // The closing line is not a row a reader could take for data, nor inside a table.
  expect(rows(tail)).toEqual([]);
  expect(cut.endsWith('\n')).toBe(true);
}

describe('diff --format md fits a pull-request comment', () => {
  const cfg = loadEdited(fixtureConfig(ORGANIZATIONS));
  const small = computeDiff(loadDiffSetup(cfg, widening()));

  /** The same changes, many times over under other role names: a large organization's diff. */
  function large(times: number): DiffResult {
    const many = <T extends { description?: string; role?: string }>(xs: T[], key: 'role' | 'description') =>
      Array.from({ length: times }, (_, i) =>
        xs.map((x) => ({ ...x, [key]: `${x[key]} ${'x'.repeat(20)}${i}` })),
      ).flat();
    return { ...small, changes: many(small.changes, 'role'), classes: many(small.classes, 'description') };
  }

  it('a diff that fits is printed whole, with no closing line', () => {
    const md = diffMarkdown(small);
    expect(md.length).toBeLessThan(COMMENT_BUDGET);
    expect(md).not.toContain('left out');
    expect(rows(md).length).toBeGreaterThan(0);
  });

  it('a diff over the limit: the most important rows first, whole, then how many were left out', () => {
    const result = large(400);
    const cut = diffMarkdown(result);
    const full = diffMarkdown(result, Infinity);
    expectFitted(full, cut);
    // The grant classes come first, as in the full comment.
    expect(cut).toContain('New access by class');
  });
});

describe('who-can --format md fits a pull-request comment', () => {
  const who = whoCan(smallWorld([{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' }]));
  const answer = answerOverStages('hub', [
    { stages: { api: 'orders', stages: ['prod'], known: true }, runs: [{ stage: 'prod', who }] },
  ]);

  it('an answer that fits is printed whole', () => {
    expect(whoCanMarkdown(answer)).not.toContain('left out');
  });

  it('an answer over the limit is cut after whole rows, saying how many were left out', () => {
    const large: WhoCanAnswer = {
      ...answer,
      classes: Array.from({ length: 3000 }, (_, i) =>
        answer.classes.map((c) => ({ ...c, description: `${c.description} ${i}` })),
      ).flat(),
    };
    expectFitted(whoCanMarkdown(large, Infinity), whoCanMarkdown(large));
  });
});
