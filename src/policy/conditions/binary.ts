// BinaryEquals: the policy value is base64; the request value is base64 too. Compared as bytes.
import type { Family } from './types.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const binaryFamily: Family<string> = {
  name: 'Binary',
  operators: { BinaryEquals: { negated: false, variant: 'eq' } },
  variables: false,
  compile(value) {
    const v = value.trim();
    if (v.length % 4 !== 0 || !BASE64.test(v)) throw new Error(`"${value}" is not base64`);
    return Buffer.from(v, 'base64').toString('hex');
  },
  test(rv, p) {
    if (typeof rv !== 'string') return false;
    const v = rv.trim();
    if (v.length % 4 !== 0 || !BASE64.test(v)) return false;
    return Buffer.from(v, 'base64').toString('hex') === p;
  },
};
