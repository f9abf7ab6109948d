// IAM (Query protocol, XML): what a reader needs to see a role's identity policies: ListRolePolicies,
// GetRolePolicy, ListAttachedRolePolicies, GetPolicy, GetPolicyVersion. Each is authorized by the
// caller's identity policies (the engine decides; AccessDenied otherwise), a role name is looked up
// in the caller's own account, lists page with Marker/IsTruncated (at most the world's pageSize),
// and documents come back URL-encoded, as IAM returns them.
import { roleArn } from '../identifiers/index.js';
import { authorizeControlPlane } from './authorize.js';
import { controlPlaneDenial, escapeXml, stsErrors, stsErrorXml, type StsError } from './errors.js';
import { newRequestId, xml, type Received, type Reply } from './http.js';
import { decodeToken, pageOf } from './paging.js';
import type { Caller, ManagedPolicyState, RoleState, SandboxState } from './state.js';
import { authenticate, authError, queryParams } from './sts.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ACTIONS = [
  'ListRolePolicies',
  'GetRolePolicy',
  'ListAttachedRolePolicies',
  'GetPolicy',
  'GetPolicyVersion',
] as const;
type Action = (typeof ACTIONS)[number];
/** IAM's default MaxItems. */
const DEFAULT_MAX_ITEMS = 100;
const POLICY_DATE = '2024-05-01T10:00:00Z';

const noSuchEntity = (message: string): StsError => ({ status: 404, code: 'NoSuchEntity', message });

function response(action: string, result: string, requestId: string): Reply {
  return xml(
    200,
    `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    requestId,
  );
}

const validation = (field: string, constraint: string) =>
  stsErrors.validation(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );

export async function handleIam(state: SandboxState, r: Received): Promise<Reply> {
  const requestId = newRequestId();
  const fail = (e: StsError) => xml(e.status, stsErrorXml(e, requestId, NS), requestId);
  const params = queryParams(r);
  const action = params.get('Action') ?? '';
  state.count(`iam:${action || '(none)'}`);
  const auth = await authenticate(state, r, 'iam');
  if (!auth.ok) return fail(authError(auth.kind, auth.message));
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return fail({
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${action.slice(0, 64)} for version 2010-05-08`,
    });
  }
  const op = action as Action;
  const caller = auth.caller;
  // IAM names the resource in its denials by kind and name: "role NAME", "policy ARN".
  const allowed = (resourceArn: string, shown: string): StsError | undefined => {
    const d = authorizeControlPlane(state, caller, `iam:${op}`, resourceArn, auth.region);
    return d.allowed
      ? undefined
      : stsErrors.accessDenied(controlPlaneDenial(caller.arn, `iam:${op}`, shown, d.explicit));
  };

  // Paging parameters (the list actions).
  const maxText = params.get('MaxItems');
  const maxItems = maxText === undefined ? DEFAULT_MAX_ITEMS : Number(maxText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000)
    return fail(validation('maxItems', 'Member must have value between 1 and 1000'));
  const markerText = params.get('Marker');
  const start = markerText === undefined ? 0 : decodeToken(markerText);
  if (start === undefined) return fail(stsErrors.validation('Invalid Marker.'));

  if (op === 'GetPolicy' || op === 'GetPolicyVersion') {
    const arn = params.get('PolicyArn');
    if (!arn) return fail(validation('policyArn', 'Member must not be null'));
    const denied = allowed(arn, `policy ${arn.slice(0, 2048)}`);
    if (denied) return fail(denied);
    const policy = managedVisibleTo(state, caller, arn);
    if (!policy)
      return fail(noSuchEntity(`Policy ${arn.slice(0, 2048)} does not exist or is not attachable.`));
    if (op === 'GetPolicy') return response(op, policyXml(state, policy), requestId);
    const version = params.get('VersionId');
    if (!version) return fail(validation('versionId', 'Member must not be null'));
    if (version !== 'v1')
      return fail(
        noSuchEntity(
          `Policy ${arn.slice(0, 2048)} version ${version.slice(0, 32)} does not exist or is not attachable.`,
        ),
      );
    return response(
      op,
      `<PolicyVersion><Document>${escapeXml(encodeURIComponent(policy.policy.text))}</Document>` +
        `<VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>${POLICY_DATE}</CreateDate></PolicyVersion>`,
      requestId,
    );
  }

  const roleName = params.get('RoleName');
  if (!roleName) return fail(validation('roleName', 'Member must not be null'));
  // A role name means a role of the caller's own account.
  const role = [...state.roles.values()].find((x) => x.name === roleName && x.account === caller.account);
  const denied = allowed(
    role?.world.arn ?? roleArn({ account: caller.account, name: roleName }),
    `role ${roleName.slice(0, 64)}`,
  );
  if (denied) return fail(denied);
  if (!role) return fail(noSuchEntity(`The role with name ${roleName.slice(0, 64)} cannot be found.`));
  const size = state.pageSize(maxItems);
  const paging = (next: string | undefined) =>
    next ? `<IsTruncated>true</IsTruncated><Marker>${next}</Marker>` : `<IsTruncated>false</IsTruncated>`;

  switch (op) {
    case 'ListRolePolicies': {
      const page = pageOf(role.inline, start, size);
      return response(
        op,
        `<PolicyNames>${page.items.map((p) => `<member>${escapeXml(p.name)}</member>`).join('')}</PolicyNames>` +
          paging(page.next),
        requestId,
      );
    }
    case 'ListAttachedRolePolicies': {
      const page = pageOf(role.attached, start, size);
      return response(
        op,
        `<AttachedPolicies>${page.items
          .map(
            (p) =>
              `<member><PolicyName>${escapeXml(p.name)}</PolicyName><PolicyArn>${escapeXml(p.arn)}</PolicyArn></member>`,
          )
          .join('')}</AttachedPolicies>` + paging(page.next),
        requestId,
      );
    }
    default: {
      const name = params.get('PolicyName');
      if (!name) return fail(validation('policyName', 'Member must not be null'));
      const policy = role.inline.find((p) => p.name === name);
      if (!policy)
        return fail(noSuchEntity(`The role policy with name ${name.slice(0, 128)} cannot be found.`));
      return response(
        op,
        `<RoleName>${escapeXml(role.name)}</RoleName><PolicyName>${escapeXml(name)}</PolicyName>` +
          `<PolicyDocument>${escapeXml(encodeURIComponent(policy.policy.text))}</PolicyDocument>`,
        requestId,
      );
    }
  }
}

/** A managed policy the caller's account can see: its own, or an AWS managed one. */
function managedVisibleTo(state: SandboxState, caller: Caller, arn: string): ManagedPolicyState | undefined {
  const p = state.managedPolicies.get(arn);
  if (!p) return undefined;
  const owner = arn.split(':')[4];
  return owner === 'aws' || owner === caller.account ? p : undefined;
}

function policyXml(state: SandboxState, p: ManagedPolicyState): string {
  const attachments = [...state.roles.values()].filter((r: RoleState) => r.attached.includes(p)).length;
  return (
    `<Policy><PolicyName>${escapeXml(p.name)}</PolicyName><DefaultVersionId>v1</DefaultVersionId>` +
    `<PolicyId>${p.policyId}</PolicyId><Path>${escapeXml(p.path)}</Path><Arn>${escapeXml(p.arn)}</Arn>` +
    `<AttachmentCount>${attachments}</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>` +
    `<IsAttachable>true</IsAttachable>${p.description ? `<Description>${escapeXml(p.description)}</Description>` : ''}` +
    `<CreateDate>${POLICY_DATE}</CreateDate><UpdateDate>${POLICY_DATE}</UpdateDate></Policy>`
  );
}
