import { InputError } from '../errors.js';
import { RULES_BY_ID } from './lint/rules.js';
import { statementRef } from './statement-ref.js';

/** Where in a policy a problem is: the statement (index and Sid) and the element. */
export interface PolicyLocation {
  policy?: string;
  file?: string;
  statement?: number;
  sid?: string;
  element?: string;
  /** Line and column in the policy text, when it was given as text. */
  line?: number;
  column?: number;
}

/**
 * An invalid policy. The message names the policy, the statement (index and Sid) and the element, so
 * a user can find the fault without reading a stack trace. `rule` is the lint rule id the problem
 * maps to when lint reports parse errors as findings.
 */
export class PolicyError extends InputError {
  override name = 'PolicyError';
  constructor(
    readonly problem: string,
    readonly location: PolicyLocation = {},
    readonly rule: string = 'SG000',
  ) {
    super(PolicyError.describe(PolicyError.withRule(problem, rule), location), {
      file: location.file,
      field: PolicyError.field(location),
      line: location.line,
    });
  }

  static field(loc: PolicyLocation): string | undefined {
    const parts: string[] = [];
    if (loc.statement !== undefined) {
      parts.push(statementRef({ index: loc.statement, sid: loc.sid }));
    }
    if (loc.element) parts.push(loc.element);
    return parts.length ? parts.join(' ') : undefined;
  }

  /** Every refusal names its rule (lint's table), so a user can look it up and silence nothing by accident. */
  private static withRule(problem: string, rule: string): string {
    if (problem.includes(`rule ${rule}`)) return problem;
    const r = RULES_BY_ID.get(rule);
    return r ? `${problem} (rule ${rule} ${r.name})` : problem;
  }

  private static describe(problem: string, loc: PolicyLocation): string {
    // InputError prefixes file and field; add the policy name when there is no file to name it.
    return loc.policy && !loc.file ? `policy ${loc.policy}: ${problem}` : problem;
  }
}
