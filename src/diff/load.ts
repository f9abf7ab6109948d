// Building a DiffSetup: the config's cells, and the policies on each side of the change from a
// Terraform plan (its before and after) or from two files (each a policy, a plan's planned values, or
// a CloudFormation template). Policies the change does not touch come from the config's files.
import { configPath, readText, type Config } from '../config/index.js';
import {
  authorizationTypeOf,
  configuredRequest,
  configuredRequests,
  decideOverUnstated,
  federatedSessionPolicies,
  identityPoliciesHint,
  statedFacts,
  type RequestFacts,
  apiPolicyBindings,
  policyBindings,
  rolePrincipal,
  scpsOf,
  routeAuthorizationOf,
  viaAliasOf,
} from '../predict/index.js';
import { InputError } from '../errors.js';
import { unknownAlias } from '../suggest.js';
import { analysisNow } from '../analysis/index.js';
import { formatCount } from '../input/index.js';
import { formatRoute, reachesRegion, routeProblem, statedRoutes } from '../routes/index.js';
import {
  parsePolicy,
  endpointEntryFor,
  policiesFromText,
  refuseUnknownTargets,
  resourcePathReadings,
  loadPolicyFile,
  type CompiledPolicy,
  type PolicyFileResult,
  type PolicySelect,
  type Principal,
  type RequestContext,
} from '../policy/index.js';
import type { DiffCell, DiffSetup, LayerPolicy, LintedPolicy, PathReading, PolicySide } from './model.js';

export type DiffSources = { plan: string } | { before: string; after: string };

/** A policy on one side, before compiling: text, nothing known, or the thing does not exist. */
type Raw = { text: string; file: string } | null | { denyAll: string };

interface Entry {
  kind: 'endpoint' | 'resource';
  address: string;
  vpceId?: string;
  apiId?: string;
  apiName?: string;
  /** An endpoint the change creates (a plan): none of the configured ones. */
  created?: true;
  /** A template endpoint's VPC, when it resolves offline. */
  vpc?: string;
  /** A template endpoint without PolicyDocument (read as AWS's default). */
  noPolicyDocument?: true;
  /** After the change (or the file's planned value). */
  after: Raw | { unknown: string };
  /** Before the change: only a plan says; undefined when it does not. */
  before?: Raw;
}

const NO_ENDPOINT = 'the endpoint does not exist on this side of the change';
const NO_RESOURCE_POLICY =
  'the API has no resource policy on this side of the change (a private API then refuses every call)';

/** Every policy a file holds, as entries (present, removed and unknown alike). */
function entriesOf(res: PolicyFileResult): Entry[] {
  const out: Entry[] = [];
  const file = res.file;
  const before = (b: string | null | undefined, kind: 'endpoint' | 'resource'): Raw | undefined =>
    b === undefined
      ? undefined
      : b === null
        ? { denyAll: kind === 'endpoint' ? NO_ENDPOINT : NO_RESOURCE_POLICY }
        : { text: b, file };
  // A policy the file holds: its text after the change, and before it when a plan says.
  const held = (
    kind: Entry['kind'],
    p: { address: string; policyText: string; before?: string | null | undefined },
    ids: Pick<Entry, 'vpceId' | 'apiId' | 'apiName' | 'created' | 'vpc' | 'noPolicyDocument'>,
  ): Entry => ({
    kind,
    address: p.address,
    ...ids,
    after: { text: p.policyText, file },
    before: before(p.before, kind),
  });
  for (const e of res.endpoints)
    out.push(
      held('endpoint', e, {
        vpceId: e.vpceId,
        created: e.created,
        vpc: e.vpc,
        ...(e.noPolicyDocument ? { noPolicyDocument: e.noPolicyDocument } : {}),
      }),
    );
  for (const r of res.resourcePolicies)
    out.push(held('resource', r, { apiId: r.apiId, apiName: r.apiName, created: r.created }));
  for (const r of res.removed) {
    out.push({
      kind: r.kind,
      address: r.address,
      vpceId: r.vpceId,
      apiId: r.apiId,
      apiName: r.apiName,
      created: r.created,
      after: { denyAll: `${r.address}: ${r.reason}` },
      before: before(r.before, r.kind),
    });
  }
  for (const u of res.unknown) {
    out.push({
      kind: u.kind,
      address: u.address,
      vpceId: u.vpceId,
      apiId: u.apiId,
      apiName: u.apiName,
      created: u.created,
      after: { unknown: u.message },
      before: before(u.before, u.kind),
    });
  }
  return out;
}

/**
 * How a file is read for the endpoint `endpointAlias`. `own`: the file is that endpoint's own
 * policy (endpoints.ALIAS.policy), so a template's one endpoint is it. A change's file stands for
 * no endpoint in particular: its template endpoints are bound by VPC, or, when the config has only
 * the one endpoint, to it.
 */
function sourceOptions(
  config: Config,
  endpointAlias: string,
  kind?: 'endpoint' | 'resource',
  own = false,
): PolicySelect {
  const bindings = policyBindings(config, config.endpoints[endpointAlias]!);
  if (!own && Object.keys(config.endpoints).length > 1) delete bindings.bindEndpoint;
  return { ...(kind ? { kind } : {}), ...bindings };
}

/**
 * Pick the file's entry for the config's endpoint (endpointEntryFor): by vpce id, else (the default
 * endpoint's diff, not `idOnly`) the only one whose id is not known and that may be it.
 */
function matchEndpoint(
  config: Config,
  entries: Entry[],
  endpointAlias: string,
  where: { file: string; format: PolicyFileResult['format'] },
  idOnly = false,
  own = false,
): Entry | undefined {
  const ep = config.endpoints[endpointAlias]!;
  return endpointEntryFor(
    entries.filter((e) => e.kind === 'endpoint'),
    { id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}) },
    where,
    {
      stands: !idOnly,
      others: own ? [] : Object.keys(config.endpoints).filter((a) => a !== endpointAlias),
    },
  );
}

/**
 * Two versions of a template, as CloudFormation would apply the second over the first, for the
 * compared endpoint:
 * - a new logical id is a new resource (CloudFormation creates it and deletes the old one; EC2 gives
 *   it a new id), as is a new VpcId (an update that requires replacement): the configured endpoint
 *   does not exist after the change, whatever the new one's policy;
 * - a PolicyDocument before and none after: what the update leaves is not documented by
 *   CloudFormation (a removed optional property may keep its value; docs/aws-behaviour.md §19), so
 *   neither AWS's default nor the old policy is a fact: exit 2 naming the endpoint and the fix.
 */
function templateEndpointChange(
  parsed: {
    file: string;
    format: PolicyFileResult['format'];
    endpoint: Entry | undefined;
    apis: Record<string, Entry | undefined>;
  }[],
  endpointAlias: string,
): void {
  const [before, after] = parsed;
  if (before?.format !== 'cloudformation' || after?.format !== 'cloudformation') return;
  // A REST API under a new logical id is a new API (a new id), whatever its Name.
  for (const [alias, now] of Object.entries(after.apis)) {
    const was = before.apis[alias];
    if (!was || !now || was.address === now.address) continue;
    after.apis[alias] = {
      ...now,
      after: {
        denyAll: `${now.address} replaces ${was.address} (a new logical id is a new API): the API "${alias}" is deleted and a new one, with a new id known only after deploying, is created`,
      },
    };
  }
  const was = before.endpoint;
  const now = after.endpoint;
  if (!was || !now) return;
  const movedVpc = was.vpc !== undefined && now.vpc !== undefined && was.vpc !== now.vpc;
  if (was.address !== now.address || movedVpc) {
    const why =
      was.address !== now.address
        ? `${now.address} replaces ${was.address} (a new logical id is a new endpoint)`
        : `${now.address} moves from ${was.vpc} to ${now.vpc} (a new VpcId replaces the endpoint)`;
    after.endpoint = {
      ...now,
      after: {
        denyAll: `${why}: the endpoint "${endpointAlias}" is deleted and a new one, with a new id known only after deploying, is created`,
      },
    };
    return;
  }
  if (was.noPolicyDocument || !now.noPolicyDocument) return;
  throw new InputError(
    `endpoint ${now.address} ("${endpointAlias}") has a PolicyDocument in ${before.file} and none here: what a stack update that removes the property leaves on the endpoint (AWS's default full-access policy, or the policy it had) is not documented by CloudFormation, so spokegate does not guess; write the policy the endpoint should have in this template (the full-access policy, if that is the intent), or check after deploying`,
    { file: after.file },
  );
}

/**
 * Pick the file's entry for a config API: by API id, else (id unknown) by name or logical id. An API
 * a plan creates is none of them (AWS gives it a new id), whatever it is named.
 */
function matchApi(entries: Entry[], alias: string, apiId: string, single: boolean): Entry | undefined {
  const rs = entries.filter((e) => e.kind === 'resource' && !e.created);
  const byId = rs.find((e) => e.apiId === apiId);
  if (byId) return byId;
  const lower = alias.toLowerCase();
  const byName = rs.find(
    (e) => !e.apiId && (e.apiName?.toLowerCase() === lower || e.address.toLowerCase() === lower),
  );
  if (byName) return byName;
  // A plain resource-policy file (or a template with one API and a config with one API).
  if (single && rs.length === 1 && !rs[0]!.apiId) return rs[0];
  return undefined;
}

class Compiler {
  private readonly cache = new Map<string, CompiledPolicy>();
  /** Compile, refusing what AWS refuses for a policy of this kind. */
  compile(raw: { text: string; file: string }, name: string, kind: 'endpoint' | 'resource'): CompiledPolicy {
    const key = `${kind}\0${name}\0${raw.text}`;
    let p = this.cache.get(key);
    if (!p) {
      p = parsePolicy(raw.text, { name, file: raw.file }, { kind });
      this.cache.set(key, p);
    }
    return p;
  }
  /** `unknown`: what to say when neither the change nor the config gives the layer. */
  layer(raw: Raw | undefined, name: string, kind: 'endpoint' | 'resource', unknown: string): LayerPolicy {
    if (raw === undefined || raw === null) return { unknown };
    if ('denyAll' in raw) return raw;
    return this.compile(raw, name, kind);
  }
}

function unknownFails(e: Entry, file: string): never {
  const after = e.after as { unknown: string };
  throw new InputError(after.unknown, { file });
}

/** The policy a side of the change has for a layer, from an entry or the config's base. */
function afterOf(e: Entry, file: string): Raw {
  if ('unknown' in (e.after ?? {})) unknownFails(e, file);
  return e.after as Raw;
}

export function loadDiffSetup(
  config: Config,
  sources: DiffSources,
  opts: {
    endpoint?: string;
    cells?: CellSpec[];
    /** Diff by classes too (default). */ classes?: boolean;
    /**
     * Another endpoint than the default: a file's endpoint entry is its own only by its vpce id
     * (a plain policy file, or an endpoint whose id is not known, is the default endpoint's).
     */
    idOnly?: boolean;
    /** The instant the diff by classes reads as now (`--now`); the start of today (UTC) when omitted. */
    now?: string;
  } = {},
): DiffSetup {
  const endpointAlias = opts.endpoint ?? config.defaults.endpoint ?? Object.keys(config.endpoints)[0]!;
  const ep = config.endpoints[endpointAlias];
  if (!ep)
    throw new InputError(unknownAlias('endpoint', endpointAlias, Object.keys(config.endpoints)), {
      file: config.file,
      field: 'defaults.endpoint',
    });
  const compiler = new Compiler();
  const notes: string[] = [];
  const endpointName = `endpoint:${endpointAlias}`;
  const apiAliases = Object.keys(config.apis);

  // The config's own policy files: what a layer is when the change does not touch it.
  const baseEndpoint: Raw = ep.policy
    ? baseFromFile(config, configPath(config, ep.policy), 'endpoint', endpointAlias, ep.id)
    : null;
  const baseResources: Record<string, Raw> = {};
  for (const [alias, api] of Object.entries(config.apis)) {
    baseResources[alias] = api.resourcePolicy
      ? baseFromFile(config, configPath(config, api.resourcePolicy), 'resource', endpointAlias, api.id, alias)
      : null;
  }

  let before: { endpoint: Raw; resources: Record<string, Raw> };
  let after: { endpoint: Raw; resources: Record<string, Raw> };
  const linted: LintedPolicy[] = [];
  let label: string;

  if ('plan' in sources) {
    const file = sources.plan;
    const res = policiesFromText(readText(file, 'policy-source'), file, sourceOptions(config, endpointAlias));
    if (res.format !== 'terraform-plan') {
      throw new InputError(
        `--plan expects a Terraform plan JSON (terraform show -json), not a ${res.format} file; use --before/--after`,
        { file },
      );
    }
    label = file;
    notes.push(...res.notes);
    refuseUnknownTargets(res);
    const entries = entriesOf(res);
    const used = new Set<Entry>();
    before = { endpoint: baseEndpoint, resources: { ...baseResources } };
    after = { endpoint: baseEndpoint, resources: { ...baseResources } };
    const epEntry = matchEndpoint(config, entries, endpointAlias, res, opts.idOnly);
    if (epEntry) {
      used.add(epEntry);
      after.endpoint = afterOf(epEntry, file);
      before.endpoint = beforeOf(epEntry, baseEndpoint, file, `endpoints.${endpointAlias}.policy`);
    }
    for (const [alias, api] of Object.entries(config.apis)) {
      const e = matchApi(entries, alias, api.id, false);
      if (!e) continue;
      used.add(e);
      after.resources[alias] = afterOf(e, file);
      before.resources[alias] = beforeOf(
        e,
        baseResources[alias] ?? null,
        file,
        `apis.${alias}.resourcePolicy`,
      );
    }
    // Policies in the plan that no cell uses: still linted, and unknowns reported. Another
    // configured endpoint's is compared (and linted) in its own diff.
    const configured = new Set(Object.values(config.endpoints).map((e) => e.id));
    for (const e of entries) {
      if (used.has(e)) continue;
      if (e.kind === 'endpoint' && e.vpceId && configured.has(e.vpceId)) continue;
      if ('unknown' in (e.after ?? {})) {
        notes.push(
          `${(e.after as { unknown: string }).unknown} (not compared: no configured ${e.kind === 'endpoint' ? 'endpoint' : 'API'} uses it)`,
        );
        continue;
      }
      notes.push(
        e.created
          ? `${e.address} is the policy of ${e.kind === 'endpoint' ? 'an endpoint' : 'an API'} created by this change (its id is known only after apply), so it is none of the configured ${e.kind === 'endpoint' ? 'endpoints' : 'APIs'}: linted, not compared`
          : e.kind === 'endpoint'
            ? `${e.address}${e.vpceId ? ` (${e.vpceId})` : ''} is not the config's endpoint ${endpointAlias} (${ep.id}): linted, not compared`
            : `${e.address}${e.apiId ? ` (${e.apiId})` : ''} is not an API in the config: linted, not compared`,
      );
      const name = e.address;
      const kind = e.kind;
      const b = e.before && 'text' in e.before ? compiler.compile(e.before, name, kind) : null;
      const a = e.after && 'text' in e.after ? compiler.compile(e.after, name, kind) : null;
      if (a || b) linted.push({ name, kind, before: b, after: a });
    }
  } else {
    label = `${sources.before} → ${sources.after}`;
    const files = [sources.before, sources.after] as const;
    const parsed = files.map((file) => {
      const res = policiesFromText(
        readText(file, 'policy-source'),
        file,
        sourceOptions(config, endpointAlias),
      );
      notes.push(...res.notes.map((n) => `${file}: ${n}`));
      refuseUnknownTargets(res);
      const entries = entriesOf(res);
      const endpoint = matchEndpoint(config, entries, endpointAlias, res, opts.idOnly);
      const apis = Object.fromEntries(
        Object.entries(config.apis).map(([alias, api]) => [
          alias,
          matchApi(entries, alias, api.id, apiAliases.length === 1),
        ]),
      );
      return { file, format: res.format, endpoint, apis };
    });
    templateEndpointChange(parsed, endpointAlias);
    // Two versions of the same template or plan: what one side has and the other lacks does not
    // exist on that side (destroyed or not yet created). Otherwise (a plain policy against a
    // template) a file that does not mention a layer leaves it as the config has it.
    const sameKind = parsed[0]!.format === parsed[1]!.format && parsed[0]!.format !== 'json';
    const sides = parsed.map((p, i) => {
      const other = parsed[1 - i]!;
      const pick = (
        e: Entry | undefined,
        otherHas: boolean,
        base: Raw,
        kind: 'endpoint' | 'resource',
      ): Raw => {
        if (e) return afterOf(e, p.file);
        if (sameKind && otherHas)
          return {
            denyAll: `${kind === 'endpoint' ? 'the endpoint' : 'the API or its resource policy'} is not in ${p.file}`,
          };
        return base;
      };
      return {
        endpoint: pick(p.endpoint, !!other.endpoint, baseEndpoint, 'endpoint'),
        resources: Object.fromEntries(
          apiAliases.map((a) => [a, pick(p.apis[a], !!other.apis[a], baseResources[a] ?? null, 'resource')]),
        ),
      };
    });
    before = sides[0]!;
    after = sides[1]!;
  }

  const side = (s: { endpoint: Raw; resources: Record<string, Raw> }): PolicySide => ({
    endpoint: compiler.layer(
      s.endpoint,
      endpointName,
      'endpoint',
      `the endpoint policy of "${endpointAlias}" is neither in the change nor in the config: set endpoints.${endpointAlias}.policy`,
    ),
    resources: Object.fromEntries(
      apiAliases.map((a) => [
        a,
        compiler.layer(
          s.resources[a],
          `resource:${a}`,
          'resource',
          `the resource policy of API "${a}" is neither in the change nor in the config: set apis.${a}.resourcePolicy (a JSON policy, a Terraform plan or a CloudFormation template)`,
        ),
      ]),
    ),
  });
  const beforeSide = side(before);
  const afterSide = side(after);
  const policyOf = (l: LayerPolicy): CompiledPolicy | null =>
    l && !('denyAll' in l) && !('unknown' in l) ? l : null;
  linted.unshift(
    {
      name: endpointName,
      kind: 'endpoint',
      before: policyOf(beforeSide.endpoint),
      after: policyOf(afterSide.endpoint),
    },
    ...apiAliases.map((a) => ({
      name: `resource:${a}`,
      kind: 'resource' as const,
      before: policyOf(beforeSide.resources[a] ?? null),
      after: policyOf(afterSide.resources[a] ?? null),
    })),
  );

  // An interface endpoint reaches only its own region's APIs (docs/aws-behaviour.md §1c): no request
  // through it reaches another region's, so those cells and classes are not compared through it.
  const epRegion = ep.region ?? config.region;
  const away = new Set(
    Object.entries(config.apis)
      .filter(([, a]) => !reachesRegion(config, ep, a))
      .map(([alias]) => alias),
  );
  for (const a of away)
    notes.push(
      `API "${a}" is in ${config.apis[a]!.region ?? config.region} and endpoint "${endpointAlias}" in ${epRegion}: an interface endpoint reaches only its own region's APIs, so its cells and classes through "${endpointAlias}" are not compared`,
    );
  const cells = buildCells(
    config,
    endpointAlias,
    (opts.cells ?? probeCells(config)).filter((c) => !away.has(c.api)),
  );
  return {
    ...(opts.classes === false
      ? {}
      : { scope: { config, endpoint: endpointAlias, now: opts.now ?? analysisNow(undefined) } }),
    endpoint: endpointAlias,
    cells,
    before: beforeSide,
    after: afterSide,
    linted,
    label,
    notes,
    counts: {
      roles: new Set(cells.map((c) => c.role)).size,
      apis: new Set(cells.map((c) => c.api)).size,
      probes: new Set(cells.map((c) => `${c.method} ${c.path}`)).size,
    },
  };
}

/** What the layer was before: the plan's before, else the config's file; unknown is an error. */
function beforeOf(e: Entry, base: Raw, file: string, configField: string): Raw {
  if (e.before !== undefined) return e.before;
  if (base !== null) return base;
  throw new InputError(
    `${e.address}: the plan does not say what the policy was before the change (the resource it attaches to is not in the plan); set ${configField} in the config to the current policy`,
    { file },
  );
}

function baseFromFile(
  config: Config,
  file: string,
  kind: 'endpoint' | 'resource',
  endpointAlias: string,
  id: string,
  alias?: string,
): Raw {
  // A resource policy file of the config's API is deployed with that API, in its account.
  const bindings =
    kind === 'resource'
      ? apiPolicyBindings(config, alias!)
      : sourceOptions(config, endpointAlias, undefined, true);
  // An API's file may say it has no resource policy (a private API defined without one): that is a
  // fact, as in run and check (a private API without one refuses every call), not a missing policy.
  const res =
    kind === 'resource'
      ? withoutDestroyed(policiesFromText(readText(file, 'policy-source'), file, { ...bindings, kind }))
      : loadPolicyFile(file, { ...bindings, kind });
  refuseUnknownTargets(res, kind);
  const entries = entriesOf(res);
  const e =
    kind === 'endpoint'
      ? matchEndpoint(config, entries, endpointAlias, res, false, true)
      : matchApi(entries, alias!, id, true);
  if (!e)
    throw new InputError(
      `no ${kind === 'endpoint' ? 'endpoint policy for ' + id : 'resource policy for API ' + id} in this file`,
      { file },
    );
  return afterOf(e, file);
}

/**
 * A config API's file, for its resource policy: its resource entries, none of which the file
 * destroys (the config says the API exists: an API the file destroys is exit 2 naming it).
 */
function withoutDestroyed(res: PolicyFileResult): PolicyFileResult {
  const gone = res.removed.find((e) => e.kind === 'resource' && e.left === 'destroyed');
  if (gone)
    throw new InputError(`no API resource policy after the change: ${gone.address}: ${gone.reason}`, {
      file: res.file,
    });
  return { ...res, endpoints: [], removed: res.removed.filter((e) => e.kind === 'resource') };
}

/** Same rule as the harness: the organization's members are the accounts the config names. */

/** One cell to compare: a role alias (or `anonymous`) calling METHOD PATH on an API alias. */
export interface CellSpec {
  role: string;
  api: string;
  method: string;
  path: string;
}

/**
 * The most cells one diff compares (docs/limits.md): each costs two decisions and its share of
 * memory, so a config or feature naming more would run for minutes. About 20 s and 400 MB here.
 */
export const MAX_DIFF_CELLS = 200_000;

/** roles × APIs × defaults.probes, in config order. */
export function probeCells(config: Config, probes = config.defaults.probes): CellSpec[] {
  const roles = Object.keys(config.roles).length;
  const apis = Object.keys(config.apis).length;
  const total = roles * apis * probes.length;
  if (total > MAX_DIFF_CELLS)
    throw new InputError(
      `${count(roles, 'role')} × ${count(apis, 'API')} × ${count(probes.length, 'probe')} = ${formatCount(total)} cells to compare; the limit is ${formatCount(MAX_DIFF_CELLS)} (name fewer probes, or compare the cells of feature files)`,
      { file: config.file, field: 'defaults.probes' },
    );
  const out: CellSpec[] = [];
  for (const role of Object.keys(config.roles)) {
    for (const api of Object.keys(config.apis)) {
      for (const p of probes) {
        const i = p.indexOf(' ');
        out.push({ role, api, method: p.slice(0, i), path: p.slice(i + 1) });
      }
    }
  }
  return out;
}

/**
 * The probe cells on routes their API has: an API that states its routes (apis.ALIAS.routes) is
 * compared only at the probes that reach one (a cell on a route that does not exist is no
 * decision), and the notes say which were left out; an API no probe reaches is exit 2, or it would
 * not be compared at all. An API without stated routes takes every probe.
 */
export function routableProbeCells(config: Config): { cells: CellSpec[]; notes: string[] } {
  const cells = probeCells(config);
  const notes: string[] = [];
  const left = new Set<string>();
  for (const [alias, api] of Object.entries(config.apis)) {
    const known = statedRoutes(alias, api, 'not stated');
    if (!known.routes) continue;
    const off = config.defaults.probes.filter((p) => {
      const i = p.indexOf(' ');
      return routeProblem(
        { routes: known.routes },
        { api: alias, stage: api.stage, method: p.slice(0, i), path: p.slice(i + 1) },
      );
    });
    if (off.length === config.defaults.probes.length)
      throw new InputError(
        `no probe reaches a route of API "${alias}" (its routes: ${known.routes.map(formatRoute).join(', ')}, from ${known.source}): it would not be compared at all; add one of its routes to defaults.probes`,
        { file: config.file, field: 'defaults.probes' },
      );
    for (const p of off) {
      left.add(`${alias}\0${p}`);
      notes.push(
        `API "${alias}": probe ${p} (defaults.probes) reaches none of its routes (from ${known.source}): not compared there`,
      );
    }
  }
  return { cells: cells.filter((c) => !left.has(`${c.api}\0${c.method} ${c.path}`)), notes };
}

const count = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;

/** The cells with their request contexts (built once, shared by both sides of the diff). */
export function buildCells(
  config: Config,
  endpointAlias: string,
  specs: CellSpec[] = probeCells(config),
): DiffCell[] {
  const identity = new Map<string, CompiledPolicy[]>();
  const boundaries = new Map<string, CompiledPolicy>();
  const sessions = new Map<string, CompiledPolicy[]>();
  for (const [alias, role] of Object.entries(config.roles)) {
    const session = federatedSessionPolicies(config, alias, (file) =>
      parsePolicy(
        readText(file, 'policy'),
        { name: `session:${alias}`, file },
        { kind: 'identity', managed: true },
      ),
    );
    if (session) sessions.set(alias, session);
    if (role.permissionsBoundary !== undefined) {
      const file = configPath(config, role.permissionsBoundary);
      boundaries.set(
        alias,
        parsePolicy(readText(file, 'policy'), { name: `boundary:${alias}`, file }, { kind: 'identity' }),
      );
    }
    // `[]` states that the role has none: evaluated (nothing allows), unlike a role without the key.
    if (role.identityPolicies) {
      identity.set(
        alias,
        role.identityPolicies.map((f) => {
          const file = configPath(config, f);
          return parsePolicy(
            readText(file, 'policy'),
            { name: `identity:${alias}`, file },
            { kind: 'identity' },
          );
        }),
      );
    }
  }
  const principals = new Map<string, { principal: Principal; arn: string }>();
  const who = (roleAlias: string) => {
    let p = principals.get(roleAlias);
    if (!p) {
      const role = config.roles[roleAlias];
      p = { principal: rolePrincipal(config, role ? roleAlias : null), arn: role?.arn ?? 'anonymous' };
      principals.set(roleAlias, p);
    }
    return p;
  };
  // The readings of a path, once per path (a matrix asks the same few for every role and API).
  const readingsOf = new Map<string, ReturnType<typeof resourcePathReadings>>();
  // One context per caller, region and API account, shared by its cells (configuredRequests).
  const requestOf = configuredRequests(config);
  return specs.map(({ role, api: apiAlias, method, path }) => {
    const api = config.apis[apiAlias]!;
    const { principal, arn } = who(role);
    const call = { api: apiAlias, method, path, endpoint: endpointAlias };
    const request = requestOf(principal, call);
    // The route's authorizer decides after the policies: kept to say `unknown` where it would; a
    // NONE route too, where whom the resource policy sees of a signed call is not established (§5d).
    const authorization = routeAuthorizationOf(config, call);
    const beyondIam = authorization.type !== 'AWS_IAM';
    // A trailing slash, `//` or a percent-encoded character: both readings, each its own request.
    let forms = readingsOf.get(path);
    if (!forms) readingsOf.set(path, (forms = resourcePathReadings(path)));
    const readings: PathReading[] | undefined =
      forms.length === 1
        ? undefined
        : forms.map((f) => {
            const at = { ...call, path: f.path };
            const r = configuredRequest(config, principal, at);
            return { ...f, request: r, overUnstated: overUnstated(config, principal, at, r) };
          });
    const identityPolicies = identity.get(role);
    // A configured role whose identity policies the config does not give: AWS evaluates them.
    const identityUnknown =
      config.roles[role] && !identityPolicies
        ? `the identity policies of role "${role}" are not in the config: ${identityPoliciesHint(role)}`
        : undefined;
    // Built by assignment, in the same key order: spreading `...(x ? { x } : {})` made and copied
    // an object per optional key, for every one of thousands of cells.
    const cell: DiffCell = {
      role,
      principal: arn,
      api: apiAlias,
      method,
      path,
      request,
      // The same authorization routeAuthorizationOf gave above (kept per route): no copy of the call.
      authorizationType: authorizationTypeOf(config, call),
    } as DiffCell;
    if (beyondIam) cell.authorization = authorization;
    if (readings) cell.readings = readings;
    if (identityPolicies) cell.identityPolicies = identityPolicies;
    const boundary = boundaries.get(role);
    if (boundary) cell.permissionsBoundary = boundary;
    const session = sessions.get(role);
    if (session) cell.sessionPolicies = session;
    const scps = scpsOf(config, principal);
    if (scps) cell.serviceControlPolicies = scps;
    if (identityUnknown) cell.identityUnknown = identityUnknown;
    cell.resourceAccount = api.account;
    if (api.vpcEndpointIds) cell.acceptedEndpoints = api.vpcEndpointIds;
    cell.viaAlias = viaAliasOf(config, call);
    // An unstated organization or runner address is unknown, never "none" (as in run and check).
    cell.overUnstated = overUnstated(config, principal, call, request);
    return cell;
  });
}

/**
 * A cell's decision over what the config does not state (its principal's organization, the
 * runner's address): the requests are built once per value and shared by both sides of the change;
 * with the stated (or no) values it is the cell's own request.
 */
function overUnstated(
  config: Config,
  principal: Principal,
  call: Parameters<typeof configuredRequest>[2],
  request: RequestContext,
): DiffCell['overUnstated'] {
  // Built on first use: most cells are decided without it (no policy looks at an unstated fact),
  // and kept small until then (one closure per cell: a diff holds thousands).
  let others: Map<string, RequestContext> | undefined;
  return (policies, decide) => {
    const own = factsKey(statedFacts(config, principal));
    const requestFor = (facts: RequestFacts): RequestContext => {
      const key = factsKey(facts);
      if (key === own) return request;
      let r = (others ??= new Map<string, RequestContext>()).get(key);
      if (!r) others.set(key, (r = configuredRequest(config, principal, call, facts)));
      return r;
    };
    return decideOverUnstated(
      config,
      principal,
      policies,
      (facts) => decide(requestFor(facts)),
      call.endpoint,
      config.apis[call.api]?.account,
    );
  };
}

// Every fact a request is built from (RequestFacts): one left out (the tags were, until 2026-12-02)
// hands each of its samples the cell's own request.
const factsKey = (f: RequestFacts) =>
  `${f.orgId ?? ''}\0${f.vpcSourceIp ?? ''}\0${f.orgPath ?? ''}\0${f.sourceIp ?? ''}\0${f.roleId ?? ''}\0${f.sourceVpc ?? ''}\0${f.resourceOrg === undefined ? '-' : `${f.resourceOrg.id ?? ''}|${f.resourceOrg.path ?? ''}`}\0${f.tags === undefined ? '-' : JSON.stringify(Object.entries(f.tags).sort())}\0${f.vpceKeys === undefined ? '-' : JSON.stringify(f.vpceKeys)}\0${f.sessionMfa === undefined ? '-' : JSON.stringify(f.sessionMfa)}`;
