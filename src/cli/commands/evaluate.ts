// `spokegate evaluate`: one request against one policy (--policy) or the authorization chain
// (--endpoint-policy / --resource-policy / --identity-policy; a layer not given is not evaluated).
// Exit 0 allow, 1 deny, 2 bad input.
import { decisionFields, statementRef, statementRefs } from '../../policy/index.js';
import { EXIT, InputError } from '../../errors.js';
import { excerpt, hiddenCharacter, jsonText } from '../../escape/index.js';
import { arnAccount, arnFields, isArn } from '../../identifiers/index.js';
import {
  authorizeCall,
  callKeys,
  evaluatePolicy,
  federatedUserAmbiguities,
  mergeContext,
  policyMentions,
  principalAccount,
  principalDisplay,
  principalFromArn,
  principalKeys,
  type AuthorizationType,
  type ChainDecision,
  type CompiledPolicy,
  type ContextValue,
  type Decision,
  type Layer,
  type RequestContext,
} from '../../policy/index.js';
import { readPolicyFile } from '../../policy/file.js';
import { looksAtResourceOrg, resourceOrgLabel, resourceOrgSamples } from '../../predict/index.js';
import type { Io } from '../io.js';

/** STS's AssumeRole and GetFederationToken: one inline session policy and up to 10 PolicyArns. */
const MAX_SESSION_POLICIES = 11;

export interface EvaluateOptions {
  policy?: string;
  endpointPolicy?: string;
  resourcePolicy?: string;
  identityPolicy?: string[];
  /** Session policies (AssumeRole Policy/PolicyArns) of a session principal. */
  sessionPolicy?: string[];
  /** The permissions boundary of the principal's role or user. */
  permissionsBoundary?: string;
  principal: string;
  action: string;
  resource: string;
  context?: string[];
  /** The API account's organization (o-…) or `none`, for aws:ResourceOrgID/aws:ResourceOrgPaths. */
  resourceOrg?: string;
  authType?: string;
  json?: boolean;
}

export async function run(opts: EvaluateOptions, _args: string[], io: Io): Promise<number> {
  const chainMode =
    opts.endpointPolicy !== undefined ||
    opts.resourcePolicy !== undefined ||
    (opts.identityPolicy?.length ?? 0) > 0 ||
    (opts.sessionPolicy?.length ?? 0) > 0 ||
    opts.permissionsBoundary !== undefined;
  if (opts.policy !== undefined && chainMode) {
    throw new InputError(
      'give either --policy or the layer options (--endpoint-policy, --resource-policy, --identity-policy), not both',
    );
  }
  if (opts.policy === undefined && !chainMode) {
    throw new InputError(
      'give --policy FILE, or --endpoint-policy / --resource-policy / --identity-policy to run the chain',
    );
  }
  const authType = parseAuthType(opts.authType);
  const req = withResourceOrg(buildRequest(opts), opts.resourceOrg);
  const notes = principalNotes(opts.principal, req);

  if (opts.policy !== undefined) {
    const { policy } = await readPolicyFile(opts.policy, io.cwd);
    refuseUnknownFederator(policy, req);
    const d = overResourceOrg(
      [policy],
      req,
      opts.resourceOrg,
      (r) => evaluatePolicy(policy, r),
      (x) => (x.kind === 'Allowed' ? 'allow' : x.kind === 'ExplicitDeny' ? 'explicit deny' : 'deny'),
    );
    const out = { ...singleOutput(policy, d), notes: [...notes, ...sourceIpNotes([policy], req)] };
    print(io, opts.json, out);
    return out.decision === 'allow' ? EXIT.ok : EXIT.failed;
  }

  const endpointPolicy =
    opts.endpointPolicy !== undefined
      ? (await readPolicyFile(opts.endpointPolicy, io.cwd, 'endpoint')).policy
      : undefined;
  const resourcePolicy =
    opts.resourcePolicy !== undefined
      ? (await readPolicyFile(opts.resourcePolicy, io.cwd, 'resource')).policy
      : undefined;
  const identityPolicies: CompiledPolicy[] = [];
  for (const f of opts.identityPolicy ?? [])
    identityPolicies.push((await readPolicyFile(f, io.cwd, 'identity')).policy);
  const sessionPolicies: CompiledPolicy[] = [];
  for (const f of opts.sessionPolicy ?? [])
    sessionPolicies.push((await readPolicyFile(f, io.cwd, 'identity')).policy);
  // STS takes one inline session policy and up to 10 managed ones (AssumeRole, PolicyArns).
  if (sessionPolicies.length > MAX_SESSION_POLICIES)
    throw new InputError(
      `given ${sessionPolicies.length} times; a session has at most ${MAX_SESSION_POLICIES} session policies (one inline and up to 10 managed)`,
      { field: '--session-policy' },
    );
  // Only a session (AssumeRole, GetFederationToken) has session policies.
  if (
    sessionPolicies.length > 0 &&
    req.principal.kind !== 'role-session' &&
    req.principal.kind !== 'federated-user'
  )
    throw new InputError(
      '--session-policy: only a session has session policies; give a role, assumed-role session or federated-user ARN as --principal',
    );
  const permissionsBoundary =
    opts.permissionsBoundary !== undefined
      ? (await readPolicyFile(opts.permissionsBoundary, io.cwd, 'identity', { managed: true })).policy
      : undefined;
  // IAM sets boundaries on roles and users only; a federated user's session is limited by its
  // federating user's (access_policies_boundaries, "IAM federated user sessions").
  if (
    permissionsBoundary &&
    req.principal.kind !== 'role-session' &&
    req.principal.kind !== 'user' &&
    req.principal.kind !== 'federated-user'
  )
    throw new InputError(
      "--permissions-boundary: only an IAM role or user has a permissions boundary (a federated user has its federating user's); give a role, assumed-role session, user or federated-user ARN as --principal",
    );
  for (const p of [
    endpointPolicy,
    resourcePolicy,
    ...identityPolicies,
    ...sessionPolicies,
    permissionsBoundary,
  ])
    if (p) refuseUnknownFederator(p, req);
  const d = overResourceOrg(
    [endpointPolicy, resourcePolicy, ...identityPolicies, ...sessionPolicies, permissionsBoundary],
    req,
    opts.resourceOrg,
    (r) =>
      authorizeCall(
        {
          authorizationType: authType,
          ...(endpointPolicy ? { endpointPolicy } : {}),
          ...(resourcePolicy ? { resourcePolicy } : {}),
          ...(identityPolicies.length ? { identityPolicies } : {}),
          ...(sessionPolicies.length ? { sessionPolicies } : {}),
          ...(permissionsBoundary ? { permissionsBoundary } : {}),
        },
        r,
      ),
    (x) => `${x.decision}${x.layer ? ` by the ${x.layer} policy` : ''}`,
  );
  const out = {
    ...chainOutput(d),
    notes: [
      ...notes,
      ...crossAccountNotes(d, authType, identityPolicies.length > 0, req),
      ...sourceIpNotes([endpointPolicy, resourcePolicy, ...identityPolicies], req),
    ],
  };
  print(io, opts.json, out);
  return d.decision === 'allow' ? EXIT.ok : EXIT.failed;
}

const RESOURCE_ORG_KEY = /^aws:resourceorg(?:id|paths)$/i;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** `--resource-org o-…` as aws:ResourceOrgID (unless --context gives it); `none`: neither key. */
function withResourceOrg(req: RequestContext, resourceOrg: string | undefined): RequestContext {
  if (resourceOrg === undefined) return req;
  const given = Object.keys(req.context).filter((k) => RESOURCE_ORG_KEY.test(k));
  if (resourceOrg !== 'none' && !ORG_ID.test(resourceOrg))
    throw new InputError(`"${excerpt(resourceOrg)}" is neither an organization id (o-…) nor none`, {
      field: '--resource-org',
    });
  if (resourceOrg === 'none' && given.length > 0)
    throw new InputError(`none contradicts --context ${given.join(', ')}`, { field: '--resource-org' });
  if (resourceOrg === 'none' || given.some((k) => k.toLowerCase() === 'aws:resourceorgid')) return req;
  return { ...req, context: { ...req.context, 'aws:ResourceOrgID': resourceOrg } };
}

/**
 * An execute-api call carries aws:ResourceOrgID/aws:ResourceOrgPaths when the API's account is in an
 * organization (docs/aws-behaviour.md §8, §21), which evaluate does not know. When a policy looks at
 * them and neither --context nor --resource-org gives them, decide once per value the policies tell
 * apart (no organization, each one named, another; each path written): the answer when all agree
 * (`same` says what must agree), else exit 2 naming the key. Never the no-organization guess alone.
 */
function overResourceOrg<D>(
  policies: (CompiledPolicy | undefined)[],
  req: RequestContext,
  resourceOrg: string | undefined,
  decide: (req: RequestContext) => D,
  same: (d: D) => string,
): D {
  const account = req.context['aws:ResourceAccount'];
  const looking = policies.filter((p): p is CompiledPolicy => p !== undefined && looksAtResourceOrg(p));
  const given = Object.keys(req.context).some((k) => RESOURCE_ORG_KEY.test(k));
  if (looking.length === 0 || typeof account !== 'string' || given || resourceOrg === 'none')
    return decide(req);
  const fix = `give --resource-org o-… (or --context aws:ResourceOrgID=o-…, and aws:ResourceOrgPaths=["o-…/r-…/ou-…/"] when a policy looks at the path), or --resource-org none for an account in no organization`;
  const samples = resourceOrgSamples(looking, undefined, undefined);
  if (typeof samples === 'string')
    throw new InputError(
      `${samples}, and the organization path of the API's account ${account} is not given: ${fix}`,
      {
        field: '--context',
      },
    );
  const decided = samples.map((org) => {
    const context = { ...req.context };
    if (org.id) context['aws:ResourceOrgID'] = org.id;
    if (org.id && org.path) context['aws:ResourceOrgPaths'] = [org.path];
    return { org, d: decide({ ...req, context }) };
  });
  const first = decided[0]!;
  const differ = decided.find((x) => same(x.d) !== same(first.d));
  if (differ)
    throw new InputError(
      `the decision depends on aws:ResourceOrgID/aws:ResourceOrgPaths of the API's account ${account}, which the call carries when the account is in an organization (${same(first.d)} ${resourceOrgLabel(first.org)}, ${same(differ.d)} ${resourceOrgLabel(differ.org)}): ${fix}`,
      { field: '--resource-org' },
    );
  return decide(req);
}

/**
 * A federated-user caller against a policy naming an IAM user of its account: a grant or deny to
 * the IAM user who called GetFederationToken reaches the session, and the session's ARN does not say
 * who that was (docs/aws-behaviour.md §8). Refused rather than guessed either way.
 */
function refuseUnknownFederator(policy: CompiledPolicy, req: RequestContext): void {
  for (const p of policyMentions(policy).principals) {
    const users = federatedUserAmbiguities(p.userArns, req.principal);
    if (users.length === 0) continue;
    const sid = policy.document.Statement[p.statement]?.Sid;
    throw new InputError(
      `${statementRef({ index: p.statement, ...(sid ? { sid } : {}) })} ${p.not ? 'NotPrincipal' : 'Principal'}: names IAM user ${users.join(', ')} of the caller's account; a statement naming the IAM user who called GetFederationToken applies to its sessions, and ${principalDisplay(req.principal)} does not say which user that was: give an assumed-role or user principal, or a policy that names the session ARN or the account`,
      { file: policy.source.file ?? policy.source.name },
    );
  }
}

/**
 * A policy that looks at aws:SourceIp, decided without the key: for a call through an interface
 * endpoint that is IAM's reading; API Gateway's is an address the endpoint writes (docs/aws-behaviour.md
 * §8). Say which was taken, so the decision is not read as AWS's whatever the reading.
 */
function sourceIpNotes(policies: (CompiledPolicy | undefined)[], req: RequestContext): string[] {
  if (Object.keys(req.context).some((k) => k.toLowerCase() === 'aws:sourceip')) return [];
  const looks = policies.some(
    (p) => p && policyMentions(p).conditions.some((c) => c.lowerKey === 'aws:sourceip'),
  );
  if (!looks) return [];
  return [
    "aws:SourceIp is not in the request context, so this decision takes it as absent; through an interface endpoint AWS documents it as absent (IAM) or rewritten by the endpoint (API Gateway), never the caller's address, and run, check and diff predict unknown when the two differ; give --context aws:SourceIp=ADDRESS to decide with an address (the caller's own address is aws:VpcSourceIp)",
  ];
}

/**
 * An allow for a cross-account caller with no identity policy given rests on a layer not evaluated:
 * AWS also needs one of the caller's identity policies to allow (API Gateway's authorization
 * workflow table, cross account). Say so, so the allow is not read as the whole answer.
 */
function crossAccountNotes(
  d: ChainDecision,
  authType: AuthorizationType,
  identityGiven: boolean,
  req: RequestContext,
): string[] {
  if (d.decision !== 'allow' || authType !== 'AWS_IAM' || identityGiven) return [];
  const caller = principalAccount(req.principal);
  const api = arnAccount(req.resource);
  if (!caller || !api || caller === api) return [];
  return [
    `cross account (caller ${caller}, API ${api}): AWS allows only when an identity policy of the caller allows too; none was given (--identity-policy), so this allow holds only if one does`,
  ];
}

function parseAuthType(v: string | undefined): AuthorizationType {
  const t = (v ?? 'AWS_IAM').toUpperCase();
  if (t !== 'AWS_IAM' && t !== 'NONE')
    throw new InputError(`--auth-type must be AWS_IAM or NONE, not "${v}"`, { field: '--auth-type' });
  return t;
}

export function buildRequest(
  opts: Pick<EvaluateOptions, 'principal' | 'action' | 'resource' | 'context'>,
): RequestContext {
  // IAM's own simulator takes no longer names (iam service-2.json: ActionNameType max 128,
  // ResourceNameType max 2048, ContextKeyNameType max 256), and every one is printed back.
  for (const [field, value, max] of [
    ['--action', opts.action, 128],
    ['--resource', opts.resource, 2048],
    ...(opts.context ?? []).map((item) => ['--context', item.slice(0, Math.max(0, item.indexOf('='))), 256]),
  ] as [string, string | undefined, number][])
    if (value && value.length > max)
      throw new InputError(
        `${field === '--context' ? 'the key is' : 'the value is'} ${value.length.toLocaleString('en-US')} characters; the limit is ${max.toLocaleString('en-US')}, the longest IAM's policy simulator takes`,
        { field },
      );
  if (!opts.action || !/^[^:\s]+:[^:\s]+$/.test(opts.action)) {
    throw new InputError(`--action "${opts.action}" is not an action such as execute-api:Invoke`, {
      field: '--action',
    });
  }
  if (!opts.resource) throw new InputError('--resource is empty', { field: '--resource' });
  // No request AWS sees holds one, and the explanation prints these values line by line.
  const values: [string, string][] = [
    ['--principal', opts.principal],
    ['--action', opts.action],
    ['--resource', opts.resource],
    ...(opts.context ?? []).map((item): [string, string] => ['--context', item]),
  ];
  for (const [field, value] of values) {
    // hiddenCharacter passes tab and line breaks (a text file's own); in one value they are not.
    // A context value may hold U+2028/U+2029: IAM takes them in tags (\p{Z}, as config tags since
    // pass 19), so a request carries them; every output shows them escaped (attack run 19 U06).
    const seen = field === '--context' ? value.replace(/[\u2028\u2029]/g, ' ') : value;
    const hidden = hiddenCharacter(seen.replace(/[\t\n\r]/g, '\u0000'));
    if (hidden) throw new InputError(`"${excerpt(value)}" holds ${hidden.kind}`, { field });
  }
  // Policies match resources by ARN: a value that is no ARN would match "*" and nothing else.
  if (opts.resource !== '*' && !isArn(opts.resource)) {
    throw new InputError(
      `--resource "${opts.resource}" is not an ARN such as arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH`,
      { field: '--resource' },
    );
  }
  const principal = principalFromArn(opts.principal);
  const context: Record<string, ContextValue> = principalKeys(principal);
  const now = new Date();
  context['aws:SecureTransport'] = true;
  // aws:RequestedRegion and aws:ViaAWSService, as for every call (the region of the resource's ARN).
  const fields = arnFields(opts.resource);
  Object.assign(context, callKeys(fields?.region));
  // An execute-api call carries its API's account as aws:ResourceAccount (docs/aws-behaviour.md §8).
  if (fields?.service === 'execute-api' && /^\d{12}$/.test(fields.account))
    context['aws:ResourceAccount'] = fields.account;
  context['aws:CurrentTime'] = now.toISOString();
  context['aws:EpochTime'] = Math.floor(now.getTime() / 1000);
  mergeContext(context, parseContextOptions(opts.context ?? []));
  if (principal.kind === 'federated-user') refuseFederatedMfa(context);
  return { principal, action: opts.action, resource: opts.resource, context };
}

/**
 * GetFederationToken takes no MFA and is called with long-term credentials, so a federated user's
 * session carries aws:MultiFactorAuthPresent false and no aws:MultiFactorAuthAge (docs/aws-behaviour.md
 * §24): a --context saying otherwise asks about a request AWS never sees.
 */
function refuseFederatedMfa(context: Record<string, ContextValue>): void {
  for (const [key, value] of Object.entries(context)) {
    const k = key.toLowerCase();
    const mfa = k === 'aws:multifactorauthpresent' && String(value).toLowerCase() !== 'false';
    if (mfa || k === 'aws:multifactorauthage')
      throw new InputError(
        `${key}: a federated user's session never carries MFA (GetFederationToken takes no MFA device, and is called with long-term credentials): aws:MultiFactorAuthPresent is false and aws:MultiFactorAuthAge absent`,
        { field: '--context' },
      );
  }
}

/**
 * No request AWS sees carries more: at most 50 tags (aws:TagKeys), one organization path per
 * principal, ARNs of at most 2,048 characters (IAM's ResourceNameType). Every value is printed back.
 */
const CONTEXT_LIMITS = { options: 100, values: 100, characters: 2_048 } as const;
const count = (n: number): string => n.toLocaleString('en-US');

/** KEY=VALUE; the value is JSON-parsed when it is a JSON array, number or boolean, else a string. */
export function parseContextOptions(items: string[]): Record<string, ContextValue> {
  const field = { field: '--context' };
  if (items.length > CONTEXT_LIMITS.options)
    throw new InputError(
      `given ${count(items.length)} times; the limit is ${CONTEXT_LIMITS.options} (one per condition key)`,
      field,
    );
  const out: Record<string, ContextValue> = {};
  const given = new Set<string>();
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError(`--context "${item}" must be KEY=VALUE`, field);
    const key = item.slice(0, eq).trim();
    // JavaScript reserves the name: set on the context object it replaced the object's prototype.
    if (key === '__proto__')
      throw new InputError('"__proto__" is not a condition key (JavaScript reserves the name)', field);
    // Condition key names are case-insensitive: the same key twice kept the last value without a word.
    if (given.has(key.toLowerCase()))
      throw new InputError(`${key} is given twice; give each key once (a list as KEY=["a","b"])`, field);
    given.add(key.toLowerCase());
    const value = contextValue(item.slice(eq + 1), key);
    const values = Array.isArray(value) ? value : [value];
    if (values.length > CONTEXT_LIMITS.values)
      throw new InputError(
        `${key} holds ${count(values.length)} values; the limit is ${CONTEXT_LIMITS.values}`,
        field,
      );
    const longest = Math.max(...values.map((v) => String(v).length));
    if (longest > CONTEXT_LIMITS.characters)
      throw new InputError(
        `the value of ${key} is ${count(longest)} characters; the limit is ${count(CONTEXT_LIMITS.characters)}`,
        field,
      );
    out[key] = value;
  }
  return out;
}

/**
 * A value as AWS's request context holds it: text. Numbers and booleans stay as written, because
 * every condition operator reads text (NumericEquals "1.50", Bool "true", a date in epoch seconds)
 * while a JavaScript number would lose digits ("123456789012345678901") or spelling ("1e5" for
 * StringEquals). A JSON array gives a multi-valued key, its numbers kept as written too.
 */
function contextValue(raw: string, key: string): ContextValue {
  const t = raw.trim();
  if (!t.startsWith('[')) return raw;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    throw new InputError(`--context ${key}: "${raw}" is not a JSON array`, { field: '--context' });
  }
  if (!Array.isArray(v) || !v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
    throw new InputError(`--context ${key}: list values must be strings, numbers or booleans`, {
      field: '--context',
    });
  }
  // The array is flat and valid JSON: its tokens are its elements, in order.
  const tokens = t.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|[^,\s]+/g) ?? [];
  return tokens.map((tok) => (tok.startsWith('"') ? (JSON.parse(tok) as string) : tok));
}

/**
 * What the request context could not know from --principal. A session ARN names the role without
 * its path, so aws:PrincipalArn (the role ARN, path included) is built without it unless --context
 * gives it.
 */
function principalNotes(given: string, req: RequestContext): string[] {
  const p = req.principal;
  if (p.kind !== 'role-session' || given.trim() !== p.sessionArn) return [];
  const arn = Object.entries(req.context).find(([k]) => k.toLowerCase() === 'aws:principalarn')?.[1];
  if (arn !== p.roleArn) return [];
  return [
    `aws:PrincipalArn is ${p.roleArn}, built from the session ARN, which does not carry the role's path; if the role has a path, give the role ARN as --principal or --context aws:PrincipalArn=ROLE_ARN_WITH_PATH`,
  ];
}

interface LayerOut {
  layer: Layer | null;
  policy: string;
  decision: 'allow' | 'deny';
  detail: Decision['kind'];
  statements: Decision['statements'];
  nearMisses: Decision['nearMisses'];
}

interface Output {
  /** What the request context could not know from the arguments (the role's path, say). */
  notes?: string[];
  decision: 'allow' | 'deny';
  detail: Decision['kind'];
  layer: Layer | null;
  /** A deny no policy made (layer null): an unsigned call to an AWS_IAM route. */
  reason?: 'missing-auth';
  statements: Decision['statements'];
  layers: LayerOut[];
  explanation: string[];
}

function layerOut(layer: Layer | null, policy: string, d: Decision): LayerOut {
  return {
    layer,
    policy,
    decision: d.kind === 'Allowed' ? 'allow' : 'deny',
    detail: d.kind,
    statements: d.statements,
    nearMisses: d.nearMisses,
  };
}

function singleOutput(policy: CompiledPolicy, d: Decision): Output {
  const name = policy.source.name;
  const explanation =
    d.kind === 'Allowed'
      ? [`${name}: allowed by ${statementRefs(d.statements)}`]
      : d.kind === 'ExplicitDeny'
        ? [`${name}: explicit deny by ${statementRefs(d.statements)}`]
        : [`${name}: no statement applies to the request (implicit deny)`];
  for (const m of d.nearMisses)
    explanation.push(`  ${statementRef(m)} ${m.effect} did not apply: ${m.reason}`);
  return {
    decision: d.kind === 'Allowed' ? 'allow' : 'deny',
    detail: d.kind,
    layer: null,
    statements: d.statements,
    layers: [layerOut(null, name, d)],
    explanation,
  };
}

function chainOutput(d: ChainDecision): Output {
  const layers = d.layers.map((l) => layerOut(l.layer, l.policy ?? '', l.decision));
  return { ...decisionFields(d), layers, explanation: [...d.explanation] };
}

function print(io: Io, json: boolean | undefined, out: Output): void {
  if (json) {
    io.out(jsonText(out));
    return;
  }
  const lines = [
    `${out.decision.toUpperCase()} (${out.detail})${out.layer ? ` at the ${out.layer} layer` : ''}`,
  ];
  for (const e of out.explanation) lines.push(`  ${e}`);
  for (const n of out.notes ?? []) lines.push(`  note: ${n}`);
  for (const l of out.layers) {
    if (l.layer === null) continue;
    for (const m of l.nearMisses)
      lines.push(`  ${l.layer}: ${statementRef(m)} ${m.effect} did not apply: ${m.reason}`);
  }
  // One line each: a Sid or a key in the explanation may hold a line feed (a forged line).
  io.err(lines.map((l) => excerpt(l, Number.MAX_SAFE_INTEGER)).join('\n'));
}
