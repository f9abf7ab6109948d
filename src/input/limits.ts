// The limits of every kind of input (docs/limits.md). Sizes are checked when a file is read, before
// it is parsed: a file over its limit costs at most the limit plus one byte of memory.

export type InputKind =
  | 'config'
  | 'world'
  | 'feature'
  | 'policy' // a plain IAM policy document (JSON or YAML)
  | 'policy-source' // a policy, a Terraform plan JSON or a CloudFormation template: not known until read
  | 'plan'
  | 'template'
  | 'ca';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Bytes. A policy source is read up to the largest kind it may be, then held to its own kind's limit. */
export const SIZE_LIMITS: Record<InputKind, number> = {
  config: 256 * KiB,
  world: 4 * MiB,
  feature: 1 * MiB,
  // AWS's largest policy is 20,480 characters (a VPC endpoint policy); room for pretty-printing.
  policy: 128 * KiB,
  plan: 32 * MiB,
  // CloudFormation accepts templates up to 1 MB (from S3; 51,200 bytes inline).
  template: 1 * MiB,
  'policy-source': 32 * MiB,
  ca: 1 * MiB,
};

/**
 * Bytes all the input files of one command may total (each distinct file counted once): room for
 * two of the largest plans (`diff --before PLAN --after PLAN`) and the config, features and policies
 * beside them. A features folder of a thousand 1 MiB files would otherwise be read whole.
 */
export const MAX_TOTAL_INPUT = 80 * MiB;

/** Input files one folder walk may yield (e.g. the .feature files of a features folder). */
export const MAX_WALK_FILES = 2_000;

/** Entries (files, folders, anything) one folder walk may list, so a huge tree is refused early. */
export const MAX_WALK_ENTRIES = 50_000;

/** What each kind is called in messages. */
export const KIND_NAMES: Record<InputKind, string> = {
  config: 'config file',
  world: 'world file',
  feature: 'feature file',
  policy: 'policy file',
  'policy-source': 'policy file',
  plan: 'Terraform plan',
  template: 'CloudFormation template',
  ca: 'CA bundle',
};

/**
 * What the features of one run may ask for (docs/limits.md), counted before anything runs: the
 * scenarios Cucumber will run (each Examples row is one), their steps (a Background's in every
 * scenario it precedes), the tags one scenario carries (its own, its rule's, its feature's, its
 * Examples'), and the calls they make (a call step one, a matrix step one per cell). 2,000
 * scenarios of five steps took 88 s and 340 MB offline on the shared machine; more is not a
 * pull request's suite but a way to hold the CI job. A call holds about 30 KB at the peak (its
 * cell, its prediction's explanation and its rows in four reports): 20,000 calls peaked at 767 MB,
 * 10,000 at 433 MB.
 */
export const MAX_SCENARIOS = 2_000;
export const MAX_STEPS = 10_000;
export const MAX_TAGS_PER_SCENARIO = 100;
export const MAX_CALLS = 10_000;

/**
 * The longest `--tags` expression. Cucumber evaluates one recursively per scenario: 20,000 nested
 * `not` overflowed its stack ("internal error", exit 3); a real expression is a few tags long.
 */
export const MAX_TAG_EXPRESSION = 1_000;

/** Deepest nesting of JSON or YAML collections in any input (AWS policies nest 5 deep, plans ~30). */
export const MAX_DEPTH = 100;

/**
 * What resolving one CloudFormation template's intrinsic functions may produce: values visited and
 * characters of text built (Fn::Sub, Fn::Join, Fn::Split, Fn::Base64, Fn::ToJsonString). A 1 MiB
 * template can otherwise ask for terabytes: Fn::FindInMap entries that each list the next twice
 * (2^40 values), or Fn::Sub repeating a 100 KB parameter 200,000 times. Real templates resolve in a
 * few thousand steps to about their own size.
 */
export const MAX_TEMPLATE_STEPS = 1_000_000;
export const MAX_TEMPLATE_TEXT = 4 * MiB;

/** YAML aliases a document may resolve (yaml's `maxAliasCount`): anchors are for a few shared maps. */
export const MAX_YAML_ALIASES = 100;

/**
 * "20,000": counts in limit messages, the same everywhere. Grouped by hand as `toLocaleString('en-US')`
 * groups a whole number: a process's first toLocaleString sets up ICU's number formatting (10-30 ms
 * of CPU), and src/analysis builds a message with counts when it loads.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1.5 MiB" */
export function formatBytes(n: number): string {
  if (n < KiB) return `${n} bytes`;
  if (n < MiB) return `${Number((n / KiB).toFixed(1))} KiB`;
  return `${Number((n / MiB).toFixed(1))} MiB`;
}

/**
 * A size over its limit and the limit, as a message shows them: in bytes when rounding would show
 * the two alike (a file one byte over 128 KiB read "is 128 KiB; the limit is 128 KiB").
 */
export function formatOverLimit(size: number, limit: number): { size: string; limit: string } {
  const shown = { size: formatBytes(size), limit: formatBytes(limit) };
  if (shown.size !== shown.limit) return shown;
  return { size: `${formatCount(size)} bytes`, limit: `${shown.limit} (${formatCount(limit)} bytes)` };
}
