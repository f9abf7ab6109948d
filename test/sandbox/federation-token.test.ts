// STS GetFederationToken (issue 11): a real STS action the sandbox answered InvalidAction to. Now as
// AWS documents it (botocore sts model and STS API reference, GetFederationToken; IAM User Guide
// id_credentials_temp_request, id_credentials_temp_control-access_getfederationtoken): an IAM user's
// long-term credentials ask, with sts:GetFederationToken on arn:aws:sts::ACCOUNT:federated-user/NAME;
// the session is arn:aws:sts::ACCOUNT:federated-user/NAME with the user's permissions intersected
// with the session policies ("if you do not pass any session policies, then the resulting federated
// user session has no permissions"), and may call no STS operation but GetCallerIdentity.
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/config/world.js';
import type { Credentials } from '../../src/signing/types.js';
import { assume, demoWorld, newState, parseXml, query } from './helpers.js';

const FED = 'arn:aws:sts::111111111111:federated-user/ci-bot';
function world(): World {
  const w = demoWorld();
  w.harness.policies.Federate = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:GetFederationToken',
        Resource: 'arn:aws:sts::111111111111:federated-user/ci-*',
      },
    ],
  };
  return w;
}
const stsError = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };
const federate = (s: ReturnType<typeof newState>, params: Record<string, string>, creds?: Credentials) =>
  query(s, 'sts', { Action: 'GetFederationToken', ...params }, creds);
function credsOf(body: string): Credentials {
  const c = parseXml(body).GetFederationTokenResponse.GetFederationTokenResult.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
const describeEndpoints = (s: ReturnType<typeof newState>, c: Credentials) =>
  query(s, 'ec2', { Action: 'DescribeVpcEndpoints' }, c);

describe('STS GetFederationToken', () => {
  it('issues a federated-user session with the user permissions the session policy allows', async () => {
    const s = newState(world());
    const r = await federate(s, {
      Name: 'ci-bot',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
      }),
    });
    expect(r.status, r.body).toBe(200);
    const result = parseXml(r.body).GetFederationTokenResponse.GetFederationTokenResult;
    expect(result.FederatedUser).toEqual({ FederatedUserId: '111111111111:ci-bot', Arn: FED });
    const c = credsOf(r.body);
    const who = parseXml((await query(s, 'sts', { Action: 'GetCallerIdentity' }, c)).body)
      .GetCallerIdentityResponse.GetCallerIdentityResult;
    expect(who).toMatchObject({ Arn: FED, UserId: '111111111111:ci-bot', Account: '111111111111' });
    // The user may DescribeVpcEndpoints, and so may the session; not apigateway:GET (session policy).
    expect((await describeEndpoints(s, c)).status).toBe(200);
  });

  it('without a session policy the session has no permissions', async () => {
    const s = newState(world());
    const c = credsOf((await federate(s, { Name: 'ci-bot' })).body);
    const r = await describeEndpoints(s, c);
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/because no session policy allows the ec2:DescribeVpcEndpoints action/);
  });

  it('is authorized on the federated-user ARN and refused to session credentials', async () => {
    const s = newState(world());
    const other = await federate(s, { Name: 'someone' });
    expect([other.status, stsError(other.body)]).toEqual([
      403,
      expect.objectContaining({
        Code: 'AccessDenied',
        Message:
          'User: arn:aws:iam::111111111111:user/spokegate-harness is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111111111111:federated-user/someone',
      }),
    ]);
    const role = await federate(s, { Name: 'ci-bot' }, await assume(s, 'CheckoutRole'));
    expect([role.status, stsError(role.body).Code]).toEqual([403, 'AccessDenied']);
  });

  it('a federated session may call no STS operation but GetCallerIdentity', async () => {
    const s = newState(world());
    const c = credsOf(
      (
        await federate(s, {
          Name: 'ci-bot',
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
          }),
        })
      ).body,
    );
    for (const params of <Record<string, string>[]>[
      { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole', RoleSessionName: 'xx' },
      { Action: 'GetSessionToken' },
      { Action: 'GetFederationToken', Name: 'ci-other' },
    ]) {
      const r = await query(s, 'sts', params, c);
      expect([r.status, stsError(r.body).Code], params.Action).toEqual([403, 'AccessDenied']);
    }
    expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
  });

  it('validates Name and DurationSeconds as STS does', async () => {
    const s = newState(world());
    const noName = await federate(s, {});
    expect(stsError(noName.body)).toMatchObject({
      Code: 'ValidationError',
      Message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
    const long = await federate(s, { Name: 'ci-' + 'x'.repeat(30) });
    expect(stsError(long.body)).toMatchObject({
      Code: 'ValidationError',
      Message: expect.stringContaining("at 'name' failed to satisfy constraint"),
    });
    const d = await federate(s, { Name: 'ci-bot', DurationSeconds: '129601' });
    expect(stsError(d.body)).toMatchObject({
      Code: 'ValidationError',
      Message:
        "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600",
    });
  });
});
