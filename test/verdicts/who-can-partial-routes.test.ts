// Issue 10 (found while proving stages over their routes): offline, an API whose config states only
// `noneRoutes` (its NONE routes, for their type) and no `routes` has routes that are NOT known, yet
// who-can took the NONE routes for everything the API serves and answered "nobody: no request gets
// through" while anyone (another account: if its identity policy allows) reaches GET /secret, which
// the resource policy opens to everyone. Hand-derived truth: the hub lets everything through; the
// resource policy allows anyone on GET /secret; so classes get through (on every path that may be
// served), and who-can must list them; the reach proofs already said "not established".
// Since note11 §10, `noneRoutes` needs `routes` beside it (a typo in it could not be told from a
// route): such a config is exit 2 naming the field, and an API stating no route at all keeps
// every path, as before.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { allow, API, CHECKOUT, policy } from './docs-world.js';

describe('who-can offline with noneRoutes but no routes: the routes are unknown, not the NONE ones', () => {
  it.each([
    ['noneRoutes without routes: exit 2 naming apis.docs.noneRoutes', ", noneRoutes: ['GET /health']"],
    ['no route stated: every path, so the classes that reach GET /secret are listed, never "nobody"', ''],
  ])('%s', async (_what, typed) => {
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-partial-routes-'));
    writeFileSync(join(dir, 'e.json'), policy(allow('*', '*')));
    writeFileSync(join(dir, 'r.json'), policy(allow('*', `${API}/*/GET/secret`)));
    writeFileSync(
      join(dir, 'spokegate.config.yaml'),
      [
        'region: us-west-2',
        "organization: { id: o-aaaaaaaaaa, accounts: ['111111111111', '222222222222'] }",
        "endpoints: { hub: { id: vpce-0123456789abcdef0, account: '111111111111', vpc: vpc-0123456789abcdef0, policy: e.json } }",
        `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [] } }`,
        `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: r.json${typed} } }`,
        '',
      ].join('\n'),
    );
    const r = await runCli(['who-can', '--mode', 'offline', '--config', 'spokegate.config.yaml', '--json'], {
      cwd: dir,
    });
    if (typed) {
      expect(r.code, r.text).toBe(2);
      expect(r.text).toMatch(
        /spokegate\.config\.yaml: apis\.docs\.noneRoutes: types routes of apis\.docs\.routes/,
      );
      return;
    }
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as { classes: { witness: { path: string } }[] };
    expect(doc.classes.length).toBeGreaterThan(0);
    expect(doc.classes.some((c) => /\/GET\/secret$|^\/secret$/.test(c.witness.path))).toBe(true);
  });
});
