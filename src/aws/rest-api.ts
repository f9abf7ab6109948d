// A spoke API's resource policy as API Gateway returns it (GetRestApi).
import { APIGatewayClient, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { InfraError } from '../errors.js';
import { awsErrorText } from './errors.js';
import type { AwsClientConfig } from './client-config.js';

/** What the harness needs to know of a spoke API: its resource policy and the endpoints it accepts. */
export interface RestApiInfo {
  id: string;
  /** The resource policy (JSON text), or null when the API has none. */
  policyText: string | null;
  endpointTypes: string[];
  /** For a PRIVATE API: the VPC endpoints it accepts calls through. */
  vpcEndpointIds: string[];
}

/** The resource policy text (JSON), or null when the API has none. */
export async function readRestApiPolicy(apigwConfig: AwsClientConfig, apiId: string): Promise<string | null> {
  return (await readRestApi(apigwConfig, apiId)).policyText;
}

/** GetRestApi: the resource policy (unescaped) and the endpoint configuration. */
export async function readRestApi(apigwConfig: AwsClientConfig, apiId: string): Promise<RestApiInfo> {
  const client = new APIGatewayClient(apigwConfig);
  try {
    // NotFoundException is also what AWS answers for another account's API: not bad input.
    const out = await client.send(new GetRestApiCommand({ restApiId: apiId })).catch((e: unknown) => {
      throw new InfraError(`GetRestApi ${apiId} failed: ${awsErrorText(e)}`);
    });
    return {
      id: apiId,
      policyText: out.policy ? unescapeRestApiPolicy(out.policy, apiId) : null,
      endpointTypes: out.endpointConfiguration?.types ?? [],
      vpcEndpointIds: out.endpointConfiguration?.vpcEndpointIds ?? [],
    };
  } finally {
    client.destroy();
  }
}

/** GetRestApi returns the policy with `"` and `/` backslash-escaped: {\"Version\":...\/*}. */
export function unescapeRestApiPolicy(policy: string, apiId = '?'): string {
  for (const candidate of [policy, policy.replace(/\\(["/\\])/g, '$1')]) {
    try {
      JSON.parse(candidate);
      return candidate;
    } catch {
      /* try the unescaped form */
    }
  }
  throw new InfraError(`the resource policy of REST API ${apiId} is not JSON`);
}
