// compilePolicy: validate a policy document's grammar and compile it once (wildcards to matchers, actions
// lowercased, principals split by kind, condition values parsed), so evaluation does no parsing.
import { visit } from 'jsonc-parser';
import {
  checkPolicyText,
  jsonDepth,
  jsonSyntaxError,
  jsonSyntaxMessage,
  hasDuplicateJsonKeys,
  locate,
  MAX_DEPTH,
  type TextLocator,
} from '../input/index.js';
import { resourceArnProblem } from '../identifiers/index.js';
import { compileClause, UnknownOperatorError, type CompiledClause } from './conditions/index.js';
import { PolicyError, type PolicyLocation } from './errors.js';
import { compilePrincipal, InvalidPrincipalError, type CompiledPrincipal } from './principal.js';
import type {
  CompiledPolicy,
  PolicyDocument,
  PolicySource,
  StatementDocument,
  StatementRef,
} from './types.js';
import { parseTemplate, UNWRITTEN, variableSyntaxError, type Template } from './variables.js';
import { compileWildcard, ResourceMatcher, SHORT_FORM, type WildcardMatcher } from './wildcard.js';

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  /** Reused in every decision this statement takes part in (no allocation per request). */
  readonly ref: StatementRef;
  readonly principal: { not: boolean; compiled: CompiledPrincipal } | undefined;
  readonly action: {
    not: boolean;
    any: boolean;
    matchers: readonly WildcardMatcher[];
    written: readonly string[];
  };
  readonly resource:
    | {
        not: boolean;
        any: boolean;
        matchers: readonly ResourceMatcher[];
        templates: readonly Template[];
        written: readonly string[];
      }
    | undefined;
  readonly conditions: readonly CompiledClause[];
  readonly document: StatementDocument;
  /**
   * Why the statement has no effect, when it has none: an empty Principal, Action or Resource. IAM stores such a statement and says it "does not affect the
   * policy" (Access Analyzer's suggestions; docs/aws-behaviour.md §17): it is left out of
   * `statements` (so nothing decides with it) and kept in `allStatements` for lint (SG029).
   */
  readonly inert?: string;
}

/** The compiled form. Fields beyond CompiledPolicy are internal to src/policy. */
export class Policy implements CompiledPolicy {
  /** Statements that may apply to any resource (not indexable by API key), in order. */
  private readonly always: readonly CompiledStatement[];
  /** API key -> the statements that may apply to a request with that key, in order. */
  private readonly byKey: ReadonlyMap<number, readonly CompiledStatement[]>;
  constructor(
    readonly source: PolicySource,
    readonly document: PolicyDocument,
    readonly text: string,
    readonly version: string | undefined,
    /** The statements that take part in decisions (those with an effect), in order. */
    readonly statements: readonly CompiledStatement[],
    /** Every statement as written, those without an effect included (lint reads these). */
    readonly allStatements: readonly CompiledStatement[] = statements,
  ) {
    // Index statements by the API key of their Resource patterns (compile once): a statement
    // whose every Resource pattern is literal up to the API id cannot apply to a request for
    // another API, so it is not even visited.
    const always: CompiledStatement[] = [];
    const keyed = new Map<number, CompiledStatement[]>();
    for (const st of statements) {
      const r = st.resource;
      const keys = r && !r.not && r.templates.length === 0 ? r.matchers.map((m) => m.apiKey) : undefined;
      if (!keys || keys.some((k) => k === -1)) always.push(st);
      else for (const k of new Set(keys)) keyed.set(k, [...(keyed.get(k) ?? []), st]);
    }
    const byKey = new Map<number, CompiledStatement[]>();
    for (const [k, sts] of keyed)
      byKey.set(
        k,
        [...always, ...sts].sort((a, b) => a.index - b.index),
      );
    this.always = always;
    this.byKey = byKey;
  }
  /** The statements that may apply to a request whose resource has this API key, in order. */
  candidates(apiKeyId: number): readonly CompiledStatement[] {
    return this.byKey.size === 0 || apiKeyId === -1 ? this.always : (this.byKey.get(apiKeyId) ?? this.always);
  }
}

export function isCompiled(p: CompiledPolicy): p is Policy {
  return p instanceof Policy;
}

const POLICY_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/;

/**
 * Validate the grammar and compile a policy (JSON text or an already-parsed object). Throws
 * PolicyError; for text, the error carries the line and column. The kind-specific rules AWS
 * enforces (Principal required or forbidden, size, ...) are parsePolicy's (validate.ts).
 */
export function compilePolicy(input: string | object, source: PolicySource): Policy {
  if (typeof input !== 'string') return compileDocument(input, source);
  let l: TextLocator | undefined;
  const located = () => (l ??= locate(input));
  try {
    return compileDocument(input, source, located);
  } catch (e) {
    // Name the line of the statement's element when the text gives one.
    if (!(e instanceof PolicyError) || e.location.line !== undefined) throw e;
    const at = positionIn(located(), e.location);
    throw at ? new PolicyError(e.problem, { ...e.location, ...at }, e.rule) : e;
  }
}

/** Where a statement's element (or the statement, or the top-level element) is written. */
export function positionIn(
  l: TextLocator,
  loc: PolicyLocation,
): { line: number; column: number } | undefined {
  const el = loc.element?.split('.') ?? [];
  if (loc.statement === undefined) return el.length ? l.position(el) : undefined;
  const st = l.position(['Statement', loc.statement]) ? ['Statement', loc.statement] : ['Statement'];
  return l.position([...st, ...el]) ?? l.position(st);
}

function compileDocument(input: string | object, source: PolicySource, located?: () => TextLocator): Policy {
  const at = (loc: PolicyLocation = {}): PolicyLocation => ({
    policy: source.name,
    file: source.file,
    ...loc,
  });
  let doc: unknown;
  let text: string;
  if (typeof input === 'string') {
    text = input;
    checkPolicyText(input, {
      file: source.file,
      field: source.name === source.file ? undefined : source.name,
    });
    const depth = jsonDepth(input);
    if (depth > MAX_DEPTH)
      throw new PolicyError(`nested ${depth} deep; the limit is ${MAX_DEPTH} levels`, at());
    try {
      doc = JSON.parse(input);
    } catch (e) {
      const err = jsonSyntaxError(input, e);
      throw new PolicyError(jsonSyntaxMessage(err), at({ line: err.line, column: err.column }));
    }
    // JSON.parse keeps the last of two equal keys: a second "Effect" would silently win.
    const dup = located && hasDuplicateJsonKeys(input) ? located().duplicateKeys()[0] : undefined;
    if (dup) {
      // ['Statement', i, ...rest] or, for a Statement that is one object, ['Statement', ...rest].
      const inStatement = dup.path[0] === 'Statement';
      const listed = inStatement && typeof dup.path[1] === 'number';
      const index = !inStatement ? undefined : listed ? (dup.path[1] as number) : 0;
      const rest = !inStatement ? dup.path : dup.path.slice(listed ? 2 : 1);
      const element = [...rest, dup.key].join('.');
      const sidRaw = index === undefined ? undefined : statementSid(doc, index);
      throw new PolicyError(
        `"${dup.key}" is written twice in the same object (first at line ${dup.first.line}); JSON parsers keep only one of them, so AWS refuses the policy (rule SG021 duplicate-key)`,
        at({
          ...(index !== undefined ? { statement: index } : {}),
          ...(sidRaw !== undefined ? { sid: sidRaw } : {}),
          element,
          line: dup.at.line,
          column: dup.at.column,
        }),
        'SG021',
      );
    }
  } else {
    doc = input;
    text = JSON.stringify(input);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PolicyError('a policy must be a JSON object with a Statement', at());
  }
  const obj = doc as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!POLICY_KEYS.has(k))
      throw new PolicyError(
        `unknown top-level element "${k}" (allowed: Version, Id, Statement)`,
        at({ element: k }),
      );
  }
  const version = obj.Version;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    throw new PolicyError(
      `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(version)}`,
      at({ element: 'Version' }),
    );
  }
  if (obj.Id !== undefined && typeof obj.Id !== 'string')
    throw new PolicyError('Id must be a string', at({ element: 'Id' }));
  const rawStatements = obj.Statement;
  if (rawStatements === undefined)
    throw new PolicyError('the policy has no Statement', at({ element: 'Statement' }));
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const variables = version === '2012-10-17';
  const written = typeof input === 'string' ? numbersWrittenInexactly(input) : undefined;
  const statements = list.map((st, i) => compileStatement(st, i, variables, source.name, at, written));
  const document: PolicyDocument = {
    ...(version !== undefined ? { Version: version } : {}),
    ...(obj.Id !== undefined ? { Id: obj.Id } : {}),
    Statement: statements.map((s) => s.document),
  };
  const effective = statements.filter((s) => s.inert === undefined);
  return new Policy(source, document, text, version, effective, statements);
}

function statementSid(doc: unknown, index: number): string | undefined {
  const list = (doc as { Statement?: unknown } | null)?.Statement;
  const st: unknown = Array.isArray(list) ? list[index] : list;
  const sid = st && typeof st === 'object' ? (st as Record<string, unknown>).Sid : undefined;
  return typeof sid === 'string' ? sid : undefined;
}

function compileStatement(
  raw: unknown,
  index: number,
  variables: boolean,
  policyName: string,
  at: (loc?: PolicyLocation) => PolicyLocation,
  inexact?: ReadonlySet<number>,
): CompiledStatement {
  const sidRaw = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).Sid : undefined;
  const sid = typeof sidRaw === 'string' ? sidRaw : undefined;
  const fail = (msg: string, element?: string, rule?: string): never => {
    throw new PolicyError(
      msg,
      at({ statement: index, ...(sid !== undefined ? { sid } : {}), element }),
      rule,
    );
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('a statement must be a JSON object');
  const st = raw as Record<string, unknown>;
  for (const k of Object.keys(st)) {
    if (!STATEMENT_KEYS.has(k)) {
      const near = [...STATEMENT_KEYS].find((x) => x.toLowerCase() === k.toLowerCase());
      fail(`unknown element "${k}"${near ? ` (element names are case-sensitive: "${near}")` : ''}`, k);
    }
  }
  if (sidRaw !== undefined && typeof sidRaw !== 'string') fail('Sid must be a string', 'Sid');
  const effect = st.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(
      effect === undefined
        ? 'Effect is missing (must be "Allow" or "Deny")'
        : `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(effect)}`,
      'Effect',
    );
  }

  // Principal / NotPrincipal
  if (st.Principal !== undefined && st.NotPrincipal !== undefined)
    fail('a statement may not have both Principal and NotPrincipal', 'NotPrincipal');
  let principal: CompiledStatement['principal'];
  let inert: string | undefined;
  for (const name of ['Principal', 'NotPrincipal'] as const) {
    if (st[name] === undefined) continue;
    if (name === 'Principal' && namesNoOne(st.Principal)) {
      // "Empty array principal" / "Empty object principal": "the statement has no effect".
      principal = { not: false, compiled: compilePrincipal(NO_ONE, name) };
      inert = 'its Principal names no one';
      continue;
    }
    try {
      principal = { not: name === 'NotPrincipal', compiled: compilePrincipal(st[name], name) };
    } catch (e) {
      if (e instanceof InvalidPrincipalError) fail(e.message, name, e.wildcard ? 'SG003' : 'SG000');
      throw e;
    }
  }
  // "NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not
  // supported" (IAM User Guide, reference_policies_elements_notprincipal), and no kind of policy
  // takes it (identity and trust policies take no NotPrincipal at all). What AWS does with one is
  // not written: read as "everyone not named" it could prove a reach AWS denies, read as nothing an
  // isolation AWS breaks, so it is refused whatever the kind (docs/aws-behaviour.md §13).
  if (effect === 'Allow' && principal?.not)
    fail(
      'NotPrincipal with "Effect": "Allow" is not supported by AWS ("NotPrincipal must be used with Effect Deny") and what AWS does with one is not documented, so spokegate refuses the policy rather than guess; use "Principal": "*" with a Condition on aws:PrincipalArn (ArnNotEquals)',
      'NotPrincipal',
      'SG026',
    );

  // Action / NotAction
  if (st.Action !== undefined && st.NotAction !== undefined)
    fail('a statement may not have both Action and NotAction', 'NotAction');
  if (st.Action === undefined && st.NotAction === undefined)
    fail('a statement needs Action or NotAction', 'Action');
  const actionName = st.Action !== undefined ? 'Action' : 'NotAction';
  // "Empty array action": "This statement includes no actions and does not affect the policy".
  const noActions = actionName === 'Action' && Array.isArray(st.Action) && st.Action.length === 0;
  if (noActions) inert ??= 'its Action lists no action';
  const actions = noActions ? [] : stringList(st[actionName], actionName, fail);
  for (const a of actions) {
    if (a !== '*' && !ACTION.test(a))
      fail(`"${a}" is not an action ("service:Action", e.g. "execute-api:Invoke", or "*")`, actionName);
    // IAM: "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards" (docs/aws-behaviour.md §24).
    if (a !== '*' && /[*?]/.test(a.slice(0, a.indexOf(':'))))
      fail(
        `"${a}" has a wildcard in its service prefix; AWS refuses such a policy ("Action vendors … must not contain wildcards"): name the service, e.g. "execute-api:*"`,
        actionName,
      );
  }
  const action = {
    not: actionName === 'NotAction',
    any: actions.includes('*'),
    matchers: actions.map((a) => compileWildcard(a.toLowerCase())),
    written: actions,
  };

  // Resource / NotResource (absent only in trust policies: then it matches any resource)
  if (st.Resource !== undefined && st.NotResource !== undefined)
    fail('a statement may not have both Resource and NotResource', 'NotResource');
  let resource: CompiledStatement['resource'];
  const resourceName =
    st.Resource !== undefined ? 'Resource' : st.NotResource !== undefined ? 'NotResource' : undefined;
  if (resourceName) {
    // "Empty array resource": "the statement has no effect on the policy".
    const noResources = resourceName === 'Resource' && Array.isArray(st.Resource) && st.Resource.length === 0;
    if (noResources) inert ??= 'its Resource lists no resource';
    const written = noResources ? [] : stringList(st[resourceName], resourceName, fail);
    const matchers: ResourceMatcher[] = [];
    const templates: Template[] = [];
    for (const r of written) {
      if (r !== '*' && !r.startsWith('arn:') && !r.startsWith(SHORT_FORM)) {
        fail(`"${r}" is not a resource ARN (or "*")`, resourceName);
      }
      // "You can't use a wildcard in the service segment that identifies the AWS product"
      // (IAM User Guide, reference_policies_elements_resource).
      const service = r.startsWith('arn:') ? r.split(':')[2] : undefined;
      if (service !== undefined && /[*?]/.test(service))
        fail(
          `"${r}" has a wildcard in its service segment ("${service}"): AWS takes none there, a Resource names its service in full`,
          resourceName,
        );
      // API Gateway's short form "execute-api:/stage/GET/path" names the API the policy is attached
      // to: it is matched after the request ARN's API id, never with a wildcard for the id (SHORT_FORM).
      const short = r.startsWith(SHORT_FORM);
      const malformed = variables ? variableSyntaxError(r) : undefined;
      if (malformed) fail(`"${r}": ${malformed}; ${UNWRITTEN}`, resourceName);
      const t = variables ? parseTemplate(short ? r.slice(SHORT_FORM.length) : r) : undefined;
      // IAM resolves variables "only in the resource portion of the ARN … after the fifth colon":
      // "You can't use a variable to replace parts of the ARN before the fifth colon, such as the
      // service or account" (reference_policies_variables). Refused rather than guessed.
      if (t && !short && colonsBefore(r, r.indexOf('${')) < 5)
        fail(
          `"${r}" holds a policy variable before the fifth colon (partition, service, region or account): AWS resolves variables in a Resource only in its resource part`,
          resourceName,
        );
      // Access Analyzer's ARN ERRORs (partition, fields, service case, account, execute-api region):
      // a Resource AWS would not store names nothing spokegate can match with confidence.
      const arnProblem = short || r === '*' ? undefined : resourceArnProblem(r);
      if (arnProblem) fail(`"${r}" ${arnProblem}; AWS's validator reports it as an error`, resourceName);
      if (t) templates.push(short ? { raw: r, parts: t.parts, short } : t);
      else matchers.push(new ResourceMatcher(r));
    }
    resource = {
      not: resourceName === 'NotResource',
      any: written.includes('*'),
      matchers,
      templates,
      written,
    };
  }

  // Condition
  const conditions: CompiledClause[] = [];
  if (st.Condition !== undefined) {
    const c = st.Condition;
    if (!c || typeof c !== 'object' || Array.isArray(c))
      fail('Condition must be an object of operators', 'Condition');
    // "Empty object condition": its headline says "This condition block is empty and it does not
    // affect the policy" (the statement applies as if it had none), its text "the statement has no
    // effect on the policy" (it is left out). Each reading gives a false PASS where the other holds
    // (an Allow granting or not, a Deny denying or not): refused (docs/aws-behaviour.md §20).
    if (Object.keys(c as object).length === 0)
      fail(
        'Condition is an empty object; AWS\'s validator says both that the empty condition block "does not affect the policy" and that "the statement has no effect on the policy", so spokegate refuses the policy rather than guess (remove the Condition or write one)',
        'Condition',
      );
    for (const [op, block] of Object.entries(c as Record<string, unknown>)) {
      if (!block || typeof block !== 'object' || Array.isArray(block)) {
        fail(`Condition "${op}" must be an object of condition keys`, `Condition.${op}`);
      }
      if (Object.keys(block as object).length === 0)
        fail(
          `Condition "${op}" holds no condition key; what AWS does with an empty operator block is not documented, so spokegate refuses the policy rather than guess`,
          `Condition.${op}`,
        );
      // "Duplicate keys with different case" (an Access Analyzer ERROR): key names are
      // case-insensitive, so AWS would read one of two values and which one is not written.
      const seen = new Map<string, string>();
      for (const key of Object.keys(block as object)) {
        const twin = seen.get(key.toLowerCase());
        if (twin !== undefined)
          fail(
            `Condition "${op}" names the key "${twin}" twice ("${twin}" and "${key}"): key names are case-insensitive, AWS's validator reports it as an error ("Duplicate keys with different case"), so spokegate refuses the policy rather than guess which value AWS reads`,
            `Condition.${op}.${key}`,
            'SG021',
          );
        seen.set(key.toLowerCase(), key);
        // "You can use policy variables in the Resource element and in string comparisons in the
        // Condition element": in condition values. A tag key cannot hold "$", "{" or "}", and what
        // AWS does with one in a key name is not written.
        if (variables && key.includes('${'))
          fail(
            `condition key "${key}" holds a policy variable; AWS takes variables in condition values and in the Resource element only ("Variable unsupported in element"), so spokegate refuses the policy rather than guess`,
            `Condition.${op}.${key}`,
          );
        // "Missing tag key in condition" (an Access Analyzer ERROR): no request carries a tag
        // whose key is empty, so the clause would decide on a key that cannot exist.
        if (/^[^:]+:(?:Principal|Request|Resource)Tag\/$/i.test(key))
          fail(
            `condition key "${key}" names no tag key; write ${key}TAG-KEY (AWS's validator reports it as an error, "Missing tag key in condition"), so spokegate refuses the policy rather than guess`,
            `Condition.${op}.${key}`,
          );
      }
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        let clause: CompiledClause | undefined;
        try {
          clause = compileClause(op, key, value, variables);
        } catch (e) {
          if (e instanceof UnknownOperatorError) fail(e.message, `Condition.${op}`, 'SG004');
          fail((e as Error).message, `Condition.${op}.${key}`);
        }
        if (!clause) continue;
        const number = textCompared(clause.operator.family)
          ? ((Array.isArray(value) ? value : [value]) as unknown[]).find(
              (v): v is number =>
                typeof v === 'number' && (!Number.isSafeInteger(v) || inexact?.has(v) === true),
            )
          : undefined;
        // "Quotation marks are optional for numeric and Boolean values" (IAM policy grammar), but
        // no AWS page says which text a string comparison sees for 1.50 or 1e2: the number as
        // written, or as a parser prints it (1.5, 100, 100.0). docs/aws-behaviour.md §37.
        if (number !== undefined)
          fail(
            `${op} "${key}" compares text with an unquoted JSON number written with a fraction, an exponent or as -0, or past 2^53 (read as ${String(number)}); which text AWS compares (as written, or as its parser prints the number) is not documented, so spokegate refuses the policy rather than guess: quote it`,
            `Condition.${op}.${key}`,
          );
        conditions.push(clause);
      }
    }
  }

  const ref: StatementRef =
    sid !== undefined ? { policy: policyName, index, sid } : { policy: policyName, index };
  return {
    index,
    sid,
    effect: effect as 'Allow' | 'Deny',
    ref,
    principal,
    action,
    resource,
    conditions,
    document: st as unknown as StatementDocument,
    ...(inert !== undefined ? { inert } : {}),
  };
}

/** A principal that names no caller (the stand-in for an empty Principal; matches nobody). */
const NO_ONE = { CanonicalUser: 'spokegate:no-one' };

/** An empty Principal object, or one whose every entry is an empty list. */
function namesNoOne(p: unknown): boolean {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return false;
  return Object.values(p).every((v) => Array.isArray(v) && v.length === 0);
}

function stringList(v: unknown, name: string, fail: (m: string, el?: string) => never): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) fail(`${name} is an empty list`, name);
  for (const x of list)
    if (typeof x !== 'string' || x === '') fail(`${name} values must be non-empty strings`, name);
  return list as string[];
}

function colonsBefore(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 58 /* : */) n++;
  return n;
}

/** Condition families that compare the value as text (a number in them is compared as some text). */
const textCompared = (family: string): boolean =>
  family === 'String' || family === 'Arn' || family === 'Binary';

/**
 * The numbers a policy's JSON text writes with a fraction or an exponent (`1.50`, `1e2`, `100.0`),
 * or otherwise than JavaScript prints them (`-0`),
 * outside strings (jsonc-parser's scan, as locate's): after JSON.parse they read as 1.5 and 100,
 * which is not how they were written.
 */
function numbersWrittenInexactly(text: string): ReadonlySet<number> | undefined {
  let found: Set<number> | undefined;
  visit(text, {
    onLiteralValue: (value: unknown, offset, length) => {
      const written = text.slice(offset, offset + length);
      // `-0` too: it reads as 0 (String(-0) is "0"), not as written (attack run 16).
      if (typeof value === 'number' && (/[.eE]/.test(written) || written !== String(value)))
        (found ??= new Set()).add(value);
    },
  });
  return found;
}
