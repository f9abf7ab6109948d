// Issue 12 (pass 20): who-can's text and Markdown repeated a long condition value in every class
// that names it (86 times in a probe), so one long value a pull request chose made the answer
// unreadable and filled the comment. Each long value now shows once, in a legend ([v1] = "…"),
// and every class names it by its reference; --json keeps every value in full.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoProject } from '../harness/helpers.js';
import { formatWhoCan } from '../../src/analysis/index.js';
import { policyFiles } from '../../src/harness/policy-files.js';
import { whoCanRun } from '../../src/harness/who-can.js';
import * as kit from '../reliability/attack-kit.js';

const { proj } = demoProject('who-can-legend');
const LONG = `team-${'x'.repeat(200)}`;
const SHORT = 'platform';
// Anyone may invoke, but a principal tagged team LONG or team SHORT is denied: each class names both.
const POLICY = kit.anyoneButTeam([LONG, SHORT]);
const count = (text: string, part: string) => text.split(part).length - 1;
const outputs: Record<'text' | 'md' | 'json', string> = { text: '', md: '', json: '' };

beforeAll(async () => {
  writeFileSync(join(proj, 'legend.json'), JSON.stringify(POLICY));
  // One answer (as `who-can --endpoint-policy legend.json --api orders` makes it), in each format.
  const answer = await whoCanRun({
    mode: 'offline',
    cwd: proj,
    env: process.env,
    api: 'orders',
    ...policyFiles({ endpointPolicy: ['legend.json'] }, proj),
    log: () => undefined,
  });
  expect(answer.unknown).toEqual([]);
  for (const format of ['text', 'md', 'json'] as const) outputs[format] = formatWhoCan(answer, format);
});

describe('who-can prints a long value once', () => {
  it('--json names it in every class that tests it (the data keeps it whole)', () => {
    expect(count(outputs.json, LONG)).toBeGreaterThan(2);
  });

  for (const format of ['text', 'md'] as const)
    it(`${format}: the long value once, in a legend; every class by its reference; a short value inline`, () => {
      const out = outputs[format];
      expect(count(out, LONG)).toBe(1);
      const ref = format === 'md' ? '\\[v1\\]' : '[v1]';
      expect(count(out, ref)).toBeGreaterThan(2);
      expect(out).toMatch(new RegExp(`${ref.replace(/[[\]\\]/g, '\\$&')} = "${LONG}"`));
      expect(count(out, `"${SHORT}"`)).toBeGreaterThan(1);
    });
});
