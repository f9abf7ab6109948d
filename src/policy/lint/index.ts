// lintPolicy: AWS's own constraints and least-privilege smells for endpoint, resource and identity
// policies. Each finding has a stable rule id (see README.md), a severity and the statement.
import { capMiddle } from '../../escape/index.js';
import { PolicyError } from '../errors.js';
import { compiled } from '../evaluate.js';
import { compilePolicy, type CompiledStatement } from '../parse.js';
import {
  arnAccount,
  arnFields,
  parseRoleArn,
  parseSessionArn,
  roleArn,
  rootArn,
  sessionArn,
} from '../../identifiers/index.js';
import { sidShown, statementRef } from '../statement-ref.js';
import type { CompiledPolicy, Finding, PolicyKind, PolicySource } from '../types.js';
import { compileWildcard } from '../wildcard.js';
import { RULES_BY_ID, severityOf } from './rules.js';

/** Global keys IAM lists as multivalued (reference_policies_condition-keys), and STS's tag-key list. */
const MULTIVALUED_KEYS = new Set([
  'aws:principalorgpaths',
  'aws:calledvia',
  'aws:tagkeys',
  'aws:principalservicenameslist',
  'aws:resourceorgpaths',
  'sts:transitivetagkeys',
]);

/** The global keys whose values are always of a negatable family's type (the rest may hold other text). */
const TYPED_KEYS: Partial<Record<string, ReadonlySet<string>>> = {
  Numeric: new Set(['aws:multifactorauthage', 'aws:epochtime']),
  Date: new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime']),
  IpAddress: new Set(['aws:sourceip', 'aws:vpcsourceip']),
  Arn: new Set(['aws:principalarn', 'aws:sourcearn']),
};
/** What SG033 calls the values of each typed family. */
const TYPE_WORDS: Record<string, string> = {
  IpAddress: 'addresses',
  Date: 'dates',
  Numeric: 'numbers',
  Arn: 'ARNs',
};

export { LINT_RULES, severityOf, type LintRule } from './rules.js';
export { formatFindings } from './format.js';

/** IAM: "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)." */
const SID = /^[A-Za-z0-9]*$/;
const EXECUTE_API_ACTIONS = ['Invoke', 'InvalidateCache', 'ManageConnections'];
/** Size limits (docs/aws-behaviour.md §7). Endpoint: characters, white space included. Identity: IAM
 * counts characters without white space; 10,240 is the most any one identity policy can hold (the
 * inline-policy total of a role; managed policies stop at 6,144). Resource: API Gateway's default
 * quota, which can be raised, so only a warning. */
const SIZE_LIMITS: Partial<Record<PolicyKind, { max: number; count: (t: string) => number; what: string }>> =
  {
    endpoint: {
      max: 20_480,
      count: (t) => t.length,
      what: 'VPC endpoint policies may have at most 20,480 (white space included)',
    },
    identity: {
      max: 10_240,
      count: (t) => t.replace(/\s/g, '').length,
      what: "IAM identity policies may have at most 10,240 without white space (a role's inline policies together; a managed policy 6,144)",
    },
    resource: {
      max: 8_192,
      count: (t) => t.length,
      what: "API Gateway's default quota for a resource policy is 8,192 (it can be raised on request)",
    },
  };

/**
 * IAM's limit for a managed policy: 6,144 characters without white space (IAM and AWS STS quotas).
 * A permissions boundary is a managed policy, so a boundary over it is one AWS cannot hold, whatever
 * the 10,240 an identity policy in general may have.
 */
export function managedSizeProblem(policy: CompiledPolicy): string | undefined {
  const n = compiled(policy).text.replace(/\s/g, '').length;
  return n > 6_144
    ? `the policy is ${n} characters; an IAM managed policy (a permissions boundary is one) may have at most 6,144 without white space`
    : undefined;
}

/**
 * Organizations' quota for a service control policy: 5,120 characters (orgs_reference_limits). Saved
 * from the console, white space outside strings is dropped first; saved through the API it counts.
 * The shortest form is measured, so only a policy no organization could hold either way is refused.
 */
export function scpSizeProblem(policy: CompiledPolicy): string | undefined {
  const n = JSON.stringify(JSON.parse(compiled(policy).text)).length;
  return n > 5_120
    ? `the policy is ${n} characters without white space; an SCP may have at most 5,120 (AWS Organizations quotas), so no organization holds this one`
    : undefined;
}

function sizeProblem(text: string, kind: PolicyKind): string | undefined {
  const limit = SIZE_LIMITS[kind];
  if (!limit) return undefined;
  const n = limit.count(text);
  return n > limit.max ? `the policy is ${n} characters; ${limit.what}` : undefined;
}

/** A finding before it is worded: the rule, the problem, and where (statement and element). */
export interface RawFinding {
  rule: string;
  problem: string;
  statement?: CompiledStatement;
  element?: string;
}
/** Condition keys that narrow who the caller is. */
const PRINCIPAL_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:username',
  'aws:principaltype',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
];

/** A finding quotes the policy's own values (ARNs, keys, names); a policy may hold one of 100,000
 * characters, so a message is cut in the middle at 2,000, as the CLI's error lines are. */
const findingMessage = (m: string): string => capMiddle(m, 2000);

export function lintPolicy(policy: CompiledPolicy, kind: PolicyKind): Finding[] {
  return rawFindings(policy, kind).map((f) => {
    const out: Finding = {
      rule: f.rule,
      severity: severityOf(f.rule, kind),
      message: findingMessage(f.statement ? `${label(f.statement)}: ${f.problem}` : f.problem),
    };
    if (f.statement) out.statement = f.statement.ref;
    return out;
  });
}

/** The findings for which AWS refuses a policy of this kind (the same rules lint reports as errors). */
export function refusals(policy: CompiledPolicy, kind: PolicyKind): RawFinding[] {
  return rawFindings(policy, kind).filter((f) => RULES_BY_ID.get(f.rule)?.refusedFor.includes(kind));
}

function rawFindings(policy: CompiledPolicy, kind: PolicyKind): RawFinding[] {
  const p = compiled(policy);
  const out: RawFinding[] = [];
  const exec = kind === 'endpoint' || kind === 'resource';
  const finding = (rule: string, problem: string) => out.push({ rule, problem });

  const tooLong = sizeProblem(p.text, kind);
  if (tooLong) finding('SG002', tooLong);
  if (p.version !== '2012-10-17') {
    finding(
      'SG017',
      p.version === undefined
        ? 'Version is missing: AWS reads the policy as 2008-10-17, where ${...} policy variables are plain text; add "Version": "2012-10-17"'
        : 'Version 2008-10-17: ${...} policy variables are plain text; use "2012-10-17"',
    );
  }
  // IAM grammar notes (reference_policies_grammar): "The id_block … must not be included in
  // identity-based policies".
  if (kind === 'identity' && p.document.Id !== undefined)
    out.push({ rule: 'SG024', problem: 'identity policies may not contain an Id element', element: 'Id' });
  const sids = new Map<string, number>();
  for (const st of p.allStatements) {
    const at = (rule: string, problem: string, element?: string) =>
      out.push({ rule, problem, statement: st, ...(element ? { element } : {}) });
    if (st.inert !== undefined)
      at(
        'SG029',
        `the statement has no effect: ${st.inert} (AWS stores it and says it "does not affect the policy")`,
      );
    if (st.sid !== undefined && kind === 'identity' && !SID.test(st.sid))
      at('SG023', `Sid "${sidShown(st.sid)}" may hold only A-Z, a-z and 0-9 in an IAM policy`, 'Sid');
    // An empty Sid is no Sid: IAM stores several `"Sid": ""` statements in one policy (Terraform's
    // aws_iam_policy_document wrote one per statement for years; getmoto/moto#2415), so only
    // non-empty Sids must be unique (docs/aws-behaviour.md §15).
    if (st.sid) {
      const prev = sids.get(st.sid);
      if (prev !== undefined)
        at('SG018', `Sid "${sidShown(st.sid)}" is also used by ${statementRef({ index: prev })}`, 'Sid');
      else sids.set(st.sid, st.index);
    }
    const allow = st.effect === 'Allow';

    // Principal
    if ((exec || kind === 'trust') && !st.principal)
      at('SG001', `${kind} policies require a Principal in every statement`, 'Principal');
    if (kind === 'trust' && st.principal?.not)
      at('SG025', 'role trust policies may not contain NotPrincipal', 'NotPrincipal');
    if (kind === 'identity' && st.principal) {
      const el = st.principal.not ? 'NotPrincipal' : 'Principal';
      at('SG009', `identity policies may not contain ${el}`, el);
    }
    if (st.principal) {
      const cp = st.principal.compiled;
      for (const id of cp.uniqueIds) {
        at(
          'SG014',
          `principal "${id}" is a unique id: AWS shows this when the role or user it named was deleted; a re-created role gets a new id and does not match`,
        );
      }
      if (st.principal.not && !allow) notPrincipalDenyChecks(st, at);
    }
    if (allow && st.action.not) at('SG013', 'Allow with NotAction allows every other action');
    if (allow && st.resource?.not) at('SG013', 'Allow with NotResource allows every other resource');
    if (
      exec &&
      allow &&
      st.principal &&
      !st.principal.not &&
      st.principal.compiled.any &&
      !narrowsPrincipal(st)
    ) {
      at(
        'SG010',
        'allows Principal "*" (everyone, anonymous included) with no condition on aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID or similar',
      );
    }

    // Action
    if (exec) {
      for (const a of st.action.written) {
        if (a === '*') continue;
        const [service = '', action = ''] = a.split(':');
        if (!compileWildcard(service.toLowerCase()).test('execute-api')) {
          at(
            'SG005',
            `"${a}" is not an execute-api action; it never matches a call through the execute-api endpoint`,
          );
          continue;
        }
        const m = compileWildcard(action.toLowerCase());
        if (!EXECUTE_API_ACTIONS.some((x) => m.test(x.toLowerCase()))) {
          const guess = closest(action, EXECUTE_API_ACTIONS);
          at(
            'SG006',
            `"${a}" matches no execute-api action${guess ? ` (did you mean "execute-api:${guess}"?)` : ''}`,
          );
        }
      }
      if (allow && !st.action.not) {
        const broad = st.action.written.filter((a) => a === '*' || a.toLowerCase() === 'execute-api:*');
        if (broad.length)
          at(
            'SG011',
            `Action ${broad.map((b) => `"${b}"`).join(', ')} allows every execute-api action (cache invalidation, WebSocket management); "execute-api:Invoke" suffices to call APIs`,
          );
      }
    }

    // Resource
    if (!st.resource && kind !== 'trust')
      at('SG008', 'the statement has no Resource or NotResource', 'Resource');
    if (st.resource && (kind === 'identity' || kind === 'endpoint')) {
      const el = st.resource.not ? 'NotResource' : 'Resource';
      for (const r of st.resource.written) {
        if (r === '*' || r.startsWith('arn:')) continue;
        at(
          'SG022',
          kind === 'identity'
            ? `"${r}" is not an ARN: IAM answers "Resource ${r} must be in ARN format or "*"" (the short form execute-api:/… belongs in an API's resource policy)`
            : `"${r}" is not an ARN: the short form execute-api:/… names the API whose resource policy holds it, and an endpoint policy belongs to no API; write arn:aws:execute-api:REGION:ACCOUNT:API_ID/…`,
          el,
        );
      }
    }
    if (kind === 'endpoint' && st.resource)
      for (const r of st.resource.written)
        if (mixedAccount(r))
          at(
            'SG028',
            `Resource "${r}" has an account part that mixes an account id and a wildcard; an endpoint policy takes an account id or a wildcard there, not both`,
            st.resource.not ? 'NotResource' : 'Resource',
          );
    if (exec && st.resource) {
      for (const r of st.resource.written) {
        if (r === '*' || r.startsWith('execute-api:/')) continue;
        // A pattern short of six fields matches no ARN unless a wildcard spans the rest.
        const service = arnFields(r)?.service;
        if (service === undefined ? !/[*?]/.test(r) : !compileWildcard(service).test('execute-api')) {
          at('SG020', `Resource "${r}" is not an execute-api ARN; it never matches an API call`);
        }
      }
      if (allow && !st.resource.not) {
        for (const r of st.resource.written) {
          if (r === '*')
            at(
              'SG012',
              'Resource "*" allows every API in every account; name the APIs (arn:aws:execute-api:REGION:ACCOUNT:API_ID/*)',
            );
          else if (accountWide(r))
            at('SG012', `Resource "${r}" covers every API of an account or region; name the API ids`);
        }
      }
    }

    // Conditions
    for (const c of st.conditions) {
      if (allow && c.operator.qualifier === 'ForAllValues' && !c.operator.ifExists) {
        at(
          'SG019',
          `${c.operator.written} "${c.key}" is true when the request does not carry the key; add a Null check or use ForAnyValue`,
        );
      }
      if (kind === 'endpoint' && (c.lowerKey === 'aws:principalaccount' || c.lowerKey === 'aws:sourcevpc')) {
        if (c.operator.family === 'Numeric')
          at(
            'SG007',
            `${c.operator.written} "${c.key}" is a numeric operator; endpoint policies do not support numeric operators on this key`,
            `Condition.${c.operator.written}`,
          );
        else if (c.values.some((v) => v.includes('*') || v.includes('?'))) {
          at(
            'SG007',
            `${c.operator.written} "${c.key}" uses a wildcard; endpoint policies do not support wildcards on this key`,
            `Condition.${c.operator.written}`,
          );
        }
      }
      // Through the endpoint the key is not the caller's address (absent, or the address the endpoint
      // rewrites it to: docs/aws-behaviour.md §8), so the condition never tests who calls from where.
      if ((kind === 'endpoint' || kind === 'resource') && c.lowerKey === 'aws:sourceip')
        at(
          'SG031',
          `${c.operator.written} "${c.key}" does not test the caller's address: a request through a VPC endpoint carries no aws:SourceIp of the caller (IAM: "not available" through a VPC endpoint; the execute-api endpoint rewrites the source address); use aws:VpcSourceIp`,
          `Condition.${c.operator.written}`,
        );
      if (MULTIVALUED_KEYS.has(c.lowerKey) && !c.operator.qualifier && c.operator.family !== 'Null')
        at(
          'SG032',
          `${c.operator.written} "${c.key}": the key is multivalued and the operator has no ForAnyValue or ForAllValues (Access Analyzer: "Missing qualifier"); a request carrying several values, some matching, cannot be decided`,
          `Condition.${c.operator.written}`,
        );
      if (
        c.operator.negated &&
        c.lowerKey.startsWith('aws:') &&
        TYPED_KEYS[c.operator.family]?.has(c.lowerKey) === false
      )
        at(
          'SG033',
          `${c.operator.written} "${c.key}": the key's values are not always ${TYPE_WORDS[c.operator.family]} (Access Analyzer: "Type mismatch"); a request carrying one of another type cannot be decided`,
          `Condition.${c.operator.written}`,
        );
      if (kind === 'endpoint' && c.operator.family === 'String' && c.operator.base.includes('Like')) {
        const short = c.values.find((v) => !v.includes('${') && shortWildcard(v));
        if (short !== undefined)
          at(
            'SG027',
            `${c.operator.written} "${c.key}" value "${short}" has a wildcard without six consecutive characters before or after it, which endpoint policies require`,
            `Condition.${c.operator.written}`,
          );
      }
      if (kind === 'endpoint' && c.operator.family === 'Arn')
        for (const v of c.values)
          if (mixedAccount(v))
            at(
              'SG028',
              `${c.operator.written} "${c.key}" value "${v}" has an account part that mixes an account id and a wildcard`,
              `Condition.${c.operator.written}`,
            );
    }
  }
  if (kind === 'resource' && !hasVpceGuard(p.statements)) {
    finding(
      'SG016',
      'no statement restricts callers to your VPC endpoints: add a Deny with StringNotEquals on aws:SourceVpce (or aws:SourceVpc), or condition the Allow on it',
    );
  }
  return out;
}

/** Lint policy text: parse errors are findings too (SG000, SG003, SG004, SG021). */
export function lintPolicyText(text: string, source: PolicySource, kind: PolicyKind): Finding[] {
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(text, source);
  } catch (e) {
    if (e instanceof PolicyError) {
      const f: Finding = {
        rule: e.rule,
        severity: severityOf(e.rule, kind),
        message: findingMessage(e.message),
      };
      if (e.location.statement !== undefined) {
        f.statement = {
          policy: source.name,
          index: e.location.statement,
          ...(e.location.sid !== undefined ? { sid: e.location.sid } : {}),
        };
      }
      const out = [f];
      const tooLong = sizeProblem(text, kind);
      if (tooLong) out.push({ rule: 'SG002', severity: severityOf('SG002', kind), message: tooLong });
      return out;
    }
    throw e;
  }
  return lintPolicy(policy, kind);
}

/**
 * PrivateLink, endpoint policy considerations: "When you use string condition operators, you must use
 * at least six consecutive characters before or after each wildcard character."
 */
function shortWildcard(v: string): boolean {
  const runs = v.split(/[*?]/);
  for (let i = 0; i + 1 < runs.length; i++) if (runs[i]!.length < 6 && runs[i + 1]!.length < 6) return true;
  return false;
}

/** "the account portion of the ARN can contain an account ID or a wildcard character, but not both". */
function mixedAccount(arn: string): boolean {
  if (!arn.startsWith('arn:')) return false;
  const account = arn.split(':')[4] ?? '';
  return /[*?]/.test(account) && /[0-9]/.test(account);
}

function label(st: CompiledStatement): string {
  return statementRef({ index: st.index, sid: st.sid });
}

function narrowsPrincipal(st: CompiledStatement): boolean {
  return st.conditions.some((c) => {
    if (c.operator.base === 'Null') return false;
    const k = c.lowerKey;
    if (k.startsWith('aws:principaltag/')) return true;
    if (!PRINCIPAL_KEYS.includes(k)) return false;
    // A positive condition narrows; a negated one only when it is not IfExists... both narrow the
    // set of callers it lets through when the key is present; a negated one without values does not.
    return !c.operator.ifExists || !c.operator.negated;
  });
}

function accountWide(r: string): boolean {
  const a = arnFields(r);
  if (a?.service !== 'execute-api') return false;
  const account = a.account;
  const apiId = a.resource.split('/')[0] ?? '';
  return account === '*' || account === '' || apiId.includes('*') || apiId.includes('?') || apiId === '';
}

function hasVpceGuard(sts: readonly CompiledStatement[]): boolean {
  const guardKey = (k: string) => k === 'aws:sourcevpce' || k === 'aws:sourcevpc';
  return sts.some((st) =>
    st.conditions.some((c) => {
      if (!guardKey(c.lowerKey)) return false;
      if (st.effect === 'Deny')
        return c.operator.negated && !c.operator.ifExists ? true : c.operator.base === 'Null';
      return !c.operator.negated && !c.operator.ifExists;
    }),
  );
}

function notPrincipalDenyChecks(st: CompiledStatement, at: (rule: string, msg: string) => void): void {
  const cp = st.principal!.compiled;
  const sessionsFor = (account: string, role: string) =>
    [...cp.sessionArns].some((s) => {
      const m = parseSessionArn(s);
      return m !== undefined && m.account === account && m.roleName === role;
    });
  // What NotPrincipal leaves unnamed beside a role or session it names: the account, and the other form.
  const unnamed = (account: string, otherNamed: boolean, other: string): string[] => [
    ...(cp.accounts.has(account) ? [] : [`the account (${rootArn(account)})`]),
    ...(otherNamed ? [] : [other]),
  ];
  for (const r of cp.roleArns) {
    const m = parseRoleArn(r);
    if (!m) continue;
    const session = sessionArn({ account: m.account, roleName: m.name, sessionName: 'SESSION' });
    const missing = unnamed(m.account, sessionsFor(m.account, m.name), `the session ARN (${session})`);
    if (missing.length)
      at(
        'SG015',
        `NotPrincipal names role "${r}" but not ${missing.join(' or ')}; AWS checks a session as its account, role and session, so the role's sessions are denied too`,
      );
  }
  for (const s of cp.sessionArns) {
    const m = parseSessionArn(s);
    if (!m) continue;
    const roleNamed = cp.roles.get(m.account)?.has(m.roleName) ?? false;
    const role = roleArn({ account: m.account, name: m.roleName });
    const missing = unnamed(m.account, roleNamed, `the role ARN (${role})`);
    if (missing.length)
      at(
        'SG015',
        `NotPrincipal names session "${s}" but not ${missing.join(' or ')}; the session is denied anyway`,
      );
  }
  for (const u of cp.userArns) {
    const account = arnAccount(u) ?? '';
    if (!cp.accounts.has(account))
      at(
        'SG015',
        `NotPrincipal names user "${u}" but not its account (${rootArn(account)}); the user is denied anyway`,
      );
  }
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export { PolicyError };
