// IpAddress / NotIpAddress: a policy value is an IPv4 or IPv6 address or CIDR block. Addresses are
// validated with Node's net.isIP and compared as numbers: IPv4 as one 32-bit value, IPv6 as eight
// 16-bit groups. The families are kept apart (an IPv4-mapped ::ffff:a.b.c.d is an IPv6 address),
// unlike net.BlockList, which test/policy otherwise checks it against. Matching allocates nothing for IPv4.
import { isIP } from 'node:net';
import { operators, type Family } from './types.js';

export interface Cidr {
  v6: boolean;
  /** IPv4: network as uint32 in [0]; IPv6: eight groups. */
  net: number[];
  prefix: number;
  written: string;
}

/** IPv4 dotted quad to uint32; -1 when not one. */
export function ipv4(s: string, from = 0): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

/** IPv6 to eight 16-bit groups; undefined when not an IPv6 address. */
export function ipv6(s: string): number[] | undefined {
  if (isIP(s) !== 6) return undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    // Embedded IPv4 tail: rewrite it as two hex groups.
    const v4 = ipv4(s, lastColon + 1);
    if (v4 < 0) return undefined;
    text = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const parse = (t: string) => (t === '' ? [] : t.split(':').map((g) => parseInt(g, 16)));
  const dbl = text.indexOf('::');
  let groups: number[];
  if (dbl === -1) groups = parse(text);
  else {
    const left = parse(text.slice(0, dbl));
    const right = parse(text.slice(dbl + 2));
    const fill = 8 - left.length - right.length;
    if (fill < 0) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  }
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

export function parseCidr(value: string): Cidr {
  const [addr = '', prefixText, extra] = value.trim().split('/');
  const type = isIP(addr);
  if (!type || extra !== undefined) throw new Error(`"${value}" is not an IP address or CIDR block`);
  const max = type === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${value}" has an invalid prefix length`);
  if (type === 4) return { v6: false, net: [ipv4(addr)], prefix, written: value };
  return { v6: true, net: ipv6(addr)!, prefix, written: value };
}

function inV4(ip: number, c: Cidr): boolean {
  if (c.prefix === 0) return true;
  const shift = 32 - c.prefix;
  return Math.floor(ip / 2 ** shift) === Math.floor(c.net[0]! / 2 ** shift);
}

function inV6(groups: number[], c: Cidr): boolean {
  let bits = c.prefix;
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = bits >= 16 ? 16 : bits;
    const shift = 16 - take;
    if (groups[i]! >> shift !== c.net[i]! >> shift) return false;
    bits -= take;
  }
  return true;
}

/**
 * Whether an address (string) is inside a block. Non-addresses are in no block, and the families do
 * not mix: an IPv4 address is in no IPv6 block (`::/0` included) and an IPv6 address, IPv4-mapped
 * included, in no IPv4 block ("all IPv6 addresses are outside of the denied range [192.0.2.0/24]",
 * Private CA's IAM IPv6 page; AWS's dual-stack policies list both families; docs/aws-behaviour.md §17).
 */
export function ipInCidr(address: string, c: Cidr): boolean {
  if (!c.v6) {
    const v4 = ipv4(address);
    return v4 >= 0 && inV4(v4, c);
  }
  const g = ipv6(address);
  return g !== undefined && inV6(g, c);
}

export const ipFamily: Family<Cidr> = {
  name: 'IpAddress',
  operators: operators('', { IpAddress: 'ip' }, true),
  variables: false,
  typeName: 'an IP address',
  reads: (rv) => typeof rv === 'string' && (ipv4(rv) >= 0 || ipv6(rv) !== undefined),
  compile: parseCidr,
  test(rv, p) {
    return typeof rv === 'string' && ipInCidr(rv, p);
  },
};
