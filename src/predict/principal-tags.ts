// A role's tags are facts, like its organization and its unique id: a session carries them as
// aws:PrincipalTag/KEY. When the config does not state them (roles.X.tags; `{}` states none), a
// decision that depends on them is taken once per tag set the policies can tell apart (each key they
// look at absent, or with one value per combination of their patterns: witnesses.ts) and is
// `unknown` when the answers differ, naming the role and the setting. Never "no tags" as a guess:
// a role tagged team=platform in AWS was predicted denied by a policy that lets team platform in.
import { overriddenTags, type Config } from '../config/index.js';
import { isTagKey } from '../identifiers/index.js';
import {
  INVOKE_ACTION,
  policyMentions,
  statementMayName,
  type ChainDecision,
  type CompiledPolicy,
  type Principal,
} from '../policy/index.js';
import { agreeing, unknown, type DecideOver } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { perPolicy } from './per-policy.js';
import { temporaryBase } from './session-mfa.js';
import { keyPatterns, keyWitnesses } from './witnesses.js';

/** A principal tag's condition key (`s`: a key may hold a line feed or U+2028, `.` alone stops there). */
const TAG_KEY = /^aws:principaltag\/(.+)$/s;
/** A policy variable holding a principal tag: its value is compared with something else. */
const TAG_VARIABLE = /\$\{aws:principaltag\//i;
/** The most tag sets tried for one decision; more is `unknown` outright. */
const MOST_SETS = 256;

/** What one statement says of principal tags: the keys its conditions look at (lower case), whether it reads one in a variable. */
interface TagReading {
  statement: number;
  keys: string[];
  /** Those of `keys` a tag IAM or STS takes can be (isTagKey, as the policy spells them). */
  holdable: string[];
  variable: boolean;
  /** The unique ids its Principal names: a role whose id is unstated may have one (role-ids.ts). */
  ids: string[];
}

/** The statements of a policy that look at a principal tag (a condition key or a variable), each once. */
const tagStatementsOf = perPolicy((policy: CompiledPolicy): TagReading[] =>
  policy.document.Statement.flatMap((document, statement) => {
    const keys = new Set<string>();
    const holdable = new Set<string>();
    const mentions = policyMentions(policy, [statement]);
    for (const c of mentions.conditions) {
      const m = TAG_KEY.exec(c.lowerKey);
      if (!m) continue;
      keys.add(m[1]!);
      // As written: a key's lower case may read otherwise (`İ` lower-cased holds U+0307, no letter).
      if (isTagKey(c.key.slice(c.key.indexOf('/') + 1))) holdable.add(m[1]!);
    }
    const variable = TAG_VARIABLE.test(JSON.stringify(document));
    return variable || keys.size > 0
      ? [{ statement, keys: [...keys], holdable: [...holdable], variable, ids: mentions.uniqueIds }]
      : [];
  }),
);

/**
 * The tag keys of `policy` that may matter to a call by `principal`, or that it reads in a variable:
 * a statement whose Principal cannot name the caller never applies to its calls, whatever its tags
 * (statementMayName), so its conditions and variables cannot change their answer (lane F, pass 19:
 * a tied-tag Deny of another account made every role with unstated tags unknown).
 */
function tagKeysOf(
  policy: CompiledPolicy,
  principal: Principal,
): { keys: string[]; holdable: string[]; variable: boolean } {
  const keys = new Set<string>();
  const holdable = new Set<string>();
  let variable = false;
  for (const t of tagStatementsOf(policy)) {
    // decideOverRoleIds decides inside with each id a Principal names: the caller as each of them too.
    const callers = [
      principal,
      ...(principal.kind === 'role-session' ? t.ids.map((roleId) => ({ ...principal, roleId })) : []),
    ];
    if (!callers.some((p) => statementMayName(policy, t.statement, INVOKE_ACTION, p))) continue;
    for (const k of t.keys) keys.add(k);
    for (const k of t.holdable) holdable.add(k);
    variable ||= t.variable;
  }
  return { keys: [...keys], holdable: [...holdable], variable };
}

/** Whether a policy looks at a principal tag (a condition key or a variable). */
export function looksAtTags(policy: CompiledPolicy): boolean {
  return tagStatementsOf(policy).length > 0;
}

/** Tag sets standing for every answer, the reason they cannot be sampled, or `[]` when none is needed. */
export type TagSamples = Record<string, string>[] | { operator: string };

/** The configured alias of a role session whose tags the config does not state (no alias of its ARN does). */
function unstatedAlias(config: Config, principal: Principal): string | undefined {
  if (principal.kind !== 'role-session') return undefined;
  const aliases = Object.entries(config.roles).filter(([, r]) => r.arn === principal.roleArn);
  if (aliases.length === 0 || aliases.some(([, r]) => r.tags !== undefined)) return undefined;
  return aliases[0]![0];
}

/**
 * The tag sets a configured role whose tags the config does not state might carry, as far as
 * `policies` can tell them apart; [] when its tags are stated, when it is no configured role, or
 * when no policy looks at a principal tag.
 */
export function tagSamples(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
): TagSamples {
  return unstatedAlias(config, principal) === undefined
    ? []
    : samplesOf(principal, policies, mayInherit(config, principal));
}

/** Whether a role session may inherit tags the config does not state (temporary base credentials). */
const mayInherit = (config: Config, principal: Principal): boolean =>
  temporaryBase(config, principal) !== undefined && config.runner?.transitiveTags === undefined;

/**
 * Tag sets over the keys the policies look at for `principal`: each key absent (left out) or one
 * value per combination. A key no tag IAM or STS takes can be (isTagKey) is absent from every set
 * unless the session may inherit tags (`inherits`): a role's own tags and AssumeRole's session tags
 * hold no such key, but transitive tags may come from a SAML or OIDC provider, whose keys no model
 * bounds (docs/aws-behaviour.md §69).
 */
function samplesOf(
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  inherits: boolean,
): TagSamples {
  const keys = new Set<string>();
  for (const p of policies) {
    if (!p) continue;
    const t = tagKeysOf(p, principal);
    if (t.variable) return { operator: 'a policy variable ${aws:PrincipalTag/…}' };
    for (const k of t.keys) if (inherits || t.holdable.includes(k)) keys.add(k);
  }
  let sets: Record<string, string>[] = [{}];
  for (const key of keys) {
    // A tag's value may be empty (IAM and STS tagValueType, length 0 to 256; docs/aws-behaviour.md §64).
    const values = keyWitnesses(keyPatterns(`aws:principaltag/${key}`), policies, [], true);
    if (!Array.isArray(values)) return { operator: `aws:PrincipalTag/${key} with ${values.operator}` };
    // Absent, or one value per combination of the patterns (a value no pattern names among them).
    sets = sets.flatMap((s) => [s, ...values.map((v) => ({ ...s, [key]: v }))]);
    if (sets.length > MOST_SETS)
      return { operator: `${keys.size} tag keys with too many values to tell apart` };
  }
  return keys.size === 0 ? [] : sets;
}

/**
 * `decide` with the role's stated tags (undefined), or, when the config does not state them and the
 * policies look at principal tags, once per tag set they tell apart: the one answer, else `unknown`.
 */
export function decideOverTags(
  config: Config,
  principal: Principal,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (tags: Record<string, string> | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  const alias = unstatedAlias(config, principal);
  if (alias === undefined) return decideOverInherited(config, principal, policies, decide);
  // Unstated tags are tried with every value the policies tell apart: inherited ones are among them.
  const sets = samplesOf(principal, policies, mayInherit(config, principal));
  if (Array.isArray(sets) && sets.length === 0) return decide(undefined);
  const arn = principal.kind === 'role-session' ? principal.roleArn : '';
  const unread = config.unread?.[`roles.${alias}.tags`];
  const hint = `set roles.${alias}.tags (the role's tags, as IAM GetRole answers them; {} for none)${unread ? `; reading them failed: ${unread}` : ''}`;
  if (!Array.isArray(sets))
    return unknown(
      `a policy looks at principal tags (${sets.operator}), and role ${arn}'s tags are not stated in the config: ${hint}`,
    );
  // Stated transitive tags of a temporary base override every tag the role may carry.
  const inherited = temporaryBase(config, principal) && config.runner?.transitiveTags;
  return agreeing(
    sets.map((s) => ({
      label: listed(s, 'with', 'with none of the tags the policies look at'),
      d: decide(inherited ? overriddenTags(s, inherited) : s),
    })),
    `the decision depends on the tags of role ${arn} (aws:PrincipalTag/…), which the config does not state`,
    hint,
  );
}

const listed = (s: Record<string, string>, verb: string, none: string) =>
  Object.keys(s).length === 0
    ? none
    : `${verb} ${Object.entries(s)
        .map(([k, v]) => `${k}=${v === '' ? '""' : v}`)
        .join(', ')}`;

/**
 * `decide` with a configured role's stated tags, or, when spokegate may assume it with temporary base
 * credentials (session-mfa.ts temporaryBase), also with each tag the policies look at inherited from
 * them: a chained session inherits the calling session's transitive tags, which override the role's
 * own tags of the same key, whatever its case (IAM User Guide id_session-tags, docs/aws-behaviour.md
 * §29, §63; EKS Pod Identity, a CI's OIDC session). The one answer, else `unknown` naming the base.
 */
const decideOverInherited: DecideOver<Record<string, string>> = (config, principal, policies, decide) => {
  const base = temporaryBase(config, principal);
  // spokegate assumes configured roles only: another role's session is no session of its base.
  const own =
    principal.kind === 'role-session'
      ? Object.values(config.roles).find((r) => r.arn === principal.roleArn && r.tags !== undefined)?.tags
      : undefined;
  if (base === undefined || own === undefined || principal.kind !== 'role-session') return decide(undefined);
  // Stated, the base's transitive tags are facts, as the role's own tags are: one reading.
  const stated = config.runner?.transitiveTags;
  if (stated !== undefined) return decide(overriddenTags(own, stated));
  const sets = samplesOf(principal, policies, true);
  if (Array.isArray(sets) && sets.length === 0) return decide(undefined);
  const what = `the decision depends on the tags of the session of role ${principal.roleArn} (aws:PrincipalTag/…): spokegate assumes it with ${base}, and such a session inherits their transitive session tags over the role's own (docs/aws-behaviour.md §63)`;
  if (!Array.isArray(sets)) {
    // The role's own tags first: a request the engine refuses to decide stays a refusal (exit 2).
    const asTagged = decide(undefined);
    return asTagged.decision === 'unknown'
      ? asTagged
      : unknown(`${what}, and a policy looks at them with ${sets.operator}: ${INHERIT_HINT}`);
  }
  return agreeing(
    sets.map((s) => ({
      label: listed(s, 'inheriting', "with the role's own tags"),
      d: decide(overriddenTags(own, s)),
    })),
    what,
    INHERIT_HINT,
  );
};
const INHERIT_HINT =
  "state the base credentials' transitive tags in runner.transitiveTags ({} for none), or run with an IAM user access key as the base identity and state runner.credentials: long-term (a role session assumed with it inherits no session tags)";
