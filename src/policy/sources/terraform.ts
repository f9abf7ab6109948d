// Terraform plan JSON (`terraform show -json tfplan`): the execute-api endpoint policies and REST API
// resource policies the plan would leave in place, and what they were before.
//
// Which attributes decide (AWS provider semantics):
// - aws_vpc_endpoint.policy, overridden by an aws_vpc_endpoint_policy on the same endpoint;
//   destroying an aws_vpc_endpoint_policy resets the endpoint to AWS's default full-access policy.
// - aws_api_gateway_rest_api.policy, overridden by an aws_api_gateway_rest_api_policy on the same API;
//   destroying the latter leaves the API with no resource policy (a private API then refuses every call).
// Values in `after_unknown` are known only after apply: they are reported, never guessed.
import { InputError } from '../../errors.js';
import { excerpt } from '../../escape/index.js';
import { checkPolicyText, jsonSyntaxError, jsonSyntaxWithin } from '../../input/index.js';
import { isObject, parseJsonUniqueKeys } from './json.js';
import type {
  EndpointPolicyEntry,
  PolicyFileResult,
  RemovedPolicyEntry,
  ResourcePolicyEntry,
  UnknownPolicyEntry,
} from './types.js';

/** What AWS puts on an endpoint that has no policy of its own. */
export const DEFAULT_ENDPOINT_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

type Values = Record<string, unknown>;

/** One resource instance as the plan sees it. */
interface Instance {
  address: string;
  /** Address without instance keys, as the `configuration` block names it. */
  configAddress: string;
  mode: string;
  type: string;
  /** null: does not exist on that side; undefined: the file does not say. */
  before: Values | null | undefined;
  after: Values | null;
  /**
   * `["forget"]`: the object leaves the state and stays in AWS as `before` says (after is null in
   * the plan, but nothing is deleted).
   */
  forgotten?: true;
  /**
   * `["delete","create"]` or `["create","delete"]`: the object is destroyed and a new one created.
   * AWS gives a new endpoint or API a new id, so the new one is none of the objects that exist now.
   */
  replaced?: true;
  /** true: the whole object is known only after apply (Terraform's unknownAsBool of an unknown value). */
  afterUnknown: Values | true;
  /** Terraform's sensitivity masks (`before_sensitive`, `after_sensitive`; a state's `sensitive_values`). */
  sensitive: { before: unknown; after: unknown };
}

/** The longest resource address read (Terraform states none; names, module paths and keys fit). */
const MAX_ADDRESS = 1024;

/** A policy value on one side of the change. */
type PolicyValue =
  | { state: 'known'; text: string | null } // text null: no policy set
  | { state: 'absent' } // the resource does not exist on that side
  | { state: 'unknown'; why?: string } // known only after apply (why: other than after_unknown.policy)
  | { state: 'unsaid' }; // the file does not say (resource not in the plan)

/** The object a replacement destroys: its id, and its policy before the change. */
interface Replaced {
  id: string | undefined;
  before: PolicyValue;
}

interface EndpointRecord {
  address: string;
  /** The endpoint this one replaces (destroyed by the change). */
  replaces?: Replaced;
  /** A new endpoint: its id is assigned at apply, so it is none of the endpoints that exist now. */
  created?: boolean;
  /** A policy resource whose endpoint the plan does not name (its vpc_endpoint_id is not known). */
  unresolved?: boolean;
  policyAddress?: string;
  /** The policy resource that remains after apply (secondPolicy). */
  livePolicyAddress?: string;
  vpceId?: string;
  serviceName?: string;
  before: PolicyValue;
  after: PolicyValue;
}

interface ApiRecord {
  address: string;
  /** The API this one replaces (destroyed by the change). */
  replaces?: Replaced;
  /** A new API: its id is assigned at apply, so it is none of the APIs that exist now. */
  created?: boolean;
  /** A policy resource whose API the plan does not name (its rest_api_id is not known). */
  unresolved?: boolean;
  private?: boolean;
  policyAddress?: string;
  livePolicyAddress?: string;
  apiId?: string;
  apiName?: string;
  before: PolicyValue;
  after: PolicyValue;
}

export function policiesFromTerraformPlan(json: unknown, file: string): PolicyFileResult {
  const plan = typeof json === 'string' ? parseJsonUniqueKeys(json, file, 'Terraform plan JSON') : json;
  if (!isObject(plan)) throw new InputError('a Terraform plan JSON must be an object', { file });
  if (typeof plan.format_version !== 'string') {
    throw new InputError('not a Terraform plan JSON (run `terraform show -json tfplan > plan.json`)', {
      file,
      field: 'format_version',
    });
  }
  // "Reject any input which reports an unsupported major version" (Terraform's JSON output
  // format): a 2.x plan may mean what 1.x does not (docs/aws-behaviour.md, "Terraform's plan
  // format and IAM's name lengths").
  if (!/^1\.\d+$/.test(plan.format_version))
    throw new InputError(
      `${JSON.stringify(excerpt(plan.format_version, 40))} is not a format spokegate reads: it reads Terraform's JSON plan format 1.x (Terraform 1.x's terraform show -json)`,
      { file, field: 'format_version' },
    );
  const notes: string[] = [];
  const instances = collectInstances(plan, file);
  checkPolicyAttributes(instances, file);
  const refs = configurationReferences(plan);
  const knownEndpoints = endpointIndex(plan, instances, file);

  // Endpoints first, so that policy resources can attach to them.
  const endpoints: EndpointRecord[] = [];
  for (const inst of managed(instances, 'aws_vpc_endpoint')) {
    const serviceName = attr(inst, 'service_name');
    if (serviceName && !isExecuteApi(serviceName)) continue;
    // A replacement's id is the new endpoint's, known only after apply (never the old one's).
    const vpceId = inst.replaced ? undefined : attr(inst, 'id');
    if (inst.replaced) notes.push(replacedNote(inst, 'endpoint'));
    else if (inst.after && !vpceId)
      notes.push(`${excerpt(inst.address)}: the endpoint id is known only after apply`);
    if (inst.forgotten) notes.push(forgottenNote(inst));
    endpoints.push({
      address: inst.address,
      ...(inst.after && !vpceId ? { created: true } : {}),
      vpceId,
      serviceName,
      ...replacing(inst),
    });
  }
  for (const inst of remainingFirst(instances, 'aws_vpc_endpoint_policy')) {
    const targetId = knownAttr(inst, 'vpc_endpoint_id');
    let ep = policyTarget(refs, inst, 'vpc_endpoint_id', targetId, endpoints, (e) => e.vpceId);
    if (!ep) {
      const known = targetId ? knownEndpoints.get(targetId) : undefined;
      const serviceName = known?.service;
      if (serviceName && !isExecuteApi(serviceName)) continue;
      // An endpoint this plan does not manage (e.g. read with a data source): its policy before is
      // what the prior state read, else unknown unless the policy resource itself existed.
      ep = {
        address: inst.address,
        // No id and no configuration reference to an endpoint of this plan: which endpoint this
        // policy lands on is known only after apply, so it is none in particular (never the default).
        ...(targetId ? {} : { unresolved: true }),
        vpceId: targetId,
        serviceName,
        before: known?.policy ? { state: 'known', text: known.policy } : { state: 'unsaid' },
        after: { state: 'unsaid' },
      };
      endpoints.push(ep);
    }
    applyPolicyResource(ep, inst, 'endpoint', file, notes, argumentWritten(refs, ep, inst), () => {
      notes.push(
        `${excerpt(inst.address)} is destroyed: the endpoint goes back to AWS's default full-access policy`,
      );
      return { state: 'known', text: DEFAULT_ENDPOINT_POLICY };
    });
  }

  const apis: ApiRecord[] = [];
  for (const inst of managed(instances, 'aws_api_gateway_rest_api')) {
    const apiId = inst.replaced ? undefined : attr(inst, 'id');
    if (inst.replaced) notes.push(replacedNote(inst, 'API'));
    if (inst.forgotten) notes.push(forgottenNote(inst));
    const body = bodyPolicy(inst, refs.get(inst.configAddress)?.has('policy') === true);
    apis.push({
      private: isPrivateApi(inst.after) || isPrivateApi(inst.before),
      address: inst.address,
      ...(inst.after && !apiId ? { created: true } : {}),
      apiId,
      apiName: attr(inst, 'name'),
      ...replacing(inst),
      ...(body ? { after: body } : {}),
    });
  }
  for (const inst of remainingFirst(instances, 'aws_api_gateway_rest_api_policy')) {
    const targetId = knownAttr(inst, 'rest_api_id');
    let api = policyTarget(refs, inst, 'rest_api_id', targetId, apis, (a) => a.apiId);
    if (!api) {
      api = {
        address: inst.address,
        ...(targetId ? {} : { unresolved: true }),
        apiId: targetId,
        before: { state: 'unsaid' },
        after: { state: 'unsaid' },
      };
      apis.push(api);
    }
    applyPolicyResource(api, inst, 'API', file, notes, argumentWritten(refs, api, inst), () => ({
      state: 'known',
      text: null,
    }));
  }

  const result: PolicyFileResult = {
    file,
    format: 'terraform-plan',
    endpoints: [],
    resourcePolicies: [],
    removed: [],
    unknown: [],
    notes,
  };
  for (const ep of endpoints) {
    const address = resolvedAddress(ep, 'endpoint', result);
    if (address === undefined) continue;
    const ids = endpointIds(ep, address);
    // An existing endpoint always has a policy: an empty value means AWS's default.
    const before =
      ep.before.state === 'known' && ep.before.text === null
        ? DEFAULT_ENDPOINT_POLICY
        : beforeText(ep.before);
    if (ep.after.state === 'known' && ep.after.text !== null) {
      const entry: EndpointPolicyEntry = { ...ids, policyText: policyJson(ep.after.text, file, address) };
      if (ep.serviceName) entry.serviceName = ep.serviceName;
      if (before !== undefined) entry.before = before;
      result.endpoints.push(entry);
    } else if (ep.after.state === 'unknown') {
      result.unknown.push(unknownEntry('endpoint', ids, before, 'the endpoint policy'));
    } else if (ep.after.state === 'absent') {
      result.removed.push({
        kind: 'endpoint',
        left: 'destroyed',
        ...ids,
        before: before ?? null,
        reason: 'the endpoint is destroyed',
      });
    } else if (ep.after.state === 'known') {
      const entry: EndpointPolicyEntry = { ...ids, policyText: DEFAULT_ENDPOINT_POLICY };
      if (before !== undefined) entry.before = before;
      result.endpoints.push(entry);
    }
  }
  for (const api of apis) {
    const address = resolvedAddress(api, 'resource', result);
    if (address === undefined) continue;
    const ids = apiIds(api, address);
    const before = beforeText(api.before);
    if (api.after.state === 'known' && api.after.text !== null) {
      const entry: ResourcePolicyEntry = { ...ids, policyText: policyJson(api.after.text, file, address) };
      if (before !== undefined) entry.before = before;
      result.resourcePolicies.push(entry);
    } else if (api.after.state === 'unknown') {
      result.unknown.push(unknownEntry('resource', ids, before, 'the resource policy', api.after.why));
    } else if (api.after.state === 'absent' || (api.after.state === 'known' && (before || api.private))) {
      const removed: RemovedPolicyEntry = {
        kind: 'resource',
        left: api.after.state === 'absent' ? 'destroyed' : 'no-policy',
        ...ids,
        before: before ?? null,
        reason:
          api.after.state === 'absent'
            ? 'the API is destroyed'
            : before
              ? 'the API is left without a resource policy (a private API then refuses every call)'
              : 'the private API has no resource policy, so it refuses every call',
      };
      result.removed.push(removed);
    }
  }
  return result;
}

/**
 * A policy resource on its endpoint or API: its before is the target's, its after holds unless a
 * replacement holds instead, and destroying it leaves the target with `destroyed()`'s policy;
 * forgetting it leaves the policy it had.
 */
function applyPolicyResource(
  target: EndpointRecord | ApiRecord,
  inst: Instance,
  kind: 'endpoint' | 'API',
  file: string,
  notes: string[],
  /** The target's own `policy` argument is written in the configuration too. */
  argument: boolean,
  destroyed: () => PolicyValue,
): void {
  secondPolicy(target, inst, kind, file);
  if (argument && !inst.forgotten) policyTwice(target, inst, kind, file);
  // A replaced target's policy before is the destroyed object's; the new one had none.
  if (inst.before !== null && inst.before !== undefined) {
    if (target.replaces) target.replaces.before = sideValue(inst.before, 'policy');
    else target.before = sideValue(inst.before, 'policy');
  }
  // A policy resource replaced by another (destroyed or forgotten here, created there): the new
  // one holds (it is applied; a forgotten one is not).
  if (inst.after === null && target.livePolicyAddress !== undefined) return;
  target.policyAddress = inst.address;
  if (inst.forgotten) {
    notes.push(forgottenNote(inst));
    if (target.after.state !== 'absent') target.after = sideValue(inst.before, 'policy');
  } else if (inst.after === null) {
    if (target.after.state !== 'absent') target.after = destroyed();
  } else {
    target.after = afterValue(inst, 'policy');
  }
}

/**
 * Two policy resources that both remain after apply on one endpoint or API: AWS keeps whichever is
 * applied last, so the one a reviewer reads need not be the one in force (nor the one checked).
 * One destroyed and one created (a replacement) is no conflict.
 */
function secondPolicy(
  target: { address: string; livePolicyAddress?: string },
  inst: Instance,
  kind: 'endpoint' | 'API',
  file: string,
): void {
  if (inst.after === null) return;
  if (target.livePolicyAddress !== undefined)
    throw new InputError(
      `${excerpt(inst.address)} and ${excerpt(target.livePolicyAddress)} both set the policy of the ${kind} ${excerpt(target.address)}; AWS keeps whichever is applied last, so keep one`,
      { file },
    );
  target.livePolicyAddress = inst.address;
}

/** The policy resource's target is a resource of the plan whose configuration writes `policy` too. */
function argumentWritten(refs: RefIndex, target: { address: string }, inst: Instance): boolean {
  return target.address !== inst.address && refs.get(configAddressOf(target.address))?.has('policy') === true;
}

/**
 * A target whose own `policy` argument and a separate policy resource both set its policy: each
 * apply of either puts its policy in place, so AWS keeps whichever was applied last, and a plan that
 * changes only one leaves that one in force. Unless both say the same policy, which one holds is
 * not in the plan: exit 2 naming both.
 */
function policyTwice(
  target: EndpointRecord | ApiRecord,
  inst: Instance,
  kind: 'endpoint' | 'API',
  file: string,
) {
  if (inst.after === null) return;
  const own = target.after;
  const other = afterValue(inst, 'policy');
  const same =
    own.state === 'known' &&
    other.state === 'known' &&
    own.text !== null &&
    other.text !== null &&
    canonicalJson(own.text) !== undefined &&
    canonicalJson(own.text) === canonicalJson(other.text);
  if (!same)
    throw new InputError(
      `${excerpt(inst.address)} and the policy argument of ${excerpt(target.address)} both set the policy of the ${kind} ${excerpt(target.address)}, and they differ; AWS keeps whichever is applied last (a plan that changes one leaves that one in force), so keep one`,
      { file },
    );
}

/** JSON text with object keys sorted (undefined when it is not JSON): two equal policies compare equal. */
function canonicalJson(text: string): string | undefined {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return undefined;
  }
}

/** A policy string in a plan must be JSON: the error names the resource and attribute, not only the file. */
function policyJson(text: string, file: string, address: string): string {
  if (text.trim() === '') return text;
  checkPolicyText(text, { file, field: `${excerpt(address)}.policy` });
  try {
    JSON.parse(text);
  } catch (e) {
    throw new InputError(`the policy is not valid JSON (${jsonSyntaxWithin(jsonSyntaxError(text, e))})`, {
      file,
      field: `${excerpt(address)}.policy`,
    });
  }
  return text;
}

function unknownEntry(
  kind: 'endpoint' | 'resource',
  ids: { address: string; vpceId?: string; apiId?: string; apiName?: string; created?: true },
  before: string | null | undefined,
  what: string,
  why?: string,
): UnknownPolicyEntry {
  const entry: UnknownPolicyEntry = {
    kind,
    ...ids,
    field: why ? 'body' : 'policy',
    message: why
      ? `${excerpt(ids.address)}: ${what} ${why}`
      : `${excerpt(ids.address)}: ${what} is known only after apply (after_unknown.policy), so it cannot be judged ` +
        'before merge; build it from values known at plan time (e.g. jsonencode with literal ids) or check after apply',
  };
  if (before !== undefined) entry.before = before;
  return entry;
}

/**
 * The address a record's policy is read at, or undefined when its target is not named
 * (`unresolvedEntry`, listed as unknown unless the policy resource is destroyed). The target it
 * replaces, if any, is listed as removed first.
 */
function resolvedAddress(
  rec: EndpointRecord | ApiRecord,
  kind: 'endpoint' | 'resource',
  result: PolicyFileResult,
): string | undefined {
  if (rec.replaces) result.removed.push(replacedEntry(kind, rec.address, rec.replaces));
  const address = rec.policyAddress ?? rec.address;
  if (!rec.unresolved) return address;
  if (rec.after.state !== 'absent') result.unknown.push(unresolvedEntry(kind, address));
  return undefined;
}

/** What names an endpoint in its entries: the policy's address, its id, whether the plan creates it. */
const endpointIds = (ep: EndpointRecord, address: string) => ({
  address,
  ...(ep.vpceId ? { vpceId: ep.vpceId } : {}),
  ...(ep.created ? { created: true as const } : {}),
});

/** What names an API in its entries: the policy's address, its id and name, whether the plan creates it. */
const apiIds = (api: ApiRecord, address: string) => ({
  address,
  ...(api.apiId ? { apiId: api.apiId } : {}),
  ...(api.apiName ? { apiName: api.apiName } : {}),
  ...(api.created ? { created: true as const } : {}),
});

/**
 * A policy resource whose target is not named: `vpc_endpoint_id`/`rest_api_id` known only after
 * apply, and the plan's configuration refers to no endpoint or API of the plan for it (a module
 * output, a variable, a data source read at apply). It may be any endpoint's or API's policy.
 */
function unresolvedEntry(kind: 'endpoint' | 'resource', address: string): UnknownPolicyEntry {
  const field = kind === 'endpoint' ? 'vpc_endpoint_id' : 'rest_api_id';
  const what = kind === 'endpoint' ? 'endpoint' : 'API';
  return {
    kind,
    address,
    field,
    target: 'unknown',
    message:
      `${excerpt(address)}: the ${what} it sets the policy of (${field}) is known only after apply, and the plan's ` +
      `configuration refers to no ${what} of the plan for it, so spokegate cannot tell which ${what}'s policy ` +
      `it is; write the ${what}'s id (a literal, a variable or a data source known at plan time) or refer to ` +
      `the resource in the same configuration, or check after apply`,
  };
}

function beforeText(v: PolicyValue): string | null | undefined {
  if (v.state === 'known') return v.text;
  if (v.state === 'absent') return null;
  return undefined;
}

/** endpoint_configuration[0].types includes PRIVATE. */
function isPrivateApi(values: Values | null | undefined): boolean {
  const conf = values?.endpoint_configuration;
  const first: unknown = Array.isArray(conf) ? conf[0] : undefined;
  return isObject(first) && Array.isArray(first.types) && first.types.includes('PRIVATE');
}

function isExecuteApi(serviceName: string): boolean {
  return serviceName.endsWith('.execute-api');
}

const POLICY_TYPES = new Set([
  'aws_vpc_endpoint',
  'aws_vpc_endpoint_policy',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_rest_api_policy',
]);

/**
 * A policy Terraform marks sensitive (built from a sensitive value) would be printed in the
 * reports, the diff and the errors that quote it: refused, never read (issue 12).
 */
function refuseSensitive(mask: unknown, field: string, file: string): void {
  // Terraform writes a mask as true, false or an object of booleans (and lists/objects of them for
  // nested values); a policy string is masked by a boolean. Anything else is no mask Terraform
  // wrote: read as "not sensitive", a forged plan had its masked policy quoted (attack run 16).
  const policy = isObject(mask) ? mask.policy : undefined;
  if (
    !(mask === undefined || mask === null || typeof mask === 'boolean' || isObject(mask)) ||
    !(policy === undefined || typeof policy === 'boolean')
  )
    throw notTerraforms('true, false', mask, file, field);
  if (mask === true || policy === true)
    throw new InputError(
      'the policy is marked sensitive in the plan; spokegate writes policies into its reports and messages, so it does not read sensitive values: build the policy from non-sensitive values (or nonsensitive()), or give it as a policy file',
      { file, field: mask === true ? field : `${field}.policy` },
    );
}

/**
 * Terraform writes a policy attribute as a JSON string or null. Anything else is refused: read as
 * "no policy", it would become AWS's default full-access endpoint policy (or an API without one).
 */
function checkPolicyAttributes(instances: Instance[], file: string): void {
  for (const inst of instances) {
    if (!POLICY_TYPES.has(inst.type)) continue;
    for (const side of ['before', 'after'] as const) {
      refuseSensitive(inst.sensitive[side], `${excerpt(inst.address)}: change.${side}_sensitive`, file);
    }
    for (const side of ['before', 'after'] as const) {
      const v = inst[side]?.policy;
      if (v === undefined || v === null || typeof v === 'string') continue;
      const kind = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
      throw new InputError(`must be a string (the policy JSON) or null, not ${kind}`, {
        file,
        field: `${excerpt(inst.address)}: change.${side}.policy`,
      });
    }
  }
}

function forgottenNote(inst: Instance): string {
  return `${excerpt(inst.address)} is removed from the Terraform state but stays in AWS: its policy stays as it is`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The managed instances of one resource type, in plan order. */
const managed = (instances: Instance[], type: string): Instance[] =>
  instances.filter((i) => i.mode === 'managed' && i.type === type);

/**
 * A policy resource type's instances, those that remain after apply first: a destroyed one then
 * meets the one that replaces it whichever the plan lists first, and is read as replaced, not as
 * the policy going back to AWS's default.
 */
const remainingFirst = (instances: Instance[], type: string): Instance[] => {
  const all = managed(instances, type);
  return [...all.filter((i) => i.after !== null), ...all.filter((i) => i.after === null)];
};

/**
 * A string attribute as the change leaves it, else as it was; undefined when the change makes it
 * known only after apply (a replaced target's new id: the one before is the destroyed object's).
 */
const knownAttr = (inst: Instance, name: string): string | undefined =>
  inst.afterUnknown === true || inst.afterUnknown[name] === true ? undefined : attr(inst, name);

/** The before and after of an endpoint or API instance, and what a replacement destroys. */
function replacing(inst: Instance): { before: PolicyValue; after: PolicyValue; replaces?: Replaced } {
  if (!inst.replaced) return { before: sideValue(inst.before, 'policy'), after: afterValue(inst, 'policy') };
  return {
    before: { state: 'absent' },
    after: afterValue(inst, 'policy'),
    replaces: { id: str(inst.before?.id), before: sideValue(inst.before, 'policy') },
  };
}

function replacedNote(inst: Instance, what: 'endpoint' | 'API'): string {
  const id = str(inst.before?.id);
  return `${excerpt(inst.address)} is replaced: the ${what}${id ? ` ${id}` : ''} is destroyed and a new one is created, whose id is known only after apply`;
}

/** The destroyed side of a replacement: no endpoint or API with the old id after the change. */
function replacedEntry(kind: 'endpoint' | 'resource', address: string, r: Replaced): RemovedPolicyEntry {
  const before = beforeText(r.before);
  const what = kind === 'endpoint' ? 'endpoint' : 'API';
  return {
    kind,
    left: 'destroyed',
    address,
    ...(r.id ? (kind === 'endpoint' ? { vpceId: r.id } : { apiId: r.id }) : {}),
    before: kind === 'endpoint' && before === null ? DEFAULT_ENDPOINT_POLICY : (before ?? null),
    reason: `the ${what} is replaced: the change destroys ${r.id ?? 'it'} and creates a new ${what} with a new id (known only after apply), so calls to ${r.id ?? 'it'} find no ${what}`,
  };
}

/** A string attribute as the change leaves it, else as it was. */
const attr = (inst: Instance, name: string): string | undefined =>
  str(inst.after?.[name]) ?? str(inst.before?.[name]);

function sideValue(values: Values | null | undefined, attr: string): PolicyValue {
  if (values === undefined) return { state: 'unsaid' };
  if (values === null) return { state: 'absent' };
  const v = values[attr];
  return { state: 'known', text: typeof v === 'string' && v.trim() !== '' ? v : null };
}

/**
 * An API whose OpenAPI `body` the change sets (or that is known only after apply) while the plan's
 * policy value is empty, or whose body holds `x-amazon-apigateway-policy`: the provider imports the
 * body with PutRestApi (mode overwrite by default: the body's policy replaces the API's, or removes
 * it), then puts back only a configured `policy` (terraform-provider-aws rest_api.go,
 * resourceRestAPIWithBodyUpdateOperations). The plan's `policy` is the value before, so what is in
 * force after apply is not in the plan: unknown, never "no policy" (docs/aws-behaviour.md §3).
 */
function bodyPolicy(inst: Instance, configuredPolicy: boolean): PolicyValue | undefined {
  if (!inst.after) return undefined;
  const unknownBody = inst.afterUnknown === true || inst.afterUnknown.body === true;
  const body = str(inst.after.body);
  if (!unknownBody && (body === undefined || body === str(inst.before?.body))) return undefined;
  // A body without the extension leaves the policy the plan shows (overwrite removes it, and a
  // policy value is put back); one with it is overridden only by a policy argument the
  // configuration writes ("the argument value will override the OpenAPI value", provider docs).
  if (!unknownBody && !body!.includes('x-amazon-apigateway-policy')) return undefined;
  const policy = inst.after.policy;
  if (configuredPolicy && typeof policy === 'string' && policy.trim() !== '') return undefined;
  const withPolicy = !unknownBody;
  return {
    state: 'unknown',
    why: `is set by its OpenAPI body, which the change ${unknownBody ? 'makes known only after apply' : 'sets'}${withPolicy && !unknownBody ? ' with x-amazon-apigateway-policy' : ''}: the provider imports the body with PutRestApi (overwrite mode replaces or removes the API's policy), and the plan's policy value is the one before, so the policy after apply is not in the plan; write the policy in the policy argument or an aws_api_gateway_rest_api_policy (not in the body), or check after apply`,
  };
}

function afterValue(inst: Instance, attr: string): PolicyValue {
  if (inst.forgotten) return sideValue(inst.before, attr);
  if (inst.after === null) return { state: 'absent' };
  if (inst.afterUnknown === true || inst.afterUnknown[attr] === true) return { state: 'unknown' };
  return sideValue(inst.after, attr);
}

/** The resource instances of the plan, from resource_changes (or planned_values / a state's values). */
function collectInstances(plan: Record<string, unknown>, file: string): Instance[] {
  const changes = plan.resource_changes;
  if (changes !== undefined && !Array.isArray(changes)) {
    throw new InputError('must be an array', { file, field: 'resource_changes' });
  }
  if (Array.isArray(changes)) {
    return changes.map((rc, i) => {
      const field = `resource_changes[${i}]`;
      if (!isObject(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string') {
        throw new InputError('must be an object with "address" and "type"', { file, field });
      }
      // Every message and report names a resource by its address: a 10,000-character one was
      // printed whole in each (docs/limits.md).
      if (rc.address.length > MAX_ADDRESS)
        throw new InputError(
          `the address is ${rc.address.length.toLocaleString('en-US')} characters; the limit is ${MAX_ADDRESS.toLocaleString('en-US')}`,
          { file, field: `${field}.address` },
        );
      const change = rc.change;
      if (!isObject(change))
        throw new InputError('has no "change" object', { file, field: `${field}.change` });
      checkActions(change, rc.type, file, `${field}.change`);
      for (const side of ['before', 'after'] as const) {
        if (change[side] !== null && change[side] !== undefined && !isObject(change[side])) {
          throw new InputError('must be an object or null', { file, field: `${field}.change.${side}` });
        }
      }
      const forgotten = (change.actions as string[]).join(',') === 'forget';
      const replaced = ['delete,create', 'create,delete'].includes((change.actions as string[]).join(','));
      if (forgotten && POLICY_TYPES.has(rc.type) && !isObject(change.before))
        throw new InputError(
          '["forget"] removes an object from the state and leaves it in AWS, but the plan says none existed (before is null)',
          { file, field: `${field}.change.before` },
        );
      return {
        ...(forgotten ? { forgotten: true as const } : {}),
        ...(replaced ? { replaced: true as const } : {}),
        address: rc.address,
        configAddress: configAddressOf(rc.address),
        mode: typeof rc.mode === 'string' ? rc.mode : 'managed',
        type: rc.type,
        before: (change.before as Values | null | undefined) ?? null,
        after: (change.after as Values | null | undefined) ?? null,
        afterUnknown: afterUnknownOf(change.after_unknown, rc.type, file, `${field}.change.after_unknown`),
        sensitive: { before: change.before_sensitive, after: change.after_sensitive },
      };
    });
  }
  // No resource_changes: a plan without changes listed, or `terraform show -json` of a state.
  const prior = moduleResources(isObject(plan.prior_state) ? plan.prior_state.values : undefined);
  const planned = moduleResources(plan.planned_values ?? plan.values);
  const priorByAddress = new Map(prior.map((r) => [r.address, r.values]));
  const hasPrior = isObject(plan.prior_state);
  return planned.map((r) => ({
    address: r.address,
    configAddress: configAddressOf(r.address),
    mode: r.mode,
    type: r.type,
    before: hasPrior ? (priorByAddress.get(r.address) ?? null) : undefined,
    after: r.values,
    afterUnknown: {},
    sensitive: { before: undefined, after: r.sensitive },
  }));
}

/**
 * The action lists Terraform writes (internal/command/jsonplan, actionString): anything else is not
 * a plan Terraform made, and before/after cannot be trusted to mean what they do in one.
 */
const ACTIONS = new Set([
  'no-op',
  'create',
  'read',
  'update',
  'delete',
  'delete,create',
  'create,delete',
  'forget',
  'create,forget',
  'open',
]);

function checkActions(change: Record<string, unknown>, type: string, file: string, field: string): void {
  const actions = change.actions;
  const shown = (v: unknown) => excerpt(JSON.stringify(v) ?? String(v), 80);
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string'))
    throw new InputError(`must be a list of Terraform's actions, not ${shown(actions)}`, {
      file,
      field: `${field}.actions`,
    });
  const key = actions.join(',');
  if (!ACTIONS.has(key))
    throw new InputError(
      `${shown(actions)} is not an action list Terraform writes (${[...ACTIONS].map((a) => `[${a}]`).join(', ')})`,
      { file, field: `${field}.actions` },
    );
  // `["forget"]` leaves the object in AWS as it was (its before: read as such, collectInstances).
  // `["create","forget"]` creates a new object and leaves the old one in AWS too: two objects with
  // their own policies at one address, which spokegate does not model.
  if (POLICY_TYPES.has(type) && key === 'create,forget')
    throw new InputError(
      `${shown(actions)}: the ${type} is replaced but the old object stays in AWS beside the new one, with its policy, which the plan no longer describes; spokegate does not guess which calls reach it: give the policies as files`,
      { file, field: `${field}.actions` },
    );
  // A deletion or a forget has no after, and only they have none (on a policy): read the other way,
  // a forged plan's after would be the policy AWS's default replaces.
  const gone = change.after === null || change.after === undefined;
  if (POLICY_TYPES.has(type) && (key === 'delete' || key === 'forget') !== gone)
    throw new InputError(
      `${shown(actions)} does not agree with change.after (${gone ? 'none: the object is deleted' : 'an object: it remains'})`,
      { file, field: `${field}.actions` },
    );
}

/** A mask (after_unknown, *_sensitive) Terraform would not write: `may` says what it may be. */
function notTerraforms(may: string, v: unknown, file: string, field: string): InputError {
  const policy = isObject(v) ? v.policy : v;
  return new InputError(
    `must be ${may} or an object whose policy is true or false (Terraform's own), not ${excerpt(JSON.stringify(policy) ?? typeof policy, 80)}`,
    { file, field: isObject(v) ? `${field}.policy` : field },
  );
}

/**
 * Terraform writes after_unknown as an object of the attributes known only after apply (`true` for
 * each), or `true` when the whole value is (internal/command/jsonplan `unknownAsBool`): read as
 * "nothing unknown", `true` made a policy known only after apply be judged from the plan's after.
 * On a policy-bearing resource anything else is not Terraform's, and refused.
 */
function afterUnknownOf(v: unknown, type: string, file: string, field: string): Values | true {
  if (v === true) return true;
  if (v === undefined || v === null || v === false) return {};
  if (!isObject(v) || (POLICY_TYPES.has(type) && v.policy !== undefined && typeof v.policy !== 'boolean'))
    throw notTerraforms('true', v, file, field);
  return v;
}

interface StateResource {
  address: string;
  mode: string;
  type: string;
  values: Values;
  sensitive: unknown;
}

/** Resources of a `values` block (root_module and its child_modules, recursively). */
function moduleResources(values: unknown): StateResource[] {
  const out: StateResource[] = [];
  const walk = (mod: unknown): void => {
    if (!isObject(mod)) return;
    if (Array.isArray(mod.resources)) {
      for (const r of mod.resources) {
        if (
          isObject(r) &&
          typeof r.address === 'string' &&
          typeof r.type === 'string' &&
          isObject(r.values)
        ) {
          out.push({
            address: r.address,
            mode: typeof r.mode === 'string' ? r.mode : 'managed',
            type: r.type,
            values: r.values,
            sensitive: r.sensitive_values,
          });
        }
      }
    }
    if (Array.isArray(mod.child_modules)) mod.child_modules.forEach(walk);
  };
  if (isObject(values)) walk(values.root_module);
  return out;
}

/** vpce id -> service name, for every endpoint the file knows (managed or data source). */
/** vpce id -> service name and current policy, for every endpoint the file knows (managed or data source). */
function endpointIndex(
  plan: Record<string, unknown>,
  instances: Instance[],
  file: string,
): Map<string, { service?: string; policy?: string }> {
  const index = new Map<string, { service?: string; policy?: string }>();
  const add = (v: Values | null | undefined, withPolicy: boolean): void => {
    const id = str(v?.id);
    if (!id) return;
    const known = index.get(id) ?? {};
    const service = str(v?.service_name);
    const policy = str(v?.policy);
    if (service) known.service = service;
    if (withPolicy && policy) known.policy = policy;
    index.set(id, known);
  };
  // prior_state is the state before the change: its endpoints' policies are the "before".
  for (const r of moduleResources(isObject(plan.prior_state) ? plan.prior_state.values : undefined)) {
    if (r.type !== 'aws_vpc_endpoint') continue;
    refuseSensitive(r.sensitive, `${excerpt(r.address)}: prior_state sensitive_values`, file);
    add(r.values, true);
  }
  for (const inst of instances) {
    if (inst.type === 'aws_vpc_endpoint') {
      add(inst.before, false);
      add(inst.after, false);
    }
  }
  return index;
}

/** `module.a.aws_x.y["k"]` -> `module.a.aws_x.y`: module and resource instance keys dropped. */
function configAddressOf(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

/** config address of a resource -> attribute -> config addresses it references. */
type RefIndex = Map<string, Map<string, string[]>>;

function configurationReferences(plan: Record<string, unknown>): RefIndex {
  const index: RefIndex = new Map();
  const walk = (mod: unknown, prefix: string): void => {
    if (!isObject(mod)) return;
    if (Array.isArray(mod.resources)) {
      for (const r of mod.resources) {
        if (!isObject(r) || typeof r.address !== 'string' || !isObject(r.expressions)) continue;
        const attrs = new Map<string, string[]>();
        for (const [attr, expr] of Object.entries(r.expressions)) {
          // Every attribute the configuration writes (a literal has no references): `policy`
          // written beside an OpenAPI body decides (bodyPolicy).
          attrs.set(
            attr,
            isObject(expr) && Array.isArray(expr.references)
              ? expr.references.filter((x): x is string => typeof x === 'string').map((x) => prefix + x)
              : [],
          );
        }
        index.set(prefix + r.address, attrs);
      }
    }
    if (isObject(mod.module_calls)) {
      for (const [name, call] of Object.entries(mod.module_calls)) {
        if (isObject(call)) walk(call.module, `${prefix}module.${name}.`);
      }
    }
  };
  if (isObject(plan.configuration)) walk(plan.configuration.root_module, '');
  return index;
}

/** The record a policy resource's `attr` names: by its id when known, else by a configuration reference. */
function policyTarget<R extends { address: string }>(
  refs: RefIndex,
  inst: Instance,
  attr: string,
  targetId: string | undefined,
  records: R[],
  idOf: (r: R) => string | undefined,
): R | undefined {
  return (
    (targetId ? records.find((r) => idOf(r) === targetId) : undefined) ??
    referenced(refs, inst, attr, records)
  );
}

/** The record whose resource the instance's attribute refers to in the configuration. */
function referenced<R extends { address: string }>(
  refs: RefIndex,
  inst: Instance,
  attr: string,
  records: R[],
): R | undefined {
  const targets = refs.get(inst.configAddress)?.get(attr) ?? [];
  for (const target of targets) {
    // References look like `aws_vpc_endpoint.hub.id`, `aws_vpc_endpoint.hub` and
    // `aws_vpc_endpoint.hub[0].id` (one instance of a count/for_each).
    const matches = records.filter((r) => {
      const base = configAddressOf(r.address);
      return target === base || target.startsWith(`${base}.`) || target.startsWith(`${base}[`);
    });
    const indexed = /^[^[]*(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])/.exec(target)?.[1];
    if (indexed) {
      const one = matches.find((r) => r.address.endsWith(indexed));
      if (one) return one;
      continue;
    }
    if (matches.length === 1) return matches[0];
    // count/for_each on both sides: pair the same instance key.
    const key = /\[[^\]]*\]$/.exec(inst.address)?.[0];
    const same = key ? matches.find((r) => r.address.endsWith(key)) : undefined;
    if (same) return same;
  }
  return undefined;
}
