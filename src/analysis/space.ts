// The request space of one API: every dimension a request varies in, each split into the regions
// the policies in force can tell apart (see dimension.ts). Values come from what the policies
// mention (policyMentions) and from the world (organization members, known roles, NONE routes).
import {
  bindShortForm,
  compileWildcard,
  INVOKE_ACTION,
  parsePolicy,
  parseTemplate,
  policyMentions,
  resourcePathReadings,
  resourceSides,
  statementsReaching,
  type Template,
  toInstant,
  toNumber,
  type CompiledPolicy,
  type MentionedCondition,
  type PolicyMentions,
} from '../policy/index.js';
import {
  isAccountId,
  isOrgPath,
  parseFederatedUserArn,
  parseRoleArn,
  parseSessionArn,
  parseUserArn,
  partitionOfRegion,
} from '../identifiers/index.js';
import { atoms, Dimension, type Atom, type Relation } from './dimension.js';
import { memoised } from './memo.js';
import { formStatesBound, formsBySet, globTwins, pathTwins } from './path-twins.js';
import { InputError } from '../errors.js';
import { escapeRegex, globSource } from '../escape/index.js';
import { formatCount } from '../input/index.js';
import { globTokens, instances, patternsMeet, residual, start, step, type Token } from './glob.js';
import { checkPatternWildcards, namingPolicies, resourceSources } from './limits.js';
import { formatRoute, matchRoute, pathSegments, type RouteRef } from '../routes/index.js';
import {
  clockOf,
  statedOrganization,
  typedRoutes,
  type AnalysisApi,
  type AnalysisRole,
  type AnalysisWorld,
} from './world.js';

/**
 * Whether a route value holds `//`, a `%` or a last `/`: each form of a pattern's path written
 * another way does, and the spelled atom holds no other (the spread's form search tells it apart).
 */
/** Slashes of a pattern's path encoded one at a time as `%2F` (the spread's seeds), at most. */
const ENCODED_SLASH_CUTS = 8;
const spelledGuard = (v: string) => v.includes('//') || v.includes('%') || v.endsWith('/');
/** A route value (`GET/entries//7`) with its path normalised (`GET/entries/7`); undefined when it is already. */
const normalisedRoute = (v: string): string | undefined => normalisedRoutes(v) || undefined;
// '' for a plain path: memoised keeps no undefined.
const normalisedRoutes = memoised((v: string): string => {
  const slash = v.indexOf('/');
  const forms = resourcePathReadings(v.slice(slash));
  return forms.length > 1 ? `${v.slice(0, slash)}${forms[1]!.path}` : '';
});

/** Characters of a readable stand-in unique id (IAM's are uppercase letters and digits). */
const UNIQUE_ID_FILL = 'EXAMPLE234567ABCDFGHJKLMNPQRSTUVWXYZ';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/**
 * The exact paths Resource patterns name at a stage (`prefix`: the API's ARN and stage, with its
 * slash), with a trailing slash, as "METHOD /path/" (`GET/entries` -> `GET /entries/`): API Gateway
 * routes such a path to the same method and its resource ARN reads two ways (as written, normalised:
 * docs/aws-behaviour.md §5c), which an exact pattern tells apart. A path is exact where the pattern,
 * its stage matched, names a method and the path literally (a `*` standing for the stage included),
 * or where it leaves one literal path after a method (`GE?/entries`). The one rule for who-can, the
 * proofs and diff, each of which had one of the two readings until 2026-12-03 (diff the first).
 */
export function slashedPaths(
  patterns: Iterable<string>,
  prefix: string,
  methods: readonly string[] = METHODS,
): string[] {
  const out = new Set<string>();
  const all = [...patterns];
  // One literal path after a method first (who-can's order of words), then a method and path named
  // literally once the stage is matched.
  for (const pattern of all)
    for (const method of methods) {
      const slashed = slashedPath(method, residual(pattern, `${prefix}${method}/`));
      if (slashed) out.add(slashed);
    }
  for (const pattern of all) for (const p of stageSlashedPaths(pattern, prefix, methods)) out.add(p);
  return [...out];
}

/** slashedPaths' first reading: `globs` (a pattern past `METHOD/`) one literal path; "METHOD /path/". */
function slashedPath(method: string, globs: readonly string[]): string | undefined {
  const path = globs.length === 1 ? globs[0]! : '';
  return path !== '' && !path.endsWith('/') && !/[*?]/.test(path) ? `${method} /${path}/` : undefined;
}

/** slashedPaths' second reading: a method and path the pattern names literally once the stage is matched. */
function stageSlashedPaths(pattern: string, prefix: string, methods: readonly string[]): string[] {
  const out: string[] = [];
  for (const g of residual(pattern, prefix)) {
    const slash = g.indexOf('/');
    const method = g.slice(0, slash);
    const slashed =
      slash > 0 && methods.includes(method) ? slashedPath(method, [g.slice(slash + 1)]) : undefined;
    if (slashed) out.push(slashed);
  }
  return out;
}

/**
 * How the two readings of a spelled route's resource ARN (as written, normalised: §5c) compare,
 * given the patterns each matches (`written`, `normalised`: one bit a pattern) and which way each
 * pattern moves a decision (resourceSides): `same` when they match the same patterns; `written`
 * when the written one matches only more grants or fewer refusals (it lets in all the normalised
 * one does: decide() is the written reading's, as for any path matching those patterns);
 * `normalised` the other way round; `both` when neither holds (each may let in what the other
 * does not). A pattern named on both sides, or not found, orders nothing: `both`.
 */
type ReadingOrder = 'same' | 'written' | 'normalised' | 'both';
function readingOrder(
  written: string,
  normalised: string,
  patterns: readonly string[],
  sides: ReadonlyMap<string, 'allow' | 'deny' | 'both'>,
): ReadingOrder {
  let writtenMore = false;
  let normalisedMore = false;
  for (let i = 0; i < written.length; i++) {
    if (written[i] === normalised[i]) continue;
    const side = sides.get(patterns[i]!) ?? 'both';
    if (side === 'both') return 'both';
    // Matched as written alone: a grant more (allow) or a refusal more (deny) for that reading.
    if ((written[i] === '1') === (side === 'allow')) writtenMore = true;
    else normalisedMore = true;
  }
  return writtenMore ? (normalisedMore ? 'both' : 'written') : normalisedMore ? 'normalised' : 'same';
}

/** The addressing dimension's values: by private DNS (or the endpoint's own names), or by alias. */
export const ADDRESSING = ['private-dns', 'alias'] as const;

export interface Space {
  api: AnalysisApi;
  /** account, role (path and name), session, then organization, org paths and tags when mentioned. */
  principal: Dimension[];
  /** The route: METHOD/path (path without its leading slash). */
  route: Dimension[];
  /** Request keys the policies mention that neither the principal nor the endpoint fixes. */
  context: Dimension[];
  /** Things the partition does not cover, said in the output. */
  notes: string[];
  /** The files (or names) of the policies the space was built from, each once. */
  sources: string[];
  /** Resource patterns with policy variables: each is a route dimension of its own (see below). */
  templates: ResourceTemplate[];
  /** Conditions whose values hold policy variables: each is a dimension of its own (see below). */
  conditionTemplates: ConditionTemplate[];
  /**
   * The route regions grouped by the conditions that may decide them, when no policy variable ties
   * keys together: on a route, the regions of a tag or request key those conditions answer alike
   * are decided once (classes.ts, groupedOutcome).
   */
  groups?: RouteGroup[];
  /**
   * With conditions on policy variables: per route region, the indices (in conditionTemplates) of
   * those a statement that may decide its requests holds; the others decide nothing there.
   */
  conditionsAt?: number[][];
  /**
   * With conditions on policy variables: per condition template, the statements that hold it (and
   * may decide some request of this space): a principal none of them may name is not decided by it.
   */
  conditionHolders?: { policy: CompiledPolicy; statement: number }[][];
  /** Request keys read only as policy variables (no dimension of theirs): they cannot be known offline. */
  unknowableVariables?: { key: string; why: string }[];
  /**
   * Routes (METHOD/path) past formsBySet's bound whose spellings the patterns may read both ways:
   * not searched, so a spelling decide() allows may be in no class (who-can: a `search` layer).
   */
  unspread?: string[];
  /**
   * Per route region: up to twelve spellings read as its value, their normalised path (decide()'s
   * answer is that reading's, and the written one may let in less): a class holding one says so
   * when its written reading alone would not let it in (analyze.ts, spellingIfNormalised).
   */
  readAsNormalised?: Map<number, string[]>;
  /**
   * Resources with policy variables read on a path written another way as written alone (not every
   * template is writtenBlind): decide() reads such a path both ways, so a request the template
   * matches in its normalised reading alone may be in a "does not match" class (who-can: a `search`
   * layer; docs/aws-behaviour.md §55).
   */
  readApart?: string[];
  /** Whether the API serves a request (SpaceOptions.served); undefined: every path. */
  served?: (method: string, path: string) => boolean;
}

/** Route regions, and the conditions of the statements that may decide their requests. */
export interface RouteGroup {
  /** Regions of the route dimension. */
  routes: number[];
  conditions: MentionedCondition[];
}

/**
 * A condition whose values hold policy variables (`"aws:PrincipalTag/team":
 * "${aws:PrincipalTag/owner}"`): whether it holds depends on two request values together, so it is
 * a dimension of its own — "holds" or "does not hold" — decided by the engine on a one-statement
 * probe policy with that condition alone. A statement's conditions are ANDed, so the other
 * conditions' regions and these answers decide the statement exactly.
 */
export interface ConditionTemplate {
  id: string;
  /** The operator as written (qualifier and IfExists included), the key, and its values. */
  operator: string;
  key: string;
  lowerKey: string;
  /** The values holding variables. */
  templates: Template[];
  /** The keys of those variables (lower case). */
  variables: string[];
  /** Wildcards in the policy text are patterns (StringLike, ArnLike…). */
  like: boolean;
  /** Every value holds a variable (none is plain text the key may match alone). */
  allVariable: boolean;
  /** Allow { Condition: this condition alone }: the engine says whether it holds for a request. */
  probe: CompiledPolicy;
  /** The operator, key and values, as one string (a statement's condition is this one when equal). */
  signature: string;
  /** The condition as the policy mentions it. */
  mentioned: MentionedCondition;
}

/** A condition template dimension's values. */
export const CONDITION_HOLDS = ['holds', 'does not hold'] as const;

/**
 * A Resource pattern with policy variables (`.../users/${aws:username}`): whether it matches
 * depends on the principal and the route together, so it is a dimension of its own — "matches" or
 * "does not match" with the request's own values — decided by the engine on a one-statement probe
 * policy. Its skeleton (every variable as `*`) splits the route, so the paths it can match stand apart.
 */
export interface ResourceTemplate {
  id: string;
  template: Template;
  /** Allow { Resource: the template }: the engine says whether it matches a request. */
  probe: CompiledPolicy;
  /** The prefix of the API's resource ARNs, up to and including the stage's slash. */
  prefix: string;
  /**
   * The configured roles (ARNs) whose identity policies or permissions boundary alone hold it;
   * undefined when another policy does (it may decide any principal's requests then).
   */
  owners?: string[];
  /**
   * Whether it is read on a route's normalised path. Routes written another way (`GET/health/`,
   * `GET//health`, `GET/%68ealth`: each a region of its own) whose resource ARN as written the
   * template cannot match, whatever its variables hold (writtenCannotMatch): there it is read on
   * the normalised path, the one reading it can match, so its dimension says how decide()'s second
   * reading goes (the first is "does not match" for every request) and the search sets its
   * variables from that path (docs/aws-behaviour.md §55). Where every template is blind to paths
   * written another way (writtenBlind), also each spelling read as its normalised path or read both
   * ways (readingOrder, with the templates in it).
   */
  normalisedOn?: (route: string) => boolean;
}

/**
 * What a policy variable can hold, as a RegExp source: an IAM user name (botocore userNameType
 * `[\w+=,.@-]+`), aws:userid (a unique id, `ROLEID:SESSION` or `ACCOUNT:NAME`: those characters and
 * a colon), an account id; any text for the others.
 */
const VARIABLE_TEXT: Record<string, string> = {
  'aws:username': '[\\w+=,.@-]+',
  'aws:userid': '[\\w+=,.@:-]+',
  'aws:principalaccount': '\\d{12}',
};

/**
 * A template as a RegExp source matching whole resource ARNs: its text's `?` as any one character and
 * `*` as `run`, its escaped characters as themselves, each variable as `variable` says.
 */
export function templateSource(
  t: Template,
  run: string,
  variable: (p: Extract<Template['parts'][number], { t: 'var' }>) => string,
): string {
  let source = '^';
  for (const p of t.parts)
    if (p.t === 'text') source += globSource(p.s, run, '.');
    else source += p.t === 'lit' ? escapeRegex(p.s) : variable(p);
  return `${source}$`;
}

/** Whether no value of its variables lets a template match `arn` (each variable as the text it can hold). */
function writtenCannotMatch(t: Template, arn: string): boolean {
  const source = templateSource(t, '.*', (p) => {
    const text = VARIABLE_TEXT[p.key.toLowerCase()] ?? '.*';
    return `(?:${text}${p.def === undefined ? '' : `|${escapeRegex(String(p.def))}`})`;
  });
  return !new RegExp(source, 's').test(arn);
}

/**
 * Whether template `t` can match no resource ARN after `prefix` whose path is written another way
 * (an empty segment, a `%`, a trailing slash: resourcePathReadings tells such a path's two readings
 * apart) as written, whatever its variables hold: a variable VARIABLE_TEXT names without a default
 * holds one character or more, none `/` or `%` (an IAM user name, a unique id, an account id); any
 * other any text. On such a path its written reading is then "does not match" for every request,
 * and its normalised one is the only one it can match (a root path ending in `/` is counted in too).
 */
function writtenBlind(t: Template, prefix: string, routes: readonly RouteRef[] | undefined): boolean {
  const { tokens, served } = servedTokens(t, prefix, routes);
  return ['*//*', '*%*', '*/'].every((g) =>
    served.every((r) => patternsMeet([tokens, r, globTokens(`${prefix}${g}`)]) === false),
  );
}

/**
 * Whether template `t` can match no ARN of a path the API's routes serve in its normalised reading,
 * whatever its variables hold: each literal segment as itself, a parameter as any text (`%2F`
 * decodes to `/` there, §5c). Then that reading is "does not match" for every request, and the
 * template is read as decide() reads it on every spelling (as written, the one it may match).
 */
function servesNone(t: Template, prefix: string, routes: readonly RouteRef[] | undefined): boolean {
  const { tokens, served } = servedTokens(t, prefix, routes, true);
  return served.every((r) => patternsMeet([tokens, r]) === false);
}

/**
 * A template as tokens (writtenBlind), and the resource ARNs of the paths the API's routes serve:
 * written any way, or (`normalised`) as the normalised reading holds them.
 */
function servedTokens(
  t: Template,
  prefix: string,
  routes: readonly RouteRef[] | undefined,
  normalised = false,
): { tokens: Token[]; served: Token[][] } {
  const tokens = t.parts.flatMap((p): Token[] =>
    p.t === 'text'
      ? globTokens(p.s)
      : p.t === 'lit'
        ? [{ c: p.s }]
        : [p.def === undefined && VARIABLE_TEXT[p.key.toLowerCase()] !== undefined ? 'name' : 'run'],
  );
  // With the API's routes known, only the paths they serve: each segment written any way without
  // a `/` (a greedy parameter any way), after one `/` or more, and `/`s at the end; normalised,
  // each literal segment as itself after one `/`, a parameter any text.
  const segment = (seg: string): Token[] =>
    normalised
      ? [{ c: '/' }, ...(/^\{.+\}$/.test(seg) ? ['run' as const] : [...seg].map((c) => ({ c })))]
      : [{ c: '/' }, 'slashes', /^\{.+\+\}$/.test(seg) ? 'run' : 'word'];
  const served = routes?.map((r): Token[] => [
    ...globTokens(prefix),
    ...(r.method === 'ANY' ? ['run' as const] : [...r.method].map((c) => ({ c }))),
    ...r.path.split('/').filter(Boolean).flatMap(segment),
    ...(r.path.split('/').some(Boolean) ? [] : [{ c: '/' }]),
    ...(normalised ? [] : ['slashes' as const]),
  ]) ?? [globTokens(`${prefix}*`)];
  return { tokens, served };
}

/** Space.readApart: the templates that can match a served path (a route's, another API's never do). */
function readApartOf(
  templates: readonly ResourceTemplate[],
  prefix: string,
  routes: readonly RouteRef[] | undefined,
): Pick<Space, 'readApart'> {
  const apart = templates.filter((t) => !servesNone(t.template, prefix, routes)).map((t) => t.template.raw);
  return apart.length ? { readApart: apart } : {};
}

/**
 * Whether template `t` matches no request of route `route` (METHOD/path as its resource ARN holds
 * it) in either reading decide() makes of it, as written or normalised, whatever its variables hold
 * (each as the text it can hold): `…/GET/${aws:username}` over `GET/` or `GET//` (an IAM user name
 * is one character at least, and holds no `/`).
 */
export function templateCannotHold(t: ResourceTemplate, route: string): boolean {
  const slash = route.indexOf('/');
  return resourcePathReadings(route.slice(slash)).every((r) =>
    writtenCannotMatch(t.template, `${t.prefix}${route.slice(0, slash)}${r.path}`),
  );
}

/** The template dimension's values. */
export const TEMPLATE_MATCH = ['matches', 'does not match'] as const;

export interface SpaceOptions {
  method?: string;
  path?: string;
  /** Principals to tell apart even when no policy names them (a proof's listed principals). */
  principals?: { accounts?: string[]; roleArns?: string[] };
  /** Routes to tell apart even when no policy names them, as "METHOD /path" (the config's probes). */
  paths?: string[];
  /** Only these routes ("METHOD /path"): the question is asked for them alone. */
  routes?: string[];
  /**
   * The requests an API serves (its routes, when known): a request to any other path reaches no
   * method (Missing Authentication Token), so only served ones are regions. Path with its slash.
   */
  served?: (api: string, method: string, path: string) => boolean;
  /** More policies whose values split the space (both sides of a change, say). */
  policies?: CompiledPolicy[];
  /**
   * Resource patterns that stand for a route the API serves (see `served`), and the route each reads
   * as (`GET /orders/{id}`): a class reads "route is GET /orders", not the pattern of its stage.
   */
  routeNames?: ReadonlyMap<string, string>;
  /**
   * false: the caller names the trailing-slash paths it asks in `paths` (diff: slashedPaths's, read
   * apart from their routes in words, as its recorded outputs are); by default each exact path a Resource
   * names is asked with a trailing slash too and goes with its route in words (see withTwins). The
   * other written forms (`//p`, `%XX`) are asked either way (until 2026-12-03 diff asked none).
   */
  slashedTwins?: false;
  /**
   * false (diff by classes): route values are told apart by the patterns they match as written
   * alone, not also normalised; diff's regions stay as they were (docs/aws-behaviour.md §55, left:
   * the split costs route regions, and the second auditor's diff passed the point limit).
   */
  normalisedReadings?: false;
}

/** The resource part of a principal's ARN: role/PATH/NAME, user/PATH/NAME, federated-user/NAME (sts) or root. */
const IDENTITY =
  /^(?:(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}|federated-user\/[\w+=,.@-]{2,32}|root)$/;
const SESSION = /^[\w+=,.@-]{2,64}$/;

/** Keys the request carries because of who calls (partitioned as principal dimensions). */
const PRINCIPAL_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalisawsservice',
  'aws:principalservicename',
  // The caller's credentials' issue time and MFA: principal dimensions ('issued', 'mfa'), and the
  // age of that MFA ('mfaAge'), present exactly with credentials issued with MFA.
  'aws:tokenissuetime',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
]);
/**
 * Keys the request carries with a value known before it is sent (the engine sets them: TLS, and
 * callKeys' aws:RequestedRegion — the API's region — and aws:ViaAWSService, false for a direct
 * call): not dimensions, or classes would stand on values no request to the API carries.
 */
const FIXED_KEYS = new Set(['aws:securetransport', 'aws:requestedregion', 'aws:viaawsservice']);
/**
 * Keys only a service-to-service call carries, absent from every call through the endpoint (the
 * caller calls directly: aws:ViaAWSService is false, FIXED_KEYS). IAM's condition-keys page: the
 * Source keys are "included in the request context only if accessing a resource triggers an AWS
 * service to call another service on behalf of the resource owner"; the CalledVia keys are "not
 * present when the principal makes the call directly" (docs/aws-behaviour.md §8). Not dimensions:
 * a class standing on a value of one would hold no request.
 */
const SERVICE_KEYS = new Set([
  ...['account', 'arn', 'orgid', 'orgpaths'].map((k) => `aws:source${k}`),
  ...['', 'first', 'last'].map((k) => `aws:calledvia${k}`),
]);
/**
 * The resource keys: facts of the API, not of the request (docs/aws-behaviour.md §8, resource keys).
 * aws:ResourceAccount is the API's account in every call ("always included … for most service
 * actions", API Gateway not among the exceptions); aws:ResourceOrgID and aws:ResourceOrgPaths are
 * its account's organization and path, present only for a member; aws:ResourceTag/* is never in an
 * execute-api call (API Gateway's execute-api has no tag-based authorization). The engine gives
 * them so (requestContext); a key whose value the world states is no dimension: a class standing
 * on another value would hold no request to the API.
 */
function resourceKeyFixed(world: AnalysisWorld, api: AnalysisApi, lowerKey: string): boolean {
  if (lowerKey === 'aws:resourceaccount' || lowerKey.startsWith('aws:resourcetag/')) return true;
  if (lowerKey !== 'aws:resourceorgid' && lowerKey !== 'aws:resourceorgpaths') return false;
  const org = statedOrganization(world, api.account);
  if (org === undefined) return false;
  return lowerKey === 'aws:resourceorgid' || org === 'none' || world.orgPaths?.[api.account] !== undefined;
}

/**
 * The values aws:ResourceOrgID / aws:ResourceOrgPaths of a call to an API whose account's
 * organization is not stated may take: any but an organization whose member list is complete (the
 * account is stated nowhere, so it is in none of those), nor a path under one; as the prediction
 * decides (src/predict/resource-org.ts). Any value for another key.
 */
function resourceOrgValid(world: AnalysisWorld, api: AnalysisApi, lowerKey: string): (v: string) => boolean {
  const complete = world.completeOrganizations ?? [];
  if (complete.length === 0 || statedOrganization(world, api.account) !== undefined) return () => true;
  if (lowerKey === 'aws:resourceorgid') return (v) => !complete.includes(v);
  if (lowerKey === 'aws:resourceorgpaths') return (v) => !complete.some((o) => v.startsWith(`${o}/`));
  return () => true;
}

/** Why a resource key the world does not state is not known offline (resourceKeyFixed's others). */
function resourceKeyUnknown(api: AnalysisApi, lowerKey: string): string | undefined {
  if (lowerKey === 'aws:resourceorgid')
    return `the organization of the API's account ${api.account} is not stated (config organizations; id none for no organization)`;
  if (lowerKey === 'aws:resourceorgpaths')
    return `the organization path of the API's account ${api.account} is not stated (config organizations and orgPaths)`;
  return undefined;
}

/** The clock: the engine reads now unless the request says; partitioned when a policy tests it. */
export const CLOCK_KEYS = new Set(['aws:currenttime', 'aws:epochtime']);
const ENDPOINT_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

const UNKNOWABLE: Record<string, string> = {
  // docs/aws-behaviour.md §8: IAM says absent through a VPC endpoint, API Gateway says rewritten.
  'aws:sourceip':
    "through the endpoint AWS documents it as absent (IAM) or rewritten by the endpoint (API Gateway), never the caller's address: compare the caller's address with aws:VpcSourceIp",
  'aws:vpcsourceip': "the caller's address in the VPC is known only when the request is made",
  'aws:currenttime': 'the time of the request',
  'aws:epochtime': 'the time of the request',
};

function stringAtoms(c: MentionedCondition, map: (v: string) => string | undefined = (v) => v): Atom[] {
  const out: Atom[] = [];
  for (const raw of c.values) {
    if (raw.includes('${')) continue; // a policy variable: its value depends on the request
    const v = map(raw);
    if (v === undefined) continue;
    if (c.operator.family === 'String' && c.operator.base.includes('IgnoreCase'))
      out.push(atoms.equalsIgnoreCase(v));
    else if (c.operator.base.includes('Like') || c.operator.family === 'Arn') {
      if (/[*?]/.test(v)) out.push({ ...atoms.like(v, [v], 'q'), from: c.where });
      else out.push(atoms.equals(v));
    } else out.push(atoms.equals(v));
  }
  return out;
}

/**
 * The empty string as a region of its own when a set operator (ForAnyValue:, ForAllValues:) tests
 * the key: the engine reads an empty value there as a null data set, like a missing key
 * (ForAllValues true, ForAnyValue false; IAM's condition-operators page), which no other value is.
 * A tag may hold "" (IAM tag values may be empty).
 */
function emptyAtoms(cs: readonly MentionedCondition[]): Atom[] {
  return cs.some((c) => c.operator.qualifier !== undefined)
    ? [{ ...atoms.equals(''), label: 'empty ("")' }]
    : [];
}

/**
 * An account pattern: its seeds are 12 digits long (the wildcards filled with runs of one digit),
 * as the dimension keeps only valid account ids.
 */
function accountAtom(glob: string): Atom {
  if (!/[*?]/.test(glob)) return atoms.equals(glob);
  const a = atoms.like(glob, [glob], '0');
  const literal = glob.replace(/[*?]/g, '').length;
  const stars = (glob.match(/\*/g) ?? []).length;
  const seeds: string[] = [];
  for (const d of '0975') {
    const ones = glob.replace(/\?/g, d);
    const run = d.repeat(Math.max(0, 12 - literal - (glob.length - literal - stars)));
    // The whole run in the first star, or in the last.
    seeds.push(ones.replace('*', run).replace(/\*/g, ''));
    const last = ones.lastIndexOf('*');
    if (last !== -1) seeds.push(`${ones.slice(0, last).replace(/\*/g, '')}${run}${ones.slice(last + 1)}`);
  }
  return { ...a, seeds: [...new Set([...a.seeds, ...seeds])] };
}

/**
 * The tests one aws:userid value makes on the principal dimensions. A role session carries
 * ROLEID:SESSION and a federated user ACCOUNT:NAME (IAM's principal table; no part holds a colon),
 * so the value's colon falls on one position of the pattern: a literal ':' or a '?' (the first part
 * matches what comes before, the second what comes after), or a '*' (the first part matches the
 * part before and a '*', the second a '*' and the part after). The union of these pairs is exactly
 * the role sessions (id, session) and the federated users (account, name) the pattern matches; a
 * user's id and root's account are the whole value. A pair whose first part no account can match
 * makes no test on federated users (a role's AROA… id, say).
 */
function useridParts(
  c: MentionedCondition,
  v: string,
): { id: Atom[]; session: Atom[]; account: Atom[]; identity: Atom[] } {
  const ignoreCase = c.operator.base.includes('IgnoreCase');
  const like = c.operator.base.includes('Like') && /[*?]/.test(v);
  const exact = (x: string) => (ignoreCase ? atoms.equalsIgnoreCase(x) : atoms.equals(x));
  // A run of `*` matches what one does: split at one position, not at each (`**…*?` made thousands).
  if (like) v = v.replace(/\*+/g, '*');
  const glob = (x: string, fill: string) =>
    like && /[*?]/.test(x) ? { ...atoms.like(x, [x], fill), from: c.where } : exact(x);
  const federated = (name: string): Atom => {
    const a = glob(`federated-user/${name}`, 'q');
    // Read by the name alone: `federated user like "break-glass-*"`.
    return { ...a, label: `federated user ${a.label.replace('federated-user/', '')}` };
  };
  const out = { id: [] as Atom[], session: [] as Atom[], account: [] as Atom[], identity: [] as Atom[] };
  // A literal colon: no user's id nor account (neither holds one).
  if (!v.includes(':')) {
    out.id.push(glob(v, 'Z'));
    out.account.push(like ? { ...accountAtom(v), from: c.where } : exact(v));
  }
  const pairs: [string, string][] = [];
  if (!like) {
    const i = v.indexOf(':');
    if (i !== -1) pairs.push([v.slice(0, i), v.slice(i + 1)]);
  } else
    for (let i = 0; i < v.length; i++) {
      const ch = v[i];
      if (ch !== ':' && ch !== '?' && ch !== '*') continue;
      pairs.push(ch === '*' ? [`${v.slice(0, i)}*`, `*${v.slice(i + 1)}`] : [v.slice(0, i), v.slice(i + 1)]);
    }
  for (const [first, second] of pairs) {
    // A part holding a colon matches nothing; a lone `*` tests nothing.
    const firstTests = (!like || first !== '*') && !first.includes(':');
    const secondTests = (!like || second !== '*') && !second.includes(':');
    if (firstTests) out.id.push(glob(first, 'Z'));
    if (secondTests) out.session.push(glob(second, 'q'));
    if (!(like ? couldMatch(first, ACCOUNT, 0) : isAccountId(first))) continue;
    if (firstTests) out.account.push(like ? { ...accountAtom(first), from: c.where } : exact(first));
    if (secondTests) out.identity.push(federated(second));
  }
  return out;
}

/** Split an ARN pattern into its six components (undefined when it is not ARN-shaped). */
function arnParts(v: string): string[] | undefined {
  const parts = v.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** The atom of one role or user at its path, from `PATH/NAME` ("" or "a/b/" as the path). */
function namedAt(type: 'role' | 'user', pathAndName: string): Atom {
  const cut = pathAndName.lastIndexOf('/') + 1;
  return atoms.namedAt(type, pathAndName.slice(0, cut), pathAndName.slice(cut));
}

/** Organization id (or 'none') -> the accounts stated to be in it. */
export function statedOrganizations(world: AnalysisWorld): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (org: string, a: string) => {
    let s = out.get(org);
    if (!s) out.set(org, (s = new Set()));
    s.add(a);
  };
  for (const a of world.organization?.members ?? []) add(world.organization!.id, a);
  for (const [a, org] of Object.entries(world.memberships ?? {})) add(org, a);
  return out;
}

/** Principal ARNs parsed once (the same policies are read again for every API). */
const PARSED = new Map<string, ReturnType<typeof parseRoleArn>>();
function parsedArn(type: 'role' | 'user', arn: string): ReturnType<typeof parseRoleArn> {
  const key = `${type}\0${arn}`;
  if (PARSED.has(key)) return PARSED.get(key);
  if (PARSED.size > 100_000) PARSED.clear();
  const x = type === 'role' ? parseRoleArn(arn) : parseUserArn(arn);
  PARSED.set(key, x);
  return x;
}

/** Policies whose patterns were held to the wildcard limit (every API's space reads them again). */
const CHECKED = new WeakSet<CompiledPolicy>();

/** What is known of a configured role beyond the policies, as text (grouping key). */
const FACTS = new WeakMap<AnalysisRole, string>();
const FACT_IDS = new Map<string, string>();
/** Ids are never reused (a cleared FACT_IDS must not give two facts one id). */
let factCount = 0;

/** A resource-path template as a wildcard pattern: each `{name}` / `{name+}` as `*`. */
function templateGlob(path: string): string {
  return path.replace(/\{[^}]*\}/g, '*');
}

/**
 * What a policy says that the principal dimensions read (who it names, its conditions), as text.
 * Not where a condition is written (its `where`, for a refusal of its patterns): the same condition
 * in every API's own resource-policy file splits alike, and with the file in the text no two APIs
 * shared their dimensions (the 10,000-cell bench diff built them 100 times: about 130 ms). A
 * refusal is never a shared one: a build that refuses is not kept.
 */
const DIGESTS = new WeakMap<PolicyMentions, string>();
const notWhere = (key: string, value: unknown): unknown => (key === 'where' ? undefined : value);
function digestOf(m: PolicyMentions): string {
  let d = DIGESTS.get(m);
  if (d === undefined)
    DIGESTS.set(
      m,
      (d = JSON.stringify(
        [m.accounts, m.sessionArns, m.federatedUserArns, m.uniqueIds, m.principals, m.conditions],
        notWhere,
      )),
    );
  return d;
}

/** A short id per digest text (equal texts, equal ids), so keys built per API stay short. */
const DIGEST_IDS = new Map<string, number>();
const DIGEST_ID_OF = new WeakMap<PolicyMentions, number>();
function digestIdOf(m: PolicyMentions): number {
  let id = DIGEST_ID_OF.get(m);
  if (id === undefined) {
    const d = digestOf(m);
    id = DIGEST_IDS.get(d);
    // Ids are never reused: a cleared table keeps counting, so two texts never share one.
    if (id === undefined) DIGEST_IDS.set(d, (id = digestCount++));
    if (DIGEST_IDS.size > 100_000) DIGEST_IDS.clear();
    DIGEST_ID_OF.set(m, id);
  }
  return id;
}
let digestCount = 0;

/** Per world: the principal dimensions (and their notes) of each content seen. */
const PRINCIPAL_PARTS = new WeakMap<
  AnalysisWorld,
  Map<string, { principal: Dimension[]; notes: string[] }>
>();

/**
 * The principal dimensions of an API's space and the notes they make. They depend on the world,
 * the API's account, the principals the options name and what the statements in force (in order,
 * statementsReaching) say about principals alone, and most APIs of a world share all of that: they
 * are built once per content
 * and shared (a dimension is never changed once built), which also lets requests share their
 * principals across APIs (requestOf).
 */
function principalDimensions(
  world: AnalysisWorld,
  api: AnalysisApi,
  mentions: PolicyMentions[],
  opts: SpaceOptions,
): { principal: Dimension[]; notes: string[] } {
  let parts = PRINCIPAL_PARTS.get(world);
  if (!parts)
    PRINCIPAL_PARTS.set(world, (parts = new Map<string, { principal: Dimension[]; notes: string[] }>()));
  const key = `${JSON.stringify([api.account, opts.principals ?? null])}\0${mentions.map(digestIdOf).join(',')}`;
  let part = parts.get(key);
  if (!part) {
    if (parts.size > 1_000) parts.clear();
    parts.set(key, (part = buildPrincipalDimensions(world, api, mentions, opts)));
  }
  return { principal: part.principal, notes: [...part.notes] };
}

function buildPrincipalDimensions(
  world: AnalysisWorld,
  api: AnalysisApi,
  mentions: PolicyMentions[],
  opts: SpaceOptions,
): { principal: Dimension[]; notes: string[] } {
  const notes: string[] = [];
  const conditions = mentions.flatMap((m) => m.conditions);
  const byKey = (k: string) => conditions.filter((c) => c.lowerKey === k);
  // Account.
  const accountAtoms: Atom[] = [];
  // Who in the account: role/PATH/NAME, user/PATH/NAME or root; the three kinds always apart.
  const identityAtoms: Atom[] = [
    atoms.principalType('role'),
    atoms.principalType('user'),
    atoms.principalType('root'),
  ];
  // Federated users (GetFederationToken sessions) are a kind of their own: an account grant or
  // Principal "*" lets them in whether or not a policy names one.
  identityAtoms.push(atoms.principalType('federated-user'));
  const sessionAtoms: Atom[] = [];
  const idAtoms: Atom[] = [];
  const addPrincipalArn = (arn: string) => {
    const role = parseRoleArn(arn);
    const named = role ?? parseUserArn(arn);
    if (!named) return;
    accountAtoms.push(atoms.equals(named.account));
    identityAtoms.push(atoms.namedAt(role ? 'role' : 'user', named.path, named.name));
  };
  // Roles and users the Principal elements name: names that every policy names alike (the same
  // statements, for the same accounts) behave alike, so they share one atom (a hundred roles listed
  // together are one region, not a hundred). Names that stand apart otherwise (a known role, a
  // session, a proof's list) get an atom of their own too, which splits them out again.
  const named = new Map<string, Set<string>>();
  mentions.forEach((m, policy) => {
    for (const p of m.principals)
      for (const [type, arns] of [
        ['role', p.roleArns],
        ['user', p.userArns],
      ] as const)
        for (const arn of arns) {
          const x = parsedArn(type, arn);
          if (!x) continue;
          accountAtoms.push(atoms.equals(x.account));
          // The path is part of the ARN: the same name at another path is another principal.
          const key = `${type}/${x.path}${x.name}`;
          let where = named.get(key);
          if (!where) named.set(key, (where = new Set()));
          where.add(`${policy}#${p.statement}${p.not ? 'N' : 'P'}@${x.partition}:${x.account}`);
        }
  });
  // A known role stands apart by what is known of it beyond the policies (its identity policies,
  // tags, id): roles known alike (the same policy texts, in the same account) still group.
  for (const r of world.roles) {
    if (!(r.identityPolicies || r.permissionsBoundary || r.tags || r.roleId)) continue;
    const x = parsedArn('role', r.arn);
    if (!x) continue;
    accountAtoms.push(atoms.equals(x.account));
    let facts = FACTS.get(r);
    if (facts === undefined) {
      // As a short id: equal facts, equal ids (the grouping keys stay short).
      const text = JSON.stringify([
        r.identityPolicies?.map((p) => p.text) ?? null,
        r.permissionsBoundary?.text ?? null,
        r.tags ?? null,
        r.roleId ?? null,
      ]);
      let id = FACT_IDS.get(text);
      if (id === undefined) {
        if (FACT_IDS.size > 100_000) FACT_IDS.clear();
        FACT_IDS.set(text, (id = `f${factCount++}`));
      }
      FACTS.set(r, (facts = id));
    }
    const key = `role/${x.path}${x.name}`;
    let where = named.get(key);
    if (!where) named.set(key, (where = new Set()));
    where.add(`known@${x.partition}:${x.account}:${facts}`);
  }
  const alike = new Map<string, { type: 'role' | 'user'; names: string[] }>();
  for (const [key, where] of named) {
    const type = key.startsWith('role/') ? 'role' : 'user';
    const group = `${type}\0${[...where].sort().join('\0')}`;
    let g = alike.get(group);
    if (!g) alike.set(group, (g = { type, names: [] }));
    g.names.push(key.slice(type.length + 1));
  }
  for (const g of alike.values())
    identityAtoms.push(
      g.names.length === 1 ? namedAt(g.type, g.names[0]!) : atoms.namedAlike(g.type, g.names),
    );
  for (const m of mentions) {
    for (const a of m.accounts) accountAtoms.push(atoms.equals(a.slice(a.lastIndexOf(':') + 1)));
    for (const s of m.sessionArns) {
      const x = parseSessionArn(s);
      if (!x) continue;
      accountAtoms.push(atoms.equals(x.account));
      identityAtoms.push(atoms.named('role', x.roleName));
      sessionAtoms.push(atoms.equals(x.sessionName));
    }
    for (const id of m.uniqueIds) idAtoms.push(atoms.equals(id));
    // A federated user named: its ARN grants it directly (and spares it under NotPrincipal with its account).
    for (const f of m.federatedUserArns) {
      const x = parseFederatedUserArn(f);
      if (!x) continue;
      accountAtoms.push(atoms.equals(x.account));
      identityAtoms.push({
        ...atoms.equals(`federated-user/${x.name}`),
        label: `federated user ${JSON.stringify(x.name)}`,
      });
    }
  }
  // Principals a proof lists stand apart, and so does each account whose SCPs are stated (they
  // limit its principals only).
  for (const a of opts.principals?.accounts ?? []) accountAtoms.push(atoms.equals(a));
  for (const a of Object.keys(world.serviceControlPolicies ?? {})) accountAtoms.push(atoms.equals(a));
  for (const arn of opts.principals?.roleArns ?? []) addPrincipalArn(arn);
  // Membership is one atom, not one per member account: an organization of hundreds of accounts
  // adds two regions (members, others) that the accounts the policies name split further.
  for (const [org, accounts] of statedOrganizations(world)) {
    accountAtoms.push({
      label: org === 'none' ? 'stated to be in no organization' : `a member of ${org}`,
      kind: 'member',
      value: org,
      test: (v) => accounts.has(v),
      seeds: [...accounts],
    });
  }
  accountAtoms.push(atoms.equals(api.account));
  // A pattern's seeds must be account ids (12 digits): 'q'-filled seeds fit no account, so the
  // accounts '5555555555*' lets in were in no region at all.
  for (const c of byKey('aws:principalaccount'))
    for (const a of stringAtoms(c))
      accountAtoms.push(a.globs ? { ...accountAtom(a.value), from: c.where } : a);
  for (const c of byKey('aws:principalarn')) {
    for (const v of c.values) {
      if (v.includes('${')) continue;
      const parts = arnParts(v);
      if (!parts) {
        if (v === '*') continue;
        notes.push(`aws:PrincipalArn value "${v}" is not ARN-shaped: not partitioned`);
        continue;
      }
      const acct = parts[4]!;
      if (/[*?]/.test(acct)) accountAtoms.push({ ...accountAtom(acct), from: c.where });
      else if (acct) accountAtoms.push(atoms.equals(acct));
      const rest = parts[5]!;
      if (rest === '*') continue;
      // StringEqualsIgnoreCase lets in role/CI for role/ci: another principal, of another region.
      if (c.operator.base.includes('IgnoreCase')) identityAtoms.push(atoms.equalsIgnoreCase(rest));
      else if (!/[*?]/.test(rest)) identityAtoms.push(atoms.equals(rest));
      else identityAtoms.push({ ...atoms.like(rest, [rest], 'q'), from: c.where });
    }
  }
  for (const c of byKey('aws:username')) {
    // A user's name (the last part of its ARN); roles and root carry no aws:username.
    for (const a of stringAtoms(c))
      identityAtoms.push({
        ...a,
        // aws:username is the name alone: any path.
        label: `user named ${a.label}${a.globs ? '' : ' (any path)'}`,
        test: (v) => v.startsWith('user/') && a.test(v.slice(v.lastIndexOf('/') + 1)),
        seeds: a.seeds.map((x) => `user/${x}`),
        ...(a.globs ? { globs: a.globs.flatMap((g) => [`user/${g}`, `user/*/${g}`]) } : {}),
      });
  }
  // aws:userid is ROLEID:SESSION for a role session, the user's id for a user, the account for
  // root: each value splits exactly into tests on the id, the session and the account (useridParts).
  for (const c of byKey('aws:userid'))
    for (const raw of c.values) {
      if (raw.includes('${')) continue; // a policy variable: a dimension of its own (conditionTemplates)
      const parts = useridParts(c, raw);
      idAtoms.push(...parts.id);
      sessionAtoms.push(...parts.session);
      accountAtoms.push(...parts.account);
      identityAtoms.push(...parts.identity);
    }
  const principal: Dimension[] = [
    new Dimension({
      id: 'account',
      label: 'account',
      atoms: accountAtoms,
      absent: false,
      valid: isAccountId,
      fresh: ['000000000000', '123456789012', '987654321098'],
      freshChars: '7386',
    }),
    new Dimension({
      id: 'identity',
      label: 'principal (role/user/root)',
      atoms: identityAtoms,
      absent: false,
      valid: (v) => IDENTITY.test(v),
      fresh: ['role/OtherRole', 'user/OtherUser', 'root'],
    }),
    new Dimension({
      id: 'session',
      label: 'session name',
      atoms: sessionAtoms,
      absent: false,
      valid: (v) => SESSION.test(v),
      fresh: ['other-session'],
    }),
  ];
  if (idAtoms.length) {
    // Unique ids: a known role carries its own; any other principal any id but those.
    for (const r of world.roles) if (r.roleId) idAtoms.push(atoms.equals(r.roleId));
    // Role ids (AROA…) and user ids (AIDA…) apart: a role never carries a user's, nor the reverse.
    for (const [head, what] of [
      ['AROA', 'a role id'],
      ['AIDA', 'a user id'],
    ] as const)
      idAtoms.push({ ...atoms.like(`${head}*`, [`${head}*`], 'Z'), label: `${what} (${head}…)` });
    principal.push(
      new Dimension({
        id: 'uid',
        label: 'unique id',
        atoms: idAtoms,
        absent: true,
        valid: (v) => /^[A-Z0-9]{4,128}$/.test(v),
        fresh: ['AROAZZZZZZZZZZZZZZZZZ', 'AIDAZZZZZZZZZZZZZZZZZ'],
        freshChars: 'QJXKVW7',
        // An IAM unique id is 21 characters, the prefix and 17 uppercase letters or digits
        // (AROADBQP57FF2AEXAMPLE): a witness's `*` is filled to that length.
        starFill: (w) => UNIQUE_ID_FILL.slice(0, Math.max(2, 21 - w.length)),
        reads: (w) => !/^A(RO|ID)A/.test(w) || /^A(RO|ID)A[A-Z0-9]{17}$/.test(w),
      }),
    );
  }
  const orgConditions = byKey('aws:principalorgid');
  if (orgConditions.length) {
    const orgAtoms = orgConditions.flatMap((c) => stringAtoms(c));
    for (const org of statedOrganizations(world).keys()) if (org !== 'none') orgAtoms.push(atoms.equals(org));
    principal.push(
      new Dimension({
        id: 'org',
        label: 'organization',
        atoms: orgAtoms,
        absent: true,
        valid: (v) => /^o-[a-z0-9]{1,32}$/.test(v),
        fresh: ['o-zzzzzzzzzz', 'o-zzzzzzzzzzq'],
      }),
    );
  }
  const orgPaths = byKey('aws:principalorgpaths');
  if (orgPaths.length) {
    principal.push(
      new Dimension({
        id: 'orgPath',
        label: 'organization path',
        // A path begins with its organization's id, and a stated account carries its stated path:
        // regions split on both, so impossible() can tell a path from another organization.
        atoms: [
          ...orgPaths.flatMap((c) => stringAtoms(c)),
          ...[...statedOrganizations(world).keys()]
            .filter((org) => org !== 'none')
            .map((org) => atoms.like(`${org}/*`, [`${org}/*`], 'q')),
          ...Object.values(world.orgPaths ?? {}).map((path) => atoms.equals(path)),
        ],
        absent: true,
        valid: (v) => v.length > 0,
        fresh: ['o-zzzzzzzzzz/r-zzzz/ou-zzzz-zzzzzzzz/'],
        // A path is ids each ending in `/` (o-…/r-…/ou-…/): a witness whose `*` was taken as
        // nothing (`o-a1b2c3d4e5//ou-ab12-dev/1`), or that lacks the root or has an id AWS never
        // gives (`o-a1b2c3d4e5/`, `…/r-ab12/ou-1`), is tidied where its region allows (§58).
        oddness: orgPathOddness,
        edits: orgPathEdits,
      }),
    );
  }
  const issued = byKey('aws:tokenissuetime');
  if (issued.length) {
    const d = issuedDimension(issued, clockOf(world));
    principal.push(d);
    if (d.regions.some((r) => issuedLater(r.witness, clockOf(world))))
      notes.push(
        `aws:TokenIssueTime: the policies name instants later than now (${new Date(clockOf(world)).toISOString()}: --now, else the start of the run's UTC day, so credentials issued since then may exist already); credentials issued then are classes of their own ("later than now"), which nobody was in by now but whoever is issued such credentials will be, with no policy changed (a proof counts them as getting through)`,
      );
  }
  const mfa = byKey('aws:multifactorauthpresent');
  const mfaAge = byKey('aws:multifactorauthage');
  // The age comes with MFA alone: a policy testing it tells sessions with MFA apart too.
  if (mfa.length || mfaAge.length) principal.push(mfaDimension(mfa));
  if (mfaAge.length) principal.push(mfaAgeDimension(mfaAge, notes));
  const tagKeys = new Map<string, string>();
  for (const c of conditions) {
    if (c.lowerKey.startsWith('aws:principaltag/') && !tagKeys.has(c.lowerKey))
      tagKeys.set(c.lowerKey, c.key.slice('aws:PrincipalTag/'.length));
  }
  for (const [lower, name] of tagKeys) {
    principal.push(
      new Dimension({
        id: `tag:${name}`,
        label: `tag ${name}`,
        atoms: [...byKey(lower).flatMap((c) => stringAtoms(c)), ...emptyAtoms(byKey(lower))],
        absent: true,
        valid: () => true,
        // Each tag its own (a condition may compare two tags: their witnesses must not be equal by chance).
        fresh: [`other-${name}`],
      }),
    );
  }
  return { principal, notes };
}

export function buildSpace(world: AnalysisWorld, api: AnalysisApi, opts: SpaceOptions = {}): Space {
  const policies: CompiledPolicy[] = [];
  if (world.endpoint?.policy) policies.push(world.endpoint.policy);
  if (api.resourcePolicy) policies.push(api.resourcePolicy);
  for (const r of world.roles) policies.push(...(r.identityPolicies ?? []));
  for (const r of world.roles) if (r.permissionsBoundary) policies.push(r.permissionsBoundary);
  for (const levels of Object.values(world.serviceControlPolicies ?? {})) policies.push(...levels.flat());
  policies.push(...(opts.policies ?? []));
  return namingPolicies(policies, () => spaceOf(world, api, opts, policies));
}

function spaceOf(
  world: AnalysisWorld,
  api: AnalysisApi,
  opts: SpaceOptions,
  policies: CompiledPolicy[],
): Space {
  const notes: string[] = [];
  for (const p of policies)
    if (!CHECKED.has(p)) {
      checkPatternWildcards([p]);
      CHECKED.add(p);
    }
  const mentions = policies.map((p) => policyMentions(p));
  // The engine's partition rule (botocore's partitions), so the prefix is the ARN it builds.
  const partition = partitionOfRegion(api.region);
  // Resource patterns as the engine matches them for this API: the short form (`execute-api:/…`)
  // is this API's own ARN (bindShortForm).
  const apiArn = `arn:${partition}:execute-api:${api.region}:${api.account}:${api.id}`;
  const resourcePatterns = mentions.flatMap((m) => m.resources.map((r) => bindShortForm(r, apiArn)));
  const resourceTemplates = mentions.flatMap((m) => m.resourceTemplates.map((r) => bindShortForm(r, apiArn)));
  // Which configured roles' own policies hold each template (a shared policy: none, see ResourceTemplate.owners).
  const ownerOf = new Map<CompiledPolicy, string>();
  for (const r of world.roles)
    for (const p of [
      ...(r.identityPolicies ?? []),
      ...(r.permissionsBoundary ? [r.permissionsBoundary] : []),
    ])
      ownerOf.set(p, r.arn);
  const owners = new Map<string, Set<string> | null>();
  policies.forEach((p, i) => {
    for (const raw of mentions[i]!.resourceTemplates.map((r) => bindShortForm(r, apiArn))) {
      const owner = ownerOf.get(p);
      const known = owners.get(raw);
      if (owner === undefined || known === null) owners.set(raw, null);
      else owners.set(raw, new Set([...(known ?? []), owner]));
    }
  });

  // Route: the method, and the path as the Resource patterns see it after the API's own prefix.
  const served = opts.served;
  const prefix = `${apiArn}/${api.stage}/`;
  const methods = opts.method ? [opts.method.toUpperCase()] : [...METHODS];
  const pathAtoms: Atom[] = [];
  const extraPaths = new Set<string>(opts.paths);
  // The written forms of the paths the Resource patterns name (`GET/entries/`, `GET//entries`,
  // `GET/%65ntries`), each to the route value it is routed as: see below.
  const twins = new Map<string, string>();
  // The same of the patterns' paths (globTwins), as route patterns: one atom for them all, below.
  const spelled: string[] = [];
  const skeletonsForPaths = [...new Set(resourceTemplates)].flatMap((raw) => {
    const t = parseTemplate(raw);
    return t ? [t.parts.map((p) => (p.t === 'text' ? p.s : p.t === 'lit' ? '?' : '*')).join('')] : [];
  });
  // Each pattern once: the same Resource recurs in many policies (every role's identity policy, say).
  // Only for the path dimension: none when the routes or the path are given.
  const pathPatterns =
    opts.routes === undefined && opts.path === undefined
      ? new Set([...resourcePatterns, ...skeletonsForPaths])
      : [];
  // Where each is written: a refusal of the path's patterns names the statement.
  const sources = resourceSources(policies, (r) => bindShortForm(r, apiArn));
  const fromTemplate = new Set(skeletonsForPaths.filter((k) => !resourcePatterns.includes(k)));
  // slashedPaths' trailing-slash paths, read off the loop's own residuals (one pass: until
  // 2026-12-03 slashedPaths computed each pattern's residual per method again).
  const slashed: string[] = [];
  // The paths whose forms with more changes are searched (see formsBySet below).
  // `rests`: what a pattern holds after the head (`*` of `docs/*`), for the forms as patterns' heads;
  // `asked`: route values the spelled atom's seeds hold already (a pattern's instance, below);
  // `literal`: a pattern's literal head or exact path (else only an instance, `docs/q/secret`).
  const formHeads = new Map<
    string,
    {
      method: string;
      head: string;
      from?: Atom['from'];
      rests: Set<string>;
      asked: string[];
      literal: boolean;
    }
  >();
  const formHead = (method: string, head: string, from: Atom['from'] | undefined, literal: boolean) => {
    let at = formHeads.get(`${method}/${head}`);
    if (!at)
      formHeads.set(`${method}/${head}`, (at = { method, head, from, rests: new Set(), asked: [], literal }));
    at.literal ||= literal;
    return at;
  };
  for (const pattern of pathPatterns) {
    for (const method of methods) {
      const globs = residual(pattern, `${prefix}${method}/`);
      const trailing = slashedPath(method, globs);
      if (trailing) slashed.push(trailing);
      if (globs.length === 0 || globs.includes('*')) continue;
      const exact = globs.length === 1 && !/[*?]/.test(globs[0]!);
      const from = sources.get(pattern);
      pathAtoms.push(
        exact
          ? atoms.equals(globs[0]!)
          : { ...atoms.like(pattern, globs, 'q', 'matched by Resource'), ...(from ? { from } : {}) },
      );
      // The path a Resource names (exactly, or as a pattern's literal head) written other ways that
      // API Gateway routes to the same method (a trailing slash, an empty segment, an encoded
      // character): its resource ARN reads two ways (as written, normalised: docs/aws-behaviour.md
      // §5c, §55), which the Resource tells apart; decide() decides both. Until 2026-12-02 no such
      // path was asked but by a diff, then the trailing slash of an exact path alone.
      // Not a Resource with policy variables (its skeleton `users/*` here): its bound values decide
      // each form apart, which the search cannot always realise (kinds left unsearched, exit 3).
      if (globs.length === 1 && !fromTemplate.has(pattern)) {
        const head = globs[0]!.replace(/[*?].*$/, '');
        if (resourceTemplates.length === 0) {
          const at = formHead(method, head, from, true);
          if (!exact) at.rests.add(globs[0]!.slice(head.length));
        }
        for (const [twin, plain] of pathTwins(head, exact, resourceTemplates.length > 0)) {
          // The trailing slash is a path of its own (the path dimension); the others only routes.
          // With slashedTwins false the caller asks it (in `paths`, apart from its route in words).
          if (twin.endsWith('/') && !twin.startsWith('/')) {
            if (opts.slashedTwins === false) continue;
            extraPaths.add(`${method} /${twin}`);
          }
          twins.set(`${method}/${twin}`, `${method}/${plain}`);
        }
        // A pattern's paths written other ways, its wildcards kept (`GET//docs/*`): a route with a
        // parameter serves them where it serves none of the head's forms (globTwins).
        // A form the pattern matches anyway (`docs//*`, a `/` doubled beside a `*`) escapes nothing.
        if (!exact) {
          const own = compileWildcard(globs[0]!);
          const forms = globTwins(globs[0]!, resourceTemplates.length > 0).filter(
            (g) => !instances(g, 'q').every((v) => own.test(v)),
          );
          for (const g of forms) spelled.push(`${method}/${g}`);
          // A served path of the pattern (`docs/q/secret`) is searched written every way too: its
          // forms with several changes past the head (`docs/q/%73%65cret`) escape a Deny of
          // `docs/*/secret` and of each one-change form (pass 20: the reach proof passed).
          if (resourceTemplates.length === 0)
            formHead(method, instances(globs[0]!, 'q').at(-1)!, from, false).asked.push(
              ...forms.map((g) => `${method}/${instances(g, 'q').at(-1)!}`),
            );
        }
      }
    }
  }
  // Each such path's forms, searched before the path dimension's regions: past its bound the
  // refusal names the path (the dimension's witness search, past its own, would name none).
  const formsOf = new Map<string, Map<string, string>>();
  // The route patterns below (no template: formHeads holds none then).
  const formPatterns = [...new Set(resourcePatterns)].filter((p) => residual(p, prefix).length > 0);
  for (const [plain, { method, head, from }] of formHeads) {
    const forms = formsBySet(head, `${prefix}${method}/`, formPatterns);
    if (!forms)
      throw new InputError(
        `${from ? `${from.ref}: ` : ''}the Resource patterns tell apart more than ${formatCount(formStatesBound(head))} ways of writing the path ${JSON.stringify(`${method} /${head}`)} for API "${api.alias}" (with empty segments and percent-encoded characters); who-can, diff and the reach proofs search at most that many per path (docs/limits.md)`,
        from ? { file: from.file } : {},
      );
    formsOf.set(plain, forms);
  }
  // The exact paths with a trailing slash too (slashedPaths, diff's rule as well: a stage `*` before
  // `GET/entries`; before, only a diff asked such a path). Most are pathTwins' already (the same
  // path and twin: no change); those of a Resource with policy variables, of a path after `//`, and
  // of the second reading are not.
  if (opts.slashedTwins !== false)
    for (const p of [
      ...slashed,
      ...[...pathPatterns].flatMap((q) => stageSlashedPaths(q, prefix, methods)),
    ]) {
      extraPaths.add(p);
      const v = p.replace(' /', '/');
      if (!twins.has(v)) twins.set(v, v.slice(0, -1));
    }
  // Routes not AWS_IAM (NONE, an authorizer's, of unknown type) are decided otherwise: their paths
  // are told apart, each a route the API serves (AWS_IAM ones are the rest).
  const typed = typedRoutes(api);
  const otherwise = typed.filter((r) => r.authorizationType !== 'AWS_IAM');
  for (const route of otherwise) {
    const r = formatRoute(route);
    const path = r.slice(r.indexOf(' ') + 2);
    // A template (`items/{id}`) is a pattern of paths: each {name} as a wildcard.
    pathAtoms.push(
      path.includes('{') ? atoms.like(r, [templateGlob(path)], 'q', 'path of') : atoms.equals(path),
    );
  }
  for (const p of extraPaths) pathAtoms.push(atoms.equals(p.slice(p.indexOf(' ') + 2)));
  // Paths that tell the patterns apart, found per method; the route (METHOD/path) is then one
  // dimension whose regions are the sets of Resource patterns the API's resource ARN matches.
  const paths =
    opts.routes !== undefined
      ? []
      : opts.path !== undefined
        ? [opts.path.replace(/^\//, '')]
        : new Dimension({
            id: 'path',
            label: 'path',
            atoms: pathAtoms,
            absent: false,
            valid: (v) =>
              /^[^\s?#]*$/.test(v) &&
              !v.startsWith('/') &&
              (!served || methods.some((m) => served(api.alias, m, `/${v}`))),
            fresh: ['', 'other'],
          }).regions.map((r) => r.witness!);
  const routeAtoms: Atom[] = [];
  const templateRaws = [...new Set(resourceTemplates)];
  const templates: ResourceTemplate[] = [];
  const skeletons: string[] = [];
  // Each written form is a region of its own when a Resource has policy variables (see alike below).
  const normalisedOn = (template: Template): Pick<ResourceTemplate, 'normalisedOn'> => {
    const on = new Set([...twins.keys()].filter((v) => writtenCannotMatch(template, `${prefix}${v}`)));
    return on.size || blindSplits
      ? { normalisedOn: (v) => on.has(v) || (blindSplits && spelledReadNormalised(v)) }
      : {};
  };
  // Every template blind to paths written another way (writtenBlind): their spellings are read as
  // without templates (splits, below), each template's one reading that can match (normalised) in.
  const blindSplits =
    opts.normalisedReadings !== false &&
    templateRaws.length > 0 &&
    templateRaws.every((raw) => {
      const t = parseTemplate(raw);
      return (
        t !== undefined &&
        writtenBlind(t, prefix, served && api.routes?.length ? typedRoutes(api) : undefined)
      );
    });
  for (const raw of templateRaws) {
    const template = parseTemplate(raw);
    if (!template) continue;
    skeletons.push(template.parts.map((p) => (p.t === 'text' ? p.s : p.t === 'lit' ? '?' : '*')).join(''));
    templates.push({
      id: `template:${templates.length}`,
      template,
      probe: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: INVOKE_ACTION, Resource: raw }],
        },
        { name: `template ${raw}` },
      ),
      prefix,
      ...(owners.get(raw) ? { owners: [...owners.get(raw)!] } : {}),
      ...normalisedOn(template),
    });
  }
  // Patterns no resource ARN of this API can match (another API's, say) tell nothing apart here.
  const patterns = [...new Set([...resourcePatterns, ...skeletons])].filter(
    (p) => residual(p, prefix).length > 0,
  );
  for (const pattern of patterns) {
    const m = compileWildcard(pattern);
    routeAtoms.push({
      label: opts.routeNames?.get(pattern) ?? `matched by Resource ${JSON.stringify(pattern)}`,
      kind: 'like',
      value: pattern,
      test: (v) => m.test(prefix + v),
      seeds: [],
    });
  }
  for (const route of otherwise) {
    const r = formatRoute(route);
    const [method, path] = [r.slice(0, r.indexOf(' ')), r.slice(r.indexOf(' ') + 2)];
    const label = `${method} /${path} (authorization ${route.authorizationType ?? 'unknown'})`;
    // The requests that reach it as API Gateway routes them among every route (the same test as the
    // decision's authorization type: a more literal route beside it takes its own), searched from
    // its pattern.
    const reaches = (v: string) => {
      const slash = v.indexOf('/');
      return matchRoute(typed, v.slice(0, slash), pathSegments(v.slice(slash))) === route;
    };
    if (!path.includes('{') && method !== 'ANY') {
      routeAtoms.push({ ...atoms.equals(`${method}/${path}`), label });
      continue;
    }
    const glob = `${method === 'ANY' ? '*' : method}/${templateGlob(path)}`;
    const like = atoms.like(r, [glob], 'q');
    routeAtoms.push({ ...like, label, test: reaches });
  }
  const routeWords = (v: string) => `${v.slice(0, v.indexOf('/'))} ${v.slice(v.indexOf('/'))}`;
  for (const p of extraPaths) {
    const v = p.replace(' /', '/');
    if (!twins.has(v)) routeAtoms.push({ ...atoms.equals(v), label: p });
  }
  // A path's written forms that every Resource pattern matches alike are decided alike (they route
  // alike and read alike normalised): one atom, one region, one witness (the first: a trailing slash
  // before `//` and `%XX`). Apart, three forms a path doubled the kinds of request over the demo world.
  const twinAtoms = new Set<Atom>();
  const patternTests = patterns.map((pattern) => compileWildcard(pattern));
  // Which patterns a route value matches, once per value (the form search and alike below both ask).
  const setByRoute = new Map<string, string>();
  const setOf = (route: string) => {
    let set = setByRoute.get(route);
    if (set === undefined)
      setByRoute.set(route, (set = patternTests.map((m) => (m.test(prefix + route) ? 1 : 0)).join('')));
    return set;
  };
  // Forms with several changes (`GET /%65%6Etries`, `GET //entries/`): one more form for each set of
  // patterns only such a form lands in (formsBySet, an exact search), so a Deny that lists every
  // one-change form is still seen through. Not with policy variables (each form is its own region
  // there, three a path: formsBySet's sets are not what the engine sees).
  const setsOf = new Map<string, Set<string>>();
  const setsFor = (plain: string) => {
    let sets = setsOf.get(plain);
    if (!sets) setsOf.set(plain, (sets = new Set([setOf(plain)])));
    return sets;
  };
  for (const [twin, plain] of twins) setsFor(plain).add(setOf(twin));
  // An instance's forms (`GET/entries/q/` of `entries/*`) are values to try, not routes of their own:
  // pinned, each was the one value of its region, and the pattern's other paths written alike
  // (`GET/entries/7/`, the same patterns as written) had a region no search looked for (pass 21,
  // a fuzzer's world: an Allow of `*/` over GET /entries/{id}, GET //entri%65s/7/ in no class).
  const instanceForms: string[] = [];
  for (const [plain, { method, rests, asked, literal }] of formHeads) {
    const forms = formsOf.get(plain)!;
    const sets = setsFor(plain);
    for (const route of asked) sets.add(setOf(route));
    for (const form of forms.values()) {
      const route = `${method}/${form}`;
      // A form asked already: a twin, or a path of its own (diff's trailing slash, a probe).
      if (twins.has(route) || route === plain || extraPaths.has(`${method} /${form}`)) continue;
      const set = setOf(route);
      if (sets.has(set)) continue;
      sets.add(set);
      if (!literal) {
        instanceForms.push(route);
        continue;
      }
      twins.set(route, plain);
      // The form as the head of the pattern's paths (`GET/%64%6Fcs/*` of `.../GET/docs/*`): a
      // route with a parameter serves them, not the head (pass 20: with GET /docs/{id} the route,
      // a Deny of docs/* and each of its one-change forms, an outsider's GET /%64%6Fcs/7 was in no
      // class and "no principal outside the organization can reach" passed).
      for (const rest of rests) spelled.push(`${method}/${form}${rest}`);
    }
  }
  const alike = new Map<string, string[]>();
  for (const [twin, plain] of twins) {
    // A Resource with policy variables matches each form as its variables' values say: apart.
    const key = templates.length > 0 ? twin : `${plain} ${setOf(twin)}`;
    const forms = alike.get(key);
    if (forms) forms.push(twin);
    else alike.set(key, [twin]);
  }
  for (const forms of alike.values()) {
    const set = new Set(forms);
    const atom: Atom =
      forms.length === 1
        ? { ...atoms.equals(forms[0]!), label: routeWords(forms[0]!) }
        : {
            label: `${routeWords(forms[0]!)} (or ${
              forms.length <= 3
                ? forms.slice(1).map(routeWords).join(', ')
                : `${routeWords(forms[1]!)} and ${forms.length - 2} other spellings of ${routeWords(twins.get(forms[0]!)!)}`
            })`,
            kind: 'names',
            value: forms.join(','),
            test: (v) => set.has(v),
            seeds: [forms[0]!],
          };
    twinAtoms.add(atom);
    routeAtoms.push(atom);
  }
  // The patterns' paths written other ways (spelled): one atom whose seeds are served paths of each
  // form, so a route with a parameter has a region of them (`GET//docs/q`, which a Deny of
  // `.../GET/docs/*` does not match as written); a form a twin names exactly is that twin's. Until
  // 2026-12-03 only the head's forms were asked, so none was served and a reach proof passed.
  let spelledAtom = false;
  if (spelled.length > 0) {
    const forms = [...new Set(spelled)];
    const ms = forms.map((f) => compileWildcard(f));
    spelledAtom = true;
    routeAtoms.push({
      label: `a spelling of a path a Resource pattern names (e.g. ${routeWords(forms[0]!)})`,
      kind: 'like',
      value: forms.join(','),
      // Every form holds `//`, a `%` or a last `/` the plain path has not: the others are not asked.
      test: (v) => spelledGuard(v) && !twins.has(v) && ms.some((m) => m.test(v)),
      seeds: forms.flatMap((f) => instances(f, 'q')),
      spelled: true,
    });
  }
  // A route's written forms go with it in words ("route is GET /entries" holds GET /entries/ and
  // GET //entries too): every other atom that holds on the route holds on each, and a form's own atom
  // tells it apart only where the two readings of its resource ARN decide it otherwise.
  const withTwins = (a: Atom): Atom =>
    twinAtoms.has(a) || twins.size === 0
      ? a
      : {
          ...a,
          test: (v) => {
            if (a.test(v)) return true;
            const plain = twins.get(v);
            return plain !== undefined && a.test(plain);
          },
        };
  // A route value written another way (`GET/entries//secret`): decide() reads its resource ARN as
  // written and normalised (`GET/entries/secret`) and lets it in when either reading does, so its
  // region must be decided as that. Most spellings are decided by one reading (readingOrder): read
  // as their normalised path, or by the patterns they match as written (as before); the others are
  // told apart by the patterns their normalised path matches too (docs/aws-behaviour.md §55).
  // Until 2026-12-03 a region held such values by the patterns they match as written alone, and
  // GET /entries//secret, matched as written by a Deny of `.../GET/entries/*/secret` as
  // GET /entries/7/secret is, was in that denied class though its normalised reading gets through.
  // Route values with an atom of their own (twins, paths asked) are read in words as before.
  const pinned = new Set([...twins.keys(), ...[...extraPaths].map((p) => p.replace(' /', '/'))]);
  // With policy variables, only where every template is blind to paths written another way
  // (writtenBlind); else their forms are each a region, read as written (§55, left).
  const splits = (templates.length === 0 || blindSplits) && opts.normalisedReadings !== false;
  // How a spelling's two readings compare (readingOrder): most read as one of them decides.
  const polarity = new Map<string, 'allow' | 'deny' | 'both'>();
  if (splits)
    for (const [raw, side] of resourceSides(policies)) {
      const bound = bindShortForm(raw, apiArn);
      const was = polarity.get(bound);
      polarity.set(bound, was === undefined || was === side ? side : 'both');
    }
  // A blind template matches a spelling as written never, normalised where its normalised path may
  // hold its variables' values: one pattern more for readingOrder, matched in the normalised reading
  // alone, on the template's side. Its skeleton (no pattern of any policy) orders nothing.
  const skeletonAt = new Set(
    patterns.flatMap((p, i) => (skeletons.includes(p) && !resourcePatterns.includes(p) ? [i] : [])),
  );
  const withTemplates = [...patterns, ...templates.map((t) => t.template.raw)];
  const templateSides = new Map(polarity);
  for (const t of templates) templateSides.set(t.template.raw, polarity.get(t.template.raw) ?? 'both');
  const keep = (set: string) => [...set].map((b, i) => (skeletonAt.has(i) ? '0' : b)).join('');
  const mayMatch = (n: string) =>
    templates.map((t) => (writtenCannotMatch(t.template, `${prefix}${n}`) ? '0' : '1')).join('');
  // A value read as another is routed as it too: decide() reads the route's authorization type, and
  // only a served value has a region. `%2F` decodes to `/` in the normalised reading but routes as
  // part of its segment (GET //entries%2F7 reaches {proxy+}; GET //entries/7/, read normalised alike,
  // reaches /entries/{id}): until 2026-12-03 one was read as the other (a NONE route's anonymous call
  // the engine allows in a denied class, or a served value in no class when the other is not served).
  const routeOfValue = (v: string) => {
    const slash = v.indexOf('/');
    return matchRoute(typed, v.slice(0, slash), pathSegments(v.slice(slash)));
  };
  const routesAlike = (a: string, b: string) => typed.length === 0 || routeOfValue(a) === routeOfValue(b);
  // A normalised reading is routed by its segments as they are: decoded again, a `%` it holds (GET
  // /%2565ntries/7 reads %65ntries/7, which {proxy+} serves) would route as another path
  // (/entries/{id}); until 2026-12-03 such a request was read as that path's (a denied class).
  const normalisedRoutesAs = (n: string, v: string) => {
    if (typed.length === 0) return true;
    const slash = n.indexOf('/');
    const segments = n
      .slice(slash + 1)
      .split('/')
      .filter(Boolean);
    return matchRoute(typed, n.slice(0, slash), segments) === routeOfValue(v);
  };
  const orders = new Map<string, ReadingOrder>();
  const orderOf = (v: string): ReadingOrder => {
    let o = orders.get(v);
    if (o === undefined) {
      const n = pinned.has(v) ? undefined : normalisedRoute(v);
      if (n === undefined) o = 'same';
      else if (templates.length === 0) o = readingOrder(setOf(v), setOf(n), patterns, polarity);
      else
        o = readingOrder(
          keep(setOf(v)) + '0'.repeat(templates.length),
          keep(setOf(n)) + mayMatch(n),
          withTemplates,
          templateSides,
        );
      // Read as its normalised path only where that path routes as it (routesAlike): else both
      // readings tell its region apart (GET /a%2Fb over GET /{name}: a/b is no path it serves).
      if (o === 'normalised' && !normalisedRoutesAs(n!, v)) o = 'both';
      if (orders.size > 100_000) orders.clear();
      orders.set(v, o);
    }
    return o;
  };
  // A spelling whose readings the patterns order neither way is decided by both: its region is
  // told apart by the patterns its normalised path matches too, and by this atom (its words say so).
  const bothWays: Atom = {
    label: 'written another way, its two readings told apart',
    kind: 'like',
    value: 'read both ways',
    test: (v) => orderOf(v) === 'both',
    seeds: [],
  };
  const normalisedAtoms: Atom[] = (splits ? patterns : []).map((pattern, i) => ({
    label: `with its path normalised, matched by Resource ${JSON.stringify(pattern)}`,
    kind: 'like',
    value: `${pattern} (normalised)`,
    test: (v) => orderOf(v) === 'both' && patternTests[i]!.test(prefix + normalisedRoute(v)!),
    seeds: [],
  }));
  // Another spelling of a pinned value's path (`GET///entries` beside `GET//entries`) that its
  // Resource patterns match as that value is matched as written is read as that value: decide()
  // reads both alike (the same patterns as written, the same path normalised), so it is in its
  // region and adds none (the words of the forms' regions stay). A spelling whose written reading
  // lets in no more than its normalised one ('normalised') is read as its normalised path.
  const pinnedBy = new Map<string, { v: string; bits: string }[]>();
  if (splits)
    for (const v of pinned) {
      const n = normalisedRoute(v);
      if (n !== undefined) pinnedBy.set(n, [...(pinnedBy.get(n) ?? []), { v, bits: setOf(v) }]);
    }
  const reps = new Map<string, string>();
  const repOf = (v: string): string => {
    let rep = reps.get(v);
    if (rep === undefined) {
      const n = pinned.has(v) ? undefined : normalisedRoute(v);
      const bits = n === undefined ? '' : setOf(v);
      rep =
        (n !== undefined && pinnedBy.get(n)?.find((p) => p.bits === bits && routesAlike(p.v, v))?.v) ||
        (n !== undefined && orderOf(v) === 'normalised' ? n : v);
      if (reps.size > 100_000) reps.clear();
      reps.set(v, rep);
    }
    return rep;
  };
  const asPinned = (a: Atom): Atom => (!splits ? a : { ...a, test: (v) => a.test(repOf(v)) });
  // A blind template reads a spelling on its normalised path where decide()'s answer is that
  // reading's (read as its normalised path or a pinned form of it, or not where that routes
  // elsewhere) or both readings' (its written one never matches: "does not match").
  const spelledReadNormalised = (v: string): boolean =>
    !pinned.has(v) &&
    normalisedRoute(v) !== undefined &&
    (repOf(v) !== v || orderOf(v) === 'normalised' || orderOf(v) === 'both');
  const normalisedIn = [...normalisedAtoms, ...(splits ? [bothWays] : [])].map(asPinned);
  // Each region's plain path written every way the atoms tell apart (formsBySet, with one change or
  // more): a witness for each set of patterns a spelling matches as written, beside the set its
  // plain path matches. The pinned values of that path and the spelled forms are patterns too, so a
  // set is not left to a pinned value alone (whose region others do not share).
  const pinnedOf = new Map<string, string[]>();
  for (const v of pinned) {
    const n = normalisedRoute(v) ?? v;
    if (!/[*?]/.test(v)) pinnedOf.set(n, [...(pinnedOf.get(n) ?? []), `${prefix}${v}`]);
  }
  const spelledPatterns = [...new Set(spelled)].map((f) => `${prefix}${f}`);
  // Whether a spelling of the plain route `method/head` may be read both ways (readingOrder): a
  // pattern that may tell its two readings apart either way, or two that may do so in opposite
  // ways. An exact pattern's way is known (it is the plain path, or one spelling of it); a
  // wildcard's is not, unless it matches every form (`GET/*`) or none (it names a character no
  // form of the path is written with).
  const mayReadBothWays = (method: string, head: string): boolean => {
    const plain = `${method}/${head}`;
    const ways = new Set<ReadingOrder>();
    // The characters any form of the path is written with (its own, `/`, `%` and hex digits).
    const alphabet = new Set([...head, '/', '%', ...'0123456789abcdefABCDEF']);
    for (const p of patterns) {
      const globs = residual(p, `${prefix}${method}/`);
      if (globs.length === 0 || globs.includes('*')) continue;
      const side = polarity.get(p) ?? 'both';
      if (globs.length === 1 && !/[*?]/.test(globs[0]!)) {
        const exact = `${method}/${globs[0]}`;
        // The plain path: its spellings miss it as written; a spelling: matched as written alone.
        const writtenAlone = exact !== plain;
        if (writtenAlone && normalisedRoute(exact) !== plain) continue;
        if (side === 'both') return true;
        ways.add(writtenAlone === (side === 'allow') ? 'written' : 'normalised');
      } else if (globs.some((g) => [...g].every((c) => c === '*' || c === '?' || alphabet.has(c))))
        return true;
    }
    return ways.size > 1;
  };
  // Routes past formsBySet's bound whose spellings may be read both ways: not searched (unknown).
  const unspread: string[] = [];
  const spreadDone = new Set<string>();
  // A witness that routes otherwise than its normalised path (a `/` encoded: `GET/entries%2Fq`) is
  // spelled too, as written (its empty segments and trailing slash: `GET //entries%2Fq/`).
  const spread = (w: string): string[] => {
    const n = normalisedRoute(w);
    const own = n !== undefined && !normalisedRoutesAs(n, w) ? spreadOne(w) : [];
    // A witness holding a `%` is the normalised reading of its forms with `%25` (`GET
    // /%65ntries/%2537` of `GET/entries/%37`): until 2026-12-03 none was searched, so one allowed
    // by a pattern of `%25` as written and the witness's Resource normalised was in no class.
    // Only a path with no empty segment is one (a normalised path has none).
    const decoded = w.includes('%') && !/\/\/|.\/$/.test(w.slice(w.indexOf('/'))) ? spreadOne(w, true) : [];
    return [...spreadOne(n ?? w), ...own, ...decoded];
  };
  const spreadOne = (base: string, decoded = false): string[] => {
    const done = decoded ? `%${base}` : base;
    if (spreadDone.has(done)) return [];
    spreadDone.add(done);
    const slash = base.indexOf('/');
    const method = base.slice(0, slash);
    const more = [...spelledPatterns, ...(pinnedOf.get(base) ?? [])];
    // One form for each set the patterns tell apart (the plain path's own: its set, as written and
    // normalised alike, needs no spelling; but a blind template that may match the path reads its
    // spellings normalised alone, so with one each set gets a spelled form too: GET/entries/ over
    // GET /{proxy+} under …/GET/${aws:username} was in no class, decide() allowing it). Past formsBySet's bound for a long path (attack run 13
    // L05: 10,000 parts) its spellings are not spread: each is still read by its order (a spelling
    // read as its normalised path is in that path's class), but one read both ways may have a
    // region no other value finds, in no class: its kinds are unsearched then (analyze.ts), never
    // absent. Until 2026-12-03 (lane A2) they were silently in no class.
    const forms = formsBySet(
      base.slice(slash + 1),
      `${prefix}${method}/`,
      [...patterns, ...more],
      true,
      spelledAtom || (blindSplits && mayMatch(base).includes('1'))
        ? (f) => spelledGuard(`${method}/${f}`)
        : undefined,
      decoded,
    );
    if (!forms) {
      if (mayReadBothWays(method, base.slice(slash + 1))) unspread.push(base);
      return [];
    }
    return [...forms.values()].map((f) => `${method}/${f}`).filter((v) => !pinned.has(v));
  };
  // A pattern's paths with a `/` percent-encoded (`GET/q%2Fq` of `GET/?/?`): a route with a
  // parameter serves them as one segment, and the normalised reading decodes the `/` (§5c), so the
  // pattern may match where no path it names is served (an Allow of `?/?` over GET /{name}: the
  // engine lets GET /a%2Fb in; until 2026-12-03 its class said deny). Tried where routes are known.
  const encodedSlashes: string[] = [];
  if (splits && typed.some((r) => r.path.includes('{')))
    for (const p of patterns)
      for (const method of methods)
        for (const g of residual(p, `${prefix}${method}/`))
          for (const inst of instances(g, 'q')) {
            const cuts = [...inst].flatMap((c, i) => (c === '/' && i > 0 && i < inst.length - 1 ? [i] : []));
            // One `/` at a time while few (a long path's variants cost its length each), and all.
            if (cuts.length <= ENCODED_SLASH_CUTS)
              for (const i of cuts)
                encodedSlashes.push(`${method}/${inst.slice(0, i)}%2F${inst.slice(i + 1)}`);
            if (cuts.length > 1) encodedSlashes.push(`${method}/${inst.replace(/(?<=.)\/(?=.)/g, '%2F')}`);
          }
  // The values the route's regions meet that are read as another (tried last), and of them those
  // read as their normalised path (Space.readAsNormalised).
  const readNormalised: string[] = [];
  const readAsAnother = (v: string): boolean => {
    const rep = repOf(v);
    if (rep !== v && rep === normalisedRoute(v)) readNormalised.push(v);
    return rep !== v;
  };
  const onlyPath = opts.path?.replace(/^\//, '');
  const only = opts.routes?.map((r) => r.replace(' /', '/'));
  const route = [
    new Dimension({
      id: 'route',
      label: 'route',
      atoms: [...routeAtoms.map((a) => asPinned(withTwins(a))), ...normalisedIn],
      absent: false,
      ...(splits ? { spread, later: readAsAnother } : {}),
      // --method/--path narrow the question: only those routes are regions.
      valid: (v) => {
        if (only) return only.includes(v);
        const slash = v.indexOf('/');
        return (
          methods.includes(v.slice(0, slash)) &&
          (onlyPath === undefined || v.slice(slash + 1) === onlyPath) &&
          (!served || served(api.alias, v.slice(0, slash), v.slice(slash)))
        );
      },
      fresh: only ?? [
        ...methods.flatMap((m) => paths.map((p) => `${m}/${p}`)),
        ...instanceForms,
        ...encodedSlashes,
      ],
      // An empty segment (`GET/files//GET/health`) is where a pattern's `*` was taken as nothing: a
      // witness with one reads oddly, and API Gateway routes it with the segment dropped, which the
      // resource ARN may or may not hold (docs/aws-behaviour.md §5c). Not for a route asked for.
      ...(only ? {} : { oddness: emptySegments, oddSpots: emptySegmentSpots }),
    }),
  ];
  // The twelve shortest of each region (the likeliest to read as a path someone writes).
  const readAsNormalised = new Map<number, string[]>();
  for (const v of [...new Set(readNormalised)].sort((a, b) => a.length - b.length)) {
    const r = route[0]!.regionOf(v);
    const at = readAsNormalised.get(r) ?? [];
    if (r >= 0 && at.length < 12) readAsNormalised.set(r, [...at, v]);
  }
  // Only the statements that may decide some request of this space split the principal and the
  // other request keys: by Action and Resource, on a route region's resource ARN in both readings
  // of its path (a diff decides both). The others never apply here, whoever calls: a Deny of DELETE
  // where no DELETE route is served, a grant of another stage's routes. Their values split nothing
  // the engine decides (one region's requests get the same answer), only multiplied the points.
  const regionArns = route[0]!.regions.map((r) => {
    const w = r.witness;
    if (w === undefined) return [];
    const method = w.slice(0, w.indexOf('/'));
    return resourcePathReadings(w.slice(method.length)).map((x) => `${prefix}${method}${x.path}`);
  });
  const arns = regionArns.flat();
  const reaching = statementsReaching(INVOKE_ACTION, arns);
  const inForce = policies.map((p) => policyMentions(p, reaching(p)));
  const conditions = inForce.flatMap((m) => m.conditions);
  const byKey = (k: string) => conditions.filter((c) => c.lowerKey === k);
  const conditionTemplates = conditionTemplatesOf(conditions);
  const { principal, notes: principalNotes } = principalDimensions(world, api, inForce, opts);
  notes.push(...principalNotes);
  for (const c of conditionTemplates)
    route.push(
      new Dimension({
        id: c.id,
        label: `condition ${c.operator} ${JSON.stringify({ [c.key]: c.templates.map((t) => t.raw) })} with the request's values`,
        atoms: [],
        absent: false,
        valid: () => true,
        fresh: [],
        enumerated: [...CONDITION_HOLDS],
      }),
    );
  for (const t of templates)
    route.push(
      new Dimension({
        id: t.id,
        label: `Resource ${JSON.stringify(t.template.raw)} with the request's values`,
        atoms: [],
        absent: false,
        valid: () => true,
        fresh: [],
        enumerated: [...TEMPLATE_MATCH],
      }),
    );
  // How the request names the API: private DNS (or the endpoint's own names) reach it whatever
  // the association; the alias name {api}-{vpce} exists only for an associated endpoint.
  // Through an associated endpoint both names reach the API alike: nothing to tell apart then.
  if (api.acceptedEndpoints && !(world.endpoint && api.acceptedEndpoints.includes(world.endpoint.id)))
    route.push(
      new Dimension({
        id: 'addressing',
        label: 'addressing',
        atoms: [],
        absent: false,
        valid: () => true,
        fresh: [],
        enumerated: [...ADDRESSING],
        // 'private-dns' is every name but the alias: the endpoint's own DNS names (with the API
        // in the Host header or x-apigw-api-id) reach the API whatever the association too.
        words: {
          'private-dns': "private DNS or the endpoint's own DNS names (any name but the alias)",
          alias: `the alias name ${api.id}-{vpce}`,
        },
      }),
    );

  // Other request keys.
  const context: Dimension[] = [];
  const freeKeys = new Map<string, string>();
  // Whether a key is the request's own (neither the principal's, the endpoint's, the API's nor fixed).
  const requestKey = (k: string) =>
    !PRINCIPAL_KEYS.has(k) &&
    !k.startsWith('aws:principaltag/') &&
    !FIXED_KEYS.has(k) &&
    !SERVICE_KEYS.has(k) &&
    // The API's own facts: its account, its organization and path when stated, never its tags.
    !resourceKeyFixed(world, api, k) &&
    // The endpoint's id and VPC are fixed for its requests; a VPC the config does not state is
    // not absent (every call through an endpoint carries it): it is split like any other key.
    !(ENDPOINT_KEYS.has(k) && world.endpoint && (k === 'aws:sourcevpce' || world.endpoint.vpc));
  for (const c of conditions) {
    const k = c.lowerKey;
    if (!requestKey(k)) continue;
    // The clock is a dimension only when a Date or Numeric condition compares it.
    if (CLOCK_KEYS.has(k) && c.operator.family !== 'Date' && c.operator.family !== 'Numeric') continue;
    if (!freeKeys.has(k)) freeKeys.set(k, c.key);
  }
  if (!world.endpoint) {
    if (api.acceptedEndpoints && !freeKeys.has('aws:sourcevpce'))
      freeKeys.set('aws:sourcevpce', 'aws:SourceVpce');
  }
  for (const [lower, key] of freeKeys) {
    const cs = byKey(lower);
    const keyAtoms: Atom[] = [];
    const numbers: number[] = [];
    const instants: number[] = [];
    for (const c of cs) {
      const family = c.operator.family;
      if (family === 'IpAddress') for (const v of c.values) keyAtoms.push(atoms.cidr(v));
      else if (family === 'Bool')
        keyAtoms.push(atoms.equalsIgnoreCase('true'), atoms.equalsIgnoreCase('false'));
      else if (family === 'String' || family === 'Arn') keyAtoms.push(...stringAtoms(c));
      else if (family === 'Numeric' || family === 'Date') {
        for (const v of c.values) {
          const n = family === 'Numeric' ? toNumber(v) : toInstant(v);
          if (n === undefined) continue; // a policy variable: noted with the others
          (family === 'Numeric' ? numbers : instants).push(n);
          for (const rel of relationsOf(c.operator))
            keyAtoms.push(family === 'Numeric' ? atoms.number(n, rel) : atoms.date(n, rel));
        }
        // A value that is no number (date) matches no comparison, whichever way it points: it
        // stands apart from those above every threshold. The clock always carries an instant.
        if (!CLOCK_KEYS.has(lower))
          keyAtoms.push(
            family === 'Numeric' ? atoms.parses('number', toNumber) : atoms.parses('date', toInstant),
          );
      } else if (family !== 'Null')
        notes.push(
          `${key}: ${c.operator.name} values are not partitioned (only String, Arn, Bool, IpAddress, Numeric, Date and Null keys are)`,
        );
    }
    if (cs.some((c) => c.operator.family === 'String' || c.operator.family === 'Arn'))
      keyAtoms.push(...emptyAtoms(cs));
    if (lower === 'aws:sourcevpce')
      for (const id of api.acceptedEndpoints ?? []) keyAtoms.push(atoms.equals(id));
    const ip = cs.some((c) => c.operator.family === 'IpAddress');
    const clock = CLOCK_KEYS.has(lower);
    const fresh = clock
      ? clockCandidates(lower, numbers, instants, clockOf(world))
      : [
          ...(ip ? ['198.51.100.7', '2001:db8::7'] : ['other-value']),
          ...between(numbers, 1).map(String),
          // Witness times a request can carry: none beyond JavaScript's dates (year 275760).
          ...between(instants, 1000)
            .filter((ms) => Math.abs(ms) <= 8.64e15)
            .map((ms) => new Date(ms).toISOString()),
        ];
    context.push(
      new Dimension({
        id: `context:${key}`,
        label: key,
        atoms: keyAtoms,
        // A request always carries the time (the engine's clock when the caller does not say), and
        // through an endpoint its VPC.
        absent: !clock && !(lower === 'aws:sourcevpc' && world.endpoint),
        valid: clock ? CLOCK_FORMS[lower]! : resourceOrgValid(world, api, lower),
        fresh,
        unknowable:
          (Object.hasOwn(UNKNOWABLE, lower) ? UNKNOWABLE[lower] : undefined) ??
          resourceKeyUnknown(api, lower) ??
          `${key} is a property of the request, not of the policies or the principal`,
      }),
    );
  }
  // A request key read only as a policy variable (`${aws:SourceIp}` in a Resource or a condition's
  // value): the search sets it, and no dimension says it cannot be known offline (before pass 17
  // the answer did not say so); the clock is the run's now.
  // Each key as the policy first spells it (keys compare lower-case).
  const variableKeys = [
    ...templates.map((t) => t.template),
    ...conditionTemplates.flatMap((c) => c.templates),
  ].flatMap((t) => t.parts.flatMap((p) => (p.t === 'var' ? [p.written] : [])));
  const unknowableVariables = [...new Set(variableKeys.map((k) => k.toLowerCase()))]
    .filter((k) => requestKey(k) && !CLOCK_KEYS.has(k) && !freeKeys.has(k))
    .map((k) => {
      const key = variableKeys.find((x) => x.toLowerCase() === k)!;
      return {
        key,
        why:
          (Object.hasOwn(UNKNOWABLE, k) ? UNKNOWABLE[k] : undefined) ??
          resourceKeyUnknown(api, k) ??
          `${key} is a property of the request, not of the policies or the principal`,
      };
    });
  const space: Space = {
    api,
    principal,
    ...(unspread.length ? { unspread } : {}),
    ...(readAsNormalised.size ? { readAsNormalised } : {}),
    // Spellings are asked unless the question names its routes or path (then only those values);
    // a named path or route that is itself a spelling (`--path /users/%61lice/x`) is read as written
    // alone too, so it is unknown as well (2026-12-03: alice's class said deny, decide() allows).
    ...(templates.length &&
    !blindSplits &&
    opts.normalisedReadings !== false &&
    (only ?? (onlyPath === undefined ? undefined : [`GET/${onlyPath}`]))?.every(
      (v) => v.slice(v.indexOf('/')) === '/' || !spelledGuard(v),
    ) !== true
      ? readApartOf(templates, prefix, served && api.routes?.length ? typedRoutes(api) : undefined)
      : {}),
    ...(unknowableVariables.length ? { unknowableVariables } : {}),
    route,
    context,
    notes,
    sources: [...new Set(policies.map((p) => p.source.file ?? p.source.name))],
    templates,
    conditionTemplates,
    // Policy variables tie a key to the principal or the route: no key is decided apart then.
    ...(templates.length || conditionTemplates.length ? {} : { groups: routeGroups(policies, regionArns) }),
    ...(conditionTemplates.length
      ? {
          conditionsAt: conditionsAt(policies, regionArns, conditionTemplates),
          conditionHolders: conditionHolders(policies, reaching, conditionTemplates),
        }
      : {}),
    ...(served ? { served: (method: string, path: string) => served(api.alias, method, path) } : {}),
  };
  // Credentials tied to the clock: the answer says at which instant, and why a later one in the
  // day lets no more in (docs/cli.md, the clock).
  const now = tiedNow(world, space);
  if (now !== undefined) notes.push(tiedWords(now));
  return space;
}

/** The note of a space whose credentials' issue time and MFA age are read at `now` (tiedNow). */
const tiedWords = (now: number) =>
  `aws:TokenIssueTime: requests are modelled at now (${new Date(now).toISOString()}: --now, else the start of the run's UTC day): credentials whose life ended by then, or whose MFA age is younger than the time since their issue, make no request; at any later instant fewer credentials fit, never more, so no request of a later instant is left out of these classes (some they hold may no longer be possible then)`;

/** Per condition template, the statements (of those that may decide some request on `arns`) holding it. */
function conditionHolders(
  policies: readonly CompiledPolicy[],
  reaching: (p: CompiledPolicy) => number[],
  templates: readonly ConditionTemplate[],
): { policy: CompiledPolicy; statement: number }[][] {
  const index = new Map(templates.map((t, i) => [t.signature, i]));
  const out = templates.map(() => [] as { policy: CompiledPolicy; statement: number }[]);
  for (const policy of policies)
    for (const statement of reaching(policy))
      for (const c of policyMentions(policy, [statement]).conditions) {
        const i = index.get(conditionSignature(c));
        if (i !== undefined && !out[i]!.some((h) => h.policy === policy && h.statement === statement))
          out[i]!.push({ policy, statement });
      }
  return out;
}

/** Per route region, the condition templates of the statements that may decide its requests. */
function conditionsAt(
  policies: readonly CompiledPolicy[],
  regionArns: readonly string[][],
  templates: readonly ConditionTemplate[],
): number[][] {
  const index = new Map(templates.map((t, i) => [t.signature, i]));
  return regionArns.map((arns) => {
    const at = new Set<number>();
    const reaching = statementsReaching(INVOKE_ACTION, arns);
    for (const p of policies)
      for (const c of policyMentions(p, reaching(p)).conditions) {
        const i = index.get(conditionSignature(c));
        if (i !== undefined) at.add(i);
      }
    return [...at].sort((a, b) => a - b);
  });
}

/**
 * The route regions grouped by the conditions of the statements that may decide their requests
 * (statementsReaching on each region's resource ARN, both readings of its path): a Deny of DELETE
 * by a tag tests the tag on the DELETE routes alone.
 */
function routeGroups(policies: readonly CompiledPolicy[], regionArns: readonly string[][]): RouteGroup[] {
  const byConditions = new Map<string, RouteGroup>();
  regionArns.forEach((arns, r) => {
    const reaching = statementsReaching(INVOKE_ACTION, arns);
    const conditions = policies.flatMap((p) => policyMentions(p, reaching(p)).conditions);
    const key = JSON.stringify(conditions.map(conditionSignature));
    let g = byConditions.get(key);
    if (!g) byConditions.set(key, (g = { routes: [], conditions }));
    g.routes.push(r);
  });
  return [...byConditions.values()];
}

/**
 * aws:TokenIssueTime as a principal dimension: a role session and a federated user (temporary
 * credentials) always carry it, a real instant; an IAM user and the root (long-term keys) never do
 * (docs/aws-behaviour.md §13; impossible() ties the region to the kind). Its regions are the
 * intervals the policies' dates make (and the values String operators name, which an instant may
 * equal); no region of values that are no date. An interval wholly later than now holds no
 * credentials yet but will, with no change to any policy: it is a region too, its witness later
 * than now (the interval holding now, and every earlier one, is witnessed by an instant no later
 * than now: those are tried first). Until 2026-12-02 only instants up to now were regions, so a
 * grant to credentials issued after a later date was no class at all.
 */
function issuedDimension(cs: readonly MentionedCondition[], now: number): Dimension {
  const keyAtoms: Atom[] = [];
  const instants: number[] = [];
  for (const c of cs) {
    if (c.operator.family === 'Date')
      for (const v of c.values) {
        const n = toInstant(v);
        if (n === undefined) continue;
        instants.push(n);
        keyAtoms.push(atoms.date(n, 'eq'), atoms.date(n, 'lt'));
      }
    else if (c.operator.family === 'String') keyAtoms.push(...stringAtoms(c));
  }
  // Witness instants a request can carry: none beyond JavaScript's dates (year 275760). The last
  // instant before each date too: an interval up to now is witnessed by its latest instant (now
  // itself where it holds now), the credentials of it most likely still alive and with the
  // youngest MFA age (sessionOutlived, ageReaches); a later one by its earliest.
  const candidates = [...between(instants, 1000), ...instants.map((ms) => ms - 1)].filter(
    (ms) => Math.abs(ms) <= 8.64e15,
  );
  const upToNow = candidates.filter((ms) => ms <= now).sort((a, b) => b - a);
  const later = candidates.filter((ms) => ms > now).sort((a, b) => a - b);
  return new Dimension({
    id: 'issued',
    label: 'aws:TokenIssueTime',
    atoms: keyAtoms,
    absent: true,
    valid: (v) => toInstant(v) !== undefined,
    fresh: [now, ...upToNow, ...later].map((ms) => new Date(ms).toISOString()),
  });
}

/**
 * The longest life of temporary credentials (ms), by the caller's identity (`role/…`,
 * `user/…`, `federated-user/…`, `root`): GetSessionToken and GetFederationToken 36 h (≤ 129,600 s,
 * botocore's STS model), so a user's or a federated user's credentials issued longer ago are gone.
 * A role session has no documented bound: AssumeRole* stop at 12 h, but "IAM role credentials
 * provided by Amazon EC2 instances assigned to the role are not subject to the specified maximum
 * session duration" (IAM API UpdateRole, MaxSessionDuration); nor has the root's (GetSessionToken
 * stops at 1 h; console and CloudShell sessions are not written down). Unbounded there: a class
 * too many, never one missing (docs/aws-behaviour.md §26).
 */
function longestSession(identity: string): number {
  return identity.startsWith('role/') || identity === 'root' ? Infinity : 36 * 3_600_000;
}

/**
 * The analysis's now when a principal point's issue time and MFA age are tied to it: requests are
 * made at now unless a policy splits the request's own time (aws:CurrentTime, aws:EpochTime: then
 * the time is a request dimension apart from the principal's, and nothing is tied), and the issue
 * time's regions are intervals of dates alone (a String test of it makes regions that are not).
 */
export function tiedNow(world: AnalysisWorld, space: Space): number | undefined {
  let tied = TIED.get(space);
  if (tied === undefined) {
    const issued = space.principal.find((d) => d.id === 'issued');
    tied =
      issued !== undefined &&
      issued.atoms.every((a) => a.kind === 'date') &&
      !space.context.some((d) => CLOCK_KEYS.has(d.label.toLowerCase()));
    TIED.set(space, tied);
  }
  return tied ? clockOf(world) : undefined;
}
const TIED = new WeakMap<Space, boolean>();

/**
 * Whether credentials of `identity` issued at `issued` (ms, no later than `now`) have expired by now:
 * a request at now cannot carry them (longestSession).
 */
export function sessionOutlived(identity: string, issued: number, now: number): boolean {
  return now - issued > longestSession(identity);
}

/**
 * The youngest MFA age (seconds) of credentials issued at `issued`, at a request made at `now`: the
 * MFA sign-in comes at or before the issue (AssumeRole or GetSessionToken with the device's code; a
 * role assumed from a GetSessionToken MFA session carries that session's sign-in, earlier still).
 */
export function youngestMfaAge(issued: number, now: number): number {
  return Math.max(0, Math.floor((now - issued) / 1000));
}

/**
 * Whether an MFA-age region holds an age of at least `floor` seconds. Its regions are the intervals
 * the policies' numbers make; with a String test of the age they are not, and every region is
 * taken to (over-reporting, never dropping a request).
 */
export function ageReaches(d: Dimension, region: number, floor: number): boolean {
  const w = d.regions[region]?.witness;
  if (w === undefined || d.atoms.some((a) => a.kind !== 'number')) return true;
  const age = Number(w);
  if (age >= floor) return true;
  // A number a policy names is a region of its own (its "=" atom); any other region runs above
  // its witness up to the next such number (exclusive), or for ever.
  if (d.atoms.some((a) => a.at === age)) return false;
  const above = d.atoms.map((a) => a.at!).filter((t) => t > age);
  return above.length === 0 || floor < Math.min(...above);
}

/** Whether an issue-time region holds only instants later than `now` (its witness is one: see issuedDimension). */
export function issuedLater(witness: string | undefined, now: number): boolean {
  const ms = witness === undefined ? undefined : toInstant(witness);
  return ms !== undefined && ms > now;
}

/**
 * aws:MultiFactorAuthPresent as a principal dimension: temporary credentials carry it, true when
 * they were issued with MFA (AssumeRole or GetSessionToken with SerialNumber and TokenCode), else
 * false; long-term keys never (docs/aws-behaviour.md §13; impossible() ties it to the kind and to
 * 'issued'). A request carries a boolean: no region of other values.
 */
function mfaDimension(cs: readonly MentionedCondition[]): Dimension {
  const keyAtoms: Atom[] = [atoms.equalsIgnoreCase('true'), atoms.equalsIgnoreCase('false')];
  for (const c of cs) if (c.operator.family === 'String') keyAtoms.push(...stringAtoms(c));
  return new Dimension({
    id: 'mfa',
    label: 'aws:MultiFactorAuthPresent',
    atoms: keyAtoms,
    absent: true,
    valid: (v) => v === 'true' || v === 'false',
    fresh: ['true', 'false'],
  });
}

/**
 * aws:MultiFactorAuthAge as a principal dimension: the seconds since the caller signed in with MFA,
 * present exactly when its credentials were issued with MFA (aws:MultiFactorAuthPresent true;
 * impossible() ties the two). IAM User Guide, id_credentials_mfa_sample-policies: the key "is never
 * present in the request context for long-term credentials"; reference_policies_condition-keys: it
 * is present only when MFA was used (docs/aws-behaviour.md, "The MFA age and later issue times"). Its value is a count of seconds
 * (never below 0, always a number), known only when the request is made: its regions are the
 * intervals the policies' numbers make, "not known offline". Until 2026-12-02 it was a free request
 * key: a witness of long-term keys or of a session without MFA carried an age no such request has.
 */
function mfaAgeDimension(cs: readonly MentionedCondition[], notes: string[]): Dimension {
  const keyAtoms: Atom[] = [];
  const numbers: number[] = [];
  for (const c of cs) {
    if (c.operator.family === 'Numeric')
      for (const v of c.values) {
        const n = toNumber(v);
        if (n === undefined) continue;
        numbers.push(n);
        keyAtoms.push(atoms.number(n, 'eq'), atoms.number(n, 'lt'));
      }
    else if (c.operator.family === 'String') keyAtoms.push(...stringAtoms(c));
    else if (c.operator.family !== 'Null')
      notes.push(
        `${c.key}: ${c.operator.name} values are not partitioned (only Numeric, String and Null tests of it are)`,
      );
  }
  const seconds = (v: string) => /^\d+$/.test(v);
  return new Dimension({
    id: 'mfaAge',
    label: 'aws:MultiFactorAuthAge',
    atoms: keyAtoms,
    absent: true,
    valid: seconds,
    // Whole seconds either side of each number, and between them.
    fresh: [
      ...numbers
        .flatMap((n) => [Math.floor(n) - 1, Math.floor(n), Math.ceil(n), Math.ceil(n) + 1])
        .map(String),
      ...between(numbers, 1).map((n) => String(Math.round(n))),
      '0',
    ].filter(seconds),
    unknowable:
      "the seconds since the caller's MFA sign-in are known only when the request is made (the key is present exactly with credentials issued with MFA)",
  });
}

/**
 * The ids AWS Organizations gives (botocore's organizations model: OrganizationId, RootId,
 * OrganizationalUnitId), in the order a path holds them: the organization, its root, then up to five
 * nested OUs, each OU id carrying its root's (docs/aws-behaviour.md §58).
 */
const ORG_PATH_IDS = {
  org: /^o-[a-z0-9]{10,32}$/,
  root: /^r-[0-9a-z]{4,32}$/,
  ou: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  maxOus: 5,
};

/** The organization id a path begins with, when it is one AWS gives. */
export const orgPathOrganization = (path: string | undefined): string | undefined => {
  const org = path?.split('/')[0];
  return org !== undefined && ORG_PATH_IDS.org.test(org) ? org : undefined;
};

/** A path's ids, the last one too when it lacks its `/`. */
const orgPathIds = (path: string): string[] => (path.endsWith('/') ? path.slice(0, -1) : path).split('/');

/**
 * An organization path's odd spots: empty ids (`//`), a last id without its `/`, and each place it
 * departs from what AWS gives (ORG_PATH_IDS): an id not of its kind, no root, too many OUs, an OU
 * of another root, an OU twice (one OU is never its own child).
 */
function orgPathOddness(path: string): number {
  const ids = orgPathIds(path);
  const [org = '', root, ...ous] = ids;
  const rootOf = root?.slice(2);
  return (
    ids.filter((id) => id === '').length +
    (path.endsWith('/') ? 0 : 1) +
    (ORG_PATH_IDS.org.test(org) ? 0 : 1) +
    (root !== undefined && ORG_PATH_IDS.root.test(root) ? 0 : 1) +
    ous.filter((ou) => !ORG_PATH_IDS.ou.test(ou) || ou.split('-')[1] !== rootOf).length +
    (ous.length > ORG_PATH_IDS.maxOus ? 1 : 0) +
    (new Set(ous).size < ous.length ? 1 : 0)
  );
}

/**
 * Whole-id rewrites of an organization path (see orgPathOddness): its `/` ended, a root or an OU id
 * of its root put in at each place, each id put right for its place, each id dropped.
 */
function orgPathEdits(path: string): string[] {
  const ids = orgPathIds(path);
  const ou = ids.slice(2).find((id) => ORG_PATH_IDS.ou.test(id));
  const root =
    ids[1] !== undefined && ORG_PATH_IDS.root.test(ids[1]) ? ids[1] : `r-${ou?.split('-')[1] ?? 'ab12'}`;
  const fill = (at: number) => (at === 0 ? 'o-a1b2c3d4e5' : at === 1 ? root : `ou-${root.slice(2)}-11111111`);
  const join = (xs: string[]) => `${xs.join('/')}/`;
  return [
    join(ids),
    ...ids.map((_, at) => join([...ids.slice(0, at + 1), fill(at + 1), ...ids.slice(at + 1)])),
    ...ids.map((_, at) => join([...ids.slice(0, at), fill(at), ...ids.slice(at + 1)])),
    ...ids.map((_, at) => join([...ids.slice(0, at), ...ids.slice(at + 1)])),
  ];
}

/**
 * The paths AWS gives (isOrgPath) within two whole-id rewrites of `path`
 * (orgPathEdits): `o-a1b2c3d4e5//v/` -> `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`, say. A condition's
 * candidates for a pattern with variables take their variables' values from these (classes.ts).
 */
export function shapedOrgPaths(path: string): string[] {
  const near = new Set([path, ...orgPathEdits(path)]);
  for (const once of [...near]) for (const twice of orgPathEdits(once)) near.add(twice);
  return [...near].filter(isOrgPath);
}

/** The empty segments of a route value's path (`GET/files//DELETE/`: 2); the root path `GET/` has none. */
function emptySegments(route: string): number {
  const start = route.indexOf('/') + 1;
  if (start === route.length) return 0;
  // Counted in place (no split): tidying reads routes of 10,000 parts many times.
  let n = 0;
  for (let at = start; at <= route.length; at = route.indexOf('/', at) + 1 || route.length + 1)
    if (at === route.length || route[at] === '/') n++;
  return n;
}

/**
 * Where emptySegments can drop (Dimension's oddSpots): a character other than `/` filled in makes
 * fewer only inside an empty segment of the path (after a `/`, before the next or the end); a
 * character dropped only if it is a `/` (another leaves every segment but its own as it was).
 */
function emptySegmentSpots(route: string): { fill: number[]; drop: number[] } {
  const fill: number[] = [];
  const drop: number[] = [];
  for (let i = route.indexOf('/'); i !== -1; i = route.indexOf('/', i + 1)) {
    drop.push(i);
    if (i + 1 === route.length || route[i + 1] === '/') fill.push(i + 1);
  }
  return { fill, drop };
}

const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-'];
/** An account id (12 digits), as character classes. */
const ACCOUNT = Array<string[]>(12).fill([...'0123456789']);

/**
 * Whether a value read as a glob (* and ?; a literal reads as itself) can match some string of the
 * given character classes followed by up to `tail` NAME_CHARS: exact (the NFA's states over every
 * string of the classes at once).
 */
function couldMatch(pattern: string, classes: string[][], tail: number): boolean {
  let states = start(pattern);
  const accepts = () => [...states].some((i) => i === pattern.length);
  for (const cls of classes) {
    const next = new Set<number>();
    for (const ch of cls) for (const i of step(pattern, states, ch)) next.add(i);
    states = next;
    if (states.size === 0) return false;
  }
  if (accepts()) return true;
  for (let n = 0; n < tail; n++) {
    const next = new Set<number>();
    for (const ch of NAME_CHARS) for (const i of step(pattern, states, ch)) next.add(i);
    states = next;
    if (states.size === 0) return false;
    if (accepts()) return true;
  }
  return false;
}

/** The conditions with policy variables in their values, each once. */
function conditionTemplatesOf(conditions: MentionedCondition[]): ConditionTemplate[] {
  const out: ConditionTemplate[] = [];
  const seen = new Set<string>();
  for (const c of conditions) {
    const templates = c.values.flatMap((v) => parseTemplate(v) ?? []);
    if (templates.length === 0) continue;
    const k = conditionSignature(c);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({
      id: `condition:${out.length}`,
      operator: c.operator.name,
      key: c.key,
      lowerKey: c.lowerKey,
      templates,
      variables: [
        ...new Set(templates.flatMap((t) => t.parts.flatMap((p) => (p.t === 'var' ? [p.key] : [])))),
      ],
      like: c.operator.base.includes('Like') || c.operator.family === 'Arn',
      allVariable: templates.length === c.values.length,
      probe: conditionPolicy(c),
      signature: k,
      mentioned: c,
    });
  }
  return out;
}

/**
 * The atoms a Numeric or Date operator needs at its threshold t: GreaterThan and LessThanEquals
 * tell apart only "≤ t" from "> t", LessThan and GreaterThanEquals "< t" from "≥ t"; Equals and
 * NotEquals t itself (with "< t", so that the rest reads as the intervals below and above). N
 * thresholds of one kind make N + 1 regions, not 2N + 1: each region costs a decision per point
 * of the other dimensions (60 DateGreaterThan statements on aws:CurrentTime made 121, issue 12).
 */
function relationsOf(op: MentionedCondition['operator']): Relation[] {
  const form = op.base.slice(op.family.length);
  if (form === 'GreaterThan' || form === 'LessThanEquals') return ['le'];
  if (form === 'LessThan' || form === 'GreaterThanEquals') return ['lt'];
  return ['eq', 'lt'];
}

/**
 * The one form each clock key's value has in a request (IAM condition keys: aws:CurrentTime an ISO
 * 8601 instant, aws:EpochTime epoch seconds). A witness in the other form is no request: a Numeric
 * test of aws:EpochTime failed on an ISO witness where every real request passes it, so who-can
 * answered "nobody" for an Allow of NumericGreaterThan and DateGreaterThan on aws:EpochTime that
 * lets everyone in today (lane K, pass 16).
 */
const CLOCK_FORMS: Record<string, (v: string) => boolean> = {
  'aws:currenttime': (v) => toNumber(v) === undefined && toInstant(v) !== undefined,
  'aws:epochtime': (v) => toNumber(v) !== undefined,
};

/**
 * Candidate values of a clock key in its own form: each threshold (Numeric ones are epoch seconds
 * for aws:EpochTime; no aws:CurrentTime is a number, so they split none of its values), a value in
 * every interval they leave, and the clock's own instant.
 */
function clockCandidates(lower: string, numbers: number[], instants: number[], now: number): string[] {
  const epoch = lower === 'aws:epochtime';
  const ms = [...instants, ...(epoch ? numbers.map((n) => n * 1000) : [])];
  const show = (t: number) => (epoch ? String(t / 1000) : new Date(t).toISOString());
  // No ISO 8601 text beyond JavaScript's dates (year 275760).
  return [...ms, ...between(ms, 1000), now].filter((t) => epoch || Math.abs(t) <= 8.64e15).map(show);
}

/** Values in every interval the thresholds leave: below all, between each pair, above all. */
function between(thresholds: number[], step: number): number[] {
  const t = [...new Set(thresholds)].sort((a, b) => a - b);
  if (t.length === 0) return [];
  const out = [t[0]! - step, t[t.length - 1]! + step];
  for (let i = 0; i + 1 < t.length; i++) out.push((t[i]! + t[i + 1]!) / 2);
  return out;
}

/** A condition's operator, key (its case aside) and values as one string: two are one condition when equal. */
function conditionSignature(c: MentionedCondition): string {
  return JSON.stringify([c.operator.name, c.lowerKey, c.values]);
}

/** Allow { Condition: `c` alone }: the engine says whether that condition holds for a request. */
export function conditionPolicy(c: MentionedCondition): CompiledPolicy {
  return parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: INVOKE_ACTION,
          Resource: '*',
          Condition: { [c.operator.name]: { [c.key]: [...c.values] } },
        },
      ],
    },
    { name: `condition ${c.operator.name} ${c.key}` },
  );
}
