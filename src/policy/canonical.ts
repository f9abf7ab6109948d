// A policy document in one written form, for telling whether a copy (a file in the config) is the
// policy AWS serves. Two texts that differ only in how the grammar lets one policy be written are the
// same policy: white space and key order; `Statement` as one object or a list of one; a value of
// Action, NotAction, Resource, NotResource, a Principal's AWS/Service/Federated/CanonicalUser and a
// condition key as a string or a list of one (reference_policies_grammar), and a list's order or
// repeats (each is a set: any match will do); the order of statements (every statement is
// evaluated, reference_policies_evaluation-logic); the case of actions and condition key names
// (neither is case-sensitive: reference_policies_elements_action, _condition), and a condition value
// written as a JSON number or boolean rather than its text (docs/aws-behaviour.md §15, §25); an
// account id in a principal against its `:root` ARN (in the partition known) and `{"AWS": "*"}`
// against `"*"`, which the IAM User Guide calls the same principal and a service may store in the
// other form (reference_policies_elements_principal; §25).
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

/**
 * A Principal or NotPrincipal element in one form: `{"AWS": "*"}` (alone) as `"*"` ("For anonymous
 * users, the following elements are equivalent"), and an account id among the AWS values as its
 * `arn:PARTITION:iam::ID:root` ("The account ARN and the shortened account ID behave the same way")
 * when the partition is known; unknown, the two stay apart (a difference, never a guess).
 */
function principal(p: Json, partition: string | undefined): Json {
  if (!isObject(p)) return p;
  const out = Object.fromEntries(Object.entries(p).map(([type, v]) => [type, set(v)]));
  const aws = out.AWS;
  if (Object.keys(out).length === 1 && Array.isArray(aws) && aws.length === 1 && aws[0] === '*') return '*';
  if (partition && Array.isArray(aws))
    out.AWS = set(
      aws.map((v) => (typeof v === 'string' && /^\d{12}$/.test(v) ? `arn:${partition}:iam::${v}:root` : v)),
    );
  return out;
}

function statement(st: Json, shortForm: string | undefined, partition: string | undefined): Json {
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
  for (const k of ['Principal', 'NotPrincipal']) if (k in out) out[k] = principal(out[k]!, partition);
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
 * of a resource policy names (API Gateway stores it expanded). `partition`: the policy's partition
 * (else the short form's), in which an account id is its `:root` ARN. Null, undefined or blank:
 * `none`; text that is no JSON stays as it is (then it equals only itself).
 */
export function canonicalPolicyText(
  text: string | null | undefined,
  shortForm?: string,
  partition: string | undefined = shortForm?.match(/^arn:([^:]+):/)?.[1],
): string {
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
    out.Statement = [...new Set(list.map((st) => JSON.stringify(statement(st, shortForm, partition))))]
      .sort()
      .map((s) => JSON.parse(s) as Json);
  }
  return JSON.stringify(sorted(out));
}
