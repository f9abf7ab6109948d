// Render the README's "Performance" section from reports/bench.json (the figures of the last
// `npm run bench`), so the text never drifts from a real run.
//   node --import tsx bench/readme.ts          print the section
//   node --import tsx bench/readme.ts --write  also replace it in README.md
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

interface Bench {
  figures: {
    name: string;
    value: number | null;
    unit: string;
    target?: number;
    better?: string;
    met?: boolean;
  }[];
  ratios: { name: string; value: number | null; target: number; met?: boolean }[];
  meta?: {
    date?: string;
    node?: string;
    cpus?: number;
    loadAverage1m?: { start: number; end: number };
    problems?: string[];
  };
}

const fmt = (v: number | null) =>
  v === null ? 'missing' : v.toLocaleString('en-US', { maximumFractionDigits: v < 10 ? 2 : v < 100 ? 1 : 0 });

export function performanceSection(b: Bench): string {
  const m = b.meta ?? {};
  const rows = [
    '| measure | value | target | met |',
    '|---|--:|--:|:-:|',
    ...b.figures.map(
      (f) =>
        `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.target === undefined ? '' : `${f.better === 'higher' ? '≥' : '≤'} ${fmt(f.target)}`} | ${f.met === undefined ? '' : f.met ? 'yes' : 'no'} |`,
    ),
    ...b.ratios.map((r) => `| ${r.name} | ${fmt(r.value)}× | ≥ ${r.target}× | ${r.met ? 'yes' : 'no'} |`),
  ];
  const problems = m.problems?.length ? `\nProblems in this run: ${m.problems.join('; ')}.\n` : '';
  return `Reproduce with \`npm run bench\` (three to five minutes on 2 cores; it needs bash, curl and openssl). It starts
\`spokegate sandbox\` as a separate process on a generated world of 40 roles × 25 private APIs in five
spoke accounts, and measures side by side in one run: spokegate's live path (one AssumeRole per role,
then 1,000 signed cells over keep-alive HTTPS), the same requests sent by \`curl --aws-sigv4\` and by
the classic bash + openssl SigV4 recipe (\`bench/sigv4-openssl.sh\`, one process chain per request)
at the same parallelism (\`xargs -P N\`), every response checked to be 200; the offline engine and
commands; and start-up. Ratios are medians of per-round ratios (rounds interleave both sides).

Figures of one run (${m.date ?? 'unknown date'}, Node ${m.node ?? '?'}, ${m.cpus ?? '?'} CPUs, load average
${m.loadAverage1m ? `${m.loadAverage1m.start} → ${m.loadAverage1m.end}` : '?'}; the machine was shared, so treat them as rough):

${rows.join('\n')}
${problems}`;
}

function main(): void {
  const b = JSON.parse(readFileSync(join(ROOT, 'reports/bench.json'), 'utf8')) as Bench;
  const section = performanceSection(b);
  process.stdout.write(`## Performance\n\n${section}`);
  if (process.argv.includes('--write')) {
    const file = join(ROOT, 'README.md');
    const text = readFileSync(file, 'utf8');
    const start = '<!-- PERFORMANCE-START -->';
    const end = '<!-- PERFORMANCE-END -->';
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${file}: the ${start} ... ${end} markers are missing`);
    writeFileSync(file, `${text.slice(0, i + start.length)}\n\n${section}\n${text.slice(j)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
