// What a policy source yields: the policy texts an IaC file would put in place, before parsing.
// Parsing into a CompiledPolicy is the engine's job (parsePolicy); sources only find the texts.

export type PolicyFileFormat = 'json' | 'terraform-plan' | 'cloudformation';

/** An execute-api VPC endpoint's policy as the file would leave it. */
export interface EndpointPolicyEntry {
  /** Terraform address (`aws_vpc_endpoint.hub`, `module.x.aws_vpc_endpoint_policy.p`), CloudFormation
   * logical id, or the file path for a plain policy. */
  address: string;
  /** `vpce-...` when known at plan time. */
  vpceId?: string;
  /** e.g. `com.amazonaws.us-west-2.execute-api`, when known. */
  serviceName?: string;
  /** Terraform plans only: an endpoint the change creates. Its id is assigned at apply, so it is
   * none of the endpoints that exist now (a configured endpoint's id is one). */
  created?: true;
  /** CloudFormation templates: the endpoint's VpcId, when it resolves offline. */
  vpc?: string;
  /**
   * CloudFormation templates: the endpoint states no PolicyDocument (`policyText` is AWS's default,
   * as at creation; what a stack update that removes one leaves is not established).
   */
  noPolicyDocument?: true;
  /** The policy JSON after the change. */
  policyText: string;
  /** Terraform plans only: the policy before the change; null when the endpoint did not exist. */
  before?: string | null;
}

/** A REST API's resource policy as the file would leave it. */
export interface ResourcePolicyEntry {
  address: string;
  apiId?: string;
  apiName?: string;
  /** Terraform plans only: an API the change creates. Its id is assigned at apply, so it is none of
   * the APIs that exist now (a configured API's id is one); never matched by its name. */
  created?: true;
  policyText: string;
  /** Terraform plans only: the policy before the change; null when the API had none (or did not exist). */
  before?: string | null;
}

/**
 * A policy that is not there: the change takes it away (Terraform plans), or a private API the file
 * defines has none anywhere (plans and templates).
 */
export interface RemovedPolicyEntry {
  kind: 'endpoint' | 'resource';
  /** `destroyed`: the endpoint or API itself does not exist after the change; `no-policy`: the API
   * exists and is known to have no resource policy (a private API then refuses every call). */
  left: 'destroyed' | 'no-policy';
  address: string;
  vpceId?: string;
  apiId?: string;
  apiName?: string;
  /** An endpoint or API the change creates (see ResourcePolicyEntry.created). */
  created?: true;
  before: string | null;
  /** Why nothing is left, in words a reviewer understands. */
  reason: string;
}

/** A policy whose planned value is known only after apply: reported, never guessed. */
export interface UnknownPolicyEntry {
  kind: 'endpoint' | 'resource';
  address: string;
  vpceId?: string;
  apiId?: string;
  apiName?: string;
  /** The attribute that is unknown, e.g. `policy`. */
  field: string;
  /** `unknown`: which endpoint or API the policy is for is itself not known (field `vpc_endpoint_id`
   * or `rest_api_id`): any endpoint's or API's policy may be this one. */
  target?: 'unknown';
  /** An endpoint or API the change creates (see EndpointPolicyEntry.created). */
  created?: true;
  before?: string | null;
  message: string;
}

export interface PolicyFileResult {
  file: string;
  format: PolicyFileFormat;
  endpoints: EndpointPolicyEntry[];
  resourcePolicies: ResourcePolicyEntry[];
  /** Policies the change removes (endpoint or API deleted, policy resource destroyed), and private
   * APIs with no resource policy anywhere in the file. */
  removed: RemovedPolicyEntry[];
  /** Terraform plans: policies known only after apply. */
  unknown: UnknownPolicyEntry[];
  /** Things a reviewer should know (skipped endpoints of other services, ids known only after apply). */
  notes: string[];
}

/** Values CloudFormation would supply at deploy time; used to resolve intrinsic functions offline. */
export interface CloudFormationOptions {
  region?: string;
  accountId?: string;
  /** When `accountId` is not known: the setting that would state it. `AWS::AccountId` then fails
   * naming it (never a made-up account). */
  accountUnknown?: string;
  partition?: string;
  stackName?: string;
  /** Parameter values overriding the template's defaults. */
  parameters?: Record<string, string | string[]>;
  /** Physical ids for `Ref LogicalId` (e.g. an endpoint's vpce id). */
  physicalIds?: Record<string, string>;
  /** Values for `Fn::ImportValue NAME`. */
  imports?: Record<string, string>;
  /**
   * The file is this endpoint's policy: when the template has exactly one execute-api endpoint that
   * `endpoints` does not place elsewhere (by its VpcId), `Ref` to it gives this vpce id.
   */
  bindEndpoint?: string;
  /**
   * The config's endpoints: a template's execute-api endpoint whose VpcId is the `vpc` of exactly
   * one of them is that endpoint (`Ref` to it gives its id). Any other is bound only by bindEndpoint.
   */
  endpoints?: readonly { id: string; vpc?: string }[];
  /**
   * The API this file is for (an API's resource policy file, or the config's only API): the
   * template's one RestApi, when no name in bindApis binds it, is this API.
   */
  bindOnlyApi?: { id: string; account?: string; region?: string };
  /** REST API name or logical id (case-insensitive) -> API id (for `Ref` to the API), or the id with
   * the API's own account and region (for `AWS::AccountId` / `AWS::Region` in its policy). */
  bindApis?: Record<string, string | { id: string; account?: string; region?: string }>;
}

export interface PolicySelect extends CloudFormationOptions {
  /** Which kind of policy is wanted. A plain JSON policy is taken as this kind (endpoint by default). */
  kind?: 'endpoint' | 'resource';
  /** Keep only the entry at this Terraform address / CloudFormation logical id (or vpce / API id). */
  address?: string;
}
