// One run's state: config, the endpoint and API policies, role sessions, the gateway client and
// the access matrix. `live` and `sandbox` share every line here: sandbox mode only supplies the
// environment (endpoint URLs, CA, base identity, connect-to) that the sandbox printed.
import { createHash } from 'node:crypto';
import type { Config, RoleConfig, ApiConfig, EndpointConfig } from '../config/index.js';
import {
  authorizationTypeOf,
  configuredRequest,
  organizationOf,
  rolePrincipal,
  sessionName,
  viaAliasOf,
} from '../predict/index.js';
import { configPath, readText } from '../config/index.js';
import { InfraError, InputError } from '../errors.js';
import { readInput } from '../input/index.js';
import {
  authorizeCall,
  parsePolicy,
  type ChainDecision,
  type CompiledPolicy,
  type PolicyKind,
  type Principal,
} from '../policy/index.js';
import { loadPolicyFile, type PolicySelect } from '../policy/sources/index.js';
// The AWS SDK and the gateway client are loaded only when the run talks to AWS (not offline):
// `spokegate check` starts faster without them.
import type { RoleSessions } from '../aws/index.js';
import type { CallResult, GatewayClient } from '../gateway/index.js';
type AwsModule = typeof import('../aws/index.js');
type GatewayModule = typeof import('../gateway/index.js');
import type { Credentials } from '../signing/index.js';
import { AccessMatrix, judgeCell, type Cell, type Observation, type Prediction } from '../matrix/index.js';

export type Mode = 'sandbox' | 'live' | 'offline';

export interface LoadedPolicy {
  compiled: CompiledPolicy;
  text: string;
  sha256: string;
  source: string;
}

export interface RunContextOptions {
  mode: Mode;
  config: Config;
  env: NodeJS.ProcessEnv;
  concurrency?: number;
  /** Offline/check: endpoint policy file per endpoint alias (JSON, Terraform plan, CloudFormation). */
  endpointPolicyFiles?: Record<string, string>;
  /** Offline/check: resource policy file per API alias. */
  resourcePolicyFiles?: Record<string, string>;
  /** Sandbox: what the sandbox printed (CA, connect-to); live reads the same from env. */
  ca?: string;
  connectTo?: string[];
}

interface ApiKnowledge {
  resourcePolicy: CompiledPolicy | null;
  /** Known for a PRIVATE API read with GetRestApi. */
  vpcEndpointIds?: string[];
}

export interface CallSpec {
  role: string | null; // alias, or null for anonymous
  api: string;
  method: string;
  path: string;
  endpoint?: string;
  tamper?: boolean;
  unsigned?: boolean;
  scenario: string;
}

/** A call's result before a Then step sets its expectation. */
export interface CellDraft {
  cell: Cell;
  result: CallResult | null;
}

const TAMPERED: Prediction = {
  decision: 'deny',
  detail: 'ImplicitDeny',
  layer: null,
  statements: [],
  explanation: [
    'the signature does not match the request: API Gateway refuses it (InvalidSignatureException) before any policy',
  ],
};

export class RunContext {
  readonly mode: Mode;
  readonly config: Config;
  readonly matrix = new AccessMatrix();
  readonly concurrency: number;
  readonly startedAt = new Date();
  private readonly env: NodeJS.ProcessEnv;
  private readonly endpointPolicies = new Map<string, Promise<LoadedPolicy>>();
  private readonly apiInfos = new Map<string, Promise<ApiKnowledge>>();
  private readonly identityPolicies = new Map<string, Promise<CompiledPolicy[] | undefined>>();
  private readonly endpointDns = new Map<string, Promise<string | undefined>>();
  private sessions?: RoleSessions;
  private gateway?: GatewayClient;
  private readonly opts: RunContextOptions;

  private readonly aws?: AwsModule;

  /** Build a run context, loading the AWS and gateway modules unless the run is offline. */
  static async create(opts: RunContextOptions): Promise<RunContext> {
    const wire =
      opts.mode === 'offline'
        ? undefined
        : { aws: await import('../aws/index.js'), gateway: await import('../gateway/index.js') };
    return new RunContext(opts, wire);
  }

  private constructor(opts: RunContextOptions, wire?: { aws: AwsModule; gateway: GatewayModule }) {
    this.opts = opts;
    this.mode = opts.mode;
    this.config = opts.config;
    this.env = opts.env;
    this.concurrency = opts.concurrency ?? opts.config.defaults.concurrency;
    for (const k of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
      if (this.env[k]) this.secrets.add(this.env[k]!);
    for (const [alias, role] of Object.entries(this.config.roles)) {
      const files = role.identityPolicies;
      if (files) {
        const compiled = files.map((f) =>
          compileFile(configPath(this.config, f), `identity:${alias}`, 'identity'),
        );
        this.identityPolicies.set(alias, Promise.resolve(compiled));
      }
    }
    if (wire) {
      this.aws = wire.aws;
      const region = this.config.region;
      const caBundle = opts.ca ?? caFromEnv(this.env);
      this.sessions = new wire.aws.RoleSessions({
        region,
        endpoints: this.config.awsEndpoints,
        env: this.env,
        caBundle,
      });
      this.gateway = wire.gateway.createGatewayClient({
        timeoutMs: this.config.defaults.timeoutMs,
        retries: this.config.defaults.retries,
        ca: caBundle,
        connectTo: opts.connectTo ?? (this.env.SPOKEGATE_CONNECT_TO ? [this.env.SPOKEGATE_CONNECT_TO] : []),
        keepAlive: true,
        maxSockets: Math.max(this.concurrency, 8),
      });
    }
  }

  private wire(): AwsModule {
    if (!this.aws) throw new InputError('this needs AWS, but the run is offline');
    return this.aws;
  }

  role(alias: string): RoleConfig {
    const r = this.config.roles[alias];
    if (!r) throw new InputError(`unknown role "${alias}"`, { file: this.config.file, field: 'roles' });
    return r;
  }
  api(alias: string): ApiConfig {
    const a = this.config.apis[alias];
    if (!a) throw new InputError(`unknown API "${alias}"`, { file: this.config.file, field: 'apis' });
    return a;
  }
  endpointAlias(alias?: string): string {
    const a = alias ?? this.config.defaults.endpoint!;
    if (!this.config.endpoints[a]) {
      throw new InputError(`unknown endpoint "${a}"`, { file: this.config.file, field: 'endpoints' });
    }
    return a;
  }
  endpoint(alias?: string): EndpointConfig {
    return this.config.endpoints[this.endpointAlias(alias)]!;
  }

  /** The endpoint policy: from a file when the config or the step says so, else read live from EC2. */
  endpointPolicy(alias?: string, fromFile?: string): Promise<LoadedPolicy> {
    const a = this.endpointAlias(alias);
    const file =
      fromFile ??
      this.opts.endpointPolicyFiles?.[a] ??
      this.opts.endpointPolicyFiles?.['*'] ??
      this.endpoint(a).policy;
    const key = `${a}\0${fromFile ?? ''}`;
    let p = this.endpointPolicies.get(key);
    if (!p) {
      p = file
        ? Promise.resolve(this.loadEndpointPolicyFile(a, fromFile ? file : configPath(this.config, file)))
        : this.readEndpointPolicy(a);
      this.endpointPolicies.set(key, p);
      if (fromFile) this.endpointPolicies.set(`${a}\0`, p); // later calls use the policy the scenario chose
    }
    return p;
  }

  private loadEndpointPolicyFile(alias: string, file: string): LoadedPolicy {
    const ep = this.endpoint(alias);
    const res = loadPolicyFile(file, { kind: 'endpoint', ...this.iacBindings(ep) });
    const match =
      res.endpoints.find((e) => e.vpceId === ep.id) ??
      (res.endpoints.length === 1 ? res.endpoints[0] : undefined);
    if (!match) {
      throw new InputError(
        `no execute-api endpoint policy for ${ep.id} found (found: ${res.endpoints.map((e) => e.address).join(', ') || 'none'})`,
        { file },
      );
    }
    return loaded(match.policyText, `endpoint:${alias}`, file, 'endpoint');
  }

  private async readEndpointPolicy(alias: string): Promise<LoadedPolicy> {
    if (this.mode === 'offline') {
      throw new InputError(
        `offline mode needs the endpoint policy of "${alias}" from a file (--endpoint-policy)`,
        {
          file: this.config.file,
          field: `endpoints.${alias}.policy`,
        },
      );
    }
    const ep = this.endpoint(alias);
    const info = await this.wire().readEndpoint(this.awsConfig('ec2'), ep.id);
    this.endpointDns.set(alias, Promise.resolve(info.dnsNames[0]));
    return loaded(info.policyText, `endpoint:${alias}`, `ec2:DescribeVpcEndpoints ${ep.id}`);
  }

  private awsConfig(service: 'sts' | 'ec2' | 'apigateway' | 'iam', credentials?: Credentials) {
    return this.wire().awsClientConfig({
      region: this.endpoint().region ?? this.config.region,
      service,
      endpoints: this.config.awsEndpoints,
      env: this.env,
      caBundle: this.opts.ca ?? caFromEnv(this.env),
      credentials: credentials
        ? () => Promise.resolve(credentials)
        : this.wire().baseCredentialsFromEnv(this.env),
    });
  }

  /** The API's resource policy when configured or readable; null when it cannot be known. */
  async resourcePolicy(apiAlias: string): Promise<CompiledPolicy | null> {
    return (await this.apiKnowledge(apiAlias)).resourcePolicy;
  }

  /** What can be known of a spoke API: its resource policy and the endpoints it accepts. */
  apiFacts(apiAlias: string): Promise<{ resourcePolicy: CompiledPolicy | null; vpcEndpointIds?: string[] }> {
    return this.apiKnowledge(apiAlias);
  }

  /** A role's identity policies, when known (configured files, or read from IAM when not offline). */
  identityPoliciesOf(roleAlias: string): Promise<CompiledPolicy[] | undefined> {
    return this.identityOf(roleAlias);
  }

  /** What can be known of a spoke API: a configured policy file, else what GetRestApi tells. */
  private apiKnowledge(apiAlias: string): Promise<ApiKnowledge> {
    let p = this.apiInfos.get(apiAlias);
    if (!p) {
      const api = this.api(apiAlias);
      const file =
        this.opts.resourcePolicyFiles?.[apiAlias] ??
        (api.resourcePolicy && configPath(this.config, api.resourcePolicy));
      const fromFile = file
        ? resourcePolicyFromFile(file, apiAlias, api.id, this.iacBindings(this.endpoint()))
        : null;
      const configured = api.vpcEndpointIds;
      if (this.mode === 'offline') {
        p = Promise.resolve({ resourcePolicy: fromFile, vpcEndpointIds: configured });
      } else {
        // Readable only where the caller may call apigateway:GET on it (same account, or the sandbox).
        p = this.wire()
          .readRestApi(this.awsConfig('apigateway'), api.id)
          .then(
            (info) => ({
              resourcePolicy:
                fromFile ??
                (info.policyText ? parsePolicy(info.policyText, { name: `resource:${apiAlias}` }) : null),
              vpcEndpointIds:
                configured ?? (info.endpointTypes.includes('PRIVATE') ? info.vpcEndpointIds : undefined),
            }),
            () => ({ resourcePolicy: fromFile, vpcEndpointIds: configured }),
          );
      }
      this.apiInfos.set(apiAlias, p);
    }
    return p;
  }

  /** The role's identity policies: configured files, else read from IAM with the role's own session. */
  private identityOf(roleAlias: string): Promise<CompiledPolicy[] | undefined> {
    let p = this.identityPolicies.get(roleAlias);
    if (!p) {
      if (this.mode === 'offline') p = Promise.resolve(undefined);
      else {
        const roleName = this.role(roleAlias).arn.split('/').pop()!;
        p = this.credentials(roleAlias)
          .then((creds) => this.wire().readRoleIdentityPolicies(this.awsConfig('iam', creds), roleName))
          .then(
            (docs) => docs.map((d) => parsePolicy(d.text, { name: `identity:${roleAlias}:${d.name}` })),
            () => undefined, // not readable: the identity layer is left out of the prediction
          );
      }
      this.identityPolicies.set(roleAlias, p);
    }
    return p;
  }

  /** What a CloudFormation template cannot say by itself: region, account, and which ids its Refs stand for. */
  private iacBindings(ep: EndpointConfig): PolicySelect {
    return {
      region: ep.region ?? this.config.region,
      ...(ep.account ? { accountId: ep.account } : {}),
      bindEndpoint: ep.id,
      bindApis: Object.fromEntries(
        Object.entries(this.config.apis).map(([alias, a]) => [
          alias,
          { id: a.id, account: a.account, region: a.region ?? this.config.region },
        ]),
      ),
    };
  }

  principalOf(roleAlias: string | null): Principal {
    if (roleAlias !== null) this.role(roleAlias); // an unknown alias is bad input
    return rolePrincipal(this.config, roleAlias);
  }

  /** Predict one call with the engine from the policies known. */
  async predict(
    spec: CallSpec,
    principal = this.principalOf(spec.unsigned ? null : spec.role),
  ): Promise<ChainDecision> {
    const api = this.api(spec.api);
    const signed = spec.role !== null && !spec.unsigned;
    const [endpointPolicy, known, identityPolicies] = await Promise.all([
      this.endpointPolicy(spec.endpoint),
      this.apiKnowledge(spec.api),
      signed ? this.identityOf(spec.role!) : Promise.resolve(undefined),
    ]);
    const call = {
      api: spec.api,
      method: spec.method,
      path: spec.path,
      endpoint: this.endpointAlias(spec.endpoint),
    };
    return authorizeCall(
      {
        endpointPolicy: endpointPolicy.compiled,
        authorizationType: authorizationTypeOf(this.config, call),
        resourcePolicy: known.resourcePolicy ?? undefined,
        identityPolicies,
        resourceAccount: api.account,
        acceptedEndpoints: known.vpcEndpointIds,
        viaAlias: viaAliasOf(this.config, call),
      },
      configuredRequest(this.config, principal, call),
    );
  }

  /** The organization id of a principal, when the config knows it (its account is in the org). */
  orgIdOf(principal: Principal): string | undefined {
    return organizationOf(this.config, principal);
  }

  /** Send one call (unless offline) and predict it; the cell's expectation is set by a Then step. */
  async call(spec: CallSpec): Promise<CellDraft> {
    const endpointAlias = this.endpointAlias(spec.endpoint);
    const principal = this.principalOf(spec.unsigned ? null : spec.role);
    const [prediction, result] = await Promise.all([
      this.predict({ ...spec, endpoint: endpointAlias }, principal),
      this.mode === 'offline' ? Promise.resolve(null) : this.send({ ...spec, endpoint: endpointAlias }),
    ]);
    const cell: Cell = {
      role: spec.role ?? 'anonymous',
      principal: spec.role ? this.role(spec.role).arn : 'anonymous',
      api: spec.api,
      method: spec.method,
      path: spec.path,
      endpoint: endpointAlias,
      scenario: spec.scenario,
      expected: null,
      predicted: toPrediction(prediction),
      observed: result ? toObservation(result) : null,
      verdict: 'pass',
      disagreement: false,
      ...(spec.tamper ? { note: 'tampered signature' } : spec.unsigned ? { note: 'unsigned' } : {}),
    };
    // A request whose signature does not verify is refused before any policy is read.
    if (spec.tamper) cell.predicted = TAMPERED;
    Object.assign(cell, judgeCell(null, cell.predicted, cell.observed));
    return { cell, result };
  }

  private async send(spec: CallSpec & { endpoint: string }): Promise<CallResult> {
    const api = this.api(spec.api);
    const ep = this.endpoint(spec.endpoint);
    let dnsName = ep.dnsName;
    if (!dnsName && ep.addressing !== 'private-dns' && ep.addressing !== 'alias') {
      dnsName = await this.endpointDnsName(spec.endpoint);
    }
    const attempt = async () => {
      const credentials = spec.role === null || spec.unsigned ? null : await this.credentials(spec.role);
      const result = await this.gateway!.call({
        api: { id: api.id, region: api.region ?? this.config.region, stage: api.stage },
        endpoint: { id: ep.id, dnsName },
        addressing: ep.addressing,
        method: spec.method,
        path: spec.path,
        credentials,
        ...(spec.tamper ? { tamper: 'signature' as const } : {}),
      });
      return { credentials, result };
    };
    const first = await attempt();
    // AWS said the session expired before our clock did: assume the role again, once.
    if (first.credentials && spec.role && first.result.errorType === 'ExpiredTokenException') {
      this.sessions!.forget(this.role(spec.role).arn, this.sessionOptions(spec.role), first.credentials);
      const second = await attempt();
      return { ...second.result, attempts: first.result.attempts + second.result.attempts };
    }
    return first.result;
  }

  private endpointDnsName(alias: string): Promise<string | undefined> {
    let p = this.endpointDns.get(alias);
    if (!p) {
      p = this.wire()
        .readEndpoint(this.awsConfig('ec2'), this.endpoint(alias).id)
        .then((i) => i.dnsNames[0]);
      this.endpointDns.set(alias, p);
    }
    return p;
  }

  /** One AssumeRole per role per run: RoleSessions caches and shares in-flight requests. */
  async credentials(roleAlias: string): Promise<Credentials> {
    const c = await this.sessions!.get(this.role(roleAlias).arn, this.sessionOptions(roleAlias));
    this.secrets.add(c.secretAccessKey);
    if (c.sessionToken) this.secrets.add(c.sessionToken);
    return c;
  }

  private sessionOptions(roleAlias: string) {
    const r = this.role(roleAlias);
    return { sessionName: sessionName(r), externalId: r.externalId, durationSeconds: r.durationSeconds };
  }

  /** Every secret this run has held: reports are checked against them before they are written. */
  readonly secrets = new Set<string>();

  get assumeRoleCount(): number {
    return this.sessions?.assumeRoleCount ?? 0;
  }

  close(): void {
    this.gateway?.close();
  }
}

export function toPrediction(d: ChainDecision): Prediction {
  return {
    decision: d.decision,
    detail: d.detail,
    layer: d.layer,
    statements: d.statements,
    explanation: d.explanation,
  };
}

export function toObservation(r: CallResult): Observation {
  return {
    status: r.status,
    outcome: r.outcome,
    reason: r.reason,
    requestId: r.requestId,
    latencyMs: Math.round(r.latencyMs),
    attempts: r.attempts,
    message: r.message,
    at: new Date().toISOString(),
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

function resourcePolicyFromFile(
  file: string,
  alias: string,
  apiId: string,
  bindings: PolicySelect,
): CompiledPolicy {
  const res = loadPolicyFile(file, { kind: 'resource', ...bindings });
  const match =
    res.resourcePolicies.find((r) => r.apiId === apiId) ??
    (res.resourcePolicies.length === 1 ? res.resourcePolicies[0] : undefined);
  if (!match) throw new InputError(`no resource policy for API ${apiId} (${alias}) found`, { file });
  return parsePolicy(match.policyText, { name: `resource:${alias}`, file }, { kind: 'resource' });
}

function caFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const f = env.AWS_CA_BUNDLE;
  if (!f) return undefined;
  try {
    return readInput(f, 'ca', { anywhere: true, shown: 'AWS_CA_BUNDLE' });
  } catch (e) {
    throw new InfraError((e as Error).message);
  }
}
