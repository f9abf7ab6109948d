// Where each policy of a run comes from: a file named on the command line or in the config, a
// Terraform plan or CloudFormation template, or read live (EC2, API Gateway, IAM). Each is read once.
import { createHash } from 'node:crypto';
import type { Config, EndpointConfig } from '../config/index.js';
import { configPath, readText } from '../config/index.js';
import { InputError, Interrupted } from '../errors.js';
import { parseRoleArn, partitionOfRegion } from '../identifiers/index.js';
import {
  canonicalPolicyText,
  parsePolicy,
  type CompiledPolicy,
  type Layer,
  type PolicyKind,
} from '../policy/index.js';
import {
  endpointEntryFor,
  loadPolicyFile,
  refuseUnknownTargets,
  resourcePolicyFact,
  type PolicySelect,
} from '../policy/sources/index.js';
import {
  apiPolicyBindings,
  federatedSessionPolicies,
  identityPoliciesHint,
  policyBindings,
  statedScps,
} from '../predict/index.js';
import { Once } from './memo.js';
import type { Wire } from './wire.js';

export type Mode = 'sandbox' | 'live' | 'offline';

export interface LoadedPolicy {
  compiled: CompiledPolicy;
  text: string;
  sha256: string;
  /** The file it was read from, or "ec2:DescribeVpcEndpoints vpce-…". */
  source: string;
  /** Read from EC2 (sandbox, live), not a copy in a file. */
  live?: true;
}

export interface ApiKnowledge {
  resourcePolicy: CompiledPolicy | null;
  /** Known for a PRIVATE API read with GetRestApi, or stated in the config. */
  vpcEndpointIds?: string[];
  /** The resource policy was needed but could not be read: why, and what to grant or configure. */
  unreadResource?: string;
  /** The endpoint association was needed (alias addressing) but could not be read. */
  unreadEndpoints?: string;
  /**
   * Offline: no source gave the resource policy (AWS evaluates one): what to supply. Predictions
   * are then `unknown` where it matters, never decided as if the API had none.
   */
  ungivenResource?: string;
}

export interface IdentityKnowledge {
  /** undefined: not evaluated (offline without files). */
  policies?: CompiledPolicy[];
  /** The role's permissions boundary, when it has one (the engine's `boundary` layer). */
  boundary?: CompiledPolicy;
  /** A federated user's session policies (the engine's `session` layer; none given: allows nothing). */
  session?: CompiledPolicy[];
  /** The policies could not be read: why, and what to grant or configure. */
  unread?: string;
  /** Offline: no file gave them (AWS evaluates them): what to supply. */
  ungiven?: string;
}

/** What a reader needs in a role's account to read its identity policies. */
const IAM_READ_ACTIONS =
  'iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy, iam:GetPolicyVersion and iam:GetRole';

export interface PolicyFiles {
  /** Endpoint policy file per endpoint alias (JSON, Terraform plan, CloudFormation). */
  endpointPolicyFiles?: Record<string, string>;
  /** Resource policy file per API alias. */
  resourcePolicyFiles?: Record<string, string>;
  /** Every file above and in the config, already read (readPolicyFiles); read now when absent. */
  preread?: PolicyFileReads;
}

/** A policy file a step reads: `Given the endpoint policy of "ENDPOINT" is read from "FILE"`. */
export interface StepPolicyFile {
  endpoint: string;
  /** As written in the step (relative to the working folder). */
  file: string;
  /** The feature file and line of the step. */
  feature: string;
  line: number;
}

/** The policy files of a run, each read and compiled once, before anything runs. */
export interface PolicyFileReads {
  /** By endpointKey(alias, file): the command line's or config's file, or a step's. */
  endpoint: Map<string, LoadedPolicy>;
  /** By API alias: the command line's or config's resource policy file (null: it says there is none). */
  resource: Map<string, CompiledPolicy | null>;
  /** By role alias: the config's identity policy files, and its permissions boundary file. */
  identity: Map<string, { policies: CompiledPolicy[]; boundary?: CompiledPolicy }>;
}

/** The cache key of an endpoint's policy: its default source, or the file a step chose. */
const endpointKey = (alias: string, stepFile = ''): string => `${alias}\0${stepFile}`;

/**
 * Read every policy file a run will use (command line, config, and the files steps name) before
 * anything runs, so a missing, outside, oversized or invalid one is exit 2 before any scenario
 * and any report: the error names the config field or the feature line that named the file.
 */
export function readPolicyFiles(
  config: Config,
  files: PolicyFiles,
  stepFiles: readonly StepPolicyFile[] = [],
): PolicyFileReads {
  const reads: PolicyFileReads = { endpoint: new Map(), resource: new Map(), identity: new Map() };
  const fromConfig = (field: string) => ({ file: config.file, field });
  for (const [alias, ep] of Object.entries(config.endpoints)) {
    const given = files.endpointPolicyFiles?.[alias];
    if (given) reads.endpoint.set(endpointKey(alias), endpointFromFile(config, alias, given));
    else if (ep.policy)
      reads.endpoint.set(
        endpointKey(alias),
        namedBy(fromConfig(`endpoints.${alias}.policy`), () =>
          endpointFromFile(config, alias, configPath(config, ep.policy!)),
        ),
      );
  }
  for (const s of stepFiles) {
    if (!config.endpoints[s.endpoint] || reads.endpoint.has(endpointKey(s.endpoint, s.file))) continue;
    reads.endpoint.set(
      endpointKey(s.endpoint, s.file),
      namedBy({ file: s.feature, line: s.line }, () => endpointFromFile(config, s.endpoint, s.file)),
    );
  }
  for (const [alias, api] of Object.entries(config.apis)) {
    const bindings = apiPolicyBindings(config, alias);
    const given = files.resourcePolicyFiles?.[alias];
    if (given) reads.resource.set(alias, resourcePolicyFromFile(given, alias, api.id, bindings));
    else if (api.resourcePolicy)
      reads.resource.set(
        alias,
        namedBy(fromConfig(`apis.${alias}.resourcePolicy`), () =>
          resourcePolicyFromFile(configPath(config, api.resourcePolicy!), alias, api.id, bindings),
        ),
      );
  }
  for (const [alias, role] of Object.entries(config.roles)) {
    if (!role.identityPolicies) continue;
    // A federated user's identity policies and boundary are its user's (users.USER).
    const section = role.federated
      ? `users.${role.federated.user}`
      : `${role.user ? 'users' : 'roles'}.${alias}`;
    const policies = role.identityPolicies.map((f, i) =>
      namedBy(fromConfig(`${section}.identityPolicies.${i}`), () =>
        compileFile(configPath(config, f), `identity:${alias}`, 'identity'),
      ),
    );
    const boundary =
      role.permissionsBoundary === undefined
        ? undefined
        : namedBy(fromConfig(`${section}.permissionsBoundary`), () =>
            compileFile(configPath(config, role.permissionsBoundary!), `boundary:${alias}`, 'identity', true),
          );
    const session = federatedSessionPolicies(config, alias, (path, field) =>
      // Passed by ARN (PolicyArns) a session policy is a managed policy: IAM's 6,144 characters.
      namedBy(fromConfig(field), () => compileFile(path, `session:${alias}`, 'identity', true)),
    );
    reads.identity.set(alias, {
      policies,
      ...(boundary ? { boundary } : {}),
      ...(session ? { session } : {}),
    });
  }
  // The stated SCPs, compiled now (a bad file is exit 2 before anything runs); predictions use them.
  statedScps(config);
  return reads;
}

/** Bad input in a file another file named: say where it was named too (the config field, the step). */
function namedBy<T>(where: { file: string; field?: string; line?: number }, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message, where);
    throw e;
  }
}

export class PolicySources {
  readonly #config: Config;
  readonly #mode: Mode;
  readonly #wire: Wire | undefined;
  readonly #endpoint = new Once<LoadedPolicy>();
  readonly #api = new Once<ApiKnowledge>();
  readonly #identity = new Once<IdentityKnowledge>();
  /** The resource policies read from files, by API alias. */
  readonly #resourceFiles: Map<string, CompiledPolicy | null>;
  /** The policy a scenario chose for an endpoint ("Given the endpoint policy of X from FILE"). */
  readonly #chosen = new Map<string, Promise<LoadedPolicy>>();
  /** The roles whose identity policies are files (copies), not read from IAM. */
  readonly #identityFiles: ReadonlySet<string>;
  /** What the wire's source gives for a policy a file copies (confirmCopies), read once each. */
  readonly #served = new Once<string | undefined>();

  constructor(config: Config, mode: Mode, files: PolicyFiles, wire: Wire | undefined) {
    this.#config = config;
    this.#mode = mode;
    this.#wire = wire;
    // Every policy file is bad input now (exit 2), not in the middle of a run; each is read once.
    const reads = files.preread ?? readPolicyFiles(config, files);
    for (const [key, policy] of reads.endpoint) this.#endpoint.set(key, Promise.resolve(policy));
    for (const [alias, known] of reads.identity) this.#identity.set(alias, Promise.resolve(known));
    this.#identityFiles = new Set(reads.identity.keys());
    this.#resourceFiles = reads.resource;
  }

  /**
   * Which of the copies (policy files) a call's prediction decided `layers` over are not what the
   * source the call went through serves (sandbox, live: EC2, API Gateway, IAM, read once each): for
   * each, the copy and why, in words. A copy that differs, or whose source cannot be read, is not
   * confirmed; a layer nothing reads (a service control policy) is never confirmed.
   */
  async unconfirmedCopies(
    call: { endpoint: string; api: string; role: string | null },
    layers: readonly Layer[],
  ): Promise<string[]> {
    const wire = this.#wire;
    const out: string[] = [];
    const check = async (
      what: string,
      copy: string,
      file: string,
      served: () => Promise<string | undefined>,
    ) => {
      try {
        const live = await this.#served.get(`${what}\0${file}`, served);
        if (live !== copy)
          out.push(
            `the config's copy of ${what} (${file}) is not what ${SERVED_BY[what.split(' ')[1]!] ?? 'AWS'} gives`,
          );
      } catch (e) {
        if (e instanceof Interrupted) throw e;
        out.push(`the config's copy of ${what} (${file}) could not be checked: ${(e as Error).message}`);
      }
    };
    // The boundary is read with the identity policies (one IAM read, one comparison).
    for (const layer of new Set(layers.map((l) => (l === 'boundary' ? 'identity' : l)))) {
      if (layer === 'endpoint') {
        const p = await this.endpointPolicy(call.endpoint);
        if (p.live) continue;
        const ep = this.#ep(call.endpoint);
        // The endpoint's partition: an account id in its policy is that partition's :root ARN.
        const partition = partitionOfRegion(ep.region ?? this.#config.region);
        if (!wire)
          out.push(
            `the endpoint policy of "${call.endpoint}" is a copy (${p.source}) and nothing is read offline`,
          );
        else
          await check(
            `the endpoint policy of "${call.endpoint}"`,
            canonicalPolicyText(p.text, undefined, partition),
            p.source,
            async () => canonicalPolicyText((await wire.endpoint(ep)).policyText, undefined, partition),
          );
      } else if (layer === 'resource') {
        if (!this.#resourceFiles.has(call.api)) continue;
        const copy = this.#resourceFiles.get(call.api)!;
        const api = this.#config.apis[call.api]!;
        const file = copy?.source.file ?? `apis.${call.api}.resourcePolicy`;
        const short = shortFormOf(this.#config, call.api);
        if (!wire)
          out.push(`the resource policy of "${call.api}" is a copy (${file}) and nothing is read offline`);
        else
          await check(
            `the resource policy of "${call.api}"`,
            canonicalPolicyText(copy?.text ?? null, short),
            file,
            async () => {
              const cfg = await wire.readerConfig(
                'apigateway',
                api.account,
                this.#config,
                api.region ?? this.#config.region,
              );
              return canonicalPolicyText((await wire.aws.readRestApi(cfg, api.id)).policyText, short);
            },
          );
      } else if (layer === 'identity' && call.role !== null) {
        if (!this.#identityFiles.has(call.role)) continue;
        const known = await this.identity(call.role);
        const role = this.#config.roles[call.role]!;
        const file = `roles.${call.role}.identityPolicies${role.permissionsBoundary ? ' and permissionsBoundary' : ''}`;
        const copy = identitySet(
          (known.policies ?? []).map((p) => p.text),
          known.boundary?.text,
        );
        if (!wire)
          out.push(
            `the identity policies of "${call.role}" are copies (${file}) and nothing is read offline`,
          );
        else
          await check(`the identity policies of "${call.role}"`, copy, file, async () => {
            const { account, name } = parseRoleArn(role.arn)!;
            const cfg = await wire.readerConfig('iam', account, this.#config);
            const read = await wire.aws.readRoleIdentityPolicies(cfg, name);
            return identitySet(
              read.policies.map((d) => d.text),
              read.boundary?.text,
            );
          });
      } else if (layer !== 'identity')
        out.push(
          `${layer === 'scp' ? 'the service control policies' : `the ${layer} policies`} the prediction was decided over are not read from AWS, so nothing confirms them`,
        );
    }
    return out;
  }

  /** The endpoint policy: the step's file, else the command line's, the config's, else EC2's. */
  endpointPolicy(alias: string, fromFile?: string): Promise<LoadedPolicy> {
    if (fromFile) {
      const p = this.#endpoint.get(endpointKey(alias, fromFile), async () =>
        endpointFromFile(this.#config, alias, fromFile),
      );
      this.#chosen.set(alias, p); // later calls use the policy the scenario chose
      return p;
    }
    const chosen = this.#chosen.get(alias);
    if (chosen) return chosen;
    // A file (the command line's or the config's) was read when the run began.
    return this.#endpoint.get(endpointKey(alias), async () => {
      const ep = this.#ep(alias);
      if (this.#mode === 'offline' || !this.#wire) {
        throw new InputError(
          `offline mode needs the endpoint policy of "${alias}" from a file: give --endpoint-policy ${alias}=FILE or set endpoints.${alias}.policy`,
          { file: this.#config.file, field: `endpoints.${alias}.policy` },
        );
      }
      const info = await this.#wire.endpoint(ep);
      return {
        ...loaded(info.policyText, `endpoint:${alias}`, `ec2:DescribeVpcEndpoints ${ep.id}`),
        live: true,
      };
    });
  }

  /** What can be known of a spoke API: a policy file, else what GetRestApi tells (when readable). */
  api(apiAlias: string): Promise<ApiKnowledge> {
    return this.#api.get(apiAlias, async () => {
      const config = this.#config;
      const api = config.apis[apiAlias]!;
      // undefined: no file; null: the file says the API has no resource policy (decided, not a gap).
      const fromFile = this.#resourceFiles.has(apiAlias) ? this.#resourceFiles.get(apiAlias)! : undefined;
      const configured = api.vpcEndpointIds;
      // The association matters only to an endpoint addressed by the alias name.
      const needEndpoints =
        configured === undefined && Object.values(config.endpoints).some((e) => e.addressing === 'alias');
      const wire = this.#wire;
      // Offline the association is what the config states: unstated, an alias name may not exist.
      const unstatedEndpoints =
        !wire && needEndpoints
          ? {
              unreadEndpoints: `offline, the endpoints API "${apiAlias}" is associated with are not stated (an endpoint addressed by its alias name reaches it only if associated): set apis.${apiAlias}.vpcEndpointIds`,
            }
          : {};
      if (!wire && fromFile === undefined)
        return {
          ...unstatedEndpoints,
          resourcePolicy: null,
          vpcEndpointIds: configured,
          ungivenResource:
            `the resource policy of API "${apiAlias}" (${api.id}) was not given, and offline mode reads ` +
            `nothing from AWS: set apis.${apiAlias}.resourcePolicy or give --resource-policy ${apiAlias}=FILE ` +
            `(a JSON policy, a Terraform plan or a CloudFormation template)`,
        };
      if (!wire || (fromFile !== undefined && !needEndpoints))
        return { ...unstatedEndpoints, resourcePolicy: fromFile ?? null, vpcEndpointIds: configured };
      // GetRestApi answers only in the API's own account: read with that account's reader role.
      const reader = readerOf(config, api.account);
      const region = api.region ?? config.region;
      return wire
        .readerConfig('apigateway', api.account, config, region)
        .then((cfg) => wire.aws.readRestApi(cfg, api.id))
        .then(
          (info): ApiKnowledge => ({
            resourcePolicy:
              fromFile !== undefined
                ? fromFile
                : info.policyText
                  ? parsePolicy(info.policyText, { name: `resource:${apiAlias}` }, { kind: 'resource' })
                  : null,
            vpcEndpointIds:
              configured ?? (info.endpointTypes.includes('PRIVATE') ? info.vpcEndpointIds : undefined),
          }),
          (e: unknown): ApiKnowledge => {
            // Cut off by the run's interruption: not a read that failed.
            if (e instanceof Interrupted) throw e;
            const what = `API "${apiAlias}" (${api.id} in ${api.account}) could not be read by ${reader.who}: ${(e as Error).message}`;
            const fix = `${reader.grant} apigateway:GET on arn:aws:apigateway:${region}::/restapis/${api.id}`;
            return {
              resourcePolicy: fromFile ?? null,
              vpcEndpointIds: configured,
              ...(fromFile !== undefined
                ? {}
                : {
                    unreadResource: `the resource policy of ${what}; ${fix}, or set apis.${apiAlias}.resourcePolicy`,
                  }),
              ...(needEndpoints
                ? {
                    unreadEndpoints: `the endpoints associated with ${what}; ${fix}, or set apis.${apiAlias}.vpcEndpointIds`,
                  }
                : {}),
            };
          },
        );
    });
  }

  /** The role's identity policies: configured files, else read from IAM by its account's reader. */
  identity(roleAlias: string): Promise<IdentityKnowledge> {
    return this.#identity.get(roleAlias, async () => {
      const wire = this.#wire;
      if (!wire)
        return {
          ungiven:
            `the identity policies of role "${roleAlias}" were not given, and offline mode reads nothing ` +
            `from AWS: ${identityPoliciesHint(roleAlias)}`,
        };
      const config = this.#config;
      const arn = config.roles[roleAlias]!.arn;
      // The config admits role ARNs only.
      const { account, name: roleName } = parseRoleArn(arn)!;
      const reader = readerOf(config, account);
      return wire
        .readerConfig('iam', account, config)
        .then((cfg) => wire.aws.readRoleIdentityPolicies(cfg, roleName))
        .then(
          (read): IdentityKnowledge => ({
            policies: read.policies.map((d) =>
              parsePolicy(d.text, { name: `identity:${roleAlias}:${d.name}` }, { kind: 'identity' }),
            ),
            ...(read.boundary
              ? {
                  boundary: parsePolicy(
                    read.boundary.text,
                    { name: `boundary:${roleAlias}:${read.boundary.name}` },
                    { kind: 'identity' },
                  ),
                }
              : {}),
          }),
          (e: unknown): IdentityKnowledge => {
            if (e instanceof Interrupted) throw e;
            return {
              unread:
                `the identity policies of role "${roleAlias}" (${arn}) could not be read by ${reader.who}: ${(e as Error).message}; ` +
                `${reader.grant} ${IAM_READ_ACTIONS} in ${account}, or set roles.${roleAlias}.identityPolicies`,
            };
          },
        );
    });
  }

  #ep(alias = this.#config.defaults.endpoint!): EndpointConfig {
    return this.#config.endpoints[alias]!;
  }
}

/** Who reads an account's control plane: its configured reader role, else the base identity. */
export function readerOf(config: Config, account: string): { who: string; grant: string } {
  const a = config.accounts?.[account];
  return a
    ? { who: `the reader role ${a.readerRole}`, grant: `grant the reader role ${a.readerRole}` }
    : {
        who: `the base identity (no accounts."${account}".readerRole in the config)`,
        grant: `configure accounts."${account}".readerRole, a role in ${account} spokegate may assume with`,
      };
}

/** `kind` for a policy from a file: refused when AWS would refuse it (one read from AWS was accepted). */
function loaded(text: string, name: string, source: string, kind?: PolicyKind): LoadedPolicy {
  const compiled = parsePolicy(text, { name, file: source }, kind ? { kind } : {});
  return { compiled, text, sha256: createHash('sha256').update(text).digest('hex'), source };
}

/** An endpoint's policy from a file: a JSON policy, or the one for its id in a plan or template. */
function endpointFromFile(config: Config, alias: string, file: string): LoadedPolicy {
  const ep = config.endpoints[alias]!;
  const res = loadPolicyFile(file, { kind: 'endpoint', ...policyBindings(config, ep) });
  refuseUnknownTargets(res, 'endpoint');
  // The file is this endpoint's own: its one endpoint whose id is not known stands for it, unless
  // the change creates that endpoint or it is in another VPC.
  const match = endpointEntryFor(res.endpoints, { id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}) }, res, {
    stands: true,
  });
  // The change destroys this endpoint (or replaces it with one of a new id): say so.
  const gone = match ? undefined : res.removed.find((e) => e.kind === 'endpoint' && e.vpceId === ep.id);
  if (gone)
    throw new InputError(
      `no execute-api endpoint ${ep.id} ("${alias}") after the change: ${gone.address}: ${gone.reason}`,
      {
        file,
      },
    );
  if (!match) {
    throw new InputError(
      `no execute-api endpoint policy for ${ep.id} ("${alias}") found (found: ${res.endpoints.map((e) => `${e.address}${e.vpceId ? ` (${e.vpceId})` : ''}`).join(', ') || 'none'})`,
      { file },
    );
  }
  return loaded(match.policyText, `endpoint:${alias}`, file, 'endpoint');
}

function compileFile(file: string, name: string, kind: PolicyKind, managed = false): CompiledPolicy {
  return parsePolicy(readText(file, 'policy'), { name, file }, { kind, managed });
}

/** The API's resource policy from a file: the policy, or null when the file says the API has none. */
function resourcePolicyFromFile(
  file: string,
  alias: string,
  apiId: string,
  bindings: PolicySelect,
): CompiledPolicy | null {
  const fact = resourcePolicyFact(file, apiId, bindings);
  if (fact.kind === 'none') return null;
  return parsePolicy(fact.entry.policyText, { name: `resource:${alias}`, file }, { kind: 'resource' });
}

/** Which service serves each kind of policy, for messages. */
const SERVED_BY: Record<string, string> = {
  endpoint: 'EC2 (DescribeVpcEndpoints)',
  resource: 'API Gateway (GetRestApi)',
  identity: 'IAM',
};

/** A role's identity policies and boundary in one comparable form (their order is no difference). */
const identitySet = (policies: string[], boundary: string | undefined): string =>
  JSON.stringify({
    policies: policies.map((t) => canonicalPolicyText(t)).sort(),
    boundary: canonicalPolicyText(boundary),
  });

/** The ARN the short form names for an API (`arn:PARTITION:execute-api:REGION:ACCOUNT:ID`). */
function shortFormOf(config: Config, alias: string): string {
  const api = config.apis[alias]!;
  const region = api.region ?? config.region;
  return `arn:${partitionOfRegion(region)}:execute-api:${region}:${api.account}:${api.id}`;
}
