// parsePolicy: compile a policy and, when its kind is known, refuse what AWS refuses for that kind.
// The rules come from the lint table (lint/rules.ts `refusedFor`), so lint and the engine agree.
import { locate } from '../input/index.js';
import { PolicyError } from './errors.js';
import { managedSizeProblem, refusals, scpSizeProblem } from './lint/index.js';
import { compilePolicy, positionIn } from './parse.js';
import { RULES_BY_ID } from './lint/rules.js';
import type { CompiledPolicy, PolicyKind, PolicySource } from './types.js';

export interface ParseOptions {
  /** What the policy is attached as; without it only the grammar is checked (evaluate --policy). */
  kind?: PolicyKind;
  /** A managed policy (a permissions boundary, a world's managedPolicies): IAM's 6,144 characters. */
  managed?: boolean;
  /** A service control policy (written as an identity policy): Organizations' 5,120 characters. */
  scp?: boolean;
}

/** Validate and compile a policy (JSON text or an already-parsed object). Throws PolicyError. */
export function parsePolicy(
  input: string | object,
  source: PolicySource,
  opts: ParseOptions = {},
): CompiledPolicy {
  const policy = compilePolicy(input, source);
  if (!opts.kind) return policy;
  const tooLarge = opts.managed ? managedSizeProblem(policy) : opts.scp ? scpSizeProblem(policy) : undefined;
  const refused =
    refusals(policy, opts.kind)[0] ?? (tooLarge ? { rule: 'SG002', problem: tooLarge } : undefined);
  if (!refused) return policy;
  const st = refused.statement;
  const loc = {
    policy: source.name,
    ...(source.file !== undefined ? { file: source.file } : {}),
    ...(st ? { statement: st.index, ...(st.sid !== undefined ? { sid: st.sid } : {}) } : {}),
    ...(refused.element ? { element: refused.element } : {}),
  };
  const at = typeof input === 'string' ? positionIn(locate(input), loc) : undefined;
  const rule = RULES_BY_ID.get(refused.rule);
  throw new PolicyError(
    `${refused.problem} (${rule?.undocumentedFor?.includes(opts.kind) ? 'spokegate refuses' : 'AWS refuses'} this ${opts.kind} policy: rule ${refused.rule}${rule ? ` ${rule.name}` : ''})`,
    { ...loc, ...(at ?? {}) },
    refused.rule,
  );
}

/**
 * The session policy of a GetFederationToken session given none (and of a managed session policy
 * that cannot be found: fail closed): it allows nothing ("if you do not pass any session policies,
 * then the resulting federated user session has no permissions", botocore sts model).
 */
export const ALLOWS_NOTHING = parsePolicy(
  { Version: '2012-10-17', Statement: [] },
  { name: 'session:none' },
  { kind: 'identity' },
);
