import type { ContextView } from '../context.js';
import type { Template } from '../variables.js';

/** One value of a request key (a multi-valued key is a list of these). */
export type Scalar = string | number | boolean;

/**
 * One operator family (String*, Numeric*, ...). `compile` runs once per policy value when the
 * policy is parsed and throws an Error whose message says what is wrong with the value; `test`
 * runs per request value and must not allocate on the common path.
 */
export interface Family<P> {
  readonly name: string;
  /** Base operator names (without IfExists and set qualifiers) this family owns. */
  readonly operators: Readonly<Record<string, { negated: boolean; variant: string }>>;
  compile(value: string, variant: string): P;
  /** Compile a value holding policy variables for one request; undefined when a variable fails. */
  compileTemplate?(t: Template, ctx: ContextView, variant: string): P | undefined;
  test(requestValue: Scalar, policyValue: P, variant: string): boolean;
  /** Whether this family accepts policy variables in its values (String, Bool and Arn do). */
  readonly variables: boolean;
}
