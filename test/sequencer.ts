// The order vitest hands test files to its workers: dearest first, by the CPU seconds each file cost
// in a measured run (test/file-costs.tsv), so that the last files to start are short and the two
// workers finish together. vitest's own order needs durations it keeps in node_modules, which a fresh
// clone (`npm ci && npm test`) lacks: it then runs larger files first, and the dearest files are
// short ones (a 28-line file draws 10,000 requests per policy), which ran last, one worker alone for
// the last half minute. Order only: a stale table slows a run, never changes what it checks.
// Refresh: `rm test/file-costs.tsv; SPOKEGATE_TEST_CPU=$PWD/test/file-costs.tsv npx vitest run`.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const COSTS = join(import.meta.dirname, 'file-costs.tsv');

/** Each file's CPU seconds (its own and its child processes'), by path from the repository's root. */
function fileCosts(text: string): Map<string, number> {
  const costs = new Map<string, number>();
  // Lines of test/cpu-per-file.ts: own CPU, children's CPU, wall seconds, path (and blocked seconds);
  // the last line of a file wins.
  for (const line of text.split('\n')) {
    const [own, children, , path] = line.split('\t');
    if (path) costs.set(path, Number(own) + Number(children));
  }
  return costs;
}

export default class DearestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    if (!existsSync(COSTS)) return super.sort(files);
    const costs = fileCosts(readFileSync(COSTS, 'utf8'));
    const root = this.ctx.config.root;
    // A file the table does not know yet (a new one) runs first, as vitest runs unknown files first.
    const cost = (f: TestSpecification) => costs.get(relative(root, f.moduleId)) ?? Infinity;
    return [...files].sort((a, b) => cost(b) - cost(a));
  }
}
