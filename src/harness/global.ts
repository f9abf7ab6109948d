// The run's context is handed to the step definitions through a global slot: step definitions are
// loaded by Cucumber (through tsx) as a separate module graph, so a module-level variable would not
// be shared. They use only the object's methods, never instanceof.
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { RunContext } from './context.js';

const SLOT = Symbol.for('spokegate.harness.context');

export function setRunContext(ctx: RunContext | undefined): void {
  (globalThis as Record<symbol, unknown>)[SLOT] = ctx;
}

export function getRunContext(): RunContext {
  const ctx = (globalThis as Record<symbol, unknown>)[SLOT] as RunContext | undefined;
  if (!ctx) {
    throw new Error('spokegate step definitions run only under `spokegate run` or `spokegate check`');
  }
  return ctx;
}

const STEPS = Symbol.for('spokegate.harness.step-definitions');
type StepDefinitions = ISupportCodeLibrary;

/**
 * The step definitions Cucumber loaded in this process, loaded by the first run. Node imports a
 * module once per process, so loading them again for a second run in the same process (main()
 * called again) would register no step at all: every run reuses the first library.
 */
export function stepDefinitionsOnce(load: () => Promise<StepDefinitions>): Promise<StepDefinitions> {
  const slot = globalThis as Record<symbol, Promise<StepDefinitions> | undefined>;
  const kept = slot[STEPS];
  if (kept) return kept;
  const loading = load();
  slot[STEPS] = loading;
  // A failed load is not kept: the next run tries again and says why.
  loading.catch(() => {
    if (slot[STEPS] === loading) slot[STEPS] = undefined;
  });
  return loading;
}

/** Step definitions already loaded in this process (by a host that imported them itself). */
export function keepStepDefinitions(library: StepDefinitions): void {
  (globalThis as Record<symbol, unknown>)[STEPS] = Promise.resolve(library);
}
