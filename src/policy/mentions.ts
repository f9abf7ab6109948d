// What a policy mentions: the principals, resource patterns and condition values it is written
// with. src/analysis partitions every request dimension by these values (the regions the policy
// can tell apart); nothing here decides anything — decisions stay with evaluate/chain.
import { isCompiled } from './parse.js';
import { statementRef } from './statement-ref.js';
import type { OperatorSpec } from './conditions/index.js';
import type { CompiledPolicy } from './types.js';

export interface MentionedCondition {
  key: string;
  lowerKey: string;
  operator: Pick<OperatorSpec, 'name' | 'base' | 'family' | 'negated' | 'ifExists' | 'qualifier'>;
  values: readonly string[];
  /** The effect of the statement the condition is in. */
  effect: 'Allow' | 'Deny';
  /** Where it is written: the policy's file (or name) and `Statement[i] (Sid …) Condition OP KEY`, for refusals. */
  where: { file: string; ref: string };
}

export interface PolicyMentions {
  /** Accounts named in Principal/NotPrincipal (ids and :root ARNs). */
  accounts: string[];
  /** Role ARNs named in Principal/NotPrincipal. */
  roleArns: string[];
  /** Assumed-role session ARNs named in Principal/NotPrincipal. */
  sessionArns: string[];
  /** IAM user ARNs named in Principal/NotPrincipal. */
  userArns: string[];
  /** Federated-user (GetFederationToken session) ARNs named in Principal/NotPrincipal. */
  federatedUserArns: string[];
  /** Unique ids (AROA…) named in Principal/NotPrincipal. */
  uniqueIds: string[];
  /** Per statement with a Principal or NotPrincipal: the role and user ARNs it names. */
  principals: { statement: number; not: boolean; roleArns: string[]; userArns: string[] }[];
  /**
   * Resource / NotResource patterns as written; the short form (`execute-api:/…`) names the API the
   * policy is attached to: bindShortForm gives the full ARN for that API (as the engine matches it).
   */
  resources: string[];
  /** Resource patterns holding policy variables (their value depends on the request); short forms as above. */
  resourceTemplates: string[];
  conditions: MentionedCondition[];
}

/**
 * What a policy mentions, read once per compiled policy (a diff asks it of the same policies for
 * every cell and class), or what some of its statements mention (their indices: those that may
 * apply to an API's requests, statementsReaching). Read only: callers never change it.
 */
export function policyMentions(policy: CompiledPolicy, statements?: readonly number[]): PolicyMentions {
  let m = MENTIONS.get(policy);
  if (!m) MENTIONS.set(policy, (m = readMentions(policy)));
  if (statements === undefined || !isCompiled(policy) || statements.length === policy.statements.length)
    return m;
  // Some statements alone (statementsReaching): read once per policy and set of statements.
  let some = SOME.get(policy);
  if (!some) SOME.set(policy, (some = new Map<string, PolicyMentions>()));
  const key = statements.join(',');
  let s = some.get(key);
  if (!s) some.set(key, (s = readMentions(policy, new Set(statements))));
  return s;
}
/**
 * Which way matching each Resource pattern (as `matchers` hold it, short forms unbound) moves a
 * decision: `allow` where every statement naming it is an Allow's Resource or a Deny's NotResource
 * (matching it can only add grants), `deny` where every one is a Deny's Resource or an Allow's
 * NotResource (it can only add refusals), `both` otherwise. The evaluation is monotone in each:
 * more grants never refuse, more refusals never grant (who-can reads a path's two readings by it).
 */
export function resourceSides(policies: readonly CompiledPolicy[]): Map<string, 'allow' | 'deny' | 'both'> {
  const out = new Map<string, 'allow' | 'deny' | 'both'>();
  for (const policy of policies) {
    if (!isCompiled(policy)) continue;
    for (const st of policy.statements) {
      if (!st.resource) continue;
      const side = (st.effect === 'Allow') !== st.resource.not ? 'allow' : 'deny';
      for (const m of st.resource.matchers) {
        const was = out.get(m.pattern);
        out.set(m.pattern, was === undefined || was === side ? side : 'both');
      }
    }
  }
  return out;
}

const MENTIONS = new WeakMap<CompiledPolicy, PolicyMentions>();
const SOME = new WeakMap<CompiledPolicy, Map<string, PolicyMentions>>();

function readMentions(policy: CompiledPolicy, only?: ReadonlySet<number>): PolicyMentions {
  const out: PolicyMentions = {
    accounts: [],
    roleArns: [],
    sessionArns: [],
    userArns: [],
    federatedUserArns: [],
    uniqueIds: [],
    principals: [],
    resources: [],
    resourceTemplates: [],
    conditions: [],
  };
  if (!isCompiled(policy)) return out;
  for (const st of policy.statements) {
    if (only && !only.has(st.index)) continue;
    const p = st.principal?.compiled;
    if (p) {
      out.principals.push({
        statement: st.index,
        not: st.principal.not,
        roleArns: [...p.roleArns],
        userArns: [...p.userArns],
      });
      out.accounts.push(...p.accounts);
      out.roleArns.push(...p.roleArns);
      out.sessionArns.push(...p.sessionArns);
      out.userArns.push(...p.userArns);
      out.federatedUserArns.push(...p.federatedUserArns);
      out.uniqueIds.push(...p.uniqueIds);
    }
    if (st.resource) {
      for (const m of st.resource.matchers) out.resources.push(m.pattern);
      for (const t of st.resource.templates) out.resourceTemplates.push(t.raw);
    }
    for (const c of st.conditions) {
      const { name, base, family, negated, ifExists, qualifier } = c.operator;
      out.conditions.push({
        key: c.key,
        lowerKey: c.lowerKey,
        operator: { name, base, family, negated, ifExists, qualifier },
        values: c.values,
        effect: st.effect,
        where: {
          file: policy.source.file ?? policy.source.name,
          ref: `${statementRef({ index: st.index, ...(st.sid !== undefined ? { sid: st.sid } : {}) })} Condition ${name} ${c.key}`,
        },
      });
    }
  }
  return out;
}
