// Base credentials that are a GetFederationToken session, end to end against the sandbox (which now
// issues them as STS does, docs/aws-behaviour.md §12): such a session may call no STS operation but
// GetCallerIdentity, so the client says why before asking for any role (exit 3 in a run), and the
// sandbox refuses the AssumeRole a client that did not check would send.
import { AssumeRoleCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleSessions } from '../../src/aws/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Credentials } from '../../src/signing/types.js';
import { demoWorld } from '../sandbox/helpers.js';

describe('a GetFederationToken session as the base identity', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    const w = demoWorld();
    w.harness.policies.Federate = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }],
    };
    sandbox = await startSandbox(w, { http: true });
  });
  afterAll(() => sandbox.close());
  const sts = (c: Credentials) =>
    new STSClient({ region: 'us-west-2', endpoint: sandbox.env.AWS_ENDPOINT_URL_STS, credentials: c });

  it('is issued through the SDK, refused AssumeRole by STS, and stopped by the client before asking', async () => {
    const user = sts({
      accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY!,
    });
    const out = await user.send(
      new GetFederationTokenCommand({
        Name: 'ci-bot',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    user.destroy();
    expect(out.FederatedUser).toEqual({
      FederatedUserId: '111111111111:ci-bot',
      Arn: 'arn:aws:sts::111111111111:federated-user/ci-bot',
    });
    const temp: Credentials = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const role = 'arn:aws:iam::111111111111:role/CheckoutRole';
    const direct = sts(temp);
    await expect(
      direct.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'direct' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    direct.destroy();
    const before = sandbox.state.counters.requests['sts:AssumeRole'] ?? 0;
    const s = new RoleSessions({
      region: 'us-west-2',
      env: { ...sandbox.env, AWS_SESSION_TOKEN: temp.sessionToken! },
      baseCredentials: () => Promise.resolve(temp),
    });
    await expect(s.get(role, { sessionName: 'run' })).rejects.toThrow(
      /not asked: the base credentials are a GetFederationToken session/,
    );
    expect(sandbox.state.counters.requests['sts:AssumeRole'] ?? 0).toBe(before);
    s.close();
  });
});
