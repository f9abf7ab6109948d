// aws:SourceVpc is the VPC of the endpoint a call to a private API comes through (always present
// there: docs/aws-behaviour.md §3). The config may leave an endpoint's `vpc` out; a decision that
// depends on it is then taken once per combination of the policies' aws:SourceVpc values some VPC
// matches (witnesses.ts), and is `unknown` when they differ, naming the setting. Never the key left
// out: the standard guard "Deny unless aws:SourceVpc is the hub's VPC" then denied every call.
import type { Config } from '../config/index.js';
import type { ChainDecision, CompiledPolicy } from '../policy/index.js';
import { agreeing, unknown } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { keyPatterns, keyWitnesses } from './witnesses.js';

/** What each policy writes for aws:SourceVpc (present on every call through an endpoint). */
const vpcsOf = keyPatterns('aws:sourcevpc');

/** Whether a policy looks at aws:SourceVpc at all. */
export function looksAtSourceVpc(policy: CompiledPolicy): boolean {
  const l = vpcsOf(policy);
  return 'operator' in l || l.looks;
}

/** Whether a decision over `policies` may depend on aws:SourceVpc (a live or sandbox run then reads the VPC). */
export function sourceVpcMatters(policies: readonly (CompiledPolicy | null | undefined)[]): boolean {
  const vpcs = keyWitnesses(vpcsOf, policies);
  return !Array.isArray(vpcs) || vpcs.length > 0;
}

/**
 * `decide` with the endpoint's stated VPC (undefined: the config's own), or, when the config does
 * not state it and a policy looks at aws:SourceVpc, once per combination of its values a VPC matches.
 */
export function decideOverSourceVpc(
  config: Config,
  endpoint: string | undefined,
  policies: readonly (CompiledPolicy | null | undefined)[],
  decide: (vpc: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  const alias = endpoint ?? config.defaults.endpoint;
  const ep = alias === undefined ? undefined : config.endpoints[alias];
  if (!ep || ep.vpc) return decide(undefined);
  const vpcs = keyWitnesses(vpcsOf, policies);
  const what = `the VPC of endpoint "${alias}" (aws:SourceVpc), which the config does not state`;
  const unread = config.unread?.[`endpoints.${alias}.vpc`];
  const hint = `set endpoints.${alias}.vpc (the endpoint's VpcId in EC2 DescribeVpcEndpoints)${unread ? `; reading it failed: ${unread}` : ''}`;
  if (!Array.isArray(vpcs))
    return unknown(
      `a policy looks at aws:SourceVpc with ${vpcs.operator}, and the decision depends on ${what}: ${hint}`,
    );
  if (vpcs.length === 0) return decide(undefined);
  return agreeing(
    vpcs.map((vpc) => ({ label: `with aws:SourceVpc "${vpc}"`, d: decide(vpc) })),
    `the decision depends on ${what}`,
    hint,
  );
}
