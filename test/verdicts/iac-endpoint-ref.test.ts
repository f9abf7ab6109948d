// Issue 10 (L10D): a CloudFormation template given as an API's resource policy that also defines an
// execute-api endpoint. `Ref` to that endpoint was bound to the DEFAULT endpoint's id whatever the
// endpoint was: the ledger's `Deny unless aws:SourceVpce = !Ref EdgeEndpoint` read "unless through
// hub", so a call through hub was predicted allowed where AWS refuses it. A template's endpoint is
// the config's endpoint whose `vpc` is its VpcId (one execute-api endpoint per VPC is the config's
// to say), or, for an endpoint's own policy file, that endpoint; otherwise `Ref` to it is exit 2
// naming the setting. Also: `diff --before/--after` with templates whose one RestApi is not named
// like the config's one API resolved its `${AWS::AccountId}` in the default endpoint's account.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { runCli } from '../cli-in-process.js';
import { auditorWorldWith, copyAuditorWorld, withOfflineRun } from './auditor-world.js';
import { CFN_HEAD, cfnInvoke, cfnPrivateRestApi } from './cfn-templates.js';

/** The ledger's resource policy, deployed with an endpoint in the VPC `vpc`: only through it. */
const ledgerWithEndpoint = (vpc: string) => `${CFN_HEAD}  EdgeEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: !Sub 'com.amazonaws.\${AWS::Region}.execute-api'
      VpcId: ${vpc}
      VpcEndpointType: Interface
${cfnPrivateRestApi('LedgerApi', 'ledger-rest', [
  cfnInvoke('Allow', 'execute-api:/*'),
  cfnInvoke('Deny', 'execute-api:/*', {
    sid: 'OnlyThroughEdge',
    condition: `            Condition:
              StringNotEquals:
                aws:SourceVpce: !Ref EdgeEndpoint
`,
  }),
])}`;

const call = async (ctx: RunContext, endpoint: string | undefined, path = '/entries') =>
  (
    await ctx.call({
      role: 'OpsRole',
      api: 'ledger',
      method: 'GET',
      path,
      scenario: 'x',
      ...(endpoint ? { endpoint } : {}),
    })
  ).cell.predicted;

describe('Ref to an endpoint a resource-policy template defines', () => {
  it('is the config endpoint in its VPC (edge), not the default endpoint (hub)', async () => {
    const { file, config } = auditorWorldWith(
      'iac-endpoint-ref',
      'ledger.cfn.yaml',
      ledgerWithEndpoint('vpc-0e2e2e2e2e2e2e2e2'),
    );
    await withOfflineRun(config, { resourcePolicyFiles: { ledger: file } }, async (ctx) => {
      // Through hub (the default endpoint): the ledger's Deny refuses it.
      expect(await call(ctx, undefined)).toMatchObject({
        decision: 'deny',
        layer: 'resource',
        detail: 'ExplicitDeny',
      });
      const policy = (await ctx.policies.api('ledger')).resourcePolicy!;
      expect(policy.text).toContain('vpce-0e2e2e2e2e2e2e2e2');
      expect(policy.text).not.toContain('vpce-0a1a1a1a1a1a1a1a1');
    });
  });

  it('in a VPC no configured endpoint is in: exit 2 naming the Ref, the line and the setting', async () => {
    const { file, config } = auditorWorldWith(
      'iac-endpoint-ref',
      'ledger.cfn.yaml',
      ledgerWithEndpoint('vpc-0f0f0f0f0f0f0f0f0'),
    );
    const made = withOfflineRun(config, { resourcePolicyFiles: { ledger: file } }, (ctx) =>
      call(ctx, undefined),
    );
    await expect(made).rejects.toThrow(/Ref EdgeEndpoint[^]*endpoints\.ALIAS\.vpc/);
  });
});

/** A RestApi not named like the config's API, whose policy denies DELETE in its own account. */
const ledgerTemplate = (denyDelete: boolean) =>
  CFN_HEAD +
  cfnPrivateRestApi('BooksApi', 'books-of-account', [
    cfnInvoke('Allow', "!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*'"),
    ...(denyDelete
      ? [
          cfnInvoke('Deny', "!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/DELETE/*'", {
            sid: 'NoDelete',
          }),
        ]
      : []),
  ]);

describe('diff --before/--after: the one RestApi of a template is the config’s one API, in its account', () => {
  it('removing a Deny on DELETE in the API’s own account (222…) is new access (exit 1)', async () => {
    const dir = copyAuditorWorld('iac-one-api');
    const configFile = join(dir, 'spokegate.config.yaml');
    const c = parse(readFileSync(configFile, 'utf8'));
    c.apis = { ledger: c.apis.ledger };
    writeFileSync(configFile, stringify(c));
    writeFileSync(join(dir, 'before.yaml'), ledgerTemplate(true));
    writeFileSync(join(dir, 'after.yaml'), ledgerTemplate(false));
    const r = await runCli(
      [
        'diff',
        '--config',
        configFile,
        '--before',
        'before.yaml',
        '--after',
        'after.yaml',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    const doc = JSON.parse(r.out) as {
      classes: { change: string; witness: { method: string; path: string } }[];
    };
    const grants = doc.classes.filter((g) => g.change === 'grant');
    expect(grants.length, r.err).toBeGreaterThan(0);
    // Every grant is a request the Deny matched: a DELETE, or (a `*` spans slashes) a path holding
    // `/DELETE/`.
    expect(grants.filter((g) => !`${g.witness.method} ${g.witness.path}`.includes('DELETE'))).toEqual([]);
    expect(r.code).toBe(1);
  });
});
