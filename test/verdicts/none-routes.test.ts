// Issue 10: `noneRoutes` are route templates ("GET /items/{id}"), and a call reaches one as API
// Gateway routes it. Compared as text, GET /items/7 was taken as AWS_IAM: an anonymous call the
// policies let through on a NONE route was predicted denied (offline, a deny expectation passed on
// a call AWS allows), and who-can left it out (a "no outsider reaches" proof passed).
import { describe, expect, it } from 'vitest';
import { hubOnlyConfigFile } from '../predict/helpers.js';
import { loadConfig } from '../../src/config/index.js';
import { decide, whoCan } from '../../src/analysis/index.js';
import { authorizationTypeOf } from '../../src/predict/index.js';
import { routeAuthorization, statedRouteTypes } from '../../src/routes/index.js';

/** Whether METHOD PATH reaches a NONE route among `routes` and `noneRoutes`, as API Gateway routes it. */
const reachesNoneRoute = (none: string[], routes: string[] | undefined, method: string, path: string) =>
  routeAuthorization(statedRouteTypes(routes, none, undefined), method, path).type === 'NONE';
import { smallWorld } from '../analysis/helpers.js';

const ALLOW_ALL = [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }];

describe('a NONE route is a template, matched as API Gateway routes', () => {
  it('reachesNoneRoute: a {name} takes one segment, ANY every verb, a more literal AWS_IAM route wins', () => {
    expect(reachesNoneRoute(['GET /items/{id}'], undefined, 'GET', '/items/7')).toBe(true);
    expect(reachesNoneRoute(['GET /items/{id}'], undefined, 'GET', '/items/7/parts')).toBe(false);
    expect(reachesNoneRoute(['GET /items/{id}'], undefined, 'PUT', '/items/7')).toBe(false);
    expect(reachesNoneRoute(['ANY /public/{proxy+}'], undefined, 'DELETE', '/public/a/b')).toBe(true);
    expect(reachesNoneRoute(['GET /items/{id}'], ['GET /items/special'], 'GET', '/items/special')).toBe(
      false,
    );
  });

  it('predictions take GET /items/7 as NONE when noneRoutes says GET /items/{id}', () => {
    const file = hubOnlyConfigFile({
      inventory: {
        id: 'c3d4e5f6a7',
        account: '444444444444',
        stage: 'prod',
        noneRoutes: ['GET /items/{id}'],
        routes: ['GET /items/{id}', 'GET /items/special'],
      },
    });
    const config = loadConfig(file);
    const at = (path: string) => authorizationTypeOf(config, { api: 'inventory', method: 'GET', path });
    expect(at('/items/7')).toBe('NONE');
    expect(at('/items/special')).toBe('AWS_IAM');
  });

  it('who-can: anonymous reaches GET /items/7 when the resource policy lets anyone call it (a NONE route)', () => {
    const world = smallWorld(
      ALLOW_ALL,
      [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-west-2:222222222222:*/prod/GET/items/7',
        },
      ],
      { noneRoutes: ['GET /items/{id}'] },
    );
    const anonymous = whoCan(world, {})
      .allowedRequests('orders')
      .filter((r) => r.principal.kind === 'anonymous');
    // GET /items/7/ reaches the same NONE method, and the Resource names GET/items/7 exactly: it gets
    // through only if its resource ARN holds the path normalised (docs/aws-behaviour.md §5c, §55), a
    // class of its own since ac7c6d7 read a `*` for the API id (this test then failed on main).
    // GET /items%2F7 too: its normalised reading decodes the `/` (items/7, which the Resource names),
    // and decide() lets it in; until 2026-12-03 (pass 21) it was in a class that said deny.
    expect(anonymous.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /items%2F7',
      'GET /items/7',
      'GET /items/7/',
    ]);
    for (const r of anonymous) expect(decide(world, r).decision, r.path).toBe('allow');
    expect(
      whoCan(world, {})
        .classes.filter((c) => c.principal === 'anonymous' && c.witness.path === '/items/7/')
        .map((c) => c.ifPathReading),
    ).toEqual(['normalised']);
  });
});
