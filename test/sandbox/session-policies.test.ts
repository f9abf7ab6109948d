// Session policies (issue 11): AssumeRole `Policy` and `PolicyArns` limit the session to the
// intersection of the role's identity policies and the session policies (IAM User Guide,
// access_policies "Session policies"; docs/aws-behaviour.md "Session policies"). The sandbox enforces
// them with the policy engine, on the data plane, the control plane and STS itself.
import { describe, expect, it } from 'vitest';
import { apiHost, assume, chainingWorld, invoke, newState, outcome, parseXml, query } from './helpers.js';
import type { Credentials } from '../../src/signing/types.js';
import type { Reply } from '../../src/sandbox/http.js';

const ORDERS = 'a1b2c3d4e5';
const INVENTORY = 'c3d4e5f6a7';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const GETS_ONLY = doc([
  { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*' },
]);
const stsError = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };
const message = (r: Reply) =>
  r.kind === 'reply' ? (JSON.parse(r.body) as { Message?: string }).Message : '';

describe('AssumeRole with session policies', () => {
  it('an inline Policy limits the session to what it allows too (cross account)', async () => {
    const s = newState();
    const limited = await assume(s, 'CheckoutRole', { Policy: GETS_ONLY });
    const full = await assume(s, 'CheckoutRole');
    const get = await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: limited });
    expect(outcome(get)).toBe('allow');
    const post = { method: 'POST', path: '/prod/orders', host: apiHost(ORDERS) };
    expect(outcome(await invoke(s, { ...post, creds: full }))).toBe('allow');
    const r = await invoke(s, { ...post, creds: limited });
    expect(r.kind === 'reply' && r.status).toBe(403);
    expect(message(r)).toBe(
      'User: arn:aws:sts::111111111111:assumed-role/CheckoutRole/test is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********2222:a1b2c3d4e5/prod/POST/orders because no session policy allows the execute-api:Invoke action',
    );
  });

  it('an explicit deny in the session policy is named as such', async () => {
    const s = newState();
    const c = await assume(s, 'CheckoutRole', {
      Policy: doc([
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:*:*:*/prod/GET/orders',
        },
      ]),
    });
    const r = await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: c });
    expect(message(r)).toMatch(/ with an explicit deny in a session policy$/);
  });

  it('PolicyArns: a managed session policy that does not allow the call denies it (same account)', async () => {
    const s = newState();
    const plain = await assume(s, 'InventoryRole');
    expect(outcome(await invoke(s, { path: '/prod/items', host: apiHost(INVENTORY), creds: plain }))).toBe(
      'allow',
    );
    const c = await assume(s, 'InventoryRole', {
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
    });
    const r = await invoke(s, { path: '/prod/items', host: apiHost(INVENTORY), creds: c });
    expect(message(r)).toMatch(/ because no session policy allows the execute-api:Invoke action$/);
  });

  it('control-plane reads are limited by the session policy too', async () => {
    const s = newState();
    const c = await assume(s, 'InventoryReader', {
      Policy: doc([{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }]),
    });
    const list = await query(s, 'iam', { Action: 'ListRolePolicies', RoleName: 'InventoryRole' }, c);
    expect(list.status).toBe(200);
    const get = await query(
      s,
      'iam',
      { Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::444444444444:policy/InventoryOnly' },
      c,
    );
    expect(get.status).toBe(403);
    expect(stsError(get.body)).toMatchObject({ Code: 'AccessDenied' });
    expect(stsError(get.body).Message).toMatch(/because no session policy allows the iam:GetPolicy action$/);
  });

  it('a chained AssumeRole is limited by the first session policy', async () => {
    const s = newState(chainingWorld());
    const chain = (c: Credentials) =>
      query(
        s,
        'sts',
        { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::111111111111:role/LongRole', RoleSessionName: 'xx' },
        c,
      );
    expect((await chain(await assume(s, 'ChainerRole'))).status).toBe(200);
    const r = await chain(await assume(s, 'ChainerRole', { Policy: GETS_ONLY }));
    expect(r.status).toBe(403);
    expect(stsError(r.body).Code).toBe('AccessDenied');
  });

  it('refuses what STS refuses: empty, over 2,048 characters (packed), not a valid policy', async () => {
    const s = newState();
    const ask = (extra: Record<string, string>) =>
      query(s, 'sts', {
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
        RoleSessionName: 'xx',
        ...extra,
      });
    const empty = await ask({ Policy: '' });
    expect(empty.status).toBe(400);
    expect(stsError(empty.body)).toMatchObject({
      Code: 'ValidationError',
      Message: expect.stringContaining(
        "at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    });
    const long = await ask({
      Policy: doc([
        {
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:*:*:*/' + 'x'.repeat(2100),
        },
      ]),
    });
    // AssumeRole's Policy is botocore's unrestrictedSessionPolicyDocumentType (no maximum): its plaintext
    // over 2,048 is the packed check's (§51), not a model ValidationError (GetFederationToken's is:
    // model-constraints.test.ts).
    expect(stsError(long.body)).toMatchObject({
      Code: 'PackedPolicyTooLarge',
      Message: expect.stringMatching(
        /^Packed policy consumes 1\d\d% of allotted space, please use smaller policy\.$/,
      ),
    });
    for (const bad of ['{not json', doc([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }])]) {
      const r = await ask({ Policy: bad });
      expect(r.status).toBe(400);
      expect(stsError(r.body).Code).toBe('MalformedPolicyDocument');
    }
    // STS parses the document with Jackson, and says so (ansible-collections/amazon.aws#2778, measured
    // for `invalid policy`): a first character that starts no JSON value, with its line and column
    // (docs/aws-behaviour.md §66).
    for (const [bad, at] of [
      ['invalid policy', 'line: 1, column: 2'],
      ['\n  ;{}', 'line: 2, column: 4'],
    ]) {
      const r = await ask({ Policy: bad! });
      expect(stsError(r.body)).toMatchObject({
        Code: 'MalformedPolicyDocument',
        Message: expect.stringMatching(
          new RegExp(
            `^Unexpected character \\('${bad!.trim()[0] === 'i' ? 'i' : ';'}' \\(code ${bad!.trim().charCodeAt(0)}\\)\\): expected a valid value \\(number, String, array, object, 'true', 'false' or 'null'\\)\n at \\[Source: java\\.io\\.StringReader@[0-9a-f]{8}; ${at}\\]$`,
          ),
        ),
      });
    }
    expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
  });

  it('more than 10 PolicyArns is a ValidationError, no session is issued (fail closed)', async () => {
    const s = newState();
    const arns = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `PolicyArns.member.${i + 1}.arn`,
          'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
        ]),
      );
    const r = await query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::111111111111:role/CheckoutRole',
      RoleSessionName: 'xx',
      ...arns(11),
    });
    expect(r.status).toBe(400);
    expect(stsError(r.body)).toMatchObject({
      Code: 'ValidationError',
      Message: expect.stringContaining(
        "at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10",
      ),
    });
    expect(s.counters.assumeRole.CheckoutRole).toBeUndefined();
    // Ten is the documented most ("You can provide up to 10 managed policy ARNs").
    const ten = await assume(s, 'CheckoutRole', arns(10));
    expect(ten.accessKeyId).toBeDefined();
  });

  it('a managed policy the role cannot use as a session policy allows nothing (fail closed)', async () => {
    const s = newState();
    const c = await assume(s, 'CheckoutRole', {
      'PolicyArns.member.1.arn': 'arn:aws:iam::444444444444:policy/InventoryOnly',
    });
    const r = await invoke(s, { path: '/prod/orders', host: apiHost(ORDERS), creds: c });
    expect(message(r)).toMatch(/because no session policy allows/);
  });
});
