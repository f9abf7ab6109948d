// The resource keys of a call to the API (docs/aws-behaviour.md §8, resource keys): aws:ResourceAccount
// is the API's account in every call (IAM's condition-keys page: "always included in the request
// context for most service actions", API Gateway not among the exceptions); aws:ResourceOrgID and
// aws:ResourceOrgPaths are its account's organization and path, present only for a member;
// aws:ResourceTag/* is never there (execute-api has no tag-based authorization). Before, the engine
// left all of them out on both sides (sandbox and prediction), so the data-perimeter Deny "unless
// aws:ResourceAccount / aws:ResourceOrgID is ours" denied every call: a shared misconception.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { decideOverUnstated, rolePrincipal } from '../../src/predict/index.js';
import {
  ALLOW_CHECKOUT,
  checkoutAllowedWhen,
  checkoutConfig,
  checkoutDeniedWhen,
  predictCheckout,
  resourcePolicy,
  said,
  sandboxCheckout,
} from './checkout.js';
import { allowed } from './helpers.js';

const ORG = 'o-a1b2c3d4e5';
const PATH = `${ORG}/r-ab12/ou-ab12-22222222/`;
const NOT_OUR_ACCOUNT = checkoutDeniedWhen({ StringNotEquals: { 'aws:ResourceAccount': '222222222222' } });
const NOT_OUR_ORG = checkoutDeniedWhen({ StringNotEquals: { 'aws:ResourceOrgID': ORG } });
const NOT_OUR_OU = checkoutDeniedWhen({
  'ForAllValues:StringNotLike': { 'aws:ResourceOrgPaths': `${ORG}/r-ab12/ou-ab12-22222222/*` },
});
const ONLY_TAGGED = checkoutAllowedWhen({ StringEquals: { 'aws:ResourceTag/team': 'orders' } });

describe('resource keys: the API account, its organization and path; never its tags', () => {
  it('a Deny unless aws:ResourceAccount is the API account lets the call through, on both sides', async () => {
    expect(await sandboxCheckout(NOT_OUR_ACCOUNT)).toBe('allow');
    expect(said(predictCheckout(checkoutConfig(), NOT_OUR_ACCOUNT))).toBe('allow');
    const other = checkoutDeniedWhen({ StringNotEquals: { 'aws:ResourceAccount': '555555555555' } });
    expect(await sandboxCheckout(other)).toBe('resource!');
    expect(said(predictCheckout(checkoutConfig(), other))).toBe('deny resource');
  });

  it("a Deny unless aws:ResourceOrgID is ours: the API account's stated organization decides", async () => {
    expect(await sandboxCheckout(NOT_OUR_ORG)).toBe('allow');
    expect(said(predictCheckout(checkoutConfig(), NOT_OUR_ORG))).toBe('allow');
    // The API account in no organization: the key is missing, so the negated test holds.
    expect(
      await sandboxCheckout(NOT_OUR_ORG, (w) => {
        w.organization!.accounts = w.organization!.accounts.filter((a) => a !== '222222222222');
      }),
    ).toBe('resource!');
    const none = checkoutConfig({
      organization: { id: ORG, accounts: ['111111111111'] },
      organizations: [{ id: 'none', accounts: ['222222222222'] }],
    });
    expect(said(predictCheckout(none, NOT_OUR_ORG))).toBe('deny resource');
  });

  it("AWS's data-perimeter default endpoint policy (organization's principals to organization's resources) lets the call through", async () => {
    // aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/default_endpoint_policy.json.
    const perimeter = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowRequestsByOrgsIdentitiesToOrgsResources',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': ORG } },
        },
      ],
    };
    const open = resourcePolicy(ALLOW_CHECKOUT);
    expect(
      await sandboxCheckout(open, (w) => {
        w.endpoints.hub!.policy = perimeter;
      }),
    ).toBe('allow');
    expect(said(predictCheckout(checkoutConfig(), open, perimeter))).toBe('allow');
  });

  it("the API account's organization not stated: unknown, naming the account and the setting", () => {
    const unstated = checkoutConfig({ organization: { id: ORG, accounts: ['111111111111'] } });
    expect(said(predictCheckout(unstated, NOT_OUR_ORG))).toMatch(
      /^unknown: the decision depends on the organization of the API's account 222222222222.*organizations/,
    );
    // A policy that does not look at the key is decided as before.
    expect(said(predictCheckout(unstated, resourcePolicy(ALLOW_CHECKOUT)))).toBe('allow');
  });

  it("aws:ResourceOrgPaths is the API account's path: stated, it decides; not stated, unknown", async () => {
    const inOu = (w: Parameters<Parameters<typeof sandboxCheckout>[1] & object>[0]) => {
      w.accounts['222222222222'] = { ...w.accounts['222222222222']!, orgPath: PATH };
    };
    expect(await sandboxCheckout(NOT_OUR_OU, inOu)).toBe('allow');
    expect(said(predictCheckout(checkoutConfig({ orgPaths: { '222222222222': PATH } }), NOT_OUR_OU))).toBe(
      'allow',
    );
    expect(said(predictCheckout(checkoutConfig(), NOT_OUR_OU))).toMatch(
      /^unknown: .*aws:ResourceOrgPaths of the API's account 222222222222/,
    );
  });

  it('aws:ResourceTag is never in the request: an Allow that needs it lets no one in', async () => {
    expect(await sandboxCheckout(ONLY_TAGGED)).toBe('resource');
    expect(said(predictCheckout(checkoutConfig(), ONLY_TAGGED))).toBe('deny resource');
  });

  it('diff asks the same question: decideOverUnstated samples the organization of the API account', () => {
    const c = checkoutConfig({ organization: { id: ORG, accounts: ['111111111111'] } });
    const resource = parsePolicy(NOT_OUR_ORG, { name: 'r' }, { kind: 'resource' });
    const seen = new Set<string>();
    decideOverUnstated(
      c,
      rolePrincipal(c, 'CheckoutRole'),
      [resource],
      (facts) => {
        seen.add(facts.resourceOrg?.id ?? 'none');
        return allowed();
      },
      undefined,
      '222222222222',
    );
    expect(seen.has('none')).toBe(true);
    expect(seen.has(ORG)).toBe(true);
  });
});
