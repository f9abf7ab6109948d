// An unknown decision settled by the bounds of its policies' variables. A decision may be unknown
// because a policy variable reads a fact the config does not state (a role's tags, as
// ${aws:PrincipalTag/team}: principal-tags.ts). Whatever the variables hold, the chain allows at
// most what its policies read most permissively allow (mostPermissive) and at least what they read
// most strictly allow (leastPermissive): refused by the first, the call is refused; allowed by the
// second, it is allowed. Neither: it stays unknown.
import { leastPermissive, mostPermissive, type CompiledPolicy } from '../policy/index.js';

/** A reading of a policy's variables: mostPermissive or leastPermissive. */
export type VariableBound = (policy: CompiledPolicy) => CompiledPolicy;

/** The explanation line of a decision settled by a bound. */
export const BOUND_WORDS = {
  deny: 'refused whatever its policy variables hold (each statement holding one read as permissively as it could be)',
  allow:
    'allowed whatever its policy variables hold (each statement holding one read as strictly as it could be)',
} as const;

/**
 * `d`, or where it is unknown and one of `policies` has a policy variable, the decision `decideWith`
 * gives under the upper bound when it refuses, or under the lower bound when it allows.
 */
export function settleByBounds<D extends { decision: string }>(
  d: D,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decideWith: (bound: VariableBound) => D,
): D {
  if (d.decision !== 'unknown' || !policies.some((p) => p && mostPermissive(p) !== p)) return d;
  const upper = decideWith(mostPermissive);
  if (upper.decision === 'deny') return upper;
  const lower = decideWith(leastPermissive);
  return lower.decision === 'allow' ? lower : d;
}
