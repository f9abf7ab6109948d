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
  readonly operators: Operators;
  compile(value: string, variant: string): P;
  /** Compile a value holding policy variables for one request; undefined when a variable fails. */
  compileTemplate?(t: Template, ctx: ContextView, variant: string): P | undefined;
  test(requestValue: Scalar, policyValue: P, variant: string): boolean;
  /**
   * Whether a request value is of this family's type (Numeric, Date, IpAddress): a negated operator
   * over one that is not is Undecided (conditions/index.ts). Absent: every value is compared.
   */
  reads?(requestValue: Scalar): boolean;
  /** The type in words, for that refusal ("a number"). */
  readonly typeName?: string;
  /** Whether this family accepts policy variables in its values (String and Arn do). */
  readonly variables: boolean;
  /** Why a value holding a policy variable is refused, when the generic words do not say it. */
  readonly variablesRefusal?: string;
}

/** Base operator names with whether each is negated and the variant of the family's test it uses. */
export type Operators = Readonly<Record<string, { negated: boolean; variant: string }>>;

/**
 * The operators `${prefix}${form}` for each form, with the variant it uses; with `negatable`, each
 * also as `${prefix}Not${form}`, negated (AWS names them so: StringNotLike, NumericNotEquals,
 * NotIpAddress).
 */
export function operators(prefix: string, forms: Record<string, string>, negatable: boolean): Operators {
  const out: Record<string, { negated: boolean; variant: string }> = {};
  for (const [form, variant] of Object.entries(forms)) {
    out[`${prefix}${form}`] = { negated: false, variant };
    if (negatable) out[`${prefix}Not${form}`] = { negated: true, variant };
  }
  return out;
}
