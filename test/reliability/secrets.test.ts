// Secret-leak test (issue 7, item 4): after the demo run, the fault runs and `call --verbose`, no
// report file and no captured stdout/stderr holds a secret access key or session token (the reports
// of the library's 1,000-cell fault matrix are scanned in faults.test.ts, which runs that matrix).
//
// To know every secret, the sandbox runs in this process (startSandbox -> issuedSecrets()) and the
// CLI runs in live mode against it: the same code path as sandbox mode, with the sandbox's export
// block as its environment; the demo run as a child process (whatever any library prints is
// scanned too), the fault run and the calls through main() in this process (what the command
// writes is all captured). The default `spokegate run` (sandbox inside the child,
// writing to reports/) cannot hand its random session secrets out, so its output is scanned for the
// world's harness secret, for session tokens by their fixed prefix, and for anything shaped like a
// secret access key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO, ROOT } from '../harness/helpers.js';
import { runCli } from '../cli-in-process.js';
import { spokegateAsync } from './cli-async.js';
import { FAULTS } from './fault-run.js';
import { filesUnder, findSecrets, findSecretShapes, TOKEN_PREFIX, type Text } from './leaks.js';

const CONFIG = join(DEMO, 'spokegate.config.yaml');
const WORLD = join(DEMO, 'world.yaml');
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `spokegate-leak-${p}-`));

const demoHarnessSecret = (): string =>
  (parse(readFileSync(WORLD, 'utf8'), { merge: true }) as { harness: { secretAccessKey: string } }).harness
    .secretAccessKey;

describe('the scanners catch a leak', () => {
  const secret = randomBytes(30).toString('base64');
  const token = `${TOKEN_PREFIX}E${randomBytes(300).toString('base64')}`;
  const dir = tmp('planted');
  writeFileSync(join(dir, 'clean.json'), JSON.stringify({ ok: true, sha: 'e3b0c442'.repeat(8) }));

  it('finds a planted secret raw, JSON-escaped and URL-encoded', () => {
    const s = 'ab/cd+ef' + secret;
    expect(findSecrets([{ name: 'x', text: `key=${s}` }], [s])).toHaveLength(1);
    expect(
      findSecrets([{ name: 'x', text: JSON.stringify({ k: s }).replace(/\//g, '\\/') }], [s]),
    ).toHaveLength(1);
    expect(findSecrets([{ name: 'x', text: `k=${encodeURIComponent(s)}` }], [s])).toHaveLength(1);
    writeFileSync(join(dir, 'leak.txt'), `x-amz-security-token: ${token}\n`);
    expect(findSecrets(filesUnder(dir), [token])).toEqual([`${join(dir, 'leak.txt')}: secret #0`]);
    expect(findSecrets(filesUnder(dir), [secret])).toEqual([]);
  });

  it('finds a planted token by its prefix and a key by its shape, and not a SHA-256', () => {
    expect(findSecretShapes([{ name: 't', text: `token ${token}` }])).not.toEqual([]);
    // A fixed key with digits and both cases (a random one has them with overwhelming odds).
    expect(
      findSecretShapes([{ name: 'k', text: `"${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}"` }]),
    ).toHaveLength(1);
    expect(
      findSecretShapes([{ name: 'clean', text: readFileSync(join(dir, 'clean.json'), 'utf8') }]),
    ).toEqual([]);
  });
});

describe('no secret leaks from runs, fault runs and --verbose calls', () => {
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  const outputs: Text[] = [];
  const reportDirs: string[] = [];
  const record = (name: string, r: { stdout: string; stderr: string }) =>
    outputs.push({ name: `${name} (stdout)`, text: r.stdout }, { name: `${name} (stderr)`, text: r.stderr });

  beforeAll(async () => {
    sandbox = await startSandbox(WORLD);
    env = { ...withoutAws(process.env), ...sandbox.env };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('the demo run (live mode against the in-process sandbox) passes', async () => {
    const reports = tmp('demo');
    reportDirs.push(reports);
    const r = await spokegateAsync(['run', '--mode', 'live', '--config', CONFIG, '--reports', reports], {
      env,
    });
    record('demo run', r);
    expect(r.stderr).toMatch(/0 failed/);
    expect(r.code).toBe(0);
  });

  it('the demo run under faults (10% 429, 10% 5xx, 2% resets, jitter) finishes', async () => {
    const reports = tmp('faults');
    reportDirs.push(reports);
    sandbox.setFaults('*', FAULTS);
    try {
      const r = await here(['run', '--mode', 'live', '--config', CONFIG, '--reports', reports], env);
      record('fault run', r);
      expect([0, 1, 3]).toContain(r.code);
      expect(readdirSync(reports)).toContain('access-matrix.json');
    } finally {
      sandbox.setFaults('*', undefined);
    }
    expect(sandbox.counters.faults.throttle ?? 0).toBeGreaterThan(0);
  });

  it.each([
    ['CheckoutRole', ['--verbose']],
    ['AuditRole', ['--verbose', '--json']],
    ['self', ['--verbose']],
    ['BatchRole', ['--verbose', '-H', 'x-trace: 1']],
  ])('`spokegate call --as %s %s GET /orders` shows the signing without secrets', async (who, extra) => {
    const r = await here(
      ['call', '--as', who, '--api', 'orders', '--config', CONFIG, ...extra, 'GET', '/orders'],
      env,
    );
    record(`call --as ${who}`, r);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toContain('canonical request');
    if (who !== 'self') expect(r.stderr).toContain('x-amz-security-token:<redacted>');
  });

  it('the default run (`node bin/spokegate.js run`, as npm start) writes reports/', async () => {
    const r = await spokegateAsync(['run'], { env: withoutAws(process.env) });
    record('default run', r);
    expect(r.code).toBe(0);
    reportDirs.push(join(ROOT, 'reports'));
  });

  it('no report file and no output holds any secret the sandboxes issued or the harness keys', () => {
    const all = [...sandbox.issuedSecrets(), demoHarnessSecret()];
    // Every role session the CLI runs assumed is in the list: the check is not vacuous.
    const assumed = Object.values(sandbox.counters.assumeRole).reduce((a, b) => a + b, 0);
    expect(assumed).toBeGreaterThan(10);
    // The harness secret, then a secret key and a session token per AssumeRole.
    expect(sandbox.issuedSecrets()).toHaveLength(1 + 2 * assumed);
    expect(all).toContain(demoHarnessSecret());
    const texts = [...outputs, ...reportDirs.flatMap(filesUnder)];
    expect(texts.length).toBeGreaterThan(30);
    expect(findSecrets(texts, all)).toEqual([]);
  });

  it('nothing shaped like a session token or a secret key either (covers the sandbox inside the default run)', () => {
    const texts = [...outputs, ...reportDirs.flatMap(filesUnder)];
    expect(findSecretShapes(texts)).toEqual([]);
  });
});

/** The command through main() in this process: stdout and stderr as a terminal would get them. */
async function here(args: string[], env: NodeJS.ProcessEnv) {
  const r = await runCli(args, { cwd: ROOT, env });
  return { code: r.code, stdout: r.out, stderr: r.err };
}

function withoutAws(e: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(e))
    if (!k.startsWith('AWS_') && k !== 'SPOKEGATE_CONNECT_TO') out[k] = v;
  return out;
}
