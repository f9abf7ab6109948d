// Policy sources: the policies a JSON policy file, a Terraform plan JSON or a CloudFormation template
// would put in place. They return policy texts; parsePolicy compiles them.
import { parseDocument } from 'yaml';
import { InputError } from '../../errors.js';
import {
  checkTextSize,
  MAX_DEPTH,
  readInput,
  refuseVersionDependentScalars,
  SIZE_LIMITS,
  tooDeep,
  yamlToJs,
  type InputKind,
} from '../../input/index.js';
import { cloudFormationTags, policiesFromCloudFormation } from './cloudformation.js';
import { isObject, parseJson, policyResult, assertPolicyShape, refuseDuplicateKeys } from './json.js';
import { policiesFromTerraformPlan } from './terraform.js';
import type {
  PolicyFileFormat,
  PolicyFileResult,
  PolicySelect,
  RemovedPolicyEntry,
  ResourcePolicyEntry,
  UnknownPolicyEntry,
} from './types.js';

export type * from './types.js';
export { policiesFromTerraformPlan, DEFAULT_ENDPOINT_POLICY } from './terraform.js';
export { policiesFromCloudFormation, cloudFormationTags } from './cloudformation.js';
export { policyFromJson } from './json.js';

/** Which kind of file this is, from its content (not its name). */
export function detectPolicyFormat(text: string, file: string): PolicyFileFormat {
  if (text.startsWith('PK\u0003\u0004')) {
    throw new InputError(
      'this is a binary Terraform plan; convert it first: terraform show -json tfplan > plan.json',
      { file },
    );
  }
  const head = text.trimStart();
  // A top-level JSON array is JSON too (not a YAML template): say so rather than blame the YAML.
  if (head.startsWith('{') || head.startsWith('[')) {
    const data = parseJson(text, file);
    return formatOfObject(data, file);
  }
  if (head === '') throw new InputError('the file is empty', { file });
  // YAML: a CloudFormation template (or, rarely, a policy written as YAML).
  const doc = parseYaml(text, file, { customTags: cloudFormationTags });
  const data: unknown = doc.errors.length === 0 ? yamlToJs(doc, file, {}, text) : undefined;
  if (isObject(data) && !('Resources' in data) && 'Statement' in data) return 'json';
  return 'cloudformation';
}

function formatOfObject(data: unknown, file: string): PolicyFileFormat {
  if (!isObject(data))
    throw new InputError(
      `expected a JSON object at the top level, not ${Array.isArray(data) ? 'an array' : typeof data}`,
      {
        file,
        line: 1,
      },
    );
  if (
    'format_version' in data &&
    ('resource_changes' in data || 'planned_values' in data || 'values' in data)
  ) {
    return 'terraform-plan';
  }
  if ('Resources' in data || 'AWSTemplateFormatVersion' in data) return 'cloudformation';
  if ('Statement' in data) return 'json';
  if ('format_version' in data) return 'terraform-plan';
  throw new InputError(
    'not an IAM policy (no "Statement"), a Terraform plan JSON (no "format_version") or a CloudFormation template (no "Resources")',
    { file },
  );
}

/**
 * Read a policy file of any supported kind and return the policies in it. With `select.kind` a
 * plain policy is taken as that kind, and it is an error when the file holds no such policy; with
 * `select.address` only that entry is kept (Terraform address, CloudFormation logical id, vpce id,
 * API id or API name). A policy known only after apply is an error when it is the one selected.
 */
export function loadPolicyFile(file: string, select: PolicySelect = {}): PolicyFileResult {
  const text = readPolicyText(file);
  return selectPolicies(policiesFromText(text, file, select), select);
}

/** What a file says of one API's resource policy: the policy, or that the API has none. */
export type ResourcePolicyFact =
  { kind: 'policy'; entry: ResourcePolicyEntry } | { kind: 'none'; entry: RemovedPolicyEntry };

/**
 * One API's resource policy in a file (by API id, else the file's only API): its text, or the fact
 * that the API has none (a private API defined with no policy anywhere). A policy known only after
 * apply (or an intrinsic that cannot be resolved offline), an API the change destroys, or no such
 * API in the file is bad input naming it: unknown is never taken for "none".
 */
export function resourcePolicyFact(file: string, apiId: string, opts: PolicySelect = {}): ResourcePolicyFact {
  const res = policiesFromText(readPolicyText(file), file, { ...opts, kind: 'resource' });
  refuseUnknownTargets(res, 'resource');
  const removed = res.removed.filter((e) => e.kind === 'resource');
  const unknown = res.unknown.filter((e) => e.kind === 'resource');
  const all = [...res.resourcePolicies, ...removed, ...unknown];
  // The file's only API stands for this one unless its id is known and another's.
  // An API the change creates gets a new id at apply: it is no API that exists now, whatever its name.
  const only = all.length === 1 ? all[0] : undefined;
  const hit = all.find((e) => e.apiId === apiId) ?? (only && !only.apiId && !only.created ? only : undefined);
  if (!hit) {
    const found = all.map((e) => `${e.address}${e.apiId ? ` (${e.apiId})` : ''}`).join(', ');
    const created = all.filter((e) => e.created).map((e) => e.address);
    throw new InputError(
      `no resource policy for API ${apiId} in this ${describe(res.format)}${found ? ` (found: ${found})` : ''}` +
        (created.length
          ? `; ${created.join(', ')} ${created.length === 1 ? 'is an API' : 'are APIs'} created by this change (${created.length === 1 ? 'its id is' : 'their ids are'} known only after apply), so none of API ${apiId}`
          : ''),
      { file },
    );
  }
  if (res.resourcePolicies.includes(hit as ResourcePolicyEntry))
    return { kind: 'policy', entry: hit as ResourcePolicyEntry };
  if (unknown.includes(hit as UnknownPolicyEntry))
    throw new InputError((hit as UnknownPolicyEntry).message, { file });
  const gone = hit as RemovedPolicyEntry;
  if (gone.left === 'destroyed')
    throw new InputError(`no API resource policy after the change: ${gone.address}: ${gone.reason}`, {
      file,
    });
  return { kind: 'none', entry: gone };
}

/**
 * A policy in the file whose endpoint or API is itself not known (a plan's `vpc_endpoint_id` or
 * `rest_api_id` known only after apply, with no resource of the plan named for it): it may be the
 * policy of the endpoint or API asked about, so any use of the file's `kind` policies is bad input
 * naming it, never a guess either way.
 */
export function refuseUnknownTargets(res: PolicyFileResult, kind?: 'endpoint' | 'resource'): void {
  const u = res.unknown.find((e) => e.target === 'unknown' && (kind === undefined || e.kind === kind));
  if (u) throw new InputError(u.message, { file: res.file });
}

/** An endpoint entry of a file, as far as choosing the configured endpoint it is goes. */
interface EndpointSide {
  address: string;
  vpceId?: string;
  created?: true;
  vpc?: string;
}

/**
 * The entry of a file that is the policy of the endpoint `target` (its id, and its VPC when the
 * config states it): the entry with that id; else, when the file stands for that endpoint (`stands`:
 * the endpoint's own policy file, or diff's default endpoint), its one entry whose id is not known,
 * leaving out an endpoint the change creates (AWS gives it a new id, so it is no endpoint that
 * exists now) and a template endpoint in another VPC. A template endpoint whose VPC cannot be told
 * while other endpoints are configured (`others`) could be any of them: exit 2 naming it. Two
 * candidates: exit 2.
 */
export function endpointEntryFor<E extends EndpointSide>(
  entries: readonly E[],
  target: { id: string; vpc?: string },
  where: { file: string; format: PolicyFileFormat },
  opts: { stands: boolean; others?: readonly string[] },
): E | undefined {
  const byId = entries.find((e) => e.vpceId === target.id);
  if (byId || !opts.stands) return byId;
  const candidates = entries.filter(
    (e) => !e.vpceId && !e.created && !(e.vpc && target.vpc && e.vpc !== target.vpc),
  );
  const others = opts.others ?? [];
  const untold =
    where.format === 'cloudformation' && others.length > 0 ? candidates.find((e) => !e.vpc) : undefined;
  if (untold)
    throw new InputError(
      `cannot tell which configured endpoint ${untold.address} is: its VpcId cannot be resolved offline, and it may be ${target.id} or ${others.join(', ')}; write the VPC id into the template (a literal or a parameter's Default) with endpoints.ALIAS.vpc in the config, or compare plain policy files`,
      { file: where.file },
    );
  if (candidates.length > 1)
    throw new InputError(
      `cannot tell which execute-api endpoint is ${target.id}: ${candidates.map((e) => e.address).join(', ')}`,
      { file: where.file },
    );
  return candidates[0];
}

/** The policies in a file's text, whatever its kind (see loadPolicyFile). */
export function policiesFromText(text: string, file: string, opts: PolicySelect = {}): PolicyFileResult {
  checkPlainPolicySize(text, file);
  if (text.trimStart().startsWith('{')) {
    const data = parseJson(text, file);
    const format = formatOfObject(data, file);
    checkTextSize(text, SIZE_KIND[format], file);
    if (format === 'terraform-plan') {
      refuseDuplicateKeys(text, file);
      return policiesFromTerraformPlan(data, file);
    }
    if (format === 'cloudformation') return policiesFromCloudFormation(text, file, opts);
    assertPolicyShape(data, file);
    return policyResult(text, file, opts.kind ?? 'endpoint');
  }
  const format = detectPolicyFormat(text, file);
  checkTextSize(text, SIZE_KIND[format], file);
  if (format === 'cloudformation') return policiesFromCloudFormation(text, file, opts);
  const parsed = parseYaml(text, file);
  refuseVersionDependentScalars(parsed, file, text);
  const doc = yamlToJs(parsed, file, {}, text);
  assertPolicyShape(doc, file);
  return policyResult(JSON.stringify(doc, null, 2), file, opts.kind ?? 'endpoint');
}

type Addressed = { address: string; vpceId?: string; apiId?: string; apiName?: string };

/** An entry FILE#ADDRESS names: by Terraform address or logical id, vpce id, API id or API name. */
const addressed =
  (address: string | undefined) =>
  (e: Addressed): boolean =>
    address === undefined ||
    e.address === address ||
    e.vpceId === address ||
    e.apiId === address ||
    e.apiName === address;

/** The policies known only after apply that `select` asks for. */
export function unknownSelected(result: PolicyFileResult, select: PolicySelect): UnknownPolicyEntry[] {
  const matches = addressed(select.address);
  return result.unknown.filter((e) => (!select.kind || e.kind === select.kind) && matches(e));
}

/** Keep what `select` asks for; fail with a clear message when it is not there. */
export function selectPolicies(result: PolicyFileResult, select: PolicySelect): PolicyFileResult {
  const { kind, address } = select;
  const matches = addressed(address);
  const out: PolicyFileResult = {
    ...result,
    endpoints: kind === 'resource' ? [] : result.endpoints.filter(matches),
    resourcePolicies: kind === 'endpoint' ? [] : result.resourcePolicies.filter(matches),
    removed: result.removed.filter((e) => (!kind || e.kind === kind) && matches(e)),
    unknown: unknownSelected(result, select),
  };
  if (kind === undefined && address === undefined) return out;
  const found =
    kind === 'endpoint'
      ? out.endpoints
      : kind === 'resource'
        ? out.resourcePolicies
        : [...out.endpoints, ...out.resourcePolicies];
  if (found.length > 0) return out;
  const what =
    kind === 'endpoint'
      ? 'execute-api endpoint policy'
      : kind === 'resource'
        ? 'API resource policy'
        : 'policy';
  const unknown = out.unknown[0];
  if (unknown) throw new InputError(unknown.message, { file: result.file });
  const removed = out.removed[0];
  if (removed) {
    throw new InputError(`no ${what} after the change: ${removed.address}: ${removed.reason}`, {
      file: result.file,
    });
  }
  const available = [...result.endpoints, ...result.resourcePolicies].map((e) => e.address);
  const hint = available.length ? ` (found: ${available.join(', ')})` : '';
  throw new InputError(
    `no ${what}${address ? ` at ${address}` : ''} in this ${describe(result.format)}${hint}`,
    {
      file: result.file,
    },
  );
}

function describe(format: PolicyFileFormat): string {
  return format === 'terraform-plan'
    ? 'Terraform plan'
    : format === 'cloudformation'
      ? 'CloudFormation template'
      : 'file';
}

function readPolicyText(file: string): string {
  return readInput(file, 'policy-source');
}

/**
 * A file that cannot be a plan or a template is held to the policy limit before it is parsed, so an
 * oversized policy costs no parse (a plan or template is held to its own limit once detected).
 */
export function checkPlainPolicySize(text: string, file: string): void {
  if (text.length > SIZE_LIMITS.policy && !IAC_MARKER.test(text)) checkTextSize(text, 'policy', file);
}
const IAC_MARKER = /"?(format_version|Resources|AWSTemplateFormatVersion)"?\s*:/;

/** Each format's own size limit, applied once the content says which it is. */
const SIZE_KIND: Record<PolicyFileFormat, InputKind> = {
  json: 'policy',
  'terraform-plan': 'plan',
  cloudformation: 'template',
};

/** parseDocument that turns yaml's stack overflow on hostile nesting into exit 2. */
function parseYaml(text: string, file: string, opts: Parameters<typeof parseDocument>[1] = {}) {
  try {
    return parseDocument(text, opts);
  } catch (e) {
    if (e instanceof RangeError) throw tooDeep(file, `more than ${MAX_DEPTH}`);
    throw e;
  }
}
