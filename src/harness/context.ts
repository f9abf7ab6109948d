// One run's state: the config, where its policies come from, its connection to AWS (none offline)
// and the access matrix. `live` and `sandbox` share every line here: sandbox mode only supplies the
// environment (endpoint URLs, CA, base identity, connect-to) that the sandbox printed.
import type { Config, RoleConfig, ApiConfig, EndpointConfig } from '../config/index.js';
import {
  organizationOf,
  predictCallWithGaps,
  rolePrincipal,
  viaAliasOf,
  statedCredentialsProblem,
  type UnknownDecision,
} from '../predict/index.js';
import { InfraError, InputError, Interrupted } from '../errors.js';
import { unknownAlias } from '../suggest.js';
import { arnAccount } from '../identifiers/index.js';
import type { ChainDecision, CompiledPolicy, Layer, Principal } from '../policy/index.js';
import type { CallResult } from '../gateway/index.js';
// The matrix model alone (who-can and check never load the reporters).
import { AccessMatrix } from '../matrix/matrix.js';
import type { Cell, Expectation, Observation, Prediction } from '../matrix/types.js';
import { borrowsLayer } from '../matrix/judge.js';
import {
  completeCell,
  failCell,
  INTERRUPTED,
  isPending,
  pendingCell,
  TAMPERED,
  checkThrough,
  toObservation,
  toPrediction,
} from './cells.js';
import {
  PolicySources,
  type IdentityKnowledge,
  type LoadedPolicy,
  type Mode,
  type PolicyFiles,
} from './policies.js';
import { ReadFacts } from './facts.js';
import { KnownRoutes } from './routes.js';
import { unstatedTypes } from '../routes/index.js';
import { Wire } from './wire.js';
import type { ScenarioRef } from './scenario-ref.js';

export type { LoadedPolicy, Mode } from './policies.js';

export interface RunContextOptions extends PolicyFiles {
  mode: Mode;
  config: Config;
  env: NodeJS.ProcessEnv;
  concurrency?: number;
  /** `--allow-disagreement`: a prediction that contradicts the wire does not fail the cell. */
  allowDisagreement?: boolean;
  /** Sandbox: what the sandbox printed (CA, connect-to); live reads the same from env. */
  ca?: string;
  connectTo?: string[];
  /** Notes for the user while the run talks to AWS (e.g. a session duration capped for role chaining). */
  log?: (line: string) => void;
}

export interface CallSpec extends ScenarioRef {
  role: string | null; // alias, or null for anonymous
  api: string;
  method: string;
  path: string;
  endpoint?: string;
  tamper?: boolean;
  unsigned?: boolean;
}

export interface PlannedCall {
  spec: CallSpec & { endpoint: string };
  cell: Cell;
}

/** A call's cell (already in the matrix) and the raw result, for the Then steps. */
export interface CellDraft {
  cell: Cell;
  result: CallResult | null;
  matrix: AccessMatrix;
  /**
   * The answer named no layer and the prediction's was not taken: the copies of policies it was
   * decided over that the call's source does not confirm (PolicySources.unconfirmedCopies).
   */
  unconfirmed?: string[];
}

export class RunContext {
  readonly mode: Mode;
  readonly #config: Config;
  /** Sandbox/live: the role ids and endpoint VPCs the config does not state, read when they matter. */
  readonly #facts: ReadFacts | undefined;
  readonly matrix: AccessMatrix;
  readonly concurrency: number;
  readonly startedAt = new Date();
  readonly policies: PolicySources;
  /** Each API's routes and stages: a call to one that does not exist is not sent (exit 2). */
  readonly routes: KnownRoutes;
  readonly #wire: Wire | undefined;
  readonly #offlineSecrets = new Set<string>();
  readonly #interruption: AbortController;

  /** Build a run context, connecting to AWS unless the run is offline. */
  static async create(opts: RunContextOptions): Promise<RunContext> {
    const concurrency = opts.concurrency ?? opts.config.defaults.concurrency;
    const interruption = new AbortController();
    const wire =
      opts.mode === 'offline'
        ? undefined
        : await Wire.create({
            config: opts.config,
            env: opts.env,
            concurrency,
            ca: opts.ca,
            connectTo: opts.connectTo,
            ...(opts.log ? { log: opts.log } : {}),
            signal: interruption.signal,
          });
    return new RunContext(opts, concurrency, wire, interruption);
  }

  private constructor(
    opts: RunContextOptions,
    concurrency: number,
    wire: Wire | undefined,
    interruption: AbortController,
  ) {
    this.#interruption = interruption;
    this.mode = opts.mode;
    this.#config = opts.config;
    this.#facts = wire ? new ReadFacts(opts.config, wire) : undefined;
    this.concurrency = concurrency;
    this.matrix = new AccessMatrix({ allowDisagreement: opts.allowDisagreement ?? false });
    this.#wire = wire;
    this.policies = new PolicySources(opts.config, opts.mode, opts, wire);
    this.routes = new KnownRoutes(opts.config, opts.mode, wire);
    if (!wire)
      for (const k of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
        if (opts.env[k]) this.#offlineSecrets.add(opts.env[k]);
  }

  /**
   * The run's config: as loaded, plus (sandbox/live) each role id and endpoint VPC it does not state
   * that a decision needed and that could be read (config.unread says why one could not).
   */
  get config(): Config {
    return this.#facts?.config ?? this.#config;
  }

  /**
   * Read (sandbox/live) what `policies` can tell apart of `roles` (their unique ids) and of the
   * endpoint (its VPC) that the config does not state; offline, nothing. Only Interrupted rejects.
   */
  async readFacts(
    roles: readonly (string | null)[],
    endpoint: string,
    policies: readonly (CompiledPolicy | null | undefined)[],
  ): Promise<void> {
    await this.#facts?.need(roles, endpoint, policies);
  }

  role(alias: string): RoleConfig {
    const r = this.config.roles[alias];
    if (!r) throw new InputError(`unknown role "${alias}"`, { file: this.config.file, field: 'roles' });
    return r;
  }
  api(alias: string): ApiConfig {
    const a = this.config.apis[alias];
    if (!a)
      throw new InputError(unknownAlias('API', alias, Object.keys(this.config.apis)), {
        file: this.config.file,
        field: 'apis',
      });
    return a;
  }
  endpointAlias(alias?: string): string {
    const a = alias ?? this.config.defaults.endpoint!;
    if (!this.config.endpoints[a]) {
      throw new InputError(unknownAlias('endpoint', a, Object.keys(this.config.endpoints)), {
        file: this.config.file,
        field: 'endpoints',
      });
    }
    return a;
  }
  endpoint(alias?: string): EndpointConfig {
    return this.config.endpoints[this.endpointAlias(alias)]!;
  }

  /** The endpoint policy: from a file when the config or the step says so, else read live from EC2. */
  endpointPolicy(alias?: string, fromFile?: string): Promise<LoadedPolicy> {
    return this.policies.endpointPolicy(this.endpointAlias(alias), fromFile);
  }

  /**
   * What can be known of a spoke API: its resource policy and the endpoints it accepts. A policy
   * that was needed but could not be read is an error naming what to grant (never left out).
   */
  async apiFacts(
    apiAlias: string,
  ): Promise<{ resourcePolicy: CompiledPolicy | null; vpcEndpointIds?: string[] }> {
    this.api(apiAlias);
    const k = await this.policies.api(apiAlias);
    if (k.unreadResource) throw new InfraError(k.unreadResource);
    return k;
  }

  /**
   * A role's identity policies, when known (configured files, or read from IAM when not offline);
   * policies that could not be read are an error naming what to grant (never left out).
   */
  async identityPoliciesOf(roleAlias: string): Promise<CompiledPolicy[] | undefined> {
    this.role(roleAlias);
    const k = await this.policies.identity(roleAlias);
    if (k.unread) throw new InfraError(k.unread);
    return k.policies;
  }

  principalOf(roleAlias: string | null): Principal {
    if (roleAlias !== null) this.role(roleAlias); // an unknown alias is bad input
    return rolePrincipal(this.config, roleAlias);
  }

  /** The organization id of a principal, when the config states it. */
  orgIdOf(principal: Principal): string | undefined {
    return organizationOf(this.config, principal);
  }

  /**
   * A call by the API's alias name through an endpoint the API is known not to be associated with is
   * never made: that name does not exist (docs/aws-behaviour.md §1b), so no policy answers it. Bad
   * input, exit 2 before anything is sent, as a route that does not exist is. An association not
   * known leaves the call to its prediction (`unknown`).
   */
  async checkAddressable(call: {
    api: string;
    endpoint?: string;
    file?: string;
    line?: number;
  }): Promise<void> {
    const alias = this.endpointAlias(call.endpoint);
    const ep = this.config.endpoints[alias]!;
    if (ep.addressing !== 'alias' || !this.config.apis[call.api]) return;
    const known = await this.policies.api(call.api);
    if (!known.vpcEndpointIds || known.unreadEndpoints || known.vpcEndpointIds.includes(ep.id)) return;
    const api = this.config.apis[call.api]!;
    const from = api.vpcEndpointIds ? `apis.${call.api}.vpcEndpointIds` : `GetRestApi ${api.id}`;
    throw new InputError(
      `API "${call.api}" is not associated with endpoint "${alias}" (${ep.id}; associated: ` +
        `${known.vpcEndpointIds.join(', ') || 'none'}, from ${from}): its alias name ` +
        `${api.id}-${ep.id}.execute-api.${api.region ?? this.config.region}.amazonaws.com does not exist, ` +
        `so no call through "${alias}" by alias reaches it; associate the endpoint with the API, or set ` +
        `endpoints.${alias}.addressing to endpoint-host or endpoint-api-id`,
      { ...(call.file ? { file: call.file } : {}), ...(call.line ? { line: call.line } : {}) },
    );
  }

  /** Predict one call with the engine from the policies known; `unknown` where a layer that matters could not be read. */
  async predict(spec: CallSpec, given?: Principal): Promise<ChainDecision | UnknownDecision> {
    this.api(spec.api);
    const endpoint = this.endpointAlias(spec.endpoint);
    const signed = spec.role !== null && !spec.unsigned;
    const [endpointPolicy, known, identity] = await Promise.all([
      this.policies.endpointPolicy(endpoint),
      this.policies.api(spec.api),
      signed ? this.policies.identity(spec.role!) : Promise.resolve<IdentityKnowledge>({}),
    ]);
    // The role's id and the endpoint's VPC, when the policies can tell them apart (sandbox/live).
    await this.readFacts([signed ? spec.role : null], endpoint, [
      endpointPolicy.compiled,
      known.resourcePolicy,
      ...(identity.policies ?? []),
      identity.boundary,
      ...(identity.session ?? []),
    ]);
    const principal = given ?? this.principalOf(spec.unsigned ? null : spec.role);
    const route = await this.routes.authorizationOf(spec.api, spec.method, spec.path);
    const call = { api: spec.api, method: spec.method, path: spec.path, endpoint, ...route };
    const d = predictCallWithGaps(
      this.config,
      principal,
      call,
      {
        endpointPolicy: endpointPolicy.compiled,
        resourcePolicy: known.resourcePolicy,
        identityPolicies: identity.policies,
        ...(identity.boundary ? { permissionsBoundary: identity.boundary } : {}),
        ...(identity.session ? { sessionPolicies: identity.session } : {}),
        acceptedEndpoints: known.vpcEndpointIds,
      },
      {
        ...(known.unreadResource || known.ungivenResource
          ? { resource: (known.unreadResource ?? known.ungivenResource)! }
          : {}),
        ...(identity.unread || identity.ungiven ? { identity: (identity.unread ?? identity.ungiven)! } : {}),
        ...(known.unreadEndpoints && viaAliasOf(this.config, call)
          ? { acceptedEndpoints: known.unreadEndpoints }
          : {}),
      },
    );
    // No route stated (offline): the documented default, AWS_IAM, said as an assumption (the proofs
    // and who-can take every type instead: KnownRoutes.analysed).
    if (route.authorization) return d;
    return {
      ...d,
      explanation: [...d.explanation, `authorization AWS_IAM assumed: ${unstatedTypes(spec.api)}`],
    };
  }

  /** Predict and (unless offline) send one call: `plan` then `make`. */
  async call(spec: CallSpec, expected: Expectation = null): Promise<CellDraft> {
    return this.make(this.plan(spec, expected));
  }

  /**
   * Register a call's cell in the matrix before anything is sent: a call that never finishes (or
   * never starts, queued behind a step that ran out of time) stays there as an error. `expected` is
   * set now for a matrix row, or later by a Then step.
   */
  plan(spec: CallSpec, expected: Expectation = null): PlannedCall {
    if (this.interrupted) throw new Interrupted();
    const endpoint = this.endpointAlias(spec.endpoint);
    this.api(spec.api);
    const cell = this.matrix.add(
      pendingCell(
        {
          role: spec.role ?? 'anonymous',
          principal: spec.role ? this.role(spec.role).arn : 'anonymous',
          api: spec.api,
          method: spec.method,
          path: spec.path,
          endpoint,
          scenario: spec.scenario,
          ...(spec.scenarioLocation !== undefined ? { scenarioLocation: spec.scenarioLocation } : {}),
        },
        expected,
      ),
    );
    return { spec: { ...spec, endpoint }, cell };
  }

  /** Predict and (unless offline) send a planned call, completing its cell. */
  async make({ spec, cell }: PlannedCall): Promise<CellDraft> {
    if (this.interrupted) {
      failCell(cell, INTERRUPTED);
      throw new Interrupted();
    }
    const api = this.api(spec.api);
    if (spec.role !== null) this.role(spec.role); // an unknown alias is bad input
    const wire = this.#wire;
    try {
      // A route or stage that does not exist is bad input: never sent, never read as a denial.
      await this.routes.check(spec);
      await this.checkAddressable(spec);
      const [prediction, result] = await Promise.all([
        this.predict(spec),
        wire
          ? wire.send({
              role: spec.role,
              api: { id: api.id, region: api.region ?? this.config.region, stage: api.stage },
              endpoint: this.endpoint(spec.endpoint),
              endpointAlias: spec.endpoint,
              method: spec.method,
              path: spec.path,
              tamper: spec.tamper,
              unsigned: spec.unsigned,
            })
          : Promise.resolve(null),
      ]);
      const predicted = spec.tamper ? TAMPERED : toPrediction(prediction);
      const observed = result ? this.#observe(result, spec.endpoint) : null;
      const unconfirmed = observed ? await this.#unconfirmedLayer(spec, predicted, observed) : [];
      completeCell(
        cell,
        predicted,
        observed,
        spec.tamper ? 'tampered signature' : spec.unsigned ? 'unsigned' : undefined,
        this.matrix.options,
        unconfirmed,
      );
      return { cell, result, matrix: this.matrix, ...(unconfirmed.length ? { unconfirmed } : {}) };
    } catch (e) {
      // Cut off by the interruption (whatever error the cut produced): say so, not a network fault.
      if (this.interrupted) failCell(cell, INTERRUPTED);
      else failCell(cell, `the call could not be made: ${(e as Error).message}`);
      throw e;
    }
  }

  get interrupted(): boolean {
    return this.#interruption.signal.aborted;
  }

  /**
   * SIGINT/SIGTERM (synchronous: called from the signal listener): cut off the calls in flight
   * (their sockets are destroyed now), refuse every new one, and mark every cell without an answer
   * an error, interrupted. Nothing waits for a read that ignores the signal.
   */
  interrupt(): void {
    this.#interruption.abort();
    for (const c of this.matrix.cells) if (isPending(c)) failCell(c, INTERRUPTED);
  }

  /** The observation of an answer; in sandbox mode, checked to have come through the step's endpoint. */
  /**
   * An answer that names no layer (API Gateway's older wording) takes the prediction's only when the
   * policies that make it that layer's are what the call went through: the denying layer's own (its
   * explicit deny, or its missing allow, then surely is AWS's), and for an implicit deny by the
   * resource or identity side of a call within one account, both sides' (either could have let it in:
   * docs/aws-behaviour.md, "Authorization outcome rules"). The copies (files) that the source does not
   * confirm, in words; none when the layer is not borrowed at all.
   */
  async #unconfirmedLayer(spec: CallSpec, predicted: Prediction, observed: Observation): Promise<string[]> {
    if (!borrowsLayer(observed, predicted)) return [];
    const signed = spec.role !== null && !spec.unsigned;
    const layer = predicted.layer!;
    const sameAccount =
      signed && arnAccount(this.role(spec.role!).arn) === this.config.apis[spec.api]!.account;
    const layers: Layer[] =
      predicted.detail !== 'ExplicitDeny' && sameAccount && layer !== 'endpoint' && layer !== 'session'
        ? [layer, 'resource', 'identity']
        : [layer];
    return this.policies.unconfirmedCopies(
      { endpoint: this.endpointAlias(spec.endpoint), api: spec.api, role: signed ? spec.role : null },
      layers,
    );
  }

  #observe(result: CallResult, endpointAlias: string): Observation {
    const observed = toObservation(result);
    if (this.mode !== 'sandbox') return observed;
    const ep = this.endpoint(endpointAlias);
    return checkThrough(observed, result, { alias: endpointAlias, id: ep.id }, (id) =>
      Object.keys(this.config.endpoints).find((a) => this.config.endpoints[a]!.id === id),
    );
  }

  /** Who the base credentials are (STS GetCallerIdentity); offline runs have none. */
  async callerIdentity(): Promise<{ arn: string; account: string } | undefined> {
    return this.#wire?.callerIdentity();
  }

  /**
   * A stated `runner.credentials` or `runner.transitiveTags` the base credentials contradict: exit 2
   * naming the setting (offline predictions take it as fact), before anything is sent. A sandbox run signs with its world's harness
   * access keys whatever the setting, so there a stated `temporary` is named, not refused.
   */
  async checkStatedCredentials(log: (line: string) => void): Promise<void> {
    const { credentials, transitiveTags } = this.config.runner ?? {};
    if (!this.#wire || (credentials === undefined && transitiveTags === undefined)) return;
    const base = await this.#wire.baseSession();
    const found = statedCredentialsProblem(this.config, base);
    if (!found) return;
    if (this.mode === 'sandbox' && base === undefined)
      return log(
        found.field === 'runner.credentials'
          ? "spokegate: runner.credentials: temporary is not what a sandbox run signs with (its world's harness access keys, long-term): its cells are of long-term base credentials"
          : "spokegate: runner.transitiveTags: a sandbox run signs with its world's harness access keys (long-term), which carry no session tags: its cells inherit none",
      );
    throw new InputError(found.problem, { file: this.config.file, field: found.field });
  }

  /** Every secret this run has held: reports are checked against them before they are written. */
  get secrets(): Set<string> {
    return this.#wire?.secrets ?? this.#offlineSecrets;
  }

  get assumeRoleCount(): number {
    return this.#wire?.assumeRoleCount ?? 0;
  }

  close(): void {
    this.#wire?.close();
  }
}
