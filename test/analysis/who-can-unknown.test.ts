// Issue 11 gap 2: who-can never answers over a layer it does not have. A resource policy or
// identity policies that were not given (offline) or could not be read (sandbox/live) make the
// answer `unknown`, naming the layer, the API or role, and why; the exit code is 3. An API known
// to have no resource policy is decided (nobody gets through), not "not evaluated".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli-in-process.js';
import { demoCopy } from '../harness/helpers.js';

/** A copy of the demo with its config edited; the config file's path. */
function demo(edit: (c: Record<string, any>) => void, world?: (w: Record<string, any>) => void): string {
  const dir = demoCopy(world ? { world } : {});
  const file = join(dir, 'spokegate.config.yaml');
  const c = parse(readFileSync(file, 'utf8'));
  // Offline needs the endpoint policy from a file: the world's, as the sandbox serves it.
  const w = parse(readFileSync(join(dir, 'world.yaml'), 'utf8'));
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(w.endpoints.hub.policy));
  c.endpoints.hub.policy = 'hub.json';
  edit(c);
  writeFileSync(file, stringify(c));
  return file;
}

const whoCan = (config: string, ...args: string[]) =>
  runCli(['who-can', '--config', config, ...args], { cwd: join(config, '..') });

/** Exit 3, and the JSON answer's one unknown is the orders API's resource layer, `why` as given. */
function unknownOrdersResource(r: CliResult, why: unknown): any {
  expect(r.code, r.text).toBe(3);
  const doc = JSON.parse(r.out);
  expect(doc.unknown).toEqual([expect.objectContaining({ layer: 'resource', api: 'orders', why })]);
  return doc;
}

describe('who-can: a layer it does not have makes the answer unknown', () => {
  it('offline, an API without a resource policy: unknown, naming the layer and the setting (exit 3)', async () => {
    const config = demo((c) => delete c.apis.orders.resourcePolicy);
    const r = await whoCan(config, '--api', 'orders', '--json');
    const doc = unknownOrdersResource(r, expect.stringContaining('apis.orders.resourcePolicy'));
    // No class claims anything about orders: its resource layer decides every signed call.
    expect(doc.classes.filter((c: any) => c.api === 'orders')).toEqual([]);
  });

  it('offline, a role without identity policies: unknown, naming the role and the setting (exit 3)', async () => {
    const config = demo((c) => delete c.roles.CheckoutRole.identityPolicies);
    const r = await whoCan(config, '--api', 'orders');
    expect(r.code, r.text).toBe(3);
    expect(r.out).toMatch(
      /unknown: the identity layer of role CheckoutRole: .*roles\.CheckoutRole\.identityPolicies/,
    );
  });

  it('sandbox, a resource policy the reader cannot read: unknown with the missing permission (exit 3)', async () => {
    const config = demo((c) => {
      delete c.apis.orders.resourcePolicy;
      delete c.accounts; // the base identity cannot GetRestApi in another account
    });
    const r = await whoCan(config, '--mode', 'sandbox', '--api', 'orders', '--json');
    const doc = unknownOrdersResource(r, expect.stringMatching(/could not be read .*apigateway:GET/));
    expect(doc.classes).toEqual([]);
  });

  it('an API known to have no resource policy is decided: nobody signed gets through (exit 0)', async () => {
    const config = demo(
      (c) => delete c.apis.payments.resourcePolicy,
      (w) => delete w.apis.payments.resourcePolicy,
    );
    const r = await whoCan(config, '--mode', 'sandbox', '--api', 'payments', '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.unknown).toEqual([]);
    expect(doc.classes).toEqual([]);
  });
});
