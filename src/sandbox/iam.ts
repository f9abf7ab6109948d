// IAM (Query protocol, XML): just enough for the harness to read a role's identity policies
// (ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies). Like EC2 here, a caller sees the
// roles of its own account; documents come back URL-encoded, as IAM returns them.
import { escapeXml, stsErrors, stsErrorXml, type StsError } from './errors.js';
import { newRequestId, xml, type Received, type Reply } from './http.js';
import type { SandboxState } from './state.js';
import { authenticate, queryParams } from './sts.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

const noSuchEntity = (message: string): StsError => ({ status: 404, code: 'NoSuchEntity', message });

function response(action: string, result: string, requestId: string): Reply {
  return xml(
    200,
    `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    requestId,
  );
}

/** The policy's name in the world: the compiled source is named "identity:ALIAS/NAME". */
const policyName = (sourceName: string) => sourceName.slice(sourceName.indexOf('/') + 1);

export async function handleIam(state: SandboxState, r: Received): Promise<Reply> {
  const requestId = newRequestId();
  const fail = (e: StsError) => xml(e.status, stsErrorXml(e, requestId, NS), requestId);
  const params = queryParams(r);
  const action = params.get('Action') ?? '';
  state.count(`iam:${action || '(none)'}`);
  const auth = await authenticate(state, r, 'iam');
  if (!auth.ok) {
    return fail(
      auth.kind === 'unknown-key' ? stsErrors.invalidToken(auth.message) : stsErrors.signature(auth.message),
    );
  }
  const roleName = params.get('RoleName') ?? '';
  if (!['ListRolePolicies', 'GetRolePolicy', 'ListAttachedRolePolicies'].includes(action)) {
    return fail({
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${action.slice(0, 64)} for version 2010-05-08`,
    });
  }
  if (!roleName)
    return fail(
      stsErrors.validation(
        "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
      ),
    );
  const role = [...state.roles.values()].find(
    (x) => x.name === roleName && x.account === auth.caller.account,
  );
  if (!role) return fail(noSuchEntity(`The role with name ${roleName.slice(0, 64)} cannot be found.`));

  switch (action) {
    case 'ListRolePolicies':
      return response(
        action,
        `<PolicyNames>${role.identity.map((p) => `<member>${escapeXml(policyName(p.source.name))}</member>`).join('')}</PolicyNames>` +
          `<IsTruncated>false</IsTruncated>`,
        requestId,
      );
    case 'ListAttachedRolePolicies':
      return response(action, `<AttachedPolicies/><IsTruncated>false</IsTruncated>`, requestId);
    default: {
      const name = params.get('PolicyName') ?? '';
      const policy = role.identity.find((p) => policyName(p.source.name) === name);
      if (!policy)
        return fail(noSuchEntity(`The role policy with name ${name.slice(0, 128)} cannot be found.`));
      return response(
        action,
        `<RoleName>${escapeXml(role.name)}</RoleName><PolicyName>${escapeXml(name)}</PolicyName>` +
          `<PolicyDocument>${escapeXml(encodeURIComponent(policy.text))}</PolicyDocument>`,
        requestId,
      );
    }
  }
}
