// Where each policy of a run comes from: a file named on the command line or in the config, a
// Terraform plan or CloudFormation template, or read live (EC2, API Gateway, IAM). Each is read once.
import { createHash } from 'node:crypto';
import type { Config, EndpointConfig } from '../config/index.js';
import { configPath, readText } from '../config/index.js';
import { InputError } from '../errors.js';
import { parsePolicy, type CompiledPolicy, type PolicyKind } from '../policy/index.js';
import { loadPolicyFile, resourcePolicyFact, type PolicySelect } from '../policy/sources/index.js';
import { policyBindings } from '../predict/index.js';
import { Once } from './memo.js';
import type { Wire } from './wire.js';

export type Mode = 'sandbox' | 'live' | 'offline';

export interface LoadedPolicy {
  compiled: CompiledPolicy;
  text: string;
  sha256: string;
  /** The file it was read from, or "ec2:DescribeVpcEndpoints vpce-…". */
  source: string;
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
  /** The policies could not be read: why, and what to grant or configure. */
  unread?: string;
  /** Offline: no file gave them (AWS evaluates them): what to supply. */
  ungiven?: string;
}

/** What a reader needs in a role's account to read its identity policies. */
const IAM_READ_ACTIONS =
  'iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion';

export interface PolicyFiles {
  /** Endpoint policy file per endpoint alias (JSON, Terraform plan, CloudFormation). */
  endpointPolicyFiles?: Record<string, string>;
  /** Resource policy file per API alias. */
  resourcePolicyFiles?: Record<string, string>;
}

export class PolicySources {
  readonly #config: Config;
  readonly #mode: Mode;
  readonly #files: PolicyFiles;
  readonly #wire: Wire | undefined;
  readonly #endpoint = new Once<LoadedPolicy>();
  readonly #api = new Once<ApiKnowledge>();
  readonly #identity = new Once<IdentityKnowledge>();
  /** The policy a scenario chose for an endpoint ("Given the endpoint policy of X from FILE"). */
  readonly #chosen = new Map<string, Promise<LoadedPolicy>>();

  constructor(config: Config, mode: Mode, files: PolicyFiles, wire: Wire | undefined) {
    this.#config = config;
    this.#mode = mode;
    this.#files = files;
    this.#wire = wire;
    // Identity policy files named in the config are bad input now (exit 2), not in the middle of a run.
    for (const [alias, role] of Object.entries(config.roles)) {
      if (role.identityPolicies) {
        const compiled = role.identityPolicies.map((f) =>
          compileFile(configPath(config, f), `identity:${alias}`, 'identity'),
        );
        this.#identity.set(alias, Promise.resolve({ policies: compiled }));
      }
    }
  }

  /** The endpoint policy: the step's file, else the command line's, the config's, else EC2's. */
  endpointPolicy(alias: string, fromFile?: string): Promise<LoadedPolicy> {
    if (fromFile) {
      const p = this.#endpoint.get(`${alias}\0${fromFile}`, async () => this.#endpointFile(alias, fromFile));
      this.#chosen.set(alias, p); // later calls use the policy the scenario chose
      return p;
    }
    const chosen = this.#chosen.get(alias);
    if (chosen) return chosen;
    return this.#endpoint.get(`${alias}\0`, async () => {
      const ep = this.#ep(alias);
      const given = this.#files.endpointPolicyFiles?.[alias];
      if (given) return this.#endpointFile(alias, given);
      if (ep.policy) return this.#endpointFile(alias, configPath(this.#config, ep.policy));
      if (this.#mode === 'offline' || !this.#wire) {
        throw new InputError(
          `offline mode needs the endpoint policy of "${alias}" from a file: give --endpoint-policy ${alias}=FILE or set endpoints.${alias}.policy`,
          { file: this.#config.file, field: `endpoints.${alias}.policy` },
        );
      }
      const info = await this.#wire.endpoint(ep);
      return loaded(info.policyText, `endpoint:${alias}`, `ec2:DescribeVpcEndpoints ${ep.id}`);
    });
  }

  #endpointFile(alias: string, file: string): LoadedPolicy {
    const ep = this.#ep(alias);
    const res = loadPolicyFile(file, { kind: 'endpoint', ...this.#bindings(ep) });
    const match =
      res.endpoints.find((e) => e.vpceId === ep.id) ??
      (res.endpoints.length === 1 ? res.endpoints[0] : undefined);
    if (!match) {
      throw new InputError(
        `no execute-api endpoint policy for ${ep.id} ("${alias}") found (found: ${res.endpoints.map((e) => e.address).join(', ') || 'none'})`,
        { file },
      );
    }
    return loaded(match.policyText, `endpoint:${alias}`, file, 'endpoint');
  }

  /** What can be known of a spoke API: a policy file, else what GetRestApi tells (when readable). */
  api(apiAlias: string): Promise<ApiKnowledge> {
    return this.#api.get(apiAlias, async () => {
      const config = this.#config;
      const api = config.apis[apiAlias]!;
      const file =
        this.#files.resourcePolicyFiles?.[apiAlias] ??
        (api.resourcePolicy && configPath(config, api.resourcePolicy));
      // undefined: no file; null: the file says the API has no resource policy (decided, not a gap).
      const fromFile = file
        ? resourcePolicyFromFile(file, apiAlias, api.id, this.#bindings(this.#ep()))
        : undefined;
      const configured = api.vpcEndpointIds;
      // The association matters only to an endpoint addressed by the alias name.
      const needEndpoints =
        configured === undefined && Object.values(config.endpoints).some((e) => e.addressing === 'alias');
      const wire = this.#wire;
      if (!wire && fromFile === undefined)
        return {
          resourcePolicy: null,
          vpcEndpointIds: configured,
          ungivenResource:
            `the resource policy of API "${apiAlias}" (${api.id}) was not given, and offline mode reads ` +
            `nothing from AWS: set apis.${apiAlias}.resourcePolicy or give --resource-policy ${apiAlias}=FILE ` +
            `(a JSON policy, a Terraform plan or a CloudFormation template)`,
        };
      if (!wire || (fromFile !== undefined && !needEndpoints))
        return { resourcePolicy: fromFile ?? null, vpcEndpointIds: configured };
      // GetRestApi answers only in the API's own account: read with that account's reader role.
      const reader = readerOf(config, api.account);
      const region = api.region ?? config.region;
      return wire
        .readerConfig('apigateway', api.account, config)
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
            `from AWS: set roles.${roleAlias}.identityPolicies (JSON policy files; [] for a role with none)`,
        };
      const config = this.#config;
      const arn = config.roles[roleAlias]!.arn;
      const account = arn.split(':')[4]!;
      const roleName = arn.split('/').pop()!;
      const reader = readerOf(config, account);
      return wire
        .readerConfig('iam', account, config)
        .then((cfg) => wire.aws.readRoleIdentityPolicies(cfg, roleName))
        .then(
          (docs): IdentityKnowledge => ({
            policies: docs.map((d) =>
              parsePolicy(d.text, { name: `identity:${roleAlias}:${d.name}` }, { kind: 'identity' }),
            ),
          }),
          (e: unknown): IdentityKnowledge => ({
            unread:
              `the identity policies of role "${roleAlias}" (${arn}) could not be read by ${reader.who}: ${(e as Error).message}; ` +
              `${reader.grant} ${IAM_READ_ACTIONS} in ${account}, or set roles.${roleAlias}.identityPolicies`,
          }),
        );
    });
  }

  #ep(alias = this.#config.defaults.endpoint!): EndpointConfig {
    return this.#config.endpoints[alias]!;
  }

  /** What a CloudFormation template cannot say by itself: region, account, and which ids its Refs stand for. */
  #bindings(ep: EndpointConfig): PolicySelect {
    return policyBindings(this.#config, ep);
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

function compileFile(file: string, name: string, kind: PolicyKind): CompiledPolicy {
  return parsePolicy(readText(file, 'policy'), { name, file }, { kind });
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
