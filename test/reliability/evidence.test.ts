// Issue 12, finding 5: evidence is whole or absent. Two runs on one reports folder do not interleave
// (the second stops with exit 2); a run's reports replace the previous run's as a set (no mix); an
// interrupted run writes the cells it gathered, marked incomplete, leaves no half-written Cucumber
// report and no sandbox folder behind, and exits 130/143; a full device is one line, never a trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportFolder } from '../../src/matrix/index.js';
import { lockLineOf, ROOT } from '../harness/helpers.js';
import { runCli } from '../cli-in-process.js';

const FEATURE = 'features/sandbox/endpoint.feature';
const POLICY = 'examples/endpoint-policy.json';
const base = mkdtempSync(join(tmpdir(), 'spokegate-evidence-'));

/** `spokegate check` through main() in this process. */
async function check(reports: string): Promise<{ code: number | null; err: string }> {
  const r = await runCli(['check', FEATURE, '--endpoint-policy', policyFile(), '--reports', reports], {
    cwd: ROOT,
    env: process.env,
  });
  return { code: r.code, err: r.err };
}

/** A valid endpoint policy from the repository's examples (or the demo world's, written out). */
function policyFile(): string {
  if (existsSync(join(ROOT, POLICY))) return POLICY;
  const f = join(ROOT, 'reports', 'evidence-test-policy.json');
  writeFileSync(
    f,
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
    }),
  );
  return f;
}

describe('one run at a time on a reports folder', () => {
  it('a second run on a folder another run holds stops with exit 2 and writes nothing', async () => {
    const dir = join(base, 'shared');
    const holder = ReportFolder.open(dir, base);
    try {
      const r = await check(dir);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/--reports: another spokegate run \(pid \d+\) is writing reports to this folder/);
      expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
    } finally {
      holder.abandon();
    }
    const again = await check(dir);
    expect(again.code, again.err).toBe(0);
  });

  it('a lock and a staging folder left by a killed run are taken over', async () => {
    const dir = join(base, 'stale');
    mkdirSync(join(dir, '.spokegate-run-old'), { recursive: true });
    writeFileSync(join(dir, '.spokegate-run-old', 'cucumber.ndjson'), '\0'.repeat(100));
    writeFileSync(join(dir, '.spokegate.lock'), '999999999 old\n');
    const r = await check(dir);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

const RUN_ID = '2026-12-03T030000000Z-0123abcd';

describe('a lock no live run holds is taken over with a warning naming it (issue 12)', () => {
  const rows: [string, () => string][] = [
    // Before: "1 x" held every run off ("another spokegate run (pid 1)"): init is always alive.
    ['a pid and junk ("1 x", committed with a checkout)', () => '1 x\n'],
    ['the shape a run writes, naming init with a start time that is not init’s', () => `1 ${RUN_ID} 1\n`],
    ['the shape a run writes, without a start time where /proc gives one', () => `1 ${RUN_ID}\n`],
    [
      'this process’s pid and start time with a run id this process does not hold',
      () => lockLineOf(process.pid, RUN_ID),
    ],
  ];
  for (const [what, content] of rows) {
    it(what, async () => {
      const dir = mkdtempSync(join(base, 'forged-'));
      writeFileSync(join(dir, '.spokegate.lock'), content());
      const r = await check(dir);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/spokegate: took over the reports folder's lock \(.*\.spokegate\.lock\): /);
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    });
  }

  it('the lock of a live process that wrote it (pid, run id, its start time) still stops a run', async () => {
    const dir = mkdtempSync(join(base, 'live-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(dir, '.spokegate.lock'), lockLineOf(other.pid!, RUN_ID));
      const r = await check(dir);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`another spokegate run (pid ${other.pid}) is writing reports`);
    } finally {
      other.kill();
    }
  });
});

describe("a run's reports are one set", () => {
  it('every report of the previous run is replaced or removed; Cucumber reports are whole', async () => {
    const dir = join(base, 'set');
    mkdirSync(dir);
    // The previous run's files, including one the new run will not write again.
    for (const f of ['access-matrix.json', 'access-matrix.md', 'cucumber.ndjson', 'cucumber.json'])
      writeFileSync(join(dir, f), 'OLD RUN');
    writeFileSync(join(dir, 'README.md'), 'kept: not a report');
    const r = await check(dir);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(dir);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      if (f !== 'README.md') expect(text, `${f}: ${r.code} ${r.err}`).not.toContain('OLD RUN');
      expect(text.length, f).toBeGreaterThan(0);
      expect(text, f).not.toContain('\0');
    }
    expect(files).toEqual(expect.arrayContaining(['cucumber.ndjson', 'cucumber.json', 'access-matrix.json']));
    const doc = JSON.parse(readFileSync(join(dir, 'access-matrix.json'), 'utf8'));
    expect(doc.run.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d+Z-[0-9a-f]{8}$/);
    expect(doc.run.incomplete).toBeUndefined();
    expect(files.some((f) => f.startsWith('.'))).toBe(false);
  });
});

describe('interrupted runs (real processes)', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} mid-run: exit ${code}, the cells so far marked incomplete, no partial Cucumber report, no sandbox folder`, async () => {
      const tmp = mkdtempSync(join(base, `tmp-${signal}-`));
      const reports = join(base, `int-${signal}`);
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bin', 'spokegate.js'), 'run', '--reports', reports],
        {
          cwd: ROOT,
          env: { ...process.env, TMPDIR: tmp },
        },
      );
      let err = '';
      let sent = false;
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        // Cucumber has started once its progress dots appear.
        if (
          !sent &&
          /sandbox serving on/.test(err) &&
          /[.F]/.test(err.split('sandbox serving on')[1]!.split('\n').slice(1).join(''))
        ) {
          sent = true;
          child.kill(signal);
        }
      });
      const exit = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(sent, err).toBe(true);
      expect(exit, err).toBe(code);
      expect(err).toContain(`interrupted (${signal})`);
      const doc = JSON.parse(readFileSync(join(reports, 'access-matrix.json'), 'utf8'));
      expect(doc.run.incomplete).toBe(true);
      const files = readdirSync(reports);
      expect(files.filter((f) => f.startsWith('cucumber.'))).toEqual([]);
      expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
      expect(readdirSync(tmp).filter((f) => f.startsWith('spokegate-sandbox-'))).toEqual([]);
    });
  }
});

describe('write failures are one line naming what could not be written', () => {
  it('stdout on a full device: exit 3, one line, no trace', () => {
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" bin/spokegate.js lint ${policyFile()} --format json > /dev/full`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr.trim()).toBe('spokegate: cannot write to stdout, /dev/full (ENOSPC)');
  });

  it('a reports folder that cannot be created names it (and does not hang under /proc)', async () => {
    const r = await check('/proc/spokegate-cannot-exist/reports');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /proc\/spokegate-cannot-exist\/reports: --reports: cannot create the reports folder/,
    );
  });
});
