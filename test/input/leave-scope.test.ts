// A long-lived command leaves the input scope once its inputs are read (the sandbox, serving: the
// scope's AsyncLocalStorage hooks cost every request), but only when it is main()'s only command:
// another command's scope (its project boundary) must never be dropped under it.
import { describe, expect, it } from 'vitest';
import { currentScope, leaveInputScope, makeScope, withCommandScope } from '../../src/input/index.js';

const scope = () => makeScope({ cwd: process.cwd() });
const tick = () => new Promise((r) => setTimeout(r, 1));

describe('leaveInputScope', () => {
  it('drops the scope of the only command open; a later command has its own again', async () => {
    const seen = await withCommandScope(scope(), async () => {
      const before = currentScope() !== undefined;
      const left = leaveInputScope();
      await tick();
      return { before, left, after: currentScope() };
    });
    expect(seen).toEqual({ before: true, left: true, after: undefined });
    const again = await withCommandScope(scope(), async () => {
      await tick();
      return currentScope();
    });
    expect(again).toBeDefined();
  });

  it('keeps every scope while another command is open', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const other = withCommandScope(scope(), async () => {
      await held;
      return currentScope();
    });
    const left = await withCommandScope(scope(), async () => {
      const l = leaveInputScope();
      await tick();
      return { l, mine: currentScope() };
    });
    release();
    expect(left.l).toBe(false);
    expect(left.mine).toBeDefined();
    expect(await other).toBeDefined();
  });
});
