// Policy assertions: questions answered from the endpoint policy alone, with the engine.
import { statementRef } from '../policy/index.js';
import { lintPolicy, type Finding } from '../policy/index.js';
import type { RunContext } from './context.js';

export interface AssertionResult {
  ok: boolean;
  message: string;
  /** The step could not establish anything (an error cell, a fact spokegate lacks): not a plain fail. */
  error?: boolean;
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

export async function noFindingsAtOrAbove(
  ctx: RunContext,
  endpointAlias: string | undefined,
  level: keyof typeof RANK,
): Promise<AssertionResult> {
  const policy = await ctx.endpointPolicy(endpointAlias);
  const findings: Finding[] = lintPolicy(policy.compiled, 'endpoint').filter(
    (f) => RANK[f.severity] >= RANK[level],
  );
  if (findings.length === 0) return { ok: true, message: `no findings at or above ${level}` };
  return {
    ok: false,
    message: [
      `the endpoint policy has ${findings.length} finding(s) at or above ${level}:`,
      ...findings.map(
        (f) =>
          `  ${f.severity} ${f.rule}${f.statement ? ` ${statementRef({ index: f.statement.index, sid: f.statement.sid })}` : ''}: ${f.message}`,
      ),
    ].join('\n'),
  };
}
