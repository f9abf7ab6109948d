// IAM (Query protocol, XML): what a reader needs to see a role's identity policies: ListRolePolicies,
// GetRolePolicy, ListAttachedRolePolicies, GetPolicy, GetPolicyVersion; and its unique id (GetRole
// RoleId, with its path, ARN, trust policy and session limit). Each is authorized by the
// caller's identity policies (the engine decides; AccessDenied otherwise), a role name is looked up
// in the caller's own account, lists page with Marker/IsTruncated (at most the world's pageSize),
// and documents come back URL-encoded, as IAM returns them.
import {
  arnFields,
  iamSigningRegion,
  parseManagedPolicyArn,
  parseRoleArn,
  partitionOfRegion,
  roleArn,
} from '../identifiers/index.js';
import { authorizeControlPlane } from './authorize.js';
import { controlPlaneDenial, stsErrors, stsErrorXml, type StsError } from './errors.js';
import { wireInteger, xml, type Received, type Reply } from './http.js';
import { decodeToken, pageOf } from './paging.js';
import type { Caller, ManagedPolicyState, RoleState, SandboxState } from './state.js';
import { malformedInteger, queryRequest, STS_AUTH_ERRORS, versionError } from './sts.js';

/** IAM's one API version (botocore iam 2010-05-08). */
const VERSION = '2010-05-08';
import { xmlDocument, type XmlElements } from './xml.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ACTIONS = [
  'GetRole',
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

// botocore iam model: roleNameType [\w+=,.@-]+ of 1 to 64, policyNameType the same of 1 to 128,
// policyVersionIdType below.
const NAME = /^[\w+=,.@-]+$/;
const VERSION_ID = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/;
// The list parameters' models (markerType, policyPathType), checked before a marker is decoded (one IAM
// did not give is its own refusal) and before PathPrefix filters: [parameter, member, pattern, constraint].
const MODELLED: [string, string, RegExp, string][] = [
  [
    'Marker',
    'marker',
    /^[\u0020-\u00ff]{1,320}$/,
    '1 and 320 and satisfy regular expression pattern: [\\u0020-\\u00FF]+',
  ],
  [
    'PathPrefix',
    'pathPrefix',
    /^(?=.{1,512}$)(\/[A-Za-z0-9.,+@=_-]+)*\/$/s,
    '1 and 512 and satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
  ],
];

/**
 * A RoleName or PolicyName IAM refuses before looking for the role (so before authorization, as a
 * PolicyArn that is no policy ARN): 400 ValidationError in IAM's own words for the characters
 * (roleName: GetRole, aws-samples/one-observability-demo#469, kubecost/docs#36; policyName:
 * aws-cloudformation/cfn-lint#996) and the Query protocol's for the length (docs/aws-behaviour.md
 * §5b). Not 404 NoSuchEntity, which names a well-formed unknown role or policy.
 */
function nameProblem(field: 'roleName' | 'policyName', name: string): StsError | undefined {
  const max = field === 'roleName' ? 64 : 128;
  if (name.length > max)
    return stsErrors.validation(
      `1 validation error detected: Value '${name.slice(0, max)}' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  if (!NAME.test(name))
    return stsErrors.validation(
      `The specified value for ${field} is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`,
    );
  return undefined;
}

function response(action: string, result: XmlElements, requestId: string): Reply {
  const body = xmlDocument(`${action}Response`, NS, {
    [`${action}Result`]: result,
    ResponseMetadata: { RequestId: requestId },
  });
  return xml(200, body, requestId);
}

const validation = (field: string, constraint: string) =>
  stsErrors.validation(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );

export async function handleIam(state: SandboxState, r: Received): Promise<Reply> {
  const errorXml = (e: StsError, requestId: string) => stsErrorXml(e, requestId, NS);
  const q = await queryRequest(state, r, 'iam', errorXml, STS_AUTH_ERRORS);
  if ('reply' in q) return q.reply;
  const { requestId, fail, params, action, auth } = q;
  const badVersion = versionError(params, action, VERSION) ?? malformedInteger(params, ['MaxItems']);
  if (badVersion) return fail(badVersion);
  // GetSessionToken credentials "cannot call any IAM API operations unless MFA authentication
  // information is included in the request" (STS API reference); IAM answers with the invalid-token
  // error, without the period STS's own has (99designs/aws-vault#15, aws/aws-cli#8918; §44).
  if (auth.caller.userSession && !auth.caller.mfa)
    return fail(stsErrors.invalidToken('The security token included in the request is invalid'));
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return fail(stsErrors.invalidAction(action, VERSION));
  }
  const op = action as Action;
  const caller = auth.caller;
  // IAM is global: its endpoint takes only its partition's signing region as credential scope.
  const signingRegion = iamSigningRegion(partitionOfRegion(auth.region));
  if (auth.region !== signingRegion)
    return fail(
      stsErrors.signature(
        `Credential should be scoped to a valid region, not '${auth.region.slice(0, 32)}'. `,
      ),
    );
  // IAM names the resource in its denials by kind and name: "role NAME", "policy ARN".
  const allowed = (resourceArn: string, shown: string): StsError | undefined => {
    const d = authorizeControlPlane(state, caller, `iam:${op}`, resourceArn, auth.region);
    return d.allowed
      ? undefined
      : stsErrors.accessDenied(controlPlaneDenial(caller.arn, `iam:${op}`, shown, d.explicit, d.layer));
  };

  // Paging parameters (the list actions).
  const maxText = params.get('MaxItems');
  const maxItems = maxText === undefined ? DEFAULT_MAX_ITEMS : wireInteger(maxText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000)
    return fail(validation('maxItems', 'Member must have value between 1 and 1000'));
  for (const [param, member, pattern, constraint] of MODELLED)
    if (params.has(param) && !pattern.test(params.get(param)!))
      return fail(validation(member, `Member must have length between ${constraint}`));
  const markerText = params.get('Marker');
  const start = markerText === undefined ? 0 : decodeToken(markerText);
  if (start === undefined) return fail(stsErrors.validation('Invalid Marker.'));
  // ListAttachedRolePolicies lists the policies whose path starts with PathPrefix (default /).
  const pathPrefix = params.get('PathPrefix');

  if (op === 'GetPolicy' || op === 'GetPolicyVersion') {
    const arn = params.get('PolicyArn');
    if (!arn) return fail(validation('policyArn', 'Member must not be null'));
    // Checked before authorization (an ARN that names no policy names no resource to authorize):
    // the model's arnType is 20-2048 characters; IAM refuses anything but a policy ARN of the
    // caller's partition with InvalidInput "ARN X is not valid." (docs/aws-behaviour.md §5b).
    if (arn.length < 20 || arn.length > 2048)
      return fail(
        stsErrors.validation(
          `1 validation error detected: Value '${arn.slice(0, 64)}' at 'policyArn' failed to satisfy constraint: Member must have length ${arn.length < 20 ? 'greater than or equal to 20' : 'less than or equal to 2048'}`,
        ),
      );
    if (parseManagedPolicyArn(arn)?.partition !== arnFields(caller.arn)?.partition)
      return fail(stsErrors.invalidInput(`ARN ${arn} is not valid.`));
    // The model's constraint on VersionId, like the ARN's, comes before authorization.
    const version = params.get('VersionId') ?? '';
    if (op === 'GetPolicyVersion') {
      if (!version) return fail(validation('versionId', 'Member must not be null'));
      if (!VERSION_ID.test(version))
        return fail(
          stsErrors.validation(
            `1 validation error detected: Value '${version.slice(0, 32)}' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: ${VERSION_ID.source.slice(1, -1)}`,
          ),
        );
    }
    const denied = allowed(arn, `policy ${arn.slice(0, 2048)}`);
    if (denied) return fail(denied);
    const policy = managedVisibleTo(state, caller, arn);
    if (!policy)
      return fail(noSuchEntity(`Policy ${arn.slice(0, 2048)} does not exist or is not attachable.`));
    if (op === 'GetPolicy') return response(op, policyElement(state, policy), requestId);
    if (version !== 'v1')
      return fail(
        noSuchEntity(
          `Policy ${arn.slice(0, 2048)} version ${version.slice(0, 32)} does not exist or is not attachable.`,
        ),
      );
    const version1 = {
      Document: encodeURIComponent(policy.policy.text),
      VersionId: 'v1',
      IsDefaultVersion: true,
      CreateDate: POLICY_DATE,
    };
    return response(op, { PolicyVersion: version1 }, requestId);
  }

  const roleName = params.get('RoleName');
  if (!roleName) return fail(validation('roleName', 'Member must not be null'));
  const badName = nameProblem('roleName', roleName);
  if (badName) return fail(badName);
  // GetRolePolicy's PolicyName, checked against the model before authorization as the role name is.
  const policyName = params.get('PolicyName');
  if (op === 'GetRolePolicy') {
    if (!policyName) return fail(validation('policyName', 'Member must not be null'));
    const badPolicy = nameProblem('policyName', policyName);
    if (badPolicy) return fail(badPolicy);
  }
  // A role name means a role of the caller's own account.
  const role = [...state.roles.values()].find((x) => x.name === roleName && x.account === caller.account);
  const denied = allowed(
    role?.world.arn ?? roleArn({ account: caller.account, name: roleName }),
    `role ${roleName.slice(0, 64)}`,
  );
  if (denied) return fail(denied);
  if (!role) return fail(noSuchEntity(`The role with name ${roleName.slice(0, 64)} cannot be found.`));
  const size = state.pageSize(maxItems);
  const paging = (next: string | undefined) => ({ IsTruncated: next !== undefined, Marker: next });

  switch (op) {
    case 'GetRole':
      return response(op, { Role: roleElement(role) }, requestId);
    case 'ListRolePolicies': {
      const page = pageOf(role.inline, start, size);
      return response(
        op,
        { PolicyNames: { member: page.items.map((p) => p.name) }, ...paging(page.next) },
        requestId,
      );
    }
    case 'ListAttachedRolePolicies': {
      const under = role.attached.filter((p) => p.path.startsWith(pathPrefix ?? '/'));
      const page = pageOf(under, start, size);
      const member = page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
      return response(op, { AttachedPolicies: { member }, ...paging(page.next) }, requestId);
    }
    default: {
      const name = policyName!;
      const policy = role.inline.find((p) => p.name === name);
      if (!policy)
        return fail(noSuchEntity(`The role policy with name ${name.slice(0, 128)} cannot be found.`));
      return response(
        op,
        { RoleName: role.name, PolicyName: name, PolicyDocument: encodeURIComponent(policy.policy.text) },
        requestId,
      );
    }
  }
}

/** A Role as GetRole returns it (botocore iam model `Role`); the trust policy URL-encoded, as IAM's documents. */
function roleElement(role: RoleState): XmlElements {
  const w = role.world;
  const tags = Object.entries(w.tags);
  return {
    Path: `/${parseRoleArn(w.arn)!.path}`,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: w.arn,
    CreateDate: POLICY_DATE,
    AssumeRolePolicyDocument: encodeURIComponent(role.trust.text),
    Description: w.description || undefined,
    MaxSessionDuration: w.maxSessionDuration,
    // botocore iam model AttachedPermissionsBoundary; its type enum has one value.
    ...(role.boundary
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: role.boundary.arn,
          },
        }
      : {}),
    ...(tags.length ? { Tags: { member: tags.map(([Key, Value]) => ({ Key, Value })) } } : {}),
    RoleLastUsed: {},
  };
}

/** A managed policy the caller's account can see: its own, or an AWS managed one. */
function managedVisibleTo(state: SandboxState, caller: Caller, arn: string): ManagedPolicyState | undefined {
  const p = state.managedPolicies.get(arn);
  if (!p) return undefined;
  const owner = arnFields(arn)?.account;
  return owner === 'aws' || owner === caller.account ? p : undefined;
}

function policyElement(state: SandboxState, p: ManagedPolicyState): XmlElements {
  const attachments = [...state.roles.values()].filter((r: RoleState) => r.attached.includes(p)).length;
  return {
    Policy: {
      PolicyName: p.name,
      DefaultVersionId: 'v1',
      PolicyId: p.policyId,
      Path: p.path,
      Arn: p.arn,
      AttachmentCount: attachments,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: p.description || undefined,
      CreateDate: POLICY_DATE,
      UpdateDate: POLICY_DATE,
    },
  };
}
