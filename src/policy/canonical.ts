// A policy document in one written form, for telling whether a copy (a file in the config) is the
// policy AWS serves. Two texts that differ only in how the grammar lets one policy be written are the
// same policy: white space and key order; `Statement` as one object or a list of one; a value of
// Action, NotAction, Resource, NotResource, a Principal's AWS/Service/Federated/CanonicalUser and a
// condition key as a string or a list of one (reference_policies_grammar), and a list's order or
// repeats (each is a set: any match will do); the order of statements (every statement is
// evaluated, reference_policies_evaluation-logic); the case of actions and condition key names
// (neither is case-sensitive: reference_policies_elements_action, _condition), and a condition value
// written as a JSON number or boolean rather than its text (docs/aws-behaviour.md §15, §25).
// Anything else (a Sid, a value's case, an operator, Version) stays as written: a real difference.
import { bindShortForm } from './wildcard.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A set of strings as one sorted list without repeats. */
const set = (v: Json, fold = false): Json => {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) return v;
  const strings = list.map((x) => (fold ? String(x).toLowerCase() : String(x)));
  return [...new Set(strings)].sort();
};

const isObject = (v: Json | undefined): v is { [k: string]: Json } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys sorted, all the way down (JSON.stringify then writes one text per document). */
function sorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sorted(v[k]!)]),
  );
}

function statement(st: Json, shortForm: string | undefined): Json {
  if (!isObject(st)) return st;
  const out: { [k: string]: Json } = { ...st };
  for (const k of ['Action', 'NotAction']) if (k in out) out[k] = set(out[k]!, true);
  for (const k of ['Resource', 'NotResource'])
    if (k in out) {
      const v = out[k]!;
      const bound =
        shortForm === undefined
          ? v
          : typeof v === 'string'
            ? bindShortForm(v, shortForm)
            : Array.isArray(v)
              ? v.map((x) => (typeof x === 'string' ? bindShortForm(x, shortForm) : x))
              : v;
      out[k] = set(bound);
    }
  for (const k of ['Principal', 'NotPrincipal']) {
    const p = out[k];
    if (isObject(p)) out[k] = Object.fromEntries(Object.entries(p).map(([type, v]) => [type, set(v)]));
  }
  const c = out.Condition;
  if (isObject(c))
    out.Condition = Object.fromEntries(
      Object.entries(c).map(([op, keys]) => [
        op,
        isObject(keys)
          ? Object.fromEntries(Object.entries(keys).map(([key, v]) => [key.toLowerCase(), set(v)]))
          : keys,
      ]),
    );
  return sorted(out);
}

/**
 * The one text of a policy document: equal for two texts exactly when they differ only in how the
 * same policy is written (above). `shortForm`: the API's ARN, which the short form `execute-api:/…`
 * of a resource policy names (API Gateway stores it expanded). Null, undefined or blank: `none`;
 * text that is no JSON stays as it is (then it equals only itself).
 */
export function canonicalPolicyText(text: string | null | undefined, shortForm?: string): string {
  if (text === null || text === undefined || text.trim() === '') return 'none';
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    return text;
  }
  if (!isObject(doc)) return JSON.stringify(doc);
  const out: { [k: string]: Json } = { ...doc };
  if ('Statement' in out) {
    const list = Array.isArray(out.Statement) ? out.Statement : [out.Statement!];
    out.Statement = [...new Set(list.map((st) => JSON.stringify(statement(st, shortForm))))]
      .sort()
      .map((s) => JSON.parse(s) as Json);
  }
  return JSON.stringify(sorted(out));
}
