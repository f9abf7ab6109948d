// "Only these principals can reach" over a listed role whose identity policies are not known (issue
// 14, note14 pass 18 "Left"): until pass 19 any configured role without identity policies made the
// step an error, though a listed role's own identity policies apply to its sessions alone, which are
// in the list: they cannot let an unlisted principal through. Now a listed role's unknown identity
// layer is set aside for "nobody else", and the role itself counts as getting through only where it
// does without its identity policies (else the step is not established, naming the layer). An
// unlisted role's unknown identity layer still makes the step an error.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { onlyTheseCanReach } from '../../src/harness/proofs.js';
import { DEMO_CONFIG, demoRoleArns } from './helpers.js';
import { NAMED, ROLES, allow, proofContext, withContext } from './proof-cells.js';

/** A role of the orders API's own account (222222222222), configured without identity policies. */
const OPS = 'arn:aws:iam::222222222222:role/OrdersOps';
const EVERYONE = allow('Everyone', { Principal: '*' });
const PARTNER = allow('Partner', { Principal: { AWS: demoRoleArns(['PartnerRole']) } });
const OPS_IN = { ...NAMED, Principal: { AWS: [...NAMED.Principal.AWS, OPS] } };
/** The demo roles the hub names whose identity policies let them call orders (not InventoryRole). */
const LISTED = ROLES.filter((r) => r !== 'InventoryRole');

/**
 * The demo config, OrdersOps added, the roles of `without` stripped of their identity policies, and
 * orders' GET /health AWS_IAM (a NONE route skips identity policies: every role gets through there).
 */
function config(without: string[]) {
  const c = loadConfig(DEMO_CONFIG);
  c.apis.orders!.noneRoutes = [];
  c.roles.OrdersOps = {
    arn: OPS,
    sessionName: 'spokegate',
    identityPolicies: [],
  } as (typeof c.roles)[string];
  for (const alias of without) delete c.roles[alias]!.identityPolicies;
  return c;
}

type Expect = 'proven' | { fails: RegExp } | { established: false; says: RegExp } | { throws: RegExp };
/** [name, roles without identity policies, hub, orders, listed, expected] */
const ROWS: [string, string[], object[], object[], string[], Expect][] = [
  [
    "a listed role of the API's account, let in by the resource policy whatever its identity policies",
    ['OrdersOps'],
    [OPS_IN],
    [EVERYONE],
    [...LISTED, 'OrdersOps'],
    'proven',
  ],
  [
    'a listed role of another account, an unlisted role let in: the counterexample, not an error',
    ['CheckoutRole'],
    [NAMED, PARTNER],
    [EVERYONE],
    LISTED,
    { fails: /also gets through:\n.*PartnerRole/ },
  ],
  [
    'a listed role of another account: whether it gets through is its identity policies’ (not established)',
    ['CheckoutRole'],
    [NAMED],
    [EVERYONE],
    LISTED,
    {
      established: false,
      says: /identity layer of role CheckoutRole.*\n {2}CheckoutRole: gets through only if its identity policies \(not known to spokegate\) allow/s,
    },
  ],
  [
    'a listed role refused even with identity policies that allow: does not get through',
    ['OrdersOps'],
    [NAMED],
    [EVERYONE],
    [...LISTED, 'OrdersOps'],
    { fails: /does not get through: OrdersOps \(no request of it is allowed\)/ },
  ],
  // Control: an unlisted role's identity policies may let it in; no proof over a layer not known.
  [
    'an unlisted role without identity policies: still an error',
    ['PartnerRole'],
    [NAMED, PARTNER],
    [EVERYONE],
    LISTED,
    { throws: /identity policies of role "PartnerRole"/ },
  ],
];

describe('"only these principals" over listed roles whose identity policies are not known', () => {
  it.each(ROWS)('%s', (_name, without, hub, orders, list, expected) =>
    withContext(proofContext(hub, orders, config(without)), async (ctx) => {
      const proof = onlyTheseCanReach(ctx, 'orders', 'hub', list, 'listed-identity');
      if (typeof expected === 'object' && 'throws' in expected) {
        await expect(proof).rejects.toThrow(expected.throws);
        return;
      }
      const r = await proof;
      if (expected === 'proven') expect(r.ok, r.message).toBe(true);
      else if ('fails' in expected) {
        expect(r.ok, r.message).toBe(false);
        expect(r.error, r.message).toBeUndefined();
        expect(r.message).toMatch(expected.fails);
      } else {
        expect(r, r.message).toMatchObject({ ok: false, error: true });
        expect(r.message).toMatch(expected.says);
      }
    }),
  );
});
