// Step budgets come from the config's budget for a call, never from Cucumber's 5 s default.
import { describe, expect, it } from 'vitest';
import { callBudgetMs, stepBudgetMs, StepTimeoutError, within } from '../../src/harness/budget.js';

describe('step budgets', () => {
  it('one call may take every attempt, every backoff, twice (an expired session re-sent), plus a margin', () => {
    const d = { timeoutMs: 10_000, retries: 3 };
    expect(callBudgetMs(d)).toBeGreaterThanOrEqual(2 * (10_000 * 4 + 3 * 4_000));
    expect(callBudgetMs({ timeoutMs: 6000, retries: 0 })).toBeGreaterThan(6000);
  });
  it('a matrix step gets one call budget per wave of `concurrency` cells', () => {
    const d = { timeoutMs: 1000, retries: 0 };
    expect(stepBudgetMs(d, 32, 16)).toBeGreaterThan(stepBudgetMs(d, 16, 16));
    expect(stepBudgetMs(d, 16, 16)).toBe(stepBudgetMs(d, 1, 16));
  });
  it('work that outlives its budget is a StepTimeoutError (an infrastructure error, exit 3)', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(within(1, 'the call', never)).rejects.toBeInstanceOf(StepTimeoutError);
    await expect(within(1, 'the call', never)).rejects.toThrow(
      /the call did not finish within its budget of 1 ms/,
    );
  });
  it('work that settles is passed through, value or error', async () => {
    await expect(within(60_000, 'x', Promise.resolve(7))).resolves.toBe(7);
    await expect(within(60_000, 'x', Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
