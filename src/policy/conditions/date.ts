// Date operators: values are ISO 8601 (date, date-time, with Z or an offset, fractional seconds)
// or UNIX epoch seconds. Compared as instants. A request value that is not a date matches nothing.
import { comparisonFamily } from './comparison.js';
import type { Scalar } from './types.js';

const EPOCH = /^\s*-?\d+(\.\d+)?\s*$/;
// ISO 8601 forms AWS accepts: 2020-01-01, 2020-01-01T12:00Z, 2020-01-01T12:00:00.123+02:00 ...
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function toInstant(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  if (EPOCH.test(v)) return Number(v) * 1000;
  const s = v.trim();
  if (!ISO.test(s)) return undefined;
  // A date-time without a zone is UTC in AWS; JavaScript would read it as local time.
  const zoned = s.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? `${s}Z` : s;
  const ms = Date.parse(zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

export const dateFamily = comparisonFamily(
  'Date',
  toInstant,
  'is not an ISO 8601 date or epoch seconds',
  'a date',
);
