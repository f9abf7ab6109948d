// The hub endpoint as EC2 describes it (DescribeVpcEndpoints), with its policy parsed.
import { withCallSignal } from './abort.js';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { InfraError, InputError } from '../errors.js';
import type { AwsClientConfig } from './client-config.js';
import { sdkFailure } from './errors.js';

export interface VpcEndpointInfo {
  id: string;
  vpcId: string;
  serviceName: string;
  privateDnsEnabled: boolean;
  /** Endpoint-specific names first (regional before zonal), then any others. */
  dnsNames: string[];
  policyText: string;
  policy: unknown;
  ownerId: string;
}

const NOT_FOUND_HINT =
  "DescribeVpcEndpoints lists only the endpoints of the caller's own account: check the id, and that the base identity belongs to the endpoint's account";

export async function readEndpoint(ec2Config: AwsClientConfig, vpceId: string): Promise<VpcEndpointInfo> {
  const { abortSignal, ...config } = ec2Config;
  const client = new EC2Client(config);
  try {
    let out;
    try {
      out = await withCallSignal(abortSignal, (signal) =>
        client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpceId] }), { abortSignal: signal }),
      );
    } catch (e) {
      if (abortSignal?.aborted) throw sdkFailure(e, abortSignal, () => e as Error);
      const err = e as { name?: string; message?: string };
      if (err.name?.startsWith('InvalidVpcEndpointId')) {
        // "Describes your VPC endpoints" (botocore ec2 model): another account's endpoint is NotFound too.
        throw new InputError(
          `VPC endpoint ${vpceId} not found in ${ec2Config.region} (${err.message ?? err.name}); ${NOT_FOUND_HINT}`,
        );
      }
      throw new InfraError(
        `DescribeVpcEndpoints ${vpceId} failed: ${err.name ? `${err.name}: ` : ''}${err.message ?? String(e)}`,
      );
    }
    const ep = out.VpcEndpoints?.find((v) => v.VpcEndpointId === vpceId);
    if (!ep)
      throw new InputError(`VPC endpoint ${vpceId} not found in ${ec2Config.region}; ${NOT_FOUND_HINT}`);
    const policyText = ep.PolicyDocument;
    if (!policyText) throw new InfraError(`VPC endpoint ${vpceId} has no policy document`);
    return {
      id: vpceId,
      vpcId: ep.VpcId ?? '',
      serviceName: ep.ServiceName ?? '',
      privateDnsEnabled: ep.PrivateDnsEnabled ?? false,
      dnsNames: sortDnsNames((ep.DnsEntries ?? []).map((d) => d.DnsName ?? '').filter(Boolean)),
      ...parseEndpointPolicy(policyText, vpceId),
      ownerId: ep.OwnerId ?? '',
    };
  } finally {
    client.destroy();
  }
}

/** EC2 returns the policy as plain JSON; tolerate a URL-encoded one (as IAM returns its documents). */
export function parseEndpointPolicy(text: string, vpceId: string): { policyText: string; policy: unknown } {
  for (const candidate of [text, /^\s*%7B/i.test(text) ? safeDecode(text) : undefined]) {
    if (candidate === undefined) continue;
    try {
      return { policyText: candidate, policy: JSON.parse(candidate) as unknown };
    } catch {
      /* try the next form */
    }
  }
  throw new InfraError(
    `the policy of VPC endpoint ${vpceId} is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
  );
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export function sortDnsNames(names: string[]): string[] {
  const rank = (n: string) => (n.startsWith('vpce-') ? 0 : n.startsWith('*.') ? 2 : 1);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.length - b.length || a.localeCompare(b));
}
