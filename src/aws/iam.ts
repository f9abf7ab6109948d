// A role's identity policies (IAM), so predictions can cover the identity layer, and its unique id
// (GetRole RoleId: aws:userid is ROLEID:session). IAM names a role by name within the caller's
// account, so the reader must be an identity of the role's account (the config's
// `accounts.ID.readerRole`). Every list pages with Marker/IsTruncated.
import { withCallSignal } from './abort.js';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { AwsClientConfig } from './client-config.js';
import { readCall, readFailure } from './errors.js';
import { InfraError } from '../errors.js';

export interface IdentityPolicyText {
  /** "inline:NAME" or the managed policy ARN. */
  name: string;
  text: string;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodeIamDocument(doc: string): string {
  return decodeURIComponent(doc);
}

/**
 * A role's unique id (AROA…) and tags, GetRole by name in the caller's account (its `Tags`: IAM
 * User Guide, id_tags_roles; the botocore iam model's Role); a failure names iam:GetRole.
 */
export async function readRole(
  iamConfig: AwsClientConfig,
  roleName: string,
): Promise<{ roleId: string; tags: Record<string, string> }> {
  const { abortSignal, ...config } = iamConfig;
  const iam = new IAMClient(config);
  try {
    const out = await readCall('iam:GetRole', abortSignal, (signal) =>
      iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: signal }),
    );
    const id = out.Role?.RoleId;
    if (!id) throw readFailure('iam:GetRole', new Error(`no RoleId for role ${roleName}`), abortSignal);
    const tags: Record<string, string> = {};
    for (const t of out.Role?.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
    return { roleId: id, tags };
  } finally {
    iam.destroy();
  }
}

/** What IAM tells of a role's identity-based permissions. */
export interface RoleIdentity {
  /** Its inline and attached managed policies. */
  policies: IdentityPolicyText[];
  /** Its permissions boundary (GetRole `PermissionsBoundary`), the managed policy's ARN and text. */
  boundary?: IdentityPolicyText;
}

/**
 * Inline and attached managed policies of a role (by name, in the caller's account), and its
 * permissions boundary, read as an attached policy is (GetPolicy, GetPolicyVersion): it limits what
 * the others allow, so a role's identity layer is never read without it (docs/aws-behaviour.md §14).
 */
export async function readRoleIdentityPolicies(
  iamConfig: AwsClientConfig,
  roleName: string,
): Promise<RoleIdentity> {
  const { abortSignal, ...config } = iamConfig;
  const iam = new IAMClient(config);
  // Each failure names the IAM action, so the prediction can say which permission is missing.
  const call = async <T>(
    action: string,
    send: (opts: { abortSignal?: AbortSignal }) => Promise<T>,
  ): Promise<T> => {
    try {
      return await withCallSignal(abortSignal, (signal) => send({ abortSignal: signal }));
    } catch (e) {
      throw readFailure(`iam:${action}`, e, abortSignal);
    }
  };
  /** A managed policy's default version's document. */
  const managed = async (arn: string): Promise<string | undefined> => {
    const pol = await call('GetPolicy', (o) => iam.send(new GetPolicyCommand({ PolicyArn: arn }), o));
    const v = await call('GetPolicyVersion', (o) =>
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: pol.Policy?.DefaultVersionId }), o),
    );
    return v.PolicyVersion?.Document ? decodeIamDocument(v.PolicyVersion.Document) : undefined;
  };
  try {
    const out: IdentityPolicyText[] = [];
    let marker: string | undefined;
    do {
      const page = await call('ListRolePolicies', (o) =>
        iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }), o),
      );
      for (const name of page.PolicyNames ?? []) {
        const p = await call('GetRolePolicy', (o) =>
          iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }), o),
        );
        if (p.PolicyDocument) out.push({ name: `inline:${name}`, text: decodeIamDocument(p.PolicyDocument) });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    do {
      const page = await call('ListAttachedRolePolicies', (o) =>
        iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }), o),
      );
      for (const a of page.AttachedPolicies ?? []) {
        const text = await managed(a.PolicyArn!);
        if (text !== undefined) out.push({ name: a.PolicyArn!, text });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    // ListRolePolicies and ListAttachedRolePolicies do not list the boundary: GetRole names it.
    const role = await call('GetRole', (o) => iam.send(new GetRoleCommand({ RoleName: roleName }), o));
    const boundary = role.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    if (!boundary) return { policies: out };
    let text: string | undefined;
    try {
      text = await managed(boundary);
      // A boundary whose document IAM did not give cannot be evaluated: not read (fail closed).
      if (text === undefined)
        throw readFailure('iam:GetPolicyVersion', new Error(`no document for ${boundary}`), abortSignal);
    } catch (e) {
      if (!(e instanceof InfraError)) throw e;
      throw new InfraError(
        `its permissions boundary ${boundary}, which limits what they allow: ${e.message}`,
      );
    }
    return { policies: out, boundary: { name: boundary, text } };
  } finally {
    iam.destroy();
  }
}
