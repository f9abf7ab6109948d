// A step's failure reaches Cucumber as an error whose stack is its message alone (no frames of
// ours). Cucumber hands every step error to error-stack-parser, whose Firefox/Safari branch (the
// one a stack without V8 frames takes) runs a regex that backtracks polynomially on a long line
// with quotes and no '@' (stacktracejs/error-stack-parser#57): a 500-character failure message
// cost a minute of CPU, so a failing scenario could stall a run. The parse result is never shown
// for such an error (Cucumber prints the stack, which is the message), so it must not take that branch.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frameless } from '../../src/harness/budget.js';
import { ROOT, spokegateHere } from './helpers.js';

// Cucumber's own copy of the parser and its error formatter (the objects a run uses).
const fromCucumber = createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'));
const parser = fromCucumber('error-stack-parser') as { parseFFOrSafari: (e: Error) => unknown[] };
const { formatError } = fromCucumber('./runtime/format_error.js') as {
  formatError: (e: Error, filter: boolean) => { message: string; exception: { type: string } };
};

afterEach(() => vi.restoreAllMocks());

describe('step errors without frames', () => {
  it('are printed by Cucumber as "Name: message", as before', () => {
    class CellError extends Error {
      override name = 'CellError';
    }
    const message =
      'P01 fails: principal "arn:aws:iam::555555555555:role/x" with tag team is "platform": GET /status';
    const e = frameless(new CellError(message));
    const f = formatError(e, true);
    expect(f.message).toBe(`CellError: ${message}`);
    expect(f.exception.type).toBe('CellError');
  });

  it("never go through error-stack-parser's Firefox/Safari branch", () => {
    const spy = vi.spyOn(parser, 'parseFFOrSafari');
    formatError(frameless(new Error('a "quoted" thing: at line 1')), true);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a run whose scenarios fail formats their failures without that branch', async () => {
    const spy = vi.spyOn(parser, 'parseFFOrSafari');
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-step-errors-'));
    const r = await spokegateHere(
      ['check', 'features/sandbox', '--endpoint-policy', 'examples/tfplan.json', '--reports', reports],
      { cwd: ROOT },
    );
    expect(r.code, r.stderr.slice(-2000)).toBe(1);
    expect(r.stderr).toMatch(/^\s*Error: /m);
    expect(spy).not.toHaveBeenCalled();
  });
});
