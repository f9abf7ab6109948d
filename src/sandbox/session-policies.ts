// Session policies passed to STS (AssumeRole, GetFederationToken): the `Policy` and `PolicyArns`
// parameters checked as STS checks them and compiled by the policy engine (docs/aws-behaviour.md §11).
import { randomBytes } from 'node:crypto';
import { arnFields } from '../identifiers/index.js';
import { ALLOWS_NOTHING, parsePolicy } from '../policy/index.js';
import type { CompiledPolicy } from '../policy/types.js';
import { stsErrors, type StsError } from './errors.js';
import { queryMembers } from './query-members.js';
import type { SandboxState } from './state.js';

const MAX_POLICY_ARNS = 10;
/** "the plaintext that you use for both inline and managed session policies can't exceed 2,048 characters". */
const PLAINTEXT_MAX = 2048;

/**
 * Validation errors of `Policy` and `PolicyArns.member.N.arn` (STS's Query-protocol wording). `Policy` is
 * AssumeRole's `unrestrictedSessionPolicyDocumentType` (no maximum: its plaintext is held to 2,048 by the
 * packed check, packedPolicySize) or GetFederationToken's `sessionPolicyDocumentType` (at most 2,048).
 */
export function sessionPolicyParamErrors(
  params: Map<string, string>,
  policyShape: 'unrestricted' | 'at most 2,048',
): string[] {
  const errors: string[] = [];
  const text = params.get('Policy');
  if (text !== undefined) errors.push(...policyTextErrors(text, policyShape === 'at most 2,048'));
  const arns = policyArnsOf(params);
  // "You can provide up to 10 managed policy ARNs" (botocore sts model, PolicyArns). STS's answer to
  // more is not documented (the model gives the list no length trait); the sandbox refuses with the
  // Query protocol's list-length wording rather than issue a session (docs/aws-behaviour.md §11).
  if (arns.length > MAX_POLICY_ARNS)
    errors.push(
      `Value '[${arns.length} policy ARNs]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
    );
  for (const arn of arns) {
    const problem = arnTypeError('policyArns.member.arn', arn);
    if (problem) errors.push(problem);
  }
  return errors;
}

// botocore sts model arnType (RoleArn, PolicyArns' arn, ProviderArn): 20-2048 characters of this pattern.
const ARN_CHARACTERS = /^[\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const ARN_PATTERN =
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';

/**
 * STS's validation wording for an arnType member outside the model (undefined: within it); a value
 * with characters outside the pattern is not quoted (a control character has no place in the answer).
 */
export function arnTypeError(member: string, arn: string): string | undefined {
  if (!ARN_CHARACTERS.test(arn))
    return `Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}`;
  if (arn.length >= 20 && arn.length <= 2048) return undefined;
  const bound = arn.length < 20 ? 'greater than or equal to 20' : 'less than or equal to 2048';
  return `Value '${arn.slice(0, 64)}' at '${member}' failed to satisfy constraint: Member must have length ${bound}`;
}

/**
 * The session tags' share of the packed space: their keys and values against this many characters.
 * AWS publishes no budget; the sandbox's is calibrated on field measurements (EKS Pod Identity's six
 * transitive tags, about 264 characters, fill 74%; docs/aws-behaviour.md §60). Predictions never read it.
 */
const TAGS_PACKED_CHARACTERS = 360;

/**
 * STS's packed size of validated parameters, as the percentage AWS answers in `PackedPolicySize`
 * (undefined when neither a session policy nor a session tag is packed), or PackedPolicyTooLarge beyond
 * 100. AWS's packed format is not documented: the sandbox measures the documented plaintext limit, the
 * inline `Policy` and the `PolicyArns` together (STS API reference, PolicyArns), and adds the share of
 * the session's tags, those passed and those inherited as transitive (`tags`). Beyond 100 it answers in
 * AWS's words for tags when any tag is packed, else for a policy (docs/aws-behaviour.md §51, §60).
 */
export function packedPolicySize(
  params: Map<string, string>,
  tags: Iterable<[key: string, value: string]> = [],
): number | undefined | StsError {
  const text = params.get('Policy');
  const arns = policyArnsOf(params);
  const packedTags = [...tags];
  if (text === undefined && arns.length === 0 && packedTags.length === 0) return undefined;
  const plaintext = (text?.length ?? 0) + arns.reduce((n, arn) => n + arn.length, 0);
  const tagCharacters = packedTags.reduce((n, [k, v]) => n + k.length + v.length, 0);
  const share = plaintext / PLAINTEXT_MAX + tagCharacters / TAGS_PACKED_CHARACTERS;
  // Rounded up, after a guard against binary fractions (0.5 + 0.25 reads 75, not 76).
  const percent = Math.ceil(Math.round(share * 1e9) / 1e7);
  if (percent <= 100) return percent;
  return packedTags.length > 0
    ? stsErrors.packedTagsTooLarge(percent)
    : stsErrors.packedPolicyTooLarge(percent);
}

/**
 * The session policies of validated parameters, inline first; MalformedPolicyDocument for an inline
 * document the engine refuses (what IAM refuses, STS refuses too). `account` is the role's account
 * (AssumeRole) or the IAM user's (GetFederationToken): managed policies must be of it or AWS managed.
 */
export function compileSessionPolicies(
  state: SandboxState,
  params: Map<string, string>,
  account: string,
): CompiledPolicy[] | StsError {
  const out: CompiledPolicy[] = [];
  const text = params.get('Policy');
  const jackson = text === undefined ? undefined : noValueStart(text);
  if (jackson) return stsErrors.malformedPolicy(jackson);
  if (text !== undefined) {
    try {
      out.push(parsePolicy(text, { name: 'session:Policy' }, { kind: 'identity' }));
    } catch (e) {
      return stsErrors.malformedPolicy((e as Error).message.slice(0, 512));
    }
  }
  for (const arn of policyArnsOf(params)) out.push(managedSessionPolicy(state, account, arn));
  return out;
}

/**
 * STS reads the document with Jackson and answers its words: for `invalid policy`, "Unexpected
 * character ('i' (code 105)): expected a valid value (number, String, array, object, 'true', 'false' or
 * 'null')\n at [Source: java.io.StringReader@52b5743d; line: 1, column: 2]" (measured,
 * ansible-collections/amazon.aws#2778; the column is the one after the character). Only a first
 * character that starts no JSON value is answered so; other syntax errors keep the engine's words,
 * whose Jackson form is not confirmed (docs/aws-behaviour.md §66).
 */
function noValueStart(text: string): string | undefined {
  const at = text.search(/[^ \t\r\n]/);
  // A value's start, or one Jackson answers otherwise (a close marker; NaN, Infinity, +).
  if (at === -1 || /[{["\-0-9tfn\]}IN+]/.test(text[at]!)) return undefined;
  const line = text.slice(0, at).split('\n').length;
  const column = at - (text.lastIndexOf('\n', at - 1) + 1) + 2;
  const reader = randomBytes(4).toString('hex');
  return `Unexpected character ('${text[at]}' (code ${text.charCodeAt(at)})): expected a valid value (number, String, array, object, 'true', 'false' or 'null')\n at [Source: java.io.StringReader@${reader}; line: ${line}, column: ${column}]`;
}

/**
 * `Policy`: at least 1 character of tab, line feed, carriage return and U+0020-U+00FF, and, `bounded`
 * (GetFederationToken's `sessionPolicyDocumentType`), at most 2,048; AssumeRole's
 * `unrestrictedSessionPolicyDocumentType` has no maximum (botocore sts model; docs/aws-behaviour.md §51).
 * The messages are the Query protocol's validation wording (moto, aws-sdk feature tests; aws-behaviour.md).
 */
function policyTextErrors(text: string, bounded: boolean): string[] {
  if (text.length === 0)
    return [
      "Value '' at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ];
  if (bounded && text.length > 2048)
    return [
      `Value '${text.slice(0, 64)}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    ];
  if (!/^[\t\n\r\u0020-\u00ff]+$/.test(text))
    return [
      "Value at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
    ];
  return [];
}

/** `PolicyArns.member.N.arn` (Query-protocol list), in member order. */
function policyArnsOf(params: Map<string, string>): string[] {
  return queryMembers(params, 'PolicyArns').flatMap((m) => m.get('arn') ?? []);
}

/**
 * A managed session policy: an AWS managed policy or one of the role's account ("The policies must
 * exist in the same account as the role", STS API reference, PolicyArns). STS's answer to another
 * ARN is not documented: the sandbox issues the session, and the unknown policy allows nothing.
 */
function managedSessionPolicy(state: SandboxState, roleAccount: string, arn: string): CompiledPolicy {
  const m = state.managedPolicies.get(arn);
  const account = arnFields(arn)?.account;
  return m && (account === 'aws' || account === roleAccount) ? m.policy : ALLOWS_NOTHING;
}
