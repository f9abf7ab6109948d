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
