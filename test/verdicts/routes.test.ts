// Issue 10: routes are known. A call to a route or stage that does not exist stops before anything
// is sent (exit 2 naming the route and the known ones), instead of going out and coming back as
// "Missing Authentication Token". Sandbox runs read the world's routes with GetResources (paged);
// offline runs take the config's apis.ALIAS.routes, and say so when there are none.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hubOnlyConfigFile, ORDERS_API } from '../predict/helpers.js';
import { loadConfig } from '../../src/config/index.js';
import { InfraError } from '../../src/errors.js';
import { KnownRoutes } from '../../src/harness/routes.js';
import type { Wire } from '../../src/harness/wire.js';
import { matchRoute, pathSegments, parseRouteSpec } from '../../src/routes/index.js';
import { runCli } from '../cli-in-process.js';
import { DEMO, ROOT, demoCopy, readMatrix } from '../harness/helpers.js';

const routes = (...specs: string[]) => specs.map(parseRouteSpec);
const reach = (specs: string[], method: string, path: string) =>
  matchRoute(routes(...specs), method, pathSegments(path));

describe('API Gateway route matching', () => {
  it('a path parameter takes exactly one segment', () => {
    expect(reach(['GET /orders/{id}'], 'GET', '/orders/42')?.path).toBe('/orders/{id}');
    expect(reach(['GET /orders/{id}'], 'GET', '/orders')).toBeUndefined();
    expect(reach(['GET /orders/{id}'], 'GET', '/orders/42/lines')).toBeUndefined();
  });
  it('a greedy {proxy+} takes one or more segments, never none', () => {
    expect(reach(['ANY /{proxy+}'], 'DELETE', '/a/b/c')?.path).toBe('/{proxy+}');
    expect(reach(['ANY /{proxy+}'], 'GET', '/')).toBeUndefined();
    expect(reach(['GET /files/{key+}'], 'GET', '/files')).toBeUndefined();
  });
  it('ANY takes every verb; the exact verb and the more literal path win', () => {
    expect(reach(['ANY /orders', 'GET /orders'], 'GET', '/orders')?.method).toBe('GET');
    expect(reach(['ANY /orders'], 'PATCH', '/orders')?.method).toBe('ANY');
    expect(reach(['GET /{proxy+}', 'GET /orders/{id}'], 'GET', '/orders/1')?.path).toBe('/orders/{id}');
    expect(reach(['GET /orders'], 'POST', '/orders')).toBeUndefined();
  });
  // Measured on AWS (docs/aws-behaviour.md §5c): a request resolves on the resource+method pair.
  it('a literal resource without the verb yields to a {param} sibling that has it, then to a greedy one', () => {
    const users = ['GET /users/{userId}', 'PATCH /users/me'];
    expect(reach(users, 'GET', '/users/me')?.path).toBe('/users/{userId}');
    expect(reach(users, 'PATCH', '/users/me')?.path).toBe('/users/me');
    expect(reach(users, 'POST', '/users/me')).toBeUndefined();
    const things = ['GET /things/real', 'ANY /things/{proxy+}'];
    expect(reach(things, 'GET', '/things/real')?.path).toBe('/things/real');
    expect(reach(things, 'POST', '/things/real')?.path).toBe('/things/{proxy+}');
    const jobs = ['ANY /{proxy+}', 'GET /jobs/{operation_type}', 'OPTIONS /cors_only'];
    expect(reach(jobs, 'GET', '/jobs/reboot')?.path).toBe('/jobs/{operation_type}');
    expect(reach(jobs, 'GET', '/jobs')?.path).toBe('/{proxy+}');
    expect(reach(jobs, 'POST', '/jobs/reboot')?.path).toBe('/{proxy+}');
    expect(reach(jobs, 'GET', '/cors_only')?.path).toBe('/{proxy+}');
  });
  // docs/aws-behaviour.md §5c: the order routes are defined in never matters in AWS
  // (localstack/localstack#10311); a tie in literal segments goes to the literal further left.
  it('a tie between equally literal routes does not depend on the order they are listed in', () => {
    const tied = ['GET /a/{x}', 'GET /{y}/b'];
    expect(reach(tied, 'GET', '/a/b')?.path).toBe('/a/{x}');
    expect(reach([...tied].reverse(), 'GET', '/a/b')?.path).toBe('/a/{x}');
    const greedy = ['ANY /a/{rest+}', 'ANY /{first}/{rest+}'];
    expect(reach(greedy, 'GET', '/a/b/c')?.path).toBe('/a/{rest+}');
    expect(reach([...greedy].reverse(), 'GET', '/a/b/c')?.path).toBe('/a/{rest+}');
    // More literal segments still come first, wherever they are.
    const count = ['GET /a/{x}/{z}', 'GET /{y}/b/c'];
    expect(reach(count, 'GET', '/a/b/c')?.path).toBe('/{y}/b/c');
    expect(reach([...count].reverse(), 'GET', '/a/b/c')?.path).toBe('/{y}/b/c');
  });
  it('the query string is not part of the path; segments are percent-decoded', () => {
    expect(reach(['GET /orders'], 'GET', '/orders?limit=1')?.path).toBe('/orders');
    expect(reach(['GET /a b'.replace(' b', 'b')], 'GET', '/a%62')?.path).toBe('/ab');
  });
});

describe('config apis.ALIAS.routes', () => {
  it('refuses a malformed route, naming the field', () => {
    const file = hubOnlyConfigFile({
      orders: { ...ORDERS_API, routes: ['GET /orders', 'FETCH /x', 'GET /{proxy+}/tail'] },
    });
    expect(() => loadConfig(file)).toThrow(/apis\.orders\.routes\.1: "FETCH" is not one of/);
  });
});

const GOOD = oneCall('a route on a later page of GetResources', 'DELETE /orders/42');

/** A scenario in which CheckoutRole makes `call` ("GET /orders") on orders, which is `then`. */
function oneCall(name: string, call: string, then = 'allowed'): string[] {
  return [
    `  Scenario: ${name}`,
    `    When "CheckoutRole" calls ${call} on "orders"`,
    `    Then the call is ${then}`,
  ];
}

function writeFeature(dir: string, lines: string[]): string {
  const f = join(dir, 'routes.feature');
  writeFileSync(f, ['Feature: routes', ...lines, ''].join('\n'));
  return f;
}

async function run(dir: string, args: string[]) {
  const reports = join(dir, 'reports');
  const r = await runCli([...args, '--config', join(dir, 'spokegate.config.yaml'), '--reports', reports], {
    cwd: dir,
    env: { PATH: process.env.PATH },
  });
  return { ...r, reports };
}

describe('sandbox mode: the world’s routes, read with GetResources', () => {
  it('a mistyped route stops the run before anything is sent: exit 2 naming it and the known ones', async () => {
    const dir = demoCopy();
    const feature = writeFeature(dir, [...GOOD, ...oneCall('a typo', 'GET /ordres', 'denied')]);
    const r = await run(dir, ['run', feature]);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /routes\.feature: line \d+: route "GET \/ordres" does not exist on API "orders"; its routes: .*GET \/orders,.*DELETE \/orders\/\{id\}/,
    );
    // Nothing was sent: no cell, no report.
    expect(existsSync(join(r.reports, 'access-matrix.json'))).toBe(false);
  });

  it('the same for an access matrix column whose API lacks the route', async () => {
    const dir = demoCopy();
    const feature = writeFeature(dir, [
      '  Scenario: a matrix',
      '    Then the access matrix for GET /payments is:',
      '      | role         | orders | payments |',
      '      | CheckoutRole | deny   | allow    |',
    ]);
    const r = await run(dir, ['run', feature]);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/route "GET \/payments" does not exist on API "orders"/);
  });

  it('a stage the API does not have is exit 2 naming apis.ALIAS.stage and the stages there are', async () => {
    const dir = demoCopy({
      config: (c) => {
        c.apis.orders.stage = 'prdo';
        // Not stated: the stage is checked against what GetStages says.
        delete c.apis.orders.stages;
      },
    });
    const r = await run(dir, ['run', writeFeature(dir, GOOD)]);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /apis\.orders\.stage: stage "prdo" of API "orders" .*does not exist; its stages: prod \(from GetStages a1b2c3d4e5\)/,
    );
  });

  it('a route defined but not deployed to the stage is exit 2, saying so (GetDeployment is what the stage serves)', async () => {
    const dir = demoCopy({
      world: (w) => {
        w.apis.orders.routes.push({ method: 'GET', path: '/orders/{id}/lines', deployed: false });
      },
    });
    const feature = writeFeature(dir, oneCall('not deployed yet', 'GET /orders/42/lines'));
    const r = await run(dir, ['run', feature]);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /route "GET \/orders\/42\/lines" does not exist on API "orders"; its routes: .* \(from deployment \w+ of stage "prod", GetDeployment a1b2c3d4e5\); it is defined \(GetResources\) but not deployed to stage "prod": deploy the API to the stage/,
    );
    expect(existsSync(join(r.reports, 'access-matrix.json'))).toBe(false);
  });

  it('routes that exist (on any page) are sent', async () => {
    const dir = demoCopy();
    const r = await run(dir, ['run', writeFeature(dir, GOOD)]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/routes of API .* are unknown/);
  });
});

describe('sandbox mode: a route read that fails is exit 3, never calls sent unchecked', () => {
  // The orders reader may read the API (GetRestApi) but not its resources.
  const denyResources = (w: Record<string, any>) => {
    w.roles.OrdersReader.policies = {
      ReadApis: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'apigateway:GET', Resource: 'arn:aws:apigateway:*::/restapis*' },
          {
            Effect: 'Deny',
            Action: 'apigateway:GET',
            Resource: 'arn:aws:apigateway:*::/restapis/*/resources',
          },
        ],
      },
    };
  };

  it('AccessDenied on GetResources: exit 3 in one line naming the API, the AWS error code and the fix', async () => {
    // The config states routes too: they are for offline runs, not a cover for a failed read.
    const dir = demoCopy({ world: denyResources });
    const r = await run(dir, ['run', writeFeature(dir, GOOD)]);
    expect(r.code, r.text).toBe(3);
    const line = r.err.split('\n').find((l) => /routes of API "orders"/.test(l));
    expect(line, r.err).toMatch(/a1b2c3d4e5/);
    expect(line).toMatch(/AccessDeniedException/);
    expect(line).toMatch(
      /grant the reader role arn:aws:iam::222222222222:role\/spokegate-reader apigateway:GET on arn:aws:apigateway:us-west-2::\/restapis\/a1b2c3d4e5\/\*/,
    );
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    // Nothing was sent: no cell, no report.
    expect(existsSync(join(r.reports, 'access-matrix.json'))).toBe(false);
  });

  it('NotFound (an API id its account does not have): exit 3 naming it', async () => {
    const dir = demoCopy({ config: (c) => (c.apis.orders.id = 'zzzzzzzzzz') });
    const r = await run(dir, ['run', writeFeature(dir, GOOD)]);
    expect(r.code, r.text).toBe(3);
    expect(r.err).toMatch(/routes of API "orders" \(zzzzzzzzzz in 222222222222\).*NotFoundException/);
    expect(existsSync(join(r.reports, 'access-matrix.json'))).toBe(false);
  });
});

describe('live mode: a route read that fails is exit 3', () => {
  it('a 5xx from GetStages is an InfraError naming the API, the code and the permission, before any check passes', async () => {
    const config = loadConfig(join(demoCopy(), 'spokegate.config.yaml'));
    const reads: string[] = [];
    const wire = {
      readerConfig: async () => ({}),
      aws: {
        readRestApiRoutes: async (_cfg: unknown, id: string) => {
          reads.push(id);
          throw new InfraError(`GetStages ${id} failed: InternalFailure: We encountered an internal error.`);
        },
      },
    } as unknown as Wire;
    const known = new KnownRoutes(config, 'live', wire);
    const logged: string[] = [];
    const all = known.checkAll([{ api: 'payments', method: 'GET', path: '/payments' }], (l) =>
      logged.push(l),
    );
    await expect(all).rejects.toThrow(InfraError);
    await expect(all).rejects.toThrow(
      /^the routes of API "payments" \(b2c3d4e5f6 in 333333333333\) could not be read by the reader role arn:aws:iam::333333333333:role\/spokegate-reader: GetStages b2c3d4e5f6 failed: InternalFailure: .*\(fix: grant the reader role .* apigateway:GET on arn:aws:apigateway:us-west-2::\/restapis\/b2c3d4e5f6\/\*/,
    );
    // A later call to the same API fails the same way (read once), never sent unchecked.
    await expect(known.check({ api: 'payments', method: 'GET', path: '/payments' })).rejects.toThrow(
      InfraError,
    );
    expect(reads).toEqual(['b2c3d4e5f6']);
    expect(logged).toEqual([]);
  });
});

describe('offline: the config’s routes, or said to be unknown', () => {
  /** The demo offline with only `routesOf` as routes; `edit` changes the config further. */
  function offlineDemo(
    routesOf?: Record<string, string[]>,
    edit: (c: Record<string, any>) => void = () => {},
  ) {
    const dir = demoCopy({
      config: (c) => {
        for (const a of Object.values<any>(c.apis)) delete a.routes;
        for (const [api, r] of Object.entries(routesOf ?? {})) c.apis[api].routes = r;
        // Route types name routes of `routes` (09a8605): the demo's NONE and authorizer routes go with them.
        for (const a of Object.values<any>(c.apis)) {
          delete a.noneRoutes;
          delete a.authorizers;
        }
        c.endpoints.hub.policy = 'hub.json';
        edit(c);
      },
    });
    writeFileSync(
      join(dir, 'hub.json'),
      JSON.stringify(parse(readFileSync(join(dir, 'world.yaml'), 'utf8')).endpoints.hub.policy),
    );
    return dir;
  }

  /** `check` offline of one scenario in which CheckoutRole makes `call` ("GET /orders") on orders. */
  const checkOne = (dir: string, scenario: string, call: string) => {
    const feature = writeFeature(dir, oneCall(scenario, call));
    return run(dir, ['check', feature, '--endpoint-policy', join(dir, 'hub.json')]);
  };

  it('a mistyped route against apis.ALIAS.routes is exit 2', async () => {
    const dir = offlineDemo({ orders: ['GET /orders', 'ANY /orders/{id}'] });
    const r = await checkOne(dir, 'a typo', 'GET /orders/1/lines');
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /route "GET \/orders\/1\/lines" does not exist on API "orders"; its routes: GET \/orders, ANY \/orders\/\{id\} \(from apis\.orders\.routes\)/,
    );
  });

  it('a stage not in apis.ALIAS.stages is exit 2 before anything is predicted, naming the field and the stages', async () => {
    const dir = offlineDemo({ orders: ['GET /orders'] }, (c) => {
      c.apis.orders.stages = ['prod', 'beta'];
      c.apis.orders.stage = 'prdo';
    });
    const r = await checkOne(dir, 'a stage typo', 'GET /orders');
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /spokegate\.config\.yaml: apis\.orders\.stage: stage "prdo" of API "orders" \(apis\.orders\.stage\) does not exist; its stages: prod, beta \(from apis\.orders\.stages\)/,
    );
    expect(existsSync(join(r.reports, 'access-matrix.json'))).toBe(false);
  });

  it('apis.ALIAS.stages must be stage names', () => {
    const dir = offlineDemo(undefined, (c) => (c.apis.orders.stages = ['prod', 'not a stage']));
    expect(() => loadConfig(join(dir, 'spokegate.config.yaml'))).toThrow(/apis\.orders\.stages\.1: /);
  });

  it('without apis.ALIAS.stages the run says the stage is taken as stated (once per API)', async () => {
    const dir = offlineDemo({ orders: ['GET /orders'] }, (c) => delete c.apis.orders.stages);
    const logged: string[] = [];
    const known = new KnownRoutes(loadConfig(join(dir, 'spokegate.config.yaml')), 'offline', undefined);
    const call = { api: 'orders', method: 'GET', path: '/orders' };
    await known.checkAll([call, call, { ...call, api: 'payments', path: '/' }], (l) => logged.push(l));
    expect(logged).toEqual([
      'spokegate: the stages of API "orders" are unknown (offline mode and no apis.orders.stages in the config): its stage "prod" is taken as stated',
      'spokegate: routes of API "payments" are unknown (offline mode and no apis.payments.routes in the config): its calls are not checked against routes',
    ]);
  });

  it('without apis.ALIAS.routes the run says the routes are unknown and guesses nothing', async () => {
    const dir = offlineDemo();
    const feature = writeFeature(dir, oneCall('unchecked', 'GET /whatever'));
    const r = await run(dir, ['check', feature, '--endpoint-policy', join(dir, 'hub.json')]);
    expect(r.err).toMatch(
      /routes of API "orders" are unknown \(offline mode and no apis\.orders\.routes in the config\)/,
    );
    // Sent to the engine unchecked (offline: predicted), not refused and not guessed.
    expect(r.code, r.err).not.toBe(2);
    expect(readMatrix(r.reports).cells).toHaveLength(1);
  });
});

describe('call --api-id ID --stage S is checked like --api when the config knows the API', () => {
  const config = join(DEMO, 'spokegate.config.yaml');
  const call = (...a: string[]) =>
    runCli(['call', '--as', 'CheckoutRole', '--config', config, ...a], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    });
  it('a route the API does not have is exit 2 naming it and the routes there are, nothing sent', async () => {
    const r = await call('--api-id', 'a1b2c3d4e5', '--stage', 'prod', 'GET', '/ordres');
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /route "GET \/ordres" does not exist on API "orders"; its routes: .*GET \/orders\b/,
    );
  });
  it('a stage the API does not have is exit 2 naming --stage and the stages', async () => {
    const r = await call('--api-id', 'a1b2c3d4e5', '--stage', 'prdo', 'GET', '/orders');
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/stage "prdo" of API "orders".*does not exist; its stages: prod/);
  });
});
