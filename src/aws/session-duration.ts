// How long AssumeRole sessions may be (docs/aws-behaviour.md "Session duration"): declared once for
// the config and world schemas, the sandbox's STS and the client that caps before it asks.
// No SDK import here: the sandbox and the schemas load this without the AWS SDK.

/** The shortest DurationSeconds STS accepts. */
export const MIN_SESSION_SECONDS = 900;
/** The longest DurationSeconds STS accepts (and the highest MaxSessionDuration a role can carry). */
export const MAX_SESSION_SECONDS = 43_200;
/** DurationSeconds when a request gives none. */
export const DEFAULT_SESSION_SECONDS = 3600;
/** A role's MaxSessionDuration when none is set, and its lowest allowed value. */
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
/** The longest session AssumeRole grants to a caller that is itself a role session (role chaining). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/** STS's words when a chained AssumeRole asks for more than an hour. */
export const ROLE_CHAINING_MESSAGE =
  'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
/** STS's words when DurationSeconds exceeds the role's MaxSessionDuration. */
export const MAX_SESSION_MESSAGE =
  'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';

/**
 * What temporary base credentials (they carry a session token) mean for a longer AssumeRole, from
 * the caller's ARN (STS GetCallerIdentity; undefined when it could not be read). Sources in
 * docs/aws-behaviour.md §10:
 * - `:assumed-role/`: a role session, so AssumeRole is role chaining: at most one hour;
 * - `:user/`: an IAM user's GetSessionToken session. AWS documents role chaining as role to role,
 *   but STS is measured to refuse more than an hour with the role-chaining message here too, so the
 *   same cap applies (asking for more would only fail);
 * - `:federated-user/`: a GetFederationToken session, which may call no STS operation but
 *   GetCallerIdentity: AssumeRole would be refused whatever the duration;
 * - anything else, or unknown: temporary credentials of an unknown kind, capped (fail closed).
 */
export function temporaryBase(
  callerArn: string | undefined,
): { kind: 'capped'; what: string } | { kind: 'refused'; why: string } {
  if (callerArn?.includes(':assumed-role/'))
    return {
      kind: 'capped',
      what: 'a role session, and AWS limits a role assumed with them (role chaining)',
    };
  if (callerArn?.includes(':user/'))
    return {
      kind: 'capped',
      what: "an IAM user's GetSessionToken session, which STS holds to the role-chaining limit too",
    };
  if (callerArn?.includes(':federated-user/'))
    return {
      kind: 'refused',
      why:
        'the base credentials are a GetFederationToken session, which may call no STS operation but ' +
        'GetCallerIdentity, so AssumeRole is refused: use an IAM user access key or a role session',
    };
  return {
    kind: 'capped',
    what: 'temporary credentials of a kind GetCallerIdentity did not tell, held to the role-chaining limit',
  };
}
