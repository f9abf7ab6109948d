// A role's identity policies (IAM), so predictions can cover the identity layer. Read with the
// role's own session: in live mode a spoke role can usually read itself, the hub identity cannot.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { AwsClientConfig } from './client-config.js';

export interface IdentityPolicyText {
  /** "inline:NAME" or the managed policy ARN. */
  name: string;
  text: string;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodeIamDocument(doc: string): string {
  return decodeURIComponent(doc);
}

/** Inline and attached managed policies of a role (by name, in the caller's account). */
export async function readRoleIdentityPolicies(
  iamConfig: AwsClientConfig,
  roleName: string,
): Promise<IdentityPolicyText[]> {
  const iam = new IAMClient(iamConfig);
  try {
    const out: IdentityPolicyText[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
      for (const name of page.PolicyNames ?? []) {
        const p = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
        if (p.PolicyDocument) out.push({ name: `inline:${name}`, text: decodeIamDocument(p.PolicyDocument) });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    do {
      const page = await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }),
      );
      for (const a of page.AttachedPolicies ?? []) {
        const pol = await iam.send(new GetPolicyCommand({ PolicyArn: a.PolicyArn }));
        const v = await iam.send(
          new GetPolicyVersionCommand({ PolicyArn: a.PolicyArn, VersionId: pol.Policy?.DefaultVersionId }),
        );
        if (v.PolicyVersion?.Document)
          out.push({ name: a.PolicyArn!, text: decodeIamDocument(v.PolicyVersion.Document) });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return out;
  } finally {
    iam.destroy();
  }
}
