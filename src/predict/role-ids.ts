// A role's unique id (AROA…) is a fact, like its organization: aws:userid is ROLEID:SESSION, and a
// Principal may name the id itself. When the config does not state it (roles.X.roleId), the engine
// uses a stand-in (AROA + a hash of the ARN); a decision that depends on the id is then taken once
// with the stand-in and once per id the policies could match, and is `unknown` when they differ,
// naming the role and the setting. Never the stand-in as a guess: a policy pinning a role to its id
// ("deny PartnerRole unless aws:userid is AROA…:*", against a role deleted and recreated under the
// same name) was predicted to deny a configured role whose id it might be.
import type { Config } from '../config/index.js';
import { compileWildcard, policyMentions, type CompiledPolicy, type Principal } from '../policy/index.js';
import type { ChainDecision } from '../policy/index.js';
import { agreeing } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { perPolicy } from './per-policy.js';

const ROLE_ID = /^AROA[A-Z0-9]+$/;

/** A role id the pattern matches, when one does (each `*` tried as nothing or as AROA, `?` as X). */
function instance(pattern: string): string | undefined {
  const plain = (s: string) => s.replace(/\*/g, '').replace(/\?/g, 'X');
  const m = compileWildcard(pattern);
  return [plain(pattern), plain(pattern.replace('*', 'AROA')), `AROA${plain(pattern)}`].find(
    (c) => ROLE_ID.test(c) && m.test(c),
  );
}

/** The role ids a policy can tell apart: unique ids it names, and the id part of aws:userid values. */
const idsOf = perPolicy((policy: CompiledPolicy): string[] => {
  const m = policyMentions(policy);
  const ids = new Set<string>(m.uniqueIds.filter((id) => ROLE_ID.test(id)));
  for (const c of m.conditions) {
    if (c.lowerKey !== 'aws:userid') continue;
    for (const v of c.values) {
      if (v.includes('${')) continue;
      const colon = v.indexOf(':');
      const id = instance(colon === -1 ? v : v.slice(0, colon));
      if (id) ids.add(id);
    }
  }
  return [...ids];
});

/**
 * The ids a configured role whose id the config does not state might have, as far as `policies`
 * can tell them apart (not the ids the config gives other roles); [] when its id is stated, when it
 * is no configured role, or when no policy can tell ids apart.
 */
export function roleIdSamples(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
): string[] {
  if (principal.kind !== 'role-session') return [];
  const unstated = unstatedRoles(config).get(principal.roleArn);
  if (!unstated) return [];
  return [...new Set(policies.flatMap((p) => (p ? idsOf(p) : [])))].filter((id) => !unstated.others.has(id));
}

/**
 * `decide` with the principal's stated role id (undefined: the engine's own), or, when the config
 * does not state it and the policies can tell ids apart, once with the stand-in and once per id
 * they match (not the ids the config gives other roles): the one answer, else `unknown`.
 */
export function decideOverRoleIds(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (roleId: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  const ids = roleIdSamples(config, principal, policies);
  if (ids.length === 0 || principal.kind !== 'role-session') return decide(undefined);
  const { alias } = unstatedRoles(config).get(principal.roleArn)!;
  return agreeing(
    [
      { label: 'with an id no policy names', d: decide(undefined) },
      ...ids.map((id) => ({ label: `with id ${id}`, d: decide(id) })),
    ],
    `the decision depends on the unique id of role ${principal.roleArn} (aws:userid is ROLEID:session), which the config does not state`,
    `set roles.${alias}.roleId (the RoleId IAM GetRole answers, AROA…)`,
  );
}

/** Configured roles without a stated id, by ARN: their alias and the ids the config gives other roles. */
function unstatedRoles(config: Config): Map<string, { alias: string; others: Set<string> }> {
  let m = UNSTATED.get(config);
  if (!m) {
    m = new Map();
    const roles = Object.entries(config.roles);
    for (const [alias, role] of roles) {
      if (m.has(role.arn) || roles.some(([, r]) => r.arn === role.arn && r.roleId !== undefined)) continue;
      const others = new Set(roles.flatMap(([, r]) => (r.arn !== role.arn && r.roleId ? [r.roleId] : [])));
      m.set(role.arn, { alias, others });
    }
    UNSTATED.set(config, m);
  }
  return m;
}
const UNSTATED = new WeakMap<Config, Map<string, { alias: string; others: Set<string> }>>();
