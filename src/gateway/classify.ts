// What a response means for the access matrix (docs/design.md observed.outcome/reason, reference
// aws-behaviour.md §4). Fail closed: whatever is not recognised is an `error`, never allowed or denied.

export type Outcome = 'allowed' | 'denied' | 'error';
export type Reason =
  | 'integration'
  | 'endpoint-policy'
  | 'resource-policy'
  | 'identity-policy'
  | 'access-denied'
  | 'missing-auth'
  | 'bad-signature'
  | 'forbidden'
  | 'throttled'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'tls';

export interface Classification {
  outcome: Outcome;
  reason: Reason;
  errorType?: string;
  message?: string;
  requestId?: string;
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
  "authorization header requires '",
  'authorization header requires',
  'invalid key=value pair',
];

export function classifyResponse(status: number, headers: Headers, bodyText: string): Classification {
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
  const m = (message ?? '').toLowerCase();
  const reach = (outcome: Outcome, reason: Reason): Classification => ({ outcome, reason, ...base });
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
  if (status >= 500) return reach('error', 'server-error');

  if (status === 403 || status === 401 || status === 400) {
    // Layer named by the IAM wording; the endpoint's wording is checked first.
    if (
      m.includes('because no vpc endpoint policy allows') ||
      m.includes('explicit deny in a vpc endpoint policy')
    )
      return reach('denied', 'endpoint-policy');
    if (m.includes('resource-based policy')) return reach('denied', 'resource-policy');
    if (m.includes('identity-based policy')) return reach('denied', 'identity-policy');
    if (errorType === 'MissingAuthenticationTokenException' || m === 'missing authentication token')
      return reach('denied', 'missing-auth');
    if ((errorType && BAD_SIGNATURE_TYPES.has(errorType)) || BAD_SIGNATURE_TEXT.some((t) => m.includes(t)))
      return reach('denied', 'bad-signature');
    if (/^user: \S+ is not authorized to perform: /.test(m)) return reach('denied', 'access-denied');
    if (errorType === 'AccessDeniedException' && status === 403) return reach('denied', 'access-denied');
    if (errorType === 'ForbiddenException' || (status === 403 && m === 'forbidden'))
      return reach('denied', 'forbidden');
    return unrecognised();
  }
  // Another 4xx that API Gateway did not raise itself (no error type) came from the integration:
  // the request got through. Without API Gateway's request id it may be anything: fail closed.
  if (status >= 400 && status < 500 && !errorType && requestId) return reach('allowed', 'integration');
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
  const signed = amzDate(stamps[0]!);
  const now = amzDate(stamps[2]!);
  const offsetSeconds = Math.round((signed - now) / 1000);
  const dir = offsetSeconds < 0 ? 'behind' : 'ahead of';
  return {
    offsetSeconds,
    hint: `the local clock is ${Math.abs(offsetSeconds)} s off (${dir} AWS): fix the time (NTP) and retry`,
  };
}
