// Every error the sandbox answers, in one place: status, error type and message per case, shaped as
// each AWS service shapes it. Wording that reference/aws-behaviour.md marks "not confirmed" lives
// here only, so it can be corrected in one edit.
import type { GatewayAnswer } from '../config/world.js';
import type { Layer } from '../policy/types.js';
import { xmlDocument } from './xml.js';

/** An execute-api (API Gateway data plane) error: JSON, `message` for gateway errors, `Message` for IAM. */
export interface GatewayError {
  status: number;
  type: string;
  body: Record<string, string | null>;
}

const gw = (status: number, type: string, message: string): GatewayError => ({
  status,
  type,
  body: { message },
});

export const gatewayErrors = {
  forbidden: () => gw(403, 'ForbiddenException', 'Forbidden'),
  missingAuthenticationToken: () =>
    gw(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
  incompleteSignature: (message: string) => gw(403, 'IncompleteSignatureException', message),
  invalidSignature: (message: string) => gw(403, 'InvalidSignatureException', message),
  // Not confirmed for execute-api: API Gateway reports an unknown key like the other JSON services.
  invalidToken: (message: string) => gw(403, 'UnrecognizedClientException', message),
  expiredToken: (message: string) => gw(403, 'ExpiredTokenException', message),
  throttled: () => gw(429, 'TooManyRequestsException', 'Too Many Requests'),
  internal: () => gw(500, 'InternalServerErrorException', 'Internal server error'),
  /** The control plane's answer to a `limit` below 1 (measured: 500 InternalFailure; body not confirmed). */
  internalFailure: (): GatewayError => ({ status: 500, type: 'InternalFailure', body: { message: null } }),
  unavailable: () => gw(503, 'ServiceUnavailableException', 'Service Unavailable'),
  badRequest: (message: string) => gw(400, 'BadRequestException', message),
  tooLarge: () => gw(413, 'RequestEntityTooLargeException', 'Request Too Long'),
  unknownOperation: () => gw(404, 'UnknownOperationException', 'Unknown operation'),
  notFound: (message: string) => gw(404, 'NotFoundException', message),
  /** The API Gateway control plane refusing an IAM action (apigateway:GET). */
  controlPlaneDenied: (message: string) => gw(403, 'AccessDeniedException', message),
  /**
   * A route's authorizer refused the token (a Lambda authorizer raising "Unauthorized", a missing or
   * refused token; a Cognito token refused): gateway response UNAUTHORIZED (docs/aws-behaviour.md §5d).
   */
  unauthorized: () => gw(401, 'UnauthorizedException', 'Unauthorized'),
  /**
   * A route's authorizer failed (the Lambda raised another error or returned no valid policy, or
   * could not be invoked): gateway response AUTHORIZER_CONFIGURATION_ERROR, HTTP 500 with
   * `{"message": null}` (docs/aws-behaviour.md §5d).
   */
  authorizerFailed: (): GatewayError => ({
    status: 500,
    type: 'AuthorizerConfigurationException',
    body: { message: null },
  }),
  /**
   * A Lambda authorizer's policy denied the call explicitly: gateway response ACCESS_DENIED, with the
   * `Message` key; newer answers add "in an identity-based policy" (docs/aws-behaviour.md §5d).
   */
  authorizerDenied: (style: DenialStyle = 'modern'): GatewayError => ({
    status: 403,
    type: 'AccessDeniedException',
    body: {
      Message: `User is not authorized to access this resource with an explicit deny${style === 'modern' ? ' in an identity-based policy' : ''}`,
    },
  }),
  /** An IAM denial: the body key is `Message`, as IAM-generated denials have it. */
  accessDenied: (
    who: string,
    resourceArn: string,
    layer: Layer | 'none',
    explicit: boolean,
    style: DenialStyle = 'modern',
  ): GatewayError => ({
    status: 403,
    type: 'AccessDeniedException',
    body: {
      Message: denialMessage(who, 'execute-api:Invoke', maskAccount(resourceArn), layer, explicit, style),
    },
  }),
};

/** What a route set to `gatewayAnswer` answers once the policies allow (world.md). */
export const GATEWAY_ANSWER_ERRORS: Record<GatewayAnswer, () => GatewayError> = {
  'bad-request': () => gatewayErrors.badRequest('Invalid request body'),
  'expired-token': () => gatewayErrors.expiredToken('The security token included in the request is expired'),
  // The same condition as IAM words it elsewhere (docs/aws-behaviour.md §4).
  'expired-token-access-denied': () =>
    gw(403, 'AccessDeniedException', 'The security token included in the request is expired'),
  'unrecognized-client': () =>
    gw(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
  'api-key-required': () => gatewayErrors.forbidden(),
  waf: () => gatewayErrors.forbidden(),
};

export type DenialStyle = 'modern' | 'legacy';

const LAYER_WORDS: Record<Layer, { explicit: string; implicit: string }> = {
  // Not confirmed (AWS does not document the endpoint-policy denial body): IAM's wording.
  endpoint: { explicit: 'in a VPC endpoint policy', implicit: 'VPC endpoint policy' },
  resource: { explicit: 'in a resource-based policy', implicit: 'resource-based policy' },
  identity: { explicit: 'in an identity-based policy', implicit: 'identity-based policy' },
  // IAM User Guide, troubleshoot_access-denied: "… with an explicit deny in a session policy",
  // "… because no session policy allows the … action".
  session: { explicit: 'in a session policy', implicit: 'session policy' },
  // Same page: "… with an explicit deny in a permissions boundary", "… because no permissions
  // boundary allows the … action".
  boundary: { explicit: 'in a permissions boundary', implicit: 'permissions boundary' },
  // Same page: "… with an explicit deny in a service control policy", "… because no service control
  // policy allows the … action".
  scp: { explicit: 'in a service control policy', implicit: 'service control policy' },
};

/**
 * "User: X is not authorized to perform: A on resource: R because no ... allows the A action" (modern),
 * or the legacy wording without the layer (world `denialMessages: legacy`).
 */
export function denialMessage(
  who: string,
  action: string,
  resource: string,
  layer: Layer | 'none',
  explicit: boolean,
  style: DenialStyle = 'modern',
): string {
  const head = `User: ${who} is not authorized to perform: ${action} on resource: ${resource}`;
  // The older wording names no layer: "with an explicit deny" alone, or nothing after the resource.
  if (style === 'legacy') return explicit ? `${head} with an explicit deny` : head;
  if (layer === 'none') return head;
  const words = LAYER_WORDS[layer];
  return explicit
    ? `${head} with an explicit deny ${words.explicit}`
    : `${head} because no ${words.implicit} allows the ${action} action`;
}

/** API Gateway shows the API owner's account masked to its last four digits. */
export function maskAccount(arn: string): string {
  return arn.replace(
    /^(arn:[^:]+:execute-api:[^:]*:)(\d{8})(\d{4}):/,
    (_m, p: string, _h: string, t: string) => `${p}********${t}:`,
  );
}

/**
 * A control-plane IAM denial: "User: X is not authorized to perform: A on resource: R because no
 * identity-based policy allows the A action" (or "with an explicit deny in an identity-based policy").
 * IAM names the resource by kind and name ("role NAME", "policy ARN"); API Gateway by ARN; EC2 omits it.
 */
export function controlPlaneDenial(
  who: string,
  action: string,
  resource: string | null,
  explicit: boolean,
  layer: 'identity' | 'session' | 'boundary' | 'scp' = 'identity',
): string {
  const head = `User: ${who} is not authorized to perform: ${action}${resource === null ? '' : ` on resource: ${resource}`}`;
  const words = LAYER_WORDS[layer];
  return explicit
    ? `${head} with an explicit deny ${words.explicit}`
    : `${head} because no ${words.implicit} allows the ${action} action`;
}

/** STS (Query protocol) errors. */
export interface StsError {
  status: number;
  code: string;
  message: string;
}
export const stsErrors = {
  missingAuth: (): StsError => ({
    status: 403,
    code: 'MissingAuthenticationToken',
    message: 'Request is missing Authentication Token',
  }),
  incomplete: (message: string): StsError => ({ status: 400, code: 'IncompleteSignature', message }),
  invalidToken: (message: string): StsError => ({ status: 403, code: 'InvalidClientTokenId', message }),
  // 403: STS and IAM answer an expired session so (aws/aws-sdk-java-v2#1649, cfn-sphere/cfn-sphere#55).
  expiredToken: (message: string): StsError => ({ status: 403, code: 'ExpiredToken', message }),
  signature: (message: string): StsError => ({ status: 403, code: 'SignatureDoesNotMatch', message }),
  accessDenied: (message: string): StsError => ({ status: 403, code: 'AccessDenied', message }),
  validation: (message: string): StsError => ({ status: 400, code: 'ValidationError', message }),
  /** An operation the service does not have in that version (measured on SES, aws/aws-cli#37). */
  invalidAction: (action: string, version = '2011-06-15'): StsError => ({
    status: 400,
    code: 'InvalidAction',
    message: `Could not find operation ${action.slice(0, 64)} for version ${version.slice(0, 64)}`,
  }),
  /** A required parameter left out: the Query protocol's code, the Common Errors page's words (not measured). */
  missingParameter: (): StsError => ({
    status: 400,
    code: 'MissingParameter',
    message: 'A required parameter for the specified action is not supplied.',
  }),
  malformed: (message: string): StsError => ({ status: 400, code: 'MalformedInput', message }),
  /** IAM's answer to a value it refuses, such as a PolicyArn that names no policy (botocore iam model). */
  invalidInput: (message: string): StsError => ({ status: 400, code: 'InvalidInput', message }),
  /** A session policy STS refuses (botocore sts model MalformedPolicyDocumentException, 400). The
   * message is the engine's, not AWS's (AWS quotes its JSON parser or the rule: not confirmed). */
  malformedPolicy: (message: string): StsError => ({ status: 400, code: 'MalformedPolicyDocument', message }),
  /** Session policies beyond STS's packed space (botocore sts model PackedPolicyTooLargeException, 400;
   * the words AWS answers for a policy, repost.aws knowledge-center iam-role-aws-sts-error). */
  packedPolicyTooLarge: (percent: number): StsError => ({
    status: 400,
    code: 'PackedPolicyTooLarge',
    message: `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
  }),
  /** Session tags beyond STS's packed space: AWS's words as measured (aws/containers-roadmap#2413,
   * aws-actions/configure-aws-credentials#1803; repost.aws iam-role-aws-sts-error). */
  packedTagsTooLarge: (percent: number): StsError => ({
    status: 400,
    code: 'PackedPolicyTooLarge',
    message: `Packed size of session tags consumes ${percent}% of allotted space.`,
  }),
  /** A context assertion STS cannot read: AssumeRole's ExpiredTokenException (botocore sts model, 400, "The
   * web identity token that was passed is expired or is not valid"; the sandbox's words, §53). */
  contextAssertion: (): StsError => ({
    status: 400,
    code: 'ExpiredTokenException',
    message: 'The provided context assertion is expired or is not valid.',
  }),
  /** Session tags STS cannot take together (docs/aws-behaviour.md §29: the code is not documented). */
  invalidParameter: (message: string): StsError => ({ status: 400, code: 'InvalidParameterValue', message }),
};

/** The Query-protocol error document (STS by default; IAM uses the same shape in its own namespace). */
export function stsErrorXml(
  e: StsError,
  requestId: string,
  ns = 'https://sts.amazonaws.com/doc/2011-06-15/',
): string {
  return xmlDocument('ErrorResponse', ns, {
    Error: { Type: 'Sender', Code: e.code, Message: e.message },
    RequestId: requestId,
  });
}

/** EC2 (Query protocol, EC2 flavour) errors. */
export type Ec2Error = StsError;
export const ec2Errors = {
  authFailure: (): Ec2Error => ({
    status: 401,
    code: 'AuthFailure',
    message: 'AWS was not able to validate the provided access credentials',
  }),
  incomplete: stsErrors.incomplete,
  // Not measured for EC2: the common errors table's 403 (EC2 API reference, Common Error Types).
  expiredToken: stsErrors.expiredToken,
  skew: (message: string): Ec2Error => ({
    status: 400,
    code: 'RequestExpired',
    message: `Request has expired. ${message}`,
  }),
  unauthorized: (message: string): Ec2Error => ({
    status: 403,
    code: 'UnauthorizedOperation',
    message: `You are not authorized to perform this operation. ${message}`,
  }),
  invalidParameterValue: (message: string): Ec2Error => ({
    status: 400,
    code: 'InvalidParameterValue',
    message,
  }),
  /** A filter name the operation does not know (EC2's VPC endpoint operations, aws-behaviour.md §5b). */
  invalidFilter: (name: string): Ec2Error => ({
    status: 400,
    code: 'InvalidFilter',
    message: `The filter '${name}' is invalid`,
  }),
  invalidAction: (action: string): Ec2Error => ({
    status: 400,
    code: 'InvalidAction',
    message: `The action ${action} is not valid for this web service.`,
  }),
  endpointNotFound: (id: string): Ec2Error => ({
    status: 400,
    code: 'InvalidVpcEndpointId.NotFound',
    message: `The VpcEndpoint Id '${id}' does not exist`,
  }),
  endpointMalformed: (id: string): Ec2Error => ({
    status: 400,
    code: 'InvalidVpcEndpointId.Malformed',
    message: `Invalid Id: '${id}' (expecting 'vpce-...')`,
  }),
  // The wire answer quoted in getmoto/moto#1980 (DescribeInstances with DryRun=true).
  dryRun: (): Ec2Error => ({
    status: 412,
    code: 'DryRunOperation',
    message: 'Request would have succeeded, but DryRun flag is set.',
  }),
  invalidNextToken: (): Ec2Error => ({
    status: 400,
    code: 'InvalidPaginationToken',
    message: 'Invalid pagination token',
  }),
};

export function ec2ErrorXml(e: Ec2Error, requestId: string): string {
  return xmlDocument(
    'Response',
    undefined,
    { Errors: { Error: { Code: e.code, Message: e.message } }, RequestID: requestId },
    { declaration: true },
  );
}
