// Issue 12 (pass 20): `Fn::Equals [1.5, "1.5"]` was exit 2 ("which text … is not documented"), yet
// CloudFormation compares its two values as text (§54) and every text of 1.5 is "1.5": as written,
// as JavaScript, Java (Double.toString) or Python print it. A plain decimal whose written text is what
// they all print is that text; one they print apart (1.50, 1.0, 1e2, 12345678.5, 0.0001) stays exit 2
// naming the field.
import { describe, expect, it } from 'vitest';
import { demoProject } from '../harness/helpers.js';
import { template } from '../reliability/endpoint-template.js';
import { evaluateTemplate } from './helpers.js';

const { proj } = demoProject('equals-decimals');
const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
const OTHER = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/other';

/**
 * `evaluate` of GET /orders under an endpoint allowing it only when `Fn::Equals [a, b]` holds;
 * `a` and `b` are raw JSON (so `1.50` stays as written).
 */
async function equalsOf(name: string, a: string, b: string) {
  const file = `${name}.json`;
  const resource = { 'Fn::If': ['C', ORDERS, OTHER] };
  const text = template(resource, { Conditions: { C: { 'Fn::Equals': ['@A@', '@B@'] } } });
  return {
    file,
    r: await evaluateTemplate(proj, file, text.replace('"@A@"', a).replace('"@B@"', b), ORDERS),
  };
}

describe('Fn::Equals over an unquoted decimal', () => {
  const decided: [string, string, string, boolean][] = [
    ['1.5 and "1.5"', '1.5', '"1.5"', true],
    ['"1.5" and 1.5', '"1.5"', '1.5', true],
    ['-2.25 and "-2.25"', '-2.25', '"-2.25"', true],
    ['0.001 and "0.001"', '0.001', '"0.001"', true],
    ['1.5 and "1.50" (no text of 1.5 is 1.50)', '1.5', '"1.50"', false],
    ['1.5 and 2.5', '1.5', '2.5', false],
  ];
  decided.forEach(([what, a, b, equal], n) =>
    it(`${what}: ${equal ? 'equal' : 'not equal'}, as every text of the number says`, async () => {
      const { r } = await equalsOf(`decided-${n}`, a, b);
      expect(r.code, r.stderr).toBe(equal ? 0 : 1);
      expect(r.stdout + r.stderr).toMatch(equal ? /^ALLOW/m : /^DENY/m);
    }),
  );

  const apart: [string, string][] = [
    ['a trailing zero (1.50: "1.50" as written, "1.5" printed)', '1.50'],
    ['an integer written with a fraction (1.0)', '1.0'],
    ['an exponent (1e2)', '1e2'],
    ['past Java plain notation (12345678.5: "1.23456785E7")', '12345678.5'],
    ['below Java plain notation (0.0001: "1.0E-4")', '0.0001'],
    ['more digits than a double holds (0.10000000000000000555)', '0.10000000000000000555'],
  ];
  apart.forEach(([what, raw], n) =>
    it(`${what}: exit 2 naming the file and the field`, async () => {
      const { file, r } = await equalsOf(`apart-${n}`, raw, `"${raw}"`);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('Conditions.C.Fn::Equals[0]');
      expect(r.stderr).toContain(`unquoted number ${raw}`);
    }),
  );
});

// Pass 21 (note16 "Issue 12 ... Left"): the same decimal through a Number parameter's Default, or
// through Fn::If, was exit 2. A parameter's value "becomes a string" wherever Ref puts it (template
// Parameters reference, Number), so a Default every reader prints alike is that text; one read apart
// stays exit 2 naming Parameters.P.Default. Fn::If is no function of the Conditions section
// (CloudFormation takes it in Metadata, UpdatePolicy and property values of Resources and Outputs;
// cfn-lint E8003 names what Fn::Equals takes): there it is exit 2 naming it, whatever its branches
// hold; in a policy, a decimal through Fn::If lands where the Fn::If is (§54, §70).
describe('a decimal through a parameter Default or Fn::If', () => {
  const run = async (name: string, extra: Record<string, unknown>, raw: string, resource?: unknown) => {
    const file = `${name}.json`;
    const text = template(resource ?? { 'Fn::If': ['C', ORDERS, OTHER] }, extra).replace('"@N@"', raw);
    return { file, r: await evaluateTemplate(proj, file, text, ORDERS) };
  };
  const byDefault = (type: string, against: string) => ({
    Parameters: { P: { Type: type, Default: '@N@' } },
    Conditions: { C: { 'Fn::Equals': [{ Ref: 'P' }, against] } },
  });
  const decided: [string, Record<string, unknown>, string, boolean][] = [
    ['a Number parameter whose Default is 1.5, Ref against "1.5"', byDefault('Number', '1.5'), '1.5', true],
    [
      'a String parameter whose Default is 1.5 unquoted, Ref against "1.5"',
      byDefault('String', '1.5'),
      '1.5',
      true,
    ],
    [
      'a Number parameter whose Default is 2.25, Ref against "1.5"',
      byDefault('Number', '1.5'),
      '2.25',
      false,
    ],
  ];
  decided.forEach(([what, extra, raw, equal], n) =>
    it(`${what}: ${equal ? 'equal' : 'not equal'}`, async () => {
      const { r } = await run(`default-${n}`, extra, raw);
      expect(r.code, r.stderr).toBe(equal ? 0 : 1);
    }),
  );

  it('a Number parameter whose Default is 1.50: exit 2 naming Parameters.P.Default', async () => {
    const { file, r } = await run('default-apart', byDefault('Number', '1.5'), '1.50');
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('Parameters.P.Default: the unquoted number 1.50');
  });

  it('Fn::If inside a condition: exit 2 naming it, whatever its branches hold', async () => {
    for (const [n, raw] of ['1.5', '"x"'].entries()) {
      const extra = {
        Conditions: {
          D: { 'Fn::Equals': ['a', 'a'] },
          C: { 'Fn::Equals': [{ 'Fn::If': ['D', '@N@', 'y'] }, raw === '1.5' ? '1.5' : 'x'] },
        },
      };
      const { file, r } = await run(`if-in-condition-${n}`, extra, raw);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain(
        'Conditions.C.Fn::Equals[0].Fn::If: Fn::If is no function of the Conditions section',
      );
    }
  });

  it('in a policy, a decimal through Fn::If lands where the Fn::If is: NumericLessThan 1.5 decides', async () => {
    // The endpoint allows anyone when aws:EpochTime is greater than 1.5, the value through Fn::If.
    const doc = JSON.parse(template('*', { Conditions: { C: { 'Fn::Equals': ['a', 'a'] } } })) as {
      Resources: { Hub: { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } } };
    };
    doc.Resources.Hub.Properties.PolicyDocument.Statement[0]!.Condition = {
      NumericGreaterThan: { 'aws:EpochTime': { 'Fn::If': ['C', '@N@', 2] } },
    };
    const r = await evaluateTemplate(
      proj,
      'if-numeric.json',
      JSON.stringify(doc).replace('"@N@"', '1.5'),
      ORDERS,
    );
    expect(r.code, r.stderr).toBe(0);
  });
});
