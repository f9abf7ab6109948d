// A proof step's result as the verdict tests compare it: its status as cucumber would report it
// (a pass, a failure, or an error: nothing established) and its message.
import type { AssertionResult } from '../../src/harness/assertions.js';
import type { RunContext } from '../../src/harness/context.js';

export type ProofStatus = { status: 'passed' | 'failed' | 'error'; message: string };

export const proofStatus = (r: AssertionResult): ProofStatus => ({
  status: r.ok ? 'passed' : r.error ? 'error' : 'failed',
  message: r.message,
});

/** `proof`'s status on `ctx`; the run is closed after, whatever happens. */
export async function runProof(
  ctx: RunContext,
  proof: (ctx: RunContext) => Promise<AssertionResult>,
): Promise<ProofStatus> {
  try {
    return proofStatus(await proof(ctx));
  } finally {
    ctx.close();
  }
}
