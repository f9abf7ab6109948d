// Lane K, second reading of abbdb27: a class unknown on both sides "for the same reason" was no
// change. With the endpoint policy neither in the change nor in the config (the diff fixture's
// config states none), every request is unknown on both sides for that one reason, whatever the
// resource policy says: a plan opening an API's resource policy to every principal showed no
// change at all and `--fail-on grant` exited 0. Where the endpoint lets a request through, the
// resource policy decides, so access may be new: the endpoint is now one more reading of the
// unknowns (it lets the request through, or it does not), the same on both sides.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import { loadConfig } from '../../src/config/index.js';
import { CONFIG, planFixture, tmpFile } from './helpers.js';

const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const doc = (Principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal, Action: 'execute-api:Invoke', Resource: `${ORDERS}/*` }],
  });

/** The fixture plan with only orders' resource policy changing from `before` to `after`. */
function resourcePlan(before: string, after: string): string {
  const plan = planFixture();
  const orders = plan.resource_changes.find((r) => r.address === 'aws_api_gateway_rest_api_policy.orders')!;
  orders.change.before = { ...(orders.change.before as object), policy: before };
  orders.change.after = { ...(orders.change.before as object), policy: after };
  plan.resource_changes = [orders];
  return tmpFile('plan.json', JSON.stringify(plan));
}

const CHECKOUT = doc({ AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' });
const EVERYONE = doc('*');
const diff = (before: string, after: string) =>
  computeDiff(loadDiffSetup(loadConfig(CONFIG), { plan: resourcePlan(before, after) }));

describe('diff by classes: an endpoint policy spokegate does not have', () => {
  it('a resource policy opened to everyone is access that may be new (was no change, exit 0)', () => {
    const r = diff(CHECKOUT, EVERYONE);
    const shown = r.classes.map((c) => `${c.change} ${c.before} -> ${c.after}: ${c.description}`).join('\n');
    const partner = r.classes.filter(
      (c) => c.change === 'grant' && c.api === 'orders' && c.witness.principal.kind !== 'anonymous',
    );
    expect(partner.length, shown).toBeGreaterThan(0);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('the same change undone is no new access', () => {
    const r = diff(EVERYONE, CHECKOUT);
    expect(r.classes.filter((c) => c.change === 'grant').map((c) => c.description)).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });
});
