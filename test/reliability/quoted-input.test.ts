// Issue 12 (pass 18, lane C): an error quotes a name a template chose through one function
// (escape's excerpt), at most 80 characters: a Fn::ImportValue name of 5,000 characters was quoted
// about 2,000 characters long (attack run 16 C09), and so were a Ref, a Fn::GetAtt, a mapping, an
// Fn::Sub variable and a condition of that length, and a Terraform resource address of 1,000.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { attackProject, whoCanOf } from './attack-kit.js';
import { template } from './endpoint-template.js';

const project = attackProject('quoted-input', 'QI');
const LONG = 'n'.repeat(5000);
const RES = 'arn:aws:execute-api:us-west-2:*:*/prod/GET/';

/** [what, the Resource of the endpoint policy, more of the template, the words of the refusal]. */
const ROWS: [string, unknown, Record<string, unknown>, RegExp][] = [
  ['Fn::ImportValue', { 'Fn::ImportValue': LONG }, {}, /cannot resolve Fn::ImportValue n+… offline/],
  ['Ref to no parameter or resource', { Ref: LONG }, {}, /Ref n+…: no such parameter or resource/],
  ['Fn::GetAtt of no resource', { 'Fn::GetAtt': [LONG, 'Arn'] }, {}, /cannot resolve Fn::GetAtt n+…/],
  ['Fn::Sub variable', { 'Fn::Sub': `${RES}\${${LONG}}` }, {}, /Ref n+…: no such parameter or resource/],
  [
    'Fn::FindInMap of a missing key',
    { 'Fn::FindInMap': ['M', 'a', LONG] },
    { Mappings: { M: { a: { b: 'x' } } } },
    /Fn::FindInMap: no Mappings\.M\.a\.n+…/,
  ],
  ['Fn::If of no condition', { 'Fn::If': [LONG, '*', '*'] }, {}, /no condition named n+…/],
];

describe('a name a template chose is quoted short in an error', () => {
  for (const [what, resource, extra, words] of ROWS) {
    it(what, async () => {
      const file = project.write(`q-${ROWS.findIndex((r) => r[0] === what)}.json`, template(resource, extra));
      const r = await runCli(whoCanOf(file), { cwd: project.proj, env: project.env });
      expect(r.code, r.err).toBe(2);
      const line = r.err.split('\n').find((l) => l.includes(file))!;
      expect(line, r.err.slice(0, 600)).toMatch(words);
      expect(line.length, line).toBeLessThan(400);
    });
  }
});

describe('a Terraform resource address is quoted short in an error', () => {
  it('a second endpoint policy resource of a 1,000-character address', async () => {
    type Plan = { resource_changes: { address: string; name: string; type: string }[] };
    const plan = JSON.parse(readFileSync(project.at('plan.json'), 'utf8')) as Plan;
    const first = plan.resource_changes.find((r) => r.type === 'aws_vpc_endpoint_policy')!;
    const name = 'n'.repeat(1000 - first.type.length);
    plan.resource_changes.push({ ...structuredClone(first), address: `${first.type}.${name}`, name });
    const file = project.json('two-policies.json', plan);
    const r = await runCli(['diff', '--plan', file], { cwd: project.proj, env: project.env });
    expect(r.code, r.err).toBe(2);
    const line = r.err.split('\n').find((l) => l.includes(file))!;
    expect(line, r.err.slice(0, 600)).toMatch(
      /aws_vpc_endpoint_policy\.n+… and aws_vpc_endpoint_policy\.hub both set/,
    );
    expect(line.length, line).toBeLessThan(400);
  });
});
