// aws:VpcSourceIp: "the IP address from which a request was made … only if the request is made
// using a VPC endpoint" (IAM global condition keys); for a private API it is the runner's own
// private address, as the execute-api endpoint "re-writes the original source IP address"
// (API Gateway resource policy examples). Only the config can say what it is (runner.address).
// When it does not and a policy in the chain looks at the key, the call is decided for an address
// on each side of every block the policies name (and an IPv4 and an IPv6 one): the decision when
// all agree, else `unknown` naming the setting. Never a guess.
import { parseCidr, policyMentions, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { agreeing, unknown } from './agreement.js';

export const VPC_SOURCE_IP = 'aws:VpcSourceIp';
const KEY = VPC_SOURCE_IP.toLowerCase();

/** What the policies say of aws:VpcSourceIp: nothing, blocks under IP operators, or more. */
type Looks = { kind: 'no' } | { kind: 'blocks'; values: string[] } | { kind: 'other'; operator: string };

const LOOKS = new WeakMap<CompiledPolicy, Looks>();

function looksOf(policy: CompiledPolicy): Looks {
  let l = LOOKS.get(policy);
  if (!l) {
    const mentions = policyMentions(policy).conditions.filter((c) => c.lowerKey === KEY);
    const other = mentions.find((c) => c.operator.family !== 'IpAddress');
    l = other
      ? { kind: 'other', operator: other.operator.name }
      : mentions.length
        ? { kind: 'blocks', values: mentions.flatMap((c) => c.values) }
        : { kind: 'no' };
    LOOKS.set(policy, l);
  }
  return l;
}

/**
 * The addresses to decide a call with when the config does not state the runner's: `[]` when no
 * policy looks at aws:VpcSourceIp, `undefined` when one looks at it other than by address blocks
 * (no finite set of addresses stands for every answer), else one address on each side of every
 * block's edges.
 */
export function addressSamples(
  policies: readonly (CompiledPolicy | null | undefined)[],
): { addresses: string[] } | { operator: string } {
  const values: string[] = [];
  for (const p of policies) {
    if (!p) continue;
    const l = looksOf(p);
    if (l.kind === 'other') return { operator: l.operator };
    if (l.kind === 'blocks') values.push(...l.values);
  }
  if (values.length === 0) return { addresses: [] };
  const out = new Set<string>(['10.0.0.1', '2001:db8::1']);
  for (const v of values) for (const a of edges(v)) out.add(a);
  return { addresses: [...out] };
}

/** The first and last address of a block and the addresses just outside it. */
function edges(value: string): string[] {
  const c = parseCidr(value);
  const bits = c.v6 ? 128 : 32;
  let net = 0n;
  if (c.v6) for (const g of c.net) net = (net << 16n) | BigInt(g);
  else net = BigInt(c.net[0]!);
  const host = (1n << BigInt(bits - c.prefix)) - 1n;
  const first = net & ~host & ((1n << BigInt(bits)) - 1n);
  const last = first | host;
  const max = (1n << BigInt(bits)) - 1n;
  const around = [first, last, ...(first > 0n ? [first - 1n] : []), ...(last < max ? [last + 1n] : [])];
  return around.map((n) => (c.v6 ? v6Text(n) : v4Text(n)));
}

const v4Text = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
const v6Text = (n: bigint): string =>
  [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((n >> s) & 0xffffn).toString(16)).join(':');

/** The setting that states the runner's address, for messages. */
export const RUNNER_ADDRESS_HINT =
  "state the runner's private address in the config: runner: { address: 10.0.1.15 } (the address the calls leave the runner from, as the endpoint sees it)";

/**
 * `decide` once per sampled address; the answer when all agree, else `unknown` naming the setting.
 * `decide` may itself be unknown (an organization): that answer is returned as it is.
 */
export function decideOverAddresses(
  samples: { addresses: string[] } | { operator: string },
  decide: (address: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if ('operator' in samples)
    return unknown(
      `a policy looks at ${VPC_SOURCE_IP} with ${samples.operator}, and the config does not state the runner's address: ${RUNNER_ADDRESS_HINT}`,
    );
  if (samples.addresses.length === 0) return decide(undefined);
  return agreeing(
    samples.addresses.map((a) => ({ label: `from ${a}`, d: decide(a) })),
    `the decision depends on ${VPC_SOURCE_IP}, the runner's private address, which the config does not state`,
    RUNNER_ADDRESS_HINT,
  );
}
