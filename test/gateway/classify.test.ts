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
        Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny in a VPC endpoint policy`,
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
      'missing auth token',
      403,
      h('MissingAuthenticationTokenException'),
      j({ message: 'Missing Authentication Token' }),
      'denied',
      'missing-auth',
    ],
    [
      'bad signature',
      403,
      h('InvalidSignatureException'),
      j({
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      }),
      'denied',
      'bad-signature',
    ],
    [
      'bad access key (reported as AccessDeniedException)',
      403,
      h('AccessDeniedException'),
      j({ message: 'The security token included in the request is invalid.' }),
      'denied',
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
      'denied',
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
      'denied',
      'bad-signature',
    ],
    [
      'expired token',
      403,
      h('ExpiredTokenException'),
      j({ message: 'The security token included in the request is expired' }),
      'denied',
      'bad-signature',
    ],
    [
      'not via the endpoint',
      403,
      h('ForbiddenException'),
      j({ message: 'Forbidden' }),
      'denied',
      'forbidden',
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
    ['unrecognised 403', 403, h(), 'something else', 'error', 'server-error'],
    [
      'unrecognised 4xx without request id',
      404,
      { 'content-type': 'text/html' },
      '<html>not found</html>',
      'error',
      'server-error',
    ],
    [
      'unrecognised gateway 400',
      400,
      h('BadRequestException'),
      j({ message: 'Invalid request body' }),
      'error',
      'server-error',
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
    expect(c).toEqual({
      outcome: 'denied',
      reason: 'forbidden',
      requestId: 'abc',
      errorType: 'ForbiddenException',
      message: 'Forbidden',
    });
  });
});

describe('the reasons given', () => {
  it('are all in the report schema (docs/design.md observed.reason)', () => {
    const given = new Set<string>(cases.map((c) => c[5]));
    for (const code of ['ECONNREFUSED', 'SPOKEGATE_TIMEOUT', 'CERT_HAS_EXPIRED'])
      given.add(classifyNetworkError(Object.assign(new Error('x'), { code })).reason);
    for (const r of given) expect(OBSERVED_REASONS as readonly string[]).toContain(r);
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
