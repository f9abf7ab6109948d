// Principals: who is calling (principalFromArn) and the Principal / NotPrincipal element.
//   "*" and {"AWS":"*"}       everyone, anonymous included
//   account id, :root ARN     any principal of that account (in a resource policy the chain treats
//                             this as delegation to the account, see chain.ts)
//   role ARN                  every session of that role (at that path, when the caller's is known)
//   assumed-role session ARN  that session
//   user ARN                  that user
//   federated-user ARN        that GetFederationToken session
//   unique id (AROA…, AIDA…)  only the role/user with that id (a role deleted and re-created gets a
//                             new id, so a dangling id matches nobody)
//   Service                   that AWS service principal
// Wildcards inside principal ARNs are invalid (AWS rejects them; use aws:PrincipalArn + ArnLike).
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { excerpt } from '../escape/index.js';
import {
  isAccountId,
  parseFederatedUserArn,
  isSessionName,
  arnFields,
  parseRoleArn,
  parseRootArn,
  parseSessionArn,
  parseUserArn,
  roleArn as roleArnOf,
  rootArn,
  sessionArn as sessionArnOf,
} from '../identifiers/index.js';
import type { Principal } from './types.js';
import { Undecided, UNDECIDED } from './undecided.js';

export const DEFAULT_SESSION_NAME = 'spokegate';

const UNIQUE_ID = /^(AROA|AIDA|AGPA|AIPA|ANPA|ANVA|ASIA|AKIA)[A-Z0-9]{8,}$/;

/**
 * The caller for a role ARN (a session of that role, session name `spokegate` unless given), an
 * assumed-role session ARN, a user ARN, an account root ARN, or `anonymous`.
 * When the role's unique id is not given, a stable stand-in (`AROA` + a hash of the role ARN) is
 * used so `aws:userid` keeps its `ROLEID:session` shape.
 */
export function principalFromArn(
  arn: string,
  opts: { sessionName?: string; roleId?: string } = {},
): Principal {
  const s = arn.trim();
  if (s.toLowerCase() === 'anonymous') return { kind: 'anonymous' };
  if (opts.sessionName !== undefined && !isSessionName(opts.sessionName)) {
    throw new InputError(
      `session name "${opts.sessionName}" is not valid (2-64 of letters, digits and +=,.@_-)`,
    );
  }
  const role = parseRoleArn(s);
  if (role) {
    const sessionName = opts.sessionName ?? DEFAULT_SESSION_NAME;
    return {
      kind: 'role-session',
      roleArn: s,
      sessionArn: sessionArnOf({ ...role, roleName: role.name, sessionName }),
      account: role.account,
      roleName: role.name,
      sessionName,
      roleId: opts.roleId ?? standInId('AROA', s),
      rolePath: role.path,
    };
  }
  const session = parseSessionArn(s);
  if (session) {
    const roleArn = roleArnOf({ ...session, name: session.roleName });
    return {
      kind: 'role-session',
      roleArn,
      sessionArn: s,
      account: session.account,
      roleName: session.roleName,
      sessionName: session.sessionName,
      roleId: opts.roleId ?? standInId('AROA', roleArn),
    };
  }
  const user = parseUserArn(s);
  if (user) {
    return {
      kind: 'user',
      arn: s,
      account: user.account,
      userName: user.name,
      userId: opts.roleId ?? standInId('AIDA', s),
    };
  }
  const fed = parseFederatedUserArn(s);
  if (fed) return { kind: 'federated-user', arn: s, account: fed.account, name: fed.name };
  const root = parseRootArn(s);
  if (root)
    return root.partition === 'aws'
      ? { kind: 'root', account: root.account }
      : { kind: 'root', account: root.account, partition: root.partition };
  throw new InputError(
    `principal "${excerpt(arn, 160)}" is not a role ARN, an assumed-role session ARN, a user ARN, a federated-user ARN, an account root ARN or "anonymous"`,
    { field: 'principal' },
  );
}

function standInId(prefix: string, arn: string): string {
  // The same roles are asked about again and again (each session, each random draw): hashed once.
  const key = `${prefix}\0${arn}`;
  let out = STAND_IN_IDS.get(key);
  if (out === undefined) {
    const h = createHash('sha256').update(arn).digest();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    out = prefix;
    for (let i = 0; i < 17; i++) out += alphabet[h[i]! % 32];
    if (STAND_IN_IDS.size >= 10_000) STAND_IN_IDS.clear();
    STAND_IN_IDS.set(key, out);
  }
  return out;
}
const STAND_IN_IDS = new Map<string, string>();

/**
 * Principals are matched within a partition: `arn:aws-cn:iam::111111111111:role/R` never matches a
 * caller in `aws` (an account id is unique only within its partition). Keys of the compiled maps are
 * the account id for `aws` and `PARTITION:ACCOUNT` elsewhere; a bare account id in a policy names the
 * account in the caller's partition.
 */
function accountKey(partition: string, account: string): string {
  return partition === 'aws' ? account : `${partition}:${account}`;
}

/** The partition of a caller (`aws` when its ARN does not say otherwise). */
export function principalPartition(p: Principal): string {
  if (p.kind === 'root') return p.partition ?? 'aws';
  const arn =
    p.kind === 'role-session' ? p.roleArn : p.kind === 'user' || p.kind === 'federated-user' ? p.arn : '';
  // Most callers are in aws: no need to split their ARN (asked for every statement tested).
  if (arn.startsWith('arn:aws:')) return 'aws';
  return arnFields(arn)?.partition || 'aws';
}

function callerKey(p: Principal & { account: string }): string {
  return accountKey(principalPartition(p), p.account);
}

/** The account of a caller, when it has one. */
export function principalAccount(p: Principal): string | undefined {
  return p.kind === 'role-session' || p.kind === 'user' || p.kind === 'federated-user' || p.kind === 'root'
    ? p.account
    : undefined;
}

/** The ARN a caller is shown as in denial messages ("User: <arn> is not authorized..."). */
export function principalDisplay(p: Principal): string {
  switch (p.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'role-session':
      return p.sessionArn;
    case 'user':
    case 'federated-user':
      return p.arn;
    case 'root':
      return rootArn(p.account, p.partition);
    case 'service':
      return p.service;
  }
}

/** One compiled Principal/NotPrincipal element. */
export interface CompiledPrincipal {
  /** "*" (or {"AWS":"*"}) was named. */
  readonly any: boolean;
  /** Accounts named (account key: the id for `aws`, `PARTITION:ID` elsewhere; bare ids as written). */
  readonly accounts: ReadonlySet<string>;
  /** Accounts named by a bare id: they name the account in whatever partition the caller is in. */
  readonly bareAccounts: ReadonlySet<string>;
  readonly roleArns: ReadonlySet<string>;
  readonly sessionArns: ReadonlySet<string>;
  readonly userArns: ReadonlySet<string>;
  /** Federated-user (GetFederationToken session) ARNs named, as written. */
  readonly federatedUserArns: ReadonlySet<string>;
  /** account key -> role names: role names are unique in an account whatever their path, so a role
   * ARN with a path still matches a session whose ARN (which has no path) names the role. */
  readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
  /** account key -> role name -> the paths written for it. A role ARN names the role at that path
   * only: when the caller's path is known (a role ARN), another path is another ARN, no match. */
  readonly rolePaths: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
  readonly users: ReadonlyMap<string, ReadonlySet<string>>;
  /** `account key/user name` -> the paths written for it (a user's ARN always states its path). */
  readonly userPaths: ReadonlyMap<string, ReadonlySet<string>>;
  readonly uniqueIds: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Federated and CanonicalUser entries: kept for display; no caller here matches them. */
  readonly other: readonly string[];
  /** Every entry as written, for lint and explanations. */
  readonly entries: readonly { type: string; value: string }[];
}

/** Why an entry is invalid (thrown as Error; the parser adds statement and element). */
export class InvalidPrincipalError extends Error {
  constructor(
    message: string,
    readonly wildcard = false,
  ) {
    super(message);
  }
}

export function compilePrincipal(el: unknown, elementName: string): CompiledPrincipal {
  const accounts = new Set<string>();
  const bareAccounts = new Set<string>();
  const roleArns = new Set<string>();
  const sessionArns = new Set<string>();
  const userArns = new Set<string>();
  const federatedUserArns = new Set<string>();
  const uniqueIds = new Set<string>();
  const services = new Set<string>();
  const roles = new Map<string, Set<string>>();
  const rolePaths = new Map<string, Map<string, Set<string>>>();
  const users = new Map<string, Set<string>>();
  const userPaths = new Map<string, Set<string>>();
  const other: string[] = [];
  const entries: { type: string; value: string }[] = [];
  let any = false;
  if (typeof el === 'string') {
    if (el !== '*') {
      throw new InvalidPrincipalError(
        `${elementName} must be "*" or an object such as {"AWS": "${el}"}, not a bare string`,
      );
    }
    any = true;
    entries.push({ type: '*', value: '*' });
  } else if (el && typeof el === 'object' && !Array.isArray(el)) {
    const obj = el as Record<string, unknown>;
    if (Object.keys(obj).length === 0) throw new InvalidPrincipalError(`${elementName} is empty`);
    for (const [type, raw] of Object.entries(obj)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw new InvalidPrincipalError(`${elementName}.${type} is an empty list`);
      for (const v of list) {
        if (typeof v !== 'string')
          throw new InvalidPrincipalError(`${elementName}.${type} values must be strings`);
        entries.push({ type, value: v });
        switch (type) {
          case 'AWS':
            if (v === '*') any = true;
            // A space around an ARN or account id is no part of any principal: not trimmed into one
            // ("Invalid principal format"; docs/aws-behaviour.md §20).
            else if (v !== v.trim())
              throw new InvalidPrincipalError(
                `${elementName}.AWS "${excerpt(v, 160)}" has white space around it, and no principal does: write the ARN or account id alone`,
              );
            else addAws(v, elementName);
            break;
          case 'Service':
            // "Unsupported wildcard in principal: Wildcards (*, ?) are not supported".
            if (v.includes('*') || v.includes('?'))
              throw new InvalidPrincipalError(
                `${elementName}.Service "${excerpt(v, 160)}" may not hold a wildcard`,
                true,
              );
            services.add(v.toLowerCase());
            break;
          // "All principals" is "*" or {"AWS": "*"} alone (IAM User Guide,
          // reference_policies_elements_principal): {"CanonicalUser": "*"} names no execute-api
          // caller, like every CanonicalUser and Federated entry (docs/aws-behaviour.md §15).
          case 'Federated':
          case 'CanonicalUser':
            other.push(`${type}:${v}`);
            break;
          default:
            throw new InvalidPrincipalError(
              `${elementName} has unknown principal type "${type}" (use AWS, Service, Federated or CanonicalUser)`,
            );
        }
      }
    }
  } else {
    throw new InvalidPrincipalError(`${elementName} must be "*" or an object such as {"AWS": [...]}`);
  }
  return {
    any,
    accounts,
    bareAccounts,
    roleArns,
    sessionArns,
    userArns,
    federatedUserArns,
    roles,
    rolePaths,
    users,
    userPaths,
    uniqueIds,
    services,
    other,
    entries,
  };

  function addAws(v: string, el: string): void {
    if (isAccountId(v)) {
      bareAccounts.add(v);
      return void accounts.add(v);
    }
    if (v.includes('*') || v.includes('?')) {
      throw new InvalidPrincipalError(
        `${el}.AWS "${excerpt(v, 160)}" holds a wildcard; AWS rejects wildcards inside principal ARNs ` +
          `(use Principal "*" with a Condition on aws:PrincipalArn and ArnLike)`,
        true,
      );
    }
    const kind = awsPrincipalKind(v);
    if (kind.type === 'root') return void accounts.add(kind.key);
    if (kind.type === 'role') {
      const role = kind;
      roleArns.add(v);
      const key = role.key;
      let byName = rolePaths.get(key);
      if (!byName) rolePaths.set(key, (byName = new Map<string, Set<string>>()));
      addName(byName, role.name, role.path);
      return void addName(roles, key, role.name);
    }
    if (kind.type === 'session') return void sessionArns.add(v);
    if (kind.type === 'user') {
      const user = kind;
      userArns.add(v);
      const key = user.key;
      addName(userPaths, `${key}/${user.name}`, user.path);
      return void addName(users, key, user.name);
    }
    if (kind.type === 'federated-user') return void federatedUserArns.add(v);
    if (kind.type === 'unique-id') return void uniqueIds.add(v);
    throw new InvalidPrincipalError(
      `${el}.AWS "${excerpt(v, 160)}" is not a valid principal (an account id, an account root, role, user or ` +
        `assumed-role session ARN, or a unique id)`,
    );
  }
}

/** What one Principal "AWS" entry (not an account id, no wildcard) names, parsed once. */
type AwsPrincipalKind =
  | { type: 'root'; key: string }
  | { type: 'role' | 'user'; key: string; name: string; path: string }
  | { type: 'session' | 'federated-user' | 'unique-id' | 'invalid' };

/**
 * Kinds by entry text: the same role ARNs are listed in the policies of many APIs (and both
 * sides of a diff), and each was parsed again by up to five ARN parsers. Bounded.
 */
const AWS_KINDS = new Map<string, AwsPrincipalKind>();

function awsPrincipalKind(v: string): AwsPrincipalKind {
  let k = AWS_KINDS.get(v);
  if (k === undefined) {
    k = classifyAws(v);
    if (AWS_KINDS.size >= 50_000) AWS_KINDS.clear();
    AWS_KINDS.set(v, k);
  }
  return k;
}

function classifyAws(v: string): AwsPrincipalKind {
  const root = parseRootArn(v);
  if (root) return { type: 'root', key: accountKey(root.partition, root.account) };
  const role = parseRoleArn(v);
  if (role)
    return { type: 'role', key: accountKey(role.partition, role.account), name: role.name, path: role.path };
  if (parseSessionArn(v)) return { type: 'session' };
  const user = parseUserArn(v);
  if (user)
    return { type: 'user', key: accountKey(user.partition, user.account), name: user.name, path: user.path };
  if (parseFederatedUserArn(v)) return { type: 'federated-user' };
  if (UNIQUE_ID.test(v)) return { type: 'unique-id' };
  return { type: 'invalid' };
}

function addName(map: Map<string, Set<string>>, account: string, name: string): void {
  let set = map.get(account);
  if (!set) map.set(account, (set = new Set()));
  set.add(name);
}

function named(map: ReadonlyMap<string, ReadonlySet<string>>, account: string, name: string): boolean {
  if (map.size === 0) return false;
  const set = map.get(account);
  return set !== undefined && set.has(name);
}

/** Does an entry name the caller's role: by name, and by path when the caller's path is known? */
function roleNamed(cp: CompiledPrincipal, p: Principal & { kind: 'role-session' }): boolean {
  // Asked for every statement of every decision: two map lookups, no key built.
  if (cp.rolePaths.size === 0) return false;
  const paths = cp.rolePaths.get(callerKey(p))?.get(p.roleName);
  return paths !== undefined && (p.rolePath === undefined || paths.has(p.rolePath));
}

/** Does an entry name the caller's user, at its path? */
function userNamed(cp: CompiledPrincipal, p: Principal & { kind: 'user' }): boolean {
  const key = callerKey(p);
  if (!named(cp.users, key, p.userName)) return false;
  const path = parseUserArn(p.arn)?.path;
  return path === undefined || cp.userPaths.get(`${key}/${p.userName}`)!.has(path);
}

/** Does an entry name the IAM user who federated (by its ARN at its path, or its unique id)? */
function federatingUserNamed(cp: CompiledPrincipal, user: { arn: string; userId?: string }): boolean {
  if (user.userId !== undefined && cp.uniqueIds.has(user.userId)) return true;
  const u = parseUserArn(user.arn);
  if (!u) return false;
  const caller = { kind: 'user' as const, arn: user.arn, account: u.account, userName: u.name };
  return userNamed(cp, caller);
}

/**
 * How a caller matched a Principal element: `account` when only by its account (delegation),
 * `session` when the element names the caller itself (its assumed-role session ARN, federated-user
 * ARN or IAM user ARN: a grant that session policies and a permissions boundary do not limit, in the
 * same account), `direct` otherwise.
 */
export type PrincipalMatch = 'none' | 'direct' | 'session' | 'account';

/** Is the caller's account named (by an ARN in its partition, or by a bare id)? */
function accountNamed(cp: CompiledPrincipal, p: Principal & { account: string }): boolean {
  return cp.accounts.has(callerKey(p)) || cp.bareAccounts.has(p.account);
}

/** Principal element match. Anonymous matches only "*". */
export function matchPrincipal(cp: CompiledPrincipal, p: Principal): PrincipalMatch {
  if (cp.any) return 'direct';
  switch (p.kind) {
    case 'anonymous':
      return 'none';
    case 'role-session':
      if (cp.sessionArns.size && cp.sessionArns.has(p.sessionArn)) return 'session';
      if (roleNamed(cp, p)) return 'direct';
      if (p.roleId !== undefined && cp.uniqueIds.size && cp.uniqueIds.has(p.roleId)) return 'direct';
      return accountNamed(cp, p) ? 'account' : 'none';
    // A grant to the IAM user itself is not limited by its permissions boundary (IAM evaluation
    // logic, same account); a user has no session policies.
    case 'user':
      if (userNamed(cp, p)) return 'session';
      if (p.userId !== undefined && cp.uniqueIds.has(p.userId)) return 'session';
      return accountNamed(cp, p) ? 'account' : 'none';
    // A grant to the session ARN is direct; to the account, delegation (IAM evaluation logic). A
    // grant to the IAM user who federated also reaches the session, limited by the session policies
    // ("if a resource-based policy grants permission to the ARN of the IAM user who federated, then
    // requests made by the federated user during the session are limited by an implicit deny in a
    // permission boundary or session policy"): matched when that user is known; when it is not (the
    // session ARN does not say), evaluate refuses such policies (federatedUserAmbiguities).
    case 'federated-user':
      if (cp.federatedUserArns.has(p.arn)) return 'session';
      if (p.user && federatingUserNamed(cp, p.user)) return 'direct';
      return accountNamed(cp, p) ? 'account' : 'none';
    case 'root':
      return accountNamed(cp, p) ? 'direct' : 'none';
    case 'service':
      return cp.services.has(p.service.toLowerCase()) ? 'direct' : 'none';
  }
}

/**
 * NotPrincipal: the statement applies unless every identity of the caller is named. AWS may check
 * a role session as its account, its role and the session in turn, a user as its account and the
 * user; so a session is spared only when all three are listed. Anonymous is spared only by "*".
 */
export function notPrincipalApplies(cp: CompiledPrincipal, p: Principal): boolean {
  if (cp.any) return false;
  switch (p.kind) {
    case 'anonymous':
      return true;
    case 'role-session': {
      const role = roleNamed(cp, p) || (p.roleId !== undefined && cp.uniqueIds.has(p.roleId));
      return !(accountNamed(cp, p) && role && cp.sessionArns.has(p.sessionArn));
    }
    case 'user': {
      const user = userNamed(cp, p) || (p.userId !== undefined && cp.uniqueIds.has(p.userId));
      return !(accountNamed(cp, p) && user);
    }
    case 'federated-user': {
      const session = cp.federatedUserArns.has(p.arn);
      // The user who federated named, but not the session: whether that spares the session (as a
      // grant to that user reaches it) is on no page, and the two readings differ.
      if (!session && p.user && accountNamed(cp, p) && federatingUserNamed(cp, p.user))
        throw new Undecided(
          `NotPrincipal names the IAM user ${p.user.arn} who federated the caller ${p.arn}, and its account, but not the federated-user ARN: whether that spares the session is not documented; ${UNDECIDED}`,
          'NotPrincipal',
        );
      return !(accountNamed(cp, p) && session);
    }
    case 'root':
      return !accountNamed(cp, p);
    case 'service':
      return !cp.services.has(p.service.toLowerCase());
  }
}

/**
 * For a federated-user caller: the IAM users of its account a Principal or NotPrincipal names. A
 * grant (or deny) to the IAM user who called GetFederationToken reaches its sessions (IAM evaluation
 * logic, "AWS STS federated user principal"), and which user that was is not in the session's ARN,
 * so such an entry can neither be matched nor skipped: callers refuse the policy.
 */
export function federatedUserAmbiguities(userArns: Iterable<string>, p: Principal): string[] {
  // The user who federated known: matchPrincipal decides such an entry.
  if (p.kind !== 'federated-user' || p.user) return [];
  const key = callerKey(p);
  return [...userArns].filter((arn) => {
    const u = parseUserArn(arn);
    return u !== undefined && accountKey(u.partition, u.account) === key;
  });
}
