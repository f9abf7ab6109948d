// Issue 10 (auditor pass H10B): aws:PrincipalOrgPaths in the proofs. A principal's organization path
// begins with its own organization's id (`o-…/r-…/ou-…/`), it is present exactly when the principal
// is in an organization, and an account whose path the config states (`orgPaths`) carries that
// path (docs/aws-behaviour.md, aws:PrincipalOrgPaths). The proofs treated the path as free of the
// organization: "no principal outside the organization can pass the endpoint" failed over an
// endpoint that admits only paths under our organization, with the witness account 333333333333
// (stated in o-0ther0rg99) carrying a path of o-aud1tor0rg, and "lets through only" named account
// 111111111111 under an OU the config says it is not in.
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { letsThroughOnly, noOutsiderPasses } from '../../src/harness/proofs.js';
import { copyAuditorWorld, editPolicy } from './auditor-world.js';

const OU1 = 'o-aud1tor0rg/r-ab12/ou-ab12-11111111/';
const OU2 = 'o-aud1tor0rg/r-ab12/ou-ab12-22222222/';

/** The auditor world whose hub admits anyone whose organization path is like `pattern`. */
async function hubByPath(pattern: string, orgPaths?: Record<string, string>): Promise<RunContext> {
  const dir = copyAuditorWorld('org-paths');
  editPolicy(dir, 'hub-endpoint.json', (d) => {
    d.Statement = [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': pattern } },
      },
    ];
  });
  const file = join(dir, 'spokegate.config.yaml');
  if (orgPaths) writeFileSync(file, `${readFileSync(file, 'utf8')}\norgPaths: ${JSON.stringify(orgPaths)}\n`);
  return RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
}

describe('a path under our organization is a member of it', () => {
  it('"no principal outside the organization can pass the endpoint" passes over o-aud1tor0rg/*', async () => {
    const ctx = await hubByPath('o-aud1tor0rg/*');
    try {
      const r = await noOutsiderPasses(ctx, undefined, 's');
      expect(r.message).toMatch(/nobody outside o-aud1tor0rg/);
      expect(r.ok).toBe(true);
    } finally {
      ctx.close();
    }
  });

  it('"lets through only" our two stated accounts fails on an account whose organization is not stated, never on 333333333333 (another organization)', async () => {
    const ctx = await hubByPath('o-aud1tor0rg/*');
    try {
      const r = await letsThroughOnly(ctx, undefined, ['111111111111', '222222222222'], 's');
      expect(r.ok).toBe(false);
      expect(r.message).not.toMatch(/witness: arn:aws:iam::333333333333|PrincipalOrgID=o-0ther0rg99/);
    } finally {
      ctx.close();
    }
  });
});

describe('an account whose path the config states carries that path', () => {
  it('an endpoint that admits one OU never lets through the account the config puts in another', async () => {
    const ctx = await hubByPath(`${OU2}*`, { '111111111111': OU1, '222222222222': OU2 });
    try {
      const r = await letsThroughOnly(ctx, undefined, ['222222222222'], 's');
      // Accounts whose organization is not stated may be under that OU: not exactly 222222222222.
      expect(r.ok).toBe(false);
      expect(r.message).not.toMatch(/witness: arn:aws:iam::(111111111111|333333333333)/);
    } finally {
      ctx.close();
    }
  });
});
