// aws:PrincipalOrgPaths: the AWS Organizations entity path of the caller's account
// ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"), present when the principal is a member of an
// organization (IAM global condition keys; API Gateway lists it for IAM-authorized calls). The config
// states it per account (orgPaths); when it does not and a policy in the chain looks at the key, the
// call is decided without it and with a path for every combination of the values the policies write
// (witnesses.ts): the decision when all agree, else `unknown` naming the setting. Never a guess
// (both sides used to leave it out, so a member account looked like an outsider to
// ForAnyValue:StringLike on its OU; then paths were sampled with each wildcard as one letter, which
// missed a path matching two patterns at once).
import type { ChainDecision, CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { agreeing, unknown } from './agreement.js';
import { keyPatterns, keyWitnesses } from './witnesses.js';

const looksOf = keyPatterns('aws:principalorgpaths');

/** Whether a policy looks at aws:PrincipalOrgPaths at all. */
export function looksAtOrgPaths(policy: CompiledPolicy): boolean {
  const l = looksOf(policy);
  return 'operator' in l || l.looks;
}

/** Paths standing for every answer, the operator that prevents it, or `[]` when no policy looks. */
type OrgPathSamples = (string | undefined)[] | { operator: string };

/**
 * The paths to decide with when the config does not state the account's: `[]` when no policy looks
 * at the key, else none at all (`undefined`) and one path for each combination of the policies'
 * values some path matches (witnesses.ts: exhaustive, or unknown). `notIn`: organizations the account
 * is surely not in (their member lists are complete): the paths are told apart by `ORG/*` too, and
 * those under one of them (a path only a member carries) are left out.
 */
export function orgPathSamples(
  policies: readonly (CompiledPolicy | null | undefined)[],
  notIn: readonly string[] = [],
): OrgPathSamples {
  const under = notIn.map((org) => `${org}/`);
  const witnesses = keyWitnesses(
    looksOf,
    policies,
    under.map((value) => ({ value: `${value}*`, literal: false })),
  );
  if (!Array.isArray(witnesses) || witnesses.length === 0) return witnesses;
  return [undefined, ...witnesses.filter((w) => !under.some((u) => w.startsWith(u)))];
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
