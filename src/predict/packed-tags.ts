// Whether STS issues a federated user's session at all. GetFederationToken packs the session tags
// with the session policies into a space whose size AWS does not publish ("Your request can fail for
// this limit even if your plaintext meets the other requirements", STS API reference), so a session
// with more or longer tags than a set measured to fit, or with tags beside session policies (never
// measured together), may not exist: its calls are decided both ways
// (issued: the policies' answer; refused: no call) and must agree (docs/aws-behaviour.md §60). The
// sandbox's own budget (src/sandbox/session-policies.ts) is a calibration, never read here.
import type { Config } from '../config/index.js';
import type { ChainDecision, CompiledPolicy, Principal } from '../policy/index.js';
import { agreeing, denyWithoutLayer } from './agreement.js';
import type { UnknownDecision } from './index.js';

// EKS Pod Identity's six transitive tags fill 74% (aws/containers-roadmap#2413): their keys (EKS User
// Guide, pod-id-abac) are 114 characters and their values at least 84 (a cluster ARN of 43 plus the
// cluster name, that name, a pod UID of 36, three of 1 or more), so six tags of 198 characters fit.
const MEASURED_TAGS = 6;
const MEASURED_CHARACTERS = 198;

/** Why a federated principal's session may not be issued (undefined: measured to fit, or no federated user). */
function packedDoubt(config: Config, principal: Principal): string | undefined {
  if (principal.kind !== 'federated-user') return undefined;
  const found = Object.entries(config.roles).find(([, r]) => r.federated && r.arn === principal.arn);
  if (!found) return undefined;
  // STS answered a PackedPolicySize for these tags and policies: it issued the session (§68).
  if (found[1].federated!.packedPolicySize !== undefined) return undefined;
  const tags = Object.entries(found[1].federated!.sessionTags);
  const characters = tags.reduce((n, [k, v]) => n + k.length + v.length, 0);
  const policies = found[1].federated!.sessionPolicies.length;
  const tagsFit = tags.length <= MEASURED_TAGS && characters <= MEASURED_CHARACTERS;
  if (tagsFit && (tags.length === 0 || policies === 0)) return undefined;
  // The measured set had no session policy: what tags and policies take together is not known.
  if (tagsFit)
    return (
      `federated.${found[0]}.tags with federated.${found[0]}.sessionPolicies: GetFederationToken packs the session tags ` +
      `(${tags.length}, ${characters} characters of keys and values) with the session policies (${policies}) into a space AWS does not publish, ` +
      `and may answer PackedPolicyTooLarge (no session); measured to fit: ${MEASURED_TAGS} tags of ${MEASURED_CHARACTERS} characters ` +
      `without session policies, tags and policies together never: pass the tags or the session policies, not both, or state federated.${found[0]}.packedPolicySize (the PackedPolicySize GetFederationToken answered for them)`
    );
  return (
    `federated.${found[0]}.tags: GetFederationToken packs ${tags.length} session tags (${characters} characters of keys and values) ` +
    `with the session policies into a space AWS does not publish, and may answer PackedPolicyTooLarge (no session); measured to fit: ` +
    `${MEASURED_TAGS} tags of ${MEASURED_CHARACTERS} characters: pass fewer or shorter tags, or state federated.${found[0]}.packedPolicySize (the PackedPolicySize GetFederationToken answered for them)`
  );
}

/** `d` when the principal's session is known to be issued or `d` denies anyway; else `unknown` naming the tags. */
export function overPackedSpace(
  config: Config,
  principal: Principal,
  d: ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  const doubt = packedDoubt(config, principal);
  if (!doubt || d.decision === 'unknown') return d;
  const refused = denyWithoutLayer(d, 'no session: STS refuses GetFederationToken (PackedPolicyTooLarge)');
  return agreeing(
    [
      { label: 'if STS issues the session', d },
      { label: 'if it refuses it', d: refused },
    ],
    'whether the federated session exists',
    doubt,
  );
}

// GetFederationToken takes "up to 10 managed policy ARNs" and one inline Policy, whose "plaintext ...
// for both inline and managed session policies can't exceed 2,048 characters" (STS API reference): with
// 11 one goes inline, beside 10 ARNs of at least 34 characters (arn:aws:iam::ACCOUNT:policy/X).
const MOST_BY_ARN = 10;
const INLINE_MOST = 2_048 - MOST_BY_ARN * 'arn:aws:iam::111111111111:policy/X'.length;

/** Why no way of passing these session policies fits GetFederationToken (undefined: one does). */
export function sessionPoliciesProblem(policies: readonly CompiledPolicy[]): string | undefined {
  if (policies.length <= MOST_BY_ARN) return undefined;
  const shortest = Math.min(...policies.map((p) => JSON.stringify(JSON.parse(p.text)).length));
  if (shortest <= INLINE_MOST) return undefined;
  return (
    `${policies.length} session policies: GetFederationToken takes at most ${MOST_BY_ARN} by ARN (PolicyArns), so one goes inline (Policy), ` +
    `and its plaintext with the ${MOST_BY_ARN} ARNs can't exceed 2,048 characters: the shortest here is ${shortest.toLocaleString('en-US')} without white space ` +
    `(at most ${INLINE_MOST.toLocaleString('en-US')} fits), so STS issues no such session: pass at most ${MOST_BY_ARN}, or a shorter one`
  );
}
