// Issue 12 (pass 19): Fn::Select read its index with JavaScript's Number, so `" 2"`, `"0x1"`, `"01"`,
// `"2.0"`, `""` and `true` chose items (2, 1, 1, 2, 0, 1) that no page says CloudFormation would:
// an index is a number or its digits as text ("1", the Fn::Select page's own example); anything
// else is exit 2 naming the file and the index.
import { describe, expect, it } from 'vitest';
import { demoProject } from '../harness/helpers.js';
import { template } from '../reliability/endpoint-template.js';
import { evaluateTemplate } from './helpers.js';

const { proj } = demoProject('select-index');
const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
const OTHER = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/other';

/** `evaluate` of GET /orders under an endpoint allowing the Fn::Select of `index` (the orders ARN is item 2). */
async function selectWith(name: string, index: unknown) {
  const file = `${name}.json`;
  const resource = { 'Fn::Select': [index, [OTHER, OTHER, ORDERS]] };
  return { file, r: await evaluateTemplate(proj, file, template(resource), ORDERS) };
}

describe('an Fn::Select index', () => {
  for (const [what, index] of [
    ['a number', 2],
    ['its digits as text', '2'],
  ] as const)
    it(`${what} (${JSON.stringify(index)}) chooses that item`, async () => {
      const { r } = await selectWith(`ok-${typeof index}`, index);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/^ALLOW/m);
    });

  const loose: [string, unknown][] = [
    ['a space before the digits', ' 2'],
    ['hexadecimal', '0x2'],
    ['a leading zero', '02'],
    ['a fraction', '2.0'],
    ['a sign', '+2'],
    ['empty text (Number reads 0)', ''],
    ['a boolean', true],
  ];
  loose.forEach(([what, index], n) =>
    it(`${what} (${JSON.stringify(index)}): exit 2 naming the file and the index`, async () => {
      const { file, r } = await selectWith(`loose-${n}`, index);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain(`Fn::Select index ${JSON.stringify(index)} is not an integer`);
    }),
  );
});
