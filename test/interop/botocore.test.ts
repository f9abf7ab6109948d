// Interop against an independent signer: `spokegate call --as self` through a local HTTPS server
// that verifies every request with botocore's SigV4Auth, in all four addressing modes.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { AWS_NAMES, makeTestPki, REGION, VPCE_DNS, VPCE_ID } from '../gateway/tls-fixture.js';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(__dirname, 'botocore-server', 'server.py');
const CLI = join(__dirname, 'run-cli.ts');
const SKIP = process.env.SPOKEGATE_SKIP_INTEROP === '1';
const run = promisify(execFile);

const CREDS = {
  AWS_ACCESS_KEY_ID: 'AKIDINTEROPTEST',
  AWS_SECRET_ACCESS_KEY: 'interop/secret+key=EXAMPLE',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLE//token+with/chars==',
};

/** python3 first, then /usr/bin/python3: the first that imports botocore. */
function findPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import botocore'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

let server: ChildProcess | undefined;
let port = 0;
let dir = '';

beforeAll(async () => {
  if (SKIP) return;
  const py = findPython();
  if (!py) {
    throw new Error(
      'the interop test needs python3 with botocore: apt-get install python3-botocore ' +
        '(or set SPOKEGATE_SKIP_INTEROP=1 to skip it locally)',
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'sg-interop-'));
  const pki = makeTestPki(AWS_NAMES);
  writeFileSync(join(dir, 'ca.pem'), pki.caPem);
  writeFileSync(join(dir, 'cert.pem'), pki.certPem);
  writeFileSync(join(dir, 'key.pem'), pki.keyPem);
  server = spawn(
    py,
    [SERVER, '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--region', REGION],
    {
      env: {
        ...process.env,
        INTEROP_ACCESS_KEY_ID: CREDS.AWS_ACCESS_KEY_ID,
        INTEROP_SECRET_ACCESS_KEY: CREDS.AWS_SECRET_ACCESS_KEY,
        INTEROP_SESSION_TOKEN: CREDS.AWS_SESSION_TOKEN,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`botocore server did not start: ${stderr}`)), 300_000);
    let buf = '';
    server!.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        res(Number(m[1]));
      }
    });
    server!.on('exit', (code) => rej(new Error(`botocore server exited (${code}): ${stderr}`)));
  });
});

afterAll(() => {
  server?.stdin?.end(); // the server stops when its stdin closes
  server?.kill();
});

// An API id the config does not state: `call --api-id` checks a configured API's routes before
// sending, and this test signs paths (a query, odd characters) no configured route serves.
const API_ID = 'b0t0c0re99';

const modes = ['private-dns', 'alias', 'endpoint-host', 'endpoint-api-id'] as const;
const requests: Array<{ name: string; args: string[]; path: string; body?: string }> = [
  { name: 'a plain path', args: ['GET', '/orders'], path: '/prod/orders' },
  {
    name: 'a query with unsorted and encoded parameters',
    args: ['GET', '/search?zeta=last&alpha=first&q=hello%20world&sym=%2B%26%3D&empty=&utf=%C3%A9t%C3%A9'],
    path: '/prod/search?zeta=last&alpha=first&q=hello%20world&sym=%2B%26%3D&empty=&utf=%C3%A9t%C3%A9',
  },
  {
    name: 'a percent-encoded path segment',
    args: ['GET', '/items/a%40b%2Fc%20d'],
    path: '/prod/items/a%40b%2Fc%20d',
  },
  {
    name: "sub-delimiters, unicode and '+' in path and query",
    args: ['GET', "/p/it's(1)*~!$,;=:@/é?k=it's(1)*~!&plus=a+b&k=dup"],
    path: "/prod/p/it's(1)*~!$,;=:@/%C3%A9?k=it%27s%281%29%2A~%21&plus=a%2Bb&k=dup",
  },
  {
    name: 'a POST with a body',
    args: ['-H', 'Content-Type: application/json', '-d', '{"item":"book","qty":2}', 'POST', '/orders'],
    path: '/prod/orders',
    body: '{"item":"book","qty":2}',
  },
];

const apiHost = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
const expectedHost = {
  'private-dns': apiHost,
  alias: `${API_ID}-${VPCE_ID}.execute-api.${REGION}.amazonaws.com`,
  'endpoint-host': apiHost,
  'endpoint-api-id': VPCE_DNS,
};
const expectedSni = { ...expectedHost, 'endpoint-host': VPCE_DNS };

/** `spokegate call --as self` to the botocore server (its port is known once it started), then `rest`. */
const callArgs = (...rest: string[]) => [
  'call',
  '--as',
  'self',
  '--api-id',
  API_ID,
  '--stage',
  'prod',
  '--region',
  REGION,
  '--connect-to',
  `::127.0.0.1:${port}`,
  '--retries',
  '0',
  '--json',
  ...rest,
];
/** The test's credentials and the test PKI's CA, with `over` on top. */
const callEnv = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...CREDS,
  AWS_CA_BUNDLE: join(dir, 'ca.pem'),
  SPOKEGATE_CONNECT_TO: '',
  ...over,
});

describe('interop: botocore SigV4Auth verifies spokegate call --as self', () => {
  for (const mode of modes) {
    it.skipIf(SKIP)(`${mode}: all request kinds verify`, async () => {
      const results = await Promise.all(
        requests.map(async (r) => {
          // In this process through main(): the signer is the point here, not the process; the
          // bad-signature case below runs as a real process.
          const argv = callArgs(
            '--vpce',
            VPCE_ID,
            '--endpoint-dns',
            VPCE_DNS,
            '--addressing',
            mode,
            ...r.args,
          );
          const env = callEnv();
          const res = await runCli(argv, { cwd: ROOT, env });
          const out = { code: res.code, stdout: res.out, stderr: res.err };
          return { r, out };
        }),
      );
      for (const { r, out } of results) {
        const label = `${mode} / ${r.name}: ${out.stdout} ${out.stderr}`;
        expect(out.code, label).toBe(0);
        const doc = JSON.parse(out.stdout) as {
          outcome: string;
          status: number;
          body: { seen: Record<string, string> };
        };
        expect(doc.outcome, label).toBe('allowed');
        const seen = doc.body.seen;
        expect(seen.path, label).toBe(r.path);
        expect(seen.host, label).toBe(expectedHost[mode]);
        expect(seen.sni, label).toBe(expectedSni[mode]);
        expect(seen.apiIdHeader ?? null, label).toBe(mode === 'endpoint-api-id' ? API_ID : null);
        if (r.body) expect(seen.body, label).toBe(r.body);
        expect(out.stdout + out.stderr).not.toContain(CREDS.AWS_SECRET_ACCESS_KEY);
      }
    });
  }

  it.skipIf(SKIP)('the botocore server does reject a bad signature (the check can fail)', async () => {
    // Signed with another secret than the server's: botocore's signature differs.
    const argv = ['--import', 'tsx', CLI, ...callArgs('GET', '/orders')];
    const env = callEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    const out = await run(process.execPath, argv, { cwd: ROOT, env }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    // A refused signature proves nothing about policy: an error (exit 3), never a denial.
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout)).toMatchObject({
      status: 403,
      outcome: 'error',
      reason: 'bad-signature',
    });
  });
});
