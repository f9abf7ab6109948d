// Issue 14 item 3 (pass 17): who-can says when a key's value cannot be known offline. A request key
// the policies read only as a policy variable (`${aws:SourceIp}` in a Resource or in a condition's
// value) has no dimension of its own: the search sets it in the witness, and until pass 17 the
// answer did not name it (3 of 3 rows below failed before; the plain condition row passed).
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../src/analysis/index.js';
import { anyoneInvokesProd, PROD_ORDERS, smallWorld } from './helpers.js';

const grant = anyoneInvokesProd;

/** Rows: name, statement, the key that must be named. */
const ROWS: [string, object, RegExp][] = [
  [
    'a tag compared with the caller’s address',
    grant({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:SourceIp}' } } }),
    /aws:sourceip/i,
  ],
  [
    'a Resource naming the caller’s address',
    grant({ Resource: `${PROD_ORDERS}/GET/ip/\${aws:SourceIp}` }),
    /aws:sourceip/i,
  ],
  [
    'a tag compared with the Referer',
    grant({ Condition: { StringLike: { 'aws:PrincipalTag/team': '${aws:Referer}*' } } }),
    /aws:referer/i,
  ],
  ['the address tested itself', grant({ Condition: { Null: { 'aws:SourceIp': 'false' } } }), /aws:sourceip/i],
];

// Text and Markdown print every `unknowable` entry as "KEY cannot be known offline (…)" (format.ts).
describe('who-can names every key whose value cannot be known offline', () => {
  it.each(ROWS)('%s: named among the unknowable keys, in JSON too', (_name, statement, key) => {
    const who = whoCan(smallWorld([statement]));
    expect(who.unknowable.map((u) => u.key)).toEqual([expect.stringMatching(key)]);
    const json = JSON.parse(JSON.stringify(who)) as { unknowable: { key: string }[] };
    expect(json.unknowable.map((u) => u.key)).toEqual([expect.stringMatching(key)]);
  });
});
