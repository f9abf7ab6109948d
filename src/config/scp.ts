// Service control policies as stated facts (config and world `serviceControlPolicies`): the SCPs
// attached to each root, OU and account, and which account is the management account. An account's
// SCPs are the lists along its organization path, root first, the account last (Organizations User
// Guide, orgs_manage_policies_scps_evaluation; docs/aws-behaviour.md §22). One reading for both files.
import { InputError } from '../errors.js';
import { isAccountId, orgPathTargets } from '../identifiers/index.js';

export interface ScpFacts<T> {
  managementAccount?: string | undefined;
  /** Target id (root r-…, OU ou-…, 12-digit account) -> the SCPs attached to it. */
  attached: Readonly<Record<string, readonly T[]>>;
}

/** Where the file states what: the field names errors give. */
export interface ScpFields {
  file: string;
  /** The field holding an account's organization path (`orgPaths.ID`, `accounts.ID.orgPath`). */
  orgPathField: (account: string) => string;
}

/**
 * Account -> its SCPs, one list per level of its path (root first, the account itself last), for
 * every account stated under `attached`, the management account aside (SCPs do not limit it). An
 * account with SCPs needs its path; every level of the path must be stated (an SCP-enabled
 * organization has at least one SCP attached to each); an account whose path starts at a root whose
 * SCPs are stated must be stated too. Anything else would model only part of the limits: exit 2.
 */
export function scpLevels<T>(
  facts: ScpFacts<T> | undefined,
  orgPathOf: (account: string) => string | undefined,
  accounts: Iterable<string>,
  where: ScpFields,
): Record<string, T[][]> {
  const out: Record<string, T[][]> = {};
  if (!facts) return out;
  const field = (target: string) => `serviceControlPolicies.attached.${target}`;
  const has = (t: string) => Object.prototype.hasOwnProperty.call(facts.attached, t);
  for (const account of Object.keys(facts.attached)) {
    if (!isAccountId(account) || account === facts.managementAccount) continue;
    const path = orgPathOf(account);
    const targets = path === undefined ? undefined : orgPathTargets(path);
    if (!targets)
      throw new InputError(
        `account ${account} has SCPs stated but no organization path: state ${where.orgPathField(account)} (its root and OUs), along which its SCPs apply`,
        { file: where.file, field: field(account) },
      );
    const missing = targets.filter((t) => !has(t));
    if (missing.length)
      throw new InputError(
        `the path of account ${account} (${where.orgPathField(account)}: ${path}) goes through ${missing.join(', ')}, whose SCPs are not stated: state ${missing.map(field).join(', ')} (every root and OU has at least one SCP attached, FullAWSAccess by default)`,
        { file: where.file, field: field(account) },
      );
    out[account] = [...targets, account].map((t) => [...facts.attached[t]!]);
  }
  // A root stated means the organization's SCPs are modelled: every account under it must be too.
  for (const account of accounts) {
    if (out[account] || account === facts.managementAccount) continue;
    const root = orgPathTargets(orgPathOf(account) ?? '')?.[0];
    if (root !== undefined && has(root))
      throw new InputError(
        `account ${account} is under root ${root}, whose SCPs are stated, but its own are not: state ${field(account)} (FullAWSAccess by default), or serviceControlPolicies.managementAccount if it is the management account`,
        { file: where.file, field: where.orgPathField(account) },
      );
  }
  return out;
}
