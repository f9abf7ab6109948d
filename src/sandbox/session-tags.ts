// Session tags passed to STS AssumeRole (`Tags.member.N.Key/Value`, `TransitiveTagKeys.member.N`),
// checked as the botocore sts model constrains them and combined with the role's tags and the calling
// session's transitive tags as the IAM User Guide (id_session-tags) says (docs/aws-behaviour.md §29).
import type { ContextValue } from '../policy/types.js';
import { stsErrors, type StsError } from './errors.js';
import { queryMembers } from './query-members.js';

const MAX_TAGS = 50;
// botocore sts model tagKeyType / tagValueType.
const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** What an AssumeRole asks of tags: the tags passed, in order, and the keys to make transitive. */
export interface TagRequest {
  tags: [key: string, value: string][];
  transitive: string[];
  /** The members of Tags sent without their Key or Value (botocore: Tag requires both), e.g. `tags.1.member.value`. */
  missing: string[];
}

/**
 * The `Tags` and `TransitiveTagKeys` members of a request, in their order, whatever numbers they bear
 * (queryMembers: `Tags.member.2` alone was read as no tag, a session that dropped it).
 */
export function tagRequestOf(params: Map<string, string>): TagRequest {
  const members = queryMembers(params, 'Tags');
  const tags = members.map((m): [string, string] => [m.get('Key') ?? '', m.get('Value') ?? '']);
  const missing = members.flatMap((m, i) =>
    ['Key', 'Value'].filter((k) => !m.has(k)).map((k) => `tags.${i + 1}.member.${k.toLowerCase()}`),
  );
  const transitive = queryMembers(params, 'TransitiveTagKeys').map((m) => m.get('') ?? '');
  return { tags, transitive, missing };
}

/** Validation errors of the request's tags (STS's Query-protocol wording, as for the other members). */
export function tagParamErrors({ tags, transitive, missing }: TagRequest): string[] {
  // A tag sent without its Key or Value is a null member, not an empty one (attack run 19 Z16: a
  // Value left out was read as "" and the sandbox went on to ask for sts:TagSession).
  const errors = missing.map(
    (member) => `Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
  const tooMany = (member: string, n: number) =>
    `Value '[${n} items]' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`;
  if (tags.length > MAX_TAGS) errors.push(tooMany('tags', tags.length));
  if (transitive.length > MAX_TAGS) errors.push(tooMany('transitiveTagKeys', transitive.length));
  // tagKeyListType's members are tagKeyType, as the keys of Tags are.
  const keyError = (at: string, k: string) =>
    `Value '${k.slice(0, 64)}' at '${at}' failed to satisfy constraint: Member must have length between 1 and 128 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`;
  transitive.forEach((k, i) => {
    if (!KEY.test(k)) errors.push(keyError(`transitiveTagKeys.${i + 1}.member`, k));
  });
  tags.forEach(([k, v], i) => {
    if (!KEY.test(k)) errors.push(keyError(`tags.${i + 1}.member.key`, k));
    if (!VALUE.test(v))
      errors.push(
        `Value at 'tags.${i + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 256 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`,
      );
  });
  return errors;
}

/** The request context keys of a tag request (aws:RequestTag/KEY, aws:TagKeys, sts:TransitiveTagKeys). */
export function tagRequestKeys({ tags, transitive }: TagRequest): Record<string, ContextValue> {
  if (tags.length === 0 && transitive.length === 0) return {};
  return {
    ...Object.fromEntries(tags.map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': tags.map(([k]) => k),
    ...(transitive.length > 0 ? { 'sts:TransitiveTagKeys': transitive } : {}),
  };
}

/** Session tags as a session carries them: its principal tags and which of them are transitive. */
export interface SessionTags {
  tags: Record<string, string>;
  transitive: Record<string, string>;
}

const without = (tags: Record<string, string>, keys: Iterable<string>) => {
  const gone = new Set([...keys].map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !gone.has(k.toLowerCase())));
};

/**
 * The new session's tags: the role's, overridden (whatever the case of their keys) by the calling
 * session's transitive tags and then by the tags passed; its transitive tags: those inherited and those
 * passed as transitive. Refused as STS refuses: two passed keys differing only in case, a passed key
 * that an inherited transitive tag has ("If you pass a session tag with the same key as an inherited
 * tag, the operation fails"), a transitive key that names no passed tag. Codes and words as measured on
 * AWS (localstack's STS snapshot tests, validated 2025-04-10; docs/aws-behaviour.md §35).
 */
export function sessionTagsOf(
  roleTags: Record<string, string>,
  inherited: Record<string, string>,
  { tags, transitive }: TagRequest,
): SessionTags | StsError {
  const seen = new Set<string>();
  for (const [k] of tags) {
    if (seen.has(k.toLowerCase()))
      return stsErrors.invalidParameter(
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    seen.add(k.toLowerCase());
  }
  if (tags.some(([k]) => Object.keys(inherited).some((i) => i.toLowerCase() === k.toLowerCase())))
    return stsErrors.invalidParameter(
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
  const stray = transitive.find((k) => !seen.has(k.toLowerCase()));
  if (stray !== undefined)
    return stsErrors.invalidParameter(
      'The specified transitive tag key must be included in the requested tags.',
    );
  const passed = Object.fromEntries(tags);
  const marked = new Set(transitive.map((k) => k.toLowerCase()));
  return {
    tags: {
      ...without(roleTags, [...Object.keys(inherited), ...Object.keys(passed)]),
      ...inherited,
      ...passed,
    },
    transitive: { ...inherited, ...Object.fromEntries(tags.filter(([k]) => marked.has(k.toLowerCase()))) },
  };
}
