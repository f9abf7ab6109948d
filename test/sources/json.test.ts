import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lineColumn } from '../../src/input/index.js';
import { parseJson } from '../../src/policy/sources/json.js';
import { loadPolicyFile, policyFromJson } from '../../src/policy/sources/index.js';
import { errorOf, fixture, readFixture, tmpFile } from './helpers.js';

describe('plain JSON policies', () => {
  it('is an endpoint policy unless asked for a resource policy', () => {
    const text = readFixture('endpoint-after.json');
    const r = policyFromJson(text, 'p.json');
    expect(r.format).toBe('json');
    expect(r.endpoints).toEqual([{ address: 'p.json', policyText: text }]);
    expect(r.resourcePolicies).toEqual([]);
    const asResource = policyFromJson(text, 'p.json', 'resource');
    expect(asResource.endpoints).toEqual([]);
    expect(asResource.resourcePolicies[0]!.policyText).toBe(text);
  });

  it('loadPolicyFile takes the kind from select', () => {
    const r = loadPolicyFile(fixture('orders-after.json'), { kind: 'resource' });
    expect(r.resourcePolicies).toHaveLength(1);
    expect(r.endpoints).toHaveLength(0);
  });

  it('names the line and column of a JSON syntax error', () => {
    const f = tmpFile(
      'bad.json',
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" }\n  ,]\n}\n',
    );
    const e = errorOf(() => loadPolicyFile(f));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).where).toMatchObject({ file: f, line: 5 });
    expect(e.message).toMatch(/line 5: invalid JSON at column 4/);
  });

  it('reports an unexpected end at the last line', () => {
    const e = errorOf(() => parseJson('{\n "a": [1,\n', 'x.json')) as InputError;
    expect(e.where.line).toBe(2);
    expect(e.message).toContain('x.json');
  });

  it('rejects JSON that is not a policy, naming the file', () => {
    const f = tmpFile('notpolicy.json', '{"hello": "world"}');
    const e = errorOf(() => loadPolicyFile(f));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(f);
    expect(e.message).toMatch(/not an IAM policy/);
  });

  it('reads a policy written as YAML', () => {
    const f = tmpFile(
      'p.yaml',
      'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: "*"\n    Action: execute-api:Invoke\n    Resource: "*"\n',
    );
    const r = loadPolicyFile(f);
    expect(JSON.parse(r.endpoints[0]!.policyText)).toMatchObject({ Statement: [{ Effect: 'Allow' }] });
  });

  it('a missing file is an InputError naming it', () => {
    const e = errorOf(() => loadPolicyFile('/nonexistent/policy.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('/nonexistent/policy.json: policy file not found');
  });

  it('an empty file is an InputError', () => {
    expect(() => loadPolicyFile(tmpFile('empty.json', '  \n'))).toThrow(/the file is empty/);
  });

  it('computes line and column from an offset', () => {
    expect(lineColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
