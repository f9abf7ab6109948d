// Whether a role session spokegate assumes carries MFA. Assumed with long-term base credentials (an IAM
// user's access keys: the sandbox's harness, a plain live run) it carries none in every reading. Assumed
// with temporary base credentials (AWS_SESSION_TOKEN: an `aws sts get-session-token` session, a role
// session), AWS's pages read two ways (docs/aws-behaviour.md §41): the MFA page says AssumeRole's
// credentials carry no MFA, while the global keys page counts aws:MultiFactorAuthAge "since the requesting
// principal was authorized using MFA" and the field measures the MFA of an MFA GetSessionToken session
// carried into the role session. GetCallerIdentity does not say whether the base had MFA. So a decision
// that looks at aws:MultiFactorAuth* is taken once without MFA and once with it, at each age the policies
// tell apart, and is `unknown` when the answers differ, never one reading's answer.
import type { Config } from '../config/index.js';
import { policyMentions, type CompiledPolicy, type Principal } from '../policy/index.js';
import { agreeing, unknown, type DecideOver } from './agreement.js';
import { perPolicy } from './per-policy.js';

/** The MFA a role session carries in one reading: none, or present with an age in seconds. */
export type SessionMfa = { present: false } | { present: true; age: number };

const MFA_KEY = /^aws:multifactorauth(?:present|age)$/;
const MFA_VARIABLE = /\$\{aws:multifactorauth/i;

/**
 * What a policy's conditions say of the MFA keys: whether it looks at them, the ages its Numeric
 * conditions on aws:MultiFactorAuthAge compare with, and an operator whose regions are not intervals
 * (a String operator on the age, a policy variable holding either key), which no sample stands for.
 */
const mfaFactsOf = perPolicy(
  (policy: CompiledPolicy): { looks: boolean; ages: number[]; operator?: string } => {
    if (MFA_VARIABLE.test(policy.text))
      return { looks: true, ages: [], operator: 'a policy variable ${aws:MultiFactorAuth…}' };
    let looks = false;
    const ages: number[] = [];
    for (const c of policyMentions(policy).conditions) {
      if (!MFA_KEY.test(c.lowerKey)) continue;
      looks = true;
      if (c.lowerKey !== 'aws:multifactorauthage' || c.operator.family === 'Null') continue;
      if (c.operator.family !== 'Numeric')
        return { looks, ages, operator: `${c.operator.name} on aws:MultiFactorAuthAge` };
      for (const v of c.values) {
        const n = Number(v);
        if (!Number.isFinite(n)) continue; // no number: the condition never holds, whatever the age
        // Whole seconds on each side of the value, and the value itself: every interval it bounds.
        for (const a of [Math.floor(n) - 1, Math.floor(n), Math.ceil(n), Math.ceil(n) + 1])
          if (a >= 0) ages.push(a);
      }
    }
    return { looks, ages };
  },
);

/** Whether a policy looks at aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge. */
export function looksAtSessionMfa(policy: CompiledPolicy): boolean {
  return mfaFactsOf(policy).looks;
}

/**
 * The base credentials a role session is assumed with, in words, when they may be temporary
 * (`config.baseSession`, read by a run; `runner.credentials: temporary`; or not stated): such a
 * session may carry their MFA (below) and inherits their transitive session tags (principal-tags.ts).
 * Undefined for another principal, or when the base is long-term access keys.
 */
export function temporaryBase(config: Config, principal: Principal): string | undefined {
  const stated = config.runner?.credentials;
  if (principal.kind !== 'role-session' || (config.baseSession === undefined && stated === 'long-term'))
    return undefined;
  return config.baseSession !== undefined
    ? `temporary base credentials (${config.baseSession})`
    : stated === 'temporary'
      ? 'temporary base credentials (runner.credentials: temporary)'
      : 'base credentials the config does not state (runner.credentials)';
}

/**
 * `decide` with the MFA the config's role sessions carry (undefined: none, the reading every source
 * agrees on for long-term base credentials); when spokegate's base credentials are temporary
 * (`config.baseSession`, read by a run, or `runner.credentials: temporary`) or not known (offline
 * without `runner.credentials`), the principal is a role session and the policies look at the MFA keys,
 * once without MFA and once with it at every age they tell apart: the one answer, else `unknown`.
 */
export const decideOverSessionMfa: DecideOver<SessionMfa> = (config, principal, policies, decide) => {
  const base = temporaryBase(config, principal);
  if (base === undefined || principal.kind !== 'role-session') return decide(undefined);
  let looks = false;
  const ages = new Set<number>([0]);
  for (const p of policies) {
    if (!p) continue;
    const f = mfaFactsOf(p);
    looks ||= f.looks;
    if (f.operator !== undefined)
      return unknown(`${WHAT(principal.roleArn, base)}, and a policy tests it with ${f.operator}: ${HINT}`);
    for (const a of f.ages) ages.add(a);
  }
  if (!looks) return decide(undefined);
  const readings: { label: string; mfa: SessionMfa }[] = [
    { label: 'without MFA', mfa: { present: false } },
    ...[...ages]
      .sort((a, b) => a - b)
      .map((age) => ({ label: `with MFA ${age} s old`, mfa: { present: true as const, age } })),
  ];
  return agreeing(
    readings.map((r) => ({ label: r.label, d: decide(r.mfa) })),
    WHAT(principal.roleArn, base),
    HINT,
  );
};

const WHAT = (roleArn: string, base: string) =>
  `the decision depends on whether the session of role ${roleArn} carries MFA (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge): spokegate assumes it with ${base}, and AWS's pages disagree on whether a role session carries the MFA of temporary credentials that assumed it (docs/aws-behaviour.md §41)`;
const HINT =
  'run with an IAM user access key as the base identity and state runner.credentials: long-term (a role session assumed with it carries no MFA in either reading)';

/**
 * What a run's base credentials say against a stated `runner.credentials` or `runner.transitiveTags`,
 * which offline predictions take as fact (above; principal-tags.ts): the setting and the problem in
 * words, or undefined when they agree or are unstated. `base`: the base credentials' ARN when they
 * carry a session token, undefined for access keys without one.
 */
export function statedCredentialsProblem(
  config: Config,
  base: string | undefined,
): { field: string; problem: string } | undefined {
  const stated = config.runner?.credentials;
  const found = base === undefined ? 'long-term' : 'temporary';
  if (stated !== undefined && stated !== found) {
    const what =
      base === undefined
        ? 'access keys without a session token (long-term)'
        : `temporary (a session token: ${base})`;
    return {
      field: 'runner.credentials',
      problem: `states ${stated}, but this run's base credentials are ${what}: offline predictions take the setting as fact (whether a role session carries MFA, docs/aws-behaviour.md §41). State runner.credentials: ${found}, or run with the credentials it names`,
    };
  }
  const tags = Object.keys(config.runner?.transitiveTags ?? {}).length;
  if (base === undefined && tags > 0)
    return {
      field: 'runner.transitiveTags',
      problem: `states ${tags} transitive session tag${tags === 1 ? '' : 's'}, but this run's base credentials are access keys without a session token (long-term), which carry none: offline predictions take the setting as fact (docs/aws-behaviour.md §65). Leave runner.transitiveTags out, or run with the session that carries them`,
    };
  return undefined;
}
