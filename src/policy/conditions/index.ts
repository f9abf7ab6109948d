// The Condition element: operator names, the IfExists suffix, the ForAnyValue:/ForAllValues: set
// qualifiers, and the evaluation rules shared by every family:
//   - operators, and keys within one operator, are ANDed; the values of one key are ORed;
//   - key names are case-insensitive; operator names are not (IAM refuses `stringEquals`);
//   - a missing key: positive operators false, negated operators true, ...IfExists true,
//     ForAnyValue false, ForAllValues true (also for an empty list or an empty string, a null data set);
//   - a multi-valued key without a qualifier: positive = some request value matches some policy
//     value; negated = no request value matches any policy value. AWS says such keys "require" a set
//     operator and does not say what a plain one does: where "some value" and "every value" disagree
//     the request is Undecided (docs/aws-behaviour.md §31);
//   - a negated Numeric/Date/IpAddress/Arn operator over a present value of another type (an ARN:
//     six colon-separated components) is Undecided
//     ("not equal" holds, or the comparison fails: not written); a positive one is false either way;
//   - a policy value whose variable has no value matches nothing (so a negated operator over it is true).
import type { ContextView } from '../context.js';
import type { ContextValue } from '../types.js';
import { Undecided, UNDECIDED } from '../undecided.js';
import { parseTemplate, resolvePlain, UNWRITTEN, variableSyntaxError, type Template } from '../variables.js';
import { arnFamily } from './arn.js';
import { binaryFamily } from './binary.js';
import { boolFamily, parseTrueFalse } from './bool.js';
import { dateFamily } from './date.js';
import { ipFamily } from './ip.js';
import { testNull } from './null.js';
import { numericFamily } from './numeric.js';
import { stringFamily } from './string.js';
import type { Family, Scalar } from './types.js';

export type { Family, Scalar } from './types.js';

const FAMILIES: Family<unknown>[] = [
  stringFamily,
  numericFamily,
  dateFamily,
  boolFamily,
  binaryFamily,
  ipFamily,
  arnFamily,
] as Family<unknown>[];

interface BaseOp {
  name: string;
  family: Family<unknown>;
  negated: boolean;
  variant: string;
}
// Keyed by the name as AWS spells it: IAM refuses an operator in another case ("MalformedPolicyDocument:
// Invalid Condition type : stringEquals", docs/aws-behaviour.md §17), so the engine does too.
const BASE = new Map<string, BaseOp>();
for (const f of FAMILIES) {
  for (const [name, o] of Object.entries(f.operators)) BASE.set(name, { name, family: f, ...o });
}

export interface OperatorSpec {
  /** As written in the policy. */
  written: string;
  /** Canonical name, e.g. "ForAnyValue:StringLikeIfExists". */
  name: string;
  base: string;
  family: string;
  negated: boolean;
  ifExists: boolean;
  qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
}

/** Every base operator name (for lint suggestions and docs). */
export const OPERATOR_NAMES: readonly string[] = [...[...BASE.values()].map((b) => b.name), 'Null'];

/** Parse an operator name, written exactly as AWS spells it; undefined when AWS does not know it. */
export function parseOperator(written: string): (OperatorSpec & { op?: BaseOp }) | undefined {
  let rest = written;
  let qualifier: OperatorSpec['qualifier'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const q = rest.slice(0, colon);
    if (q === 'ForAnyValue' || q === 'ForAllValues') qualifier = q;
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (rest === 'Null') {
    // ForAllValues:/ForAnyValue:Null are stored (Access Analyzer's "Null with qualifier" suggestion:
    // they "always return a true or false respectively"); NullIfExists is no operator.
    if (ifExists) return undefined;
    return { written, name: written, base: 'Null', family: 'Null', negated: false, ifExists, qualifier };
  }
  const op = BASE.get(rest);
  if (!op) return undefined;
  return {
    written,
    name: written,
    base: op.name,
    family: op.family.name,
    negated: op.negated,
    ifExists,
    qualifier,
    op,
  };
}

/** The operator AWS spells like `written` but for letter case, if any (for the refusal's hint). */
function sameButCase(written: string): string | undefined {
  const lower = written.toLowerCase();
  const names = [...OPERATOR_NAMES, ...OPERATOR_NAMES.map((n) => `${n}IfExists`)];
  const all = [...names, ...names.flatMap((n) => [`ForAnyValue:${n}`, `ForAllValues:${n}`])];
  return all.find((n) => n.toLowerCase() === lower && parseOperator(n));
}

type PolicyValue = { fixed: unknown } | { template: Template };

/** One (operator, key) pair of a Condition block with its compiled values. */
export interface CompiledClause {
  readonly operator: OperatorSpec;
  /** Key as written. */
  readonly key: string;
  readonly lowerKey: string;
  /** Values as written (strings). */
  readonly values: readonly string[];
  readonly test: (ctx: ContextView) => boolean;
  /** A value holds a policy variable (its answer then depends on other request values). */
  readonly variables?: true;
}

/**
 * Compile one (operator, key, values) triple. Throws an Error naming the problem; the parser adds
 * the statement and element.
 */
export function compileClause(
  operatorName: string,
  key: string,
  raw: unknown,
  variablesAllowed: boolean,
): CompiledClause {
  const spec = parseOperator(operatorName);
  if (!spec) throw new UnknownOperatorError(operatorName);
  const list = Array.isArray(raw) ? raw : [raw];
  const values: string[] = [];
  for (const v of list) {
    if (typeof v === 'string') values.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') values.push(String(v));
    else throw new Error(`value of "${key}" must be a string, number, boolean or a list of them`);
    // Access Analyzer's ERROR "Invalid condition data type" (docs/aws-behaviour.md §24).
    if (typeof v !== typeof list[0])
      throw new Error(
        `values of "${key}" mix JSON types (${typeof list[0]} and ${typeof v}); IAM's validator reports it as an error ("The condition value data types do not match. Use condition values of the same JSON data type"), so spokegate refuses the policy rather than guess`,
      );
  }
  const lowerKey = key.toLowerCase();
  const operator: OperatorSpec = {
    written: spec.written,
    name: spec.name,
    base: spec.base,
    family: spec.family,
    negated: spec.negated,
    ifExists: spec.ifExists,
    qualifier: spec.qualifier,
  };
  if (values.length === 0) {
    // Access Analyzer's suggestions: with no values, ForAllValues and …IfExists match "only if the
    // key … is missing from the request context", ForAnyValue "never matches". A plain operator:
    // the page says both "the condition returns true" and "it does not affect the policy", so it
    // is refused rather than guessed (docs/aws-behaviour.md §17).
    if (spec.qualifier === 'ForAnyValue' && !spec.ifExists) return constant(operator, key, false);
    if (spec.qualifier === 'ForAllValues' || spec.ifExists) {
      const test = (ctx: ContextView) => {
        const v = ctx.lookup(key, lowerKey);
        return v === undefined || (Array.isArray(v) && v.every((x) => x === '')) || v === '';
      };
      return { operator, key, lowerKey, values, test };
    }
    throw new Error(
      `${spec.name} "${key}" lists no value; AWS's validator says such a condition both "returns true" and "does not affect the policy", so spokegate refuses the policy rather than guess`,
    );
  }
  if (spec.family === 'Bool' && new Set(values).size > 1)
    throw new Error(
      `Bool "${key}" lists more than one value; IAM's validator reports it as an error ("Invalid condition multiple Boolean: The condition key does not support multiple Boolean values"), so spokegate refuses the policy rather than guess`,
    );
  if (!spec.op) {
    const wants = values.map(parseTrueFalse);
    // "Null with qualifier": ForAllValues/ForAnyValue "always return a true or false respectively".
    if (spec.qualifier) return constant(operator, key, spec.qualifier === 'ForAllValues', values);
    const test = (ctx: ContextView) => {
      const v = ctx.lookup(key, lowerKey);
      for (const w of wants) if (testNull(v, w)) return true;
      return false;
    };
    return { operator, key, lowerKey, values, test };
  }
  const { family, variant, negated } = spec.op;
  const compiled: PolicyValue[] = values.map((s) => {
    // Only String and Arn operators take policy variables (IAM "Condition operators": Numeric, Date,
    // Binary and IpAddress "Policy variables – Not supported"; Bool: the pages disagree, bool.ts);
    // elsewhere `${…}` is plain text.
    const malformed = variablesAllowed && family.variables ? variableSyntaxError(s) : undefined;
    if (malformed) throw new Error(`${spec.name} "${key}": ${malformed}; ${UNWRITTEN}`);
    const t = variablesAllowed && family.variables ? parseTemplate(s) : undefined;
    if (t) return { template: t };
    try {
      return { fixed: family.compile(s, variant) };
    } catch (e) {
      const why =
        variablesAllowed && !family.variables && parseTemplate(s)
          ? (family.variablesRefusal ?? `policy variables are not supported in ${family.name} conditions`) +
            ` (${(e as Error).message})`
          : (e as Error).message;
      throw new Error(`${spec.name} "${key}": ${why}`, { cause: e });
    }
  });
  const test = makeTest(family, variant, negated, spec.ifExists, spec.qualifier, key, lowerKey, compiled);
  const variables = compiled.some((v) => 'template' in v) ? { variables: true as const } : {};
  return { operator, key, lowerKey, values, test, ...variables };
}

/** A clause whose answer does not depend on the request. */
function constant(
  operator: OperatorSpec,
  key: string,
  answer: boolean,
  values: string[] = [],
): CompiledClause {
  return { operator, key, lowerKey: key.toLowerCase(), values, test: () => answer };
}

export class UnknownOperatorError extends Error {
  constructor(readonly operator: string) {
    const spelled = sameButCase(operator);
    super(
      spelled
        ? `unknown condition operator "${operator}": operator names are case-sensitive; AWS spells it "${spelled}" (IAM refuses "${operator}": "Invalid Condition type")`
        : `unknown condition operator "${operator}"`,
    );
  }
}

/** A value with variables for a family without its own template handling: resolve, then compile. */
function compileResolved(family: Family<unknown>, t: Template, ctx: ContextView, variant: string): unknown {
  const s = resolvePlain(t, ctx);
  if (s === undefined) return undefined;
  try {
    return family.compile(s, variant);
  } catch {
    return undefined; // the resolved value is not valid for this operator: the condition is false
  }
}

function makeTest(
  family: Family<unknown>,
  variant: string,
  negated: boolean,
  ifExists: boolean,
  qualifier: OperatorSpec['qualifier'],
  key: string,
  lowerKey: string,
  values: PolicyValue[],
): (ctx: ContextView) => boolean {
  // A negated operator of a typed family reads each present value first (see the Undecided below).
  const typed = negated && family.reads ? (rv: Scalar) => family.reads!(rv) : undefined;
  const allFixed = values.every((v) => 'fixed' in v);
  const fixed = allFixed ? values.map((v) => v.fixed) : undefined;

  // Does one request value match any policy value (before negation)?
  const anyOf = (rv: Scalar, ps: readonly unknown[]): boolean => {
    for (let i = 0; i < ps.length; i++) if (family.test(rv, ps[i], variant)) return true;
    return false;
  };
  // A value whose variable has no value matches no request value (AWS, "IAM policy elements:
  // Variables"): it drops out, so a positive operator over it alone is false and a negated one
  // (StringNotEquals, ArnNotLike, ...) is true, as for a missing key.
  const resolve = (ctx: ContextView): unknown[] => {
    const out: unknown[] = [];
    for (const v of values) {
      if ('fixed' in v) out.push(v.fixed);
      else {
        const p = family.compileTemplate
          ? family.compileTemplate(v.template, ctx, variant)
          : compileResolved(family, v.template, ctx, variant);
        if (p !== undefined) out.push(p);
      }
    }
    return out;
  };

  return (ctx) => {
    const v: ContextValue | undefined = ctx.lookup(key, lowerKey);
    // For the set operators an empty string is a null data set too ("It also returns true if there
    // are no keys in the request, or if the key values resolve to a null data set, such as an empty
    // string"; ForAnyValue: "For no matching key or a null dataset, the condition returns false").
    const missing =
      v === undefined ||
      (Array.isArray(v) ? v.length === 0 || (qualifier !== undefined && v.every((x) => x === '')) : false) ||
      (qualifier !== undefined && v === '');
    if (missing) {
      if (ifExists) return true;
      if (qualifier === 'ForAnyValue') return false;
      if (qualifier === 'ForAllValues') return true;
      return negated;
    }
    if (typed && (Array.isArray(v) ? !v.every(typed) : !typed(v)))
      throw new Undecided(
        `the request's ${JSON.stringify(v)} is not ${family.typeName}: a negated operator over it holds if "not equal" is read as the negation of "equal", and not if a value of another type fails the comparison; ${UNDECIDED}`,
        'Condition',
      );
    const ps = fixed ?? resolve(ctx);
    if (!Array.isArray(v)) {
      const m = anyOf(v, ps);
      return negated ? !m : m;
    }
    if (qualifier === 'ForAllValues') {
      for (const rv of v) if (anyOf(rv, ps) === negated) return false;
      return true;
    }
    if (qualifier === 'ForAnyValue') {
      for (const rv of v) if (anyOf(rv, ps) !== negated) return true;
      return false;
    }
    // No qualifier on a multi-valued key: "some value" and "every value" agree, or it is not written.
    let some = false;
    let every = true;
    for (const rv of v) {
      if (anyOf(rv, ps)) some = true;
      else every = false;
    }
    if (some !== every)
      throw new Undecided(
        `the request carries several values ${JSON.stringify(v)}, some of which match; AWS says a multivalued key requires ForAnyValue or ForAllValues (IAM Access Analyzer: ERROR "Missing qualifier") and not what an operator without one decides; ${UNDECIDED}`,
        'Condition',
      );
    return negated ? !some : some;
  };
}
