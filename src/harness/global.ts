// The run's context is handed to the step definitions through a global slot: step definitions are
// loaded by Cucumber (through tsx) as a separate module graph, so a module-level variable would not
// be shared. They use only the object's methods, never instanceof.
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
