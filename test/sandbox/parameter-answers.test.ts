// Out-of-range and malformed parameters, answered as AWS answers them (issue 11 item 2; sources in
// docs/aws-behaviour.md §5b "Parameters out of range"):
//   - API Gateway `limit` above 500 is accepted (measured on real API Gateway up to 2^31-1,
//     floci-io/floci#3561); a page holds at most 500 (the documented maximum); below 1 it is the
//     measured 500 InternalFailure;
//   - IAM GetPolicy/GetPolicyVersion with a PolicyArn that is no IAM policy ARN is 400 InvalidInput
//     "ARN X is not valid." (botocore iam model: GetPolicy errors InvalidInput; the wording AWS gives
//     for the same check in AttachRolePolicy, aws-samples/aws-cdk-examples#287), not NoSuchEntity.
import { describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws/client-config.js';
import { dispatch } from '../../src/sandbox/server.js';
import { signRequest } from '../../src/signing/sign.js';
import type { Credentials } from '../../src/signing/types.js';
import { asReply, assume, CONTROL_HOST, demoWorld, newState, parseXml, query } from './helpers.js';
import type { SandboxState } from '../../src/sandbox/state.js';

async function get(s: SandboxState, path: string, q: string, creds: Credentials) {
  const signed = await signRequest(
    { method: 'GET', host: CONTROL_HOST, path, query: q, headers: {} },
    { region: 'us-west-2', service: 'apigateway', credentials: creds, date: s.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return asReply(
    await dispatch(s, { method: 'GET', host: CONTROL_HOST, path, query: q, headers, body: Buffer.alloc(0) }),
  );
}
const iamError = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };

describe('API Gateway limit', () => {
  it('accepts a limit above 500 (as API Gateway does) on GetRestApis and GetResources', async () => {
    const w = demoWorld();
    delete w.pageSize;
    const s = newState(w);
    const reader = await assume(s, 'OrdersReader');
    for (const limit of ['501', '1000', '2147483647']) {
      const apis = await get(s, '/restapis', `limit=${limit}`, reader);
      expect(apis.status, apis.body).toBe(200);
      expect(JSON.parse(apis.body).item.length).toBe(2);
      const res = await get(s, '/restapis/a1b2c3d4e5/resources', `limit=${limit}`, reader);
      expect(res.status, res.body).toBe(200);
    }
  });

  it('answers a limit below 1 as measured on API Gateway (500 InternalFailure), never a page', async () => {
    const s = newState();
    const reader = await assume(s, 'OrdersReader');
    for (const limit of ['0', '-1']) {
      for (const path of [
        '/restapis',
        '/restapis/a1b2c3d4e5/resources',
        '/restapis/a1b2c3d4e5/authorizers',
      ]) {
        const r = await get(s, path, `limit=${limit}`, reader);
        expect(r.status, `${path} ${limit}`).toBe(500);
        expect(r.headers['x-amzn-ErrorType'], `${path} ${limit}`).toBe('InternalFailure');
      }
    }
  });

  it('refuses a limit that is not a number (400, its own wording: AWS not measured)', async () => {
    const s = newState();
    const reader = await assume(s, 'OrdersReader');
    const r = await get(s, '/restapis', 'limit=x', reader);
    expect(r.status).toBe(400);
    expect(r.headers['x-amzn-ErrorType']).toBe('BadRequestException');
  });
});

describe('IAM GetPolicy with a malformed policy ARN', () => {
  it('is InvalidInput "ARN X is not valid.", before authorization; a well-formed unknown one is NoSuchEntity', async () => {
    const s = newState();
    const reader = await assume(s, 'InventoryReader');
    for (const arn of [
      'arn:aws:iam::444444444444:role/InventoryRole',
      'arn:aws:s3:::bucket-name-here/policy',
      'arn:aws:iam:us-west-2:444444444444:policy/InventoryOnly',
      'not-an-arn-but-long-enough',
    ]) {
      for (const creds of [reader, undefined]) {
        const r = await query(s, 'iam', { Action: 'GetPolicy', PolicyArn: arn }, creds);
        expect([r.status, iamError(r.body)]).toEqual([
          400,
          expect.objectContaining({ Code: 'InvalidInput', Message: `ARN ${arn} is not valid.` }),
        ]);
      }
    }
    const v = await query(
      s,
      'iam',
      { Action: 'GetPolicyVersion', PolicyArn: 'nope:nope:nope:nope:nope', VersionId: 'v1' },
      reader,
    );
    expect(iamError(v.body).Code).toBe('InvalidInput');
    const unknown = await query(
      s,
      'iam',
      { Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::444444444444:policy/Nope' },
      reader,
    );
    expect([unknown.status, iamError(unknown.body).Code]).toEqual([404, 'NoSuchEntity']);
    const short = await query(s, 'iam', { Action: 'GetPolicy', PolicyArn: 'arn:aws:iam' }, reader);
    expect(iamError(short.body)).toMatchObject({
      Code: 'ValidationError',
      Message:
        "1 validation error detected: Value 'arn:aws:iam' at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    });
  });
});

describe('IAM is global: its credential scope is us-east-1 (aws partition)', () => {
  it('refuses an IAM request signed for another region: 403 SignatureDoesNotMatch', async () => {
    const s = newState();
    const reader = await assume(s, 'InventoryReader');
    const r = await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'InventoryRole' }, reader, {
      region: 'us-west-2',
    });
    expect([r.status, iamError(r.body)]).toEqual([
      403,
      expect.objectContaining({
        Code: 'SignatureDoesNotMatch',
        Message: "Credential should be scoped to a valid region, not 'us-west-2'.",
      }),
    ]);
    // AWS's message ends in a space (rusoto/rusoto#1870 shows the XML); the parser above trims it.
    expect(r.body).toMatch(
      /<Message>Credential should be scoped to a valid region, not (?:'|&apos;)us-west-2(?:'|&apos;)\. <\/Message>/,
    );
    // Signed for us-east-1 (the helper's IAM scope), the same call is answered.
    expect(
      (await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'InventoryRole' }, reader)).status,
    ).toBe(200);
  });

  it("the client signs IAM for its partition's region whatever the run's region", () => {
    const cfg = (region: string) =>
      awsClientConfig({ service: 'iam', region, env: { AWS_ENDPOINT_URL_IAM: 'https://127.0.0.1:4566' } });
    expect(cfg('us-west-2').region).toBe('us-east-1');
    expect(cfg('eu-central-1').region).toBe('us-east-1');
    expect(cfg('cn-northwest-1').region).toBe('cn-north-1');
    expect(cfg('us-gov-east-1').region).toBe('us-gov-west-1');
    expect(awsClientConfig({ service: 'ec2', region: 'eu-central-1', env: {} }).region).toBe('eu-central-1');
  });
});

// botocore sts model `externalIdType`: 2-1224 characters of `[\w+=,.@:\/-]*`. The Query protocol names
// the constraint that failed: a length is a length ("Member must have length greater than or equal
// to 2"), not the pattern (the sandbox reported the pattern for every failure). The value is left out
// of the message, as for session policies (the sandbox's choice).
describe('STS AssumeRole ExternalId', () => {
  const assumeAudit = (s: SandboxState, externalId: string) =>
    query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::111111111111:role/audit/AuditRole',
      RoleSessionName: 'test',
      ExternalId: externalId,
    });
  it.each([
    ['a', 'Member must have length greater than or equal to 2'],
    ['a'.repeat(1225), 'Member must have length less than or equal to 1224'],
    ['audit 2024', 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*'],
  ])('%#: names the constraint that failed', async (externalId, constraint) => {
    const s = newState();
    const r = await assumeAudit(s, externalId);
    expect(r.status).toBe(400);
    expect(iamError(r.body)).toEqual({
      Type: 'Sender',
      Code: 'ValidationError',
      Message: `1 validation error detected: Value at 'externalId' failed to satisfy constraint: ${constraint}`,
    });
  });
});

// A RoleName outside the model's constraints (botocore iam roleNameType: [\w+=,.@-]+, 1 to 64) is
// 400 ValidationError in IAM: "The specified value for roleName is invalid. It must contain only
// alphanumeric characters and/or the following: +=,.@_-" (GetRole, aws-samples/one-observability-demo#469;
// status 400, kubecost/docs#36), the length in the Query protocol's words (faizanbashir/
// python-ses-dynamodb-contactform#4). The sandbox answered 404 NoSuchEntity, the answer for a
// well-formed name no role has. A VersionId outside policyVersionIdType likewise (the protocol's words).
describe('IAM names outside their pattern', () => {
  const badName =
    'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-';
  it.each(['GetRole', 'ListRolePolicies', 'ListAttachedRolePolicies', 'GetRolePolicy'])(
    '%s with a role name IAM cannot hold is 400 ValidationError, before authorization',
    async (Action) => {
      const s = newState();
      for (const creds of [await assume(s, 'InventoryReader'), await assume(s, 'InventoryRole')]) {
        for (const RoleName of ['arn:aws:iam::444444444444:user', 'Inventory Role', 'rôle']) {
          const r = await query(s, 'iam', { Action, RoleName, PolicyName: 'P' }, creds);
          expect([r.status, iamError(r.body)]).toEqual([
            400,
            expect.objectContaining({ Code: 'ValidationError', Message: badName }),
          ]);
        }
        const long = await query(s, 'iam', { Action, RoleName: 'R'.repeat(65), PolicyName: 'P' }, creds);
        expect([long.status, iamError(long.body)]).toEqual([
          400,
          expect.objectContaining({
            Code: 'ValidationError',
            Message: `1 validation error detected: Value '${'R'.repeat(64)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
          }),
        ]);
      }
      // A well-formed name no role has stays NoSuchEntity; every character of the pattern is allowed.
      const reader = await assume(s, 'InventoryReader');
      const unknown = await query(s, 'iam', { Action: 'GetRole', RoleName: 'No+Such=Role,.@_-1' }, reader);
      expect([unknown.status, iamError(unknown.body).Code]).toEqual([404, 'NoSuchEntity']);
    },
  );

  // A PolicyName outside policyNameType ([\w+=,.@-]+, 1 to 128; botocore iam model): IAM's words
  // "The specified value for policyName is invalid. It must contain only alphanumeric characters
  // and/or the following: +=,.@_-" with 400 ValidationError (aws-cloudformation/cfn-lint#996, a
  // policy name with spaces). Before authorization, as the role name is. The sandbox answered 404
  // NoSuchEntity (after authorization: AccessDenied to a caller without iam:GetRolePolicy).
  it('GetRolePolicy with a policy name IAM cannot hold is 400 ValidationError, before authorization', async () => {
    const s = newState();
    const badPolicy =
      'The specified value for policyName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-';
    for (const creds of [await assume(s, 'InventoryReader'), await assume(s, 'InventoryRole')]) {
      for (const PolicyName of ['Deny unless VPC', 'pölicy', 'a/b', 'x:y']) {
        const r = await query(
          s,
          'iam',
          { Action: 'GetRolePolicy', RoleName: 'InventoryRole', PolicyName },
          creds,
        );
        expect([r.status, iamError(r.body)], PolicyName).toEqual([
          400,
          expect.objectContaining({ Code: 'ValidationError', Message: badPolicy }),
        ]);
      }
      const long = await query(
        s,
        'iam',
        { Action: 'GetRolePolicy', RoleName: 'InventoryRole', PolicyName: 'P'.repeat(129) },
        creds,
      );
      expect([long.status, iamError(long.body)]).toEqual([
        400,
        expect.objectContaining({
          Code: 'ValidationError',
          Message: `1 validation error detected: Value '${'P'.repeat(128)}' at 'policyName' failed to satisfy constraint: Member must have length less than or equal to 128`,
        }),
      ]);
      const empty = await query(s, 'iam', { Action: 'GetRolePolicy', RoleName: 'InventoryRole' }, creds);
      expect([empty.status, iamError(empty.body).Code]).toEqual([400, 'ValidationError']);
    }
    // A well-formed name the role does not have stays NoSuchEntity.
    const reader = await assume(s, 'InventoryReader');
    const unknown = await query(
      s,
      'iam',
      { Action: 'GetRolePolicy', RoleName: 'InventoryRole', PolicyName: 'No+Such=Policy,.@_-1' },
      reader,
    );
    expect([unknown.status, iamError(unknown.body).Code]).toEqual([404, 'NoSuchEntity']);
  });

  it('GetPolicyVersion with a VersionId outside its pattern is 400 ValidationError', async () => {
    const s = newState();
    const reader = await assume(s, 'InventoryReader');
    const PolicyArn = 'arn:aws:iam::444444444444:policy/InventoryOnly';
    const r = await query(s, 'iam', { Action: 'GetPolicyVersion', PolicyArn, VersionId: 'V1' }, reader);
    expect([r.status, iamError(r.body)]).toEqual([
      400,
      expect.objectContaining({
        Code: 'ValidationError',
        Message:
          "1 validation error detected: Value 'V1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
      }),
    ]);
    const v2 = await query(s, 'iam', { Action: 'GetPolicyVersion', PolicyArn, VersionId: 'v2' }, reader);
    expect([v2.status, iamError(v2.body).Code]).toEqual([404, 'NoSuchEntity']);
  });
});
