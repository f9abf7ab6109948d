// aws:ResourceOrgID and aws:ResourceOrgPaths: the organization of the API's account and its path,
// present only when that account is a member of one (IAM global condition keys; docs/aws-behaviour.md
// §8, resource keys). The config states them (organization/organizations, orgPaths); when it does not
// and a policy in the chain looks at the key, the call is decided with each value the policies can
// tell apart (no organization, each one they name, ours, another; each path combination they write):
// the decision when all agree, else `unknown` naming the API's account and the setting. Never a guess.
import type { ChainDecision, CompiledPolicy } from '../policy/index.js';
import type { Config } from '../config/index.js';
import { completeOrganizations, type UnknownDecision } from './index.js';
import { agreeing, unknown } from './agreement.js';
import { perPolicy } from './per-policy.js';
import { keyPatterns, keyWitnesses } from './witnesses.js';

/** The API account's organization as a request sees it: none (`{}`), or an id and maybe a path. */
export interface ResourceOrg {
  id?: string;
  path?: string;
}

const RESOURCE_ORG_KEYS = /aws:ResourceOrg(?:ID|Paths)/i;
const ORG_IDS = /o-[a-z0-9]{10,32}/g;
/** An organization no policy names: "another organization". */
const ANOTHER_ORG = 'o-spokegateanother1';

const looksAtOrg = perPolicy((p: CompiledPolicy) => RESOURCE_ORG_KEYS.test(p.text));
const pathPatterns = keyPatterns('aws:resourceorgpaths');

/** Whether a policy looks at aws:ResourceOrgID or aws:ResourceOrgPaths. */
export function looksAtResourceOrg(policy: CompiledPolicy): boolean {
  return looksAtOrg(policy);
}

/** What the config states of an account's organization: a member (and its path), none, or not stated. */
export function statedResourceOrg(
  memberships: Readonly<Record<string, string>>,
  config: Config,
  account: string,
): ResourceOrg | undefined {
  const id = memberships[account];
  if (id === undefined) return undefined;
  if (id === 'none') return {};
  const path = config.orgPaths?.[account];
  return { id, ...(path ? { path } : {}) };
}

const hint = (account: string) =>
  `state the organization of account ${account} in the config: organizations: [{ id: o-…, accounts: ['${account}'] }] (id: none for an account in no organization) and its path in orgPaths`;

/**
 * The values of aws:ResourceOrgID/aws:ResourceOrgPaths the policies tell apart for an API account
 * whose organization (`stated` undefined) or path (`stated.id` without `path`) is not stated: no
 * organization, each one the policies name, `ours`, another; each path combination they write.
 * A string when a policy compares the path in a way no sample can cover.
 */
export function resourceOrgSamples(
  policies: readonly (CompiledPolicy | null | undefined)[],
  stated: ResourceOrg | undefined,
  ours: string | undefined,
  /** Organizations whose member list is complete: an account stated nowhere is in none of them. */
  complete: ReadonlySet<string> = new Set(),
): ResourceOrg[] | string {
  // A member's path, when a policy looks at it: one per combination of the policies' patterns.
  const paths = keyWitnesses(pathPatterns, policies);
  if (!Array.isArray(paths)) return `a policy looks at aws:ResourceOrgPaths with ${paths.operator}`;
  const asMember = (id: string): ResourceOrg[] =>
    paths.length === 0 ? [{ id }] : paths.map((path) => ({ id, path }));
  const ids = stated?.id
    ? [stated.id]
    : [
        ...new Set([
          ...[
            ...policies.flatMap((p) => (p ? (p.text.match(ORG_IDS) ?? []) : [])),
            ...(ours ? [ours] : []),
          ].filter((id) => !complete.has(id)),
          ANOTHER_ORG,
        ]),
      ];
  return [...(stated ? [] : [{}]), ...ids.flatMap(asMember)];
}

/** How a sample of resourceOrgSamples reads in a message. */
export const resourceOrgLabel = (o: ResourceOrg): string =>
  o.id === undefined
    ? 'in no organization'
    : `${o.id === ANOTHER_ORG ? 'in another organization' : `in ${o.id}`}${o.path ? ` at ${o.path}` : ''}`;

/**
 * `decide` with the API account's stated organization facts; where they are not stated and a policy
 * looks at them, once per value the policies tell apart: the answer when all agree, else `unknown`.
 */
export function decideOverResourceOrg(
  memberships: Readonly<Record<string, string>>,
  config: Config,
  account: string | undefined,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (org: ResourceOrg | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (account === undefined || !policies.some((p) => p && looksAtOrg(p))) return decide(undefined);
  const stated = statedResourceOrg(memberships, config, account);
  if (stated && (stated.id === undefined || stated.path !== undefined)) return decide(undefined);
  // Stated nowhere: in no organization whose member list is complete.
  const samples = resourceOrgSamples(
    policies,
    stated,
    config.organization?.id,
    completeOrganizations(config),
  );
  if (typeof samples === 'string')
    return unknown(
      `${samples}, and the config does not state the path of the API's account ${account}: ${hint(account)}`,
    );
  return agreeing(
    samples.map((o) => ({ label: resourceOrgLabel(o), d: decide(o) })),
    stated
      ? `the decision depends on aws:ResourceOrgPaths of the API's account ${account}, which the config does not state`
      : `the decision depends on the organization of the API's account ${account}, which the config does not state`,
    hint(account),
  );
}
