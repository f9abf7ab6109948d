// aws:SourceVpc is the VPC of the endpoint a call to a private API comes through (always present
// there: docs/aws-behaviour.md §3). The config may leave an endpoint's `vpc` out; a decision that
// depends on it is then taken once per VPC the policies name and once with another, and is
// `unknown` when they differ, naming the setting. Never the key left out: the standard guard "Deny
// unless aws:SourceVpc is the hub's VPC" then denied every call.
import type { Config } from '../config/index.js';
import { policyMentions, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import { agreeing } from './agreement.js';
import type { UnknownDecision } from './index.js';
import { perPolicy } from './per-policy.js';

const KEY = 'aws:sourcevpc';
/** A VPC none of the policies names. */
const ANOTHER_VPC = 'vpc-0spokegate0another0';

/** Whether a policy looks at aws:SourceVpc, and a VPC matching each value it writes. */
const vpcsOf = perPolicy((policy: CompiledPolicy): { looks: boolean; vpcs: string[] } => {
  let looks = false;
  const vpcs: string[] = [];
  for (const c of policyMentions(policy).conditions) {
    if (c.lowerKey !== KEY) continue;
    looks = true;
    for (const v of c.values) if (!v.includes('${')) vpcs.push(v.replace(/\*/g, '').replace(/\?/g, '0'));
  }
  return { looks, vpcs };
});

/**
 * `decide` with the endpoint's stated VPC (undefined: the config's own), or, when the config does
 * not state it and a policy looks at aws:SourceVpc, once per VPC the policies name and another.
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
  const read = policies.flatMap((p) => (p ? [vpcsOf(p)] : []));
  if (!read.some((r) => r.looks)) return decide(undefined);
  const vpcs = [...new Set([...read.flatMap((r) => r.vpcs), ANOTHER_VPC])];
  return agreeing(
    vpcs.map((vpc) => ({ label: vpc === ANOTHER_VPC ? 'in another VPC' : `in ${vpc}`, d: decide(vpc) })),
    `the decision depends on the VPC of endpoint "${alias}" (aws:SourceVpc), which the config does not state`,
    `set endpoints.${alias}.vpc (the endpoint's VpcId in EC2 DescribeVpcEndpoints)`,
  );
}
