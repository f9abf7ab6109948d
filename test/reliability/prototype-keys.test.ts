// Attack run 2: names an object's prototype already has (`constructor`, `__proto__`, `toString`)
// used as aliases on the command line and as keys in policies. A lookup in a plain object found
// the prototype's member: `--api constructor` passed as a known API, `--resource-policy
// constructor=FILE` was accepted for no API, and a condition key `constructor` or a date beyond
// JavaScript's range was an internal error in who-can and diff.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { demoProject, ROOT } from '../harness/helpers.js';

const { proj } = demoProject('proto');
copyFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), join(proj, 'hub.json'));
const allow = (condition: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', Condition: condition },
    ],
  });
writeFileSync(
  join(proj, 'key-constructor.json'),
  allow({ StringEquals: { constructor: 'b', toString: 'x' } }),
);
writeFileSync(
  join(proj, 'far-date.json'),
  allow({ DateGreaterThan: { 'aws:CurrentTime': '99999999999999999999' } }),
);

const KEYS = ['constructor', '__proto__', 'toString'];
/** Bad input: exit 2 naming what is unknown. */
const refused: [string, string[], string][] = KEYS.flatMap((k): [string, string[], string][] => [
  [
    `who-can --api ${k}`,
    ['who-can', '--endpoint-policy', 'hub.json', '--api', k],
    `unknown API alias "${k}" (known: `,
  ],
  [
    `who-can --endpoint ${k}`,
    ['who-can', '--endpoint-policy', 'hub.json', '--endpoint', k],
    `unknown endpoint alias "${k}" (known: `,
  ],
  [
    `check --resource-policy ${k}=FILE`,
    [
      'check',
      'endpoint.feature',
      '--endpoint-policy',
      'hub.json',
      '--resource-policy',
      `${k}=hub.json`,
      '--reports',
      'r',
    ],
    `unknown API alias "${k}"`,
  ],
  [
    `call --endpoint ${k}`,
    ['call', '--as', 'CheckoutRole', '--api', 'orders', '--endpoint', k, 'GET', '/'],
    `"${k}"`,
  ],
  [`call --api ${k}`, ['call', '--as', 'CheckoutRole', '--api', k, 'GET', '/'], `"${k}"`],
]);
/** Good input: an answer (0 or 1; who-can 3 when a layer is unknown), never an internal error. */
const answered: [string, string[]][] = [
  ['who-can, a condition key named constructor', ['who-can', '--endpoint-policy', 'key-constructor.json']],
  [
    'diff, a condition key named constructor',
    ['diff', '--before', 'hub.json', '--after', 'key-constructor.json'],
  ],
  ['who-can, a date beyond JavaScript dates', ['who-can', '--endpoint-policy', 'far-date.json']],
  ['diff, a date beyond JavaScript dates', ['diff', '--before', 'hub.json', '--after', 'far-date.json']],
];

describe('prototype names and out-of-range values', () => {
  it.each(refused)('%s: exit 2 naming it', async (_n, args, says) => {
    const r = await runCli(args, { cwd: proj, env: {} });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(says);
  });
  it.each(answered)('%s: answered, no internal error', async (_n, args) => {
    const r = await runCli(args, { cwd: proj, env: {} });
    expect(r.text).not.toMatch(/internal error/);
    expect([0, 1, 3], r.text).toContain(r.code);
  });
});
