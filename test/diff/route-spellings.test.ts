// Issue 10 (pass 18, lane A): `noneRoutes` and `authorizers` name routes of `routes` as API Gateway
// tells them apart, a path parameter by its position (docs/aws-behaviour.md §46). Hand-derived: every
// API's resource policy lets in anyone, its stages are stated (prod alone); the endpoint policy goes
// from everyone but anonymous callers to everyone. GET /orders/{id} is NONE (written
// `GET /orders/{orderId}` in noneRoutes): an anonymous caller there went from denied by the endpoint
// to allowed, so the change is new access (exit 1 under --fail-on grant). Before, the config was
// refused (exit 2) for a spelling AWS reads as the same route.
import { describe, expect, it } from 'vitest';
import { diffExitCode } from '../../src/diff/index.js';
import { diffOpeningToAnonymous } from './helpers.js';

const diffWith = (noneRoutes: string[]) =>
  diffOpeningToAnonymous((a) => {
    a.stages = ['prod'];
    a.routes = ['GET /', 'GET /orders/{id}'];
    a.noneRoutes = noneRoutes;
    delete a.authorizers;
    delete a.stageRoutes;
  });

describe('diff over a NONE route written with another path parameter name', () => {
  it.each([['GET /orders/{id}'], ['GET /orders/{orderId}']])(
    'noneRoutes [%s]: the anonymous caller on GET /orders/{id} is new access (exit 1)',
    (none) => {
      const r = diffWith([none]);
      const grants = r.classes.filter(
        (c) => c.change === 'grant' && c.witness.principal.kind === 'anonymous',
      );
      expect(grants.length, JSON.stringify(r.classes.map((c) => c.description))).toBeGreaterThan(0);
      expect(grants.every((g) => /^\/orders\/[^/]+$/.test(g.witness.path))).toBe(true);
      expect(diffExitCode(r, 'grant')).toBe(1);
    },
  );
});
