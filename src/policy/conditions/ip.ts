// IpAddress / NotIpAddress: a policy value is an IPv4 or IPv6 address or CIDR block. Matching uses
// Node's own net.BlockList (IPv4-mapped IPv6 addresses match IPv4 blocks).
import { BlockList, isIP } from 'node:net';
import type { Family } from './types.js';

export const ipFamily: Family<BlockList> = {
  name: 'IpAddress',
  operators: {
    IpAddress: { negated: false, variant: 'ip' },
    NotIpAddress: { negated: true, variant: 'ip' },
  },
  variables: false,
  compile(value) {
    const [addr = '', prefixText, extra] = value.trim().split('/');
    const type = isIP(addr);
    if (!type || extra !== undefined) throw new Error(`"${value}" is not an IP address or CIDR block`);
    const max = type === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${value}" has an invalid prefix length`);
    const list = new BlockList();
    list.addSubnet(addr, prefix, type === 4 ? 'ipv4' : 'ipv6');
    return list;
  },
  test(rv, p) {
    if (typeof rv !== 'string') return false;
    const type = isIP(rv);
    if (!type) return false;
    return p.check(rv, type === 4 ? 'ipv4' : 'ipv6');
  },
};
