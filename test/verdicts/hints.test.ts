import { describe, expect, it } from 'vitest';
import { withFix } from '../../src/harness/hints.js';

describe('an infrastructure failure is one line with its fix', () => {
  it.each([
    [
      'DescribeVpcEndpoints vpce-1 failed: CredentialsProviderError: Could not load credentials',
      'AWS credentials',
    ],
    [
      'DescribeVpcEndpoints vpce-1 failed: UnauthorizedOperation: You are not authorized',
      'ec2:DescribeVpcEndpoints',
    ],
    [
      'DescribeVpcEndpoints vpce-1 failed: Error: getaddrinfo ENOTFOUND ec2.xx.amazonaws.com',
      'AWS_ENDPOINT_URL_EC2',
    ],
  ])('%s', (message, fix) => {
    const line = withFix(`${message}\n    at somewhere (file.js:1:1)`);
    expect(line).not.toContain('\n');
    expect(line).toContain(fix);
  });
});
