// A role's unique id (AROA…) is a fact, like its organization: aws:userid is ROLEID:SESSION, and a
// Principal may name the id itself. When the config does not state it (roles.X.roleId), the engine
// uses a stand-in (AROA + a hash of the ARN); a decision that depends on the id is then taken once
// with the stand-in and once per id the policies could match, and is `unknown` when they differ,
// naming the role and the setting. Never the stand-in as a guess: a policy pinning a role to its id
// ("deny PartnerRole unless aws:userid is AROA…:*", against a role deleted and recreated under the
// same name) was predicted to deny a configured role whose id it might be.
import type { Config } from '../config/index.js';
import { policyMentions, type CompiledPolicy, type Principal } from '../policy/index.js';
import type { ChainDecision } from '../policy/index.js';
import { agreeing, unknown } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { perPolicy } from './per-policy.js';
import { gatherPatterns, keyPatterns, patternWitnesses, uniquePatterns } from './witnesses.js';

const ROLE_ID = /^AROA[A-Z0-9]+$/;
/** What a role id holds after AROA (IAM: upper-case letters and digits). */
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** What each policy writes for aws:userid (ROLEID:SESSION for a role session). */
const userIdsOf = keyPatterns('aws:userid');

/** The role ids a policy names in a Principal (matched exactly against the caller's id). */
const namedIdsOf = perPolicy((policy: CompiledPolicy): string[] =>
  policyMentions(policy).uniqueIds.filter((id) => ROLE_ID.test(id)),
);

/** Whether a policy can tell role ids apart at all (reads aws:userid, or names a role id). */
export function looksAtRoleIds(policy: CompiledPolicy): boolean {
  const u = userIdsOf(policy);
  return 'operator' in u || u.looks || namedIdsOf(policy).length > 0;
}

/** Ids standing for every answer, the operator that prevents it, or `[]` when no policy looks. */
export type RoleIdSamples = string[] | { operator: string };

/**
 * The ids a configured role whose id the config does not state might have, as far as `policies`
 * can tell them apart: one role id (AROA + upper-case letters and digits) for each combination of
 * the policies' aws:userid patterns (seen as ID:SESSION, the session the role's) and the ids they
 * name that some id reaches (witnesses.ts: exhaustive, or the operator that prevents it), never an
 * id the config gives another role; [] when its id is stated, when it is no configured role, or
 * when no policy can tell ids apart.
 */
export function roleIdSamples(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
): RoleIdSamples {
  if (principal.kind !== 'role-session') return [];
  const unstated = unstatedRoles(config).get(principal.roleArn);
  if (!unstated) return [];
  const suffix = `:${principal.sessionName}`;
  // A policy's aws:userid patterns, and the ids its Principal names (as ROLEID:SESSION).
  const gathered = gatherPatterns((p) => {
    const u = userIdsOf(p);
    if ('operator' in u) return u;
    const named = namedIdsOf(p).map((id) => ({ value: `${id}${suffix}`, literal: true }));
    return { patterns: [...u.patterns, ...named], looks: u.looks || named.length > 0 };
  }, policies);
  if ('operator' in gathered) return gathered;
  if (!gathered.looks) return [];
  // Other roles' ids are patterns of their own, so no combination is stood for by one of them.
  const others = [...unstated.others].map((id) => ({ value: `${id}${suffix}`, literal: true }));
  const all = [
    ...uniquePatterns([...gathered.patterns, ...others]),
    // A role id: the combinations that hold it are the ones sampled.
    { value: `AROA?*${suffix}`, literal: false },
  ];
  const key = `${suffix}\0${all.map((p) => `${p.literal ? 1 : 0}${p.value}`).join('\0')}`;
  let hit = SAMPLES.get(key);
  if (!hit) {
    const ws = patternWitnesses(all, { chars: ID_CHARS, suffix });
    // The combinations without the AROA pattern are no role id's: their witnesses are left out.
    hit = ws
      ? ws.filter((w) => ROLE_ID.test(w) && !unstated.others.has(w))
      : { operator: `${all.length - 1} patterns too many to tell apart` };
    if (SAMPLES.size > 1_000) SAMPLES.clear();
    SAMPLES.set(key, hit);
  }
  return hit;
}
const SAMPLES = new Map<string, RoleIdSamples>();

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
  if (principal.kind !== 'role-session' || (Array.isArray(ids) && ids.length === 0)) return decide(undefined);
  const { alias } = unstatedRoles(config).get(principal.roleArn)!;
  const unread = config.unread?.[`roles.${alias}.roleId`];
  const hint = `set roles.${alias}.roleId (the RoleId IAM GetRole answers, AROA…)${unread ? `; reading it failed: ${unread}` : ''}`;
  if (!Array.isArray(ids))
    return unknown(
      `a policy looks at aws:userid with ${ids.operator}, and the decision depends on the unique id of role ${principal.roleArn}, which the config does not state: ${hint}`,
    );
  return agreeing(
    [
      { label: 'with an id no policy names', d: decide(undefined) },
      ...ids.map((id) => ({ label: `with id ${id}`, d: decide(id) })),
    ],
    `the decision depends on the unique id of role ${principal.roleArn} (aws:userid is ROLEID:session), which the config does not state`,
    hint,
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
