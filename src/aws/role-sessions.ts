// Role sessions: one AssumeRole per role (and options) per run, refreshed before expiry; callers that
// ask at the same time share one request. The base identity comes from the default credential chain.
import { withCallSignal } from './abort.js';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { InfraError, InputError, Interrupted } from '../errors.js';
import { isRoleArn } from '../identifiers/index.js';
import type { Credentials } from '../signing/types.js';
import { awsClientConfig, type AwsEndpointOverrides } from './client-config.js';
import {
  MAX_SESSION_MESSAGE,
  ROLE_CHAINING_MAX_SECONDS,
  ROLE_CHAINING_MESSAGE,
  temporaryBase,
} from './session-duration.js';

/** STS said no: the caller may not assume the role. */
export class AssumeRoleDenied extends InfraError {
  override name = 'AssumeRoleDenied';
  constructor(
    readonly roleArn: string,
    readonly awsMessage: string,
  ) {
    super(`AssumeRole ${roleArn} denied: ${awsMessage}`);
  }
}

export interface RoleSessionsOptions {
  region: string | undefined;
  endpoints?: AwsEndpointOverrides;
  env: NodeJS.ProcessEnv;
  caBundle?: string;
  /** Base identity; default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in `env`, else the default chain. */
  baseCredentials?: AwsCredentialIdentityProvider;
  /** Refresh this long before expiry. Default 5 minutes. */
  refreshBeforeMs?: number;
  now?: () => Date;
  /** A line for the user (stderr): e.g. a session duration capped for role chaining. */
  onNote?: (line: string) => void;
  /** The run's interruption: AssumeRole calls in flight are aborted (their sockets closed). */
  signal?: AbortSignal;
}

export interface SessionOptions {
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** Assume the role with this other role's session, not the base identity (role chaining). */
  via?: { roleArn: string } & SessionOptions;
}

interface Entry {
  pending?: Promise<Credentials>;
  creds?: Credentials;
}

function sessionKey(roleArn: string, opts: SessionOptions): string {
  return JSON.stringify([
    roleArn,
    opts.sessionName ?? null,
    opts.externalId ?? null,
    opts.durationSeconds ?? null,
    opts.via ? sessionKey(opts.via.roleArn, opts.via) : null,
  ]);
}

export class RoleSessions {
  private readonly sts: STSClient;
  /** How to build an STS client, for one that signs with a role session (role chaining). */
  private readonly stsConfig: () => ReturnType<typeof awsClientConfig>;
  private readonly base: AwsCredentialIdentityProvider;
  private readonly entries = new Map<string, Entry>();
  private readonly counts = new Map<string, number>();
  private selfEntry: Entry = {};
  private readonly refreshBeforeMs: number;
  private readonly now: () => Date;
  private readonly onNote: (line: string) => void;
  private readonly noted = new Set<string>();
  private readonly signal: AbortSignal | undefined;
  #caller: Promise<string | undefined> | undefined;

  constructor(opts: RoleSessionsOptions) {
    this.signal = opts.signal;
    this.base = opts.baseCredentials ?? baseCredentialsFromEnv(opts.env);
    this.refreshBeforeMs = opts.refreshBeforeMs ?? 5 * 60_000;
    this.now = opts.now ?? (() => new Date());
    this.onNote = opts.onNote ?? (() => {});
    this.stsConfig = () =>
      awsClientConfig({
        region: opts.region,
        service: 'sts',
        endpoints: opts.endpoints,
        env: opts.env,
        caBundle: opts.caBundle,
      });
    this.sts = new STSClient({ ...this.stsConfig(), credentials: this.base, maxAttempts: 3 });
  }

  /** AssumeRole calls made so far (all roles). */
  get assumeRoleCount(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  assumeRoleCountFor(roleArn: string): number {
    return this.counts.get(roleArn) ?? 0;
  }

  /** Credentials for a session of the role, assumed once and reused until shortly before expiry. */
  get(roleArn: string, opts: SessionOptions = {}): Promise<Credentials> {
    if (!isRoleArn(roleArn)) {
      return Promise.reject(
        new InputError(`"${roleArn}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`),
      );
    }
    const key = sessionKey(roleArn, opts);
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = {}));
    return this.cached(entry, () => this.assume(roleArn, opts));
  }

  /**
   * Drop a session AWS has refused as expired (its clock, not ours, decided): the next `get`
   * assumes the role again. Only those very credentials are dropped, so concurrent callers that
   * already renewed keep theirs.
   */
  forget(roleArn: string, opts: SessionOptions, stale: Credentials): void {
    const entry = this.entries.get(sessionKey(roleArn, opts));
    if (entry?.creds?.accessKeyId === stale.accessKeyId) entry.creds = undefined;
  }

  /** The base identity as it is (no AssumeRole). */
  self(): Promise<Credentials> {
    return this.cached(this.selfEntry, async () => {
      try {
        return toCredentials(await this.base());
      } catch (e) {
        throw new InfraError(`no AWS credentials for "self": ${(e as Error).message}`);
      }
    });
  }

  close(): void {
    this.sts.destroy();
  }

  private cached(entry: Entry, fetch: () => Promise<Credentials>): Promise<Credentials> {
    if (entry.creds && this.fresh(entry.creds)) return Promise.resolve(entry.creds);
    if (!entry.pending) {
      entry.pending = fetch().then(
        (c) => {
          entry.creds = c;
          entry.pending = undefined;
          return c;
        },
        (e: unknown) => {
          entry.pending = undefined; // a failure is not cached: the next caller tries again
          throw e;
        },
      );
    }
    return entry.pending;
  }

  private fresh(c: Credentials): boolean {
    return !c.expiration || c.expiration.getTime() - this.now().getTime() > this.refreshBeforeMs;
  }

  /**
   * The DurationSeconds to ask for. With temporary base credentials (a session token), what they are
   * decides (GetCallerIdentity's ARN, session-duration.ts temporaryBase): a role session makes this
   * AssumeRole role chaining and a GetSessionToken session is held to the same limit, so a longer
   * duration is capped to one hour, with a note, rather than refused by STS; a GetFederationToken
   * session may not call AssumeRole at all, which is said before asking (docs/aws-behaviour.md §10).
   */
  private async duration(roleArn: string, asked: number | undefined): Promise<number | undefined> {
    let base: AwsCredentialIdentity;
    try {
      base = await this.base();
    } catch {
      return asked; // no credentials: the AssumeRole call reports it
    }
    if (!base.sessionToken) return asked;
    const what = temporaryBase(await this.callerArn());
    if (what.kind === 'refused') throw new InfraError(`AssumeRole ${roleArn} not asked: ${what.why}`);
    if (asked === undefined || asked <= ROLE_CHAINING_MAX_SECONDS) return asked;
    const note =
      `spokegate: ${roleArn}: durationSeconds ${asked} capped to ${ROLE_CHAINING_MAX_SECONDS}: the base ` +
      `credentials are ${what.what} to one hour; the session is renewed before it expires`;
    if (!this.noted.has(note)) {
      this.noted.add(note);
      this.onNote(note);
    }
    return ROLE_CHAINING_MAX_SECONDS;
  }

  /**
   * Who the base credentials are when they are temporary (they carry a session token): their ARN, or
   * what is known when GetCallerIdentity cannot tell; undefined for long-term keys (or none at all).
   */
  async temporaryBase(): Promise<string | undefined> {
    let base: AwsCredentialIdentity;
    try {
      base = await this.base();
    } catch {
      return undefined; // no credentials: every call reports it
    }
    if (!base.sessionToken) return undefined;
    return (await this.callerArn()) ?? 'temporary credentials GetCallerIdentity did not name';
  }

  /** The base identity's ARN (STS GetCallerIdentity, asked once); undefined when it cannot be read. */
  private callerArn(): Promise<string | undefined> {
    this.#caller ??= withCallSignal(this.signal, (abortSignal) =>
      this.sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
    ).then(
      (out) => out.Arn,
      () => undefined,
    );
    return this.#caller;
  }

  private async assume(roleArn: string, opts: SessionOptions): Promise<Credentials> {
    // Role chaining: the other role's session (assumed, cached and renewed like any) asks STS; AWS
    // gives a chained session at most an hour (docs/aws-behaviour.md §10), so no more is asked.
    const via = opts.via ? await this.get(opts.via.roleArn, opts.via) : undefined;
    this.counts.set(roleArn, (this.counts.get(roleArn) ?? 0) + 1);
    const durationSeconds = via
      ? opts.durationSeconds && Math.min(opts.durationSeconds, ROLE_CHAINING_MAX_SECONDS)
      : await this.duration(roleArn, opts.durationSeconds);
    const sts = via
      ? new STSClient({ ...this.stsConfig(), credentials: () => Promise.resolve(via), maxAttempts: 3 })
      : this.sts;
    try {
      const out = await withCallSignal(this.signal, (abortSignal) =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: opts.sessionName ?? 'spokegate',
            ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
            ...(durationSeconds ? { DurationSeconds: durationSeconds } : {}),
          }),
          { abortSignal },
        ),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new InfraError(`AssumeRole ${roleArn} returned no credentials`);
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      };
    } catch (e) {
      if (e instanceof InfraError) throw e;
      if (this.signal?.aborted) throw new Interrupted();
      const err = e as { name?: string; message?: string; Code?: string };
      const code = err.name ?? err.Code ?? '';
      if (code === 'AccessDenied' || code === 'AccessDeniedException') {
        throw new AssumeRoleDenied(roleArn, err.message ?? 'access denied');
      }
      const fix =
        code === 'ValidationError'
          ? durationFix(roleArn, durationSeconds, err.message ?? '')
          : /^PackedPolicyTooLarge/.test(code)
            ? PACKED_FIX
            : '';
      throw new InfraError(
        `AssumeRole ${roleArn} failed: ${code ? `${code}: ` : ''}${err.message ?? String(e)}${fix}`,
      );
    } finally {
      if (sts !== this.sts) sts.destroy();
    }
  }
}

/** STS packs session policies and session tags into a space of its own (botocore sts model,
 * PackedPolicyTooLargeException). spokegate passes neither, so what fills it came with the base
 * credentials: transitive session tags of the session they are (EKS Pod Identity fills 74% alone,
 * aws/containers-roadmap#2413; docs/aws-behaviour.md §11). */
const PACKED_FIX =
  ' (spokegate passes no session policy or session tag: the base credentials are a session whose transitive session tags ' +
  "fill STS's packed space; fix: run from credentials without them (fewer or shorter transitive tags, or a base identity that is not such a session))";

/** What to do when STS refuses the session duration (the role's setting, or role chaining). */
function durationFix(roleArn: string, asked: number | undefined, message: string): string {
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  if (message.includes(MAX_SESSION_MESSAGE))
    return (
      ` (fix: the role allows less than durationSeconds ${asked ?? 3600}: lower durationSeconds to at most ` +
      `its MaxSessionDuration (aws iam get-role --role-name ${name} --query Role.MaxSessionDuration), or raise that)`
    );
  if (message.includes(ROLE_CHAINING_MESSAGE))
    return ` (fix: the base credentials are a role session: set durationSeconds to ${ROLE_CHAINING_MAX_SECONDS} or less)`;
  return '';
}

/** Env keys first (as the default chain does, but from the `env` given), else the default chain. */
export function baseCredentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentialIdentityProvider {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (id && secret) {
    const c: AwsCredentialIdentity = {
      accessKeyId: id,
      secretAccessKey: secret,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
    return () => Promise.resolve(c);
  }
  return fromNodeProviderChain(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {});
}

function toCredentials(c: AwsCredentialIdentity): Credentials {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    ...(c.expiration ? { expiration: c.expiration } : {}),
  };
}
