// aws:PrincipalOrgPaths: the AWS Organizations entity path of the caller's account
// ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"), present when the principal is a member of an
// organization (IAM global condition keys; API Gateway lists it for IAM-authorized calls). The config
// states it per account (orgPaths); when it does not and a policy in the chain looks at the key, the
// call is decided without it and with a path for every combination of the values the policies write
// (witnesses.ts): the decision when all agree, else `unknown` naming the setting. Never a guess
// (both sides used to leave it out, so a member account looked like an outsider to
// ForAnyValue:StringLike on its OU; then paths were sampled with each wildcard as one letter, which
// missed a path matching two patterns at once).
import { policyMentions, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { agreeing, unknown } from './agreement.js';
import { perPolicy } from './per-policy.js';
import { patternWitnesses, type StringPattern } from './witnesses.js';

const KEY = 'aws:principalorgpaths';

/** What a policy says of the key: nothing, patterns (String and Null operators), or more. */
type Looks = { patterns: StringPattern[]; looks: boolean } | { operator: string };
const looksOf = perPolicy((policy: CompiledPolicy): Looks => {
  const patterns: StringPattern[] = [];
  let looks = false;
  for (const c of policyMentions(policy).conditions) {
    if (c.lowerKey !== KEY) continue;
    looks = true;
    const { family, base, name } = c.operator;
    if (family === 'Null') continue;
    // Case-insensitive or non-string comparisons, and values built from variables, have no
    // finite set of witnesses here: the decision is unknown outright.
    if (family !== 'String' || base.includes('IgnoreCase')) return { operator: name };
    for (const value of c.values) {
      if (value.includes('${')) return { operator: `${name} with the value ${value}` };
      patterns.push({ value, literal: !base.includes('Like') });
    }
  }
  return { patterns, looks };
});

/** Paths standing for every answer, the operator that prevents it, or `[]` when no policy looks. */
type OrgPathSamples = (string | undefined)[] | { operator: string };

/**
 * The paths to decide with when the config does not state the account's: `[]` when no policy looks
 * at the key, else none at all (`undefined`) and one path for each combination of the policies'
 * values some path matches (witnesses.ts: exhaustive, or unknown).
 */
export function orgPathSamples(policies: readonly (CompiledPolicy | null | undefined)[]): OrgPathSamples {
  const patterns: StringPattern[] = [];
  let looks = false;
  for (const p of policies) {
    if (!p) continue;
    const l = looksOf(p);
    if ('operator' in l) return l;
    looks ||= l.looks;
    patterns.push(...l.patterns);
  }
  if (!looks) return [];
  const unique = [...new Map(patterns.map((p) => [`${p.literal}\0${p.value}`, p])).values()];
  const witnesses = patternWitnesses(unique);
  if (!witnesses) return { operator: `${unique.length} patterns too many to tell apart` };
  return [undefined, ...witnesses];
}

/** The setting that states an account's organization path, for messages. */
export const orgPathHint = (account: string): string =>
  `state the account's organization path in the config: orgPaths: { '${account}': o-…/r-…/ou-…/ } (as AWS Organizations shows it)`;

/** `decide` once per sampled path; the answer when all agree, else `unknown` naming the setting. */
export function decideOverOrgPaths(
  samples: OrgPathSamples,
  account: string,
  decide: (path: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (!Array.isArray(samples))
    return unknown(
      `a policy looks at aws:PrincipalOrgPaths with ${samples.operator}, and the config does not state the path of account ${account}: ${orgPathHint(account)}`,
    );
  if (samples.length === 0) return decide(undefined);
  return agreeing(
    samples.map((p) => ({ label: p === undefined ? 'without a path' : `at ${p}`, d: decide(p) })),
    `the decision depends on aws:PrincipalOrgPaths of account ${account}, which the config does not state`,
    orgPathHint(account),
  );
}
