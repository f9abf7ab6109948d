// Issue 10 (auditor pass H10B): aws:SourceVpc is the VPC of the endpoint a call comes through
// (docs/aws-behaviour.md §3: present for private APIs, any auth type). The config may leave an
// endpoint's `vpc` out; the predictions then left the key out of the request, and the standard
// resource-policy guard "Deny unless aws:SourceVpc is the hub's VPC" denied every call: offline,
// "Then the call is denied" passed for a call AWS allows. The VPC is a fact the config does not
// state: a decision that depends on it is unknown, naming endpoints.X.vpc.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { expectOutcome } from '../../src/harness/scenario.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { copyAuditorWorld, editPolicy } from './auditor-world.js';

const HUB_VPC = 'vpc-0a1a1a1a1a1a1a1a1';
let dir: string;
beforeAll(() => {
  dir = copyAuditorWorld('source-vpc');
  editPolicy(dir, 'ledger-resource.json', (doc) => {
    doc.Statement.push({
      Sid: 'OnlyFromTheHubVpc',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpc': HUB_VPC } },
    });
  });
});

const offline = async (dropVpc: boolean) => {
  const config = loadConfig(join(dir, 'spokegate.config.yaml'));
  if (dropVpc) delete (config.endpoints.hub as { vpc?: string }).vpc;
  return RunContext.create({ mode: 'offline', config, env: {} });
};
const call = (ctx: RunContext) =>
  ctx.call({ role: 'DeployCI', api: 'ledger', method: 'GET', path: '/', scenario: 'source vpc' });

describe('aws:SourceVpc when the config does not state the endpoint’s VPC', () => {
  it('stated: DeployCI’s GET / on ledger through the hub is allowed (the hub is in that VPC)', async () => {
    expect((await call(await offline(false))).cell.predicted).toMatchObject({ decision: 'allow' });
  });

  it('unstated: unknown, naming endpoints.hub.vpc; neither expectation passes', async () => {
    const ctx = await offline(true);
    const draft = await call(ctx);
    expect(draft.cell.predicted?.decision).toBe('unknown');
    expect(draft.cell.predicted?.explanation.join('\n')).toMatch(/endpoints\.hub\.vpc/);
    expect(expectOutcome(draft, 'deny').ok).toBe(false);
    expect(expectOutcome(await call(ctx), 'allow').ok).toBe(false);
  });

  it('unstated, but a policy that does not look at it: decided (partner has no such guard)', async () => {
    const ctx = await offline(true);
    const draft = await ctx.call({
      role: 'OpsRole',
      api: 'partner',
      method: 'GET',
      path: '/',
      scenario: 'x',
    });
    expect(draft.cell.predicted).toMatchObject({ decision: 'allow' });
  });
});

// who-can and the proofs took the key as absent too: ledger's guard then refused every request, and
// "no principal outside the organization can reach ledger" passed although anyone reaches its
// health check (hub[2], ledger[2]) from the hub's VPC.
describe('the proofs when the config does not state the endpoint’s VPC', () => {
  it('"no principal outside the organization can reach ledger" fails, as it does with the VPC stated (auditor P07)', async () => {
    const r = await noOutsiderReaches(await offline(true), 'ledger', undefined, 'P');
    expect(r.ok, r.message).toBe(false);
    expect(r.message).toMatch(/GET \/health/);
  });
});

// The VPCs to decide with were each pattern with `*` deleted and `?` as 0: for two patterns that
// only a longer value matches at once (`vpc-1*` and `*9`: vpc-19), no sample matched both, so a
// Deny needing both was never seen and the call read as allowed where a VPC like vpc-19 is denied.
// The samples are now one VPC per combination of patterns some value matches (witnesses.ts).
describe('aws:SourceVpc patterns that only a longer value matches together', () => {
  it('unstated: unknown, not allowed by three samples that each miss the Deny', async () => {
    const both = copyAuditorWorld('source-vpc-both');
    editPolicy(both, 'ledger-resource.json', (doc) => {
      doc.Statement.push({
        Sid: 'NotFromVpcsLike19',
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: {
          StringLike: { 'aws:SourceVpc': 'vpc-1*' },
          'ForAnyValue:StringLike': { 'aws:SourceVpc': '*9' },
        },
      });
    });
    const config = loadConfig(join(both, 'spokegate.config.yaml'));
    expect(
      (await call(await RunContext.create({ mode: 'offline', config, env: {} }))).cell.predicted,
    ).toMatchObject({ decision: 'allow' });
    delete (config.endpoints.hub as { vpc?: string }).vpc;
    const draft = await call(await RunContext.create({ mode: 'offline', config, env: {} }));
    expect(draft.cell.predicted?.decision).toBe('unknown');
    expect(draft.cell.predicted?.explanation.join('\n')).toMatch(/endpoints\.hub\.vpc/);
  });
});
