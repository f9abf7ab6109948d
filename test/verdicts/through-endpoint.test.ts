// Issue 10 item 2: "through ENDPOINT" is where the request went. The runner resolves private DNS in
// one VPC; an endpoint elsewhere is pinned by its own DNS name, and private-dns for it is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseWorld } from '../../src/config/index.js';
import { demoCopy, readMatrix, spokegateHere } from '../harness/helpers.js';

const DR = { id: 'vpce-0abcabcabcabcabc1', account: '111111111111', vpc: 'vpc-0dd44ee55ff66aa77' };

function configWith(endpoints: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-through-'));
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(file, stringify({ region: 'us-west-2', endpoints, roles: {}, apis: {}, ...extra }));
  return file;
}

describe('the config pins each endpoint', () => {
  const hub = { id: 'vpce-0123456789abcdef0', vpc: 'vpc-0aa11bb22cc33dd44' };
  it('an endpoint outside the runner VPC is addressed by its own DNS name by default', () => {
    const c = loadConfig(configWith({ hub, dr: DR }));
    expect(c.endpoints.hub!.addressing).toBe('private-dns');
    expect(c.endpoints.dr!.addressing).toBe('endpoint-host');
  });
  it('private-dns forced for an endpoint outside the runner VPC is exit 2 naming it and the fix', () => {
    expect(() => loadConfig(configWith({ hub, dr: { ...DR, addressing: 'private-dns' } }))).toThrow(
      /endpoints\.dr\.addressing: endpoint "dr" is in vpc-0dd44ee55ff66aa77, but the runner resolves private DNS names in vpc-0aa11bb22cc33dd44.*endpoint-host/,
    );
  });
  it('runner.vpc says where the runner is', () => {
    const c = loadConfig(configWith({ hub, dr: DR }, { runner: { vpc: DR.vpc } }));
    expect(c.endpoints.hub!.addressing).toBe('endpoint-host');
    expect(c.endpoints.dr!.addressing).toBe('private-dns');
  });
  it('two endpoints addressed by private DNS in one VPC are refused', () => {
    expect(() =>
      loadConfig(configWith({ hub, dr: { ...DR, vpc: hub.vpc, addressing: 'private-dns' } })),
    ).toThrow(/endpoints\.dr\.addressing: endpoints "hub" and "dr" are both addressed by private DNS/);
  });
});

describe('the world refuses two private-DNS endpoints in one VPC, as AWS does', () => {
  it('names the field', () => {
    const world = parse(readFileSync(join(demoCopy(), 'world.yaml'), 'utf8'));
    world.endpoints.dr = { ...DR, vpc: world.endpoints.hub.vpc, privateDns: true };
    expect(() => parseWorld(world, 'world.yaml')).toThrow(
      /endpoints\.dr\.privateDns: endpoints "hub" and "dr" both have private DNS in vpc-0aa11bb22cc33dd44/,
    );
  });
});

/**
 * Runs `scenarios` in a copy of the demo whose world adds hub-dr (outside the runner VPC, denying
 * everybody) and whose config names hub-dr as `drConfig`; `world` edits the world further.
 */
async function runWithDr(
  drConfig: object,
  scenarios: string[],
  world: (w: Record<string, any>) => void = () => {},
) {
  const denyAll = [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }];
  const dir = demoCopy({
    world: (w) => {
      world(w);
      w.endpoints['hub-dr'] = {
        ...DR,
        privateDns: false,
        policy: { Version: '2012-10-17', Statement: denyAll },
      };
    },
  });
  const cfgFile = join(dir, 'spokegate.config.yaml');
  const cfg = parse(readFileSync(cfgFile, 'utf8'));
  cfg.endpoints['hub-dr'] = drConfig;
  writeFileSync(cfgFile, stringify(cfg));
  const feature = join(dir, 'dr.feature');
  writeFileSync(feature, ['Feature: two endpoints', ...scenarios, ''].join('\n'));
  const reports = mkdtempSync(join(tmpdir(), 'spokegate-through-r-'));
  return { res: await spokegateHere(['run', feature, '--config', cfgFile, '--reports', reports]), reports };
}

describe('a call through a second endpoint reaches that endpoint (sandbox)', () => {
  it('the second endpoint’s own policy decides, not the first one’s', async () => {
    // hub-dr lets nobody through; hub lets CheckoutRole through. Through hub-dr must be denied.
    const { res, reports } = await runWithDr(DR, [
      '  Scenario: Checkout through the DR endpoint',
      '    When "CheckoutRole" calls GET /orders on "orders" through "hub-dr"',
      '    Then the call is denied by the endpoint policy',
      '  Scenario: Checkout through the hub',
      '    When "CheckoutRole" calls GET /orders on "orders" through "hub"',
      '    Then the call is allowed',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const cells = readMatrix(reports).cells;
    expect(cells.find((c: any) => c.endpoint === 'hub-dr')).toMatchObject({
      verdict: 'pass',
      observed: { outcome: 'denied', reason: 'endpoint-policy' },
    });
    expect(cells.find((c: any) => c.endpoint === 'hub')).toMatchObject({ verdict: 'pass' });
  });
});

describe('the sandbox says which endpoint each request came through, and the harness checks it', () => {
  it('a call "through hub-dr" that reaches hub is an error, never the hub’s allow', async () => {
    // The config's hub-dr names the hub's DNS name (a copy-paste slip): every call "through hub-dr"
    // reaches hub, whose policy allows CheckoutRole while hub-dr's denies everybody.
    const HUB_DNS = 'vpce-0123456789abcdef0-hubdns01.execute-api.us-west-2.vpce.amazonaws.com';
    const { res, reports } = await runWithDr(
      { ...DR, dnsName: HUB_DNS },
      [
        '  Scenario: Checkout through the DR endpoint',
        '    When "CheckoutRole" calls GET /orders on "orders" through "hub-dr"',
        '    Then the call is allowed',
      ],
      (w) => (w.endpoints.hub.dnsNames = [HUB_DNS]),
    );
    expect(res.code, res.stderr).toBe(3);
    const [cell] = readMatrix(reports).cells;
    expect(cell).toMatchObject({
      endpoint: 'hub-dr',
      verdict: 'error',
      observed: { outcome: 'error', reason: 'wrong-endpoint' },
    });
    expect(cell.observed.message).toMatch(
      /the request came through vpce-0123456789abcdef0 \("hub"\), not through "hub-dr" \(vpce-0abcabcabcabcabc1\)/,
    );
  });
});
