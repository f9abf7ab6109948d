// AWS identifiers, parsed and built in one place: account ids, partitions, regions, VPC endpoint ids,
// REST API ids, IAM role/user/root ARNs, STS assumed-role session ARNs and execute-api host names.
// Config validation, the policy engine, the harness, the CLI and the sandbox all use these, so they
// cannot disagree on what a well-formed identifier is. What each resource part must look like is
// IAM's (docs/aws-behaviour.md).

import { isIP } from 'node:net';

/** The partitions IAM principals live in; a principal is only ever matched within its partition. */
export const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;
export type Partition = (typeof PARTITIONS)[number];

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d$/;
const VPCE_ID = 'vpce-[0-9a-f]{8,17}';
const API_ID = '[a-z0-9]{10}';
/** IAM role, user and session names: letters, digits and +=,.@_- . */
const IAM_NAME = /^[\w+=,.@-]+$/;

export const isAccountId = (s: string): boolean => ACCOUNT_ID.test(s);
export const isRegion = (s: string): boolean => REGION.test(s);
export const isVpceId = (s: string): boolean => new RegExp(`^${VPCE_ID}$`).test(s);
export const isApiId = (s: string): boolean => new RegExp(`^${API_ID}$`).test(s);
/**
 * An IPv4 or IPv6 address as AWS carries one in aws:VpcSourceIp or aws:SourceIp. Not with a zone id
 * (`fe80::1%eth0`, which Node's isIP takes): that names a link of this host, never an address AWS sees.
 */
export const isIpAddress = (s: string): boolean => isIP(s) !== 0 && !s.includes('%');
/** One DNS label: 1 to 63 ASCII letters, digits and hyphens, not beginning or ending with a hyphen. */
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
/**
 * A DNS host name in ASCII, as EC2's DnsEntries write one (253 characters at most). A look-alike
 * letter (a Cyrillic а) would send the calls to another host than the one a reader sees.
 */
export const isDnsName = (s: string): boolean =>
  s.length <= 253 &&
  s
    .replace(/\.$/, '')
    .split('.')
    .every((label) => DNS_LABEL.test(label));
/** An STS role session name: 2 to 64 of IAM_NAME's characters. */
export const isSessionName = (s: string): boolean => s.length >= 2 && s.length <= 64 && IAM_NAME.test(s);
/**
 * A tag key IAM and STS take: 1 to 128 letters, spaces, digits and _.:/=+-@ (botocore iam and sts
 * tagKeyType; a role's or user's tags and AssumeRole's session tags hold no other key).
 */
export const isTagKey = (s: string): boolean => /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(s);
/** An AssumeRole ExternalId: 2 to 1,224 of letters, digits and +=,.@:/- (botocore sts model externalIdType). */
export const isExternalId = (s: string): boolean => /^[\w+=,.@:/-]{2,1224}$/.test(s);
/** An AWS Organizations id: o- then 10 to 32 lower-case letters or digits. */
const ORG_ID = 'o-[a-z0-9]{10,32}';
export const isOrgId = (s: string): boolean => new RegExp(`^${ORG_ID}$`).test(s);
/** An AWS Organizations entity path: o-ORG/r-ROOT/ then any OUs, each ending in '/'. */
const ROOT_ID = 'r-[a-z0-9]{4,32}';
const OU_ID = 'ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}';
/**
 * How deep AWS nests OUs under a root (Organizations API reference, CreateOrganizationalUnit: "For
 * service control policies, the limit is five"): a longer path names no account.
 */
export const MAX_OU_DEPTH = 5;
const ORG_PATH = new RegExp(`^${ORG_ID}/${ROOT_ID}/(${OU_ID}/){0,${MAX_OU_DEPTH}}$`);
/**
 * An OU id carries its root's: "ou-" then "the ID of the root that contains the OU" (Organizations
 * API reference, OrganizationalUnit Id), so `r-ab12/ou-zz99-…/` is a path no account has.
 */
export const isOrgPath = (s: string): boolean => {
  if (!ORG_PATH.test(s)) return false;
  const [, root, ...ous] = s.split('/').slice(0, -1);
  return ous.every((ou) => ou.split('-')[1] === root!.slice(2));
};
/** How many OUs deep a path of the right shape but any depth is (undefined for any other text). */
export function orgPathDepth(s: string): number | undefined {
  if (!new RegExp(`^${ORG_ID}/${ROOT_ID}/(${OU_ID}/)*$`).test(s)) return undefined;
  return s.split('/').length - 3;
}
/** What an SCP can be attached to (Organizations AttachPolicy TargetId): a root, an OU or an account. */
const POLICY_TARGET = new RegExp(`^(?:${ROOT_ID}|${OU_ID}|\\d{12})$`);
export const isPolicyTarget = (s: string): boolean => POLICY_TARGET.test(s);
/** An organization path's root and OUs, top down (`o-x/r-ab12/ou-ab12-11111111/` -> r-ab12, ou-…). */
export function orgPathTargets(path: string): string[] | undefined {
  if (!isOrgPath(path)) return undefined;
  return path.split('/').slice(1, -1);
}
export const isPartition = (s: string): s is Partition => (PARTITIONS as readonly string[]).includes(s);

/** Each partition's regions, as botocore's data/partitions.json states them (`regionRegex`). */
const REGIONS_OF: readonly [Partition, RegExp][] = [
  ['aws-cn', /^cn-\w+-\d+$/],
  ['aws-us-gov', /^us-gov-\w+-\d+$/],
  ['aws-iso', /^us-iso-\w+-\d+$/],
  ['aws-iso-b', /^us-isob-\w+-\d+$/],
  ['aws-iso-e', /^eu-isoe-\w+-\d+$/],
  ['aws-iso-f', /^us-isof-\w+-\d+$/],
  ['aws-eusc', /^eusc-de-\w+-\d+$/],
];

/**
 * The region IAM requests are signed for in each partition: IAM is global, and its endpoint refuses
 * any other credential scope (botocore iam endpoint-rule-set-1.json `signingRegion`;
 * docs/aws-behaviour.md §5b).
 */
const IAM_SIGNING_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-eusc': 'eusc-de-east-1',
};
export const iamSigningRegion = (partition: Partition): string => IAM_SIGNING_REGION[partition];

/** The partition a region belongs to (execute-api ARNs carry it); `aws` for every other region. */
export function partitionOfRegion(region: string): Partition {
  // Asked for every request context built (its resource ARN): the answers are kept.
  let p = PARTITION_OF.get(region);
  if (p === undefined) {
    p = 'aws';
    for (const [partition, re] of REGIONS_OF)
      if (re.test(region)) {
        p = partition;
        break;
      }
    if (PARTITION_OF.size > 1_000) PARTITION_OF.clear();
    PARTITION_OF.set(region, p);
  }
  return p;
}
const PARTITION_OF = new Map<string, Partition>();

interface ArnSplit {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/**
 * `arn:` and five colon-separated fields, the resource keeping its own colons; undefined for
 * anything else. The split @aws-sdk/util-arn-parser makes (its validate + parse), written here
 * because that module loads @smithy/core's protocols with it (about 50 ms of every start-up), and
 * the principal matcher splits the caller's ARN for every statement it tests.
 */
function splitArn(s: string): ArnSplit | undefined {
  if (typeof s !== 'string' || !s.startsWith('arn:')) return undefined;
  const c1 = 3;
  const c2 = s.indexOf(':', c1 + 1);
  const c3 = c2 === -1 ? -1 : s.indexOf(':', c2 + 1);
  const c4 = c3 === -1 ? -1 : s.indexOf(':', c3 + 1);
  const c5 = c4 === -1 ? -1 : s.indexOf(':', c4 + 1);
  if (c5 === -1) return undefined;
  return {
    partition: s.slice(c1 + 1, c2),
    service: s.slice(c2 + 1, c3),
    region: s.slice(c3 + 1, c4),
    accountId: s.slice(c4 + 1, c5),
    resource: s.slice(c5 + 1),
  };
}

/**
 * What is wrong with a policy's `Resource` ARN (wildcards allowed), or undefined. IAM Access
 * Analyzer's ERRORs (access-analyzer-reference-policy-checks): "Missing ARN field" (six fields),
 * "Invalid partition", "Invalid ARN service case" (service prefixes are lower case), "Invalid ARN
 * account" (12 digits; `aws` owns AWS managed policies), "Missing ARN Region" (execute-api ARNs name
 * one). Only the fields before the resource part: what a service puts after it is its own.
 */
export function resourceArnProblem(s: string): string | undefined {
  const wild = (x: string) => /[*?]/.test(x);
  const a = splitArn(s);
  // A `*` at the end of a segment "can expand to match beyond the colon boundaries" (IAM
  // reference_policies_elements_resource): `arn:aws:execute-api:us-west-2:*` is a pattern, not short.
  if (!a)
    return wild(s)
      ? undefined
      : 'has fewer than the six fields of an ARN (arn:partition:service:region:account:resource)';
  if (!wild(a.partition) && !isPartition(a.partition))
    return `names partition "${a.partition}", which AWS does not have (${PARTITIONS.join(', ')})`;
  if (a.service !== a.service.toLowerCase())
    return `writes its service "${a.service}" in upper case: service prefixes are lower case ("${a.service.toLowerCase()}")`;
  if (a.accountId !== '' && !wild(a.accountId) && a.accountId !== 'aws' && !isAccountId(a.accountId))
    return `names account "${a.accountId}": an account id is 12 digits`;
  if (a.service === 'execute-api' && a.region === '')
    return "names no region: an execute-api ARN names the API's region (or a wildcard)";
  return undefined;
}

/** Any ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, the account a 12-digit id or empty. */
export function isArn(s: string): boolean {
  const a = splitArn(s);
  if (!a) return false;
  return (
    /^[\w-]+$/.test(a.partition) &&
    /^[\w-]+$/.test(a.service) &&
    /^[\w-]*$/.test(a.region) &&
    (a.accountId === '' || isAccountId(a.accountId)) &&
    a.resource !== ''
  );
}

interface Arn {
  partition: Partition;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** An ARN of a known partition with a 12-digit account (the shape of every principal ARN). */
function principalArn(s: string, service: 'iam' | 'sts'): Arn | undefined {
  const a = splitArn(s);
  if (
    !a ||
    !isPartition(a.partition) ||
    a.service !== service ||
    a.region !== '' ||
    !isAccountId(a.accountId)
  )
    return undefined;
  return {
    partition: a.partition,
    service: a.service,
    region: a.region,
    account: a.accountId,
    resource: a.resource,
  };
}

/** `KIND/PATH/NAME` (IAM paths: any non-empty segments; the name: IAM_NAME) */
function pathAndName(resource: string, kind: string): { path: string; name: string } | undefined {
  if (!resource.startsWith(`${kind}/`)) return undefined;
  const rest = resource.slice(kind.length + 1);
  const cut = rest.lastIndexOf('/');
  const path = rest.slice(0, cut + 1);
  const name = rest.slice(cut + 1);
  // IAM's models: a name 1-64 characters, a path (with its slashes) at most 512.
  if (
    name.length > 64 ||
    path.length + 1 > 512 ||
    !IAM_NAME.test(name) ||
    path
      .split('/')
      .slice(0, -1)
      .some((seg) => seg === '')
  )
    return undefined;
  return { path, name };
}

export interface RoleArn {
  partition: Partition;
  account: string;
  /** The role's path without its leading slash ("" or "team/", "a/b/"). */
  path: string;
  name: string;
}

/** arn:PARTITION:iam::ACCOUNT:role/PATH/NAME, or undefined. */
export function parseRoleArn(s: string): RoleArn | undefined {
  const a = principalArn(s, 'iam');
  const r = a && pathAndName(a.resource, 'role');
  return a && r ? { partition: a.partition, account: a.account, ...r } : undefined;
}

export const isRoleArn = (s: string): boolean => parseRoleArn(s) !== undefined;

/** arn:PARTITION:iam::ACCOUNT:user/PATH/NAME, or undefined. */
export function parseUserArn(s: string): RoleArn | undefined {
  const a = principalArn(s, 'iam');
  const r = a && pathAndName(a.resource, 'user');
  return a && r ? { partition: a.partition, account: a.account, ...r } : undefined;
}

/**
 * A managed policy ARN, arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME, ACCOUNT `aws` for an AWS managed
 * policy; or undefined. IAM refuses anything else given as a PolicyArn (docs/aws-behaviour.md §5b).
 */
export function parseManagedPolicyArn(
  s: string,
): { partition: Partition; account: string; path: string; name: string } | undefined {
  const a = splitArn(s);
  if (!a || !isPartition(a.partition) || a.service !== 'iam' || a.region !== '') return undefined;
  if (a.accountId !== 'aws' && !isAccountId(a.accountId)) return undefined;
  const r = pathAndName(a.resource, 'policy');
  return r ? { partition: a.partition, account: a.accountId, ...r } : undefined;
}

/** arn:PARTITION:iam::ACCOUNT:root, or undefined. */
export function parseRootArn(s: string): { partition: Partition; account: string } | undefined {
  const a = principalArn(s, 'iam');
  return a?.resource === 'root' ? { partition: a.partition, account: a.account } : undefined;
}

export interface SessionArn {
  partition: Partition;
  account: string;
  roleName: string;
  sessionName: string;
}

/** arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE_NAME/SESSION_NAME (it carries no role path), or undefined. */
export function parseSessionArn(s: string): SessionArn | undefined {
  const a = principalArn(s, 'sts');
  const parts = a?.resource.split('/');
  if (!a || parts?.length !== 3 || parts[0] !== 'assumed-role') return undefined;
  const [, roleName, sessionName] = parts as [string, string, string];
  // IAM and STS names: a role of at most 64 characters, a session name of 2 to 64 (RoleSessionName).
  if (!IAM_NAME.test(roleName) || !isSessionName(sessionName) || roleName.length > 64) return undefined;
  return { partition: a.partition, account: a.account, roleName, sessionName };
}

/**
 * arn:PARTITION:sts::ACCOUNT:federated-user/NAME (a GetFederationToken session; NAME is the caller's
 * choice, 2-32 of letters, digits and +=,.@_- in STS's model), or undefined.
 */
export function parseFederatedUserArn(
  s: string,
): { partition: Partition; account: string; name: string } | undefined {
  const a = principalArn(s, 'sts');
  const name = a?.resource.startsWith('federated-user/') ? a.resource.slice('federated-user/'.length) : '';
  const ok = IAM_NAME.test(name) && name.length >= 2 && name.length <= 32;
  return a && ok ? { partition: a.partition, account: a.account, name } : undefined;
}

export const isFederatedUserArn = (s: string): boolean => parseFederatedUserArn(s) !== undefined;

export const roleArn = (r: { partition?: string; account: string; path?: string; name: string }): string =>
  `arn:${r.partition ?? 'aws'}:iam::${r.account}:role/${r.path ?? ''}${r.name}`;

export const sessionArn = (s: {
  partition?: string;
  account: string;
  roleName: string;
  sessionName: string;
}): string => `arn:${s.partition ?? 'aws'}:sts::${s.account}:assumed-role/${s.roleName}/${s.sessionName}`;

export const rootArn = (account: string, partition = 'aws'): string =>
  `arn:${partition}:iam::${account}:root`;

/**
 * The six fields of any ARN or ARN pattern, as written (wildcards, `aws` for an AWS managed policy,
 * colons kept in the resource); undefined when it is not arn:…:…:…:…:… .
 */
export function arnFields(
  s: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const a = splitArn(s);
  return (
    a && {
      partition: a.partition,
      service: a.service,
      region: a.region,
      resource: a.resource,
      account: a.accountId,
    }
  );
}

/** The account in any ARN (its fifth field), when it is a 12-digit id. */
export function arnAccount(arn: string): string | undefined {
  const a = arnFields(arn)?.account;
  return a && isAccountId(a) ? a : undefined;
}

/** The names an execute-api request can be addressed to through an interface endpoint. */
export type ExecuteApiHost =
  /** API_ID.execute-api.REGION.amazonaws.com (private DNS) */
  | { kind: 'private-dns'; apiId: string; region: string }
  /** API_ID-VPCE_ID.execute-api.REGION.amazonaws.com (Route 53 alias) */
  | { kind: 'alias'; apiId: string; vpceId: string; region: string }
  /** VPCE_ID-SUFFIX.execute-api.REGION.vpce.amazonaws.com (endpoint-specific DNS name, any zone) */
  | { kind: 'endpoint-dns'; vpceId: string; region: string };

const PRIVATE_HOST = new RegExp(`^(${API_ID})\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com$`);
const ALIAS_HOST = new RegExp(`^(${API_ID})-(${VPCE_ID})\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com$`);
const ENDPOINT_HOST = new RegExp(
  `^(${VPCE_ID})-[a-z0-9-]+\\.execute-api\\.([a-z0-9-]+)\\.vpce\\.amazonaws\\.com$`,
);

/** Which execute-api name a (lower-case, port-less) host is; undefined when it is none. */
export function parseExecuteApiHost(host: string): ExecuteApiHost | undefined {
  let m = ALIAS_HOST.exec(host);
  if (m) return { kind: 'alias', apiId: m[1]!, vpceId: m[2]!, region: m[3]! };
  m = PRIVATE_HOST.exec(host);
  if (m) return { kind: 'private-dns', apiId: m[1]!, region: m[2]! };
  m = ENDPOINT_HOST.exec(host);
  if (m) return { kind: 'endpoint-dns', vpceId: m[1]!, region: m[2]! };
  return undefined;
}

export const privateDnsHost = (api: { id: string; region: string }): string =>
  `${api.id}.execute-api.${api.region}.amazonaws.com`;

export const aliasHost = (api: { id: string; region: string }, vpceId: string): string =>
  `${api.id}-${vpceId}.execute-api.${api.region}.amazonaws.com`;
