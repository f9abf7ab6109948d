// formatCount groups whole numbers by hand (no ICU set-up at load): it must read exactly as
// toLocaleString('en-US') does, which every limit message used before.
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/input/index.js';

const VALUES = [
  0,
  7,
  999,
  1_000,
  12_345,
  100_000,
  1_234_567,
  20_000_000,
  -1,
  -1_234,
  -999_999,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
];
const NOT_WHOLE = [1.5, 1234.5678, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY];

describe('formatCount', () => {
  it.each(VALUES)('%d as toLocaleString en-US', (n) => {
    expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
  it.each(NOT_WHOLE)('%d (not a safe integer) as toLocaleString en-US', (n) => {
    expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
  it('groups by thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-1_234)).toBe('-1,234');
  });
});
