// Every observed.reason from the bodies in reference/aws-behaviour.md §4.
import { describe, expect, it } from 'vitest';
import { classifyNetworkError, classifyResponse, detectClockSkew } from '../../src/gateway/index.js';
import { OBSERVED_REASONS } from '../../src/matrix/schema.js';

const ARN = 'arn:aws:execute-api:eu-west-1:********3333:a1b2c3d4e5/v1/GET/x';
const USER = 'arn:aws:sts::111122223333:assumed-role/CheckoutRole/spokegate';
const j = (o: unknown) => JSON.stringify(o);
const h = (type?: string) => ({
  'content-type': 'application/json',
  'x-amzn-requestid': 'req-1',
  ...(type ? { 'x-amzn-errortype': type } : {}),
});

const cases: Array<[string, number, Record<string, string>, string, 'allowed' | 'denied' | 'error', string]> =
  [
    ['integration 200', 200, h(), j({ ok: true }), 'allowed', 'integration'],
    ['integration 204', 204, h(), '', 'allowed', 'integration'],
    [
      'integration 404 from the backend (no error type)',
      404,
      h(),
      j({ error: 'no order' }),
      'allowed',
      'integration',
    ],
    [
      'integration 403 from the backend (no error type): never a policy denial',
      403,
      h(),
      j({ error: 'not your order' }),
      'allowed',
      'integration',
    ],
    ['integration 401 from the backend', 401, h(), 'go away', 'allowed', 'integration'],
    [
      'endpoint policy, no allow',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no VPC endpoint policy allows the execute-api:Invoke action`,
      }),
      'denied',
      'endpoint-policy',
    ],
    [
      'endpoint policy, explicit deny, no error type',
      403,
      h(),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a VPC endpoint policy`,
      }),
      'denied',
      'endpoint-policy',
    ],
    [
      'resource policy explicit deny',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a resource-based policy`,
      }),
      'denied',
      'resource-policy',
    ],
    [
      'resource policy no allow (newer wording)',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no resource-based policy allows the execute-api:Invoke action`,
      }),
      'denied',
      'resource-policy',
    ],
    [
      'identity policy no allow',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no identity-based policy allows the execute-api:Invoke action`,
      }),
      'denied',
      'identity-policy',
    ],
    [
      'identity policy explicit deny',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in an identity-based policy`,
      }),
      'denied',
      'identity-policy',
    ],
    [
      'SCP explicit deny',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a service control policy`,
      }),
      'denied',
      'service-control-policy',
    ],
    [
      'SCP no allow',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no service control policy allows the execute-api:Invoke action`,
      }),
      'denied',
      'service-control-policy',
    ],
    [
      'RCP explicit deny',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a resource control policy`,
      }),
      'denied',
      'resource-control-policy',
    ],
    [
      'permissions boundary no allow',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no permissions boundary allows the execute-api:Invoke action`,
      }),
      'denied',
      'permissions-boundary',
    ],
    [
      'permissions boundary explicit deny',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a permissions boundary`,
      }),
      'denied',
      'permissions-boundary',
    ],
    [
      'session policy no allow',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} because no session policy allows the execute-api:Invoke action`,
      }),
      'denied',
      'session-policy',
    ],
    [
      'no allow, no layer named',
      403,
      h('AccessDeniedException'),
      j({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource:${ARN}` }),
      'denied',
      'access-denied',
    ],
    [
      'explicit deny, older wording without layer',
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny`,
      }),
      'denied',
      'access-denied',
    ],
    [
      'missing auth token, signed call: no such route or stage',
      403,
      h('MissingAuthenticationTokenException'),
      j({ message: 'Missing Authentication Token' }),
      'error',
      'missing-auth',
    ],
    [
      'bad signature (not provoked)',
      403,
      h('InvalidSignatureException'),
      j({
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      }),
      'error',
      'bad-signature',
    ],
    [
      'bad access key (reported as AccessDeniedException)',
      403,
      h('AccessDeniedException'),
      j({ message: 'The security token included in the request is invalid.' }),
      'error',
      'bad-signature',
    ],
    [
      'unrecognized client',
      403,
      h('UnrecognizedClientException'),
      j({ message: 'The security token included in the request is invalid.' }),
      'error',
      'bad-signature',
    ],
    [
      'malformed Authorization',
      403,
      h('IncompleteSignatureException'),
      j({
        message:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 x",
      }),
      'error',
      'bad-signature',
    ],
    [
      'signature expired (clock skew)',
      403,
      h('InvalidSignatureException'),
      j({
        message:
          'Signature expired: 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)',
      }),
      'error',
      'bad-signature',
    ],
    [
      'expired token (ExpiredTokenException)',
      403,
      h('ExpiredTokenException'),
      j({ message: 'The security token included in the request is expired' }),
      'error',
      'bad-signature',
    ],
    [
      'expired token (AccessDeniedException wording)',
      403,
      h('AccessDeniedException'),
      j({ Message: 'The security token included in the request is expired' }),
      'error',
      'bad-signature',
    ],
    [
      'Forbidden: not a policy decision',
      403,
      h('ForbiddenException'),
      j({ message: 'Forbidden' }),
      'error',
      'forbidden',
    ],
    ['Forbidden without an error type', 403, h(), j({ message: 'Forbidden' }), 'error', 'forbidden'],
    [
      'request validation',
      400,
      h('BadRequestException'),
      j({ message: 'Invalid request body' }),
      'error',
      'bad-request',
    ],
    [
      'throttled',
      429,
      h('TooManyRequestsException'),
      j({ message: 'Too Many Requests' }),
      'error',
      'throttled',
    ],
    [
      'server error 500',
      500,
      h('InternalServerErrorException'),
      j({ message: 'Internal server error' }),
      'error',
      'server-error',
    ],
    ['server error 503', 503, h(), j({ message: 'Service Unavailable' }), 'error', 'server-error'],
    [
      'integration 502 (no error type): fail closed',
      502,
      h(),
      j({ message: 'bad gateway' }),
      'error',
      'server-error',
    ],
    ['unrecognised 403 without request id', 403, {}, 'something else', 'error', 'server-error'],
    [
      'unrecognised 4xx without request id',
      404,
      { 'content-type': 'text/html' },
      '<html>not found</html>',
      'error',
      'server-error',
    ],
    [
      'unrecognised gateway error type',
      400,
      h('SomethingNewException'),
      j({ message: 'new' }),
      'error',
      'server-error',
    ],
    [
      "a route's authorizer refused the token (401 Unauthorized)",
      401,
      h('UnauthorizedException'),
      j({ message: 'Unauthorized' }),
      'error',
      'authorizer',
    ],
  ];

describe('classifyResponse', () => {
  for (const [name, status, headers, body, outcome, reason] of cases) {
    it(`${name} -> ${outcome}/${reason}`, () => {
      const c = classifyResponse(status, headers, body);
      expect(c.outcome).toBe(outcome);
      expect(c.reason).toBe(reason);
    });
  }

  it('keeps the request id, the error type (without its URL part) and the message', () => {
    const c = classifyResponse(
      403,
      {
        'x-amzn-RequestId': 'abc',
        'x-amzn-ErrorType': 'ForbiddenException:http://internal.amazon.com/coral/x/',
      },
      '{"message":"Forbidden"}',
    );
    expect(c).toMatchObject({
      outcome: 'error',
      reason: 'forbidden',
      requestId: 'abc',
      errorType: 'ForbiddenException',
    });
    expect(c.message).toMatch(/^Forbidden/);
  });
});

describe('answers no policy made are errors with their likely causes (issue 10 item 6)', () => {
  it('ForbiddenException lists hostname/Host, API key, WAF, endpoint access mode', () => {
    const m = classifyResponse(403, h('ForbiddenException'), j({ message: 'Forbidden' })).message!;
    for (const cause of [/Host/, /API key/, /WAF/, /access mode/]) expect(m).toMatch(cause);
  });
  it('Missing Authentication Token for a signed call names the route and stage', () => {
    const m = classifyResponse(
      403,
      h('MissingAuthenticationTokenException'),
      j({ message: 'Missing Authentication Token' }),
    ).message!;
    expect(m).toMatch(/route|resource/);
    expect(m).toMatch(/stage/);
  });
  it('for an unsigned call to an AWS_IAM method it is the denial API Gateway gives', () => {
    const c = classifyResponse(
      403,
      h('MissingAuthenticationTokenException'),
      j({ message: 'Missing Authentication Token' }),
      { signed: false },
    );
    expect(c).toMatchObject({ outcome: 'denied', reason: 'missing-auth' });
  });
  it('a signature refused on purpose (tampered) is the denial it provokes', () => {
    const c = classifyResponse(
      403,
      h('InvalidSignatureException'),
      j({ message: 'The request signature we calculated does not match' }),
      { tampered: true },
    );
    expect(c).toMatchObject({ outcome: 'denied', reason: 'bad-signature' });
  });
});

describe("a route's authorizer refusing is no policy decision spokegate proves (docs/aws-behaviour.md §5d)", () => {
  // Its answer depends on the token the caller sends (the harness sends its SigV4 header), not on
  // the endpoint, resource or identity policies: never a denial a scenario's expectation can meet.
  for (const [what, status, type, body] of [
    [
      'a Lambda authorizer raising Unauthorized, or no token',
      401,
      'UnauthorizedException',
      { message: 'Unauthorized' },
    ],
    [
      "a Lambda authorizer's explicit deny (newer wording)",
      403,
      'AccessDeniedException',
      {
        Message:
          'User is not authorized to access this resource with an explicit deny in an identity-based policy',
      },
    ],
    [
      "a Lambda authorizer's explicit deny (older wording)",
      403,
      'AccessDeniedException',
      { Message: 'User is not authorized to access this resource with an explicit deny' },
    ],
    [
      "a Lambda authorizer's policy that does not allow",
      403,
      'AccessDeniedException',
      { Message: 'User is not authorized to access this resource' },
    ],
    [
      'an authorizer that fails (a Lambda error or bad output): gateway response AUTHORIZER_CONFIGURATION_ERROR',
      500,
      'AuthorizerConfigurationException',
      { message: null },
    ],
  ] as const)
    it(`${what}: error, reason authorizer, saying why`, () => {
      const c = classifyResponse(status, h(type), j(body));
      expect(c).toMatchObject({ outcome: 'error', reason: 'authorizer' });
      expect(c.message).toMatch(/authorizer/);
      expect(c.message).toMatch(/token/);
    });
});

describe('which layer the wire names (issue 11 item 4)', () => {
  it('a named layer is from the wire', () => {
    const c = classifyResponse(
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a resource-based policy`,
      }),
    );
    expect(c.layerSource).toBe('wire');
  });
  it('a denial that names no layer leaves it to the prediction', () => {
    const c = classifyResponse(
      403,
      h('AccessDeniedException'),
      j({
        Message: `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny`,
      }),
    );
    expect(c.reason).toBe('access-denied');
    expect(c.layerSource).toBeUndefined();
  });
});

describe('the reasons given', () => {
  it('are all in the report schema (docs/design.md observed.reason)', () => {
    const given = new Set<string>(cases.map((c) => c[5]));
    for (const code of ['ECONNREFUSED', 'SPOKEGATE_TIMEOUT', 'CERT_HAS_EXPIRED'])
      given.add(classifyNetworkError(Object.assign(new Error('x'), { code })).reason);
    for (const r of given) expect(OBSERVED_REASONS as readonly string[]).toContain(r);
    given.add(
      classifyResponse(403, h('MissingAuthenticationTokenException'), '{}', { signed: false }).reason,
    );
    // wrong-endpoint is the harness's own finding (src/harness/cells.ts), not an answer's class.
    given.add('wrong-endpoint');
    expect(given.size).toBe(OBSERVED_REASONS.length); // and every schema reason is exercised here
  });
});

describe('allowed answers', () => {
  it('carry no error message (the body is data)', () => {
    expect(classifyResponse(200, h(), '{"message":"hello"}').message).toBeUndefined();
  });
});

describe('unrecognised answers', () => {
  it('say so in the message', () => {
    expect(classifyResponse(403, {}, 'odd').message).toBe('unrecognised answer (HTTP 403): odd');
  });
});

describe('classifyNetworkError', () => {
  const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it('maps codes to network, timeout and tls', () => {
    expect(classifyNetworkError(err('ECONNREFUSED')).reason).toBe('network');
    expect(classifyNetworkError(err('ECONNRESET', 'socket hang up')).reason).toBe('network');
    expect(classifyNetworkError(err('SPOKEGATE_TIMEOUT')).reason).toBe('timeout');
    expect(classifyNetworkError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).reason).toBe('tls');
    expect(classifyNetworkError(err('ERR_TLS_CERT_ALTNAME_INVALID')).reason).toBe('tls');
    expect(classifyNetworkError(err('ECONNREFUSED')).outcome).toBe('error');
  });
});

describe('detectClockSkew', () => {
  it('computes how far behind the local clock is from "Signature expired"', () => {
    const s = detectClockSkew(
      'Signature expired: 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)',
    );
    expect(s!.offsetSeconds).toBe(-566);
    expect(s!.hint).toMatch(/the local clock is 566 s off \(behind AWS\)/);
  });
  it('and how far ahead from "Signature not yet current"', () => {
    const s = detectClockSkew(
      'Signature not yet current: 20170517T064414Z is still later than 20170517T063840Z (20170517T063340Z + 5 min.)',
    );
    expect(s!.offsetSeconds).toBe(634);
    expect(s!.hint).toContain('634 s off');
    expect(s!.hint).toContain('ahead of AWS');
  });
  it('ignores other messages', () => {
    expect(detectClockSkew('Forbidden')).toBeNull();
    expect(detectClockSkew(undefined)).toBeNull();
  });
});

// AWS's words for the signature refusals no source documents (SigV4a region sets, a miscased
// algorithm, upper-case SignedHeaders, an expired presigned request outside S3; docs/aws-behaviour.md
// §21) are unknown: the classifier reads these answers by their error type, never by the words, so
// any wording is an `error` (or, tampered on purpose, the denial it provokes), never allowed.
describe('signature refusals in words no source gives', () => {
  it.each([
    ['InvalidSignatureException', "Credential should be scoped to a valid region, not 'eu-west-1'. "],
    ['InvalidSignatureException', 'The region set does not include this region.'],
    ['IncompleteSignatureException', "SigV4a requires the 'X-Amz-Region-Set' header or query parameter."],
    ['IncompleteSignatureException', 'Unsupported authorization type: aws4-hmac-sha256'],
    ['InvalidSignatureException', 'Signature expired: 20260101T000000Z is now earlier than … (… - 900 sec.)'],
  ])('%s "%s" is an error, or a denial only when tampered', (type, message) => {
    expect(classifyResponse(403, h(type), j({ message }))).toMatchObject({
      outcome: 'error',
      reason: 'bad-signature',
    });
    expect(classifyResponse(403, h(type), j({ message }), { tampered: true })).toMatchObject({
      outcome: 'denied',
      reason: 'bad-signature',
    });
  });
});
