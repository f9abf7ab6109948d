// What a decision taken over several values of a fact the config leaves unstated says: the one
// answer when every value gives it (and the same layer), a deny that claims no layer when only the
// layer depends on the value, else unknown. One rule for organizations, organization paths, the
// runner's address and unread layers, so a "denied by the X policy" step is never judged on
// whichever value happened to be tried first.
import type { Config } from '../config/index.js';
import type { ChainDecision, CompiledPolicy, Principal } from '../policy/index.js';
import type { ReadingDecision, UnknownDecision } from './index.js';

/** `decide` over the values of one fact a principal's request may carry (undefined: as stated or absent). */
export type DecideOver<T> = (
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (value: T | undefined) => ChainDecision | UnknownDecision,
) => ChainDecision | UnknownDecision;

/** An unknown decision with its reason. */
export const unknown = (why: string): UnknownDecision => ({
  decision: 'unknown',
  unknown: why,
  explanation: [`unknown: ${why}`],
});

/** `d`, a deny whatever the unstated value, with no layer claimed: `why` says the layers it saw. */
export function denyWithoutLayer(d: ChainDecision, why: string): ChainDecision {
  return {
    decision: 'deny',
    detail: d.detail,
    layer: null,
    statements: [],
    layers: d.layers,
    explanation: [...d.explanation, why],
  };
}

/**
 * Every reading's decision of several (each labelled), in order, for UnknownDecision.readings: a
 * reading itself unknown over readings of its own gives each of those, labelled by both.
 */
export function readingsOf(
  outcomes: readonly {
    label: string;
    d:
      | { decision: 'allow' | 'deny' }
      | { decision: 'unknown'; unknown: string; readings?: readonly ReadingDecision[] | undefined };
  }[],
): ReadingDecision[] {
  return outcomes.flatMap(({ label, d }): ReadingDecision[] =>
    d.decision !== 'unknown'
      ? [{ label, decision: d.decision }]
      : d.readings
        ? d.readings.map((r) => ({ ...r, label: `${label}, ${r.label}` }))
        : [{ label, decision: 'unknown', reason: d.unknown }],
  );
}

/**
 * The one decision of several (each labelled by the value it was decided with) when all agree, by
 * the same layer; unknown where any is, naming every distinct reason with its value (one reason:
 * that one unknown, as it is); a deny claiming no layer when the layer differs; else `unknown`:
 * `what` (two values that disagree): `hint`.
 */
export function agreeing(
  outcomes: { label: string; d: ChainDecision | UnknownDecision }[],
  what: string,
  hint: string,
): ChainDecision | UnknownDecision {
  const open = outcomes.filter((o): o is { label: string; d: UnknownDecision } => o.d.decision === 'unknown');
  if (open.length) {
    // Each reason once: until 2026-12-02 only the first was kept, so stating what it asked for
    // led to another run and another reason (note11 §10).
    const reasons = open.filter((o, i) => open.findIndex((x) => x.d.unknown === o.d.unknown) === i);
    // Every reading's decision, also the ones the reason does not name (readingsOf).
    const readings = readingsOf(outcomes);
    if (reasons.length === 1) return { ...reasons[0]!.d, readings };
    const why = `${what} is unknown ${reasons.map((o) => `${o.label}: ${o.d.unknown}`).join('; and ')}`;
    return {
      decision: 'unknown',
      unknown: why,
      explanation: [...reasons.flatMap((o) => o.d.explanation), `unknown: ${why}`],
      readings,
    };
  }
  const decided = outcomes as { label: string; d: ChainDecision }[];
  const first = decided[0]!;
  const differ = decided.find((o) => o.d.decision !== first.d.decision);
  // The reason names the first two that differ; the readings carry every one.
  if (differ)
    return {
      ...unknown(
        `${what} (${first.d.decision} ${first.label}, ${differ.d.decision} ${differ.label}): ${hint}`,
      ),
      readings: readingsOf(outcomes),
    };
  if (decided.every((o) => o.d.layer === first.d.layer)) return first.d;
  const layers = decided.map((o) => `by the ${o.d.layer ?? 'unknown'} layer ${o.label}`).join(', ');
  return denyWithoutLayer(
    first.d,
    `denied whatever its value, but which layer denies depends on it (${layers}): ${what}: ${hint}`,
  );
}
