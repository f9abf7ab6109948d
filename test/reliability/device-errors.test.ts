// Issue 12, finding 5: a device that refuses a write is one line naming the path, exit 3, no stack
// trace, and the reports folder keeps the previous run's set whole (never a mix, never a staging
// folder or a .tmp file left). Real devices: /dev/full for stdout, a pipe whose reader has gone
// (EPIPE), and a small tmpfs (full, or read-only) mounted in a private mount namespace for the
// reports (`unshare -m` as root: nothing is mounted for anyone else, and the mount ends with the
// process). The errnos a root user cannot provoke (EACCES) are injected at the fs boundary in
// reports-write.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/helpers.js';

const SKIP_MOUNT = process.env.SPOKEGATE_SKIP_MOUNT === '1';
const CLI = `"${process.execPath}" "${join(ROOT, 'bin', 'spokegate.js')}"`;
const CHECK = `${CLI} check features/sandbox/endpoint.feature --endpoint-policy examples/endpoint-policy.json`;
const OLD_SET = ['access-matrix.json', 'access-matrix.md', 'cucumber.json', 'cucumber.ndjson'];
const NO_TRACE = /internal error|\n\s+at |Error:/;

function sh(script: string): { code: number | null; out: string; err: string } {
  const r = spawnSync('sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * `script` in a private mount namespace where DIR is a fresh tmpfs (`opts`: mount options); the
 * shell prints `exit=N` for the spokegate command and the folder's files (name and content) after.
 */
function inTmpfs(options: string, setup: string, command: string) {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-device-'));
  const script = [
    'set -u',
    `mount -t tmpfs -o ${options} tmpfs "${dir}" || exit 97`,
    `cd "${ROOT}"`,
    setup.replaceAll('DIR', dir),
    `${command.replaceAll('DIR', dir)} >/dev/null`,
    'echo "exit=$?"',
    // What a reader of the folder would find after the run.
    `for f in $(ls -A "${dir}/reports" 2>/dev/null); do printf '%s=%s\\n' "$f" "$(head -c 40 "${dir}/reports/$f")"; done`,
  ].join('\n');
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.error || r.status === 97 || /unshare: /.test(r.stderr))
    throw new Error(
      `the device-error tests mount a small tmpfs in a private mount namespace: they need root and ` +
        `unshare(1) from util-linux (apt-get install util-linux) (${r.error?.message ?? r.stderr.trim()}) ` +
        '(or set SPOKEGATE_SKIP_MOUNT=1 to skip them locally)',
    );
  const exit = Number(/^exit=(\d+)$/m.exec(r.stdout)?.[1]);
  const files = Object.fromEntries(
    r.stdout
      .split('\n')
      .filter((l) => /^[^=]+=/.test(l) && !l.startsWith('exit='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { exit, err: r.stderr, files };
}

/** A previous run's report set, written before the mount turns full or read-only. */
const OLD = `mkdir DIR/reports && for f in ${OLD_SET.join(' ')}; do echo OLD RUN > DIR/reports/$f; done`;

describe('stdout that cannot be written', () => {
  it('stdout on a full device (ENOSPC): exit 3, one line naming it', () => {
    const r = sh(`${CLI} lint examples/endpoint-policy.json --format json > /dev/full`);
    expect(r.code, r.err).toBe(3);
    expect(r.err).toBe('spokegate: cannot write to stdout, /dev/full (ENOSPC)\n');
  });

  it('a reader that closed the pipe (EPIPE): exit 3, one line, never the command’s own exit code', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'spokegate.js'), 'lint', 'examples/endpoint-policy.json', '--format', 'json'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The reader goes away before spokegate has started: its first write meets a closed pipe.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, err).toBe(3);
    expect(err).toMatch(/^spokegate: cannot write to stdout, a (pipe|socket) \(EPIPE\)\n$/);
  });
});

describe.skipIf(SKIP_MOUNT)('a reports folder on a device that refuses the write (real tmpfs)', () => {
  it('a full device (ENOSPC): exit 3, one line naming the reports, the previous set whole', () => {
    const r = inTmpfs('size=64k', OLD, `${CHECK} --reports DIR/reports`);
    expect(r.exit, r.err).toBe(3);
    expect(r.err).not.toMatch(NO_TRACE);
    const lines = r.err.split('\n').filter((l) => l.startsWith('spokegate: cannot'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^spokegate: cannot write \S*reports\/(cucumber\.\*|access-matrix\.\w+) \(ENOSPC: no space left on the device\)$/,
    );
    expect(r.files).toEqual(Object.fromEntries(OLD_SET.map((f) => [f, 'OLD RUN'])));
  });

  it('a read-only reports folder (EROFS): exit 3, one line naming it, the previous set whole', () => {
    const r = inTmpfs('size=1m', `${OLD} && mount -o remount,ro DIR`, `${CHECK} --reports DIR/reports`);
    expect(r.exit, r.err).toBe(3);
    expect(r.err).not.toMatch(NO_TRACE);
    expect(r.err).toMatch(
      /\nspokegate: cannot write \S*reports\/\.spokegate\.lock \(EROFS: the file system is read-only\)\n$/,
    );
    expect(r.files).toEqual(Object.fromEntries(OLD_SET.map((f) => [f, 'OLD RUN'])));
  });

  it('a reports folder to create on a read-only device (EROFS): exit 3, naming it', () => {
    const r = inTmpfs('ro,size=64k', 'true', `${CHECK} --reports DIR/reports`);
    expect(r.exit, r.err).toBe(3);
    expect(r.err).not.toMatch(NO_TRACE);
    expect(r.err).toMatch(/\nspokegate: cannot write \S*reports \(EROFS: the file system is read-only\)\n$/);
    expect(r.files).toEqual({});
  });
});
