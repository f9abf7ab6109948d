// The sandbox world file (docs/design.md "The sandbox world file"): accounts, organization, roles, the
// hub endpoint, spoke APIs, the harness identity and optional faults. Validated with zod through
// parseYamlFile, so every error names the file, the field and the line.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_SESSION_SECONDS, MAX_SESSION_SECONDS } from '../aws/session-duration.js';
import { InputError } from '../errors.js';
import { checkJsonDepth, jsonSyntaxError, jsonSyntaxWithin } from '../input/index.js';
import { configPath, type Config } from './config.js';
import { parseYamlFile, readText } from './load.js';
import {
  arnFields,
  isPolicyTarget,
  parseManagedPolicyArn,
  parseRoleArn,
  parseUserArn,
} from '../identifiers/index.js';
import { templateProblem, variableSiblingProblem } from '../routes/index.js';
import * as field from './fields.js';
import { scpLevels } from './scp.js';

/** A policy written inline as a YAML map, or as a JSON string. */
const policy = z.union([z.string().min(2), z.record(z.string(), z.unknown())]);
const tags = z.record(z.string(), z.string());

export const faultsSchema = z.strictObject({
  /** Share of execute-api requests answered 429 TooManyRequestsException. */
  throttlePercent: z.number().min(0).max(100).default(0),
  /** Share answered with a 5xx. */
  errorPercent: z.number().min(0).max(100).default(0),
  /** Added latency (ms) before answering, plus up to jitterMs more. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of connections reset (socket destroyed) without an answer. */
  resetPercent: z.number().min(0).max(100).default(0),
  /** The API's clock runs this many seconds ahead (negative: behind); beyond 300 s signatures fail. */
  clockSkewSeconds: z.number().int().min(-86_400).max(86_400).default(0),
  /** Seed of the fault sequence (the sandbox's seed when omitted). */
  seed: z.number().int().optional(),
});
export type Faults = z.output<typeof faultsSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;

const identitySchema = z.strictObject({
  arn: z
    .string()
    // The sandbox is one partition: aws.
    .refine((s) => parseUserArn(s)?.partition === 'aws', 'must be an IAM user ARN'),
  accessKeyId: z
    .string()
    .regex(/^AKIA[A-Z0-9]{16}$/, 'must be a long-term access key id (AKIA + 16 characters)'),
  // Printed in the export block (`spokegate sandbox`): visible ASCII only, as AWS's keys are.
  secretAccessKey: z
    .string()
    .min(40, 'must be at least 40 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters (no space or control character)'),
  userId: z
    .string()
    .regex(/^AIDA[A-Z0-9]{12,124}$/, 'must be an IAM user id (AIDA..., at most 128 characters)')
    .optional(),
  policies: z.record(z.string(), policy).default({}),
  /** The user's permissions boundary, a managed policy ARN (defined under `managedPolicies`). */
  permissionsBoundary: z.string().optional(),
  /**
   * The user's MFA device: its serial number (or virtual device ARN, botocore sts serialNumberType) and
   * the one code the sandbox takes from it (it keeps no clock of a real device).
   */
  mfaDevice: z
    .strictObject({
      serial: z.string().regex(/^[\w+=/:,.@-]{9,256}$/, 'must be 9-256 of letters, digits and _+=/:,.@-'),
      code: z.string().regex(/^\d{6}$/, 'must be six digits'),
    })
    .optional(),
});

const roleSchema = z.strictObject({
  arn: z.string().refine((s) => parseRoleArn(s)?.partition === 'aws', 'must be an IAM role ARN'),
  roleId: z
    .string()
    .regex(/^AROA[A-Z0-9]{12,124}$/, 'must be a role id (AROA..., at most 128 characters)')
    .optional(),
  description: z.string().optional(),
  tags: field.principalTags.default({}),
  maxSessionDuration: z
    .number()
    .int()
    .min(DEFAULT_MAX_SESSION_SECONDS)
    .max(MAX_SESSION_SECONDS)
    .default(DEFAULT_MAX_SESSION_SECONDS),
  trustPolicy: policy,
  /** Inline identity policies by name. */
  policies: z.record(z.string(), policy).default({}),
  /** Managed policies attached to the role, by ARN (each defined under `managedPolicies`). */
  attachedPolicies: z.array(z.string()).default([]),
  /** The role's permissions boundary, a managed policy ARN (defined under `managedPolicies`). */
  permissionsBoundary: z.string().optional(),
});

/** A managed policy: customer managed (arn:aws:iam::ACCOUNT:policy/PATH/NAME) or AWS managed (::aws:). */
const managedPolicySchema = z.strictObject({
  arn: z
    .string()
    .refine(
      (s) => parseManagedPolicyArn(s)?.partition === 'aws',
      'must be a managed policy ARN like arn:aws:iam::222222222222:policy/NAME',
    ),
  description: z.string().optional(),
  document: policy,
});

const endpointSchema = z.strictObject({
  id: field.vpceId,
  account: field.account,
  vpc: field.vpcId,
  region: field.region.optional(),
  privateDns: z.boolean().default(true),
  /** Endpoint-specific DNS names; derived from the id when omitted. */
  dnsNames: z.array(field.dnsName).optional(),
  subnets: z.array(z.string()).default([]),
  securityGroups: z.array(z.string()).default([]),
  /** Omitted: the default full-access policy. */
  policy: policy.optional(),
  serviceName: z.string().optional(),
  createdAt: z.string().optional(),
  /** The endpoint's tags (DescribeVpcEndpoints tagSet; filters tag:KEY and tag-key). */
  tags: tags.default({}),
});

/** Answers a route can be set to give instead of its integration's (sandbox/errors.ts words them). */
export const GATEWAY_ANSWERS = [
  'bad-request',
  'expired-token',
  'expired-token-access-denied',
  'unrecognized-client',
  'api-key-required',
  'waf',
] as const;
export type GatewayAnswer = (typeof GATEWAY_ANSWERS)[number];

/** How the sandbox words a policy denial: `modern` names the layer, `legacy` as API Gateway once did. */
export const DENIAL_MESSAGE_STYLES = ['modern', 'legacy'] as const;

/**
 * What a modelled authorizer answers every call that reaches it (docs/world.md `authorizers`):
 * `allow` (a Lambda authorizer's policy allows the call; a Cognito token is valid), `deny` (a Lambda
 * authorizer's policy denies it explicitly), `unauthorized` (the token is missing or refused: 401).
 */
export const AUTHORIZER_DECISIONS = ['allow', 'deny', 'unauthorized', 'fail'] as const;
export type AuthorizerDecision = (typeof AUTHORIZER_DECISIONS)[number];

/** An API's authorizer (API Gateway `Authorizer`): a Lambda one (TOKEN, REQUEST) or Cognito's. */
const authorizerSchema = z.strictObject({
  /** The authorizer id (GetResources `authorizerId`); derived from the API id and the name when omitted. */
  id: z
    .string()
    .regex(/^[a-z0-9]{6,10}$/, 'must be an authorizer id like abc123 (6-10 lower-case letters/digits)')
    .optional(),
  type: z.enum(['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']),
  decision: z.enum(AUTHORIZER_DECISIONS),
});
export type WorldAuthorizer = z.output<typeof authorizerSchema>;

const routeFields = {
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']),
  // The config's routes' own check (a greedy {name+} only last, no empty segment): one reading of a
  // resource path for the world the sandbox serves and the config a prediction reads.
  path: z.string().superRefine((p, ctx) => {
    const problem = templateProblem(p);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `must be a resource path like /orders/{id}: ${problem}` });
  }),
  /** CUSTOM (a Lambda authorizer) and COGNITO_USER_POOLS name one of the API's `authorizers`. */
  authorizationType: z.enum(['AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS']).default('AWS_IAM'),
  /** The API's authorizer (a key of apis.ALIAS.authorizers) of a CUSTOM or COGNITO_USER_POOLS route. */
  authorizer: z.string().min(1).optional(),
  /** Once the policies allow the call, the integration answers this status (a backend's own 4xx/5xx). */
  integrationStatus: z.number().int().min(200).max(599).optional(),
  /** Once the policies allow the call, API Gateway answers this instead of the integration (docs/world.md). */
  gatewayAnswer: z.enum(GATEWAY_ANSWERS).optional(),
};

export const routeSchema = z.strictObject({
  ...routeFields,
  /** false: defined on the API (GetResources lists it) but not deployed to its stages (nothing serves it). */
  deployed: z.boolean().default(true),
});
export type Route = z.output<typeof routeSchema>;
/** A route of a canary's deployment (a snapshot: deployed by definition). */
export type DeployedRoute = Omit<Route, 'deployed'>;

/**
 * A stage's canary (API Gateway `canarySettings`): its own deployment, serving `percentTraffic` of
 * the stage's calls. Which calls is drawn from a sequence seeded by `seed` (else the API's fault
 * seed, else the world's), so a seed fixes it; 0 and 100 fix every call's deployment outright.
 * Without a share (botocore: an optional member, no default documented) GetStages gives none and
 * the sandbox draws either deployment at even odds (CANARY_UNSTATED_SHARE).
 */
const canarySchema = z.strictObject({
  percentTraffic: z.number().min(0).max(100).optional(),
  /** The canary deployment's routes (what it serves; GetDeployment of its id). */
  routes: z.array(z.strictObject(routeFields)).min(1),
  seed: z.number().int().optional(),
});
export type WorldCanary = z.output<typeof canarySchema>;

const apiSchema = z.strictObject({
  id: field.apiId,
  name: z.string().optional(),
  description: z.string().optional(),
  account: field.account,
  region: field.region.optional(),
  stages: z.array(z.string().regex(/^[\w-]+$/)).min(1),
  routes: z.array(routeSchema).min(1),
  /** The API's authorizers by a name of your choice; CUSTOM and COGNITO_USER_POOLS routes name one. */
  authorizers: z.record(z.string(), authorizerSchema).default({}),
  /** A canary per stage name (a stage of `stages`): its own deployment serves a share of the calls. */
  canaries: z.record(z.string(), canarySchema).default({}),
  /** Omitted: a private API without a resource policy fails every call (as in AWS). */
  resourcePolicy: policy.optional(),
  /** The endpoint ids in the API's endpointConfiguration.vpcEndpointIds. */
  vpcEndpointIds: z.array(field.vpceId).default([]),
  faults: faultsSchema.optional(),
  createdAt: z.string().optional(),
});

export const worldSchema = z
  .strictObject({
    region: field.region,
    organization: z
      .strictObject({
        id: field.orgId,
        accounts: z.array(field.account).min(1),
      })
      .optional(),
    /** Other organizations and their accounts (aws:PrincipalOrgID of their principals). */
    organizations: z
      .array(
        z.strictObject({
          id: field.orgId,
          accounts: z.array(field.account).min(1),
        }),
      )
      .optional(),
    /**
     * The SCPs that limit the principals of member accounts, as in the config (docs/world.md
     * `serviceControlPolicies`): policies (inline or files) attached to roots, OUs and accounts, read
     * along each account's `orgPath`. The sandbox enforces them with the engine's `scp` layer.
     */
    serviceControlPolicies: z
      .strictObject({
        /** The management account: SCPs do not limit its principals. */
        managementAccount: field.account.optional(),
        attached: z.record(z.string().refine(isPolicyTarget, field.POLICY_TARGET_MESSAGE), z.array(policy)),
      })
      .optional(),
    accounts: z.record(
      field.account,
      z.strictObject({
        name: z.string().optional(),
        /** aws:PrincipalOrgPaths of the account's principals (a member's path in its organization). */
        orgPath: field.orgPath.optional(),
      }),
    ),
    harness: identitySchema,
    roles: z.record(z.string(), roleSchema),
    endpoints: z.record(z.string(), endpointSchema).refine((o) => Object.keys(o).length > 0, {
      message: 'at least one endpoint is required',
    }),
    apis: z.record(z.string(), apiSchema),
    /** `modern`: "... because no resource-based policy allows ...", "... explicit deny in a VPC
     * endpoint policy"; `legacy`: "... with an explicit deny" or nothing after the resource. */
    denialMessages: z.enum(DENIAL_MESSAGE_STYLES).default('modern'),
    /**
     * Who the resource policy sees on a route whose authorizer decides (CUSTOM, COGNITO_USER_POOLS)
     * when the call is signed: `anonymous` (as AWS documents for resource policies on routes not
     * AWS_IAM) or `signer`. AWS does not establish it (docs/aws-behaviour.md §5d); spokegate predicts
     * such calls under both readings, so either can be played. The endpoint policy sees the signer.
     */
    authorizerRouteCaller: z.enum(['anonymous', 'signer']).default('anonymous'),
    /**
     * Who the resource policy sees on a NONE route when the call is signed: `signer` (after the VPC
     * endpoint page's "AWS_IAM or NONE") or `anonymous` (API Gateway's guide: a resource policy naming
     * AWS principals fails on every route not AWS_IAM). Not established (docs/aws-behaviour.md §5d):
     * spokegate predicts such calls under both readings. The endpoint policy sees the signer.
     */
    noneRouteCaller: z.enum(['anonymous', 'signer']).default('signer'),
    /** Managed policies by a name of your choice; roles attach them by ARN (`attachedPolicies`). */
    managedPolicies: z.record(z.string(), managedPolicySchema).default({}),
    /**
     * Most items one page of a control-plane list holds (IAM ListRolePolicies/ListAttachedRolePolicies,
     * API Gateway GetRestApis, EC2 DescribeVpcEndpoints), whatever the caller asks: small pages make
     * the readers' paging run. Default: AWS's own defaults.
     */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /**
     * The runner's private address in the VPC: aws:VpcSourceIp of every call through an endpoint
     * (AWS sets it for requests made through a VPC endpoint). Default: the address the sandbox sees
     * the connection come from (127.0.0.1 on loopback).
     */
    runnerAddress: field.ipAddress('10.0.1.15').optional(),
    /**
     * aws:SourceIp of an execute-api call through an endpoint. AWS documents it as absent (IAM) or
     * rewritten by the endpoint (API Gateway), never the caller's address (docs/aws-behaviour.md §8):
     * absent by default; an address here plays the rewritten reading.
     */
    sourceIpThroughEndpoint: field.ipAddress('198.51.100.20').optional(),
    seed: z.number().int().default(1),
  })
  .superRefine(field.noHiddenText('which the sandbox would serve and clients print as it is'));

export type WorldData = z.output<typeof worldSchema>;
export type WorldRole = z.output<typeof roleSchema>;
export type WorldEndpoint = z.output<typeof endpointSchema>;
export type WorldApi = z.output<typeof apiSchema>;
export type WorldPolicy = z.output<typeof policy>;
export type WorldManagedPolicy = z.output<typeof managedPolicySchema>;
/** A validated world; `file`/`dir` are set when it was read from a file. */
export type World = WorldData & { file?: string; dir?: string };

/** Load and validate a world file; cross-references are checked too (errors name the field). */
export function loadWorld(file: string, text = readText(file, 'world')): World {
  const data = parseYamlFile(file, worldSchema, text);
  checkWorld(data, file);
  const dir = dirname(resolve(file));
  return { ...materializePolicies(data, dir, file), file, dir };
}

/**
 * The world a config's `sandbox.world` names, read and validated now (before a run takes its reports
 * lock or starts anything): a file that cannot be read is named with the config file and its field.
 */
export function loadConfigWorld(config: Config, configFile: string): World {
  if (!config.sandbox)
    throw new InputError('sandbox mode needs `sandbox.world` in the config', {
      file: configFile,
      field: 'sandbox',
    });
  const file = configPath(config, config.sandbox.world);
  let text: string;
  try {
    text = readText(file, 'world');
  } catch (e) {
    if (e instanceof InputError)
      throw new InputError(e.message, { file: configFile, field: 'sandbox.world' });
    throw e;
  }
  return loadWorld(file, text);
}

/** Validate a world given as an object; same errors as loadWorld. `dir` anchors policy file paths. */
export function parseWorld(input: unknown, at: string | { file?: string; dir?: string } = {}): World {
  const where = typeof at === 'string' ? { file: at } : at;
  const file = where.file ?? '(world)';
  const result = worldSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InputError(issue.message, { file, field: issue.path.map(String).join('.') || '(top level)' });
  }
  checkWorld(result.data, file);
  return {
    ...(where.dir ? materializePolicies(result.data, where.dir, file) : result.data),
    ...(where.file ? { file: where.file } : {}),
    ...(where.dir ? { dir: where.dir } : {}),
  };
}

/** The file each policy read from a path came from: an error in it names that file, not the world. */
const POLICY_FILES = new WeakMap<object, string>();
export const policyFileOf = (p: unknown): string | undefined =>
  p !== null && typeof p === 'object' ? POLICY_FILES.get(p) : undefined;

/**
 * A policy written as a file path (relative to the world file) is read here, so everyone who looks
 * at the world sees the documents themselves; errors name the field (and the policy's own file).
 */
function materializePolicies(w: WorldData, dir: string, file: string): WorldData {
  const load = <P>(p: P, field: string): P => {
    if (typeof p !== 'string' || p.trim().startsWith('{')) return p;
    const path = resolve(dir, p.trim());
    let text: string;
    try {
      text = readText(path, 'policy');
    } catch (e) {
      throw new InputError(`policy file ${path} cannot be read (${(e as Error).message})`, { file, field });
    }
    checkJsonDepth(text, path);
    try {
      const doc = JSON.parse(text) as P;
      if (doc !== null && typeof doc === 'object') POLICY_FILES.set(doc, path);
      return doc;
    } catch (e) {
      throw new InputError(
        `policy file ${path} is not JSON (${jsonSyntaxWithin(jsonSyntaxError(text, e))})`,
        {
          file,
          field,
        },
      );
    }
  };
  const map = <P>(o: Record<string, P>, field: string) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, load(v, `${field}.${k}`)]));
  return {
    ...w,
    harness: { ...w.harness, policies: map(w.harness.policies, 'harness.policies') },
    roles: Object.fromEntries(
      Object.entries(w.roles).map(([k, r]) => [
        k,
        {
          ...r,
          trustPolicy: load(r.trustPolicy, `roles.${k}.trustPolicy`),
          policies: map(r.policies, `roles.${k}.policies`),
        },
      ]),
    ),
    managedPolicies: Object.fromEntries(
      Object.entries(w.managedPolicies).map(([k, m]) => [
        k,
        { ...m, document: load(m.document, `managedPolicies.${k}.document`) },
      ]),
    ),
    ...(w.serviceControlPolicies
      ? {
          serviceControlPolicies: {
            ...w.serviceControlPolicies,
            attached: Object.fromEntries(
              Object.entries(w.serviceControlPolicies.attached).map(([t, list]) => [
                t,
                list.map((p, i) => load(p, `serviceControlPolicies.attached.${t}.${i}`)),
              ]),
            ),
          },
        }
      : {}),
    endpoints: Object.fromEntries(
      Object.entries(w.endpoints).map(([k, e]) => [
        k,
        e.policy === undefined ? e : { ...e, policy: load(e.policy, `endpoints.${k}.policy`) },
      ]),
    ),
    apis: Object.fromEntries(
      Object.entries(w.apis).map(([k, a]) => [
        k,
        a.resourcePolicy === undefined
          ? a
          : { ...a, resourcePolicy: load(a.resourcePolicy, `apis.${k}.resourcePolicy`) },
      ]),
    ),
  };
}

function checkWorld(w: WorldData, file: string): void {
  const known = new Set(Object.keys(w.accounts));
  const need = (acct: string, field: string) => {
    if (!known.has(acct))
      throw new InputError(`account ${acct} is not listed under accounts`, { file, field });
  };
  need(arnFields(w.harness.arn)!.account, 'harness.arn');
  for (const [name, r] of Object.entries(w.roles)) need(arnFields(r.arn)!.account, `roles.${name}.arn`);
  for (const [name, e] of Object.entries(w.endpoints)) need(e.account, `endpoints.${name}.account`);
  for (const [i, a] of (w.organization?.accounts ?? []).entries()) need(a, `organization.accounts.${i}`);
  const orgOf = new Map<string, string>((w.organization?.accounts ?? []).map((a) => [a, w.organization!.id]));
  for (const [i, o] of (w.organizations ?? []).entries())
    for (const [j, a] of o.accounts.entries()) {
      need(a, `organizations.${i}.accounts.${j}`);
      if (orgOf.has(a) && orgOf.get(a) !== o.id)
        throw new InputError(`account ${a} is in two organizations (${orgOf.get(a)} and ${o.id})`, {
          file,
          field: `organizations.${i}.accounts.${j}`,
        });
      orgOf.set(a, o.id);
    }
  worldScpLevels(w, file);
  const ids = new Set<string>();
  for (const [name, a] of Object.entries(w.apis)) {
    need(a.account, `apis.${name}.account`);
    checkRouteAuthorizers(a, `apis.${name}`, file);
    if (ids.has(a.id)) throw new InputError(`duplicate API id ${a.id}`, { file, field: `apis.${name}.id` });
    ids.add(a.id);
  }
  // AWS allows one private-DNS endpoint for a service per VPC: two would make "through X" a guess.
  const privateDnsIn = new Map<string, string>();
  for (const [name, e] of Object.entries(w.endpoints)) {
    if (!e.privateDns) continue;
    const key = `${e.region ?? w.region} ${e.vpc}`;
    const other = privateDnsIn.get(key);
    if (other)
      throw new InputError(
        `endpoints "${other}" and "${name}" both have private DNS in ${e.vpc}: AWS allows one private-DNS execute-api endpoint per VPC (set privateDns: false on one)`,
        { file, field: `endpoints.${name}.privateDns` },
      );
    privateDnsIn.set(key, name);
  }
  const managed = new Set<string>();
  for (const [name, m] of Object.entries(w.managedPolicies)) {
    const acct = arnFields(m.arn)!.account;
    if (acct !== 'aws') need(acct, `managedPolicies.${name}.arn`);
    if (managed.has(m.arn))
      throw new InputError(`duplicate managed policy ${m.arn}`, {
        file,
        field: `managedPolicies.${name}.arn`,
      });
    managed.add(m.arn);
  }
  for (const [name, r] of Object.entries(w.roles)) {
    const named: [string, string][] = r.attachedPolicies.map((arn, i) => [arn, `attachedPolicies.${i}`]);
    if (r.permissionsBoundary !== undefined) named.push([r.permissionsBoundary, 'permissionsBoundary']);
    for (const [arn, field] of named) {
      if (!managed.has(arn))
        throw new InputError(`managed policy ${arn} is not defined under managedPolicies`, {
          file,
          field: `roles.${name}.${field}`,
        });
    }
  }
  if (w.harness.permissionsBoundary !== undefined && !managed.has(w.harness.permissionsBoundary))
    throw new InputError(
      `managed policy ${w.harness.permissionsBoundary} is not defined under managedPolicies`,
      {
        file,
        field: 'harness.permissionsBoundary',
      },
    );
  const vpces = new Set<string>();
  for (const [name, e] of Object.entries(w.endpoints)) {
    if (vpces.has(e.id))
      throw new InputError(`duplicate endpoint id ${e.id}`, { file, field: `endpoints.${name}.id` });
    vpces.add(e.id);
  }
}

/**
 * A CUSTOM route names a Lambda authorizer (TOKEN, REQUEST) of its API, a COGNITO_USER_POOLS route a
 * Cognito one, and no other route names any (API Gateway refuses a method otherwise); a Cognito
 * authorizer answers a token it refuses with 401, never with a policy's deny. A canary belongs to
 * one of the API's stages.
 */
function checkRouteAuthorizers(a: WorldApi, at: string, file: string): void {
  for (const [name, z] of Object.entries(a.authorizers))
    if (z.type === 'COGNITO_USER_POOLS' && z.decision === 'deny')
      throw new InputError(
        'a Cognito user pool authorizer does not return a policy: its decision is allow or unauthorized',
        { file, field: `${at}.authorizers.${name}.decision` },
      );
  const check = (routes: readonly DeployedRoute[], field: string) => {
    // One deployment is one resource tree: two variable children of a resource cannot be deployed.
    const siblings = variableSiblingProblem(routes.map((r) => r.path));
    if (siblings) throw new InputError(siblings.message, { file, field: `${field}.${siblings.index}.path` });
    for (const [i, r] of routes.entries()) {
      const where = { file, field: `${field}.${i}.authorizer` };
      const needs =
        r.authorizationType === 'CUSTOM'
          ? 'a Lambda authorizer (type TOKEN or REQUEST)'
          : r.authorizationType === 'COGNITO_USER_POOLS'
            ? 'a Cognito authorizer (type COGNITO_USER_POOLS)'
            : undefined;
      if (!needs) {
        if (r.authorizer !== undefined)
          throw new InputError(`an ${r.authorizationType} route has no authorizer`, where);
        continue;
      }
      const z = r.authorizer === undefined ? undefined : a.authorizers[r.authorizer];
      if (!z)
        throw new InputError(
          `a ${r.authorizationType} route names ${needs} of the API's authorizers (${Object.keys(a.authorizers).join(', ') || 'none defined'})`,
          where,
        );
      if ((z.type === 'COGNITO_USER_POOLS') !== (r.authorizationType === 'COGNITO_USER_POOLS'))
        throw new InputError(
          `authorizer "${r.authorizer}" is ${z.type}: a ${r.authorizationType} route needs ${needs}`,
          where,
        );
    }
  };
  check(a.routes, `${at}.routes`);
  for (const [stage, c] of Object.entries(a.canaries)) {
    if (!a.stages.includes(stage))
      throw new InputError(`stage "${stage}" is not one of the API's stages (${a.stages.join(', ')})`, {
        file,
        field: `${at}.canaries.${stage}`,
      });
    check(c.routes, `${at}.canaries.${stage}.routes`);
  }
}

/**
 * Account -> its SCPs, one list per level of its organization path (root first, the account last):
 * the config's reading (src/config/scp.ts), along `accounts.ID.orgPath`; exit 2 as there.
 */
export function worldScpLevels(w: WorldData, file: string): Record<string, WorldPolicy[][]> {
  return scpLevels(
    w.serviceControlPolicies,
    (a) => w.accounts[a]?.orgPath,
    Object.keys(w.accounts).filter((a) => w.accounts[a]!.orgPath !== undefined),
    { file, orgPathField: (a) => `accounts.${a}.orgPath` },
  );
}
