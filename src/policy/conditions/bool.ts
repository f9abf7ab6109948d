// Bool: "true" / "false" (case-insensitive); the request value may be a boolean or its string.
// Policy variables are supported (IAM "Condition operators", Boolean: "Policy variables – Supported").
import type { Family } from './types.js';

/** A policy's "true" / "false" (any case), as Bool and Null read it. */
export function parseTrueFalse(value: string): boolean {
  const v = value.toLowerCase();
  if (v !== 'true' && v !== 'false') throw new Error(`"${value}" is not true or false`);
  return v === 'true';
}

export const boolFamily: Family<boolean> = {
  name: 'Bool',
  operators: { Bool: { negated: false, variant: 'eq' } },
  variables: true,
  compile: parseTrueFalse,
  test(rv, p) {
    if (typeof rv === 'boolean') return rv === p;
    if (typeof rv !== 'string') return false;
    const v = rv.toLowerCase();
    return p ? v === 'true' : v === 'false';
  },
};
