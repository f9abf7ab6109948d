// Public surface of the policy engine: the ONE evaluator. The sandbox enforces with it, the
// harness predicts with it. See docs/design.md "Policy semantics".
export * from './types.js';
export { PolicyError, type PolicyLocation } from './errors.js';
export { sidShown, statementRef, statementRefs } from './statement-ref.js';
export { ALLOWS_NOTHING, parsePolicy, type ParseOptions } from './validate.js';
export { evaluatePolicy, statementMayName, statementsReaching } from './evaluate.js';
export {
  boundLayers,
  leastPermissive,
  mostPermissive,
  sameVariables,
  withoutVariables,
} from './permissive.js';
export { authorizeCall, decisionFields, endpointAllows } from './chain.js';
export {
  principalFromArn,
  principalAccount,
  principalDisplay,
  federatedUserAmbiguities,
  DEFAULT_SESSION_NAME,
} from './principal.js';
export {
  requestContext,
  requestAt,
  executeApiArn,
  resourcePathReadings,
  principalKeys,
  asAnonymous,
  callKeys,
  mergeContext,
  INVOKE_ACTION,
  type ApiCall,
  type ContextExtra,
} from './request.js';
export {
  lintPolicy,
  lintPolicyText,
  formatFindings,
  LINT_RULES,
  severityOf,
  type LintRule,
} from './lint/index.js';
// Policy sources (issue 6): JSON policy files, Terraform plan JSON, CloudFormation templates.
export * from './sources/index.js';
// What a policy mentions (src/analysis partitions requests by these values) and the matchers it
// uses for them, so a region's membership is tested exactly as the engine tests a value.
export { policyMentions, resourceSides, type PolicyMentions, type MentionedCondition } from './mentions.js';
export { compileWildcard, bindShortForm } from './wildcard.js';
export { ipInCidr, parseCidr } from './conditions/ip.js';
export { toNumber } from './conditions/numeric.js';
export { toInstant } from './conditions/date.js';
export { parseTemplate, type Template } from './variables.js';
// One text per policy document: is a copy the policy AWS serves (src/harness/policies.ts)?
export { canonicalPolicyText } from './canonical.js';
