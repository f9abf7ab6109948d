import { InfraError, Interrupted } from '../errors.js';
import { withCallSignal } from './abort.js';

/**
 * What a failed SDK call throws: Interrupted when the run's signal cut it off (its socket is
 * closed; never an AWS error, never an answer), else `fail(e)`.
 */
export function sdkFailure(e: unknown, signal: AbortSignal | undefined, fail: (e: unknown) => Error): Error {
  return signal?.aborted ? new Interrupted() : fail(e);
}

/** A failed control-plane read: Interrupted when the signal cut it, else `WHAT failed: CODE: message`. */
export function readFailure(what: string, e: unknown, signal: AbortSignal | undefined): Error {
  return sdkFailure(e, signal, () => new InfraError(`${what} failed: ${awsErrorText(e)}`));
}

// One line for an error the AWS SDK raised: its code and AWS's own message (never credentials: AWS
// messages name principals and resources, not keys).
export function awsErrorText(e: unknown): string {
  const err = e as { name?: string; Code?: string; message?: string };
  const code = err.name && err.name !== 'Error' ? err.name : err.Code;
  return `${code ? `${code}: ` : ''}${err.message ?? String(e)}`;
}

/** One AWS read under the caller's abort signal; a failure is the readFailure naming `what`. */
export function readCall<T>(
  what: string,
  signal: AbortSignal | undefined,
  send: (abortSignal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  return withCallSignal(signal, send).catch((e: unknown) => {
    throw readFailure(what, e, signal);
  });
}
