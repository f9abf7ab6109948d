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
  // One request's value is tested against every statement's in turn (60 DateGreaterThan
  // statements: the same aws:CurrentTime parsed 60 times per request, issue 12): the last value
  // read is kept.
  let last: { v: Scalar; n: number | undefined } | undefined;
  const readRequest = (v: Scalar) => {
    if (last === undefined || last.v !== v) last = { v, n: read(v) };
    return last.n;
  };
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
      const n = readRequest(rv);
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
