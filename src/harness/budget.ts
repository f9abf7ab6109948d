// How long a step may take, derived from the config's budget for one call: a step that outlives it
// ends as an error (its unfinished cells stay in the matrix as errors), never as a silent gap.
import { InfraError, InputError, Interrupted } from '../errors.js';

/** The gateway client's longest backoff between two attempts (20 × its 200 ms base). */
const MAX_BACKOFF_MS = 4_000;
/** Room for what a call needs besides its own attempts: AssumeRole, reading policies, predicting. */
const MARGIN_MS = 60_000;

export interface CallBudget {
  timeoutMs: number;
  retries: number;
}

/**
 * The longest one configured call can take: every attempt timing out, every backoff at its cap,
 * twice over (a session AWS refuses as expired is assumed again and the call re-sent once).
 */
export function callBudgetMs(d: CallBudget): number {
  const attempts = d.timeoutMs * (d.retries + 1) + d.retries * MAX_BACKOFF_MS;
  return 2 * attempts + MARGIN_MS;
}

/** A step that sends `cells` calls `concurrency` at a time. */
export function stepBudgetMs(d: CallBudget, cells = 1, concurrency = 1): number {
  const waves = Math.max(1, Math.ceil(cells / Math.max(1, concurrency)));
  return waves * (callBudgetMs(d) - MARGIN_MS) + MARGIN_MS;
}

/** A step that ran out of its time budget: the run could not finish (exit 3). */
export class StepTimeoutError extends InfraError {
  override name = 'StepTimeoutError';
}

/** `work`, or a StepTimeoutError once `ms` have passed without it settling. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StepTimeoutError(
            `${what} did not finish within its budget of ${ms} ms (defaults.timeoutMs × (defaults.retries + 1) plus backoff, per call); its unfinished calls are errors`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (e) {
    throw withoutFrames(e);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bad input, an unreachable AWS or an interruption met inside a step is a finding about the input or
 * the run, not a bug here: Cucumber prints an error's stack (stderr, cucumber.json, cucumber.html),
 * so the stack is the message alone, as for a failed expectation. Other errors keep their frames.
 */
function withoutFrames(e: unknown): unknown {
  if (e instanceof InputError || e instanceof InfraError || e instanceof Interrupted) return frameless(e);
  return e;
}

/**
 * `e` with its stack made the message alone, as Cucumber is to print it. Cucumber also parses every
 * step error's stack with error-stack-parser, and for a stack without V8 frames that takes the
 * Firefox/Safari branch, whose regex backtracks polynomially on a long line with quotes and no '@'
 * (stacktracejs/error-stack-parser#57: a 500-character failure message cost a minute of CPU). An
 * empty `stacktrace` (Opera's property) sends the parser down a linear branch instead; its result is
 * never shown, since the stack holds nothing after the message (test/harness/step-errors.test.ts).
 */
export function frameless<E extends Error>(e: E): E {
  e.stack = `${e.name}: ${e.message}`;
  Object.defineProperty(e, 'stacktrace', { value: '', enumerable: false, configurable: true });
  return e;
}
