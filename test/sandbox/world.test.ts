// The world file: schema errors name file, field and line; the demo world and demo config agree.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { loadWorld } from '../../src/config/world.js';
import { InputError } from '../../src/errors.js';
import { deploymentProblem } from '../../src/routes/index.js';
import { SandboxState } from '../../src/sandbox/state.js';
import { CONFIG_FILE, WORLD_FILE } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spokegate-world-test-'));
// The world's policy files travel with it.
cpSync(join(dirname(WORLD_FILE), 'policies'), join(dir, 'policies'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const demoText = readFileSync(WORLD_FILE, 'utf8');
function worldWith(edit: (text: string) => string): string {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, edit(demoText));
  return file;
}
function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('the demo world', () => {
  const world = loadWorld(WORLD_FILE);

  it('has one hub and three spokes in one organization, an outsider, at least six roles (one tagged, one with a path)', () => {
    expect(world.organization?.accounts).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
    expect(Object.keys(world.accounts)).toContain('999999999999');
    expect(world.organization?.accounts).not.toContain('999999999999');
    const roles = Object.values(world.roles);
    expect(roles.length).toBeGreaterThanOrEqual(6);
    expect(roles.some((r) => Object.keys(r.tags).length > 0)).toBe(true);
    expect(roles.some((r) => /:role\/[^/]+\/[^/]+$/.test(r.arn))).toBe(true);
    expect(world.endpoints.hub).toMatchObject({
      id: 'vpce-0123456789abcdef0',
      account: '111111111111',
      privateDns: true,
    });
    const routes = Object.values(world.apis).flatMap((a) => a.routes);
    expect(routes.some((r) => r.authorizationType === 'NONE')).toBe(true);
    const text = JSON.stringify(world.apis);
    expect(text).toContain('aws:SourceVpce');
    expect(text).toContain('"Effect":"Deny"');
  });

  it('compiles every policy with the policy engine', () => {
    const s = new SandboxState(world, 1);
    expect(s.roles.size).toBe(Object.keys(world.roles).length);
    expect([...s.apis.values()].every((a) => a.resourcePolicy)).toBe(true);
  });

  it('matches the demo config alias for alias', () => {
    const config = loadConfig(CONFIG_FILE);
    expect(loadWorld(join(config.dir, config.sandbox!.world)).file).toContain('world.yaml');
    expect(config.endpoints.hub!.id).toBe(world.endpoints.hub!.id);
    expect(config.endpoints.hub!.vpc).toBe(world.endpoints.hub!.vpc);
    for (const [alias, role] of Object.entries(config.roles))
      expect(world.roles[alias]?.arn, alias).toBe(role.arn);
    for (const [alias, api] of Object.entries(config.apis)) {
      expect(world.apis[alias], alias).toMatchObject({ id: api.id, account: api.account });
      expect(world.apis[alias]!.stages).toContain(api.stage);
    }
    expect(config.organization?.id).toBe(world.organization?.id);
  });

  // The examples' config states each API's routes (diff reads an API stating none as of unknown
  // types): they are the demo world's, types included, as a run would check them.
  it("the examples' config states the routes the demo world deploys", () => {
    const examples = loadConfig(
      fileURLToPath(new URL('../../examples/spokegate.config.yaml', import.meta.url)),
    );
    for (const [alias, api] of Object.entries(examples.apis)) {
      const deployed = world.apis[alias]!.routes;
      expect(api.routes, alias).toBeDefined();
      expect(
        deploymentProblem(examples, alias, api.stage, deployed, 'the demo world'),
        alias,
      ).toBeUndefined();
    }
  });
});

describe('world errors', () => {
  it('names the file, the line and the field of a schema error', () => {
    const file = worldWith((t) =>
      t.replace("account: '333333333333'\n    stages", "account: '33333'\n    stages"),
    );
    const e = errorOf(() => loadWorld(file));
    expect(e.where.file).toBe(file);
    expect(e.where.field).toBe('apis.payments.account');
    expect(e.message).toMatch(/12-digit AWS account id/);
    // The line is the payments API's account line.
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[e.where.line! - 1]).toContain("account: '33333'");
  });

  it('refuses unknown keys, bad fault values and accounts that are not listed', () => {
    expect(
      errorOf(() => loadWorld(worldWith((t) => t.replace('seed: 1', 'seed: 1\ncolour: red')))).message,
    ).toMatch(/colour/);
    const faults = errorOf(() =>
      loadWorld(
        worldWith((t) =>
          t.replace(
            '    vpcEndpointIds: [vpce-0fedcba9876543210]\n',
            '    vpcEndpointIds: [vpce-0fedcba9876543210]\n    faults: { throttlePercent: 150 }\n',
          ),
        ),
      ),
    );
    expect(faults.where.field).toBe('apis.legacy.faults.throttlePercent');
    const unlisted = errorOf(() =>
      loadWorld(worldWith((t) => t.replace("  '999999999999': { name: partner }\n", ''))),
    );
    expect(unlisted.where.field).toBe('roles.PartnerRole.arn');
    expect(unlisted.message).toMatch(/999999999999 is not listed under accounts/);
  });

  it('names the policy field when a policy does not compile', () => {
    const file = worldWith((t) =>
      t.replace(
        'Sid: AllowHealthChecks\n          Effect: Allow',
        'Sid: AllowHealthChecks\n          Effect: Perhaps',
      ),
    );
    const e = errorOf(() => new SandboxState(loadWorld(file), 1));
    expect(e.where.field).toBe('endpoints.hub.policy');
    expect(e.where.file).toBe(file);
  });

  it('names the field when a policy file is missing', () => {
    const e = errorOf(
      () =>
        new SandboxState(
          loadWorld(worldWith((t) => t.replace('policies/invoke-prod.json', 'policies/nope.json'))),
          1,
        ),
    );
    expect(e.where.field).toBe('roles.CheckoutRole.policies.InvokeProd');
    expect(e.message).toMatch(/policies\/nope\.json cannot be read/);
  });

  it('says when the file is missing', () => {
    expect(errorOf(() => loadWorld(join(dir, 'nope.yaml'))).message).toMatch(/not found/);
  });
});

describe('policies AWS would refuse (issue 11 item 6)', () => {
  it('the sandbox refuses a world whose endpoint policy has a statement without Principal', () => {
    const world = loadWorld(WORLD_FILE);
    const ep = Object.values(world.endpoints)[0]!;
    ep.policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoWho', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
    };
    const e = errorOf(() => new SandboxState(world, 1));
    expect(e.message).toMatch(/Statement\[0\] \(Sid "NoWho"\) Principal.*SG001/);
  });
});

describe('authorizers and canaries (issue 10): what API Gateway would refuse, the world refuses', () => {
  const ordersRoute = `      - { method: GET, path: '/orders/{id}' }`;
  const withRoute = (route: string) => worldWith((t) => t.replace(ordersRoute, route));
  const fieldOf = (file: string) => errorOf(() => loadWorld(file)).where?.field;
  it('a CUSTOM route names a Lambda authorizer of its API; a COGNITO_USER_POOLS route a Cognito one', () => {
    expect(
      fieldOf(withRoute(`      - { method: GET, path: '/orders/{id}', authorizationType: CUSTOM }`)),
    ).toBe('apis.orders.routes.3.authorizer');
    const authorizers = `\n    authorizers: { pool: { type: COGNITO_USER_POOLS, decision: allow }, fn: { type: TOKEN, decision: deny } }`;
    const typed = (type: string, name: string) =>
      worldWith((t) =>
        t
          .replace(
            ordersRoute,
            `      - { method: GET, path: '/orders/{id}', authorizationType: ${type}, authorizer: ${name} }`,
          )
          .replace(/(\n {2}orders:\n)/, `$1${authorizers.slice(1)}\n`),
      );
    expect(fieldOf(typed('CUSTOM', 'pool'))).toBe('apis.orders.routes.3.authorizer');
    expect(fieldOf(typed('COGNITO_USER_POOLS', 'fn'))).toBe('apis.orders.routes.3.authorizer');
    expect(fieldOf(typed('AWS_IAM', 'fn'))).toBe('apis.orders.routes.3.authorizer');
    const ok = loadWorld(typed('CUSTOM', 'fn'));
    expect(ok.apis.orders!.routes[3]).toMatchObject({ authorizationType: 'CUSTOM', authorizer: 'fn' });
  });
  it('a resource has one variable child: {id} beside {orderId}, or a canary route beside it, is refused (§46)', () => {
    const renamed = worldWith((t) =>
      t.replace(
        `      - { method: DELETE, path: '/orders/{id}' }`,
        `      - { method: DELETE, path: '/orders/{orderId}' }`,
      ),
    );
    const e = errorOf(() => loadWorld(renamed));
    expect(e.where?.field).toBe('apis.orders.routes.4.path');
    expect(e.message).toMatch(/\{orderId\}.*\{id\}.*only one is allowed/);
    const canary = worldWith((t) =>
      t.replace(
        /(\n {2}orders:\n)/,
        `$1    canaries: { prod: { percentTraffic: 10, routes: [{ method: GET, path: '/{a}' }, { method: GET, path: '/{b}/c' }] } }\n`,
      ),
    );
    expect(fieldOf(canary)).toBe('apis.orders.canaries.prod.routes.1.path');
  });
  it('a Cognito authorizer cannot answer deny (it returns no policy); a canary belongs to a stage', () => {
    const cognitoDeny = worldWith((t) =>
      t.replace(
        /(\n {2}orders:\n)/,
        `$1    authorizers: { pool: { type: COGNITO_USER_POOLS, decision: deny } }\n`,
      ),
    );
    expect(fieldOf(cognitoDeny)).toBe('apis.orders.authorizers.pool.decision');
    const canary = worldWith((t) =>
      t.replace(
        /(\n {2}orders:\n)/,
        `$1    canaries: { beta: { percentTraffic: 10, routes: [{ method: GET, path: /orders }] } }\n`,
      ),
    );
    expect(fieldOf(canary)).toBe('apis.orders.canaries.beta');
  });
});
