// The lint rules: stable ids, severities and one-line summaries. README.md documents them.
// The same table says which findings AWS refuses outright (`refusedFor`): for those kinds the
// engine refuses the document (parsePolicy with a kind throws, so evaluate/run/check/diff exit 2)
// and lint reports the finding as an error.
import type { PolicyKind, Severity } from '../types.js';

export interface LintRule {
  id: string;
  name: string;
  /** Severity where AWS accepts the document; `error` wherever it is refused. */
  severity: Severity;
  summary: string;
  /** Policy kinds the rule runs on (parse errors apply to every kind). */
  kinds: readonly PolicyKind[];
  /** Kinds of policy AWS refuses to store with this finding (docs/aws-behaviour.md §7). */
  refusedFor: readonly PolicyKind[];
  /** Of `refusedFor`, the kinds where AWS's answer is not documented and spokegate refuses to fail
   * closed rather than guess (the message says so instead of "AWS refuses"). */
  undocumentedFor?: readonly PolicyKind[];
}

const ALL = ['endpoint', 'resource', 'identity', 'trust'] as const;
const EXEC = ['endpoint', 'resource'] as const;
/** The kinds whose statements name a Principal (an identity policy has none). */
const PRINCIPALED = ['endpoint', 'resource', 'trust'] as const;
/** The kinds whose statements name a Resource (a trust policy's resource is its role). */
const RESOURCED = ['endpoint', 'resource', 'identity'] as const;

export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'SG000',
    name: 'invalid-policy',
    severity: 'error',
    summary: 'The policy is not valid JSON or not a valid IAM policy (AWS rejects it).',
    kinds: ALL,
    refusedFor: ALL,
  },
  {
    id: 'SG001',
    name: 'principal-missing',
    severity: 'error',
    summary: 'A statement of an endpoint, resource or role trust policy has no Principal (AWS requires one).',
    kinds: PRINCIPALED,
    refusedFor: PRINCIPALED,
  },
  {
    id: 'SG002',
    name: 'policy-too-long',
    severity: 'warning',
    summary:
      'The policy is over its size limit: endpoint 20,480 characters (white space included), identity 10,240 non-white-space characters (6,144 for a managed policy); a resource policy over the default 8,192-character quota (which can be raised) is a warning.',
    kinds: ['endpoint', 'resource', 'identity'],
    refusedFor: ['endpoint', 'identity'],
  },
  {
    id: 'SG003',
    name: 'principal-wildcard-arn',
    severity: 'error',
    summary: 'A wildcard inside a principal ARN (AWS rejects it; use aws:PrincipalArn with ArnLike).',
    kinds: ALL,
    refusedFor: ALL,
  },
  {
    id: 'SG004',
    name: 'unknown-operator',
    severity: 'error',
    summary:
      'An unknown condition operator, or one written in another letter case (IAM: "Invalid Condition type : stringEquals").',
    kinds: ALL,
    refusedFor: ALL,
  },
  {
    id: 'SG005',
    name: 'not-execute-api-action',
    severity: 'error',
    summary: 'An action of another service: it never matches an execute-api call.',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG006',
    name: 'misspelled-action',
    severity: 'error',
    summary: 'An execute-api action that does not exist (misspelled).',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG007',
    name: 'wildcard-unsupported-key',
    severity: 'error',
    summary:
      'A wildcard or a numeric operator on aws:PrincipalAccount or aws:SourceVpc, which endpoint policies do not support.',
    kinds: ['endpoint'],
    // Reported, not refused: what AWS does with such a document is not written, and the wildcard is
    // evaluated as written (an account pattern in a grant is what the adversarial checks look for).
    refusedFor: [],
  },
  {
    id: 'SG008',
    name: 'resource-missing',
    severity: 'error',
    summary: 'A statement has no Resource or NotResource.',
    kinds: RESOURCED,
    refusedFor: RESOURCED,
  },
  {
    id: 'SG009',
    name: 'principal-in-identity-policy',
    severity: 'error',
    summary: 'An identity policy statement has a Principal or NotPrincipal (AWS rejects it).',
    kinds: ['identity'],
    refusedFor: ['identity'],
  },
  {
    id: 'SG010',
    name: 'principal-star-unconditioned',
    severity: 'warning',
    summary:
      'Allow to Principal "*" with no condition that narrows the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, ...).',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG011',
    name: 'action-too-broad',
    severity: 'warning',
    summary: 'Allow of "*" or "execute-api:*" where "execute-api:Invoke" suffices.',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG012',
    name: 'resource-too-broad',
    severity: 'warning',
    summary: 'Allow on Resource "*" or on every API of an account or region.',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG013',
    name: 'allow-with-not-element',
    severity: 'warning',
    summary: 'Allow with NotAction or NotResource grants more than it seems to.',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG014',
    name: 'unique-id-principal',
    severity: 'warning',
    summary:
      'A principal that is a unique id (AROA…, AIDA…): what AWS shows when the role or user was deleted.',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG015',
    name: 'not-principal-deny-incomplete',
    severity: 'warning',
    summary:
      'Deny with NotPrincipal that names a role or session without its account and session ARN: the session is denied anyway.',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG016',
    name: 'resource-policy-no-vpce-guard',
    severity: 'warning',
    summary: 'A private API resource policy with no aws:SourceVpce / aws:SourceVpc guard.',
    kinds: ['resource'],
    refusedFor: [],
  },
  {
    id: 'SG017',
    name: 'version-missing',
    severity: 'info',
    summary: 'Version missing or 2008-10-17: policy variables are taken literally.',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG018',
    name: 'duplicate-sid',
    severity: 'warning',
    summary: 'Two statements share a non-empty Sid (IAM refuses it in identity policies).',
    kinds: ALL,
    refusedFor: ['identity'],
  },
  {
    id: 'SG019',
    name: 'for-all-values-allow',
    severity: 'warning',
    summary: 'ForAllValues in an Allow is true when the key is missing, which allows more than intended.',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG020',
    name: 'not-execute-api-resource',
    severity: 'warning',
    summary: 'A Resource that is not an execute-api ARN never matches an API call.',
    kinds: EXEC,
    refusedFor: [],
  },
  {
    id: 'SG021',
    name: 'duplicate-key',
    severity: 'error',
    summary:
      'A key written twice in one JSON object (two "Effect"s, two condition keys): JSON parsers keep only one; refused.',
    kinds: ALL,
    refusedFor: ALL,
  },
  {
    id: 'SG022',
    name: 'resource-not-arn',
    severity: 'error',
    summary:
      'A Resource that is not an ARN or "*": IAM refuses it in identity policies, and API Gateway\'s short form "execute-api:/…" names the API only in that API\'s own resource policy.',
    kinds: ['endpoint', 'identity'],
    refusedFor: ['endpoint', 'identity'],
    undocumentedFor: ['endpoint'],
  },
  {
    id: 'SG023',
    name: 'sid-not-alphanumeric',
    severity: 'warning',
    summary: 'A Sid with characters other than A-Z, a-z and 0-9 (IAM refuses it in identity policies).',
    kinds: ['identity'],
    refusedFor: ['identity'],
  },
  {
    id: 'SG024',
    name: 'id-in-identity-policy',
    severity: 'error',
    summary:
      'An identity policy with an Id element ("The id_block … must not be included in identity-based policies").',
    kinds: ['identity'],
    refusedFor: ['identity'],
  },
  {
    id: 'SG025',
    name: 'not-principal-in-trust-policy',
    severity: 'error',
    summary:
      'A role trust policy statement with NotPrincipal (AWS: not allowed in an IAM role trust policy).',
    kinds: ['trust'],
    refusedFor: ['trust'],
  },
  {
    id: 'SG026',
    name: 'not-principal-with-allow',
    severity: 'error',
    summary:
      'NotPrincipal with "Effect": "Allow" (AWS: "NotPrincipal must be used with Effect Deny. Using it with Allow is not supported"); refused whatever the kind.',
    kinds: ALL,
    // A grammar refusal (parse.ts): no kind supports it, and what AWS does with one is not written,
    // so neither reading (everyone not named, or nobody) can be trusted to never give a false PASS.
    refusedFor: ALL,
    undocumentedFor: ALL,
  },
  {
    id: 'SG027',
    name: 'endpoint-short-wildcard',
    severity: 'error',
    summary:
      'A string condition value of an endpoint policy with a wildcard that has fewer than six consecutive characters before and after it.',
    kinds: ['endpoint'],
    // Not refused: which wildcard AWS then reads is not written, and long synthetic patterns
    // (the work limits' `*?`×16) are spokegate's own test load; lint reports it as an error.
    refusedFor: [],
  },
  {
    id: 'SG028',
    name: 'endpoint-arn-account-wildcard',
    severity: 'error',
    summary:
      'An ARN in an endpoint policy whose account part mixes digits and a wildcard (it may be an account id or a wildcard, not both).',
    kinds: ['endpoint'],
    // Reported, not refused: what AWS does with such a document is not written, and the wildcard is
    // evaluated as written (an account pattern in a grant is what the adversarial checks look for).
    refusedFor: [],
  },
  {
    id: 'SG029',
    name: 'statement-no-effect',
    severity: 'warning',
    summary:
      'A statement with an empty Principal, Action or Resource: IAM stores it and it "does not affect the policy" (Access Analyzer); the engine leaves it out too. (An empty Condition object is refused: the page reads both ways.)',
    kinds: ALL,
    refusedFor: [],
  },
  {
    id: 'SG030',
    name: 'policy-known-after-apply',
    severity: 'error',
    summary:
      "A Terraform plan's endpoint or resource policy that is known only after apply (after_unknown.policy): nothing can be checked before merge, and run, check and diff refuse it where they use it.",
    kinds: EXEC,
    // Not AWS's refusal but spokegate's: an unknown policy is no finding-free policy.
    refusedFor: [],
  },
  {
    id: 'SG031',
    name: 'source-ip-through-endpoint',
    severity: 'warning',
    summary:
      'A condition on aws:SourceIp in an endpoint or resource policy: through a VPC endpoint the request carries no aws:SourceIp of the caller (IAM: "not available"), so it never tests the caller\'s address; use aws:VpcSourceIp.',
    kinds: EXEC,
    // AWS stores such a policy; the condition is only not what it looks like.
    refusedFor: [],
  },
  {
    id: 'SG032',
    name: 'multivalued-key-without-qualifier',
    severity: 'warning',
    summary:
      'A multivalued key (aws:PrincipalOrgPaths, aws:CalledVia, aws:TagKeys, aws:PrincipalServiceNamesList, aws:ResourceOrgPaths, sts:TransitiveTagKeys) under an operator without ForAnyValue/ForAllValues: Access Analyzer\'s ERROR "Missing qualifier"; what AWS decides when the request holds several values is not written, so the engine refuses such a request (docs/aws-behaviour.md §31).',
    kinds: ALL,
    // IAM stores such policies (an AWS managed policy holds one); only requests with several values are open.
    refusedFor: [],
  },
  {
    id: 'SG033',
    name: 'negated-operator-other-type',
    severity: 'warning',
    summary:
      'A negated Numeric/Date/IpAddress/Arn operator (NumericNotEquals, DateNotEquals, NotIpAddress, ArnNotLike) over a global key whose values are not always of that type (a tag, aws:username, …): Access Analyzer\'s "Type mismatch"; what AWS decides for a value of another type is not written, so the engine refuses such a request (docs/aws-behaviour.md §31, §34).',
    kinds: ALL,
    refusedFor: [],
  },
];

export const RULES_BY_ID = new Map(LINT_RULES.map((r) => [r.id, r]));

/** The severity of a finding of `rule` in a policy of `kind`: error wherever AWS refuses it. */
export function severityOf(rule: string, kind: PolicyKind): Severity {
  const r = RULES_BY_ID.get(rule);
  if (!r) return 'error';
  return r.refusedFor.includes(kind) ? 'error' : r.severity;
}
