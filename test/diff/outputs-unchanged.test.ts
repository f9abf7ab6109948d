// `spokegate diff` made faster must say exactly what it said before: its stdout, stderr and exit code
// over the bench's world (the 10,000-cell case's shape, smaller) and the fixture and example plans,
// in every format, byte for byte against outputs recorded from the code before the speed work
// (test/fixtures/diff-outputs). A change of wording elsewhere regenerates them on purpose:
// SPOKEGATE_WRITE_DIFF_OUTPUTS=1 npx vitest run test/diff/outputs-unchanged.test.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchWorld, writeBenchConfig } from '../../bench/world.js';
import { main } from '../../src/cli/main.js';
import { IAC } from '../sources/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RECORDED = join(ROOT, 'test/fixtures/diff-outputs');
const WRITE = process.env.SPOKEGATE_WRITE_DIFF_OUTPUTS === '1';
const FORMATS = ['json', 'md', 'text'] as const;

const tmp = mkdtempSync(join(tmpdir(), 'spokegate-diff-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The bench's world at 24 roles x 12 APIs, and two changes of its endpoint policy (files in `dir`). */
function benchCase(): string {
  const dir = join(tmp, 'bench');
  const w = benchWorld(24, 12);
  writeBenchConfig(dir, w);
  type Doc = { Statement: { Principal: { AWS: string[] | string } }[] };
  // As the bench: the endpoint policy stops naming some roles (revocations only)...
  const narrowed = structuredClone(w.endpointPolicy) as Doc;
  narrowed.Statement[0]!.Principal.AWS = (narrowed.Statement[0]!.Principal.AWS as string[]).slice(3);
  writeFileSync(join(dir, 'narrowed.json'), JSON.stringify(narrowed, null, 2));
  // ...and, from there, back to every role and to another account's principals too (grants).
  const opened = structuredClone(w.endpointPolicy) as Doc;
  opened.Statement[0]!.Principal.AWS = [
    ...(opened.Statement[0]!.Principal.AWS as string[]),
    'arn:aws:iam::999999999999:root',
  ];
  writeFileSync(join(dir, 'opened.json'), JSON.stringify(opened, null, 2));
  return dir;
}

const bench = benchCase();
const CASES: { name: string; cwd: string; args: string[] }[] = [
  {
    name: 'bench-narrowed',
    cwd: bench,
    args: [
      '--config',
      'spokegate.config.yaml',
      '--before',
      'policies/endpoint.json',
      '--after',
      'narrowed.json',
    ],
  },
  {
    name: 'bench-widened',
    cwd: bench,
    args: ['--config', 'spokegate.config.yaml', '--before', 'narrowed.json', '--after', 'opened.json'],
  },
  {
    name: 'iac-plan',
    cwd: IAC,
    args: ['--config', 'spokegate.config.yaml', '--plan', 'plan-widen-narrow.json'],
  },
  {
    name: 'iac-files',
    cwd: IAC,
    args: [
      '--config',
      'spokegate.config.yaml',
      '--before',
      'orders-before.json',
      '--after',
      'orders-after.json',
    ],
  },
  {
    name: 'examples-plan',
    cwd: join(ROOT, 'examples'),
    args: ['--config', 'spokegate.config.yaml', '--plan', 'tfplan.json'],
  },
];

async function diff(cwd: string, args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['diff', ...args], {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: {},
    cwd,
  });
  // The config's absolute path (stderr) is where this run put it.
  const text = `exit ${code}\n--- stderr\n${err.join('\n')}\n--- stdout\n${out.join('\n')}\n`;
  return text.replaceAll(tmp, '<tmp>').replaceAll(ROOT, '<root>');
}

/** The same through `node bin/spokegate.js` (dist: `npm run build` first), as a user runs it. */
function diffProcess(cwd: string, args: string[]): string {
  // SPOKEGATE_DIFF_BIN: another build's bin/spokegate.js, to record these from (with WRITE).
  const bin = process.env.SPOKEGATE_DIFF_BIN ?? join(ROOT, 'bin/spokegate.js');
  const r = spawnSync(process.execPath, [bin, 'diff', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const text = `exit ${r.status}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`;
  return text.replaceAll(tmp, '<tmp>').replaceAll(ROOT, '<root>');
}

describe('diff outputs are byte for byte those recorded before the speed work', () => {
  for (const c of CASES)
    for (const format of FORMATS)
      it(`${c.name} --format ${format}`, async () => {
        const got = await diff(c.cwd, [...c.args, '--format', format]);
        const file = join(RECORDED, `${c.name}.${format}.txt`);
        if (WRITE || !existsSync(file)) {
          if (!WRITE) throw new Error(`${file} is missing: SPOKEGATE_WRITE_DIFF_OUTPUTS=1 writes it`);
          mkdirSync(RECORDED, { recursive: true });
          writeFileSync(file, got);
        }
        // Compared as text, not by a hash: a difference shows where it is.
        expect(got).toBe(readFileSync(file, 'utf8'));
      });
});

describe('the same outputs from the built command (dist/offline, the bundle bin/spokegate.js starts diff from)', () => {
  it('is bundled, and the bundle is not older than dist/src (else bin/spokegate.js would not use it)', () => {
    const bundle = statSync(join(ROOT, 'dist/offline/main.js'));
    expect(bundle.mtimeMs).toBeGreaterThanOrEqual(statSync(join(ROOT, 'dist/src/cli/main.js')).mtimeMs);
  });
  for (const [name, format] of [
    ['bench-narrowed', 'json'],
    ['examples-plan', 'md'],
  ] as const)
    it(`${name} --format ${format}`, () => {
      const c = CASES.find((x) => x.name === name)!;
      const got = diffProcess(c.cwd, [...c.args, '--format', format]);
      // As a process writes them (a line feed after each write), recorded from the unbundled build.
      const file = join(RECORDED, `process-${name}.${format}.txt`);
      if (WRITE) writeFileSync(file, got);
      expect(got).toBe(readFileSync(file, 'utf8'));
    });
});
