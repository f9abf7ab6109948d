// One engine for the sandbox and the prediction (docs/aws-behaviour.md §34): a negated Arn operator over
// a principal tag that is no ARN is a request AWS's pages leave open. Before 2026-12-02 both sides read
// it as true (the Deny applied), so the cell passed on a shared guess; now neither decides it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunContext } from '../../src/harness/context.js';
import { loadWorld } from '../../src/config/world.js';
import { demoCopy } from '../harness/helpers.js';
import { apiHost, assume, invoke, newState } from '../sandbox/helpers.js';
import { offlineDemo } from './helpers.js';

// (A run refuses such a call with exit 2, the prediction's PolicyError, before the wire is asked.)
// ReportingRole carries team=analytics in the demo's world and config alike; its identity policy file
// is shared by both, so the Deny below reaches the sandbox's IAM and the offline prediction.
const GET_ONLY_WITH_ARN_DENY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadOnly',
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/*',
    },
    {
      Sid: 'OnlyFromRoles',
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalTag/team': 'arn:aws:iam::*:role/*' } },
    },
  ],
};
const call = { role: 'ReportingRole', api: 'orders', method: 'GET', path: '/orders', scenario: 's' };

describe('ArnNotLike over a principal tag that is no ARN', () => {
  const dir = demoCopy();
  writeFileSync(join(dir, 'policies/invoke-get-only.json'), JSON.stringify(GET_ONLY_WITH_ARN_DENY));

  it('the sandbox decides nothing: its IAM refuses to decide the call (a throw its server answers 500)', async () => {
    const s = newState(loadWorld(join(dir, 'world.yaml')));
    const creds = await assume(s, 'ReportingRole');
    await expect(invoke(s, { path: '/prod/orders', host: apiHost('a1b2c3d4e5'), creds })).rejects.toThrow(
      /Sid "OnlyFromRoles".*"analytics" is not an ARN.*rule SG000/,
    );
  });

  it('the offline prediction refuses the call the same way, naming the policy file and statement', async () => {
    const config = offlineDemo((c) => {
      c.roles.ReportingRole.identityPolicies = [join(dir, 'policies/invoke-get-only.json')];
    });
    const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
    await expect(ctx.call(call, 'deny')).rejects.toThrow(
      /invoke-get-only\.json: Statement\[1\] \(Sid "OnlyFromRoles"\).*rule SG000/,
    );
  });
});
