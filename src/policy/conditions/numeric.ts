// Numeric operators. A request value that is not a number matches nothing.
import type { Family, Scalar } from './types.js';

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !NUMBER.test(v)) return undefined;
  return Number(v);
}

export const numericFamily: Family<number> = {
  name: 'Numeric',
  operators: {
    NumericEquals: { negated: false, variant: 'eq' },
    NumericNotEquals: { negated: true, variant: 'eq' },
    NumericLessThan: { negated: false, variant: 'lt' },
    NumericLessThanEquals: { negated: false, variant: 'le' },
    NumericGreaterThan: { negated: false, variant: 'gt' },
    NumericGreaterThanEquals: { negated: false, variant: 'ge' },
  },
  variables: false,
  compile(value) {
    const n = toNumber(value);
    if (n === undefined) throw new Error(`"${value}" is not a number`);
    return n;
  },
  test(rv, p, variant) {
    const n = toNumber(rv);
    if (n === undefined) return false;
    return compare(n, p, variant);
  },
};

export function compare(a: number, b: number, variant: string): boolean {
  switch (variant) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    default:
      return a >= b;
  }
}
