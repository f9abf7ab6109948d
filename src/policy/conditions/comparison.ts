// Numeric and Date operators: the same six comparisons over a value reader (a number, an instant).
// A policy value the reader refuses is an error; a request value it refuses matches nothing.
import { operators, type Family, type Scalar } from './types.js';

export function comparisonFamily<P = number>(
  name: string,
  read: (v: Scalar) => P | undefined,
  /** What a refused policy value is not, after its quoted text. */
  notA: string,
  /** The type in words ("a number"). */
  typeName: string,
  /** The sign of a - b (a request value, b the policy's; may throw Undecided). */
  order: (a: P, b: P, variant: string) => number = (a, b) => (a as number) - (b as number),
): Family<P> {
  // One request's value is tested against every statement's in turn (60 DateGreaterThan
  // statements: the same aws:CurrentTime parsed 60 times per request, issue 12): the last value
  // read is kept.
  let last: { v: Scalar; n: P | undefined } | undefined;
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
      return n !== undefined && holds(order(n, p, variant), variant);
    },
  };
}

/** Whether a comparison whose a - b has sign `d` holds for the variant (NaN: none holds). */
export function holds(d: number, variant: string): boolean {
  switch (variant) {
    case 'eq':
      return d === 0;
    case 'lt':
      return d < 0;
    case 'le':
      return d <= 0;
    case 'gt':
      return d > 0;
    default:
      return d >= 0;
  }
}
