// One way to find a line and column in JSON and YAML (src/input).
import { describe, expect, it } from 'vitest';
import {
  jsonSyntaxError,
  jsonSyntaxMessage,
  jsonSyntaxWithin,
  lineColumn,
  locate,
} from '../../src/input/index.js';
import { compilePolicy } from '../../src/policy/parse.js';
import { parseJson } from '../../src/policy/sources/json.js';

describe('locate', () => {
  const json =
    '{\n  "Statement": [\n    {"Effect": "Allow"},\n    {"Sid": "B",\n     "Effect": "Deny"}\n  ]\n}\n';
  it('finds keys and array items in JSON', () => {
    const l = locate(json);
    expect(l.position(['Statement'])).toEqual({ line: 2, column: 3 });
    expect(l.position(['Statement', 1])).toEqual({ line: 4, column: 5 });
    expect(l.position(['Statement', 1, 'Effect'])).toEqual({ line: 5, column: 6 });
    expect(l.position(['Statement', 7])).toBeUndefined();
    expect(l.position(['Nope'])).toBeUndefined();
  });
  it('finds keys in YAML', () => {
    const l = locate('roles:\n  A:\n    arn: x\n  B:\n    arn: y\n');
    expect(l.position(['roles', 'B', 'arn'])).toEqual({ line: 5, column: 5 });
  });
  it('reports every duplicate key with both positions', () => {
    const l = locate(
      '{"Statement": [{"Effect": "Allow",\n "Effect": "Deny", "Action": "*"}], "Version": "x"}',
    );
    expect(l.duplicateKeys()).toEqual([
      { path: ['Statement', 0], key: 'Effect', at: { line: 2, column: 2 }, first: { line: 1, column: 17 } },
    ]);
    expect(locate('a: 1\nb:\n  c: 1\n  c: 2\n').duplicateKeys()[0]).toMatchObject({
      path: ['b'],
      key: 'c',
      at: { line: 4, column: 3 },
    });
  });
  it('text that does not parse yields nothing', () => {
    expect(locate('{"a": ').duplicateKeys()).toEqual([]);
    expect(locate('{"a": ').position(['a'])).toBeUndefined();
  });
  it('lineColumn', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});

describe('JSON syntax errors: one finder, one wording', () => {
  const refused = (text: string) => {
    try {
      JSON.parse(text);
    } catch (e) {
      return jsonSyntaxError(text, e);
    }
    throw new Error('parsed');
  };
  it('names the line, the column and what was expected', () => {
    expect(refused('{\n  "a": 1,\n}')).toEqual({
      line: 3,
      column: 1,
      reason: 'a property name in double quotes expected',
    });
    expect(refused('{"a" 1}')).toEqual({ line: 1, column: 6, reason: '":" expected' });
    expect(refused('// no\n{}')).toMatchObject({ line: 1, column: 1, reason: 'a comment (JSON has none)' });
    expect(refused('{"a": NaN}')).toMatchObject({ column: 7, reason: 'not a JSON value' });
    expect(refused('{"a": [1,\n\n')).toEqual({ line: 1, column: 10, reason: 'unexpected end of input' });
  });
  it('a file, a policy text and a string inside another document say it the same way', () => {
    const text = '{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}';
    const err = refused(text);
    expect(jsonSyntaxMessage(err)).toBe(
      'invalid JSON at column 24: a property name in double quotes expected',
    );
    expect(jsonSyntaxWithin(err)).toBe('line 3, column 24: a property name in double quotes expected');
    expect(() => parseJson(text, 'p.json')).toThrow('p.json: line 3: invalid JSON at column 24: ');
    expect(() => compilePolicy(text, { name: 'p', file: 'p.json' })).toThrow(
      /line 3: invalid JSON at column 24: /,
    );
  });
});
