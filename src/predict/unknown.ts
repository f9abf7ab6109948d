// A prediction over layers spokegate could not read. An unread layer is never dropped: the chain is
// decided for every value the layer could have (it allows, it says nothing, it denies explicitly;
// for an unread endpoint association, associated or not) and the prediction is that decision only
// when all agree. Otherwise it is `unknown`, with what is missing and what to grant or configure.
import { parsePolicy, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { denyWithoutLayer, readingsOf, unknown } from './agreement.js';

/** What could not be read, per layer: why, and what to grant or configure (one sentence each). */
export interface UnreadLayers {
  resource?: string;
  identity?: string;
  acceptedEndpoints?: string;
}

/** What an unread layer may say: allow everything, nothing, or deny everything. */
export type Stance = 'allow' | 'silent' | 'deny';
export const STANCES: readonly Stance[] = ['allow', 'silent', 'deny'];
const STANCE_WORDS: Record<Stance, string> = {
  allow: 'allowing',
  silent: 'silent',
  deny: 'denying',
};

const cache = new Map<string, CompiledPolicy>();
/** A stand-in for an unread layer: allows everything, matches nothing, or denies everything. */
export function standIn(layer: 'resource' | 'identity', stance: Stance): CompiledPolicy {
  const key = `${layer}:${stance}`;
  let p = cache.get(key);
  if (!p) {
    const statement = {
      Effect: stance === 'deny' ? 'Deny' : 'Allow',
      ...(layer === 'resource' ? { Principal: '*' } : {}),
      // "silent": an action no request has, so the layer allows nothing and denies nothing.
      Action: stance === 'silent' ? 'spokegate:Unread' : '*',
      Resource: '*',
    };
    p = parsePolicy(
      { Version: '2012-10-17', Statement: [statement] },
      { name: `${layer}:unread` },
      { kind: layer },
    );
    cache.set(key, p);
  }
  return p;
}

/** The layers a gap can be in (a subset of CallLayers). */
export interface GapLayers {
  resourcePolicy?: CompiledPolicy | null;
  identityPolicies?: CompiledPolicy[];
  acceptedEndpoints?: string[];
}

/**
 * `decide`'s answer given the unread layers, or `unknown` when it depends on them. A layer the
 * chain never reaches for this call (an endpoint-policy deny, identity policies of a NONE method)
 * changes nothing, so the decision stands.
 */
export function decideWithGaps<L extends GapLayers>(
  layers: L,
  unread: UnreadLayers,
  decide: (layers: L) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (!unread.resource && !unread.identity && !unread.acceptedEndpoints) return decide(layers);
  const resources = unread.resource ? STANCES.map((s) => standIn('resource', s)) : [layers.resourcePolicy];
  const identities = unread.identity
    ? STANCES.map((s) => [standIn('identity', s)])
    : [layers.identityPolicies];
  const accepted = unread.acceptedEndpoints ? [undefined, []] : [layers.acceptedEndpoints];
  const why = [unread.resource, unread.identity, unread.acceptedEndpoints].filter(Boolean).join('; ');
  const outcomes: ChainDecision[] = [];
  // Each outcome's reading, for the readings of an unknown answer (readingsOf).
  const labels: string[] = [];
  for (const [r, resourcePolicy] of resources.entries())
    for (const [i, identityPolicies] of identities.entries())
      for (const [e, acceptedEndpoints] of accepted.entries()) {
        labels.push(
          [
            unread.resource ? `the resource policy ${STANCE_WORDS[STANCES[r]!]}` : '',
            unread.identity ? `the identity policies ${STANCE_WORDS[STANCES[i]!]}` : '',
            unread.acceptedEndpoints ? (e === 0 ? 'associated' : 'not associated') : '',
          ]
            .filter(Boolean)
            .join(', '),
        );
        const d = decide({ ...layers, resourcePolicy, identityPolicies, acceptedEndpoints });
        // Another unknown (an organization) under a stand-in: say both.
        if (d.decision === 'unknown')
          return {
            decision: 'unknown',
            unknown: `${why}; ${d.unknown}`,
            explanation: [...d.explanation, `unknown: ${why}`],
          };
        outcomes.push(d);
      }
  const first = outcomes[0]!; // the most permissive stand-ins: a deny here comes from layers read
  const open = () => ({
    ...unknown(why),
    readings: readingsOf(outcomes.map((d, n) => ({ label: labels[n]!, d }))),
  });
  if (!outcomes.every((o) => o.decision === first.decision)) return open();
  // Not associated, the alias name does not exist and nothing is sent: no policy decides, so a
  // deny by a policy when it is associated is no deny "whatever the association" (unknown).
  if (unread.acceptedEndpoints && !outcomes.every((o) => o.layer === first.layer)) return open();
  if (outcomes.every((o) => o.layer === first.layer)) return first;
  // Denied whatever the unread layer says, but which layer denies depends on it.
  return denyWithoutLayer(
    first,
    `denied whatever the unread layer says; which layer denies is unknown: ${why}`,
  );
}
