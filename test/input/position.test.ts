// One way to find a line and column in JSON and YAML (src/input).
import { describe, expect, it } from 'vitest';
import { lineColumn, locate } from '../../src/input/index.js';

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
