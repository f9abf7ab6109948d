// The lint rules: stable ids, severities and one-line summaries. README.md documents them.
import type { Severity } from '../types.js';

export interface LintRule {
  id: string;
  name: string;
  severity: Severity;
  summary: string;
  /** Policy kinds the rule runs on (parse errors apply to every kind). */
  kinds: readonly ('endpoint' | 'resource' | 'identity' | 'trust')[];
}

const ALL = ['endpoint', 'resource', 'identity', 'trust'] as const;
const EXEC = ['endpoint', 'resource'] as const;

export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'SG000',
    name: 'invalid-policy',
    severity: 'error',
    summary: 'The policy is not valid JSON or not a valid IAM policy (AWS rejects it).',
    kinds: ALL,
  },
  {
    id: 'SG001',
    name: 'principal-missing',
    severity: 'error',
    summary: 'A statement of an endpoint or resource policy has no Principal (AWS requires one).',
    kinds: EXEC,
  },
  {
    id: 'SG002',
    name: 'policy-too-long',
    severity: 'error',
    summary: 'The endpoint policy is over 20,480 characters (the VPC endpoint limit).',
    kinds: ['endpoint'],
  },
  {
    id: 'SG003',
    name: 'principal-wildcard-arn',
    severity: 'error',
    summary: 'A wildcard inside a principal ARN (AWS rejects it; use aws:PrincipalArn with ArnLike).',
    kinds: ALL,
  },
  {
    id: 'SG004',
    name: 'unknown-operator',
    severity: 'error',
    summary: 'An unknown condition operator.',
    kinds: ALL,
  },
  {
    id: 'SG005',
    name: 'not-execute-api-action',
    severity: 'error',
    summary: 'An action of another service: it never matches an execute-api call.',
    kinds: EXEC,
  },
  {
    id: 'SG006',
    name: 'misspelled-action',
    severity: 'error',
    summary: 'An execute-api action that does not exist (misspelled).',
    kinds: EXEC,
  },
  {
    id: 'SG007',
    name: 'wildcard-unsupported-key',
    severity: 'error',
    summary: 'A wildcard on aws:PrincipalAccount or aws:SourceVpc, which endpoint policies do not support.',
    kinds: ['endpoint'],
  },
  {
    id: 'SG008',
    name: 'resource-missing',
    severity: 'error',
    summary: 'A statement has no Resource or NotResource.',
    kinds: ['endpoint', 'resource', 'identity'],
  },
  {
    id: 'SG009',
    name: 'principal-in-identity-policy',
    severity: 'error',
    summary: 'An identity policy statement has a Principal or NotPrincipal (AWS rejects it).',
    kinds: ['identity'],
  },
  {
    id: 'SG010',
    name: 'principal-star-unconditioned',
    severity: 'warning',
    summary:
      'Allow to Principal "*" with no condition that narrows the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, ...).',
    kinds: EXEC,
  },
  {
    id: 'SG011',
    name: 'action-too-broad',
    severity: 'warning',
    summary: 'Allow of "*" or "execute-api:*" where "execute-api:Invoke" suffices.',
    kinds: EXEC,
  },
  {
    id: 'SG012',
    name: 'resource-too-broad',
    severity: 'warning',
    summary: 'Allow on Resource "*" or on every API of an account or region.',
    kinds: EXEC,
  },
  {
    id: 'SG013',
    name: 'allow-with-not-element',
    severity: 'warning',
    summary: 'Allow with NotPrincipal, NotAction or NotResource grants more than it seems to.',
    kinds: ALL,
  },
  {
    id: 'SG014',
    name: 'unique-id-principal',
    severity: 'warning',
    summary:
      'A principal that is a unique id (AROA…, AIDA…): what AWS shows when the role or user was deleted.',
    kinds: ALL,
  },
  {
    id: 'SG015',
    name: 'not-principal-deny-incomplete',
    severity: 'warning',
    summary:
      'Deny with NotPrincipal that names a role or session without its account and session ARN: the session is denied anyway.',
    kinds: ALL,
  },
  {
    id: 'SG016',
    name: 'resource-policy-no-vpce-guard',
    severity: 'warning',
    summary: 'A private API resource policy with no aws:SourceVpce / aws:SourceVpc guard.',
    kinds: ['resource'],
  },
  {
    id: 'SG017',
    name: 'version-missing',
    severity: 'info',
    summary: 'Version missing or 2008-10-17: policy variables are taken literally.',
    kinds: ALL,
  },
  {
    id: 'SG018',
    name: 'duplicate-sid',
    severity: 'warning',
    summary: 'Two statements share a Sid.',
    kinds: ALL,
  },
  {
    id: 'SG019',
    name: 'for-all-values-allow',
    severity: 'warning',
    summary: 'ForAllValues in an Allow is true when the key is missing, which allows more than intended.',
    kinds: ALL,
  },
  {
    id: 'SG020',
    name: 'not-execute-api-resource',
    severity: 'warning',
    summary: 'A Resource that is not an execute-api ARN never matches an API call.',
    kinds: EXEC,
  },
];

export const RULES_BY_ID = new Map(LINT_RULES.map((r) => [r.id, r]));
