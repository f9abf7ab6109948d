// Issue 10 (auditor pass H10B): a CloudFormation template's `${AWS::AccountId}` is the account of the
// stack that deploys it. A resource policy given for an API (`--resource-policy ledger=FILE`, or
// `apis.ledger.resourcePolicy`) is deployed with that API, in the API's account; spokegate resolved
// it in the default endpoint's account (the template's RestApi not named like the alias), so the
// ledger's own `Allow … ${AWS::AccountId}:*/*` named the hub's account: a call the policy allows was
// predicted denied (a "Then the call is denied" would have passed offline). An endpoint whose account
// the config does not state resolved it as 123456789012, a guess; that is now bad input naming
// `endpoints.ALIAS.account`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { runCli } from '../cli-in-process.js';
import { auditorWorldWith, copyAuditorWorld, withOfflineRun } from './auditor-world.js';
import { CFN_HEAD, cfnInvoke, cfnPrivateRestApi } from './cfn-templates.js';

const LEDGER_TEMPLATE =
  CFN_HEAD +
  cfnPrivateRestApi('LedgerApi', 'ledger-rest', [
    cfnInvoke('Allow', "!Sub 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*/*'"),
    cfnInvoke('Deny', "!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/DELETE/*'"),
  ]);

/** The hub's endpoint policy as a template: the endpoint's own account's principals only. */
const HUB_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  HubEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: !Sub 'com.amazonaws.\${AWS::Region}.execute-api'
      VpcId: vpc-0a1a1a1a1a1a1a1a1
      VpcEndpointType: Interface
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: execute-api:Invoke
            Resource: '*'
`;

const call = async (ctx: RunContext, role: string, method: string, path: string) =>
  (await ctx.call({ role, api: 'ledger', method, path, scenario: 'x' })).cell.predicted;

describe('a CloudFormation resource policy resolves ${AWS::AccountId} in its API’s account', () => {
  it('--resource-policy ledger=TEMPLATE: the ledger’s own account (222222222222), never the hub’s', async () => {
    const { file, config } = auditorWorldWith('iac-accounts', 'ledger.cfn.yaml', LEDGER_TEMPLATE);
    await withOfflineRun(config, { resourcePolicyFiles: { ledger: file } }, async (ctx) => {
      // The hub lets 111's OpsRole through (our organization); ledger's Allow names 222's APIs and
      // OpsRole's identity policy allows every Invoke (cross account: both must).
      expect(await call(ctx, 'OpsRole', 'GET', '/entries')).toMatchObject({ decision: 'allow' });
      // The Deny names 222's DELETEs: an explicit deny, not a silent implicit one.
      expect(await call(ctx, 'OpsRole', 'DELETE', '/entries/1')).toMatchObject({
        decision: 'deny',
        layer: 'resource',
        detail: 'ExplicitDeny',
      });
    });
  });
});

describe('an endpoint policy template whose endpoint account the config does not state', () => {
  it('is bad input naming endpoints.hub.account, never resolved in a made-up account', async () => {
    const { file, config } = auditorWorldWith('iac-accounts', 'hub.cfn.yaml', HUB_TEMPLATE);
    delete config.endpoints.hub!.account;
    const made = withOfflineRun(config, { endpointPolicyFiles: { hub: file } }, (ctx) =>
      call(ctx, 'OpsRole', 'GET', '/entries'),
    );
    await expect(made).rejects.toThrow(/AWS::AccountId[^]*endpoints\.hub\.account/);
  });

  it('with endpoints.hub.account stated, the template names that account', async () => {
    const { file, config } = auditorWorldWith('iac-accounts', 'hub.cfn.yaml', HUB_TEMPLATE);
    await withOfflineRun(config, { endpointPolicyFiles: { hub: file } }, async (ctx) => {
      // 111's OpsRole passes the hub (its account), 222's LedgerRole does not.
      expect(await call(ctx, 'OpsRole', 'GET', '/entries')).toMatchObject({ decision: 'allow' });
      expect(await call(ctx, 'LedgerRole', 'GET', '/entries')).toMatchObject({
        decision: 'deny',
        layer: 'endpoint',
      });
    });
  });
});

describe('diff: the config’s resource policy template of an API is resolved in that API’s account', () => {
  it('a change that lets OpsRole through the hub is a grant on ledger too (its template allows 222’s APIs)', async () => {
    const dir = copyAuditorWorld('iac-accounts');
    writeFileSync(join(dir, 'ledger.cfn.yaml'), LEDGER_TEMPLATE);
    const config = join(dir, 'spokegate.config.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        'resourcePolicy: policies/ledger-resource.json',
        'resourcePolicy: ledger.cfn.yaml',
      ),
    );
    const hub = JSON.parse(readFileSync(join(dir, 'policies', 'hub-endpoint.json'), 'utf8'));
    writeFileSync(join(dir, 'after.json'), JSON.stringify(hub));
    hub.Statement.push({
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/ops/OpsRole' },
      Action: 'execute-api:Invoke',
      Resource: '*',
    });
    writeFileSync(join(dir, 'before.json'), JSON.stringify(hub));
    const r = await runCli(
      ['diff', '--config', config, '--before', 'before.json', '--after', 'after.json', '--format', 'json'],
      {
        cwd: dir,
      },
    );
    const grants = JSON.parse(r.out).changes.map((c: any) => `${c.role} ${c.api} ${c.before}->${c.after}`);
    expect(grants).toEqual([
      'OpsRole ledger deny->allow',
      'OpsRole partner deny->allow',
      'OpsRole vault deny->allow',
    ]);
  });
});
