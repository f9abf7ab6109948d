// STS GetCallerIdentity: who the base credentials are, asked before a live run sends anything, so
// bad credentials, a wrong region or endpoint stop the run at once (exit 3, one line with the fix).
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readCall } from './errors.js';
import type { AwsClientConfig } from './client-config.js';

export async function readCallerIdentity(
  stsConfig: AwsClientConfig,
): Promise<{ arn: string; account: string }> {
  const { abortSignal, ...config } = stsConfig;
  const client = new STSClient(config);
  try {
    const out = await readCall('STS GetCallerIdentity', abortSignal, (signal) =>
      client.send(new GetCallerIdentityCommand({}), { abortSignal: signal }),
    );
    return { arn: out.Arn ?? '?', account: out.Account ?? '?' };
  } finally {
    client.destroy();
  }
}
