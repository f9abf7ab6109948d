// spokegate.config.yaml: the aliases features speak in (docs/design.md "Config file").
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  ROLE_CHAINING_MAX_SECONDS,
} from '../aws/session-duration.js';
import { InputError } from '../errors.js';
import { addressingModes } from '../gateway/addressing.js';
import { PACKAGE_ROOT } from '../package.js';
import { unknownAlias } from '../suggest.js';
import { excerpt } from '../escape/index.js';
import {
  parseRouteSpec,
  routeProblem,
  routeSpecProblem,
  specKey,
  variableSiblingProblem,
} from '../routes/index.js';
import { addProjectRoot } from '../input/index.js';
import { parseYamlFile } from './load.js';
import {
  arnAccount,
  arnFields,
  isPolicyTarget,
  isRoleArn,
  isExternalId,
  isSessionName,
  parseUserArn,
  partitionOfRegion,
} from '../identifiers/index.js';
import { scpLevels } from './scp.js';
import {
  account,
  apiId,
  dnsName,
  ipAddress,
  noHiddenText,
  orgId,
  orgPath,
  POLICY_TARGET_MESSAGE,
  lookAlikeAlias,
  principalTags,
  region,
  vpceId,
  vpcId,
} from './fields.js';

const probe = z.string().regex(/^[A-Z]+ \/\S*$/, 'must be "METHOD /path", e.g. "GET /orders"');
/** A route as API Gateway defines it: `"GET /orders/{id}"`, `"ANY /{proxy+}"`. */
const routeSpec = z.string().superRefine((s, ctx) => {
  const problem = routeSpecProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A stage's routes, NONE routes and authorizers (the API's own keys, and each of `stageRoutes`). */
const routesSchema = z
  .array(routeSpec)
  .min(1)
  .superRefine((specs, ctx) => {
    // Routes no API can have together (two variable children of one resource), once each is well formed.
    if (specs.some((s) => routeSpecProblem(s) !== undefined)) return;
    const p = variableSiblingProblem(specs.map((s) => parseRouteSpec(s).path));
    if (p) ctx.addIssue({ code: 'custom', path: [p.index], message: p.message });
  });
const noneRoutesSchema = z.array(probe);
const authorizersSchema = z.record(routeSpec, z.enum(['CUSTOM', 'COGNITO_USER_POOLS']));

const typedStageRoutesSchema = z.strictObject({
  routes: routesSchema,
  noneRoutes: noneRoutesSchema.optional(),
  authorizers: authorizersSchema.optional(),
});
/**
 * One stage's routes: a list (the routes alone) or `{routes, noneRoutes, authorizers}`. Chosen by
 * shape, so a mistake is reported at its own field (a union reports "Invalid input" at the stage).
 */
const stageRoutesSchema = z
  .unknown()
  .transform((value, ctx): z.output<typeof routesSchema> | z.output<typeof typedStageRoutesSchema> => {
    const read = (Array.isArray(value) ? routesSchema : typedStageRoutesSchema).safeParse(value);
    if (read.success) return read.data;
    // Its issues as they are (paths relative to this stage, so they name their own field).
    for (const issue of read.error.issues) ctx.issues.push(issue as (typeof ctx.issues)[number]);
    return z.NEVER;
  });

export const endpointConfigSchema = z.strictObject({
  id: vpceId,
  account: account.optional(),
  vpc: vpcId.optional(),
  region: region.optional(),
  /**
   * How the runner addresses APIs through this endpoint. Default: private-dns when the endpoint is in
   * the runner's VPC (runner.vpc), else endpoint-host (the endpoint's own DNS name pins it).
   */
  addressing: z.enum(addressingModes).optional(),
  dnsName: dnsName.optional(),
  policy: z.string().optional(),
});

const roleArn = z.string().refine(isRoleArn, 'must be an IAM role ARN');
/** An AWS service endpoint (an emulator): http or https, as the SDK speaks nothing else. */
const serviceUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const sessionNameSchema = z
  .string()
  .refine(isSessionName, 'must be 2-64 characters of letters, digits and +=,.@-');
// STS refuses any other (botocore sts model externalIdType): exit 2 here, not a ValidationError mid-run.
const externalIdSchema = z
  .string()
  .refine(isExternalId, 'must be 2-1224 characters of letters, digits and +=,.@:/-');

export const roleConfigSchema = z
  .strictObject({
    arn: roleArn,
    externalId: externalIdSchema.optional(),
    sessionName: sessionNameSchema.optional(),
    /** Capped to an hour when the base credentials are a role session (role chaining). */
    durationSeconds: z.number().int().min(MIN_SESSION_SECONDS).max(MAX_SESSION_SECONDS).optional(),
    /** Identity policy files, so predictions cover the identity layer too. */
    identityPolicies: z.array(z.string()).optional(),
    /**
     * The role's permissions boundary, a policy file (the managed policy's document): with
     * `identityPolicies`, the whole identity side as stated (without it, the role has none).
     */
    permissionsBoundary: z.string().min(1).optional(),
    /** The role's tags (aws:PrincipalTag/KEY) and unique id (aws:userid = ROLEID:session), so an
     * offline prediction sees what AWS puts in the request context. */
    tags: principalTags.optional(),
    roleId: z
      .string()
      .regex(
        /^AROA[A-Z0-9]{12,124}$/,
        "must be the role's unique id (AROA..., at most 128 characters, from aws iam get-role)",
      )
      .optional(),
    /** Another role alias whose session assumes this role (role chaining: base → via → this). */
    via: z.string().min(1).optional(),
  })
  .superRefine((role, ctx) => {
    // A boundary only limits identity policies: alone it would leave them to be read from IAM,
    // where the boundary is read too (so the file would be ignored) or, offline, unknown.
    if (role.permissionsBoundary !== undefined && role.identityPolicies === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['permissionsBoundary'],
        message:
          "needs identityPolicies beside it (the role's identity policy files, [] for none): a boundary limits what they allow",
      });
  });

/**
 * How an IAM user's calls are signed (docs/config.md `users`): with its access keys (`long-term`: no
 * aws:TokenIssueTime, no aws:MultiFactorAuthPresent), or with a GetSessionToken session issued now
 * without MFA (`session`) or with it (`mfa-session`), as the sandbox's harness user can.
 */
export const USER_CREDENTIALS = ['long-term', 'session', 'mfa-session'] as const;
export type UserCredentials = (typeof USER_CREDENTIALS)[number];

/**
 * An IAM user whose calls offline runs predict: facts stated whole (its unique id, its tags, its
 * identity policies), never guessed. spokegate signs only as roles it assumes, so a sandbox or live
 * run calling as a user is exit 2 (docs/config.md `users`).
 */
export const userConfigSchema = z.strictObject({
  arn: z
    .string()
    .refine((s) => parseUserArn(s) !== undefined, 'must be an IAM user ARN (arn:aws:iam::ACCOUNT:user/NAME)'),
  /** aws:userid, and what a Principal holding the user's unique id names. */
  userId: z
    .string()
    .regex(
      /^AIDA[A-Z0-9]{12,124}$/,
      "must be the user's unique id (AIDA..., at most 128 characters, from aws iam get-user)",
    ),
  /** aws:PrincipalTag/KEY; `{}` states that it has none. */
  tags: principalTags,
  /** Identity policy files (inline, attached and its groups' policies); `[]` for none. */
  identityPolicies: z.array(z.string()),
  /** The user's permissions boundary, a policy file. */
  permissionsBoundary: z.string().min(1).optional(),
  credentials: z.enum(USER_CREDENTIALS).default('long-term'),
});

/**
 * A federated user (a GetFederationToken session of a configured user) whose calls offline runs
 * predict as the sandbox decides such a session (docs/config.md `federated`): the user's identity
 * policies and boundary limited by the session policies, none when none are given ("if you do not
 * pass any session policies, then the resulting federated user session has no permissions",
 * botocore sts model), the user's tags overridden by the session tags.
 */
export const federatedConfigSchema = z.strictObject({
  /** The alias (under `users`) of the IAM user who calls GetFederationToken. */
  user: z.string().min(1),
  /** GetFederationToken `Name`: the session is arn:PARTITION:sts::ACCOUNT:federated-user/NAME. */
  name: z
    .string()
    .regex(/^[\w+=,.@-]{2,32}$/, 'must be 2-32 of letters, digits and _+=,.@- (GetFederationToken Name)'),
  /**
   * The session policies passed (`Policy`, each `PolicyArns` document), as files; `[]`: none. One
   * inline policy and "up to 10 managed policy ARNs" (botocore sts GetFederationToken): at most 11.
   */
  sessionPolicies: z
    .array(z.string())
    .max(11, 'GetFederationToken takes one inline session policy and up to 10 managed ones: at most 11'),
  /** Session tags passed (`Tags`): they override the user's tags with the same key, whatever its case. */
  tags: principalTags.optional(),
  /**
   * The `PackedPolicySize` GetFederationToken answered when it issued this session with these tags and
   * policies: stated, the session is known to exist (src/predict/packed-tags.ts; docs/aws-behaviour.md §68).
   */
  packedPolicySize: z
    .number()
    .int('must be the whole percentage STS answered (PackedPolicySize)')
    .min(0, 'must be the percentage STS answered (PackedPolicySize, 0 to 100)')
    .max(
      100,
      'STS issues no session past 100% (PackedPolicyTooLarge): state the PackedPolicySize of a session it issued',
    )
    .optional(),
});

/** Why a sandbox or live run (or `call`) cannot call as a configured user or federated user. */
export function unsignableUser(alias: string, role?: RoleConfig): string {
  if (role?.federated)
    return `"${alias}" is a federated user (federated.${alias}): spokegate signs only as the roles it assumes, so sandbox and live runs cannot call as it; its calls are predicted offline (check, run --mode offline)`;
  return `"${alias}" is an IAM user (users.${alias}): spokegate signs only as the roles it assumes, so sandbox and live runs cannot call as it; its calls are predicted offline (check, run --mode offline)`;
}

/** What spokegate knows of one account: the role it assumes there for control-plane reads. */
export const accountConfigSchema = z.strictObject({
  /**
   * A role in this account that spokegate assumes (its own session) to read the account's API
   * resource policies (apigateway:GET) and role policies (iam:ListRolePolicies, iam:GetRolePolicy,
   * iam:ListAttachedRolePolicies, iam:GetPolicy, iam:GetPolicyVersion, iam:GetRole). Without one, the base
   * identity reads, which AWS lets see only its own account.
   */
  readerRole: roleArn,
  externalId: externalIdSchema.optional(),
  sessionName: sessionNameSchema.optional(),
});

/** A list whose items are each stated once: a repeat is named by its index. */
function noRepeats(items: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item)) ctx.addIssue({ code: 'custom', message: `"${item}" is listed twice`, path: [i] });
    seen.add(item);
  });
}

export const apiConfigSchema = z.strictObject({
  id: apiId,
  account,
  stage: z.string().min(1),
  region: region.optional(),
  resourcePolicy: z.string().optional(),
  /** The VPC endpoints this private API accepts (else read with GetRestApi when readable). */
  vpcEndpointIds: z.array(vpceId).superRefine(noRepeats).optional(),
  /** Routes whose authorization type is NONE, as "METHOD /path" (the rest are AWS_IAM). */
  noneRoutes: noneRoutesSchema.optional(),
  /**
   * Routes whose method has an authorizer, "METHOD /path" -> CUSTOM (a Lambda authorizer) or
   * COGNITO_USER_POOLS: spokegate cannot ask the authorizer, so a call there is predicted `unknown`
   * unless the policies refuse it first (live and sandbox runs read the types from the deployment).
   */
  authorizers: authorizersSchema.optional(),
  /**
   * The API's routes, as "METHOD /path" templates: what offline runs check calls against (live and
   * sandbox runs read them with GetResources, and fall back to these when they cannot).
   */
  routes: routesSchema.optional(),
  /**
   * The API's stages (offline, what `stage` is checked against; live and sandbox runs read them
   * with GetStages). `stage` must be one of them.
   */
  stages: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a stage name (letters, digits, _ and -)'))
    .min(1)
    // A stage named twice is one stage, counted twice in diff's and who-can's work.
    .superRefine(noRepeats)
    .optional(),
  /**
   * Offline: the routes another stated stage serves, where they are not `routes` (a stage with
   * its own deployment or canary), with their types (`{routes, noneRoutes, authorizers}`, as the
   * API's own keys state the configured stage's); a plain list states the routes alone, their
   * types then unknown. Each key is one of `stages`, other than `stage`.
   */
  stageRoutes: z.record(z.string(), stageRoutesSchema).optional(),
});

export const configSchema = z
  .strictObject({
    region,
    endpoints: z.record(z.string(), endpointConfigSchema).refine((o) => Object.keys(o).length > 0, {
      message: 'at least one endpoint is required',
    }),
    roles: z.record(z.string(), roleConfigSchema),
    /** IAM users whose calls offline runs predict (features call as them as they call as roles). */
    users: z.record(z.string(), userConfigSchema).optional(),
    /** GetFederationToken sessions of those users, predicted offline (docs/config.md `federated`). */
    federated: z.record(z.string(), federatedConfigSchema).optional(),
    apis: z.record(z.string(), apiConfigSchema),
    /** Per account id: the reader role for its control-plane reads (docs/config.md "accounts"). */
    accounts: z.record(account, accountConfigSchema).optional(),
    defaults: z
      .strictObject({
        endpoint: z.string().optional(),
        concurrency: z.number().int().min(1).max(512).default(16),
        timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
        retries: z.number().int().min(0).max(10).default(3),
        // A repeat adds nothing to compare, only work (a diff compares roles × APIs × probes).
        probes: z.array(probe).min(1).superRefine(noRepeats).default(['GET /']),
      })
      .prefault({}),
    /** "Our" organization: what `no principal outside the organization` means. */
    organization: z
      .strictObject({
        id: orgId,
        /** Its member accounts (never implied: an account not listed anywhere has an unknown organization). */
        accounts: z.array(account).optional(),
        /** The accounts stated in it are all its members: an account stated nowhere is not one. */
        complete: z.boolean().optional(),
      })
      .optional(),
    /** Which organization each account belongs to, ours and others ("none": in no organization). */
    organizations: z
      .array(
        z.strictObject({
          id: z.union([orgId, z.literal('none')]),
          accounts: z.array(account).min(1),
          complete: z.boolean().optional(),
        }),
      )
      .optional(),
    /** Account -> its organization path (aws:PrincipalOrgPaths of its principals). */
    orgPaths: z.record(account, orgPath).optional(),
    /** The SCPs that limit the principals of member accounts (docs/config.md `serviceControlPolicies`). */
    serviceControlPolicies: z
      .strictObject({
        /** The management account: SCPs do not limit its principals. */
        managementAccount: account.optional(),
        /** Root, OU or account id -> the files of the SCPs attached to it. */
        attached: z.record(
          z.string().refine(isPolicyTarget, POLICY_TARGET_MESSAGE),
          z.array(z.string().min(1)),
        ),
      })
      .optional(),
    awsEndpoints: z
      .strictObject({
        sts: serviceUrl.optional(),
        ec2: serviceUrl.optional(),
        apigateway: serviceUrl.optional(),
        iam: serviceUrl.optional(),
      })
      .optional(),
    sandbox: z.strictObject({ world: z.string() }).optional(),
    /** Where spokegate runs: the VPC whose DNS resolves private DNS names (default: the default
     * endpoint's), and its private address (aws:VpcSourceIp of its calls through an endpoint). */
    runner: z
      .strictObject({
        vpc: z
          .string()
          .regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id like vpc-0aa11bb22cc33dd44')
          .optional(),
        address: ipAddress('10.0.1.15').optional(),
        /** The base credentials runs sign AssumeRole with: an IAM user's access keys (`long-term`: role
         * sessions carry no MFA) or a session token (`temporary`: they may carry its MFA, two readings).
         * Unstated, a prediction that depends on it is unknown offline (src/predict/session-mfa.ts). */
        credentials: z.enum(['long-term', 'temporary']).optional(),
        /** The base credentials' transitive session tags, which every role session spokegate assumes
         * with them inherits over the role's own (docs/aws-behaviour.md §63, §65): stated, they decide
         * (`{}`: none); unstated, each inherited value is tried (src/predict/principal-tags.ts). */
        transitiveTags: principalTags.optional(),
      })
      .superRefine((r, ctx) => {
        // Access keys are no session: nothing they assume inherits a tag (IAM User Guide, id_session-tags).
        if (r.credentials === 'long-term' && Object.keys(r.transitiveTags ?? {}).length > 0)
          ctx.addIssue({
            code: 'custom',
            path: ['transitiveTags'],
            message:
              "states transitive session tags, but runner.credentials is long-term (an IAM user's access keys carry no session tags): state runner.credentials: temporary, or leave transitiveTags out",
          });
      })
      .optional(),
  })
  .superRefine(noHiddenText('which reports, messages and pull-request comments would show'))
  .superRefine((c, ctx) => {
    // A feature names a caller, an API and an endpoint by alias: each kind must read as one name.
    const kinds: [string, Record<string, unknown> | undefined][][] = [
      [
        ['roles', c.roles],
        ['users', c.users],
        ['federated', c.federated],
      ],
      [['apis', c.apis]],
      [['endpoints', c.endpoints]],
    ];
    for (const kind of kinds) {
      const aliases = kind.flatMap(([k, o]) => Object.keys(o ?? {}).map((a): [string, string] => [k, a]));
      const found = lookAlikeAlias(aliases.map(([, a]) => a));
      if (!found) continue;
      const [k] = aliases.find(([, a]) => a === found.alias)!;
      ctx.addIssue({ code: 'custom', path: [k, found.alias], message: found.problem });
    }
  })
  .superRefine((c, ctx) => {
    // "You cannot use IAM credentials from one partition to interact with resources in a different
    // partition" (AWS Fault Isolation Boundaries, Partitions): such a role or user never reaches an
    // API of the config's region, whatever a policy says.
    const partition = partitionOfRegion(c.region);
    const arns: [string, string, string][] = [
      ...Object.entries(c.roles).map(([a, r]): [string, string, string] => ['roles', a, r.arn]),
      ...Object.entries(c.users ?? {}).map(([a, u]): [string, string, string] => ['users', a, u.arn]),
    ];
    for (const [kind, alias, arn] of arns) {
      const of = arnFields(arn)?.partition;
      if (of !== partition)
        ctx.addIssue({
          code: 'custom',
          path: [kind, alias, 'arn'],
          message: `is in partition ${excerpt(of ?? '', 20)} and the region ${c.region} in ${partition}: credentials of one partition are not valid in another`,
        });
    }
  });

type ConfigData = z.output<typeof configSchema>;
/** `addressing` is always set by loadConfig (absent only in a config built without it: private-dns). */
export type EndpointConfig = z.output<typeof endpointConfigSchema>;
export type Config = Omit<ConfigData, 'roles'> & {
  /** The roles and, marked `user`, the users: every caller a feature can name. */
  roles: Record<string, RoleConfig>;
  file: string;
  dir: string;
  /** Account -> organization id ('none': in no organization), as stated; absent: not known. */
  memberOf?: Record<string, string>;
  /**
   * Account -> the SCP files that limit its principals, one list per level of its path (root first,
   * the account last), each with the field that named it; absent: not stated (not evaluated).
   */
  scpFiles?: Record<string, { target: string; field: string; file: string }[][]>;
  /**
   * Facts a live or sandbox run tried to read because the config does not state them, and could not
   * (src/harness/facts.ts): the setting (`roles.X.roleId`, `endpoints.X.vpc`) -> why, naming the
   * permission. Never written in a config file.
   */
  unread?: Record<string, string>;
  /**
   * A live run's base credentials when they are temporary (a session token): who they are (their
   * GetCallerIdentity ARN, or what is known). A role spokegate assumes with them may carry their MFA in
   * one reading of AWS's pages and not in the other (src/predict/session-mfa.ts). Never written in a
   * config file.
   */
  baseSession?: string;
};
/**
 * A caller features name: a role spokegate assumes, or (with `user`) an IAM user of `users`, which
 * loadConfig lists among the roles so that every caller is looked up in one place.
 */
export type RoleConfig = z.output<typeof roleConfigSchema> & {
  user?: { credentials: UserCredentials };
  /**
   * A federated user (`federated`, also marked `user`: signed with temporary credentials, no MFA):
   * the user who federated (its alias, ARN and unique id) and its session policy files.
   */
  federated?: {
    user: string;
    userArn: string;
    userId: string;
    sessionPolicies: string[];
    /** The session tags passed (`Tags`), which fill STS's packed space with the session policies. */
    sessionTags: Record<string, string>;
    /** The PackedPolicySize STS answered when it issued the session, as the config states it. */
    packedPolicySize?: number;
  };
};
export type UserConfig = z.output<typeof userConfigSchema>;
export type ApiConfig = z.output<typeof apiConfigSchema>;
export type AccountConfig = z.output<typeof accountConfigSchema>;

/**
 * `complete: true` says the accounts stated in an organization (under `organization` and every
 * `organizations` entry of its id) are all its members. It needs at least one (every organization has
 * its management account), and means nothing for `id: none`, which is no organization to list.
 */
function completeLists(data: ConfigData, memberOf: Record<string, string>, file: string): void {
  const members = (id: string) => Object.values(memberOf).filter((o) => o === id).length;
  if (data.organization?.complete && members(data.organization.id) === 0)
    throw new InputError(
      `organization ${data.organization.id} is stated complete but lists no accounts: state its member accounts in organization.accounts`,
      { file, field: 'organization.complete' },
    );
  for (const [i, o] of (data.organizations ?? []).entries())
    if (o.complete && o.id === 'none')
      throw new InputError(
        "complete is for an organization's member list; id none (accounts in no organization) is no organization, and accounts stated nowhere stay unknown",
        { file, field: `organizations.${i}.complete` },
      );
}

/**
 * An account's organization path starts with its organization's id: a path in another organization
 * than the one the account is stated in, or for an account stated in none, describes no account
 * AWS can have (and `aws:PrincipalOrgPaths` would then be predicted from a path it never carries).
 */
function orgPathsAgree(data: ConfigData, memberOf: Record<string, string>, file: string): void {
  for (const [acct, path] of Object.entries(data.orgPaths ?? {})) {
    const org = memberOf[acct];
    const pathOrg = path.slice(0, path.indexOf('/'));
    if (org === 'none' || (org !== undefined && org !== pathOrg))
      throw new InputError(
        org === 'none'
          ? `account ${acct} is stated in no organization, so it has no organization path`
          : `the path is in organization ${pathOrg}, but account ${acct} is stated in ${org}`,
        { file, field: `orgPaths.${acct}` },
      );
  }
}

/**
 * `noneRoutes` and `authorizers` type routes of `routes`, each once: a route they name that `routes`
 * does not hold is a typo as likely as a route (it would be added as one more, and the real route
 * would keep AWS_IAM), and without `routes` nothing can tell them apart (note11 §10). A route is
 * matched as API Gateway tells routes apart (specKey: `{orderId}` is `{id}` at its position, §46);
 * until 2026-12-03 it had to be written character for character as in `routes`.
 */
function typedRouteLists(
  stated: {
    routes?: readonly string[] | undefined;
    noneRoutes?: readonly string[] | undefined;
    authorizers?: Readonly<Record<string, string>> | undefined;
  },
  at: string,
  file: string,
): void {
  const lists = [
    ...(stated.noneRoutes ?? []).map((r, i) => ({ route: r, field: `${at}.noneRoutes.${i}`, type: 'NONE' })),
    ...Object.entries(stated.authorizers ?? {}).map(([r, t]) => ({
      route: r,
      field: `${at}.authorizers.${r}`,
      type: t,
    })),
  ];
  if (!lists.length) return;
  if (!stated.routes)
    throw new InputError(
      `types routes of ${at}.routes, which is not stated: state the API's routes beside it, so that each route it names is checked to be one of them (a mistyped one would leave the real route AWS_IAM)`,
      { file, field: `${at}.${stated.noneRoutes?.length ? 'noneRoutes' : 'authorizers'}` },
    );
  const routes = new Map(stated.routes.map((r) => [specKey(r), r]));
  const typed = new Map<string, { route: string; field: string; type: string }>();
  for (const entry of lists) {
    const { route, field, type } = entry;
    const key = specKey(route);
    const listed = routes.get(key);
    if (listed === undefined)
      throw new InputError(
        `"${excerpt(route, 120)}" is not one of ${at}.routes (${stated.routes.join(', ')}): a route typed ${type} must be one of the routes (a path parameter may have another name at its position; a mistyped route would leave the real route AWS_IAM)`,
        { file, field },
      );
    const before = typed.get(key);
    if (before !== undefined) {
      // Both spellings, when they differ: the reader sees two routes where API Gateway has one.
      const as =
        before.route === route
          ? ''
          : ` (as "${before.route}" at ${before.field}: both are route "${listed}", a path parameter told by its position, not its name)`;
      throw new InputError(
        before.type === type
          ? `"${route}" is listed twice${as}`
          : `"${route}" is typed twice (${before.type} in ${before.field}, and ${type})${as}: a route has one authorization type`,
        { file, field },
      );
    }
    typed.set(key, entry);
  }
}

/** Load and validate a config file; relative paths inside it resolve against its folder. */
export function loadConfig(file: string): Config {
  // The config's folder is the project (unless --root says otherwise): the files it names live there.
  addProjectRoot(dirname(resolve(file)));
  const data = parseYamlFile(file, configSchema);
  const dir = dirname(resolve(file));
  const defaultEndpoint = data.defaults.endpoint ?? Object.keys(data.endpoints)[0];
  if (data.defaults.endpoint && !data.endpoints[data.defaults.endpoint]) {
    throw new InputError(unknownAlias('endpoint', data.defaults.endpoint, Object.keys(data.endpoints)), {
      file,
      field: 'defaults.endpoint',
    });
  }
  for (const [id, a] of Object.entries(data.accounts ?? {})) {
    if (arnAccount(a.readerRole) !== id) {
      throw new InputError(`the reader role of account ${id} must be a role in ${id}`, {
        file,
        field: `accounts.${id}.readerRole`,
      });
    }
  }
  chainsOf(data, file);
  for (const [alias, api] of Object.entries(data.apis)) {
    // Offline there is no GetStages: the stated stages are what the stage is checked against.
    const p = api.stages
      ? routeProblem(
          { stages: api.stages, stagesSource: `apis.${alias}.stages` },
          { api: alias, stage: api.stage, path: '/' },
        )
      : undefined;
    if (p) throw new InputError(p.message, { file, field: `apis.${alias}.stage` });
    typedRouteLists(api, `apis.${alias}`, file);
    for (const [s, own] of Object.entries(api.stageRoutes ?? {}))
      if (!Array.isArray(own)) typedRouteLists(own, `apis.${alias}.stageRoutes.${s}`, file);
    for (const s of Object.keys(api.stageRoutes ?? {}))
      if (s === api.stage || !api.stages?.includes(s))
        throw new InputError(
          `stage "${s}" of API "${alias}" ${s === api.stage ? `is its configured stage, whose routes are apis.${alias}.routes` : `is not one of apis.${alias}.stages (${api.stages?.join(', ') ?? 'not stated'})`}`,
          { file, field: `apis.${alias}.stageRoutes.${s}` },
        );
  }
  const memberOf: Record<string, string> = {};
  const state = (acct: string, id: string, field: string) => {
    if (memberOf[acct] !== undefined && memberOf[acct] !== id)
      throw new InputError(`account ${acct} is stated in two organizations (${memberOf[acct]} and ${id})`, {
        file,
        field,
      });
    memberOf[acct] = id;
  };
  for (const [i, a] of (data.organization?.accounts ?? []).entries())
    state(a, data.organization!.id, `organization.accounts.${i}`);
  // One organization is one statement: stated twice, one part could be `complete` and the other add
  // members (attack run 12: `organization` and an `organizations` entry of the same id were merged).
  // (`organization: { id }` alone names the hub's organization; its members may be listed below.)
  const stated = data.organization;
  const orgIds = [
    ...(stated && (stated.accounts?.length || stated.complete !== undefined)
      ? [{ id: stated.id, field: 'organization.id' }]
      : []),
    ...(data.organizations ?? []).map((o, i) => ({ id: o.id, field: `organizations.${i}.id` })),
  ];
  for (const [i, o] of orgIds.entries())
    if (o.id !== 'none' && orgIds.findIndex((x) => x.id === o.id) < i)
      throw new InputError(`organization ${o.id} is stated twice; state its accounts in one place`, {
        file,
        field: o.field,
      });
  for (const [i, o] of (data.organizations ?? []).entries())
    for (const [j, a] of o.accounts.entries()) state(a, o.id, `organizations.${i}.accounts.${j}`);
  completeLists(data, memberOf, file);
  orgPathsAgree(data, memberOf, file);
  const scps = data.serviceControlPolicies;
  const scpFiles = scps
    ? scpLevels(
        {
          managementAccount: scps.managementAccount,
          attached: Object.fromEntries(
            Object.entries(scps.attached).map(([t, files]) => [
              t,
              files.map((file, i) => ({
                target: t,
                field: `serviceControlPolicies.attached.${t}.${i}`,
                file,
              })),
            ]),
          ),
        },
        (a) => data.orgPaths?.[a],
        Object.keys(data.orgPaths ?? {}),
        { file, orgPathField: (a) => `orgPaths.${a}` },
      )
    : undefined;
  return {
    ...data,
    // Looked up by names from the command line and the features: `constructor` is no alias.
    roles: ownOnly({ ...data.roles, ...callersOf(data, file) }),
    apis: ownOnly(data.apis),
    ...(data.accounts ? { accounts: ownOnly(data.accounts) } : {}),
    endpoints: ownOnly(addressed(data, defaultEndpoint!, file)),
    defaults: { ...data.defaults, endpoint: defaultEndpoint },
    memberOf,
    ...(scpFiles ? { scpFiles } : {}),
    file,
    dir,
  };
}

/**
 * `roles.X.via` names a configured role, and the chain it starts ends at the base identity: no role
 * is assumed through itself. A chained AssumeRole gets at most an hour (docs/aws-behaviour.md §10),
 * so a longer `durationSeconds` on a chained role is refused here rather than by STS mid-run.
 */
function chainsOf(data: ConfigData, file: string): void {
  const has = (alias: string) => Object.prototype.hasOwnProperty.call(data.roles, alias);
  for (const [alias, role] of Object.entries(data.roles)) {
    if (role.via === undefined) continue;
    const chain = [alias];
    for (let next: string | undefined = role.via; next !== undefined; next = data.roles[next]!.via) {
      const field = `roles.${chain.at(-1)!}.via`;
      if (!has(next))
        throw new InputError(unknownAlias('role', next, Object.keys(data.roles)), { file, field });
      if (chain.includes(next))
        throw new InputError(
          `role chain ${[...chain, next].join(' → ')} comes back to a role it started from`,
          {
            file,
            field,
          },
        );
      chain.push(next);
    }
    if (role.durationSeconds !== undefined && role.durationSeconds > ROLE_CHAINING_MAX_SECONDS)
      throw new InputError(
        `durationSeconds ${role.durationSeconds}: a role assumed with another role's session (via "${role.via}": role chaining) gets at most ${ROLE_CHAINING_MAX_SECONDS} seconds`,
        { file, field: `roles.${alias}.durationSeconds` },
      );
  }
}

/**
 * The config's users as callers beside its roles: one alias names one caller, so an alias stated
 * under both is refused. The user's unique id stands where a role's does (aws:userid, a Principal
 * holding it); its session name is never used.
 */
function callersOf(data: ConfigData, file: string): Record<string, RoleConfig> {
  const out: Record<string, RoleConfig> = {};
  for (const [alias, u] of Object.entries(data.users ?? {})) {
    if (Object.prototype.hasOwnProperty.call(data.roles, alias))
      throw new InputError(
        `"${alias}" names both a role (roles.${alias}) and a user; a feature's caller must be one of them`,
        { file, field: `users.${alias}` },
      );
    out[alias] = {
      arn: u.arn,
      roleId: u.userId,
      tags: u.tags,
      identityPolicies: u.identityPolicies,
      ...(u.permissionsBoundary !== undefined ? { permissionsBoundary: u.permissionsBoundary } : {}),
      user: { credentials: u.credentials },
    };
  }
  for (const [alias, f] of Object.entries(data.federated ?? {})) {
    const field = `federated.${alias}`;
    if (
      Object.prototype.hasOwnProperty.call(data.roles, alias) ||
      Object.prototype.hasOwnProperty.call(out, alias)
    )
      throw new InputError(
        `"${alias}" names a federated user and a role or user too; a feature's caller must be one of them`,
        { file, field },
      );
    const u = Object.prototype.hasOwnProperty.call(data.users ?? {}, f.user)
      ? data.users![f.user]!
      : undefined;
    if (!u)
      throw new InputError(
        `"${f.user}" is not a configured user (users): a federated user is a GetFederationToken session of an IAM user, whose identity policies it keeps`,
        { file, field: `${field}.user` },
      );
    const user = arnFields(u.arn)!;
    const arn = `arn:${user.partition}:sts::${user.account}:federated-user/${f.name}`;
    const tags = overriddenTags(u.tags, f.tags ?? {});
    // The session ARN is the account and the name alone: a prediction finds a caller's tags by it, so
    // two sessions of one ARN must carry the same (else the second was decided with the first's).
    const twin = Object.entries(out).find(([, r]) => r.federated && r.arn === arn);
    if (twin && JSON.stringify(sortedTags(twin[1].tags)) !== JSON.stringify(sortedTags(tags)))
      throw new InputError(
        `"${alias}" and "${twin[0]}" are one federated-user ARN (${arn}) with other principal tags: spokegate tells their calls apart by the ARN alone, so give each its own name`,
        { file, field: `${field}.name` },
      );
    out[alias] = {
      arn,
      tags,
      identityPolicies: u.identityPolicies,
      ...(u.permissionsBoundary !== undefined ? { permissionsBoundary: u.permissionsBoundary } : {}),
      // Temporary credentials without MFA: GetFederationToken takes no MFA (docs/aws-behaviour.md §24).
      user: { credentials: 'session' },
      federated: {
        user: f.user,
        userArn: u.arn,
        userId: u.userId,
        sessionPolicies: f.sessionPolicies,
        sessionTags: f.tags ?? {},
        ...(f.packedPolicySize !== undefined ? { packedPolicySize: f.packedPolicySize } : {}),
      },
    };
  }
  return out;
}

const sortedTags = (t: Record<string, string> | undefined) => Object.entries(t ?? {}).sort();

/** `base` with `over`'s tags, each replacing a tag whose key differs only in case (STS session tags). */
export function overriddenTags(
  base: Record<string, string>,
  over: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const replaced = new Set(Object.keys(over).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(base)) if (!replaced.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...over };
}

/** The same entries in an object without a prototype: a lookup finds an entry or nothing. */
function ownOnly<T>(o: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, o);
}

/**
 * Each endpoint's addressing, so that a call "through" it goes there: a private DNS name resolves,
 * in the runner's VPC, to that VPC's one private-DNS endpoint for execute-api (AWS allows one), so
 * an endpoint elsewhere is pinned by its own DNS name; private-dns for it is refused. By default
 * only an endpoint known to be in the runner's VPC (the default endpoint when runner.vpc is unset,
 * or one whose stated VPC is the runner's) is addressed by private DNS: one whose VPC is not stated
 * may be elsewhere, and its own DNS name reaches it wherever it is.
 */
function addressed(data: ConfigData, defaultEndpoint: string, file: string): Record<string, EndpointConfig> {
  const runnerVpc = data.runner?.vpc ?? data.endpoints[defaultEndpoint]?.vpc;
  const out: Record<string, EndpointConfig> = {};
  const privateDnsIn = new Map<string, string>();
  for (const [alias, ep] of Object.entries(data.endpoints)) {
    const elsewhere = ep.vpc !== undefined && runnerVpc !== undefined && ep.vpc !== runnerVpc;
    if (ep.addressing === 'private-dns' && elsewhere)
      throw new InputError(
        `endpoint "${alias}" is in ${ep.vpc}, but the runner resolves private DNS names in ${runnerVpc}: a call "through ${alias}" would reach ${runnerVpc}'s endpoint. Use addressing: endpoint-host (or endpoint-api-id), or set runner.vpc`,
        { file, field: `endpoints.${alias}.addressing` },
      );
    const inRunnerVpc =
      (alias === defaultEndpoint && data.runner?.vpc === undefined) ||
      (ep.vpc !== undefined && ep.vpc === runnerVpc);
    const addressing = ep.addressing ?? (inRunnerVpc ? 'private-dns' : 'endpoint-host');
    if (addressing === 'private-dns') {
      const vpc = ep.vpc ?? runnerVpc ?? '(the runner VPC)';
      const other = privateDnsIn.get(vpc);
      if (other)
        throw new InputError(
          `endpoints "${other}" and "${alias}" are both addressed by private DNS in ${vpc}: AWS allows one private-DNS execute-api endpoint per VPC, so both names reach the same one. Address one with endpoint-host`,
          { file, field: `endpoints.${alias}.addressing` },
        );
      privateDnsIn.set(vpc, alias);
    }
    out[alias] = { ...ep, addressing };
  }
  return out;
}

/** Resolve a path written in the config relative to the config's folder. */
export function configPath(config: Config, p: string): string {
  return resolve(config.dir, p);
}

/**
 * The config a command uses: the one named with --config (which must exist: exit 2 naming the
 * path), else ./spokegate.config.yaml, else the demo's. `demo` says the demo config was chosen.
 */
export function chooseConfigFile(cwd: string, given?: string): { file: string; demo: boolean } {
  if (given !== undefined) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) throw new InputError('config file not found (given with --config)', { file });
    return { file, demo: false };
  }
  const local = resolve(cwd, 'spokegate.config.yaml');
  if (existsSync(local)) return { file: local, demo: false };
  return { file: join(PACKAGE_ROOT, 'features', 'sandbox', 'spokegate.config.yaml'), demo: true };
}

/** The config file a command uses (see chooseConfigFile). */
export function defaultConfigFile(cwd: string, given?: string): string {
  return chooseConfigFile(cwd, given).file;
}
