// The demo config with an endpoint policy that admits our organization only, a spoke role in an
// account the config may or may not place in an organization, and every other layer allowing
// everything (stated, so offline nothing else is unknown): the organization tests decide on it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, type Config } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { allowInvokePolicy, DEMO } from '../harness/helpers.js';

export const ORG = 'o-a1b2c3d4e5';
/** The endpoint lets through any principal of our organization, and nobody else. */
export const ORG_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OurOrganization',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    },
  ],
};

/** ORG_POLICY with its one statement's condition replaced by `condition`. */
export const orgPolicyWhere = (condition: Record<string, unknown>) => ({
  ...ORG_POLICY,
  Statement: [{ ...ORG_POLICY.Statement[0]!, Condition: condition }],
});

/** The demo config plus a spoke role in account 555555555555, edited by `edit`, its hub policy `policy`. */
export function orgConfig(
  edit: (c: Record<string, any>) => void = () => undefined,
  policy: object = ORG_POLICY,
): Config {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-orgs-'));
  const c = parse(readFileSync(join(DEMO, 'spokegate.config.yaml'), 'utf8'));
  writeFileSync(join(dir, 'allow-resource.json'), JSON.stringify(allowInvokePolicy(true)));
  writeFileSync(join(dir, 'allow-identity.json'), JSON.stringify(allowInvokePolicy(false)));
  for (const r of Object.values<any>(c.roles)) r.identityPolicies = ['allow-identity.json'];
  for (const a of Object.values<any>(c.apis)) a.resourcePolicy = 'allow-resource.json';
  c.roles.SpokeRole = {
    arn: 'arn:aws:iam::555555555555:role/SpokeRole',
    identityPolicies: ['allow-identity.json'],
  };
  edit(c);
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(policy));
  c.endpoints.hub.policy = 'hub.json';
  delete c.sandbox;
  writeFileSync(join(dir, 'spokegate.config.yaml'), stringify(c));
  return loadConfig(join(dir, 'spokegate.config.yaml'));
}

/** `use` given an offline run of `cfg`; the run is closed after, whatever happens. */
export async function offline<T>(cfg: Config, use: (ctx: RunContext) => Promise<T>): Promise<T> {
  const ctx = await RunContext.create({ mode: 'offline', config: cfg, env: {} });
  try {
    return await use(ctx);
  } finally {
    ctx.close();
  }
}

/** The cell of `role`'s GET /items on inventory, offline, expected denied. */
export const predictItems = (cfg: Config, role: string) =>
  offline(cfg, async (ctx) => {
    const { cell } = await ctx.call(
      { role, api: 'inventory', method: 'GET', path: '/items', scenario: 's' },
      'deny',
    );
    return cell;
  });
