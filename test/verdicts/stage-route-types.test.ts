// Issue 10 (lane A): offline, `apis.X.noneRoutes` and `authorizers` are the configured stage's
// statement of how its routes are authorized; another stage may have another deployment, typed
// otherwise (a route NONE or behind a Lambda authorizer there and AWS_IAM here). Until 2026-12-02
// every stage's routes were typed by those lists, so a proof over stage "beta" could pass on
// "prod"'s typing. Now `apis.X.stageRoutes.STAGE` states a stage's routes with their own types
// (`{routes, noneRoutes, authorizers}`); routes listed without types (the list form), or not
// stated at all, are of unknown type there, and a proof that depends on it is not established.
//
// The world (hand-derived truth): API "docs" (docs000001, spoke 222222222222, stages prod and
// beta) behind the hub endpoint, which lets everything through. The resource policy allows any
// principal of organization o-aaaaaaaaaa (both accounts are members), on every stage and path.
// A principal of another account gets an implicit deny from the resource policy on an AWS_IAM or
// NONE route; on a Lambda authorizer's route that implicit deny is not final (the authorizer's
// policy counts with it, developer guide apigateway-authorization-flow, Table A), so an outsider
// may get in there. prod serves GET /orders and GET /reports, both AWS_IAM.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { routeAuthorizationOf } from '../../src/predict/index.js';
import { errorOf } from '../sources/helpers.js';
import { API, CHECKOUT, HUB, ORGANIZATION } from './authorizer-world.js';
import { runProof } from './proof-status.js';

const ROUTES = ['GET /orders', 'GET /reports'];

function configWith(apiEdit: (api: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-stage-types-'));
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  writeFileSync(join(dir, 'hub.json'), doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }));
  writeFileSync(
    join(dir, 'resource.json'),
    doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `${API}/*`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
    }),
  );
  writeFileSync(
    join(dir, 'invoke-all.json'),
    doc({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }),
  );
  const api: Record<string, unknown> = {
    id: 'docs000001',
    account: '222222222222',
    stage: 'prod',
    stages: ['prod', 'beta'],
    routes: ROUTES,
    resourcePolicy: 'resource.json',
  };
  apiEdit(api);
  const config = {
    region: 'us-west-2',
    organization: ORGANIZATION,
    endpoints: { hub: { ...HUB, policy: 'hub.json' } },
    roles: { CheckoutRole: { arn: CHECKOUT, identityPolicies: ['invoke-all.json'] } },
    apis: { docs: api },
    defaults: { endpoint: 'hub' },
  };
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

const proveOffline = async (file: string) =>
  runProof(await RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} }), (ctx) =>
    noOutsiderReaches(ctx, 'docs', undefined, 's'),
  );

describe("offline, another stage's routes are typed by that stage's own statement, never the configured stage's", () => {
  it('beta stated with its own types ({routes}: every route AWS_IAM there): the proof holds on both stages', async () => {
    const r = await proveOffline(configWith((a) => (a.stageRoutes = { beta: { routes: ROUTES } })));
    expect(r.status, r.message).toBe('passed');
    expect(r.message).toMatch(/stage "beta" over its 2 route\(s\) \(apis\.docs\.stageRoutes\.beta\)/);
  });

  it("beta's GET /reports behind a Lambda authorizer there (prod's is AWS_IAM): not established, naming the route on beta", async () => {
    const r = await proveOffline(
      configWith(
        (a) => (a.stageRoutes = { beta: { routes: ROUTES, authorizers: { 'GET /reports': 'CUSTOM' } } }),
      ),
    );
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/GET \/reports/);
    expect(r.message).toMatch(/stage "beta"/);
  });

  it("prod behind a Lambda authorizer on GET /reports, beta stated AWS_IAM: prod decides (error), not beta's typing", async () => {
    const r = await proveOffline(
      configWith((a) => {
        a.authorizers = { 'GET /reports': 'CUSTOM' };
        a.stageRoutes = { beta: { routes: ROUTES } };
      }),
    );
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/GET \/reports/);
  });

  // The list form says which routes beta serves, not how they are authorized: prod's lists
  // (noneRoutes, authorizers) are no statement about beta. Before, beta was typed by them and the
  // proof passed; beta's GET /reports may be a Lambda authorizer's there.
  it("beta's routes listed without types: of unknown type, not established (error) naming apis.docs.stageRoutes.beta, never a pass", async () => {
    const r = await proveOffline(configWith((a) => (a.stageRoutes = { beta: ROUTES })));
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/apis\.docs\.stageRoutes\.beta/);
  });

  it("beta's routes not stated at all: over every path, of unknown type: not established (error), never a pass", async () => {
    const r = await proveOffline(configWith(() => {}));
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/apis\.docs\.stageRoutes\.beta/);
  });

  it("a stage's own lists are checked as the API's are (exit 2 naming the field)", () => {
    for (const [beta, field] of [
      [{ routes: ['GET orders'] }, 'apis.docs.stageRoutes.beta.routes.0'],
      [
        { routes: ROUTES, authorizers: { 'GET /reports': 'LAMBDA' } },
        'apis.docs.stageRoutes.beta.authorizers.GET /reports',
      ],
      [{ routes: ROUTES, typo: [] }, 'apis.docs.stageRoutes.beta.typo'],
    ] as const) {
      const err = errorOf(() => loadConfig(configWith((a) => (a.stageRoutes = { beta }))));
      expect(err, JSON.stringify(beta)).toBeInstanceOf(InputError);
      expect((err as InputError).where.field, (err as Error).message).toBe(field);
    }
  });
});

// note11 §10: a route list that types routes (noneRoutes, authorizers) names routes of `routes`. A
// typo ("GET /report") was accepted and added as one more route, so the real GET /reports stayed
// AWS_IAM and the verdicts on it were the wrong type's; a route in both lists was silently NONE.
// Without `routes` a typo cannot be told from a route, so the lists need `routes` beside them.
describe('route lists that type routes name routes the API states (exit 2 naming the field)', () => {
  it.each([
    ['a NONE route not in routes', { noneRoutes: ['GET /report'] }, 'apis.docs.noneRoutes.0'],
    ['a NONE route listed twice', { noneRoutes: ['GET /reports', 'GET /reports'] }, 'apis.docs.noneRoutes.1'],
    ['a renamed parameter', { noneRoutes: ['GET /orders/{orderId}'] }, 'apis.docs.noneRoutes.0'],
    [
      'an authorizer route not in routes',
      { authorizers: { 'GET /report': 'CUSTOM' } },
      'apis.docs.authorizers.GET /report',
    ],
    [
      'a route both NONE and an authorizer’s',
      { noneRoutes: ['GET /reports'], authorizers: { 'GET /reports': 'CUSTOM' } },
      'apis.docs.authorizers.GET /reports',
    ],
    [
      'NONE routes without routes',
      { routes: undefined, noneRoutes: ['GET /reports'] },
      'apis.docs.noneRoutes',
    ],
    [
      'authorizer routes without routes',
      { routes: undefined, authorizers: { 'GET /reports': 'COGNITO_USER_POOLS' } },
      'apis.docs.authorizers',
    ],
    [
      "a stage's NONE route not in its routes",
      { stageRoutes: { beta: { routes: ROUTES, noneRoutes: ['GET /nope'] } } },
      'apis.docs.stageRoutes.beta.noneRoutes.0',
    ],
    [
      "a stage's authorizer route not in its routes",
      { stageRoutes: { beta: { routes: ['GET /orders'], authorizers: { 'GET /reports': 'CUSTOM' } } } },
      'apis.docs.stageRoutes.beta.authorizers.GET /reports',
    ],
  ])('%s', (_what, edit, field) => {
    const file = configWith((a) => {
      for (const [k, v] of Object.entries(edit))
        if (v === undefined) delete a[k];
        else a[k] = v;
    });
    const err = errorOf(() => loadConfig(file));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where.field, (err as Error).message).toBe(field);
  });

  it('NONE and authorizer routes among routes load', () => {
    const file = configWith((a) => {
      a.routes = [...ROUTES, 'GET /orders/{id}'];
      a.noneRoutes = ['GET /orders/{id}'];
      a.authorizers = { 'GET /reports': 'CUSTOM' };
    });
    expect(loadConfig(file).apis.docs!.noneRoutes).toEqual(['GET /orders/{id}']);
  });
});

// Issue 10 (pass 18, lane A): API Gateway tells a path parameter by its position, not its name
// (933387a, docs/aws-behaviour.md §46): `GET /orders/{orderId}` is the route `GET /orders/{id}`.
// noneRoutes and authorizers still had to repeat a route character for character, so a NONE or
// authorizer route written with the other name was refused as "not one of routes" (exit 2), and a
// route typed twice in two spellings was not told as one. Now the lists match `routes` by the one
// comparison (routeKey): the route keeps the spelling of `routes`, and typing it twice names both.
describe("the lists that type routes match them as API Gateway tells routes apart (a parameter's position, not its name)", () => {
  const ORDER = 'GET /orders/{id}';
  const call = { api: 'docs', method: 'GET', path: '/orders/7' };

  it.each([
    ['noneRoutes', { noneRoutes: ['GET /orders/{orderId}'] }, 'NONE'],
    ['authorizers', { authorizers: { 'GET /orders/{orderId}': 'CUSTOM' } }, 'CUSTOM'],
  ])('%s naming GET /orders/{orderId} types the route GET /orders/{id}', (_what, edit, type) => {
    const config = loadConfig(configWith((a) => Object.assign(a, { routes: [...ROUTES, ORDER] }, edit)));
    expect(routeAuthorizationOf(config, call)).toMatchObject({ type, route: ORDER });
  });

  it("a stage's own authorizer route in another spelling: that stage's proof is not established on it", async () => {
    const beta = { routes: [...ROUTES, ORDER], authorizers: { 'GET /orders/{orderId}': 'CUSTOM' } };
    const r = await proveOffline(configWith((a) => (a.stageRoutes = { beta })));
    expect(r.status, r.message).toBe('error');
    expect(r.message).toMatch(/GET \/orders\/\{id\}/);
  });

  it('a route typed twice in two spellings: exit 2 naming both spellings', () => {
    const err = errorOf(() =>
      loadConfig(
        configWith((a) => {
          a.routes = [...ROUTES, ORDER];
          a.noneRoutes = [ORDER];
          a.authorizers = { 'GET /orders/{orderId}': 'CUSTOM' };
        }),
      ),
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where.field).toBe('apis.docs.authorizers.GET /orders/{orderId}');
    expect((err as Error).message).toMatch(/GET \/orders\/\{orderId\}.*GET \/orders\/\{id\}/);
    expect((err as Error).message).toMatch(/typed twice/);
  });
});
