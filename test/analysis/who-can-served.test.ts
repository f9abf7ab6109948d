// Issue 14: `who-can` listed classes (and witnesses) on paths the API does not serve, such as
// GET /q/prod/GET/health (a stage and a method in the path, which a Resource `*` for the API id
// matches): a request to such a path reaches no method (Missing Authentication Token). With the
// API's routes known (apis.orders.routes), only served routes are listed, as the reach proofs do.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { matchRoute, pathSegments, parseRouteSpec } from '../../src/routes/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { AnalysisRequest } from '../../src/analysis/index.js';
import { DEMO_CONFIG, demoEndpointPolicyText, ordersWhoCanArgs } from './helpers.js';

describe('who-can lists only served routes when the routes are known', () => {
  it('every witness of orders is a request to one of its routes', async () => {
    const hub = JSON.parse(demoEndpointPolicyText()) as { Statement: object[] };
    const { dir, args } = ordersWhoCanArgs('sg-who-can-served-', hub.Statement);
    const r = await runCli([...args, '--json'], { cwd: dir });
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as { classes: { witness: AnalysisRequest }[] };
    const routes = loadConfig(DEMO_CONFIG).apis.orders!.routes!.map((x) => parseRouteSpec(x)!);
    expect(doc.classes.length).toBeGreaterThan(0);
    for (const c of doc.classes)
      expect(
        matchRoute(routes, c.witness.method, pathSegments(c.witness.path)),
        `${c.witness.method} ${c.witness.path}`,
      ).toBeDefined();
  });
});
