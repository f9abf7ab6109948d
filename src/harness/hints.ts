// One line per infrastructure failure, with the fix: what a user can do about an AWS error code.
const HINTS: [RegExp, string][] = [
  [
    /CredentialsProviderError|Could not load credentials|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/i,
    'check the AWS credentials (AWS_PROFILE, `aws sso login`, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
  ],
  [
    /ExpiredToken|RequestExpired/i,
    'the credentials have expired: refresh them (`aws sso login`, or new session keys)',
  ],
  [
    /UnauthorizedOperation|AccessDenied|not authorized/i,
    'grant the base identity ec2:DescribeVpcEndpoints and sts:AssumeRole on the configured roles',
  ],
  [
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up/i,
    'check the region and the endpoint URL (AWS_REGION, AWS_ENDPOINT_URL_EC2 / _STS) and the network',
  ],
  [
    /certificate|self[- ]signed|UNABLE_TO_VERIFY/i,
    'check AWS_CA_BUNDLE (the CA that signs the endpoint URL)',
  ],
];

/** The message with the fix appended, when the error is one a user can fix. */
export function withFix(message: string): string {
  const first = message.split('\n')[0]!;
  const hint = HINTS.find(([re]) => re.test(message))?.[1];
  return hint ? `${first} (fix: ${hint})` : first;
}
