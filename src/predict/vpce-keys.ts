// aws:VpceAccount, aws:VpceOrgID and aws:VpceOrgPaths: the account that owns the VPC endpoint a
// request comes through, and that account's organization and path. IAM's global condition keys page
// puts them in the request context only for services that support them, and no page says whether
// execute-api does (docs/aws-behaviour.md §30). The sandbox leaves them out; a prediction never
// guesses: a chain that looks at any of them is decided without them and with them (the endpoint's
// stated account, organization and path; where the config does not state one, each value the
// policies' patterns tell apart), and is `unknown` when the readings differ.
import type { Config } from '../config/index.js';
import type { ChainDecision, CompiledPolicy } from '../policy/index.js';
import { agreeing, unknown } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { perPolicy } from './per-policy.js';
import { statedResourceOrg } from './resource-org.js';
import { keyPatterns, keyWitnesses } from './witnesses.js';

/** The endpoint keys a reading puts in the request context (none: the reading without them). */
export type VpceKeys = Readonly<Record<string, string | string[]>>;

const ACCOUNT = keyPatterns('aws:vpceaccount');
const ORG_ID = keyPatterns('aws:vpceorgid');
const ORG_PATHS = keyPatterns('aws:vpceorgpaths');

/** Whether a policy looks at aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths. */
export const looksAtVpceKeys = perPolicy((p: CompiledPolicy) =>
  /aws:Vpce(?:Account|OrgID|OrgPaths)/i.test(p.text),
);

const HINT =
  'whether API Gateway puts aws:VpceAccount, aws:VpceOrgID and aws:VpceOrgPaths in the request context is not documented (docs/aws-behaviour.md §30), so spokegate cannot establish this decision offline or in the sandbox';

/** A stated value, or every value the policies' patterns for the key tell apart (none: [undefined]). */
function valuesOf(
  stated: string | undefined,
  read: typeof ACCOUNT,
  policies: readonly (CompiledPolicy | null | undefined)[],
  orAbsent: boolean,
): (string | undefined)[] | { operator: string } {
  if (stated !== undefined) return [stated];
  const w = keyWitnesses(read, policies);
  if (!Array.isArray(w)) return w;
  if (w.length === 0) return [undefined];
  return orAbsent ? [undefined, ...w] : w;
}

/**
 * `decide` without the endpoint keys when no policy looks at them; else without them and with each
 * value they may hold: the answer when every reading gives it, else `unknown` (HINT).
 */
export function decideOverVpceKeys(
  config: Config,
  endpoint: string | undefined,
  policies: readonly (CompiledPolicy | null | undefined)[],
  memberships: Readonly<Record<string, string>>,
  decide: (keys: VpceKeys | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if (!policies.some((p) => p && looksAtVpceKeys(p))) return decide(undefined);
  const alias = endpoint ?? config.defaults.endpoint;
  const account = alias === undefined ? undefined : config.endpoints[alias]?.account;
  const org = account === undefined ? undefined : statedResourceOrg(memberships, config, account);
  const accounts = valuesOf(account, ACCOUNT, policies, false);
  // An organization stated as none: no aws:VpceOrgID, no path; stated: its id (and path, if stated).
  const ids = org && !org.id ? [undefined] : valuesOf(org?.id, ORG_ID, policies, true);
  const paths = org && !org.id ? [undefined] : valuesOf(org?.path, ORG_PATHS, policies, true);
  for (const v of [accounts, ids, paths])
    if (!Array.isArray(v)) return unknown(`a policy looks at an endpoint key with ${v.operator}: ${HINT}`);
  const readings: { label: string; d: ChainDecision | UnknownDecision }[] = [
    { label: 'without the endpoint keys', d: decide(undefined) },
  ];
  for (const a of accounts as (string | undefined)[])
    for (const id of ids as (string | undefined)[])
      for (const path of id === undefined ? [undefined] : (paths as (string | undefined)[])) {
        const keys: Record<string, string | string[]> = {};
        if (a !== undefined) keys['aws:VpceAccount'] = a;
        if (id !== undefined) keys['aws:VpceOrgID'] = id;
        if (id !== undefined && path !== undefined) keys['aws:VpceOrgPaths'] = [path];
        const label = `with ${Object.entries(keys)
          .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
          .join(', ')}`;
        readings.push({
          label: Object.keys(keys).length ? label : 'with the endpoint keys (none set)',
          d: decide(keys),
        });
      }
  return agreeing(readings, 'the decision depends on the VPC endpoint keys', HINT);
}
