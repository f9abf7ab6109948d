// Issue 12 (pass 19): an unquoted number with a fraction in a template (`3600.0`) was refused
// wherever it stood (§54: which text CloudFormation makes of it is not documented). In a policy's
// Numeric condition that text does not matter: IAM reads the value as an "integer or decimal value",
// and `3600.0` and `3600` are one. There it is read as that number; elsewhere, and wherever the
// texts would be two numbers (an exponent, past 2^53), it is still exit 2 naming the file.
import { describe, expect, it } from 'vitest';
import { demoProject, spokegateHere } from '../harness/helpers.js';
import * as kit from '../reliability/attack-kit.js';
import { template } from '../reliability/endpoint-template.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

const { proj } = demoProject('numeric-conditions');

/** A template whose endpoint allows anyone and denies on `operator` over `key` at `raw` (unquoted). */
function withDeny(name: string, operator: string, key: string, raw: string): string {
  const text = template('*').replace(
    '"Resource":"*"}]',
    `"Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"${operator}":{"${key}":@V}}}]`,
  );
  // JSON is YAML: the same template read by the YAML reader (its numbers as YAML reads them).
  writeFileSync(join(proj, name), text.replace('@V', raw));
  return name;
}
const KEY = 'aws:EpochTime';
/** `evaluate` of a call to the orders API by a role, carrying KEY = `value`, under `file`'s endpoint policy. */
const evaluate = (file: string, value: string) =>
  spokegateHere(
    kit.evaluateOf(
      { policy: file, principal: kit.ROLE, resource: kit.RES, flag: '--endpoint-policy' },
      '--context',
      `${KEY}=${value}`,
    ),
    { cwd: proj },
  );

describe('an unquoted decimal in a Numeric condition of a template is the number it writes', () => {
  // The Deny's value as written; a request value it denies, and one it lets through.
  const rows: [string, string, string, string, string][] = [
    ['3600.0 as 3600', 'NumericGreaterThan', '3600.0', '3601', '3600'],
    ['a list item 3600.00 as 3600', 'NumericEquals', '[1, 3600.00]', '3600', '3599'],
    ['-0 as 0 (ForAnyValue, IfExists)', 'ForAnyValue:NumericLessThanIfExists', '-0', '-1', '0'],
    ['1.50 as 1.5', 'NumericEquals', '1.50', '1.5', '1.51'],
  ];
  for (const [what, operator, raw, denied, allowed] of rows)
    for (const name of [`n-${raw}.json`, `n-${raw}.yaml`])
      it(`${what} (${name.slice(-4)}): the Deny applies to ${denied}, not to ${allowed}`, async () => {
        const file = withDeny(name, operator, KEY, raw);
        const [no, yes] = [await evaluate(file, denied), await evaluate(file, allowed)];
        expect(no.code, no.stderr).toBe(1);
        expect(no.stdout + no.stderr).toMatch(/^DENY/m);
        expect(yes.code, yes.stderr).toBe(0);
        expect(yes.stdout + yes.stderr).toMatch(/^ALLOW/m);
      });
});

describe('where the texts would be two numbers, or the operator compares text: still exit 2', () => {
  const rows: [string, string, string, string][] = [
    ['an exponent (1e3: whether IAM reads one is not documented)', 'NumericGreaterThan', KEY, '1e3'],
    ['past 2^53 (a double holds another integer)', 'NumericLessThan', KEY, '9007199254740993'],
    ['more digits than a double holds', 'NumericLessThan', KEY, '0.10000000000000000555'],
    [
      'a String operator (which text it compares is not documented)',
      'StringEquals',
      'aws:PrincipalTag/x',
      '100.0',
    ],
  ];
  for (const [what, operator, key, raw] of rows)
    it(what, async () => {
      const file = withDeny(`r-${raw}.json`, operator, key, raw);
      const r = await evaluate(file, '1');
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain(raw);
    });
});
