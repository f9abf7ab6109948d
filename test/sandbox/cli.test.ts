// `spokegate sandbox`: prints the export block once ready, serves, stops cleanly on SIGTERM/SIGINT.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WORLD_FILE } from './helpers.js';

const CLI = fileURLToPath(new URL('../interop/run-cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sandbox', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no export block in time: ${err}`)), 300_000);
    child.stdout.on('data', () => {
      if (/SPOKEGATE_CONNECT_TO=.*\n/.test(out) && /AWS_DEFAULT_REGION=.*\n/.test(out)) {
        clearTimeout(t);
        resolve(out);
      }
    });
    child.on('exit', () => {
      clearTimeout(t);
      reject(new Error(`exited early: ${err}`));
    });
  });
  ready.catch(() => undefined); // the tests that expect an early exit never await it
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, stderr: () => err };
}

describe('spokegate sandbox', () => {
  it('prints the export block as docs/design.md shows, serves, and stops on SIGTERM with exit 0', async () => {
    const { child, ready, exited } = startCli(['--world', WORLD_FILE]);
    const out = await ready;
    const lines = out.trim().split('\n');
    const port = /127\.0\.0\.1:(\d+)/.exec(lines[0]!)![1]!;
    expect(lines.slice(0, 7).map((l) => l.replace(/=.*/, ''))).toEqual([
      'export AWS_ENDPOINT_URL_STS',
      'export AWS_ENDPOINT_URL_EC2',
      'export AWS_ENDPOINT_URL_API_GATEWAY',
      'export AWS_CA_BUNDLE',
      'export AWS_ACCESS_KEY_ID',
      'export AWS_SECRET_ACCESS_KEY',
      'export SPOKEGATE_CONNECT_TO',
    ]);
    expect(lines[0]).toBe(`export AWS_ENDPOINT_URL_STS=https://127.0.0.1:${port}`);
    expect(lines[6]).toBe(`export SPOKEGATE_CONNECT_TO=::127.0.0.1:${port}`);
    for (const l of lines) expect(l).toMatch(/^export [A-Z0-9_]+=\S+$/);
    const caFile = /AWS_CA_BUNDLE=(\S+)/.exec(out)![1]!;
    const { readFileSync, existsSync } = await import('node:fs');
    const ca = readFileSync(caFile, 'utf8');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(port),
          servername: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com',
          ca,
          path: '/prod/health',
          headers: { host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com' },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(caFile)).toBe(false);
  });

  it('serves plain HTTP with --http and a fixed --port, and stops on SIGINT', async () => {
    const { child, ready, exited } = startCli([
      '--world',
      WORLD_FILE,
      '--http',
      '--port',
      '0',
      '--seed',
      '5',
    ]);
    const out = await ready;
    expect(out).toMatch(/^export AWS_ENDPOINT_URL_STS=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).not.toContain('AWS_CA_BUNDLE');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('exits 2 naming the file when the world is missing or invalid', async () => {
    const { exited, stderr } = startCli(['--world', 'no/such/world.yaml']);
    expect(await exited).toBe(2);
    expect(stderr()).toMatch(/no\/such\/world\.yaml: world file not found|world\.yaml.*not found/);
    const bad = startCli(['--world', WORLD_FILE, '--port', 'abc']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--port');
  });
});
