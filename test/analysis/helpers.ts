// Worlds for the analysis tests: the demo (features/sandbox) and small hand-written ones.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { parsePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { RunContext } from '../../src/harness/context.js';
import { analysisWorld } from '../../src/harness/who-can.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import type { AnalysisApi, AnalysisRequest, AnalysisWorld } from '../../src/analysis/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DEMO_CONFIG = join(ROOT, 'features', 'sandbox', 'spokegate.config.yaml');
const WORLD = join(ROOT, 'features', 'sandbox', 'world.yaml');

/** The demo world's hub endpoint policy (what the sandbox serves from EC2). */
export function demoEndpointPolicyText(): string {
  const w = parseYaml(readFileSync(WORLD, 'utf8')) as { endpoints: { hub: { policy: unknown } } };
  return JSON.stringify(w.endpoints.hub.policy);
}

/** The demo world as the harness sees it offline: config, its policy files, the hub's policy. */
export async function demoWorld(endpointPolicy = demoEndpointPolicyText()): Promise<AnalysisWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-analysis-'));
  const file = join(dir, 'hub.json');
  writeFileSync(file, endpointPolicy);
  const config = loadConfig(DEMO_CONFIG);
  const ctx = await RunContext.create({
    mode: 'offline',
    config,
    env: {},
    endpointPolicyFiles: { hub: file },
  });
  return analysisWorld(ctx);
}

/** The ARNs the demo config gives these roles. */
export function demoRoleArns(names: string[]): string[] {
  const roles = loadConfig(DEMO_CONFIG).roles;
  return names.map((n) => roles[n]!.arn);
}

/** An endpoint statement letting in any principal of account 555555555555 tagged team=analytics: no configured role resembles it. */
export const taggedAccountStatement = (Sid: string) => ({
  Sid,
  Effect: 'Allow',
  Principal: { AWS: '555555555555' },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
  Condition: { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } },
});

export const ORG = 'o-a1b2c3d4e5';
export const HUB = 'vpce-0123456789abcdef0';

export function policy(name: string, statements: object[]): CompiledPolicy {
  return parsePolicy({ Version: '2012-10-17', Statement: statements }, { name });
}

/** One API (orders in 222222222222) behind the hub, with the given endpoint and resource policies. */
export function smallWorld(
  endpoint: object[],
  resource?: object[],
  extra: Partial<AnalysisApi> = {},
): AnalysisWorld {
  return {
    endpoint: {
      alias: 'hub',
      id: HUB,
      vpc: 'vpc-0aa11bb22cc33dd44',
      policy: policy('endpoint:hub', endpoint),
    },
    apis: [
      {
        alias: 'orders',
        region: 'us-west-2',
        account: '222222222222',
        id: 'a1b2c3d4e5',
        stage: 'prod',
        noneRoutes: [],
        ...(resource ? { resourcePolicy: policy('resource:orders', resource) } : {}),
        ...extra,
      },
    ],
    roles: [
      { alias: 'CheckoutRole', arn: 'arn:aws:iam::111111111111:role/CheckoutRole', sessionName: 'spokegate' },
    ],
    organization: { id: ORG, members: ['111111111111', '222222222222', '333333333333', '444444444444'] },
  };
}

export const INVOKE = 'execute-api:Invoke';
/** The orders API's prod stage (smallWorld's API). */
export const PROD_ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod';
/** A statement letting anyone invoke anything of PROD_ORDERS, extended by `extra`. */
export const anyoneInvokesProd = (extra: object) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: INVOKE,
  Resource: `${PROD_ORDERS}/*`,
  ...extra,
});

/** smallWorld with a second API (ledger, 333333333333) behind the hub. */
export function twoApis(endpoint: object[], orders: object[], ledger: object[]): AnalysisWorld {
  const w = smallWorld(endpoint, orders);
  return {
    ...w,
    apis: [
      ...w.apis,
      {
        alias: 'ledger',
        region: 'us-west-2',
        account: '333333333333',
        id: 'l3d9e7f2a1',
        stage: 'live',
        noneRoutes: [],
        resourcePolicy: policy('resource:ledger', ledger),
      },
    ],
  };
}

/** GET /orders on smallWorld's API by the federated user NAME of 111111111111. */
export const federatedOrdersProbe = (name: string): AnalysisRequest => ({
  api: 'orders',
  principal: { kind: 'federated-user', arn: `arn:aws:sts::111111111111:federated-user/${name}` },
  method: 'GET',
  path: '/orders',
});

/**
 * who-can's arguments over the demo config and API orders, in a fresh folder: an endpoint policy of
 * `endpointStatements` for the hub, and a resource policy for orders that allows anyone.
 */
export function ordersWhoCanArgs(
  prefix: string,
  endpointStatements: object[],
): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const write = (name: string, statements: object[]) => {
    writeFileSync(join(dir, name), JSON.stringify({ Version: '2012-10-17', Statement: statements }));
    return join(dir, name);
  };
  const hub = write('hub.json', endpointStatements);
  const orders = write('orders.json', [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' }]);
  return {
    dir,
    args: [
      'who-can',
      ...['--config', DEMO_CONFIG, '--endpoint-policy', hub],
      ...['--resource-policy', `orders=${orders}`, '--api', 'orders'],
    ],
  };
}
export const ANY_ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/*';

/** The orders API of smallWorld, and the routes the path-spelling tests give it. */
export const ORDERS_API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
export const ENTRY_ROUTES = ['GET /entries', 'GET /entries/{id}', 'POST /entries'];

/** smallWorld with ENTRY_ROUTES (AWS_IAM), its API open to everyone but outsiders of ORG denied `Resource`. */
export const outsidersOut = (Resource: string[]) =>
  smallWorld(
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    [
      { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: `${ORDERS_API}/*` },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: INVOKE,
        Resource,
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
      },
    ],
    { routes: ENTRY_ROUTES.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' })) },
  );

/**
 * Each IAM user reaches `GET /<its name>` (a Resource `…/GET/${aws:username}`) and 333333333333
 * anything under `GET /entries/`, over GET /entries and GET /entries/{id}: a template beside a
 * pattern whose paths are written another way (who-can-template-twins, -spellings).
 */
export function userNameBesidePattern(): AnalysisWorld {
  return smallWorld(
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: INVOKE,
        Resource: `${ORDERS_API}/prod/GET/\${aws:username}`,
      },
      {
        Effect: 'Allow',
        Principal: { AWS: '333333333333' },
        Action: INVOKE,
        Resource: `${ORDERS_API}/prod/GET/entries/*`,
      },
    ],
    {
      routes: ['GET /entries', 'GET /entries/{id}'].map((r) => ({
        ...parseRouteSpec(r)!,
        authorizationType: 'AWS_IAM',
      })),
    },
  );
}
