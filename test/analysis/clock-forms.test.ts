// Lane K (pass 16), a second reading of 75d1e8a (mixed Date and Numeric thresholds on one key): a
// clock key holds one form in a request (IAM global condition keys: aws:EpochTime is epoch seconds,
// aws:CurrentTime an ISO 8601 instant), but who-can took witnesses of both forms for either. An ISO
// witness of aws:EpochTime fails every Numeric test, so above every threshold (a region no number
// candidate reached) the hub's Allow of `NumericGreaterThan aws:EpochTime 1700000000` and
// `DateGreaterThan aws:EpochTime 2024-01-01T00:00:00Z` read as applying to no request: "nobody: no
// request gets through", exit 0, where by hand every request made since 2024 (epoch 1704067200 on)
// passes both, and CheckoutRole (its identity policy allows, the API allows anyone) gets through.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { anyoneInvoke, CHECKOUT, docsWorldConfig, policy } from '../verdicts/docs-world.js';

const HUB = policy(
  anyoneInvoke('Allow', '*', {
    NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
    DateGreaterThan: { 'aws:EpochTime': '2024-01-01T00:00:00Z' },
  }),
);

describe('who-can decides a clock key over the values it takes in a request', () => {
  it('aws:EpochTime under Numeric and Date thresholds: CheckoutRole gets through after both, with an epoch witness', async () => {
    const file = docsWorldConfig('spokegate-clock-forms-', { 'hub.json': HUB }, 'hub.json', [
      `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
      `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: resource.json, routes: ['GET /docs'] } }`,
    ]);
    const r = await runCli(
      [
        'who-can',
        '--mode',
        'offline',
        '--config',
        file,
        '--api',
        'docs',
        '--now',
        '2026-12-02T00:00:00Z',
        '--json',
      ],
      { cwd: `${file}/..` },
    );
    const doc = JSON.parse(r.out) as {
      classes: { witness: { principal: { arn?: string }; context?: Record<string, unknown> } }[];
    };
    const checkout = doc.classes.filter((c) => c.witness.principal.arn === CHECKOUT);
    expect(checkout.length, r.text).toBeGreaterThan(0);
    for (const c of doc.classes) {
      const t = c.witness.context?.['aws:EpochTime'];
      if (t !== undefined) expect(String(t)).toMatch(/^\d+$/);
    }
  });
});
