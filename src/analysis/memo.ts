// A pure function of a string kept per key: the analysis asks the same patterns and paths for every
// point. Bounded (cleared past `cap` keys) so a long run over many worlds does not keep them all.
export function memoised<T>(make: (key: string) => T, cap = 10_000): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    let v = kept.get(key);
    if (v === undefined) {
      if (kept.size > cap) kept.clear();
      kept.set(key, (v = make(key)));
    }
    return v;
  };
}

/**
 * A pure function of two objects kept per pair (weakly: the pair goes with either object), for
 * checks the analysis asks at every point that depend on a template or condition and one region.
 */
export function pairMemo<A extends object, B extends object, T>(make: (a: A, b: B) => T): (a: A, b: B) => T {
  const kept = new WeakMap<A, WeakMap<B, { v: T }>>();
  return (a, b) => {
    let byB = kept.get(a);
    if (!byB) kept.set(a, (byB = new WeakMap()));
    let hit = byB.get(b);
    if (!hit) byB.set(b, (hit = { v: make(a, b) }));
    return hit.v;
  };
}
