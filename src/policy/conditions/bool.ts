// Bool: "true" / "false" (case-insensitive); the request value may be a boolean or its string.
// Policy variables are refused: IAM's "Condition operators" page says Boolean takes them, its
// "Variables and tags" page says it does not, and either reading could give a false PASS
// (docs/aws-behaviour.md §13).
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
  variables: false,
  variablesRefusal:
    'AWS\'s pages disagree on policy variables in Bool ("You can use a policy variable with the Boolean condition operator", IAM Condition operators; "You can\'t use a policy variable with … Boolean", IAM Variables and tags), so spokegate refuses the policy rather than guess; compare with StringEquals instead',
  compile: parseTrueFalse,
  test(rv, p) {
    if (typeof rv === 'boolean') return rv === p;
    if (typeof rv !== 'string') return false;
    const v = rv.toLowerCase();
    return p ? v === 'true' : v === 'false';
  },
};
