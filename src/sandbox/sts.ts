// STS (Query protocol, XML): AssumeRole (with session policies) and GetCallerIdentity. AssumeRole is authorized by the
// policy engine like any resource-policy call: the role's trust policy is the resource policy, the
// caller's identity policies the identity layer, with the same-/cross-account rule.
import {
  DEFAULT_SESSION_SECONDS,
  MAX_SESSION_MESSAGE,
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  ROLE_CHAINING_MAX_SECONDS,
  ROLE_CHAINING_MESSAGE,
} from '../aws/session-duration.js';
import { evaluatePolicy, principalKeys } from '../policy/index.js';
import type { RequestContext } from '../policy/types.js';
import { verifyRequest } from '../signing/verify.js';
import { denialMessage, stsErrors, stsErrorXml, type StsError } from './errors.js';
import { formParams, hostName, newRequestId, wireInteger, xml, type Received, type Reply } from './http.js';
import { credentialsOf, sessionKeysOf, type Caller, type SandboxState } from './state.js';
import type { Credentials } from '../signing/types.js';
import { authorizeAs, authorizeControlPlane } from './authorize.js';
import {
  arnTypeError,
  compileSessionPolicies,
  packedPolicySize,
  sessionPolicyParamErrors,
} from './session-policies.js';
import { sessionTagsOf, tagParamErrors, tagRequestKeys, tagRequestOf } from './session-tags.js';
import { providedContextErrors, providedContextKeys, providedContextsOf } from './provided-contexts.js';
import { arnFields, isExternalId } from '../identifiers/index.js';
import { xmlDocument, type XmlElements } from './xml.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The parameters of a Query-protocol request: the form body for POST, else the query string. */
export function queryParams(r: Received): Map<string, string> {
  const fromQuery = formParams(r.query);
  if (r.method.toUpperCase() !== 'POST') return fromQuery;
  const fromBody = formParams(r.body.toString('utf8'));
  for (const [k, v] of fromQuery) if (!fromBody.has(k)) fromBody.set(k, v);
  return fromBody;
}

/** Authenticate a control-plane request; the caller, or the failure kind and message. */
export async function authenticate(
  state: SandboxState,
  r: Received,
  service: string,
): Promise<{ ok: true; caller: Caller; region: string } | { ok: false; kind: string; message: string }> {
  // STS declares SigV4a beside SigV4 (botocore sts model, metadata.auth); IAM, EC2 and API
  // Gateway's control plane declare SigV4 only (docs/aws-behaviour.md §6). A SigV4a region set
  // must hold the STS endpoint's region: the host's, us-east-1 for the global endpoint, the
  // world's region for the sandbox's own address.
  const sigV4a = service === 'sts';
  const v = await verifyRequest(
    { method: r.method, host: r.host, path: r.path, query: r.query, headers: r.headers, body: r.body },
    state.lookup,
    {
      now: state.now(),
      service,
      // STS answers "(NOW - 15 min.)" (aws/aws-cli#6676, devsecops/bootcamp#101; docs/aws-behaviour.md
      // §47); IAM, EC2 and API Gateway's control plane keep the five minutes measured elsewhere.
      ...(service === 'sts' ? { skewMinutes: 15 } : {}),
      ...(sigV4a ? { sigV4a, endpointRegion: stsRegion(state, r.host) } : {}),
    },
  );
  if (!v.ok) return { ok: false, kind: v.kind, message: 'message' in v ? v.message : '' };
  const caller = state.callerOf(v.accessKeyId);
  if (!caller)
    return {
      ok: false,
      kind: 'unknown-key',
      message: 'The security token included in the request is invalid.',
    };
  return { ok: true, caller, region: v.region };
}

/** The region of the STS endpoint a request came to. */
function stsRegion(state: SandboxState, host: string): string {
  const name = hostName(host);
  if (name === 'sts.amazonaws.com') return 'us-east-1';
  return /^sts\.([a-z0-9-]+)\.amazonaws\.com$/.exec(name)?.[1] ?? state.world.region;
}

/** A protocol's error for each authentication failure kind it tells apart, and `other` for the rest. */
export type AuthErrors<E> = {
  [kind: string]: ((message: string) => E) | undefined;
  other: (message: string) => E;
};

/** The error `errors` answers a request that failed authentication with `kind`. */
export function authErrorOf<E>(errors: AuthErrors<E>, kind: string, message: string): E {
  return ((Object.hasOwn(errors, kind) ? errors[kind] : undefined) ?? errors.other)(message);
}

/** STS and IAM (Query protocol): the error for a request that failed authentication. */
export const STS_AUTH_ERRORS: AuthErrors<StsError> = {
  missing: () => stsErrors.missingAuth(),
  incomplete: (m) => stsErrors.incomplete(m),
  'unknown-key': (m) => stsErrors.invalidToken(m),
  'expired-token': (m) => stsErrors.expiredToken(m),
  other: (m) => stsErrors.signature(m),
};

/**
 * A Query-protocol request (STS, IAM, EC2) read and authenticated: its request id, `fail` (an error
 * in the service's XML), its parameters and Action (counted as `SERVICE:Action`), and the caller; or
 * the reply to a request that failed authentication (`errors`: the service's error for each kind).
 */
export async function queryRequest<E extends { status: number }>(
  state: SandboxState,
  r: Received,
  service: string,
  errorXml: (e: E, requestId: string) => string,
  errors: AuthErrors<E>,
): Promise<
  | { reply: Reply }
  | {
      requestId: string;
      fail: (e: E) => Reply;
      params: Map<string, string>;
      action: string;
      auth: { caller: Caller; region: string };
    }
> {
  const requestId = newRequestId();
  const fail = (e: E) => xml(e.status, errorXml(e, requestId), requestId);
  const params = queryParams(r);
  const action = params.get('Action') ?? '';
  state.count(`${service}:${action || '(none)'}`);
  const auth = await authenticate(state, r, service);
  if (!auth.ok) return { reply: fail(authErrorOf(errors, auth.kind, auth.message)) };
  return { requestId, fail, params, action, auth };
}

/**
 * The Query protocol's `Version`, which every service's Common Parameters mark required: STS and IAM
 * have one API version each, and a request written for another asks for an operation they do not
 * have (docs/aws-behaviour.md §61). Undefined when it is `version`.
 */
export function versionError(
  params: Map<string, string>,
  action: string,
  version: string,
): StsError | undefined {
  const asked = params.get('Version');
  if (asked === undefined) return stsErrors.missingParameter();
  return asked === version ? undefined : stsErrors.invalidAction(action || '(none)', asked);
}

/**
 * An integer member written otherwise than in decimal digits (`abc`, `NaN`, `0x384`, `9e2`, ` 900`)
 * is no integer to the Query deserializer: 400 MalformedInput, before any member is validated. STS
 * answered `DurationSeconds=NaN` so (aws-azure-login/aws-azure-login#30); the words are Auto Scaling's
 * for a boolean, `boolean must follow xsd1.1 definition` (boto/boto#309), said of an int: not
 * confirmed (docs/aws-behaviour.md §66).
 */
export function malformedInteger(
  params: Map<string, string>,
  members: readonly string[],
): StsError | undefined {
  const bad = members.some((m) => params.has(m) && Number.isNaN(wireInteger(params.get(m)!)));
  return bad ? stsErrors.malformed('int must follow xsd1.1 definition') : undefined;
}

export async function handleSts(state: SandboxState, r: Received): Promise<Reply> {
  const q = await queryRequest(state, r, 'sts', stsErrorXml, STS_AUTH_ERRORS);
  if ('reply' in q) return q.reply;
  const { requestId, fail, params, action, auth } = q;
  const caller = auth.caller;
  const badVersion =
    versionError(params, action, '2011-06-15') ?? malformedInteger(params, ['DurationSeconds']);
  if (badVersion) return fail(badVersion);

  if (action === 'GetCallerIdentity') {
    return answer(
      'GetCallerIdentity',
      { Arn: caller.arn, UserId: caller.userId, Account: caller.account },
      requestId,
    );
  }
  // A federated user's session may call no STS operation but GetCallerIdentity (GetFederationToken
  // documentation); the wording of the refusal is not documented (not confirmed).
  if (caller.federated && (action === 'GetSessionToken' || action === 'GetFederationToken'))
    return fail(stsErrors.accessDenied(`Cannot call ${action} with session credentials`));
  if (action === 'GetSessionToken') return getSessionToken(state, caller, params, requestId, fail);
  if (action === 'GetFederationToken')
    return getFederationToken(state, caller, params, auth.region, requestId, fail);
  if (action !== 'AssumeRole') return fail(stsErrors.invalidAction(action || '(none)'));

  // Parameters, validated with STS's own messages.
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const errors: string[] = [];
  if (roleArn === undefined)
    errors.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else {
    const problem = arnTypeError('roleArn', roleArn);
    if (problem) errors.push(problem);
  }
  const nameError = stsNameError('roleSessionName', sessionName, 64);
  if (nameError) errors.push(nameError);
  const durationText = params.get('DurationSeconds');
  const duration = durationText === undefined ? DEFAULT_SESSION_SECONDS : wireInteger(durationText);
  const durationProblem = durationError(durationText, duration, MAX_SESSION_SECONDS);
  if (durationProblem) errors.push(durationProblem);
  const externalId = params.get('ExternalId');
  // botocore sts model externalIdType: 2-1224 of [\w+=,.@:/-]; the message names the constraint
  // that failed (the value is left out, as for session policies).
  if (externalId !== undefined) {
    const constraint =
      externalId.length < 2
        ? 'Member must have length greater than or equal to 2'
        : externalId.length > 1224
          ? 'Member must have length less than or equal to 1224'
          : isExternalId(externalId)
            ? undefined
            : 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*';
    if (constraint) errors.push(`Value at 'externalId' failed to satisfy constraint: ${constraint}`);
  }
  errors.push(...sessionPolicyParamErrors(params, 'unrestricted'));
  const tagRequest = tagRequestOf(params);
  errors.push(...tagParamErrors(tagRequest));
  errors.push(...mfaParamErrors(params));
  const contexts = providedContextsOf(params);
  errors.push(...providedContextErrors(contexts));
  const sourceIdentity = params.get('SourceIdentity');
  if (sourceIdentity !== undefined) {
    const problem = sourceIdentityError(sourceIdentity);
    if (problem) errors.push(problem);
  }
  if (errors.length > 0) {
    return fail(
      stsErrors.validation(
        `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
      ),
    );
  }
  // The session's tags fill the packed space too, those it inherits as transitive with those passed.
  const inherited = caller.transitiveTags ?? {};
  const packed = packedPolicySize(params, [...tagRequest.tags, ...Object.entries(inherited)]);
  if (typeof packed === 'object') return fail(packed);

  const mfa = mfaOf(state, caller, params);
  if (typeof mfa !== 'boolean') return fail(mfa);
  const denied = (action = 'sts:AssumeRole') =>
    fail(stsErrors.accessDenied(denialMessage(caller.arn, action, roleArn!, 'none', false)));
  const role = state.roles.get(roleArn!);
  if (!role || caller.federated) return denied();
  // A source identity set earlier in the chain "persists" and "cannot be changed during the role
  // session" (id_credentials_temp_control-access_monitor); STS's words for a change are not
  // documented: refused as AccessDenied on sts:SetSourceIdentity, like a missing permission.
  if (
    caller.sourceIdentity !== undefined &&
    sourceIdentity !== undefined &&
    sourceIdentity !== caller.sourceIdentity
  )
    return denied('sts:SetSourceIdentity');
  const identitySet = caller.sourceIdentity ?? sourceIdentity;
  // The calling session's transitive tags pass to this one (IAM User Guide id_session-tags).
  const tags = sessionTagsOf(role.world.tags, inherited, tagRequest);
  if ('code' in tags) return fail(tags);

  // The engine decides: trust policy as the resource layer, the caller's identity policies.
  const ctx: RequestContext = {
    principal: caller.principal,
    action: 'sts:AssumeRole',
    resource: role.world.arn,
    context: {
      ...principalKeys(caller.principal, {
        ...(state.orgIdOf(caller.account) ? { orgId: state.orgIdOf(caller.account)! } : {}),
        tags: caller.tags,
        userId: caller.userId,
        credentials: credentialsOf(caller),
      }),
      ...(externalId !== undefined ? { 'sts:ExternalId': externalId } : {}),
      'sts:RoleSessionName': sessionName!,
      ...(identitySet !== undefined ? { 'sts:SourceIdentity': identitySet } : {}),
      ...tagRequestKeys(tagRequest),
      ...providedContextKeys(contexts),
      ...sessionKeysOf(caller, state.now()),
      // An AssumeRole asked with the device's code is itself an MFA-authenticated request.
      ...(mfa ? { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 0 } : {}),
      'aws:RequestedRegion': auth.region,
      'aws:CurrentTime': state.now().toISOString(),
    },
  };
  // A role is assumable only where its trust policy itself allows the caller (IAM never lets an
  // identity policy alone assume a role); the chain then adds delegation and the cross-account rule.
  const allowed = (action: string) => {
    const asked = { ...ctx, action };
    const { decision } = authorizeAs(
      caller,
      {
        authorizationType: 'AWS_IAM',
        resourcePolicy: role.trust,
        identityPolicies: caller.identity,
        ...(caller.sessionPolicies ? { sessionPolicies: caller.sessionPolicies } : {}),
        resourceAccount: role.account,
      },
      asked,
    );
    return evaluatePolicy(role.trust, asked).kind === 'Allowed' && decision.decision !== 'deny';
  };
  if (!allowed('sts:AssumeRole')) return denied();
  // Tags passed, or inherited as transitive, need sts:TagSession too ("For roles that don't have this
  // permission in the trust policy, the AssumeRole operation will fail": id_session-tags).
  if ((tagRequest.tags.length > 0 || Object.keys(inherited).length > 0) && !allowed('sts:TagSession'))
    return denied('sts:TagSession');
  // "principals … must have permissions to sts:SetSourceIdentity", in a chain too ("required in both
  // the permissions policy of the principal who is assuming the role and in the role trust policy").
  if (identitySet !== undefined && !allowed('sts:SetSourceIdentity')) return denied('sts:SetSourceIdentity');
  // Trusted identity propagation: the trust policy must allow sts:SetContext (IAM Identity Center user
  // guide); an assertion is then one STS signed and encrypted, which the sandbox never issues (§53).
  if (contexts.length > 0)
    return allowed('sts:SetContext') ? fail(stsErrors.contextAssertion()) : denied('sts:SetContext');
  // Role chaining: credentials that are themselves a role session get at most one hour, whatever
  // the role's MaxSessionDuration (docs/aws-behaviour.md "Session duration"). Which of the two
  // duration checks STS makes first is not documented; chaining first, as it needs no role setting.
  // A GetSessionToken session is held to the same hour: AWS documents chaining as role to role, but
  // STS is measured to refuse these with the chaining message too (aws-behaviour.md §10).
  if ((caller.role || caller.userSession) && duration > ROLE_CHAINING_MAX_SECONDS) {
    return fail(stsErrors.validation(ROLE_CHAINING_MESSAGE));
  }
  if (duration > role.world.maxSessionDuration) {
    return fail(stsErrors.validation(MAX_SESSION_MESSAGE));
  }

  const sessionPolicies = compileSessionPolicies(state, params, role.account);
  if (!Array.isArray(sessionPolicies)) return fail(sessionPolicies);
  // The trust policy saw the MFA of a code passed here; the role session does not carry it: "The
  // temporary credentials returned by AssumeRole do not include MFA information in the context" (IAM
  // User Guide, id_credentials_mfa_configure-api-require; measured: aws/aws-sdk-java-v2#2554). Assumed
  // with credentials that carry MFA (an MFA GetSessionToken session), the session carries that MFA and
  // its age, as measured in the field (miquella/vaulted#43, Systanics/CloudGlance#31) and as the global
  // keys page counts the age "since the requesting principal was authorized using MFA"; the MFA page's
  // general sentence reads otherwise, so predictions keep both readings (docs/aws-behaviour.md §41).
  const carried = caller.mfa && caller.issuedAt ? (caller.mfaAt ?? caller.issuedAt) : undefined;
  const session = state.issueSession(
    role,
    sessionName!,
    duration,
    sessionPolicies,
    tags,
    carried,
    identitySet,
  );
  const c = session.credentials;
  return answer(
    'AssumeRole',
    {
      AssumedRoleUser: { AssumedRoleId: session.caller.userId, Arn: session.caller.arn },
      Credentials: credentials(c),
      PackedPolicySize: packed,
    },
    requestId,
  );
}

/**
 * GetFederationToken: an IAM user's long-term credentials ask for a federated-user session
 * (arn:aws:sts::ACCOUNT:federated-user/NAME) holding the user's permissions intersected with the
 * session policies passed, none without any (botocore sts model and STS API reference). Needs
 * sts:GetFederationToken on that ARN; session credentials may not ask (IAM User Guide,
 * id_credentials_temp_request: "long-term security credentials of an IAM user"; the refusal's wording
 * is not confirmed). Name 2-32 of [\w+=,.@-], DurationSeconds 900-129,600 (default 43,200).
 */
function getFederationToken(
  state: SandboxState,
  caller: Caller,
  params: Map<string, string>,
  region: string,
  requestId: string,
  fail: (e: StsError) => Reply,
): Reply {
  const name = params.get('Name');
  const errors: string[] = [];
  const nameError = stsNameError('name', name, 32);
  if (nameError) errors.push(nameError);
  const text = params.get('DurationSeconds');
  const duration = text === undefined ? 43_200 : wireInteger(text);
  const durationProblem = durationError(text, duration, 129_600);
  if (durationProblem) errors.push(durationProblem);
  errors.push(...sessionPolicyParamErrors(params, 'at most 2,048'));
  // Session tags, but none transitive: a federated user cannot assume a role (id_session-tags).
  const tagRequest = { ...tagRequestOf(params), transitive: [] };
  errors.push(...tagParamErrors(tagRequest));
  if (errors.length > 0)
    return fail(
      stsErrors.validation(
        `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
      ),
    );
  const packed = packedPolicySize(params, tagRequest.tags);
  if (typeof packed === 'object') return fail(packed);
  if (caller.role || caller.userSession)
    return fail(stsErrors.accessDenied('Cannot call GetFederationToken with session credentials'));
  // "the session's principal tags include the user's tags and the passed session tags".
  const tags = sessionTagsOf(caller.tags, {}, tagRequest);
  if ('code' in tags) return fail(tags);
  const arn = `arn:${arnFields(caller.arn)?.partition ?? 'aws'}:sts::${caller.account}:federated-user/${name!}`;
  const keys = tagRequestKeys(tagRequest);
  for (const action of ['sts:GetFederationToken', ...(tagRequest.tags.length > 0 ? ['sts:TagSession'] : [])])
    if (!authorizeControlPlane(state, caller, action, arn, region, keys).allowed)
      return fail(stsErrors.accessDenied(denialMessage(caller.arn, action, arn, 'none', false)));
  const sessionPolicies = compileSessionPolicies(state, params, caller.account);
  if (!Array.isArray(sessionPolicies)) return fail(sessionPolicies);
  const session = state.issueFederatedSession(caller, arn, name!, duration, sessionPolicies, tags.tags);
  return answer(
    'GetFederationToken',
    {
      Credentials: credentials(session.credentials),
      FederatedUser: { FederatedUserId: session.caller.userId, Arn: arn },
      PackedPolicySize: packed,
    },
    requestId,
  );
}

/**
 * GetSessionToken: an IAM user's own credentials for a while (900 to 129,600 s, default 43,200; STS
 * API reference). Session credentials cannot ask for one; no permission is needed (IAM User Guide,
 * id_credentials_temp_control-access_getsessiontoken).
 */
function getSessionToken(
  state: SandboxState,
  caller: Caller,
  params: Map<string, string>,
  requestId: string,
  fail: (e: StsError) => Reply,
): Reply {
  if (caller.role || caller.userSession)
    return fail(stsErrors.accessDenied('Cannot call GetSessionToken with session credentials'));
  const text = params.get('DurationSeconds');
  const duration = text === undefined ? 43_200 : wireInteger(text);
  const durationProblem = durationError(text, duration, 129_600);
  const errors = [...(durationProblem ? [durationProblem] : []), ...mfaParamErrors(params)];
  if (errors.length > 0)
    return fail(
      stsErrors.validation(
        `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
      ),
    );
  const mfa = mfaOf(state, caller, params);
  if (typeof mfa !== 'boolean') return fail(mfa);
  const c = state.issueUserSession(caller, duration, mfa).credentials;
  return answer('GetSessionToken', { Credentials: credentials(c) }, requestId);
}

/** `<ACTIONResponse>`: the result, then the request id. */
function answer(action: string, result: XmlElements, requestId: string): Reply {
  const body = xmlDocument(`${action}Response`, NS, {
    [`${action}Result`]: result,
    ResponseMetadata: { RequestId: requestId },
  });
  return xml(200, body, requestId);
}

/** The `<Credentials>` element of AssumeRole's and GetSessionToken's answers. */
function credentials(c: Credentials & { sessionToken: string; expiration: Date }): XmlElements {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: c.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** STS's validation wording for a name member (RoleSessionName, Name): [\w+=,.@-] of 2 to `max`. */
function stsNameError(member: string, value: string | undefined, max: number): string | undefined {
  if (value === undefined)
    return `Value null at '${member}' failed to satisfy constraint: Member must not be null`;
  if (new RegExp(`^[\\w+=,.@-]{2,${max}}$`).test(value)) return undefined;
  return `Value '${value.slice(0, 64)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and ${max}`;
}

/** Validation errors of `SerialNumber` and `TokenCode` (botocore sts model serialNumberType, tokenCodeType). */
function mfaParamErrors(params: Map<string, string>): string[] {
  const errors: string[] = [];
  const serial = params.get('SerialNumber');
  if (serial !== undefined && !/^[\w+=/:,.@-]{9,256}$/.test(serial))
    errors.push(
      `Value '${serial.slice(0, 64)}' at 'serialNumber' failed to satisfy constraint: Member must have length between 9 and 256 and satisfy regular expression pattern: [\\w+=/:,.@-]*`,
    );
  const code = params.get('TokenCode');
  if (code !== undefined && !/^\d{6}$/.test(code))
    errors.push(
      `Value '${code.slice(0, 16)}' at 'tokenCode' failed to satisfy constraint: Member must have length 6 and satisfy regular expression pattern: [\\d]*`,
    );
  return errors;
}

/**
 * Whether the request authenticates with MFA: false without `SerialNumber` and `TokenCode`, AccessDenied
 * with one of them alone; with both,
 * true for the caller's own device (the world's harness user's `mfaDevice`, its long-term keys or its
 * GetSessionToken session) and the code it shows, else STS's AccessDenied (wordings measured in the
 * field: aws/aws-cli#6325, lonelyplanet/aws-mfa#21; docs/aws-behaviour.md §29).
 */
function mfaOf(state: SandboxState, caller: Caller, params: Map<string, string>): boolean | StsError {
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (serial === undefined && code === undefined) return false;
  // One without the other: STS's words as measured in the field (y13i/sgviz#9).
  if (serial === undefined || code === undefined)
    return stsErrors.accessDenied(
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    );
  const device =
    !caller.role && !caller.federated && caller.arn === state.harness.arn
      ? state.world.harness.mfaDevice
      : undefined;
  if (!device || serial !== device.serial)
    return stsErrors.accessDenied(
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
  if (code !== device.code)
    return stsErrors.accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  return true;
}

/**
 * `SourceIdentity` (botocore sts model sourceIdentityType: 2 to 64 of [\w+=,.@-]; "You cannot use a
 * value that begins with the text aws:", whose refusal's words are not documented).
 */
function sourceIdentityError(value: string): string | undefined {
  if (/^[\w+=,.@-]{2,64}$/.test(value) && !value.startsWith('aws:')) return undefined;
  return `Value '${value.slice(0, 64)}' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*, have length between 2 and 64, and not begin with aws:`;
}

/** STS's validation wording for DurationSeconds outside MIN_SESSION_SECONDS..max. */
function durationError(text: string | undefined, duration: number, max: number): string | undefined {
  if (Number.isInteger(duration) && duration >= MIN_SESSION_SECONDS && duration <= max) return undefined;
  return `Value '${(text ?? '').slice(0, 16)}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_SESSION_SECONDS} and ${max}`;
}
