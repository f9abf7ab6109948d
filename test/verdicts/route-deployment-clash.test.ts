// Issue 10 (B2): in sandbox and live runs the config's routes, noneRoutes and authorizers (and each
// stageRoutes.STAGE) are compared with what the stage's deployment serves; a disagreement is exit 2
// naming the API, the stage, each route and both types. Rows: [what, config, stage, deployed, the
// message's parts (undefined: they agree, or the config states nothing there)].
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { deploymentProblem, stagesProblem, type RouteRef } from '../../src/routes/index.js';

function api(rest: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'spokegate-clash-')), 'spokegate.config.yaml');
  writeFileSync(
    file,
    [
      'region: us-west-2',
      "endpoints: { hub: { id: vpce-0123456789abcdef0, account: '111111111111' } }",
      'roles: {}',
      `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod, beta]${rest} } }`,
      '',
    ].join('\n'),
  );
  return loadConfig(file);
}
const r = (spec: string, authorizationType?: string, typeUnknown?: string): RouteRef => {
  const [method, path] = spec.split(' ') as [string, string];
  return {
    method,
    path,
    ...(authorizationType ? { authorizationType } : {}),
    ...(typeUnknown ? { typeUnknown } : {}),
  };
};
const ROUTES = ", routes: ['GET /docs', 'GET /health'], noneRoutes: ['GET /health']";
const CASES: [string, string, string, RouteRef[], RegExp[] | undefined][] = [
  ['agree', ROUTES, 'prod', [r('GET /docs', 'AWS_IAM'), r('GET /health', 'NONE')], undefined],
  ['no routes stated', '', 'prod', [r('GET /admin', 'NONE')], undefined],
  [
    'a type differs',
    ROUTES,
    'prod',
    [r('GET /docs', 'NONE'), r('GET /health', 'NONE')],
    [/"GET \/docs" is stated AWS_IAM but deployed NONE/, /apis\.docs\.routes, noneRoutes and authorizers/],
  ],
  [
    'stated, not deployed; deployed, not stated',
    ROUTES,
    'prod',
    [r('GET /docs', 'AWS_IAM'), r('GET /admin', 'AWS_IAM')],
    [/"GET \/health" is stated but not deployed/, /"GET \/admin" is deployed but not stated/],
  ],
  [
    'an authorizer stated, AWS_IAM deployed',
    ", routes: ['GET /docs'], authorizers: { 'GET /docs': CUSTOM }",
    'prod',
    [r('GET /docs', 'AWS_IAM')],
    [/"GET \/docs" is stated CUSTOM but deployed AWS_IAM/],
  ],
  [
    'a type the stage and its canary disagree on is no contradiction',
    ROUTES,
    'prod',
    [r('GET /docs', 'AWS_IAM'), r('GET /health', undefined, 'they disagree')],
    undefined,
  ],
  [
    "another stage's own types",
    ", routes: ['GET /docs'], stageRoutes: { beta: { routes: ['GET /docs'], noneRoutes: ['GET /docs'] } }",
    'beta',
    [r('GET /docs', 'AWS_IAM')],
    [
      /at stage "beta"/,
      /"GET \/docs" is stated NONE but deployed AWS_IAM/,
      /apis\.docs\.stageRoutes\.beta\.routes/,
    ],
  ],
  [
    "another stage's plain list: routes only",
    ", routes: ['GET /docs'], stageRoutes: { beta: ['GET /docs'] }",
    'beta',
    [r('GET /docs', 'NONE'), r('GET /x', 'NONE')],
    [/"GET \/x" is deployed but not stated/],
  ],
  // API Gateway tells a path parameter by its position, not its name (a resource has one variable
  // child: docs/aws-behaviour.md §46): `{id}` stated, `{docId}` deployed is the same route; until
  // 2026-12-03 it was a disagreement (exit 2). A greedy `{name+}` is another route.
  [
    'a path parameter named otherwise is the same route',
    ", routes: ['GET /docs/{id}']",
    'prod',
    [r('GET /docs/{docId}', 'AWS_IAM')],
    undefined,
  ],
  [
    'named otherwise and of another type: the type still disagrees',
    ", routes: ['GET /docs/{id}']",
    'prod',
    [r('GET /docs/{docId}', 'NONE')],
    [/"GET \/docs\/\{id\}" is stated AWS_IAM but deployed NONE/],
  ],
  [
    'a greedy variable is not a single-segment one',
    ", routes: ['ANY /docs/{proxy+}']",
    'prod',
    [r('ANY /docs/{proxy}', 'AWS_IAM')],
    [
      /"ANY \/docs\/\{proxy\+\}" is stated but not deployed/,
      /"ANY \/docs\/\{proxy\}" is deployed but not stated/,
    ],
  ],
  [
    'a stage the config states nothing of',
    ", routes: ['GET /docs']",
    'beta',
    [r('GET /x', 'NONE')],
    undefined,
  ],
];

describe('the config against the deployment (sandbox/live)', () => {
  it.each(CASES)('%s', (_what, rest, stage, deployed, parts) => {
    const p = deploymentProblem(api(rest), 'docs', stage, deployed, 'deployment d1');
    if (!parts) return expect(p).toBeUndefined();
    expect(p?.message).toMatch(
      /^the config's routes of API "docs" at stage "\w+" disagree with deployment d1: /,
    );
    for (const part of parts) expect(p!.message).toMatch(part);
  });
});

// API Gateway refuses a second variable child of one resource ("A sibling ({id}) of this resource
// already has a variable path part -- only one is allowed", greedy or not: §46), so routes stating
// two are no API that can exist: exit 2 naming the route, not two routes each matching half the
// requests. Rows: [what, routes, field or undefined (accepted)].
const SIBLINGS: [string, string, string | undefined][] = [
  [
    '{id} and {orderId} under /docs',
    "routes: ['GET /docs/{id}', 'DELETE /docs/{orderId}']",
    'apis.docs.routes.1',
  ],
  ['{slug} and {proxy+} under the root', "routes: ['GET /{slug}', 'ANY /{proxy+}']", 'apis.docs.routes.1'],
  [
    'one level down, past a shared {id}',
    "routes: ['GET /docs/{id}/a/{x}', 'GET /docs/{id}/a/{y}']",
    'apis.docs.routes.1',
  ],
  [
    "another stage's routes",
    "routes: ['GET /docs'], stageRoutes: { beta: ['GET /{a}', 'GET /{b}/c'] }",
    'apis.docs.stageRoutes.beta.1',
  ],
  [
    'the same name under one resource, and {id} under two resources',
    "routes: ['GET /docs/{id}', 'PUT /docs/{id}', 'GET /other/{key}']",
    undefined,
  ],
];
describe('routes with two variable parts under one resource (API Gateway refuses the second)', () => {
  it.each(SIBLINGS)('%s', (_what, routes, field) => {
    const load = () => api(`, ${routes}`);
    if (!field) return expect(() => load()).not.toThrow();
    let error: { where?: { field?: string }; message: string } | undefined;
    try {
      load();
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.where?.field, error?.message).toBe(field);
    expect(error!.message).toMatch(/only one is allowed/);
  });
});

// The same for the stages: offline runs take apis.X.stages as every stage the API has.
const STAGES: [string, string, string[], RegExp[] | undefined][] = [
  ['agree', '', ['beta', 'prod'], undefined],
  [
    'a stage left out, one not there',
    '',
    ['prod', 'staging'],
    [/"staging" exists but not stated/, /"beta" stated but not there/],
  ],
];
describe("the config's stages against GetStages (sandbox/live)", () => {
  it.each(STAGES)('%s', (_what, rest, read, parts) => {
    const p = stagesProblem(api(rest), 'docs', read, 'GetStages docs000001');
    if (!parts) return expect(p).toBeUndefined();
    expect(p?.field).toBe('apis.docs.stages');
    expect(p?.message).toMatch(/^the config's stages of API "docs" disagree with GetStages docs000001: /);
    for (const part of parts) expect(p!.message).toMatch(part);
  });
  it('not stated: nothing to compare', () => {
    const config = api('');
    delete (config.apis.docs as { stages?: string[] }).stages;
    expect(stagesProblem(config, 'docs', ['prod', 'x'], 'GetStages docs000001')).toBeUndefined();
  });
});
