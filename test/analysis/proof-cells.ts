// A failing proof's counterexample witness is a cell of the report: predicted allowed, failed,
// its note naming the witness the proof's message gave.
import { expect } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';

export function witnessCell(ctx: RunContext, scenario: string, message: string): void {
  const w = /witness: (.*)/.exec(message)![1]!;
  const cell = ctx.matrix.cells.find((c) => c.scenario === scenario);
  expect(cell, `a cell for ${scenario}`).toBeDefined();
  expect(cell!.note).toContain(`counterexample witness: ${w}`);
  expect(cell!.predicted?.decision).toBe('allow');
  expect(cell!.verdict).toBe('fail');
}
