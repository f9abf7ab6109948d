// Node warns (MaxListenersExceededWarning) past ten abort listeners on one signal: the tests with
// many calls in flight on one run signal watch the process's warnings for it.
import { expect } from 'vitest';

/** Collects process warnings from now; `expectNone()` stops and says none was about MaxListeners. */
export function watchListenerWarnings(): { expectNone: () => Promise<void> } {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  return {
    async expectNone() {
      // A warning is emitted on the next tick: let it arrive before looking.
      await new Promise((r) => setImmediate(r));
      process.off('warning', onWarning);
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
    },
  };
}
