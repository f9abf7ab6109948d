// The run's connection to AWS (or the sandbox): SDK client settings, role sessions, the endpoint
// reader and the gateway client that sends each call. Offline runs never build one.
import type { Config, EndpointConfig, RoleConfig } from '../config/index.js';
import { InputError, Interrupted } from '../errors.js';
import { roleSessionOptions } from '../predict/index.js';
import type { Credentials } from '../signing/index.js';
import type { RoleSessions, VpcEndpointInfo } from '../aws/index.js';
import type { CallResult, GatewayClient } from '../gateway/index.js';
import { Once } from './memo.js';

type AwsModule = typeof import('../aws/index.js');
type GatewayModule = typeof import('../gateway/index.js');

export interface WireOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  concurrency: number;
  /** Sandbox: what the sandbox printed (CA, connect-to); live reads the same from env. */
  ca?: string;
  connectTo?: string[];
  /** Notes for the user (stderr), e.g. a session duration capped for role chaining. */
  log?: (line: string) => void;
  /** The run's interruption: aborts calls in flight; no call starts after it. */
  signal?: AbortSignal;
}

export interface SendSpec {
  role: string | null;
  roleArn?: string;
  api: { id: string; region: string; stage: string };
  endpoint: EndpointConfig;
  endpointAlias: string;
  method: string;
  path: string;
  tamper?: boolean;
  unsigned?: boolean;
}

export class Wire {
  readonly #aws: AwsModule;
  readonly #gateway: GatewayClient;
  readonly #sessions: RoleSessions;
  readonly #opts: WireOptions;
  readonly #ca: string | undefined;
  readonly #endpoints = new Once<VpcEndpointInfo>();
  /** Every secret this run has held: reports are checked against them before they are written. */
  readonly secrets = new Set<string>();

  static async create(opts: WireOptions): Promise<Wire> {
    // Loaded only when the run talks to AWS: `spokegate check` starts faster without the SDK.
    const [aws, gateway] = await Promise.all([import('../aws/index.js'), import('../gateway/index.js')]);
    return new Wire(opts, aws, gateway);
  }

  private constructor(opts: WireOptions, aws: AwsModule, gateway: GatewayModule) {
    this.#opts = opts;
    this.#aws = aws;
    const { config, env } = opts;
    for (const k of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) if (env[k]) this.secrets.add(env[k]);
    // The one reader of AWS_CA_BUNDLE (call uses it too): unreadable is bad input, exit 2.
    this.#ca = opts.ca ?? aws.loadCaBundle(undefined, env);
    this.#sessions = new aws.RoleSessions({
      region: config.region,
      endpoints: config.awsEndpoints,
      env,
      caBundle: this.#ca,
      ...(opts.log ? { onNote: opts.log } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    this.#gateway = gateway.createGatewayClient({
      timeoutMs: config.defaults.timeoutMs,
      retries: config.defaults.retries,
      ca: this.#ca,
      connectTo: opts.connectTo ?? (env.SPOKEGATE_CONNECT_TO ? [env.SPOKEGATE_CONNECT_TO] : []),
      keepAlive: true,
      maxSockets: Math.max(opts.concurrency, 8),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    // AssumeRole calls in flight are cut off too (their sockets destroyed).
    opts.signal?.addEventListener('abort', () => this.#sessions.close(), { once: true });
  }

  /** Throws Interrupted once the run is interrupted: nothing new is sent after the signal. */
  #stopIfInterrupted(): void {
    if (this.#opts.signal?.aborted) throw new Interrupted();
  }

  get aws(): AwsModule {
    return this.#aws;
  }

  /**
   * SDK client settings for one service, with the base credentials or a role session's. EC2 and API
   * Gateway answer only for their own region's endpoints and APIs: `region` is the endpoint's or the
   * API's (default: the default endpoint's, which STS and IAM use).
   */
  awsConfig(service: 'sts' | 'ec2' | 'apigateway' | 'iam', credentials?: Credentials, region?: string) {
    const { config, env } = this.#opts;
    const ep = config.endpoints[config.defaults.endpoint!];
    return this.#aws.awsClientConfig({
      region: region ?? ep?.region ?? config.region,
      service,
      endpoints: config.awsEndpoints,
      env,
      caBundle: this.#ca,
      credentials: credentials ? () => Promise.resolve(credentials) : this.#aws.baseCredentialsFromEnv(env),
      // Every control-plane read is aborted by the run's interruption (its socket closed).
      ...(this.#opts.signal ? { signal: this.#opts.signal } : {}),
    });
  }

  /** STS GetCallerIdentity with the base credentials (the live preflight). */
  callerIdentity(): Promise<{ arn: string; account: string }> {
    return this.#aws.readCallerIdentity(this.awsConfig('sts'));
  }

  /**
   * DescribeVpcEndpoints for one endpoint, once per run (its policy and DNS names). EC2 describes
   * only the caller's own endpoints, so one the base identity cannot see, in an `account` with a
   * reader role (config `accounts.ID.readerRole`), is read again with that role.
   */
  endpoint(ep: EndpointConfig): Promise<VpcEndpointInfo> {
    const region = ep.region ?? this.#opts.config.region;
    return this.#endpoints.get(ep.id, async () => {
      try {
        return await this.#aws.readEndpoint(this.awsConfig('ec2', undefined, region), ep.id);
      } catch (e) {
        const config = this.#opts.config;
        if (!(e instanceof InputError) || !ep.account || !config.accounts?.[ep.account]) throw e;
        return this.#aws.readEndpoint(await this.readerConfig('ec2', ep.account, config, region), ep.id);
      }
    });
  }

  /**
   * SDK client settings for reading `account`'s control plane: with its reader role's own session
   * (config `accounts.ID.readerRole`), else with the base identity; in `region` (an API's) if given.
   */
  async readerConfig(
    service: 'apigateway' | 'iam' | 'ec2',
    account: string,
    config: Config,
    region?: string,
  ) {
    const a = config.accounts?.[account];
    if (!a) return this.awsConfig(service, undefined, region);
    const c = await this.#sessions.get(a.readerRole, {
      sessionName: a.sessionName ?? 'spokegate-reader',
      ...(a.externalId ? { externalId: a.externalId } : {}),
    });
    this.secrets.add(c.secretAccessKey);
    if (c.sessionToken) this.secrets.add(c.sessionToken);
    return this.awsConfig(service, c, region);
  }

  /** The base credentials' ARN when they are temporary (a session token); undefined for access keys. */
  baseSession(): Promise<string | undefined> {
    return this.#sessions.temporaryBase();
  }

  /** One AssumeRole per role per run: RoleSessions caches and shares in-flight requests. */
  async credentials(roleArn: string, role: RoleConfig): Promise<Credentials> {
    // Features naming a user are refused before a signed run starts (checkFeatures): never assumed.
    if (role.user) throw new InputError(`cannot sign as IAM user ${roleArn}: spokegate assumes roles only`);
    const c = await this.#sessions.get(roleArn, roleSessionOptions(this.#opts.config, role));
    this.secrets.add(c.secretAccessKey);
    if (c.sessionToken) this.secrets.add(c.sessionToken);
    return c;
  }

  /** Send one call; a session AWS says has expired (before our clock did) is assumed again, once. */
  async send(spec: SendSpec): Promise<CallResult> {
    this.#stopIfInterrupted();
    const ep = spec.endpoint;
    let dnsName = ep.dnsName;
    if (!dnsName && ep.addressing !== 'private-dns' && ep.addressing !== 'alias') {
      dnsName = (await this.endpoint(ep)).dnsNames[0];
    }
    const role = spec.role === null || spec.unsigned ? undefined : this.#opts.config.roles[spec.role];
    const attempt = async () => {
      this.#stopIfInterrupted();
      const credentials = role ? await this.credentials(role.arn, role) : null;
      this.#stopIfInterrupted();
      const result = await this.#gateway.call({
        api: spec.api,
        endpoint: { id: ep.id, dnsName },
        addressing: ep.addressing ?? 'private-dns',
        method: spec.method,
        path: spec.path,
        credentials,
        ...(spec.tamper ? { tamper: 'signature' as const } : {}),
      });
      return { credentials, result };
    };
    const first = await attempt();
    if (first.credentials && role && first.result.errorType === 'ExpiredTokenException') {
      this.#sessions.forget(role.arn, roleSessionOptions(this.#opts.config, role), first.credentials);
      const second = await attempt();
      return { ...second.result, attempts: first.result.attempts + second.result.attempts };
    }
    return first.result;
  }

  get assumeRoleCount(): number {
    return this.#sessions.assumeRoleCount;
  }

  close(): void {
    this.#gateway.close();
  }
}
