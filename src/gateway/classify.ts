// What a response means for the access matrix (docs/design.md observed.outcome/reason, reference
// aws-behaviour.md §4). Fail closed: whatever is not recognised is an `error`, never allowed or denied.

export type Outcome = 'allowed' | 'denied' | 'error';
/** observed.reason: the one vocabulary (the report schema reads it from here). */
export const REASONS = [
  'integration',
  'endpoint-policy',
  'resource-policy',
  'identity-policy',
  'service-control-policy',
  'resource-control-policy',
  'permissions-boundary',
  'session-policy',
  'access-denied',
  'missing-auth',
  'bad-signature',
  'forbidden',
  'bad-request',
  'throttled',
  'server-error',
  'network',
  'timeout',
  'tls',
  'wrong-endpoint',
  'authorizer',
] as const;
export type Reason = (typeof REASONS)[number];

export interface Classification {
  outcome: Outcome;
  reason: Reason;
  errorType?: string;
  message?: string;
  requestId?: string;
  /** `wire` when the answer itself names the policy layer that denied (see docs/report.md). */
  layerSource?: 'wire';
}

/** What the caller knows about its own request. */
export interface ClassifyOptions {
  /** The request was signed (default true). Unsigned, Missing Authentication Token is a denial. */
  signed?: boolean;
  /** The signature was tampered with on purpose: its refusal is the denial it provokes. */
  tampered?: boolean;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
}

/** The error message: API Gateway uses "message", IAM-style denials "Message". */
export function errorMessage(bodyText: string): string | undefined {
  const t = bodyText.trim();
  if (!t) return undefined;
  try {
    const j = JSON.parse(t) as unknown;
    if (j && typeof j === 'object') {
      const o = j as Record<string, unknown>;
      for (const k of ['message', 'Message', 'errorMessage']) if (typeof o[k] === 'string') return o[k];
    }
  } catch {
    // not JSON: use the text itself when it is short enough to be a message
  }
  return t.length <= 500 ? t : `${t.slice(0, 500)}...`;
}

const BAD_SIGNATURE_TYPES = new Set([
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);
const BAD_SIGNATURE_TEXT = [
  'signature we calculated does not match',
  'security token included in the request is invalid',
  'security token included in the request is expired',
  'signature expired',
  'signature not yet current',
  'credential should be scoped',
  'authorization header requires',
  'invalid key=value pair',
];

/**
 * IAM's denial wordings (docs/aws-behaviour.md §4, IAM "Access denied error messages"): the policy
 * type after "with an explicit deny in a(n)" or "because no ... allows". The older wordings name no
 * type ("... with an explicit deny", or nothing after the resource): the layer is then unknown.
 */
const POLICY_TYPES: readonly [RegExp, Reason][] = [
  [/^(?:the )?vpc endpoint polic/, 'endpoint-policy'],
  [/^(?:a |the )?resource-based polic/, 'resource-policy'],
  [/^(?:an |the )?identity-based polic/, 'identity-policy'],
  [/^(?:a |the )?service control polic/, 'service-control-policy'],
  [/^(?:a |the )?resource control polic/, 'resource-control-policy'],
  [/^(?:a |the )?permissions? boundar/, 'permissions-boundary'],
  [/^(?:a |the )?session polic/, 'session-policy'],
];
const IAM_DENIAL = /^user: \S+ is not authorized to perform: \S+ on resource: ?\S+/;
const EXPLICIT = / with an explicit deny in (?:an? |the )?(.+)$/;
const IMPLICIT = / because no (.+?) allows? the \S+ action/;

/** The layer an IAM denial names, undefined when it names none ('access-denied'). */
function deniedBy(m: string): Reason | undefined {
  const named = EXPLICIT.exec(m)?.[1] ?? IMPLICIT.exec(m)?.[1];
  if (!named) return undefined;
  return POLICY_TYPES.find(([re]) => re.test(named))?.[1];
}

/** The reasons that name one of the engine's layers (src/policy/chain.ts): the wire says which. */
export const LAYER_REASONS: ReadonlySet<Reason> = new Set([
  'endpoint-policy',
  'resource-policy',
  'identity-policy',
  'permissions-boundary',
  'session-policy',
  'service-control-policy',
]);

/** Why API Gateway says Forbidden or Missing Authentication Token when no policy decided. */
export const NOT_A_POLICY_DECISION = {
  forbidden:
    'Forbidden is not a policy decision; likely causes: the wrong hostname or Host header (or x-apigw-api-id) for the API, an API key required by the method, a WAF rule, an endpoint access mode (STRICT) the request does not meet, or a private API reached other than through an interface endpoint',
  missingAuth:
    'Missing Authentication Token for a signed request is not a policy decision: API Gateway answers it for a route (resource and method) or stage that does not exist; check the path, the method and the stage',
  authorizerFailed:
    "the route's authorizer failed (a Lambda authorizer's error or invalid output, or a Cognito or Lambda authorizer API Gateway could not call): its answer depends on the token the caller sends, not on the endpoint, resource or identity policies, so it is neither allowed nor denied",
  authorizer:
    "the route's authorizer (a Lambda authorizer or a Cognito user pool) refused the request: its answer depends on the token the caller sends (spokegate sends its SigV4 Authorization header), not on the endpoint, resource or identity policies, so it is no denial spokegate can count",
} as const;

/** A Lambda authorizer's policy refusing (gateway response ACCESS_DENIED; §5d): no "User: ARN". */
const AUTHORIZER_DENIAL = /^user is not authorized to access this resource\b/;

export function classifyResponse(
  status: number,
  headers: Headers,
  bodyText: string,
  opts: ClassifyOptions = {},
): Classification {
  const signed = opts.signed ?? true;
  const rawType = header(headers, 'x-amzn-errortype');
  // "AccessDeniedException:http://internal.amazon.com/..." -> AccessDeniedException
  let errorType = rawType?.split(':')[0]?.trim() || undefined;
  if (!errorType) {
    try {
      const j = JSON.parse(bodyText) as { __type?: unknown };
      if (typeof j?.__type === 'string') errorType = j.__type.split('#').pop();
    } catch {
      /* not JSON */
    }
  }
  // A successful body is data, not a message.
  const message = status >= 400 ? errorMessage(bodyText) : undefined;
  const requestId = header(headers, 'x-amzn-requestid') ?? header(headers, 'x-amz-apigw-id');
  const base = {
    ...(errorType ? { errorType } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(requestId ? { requestId } : {}),
  };
  const m = (message ?? '').toLowerCase().trim();
  const reach = (outcome: Outcome, reason: Reason, why?: string): Classification => ({
    outcome,
    reason,
    ...base,
    ...(why ? { message: message ? `${message}: ${why}` : why } : {}),
  });
  // Not an answer spokegate knows: an error (never allowed or denied), reported as the server's.
  const unrecognised = (): Classification => ({
    ...base,
    outcome: 'error',
    reason: 'server-error',
    message: `unrecognised answer (HTTP ${status}${errorType ? ` ${errorType}` : ''})${message ? `: ${message}` : ''}`,
  });

  if (status >= 200 && status < 400) return reach('allowed', 'integration');
  if (status === 429 || errorType === 'TooManyRequestsException' || errorType === 'ThrottlingException')
    return reach('error', 'throttled');
  // A route's authorizer failed (gateway response AUTHORIZER_CONFIGURATION_ERROR or
  // AUTHORIZER_FAILURE, HTTP 500): an error of the authorizer, no policy decision.
  if (
    status >= 500 &&
    (errorType === 'AuthorizerConfigurationException' || errorType === 'AuthorizerFailureException')
  )
    return reach('error', 'authorizer', NOT_A_POLICY_DECISION.authorizerFailed);
  // Fail closed: a 5xx is an error even when the integration sent it (a proxy or load balancer in
  // the way answers 5xx too, and cannot be told apart).
  if (status >= 500) return reach('error', 'server-error');
  if (status >= 400) {
    // IAM's wording for an execute-api:Invoke decision: only a policy evaluation writes it.
    if (IAM_DENIAL.test(m)) {
      const reason = deniedBy(m) ?? 'access-denied';
      return LAYER_REASONS.has(reason)
        ? { ...reach('denied', reason), layerSource: 'wire' }
        : reach('denied', reason);
    }
    // A route's authorizer refused the token (401 UNAUTHORIZED, or its policy's 403 ACCESS_DENIED).
    if (
      (status === 401 && (errorType === 'UnauthorizedException' || m === 'unauthorized')) ||
      (errorType === 'AccessDeniedException' && AUTHORIZER_DENIAL.test(m))
    )
      return reach('error', 'authorizer', NOT_A_POLICY_DECISION.authorizer);
    // Refused for its signature or credentials: no policy was read. An error, unless the signature
    // was tampered with on purpose (then the refusal is the expected denial).
    if ((errorType && BAD_SIGNATURE_TYPES.has(errorType)) || BAD_SIGNATURE_TEXT.some((t) => m.includes(t)))
      return reach(opts.tampered ? 'denied' : 'error', 'bad-signature');
    if (errorType === 'MissingAuthenticationTokenException' || m === 'missing authentication token') {
      return signed
        ? reach('error', 'missing-auth', NOT_A_POLICY_DECISION.missingAuth)
        : reach('denied', 'missing-auth');
    }
    if (errorType === 'ForbiddenException' || m === 'forbidden')
      return reach('error', 'forbidden', NOT_A_POLICY_DECISION.forbidden);
    if (errorType === 'BadRequestException')
      return reach(
        'error',
        'bad-request',
        'API Gateway refused the request before the integration (request validation)',
      );
    if (errorType === 'AccessDeniedException') return reach('denied', 'access-denied');
    // A 4xx API Gateway did not raise itself (no error type, but API Gateway's request id) came from
    // the integration: the policies let the request through. Never a policy denial, even a 403.
    if (!errorType && requestId)
      return reach('allowed', 'integration', `the integration answered HTTP ${status}`);
  }
  return unrecognised();
}

/** Network-level failures (no HTTP response). */
export function classifyNetworkError(err: unknown): Classification {
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  const message = `${code ? `${code}: ` : ''}${e?.message ?? String(err)}`;
  if (code === 'SPOKEGATE_TIMEOUT' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return { outcome: 'error', reason: 'timeout', message };
  if (isTlsError(code, e?.message ?? '')) return { outcome: 'error', reason: 'tls', message };
  return { outcome: 'error', reason: 'network', message };
}

function isTlsError(code: string, msg: string): boolean {
  return (
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/.test(code) ||
    code === 'EPROTO' ||
    /certificate|ssl|tls/i.test(msg)
  );
}

export interface ClockSkew {
  /** Local clock minus AWS's clock, in seconds (negative: local is behind). */
  offsetSeconds: number;
  hint: string;
}

const AMZ = /(\d{8}T\d{6}Z)/g;
function amzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)!;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/**
 * "Signature expired: SIGNED is now earlier than LIMIT (NOW - 5 min.)" and
 * "Signature not yet current: SIGNED is still later than LIMIT (NOW + 5 min.)": SIGNED is the
 * local signing time, NOW is AWS's time.
 */
export function detectClockSkew(message: string | undefined): ClockSkew | null {
  if (!message || !/signature (expired|not yet current)/i.test(message)) return null;
  const stamps = message.match(AMZ);
  if (!stamps || stamps.length < 3) return null;
  const signed = amzDate(stamps[0]);
  const now = amzDate(stamps[2]!);
  const offsetSeconds = Math.round((signed - now) / 1000);
  const dir = offsetSeconds < 0 ? 'behind' : 'ahead of';
  return {
    offsetSeconds,
    hint: `the local clock is ${Math.abs(offsetSeconds)} s off (${dir} AWS): fix the time (NTP) and retry`,
  };
}
