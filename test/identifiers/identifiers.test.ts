// One parser per AWS identifier kind (issue 13 item 5): what each accepts and refuses.
import { describe, expect, it } from 'vitest';
import {
  arnAccount,
  arnFields,
  isAccountId,
  isArn,
  isOrgPath,
  isRegion,
  isRoleArn,
  isSessionName,
  isVpceId,
  parseExecuteApiHost,
  parseFederatedUserArn,
  parseRoleArn,
  parseRootArn,
  parseSessionArn,
  parseUserArn,
  partitionOfRegion,
  roleArn,
  sessionArn,
} from '../../src/identifiers/index.js';

/** What a parse of an ARN of account 111111111111 in the aws partition starts with. */
const AWS_111 = { partition: 'aws', account: '111111111111' };

describe('AWS identifiers', () => {
  it('role ARNs: partition, account, path and name; wildcards, other services and bad accounts refused', () => {
    expect(parseRoleArn('arn:aws:iam::111111111111:role/team/a/CheckoutRole')).toEqual({
      ...AWS_111,
      path: 'team/a/',
      name: 'CheckoutRole',
    });
    expect(parseRoleArn('arn:aws-cn:iam::111111111111:role/R')?.partition).toBe('aws-cn');
    for (const bad of [
      'arn:aws:iam::11111111111:role/R',
      'arn:aws:iam::111111111111:role/',
      'arn:aws:iam::111111111111:role/R*',
      'arn:aws:iam::111111111111:role//R',
      'arn:aws:iam::111111111111:user/R',
      'arn:aws:sts::111111111111:role/R',
      'arn:aws:iam:us-east-1:111111111111:role/R',
      'arn:nope:iam::111111111111:role/R',
      'role/R',
    ])
      expect(isRoleArn(bad), bad).toBe(false);
  });

  it('session, user and root ARNs', () => {
    expect(parseSessionArn('arn:aws:sts::111111111111:assumed-role/R/s-1')).toEqual({
      ...AWS_111,
      roleName: 'R',
      sessionName: 's-1',
    });
    expect(parseSessionArn('arn:aws:sts::111111111111:assumed-role/path/R/s1')).toBeUndefined();
    expect(parseUserArn('arn:aws:iam::111111111111:user/ops/alice')?.name).toBe('alice');
    expect(parseRootArn('arn:aws-us-gov:iam::111111111111:root')).toEqual({
      partition: 'aws-us-gov',
      account: '111111111111',
    });
    expect(parseRootArn('arn:aws:iam::111111111111:rooted')).toBeUndefined();
  });

  // STS's model (botocore sts 2011-06-15): roleSessionNameType and userNameType (GetFederationToken's
  // Name) are [\w+=,.@-]* of at least 2 characters, at most 64 and 32: no session of a shorter or
  // longer name exists, so an ARN naming one is no principal (note10 §12: 1 character was accepted).
  it.each([
    ['a session name of 1 character', parseSessionArn, 'arn:aws:sts::111111111111:assumed-role/R/s', false],
    ['a session name of 2 characters', parseSessionArn, 'arn:aws:sts::111111111111:assumed-role/R/s1', true],
    [
      'a session name of 64 characters',
      parseSessionArn,
      `arn:aws:sts::111111111111:assumed-role/R/${'s'.repeat(64)}`,
      true,
    ],
    [
      'a federated name of 1 character',
      parseFederatedUserArn,
      'arn:aws:sts::111111111111:federated-user/b',
      false,
    ],
    [
      'a federated name of 2 characters',
      parseFederatedUserArn,
      'arn:aws:sts::111111111111:federated-user/bo',
      true,
    ],
    [
      'a federated name of 32 characters',
      parseFederatedUserArn,
      `arn:aws:sts::111111111111:federated-user/${'b'.repeat(32)}`,
      true,
    ],
    [
      'a federated name of 33 characters',
      parseFederatedUserArn,
      `arn:aws:sts::111111111111:federated-user/${'b'.repeat(33)}`,
      false,
    ],
  ] as const)('%s', (_what, parse, arn, ok) => {
    expect(parse(arn) !== undefined).toBe(ok);
  });

  it('builders round-trip through the parsers', () => {
    const r = roleArn({ account: '222222222222', path: 'x/', name: 'Reader' });
    expect(parseRoleArn(r)).toEqual({
      partition: 'aws',
      account: '222222222222',
      path: 'x/',
      name: 'Reader',
    });
    const s = sessionArn({
      partition: 'aws-cn',
      account: '222222222222',
      roleName: 'Reader',
      sessionName: 'sg',
    });
    expect(parseSessionArn(s)?.partition).toBe('aws-cn');
  });

  it('ids, regions, partitions and any ARN', () => {
    expect(isAccountId('123456789012')).toBe(true);
    expect(isAccountId('12345678901')).toBe(false);
    expect(isVpceId('vpce-0123456789abcdef0')).toBe(true);
    expect(isVpceId('vpce-0123')).toBe(false);
    expect(isRegion('us-gov-west-1')).toBe(true);
    expect(isRegion('us-west')).toBe(false);
    expect(isSessionName('a')).toBe(false);
    expect(isSessionName('spokegate')).toBe(true);
    expect(partitionOfRegion('cn-north-1')).toBe('aws-cn');
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(isArn('arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/x')).toBe(true);
    expect(isArn('arn:aws:s3:::bucket')).toBe(true);
    expect(isArn('arn:aws:s3:::')).toBe(false);
    expect(isArn('arn:aws:s3::12:x')).toBe(false);
    expect(arnAccount('arn:aws:execute-api:us-west-2:222222222222:a/b')).toBe('222222222222');
    expect(arnAccount('arn:aws:s3:::bucket')).toBeUndefined();
    // Any ARN or ARN pattern as written: wildcards, an AWS managed policy's `aws`, colons in the resource.
    expect(arnFields('arn:aws:iam::aws:policy/ReadOnly')).toMatchObject({ account: 'aws', service: 'iam' });
    expect(arnFields('arn:aws:execute-api:*:*:a1/prod/GET/x:y')).toEqual({
      partition: 'aws',
      service: 'execute-api',
      region: '*',
      account: '*',
      resource: 'a1/prod/GET/x:y',
    });
    expect(arnFields('arn:aws:execute-api:us-west-2')).toBeUndefined();
    expect(arnFields('execute-api:/prod/GET/*')).toBeUndefined();
  });

  it('execute-api host names: private DNS, alias and the endpoint-specific name', () => {
    expect(parseExecuteApiHost('a1b2c3d4e5.execute-api.us-west-2.amazonaws.com')).toEqual({
      kind: 'private-dns',
      apiId: 'a1b2c3d4e5',
      region: 'us-west-2',
    });
    expect(
      parseExecuteApiHost('a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-west-2.amazonaws.com'),
    ).toEqual({
      kind: 'alias',
      apiId: 'a1b2c3d4e5',
      vpceId: 'vpce-0123456789abcdef0',
      region: 'us-west-2',
    });
    expect(
      parseExecuteApiHost(
        'vpce-0123456789abcdef0-abcdefgh-us-west-2a.execute-api.us-west-2.vpce.amazonaws.com',
      ),
    ).toEqual({ kind: 'endpoint-dns', vpceId: 'vpce-0123456789abcdef0', region: 'us-west-2' });
    expect(parseExecuteApiHost('example.com')).toBeUndefined();
  });
});

// note9 §12: a 20,000-character orgPaths path was accepted. AWS nests OUs at most five deep under a
// root (Organizations API reference, CreateOrganizationalUnit), so a longer path names no account.
describe('organization paths', () => {
  const ou = (i: number) => `ou-ab12-${String(i).padStart(8, '0')}/`;
  it.each([0, 1, 5])('%i OUs deep is a path', (n) => {
    expect(isOrgPath(`o-a1b2c3d4e5/r-ab12/${Array.from({ length: n }, (_, i) => ou(i)).join('')}`)).toBe(
      true,
    );
  });
  it.each([6, 1_200])('%i OUs deep is not', (n) => {
    expect(isOrgPath(`o-a1b2c3d4e5/r-ab12/${Array.from({ length: n }, (_, i) => ou(i)).join('')}`)).toBe(
      false,
    );
  });
  // "ou-" then the ID of the root that contains the OU (Organizations API reference, OrganizationalUnit
  // Id): an OU of another root's id names no account (attack run 13 O02).
  it.each([
    ['o-a1b2c3d4e5/r-ab12/ou-zz99-11111111/', false],
    ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-zz99-22222222/', false],
    ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/', true],
  ])("%s: each OU under its own root's id: %s", (path, ok) => expect(isOrgPath(path)).toBe(ok));
});
