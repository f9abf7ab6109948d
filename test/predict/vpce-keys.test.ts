// aws:VpceAccount, aws:VpceOrgID, aws:VpceOrgPaths (docs/aws-behaviour.md §30): no page says whether
// API Gateway puts them in the request context. Before, the prediction left them out as the sandbox
// does (the two agreeing on a guess): an Allow only when aws:VpceAccount is the hub predicted a
// deny, so a "cannot reach" step passed where AWS may let the call through. Now a decision that
// depends on them is unknown; one that does not (they are absent and present alike) is decided.
import { describe, expect, it } from 'vitest';
import {
  checkoutAllowedWhen,
  checkoutConfig,
  checkoutDeniedWhen,
  HUB_ENDPOINT,
  predictCheckout,
  said,
} from './checkout.js';

const ORG = 'o-a1b2c3d4e5';
// [what, resource policy, config additions, the prediction (a prefix of said())]
const CASES: [string, object, Record<string, unknown>, string][] = [
  [
    'an Allow only when aws:VpceAccount is the hub account: unknown (absent: deny; present: allow)',
    checkoutAllowedWhen({ StringEquals: { 'aws:VpceAccount': HUB_ENDPOINT.account } }),
    {},
    'unknown: the decision depends on the VPC endpoint keys (deny without the endpoint keys, allow with aws:VpceAccount "111111111111"',
  ],
  [
    'a Deny unless aws:VpceOrgID is ours: unknown (absent: the negated test holds, so deny; present: allow)',
    checkoutDeniedWhen({ StringNotEquals: { 'aws:VpceOrgID': ORG } }),
    {},
    'unknown: the decision depends on the VPC endpoint keys',
  ],
  [
    'a Deny unless aws:VpceAccount is the hub, IfExists: unknown (absent: IfExists holds, so deny; present: allow)',
    checkoutDeniedWhen({ StringNotEqualsIfExists: { 'aws:VpceAccount': HUB_ENDPOINT.account } }),
    {},
    'unknown: the decision depends on the VPC endpoint keys',
  ],
  [
    'an Allow only when aws:VpceAccount is another account: denied either way, by the resource policy',
    checkoutAllowedWhen({ StringEquals: { 'aws:VpceAccount': '999999999999' } }),
    {},
    'deny resource',
  ],
  [
    'a Deny when aws:VpceOrgPaths is under another OU: allow either way (the hub account is stated in another)',
    checkoutDeniedWhen({
      'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': `${ORG}/r-ab12/ou-ab12-99999999/*` },
    }),
    { orgPaths: { '111111111111': `${ORG}/r-ab12/ou-ab12-11111111/` } },
    'allow',
  ],
  [
    'the same Deny, the hub account stated under that OU: unknown (absent: allow; present: deny)',
    checkoutDeniedWhen({
      'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': `${ORG}/r-ab12/ou-ab12-99999999/*` },
    }),
    { orgPaths: { '111111111111': `${ORG}/r-ab12/ou-ab12-99999999/` } },
    'unknown: the decision depends on the VPC endpoint keys',
  ],
];

describe('the VPC endpoint keys: decided only where their presence does not matter', () => {
  it.each(CASES)('%s', (_, resource, more, expected) => {
    const d = said(predictCheckout(checkoutConfig(more), resource));
    expect(d.startsWith(expected), d).toBe(true);
    if (expected.startsWith('unknown')) expect(d).toMatch(/not documented \(docs\/aws-behaviour\.md §30\)/);
  });
});
