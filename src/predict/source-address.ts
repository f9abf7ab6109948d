// The two address keys of a call through the execute-api endpoint (docs/aws-behaviour.md §8).
// aws:VpcSourceIp: "the IP address from which a request was made … only if the request is made
// using a VPC endpoint" (IAM global condition keys); for a private API it is the runner's own
// private address, which only the config can state (runner.address).
// aws:SourceIp: IAM says it is not in the request context of a request made through a VPC endpoint;
// API Gateway says the execute-api endpoint "re-writes the original source IP address". In neither
// reading is it the caller's address, and no document says which address it would be, so nothing
// can state it: a call is decided without it and from an address on each side of every block.
// Either way, when a policy looks at the key and its value is not known, the call is decided for
// every value the policies tell apart: the decision when all agree, else `unknown` naming what to
// do. Never a guess.
import { parseCidr, policyMentions, type ChainDecision, type CompiledPolicy } from '../policy/index.js';
import type { UnknownDecision } from './index.js';
import { agreeing, unknown } from './agreement.js';
import { perPolicy } from './per-policy.js';

export const VPC_SOURCE_IP = 'aws:VpcSourceIp';
const SOURCE_IP = 'aws:SourceIp';
type AddressKey = typeof VPC_SOURCE_IP | typeof SOURCE_IP;

/** What the policies say of an address key: nothing, blocks (IP and Null operators), or more. */
type Looks = { kind: 'no' } | { kind: 'blocks'; values: string[] } | { kind: 'other'; operator: string };

function looksAt(policy: CompiledPolicy, key: string): Looks {
  const lowerKey = key.toLowerCase();
  const mentions = policyMentions(policy).conditions.filter((c) => c.lowerKey === lowerKey);
  const other = mentions.find((c) => c.operator.family !== 'IpAddress' && c.operator.family !== 'Null');
  // A value built from the key (${aws:SourceIp}) can equal any address: no finite set stands for it.
  const variable = policy.text.toLowerCase().includes(`\${${lowerKey}}`);
  return other
    ? { kind: 'other', operator: other.operator.name }
    : variable
      ? { kind: 'other', operator: `the policy variable \${${key}}` }
      : mentions.length
        ? {
            kind: 'blocks',
            values: mentions.flatMap((c) => (c.operator.family === 'IpAddress' ? c.values : [])),
          }
        : { kind: 'no' };
}
const LOOKS: Record<AddressKey, (policy: CompiledPolicy) => Looks> = {
  [VPC_SOURCE_IP]: perPolicy((p) => looksAt(p, VPC_SOURCE_IP)),
  [SOURCE_IP]: perPolicy((p) => looksAt(p, SOURCE_IP)),
};
const looksOf = (policy: CompiledPolicy, key: AddressKey): Looks => LOOKS[key](policy);

/** Whether a policy looks at either address key at all. */
export const looksAtAddresses = (policy: CompiledPolicy): boolean =>
  looksOf(policy, VPC_SOURCE_IP).kind !== 'no' || looksOf(policy, SOURCE_IP).kind !== 'no';

/** Addresses standing for every answer the policies give over `key`, or the operator that prevents it. */
type Samples = { addresses: (string | undefined)[] } | { operator: string };

/**
 * The addresses to decide a call with when the value of `key` is not known: `[]` when no policy
 * looks at it, the operator when one looks at it other than by address blocks or Null (no finite
 * set of addresses stands for every answer), else an IPv4 and an IPv6 address and one on each side
 * of every block's edges.
 */
function samplesOf(policies: readonly (CompiledPolicy | null | undefined)[], key: AddressKey): Samples {
  const values: string[] = [];
  let looks = false;
  for (const p of policies) {
    if (!p) continue;
    const l = looksOf(p, key);
    if (l.kind === 'other') return { operator: l.operator };
    if (l.kind === 'blocks') {
      looks = true;
      values.push(...l.values);
    }
  }
  if (!looks) return { addresses: [] };
  const out = new Set<string>(['10.0.0.1', '2001:db8::1']);
  for (const v of values) for (const a of edges(v)) out.add(a);
  return { addresses: [...out] };
}

/** aws:VpcSourceIp samples (always present through an endpoint: never absent). */
export const addressSamples = (policies: readonly (CompiledPolicy | null | undefined)[]): Samples =>
  samplesOf(policies, VPC_SOURCE_IP);

/** aws:SourceIp samples: absent (IAM's reading) and the addresses (API Gateway's). */
export function sourceIpSamples(policies: readonly (CompiledPolicy | null | undefined)[]): Samples {
  const s = samplesOf(policies, SOURCE_IP);
  return 'operator' in s || s.addresses.length === 0 ? s : { addresses: [undefined, ...s.addresses] };
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

/** What to do about aws:SourceIp through the endpoint, for messages. */
const SOURCE_IP_HINT =
  "through the endpoint AWS documents aws:SourceIp as absent (IAM) or rewritten by the endpoint (API Gateway), never the caller's address: compare the caller's address with aws:VpcSourceIp (docs/aws-behaviour.md §8)";

/** `decide` once per sample of `key`; the answer when all agree, else `unknown` saying `what` and `hint`. */
function decideOver(
  key: string,
  samples: Samples,
  what: string,
  hint: string,
  decide: (address: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision {
  if ('operator' in samples)
    return unknown(`a policy looks at ${key} with ${samples.operator}, ${what}: ${hint}`);
  if (samples.addresses.length === 0) return decide(undefined);
  return agreeing(
    samples.addresses.map((a) => ({ label: a === undefined ? 'without it' : `from ${a}`, d: decide(a) })),
    `the decision depends on ${key}, ${what}`,
    hint,
  );
}

/**
 * `decide` once per sampled runner address; the answer when all agree, else `unknown` naming the
 * setting. `decide` may itself be unknown (an organization): that answer is returned as it is.
 */
export const decideOverAddresses = (
  samples: Samples,
  decide: (address: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision =>
  decideOver(
    VPC_SOURCE_IP,
    samples,
    "the runner's private address, which the config does not state",
    RUNNER_ADDRESS_HINT,
    decide,
  );

/** `decide` without aws:SourceIp and from each sampled address; unknown when they differ. */
export const decideOverSourceIp = (
  samples: Samples,
  decide: (address: string | undefined) => ChainDecision | UnknownDecision,
): ChainDecision | UnknownDecision =>
  decideOver(SOURCE_IP, samples, 'whose value through the endpoint no one can state', SOURCE_IP_HINT, decide);
