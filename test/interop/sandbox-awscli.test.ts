// The AWS CLI (v1, an independent client) against the sandbox: with --endpoint-url and
// --ca-bundle, and with nothing but the export block in the environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { WORLD_FILE, wrongSecret } from '../sandbox/helpers.js';
import {
  cleanEnv,
  findAws,
  findFaketime,
  run,
  SKIP,
  startAwsCli,
  TWENTY_MINUTES_AGO,
} from '../sandbox/interop/tools.js';

let sb: Sandbox;
let aws = 'aws';
let awsCli: ReturnType<typeof startAwsCli> | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  if (SKIP) return;
  aws = findAws();
  // One Python process runs the AWS CLI for every command here; the last test runs `aws` itself.
  awsCli = startAwsCli();
  sb = await startSandbox(WORLD_FILE);
  env = cleanEnv({
    AWS_ACCESS_KEY_ID: sb.env.AWS_ACCESS_KEY_ID!,
    AWS_SECRET_ACCESS_KEY: sb.env.AWS_SECRET_ACCESS_KEY!,
    AWS_DEFAULT_REGION: 'us-west-2',
  });
});
afterAll(async () => {
  awsCli?.close();
  await sb?.close();
});

const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
  const r = await awsCli!.run(
    [...args, '--endpoint-url', sb.url, '--ca-bundle', sb.caFile, '--output', 'json'],
    {
      ...env,
      ...extraEnv,
    },
  );
  return { ...r, json: r.code === 0 ? JSON.parse(r.stdout) : undefined };
};

describe('aws cli against the sandbox', () => {
  it('a wrong secret and a 20-minute-old date (faketime) are refused for the signature by STS and EC2, as AWS does', async () => {
    if (SKIP) return;
    const faketime = findFaketime();
    const args = (service: string[]) => [
      ...service,
      '--endpoint-url',
      sb.url,
      '--ca-bundle',
      sb.caFile,
      '--output',
      'json',
    ];
    const sts = ['sts', 'get-caller-identity'];
    const ec2 = ['ec2', 'describe-vpc-endpoints'];
    const wrong = { ...env, AWS_SECRET_ACCESS_KEY: wrongSecret(env.AWS_SECRET_ACCESS_KEY!) };
    const refused = (r: { code: number; stdout: string }) => {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe(''); // no answer printed: the request was refused
    };
    // Four AWS CLI commands at once (two in the shared driver, two under faketime). A wrong secret: STS
    // SignatureDoesNotMatch, EC2 AuthFailure (aws-behaviour.md §5b). Run 20 minutes in the past the
    // CLI signs with that date; the sandbox's clock is not moved.
    const [s1, e1, s2, e2] = await Promise.all([
      awsCli!.run(args(sts), wrong),
      awsCli!.run(args(ec2), wrong),
      run(faketime, [...TWENTY_MINUTES_AGO, aws, ...args(sts)], env),
      run(faketime, [...TWENTY_MINUTES_AGO, aws, ...args(ec2)], env),
    ]);
    for (const r of [s1!, e1!, s2!, e2!]) refused(r);
    expect(s1!.stderr).toMatch(
      /\(SignatureDoesNotMatch\).*The request signature we calculated does not match/,
    );
    expect(e1!.stderr).toMatch(/\(AuthFailure\)/);
    expect(s2!.stderr).toMatch(
      /\(SignatureDoesNotMatch\).*Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/,
    );
    expect(e2!.stderr).toMatch(/\(RequestExpired\)/);
  });

  it('sts get-caller-identity names the harness identity', async () => {
    if (SKIP) return;
    const r = await cli(['sts', 'get-caller-identity']);
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({
      UserId: 'AIDASANDBOXHARNESS01',
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/spokegate-harness',
    });
  });

  it('sts assume-role returns temporary credentials that the CLI can use, and AccessDenied where the trust policy says no', async () => {
    if (SKIP) return;
    const assumeAuditRole = (...more: string[]) =>
      cli([
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::111111111111:role/audit/AuditRole',
        '--role-session-name',
        'cli',
        ...more,
      ]);
    const r = await assumeAuditRole('--external-id', 'audit-2024', '--duration-seconds', '1200');
    expect(r.code).toBe(0);
    expect(r.json.AssumedRoleUser.Arn).toBe('arn:aws:sts::111111111111:assumed-role/AuditRole/cli');
    expect(r.json.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const c = r.json.Credentials;
    const me = await cli(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    });
    expect(me.json.Arn).toBe('arn:aws:sts::111111111111:assumed-role/AuditRole/cli');
    const denied = await assumeAuditRole(); // without the external id its trust policy asks for
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      '(AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/spokegate-harness is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/audit/AuditRole',
    );
    expect(sb.counters.assumeRole.AuditRole).toBe(1);
  });

  it('ec2 describe-vpc-endpoints returns the hub endpoint, its policy and DNS entries; filters work', async () => {
    if (SKIP) return;
    const r = await cli(['ec2', 'describe-vpc-endpoints', '--vpc-endpoint-ids', 'vpce-0123456789abcdef0']);
    expect(r.stderr).toBe('');
    const ep = r.json.VpcEndpoints[0];
    expect(ep).toMatchObject({
      VpcEndpointId: 'vpce-0123456789abcdef0',
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-0aa11bb22cc33dd44',
      ServiceName: 'com.amazonaws.us-west-2.execute-api',
      State: 'available',
      PrivateDnsEnabled: true,
      OwnerId: '111111111111',
    });
    expect(JSON.parse(ep.PolicyDocument)).toEqual(sb.world.endpoints.hub!.policy);
    expect(ep.DnsEntries.map((d: { DnsName: string }) => d.DnsName)).toContain(
      '*.execute-api.us-west-2.amazonaws.com',
    );
    const filtered = await cli([
      'ec2',
      'describe-vpc-endpoints',
      '--filters',
      'Name=service-name,Values=com.amazonaws.us-west-2.execute-api',
      'Name=vpc-id,Values=vpc-0aa11bb22cc33dd44',
    ]);
    expect(filtered.json.VpcEndpoints).toHaveLength(1);
    const none = await cli([
      'ec2',
      'describe-vpc-endpoints',
      '--filters',
      'Name=vpc-id,Values=vpc-00000000000000000',
    ]);
    expect(none.json.VpcEndpoints).toEqual([]);
    const missing = await cli([
      'ec2',
      'describe-vpc-endpoints',
      '--vpc-endpoint-ids',
      'vpce-0aaaaaaaaaaaaaaa1',
    ]);
    expect(missing.stderr).toContain('InvalidVpcEndpointId.NotFound');
  });

  it('apigateway get-rest-apis and get-rest-api return the world APIs with policy and endpoint configuration', async () => {
    if (SKIP) return;
    // The hub identity sees only its own account's APIs (none); another account's is NotFound.
    const hub = await cli(['apigateway', 'get-rest-apis']);
    expect([hub.stderr, hub.json.items]).toEqual(['', []]);
    expect((await cli(['apigateway', 'get-rest-api', '--rest-api-id', 'b2c3d4e5f6'])).stderr).toContain(
      'NotFoundException',
    );
    // The orders account's reader role sees that account's two APIs; the CLI follows `position`
    // through the world's 2-item pages.
    const assumed = await cli([
      'sts',
      'assume-role',
      '--role-arn',
      'arn:aws:iam::222222222222:role/spokegate-reader',
      '--role-session-name',
      'cli-reader',
    ]);
    const c = assumed.json.Credentials;
    const ordersReader = {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    };
    const r = await cli(['apigateway', 'get-rest-apis', '--page-size', '1'], ordersReader);
    expect(r.stderr).toBe('');
    expect(r.json.items.map((a: { id: string }) => a.id)).toEqual(['a1b2c3d4e5', 'd4e5f6a7b8']);
    const assumedPayments = (
      await cli([
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::333333333333:role/spokegate-reader',
        '--role-session-name',
        'cli-reader',
      ])
    ).json.Credentials;
    const paymentsReader = {
      AWS_ACCESS_KEY_ID: assumedPayments.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumedPayments.SecretAccessKey,
      AWS_SESSION_TOKEN: assumedPayments.SessionToken,
    };
    const one = await cli(['apigateway', 'get-rest-api', '--rest-api-id', 'b2c3d4e5f6'], paymentsReader);
    expect(one.json.endpointConfiguration).toMatchObject({
      types: ['PRIVATE'],
      vpcEndpointIds: ['vpce-0123456789abcdef0'],
    });
    expect(JSON.parse(JSON.parse(`"${one.json.policy}"`))).toEqual(sb.world.apis.payments!.resourcePolicy);
    const missing = await cli(['apigateway', 'get-rest-api', '--rest-api-id', 'zzzzzzzzzz']);
    expect(missing.stderr).toContain('NotFoundException');
  });

  it('works with nothing but the export block in the environment', async () => {
    if (SKIP) return;
    const only = cleanEnv(sb.env);
    // Three `aws` processes at once: each starts slowly on a busy machine.
    const commands = [
      ['sts', 'get-caller-identity'],
      ['ec2', 'describe-vpc-endpoints'],
      ['apigateway', 'get-rest-apis'],
    ];
    const results = await Promise.all(commands.map((args) => run(aws, [...args, '--output', 'json'], only)));
    for (const [i, r] of results.entries()) {
      expect(r.stderr, commands[i]!.join(' ')).toBe('');
      expect(r.code).toBe(0);
    }
  });
});
