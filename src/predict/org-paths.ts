// aws:PrincipalOrgPaths: the AWS Organizations entity path of the caller's account
// ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"), present when the principal is a member of an
// organization (IAM global condition keys; API Gateway lists it for IAM-authorized calls). The config
// states it per account (orgPaths); when it does not and a policy in the chain looks at the key, the
// call is decided without it and with a path matching each value the policies write: the decision
// when all agree, else `unknown` naming the setting. Never a guess (both sides used to leave it out,
// so a member account looked like an outsider to ForAnyValue:StringLike on its OU).
import { policyMentions, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { agreeing } from './agreement.js';

const KEY = 'aws:principalorgpaths';
const MENTIONED = new WeakMap<CompiledPolicy, string[]>();

function mentioned(policy: CompiledPolicy): string[] {
  let v = MENTIONED.get(policy);
  if (!v) {
    v = policyMentions(policy)
      .conditions.filter((c) => c.lowerKey === KEY)
      .flatMap((c) => c.values);
    MENTIONED.set(policy, v);
  }
  return v;
}

/**
 * The paths to decide with when the config does not state the account's: `[]` when no policy looks
 * at the key, else none at all (`undefined`) and, for each value the policies write, one path it
 * names (wildcards standing for one segment-safe character run).
 */
export function orgPathSamples(
  policies: readonly (CompiledPolicy | null | undefined)[],
): (string | undefined)[] {
  const values = policies.flatMap((p) => (p ? mentioned(p) : []));
  if (values.length === 0) return [];
  return [undefined, ...new Set(values.map((v) => v.replace(/[*?]/g, 'x')))];
}

/** The setting that states an account's organization path, for messages. */
export const orgPathHint = (account: string): string =>
  `state the account's organization path in the config: orgPaths: { '${account}': o-…/r-…/ou-…/ } (as AWS Organizations shows it)`;

/** `decide` once per sampled path; the answer when all agree, else `unknown` naming the setting. */
export function decideOverOrgPaths(
  samples: (string | undefined)[],
  account: string,
  decide: (path: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (samples.length === 0) return decide(undefined);
  return agreeing(
    samples.map((p) => ({ label: p === undefined ? 'without a path' : `at ${p}`, d: decide(p) })),
    `the decision depends on aws:PrincipalOrgPaths of account ${account}, which the config does not state`,
    orgPathHint(account),
  );
}
