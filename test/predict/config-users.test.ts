// IAM users in the config (note10 §11: "the offline config has no IAM users"; lane D, 2026-12-02):
// `users.X` states a user's ARN, unique id, tags, identity policies, boundary and how it signs, and
// offline runs predict its calls as the sandbox decides its harness user's (long-term keys, or a
// GetSessionToken session with or without MFA). Truth by hand first, from IAM's pages:
//   [CK] reference_policies_condition-keys: aws:MultiFactorAuthPresent "is not present when … using
//        long-term credentials"; a BoolIfExists false Deny "also denies requests that are made using
//        long-term credentials"; aws:username for IAM users; aws:PrincipalTag/… from the user's tags
//   [P]  reference_policies_elements_principal: a Principal holding a user's unique id names that user
//   [EL] reference_policies_evaluation-logic: "IAM user – Within the same account, resource-based
//        policies that grant permissions to an IAM user ARN … are not limited by an implicit deny in
//        an identity-based policy or permissions boundary"; across accounts both sides must allow
//   [ST] id_credentials_temp_request: GetSessionToken returns credentials of the same IAM user
//        (its ARN), MFA when SerialNumber and TokenCode are given
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { checkFeatures } from '../../src/harness/features.js';
import { RunContext } from '../../src/harness/context.js';
import { configuredRequest, rolePrincipal } from '../../src/predict/index.js';
import { runCli } from '../cli-in-process.js';
import { checkFeatureText, writeProject } from './helpers.js';

const HUB = '111111111111';
const SPOKE = '222222222222';
const ALICE_ID = 'AIDAJQABLZS4A3QDU576Q';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const api = (id: string, account: string, resourcePolicy: string) => ({
  id,
  account,
  stage: 'prod',
  resourcePolicy,
});
const invoke = { Action: 'execute-api:Invoke', Resource: '*' };

/** A config (in a temp folder, with its policy files) with `users` and `roles` as given. */
function project(users: object, roles: object = {}) {
  const files: Record<string, string> = {
    'open.json': doc({ Effect: 'Allow', Principal: '*', ...invoke }),
    'invoke-all.json': doc({ Effect: 'Allow', ...invoke }),
    'nothing.json': doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    // Across accounts: the hub account delegated, unless the request carries no MFA [CK].
    'mfa.json': doc(
      { Effect: 'Allow', Principal: { AWS: HUB }, ...invoke },
      {
        Effect: 'Deny',
        Principal: '*',
        ...invoke,
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ),
    'team-ops.json': doc({
      Effect: 'Allow',
      Principal: '*',
      ...invoke,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
    }),
    // Only a session whose MFA sign-in is under an hour old [CK] (aws:MultiFactorAuthAge).
    'mfa-age.json': doc({
      Effect: 'Allow',
      Principal: { AWS: HUB },
      ...invoke,
      Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    }),
    'alice-by-id.json': doc({ Effect: 'Allow', Principal: { AWS: ALICE_ID }, ...invoke }),
    'carol-by-arn.json': doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${HUB}:user/carol` },
      ...invoke,
    }),
    'username.json': doc({
      Effect: 'Allow',
      Principal: '*',
      ...invoke,
      Condition: { StringEquals: { 'aws:username': 'alice' } },
    }),
  };
  return writeProject('config-users', files, {
    roles,
    users,
    apis: {
      mfa: api('a1b2c3d4e5', SPOKE, 'mfa.json'),
      fresh: api('f6a7b8c9d0', SPOKE, 'mfa-age.json'),
      tagged: api('b2c3d4e5f6', SPOKE, 'team-ops.json'),
      byId: api('c3d4e5f6a7', SPOKE, 'alice-by-id.json'),
      named: api('d4e5f6a7b8', HUB, 'carol-by-arn.json'),
      username: api('e5f6a7b8c9', SPOKE, 'username.json'),
    },
  });
}

const USERS = {
  alice: {
    arn: `arn:aws:iam::${HUB}:user/ops/alice`,
    userId: ALICE_ID,
    tags: { team: 'ops' },
    identityPolicies: ['invoke-all.json'],
  },
  bob: {
    arn: `arn:aws:iam::${HUB}:user/bob`,
    userId: 'AIDAXXHWLQZ6CNR2MVNOY',
    tags: {},
    identityPolicies: ['invoke-all.json'],
    credentials: 'mfa-session',
  },
  dave: {
    arn: `arn:aws:iam::${HUB}:user/dave`,
    userId: 'AIDAZZQWERTY12345ABCD',
    tags: {},
    identityPolicies: ['invoke-all.json'],
    credentials: 'session',
  },
  carol: {
    arn: `arn:aws:iam::${HUB}:user/carol`,
    userId: 'AIDAQQQWERTY12345ABCD',
    tags: {},
    identityPolicies: [],
    permissionsBoundary: 'nothing.json',
  },
};

describe('config users: offline predictions decide them as IAM users', () => {
  const config = loadConfig(project(USERS).file);
  // Per API, what each user gets (truth by hand, from the pages above).
  const truth: [api: string, doc: string, expected: Record<string, 'allow' | 'deny'>][] = [
    [
      'mfa',
      '[CK][ST] a BoolIfExists MFA false Deny: long-term keys (alice) and a session without MFA (dave) are denied, a session with MFA (bob) is not',
      { alice: 'deny', bob: 'allow', dave: 'deny' },
    ],
    [
      'fresh',
      '[CK][ST] aws:MultiFactorAuthAge under an hour: a session with MFA issued at the call (bob) carries the age, 0, and gets in; long-term keys (alice) and a session without MFA (dave) carry none',
      { alice: 'deny', bob: 'allow', dave: 'deny' },
    ],
    [
      'tagged',
      "[CK] the user's tags are aws:PrincipalTag: team ops (alice) gets in, no tags (bob) does not",
      { alice: 'allow', bob: 'deny' },
    ],
    [
      'byId',
      "[P] a Principal holding alice's unique id names alice, not bob",
      { alice: 'allow', bob: 'deny' },
    ],
    [
      'named',
      '[EL] same account: a grant to the user ARN stands beside no identity policy and a silent boundary',
      { carol: 'allow' },
    ],
    ['username', "[CK] aws:username is the user's friendly name, without its path", { alice: 'allow' }],
  ];
  it.each(
    truth.flatMap(([api, doc, expected]) =>
      Object.entries(expected).map(([user, e]) => [`${doc}: ${user}`, user, api, e] as const),
    ),
  )('%s', async (_doc, user, apiAlias, expected) => {
    const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
    const { cell } = await ctx.call(
      { role: user, api: apiAlias, method: 'GET', path: '/x', scenario: 's' },
      expected,
    );
    expect(cell.predicted, JSON.stringify(cell.predicted)).toMatchObject({ decision: expected });
  });

  it('the request carries what AWS derives from a user and its credentials', () => {
    const call = { api: 'mfa', method: 'GET', path: '/x' };
    const alice = configuredRequest(config, rolePrincipal(config, 'alice'), call).context;
    expect(alice).toMatchObject({
      'aws:PrincipalArn': USERS.alice.arn,
      'aws:PrincipalType': 'User',
      'aws:username': 'alice',
      'aws:userid': ALICE_ID,
      'aws:PrincipalTag/team': 'ops',
    });
    expect(alice).not.toHaveProperty('aws:TokenIssueTime');
    expect(alice).not.toHaveProperty('aws:MultiFactorAuthPresent');
    const bob = configuredRequest(config, rolePrincipal(config, 'bob'), call).context;
    expect(bob).toMatchObject({ 'aws:MultiFactorAuthPresent': true, 'aws:PrincipalArn': USERS.bob.arn });
    expect(bob).toHaveProperty('aws:TokenIssueTime');
    expect(bob).toHaveProperty('aws:MultiFactorAuthAge', 0);
    const dave = configuredRequest(config, rolePrincipal(config, 'dave'), call).context;
    expect(dave).toMatchObject({ 'aws:MultiFactorAuthPresent': false });
    expect(dave).not.toHaveProperty('aws:MultiFactorAuthAge');
    expect(alice).not.toHaveProperty('aws:MultiFactorAuthAge');
  });
});

describe("config users: diff's cells include them", () => {
  it('an endpoint policy change that denies alice is access lost for her cells alone', async () => {
    const { dir, file } = project(USERS);
    const denyAlice = doc(
      { Effect: 'Allow', Principal: '*', ...invoke },
      { Effect: 'Deny', Principal: { AWS: USERS.alice.arn }, ...invoke },
    );
    writeFileSync(join(dir, 'deny-alice.json'), denyAlice);
    const r = await runCli(
      ['diff', '--before', 'open.json', '--after', 'deny-alice.json', '--config', file, '--format', 'json'],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code, r.text).not.toBe(2);
    const changes = JSON.parse(r.out).changes as {
      role: string;
      api: string;
      before: string;
      after: string;
    }[];
    // Before, alice got through every API but mfa (long-term keys: denied there either way) [CK].
    expect(changes.map((c) => [c.role, c.api, c.before, c.after])).toEqual(
      ['tagged', 'byId', 'named', 'username'].map((a) => ['alice', a, 'allow', 'deny']),
    );
  });
});

describe("config users: diff's cells carry a user session's MFA age", () => {
  it('an endpoint opened to sessions whose MFA is under an hour old is new access for bob (mfa-session) alone', async () => {
    const { dir, file } = project(USERS);
    const fresh = doc({
      Effect: 'Allow',
      Principal: '*',
      ...invoke,
      Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    });
    writeFileSync(join(dir, 'fresh-endpoint.json'), fresh);
    const closed = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' });
    writeFileSync(join(dir, 'closed-endpoint.json'), closed);
    const r = await runCli(
      [
        'diff',
        '--before',
        'closed-endpoint.json',
        '--after',
        'fresh-endpoint.json',
        '--config',
        file,
        '--format',
        'json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code, r.text).toBe(1);
    const changes = JSON.parse(r.out).changes as { role: string; api: string; after: string }[];
    // bob's policies let him in at mfa, fresh and named (his own account's API) [CK][EL]; the others
    // carry no MFA age.
    expect(changes.map((c) => [c.role, c.api, c.after])).toEqual([
      ['bob', 'mfa', 'allow'],
      ['bob', 'fresh', 'allow'],
      ['bob', 'named', 'allow'],
    ]);
  });
});

describe('config users: who-can decides them as any user of their account', () => {
  it('a config with users is analysed (no user is a role of the analysis)', async () => {
    const { dir, file } = project(USERS);
    const r = await runCli(
      ['who-can', '--config', file, '--endpoint-policy', 'open.json', '--api', 'byId', '--json'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH },
      },
    );
    expect(r.code, r.text).toBeLessThan(2);
    expect(JSON.parse(r.out).classes.length).toBeGreaterThan(0);
  });
});

describe('config users: what the config refuses (exit 2 naming the field)', () => {
  it.each([
    ['no unique id', { alice: { ...USERS.alice, userId: undefined } }, /users\.alice\.userId/],
    ['tags left unstated', { alice: { ...USERS.alice, tags: undefined } }, /users\.alice\.tags/],
    [
      'identity policies left unstated',
      { alice: { ...USERS.alice, identityPolicies: undefined } },
      /users\.alice\.identityPolicies/,
    ],
    [
      'a role ARN',
      { alice: { ...USERS.alice, arn: `arn:aws:iam::${HUB}:role/alice` } },
      /users\.alice\.arn.*IAM user ARN/s,
    ],
    [
      'a role id for a user id',
      { alice: { ...USERS.alice, userId: 'AROAJQABLZS4A3QDU576Q' } },
      /users\.alice\.userId/,
    ],
    [
      'credentials AWS has no name for',
      { alice: { ...USERS.alice, credentials: 'federated' } },
      /users\.alice\.credentials/,
    ],
  ])('%s', (_name, users, message) => {
    expect(() => loadConfig(project(users).file)).toThrow(message);
  });
  it('an alias naming both a role and a user', () => {
    const { file } = project(
      { alice: USERS.alice },
      { alice: { arn: `arn:aws:iam::${HUB}:role/alice`, identityPolicies: ['invoke-all.json'] } },
    );
    expect(() => loadConfig(file)).toThrow(/names both a role \(roles\.alice\) and a user/);
  });
});

describe('config users: signed runs cannot call as them', () => {
  const { dir, file } = project(USERS);
  const config = loadConfig(file);
  const feature = join(dir, 'users.feature');
  writeFileSync(
    feature,
    'Feature: users\n  Scenario: alice\n    When "alice" calls GET /x on "mfa"\n    Then the call is denied\n',
  );
  it('offline: accepted', () => {
    expect(checkFeatures([feature], config, dir).calls).toHaveLength(1);
  });
  it('call --as a user: exit 2 naming it, nothing sent', async () => {
    const r = await runCli(['call', '--as', 'alice', '--config', file, '--api', 'mfa', 'GET', '/x'], {
      cwd: dir,
      env: { PATH: process.env.PATH },
    });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/"alice" is an IAM user \(users\.alice\)/);
  });
  it('a proof listing a user: exit 2 saying to list its account', async () => {
    const r = await checkFeatureText(
      dir,
      file,
      'Feature: only\n  Scenario: only\n    Then the endpoint policy lets through only:\n      | alice |\n',
    );
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/"alice" is an IAM user \(users\.alice\).*list its account 111111111111/);
  });
  it('sandbox and live: exit 2 at the step naming the user', () => {
    expect(() => checkFeatures([feature], config, dir, undefined, true)).toThrow(
      /"alice" is an IAM user \(users\.alice\).*offline/,
    );
  });
});
