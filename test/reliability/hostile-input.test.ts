// Issue 12, findings 1 and 2: no input is echoed unless it is harmless, and no file outside the
// project is read. Canary secrets are planted in the environment (read through /proc/self/environ)
// and in a file outside the project; every command is run with hostile inputs pointing at them
// (symbolic links to /proc/self/environ and out of the project, absolute paths, ../ paths, a config
// that is a link, a step that reads a policy from outside), with and without --allow-outside-root.
// Nothing it prints and no report it writes may hold a canary; without --allow-outside-root every
// one of these is bad input: exit 2 naming the path.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { demoProject } from '../harness/helpers.js';
import { spokegateAsync } from './cli-async.js';

const CANARY_FILE = `CANARY-FILE-${randomBytes(6).toString('hex')}`;
const CANARY_ENV = `CANARY-ENV-${randomBytes(6).toString('hex')}`;
const { base, proj } = demoProject('hostile');
const outside = join(base, 'outside');
const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const RESOURCE = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
const EVAL = ['--principal', ROLE, '--action', 'execute-api:Invoke', '--resource', RESOURCE];

/** Every "KEY=VALUE" of this process's environment long enough to be recognisable. */
function environCanaries(): string[] {
  return readFileSync('/proc/self/environ', 'latin1')
    .split('\0')
    .filter((e) => e.length >= 12 && e.includes('='));
}

let n = 0;
async function cli(args: string[]): Promise<{ code: number; text: string }> {
  const reports = join(base, `reports-${n++}`);
  const withReports = ['run', 'check'].includes(args[0]!) ? [...args, '--reports', reports] : args;
  const r = await runCli(withReports, { cwd: proj, env: { ...process.env, CANARY_ENV } });
  let text = r.text;
  if (existsSync(reports))
    for (const f of readdirSync(reports, { recursive: true }) as string[]) {
      const p = join(reports, f);
      try {
        text += readFileSync(p, 'utf8');
      } catch {
        // a folder
      }
    }
  return { code: r.code, text };
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(CANARY_FILE);
  expect(text).not.toContain(CANARY_ENV);
  for (const c of environCanaries()) expect(text, 'an environment entry was echoed').not.toContain(c);
}

beforeAll(() => {
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `${CANARY_FILE}\n`);
  writeFileSync(join(outside, 'secret.yaml'), `${CANARY_FILE}: [unclosed\n`);
  writeFileSync(join(outside, 'secret.json'), `{"${CANARY_FILE}": ${CANARY_FILE}}\n`);
  const links = join(proj, 'links');
  mkdirSync(links);
  symlinkSync('/proc/self/environ', join(links, 'env.feature'));
  mkdirSync(join(proj, 'links2'));
  symlinkSync(join(outside, 'secret.txt'), join(proj, 'links2', 'secret.feature'));
  symlinkSync('/proc/self/environ', join(proj, 'env.json'));
  symlinkSync('../outside/secret.txt', join(proj, 'secret.json'));
  symlinkSync('../outside/secret.yaml', join(proj, 'secret.yaml'));
  // A feature inside the project whose step reads a policy from outside it.
  mkdirSync(join(proj, 'steps'));
  writeFileSync(
    join(proj, 'steps', 'read.feature'),
    [
      'Feature: reads outside',
      '  Scenario: one',
      `    Given the endpoint policy of "hub" is read from "${join(outside, 'secret.json')}"`,
      '    Then "CheckoutRole" can call GET /orders on "orders"',
      '  Scenario: two',
      '    Given the endpoint policy of "hub" is read from "/proc/self/environ"',
      '    Then "CheckoutRole" can call GET /orders on "orders"',
      '',
    ].join('\n'),
  );
  // A world whose policy is a file outside the project; a config that is a link out of it.
  writeFileSync(
    join(proj, 'evil-world.yaml'),
    readFileSync(join(proj, 'world.yaml'), 'utf8').replace(
      /^(\s+policy:).*$/m,
      `$1 ${join(outside, 'secret.json')}`,
    ),
  );
  mkdirSync(join(proj, 'linked-config'));
  symlinkSync(join(outside, 'secret.yaml'), join(proj, 'linked-config', 'spokegate.config.yaml'));
});

const POLICY = 'policies/invoke-all.json';
const CALL_ORDERS = ['--as', 'self', '--api', 'orders', 'GET', '/'];
const hostile: Record<string, string[]> = {
  'check: a features folder with a link to /proc/self/environ': [
    'check',
    'links',
    '--endpoint-policy',
    POLICY,
  ],
  'check: a features folder with a link out of the project': ['check', 'links2', '--endpoint-policy', POLICY],
  'check: a feature file that is /proc/self/environ': [
    'check',
    '/proc/self/environ',
    '--endpoint-policy',
    POLICY,
  ],
  'check: the endpoint policy is a link to /proc/self/environ': ['check', '--endpoint-policy', 'env.json'],
  'check: the endpoint policy is ../outside': ['check', '--endpoint-policy', '../outside/secret.json'],
  'check: a resource policy outside': [
    'check',
    '--endpoint-policy',
    POLICY,
    '--resource-policy',
    `orders=${join(outside, 'secret.txt')}`,
  ],
  'check: a step reads a policy from outside': ['check', 'steps', '--endpoint-policy', POLICY],
  'check: the config is a link out of the project': [
    'check',
    '--config',
    'linked-config/spokegate.config.yaml',
    '--endpoint-policy',
    POLICY,
  ],
  'run offline: a link to /proc/self/environ': [
    'run',
    'links',
    '--mode',
    'offline',
    '--endpoint-policy',
    POLICY,
  ],
  'run offline: a step reads a policy from outside': [
    'run',
    'steps',
    '--mode',
    'offline',
    '--endpoint-policy',
    POLICY,
  ],
  'diff: --before /proc/self/environ': ['diff', '--before', '/proc/self/environ', '--after', POLICY],
  'diff: --after a link out of the project': ['diff', '--before', POLICY, '--after', 'secret.json'],
  'diff: --plan a link to /proc/self/environ': ['diff', '--plan', 'env.json'],
  'diff: features with a link to /proc/self/environ': [
    'diff',
    'links',
    '--before',
    POLICY,
    '--after',
    POLICY,
  ],
  'lint: /proc/self/environ': ['lint', '/proc/self/environ'],
  'lint: a link to /proc/self/environ': ['lint', 'env.json'],
  'lint: a YAML file outside': ['lint', 'secret.yaml'],
  'lint: ../outside (sarif)': ['lint', '../outside/secret.json', '--format', 'sarif'],
  'evaluate: --policy /proc/self/environ': ['evaluate', '--policy', '/proc/self/environ', ...EVAL],
  'evaluate: --endpoint-policy outside': ['evaluate', '--endpoint-policy', 'secret.json', ...EVAL],
  'evaluate: --identity-policy environ': [
    'evaluate',
    '--endpoint-policy',
    POLICY,
    '--identity-policy',
    'env.json',
    ...EVAL,
  ],
  'call: --config outside': ['call', '--config', 'secret.yaml', ...CALL_ORDERS],
  'call: --config /proc/self/environ': ['call', '--config', '/proc/self/environ', ...CALL_ORDERS],
  'who-can: --endpoint-policy a link to /proc/self/environ': ['who-can', '--endpoint-policy', 'env.json'],
  'who-can: --resource-policy outside': [
    'who-can',
    '--endpoint-policy',
    POLICY,
    '--resource-policy',
    'orders=../outside/secret.yaml',
  ],
  'who-can: --config a link out of the project': [
    'who-can',
    '--config',
    'linked-config/spokegate.config.yaml',
  ],
  'sandbox: --world /proc/self/environ': ['sandbox', '--world', '/proc/self/environ'],
  'sandbox: --world a link outside': ['sandbox', '--world', 'secret.yaml'],
  'sandbox: a world whose policy is outside': ['sandbox', '--world', 'evil-world.yaml'],
};

describe('hostile inputs never echo a secret (finding 1) and stay in the project (finding 2)', () => {
  // Each hostile input twice: refused as outside the project (exit 2), and with
  // --allow-outside-root, where it may be read but must still fail and echo nothing.
  for (const [name, args] of Object.entries(hostile))
    for (const allowed of [false, true])
      it(`${name}${allowed ? ', with --allow-outside-root: no canary' : ': exit 2 naming the path, no canary'}`, async () => {
        const r = await cli(allowed ? [...args, '--allow-outside-root'] : args);
        expectNoCanary(r.text);
        if (allowed) expect(r.code, r.text).not.toBe(0);
        else expect(r.code, r.text).toBe(2);
        expect(r.text).not.toMatch(/internal error|\n\s+at /);
      });

  it('the CA bundle (from the environment or --ca) is read but never quoted', async () => {
    const ca = join(outside, 'secret.txt');
    const r = await cli(['call', '--config', 'spokegate.config.yaml', '--ca', ca, ...CALL_ORDERS]);
    expectNoCanary(r.text);
    expect(r.code).toBe(2);
  });

  it('a refusal names the path and says how to allow it', async () => {
    const r = await cli(['lint', 'env.json']);
    expect(r.text).toContain('env.json');
    expect(r.text).toContain('outside the project');
    expect(r.text).toContain('--allow-outside-root');
  });

  it('--root widens the project: a file inside it is read', async () => {
    writeFileSync(join(outside, 'ok.json'), readFileSync(join(proj, POLICY)));
    const refused = await cli(['lint', join(outside, 'ok.json')]);
    expect(refused.code).toBe(2);
    const r = await cli(['lint', join(outside, 'ok.json'), '--root', base]);
    expect(r.code, r.text).not.toBe(2);
  });
});

describe('as real processes, with canaries in the environment', () => {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIACANARY0000000000',
    AWS_SECRET_ACCESS_KEY: CANARY_ENV,
    GITHUB_TOKEN: `ghp_${CANARY_ENV}`,
  };
  const cases: string[][] = [
    ['check', 'links', '--endpoint-policy', POLICY, '--reports', join(base, 'rp1')],
    ['check', 'links', '--endpoint-policy', POLICY, '--reports', join(base, 'rp2'), '--allow-outside-root'],
    ['lint', 'env.json', '--allow-outside-root'],
    ['evaluate', '--policy', '/proc/self/environ', '--allow-outside-root', ...EVAL],
  ];
  for (const args of cases) {
    it(`spokegate ${args.slice(0, 2).join(' ')} ${args.includes('--allow-outside-root') ? '(allowed)' : ''}`, async () => {
      const r = await spokegateAsync(args, { cwd: proj, env });
      const text = r.stdout + r.stderr;
      expect(text).not.toContain(CANARY_ENV);
      expect(text).not.toContain('AKIACANARY');
      expect(r.code, text).toBe(2);
    });
  }
});
