// Numeric and Date operators: the same six comparisons over a value reader (a number, an instant).
// A policy value the reader refuses is an error; a request value it refuses matches nothing.
import { operators, type Family, type Scalar } from './types.js';

export function comparisonFamily(
  name: string,
  read: (v: Scalar) => number | undefined,
  /** What a refused policy value is not, after its quoted text. */
  notA: string,
  /** The type in words ("a number"). */
  typeName: string,
): Family<number> {
  return {
    name,
    typeName,
    reads: (v) => read(v) !== undefined,
    operators: {
      ...operators(name, { Equals: 'eq' }, true),
      ...operators(
        name,
        { LessThan: 'lt', LessThanEquals: 'le', GreaterThan: 'gt', GreaterThanEquals: 'ge' },
        false,
      ),
    },
    variables: false,
    compile(value) {
      const n = read(value);
      if (n === undefined) throw new Error(`"${value}" ${notA}`);
      return n;
    },
    test(rv, p, variant) {
      const n = read(rv);
      return n !== undefined && compare(n, p, variant);
    },
  };
}

function compare(a: number, b: number, variant: string): boolean {
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
