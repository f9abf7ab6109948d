// The ONE place where a SigV4 conformance case (or one check of a case) is not applied, with why.
// The conformance test fails when a listed exclusion no longer fails the way the reason says, so
// the list cannot go stale.

export type Suite = 'botocore-aws4_testsuite' | 'aws-c-auth-v4';
/** What is left out: the whole header-signing check, only the Authorization value, or the presigned-URL variant. */
export type Excluded = 'header-signing' | 'authorization' | 'query-variant';

export interface Exclusion {
  suite: Suite;
  /** Case name (folder name); '*' = every case of the suite. */
  case: string;
  what: Excluded;
  reason: string;
}

const unnormalized =
  'aws-c-auth "normalize": false signs the path without removing dot segments and duplicate slashes (the S3 rule); ' +
  'execute-api is not S3: spokegate (like smithy and botocore for every non-S3 service) always normalizes';

export const exclusions: Exclusion[] = [
  {
    suite: 'aws-c-auth-v4',
    case: '*',
    what: 'query-variant',
    reason:
      'query-*.txt are presigned-URL signatures (X-Amz-Expires in the query); spokegate signs execute-api calls ' +
      'with the Authorization header only, which the header-*.txt files of the same case check',
  },
  {
    suite: 'aws-c-auth-v4',
    case: 'get-relative-relative-unnormalized',
    what: 'header-signing',
    reason: unnormalized,
  },
  { suite: 'aws-c-auth-v4', case: 'get-relative-unnormalized', what: 'header-signing', reason: unnormalized },
  {
    suite: 'aws-c-auth-v4',
    case: 'get-slash-dot-slash-unnormalized',
    what: 'header-signing',
    reason: unnormalized,
  },
  {
    suite: 'aws-c-auth-v4',
    case: 'get-slash-pointless-dot-unnormalized',
    what: 'header-signing',
    reason: unnormalized,
  },
  { suite: 'aws-c-auth-v4', case: 'get-slash-unnormalized', what: 'header-signing', reason: unnormalized },
  { suite: 'aws-c-auth-v4', case: 'get-slashes-unnormalized', what: 'header-signing', reason: unnormalized },
];

export function exclusionFor(suite: Suite, name: string, what: Excluded): Exclusion | undefined {
  return exclusions.find((e) => e.suite === suite && (e.case === name || e.case === '*') && e.what === what);
}
