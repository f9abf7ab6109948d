// `evaluate --context KEY=VALUE`: values are text, as AWS's request context holds them. A number
// parsed to JavaScript lost digits or spelling and turned a StringEquals/StringNotEquals around.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRequest, run } from '../../src/cli/commands/evaluate.js';
import { evaluatePolicy } from '../../src/policy/index.js';
import { conditionPolicy } from '../policy/helpers.js';
import { runCli } from '../cli-in-process.js';

const base = {
  principal: 'arn:aws:iam::111111111111:role/CheckoutRole',
  action: 'execute-api:Invoke',
  resource: 'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/pets',
};
const value = (v: string) =>
  buildRequest({ ...base, context: [`aws:PrincipalTag/x=${v}`] }).context['aws:PrincipalTag/x'];

function allows(operator: string, policyValue: string, contextValue: string): boolean {
  const p = conditionPolicy({ [operator]: { 'aws:PrincipalTag/x': policyValue } });
  return (
    evaluatePolicy(p, buildRequest({ ...base, context: [`aws:PrincipalTag/x=${contextValue}`] })).kind ===
    'Allowed'
  );
}

describe('--context values', () => {
  it.each(['1e5', '1.50', '123456789012345678901', '0123', 'true'])('%s stays as written', (v) => {
    expect(value(v)).toBe(v);
  });
  it('StringEquals compares the text given', () => {
    expect(allows('StringEquals', '1e5', '1e5')).toBe(true);
    expect(allows('StringEquals', '1.50', '1.50')).toBe(true);
    expect(allows('StringNotEquals', '123456789012345678901', '123456789012345678901')).toBe(false);
  });
  it('numeric, date and Bool operators still read the text', () => {
    expect(allows('NumericEquals', '100000', '1e5')).toBe(true);
    expect(allows('NumericLessThan', '2', '1.50')).toBe(true);
    expect(allows('DateGreaterThan', '2020-01-01T00:00:00Z', '1700000000')).toBe(true);
    expect(allows('Bool', 'true', 'true')).toBe(true);
  });
  it('a JSON array is a multi-valued key, its numbers as written', () => {
    expect(value('[1.50, "a,b", true]')).toEqual(['1.50', 'a,b', 'true']);
    expect(() => value('[1, {"a": 2}]')).toThrow(/list values/);
    expect(() => value('[1,')).toThrow(/not a JSON array/);
  });
});

describe('evaluate: a cross-account allow with no identity policy given says what it rests on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-eval-notes-'));
  const resource = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: base.principal },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
      },
    ],
  };
  writeFileSync(join(dir, 'resource.json'), JSON.stringify(resource));
  writeFileSync(
    join(dir, 'identity.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
    }),
  );
  async function notes(extra: Record<string, unknown>, resourceArn = base.resource): Promise<string[]> {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined, env: {}, cwd: dir };
    await run(
      { ...base, resource: resourceArn, resourcePolicy: 'resource.json', json: true, ...extra },
      [],
      io,
    );
    return (JSON.parse(out) as { notes: string[] }).notes;
  }
  it('cross account, no --identity-policy: a note', async () => {
    expect((await notes({})).join()).toMatch(/cross account.*identity policy of the caller/);
  });
  it('no note with an identity policy, in the same account, or for a NONE method', async () => {
    expect(await notes({ identityPolicy: ['identity.json'] })).toEqual([]);
    expect(await notes({}, 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/pets')).toEqual(
      [],
    );
    expect(await notes({ authType: 'NONE' })).toEqual([]);
  });
});

// note9 §12: --context took a list of 10,000 values, and any number of --context options; no
// request AWS sees carries that many (at most 50 tags, aws:TagKeys; one path per principal).
describe('--context limits', () => {
  const paths = (n: number) =>
    JSON.stringify(
      Array.from({ length: n }, (_, i) => `o-a1b2c3d4e5/r-ab12/ou-ab12-${String(i).padStart(8, '0')}/`),
    );
  it('a list of 100 values is taken, 101 or 10,000 is exit 2 naming the limit and the size', () => {
    expect(
      buildRequest({ ...base, context: [`aws:PrincipalOrgPaths=${paths(100)}`] }).context[
        'aws:PrincipalOrgPaths'
      ],
    ).toHaveLength(100);
    expect(() => buildRequest({ ...base, context: [`aws:PrincipalOrgPaths=${paths(101)}`] })).toThrow(
      /--context: aws:PrincipalOrgPaths holds 101 values; the limit is 100/,
    );
    expect(() => buildRequest({ ...base, context: [`aws:PrincipalOrgPaths=${paths(10_000)}`] })).toThrow(
      /--context: aws:PrincipalOrgPaths holds 10,000 values; the limit is 100/,
    );
  });
  it('100 --context options are taken, 101 is exit 2', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `x:k${i}=v`);
    expect(Object.keys(buildRequest({ ...base, context: many(100) }).context)).toContain('x:k99');
    expect(() => buildRequest({ ...base, context: many(101) })).toThrow(
      /--context: given 101 times; the limit is 100/,
    );
  });
  it('a value (or a list element) over 2,048 characters is exit 2 naming the size', () => {
    expect(buildRequest({ ...base, context: [`x:k=${'v'.repeat(2_048)}`] }).context['x:k']).toHaveLength(
      2_048,
    );
    expect(() => buildRequest({ ...base, context: [`x:k=${'v'.repeat(2_049)}`] })).toThrow(
      /--context: the value of x:k is 2,049 characters; the limit is 2,048/,
    );
    expect(() => buildRequest({ ...base, context: [`x:k=["a", "${'v'.repeat(3_000)}"]`] })).toThrow(
      /--context: the value of x:k is 3,000 characters; the limit is 2,048/,
    );
  });
});

describe('evaluate: a request AWS leaves open is refused with exit 2, naming the file and statement', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-eval-undecided-'));
  writeFileSync(
    join(dir, 'resource.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
        {
          Sid: 'Level',
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { NumericNotEquals: { 'aws:PrincipalTag/level': '3' } },
        },
      ],
    }),
  );
  const evaluate = (tag: string) =>
    runCli(
      [
        'evaluate',
        '--principal',
        base.principal,
        '--action',
        base.action,
        '--resource',
        base.resource,
        '--resource-policy',
        'resource.json',
        '--context',
        `aws:PrincipalTag/level=${tag}`,
      ],
      { cwd: dir },
    );
  it('a tag that is no number under NumericNotEquals: exit 2, no stack trace', async () => {
    const r = await evaluate('high');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /resource\.json: Statement\[1\] \(Sid "Level"\) Condition: NumericNotEquals "aws:PrincipalTag\/level": .* is not a number.*rule SG000/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it('a number is decided as before', async () => {
    expect((await evaluate('5')).code).not.toBe(2);
  });
});
