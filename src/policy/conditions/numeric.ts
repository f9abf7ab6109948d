// Numeric operators. A request value that is not a number matches nothing.
import { comparisonFamily } from './comparison.js';
import type { Scalar } from './types.js';

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !NUMBER.test(v)) return undefined;
  return Number(v);
}

export const numericFamily = comparisonFamily('Numeric', toNumber, 'is not a number', 'a number');
