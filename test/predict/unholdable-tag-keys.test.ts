// Pass 21 (note16 "Issue 12 ... Left"): a tag key IAM cannot hold (`team<!--@team`) made a prediction
// unknown, while one holding a line feed was decided deny, only because the key's pattern (`.+`) did
// not reach past the line feed: the key was not read as a tag at all. IAM's and STS's tag keys are
// `[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}` (botocore iam/sts tagKeyType; §69): a role's own tags and the
// session tags of AssumeRole hold no other key, so with long-term base credentials (no inherited
// tags) such a key is missing from every request, decided. Tags a session inherits from temporary
// base credentials may come from a SAML or OIDC provider, whose tag keys no model bounds
// (unconfirmed): there, every such key is sampled like any other, unknown. Each row: CheckoutRole
// (tags not stated) under a policy looking at the key, the base credentials, the prediction.
import { describe, expect, it } from 'vitest';
import {
  ALLOW_CHECKOUT,
  checkoutAllowedWhen,
  checkoutConfig,
  checkoutDeniedWhen,
  predictCheckout,
  said,
} from './checkout.js';

const allowedWhen = (key: string) =>
  checkoutAllowedWhen({ StringEquals: { [`aws:PrincipalTag/${key}`]: 'x' } });
const deniedWhen = (key: string) =>
  checkoutDeniedWhen({ StringEquals: { [`aws:PrincipalTag/${key}`]: 'x' } });
const LONG_TERM = { runner: { credentials: 'long-term' } };

/** [name, config's top-level keys, resource policy, the prediction's start] */
const ROWS: [string, object, object, string][] = [
  [
    'an HTML comment and a mention, long-term base: missing, deny',
    LONG_TERM,
    allowedWhen('team<!--@team'),
    'deny',
  ],
  ['a line feed, long-term base: missing, deny', LONG_TERM, allowedWhen('team\n'), 'deny'],
  ['a right-to-left override, long-term base: missing, deny', LONG_TERM, allowedWhen('te\u202eam'), 'deny'],
  ['a Deny on a key with `<`, long-term base: never applies, allow', LONG_TERM, deniedWhen('a<b'), 'allow'],
  ['a key IAM holds (control), long-term base: unknown', LONG_TERM, allowedWhen('team'), 'unknown'],
  [
    'a key holding U+2028 (\\p{Z}: IAM holds it), long-term base: unknown',
    LONG_TERM,
    allowedWhen('te\u2028am'),
    'unknown',
  ],
  [
    'an HTML comment and a mention, base not stated (inherited tags): unknown',
    {},
    allowedWhen('team<!--@team'),
    'unknown',
  ],
  [
    'an HTML comment and a mention, temporary base whose transitive tags are stated (none): missing, deny',
    { runner: { credentials: 'temporary', transitiveTags: {} } },
    allowedWhen('team<!--@team'),
    'deny',
  ],
  [
    'a line feed, base not stated (inherited tags): unknown, as the key above',
    {},
    allowedWhen('team\n'),
    'unknown',
  ],
];

describe('a tag key IAM cannot hold reads as missing where no inherited tag may hold it', () => {
  it.each(ROWS)('%s', (_name, more, resource, expected) => {
    const d = predictCheckout(checkoutConfig(more as Record<string, unknown>), resource);
    expect(said(d).startsWith(expected), said(d)).toBe(true);
  });
  it('the control: CheckoutRole allowed outright', () => {
    expect(
      said(
        predictCheckout(checkoutConfig(LONG_TERM), { Version: '2012-10-17', Statement: [ALLOW_CHECKOUT] }),
      ),
    ).toBe('allow');
  });
});
