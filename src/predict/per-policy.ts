// What a policy says of one request fact is read once per compiled policy: a diff or a who-can asks
// the same policies again for every cell.
import type { CompiledPolicy } from '../policy/index.js';

/** `read`, remembered per policy (for as long as the policy lives). */
export function perPolicy<T>(read: (policy: CompiledPolicy) => T): (policy: CompiledPolicy) => T {
  const seen = new WeakMap<CompiledPolicy, T>();
  return (policy) => {
    if (seen.has(policy)) return seen.get(policy)!;
    const value = read(policy);
    seen.set(policy, value);
    return value;
  };
}
