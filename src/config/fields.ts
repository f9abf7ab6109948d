// The identifier fields the config and the world files share: one schema, one message each, so the
// two files cannot accept or word an account id, region or VPC endpoint id differently; and the one
// rule both apply to their free text (noHiddenText).
import { createRequire } from 'node:module';
import { z } from 'zod';
import { hiddenCharacter } from '../escape/index.js';
import { firstInData } from '../input/index.js';
import {
  isAccountId,
  isApiId,
  isDnsName,
  isIpAddress,
  isOrgId,
  isOrgPath,
  isRegion,
  isVpceId,
  MAX_OU_DEPTH,
  orgPathDepth,
} from '../identifiers/index.js';

export const account = z.string().refine(isAccountId, 'must be a 12-digit AWS account id (quote it in YAML)');
export const region = z.string().refine(isRegion, 'must be an AWS region such as us-west-2');
export const vpceId = z.string().refine(isVpceId, 'must be a VPC endpoint id like vpce-0123456789abcdef0');
export const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id like vpc-0aa11bb22cc33dd44');
export const apiId = z.string().refine(isApiId, 'must be a 10-character REST API id');
export const orgId = z.string().refine(isOrgId, 'must be an organization id like o-a1b2c3d4e5');
/** An address AWS would see (aws:VpcSourceIp, aws:SourceIp), `example` in the message. */
export const ipAddress = (example: string) =>
  z.string().refine(isIpAddress, `must be an IPv4 or IPv6 address like ${example} (no zone id)`);
export const dnsName = z
  .string()
  .refine(isDnsName, 'must be a DNS name of ASCII letters, digits, hyphens and dots (as EC2 lists it)');
/** What an SCP is attached to, worded once for the config and the world. */
export const POLICY_TARGET_MESSAGE =
  'must be a root id (r-ab12), an OU id (ou-ab12-11111111) or a 12-digit account id, as Organizations names policy targets';
export const orgPath = z.string().superRefine((s, ctx) => {
  if (isOrgPath(s)) return;
  const depth = orgPathDepth(s);
  ctx.addIssue({
    code: 'custom',
    message:
      depth === undefined
        ? 'must be an organization path like o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'
        : `is ${depth.toLocaleString('en-US')} OUs deep (${s.length.toLocaleString('en-US')} characters); the limit is ${MAX_OU_DEPTH}, the deepest AWS nests OUs under a root`,
  });
});

/**
 * An IAM role's or user's tags (aws:PrincipalTag/KEY). IAM TagRole/TagUser: keys 1-128 characters,
 * values up to 256, "The aws: prefix is reserved for AWS use"; and (IAM User Guide, id_tags, "Case
 * sensitivity") "Tag key values for IAM users and roles are not case sensitive, but case is
 * preserved. This means that you cannot have separate Department and department tag keys": a
 * request's aws:PrincipalTag/… name is matched without regard to case, so two such keys would leave
 * which value a policy sees to the order of the map.
 */
/**
 * What IAM and STS take in a tag key or value (botocore iam/sts tagKeyType, tagValueType pattern
 * `[\p{L}\p{Z}\p{N}_.:/=+\-@]`): a tag holding `<`, `*` or a backtick is one no principal carries
 * (attack run 16), and it would reach the reports and a pull-request comment as the config wrote it.
 */
const NOT_TAG_TEXT = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/u;

/** Names the first character IAM refuses, by code point: an invisible one would show as nothing. */
function tagCharacters(text: string, ctx: z.RefinementCtx): void {
  const bad = NOT_TAG_TEXT.exec(text);
  if (!bad) return;
  const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  ctx.addIssue({
    code: 'custom',
    message: `holds ${code}, a character IAM does not take in a tag (letters, digits, spaces and _ . : / = + - @)`,
  });
}

export const principalTags = z
  .record(
    z
      .string()
      .min(1)
      .max(128)
      .refine((k) => !/^aws:/i.test(k), 'a tag key may not begin with aws: (reserved for AWS)')
      .superRefine(tagCharacters),
    z.string().max(256).superRefine(tagCharacters),
  )
  .superRefine((tags, ctx) => {
    // IAM's TagRole/TagUser take at most 50 (botocore iam tagListType max 50): no principal has more.
    const count = Object.keys(tags).length;
    if (count > 50)
      ctx.addIssue({ code: 'custom', message: `${count} tags; an IAM role or user has at most 50` });
    const seen = new Map<string, string>();
    for (const key of Object.keys(tags)) {
      const first = seen.get(key.toLowerCase());
      if (first === undefined) seen.set(key.toLowerCase(), key);
      else
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `tag keys "${first}" and "${key}" differ only in case; IAM keeps one tag per key whatever its case, so no role or user carries both`,
        });
    }
  });

/**
 * Half of a UTF-16 surrogate pair alone (a YAML "\\ud800" escape): no character at all, written to
 * a report as U+FFFD, so a name holding one is not the name shown (attack run 16).
 */
function loneSurrogate(text: string): { code: string; kind: string } | undefined {
  const m = /[\uD800-\uDFFF]/u.exec(text);
  if (!m) return undefined;
  return { code: `U+${m[0].charCodeAt(0).toString(16).toUpperCase()}`, kind: 'half of a surrogate pair' };
}

/** The script of a letter, for the look-alike check (UTS #39's mixed-script confusables). */
const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
];

const require = createRequire(import.meta.url);
/** Unicode's confusables (confusables.txt: each character's prototype), read on first use. */
let prototypes: Record<string, string> | undefined;

/**
 * UTS #39's skeleton: NFD, each character by its prototype, NFD again. Two strings a reader cannot
 * tell apart have one skeleton, also within one script ("rn" and "m") or across two where each
 * string is in one (Cyrillic "СНЕСК", Latin "CHECK"). The table is the unhomoglyph package's
 * (Unicode's confusables.txt, 6,311 single characters), mapped per code point as UTS #39 does.
 */
function skeleton(text: string): string {
  prototypes ??= require('unhomoglyph/data.json') as Record<string, string>;
  const map = prototypes;
  return Array.from(text.normalize('NFD'), (ch) => map[ch] ?? ch)
    .join('')
    .normalize('NFD');
}

/**
 * Why a set of aliases (the names a feature calls by: roles, users and federated users; APIs;
 * endpoints) holds one a reader cannot tell from another: an alias mixing Latin, Cyrillic and Greek
 * letters (a Cyrillic С in "СheckoutRole" reads as CheckoutRole), two that are one name once
 * normalised (NFKC: "Café" composed and decomposed, a fullwidth letter), or two of one confusable
 * skeleton (UTS #39: a Cyrillic-only "СНЕСК" beside a Latin "CHECK"). A feature, a report and a
 * pull-request comment would show two principals as one. Undefined when none.
 */
export function lookAlikeAlias(aliases: readonly string[]): { alias: string; problem: string } | undefined {
  const seen = new Map<string, string[]>();
  for (const alias of aliases) {
    // A character no font draws (a variation selector, a soft hyphen, a Hangul filler, a tag
    // character): the alias reads as the one without it, and no skeleton removes it (UTS #39
    // leaves identifiers' default-ignorables to its identifier profile, which excludes them).
    const ignorable = /\p{Default_Ignorable_Code_Point}/u.exec(alias);
    if (ignorable)
      return {
        alias,
        problem: `holds U+${ignorable[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (a character shown as nothing), so it reads as another name: remove it`,
      };
    const scripts = SCRIPTS.filter(([, re]) => Array.from(alias).some((ch) => re.test(ch))).map(([n]) => n);
    if (scripts.length > 1)
      return {
        alias,
        problem: `mixes ${scripts.join(' and ')} letters, which look alike (a Cyrillic С reads as a Latin C): write it in one script`,
      };
    const key = skeleton(alias.normalize('NFKC'));
    const twins = seen.get(key) ?? [];
    // The same alias under two keys (a role and a user) is the loader's own error, said there. Two
    // ASCII-only aliases are refused only where they differ in a capital I for an l (or `|`): one
    // stroke in the sans-serif fonts of a pull-request comment and the HTML report. confusables.txt's
    // other ASCII pairs (`m`/`rn`, `1`/`l`, `0`/`O`) are drawn apart, as rustc's confusable_idents
    // leaves ASCII-only pairs (rust-lang/rfcs#2923): `modem`/`modern`, `api1`/`apil` are two names.
    const twin = twins.find(
      (t) => t !== alias && (!ASCII.test(t) || !ASCII.test(alias) || oneStroke(t) === oneStroke(alias)),
    );
    if (twin !== undefined)
      return {
        alias,
        problem:
          twin.normalize('NFKC') === alias.normalize('NFKC')
            ? `is the alias ${JSON.stringify(twin)} written with other code points (the same once normalised, NFKC): a reader sees one name; rename one`
            : `looks like the alias ${JSON.stringify(twin)} (one confusable skeleton, Unicode UTS #39: letters of other code points that read alike): a reader sees one name; rename one`,
      };
    seen.set(key, [...twins, alias]);
  }
  return undefined;
}

const ASCII = /^[\x20-\x7e]*$/;
/** An ASCII alias with each character drawn as one vertical stroke (I, l, |) as l. */
const oneStroke = (alias: string) => alias.replace(/[I|]/g, 'l');

/**
 * Whether `path` is a tag's key or value (`roles.NAME.tags.KEY`, a world's `roles.0.tags.KEY`): IAM
 * and STS take U+2028 and U+2029 there (`\p{Z}`, Zl and Zp, in tagKeyType and tagValueType's pattern),
 * so a principal may carry them; every output shows them as `\u2028`/`\u2029` (src/escape: text,
 * Markdown, HTML, JSON), so they are not refused there (pass 19; docs/config.md).
 */
function inTags(path: readonly string[]): boolean {
  return path.length === 4 && path[2] === 'tags';
}

/**
 * A superRefine for a whole config or world: no key or text may hold a control (tab and line breaks
 * aside: inline JSON policies have them), bidi or invisible character. Names and free text reach
 * reports, messages and (a world's) the sandbox's answers: an escape sequence would restyle, a bidi
 * override reorder, what every reader sees. `why` says where it would show.
 */
export function noHiddenText(why: string) {
  return (data: unknown, ctx: z.RefinementCtx): void => {
    const found = firstInData(data, (text, path) => {
      const hidden =
        hiddenCharacter(inTags(path) ? text.replace(/[\u2028\u2029]/g, ' ') : text) ?? loneSurrogate(text);
      return hidden && { path, hidden };
    });
    if (found)
      ctx.addIssue({
        code: 'custom',
        path: found.path,
        message: `holds ${found.hidden.code} (${found.hidden.kind}), ${why}; remove it`,
      });
  };
}
