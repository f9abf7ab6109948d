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
