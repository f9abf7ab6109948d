// Public surface of the policy engine: the ONE evaluator. The sandbox enforces with it, the
// harness predicts with it. See ../../../shared/DESIGN.md "Policy semantics".
export * from './types.js';
// Implementations (issue 3) export from here:
//   parsePolicy(input: string | object, source: PolicySource): CompiledPolicy   (throws PolicyError)
//   evaluatePolicy(policy: CompiledPolicy, req: RequestContext, opts?: { layer?: Layer }): Decision
//   authorizeCall(chain: ChainInput, req: RequestContext): ChainDecision
//   principalFromArn(arn: string, opts?: { sessionName?: string; roleId?: string }): Principal
//   requestContext(principal, call: { region, account, apiId, stage, method, path, sourceVpce?, sourceVpc? },
//                  extra?: { orgId?, tags?, userId? }): RequestContext
//   executeApiArn({ region, account, apiId, stage, method, path }): string
//   lintPolicy(policy: CompiledPolicy, kind: PolicyKind): Finding[]
//   loadPolicyFile(file: string, select?: {...}): CompiledPolicy  (JSON / Terraform plan / CloudFormation)
//   class PolicyError extends InputError
