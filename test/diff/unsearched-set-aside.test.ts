// Diff over kinds of request the search for policy variables left (issue 14, note14 pass 18 "Left"):
// until pass 19 every such kind was a grant (unknown before and after), though who-can and the proofs
// set aside a kind the engine refuses with every policy read as permissively as its variables could
// make it (mostPermissive). The diff now reads each side that way too: a kind the after side refuses
// so is no grant (after: deny), and no change at all when the before side refuses it as well. Each
// row: the orders resource policy before and after, and the unsearched classes the diff must report.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import {
  CHECKOUT,
  OPEN,
  TIED,
  loadEdited,
  ordersDiff as diffOf,
  ordersStatement as statement,
  tmpFile,
} from './helpers.js';

const CHECKOUT_ONLY = statement('Allow', { AWS: CHECKOUT });
const OF_555 = { AWS: '555555555555' };

/** The hub letting CheckoutRole and account 555555555555 through, then PartnerRole (999999999999) too. */
const HUB_PARTNER: [object[], object[]] = [
  [{ ...OPEN[0], Principal: { AWS: [CHECKOUT, '555555555555'] } }],
  [
    {
      ...OPEN[0],
      Principal: { AWS: [CHECKOUT, '555555555555', 'arn:aws:iam::999999999999:role/PartnerRole'] },
    },
  ],
];

const REPORTING = 'arn:aws:iam::111111111111:role/ReportingRole';
const PARTNER = 'arn:aws:iam::999999999999:role/PartnerRole';
/** The hub letting CheckoutRole through, and account 555555555555 where its tied tags hold. */
const HUB_TIED: object[] = [
  { ...OPEN[0], Principal: { AWS: CHECKOUT } },
  { ...OPEN[0], Principal: OF_555, Condition: TIED },
];

type Unsearched = { change: string; before: string; after: string } | 'none';
/** [name, before, after, the unsearched classes' change (or none), --fail-on grant exit, hub before/after] */
const ROWS: [string, object[], object[], Unsearched, 0 | 1, [object[], object[]]?][] = [
  // A Deny with variables added over an account nobody lets in: refused however it reads.
  [
    'a tied-tag Deny added over an account no Allow names',
    [CHECKOUT_ONLY],
    [CHECKOUT_ONLY, statement('Deny', OF_555, TIED)],
    'none',
    0,
  ],
  // An Allow with variables removed: its kinds are refused after (whatever the tags), maybe not before.
  [
    'a tied-tag Allow of an account removed',
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY],
    { change: 'revocation', before: 'unknown', after: 'deny' },
    0,
  ],
  // Controls: an Allow with variables added may let the account in: access that may be new.
  [
    'a tied-tag Allow of an account added',
    [CHECKOUT_ONLY],
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    { change: 'grant', before: 'unknown', after: 'unknown' },
    1,
  ],
  // The resource policy unchanged, the endpoint opened to another account's role: the kinds the
  // search left (account 555555555555's) are answered alike by the endpoint on both sides.
  [
    'a tied-tag Allow of an account unchanged, the endpoint opened to PartnerRole alone',
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    'none',
    1, // PartnerRole's grant on the APIs that let everyone in
    HUB_PARTNER,
  ],
  // Control: the endpoint newly lets that account through, so its kinds may be new access.
  [
    'a tied-tag Allow of an account unchanged, the endpoint opened to that account',
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    { change: 'grant', before: 'unknown', after: 'unknown' },
    1,
    [HUB_PARTNER[0].map((s) => ({ ...s, Principal: { AWS: CHECKOUT } })), HUB_PARTNER[0]],
  ],
  [
    'a tied-tag Allow of an account kept, a plain Allow of CheckoutRole added',
    [statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    { change: 'grant', before: 'unknown', after: 'unknown' },
    1,
  ],
  // Read least permissively too (pass 20): the before side letting the account in whatever the
  // variables hold, nothing the after side does can be new for its kinds.
  [
    'a tied-tag Allow of an account added beside a plain Allow of it',
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    [CHECKOUT_ONLY, statement('Allow', OF_555), statement('Allow', OF_555, TIED)],
    'none',
    0,
  ],
  [
    'a tied-tag Allow of an account removed beside a plain Allow of it',
    [CHECKOUT_ONLY, statement('Allow', OF_555), statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    'none',
    0,
  ],
  // A tied-tag Deny added over an account let in: no reading gains, some may lose (after: unknown).
  [
    'a tied-tag Deny of an account added beside a plain Allow of it',
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    [CHECKOUT_ONLY, statement('Allow', OF_555), statement('Deny', OF_555, TIED)],
    { change: 'revocation', before: 'unknown', after: 'unknown' },
    0,
  ],
  // Controls: a tied-tag Deny removed may let the account in again; a tied-tag Allow of it kept
  // and the plain one removed may lose (the after side still may let it in: unknown).
  [
    'a tied-tag Deny of an account removed beside a plain Allow of it (control)',
    [CHECKOUT_ONLY, statement('Allow', OF_555), statement('Deny', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    { change: 'grant', before: 'unknown', after: 'unknown' },
    1,
  ],
  // Endpoint policies with variables (pass 20): unchanged, or changed only outside their tied-tag
  // statements where those do not decide the kind, nothing can change for the kinds of an API whose
  // resource policy is the same on both sides (before, every such kind was access that may be new).
  [
    'an endpoint policy with a tied-tag Allow unchanged, orders opened to ReportingRole',
    [CHECKOUT_ONLY],
    [CHECKOUT_ONLY, statement('Allow', { AWS: REPORTING })],
    'none',
    0,
    [HUB_TIED, HUB_TIED],
  ],
  [
    'an endpoint policy with a tied-tag Allow opened to PartnerRole too, orders unchanged',
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    'none',
    1, // PartnerRole's grant on the APIs that let everyone in
    [HUB_TIED, [...HUB_TIED, { ...OPEN[0], Principal: { AWS: PARTNER } }]],
  ],
  // Control: a tied-tag Allow of another account added: its kinds may be new access.
  [
    'an endpoint policy given a tied-tag Allow of another account too (control)',
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    [CHECKOUT_ONLY, statement('Allow', OF_555)],
    { change: 'grant', before: 'unknown', after: 'unknown' },
    1,
    [HUB_TIED, [...HUB_TIED, { ...HUB_TIED[1]!, Principal: { AWS: '666666666666' } }]],
  ],
  [
    'a plain Allow of an account removed beside a tied-tag Allow of it (control)',
    [CHECKOUT_ONLY, statement('Allow', OF_555), statement('Allow', OF_555, TIED)],
    [CHECKOUT_ONLY, statement('Allow', OF_555, TIED)],
    { change: 'revocation', before: 'unknown', after: 'unknown' },
    0,
  ],
];

describe('diff sets aside the unsearched kinds a side refuses however its variables read', () => {
  it.each(ROWS)('%s', (_name, before, after, expected, exit, hub) => {
    const r = diffOf(before, after, hub);
    const unsearched = r.classes.filter((c) => /could not be searched/.test(c.description));
    const all = r.classes.map((c) => `${c.change} ${c.before}>${c.after}: ${c.description}`).join('\n');
    if (expected === 'none') expect(unsearched, all).toEqual([]);
    else {
      expect(unsearched.length, all).toBeGreaterThan(0);
      for (const c of unsearched) expect(c, all).toMatchObject(expected);
    }
    expect(diffExitCode(r, 'grant'), all).toBe(exit);
  });
});

// The bounds compared reading by reading (pass 20, lane D's repro): the example hub endpoint policy
// and config (its orders API alone, to keep the file cheap), whose API's resource policy is not
// given (read as allowing, silent, denying: the same fact on both sides). Compared across readings,
// the before side's least (its resource policy denying) fell below the after side's most (allowing),
// so a Deny added was access that may be new on GET /health.
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const HUB: object[] = JSON.parse(readFileSync(`${EXAMPLES}/endpoint-policy.json`, 'utf8')).Statement;
const tied = (Effect: string, Principal: object | string) => ({
  ...OPEN[0],
  Effect,
  Principal,
  Condition: TIED,
});
/** [name, hub before, hub after, --fail-on grant exit] */
const HUB_ROWS: [string, object[], object[], 0 | 1][] = [
  ['a tied-tag Deny of an account added', HUB, [...HUB, tied('Deny', OF_555)], 0],
  ['a tied-tag Allow of an account removed', [...HUB, tied('Allow', OF_555)], HUB, 0],
  ['a tied-tag Deny of everyone added', HUB, [...HUB, tied('Deny', '*')], 0],
  // Controls: a tied-tag Allow of the account added may let it in; a plain one does.
  ['a tied-tag Allow of an account added (control)', HUB, [...HUB, tied('Allow', OF_555)], 1],
  ['a plain Allow of an account added (control)', HUB, [...HUB, { ...OPEN[0], Principal: OF_555 }], 1],
];

describe('diff compares the bounds of each side reading by reading', () => {
  const c = parse(readFileSync(`${EXAMPLES}/spokegate.config.yaml`, 'utf8'));
  c.apis = { orders: c.apis.orders };
  const config = loadEdited(c);
  const file = (s: object[]) => tmpFile('hub.json', JSON.stringify({ Version: '2012-10-17', Statement: s }));
  it.each(HUB_ROWS)('%s', (_name, before, after, exit) => {
    const r = computeDiff(loadDiffSetup(config, { before: file(before), after: file(after) }));
    const all = r.classes.map((c) => `${c.change} ${c.before}>${c.after}: ${c.description}`).join('\n');
    expect(diffExitCode(r, 'grant'), all).toBe(exit);
  });
});
