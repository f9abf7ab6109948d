// The V8 interrupt budget the launcher sets (engine tuning only: no answer changes; bench/README.md).
// A command runs for a second or a few: at V8's default eagerness its optimizing compiler spent more
// CPU on helper threads compiling code that then ran only briefly than the code saved (the bench's
// 10,000-cell diff: about 0.6 of its 1.15 s CPU). Eight times the default budget optimizes only code
// that stays hot. The sandbox is a server that answers thousands of requests: at eight times the
// budget it spent 370-490 ms CPU per 1,000 bench cells after six warm-up passes, at the default
// 240-300 (bench/README.md), so it keeps V8's default.
const DEFAULT_BUDGET = 67_584;
const LONG_LIVED = new Set(['sandbox']);

/**
 * The V8 flag to set for `argv` (the command line after `spokegate`), or undefined: none for a
 * long-lived command, and none when node was given a budget itself (`--interrupt-budget` or
 * `--interrupt_budget`: V8 reads - and _ alike), which is the user's and is kept.
 */
export function budgetFlag(argv, execArgv) {
  if (LONG_LIVED.has(argv[0])) return undefined;
  if (execArgv.some((a) => /^--interrupt[-_]budget(?:=|$)/.test(a))) return undefined;
  return `--interrupt-budget=${8 * DEFAULT_BUDGET}`;
}
