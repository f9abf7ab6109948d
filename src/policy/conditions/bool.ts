// Bool: "true" / "false" as IAM writes them (or JSON true/false); another case ("True") is refused:
// IAM's validator asks for "a valid Boolean value (true or false)" and how IAM evaluates "True" is
// not written (docs/aws-behaviour.md §17). The request value may be a boolean or its string.
// Policy variables are refused: IAM's "Condition operators" page says Boolean takes them, its
// "Variables and tags" page says it does not, and either reading could give a false PASS
// (docs/aws-behaviour.md §13).
import type { Family } from './types.js';

/** A policy's "true" / "false", as Bool and Null read it (exactly so: "True" is refused). */
export function parseTrueFalse(value: string): boolean {
  if (value !== 'true' && value !== 'false') {
    const cased = value.toLowerCase() === 'true' || value.toLowerCase() === 'false';
    throw new Error(
      `"${value}" is not true or false` +
        (cased
          ? ` (IAM's validator: "Add a valid Boolean value (true or false)"; how IAM evaluates "${value}" is not documented, so spokegate refuses the policy rather than guess)`
          : ''),
    );
  }
  return value === 'true';
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
