// The sandbox's runtime state: the world with its policies compiled once (by the policy engine),
// the credentials it knows (the harness's keys, the sessions it issued), the counters tests read,
// its clock and the fault generators.
import type { SessionTags } from './session-tags.js';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import {
  arnFields,
  parseExecuteApiHost,
  parseManagedPolicyArn,
  partitionOfRegion,
  sessionArn,
} from '../identifiers/index.js';
import { readInput } from '../input/index.js';
import type {
  FaultsInput,
  Faults,
  World,
  WorldApi,
  WorldEndpoint,
  WorldPolicy,
  WorldRole,
} from '../config/world.js';
import { faultsSchema, policyFileOf, worldScpLevels } from '../config/world.js';
import { ALLOWS_NOTHING, bindShortForm, parsePolicy, principalFromArn } from '../policy/index.js';
import type { CompiledPolicy, PolicyKind, Principal } from '../policy/types.js';
import type { Credentials } from '../signing/types.js';

export interface Counters {
  /** Requests per operation, e.g. `sts:AssumeRole`, `ec2:DescribeVpcEndpoints`, `execute-api:Invoke`. */
  requests: Record<string, number>;
  /** Successful AssumeRole calls per role name. */
  assumeRole: Record<string, number>;
  /** execute-api answers per status code. */
  statuses: Record<string, number>;
  /** Faults injected, per kind (throttle, error, reset, latency). */
  faults: Record<string, number>;
  /** Requests of a stalled operation held without an answer, per operation. */
  held: Record<string, number>;
  /** Held requests whose connection the client closed (an aborted request), per operation. */
  abandoned: Record<string, number>;
}

/**
 * A request of an operation the sandbox was told to stall (`stall` option): thrown by count() so
 * that the server holds it, never answered, until the client closes the connection.
 */
export class Held extends Error {
  constructor(readonly operation: string) {
    super(`${operation} is stalled`);
  }
}

export interface RoleState {
  alias: string;
  world: WorldRole;
  name: string;
  account: string;
  roleId: string;
  trust: CompiledPolicy;
  /** Inline policies by name, in the world's order. */
  inline: { name: string; policy: CompiledPolicy }[];
  /** Attached managed policies, in the world's order. */
  attached: ManagedPolicyState[];
  /** Every identity policy of the role (inline, then attached): what IAM evaluates. */
  identity: CompiledPolicy[];
  /** The role's permissions boundary (world `permissionsBoundary`), which limits what it may do. */
  boundary?: ManagedPolicyState;
}

export interface ManagedPolicyState {
  arn: string;
  name: string;
  /** The path between `policy` and the name, with its slashes: "/" or "/team/". */
  path: string;
  policyId: string;
  description?: string;
  policy: CompiledPolicy;
}

export interface ApiState {
  alias: string;
  world: WorldApi;
  region: string;
  resourcePolicy?: CompiledPolicy;
  /** The policy as API Gateway stores it (minified JSON), for GetRestApi. */
  policyText?: string;
  faults: Faults;
  rng: () => number;
  rootResourceId: string;
  createdDate: number;
  /** The deployment every stage serves (GetStages `deploymentId`). */
  deploymentId: string;
  /** Each authorizer's id by its world name (GetResources `authorizerId`). */
  authorizerIds: Record<string, string>;
  /** Per stage with a canary: its deployment's id and the draw (per request) that sends a call to it. */
  canaries: Map<string, { deploymentId: string; draw: (request: string) => number }>;
}

export interface EndpointState {
  alias: string;
  world: WorldEndpoint;
  region: string;
  policy: CompiledPolicy;
  policyText: string;
  /** Endpoint-specific DNS names (regional first, then per zone). */
  dnsNames: string[];
}

/** Who a verified access key belongs to. */
export interface Caller {
  principal: Principal;
  /** The ARN AWS shows for the caller (session ARN for a role session). */
  arn: string;
  account: string;
  userId: string;
  identity: CompiledPolicy[];
  tags: Record<string, string>;
  role?: RoleState;
  /**
   * An IAM user's permissions boundary (world `harness.permissionsBoundary`), kept by its
   * GetSessionToken and GetFederationToken sessions; a role session's is its role's.
   */
  boundary?: ManagedPolicyState;
  /** An IAM user's GetSessionToken session (its ARN is the user's own). */
  userSession?: true;
  /** The session policies passed to AssumeRole (`Policy`, then each of `PolicyArns`). */
  sessionPolicies?: CompiledPolicy[];
  /** A role session's transitive session tags: they pass to the next session of a role chain. */
  transitiveTags?: Record<string, string>;
  /** A GetFederationToken session (arn:aws:sts::ACCOUNT:federated-user/NAME). */
  federated?: true;
  /**
   * Its temporary credentials carry MFA (aws:MultiFactorAuth*): issued with SerialNumber and TokenCode
   * (GetSessionToken), or a role session assumed with credentials that carry it (§41).
   */
  mfa?: true;
  /** When the MFA it carries was authenticated (aws:MultiFactorAuthAge); its own issue when absent. */
  mfaAt?: string;
  /** A role session's source identity (AssumeRole `SourceIdentity`, kept along a chain): aws:SourceIdentity. */
  sourceIdentity?: string;
  /** When its temporary credentials were issued (aws:TokenIssueTime); absent for long-term keys. */
  issuedAt?: string;
  /** The SCPs of its account, one list per level of the account's path (world `serviceControlPolicies`). */
  scps?: CompiledPolicy[][];
}

/** What the engine needs to know of a caller's credentials (aws:TokenIssueTime, aws:MultiFactorAuthPresent). */
export function credentialsOf(
  caller: Caller,
): { temporary: false } | { temporary: true; issuedAt: string; mfa?: boolean } {
  if (!caller.issuedAt) return { temporary: false };
  return { temporary: true, issuedAt: caller.issuedAt, ...(caller.mfa ? { mfa: true } : {}) };
}

/**
 * The keys a caller's session puts in every request it signs beside principalKeys:
 * aws:MultiFactorAuthAge when its credentials carry MFA, the whole seconds since that sign-in (IAM User
 * Guide reference_policies_condition-keys: "the number of seconds since the requesting principal was
 * authorized using MFA"), and aws:SourceIdentity when it has one ("present in requests for any AWS
 * action taken during the role session", id_credentials_temp_control-access_monitor).
 */
export function sessionKeysOf(caller: Caller | undefined, now: Date): Record<string, number | string> {
  const keys: Record<string, number | string> = {};
  if (caller?.sourceIdentity !== undefined) keys['aws:SourceIdentity'] = caller.sourceIdentity;
  if (!caller?.mfa || !caller.issuedAt) return keys;
  const at = caller.mfaAt ?? caller.issuedAt;
  keys['aws:MultiFactorAuthAge'] = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000));
  return keys;
}

interface Session {
  credentials: Credentials & { sessionToken: string; expiration: Date };
  caller: Caller;
}

/** A deterministic generator (mulberry32) so a seed fixes the fault sequence. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws in [0, 1) keyed by what a request is (`request`: who calls what): the n-th request of one
 * kind gets the n-th draw of its own sequence, so which draw a call gets does not depend on the
 * order in which calls of other kinds arrive (concurrent calls, other scenarios).
 */
export function perRequestDraws(seed: number): (request: string) => number {
  const seen = new Map<string, number>();
  return (request) => {
    const n = seen.get(request) ?? 0;
    if (seen.size > 100_000) seen.clear();
    seen.set(request, n + 1);
    return seeded(seed ^ seedOf(`${request}\u0000${n}`))();
  };
}

const hash = (s: string) => createHash('sha256').update(s).digest();
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A stable AWS-looking id (AROA..., AIDA...) derived from a name. */
export function stableId(prefix: string, name: string, length = 17): string {
  const h = hash(name);
  let out = prefix;
  for (let i = 0; out.length < prefix.length + length; i++) out += BASE32[h[i % h.length]! % 32];
  return out;
}
function randomId(prefix: string, length: number): string {
  const b = randomBytes(length);
  let out = prefix;
  for (const x of b) out += BASE32[x % 32];
  return out;
}
const seedOf = (s: string) => hash(s).readUInt32BE(0);

/** Sessions issued between two sweeps for expired ones. */
const PRUNE_EVERY = 1000;
/** Secrets kept for the leak check (the harness secret first, then the newest sessions'). */
const MAX_ISSUED_SECRETS = 20_000;
/** How long after expiry a session is still recognised (to answer ExpiredToken). */
const EXPIRED_GRACE_MS = 3_600_000;

/**
 * The first value kept for good, then the newest ones, `max` in all: a ring, so that a sandbox
 * past the bound does not move every kept secret down one place per session it issues.
 */
class NewestKept {
  private first: string[] = [];
  private readonly ring: string[] = [];
  private start = 0;
  constructor(private readonly max: number) {}
  keep(v: string): void {
    this.first = [v];
  }
  push(v: string): void {
    if (this.ring.length < this.max - 1) this.ring.push(v);
    else {
      this.ring[this.start] = v;
      this.start = (this.start + 1) % this.ring.length;
    }
  }
  /** In the order they came: the first, then the oldest kept to the newest. */
  all(): string[] {
    return [...this.first, ...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }
}

export class SandboxState {
  readonly roles = new Map<string, RoleState>(); // by role ARN
  readonly apis = new Map<string, ApiState>(); // by API id
  readonly endpoints = new Map<string, EndpointState>(); // by endpoint id
  readonly managedPolicies = new Map<string, ManagedPolicyState>(); // by ARN
  /** Account -> the SCPs that limit its principals, one list per level of its path (root first). */
  readonly scps = new Map<string, CompiledPolicy[][]>();
  readonly harness: Caller & { credentials: Credentials };
  readonly counters: Counters = {
    requests: {},
    assumeRole: {},
    statuses: {},
    faults: {},
    held: {},
    abandoned: {},
  };
  /** Operations (`ec2:DescribeVpcEndpoints`, `sts:GetCallerIdentity`...) never answered. */
  readonly stalled = new Set<string>();
  readonly regions: string[];
  private readonly sessions = new Map<string, Session>();
  /** The harness secret, then the newest sessions' secrets and tokens (issuedSecrets). */
  private readonly issued = new NewestKept(MAX_ISSUED_SECRETS);
  private issuedSincePrune = 0;
  /** Offset of the sandbox clock from the machine's (tests move it to expire sessions). */
  clockOffsetMs = 0;

  constructor(
    readonly world: World,
    readonly seed: number,
    faultOverrides: Record<string, FaultsInput> = {},
  ) {
    const file = world.file;
    // A policy is a YAML map, JSON text, or a file path relative to the world file.
    const load = (p: WorldPolicy, field: string): { input: string | object; file?: string } => {
      if (typeof p !== 'string' || p.trim().startsWith('{')) {
        const from = policyFileOf(p);
        return { input: p, ...(from ? { file: from } : {}) };
      }
      const path = resolve(world.dir ?? process.cwd(), p.trim());
      try {
        return { input: readInput(path, 'policy'), file: path };
      } catch (e) {
        throw new InputError((e as Error).message, { ...(file ? { file } : {}), field });
      }
    };
    // AWS would not have stored a policy it refuses: neither does the sandbox (issue 11 item 6).
    const compile = (
      p: WorldPolicy,
      name: string,
      field: string,
      kind: PolicyKind,
      size: { managed?: boolean; scp?: boolean } = {},
    ): CompiledPolicy => {
      const { input, file: policyFile } = load(p, field);
      try {
        return parsePolicy(
          input,
          { name, ...((policyFile ?? file) ? { file: policyFile ?? file } : {}) },
          { kind, ...size },
        );
      } catch (e) {
        throw new InputError(`invalid policy: ${(e as Error).message}`, { ...(file ? { file } : {}), field });
      }
    };
    const text = (p: WorldPolicy, field: string, minify: boolean): string => {
      const { input } = load(p, field);
      if (typeof input === 'string') return minify ? JSON.stringify(JSON.parse(input)) : input;
      return minify ? JSON.stringify(input) : JSON.stringify(input, null, 2);
    };

    for (const [key, m] of Object.entries(world.managedPolicies)) {
      const parsed = parseManagedPolicyArn(m.arn)!; // the world schema checked it
      this.managedPolicies.set(m.arn, {
        arn: m.arn,
        name: parsed.name,
        path: `/${parsed.path}`,
        policyId: stableId('ANPA', m.arn),
        ...(m.description ? { description: m.description } : {}),
        policy: compile(m.document, `managed:${m.arn}`, `managedPolicies.${key}.document`, 'identity', {
          managed: true,
        }),
      });
    }

    // An SCP is written as an identity policy (no Principal); one attached to several accounts' paths
    // is compiled once.
    const scpOf = new Map<WorldPolicy, CompiledPolicy>();
    const attached = world.serviceControlPolicies?.attached ?? {};
    for (const [target, list] of Object.entries(attached))
      list.forEach((p, i) =>
        scpOf.set(
          p,
          compile(p, `scp:${target}:${i}`, `serviceControlPolicies.attached.${target}.${i}`, 'identity', {
            scp: true,
          }),
        ),
      );
    for (const [account, levels] of Object.entries(worldScpLevels(world, file ?? '(world)')))
      this.scps.set(
        account,
        levels.map((level) => level.map((p) => scpOf.get(p)!)),
      );

    for (const [alias, r] of Object.entries(world.roles)) {
      const name = r.arn.split('/').pop()!;
      const inline = Object.entries(r.policies).map(([n, p]) => ({
        name: n,
        policy: compile(p, `identity:${alias}/${n}`, `roles.${alias}.policies.${n}`, 'identity'),
      }));
      const attached = r.attachedPolicies.map((arn) => this.managedPolicies.get(arn)!);
      this.roles.set(r.arn, {
        alias,
        world: r,
        name,
        account: arnFields(r.arn)!.account,
        roleId: r.roleId ?? stableId('AROA', r.arn),
        trust: compile(r.trustPolicy, `trust:${alias}`, `roles.${alias}.trustPolicy`, 'trust'),
        inline,
        attached,
        identity: [...inline.map((x) => x.policy), ...attached.map((x) => x.policy)],
        ...(r.permissionsBoundary ? { boundary: this.managedPolicies.get(r.permissionsBoundary)! } : {}),
      });
    }

    for (const [alias, e] of Object.entries(world.endpoints)) {
      const region = e.region ?? world.region;
      const policyInput: WorldPolicy = e.policy ?? {
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      };
      const policy = compile(policyInput, `endpoint:${alias}`, `endpoints.${alias}.policy`, 'endpoint');
      const suffix = stableId('', `dns:${e.id}`, 8).toLowerCase();
      const dnsNames = e.dnsNames ?? [
        `${e.id}-${suffix}.execute-api.${region}.vpce.amazonaws.com`,
        `${e.id}-${suffix}-${region}a.execute-api.${region}.vpce.amazonaws.com`,
        `${e.id}-${suffix}-${region}b.execute-api.${region}.vpce.amazonaws.com`,
      ];
      this.endpoints.set(e.id, {
        alias,
        world: e,
        region,
        policy,
        policyText: text(policyInput, `endpoints.${alias}.policy`, false),
        dnsNames,
      });
    }

    for (const [alias, a] of Object.entries(world.apis)) {
      const region = a.region ?? world.region;
      const resourcePolicy = a.resourcePolicy
        ? compile(a.resourcePolicy, `resource:${alias}`, `apis.${alias}.resourcePolicy`, 'resource')
        : undefined;
      // API Gateway stores the policy minified, the short form expanded: it "converts the abbreviated
      // syntax to the full ARN when you save the policy … by using the current Region, your AWS
      // account ID, and the ID of the REST API" (apigateway-resource-policies-examples).
      const policyText = a.resourcePolicy
        ? savedResourcePolicy(
            text(a.resourcePolicy, `apis.${alias}.resourcePolicy`, true),
            `arn:${partitionOfRegion(region)}:execute-api:${region}:${a.account}:${a.id}`,
          )
        : undefined;
      const faults = faultsSchema.parse(
        faultOverrides[alias] ?? faultOverrides[a.id] ?? faultOverrides['*'] ?? a.faults ?? {},
      );
      this.apis.set(a.id, {
        alias,
        world: a,
        region,
        ...(resourcePolicy ? { resourcePolicy } : {}),
        ...(policyText ? { policyText } : {}),
        faults,
        rng: seeded((faults.seed ?? seed) ^ seedOf(a.id)),
        rootResourceId: stableId('', `root:${a.id}`, 10).toLowerCase(),
        createdDate: Math.floor(Date.parse(a.createdAt ?? '2024-05-01T10:00:00Z') / 1000),
        deploymentId: a.id.slice(0, 6),
        authorizerIds: Object.fromEntries(
          Object.entries(a.authorizers).map(([name, z]) => [
            name,
            z.id ?? stableId('', `authorizer:${a.id}:${name}`, 6).toLowerCase(),
          ]),
        ),
        // Its own draws (not the faults'): which deployment a call reaches does not move the faults.
        canaries: new Map(
          Object.entries(a.canaries).map(([stage, c]) => [
            stage,
            {
              deploymentId: stableId('', `canary:${a.id}:${stage}`, 6).toLowerCase(),
              draw: perRequestDraws((c.seed ?? faults.seed ?? seed) ^ seedOf(`canary:${a.id}:${stage}`)),
            },
          ]),
        ),
      });
    }

    this.regions = [
      ...new Set([
        world.region,
        ...[...this.apis.values()].map((a) => a.region),
        ...[...this.endpoints.values()].map((e) => e.region),
      ]),
    ];

    const h = world.harness;
    const account = arnFields(h.arn)!.account;
    this.harness = {
      principal: principalFromArn(h.arn),
      arn: h.arn,
      account,
      userId: h.userId ?? stableId('AIDA', h.arn),
      identity: Object.entries(h.policies).map(([n, p]) =>
        compile(p, `identity:harness/${n}`, `harness.policies.${n}`, 'identity'),
      ),
      tags: {},
      ...(h.permissionsBoundary ? { boundary: this.managedPolicies.get(h.permissionsBoundary)! } : {}),
      ...this.#scpsOf(account),
      credentials: { accessKeyId: h.accessKeyId, secretAccessKey: h.secretAccessKey },
    };
    this.issued.keep(h.secretAccessKey);
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** Items per page of a control-plane list: what the caller asked, at most the world's pageSize. */
  pageSize(asked: number): number {
    return Math.min(asked, this.world.pageSize ?? asked);
  }

  /** Count a request of `op`; a stalled operation's is held (see Held). */
  count(op: string): void {
    this.counters.requests[op] = (this.counters.requests[op] ?? 0) + 1;
    if (this.stalled.has(op)) throw new Held(op);
  }

  setFaults(api: string, faults: FaultsInput | undefined): void {
    const targets =
      api === '*'
        ? [...this.apis.values()]
        : [...this.apis.values()].filter((a) => a.alias === api || a.world.id === api);
    if (targets.length === 0) throw new InputError(`unknown API "${api}"`, { field: 'faults' });
    for (const a of targets) {
      a.faults = faultsSchema.parse(faults ?? a.world.faults ?? {});
      a.rng = seeded((a.faults.seed ?? this.seed) ^ seedOf(a.world.id));
    }
  }

  orgIdOf(account: string): string | undefined {
    const org = this.world.organization;
    if (org && org.accounts.includes(account)) return org.id;
    return this.world.organizations?.find((o) => o.accounts.includes(account))?.id;
  }

  /** The SCPs that limit an account's principals, as a Caller's field (none: not limited). */
  #scpsOf(account: string): { scps?: CompiledPolicy[][] } {
    const levels = this.scps.get(account);
    return levels ? { scps: levels } : {};
  }

  /** aws:PrincipalOrgPaths of an account's principals, when the world gives the account's path. */
  orgPathsOf(account: string): { orgPaths?: string[] } {
    const path = this.world.accounts[account]?.orgPath;
    return path ? { orgPaths: [path] } : {};
  }

  /** What the signature verifier may know about an access key id. */
  lookup = (akid: string): Credentials | { expired: true } | undefined => {
    if (akid === this.harness.credentials.accessKeyId) return this.harness.credentials;
    const s = this.sessions.get(akid);
    if (!s) return undefined;
    if (s.credentials.expiration.getTime() <= this.now().getTime()) return { expired: true };
    return s.credentials;
  };

  callerOf(akid: string): Caller | undefined {
    if (akid === this.harness.credentials.accessKeyId) return this.harness;
    return this.sessions.get(akid)?.caller;
  }

  /** Issue temporary credentials for a role session. */
  issueSession(
    role: RoleState,
    sessionName: string,
    durationSeconds: number,
    sessionPolicies: CompiledPolicy[] = [],
    sessionTags: SessionTags = { tags: role.world.tags, transitive: {} },
    /** When the MFA the assuming credentials carry was authenticated; none: the session carries none. */
    mfaAt?: string,
    sourceIdentity?: string,
  ): Session {
    const principal = principalFromArn(role.world.arn, { sessionName, roleId: role.roleId });
    const caller: Caller = {
      principal,
      arn: sessionArn({ account: role.account, roleName: role.name, sessionName }),
      account: role.account,
      userId: `${role.roleId}:${sessionName}`,
      identity: role.identity,
      tags: sessionTags.tags,
      role,
      ...(Object.keys(sessionTags.transitive).length > 0 ? { transitiveTags: sessionTags.transitive } : {}),
      // MFA only as the assuming credentials carried it (sts.ts, docs/aws-behaviour.md §32, §41).
      ...(mfaAt !== undefined ? { mfa: true as const, mfaAt } : {}),
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(sessionPolicies.length > 0 ? { sessionPolicies } : {}),
      ...this.#scpsOf(role.account),
    };
    const session = this.#issue(caller, durationSeconds);
    this.counters.assumeRole[role.alias] = (this.counters.assumeRole[role.alias] ?? 0) + 1;
    return session;
  }

  /**
   * GetFederationToken: a federated-user session of an IAM user: the user's identity policies, limited
   * by the session policies; with none, by a policy that allows nothing ("if you do not pass any
   * session policies, then the resulting federated user session has no permissions").
   */
  issueFederatedSession(
    user: Caller,
    arn: string,
    name: string,
    durationSeconds: number,
    sessionPolicies: CompiledPolicy[],
    tags: Record<string, string> = {},
  ): Session {
    const principal = principalFromArn(arn);
    return this.#issue(
      {
        // The user who federated: a grant to it reaches the session (src/policy matchPrincipal).
        principal:
          principal.kind === 'federated-user'
            ? { ...principal, user: { arn: user.arn, userId: user.userId } }
            : principal,
        arn,
        account: user.account,
        userId: `${user.account}:${name}`,
        identity: user.identity,
        tags,
        sessionPolicies: sessionPolicies.length > 0 ? sessionPolicies : [ALLOWS_NOTHING],
        ...(user.boundary ? { boundary: user.boundary } : {}),
        ...this.#scpsOf(user.account),
        federated: true,
      },
      durationSeconds,
    );
  }

  /** GetSessionToken: temporary credentials of the same IAM user (its ARN, policies and id). */
  issueUserSession(user: Caller, durationSeconds: number, mfa = false): Session {
    const { role: _r, ...same } = user;
    return this.#issue(
      { ...same, userSession: true, ...(mfa ? { mfa: true as const } : {}) },
      durationSeconds,
    );
  }

  #issue(issued: Caller, durationSeconds: number): Session {
    const caller: Caller = { ...issued, issuedAt: this.now().toISOString() };
    const credentials = {
      accessKeyId: randomId('ASIA', 16),
      secretAccessKey: randomBytes(30).toString('base64'),
      // Real tokens are long opaque base64; length matters to clients that size buffers.
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(300).toString('base64')}`,
      expiration: new Date(Math.floor(this.now().getTime() / 1000) * 1000 + durationSeconds * 1000),
    };
    const session = { credentials, caller };
    // A long-lived sandbox (spokegate sandbox) must not keep every session forever.
    if (++this.issuedSincePrune >= PRUNE_EVERY) this.pruneExpired();
    this.sessions.set(credentials.accessKeyId, session);
    // The secrets are kept for the reports' leak check; the oldest go once there are too many.
    this.issued.push(credentials.secretAccessKey);
    this.issued.push(credentials.sessionToken);
    return session;
  }

  /** Forget sessions that have expired (their keys are then unknown, as AWS's are long after expiry). */
  pruneExpired(): void {
    this.issuedSincePrune = 0;
    // An hour's grace: a client using a just-expired session still gets ExpiredToken, as from AWS.
    const before = this.now().getTime() - EXPIRED_GRACE_MS;
    for (const [akid, s] of this.sessions)
      if (s.credentials.expiration.getTime() <= before) this.sessions.delete(akid);
  }

  /** Live sessions (tests). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Every secret the sandbox knows or issued (the harness secret, session secrets and tokens). */
  issuedSecrets(): string[] {
    return this.issued.all();
  }

  /** The endpoint a private-DNS request arrives through: the first with private DNS in the region. */
  privateDnsEndpoint(region: string): EndpointState | undefined {
    for (const e of this.endpoints.values()) if (e.region === region && e.world.privateDns) return e;
    return undefined;
  }

  /** The endpoint whose endpoint-specific DNS name this host is (any zone variant). */
  endpointByDnsName(host: string): EndpointState | undefined {
    for (const e of this.endpoints.values()) if (e.dnsNames.includes(host)) return e;
    const h = parseExecuteApiHost(host);
    if (h?.kind !== 'endpoint-dns') return undefined;
    const e = this.endpoints.get(h.vpceId);
    return e && e.region === h.region ? e : undefined;
  }
}

/** A resource policy (minified JSON, already validated) as API Gateway saves it for `apiArn`. */
function savedResourcePolicy(minified: string, apiArn: string): string {
  const doc = JSON.parse(minified) as { Statement: unknown };
  const bind = (v: unknown): unknown =>
    typeof v === 'string' ? bindShortForm(v, apiArn) : Array.isArray(v) ? v.map(bind) : v;
  const statement = (st: unknown) => {
    if (!st || typeof st !== 'object') return st;
    const out: Record<string, unknown> = { ...(st as Record<string, unknown>) };
    for (const k of ['Resource', 'NotResource']) if (k in out) out[k] = bind(out[k]);
    return out;
  };
  const Statement = Array.isArray(doc.Statement) ? doc.Statement.map(statement) : statement(doc.Statement);
  return JSON.stringify({ ...doc, Statement });
}
